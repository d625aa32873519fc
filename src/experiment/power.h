// Power analysis for a two-sided test of the difference between two variations, with the same
// statistic the analysis uses (unpooled standard error, normal approximation):
//   n per variation = (z_{1-alpha/2} + z_{power})^2 * (var_control + var_treatment) / delta^2
// where for a conversion rate var = p (1 - p), and for a continuous metric var = stddev^2 in both
// groups. delta is the absolute difference; a relative MDE means delta = baseline * mde.
#pragma once

#include <cstdint>
#include <optional>

#include "core/error.h"

namespace plume::experiment {

struct PowerOptions {
  double baseline = 0.0;          // control conversion rate (0..1), or control mean
  double alpha = 0.05;            // two-sided
  double power = 0.8;             // 1 - beta
  std::optional<double> stddev;   // set for a continuous metric (per-user standard deviation)
};

struct SampleSize {
  int64_t users_per_variation = 0;  // rounded up
  double mde_absolute = 0.0;        // treatment - baseline
  double mde_relative = 0.0;        // mde_absolute / baseline (0 if the baseline is 0)
  double treatment = 0.0;           // the treatment rate or mean the test is powered for
};

// Users per variation to detect `mde` (absolute unless `relative`, e.g. 0.1 = +10 %).
Result<SampleSize> sample_size(const PowerOptions& options, double mde, bool relative);

// The smallest upward lift detectable with `users_per_variation` users in each variation.
Result<SampleSize> minimum_detectable_effect(const PowerOptions& options, double users_per_variation);

}  // namespace plume::experiment
