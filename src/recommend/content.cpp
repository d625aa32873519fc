#include "recommend/content.h"

#include <algorithm>
#include <cmath>

namespace plume::recommend {

ContentModel ContentModel::build(const Catalog& catalog, int32_t n_items, ContentWeights w) {
  ContentModel m;
  std::unordered_map<std::string, int32_t> ids;
  auto feature = [&](const std::string& key) {
    auto [it, inserted] = ids.emplace(key, static_cast<int32_t>(ids.size()));
    return it->second;
  };
  std::vector<std::pair<int32_t, float>> row;
  for (int32_t i = 0; i < n_items; i++) {
    row.clear();
    if (const ItemAttributes* a = catalog.find(i)) {
      // Prefixes keep a brand named like a category apart from it.
      if (!a->category.empty()) row.emplace_back(feature("c:" + a->category), w.category);
      if (!a->brand.empty()) row.emplace_back(feature("b:" + a->brand), w.brand);
      if (!a->partner.empty()) row.emplace_back(feature("p:" + a->partner), w.partner);
      if (!a->price_band.empty()) row.emplace_back(feature("$:" + a->price_band), w.price_band);
      const float tag_w = a->tags.empty() ? 0 : w.tag / std::sqrt(static_cast<float>(a->tags.size()));
      for (const std::string& t : a->tags) row.emplace_back(feature("t:" + t), tag_w);
    }
    std::sort(row.begin(), row.end());
    double norm = 0;
    for (const auto& f : row) norm += static_cast<double>(f.second) * f.second;
    for (const auto& f : row) {
      if (norm <= 0) break;
      m.features_.push_back(f.first);
      m.weights_.push_back(static_cast<float>(f.second / std::sqrt(norm)));
    }
    m.offsets_.push_back(static_cast<int64_t>(m.features_.size()));
  }
  m.n_features_ = static_cast<int32_t>(ids.size());
  return m;
}

bool ContentModel::has_features(int32_t item) const {
  return item >= 0 && item < n_items() && offsets_[static_cast<size_t>(item) + 1] > offsets_[static_cast<size_t>(item)];
}

void ContentModel::score(const History& history, float* scores) const {
  const int32_t n = n_items();
  std::vector<double> profile(static_cast<size_t>(n_features_), 0.0);
  for (const auto& [item, value] : history) {
    if (!has_features(item) || !(value > 0)) continue;
    for (int64_t k = offsets_[static_cast<size_t>(item)]; k < offsets_[static_cast<size_t>(item) + 1]; k++)
      profile[static_cast<size_t>(features_[static_cast<size_t>(k)])] += value * weights_[static_cast<size_t>(k)];
  }
  double norm = 0;
  for (double v : profile) norm += v * v;
  norm = std::sqrt(norm);
  for (int32_t i = 0; i < n; i++) {
    double s = 0;
    for (int64_t k = offsets_[static_cast<size_t>(i)]; k < offsets_[static_cast<size_t>(i) + 1]; k++)
      s += profile[static_cast<size_t>(features_[static_cast<size_t>(k)])] * weights_[static_cast<size_t>(k)];
    scores[i] = norm > 0 ? static_cast<float>(s / norm) : 0.0f;
  }
}

float ContentModel::similarity(int32_t a, int32_t b) const {
  if (!has_features(a) || !has_features(b)) return 0.0f;
  int64_t x = offsets_[static_cast<size_t>(a)], xe = offsets_[static_cast<size_t>(a) + 1];
  int64_t y = offsets_[static_cast<size_t>(b)], ye = offsets_[static_cast<size_t>(b) + 1];
  double s = 0;
  while (x < xe && y < ye) {
    const int32_t fx = features_[static_cast<size_t>(x)], fy = features_[static_cast<size_t>(y)];
    if (fx == fy) s += static_cast<double>(weights_[static_cast<size_t>(x++)]) * weights_[static_cast<size_t>(y++)];
    else if (fx < fy) x++;
    else y++;
  }
  return static_cast<float>(s);
}

float cf_weight(size_t n, const BlendOptions& o) {
  const float k = std::max(o.half_weight_count, 0.0f);
  return n == 0 ? 0.0f : static_cast<float>(n) / (static_cast<float>(n) + k);
}

std::vector<float> popularity_scores(const Csr& by_item, int32_t n_items) {
  std::vector<float> p(static_cast<size_t>(n_items), 0.0f);
  int64_t max_count = 0;
  for (int32_t i = 0; i < std::min(n_items, by_item.n_rows); i++) max_count = std::max(max_count, by_item.row_size(i));
  if (max_count == 0) return p;
  const double denom = std::log1p(static_cast<double>(max_count));
  for (int32_t i = 0; i < std::min(n_items, by_item.n_rows); i++)
    p[static_cast<size_t>(i)] = static_cast<float>(std::log1p(static_cast<double>(by_item.row_size(i))) / denom);
  return p;
}

void blend_scores(const float* cf, const std::vector<char>& known, int32_t n_cf_items, const float* content,
                  const float* popularity, int32_t n_items, size_t n_history, const BlendOptions& o, float* out) {
  const float beta = std::clamp(o.popularity_share, 0.0f, 1.0f);
  const float w = cf ? cf_weight(n_history, o) : 0.0f;
  float lo = 0, hi = 0;
  bool any = false;
  for (int32_t i = 0; cf && i < n_cf_items; i++) {
    if (!known[static_cast<size_t>(i)]) continue;
    if (!any || cf[i] < lo) lo = cf[i];
    if (!any || cf[i] > hi) hi = cf[i];
    any = true;
  }
  for (int32_t i = 0; i < n_items; i++) {
    const float c = content ? content[i] : 0.0f;
    const float base = n_history > 0 && content ? (1 - beta) * c + beta * popularity[i] : popularity[i];
    const bool warm = cf && i < n_cf_items && known[static_cast<size_t>(i)];
    const float f = warm && hi > lo ? (cf[i] - lo) / (hi - lo) : 0.5f;  // a constant CF score says nothing
    out[i] = warm ? w * f + (1 - w) * base : base;
  }
}

}  // namespace plume::recommend
