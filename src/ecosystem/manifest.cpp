#include "ecosystem/manifest.h"

#include <algorithm>
#include <set>

#include "ecosystem/manifest_check.h"
#include "ecosystem/suggest.h"
#include "experiment/condition.h"

using nlohmann::json;

namespace plume::ecosystem {

const std::vector<std::string>& channel_ids() {
  static const std::vector<std::string> ids = {"email", "sms", "x", "weibo", "wechat", "google-ads", "web-widget", "push"};
  return ids;
}

// Each channel's parts, and the src/prompt rule that counts each one ("" = characters only,
// with Plume's own default limit: no platform publishes one; 0 = unlimited).
std::vector<ChannelPart> default_channel_parts(std::string_view id) {
  if (id == "email") return {{"subject", "email-subject", 0}, {"preheader", "", 100}, {"body", "", 0}};
  if (id == "sms") return {{"text", "sms", 0}};
  if (id == "x") return {{"text", "x", 0}};
  if (id == "weibo") return {{"text", "weibo", 0}};
  if (id == "wechat") return {{"title", "wechat-title", 0}, {"digest", "wechat-digest", 0}, {"body", "", 0}};
  if (id == "google-ads") return {{"headline", "google-ads-headline", 0}, {"description", "google-ads-description", 0}};
  if (id == "web-widget") return {{"title", "", 60}, {"text", "", 280}};
  if (id == "push") return {{"title", "", 50}, {"body", "", 150}};
  return {};
}

const char* partner_type_name(PartnerType t) {
  switch (t) {
    case PartnerType::kChannel: return "channel";
    case PartnerType::kData: return "data";
    case PartnerType::kProduct: return "product";
    case PartnerType::kContent: return "content";
  }
  return "channel";
}

const Partner* Manifest::partner(std::string_view id) const {
  for (const Partner& p : partners) if (p.id == id) return &p;
  return nullptr;
}
const ChannelSpec* Manifest::channel(std::string_view id) const {
  for (const ChannelSpec& c : channels) if (c.id == id) return &c;
  return nullptr;
}
const Segment* Manifest::segment(std::string_view id) const {
  for (const Segment& s : segments) if (s.id == id) return &s;
  return nullptr;
}

Result<int> parse_utc_offset(std::string_view t) {
  if (t == "Z" || t == "UTC" || t == "GMT") return 0;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (t.size() < 3 || (t[0] != '+' && t[0] != '-') || !digit(t[1]) || !digit(t[2]))
    return make_error("'", std::string(t), "' is not a UTC offset (+08:00, -05:30 or Z)");
  int h = (t[1] - '0') * 10 + (t[2] - '0'), m = 0;
  std::string_view rest = t.substr(3);
  if (!rest.empty() && rest[0] == ':') rest.remove_prefix(1);
  if (rest.size() == 2 && digit(rest[0]) && digit(rest[1])) m = (rest[0] - '0') * 10 + (rest[1] - '0');
  else if (!rest.empty()) return make_error("'", std::string(t), "' is not a UTC offset (+08:00, -05:30 or Z)");
  if (h > 14 || m > 59 || h * 60 + m > 14 * 60) return make_error("'", std::string(t), "' is beyond ±14:00");
  return (t[0] == '-' ? -1 : 1) * (h * 60 + m);
}

namespace {

const std::vector<std::string> kLanguages = {"en", "zh"};
const std::vector<std::string> kPartnerTypes = {"channel", "data", "product", "content"};
const std::map<std::string, std::vector<std::string>> kScopeFields = {
    {"customers", {"*", "id", "name", "email", "phone", "language", "city", "signup_date", "attributes"}},
    {"events", {"*", "user", "item", "type", "channel", "partner", "timestamp", "revenue"}},
    {"products", {"*", "id", "title", "description", "price", "category", "brand", "link", "image_link", "availability", "partner"}},
    {"aggregates", {"*", "segments", "channels", "campaigns", "revenue"}}};

bool is_slug(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  return s[0] != '-' && s[0] != '_';
}

class ManifestReader {
 public:
  explicit ManifestReader(JsonChecker& c) : c_(c) {}
  Manifest read(const json& doc);

 private:
  std::optional<LocalText> local_text(const json* v, const std::string& path);
  std::optional<Voice> voice(const json* v, const std::string& path);
  std::optional<std::vector<std::string>> languages(const json* v, const std::string& path);
  std::optional<ChannelSpec> channel(const json& v, const std::string& path, bool partner_channel);
  std::vector<ChannelSpec> channels(const json* v, const std::string& path, bool partner_channel);
  std::optional<Partner> partner(const json& v, const std::string& path);
  std::optional<std::string> slug(const json* v, const std::string& path);

  JsonChecker& c_;
  Manifest m_;
};

std::optional<std::string> ManifestReader::slug(const json* v, const std::string& path) {
  auto s = c_.string(v, path);
  if (s && !is_slug(*s)) {
    c_.error(make_error(path, ": '", *s, "' is not a valid id (lower-case letters, digits, '-' and '_', at most 64)"));
    return std::nullopt;
  }
  return s;
}

std::optional<std::vector<std::string>> ManifestReader::languages(const json* v, const std::string& path) {
  auto list = c_.strings(v, path);
  if (!list) return std::nullopt;
  bool good = true;
  for (size_t i = 0; i < list->size(); i++) {
    json item = (*list)[i];
    if (!c_.choice(&item, JsonChecker::index_path(path, i), kLanguages)) good = false;
  }
  if (good && list->empty()) { c_.error(make_error(path, ": name at least one language (en, zh)")); good = false; }
  return good ? list : std::nullopt;
}

std::optional<LocalText> ManifestReader::local_text(const json* v, const std::string& path) {
  if (!v) return std::nullopt;
  if (v->is_string()) {
    auto s = c_.string(v, path);
    if (!s) return std::nullopt;
    return LocalText{{"en", *s}};
  }
  if (!v->is_object()) { c_.error(make_error(path, ": expected a string or {\"en\": ..., \"zh\": ...}, found ", json_kind(*v))); return std::nullopt; }
  if (!c_.object(*v, path, kLanguages)) return std::nullopt;
  LocalText out;
  for (auto it = v->begin(); it != v->end(); ++it) {
    std::string p = JsonChecker::key_path(path, it.key());
    auto s = c_.string(&it.value(), p);
    if (!s) continue;
    bool declared = false;
    for (const std::string& l : m_.languages) declared = declared || l == it.key();
    if (!declared) c_.error(make_error(p, ": '", it.key(), "' is not one of the brand's languages"));
    out[it.key()] = *s;
  }
  if (v->empty()) c_.error(make_error(path, ": must not be empty"));
  return out;
}

std::optional<Voice> ManifestReader::voice(const json* v, const std::string& path) {
  if (!v || !c_.object(*v, path, {"tone", "banned_words", "required_words"})) return std::nullopt;
  Voice out;
  if (auto t = c_.strings(c_.member(*v, path, "tone", false), path + ".tone")) out.tone = *t;
  if (auto b = c_.strings(c_.member(*v, path, "banned_words", false), path + ".banned_words")) out.banned_words = *b;
  if (auto r = c_.strings(c_.member(*v, path, "required_words", false), path + ".required_words")) out.required_words = *r;
  for (size_t i = 0; i < out.required_words.size(); i++)
    for (const std::string& b : out.banned_words)
      if (b == out.required_words[i])
        c_.error(make_error(JsonChecker::index_path(path + ".required_words", i), ": '", b, "' is also a banned word"));
  return out;
}

std::optional<ChannelSpec> ManifestReader::channel(const json& v, const std::string& path, bool partner_channel) {
  if (!c_.object(v, path, {"id", "enabled", "limits", "max_segments", "send_window", "languages"})) return std::nullopt;
  auto id = c_.choice(c_.member(v, path, "id", true), path + ".id", channel_ids());
  if (!id) return std::nullopt;
  if (partner_channel && !m_.channel(*id))
    c_.error(make_error(path + ".id", ": '", *id, "' is not among the manifest's channels (declare it under \"channels\" first)"));
  ChannelSpec out;
  out.id = *id;
  out.parts = default_channel_parts(*id);
  if (auto e = c_.boolean(c_.member(v, path, "enabled", false), path + ".enabled")) out.enabled = *e;
  if (const json* limits = c_.member(v, path, "limits", false)) {
    std::vector<std::string> names;
    for (const ChannelPart& p : out.parts) names.push_back(p.name);
    if (c_.object(*limits, path + ".limits", names))
      for (ChannelPart& p : out.parts)
        if (auto n = c_.integer(c_.member(*limits, path + ".limits", p.name.c_str(), false), path + ".limits." + p.name,
                                1, 1'000'000, "a positive integer"))
          p.limit = *n;
  }
  if (const json* seg = c_.member(v, path, "max_segments", false)) {
    if (*id != "sms") c_.error(make_error(path + ".max_segments", ": only sms messages have segments"));
    else if (auto n = c_.integer(seg, path + ".max_segments", 1, 255, "an integer")) out.max_segments = static_cast<int>(*n);
  }
  if (const json* w = c_.member(v, path, "send_window", false)) {
    std::string p = path + ".send_window";
    if (c_.object(*w, p, {"start", "end"})) {
      auto s = c_.integer(c_.member(*w, p, "start", true), p + ".start", 0, 23, "an hour");
      auto e = c_.integer(c_.member(*w, p, "end", true), p + ".end", 0, 23, "an hour");
      if (s && e) {
        if (*s == *e) c_.error(make_error(p, ": start and end are the same hour (leave send_window out to allow every hour)"));
        out.send_start_hour = static_cast<int>(*s);
        out.send_end_hour = static_cast<int>(*e);
      }
    }
  }
  if (auto langs = languages(c_.member(v, path, "languages", false), path + ".languages")) {
    for (size_t i = 0; i < langs->size(); i++) {
      bool declared = false;
      for (const std::string& l : m_.languages) declared = declared || l == (*langs)[i];
      if (!declared) c_.error(make_error(JsonChecker::index_path(path + ".languages", i), ": '", (*langs)[i], "' is not one of the brand's languages"));
    }
    out.languages = *langs;
  }
  return out;
}

std::vector<ChannelSpec> ManifestReader::channels(const json* v, const std::string& path, bool partner_channel) {
  std::vector<ChannelSpec> out;
  if (!v) return out;
  if (!v->is_array()) { c_.error(make_error(path, ": expected an array of channels, found ", json_kind(*v))); return out; }
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < v->size(); i++) {
    std::string p = JsonChecker::index_path(path, i);
    auto ch = channel((*v)[i], p, partner_channel);
    if (!ch) continue;
    if (auto it = seen.find(ch->id); it != seen.end()) {
      c_.error(make_error(p + ".id", ": '", ch->id, "' is already declared at ", JsonChecker::index_path(path, it->second)));
      continue;
    }
    seen[ch->id] = i;
    out.push_back(*ch);
  }
  return out;
}

std::optional<Partner> ManifestReader::partner(const json& v, const std::string& path) {
  if (!c_.object(v, path, {"id", "name", "type", "channels", "catalogs", "templates", "voice", "data_scope"})) return std::nullopt;
  Partner p;
  auto id = slug(c_.member(v, path, "id", true), path + ".id");
  auto name = local_text(c_.member(v, path, "name", true), path + ".name");
  auto type = c_.choice(c_.member(v, path, "type", true), path + ".type", kPartnerTypes);
  if (id) p.id = *id;
  if (name) p.name = *name;
  if (type) p.type = static_cast<PartnerType>(std::find(kPartnerTypes.begin(), kPartnerTypes.end(), *type) - kPartnerTypes.begin());
  p.channels = channels(c_.member(v, path, "channels", false), path + ".channels", true);
  if (type && *type == "channel" && !v.contains("channels"))
    c_.error(make_error(path + ".channels", ": required: a channel partner brings at least one channel"));
  if (auto cats = c_.strings(c_.member(v, path, "catalogs", false), path + ".catalogs")) {
    for (size_t i = 0; i < cats->size(); i++)
      if (!is_slug((*cats)[i])) c_.error(make_error(JsonChecker::index_path(path + ".catalogs", i), ": '", (*cats)[i], "' is not a valid id"));
    p.catalogs = *cats;
  }
  if (const json* t = c_.member(v, path, "templates", false)) {
    if (c_.object(*t, path + ".templates", channel_ids())) {
      for (auto it = t->begin(); it != t->end(); ++it) {
        std::string tp = path + ".templates." + it.key();
        if (!m_.channel(it.key()) && std::find(channel_ids().begin(), channel_ids().end(), it.key()) != channel_ids().end())
          c_.error(make_error(tp, ": '", it.key(), "' is not among the manifest's channels"));
        if (auto s = c_.string(&it.value(), tp)) p.templates[it.key()] = *s;
      }
    }
  }
  if (const json* vo = c_.member(v, path, "voice", false)) p.voice = voice(vo, path + ".voice");
  if (const json* scope = c_.member(v, path, "data_scope", false)) {
    std::string sp = path + ".data_scope";
    std::vector<std::string> tables;
    for (const auto& kv : kScopeFields) tables.push_back(kv.first);
    if (c_.object(*scope, sp, tables)) {
      for (auto it = scope->begin(); it != scope->end(); ++it) {
        auto known = kScopeFields.find(it.key());
        if (known == kScopeFields.end()) continue;
        std::string fp = sp + "." + it.key();
        auto fields = c_.strings(&it.value(), fp);
        if (!fields) continue;
        for (size_t i = 0; i < fields->size(); i++) {
          const std::string& f = (*fields)[i];
          bool ok = std::find(known->second.begin(), known->second.end(), f) != known->second.end() ||
                    (it.key() == "customers" && f.rfind("attributes.", 0) == 0 && f.size() > 11);
          if (!ok) c_.error(make_error(JsonChecker::index_path(fp, i), ": '", f, "' is not a field of ", it.key(), did_you_mean(f, known->second)));
        }
        p.data_scope[it.key()] = *fields;
      }
    }
  }
  if (!id || !name || !type) return std::nullopt;
  return p;
}

Manifest ManifestReader::read(const json& doc) {
  if (!c_.object(doc, "", {"$schema", "version", "brand", "identity", "channels", "partners", "segments"})) return m_;
  c_.integer(c_.member(doc, "", "version", true), "version", 1, 1, "a version number");
  const json* brand = c_.member(doc, "", "brand", true);
  if (brand && c_.object(*brand, "brand", {"name", "languages", "voice", "currency", "timezone"})) {
    // Languages first: every localized text below is checked against them.
    if (auto l = languages(c_.member(*brand, "brand", "languages", false), "brand.languages")) m_.languages = *l;
    if (auto n = local_text(c_.member(*brand, "brand", "name", true), "brand.name")) m_.brand_name = *n;
    if (const json* vo = c_.member(*brand, "brand", "voice", false))
      if (auto v = voice(vo, "brand.voice")) m_.voice = *v;
    if (auto cur = c_.string(c_.member(*brand, "brand", "currency", false), "brand.currency")) {
      bool iso = cur->size() == 3 && std::all_of(cur->begin(), cur->end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
      if (!iso) c_.error(make_error("brand.currency", ": '", *cur, "' is not an ISO 4217 code (three capital letters, e.g. CNY, USD)"));
      else m_.currency = *cur;
    }
    if (auto tz = c_.string(c_.member(*brand, "brand", "timezone", false), "brand.timezone")) {
      auto off = parse_utc_offset(*tz);
      if (!off) c_.error(make_error("brand.timezone", ": ", off.error().message));
      else m_.timezone_minutes = *off;
    }
  }
  if (const json* id = c_.member(doc, "", "identity", false); id && c_.object(*id, "identity", {"keys", "default_country_code"})) {
    if (auto keys = c_.strings(c_.member(*id, "identity", "keys", false), "identity.keys")) {
      bool good = !keys->empty();
      if (keys->empty()) c_.error(make_error("identity.keys", ": name at least one key (email, phone)"));
      for (size_t i = 0; i < keys->size(); i++) {
        json k = (*keys)[i];
        good = c_.choice(&k, JsonChecker::index_path("identity.keys", i), {"email", "phone"}).has_value() && good;
      }
      if (good) m_.identity.keys = *keys;
    }
    if (auto cc = c_.string(c_.member(*id, "identity", "default_country_code", false), "identity.default_country_code")) {
      std::string digits = (*cc)[0] == '+' ? cc->substr(1) : *cc;
      bool ok = !digits.empty() && digits.size() <= 3 && digits[0] != '0' &&
                std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
      if (!ok) c_.error(make_error("identity.default_country_code", ": '", *cc, "' is not a country calling code (1 to 3 digits, e.g. 86)"));
      else m_.identity.default_country_code = digits;
    }
  }
  m_.channels = channels(c_.member(doc, "", "channels", true), "channels", false);
  if (const json* ps = c_.member(doc, "", "partners", false)) {
    if (!ps->is_array()) c_.error(make_error("partners", ": expected an array of partners, found ", json_kind(*ps)));
    else {
      std::map<std::string, size_t> seen;
      for (size_t i = 0; i < ps->size(); i++) {
        std::string p = JsonChecker::index_path("partners", i);
        auto partner_value = partner((*ps)[i], p);
        if (!partner_value) continue;
        if (auto it = seen.find(partner_value->id); it != seen.end()) {
          c_.error(make_error(p + ".id", ": '", partner_value->id, "' is already used by ", JsonChecker::index_path("partners", it->second)));
          continue;
        }
        seen[partner_value->id] = i;
        m_.partners.push_back(std::move(*partner_value));
      }
    }
  }
  if (const json* ss = c_.member(doc, "", "segments", false)) {
    if (!ss->is_array()) c_.error(make_error("segments", ": expected an array of segments, found ", json_kind(*ss)));
    else {
      std::set<std::string> seen;
      for (size_t i = 0; i < ss->size(); i++) {
        std::string p = JsonChecker::index_path("segments", i);
        const json& sv = (*ss)[i];
        if (!c_.object(sv, p, {"id", "name", "condition"})) continue;
        Segment seg;
        auto id = slug(c_.member(sv, p, "id", true), p + ".id");
        auto name = local_text(c_.member(sv, p, "name", false), p + ".name");
        const json* cond = c_.member(sv, p, "condition", true);
        if (cond && !cond->is_object()) { c_.error(make_error(p + ".condition", ": expected an object, found ", json_kind(*cond))); cond = nullptr; }
        else if (cond) {
          Status s = experiment::validate_condition(*cond);
          if (!s) { c_.error(make_error(p + ".condition", ": ", s.error().message)); cond = nullptr; }
        }
        if (id && !seen.insert(*id).second) { c_.error(make_error(p + ".id", ": '", *id, "' is already used by another segment")); continue; }
        if (!id || !cond) continue;
        seg.id = *id;
        seg.name = name ? *name : LocalText{{"en", *id}};
        seg.condition = *cond;
        m_.segments.push_back(std::move(seg));
      }
    }
  }
  return m_;
}

}  // namespace

ManifestCheck check_manifest(const json& document) {
  JsonChecker checker(kMaxManifestErrors);
  ManifestReader reader(checker);
  ManifestCheck out;
  out.manifest = reader.read(document);
  out.errors = checker.errors();
  out.truncated = checker.truncated();
  return out;
}

ManifestCheck check_manifest_text(std::string_view text) {
  json doc = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded()) {
    ManifestCheck out;
    out.errors.push_back(make_error("(top level): the manifest is not valid JSON").message);
    return out;
  }
  return check_manifest(doc);
}

Result<Manifest> load_manifest(std::string_view text) {
  ManifestCheck c = check_manifest_text(text);
  if (c.ok()) return std::move(c.manifest);
  // Whole sentences in make_error, so the studio's Chinese catalog can match them; a single
  // problem is the common case and reads as one message.
  if (c.errors.size() == 1 && !c.truncated) return make_error("the manifest has 1 problem:\n  ", c.errors[0]);
  // Several: a bulleted list ("- " marks where each problem starts, for readers and the catalog).
  std::string list = c.errors[0];
  for (size_t i = 1; i < c.errors.size() && i < 10; i++) list += "\n  - " + c.errors[i];
  if (c.errors.size() > 10) list += "\n  - ...";
  return make_error("the manifest has ", c.errors.size(), c.truncated ? "+" : "", " problems:\n  - ", list);
}

}  // namespace plume::ecosystem
