#include "recommend/evaluate.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "core/math.h"
#include "core/rng.h"

namespace plume::recommend {

RankingScores rank_scores(const std::vector<int32_t>& ranked, const std::vector<int32_t>& relevant, int k) {
  RankingScores s;
  if (relevant.empty() || k <= 0) return s;
  std::unordered_set<int32_t> rel(relevant.begin(), relevant.end());
  const size_t n = std::min(ranked.size(), static_cast<size_t>(k));
  int hits = 0;
  double dcg = 0, precision_sum = 0;
  for (size_t i = 0; i < n; i++) {
    if (!rel.count(ranked[i])) continue;
    hits++;
    dcg += 1.0 / std::log2(static_cast<double>(i) + 2.0);
    precision_sum += static_cast<double>(hits) / static_cast<double>(i + 1);
  }
  double ideal = 0;
  const size_t n_ideal = std::min(rel.size(), static_cast<size_t>(k));
  for (size_t i = 0; i < n_ideal; i++) ideal += 1.0 / std::log2(static_cast<double>(i) + 2.0);
  s.precision = static_cast<double>(hits) / k;
  s.recall = static_cast<double>(hits) / static_cast<double>(rel.size());
  s.ndcg = dcg / ideal;
  s.average_precision = precision_sum / static_cast<double>(n_ideal);
  s.hit = hits > 0;
  return s;
}

Evaluation evaluate(const Recommender& model, const TrainingData& train, const std::vector<Interaction>& test, int k) {
  Evaluation e;
  if (train.explicit_ratings && model.predicts_ratings() && !test.empty()) {
    double se = 0, ae = 0;
    for (const Interaction& r : test) {
      double err = model.predict(r.user, r.item) - r.value;
      se += err * err;
      ae += std::abs(err);
    }
    e.rmse = std::sqrt(se / static_cast<double>(test.size()));
    e.mae = ae / static_cast<double>(test.size());
  }
  std::vector<std::vector<int32_t>> relevant(static_cast<size_t>(train.by_user.n_rows));
  for (const Interaction& r : test)
    if (r.user < train.by_user.n_rows) relevant[static_cast<size_t>(r.user)].push_back(r.item);
  std::vector<char> recommended(static_cast<size_t>(train.by_user.n_cols), 0);
  std::vector<float> scratch;
  std::vector<int32_t> ranked;
  for (int32_t u = 0; u < train.by_user.n_rows; u++) {
    if (relevant[static_cast<size_t>(u)].empty() || train.by_user.row_size(u) == 0) continue;
    ranked.clear();
    for (const Recommendation& r : top_k(model, train, u, k, scratch)) {
      ranked.push_back(r.item);
      recommended[static_cast<size_t>(r.item)] = 1;
    }
    RankingScores s = rank_scores(ranked, relevant[static_cast<size_t>(u)], k);
    e.precision_at_k += s.precision;
    e.recall_at_k += s.recall;
    e.ndcg_at_k += s.ndcg;
    e.map_at_k += s.average_precision;
    e.hit_rate_at_k += s.hit ? 1 : 0;
    e.users_evaluated++;
  }
  if (e.users_evaluated > 0) {
    const double n = e.users_evaluated;
    e.precision_at_k /= n;
    e.recall_at_k /= n;
    e.ndcg_at_k /= n;
    e.map_at_k /= n;
    e.hit_rate_at_k /= n;
  }
  int64_t covered = std::count(recommended.begin(), recommended.end(), 1);
  e.coverage = train.by_user.n_cols > 0 ? static_cast<double>(covered) / train.by_user.n_cols : 0;
  return e;
}

Result<Dataset> synthetic_dataset(const SyntheticOptions& o) {
  if (o.users < 1 || o.items < 1 || o.rank < 1) return make_error("users, items and rank must be positive");
  // Bounded so that the factors (users + items) x rank and the rows fit the browser's heap.
  if (o.users > kMaxSyntheticUsers || o.items > kMaxSyntheticUsers)
    return make_error("users and items must be at most ", kMaxSyntheticUsers);
  if (o.rank > kMaxSyntheticRank) return make_error("rank must be at most ", kMaxSyntheticRank);
  if ((static_cast<int64_t>(o.users) + o.items) * o.rank > kMaxSyntheticFactors)
    return make_error("(users + items) x rank is ", (static_cast<int64_t>(o.users) + o.items) * o.rank,
                      ", more than the limit of ", kMaxSyntheticFactors, " factors");
  if (o.interactions > kMaxSyntheticInteractions)
    return make_error("interactions must be at most ", kMaxSyntheticInteractions);
  if (o.interactions < 1 || o.interactions > static_cast<int64_t>(o.users) * o.items / 2)
    return make_error("interactions must be between 1 and half of users x items");
  Rng rng(o.seed, 11);
  const size_t R = static_cast<size_t>(o.rank);
  std::vector<float> p(static_cast<size_t>(o.users) * R), q(static_cast<size_t>(o.items) * R), pop(static_cast<size_t>(o.items));
  for (float& x : p) x = rng.normal();
  for (float& x : q) x = rng.normal();
  // Zipf-like popularity: a few items are popular with everyone.
  for (int32_t i = 0; i < o.items; i++) pop[static_cast<size_t>(i)] = 1.5f / std::sqrt(1.0f + static_cast<float>(i) * 0.05f);
  auto affinity = [&](int32_t u, int32_t i) {
    float s = 0;
    for (size_t f = 0; f < R; f++) s += p[static_cast<size_t>(u) * R + f] * q[static_cast<size_t>(i) * R + f];
    return 1.5f * s / std::sqrt(static_cast<float>(R)) + pop[static_cast<size_t>(i)];
  };
  Dataset d;
  d.explicit_ratings = o.ratings;
  for (int32_t u = 0; u < o.users; u++) d.users.intern("u" + std::to_string(u + 1));
  for (int32_t i = 0; i < o.items; i++) d.items.intern("i" + std::to_string(i + 1));
  // Each user draws a share of the interactions; items are accepted with probability rising with
  // affinity (rejection sampling), so interactions reveal the latent factors.
  std::unordered_set<uint64_t> seen;
  const int64_t per_user = o.interactions / o.users, extra = o.interactions % o.users;
  int64_t time = 1'600'000'000;
  for (int32_t u = 0; u < o.users; u++) {
    const int64_t want = per_user + (u < extra ? 1 : 0);
    int64_t got = 0, tries = 0;
    while (got < want && tries < want * 2000) {
      tries++;
      const int32_t i = static_cast<int32_t>(rng.next_u32() % static_cast<uint32_t>(o.items));
      const float a = affinity(u, i);
      const float accept = 1.0f / (1.0f + exp_f32(-3.0f * (a - 2.5f)));  // ours: same bits in WASM
      if (rng.uniform() >= accept) continue;
      if (!seen.insert((static_cast<uint64_t>(u) << 32) | static_cast<uint32_t>(i)).second) continue;
      float value = 1.0f;
      if (o.ratings) value = std::clamp(std::round(3.0f + 0.8f * (a - 2.5f) + 0.6f * rng.normal()), 1.0f, 5.0f);
      d.rows.push_back({u, i, value, time += 1 + static_cast<int64_t>(rng.next_u32() % 600)});
      got++;
    }
  }
  return d;
}

}  // namespace plume::recommend
