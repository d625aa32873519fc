// What every recommender does: learn from the training interactions, then score items for a
// user (top-N) and, where it makes sense, predict a rating.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "recommend/sparse.h"

namespace plume::recommend {

struct TrainingData {
  Csr by_user;  // users x items
  Csr by_item;  // items x users
  bool explicit_ratings = false;
  double global_mean = 0;  // mean value over all interactions
};
TrainingData make_training_data(const std::vector<Interaction>& rows, int32_t n_users, int32_t n_items,
                                bool explicit_ratings);

class Recommender {
 public:
  virtual ~Recommender() = default;
  virtual std::string name() const = 0;
  virtual Status fit(const TrainingData& data) = 0;
  // scores[i] for every item (higher is better) for a user seen in training.
  virtual void score_items(int32_t user, float* scores) const = 0;
  // A rating prediction, for explicit data; the global mean where the model knows nothing.
  virtual double predict(int32_t user, int32_t item) const = 0;
  // False for models that learn preferences, not ratings (ALS): RMSE/MAE are not reported.
  virtual bool predicts_ratings() const { return true; }
};

struct Recommendation {
  int32_t item;
  float score;
};
// The k best items for `user`, excluding what the user already has in training (as the
// `implicit` library and Microsoft Recommenders do); ties go to the lower item index.
std::vector<Recommendation> top_k(const Recommender& model, const TrainingData& data, int32_t user, int k,
                                  std::vector<float>& scratch);

// Most interactions first (the baseline to beat); predicts the item's mean value.
class Popularity final : public Recommender {
 public:
  std::string name() const override { return "pop"; }
  Status fit(const TrainingData& data) override;
  void score_items(int32_t user, float* scores) const override;
  double predict(int32_t user, int32_t item) const override;

 private:
  std::vector<float> popularity_;
  std::vector<double> item_mean_;
  double global_mean_ = 0;
};

enum class Similarity { Cosine, AdjustedCosine, Pearson };
Result<Similarity> similarity_from_name(const std::string& name);

struct KnnOptions {
  Similarity similarity = Similarity::Cosine;
  int neighbors = 40;       // K neighbours kept per item (or used per user)
  float shrinkage = 100.0f; // sim * n / (n + shrinkage), n = co-rating count; 0 = off
  int min_support = 1;      // user-based: neighbours must share at least this many items
};

// Item-based kNN. Similarities are computed sparsely (pairs that co-occur), then each item keeps
// its K most similar. Cosine on raw values; adjusted cosine on values centred by each user's
// mean; Pearson on values centred by each item's mean (over all its ratings).
class ItemKnn final : public Recommender {
 public:
  explicit ItemKnn(KnnOptions options = {}) : options_(options) {}
  std::string name() const override { return "itemknn"; }
  Status fit(const TrainingData& data) override;
  void score_items(int32_t user, float* scores) const override;
  double predict(int32_t user, int32_t item) const override;
  // The K neighbours of an item, most similar first (for "because you viewed ...").
  const std::vector<Recommendation>& neighbors(int32_t item) const { return neighbors_[static_cast<size_t>(item)]; }

 private:
  KnnOptions options_;
  const TrainingData* data_ = nullptr;
  std::vector<std::vector<Recommendation>> neighbors_;  // per item: (item, similarity)
  std::vector<double> item_mean_;
};

// User-based kNN: the K most similar users (with at least min_support common items) vote.
class UserKnn final : public Recommender {
 public:
  explicit UserKnn(KnnOptions options = {}) : options_(options) {}
  std::string name() const override { return "userknn"; }
  Status fit(const TrainingData& data) override;
  void score_items(int32_t user, float* scores) const override;
  double predict(int32_t user, int32_t item) const override;

 private:
  KnnOptions options_;
  const TrainingData* data_ = nullptr;
  std::vector<std::vector<Recommendation>> neighbors_;  // per user: (user, similarity)
  std::vector<double> user_mean_;
};

// Sparse similarity between the rows of `m` (row vectors centred by `row_offset` per row if
// given, else by `col_offset` per column, else raw), with shrinkage and minimum support; keeps
// the `keep` best per row. Exposed for tests.
std::vector<std::vector<Recommendation>> row_similarities(const Csr& m, const std::vector<double>* row_offset,
                                                          const std::vector<double>* col_offset, int keep,
                                                          float shrinkage, int min_support);

}  // namespace plume::recommend
