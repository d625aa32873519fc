// `plume bleu / rouge / diversity`: the text metrics of the prompt room (src/prompt/metrics.h).
// Files hold one segment per line. Argument parsing, file reading and printing only.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/command.h"
#include "prompt/metrics.h"

using namespace plume;
using namespace plume::metrics;
using nlohmann::json;
using plume::cli::fail;

namespace {

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// One segment per line; a final newline does not start another segment; "\r\n" endings are fine.
Result<std::vector<std::string>> read_lines(const std::string& flag, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("--", flag, ": cannot open '", path, "'");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  if (text.empty()) return make_error("--", flag, ": '", path, "' is empty (expected one segment per line)");
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

json bleu_json(const BleuScore& s) {
  return {{"score", s.score}, {"counts", s.counts}, {"totals", s.totals}, {"precisions", s.precisions},
          {"bp", s.bp}, {"sys_len", s.sys_len}, {"ref_len", s.ref_len}};
}

json rouge_value_json(const RougeValue& v) {
  return {{"precision", v.precision}, {"recall", v.recall}, {"fmeasure", v.fmeasure}};
}

json rouge_json(const RougeScores& s) {
  return {{"rouge1", rouge_value_json(s.rouge1)}, {"rouge2", rouge_value_json(s.rouge2)},
          {"rougeL", rouge_value_json(s.rougeL)}, {"rougeLsum", rouge_value_json(s.rougeLsum)}};
}

int cmd_bleu(const cli::Args& a) {
  auto hyp_path = a.required("hyp");
  if (!hyp_path) return fail(hyp_path.error().message);
  if (!a.has("ref")) return fail("missing --ref (give one or more reference files)");
  auto hyps = read_lines("hyp", *hyp_path);
  if (!hyps) return fail(hyps.error().message);
  std::vector<std::vector<std::string>> refs;
  for (const std::string& path : a.all("ref")) {
    auto lines = read_lines("ref", path);
    if (!lines) return fail(lines.error().message);
    if (lines->size() != hyps->size())
      return fail("--ref '" + path + "' has " + std::to_string(lines->size()) + " lines but --hyp '" + *hyp_path +
                  "' has " + std::to_string(hyps->size()) + ": they must have one line per segment");
    refs.push_back(std::move(*lines));
  }

  BleuOptions o;
  auto tokenizer = parse_bleu_tokenizer(a.str("tokenize", "13a"));
  if (!tokenizer) return fail("--tokenize: " + tokenizer.error().message);
  o.tokenizer = *tokenizer;
  auto smoothing = parse_bleu_smoothing(a.str("smooth", "exp"));
  if (!smoothing) return fail("--smooth: " + smoothing.error().message);
  o.smoothing = *smoothing;
  if (a.has("smooth-value")) {
    auto v = a.number("smooth-value", 0);
    if (!v) return fail(v.error().message);
    o.smooth_value = *v;
  }
  auto order = a.integer("max-order", 4);
  if (!order) return fail(order.error().message);
  if (*order < 1 || *order > kMaxBleuOrder)
    return fail("--max-order is " + std::to_string(*order) + ", expected 1.." + std::to_string(kMaxBleuOrder));
  o.max_order = static_cast<int>(*order);
  o.lowercase = a.has("lowercase");

  if (a.has("sentence")) {
    auto scores = sentence_bleu_each(*hyps, refs, o);
    if (!scores) return fail(scores.error().message);
    if (a.has("json")) {
      json out = json::array();
      for (const BleuScore& s : *scores) out.push_back(bleu_json(s));
      std::cout << dump(out) << "\n";
    } else {
      for (const BleuScore& s : *scores) std::printf("%.4f\n", s.score);
    }
    return 0;
  }
  auto score = corpus_bleu(*hyps, refs, o);
  if (!score) return fail(score.error().message);
  if (a.has("json")) {
    std::cout << dump(bleu_json(*score)) << "\n";
  } else {
    std::printf("BLEU = %.2f (BP = %.3f, hyp_len = %lld, ref_len = %lld; tokenize %s, smooth %s)\n", score->score,
                score->bp, static_cast<long long>(score->sys_len), static_cast<long long>(score->ref_len),
                bleu_tokenizer_name(o.tokenizer), bleu_smoothing_name(o.smoothing));
  }
  return 0;
}

int cmd_rouge(const cli::Args& a) {
  auto target_path = a.required("target");
  if (!target_path) return fail(target_path.error().message);
  auto prediction_path = a.required("prediction");
  if (!prediction_path) return fail(prediction_path.error().message);
  auto targets = read_lines("target", *target_path);
  if (!targets) return fail(targets.error().message);
  auto predictions = read_lines("prediction", *prediction_path);
  if (!predictions) return fail(predictions.error().message);
  if (targets->size() != predictions->size())
    return fail("--target '" + *target_path + "' has " + std::to_string(targets->size()) + " lines but --prediction '" +
                *prediction_path + "' has " + std::to_string(predictions->size()) + ": they must pair line by line");
  RougeOptions o;
  o.stemmer = a.has("stemmer");
  auto tokenizer = parse_rouge_tokenizer(a.str("tokenize", "default"));
  if (!tokenizer) return fail("--tokenize: " + tokenizer.error().message);
  o.tokenizer = *tokenizer;

  json pairs = json::array();
  RougeScores mean;
  auto add = [](RougeValue& sum, const RougeValue& v) {
    sum.precision += v.precision; sum.recall += v.recall; sum.fmeasure += v.fmeasure;
  };
  for (size_t i = 0; i < targets->size(); i++) {
    auto s = rouge_score((*targets)[i], (*predictions)[i], o);
    if (!s) return fail("line " + std::to_string(i + 1) + ": " + s.error().message);
    pairs.push_back(rouge_json(*s));
    add(mean.rouge1, s->rouge1); add(mean.rouge2, s->rouge2); add(mean.rougeL, s->rougeL); add(mean.rougeLsum, s->rougeLsum);
  }
  const double n = static_cast<double>(targets->size());
  for (RougeValue* v : {&mean.rouge1, &mean.rouge2, &mean.rougeL, &mean.rougeLsum}) {
    v->precision /= n; v->recall /= n; v->fmeasure /= n;
  }
  if (a.has("json")) {
    std::cout << dump(json{{"pairs", pairs}, {"mean", rouge_json(mean)}}) << "\n";
  } else {
    std::printf("ROUGE-1 F %.5f  ROUGE-2 F %.5f  ROUGE-L F %.5f  (mean over %zu pairs)\n", mean.rouge1.fmeasure,
                mean.rouge2.fmeasure, mean.rougeL.fmeasure, targets->size());
  }
  return 0;
}

int cmd_diversity(const cli::Args& a) {
  auto path = a.required("texts");
  if (!path) return fail(path.error().message);
  auto lines = read_lines("texts", *path);
  if (!lines) return fail(lines.error().message);
  std::vector<std::string> texts;
  for (std::string& line : *lines)
    if (line.find_first_not_of(" \t") != std::string::npos) texts.push_back(std::move(line));  // blank lines skipped
  if (texts.empty()) return fail("--texts: '" + *path + "' has no non-blank line");
  auto n = a.integer("n", 2);
  if (!n) return fail(n.error().message);
  if (*n < 1 || *n > kMaxBleuOrder) return fail("--n is " + std::to_string(*n) + ", expected 1.." + std::to_string(kMaxBleuOrder));
  BleuOptions o = self_bleu_default_options();
  auto tokenizer = parse_bleu_tokenizer(a.str("tokenize", "zh"));
  if (!tokenizer) return fail("--tokenize: " + tokenizer.error().message);
  o.tokenizer = *tokenizer;

  auto distinct = distinct_n(texts, static_cast<int>(*n), o.tokenizer);
  if (!distinct) return fail(distinct.error().message);
  json self = nullptr;  // undefined for a single text
  if (texts.size() >= 2) {
    auto s = self_bleu(texts, o);
    if (!s) return fail(s.error().message);
    self = *s;
  }
  if (a.has("json")) {
    std::cout << dump(json{{"texts", texts.size()}, {"n", *n}, {"distinct_n", distinct->ratio},
                           {"unique_ngrams", distinct->unique}, {"total_ngrams", distinct->total}, {"self_bleu", self}})
              << "\n";
  } else {
    std::printf("distinct-%lld %.4f (%lld of %lld n-grams), self-BLEU %s over %zu texts\n", static_cast<long long>(*n),
                distinct->ratio, static_cast<long long>(distinct->unique), static_cast<long long>(distinct->total),
                self.is_null() ? "n/a" : std::to_string(self.get<double>()).c_str(), texts.size());
  }
  return 0;
}

template <int (*Run)(const cli::Args&)>
int with_flags(int argc, char** argv, int first, const std::set<std::string>& flags, const std::set<std::string>& switches) {
  auto args = cli::Args::parse(argc, argv, first, flags, switches);
  if (!args) return fail(args.error().message);
  return Run(*args);
}

cli::Register bleu_cmd({"bleu",
    "bleu      --hyp FILE --ref FILE [--ref FILE]... [--tokenize 13a|zh|char|none] [--smooth exp|floor|add-k|none]\n"
    "          [--smooth-value V] [--lowercase] [--max-order N] [--sentence] [--json]   (sacrebleu-compatible BLEU)",
    [](int argc, char** argv, int first) {
      return with_flags<cmd_bleu>(argc, argv, first, {"hyp", "ref", "tokenize", "smooth", "smooth-value", "max-order"},
                                  {"lowercase", "sentence", "json"});
    }});
cli::Register rouge_cmd({"rouge",
    "rouge     --target FILE --prediction FILE [--stemmer] [--tokenize default|cjk] [--json]\n"
    "          (rouge-score-compatible ROUGE-1/2/L per line pair; cjk counts Chinese by character)",
    [](int argc, char** argv, int first) {
      return with_flags<cmd_rouge>(argc, argv, first, {"target", "prediction", "tokenize"}, {"stemmer", "json"});
    }});
cli::Register diversity_cmd({"diversity",
    "diversity --texts FILE [--n 2] [--tokenize zh|13a|char|none] [--json]   (distinct-n and self-BLEU, one text per line)",
    [](int argc, char** argv, int first) {
      return with_flags<cmd_diversity>(argc, argv, first, {"texts", "n", "tokenize"}, {"json"});
    }});

}  // namespace
