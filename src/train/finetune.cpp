#include "train/finetune.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>

#include "core/blob.h"

namespace plume {
namespace {

// The GGUF bytes as a Blob for the duration of create(): the weights are copied to F32 there, so
// the session never points into the caller's memory afterwards.
class BorrowedBlob : public Blob {
 public:
  explicit BorrowedBlob(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  const uint8_t* data() const override { return bytes_.data(); }
  size_t size() const override { return bytes_.size(); }

 private:
  std::span<const uint8_t> bytes_;
};

std::string megabytes(uint64_t bytes) {
  const uint64_t tenths = (bytes * 10 + (1u << 19)) >> 20;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MB";
}

// "3 too short, 1 duplicate" from the cleaning report (only the reasons that removed something).
std::string removal_summary(const CleanReport& r) {
  std::string s;
  for (int i = 0; i < kRemovalReasonCount; i++) {
    if (r.removed_by[i] == 0) continue;
    if (!s.empty()) s += ", ";
    std::string name = removal_reason_name(static_cast<RemovalReason>(i));
    std::replace(name.begin(), name.end(), '_', ' ');
    s += std::to_string(r.removed_by[i]) + " " + name;
  }
  return s;
}

// The weights' type the export keeps: the model's own, or for a mixed file the "largest" one
// its matrices use (Q8_0 before F16 before F32), so the tuned file is about the same size.
DType export_type_of(const ModelInfo& info) {
  if (info.quantization == "Q8_0") return DType::Q8_0;
  if (info.quantization == "F16") return DType::F16;
  if (info.quantization == "F32") return DType::F32;
  auto has = [&](const char* type) {
    return std::any_of(info.tensor_types.begin(), info.tensor_types.end(), [&](const auto& t) { return t.first == type; });
  };
  if (has("Q8_0")) return DType::Q8_0;
  if (has("F16")) return DType::F16;
  return DType::F32;
}

// Cleans the completions with the cleaning module (the filters apply to them), and the prompts
// with the same repair steps but no filters (a prompt is context, it may be short or repeat).
Result<std::vector<TextExample>> clean_examples(const std::vector<TextExample>& in, const CleanOptions& options,
                                                CleanReport* report) {
  std::vector<std::string> completions;
  bool has_prompts = false;
  completions.reserve(in.size());
  for (const TextExample& e : in) {
    completions.push_back(e.completion);
    has_prompts = has_prompts || !e.prompt.empty();
  }
  CleanOptions o = options;
  // Pairs may share a completion under different prompts: duplicates are not waste there.
  if (has_prompts) o.remove_duplicates = o.remove_near_duplicates = false;
  auto cleaned = clean_texts(completions, o);
  if (!cleaned) return cleaned.error();
  *report = cleaned->report;
  CleanOptions prompt_options = options;
  prompt_options.language.clear();
  prompt_options.min_chars = 0;
  prompt_options.remove_duplicates = prompt_options.remove_near_duplicates = false;
  std::vector<TextExample> out;
  out.reserve(cleaned->texts.size());
  for (size_t k = 0; k < cleaned->texts.size(); k++) {
    TextExample e;
    e.completion = std::move(cleaned->texts[k]);
    const std::string& prompt = in[cleaned->source_index[k]].prompt;
    if (!prompt.empty()) {
      auto p = clean_texts({prompt}, prompt_options);
      if (!p) return p.error();
      if (!p->texts.empty()) e.prompt = std::move(p->texts[0]);
    }
    out.push_back(std::move(e));
  }
  return out;
}

Status check_input(const std::vector<TextExample>& examples, const FinetuneLimits& limits) {
  if (examples.empty())
    return make_error("no texts given: paste or upload your own texts (separate them with a blank line, "
                      "or one JSON object per line)");
  if (examples.size() > limits.max_texts)
    return make_error(examples.size(), " texts given; fine-tuning takes at most ", limits.max_texts,
                      ": use fewer, or run `plume finetune` natively");
  uint64_t bytes = 0;
  for (const TextExample& e : examples) bytes += e.prompt.size() + e.completion.size();
  if (bytes > limits.max_text_bytes)
    return make_error("the texts hold ", megabytes(bytes), "; fine-tuning takes at most ", megabytes(limits.max_text_bytes),
                      ": use fewer or shorter texts, or run `plume finetune` natively");
  return {};
}

Status check_shape(const TrainOptions& o, const Gpt2Config& c, const FinetuneLimits& limits, uint64_t memory) {
  if (o.steps < 1 || o.steps > limits.max_steps)
    return make_error("steps is ", o.steps, ", expected 1..", limits.max_steps);
  if (o.batch < 1 || o.batch > limits.max_batch) return make_error("batch is ", o.batch, ", expected 1..", limits.max_batch);
  if (o.seq > limits.max_seq) return make_error("sequence length is ", o.seq, ", expected at most ", limits.max_seq);
  if (static_cast<int64_t>(o.batch) * o.seq > limits.max_tokens_per_step)
    return make_error("batch ", o.batch, " x sequence ", o.seq, " = ", static_cast<int64_t>(o.batch) * o.seq,
                      " tokens per step; at most ", limits.max_tokens_per_step, " are allowed (lower batch or seq)");
  if (memory > limits.max_memory_bytes)
    return make_error("fine-tuning this model (", c.n_layer, " layers x ", c.n_embd, ", vocabulary ", c.n_vocab,
                      ") with batch ", o.batch, " x ", o.seq, " needs about ", megabytes(memory), " of memory; the limit is ",
                      megabytes(limits.max_memory_bytes), ": lower batch or seq, or fine-tune a smaller model");
  return {};
}

}  // namespace

FinetuneLimits FinetuneLimits::native() {
  FinetuneLimits l;
  l.max_texts = std::numeric_limits<size_t>::max();
  l.max_text_bytes = std::numeric_limits<size_t>::max();
  l.max_steps = std::numeric_limits<int64_t>::max();
  l.max_batch = 4096;
  l.max_seq = 1 << 16;
  l.max_tokens_per_step = std::numeric_limits<int64_t>::max();
  l.max_memory_bytes = std::numeric_limits<uint64_t>::max();  // check_options' 3 GB activation cap still applies
  return l;
}

TrainOptions FinetuneOptions::defaults() {
  TrainOptions o;
  o.batch = 4;
  o.seq = 128;
  o.steps = 100;
  o.lr = 1e-4;
  o.min_lr = 1e-5;
  o.weight_decay = 0.0;  // a few hundred steps on little data: decay would only pull towards 0
  o.warmup = -1;
  return o;
}

CleanOptions FinetuneOptions::clean_defaults() {
  CleanOptions c;
  c.min_chars = 10;  // shorter "texts" are usually stray lines, not copy
  return c;
}

uint64_t finetune_memory_bytes(const Gpt2Config& c, int32_t batch, int32_t seq) {
  const double N = static_cast<double>(batch) * seq, C = c.n_embd, F = c.n_ff, L = c.n_layer, H = c.n_head,
               V = c.n_vocab, T = seq, B = batch, ctx = c.n_ctx;
  const double params = V * C + ctx * C + L * (4 * C * C + 2 * C * F + 9 * C + F) + 2 * C;  // train_params.h
  const double state = 4 * params;                                         // parameters, gradients, m, v
  const double forward = (L + 1) * N * C + L * (7 * N * C + 4 * N + 2 * N * F + B * H * T * T) + 4 * N * C;
  const double backward = 7 * N * C + 2 * N * F;
  const double head = 2 * V * C + 2 * static_cast<double>(TrainPass::kHeadChunk) * V;  // Wᵀ, dW, chunk logits
  const double scratch = std::max(3 * C * C, F * C) + 2 * N * std::max(F, 3 * C);
  const double floats = state + forward + backward + head + scratch;
  return static_cast<uint64_t>(floats * 4 * 1.05) + (8u << 20);  // 5% and 8 MB for the rest
}

Result<std::vector<TextExample>> finetune_read_data(std::string_view bytes, std::string_view format,
                                                    std::string_view what) {
  if (Status s = check_text(bytes, what); !s) return s.error();
  if (format == "jsonl") {
    auto parsed = parse_jsonl(bytes);
    if (!parsed) return make_error(what, ": ", parsed.error().message);
    return parsed;
  }
  if (format == "text") return split_documents(bytes, true);
  return make_error("data format '", format, "' is not one of text, jsonl");
}

Result<std::unique_ptr<FinetuneSession>> FinetuneSession::create(std::span<const uint8_t> gguf,
                                                                 std::vector<TextExample> examples,
                                                                 const FinetuneOptions& options) {
  if (gguf.empty()) return make_error("no model: fine-tuning needs the model's GGUF bytes");
  auto model = Gpt2Model::from_gguf(std::make_shared<BorrowedBlob>(gguf));
  if (!model) return model.error();
  return create(*model.value(), std::move(examples), options);
}

Result<std::unique_ptr<FinetuneSession>> FinetuneSession::create(const Gpt2Model& model, std::vector<TextExample> examples,
                                                                 const FinetuneOptions& options) {
  const FinetuneLimits& limits = options.limits;
  const Gpt2Config& config = model.config();
  if (model.tokenizer().eos_id() < 0) return make_error("the model's tokenizer has no <|endoftext|> token to separate texts");
  if (!model.weights().tied_output)
    return make_error("this model has a separate output matrix (untied head); the trainer fine-tunes tied GPT-2 models only");
  if (options.held_out_every < 2) return make_error("held_out_every must be at least 2");
  if (options.eval_rows < 1) return make_error("eval_rows must be at least 1");
  if (options.threads < 1 || options.threads > 8) return make_error("threads must be between 1 and 8");
  if (Status s = check_input(examples, limits); !s) return s.error();

  std::unique_ptr<FinetuneSession> session(new FinetuneSession());
  FinetuneReport& report = session->report_;
  auto cleaned = clean_examples(examples, options.clean, &report.clean);
  if (!cleaned) return cleaned.error();
  examples.clear();
  const size_t min_texts = std::max<size_t>(2, options.min_texts);
  if (cleaned->size() < min_texts) {
    std::string why = removal_summary(report.clean);
    return make_error(cleaned->size(), " of ", report.clean.input, " text(s) left after cleaning",
                      why.empty() ? std::string() : " (removed: " + why + ")", "; fine-tuning needs at least ", min_texts,
                      " (separate texts with a blank line, or one JSON object per line)");
  }
  report.texts = static_cast<int64_t>(cleaned->size());

  const Tokenizer& tok = model.tokenizer();
  auto stream = encode_examples(*cleaned, tok);
  if (!stream) return stream.error();
  StreamSplit split = split_held_out(*stream, tok.eos_id(), options.held_out_every);
  report.train_texts = split.train_documents;
  report.held_out_texts = split.held_out_documents;
  report.train_tokens = static_cast<int64_t>(split.train.size());
  report.held_out_tokens = static_cast<int64_t>(split.held_out.size());
  if (split.train.targets() < options.min_train_tokens || split.train.size() < 2)
    return make_error("the texts are too short: ", split.train.targets(),
                      " tokens to learn after holding out texts for evaluation; give at least ", options.min_train_tokens);
  if (split.held_out.size() < 2) return make_error("no text is left to hold out for evaluation: give more texts");

  TrainOptions o = options.train;
  if (o.warmup < 0) o.warmup = std::min<int64_t>(10, o.steps / 10);
  if (o.seq < 1) return make_error("sequence length is ", o.seq, ", expected at least 1");
  o.seq = static_cast<int32_t>(std::min<int64_t>({o.seq, config.n_ctx, static_cast<int64_t>(split.train.size()) - 1}));
  report.memory_bytes = finetune_memory_bytes(config, o.batch, o.seq);
  if (Status s = check_shape(o, config, limits, report.memory_bytes); !s) return s.error();
  if (Status s = check_options(o, config); !s) return s.error();
  // Ask for the memory once before building anything: a browser that will not grow the
  // WebAssembly heap that far gives a clear message here instead of trapping mid-allocation.
  if (void* probe = std::malloc(static_cast<size_t>(std::min<uint64_t>(report.memory_bytes, SIZE_MAX))); probe != nullptr) {
    std::free(probe);
  } else {
    return make_error("could not get ", megabytes(report.memory_bytes),
                      " of memory for fine-tuning (the browser refused): lower batch or seq, or close other tabs");
  }

  auto params = params_from_model(model);
  if (!params) return params.error();
  report.parameters = static_cast<int64_t>(params->layout.total);
  report.batch = o.batch;
  report.seq = o.seq;
  report.steps = o.steps;
  report.export_type = export_type_of(model.info());
  auto trainer = Trainer::create(std::move(params.value()), std::move(split.train), o, options.threads);
  if (!trainer) return trainer.error();
  session->trainer_ = std::move(trainer.value());
  session->held_out_ = std::move(split.held_out);
  session->tokenizer_ = tok;
  session->name_ = !options.name.empty()        ? options.name
                   : model.info().name.empty() ? "plume-finetuned"
                                               : model.info().name + "-finetuned";
  session->eval_rows_ = options.eval_rows;
  return session;
}

Result<std::vector<StepResult>> FinetuneSession::step(int64_t n) {
  std::vector<StepResult> out;
  if (n < 1) return make_error("step count is ", n, ", expected at least 1");
  while (n-- > 0 && !done()) {
    auto r = trainer_->step();
    if (!r) return make_error(r.error().message, " (the original model is unchanged)");
    out.push_back(*r);
  }
  return out;
}

Result<LossSum> FinetuneSession::evaluate() { return trainer_->evaluate(held_out_, eval_rows_); }

Result<std::vector<uint8_t>> FinetuneSession::export_gguf() const {
  return trainer_->export_gguf(tokenizer_, report_.export_type, name_);
}

}  // namespace plume
