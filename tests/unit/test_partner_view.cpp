// Partner views (src/ecosystem/partner_view.h): a partner sees its own catalog with the columns
// its data_scope lists, the campaigns that use its channels or products, and aggregates with
// groups of fewer than 5 customers suppressed (figures computed by hand below) — and no
// customer-level data, other partners' products or unknown partners, whatever is asked.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "ecosystem/import.h"
#include "ecosystem/manifest.h"
#include "ecosystem/partner_view.h"

using namespace plume::ecosystem;
using nlohmann::json;

namespace {

constexpr int64_t kDay = 86400;

const char* kManifest = R"({
  "version": 1, "brand": {"name": "Brand"},
  "channels": [{"id": "email"}, {"id": "sms"}, {"id": "weibo"}, {"id": "web-widget"}],
  "partners": [
    {"id": "dev", "name": "Devices", "type": "product", "data_scope": {"products": ["id", "title"], "aggregates": ["channels", "revenue"]}},
    {"id": "home", "name": "Home", "type": "product", "data_scope": {"products": ["*"], "aggregates": ["segments"]}},
    {"id": "sms", "name": "SMS", "type": "channel", "channels": [{"id": "sms"}], "data_scope": {"customers": ["id", "phone"]}},
    {"id": "kol", "name": "KOL", "type": "channel", "channels": [{"id": "weibo"}], "data_scope": {"aggregates": ["*"]}}
  ],
  "segments": [{"id": "gold", "name": "Gold", "condition": {"tier": "gold"}}]
})";

// Nine customers with distinctive names, emails and phones, so a leak is easy to search for.
// Events (hand-counted in the tests):
//   day 10, email:      cust-1..cust-6 purchase P1 (dev), 100 each
//   day 10, web-widget: cust-1..cust-5 view P1 (dev)
//   day 11, sms:        cust-7, cust-8 purchase P2 (dev), 50 each
//   day 12, weibo:      cust-1..cust-3 view P3 (home)
Store store() {
  Store st;
  REQUIRE(import_text(st, ImportKind::kCatalog,
                      "id,title,description,price,category,partner\n"
                      "P1,Band,Secret band text,399,wearables,dev\nP2,Watch,Secret watch text,999,wearables,dev\n"
                      "P3,Kettle,Secret kettle text,199,kitchen,home\n")
              .ok());
  std::string cu = "id,name,email,phone,tier\n";
  for (int i = 1; i <= 9; ++i)
    cu += "cust-" + std::to_string(i) + ",Zed" + std::to_string(i) + "name,zed" + std::to_string(i) + "@mail.example,+8613800000" +
          std::to_string(100 + i) + "," + (i <= 6 ? "gold" : "none") + "\n";
  REQUIRE(import_text(st, ImportKind::kCustomers, cu).ok());
  std::string ev = "user,item,type,channel,timestamp,revenue\n";
  auto add = [&ev](int u, const char* item, const char* type, const char* ch, int64_t day, int rev) {
    ev += "cust-" + std::to_string(u) + "," + item + "," + type + "," + ch + "," + std::to_string(day * kDay + 3600) + "," +
          (rev ? std::to_string(rev) : "") + "\n";
  };
  for (int u = 1; u <= 6; ++u) add(u, "P1", "purchase", "email", 10, 100);
  for (int u = 1; u <= 5; ++u) add(u, "P1", "view", "web-widget", 10, 0);
  for (int u = 7; u <= 8; ++u) add(u, "P2", "purchase", "sms", 11, 50);
  for (int u = 1; u <= 3; ++u) add(u, "P3", "view", "weibo", 12, 0);
  REQUIRE(import_text(st, ImportKind::kEvents, ev).ok());
  return st;
}

Manifest manifest() {
  auto m = load_manifest(kManifest);
  REQUIRE(m.ok());
  return std::move(*m);
}

const json kCampaigns = json::parse(R"([
  {"id": "c1", "channel": "sms", "partner": "sms", "products": ["P1", "P3"], "results": {"sent": 10, "revenue": 500, "cust-1": 3}},
  {"id": "c2", "channel": "email", "products": ["P3"]},
  {"id": "c3", "channel": "weibo", "partner": "kol", "results": {"sent": 10, "revenue": 99, "cust-2": 1, "members": ["cust-3"]}}
])");

json view_json(const std::string& partner) {
  Store st = store();
  Manifest m = manifest();
  auto v = build_partner_view(st, m, partner, kCampaigns);
  REQUIRE(v.ok());
  return partner_view_to_json(*v);
}

// Nothing about a single customer, and no other partner's product text, anywhere in the view.
void check_no_leak(const json& view) {
  std::string text = view.dump();
  for (int i = 1; i <= 9; ++i) {
    CHECK(text.find("cust-" + std::to_string(i)) == std::string::npos);
    CHECK(text.find("Zed" + std::to_string(i)) == std::string::npos);
    CHECK(text.find("zed" + std::to_string(i)) == std::string::npos);
    CHECK(text.find("13800000" + std::to_string(100 + i)) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("partner view: a product partner sees its own products, with its columns only", "[partner_view]") {
  json dev = view_json("dev");
  CHECK(dev["partner"]["id"] == "dev");
  CHECK(dev["productFields"] == json::array({"id", "title"}));
  CHECK(dev["products"] == json::parse(R"([{"id": "P1", "title": "Band"}, {"id": "P2", "title": "Watch"}])"));
  CHECK(dev.dump().find("Secret") == std::string::npos);  // descriptions are not in its scope
  CHECK(dev.dump().find("Kettle") == std::string::npos);  // another partner's product
  json home = view_json("home");
  REQUIRE(home["products"].size() == 1);
  CHECK(home["products"][0]["id"] == "P3");
  CHECK(home["products"][0]["description"] == "Secret kettle text");  // "*": its own columns, all
  CHECK(home["products"][0]["price"] == 199.0);
  CHECK(view_json("sms")["products"].empty());
}

TEST_CASE("partner view: campaigns that use its channels or products, naming only its products", "[partner_view]") {
  json dev = view_json("dev");
  REQUIRE(dev["campaigns"].size() == 1);  // c1 features P1
  CHECK(dev["campaigns"][0] == json::parse(R"({"id": "c1", "channel": "sms", "partner": "sms", "products": ["P1"], "otherProducts": 1})"));
  json home = view_json("home");
  REQUIRE(home["campaigns"].size() == 2);  // c1 and c2 feature P3
  CHECK(home["campaigns"][1]["products"] == json::array({"P3"}));
  json sms = view_json("sms");
  REQUIRE(sms["campaigns"].size() == 1);  // its channel; no products of its own
  CHECK(sms["campaigns"][0]["products"].empty());
  CHECK(sms["campaigns"][0]["otherProducts"] == 2);
  CHECK_FALSE(sms["campaigns"][0].contains("results"));  // no "campaigns" aggregate permission
  json kol = view_json("kol");
  REQUIRE(kol["campaigns"].size() == 1);
  // Results: only the known aggregate keys, never a customer's id or a list.
  CHECK(kol["campaigns"][0]["results"] == json::parse(R"({"sent": 10, "revenue": 99})"));
  check_no_leak(kol);
}

TEST_CASE("partner view: aggregates with groups under 5 customers suppressed (hand-counted)", "[partner_view]") {
  json dev = view_json("dev");
  const json& ch = dev["aggregates"]["channels"];
  // dev's events: email {1..6} 6 customers, web-widget {1..5} 5, sms {7,8} 2 -> sms suppressed;
  // the pool (2) is below 5, so the smallest shown group (web-widget, 5) joins it: other =
  // {1..5, 7, 8} = 7 customers, 5 views + 2 purchases, revenue 100; total {1..8} = 8, revenue 700.
  REQUIRE(ch["rows"].size() == 1);
  CHECK(ch["rows"][0] == json::parse(R"({"key": "email", "customers": 6, "events": 6, "byType": {"purchase": 6}, "revenue": 600.0})"));
  CHECK(ch["suppressed"] == 2);
  CHECK(ch["other"] == json::parse(R"J({"key": "(other)", "customers": 7, "events": 7, "byType": {"purchase": 2, "view": 5}, "revenue": 100.0})J"));
  CHECK(ch["total"]["customers"] == 8);
  CHECK(ch["total"]["revenue"] == 700.0);
  // Days: day 10 {1..6} 11 events; day 11 {7, 8} -> suppressed, and day 10 joins the pool.
  const json& days = dev["aggregates"]["days"];
  CHECK(days["rows"].empty());
  CHECK(days["suppressed"] == 2);
  CHECK(days["other"]["customers"] == 8);
  CHECK(dev["aggregates"]["segments"].is_null());  // not in its scope
  check_no_leak(dev);

  // home: only the P3 views by {1, 2, 3}: the gold segment has 3 -> suppressed; the single day
  // has 3 -> suppressed, its pool stays below 5, so neither "other" nor the total is shown.
  json home = view_json("home");
  CHECK(home["aggregates"]["channels"].is_null());
  CHECK(home["aggregates"]["revenue"] == false);
  CHECK(home["aggregates"]["segments"]["rows"].empty());
  CHECK(home["aggregates"]["segments"]["suppressed"] == 1);
  CHECK(home["aggregates"]["days"]["rows"].empty());
  CHECK(home["aggregates"]["days"]["other"].is_null());
  CHECK(home["aggregates"]["days"]["total"].is_null());
  check_no_leak(home);

  // sms: no aggregate permission at all -> no tables, although its scope lists customers' phones.
  json sms = view_json("sms");
  for (const char* t : {"channels", "segments", "days"}) CHECK(sms["aggregates"][t].is_null());
  check_no_leak(sms);
}

TEST_CASE("partner view: unknown or crafted partner ids and a lowered k are refused", "[partner_view]") {
  Store st = store();
  Manifest m = manifest();
  for (const std::string& id : std::vector<std::string>{"", "*", "DEV", "dev ", " dev", "../dev", "dev,home", "dev\n", "__proto__", std::string("dev\0", 4)}) {
    auto v = build_partner_view(st, m, id, kCampaigns);
    REQUIRE_FALSE(v.ok());
    CHECK(v.error().message.rfind("no partner '", 0) == 0);
  }
  PartnerViewOptions o;
  o.k = 1;
  auto v = build_partner_view(st, m, "dev", kCampaigns, o);
  REQUIRE_FALSE(v.ok());
  CHECK(v.error().message == "k: groups must have at least 5 customers (got 1)");
  o.k = 7;  // raising k is allowed: now email (6) is suppressed too
  v = build_partner_view(st, m, "dev", kCampaigns, o);
  REQUIRE(v.ok());
  CHECK(v->by_channel->rows.empty());
  auto bad = build_partner_view(st, m, "dev", json::parse(R"([{"id": 3}])"));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "campaigns[0].id: expected a string");
}
