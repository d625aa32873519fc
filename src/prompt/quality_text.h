// Character classes and decoding shared by the quality checks (quality.cpp, quality_format.cpp).
// Internal to the prompt room.
#pragma once

#include <string>
#include <string_view>

namespace plume::prompt::quality_text {

// UTF-8 to code points; invalid or truncated bytes become U+FFFD (the checks never fail).
std::u32string decode_lenient(std::string_view text);
std::string encode(std::u32string_view text);

// CJK Unified Ideographs (with extension A, B.., compatibility ideographs) and U+3007.
bool is_han(char32_t cp);
// Latin letters: ASCII, Latin-1 Supplement, Latin Extended-A/B, Latin Extended Additional.
bool is_latin_letter(char32_t cp);
// Letters of other scripts: kana, Hangul, Greek, Cyrillic, Hebrew, Arabic, Devanagari, Thai.
bool is_other_letter(char32_t cp);
inline bool is_ascii_digit(char32_t cp) { return cp >= '0' && cp <= '9'; }

}  // namespace plume::prompt::quality_text
