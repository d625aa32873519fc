// GGUF model files: the parser, the writer and the GPT-2 loader on arbitrary bytes.
// Invariants: a file that parses, written back with GgufWriter and parsed again, has the same
// metadata (keys, order, types, values) and the same tensors; a file the loader accepts runs a
// two-token forward pass without touching memory outside its buffers.
#include <cmath>
#include <cstring>

#include "core/blob.h"
#include "fuzz_input.h"
#include "model/gguf.h"
#include "model/gpt2.h"

using namespace plume;

namespace {

bool same_double(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

bool same_value(const GgufValue& a, const GgufValue& b) {
  if (a.type != b.type) return false;
  switch (a.type) {
    case GgufType::STRING: return a.str == b.str;
    case GgufType::FLOAT32:
    case GgufType::FLOAT64: return same_double(a.f64, b.f64);
    case GgufType::ARRAY: {
      if (a.array_type != b.array_type || a.ints != b.ints || a.strings != b.strings) return false;
      if (a.floats.size() != b.floats.size()) return false;
      for (size_t i = 0; i < a.floats.size(); i++)
        if (!same_double(a.floats[i], b.floats[i])) return false;
      return true;
    }
    default: return a.u64 == b.u64 && a.i64 == b.i64;
  }
}

void check_round_trip(const GgufFile& file) {
  GgufWriter writer;
  for (const auto& [key, value] : file.metadata()) writer.set_value(key, value);
  bool all_supported = true;
  for (const GgufTensorInfo& t : file.tensors()) {
    if (!t.supported) { all_supported = false; continue; }
    std::vector<uint8_t> bytes(t.data, t.data + t.size_bytes);
    if (!writer.add_tensor(t.name, t.ne, t.type, std::move(bytes))) all_supported = false;
  }
  std::vector<uint8_t> out = writer.to_bytes();
  FUZZ_CHECK(!out.empty());
  auto again = GgufFile::parse(blob_from_vector(std::move(out)));
  if (!again) {
    std::fprintf(stderr, "re-parse failed: %s\n", again.error().message.c_str());
    FUZZ_CHECK(again.ok());
  }
  FUZZ_CHECK(again->metadata().size() == file.metadata().size());
  for (size_t i = 0; i < file.metadata().size(); i++) {
    FUZZ_CHECK(again->metadata()[i].first == file.metadata()[i].first);
    FUZZ_CHECK(same_value(again->metadata()[i].second, file.metadata()[i].second));
  }
  if (!all_supported) return;
  FUZZ_CHECK(again->tensors().size() == file.tensors().size());
  for (size_t i = 0; i < file.tensors().size(); i++) {
    const GgufTensorInfo& a = file.tensors()[i];
    const GgufTensorInfo& b = again->tensors()[i];
    FUZZ_CHECK(a.name == b.name && a.ne == b.ne && a.type == b.type && a.size_bytes == b.size_bytes);
    FUZZ_CHECK(a.size_bytes == 0 || std::memcmp(a.data, b.data, a.size_bytes) == 0);
  }
}

void check_model(const BlobPtr& blob) {
  auto model = Gpt2Model::from_gguf(blob);
  if (!model) return;
  const Gpt2Model& m = **model;
  const Gpt2Config& c = m.config();
  // A model the loader accepted must run; keep the work small for huge fuzzed shapes.
  if (static_cast<int64_t>(c.n_vocab) * c.n_embd > (1 << 22) || c.n_layer > 16) return;
  const Tokenizer& tok = m.tokenizer();
  std::string text = tok.decode(tok.encode("the fitness band 手环"));
  FUZZ_CHECK(text == "the fitness band 手环");
  const int n = c.n_ctx >= 2 ? 2 : 1;
  KvCache cache;
  cache.reset(c, n);
  ForwardScratch scratch;
  std::vector<float> logits(static_cast<size_t>(c.n_vocab) * static_cast<size_t>(n));
  std::vector<BatchItem> items;
  for (int i = 0; i < n; i++) items.push_back({&cache, i == 0 ? 0 : c.n_vocab - 1, i, true});
  gpt2_forward(m, items.data(), n, logits.data(), scratch);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  BlobPtr blob = blob_from_vector(std::vector<uint8_t>(data, data + size));
  auto file = GgufFile::parse(blob);
  if (!file) {
    FUZZ_CHECK(!file.error().message.empty());
    return 0;
  }
  check_round_trip(*file);
  check_model(blob);
  return 0;
}
