// Embind: prompt experiments for the page (web/prompt-experiment.js). The worker generates (the
// write pipeline, per variant x product); these two functions check the files first and build
// the report from the candidates. JSON in, JSON out; logic in src/prompt/prompt_experiment*.h.
//   promptExperimentParse(variantsJson, productsJson, optionsJson, reviewsJson)
//     -> {"ok":true,"variants":[...],"products":[...]}   (normalized; errors name the key)
//   promptExperimentReport(inputJson) with input {"variants", "products", "languages": ["zh",...],
//     "results": [[CANDIDATES per product] per variant], "reviews"?: STORE,
//     "options"?: {"n", "seed", "metric", "alpha"}}
//     -> {"ok":true,"report":{...}}   (the shape of `plume prompt-experiment --json`)
#include <emscripten/bind.h>

#include <string>

#include <nlohmann/json.hpp>

#include "prompt/prompt_experiment.h"
#include "prompt/review_store.h"
#include "wasm/reply.h"

using nlohmann::json;

namespace plume {
namespace {

using wasm::dump;
using wasm::failure;

Result<prompt::ExperimentOptions> options_of(const json& j) {
  prompt::ExperimentOptions o;
  if (j.is_null()) return o;
  if (!j.is_object()) return make_error("options must be an object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const json& v = it.value();
    if (it.key() == "n") {
      if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 16) return make_error("options.n must be a whole number from 1 to 16");
      o.n = v.get<int>();
    } else if (it.key() == "seed") {
      if (!v.is_number_integer() || v.get<int64_t>() < 0) return make_error("options.seed must be a whole number, 0 or more");
      o.seed = v.get<uint64_t>();
    } else if (it.key() == "metric") {
      if (!v.is_string()) return make_error("options.metric must be a text");
      auto m = prompt::parse_experiment_metric(v.get<std::string>());
      if (!m) return m.error();
      o.metric = *m;
    } else if (it.key() == "alpha") {
      if (!v.is_number() || !(v.get<double>() > 0 && v.get<double>() < 1)) return make_error("options.alpha must be between 0 and 1");
      o.alpha = v.get<double>();
    } else {
      return make_error("unknown option '", it.key(), "' (known: n, seed, metric, alpha)");
    }
  }
  return o;
}

// Everything the report will need, checked before the worker spends minutes generating.
std::string promptExperimentParse(const std::string& variants_json, const std::string& products_json,
                                  const std::string& options_json, const std::string& reviews_json) {
  json v = json::parse(variants_json, nullptr, false), p = json::parse(products_json, nullptr, false);
  if (v.is_discarded()) return failure(make_error("variants: not valid JSON"));
  if (p.is_discarded()) return failure(make_error("products: not valid JSON"));
  auto variants = prompt::parse_experiment_variants(v, "variants");
  if (!variants) return failure(variants.error().message);
  auto products = prompt::parse_experiment_products(p, "products");
  if (!products) return failure(products.error().message);
  json o = options_json.empty() ? json() : json::parse(options_json, nullptr, false);
  if (o.is_discarded()) return failure(make_error("options: not valid JSON"));
  if (auto checked = options_of(o); !checked) return failure(checked.error().message);
  json r = reviews_json.empty() ? json() : json::parse(reviews_json, nullptr, false);
  if (r.is_discarded()) return failure(make_error("reviews: not valid JSON"));
  if (auto checked = prompt::parse_review_store(r, "reviews"); !checked) return failure(checked.error().message);
  return dump(json{{"ok", true}, {"variants", prompt::experiment_variants_json(*variants)},
                   {"products", prompt::experiment_products_json(*products)}});
}

std::string promptExperimentReport(const std::string& input_json) {
  json in = json::parse(input_json, nullptr, false);
  if (in.is_discarded() || !in.is_object()) return failure(make_error("the experiment input must be a JSON object"));
  auto variants = prompt::parse_experiment_variants(in.value("variants", json()), "variants");
  if (!variants) return failure(variants.error().message);
  auto products = prompt::parse_experiment_products(in.value("products", json()), "products");
  if (!products) return failure(products.error().message);
  const json languages = in.value("languages", json());
  const json results = in.value("results", json());
  if (!languages.is_array() || languages.size() != variants->size())
    return failure(make_error("languages: one language (\"en\" or \"zh\") per variant expected"));
  if (!results.is_array() || results.size() != variants->size())
    return failure(make_error("results: one list per variant expected (of one candidate list per product)"));
  std::vector<std::string> langs;
  std::vector<std::vector<std::vector<prompt::RankedCandidate>>> ranked(variants->size());
  for (size_t v = 0; v < variants->size(); v++) {
    if (!languages[v].is_string()) return failure(make_error("languages: expected texts"));
    langs.push_back(languages[v].get<std::string>());
    if (!results[v].is_array() || results[v].size() != products->size())
      return failure(make_error("results[", v, "]: one candidate list per product expected"));
    for (size_t p = 0; p < products->size(); p++) {
      auto r = prompt::ranked_from_json(results[v][p], "results[" + std::to_string(v) + "][" + std::to_string(p) + "]");
      if (!r) return failure(r.error().message);
      ranked[v].push_back(std::move(*r));
    }
  }
  auto reviews = prompt::parse_review_store(in.value("reviews", json()), "reviews");
  if (!reviews) return failure(reviews.error().message);
  auto options = options_of(in.value("options", json()));
  if (!options) return failure(options.error().message);
  auto report = prompt::prompt_experiment_report(*variants, langs, *products, ranked, *reviews, *options);
  if (!report) return failure(report.error().message);
  return dump(json{{"ok", true}, {"report", *report}});
}

}  // namespace
}  // namespace plume

EMSCRIPTEN_BINDINGS(plume_prompt_experiment) {
  emscripten::function("promptExperimentParse", &plume::promptExperimentParse);
  emscripten::function("promptExperimentReport", &plume::promptExperimentReport);
}
