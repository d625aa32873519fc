// The Bayesian posteriors of a conversion experiment, ready to draw: for each variation the
// Beta(1 + conversions, 1 + users - conversions) posterior of its conversion rate (the same
// uniform prior as the chance to win in stats.h), its mean, an equal-tailed credible interval,
// and the density on one grid shared by all variations. The page draws these numbers as they
// are; it computes none of them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "experiment/aggregate.h"

namespace plume::experiment {

struct Posterior {
  std::string name;
  int64_t users = 0, conversions = 0;
  double a = 1.0, b = 1.0;          // Beta(a, b)
  double mean = 0.0;                // a / (a + b)
  double low = 0.0, high = 0.0;     // equal-tailed credible interval at 1 - alpha
  std::vector<double> density;      // pdf at each point of Posteriors::grid
};

struct Posteriors {
  double alpha = 0.05;
  std::vector<double> grid;         // conversion rates, ascending, covering every posterior
  std::vector<Posterior> variations;
};

// Every variation needs 0 <= conversions <= users; 0 < alpha < 1; 10 <= points <= 2000.
Result<Posteriors> beta_posteriors(const std::vector<VariationStats>& variations, double alpha, int points);

// {"variations":[{"name","users","conversions"}], "alpha"?: 0.05, "points"?: 200} (the
// aggregates document of events.h fits as is) -> {"prior", "alpha", "grid", "variations":
// [{"name","users","conversions","posterior_a","posterior_b","mean","ci_low","ci_high","density"}]}
Result<nlohmann::ordered_json> posteriors_json(const std::string& text);

}  // namespace plume::experiment
