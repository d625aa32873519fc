// The decision for one customer of a campaign: which variant (allocation) and which items to
// feature (personalization). Both deterministic:
//   experiment  GrowthBook's run_experiment with key = seed = campaign id, hashAttribute "id",
//               hashVersion 2 and the campaign's weights: the same customer gets the same variant
//               in every run and in any GrowthBook SDK (sticky by construction).
//   bandit      hash("bandit:" + campaign id, customer id, v2) in [0, 1) mapped onto the bucket
//               ranges of the current bandit weights (state.json; equal before any outcome):
//               sticky within a run and while the weights stand; when the optimization layer
//               moves the weights, customers near a boundary move to the winning arm.
//   items       "recommended": item-based kNN (cosine) on the customer's weighted events
//               (analysis.h interactions_from_events), then the popular items to fill up;
//               "popular": most interactions overall. Never an item the customer bought, never
//               an out-of-stock one, only the campaign's product partner's when it names one;
//               ties go to catalog order.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ecosystem/campaign.h"
#include "ecosystem/store.h"
#include "recommend/recommender.h"

namespace plume::ecosystem {

struct VariantChoice {
  int index = 0;        // into Campaign::variants
  double bucket = 0;    // the hash in [0, 1) that chose it
};

// The allocation weights in force: the experiment's (equal when none), or the bandit's from
// `state` (state.json) when present and of the right size, else equal.
std::vector<double> allocation_weights(const Campaign& c, const nlohmann::json& state);

VariantChoice choose_variant(const Campaign& c, const std::vector<double>& weights, const std::string& customer_id);

class ItemPicker {
 public:
  // Learns from the store's events (once per run).
  ItemPicker(const Store& store, const std::string& product_partner);
  ~ItemPicker();
  // Product indices (Store::products), at most k.
  std::vector<int32_t> pick(int32_t customer, int k, Personalization p) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace plume::ecosystem
