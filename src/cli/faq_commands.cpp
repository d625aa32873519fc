// `plume faq ask` and `plume faq eval`: customer service from a workspace folder's faq.jsonl
// (and its manifest.json when present). Logic lives in src/ecosystem/faq*.h; this file reads
// files and prints.
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
#include "ecosystem/faq.h"
#include "ecosystem/faq_eval.h"
#include "ecosystem/faq_model.h"
#include "model/gpt2.h"
#include "prompt/template_library.h"

using namespace plume;
using namespace plume::ecosystem;
using nlohmann::json;
using plume::cli::fail;
using plume::cli::dump_json;
using plume::cli::read_text;

namespace {

// DIR/faq.jsonl (required) and DIR/manifest.json (optional: partner ids and the brand's name).
Result<FaqKnowledgeBase> load_workspace(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return make_error("workspace '", dir, "' is not a folder");
  std::optional<Manifest> manifest;
  std::string mpath = (std::filesystem::path(dir) / "manifest.json").string();
  if (std::filesystem::is_regular_file(mpath, ec)) {
    auto text = read_text(mpath);
    if (!text) return text.error();
    auto m = load_manifest(*text);
    if (!m) return make_error(mpath, ": ", m.error().message);
    manifest = std::move(*m);
  }
  std::string fpath = (std::filesystem::path(dir) / "faq.jsonl").string();
  auto text = read_text(fpath);
  if (!text) return text.error();
  return parse_faq(*text, fpath, manifest ? &*manifest : nullptr);
}

Result<FaqAskOptions> ask_options(const cli::Args& a) {
  FaqAskOptions o;
  o.lang = a.str("lang");
  if (!o.lang.empty() && o.lang != "en" && o.lang != "zh") return make_error("--lang: '", o.lang, "' is not en or zh");
  auto threshold = a.number("threshold", o.threshold);
  if (!threshold) return threshold.error();
  if (*threshold < 0 || *threshold > 1) return make_error("--threshold: expected a number from 0 to 1");
  o.threshold = *threshold;
  if (a.has("min-coverage")) {
    auto coverage = a.number("min-coverage", 0.0);
    if (!coverage) return coverage.error();
    if (*coverage < 0 || *coverage > 1) return make_error("--min-coverage: expected a number from 0 to 1");
    o.min_coverage = *coverage;
  }
  auto top = a.integer("top", o.top);
  if (!top) return top.error();
  if (*top < 1 || *top > 100) return make_error("--top: expected 1 to 100");
  o.top = static_cast<int>(*top);
  o.partner = a.str("partner");
  return o;
}

int cmd_ask(int argc, char** argv, int first) {
  auto a = cli::Args::parse(argc, argv, first,
                            {"workspace", "question", "model", "history", "templates", "lang", "threshold", "min-coverage", "top",
                             "partner", "seed", "n"},
                            {"json"});
  if (!a) return fail(a.error().message);
  for (const char* flag : {"workspace", "question"})
    if (!a->has(flag)) return fail(std::string("missing --") + flag);
  auto kb = load_workspace(a->str("workspace"));
  if (!kb) return fail(kb.error().message);
  auto options = ask_options(*a);
  if (!options) return fail(options.error().message);
  std::vector<FaqTurn> history;
  if (a->has("history")) {
    auto text = read_text(a->str("history"));
    if (!text) return fail(text.error().message);
    json h = json::parse(*text, nullptr, false);
    if (h.is_discarded()) return fail(a->str("history") + ": not valid JSON");
    auto parsed = parse_faq_history(h);
    if (!parsed) return fail(a->str("history") + ": " + parsed.error().message);
    history = std::move(*parsed);
  }
  FaqAnswer answer = faq_ask(*kb, a->str("question"), history, *options);
  json generation = nullptr;
  if (a->has("model") && !answer.handover) {
    auto model = load_model_path(a->str("model"));
    if (!model) return fail(model.error().message);
    std::map<std::string, std::string> files;
    std::string dir = a->str("templates", "templates");
    std::error_code ec;
    for (const char* name : {"faq.en.json", "faq.zh.json", "prompt.en.mustache", "prompt.zh.mustache",
                             "product_fields.en.mustache", "product_fields.zh.mustache"}) {
      auto text = read_text((std::filesystem::path(dir) / name).string());
      if (!text) return fail(text.error().message + " (use --templates DIR)");
      files[name] = std::move(*text);
    }
    auto lib = prompt::load_library(files);
    if (!lib) return fail(lib.error().message);
    auto t = prompt::find_template(*lib, "faq", answer.lang);
    if (!t) return fail(t.error().message);
    FaqGenerateOptions g;
    auto seed = a->integer("seed", 42);
    auto n = a->integer("n", 3);
    if (!seed) return fail(seed.error().message);
    if (!n || *n < 1 || *n > 16) return fail("--n: expected 1 to 16");
    g.seed = static_cast<uint64_t>(*seed);
    g.n = static_cast<int>(*n);
    auto r = faq_generate(*model, **t, *kb, answer, g);
    if (!r) return fail(r.error().message);
    generation = std::move(*r);
  }
  json out = faq_answer_to_json(*kb, answer);
  if (!generation.is_null()) out["generation"] = generation;
  if (a->has("json")) {
    std::printf("%s\n", dump_json(out).c_str());
    return 0;
  }
  std::printf("%s\n\n", answer.answer.c_str());
  std::printf("source %s, confidence %.3f (threshold %.2f), coverage %.3f (minimum %.2f), margin %.3f, language %s\n",
              answer.source.c_str(), answer.confidence, options->threshold, answer.coverage,
              options->min_coverage >= 0 ? options->min_coverage : faq_default_min_coverage(answer.lang), answer.margin,
              answer.lang.c_str());
  for (const json& h : out["hits"])
    std::printf("  %-12s %.3f  %s\n", h["id"].get<std::string>().c_str(), h["normalized"].get<double>(),
                h["question"].get<std::string>().c_str());
  return 0;
}

int cmd_eval(int argc, char** argv, int first) {
  auto a = cli::Args::parse(argc, argv, first, {"workspace", "heldout", "threshold", "min-coverage", "top", "partner"}, {"json"});
  if (!a) return fail(a.error().message);
  if (!a->has("workspace")) return fail("missing --workspace");
  auto kb = load_workspace(a->str("workspace"));
  if (!kb) return fail(kb.error().message);
  auto options = ask_options(*a);
  if (!options) return fail(options.error().message);
  std::string path = a->str("heldout", (std::filesystem::path(a->str("workspace")) / "faq_heldout.jsonl").string());
  auto text = read_text(path);
  if (!text) return fail(text.error().message);
  auto r = faq_evaluate(*kb, *text, *options, path);
  if (!r) return fail(r.error().message);
  if (a->has("json")) {
    std::printf("%s\n", dump_json(*r).c_str());
    return 0;
  }
  auto pct = [](const json& v) { return v.is_null() ? std::string("-") : std::to_string(static_cast<int>(v.get<double>() * 1000 + 0.5) / 10.0).substr(0, 5) + "%"; };
  std::printf("threshold %.2f, minimum coverage %s\n%-4s %9s %8s %8s %12s %10s %10s\n", options->threshold,
              options->min_coverage >= 0 ? std::to_string(options->min_coverage).substr(0, 4).c_str() : "en 0.33, zh 0.18", "lang", "in-scope", "hit@1",
              "hit@3", "handed over", "ho. prec", "ho. recall");
  for (auto it = (*r)["languages"].begin(); it != (*r)["languages"].end(); ++it) {
    const json& l = *it;
    std::printf("%-4s %9d %8s %8s %12d %10s %10s\n", it.key().c_str(), l["inScope"].get<int>(), pct(l["hitAt1"]).c_str(),
                pct(l["hitAt3"]).c_str(), l["inScopeHandedOver"].get<int>(), pct(l["handoverPrecision"]).c_str(),
                pct(l["handoverRecall"]).c_str());
    for (const json& m : l["misses"]) std::printf("     miss line %d: %s\n", m["line"].get<int>(), dump_json(m).c_str());
  }
  return 0;
}

cli::Register ask_cmd({"faq ask",
                       "faq ask --workspace DIR --question TEXT [--history FILE.json] [--model M.gguf [--templates DIR]\n"
                       "          [--seed 42] [--n 3]] [--lang en|zh] [--threshold 0.1] [--min-coverage en 0.33, zh 0.18] [--top 3] [--partner ID] [--json]",
                       cmd_ask});
cli::Register eval_cmd({"faq eval",
                        "faq eval --workspace DIR [--heldout FILE.jsonl] [--threshold 0.1] [--min-coverage en 0.33, zh 0.18] [--json]   (hit rate @1/@3, handover)",
                        cmd_eval});

}  // namespace
