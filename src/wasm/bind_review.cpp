// Embind: human review decisions for the page (web/review.js). JSON in, JSON out; the logic is
// src/prompt/review*.h. Every function returns {"ok":true,...} or {"ok":false,"error":...}.
//   reviewDecide(storeJson, decisionJson)      -> {"ok":true,"store":{...},"decision":{...}}
//   reviewList(storeJson, filterJson)          -> {"ok":true,"decisions":[...]}
//   reviewExamples(storeJson, template)        -> {"ok":true,"format","template","examples":[...]}
//   reviewFinetune(storeJson, filesJson, tmpl) -> {"ok":true,"pairs":[{"prompt","completion"}],"jsonl":"..."}
//   reviewReasons()                            -> {"ok":true,"reasons":[{"code","en","zh","actions"}]}
// storeJson: {"format":"plume-review/1","decisions":[...]}, a list, or "" for an empty store.
#include <emscripten/bind.h>

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "prompt/review_store.h"
#include "prompt/template_library.h"
#include "wasm/reply.h"

using nlohmann::json;

namespace plume {
namespace {

using wasm::dump;
using wasm::failure;

Result<json> parse(const std::string& text, const char* what) {
  if (text.empty()) return json(nullptr);
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return make_error(what, " is not valid JSON (or holds text that is not valid Unicode)");
  return j;
}

Result<std::vector<prompt::ReviewDecision>> store_of(const std::string& text) {
  auto j = parse(text, "the review store");
  if (!j) return j.error();
  return prompt::parse_review_store(*j, "review store");
}

std::string reviewDecide(const std::string& store_json, const std::string& decision_json) {
  auto store = store_of(store_json);
  if (!store) return failure(store.error().message);
  auto d = parse(decision_json, "the decision");
  if (!d) return failure(d.error().message);
  auto added = prompt::add_review_decision(&*store, *d, "decision");
  if (!added) return failure(added.error().message);
  return dump(json{{"ok", true}, {"store", prompt::review_store_json(*store)}, {"decision", prompt::review_decision_to_json(*added)}});
}

std::string reviewList(const std::string& store_json, const std::string& filter_json) {
  auto store = store_of(store_json);
  if (!store) return failure(store.error().message);
  auto filter = parse(filter_json, "the filter");
  if (!filter) return failure(filter.error().message);
  auto list = prompt::filter_reviews(*store, *filter);
  if (!list) return failure(list.error().message);
  return dump(json{{"ok", true}, {"decisions", prompt::review_store_json(*list)["decisions"]}});
}

std::string reviewExamples(const std::string& store_json, const std::string& template_name) {
  auto store = store_of(store_json);
  if (!store) return failure(store.error().message);
  json j = prompt::review_examples(*store, template_name);
  j["ok"] = true;
  return dump(j);
}

std::string reviewFinetune(const std::string& store_json, const std::string& files_json, const std::string& template_name) {
  auto store = store_of(store_json);
  if (!store) return failure(store.error().message);
  json files = json::parse(files_json, nullptr, false);
  if (files.is_discarded() || !files.is_object()) return failure(make_error("the template files must be an object {file name: text}"));
  std::map<std::string, std::string> texts;
  for (auto it = files.begin(); it != files.end(); ++it) {
    if (!it.value().is_string()) return failure(make_error("template file ", it.key(), " must be text"));
    texts[it.key()] = it.value().get<std::string>();
  }
  auto lib = prompt::load_library(texts);
  if (!lib) return failure(lib.error().message);
  auto find = [&](const std::string& name) { return prompt::find_template(*lib, name, "en"); };
  auto pairs = prompt::review_finetune_pairs(*store, template_name, find);
  if (!pairs) return failure(pairs.error().message);
  json list = json::array();
  for (const prompt::FinetunePair& p : *pairs) list.push_back({{"id", p.id}, {"prompt", p.prompt}, {"completion", p.completion}});
  return dump(json{{"ok", true}, {"pairs", list}, {"jsonl", prompt::finetune_jsonl(*pairs)}});
}

std::string reviewReasons() {
  json j = prompt::review_reasons_json();
  j["ok"] = true;
  return dump(j);
}

}  // namespace
}  // namespace plume

EMSCRIPTEN_BINDINGS(plume_review) {
  emscripten::function("reviewDecide", &plume::reviewDecide);
  emscripten::function("reviewList", &plume::reviewList);
  emscripten::function("reviewExamples", &plume::reviewExamples);
  emscripten::function("reviewFinetune", &plume::reviewFinetune);
  emscripten::function("reviewReasons", &plume::reviewReasons);
}
