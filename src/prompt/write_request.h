// A write request as JSON, the same for the CLI and the browser (docs/templates.md, "Requests"):
//   {"input": {FIELDS}, "examples": [...]?, "reviewedExamples": [...]? (appended to the examples), "n": 3?, "seed": 42?, "maxNewTokens": 160?,
//    "temperature"?, "topK"?, "topP"?, "repetitionPenalty"?, "mentionBoost"?, "banned": [...]?, "required": [...]?,
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
#include "model/phrase_guide.h"
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
  // Phrase guidance (model/phrase_guide.h) towards what the text must mention; 0 = off.
  double mention_boost = kDefaultMentionBoost;
  // No block of tokens repeated back to back a third time (SamplingOptions::no_repeat_blocks).
  bool no_repeat_blocks = true;
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

// The phrases phrase guidance steers towards: `mention` (mention_targets) within the engine's
// limits (the first kMaxGuidePhrases, none longer than kMaxGuidePhraseBytes; the ranking still
// checks them all); empty when the boost is 0.
std::vector<std::string> guided_mentions(const WriteSettings& s, const std::vector<std::string>& mention);

// The settings as the engine's generation options (web/plume.js names: maxNewTokens, topK, ...),
// with phrase guidance towards `mention` (mention_targets) when the boost is not 0.
nlohmann::json generation_options_json(const WriteSettings& s, const std::vector<std::string>& mention = {});

// Candidates from JSON (see above); errors name the index and key.
Result<std::vector<RawCandidate>> candidates_from_json(const nlohmann::json& j);

}  // namespace plume::prompt
