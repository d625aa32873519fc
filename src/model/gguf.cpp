// GGUF reader. The layout (ggml/docs/gguf.md), all little-endian:
//
//   "GGUF" | u32 version | u64 tensor_count | u64 metadata_kv_count
//   metadata_kv_count x { string key | u32 value_type | value }
//   tensor_count      x { string name | u32 n_dims | u64 ne[n_dims] | u32 ggml_type | u64 offset }
//   zero padding up to a multiple of general.alignment (default 32)
//   tensor data: each tensor at data_start + offset, offset a multiple of the alignment
//
// where string = u64 length + bytes, and an array value = u32 element type + u64 count + elements.
//
// The file is untrusted input (users bring their own models; the parser is fuzzed): every read
// goes through Cursor, which checks bounds, every count is checked against the bytes left before
// anything is allocated for it, and every size computation is checked for overflow.
#include "model/gguf.h"

#include <algorithm>
#include <cstring>
#include <unordered_set>

namespace plume {
namespace {

constexpr uint32_t kMaxDims = 4;                // GGML_MAX_DIMS
constexpr uint64_t kMaxKeyBytes = 65535;        // the spec's limit for metadata keys
constexpr uint64_t kMaxTensorNameBytes = 63;    // ggml keeps names in char[64], NUL-terminated
constexpr int kMaxArrayNesting = 8;             // nested arrays are skipped recursively
constexpr uint64_t kMinKvBytes = 8 + 4 + 1;     // empty key + type + smallest value
constexpr uint64_t kMinTensorInfoBytes = 8 + 4 + 8 + 4 + 8;  // empty name, 1 dim, type, offset

// Block layout of every ggml type, so a file can be read (and its tensor sizes checked) even when
// it holds types Plume doesn't compute with. block_elems == 0 marks ids ggml has retired.
struct GgmlTypeTraits {
  const char* name;
  uint32_t block_elems;
  uint32_t block_bytes;
};
constexpr GgmlTypeTraits kGgmlTypes[] = {
    {"F32", 1, 4},        {"F16", 1, 2},          {"Q4_0", 32, 18},      {"Q4_1", 32, 20},
    {"Q4_2", 0, 0},       {"Q4_3", 0, 0},         {"Q5_0", 32, 22},      {"Q5_1", 32, 24},
    {"Q8_0", 32, 34},     {"Q8_1", 32, 36},       {"Q2_K", 256, 84},     {"Q3_K", 256, 110},
    {"Q4_K", 256, 144},   {"Q5_K", 256, 176},     {"Q6_K", 256, 210},    {"Q8_K", 256, 292},
    {"IQ2_XXS", 256, 66}, {"IQ2_XS", 256, 74},    {"IQ3_XXS", 256, 98},  {"IQ1_S", 256, 50},
    {"IQ4_NL", 32, 18},   {"IQ3_S", 256, 110},    {"IQ2_S", 256, 82},    {"IQ4_XS", 256, 136},
    {"I8", 1, 1},         {"I16", 1, 2},          {"I32", 1, 4},         {"I64", 1, 8},
    {"F64", 1, 8},        {"IQ1_M", 256, 56},     {"BF16", 1, 2},        {"Q4_0_4_4", 0, 0},
    {"Q4_0_4_8", 0, 0},   {"Q4_0_8_8", 0, 0},     {"TQ1_0", 256, 54},    {"TQ2_0", 256, 66},
    {"IQ4_NL_4_4", 0, 0}, {"IQ4_NL_4_8", 0, 0},   {"IQ4_NL_8_8", 0, 0},  {"MXFP4", 32, 17},
};
constexpr uint32_t kGgmlTypeCount = sizeof(kGgmlTypes) / sizeof(kGgmlTypes[0]);

bool is_known_value_type(uint32_t t) { return t <= static_cast<uint32_t>(GgufType::FLOAT64); }

const char* value_type_name(GgufType t) {
  switch (t) {
    case GgufType::UINT8: return "uint8";
    case GgufType::INT8: return "int8";
    case GgufType::UINT16: return "uint16";
    case GgufType::INT16: return "int16";
    case GgufType::UINT32: return "uint32";
    case GgufType::INT32: return "int32";
    case GgufType::FLOAT32: return "float32";
    case GgufType::BOOL: return "bool";
    case GgufType::STRING: return "string";
    case GgufType::ARRAY: return "array";
    case GgufType::UINT64: return "uint64";
    case GgufType::INT64: return "int64";
    case GgufType::FLOAT64: return "float64";
  }
  return "unknown";
}

// "a string", "an array of uint32": for messages about a value's type.
std::string describe_type(const GgufValue& v) {
  if (v.type == GgufType::ARRAY) return std::string("an array of ") + value_type_name(v.array_type);
  std::string name = value_type_name(v.type);
  return (name[0] == 'i' ? "an " : "a ") + name;
}

bool is_unsigned_int(GgufType t) {
  return t == GgufType::UINT8 || t == GgufType::UINT16 || t == GgufType::UINT32 ||
         t == GgufType::UINT64;
}
bool is_signed_int(GgufType t) {
  return t == GgufType::INT8 || t == GgufType::INT16 || t == GgufType::INT32 ||
         t == GgufType::INT64;
}

// Bytes a value of this type occupies when its size is fixed; for strings and arrays, the least
// it can occupy (the length / type+count prefix). Used to bound counts before allocating.
uint64_t min_value_bytes(GgufType t) {
  switch (t) {
    case GgufType::UINT8: case GgufType::INT8: case GgufType::BOOL: return 1;
    case GgufType::UINT16: case GgufType::INT16: return 2;
    case GgufType::UINT32: case GgufType::INT32: case GgufType::FLOAT32: return 4;
    case GgufType::UINT64: case GgufType::INT64: case GgufType::FLOAT64: return 8;
    case GgufType::STRING: return 8;
    case GgufType::ARRAY: return 4 + 8;
  }
  return 1;
}

// Shows up to 4 bytes of a bad magic readably: 'PK\x03\x04'.
std::string printable_bytes(const uint8_t* p, size_t n) {
  static const char kHex[] = "0123456789abcdef";
  std::string s = "'";
  for (size_t i = 0; i < n; i++) {
    if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\' && p[i] != '\'') {
      s += static_cast<char>(p[i]);
    } else {
      s += "\\x";
      s += kHex[p[i] >> 4];
      s += kHex[p[i] & 15];
    }
  }
  return s + "'";
}

std::string shape_string(const std::vector<int64_t>& ne) {
  std::string s = "[";
  for (size_t i = 0; i < ne.size(); i++) s += (i ? ", " : "") + std::to_string(ne[i]);
  return s + "]";
}

// Reads little-endian values from the file's bytes, checking bounds on every read. `context`
// names the part of the file being read ("metadata key 'general.name'") so that a truncation
// error says what was cut off and where.
class Cursor {
 public:
  Cursor(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  size_t pos() const { return pos_; }
  size_t remaining() const { return size_ - pos_; }
  void set_context(std::string context) { context_ = std::move(context); }
  const std::string& context() const { return context_; }

  Status read_bytes(void* out, size_t n, const char* what) {
    if (n > remaining()) {
      return make_error("truncated GGUF file: reading ", what, " of ", context_, " at byte offset ",
                        pos_, " needs ", n, " bytes, but the file ends at byte ", size_);
    }
    std::memcpy(out, data_ + pos_, n);
    pos_ += n;
    return {};
  }

  // GGUF is little-endian, as are x86, ARM and WebAssembly: a plain copy is the decoding.
  template <class T>
  Status read(T* out, const char* what) { return read_bytes(out, sizeof(T), what); }

  Status skip(uint64_t n, const char* what) {
    if (n > remaining()) {
      return make_error("truncated GGUF file: ", what, " of ", context_, " at byte offset ", pos_,
                        " needs ", n, " bytes, but the file ends at byte ", size_);
    }
    pos_ += static_cast<size_t>(n);
    return {};
  }

  // A GGUF string: u64 length, then that many bytes (UTF-8, not NUL-terminated).
  Status read_string(std::string* out, const char* what, uint64_t max_len = UINT64_MAX) {
    const size_t start = pos_;
    uint64_t len = 0;
    if (Status s = read(&len, what); !s) return s;
    if (len > max_len) {
      return make_error(what, " of ", context_, " at byte offset ", start, " is ", len,
                        " bytes long; the limit is ", max_len, " bytes");
    }
    if (len > remaining()) {
      return make_error("truncated GGUF file: ", what, " of ", context_, " at byte offset ", start,
                        " declares ", len, " bytes, but only ", remaining(), " bytes are left");
    }
    out->assign(reinterpret_cast<const char*>(data_ + pos_), static_cast<size_t>(len));
    pos_ += static_cast<size_t>(len);
    return {};
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
  std::string context_;
};

// Returns the error of a failed step (as an Error, which converts to Status and Result<T>).
#define GGUF_TRY(expr)                        \
  do {                                        \
    Status status_ = (expr);                  \
    if (!status_) return status_.error();     \
  } while (0)

// Reads one integer of an integer or bool type into both signed and unsigned storage (each
// holds the value when it fits; uint64 values above INT64_MAX keep their bits in i64).
Status read_integer(Cursor& in, GgufType type, int64_t* i64, uint64_t* u64) {
  auto take = [&](auto raw) -> Status {
    GGUF_TRY(in.read(&raw, "a value"));
    *i64 = static_cast<int64_t>(raw);
    *u64 = static_cast<uint64_t>(raw);
    return {};
  };
  switch (type) {
    case GgufType::UINT8: return take(uint8_t{});
    case GgufType::INT8: return take(int8_t{});
    case GgufType::UINT16: return take(uint16_t{});
    case GgufType::INT16: return take(int16_t{});
    case GgufType::UINT32: return take(uint32_t{});
    case GgufType::INT32: return take(int32_t{});
    case GgufType::UINT64: return take(uint64_t{});
    case GgufType::INT64: return take(int64_t{});
    case GgufType::BOOL: {
      const size_t at = in.pos();
      uint8_t b = 0;
      GGUF_TRY(in.read(&b, "a bool"));
      if (b > 1) {
        return make_error(in.context(), ": bool at byte offset ", at, " is ", int{b},
                          "; a GGUF bool must be 0 or 1");
      }
      *i64 = b;
      *u64 = b;
      return {};
    }
    default: return make_error("internal: ", value_type_name(type), " is not an integer type");
  }
}

Status read_float(Cursor& in, GgufType type, double* out) {
  if (type == GgufType::FLOAT32) {
    float f = 0;
    GGUF_TRY(in.read(&f, "a float32"));
    *out = f;
  } else {
    GGUF_TRY(in.read(out, "a float64"));
  }
  return {};
}

Status read_value_type(Cursor& in, const char* what, GgufType* out) {
  const size_t at = in.pos();
  uint32_t raw = 0;
  GGUF_TRY(in.read(&raw, what));
  if (!is_known_value_type(raw)) {
    return make_error(in.context(), ": unknown ", what, " ", raw, " at byte offset ", at,
                      " (GGUF value types are 0-12)");
  }
  *out = static_cast<GgufType>(raw);
  return {};
}

// Reads an array's element type and count and checks the count against the bytes left.
Status read_array_header(Cursor& in, GgufType* elem_type, uint64_t* count) {
  GGUF_TRY(read_value_type(in, "array element type", elem_type));
  const size_t at = in.pos();
  GGUF_TRY(in.read(count, "array length"));
  const uint64_t min_bytes = min_value_bytes(*elem_type);
  if (*count > in.remaining() / min_bytes) {
    return make_error(in.context(), ": array at byte offset ", at, " declares ", *count, " ",
                      value_type_name(*elem_type), " elements, but only ", in.remaining(),
                      " bytes are left in the file");
  }
  return {};
}

// Steps over a nested array without keeping it (no GGUF key uses them).
Status skip_array(Cursor& in, int depth) {
  if (depth > kMaxArrayNesting) {
    return make_error(in.context(), ": arrays nested more than ", kMaxArrayNesting,
                      " levels deep at byte offset ", in.pos());
  }
  GgufType elem_type;
  uint64_t count = 0;
  GGUF_TRY(read_array_header(in, &elem_type, &count));
  if (elem_type == GgufType::ARRAY) {
    for (uint64_t i = 0; i < count; i++) GGUF_TRY(skip_array(in, depth + 1));
  } else if (elem_type == GgufType::STRING) {
    std::string ignored;
    for (uint64_t i = 0; i < count; i++) GGUF_TRY(in.read_string(&ignored, "a string element"));
  } else {
    GGUF_TRY(in.skip(count * min_value_bytes(elem_type), "array data"));  // count was bounded
  }
  return {};
}

Status read_array(Cursor& in, GgufValue* v) {
  uint64_t count = 0;
  GGUF_TRY(read_array_header(in, &v->array_type, &count));
  const GgufType t = v->array_type;
  const size_t n = static_cast<size_t>(count);  // bounded by the file size above
  if (t == GgufType::ARRAY) {
    for (size_t i = 0; i < n; i++) GGUF_TRY(skip_array(in, 2));
  } else if (t == GgufType::STRING) {
    v->strings.resize(n);
    for (size_t i = 0; i < n; i++) GGUF_TRY(in.read_string(&v->strings[i], "a string element"));
  } else if (t == GgufType::FLOAT32 || t == GgufType::FLOAT64) {
    v->floats.resize(n);
    for (size_t i = 0; i < n; i++) GGUF_TRY(read_float(in, t, &v->floats[i]));
  } else {
    v->ints.resize(n);
    uint64_t unused = 0;
    for (size_t i = 0; i < n; i++) GGUF_TRY(read_integer(in, t, &v->ints[i], &unused));
  }
  return {};
}

Status read_value(Cursor& in, GgufValue* v) {
  GGUF_TRY(read_value_type(in, "value type", &v->type));
  switch (v->type) {
    case GgufType::STRING: return in.read_string(&v->str, "a string value");
    case GgufType::ARRAY: return read_array(in, v);
    case GgufType::FLOAT32:
    case GgufType::FLOAT64: return read_float(in, v->type, &v->f64);
    default: return read_integer(in, v->type, &v->i64, &v->u64);
  }
}

// general.alignment: any non-negative integer type is accepted, the value must be a power of two.
Status read_alignment(const GgufFile& file, uint32_t* alignment) {
  const GgufValue* v = file.find("general.alignment");
  if (v == nullptr) return {};
  Result<uint64_t> a = file.get_uint("general.alignment");
  if (!a) return a.error();
  if (*a == 0 || (*a & (*a - 1)) != 0 || *a > (1u << 30)) {
    return make_error("general.alignment is ", *a, "; it must be a power of two up to 2^30 (usually 32)");
  }
  *alignment = static_cast<uint32_t>(*a);
  return {};
}

Status read_tensor_info(Cursor& in, GgufTensorInfo* t) {
  GGUF_TRY(in.read_string(&t->name, "the tensor name", kMaxTensorNameBytes));
  in.set_context("tensor '" + t->name + "'");
  const size_t dims_at = in.pos();
  uint32_t n_dims = 0;
  GGUF_TRY(in.read(&n_dims, "the number of dimensions"));
  if (n_dims == 0 || n_dims > kMaxDims) {
    return make_error("tensor '", t->name, "' has ", n_dims, " dimensions (byte offset ", dims_at,
                      "); GGUF tensors have 1 to ", kMaxDims);
  }
  t->ne.resize(n_dims);
  for (uint32_t d = 0; d < n_dims; d++) {
    uint64_t raw = 0;
    GGUF_TRY(in.read(&raw, "a dimension"));
    if (raw == 0 || raw > static_cast<uint64_t>(INT64_MAX)) {
      return make_error("tensor '", t->name, "': dimension ", d, " is ",
                        raw == 0 ? std::string("0") : std::to_string(static_cast<int64_t>(raw)),
                        "; every dimension must be at least 1");
    }
    t->ne[d] = static_cast<int64_t>(raw);
  }
  GGUF_TRY(in.read(&t->ggml_type, "the tensor type"));
  GGUF_TRY(in.read(&t->offset, "the data offset"));
  return {};
}

// Works out a tensor's byte size from its shape and ggml type.
Status compute_tensor_size(GgufTensorInfo* t) {
  uint64_t n = 1;
  for (int64_t d : t->ne) {
    if (__builtin_mul_overflow(n, static_cast<uint64_t>(d), &n) || n > INT64_MAX) {
      return make_error("tensor '", t->name, "' has shape ", shape_string(t->ne),
                        ", more elements than a 64-bit count can hold");
    }
  }
  if (t->ggml_type >= kGgmlTypeCount || kGgmlTypes[t->ggml_type].block_elems == 0) {
    const char* why = t->ggml_type >= kGgmlTypeCount ? "not a ggml type Plume knows"
                                                     : "a type ggml has removed";
    std::string name = t->ggml_type < kGgmlTypeCount ? std::string(kGgmlTypes[t->ggml_type].name) + ", " : "";
    return make_error("tensor '", t->name, "' has unsupported type ", t->ggml_type, " (", name, why,
                      "), so its size can't be computed");
  }
  const GgmlTypeTraits& traits = kGgmlTypes[t->ggml_type];
  if (t->ne[0] % traits.block_elems != 0) {
    return make_error("tensor '", t->name, "' of type ", traits.name, " has ne[0] = ", t->ne[0],
                      ", which is not a multiple of the type's block size ", traits.block_elems);
  }
  if (__builtin_mul_overflow(n / traits.block_elems, uint64_t{traits.block_bytes}, &t->size_bytes)) {
    return make_error("tensor '", t->name, "' has shape ", shape_string(t->ne),
                      ", more bytes than a 64-bit size can hold");
  }
  t->supported = dtype_from_ggml(t->ggml_type, &t->type);
  return {};
}

}  // namespace

size_t GgufValue::array_size() const {
  if (type != GgufType::ARRAY) return 0;
  switch (array_type) {
    case GgufType::STRING: return strings.size();
    case GgufType::FLOAT32: case GgufType::FLOAT64: return floats.size();
    case GgufType::ARRAY: return 0;  // nested arrays are not kept
    default: return ints.size();
  }
}

int64_t GgufTensorInfo::n_elements() const {
  int64_t n = 1;
  for (int64_t d : ne) n *= d;  // parse() checked this fits
  return n;
}

Result<GgufFile> GgufFile::parse(BlobPtr blob) {
  if (!blob || blob->size() == 0) return make_error("not a GGUF file: the file is empty");
  GgufFile file;
  file.blob_ = blob;
  const size_t file_size = blob->size();
  Cursor in(blob->data(), file_size);
  in.set_context("the header");

  // Header.
  if (file_size < 4 || std::memcmp(blob->data(), "GGUF", 4) != 0) {
    return make_error("not a GGUF file (magic ", printable_bytes(blob->data(), std::min<size_t>(file_size, 4)),
                      ", expected 'GGUF')");
  }
  GGUF_TRY(in.skip(4, "the magic"));
  GGUF_TRY(in.read(&file.version_, "the version"));
  if (file.version_ == 0x02000000u || file.version_ == 0x03000000u) {
    return make_error("big-endian GGUF files are not supported (version field reads ", file.version_,
                      "); convert the model to little-endian");
  }
  if (file.version_ == 1) {
    return make_error("GGUF version 1 is not supported (an early 2023 format); re-convert the "
                      "model with a current llama.cpp to get version 3");
  }
  if (file.version_ != 2 && file.version_ != 3) {
    return make_error("unsupported GGUF version ", file.version_, " (Plume reads versions 2 and 3)");
  }
  uint64_t tensor_count = 0, kv_count = 0;
  GGUF_TRY(in.read(&tensor_count, "the tensor count"));
  GGUF_TRY(in.read(&kv_count, "the metadata count"));
  // Every entry takes some bytes, so a count the rest of the file can't hold is rejected now,
  // before anything is reserved for it.
  if (kv_count > in.remaining() / kMinKvBytes) {
    return make_error("GGUF header declares ", kv_count, " metadata entries, but only ",
                      in.remaining(), " bytes are left in the file");
  }
  if (tensor_count > in.remaining() / kMinTensorInfoBytes) {
    return make_error("GGUF header declares ", tensor_count, " tensors, but only ", in.remaining(),
                      " bytes are left in the file");
  }

  // Metadata.
  std::unordered_set<std::string> seen;
  file.kv_.reserve(static_cast<size_t>(kv_count));
  for (uint64_t i = 0; i < kv_count; i++) {
    in.set_context("metadata entry #" + std::to_string(i));
    std::string key;
    GGUF_TRY(in.read_string(&key, "the key", kMaxKeyBytes));
    if (!seen.insert(key).second) return make_error("duplicate metadata key '", key, "'");
    in.set_context("metadata key '" + key + "'");
    GgufValue value;
    GGUF_TRY(read_value(in, &value));
    file.kv_.emplace_back(std::move(key), std::move(value));
  }
  GGUF_TRY(read_alignment(file, &file.alignment_));

  // Tensor infos.
  seen.clear();
  file.tensors_.resize(static_cast<size_t>(tensor_count));
  for (size_t i = 0; i < file.tensors_.size(); i++) {
    GgufTensorInfo& t = file.tensors_[i];
    in.set_context("tensor info #" + std::to_string(i));
    GGUF_TRY(read_tensor_info(in, &t));
    if (!seen.insert(t.name).second) return make_error("duplicate tensor name '", t.name, "'");
    GGUF_TRY(compute_tensor_size(&t));
  }

  // Tensor data: starts at the next multiple of the alignment after the infos.
  const uint64_t data_start = (in.pos() + file.alignment_ - 1) / file.alignment_ * file.alignment_;
  for (GgufTensorInfo& t : file.tensors_) {
    if (t.offset % file.alignment_ != 0) {
      return make_error("tensor '", t.name, "': data offset ", t.offset,
                        " is not a multiple of the alignment ", file.alignment_);
    }
    uint64_t begin = 0, end = 0;
    const bool overflow = __builtin_add_overflow(data_start, t.offset, &begin) ||
                          __builtin_add_overflow(begin, t.size_bytes, &end);
    if (overflow || end > file_size) {
      return make_error("tensor '", t.name, "': data (", t.size_bytes, " bytes at offset ", t.offset,
                        " of the data section, which starts at byte ", data_start, ") ends ",
                        overflow ? std::string("past byte 2^64") : "at byte " + std::to_string(end),
                        " but the file has ", file_size, " bytes");
    }
    t.data = blob->data() + begin;
  }

  // No two tensors may share bytes (writing into one would silently change the other).
  std::vector<const GgufTensorInfo*> by_offset;
  for (const GgufTensorInfo& t : file.tensors_) by_offset.push_back(&t);
  std::sort(by_offset.begin(), by_offset.end(),
            [](const GgufTensorInfo* a, const GgufTensorInfo* b) { return a->offset < b->offset; });
  for (size_t i = 1; i < by_offset.size(); i++) {
    const GgufTensorInfo& prev = *by_offset[i - 1];
    if (by_offset[i]->offset < prev.offset + prev.size_bytes) {
      return make_error("tensors '", prev.name, "' and '", by_offset[i]->name,
                        "' overlap in the data section (offsets ", prev.offset, " and ",
                        by_offset[i]->offset, ", the first is ", prev.size_bytes, " bytes)");
    }
  }
  return file;
}

const GgufValue* GgufFile::find(std::string_view key) const {
  for (const auto& [k, v] : kv_) {
    if (k == key) return &v;
  }
  return nullptr;
}

const GgufTensorInfo* GgufFile::find_tensor(std::string_view name) const {
  for (const GgufTensorInfo& t : tensors_) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

Result<uint64_t> GgufFile::get_uint(std::string_view key) const {
  const GgufValue* v = find(key);
  if (v == nullptr) return make_error("missing key '", key, "'");
  if (is_unsigned_int(v->type)) return v->u64;
  if (is_signed_int(v->type)) {
    if (v->i64 < 0) return make_error("key '", key, "' is ", v->i64, ", expected a non-negative integer");
    return static_cast<uint64_t>(v->i64);
  }
  return make_error("key '", key, "' is ", describe_type(*v), ", expected an integer");
}

Result<double> GgufFile::get_float(std::string_view key) const {
  const GgufValue* v = find(key);
  if (v == nullptr) return make_error("missing key '", key, "'");
  if (v->type == GgufType::FLOAT32 || v->type == GgufType::FLOAT64) return v->f64;
  if (is_unsigned_int(v->type)) return static_cast<double>(v->u64);
  if (is_signed_int(v->type)) return static_cast<double>(v->i64);
  return make_error("key '", key, "' is ", describe_type(*v), ", expected a number");
}

Result<std::string> GgufFile::get_string(std::string_view key) const {
  const GgufValue* v = find(key);
  if (v == nullptr) return make_error("missing key '", key, "'");
  if (v->type != GgufType::STRING) {
    return make_error("key '", key, "' is ", describe_type(*v), ", expected a string");
  }
  return v->str;
}

}  // namespace plume
