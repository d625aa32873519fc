// The cleaning module: the first byte sets the options (split mode, language, HTML, duplicate
// filters), the rest is a file of texts. Invariants: cleaning never fails on valid options; kept
// and removed texts add up to the input; every kept text is valid UTF-8, in NFC, within the
// length limits and free of CR; repair_utf8 always yields valid UTF-8; NFC is idempotent.
#include "fuzz_input.h"
#include "train/clean.h"
#include "train/nfc.h"

using namespace plume;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  std::string repaired = repair_utf8(text);
  FUZZ_CHECK(fuzz::valid_utf8(repaired));
  std::string nfc = normalize_nfc(repaired);
  FUZZ_CHECK(fuzz::valid_utf8(nfc));
  FUZZ_CHECK(normalize_nfc(nfc) == nfc);
  FUZZ_CHECK(is_nfc_quick(nfc) || normalize_nfc(nfc) == nfc);
  FUZZ_CHECK(fuzz::valid_utf8(strip_html(repaired)));
  FUZZ_CHECK(fuzz::valid_utf8(normalize_whitespace(repaired)));
  (void)count_scripts(text);
  (void)near_duplicate_key(text);

  static const char* kModes[] = {"eot", "line", "blank", "line"};
  auto texts = split_texts(text, kModes[flags & 3]);
  if (!texts) {
    FUZZ_CHECK(!texts.error().message.empty());
    return 0;
  }
  CleanOptions options;
  static const char* kLanguages[] = {"", "en", "zh", ""};
  options.language = kLanguages[(flags >> 2) & 3];
  options.strip_html = flags & 16;
  options.remove_duplicates = flags & 32;
  options.remove_near_duplicates = flags & 64;
  options.min_chars = (flags & 128) ? 1 : 10;
  options.max_chars = 2000;
  auto result = clean_texts(*texts, options);
  FUZZ_CHECK(result.ok());
  const CleanReport& r = result->report;
  FUZZ_CHECK(r.input == texts->size());
  FUZZ_CHECK(r.kept == result->texts.size() && result->source_index.size() == r.kept);
  FUZZ_CHECK(r.kept + r.removals.size() == r.input);
  size_t removed = 0;
  for (size_t n : r.removed_by) removed += n;
  FUZZ_CHECK(removed == r.removals.size());
  for (size_t i = 0; i < result->texts.size(); i++) {
    const std::string& t = result->texts[i];
    FUZZ_CHECK(result->source_index[i] < r.input);
    FUZZ_CHECK(fuzz::valid_utf8(t));
    FUZZ_CHECK(t.find('\r') == std::string::npos);
    FUZZ_CHECK(!t.empty());
  }
  return 0;
}
