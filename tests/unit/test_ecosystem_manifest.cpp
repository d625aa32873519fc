// The ecosystem manifest: every problem reported with its path, unknown keys with "did you
// mean", the cap, and the sample manifest in data/ecosystem/ validating.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "ecosystem/manifest.h"
#include "ecosystem/suggest.h"
#include "prompt/channel.h"

using namespace plume::ecosystem;
using nlohmann::json;

namespace {

json minimal() {
  return json::parse(R"({
    "version": 1,
    "brand": {"name": {"en": "Acme", "zh": "极客"}, "languages": ["en", "zh"]},
    "channels": [{"id": "email"}, {"id": "sms"}, {"id": "weibo"}],
    "partners": [
      {"id": "p0", "name": "Zero", "type": "product", "catalogs": ["shoes"]},
      {"id": "p1", "name": "One", "type": "data"},
      {"id": "p2", "name": "Two", "type": "channel", "channels": [{"id": "sms"}]}
    ]
  })");
}

std::vector<std::string> errors_of(const json& doc) { return check_manifest(doc).errors; }

bool has(const std::vector<std::string>& errors, const std::string& e) {
  return std::find(errors.begin(), errors.end(), e) != errors.end();
}

std::string joined(const std::vector<std::string>& errors) {
  std::string s;
  for (const auto& e : errors) s += e + "\n";
  return s;
}

}  // namespace

TEST_CASE("manifest: a minimal manifest is valid and parsed", "[ecosystem][manifest]") {
  ManifestCheck c = check_manifest(minimal());
  INFO(joined(c.errors));
  REQUIRE(c.ok());
  CHECK(c.manifest.brand_name.at("zh") == "极客");
  CHECK(c.manifest.partners.size() == 3);
  CHECK(c.manifest.partners[2].type == PartnerType::kChannel);
  CHECK(c.manifest.partners[2].channels[0].id == "sms");
  CHECK(c.manifest.channel("email")->parts[0].rule == "email-subject");
  CHECK(c.manifest.identity.keys == std::vector<std::string>{"email", "phone"});
}

TEST_CASE("manifest: errors name their path", "[ecosystem][manifest]") {
  json d = minimal();
  SECTION("a partner channel limit") {
    d["partners"][2]["channels"][0]["limits"] = {{"text", 0}};
    CHECK(has(errors_of(d), "partners[2].channels[0].limits.text: expected a positive integer between 1 and 1000000, found 0"));
    d["partners"][2]["channels"][0]["limits"] = {{"text", 1.5}};
    CHECK(has(errors_of(d), "partners[2].channels[0].limits.text: expected a positive integer, found 1.5"));
    d["partners"][2]["channels"][0]["limits"] = {{"text", "12"}};
    CHECK(has(errors_of(d), "partners[2].channels[0].limits.text: expected a positive integer, found a string"));
  }
  SECTION("a part the channel does not have") {
    d["channels"][0]["limits"] = {{"subjet", 50}};
    CHECK(has(errors_of(d), "channels[0].limits.subjet: unknown key (did you mean 'subject'?)"));
  }
  SECTION("required fields") {
    d.erase("version");
    d["partners"][1].erase("type");
    auto e = errors_of(d);
    CHECK(has(e, "version: required"));
    CHECK(has(e, "partners[1].type: required"));
  }
  SECTION("version") {
    d["version"] = 2;
    CHECK(has(errors_of(d), "version: expected a version number between 1 and 1, found 2"));
  }
  SECTION("unknown keys with a suggestion") {
    d["partnrs"] = json::array();
    d["brand"]["voise"] = json::object();
    d["partners"][0]["catalog"] = json::array();
    auto e = errors_of(d);
    CHECK(has(e, "partnrs: unknown key (did you mean 'partners'?)"));
    CHECK(has(e, "brand.voise: unknown key (did you mean 'voice'?)"));
    CHECK(has(e, "partners[0].catalog: unknown key (did you mean 'catalogs'?)"));
    d["zzzzzzzz"] = 1;
    CHECK(has(errors_of(d), "zzzzzzzz: unknown key"));
  }
  SECTION("enumerations") {
    d["partners"][1]["type"] = "chanel";
    d["channels"][2]["id"] = "wiebo";
    auto e = errors_of(d);
    CHECK(has(e, "partners[1].type: 'chanel' is not one of channel, data, product, content (did you mean 'channel'?)"));
    CHECK(has(e, "channels[2].id: 'wiebo' is not one of email, sms, x, weibo, wechat, google-ads, web-widget, push (did you mean 'weibo'?)"));
  }
  SECTION("duplicates") {
    d["partners"][2]["id"] = "p0";
    d["channels"].push_back({{"id", "email"}});
    auto e = errors_of(d);
    CHECK(has(e, "partners[2].id: 'p0' is already used by partners[0]"));
    CHECK(has(e, "channels[3].id: 'email' is already declared at channels[0]"));
  }
  SECTION("a partner channel must be declared, and a channel partner needs one") {
    d["partners"][2]["channels"][0]["id"] = "wechat";
    d["partners"].push_back({{"id", "p3"}, {"name", "Three"}, {"type", "channel"}});
    auto e = errors_of(d);
    CHECK(has(e, "partners[2].channels[0].id: 'wechat' is not among the manifest's channels (declare it under \"channels\" first)"));
    CHECK(has(e, "partners[3].channels: required: a channel partner brings at least one channel"));
  }
  SECTION("sms-only settings, hours, languages") {
    d["channels"][0]["max_segments"] = 2;
    d["channels"][1]["max_segments"] = 300;
    d["channels"][2]["send_window"] = {{"start", 9}, {"end", 24}};
    d["channels"][2]["languages"] = {"fr"};
    auto e = errors_of(d);
    CHECK(has(e, "channels[0].max_segments: only sms messages have segments"));
    CHECK(has(e, "channels[1].max_segments: expected an integer between 1 and 255, found 300"));
    CHECK(has(e, "channels[2].send_window.end: expected an hour between 0 and 23, found 24"));
    CHECK(has(e, "channels[2].languages[0]: 'fr' is not one of en, zh"));
  }
  SECTION("texts in languages the brand does not use") {
    d["brand"]["languages"] = {"en"};
    CHECK(has(errors_of(d), "brand.name.zh: 'zh' is not one of the brand's languages"));
  }
  SECTION("voice") {
    d["brand"]["voice"] = {{"banned_words", {"cheap", "cheap"}}, {"required_words", {"free", ""}}};
    auto e = errors_of(d);
    CHECK(has(e, "brand.voice.banned_words[1]: 'cheap' is listed twice"));
    CHECK(has(e, "brand.voice.required_words[1]: must not be empty"));
    d["brand"]["voice"] = {{"banned_words", {"free"}}, {"required_words", {"free"}}};
    CHECK(has(errors_of(d), "brand.voice.required_words[0]: 'free' is also a banned word"));
  }
  SECTION("data scope") {
    d["partners"][1]["data_scope"] = {{"customers", {"id", "emial", "attributes.tier"}}, {"orders", {"*"}}};
    auto e = errors_of(d);
    CHECK(has(e, "partners[1].data_scope.customers[1]: 'emial' is not a field of customers (did you mean 'email'?)"));
    CHECK(has(e, "partners[1].data_scope.orders: unknown key"));
  }
  SECTION("identity, currency, timezone") {
    d["identity"] = {{"keys", {"email", "fax"}}, {"default_country_code", "086"}};
    d["brand"]["currency"] = "rmb";
    d["brand"]["timezone"] = "+25:00";
    auto e = errors_of(d);
    CHECK(has(e, "identity.keys[1]: 'fax' is not one of email, phone"));
    CHECK(has(e, "identity.default_country_code: '086' is not a country calling code (1 to 3 digits, e.g. 86)"));
    CHECK(has(e, "brand.currency: 'rmb' is not an ISO 4217 code (three capital letters, e.g. CNY, USD)"));
    CHECK(has(e, "brand.timezone: '+25:00' is beyond ±14:00"));
  }
  SECTION("templates and segments") {
    d["partners"][0]["templates"] = {{"wechat", "hi"}, {"fax", "x"}, {"email", 3}};
    d["segments"] = {{{"id", "vip"}, {"condition", {{"age", {{"$gtx", 3}}}}}}, {{"id", "Bad Id"}, {"condition", 3}}};
    auto e = errors_of(d);
    INFO(joined(e));
    CHECK(has(e, "partners[0].templates.wechat: 'wechat' is not among the manifest's channels"));
    CHECK(has(e, "partners[0].templates.fax: unknown key"));
    CHECK(has(e, "partners[0].templates.email: expected a string, found a number"));
    CHECK(has(e, "segments[1].id: 'Bad Id' is not a valid id (lower-case letters, digits, '-' and '_', at most 64)"));
    CHECK(has(e, "segments[1].condition: expected an object, found a number"));
    bool condition_error = false;
    for (const auto& x : e) condition_error = condition_error || (x.rfind("segments[0].condition: ", 0) == 0 && x.find("$gtx") != std::string::npos);
    CHECK(condition_error);
  }
  SECTION("wrong types at the top") {
    CHECK(has(errors_of(json::array()), "(top level): expected an object, found an array"));
    d["partners"] = "all";
    CHECK(has(errors_of(d), "partners: expected an array of partners, found a string"));
  }
}

TEST_CASE("manifest: every error is collected, up to 100", "[ecosystem][manifest]") {
  json d = minimal();
  d["partners"][0]["type"] = "x";
  d["partners"][1]["name"] = 5;
  d["channels"][1]["max_segments"] = 0;
  d["brand"]["languages"] = {"en", "de"};
  auto e = errors_of(d);
  INFO(joined(e));
  // Five: with "de" rejected the brand's languages stay the default (en), so brand.name.zh is
  // reported too.
  CHECK(e.size() == 5);
  CHECK(has(e, "brand.languages[1]: 'de' is not one of en, zh"));
  CHECK(has(e, "partners[1].name: expected a string or {\"en\": ..., \"zh\": ...}, found a number"));
  json many = minimal();
  for (int i = 0; i < 150; i++) many["partners"].push_back({{"id", "q" + std::to_string(i)}, {"name", "Q"}, {"type", "nope"}});
  ManifestCheck c = check_manifest(many);
  CHECK(c.errors.size() == kMaxManifestErrors);
  CHECK(c.truncated);
  CHECK(c.errors[0] == "partners[3].type: 'nope' is not one of channel, data, product, content");
  CHECK(c.errors[99].rfind("partners[102].type:", 0) == 0);
}

TEST_CASE("manifest: text entry points", "[ecosystem][manifest]") {
  CHECK(check_manifest_text("{ nope").errors == std::vector<std::string>{"(top level): the manifest is not valid JSON"});
  auto r = load_manifest(R"({"version": 1, "brand": {"name": "A"}, "channels": [{"id": "fax"}]})");
  REQUIRE(!r.ok());
  CHECK(r.error().message.find("the manifest has 1 problem:\n  channels[0].id: 'fax' is not one of") == 0);
}

TEST_CASE("manifest: the sample in data/ecosystem validates", "[ecosystem][manifest]") {
  std::ifstream in(std::string(PLUME_SOURCE_DIR) + "/data/ecosystem/manifest.json");
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  ManifestCheck c = check_manifest_text(ss.str());
  INFO(joined(c.errors));
  REQUIRE(c.ok());
  std::set<PartnerType> types;
  for (const Partner& p : c.manifest.partners) types.insert(p.type);
  CHECK(types.size() == 4);
  CHECK(c.manifest.channels.size() == 8);
  CHECK(c.manifest.timezone_minutes == 480);
}

TEST_CASE("manifest: channel parts map onto src/prompt's channel rules", "[ecosystem][manifest]") {
  for (const std::string& id : channel_ids()) {
    auto parts = default_channel_parts(id);
    CHECK(!parts.empty());
    for (const ChannelPart& p : parts) {
      if (p.rule.empty()) continue;
      INFO(id << "." << p.name << " -> " << p.rule);
      CHECK(plume::parse_channel(p.rule).ok());
    }
  }
  CHECK(parse_utc_offset("+08:00").value() == 480);
  CHECK(parse_utc_offset("-0530").value() == -330);
  CHECK(parse_utc_offset("Z").value() == 0);
  CHECK(!parse_utc_offset("8").ok());
}

TEST_CASE("suggest: edit distance and did-you-mean", "[ecosystem]") {
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(closest_name("partnrs", {"brand", "partners"}) == "partners");
  CHECK(closest_name("id", {"to"}).empty());
  CHECK(did_you_mean("zzzz", {"brand"}).empty());
}
