// The GPT-2 model: configuration, weights (pointing into the model file), and the forward pass.
// Layout and names follow llama.cpp's "gpt2" architecture, so the same GGUF runs in both.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/blob.h"
#include "core/error.h"
#include "core/kernels.h"
#include "core/tensor.h"
#include "model/tokenizer.h"

namespace plume {

class GgufFile;

struct Gpt2Config {
  int32_t n_vocab = 0;
  int32_t n_ctx = 0;     // gpt2.context_length: positions the model has embeddings for
  int32_t n_embd = 0;
  int32_t n_ff = 0;
  int32_t n_layer = 0;
  int32_t n_head = 0;
  float norm_eps = 1e-5f;
};

// The most memory a wasm32 engine can address (-sMAXIMUM_MEMORY in CMakeLists.txt). Natively the
// operating system decides, so the native default is unbounded.
#ifdef __EMSCRIPTEN__
constexpr int64_t kDefaultMaxModelMemory = int64_t{4} << 30;
#else
constexpr int64_t kDefaultMaxModelMemory = INT64_MAX;
#endif

// Limits the engine accepts, checked before any allocation (the browser has at most 4 GiB).
struct ModelLimits {
  int64_t max_vocab = 1 << 20;
  int64_t max_ctx = 1 << 16;
  int64_t max_embd = 1 << 14;
  int64_t max_layers = 256;
  // The file + weights converted to F32 + one sequence's KV cache over the whole context must fit.
  int64_t max_memory_bytes = kDefaultMaxModelMemory;
};

// What a loaded model holds in memory, estimated from its shape before anything is allocated.
struct ModelMemory {
  int64_t file_bytes = 0;
  int64_t converted_bytes = 0;   // weights converted to F32 (Hugging Face checkpoints)
  int64_t kv_cache_bytes = 0;    // keys and values of one sequence at the full context
  int64_t scratch_bytes = 0;     // the forward pass's working memory for one full-context prompt
  int64_t total() const { return file_bytes + converted_bytes + kv_cache_bytes + scratch_bytes; }
};
ModelMemory estimate_model_memory(const Gpt2Config& c, int64_t file_bytes, bool converts_to_f32);
// A clear error when the estimate exceeds limits.max_memory_bytes.
Status check_model_memory(const ModelMemory& m, const Gpt2Config& c, const ModelLimits& limits);

struct Gpt2Layer {
  const float* attn_norm_w = nullptr;
  const float* attn_norm_b = nullptr;
  Matrix attn_qkv;              // 3*n_embd rows of n_embd
  const float* attn_qkv_b = nullptr;
  Matrix attn_output;           // n_embd x n_embd
  const float* attn_output_b = nullptr;
  const float* ffn_norm_w = nullptr;
  const float* ffn_norm_b = nullptr;
  Matrix ffn_up;                // n_ff rows of n_embd
  const float* ffn_up_b = nullptr;
  Matrix ffn_down;              // n_embd rows of n_ff
  const float* ffn_down_b = nullptr;
};

struct Gpt2Weights {
  Matrix token_embd;            // n_vocab rows of n_embd
  Matrix position_embd;         // n_ctx rows of n_embd
  std::vector<Gpt2Layer> layers;
  const float* output_norm_w = nullptr;
  const float* output_norm_b = nullptr;
  Matrix output;                // n_vocab rows of n_embd; == token_embd when tied
  bool tied_output = true;
};

// Keys and values of every past position of one sequence, for every layer.
struct KvCache {
  int32_t n_layer = 0, n_embd = 0, capacity = 0;
  int32_t length = 0;           // positions filled
  std::vector<float> k, v;      // [layer][position][n_embd]

  void reset(const Gpt2Config& config, int32_t capacity);
  float* k_at(int32_t layer, int32_t pos) { return &k[(static_cast<size_t>(layer) * capacity + pos) * n_embd]; }
  float* v_at(int32_t layer, int32_t pos) { return &v[(static_cast<size_t>(layer) * capacity + pos) * n_embd]; }
};

// One token to evaluate: which sequence's cache it extends, at which position.
struct BatchItem {
  KvCache* cache = nullptr;
  int32_t token = 0;
  int32_t pos = 0;
  bool want_logits = false;
};

struct ModelInfo {
  std::string source;           // "gguf" or "hf"
  std::string name;
  int64_t parameters = 0;
  int64_t file_bytes = 0;
  std::vector<std::pair<std::string, int>> tensor_types;  // dtype name -> count
  std::string quantization;     // "F32", "F16", "Q8_0" or "mixed" (of the 2-D weights)
};

class Gpt2Model {
 public:
  static Result<std::shared_ptr<Gpt2Model>> from_gguf(BlobPtr file_bytes,
                                                      const ModelLimits& limits = {});
  // Hugging Face checkpoint: model.safetensors + config.json + vocab.json + merges.txt.
  static Result<std::shared_ptr<Gpt2Model>> from_hf(BlobPtr safetensors, std::string_view config_json,
                                                    std::string_view vocab_json,
                                                    std::string_view merges_txt,
                                                    const ModelLimits& limits = {});

  const Gpt2Config& config() const { return config_; }
  const Gpt2Weights& weights() const { return weights_; }
  const Tokenizer& tokenizer() const { return tokenizer_; }
  const ModelInfo& info() const { return info_; }

 private:
  Gpt2Config config_;
  Gpt2Weights weights_;
  Tokenizer tokenizer_;
  ModelInfo info_;
  BlobPtr file_;                          // keeps the weights' bytes alive
  std::vector<std::vector<uint8_t>> owned_;  // converted tensors (HF checkpoints, F16 norms)

  friend class Gpt2Loader;
};

// Per-call working memory of the forward pass, reused across calls (no per-token allocation).
struct ForwardScratch {
  std::vector<float> x, xn, qkv, att_out, proj, ff, scores;
  MatmulScratch matmul;
  void ensure(const Gpt2Config& c, int n_tokens);
};

// Attention weights of the last item of a batch, per layer and head, when requested (seed §4.1).
struct AttentionTrace {
  bool enabled = false;
  int32_t n_positions = 0;
  std::vector<float> weights;  // [layer][head][position]
};

// Runs the batch through the model: writes each item's key/value into its cache at item.pos
// (so items of one sequence must come in position order), attends causally over positions
// 0..pos of that cache, and writes n_vocab logits for every item with want_logits, in order,
// to `logits`. Positions must be < cache capacity and < n_ctx (checked by the caller).
void gpt2_forward(const Gpt2Model& model, const BatchItem* items, int n_items, float* logits,
                  ForwardScratch& scratch, AttentionTrace* trace = nullptr);

}  // namespace plume

namespace plume {
// Native convenience: a .gguf file (memory-mapped), or a Hugging Face directory holding
// model.safetensors, config.json, vocab.json and merges.txt.
Result<std::shared_ptr<Gpt2Model>> load_model_path(const std::string& path, const ModelLimits& limits = {});
}  // namespace plume
