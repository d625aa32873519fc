#include "core/tensor.h"

namespace plume {

const char* dtype_name(DType t) {
  switch (t) {
    case DType::F32: return "F32";
    case DType::F16: return "F16";
    case DType::Q8_0: return "Q8_0";
  }
  return "unknown";
}

size_t row_bytes(DType t, int64_t n) {
  const size_t count = static_cast<size_t>(n);
  switch (t) {
    case DType::F32: return count * 4;
    case DType::F16: return count * 2;
    case DType::Q8_0: return count / kQ8Block * sizeof(BlockQ8_0);
  }
  return 0;
}

bool dtype_from_ggml(uint32_t ggml_type, DType* out) {
  switch (ggml_type) {
    case 0: *out = DType::F32; return true;
    case 1: *out = DType::F16; return true;
    case 8: *out = DType::Q8_0; return true;
    default: return false;
  }
}

}  // namespace plume
