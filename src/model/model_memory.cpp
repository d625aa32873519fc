// Estimates a model's memory from its shape, so a model too big for the engine (the browser's
// 4 GiB) is refused with a message naming the sizes, before an allocation fails and aborts the
// WebAssembly instance.
#include <algorithm>
#include <cstdint>
#include <string>

#include "model/gpt2.h"

namespace plume {

namespace {
int64_t mb(int64_t bytes) { return (bytes + (1 << 20) - 1) >> 20; }
}  // namespace

ModelMemory estimate_model_memory(const Gpt2Config& c, int64_t file_bytes, bool converts_to_f32) {
  const int64_t f = sizeof(float), ctx = c.n_ctx, e = c.n_embd, layers = c.n_layer;
  ModelMemory m;
  m.file_bytes = file_bytes;
  if (converts_to_f32) {
    // Every weight in F32, plus the largest matrix twice while it is converted and transposed.
    const int64_t per_layer = 4 * e * e + 2 * e * c.n_ff + 9 * e + c.n_ff;
    const int64_t largest = std::max<int64_t>(c.n_vocab, ctx) * e;
    m.converted_bytes = f * (int64_t{c.n_vocab} * e + ctx * e + layers * per_layer + 2 * e + 2 * largest);
  }
  m.kv_cache_bytes = 2 * f * layers * ctx * e;
  m.scratch_bytes = f * (ctx * (7 * e + c.n_ff) + c.n_vocab);
  return m;
}

Status check_model_memory(const ModelMemory& m, const Gpt2Config& c, const ModelLimits& limits) {
  if (m.total() <= limits.max_memory_bytes) return {};
  std::string parts = "the file " + std::to_string(mb(m.file_bytes)) + " MB";
  if (m.converted_bytes) parts += " + weights converted to F32 " + std::to_string(mb(m.converted_bytes)) + " MB";
  parts += " + the attention cache for its " + std::to_string(c.n_ctx) + "-token context " +
           std::to_string(mb(m.kv_cache_bytes)) + " MB + working memory " + std::to_string(mb(m.scratch_bytes)) + " MB";
  return make_error("this model needs about ", mb(m.total()), " MB of memory (", parts, "), more than the ",
                    mb(limits.max_memory_bytes), " MB the engine can use (a WebAssembly engine in the browser "
                    "addresses at most 4 GB): use a smaller or quantized (Q8_0/F16) model, or a shorter context");
}

}  // namespace plume
