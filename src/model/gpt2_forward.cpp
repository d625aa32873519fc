// The GPT-2 forward pass, top to bottom, for a batch of tokens from one or more sequences.
//   x = token_embd[token] + position_embd[pos]
//   per block:  x += attn(layernorm(x)),  x += mlp(layernorm(x))
//   logits = output · layernorm(x)
// All float arithmetic is in a fixed order (see core/kernels.h), so results are bit-identical
// natively and in WebAssembly.
#include <algorithm>
#include <cmath>

#include "core/math.h"
#include "model/gpt2.h"

namespace plume {

void KvCache::reset(const Gpt2Config& config, int32_t new_capacity) {
  n_layer = config.n_layer;
  n_embd = config.n_embd;
  capacity = new_capacity;
  length = 0;
  size_t n = static_cast<size_t>(n_layer) * static_cast<size_t>(capacity) * static_cast<size_t>(n_embd);
  k.assign(n, 0.0f);
  v.assign(n, 0.0f);
}

void ForwardScratch::ensure(const Gpt2Config& c, int n_tokens) {
  size_t n = static_cast<size_t>(n_tokens);
  size_t e = static_cast<size_t>(c.n_embd);
  if (x.size() < n * e) {
    x.resize(n * e);
    xn.resize(n * e);
    att_out.resize(n * e);
    proj.resize(n * e);
    qkv.resize(n * e * 3);
    ff.resize(n * static_cast<size_t>(c.n_ff));
  }
}

namespace {

// out = (x - mean) / sqrt(var + eps) * w + b, sums taken left to right.
void layer_norm(const float* x, const float* w, const float* b, int n, float eps, float* out) {
  float sum = 0.0f;
  for (int i = 0; i < n; i++) sum += x[i];
  float mean = sum / static_cast<float>(n);
  float var = 0.0f;
  for (int i = 0; i < n; i++) {
    float d = x[i] - mean;
    var += d * d;
  }
  var /= static_cast<float>(n);
  float inv = 1.0f / std::sqrt(var + eps);
  for (int i = 0; i < n; i++) out[i] = (x[i] - mean) * inv * w[i] + b[i];
}

// One head of causal attention for one query: softmax(q·K/sqrt(d)) V over positions 0..pos.
void attend(const float* q, KvCache& cache, int layer, int head, int head_dim, int pos, float* scores,
            float* out) {
  const float scale = 1.0f / std::sqrt(static_cast<float>(head_dim));
  const int offset = head * head_dim;
  float max_score = -INFINITY;
  for (int t = 0; t <= pos; t++) {
    scores[t] = dot_f32(q, cache.k_at(layer, t) + offset, head_dim) * scale;
    if (scores[t] > max_score) max_score = scores[t];
  }
  float sum = 0.0f;
  for (int t = 0; t <= pos; t++) {
    scores[t] = exp_f32(scores[t] - max_score);
    sum += scores[t];
  }
  float inv_sum = 1.0f / sum;
  for (int d = 0; d < head_dim; d++) out[d] = 0.0f;
  for (int t = 0; t <= pos; t++) {
    scores[t] *= inv_sum;
    const float* v = cache.v_at(layer, t) + offset;
    for (int d = 0; d < head_dim; d++) out[d] += scores[t] * v[d];
  }
}

}  // namespace

void gpt2_forward(const Gpt2Model& model, const BatchItem* items, int n_items, float* logits,
                  ForwardScratch& s, AttentionTrace* trace) {
  const Gpt2Config& c = model.config();
  const Gpt2Weights& w = model.weights();
  const int E = c.n_embd;
  const int head_dim = E / c.n_head;
  s.ensure(c, n_items);

  int max_pos = 0;
  for (int i = 0; i < n_items; i++) max_pos = std::max(max_pos, items[i].pos);
  if (s.scores.size() < static_cast<size_t>(max_pos + 1)) s.scores.resize(static_cast<size_t>(max_pos + 1));
  if (trace != nullptr && trace->enabled) {
    trace->n_positions = items[n_items - 1].pos + 1;
    trace->weights.assign(static_cast<size_t>(c.n_layer) * c.n_head * trace->n_positions, 0.0f);
  }

  // Embeddings.
  float* position_row = s.proj.data();  // free until the first attention projection
  for (int i = 0; i < n_items; i++) {
    float* x = &s.x[static_cast<size_t>(i) * E];
    dequantize_row(w.token_embd, items[i].token, x);
    dequantize_row(w.position_embd, items[i].pos, position_row);
    for (int d = 0; d < E; d++) x[d] += position_row[d];
  }

  for (int l = 0; l < c.n_layer; l++) {
    const Gpt2Layer& L = w.layers[static_cast<size_t>(l)];

    // Attention: qkv projection for the whole batch, then keys and values into the caches.
    for (int i = 0; i < n_items; i++)
      layer_norm(&s.x[static_cast<size_t>(i) * E], L.attn_norm_w, L.attn_norm_b, E, c.norm_eps,
                 &s.xn[static_cast<size_t>(i) * E]);
    matmul(L.attn_qkv, s.xn.data(), n_items, L.attn_qkv_b, s.qkv.data(), s.matmul);
    for (int i = 0; i < n_items; i++) {
      const float* qkv = &s.qkv[static_cast<size_t>(i) * 3 * E];
      std::copy(qkv + E, qkv + 2 * E, items[i].cache->k_at(l, items[i].pos));
      std::copy(qkv + 2 * E, qkv + 3 * E, items[i].cache->v_at(l, items[i].pos));
    }
    for (int i = 0; i < n_items; i++) {
      const float* q = &s.qkv[static_cast<size_t>(i) * 3 * E];
      for (int h = 0; h < c.n_head; h++) {
        attend(q + h * head_dim, *items[i].cache, l, h, head_dim, items[i].pos, s.scores.data(),
               &s.att_out[static_cast<size_t>(i) * E + h * head_dim]);
        if (trace != nullptr && trace->enabled && i == n_items - 1) {
          float* dst = &trace->weights[(static_cast<size_t>(l) * c.n_head + h) * trace->n_positions];
          std::copy(s.scores.begin(), s.scores.begin() + items[i].pos + 1, dst);
        }
      }
    }
    matmul(L.attn_output, s.att_out.data(), n_items, L.attn_output_b, s.proj.data(), s.matmul);
    for (size_t j = 0; j < static_cast<size_t>(n_items) * E; j++) s.x[j] += s.proj[j];

    // MLP: up, GELU, down.
    for (int i = 0; i < n_items; i++)
      layer_norm(&s.x[static_cast<size_t>(i) * E], L.ffn_norm_w, L.ffn_norm_b, E, c.norm_eps,
                 &s.xn[static_cast<size_t>(i) * E]);
    matmul(L.ffn_up, s.xn.data(), n_items, L.ffn_up_b, s.ff.data(), s.matmul);
    for (size_t j = 0; j < static_cast<size_t>(n_items) * c.n_ff; j++) s.ff[j] = gelu_f32(s.ff[j]);
    matmul(L.ffn_down, s.ff.data(), n_items, L.ffn_down_b, s.proj.data(), s.matmul);
    for (size_t j = 0; j < static_cast<size_t>(n_items) * E; j++) s.x[j] += s.proj[j];
  }

  // Final norm and the output head, only for the items that want logits.
  int n_out = 0;
  for (int i = 0; i < n_items; i++) {
    if (!items[i].want_logits) continue;
    layer_norm(&s.x[static_cast<size_t>(i) * E], w.output_norm_w, w.output_norm_b, E, c.norm_eps,
               &s.xn[static_cast<size_t>(n_out) * E]);
    n_out++;
  }
  if (n_out > 0) matmul(w.output, s.xn.data(), n_out, nullptr, logits, s.matmul);

  for (int i = 0; i < n_items; i++) {
    KvCache& cache = *items[i].cache;
    if (items[i].pos + 1 > cache.length) cache.length = items[i].pos + 1;
  }
}

}  // namespace plume
