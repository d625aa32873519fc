// A review store: the decisions of review.h, in order. Two forms of the same data:
//   JSON lines (the CLI's file: one decision object per line, blank lines ignored), and
//   {"format": "plume-review/1", "decisions": [...]} (the browser's workspace; a bare list is
//   read too).
// Ids are unique in a store; add_review_decision gives a decision without one the next free
// "r<N>". And what approved texts become on request (docs/review.md):
//   few-shot examples for a template: {"format": "plume-examples/1", "template": "sms.zh",
//     "examples": [{FIELDS..., "output": TEXT}]} — the template library's example format;
//     `plume write --examples FILE` and the write request's "reviewedExamples" append them to
//     the template's own examples;
//   fine-tuning pairs {"prompt", "completion"}: what `plume finetune` reads as JSON lines and
//     the browser's engine.finetune() takes as a list. The prompt is the template's prompt for
//     the decision's fields without few-shot examples; the completion is the approved text and
//     the format's end marker, so the tuned model learns to stop.
// When the same candidate (same template, fields and text) was decided more than once, the
// latest decision counts.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "prompt/review.h"
#include "prompt/template_library.h"

namespace plume::prompt {

// Parses a JSON-lines store; errors name `what` and the line ("reviews.jsonl:3: ...").
Result<std::vector<ReviewDecision>> parse_review_jsonl(std::string_view text, const std::string& what);
std::string review_jsonl(const std::vector<ReviewDecision>& decisions);  // one line per decision

// Parses the browser's form (or a bare list, or null for an empty store).
Result<std::vector<ReviewDecision>> parse_review_store(const nlohmann::json& store, const std::string& what);
nlohmann::json review_store_json(const std::vector<ReviewDecision>& decisions);

// Validates `decision` and appends it; a missing id becomes the next free "r<N>", a given id
// must be new. Returns the stored decision.
Result<ReviewDecision> add_review_decision(std::vector<ReviewDecision>* store, const nlohmann::json& decision,
                                           const std::string& where);

// Filter keys (all optional, all must match): action, template, language, reviewer, variant,
// reason (a reason code). Unknown keys are an error.
Result<std::vector<ReviewDecision>> filter_reviews(const std::vector<ReviewDecision>& decisions,
                                                   const nlohmann::json& filter);

// The decisions that still count: for each (template, fields, candidate), the latest one.
std::vector<ReviewDecision> latest_reviews(const std::vector<ReviewDecision>& decisions);

// Approved and edited texts of `template_name` as few-shot examples (the file form above);
// identical texts once. The fields are the decision's input.
nlohmann::json review_examples(const std::vector<ReviewDecision>& decisions, const std::string& template_name);

// Reads an examples file: the object above (its template must be `template_name`) or a bare
// list of examples. Each example must be an object with an "output" text.
Result<nlohmann::json> parse_review_examples(const nlohmann::json& j, const std::string& template_name,
                                             const std::string& what);

// Looks a template up by its full name ("sms.zh"); an error when the library has no such one.
using TemplateLookup = std::function<Result<const PromptTemplate*>(const std::string& full_name)>;

struct FinetunePair {
  std::string id;  // the decision's
  std::string prompt, completion;
};

// Approved and edited texts (of `template_name`, or all when empty) as fine-tuning pairs.
Result<std::vector<FinetunePair>> review_finetune_pairs(const std::vector<ReviewDecision>& decisions,
                                                        const std::string& template_name, const TemplateLookup& find);
std::string finetune_jsonl(const std::vector<FinetunePair>& pairs);  // {"prompt","completion"} per line

}  // namespace plume::prompt
