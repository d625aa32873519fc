// A small, fully specified random number generator, so that one seed gives the same numbers
// natively and in WebAssembly (std:: distributions differ between standard libraries).
// PCG32 (O'Neill, pcg-random.org): 64-bit state, 32-bit output, selectable streams.
#pragma once

#include <cstdint>

namespace plume {

class Rng {
 public:
  // `stream` selects an independent sequence for the same seed (e.g. one per returned sequence).
  explicit Rng(uint64_t seed = 0, uint64_t stream = 0) {
    inc_ = (stream << 1u) | 1u;
    state_ = 0;
    next_u32();
    state_ += seed;
    next_u32();
  }

  uint32_t next_u32() {
    uint64_t old = state_;
    state_ = old * 6364136223846793005ULL + inc_;
    uint32_t xorshifted = static_cast<uint32_t>(((old >> 18u) ^ old) >> 27u);
    uint32_t rot = static_cast<uint32_t>(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
  }

  // Uniform in [0, 1) with 24 bits of precision: exactly representable, identical everywhere.
  float uniform() { return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f); }

  // Standard normal by Box-Muller, built from the deterministic math in core/math.h.
  float normal();

 private:
  uint64_t state_ = 0;
  uint64_t inc_ = 1;
};

}  // namespace plume
