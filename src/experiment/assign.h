// Experiment assignment with GrowthBook's `run` semantics (packages/sdk-js/src/core.ts,
// runExperiment): who is in an experiment and which variation they see, decided the same way as
// every GrowthBook SDK, so a Plume experiment can be analysed in GrowthBook or a warehouse.
//
// The order of the checks is GrowthBook's and matters:
//   fewer than 2 variations / context disabled -> not in experiment
//   ?key=N in the context URL                  -> variation N (hashUsed false)
//   context forcedVariations[key]              -> that variation (hashUsed false)
//   inactive or draft                          -> not in experiment
//   no value for hashAttribute (nor fallback)  -> not in experiment
//   sticky bucket found                        -> skips filters/namespace/condition/prerequisites
//   filters (or else namespace), condition, prerequisites (parentConditions) -> may exclude
//   hash(seed || key, value, hashVersion) and the bucket ranges -> variation, or none (coverage)
//   sticky bucket blocked by minBucketVersion  -> not in experiment
//   experiment.force                           -> that variation (hashUsed false)
//   QA mode / stopped                          -> not in experiment
//   otherwise in the experiment; the sticky-bucket document is updated.
// Not supported: URL targeting (`url`, `urlPatterns`: parse_experiment rejects them), the
// legacy `groups`, and JS `include` callbacks.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "experiment/condition.h"
#include "experiment/hash.h"

namespace plume::experiment {

struct Filter {  // a hash-range filter: include users whose hash(seed, attribute) is in a range
  std::string seed;
  std::vector<BucketRange> ranges;
  std::string attribute;  // empty: "id"
  int hash_version = 2;
};

struct VariationMeta {
  std::string key;   // empty: the variation index as a string
  std::string name;
  bool passthrough = false;
};

struct ParentCondition {  // a prerequisite: a condition on another feature's value
  std::string id;
  nlohmann::json condition = nlohmann::json::object();
  bool gate = false;
};

// A GrowthBook experiment object (the JSON keys in brackets).
struct Experiment {
  std::string key;                                       // [key]
  nlohmann::json variations = nlohmann::json::array();   // [variations] any JSON values
  std::vector<double> weights;                           // [weights] empty: equal
  std::optional<double> coverage;                        // [coverage] default 1
  std::optional<int> force;                              // [force]
  nlohmann::json condition;                              // [condition] null: everyone
  std::vector<ParentCondition> parent_conditions;        // [parentConditions]
  std::optional<Namespace> ns;                           // [namespace] ["id", start, end]
  std::optional<std::vector<Filter>> filters;            // [filters]
  std::optional<std::vector<BucketRange>> ranges;        // [ranges] overrides coverage/weights
  std::string hash_attribute = "id";                     // [hashAttribute]
  std::string fallback_attribute;                        // [fallbackAttribute] sticky bucketing only
  int hash_version = 1;                                  // [hashVersion]
  std::string seed;                                      // [seed] empty: key
  bool active = true;                                    // [active]
  std::string status;                                    // [status] "draft", "running", "stopped"
  bool disable_sticky_bucketing = false;                 // [disableStickyBucketing]
  int bucket_version = 0, min_bucket_version = 0;        // [bucketVersion] [minBucketVersion]
  std::vector<VariationMeta> meta;                       // [meta]
  std::string name, phase;                               // [name] [phase]
};

// Reads a GrowthBook experiment object; errors name the field ("experiment.weights[1] must be a
// number"). Values GrowthBook tolerates (weights not summing to 1, coverage above 1) are kept
// and handled at run time exactly as GrowthBook does.
Result<Experiment> parse_experiment(const nlohmann::json& j);

// A sticky-bucket document: one per (attribute name, value), assignments "expKey__version" ->
// variation key.
struct StickyDoc {
  std::string attribute_name, attribute_value;
  std::map<std::string, std::string> assignments;
};
using StickyDocs = std::map<std::string, StickyDoc>;  // "attributeName||attributeValue" -> doc

// Accepts an array of documents or an object keyed by "name||value".
Result<StickyDocs> parse_sticky_docs(const nlohmann::json& j);
nlohmann::json sticky_docs_to_json(const StickyDocs& docs);

// Everything about the user and the page that assignment reads (GrowthBook's context).
struct Context {
  nlohmann::json attributes = nlohmann::json::object();  // [attributes]
  SavedGroups saved_groups;                              // [savedGroups]
  std::map<std::string, int> forced_variations;          // [forcedVariations]
  std::string url;                                       // [url] only for ?key=N overrides
  bool enabled = true;                                   // [enabled]
  bool qa_mode = false;                                  // [qaMode]
  nlohmann::json features = nlohmann::json::object();    // [features] for prerequisites
  bool sticky_bucketing = false;   // a sticky-bucket store is in use ([stickyBucketAssignmentDocs] given)
  StickyDocs sticky_docs;          // read, and updated by run_experiment when sticky_bucketing
  std::set<std::string> evaluating_features;  // prerequisite cycle detection (leave empty)
};

Result<Context> parse_context(const nlohmann::json& j);

struct ExperimentResult {
  bool in_experiment = false;
  bool hash_used = false;
  int variation_id = 0;
  nlohmann::json value;            // variations[variation_id]
  std::string key;                 // meta key or the index as a string
  std::string name;                // meta name, if any
  std::string hash_attribute;
  nlohmann::json hash_value;       // the attribute value used (may be a number)
  std::optional<double> bucket;    // the hash, when the user was hashed into the experiment
  bool sticky_bucket_used = false;
  bool passthrough = false;
  std::optional<std::string> feature_id;
};

// GrowthBook's JSON result: inExperiment, variationId, value, hashUsed, hashAttribute,
// hashValue, key, stickyBucketUsed, featureId, bucket (if hashed), name/passthrough (if set).
nlohmann::json result_to_json(const ExperimentResult& r);

// Runs the experiment for the user in `ctx` (see the order above). Updates ctx.sticky_docs when
// sticky bucketing is on. Never fails: bad inputs mean "not in the experiment", as in GrowthBook.
ExperimentResult run_experiment(const Experiment& exp, Context& ctx,
                                const std::optional<std::string>& feature_id = std::nullopt);

// The hash attribute actually used and its value (literal key, then dot-path; the fallback
// attribute when the first is empty and `fallback` is given).
std::pair<std::string, nlohmann::json> hash_attribute_value(const Context& ctx, const std::string& attribute,
                                                            const std::string& fallback = "");

}  // namespace plume::experiment
