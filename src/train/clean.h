// Cleaning text for training: the corpus step of `scripts/train` and brand-voice fine-tuning on
// a marketer's own texts (in the browser, so it is fast, allocation-light and never fails).
//
// clean_texts() runs, on each text in order:
//   1. UTF-8 check: a text that is mostly not UTF-8 (or holds NUL bytes: binary, or another
//      encoding such as GBK or Latin-1) is removed; a few stray bytes are replaced by U+FFFD;
//   2. HTML: tags, comments, <script>/<style> blocks removed, block tags become line breaks,
//      entities decoded (&amp; &nbsp; &#26032; ...);
//   3. Unicode NFC (train/nfc.h);
//   4. whitespace: CRLF -> LF, control and zero-width characters removed, Unicode spaces and
//      tabs -> one space, spaces trimmed at line ends, at most one empty line (paragraph breaks
//      are kept);
//   5. filters, each counted in the report: empty, too short / too long (in characters), wrong
//      language (share of CJK vs Latin letters), exact duplicate, near duplicate (the same text
//      once case, punctuation, spaces and digits are ignored).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace plume {

struct CleanOptions {
  std::string language;            // "en", "zh" or "" (any language)
  size_t min_chars = 10;           // after cleaning, in Unicode characters
  size_t max_chars = 100000;
  double min_language_share = 0.5; // required share of the language's letters among CJK + Latin
  double max_invalid_utf8 = 0.05;  // share of invalid bytes above which a text is not UTF-8
  bool strip_html = true;
  bool remove_duplicates = true;
  bool remove_near_duplicates = true;
};

// Why a text was removed. The names are stable: they are the keys of the JSON report.
enum class RemovalReason { kNotUtf8, kEmpty, kTooShort, kTooLong, kWrongLanguage, kDuplicate, kNearDuplicate };
inline constexpr int kRemovalReasonCount = 7;
const char* removal_reason_name(RemovalReason reason);

struct Removal {
  size_t index;          // position of the text in the input
  RemovalReason reason;
  std::string detail;    // e.g. "12% of bytes are not UTF-8", "duplicate of text 3"
};

struct CleanReport {
  size_t input = 0;
  size_t kept = 0;
  size_t removed_by[kRemovalReasonCount] = {};  // indexed by RemovalReason
  // Texts kept but changed by a step.
  size_t repaired_utf8 = 0;
  size_t html_stripped = 0;
  size_t nfc_changed = 0;
  size_t whitespace_changed = 0;
  size_t bytes_in = 0;
  size_t bytes_out = 0;
  std::vector<Removal> removals;  // every removed text, in input order
};

struct CleanResult {
  std::vector<std::string> texts;       // the kept texts, cleaned, in input order
  std::vector<size_t> source_index;     // input position of each kept text
  CleanReport report;
};

// Fails only on invalid options (unknown language, min > max, shares outside 0..1).
Result<CleanResult> clean_texts(const std::vector<std::string>& texts, const CleanOptions& options);

// The steps on their own.
// Replaces each invalid UTF-8 byte by U+FFFD; *invalid_bytes (optional) receives their number.
std::string repair_utf8(std::string_view text, size_t* invalid_bytes = nullptr);
// Removes tags, comments, script/style blocks; decodes entities. Text without '<' or '&' is
// returned unchanged. A '<' that does not start a tag ("price < 5", "<3") is kept.
std::string strip_html(std::string_view text);
std::string normalize_whitespace(std::string_view text);

// Letters counted by script, for the language filter.
struct ScriptCounts {
  size_t cjk = 0;     // Han ideographs (CJK Unified, Extensions, Compatibility)
  size_t latin = 0;   // Latin letters (ASCII and Latin Extended)
  size_t other = 0;   // any other letter (kana, Hangul, Cyrillic, ...)
};
ScriptCounts count_scripts(std::string_view utf8);

// The key two texts share when they are near duplicates: a 64-bit hash of the text with case
// folded (ASCII), digits unified and everything but letters and digits removed.
uint64_t near_duplicate_key(std::string_view utf8);

// Splits a file's contents into documents: "eot" on "<|endoftext|>", "line" on newlines,
// "blank" on empty lines. Empty pieces are kept (the cleaner counts them).
Result<std::vector<std::string>> split_texts(std::string_view text, std::string_view mode);

}  // namespace plume
