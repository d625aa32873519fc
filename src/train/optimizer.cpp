#include "train/optimizer.h"

#include <cmath>
#include <vector>

namespace plume {
namespace {

constexpr double kPi = 3.14159265358979323846;

// beta^t by repeated squaring: exact IEEE operations, no pow().
double power(double beta, int64_t t) {
  double result = 1.0, base = beta;
  for (int64_t e = t; e > 0; e >>= 1) {
    if (e & 1) result *= base;
    base *= base;
  }
  return result;
}

}  // namespace

double cos_0_pi(double x) {
  if (x < 0) x = 0;
  if (x > kPi) x = kPi;
  // cos(x) = -cos(pi - x) keeps the series argument in [0, pi/2].
  double sign = 1.0;
  if (x > kPi / 2) {
    x = kPi - x;
    sign = -1.0;
  }
  const double x2 = x * x;
  double term = 1.0, sum = 1.0;
  for (int k = 1; k <= 14; k++) {  // (pi/2)^28 / 28! < 1e-24
    term *= -x2 / static_cast<double>((2 * k - 1) * (2 * k));
    sum += term;
  }
  return sign * sum;
}

double LrSchedule::at(int64_t step) const {
  if (step < warmup) return max_lr * static_cast<double>(step + 1) / static_cast<double>(warmup);
  const int64_t decay_steps = total - warmup;
  if (decay_steps <= 0) return min_lr;
  double progress = static_cast<double>(step - warmup) / static_cast<double>(decay_steps);
  if (progress > 1.0) progress = 1.0;
  return min_lr + (max_lr - min_lr) * 0.5 * (1.0 + cos_0_pi(kPi * progress));
}

double clip_grad_norm(ThreadPool& pool, float* grads, size_t n, double max_norm) {
  constexpr size_t kBlock = 1 << 16;  // fixed, so the partial sums do not depend on the threads
  const size_t n_blocks = (n + kBlock - 1) / kBlock;
  std::vector<double> partial(n_blocks, 0.0);
  pool.parallel_for(static_cast<int64_t>(n_blocks), [&](int64_t begin, int64_t end, int) {
    for (int64_t b = begin; b < end; b++) {
      double s = 0.0;
      const size_t i1 = std::min(n, static_cast<size_t>(b + 1) * kBlock);
      for (size_t i = static_cast<size_t>(b) * kBlock; i < i1; i++) s += static_cast<double>(grads[i]) * grads[i];
      partial[static_cast<size_t>(b)] = s;
    }
  });
  double total = 0.0;
  for (double s : partial) total += s;
  const double norm = std::sqrt(total);
  if (max_norm > 0 && norm > max_norm) {
    const float scale = static_cast<float>(max_norm / norm);
    pool.parallel_for(static_cast<int64_t>(n), [&](int64_t begin, int64_t end, int) {
      for (int64_t i = begin; i < end; i++) grads[i] *= scale;
    });
  }
  return norm;
}

void adamw_update(ThreadPool& pool, const ParamLayout& layout, float* params, const float* grads, float* m, float* v,
                  int64_t t, double lr, const AdamWOptions& o) {
  const float b1 = static_cast<float>(o.beta1), b2 = static_cast<float>(o.beta2);
  const float one_minus_b1 = static_cast<float>(1.0 - o.beta1), one_minus_b2 = static_cast<float>(1.0 - o.beta2);
  const float bc1 = static_cast<float>(1.0 - power(o.beta1, t)), bc2 = static_cast<float>(1.0 - power(o.beta2, t));
  const float eps = static_cast<float>(o.eps), rate = static_cast<float>(lr);
  for (const ParamTensor& tensor : layout.tensors) {
    const float wd = tensor.decay ? static_cast<float>(o.weight_decay) : 0.0f;
    const size_t base = tensor.offset;
    pool.parallel_for(static_cast<int64_t>(tensor.size()), [&](int64_t begin, int64_t end, int) {
      for (size_t i = base + static_cast<size_t>(begin); i < base + static_cast<size_t>(end); i++) {
        const float g = grads[i];
        m[i] = b1 * m[i] + one_minus_b1 * g;
        v[i] = b2 * v[i] + one_minus_b2 * (g * g);
        const float m_hat = m[i] / bc1, v_hat = v[i] / bc2;
        params[i] -= rate * (m_hat / (std::sqrt(v_hat) + eps) + wd * params[i]);
      }
    });
  }
}

}  // namespace plume
