// Brand rules (see brand_rules.h). Texts are compared in NFC, so a word typed with a combining
// accent still matches its precomposed form; Latin matching folds case.
#include "prompt/brand_rules.h"

#include <algorithm>

#include "prompt/channel_unicode.h"

namespace plume {

using rules::Reason;
using rules::Severity;

namespace {

std::string utf8(std::u32string_view s) { return text::encode_utf8(s); }

std::string trimmed(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

bool contains_cjk(std::u32string_view s) {
  return std::any_of(s.begin(), s.end(), [](char32_t c) { return text::is_cjk(c); });
}

// Occurrences of `word` in `haystack` (both NFC and case-folded). Latin words match whole words
// only: a word character may not touch the match on a side where the word itself starts or ends
// with a word character. Words with CJK characters match anywhere.
int count_occurrences(std::u32string_view haystack, std::u32string_view word) {
  if (word.empty()) return 0;
  const bool whole_word = !contains_cjk(word);
  int n = 0;
  for (size_t pos = haystack.find(word); pos != std::u32string_view::npos; pos = haystack.find(word, pos + 1)) {
    if (whole_word) {
      const size_t end = pos + word.size();
      if (text::is_word_char(word.front()) && pos > 0 && text::is_word_char(haystack[pos - 1])) continue;
      if (text::is_word_char(word.back()) && end < haystack.size() && text::is_word_char(haystack[end])) continue;
    }
    n++;
  }
  return n;
}

Result<std::u32string> prepare(std::string_view s, const char* what) {
  auto decoded = text::decode_utf8(s);
  if (!decoded) return make_error(what, ": ", decoded.error().message);
  std::u32string t = text::fold_case(text::nfc(*decoded));
  // Trim surrounding white space (word lists often come from "a, b, c").
  size_t b = 0, e = t.size();
  while (b < e && text::is_space(t[b])) b++;
  while (e > b && text::is_space(t[e - 1])) e--;
  return t.substr(b, e - b);
}

// --- placeholders --------------------------------------------------------------------------

bool ascii_upper(char32_t c) { return c >= 'A' && c <= 'Z'; }
bool ascii_letter(char32_t c) { return ascii_upper(c) || (c >= 'a' && c <= 'z'); }
bool ascii_ident(char32_t c) { return ascii_letter(c) || (c >= '0' && c <= '9') || c == '_'; }

bool is_html_tag(std::u32string_view name) {
  static const char* const kTags[] = {"a", "b", "i", "u", "p", "s", "br", "hr", "em", "strong", "span", "div", "ul",
                                      "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "img", "table", "tr", "td",
                                      "th", "small", "sup", "sub", "code", "pre", "blockquote", "html", "body"};
  std::string lower;
  for (char32_t c : name) {
    if (c == ' ' || c == '/') break;
    lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  return std::any_of(std::begin(kTags), std::end(kTags), [&](const char* t) { return lower == t; });
}

// End of a closing `close` within `max` characters on the same line, or npos.
size_t find_close(std::u32string_view t, size_t from, std::u32string_view close, size_t max) {
  const size_t pos = t.find(close, from);
  if (pos == std::u32string_view::npos || pos - from > max) return std::u32string_view::npos;
  if (t.substr(from, pos - from).find(U'\n') != std::u32string_view::npos) return std::u32string_view::npos;
  return pos + close.size();
}

// Unfilled template slots: {{x}} / {{{x}}}, {name}, [NAME] / [Product Name] / [FIRST_NAME],
// <placeholder> / <姓名> (not HTML tags). Weibo emoticon codes like [微笑] are not slots.
std::vector<std::u32string> find_placeholders(std::u32string_view t) {
  std::vector<std::u32string> found;
  for (size_t i = 0; i < t.size(); i++) {
    size_t end = std::u32string_view::npos;
    if (t[i] == '{' && i + 1 < t.size() && t[i + 1] == '{') {
      end = find_close(t, i + 2, U"}}", 100);
      if (end != std::u32string_view::npos) while (end < t.size() && t[end] == '}') end++;
    } else if (t[i] == '{') {
      const size_t close = find_close(t, i + 1, U"}", 40);
      if (close != std::u32string_view::npos && close > i + 2) {
        const auto inner = t.substr(i + 1, close - i - 2);
        if (std::all_of(inner.begin(), inner.end(), [](char32_t c) { return ascii_ident(c) || c == '.' || c == '-' || text::is_cjk(c); }))
          end = close;
      }
    } else if (t[i] == '[') {
      const size_t close = find_close(t, i + 1, U"]", 40);
      if (close != std::u32string_view::npos && close > i + 3) {
        const auto inner = t.substr(i + 1, close - i - 2);
        const int upper = static_cast<int>(std::count_if(inner.begin(), inner.end(), ascii_upper));
        const bool letters_only = std::all_of(inner.begin(), inner.end(), [](char32_t c) { return ascii_ident(c) || c == ' '; });
        const bool all_caps = std::none_of(inner.begin(), inner.end(), [](char32_t c) { return c >= 'a' && c <= 'z'; });
        const bool underscore = inner.find(U'_') != std::u32string_view::npos;
        if (letters_only && ascii_upper(inner[0]) && (all_caps || upper >= 2 || underscore)) end = close;
      }
    } else if (t[i] == '<') {
      const size_t close = find_close(t, i + 1, U">", 40);
      if (close != std::u32string_view::npos && close > i + 2) {
        const auto inner = t.substr(i + 1, close - i - 2);
        const bool latin = (ascii_letter(inner[0]) || inner[0] == '_') &&
                           std::all_of(inner.begin(), inner.end(), [](char32_t c) { return ascii_ident(c) || c == ' ' || c == '-'; });
        const bool cjk = std::all_of(inner.begin(), inner.end(), [](char32_t c) { return text::is_cjk(c); });
        if ((latin && !is_html_tag(inner)) || cjk) end = close;
      }
    }
    if (end != std::u32string_view::npos) {
      std::u32string p(t.substr(i, end - i));
      if (std::find(found.begin(), found.end(), p) == found.end()) found.push_back(p);
      i = end - 1;
    }
  }
  return found;
}

// --- sentences -----------------------------------------------------------------------------

bool is_terminator(char32_t c) {
  return c == U'。' || c == U'！' || c == U'？' || c == '!' || c == '?' || c == U'；' || c == ';' || c == U'…' || c == '\n';
}
bool is_closing(char32_t c) { return c == '"' || c == '\'' || c == ')' || c == U'”' || c == U'’' || c == U'）' || c == U'」' || c == U'』'; }

std::vector<std::u32string> sentences_of(std::u32string_view t) {
  std::vector<std::u32string> out;
  size_t start = 0;
  auto flush = [&](size_t end) {
    size_t b = start, e = end;
    while (b < e && text::is_space(t[b])) b++;
    while (e > b && text::is_space(t[e - 1])) e--;
    if (e > b) out.emplace_back(t.substr(b, e - b));
    start = end;
  };
  for (size_t i = 0; i < t.size(); i++) {
    bool ends = is_terminator(t[i]);
    // A '.' ends a sentence before a space, a CJK character or the end, not inside 3.5 or a URL.
    if (t[i] == '.') ends = i + 1 >= t.size() || text::is_space(t[i + 1]) || text::is_cjk(t[i + 1]) || is_closing(t[i + 1]);
    if (!ends) continue;
    size_t end = i + 1;
    while (end < t.size() && (is_terminator(t[end]) || t[end] == '.' || is_closing(t[end]))) end++;
    flush(end);
    i = end - 1;
  }
  flush(t.size());
  return out;
}

// The comparable core of a sentence: case-folded, without spaces and punctuation.
std::u32string sentence_key(std::u32string_view s) {
  std::u32string key;
  for (char32_t c : s) {
    if (text::is_space(c) || is_terminator(c) || is_closing(c)) continue;
    if (c < 0x80 && !text::is_word_char(c)) continue;
    if (c == U'，' || c == U'、' || c == U'：' || c == U'“' || c == U'‘' || c == U'（') continue;
    key.push_back(text::fold_case(c));
  }
  return key;
}

std::string shorten(std::u32string_view s, size_t max) {
  if (s.size() <= max) return utf8(s);
  return utf8(s.substr(0, max)) + "…";
}

}  // namespace

std::vector<std::string> split_sentences(std::string_view text) {
  std::vector<std::string> out;
  auto decoded = text::decode_utf8(text);
  if (!decoded) return out;
  for (const std::u32string& s : sentences_of(text::nfc(*decoded))) out.push_back(utf8(s));
  return out;
}

Result<BrandReport> check_brand(std::string_view text_utf8, const BrandRules& rules) {
  auto decoded = text::decode_utf8(text_utf8);
  if (!decoded) return make_error("text: ", decoded.error().message);
  const std::u32string original = text::nfc(*decoded);
  const std::u32string folded = text::fold_case(original);
  BrandReport report;

  RuleResult banned{"banned_words", true, {}};
  for (const std::string& w : rules.banned_words) {
    auto word = prepare(w, "banned word");
    if (!word) return word.error();
    if (word->empty()) continue;
    if (int n = count_occurrences(folded, *word)) {
      const std::string shown = trimmed(w);
      banned.reasons.push_back({"brand.banned_word", Severity::kError, {{"word", shown}, {"count", int64_t{n}}},
                                "Contains the banned word \"" + shown + "\" (" + std::to_string(n) + "x). Remove or replace it.",
                                "包含禁用词“" + shown + "”（" + std::to_string(n) + " 次），请删除或替换。"});
    }
  }
  report.rules.push_back(banned);

  RuleResult required{"required_keywords", true, {}};
  for (const std::string& w : rules.required_keywords) {
    auto word = prepare(w, "required keyword");
    if (!word) return word.error();
    if (word->empty() || count_occurrences(folded, *word) > 0) continue;
    const std::string shown = trimmed(w);
    required.reasons.push_back({"brand.missing_keyword", Severity::kError, {{"keyword", shown}},
                                "Missing the required keyword \"" + shown + "\".",
                                "缺少必需关键词“" + shown + "”。"});
  }
  report.rules.push_back(required);

  if (rules.check_placeholders) {
    RuleResult placeholders{"placeholders", true, {}};
    for (const std::u32string& p : find_placeholders(original)) {
      const std::string shown = utf8(p);
      placeholders.reasons.push_back({"brand.unfilled_placeholder", Severity::kError, {{"placeholder", shown}},
                                      "Contains an unfilled placeholder \"" + shown + "\": fill it in or remove it before sending.",
                                      "包含未填写的占位符“" + shown + "”，发送前请填写或删除。"});
    }
    report.rules.push_back(placeholders);
  }

  if (rules.check_repeated_sentences) {
    RuleResult repeated{"repeated_sentences", true, {}};
    const std::vector<std::u32string> sentences = sentences_of(original);
    std::vector<std::u32string> reported;
    for (size_t i = 0; i < sentences.size(); i++) {
      const std::u32string key = sentence_key(sentences[i]);
      if (key.size() < 4 || std::find(reported.begin(), reported.end(), key) != reported.end()) continue;
      int64_t n = 0;
      for (const std::u32string& other : sentences) n += sentence_key(other) == key;
      if (n < 2) continue;
      reported.push_back(key);
      const std::string shown = shorten(sentences[i], 60);
      repeated.reasons.push_back({"brand.repeated_sentence", Severity::kError, {{"sentence", shown}, {"count", n}},
                                  "The sentence \"" + shown + "\" appears " + std::to_string(n) + " times.",
                                  "句子“" + shown + "”重复出现了 " + std::to_string(n) + " 次。"});
    }
    report.rules.push_back(repeated);
  }

  RuleResult stop{"stop_marker", true, {}};
  for (const std::string& m : rules.stop_markers) {
    auto marker = text::decode_utf8(m);
    if (!marker) return make_error("stop marker: ", marker.error().message);
    if (marker->empty()) continue;
    const size_t pos = original.find(text::nfc(*marker));
    if (pos == std::u32string::npos) continue;
    std::u32string_view rest = std::u32string_view(original).substr(pos + marker->size());
    while (!rest.empty() && text::is_space(rest.front())) rest.remove_prefix(1);
    if (rest.empty()) {
      stop.reasons.push_back({"brand.stop_marker_at_end", Severity::kWarning, {{"marker", m}},
                              "The text ends with the stop marker \"" + m + "\"; remove the marker before sending.",
                              "文本以停止标记“" + m + "”结尾，发送前请删除该标记。"});
    } else {
      const std::string after = shorten(rest, 40);
      stop.reasons.push_back({"brand.text_after_stop_marker", Severity::kError, {{"marker", m}, {"after", after}},
                              "Text continues after the stop marker \"" + m + "\": \"" + after + "\". Cut everything from the marker on.",
                              "停止标记“" + m + "”之后还有内容：“" + after + "”。请删除标记及其后的全部内容。"});
    }
  }
  report.rules.push_back(stop);

  for (RuleResult& r : report.rules) {
    r.pass = !rules::has_error(r.reasons);
    report.ok = report.ok && r.pass;
  }
  return report;
}

}  // namespace plume
