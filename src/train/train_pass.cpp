#include "train/train_pass.h"

#include <algorithm>
#include <cmath>

#include "core/math.h"

namespace plume {

using namespace train_ops;

namespace {

template <class T>
void grow(std::vector<T>& v, size_t n) {
  if (v.size() < n) v.resize(n);
}

}  // namespace

Status TrainPass::check(const TrainBatch& b) const {
  const Gpt2Config& c = layout_.config;
  if (b.B <= 0 || b.T <= 0) return make_error("the batch must have at least one row of at least one token");
  if (b.T > c.n_ctx) return make_error("sequence length ", b.T, " is longer than the model's context of ", c.n_ctx, " tokens");
  const size_t n = static_cast<size_t>(b.B) * static_cast<size_t>(b.T);
  if (b.inputs.size() != n) return make_error("the batch has ", b.inputs.size(), " input tokens, expected B*T = ", n);
  for (int32_t id : b.inputs)
    if (id < 0 || id >= c.n_vocab) return make_error("token id ", id, " is outside the model's vocabulary of ", c.n_vocab);
  if (!b.targets.empty() || !b.mask.empty()) {
    if (b.targets.size() != n || b.mask.size() != n)
      return make_error("the batch needs B*T = ", n, " targets and mask entries");
    for (size_t i = 0; i < n; i++)
      if (b.mask[i] && (b.targets[i] < 0 || b.targets[i] >= c.n_vocab))
        return make_error("target token id ", b.targets[i], " is outside the model's vocabulary of ", c.n_vocab);
  }
  return {};
}

void TrainPass::ensure(int64_t B, int64_t T) {
  if (B == B_ && T == T_) return;
  const Gpt2Config& c = layout_.config;
  const size_t N = static_cast<size_t>(B * T), C = static_cast<size_t>(c.n_embd), F = static_cast<size_t>(c.n_ff);
  const size_t NH = static_cast<size_t>(c.n_head), L = static_cast<size_t>(c.n_layer);
  B_ = B;
  T_ = T;
  res_.assign(L + 1, std::vector<float>(N * C));
  layers_.resize(L);
  for (Layer& y : layers_) {
    y.ln1.assign(N * C, 0.0f);
    y.ln1_mean.assign(N, 0.0f);
    y.ln1_rstd.assign(N, 0.0f);
    y.qkv.assign(N * 3 * C, 0.0f);
    y.att.assign(static_cast<size_t>(B) * NH * static_cast<size_t>(T * T), 0.0f);
    y.atty.assign(N * C, 0.0f);
    y.res_mid.assign(N * C, 0.0f);
    y.ln2.assign(N * C, 0.0f);
    y.ln2_mean.assign(N, 0.0f);
    y.ln2_rstd.assign(N, 0.0f);
    y.fch.assign(N * F, 0.0f);
    y.fch_gelu.assign(N * F, 0.0f);
  }
  lnf_.assign(N * C, 0.0f);
  lnf_mean_.assign(N, 0.0f);
  lnf_rstd_.assign(N, 0.0f);
  losses_.assign(N, 0.0f);
  // The backward buffers are sized on first use (evaluation never needs them).
  tmp_.assign(N * C, 0.0f);
  dres_.clear();
}

void TrainPass::forward_body(const float* P, const TrainBatch& batch) {
  const Gpt2Config& c = layout_.config;
  const int64_t N = static_cast<int64_t>(batch.B) * batch.T, C = c.n_embd, F = c.n_ff, T = batch.T;
  const float* wte = P + layout_.token_embd;
  const float* wpe = P + layout_.position_embd;
  float* x0 = res_[0].data();
  pool_.parallel_for(N, [&](int64_t begin, int64_t end, int) {
    for (int64_t n = begin; n < end; n++) {
      float* x = x0 + n * C;
      const float* tok = wte + static_cast<int64_t>(batch.inputs[static_cast<size_t>(n)]) * C;
      const float* pos = wpe + (n % T) * C;
      for (int64_t d = 0; d < C; d++) x[d] = tok[d] + pos[d];
    }
  });
  for (size_t l = 0; l < layers_.size(); l++) {
    const ParamLayout::Layer& w = layout_.layers[l];
    Layer& a = layers_[l];
    layernorm_forward(pool_, res_[l].data(), P + w.attn_norm_w, P + w.attn_norm_b, N, C, c.norm_eps, a.ln1.data(),
                      a.ln1_mean.data(), a.ln1_rstd.data());
    linear_forward(pool_, scratch_, P + w.attn_qkv_w, P + w.attn_qkv_b, 3 * C, C, a.ln1.data(), N, a.qkv.data());
    attention_forward(pool_, a.qkv.data(), batch.B, T, C, c.n_head, a.att.data(), a.atty.data());
    linear_forward(pool_, scratch_, P + w.attn_output_w, P + w.attn_output_b, C, C, a.atty.data(), N, tmp_.data());
    add(pool_, res_[l].data(), tmp_.data(), N * C, a.res_mid.data());
    layernorm_forward(pool_, a.res_mid.data(), P + w.ffn_norm_w, P + w.ffn_norm_b, N, C, c.norm_eps, a.ln2.data(),
                      a.ln2_mean.data(), a.ln2_rstd.data());
    linear_forward(pool_, scratch_, P + w.ffn_up_w, P + w.ffn_up_b, F, C, a.ln2.data(), N, a.fch.data());
    gelu_forward(pool_, a.fch.data(), N * F, a.fch_gelu.data());
    linear_forward(pool_, scratch_, P + w.ffn_down_w, P + w.ffn_down_b, C, F, a.fch_gelu.data(), N, tmp_.data());
    add(pool_, a.res_mid.data(), tmp_.data(), N * C, res_[l + 1].data());
  }
  layernorm_forward(pool_, res_.back().data(), P + layout_.output_norm_w, P + layout_.output_norm_b, N, C, c.norm_eps,
                    lnf_.data(), lnf_mean_.data(), lnf_rstd_.data());
}

LossSum TrainPass::head(const float* P, const TrainBatch& batch, float* grads, float* logits_out) {
  const Gpt2Config& c = layout_.config;
  const int64_t N = static_cast<int64_t>(batch.B) * batch.T, C = c.n_embd, V = c.n_vocab;
  const bool with_loss = !batch.mask.empty();
  const float* wte = P + layout_.token_embd;
  int64_t count = 0;
  if (with_loss)
    for (uint8_t m : batch.mask) count += m != 0;
  // d(mean loss)/d(loss of one target).
  const float weight = count > 0 ? static_cast<float>(1.0 / static_cast<double>(count)) : 0.0f;
  if (grads != nullptr) {
    grow(wte_t_, static_cast<size_t>(V * C));
    transpose(pool_, wte, V, C, wte_t_.data());
    dlnf_.assign(static_cast<size_t>(N * C), 0.0f);
    grow(head_dw_, static_cast<size_t>(V * C));
  }
  if (logits_out == nullptr) grow(head_logits_, static_cast<size_t>(kHeadChunk * V));
  std::fill(losses_.begin(), losses_.end(), 0.0f);

  for (int64_t n0 = 0; n0 < N; n0 += kHeadChunk) {
    const int64_t k = std::min(kHeadChunk, N - n0);
    bool any_target = false;
    for (int64_t i = 0; i < k && with_loss; i++) any_target = any_target || batch.mask[static_cast<size_t>(n0 + i)];
    if (!any_target && logits_out == nullptr) continue;  // nothing to score or learn in this chunk
    float* lg = logits_out != nullptr ? logits_out + n0 * V : head_logits_.data();
    linear_forward(pool_, scratch_, wte, nullptr, V, C, lnf_.data() + n0 * C, k, lg);
    if (!with_loss) continue;
    pool_.parallel_for(k, [&](int64_t begin, int64_t end, int) {
      for (int64_t i = begin; i < end; i++) {
        const size_t n = static_cast<size_t>(n0 + i);
        if (!batch.mask[n]) {
          if (grads != nullptr) std::fill_n(lg + i * V, V, 0.0f);
          continue;
        }
        float* row = lg + i * V;
        const int32_t target = batch.targets[n];
        float max_logit = -INFINITY;
        for (int64_t v = 0; v < V; v++) max_logit = std::max(max_logit, row[v]);
        const float target_logit = row[target];
        float sum = 0.0f;
        if (grads == nullptr) {
          for (int64_t v = 0; v < V; v++) sum += exp_f32(row[v] - max_logit);
        } else {
          for (int64_t v = 0; v < V; v++) sum += row[v] = exp_f32(row[v] - max_logit);
        }
        losses_[n] = log_f32(sum) - (target_logit - max_logit);
        if (grads == nullptr) continue;
        // d loss / d logit_v = softmax_v - [v == target], times this target's weight.
        const float inv_sum = 1.0f / sum;
        for (int64_t v = 0; v < V; v++) row[v] = row[v] * inv_sum * weight;
        row[target] -= weight;
      }
    });
    if (grads == nullptr || logits_out != nullptr || !any_target) continue;
    linear_backward_input(pool_, scratch_, wte_t_.data(), V, C, lg, k, dlnf_.data() + n0 * C);
    linear_backward_weight(pool_, scratch_, lnf_.data() + n0 * C, lg, k, V, C, head_dw_.data(), nullptr);
    float* dwte = grads + layout_.token_embd;
    add(pool_, dwte, head_dw_.data(), V * C, dwte);
  }
  LossSum total;
  total.count = count;
  for (int64_t n = 0; n < N && with_loss; n++)
    if (batch.mask[static_cast<size_t>(n)]) total.sum += static_cast<double>(losses_[static_cast<size_t>(n)]);
  return total;
}

void TrainPass::backward_body(const float* P, const TrainBatch& batch, float* G) {
  const Gpt2Config& c = layout_.config;
  const int64_t N = static_cast<int64_t>(batch.B) * batch.T, C = c.n_embd, F = c.n_ff, T = batch.T;
  const size_t NC = static_cast<size_t>(N * C), NF = static_cast<size_t>(N * F);
  dres_.assign(NC, 0.0f);
  grow(dln_, NC);
  grow(datty_, NC);
  grow(dqkv_, 3 * NC);
  grow(dfch_, NF);
  grow(dfch_gelu_, NF);

  layernorm_backward(pool_, res_.back().data(), P + layout_.output_norm_w, lnf_mean_.data(), lnf_rstd_.data(),
                     dlnf_.data(), N, C, dres_.data(), G + layout_.output_norm_w, G + layout_.output_norm_b);
  for (size_t l = layers_.size(); l-- > 0;) {
    const ParamLayout::Layer& w = layout_.layers[l];
    Layer& a = layers_[l];
    // dres_ is the gradient of the block's output; the MLP branch first.
    linear_backward(pool_, scratch_, P + w.ffn_down_w, C, F, a.fch_gelu.data(), N, dres_.data(), dfch_gelu_.data(),
                    G + w.ffn_down_w, G + w.ffn_down_b);
    gelu_backward(pool_, a.fch.data(), dfch_gelu_.data(), N * F, dfch_.data());
    linear_backward(pool_, scratch_, P + w.ffn_up_w, F, C, a.ln2.data(), N, dfch_.data(), dln_.data(),
                    G + w.ffn_up_w, G + w.ffn_up_b);
    layernorm_backward(pool_, a.res_mid.data(), P + w.ffn_norm_w, a.ln2_mean.data(), a.ln2_rstd.data(), dln_.data(),
                       N, C, dres_.data(), G + w.ffn_norm_w, G + w.ffn_norm_b);
    // dres_ is now the gradient of res_mid; the attention branch.
    linear_backward(pool_, scratch_, P + w.attn_output_w, C, C, a.atty.data(), N, dres_.data(), datty_.data(),
                    G + w.attn_output_w, G + w.attn_output_b);
    attention_backward(pool_, scratch_, a.qkv.data(), a.att.data(), datty_.data(), batch.B, T, C, c.n_head,
                       dqkv_.data());
    linear_backward(pool_, scratch_, P + w.attn_qkv_w, 3 * C, C, a.ln1.data(), N, dqkv_.data(), dln_.data(),
                    G + w.attn_qkv_w, G + w.attn_qkv_b);
    layernorm_backward(pool_, res_[l].data(), P + w.attn_norm_w, a.ln1_mean.data(), a.ln1_rstd.data(), dln_.data(),
                       N, C, dres_.data(), G + w.attn_norm_w, G + w.attn_norm_b);
  }
  // Embeddings: each token's gradient goes to its token row and its position row, added in
  // token order; threads own channel ranges so repeated tokens never race.
  float* dwte = G + layout_.token_embd;
  float* dwpe = G + layout_.position_embd;
  pool_.parallel_for(C, [&](int64_t begin, int64_t end, int) {
    for (int64_t n = 0; n < N; n++) {
      const float* d = dres_.data() + n * C;
      float* tok = dwte + static_cast<int64_t>(batch.inputs[static_cast<size_t>(n)]) * C;
      float* pos = dwpe + (n % T) * C;
      for (int64_t i = begin; i < end; i++) {
        tok[i] += d[i];
        pos[i] += d[i];
      }
    }
  });
}

Result<LossSum> TrainPass::evaluate(const float* params, const TrainBatch& batch) {
  if (Status s = check(batch); !s) return s.error();
  if (batch.mask.empty()) return make_error("the batch has no targets to evaluate");
  ensure(batch.B, batch.T);
  forward_body(params, batch);
  return head(params, batch, nullptr, nullptr);
}

Result<LossSum> TrainPass::forward_backward(const float* params, const TrainBatch& batch, float* grads) {
  if (Status s = check(batch); !s) return s.error();
  if (batch.mask.empty()) return make_error("the batch has no targets to train on");
  ensure(batch.B, batch.T);
  std::fill(grads, grads + layout_.total, 0.0f);
  forward_body(params, batch);
  LossSum loss = head(params, batch, grads, nullptr);
  backward_body(params, batch, grads);
  return loss;
}

Status TrainPass::logits(const float* params, const TrainBatch& batch, float* out) {
  if (Status s = check(batch); !s) return s;
  ensure(batch.B, batch.T);
  forward_body(params, batch);
  TrainBatch no_targets;
  no_targets.B = batch.B;
  no_targets.T = batch.T;
  head(params, no_targets, nullptr, out);
  return {};
}

}  // namespace plume
