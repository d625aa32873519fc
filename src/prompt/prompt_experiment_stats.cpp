#include "prompt/prompt_experiment_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/rng.h"

namespace plume::prompt {

SignedRank wilcoxon_signed_rank(const std::vector<double>& differences) {
  std::vector<double> d;
  for (double x : differences)
    if (x != 0 && std::isfinite(x)) d.push_back(x);
  SignedRank r;
  r.n = static_cast<int>(d.size());
  if (d.empty()) return r;
  // Ranks of |d|, ties sharing their mean rank; kept doubled so they stay whole numbers.
  std::vector<size_t> order(d.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::abs(d[a]) < std::abs(d[b]) || (std::abs(d[a]) == std::abs(d[b]) && a < b);
  });
  std::vector<int64_t> rank2(d.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && std::abs(d[order[j + 1]]) == std::abs(d[order[i]])) j++;
    const int64_t doubled = static_cast<int64_t>(i + 1 + j + 1);  // 2 x mean of ranks i+1..j+1
    for (size_t k = i; k <= j; k++) rank2[order[k]] = doubled;
    i = j + 1;
  }
  int64_t plus2 = 0, total2 = 0;
  for (size_t i = 0; i < d.size(); i++) {
    total2 += rank2[i];
    if (d[i] > 0) plus2 += rank2[i];
  }
  r.w_plus = plus2 / 2.0;
  r.w_minus = (total2 - plus2) / 2.0;
  r.min_p_value = std::min(1.0, 2.0 * std::pow(0.5, r.n));
  if (r.n <= 400) {
    // Exact null distribution of doubled W+: each rank is in or out with probability 1/2.
    std::vector<double> prob(static_cast<size_t>(total2) + 1, 0.0);
    prob[0] = 1;
    int64_t reach = 0;
    for (int64_t rk : rank2) {
      for (int64_t s = reach; s >= 0; s--)
        if (prob[s] != 0) prob[s + rk] += prob[s] * 0.5, prob[s] *= 0.5;
      reach += rk;
    }
    double low = 0, high = 0;  // P(W+ <= observed), P(W+ >= observed)
    for (int64_t s = 0; s <= total2; s++) {
      if (s <= plus2) low += prob[s];
      if (s >= plus2) high += prob[s];
    }
    r.p_value = std::min(1.0, 2.0 * std::min(low, high));
  } else {
    // Normal approximation with the tie correction (sum of squared ranks), continuity 0.5.
    double mean = total2 / 4.0, var = 0;
    for (int64_t rk : rank2) var += (rk / 2.0) * (rk / 2.0) / 4.0;
    const double z = (std::abs(r.w_plus - mean) - 0.5) / std::sqrt(var);
    r.p_value = std::min(1.0, std::erfc(std::max(0.0, z) / std::sqrt(2.0)));
  }
  return r;
}

std::vector<double> holm_adjust(const std::vector<double>& p) {
  const size_t m = p.size();
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] < p[b]; });
  std::vector<double> out(m);
  double running = 0;
  for (size_t k = 0; k < m; k++) {
    running = std::max(running, std::min(1.0, static_cast<double>(m - k) * p[order[k]]));
    out[order[k]] = running;
  }
  return out;
}

Interval bootstrap_mean_interval(const std::vector<double>& values, int resamples, uint64_t seed, double level) {
  if (values.empty() || resamples < 1) return {};
  Rng rng(seed, 0x5eed);
  const uint32_t n = static_cast<uint32_t>(values.size());
  std::vector<double> means(static_cast<size_t>(resamples));
  for (int b = 0; b < resamples; b++) {
    double sum = 0;
    for (uint32_t i = 0; i < n; i++) {
      // The modulo bias is below n / 2^32: irrelevant for a handful of products.
      sum += values[rng.next_u32() % n];
    }
    means[static_cast<size_t>(b)] = sum / n;
  }
  std::sort(means.begin(), means.end());
  // Nearest-rank percentiles.
  const double tail = (1 - level) / 2;
  auto at = [&](double q) {
    size_t k = static_cast<size_t>(std::ceil(q * resamples));
    k = std::clamp<size_t>(k, 1, static_cast<size_t>(resamples));
    return means[k - 1];
  };
  return {at(tail), at(1 - tail)};
}

}  // namespace plume::prompt
