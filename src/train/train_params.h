// The trainable GPT-2: every parameter in one flat F32 buffer, tensor after tensor in a fixed
// layout (the same layout serves the gradients and the two AdamW moments). Tensor names are the
// GGUF names of llama.cpp's gpt2 architecture. The output head is tied: logits use token_embd.
//
// Storage order (each matrix row-major, `rows` rows of `cols`, as Matrix in core/tensor.h):
//   token_embd [V x E], position_embd [ctx x E],
//   per layer: attn_norm w,b [E]; attn_qkv w [3E x E], b [3E]; attn_output w [E x E], b [E];
//              ffn_norm w,b [E]; ffn_up w [F x E], b [F]; ffn_down w [E x F], b [E]
//   output_norm w,b [E]
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/tensor.h"
#include "model/gpt2.h"

namespace plume {

struct ParamTensor {
  std::string name;       // GGUF name, e.g. "blk.0.attn_qkv.weight"
  size_t offset = 0;      // in floats, from the start of the buffer
  int64_t rows = 1, cols = 0;
  bool decay = false;     // AdamW weight decay applies (2-D matrices, not norms or biases)
  size_t size() const { return static_cast<size_t>(rows * cols); }
};

struct ParamLayout {
  struct Layer {
    size_t attn_norm_w, attn_norm_b, attn_qkv_w, attn_qkv_b, attn_output_w, attn_output_b;
    size_t ffn_norm_w, ffn_norm_b, ffn_up_w, ffn_up_b, ffn_down_w, ffn_down_b;
  };
  Gpt2Config config;
  std::vector<ParamTensor> tensors;  // in storage order
  size_t total = 0;                  // floats
  size_t token_embd = 0, position_embd = 0, output_norm_w = 0, output_norm_b = 0;
  std::vector<Layer> layers;

  // Checks the shape (positive sizes, n_embd a multiple of n_head, limits) and lays it out.
  static Result<ParamLayout> make(const Gpt2Config& config);
  const ParamTensor* find(std::string_view name) const;
};

struct TrainParams {
  ParamLayout layout;
  std::vector<float> data;  // layout.total floats
  float* at(size_t offset) { return data.data() + offset; }
  const float* at(size_t offset) const { return data.data() + offset; }
};

// Copies (dequantizing F16/Q8_0) a loaded model's weights. A model with a separate output
// matrix is refused: the trainer's head is tied to token_embd.
Result<TrainParams> params_from_model(const Gpt2Model& model);

// GPT-2's initialisation: matrices N(0, 0.02) (position embeddings N(0, 0.01)), the two
// residual projections (attn_output, ffn_down) N(0, 0.02 / sqrt(2 * layers)), biases 0,
// norm scales 1. Deterministic for a seed (PCG32 stream kInitStream, core/rng.h).
Result<TrainParams> params_random(const Gpt2Config& config, uint64_t seed);

// The parameters as a GGUF model (llama.cpp's gpt2 layout, tied output) with the tokenizer.
// Matrices are stored as `weight_type` (F32, F16 or Q8_0), norms and biases as F32.
Result<std::vector<uint8_t>> params_to_gguf(const TrainParams& params, const Tokenizer& tokenizer,
                                            DType weight_type, const std::string& name);

}  // namespace plume
