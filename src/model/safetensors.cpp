// safetensors reader and writer. The file is untrusted input: the JSON header is parsed with
// nlohmann's non-throwing API, every value's type is checked before it is read (get<>() on the
// wrong type would throw, and the WASM build turns a throw into an abort), and every size is
// checked for overflow and against the bytes actually present.
#include "model/safetensors.h"

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "core/f16.h"

namespace plume {
namespace {

using json = nlohmann::json;

// The Python library refuses headers above 100 MB; so do we, before parsing anything.
constexpr uint64_t kMaxHeaderBytes = 100'000'000;

// Bytes per element of every dtype safetensors defines with a whole-byte size. (The sub-byte
// float types F4/F6 are not listed: no GPT-2 checkpoint uses them.)
int dtype_bytes(std::string_view dtype) {
  struct Entry { const char* name; int bytes; };
  static constexpr Entry kDtypes[] = {
      {"BOOL", 1}, {"U8", 1},  {"I8", 1},   {"F8_E5M2", 1}, {"F8_E4M3", 1}, {"F8_E8M0", 1},
      {"I16", 2},  {"U16", 2}, {"F16", 2},  {"BF16", 2},    {"I32", 4},     {"U32", 4},
      {"F32", 4},  {"I64", 8}, {"U64", 8},  {"F64", 8},     {"C64", 8},
  };
  for (const Entry& e : kDtypes) {
    if (dtype == e.name) return e.bytes;
  }
  return 0;
}

std::string shape_string(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); i++) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

// Reads `shape`, `dtype` and `data_offsets` of one header entry; checks the byte count.
Status read_entry(const std::string& name, const json& entry, uint64_t data_size, SafeTensor* t,
                  uint64_t* begin, uint64_t* end) {
  if (!entry.is_object()) return make_error("safetensors header: entry '", name, "' is not an object");
  auto dtype = entry.find("dtype");
  auto shape = entry.find("shape");
  auto offsets = entry.find("data_offsets");
  if (dtype == entry.end() || !dtype->is_string()) {
    return make_error("safetensors header: tensor '", name, "' has no \"dtype\" string");
  }
  if (shape == entry.end() || !shape->is_array()) {
    return make_error("safetensors header: tensor '", name, "' has no \"shape\" array");
  }
  if (offsets == entry.end() || !offsets->is_array() || offsets->size() != 2 ||
      !(*offsets)[0].is_number_unsigned() || !(*offsets)[1].is_number_unsigned()) {
    return make_error("safetensors header: tensor '", name,
                      "' needs \"data_offsets\": [begin, end] with two non-negative integers");
  }
  t->name = name;
  t->dtype = dtype->get<std::string>();
  const int elem_bytes = dtype_bytes(t->dtype);
  if (elem_bytes == 0) {
    return make_error("tensor '", name, "' has dtype '", t->dtype, "', which Plume doesn't know");
  }

  uint64_t n_elements = 1;
  for (const json& d : *shape) {
    // Non-negative JSON integers parse as unsigned; anything else (-1, 2.5, "3") is rejected.
    if (!d.is_number_unsigned() || d.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      return make_error("tensor '", name, "': every entry of \"shape\" must be a non-negative integer");
    }
    t->shape.push_back(static_cast<int64_t>(d.get<uint64_t>()));
    if (__builtin_mul_overflow(n_elements, d.get<uint64_t>(), &n_elements)) {
      return make_error("tensor '", name, "': shape ", shape_string(t->shape), " has too many elements");
    }
  }
  uint64_t expected = 0;
  if (__builtin_mul_overflow(n_elements, static_cast<uint64_t>(elem_bytes), &expected)) {
    return make_error("tensor '", name, "': shape ", shape_string(t->shape), " has too many bytes");
  }

  *begin = (*offsets)[0].get<uint64_t>();
  *end = (*offsets)[1].get<uint64_t>();
  if (*begin > *end || *end > data_size) {
    return make_error("tensor '", name, "': data_offsets [", *begin, ", ", *end,
                      "] are outside the data buffer of ", data_size, " bytes");
  }
  if (*end - *begin != expected) {
    return make_error("tensor '", name, "': shape ", shape_string(t->shape), " of ", t->dtype,
                      " needs ", expected, " bytes, but data_offsets [", *begin, ", ", *end,
                      "] span ", *end - *begin);
  }
  t->size = static_cast<size_t>(expected);
  return {};
}

}  // namespace

int64_t SafeTensor::n_elements() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;  // parse() checked this fits
  return n;
}

Result<SafetensorsFile> SafetensorsFile::parse(BlobPtr blob) {
  if (!blob) return make_error("not a safetensors file: no data");
  const size_t file_size = blob->size();
  if (file_size < 8) {
    return make_error("not a safetensors file: ", file_size, " bytes is too short for the 8-byte header length");
  }
  uint64_t header_len = 0;
  std::memcpy(&header_len, blob->data(), 8);  // little-endian, like every platform Plume runs on
  if (header_len > file_size - 8) {
    return make_error("not a safetensors file (or truncated): header length ", header_len,
                      " is past the end of the ", file_size, "-byte file");
  }
  if (header_len > kMaxHeaderBytes) {
    return make_error("safetensors header is ", header_len, " bytes; the limit is ", kMaxHeaderBytes);
  }
  const char* text = reinterpret_cast<const char*>(blob->data() + 8);
  const uint8_t* data_buffer = blob->data() + 8 + header_len;
  const uint64_t data_size = file_size - 8 - header_len;

  // nlohmann keeps the last of duplicate keys silently; a callback notices them instead, so a
  // file with two entries for one tensor is rejected rather than half-read.
  std::vector<std::unordered_set<std::string>> open_objects;
  std::string duplicate;
  auto on_event = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) {
      open_objects.emplace_back();
    } else if (event == json::parse_event_t::object_end && !open_objects.empty()) {
      open_objects.pop_back();
    } else if (event == json::parse_event_t::key && !open_objects.empty() && parsed.is_string()) {
      const std::string& key = parsed.get_ref<const std::string&>();
      if (!open_objects.back().insert(key).second && duplicate.empty()) duplicate = key;
    }
    return true;
  };
  json header = json::parse(text, text + header_len, on_event, /*allow_exceptions=*/false);
  if (header.is_discarded()) return make_error("safetensors header is not valid JSON");
  if (!header.is_object()) return make_error("safetensors header is not a JSON object");
  if (!duplicate.empty()) return make_error("safetensors header has the key '", duplicate, "' twice");

  SafetensorsFile file;
  file.blob_ = blob;
  struct Range { uint64_t begin, end; size_t index; };
  std::vector<Range> ranges;
  for (auto it = header.begin(); it != header.end(); ++it) {
    if (it.key() == "__metadata__") {
      if (!it.value().is_object()) return make_error("safetensors __metadata__ is not an object");
      for (auto m = it.value().begin(); m != it.value().end(); ++m) {
        if (!m.value().is_string()) {
          return make_error("safetensors __metadata__ value '", m.key(), "' is not a string");
        }
        file.metadata_[m.key()] = m.value().get<std::string>();
      }
      continue;
    }
    SafeTensor t;
    uint64_t begin = 0, end = 0;
    if (Status s = read_entry(it.key(), it.value(), data_size, &t, &begin, &end); !s) return s.error();
    t.data = data_buffer + begin;
    ranges.push_back({begin, end, file.tensors_.size()});
    file.tensors_.push_back(std::move(t));
  }

  // In data order; no two tensors may share bytes.
  std::sort(ranges.begin(), ranges.end(),
            [](const Range& a, const Range& b) { return a.begin < b.begin || (a.begin == b.begin && a.end < b.end); });
  for (size_t i = 1; i < ranges.size(); i++) {
    if (ranges[i].begin < ranges[i - 1].end) {
      return make_error("tensors '", file.tensors_[ranges[i - 1].index].name, "' and '",
                        file.tensors_[ranges[i].index].name, "' overlap in the data buffer");
    }
  }
  std::vector<SafeTensor> ordered;
  ordered.reserve(ranges.size());
  for (const Range& r : ranges) ordered.push_back(std::move(file.tensors_[r.index]));
  file.tensors_ = std::move(ordered);
  return file;
}

const SafeTensor* SafetensorsFile::find(std::string_view name) const {
  for (const SafeTensor& t : tensors_) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

Result<std::vector<float>> to_f32(const SafeTensor& t) {
  const size_t n = static_cast<size_t>(t.n_elements());
  std::vector<float> out(n);
  if (t.dtype == "F32") {
    if (n > 0) std::memcpy(out.data(), t.data, n * 4);
  } else if (t.dtype == "F16" || t.dtype == "BF16") {
    const bool brain = t.dtype == "BF16";
    for (size_t i = 0; i < n; i++) {
      uint16_t h;
      std::memcpy(&h, t.data + 2 * i, 2);
      if (brain) {
        // bfloat16 is the top half of a float32: widening is a shift.
        const uint32_t bits = static_cast<uint32_t>(h) << 16;
        std::memcpy(&out[i], &bits, 4);
      } else {
        out[i] = f16_to_f32(h);
      }
    }
  } else {
    return make_error("tensor '", t.name, "' has dtype ", t.dtype, "; Plume reads F32, F16 and BF16");
  }
  return out;
}

Result<std::vector<uint8_t>> write_safetensors(const std::vector<SafeTensorData>& tensors,
                                               const std::map<std::string, std::string>& metadata) {
  json header = json::object();
  if (!metadata.empty()) {
    json meta = json::object();
    for (const auto& [k, v] : metadata) meta[k] = v;
    header["__metadata__"] = std::move(meta);
  }
  uint64_t offset = 0;
  for (const SafeTensorData& t : tensors) {
    if (t.name == "__metadata__" || header.contains(t.name)) {
      return make_error("cannot write tensor '", t.name, "': the name is reserved or used twice");
    }
    const int elem_bytes = dtype_bytes(t.dtype);
    if (elem_bytes == 0) return make_error("cannot write tensor '", t.name, "': unknown dtype '", t.dtype, "'");
    uint64_t expected = static_cast<uint64_t>(elem_bytes);
    json shape = json::array();
    for (int64_t d : t.shape) {
      if (d < 0 || __builtin_mul_overflow(expected, static_cast<uint64_t>(d), &expected)) {
        return make_error("cannot write tensor '", t.name, "': bad shape ", shape_string(t.shape));
      }
      shape.push_back(static_cast<uint64_t>(d));
    }
    if (expected != t.bytes.size()) {
      return make_error("cannot write tensor '", t.name, "': shape ", shape_string(t.shape), " of ",
                        t.dtype, " needs ", expected, " bytes, got ", t.bytes.size());
    }
    header[t.name] = {{"dtype", t.dtype}, {"shape", std::move(shape)},
                      {"data_offsets", {offset, offset + expected}}};
    offset += expected;
  }
  // error_handler_t::replace: invalid UTF-8 in a name becomes U+FFFD instead of throwing.
  std::string text = header.dump(-1, ' ', false, json::error_handler_t::replace);
  text.resize((text.size() + 7) / 8 * 8, ' ');

  std::vector<uint8_t> out(8);
  const uint64_t header_len = text.size();
  std::memcpy(out.data(), &header_len, 8);
  out.insert(out.end(), text.begin(), text.end());
  for (const SafeTensorData& t : tensors) out.insert(out.end(), t.bytes.begin(), t.bytes.end());
  return out;
}

}  // namespace plume
