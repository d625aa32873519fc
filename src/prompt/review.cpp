#include "prompt/review.h"

#include <algorithm>
#include <cctype>

namespace plume::prompt {
namespace {

using nlohmann::json;

std::string show(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

// Byte-level UTF-8 check (decisions may be built by hand; the JSON parser only checks text it
// parsed itself).
bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 0 : (c >= 0xC2 && c <= 0xDF) ? 1 : (c >> 4) == 0xE ? 2 : (c >= 0xF0 && c <= 0xF4) ? 3 : -1;
    if (n < 0 || (n > 0 && i + static_cast<size_t>(n) >= s.size())) return false;  // bad lead byte or cut short
    for (int k = 1; k <= n; k++)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    if (n >= 2) {
      const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) ||  // overlong, surrogate
          (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90))    // overlong, beyond U+10FFFF
        return false;
    }
    i += static_cast<size_t>(n) + 1;
  }
  return true;
}

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

// YYYY-MM-DDTHH:MM:SS[.fraction]Z with calendar ranges (February 29 only in leap years).
bool valid_time(const std::string& t) {
  auto digits = [&](size_t at, size_t n, int* out) {
    if (at + n > t.size()) return false;
    int v = 0;
    for (size_t i = at; i < at + n; i++) {
      if (!std::isdigit(static_cast<unsigned char>(t[i]))) return false;
      v = v * 10 + (t[i] - '0');
    }
    *out = v;
    return true;
  };
  int y, mo, d, h, mi, s;
  if (t.size() < 20 || !digits(0, 4, &y) || t[4] != '-' || !digits(5, 2, &mo) || t[7] != '-' || !digits(8, 2, &d) ||
      t[10] != 'T' || !digits(11, 2, &h) || t[13] != ':' || !digits(14, 2, &mi) || t[16] != ':' || !digits(17, 2, &s))
    return false;
  size_t i = 19;
  if (t[i] == '.') {
    size_t start = ++i;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) i++;
    if (i == start || i - start > 9) return false;
  }
  if (i + 1 != t.size() || t[i] != 'Z') return false;
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1970 || mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d >= 1 && d <= days[mo - 1] + (mo == 2 && leap ? 1 : 0);
}

Result<std::string> text(const json& j, const std::string& key, const std::string& where, bool required, size_t max_bytes) {
  if (!j.contains(key) || j[key].is_null()) {
    if (required) return make_error(where, ": ", key, " is missing");
    return std::string();
  }
  if (!j[key].is_string()) return make_error(where, ": ", key, " must be text, got ", show(j[key]));
  std::string s = j[key].get<std::string>();
  if (!valid_utf8(s)) return make_error(where, ": ", key, " is not valid UTF-8");
  if (s.size() > max_bytes) return make_error(where, ": ", key, " is longer than ", max_bytes, " bytes");
  if (required && blank(s)) return make_error(where, ": ", key, " is empty");
  return s;
}

const char* const kKeys[] = {"id", "action", "template", "language", "variant", "input", "candidate",
                             "edited", "reason", "score", "reviewer", "time"};

}  // namespace

const char* review_action_name(ReviewAction a) {
  switch (a) {
    case ReviewAction::kApprove: return "approve";
    case ReviewAction::kEdit: return "edit";
    case ReviewAction::kReject: return "reject";
  }
  return "approve";
}

const std::vector<ReviewReason>& review_reasons() {
  static const std::vector<ReviewReason> reasons = {
      {"good", "Good as it is", "可直接使用", true, false},
      {"on_brand", "Fits the brand voice", "符合品牌调性", true, false},
      {"off_brand", "Off-brand tone", "不符合品牌调性", false, true},
      {"factual_error", "Wrong or invented facts", "事实错误或编造信息", false, true},
      {"missing_feature", "Misses a key feature", "遗漏关键卖点", false, true},
      {"too_long", "Too long", "太长", false, true},
      {"too_short", "Too short", "太短", false, true},
      {"wording", "Grammar or wording", "语法或措辞问题", false, true},
      {"repetitive", "Repetitive", "内容重复", false, true},
      {"wrong_language", "Wrong language", "语言不对", false, true},
      {"compliance", "Legal or compliance risk", "合规或法律风险", false, true},
      {"other", "Other (see note)", "其他（见备注）", true, true},
  };
  return reasons;
}

json review_reasons_json() {
  json list = json::array();
  for (const ReviewReason& r : review_reasons()) {
    json actions = json::array();
    if (r.for_approve) actions.push_back("approve");
    if (r.for_edit_or_reject) actions.push_back("edit"), actions.push_back("reject");
    list.push_back({{"code", r.code}, {"en", r.en}, {"zh", r.zh}, {"actions", actions}});
  }
  return json{{"reasons", list}};
}

Result<ReviewDecision> parse_review_decision(const json& j, const std::string& where) {
  if (!j.is_object()) return make_error(where, ": a decision must be a JSON object, got ", show(j));
  for (auto it = j.begin(); it != j.end(); ++it)
    if (std::find_if(std::begin(kKeys), std::end(kKeys), [&](const char* k) { return it.key() == k; }) == std::end(kKeys))
      return make_error(where, ": unknown key '", it.key(),
                        "' (known: id, action, template, language, variant, input, candidate, edited, reason, score, "
                        "reviewer, time)");
  ReviewDecision d;
  auto id = text(j, "id", where, false, 200);
  if (!id) return id.error();
  d.id = *id;
  auto action = text(j, "action", where, true, 20);
  if (!action) return action.error();
  if (*action == "approve") d.action = ReviewAction::kApprove;
  else if (*action == "edit") d.action = ReviewAction::kEdit;
  else if (*action == "reject") d.action = ReviewAction::kReject;
  else return make_error(where, ": action '", *action, "' is not approve, edit or reject");

  auto language = text(j, "language", where, true, 10);
  if (!language) return language.error();
  if (*language != "en" && *language != "zh") return make_error(where, ": language '", *language, "' is not en or zh");
  d.language = *language;
  auto tmpl = text(j, "template", where, true, 200);
  if (!tmpl) return tmpl.error();
  d.template_name = *tmpl;
  const std::string suffix = "." + d.language;
  if (d.template_name.size() <= suffix.size() ||
      d.template_name.compare(d.template_name.size() - suffix.size(), suffix.size(), suffix) != 0)
    return make_error(where, ": template '", d.template_name, "' must be a full library name ending in '", suffix,
                      "' (the decision's language), e.g. 'sms", suffix, "'");
  auto variant = text(j, "variant", where, false, 200);
  if (!variant) return variant.error();
  d.variant = *variant;

  if (!j.contains("input") || !j["input"].is_object())
    return make_error(where, ": input must be the object of product/request fields the candidate was written from");
  d.input = j["input"];
  auto candidate = text(j, "candidate", where, true, 64 * 1024);
  if (!candidate) return candidate.error();
  d.candidate = *candidate;
  auto edited = text(j, "edited", where, d.action == ReviewAction::kEdit, 64 * 1024);
  if (!edited) return edited.error();
  d.edited = *edited;
  if (d.action == ReviewAction::kEdit && d.edited == d.candidate)
    return make_error(where, ": edited text is the same as the candidate (use action approve)");
  if (d.action != ReviewAction::kEdit && !d.edited.empty())
    return make_error(where, ": edited text is only for action edit (this one is ", *action, ")");

  if (j.contains("reason") && !j["reason"].is_null()) {
    const json& r = j["reason"];
    if (!r.is_object()) return make_error(where, ": reason must be an object {\"code\", \"note\"}, got ", show(r));
    for (auto it = r.begin(); it != r.end(); ++it)
      if (it.key() != "code" && it.key() != "note") return make_error(where, ": reason: unknown key '", it.key(), "' (known: code, note)");
    auto code = text(r, "code", where + ": reason", true, 40);
    if (!code) return code.error();
    auto note = text(r, "note", where + ": reason", false, 2000);
    if (!note) return note.error();
    const auto& all = review_reasons();
    auto found = std::find_if(all.begin(), all.end(), [&](const ReviewReason& x) { return *code == x.code; });
    if (found == all.end()) {
      std::string known;
      for (const ReviewReason& x : all) known += (known.empty() ? "" : ", ") + std::string(x.code);
      return make_error(where, ": reason.code '", *code, "' is not a reason code (known: ", known, ")");
    }
    const bool allowed = d.action == ReviewAction::kApprove ? found->for_approve : found->for_edit_or_reject;
    if (!allowed) return make_error(where, ": reason '", *code, "' does not go with action ", *action);
    if (*code == std::string("other") && blank(*note)) return make_error(where, ": reason 'other' needs a note saying why");
    d.reason_code = *code;
    d.reason_note = *note;
  } else if (d.action != ReviewAction::kApprove) {
    return make_error(where, ": a decision to ", *action, " needs a reason {\"code\": ..., \"note\": ...}");
  }
  if (j.contains("score") && !j["score"].is_null()) {
    if (!j["score"].is_object()) return make_error(where, ": score must be the candidate's score breakdown object, got ", show(j["score"]));
    d.score = j["score"];
  }
  auto reviewer = text(j, "reviewer", where, true, 200);
  if (!reviewer) return reviewer.error();
  d.reviewer = *reviewer;
  auto time = text(j, "time", where, true, 40);
  if (!time) return time.error();
  if (!valid_time(*time)) return make_error(where, ": time '", *time, "' is not an ISO 8601 UTC time like 2026-11-29T04:00:00Z");
  d.time = *time;
  return d;
}

json review_decision_to_json(const ReviewDecision& d) {
  json j = {{"id", d.id}, {"action", review_action_name(d.action)}, {"template", d.template_name}, {"language", d.language}};
  if (!d.variant.empty()) j["variant"] = d.variant;
  j["input"] = d.input;
  j["candidate"] = d.candidate;
  if (d.action == ReviewAction::kEdit) j["edited"] = d.edited;
  if (!d.reason_code.empty()) {
    j["reason"] = {{"code", d.reason_code}};
    if (!d.reason_note.empty()) j["reason"]["note"] = d.reason_note;
  }
  if (!d.score.is_null()) j["score"] = d.score;
  j["reviewer"] = d.reviewer;
  j["time"] = d.time;
  return j;
}

}  // namespace plume::prompt
