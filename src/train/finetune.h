// Brand-voice fine-tuning as a step-wise session: a GGUF model + a marketer's own texts in,
// cleaned data, held-out perplexity before and after, a tuned GGUF out. The native command
// (`plume finetune`) and the browser (src/wasm/bind_finetune.cpp, driven chunk by chunk from the
// worker so it can be cancelled) share this code, so both clean the texts the same way, hold out
// the same texts, enforce the same bounds and give the same numbers for a seed.
//
// Bounds are checked *before* anything large is allocated (FinetuneLimits): the number and size
// of the texts, the steps, the batch shape and an estimate of the memory the training state
// needs (parameters, gradients and the two AdamW moments — 16 bytes per parameter — plus the
// activations of one step; docs/training.md "Fine-tuning in the browser").
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "model/gpt2.h"
#include "model/tokenizer.h"
#include "train/clean.h"
#include "train/train_data.h"
#include "train/trainer.h"

namespace plume {

struct FinetuneLimits {
  size_t max_texts = 500;                    // texts given (before cleaning)
  size_t max_text_bytes = 2u << 20;          // total UTF-8 bytes of the texts
  int64_t max_steps = 2000;
  int32_t max_batch = 16;
  int32_t max_seq = 512;
  int64_t max_tokens_per_step = 2048;        // batch * seq: bounds the time of one step
  uint64_t max_memory_bytes = 1ull << 30;    // estimate of finetune_memory_bytes()

  // What a browser tab on an ordinary laptop can take (the defaults above).
  static FinetuneLimits browser() { return {}; }
  // The command line: the machine's own memory; only the trainer's own checks apply.
  static FinetuneLimits native();
};

struct FinetuneOptions {
  TrainOptions train = defaults();          // warmup < 0: min(10, steps / 10)
  int threads = 1;
  int held_out_every = 10;                  // every 10th text is held out
  int64_t eval_rows = 64;                   // held-out windows per evaluation
  size_t min_texts = 2;                     // after cleaning
  int64_t min_train_tokens = 64;            // tokens to learn after the hold-out
  CleanOptions clean = clean_defaults();
  FinetuneLimits limits = FinetuneLimits::browser();
  std::string name;                         // the tuned model's general.name; empty: "<model>-finetuned"

  static TrainOptions defaults();
  static CleanOptions clean_defaults();
};

// Bytes the training state of `config` needs for batch x seq: parameters, gradients, AdamW
// moments (16 bytes per parameter) plus the activations and working buffers of TrainPass
// (train_pass.cpp), rounded up. An estimate within a few percent, used to refuse early.
uint64_t finetune_memory_bytes(const Gpt2Config& config, int32_t batch, int32_t seq);

// A data file's bytes → texts: refuses empty, binary, UTF-16 and non-UTF-8 input (check_text),
// then `format` "jsonl" ({"text"} or {"prompt","completion"} per line) or "text" (texts separated
// by <|endoftext|>, or by blank lines when there is none). `what` names the input in messages.
Result<std::vector<TextExample>> finetune_read_data(std::string_view bytes, std::string_view format,
                                                    std::string_view what);

// What happened to the data, for the user.
struct FinetuneReport {
  CleanReport clean;                 // what cleaning removed or changed (completions)
  int64_t texts = 0;                 // kept after cleaning
  int64_t train_texts = 0, held_out_texts = 0;
  int64_t train_tokens = 0, held_out_tokens = 0;
  int32_t batch = 0, seq = 0;        // the shape used (seq capped by the data and the context)
  int64_t steps = 0;
  int64_t parameters = 0;
  uint64_t memory_bytes = 0;         // finetune_memory_bytes() of the shape used
  DType export_type = DType::F32;    // the input's quantization (mixed / F16 norms → its weights' type)
};

class FinetuneSession {
 public:
  // From a loaded model. Cleans the texts, checks every bound, tokenizes, holds out every
  // held_out_every-th text, copies the weights to F32; the model is not needed afterwards.
  static Result<std::unique_ptr<FinetuneSession>> create(const Gpt2Model& model, std::vector<TextExample> examples,
                                                         const FinetuneOptions& options);
  // From GGUF bytes (used in place during the call only; the caller keeps them).
  static Result<std::unique_ptr<FinetuneSession>> create(std::span<const uint8_t> gguf,
                                                         std::vector<TextExample> examples,
                                                         const FinetuneOptions& options);

  // Up to `n` more optimizer steps (fewer when the planned total is reached). A failed step
  // (divergence) leaves the parameters as they were before it.
  Result<std::vector<StepResult>> step(int64_t n);
  // Held-out loss (perplexity = plume::perplexity(loss)).
  Result<LossSum> evaluate();
  // The tuned model as GGUF, matrices in report().export_type, with the input's tokenizer.
  Result<std::vector<uint8_t>> export_gguf() const;

  const FinetuneReport& report() const { return report_; }
  int64_t steps_done() const { return trainer_->steps_done(); }
  int64_t steps_total() const { return trainer_->options().steps; }
  bool done() const { return steps_done() >= steps_total(); }
  Trainer& trainer() { return *trainer_; }
  const TokenStream& held_out() const { return held_out_; }
  const Tokenizer& tokenizer() const { return tokenizer_; }
  const std::string& name() const { return name_; }   // the tuned model's general.name

 private:
  FinetuneSession() = default;
  std::unique_ptr<Trainer> trainer_;
  TokenStream held_out_;
  Tokenizer tokenizer_;
  std::string name_;
  FinetuneReport report_;
  int64_t eval_rows_ = 64;
};

}  // namespace plume
