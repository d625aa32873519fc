// Prompt experiments (issue 4, item 6; seed §3.2 steps 3 and 5; docs/review.md): two or more
// template variants write for the same products with the same seeds, and the report says which
// variant wins — only with evidence (prompt_experiment_stats.h), otherwise "no clear winner".
//
// Model-free: the caller generates (src/ecosystem/prompt_experiment_run.h natively) and hands in
// the ranked candidates of every variant x product; this file parses the files, applies each
// variant to its template, measures and compares.
//
// Variants file: {"variants": [{"name": "A", "template": "sms.zh", "task"?: "...",
//   "constraints"?: ["..."], "examples"?: [...] (replaces the template's), "reviewedExamples"?:
//   [...] (appended)}]} (or the list alone); names unique, at least two variants.
// Products file: {"products": [{"id"?: "band", "input": {FIELDS}, "references"?: ["..."]}]} (or
//   the list alone; an item without "input" is the fields themselves).
//
// Per variant x product (the "cell"):
//   passRate     share of the N candidates that pass every hard rule (channel, brand, ...)
//   coverage     mean feature coverage of the N candidates (0..1)
//   meanLogprob  mean of the candidates' mean token log-probabilities
//   score        the ranking score of the top accepted candidate — what the marketer is shown
//                first; 0 when no candidate passed the rules
//   bleu, rougeL sentence BLEU (sacrebleu, tokenizer zh for Chinese, 13a for English) and
//                ROUGE-L F1 (CJK-aware tokenizer) of the top candidate against the product's
//                references; absent without references
// Per variant: the means over products, distinct-2 of all its candidates, and reviewer approvals
// from a review store (decisions whose "variant" is the variant's name).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "prompt/review.h"
#include "prompt/template_library.h"
#include "prompt/write.h"

namespace plume::prompt {

struct ExperimentVariant {
  std::string name;
  std::string template_name;
  std::optional<std::string> task;
  std::optional<std::vector<std::string>> constraints;
  nlohmann::json examples;           // null: the template's
  nlohmann::json reviewed_examples;  // null or a list appended to the examples
};

struct ExperimentProduct {
  std::string id;
  nlohmann::json input = nlohmann::json::object();
  std::vector<std::string> references;
};

Result<std::vector<ExperimentVariant>> parse_experiment_variants(const nlohmann::json& j, const std::string& what);
Result<std::vector<ExperimentProduct>> parse_experiment_products(const nlohmann::json& j, const std::string& what);

// The variant's template: the base with its task, constraints and examples replaced.
Result<PromptTemplate> apply_variant(const PromptTemplate& base, const ExperimentVariant& v);

// The metrics the winner can be chosen on.
enum class ExperimentMetric { kScore, kPassRate, kCoverage, kMeanLogprob, kBleu, kRougeL };
Result<ExperimentMetric> parse_experiment_metric(const std::string& name);  // "score", "passRate", ...
const char* experiment_metric_name(ExperimentMetric m);

struct CellMetrics {
  double pass_rate = 0, coverage = 0, mean_logprob = 0, score = 0;
  std::optional<double> bleu, rouge_l;
  std::string top_text;
};

Result<CellMetrics> cell_metrics(const std::vector<RankedCandidate>& ranked, const ExperimentProduct& product,
                                 const std::string& language);

// The browser's door: candidates as `write()` / `plume write --json` return them (text,
// accepted, rank, rules[].pass, score.total / coverage / meanLogprob) back into the fields the
// report reads. Errors name the index and key.
Result<std::vector<RankedCandidate>> ranked_from_json(const nlohmann::json& candidates, const std::string& where);

// The variants and products as JSON again (normalized: ids filled in), for the browser.
nlohmann::json experiment_variants_json(const std::vector<ExperimentVariant>& variants);
nlohmann::json experiment_products_json(const std::vector<ExperimentProduct>& products);

struct ExperimentOptions {
  int n = 3;
  uint64_t seed = 42;
  ExperimentMetric metric = ExperimentMetric::kScore;
  double alpha = 0.05;
  int bootstrap = 2000;
};

// ranked[v][p]: the ranked candidates of variant v for product p. `reviews` may be empty.
// The report: {"metric", "n", "seed", "products", "variants": [{name, template, means...,
// distinct2, reviews?, perProduct: [...]}], "comparisons": [{leader, other, meanDifference,
// interval, wilcoxon: {n, wPlus, wMinus, p, pHolm, minP}, significant}], "winner": name | null,
// "verdict": {"en", "zh"}}.
Result<nlohmann::json> prompt_experiment_report(const std::vector<ExperimentVariant>& variants,
                                                const std::vector<std::string>& languages,
                                                const std::vector<ExperimentProduct>& products,
                                                const std::vector<std::vector<std::vector<RankedCandidate>>>& ranked,
                                                const std::vector<ReviewDecision>& reviews,
                                                const ExperimentOptions& options);

}  // namespace plume::prompt
