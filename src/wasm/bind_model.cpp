// Embind bindings: the browser's door onto the engine (contract: docs/engine-abi.md).
// No logic here beyond converting JSON options in and results out. Every method returns a JSON
// string, {"ok":true,...} or {"ok":false,"error":...}; nothing throws, nothing aborts.
#include <emscripten/bind.h>

#include <cmath>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "model/generate.h"
#include "model/gpt2.h"
#include "wasm/reply.h"

using nlohmann::json;

namespace plume {
namespace {

using wasm::failure;
using wasm::reply;

json info_json(const Gpt2Model& m) {
  const Gpt2Config& c = m.config();
  const ModelInfo& i = m.info();
  json types = json::object();
  for (const auto& [name, count] : i.tensor_types) types[name] = count;
  return {{"architecture", "gpt2"}, {"source", i.source}, {"name", i.name}, {"vocabSize", c.n_vocab},
          {"contextLength", c.n_ctx}, {"embeddingLength", c.n_embd}, {"feedForwardLength", c.n_ff},
          {"blockCount", c.n_layer}, {"headCount", c.n_head}, {"layerNormEpsilon", c.norm_eps},
          {"quantization", i.quantization}, {"tensorTypes", types}, {"parameters", i.parameters},
          {"fileBytes", i.file_bytes}, {"bosTokenId", m.tokenizer().bos_id()},
          {"eosTokenId", m.tokenizer().eos_id()}, {"tiedOutput", m.weights().tied_output}};
}

// Reads the JS options object (already JSON) into GenerateOptions, naming any bad option.
Status parse_options(const std::string& text, GenerateOptions* o) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return make_error("generation options must be a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string key = it.key();  // (clang 14 cannot capture structured bindings)
    json value = it.value();
    auto number = [&](double lo, double hi, bool integer, double* out) -> Status {
      if (!value.is_number() || !std::isfinite(value.get<double>()))
        return make_error("option ", key, " must be a finite number");
      double v = value.get<double>();
      if (integer && v != std::floor(v)) return make_error("option ", key, " must be an integer, got ", value.dump());
      if (v < lo || v > hi) {
        auto bound = [](double b) { return b == std::floor(b) && std::abs(b) < 1e15 ? std::to_string(static_cast<int64_t>(b)) : std::to_string(b); };
        return make_error("option ", key, " is ", value.dump(), ", expected ", bound(lo), "..", bound(hi));
      }
      *out = v;
      return {};
    };
    double v = 0;
    Status s;
    if (key == "temperature") { s = number(0, 1e6, false, &v); o->sampling.temperature = static_cast<float>(v); }
    else if (key == "topK") { s = number(0, 1e9, true, &v); o->sampling.top_k = static_cast<int32_t>(v); }
    else if (key == "topP") { s = number(-1e9, 1e9, false, &v); o->sampling.top_p = static_cast<float>(v); }
    else if (key == "minP") { s = number(-1e9, 1e9, false, &v); o->sampling.min_p = static_cast<float>(v); }
    else if (key == "repetitionPenalty") { s = number(-1e9, 1e9, false, &v); o->sampling.repetition_penalty = static_cast<float>(v); }
    else if (key == "noRepeatNgramSize") { s = number(0, 1e6, true, &v); o->sampling.no_repeat_ngram_size = static_cast<int32_t>(v); }
    else if (key == "maxNewTokens") { s = number(1, 1e9, true, &v); o->max_new_tokens = static_cast<int32_t>(v); }
    else if (key == "maxLength") { s = number(1, 1e9, true, &v); o->max_length = static_cast<int32_t>(v); }
    else if (key == "numReturnSequences") { s = number(1, kMaxReturnSequences, true, &v); o->num_return_sequences = static_cast<int32_t>(v); }
    else if (key == "seed") { s = number(0, 9007199254740991.0, true, &v); o->seed = static_cast<uint64_t>(v); }
    else if (key == "mentionBoost") { s = number(0, 100, false, &v); o->mention_boost = static_cast<float>(v); }
    else if (key == "mention") {
      if (!value.is_array()) return make_error("option mention must be an array of strings (the phrases to mention)");
      for (const json& item : value) {
        if (!item.is_string()) return make_error("option mention must contain only strings");
        o->mention.push_back(item.get<std::string>());
      }
    } else if (key == "traceAttention") {
      if (!value.is_boolean()) return make_error("option traceAttention must be true or false");
      o->trace_attention = value.get<bool>();
    } else if (key == "noRepeatBlocks") {
      if (!value.is_boolean()) return make_error("option noRepeatBlocks must be true or false");
      o->sampling.no_repeat_blocks = value.get<bool>();
    } else if (key == "penalizePrompt") {
      if (!value.is_boolean()) return make_error("option penalizePrompt must be true or false");
      o->sampling.penalize_prompt = value.get<bool>();
    } else if (key == "stop") {
      if (value.is_string()) value = json::array({value});
      if (!value.is_array()) return make_error("option stop must be a string or an array of strings");
      for (const json& item : value) {
        if (!item.is_string()) return make_error("option stop must contain only strings");
        o->stop.push_back(item.get<std::string>());
      }
    } else {
      return make_error("unknown generation option '", key, "'");
    }
    if (!s) return s;
  }
  return {};
}

class Engine {
 public:
  std::string loadGguf(uint32_t ptr, uint32_t size) {
    BlobPtr blob = blob_from_malloc(reinterpret_cast<uint8_t*>(static_cast<uintptr_t>(ptr)), size);
    return adopt(Gpt2Model::from_gguf(blob));
  }

  std::string loadHf(uint32_t ptr, uint32_t size, std::string config, std::string vocab, std::string merges) {
    BlobPtr blob = blob_from_malloc(reinterpret_cast<uint8_t*>(static_cast<uintptr_t>(ptr)), size);
    return adopt(Gpt2Model::from_hf(blob, config, vocab, merges));
  }

  std::string info() {
    if (!model_) return no_model();
    return reply({{"info", info_json(*model_)}});
  }

  std::string tokenize(std::string text) {
    if (!model_) return no_model();
    return reply({{"tokens", model_->tokenizer().encode(text)}});
  }

  std::string detokenize(std::string tokens_json) {
    if (!model_) return no_model();
    json j = json::parse(tokens_json, nullptr, false);
    if (j.is_discarded() || !j.is_array()) return failure(make_error("detokenize expects an array of token ids"));
    std::vector<int32_t> ids;
    for (const json& t : j) {
      if (!t.is_number_integer() || t.get<int64_t>() < 0 || t.get<int64_t>() >= model_->config().n_vocab)
        return failure(make_error("detokenize: ", t.dump(), " is not a token id of this model (0..", model_->config().n_vocab - 1, ")"));
      ids.push_back(static_cast<int32_t>(t.get<int64_t>()));
    }
    return reply({{"text", sanitize_utf8(model_->tokenizer().decode(ids))}});
  }

  std::string score(std::string prompt, std::string continuation) {
    if (!model_) return no_model();
    auto r = plume::score(*model_, prompt, continuation);
    if (!r) return failure(r.error().message);
    return reply({{"tokens", r->tokens}, {"logprobs", r->logprobs}, {"totalLogprob", r->total_logprob},
                  {"meanLogprob", r->mean_logprob}});
  }

  std::string start(std::string prompt, std::string options_json) {
    if (!model_) return no_model();
    GenerateOptions options;
    if (auto s = parse_options(options_json, &options); !s) return failure(s.error().message);
    generator_ = std::make_unique<Generator>(model_);
    if (auto s = generator_->start(prompt, options); !s) {
      generator_.reset();
      return failure(s.error().message);
    }
    return reply({{"promptTokens", generator_->prompt_tokens()}, {"seed", generator_->seed()}});
  }

  std::string step() {
    if (!generator_) return failure(make_error("no generation in progress: call start first"));
    json tokens = json::array();
    for (const TokenEvent& e : generator_->step())
      tokens.push_back({{"seq", e.seq}, {"token", e.token}, {"text", e.text}, {"logprob", e.logprob}});
    return reply({{"done", generator_->done()}, {"tokens", tokens}});
  }

  std::string cancel() {
    if (generator_) generator_->cancel();
    return reply(json::object());
  }

  std::string result() {
    if (!generator_) return failure(make_error("no generation to report: call start first"));
    json seqs = json::array();
    for (const auto& s : generator_->sequences())
      seqs.push_back({{"text", s.text}, {"tokens", s.tokens}, {"logprobs", s.logprobs},
                      {"finishReason", finish_reason_name(s.finish)}});
    const GenerateStats& st = generator_->stats();
    return reply({{"sequences", seqs}, {"seed", generator_->seed()},
                  {"stats", {{"promptTokens", st.prompt_tokens}, {"generatedTokens", st.generated_tokens},
                             {"promptMs", st.prompt_ms}, {"generateMs", st.generate_ms},
                             {"promptTokensPerSecond", st.prompt_tokens_per_second()},
                             {"tokensPerSecond", st.tokens_per_second()}}}});
  }

  std::string attention() {
    if (!generator_) return failure(make_error("no generation: call start with traceAttention: true first"));
    const AttentionTrace& t = generator_->attention();
    if (!t.enabled) return failure(make_error("attention was not traced: pass traceAttention: true to start"));
    const Gpt2Config& c = model_->config();
    json layers = json::array();
    for (int l = 0; l < c.n_layer; l++) {
      json heads = json::array();
      for (int h = 0; h < c.n_head; h++) {
        auto begin = t.weights.begin() + static_cast<std::ptrdiff_t>((static_cast<size_t>(l) * c.n_head + h) * t.n_positions);
        heads.push_back(std::vector<float>(begin, begin + t.n_positions));
      }
      layers.push_back(heads);
    }
    std::vector<int32_t> positions = generator_->prompt_tokens();
    if (!generator_->sequences().empty()) {
      const auto& gen = generator_->sequences()[0].tokens;
      positions.insert(positions.end(), gen.begin(), gen.end());
    }
    positions.resize(static_cast<size_t>(t.n_positions));
    return reply({{"layers", layers}, {"tokens", positions}});
  }

 private:
  std::shared_ptr<Gpt2Model> model_;
  std::unique_ptr<Generator> generator_;

  static std::string no_model() { return failure(make_error("no model loaded: call loadGguf or loadHf first")); }

  std::string adopt(Result<std::shared_ptr<Gpt2Model>> loaded) {
    if (!loaded) return failure(loaded.error().message);  // the previous model stays loaded
    generator_.reset();
    model_ = std::move(loaded.value());
    return reply({{"info", info_json(*model_)}});
  }
};

}  // namespace
}  // namespace plume

EMSCRIPTEN_BINDINGS(plume_engine) {
  emscripten::class_<plume::Engine>("Engine")
      .constructor<>()
      .function("loadGguf", &plume::Engine::loadGguf)
      .function("loadHf", &plume::Engine::loadHf)
      .function("info", &plume::Engine::info)
      .function("tokenize", &plume::Engine::tokenize)
      .function("detokenize", &plume::Engine::detokenize)
      .function("score", &plume::Engine::score)
      .function("start", &plume::Engine::start)
      .function("step", &plume::Engine::step)
      .function("cancel", &plume::Engine::cancel)
      .function("result", &plume::Engine::result)
      .function("attention", &plume::Engine::attention);
}
