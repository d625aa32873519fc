// Popularity and the neighbourhood recommenders (item-based and user-based kNN).
#include <algorithm>
#include <cmath>

#include "recommend/recommender.h"

namespace plume::recommend {

TrainingData make_training_data(const std::vector<Interaction>& rows, int32_t n_users, int32_t n_items,
                                bool explicit_ratings) {
  TrainingData d;
  d.by_user = build_csr(rows, n_users, n_items, true);
  d.by_item = build_csr(rows, n_users, n_items, false);
  d.explicit_ratings = explicit_ratings;
  double sum = 0;
  for (const Interaction& r : rows) sum += r.value;
  d.global_mean = rows.empty() ? 0 : sum / static_cast<double>(rows.size());
  return d;
}

namespace {

bool better(const Recommendation& a, const Recommendation& b) {
  return a.score > b.score || (a.score == b.score && a.item < b.item);
}

// mean[self] + Σ sim·(r_n − mean[n]) / Σ sim over positively similar neighbours n that have a
// value (rating_of(n) != 0): the kNN rating prediction, for items and users alike.
template <class RatingOf>
double neighbourhood_mean(const std::vector<Recommendation>& neighbours, const std::vector<double>& mean,
                          int32_t self, RatingOf rating_of) {
  double num = 0, den = 0;
  for (const Recommendation& n : neighbours) {
    if (n.score <= 0) continue;
    float r = rating_of(n.item);
    if (r == 0) continue;
    num += n.score * (r - mean[static_cast<size_t>(n.item)]);
    den += n.score;
  }
  return mean[static_cast<size_t>(self)] + (den > 0 ? num / den : 0.0);
}

std::vector<double> row_means(const Csr& m) {
  std::vector<double> means(static_cast<size_t>(m.n_rows), 0.0);
  for (int32_t r = 0; r < m.n_rows; r++) {
    double s = 0;
    for (int64_t k = m.offsets[static_cast<size_t>(r)]; k < m.offsets[static_cast<size_t>(r) + 1]; k++) s += m.values[static_cast<size_t>(k)];
    if (m.row_size(r) > 0) means[static_cast<size_t>(r)] = s / static_cast<double>(m.row_size(r));
  }
  return means;
}

}  // namespace

std::vector<Recommendation> top_k(const Recommender& model, const TrainingData& data, int32_t user, int k,
                                  std::vector<float>& scores) {
  const int32_t n = data.by_user.n_cols;
  scores.assign(static_cast<size_t>(n), 0.0f);
  model.score_items(user, scores.data());
  std::vector<Recommendation> candidates;
  candidates.reserve(static_cast<size_t>(n));
  size_t owned = static_cast<size_t>(data.by_user.offsets[static_cast<size_t>(user)]);
  const size_t owned_end = static_cast<size_t>(data.by_user.offsets[static_cast<size_t>(user) + 1]);
  for (int32_t i = 0; i < n; i++) {
    while (owned < owned_end && data.by_user.cols[owned] < i) owned++;
    if (owned < owned_end && data.by_user.cols[owned] == i) continue;  // already has it
    candidates.push_back({i, scores[static_cast<size_t>(i)]});
  }
  const size_t kk = std::min(candidates.size(), static_cast<size_t>(std::max(k, 0)));
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(kk), candidates.end(), better);
  candidates.resize(kk);
  return candidates;
}

// ---- Popularity ------------------------------------------------------------------------------

Status Popularity::fit(const TrainingData& data) {
  const Csr& m = data.by_item;
  popularity_.assign(static_cast<size_t>(m.n_rows), 0.0f);
  for (int32_t i = 0; i < m.n_rows; i++) popularity_[static_cast<size_t>(i)] = static_cast<float>(m.row_size(i));
  item_mean_ = row_means(m);
  global_mean_ = data.global_mean;
  return {};
}

void Popularity::score_items(int32_t, float* scores) const {
  std::copy(popularity_.begin(), popularity_.end(), scores);
}

double Popularity::predict(int32_t, int32_t item) const {
  if (item < 0 || static_cast<size_t>(item) >= item_mean_.size() || popularity_[static_cast<size_t>(item)] == 0) return global_mean_;
  return item_mean_[static_cast<size_t>(item)];
}

// ---- Similarities ----------------------------------------------------------------------------

Result<Similarity> similarity_from_name(const std::string& name) {
  if (name == "cosine") return Similarity::Cosine;
  if (name == "adjusted_cosine" || name == "adjusted-cosine") return Similarity::AdjustedCosine;
  if (name == "pearson") return Similarity::Pearson;
  return make_error("unknown similarity '", name, "' (cosine, adjusted_cosine or pearson)");
}

std::vector<std::vector<Recommendation>> row_similarities(const Csr& m, const std::vector<double>* row_offset,
                                                          const std::vector<double>* col_offset, int keep,
                                                          float shrinkage, int min_support) {
  // The transpose gives, for each column, the rows that have it: rows co-occur through columns.
  std::vector<Interaction> entries;
  entries.reserve(static_cast<size_t>(m.nnz()));
  for (int32_t r = 0; r < m.n_rows; r++)
    for (int64_t k = m.offsets[static_cast<size_t>(r)]; k < m.offsets[static_cast<size_t>(r) + 1]; k++)
      entries.push_back({r, m.cols[static_cast<size_t>(k)], m.values[static_cast<size_t>(k)], 0});
  const Csr t = build_csr(entries, m.n_rows, m.n_cols, false);  // columns x rows

  auto centred = [&](int32_t row, int32_t col, float v) {
    double x = v;
    if (row_offset) x -= (*row_offset)[static_cast<size_t>(row)];
    else if (col_offset) x -= (*col_offset)[static_cast<size_t>(col)];
    return x;
  };
  std::vector<double> norm(static_cast<size_t>(m.n_rows), 0.0);
  for (int32_t r = 0; r < m.n_rows; r++)
    for (int64_t k = m.offsets[static_cast<size_t>(r)]; k < m.offsets[static_cast<size_t>(r) + 1]; k++) {
      double x = centred(r, m.cols[static_cast<size_t>(k)], m.values[static_cast<size_t>(k)]);
      norm[static_cast<size_t>(r)] += x * x;
    }

  std::vector<std::vector<Recommendation>> result(static_cast<size_t>(m.n_rows));
  std::vector<double> dot(static_cast<size_t>(m.n_rows), 0.0);
  std::vector<int32_t> support(static_cast<size_t>(m.n_rows), 0);
  std::vector<int32_t> touched;
  for (int32_t a = 0; a < m.n_rows; a++) {
    touched.clear();
    for (int64_t k = m.offsets[static_cast<size_t>(a)]; k < m.offsets[static_cast<size_t>(a) + 1]; k++) {
      const int32_t col = m.cols[static_cast<size_t>(k)];
      const double xa = centred(a, col, m.values[static_cast<size_t>(k)]);
      for (int64_t q = t.offsets[static_cast<size_t>(col)]; q < t.offsets[static_cast<size_t>(col) + 1]; q++) {
        const int32_t b = t.cols[static_cast<size_t>(q)];
        if (b == a) continue;
        if (support[static_cast<size_t>(b)] == 0) touched.push_back(b);
        support[static_cast<size_t>(b)]++;
        dot[static_cast<size_t>(b)] += xa * centred(b, col, t.values[static_cast<size_t>(q)]);
      }
    }
    std::vector<Recommendation>& out = result[static_cast<size_t>(a)];
    for (int32_t b : touched) {
      const double n = support[static_cast<size_t>(b)];
      const double denom = std::sqrt(norm[static_cast<size_t>(a)] * norm[static_cast<size_t>(b)]);
      if (n >= min_support && denom > 0) {
        double sim = dot[static_cast<size_t>(b)] / denom;
        if (shrinkage > 0) sim *= n / (n + shrinkage);
        out.push_back({b, static_cast<float>(sim)});
      }
      dot[static_cast<size_t>(b)] = 0;
      support[static_cast<size_t>(b)] = 0;
    }
    const size_t kk = std::min(out.size(), static_cast<size_t>(std::max(keep, 0)));
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(kk), out.end(), better);
    out.resize(kk);
  }
  return result;
}

// ---- Item-based ------------------------------------------------------------------------------

Status ItemKnn::fit(const TrainingData& data) {
  if (options_.neighbors < 1) return make_error("neighbors must be at least 1, got ", options_.neighbors);
  if (options_.shrinkage < 0) return make_error("shrinkage must be >= 0");
  data_ = &data;
  item_mean_ = row_means(data.by_item);
  const std::vector<double> user_mean = row_means(data.by_user);
  const std::vector<double>* row_offset = options_.similarity == Similarity::Pearson ? &item_mean_ : nullptr;
  const std::vector<double>* col_offset = options_.similarity == Similarity::AdjustedCosine ? &user_mean : nullptr;
  neighbors_ = row_similarities(data.by_item, row_offset, col_offset, options_.neighbors, options_.shrinkage,
                                options_.min_support);
  return {};
}

void ItemKnn::score_items(int32_t user, float* scores) const {
  // score(i) = sum over the user's items j of sim(j, i) * r_uj, through j's kept neighbours.
  const Csr& u = data_->by_user;
  std::fill(scores, scores + u.n_cols, 0.0f);
  for (int64_t k = u.offsets[static_cast<size_t>(user)]; k < u.offsets[static_cast<size_t>(user) + 1]; k++) {
    const int32_t j = u.cols[static_cast<size_t>(k)];
    const float r = data_->explicit_ratings ? 1.0f : u.values[static_cast<size_t>(k)];
    for (const Recommendation& n : neighbors_[static_cast<size_t>(j)]) scores[n.item] += n.score * r;
  }
}

double ItemKnn::predict(int32_t user, int32_t item) const {
  const Csr& u = data_->by_user;
  if (user < 0 || user >= u.n_rows || item < 0 || item >= u.n_cols || data_->by_item.row_size(item) == 0)
    return data_->global_mean;
  // Mean-centred weighted average over the item's neighbours that the user rated.
  return neighbourhood_mean(neighbors_[static_cast<size_t>(item)], item_mean_, item,
                            [&](int32_t neighbour) { return u.value_at(user, neighbour); });
}

// ---- User-based ------------------------------------------------------------------------------

Status UserKnn::fit(const TrainingData& data) {
  if (options_.neighbors < 1) return make_error("neighbors must be at least 1, got ", options_.neighbors);
  if (options_.min_support < 1) return make_error("min_support must be at least 1");
  data_ = &data;
  user_mean_ = row_means(data.by_user);
  const std::vector<double> item_mean = row_means(data.by_item);
  // For users, "Pearson" centres by the user's mean; adjusted cosine centres by the item's mean.
  const std::vector<double>* row_offset = options_.similarity == Similarity::Pearson ? &user_mean_ : nullptr;
  const std::vector<double>* col_offset = options_.similarity == Similarity::AdjustedCosine ? &item_mean : nullptr;
  neighbors_ = row_similarities(data.by_user, row_offset, col_offset, options_.neighbors, options_.shrinkage,
                                options_.min_support);
  return {};
}

void UserKnn::score_items(int32_t user, float* scores) const {
  const Csr& u = data_->by_user;
  std::fill(scores, scores + u.n_cols, 0.0f);
  for (const Recommendation& n : neighbors_[static_cast<size_t>(user)])
    for (int64_t k = u.offsets[static_cast<size_t>(n.item)]; k < u.offsets[static_cast<size_t>(n.item) + 1]; k++) {
      const float r = data_->explicit_ratings ? 1.0f : u.values[static_cast<size_t>(k)];
      scores[u.cols[static_cast<size_t>(k)]] += n.score * r;
    }
}

double UserKnn::predict(int32_t user, int32_t item) const {
  const Csr& u = data_->by_user;
  if (user < 0 || user >= u.n_rows || item < 0 || item >= u.n_cols || u.row_size(user) == 0) return data_->global_mean;
  return neighbourhood_mean(neighbors_[static_cast<size_t>(user)], user_mean_, user,
                            [&](int32_t neighbour) { return u.value_at(neighbour, item); });
}

}  // namespace plume::recommend
