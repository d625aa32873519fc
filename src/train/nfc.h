// Unicode Normalization Form C (UAX #15), with generated tables (normalization_tables.h) and no
// ICU: canonical decomposition, canonical ordering, canonical composition. Checked against the
// official NormalizationTest.txt (tests/unit/test_clean.cpp).
#pragma once

#include <string>
#include <string_view>

namespace plume {

// The NFC form of UTF-8 text. Text that is already NFC (all ASCII, all CJK, most text) is
// detected with the quick-check property and copied through. Invalid UTF-8 bytes are replaced
// by U+FFFD (clean_texts() repairs or rejects them first). Never fails.
std::string normalize_nfc(std::string_view utf8);

// True when normalize_nfc(utf8) == utf8, decided without allocating in the common case.
bool is_nfc_quick(std::string_view utf8);

namespace unicode {
// The canonical combining class of a code point (0 for starters).
int combining_class(char32_t cp);
}  // namespace unicode

}  // namespace plume
