// `plume eval`: evaluates a model on the gold set (src/prompt/model_eval.h, docs/evaluation.md).
// Reads DIR/gold.{en,zh}.prompts.jsonl (written by scripts/gen_corpus.py), prints the table,
// optionally writes the JSON report. Argument parsing, file I/O and printing only.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>

#include "cli/args.h"
#include "cli/command.h"
#include "model/gpt2.h"
#include "prompt/model_eval.h"

using namespace plume;
using plume::cli::fail;

namespace {

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot open '", path, "'");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int cmd_eval(const cli::Args& a) {
  auto model_path = a.required("model");
  if (!model_path) return fail(model_path.error().message);
  auto gold_dir = a.required("gold");
  if (!gold_dir) return fail(gold_dir.error().message + " (the directory holding gold.en.prompts.jsonl and "
                             "gold.zh.prompts.jsonl; scripts/gen_corpus.py --gold-only --out DIR writes them)");

  prompt::EvalOptions o;
  auto n = a.integer("n", o.num_sequences);
  auto max_new = a.integer("max-new-tokens", o.max_new_tokens);
  auto seed = a.integer("seed", static_cast<int64_t>(o.seed));
  auto limit = a.integer("limit", 0);
  auto temperature = a.number("temperature", o.sampling.temperature);
  auto top_k = a.integer("top-k", o.sampling.top_k);
  auto top_p = a.number("top-p", o.sampling.top_p);
  auto rep = a.number("repetition-penalty", o.sampling.repetition_penalty);
  auto ngram = a.integer("no-repeat-ngram-size", o.sampling.no_repeat_ngram_size);
  auto boost = a.number("mention-boost", o.mention_boost);
  for (const Error* e : {ngram ? nullptr : &ngram.error(), boost ? nullptr : &boost.error(), n ? nullptr : &n.error(), max_new ? nullptr : &max_new.error(),
                         seed ? nullptr : &seed.error(), limit ? nullptr : &limit.error(),
                         temperature ? nullptr : &temperature.error(), top_k ? nullptr : &top_k.error(),
                         top_p ? nullptr : &top_p.error(), rep ? nullptr : &rep.error()})
    if (e) return fail(e->message);
  auto clamp = [](int64_t v) { return static_cast<int32_t>(v < -1000000000 ? -1000000000 : v > 1000000000 ? 1000000000 : v); };
  if (*seed < 0) return fail("--seed must not be negative");
  o.num_sequences = clamp(*n);
  o.max_new_tokens = clamp(*max_new);
  o.seed = static_cast<uint64_t>(*seed);
  o.limit = clamp(*limit);
  o.sampling.temperature = static_cast<float>(*temperature);
  o.sampling.top_k = clamp(*top_k);
  o.sampling.top_p = static_cast<float>(*top_p);
  o.sampling.repetition_penalty = static_cast<float>(*rep);
  o.sampling.no_repeat_ngram_size = clamp(*ngram);
  o.mention_boost = static_cast<float>(*boost);
  const std::string scope = a.str("penalty-scope", o.sampling.penalize_prompt ? "all" : "generated");
  if (scope != "all" && scope != "generated")
    return fail("--penalty-scope: '" + scope + "' is not 'all' (prompt and output, as transformers) or 'generated'");
  o.sampling.penalize_prompt = scope == "all";
  const std::string blocks = a.str("no-repeat-blocks", o.sampling.no_repeat_blocks ? "on" : "off");
  if (blocks != "on" && blocks != "off") return fail("--no-repeat-blocks: '" + blocks + "' is not 'on' or 'off'");
  o.sampling.no_repeat_blocks = blocks == "on";
  if (auto s = prompt::check_eval_options(o); !s) return fail(s.error().message);

  // --set dev reads the development set (scripts/gen_corpus.py --dev N) from the same directory.
  const std::string set = a.str("set", "gold");
  if (set != "gold" && set != "dev") return fail("--set: '" + set + "' is not 'gold' or 'dev'");
  std::vector<prompt::EvalExample> examples;
  for (const char* lang : {"en", "zh"}) {
    const std::string path = *gold_dir + "/" + set + "." + lang + ".prompts.jsonl";
    auto text = read_file(path);
    if (!text) return fail("--gold: " + text.error().message);
    auto parsed = prompt::parse_eval_examples(*text, path);
    if (!parsed) return fail(parsed.error().message);
    examples.insert(examples.end(), parsed->begin(), parsed->end());
  }

  auto model = load_model_path(*model_path);
  if (!model) return fail(model.error().message);
  const bool quiet = a.has("quiet");
  auto report = prompt::evaluate_model(*model, examples, o, [&](int done, int total) {
    if (!quiet) std::fprintf(stderr, "\r[eval] %d/%d examples", done, total);
  });
  if (!quiet) std::fprintf(stderr, "\n");
  if (!report) return fail(report.error().message);

  std::cout << prompt::eval_table(*report);
  if (a.has("json")) {
    const std::string out_path = a.str("json");
    std::ofstream out(out_path, std::ios::binary);
    if (!out) return fail("--json: cannot write '" + out_path + "'");
    out << prompt::eval_json(*report, *model_path) << "\n";
    if (!out) return fail("--json: writing '" + out_path + "' failed");
    std::cout << "report: " << out_path << "\n";
  }
  return 0;
}

cli::Register eval_cmd({"eval",
    "eval      --model M --gold DIR [--n 3] [--max-new-tokens 200] [--seed 42] [--limit K] [--json OUT]\n"
    "          [--temperature 0.7] [--top-k 50] [--top-p 0.9] [--repetition-penalty 1] [--no-repeat-ngram-size 5]\n"
    "          [--penalty-scope generated|all] [--no-repeat-blocks on|off] [--mention-boost 8]   (defaults: the page's; --mention-boost 0\n"
    "          turns phrase guidance towards each example's features off)\n"
    "          [--set gold|dev] [--quiet]   (dev: DIR/dev.{en,zh}.prompts.jsonl from gen_corpus.py --dev N)\n"
    "          (perplexity, BLEU, ROUGE-L and quality checks on DIR/gold.{en,zh}.prompts.jsonl)",
    [](int argc, char** argv, int first) {
      auto args = cli::Args::parse(argc, argv, first,
                                   {"model", "gold", "n", "max-new-tokens", "seed", "limit", "json", "temperature",
                                    "top-k", "top-p", "repetition-penalty", "no-repeat-ngram-size", "penalty-scope", "mention-boost", "set", "no-repeat-blocks"},
                                   {"quiet"});
      if (!args) return fail(args.error().message);
      return cmd_eval(*args);
    }});

}  // namespace
