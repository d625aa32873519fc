// The trainer's layers, forward and backward, on plain float arrays (N = B*T token rows).
// Determinism: every output element is computed by one thread in a fixed order, so results do
// not depend on the thread count. Matrix products go through core's matmul, whose dot products
// have one canonical order on every platform (core/kernels.h); the backward products are the
// same kernel applied to transposed operands. Elementwise maths uses core/math.h (exp, tanh,
// log), never libm, so a step gives the same bits natively and in WebAssembly.
#pragma once

#include <cstdint>
#include <vector>

#include "core/kernels.h"
#include "train/thread_pool.h"

namespace plume::train_ops {

// Working memory shared by the layers (grown on demand, never shrunk).
struct Scratch {
  std::vector<MatmulScratch> matmul;  // one per thread
  std::vector<float> wt, xt, dyt;     // transposed operands of the backward products
  std::vector<float> rowbuf;          // per-thread rows (attention backward)
  void ensure_threads(int n) { if (matmul.size() < static_cast<size_t>(n)) matmul.resize(static_cast<size_t>(n)); }
};

// Y[n][o] = dot(X[n], W[o]) (+ b[o]) for n < N, o < OC. W is OC x C, X is N x C, Y is N x OC.
void linear_forward(ThreadPool& pool, Scratch& s, const float* W, const float* b, int64_t OC, int64_t C,
                    const float* X, int64_t N, float* Y);
// Given dY (N x OC): dX = dY W (N x C, written, unless null), dW = dYᵀ X (OC x C, written),
// db[o] = sum_n dY[n][o] (written, unless null; summed in token order).
void linear_backward(ThreadPool& pool, Scratch& s, const float* W, int64_t OC, int64_t C, const float* X,
                     int64_t N, const float* dY, float* dX, float* dW, float* db);
// The two halves, for callers that keep Wᵀ (C x OC) across calls (the tied output head).
void linear_backward_input(ThreadPool& pool, Scratch& s, const float* Wt, int64_t OC, int64_t C, const float* dY,
                           int64_t N, float* dX);
void linear_backward_weight(ThreadPool& pool, Scratch& s, const float* X, const float* dY, int64_t N, int64_t OC,
                            int64_t C, float* dW, float* db);

// out = (x - mean) * rstd * w + b per row of C, as gpt2_forward computes it; keeps mean, rstd.
void layernorm_forward(ThreadPool& pool, const float* x, const float* w, const float* b, int64_t N, int64_t C,
                       float eps, float* out, float* mean, float* rstd);
// dx += the input gradient (accumulated: dx is the residual stream's gradient); dw, db written.
void layernorm_backward(ThreadPool& pool, const float* x, const float* w, const float* mean, const float* rstd,
                        const float* dout, int64_t N, int64_t C, float* dx, float* dw, float* db);

// Causal multi-head attention. qkv is N x 3C (q, k, v of each token; rows b*T + t), out N x C,
// att keeps the softmax probabilities [b][h][t][0..t] (B*NH*T*T floats).
void attention_forward(ThreadPool& pool, const float* qkv, int64_t B, int64_t T, int64_t C, int64_t NH, float* att,
                       float* out);
// dqkv (N x 3C) is written.
void attention_backward(ThreadPool& pool, Scratch& s, const float* qkv, const float* att, const float* dout,
                        int64_t B, int64_t T, int64_t C, int64_t NH, float* dqkv);

void gelu_forward(ThreadPool& pool, const float* x, int64_t n, float* out);
// dx = gelu'(x) * dout (written).
void gelu_backward(ThreadPool& pool, const float* x, const float* dout, int64_t n, float* dx);

// out = a + b elementwise.
void add(ThreadPool& pool, const float* a, const float* b, int64_t n, float* out);

// out (cols x rows) = transpose of in (rows x cols).
void transpose(ThreadPool& pool, const float* in, int64_t rows, int64_t cols, float* out);

}  // namespace plume::train_ops
