// AdamW with decoupled weight decay, linear warm-up + cosine decay of the learning rate, and
// clipping of the gradients' global norm. All deterministic: fixed summation blocks, and no
// libm transcendental (the cosine is our own series, so schedules agree on every platform).
#pragma once

#include <cstddef>
#include <cstdint>

#include "train/thread_pool.h"
#include "train/train_params.h"

namespace plume {

struct AdamWOptions {
  double beta1 = 0.9, beta2 = 0.95, eps = 1e-8;
  double weight_decay = 0.1;  // applied to tensors with ParamTensor::decay (matrices), not norms/biases
};

// For update t (1-based), element by element (float arithmetic; the bias corrections
// 1 - beta^t are computed in double and rounded once):
//   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
//   p = p - lr * ( (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps) + wd * p )
void adamw_update(ThreadPool& pool, const ParamLayout& layout, float* params, const float* grads, float* m, float* v,
                  int64_t t, double lr, const AdamWOptions& options);

struct LrSchedule {
  double max_lr = 6e-4, min_lr = 6e-5;
  int64_t warmup = 0, total = 1;
  // Learning rate of update `step` (0-based): (step + 1) / warmup * max_lr during warm-up, then
  // min_lr + (max_lr - min_lr) * (1 + cos(pi * p)) / 2 with p = (step - warmup) / (total - warmup)
  // (clamped to 1: min_lr after `total` steps).
  double at(int64_t step) const;
};

// cos(x) for x in [0, pi] from a Taylor series in double (error < 1e-16 there): the same bits on
// every IEEE-754 machine.
double cos_0_pi(double x);

// The global L2 norm of the gradients (computed in double over fixed blocks, so independent of
// the thread count); when max_norm > 0 and the norm exceeds it, every gradient is multiplied by
// max_norm / norm. Returns the norm before clipping.
double clip_grad_norm(ThreadPool& pool, float* grads, size_t n, double max_norm);

}  // namespace plume
