// Bayesian Personalised Ranking (Rendle, Freudenthaler, Gantner & Schmidt-Thieme, UAI 2009):
// matrix factorization for implicit feedback trained on sampled triples (u, i, j) where u has
// interacted with i and not with j, maximising Σ ln σ(x̂_ui − x̂_uj) − λ‖Θ‖² by SGD. Scores are
// x̂_ui = p_u·q_i (+ b_i, the optional item bias, as the `implicit` library's BPR learns it).
// Each epoch draws as many triples as there are interactions: u and i by picking a random
// interaction (so active users are sampled in proportion), j uniformly among items u has not
// touched (checked, as implicit's verify_negative_samples=True). Seeded; same bits everywhere.
#pragma once

#include <cstdint>
#include <vector>

#include "recommend/factorization.h"
#include "recommend/recommender.h"

namespace plume::recommend {

struct BprOptions {
  int32_t factors = 32;
  int32_t iterations = 60;      // epochs
  float learning_rate = 0.05f;
  float regularization = 0.01f;
  bool item_bias = true;
  uint64_t seed = 42;
};

// Per epoch: mean BPR log-loss −ln σ(x̂_uij) and the share of triples already ranked right
// (x̂_ui > x̂_uj), both measured on that epoch's samples before each update.
struct BprEpoch {
  double loss = 0, auc = 0;
};

class Bpr final : public Recommender {
 public:
  explicit Bpr(BprOptions options = {}) : options_(options) {}
  std::string name() const override { return "bpr"; }
  Status fit(const TrainingData& data) override;
  void score_items(int32_t user, float* scores) const override;
  double predict(int32_t user, int32_t item) const override;  // x̂_ui, a ranking score
  bool predicts_ratings() const override { return false; }
  const Factors& factors() const { return factors_; }
  const std::vector<float>& item_bias() const { return item_bias_; }
  const std::vector<BprEpoch>& history() const { return history_; }
  const BprOptions& options() const { return options_; }

 private:
  BprOptions options_;
  Factors factors_;
  std::vector<float> item_bias_;  // zeros when options.item_bias is false
  std::vector<BprEpoch> history_;
};

// A new visitor's vector for BPR item factors: the same SGD on the visitor's own triples with
// the items held fixed (the objective is then concave in p, so this converges), seeded.
std::vector<float> bpr_fold_in(const Factors& factors, const std::vector<float>& item_bias,
                               const std::vector<std::pair<int32_t, float>>& history, const BprOptions& options);

// AUC on held-out data: for each test (u, i), the share of `negatives` sampled items that u has
// neither in training nor in test and that score below i (ties count one half); averaged over
// the test rows whose user is known to training. Seeded.
double sampled_auc(const Recommender& model, const TrainingData& train, const std::vector<Interaction>& test,
                   int negatives, uint64_t seed);

}  // namespace plume::recommend
