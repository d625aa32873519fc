// Ecosystem analysis: RFM quintiles on a hand-computed example (and the tie rule against a
// brute-force count), segments in GrowthBook's condition language, best send hour in a time
// zone, insights, and interactions handed to the recommender.
#include <catch2/catch.hpp>

#include <random>

#include <nlohmann/json.hpp>

#include "ecosystem/analysis.h"
#include "ecosystem/import.h"
#include "recommend/recommender.h"

using namespace plume::ecosystem;
using nlohmann::json;

namespace {

constexpr int64_t kDay = 86400;

// Six customers; purchases on whole days before as_of = day 100 (see the hand computation in
// the RFM test).
Store rfm_store() {
  Store st;
  REQUIRE(import_text(st, ImportKind::kCatalog, "id,title,category\nP1,Band,wearables\nP2,Cup,kitchen\nP3,Tea,tea\n").ok());
  REQUIRE(import_text(st, ImportKind::kCustomers,
                      "id,name,tier,age\nA,Ann,gold,41\nB,Bo,silver,29\nC,Cy,gold,35\nD,Di,none,52\nE,Ed,none,19\nF,Fay,none,60\n")
              .ok());
  std::string ev = "user,item,type,channel,timestamp,revenue\n";
  auto add = [&ev](const char* u, const char* item, const char* type, const char* ch, int64_t t, double rev) {
    ev += std::string(u) + "," + item + "," + type + "," + ch + "," + std::to_string(t) + "," + (rev > 0 ? std::to_string(rev) : "") + "\n";
  };
  add("A", "P1", "purchase", "web", 99 * kDay, 100);
  add("A", "P1", "purchase", "web", 90 * kDay, 50);
  add("B", "P2", "purchase", "web", 50 * kDay, 500);
  add("C", "P2", "purchase", "web", 99 * kDay, 20);
  add("C", "P3", "purchase", "web", 80 * kDay, 20);
  add("C", "P2", "purchase", "web", 70 * kDay, 20);
  add("D", "P3", "purchase", "web", 10 * kDay, 10);
  add("E", "P1", "purchase", "web", 95 * kDay, 200);
  add("F", "", "open", "email", 100 * kDay, 0);
  add("A", "", "open", "email", 98 * kDay, 0);
  add("A", "P2", "click", "email", 98 * kDay, 0);
  add("B", "P1", "view", "wechat", 60 * kDay, 0);
  REQUIRE(import_text(st, ImportKind::kEvents, ev).ok());
  return st;
}

std::vector<std::string> ids(const Store& st, const std::vector<int32_t>& members) {
  std::vector<std::string> out;
  for (int32_t m : members) out.push_back(st.customers[static_cast<size_t>(m)].id);
  return out;
}

}  // namespace

TEST_CASE("rfm: quintile scores and the tie rule", "[ecosystem][rfm]") {
  CHECK(quintile_scores({10, 20, 30, 40, 50, 60, 70, 80, 90, 100}) == std::vector<int>{1, 1, 2, 2, 3, 3, 4, 4, 5, 5});
  CHECK(quintile_scores({5, 5, 5, 5, 1}) == std::vector<int>{2, 2, 2, 2, 1});  // ties share the lower score
  CHECK(quintile_scores({7, 7, 7}) == std::vector<int>{1, 1, 1});
  CHECK(quintile_scores({}).empty());
  // Against a brute-force count of strictly smaller values.
  std::mt19937 rng(7);
  for (int trial = 0; trial < 20; trial++) {
    std::vector<double> v(1 + rng() % 200);
    for (double& x : v) x = static_cast<double>(rng() % 30);
    std::vector<int> s = quintile_scores(v);
    for (size_t i = 0; i < v.size(); i++) {
      size_t less = 0;
      for (double y : v) less += y < v[i];
      REQUIRE(s[i] == 1 + static_cast<int>((5 * less) / v.size()));
    }
  }
}

TEST_CASE("rfm: scores of a hand-computed example", "[ecosystem][rfm]") {
  Store st = rfm_store();
  AnalysisOptions o;
  o.as_of = 100 * kDay;
  Analysis a = analyze_customers(st, o);
  // Recency days A 1, B 50, C 1, D 90, E 5 -> R 4 2 4 1 3; purchases 2 1 3 1 1 -> F 4 1 5 1 1;
  // revenue 150 500 60 10 200 -> M 3 5 2 1 4; F never bought: 0 0 0.
  std::vector<std::string> rfm;
  for (size_t i = 0; i < st.customers.size(); i++) {
    json attrs = customer_attributes(st, a, static_cast<int32_t>(i));
    rfm.push_back(attrs["rfm"].is_null() ? "-" : attrs["rfm"].get<std::string>());
  }
  CHECK(rfm == std::vector<std::string>{"443", "215", "452", "111", "314", "-"});
  json ann = customer_attributes(st, a, 0);
  CHECK(ann["recency_days"] == 1);
  CHECK(ann["purchases"] == 2);
  CHECK(ann["total_revenue"] == 150.0);
  CHECK(ann["rfm_group"] == "champions");
  CHECK(ann["age"] == 41.0);  // imported number typed as a number
  CHECK(ann["tier"] == "gold");
  CHECK(ann["channels"] == json({"web", "email"}));
  CHECK(customer_attributes(st, a, 1)["rfm_group"] == "hibernating");
  CHECK(customer_attributes(st, a, 4)["rfm_group"] == "need_attention");
  CHECK(customer_attributes(st, a, 5)["rfm_group"] == "no_purchase");
  CHECK(customer_attributes(st, a, 5)["recency_days"].is_null());
  CHECK(customer_attributes(st, a, 5)["last_seen_days"] == 0);
  // Without as_of, "now" is the latest event (day 100 here): same scores.
  Analysis b = analyze_customers(st);
  CHECK(b.as_of == 100 * kDay);
  CHECK(rfm_group(5, 1) == std::string("new"));
  CHECK(rfm_group(2, 4) == std::string("loyal"));
  CHECK(rfm_group(1, 3) == std::string("at_risk"));
}

TEST_CASE("segments: GrowthBook conditions over profile, attributes and computed values", "[ecosystem][segment]") {
  Store st = rfm_store();
  AnalysisOptions o;
  o.as_of = 100 * kDay;
  Analysis a = analyze_customers(st, o);
  auto seg = [&](const char* cond) {
    auto r = segment_members(st, a, json::parse(cond));
    REQUIRE(r.ok());
    return ids(st, *r);
  };
  using V = std::vector<std::string>;
  CHECK(seg(R"({"rfm_group": "champions"})") == V{"A", "C"});
  CHECK(seg(R"({"total_revenue": {"$gte": 150}})") == V{"A", "B", "E"});
  CHECK(seg(R"({"age": {"$gte": 40}})") == V{"A", "D", "F"});
  CHECK(seg(R"({"tier": "gold", "rfm_f": {"$gte": 5}})") == V{"C"});
  CHECK(seg(R"({"channels": {"$elemMatch": {"$eq": "email"}}})") == V{"A", "F"});
  CHECK(seg(R"({"$or": [{"recency_days": {"$gt": 30}}, {"purchases": 0}]})") == V{"B", "D", "F"});
  CHECK(seg(R"({"name": {"$regex": "^[AB]"}})") == V{"A", "B"});
  CHECK(seg("{}").size() == 6);
  auto bad = segment_members(st, a, json::parse(R"({"age": {"$gtx": 1}})"));
  REQUIRE(!bad.ok());
  CHECK(bad.error().message.find("$gtx") != std::string::npos);
  CHECK(!segment_members(st, a, json::array()).ok());
}

TEST_CASE("insights: best send hour in a time zone, categories, channels", "[ecosystem][insights]") {
  CHECK(local_hour(0, 0) == 0);
  CHECK(local_hour(13 * 3600 + 1800, -330) == 8);
  CHECK(local_hour(3600, -330) == 19);  // 01:00 UTC is 19:30 the day before at -05:30
  Store st;
  std::string ev = "user,type,channel,timestamp\n";
  auto at = [&ev](const char* type, const char* ch, const char* utc, int n) {
    for (int i = 0; i < n; i++) ev += std::string("U,") + type + "," + ch + ",2024-05-0" + std::to_string(1 + i) + "T" + utc + "Z\n";
  };
  at("open", "email", "12:00:00", 3);
  at("click", "wechat", "13:30:00", 3);
  at("purchase", "web", "01:00:00", 2);
  at("view", "web", "05:00:00", 9);  // not an engagement: no effect on hours
  REQUIRE(import_text(st, ImportKind::kEvents, ev).ok());
  Analysis a = analyze_customers(st);
  AnalysisOptions o;
  SegmentInsights utc = segment_insights(st, a, {0}, o);
  CHECK(utc.best_hour == 12);  // 12 and 13 tie: the earlier hour
  CHECK(utc.hours[12] == 3);
  CHECK(utc.hours[5] == 0);
  o.tz_offset_minutes = 480;
  SegmentInsights beijing = segment_insights(st, a, {0}, o);
  CHECK(beijing.best_hour == 20);
  CHECK(beijing.hours[21] == 3);
  CHECK(beijing.hours[9] == 2);
  o.tz_offset_minutes = -330;
  CHECK(segment_insights(st, a, {0}, o).best_hour == 6);
  // Channel preference: engagements per channel, share of all engagements with a channel.
  REQUIRE(utc.channels.size() == 3);
  CHECK(utc.channels[0].channel == "email");   // 3 engagements, tie with wechat: by events then name
  CHECK(utc.channels[1].channel == "wechat");
  CHECK(utc.channels[2].channel == "web");     // 2 engagements (purchases), 11 events
  CHECK(utc.channels[2].share == Approx(2.0 / 8.0));
  CHECK(segment_insights(st, a, {}, o).best_hour == -1);

  Store rs = rfm_store();
  Analysis ra = analyze_customers(rs);
  SegmentInsights all = segment_insights(rs, ra, {0, 1, 2, 3, 4, 5}, {}, 2);
  REQUIRE(all.top_categories.size() == 2);
  CHECK(all.top_categories[0].category == "kitchen");    // 3 purchases (B, C, C)
  CHECK(all.top_categories[0].revenue == Approx(540));
  CHECK(all.top_categories[1].category == "wearables");  // 3 purchases too (A, A, E)
  CHECK(all.top_categories[1].purchases == 3);
  CHECK(all.top_categories[0].interactions == 4);         // + A's click
  CHECK(all.top_categories[1].interactions == 4);         // + B's view; tie broken by name
  CHECK(all.purchasers == 5);
  CHECK(all.rfm_groups.at("champions") == 2);
}

TEST_CASE("interactions: events become weighted recommender input", "[ecosystem][recommend]") {
  Store st = rfm_store();
  plume::recommend::Dataset d = interactions_from_events(st);
  // Items with a weighted type only: opens (no item) are skipped.
  CHECK(d.rows.size() == 8);  // A-P1, A-P2, B-P1, B-P2, C-P2, C-P3, D-P3, E-P1
  auto value = [&](const char* u, const char* i) {
    for (const auto& r : d.rows)
      if (d.users.name(r.user) == u && d.items.name(r.item) == i) return r.value;
    return -1.0f;
  };
  CHECK(value("A", "P1") == 10.0f);  // two purchases
  CHECK(value("C", "P2") == 10.0f);
  CHECK(value("A", "P2") == 2.0f);   // a click
  CHECK(value("B", "P1") == 1.0f);   // a view
  CHECK(value("F", "P1") == -1.0f);
  plume::recommend::Dataset custom = interactions_from_events(st, {{"purchase", 1.0f}});
  CHECK(custom.rows.size() == 6);
  // The recommender takes it as is.
  auto train = plume::recommend::make_training_data(d.rows, d.users.size(), d.items.size(), false);
  plume::recommend::Popularity pop;
  REQUIRE(pop.fit(train).ok());
  std::vector<float> scratch;
  auto top = plume::recommend::top_k(pop, train, *d.users.find("D"), 2, scratch);
  REQUIRE(top.size() == 2);
  CHECK(d.items.name(top[0].item) != "P3");  // D already has P3
}
