// Feature coverage and language fidelity (quality.h); the layout and repetition checks are in
// quality_format.cpp.
#include "prompt/quality.h"

#include <algorithm>
#include <set>

#include "prompt/channel_unicode.h"
#include "prompt/porter_stemmer.h"
#include "prompt/quality_text.h"

namespace plume::prompt {

namespace quality_text {

std::u32string decode_lenient(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  while (i < s.size()) {
    const uint8_t b0 = byte(i);
    size_t len = 0;
    char32_t cp = 0, min = 0;
    if (b0 < 0x80) { out.push_back(b0); i++; continue; }
    if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1F; min = 0x80; }
    else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0F; min = 0x800; }
    else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07; min = 0x10000; }
    bool good = len > 0 && i + len <= s.size();
    for (size_t k = 1; good && k < len; k++) {
      if ((byte(i + k) & 0xC0) != 0x80) good = false;
      else cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    if (good && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) good = false;
    out.push_back(good ? cp : 0xFFFD);
    i += good ? len : 1;
  }
  return out;
}

std::string encode(std::u32string_view text) { return text::encode_utf8(text); }

bool is_han(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x3FFFF) || cp == 0x3007;
}

bool is_latin_letter(char32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
  if (cp >= 0xC0 && cp <= 0x24F) return cp != 0xD7 && cp != 0xF7;
  return (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
}

bool is_other_letter(char32_t cp) {
  return (cp >= 0x3041 && cp <= 0x30FF && cp != 0x30FB && cp != 0x30FC) ||  // kana (not ・ ー)
         (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF) ||  // Hangul
         (cp >= 0x370 && cp <= 0x3FF && cp != 0x37E && cp != 0x387) ||        // Greek
         (cp >= 0x400 && cp <= 0x4FF) || (cp >= 0x5D0 && cp <= 0x5EA) ||        // Cyrillic, Hebrew
         (cp >= 0x620 && cp <= 0x64A) || (cp >= 0x904 && cp <= 0x939) ||        // Arabic, Devanagari
         (cp >= 0xE01 && cp <= 0xE30);                                           // Thai
}

}  // namespace quality_text

namespace {

using namespace quality_text;

bool is_alnum(char32_t cp) { return text::is_word_char(cp) && cp != '_'; }

char32_t map_char(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0;  // full-width ASCII forms
  switch (cp) {
    case 0x2018: case 0x2019: case 0x2032: return '\'';
    case 0x201C: case 0x201D: case 0x2033: return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: return '-';
    default: return cp;
  }
}

// Splits normalized text into words (runs of letters/digits); CJK characters are not words.
std::vector<std::u32string> words_of(std::u32string_view s) {
  std::vector<std::u32string> out;
  std::u32string cur;
  for (char32_t c : s) {
    if (is_alnum(c)) { cur.push_back(c); continue; }
    if (!cur.empty()) out.push_back(std::move(cur));
    cur.clear();
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// Porter stem for lowercase ASCII words (numbers and other words compare as they are).
std::string stem(const std::u32string& w) {
  std::string s = encode(w);
  bool ascii_alpha = std::all_of(w.begin(), w.end(), [](char32_t c) { return c >= 'a' && c <= 'z'; });
  return ascii_alpha && w.size() > 3 ? metrics::porter_stem(s) : s;
}

// Occurs in `text` with no letter/digit glued to a side where `needle` itself has one.
bool occurs(std::u32string_view text, std::u32string_view needle) {
  if (needle.empty()) return false;
  const bool word_start = is_alnum(needle.front()), word_end = is_alnum(needle.back());
  for (size_t at = text.find(needle); at != std::u32string_view::npos; at = text.find(needle, at + 1)) {
    const size_t end = at + needle.size();
    if (word_start && at > 0 && is_alnum(text[at - 1])) continue;
    if (word_end && end < text.size() && is_alnum(text[end])) continue;
    return true;
  }
  return false;
}

const std::set<std::string>& stop_words() {
  static const std::set<std::string> words = {
      "a", "an", "the", "and", "or", "of", "for", "with", "to", "in", "on", "at", "by", "up", "from", "your",
      "you", "its", "it", "is", "are", "be", "as", "per", "into", "that", "this", "than", "all", "every", "each"};
  return words;
}

bool content_words_present(std::u32string_view text, std::u32string_view feature) {
  std::vector<std::string> wanted;
  for (const auto& w : words_of(feature))
    if (!stop_words().count(encode(w))) wanted.push_back(stem(w));
  if (wanted.size() < 3) return false;
  std::set<std::string> have;
  for (const auto& w : words_of(text)) have.insert(stem(w));
  return std::all_of(wanted.begin(), wanted.end(), [&](const std::string& w) { return have.count(w) > 0; });
}

bool clauses_present(std::u32string_view text, std::u32string_view feature) {
  std::vector<std::u32string> clauses;
  std::u32string cur;
  for (char32_t c : feature) {
    if (c == ',' || c == ';' || c == ':' || c == 0x3001 || c == 0x3002) {
      if (!cur.empty()) clauses.push_back(cur);
      cur.clear();
    } else if (!(c == ' ' && cur.empty())) {
      cur.push_back(c);
    }
  }
  while (!cur.empty() && cur.back() == ' ') cur.pop_back();
  if (!cur.empty()) clauses.push_back(cur);
  if (clauses.size() < 2) return false;
  return std::all_of(clauses.begin(), clauses.end(), [&](const std::u32string& c) { return occurs(text, c); });
}

}  // namespace

std::u32string normalize_for_match(std::string_view raw) {
  std::u32string s = text::nfc(decode_lenient(raw));
  for (char32_t& c : s) c = text::fold_case(map_char(c));
  // Hyphens between letters/digits, then whitespace runs, become one space.
  std::u32string spaced;
  spaced.reserve(s.size());
  for (size_t i = 0; i < s.size(); i++) {
    char32_t c = s[i];
    if (c == '-' && i > 0 && i + 1 < s.size() && is_alnum(s[i - 1]) && is_alnum(s[i + 1])) c = ' ';
    if (text::is_space(c)) {
      if (!spaced.empty() && spaced.back() != ' ') spaced.push_back(' ');
      continue;
    }
    spaced.push_back(c);
  }
  // No space next to a CJK character: Chinese has no spaces between words, and writers differ
  // on "7 天" / "7天".
  std::u32string out;
  out.reserve(spaced.size());
  for (size_t i = 0; i < spaced.size(); i++) {
    if (spaced[i] == ' ') {
      const bool cjk_before = !out.empty() && text::is_cjk(out.back());
      const bool cjk_after = i + 1 < spaced.size() && text::is_cjk(spaced[i + 1]);
      if (out.empty() || i + 1 == spaced.size() || cjk_before || cjk_after) continue;
    }
    out.push_back(spaced[i]);
  }
  return out;
}

FeatureCoverage feature_coverage(std::string_view text, const std::vector<std::string>& features,
                                 std::string_view lang) {
  FeatureCoverage result;
  const std::u32string normalized = normalize_for_match(text);
  for (const std::string& feature : features) {
    const std::u32string f = normalize_for_match(feature);
    if (f.empty()) continue;  // an empty feature asks for nothing
    result.total++;
    bool found = occurs(normalized, f);
    if (!found && lang == "en") found = content_words_present(normalized, f);
    if (!found && lang == "zh") found = clauses_present(normalized, f);
    if (found) result.mentioned++;
    else result.missing.push_back(feature);
  }
  return result;
}

namespace {

// A token (no spaces, no CJK) that is a web or e-mail address: "kumo.run/pulse2",
// "https://x.y", "hi@brand.com", "www.brand.cn". A dot must sit between a letter or digit and a
// letter, so "No.1" and "3.5" are not addresses.
bool looks_like_address(std::u32string_view token) {
  if (token.find(U"://") != std::u32string_view::npos || token.find(U"www.") == 0) return true;
  if (token.find('@') != std::u32string_view::npos && token.find('.') != std::u32string_view::npos) return true;
  for (size_t i = 1; i + 1 < token.size(); i++)
    if (token[i] == '.' && is_alnum(token[i - 1]) && is_latin_letter(token[i + 1])) {
      // "e.g" or "St.Louis" are rare in copy; a domain has a 2+ letter label after the dot.
      size_t j = i + 1;
      while (j < token.size() && is_latin_letter(token[j])) j++;
      if (j - i - 1 >= 2) return true;
    }
  return false;
}

std::string percent(double share) { return std::to_string(static_cast<int>(share * 100 + 0.5)) + "%"; }

}  // namespace

LanguageCheck language_check(std::string_view raw, std::string_view lang) {
  LanguageCheck r;
  const bool zh = lang == "zh";
  if (!zh && lang != "en") {
    r.reason = "Unknown language '" + std::string(lang) + "' (use en or zh).";
    return r;
  }
  std::u32string s = text::nfc(decode_lenient(raw));
  for (char32_t& c : s) c = map_char(c);
  int words_without_han = 0, longest_latin_stretch = 0;
  size_t i = 0;
  while (i < s.size()) {
    const char32_t c = s[i];
    if (is_han(c)) {
      r.han++;
      words_without_han = 0;
      i++;
      continue;
    }
    if (text::is_space(c) || text::is_cjk(c)) { i++; continue; }
    size_t j = i;  // a token: a run of non-space, non-CJK characters
    while (j < s.size() && !text::is_space(s[j]) && !text::is_cjk(s[j])) j++;
    const std::u32string_view token(s.data() + i, j - i);
    i = j;
    if (looks_like_address(token)) continue;
    bool has_latin = false;
    for (char32_t t : token) {
      if (is_latin_letter(t)) { r.latin++; has_latin = true; }
      else if (is_other_letter(t)) r.other++;
    }
    if (has_latin) { r.latin_words++; words_without_han++; }
    longest_latin_stretch = std::max(longest_latin_stretch, words_without_han);
  }
  const int letters = r.han + r.latin + r.other;
  if (letters == 0) {
    r.reason = zh ? "输出里没有文字。" : "The output has no words.";
    return r;
  }
  r.han_share = static_cast<double>(r.han) / letters;
  r.latin_share = static_cast<double>(r.latin) / letters;
  if (!zh) {
    r.ok = r.latin_share >= 0.95;
    if (!r.ok)
      r.reason = r.han >= r.other ? "Part of the text is in Chinese (" + percent(r.han_share) + " of the letters)."
                                  : "Part of the text is in another language (" +
                                        percent(1.0 - r.latin_share - r.han_share) + " of the letters).";
    return r;
  }
  const double han_weight = static_cast<double>(r.han) / (r.han + r.latin_words + r.other);
  if (r.han == 0) r.reason = "输出不是中文。";
  else if (longest_latin_stretch >= 8) r.reason = "输出里夹杂了英文句子。";
  else if (han_weight < 0.7 && r.latin_words >= 3) r.reason = "输出中英文过多（汉字只占 " + percent(han_weight) + "）。";
  r.ok = r.reason.empty();
  return r;
}

}  // namespace plume::prompt
