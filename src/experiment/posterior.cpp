// Beta posteriors on a shared grid (see posterior.h).
#include "experiment/posterior.h"

#include <algorithm>
#include <cmath>

#include "experiment/stats_math.h"

namespace plume::experiment {

using namespace detail;

namespace {

// The grid spans every posterior from this quantile to its complement: the drawn curves lose
// no visible mass, and a narrow posterior is not squashed by an axis running from 0 to 1.
constexpr double kGridTail = 1e-4;

}  // namespace

Result<Posteriors> beta_posteriors(const std::vector<VariationStats>& variations, double alpha, int points) {
  if (variations.empty()) return make_error("variations: give at least one variation");
  if (!(alpha > 0.0 && alpha < 1.0)) return make_error("alpha is ", alpha, ": it must be between 0 and 1");
  if (points < 10 || points > 2000) return make_error("points is ", points, ": it must be between 10 and 2000");
  Posteriors out;
  out.alpha = alpha;
  double lo = 1.0, hi = 0.0;
  for (size_t i = 0; i < variations.size(); i++) {
    const VariationStats& v = variations[i];
    if (v.users < 0 || v.conversions < 0 || v.conversions > v.users)
      return make_error("variations[", i, "] (", v.name, "): conversions (", v.conversions,
                        ") must be between 0 and users (", v.users, ")");
    Posterior p;
    p.name = v.name;
    p.users = v.users;
    p.conversions = v.conversions;
    p.a = 1.0 + static_cast<double>(v.conversions);
    p.b = 1.0 + static_cast<double>(v.users - v.conversions);
    p.mean = p.a / (p.a + p.b);
    const Beta d(p.a, p.b);
    p.low = boost::math::quantile(d, alpha / 2);
    p.high = boost::math::quantile(boost::math::complement(d, alpha / 2));
    lo = std::min(lo, boost::math::quantile(d, kGridTail));
    hi = std::max(hi, boost::math::quantile(boost::math::complement(d, kGridTail)));
    out.variations.push_back(std::move(p));
  }
  for (int i = 0; i < points; i++) out.grid.push_back(lo + (hi - lo) * i / (points - 1));
  for (Posterior& p : out.variations) {
    const Beta d(p.a, p.b);
    for (double x : out.grid) {
      const double y = boost::math::pdf(d, x);
      p.density.push_back(std::isfinite(y) ? y : 0.0);  // Beta(1, b) at 0 is finite; guard anyway
    }
  }
  return out;
}

Result<nlohmann::ordered_json> posteriors_json(const std::string& text) {
  using nlohmann::json;
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return make_error("the posterior input is not valid JSON");
  if (!j.is_object()) return make_error("the posterior input must be a JSON object");
  auto whole = [](const json& x) { return x.is_number_integer() || x.is_number_unsigned(); };
  double alpha = 0.05;
  int points = 200;
  if (j.contains("alpha")) {
    if (!j["alpha"].is_number()) return make_error("posterior input: \"alpha\" must be a number, got ", j["alpha"].dump());
    alpha = j["alpha"].get<double>();
  }
  if (j.contains("points")) {
    if (!whole(j["points"])) return make_error("posterior input: \"points\" must be a whole number, got ", j["points"].dump());
    points = static_cast<int>(std::clamp<int64_t>(j["points"].get<int64_t>(), -1, 1'000'000));
  }
  if (!j.contains("variations") || !j["variations"].is_array())
    return make_error("posterior input: \"variations\" must be an array of {name, users, conversions}");
  std::vector<VariationStats> list;
  for (size_t i = 0; i < j["variations"].size(); i++) {
    const json& v = j["variations"][i];
    const std::string at = "posterior input variations[" + std::to_string(i) + "]";
    if (!v.is_object()) return make_error(at, " must be an object");
    VariationStats s;
    s.name = v.contains("name") && v["name"].is_string() ? v["name"].get<std::string>()
                                                         : (i == 0 ? "control" : "variation " + std::to_string(i));
    for (const char* key : {"users", "conversions"}) {
      if (!v.contains(key) || !whole(v[key])) return make_error(at, ": \"", key, "\" must be a whole number");
      if (v[key].is_number_unsigned() && v[key].get<uint64_t>() > (uint64_t{1} << 53))
        return make_error(at, ": \"", key, "\" is too large");
    }
    s.users = v["users"].get<int64_t>();
    s.conversions = v["conversions"].get<int64_t>();
    list.push_back(std::move(s));
  }
  auto r = beta_posteriors(list, alpha, points);
  if (!r) return r.error();
  nlohmann::ordered_json out;
  out["prior"] = "Beta(1, 1) (uniform); posterior Beta(1 + conversions, 1 + users - conversions)";
  out["alpha"] = r->alpha;
  out["grid"] = r->grid;
  out["variations"] = nlohmann::ordered_json::array();
  for (const Posterior& p : r->variations)
    out["variations"].push_back({{"name", p.name}, {"users", p.users}, {"conversions", p.conversions},
                                 {"posterior_a", p.a}, {"posterior_b", p.b}, {"mean", p.mean},
                                 {"ci_low", p.low}, {"ci_high", p.high}, {"density", p.density}});
  return out;
}

}  // namespace plume::experiment
