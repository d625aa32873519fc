// Evaluation of a model on the gold set (docs/evaluation.md): for each gold example, the
// held-out log-likelihood of the hand-written reference after the prompt, and n sampled outputs
// checked with the quality checks (quality.h) and compared with the reference (BLEU, ROUGE-L).
// Results are aggregated per language and content type. No I/O: the caller reads the gold files
// and writes the report (src/cli/eval_commands.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "model/generate.h"
#include "model/gpt2.h"

namespace plume::prompt {

// One gold example as scripts/gen_corpus.py writes it to gold.{en,zh}.prompts.jsonl.
struct EvalExample {
  std::string id, language, content_type, channel;
  std::string prompt;     // ends with "### Output\n" / "### 输出\n"
  std::string reference;  // the hand-written output
  std::vector<std::string> features;
};

// Parses JSON lines; errors name `what` (e.g. the file) and the line.
Result<std::vector<EvalExample>> parse_eval_examples(std::string_view jsonl, std::string_view what);

// The page's default generation settings (the Model view: temperature 0.7, top-k 50, top-p 0.9,
// min-p 0, repetition penalty 1, no repeated 5-gram within the output -- penalties over the output
// only, so copying the prompt's features stays free --, 200 new tokens, 3 sequences, seed 42) and
// the prompt format's stop string "\n###". (The engine's own defaults are transformers' GPT-2
// ones, temperature 1 and top-p 1; the page samples cooler because the default model writes
// cleaner copy that way -- models/README.md has both evaluations.)
inline SamplingOptions page_default_sampling() {
  SamplingOptions s;
  s.temperature = 0.7f;
  s.top_p = 0.9f;
  // Loops 3.6% -> 0.2% on the gold set at no cost in feature coverage (docs/evaluation.md).
  s.no_repeat_ngram_size = 5;
  s.penalize_prompt = false;
  s.no_repeat_blocks = true;
  return s;
}
struct EvalOptions {
  SamplingOptions sampling = page_default_sampling();
  int32_t num_sequences = 3;
  int32_t max_new_tokens = 200;
  uint64_t seed = 42;  // the same seed for every request, as the page uses it
  std::vector<std::string> stop = {"\n###"};
  int32_t limit = 0;   // > 0: only the first `limit` examples of each language
  // Phrase guidance towards each example's features (model/phrase_guide.h), as the page uses it.
  float mention_boost = kDefaultMentionBoost;
};
Status check_eval_options(const EvalOptions& options);

// One sampled output and its checks.
struct EvalOutput {
  std::string text;  // trimmed, cut before the stop string
  std::string finish;  // eos / stop / length
  int32_t tokens = 0;
  double feature_share = 1;  // FeatureCoverage::share()
  std::vector<std::string> missing_features;
  bool language_ok = false, format_ok = false, loop = false;
  std::string language_reason, format_reason, repeated;
};

struct EvalExampleResult {
  EvalExample example;
  std::optional<double> reference_logprob;  // total, natural log; unset when it did not fit
  int32_t reference_tokens = 0;
  std::string score_error;                  // why the reference could not be scored
  std::vector<EvalOutput> outputs;
  double distinct2 = 0;                     // across this request's outputs
  std::string error;                        // generation failed (outputs empty)
};

// Aggregate over a set of example results (a language, a language x content type, or all).
struct EvalGroup {
  std::string language;      // "en", "zh" or "all"
  std::string content_type;  // a corpus key or "all"
  int examples = 0, outputs = 0;
  std::optional<double> perplexity;  // exp(-sum logprob / sum tokens) over scored references
  std::optional<double> bleu;        // corpus BLEU 0..100 (13a en, zh zh); unset for "all" languages
  double rouge_l = 0;                // mean ROUGE-L F1 (CJK tokenizer, Porter stemmer), 0..1
  std::optional<double> feature_coverage;  // mean share over outputs asked for features
  double language_fidelity = 0, format_adherence = 0, loop_share = 0, length_cut_share = 0;  // shares of outputs
  double distinct2 = 0;              // mean over requests
  double mean_new_tokens = 0;
};

struct EvalReport {
  std::vector<EvalExampleResult> examples;
  std::vector<EvalGroup> groups;  // per language x content type, per language, then "all"
  EvalOptions options;
  int64_t generated_tokens = 0;
  double seconds = 0;
};

// progress(done, total) after each example (for a command-line progress line).
using EvalProgress = std::function<void(int done, int total)>;

// Errors only for bad options or an empty example list; a prompt that does not fit the model is
// recorded in that example's `error` and left out of the aggregates.
Result<EvalReport> evaluate_model(std::shared_ptr<const Gpt2Model> model, const std::vector<EvalExample>& examples,
                                  const EvalOptions& options, const EvalProgress& progress = {});

// Aggregates (used by evaluate_model; public for tests).
Result<std::vector<EvalGroup>> aggregate_eval(const std::vector<EvalExampleResult>& results);

// The table for a terminal and the JSON report (examples included, with their outputs).
std::string eval_table(const EvalReport& report);
std::string eval_json(const EvalReport& report, std::string_view model_name);

}  // namespace plume::prompt
