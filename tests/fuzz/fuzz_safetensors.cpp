// Hugging Face model.safetensors on arbitrary bytes. Invariants: every listed tensor lies inside
// the file and its size matches dtype x shape when it is a float type; a file that parses,
// written back with write_safetensors and parsed again, lists the same tensors with the same
// bytes and the same metadata; F32/F16/BF16 tensors convert to exactly n_elements floats.
#include <cstring>

#include "core/blob.h"
#include "fuzz_input.h"
#include "model/safetensors.h"

using namespace plume;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  BlobPtr blob = blob_from_vector(std::vector<uint8_t>(data, data + size));
  auto file = SafetensorsFile::parse(blob);
  if (!file) {
    FUZZ_CHECK(!file.error().message.empty());
    return 0;
  }
  const uint8_t* begin = blob->data();
  const uint8_t* end = begin + blob->size();
  std::vector<SafeTensorData> copy;
  for (const SafeTensor& t : file->tensors()) {
    FUZZ_CHECK(t.size == 0 || (t.data >= begin && t.data + t.size <= end));
    FUZZ_CHECK(file->find(t.name) == &t);
    auto floats = to_f32(t);
    if (floats) FUZZ_CHECK(static_cast<int64_t>(floats->size()) == t.n_elements());
    if (t.dtype == "F32" || t.dtype == "F16" || t.dtype == "BF16") FUZZ_CHECK(floats.ok());
    copy.push_back({t.name, t.dtype, t.shape, std::vector<uint8_t>(t.data, t.data + t.size)});
  }
  auto bytes = write_safetensors(copy, file->metadata());
  if (!bytes) {
    std::fprintf(stderr, "write failed: %s\n", bytes.error().message.c_str());
    FUZZ_CHECK(bytes.ok());
  }
  auto again = SafetensorsFile::parse(blob_from_vector(std::move(*bytes)));
  if (!again) {
    std::fprintf(stderr, "re-parse failed: %s\n", again.error().message.c_str());
    FUZZ_CHECK(again.ok());
  }
  FUZZ_CHECK(again->metadata() == file->metadata());
  FUZZ_CHECK(again->tensors().size() == file->tensors().size());
  for (const SafeTensor& a : file->tensors()) {
    const SafeTensor* b = again->find(a.name);
    FUZZ_CHECK(b != nullptr);
    FUZZ_CHECK(b->dtype == a.dtype && b->shape == a.shape && b->size == a.size);
    FUZZ_CHECK(a.size == 0 || std::memcmp(a.data, b->data, a.size) == 0);
  }
  return 0;
}
