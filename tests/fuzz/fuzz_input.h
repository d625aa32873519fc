// What the libFuzzer targets share: one fuzz input split into several files (a template and its
// data, a vocabulary and its merges, ...), a loud failure when an invariant breaks, and the tiny
// byte-level tokenizer the training-data target encodes with.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "model/tokenizer.h"

namespace plume::fuzz {

// Parts of one input are separated by this line. The seed generator (gen_seeds.cpp) writes it
// between parts; libFuzzer's mutations then move, drop and duplicate it like any other bytes.
inline constexpr std::string_view kSeparator = "\n=====\n";

// Exactly `n` parts: missing ones are empty, the last one takes the rest (separators included).
inline std::vector<std::string_view> split_parts(const uint8_t* data, size_t size, size_t n) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < n) {
    size_t at = rest.find(kSeparator);
    if (at == std::string_view::npos) break;
    parts.push_back(rest.substr(0, at));
    rest.remove_prefix(at + kSeparator.size());
  }
  parts.push_back(rest);
  while (parts.size() < n) parts.push_back({});
  return parts;
}

// A broken invariant is a bug even when nothing crashed: abort so libFuzzer keeps the input.
[[noreturn]] inline void invariant_failed(const char* what, const char* file, int line) {
  std::fprintf(stderr, "fuzz invariant broken: %s (%s:%d)\n", what, file, line);
  std::abort();
}
#define FUZZ_CHECK(cond) \
  do { if (!(cond)) ::plume::fuzz::invariant_failed(#cond, __FILE__, __LINE__); } while (0)

// GPT-2's bytes-to-unicode spelling of one byte (printable Latin-1 stands for itself).
inline std::string byte_spelling(int b) {
  auto printable = [](int c) { return (c >= '!' && c <= '~') || (c >= 0xa1 && c <= 0xac) || (c >= 0xae && c <= 0xff); };
  int cp = b;
  if (!printable(b)) {
    int n = 0;
    for (int c = 0; c < b; c++)
      if (!printable(c)) n++;
    cp = 256 + n;
  }
  std::string s;
  if (cp < 0x80) s += static_cast<char>(cp);
  else { s += static_cast<char>(0xc0 | (cp >> 6)); s += static_cast<char>(0x80 | (cp & 0x3f)); }
  return s;
}

// 256 byte tokens, a few English merges and <|endoftext|> (as tests/unit/model_fixture.h).
inline Tokenizer tiny_tokenizer() {
  std::vector<std::string> tokens;
  for (int b = 0; b < 256; b++) tokens.push_back(byte_spelling(b));
  std::vector<std::string> merges = {"Ġ t", "h e", "Ġt he", "a n", "Ġ a", "i n", "Ġ s"};
  for (const std::string& m : merges) tokens.push_back(m.substr(0, m.find(' ')) + m.substr(m.find(' ') + 1));
  tokens.push_back("<|endoftext|>");
  std::vector<int32_t> types(tokens.size(), 1);
  types.back() = 3;
  auto tok = Tokenizer::from_lists(tokens, merges, types);
  if (!tok) {
    std::fprintf(stderr, "tiny tokenizer: %s\n", tok.error().message.c_str());
    std::abort();
  }
  Tokenizer t = std::move(tok.value());
  t.set_special_ids(t.vocab_size() - 1, t.vocab_size() - 1);
  return t;
}

// True when `s` is well-formed UTF-8 (no surrogates, no overlongs, at most U+10FFFF).
inline bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1f) : n == 3 ? (c & 0x0f) : (c & 0x07);
    for (size_t k = 1; k < n; k++) {
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    static const char32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n;
  }
  return true;
}

}  // namespace plume::fuzz
