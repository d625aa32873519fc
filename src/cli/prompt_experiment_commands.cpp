// `plume prompt-experiment`: template variants compared over a set of products (docs/review.md,
// "Prompt experiments"). Logic: src/prompt/prompt_experiment*.h and
// src/ecosystem/prompt_experiment_run.h; this file reads files and prints.
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
#include "ecosystem/prompt_experiment_run.h"
#include "ecosystem/write_model.h"
#include "prompt/review_store.h"

using namespace plume;
using nlohmann::json;
using plume::cli::fail;
using plume::cli::dump_json;
using plume::cli::read_json;
using plume::cli::read_template_library;
using plume::cli::read_text;

namespace {

std::string num(const json& v, int digits = 3) {
  if (v.is_null()) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v.get<double>());
  return buf;
}

int cmd_prompt_experiment(int argc, char** argv, int first) {
  auto a = cli::Args::parse(argc, argv, first,
                            {"model", "variants", "products", "n", "seed", "templates", "reviews", "metric", "alpha"}, {"json"});
  if (!a) return fail(a.error().message);
  for (const char* flag : {"model", "variants", "products"})
    if (!a->has(flag)) return fail(std::string("missing --") + flag);
  prompt::ExperimentOptions o;
  auto n = a->integer("n", 3);
  if (!n) return fail(n.error().message);
  if (*n < 1 || *n > 16) return fail("--n must be from 1 to 16");
  o.n = static_cast<int>(*n);
  auto seed = a->integer("seed", 42);
  if (!seed) return fail(seed.error().message);
  if (*seed < 0) return fail("--seed must be 0 or more");
  o.seed = static_cast<uint64_t>(*seed);
  auto alpha = a->number("alpha", 0.05);
  if (!alpha) return fail(alpha.error().message);
  if (!(*alpha > 0 && *alpha < 1)) return fail("--alpha must be between 0 and 1");
  o.alpha = *alpha;
  if (a->has("metric")) {
    auto m = prompt::parse_experiment_metric(a->str("metric"));
    if (!m) return fail("--metric: " + m.error().message);
    o.metric = *m;
  }
  auto vj = read_json(a->str("variants"));
  if (!vj) return fail(vj.error().message);
  auto variants = prompt::parse_experiment_variants(*vj, a->str("variants"));
  if (!variants) return fail(variants.error().message);
  auto pj = read_json(a->str("products"));
  if (!pj) return fail(pj.error().message);
  auto products = prompt::parse_experiment_products(*pj, a->str("products"));
  if (!products) return fail(products.error().message);
  std::vector<prompt::ReviewDecision> reviews;
  if (a->has("reviews")) {
    auto text = read_text(a->str("reviews"));
    if (!text) return fail(text.error().message);
    auto r = prompt::parse_review_jsonl(*text, a->str("reviews"));
    if (!r) return fail(r.error().message);
    reviews = std::move(*r);
  }
  auto lib = read_template_library(a->str("templates", "templates"));
  if (!lib) return fail(lib.error().message);
  auto find = [&](const std::string& name) -> Result<prompt::PromptTemplate> {
    auto t = prompt::find_template(*lib, name, "en");
    if (!t) return t.error();
    return **t;
  };
  auto model = load_model_path(a->str("model"));
  if (!model) return fail(model.error().message);
  const bool as_json = a->has("json");
  auto report = run_prompt_experiment(*model, *variants, *products, find, reviews, o, [&](int done, int total) {
    if (!as_json) std::fprintf(stderr, "\r%d/%d variant x product runs", done, total);
  });
  if (!as_json) std::fprintf(stderr, "\n");
  if (!report) return fail(report.error().message);
  if (as_json) {
    std::printf("%s\n", dump_json(*report).c_str());
    return 0;
  }
  const json& r = *report;
  std::printf("%zu products, %d candidates each, seed %llu; winner chosen on %s\n\n", products->size(), o.n,
              static_cast<unsigned long long>(o.seed), r["metric"].get<std::string>().c_str());
  std::printf("%-16s %7s %8s %8s %11s %7s %7s %9s %9s\n", "variant", "score", "passRate", "coverage", "meanLogprob", "bleu",
              "rougeL", "distinct2", "approved");
  for (const json& v : r["variants"])
    std::printf("%-16s %7s %8s %8s %11s %7s %7s %9s %9s\n", v["name"].get<std::string>().c_str(), num(v["score"]).c_str(),
                num(v["passRate"], 2).c_str(), num(v["coverage"], 2).c_str(), num(v["meanLogprob"]).c_str(),
                num(v["bleu"], 1).c_str(), num(v["rougeL"]).c_str(), num(v["distinct2"]).c_str(),
                v["reviews"].is_null() ? "-" : num(v["reviews"]["approvalRate"], 2).c_str());
  std::printf("\n");
  for (const json& c : r["comparisons"])
    std::printf("%s vs %s: mean difference %s, 95%% interval [%s, %s], Wilcoxon n=%d p=%s (Holm %s)\n",
                c["leader"].get<std::string>().c_str(), c["other"].get<std::string>().c_str(), num(c["meanDifference"]).c_str(),
                num(c["interval"]["low"]).c_str(), num(c["interval"]["high"]).c_str(), c["wilcoxon"]["n"].get<int>(),
                num(c["wilcoxon"]["p"], 4).c_str(), num(c["wilcoxon"]["pHolm"], 4).c_str());
  std::printf("\n%s\n%s\n", r["verdict"]["en"].get<std::string>().c_str(), r["verdict"]["zh"].get<std::string>().c_str());
  return 0;
}

cli::Register prompt_experiment_command(
    {"prompt-experiment",
     "prompt-experiment --model M --variants V.json --products P.json [--n 3] [--seed 42] [--reviews R.jsonl]\n"
     "        [--metric score|passRate|coverage|meanLogprob|bleu|rougeL] [--alpha 0.05] [--templates DIR] [--json]\n"
     "        compares template variants over products; names a winner only with paired evidence",
     cmd_prompt_experiment});

}  // namespace
