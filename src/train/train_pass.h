// One forward (and backward) pass of the trainable GPT-2 over a batch of B rows of T tokens:
//   x = token_embd[token] + position_embd[t];  per block x += attn(ln1(x)), x += mlp(ln2(x));
//   logits = token_embd · ln_f(x) (tied head); loss = mean over the masked targets of
//   -log softmax(logits)[target].
// The forward pass performs the same float operations, in the same order, as the inference
// forward (model/gpt2_forward.cpp), so its logits equal the engine's. The activations needed by
// the backward pass are kept; the output head is processed in fixed chunks of kHeadChunk tokens
// (logits, softmax, loss and their gradients in one go) so the B*T*V logits never exist at once.
#pragma once

#include <cstdint>
#include <vector>

#include "core/error.h"
#include "train/thread_pool.h"
#include "train/train_ops.h"
#include "train/train_params.h"

namespace plume {

struct TrainBatch {
  int32_t B = 0, T = 0;
  std::vector<int32_t> inputs;   // B*T token ids, row-major (row b, position t)
  std::vector<int32_t> targets;  // B*T: the token that should follow inputs[i]
  std::vector<uint8_t> mask;     // B*T: 1 = targets[i] counts in the loss, 0 = ignored (e.g. prompt)
};

// Sum of the per-token losses over the masked targets, and how many there were.
struct LossSum {
  double sum = 0.0;
  int64_t count = 0;
  double mean() const { return count > 0 ? sum / static_cast<double>(count) : 0.0; }
};

class TrainPass {
 public:
  static constexpr int64_t kHeadChunk = 128;  // tokens per output-head chunk (fixed: part of the numbers)

  TrainPass(const ParamLayout& layout, ThreadPool& pool) : layout_(layout), pool_(pool) {}

  // Checks the batch against the model (sizes, ids in the vocabulary, T <= context).
  Status check(const TrainBatch& batch) const;

  // Forward only: the loss over the masked targets.
  Result<LossSum> evaluate(const float* params, const TrainBatch& batch);
  // Forward and backward: the loss, and its gradient (of the mean over the masked targets)
  // written into `grads` (layout.total floats; every element is written).
  Result<LossSum> forward_backward(const float* params, const TrainBatch& batch, float* grads);
  // Logits of every position (B*T*V floats), for tests and tools.
  Status logits(const float* params, const TrainBatch& batch, float* out);

  // Per-token losses of the last evaluate/forward_backward (B*T; 0 where the mask is 0).
  const std::vector<float>& token_losses() const { return losses_; }

 private:
  struct Layer {
    std::vector<float> ln1, ln1_mean, ln1_rstd, qkv, att, atty, res_mid, ln2, ln2_mean, ln2_rstd, fch, fch_gelu;
  };
  void ensure(int64_t B, int64_t T);
  void forward_body(const float* params, const TrainBatch& batch);
  // Head over all tokens: losses (and, when grads != null, dlnf_ and the head's token_embd gradient).
  LossSum head(const float* params, const TrainBatch& batch, float* grads, float* logits_out);
  void backward_body(const float* params, const TrainBatch& batch, float* grads);

  const ParamLayout& layout_;
  ThreadPool& pool_;
  train_ops::Scratch scratch_;
  int64_t B_ = 0, T_ = 0;
  std::vector<std::vector<float>> res_;  // res_[l]: residual stream entering block l; res_[L] leaves the last
  std::vector<Layer> layers_;
  std::vector<float> lnf_, lnf_mean_, lnf_rstd_, losses_;
  // Backward working memory.
  std::vector<float> tmp_, dres_, dln_, datty_, dqkv_, dfch_, dfch_gelu_, dlnf_;
  std::vector<float> head_logits_, head_dlogits_t_, head_dw_, wte_t_;
};

}  // namespace plume
