// `plume write` natively: the template library's prompt (within the model's token budget), N
// candidates from one prompt pass (Generator), each scored by the model, then filtered and
// ranked (prompt/write.h). The browser runs the same steps in its worker (web/plume-worker.js,
// 'write') with the same functions, so a seed gives the same ranked list in both.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "model/generate.h"
#include "model/gpt2.h"
#include "prompt/prompt_build.h"
#include "prompt/template_library.h"
#include "prompt/write.h"
#include "prompt/write_request.h"

namespace plume {

struct WriteResult {
  std::string prompt;
  prompt::BudgetChoice budget;
  size_t examples_total = 0;
  uint64_t seed = 0;
  GenerateStats stats;
  std::vector<prompt::RankedCandidate> ranked;
  prompt::WriteWeights weights;
};

Result<WriteResult> write_with_model(std::shared_ptr<const Gpt2Model> model, const prompt::PromptTemplate& t,
                                     const prompt::WriteRequest& request);

// {"template", "prompt", "promptTokens", "examples": {"total", "dropped"}, "note": {"en","zh"}?,
//  "seed", "candidates": [...], "weights", "stats"}: the shape web/write.js returns too.
nlohmann::json write_result_to_json(const prompt::PromptTemplate& t, const WriteResult& r);

}  // namespace plume
