// Kernel dispatch, X quantization and row conversion. The inner loops live in one backend file
// per instruction set, all reproducing the canonical order documented in core/kernels.h:
//   kernels_x86.inc     AVX2, using AVX-512 (F32 tiles) and AVX512-VNNI (Q8_0 tiles) where the
//                       compiler targets them (native builds with -march=native on x86-64)
//   kernels_wasm.inc    WebAssembly SIMD128 (em++ -msimd128)
//   kernels_scalar.inc  plain C++ (any other target, or -DPLUME_KERNELS_SCALAR)
#include "core/kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/f16.h"

#if defined(PLUME_KERNELS_SCALAR)
#define PLUME_KERNELS_BACKEND "scalar"
#elif defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define PLUME_KERNELS_BACKEND "wasm-simd128"
#elif defined(__AVX2__)
#include <immintrin.h>
#if defined(__AVX512F__) && defined(__AVX512VL__) && defined(__AVX512VNNI__)
#define PLUME_KERNELS_BACKEND "x86-avx2+avx512-vnni"
#elif defined(__AVX512F__)
#define PLUME_KERNELS_BACKEND "x86-avx2+avx512"
#else
#define PLUME_KERNELS_BACKEND "x86-avx2"
#endif
#else
#define PLUME_KERNELS_BACKEND "scalar"
#endif

namespace plume {
namespace kern {

// X quantized for the Q8_0 dot products; row t, block b is at index t * nb + b.
struct QuantizedX {
  const BlockQ8_0* blocks;  // ggml layout
  const float* d;           // scales as float
  const int16_t* q16;       // quants widened to int16, 32 per block
};

#if defined(PLUME_KERNELS_SCALAR)
#include "core/kernels_scalar.inc"
#elif defined(__wasm_simd128__)
#include "core/kernels_wasm.inc"
#elif defined(__AVX2__)
#include "core/kernels_x86.inc"
#else
#include "core/kernels_scalar.inc"
#endif

}  // namespace kern

const char* kernels_backend() { return PLUME_KERNELS_BACKEND; }

float dot_f32(const float* a, const float* b, int64_t n) { return kern::dot_f32(a, b, n); }

void f16_to_f32_row(const uint16_t* h, float* out, int64_t n) { kern::f16_to_f32_row(h, out, n); }

// One element to its quant: round half away from zero, written with trunc so it is exact and
// cheap everywhere (roundf is a libm call in WASM). Clamping first keeps the int conversion
// defined even when id is huge (a block of subnormals); NaN maps to 0.
static int8_t quantize_one(float v) {
  if (!(v == v)) return 0;
  v = std::min(std::max(v, -127.0f), 127.0f);
  float whole = std::trunc(v);
  float frac = v - whole;  // exact
  int q = static_cast<int>(whole) + (frac >= 0.5f ? 1 : 0) - (frac <= -0.5f ? 1 : 0);
  return static_cast<int8_t>(q);
}

void quantize_row_q8_0(const float* x, int64_t n, BlockQ8_0* out) {
  for (int64_t b = 0; b < n / kQ8Block; ++b) {
    const float* xb = x + b * kQ8Block;
    float amax = 0.0f;
    for (int i = 0; i < kQ8Block; ++i) {
      float a = std::fabs(xb[i]);
      if (a > amax || a != a) amax = a;  // once NaN, stays NaN: the outputs become NaN too
    }
    const float d = amax / 127.0f;
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    out[b].d = f32_to_f16(d);
    for (int i = 0; i < kQ8Block; ++i) out[b].qs[i] = quantize_one(xb[i] * id);
  }
}

void dequantize_row(const Matrix& W, int64_t r, float* out) {
  const uint8_t* row = W.row(r);
  switch (W.type) {
    case DType::F32:
      std::memcpy(out, row, static_cast<size_t>(W.cols) * sizeof(float));
      return;
    case DType::F16:
      kern::f16_to_f32_row(reinterpret_cast<const uint16_t*>(row), out, W.cols);
      return;
    case DType::Q8_0: {
      const BlockQ8_0* blocks = reinterpret_cast<const BlockQ8_0*>(row);
      for (int64_t b = 0; b < W.cols / kQ8Block; ++b) {
        const float d = f16_to_f32(blocks[b].d);
        for (int i = 0; i < kQ8Block; ++i) out[b * kQ8Block + i] = d * static_cast<float>(blocks[b].qs[i]);
      }
      return;
    }
  }
}

// Quantizes all n_tokens rows of X into the scratch (three views of the same numbers).
static kern::QuantizedX quantize_x(const float* X, int n_tokens, int64_t cols, MatmulScratch& s) {
  const size_t n_blocks = static_cast<size_t>(n_tokens) * static_cast<size_t>(cols / kQ8Block);
  if (s.xq.size() < n_blocks) {
    s.xq.resize(n_blocks);
    s.xd.resize(n_blocks);
    s.x16.resize(n_blocks * kQ8Block);
  }
  for (int t = 0; t < n_tokens; ++t)
    quantize_row_q8_0(X + t * cols, cols, s.xq.data() + t * (cols / kQ8Block));
  for (size_t b = 0; b < n_blocks; ++b) {
    s.xd[b] = f16_to_f32(s.xq[b].d);
    for (int i = 0; i < kQ8Block; ++i) s.x16[b * kQ8Block + i] = s.xq[b].qs[i];
  }
  return {s.xq.data(), s.xd.data(), s.x16.data()};
}

// F16 weights: convert a chunk of rows (about 128 KiB of floats, a multiple of 12 rows so the
// F32 tiles of 3 or 4 rows divide it) and run the F32 kernel on it; each chunk is converted once
// and used for every token.
static void matmul_f16(const Matrix& W, const float* X, int n_tokens, float* Y, MatmulScratch& s) {
  const int64_t chunk = std::max<int64_t>(12, (32768 / std::max<int64_t>(W.cols, 1)) / 12 * 12);
  if (s.wf32.size() < static_cast<size_t>(chunk * W.cols)) s.wf32.resize(chunk * W.cols);
  for (int64_t r0 = 0; r0 < W.rows; r0 += chunk) {
    const int64_t n_rows = std::min(chunk, W.rows - r0);
    for (int64_t r = 0; r < n_rows; ++r)
      kern::f16_to_f32_row(reinterpret_cast<const uint16_t*>(W.row(r0 + r)),
                           s.wf32.data() + r * W.cols, W.cols);
    kern::matmul_f32(s.wf32.data(), n_rows, W.cols, X, n_tokens, Y + r0, W.rows, s);
  }
}

void matmul(const Matrix& W, const float* X, int n_tokens, const float* bias, float* Y,
            MatmulScratch& scratch) {
  if (n_tokens <= 0 || W.rows <= 0) return;
  const size_t ldy = static_cast<size_t>(W.rows);
  switch (W.type) {
    case DType::F32:
      kern::matmul_f32(static_cast<const float*>(W.data), W.rows, W.cols, X, n_tokens, Y, ldy, scratch);
      break;
    case DType::F16:
      matmul_f16(W, X, n_tokens, Y, scratch);
      break;
    case DType::Q8_0: {
      if (W.cols % kQ8Block != 0) {  // the loader rejects such files; never read out of bounds
        std::fill(Y, Y + n_tokens * ldy, std::numeric_limits<float>::quiet_NaN());
        return;
      }
      kern::QuantizedX xq = quantize_x(X, n_tokens, W.cols, scratch);
      kern::matmul_q8(static_cast<const BlockQ8_0*>(W.data), W.rows, W.cols / kQ8Block, xq,
                      n_tokens, Y, ldy, scratch);
      break;
    }
  }
  if (bias)
    for (int t = 0; t < n_tokens; ++t)
      for (size_t r = 0; r < ldy; ++r) Y[t * ldy + r] = Y[t * ldy + r] + bias[r];
}

}  // namespace plume
