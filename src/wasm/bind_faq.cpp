// Embind: customer service (src/ecosystem/faq*.h) for web/faq.js. JSON strings in, a JSON string
// out ({"ok":true,...} or {"ok":false,"error":"..."}). A knowledge base lives in the engine
// between calls, addressed by a number and freed with faqFree.
//   faqCreate(jsonl, manifestText)            -> {"kb":N,"entries":{"en":n,"zh":n}}  (manifest "" = none)
//   faqFree(kb)                               -> {}
//   faqAsk(kb, question, optionsJson)         -> the answer (faq_answer_to_json) + "grounding": the faq
//                                                template's input when not handed over
//       options {"history":[turns], "lang", "threshold", "minCoverage", "top", "partner", "historyWeight"}
//   faqPick(kb, question, optionsJson, candidatesJson) -> {"answer","source","used":i|null,"rejected":[...]}
//       candidates: generated texts, best first (web/faq.js passes write()'s accepted ones)
//   faqEvaluate(kb, heldoutJsonl, optionsJson) -> faq_evaluate's report
#include <emscripten/bind.h>

#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "ecosystem/faq.h"
#include "ecosystem/faq_eval.h"
#include "ecosystem/manifest.h"
#include "wasm/reply.h"

using nlohmann::json;
using namespace plume::ecosystem;

namespace plume {
namespace {

using wasm::dump;
using wasm::failure;
using wasm::reply;

std::map<int, std::unique_ptr<FaqKnowledgeBase>>& bases() {
  static std::map<int, std::unique_ptr<FaqKnowledgeBase>> b;
  return b;
}

const FaqKnowledgeBase* find_kb(int id) {
  auto it = bases().find(id);
  return it == bases().end() ? nullptr : it->second.get();
}

struct AskRequest {
  FaqAskOptions options;
  std::vector<FaqTurn> history;
};

Result<AskRequest> parse_ask(const std::string& text) {
  AskRequest r;
  if (text.empty()) return r;
  json o = json::parse(text, nullptr, false);
  if (o.is_discarded() || !o.is_object()) return make_error("the options are not a JSON object");
  for (auto it = o.begin(); it != o.end(); ++it) {
    const std::string& k = it.key();
    if (k == "history") {
      auto h = parse_faq_history(*it);
      if (!h) return h.error();
      r.history = std::move(*h);
    } else if (k == "lang") {
      if (!it->is_null() && (!it->is_string() || (*it != "en" && *it != "zh" && *it != "")))
        return make_error("lang: expected \"en\" or \"zh\"");
      if (it->is_string()) r.options.lang = it->get<std::string>();
    } else if (k == "threshold" || k == "minCoverage" || k == "historyWeight") {
      if (!it->is_number() || it->get<double>() < 0 || it->get<double>() > 1)
        return make_error(k, ": expected a number from 0 to 1");
      (k == "threshold" ? r.options.threshold : k == "minCoverage" ? r.options.min_coverage : r.options.history_weight) = it->get<double>();
    } else if (k == "top") {
      if (!it->is_number_integer() || it->get<int>() < 1 || it->get<int>() > 100) return make_error("top: expected 1 to 100");
      r.options.top = it->get<int>();
    } else if (k == "partner") {
      if (!it->is_string()) return make_error("partner: expected a partner id");
      r.options.partner = it->get<std::string>();
    } else {
      return make_error("unknown option '", k, "' (history, lang, threshold, minCoverage, top, partner, historyWeight)");
    }
  }
  return r;
}

std::string faq_create(const std::string& jsonl, const std::string& manifest_text) {
  std::optional<Manifest> manifest;
  if (!manifest_text.empty()) {
    auto m = load_manifest(manifest_text);
    if (!m) return failure(make_error("manifest: ", m.error().message));
    manifest = std::move(*m);
  }
  auto kb = parse_faq(jsonl, "faq.jsonl", manifest ? &*manifest : nullptr);
  if (!kb) return failure(kb.error().message);
  json counts = json::object();
  for (const FaqEntry& e : kb->entries) counts[e.lang] = counts.value(e.lang, 0) + 1;
  static int next = 0;
  int id = ++next;
  bases()[id] = std::make_unique<FaqKnowledgeBase>(std::move(*kb));
  return reply(json{{"kb", id}, {"entries", counts}});
}

std::string faq_free(int id) {
  bases().erase(id);
  return reply(json::object());
}

std::string faq_ask_bound(int id, const std::string& question, const std::string& options) {
  const FaqKnowledgeBase* kb = find_kb(id);
  if (!kb) return failure(make_error("no FAQ knowledge base ", id, " (it was freed or never created)"));
  auto r = parse_ask(options);
  if (!r) return failure(r.error().message);
  FaqAnswer a = faq_ask(*kb, question, r->history, r->options);
  json out = faq_answer_to_json(*kb, a);
  out["grounding"] = a.handover ? json(nullptr) : faq_grounding_input(*kb, a);
  return reply(std::move(out));
}

std::string faq_pick(int id, const std::string& question, const std::string& options, const std::string& candidates_json) {
  const FaqKnowledgeBase* kb = find_kb(id);
  if (!kb) return failure(make_error("no FAQ knowledge base ", id, " (it was freed or never created)"));
  auto r = parse_ask(options);
  if (!r) return failure(r.error().message);
  json c = json::parse(candidates_json, nullptr, false);
  if (c.is_discarded() || !c.is_array()) return failure(make_error("candidates: expected a list of texts"));
  std::vector<std::string> texts;
  for (size_t i = 0; i < c.size(); ++i) {
    if (!c[i].is_string()) return failure(make_error("candidates[", i, "]: expected a string"));
    texts.push_back(c[i].get<std::string>());
  }
  FaqAnswer a = faq_ask(*kb, question, r->history, r->options);
  std::vector<std::string> why;
  auto pick = faq_pick_generated(*kb, a, texts, &why);
  return reply(json{{"answer", pick ? texts[*pick] : a.answer},
                    {"source", pick ? "generated" : a.source},
                    {"used", pick ? json(*pick) : json(nullptr)},
                    {"rejected", why}});
}

std::string faq_evaluate_bound(int id, const std::string& heldout, const std::string& options) {
  const FaqKnowledgeBase* kb = find_kb(id);
  if (!kb) return failure(make_error("no FAQ knowledge base ", id, " (it was freed or never created)"));
  auto r = parse_ask(options);
  if (!r) return failure(r.error().message);
  auto report = faq_evaluate(*kb, heldout, r->options);
  if (!report) return failure(report.error().message);
  return reply(std::move(*report));
}

}  // namespace
}  // namespace plume

EMSCRIPTEN_BINDINGS(plume_faq) {
  emscripten::function("faqCreate", &plume::faq_create);
  emscripten::function("faqFree", &plume::faq_free);
  emscripten::function("faqAsk", &plume::faq_ask_bound);
  emscripten::function("faqPick", &plume::faq_pick);
  emscripten::function("faqEvaluate", &plume::faq_evaluate_bound);
}
