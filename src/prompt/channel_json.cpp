// JSON conversion for channel and brand results (shape documented in channel_json.h).
#include "prompt/channel_json.h"

#include <cmath>

namespace plume {

using nlohmann::json;

json reason_to_json(const rules::Reason& r) {
  json params = json::object();
  for (const rules::Param& p : r.params) {
    if (std::holds_alternative<int64_t>(p.value)) params[p.name] = std::get<int64_t>(p.value);
    else params[p.name] = std::get<std::string>(p.value);
  }
  return {{"code", r.code}, {"severity", rules::severity_name(r.severity)}, {"params", params}, {"en", r.en}, {"zh", r.zh}};
}

json brand_report_to_json(const BrandReport& report) {
  json rules = json::array();
  for (const RuleResult& r : report.rules) {
    json reasons = json::array();
    for (const rules::Reason& reason : r.reasons) reasons.push_back(reason_to_json(reason));
    rules.push_back({{"rule", r.rule}, {"pass", r.pass}, {"reasons", reasons}});
  }
  return {{"ok", report.ok}, {"rules", rules}};
}

namespace {

Result<std::vector<std::string>> word_list(const json& j, const char* key) {
  std::vector<std::string> out;
  if (!j.contains(key) || j[key].is_null()) return out;
  const json& v = j[key];
  if (v.is_string()) {  // "a,b" or "a，b"
    std::string s = v.get<std::string>(), current;
    for (size_t i = 0; i <= s.size(); i++) {
      const bool comma = i < s.size() && s[i] == ',';
      const bool wide_comma = s.compare(i, 3, "，") == 0;
      if (i == s.size() || comma || wide_comma) {
        if (!current.empty()) out.push_back(current);
        current.clear();
        if (wide_comma) i += 2;
      } else {
        current += s[i];
      }
    }
    return out;
  }
  if (!v.is_array()) return make_error("brand rule ", key, " must be a list of strings");
  for (const json& item : v) {
    if (!item.is_string()) return make_error("brand rule ", key, " must contain only strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

Status read_bool(const json& j, const char* key, bool* out) {
  if (!j.contains(key)) return {};
  if (!j[key].is_boolean()) return make_error("brand rule ", key, " must be true or false");
  *out = j[key].get<bool>();
  return {};
}

Result<int64_t> read_int(const json& j, const char* key, int64_t fallback, int64_t lo, int64_t hi) {
  if (!j.contains(key) || j[key].is_null()) return fallback;
  const json& v = j[key];
  if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() != std::floor(v.get<double>()))
    return make_error("option ", key, " must be an integer");
  const double d = v.get<double>();
  if (d < static_cast<double>(lo) || d > static_cast<double>(hi))
    return make_error("option ", key, " is ", v.dump(), ", expected ", lo, "..", hi);
  return static_cast<int64_t>(d);
}

}  // namespace

Result<BrandRules> brand_rules_from_json(const json& j) {
  BrandRules rules;
  if (j.is_null()) return rules;
  if (!j.is_object()) return make_error("brand rules must be a JSON object");
  static const char* const kKeys[] = {"banned", "required", "stopMarkers", "placeholders", "repeatedSentences"};
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (const char* k : kKeys) known = known || it.key() == k;
    if (!known) return make_error("unknown brand rule '", it.key(), "': expected banned, required, stopMarkers, placeholders or repeatedSentences");
  }
  auto banned = word_list(j, "banned");
  if (!banned) return banned.error();
  auto required = word_list(j, "required");
  if (!required) return required.error();
  rules.banned_words = *banned;
  rules.required_keywords = *required;
  if (j.contains("stopMarkers")) {
    auto markers = word_list(j, "stopMarkers");
    if (!markers) return markers.error();
    rules.stop_markers = *markers;
  }
  if (auto s = read_bool(j, "placeholders", &rules.check_placeholders); !s) return s.error();
  if (auto s = read_bool(j, "repeatedSentences", &rules.check_repeated_sentences); !s) return s.error();
  return rules;
}

Result<json> check_brand_json(std::string_view text, const json& rules_json) {
  auto rules = brand_rules_from_json(rules_json);
  if (!rules) return rules.error();
  auto report = check_brand(text, *rules);
  if (!report) return report.error();
  json out = brand_report_to_json(*report);
  json reasons = json::array();
  for (const RuleResult& r : report->rules)
    for (const rules::Reason& reason : r.reasons) reasons.push_back(reason_to_json(reason));
  out["reasons"] = reasons;
  return out;
}

Result<json> check_channel_json(std::string_view text, std::string_view channel_id, const json& options) {
  auto channel = parse_channel(channel_id);
  if (!channel) return channel.error();
  if (!options.is_null() && !options.is_object()) return make_error("channel options must be a JSON object");
  ChannelOptions o;
  json opts = options.is_null() ? json::object() : options;
  for (auto it = opts.begin(); it != opts.end(); ++it)
    if (it.key() != "maxSegments" && it.key() != "limit" && it.key() != "brand")
      return make_error("unknown channel option '", it.key(), "': expected maxSegments, limit or brand");
  auto segments = read_int(opts, "maxSegments", 1, 1, 255);
  if (!segments) return segments.error();
  auto limit = read_int(opts, "limit", 0, 0, 1000000);
  if (!limit) return limit.error();
  o.max_sms_segments = static_cast<int>(*segments);
  o.limit = *limit;

  auto r = check_channel(text, *channel, o);
  if (!r) return r.error();
  json reasons = json::array();
  for (const rules::Reason& reason : r->reasons) reasons.push_back(reason_to_json(reason));
  json out = {{"channel", plume::channel_name(*channel)}, {"length", r->length}, {"unit", r->unit}, {"limit", r->limit},
              {"segments", r->segments}, {"ok", r->ok}, {"characters", r->characters}};
  if (*channel == Channel::kSms) {
    out["encoding"] = r->encoding;
    out["nonGsmCharacters"] = r->non_gsm_characters;
  }
  if (opts.contains("brand")) {
    auto brand = check_brand_json(text, opts["brand"]);
    if (!brand) return brand.error();
    for (const json& reason : (*brand)["reasons"]) reasons.push_back(reason);
    out["ok"] = r->ok && (*brand)["ok"].get<bool>();
    out["brand"] = {{"ok", (*brand)["ok"]}, {"rules", (*brand)["rules"]}};
  }
  out["reasons"] = reasons;
  return out;
}

}  // namespace plume
