// The FAQ answer written by the model (faq.h, "grounded generation") natively: the template
// library's FAQ prompt with the retrieved entry's answer as the features to use, N candidates
// ranked by prompt/write.h, then the first one that keeps the language and the entry's facts
// (faq_pick_generated). When none does, the answer stays the entry's own text, verbatim.
#pragma once

#include <memory>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "ecosystem/faq.h"
#include "model/gpt2.h"
#include "prompt/template_library.h"

namespace plume::ecosystem {

struct FaqGenerateOptions {
  int n = 3;
  uint64_t seed = 42;
};

// Updates `a` (answer, source "generated") when a candidate passes; returns what was tried:
// {"template", "seed", "candidates": [{"text", "rank", "accepted", "used", "rejected"?}], "fallback": bool}.
// A handed-over answer is left alone (nothing is generated).
Result<nlohmann::json> faq_generate(std::shared_ptr<const Gpt2Model> model, const prompt::PromptTemplate& t,
                                    const FaqKnowledgeBase& kb, FaqAnswer& a, const FaqGenerateOptions& options = {});

}  // namespace plume::ecosystem
