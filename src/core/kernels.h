// The numeric kernels of the transformer: matrix products in F32, F16 and Q8_0, row conversion.
//
// Determinism contract: every function here gives bit-identical results natively (x86-64,
// AVX2 or SSE) and in WebAssembly (SIMD128), so one seed generates the same tokens everywhere.
// That fixes the order of floating-point operations: a dot product of floats is accumulated in
// 16 independent lanes (lane i takes elements i, i+16, ...; the tail goes to lanes 0..) and the
// lanes are summed in a fixed tree; multiply and add are separate roundings (no FMA: build with
// -ffp-contract=off). Q8_0 blocks are summed exactly in integers; the per-block float terms are
// added in block order. Any SIMD width may be used as long as it reproduces that order.
#pragma once

#include <cstdint>
#include <vector>

#include "core/tensor.h"

namespace plume {

// Y[t][r] = dot(W.row(r), X[t]) + (bias ? bias[r] : 0) for t < n_tokens, r < W.rows.
// X is n_tokens x W.cols (row stride W.cols), Y is n_tokens x W.rows (row stride W.rows).
// For Q8_0 weights each X row is first quantized to Q8_0 (as ggml does), then multiplied with
// integer dot products. `scratch` is reused between calls to avoid per-token allocation.
struct MatmulScratch {
  std::vector<BlockQ8_0> xq;
};
void matmul(const Matrix& W, const float* X, int n_tokens, const float* bias, float* Y,
            MatmulScratch& scratch);

// Element i of row r as float (embedding look-ups): out has W.cols elements.
void dequantize_row(const Matrix& W, int64_t r, float* out);

// Quantize n floats (n a multiple of 32) to Q8_0 blocks, ggml's rounding: d = amax/127,
// q = round(x/d) (half away from zero).
void quantize_row_q8_0(const float* x, int64_t n, BlockQ8_0* out);

// Reference dot products in the canonical order (used by tests and by the kernels' tails).
float dot_f32(const float* a, const float* b, int64_t n);

}  // namespace plume
