// A seeded bandit simulator: arms with known conversion rates, one visitor per step, the bandit
// against a fixed equal A/B split on the same rates. It reports, over time, the cumulative
// (expected) regret -- conversions lost against always showing the best arm -- and P(best): the
// posterior probability, from the data collected so far, that the truly best arm is the best.
// A bandit earns more while testing; an equal split learns about every arm evenly.
#pragma once

#include <cstdint>
#include <vector>

#include "core/error.h"
#include "experiment/aggregate.h"
#include "experiment/bandit.h"

namespace plume::experiment {

struct SimulationOptions {
  std::vector<double> rates;   // true conversion rate of each arm
  int64_t steps = 10000;       // visitors
  BanditOptions bandit;
  uint64_t seed = 42;
  int64_t batch = 100;         // weights are recomputed every `batch` visitors
  int64_t checkpoints = 20;    // points reported along the way (the last is at `steps`)
};

struct SimulationPoint {
  int64_t step = 0;
  double regret = 0.0, p_best = 0.0;        // the bandit
  double ab_regret = 0.0, ab_p_best = 0.0;  // the fixed equal split
  // The bandit's allocation at this step: the traffic weights in force and the visitors each
  // arm has had so far (how a bandit shifts traffic to the winner over time).
  std::vector<double> weights;
  std::vector<int64_t> arm_users;
};

struct SimulationResult {
  size_t best_arm = 0;
  std::vector<SimulationPoint> points;
  std::vector<VariationStats> arms, ab_arms;  // final data per arm
  int64_t conversions = 0, ab_conversions = 0;
};

Result<SimulationResult> simulate_bandit(const SimulationOptions& options);

}  // namespace plume::experiment
