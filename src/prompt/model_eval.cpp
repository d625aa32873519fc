// Runs the evaluation (model_eval.h): parsing the gold records, scoring references, sampling
// outputs and checking them. Aggregation is in model_eval_aggregate.cpp, printing in
// model_eval_report.cpp.
#include "prompt/model_eval.h"

#include <chrono>

#include <nlohmann/json.hpp>

#include "prompt/quality.h"
#include "prompt/text_diversity.h"

namespace plume::prompt {

namespace {

using nlohmann::json;

Result<std::string> string_field(const json& j, const char* key, std::string_view where) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string())
    return make_error(where, ": \"", key, "\" is missing or not a string");
  return it->get<std::string>();
}

std::string trim(std::string_view s) {
  const char* ws = " \t\r\n";
  const size_t a = s.find_first_not_of(ws);
  if (a == std::string_view::npos) return {};
  return std::string(s.substr(a, s.find_last_not_of(ws) - a + 1));
}

}  // namespace

Result<std::vector<EvalExample>> parse_eval_examples(std::string_view jsonl, std::string_view what) {
  std::vector<EvalExample> out;
  size_t start = 0;
  int line_no = 0;
  while (start < jsonl.size()) {
    size_t end = jsonl.find('\n', start);
    if (end == std::string_view::npos) end = jsonl.size();
    const std::string_view line = jsonl.substr(start, end - start);
    start = end + 1;
    line_no++;
    if (trim(line).empty()) continue;
    const std::string where = std::string(what) + " line " + std::to_string(line_no);
    json j = json::parse(line.begin(), line.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return make_error(where, " is not a JSON object");
    EvalExample e;
    for (auto [key, dest] : {std::pair{"id", &e.id}, {"language", &e.language}, {"content_type", &e.content_type},
                             {"channel", &e.channel}, {"prompt", &e.prompt}, {"reference", &e.reference}}) {
      auto v = string_field(j, key, where);
      if (!v) return v.error();
      *dest = std::move(*v);
    }
    if (e.language != "en" && e.language != "zh")
      return make_error(where, ": language '", e.language, "' is not en or zh");
    if (e.prompt.empty() || trim(e.reference).empty()) return make_error(where, ": empty prompt or reference");
    auto f = j.find("features");
    if (f != j.end()) {
      if (!f->is_array()) return make_error(where, ": \"features\" is not a list");
      for (const json& item : *f) {
        if (!item.is_string()) return make_error(where, ": a feature is not a string");
        e.features.push_back(item.get<std::string>());
      }
    }
    out.push_back(std::move(e));
  }
  if (out.empty()) return make_error(what, " holds no examples");
  return out;
}

Status check_eval_options(const EvalOptions& o) {
  if (auto s = validate(o.sampling); !s) return s;
  if (o.num_sequences < 1 || o.num_sequences > kMaxReturnSequences)
    return make_error("--n must be between 1 and ", kMaxReturnSequences, " (got ", o.num_sequences, ")");
  if (o.max_new_tokens < 1) return make_error("--max-new-tokens must be at least 1 (got ", o.max_new_tokens, ")");
  if (o.limit < 0) return make_error("--limit must not be negative (got ", o.limit, ")");
  if (!(o.mention_boost >= 0 && o.mention_boost <= 100))
    return make_error("--mention-boost must be between 0 and 100 (got ", o.mention_boost, ")");
  return Status::success();
}

namespace {

EvalOutput check_output(const EvalExample& e, const GeneratedSequence& s) {
  EvalOutput o;
  o.text = trim(sanitize_utf8(s.text));
  o.finish = finish_reason_name(s.finish);
  o.tokens = static_cast<int32_t>(s.tokens.size());
  const FeatureCoverage fc = feature_coverage(o.text, e.features, e.language);
  o.feature_share = fc.share();
  o.missing_features = fc.missing;
  const LanguageCheck lc = language_check(o.text, e.language);
  o.language_ok = lc.ok;
  o.language_reason = lc.reason;
  const OutputParts parts = parse_output(o.text, e.content_type, e.language);
  o.format_ok = parts.ok;
  o.format_reason = parts.reason;
  const RepetitionCheck rc = repetition_check(o.text, e.language);
  o.loop = rc.loop;
  o.repeated = rc.repeated;
  return o;
}

}  // namespace

Result<EvalReport> evaluate_model(std::shared_ptr<const Gpt2Model> model, const std::vector<EvalExample>& all,
                                  const EvalOptions& options, const EvalProgress& progress) {
  if (auto s = check_eval_options(options); !s) return s.error();
  if (!model) return make_error("no model to evaluate");
  std::vector<const EvalExample*> chosen;
  int taken_en = 0, taken_zh = 0;
  for (const EvalExample& e : all) {
    int& taken = e.language == "en" ? taken_en : taken_zh;
    if (options.limit > 0 && taken >= options.limit) continue;
    taken++;
    chosen.push_back(&e);
  }
  if (chosen.empty()) return make_error("there are no gold examples to evaluate");

  const auto t0 = std::chrono::steady_clock::now();
  EvalReport report;
  report.options = options;
  GenerateOptions g;
  g.sampling = options.sampling;
  g.max_new_tokens = options.max_new_tokens;
  g.num_return_sequences = options.num_sequences;
  g.seed = options.seed;
  g.stop = options.stop;
  for (const EvalExample* e : chosen) {
    EvalExampleResult r;
    r.example = *e;
    auto scored = score(*model, e->prompt, e->reference);
    if (scored) {
      r.reference_logprob = scored->total_logprob;
      r.reference_tokens = static_cast<int32_t>(scored->tokens.size());
    } else {
      r.score_error = scored.error().message;
    }
    g.mention = e->features;
    g.mention_boost = options.mention_boost;
    Generator gen(model);
    if (auto s = gen.start(e->prompt, g); !s) {
      r.error = s.error().message;
    } else {
      while (!gen.done()) gen.step();
      std::vector<std::string> texts;
      for (const GeneratedSequence& s : gen.sequences()) {
        r.outputs.push_back(check_output(*e, s));
        texts.push_back(r.outputs.back().text);
        report.generated_tokens += static_cast<int64_t>(s.tokens.size());
      }
      auto d = metrics::distinct_n(texts, 2, metrics::BleuTokenizer::kZh);
      r.distinct2 = d ? d->ratio : 0;
    }
    report.examples.push_back(std::move(r));
    if (progress) progress(static_cast<int>(report.examples.size()), static_cast<int>(chosen.size()));
  }
  auto groups = aggregate_eval(report.examples);
  if (!groups) return groups.error();
  report.groups = std::move(*groups);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace plume::prompt
