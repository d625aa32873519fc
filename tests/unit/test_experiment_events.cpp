// Experiment definitions, event import/export (CSV/JSON) and aggregation into VariationStats.
// Expected aggregates are counted by hand from the small logs below.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "experiment/events.h"

using nlohmann::json;
using namespace plume::experiment;

TEST_CASE("experiment definition: what varies, variations, metrics, GrowthBook object", "[experiment][events]") {
  json j = {{"key", "spring-email"}, {"name", "Spring subject line"}, {"varies", "content"},
            {"variations", {{{"key", "control"}, {"value", "tpl-a"}}, {{"key", "emoji"}, {"value", "tpl-b"}}}},
            {"weights", {0.5, 0.5}}, {"hashVersion", 2},
            {"primaryMetric", {{"event", "purchase"}, {"type", "continuous"}}},
            {"guardrails", {{{"event", "unsubscribe"}}}},
            {"condition", {{"country", {{"$in", {"CN", "US"}}}}}}};
  auto d = parse_experiment_definition(j);
  REQUIRE(d.ok());
  CHECK(d->varies == Varies::Content);
  CHECK(d->primary.kind == MetricKind::Continuous);
  CHECK(d->guardrails.at(0).kind == MetricKind::Binomial);
  CHECK(d->assignment.meta.at(1).key == "emoji");
  CHECK(d->assignment.variations == json({"tpl-a", "tpl-b"}));
  CHECK(d->assignment.hash_version == 2);

  auto bad = [&](json patch, const std::string& message) {
    json k = j;
    k.merge_patch(patch);
    auto r = parse_experiment_definition(k);
    REQUIRE(!r.ok());
    CHECK(r.error().message == message);
  };
  bad({{"weights", {0.7, 0.7}}}, "experiment.weights add up to 1.4, not 1");
  bad({{"weights", {1}}}, "experiment.weights must have one number per variation (2)");
  bad({{"varies", "colour"}}, "experiment.varies must be one of content, channel, personalization, send_time");
  bad({{"variations", {"only"}}}, "experiment.variations must list at least two variations (the first is the control)");
  bad({{"variations", {"a", "a"}}}, "experiment.variations[1]: variation key 'a' appears twice");
  bad({{"primaryMetric", {{"type", "median"}}}}, "experiment.primaryMetric.type: 'median' is not binomial or continuous");
  bad({{"condition", {{"age", {{"$gtx", 1}}}}}}, "experiment.condition.age.$gtx: unknown operator $gtx");
}

TEST_CASE("timestamps: ISO 8601 with offsets and ms since epoch", "[experiment][events]") {
  CHECK(parse_timestamp("1970-01-01") == 0);
  CHECK(parse_timestamp("2024-03-01T09:30:00+08:00") == 1709256600000LL);  // date -u -d ... +%s
  CHECK(parse_timestamp("2024-03-01T01:30:00.250Z") == 1709256600250LL);
  CHECK(parse_timestamp("1709256600250") == 1709256600250LL);
  CHECK(format_timestamp(1709256600250LL) == "2024-03-01T01:30:00.250Z");
  CHECK(format_timestamp(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(!parse_timestamp("2024-13-01").has_value());
  CHECK(!parse_timestamp("yesterday").has_value());
}

TEST_CASE("events CSV: parse, errors with line and column, round trip", "[experiment][events]") {
  std::string csv =
      "Type,User_ID,Experiment,Variation,Revenue,Timestamp\n"
      "exposure,u1,exp,control,,2024-03-01T00:00:00Z\n"
      "purchase,u1,,,\"12.5\",2024-03-01T01:00:00Z\n"
      "exposure,\"u,2\",exp,B,,1709251200000\n";
  auto ev = parse_events_csv(csv);
  REQUIRE(ev.ok());
  REQUIRE(ev->size() == 3);
  CHECK((*ev)[1].value == 12.5);
  CHECK((*ev)[2].user == "u,2");
  CHECK((*ev)[2].timestamp == 1709251200000LL);
  auto again = parse_events_csv(events_to_csv(*ev));
  REQUIRE(again.ok());
  CHECK(events_to_json(*again) == events_to_json(*ev));
  auto from_json = parse_events_json(events_to_json(*ev).dump());
  REQUIRE(from_json.ok());
  CHECK(events_to_json(*from_json) == events_to_json(*ev));

  auto err = [](const std::string& text) { auto r = parse_events_csv(text); return r.ok() ? std::string("ok") : r.error().message; };
  CHECK(err("type,user,value\nconversion,u1,abc\n") == "line 2, column 3 (value): 'abc' is not a number");
  CHECK(err("type,user,timestamp\nconversion,u1,\n\nconversion,u2,noon\n") ==
        "line 4, column 3 (timestamp): 'noon' is not a timestamp (ms since 1970 or ISO 8601 like 2024-03-01T09:30:00Z)");
  CHECK(err("type,user,experiment,variation\nexposure,u1,exp,\n") == "line 2, column 4 (variation): an exposure needs a variation");
  CHECK(err("type,user\nconversion\n") == "line 2: 1 fields, but the header has 2");
  CHECK(err("user,value\n") == "line 1: the header has no 'type' column (found: user, ...)");
  CHECK(err("type,user\n\"conversion,u1\n") == "line 2: a quoted field is not closed");
  CHECK(err("") .find("empty") != std::string::npos);
  auto j = parse_events_json(R"([{"type":"exposure","user":"u1"}])");
  REQUIRE(!j.ok());
  CHECK(j.error().message == "events[0]: an exposure needs experiment and variation");
  CHECK(!parse_events_json(R"([{"type":"purchase","user":"u1","value":"12"}])").ok());
}

TEST_CASE("aggregate: de-duplicated exposures, attribution after exposure, per-user sums", "[experiment][events]") {
  // u1: control, exposed twice, buys 10 then 5 (per-user total 15).
  // u2: B, buys 20 before exposure (not attributed) and 7 after.
  // u3: B, no purchase.     u4: exposed to both variations -> excluded.
  // u5: never exposed, buys 3 -> unattributed.   Another experiment's exposure is ignored.
  std::vector<Event> log = {
      {"exposure", "u1", "exp", "control", 0, 1000}, {"exposure", "u1", "exp", "control", 0, 1100},
      {"purchase", "u1", "", "", 10, 1200},          {"purchase", "u1", "exp", "", 5, 1300},
      {"purchase", "u2", "", "", 20, 500},           {"exposure", "u2", "exp", "B", 0, 1000},
      {"purchase", "u2", "", "", 7, 2000},           {"exposure", "u3", "exp", "B", 0, 1000},
      {"exposure", "u4", "exp", "control", 0, 1000}, {"exposure", "u4", "exp", "B", 0, 1000},
      {"purchase", "u5", "", "", 3, 1000},           {"exposure", "u6", "other", "B", 0, 1000},
      {"purchase", "u3", "other", "", 9, 3000},
  };
  AggregateOptions o;
  o.experiment = "exp";
  o.metric = {"revenue", "purchase", MetricKind::Continuous};
  auto a = aggregate(log, o);
  REQUIRE(a.ok());
  REQUIRE(a->variations.size() == 2);
  const VariationStats& c = a->variations[0];
  const VariationStats& b = a->variations[1];
  CHECK(c.name == "control");
  CHECK(c.users == 1);
  CHECK(c.conversions == 1);
  CHECK(c.sum == 15);
  CHECK(c.sum_squares == 225);
  CHECK(b.name == "B");
  CHECK(b.users == 2);
  CHECK(b.conversions == 1);
  CHECK(b.sum == 7);
  CHECK(b.sum_squares == 49);
  CHECK(a->multiple_exposure_users == 1);
  CHECK(a->unattributed_events == 2);  // u2's early purchase, u5's purchase

  o.metric = {"purchase rate", "purchase", MetricKind::Binomial};
  a = aggregate(log, o);
  REQUIRE(a.ok());
  CHECK(a->variations[0].conversions == 1);
  CHECK(a->variations[0].sum == 1);
  CHECK(a->variations[1].sum_squares == 1);

  o.variations = {"control", "C"};
  auto missing = aggregate(log, o);
  REQUIRE(!missing.ok());
  CHECK(missing.error().message.find("variation 'B', which is not one of the experiment's variations") != std::string::npos);

  // Without timestamps, the order of the log decides.
  std::vector<Event> ordered = {{"purchase", "u1", "", "", 1, {}}, {"exposure", "u1", "e", "1", 0, {}},
                                {"exposure", "u2", "e", "0", 0, {}}, {"purchase", "u2", "", "", 1, {}}};
  AggregateOptions o2;
  o2.experiment = "e";
  o2.metric.event = "purchase";
  auto b2 = aggregate(ordered, o2);
  REQUIRE(b2.ok());
  CHECK(b2->variations[0].name == "0");
  CHECK(b2->variations[0].conversions == 1);
  CHECK(b2->variations[1].conversions == 0);
}
