// Per-variation aggregates of an experiment: the hand-off between event collection
// (events.h: exposures, conversions, revenue) and the statistics (stats*.h).
// One row per variation, in variation order (index 0 = control).
#pragma once

#include <cstdint>
#include <string>

namespace plume::experiment {

struct VariationStats {
  std::string name;          // variation name or id, e.g. "control", "B"
  int64_t users = 0;         // distinct exposed users (de-duplicated per user x experiment)
  int64_t conversions = 0;   // users who converted at least once after exposure (binomial metric)
  double sum = 0.0;          // sum over exposed users of the metric value (per-user total)
  double sum_squares = 0.0;  // sum over exposed users of the squared per-user metric value
};

}  // namespace plume::experiment
