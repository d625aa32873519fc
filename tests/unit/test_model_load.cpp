// Loading GPT-2 models: GGUF validation messages, Hugging Face checkpoints, conversion.
#include <catch2/catch.hpp>

#include <cstring>
#include <functional>

#include <nlohmann/json.hpp>

#include "model/gguf.h"
#include "model/gpt2_write.h"
#include "model/safetensors.h"
#include "model_fixture.h"

using namespace plume;

namespace {

// Rewrites a GGUF with one change applied to its metadata or tensors.
std::vector<uint8_t> edited(const std::vector<uint8_t>& bytes,
                            const std::function<void(std::string& key, GgufValue& value)>& edit_kv,
                            const std::function<bool(GgufTensorInfo& t, std::vector<uint8_t>& data)>& edit_tensor) {
  auto file = GgufFile::parse(blob_from_vector(bytes));
  REQUIRE(file.ok());
  GgufWriter w;
  for (auto [key, value] : file->metadata()) {
    if (key == "general.alignment") continue;
    edit_kv(key, value);
    if (!key.empty()) w.set_value(key, value);
  }
  for (GgufTensorInfo t : file->tensors()) {
    std::vector<uint8_t> data(t.data, t.data + t.size_bytes);
    if (!edit_tensor(t, data)) continue;
    REQUIRE(w.add_tensor(t.name, t.ne, t.type, data).ok());
  }
  return w.to_bytes();
}

std::string load_error(const std::vector<uint8_t>& bytes) {
  auto m = Gpt2Model::from_gguf(blob_from_vector(bytes));
  REQUIRE_FALSE(m.ok());
  return m.error().message;
}

auto keep_kv = [](std::string&, GgufValue&) {};
auto keep_tensor = [](GgufTensorInfo&, std::vector<uint8_t>&) { return true; };

std::vector<float> last_logits(const Gpt2Model& model, const std::vector<int32_t>& tokens) {
  KvCache cache;
  cache.reset(model.config(), static_cast<int32_t>(tokens.size()));
  std::vector<BatchItem> batch;
  for (size_t i = 0; i < tokens.size(); i++) batch.push_back({&cache, tokens[i], static_cast<int32_t>(i), i + 1 == tokens.size()});
  std::vector<float> logits(static_cast<size_t>(model.config().n_vocab));
  ForwardScratch scratch;
  gpt2_forward(model, batch.data(), static_cast<int>(batch.size()), logits.data(), scratch);
  return logits;
}

std::vector<uint8_t> f32_bytes(const std::vector<float>& v) {
  std::vector<uint8_t> b(v.size() * 4);
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}

}  // namespace

TEST_CASE("a GGUF model reports its configuration", "[load]") {
  auto model = test::tiny_model();
  const Gpt2Config& c = model->config();
  CHECK(c.n_vocab == 262);
  CHECK(c.n_embd == 32);
  CHECK(c.n_layer == 2);
  CHECK(c.n_head == 4);
  CHECK(c.n_ctx == 64);
  CHECK(c.n_ff == 96);
  CHECK(model->weights().tied_output);
  CHECK(model->info().quantization == "F32");
  CHECK(model->tokenizer().eos_id() == 261);
}

TEST_CASE("GGUF models with the wrong content are refused with the exact problem", "[load]") {
  const auto good = test::tiny_model_bytes();

  CHECK(load_error(edited(good, [](std::string& k, GgufValue& v) { if (k == "general.architecture") v.str = "llama"; }, keep_tensor)) ==
        "unsupported architecture 'llama': Plume runs GPT-2 models (general.architecture = gpt2)");

  CHECK_THAT(load_error(edited(good, [](std::string& k, GgufValue&) { if (k == "gpt2.block_count") k.clear(); }, keep_tensor)),
             Catch::Contains("gpt2.block_count"));

  CHECK_THAT(load_error(edited(good, keep_kv, [](GgufTensorInfo& t, std::vector<uint8_t>&) { return t.name != "blk.1.ffn_up.weight"; })),
             Catch::Contains("missing tensor 'blk.1.ffn_up.weight'"));

  // A feed-forward matrix of the wrong width: the message gives both shapes in ggml order.
  auto wrong_shape = edited(good, keep_kv, [](GgufTensorInfo& t, std::vector<uint8_t>& data) {
    if (t.name == "blk.0.ffn_up.weight") {
      t.ne = {32, 90};
      data.resize(32 * 90 * 4);
    }
    return true;
  });
  CHECK(load_error(wrong_shape) == "tensor blk.0.ffn_up.weight has shape [32, 90], expected [32, 96]");

  CHECK_THAT(load_error(edited(good, [](std::string& k, GgufValue& v) { if (k == "gpt2.attention.head_count") v.u64 = v.i64 = 5; }, keep_tensor)),
             Catch::Contains("not divisible by the head count 5"));

  CHECK_THAT(load_error(edited(good, [](std::string& k, GgufValue& v) { if (k == "gpt2.embedding_length") v.u64 = v.i64 = 0; }, keep_tensor)),
             Catch::Contains("embedding length is 0"));

  CHECK_THAT(load_error(edited(good, [](std::string& k, GgufValue&) { if (k == "tokenizer.ggml.merges") k.clear(); }, keep_tensor)),
             Catch::Contains("merges"));

  CHECK_THAT(load_error({'P', 'K', 3, 4, 0, 0, 0, 0}), Catch::Contains("not a GGUF file"));
  CHECK_FALSE(load_error(std::vector<uint8_t>(good.begin(), good.begin() + static_cast<long>(good.size() / 2))).empty());
}

TEST_CASE("converting to GGUF keeps the model: F32 exactly, Q8_0 closely", "[load]") {
  auto model = test::tiny_model();
  const std::vector<int32_t> tokens = {10, 258, 99, 3};
  auto reference = last_logits(*model, tokens);

  auto f32 = gpt2_to_gguf(*model, DType::F32, "copy");
  REQUIRE(f32.ok());
  auto copy = Gpt2Model::from_gguf(blob_from_vector(*f32));
  REQUIRE(copy.ok());
  CHECK(last_logits(**copy, tokens) == reference);

  auto q8 = gpt2_to_gguf(*model, DType::Q8_0, "q8");
  REQUIRE(q8.ok());
  auto quant = Gpt2Model::from_gguf(blob_from_vector(*q8));
  REQUIRE(quant.ok());
  CHECK((*quant)->info().quantization == "Q8_0");
  auto q = last_logits(**quant, tokens);
  double max_diff = 0, max_abs = 0;
  for (size_t i = 0; i < q.size(); i++) {
    max_diff = std::max(max_diff, static_cast<double>(std::abs(q[i] - reference[i])));
    max_abs = std::max(max_abs, static_cast<double>(std::abs(reference[i])));
  }
  CHECK(max_diff < 0.05 * max_abs);
}

TEST_CASE("a Hugging Face checkpoint gives the same logits as the GGUF of the same weights", "[load]") {
  for (bool untied : {false, true}) {
    test::TinyModelSpec spec;
    spec.untied = untied;
    auto model = test::tiny_model(spec);
    const Gpt2Config& c = model->config();
    const Gpt2Weights& w = model->weights();

    // Export in Hugging Face's layout: Conv1D weights are [in, out], i.e. transposed.
    std::vector<SafeTensorData> tensors;
    auto matrix = [&](const std::string& name, const Matrix& m, bool conv1d) {
      std::vector<float> v(static_cast<size_t>(m.rows * m.cols));
      std::vector<float> row(static_cast<size_t>(m.cols));
      for (int64_t r = 0; r < m.rows; r++) {
        dequantize_row(m, r, row.data());
        for (int64_t i = 0; i < m.cols; i++)
          v[static_cast<size_t>(conv1d ? i * m.rows + r : r * m.cols + i)] = row[static_cast<size_t>(i)];
      }
      std::vector<int64_t> shape = conv1d ? std::vector<int64_t>{m.cols, m.rows} : std::vector<int64_t>{m.rows, m.cols};
      tensors.push_back({name, "F32", shape, f32_bytes(v)});
    };
    auto vector = [&](const std::string& name, const float* data, int64_t n) {
      tensors.push_back({name, "F32", {n}, f32_bytes(std::vector<float>(data, data + n))});
    };
    matrix("transformer.wte.weight", w.token_embd, false);
    matrix("transformer.wpe.weight", w.position_embd, false);
    for (int32_t i = 0; i < c.n_layer; i++) {
      const Gpt2Layer& L = w.layers[static_cast<size_t>(i)];
      const std::string p = "transformer.h." + std::to_string(i) + ".";
      vector(p + "ln_1.weight", L.attn_norm_w, c.n_embd);
      vector(p + "ln_1.bias", L.attn_norm_b, c.n_embd);
      matrix(p + "attn.c_attn.weight", L.attn_qkv, true);
      vector(p + "attn.c_attn.bias", L.attn_qkv_b, 3 * c.n_embd);
      matrix(p + "attn.c_proj.weight", L.attn_output, true);
      vector(p + "attn.c_proj.bias", L.attn_output_b, c.n_embd);
      vector(p + "ln_2.weight", L.ffn_norm_w, c.n_embd);
      vector(p + "ln_2.bias", L.ffn_norm_b, c.n_embd);
      matrix(p + "mlp.c_fc.weight", L.ffn_up, true);
      vector(p + "mlp.c_fc.bias", L.ffn_up_b, c.n_ff);
      matrix(p + "mlp.c_proj.weight", L.ffn_down, true);
      vector(p + "mlp.c_proj.bias", L.ffn_down_b, c.n_embd);
    }
    vector("transformer.ln_f.weight", w.output_norm_w, c.n_embd);
    vector("transformer.ln_f.bias", w.output_norm_b, c.n_embd);
    if (untied) matrix("lm_head.weight", w.output, false);
    auto st = write_safetensors(tensors);
    REQUIRE(st.ok());

    nlohmann::json vocab = nlohmann::json::object();
    const Tokenizer& tok = model->tokenizer();
    for (int32_t i = 0; i < tok.vocab_size(); i++) vocab[tok.token_text(i)] = i;
    std::string merges = "#version: 0.2\n";
    for (const std::string& m : tok.merges()) merges += m + "\n";
    nlohmann::json config = {{"model_type", "gpt2"}, {"n_embd", c.n_embd}, {"n_layer", c.n_layer},
                             {"n_head", c.n_head}, {"n_positions", c.n_ctx}, {"vocab_size", c.n_vocab},
                             {"n_inner", c.n_ff}, {"layer_norm_epsilon", c.norm_eps},
                             {"activation_function", "gelu_new"}};

    auto hf = Gpt2Model::from_hf(blob_from_vector(*st), config.dump(), vocab.dump(), merges);
    if (!hf) FAIL(hf.error().message);
    CHECK((*hf)->weights().tied_output == !untied);
    const std::vector<int32_t> tokens = {72, 258, 5, 200};
    CHECK(last_logits(**hf, tokens) == last_logits(*model, tokens));

    config["activation_function"] = "relu";
    auto bad = Gpt2Model::from_hf(blob_from_vector(*st), config.dump(), vocab.dump(), merges);
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("relu"));
    config["activation_function"] = "gelu_new";
    config["n_inner"] = c.n_ff + 1;
    bad = Gpt2Model::from_hf(blob_from_vector(*st), config.dump(), vocab.dump(), merges);
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("mlp.c_fc.weight has shape"));
    config["n_inner"] = c.n_ff;
    for (double eps : {1e300, -1e-5, 0.0, 2.0}) {  // 1e300 overflows float: refused before narrowing
      config["layer_norm_epsilon"] = eps;
      bad = Gpt2Model::from_hf(blob_from_vector(*st), config.dump(), vocab.dump(), merges);
      REQUIRE_FALSE(bad.ok());
      CHECK_THAT(bad.error().message, Catch::Contains("layer norm epsilon"));
    }
  }
}
