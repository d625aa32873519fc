// Experiment statistics against independent values: scipy (tests/reference/
// experiment_stats_reference.py writes build/experiment_stats_reference.json), closed-form
// results, and properties that must hold (always-valid sequential tests, bandit behaviour);
// plus every kind of bad input.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/rng.h"
#include "experiment/bandit.h"
#include "experiment/power.h"
#include "experiment/simulate.h"
#include "experiment/stats.h"
#include "experiment/stats_json.h"

using namespace plume;
using namespace plume::experiment;
using nlohmann::json;

namespace {

// The scipy reference values, or null (the test then skips with a warning).
json reference() {
  std::ifstream in(PLUME_SOURCE_DIR "/build/experiment_stats_reference.json");
  if (!in) return nullptr;
  std::stringstream s;
  s << in.rdbuf();
  json j = json::parse(s.str(), nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

#define REQUIRE_REFERENCE(ref)                                                                           \
  json ref = reference();                                                                                \
  if (ref.is_null()) {                                                                                   \
    WARN("build/experiment_stats_reference.json is missing: run "                                       \
         "/usr/bin/python3 tests/reference/experiment_stats_reference.py build/experiment_stats_reference.json"); \
    return;                                                                                              \
  }

VariationStats binomial(const std::string& name, int64_t users, int64_t conversions) {
  VariationStats v;
  v.name = name;
  v.users = users;
  v.conversions = conversions;
  return v;
}
VariationStats continuous(const std::string& name, int64_t users, double sum, double sum_squares) {
  VariationStats v;
  v.name = name;
  v.users = users;
  v.sum = sum;
  v.sum_squares = sum_squares;
  return v;
}
VariationStats continuous(const std::string& name, const json& j) {
  return continuous(name, j["users"].get<int64_t>(), j["sum"].get<double>(), j["sum_squares"].get<double>());
}

Approx rel(double x, double eps = 1e-9) { return Approx(x).epsilon(eps).margin(1e-14); }

std::string analyze_error(const std::vector<VariationStats>& v, AnalysisOptions o = {}) {
  auto r = analyze(v, o);
  REQUIRE_FALSE(r.ok());
  return r.error().message;
}

}  // namespace

TEST_CASE("stats: Wald z test, delta method and Beta posteriors match scipy", "[experiment][stats]") {
  REQUIRE_REFERENCE(ref);
  for (const json& c : ref["z_tests"]) {
    INFO("case " << c["control"].dump() << " vs " << c["variation"].dump());
    AnalysisOptions o;
    o.alpha = c["alpha"].get<double>();
    auto r = analyze({binomial("A", c["control"]["users"], c["control"]["conversions"]),
                      binomial("B", c["variation"]["users"], c["variation"]["conversions"])}, o);
    REQUIRE(r.ok());
    const Comparison& v = r->comparisons.at(0);
    CHECK(v.absolute_lift == rel(c["absolute_lift"]));
    CHECK(*v.standard_error == rel(c["standard_error"]));
    CHECK(*v.p_value == rel(c["p_value"], 1e-8));
    CHECK(v.ci->low == rel(c["ci_low"]));
    CHECK(v.ci->high == rel(c["ci_high"]));
    CHECK(*v.relative_lift == rel(c["relative_lift"]));
    CHECK(v.relative_ci->low == rel(c["relative_ci_low"]));
    CHECK(v.relative_ci->high == rel(c["relative_ci_high"]));
    // scipy quad vs Plume's closed form: both far below the 1e-4 the brief asks for.
    CHECK(*v.chance_to_win == Approx(c["chance_to_win"].get<double>()).margin(1e-9));
    CHECK(*v.expected_loss == Approx(c["expected_loss"].get<double>()).epsilon(1e-6).margin(1e-12));
  }
  for (const json& c : ref["beta_large"])  // the numerical-integration path
    CHECK(beta_prob_greater(c["a1"], c["b1"], c["a2"], c["b2"]) == Approx(c["greater"].get<double>()).margin(1e-8));
}

TEST_CASE("stats: Welch t test with Welch-Satterthwaite df matches scipy.stats.ttest_ind_from_stats", "[experiment][stats]") {
  REQUIRE_REFERENCE(ref);
  for (const json& c : ref["welch_tests"]) {
    INFO("case " << c["control"].dump() << " vs " << c["variation"].dump());
    AnalysisOptions o;
    o.metric = MetricType::Continuous;
    o.alpha = c["alpha"].get<double>();
    auto r = analyze({continuous("A", c["control"]), continuous("B", c["variation"])}, o);
    REQUIRE(r.ok());
    const Comparison& v = r->comparisons.at(0);
    CHECK(v.absolute_lift == rel(c["absolute_lift"]));
    CHECK(*v.standard_error == rel(c["standard_error"], 1e-8));
    CHECK(*v.degrees_of_freedom == rel(c["degrees_of_freedom"], 1e-8));
    CHECK(*v.p_value == rel(c["p_value"], 1e-7));
    CHECK(v.ci->low == rel(c["ci_low"], 1e-8));
    CHECK(v.ci->high == rel(c["ci_high"], 1e-8));
    CHECK(*v.relative_lift == rel(c["relative_lift"]));
    CHECK(v.relative_ci->low == rel(c["relative_ci_low"], 1e-8));
    CHECK(v.relative_ci->high == rel(c["relative_ci_high"], 1e-8));
    CHECK(*v.chance_to_win == rel(c["chance_to_win"], 1e-8));
    CHECK(*v.expected_loss == Approx(c["expected_loss"].get<double>()).epsilon(1e-7).margin(1e-12));
  }
}

TEST_CASE("stats: SRM chi-square, Holm and Benjamini-Hochberg match the references", "[experiment][stats]") {
  REQUIRE_REFERENCE(ref);
  for (const json& c : ref["srm"]) {
    auto r = srm_test(c["users"].get<std::vector<int64_t>>(), c["weights"].get<std::vector<double>>());
    REQUIRE(r.ok());
    CHECK(r->chi_square == rel(c["chi_square"]));
    CHECK(r->p_value == rel(c["p_value"], 1e-8));
    CHECK(r->mismatch == (c["p_value"].get<double>() < 0.001));
  }
  for (const json& c : ref["corrections"]) {
    auto p = c["p_values"].get<std::vector<double>>();
    auto holm = adjust_p_values(p, Correction::Holm);
    auto bh = adjust_p_values(p, Correction::BenjaminiHochberg);
    for (size_t i = 0; i < p.size(); i++) {
      CHECK(holm[i] == rel(c["holm"][i]));
      CHECK(bh[i] == rel(c["bh"][i]));
    }
  }
}

TEST_CASE("stats: sample size and MDE match scipy", "[experiment][power]") {
  REQUIRE_REFERENCE(ref);
  for (const json& c : ref["power"]) {
    PowerOptions o;
    o.baseline = c["baseline"];
    o.alpha = c["alpha"];
    o.power = c["power"];
    auto r = sample_size(o, c["mde"], c["relative"]);
    REQUIRE(r.ok());
    CHECK(r->users_per_variation == c["users_per_variation"].get<int64_t>());
    CHECK(c["achieved_power"].get<double>() >= o.power);
  }
  for (const json& c : ref["mde"]) {
    PowerOptions o;
    o.baseline = c["baseline"];
    o.alpha = c["alpha"];
    o.power = c["power"];
    auto r = minimum_detectable_effect(o, c["users"]);
    REQUIRE(r.ok());
    CHECK(r->mde_absolute == rel(c["mde_absolute"], 1e-9));
  }
}

TEST_CASE("stats: P(best) of several Beta posteriors matches scipy quadrature", "[experiment][bandit]") {
  REQUIRE_REFERENCE(ref);
  for (const json& c : ref["prob_best"]) {
    auto p = beta_prob_best(c["alpha"].get<std::vector<double>>(), c["beta"].get<std::vector<double>>());
    for (size_t i = 0; i < p.size(); i++) CHECK(p[i] == Approx(c["p_best"][i].get<double>()).margin(1e-8));
  }
}

TEST_CASE("stats: CUPED matches a Welch test on per-user adjusted values (numpy + scipy)", "[experiment][stats]") {
  REQUIRE_REFERENCE(ref);
  for (const json& c : ref["cuped"]) {
    AnalysisOptions o;
    o.metric = MetricType::Continuous;
    for (const char* g : {"control", "variation"})
      o.cuped.push_back({c[g]["pre"]["sum"], c[g]["pre"]["sum_squares"], c[g]["pre"]["sum_products"]});
    auto r = analyze({continuous("A", c["control"]), continuous("B", c["variation"])}, o);
    REQUIRE(r.ok());
    CHECK(r->cuped);
    const Comparison& v = r->comparisons.at(0);
    CHECK(v.absolute_lift == rel(c["absolute_lift"], 1e-8));
    CHECK(*v.standard_error == rel(c["standard_error"], 1e-8));
    CHECK(*v.p_value == rel(c["p_value"], 1e-6));
    CHECK(*v.standard_error < c["unadjusted_standard_error"].get<double>());  // the point of CUPED
  }
}

TEST_CASE("stats: confidence sequence follows Waudby-Smith et al. eq. 9 and 155", "[experiment][sequential]") {
  REQUIRE_REFERENCE(ref);
  for (const json& c : ref["sequential"]) {
    auto s = confidence_sequence(c["estimate"], c["standard_error"], c["n"], c["alpha"], c["tuning"]);
    CHECK(s.half_width == rel(c["half_width"]));
    CHECK(s.p_value == rel(c["p_value"], 1e-9));
  }
}

TEST_CASE("stats: exact values from closed forms", "[experiment][stats]") {
  // Boost's quantile, not a rounded 1.96.
  AnalysisOptions o;
  auto r = analyze({binomial("A", 1000, 100), binomial("B", 1000, 120)}, o);
  REQUIRE(r.ok());
  const auto& v = r->comparisons[0];
  CHECK((v.ci->high - v.absolute_lift) / *v.standard_error == Approx(1.959963984540054).epsilon(1e-14));
  // X ~ Beta(2,1), Y ~ Beta(1,1): P(X > Y) = int 2x * x dx = 2/3; E[max(Y - X, 0)] = 1/12.
  CHECK(beta_prob_greater(2, 1, 1, 1) == Approx(2.0 / 3.0).epsilon(1e-13));
  CHECK(beta_expected_loss(2, 1, 1, 1) == Approx(1.0 / 12.0).epsilon(1e-12));
  // Two uniforms: 1/2, and E[max(Y - X, 0)] = 1/6.
  CHECK(beta_prob_greater(1, 1, 1, 1) == Approx(0.5).epsilon(1e-13));
  CHECK(beta_expected_loss(1, 1, 1, 1) == Approx(1.0 / 6.0).epsilon(1e-12));
  // The closed form and the integral agree (non-integer parameters force the integral).
  CHECK(beta_prob_greater(101, 900, 91, 910) == Approx(beta_prob_greater(101.0 + 1e-13, 900, 91.0 + 1e-13, 910)).margin(1e-9));
  // Normal posterior: at estimate 0, chance 1/2 and loss se / sqrt(2 pi).
  CHECK(normal_chance_to_win(0.0, 2.0) == Approx(0.5));
  CHECK(normal_expected_loss(0.0, 2.0) == Approx(2.0 / std::sqrt(2.0 * M_PI)).epsilon(1e-14));
  // Holm and BH on a textbook list.
  auto holm = adjust_p_values({0.01, 0.02, 0.03}, Correction::Holm);
  CHECK(holm == std::vector<double>{0.03, 0.04, 0.04});
  auto bh = adjust_p_values({0.01, 0.02, 0.03}, Correction::BenjaminiHochberg);
  CHECK(bh[0] == Approx(0.03));
  CHECK(bh[2] == Approx(0.03));
}

TEST_CASE("stats: sequential p-values stay valid under daily peeking (A/A simulation)", "[experiment][sequential]") {
  // 400 A/A tests at 5 %, each looked at 20 times. Peeking at the fixed-horizon z test rejects
  // far more often than 5 %; the always-valid test must stay at or below 5 % (+ noise).
  Rng rng(2024, 7);
  int fixed_rejections = 0, sequential_rejections = 0;
  const int experiments = 400, looks = 20, per_look = 250;
  for (int e = 0; e < experiments; e++) {
    int64_t ca = 0, cb = 0, n = 0;
    bool fixed = false, sequential = false;
    for (int l = 0; l < looks; l++) {
      for (int i = 0; i < per_look; i++) {
        ca += rng.uniform() < 0.1f;
        cb += rng.uniform() < 0.1f;
      }
      n += per_look;
      AnalysisOptions o;
      auto f = analyze({binomial("A", n, ca), binomial("B", n, cb)}, o);
      o.sequential = true;
      auto s = analyze({binomial("A", n, ca), binomial("B", n, cb)}, o);
      REQUIRE(f.ok());
      REQUIRE(s.ok());
      fixed |= f->comparisons[0].p_value.value_or(1.0) < 0.05;
      sequential |= s->comparisons[0].p_value.value_or(1.0) < 0.05;
    }
    fixed_rejections += fixed;
    sequential_rejections += sequential;
  }
  CHECK(fixed_rejections > 0.12 * experiments);       // the peeking problem is real
  CHECK(sequential_rejections <= 0.07 * experiments);  // 5 % + 2 binomial sd
}

TEST_CASE("stats: sequential output names the method and widens the interval", "[experiment][sequential]") {
  AnalysisOptions o;
  auto fixed = analyze({binomial("A", 10000, 500), binomial("B", 10000, 600)}, o);
  o.sequential = true;
  auto seq = analyze({binomial("A", 10000, 500), binomial("B", 10000, 600)}, o);
  REQUIRE(fixed.ok());
  REQUIRE(seq.ok());
  CHECK(seq->sequential_method.find("confidence sequence") != std::string::npos);
  CHECK(seq->sequential_tuning == kDefaultSequentialTuning);
  CHECK(seq->comparisons[0].ci->low > fixed->comparisons[0].ci->low - 1.0);
  CHECK(seq->comparisons[0].ci->high - seq->comparisons[0].ci->low > fixed->comparisons[0].ci->high - fixed->comparisons[0].ci->low);
  CHECK(*seq->comparisons[0].p_value > *fixed->comparisons[0].p_value);
}

TEST_CASE("stats: bad input gives errors that name the problem", "[experiment][stats]") {
  CHECK_THAT(analyze_error({binomial("A", 100, 5)}), Catch::Contains("at least one variation"));
  CHECK_THAT(analyze_error({binomial("A", 0, 0), binomial("B", 100, 5)}), Catch::Contains("'A' has 0 users"));
  CHECK_THAT(analyze_error({binomial("A", 100, 5), binomial("B", 100, 101)}), Catch::Contains("101 conversions but only 100 users"));
  CHECK_THAT(analyze_error({binomial("A", 100, -1), binomial("B", 100, 1)}), Catch::Contains("negative"));
  AnalysisOptions o;
  o.alpha = 1.5;
  CHECK_THAT(analyze_error({binomial("A", 100, 5), binomial("B", 100, 6)}, o), Catch::Contains("alpha"));
  o.alpha = 0.05;
  o.weights = {0.5, 0.4};
  CHECK_THAT(analyze_error({binomial("A", 100, 5), binomial("B", 100, 6)}, o), Catch::Contains("sum to 0.9"));
  o.weights = {1.0};
  CHECK_THAT(analyze_error({binomial("A", 100, 5), binomial("B", 100, 6)}, o), Catch::Contains("1 entries for 2"));
  AnalysisOptions c;
  c.metric = MetricType::Continuous;
  CHECK_THAT(analyze_error({continuous("A", 100, -5, 10), continuous("B", 100, 5, 10)}, c), Catch::Contains("negative sum"));
  CHECK_THAT(analyze_error({continuous("A", 100, 50, 10), continuous("B", 100, 5, 10)}, c), Catch::Contains("negative variance"));
  CHECK_THAT(analyze_error({continuous("A", 1, 5, 25), continuous("B", 100, 5, 10)}, c), Catch::Contains("at least 2 users"));
  c.allow_negative = true;  // profit can be negative
  CHECK(analyze({continuous("A", 100, -5, 10), continuous("B", 100, 5, 10)}, c).ok());

  PowerOptions p;
  p.baseline = 1.2;
  CHECK_FALSE(sample_size(p, 0.01, false).ok());
  p.baseline = 0.95;
  CHECK_THAT(sample_size(p, 0.1, false).error().message, Catch::Contains("not between 0 and 1"));
  p.baseline = 0.05;
  CHECK_FALSE(sample_size(p, 0.0, false).ok());
  CHECK_FALSE(minimum_detectable_effect(p, 1).ok());
}

TEST_CASE("stats: undefined numbers are null with a reason, never NaN", "[experiment][stats]") {
  // No conversions anywhere yet: no variance, no frequentist test; the Beta posteriors still answer.
  auto r = analyze({binomial("A", 500, 0), binomial("B", 500, 0)}, {});
  REQUIRE(r.ok());
  const auto& v = r->comparisons[0];
  CHECK_FALSE(v.p_value.has_value());
  CHECK_FALSE(v.ci.has_value());
  CHECK_FALSE(v.relative_lift.has_value());
  CHECK(v.warnings.size() == 2);
  CHECK(*v.chance_to_win == Approx(0.5));
  auto j = analyze_json(R"({"metric":"binomial","variations":[{"name":"A","users":500,"conversions":0},{"name":"B","users":500,"conversions":0}]})");
  REQUIRE(j.ok());
  const std::string text = dump_json(*j);
  CHECK(text.find("NaN") == std::string::npos);
  CHECK((*j)["variations"][0]["p_value"].is_null());
  CHECK(text.rfind("{\"srm_p_value\":", 0) == 0);  // the SRM check comes first
}

TEST_CASE("stats: SRM warning, corrections and segments through the JSON door", "[experiment][stats]") {
  auto j = analyze_json(R"({"metric":"binomial","correction":"holm","variations":[
      {"name":"control","users":10000,"conversions":500},{"name":"B","users":11000,"conversions":600},
      {"name":"C","users":10000,"conversions":560}],
      "segments":[{"segment":"mobile","variations":[{"name":"control","users":5000,"conversions":250},
                  {"name":"B","users":5000,"conversions":300},{"name":"C","users":5000,"conversions":280}]}]})");
  REQUIRE(j.ok());
  CHECK((*j)["srm_p_value"].get<double>() < 0.001);
  CHECK((*j)["warning"].get<std::string>().find("sample ratio mismatch") != std::string::npos);
  CHECK((*j)["methods"]["correction"] == "Holm");
  CHECK((*j)["variations"][0]["p_value_adjusted"].get<double>() >= (*j)["variations"][0]["p_value"].get<double>());
  CHECK((*j)["segments"][0]["segment"] == "mobile");
  CHECK((*j)["segments"][0]["warning"].is_null());

  auto typo = analyze_json(R"({"metric":"binomial","variations":[{"name":"A","users":10,"conversion":1}]})");
  REQUIRE_FALSE(typo.ok());
  CHECK_THAT(typo.error().message, Catch::Contains("unknown field \"conversion\""));
  CHECK_FALSE(analyze_json("not json").ok());
  CHECK_FALSE(analyze_json(R"({"metric":"revenue","variations":[]})").ok());
  CHECK_THAT(analyze_json(R"({"variations":[{"users":10,"conversions":1},{"users":10,"conversions":2,"pre":{"sum":1,"sum_squares":1,"sum_products":1}}]})")
                 .error().message, Catch::Contains("every variation"));
}

TEST_CASE("bandit: weights per algorithm, minimum weight, segments", "[experiment][bandit]") {
  std::vector<VariationStats> arms{binomial("a", 1000, 50), binomial("b", 1000, 70), binomial("c", 1000, 40)};
  BanditOptions o;
  auto w = bandit_weights(arms, o);
  REQUIRE(w.ok());
  CHECK((*w)[0] + (*w)[1] + (*w)[2] == Approx(1.0));
  CHECK((*w)[1] > 0.9);
  o.min_weight = 0.1;
  auto floored = bandit_weights(arms, o);
  for (double x : *floored) CHECK(x >= 0.1 - 1e-15);
  CHECK((*floored)[1] == Approx(0.1 + 0.7 * (*w)[1]));

  o = {BanditAlgorithm::Ucb1, 0.0, 0.1};
  auto first = bandit_weights({binomial("a", 10, 5), binomial("b", 0, 0), binomial("c", 0, 0)}, o);
  CHECK(*first == std::vector<double>{0.0, 0.5, 0.5});  // never-shown arms first
  auto ucb = bandit_weights(arms, o);
  CHECK(*ucb == std::vector<double>{0.0, 1.0, 0.0});

  o = {BanditAlgorithm::EpsilonGreedy, 0.0, 0.3};
  auto eg = bandit_weights(arms, o);
  CHECK((*eg)[0] == Approx(0.1));
  CHECK((*eg)[1] == Approx(0.8));

  CHECK_FALSE(bandit_weights({binomial("a", 10, 1)}, o).ok());
  CHECK_FALSE(bandit_weights({binomial("a", 10, 11), binomial("b", 10, 1)}, o).ok());
  o.min_weight = 0.6;
  CHECK_FALSE(bandit_weights(arms, o).ok());

  SegmentedBandit seg(2, BanditOptions{});
  for (int i = 0; i < 200; i++) {
    REQUIRE(seg.record("email", 0, i % 5 == 0).ok());
    REQUIRE(seg.record("email", 1, i % 20 == 0).ok());
    REQUIRE(seg.record("sms", 0, i % 20 == 0).ok());
    REQUIRE(seg.record("sms", 1, i % 5 == 0).ok());
  }
  CHECK((*seg.weights("email"))[0] > 0.99);
  CHECK((*seg.weights("sms"))[1] > 0.99);
  CHECK((*seg.weights("new channel"))[0] == Approx(0.5));
  CHECK_FALSE(seg.record("sms", 2, true).ok());
}

TEST_CASE("bandit: the seeded simulator is reproducible and beats an equal split on regret", "[experiment][bandit]") {
  SimulationOptions o;
  o.rates = {0.05, 0.08, 0.04};
  o.steps = 20000;
  o.seed = 7;
  for (BanditAlgorithm a : {BanditAlgorithm::Thompson, BanditAlgorithm::Ucb1, BanditAlgorithm::EpsilonGreedy}) {
    o.bandit.algorithm = a;
    auto r1 = simulate_bandit(o);
    auto r2 = simulate_bandit(o);
    REQUIRE(r1.ok());
    CHECK(r1->points.size() == 20);
    CHECK(r1->points.back().step == 20000);
    CHECK(r1->conversions == r2->conversions);
    CHECK(r1->points.back().regret == r2->points.back().regret);
    CHECK(r1->best_arm == 1);
    // The equal split loses (0.03 + 0.04) / 3 per visitor on average.
    CHECK(r1->points.back().ab_regret == Approx(20000 * 0.07 / 3).epsilon(0.05));
    if (a != BanditAlgorithm::Ucb1) CHECK(r1->points.back().regret < 0.5 * r1->points.back().ab_regret);
    else CHECK(r1->points.back().regret < r1->points.back().ab_regret);
  }
  o.rates = {0.05};
  CHECK_FALSE(simulate_bandit(o).ok());
  o.rates = {0.05, 1.5};
  CHECK_FALSE(simulate_bandit(o).ok());
}
