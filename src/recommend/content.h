// Cold start: content-based scoring from item attributes, a popularity fallback, and the blend
// with collaborative filtering that shifts weight to CF as a visitor's history grows.
//
// Content: each item is a sparse vector of weighted attribute features (category 1.0, brand
// 0.5, each tag 0.5/√tags, partner 0.3, price band 0.3), normalised to unit length. A visitor's
// profile is Σ_h value_h · x_h over their history; an item's content score is the cosine of its
// vector with the profile (0..1).
//
// Blend, for a visitor with n distinct items in their history (k = half_weight_count):
//   w = n / (n + k)                                   (CF weight: 0 for a new visitor, → 1)
//   base_i = (1 − β)·C_i + β·P_i   if n > 0, else P_i (β = popularity_share)
//   s_i = w·F_i + (1 − w)·base_i   for items CF knows (trained with ≥ 1 interaction)
//   s_i = base_i                   for cold items (no CF score: content and popularity only)
// where C_i is the content cosine, P_i = ln(1 + count_i) / ln(1 + max count) the popularity and
// F_i the CF score min-max scaled to 0..1 over the items CF knows.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "recommend/factor_model.h"
#include "recommend/item_attributes.h"

namespace plume::recommend {

struct ContentWeights {
  float category = 1.0f, brand = 0.5f, tag = 0.5f, partner = 0.3f, price_band = 0.3f;
};

class ContentModel {
 public:
  static ContentModel build(const Catalog& catalog, int32_t n_items, ContentWeights weights = {});
  int32_t n_items() const { return static_cast<int32_t>(offsets_.size()) - 1; }
  bool has_features(int32_t item) const;
  // scores[i] = cosine(profile of history, x_i) for every item (0 with an empty profile).
  void score(const History& history, float* scores) const;
  // cosine(x_a, x_b): used to explain content recommendations.
  float similarity(int32_t a, int32_t b) const;

 private:
  std::vector<int64_t> offsets_{0};
  std::vector<int32_t> features_;  // per item, sorted feature ids
  std::vector<float> weights_;
  int32_t n_features_ = 0;
};

struct BlendOptions {
  float half_weight_count = 5.0f;  // k: CF gets half the weight at k interactions
  float popularity_share = 0.1f;   // β
};
float cf_weight(size_t n_history, const BlendOptions& options);

// Popularity on 0..1: ln(1 + count) / ln(1 + max count); items beyond `by_item` score 0.
std::vector<float> popularity_scores(const Csr& by_item, int32_t n_items);

// The blend above. `cf` (nullable) has `n_cf_items` entries, `known[i]` says whether CF knows
// item i; `content` (nullable) and `popularity` have n_items entries.
void blend_scores(const float* cf, const std::vector<char>& known, int32_t n_cf_items, const float* content,
                  const float* popularity, int32_t n_items, size_t n_history, const BlendOptions& options, float* out);

}  // namespace plume::recommend
