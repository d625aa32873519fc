#include "recommend/bpr.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "core/math.h"
#include "core/rng.h"

#include "core/kernels.h"

namespace plume::recommend {
namespace {

// The SIMD dot product of the transformer (core/kernels.h): the same bits natively and in WASM.
float dot(const float* a, const float* b, int32_t n) { return dot_f32(a, b, n); }

// σ(x) with our exp (same bits natively and in WASM), safe for large |x|.
float sigmoid(float x) { return x >= 0 ? 1.0f / (1.0f + exp_f32(-x)) : exp_f32(x) / (1.0f + exp_f32(x)); }

bool has_item(const Csr& m, int32_t row, int32_t col) {
  auto b = m.cols.begin() + m.offsets[static_cast<size_t>(row)], e = m.cols.begin() + m.offsets[static_cast<size_t>(row) + 1];
  return std::binary_search(b, e, col);
}

// One SGD step on the triple (p, q_i, q_j); returns x̂_uij before the step. Item vectors are
// updated only when `update_items` (fold-in holds them fixed).
float step(float* p, float* qi, float* qj, float* bi, float* bj, int32_t R, float lr, float reg, bool update_items) {
  float x = dot(p, qi, R) - dot(p, qj, R) + (bi ? *bi - *bj : 0.0f);
  const float z = sigmoid(-x);  // ∂ ln σ(x) / ∂x
  for (int32_t f = 0; f < R; f++) {
    const float pf = p[f], d = qi[f] - qj[f];
    p[f] += lr * (z * d - reg * pf);
    if (update_items) {
      qi[f] += lr * (z * pf - reg * qi[f]);
      qj[f] += lr * (-z * pf - reg * qj[f]);
    }
  }
  if (bi && update_items) {
    *bi += lr * (z - reg * *bi);
    *bj += lr * (-z - reg * *bj);
  }
  return x;
}

}  // namespace

Status Bpr::fit(const TrainingData& data) {
  const BprOptions& o = options_;
  if (o.factors < 1 || o.iterations < 1) return make_error("factors and iterations must be at least 1");
  if (!(o.learning_rate > 0) || !(o.regularization >= 0)) return make_error("learning rate must be > 0, regularization >= 0");
  const Csr& m = data.by_user;
  if (m.nnz() == 0) return make_error("bpr needs at least one interaction");
  const int32_t R = o.factors, n_items = m.n_cols;
  Rng rng(o.seed, 41);
  factors_.rank = R;
  factors_.users.resize(static_cast<size_t>(m.n_rows) * R);
  factors_.items.resize(static_cast<size_t>(n_items) * R);
  // implicit starts BPR from uniform noise scaled by 1/rank.
  for (float& x : factors_.users) x = (rng.uniform() - 0.5f) / static_cast<float>(R);
  for (float& x : factors_.items) x = (rng.uniform() - 0.5f) / static_cast<float>(R);
  item_bias_.assign(static_cast<size_t>(n_items), 0.0f);
  history_.clear();
  // The user of each interaction, so a random interaction gives (u, i) in one draw.
  std::vector<int32_t> row_of(static_cast<size_t>(m.nnz()));
  for (int32_t u = 0; u < m.n_rows; u++)
    for (int64_t k = m.offsets[static_cast<size_t>(u)]; k < m.offsets[static_cast<size_t>(u) + 1]; k++) row_of[static_cast<size_t>(k)] = u;
  const uint32_t nnz = static_cast<uint32_t>(m.nnz());
  for (int32_t epoch = 0; epoch < o.iterations; epoch++) {
    double loss = 0, correct = 0;
    int64_t samples = 0;
    for (uint32_t s = 0; s < nnz; s++) {
      const uint32_t k = rng.next_u32() % nnz;
      const int32_t u = row_of[k], i = m.cols[k];
      if (m.row_size(u) >= n_items) continue;  // no negative exists
      int32_t j = static_cast<int32_t>(rng.next_u32() % static_cast<uint32_t>(n_items));
      int tries = 0;
      while (has_item(m, u, j) && ++tries < 64) j = static_cast<int32_t>(rng.next_u32() % static_cast<uint32_t>(n_items));
      if (has_item(m, u, j)) continue;
      float* bi = o.item_bias ? &item_bias_[static_cast<size_t>(i)] : nullptr;
      float* bj = o.item_bias ? &item_bias_[static_cast<size_t>(j)] : nullptr;
      const float x = step(&factors_.users[static_cast<size_t>(u) * R], &factors_.items[static_cast<size_t>(i) * R],
                           &factors_.items[static_cast<size_t>(j) * R], bi, bj, R, o.learning_rate, o.regularization, true);
      loss += -std::log(std::max(1e-30, static_cast<double>(sigmoid(x))));
      correct += x > 0 ? 1 : 0;
      samples++;
    }
    if (samples > 0) history_.push_back({loss / static_cast<double>(samples), correct / static_cast<double>(samples)});
  }
  return {};
}

void Bpr::score_items(int32_t user, float* scores) const {
  const int32_t n = static_cast<int32_t>(item_bias_.size());
  const float* p = factors_.user(user);
  for (int32_t i = 0; i < n; i++) scores[i] = dot(p, factors_.item(i), factors_.rank) + item_bias_[static_cast<size_t>(i)];
}

double Bpr::predict(int32_t user, int32_t item) const {
  const int32_t n_items = static_cast<int32_t>(item_bias_.size());
  const int32_t n_users = factors_.rank ? static_cast<int32_t>(factors_.users.size() / static_cast<size_t>(factors_.rank)) : 0;
  if (user < 0 || user >= n_users || item < 0 || item >= n_items) return 0.0;
  return dot(factors_.user(user), factors_.item(item), factors_.rank) + item_bias_[static_cast<size_t>(item)];
}

std::vector<float> bpr_fold_in(const Factors& f, const std::vector<float>& item_bias,
                               const std::vector<std::pair<int32_t, float>>& history, const BprOptions& o) {
  const int32_t R = f.rank, n_items = R ? static_cast<int32_t>(f.items.size() / static_cast<size_t>(R)) : 0;
  std::vector<float> p(static_cast<size_t>(R), 0.0f);
  std::vector<int32_t> owned;
  for (const auto& [item, value] : history)
    if (item >= 0 && item < n_items) owned.push_back(item);
  std::sort(owned.begin(), owned.end());
  owned.erase(std::unique(owned.begin(), owned.end()), owned.end());
  if (owned.empty() || static_cast<int32_t>(owned.size()) >= n_items) return p;
  Rng rng(o.seed, 43);
  std::vector<float> items = f.items;  // held fixed; step() wants mutable pointers
  const int64_t steps = std::max<int64_t>(2000, 200 * static_cast<int64_t>(owned.size()));
  for (int64_t s = 0; s < steps; s++) {
    const int32_t i = owned[rng.next_u32() % owned.size()];
    int32_t j = static_cast<int32_t>(rng.next_u32() % static_cast<uint32_t>(n_items));
    if (std::binary_search(owned.begin(), owned.end(), j)) continue;
    step(p.data(), &items[static_cast<size_t>(i) * R], &items[static_cast<size_t>(j) * R], nullptr, nullptr, R,
         o.learning_rate, o.regularization, false);
  }
  (void)item_bias;  // the biases do not depend on the user: they cancel in every triple
  return p;
}

double sampled_auc(const Recommender& model, const TrainingData& train, const std::vector<Interaction>& test, int negatives,
                   uint64_t seed) {
  const Csr& m = train.by_user;
  std::unordered_set<uint64_t> in_test;
  for (const Interaction& r : test) in_test.insert((static_cast<uint64_t>(r.user) << 32) | static_cast<uint32_t>(r.item));
  Rng rng(seed, 47);
  std::vector<float> scores(static_cast<size_t>(m.n_cols));
  double total = 0;
  int64_t counted = 0;
  int32_t scored_user = -1;
  std::vector<Interaction> sorted = test;
  std::sort(sorted.begin(), sorted.end(), [](const Interaction& a, const Interaction& b) {
    return a.user < b.user || (a.user == b.user && a.item < b.item);
  });
  for (const Interaction& r : sorted) {
    if (r.user < 0 || r.user >= m.n_rows || m.row_size(r.user) == 0 || r.item < 0 || r.item >= m.n_cols) continue;
    if (r.user != scored_user) { model.score_items(r.user, scores.data()); scored_user = r.user; }
    double below = 0;
    int drawn = 0;
    for (int t = 0; t < negatives * 20 && drawn < negatives; t++) {
      const int32_t j = static_cast<int32_t>(rng.next_u32() % static_cast<uint32_t>(m.n_cols));
      if (has_item(m, r.user, j) || in_test.count((static_cast<uint64_t>(r.user) << 32) | static_cast<uint32_t>(j))) continue;
      drawn++;
      const float si = scores[static_cast<size_t>(r.item)], sj = scores[static_cast<size_t>(j)];
      below += si > sj ? 1.0 : si == sj ? 0.5 : 0.0;
    }
    if (drawn == 0) continue;
    total += below / drawn;
    counted++;
  }
  return counted ? total / static_cast<double>(counted) : 0.0;
}

}  // namespace plume::recommend
