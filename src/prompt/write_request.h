// A write request as JSON, the same for the CLI and the browser (docs/templates.md, "Requests"):
//   {"input": {FIELDS}, "examples": [...]?, "reviewedExamples": [...]? (appended to the examples), "n": 3?, "seed": 42?, "maxNewTokens": 160?,
//    "temperature"?, "topK"?, "topP"?, "repetitionPenalty"?, "banned": [...]?, "required": [...]?,
//    "weights": {"model", "coverage", "language", "format", "length", "repetition"}?}
// Settings not given come from the template's "generation" defaults. Also the candidates a
// generator returns, as JSON: [{"text", "finishReason", "meanLogprob" | null, "logprobs"?,
// "tokens"?}] (without meanLogprob, the mean of the generated tokens' log-probabilities).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "prompt/template_library.h"
#include "prompt/write.h"

namespace plume::prompt {

struct WriteSettings {
  int n = 3;
  int max_new_tokens = 160;
  double temperature = 0.8;
  int top_k = 40;
  double top_p = 0.95;
  double repetition_penalty = 1.1;
  std::optional<uint64_t> seed;
  std::vector<std::string> stop;
};

struct WriteRequest {
  nlohmann::json input = nlohmann::json::object();
  nlohmann::json examples;  // null: the template's
  WriteSettings settings;
  WriteRules rules;
  WriteWeights weights;
};

// Parses the request against the template (its defaults fill the settings); errors name the key.
Result<WriteRequest> parse_write_request(const nlohmann::json& request, const PromptTemplate& t);

// The settings as the engine's generation options (web/plume.js names: maxNewTokens, topK, ...).
nlohmann::json generation_options_json(const WriteSettings& s);

// Candidates from JSON (see above); errors name the index and key.
Result<std::vector<RawCandidate>> candidates_from_json(const nlohmann::json& j);

}  // namespace plume::prompt
