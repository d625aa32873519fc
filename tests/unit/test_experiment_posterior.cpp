// Beta posteriors for the Experiments view, against closed forms worked out by hand, and the
// bandit simulator's allocation over time against its own regret (an independent identity).
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

#include <nlohmann/json.hpp>

#include "experiment/posterior.h"
#include "experiment/simulate.h"

using namespace plume;
using namespace plume::experiment;

TEST_CASE("posterior: Beta(1 + c, 1 + n - c) with hand-computed means, intervals and densities", "[experiment][posterior]") {
  // 0 of 1: Beta(1, 2), pdf 2(1 - x), cdf 1 - (1 - x)^2, so the q-quantile is 1 - sqrt(1 - q).
  // 1 of 2: Beta(2, 2), pdf 6x(1 - x), mean 1/2.
  auto r = beta_posteriors({{"A", 1, 0}, {"B", 2, 1}}, 0.05, 101);
  REQUIRE(r.ok());
  const Posterior& a = r->variations[0];
  const Posterior& b = r->variations[1];
  CHECK(a.a == 1.0);
  CHECK(a.b == 2.0);
  CHECK(a.mean == Approx(1.0 / 3));
  CHECK(a.low == Approx(1 - std::sqrt(0.975)).epsilon(1e-9));
  CHECK(a.high == Approx(1 - std::sqrt(0.025)).epsilon(1e-9));
  CHECK(b.mean == Approx(0.5));
  REQUIRE(r->grid.size() == 101);
  for (size_t i = 0; i < r->grid.size(); i += 10) {
    const double x = r->grid[i];
    CHECK(a.density[i] == Approx(2 * (1 - x)).margin(1e-9));
    CHECK(b.density[i] == Approx(6 * x * (1 - x)).margin(1e-9));
  }
  CHECK(std::is_sorted(r->grid.begin(), r->grid.end()));
}

TEST_CASE("posterior: the grid covers narrow posteriors and each density integrates to 1", "[experiment][posterior]") {
  auto r = beta_posteriors({{"control", 10000, 500}, {"emoji", 10000, 560}}, 0.05, 400);
  REQUIRE(r.ok());
  // 500 of 10000: Beta(501, 9501); its sd is about sqrt(0.05 * 0.95 / 10002) = 0.00218.
  CHECK(r->grid.front() > 0.04);
  CHECK(r->grid.back() < 0.07);
  for (const Posterior& p : r->variations) {
    double area = 0;
    for (size_t i = 1; i < r->grid.size(); i++)
      area += 0.5 * (p.density[i] + p.density[i - 1]) * (r->grid[i] - r->grid[i - 1]);
    CHECK(area == Approx(1.0).epsilon(1e-3));
    // Normal approximation of the 95 % interval: mean -+ 1.96 sd.
    const double sd = std::sqrt(p.mean * (1 - p.mean) / (p.a + p.b + 1));
    CHECK(p.low == Approx(p.mean - 1.96 * sd).epsilon(0.01));
    CHECK(p.high == Approx(p.mean + 1.96 * sd).epsilon(0.01));
  }
}

TEST_CASE("posterior: bad input names the problem", "[experiment][posterior]") {
  CHECK_FALSE(beta_posteriors({}, 0.05, 100).ok());
  CHECK_FALSE(beta_posteriors({{"A", 10, 11}}, 0.05, 100).ok());
  CHECK_FALSE(beta_posteriors({{"A", 10, 1}}, 1.5, 100).ok());
  CHECK_FALSE(beta_posteriors({{"A", 10, 1}}, 0.05, 5).ok());
  auto bad = posteriors_json(R"({"variations":[{"name":"A","users":10,"conversions":"x"}]})");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("variations[0]") != std::string::npos);
  CHECK(bad.error().message.find("conversions") != std::string::npos);
  CHECK_FALSE(posteriors_json("{").ok());
  auto good = posteriors_json(R"({"variations":[{"name":"A","users":1,"conversions":0}],"points":20})");
  REQUIRE(good.ok());
  CHECK((*good)["grid"].size() == 20);
  CHECK((*good)["variations"][0]["posterior_b"].get<double>() == 2.0);
}

TEST_CASE("bandit: the simulator reports the allocation over time", "[experiment][bandit]") {
  SimulationOptions o;
  o.rates = {0.05, 0.08, 0.04};
  o.steps = 20000;
  o.seed = 3;
  auto r = simulate_bandit(o);
  REQUIRE(r.ok());
  for (const SimulationPoint& p : r->points) {
    REQUIRE(p.weights.size() == 3);
    REQUIRE(p.arm_users.size() == 3);
    CHECK(std::accumulate(p.weights.begin(), p.weights.end(), 0.0) == Approx(1.0));
    CHECK(std::accumulate(p.arm_users.begin(), p.arm_users.end(), int64_t{0}) == p.step);
    // The expected regret is the visitors each arm had times its gap to the best rate.
    const double regret = p.arm_users[0] * 0.03 + p.arm_users[2] * 0.04;
    CHECK(p.regret == Approx(regret).epsilon(1e-9));
  }
  // Thompson sampling moves traffic to the best arm: most of it by the end.
  CHECK(r->points.back().weights[1] > 0.8);
  CHECK(r->points.front().weights[1] < r->points.back().weights[1]);
}
