#include "prompt/prompt_experiment.h"

#include <algorithm>
#include <set>

#include "prompt/bleu.h"
#include "prompt/rouge.h"

namespace plume::prompt {
namespace {

using nlohmann::json;

std::string show(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

Result<std::vector<std::string>> texts(const json& v, const std::string& where) {
  if (!v.is_array()) return make_error(where, ": expected a list of texts, got ", show(v));
  std::vector<std::string> out;
  for (const json& x : v) {
    if (!x.is_string()) return make_error(where, ": expected only texts, got ", show(x));
    out.push_back(x.get<std::string>());
  }
  return out;
}

// The file's list under `key`, or the file itself when it is a list.
Result<const json*> list_of(const json& j, const char* key, const std::string& what) {
  if (j.is_array()) return &j;
  if (j.is_object() && j.contains(key) && j[key].is_array()) return &j[key];
  return make_error(what, ": expected {\"", key, "\": [...]} or a list");
}

}  // namespace

Result<std::vector<ExperimentVariant>> parse_experiment_variants(const json& j, const std::string& what) {
  auto list = list_of(j, "variants", what);
  if (!list) return list.error();
  std::vector<ExperimentVariant> out;
  std::set<std::string> names;
  for (size_t i = 0; i < (*list)->size(); i++) {
    const json& v = (**list)[i];
    const std::string where = what + ": variants[" + std::to_string(i) + "]";
    if (!v.is_object()) return make_error(where, ": expected an object, got ", show(v));
    ExperimentVariant x;
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string& k = it.key();
      const json& val = it.value();
      if (k == "name" || k == "template") {
        if (!val.is_string() || val.get<std::string>().empty()) return make_error(where, ".", k, ": expected a non-empty text");
        (k == "name" ? x.name : x.template_name) = val.get<std::string>();
      } else if (k == "task") {
        if (!val.is_string() || val.get<std::string>().empty()) return make_error(where, ".task: expected a non-empty text");
        x.task = val.get<std::string>();
      } else if (k == "constraints") {
        auto c = texts(val, where + ".constraints");
        if (!c) return c.error();
        x.constraints = std::move(*c);
      } else if (k == "examples" || k == "reviewedExamples") {
        if (!val.is_array()) return make_error(where, ".", k, ": expected a list of examples");
        for (size_t e = 0; e < val.size(); e++)
          if (!val[e].is_object() || !val[e].contains("output") || !val[e]["output"].is_string())
            return make_error(where, ".", k, "[", e, "]: expected an object of fields with an \"output\" text");
        (k == "examples" ? x.examples : x.reviewed_examples) = val;
      } else {
        return make_error(where, ": unknown key '", k, "' (known: name, template, task, constraints, examples, reviewedExamples)");
      }
    }
    if (x.name.empty()) return make_error(where, ": name is missing");
    if (x.template_name.empty()) return make_error(where, ": template is missing");
    if (!names.insert(x.name).second) return make_error(where, ": the name '", x.name, "' is used twice");
    out.push_back(std::move(x));
  }
  if (out.size() < 2) return make_error(what, ": an experiment needs at least two variants, got ", out.size());
  return out;
}

Result<std::vector<ExperimentProduct>> parse_experiment_products(const json& j, const std::string& what) {
  auto list = list_of(j, "products", what);
  if (!list) return list.error();
  std::vector<ExperimentProduct> out;
  for (size_t i = 0; i < (*list)->size(); i++) {
    const json& p = (**list)[i];
    const std::string where = what + ": products[" + std::to_string(i) + "]";
    if (!p.is_object()) return make_error(where, ": expected an object, got ", show(p));
    ExperimentProduct x;
    x.id = std::to_string(i + 1);
    if (!p.contains("input")) {
      x.input = p;  // the fields themselves
    } else {
      for (auto it = p.begin(); it != p.end(); ++it)
        if (it.key() != "id" && it.key() != "input" && it.key() != "references")
          return make_error(where, ": unknown key '", it.key(), "' (known: id, input, references)");
      if (!p["input"].is_object()) return make_error(where, ".input: expected an object of fields");
      x.input = p["input"];
      if (p.contains("id")) {
        if (!p["id"].is_string() && !p["id"].is_number_integer()) return make_error(where, ".id: expected a text");
        x.id = p["id"].is_string() ? p["id"].get<std::string>() : std::to_string(p["id"].get<int64_t>());
      }
      if (p.contains("references")) {
        auto r = texts(p["references"], where + ".references");
        if (!r) return r.error();
        x.references = std::move(*r);
      }
    }
    out.push_back(std::move(x));
  }
  if (out.empty()) return make_error(what, ": no products");
  return out;
}

Result<PromptTemplate> apply_variant(const PromptTemplate& base, const ExperimentVariant& v) {
  PromptTemplate t = base;
  if (v.task) t.task = *v.task;
  if (v.constraints) t.constraints = *v.constraints;
  if (!v.examples.is_null()) t.examples = v.examples;
  if (v.reviewed_examples.is_array())
    for (const json& e : v.reviewed_examples) t.examples.push_back(e);
  return t;
}

Result<ExperimentMetric> parse_experiment_metric(const std::string& name) {
  for (ExperimentMetric m : {ExperimentMetric::kScore, ExperimentMetric::kPassRate, ExperimentMetric::kCoverage,
                             ExperimentMetric::kMeanLogprob, ExperimentMetric::kBleu, ExperimentMetric::kRougeL})
    if (name == experiment_metric_name(m)) return m;
  return make_error("metric '", name, "' is not one of score, passRate, coverage, meanLogprob, bleu, rougeL");
}

const char* experiment_metric_name(ExperimentMetric m) {
  switch (m) {
    case ExperimentMetric::kScore: return "score";
    case ExperimentMetric::kPassRate: return "passRate";
    case ExperimentMetric::kCoverage: return "coverage";
    case ExperimentMetric::kMeanLogprob: return "meanLogprob";
    case ExperimentMetric::kBleu: return "bleu";
    case ExperimentMetric::kRougeL: return "rougeL";
  }
  return "score";
}

Result<CellMetrics> cell_metrics(const std::vector<RankedCandidate>& ranked, const ExperimentProduct& product,
                                 const std::string& language) {
  CellMetrics m;
  if (ranked.empty()) return m;
  double passed = 0, coverage = 0, logprob = 0;
  for (const RankedCandidate& c : ranked) {
    const bool rules_pass = std::all_of(c.rules.begin(), c.rules.end(), [](const RuleOutcome& r) { return r.pass; });
    passed += rules_pass ? 1 : 0;
    coverage += c.score.coverage;
    logprob += c.score.mean_logprob;
  }
  const double n = static_cast<double>(ranked.size());
  m.pass_rate = passed / n;
  m.coverage = coverage / n;
  m.mean_logprob = logprob / n;
  // ranked is in rank order: accepted first, best first.
  const RankedCandidate& top = ranked.front();
  m.score = top.accepted ? top.score.total : 0;
  m.top_text = top.text;
  std::vector<std::string> refs;
  for (const std::string& r : product.references)
    if (!r.empty()) refs.push_back(r);
  if (!refs.empty()) {
    metrics::BleuOptions bo;
    bo.tokenizer = language == "zh" ? metrics::BleuTokenizer::kZh : metrics::BleuTokenizer::k13a;
    auto b = metrics::sentence_bleu(top.text, refs, bo);
    if (!b) return make_error("product ", product.id, ": BLEU: ", b.error().message);
    m.bleu = b->score;
    metrics::RougeOptions ro;
    ro.tokenizer = metrics::RougeTokenizer::kCjk;
    double best = 0;  // rouge-score's score_multi: the best reference
    for (const std::string& r : refs) {
      auto s = metrics::rouge_score(r, top.text, ro);
      if (!s) return make_error("product ", product.id, ": ROUGE: ", s.error().message);
      best = std::max(best, s->rougeL.fmeasure);
    }
    m.rouge_l = best;
  }
  return m;
}

Result<std::vector<RankedCandidate>> ranked_from_json(const json& candidates, const std::string& where) {
  if (!candidates.is_array()) return make_error(where, ": expected the list of candidates write() returned");
  std::vector<RankedCandidate> out;
  for (size_t i = 0; i < candidates.size(); i++) {
    const json& c = candidates[i];
    const std::string at = where + "[" + std::to_string(i) + "]";
    if (!c.is_object()) return make_error(at, ": expected a candidate object");
    RankedCandidate r;
    if (!c.contains("text") || !c["text"].is_string()) return make_error(at, ".text: missing or not a text");
    r.text = c["text"].get<std::string>();
    if (!c.contains("accepted") || !c["accepted"].is_boolean()) return make_error(at, ".accepted: missing or not true/false");
    r.accepted = c["accepted"].get<bool>();
    if (c.contains("rank") && c["rank"].is_number_integer()) r.rank = c["rank"].get<int>();
    if (!c.contains("rules") || !c["rules"].is_array()) return make_error(at, ".rules: missing or not a list");
    for (const json& rule : c["rules"]) {
      if (!rule.is_object() || !rule.contains("pass") || !rule["pass"].is_boolean())
        return make_error(at, ".rules: each rule needs \"pass\": true or false");
      RuleOutcome o;
      o.rule = rule.contains("rule") && rule["rule"].is_string() ? rule["rule"].get<std::string>() : "";
      o.pass = rule["pass"].get<bool>();
      r.rules.push_back(std::move(o));
    }
    const json* s = c.contains("score") && c["score"].is_object() ? &c["score"] : nullptr;
    if (!s) return make_error(at, ".score: missing or not an object");
    for (const auto& [key, target] : {std::pair<const char*, double*>{"total", &r.score.total},
                                      {"coverage", &r.score.coverage}, {"meanLogprob", &r.score.mean_logprob}}) {
      if (!s->contains(key) || !(*s)[key].is_number()) return make_error(at, ".score.", key, ": missing or not a number");
      *target = (*s)[key].get<double>();
    }
    out.push_back(std::move(r));
  }
  return out;
}

json experiment_variants_json(const std::vector<ExperimentVariant>& variants) {
  json list = json::array();
  for (const ExperimentVariant& v : variants) {
    json j = {{"name", v.name}, {"template", v.template_name}};
    if (v.task) j["task"] = *v.task;
    if (v.constraints) j["constraints"] = *v.constraints;
    if (!v.examples.is_null()) j["examples"] = v.examples;
    if (!v.reviewed_examples.is_null()) j["reviewedExamples"] = v.reviewed_examples;
    list.push_back(std::move(j));
  }
  return list;
}

json experiment_products_json(const std::vector<ExperimentProduct>& products) {
  json list = json::array();
  for (const ExperimentProduct& p : products)
    list.push_back({{"id", p.id}, {"input", p.input}, {"references", p.references}});
  return list;
}

}  // namespace plume::prompt
