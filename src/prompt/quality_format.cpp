// Output layout (parse_output) and repetition loops (repetition_check); see quality.h.
#include <algorithm>
#include <map>

#include "prompt/channel_unicode.h"
#include "prompt/quality.h"
#include "prompt/quality_text.h"

namespace plume::prompt {

namespace {

using namespace quality_text;

enum class Kind { kDescription, kEmail, kSms, kSocial, kAd, kFaq, kService, kUnknown };

Kind kind_of(std::string_view content_type) {
  std::string key;
  for (char c : content_type) key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  static const std::map<std::string, Kind> kinds = {
      {"product_description", Kind::kDescription}, {"product description", Kind::kDescription},
      {"产品描述", Kind::kDescription}, {"email", Kind::kEmail}, {"邮件", Kind::kEmail},
      {"sms", Kind::kSms}, {"短信", Kind::kSms}, {"social_post", Kind::kSocial}, {"social post", Kind::kSocial},
      {"社交媒体帖子", Kind::kSocial}, {"ad", Kind::kAd}, {"广告", Kind::kAd}, {"faq", Kind::kFaq},
      {"faq answer", Kind::kFaq}, {"常见问题解答", Kind::kFaq}, {"customer_service", Kind::kService},
      {"customer-service reply", Kind::kService}, {"客服回复", Kind::kService}};
  auto it = kinds.find(key);
  return it == kinds.end() ? Kind::kUnknown : it->second;
}

std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\n";
  const size_t a = s.find_first_not_of(ws);
  if (a == std::string_view::npos) return {};
  return s.substr(a, s.find_last_not_of(ws) - a + 1);
}

std::vector<std::string_view> lines_of(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The labels of compose.py: English "Subject: ", Chinese "主题：" (an ASCII colon is accepted).
struct Label {
  const char* en;
  const char* zh;
};
constexpr Label kSubject{"Subject:", "主题"}, kBody{"Body:", "正文"}, kHeadline{"Headline:", "标题"},
    kDescriptionLabel{"Description:", "描述"};

// The value after `label` when `line` starts with it, else nullopt-like {false, ""}.
std::pair<bool, std::string_view> after_label(std::string_view line, const Label& label, bool zh) {
  line = trim(line);
  if (!zh) {
    std::string_view l = label.en;
    if (line.substr(0, l.size()) != l) return {false, {}};
    return {true, trim(line.substr(l.size()))};
  }
  std::string_view l = label.zh;
  if (line.substr(0, l.size()) != l) return {false, {}};
  std::string_view rest = line.substr(l.size());
  for (std::string_view colon : {std::string_view("："), std::string_view(":")})
    if (rest.substr(0, colon.size()) == colon) return {true, trim(rest.substr(colon.size()))};
  return {false, {}};
}

struct Reasons {
  bool zh;
  std::string operator()(const char* en, const char* zh_text) const { return zh ? zh_text : en; }
};

OutputParts fail(std::string reason) {
  OutputParts p;
  p.reason = std::move(reason);
  return p;
}

OutputParts parse_email(const std::vector<std::string_view>& lines, bool zh, const Reasons& R) {
  size_t i = 0;
  while (i < lines.size() && trim(lines[i]).empty()) i++;
  auto [has_subject, subject] = after_label(i < lines.size() ? lines[i] : "", kSubject, zh);
  if (!has_subject) return fail(R("An email must start with a \"Subject:\" line.", "邮件必须以“主题：”开头。"));
  if (subject.empty()) return fail(R("The email's subject is empty.", "邮件主题是空的。"));
  i++;
  while (i < lines.size() && trim(lines[i]).empty()) i++;
  auto [has_body, first] = after_label(i < lines.size() ? lines[i] : "", kBody, zh);
  if (!has_body) return fail(R("After the subject, an email needs a \"Body:\" line.", "主题之后需要“正文：”一行。"));
  std::string body(first);
  for (i++; i < lines.size(); i++) {
    if (after_label(lines[i], kSubject, zh).first)
      return fail(R("The email has a second subject line.", "邮件里出现了第二个主题。"));
    body += body.empty() ? std::string(lines[i]) : "\n" + std::string(lines[i]);
  }
  body = std::string(trim(body));
  if (body.empty()) return fail(R("The email's body is empty.", "邮件正文是空的。"));
  OutputParts p;
  p.ok = true;
  p.parts = {{"subject", std::string(subject)}, {"body", body}};
  return p;
}

OutputParts parse_ad(const std::vector<std::string_view>& lines, bool zh, const Reasons& R) {
  OutputParts p;
  int headlines = 0, descriptions = 0;
  for (std::string_view line : lines) {
    if (trim(line).empty()) continue;
    auto [is_head, head] = after_label(line, kHeadline, zh);
    auto [is_desc, desc] = after_label(line, kDescriptionLabel, zh);
    if (!is_head && !is_desc)
      return fail(R("Every line of an ad must be a \"Headline:\" or a \"Description:\".",
                    "广告的每一行都必须是“标题：”或“描述：”。"));
    if ((is_head ? head : desc).empty()) return fail(R("An ad line is empty.", "广告里有一行是空的。"));
    if (is_head && descriptions > 0)
      return fail(R("Headlines must come before the description.", "标题必须写在描述之前。"));
    (is_head ? headlines : descriptions)++;
    p.parts.push_back({is_head ? "headline" : "description", std::string(is_head ? head : desc)});
  }
  if (headlines == 0) return fail(R("The ad has no headline.", "广告缺少标题。"));
  if (descriptions == 0) return fail(R("The ad has no description.", "广告缺少描述。"));
  p.ok = true;
  return p;
}

}  // namespace

OutputParts parse_output(std::string_view text, std::string_view content_type, std::string_view lang) {
  const bool zh = lang == "zh";
  const Reasons R{zh};
  if (!zh && lang != "en") return fail("Unknown language '" + std::string(lang) + "' (use en or zh).");
  const Kind kind = kind_of(content_type);
  if (kind == Kind::kUnknown)
    return fail(R("Unknown content type '", "未知的内容类型“") + std::string(content_type) + R("'.", "”。"));
  const std::string_view body = trim(text);
  if (body.empty()) return fail(R("The output is empty.", "输出是空的。"));
  const std::vector<std::string_view> lines = lines_of(body);
  for (std::string_view line : lines)
    if (line.substr(0, 3) == "###")
      return fail(R("The output contains a \"###\" section line.", "输出里有“###”分节行。"));
  if (kind == Kind::kEmail) return parse_email(lines, zh, R);
  if (kind == Kind::kAd) return parse_ad(lines, zh, R);
  OutputParts p;
  if (kind == Kind::kSms) {
    if (lines.size() > 1) return fail(R("An SMS must be one message on one line.", "短信必须是一条单行消息。"));
    p.ok = true;
    p.parts = {{"message", std::string(body)}};
    return p;
  }
  for (const Label* label : {&kSubject, &kBody, &kHeadline, &kDescriptionLabel})
    if (after_label(lines[0], *label, zh).first)
      return fail(R("The text starts with an email or ad label.", "正文以邮件或广告的标签开头。"));
  const char* name = kind == Kind::kDescription ? "text" : kind == Kind::kSocial ? "post"
                     : kind == Kind::kFaq       ? "answer" : "reply";
  p.ok = true;
  p.parts = {{name, std::string(body)}};
  return p;
}

namespace {

bool is_unit_char(char32_t c) {
  return text::is_word_char(c) && c != '_' && !text::is_cjk(c);
}

// Units: runs of letters/digits (not CJK), single Han/kana/Hangul characters and single
// pictographs; punctuation and spaces separate and are dropped.
std::vector<std::u32string> units_of(std::u32string_view s) {
  std::vector<std::u32string> out;
  size_t i = 0;
  while (i < s.size()) {
    const char32_t c = s[i];
    if (is_unit_char(c)) {
      size_t j = i;
      while (j < s.size() && is_unit_char(s[j])) j++;
      out.emplace_back(s.substr(i, j - i));
      i = j;
      continue;
    }
    if (is_han(c) || is_other_letter(c) || text::is_extended_pictographic(c)) out.emplace_back(1, c);
    i++;
  }
  return out;
}

std::string join(const std::vector<std::u32string>& units, size_t at, size_t n, bool zh) {
  std::u32string s;
  for (size_t k = 0; k < n; k++) {
    const std::u32string& u = units[at + k];
    // Space between Latin words; none next to a CJK character.
    if (!s.empty() && is_unit_char(s.back()) && is_unit_char(u.front())) s.push_back(' ');
    s += u;
  }
  return encode(s);
}

}  // namespace

RepetitionCheck repetition_check(std::string_view text, std::string_view lang) {
  const bool zh = lang == "zh";
  const size_t long_block = zh ? 14 : 8, twice_block = long_block, short_cover = zh ? 8 : 6;
  const std::vector<std::u32string> u = units_of(normalize_for_match(text));
  const size_t n = u.size();
  RepetitionCheck r;
  auto same = [&](size_t a, size_t b, size_t len) { return std::equal(u.begin() + a, u.begin() + a + len, u.begin() + b); };
  // Back-to-back repeats of a block of `len` units starting at `at`.
  for (size_t len = 1; len * 2 <= n; len++) {
    for (size_t at = 0; at + 2 * len <= n; at++) {
      size_t count = 1;
      while (at + (count + 1) * len <= n && same(at, at + count * len, len)) count++;
      if ((count >= 3 && count * len >= short_cover) || (count >= 2 && len >= twice_block)) {
        r.loop = true;
        r.repeated = join(u, at, len, zh);
        return r;
      }
    }
  }
  // The same run of long_block units three times anywhere.
  std::map<std::vector<std::u32string>, int> seen;
  for (size_t at = 0; at + long_block <= n; at++) {
    std::vector<std::u32string> key(u.begin() + at, u.begin() + at + long_block);
    if (++seen[key] >= 3) {
      r.loop = true;
      r.repeated = join(u, at, long_block, zh);
      return r;
    }
  }
  return r;
}

}  // namespace plume::prompt
