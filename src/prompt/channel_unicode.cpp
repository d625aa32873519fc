// Lookups over the generated tables (channel_tables.cpp) and the small hand-written character
// classes the channel rules need. See channel_unicode.h.
#include "prompt/channel_unicode.h"

#include <algorithm>

#include "prompt/channel_tables.h"

namespace plume::text {

namespace ct = plume::channel_tables;

const char* const kUnicodeVersion = ct::kUnicodeVersion;

Result<std::u32string> decode_utf8(std::string_view bytes) {
  std::u32string out;
  out.reserve(bytes.size());
  size_t i = 0;
  const size_t n = bytes.size();
  auto byte = [&](size_t k) { return static_cast<uint8_t>(bytes[k]); };
  while (i < n) {
    const uint8_t b0 = byte(i);
    if (b0 < 0x80) { out.push_back(b0); i++; continue; }
    size_t len = 0;
    char32_t cp = 0, min = 0;
    if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1F; min = 0x80; }
    else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0F; min = 0x800; }
    else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07; min = 0x10000; }
    else return make_error("the text is not valid UTF-8 (unexpected byte at offset ", i, ")");
    if (i + len > n) return make_error("the text is not valid UTF-8 (truncated character at offset ", i, ")");
    for (size_t k = 1; k < len; k++) {
      const uint8_t b = byte(i + k);
      if ((b & 0xC0) != 0x80) return make_error("the text is not valid UTF-8 (bad continuation byte at offset ", i + k, ")");
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return make_error("the text is not valid UTF-8 (invalid character at offset ", i, ")");
    out.push_back(cp);
    i += len;
  }
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string encode_utf8(std::u32string_view code_points) {
  std::string out;
  out.reserve(code_points.size());
  for (char32_t cp : code_points) append_utf8(out, cp);
  return out;
}

size_t utf16_length(std::u32string_view s) {
  size_t n = 0;
  for (char32_t cp : s) n += utf16_length(cp);
  return n;
}

namespace {

// Value of the run containing cp in a table of (first << shift) | value entries.
uint32_t run_value(const uint32_t* runs, size_t count, unsigned shift, char32_t cp) {
  const uint32_t key = (static_cast<uint32_t>(cp) << shift) | ((1u << shift) - 1);
  const uint32_t* next = std::upper_bound(runs, runs + count, key);
  if (next == runs) return 0;
  return next[-1] & ((1u << shift) - 1);
}

uint32_t emoji_bits(char32_t cp) {
  if (cp < 0xA9) return 0;  // nothing below U+00A9 is pictographic
  return run_value(ct::kEmojiRuns, ct::kEmojiRunCount, 4, cp);
}

// Hangul syllables decompose and compose algorithmically (Unicode chapter 3.12).
constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount,
                   kSCount = kLCount * kNCount;

void decompose(char32_t cp, std::u32string& out) {
  if (cp >= kSBase && cp < kSBase + kSCount) {
    const char32_t s = cp - kSBase;
    out.push_back(kLBase + s / kNCount);
    out.push_back(kVBase + (s % kNCount) / kTCount);
    if (s % kTCount) out.push_back(kTBase + s % kTCount);
    return;
  }
  if (cp < 0xC0) { out.push_back(cp); return; }
  const auto* end = ct::kDecompositions + ct::kDecompositionCount;
  const auto* it = std::lower_bound(ct::kDecompositions, end, static_cast<uint32_t>(cp),
                                    [](const ct::Decomposition& d, uint32_t c) { return d.code_point < c; });
  if (it == end || it->code_point != cp) { out.push_back(cp); return; }
  decompose(it->first, out);
  if (it->second) decompose(it->second, out);
}

char32_t compose_pair(char32_t a, char32_t b) {
  if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount)
    return kSBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
  if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 && b > kTBase && b < kTBase + kTCount)
    return a + (b - kTBase);
  const auto* end = ct::kCompositions + ct::kCompositionCount;
  const auto* it = std::lower_bound(ct::kCompositions, end, std::pair<uint32_t, uint32_t>(a, b),
                                    [](const ct::Composition& c, const std::pair<uint32_t, uint32_t>& k) {
                                      return c.first < k.first || (c.first == k.first && c.second < k.second);
                                    });
  if (it == end || it->first != a || it->second != b) return 0;
  return it->composite;
}

}  // namespace

uint8_t combining_class(char32_t cp) {
  if (cp < 0x300) return 0;
  return static_cast<uint8_t>(run_value(ct::kCombiningClassRuns, ct::kCombiningClassRunCount, 8, cp));
}

std::u32string nfc(std::u32string_view s) {
  std::u32string d;
  d.reserve(s.size());
  for (char32_t cp : s) decompose(cp, d);
  // Canonical ordering: a stable sort by combining class of each run of non-starters.
  for (size_t i = 1; i < d.size(); i++) {
    const uint8_t cc = combining_class(d[i]);
    if (cc == 0) continue;
    size_t j = i;
    while (j > 0 && combining_class(d[j - 1]) > cc) { std::swap(d[j - 1], d[j]); j--; }
  }
  if (d.empty()) return d;
  // Canonical composition: each character joins the last starter unless blocked by a character
  // in between whose class is 0 or not lower than its own (the text is canonically ordered, so
  // the last kept character has the highest class since the starter).
  size_t starter = 0, kept = 1;
  int last_cc = combining_class(d[0]) == 0 ? 0 : 256;  // 256: no starter yet, nothing composes
  for (size_t i = 1; i < d.size(); i++) {
    const char32_t ch = d[i];
    const int cc = combining_class(ch);
    const bool adjacent_or_unblocked = last_cc == 0 || (last_cc != 256 && last_cc < cc);
    if (adjacent_or_unblocked && (kept - 1 == starter || cc != 0)) {
      if (char32_t composite = compose_pair(d[starter], ch)) { d[starter] = composite; continue; }
    }
    if (cc == 0) starter = kept;
    last_cc = cc;
    d[kept++] = ch;
  }
  d.resize(kept);
  return d;
}

bool is_wide(char32_t cp) {
  if (cp < 0x1100) return false;
  return run_value(ct::kWideRuns, ct::kWideRunCount, 1, cp) != 0;
}

bool is_extended_pictographic(char32_t cp) { return emoji_bits(cp) & 1; }
bool is_emoji_modifier_base(char32_t cp) { return emoji_bits(cp) & 2; }
bool is_emoji_modifier(char32_t cp) { return emoji_bits(cp) & 4; }
bool is_emoji_presentation(char32_t cp) { return emoji_bits(cp) & 8; }

namespace {

constexpr char32_t kZwj = 0x200D, kVs16 = 0xFE0F, kKeycap = 0x20E3;

// One element of a ZWJ sequence: a pictograph with an optional skin tone or VS16. Returns its
// length (0 if none) and whether it is shown as emoji on its own. After a ZWJ, a text-style
// pictograph below U+2000 (© ®) does not join: twitter-text and RGI sequences never join them.
size_t emoji_element(std::u32string_view s, size_t i, bool continuation, bool* emoji_style) {
  if (i >= s.size()) return 0;
  const char32_t cp = s[i];
  if (!is_extended_pictographic(cp)) return 0;
  size_t n = 1;
  *emoji_style = is_emoji_presentation(cp);
  if (i + 1 < s.size()) {
    if (s[i + 1] == kVs16) { n = 2; *emoji_style = true; }
    else if (is_emoji_modifier(s[i + 1]) && is_emoji_modifier_base(cp)) { n = 2; *emoji_style = true; }
  }
  if (continuation && !*emoji_style && cp < 0x2000) return 0;
  return n;
}

}  // namespace

size_t emoji_sequence_length(std::u32string_view s, size_t i) {
  if (i >= s.size()) return 0;
  const char32_t cp = s[i];
  // Keycap: [0-9#*] VS16? U+20E3
  if ((cp >= '0' && cp <= '9') || cp == '#' || cp == '*') {
    size_t j = i + 1;
    if (j < s.size() && s[j] == kVs16) j++;
    return j < s.size() && s[j] == kKeycap ? j + 1 - i : 0;
  }
  // Tag sequence (subdivision flags): U+1F3F4 tag characters U+E0020..E007E, then U+E007F.
  if (cp == 0x1F3F4) {
    size_t j = i + 1;
    while (j < s.size() && s[j] >= 0xE0020 && s[j] <= 0xE007E) j++;
    if (j > i + 1 && j < s.size() && s[j] == 0xE007F) return j + 1 - i;
  }
  // Flags: a pair of regional indicators (a lone one is still an emoji).
  if (is_regional_indicator(cp)) return i + 1 < s.size() && is_regional_indicator(s[i + 1]) ? 2 : 1;
  bool emoji_style = false;
  size_t n = emoji_element(s, i, false, &emoji_style);
  if (n == 0) return 0;
  size_t end = i + n;
  while (end + 1 < s.size() && s[end] == kZwj) {
    bool next_style = false;
    const size_t m = emoji_element(s, end + 1, true, &next_style);
    if (m == 0) break;
    end += 1 + m;
    emoji_style = true;
  }
  return emoji_style ? end - i : 0;
}

bool is_cjk(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0x2FF0 && cp <= 0x9FFF) ||
         (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7FF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x1B000 && cp <= 0x1B16F) ||
         (cp >= 0x20000 && cp <= 0x3FFFF);
}

bool is_word_char(char32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || cp == '_';
  if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
  if (cp == 0xD7 || cp == 0xF7 || cp == 0x37E || cp == 0x387) return false;
  if (is_cjk(cp)) return false;
  return cp < 0x2000 || (cp >= 0x2C00 && cp <= 0x2DFF) || (cp >= 0xA640 && cp <= 0xA7FF) ||
         (cp >= 0xAB30 && cp <= 0xAB6F) || (cp >= 0xFB00 && cp <= 0xFB4F);
}

char32_t fold_case(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 0x20;
  if (cp < 0xC0) return cp;
  if (cp <= 0xDE) return cp == 0xD7 ? cp : cp + 0x20;
  if (cp == 0x130) return 'i';                                         // I with dot above
  if (cp >= 0x100 && cp <= 0x137) return cp | 1;                       // pairs: even upper, odd lower
  if (cp >= 0x139 && cp <= 0x148) return (cp & 1) ? cp + 1 : cp;      // pairs: odd upper
  if (cp >= 0x14A && cp <= 0x177) return cp | 1;
  if (cp == 0x178) return 0xFF;
  if (cp >= 0x179 && cp <= 0x17E) return (cp & 1) ? cp + 1 : cp;
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 0x20;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  return cp;
}

std::u32string fold_case(std::u32string_view s) {
  std::u32string out(s);
  for (char32_t& cp : out) cp = fold_case(cp);
  return out;
}

bool is_space(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000;
}

}  // namespace plume::text
