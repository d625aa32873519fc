#include "model/gpt2_write.h"

#include <cmath>
#include <cstring>

#include "core/f16.h"
#include "core/kernels.h"
#include "core/rng.h"
#include "model/gguf.h"

namespace plume {
namespace {

void write_header(GgufWriter& w, const Gpt2Config& c, const Tokenizer& tok, const std::string& name, DType weights) {
  w.set_string("general.architecture", "gpt2");
  w.set_string("general.name", name);
  // llama.cpp's llama_ftype of the 2-D weights (ALL_F32 = 0, MOSTLY_F16 = 1, MOSTLY_Q8_0 = 7);
  // the spec requires quantization_version whenever a tensor is quantized (ggml's is 2).
  w.set_uint32("general.file_type", weights == DType::F32 ? 0u : weights == DType::F16 ? 1u : 7u);
  if (weights == DType::Q8_0) w.set_uint32("general.quantization_version", 2);
  w.set_uint32("gpt2.context_length", static_cast<uint32_t>(c.n_ctx));
  w.set_uint32("gpt2.embedding_length", static_cast<uint32_t>(c.n_embd));
  w.set_uint32("gpt2.feed_forward_length", static_cast<uint32_t>(c.n_ff));
  w.set_uint32("gpt2.block_count", static_cast<uint32_t>(c.n_layer));
  w.set_uint32("gpt2.attention.head_count", static_cast<uint32_t>(c.n_head));
  w.set_float32("gpt2.attention.layer_norm_epsilon", c.norm_eps);
  w.set_string("tokenizer.ggml.model", "gpt2");
  w.set_string("tokenizer.ggml.pre", "gpt-2");  // llama.cpp: GPT-2's exact pre-tokenizer
  w.set_string_array("tokenizer.ggml.tokens", tok.tokens());
  std::vector<int32_t> types = tok.token_types();
  if (types.size() != tok.tokens().size()) {
    types.assign(tok.tokens().size(), 1);  // normal
    if (tok.eos_id() >= 0) types[static_cast<size_t>(tok.eos_id())] = 3;  // control
  }
  w.set_int32_array("tokenizer.ggml.token_type", types);
  w.set_string_array("tokenizer.ggml.merges", tok.merges());
  if (tok.bos_id() >= 0) w.set_uint32("tokenizer.ggml.bos_token_id", static_cast<uint32_t>(tok.bos_id()));
  if (tok.eos_id() >= 0) w.set_uint32("tokenizer.ggml.eos_token_id", static_cast<uint32_t>(tok.eos_id()));
  w.set_bool("tokenizer.ggml.add_bos_token", false);  // GPT-2 continues raw text
}

std::vector<uint8_t> encode_rows(const std::vector<float>& data, int64_t rows, int64_t cols, DType type) {
  std::vector<uint8_t> out(static_cast<size_t>(rows) * row_bytes(type, cols));
  for (int64_t r = 0; r < rows; r++) {
    const float* src = &data[static_cast<size_t>(r * cols)];
    uint8_t* dst = out.data() + static_cast<size_t>(r) * row_bytes(type, cols);
    switch (type) {
      case DType::F32: std::memcpy(dst, src, static_cast<size_t>(cols) * 4); break;
      case DType::F16:
        for (int64_t i = 0; i < cols; i++) {
          uint16_t h = f32_to_f16(src[i]);
          std::memcpy(dst + i * 2, &h, 2);
        }
        break;
      case DType::Q8_0: quantize_row_q8_0(src, cols, reinterpret_cast<BlockQ8_0*>(dst)); break;
    }
  }
  return out;
}

// Adds a matrix (rows of cols) in ggml order [cols, rows]; Q8_0 needs cols % 32 == 0, else F16.
Status add_matrix(GgufWriter& w, const std::string& name, const std::vector<float>& data, int64_t rows, int64_t cols,
                  DType type) {
  if (type == DType::Q8_0 && cols % kQ8Block != 0) type = DType::F16;
  return w.add_tensor(name, {cols, rows}, type, encode_rows(data, rows, cols, type));
}

Status add_vector(GgufWriter& w, const std::string& name, const float* data, int64_t n) {
  std::vector<uint8_t> bytes(static_cast<size_t>(n) * 4);
  std::memcpy(bytes.data(), data, bytes.size());
  return w.add_tensor(name, {n}, DType::F32, std::move(bytes));
}

std::vector<float> matrix_to_f32(const Matrix& m) {
  std::vector<float> out(static_cast<size_t>(m.rows * m.cols));
  for (int64_t r = 0; r < m.rows; r++) dequantize_row(m, r, &out[static_cast<size_t>(r * m.cols)]);
  return out;
}

}  // namespace

Result<std::vector<uint8_t>> gpt2_to_gguf(const Gpt2Model& model, DType type, const std::string& name) {
  return gpt2_weights_to_gguf(model.config(), model.weights(), model.tokenizer(), type, name);
}

Result<std::vector<uint8_t>> gpt2_weights_to_gguf(const Gpt2Config& c, const Gpt2Weights& wt, const Tokenizer& tok,
                                                  DType type, const std::string& name) {
  if (wt.layers.size() != static_cast<size_t>(c.n_layer))
    return make_error("the weights have ", wt.layers.size(), " layers but the configuration says ", c.n_layer);
  GgufWriter w;
  write_header(w, c, tok, name, type);
  auto matrix = [&](const std::string& n, const Matrix& m) { return add_matrix(w, n, matrix_to_f32(m), m.rows, m.cols, type); };
  Status s;
  if (s = matrix("token_embd.weight", wt.token_embd); !s) return s.error();
  if (s = matrix("position_embd.weight", wt.position_embd); !s) return s.error();
  for (int32_t i = 0; i < c.n_layer; i++) {
    const Gpt2Layer& L = wt.layers[static_cast<size_t>(i)];
    const std::string p = "blk." + std::to_string(i) + ".";
    if (s = add_vector(w, p + "attn_norm.weight", L.attn_norm_w, c.n_embd); !s) return s.error();
    if (s = add_vector(w, p + "attn_norm.bias", L.attn_norm_b, c.n_embd); !s) return s.error();
    if (s = matrix(p + "attn_qkv.weight", L.attn_qkv); !s) return s.error();
    if (s = add_vector(w, p + "attn_qkv.bias", L.attn_qkv_b, 3 * c.n_embd); !s) return s.error();
    if (s = matrix(p + "attn_output.weight", L.attn_output); !s) return s.error();
    if (s = add_vector(w, p + "attn_output.bias", L.attn_output_b, c.n_embd); !s) return s.error();
    if (s = add_vector(w, p + "ffn_norm.weight", L.ffn_norm_w, c.n_embd); !s) return s.error();
    if (s = add_vector(w, p + "ffn_norm.bias", L.ffn_norm_b, c.n_embd); !s) return s.error();
    if (s = matrix(p + "ffn_up.weight", L.ffn_up); !s) return s.error();
    if (s = add_vector(w, p + "ffn_up.bias", L.ffn_up_b, c.n_ff); !s) return s.error();
    if (s = matrix(p + "ffn_down.weight", L.ffn_down); !s) return s.error();
    if (s = add_vector(w, p + "ffn_down.bias", L.ffn_down_b, c.n_embd); !s) return s.error();
  }
  if (s = add_vector(w, "output_norm.weight", wt.output_norm_w, c.n_embd); !s) return s.error();
  if (s = add_vector(w, "output_norm.bias", wt.output_norm_b, c.n_embd); !s) return s.error();
  if (!wt.tied_output)
    if (s = matrix("output.weight", wt.output); !s) return s.error();
  return w.to_bytes();
}

Result<std::vector<uint8_t>> random_gpt2_gguf(const RandomModelOptions& o, const Tokenizer& tok) {
  Gpt2Config c = o.config;
  c.n_vocab = tok.vocab_size();
  if (c.n_embd <= 0 || c.n_head <= 0 || c.n_embd % c.n_head != 0)
    return make_error("embedding length ", c.n_embd, " must be a positive multiple of the head count ", c.n_head);
  if (c.n_layer <= 0 || c.n_ctx <= 0 || c.n_ff <= 0) return make_error("layers, context and feed-forward length must be positive");
  if (!(o.std > 0.0f) || !std::isfinite(o.std)) return make_error("the initialisation std must be a positive number");

  Rng rng(o.seed, 0);
  auto random = [&](int64_t n, float mean, float std) {
    std::vector<float> v(static_cast<size_t>(n));
    for (float& x : v) x = mean + std * rng.normal();
    return v;
  };
  // Residual projections scaled by 1/sqrt(2 * layers), as GPT-2 initialises them.
  const float proj_std = o.std / std::sqrt(2.0f * static_cast<float>(c.n_layer));
  GgufWriter w;
  write_header(w, c, tok, o.name, o.weight_type);
  const DType t = o.weight_type;
  const int64_t E = c.n_embd, F = c.n_ff, V = c.n_vocab;
  Status s;
  auto vec = [&](const std::string& name, int64_t n, float mean) { return add_vector(w, name, random(n, mean, o.std).data(), n); };
  if (s = add_matrix(w, "token_embd.weight", random(V * E, 0, o.std), V, E, t); !s) return s.error();
  if (s = add_matrix(w, "position_embd.weight", random(c.n_ctx * E, 0, o.std / 2), c.n_ctx, E, t); !s) return s.error();
  for (int32_t i = 0; i < c.n_layer; i++) {
    const std::string p = "blk." + std::to_string(i) + ".";
    if (s = vec(p + "attn_norm.weight", E, 1.0f); !s) return s.error();
    if (s = vec(p + "attn_norm.bias", E, 0.0f); !s) return s.error();
    if (s = add_matrix(w, p + "attn_qkv.weight", random(3 * E * E, 0, o.std), 3 * E, E, t); !s) return s.error();
    if (s = vec(p + "attn_qkv.bias", 3 * E, 0.0f); !s) return s.error();
    if (s = add_matrix(w, p + "attn_output.weight", random(E * E, 0, proj_std), E, E, t); !s) return s.error();
    if (s = vec(p + "attn_output.bias", E, 0.0f); !s) return s.error();
    if (s = vec(p + "ffn_norm.weight", E, 1.0f); !s) return s.error();
    if (s = vec(p + "ffn_norm.bias", E, 0.0f); !s) return s.error();
    if (s = add_matrix(w, p + "ffn_up.weight", random(F * E, 0, o.std), F, E, t); !s) return s.error();
    if (s = vec(p + "ffn_up.bias", F, 0.0f); !s) return s.error();
    if (s = add_matrix(w, p + "ffn_down.weight", random(E * F, 0, proj_std), E, F, t); !s) return s.error();
    if (s = vec(p + "ffn_down.bias", E, 0.0f); !s) return s.error();
  }
  if (s = vec("output_norm.weight", E, 1.0f); !s) return s.error();
  if (s = vec("output_norm.bias", E, 0.0f); !s) return s.error();
  if (o.untied_output)
    if (s = add_matrix(w, "output.weight", random(V * E, 0, o.std), V, E, t); !s) return s.error();
  return w.to_bytes();
}

}  // namespace plume
