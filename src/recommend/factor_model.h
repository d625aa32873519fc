// A trained factorization ready to serve: user and item factors (from Plume's ALS, BPR or SVD,
// or imported from Spark MLlib ALS), item biases, and the fold-in that places a visitor nobody
// has seen among the items. Training happens in ImplicitAls / Bpr / SvdSgd; this class only
// scores, so factors trained elsewhere serve the same way.
#pragma once

#include <vector>

#include "recommend/bpr.h"
#include "recommend/factorization.h"
#include "recommend/recommender.h"

namespace plume::recommend {

using History = std::vector<std::pair<int32_t, float>>;  // (item index, value)

enum class FactorKind {
  Implicit,  // Hu-Koren-Volinsky (Plume ALS, Spark ALS implicitPrefs=true): fold-in by weighted least squares
  Explicit,  // ratings (Plume SVD, Spark ALS explicit): fold-in by ridge regression on the residuals
  Ranking,   // BPR: fold-in by BPR's SGD with the items fixed
};
Result<FactorKind> factor_kind_from_name(const std::string& name);
const char* factor_kind_name(FactorKind kind);

struct FactorModelOptions {
  FactorKind kind = FactorKind::Implicit;
  float alpha = 1.0f;            // implicit confidence 1 + alpha * value
  float regularization = 0.1f;   // λ of the fold-in
  // Spark's ALS (ALS-WR) and SGD's per-rating penalty scale λ by the visitor's interaction count.
  bool scale_reg_by_count = false;
  BprOptions bpr;  // learning rate, regularisation and seed of the BPR fold-in
};

class FactorModel final : public Recommender {
 public:
  FactorModel() = default;
  // item_bias may be empty (zeros); mean is added for explicit models.
  FactorModel(Factors factors, std::vector<float> item_bias, double mean, FactorModelOptions options);
  std::string name() const override { return "factors"; }
  Status fit(const TrainingData&) override { return make_error("imported factors are served, not trained"); }
  void score_items(int32_t user, float* scores) const override;
  double predict(int32_t user, int32_t item) const override;
  bool predicts_ratings() const override { return options_.kind == FactorKind::Explicit; }

  int32_t n_users() const { return n_users_; }
  int32_t n_items() const { return n_items_; }
  const Factors& factors() const { return factors_; }
  const std::vector<float>& item_bias() const { return item_bias_; }
  double mean() const { return mean_; }
  const FactorModelOptions& options() const { return options_; }

  // A visitor's vector from their history (items outside the model are ignored).
  std::vector<float> fold_in(const History& history) const;
  // scores[i] = mean (explicit) + b_i + p·q_i for every item.
  void score_vector(const float* p, float* scores) const;
  // Implicit models: the exact share of each history entry in the visitor's score for `item`
  // (as the `implicit` library's explain): with A = YᵀY + Σ_h α v_h y_h y_hᵀ + λI the folded-in
  // vector is x = A⁻¹ Σ_h c_h y_h, so q_i·x = Σ_h c_h (A⁻¹q_i)·y_h; the terms sum to the score
  // minus the bias. Other kinds: value_h · (q_i·q_h), the alignment of the two items' factors.
  std::vector<float> contributions(const History& history, int32_t item) const;

 private:
  float effective_reg(size_t n) const;
  Factors factors_;
  std::vector<float> item_bias_;
  double mean_ = 0;
  FactorModelOptions options_;
  int32_t n_users_ = 0, n_items_ = 0;
  std::vector<double> gram_;  // YᵀY, for the implicit fold-in
};

FactorModel factor_model_of(const ImplicitAls& model);
FactorModel factor_model_of(const Bpr& model);
FactorModel factor_model_of(const SvdSgd& model);

}  // namespace plume::recommend
