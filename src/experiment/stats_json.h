// JSON doors onto the experiment statistics, shared by the CLI (`plume ab analyze / ab power /
// bandit simulate`) and the browser (src/wasm/bind_experiment_stats.cpp), so both read and
// write exactly the same documents. Field names are snake_case; keys come out in a fixed order
// (the sample-ratio check first). Unknown input fields are errors (they are usually typos).
// Undefined numbers are null with a reason in "warnings", never NaN.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace plume::experiment {

using ojson = nlohmann::ordered_json;

// {"metric":"binomial"|"continuous","variations":[{"name","users","conversions"} |
//  {"name","users","sum","sum_squares"}, optional "pre":{"sum","sum_squares","sum_products"}],
//  "weights"?, "alpha"?, "sequential"?, "sequential_tuning"?, "correction"?:"none"|"holm"|"bh",
//  "allow_negative"?, "segments"?:[{"segment", "variations"}]}. The aggregates document of
//  events.h (aggregates_to_json) is accepted as it is.
Result<ojson> analyze_json(const std::string& text);

// {"baseline", "mde"?, "relative"?, "users"?, "alpha"?, "power"?, "stddev"?}: sample size per
// variation for "mde", or the MDE for "users" per variation.
Result<ojson> power_json(const std::string& text);

// {"algorithm"?, "min_weight"?, "epsilon"?, "arms":[{"name","users","conversions"}]} or
// {"algorithm"?, ..., "segments":[{"segment","arms"}]} (one independent bandit per segment).
Result<ojson> bandit_weights_json(const std::string& text);

// {"rates":[...], "steps"?, "algorithm"?, "seed"?, "batch"?, "min_weight"?, "epsilon"?, "checkpoints"?}
Result<ojson> simulate_json(const std::string& text);

// {"p_values":[...], "method":"holm"|"bh"|"none"}
Result<ojson> adjust_p_values_json(const std::string& text);

// One line of JSON, invalid UTF-8 replaced.
std::string dump_json(const ojson& j, int indent = -1);

}  // namespace plume::experiment
