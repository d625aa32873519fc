// The paired statistics a prompt experiment uses to declare a winner (docs/review.md, "Prompt
// experiments"): every variant wrote for the same products with the same seeds, so the fair
// comparison is per product — the differences d_p = metric(leader, p) - metric(other, p).
//   Wilcoxon signed-rank test, two-sided, exact: zero differences dropped (Wilcoxon's method),
//     tied |d| get their mean rank, and the p-value is computed from the exact permutation
//     distribution of W+ given those ranks (every sign equally likely under H0). With n
//     non-zero differences the smallest possible p-value is 2 / 2^n, so 5 products can never
//     show p < 0.05 — the report says so instead of crowning a lucky variant.
//   Holm's step-down adjustment when the leader is compared with several variants.
//   A seeded percentile bootstrap interval of the mean difference (resampling products).
// Model-free and deterministic (PCG32, core/rng.h): the same numbers natively and in WASM.
#pragma once

#include <cstdint>
#include <vector>

namespace plume::prompt {

struct SignedRank {
  int n = 0;               // non-zero differences used
  double w_plus = 0;       // sum of the ranks of the positive differences
  double w_minus = 0;      // ... of the negative ones
  double p_value = 1;      // two-sided; 1 when n == 0
  double min_p_value = 1;  // the smallest p-value n differences could give (2 / 2^n)
};

SignedRank wilcoxon_signed_rank(const std::vector<double>& differences);

// Holm (1979): p-values adjusted for m comparisons, in the input order.
std::vector<double> holm_adjust(const std::vector<double>& p_values);

struct Interval {
  double low = 0, high = 0;
};

// Percentile bootstrap of the mean of `values` (resampled with replacement `resamples` times),
// central `level` interval. Empty input: {0, 0}.
Interval bootstrap_mean_interval(const std::vector<double>& values, int resamples, uint64_t seed, double level = 0.95);

}  // namespace plume::prompt
