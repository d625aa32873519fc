// Embind: the template library and candidates -> filter -> rank for the browser. The worker
// (web/plume-worker.js, request 'write') runs the model steps with the engine it already owns
// and these model-free steps around them; docs/templates.md describes the sequence:
//   writePrepare(filesJson, name, lang, requestJson)
//     -> {"ok":true,"template":{...},"variants":[prompt, ...],"input":{...},"generation":{...}}
//   writeBudget(tokensJson, contextLength, maxNewTokens)
//     -> {"ok":true,"variant":i,"promptTokens":n,"dropped":[...],"note":{"en","zh"}?}
//   writeClean(text) -> {"ok":true,"text":"..."}
//   writeRank(filesJson, name, lang, requestJson, candidatesJson, metaJson)
//     -> {"ok":true,"candidates":[...],"weights":{...},"template",...}  (as `plume write --json`)
//   listTemplates(filesJson) -> {"ok":true,"templates":[...]}
// filesJson: {"file name": "text", ...} of a template folder (sidecars and Mustache files).
#include <emscripten/bind.h>

#include <string>

#include <nlohmann/json.hpp>

#include "ecosystem/write_model.h"
#include "prompt/prompt_build.h"
#include "prompt/template_library.h"
#include "prompt/write.h"
#include "prompt/write_request.h"
#include "wasm/reply.h"

using nlohmann::json;

namespace plume {
namespace {

using wasm::dump;
using wasm::failure;

// nlohmann's value() throws on a wrong type, and a throw aborts the instance: check first.
std::string text_at(const json& o, const char* key) {
  return o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : std::string();
}
int int_at(const json& o, const char* key) {
  return o.contains(key) && o[key].is_number_integer() ? o[key].get<int>() : 0;
}

std::string success(json j) {
  j["ok"] = true;
  return dump(j);
}

Result<std::vector<prompt::PromptTemplate>> library(const std::string& files_json) {
  json files = json::parse(files_json, nullptr, false);
  if (files.is_discarded() || !files.is_object()) return make_error("the template files must be a JSON object {file name: text}");
  std::map<std::string, std::string> map;
  for (auto it = files.begin(); it != files.end(); ++it) {
    if (!it.value().is_string()) return make_error("template file '", it.key(), "' must be text");
    map[it.key()] = it.value().get<std::string>();
  }
  return prompt::load_library(map);
}

struct Resolved {
  prompt::PromptTemplate t;
  prompt::WriteRequest request;
  json data;
};

Result<Resolved> resolve(const std::string& files_json, const std::string& name, const std::string& lang,
                         const std::string& request_json) {
  auto lib = library(files_json);
  if (!lib) return lib.error();
  auto t = prompt::find_template(*lib, name, lang);
  if (!t) return t.error();
  json request = json::parse(request_json, nullptr, false);
  if (request.is_discarded()) return make_error("the write request is not valid JSON");
  auto r = prompt::parse_write_request(request, **t);
  if (!r) return r.error();
  auto data = prompt::prompt_data(**t, r->input, r->examples);
  if (!data) return data.error();
  return Resolved{**t, std::move(*r), std::move(*data)};
}

std::string writePrepare(const std::string& files_json, const std::string& name, const std::string& lang,
                         const std::string& request_json) {
  auto r = resolve(files_json, name, lang, request_json);
  if (!r) return failure(r.error().message);
  auto variants = prompt::prompt_variants(r->t, r->data);
  if (!variants) return failure(variants.error().message);
  return success({{"template", prompt::template_summary(r->t)}, {"variants", *variants}, {"input", r->data["input"]},
                  {"generation", prompt::generation_options_json(r->request.settings, prompt::mention_targets(r->t, r->data["input"]))}});
}

std::string writeBudget(const std::string& tokens_json, int context, int max_new_tokens) {
  json j = json::parse(tokens_json, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return failure(make_error("writeBudget expects a list of token counts"));
  std::vector<int> tokens;
  for (const json& x : j) {
    if (!x.is_number_integer() || x.get<int64_t>() < 0 || x.get<int64_t>() > (1 << 30))
      return failure(make_error("writeBudget: token counts must be whole numbers, got ", dump(x)));
    tokens.push_back(x.get<int>());
  }
  auto c = prompt::choose_budget(tokens, context, max_new_tokens);
  if (!c) return failure(c.error().message);
  json out = {{"variant", c->variant}, {"promptTokens", c->prompt_tokens}, {"dropped", c->dropped}};
  if (!c->note_en.empty()) out["note"] = {{"en", c->note_en}, {"zh", c->note_zh}};
  return success(out);
}

std::string writeClean(const std::string& text) { return success({{"text", prompt::clean_candidate(text)}}); }

std::string writeRank(const std::string& files_json, const std::string& name, const std::string& lang,
                      const std::string& request_json, const std::string& candidates_json, const std::string& meta_json) {
  auto r = resolve(files_json, name, lang, request_json);
  if (!r) return failure(r.error().message);
  json cj = json::parse(candidates_json, nullptr, false);
  if (cj.is_discarded()) return failure(make_error("the candidates are not valid JSON"));
  auto candidates = prompt::candidates_from_json(cj);
  if (!candidates) return failure(candidates.error().message);
  json meta = json::parse(meta_json, nullptr, false);
  if (meta.is_discarded() || !meta.is_object()) return failure(make_error("writeRank: meta must be a JSON object"));
  auto ranked = prompt::rank_candidates(r->t, r->data["input"], *candidates, r->request.rules, r->request.weights);
  if (!ranked) return failure(ranked.error().message);
  // The same JSON as the CLI: the budget and generation facts come from the worker's steps.
  WriteResult w;
  w.ranked = std::move(*ranked);
  w.weights = r->request.weights;
  w.prompt = text_at(meta, "prompt");
  const size_t examples = r->data["examples"].size();
  w.examples_total = examples;
  if (meta.contains("budget") && meta["budget"].is_object()) {
    const json& b = meta["budget"];
    w.budget.prompt_tokens = int_at(b, "promptTokens");
    if (b.contains("dropped") && b["dropped"].is_array())
      for (const json& d : b["dropped"])
        if (d.is_number_unsigned()) w.budget.dropped.push_back(d.get<size_t>());
    if (b.contains("note") && b["note"].is_object()) {
      w.budget.note_en = text_at(b["note"], "en");
      w.budget.note_zh = text_at(b["note"], "zh");
    }
  }
  if (meta.contains("seed") && meta["seed"].is_number_unsigned()) w.seed = meta["seed"].get<uint64_t>();
  if (meta.contains("stats") && meta["stats"].is_object()) {
    w.stats.prompt_tokens = int_at(meta["stats"], "promptTokens");
    w.stats.generated_tokens = int_at(meta["stats"], "generatedTokens");
  }
  return success(write_result_to_json(r->t, w));
}

std::string listTemplates(const std::string& files_json) {
  auto lib = library(files_json);
  if (!lib) return failure(lib.error().message);
  json list = json::array();
  for (const prompt::PromptTemplate& t : *lib) list.push_back(prompt::template_summary(t));
  return success({{"templates", list}});
}

}  // namespace
}  // namespace plume

EMSCRIPTEN_BINDINGS(plume_write) {
  emscripten::function("writePrepare", &plume::writePrepare);
  emscripten::function("writeBudget", &plume::writeBudget);
  emscripten::function("writeClean", &plume::writeClean);
  emscripten::function("writeRank", &plume::writeRank);
  emscripten::function("listTemplates", &plume::listTemplates);
}
