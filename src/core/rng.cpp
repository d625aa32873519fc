#include "core/rng.h"

#include <cmath>

#include "core/math.h"

namespace plume {

// Marsaglia's polar method: only log and sqrt (sqrt is exact in IEEE-754, log is ours).
float Rng::normal() {
  for (;;) {
    float u = 2.0f * uniform() - 1.0f;
    float v = 2.0f * uniform() - 1.0f;
    float s = u * u + v * v;
    if (s > 0.0f && s < 1.0f) return u * std::sqrt(-2.0f * log_f32(s) / s);
  }
}

}  // namespace plume
