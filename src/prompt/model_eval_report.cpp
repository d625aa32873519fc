// The evaluation report as a terminal table and as JSON (model_eval.h). The targets are issue 3's:
// feature coverage >= 90%, language fidelity >= 99%, format adherence >= 95%, no loops.
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "prompt/model_eval.h"

namespace plume::prompt {

namespace {

using nlohmann::json;

struct Target {
  const char* name;
  double threshold;
  bool at_most;  // the value must be <= threshold (else >=)
};
constexpr Target kTargets[] = {{"feature_coverage", 0.90, false},
                               {"language_fidelity", 0.99, false},
                               {"format_adherence", 0.95, false},
                               {"loop_share", 0.0, true}};

double target_value(const EvalGroup& g, const Target& t) {
  std::string_view n = t.name;
  if (n == "feature_coverage") return g.feature_coverage.value_or(1.0);
  if (n == "language_fidelity") return g.language_fidelity;
  if (n == "format_adherence") return g.format_adherence;
  return g.loop_share;
}

bool target_met(const EvalGroup& g, const Target& t) {
  const double v = target_value(g, t);
  return t.at_most ? v <= t.threshold : v >= t.threshold;
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string pct(double v) { return fmt("%.1f%%", 100 * v); }

std::string pad(std::string s, size_t width, bool right = true) {
  if (s.size() >= width) return s;
  return right ? std::string(width - s.size(), ' ') + s : s + std::string(width - s.size(), ' ');
}

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

const EvalGroup* overall(const EvalReport& r) {
  for (const EvalGroup& g : r.groups)
    if (g.language == "all") return &g;
  return nullptr;
}

}  // namespace

std::string eval_table(const EvalReport& r) {
  std::string out;
  const EvalOptions& o = r.options;
  out += "sampling: temperature " + fmt("%g", o.sampling.temperature) + ", top-k " +
         std::to_string(o.sampling.top_k) + ", top-p " + fmt("%g", o.sampling.top_p) + ", repetition penalty " +
         fmt("%g", o.sampling.repetition_penalty) + ", " + std::to_string(o.num_sequences) + " sequences, " +
         std::to_string(o.max_new_tokens) + " new tokens max, seed " + std::to_string(o.seed) +
         ", stop \"\\n###\"\n\n";
  const char* head[] = {"lang", "content type", "ex", "ppl", "BLEU", "ROUGE-L", "features", "language",
                        "distinct-2", "format", "loops", "cut"};
  const size_t width[] = {5, 20, 4, 8, 6, 8, 9, 9, 11, 7, 6, 6};
  for (size_t i = 0; i < 12; i++) out += pad(head[i], width[i], i > 1) + (i + 1 < 12 ? " " : "\n");
  for (const EvalGroup& g : r.groups) {
    if (g.content_type == "all") out += std::string(100, '-') + "\n";
    const std::string cells[] = {g.language, g.content_type, std::to_string(g.examples),
                                 g.perplexity ? fmt("%.2f", *g.perplexity) : "-",
                                 g.bleu ? fmt("%.1f", *g.bleu) : "-", fmt("%.3f", g.rouge_l),
                                 g.feature_coverage ? pct(*g.feature_coverage) : "-", pct(g.language_fidelity),
                                 fmt("%.3f", g.distinct2), pct(g.format_adherence), pct(g.loop_share),
                                 pct(g.length_cut_share)};
    for (size_t i = 0; i < 12; i++) out += pad(cells[i], width[i], i > 1) + (i + 1 < 12 ? " " : "\n");
  }
  if (const EvalGroup* all = overall(r)) {
    out += "\ntargets (all outputs):";
    for (const Target& t : kTargets)
      out += std::string(" ") + t.name + (t.at_most ? " <= " : " >= ") + pct(t.threshold) + " " +
             (target_met(*all, t) ? "met" : "NOT met") + " (" + pct(target_value(*all, t)) + ");";
    out.back() = '\n';
  }
  int errors = 0;
  for (const EvalExampleResult& e : r.examples) errors += !e.error.empty();
  if (errors > 0) out += std::to_string(errors) + " example(s) could not be generated (see the JSON report)\n";
  out += std::to_string(r.examples.size()) + " examples, " + std::to_string(r.generated_tokens) +
         " tokens generated in " + fmt("%.1f", r.seconds) + " s\n";
  return out;
}

std::string eval_json(const EvalReport& r, std::string_view model_name) {
  const EvalOptions& o = r.options;
  json groups = json::array();
  for (const EvalGroup& g : r.groups)
    groups.push_back({{"language", g.language}, {"content_type", g.content_type}, {"examples", g.examples},
                      {"outputs", g.outputs}, {"perplexity", opt(g.perplexity)}, {"bleu", opt(g.bleu)},
                      {"rouge_l", g.rouge_l}, {"feature_coverage", opt(g.feature_coverage)},
                      {"language_fidelity", g.language_fidelity}, {"distinct_2", g.distinct2},
                      {"format_adherence", g.format_adherence}, {"loop_share", g.loop_share},
                      {"length_cut_share", g.length_cut_share}, {"mean_new_tokens", g.mean_new_tokens}});
  json targets = json::object();
  if (const EvalGroup* all = overall(r))
    for (const Target& t : kTargets)
      targets[t.name] = {{"value", target_value(*all, t)}, {"threshold", t.threshold},
                         {"at_most", t.at_most}, {"met", target_met(*all, t)}};
  json examples = json::array();
  for (const EvalExampleResult& e : r.examples) {
    json outs = json::array();
    for (const EvalOutput& x : e.outputs)
      outs.push_back({{"text", x.text}, {"finish_reason", x.finish}, {"tokens", x.tokens},
                      {"feature_share", x.feature_share}, {"missing_features", x.missing_features},
                      {"language_ok", x.language_ok}, {"language_reason", x.language_reason},
                      {"format_ok", x.format_ok}, {"format_reason", x.format_reason}, {"loop", x.loop},
                      {"repeated", x.repeated}});
    json ex = {{"id", e.example.id}, {"language", e.example.language}, {"content_type", e.example.content_type},
               {"channel", e.example.channel}, {"reference_tokens", e.reference_tokens},
               {"reference_logprob", opt(e.reference_logprob)}, {"distinct_2", e.distinct2}, {"outputs", outs}};
    if (e.reference_logprob && e.reference_tokens > 0)
      ex["reference_perplexity"] = std::exp(-*e.reference_logprob / e.reference_tokens);
    if (!e.score_error.empty()) ex["score_error"] = e.score_error;
    if (!e.error.empty()) ex["error"] = e.error;
    examples.push_back(std::move(ex));
  }
  json out = {{"model", std::string(model_name)},
              {"options",
               {{"temperature", o.sampling.temperature}, {"top_k", o.sampling.top_k}, {"top_p", o.sampling.top_p},
                {"min_p", o.sampling.min_p}, {"repetition_penalty", o.sampling.repetition_penalty},
                {"no_repeat_ngram_size", o.sampling.no_repeat_ngram_size},
                {"penalize_prompt", o.sampling.penalize_prompt},
                {"no_repeat_blocks", o.sampling.no_repeat_blocks}, {"mention_boost", o.mention_boost}, {"n", o.num_sequences},
                {"max_new_tokens", o.max_new_tokens}, {"seed", o.seed}, {"stop", o.stop}, {"limit", o.limit}}},
              {"seconds", r.seconds},
              {"generated_tokens", r.generated_tokens},
              {"groups", groups},
              {"targets", targets},
              {"examples", examples}};
  return out.dump(1, ' ', false, json::error_handler_t::replace);
}

}  // namespace plume::prompt
