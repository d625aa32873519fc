// Strict UTF-8 decoding and encoding for the corpus tools (cleaning, BPE training).
// Decoding never fails: an invalid byte (stray continuation, overlong form, surrogate, a code
// point past U+10FFFF, a truncated sequence) is reported as kInvalidUtf8 with length 1, so the
// caller decides whether to drop it, replace it or count it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace plume::utf8 {

inline constexpr char32_t kInvalidUtf8 = 0xFFFFFFFF;
inline constexpr char32_t kReplacementChar = 0xFFFD;

struct Decoded {
  char32_t cp;
  uint32_t length;  // bytes consumed, >= 1
};

inline Decoded decode(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  uint8_t b0 = byte(i);
  if (b0 < 0x80) return {b0, 1};
  uint32_t need;
  char32_t cp, min;
  if (b0 >= 0xC2 && b0 <= 0xDF) { need = 1; cp = b0 & 0x1F; min = 0x80; }
  else if (b0 >= 0xE0 && b0 <= 0xEF) { need = 2; cp = b0 & 0x0F; min = 0x800; }
  else if (b0 >= 0xF0 && b0 <= 0xF4) { need = 3; cp = b0 & 0x07; min = 0x10000; }
  else return {kInvalidUtf8, 1};
  if (i + need >= s.size()) return {kInvalidUtf8, 1};  // truncated at the end
  for (uint32_t k = 1; k <= need; ++k) {
    uint8_t b = byte(i + k);
    if ((b & 0xC0) != 0x80) return {kInvalidUtf8, 1};
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {kInvalidUtf8, 1};
  return {cp, need + 1};
}

inline void append(std::string& out, char32_t cp) {
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

}  // namespace plume::utf8
