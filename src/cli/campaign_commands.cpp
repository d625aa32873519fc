// `plume campaign list / run / outcomes / report`: a workspace's campaigns, end to end. Reading
// and writing files, parsing flags and printing only; the work is src/ecosystem/campaign_*.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/command.h"
#include "cli/files.h"
#include "ecosystem/campaign_optimize.h"
#include "ecosystem/campaign_output.h"
#include "ecosystem/campaign_run.h"
#include "ecosystem/workspace.h"
#include "ecosystem/write_model.h"
#include "model/gpt2.h"
#include "prompt/template_library.h"

using namespace plume;
using namespace plume::ecosystem;
using nlohmann::json;
using plume::cli::fail;
using plume::cli::dump_json;
using plume::cli::read_template_library;
using plume::cli::read_text;
using plume::cli::write_text;

namespace {

struct Loaded {
  std::vector<prompt::PromptTemplate> library;
  Workspace workspace;
  std::string dir;
};

Result<Loaded> load(const cli::Args& a) {
  Loaded l;
  auto dir = a.required("workspace");
  if (!dir) return dir.error();
  l.dir = *dir;
  auto lib = read_template_library(a.str("templates", "templates"));
  if (!lib) return lib.error();
  l.library = std::move(*lib);
  std::vector<std::string> names;
  for (const prompt::PromptTemplate& t : l.library) names.push_back(t.name);
  auto files = read_workspace_folder(l.dir);
  if (!files) return files.error();
  auto w = load_workspace(*files, template_base_names(names));
  if (!w) return make_error(l.dir, "/", w.error().message);
  l.workspace = std::move(*w);
  return l;
}

int cmd_list(int argc, char** argv, int first) {
  auto a = cli::Args::parse(argc, argv, first, {"workspace", "templates"}, {"json"});
  if (!a) return fail(a.error().message);
  auto l = load(*a);
  if (!l) return fail(l.error().message);
  json list = json::array(), records = json::array();
  for (const Campaign& c : l->workspace.campaigns) {
    list.push_back(campaign_to_json(c));
    records.push_back(campaign_record(c, l->workspace.manifest, l->workspace.store));
  }
  if (a->has("json")) {
    std::printf("%s\n", dump_json(json{{"campaigns", list}, {"records", records}}).c_str());
    return 0;
  }
  for (const json& c : list)
    std::printf("%-20s %-6s %-14s %-10s %zu variants\n", c["id"].get<std::string>().c_str(), c["channel"].get<std::string>().c_str(),
                c["partner"].get<std::string>().c_str(), c["allocation"]["type"].get<std::string>().c_str(), c["variants"].size());
  return 0;
}

int cmd_run(int argc, char** argv, int first) {
  auto a = cli::Args::parse(argc, argv, first,
                            {"workspace", "campaign", "out", "model", "limit", "seed", "resume", "state", "stop-after",
                             "templates", "candidates", "max-new-tokens", "format"},
                            {"json", "no-model"});
  if (!a) return fail(a.error().message);
  auto out_path = a->required("out");
  if (!out_path) return fail(out_path.error().message);
  std::string format = a->str("format", output_format_for(*out_path));
  if (format != "jsonl" && format != "csv" && format != "txt" && format != "html")
    return fail("--out " + *out_path + ": name it .jsonl, .csv, .txt or .html (or give --format)");
  auto l = load(*a);
  if (!l) return fail(l.error().message);
  RunOptions o;
  auto seed = a->integer("seed", 42), limit = a->integer("limit", 0), stop = a->integer("stop-after", 0),
       n = a->integer("candidates", 0), mnt = a->integer("max-new-tokens", 0);
  for (auto* r : {&seed, &limit, &stop, &n, &mnt})
    if (!*r) return fail(r->error().message);
  if (*seed < 0 || *limit < 0 || *stop < 0 || *n < 0 || *mnt < 0) return fail("--seed, --limit, --stop-after, --candidates and --max-new-tokens must be >= 0");
  o.seed = static_cast<uint64_t>(*seed);
  o.limit = static_cast<int>(*limit);
  o.candidates = static_cast<int>(*n);
  o.max_new_tokens = static_cast<int>(*mnt);
  o.use_model = !a->has("no-model");
  CandidateWriter writer;
  json resume_state;
  if (a->has("resume")) {
    auto text = read_text(a->str("resume"));
    if (!text) return fail(text.error().message);
    resume_state = json::parse(*text, nullptr, false);
    if (resume_state.is_discarded()) return fail(a->str("resume") + ": not valid JSON");
    if (resume_state.is_object() && resume_state.contains("mode")) o.use_model = resume_state["mode"] == "model";
  }
  if (o.use_model) {
    std::string path = a->str("model", "models/plume-default.gguf");
    auto model = load_model_path(path);
    if (!model) return fail(path + ": " + model.error().message + " (or run template-only with --no-model)");
    std::shared_ptr<const Gpt2Model> m = *model;
    writer = [m](const prompt::PromptTemplate& t, const prompt::WriteRequest& r) -> Result<std::vector<prompt::RankedCandidate>> {
      auto w = write_with_model(m, t, r);
      if (!w) return w.error();
      return std::move(w->ranked);
    };
  }
  auto run = a->has("resume") ? CampaignRun::resume(l->workspace, l->library, resume_state, writer)
                              : CampaignRun::create(l->workspace, l->library, a->str("campaign"), o, writer);
  if (!run) return fail((a->has("resume") ? a->str("resume") + ": " : std::string()) + run.error().message);
  if (a->has("resume") && a->has("campaign") && resume_state["campaign"] != a->str("campaign"))
    return fail("--resume holds a run of campaign " + resume_state["campaign"].dump() + ", not " + a->str("campaign"));
  std::string state_path = a->str("state", *out_path + ".state.json");
  auto t0 = std::chrono::steady_clock::now();
  int64_t steps = 0;
  bool interactive = !a->has("json");
  Status s = run_campaign(**run, [&](const RunProgress& p) {
    steps++;
    if (interactive && (p.done % 25 == 0 || p.done == p.total))
      std::fprintf(stderr, "\r%lld/%lld customers, %lld messages", static_cast<long long>(p.done),
                   static_cast<long long>(p.total), static_cast<long long>(p.messages));
    return *stop == 0 || steps < *stop;
  });
  if (interactive) std::fprintf(stderr, "\n");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (Status w = write_text(state_path, dump_json((*run)->state())); !w) return fail(w.error().message);
  if (!s) return fail(s.error().message + " (the run so far is saved in " + state_path + ": --resume it)");
  const json& messages = (*run)->messages();
  if ((*run)->done()) {
    if (Status w = write_text(*out_path, format_messages(messages, format, "Plume campaign")); !w) return fail(w.error().message);
  }
  json summary = (*run)->summary();
  summary["finished"] = (*run)->done();
  summary["out"] = (*run)->done() ? json(*out_path) : json(nullptr);
  summary["state"] = state_path;
  summary["seconds"] = seconds;
  summary["messagesPerMinute"] = seconds > 0 ? static_cast<double>(steps) / seconds * 60.0 : 0.0;
  if (a->has("json")) {
    std::printf("%s\n", dump_json(summary).c_str());
    return 0;
  }
  std::printf("campaign %s (%s, %s): %lld of %lld customers, %lld messages (%lld template-only), %lld skipped\n",
              summary["campaign"].get<std::string>().c_str(), summary["allocation"].get<std::string>().c_str(),
              summary["mode"].get<std::string>().c_str(), summary["done"].get<long long>(), summary["audience"].get<long long>(),
              summary["messages"].get<long long>(), summary["fallbacks"].get<long long>(), summary["skipped"].get<long long>());
  for (const json& v : summary["variants"])
    std::printf("  variant %-12s weight %.3f  %lld messages\n", v["variant"].get<std::string>().c_str(), v["weight"].get<double>(),
                v["messages"].get<long long>());
  for (auto it = summary["skipReasons"].begin(); it != summary["skipReasons"].end(); ++it)
    std::printf("  skipped %lld: %s\n", it.value().get<long long>(), it.key().c_str());
  if ((*run)->done()) std::printf("wrote %s\n", out_path->c_str());
  else std::printf("stopped early; resume with --resume %s\n", state_path.c_str());
  return 0;
}

int cmd_outcomes(int argc, char** argv, int first) {
  auto a = cli::Args::parse(argc, argv, first, {"workspace", "campaign", "file", "templates"}, {"json"});
  if (!a) return fail(a.error().message);
  auto file = a->required("file");
  if (!file) return fail(file.error().message);
  auto l = load(*a);
  if (!l) return fail(l.error().message);
  const Campaign* c = find_campaign(l->workspace.campaigns, a->str("campaign"));
  if (!c) return fail("unknown campaign '" + a->str("campaign") + "'");
  auto text = read_text(*file);
  if (!text) return fail(text.error().message);
  auto incoming = parse_outcomes_csv(*text);
  if (!incoming) return fail(*file + ": " + incoming.error().message);
  std::vector<std::string> unknown = unknown_variants(*c, *incoming);
  if (!unknown.empty()) return fail(*file + ": campaign " + c->id + " has no variant '" + unknown[0] + "'");
  std::vector<Outcome> all = l->workspace.outcomes;
  size_t replaced = merge_outcomes(all, *incoming);
  auto state = update_state(*c, all, l->workspace.state);
  if (!state) return fail(state.error().message);
  auto analysis = analyze_campaign(*c, all);
  if (!analysis) return fail(analysis.error().message);
  if (Status s = write_workspace_file(l->dir, "outcomes.csv", outcomes_to_csv(all)); !s) return fail(s.error().message);
  if (Status s = write_workspace_file(l->dir, "state.json", dump_json(*state, 2) + "\n"); !s) return fail(s.error().message);
  json out = {{"campaign", c->id}, {"imported", incoming->size()}, {"replaced", replaced}, {"outcomes", all.size()},
              {"analysis", *analysis}, {"state", (*state)["campaigns"][c->id]}};
  if (a->has("json")) {
    std::printf("%s\n", dump_json(out).c_str());
    return 0;
  }
  std::printf("imported %zu outcomes (%zu replaced), %zu in the workspace\n", incoming->size(), replaced, all.size());
  const json& st = (*state)["campaigns"][c->id];
  for (size_t i = 0; i < st["arms"].size(); i++)
    std::printf("  %-12s shown %6lld  successes %5lld  weight %.3f -> %.3f\n", st["arms"][i]["variant"].get<std::string>().c_str(),
                st["arms"][i]["shown"].get<long long>(), st["arms"][i]["successes"].get<long long>(),
                st["previousWeights"][i].get<double>(), st["weights"][i].get<double>());
  return 0;
}

int cmd_report(int argc, char** argv, int first) {
  auto a = cli::Args::parse(argc, argv, first, {"workspace", "campaign", "templates"}, {"json"});
  if (!a) return fail(a.error().message);
  auto l = load(*a);
  if (!l) return fail(l.error().message);
  const Campaign* c = nullptr;
  if (a->has("campaign")) {
    c = find_campaign(l->workspace.campaigns, a->str("campaign"));
    if (!c) return fail("unknown campaign '" + a->str("campaign") + "'");
  }
  json r = campaign_report(l->workspace, c);
  if (a->has("json")) {
    std::printf("%s\n", dump_json(r).c_str());
    return 0;
  }
  auto line = [](const std::string& name, const json& t) {
    auto pct = [](const json& v) { return v.is_number() ? v.get<double>() * 100 : 0.0; };
    std::printf("  %-24s %6lld delivered  open %5.1f%%  click %5.1f%%  conv %5.1f%%  revenue %10.2f\n", name.c_str(),
                t["delivered"].get<long long>(), pct(t["openRate"]), pct(t["clickRate"]), pct(t["conversionRate"]),
                t["revenue"].get<double>());
  };
  line("total", r["total"]);
  for (const char* g : {"byPartner", "byChannel", "bySegment", "byVariant"}) {
    std::printf("%s\n", g);
    const char* key = std::string(g) == "byPartner" ? "partner" : std::string(g) == "byChannel" ? "channel"
                      : std::string(g) == "bySegment" ? "segment" : "variant";
    for (const json& t : r[g]) line(t[key].get<std::string>(), t);
  }
  return 0;
}

cli::Register list_command({"campaign list", "campaign list --workspace DIR [--templates DIR] [--json]   the workspace's campaigns", cmd_list});
cli::Register run_command(
    {"campaign run",
     "campaign run --workspace DIR --campaign ID --out FILE(.jsonl|.csv|.txt|.html) [--model M | --no-model]\n"
     "        [--limit N] [--seed S] [--candidates N] [--max-new-tokens N] [--state FILE] [--stop-after N]\n"
     "        [--resume STATE] [--templates DIR] [--json]   personalized, rule-checked messages for a campaign",
     cmd_run});
cli::Register outcomes_command({"campaign outcomes",
                                "campaign outcomes --workspace DIR --campaign ID --file FILE.csv [--json]   imports outcomes, "
                                "updates state.json (bandit weights)",
                                cmd_outcomes});
cli::Register report_command({"campaign report",
                              "campaign report --workspace DIR [--campaign ID] [--json]   results per partner, channel, segment, variant",
                              cmd_report});

}  // namespace
