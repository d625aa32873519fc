// The numeric kernels of the transformer: matrix products in F32, F16 and Q8_0, row conversion.
//
// Determinism contract: every function here gives bit-identical results natively (x86-64 with
// AVX2, or any other target through the portable scalar code) and in WebAssembly (SIMD128), so
// one seed generates the same tokens everywhere. Build with -ffp-contract=off (no FMA): GCC
// would otherwise fuse even the intrinsics' mul + add. tests/unit/test_kernels.cpp checks each
// build against a scalar transcription of the order below, bit for bit.
// The canonical order of operations, which every SIMD path reproduces exactly:
//
// F32 dot product of a and b, n elements (any n >= 0):
//   lane[l] = +0.0f for l = 0..15
//   for i = 0, 1, ..., n-1:  lane[i % 16] = lane[i % 16] + (a[i] * b[i])
//     (multiply rounded, then add rounded; so a tail of n % 16 elements lands in lanes 0..)
//   s8[l] = lane[l] + lane[l + 8]   (l < 8)
//   s4[l] = s8[l] + s8[l + 4]       (l < 4)
//   s2[l] = s4[l] + s4[l + 2]       (l < 2)
//   dot   = s2[0] + s2[1]
//   (A lane starting at +0 can never become -0, so a SIMD tail may pad with zeros.)
// F16 weights: each weight is converted to F32 exactly (core/f16.h), then the F32 rule.
// Q8_0 weights (blocks of 32): X is first quantized with quantize_row_q8_0, then
//   acc = +0.0f
//   for each block b in order:
//     isum = sum of w.qs[i] * x.qs[i] over the 32 pairs        (exact, in int32)
//     acc  = acc + (float)isum * (d_w * d_x)                   (d_w, d_x: the halves as float)
//   dot = acc
// matmul output: y = dot, then y = y + bias[r] if bias is given (no add otherwise).
// NaN payload bits are not part of the contract (WebAssembly does not fix them either).
#pragma once

#include <cstdint>
#include <vector>

#include "core/tensor.h"

namespace plume {

// Working memory for matmul, reused between calls so the forward pass does not allocate per
// token (vectors only ever grow). Contents are meaningful only inside one matmul call.
struct MatmulScratch {
  std::vector<BlockQ8_0> xq;  // X quantized to Q8_0 (ggml layout), n_tokens * cols/32 blocks
  std::vector<float> xd;      // ... their scales converted to float, one per block
  std::vector<int16_t> x16;   // ... their quants widened to int16 (what the SIMD dots read)
  std::vector<float> wf32;    // F16 weights: a few rows converted to F32 at a time
  // The multi-token tiles' working copies (layouts belong to the backend, kernels_*.inc):
  std::vector<uint8_t> xt_q;   // Q8_0 X quants re-laid-out so one vector holds several tokens
  std::vector<float> xt_f;     // ... their scales in the same order, or F32 X re-laid-out
  std::vector<float> wt_d;     // Q8_0 scales of the weight rows in use, as float
  std::vector<int32_t> wt_sum; // ... and the sums of their blocks' quants
};

// Y[t][r] = dot(W.row(r), X[t]) + (bias ? bias[r] : 0) for t < n_tokens, r < W.rows.
// X is n_tokens x W.cols (row stride W.cols), Y is n_tokens x W.rows (row stride W.rows);
// Y must not overlap X or bias.
// For Q8_0 weights W.cols must be a multiple of 32. Each weight row is read from memory once per
// call and used for all tokens, so a batch of tokens costs far less than one call per token.
void matmul(const Matrix& W, const float* X, int n_tokens, const float* bias, float* Y,
            MatmulScratch& scratch);

// Element i of row r as float (embedding look-ups): out has W.cols elements.
// F16: exact conversion; Q8_0: out[i] = d * (float)qs[i].
void dequantize_row(const Matrix& W, int64_t r, float* out);

// Quantize n floats (n a multiple of 32) to Q8_0 blocks with ggml's reference rounding:
// amax = max |x| (NaN if any x is NaN), d = amax / 127, id = d != 0 ? 1 / d : 0,
// q = round(x * id) with halves away from zero, clamped to [-127, 127] (NaN -> 0);
// d is stored as IEEE half. An all-zero block gives d = 0 and q = 0.
void quantize_row_q8_0(const float* x, int64_t n, BlockQ8_0* out);

// Dot product in the canonical F32 order above (the attention scores use it directly).
float dot_f32(const float* a, const float* b, int64_t n);

// F16 -> F32 for a whole row, bit-identical to f16_to_f32 (core/f16.h) including NaN payloads.
void f16_to_f32_row(const uint16_t* h, float* out, int64_t n);

// Which inner loops this build uses: "x86-avx2" (optionally "+avx512" or "+avx512-vnni"),
// "wasm-simd128" or "scalar" (for logs and benches).
const char* kernels_backend();

}  // namespace plume
