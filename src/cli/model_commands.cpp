// `plume generate / tokenize / score / info / logits / init / convert`: the model's commands.
// Argument parsing and printing only; everything else is the library's.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/command.h"
#include "model/generate.h"
#include "model/gguf.h"
#include "model/gpt2.h"
#include "model/gpt2_write.h"

using namespace plume;
using nlohmann::json;
using plume::cli::fail;

namespace {

// JSON with any invalid UTF-8 replaced, so output is always valid.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

Result<DType> parse_type(const std::string& s) {
  if (s == "f32" || s == "F32") return DType::F32;
  if (s == "f16" || s == "F16") return DType::F16;
  if (s == "q8_0" || s == "Q8_0") return DType::Q8_0;
  return make_error("--type: '", s, "' is not one of f32, f16, q8_0");
}

Status write_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return make_error("cannot write '", path, "'");
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) return make_error("writing '", path, "' failed");
  return {};
}

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot open '", path, "'");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

json info_json(const Gpt2Model& m) {
  const Gpt2Config& c = m.config();
  const ModelInfo& i = m.info();
  json types = json::object();
  for (const auto& [name, count] : i.tensor_types) types[name] = count;
  return {{"architecture", "gpt2"}, {"source", i.source}, {"name", i.name}, {"vocab_size", c.n_vocab},
          {"context_length", c.n_ctx}, {"embedding_length", c.n_embd}, {"feed_forward_length", c.n_ff},
          {"block_count", c.n_layer}, {"head_count", c.n_head}, {"layer_norm_epsilon", c.norm_eps},
          {"quantization", i.quantization}, {"tensor_types", types}, {"parameters", i.parameters},
          {"file_bytes", i.file_bytes}, {"bos_token_id", m.tokenizer().bos_id()},
          {"eos_token_id", m.tokenizer().eos_id()}, {"tied_output", m.weights().tied_output}};
}

int cmd_generate(const cli::Args& a, std::shared_ptr<const Gpt2Model> shared) {
  auto prompt = a.required("prompt");
  if (!prompt) return fail(prompt.error().message);
  GenerateOptions o;
  struct Num { const char* flag; double fallback; };
  auto num = [&](const char* flag, double fallback, double* out) -> bool {
    auto v = a.number(flag, fallback);
    if (!v) { fail(v.error().message); return false; }
    *out = *v;
    return true;
  };
  double temperature, top_k, top_p, min_p, rep, ngram, max_new, max_len, n, boost;
  if (!num("temperature", o.sampling.temperature, &temperature) || !num("top-k", o.sampling.top_k, &top_k) ||
      !num("top-p", o.sampling.top_p, &top_p) || !num("min-p", o.sampling.min_p, &min_p) ||
      !num("repetition-penalty", o.sampling.repetition_penalty, &rep) ||
      !num("no-repeat-ngram-size", o.sampling.no_repeat_ngram_size, &ngram) ||
      !num("max-new-tokens", -1, &max_new) || !num("max-length", -1, &max_len) || !num("n", 1, &n) ||
      !num("mention-boost", kDefaultMentionBoost, &boost))
    return 1;
  auto to_int = [](double v) { return v > 1e9 ? 1000000000 : v < -1e9 ? -1000000000 : static_cast<int32_t>(v); };
  o.sampling.temperature = static_cast<float>(temperature);
  o.sampling.top_k = to_int(top_k);
  o.sampling.top_p = static_cast<float>(top_p);
  o.sampling.min_p = static_cast<float>(min_p);
  o.sampling.repetition_penalty = static_cast<float>(rep);
  o.sampling.no_repeat_ngram_size = to_int(ngram);
  const std::string scope = a.str("penalty-scope", "all");
  if (scope != "all" && scope != "generated")
    return fail("--penalty-scope: '" + scope + "' is not 'all' (prompt and output, as transformers) or 'generated'");
  o.sampling.penalize_prompt = scope == "all";
  o.sampling.no_repeat_blocks = a.has("no-repeat-blocks");
  o.max_new_tokens = to_int(max_new);
  o.max_length = to_int(max_len);
  o.num_return_sequences = to_int(n);
  if (a.has("seed")) {
    auto seed = a.integer("seed", 0);
    if (!seed) return fail(seed.error().message);
    o.seed = static_cast<uint64_t>(*seed);
  }
  o.stop = a.all("stop");
  o.mention = a.all("mention");
  o.mention_boost = static_cast<float>(boost);

  Generator gen(shared);
  if (auto s = gen.start(*prompt, o); !s) return fail(s.error().message);
  const bool as_json = a.has("json");
  const bool stream = !as_json && o.num_return_sequences == 1;
  if (stream) std::cout << *prompt << std::flush;
  while (!gen.done())
    for (const TokenEvent& e : gen.step())
      if (stream) std::cout << e.text << std::flush;

  const GenerateStats& st = gen.stats();
  if (as_json) {
    json seqs = json::array();
    for (const auto& s : gen.sequences())
      seqs.push_back({{"text", s.text}, {"tokens", s.tokens}, {"logprobs", s.logprobs},
                      {"finish_reason", finish_reason_name(s.finish)}});
    json out = {{"sequences", seqs}, {"prompt_tokens", gen.prompt_tokens()}, {"seed", gen.seed()},
                {"stats", {{"prompt_tokens", st.prompt_tokens}, {"generated_tokens", st.generated_tokens},
                           {"prompt_ms", st.prompt_ms}, {"generate_ms", st.generate_ms},
                           {"prompt_tokens_per_second", st.prompt_tokens_per_second()},
                           {"tokens_per_second", st.tokens_per_second()}}}};
    std::cout << dump(out) << "\n";
    return 0;
  }
  if (stream) {
    std::cout << "\n";
  } else {
    for (size_t i = 0; i < gen.sequences().size(); i++) {
      const auto& s = gen.sequences()[i];
      std::cout << "=== sequence " << i + 1 << " (" << finish_reason_name(s.finish) << ") ===\n"
                << *prompt << s.text << "\n";
    }
  }
  std::fprintf(stderr, "[%d prompt tokens, %.1f tok/s; %d generated, %.1f tok/s; seed %llu]\n", st.prompt_tokens,
               st.prompt_tokens_per_second(), st.generated_tokens, st.tokens_per_second(),
               static_cast<unsigned long long>(gen.seed()));
  return 0;
}

int cmd_tokenize(const cli::Args& a, const Gpt2Model& model) {
  auto text = a.required("text");
  if (!text) return fail(text.error().message);
  std::vector<int32_t> ids = model.tokenizer().encode(*text);
  if (a.has("json")) {
    std::cout << dump(json{{"tokens", ids}}) << "\n";
  } else {
    for (int32_t id : ids) std::cout << id << "\t" << model.tokenizer().token_text(id) << "\n";
  }
  return 0;
}

int cmd_score(const cli::Args& a, const Gpt2Model& model) {
  auto prompt = a.required("prompt");
  if (!prompt) return fail(prompt.error().message);
  auto cont = a.required("continuation");
  if (!cont) return fail(cont.error().message);
  auto r = score(model, *prompt, *cont);
  if (!r) return fail(r.error().message);
  if (a.has("json")) {
    std::cout << dump(json{{"tokens", r->tokens}, {"logprobs", r->logprobs}, {"total_logprob", r->total_logprob},
                           {"mean_logprob", r->mean_logprob}})
              << "\n";
  } else {
    std::printf("total log-probability %.4f, mean %.4f over %zu tokens\n", r->total_logprob, r->mean_logprob,
                r->tokens.size());
  }
  return 0;
}

int cmd_logits(const cli::Args& a, const Gpt2Model& model) {
  auto list = a.required("tokens");
  if (!list) return fail(list.error().message);
  std::vector<int32_t> tokens;
  size_t start = 0;
  while (start <= list->size()) {
    size_t comma = list->find(',', start);
    std::string item = list->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    char* end = nullptr;
    long v = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0') return fail("--tokens: '" + item + "' is not a token id");
    tokens.push_back(static_cast<int32_t>(v));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  const Gpt2Config& c = model.config();
  if (static_cast<int64_t>(tokens.size()) > c.n_ctx) return fail("too many tokens for the model's context");
  for (int32_t t : tokens)
    if (t < 0 || t >= c.n_vocab) return fail("token id " + std::to_string(t) + " is outside the vocabulary");
  const bool all = a.has("all");
  KvCache cache;
  cache.reset(c, static_cast<int32_t>(tokens.size()));
  std::vector<BatchItem> batch;
  for (size_t i = 0; i < tokens.size(); i++)
    batch.push_back({&cache, tokens[i], static_cast<int32_t>(i), all || i + 1 == tokens.size()});
  const size_t rows = all ? tokens.size() : 1;
  std::vector<float> logits(rows * static_cast<size_t>(c.n_vocab));
  ForwardScratch scratch;
  gpt2_forward(model, batch.data(), static_cast<int>(batch.size()), logits.data(), scratch);
  json out = json::array();
  for (size_t r = 0; r < rows; r++)
    out.push_back(std::vector<float>(logits.begin() + static_cast<std::ptrdiff_t>(r * c.n_vocab),
                                     logits.begin() + static_cast<std::ptrdiff_t>((r + 1) * c.n_vocab)));
  std::cout << dump(json{{"logits", out}}) << "\n";
  return 0;
}

int cmd_info(const cli::Args& a, const Gpt2Model& m) {
  json info = info_json(m);
  if (a.has("json")) {
    std::cout << dump(info) << "\n";
  } else {
    for (auto& [key, value] : info.items()) std::cout << key << ": " << dump(value) << "\n";
  }
  return 0;
}

int cmd_init(const cli::Args& a) {
  auto out = a.required("out");
  if (!out) return fail(out.error().message);
  auto vocab_path = a.required("vocab");
  if (!vocab_path) return fail(vocab_path.error().message);
  auto merges_path = a.required("merges");
  if (!merges_path) return fail(merges_path.error().message);
  auto vocab = read_text(*vocab_path);
  if (!vocab) return fail(vocab.error().message);
  auto merges = read_text(*merges_path);
  if (!merges) return fail(merges.error().message);
  auto tok = Tokenizer::from_files(*vocab, *merges);
  if (!tok) return fail(tok.error().message);

  RandomModelOptions o;
  auto embd = a.integer("embd", 64), layers = a.integer("layers", 2), heads = a.integer("heads", 4),
       ctx = a.integer("ctx", 256), seed = a.integer("seed", 1);
  for (auto* r : {&embd, &layers, &heads, &ctx, &seed})
    if (!*r) return fail(r->error().message);
  auto ff = a.integer("ff", 4 * *embd);
  if (!ff) return fail(ff.error().message);
  auto std_dev = a.number("std", 0.02);
  if (!std_dev) return fail(std_dev.error().message);
  auto type = parse_type(a.str("type", "f32"));
  if (!type) return fail(type.error().message);
  for (int64_t v : {*embd, *layers, *heads, *ctx, *ff})
    if (v <= 0 || v > (1 << 20)) return fail("sizes must be between 1 and 1048576");
  o.config.n_embd = static_cast<int32_t>(*embd);
  o.config.n_layer = static_cast<int32_t>(*layers);
  o.config.n_head = static_cast<int32_t>(*heads);
  o.config.n_ctx = static_cast<int32_t>(*ctx);
  o.config.n_ff = static_cast<int32_t>(*ff);
  o.seed = static_cast<uint64_t>(*seed);
  o.std = static_cast<float>(*std_dev);
  o.untied_output = a.has("untied");
  o.weight_type = *type;
  o.name = a.str("name", o.name);
  auto bytes = random_gpt2_gguf(o, *tok);
  if (!bytes) return fail(bytes.error().message);
  if (auto s = write_bytes(*out, *bytes); !s) return fail(s.error().message);
  std::fprintf(stderr, "wrote %s (%.1f MB)\n", out->c_str(), static_cast<double>(bytes->size()) / 1e6);
  return 0;
}

int cmd_convert(const cli::Args& a, const Gpt2Model& model) {
  auto out = a.required("out");
  if (!out) return fail(out.error().message);
  auto type = parse_type(a.str("type", "f32"));
  if (!type) return fail(type.error().message);
  auto bytes = gpt2_to_gguf(model, *type, a.str("name", model.info().name));
  if (!bytes) return fail(bytes.error().message);
  if (auto s = write_bytes(*out, *bytes); !s) return fail(s.error().message);
  std::fprintf(stderr, "wrote %s (%.1f MB)\n", out->c_str(), static_cast<double>(bytes->size()) / 1e6);
  return 0;
}

}  // namespace

namespace {

const std::set<std::string> kFlags = {"model", "prompt", "max-new-tokens", "max-length", "temperature", "top-k",
                                      "top-p", "min-p", "repetition-penalty", "no-repeat-ngram-size", "penalty-scope", "seed", "n",
                                      "mention", "mention-boost",
                                      "stop", "text", "continuation", "tokens", "out", "vocab", "merges", "embd",
                                      "layers", "heads", "ctx", "ff", "type", "std", "name"};
const std::set<std::string> kSwitches = {"json", "all", "untied", "no-repeat-blocks"};

// Parses the flags, loads --model, and runs `body` with both.
template <class Body>
std::function<int(int, char**, int)> with_model(Body body) {
  return [body](int argc, char** argv, int first) {
    auto args = cli::Args::parse(argc, argv, first, kFlags, kSwitches);
    if (!args) return fail(args.error().message);
    auto path = args->required("model");
    if (!path) return fail(path.error().message);
    auto model = load_model_path(*path);
    if (!model) return fail(model.error().message);
    return body(*args, model.value());
  };
}

using ModelPtr = std::shared_ptr<Gpt2Model>;
cli::Register generate_cmd({"generate",
    "generate  --model M --prompt TEXT [--max-new-tokens N] [--max-length N] [--temperature T]\n"
    "          [--top-k K] [--top-p P] [--min-p P] [--repetition-penalty R] [--no-repeat-ngram-size N]\n"
    "            [--penalty-scope all|generated] [--no-repeat-blocks]\n"
    "          [--seed S] [--n N] [--stop S]... [--json]\n"
    "          [--mention PHRASE]... [--mention-boost B]   (phrase guidance: steer towards mentioning\n"
    "            each PHRASE, e.g. the product's features; B is the logit boost, 0 = off)",
    with_model([](const cli::Args& a, ModelPtr m) { return cmd_generate(a, m); })});
cli::Register tokenize_cmd({"tokenize", "tokenize  --model M --text TEXT [--json]",
    with_model([](const cli::Args& a, ModelPtr m) { return cmd_tokenize(a, *m); })});
cli::Register score_cmd({"score", "score     --model M --prompt TEXT --continuation TEXT [--json]",
    with_model([](const cli::Args& a, ModelPtr m) { return cmd_score(a, *m); })});
cli::Register info_cmd({"info", "info      --model M [--json]",
    with_model([](const cli::Args& a, ModelPtr m) { return cmd_info(a, *m); })});
cli::Register logits_cmd({"logits", "logits    --model M --tokens 1,2,3 [--all]   (JSON: logits of the last, or every, position)",
    with_model([](const cli::Args& a, ModelPtr m) { return cmd_logits(a, *m); })});
cli::Register convert_cmd({"convert", "convert   --model M --out FILE [--type f32|f16|q8_0]   (GGUF or Hugging Face dir -> GGUF)",
    with_model([](const cli::Args& a, ModelPtr m) { return cmd_convert(a, *m); })});
cli::Register init_cmd({"init",
    "init      --out FILE --vocab encoder.json --merges vocab.bpe [--embd 64] [--layers 2] [--heads 4]\n"
    "          [--ctx 256] [--ff 4*embd] [--type f32|f16|q8_0] [--seed 1] [--std 0.02] [--untied] [--name NAME]\n"
    "          (a randomly initialised GPT-2)",
    [](int argc, char** argv, int first) {
      auto args = cli::Args::parse(argc, argv, first, kFlags, kSwitches);
      if (!args) return fail(args.error().message);
      return cmd_init(*args);
    }});

}  // namespace
