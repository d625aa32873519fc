// Multi-armed bandits for content variants: the traffic share ("weight") each arm should get
// next, from what each arm has shown so far. Arms are VariationStats (users = times shown,
// conversions = successes). Weights are recomputed per batch of traffic (batched updates);
// between batches the caller assigns visitors by drawing from the weights (choose_arm).
//   Thompson sampling (Beta-Bernoulli): weight = P(arm is the best | data) under Beta(1+c, 1+n-c)
//     posteriors, computed by numerical integration (deterministic, no sampling noise);
//   UCB1: all weight on argmax mean + sqrt(2 ln N / n) (arms never shown come first);
//   epsilon-greedy: epsilon spread evenly, 1 - epsilon on the best observed rate.
// A per-arm minimum weight m keeps every arm learning: w' = m + (1 - K m) w (so w' >= m, sum 1).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
#include "experiment/aggregate.h"

namespace plume::experiment {

enum class BanditAlgorithm { Thompson, Ucb1, EpsilonGreedy };

// Thompson weights integrate over every arm: more arms than this is refused.
inline constexpr size_t kMaxBanditArms = 64;

struct BanditOptions {
  BanditAlgorithm algorithm = BanditAlgorithm::Thompson;
  double min_weight = 0.0;  // per arm, 0 <= min_weight <= 1 / arms
  double epsilon = 0.1;     // epsilon-greedy only
};

Result<std::vector<double>> bandit_weights(const std::vector<VariationStats>& arms, const BanditOptions& options);

// Draws an arm index from the weights with the seeded generator (same arm natively and in WASM).
size_t choose_arm(const std::vector<double>& weights, Rng& rng);

Result<BanditAlgorithm> parse_bandit_algorithm(const std::string& name);  // thompson | ucb1 | egreedy
const char* bandit_algorithm_name(BanditAlgorithm a);

// The contextual variant: one independent bandit per segment (channel, partner, audience), so
// each segment converges to its own best arm. A segment not seen yet starts from no data.
class SegmentedBandit {
 public:
  SegmentedBandit(size_t arms, BanditOptions options) : arms_(arms), options_(options) {}
  Status record(const std::string& segment, size_t arm, bool converted);
  Result<std::vector<double>> weights(const std::string& segment) const;
  const std::map<std::string, std::vector<VariationStats>>& segments() const { return segments_; }

 private:
  size_t arms_;
  BanditOptions options_;
  std::map<std::string, std::vector<VariationStats>> segments_;
};

}  // namespace plume::experiment
