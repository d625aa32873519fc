#include "prompt/write_request.h"

#include <algorithm>
#include <cmath>

namespace plume::prompt {
namespace {

using nlohmann::json;

std::string show(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

std::string plain(double x) {
  return x == std::floor(x) && std::abs(x) < 1e15 ? std::to_string(static_cast<int64_t>(x)) : std::to_string(x);
}

Status number(const json& v, const std::string& key, double lo, double hi, bool integer, double* out) {
  if (!v.is_number() || !std::isfinite(v.get<double>()) || (integer && v.get<double>() != std::floor(v.get<double>())) ||
      v.get<double>() < lo || v.get<double>() > hi)
    return make_error("request: ", key, " must be ", integer ? "a whole number" : "a number", " from ", plain(lo), " to ",
                      plain(hi), ", got ", show(v));
  *out = v.get<double>();
  return {};
}

Status strings(const json& v, const std::string& key, std::vector<std::string>* out) {
  if (!v.is_array()) return make_error("request: ", key, " must be a list of texts, got ", show(v));
  for (const json& x : v) {
    if (!x.is_string()) return make_error("request: ", key, " must hold only texts, got ", show(x));
    out->push_back(x.get<std::string>());
  }
  return {};
}

}  // namespace

Result<WriteRequest> parse_write_request(const json& request, const PromptTemplate& t) {
  if (!request.is_object()) return make_error("request: expected a JSON object, got ", show(request));
  WriteRequest r;
  const TemplateGeneration& g = t.generation;
  r.settings = {g.n, g.max_new_tokens, g.temperature, g.top_k, g.top_p, g.repetition_penalty, std::nullopt, t.output.stop,
                kDefaultMentionBoost};
  json reviewed;
  for (auto it = request.begin(); it != request.end(); ++it) {
    const std::string key = it.key();
    const json& v = it.value();
    double x = 0;
    Status s;
    if (key == "input") {
      if (!v.is_object()) return make_error("request: input must be an object of fields, got ", show(v));
      r.input = v;
    } else if (key == "examples") {
      if (!v.is_array() && !v.is_null()) return make_error("request: examples must be a list, got ", show(v));
      r.examples = v;
    } else if (key == "reviewedExamples") {
      // Approved texts (review_store.h) go after the template's examples: the budget drops
      // examples from the first one, so the reviewed ones are kept longest.
      if (!v.is_array()) return make_error("request: reviewedExamples must be a list, got ", show(v));
      reviewed = v;
    } else if (key == "n") {
      s = number(v, key, 1, 16, true, &x);
      r.settings.n = static_cast<int>(x);
    } else if (key == "seed") {
      s = number(v, key, 0, 9007199254740991.0, true, &x);
      r.settings.seed = static_cast<uint64_t>(x);
    } else if (key == "maxNewTokens") {
      s = number(v, key, 1, 100000, true, &x);
      r.settings.max_new_tokens = static_cast<int>(x);
    } else if (key == "temperature") {
      s = number(v, key, 0, 100, false, &r.settings.temperature);
    } else if (key == "topK") {
      s = number(v, key, 0, 1e6, true, &x);
      r.settings.top_k = static_cast<int>(x);
    } else if (key == "topP") {
      s = number(v, key, 0, 1, false, &r.settings.top_p);
    } else if (key == "repetitionPenalty") {
      s = number(v, key, 0.01, 100, false, &r.settings.repetition_penalty);
    } else if (key == "mentionBoost") {
      s = number(v, key, 0, 100, false, &r.settings.mention_boost);
    } else if (key == "banned") {
      s = strings(v, key, &r.rules.banned);
    } else if (key == "required") {
      s = strings(v, key, &r.rules.required);
    } else if (key == "weights") {
      if (!v.is_object()) return make_error("request: weights must be an object, got ", show(v));
      for (auto w = v.begin(); w != v.end(); ++w) {
        double* target = w.key() == "model" ? &r.weights.model : w.key() == "coverage" ? &r.weights.coverage
                       : w.key() == "language" ? &r.weights.language : w.key() == "format" ? &r.weights.format
                       : w.key() == "length" ? &r.weights.length : w.key() == "repetition" ? &r.weights.repetition : nullptr;
        if (!target)
          return make_error("request: unknown weight '", w.key(), "' (known: model, coverage, language, format, length, repetition)");
        if (Status ws = number(w.value(), "weights." + w.key(), 0, 1000, false, target); !ws) return ws.error();
      }
    } else {
      return make_error("request: unknown key '", key, "' (known: input, examples, reviewedExamples, n, seed, maxNewTokens, temperature, "
                        "topK, topP, repetitionPenalty, mentionBoost, banned, required, weights)");
    }
    if (!s) return s.error();
  }
  if (reviewed.is_array() && !reviewed.empty()) {
    json all = r.examples.is_null() ? t.examples : r.examples;
    for (const json& e : reviewed) all.push_back(e);
    r.examples = all;
  }
  return r;
}

std::vector<std::string> guided_mentions(const WriteSettings& s, const std::vector<std::string>& mention) {
  if (s.mention_boost <= 0) return {};
  std::vector<std::string> kept(mention.begin(), mention.begin() + std::min(mention.size(), kMaxGuidePhrases));
  std::erase_if(kept, [](const std::string& m) { return m.size() > kMaxGuidePhraseBytes; });
  return kept;
}

json generation_options_json(const WriteSettings& s, const std::vector<std::string>& mention) {
  json j = {{"numReturnSequences", s.n}, {"maxNewTokens", s.max_new_tokens}, {"temperature", s.temperature},
            {"topK", s.top_k}, {"topP", s.top_p}, {"repetitionPenalty", s.repetition_penalty}, {"stop", s.stop},
            {"noRepeatBlocks", s.no_repeat_blocks}};
  if (std::vector<std::string> kept = guided_mentions(s, mention); !kept.empty()) {
    j["mention"] = kept;
    j["mentionBoost"] = s.mention_boost;
  }
  if (s.seed) j["seed"] = *s.seed;
  return j;
}

Result<std::vector<RawCandidate>> candidates_from_json(const json& j) {
  if (!j.is_array()) return make_error("candidates: expected a list, got ", show(j));
  std::vector<RawCandidate> out;
  for (size_t i = 0; i < j.size(); i++) {
    const json& c = j[i];
    const std::string at = "candidates[" + std::to_string(i) + "]";
    if (!c.is_object()) return make_error(at, ": expected an object, got ", show(c));
    RawCandidate r;
    if (!c.contains("text") || !c["text"].is_string()) return make_error(at, ".text: missing or not a text");
    r.text = c["text"].get<std::string>();
    if (c.contains("finishReason")) {
      if (!c["finishReason"].is_string()) return make_error(at, ".finishReason: expected a text");
      r.finish = c["finishReason"].get<std::string>();
    }
    if (c.contains("tokens")) {
      if (c["tokens"].is_array()) r.tokens = static_cast<int>(c["tokens"].size());
      else if (c["tokens"].is_number_integer()) r.tokens = c["tokens"].get<int>();
      else return make_error(at, ".tokens: expected a list of token ids or a count");
    }
    if (c.contains("meanLogprob") && !c["meanLogprob"].is_null()) {
      if (!c["meanLogprob"].is_number() || !std::isfinite(c["meanLogprob"].get<double>()))
        return make_error(at, ".meanLogprob: expected a finite number, got ", show(c["meanLogprob"]));
      r.mean_logprob = c["meanLogprob"].get<double>();
    } else if (c.contains("logprobs") && c["logprobs"].is_array() && !c["logprobs"].empty()) {
      double sum = 0;  // left to right, as everywhere, so both doors agree
      for (const json& x : c["logprobs"]) {
        if (!x.is_number()) return make_error(at, ".logprobs: expected numbers");
        sum += x.get<double>();
      }
      r.mean_logprob = sum / static_cast<double>(c["logprobs"].size());
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace plume::prompt
