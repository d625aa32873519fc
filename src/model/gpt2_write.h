// Writing GPT-2 models as GGUF in llama.cpp's gpt2 layout: converting (HF -> GGUF, F32 -> Q8_0)
// and creating randomly initialised models (tests, benchmarks, the placeholder default model).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/tensor.h"
#include "model/gpt2.h"

namespace plume {

// The 2-D weights are stored as `weight_type`; norms and biases stay F32 (as llama.cpp does).
Result<std::vector<uint8_t>> gpt2_to_gguf(const Gpt2Model& model, DType weight_type, const std::string& name);

// The same from weights that are not a loaded model (e.g. the trainer's F32 parameters viewed
// as Matrix/pointers): `weights` must have config.n_layer layers and every pointer set.
Result<std::vector<uint8_t>> gpt2_weights_to_gguf(const Gpt2Config& config, const Gpt2Weights& weights,
                                                  const Tokenizer& tokenizer, DType weight_type,
                                                  const std::string& name);

struct RandomModelOptions {
  Gpt2Config config;           // n_vocab is taken from the tokenizer
  uint64_t seed = 1;
  float std = 0.02f;           // N(0, std) for weights and biases; norm weights 1 + N(0, std)
  bool untied_output = false;  // write a separate output.weight
  DType weight_type = DType::F32;
  std::string name = "plume-random-gpt2";
};
// Every parameter is random (biases and norm scales too) so tests exercise every tensor.
Result<std::vector<uint8_t>> random_gpt2_gguf(const RandomModelOptions& options, const Tokenizer& tokenizer);

}  // namespace plume
