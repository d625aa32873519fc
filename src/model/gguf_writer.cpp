// GGUF writer: produces version 3 files exactly as laid out in ggml/docs/gguf.md (see gguf.cpp
// for the layout). Like llama.cpp's writer it pads after every tensor's data, so each tensor
// starts on an alignment boundary and the file length is a multiple of the alignment.
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "model/gguf.h"

namespace plume {
namespace {

constexpr uint32_t kGgufVersion = 3;
constexpr uint32_t kDefaultAlignment = 32;
constexpr size_t kMaxTensorNameBytes = 63;  // what llama.cpp accepts (ggml's char name[64])

bool is_power_of_two(uint64_t x) { return x != 0 && (x & (x - 1)) == 0; }

uint64_t align_up(uint64_t x, uint64_t alignment) {
  return (x + alignment - 1) / alignment * alignment;
}

// Appends little-endian values (x86, ARM and WebAssembly are little-endian: a copy suffices).
class ByteSink {
 public:
  explicit ByteSink(std::vector<uint8_t>* out) : out_(out) {}

  template <class T>
  void put(T v) {
    uint8_t raw[sizeof(T)];
    std::memcpy(raw, &v, sizeof(T));
    out_->insert(out_->end(), raw, raw + sizeof(T));
  }
  void put_string(const std::string& s) {
    put<uint64_t>(s.size());
    out_->insert(out_->end(), s.begin(), s.end());
  }
  void put_bytes(const std::vector<uint8_t>& bytes) {
    out_->insert(out_->end(), bytes.begin(), bytes.end());
  }
  void pad_to(uint64_t alignment) { out_->resize(align_up(out_->size(), alignment), 0); }

 private:
  std::vector<uint8_t>* out_;
};

// One integer of the given type; `v` holds the value's bits (see GgufValue).
void put_integer(ByteSink& out, GgufType type, int64_t v) {
  switch (type) {
    case GgufType::UINT8: out.put(static_cast<uint8_t>(v)); break;
    case GgufType::INT8: out.put(static_cast<int8_t>(v)); break;
    case GgufType::UINT16: out.put(static_cast<uint16_t>(v)); break;
    case GgufType::INT16: out.put(static_cast<int16_t>(v)); break;
    case GgufType::UINT32: out.put(static_cast<uint32_t>(v)); break;
    case GgufType::INT32: out.put(static_cast<int32_t>(v)); break;
    case GgufType::UINT64: out.put(static_cast<uint64_t>(v)); break;
    case GgufType::INT64: out.put(v); break;
    case GgufType::BOOL: out.put(static_cast<uint8_t>(v != 0)); break;
    default: break;
  }
}

void put_float(ByteSink& out, GgufType type, double v) {
  if (type == GgufType::FLOAT32) out.put(static_cast<float>(v));
  else out.put(v);
}

bool is_unsigned(GgufType t) {
  return t == GgufType::UINT8 || t == GgufType::UINT16 || t == GgufType::UINT32 ||
         t == GgufType::UINT64;
}

void put_value(ByteSink& out, const GgufValue& v) {
  out.put(static_cast<uint32_t>(v.type));
  switch (v.type) {
    case GgufType::STRING: out.put_string(v.str); return;
    case GgufType::FLOAT32:
    case GgufType::FLOAT64: put_float(out, v.type, v.f64); return;
    case GgufType::ARRAY: {
      out.put(static_cast<uint32_t>(v.array_type));
      out.put<uint64_t>(v.array_size());  // nested arrays are written empty
      if (v.array_type == GgufType::STRING) {
        for (const std::string& s : v.strings) out.put_string(s);
      } else if (v.array_type == GgufType::FLOAT32 || v.array_type == GgufType::FLOAT64) {
        for (double f : v.floats) put_float(out, v.array_type, f);
      } else if (v.array_type != GgufType::ARRAY) {
        for (int64_t i : v.ints) put_integer(out, v.array_type, i);
      }
      return;
    }
    default:
      put_integer(out, v.type, is_unsigned(v.type) ? static_cast<int64_t>(v.u64) : v.i64);
      return;
  }
}

GgufValue scalar(GgufType type) {
  GgufValue v;
  v.type = type;
  return v;
}

GgufValue array_of(GgufType elem_type) {
  GgufValue v;
  v.type = GgufType::ARRAY;
  v.array_type = elem_type;
  return v;
}

}  // namespace

void GgufWriter::set_value(const std::string& key, const GgufValue& v) {
  // general.alignment decides the file layout, so however it is set, the layout follows it.
  if (key == "general.alignment") {
    const bool is_int = is_unsigned(v.type) || v.type == GgufType::INT8 ||
                        v.type == GgufType::INT16 || v.type == GgufType::INT32 ||
                        v.type == GgufType::INT64;
    const uint64_t a = is_unsigned(v.type) ? v.u64 : static_cast<uint64_t>(v.i64);
    if (!is_int || !is_power_of_two(a) || a > (1u << 30)) {
      invalid_alignment_ = "general.alignment must be a power of two";
      if (is_int) invalid_alignment_ += ", got " + std::to_string(static_cast<int64_t>(a));
    } else {
      alignment_ = static_cast<uint32_t>(a);
      invalid_alignment_.clear();
    }
  }
  for (auto& [k, existing] : kv_) {
    if (k == key) {
      existing = v;  // replaced in place: the key keeps its position
      return;
    }
  }
  kv_.emplace_back(key, v);
}

void GgufWriter::set_uint32(const std::string& key, uint32_t x) {
  GgufValue v = scalar(GgufType::UINT32);
  v.u64 = x;
  v.i64 = x;
  set_value(key, v);
}

void GgufWriter::set_int32(const std::string& key, int32_t x) {
  GgufValue v = scalar(GgufType::INT32);
  v.i64 = x;
  v.u64 = static_cast<uint64_t>(static_cast<int64_t>(x));
  set_value(key, v);
}

void GgufWriter::set_uint64(const std::string& key, uint64_t x) {
  GgufValue v = scalar(GgufType::UINT64);
  v.u64 = x;
  v.i64 = static_cast<int64_t>(x);
  set_value(key, v);
}

void GgufWriter::set_float32(const std::string& key, float x) {
  GgufValue v = scalar(GgufType::FLOAT32);
  v.f64 = x;
  set_value(key, v);
}

void GgufWriter::set_bool(const std::string& key, bool x) {
  GgufValue v = scalar(GgufType::BOOL);
  v.i64 = x;
  v.u64 = x;
  set_value(key, v);
}

void GgufWriter::set_string(const std::string& key, const std::string& x) {
  GgufValue v = scalar(GgufType::STRING);
  v.str = x;
  set_value(key, v);
}

void GgufWriter::set_string_array(const std::string& key, const std::vector<std::string>& x) {
  GgufValue v = array_of(GgufType::STRING);
  v.strings = x;
  set_value(key, v);
}

void GgufWriter::set_int32_array(const std::string& key, const std::vector<int32_t>& x) {
  GgufValue v = array_of(GgufType::INT32);
  v.ints.assign(x.begin(), x.end());
  set_value(key, v);
}

void GgufWriter::set_float32_array(const std::string& key, const std::vector<float>& x) {
  GgufValue v = array_of(GgufType::FLOAT32);
  v.floats.assign(x.begin(), x.end());
  set_value(key, v);
}

void GgufWriter::set_alignment(uint32_t alignment) {
  if (alignment == kDefaultAlignment) {
    // The default needs no key (readers assume 32 without one).
    alignment_ = kDefaultAlignment;
    invalid_alignment_.clear();
    std::erase_if(kv_, [](const auto& kv) { return kv.first == "general.alignment"; });
    return;
  }
  set_uint32("general.alignment", alignment);
}

Status GgufWriter::add_tensor(const std::string& name, std::vector<int64_t> ne, DType type,
                              std::vector<uint8_t> data) {
  if (name.empty() || name.size() > kMaxTensorNameBytes) {
    return make_error("tensor name '", name, "' must be 1 to ", kMaxTensorNameBytes, " bytes long");
  }
  for (const PendingTensor& t : tensors_) {
    if (t.name == name) return make_error("duplicate tensor name '", name, "'");
  }
  if (ne.empty() || ne.size() > 4) {
    return make_error("tensor '", name, "' has ", ne.size(), " dimensions; GGUF allows 1 to 4");
  }
  uint64_t rows = 1;
  for (size_t d = 0; d < ne.size(); d++) {
    if (ne[d] < 1) return make_error("tensor '", name, "': dimension ", d, " is ", ne[d], ", must be at least 1");
    if (d > 0 && __builtin_mul_overflow(rows, static_cast<uint64_t>(ne[d]), &rows)) {
      return make_error("tensor '", name, "' has too many elements");
    }
  }
  if (type == DType::Q8_0 && ne[0] % kQ8Block != 0) {
    return make_error("tensor '", name, "' of type Q8_0 has ne[0] = ", ne[0],
                      ", which is not a multiple of ", kQ8Block);
  }
  uint64_t expected = 0;
  if (__builtin_mul_overflow(static_cast<uint64_t>(row_bytes(type, ne[0])), rows, &expected)) {
    return make_error("tensor '", name, "' has too many elements");
  }
  if (data.size() != expected) {
    std::string shape;
    for (size_t d = 0; d < ne.size(); d++) shape += (d ? ", " : "") + std::to_string(ne[d]);
    return make_error("tensor '", name, "': data has ", data.size(), " bytes, but shape [", shape,
                      "] of ", dtype_name(type), " needs ", expected, " bytes");
  }
  tensors_.push_back({name, std::move(ne), type, std::move(data)});
  return {};
}

std::vector<uint8_t> GgufWriter::to_bytes() const {
  if (!invalid_alignment_.empty()) return {};
  std::vector<uint8_t> bytes;
  ByteSink out(&bytes);

  out.put_bytes({'G', 'G', 'U', 'F'});
  out.put(kGgufVersion);
  out.put<uint64_t>(tensors_.size());
  out.put<uint64_t>(kv_.size());
  for (const auto& [key, value] : kv_) {
    out.put_string(key);
    put_value(out, value);
  }

  // Offsets are relative to the data section; each tensor starts on an alignment boundary.
  uint64_t offset = 0;
  for (const PendingTensor& t : tensors_) {
    out.put_string(t.name);
    out.put(static_cast<uint32_t>(t.ne.size()));
    for (int64_t d : t.ne) out.put(static_cast<uint64_t>(d));
    out.put(static_cast<uint32_t>(t.type));  // DType ids are ggml's type ids
    out.put(offset);
    offset = align_up(offset + t.data.size(), alignment_);
  }
  out.pad_to(alignment_);
  for (const PendingTensor& t : tensors_) {
    out.put_bytes(t.data);
    out.pad_to(alignment_);
  }
  return bytes;
}

Status GgufWriter::write_file(const std::string& path) const {
  if (!invalid_alignment_.empty()) return make_error("cannot write '", path, "': ", invalid_alignment_);
  std::vector<uint8_t> bytes = to_bytes();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return make_error("cannot open '", path, "' for writing: ", std::strerror(errno));
  const size_t written = std::fwrite(bytes.data(), 1, bytes.size(), f);
  const bool closed = std::fclose(f) == 0;
  if (written != bytes.size() || !closed) {
    return make_error("cannot write '", path, "': ", std::strerror(errno));
  }
  return {};
}

}  // namespace plume
