#include "train/train_params.h"

#include <cmath>

#include "core/kernels.h"
#include "core/rng.h"
#include "model/gpt2_write.h"

namespace plume {
namespace {

constexpr uint64_t kInitStream = 0x1417;  // PCG32 stream of the initialisation (any fixed value)

}  // namespace

Result<ParamLayout> ParamLayout::make(const Gpt2Config& c) {
  const ModelLimits limits;
  if (c.n_vocab <= 0 || c.n_vocab > limits.max_vocab)
    return make_error("vocabulary size ", c.n_vocab, " must be between 1 and ", limits.max_vocab);
  if (c.n_ctx <= 0 || c.n_ctx > limits.max_ctx) return make_error("context length ", c.n_ctx, " must be between 1 and ", limits.max_ctx);
  if (c.n_embd <= 0 || c.n_embd > limits.max_embd)
    return make_error("embedding length ", c.n_embd, " must be between 1 and ", limits.max_embd);
  if (c.n_head <= 0 || c.n_embd % c.n_head != 0)
    return make_error("embedding length ", c.n_embd, " must be a positive multiple of the head count ", c.n_head);
  if (c.n_layer <= 0 || c.n_layer > limits.max_layers)
    return make_error("layer count ", c.n_layer, " must be between 1 and ", limits.max_layers);
  if (c.n_ff <= 0 || c.n_ff > 4 * limits.max_embd) return make_error("feed-forward length ", c.n_ff, " is out of range");
  if (!(c.norm_eps > 0.0f)) return make_error("layer-norm epsilon must be positive");

  ParamLayout L;
  L.config = c;
  const int64_t V = c.n_vocab, E = c.n_embd, F = c.n_ff;
  auto add = [&](const std::string& name, int64_t rows, int64_t cols, bool decay) {
    L.tensors.push_back({name, L.total, rows, cols, decay});
    L.total += static_cast<size_t>(rows * cols);
    return L.tensors.back().offset;
  };
  L.token_embd = add("token_embd.weight", V, E, true);
  L.position_embd = add("position_embd.weight", c.n_ctx, E, true);
  for (int32_t l = 0; l < c.n_layer; l++) {
    const std::string p = "blk." + std::to_string(l) + ".";
    Layer y{};
    y.attn_norm_w = add(p + "attn_norm.weight", 1, E, false);
    y.attn_norm_b = add(p + "attn_norm.bias", 1, E, false);
    y.attn_qkv_w = add(p + "attn_qkv.weight", 3 * E, E, true);
    y.attn_qkv_b = add(p + "attn_qkv.bias", 1, 3 * E, false);
    y.attn_output_w = add(p + "attn_output.weight", E, E, true);
    y.attn_output_b = add(p + "attn_output.bias", 1, E, false);
    y.ffn_norm_w = add(p + "ffn_norm.weight", 1, E, false);
    y.ffn_norm_b = add(p + "ffn_norm.bias", 1, E, false);
    y.ffn_up_w = add(p + "ffn_up.weight", F, E, true);
    y.ffn_up_b = add(p + "ffn_up.bias", 1, F, false);
    y.ffn_down_w = add(p + "ffn_down.weight", E, F, true);
    y.ffn_down_b = add(p + "ffn_down.bias", 1, E, false);
    L.layers.push_back(y);
  }
  L.output_norm_w = add("output_norm.weight", 1, E, false);
  L.output_norm_b = add("output_norm.bias", 1, E, false);
  // Parameters, gradients and two moments live in memory together (and in wasm32's 4 GiB).
  if (L.total > (size_t{1} << 27))
    return make_error("the model has ", static_cast<double>(L.total) / 1e6, " million parameters; the trainer takes at most 134 million");
  return L;
}

const ParamTensor* ParamLayout::find(std::string_view name) const {
  for (const ParamTensor& t : tensors)
    if (t.name == name) return &t;
  return nullptr;
}

Result<TrainParams> params_from_model(const Gpt2Model& model) {
  const Gpt2Weights& w = model.weights();
  if (!w.tied_output)
    return make_error("the model has a separate output matrix (output.weight); the trainer only trains GPT-2 models "
                      "whose output head is tied to the token embeddings");
  auto layout = ParamLayout::make(model.config());
  if (!layout) return layout.error();
  TrainParams p{std::move(layout.value()), {}};
  p.data.assign(p.layout.total, 0.0f);
  const int64_t E = p.layout.config.n_embd, F = p.layout.config.n_ff;
  auto matrix = [&](const Matrix& m, size_t offset) {
    for (int64_t r = 0; r < m.rows; r++) dequantize_row(m, r, p.at(offset + static_cast<size_t>(r * m.cols)));
  };
  auto vector = [&](const float* src, int64_t n, size_t offset) { std::copy(src, src + n, p.at(offset)); };
  matrix(w.token_embd, p.layout.token_embd);
  matrix(w.position_embd, p.layout.position_embd);
  for (size_t l = 0; l < w.layers.size(); l++) {
    const Gpt2Layer& s = w.layers[l];
    const ParamLayout::Layer& d = p.layout.layers[l];
    vector(s.attn_norm_w, E, d.attn_norm_w);
    vector(s.attn_norm_b, E, d.attn_norm_b);
    matrix(s.attn_qkv, d.attn_qkv_w);
    vector(s.attn_qkv_b, 3 * E, d.attn_qkv_b);
    matrix(s.attn_output, d.attn_output_w);
    vector(s.attn_output_b, E, d.attn_output_b);
    vector(s.ffn_norm_w, E, d.ffn_norm_w);
    vector(s.ffn_norm_b, E, d.ffn_norm_b);
    matrix(s.ffn_up, d.ffn_up_w);
    vector(s.ffn_up_b, F, d.ffn_up_b);
    matrix(s.ffn_down, d.ffn_down_w);
    vector(s.ffn_down_b, E, d.ffn_down_b);
  }
  vector(w.output_norm_w, E, p.layout.output_norm_w);
  vector(w.output_norm_b, E, p.layout.output_norm_b);
  return p;
}

Result<TrainParams> params_random(const Gpt2Config& config, uint64_t seed) {
  auto layout = ParamLayout::make(config);
  if (!layout) return layout.error();
  TrainParams p{std::move(layout.value()), {}};
  p.data.assign(p.layout.total, 0.0f);
  Rng rng(seed, kInitStream);
  const float proj_std = 0.02f / std::sqrt(2.0f * static_cast<float>(config.n_layer));
  for (const ParamTensor& t : p.layout.tensors) {
    float* x = p.at(t.offset);
    const bool is_norm_scale = t.name.find("norm.weight") != std::string::npos;
    if (!t.decay) {  // biases 0, norm scales 1
      std::fill(x, x + t.size(), is_norm_scale ? 1.0f : 0.0f);
      continue;
    }
    float std = 0.02f;
    if (t.name == "position_embd.weight") std = 0.01f;
    if (t.name.find("attn_output.weight") != std::string::npos || t.name.find("ffn_down.weight") != std::string::npos)
      std = proj_std;
    for (size_t i = 0; i < t.size(); i++) x[i] = std * rng.normal();
  }
  return p;
}

Result<std::vector<uint8_t>> params_to_gguf(const TrainParams& p, const Tokenizer& tokenizer, DType weight_type,
                                            const std::string& name) {
  const Gpt2Config& c = p.layout.config;
  if (tokenizer.vocab_size() != c.n_vocab)
    return make_error("the tokenizer has ", tokenizer.vocab_size(), " tokens but the model's vocabulary has ", c.n_vocab);
  auto matrix = [&](size_t offset, int64_t rows, int64_t cols) { return Matrix{DType::F32, p.at(offset), rows, cols}; };
  const int64_t E = c.n_embd, F = c.n_ff;
  Gpt2Weights w;
  w.token_embd = matrix(p.layout.token_embd, c.n_vocab, E);
  w.position_embd = matrix(p.layout.position_embd, c.n_ctx, E);
  w.output = w.token_embd;
  w.tied_output = true;
  for (const ParamLayout::Layer& l : p.layout.layers) {
    Gpt2Layer g;
    g.attn_norm_w = p.at(l.attn_norm_w);
    g.attn_norm_b = p.at(l.attn_norm_b);
    g.attn_qkv = matrix(l.attn_qkv_w, 3 * E, E);
    g.attn_qkv_b = p.at(l.attn_qkv_b);
    g.attn_output = matrix(l.attn_output_w, E, E);
    g.attn_output_b = p.at(l.attn_output_b);
    g.ffn_norm_w = p.at(l.ffn_norm_w);
    g.ffn_norm_b = p.at(l.ffn_norm_b);
    g.ffn_up = matrix(l.ffn_up_w, F, E);
    g.ffn_up_b = p.at(l.ffn_up_b);
    g.ffn_down = matrix(l.ffn_down_w, E, F);
    g.ffn_down_b = p.at(l.ffn_down_b);
    w.layers.push_back(g);
  }
  w.output_norm_w = p.at(p.layout.output_norm_w);
  w.output_norm_b = p.at(p.layout.output_norm_b);
  return gpt2_weights_to_gguf(c, w, tokenizer, weight_type, name);
}

}  // namespace plume
