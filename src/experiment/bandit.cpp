// Bandit weights (algorithms described in bandit.h).
#include "experiment/bandit.h"

#include <cmath>
#include <cstdio>

#include "experiment/stats.h"

namespace plume::experiment {

namespace {

std::string fmt(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

// Equal shares over the arms whose flag is set.
std::vector<double> share_among(const std::vector<bool>& chosen) {
  double count = 0.0;
  for (bool c : chosen) count += c ? 1.0 : 0.0;
  std::vector<double> w(chosen.size(), 0.0);
  for (size_t i = 0; i < chosen.size(); i++)
    if (chosen[i]) w[i] = 1.0 / count;
  return w;
}

// Arms never shown get all the greedy share first (they have no estimate yet); otherwise the
// arms with the highest score (ties share equally).
std::vector<double> greedy(const std::vector<VariationStats>& arms, const std::vector<double>& score) {
  std::vector<bool> unseen(arms.size());
  bool any_unseen = false;
  for (size_t i = 0; i < arms.size(); i++) any_unseen |= (unseen[i] = arms[i].users == 0);
  if (any_unseen) return share_among(unseen);
  double best = score[0];
  for (double s : score) best = std::max(best, s);
  std::vector<bool> top(arms.size());
  for (size_t i = 0; i < arms.size(); i++) top[i] = score[i] == best;
  return share_among(top);
}

}  // namespace

Result<std::vector<double>> bandit_weights(const std::vector<VariationStats>& arms, const BanditOptions& o) {
  const size_t k = arms.size();
  if (k < 2) return make_error("a bandit needs at least 2 arms; got ", k);
  if (k > kMaxBanditArms) return make_error("a bandit takes at most ", kMaxBanditArms, " arms; got ", k);
  if (!(o.min_weight >= 0.0 && o.min_weight * static_cast<double>(k) <= 1.0 + 1e-12))
    return make_error("min_weight is ", fmt(o.min_weight), ": it must be between 0 and 1/arms (", fmt(1.0 / double(k)), ")");
  if (o.algorithm == BanditAlgorithm::EpsilonGreedy && !(o.epsilon >= 0.0 && o.epsilon <= 1.0))
    return make_error("epsilon is ", fmt(o.epsilon), ": it must be between 0 and 1");
  double total = 0.0;
  for (size_t i = 0; i < k; i++) {
    const auto& a = arms[i];
    const std::string who = a.name.empty() ? "arm " + std::to_string(i) : "arm '" + a.name + "'";
    if (a.users < 0 || a.conversions < 0) return make_error(who, ": counts cannot be negative");
    if (a.conversions > a.users)
      return make_error(who, " has ", a.conversions, " conversions but was shown only ", a.users, " times");
    total += static_cast<double>(a.users);
  }

  std::vector<double> w;
  switch (o.algorithm) {
    case BanditAlgorithm::Thompson: {
      std::vector<double> alpha, beta;
      for (const auto& a : arms) {
        alpha.push_back(1.0 + static_cast<double>(a.conversions));
        beta.push_back(1.0 + static_cast<double>(a.users - a.conversions));
      }
      w = beta_prob_best(alpha, beta);
      break;
    }
    case BanditAlgorithm::Ucb1: {
      std::vector<double> score;
      for (const auto& a : arms) {
        const double n = static_cast<double>(a.users);
        score.push_back(n > 0 ? static_cast<double>(a.conversions) / n + std::sqrt(2.0 * std::log(total) / n) : 0.0);
      }
      w = greedy(arms, score);
      break;
    }
    case BanditAlgorithm::EpsilonGreedy: {
      std::vector<double> score;
      for (const auto& a : arms) score.push_back(a.users > 0 ? double(a.conversions) / double(a.users) : 0.0);
      w = greedy(arms, score);
      for (double& x : w) x = o.epsilon / static_cast<double>(k) + (1.0 - o.epsilon) * x;
      break;
    }
  }
  const double floor_share = 1.0 - o.min_weight * static_cast<double>(k);
  for (double& x : w) x = o.min_weight + floor_share * x;
  return w;
}

size_t choose_arm(const std::vector<double>& weights, Rng& rng) {
  const double u = static_cast<double>(rng.uniform());
  double cumulative = 0.0;
  size_t last_positive = 0;
  for (size_t i = 0; i < weights.size(); i++) {
    if (weights[i] <= 0.0) continue;
    cumulative += weights[i];
    last_positive = i;
    if (u < cumulative) return i;
  }
  return last_positive;  // u above a sum that rounded below 1
}

Result<BanditAlgorithm> parse_bandit_algorithm(const std::string& name) {
  if (name == "thompson") return BanditAlgorithm::Thompson;
  if (name == "ucb1") return BanditAlgorithm::Ucb1;
  if (name == "egreedy" || name == "epsilon-greedy") return BanditAlgorithm::EpsilonGreedy;
  return make_error("bandit algorithm '", name, "' is not one of thompson, ucb1, egreedy");
}

const char* bandit_algorithm_name(BanditAlgorithm a) {
  switch (a) {
    case BanditAlgorithm::Ucb1: return "ucb1";
    case BanditAlgorithm::EpsilonGreedy: return "egreedy";
    default: return "thompson";
  }
}

Status SegmentedBandit::record(const std::string& segment, size_t arm, bool converted) {
  if (arm >= arms_) return make_error("arm ", arm, " does not exist (the bandit has ", arms_, " arms)");
  auto& stats = segments_[segment];
  if (stats.empty()) stats.resize(arms_);
  stats[arm].users++;
  if (converted) stats[arm].conversions++;
  return {};
}

Result<std::vector<double>> SegmentedBandit::weights(const std::string& segment) const {
  auto it = segments_.find(segment);
  if (it == segments_.end()) return bandit_weights(std::vector<VariationStats>(arms_), options_);
  return bandit_weights(it->second, options_);
}

}  // namespace plume::experiment
