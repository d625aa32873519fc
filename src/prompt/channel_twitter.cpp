// twitter-text v3 weighted length (see channel_twitter.h). The URL rules follow twitter-text's
// extractor regular expression (Regex.VALID_URL and Extractor.extractURLsWithIndices), written
// out as a scanner: a URL starts after a character that is not a letter, digit, @, $ or #, has an
// optional http(s):// protocol, a host ending in a known top-level domain, an optional port, path
// and query, and is kept only if every host label is at most 63 characters after punycode.
#include "prompt/channel_twitter.h"

#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "prompt/channel_tables.h"
#include "prompt/channel_unicode.h"

namespace plume::twitter {

using nlohmann::json;

Result<Config> config_from_json(std::string_view json_text) {
  json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return make_error("twitter-text config: not a JSON object");
  Config c;
  auto integer = [&](const char* key, int* out, bool required) -> Status {
    if (!j.contains(key)) return required ? Status(make_error("twitter-text config: missing ", key)) : Status();
    if (!j[key].is_number_integer()) return make_error("twitter-text config: ", key, " must be an integer");
    *out = j[key].get<int>();
    return {};
  };
  for (auto [key, out, required] : {std::tuple{"version", &c.version, true},
                                    std::tuple{"maxWeightedTweetLength", &c.max_weighted_tweet_length, true},
                                    std::tuple{"scale", &c.scale, true},
                                    std::tuple{"defaultWeight", &c.default_weight, true},
                                    std::tuple{"transformedURLLength", &c.transformed_url_length, false}})
    if (auto s = integer(key, out, required); !s) return s.error();
  if (c.scale < 1) return make_error("twitter-text config: scale must be at least 1");
  if (j.contains("emojiParsingEnabled")) {
    if (!j["emojiParsingEnabled"].is_boolean()) return make_error("twitter-text config: emojiParsingEnabled must be true or false");
    c.emoji_parsing_enabled = j["emojiParsingEnabled"].get<bool>();
  } else {
    c.emoji_parsing_enabled = false;
  }
  c.ranges.clear();
  if (j.contains("ranges")) {
    if (!j["ranges"].is_array()) return make_error("twitter-text config: ranges must be an array");
    for (const json& r : j["ranges"]) {
      if (!r.is_object() || !r.contains("start") || !r.contains("end") || !r.contains("weight") ||
          !r["start"].is_number_integer() || !r["end"].is_number_integer() || !r["weight"].is_number_integer())
        return make_error("twitter-text config: each range needs integer start, end and weight");
      c.ranges.push_back({static_cast<char32_t>(r["start"].get<int64_t>()), static_cast<char32_t>(r["end"].get<int64_t>()),
                          r["weight"].get<int>()});
    }
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// Punycode (RFC 3492 section 6.3)

std::string punycode_encode(std::u32string_view input) {
  constexpr uint32_t kBase = 36, kTMin = 1, kTMax = 26, kSkew = 38, kDamp = 700;
  auto adapt = [&](uint32_t delta, uint32_t points, bool first) {
    delta = first ? delta / kDamp : delta / 2;
    delta += delta / points;
    uint32_t k = 0;
    while (delta > ((kBase - kTMin) * kTMax) / 2) { delta /= kBase - kTMin; k += kBase; }
    return k + (kBase - kTMin + 1) * delta / (delta + kSkew);
  };
  auto digit = [](uint32_t d) { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); };
  std::string out;
  for (char32_t c : input) if (c < 0x80) out += static_cast<char>(c);
  const uint32_t basic = static_cast<uint32_t>(out.size());
  uint32_t handled = basic;
  if (basic > 0) out += '-';
  uint32_t n = 0x80, delta = 0, bias = 72;
  while (handled < input.size()) {
    uint32_t m = 0x110000;
    for (char32_t c : input) if (c >= n && c < m) m = c;
    if ((m - n) > (0xFFFFFFFFu - delta) / (handled + 1)) return {};
    delta += (m - n) * (handled + 1);
    n = m;
    for (char32_t c : input) {
      if (c < n && ++delta == 0) return {};
      if (c == n) {
        uint32_t q = delta;
        for (uint32_t k = kBase;; k += kBase) {
          const uint32_t t = k <= bias ? kTMin : k >= bias + kTMax ? kTMax : k - bias;
          if (q < t) break;
          out += digit(t + (q - t) % (kBase - t));
          q = (q - t) / (kBase - t);
        }
        out += digit(q);
        bias = adapt(delta, handled + 1, handled == basic);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Character classes of twitter-text's URL expression (case-insensitive, ASCII case only)

namespace {

bool ascii_alnum(char32_t c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char32_t ascii_lower(char32_t c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

bool latin_accent(char32_t c) {
  return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x24F) || c == 0x253 ||
         c == 0x254 || c == 0x256 || c == 0x257 || c == 0x259 || c == 0x25B || c == 0x263 || c == 0x268 ||
         c == 0x26F || c == 0x272 || c == 0x289 || c == 0x28B || c == 0x2BB || (c >= 0x300 && c <= 0x36F) ||
         (c >= 0x1E00 && c <= 0x1EFF);
}
bool cyrillic(char32_t c) { return c >= 0x400 && c <= 0x4FF; }
bool in(char32_t c, const char* set) { return c < 0x80 && c != 0 && std::strchr(set, static_cast<char>(c)); }

bool url_valid_char(char32_t c) { return ascii_alnum(c) || latin_accent(c); }                // URL_VALID_CHARS
bool ascii_punctuation(char32_t c) { return in(c, "-_!\"#$%&'()*+,./:;<=>?@[]^`{|}~"); }
bool unicode_domain_char(char32_t c) {                                                        // URL_VALID_UNICODE_CHARS
  return !ascii_punctuation(c) && !in(c, " \t\n\x0B\f\r") && c != 0xA0 && c != 0x1680 && c != 0x3000 &&
         !(c >= 0x2000 && c <= 0x206F);
}
bool invalid_preceding(char32_t c) {                                                          // URL_VALID_PRECEDING_CHARS
  return ascii_alnum(c) || c == '@' || c == 0xFF20 || c == '$' || c == '#' || c == 0xFF03 || c == 0xFFFE ||
         c == 0xFEFF || c == 0xFFFF;
}
bool path_char(char32_t c) {                                                                  // URL_VALID_GENERAL_PATH_CHARS
  return ascii_alnum(c) || in(c, "!*';:=+,.$/%#[]-_~|&@") || c == 0x2013 || latin_accent(c) || cyrillic(c);
}
bool path_ending_char(char32_t c) {                                                           // URL_VALID_PATH_ENDING_CHARS
  return ascii_alnum(c) || in(c, "=_#/-+") || latin_accent(c) || cyrillic(c);
}
bool query_char(char32_t c) { return ascii_alnum(c) || in(c, "!?*'();:&=+$/%#[]-_.,~|@"); }
bool query_ending_char(char32_t c) { return ascii_alnum(c) || in(c, "-_&=#/"); }
bool tld_lookahead_ok(std::u32string_view s, size_t i) {      // (?=[^a-z0-9@+-]|$)
  return i >= s.size() || !(ascii_alnum(s[i]) || s[i] == '@' || s[i] == '+' || s[i] == '-');
}

bool starts_with_ci(std::u32string_view s, size_t i, const char* word) {
  for (size_t k = 0; word[k]; k++)
    if (i + k >= s.size() || ascii_lower(s[i + k]) != static_cast<char32_t>(word[k])) return false;
  return true;
}

bool is_tld(std::u32string_view s, size_t i, size_t len) {
  std::string key;
  for (size_t k = i; k < i + len; k++) text::append_utf8(key, ascii_lower(s[k]));
  const char* const* begin = channel_tables::kTopLevelDomains;
  const char* const* end = begin + channel_tables::kTopLevelDomainCount;
  auto less = [](const char* a, const std::string& b) { return std::strcmp(a, b.c_str()) < 0; };
  const char* const* it = std::lower_bound(begin, end, key, less);
  return it != end && key == *it;
}

// Length of the top-level domain at s[i] (a known TLD, or xn--punycode), 0 if none.
size_t match_tld(std::u32string_view s, size_t i) {
  size_t run = 0;
  while (i + run < s.size() && run < 64 && (ascii_alnum(s[i + run]) || s[i + run] == '-' ||
                                            (s[i + run] >= 0x80 && unicode_domain_char(s[i + run]))))
    run++;
  for (size_t len = run; len > 0; len--)
    if (tld_lookahead_ok(s, i + len) && is_tld(s, i, len)) return len;
  if (starts_with_ci(s, i, "xn--")) {
    size_t j = i + 4;
    while (j < s.size() && (ascii_alnum(s[j]) || s[j] == '-')) j++;
    if (j > i + 4) return j - i;
  }
  return 0;
}

// A label of `allowed` characters whose first and last characters satisfy `edge`.
template <class Allowed, class Edge>
bool valid_label(std::u32string_view s, size_t b, size_t e, Allowed allowed, Edge edge) {
  if (e <= b || !edge(s[b]) || !edge(s[e - 1])) return false;
  for (size_t k = b; k < e; k++) if (!allowed(s[k])) return false;
  return true;
}

// End of the host starting at s[p] (URL_VALID_DOMAIN), or 0 if there is none.
size_t match_domain(std::u32string_view s, size_t p, bool has_protocol) {
  // subdomain* domain-name TLD: dot-separated labels of [a-z0-9 accents - _]; the regex's greedy
  // star tries the most subdomains first.
  auto label_char = [](char32_t c) { return url_valid_char(c) || c == '-' || c == '_'; };
  std::vector<std::pair<size_t, size_t>> labels;  // each followed by '.'
  for (size_t q = p;;) {
    size_t e = q;
    while (e < s.size() && label_char(s[e])) e++;
    if (e == q || e >= s.size() || s[e] != '.') break;
    labels.push_back({q, e});
    q = e + 1;
  }
  for (size_t j = labels.size(); j-- > 0;) {
    bool ok = valid_label(s, labels[j].first, labels[j].second,
                          [](char32_t c) { return url_valid_char(c) || c == '-'; }, url_valid_char);
    for (size_t k = 0; ok && k < j; k++)
      ok = valid_label(s, labels[k].first, labels[k].second, label_char, url_valid_char);
    if (!ok) continue;
    if (size_t tld = match_tld(s, labels[j].second + 1)) return labels[j].second + 1 + tld;
  }
  // After a protocol: one label of any non-punctuation characters, then a TLD (http://☃.net).
  if (has_protocol) {
    auto unicode_label_char = [](char32_t c) { return unicode_domain_char(c) || c == '-'; };
    size_t e = p;
    while (e < s.size() && unicode_label_char(s[e])) e++;
    if (e < s.size() && s[e] == '.' && valid_label(s, p, e, unicode_label_char, unicode_domain_char))
      if (size_t tld = match_tld(s, e + 1)) return e + 1 + tld;
  }
  return 0;
}

// Balanced parentheses in a path, up to one nested level: "(abc)" or "(a(b)c)". Returns length.
size_t balanced_parens(std::u32string_view s, size_t i) {
  if (i >= s.size() || s[i] != '(') return 0;
  size_t j = i + 1, n = 0;
  while (j < s.size() && path_char(s[j])) j++, n++;
  if (j < s.size() && s[j] == ')' && n > 0) return j + 1 - i;
  if (j < s.size() && s[j] == '(') {
    size_t k = j + 1, inner = 0;
    while (k < s.size() && path_char(s[k])) k++, inner++;
    if (inner == 0 || k >= s.size() || s[k] != ')') return 0;
    k++;
    while (k < s.size() && path_char(s[k])) k++;
    if (k < s.size() && s[k] == ')') return k + 1 - i;
  }
  return 0;
}

// End of the path after the '/' at s[i]: the longest run of path characters (and balanced
// parentheses) cut back to its last valid ending character.
size_t match_path(std::u32string_view s, size_t i) {
  size_t end = i + 1, j = i + 1;
  while (j < s.size()) {
    if (size_t paren = balanced_parens(s, j)) { j += paren; end = j; continue; }
    if (!path_char(s[j])) break;
    if (path_ending_char(s[j])) end = j + 1;
    j++;
  }
  return end;
}

size_t match_query(std::u32string_view s, size_t i) {  // s[i] == '?'
  size_t end = i, j = i + 1;
  for (; j < s.size() && query_char(s[j]); j++)
    if (query_ending_char(s[j])) end = j + 1;
  return end;
}

// IDN.toASCII's label rule: every host label is 1..63 characters once punycode-encoded.
bool valid_host(std::u32string_view host) {
  if (host.empty()) return false;
  size_t b = 0;
  while (b <= host.size()) {
    size_t e = b;
    while (e < host.size() && host[e] != '.' && host[e] != 0x3002 && host[e] != 0xFF0E && host[e] != 0xFF61) e++;
    std::u32string label(host.substr(b, e - b));
    for (char32_t& c : label) c = ascii_lower(c);
    const bool ascii = std::all_of(label.begin(), label.end(), [](char32_t c) { return c < 0x80; });
    size_t length = label.size();
    if (!ascii) {
      std::string code = punycode_encode(label);
      if (code.empty()) return false;
      length = 4 + code.size();  // "xn--"
    }
    if ((length == 0 && e < host.size()) || length > 63) return false;
    b = e + 1;
  }
  return true;
}

constexpr size_t kMaxUrlLength = 4096, kMaxTcoSlugLength = 40;

}  // namespace

std::vector<Url> extract_urls(std::u32string_view s) {
  std::vector<Url> urls;
  if (std::find(s.begin(), s.end(), U'.') == s.end()) return urls;
  size_t search_from = 0;  // the regex consumes a preceding character, so a URL starts after it
  for (size_t start = 0; start < s.size(); start++) {
    if (start > 0 && (start - 1 < search_from || invalid_preceding(s[start - 1]))) continue;
    if (start == 0 && search_from > 0) continue;
    size_t host_start = start;
    bool has_protocol = false;
    size_t host_end = 0;
    for (const char* protocol : {"https://", "http://"}) {
      if (starts_with_ci(s, start, protocol)) {
        const size_t p = start + std::strlen(protocol);
        if ((host_end = match_domain(s, p, true))) { host_start = p; has_protocol = true; }
        break;
      }
    }
    if (!host_end) host_end = match_domain(s, start, false);
    if (!host_end) continue;
    size_t end = host_end;
    if (end + 1 < s.size() && s[end] == ':' && s[end + 1] >= '0' && s[end + 1] <= '9') {
      end++;
      while (end < s.size() && s[end] >= '0' && s[end] <= '9') end++;
    }
    if (end < s.size() && s[end] == '/') end = match_path(s, end);
    if (end < s.size() && s[end] == '?') end = match_query(s, end);
    search_from = end;
    // The match is consumed even when the checks below reject it.
    if (!has_protocol && start > 0 && in(s[start - 1], "-_./")) { start = end - 1; continue; }
    // t.co links: only the slug (at most 40 characters) and a query belong to the URL.
    if (has_protocol && starts_with_ci(s, host_start, "t.co/")) {
      size_t slug = host_start + 5, slug_end = slug;
      while (slug_end < s.size() && ascii_alnum(s[slug_end])) slug_end++;
      if (slug_end > slug) {
        if (slug_end - slug > kMaxTcoSlugLength) { start = end - 1; continue; }
        end = slug_end < s.size() && s[slug_end] == '?' ? std::max(slug_end, match_query(s, slug_end)) : slug_end;
      }
    }
    std::u32string_view host = s.substr(host_start, host_end - host_start);
    const size_t url_length = (end - start) + (has_protocol ? 0 : 8);  // counted as if https://
    if (valid_host(host) && url_length <= kMaxUrlLength) urls.push_back({start, end});
    start = end - 1;
  }
  return urls;
}

ParseResult parse_tweet(std::u32string_view original, const Config& config) {
  ParseResult r;
  // An empty text is invalid with nothing to count. (twitter-text's Java port also returns this
  // for white space only; the JavaScript port, which X's web composer runs, counts the spaces:
  // so do we.)
  if (original.empty()) { r.display_range_end = r.valid_range_end = -1; r.display_range_start = r.valid_range_start = -1; return r; }

  const std::u32string s = text::nfc(original);
  const int scale = config.scale;
  const int64_t max_scaled = static_cast<int64_t>(config.max_weighted_tweet_length) * scale;
  r.urls = extract_urls(s);

  int64_t weighted = 0;
  size_t offset16 = 0, valid16 = 0, url_index = 0;
  bool invalid_char = false;
  for (size_t i = 0; i < s.size();) {
    if (url_index < r.urls.size() && r.urls[url_index].start == i) {
      const size_t end = r.urls[url_index++].end;
      const size_t units = text::utf16_length(s.substr(i, end - i));
      weighted += static_cast<int64_t>(config.transformed_url_length) * scale;
      offset16 += units;
      if (weighted <= max_scaled) valid16 += units;
      i = end;
      continue;
    }
    const char32_t cp = s[i];
    size_t length = config.emoji_parsing_enabled ? text::emoji_sequence_length(s, i) : 0;
    int weight = config.default_weight;
    if (length == 0) {
      length = 1;
      for (const WeightedRange& range : config.ranges)
        if (cp >= range.start && cp <= range.end) { weight = range.weight; break; }
    }
    weighted += weight;
    invalid_char = invalid_char || cp == 0xFFFE || cp == 0xFEFF || cp == 0xFFFF;
    const size_t units = text::utf16_length(s.substr(i, length));
    offset16 += units;
    if (!invalid_char && weighted <= max_scaled) valid16 += units;
    i += length;
  }
  const int normalization_offset = static_cast<int>(text::utf16_length(original)) - static_cast<int>(offset16);
  r.weighted_length = static_cast<int>(weighted / scale);
  r.valid = !invalid_char && r.weighted_length > 0 && r.weighted_length <= config.max_weighted_tweet_length;
  r.permillage = config.max_weighted_tweet_length > 0 ? r.weighted_length * 1000 / config.max_weighted_tweet_length : 0;
  r.display_range_start = r.valid_range_start = 0;
  r.display_range_end = static_cast<int>(offset16) + normalization_offset - 1;
  r.valid_range_end = static_cast<int>(valid16) + normalization_offset - 1;
  return r;
}

}  // namespace plume::twitter
