// Deterministic elementary functions. libm's expf/logf/tanhf differ in the last bit between
// glibc (native) and musl (Emscripten); the model's output must not. These are Cephes-style
// range reduction + polynomial, written with plain float operations only, so they give the same
// bits on every IEEE-754 machine when compiled without FMA contraction (-ffp-contract=off).
// Accuracy: about 1-2 ulp over the float range, checked against libm in tests/unit/test_math.cpp.
#pragma once

#include <cstdint>
#include <cstring>

namespace plume {

inline float bits_to_float(uint32_t u) { float f; std::memcpy(&f, &u, 4); return f; }
inline uint32_t float_to_bits(float f) { uint32_t u; std::memcpy(&u, &f, 4); return u; }

// e^x. Below -87.3 returns 0 (flushes the subnormal range), above 88.7 returns +inf.
inline float exp_f32(float x) {
  if (x != x) return x;  // NaN
  if (x > 88.72283905f) return bits_to_float(0x7f800000u);
  if (x < -87.33654475f) return 0.0f;
  // x = n*ln2 + r, |r| <= ln2/2; ln2 split in two so n*ln2_hi is exact.
  float n = static_cast<float>(static_cast<int32_t>(x * 1.44269504088896341f + (x >= 0 ? 0.5f : -0.5f)));
  float r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float r2 = r * r;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  float e = p * r2 + r + 1.0f;
  // Scale by 2^n in two steps so n = 128 (x near 88.7) does not overflow the exponent field.
  int32_t ni = static_cast<int32_t>(n);
  int32_t half = ni / 2;
  e *= bits_to_float(static_cast<uint32_t>(half + 127) << 23);
  e *= bits_to_float(static_cast<uint32_t>(ni - half + 127) << 23);
  return e;
}

// Natural logarithm for x > 0; log(0) = -inf, log(negative or NaN) = NaN.
inline float log_f32(float x) {
  if (x != x || x < 0.0f) return bits_to_float(0x7fc00000u);
  if (x == 0.0f) return bits_to_float(0xff800000u);
  if (x == bits_to_float(0x7f800000u)) return x;
  uint32_t u = float_to_bits(x);
  int32_t e = 0;
  if (u < 0x00800000u) {  // subnormal: normalise first
    x *= 16777216.0f;  // 2^24
    u = float_to_bits(x);
    e = -24;
  }
  e += static_cast<int32_t>(u >> 23) - 126;
  float m = bits_to_float((u & 0x007fffffu) | 0x3f000000u);  // m in [0.5, 1)
  if (m < 0.707106781186547524f) { e -= 1; m = m + m - 1.0f; } else { m = m - 1.0f; }
  float z = m * m;
  float y = 7.0376836292e-2f;
  y = y * m - 1.1514610310e-1f;
  y = y * m + 1.1676998740e-1f;
  y = y * m - 1.2420140846e-1f;
  y = y * m + 1.4249322787e-1f;
  y = y * m - 1.6668057665e-1f;
  y = y * m + 2.0000714765e-1f;
  y = y * m - 2.4999993993e-1f;
  y = y * m + 3.3333331174e-1f;
  y = y * m * z;
  float fe = static_cast<float>(e);
  y += -2.12194440e-4f * fe;
  y += -0.5f * z;
  return m + y + 0.693359375f * fe;
}

// tanh through exp, with the sign folded so large |x| saturates cleanly to +-1.
inline float tanh_f32(float x) {
  float a = x < 0 ? -x : x;
  if (a > 9.0f) return x < 0 ? -1.0f : 1.0f;
  if (a < 0.0004f) return x;  // tanh(x) = x - x^3/3: below this the cubic term is < 1 ulp.
  float e = exp_f32(2.0f * a);
  float t = 1.0f - 2.0f / (e + 1.0f);
  return x < 0 ? -t : t;
}

// GELU, tanh form, as GPT-2 defines it: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
inline float gelu_f32(float x) {
  const float sqrt_2_over_pi = 0.7978845608028654f;
  return 0.5f * x * (1.0f + tanh_f32(sqrt_2_over_pi * (x + 0.044715f * x * x * x)));
}

}  // namespace plume
