// Hugging Face safetensors (model.safetensors), so users can bring checkpoints straight from the
// Hub (e.g. GPT-2 fine-tunes) and convert them to GGUF. Layout:
//
//   u64 header_len (little-endian) | header_len bytes of JSON | data buffer
//
// The JSON maps each tensor name to {"dtype": "F32", "shape": [768, 2304],
// "data_offsets": [begin, end]} (offsets relative to the data buffer), plus an optional
// "__metadata__" object of string -> string. Like GgufFile, reading borrows the Blob's bytes.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/blob.h"
#include "core/error.h"

namespace plume {

struct SafeTensor {
  std::string name;
  std::string dtype;            // as in the file: "F32", "F16", "BF16", "I64", ...
  std::vector<int64_t> shape;   // PyTorch order: shape.back() is the contiguous dimension
  const uint8_t* data = nullptr;  // into the Blob
  size_t size = 0;              // bytes

  int64_t n_elements() const;
};

class SafetensorsFile {
 public:
  // Validates the header and every tensor's dtype, shape and byte range. Tensors of any dtype
  // safetensors defines are listed (their sizes are checked); to_f32 converts F32, F16 and BF16.
  static Result<SafetensorsFile> parse(BlobPtr blob);

  const SafeTensor* find(std::string_view name) const;
  const std::vector<SafeTensor>& tensors() const { return tensors_; }  // in file data order
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  const BlobPtr& blob() const { return blob_; }

 private:
  BlobPtr blob_;
  std::vector<SafeTensor> tensors_;
  std::map<std::string, std::string> metadata_;
};

// The tensor's values as floats. F32 is copied, F16 and BF16 are widened exactly; any other
// dtype is an error naming the tensor and its dtype.
Result<std::vector<float>> to_f32(const SafeTensor& tensor);

// A tensor to write: raw little-endian bytes of `dtype` in row-major order.
struct SafeTensorData {
  std::string name;
  std::string dtype;
  std::vector<int64_t> shape;
  std::vector<uint8_t> bytes;
};

// Builds a complete .safetensors file (tensors stored in the given order, header padded with
// spaces to a multiple of 8 as the Python library does). Used by tests and conversion tools.
Result<std::vector<uint8_t>> write_safetensors(const std::vector<SafeTensorData>& tensors,
                                               const std::map<std::string, std::string>& metadata = {});

}  // namespace plume
