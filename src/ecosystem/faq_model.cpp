#include "ecosystem/faq_model.h"

#include "ecosystem/write_model.h"
#include "prompt/write_request.h"

namespace plume::ecosystem {

using nlohmann::json;

Result<json> faq_generate(std::shared_ptr<const Gpt2Model> model, const prompt::PromptTemplate& t,
                          const FaqKnowledgeBase& kb, FaqAnswer& a, const FaqGenerateOptions& options) {
  json report = {{"template", t.name}, {"candidates", json::array()}, {"fallback", true}};
  if (a.handover || a.hits.empty()) return report;
  json request = {{"input", faq_grounding_input(kb, a)}, {"n", options.n}, {"seed", options.seed}};
  auto parsed = prompt::parse_write_request(request, t);
  if (!parsed) return parsed.error();
  auto r = write_with_model(model, t, *parsed);
  if (!r) return r.error();
  report["seed"] = r->seed;
  // Best first: the ranked (accepted) candidates in rank order, then the rejected ones are not
  // considered (they broke a channel or brand rule).
  std::vector<std::string> texts;
  std::vector<size_t> order;
  for (size_t i = 0; i < r->ranked.size(); ++i)
    if (r->ranked[i].accepted) {
      texts.push_back(r->ranked[i].text);
      order.push_back(i);
    }
  std::vector<std::string> why;
  auto pick = faq_pick_generated(kb, a, texts, &why);
  for (size_t i = 0; i < r->ranked.size(); ++i) {
    const auto& c = r->ranked[i];
    json j = {{"text", c.text}, {"rank", c.rank}, {"accepted", c.accepted}, {"used", false}};
    if (!c.accepted) j["rejected"] = "failed the template's rules";
    for (size_t k = 0; k < order.size(); ++k)
      if (order[k] == i) {
        if (pick && *pick == k) j["used"] = true;
        else if (k < why.size()) j["rejected"] = why[k];
      }
    report["candidates"].push_back(std::move(j));
  }
  if (pick) {
    a.answer = texts[*pick];
    a.source = "generated";
    report["fallback"] = false;
  }
  return report;
}

}  // namespace plume::ecosystem
