// From a library template and a product's fields to the prompt the model reads, within the
// model's token budget (docs/prompt-format.md, "Token budget"; docs/templates.md).
//
// Budgeting: when prompt tokens + max_new_tokens exceed the context, whole few-shot examples
// are dropped from the first one on; the task, the constraints and the input are never cut. If
// even the prompt without examples does not fit, that is an error saying by how much.
//
// Token counts come from the caller (a TokenCounter natively; counts handed in from the worker
// in the browser), so this file needs no model.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "prompt/template_library.h"

namespace plume::prompt {

// Validates the input fields against the template (allowed keys, required keys, value types) and
// builds the Mustache data {task, constraints, examples, input}: the template's default fields
// fill what the input and each example leave out, and a line that would start with "###" in a
// value gets "##" instead, so data can never open a prompt section. `examples` replaces the
// template's own few-shot examples when it is not null (e.g. approved texts).
Result<nlohmann::json> prompt_data(const PromptTemplate& t, const nlohmann::json& input,
                                   const nlohmann::json& examples = nullptr);

// Renders the prompt from prompt_data() keeping the examples from index `first_example` on.
Result<std::string> render_prompt(const PromptTemplate& t, const nlohmann::json& data, size_t first_example = 0);

// Every candidate prompt, most examples first: [all examples, without the first, ..., none].
Result<std::vector<std::string>> prompt_variants(const PromptTemplate& t, const nlohmann::json& data);

struct BudgetChoice {
  size_t variant = 0;          // index into prompt_variants(): how many examples were dropped
  int prompt_tokens = 0;
  std::vector<size_t> dropped;  // indices of the dropped examples (0-based, in template order)
  std::string note_en, note_zh;  // what was dropped and why, for the user; empty if nothing
};

// Picks the first variant whose token count + max_new_tokens fits `context`. `tokens[i]` is the
// token count of variant i. Error (naming the sizes) if none fits.
Result<BudgetChoice> choose_budget(const std::vector<int>& tokens, int context, int max_new_tokens);

using TokenCounter = std::function<Result<int>(std::string_view)>;

struct BudgetedPrompt {
  std::string prompt;
  BudgetChoice budget;
  size_t examples_total = 0;
};

// prompt_variants + choose_budget, counting lazily (most examples first, stops at the first fit).
Result<BudgetedPrompt> fit_prompt(const PromptTemplate& t, const nlohmann::json& data, int context, int max_new_tokens,
                                  const TokenCounter& count);

}  // namespace plume::prompt
