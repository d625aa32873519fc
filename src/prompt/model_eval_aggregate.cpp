// Aggregates per-example evaluation results into groups (model_eval.h): per language x content
// type, per language, and over everything.
#include <algorithm>
#include <cmath>

#include "prompt/bleu.h"
#include "prompt/model_eval.h"
#include "prompt/rouge.h"

namespace plume::prompt {

namespace {

// The corpus generator's content types, in the order the table shows them.
const std::vector<std::string>& type_order() {
  static const std::vector<std::string> order = {"product_description", "email", "sms", "social_post",
                                                 "ad", "faq", "customer_service"};
  return order;
}

Result<EvalGroup> aggregate_one(const std::vector<const EvalExampleResult*>& rs, std::string language,
                                std::string content_type) {
  EvalGroup g;
  g.language = std::move(language);
  g.content_type = std::move(content_type);
  double logprob = 0, rouge = 0, coverage = 0, distinct = 0, new_tokens = 0;
  int64_t ref_tokens = 0;
  int covered_outputs = 0, requests = 0, lang_ok = 0, format_ok = 0, loops = 0, cut = 0;
  std::vector<std::string> hyps, refs;
  metrics::RougeOptions ro;
  ro.stemmer = true;
  ro.tokenizer = metrics::RougeTokenizer::kCjk;
  for (const EvalExampleResult* r : rs) {
    g.examples++;
    if (r->reference_logprob) {
      logprob += *r->reference_logprob;
      ref_tokens += r->reference_tokens;
    }
    if (r->outputs.empty()) continue;
    requests++;
    distinct += r->distinct2;
    const bool asks_features = std::any_of(r->example.features.begin(), r->example.features.end(),
                                           [](const std::string& f) { return !f.empty(); });
    for (const EvalOutput& o : r->outputs) {
      g.outputs++;
      hyps.push_back(o.text);
      refs.push_back(r->example.reference);
      auto score = metrics::rouge_score(r->example.reference, o.text, ro);
      rouge += score ? score->rougeL.fmeasure : 0;
      if (asks_features) { coverage += o.feature_share; covered_outputs++; }
      lang_ok += o.language_ok;
      format_ok += o.format_ok;
      loops += o.loop;
      cut += o.finish == "length";
      new_tokens += o.tokens;
    }
  }
  if (ref_tokens > 0) g.perplexity = std::exp(-logprob / static_cast<double>(ref_tokens));
  if (covered_outputs > 0) g.feature_coverage = coverage / covered_outputs;
  if (requests > 0) g.distinct2 = distinct / requests;
  if (g.outputs > 0) {
    const double n = g.outputs;
    g.rouge_l = rouge / n;
    g.language_fidelity = lang_ok / n;
    g.format_adherence = format_ok / n;
    g.loop_share = loops / n;
    g.length_cut_share = cut / n;
    g.mean_new_tokens = new_tokens / n;
    if (g.language != "all") {
      // Every output is a segment with its request's reference (sacrebleu's corpus_bleu).
      metrics::BleuOptions bo;
      bo.tokenizer = g.language == "zh" ? metrics::BleuTokenizer::kZh : metrics::BleuTokenizer::k13a;
      auto bleu = metrics::corpus_bleu(hyps, {refs}, bo);
      if (!bleu) return make_error("BLEU for ", g.language, "/", g.content_type, ": ", bleu.error().message);
      g.bleu = bleu->score;
    }
  }
  return g;
}

}  // namespace

Result<std::vector<EvalGroup>> aggregate_eval(const std::vector<EvalExampleResult>& results) {
  std::vector<std::string> types = type_order();
  for (const EvalExampleResult& r : results)
    if (std::find(types.begin(), types.end(), r.example.content_type) == types.end())
      types.push_back(r.example.content_type);
  std::vector<EvalGroup> groups;
  std::vector<const EvalExampleResult*> everything;
  for (const char* lang : {"en", "zh"}) {
    std::vector<const EvalExampleResult*> in_lang;
    for (const std::string& type : types) {
      std::vector<const EvalExampleResult*> rs;
      for (const EvalExampleResult& r : results)
        if (r.example.language == lang && r.example.content_type == type) rs.push_back(&r);
      if (rs.empty()) continue;
      auto g = aggregate_one(rs, lang, type);
      if (!g) return g.error();
      groups.push_back(std::move(*g));
      in_lang.insert(in_lang.end(), rs.begin(), rs.end());
    }
    if (in_lang.empty()) continue;
    auto g = aggregate_one(in_lang, lang, "all");
    if (!g) return g.error();
    groups.push_back(std::move(*g));
    everything.insert(everything.end(), in_lang.begin(), in_lang.end());
  }
  if (everything.empty()) return make_error("no evaluation results to aggregate");
  auto g = aggregate_one(everything, "all", "all");
  if (!g) return g.error();
  groups.push_back(std::move(*g));
  return groups;
}

}  // namespace plume::prompt
