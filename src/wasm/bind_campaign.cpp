// Embind: campaigns for web/campaign.js. JSON strings in, a JSON string out ({"ok":true,...} or
// {"ok":false,"error":"..."}); the work is src/ecosystem/campaign_*. A campaign workspace (the
// workspace files, the template library and optionally a model) and its runs live in the engine
// between calls, addressed by numbers; the page steps a run a few customers at a time so it can
// show progress and cancel between customers.
//   campaignOpen(filesJson, templateFilesJson) -> {"workspace":N,"campaigns":[...],"records":[...]}
//   campaignLoadModel(workspace, ptr, size)    -> {"model":{...}}  (GGUF bytes in _malloc'd memory; the engine frees them)
//   campaignStart(workspace, id, optionsJson)   -> {"run":N,"progress":{...}}
//        options {"seed","limit","candidates","maxNewTokens","useModel", "resume": a saved state}
//   campaignStep(run, customers)                -> {"progress":{...},"done":bool}
//   campaignState(run)                          -> {"state":{...}}  (save it; campaignStart {resume} continues)
//   campaignResult(run, format)                 -> {"summary","messages","output"}  format: jsonl|csv|txt|html
//   campaignOutcomes(workspace, id, csvText)    -> {"imported","replaced","analysis","state","outcomesCsv","stateJson"}
//   campaignReport(workspace, id)               -> {"report":{...}}  (id "" = every campaign)
//   campaignFree(handle)                        -> {}   (a workspace frees its runs too)
#include <emscripten/bind.h>

#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/blob.h"
#include "ecosystem/campaign_optimize.h"
#include "ecosystem/campaign_output.h"
#include "ecosystem/campaign_run.h"
#include "ecosystem/workspace.h"
#include "ecosystem/write_model.h"
#include "model/gpt2.h"
#include "wasm/reply.h"

using nlohmann::json;
using namespace plume::ecosystem;

namespace plume {
namespace {

using wasm::dump;
using wasm::failure;
using wasm::reply;

struct CampaignSpace {
  Workspace workspace;
  std::vector<prompt::PromptTemplate> library;
  std::shared_ptr<const Gpt2Model> model;
};
struct OpenRun {
  int workspace;
  std::unique_ptr<CampaignRun> run;
};

std::map<int, std::unique_ptr<CampaignSpace>>& spaces() {
  static std::map<int, std::unique_ptr<CampaignSpace>> s;
  return s;
}
std::map<int, OpenRun>& runs() {
  static std::map<int, OpenRun> r;
  return r;
}
int next_handle() {
  static int n = 0;
  return ++n;
}
CampaignSpace* find_space(int id) {
  auto it = spaces().find(id);
  return it == spaces().end() ? nullptr : it->second.get();
}
CampaignRun* find_run(int id) {
  auto it = runs().find(id);
  return it == runs().end() ? nullptr : it->second.run.get();
}

Result<std::map<std::string, std::string>> text_map(const std::string& text, const char* what) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return make_error(what, " must be a JSON object {file name: text}");
  std::map<std::string, std::string> out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it.value().is_string()) return make_error(what, ": '", it.key(), "' must be text");
    out[it.key()] = it.value().get<std::string>();
  }
  return out;
}

json progress_json(const RunProgress& p) {
  return {{"done", p.done}, {"total", p.total}, {"messages", p.messages}, {"skipped", p.skipped}, {"fallbacks", p.fallbacks}};
}

std::string campaignOpen(const std::string& files_json, const std::string& template_files_json) {
  auto files = text_map(files_json, "the workspace files");
  if (!files) return failure(files.error().message);
  auto tfiles = text_map(template_files_json, "the template files");
  if (!tfiles) return failure(tfiles.error().message);
  auto space = std::make_unique<CampaignSpace>();
  auto lib = prompt::load_library(*tfiles);
  if (!lib) return failure(lib.error().message);
  space->library = std::move(*lib);
  std::vector<std::string> names;
  for (const auto& t : space->library) names.push_back(t.name);
  auto w = load_workspace(*files, template_base_names(names));
  if (!w) return failure(w.error().message);
  space->workspace = std::move(*w);
  json list = json::array(), records = json::array();
  for (const Campaign& c : space->workspace.campaigns) {
    list.push_back(campaign_to_json(c));
    records.push_back(campaign_record(c, space->workspace.manifest, space->workspace.store));
  }
  int id = next_handle();
  spaces()[id] = std::move(space);
  return reply({{"workspace", id}, {"campaigns", list}, {"records", records}});
}

std::string campaignLoadModel(int workspace, uint32_t ptr, uint32_t size) {
  BlobPtr blob = blob_from_malloc(reinterpret_cast<uint8_t*>(static_cast<uintptr_t>(ptr)), size);
  CampaignSpace* s = find_space(workspace);
  if (!s) return failure(make_error("no campaign workspace ", workspace));
  auto m = Gpt2Model::from_gguf(blob);
  if (!m) return failure(m.error().message);
  s->model = *m;
  return reply({{"model", {{"contextLength", s->model->config().n_ctx}, {"vocabSize", s->model->config().n_vocab}}}});
}

std::string campaignStart(int workspace, const std::string& id, const std::string& options_json) {
  CampaignSpace* s = find_space(workspace);
  if (!s) return failure(make_error("no campaign workspace ", workspace));
  json o = options_json.empty() ? json::object() : json::parse(options_json, nullptr, false);
  if (o.is_discarded() || !o.is_object()) return failure(make_error("the run options are not a JSON object"));
  RunOptions ro;
  for (const char* key : {"seed", "limit", "candidates", "maxNewTokens"})
    if (o.contains(key) && !o[key].is_number_unsigned()) return failure(make_error("run option ", key, ": expected a whole number >= 0"));
  if (o.contains("useModel") && !o["useModel"].is_boolean()) return failure(make_error("run option useModel: expected true or false"));
  if (o.contains("seed")) ro.seed = o["seed"].get<uint64_t>();
  if (o.contains("limit")) ro.limit = o["limit"].get<int>();
  if (o.contains("candidates")) ro.candidates = o["candidates"].get<int>();
  if (o.contains("maxNewTokens")) ro.max_new_tokens = o["maxNewTokens"].get<int>();
  ro.use_model = o.contains("useModel") ? o["useModel"].get<bool>() : static_cast<bool>(s->model);
  bool resuming = o.contains("resume") && !o["resume"].is_null();
  if (resuming && o["resume"].is_object() && o["resume"].contains("mode")) ro.use_model = o["resume"]["mode"] == "model";
  CandidateWriter writer;
  if (ro.use_model) {
    if (!s->model) return failure(make_error("no model loaded for this workspace: call loadModel first, or run with useModel: false"));
    std::shared_ptr<const Gpt2Model> m = s->model;
    writer = [m](const prompt::PromptTemplate& t, const prompt::WriteRequest& r) -> Result<std::vector<prompt::RankedCandidate>> {
      auto w = write_with_model(m, t, r);
      if (!w) return w.error();
      return std::move(w->ranked);
    };
  }
  auto run = resuming ? CampaignRun::resume(s->workspace, s->library, o["resume"], writer)
                      : CampaignRun::create(s->workspace, s->library, id, ro, writer);
  if (!run) return failure(run.error().message);
  int handle = next_handle();
  json p = progress_json((*run)->progress());
  runs()[handle] = OpenRun{workspace, std::move(*run)};
  return reply({{"run", handle}, {"progress", p}});
}

std::string campaignStep(int run, int customers) {
  CampaignRun* r = find_run(run);
  if (!r) return failure(make_error("no campaign run ", run));
  for (int i = 0; i < std::max(1, customers) && !r->done(); i++)
    if (Status s = r->step(); !s) return failure(s.error().message);
  return reply({{"progress", progress_json(r->progress())}, {"done", r->done()}});
}

std::string campaignState(int run) {
  CampaignRun* r = find_run(run);
  if (!r) return failure(make_error("no campaign run ", run));
  return reply({{"state", r->state()}});
}

std::string campaignResult(int run, const std::string& format) {
  CampaignRun* r = find_run(run);
  if (!r) return failure(make_error("no campaign run ", run));
  std::string f = format.empty() ? "jsonl" : format;
  if (f != "jsonl" && f != "csv" && f != "txt" && f != "html") return failure(make_error("format must be jsonl, csv, txt or html"));
  return reply({{"summary", r->summary()}, {"messages", r->messages()}, {"output", format_messages(r->messages(), f, "Plume campaign")}});
}

std::string campaignOutcomes(int workspace, const std::string& id, const std::string& csv) {
  CampaignSpace* s = find_space(workspace);
  if (!s) return failure(make_error("no campaign workspace ", workspace));
  const Campaign* c = find_campaign(s->workspace.campaigns, id);
  if (!c) return failure(make_error("unknown campaign '", id, "'"));
  auto incoming = parse_outcomes_csv(csv);
  if (!incoming) return failure(make_error("outcomes: ", incoming.error().message));
  std::vector<std::string> unknown = unknown_variants(*c, *incoming);
  if (!unknown.empty()) return failure(make_error("outcomes: campaign ", c->id, " has no variant '", unknown[0], "'"));
  std::vector<Outcome> all = s->workspace.outcomes;
  size_t replaced = merge_outcomes(all, *incoming);
  auto state = update_state(*c, all, s->workspace.state);
  if (!state) return failure(state.error().message);
  auto analysis = analyze_campaign(*c, all);
  if (!analysis) return failure(analysis.error().message);
  s->workspace.outcomes = std::move(all);
  s->workspace.state = *state;
  return reply({{"imported", incoming->size()}, {"replaced", replaced}, {"analysis", *analysis},
                {"state", (*state)["campaigns"][c->id]}, {"outcomesCsv", outcomes_to_csv(s->workspace.outcomes)},
                {"stateJson", state->dump(2, ' ', false, json::error_handler_t::replace) + "\n"}});
}

std::string campaignReport(int workspace, const std::string& id) {
  CampaignSpace* s = find_space(workspace);
  if (!s) return failure(make_error("no campaign workspace ", workspace));
  const Campaign* c = nullptr;
  if (!id.empty()) {
    c = find_campaign(s->workspace.campaigns, id);
    if (!c) return failure(make_error("unknown campaign '", id, "'"));
  }
  return reply({{"report", campaign_report(s->workspace, c)}});
}

std::string campaignFree(int handle) {
  if (spaces().erase(handle)) {
    for (auto it = runs().begin(); it != runs().end();)
      it = it->second.workspace == handle ? runs().erase(it) : std::next(it);
  } else {
    runs().erase(handle);
  }
  return reply(json::object());
}

}  // namespace
}  // namespace plume

EMSCRIPTEN_BINDINGS(plume_campaign) {
  emscripten::function("campaignOpen", &plume::campaignOpen);
  emscripten::function("campaignLoadModel", &plume::campaignLoadModel);
  emscripten::function("campaignStart", &plume::campaignStart);
  emscripten::function("campaignStep", &plume::campaignStep);
  emscripten::function("campaignState", &plume::campaignState);
  emscripten::function("campaignResult", &plume::campaignResult);
  emscripten::function("campaignOutcomes", &plume::campaignOutcomes);
  emscripten::function("campaignReport", &plume::campaignReport);
  emscripten::function("campaignFree", &plume::campaignFree);
}
