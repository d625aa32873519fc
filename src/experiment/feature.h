// Feature evaluation, as far as experiments need it: prerequisites (parentConditions) read other
// features' values, and GrowthBook's sticky-bucketing cases are written against features whose
// rules run experiments. Supported rule kinds: force rules (with condition, filters and
// percentage rollouts by range or coverage) and experiment rules; features fall back to
// defaultValue. Not supported: forced feature values from dev tools, remote-evaluation `tracks`,
// encrypted payloads.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "experiment/assign.h"

namespace plume::experiment {

struct FeatureResult {
  nlohmann::json value;        // null when unknown or blocked
  std::string source;          // "defaultValue", "force", "experiment", "unknownFeature",
                               // "prerequisite", "cyclicPrerequisite"
  std::string rule_id;
  std::optional<ExperimentResult> experiment_result;
};

// Evaluates ctx.features[id] for the user in ctx (updating sticky docs like run_experiment).
FeatureResult evaluate_feature(const std::string& id, Context& ctx);

// The "attribute||value" keys of the sticky-bucket documents a store should load for this user:
// every hashAttribute and fallbackAttribute used by the experiment rules of ctx.features.
std::set<std::string> sticky_bucket_keys(const Context& ctx);

}  // namespace plume::experiment
