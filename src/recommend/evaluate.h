// Offline evaluation of a recommender on a train/test split: rating error and ranking quality.
// Ranking metrics follow Spark MLlib's RankingMetrics definitions (binary relevance):
//   precision@k = hits in the top k / k            recall@k = hits / |relevant|
//   NDCG@k      = DCG / ideal DCG with gains 1/log(rank+1), the ideal over min(|relevant|, k)
//   MAP@k       = sum over hits of (hits so far / rank), divided by min(|relevant|, k)
//   hit rate@k  = share of users with at least one hit; coverage = distinct recommended items / items
// averaged over the users that have at least one test interaction (Spark would count users with
// none as 0; they are skipped here, as the `implicit` library and Microsoft Recommenders do).
#pragma once

#include <optional>
#include <vector>

#include "recommend/recommender.h"

namespace plume::recommend {

struct RankingScores {
  double precision = 0, recall = 0, ndcg = 0, average_precision = 0;
  bool hit = false;
};
// One user's scores: `ranked` is the recommendation list (best first), `relevant` the test items.
RankingScores rank_scores(const std::vector<int32_t>& ranked, const std::vector<int32_t>& relevant, int k);

struct Evaluation {
  double precision_at_k = 0, recall_at_k = 0, ndcg_at_k = 0, map_at_k = 0, hit_rate_at_k = 0, coverage = 0;
  std::optional<double> rmse, mae;  // explicit ratings only
  int32_t users_evaluated = 0;
  double train_seconds = 0;
};

// Trains nothing: `model` must already be fit on `train`. Test rows for users or items unknown
// to training still count for RMSE/MAE (predicted by the model's fallback) and as relevant items.
Evaluation evaluate(const Recommender& model, const TrainingData& train, const std::vector<Interaction>& test, int k);

// Synthetic interactions with planted latent structure, so quality is measurable: users and
// items get random rank-`rank` factors; each user interacts with items drawn with probability
// increasing in p_u·q_i plus a popularity skew; ratings (1..5) follow the same score with noise.
struct SyntheticOptions {
  int32_t users = 943, items = 1682;
  int64_t interactions = 100000;
  int32_t rank = 8;
  uint64_t seed = 42;
  bool ratings = true;
};
// Limits of synthetic_dataset (its factors, its rows and their CSV must fit a 4 GiB heap).
inline constexpr int32_t kMaxSyntheticUsers = 1'000'000;   // also items
inline constexpr int32_t kMaxSyntheticRank = 1024;
inline constexpr int64_t kMaxSyntheticFactors = 32'000'000;  // (users + items) x rank: 128 MB each
inline constexpr int64_t kMaxSyntheticInteractions = 5'000'000;
Result<Dataset> synthetic_dataset(const SyntheticOptions& options);

}  // namespace plume::recommend
