// A Hugging Face GPT-2 checkpoint: config.json, vocab.json, merges.txt and model.safetensors in
// one input (fuzz_input.h's separator between them). The seed is a complete tiny checkpoint, so
// mutations reach the config checks, the tensor shape checks and the Conv1D transposition.
// Invariant: a checkpoint the loader accepts runs a two-token forward pass.
#include "core/blob.h"
#include "fuzz_input.h"
#include "model/gpt2.h"

using namespace plume;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parts = fuzz::split_parts(data, size, 4);
  std::vector<uint8_t> st(parts[3].begin(), parts[3].end());
  auto model = Gpt2Model::from_hf(blob_from_vector(std::move(st)), parts[0], parts[1], parts[2]);
  if (!model) {
    FUZZ_CHECK(!model.error().message.empty());
    return 0;
  }
  const Gpt2Model& m = **model;
  const Gpt2Config& c = m.config();
  if (static_cast<int64_t>(c.n_vocab) * c.n_embd > (1 << 22) || c.n_layer > 16) return 0;
  const int n = c.n_ctx >= 2 ? 2 : 1;
  KvCache cache;
  cache.reset(c, n);
  ForwardScratch scratch;
  std::vector<float> logits(static_cast<size_t>(c.n_vocab) * static_cast<size_t>(n));
  std::vector<BatchItem> items;
  for (int i = 0; i < n; i++) items.push_back({&cache, i == 0 ? 0 : c.n_vocab - 1, i, true});
  gpt2_forward(m, items.data(), n, logits.data(), scratch);
  return 0;
}
