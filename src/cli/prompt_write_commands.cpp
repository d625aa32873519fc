// `plume write`: the template library's whole pipeline (prompt within the token budget, N
// candidates, filter, rank) on one product; `plume templates`: the library's templates.
// Logic lives in src/prompt/ and src/ecosystem/write_model.h; this file reads files and prints.
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
#include "ecosystem/write_model.h"
#include "prompt/review_store.h"
#include "prompt/template_library.h"

using namespace plume;
using nlohmann::json;
using plume::cli::fail;
using plume::cli::dump_json;
using plume::cli::read_template_folder;
using plume::cli::read_text;

namespace {

// --template NAME (in --templates DIR, default templates/) or a sidecar FILE.json (its files
// are read next to it).
Result<prompt::PromptTemplate> resolve_template(const std::string& which, const std::string& dir, const std::string& lang) {
  std::error_code ec;
  if (which.size() > 5 && which.compare(which.size() - 5, 5, ".json") == 0 && std::filesystem::is_regular_file(which, ec)) {
    auto text = read_text(which);
    if (!text) return text.error();
    const std::filesystem::path base = std::filesystem::path(which).parent_path();
    return prompt::parse_template(*text, std::filesystem::path(which).filename().string(),
                                  [&base](const std::string& f) { return read_text((base / f).string()); });
  }
  auto files = read_template_folder(dir);
  if (!files) return files.error();
  auto lib = prompt::load_library(*files);
  if (!lib) return lib.error();
  auto t = prompt::find_template(*lib, which, lang);
  if (!t) return t.error();
  return **t;
}

void print_candidate(const json& c) {
  const json& s = c["score"];
  if (c["accepted"].get<bool>())
    std::printf("#%d  score %.3f  (model %.3f, coverage %.2f, language %.0f, format %.1f, length %.2f, repetition -%.0f; rules %d/%d)\n",
                c["rank"].get<int>(), s["total"].get<double>(), s["model"].get<double>(), s["coverage"].get<double>(),
                s["language"].get<double>(), s["format"].get<double>(), s["length"].get<double>(),
                s["repetitionPenalty"].get<double>(), s["rulesPassed"].get<int>(), s["rulesTotal"].get<int>());
  else
    std::printf("rejected (candidate %d)  score %.3f  rules %d/%d\n", c["index"].get<int>() + 1, s["total"].get<double>(),
                s["rulesPassed"].get<int>(), s["rulesTotal"].get<int>());
  std::printf("%s\n", c["text"].get<std::string>().c_str());
  for (const json& r : c["rules"])
    for (const json& why : r["reasons"])
      std::printf("  - %s: %s / %s\n", r["rule"].get<std::string>().c_str(), why["en"].get<std::string>().c_str(),
                  why["zh"].get<std::string>().c_str());
  if (!c["missingFeatures"].empty()) std::printf("  missing: %s\n", dump_json(c["missingFeatures"]).c_str());
  std::printf("\n");
}

int cmd_write(int argc, char** argv, int first) {
  auto a = cli::Args::parse(argc, argv, first,
                            {"model", "template", "templates", "data", "n", "seed", "lang", "max-new-tokens", "examples"}, {"json"});
  if (!a) return fail(a.error().message);
  for (const char* flag : {"model", "template", "data"})
    if (!a->has(flag)) return fail(std::string("missing --") + flag);
  const std::string lang = a->str("lang", "en");
  if (lang != "en" && lang != "zh") return fail("--lang: '" + lang + "' is not en or zh");
  auto t = resolve_template(a->str("template"), a->str("templates", "templates"), lang);
  if (!t) return fail(t.error().message);
  auto text = read_text(a->str("data"));
  if (!text) return fail(text.error().message);
  json data = json::parse(*text, nullptr, false);
  if (data.is_discarded()) return fail(a->str("data") + ": not valid JSON (or not UTF-8)");
  // The file is either the fields alone or a whole request ({"input": {...}, "banned": [...], ...}).
  json request = data.is_object() && data.contains("input") ? data : json{{"input", data}};
  if (a->has("n")) {
    auto n = a->integer("n", 0);
    if (!n) return fail(n.error().message);
    request["n"] = *n;
  }
  if (a->has("seed")) {
    auto s = a->integer("seed", 0);
    if (!s) return fail(s.error().message);
    request["seed"] = *s;
  }
  if (a->has("max-new-tokens")) {
    auto m = a->integer("max-new-tokens", 0);
    if (!m) return fail(m.error().message);
    request["maxNewTokens"] = *m;
  }
  if (a->has("examples")) {
    // Approved texts from `plume review export --as examples`, after the template's own.
    auto ex_text = read_text(a->str("examples"));
    if (!ex_text) return fail(ex_text.error().message);
    json ex = json::parse(*ex_text, nullptr, false);
    if (ex.is_discarded()) return fail(a->str("examples") + ": not valid JSON (or not UTF-8)");
    auto list = prompt::parse_review_examples(ex, t->name, a->str("examples"));
    if (!list) return fail(list.error().message);
    request["reviewedExamples"] = *list;
  }
  auto parsed = prompt::parse_write_request(request, *t);
  if (!parsed) return fail(a->str("data") + ": " + parsed.error().message);
  auto model = load_model_path(a->str("model"));
  if (!model) return fail(model.error().message);
  auto r = write_with_model(*model, *t, *parsed);
  if (!r) return fail(r.error().message);
  json out = write_result_to_json(*t, *r);
  if (a->has("json")) {
    std::printf("%s\n", dump_json(out).c_str());
    return 0;
  }
  std::printf("template %s, seed %llu, prompt %d tokens, %zu of %zu examples used\n", t->name.c_str(),
              static_cast<unsigned long long>(r->seed), r->budget.prompt_tokens,
              r->examples_total - r->budget.dropped.size(), r->examples_total);
  if (!r->budget.note_en.empty()) std::printf("note: %s\n      %s\n", r->budget.note_en.c_str(), r->budget.note_zh.c_str());
  std::printf("\n");
  for (const json& c : out["candidates"]) print_candidate(c);
  return 0;
}

int cmd_templates(int argc, char** argv, int first) {
  auto a = cli::Args::parse(argc, argv, first, {"templates"}, {"json"});
  if (!a) return fail(a.error().message);
  auto files = read_template_folder(a->str("templates", "templates"));
  if (!files) return fail(files.error().message);
  auto lib = prompt::load_library(*files);
  if (!lib) return fail(lib.error().message);
  json list = json::array();
  for (const prompt::PromptTemplate& t : *lib) list.push_back(prompt::template_summary(t));
  if (a->has("json")) {
    std::printf("%s\n", dump_json(json{{"templates", list}}).c_str());
    return 0;
  }
  for (const prompt::PromptTemplate& t : *lib)
    std::printf("%-28s %-20s %-12s %zu examples  %s\n", t.name.c_str(), t.content_type.c_str(), t.channel.c_str(),
                t.examples.size(), t.task.c_str());
  return 0;
}

cli::Register write_command({"write",
                             "write --model M --template NAME|FILE.json --data FIELDS.json [--n 3] [--seed S] [--lang en|zh]\n"
                             "        [--templates DIR] [--max-new-tokens N] [--examples REVIEWED.json] [--json]   ranked candidates from a library template",
                             cmd_write});
cli::Register templates_command({"templates", "templates [--templates DIR] [--json]   lists the template library", cmd_templates});

}  // namespace
