// Serving: top-k for a known user or an ad-hoc visitor history on top of any trained model,
// with the cold-start blend (content.h), exclusion of what the visitor already has, filters,
// partner diversity and explanations.
//
// Diversity (co-marketing): `max_per_partner` = M keeps at most M items per partner while
// walking the ranking best first; `partner_round_robin` orders partners by their best item and
// then takes each partner's next best item in turn (one per partner per round). Items without
// a partner form their own group "". Both apply after the filters.
//
// Explanations ("because you viewed X"): for item kNN the history items whose neighbour list
// holds the recommended item (contribution = similarity × value); for implicit factors the exact
// share of each history item in the score (FactorModel::contributions); for BPR/SVD factors the
// factor alignment value × q_i·q_h; otherwise (content, popularity) the content similarity ×
// value. When the blend gives content more weight than CF (w < 1/2) content explains.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "recommend/content.h"
#include "recommend/factor_model.h"
#include "recommend/item_attributes.h"
#include "recommend/recommender.h"

namespace plume::recommend {

struct ServeRequest {
  int k = 10;
  bool exclude_owned = true;
  std::vector<std::string> categories, partners, price_bands;  // empty: no filter
  bool available_only = false;
  std::optional<double> min_price, max_price;
  int max_per_partner = 0;  // 0: no limit
  bool partner_round_robin = false;
  bool explain = false;
  int explain_top = 3;  // reasons per item
};

struct Reason {
  int32_t item;
  float contribution;
};
struct Served {
  int32_t item;
  float score;
  std::vector<Reason> because;  // best first; only with ServeRequest::explain
};

// What a recommendation is made from. `cf` may be null (content/popularity only), `content` and
// `catalog` too; `train` is the CF model's training data (popularity, neighbours, exclusion).
struct ServingContext {
  const TrainingData* train = nullptr;
  const Recommender* cf = nullptr;
  const ContentModel* content = nullptr;
  const Catalog* catalog = nullptr;
  int32_t n_items = 0;  // all known items (interactions and catalog)
  BlendOptions blend;
};

// A known user's history (their training row), for serving and explanations.
History history_of(const TrainingData& train, int32_t user);

// CF scores for a visitor's history on the CF model's items: fold-in for factor models, summed
// neighbour similarities for item kNN, similar users' votes for user kNN, counts for popularity.
Status score_visitor(const Recommender& model, const TrainingData& train, const History& history, float* scores);

// `user` is a training user index, or -1 for a visitor described by `history` alone.
Result<std::vector<Served>> serve_top(const ServingContext& ctx, int32_t user, const History& history,
                                      const ServeRequest& request);

}  // namespace plume::recommend
