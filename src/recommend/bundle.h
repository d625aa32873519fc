// A servable recommender: the ids, the training interactions, the trained model, and optionally
// the item catalog (content scores, filters). Trained here, saved and loaded as text:
//  - one JSON file (model.json with the factors inline), or
//  - a directory: model.json (everything but the factors) + userFactors/part-00000.json and
//    itemFactors/part-00000.json in Spark's shape + user_ids.jsonl / item_ids.jsonl (spark_io.h),
//    so the same directory layout also loads factors exported from Spark MLlib ALS.
// kNN and popularity models are refit from the saved interactions on load (deterministic).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "recommend/content.h"
#include "recommend/item_attributes.h"
#include "recommend/serve.h"

namespace plume::recommend {

struct AlgoOptions {
  std::string algo = "als";  // pop, itemknn, userknn, svd, als, bpr
  std::optional<int32_t> factors, iterations, neighbors;
  std::optional<float> regularization, alpha, learning_rate;
  std::string similarity = "cosine";
  uint64_t seed = 42;
};
// From a JSON object {"algo","factors","iterations","neighbors","reg","alpha","lr","similarity","seed"};
// unknown keys and out-of-range values are errors naming the key.
Result<AlgoOptions> algo_options_from_json(const nlohmann::json& j);
nlohmann::json algo_options_to_json(const AlgoOptions& o);

struct Bundle {
  Dataset data;                 // ids; rows = the training interactions
  int32_t model_items = 0;      // items the model was trained on (the first ones in data.items)
  std::optional<Catalog> catalog;
  AlgoOptions options;
  std::unique_ptr<TrainingData> train;  // stable address: kNN models point into it
  std::unique_ptr<Recommender> model;
  std::unique_ptr<ContentModel> content;
  BlendOptions blend;

  ServingContext context() const;
  // Adds or replaces the item catalog (new items get indices) and rebuilds the content model.
  Status set_catalog(const std::string& text);  // CSV or JSON
};

// Trains `options.algo` on every row of `data`.
Result<std::unique_ptr<Bundle>> train_bundle(Dataset data, const AlgoOptions& options);

// Saved forms. Directory files are keyed by relative path ("model.json", "userFactors/part-00000.json", ...).
std::string save_bundle_json(const Bundle& b);
std::map<std::string, std::string> save_bundle_files(const Bundle& b);

// How to serve factors that come without a model.json (straight from Spark).
struct SparkServeOptions {
  FactorKind kind = FactorKind::Implicit;
  float alpha = 1.0f, regularization = 0.1f;  // Spark ALS defaults
  bool scale_reg_by_count = true;             // Spark scales λ by the number of ratings
};

// `files`: "model.json" alone (single file), or a directory's tables: "model.json" (optional),
// "userFactors" and "itemFactors" (the text of each part file), "user_ids.jsonl", "item_ids.jsonl"
// (optional). `interactions` (optional, for Spark directories) supplies what users already have:
// rows whose user or item the factors do not know are skipped.
Result<std::unique_ptr<Bundle>> load_bundle(const std::map<std::string, std::vector<std::string>>& files,
                                            const SparkServeOptions& spark, const Dataset* interactions);

}  // namespace plume::recommend
