// Runs a prompt experiment natively (`plume prompt-experiment`): for every variant x product,
// the write pipeline (write_model.h) with N candidates and the same seed for every variant
// (seed + product index), then the report of prompt/prompt_experiment.h.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "model/gpt2.h"
#include "prompt/prompt_experiment.h"
#include "prompt/review.h"
#include "prompt/template_library.h"

namespace plume {

// Finds a template by full or short name (the CLI: the library folder).
using ExperimentTemplateLookup = std::function<Result<prompt::PromptTemplate>(const std::string& name)>;

// `progress(done, total)` after each cell, may be empty. Options: n, seed, metric, alpha.
Result<nlohmann::json> run_prompt_experiment(std::shared_ptr<const Gpt2Model> model,
                                             const std::vector<prompt::ExperimentVariant>& variants,
                                             const std::vector<prompt::ExperimentProduct>& products,
                                             const ExperimentTemplateLookup& find,
                                             const std::vector<prompt::ReviewDecision>& reviews,
                                             const prompt::ExperimentOptions& options,
                                             const std::function<void(int, int)>& progress = {});

}  // namespace plume
