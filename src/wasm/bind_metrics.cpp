// Embind: the text metrics for the page (web/metrics.js). JSON strings in, JSON string out
// ({"ok":true,...} or {"ok":false,"error":"..."}); no logic here beyond converting.
//   metricsCorpusBleu(hypothesesJson, referencesJson, optionsJson)   references: [[stream 1], [stream 2], ...]
//   metricsSentenceBleu(hypothesis, referencesJson, optionsJson)      references: ["ref", ...]
//   metricsRouge(target, prediction, optionsJson)
//   metricsDistinctN(textsJson, n, tokenizer)
//   metricsSelfBleu(textsJson, optionsJson)
// BLEU options: {"tokenize","smooth","smoothValue","lowercase","maxOrder","effectiveOrder"};
// ROUGE options: {"stemmer","tokenize"}; "" means defaults.
#include <emscripten/bind.h>

#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prompt/metrics.h"
#include "wasm/reply.h"

using nlohmann::json;

namespace plume {
namespace {

using wasm::dump;
using wasm::failure;
using wasm::reply;

using namespace metrics;

Result<json> parse_object(const std::string& text, const char* what) {
  if (text.empty()) return json::object();
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return make_error(what, " must be a JSON object");
  return j;
}

Result<std::vector<std::string>> parse_strings(const std::string& text, const std::string& what) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return make_error(what, " must be an array of strings");
  std::vector<std::string> out;
  for (const json& item : j) {
    if (!item.is_string()) return make_error(what, " must contain only strings, got ", dump(item));
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<BleuOptions> parse_bleu_options(const std::string& text) {
  auto j = parse_object(text, "BLEU options");
  if (!j) return j.error();
  BleuOptions o;
  for (auto it = j->begin(); it != j->end(); ++it) {
    const std::string key = it.key();
    const json& v = it.value();
    if (key == "tokenize" || key == "smooth") {
      if (!v.is_string()) return make_error("option ", key, " must be a string");
      if (key == "tokenize") {
        auto t = parse_bleu_tokenizer(v.get<std::string>());
        if (!t) return t.error();
        o.tokenizer = *t;
      } else {
        auto s = parse_bleu_smoothing(v.get<std::string>());
        if (!s) return s.error();
        o.smoothing = *s;
      }
    } else if (key == "smoothValue") {
      if (v.is_null()) continue;
      if (!v.is_number() || !std::isfinite(v.get<double>())) return make_error("option smoothValue must be a number");
      o.smooth_value = v.get<double>();
    } else if (key == "maxOrder") {
      if (!v.is_number() || v.get<double>() != std::floor(v.get<double>()) || v.get<double>() < 1 ||
          v.get<double>() > kMaxBleuOrder)
        return make_error("option maxOrder must be an integer from 1 to ", kMaxBleuOrder, ", got ", dump(v));
      o.max_order = static_cast<int>(v.get<double>());
    } else if (key == "lowercase" || key == "effectiveOrder") {
      if (!v.is_boolean()) return make_error("option ", key, " must be true or false");
      if (key == "lowercase") o.lowercase = v.get<bool>();
      else o.effective_order = v.get<bool>();
    } else {
      return make_error("unknown BLEU option '", key,
                        "' (known: tokenize, smooth, smoothValue, lowercase, maxOrder, effectiveOrder)");
    }
  }
  if (auto s = check_bleu_options(o); !s) return s.error();
  return o;
}

json bleu_json(const BleuScore& s) {
  return {{"score", s.score}, {"counts", s.counts}, {"totals", s.totals}, {"precisions", s.precisions},
          {"bp", s.bp}, {"sysLen", s.sys_len}, {"refLen", s.ref_len}};
}

json rouge_value_json(const RougeValue& v) {
  return {{"precision", v.precision}, {"recall", v.recall}, {"fmeasure", v.fmeasure}};
}

std::string metricsCorpusBleu(const std::string& hypotheses_json, const std::string& references_json,
                              const std::string& options_json) {
  auto hyps = parse_strings(hypotheses_json, "hypotheses");
  if (!hyps) return failure(hyps.error().message);
  json refs_j = json::parse(references_json, nullptr, false);
  if (refs_j.is_discarded() || !refs_j.is_array())
    return failure(make_error("references must be an array of reference streams (arrays of strings, one per hypothesis)"));
  std::vector<std::vector<std::string>> refs;
  for (size_t k = 0; k < refs_j.size(); k++) {
    auto stream = parse_strings(dump(refs_j[k]), "reference stream " + std::to_string(k + 1));
    if (!stream) return failure(stream.error().message);
    refs.push_back(std::move(*stream));
  }
  auto options = parse_bleu_options(options_json);
  if (!options) return failure(options.error().message);
  auto score = corpus_bleu(*hyps, refs, *options);
  if (!score) return failure(score.error().message);
  return reply(bleu_json(*score));
}

std::string metricsSentenceBleu(const std::string& hypothesis, const std::string& references_json,
                                const std::string& options_json) {
  auto refs = parse_strings(references_json, "references");
  if (!refs) return failure(refs.error().message);
  auto options = parse_bleu_options(options_json);
  if (!options) return failure(options.error().message);
  auto score = sentence_bleu(hypothesis, *refs, *options);
  if (!score) return failure(score.error().message);
  return reply(bleu_json(*score));
}

std::string metricsRouge(const std::string& target, const std::string& prediction, const std::string& options_json) {
  auto j = parse_object(options_json, "ROUGE options");
  if (!j) return failure(j.error().message);
  RougeOptions o;
  for (auto it = j->begin(); it != j->end(); ++it) {
    const std::string key = it.key();
    const json& v = it.value();
    if (key == "stemmer") {
      if (!v.is_boolean()) return failure(make_error("option stemmer must be true or false"));
      o.stemmer = v.get<bool>();
    } else if (key == "tokenize") {
      if (!v.is_string()) return failure(make_error("option tokenize must be a string"));
      auto t = parse_rouge_tokenizer(v.get<std::string>());
      if (!t) return failure(t.error().message);
      o.tokenizer = *t;
    } else {
      return failure(make_error("unknown ROUGE option '", key, "' (known: stemmer, tokenize)"));
    }
  }
  auto s = rouge_score(target, prediction, o);
  if (!s) return failure(s.error().message);
  return reply({{"rouge1", rouge_value_json(s->rouge1)}, {"rouge2", rouge_value_json(s->rouge2)},
                {"rougeL", rouge_value_json(s->rougeL)}, {"rougeLsum", rouge_value_json(s->rougeLsum)}});
}

std::string metricsDistinctN(const std::string& texts_json, double n, const std::string& tokenizer) {
  auto texts = parse_strings(texts_json, "texts");
  if (!texts) return failure(texts.error().message);
  if (!std::isfinite(n) || n != std::floor(n) || n < 1 || n > kMaxBleuOrder)
    return failure(make_error("n must be an integer from 1 to ", kMaxBleuOrder));
  auto t = parse_bleu_tokenizer(tokenizer.empty() ? "zh" : tokenizer);
  if (!t) return failure(t.error().message);
  auto d = distinct_n(*texts, static_cast<int>(n), *t);
  if (!d) return failure(d.error().message);
  return reply({{"ratio", d->ratio}, {"unique", d->unique}, {"total", d->total}});
}

std::string metricsSelfBleu(const std::string& texts_json, const std::string& options_json) {
  auto texts = parse_strings(texts_json, "texts");
  if (!texts) return failure(texts.error().message);
  auto j = parse_object(options_json, "self-BLEU options");
  if (!j) return failure(j.error().message);
  if (!j->contains("tokenize")) (*j)["tokenize"] = "zh";  // self-BLEU's default, see text_diversity.h
  auto options = parse_bleu_options(dump(*j));
  if (!options) return failure(options.error().message);
  auto s = self_bleu(*texts, *options);
  if (!s) return failure(s.error().message);
  return reply({{"score", *s}});
}

}  // namespace
}  // namespace plume

EMSCRIPTEN_BINDINGS(plume_metrics) {
  emscripten::function("metricsCorpusBleu", &plume::metricsCorpusBleu);
  emscripten::function("metricsSentenceBleu", &plume::metricsSentenceBleu);
  emscripten::function("metricsRouge", &plume::metricsRouge);
  emscripten::function("metricsDistinctN", &plume::metricsDistinctN);
  emscripten::function("metricsSelfBleu", &plume::metricsSelfBleu);
}
