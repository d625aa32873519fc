// Generated case-mapping data behind python_lower() (see metrics_unicode_tables.cpp).
#pragma once

#include <cstddef>
#include <cstdint>

namespace plume::metrics {

struct LowercaseRun {
  uint32_t first, last;  // code points; only first, first+step, ... up to last are mapped
  int32_t offset;        // lowercase = code point + offset
  uint32_t step;         // 1 or 2
};

extern const LowercaseRun kLowercaseRuns[];  // sorted by first, not overlapping
extern const size_t kLowercaseRunCount;

}  // namespace plume::metrics
