// NFC in three steps over each unstable span of the text (UAX #15 §3):
//   1. full canonical decomposition (table mappings applied recursively; Hangul by arithmetic),
//   2. canonical ordering: a stable sort of each run of non-starters by combining class,
//   3. canonical composition: each character that is not blocked from the last starter and forms
//      a primary composite with it replaces the pair (Hangul LV / LVT by arithmetic).
// Only spans around characters whose NFC_Quick_Check is not Yes, or whose combining class is not
// 0, can change; the rest of the text is copied as is. A span starts at the last "boundary"
// before such a character (class 0 and quick-check Yes: it never combines with what precedes
// it) and ends before the next boundary.
#include "train/nfc.h"

#include <algorithm>
#include <vector>

#include "train/normalization_tables.h"
#include "train/utf8.h"

namespace plume {
namespace unicode {

int combining_class(char32_t cp) {
  if (cp < kFirstNfcInteresting) return 0;
  const uint32_t* begin = kCombiningClasses;
  const uint32_t* end = kCombiningClasses + kCombiningClassCount;
  const uint32_t* it = std::lower_bound(begin, end, static_cast<uint32_t>(cp) << 8);
  return (it != end && (*it >> 8) == cp) ? static_cast<int>(*it & 0xFF) : 0;
}

}  // namespace unicode

namespace {

using unicode::combining_class;

constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount,
                   kSCount = kLCount * kNCount;

bool nfc_unstable(char32_t cp) {
  if (cp < unicode::kFirstNfcInteresting) return false;
  const uint32_t(*begin)[2] = unicode::kNfcUnstableRanges;
  const uint32_t(*end)[2] = begin + unicode::kNfcUnstableRangeCount;
  // The first range whose last code point is >= cp.
  auto it = std::lower_bound(begin, end, cp, [](const uint32_t(&r)[2], char32_t c) { return r[1] < c; });
  return it != end && (*it)[0] <= cp;
}

// Class 0 and quick-check Yes: NFC never changes anything across the start of this character.
bool is_boundary(char32_t cp) {
  return cp < unicode::kFirstNfcInteresting || (combining_class(cp) == 0 && !nfc_unstable(cp));
}

const unicode::Decomposition* find_decomposition(char32_t cp) {
  const auto* begin = unicode::kDecompositions;
  const auto* end = begin + unicode::kDecompositionCount;
  auto it = std::lower_bound(begin, end, cp, [](const unicode::Decomposition& d, char32_t c) { return d.code_point < c; });
  return (it != end && it->code_point == cp) ? it : nullptr;
}

void decompose(char32_t cp, std::vector<char32_t>& out) {
  if (cp >= kSBase && cp < kSBase + kSCount) {
    char32_t s = cp - kSBase;
    out.push_back(kLBase + s / kNCount);
    out.push_back(kVBase + (s % kNCount) / kTCount);
    if (s % kTCount != 0) out.push_back(kTBase + s % kTCount);
    return;
  }
  const unicode::Decomposition* d = cp < 0xC0 ? nullptr : find_decomposition(cp);
  if (!d) {
    out.push_back(cp);
    return;
  }
  decompose(d->first, out);  // mappings nest at most a few levels deep
  if (d->second) decompose(d->second, out);
}

// The primary composite of (a, b), or 0.
char32_t compose_pair(char32_t a, char32_t b) {
  if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount)
    return kSBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
  if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 && b > kTBase && b < kTBase + kTCount)
    return a + (b - kTBase);
  uint64_t key = (static_cast<uint64_t>(a) << 21) | b;
  const auto* begin = unicode::kCompositions;
  const auto* end = begin + unicode::kCompositionCount;
  auto it = std::lower_bound(begin, end, key, [](const unicode::Composition& c, uint64_t k) { return c.pair < k; });
  return (it != end && it->pair == key) ? it->composite : 0;
}

// NFC of one span of code points, appended to out as UTF-8.
void normalize_span(const std::vector<char32_t>& span, std::vector<char32_t>& buffer,
                    std::vector<int>& classes, std::string& out) {
  buffer.clear();
  for (char32_t cp : span) decompose(cp, buffer);
  classes.resize(buffer.size());
  for (size_t i = 0; i < buffer.size(); ++i) classes[i] = combining_class(buffer[i]);
  // Canonical ordering: insertion sort within runs of non-starters (stable, runs are short).
  for (size_t i = 1; i < buffer.size(); ++i) {
    if (classes[i] == 0) continue;
    for (size_t j = i; j > 0 && classes[j - 1] > classes[j]; --j) {
      std::swap(classes[j - 1], classes[j]);
      std::swap(buffer[j - 1], buffer[j]);
    }
  }
  // Canonical composition, in place: `kept` characters stay; starter is the last kept starter.
  size_t kept = 0;
  long starter = -1;
  int last_class = -1;  // class of the last kept character after the starter (-1: none)
  for (size_t i = 0; i < buffer.size(); ++i) {
    char32_t cp = buffer[i];
    int cls = classes[i];
    if (starter >= 0) {
      bool blocked = last_class != -1 && (last_class == 0 || last_class >= cls);
      if (!blocked) {
        char32_t composite = compose_pair(buffer[static_cast<size_t>(starter)], cp);
        if (composite) {
          buffer[static_cast<size_t>(starter)] = composite;
          continue;
        }
      }
    }
    if (cls == 0) {
      starter = static_cast<long>(kept);
      last_class = -1;
    } else {
      last_class = cls;
    }
    buffer[kept] = cp;
    classes[kept] = cls;
    ++kept;
  }
  for (size_t i = 0; i < kept; ++i) utf8::append(out, buffer[i]);
}

}  // namespace

bool is_nfc_quick(std::string_view text) {
  int last_class = 0;
  for (size_t i = 0; i < text.size();) {
    if (static_cast<uint8_t>(text[i]) < 0x80) { last_class = 0; ++i; continue; }
    utf8::Decoded d = utf8::decode(text, i);
    if (d.cp == utf8::kInvalidUtf8 || nfc_unstable(d.cp)) return false;
    int cls = combining_class(d.cp);
    if (cls != 0 && last_class > cls) return false;
    last_class = cls;
    i += d.length;
  }
  return true;
}

std::string normalize_nfc(std::string_view text) {
  if (is_nfc_quick(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  std::vector<char32_t> span, buffer;
  std::vector<int> classes;
  size_t copied = 0;        // text[0, copied) is in out
  size_t span_start = 0;    // byte offset of the last boundary at or before i
  size_t i = 0;
  while (i < text.size()) {
    utf8::Decoded d = utf8::decode(text, i);
    char32_t cp = d.cp == utf8::kInvalidUtf8 ? utf8::kReplacementChar : d.cp;
    if (d.cp != utf8::kInvalidUtf8 && is_boundary(cp)) {
      span_start = i;
      i += d.length;
      continue;
    }
    // An unstable character: normalize from the last boundary up to the next boundary.
    out.append(text.substr(copied, span_start - copied));
    span.clear();
    size_t j = span_start;
    while (j < text.size()) {
      utf8::Decoded e = utf8::decode(text, j);
      bool valid = e.cp != utf8::kInvalidUtf8;
      if (j > i && valid && is_boundary(e.cp)) break;
      span.push_back(valid ? e.cp : utf8::kReplacementChar);
      j += e.length;
    }
    normalize_span(span, buffer, classes, out);
    copied = j;
    span_start = j;
    i = j;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace plume
