// The seeded bandit simulator (see simulate.h).
#include "experiment/simulate.h"

#include <cmath>
#include <cstdio>

#include "core/rng.h"
#include "experiment/stats.h"

namespace plume::experiment {

namespace {

// Limits that keep one simulation to a few seconds in the browser.
constexpr int64_t kMaxSteps = 10'000'000;
constexpr int64_t kMaxThompsonUpdates = 20'000;  // ~0.4 ms each (3 arms, natively)
constexpr int64_t kMaxCheckpoints = 1000;

double p_true_best(const std::vector<VariationStats>& arms, size_t best) {
  std::vector<double> a, b;
  for (const auto& s : arms) {
    a.push_back(1.0 + static_cast<double>(s.conversions));
    b.push_back(1.0 + static_cast<double>(s.users - s.conversions));
  }
  return beta_prob_best(a, b)[best];
}

// One policy's run: its own generator stream, its own data.
struct Arm {
  std::vector<VariationStats> stats;
  double regret = 0.0;
  int64_t conversions = 0;
};

void pull(Arm& run, size_t arm, const std::vector<double>& rates, double best_rate, Rng& rng) {
  const bool converted = static_cast<double>(rng.uniform()) < rates[arm];
  run.stats[arm].users++;
  if (converted) {
    run.stats[arm].conversions++;
    run.conversions++;
  }
  run.regret += best_rate - rates[arm];  // expected regret: independent of the coin flips
}

}  // namespace

Result<SimulationResult> simulate_bandit(const SimulationOptions& o) {
  const size_t k = o.rates.size();
  if (k < 2) return make_error("rates: a simulation needs at least 2 arms; got ", k);
  for (double r : o.rates)
    if (!(r >= 0.0 && r <= 1.0)) return make_error("rates: ", r, " is not a conversion rate between 0 and 1");
  if (o.steps < 1 || o.steps > kMaxSteps) return make_error("steps is ", o.steps, ": it must be between 1 and ", kMaxSteps);
  if (o.batch < 1) return make_error("batch is ", o.batch, ": it must be at least 1");
  if (o.checkpoints < 1 || o.checkpoints > kMaxCheckpoints)
    return make_error("checkpoints is ", o.checkpoints, ": it must be between 1 and ", kMaxCheckpoints);
  const int64_t updates = (o.steps + o.batch - 1) / o.batch;
  if (o.bandit.algorithm == BanditAlgorithm::Thompson && updates > kMaxThompsonUpdates)
    return make_error("steps / batch = ", updates, " Thompson weight updates; at most ", kMaxThompsonUpdates,
                      " are simulated: use a larger batch (a real bandit updates in batches too)");

  SimulationResult result;
  for (size_t i = 1; i < k; i++)
    if (o.rates[i] > o.rates[result.best_arm]) result.best_arm = i;
  const double best_rate = o.rates[result.best_arm];

  Arm bandit{std::vector<VariationStats>(k)}, split{std::vector<VariationStats>(k)};
  for (size_t i = 0; i < k; i++) bandit.stats[i].name = split.stats[i].name = "arm " + std::to_string(i);
  Rng bandit_rng(o.seed, 1), split_rng(o.seed, 2);
  const std::vector<double> equal(k, 1.0 / static_cast<double>(k));
  std::vector<double> weights = equal;

  const int64_t points = std::min(o.checkpoints, o.steps);
  int64_t next_point = 1;
  for (int64_t step = 1; step <= o.steps; step++) {
    if ((step - 1) % o.batch == 0) {
      auto w = bandit_weights(bandit.stats, o.bandit);
      if (!w) return w.error();
      weights = *w;
    }
    pull(bandit, choose_arm(weights, bandit_rng), o.rates, best_rate, bandit_rng);
    pull(split, choose_arm(equal, split_rng), o.rates, best_rate, split_rng);
    // Checkpoint j (1..points) is at step ceil(j * steps / points).
    if (step * points >= next_point * o.steps) {
      SimulationPoint point{step, bandit.regret, p_true_best(bandit.stats, result.best_arm), split.regret,
                            p_true_best(split.stats, result.best_arm), weights, {}};
      for (const auto& s : bandit.stats) point.arm_users.push_back(s.users);
      result.points.push_back(std::move(point));
      next_point++;
    }
  }
  result.arms = bandit.stats;
  result.ab_arms = split.stats;
  result.conversions = bandit.conversions;
  result.ab_conversions = split.conversions;
  return result;
}

}  // namespace plume::experiment
