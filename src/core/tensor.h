// Tensor element types and the weight-matrix view the kernels work on. Type ids and the Q8_0
// block layout are ggml's, so GGUF tensor data is used in place, without conversion.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace plume {

enum class DType : uint32_t { F32 = 0, F16 = 1, Q8_0 = 8 };

// ggml's Q8_0 block: 32 weights sharing one scale. value[i] = d * qs[i], d stored as IEEE half.
constexpr int kQ8Block = 32;
struct BlockQ8_0 {
  uint16_t d;
  int8_t qs[kQ8Block];
};
static_assert(sizeof(BlockQ8_0) == 34, "Q8_0 block must be 34 bytes, as in ggml");

const char* dtype_name(DType t);
// Bytes needed for one row of `n` elements; n must be a multiple of the block size for Q8_0.
size_t row_bytes(DType t, int64_t n);
bool dtype_from_ggml(uint32_t ggml_type, DType* out);

// A read-only row-major weight matrix: `rows` rows of `cols` elements each. In ggml order this
// is a tensor with ne0 = cols (inputs), ne1 = rows (outputs): y = W x has `rows` outputs.
struct Matrix {
  DType type = DType::F32;
  const void* data = nullptr;
  int64_t rows = 0;
  int64_t cols = 0;

  const uint8_t* row(int64_t r) const {
    return static_cast<const uint8_t*>(data) + static_cast<size_t>(r) * row_bytes(type, cols);
  }
};

}  // namespace plume
