// JSON in and out for the statistics (contract in stats_json.h). Reading checks every type and
// names the field that is wrong; writing turns empty optionals into null.
#include "experiment/stats_json.h"

#include <cmath>
#include <set>

#include "experiment/bandit.h"
#include "experiment/power.h"
#include "experiment/simulate.h"
#include "experiment/stats.h"

namespace plume::experiment {

namespace {

using nlohmann::json;

Result<json> parse_object(const std::string& text, const char* what) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return make_error(what, " is not valid JSON");
  if (!j.is_object()) return make_error(what, " must be a JSON object");
  return j;
}

Status only_keys(const json& j, const std::set<std::string>& allowed, const std::string& where) {
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!allowed.count(it.key())) {
      std::string list;
      for (const auto& k : allowed) list += (list.empty() ? "" : ", ") + k;
      return make_error(where, ": unknown field \"", it.key(), "\" (expected: ", list, ")");
    }
  return {};
}

Result<double> number(const json& j, const char* key, const std::string& where, std::optional<double> fallback = {}) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (fallback) return *fallback;
    return make_error(where, ": missing \"", key, "\"");
  }
  if (!it->is_number()) return make_error(where, ": \"", key, "\" must be a number, got ", it->dump());
  const double v = it->get<double>();
  if (!std::isfinite(v)) return make_error(where, ": \"", key, "\" must be finite");
  return v;
}

Result<int64_t> integer(const json& j, const char* key, const std::string& where, std::optional<int64_t> fallback = {}) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (fallback) return *fallback;
    return make_error(where, ": missing \"", key, "\"");
  }
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_number_unsigned()) {
    if (it->get<uint64_t>() > (uint64_t{1} << 53)) return make_error(where, ": \"", key, "\" is too large");
    return static_cast<int64_t>(it->get<uint64_t>());
  }
  if (it->is_number_float()) {
    const double v = it->get<double>();
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) <= 9007199254740992.0) return static_cast<int64_t>(v);
  }
  return make_error(where, ": \"", key, "\" must be a whole number, got ", it->dump());
}

Result<bool> boolean(const json& j, const char* key, const std::string& where, bool fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) return make_error(where, ": \"", key, "\" must be true or false, got ", it->dump());
  return it->get<bool>();
}

Result<std::string> text(const json& j, const char* key, const std::string& where, const std::string& fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  if (!it->is_string()) return make_error(where, ": \"", key, "\" must be a string, got ", it->dump());
  return it->get<std::string>();
}

Result<std::vector<double>> numbers(const json& j, const char* key, const std::string& where) {
  std::vector<double> out;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return out;
  if (!it->is_array()) return make_error(where, ": \"", key, "\" must be an array of numbers");
  for (const json& x : *it) {
    if (!x.is_number() || !std::isfinite(x.get<double>()))
      return make_error(where, ": \"", key, "\" must contain only finite numbers, got ", x.dump());
    out.push_back(x.get<double>());
  }
  return out;
}

// Fails the enclosing function with the error of a Result/Status expression.
#define PLUME_TRY(var, expr)            \
  auto var##_r = (expr);                \
  if (!var##_r) return var##_r.error(); \
  auto var = std::move(*var##_r)

struct VariationList {
  std::vector<VariationStats> stats;
  std::vector<CovariateStats> cuped;
};

Result<VariationList> read_variations(const json& j, const char* key, const std::string& where, MetricType metric) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return make_error(where, ": \"", key, "\" must be an array of variations");
  VariationList out;
  size_t with_pre = 0;
  for (size_t i = 0; i < it->size(); i++) {
    const json& v = (*it)[i];
    const std::string at = where + " " + key + "[" + std::to_string(i) + "]";
    if (!v.is_object()) return make_error(at, " must be an object");
    const bool binomial = metric == MetricType::Binomial;
    // All five aggregate fields are accepted (the output of `plume ab events` / aggregate()
    // feeds straight in); the metric decides which are read.
    if (Status s = only_keys(v, {"name", "users", "conversions", "sum", "sum_squares", "pre"}, at); !s) return s.error();
    VariationStats st;
    PLUME_TRY(name, text(v, "name", at, i == 0 ? "control" : "variation " + std::to_string(i)));
    PLUME_TRY(users, integer(v, "users", at));
    st.name = name;
    st.users = users;
    if (binomial) {
      PLUME_TRY(conversions, integer(v, "conversions", at));
      st.conversions = conversions;
    } else {
      PLUME_TRY(sum, number(v, "sum", at));
      PLUME_TRY(sum_squares, number(v, "sum_squares", at));
      st.sum = sum;
      st.sum_squares = sum_squares;
    }
    if (v.contains("pre")) {
      const json& p = v["pre"];
      const std::string pat = at + ".pre";
      if (!p.is_object()) return make_error(pat, " must be an object {\"sum\",\"sum_squares\",\"sum_products\"}");
      if (Status s = only_keys(p, {"sum", "sum_squares", "sum_products"}, pat); !s) return s.error();
      PLUME_TRY(psum, number(p, "sum", pat));
      PLUME_TRY(psq, number(p, "sum_squares", pat));
      PLUME_TRY(pprod, number(p, "sum_products", pat));
      out.cuped.push_back({psum, psq, pprod});
      with_pre++;
    }
    out.stats.push_back(st);
  }
  if (with_pre != 0 && with_pre != out.stats.size())
    return make_error(where, ": CUPED needs \"pre\" covariate sums on every variation (", with_pre, " of ",
                      out.stats.size(), " have them)");
  return out;
}

ojson opt(const std::optional<double>& x) { return x ? ojson(*x) : ojson(nullptr); }

ojson analysis_json(const Analysis& a) {
  ojson out;
  out["srm_p_value"] = a.srm.p_value;
  out["warning"] = a.srm.mismatch ? ojson(a.warnings.front()) : ojson(nullptr);
  std::vector<int64_t> observed{a.control_users};
  for (const auto& c : a.comparisons) observed.push_back(c.users);
  out["srm"] = {{"chi_square", a.srm.chi_square}, {"degrees_of_freedom", a.srm.degrees_of_freedom},
                {"p_value", a.srm.p_value}, {"mismatch", a.srm.mismatch}, {"threshold", kSrmThreshold},
                {"observed_users", observed}, {"expected_weights", a.srm.expected_weights}};
  out["metric"] = metric_name(a.metric);
  out["alpha"] = a.alpha;
  ojson methods = {{"frequentist", a.frequentist_method}, {"relative", a.relative_method}, {"bayesian", a.bayesian_method}};
  methods["sequential"] = a.sequential_method.empty() ? ojson(nullptr) : ojson(a.sequential_method);
  methods["sequential_tuning_parameter"] = a.sequential_method.empty() ? ojson(nullptr) : ojson(a.sequential_tuning);
  methods["correction"] = a.correction_method.empty() ? ojson(nullptr) : ojson(a.correction_method);
  methods["cuped"] = a.cuped;
  out["methods"] = methods;
  out["control"] = {{"name", a.control_name}, {"users", a.control_users}, {"mean", a.control_mean}};
  ojson variations = ojson::array();
  for (const Comparison& c : a.comparisons) {
    ojson v;
    v["name"] = c.name;
    v["users"] = c.users;
    v["mean"] = c.mean;
    v["absolute_lift"] = c.absolute_lift;
    v["relative_lift"] = opt(c.relative_lift);
    v["ci_low"] = c.ci ? ojson(c.ci->low) : ojson(nullptr);
    v["ci_high"] = c.ci ? ojson(c.ci->high) : ojson(nullptr);
    v["relative_ci_low"] = c.relative_ci ? ojson(c.relative_ci->low) : ojson(nullptr);
    v["relative_ci_high"] = c.relative_ci ? ojson(c.relative_ci->high) : ojson(nullptr);
    v["p_value"] = opt(c.p_value);
    v["p_value_adjusted"] = opt(c.p_value_adjusted);
    v["significant"] = c.significant;
    v["chance_to_win"] = opt(c.chance_to_win);
    v["expected_loss"] = opt(c.expected_loss);
    v["standard_error"] = opt(c.standard_error);
    v["degrees_of_freedom"] = opt(c.degrees_of_freedom);
    v["warnings"] = c.warnings;
    variations.push_back(std::move(v));
  }
  out["variations"] = std::move(variations);
  out["warnings"] = a.warnings;
  return out;
}

Result<Correction> parse_correction(const std::string& s) {
  if (s == "none" || s.empty()) return Correction::None;
  if (s == "holm") return Correction::Holm;
  if (s == "bh" || s == "benjamini-hochberg") return Correction::BenjaminiHochberg;
  return make_error("correction '", s, "' is not one of none, holm, bh");
}

Result<BanditOptions> read_bandit_options(const json& j, const std::string& where) {
  BanditOptions o;
  PLUME_TRY(algorithm, text(j, "algorithm", where, "thompson"));
  PLUME_TRY(parsed, parse_bandit_algorithm(algorithm));
  PLUME_TRY(min_weight, number(j, "min_weight", where, 0.0));
  PLUME_TRY(epsilon, number(j, "epsilon", where, 0.1));
  o.algorithm = parsed;
  o.min_weight = min_weight;
  o.epsilon = epsilon;
  return o;
}

Result<std::vector<VariationStats>> read_arms(const json& j, const std::string& where) {
  auto it = j.find("arms");
  if (it == j.end() || !it->is_array()) return make_error(where, ": \"arms\" must be an array of {name, users, conversions}");
  std::vector<VariationStats> arms;
  for (size_t i = 0; i < it->size(); i++) {
    const json& a = (*it)[i];
    const std::string at = where + " arms[" + std::to_string(i) + "]";
    if (!a.is_object()) return make_error(at, " must be an object");
    if (Status s = only_keys(a, {"name", "users", "conversions"}, at); !s) return s.error();
    VariationStats st;
    PLUME_TRY(name, text(a, "name", at, "arm " + std::to_string(i)));
    PLUME_TRY(users, integer(a, "users", at, 0));
    PLUME_TRY(conversions, integer(a, "conversions", at, 0));
    st.name = name;
    st.users = users;
    st.conversions = conversions;
    arms.push_back(st);
  }
  return arms;
}

}  // namespace

std::string dump_json(const ojson& j, int indent) { return j.dump(indent, ' ', false, ojson::error_handler_t::replace); }

Result<ojson> analyze_json(const std::string& input) {
  PLUME_TRY(j, parse_object(input, "the analysis input"));
  const std::string where = "analysis input";
  // "experiment", "metric_event", ... come with the aggregates document and are not used here.
  if (Status s = only_keys(j, {"metric", "variations", "weights", "alpha", "sequential", "sequential_tuning", "correction",
                               "allow_negative", "segments", "experiment", "metric_event", "multiple_exposure_users",
                               "unattributed_events"}, where); !s)
    return s.error();
  AnalysisOptions o;
  PLUME_TRY(metric, text(j, "metric", where, "binomial"));
  if (metric == "binomial") o.metric = MetricType::Binomial;
  else if (metric == "continuous") o.metric = MetricType::Continuous;
  else return make_error("metric '", metric, "' is not binomial (conversions) or continuous (revenue, order value)");
  PLUME_TRY(alpha, number(j, "alpha", where, 0.05));
  PLUME_TRY(weights, numbers(j, "weights", where));
  PLUME_TRY(sequential, boolean(j, "sequential", where, false));
  PLUME_TRY(tuning, number(j, "sequential_tuning", where, kDefaultSequentialTuning));
  PLUME_TRY(correction_text, text(j, "correction", where, "none"));
  PLUME_TRY(correction, parse_correction(correction_text));
  PLUME_TRY(allow_negative, boolean(j, "allow_negative", where, false));
  o.alpha = alpha;
  o.weights = weights;
  o.sequential = sequential;
  o.sequential_tuning = tuning;
  o.correction = correction;
  o.allow_negative = allow_negative;

  PLUME_TRY(overall, read_variations(j, "variations", where, o.metric));
  AnalysisOptions overall_options = o;
  overall_options.cuped = overall.cuped;
  PLUME_TRY(analysis, analyze(overall.stats, overall_options));
  ojson out = analysis_json(analysis);

  if (j.contains("segments")) {
    const json& segs = j["segments"];
    if (!segs.is_array()) return make_error(where, ": \"segments\" must be an array of {\"segment\", \"variations\"}");
    std::vector<SegmentInput> inputs;
    for (size_t i = 0; i < segs.size(); i++) {
      const json& s = segs[i];
      const std::string at = "segments[" + std::to_string(i) + "]";
      if (!s.is_object()) return make_error(at, " must be an object");
      if (Status st = only_keys(s, {"segment", "variations"}, at); !st) return st.error();
      PLUME_TRY(name, text(s, "segment", at, "segment " + std::to_string(i)));
      PLUME_TRY(list, read_variations(s, "variations", at, o.metric));
      inputs.push_back({name, list.stats, list.cuped});
    }
    PLUME_TRY(results, analyze_segments(inputs, o));
    ojson segments = ojson::array();
    for (const SegmentAnalysis& s : results) {
      ojson one = {{"segment", s.segment}};
      ojson body = analysis_json(s.analysis);
      for (auto it = body.begin(); it != body.end(); ++it) one[it.key()] = it.value();
      segments.push_back(std::move(one));
    }
    out["segments"] = std::move(segments);
  }
  return out;
}

Result<ojson> power_json(const std::string& input) {
  PLUME_TRY(j, parse_object(input, "the power input"));
  const std::string where = "power input";
  if (Status s = only_keys(j, {"baseline", "mde", "relative", "users", "alpha", "power", "stddev"}, where); !s)
    return s.error();
  PowerOptions o;
  PLUME_TRY(baseline, number(j, "baseline", where));
  PLUME_TRY(alpha, number(j, "alpha", where, 0.05));
  PLUME_TRY(power, number(j, "power", where, 0.8));
  PLUME_TRY(relative, boolean(j, "relative", where, false));
  o.baseline = baseline;
  o.alpha = alpha;
  o.power = power;
  if (j.contains("stddev")) {
    PLUME_TRY(stddev, number(j, "stddev", where));
    o.stddev = stddev;
  }
  const bool has_mde = j.contains("mde"), has_users = j.contains("users");
  if (has_mde == has_users) return make_error(where, ": give either \"mde\" (to get the users needed) or \"users\" per variation (to get the MDE)");
  Result<SampleSize> r = has_mde ? [&]() -> Result<SampleSize> {
    PLUME_TRY(mde, number(j, "mde", where));
    return sample_size(o, mde, relative);
  }() : [&]() -> Result<SampleSize> {
    PLUME_TRY(users, number(j, "users", where));
    return minimum_detectable_effect(o, users);
  }();
  if (!r) return r.error();
  ojson out;
  out["metric"] = o.stddev ? "continuous" : "binomial";
  out["users_per_variation"] = r->users_per_variation;
  out["total_users_two_variations"] = 2 * r->users_per_variation;
  out["baseline"] = o.baseline;
  out["treatment"] = r->treatment;
  out["mde_absolute"] = r->mde_absolute;
  out["mde_relative"] = o.baseline != 0.0 ? ojson(r->mde_relative) : ojson(nullptr);
  out["alpha"] = o.alpha;
  out["power"] = o.power;
  out["stddev"] = o.stddev ? ojson(*o.stddev) : ojson(nullptr);
  out["method"] = "two-sided z test, unpooled variance: n = (z_{1-alpha/2} + z_power)^2 (var_control + var_treatment) / mde^2";
  return out;
}

Result<ojson> bandit_weights_json(const std::string& input) {
  PLUME_TRY(j, parse_object(input, "the bandit input"));
  const std::string where = "bandit input";
  if (Status s = only_keys(j, {"algorithm", "min_weight", "epsilon", "arms", "segments"}, where); !s) return s.error();
  PLUME_TRY(o, read_bandit_options(j, where));
  ojson out;
  out["algorithm"] = bandit_algorithm_name(o.algorithm);
  out["min_weight"] = o.min_weight;
  if (j.contains("arms")) {
    PLUME_TRY(arms, read_arms(j, where));
    PLUME_TRY(w, bandit_weights(arms, o));
    out["weights"] = w;
  }
  if (j.contains("segments")) {
    const json& segs = j["segments"];
    if (!segs.is_array()) return make_error(where, ": \"segments\" must be an array of {\"segment\", \"arms\"}");
    ojson list = ojson::array();
    for (size_t i = 0; i < segs.size(); i++) {
      const json& s = segs[i];
      const std::string at = "segments[" + std::to_string(i) + "]";
      if (!s.is_object()) return make_error(at, " must be an object");
      if (Status st = only_keys(s, {"segment", "arms"}, at); !st) return st.error();
      PLUME_TRY(name, text(s, "segment", at, "segment " + std::to_string(i)));
      PLUME_TRY(arms, read_arms(s, at));
      PLUME_TRY(w, bandit_weights(arms, o));
      list.push_back({{"segment", name}, {"weights", w}});
    }
    out["segments"] = std::move(list);
  }
  if (!j.contains("arms") && !j.contains("segments")) return make_error(where, ": give \"arms\" or \"segments\"");
  return out;
}

Result<ojson> simulate_json(const std::string& input) {
  PLUME_TRY(j, parse_object(input, "the simulation input"));
  const std::string where = "simulation input";
  if (Status s = only_keys(j, {"rates", "steps", "algorithm", "seed", "batch", "min_weight", "epsilon", "checkpoints"}, where); !s)
    return s.error();
  SimulationOptions o;
  PLUME_TRY(rates, numbers(j, "rates", where));
  PLUME_TRY(steps, integer(j, "steps", where, 10000));
  PLUME_TRY(seed, integer(j, "seed", where, 42));
  PLUME_TRY(batch, integer(j, "batch", where, 100));
  PLUME_TRY(checkpoints, integer(j, "checkpoints", where, 20));
  PLUME_TRY(bandit, read_bandit_options(j, where));
  if (seed < 0) return make_error(where, ": \"seed\" must be a non-negative whole number");
  o.rates = rates;
  o.steps = steps;
  o.seed = static_cast<uint64_t>(seed);
  o.batch = batch;
  o.checkpoints = checkpoints;
  o.bandit = bandit;
  PLUME_TRY(r, simulate_bandit(o));
  ojson out;
  out["algorithm"] = bandit_algorithm_name(o.bandit.algorithm);
  out["rates"] = o.rates;
  out["steps"] = o.steps;
  out["seed"] = o.seed;
  out["batch"] = o.batch;
  out["min_weight"] = o.bandit.min_weight;
  if (o.bandit.algorithm == BanditAlgorithm::EpsilonGreedy) out["epsilon"] = o.bandit.epsilon;
  out["best_arm"] = r.best_arm;
  ojson points = ojson::array();
  for (const SimulationPoint& p : r.points)
    points.push_back({{"step", p.step}, {"regret", p.regret}, {"p_best", p.p_best},
                      {"ab_regret", p.ab_regret}, {"ab_p_best", p.ab_p_best}, {"weights", p.weights},
                      {"arm_users", p.arm_users}});
  out["points"] = std::move(points);
  auto arms_json = [](const std::vector<VariationStats>& arms) {
    ojson a = ojson::array();
    for (const auto& s : arms) a.push_back({{"users", s.users}, {"conversions", s.conversions}});
    return a;
  };
  const SimulationPoint& last = r.points.back();
  out["bandit"] = {{"regret", last.regret}, {"p_best", last.p_best}, {"conversions", r.conversions}, {"arms", arms_json(r.arms)}};
  out["ab_split"] = {{"regret", last.ab_regret}, {"p_best", last.ab_p_best}, {"conversions", r.ab_conversions},
                     {"arms", arms_json(r.ab_arms)}};
  out["regret_definition"] = "expected conversions lost against always showing the best arm: sum of (best rate - shown arm's rate)";
  return out;
}

Result<ojson> adjust_p_values_json(const std::string& input) {
  PLUME_TRY(j, parse_object(input, "the correction input"));
  const std::string where = "correction input";
  if (Status s = only_keys(j, {"p_values", "method"}, where); !s) return s.error();
  PLUME_TRY(ps, numbers(j, "p_values", where));
  for (double p : ps)
    if (!(p >= 0.0 && p <= 1.0)) return make_error(where, ": p-value ", p, " is not between 0 and 1");
  PLUME_TRY(method_text, text(j, "method", where, "holm"));
  PLUME_TRY(method, parse_correction(method_text));
  return ojson{{"method", correction_name(method)}, {"p_values_adjusted", adjust_p_values(ps, method)}};
}

}  // namespace plume::experiment
