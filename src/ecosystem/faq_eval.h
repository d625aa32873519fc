// Evaluation of FAQ retrieval on held-out questions (JSON lines):
//   {"lang": "en", "question": "paraphrase", "id": "ship-01" | null, "history": [...]?}
// id null marks an out-of-scope question, which should be handed over. Reported per language:
// hit rate @1 and @3 over the in-scope questions (the answering entry is the best / among the
// three best retrieved), how many in-scope questions were wrongly handed over, and over all
// questions the handover precision (handed over and out of scope / handed over) and recall
// (out-of-scope questions handed over / out-of-scope questions).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "ecosystem/faq.h"

namespace plume::ecosystem {

Result<nlohmann::json> faq_evaluate(const FaqKnowledgeBase& kb, std::string_view heldout_jsonl,
                                    const FaqAskOptions& options = {}, const std::string& source = "faq_heldout.jsonl");

}  // namespace plume::ecosystem
