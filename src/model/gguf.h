// GGUF v3, the model file format of llama.cpp / ggml (spec: ggml/docs/gguf.md).
// Reading borrows the file's bytes (a Blob): tensor data pointers point into it, no copy.
// Writing produces a complete file in memory or on disk, used by tests, `plume init` and training.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/blob.h"
#include "core/error.h"
#include "core/tensor.h"

namespace plume {

// GGUF metadata value types (gguf_type in the spec).
enum class GgufType : uint32_t {
  UINT8 = 0, INT8 = 1, UINT16 = 2, INT16 = 3, UINT32 = 4, INT32 = 5, FLOAT32 = 6, BOOL = 7,
  STRING = 8, ARRAY = 9, UINT64 = 10, INT64 = 11, FLOAT64 = 12,
};

// A metadata value. Scalars keep their declared type; arrays hold one element type.
struct GgufValue {
  GgufType type = GgufType::UINT32;
  GgufType array_type = GgufType::UINT32;  // element type when type == ARRAY
  // Scalar storage: integers (and bool) in i64/u64, floats in f64, strings in str.
  // The reader fills both i64 and u64 (same bits); the writer takes unsigned types from u64 and
  // signed types and bool from i64. Integer array elements are kept as int64 bit patterns.
  int64_t i64 = 0;
  uint64_t u64 = 0;
  double f64 = 0;
  std::string str;
  // Array storage, by element kind. Nested arrays are accepted by the reader and skipped
  // (kept as an empty array of type ARRAY): no known GGUF key uses them.
  std::vector<int64_t> ints;      // all signed/unsigned integer and bool element types
  std::vector<double> floats;     // FLOAT32 / FLOAT64 elements
  std::vector<std::string> strings;

  size_t array_size() const;
};

struct GgufTensorInfo {
  std::string name;
  std::vector<int64_t> ne;   // ggml dimension order: ne[0] is the innermost (contiguous) one
  uint32_t ggml_type = 0;    // raw ggml type id as stored
  DType type = DType::F32;   // valid when the type is one Plume computes with (F32, F16, Q8_0)
  bool supported = false;
  uint64_t offset = 0;       // relative to the start of the tensor data section
  uint64_t size_bytes = 0;
  const uint8_t* data = nullptr;  // into the Blob

  int64_t n_elements() const;
};

class GgufFile {
 public:
  // Parses and validates the header, metadata and tensor infos; checks every tensor's data lies
  // inside the file. Errors name what is wrong ("not a GGUF file (magic 'PK\x03\x04')",
  // "tensor 'blk.0.attn_qkv.weight': data ends at byte 9000 but the file has 4096 bytes").
  static Result<GgufFile> parse(BlobPtr blob);

  uint32_t version() const { return version_; }
  uint32_t alignment() const { return alignment_; }
  const std::vector<std::pair<std::string, GgufValue>>& metadata() const { return kv_; }
  const std::vector<GgufTensorInfo>& tensors() const { return tensors_; }
  const BlobPtr& blob() const { return blob_; }

  const GgufValue* find(std::string_view key) const;
  const GgufTensorInfo* find_tensor(std::string_view name) const;

  // Typed look-ups with user-readable errors ("missing key 'gpt2.block_count'",
  // "key 'gpt2.block_count' is a string, expected an integer").
  Result<uint64_t> get_uint(std::string_view key) const;   // any non-negative integer type
  Result<double> get_float(std::string_view key) const;    // FLOAT32/FLOAT64 (or integer)
  Result<std::string> get_string(std::string_view key) const;

 private:
  BlobPtr blob_;
  uint32_t version_ = 0;
  uint32_t alignment_ = 32;
  std::vector<std::pair<std::string, GgufValue>> kv_;
  std::vector<GgufTensorInfo> tensors_;
};

class GgufWriter {
 public:
  void set_uint32(const std::string& key, uint32_t v);
  void set_int32(const std::string& key, int32_t v);
  void set_uint64(const std::string& key, uint64_t v);
  void set_float32(const std::string& key, float v);
  void set_bool(const std::string& key, bool v);
  void set_string(const std::string& key, const std::string& v);
  void set_string_array(const std::string& key, const std::vector<std::string>& v);
  void set_int32_array(const std::string& key, const std::vector<int32_t>& v);
  void set_float32_array(const std::string& key, const std::vector<float>& v);
  void set_value(const std::string& key, const GgufValue& v);  // any type, arrays included

  // ne in ggml order; data must hold exactly the bytes for that shape and type.
  Status add_tensor(const std::string& name, std::vector<int64_t> ne, DType type,
                    std::vector<uint8_t> data);

  void set_alignment(uint32_t alignment);  // default 32; also written as general.alignment
  // An alignment that isn't a power of two is remembered as an error: to_bytes() then returns
  // an empty vector and write_file() returns the error.
  std::vector<uint8_t> to_bytes() const;
  Status write_file(const std::string& path) const;

 private:
  struct PendingTensor {
    std::string name;
    std::vector<int64_t> ne;
    DType type;
    std::vector<uint8_t> data;
  };
  uint32_t alignment_ = 32;
  std::string invalid_alignment_;  // the error message, when an invalid alignment was set
  std::vector<std::pair<std::string, GgufValue>> kv_;  // in insertion order; set_* replaces
  std::vector<PendingTensor> tensors_;
};

}  // namespace plume
