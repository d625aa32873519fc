// Matrix factorization: r_ui ≈ p_u · q_i (seed §4.2), learned two ways.
//  - SvdSgd: explicit ratings, r̂ = μ + b_u + b_i + p_u·q_i, biases and factors by SGD on the
//    squared error with L2 regularisation (Funk / Koren; Surprise's SVD is the reference).
//  - ImplicitAls: implicit feedback (Hu, Koren & Volinsky 2008): preference p = [r > 0],
//    confidence c = 1 + α r, alternating least squares, each row solved by conjugate gradient
//    started from the previous value (as the `implicit` library does).
// Both expose their factors, so fold-in can place a new visitor among trained items.
#pragma once

#include <cstdint>
#include <vector>

#include "recommend/recommender.h"

namespace plume::recommend {

struct Factors {
  int32_t rank = 0;
  std::vector<float> users;  // n_users x rank, row-major
  std::vector<float> items;  // n_items x rank
  const float* user(int32_t u) const { return &users[static_cast<size_t>(u) * rank]; }
  const float* item(int32_t i) const { return &items[static_cast<size_t>(i) * rank]; }
};

struct SvdOptions {
  int32_t factors = 100;
  int32_t epochs = 20;
  float learning_rate = 0.005f;
  float regularization = 0.02f;
  float init_std = 0.1f;
  uint64_t seed = 42;
  float min_rating = 1.0f, max_rating = 5.0f;  // predictions are clipped to the scale
};

class SvdSgd final : public Recommender {
 public:
  explicit SvdSgd(SvdOptions options = {}) : options_(options) {}
  std::string name() const override { return "svd"; }
  Status fit(const TrainingData& data) override;
  void score_items(int32_t user, float* scores) const override;
  double predict(int32_t user, int32_t item) const override;
  const Factors& factors() const { return factors_; }
  const std::vector<float>& user_bias() const { return user_bias_; }
  const std::vector<float>& item_bias() const { return item_bias_; }
  double mean() const { return mean_; }
  const SvdOptions& options() const { return options_; }

 private:
  SvdOptions options_;
  Factors factors_;
  std::vector<float> user_bias_, item_bias_;
  std::vector<char> user_seen_, item_seen_;
  double mean_ = 0;
};

struct AlsOptions {
  int32_t factors = 32;
  int32_t iterations = 15;
  float regularization = 0.05f;
  float alpha = 10.0f;    // confidence = 1 + alpha * value
  int32_t cg_steps = 3;   // conjugate-gradient steps per row and iteration
  uint64_t seed = 42;
};

class ImplicitAls final : public Recommender {
 public:
  explicit ImplicitAls(AlsOptions options = {}) : options_(options) {}
  std::string name() const override { return "als"; }
  Status fit(const TrainingData& data) override;
  void score_items(int32_t user, float* scores) const override;
  double predict(int32_t user, int32_t item) const override;  // p_u·q_i (a preference, not a rating)
  bool predicts_ratings() const override { return false; }
  const Factors& factors() const { return factors_; }
  const AlsOptions& options() const { return options_; }

 private:
  AlsOptions options_;
  Factors factors_;
};

// One row of ALS: x minimising Σ_j c_j (p_j − x·y_j)² + λ‖x‖² over all columns j, where only
// the given (index, value) entries have c = 1 + α·value and p = 1, the rest c = 1 and p = 0.
// `gram` is YᵀY (rank x rank). Starts from x and runs `cg_steps` of conjugate gradient; with
// cg_steps >= rank the result is the exact solution. This is also the fold-in of a new visitor.
void als_solve_row(const std::vector<float>& gram, const float* Y, int32_t rank, const int32_t* cols,
                   const float* values, int64_t n, float alpha, float regularization, int32_t cg_steps, float* x);
std::vector<float> gram_matrix(const float* Y, int64_t n_rows, int32_t rank);

// A new visitor's vector from their interactions (item index, value) and trained ALS factors.
std::vector<float> fold_in(const ImplicitAls& model, const std::vector<std::pair<int32_t, float>>& history);

}  // namespace plume::recommend
