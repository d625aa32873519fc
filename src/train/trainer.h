// The training loop of Plume's GPT-2: batches cut from a token stream, forward + backward,
// gradient clipping, AdamW with warm-up + cosine schedule, evaluation on held-out data,
// checkpoints that resume to the identical next step, export to GGUF. The public header of the
// train room's trainer (see docs/training.md).
//
// Determinism: for the same parameters, data, options and seed, every step gives the same bits
// whatever the thread count, natively and in WebAssembly: all reductions have a fixed order
// (train_ops.h), the schedule uses no libm, and the random choices come from PCG32 streams named
// by (seed, epoch), so "where we are" is just (step, epoch, index) and fits in a checkpoint.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "model/tokenizer.h"
#include "train/optimizer.h"
#include "train/thread_pool.h"
#include "train/train_data.h"
#include "train/train_params.h"
#include "train/train_pass.h"

namespace plume {

struct TrainOptions {
  int32_t batch = 8;          // rows per step
  int32_t seq = 256;          // tokens per row (<= the model's context)
  int64_t steps = 1000;       // total optimizer steps (the cosine reaches min_lr here)
  int64_t warmup = 100;       // linear warm-up steps
  double lr = 1e-3, min_lr = 1e-4;
  double weight_decay = 0.1, clip = 1.0, beta1 = 0.9, beta2 = 0.95, eps = 1e-8;
  uint64_t seed = 1;          // data order (and, for a new model, its initialisation)
};
// Ranges: batch >= 1, 1 <= seq <= n_ctx, steps >= 1, 0 <= warmup, 0 < lr, 0 <= min_lr <= lr,
// 0 <= weight_decay, clip >= 0 (0 = off), betas in [0, 1), eps > 0.
Status check_options(const TrainOptions& options, const Gpt2Config& config);

struct StepResult {
  int64_t step = 0;         // updates done so far (this one included)
  double loss = 0;          // mean loss of this step's batch, before the update
  double lr = 0;            // learning rate used
  double grad_norm = 0;     // global gradient norm before clipping
  int64_t tokens = 0;       // tokens processed (B * T)
};

// Where the data sampler is: windows of seq+1 tokens at offsets shift(epoch) + k*seq, visited in
// a per-epoch random order (PCG32 stream (seed, epoch)); `index` windows of this epoch are used.
struct DataPosition {
  int64_t epoch = 0, index = 0;
};

class Trainer {
 public:
  // `data` must hold at least seq + 1 tokens and at least one target.
  static Result<std::unique_ptr<Trainer>> create(TrainParams params, TokenStream data, const TrainOptions& options,
                                                 int threads);
  // From checkpoint() bytes; `data` must be the same stream the checkpoint was trained on.
  static Result<std::unique_ptr<Trainer>> resume(const std::vector<uint8_t>& checkpoint, TokenStream data, int threads);

  // One optimizer step. Fails (leaving the parameters untouched) if the loss or gradient is not
  // finite (divergence: lower the learning rate).
  Result<StepResult> step();
  // Mean loss over up to `max_rows` consecutive windows of `stream` (rows of min(seq, n - 1)
  // tokens, evaluated B at a time); perplexity = exp(mean).
  Result<LossSum> evaluate(const TokenStream& stream, int64_t max_rows);

  // Parameters, both AdamW moments, step, data position, options and data hash (format in
  // docs/training.md).
  std::vector<uint8_t> checkpoint() const;
  Result<std::vector<uint8_t>> export_gguf(const Tokenizer& tokenizer, DType weight_type, const std::string& name) const {
    return params_to_gguf(params_, tokenizer, weight_type, name);
  }

  const TrainParams& params() const { return params_; }
  const TrainOptions& options() const { return options_; }
  int64_t steps_done() const { return step_; }
  DataPosition position() const { return position_; }
  const TokenStream& data() const { return data_; }
  int threads() const { return pool_->size(); }

 private:
  Trainer(TrainParams params, TokenStream data, const TrainOptions& options, int threads);
  void start_epoch();
  int64_t next_window();  // start offset of the next training window
  void fill_row(const TokenStream& s, int64_t start, int32_t T, int32_t row, TrainBatch& b) const;

  TrainParams params_;
  TokenStream data_;
  TrainOptions options_;
  std::unique_ptr<ThreadPool> pool_;
  std::unique_ptr<TrainPass> pass_;
  std::vector<float> grads_, m_, v_;
  int64_t step_ = 0;
  DataPosition position_;
  std::vector<int64_t> order_;  // window starts of the current epoch, in visiting order
  TrainBatch batch_;
};

// exp(mean loss), capped so it stays finite.
double perplexity(const LossSum& loss);

}  // namespace plume
