#include "ecosystem/prompt_experiment_run.h"

#include "ecosystem/write_model.h"
#include "prompt/write_request.h"

namespace plume {

using nlohmann::json;

Result<json> run_prompt_experiment(std::shared_ptr<const Gpt2Model> model,
                                   const std::vector<prompt::ExperimentVariant>& variants,
                                   const std::vector<prompt::ExperimentProduct>& products,
                                   const ExperimentTemplateLookup& find,
                                   const std::vector<prompt::ReviewDecision>& reviews,
                                   const prompt::ExperimentOptions& options,
                                   const std::function<void(int, int)>& progress) {
  if (options.n < 1 || options.n > 16) return make_error("n must be from 1 to 16, got ", options.n);
  // Every variant's template first, so a typo fails before any generation.
  std::vector<prompt::PromptTemplate> templates;
  std::vector<std::string> languages;
  for (const prompt::ExperimentVariant& v : variants) {
    auto base = find(v.template_name);
    if (!base) return make_error("variant ", v.name, ": ", base.error().message);
    auto t = prompt::apply_variant(*base, v);
    if (!t) return make_error("variant ", v.name, ": ", t.error().message);
    languages.push_back(t->language);
    templates.push_back(std::move(*t));
  }
  std::vector<std::vector<std::vector<prompt::RankedCandidate>>> ranked(variants.size());
  const int total = static_cast<int>(variants.size() * products.size());
  int done = 0;
  for (size_t v = 0; v < variants.size(); v++) {
    for (size_t p = 0; p < products.size(); p++) {
      // The same seed for every variant: differences come from the prompt, not the dice.
      json request = {{"input", products[p].input}, {"n", options.n}, {"seed", options.seed + p}};
      auto parsed = prompt::parse_write_request(request, templates[v]);
      if (!parsed) return make_error("variant ", variants[v].name, ", product ", products[p].id, ": ", parsed.error().message);
      auto r = write_with_model(model, templates[v], *parsed);
      if (!r) return make_error("variant ", variants[v].name, ", product ", products[p].id, ": ", r.error().message);
      ranked[v].push_back(std::move(r->ranked));
      if (progress) progress(++done, total);
    }
  }
  return prompt::prompt_experiment_report(variants, languages, products, ranked, reviews, options);
}

}  // namespace plume
