// The cleaning steps and the filter pipeline (see clean.h for the order and the reasons).
#include "train/clean.h"

#include <cstdio>
#include <unordered_map>

#include "model/unicode_tables.h"
#include "train/nfc.h"
#include "train/utf8.h"

namespace plume {
namespace {

constexpr std::string_view kEndOfText = "<|endoftext|>";

uint64_t fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

bool ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_ci(std::string_view text, size_t pos, std::string_view word) {
  if (pos + word.size() > text.size()) return false;
  for (size_t k = 0; k < word.size(); ++k)
    if (ascii_lower(text[pos + k]) != word[k]) return false;
  return true;
}

// Tags that end a line or a paragraph when removed.
bool is_block_tag(std::string_view name) {
  static const char* const kBlocks[] = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
                                        "table", "section", "article", "header", "footer", "blockquote", "dd",
                                        "dt", "pre", "title", "td", "th"};
  for (const char* b : kBlocks)
    if (name == b) return true;
  return false;
}

struct Entity {
  const char* name;
  char32_t cp;
};
constexpr Entity kEntities[] = {
    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", 0xA0},
    {"copy", 0xA9}, {"reg", 0xAE}, {"trade", 0x2122}, {"hellip", 0x2026}, {"mdash", 0x2014},
    {"ndash", 0x2013}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
    {"middot", 0xB7}, {"bull", 0x2022}, {"yen", 0xA5}, {"euro", 0x20AC}, {"pound", 0xA3},
    {"cent", 0xA2}, {"times", 0xD7}, {"divide", 0xF7}, {"deg", 0xB0}, {"laquo", 0xAB},
    {"raquo", 0xBB}, {"emsp", 0x2003}, {"ensp", 0x2002}, {"thinsp", 0x2009}, {"shy", 0xAD},
    {"zwj", 0x200D}, {"zwnj", 0x200C}, {"sect", 0xA7}, {"para", 0xB6}, {"plusmn", 0xB1},
    {"frac12", 0xBD}, {"frac14", 0xBC}, {"hearts", 0x2665}, {"star", 0x2606}, {"check", 0x2713},
};

// Decodes the entity at text[pos] == '&'; returns its length (0 when it is not an entity).
size_t decode_entity(std::string_view text, size_t pos, std::string& out) {
  size_t semi = text.find(';', pos + 1);
  if (semi == std::string_view::npos || semi - pos > 12 || semi == pos + 1) return 0;
  std::string_view body = text.substr(pos + 1, semi - pos - 1);
  if (body[0] == '#') {
    bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    uint32_t cp = 0;
    for (char c : digits) {
      int v = (c >= '0' && c <= '9') ? c - '0'
              : hex && (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : hex && (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (v < 0 || cp > 0x10FFFF) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = utf8::kReplacementChar;
    utf8::append(out, cp);
    return semi - pos + 1;
  }
  for (const Entity& e : kEntities) {
    if (body == e.name) {
      utf8::append(out, e.cp);
      return semi - pos + 1;
    }
  }
  return 0;
}

// Skips a tag, comment or script/style block at text[pos] == '<'; returns its end (pos when
// this '<' does not start one) and sets *block when it should leave a line break.
size_t skip_markup(std::string_view text, size_t pos, bool* block, bool* paragraph) {
  *block = *paragraph = false;
  if (text.compare(pos, 4, "<!--") == 0) {
    size_t end = text.find("-->", pos + 4);
    return end == std::string_view::npos ? text.size() : end + 3;
  }
  size_t name_start = pos + 1;
  bool closing = name_start < text.size() && text[name_start] == '/';
  if (closing) ++name_start;
  bool declaration = !closing && name_start < text.size() && text[name_start] == '!';
  if (name_start >= text.size() || (!ascii_alpha(text[name_start]) && !declaration)) return pos;
  size_t name_end = name_start + (declaration ? 1 : 0);
  while (name_end < text.size() && (ascii_alpha(text[name_end]) || (text[name_end] >= '0' && text[name_end] <= '9')))
    ++name_end;
  size_t close = text.find('>', name_end);
  size_t next_open = text.find('<', name_end);
  if (close == std::string_view::npos || (next_open != std::string_view::npos && next_open < close) ||
      close - pos > 2000)
    return pos;
  std::string name;
  for (size_t k = name_start; k < name_end; ++k) name += ascii_lower(text[k]);
  if (!closing && (name == "script" || name == "style")) {
    // Drop the whole block: its content is code, not copy.
    std::string_view end_tag = name == "script" ? "</script" : "</style";
    for (size_t k = close; k < text.size(); ++k) {
      if (text[k] == '<' && starts_with_ci(text, k, end_tag)) {
        size_t end = text.find('>', k);
        return end == std::string_view::npos ? text.size() : end + 1;
      }
    }
    return text.size();
  }
  *block = name == "br" || is_block_tag(name);
  *paragraph = name == "p" || name == "div" || name == "section" || name == "article" || name == "table" ||
               name == "blockquote" || (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6');
  return close + 1;
}

// Unicode spaces other than line breaks (White_Space minus \n\r), to become one ASCII space.
bool is_inline_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == 0x0B || cp == 0x0C || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Characters removed outright: C0/C1 controls (other than \t \n \r), zero-width space and joiners
// used as formatting noise, the BOM, and soft hyphens.
bool is_invisible(char32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
         cp == 0xAD || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF;
}

bool is_cjk_ideograph(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x323AF);
}

bool is_latin_letter(char32_t cp) {
  return (cp < 0x80 && ascii_alpha(static_cast<char>(cp))) || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
         (cp >= 0x1E00 && cp <= 0x1EFF);
}

size_t count_chars(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string characters(size_t n) { return std::to_string(n) + (n == 1 ? " character" : " characters"); }

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%", share * 100.0);
  return buf;
}

}  // namespace

const char* removal_reason_name(RemovalReason reason) {
  switch (reason) {
    case RemovalReason::kNotUtf8: return "not_utf8";
    case RemovalReason::kEmpty: return "empty";
    case RemovalReason::kTooShort: return "too_short";
    case RemovalReason::kTooLong: return "too_long";
    case RemovalReason::kWrongLanguage: return "wrong_language";
    case RemovalReason::kDuplicate: return "duplicate";
    case RemovalReason::kNearDuplicate: return "near_duplicate";
  }
  return "unknown";
}

std::string repair_utf8(std::string_view text, size_t* invalid_bytes) {
  size_t invalid = 0;
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    utf8::Decoded d = utf8::decode(text, i);
    if (d.cp == utf8::kInvalidUtf8) {
      ++invalid;
      utf8::append(out, utf8::kReplacementChar);
    } else {
      out.append(text.substr(i, d.length));
    }
    i += d.length;
  }
  if (invalid_bytes) *invalid_bytes = invalid;
  return out;
}

std::string strip_html(std::string_view text) {
  if (text.find_first_of("<&") == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '<') {
      bool block = false, paragraph = false;
      size_t end = skip_markup(text, i, &block, &paragraph);
      if (end != i) {
        if (paragraph) out += "\n\n";
        else if (block) out += '\n';
        i = end;
        continue;
      }
    } else if (c == '&') {
      size_t length = decode_entity(text, i, out);
      if (length) {
        i += length;
        continue;
      }
    }
    out += c;
    ++i;
  }
  return out;
}

std::string normalize_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pending_spaces = 0, pending_newlines = 0;
  for (size_t i = 0; i < text.size();) {
    utf8::Decoded d = utf8::decode(text, i);
    char32_t cp = d.cp;
    std::string_view bytes = text.substr(i, d.length);
    i += d.length;
    if (cp == '\r') {  // CRLF and lone CR are line breaks
      if (i < text.size() && text[i] == '\n') ++i;
      cp = '\n';
    }
    if (cp == '\n' || cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
      ++pending_newlines;
      pending_spaces = 0;  // trailing spaces of the line are dropped
      continue;
    }
    if (is_inline_space(cp)) {
      ++pending_spaces;
      continue;
    }
    if (cp != utf8::kInvalidUtf8 && is_invisible(cp)) continue;
    if (!out.empty()) {
      if (pending_newlines) out.append(pending_newlines >= 2 ? "\n\n" : "\n");
      else if (pending_spaces) out += ' ';
    }
    pending_spaces = pending_newlines = 0;  // leading spaces of a line are dropped
    out.append(bytes);
  }
  return out;
}

ScriptCounts count_scripts(std::string_view text) {
  ScriptCounts counts;
  for (size_t i = 0; i < text.size();) {
    utf8::Decoded d = utf8::decode(text, i);
    i += d.length;
    char32_t cp = d.cp;
    if (cp < 0x80) {
      counts.latin += ascii_alpha(static_cast<char>(cp));
    } else if (cp == utf8::kInvalidUtf8) {
      continue;
    } else if (is_cjk_ideograph(cp)) {
      ++counts.cjk;
    } else if (is_latin_letter(cp)) {
      ++counts.latin;
    } else if (unicode::char_class(cp) == unicode::CharClass::kLetter) {
      ++counts.other;
    }
  }
  return counts;
}

uint64_t near_duplicate_key(std::string_view text) {
  std::string key;
  key.reserve(text.size());
  bool in_digits = false;
  for (size_t i = 0; i < text.size();) {
    utf8::Decoded d = utf8::decode(text, i);
    std::string_view bytes = text.substr(i, d.length);
    i += d.length;
    char32_t cp = d.cp;
    if (cp == utf8::kInvalidUtf8) continue;
    auto cls = unicode::char_class(cp);
    if (cls == unicode::CharClass::kNumber) {
      if (!in_digits) key += '#';  // "20% off" and "30% off" share a key
      in_digits = true;
      continue;
    }
    in_digits = false;
    if (cls != unicode::CharClass::kLetter) continue;
    if (cp < 0x80) key += ascii_lower(static_cast<char>(cp));
    else key.append(bytes);
  }
  return fnv1a(key);
}

Result<std::vector<std::string>> split_texts(std::string_view text, std::string_view mode) {
  std::vector<std::string> docs;
  std::string_view separator;
  if (mode == "eot") separator = kEndOfText;
  else if (mode == "line") separator = "\n";
  else if (mode == "blank") separator = "";
  else return make_error("split mode '", std::string(mode), "' is not one of eot, line, blank");
  if (mode == "blank") {
    // Paragraph blocks: split on lines that are empty or hold only spaces.
    std::string current;
    size_t pos = 0;
    bool any = false;
    while (pos <= text.size()) {
      size_t end = text.find('\n', pos);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(pos, end - pos);
      bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
      if (blank) {
        if (any) docs.push_back(current);
        current.clear();
        any = false;
      } else {
        if (any) current += '\n';
        current.append(line);
        any = true;
      }
      pos = end + 1;
    }
    if (any) docs.push_back(current);
    return docs;
  }
  size_t pos = 0;
  while (true) {
    size_t end = text.find(separator, pos);
    if (end == std::string_view::npos) {
      if (pos < text.size() || docs.empty()) docs.emplace_back(text.substr(pos));
      break;
    }
    docs.emplace_back(text.substr(pos, end - pos));
    pos = end + separator.size();
  }
  // A trailing separator does not start another document; neither does a final newline.
  if (!docs.empty() && docs.back().find_first_not_of(" \t\r\n") == std::string::npos && docs.size() > 1)
    docs.pop_back();
  return docs;
}

Result<CleanResult> clean_texts(const std::vector<std::string>& texts, const CleanOptions& o) {
  if (!o.language.empty() && o.language != "en" && o.language != "zh")
    return make_error("language '", o.language, "' is not one of en, zh (or empty for any)");
  if (o.min_chars > o.max_chars)
    return make_error("minimum length ", o.min_chars, " is larger than the maximum ", o.max_chars);
  if (!(o.min_language_share >= 0 && o.min_language_share <= 1))
    return make_error("language share must be between 0 and 1");
  if (!(o.max_invalid_utf8 >= 0 && o.max_invalid_utf8 <= 1))
    return make_error("invalid UTF-8 share must be between 0 and 1");

  CleanResult result;
  CleanReport& r = result.report;
  r.input = texts.size();
  std::unordered_map<uint64_t, size_t> exact_seen;  // hash -> index into result.texts
  std::unordered_map<uint64_t, size_t> near_seen;   // key -> input index
  auto remove = [&r](size_t index, RemovalReason reason, std::string detail) {
    r.removed_by[static_cast<int>(reason)]++;
    r.removals.push_back({index, reason, std::move(detail)});
  };

  for (size_t index = 0; index < texts.size(); ++index) {
    const std::string& raw = texts[index];
    r.bytes_in += raw.size();
    size_t invalid = 0;
    std::string text = repair_utf8(raw, &invalid);
    if (raw.find('\0') != std::string::npos) {
      remove(index, RemovalReason::kNotUtf8, "contains NUL bytes (a binary file?)");
      continue;
    }
    if (invalid > 0) {
      double share = static_cast<double>(invalid) / static_cast<double>(raw.size());
      if (share > o.max_invalid_utf8) {
        remove(index, RemovalReason::kNotUtf8,
               percent(share) + " of bytes are not UTF-8 (save the text as UTF-8; GBK or Latin-1?)");
        continue;
      }
      r.repaired_utf8++;
    }
    if (o.strip_html) {
      std::string stripped = strip_html(text);
      if (stripped != text) r.html_stripped++;
      text = std::move(stripped);
    }
    std::string nfc = normalize_nfc(text);
    if (nfc != text) r.nfc_changed++;
    std::string spaced = normalize_whitespace(nfc);
    if (spaced != nfc) r.whitespace_changed++;
    text = std::move(spaced);

    size_t chars = count_chars(text);
    if (chars == 0) {
      remove(index, RemovalReason::kEmpty, "nothing left after cleaning");
      continue;
    }
    if (chars < o.min_chars) {
      remove(index, RemovalReason::kTooShort, characters(chars) + ", fewer than " + std::to_string(o.min_chars));
      continue;
    }
    if (chars > o.max_chars) {
      remove(index, RemovalReason::kTooLong, characters(chars) + ", more than " + std::to_string(o.max_chars));
      continue;
    }
    if (!o.language.empty()) {
      ScriptCounts s = count_scripts(text);
      size_t letters = s.cjk + s.latin + s.other;
      size_t wanted = o.language == "zh" ? s.cjk : s.latin;
      double share = letters ? static_cast<double>(wanted) / static_cast<double>(letters) : 0.0;
      if (share < o.min_language_share) {
        const char* script = o.language == "zh" ? "Chinese characters" : "Latin letters";
        remove(index, RemovalReason::kWrongLanguage,
               std::string("only ") + percent(share) + " of letters are " + script + ", expected " + o.language);
        continue;
      }
    }
    if (o.remove_duplicates) {
      uint64_t h = fnv1a(text);
      auto it = exact_seen.find(h);
      if (it != exact_seen.end() && result.texts[it->second] == text) {
        remove(index, RemovalReason::kDuplicate, "same as text " + std::to_string(result.source_index[it->second]));
        continue;
      }
      exact_seen.emplace(h, result.texts.size());
    }
    if (o.remove_near_duplicates) {
      uint64_t key = near_duplicate_key(text);
      auto it = near_seen.find(key);
      if (it != near_seen.end()) {
        remove(index, RemovalReason::kNearDuplicate,
               "same as text " + std::to_string(it->second) + " apart from case, punctuation, spaces or numbers");
        continue;
      }
      near_seen.emplace(key, index);
    }
    r.bytes_out += text.size();
    result.texts.push_back(std::move(text));
    result.source_index.push_back(index);
  }
  r.kept = result.texts.size();
  return result;
}

}  // namespace plume
