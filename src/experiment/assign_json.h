// The JSON face of assignment and events, shared by the CLI (`plume ab assign / ab events /
// ab condition`) and the browser engine (src/wasm/bind_experiment_assign.cpp), so both doors
// accept the same documents and print the same results.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "experiment/events.h"

namespace plume::experiment {

// An experiment file: a Plume definition (events.h: has "varies", "primaryMetric" or
// "guardrails") or a GrowthBook experiment object. Unlike GrowthBook, a malformed condition is
// an error naming the problem instead of silently excluding everyone.
Result<Experiment> experiment_from_json(const nlohmann::json& j);

// Runs the experiment for a context ({"attributes": {...}, "savedGroups", "forcedVariations",
// "url", "qaMode", "enabled", "features", "stickyBucketAssignmentDocs"}). Returns GrowthBook's
// result object;
// with sticky bucketing also "stickyBucketAssignmentDocs" (the updated documents) and, when the
// user is in the experiment, "exposure" (the event to record).
Result<nlohmann::json> assign_json(const nlohmann::json& experiment, const nlohmann::json& context);

// {"pass": bool} for a condition and attributes; a malformed condition is an error.
Result<nlohmann::json> condition_json(const nlohmann::json& condition, const nlohmann::json& attributes,
                                      const nlohmann::json& saved_groups);

// Events from text: format "csv", "json", or "auto" (JSON when it starts with '[' or '{').
Result<std::vector<Event>> parse_events(const std::string& text, const std::string& format);

// Aggregates for {"experiment": KEY, "metric": EVENT, "kind": "binomial"|"continuous",
// "variations": [...]} or {"definition": {...}} (key, variation order, primary metric and
// guardrails from a Plume definition). The result is {"experiment", "metric", "metric_event",
// "variations": [{name, users, conversions, sum, sum_squares}], "multiple_exposure_users",
// "unattributed_events"} -- ready for `plume ab analyze --data` -- plus "guardrails": [...]
// when the definition has some.
Result<nlohmann::json> aggregate_json(const std::vector<Event>& events, const nlohmann::json& options);

}  // namespace plume::experiment
