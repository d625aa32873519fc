#include "prompt/bleu_tokenizers.h"

#include "prompt/metrics_unicode.h"

namespace plume::metrics {
namespace {

void replace_all(std::u32string& s, std::u32string_view from, std::u32string_view to) {
  std::u32string out;
  size_t i = 0;
  while (i < s.size()) {
    if (s.compare(i, from.size(), from) == 0) { out += to; i += from.size(); }
    else out.push_back(s[i++]);
  }
  s = std::move(out);
}

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_not_digit(char32_t c) { return !is_digit(c); }
bool is_period_or_comma(char32_t c) { return c == '.' || c == ','; }
bool is_dash(char32_t c) { return c == '-'; }

// The character class [\{-\~\[-\` -\&\(-\+\:-\@\/] of the first 13a rule: ASCII punctuation and
// symbols except ' , - . (and the space, which it also matches, harmlessly).
bool is_13a_symbol(char32_t c) {
  return (c >= 0x7B && c <= 0x7E) || (c >= 0x5B && c <= 0x60) || (c >= 0x20 && c <= 0x26) ||
         (c >= 0x28 && c <= 0x2B) || (c >= 0x3A && c <= 0x40) || c == '/';
}

// re.sub of a two-character pattern (first)(second), scanning left to right without overlap as
// Python's re does. The replacement is "\1 \2 " or, with space_first, " \1 \2".
std::u32string sub_pairs(const std::u32string& s, bool (*first)(char32_t), bool (*second)(char32_t),
                         bool space_first) {
  std::u32string out;
  out.reserve(s.size() + s.size() / 4);
  size_t i = 0;
  while (i < s.size()) {
    if (i + 1 < s.size() && first(s[i]) && second(s[i + 1])) {
      if (space_first) out.push_back(' ');
      out.push_back(s[i]);
      out.push_back(' ');
      out.push_back(s[i + 1]);
      if (!space_first) out.push_back(' ');
      i += 2;
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

// sacrebleu's TokenizerRegexp (shared by 13a and zh), then str.split().
std::vector<std::string> regexp_tokens(const std::u32string& line) {
  std::u32string s;
  s.reserve(line.size() * 2);
  for (char32_t c : line) {
    if (is_13a_symbol(c)) { s.push_back(' '); s.push_back(c); s.push_back(' '); }
    else s.push_back(c);
  }
  s = sub_pairs(s, is_not_digit, is_period_or_comma, false);  // ([^0-9])([\.,]) -> \1 \2
  s = sub_pairs(s, is_period_or_comma, is_not_digit, true);   // ([\.,])([^0-9]) ->  \1 \2
  s = sub_pairs(s, is_digit, is_dash, false);                 // ([0-9])(-)      -> \1 \2
  std::vector<std::string> tokens;
  for (const std::u32string& piece : python_split(s)) tokens.push_back(encode_utf8(piece));
  return tokens;
}

std::vector<std::string> tokens_13a(std::u32string line) {
  replace_all(line, U"<skipped>", U"");
  replace_all(line, U"-\n", U"");
  replace_all(line, U"\n", U" ");
  replace_all(line, U"&quot;", U"\"");
  replace_all(line, U"&amp;", U"&");
  replace_all(line, U"&lt;", U"<");
  replace_all(line, U"&gt;", U">");
  return regexp_tokens(U" " + line + U" ");
}

std::vector<std::string> tokens_zh(std::u32string_view line) {
  std::u32string spaced;
  for (char32_t c : python_strip(line)) {
    if (is_sacrebleu_chinese_char(c)) { spaced.push_back(' '); spaced.push_back(c); spaced.push_back(' '); }
    else spaced.push_back(c);
  }
  return regexp_tokens(spaced);
}

}  // namespace

// sacrebleu lists its ranges as Python string pairs compared with <=. Two of them are written
// with five hex digits after \u ('\u20000', '\u2f800'), which Python reads as a four-digit escape
// followed by a digit, so they compare as two-character strings: the "Extension B" range really
// covers U+2001..U+2A6D (general punctuation, arrows, maths, ...) and the "Compatibility
// Supplement" range U+2F81..U+2FA1, while astral ideographs are not split at all. These are the
// ranges sacrebleu actually applies (checked by evaluating its list in Python), merged:
bool is_sacrebleu_chinese_char(char32_t c) {
  return (c >= 0x2001 && c <= 0x2A6D) || (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x2FF0 && c <= 0x303F) ||
         (c >= 0x3100 && c <= 0x312F) || (c >= 0x31A0 && c <= 0x31EF) || (c >= 0x3200 && c <= 0x4DB5) ||
         (c >= 0x4E00 && c <= 0x9FBB) || (c >= 0xF900 && c <= 0xFA2D) || (c >= 0xFA30 && c <= 0xFA6A) ||
         (c >= 0xFA70 && c <= 0xFAD9) || (c >= 0xFE10 && c <= 0xFE1F) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFFEF);
}

Result<BleuTokenizer> parse_bleu_tokenizer(std::string_view name) {
  if (name == "13a") return BleuTokenizer::k13a;
  if (name == "zh") return BleuTokenizer::kZh;
  if (name == "char") return BleuTokenizer::kChar;
  if (name == "none") return BleuTokenizer::kNone;
  return make_error("unknown BLEU tokenizer '", std::string(name), "' (expected 13a, zh, char or none)");
}

const char* bleu_tokenizer_name(BleuTokenizer tokenizer) {
  switch (tokenizer) {
    case BleuTokenizer::k13a: return "13a";
    case BleuTokenizer::kZh: return "zh";
    case BleuTokenizer::kChar: return "char";
    case BleuTokenizer::kNone: return "none";
  }
  return "?";
}

std::vector<std::string> bleu_tokens(std::u32string_view segment, BleuTokenizer tokenizer, bool lowercase) {
  std::u32string lowered;
  if (lowercase) {
    lowered = python_lower(segment);
    segment = lowered;
  }
  const std::u32string_view line = python_rstrip(segment);
  switch (tokenizer) {
    case BleuTokenizer::k13a: return tokens_13a(std::u32string(line));
    case BleuTokenizer::kZh: return tokens_zh(line);
    case BleuTokenizer::kChar: {
      std::vector<std::string> tokens;
      for (char32_t c : line)
        if (!is_python_space(c)) tokens.push_back(encode_utf8(std::u32string_view(&c, 1)));
      return tokens;
    }
    case BleuTokenizer::kNone: break;
  }
  std::vector<std::string> tokens;
  for (const std::u32string& piece : python_split(line)) tokens.push_back(encode_utf8(piece));
  return tokens;
}

}  // namespace plume::metrics
