#include "recommend/factorization.h"

#include <algorithm>
#include <cmath>

#include "core/rng.h"

#include "core/kernels.h"

namespace plume::recommend {
namespace {

// The SIMD dot product of the transformer (core/kernels.h): the same bits natively and in WASM.
float dot(const float* a, const float* b, int32_t n) { return dot_f32(a, b, n); }

void score_by_factors(const Factors& f, int32_t user, int32_t n_items, float* scores) {
  const float* p = f.user(user);
  for (int32_t i = 0; i < n_items; i++) scores[i] = dot(p, f.item(i), f.rank);
}

}  // namespace

// ---- Explicit: biased SVD by SGD ---------------------------------------------------------------

Status SvdSgd::fit(const TrainingData& data) {
  const SvdOptions& o = options_;
  if (o.factors < 1 || o.epochs < 1) return make_error("factors and epochs must be at least 1");
  if (!(o.learning_rate > 0) || !(o.regularization >= 0)) return make_error("learning rate must be > 0, regularization >= 0");
  if (!data.explicit_ratings) return make_error("svd needs explicit ratings (a rating column); use als for events");
  const Csr& m = data.by_user;
  const int32_t R = o.factors;
  Rng rng(o.seed, 21);
  factors_.rank = R;
  factors_.users.resize(static_cast<size_t>(m.n_rows) * R);
  factors_.items.resize(static_cast<size_t>(m.n_cols) * R);
  for (float& x : factors_.users) x = o.init_std * rng.normal();
  for (float& x : factors_.items) x = o.init_std * rng.normal();
  user_bias_.assign(static_cast<size_t>(m.n_rows), 0.0f);
  item_bias_.assign(static_cast<size_t>(m.n_cols), 0.0f);
  user_seen_.assign(static_cast<size_t>(m.n_rows), 0);
  item_seen_.assign(static_cast<size_t>(m.n_cols), 0);
  mean_ = data.global_mean;

  // The ratings in a seeded random order, reshuffled every epoch (as Surprise does).
  std::vector<std::pair<int32_t, int64_t>> order;  // (user, entry index)
  for (int32_t u = 0; u < m.n_rows; u++)
    for (int64_t k = m.offsets[static_cast<size_t>(u)]; k < m.offsets[static_cast<size_t>(u) + 1]; k++) order.emplace_back(u, k);
  const float lr = o.learning_rate, reg = o.regularization, mu = static_cast<float>(mean_);
  for (int32_t epoch = 0; epoch < o.epochs; epoch++) {
    for (size_t i = order.size(); i > 1; i--) std::swap(order[i - 1], order[rng.next_u32() % i]);
    for (const auto& [u, k] : order) {
      const int32_t i = m.cols[static_cast<size_t>(k)];
      float* p = &factors_.users[static_cast<size_t>(u) * R];
      float* q = &factors_.items[static_cast<size_t>(i) * R];
      float& bu = user_bias_[static_cast<size_t>(u)];
      float& bi = item_bias_[static_cast<size_t>(i)];
      const float err = m.values[static_cast<size_t>(k)] - (mu + bu + bi + dot(p, q, R));
      bu += lr * (err - reg * bu);
      bi += lr * (err - reg * bi);
      for (int32_t f = 0; f < R; f++) {
        const float pf = p[f], qf = q[f];
        p[f] += lr * (err * qf - reg * pf);
        q[f] += lr * (err * pf - reg * qf);
      }
      user_seen_[static_cast<size_t>(u)] = item_seen_[static_cast<size_t>(i)] = 1;
    }
  }
  return {};
}

void SvdSgd::score_items(int32_t user, float* scores) const {
  const int32_t n = static_cast<int32_t>(item_bias_.size());
  score_by_factors(factors_, user, n, scores);
  for (int32_t i = 0; i < n; i++) scores[i] += item_bias_[static_cast<size_t>(i)];
}

double SvdSgd::predict(int32_t user, int32_t item) const {
  // Unknown users or items fall back to the terms that are known (Surprise does the same).
  double r = mean_;
  const bool known_u = user >= 0 && static_cast<size_t>(user) < user_seen_.size() && user_seen_[static_cast<size_t>(user)];
  const bool known_i = item >= 0 && static_cast<size_t>(item) < item_seen_.size() && item_seen_[static_cast<size_t>(item)];
  if (known_u) r += user_bias_[static_cast<size_t>(user)];
  if (known_i) r += item_bias_[static_cast<size_t>(item)];
  if (known_u && known_i) r += dot(factors_.user(user), factors_.item(item), factors_.rank);
  return std::clamp(r, static_cast<double>(options_.min_rating), static_cast<double>(options_.max_rating));
}

// ---- Implicit: ALS with conjugate gradient -----------------------------------------------------

std::vector<float> gram_matrix(const float* Y, int64_t n_rows, int32_t R) {
  std::vector<double> g(static_cast<size_t>(R) * R, 0.0);
  for (int64_t r = 0; r < n_rows; r++) {
    const float* y = Y + r * R;
    for (int32_t a = 0; a < R; a++)
      for (int32_t b = a; b < R; b++) g[static_cast<size_t>(a) * R + b] += static_cast<double>(y[a]) * y[b];
  }
  std::vector<float> out(static_cast<size_t>(R) * R);
  for (int32_t a = 0; a < R; a++)
    for (int32_t b = a; b < R; b++)
      out[static_cast<size_t>(a) * R + b] = out[static_cast<size_t>(b) * R + a] = static_cast<float>(g[static_cast<size_t>(a) * R + b]);
  return out;
}

void als_solve_row(const std::vector<float>& gram, const float* Y, int32_t R, const int32_t* cols, const float* values,
                   int64_t n, float alpha, float reg, int32_t cg_steps, float* x) {
  // A = YᵀY + Σ_j (c_j − 1) y_j y_jᵀ + λI,  b = Σ_j c_j y_j.  Never formed: A·v is computed as
  // YᵀY v + Σ_j (c_j − 1)(y_j·v) y_j + λ v.
  auto apply = [&](const std::vector<float>& v, std::vector<float>& out) {
    for (int32_t a = 0; a < R; a++)
      out[static_cast<size_t>(a)] = reg * v[static_cast<size_t>(a)] + dot(&gram[static_cast<size_t>(a) * R], v.data(), R);
    for (int64_t k = 0; k < n; k++) {
      const float* y = Y + static_cast<int64_t>(cols[k]) * R;
      const float w = alpha * values[k] * dot(y, v.data(), R);
      for (int32_t a = 0; a < R; a++) out[static_cast<size_t>(a)] += w * y[a];
    }
  };
  std::vector<float> xv(x, x + R), Ax(static_cast<size_t>(R)), r(static_cast<size_t>(R)), p(static_cast<size_t>(R)),
      Ap(static_cast<size_t>(R));
  apply(xv, Ax);
  for (int32_t a = 0; a < R; a++) r[static_cast<size_t>(a)] = -Ax[static_cast<size_t>(a)];
  for (int64_t k = 0; k < n; k++) {
    const float* y = Y + static_cast<int64_t>(cols[k]) * R;
    const float c = 1.0f + alpha * values[k];
    for (int32_t a = 0; a < R; a++) r[static_cast<size_t>(a)] += c * y[a];
  }
  p = r;
  float rs_old = dot(r.data(), r.data(), R);
  for (int32_t step = 0; step < cg_steps && rs_old > 1e-20f; step++) {
    apply(p, Ap);
    const float pAp = dot(p.data(), Ap.data(), R);
    if (!(pAp > 0)) break;
    const float step_size = rs_old / pAp;
    for (int32_t a = 0; a < R; a++) {
      xv[static_cast<size_t>(a)] += step_size * p[static_cast<size_t>(a)];
      r[static_cast<size_t>(a)] -= step_size * Ap[static_cast<size_t>(a)];
    }
    const float rs_new = dot(r.data(), r.data(), R);
    for (int32_t a = 0; a < R; a++) p[static_cast<size_t>(a)] = r[static_cast<size_t>(a)] + (rs_new / rs_old) * p[static_cast<size_t>(a)];
    rs_old = rs_new;
  }
  std::copy(xv.begin(), xv.end(), x);
}

Status ImplicitAls::fit(const TrainingData& data) {
  const AlsOptions& o = options_;
  if (o.factors < 1 || o.iterations < 1 || o.cg_steps < 1) return make_error("factors, iterations and cg steps must be at least 1");
  if (!(o.regularization >= 0) || !(o.alpha >= 0)) return make_error("regularization and alpha must be >= 0");
  const int32_t R = o.factors;
  Rng rng(o.seed, 31);
  factors_.rank = R;
  factors_.users.resize(static_cast<size_t>(data.by_user.n_rows) * R);
  factors_.items.resize(static_cast<size_t>(data.by_user.n_cols) * R);
  // Small random start (the implicit library starts near 0.01 scale).
  for (float& x : factors_.users) x = 0.01f * rng.normal();
  for (float& x : factors_.items) x = 0.01f * rng.normal();
  // Ratings are treated as strengths: a rating of 1 still means "interacted".
  auto half_step = [&](const Csr& m, std::vector<float>& X, const std::vector<float>& Y, int64_t y_rows) {
    const std::vector<float> gram = gram_matrix(Y.data(), y_rows, R);
    for (int32_t row = 0; row < m.n_rows; row++) {
      const int64_t b = m.offsets[static_cast<size_t>(row)];
      als_solve_row(gram, Y.data(), R, &m.cols[static_cast<size_t>(b)], &m.values[static_cast<size_t>(b)], m.row_size(row),
                    o.alpha, o.regularization, o.cg_steps, &X[static_cast<size_t>(row) * R]);
    }
  };
  for (int32_t it = 0; it < o.iterations; it++) {
    half_step(data.by_user, factors_.users, factors_.items, data.by_item.n_rows);
    half_step(data.by_item, factors_.items, factors_.users, data.by_user.n_rows);
  }
  return {};
}

void ImplicitAls::score_items(int32_t user, float* scores) const {
  score_by_factors(factors_, user, static_cast<int32_t>(factors_.items.size() / static_cast<size_t>(factors_.rank)), scores);
}

double ImplicitAls::predict(int32_t user, int32_t item) const {
  const int32_t n_users = static_cast<int32_t>(factors_.users.size() / static_cast<size_t>(factors_.rank));
  const int32_t n_items = static_cast<int32_t>(factors_.items.size() / static_cast<size_t>(factors_.rank));
  if (user < 0 || user >= n_users || item < 0 || item >= n_items) return 0.0;
  return dot(factors_.user(user), factors_.item(item), factors_.rank);
}

std::vector<float> fold_in(const ImplicitAls& model, const std::vector<std::pair<int32_t, float>>& history) {
  const Factors& f = model.factors();
  const int64_t n_items = static_cast<int64_t>(f.items.size() / static_cast<size_t>(f.rank));
  std::vector<int32_t> cols;
  std::vector<float> values;
  for (const auto& [item, value] : history)
    if (item >= 0 && item < n_items) { cols.push_back(item); values.push_back(value); }
  std::vector<float> x(static_cast<size_t>(f.rank), 0.0f);
  const std::vector<float> gram = gram_matrix(f.items.data(), n_items, f.rank);
  // A fresh visitor starts at zero, so take enough CG steps for the exact solution.
  als_solve_row(gram, f.items.data(), f.rank, cols.data(), values.data(), static_cast<int64_t>(cols.size()),
                model.options().alpha, model.options().regularization, f.rank, x.data());
  return x;
}

}  // namespace plume::recommend
