#include "prompt/metrics_unicode.h"

#include <algorithm>

#include "prompt/metrics_unicode_tables.h"

namespace plume::metrics {

Result<std::u32string> decode_utf8(std::string_view text, std::string_view what) {
  std::u32string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) { out.push_back(b0); i++; continue; }
    size_t len = 0;
    char32_t cp = 0, min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) { len = 2; cp = b0 & 0x1F; min = 0x80; }
    else if (b0 >= 0xE0 && b0 <= 0xEF) { len = 3; cp = b0 & 0x0F; min = 0x800; }
    else if (b0 >= 0xF0 && b0 <= 0xF4) { len = 4; cp = b0 & 0x07; min = 0x10000; }
    bool valid = len > 0 && i + len <= text.size();
    for (size_t k = 1; valid && k < len; k++) {
      const auto b = static_cast<unsigned char>(text[i + k]);
      if ((b & 0xC0) != 0x80) valid = false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (valid && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) valid = false;
    if (!valid)
      return make_error(std::string(what), " is not valid UTF-8 (bad byte 0x", "0123456789abcdef"[b0 >> 4],
                        "0123456789abcdef"[b0 & 15], " at byte ", i, ")");
    out.push_back(cp);
    i += len;
  }
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string encode_utf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t cp : text) append_utf8(out, cp);
  return out;
}

bool is_python_space(char32_t cp) {
  if (cp <= 0x20) return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F);
  if (cp < 0x85) return false;
  return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

std::u32string python_lower(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  const LowercaseRun* end = kLowercaseRuns + kLowercaseRunCount;
  for (char32_t cp : text) {
    if (cp < 0x80) { out.push_back(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp); continue; }
    if (cp == 0x130) { out.push_back(U'i'); out.push_back(0x307); continue; }  // Turkish dotted I
    // The last run starting at or before cp.
    const LowercaseRun* run = std::upper_bound(kLowercaseRuns, end, static_cast<uint32_t>(cp),
                                               [](uint32_t c, const LowercaseRun& r) { return c < r.first; });
    if (run != kLowercaseRuns) {
      --run;
      if (cp <= run->last && (cp - run->first) % run->step == 0) {
        out.push_back(static_cast<char32_t>(static_cast<int64_t>(cp) + run->offset));
        continue;
      }
    }
    out.push_back(cp);
  }
  return out;
}

std::vector<std::u32string> python_split(std::u32string_view text) {
  std::vector<std::u32string> pieces;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_python_space(text[i])) i++;
    size_t start = i;
    while (i < text.size() && !is_python_space(text[i])) i++;
    if (i > start) pieces.emplace_back(text.substr(start, i - start));
  }
  return pieces;
}

std::u32string_view python_rstrip(std::u32string_view text) {
  size_t end = text.size();
  while (end > 0 && is_python_space(text[end - 1])) end--;
  return text.substr(0, end);
}

std::u32string_view python_strip(std::u32string_view text) {
  text = python_rstrip(text);
  size_t start = 0;
  while (start < text.size() && is_python_space(text[start])) start++;
  return text.substr(start);
}

}  // namespace plume::metrics
