// GGUF reader/writer: round trips of every metadata type and tensor byte, the layout rules of
// the spec, and a table of malformed files, each of which must give an error naming the problem.
//
// Fuzzing: check_parse_never_crashes() is the body of a fuzz target (parse, then touch every byte
// the result points at, so ASan sees any bad pointer). The tests below feed it the bad-input
// table, every truncation of a valid file, and seeded random mutations of its header.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/rng.h"
#include "model/gguf.h"

using namespace plume;
using Catch::Contains;

namespace {

// Builds GGUF bytes by hand, field by field, to make files the writer never would.
struct RawGguf {
  std::vector<uint8_t> bytes;

  template <class T>
  RawGguf& put(T v) {
    uint8_t raw[sizeof(T)];
    std::memcpy(raw, &v, sizeof(T));
    bytes.insert(bytes.end(), raw, raw + sizeof(T));
    return *this;
  }
  RawGguf& u32(uint32_t v) { return put(v); }
  RawGguf& u64(uint64_t v) { return put(v); }
  RawGguf& str(const std::string& s) {
    u64(s.size());
    bytes.insert(bytes.end(), s.begin(), s.end());
    return *this;
  }
  RawGguf& header(uint64_t n_tensors, uint64_t n_kv, uint32_t version = 3) {
    bytes = {'G', 'G', 'U', 'F'};
    return u32(version).u64(n_tensors).u64(n_kv);
  }
  RawGguf& kv_u32(const std::string& key, uint32_t v) { return str(key).u32(4).u32(v); }
  // One tensor info: name, dims, ggml type, offset.
  RawGguf& tensor(const std::string& name, std::vector<uint64_t> ne, uint32_t type, uint64_t offset) {
    str(name).u32(static_cast<uint32_t>(ne.size()));
    for (uint64_t d : ne) u64(d);
    return u32(type).u64(offset);
  }
  RawGguf& pad(size_t alignment = 32) {
    bytes.resize((bytes.size() + alignment - 1) / alignment * alignment, 0);
    return *this;
  }
  RawGguf& zeros(size_t n) {
    bytes.resize(bytes.size() + n, 0);
    return *this;
  }
};

Result<GgufFile> parse_bytes(std::vector<uint8_t> bytes) {
  return GgufFile::parse(blob_from_vector(std::move(bytes)));
}

// The fuzz target body: parsing must return (ok or error), and on success every pointer and
// size in the result must be usable. Returns the error message, or "" when the parse succeeded.
std::string check_parse_never_crashes(const std::vector<uint8_t>& bytes) {
  Result<GgufFile> file = parse_bytes(bytes);
  if (!file) return file.error().message.empty() ? "(empty error message)" : file.error().message;
  uint64_t checksum = 0;
  for (const GgufTensorInfo& t : file->tensors()) {
    for (uint64_t i = 0; i < t.size_bytes; i++) checksum += t.data[i];
    checksum += static_cast<uint64_t>(t.n_elements());
  }
  for (const auto& [key, value] : file->metadata()) checksum += key.size() + value.array_size();
  (void)checksum;
  return "";
}

// Where the tensor data section begins (the file has at least one tensor).
size_t data_section_start(const GgufFile& file) {
  const GgufTensorInfo& first = file.tensors().at(0);
  return static_cast<size_t>(first.data - file.blob()->data()) - first.offset;
}

std::vector<uint8_t> pseudo_random_bytes(size_t n, uint64_t seed) {
  Rng rng(seed);
  std::vector<uint8_t> out(n);
  for (uint8_t& b : out) b = static_cast<uint8_t>(rng.next_u32());
  return out;
}

GgufValue array_value(GgufType elem_type) {
  GgufValue v;
  v.type = GgufType::ARRAY;
  v.array_type = elem_type;
  return v;
}

GgufValue int_value(GgufType type, int64_t i64, uint64_t u64) {
  GgufValue v;
  v.type = type;
  v.i64 = i64;
  v.u64 = u64;
  return v;
}

// A writer holding every metadata type (scalars and arrays) and F32, F16, Q8_0 tensors.
GgufWriter sample_writer(uint32_t alignment) {
  GgufWriter w;
  w.set_string("general.architecture", "gpt2");
  w.set_string("general.name", "plume round trip \xC3\xA9\xE2\x9C\x93");  // é ✓
  w.set_alignment(alignment);
  w.set_value("plume.test.u8", int_value(GgufType::UINT8, 200, 200));
  w.set_value("plume.test.i8", int_value(GgufType::INT8, -100, 0));
  w.set_value("plume.test.u16", int_value(GgufType::UINT16, 60000, 60000));
  w.set_value("plume.test.i16", int_value(GgufType::INT16, -30000, 0));
  w.set_uint32("plume.test.u32", 4000000000u);
  w.set_int32("plume.test.i32", -2000000000);
  w.set_float32("plume.test.f32", 0.1f);
  w.set_bool("plume.test.bool", true);
  w.set_uint64("plume.test.u64", 18446744073709551615ull);
  w.set_value("plume.test.i64", int_value(GgufType::INT64, INT64_MIN, 0));
  GgufValue f64;
  f64.type = GgufType::FLOAT64;
  f64.f64 = -1.0 / 3.0;
  w.set_value("plume.test.f64", f64);
  w.set_string("plume.test.empty_string", "");
  w.set_string_array("plume.test.strings", {"a", "", "Ġhello", "\xF0\x9F\x98\x80"});
  w.set_int32_array("plume.test.i32s", {1, -2, 2147483647, -2147483647 - 1});
  w.set_float32_array("plume.test.f32s", {1.5f, -0.0f, 3.4e38f, 1e-45f});
  GgufValue bools = array_value(GgufType::BOOL);
  bools.ints = {1, 0, 1};
  w.set_value("plume.test.bools", bools);
  GgufValue u64s = array_value(GgufType::UINT64);
  u64s.ints = {0, static_cast<int64_t>(UINT64_MAX)};  // kept as bit patterns
  w.set_value("plume.test.u64s", u64s);
  GgufValue u8s = array_value(GgufType::UINT8);
  u8s.ints = {0, 255, 7};
  w.set_value("plume.test.u8s", u8s);
  GgufValue f64s = array_value(GgufType::FLOAT64);
  f64s.floats = {2.0 / 3.0, -1e300};
  w.set_value("plume.test.f64s", f64s);
  w.set_value("plume.test.empty_i16s", array_value(GgufType::INT16));
  w.set_value("plume.test.nested", array_value(GgufType::ARRAY));  // written as an empty array
  w.set_uint32("plume.test.replaced", 1);
  w.set_uint32("plume.test.replaced", 2);  // replaces in place, keeps its position

  REQUIRE(w.add_tensor("token_embd.weight", {8, 3}, DType::F32, pseudo_random_bytes(96, 1)).ok());
  REQUIRE(w.add_tensor("blk.0.attn_norm.bias", {5}, DType::F16, pseudo_random_bytes(10, 2)).ok());
  REQUIRE(w.add_tensor("blk.0.ffn_up.weight", {64, 2, 1, 1}, DType::Q8_0, pseudo_random_bytes(136, 3)).ok());
  REQUIRE(w.add_tensor("output.weight", {1}, DType::F32, pseudo_random_bytes(4, 4)).ok());
  return w;
}

// What the file should hold, as JSON: the sidecar the JS cross-check reads (integers as decimal
// strings so 64-bit values survive JavaScript numbers).
nlohmann::json describe_for_sidecar(const GgufFile& file) {
  using nlohmann::json;
  static const char* kTypeNames[] = {"uint8", "int8", "uint16", "int16", "uint32", "int32", "float32",
                                     "bool", "string", "array", "uint64", "int64", "float64"};
  auto scalar = [](GgufType t, int64_t i64, uint64_t u64, double f64, const std::string& s) -> json {
    switch (t) {
      case GgufType::STRING: return s;
      case GgufType::BOOL: return i64 != 0;
      case GgufType::FLOAT32: case GgufType::FLOAT64: return f64;
      case GgufType::UINT8: case GgufType::UINT16: case GgufType::UINT32: case GgufType::UINT64:
        return std::to_string(u64);
      default: return std::to_string(i64);
    }
  };
  json meta = json::array();
  for (const auto& [key, v] : file.metadata()) {
    json entry = {{"key", key}, {"type", kTypeNames[static_cast<int>(v.type)]}};
    if (v.type != GgufType::ARRAY) {
      entry["value"] = scalar(v.type, v.i64, v.u64, v.f64, v.str);
    } else {
      entry["array_type"] = kTypeNames[static_cast<int>(v.array_type)];
      json items = json::array();
      for (size_t i = 0; i < v.array_size(); i++) {
        const int64_t n = v.ints.empty() ? 0 : v.ints[i];
        items.push_back(scalar(v.array_type, n, static_cast<uint64_t>(n),
                               v.floats.empty() ? 0 : v.floats[i], v.strings.empty() ? "" : v.strings[i]));
      }
      entry["value"] = items;
    }
    meta.push_back(entry);
  }
  json tensors = json::array();
  for (const GgufTensorInfo& t : file.tensors()) {
    static const char kHex[] = "0123456789abcdef";
    std::string hex;
    for (uint64_t i = 0; i < t.size_bytes; i++) {
      hex += kHex[t.data[i] >> 4];
      hex += kHex[t.data[i] & 15];
    }
    tensors.push_back({{"name", t.name}, {"ne", t.ne}, {"ggml_type", t.ggml_type},
                       {"offset", t.offset}, {"size", t.size_bytes}, {"data_hex", hex}});
  }
  return {{"version", file.version()}, {"alignment", file.alignment()},
          {"tensor_data_offset", data_section_start(file)}, {"metadata", meta}, {"tensors", tensors}};
}

// Saves the file and its sidecar for tests/js/gguf_interop.test.mjs, if build/test-artifacts/
// exists (the test script creates it; plain unit-test runs leave no files behind).
void save_artifact_if_wanted(const std::string& name, const std::vector<uint8_t>& bytes,
                             const GgufFile& file) {
  const std::filesystem::path dir = std::filesystem::path(PLUME_SOURCE_DIR) / "build" / "test-artifacts";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return;
  std::ofstream(dir / (name + ".gguf"), std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  std::ofstream(dir / (name + ".gguf.json"))
      << describe_for_sidecar(file).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

TEST_CASE("gguf: writer -> parser round trip keeps every metadata value and tensor byte", "[gguf]") {
  for (uint32_t alignment : {32u, 64u}) {
    GgufWriter w = sample_writer(alignment);
    std::vector<uint8_t> bytes = w.to_bytes();
    REQUIRE(bytes.size() % alignment == 0);
    Result<GgufFile> file = parse_bytes(bytes);
    REQUIRE(file.ok());
    CHECK(file->version() == 3);
    CHECK(file->alignment() == alignment);
    CHECK((file->find("general.alignment") != nullptr) == (alignment != 32));

    CHECK(file->get_string("general.architecture").value() == "gpt2");
    CHECK(file->get_string("general.name").value() == "plume round trip \xC3\xA9\xE2\x9C\x93");
    CHECK(file->find("plume.test.u8")->u64 == 200);
    CHECK(file->find("plume.test.i8")->i64 == -100);
    CHECK(file->find("plume.test.u16")->u64 == 60000);
    CHECK(file->find("plume.test.i16")->i64 == -30000);
    CHECK(file->get_uint("plume.test.u32").value() == 4000000000u);
    CHECK(file->find("plume.test.i32")->i64 == -2000000000);
    CHECK(file->get_float("plume.test.f32").value() == static_cast<double>(0.1f));
    CHECK(file->find("plume.test.bool")->type == GgufType::BOOL);
    CHECK(file->find("plume.test.bool")->i64 == 1);
    CHECK(file->get_uint("plume.test.u64").value() == UINT64_MAX);
    CHECK(file->find("plume.test.i64")->i64 == INT64_MIN);
    CHECK(file->get_float("plume.test.f64").value() == -1.0 / 3.0);
    CHECK(file->get_string("plume.test.empty_string").value().empty());
    CHECK(file->find("plume.test.strings")->strings ==
          std::vector<std::string>{"a", "", "Ġhello", "\xF0\x9F\x98\x80"});
    CHECK(file->find("plume.test.i32s")->ints == std::vector<int64_t>{1, -2, 2147483647, -2147483648LL});
    CHECK(file->find("plume.test.f32s")->floats ==
          std::vector<double>{1.5, -0.0, static_cast<double>(3.4e38f), static_cast<double>(1e-45f)});
    CHECK(std::signbit(file->find("plume.test.f32s")->floats[1]));
    CHECK(file->find("plume.test.bools")->ints == std::vector<int64_t>{1, 0, 1});
    CHECK(file->find("plume.test.u64s")->ints == std::vector<int64_t>{0, -1});
    CHECK(file->find("plume.test.u8s")->ints == std::vector<int64_t>{0, 255, 7});
    CHECK(file->find("plume.test.f64s")->floats == std::vector<double>{2.0 / 3.0, -1e300});
    CHECK(file->find("plume.test.empty_i16s")->array_type == GgufType::INT16);
    CHECK(file->find("plume.test.empty_i16s")->array_size() == 0);
    CHECK(file->find("plume.test.nested")->array_type == GgufType::ARRAY);
    CHECK(file->get_uint("plume.test.replaced").value() == 2);

    // Insertion order, with the replaced key still where it was first set.
    std::vector<std::string> keys;
    for (const auto& kv : file->metadata()) keys.push_back(kv.first);
    CHECK(keys.front() == "general.architecture");
    CHECK(keys.back() == "plume.test.replaced");
    if (alignment != 32) CHECK(keys[2] == "general.alignment");

    const std::vector<std::tuple<std::string, std::vector<int64_t>, DType, uint64_t>> expected = {
        {"token_embd.weight", {8, 3}, DType::F32, 1},
        {"blk.0.attn_norm.bias", {5}, DType::F16, 2},
        {"blk.0.ffn_up.weight", {64, 2, 1, 1}, DType::Q8_0, 3},
        {"output.weight", {1}, DType::F32, 4}};
    REQUIRE(file->tensors().size() == expected.size());
    for (size_t i = 0; i < expected.size(); i++) {
      const auto& [name, ne, type, seed] = expected[i];
      const GgufTensorInfo& t = file->tensors()[i];
      CHECK(t.name == name);
      CHECK(t.ne == ne);
      CHECK(t.supported);
      CHECK(t.type == type);
      CHECK(t.ggml_type == static_cast<uint32_t>(type));
      CHECK(t.offset % alignment == 0);
      CHECK(static_cast<size_t>(t.data - file->blob()->data()) % alignment == 0);
      std::vector<uint8_t> want = pseudo_random_bytes(t.size_bytes, seed);
      CHECK(std::vector<uint8_t>(t.data, t.data + t.size_bytes) == want);
      CHECK(file->find_tensor(name) == &t);
    }
    CHECK(file->find_tensor("missing") == nullptr);

    // Writing what was read gives the same bytes: nothing is lost or reordered.
    GgufWriter again;
    for (const auto& [key, value] : file->metadata()) again.set_value(key, value);
    for (const GgufTensorInfo& t : file->tensors()) {
      REQUIRE(again.add_tensor(t.name, t.ne, t.type, std::vector<uint8_t>(t.data, t.data + t.size_bytes)).ok());
    }
    CHECK(again.to_bytes() == bytes);

    save_artifact_if_wanted("plume_roundtrip_align" + std::to_string(alignment), bytes, *file);
  }
}

TEST_CASE("gguf: writer lays the file out exactly as the spec says", "[gguf]") {
  GgufWriter w;
  w.set_uint32("a", 7);
  REQUIRE(w.add_tensor("t", {3}, DType::F32, std::vector<uint8_t>(12, 0xAB)).ok());
  RawGguf want;
  want.header(1, 1).kv_u32("a", 7).tensor("t", {3}, 0, 0).pad();
  want.bytes.insert(want.bytes.end(), 12, 0xAB);
  want.pad();
  CHECK(w.to_bytes() == want.bytes);

  SECTION("an empty writer makes a valid empty file") {
    Result<GgufFile> file = parse_bytes(GgufWriter().to_bytes());
    REQUIRE(file.ok());
    CHECK(file->tensors().empty());
    CHECK(file->metadata().empty());
  }
  SECTION("set_alignment(32) removes the key again") {
    w.set_alignment(64);
    w.set_alignment(32);
    CHECK(w.to_bytes() == want.bytes);
  }
  SECTION("an alignment that is not a power of two is an error, not a broken file") {
    w.set_alignment(48);
    CHECK(w.to_bytes().empty());
    Status s = w.write_file("/nonexistent/x.gguf");
    REQUIRE_FALSE(s.ok());
    CHECK_THAT(s.error().message, Contains("power of two"));
  }
}

TEST_CASE("gguf: writer rejects tensors it can't describe", "[gguf]") {
  GgufWriter w;
  auto error_of = [&](const std::string& name, std::vector<int64_t> ne, DType type, size_t n) {
    Status s = w.add_tensor(name, std::move(ne), type, std::vector<uint8_t>(n));
    return s.ok() ? std::string("ok") : s.error().message;
  };
  CHECK(error_of("a", {4}, DType::F32, 16) == "ok");
  CHECK_THAT(error_of("a", {4}, DType::F32, 16), Contains("duplicate tensor name 'a'"));
  CHECK_THAT(error_of("b", {4}, DType::F32, 15), Contains("needs 16 bytes"));
  CHECK_THAT(error_of("c", {4}, DType::F16, 16), Contains("needs 8 bytes"));
  CHECK_THAT(error_of("d", {33}, DType::Q8_0, 36), Contains("not a multiple of 32"));
  CHECK_THAT(error_of("e", {1, 0}, DType::F32, 0), Contains("dimension 1 is 0"));
  CHECK_THAT(error_of("f", {1, 1, 1, 1, 1}, DType::F32, 4), Contains("5 dimensions"));
  CHECK_THAT(error_of(std::string(64, 'x'), {1}, DType::F32, 4), Contains("1 to 63 bytes"));
  CHECK_THAT(error_of("g", {1, INT64_MAX, 4}, DType::F32, 4), Contains("too many elements"));
}

TEST_CASE("gguf: typed look-ups explain what is wrong", "[gguf]") {
  GgufWriter w;
  w.set_string("s", "text");
  w.set_int32("neg", -3);
  w.set_int32("pos", 12);
  w.set_float32("f", 2.5f);
  Result<GgufFile> file = parse_bytes(w.to_bytes());
  REQUIRE(file.ok());
  CHECK_THAT(file->get_uint("missing").error().message, Contains("missing key 'missing'"));
  CHECK_THAT(file->get_uint("s").error().message, Contains("key 's' is a string, expected an integer"));
  CHECK_THAT(file->get_uint("neg").error().message, Contains("key 'neg' is -3"));
  CHECK(file->get_uint("pos").value() == 12);
  CHECK(file->get_float("pos").value() == 12.0);
  CHECK(file->get_float("f").value() == 2.5);
  CHECK_THAT(file->get_float("s").error().message, Contains("expected a number"));
  CHECK_THAT(file->get_string("f").error().message, Contains("key 'f' is a float32, expected a string"));
}

TEST_CASE("gguf: tensors of ggml types Plume doesn't compute with are listed, unsupported", "[gguf]") {
  RawGguf f;
  f.header(2, 0).tensor("q4", {64, 2}, 2, 0).tensor("k", {256}, 12, 96).pad();  // Q4_0, Q4_K
  f.zeros(96 + 144);
  Result<GgufFile> file = parse_bytes(f.bytes);
  REQUIRE(file.ok());
  const GgufTensorInfo* q4 = file->find_tensor("q4");
  CHECK_FALSE(q4->supported);
  CHECK(q4->size_bytes == 4 * 18);
  CHECK(file->find_tensor("k")->size_bytes == 144);
}

TEST_CASE("gguf: version 2 files and nested arrays are read", "[gguf]") {
  RawGguf f;
  f.header(0, 2, /*version=*/2);
  f.str("nested").u32(9).u32(9).u64(2);      // array of 2 arrays:
  f.u32(8).u64(1).str("x");                   //   [["x"],
  f.u32(9).u64(1).u32(4).u64(2).u32(1).u32(2);  //    [[1, 2]]]
  f.kv_u32("after", 5);
  Result<GgufFile> file = parse_bytes(f.bytes);
  REQUIRE(file.ok());
  CHECK(file->version() == 2);
  CHECK(file->find("nested")->array_type == GgufType::ARRAY);
  CHECK(file->get_uint("after").value() == 5);  // the nested data was stepped over exactly
}

namespace {

struct BadFile {
  const char* what;
  std::vector<uint8_t> bytes;
  std::vector<std::string> message_mentions;
};

std::vector<BadFile> bad_files() {
  auto kv = [](std::function<void(RawGguf&)> body) {
    RawGguf f;
    f.header(0, 1);
    body(f);
    return f.bytes;
  };
  auto one_tensor = [](std::vector<uint64_t> ne, uint32_t type, uint64_t offset, size_t data) {
    RawGguf f;
    f.header(1, 0).tensor("w", std::move(ne), type, offset).pad().zeros(data);
    return f.bytes;
  };
  auto deep = [] {
    RawGguf f;
    f.header(0, 1).str("deep").u32(9);
    for (int i = 0; i < 20; i++) f.u32(9).u64(1);
    return f.u32(4).u64(0).bytes;
  };
  std::vector<uint8_t> zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  return {
      {"empty file", {}, {"empty"}},
      {"zip file", zip, {"not a GGUF file", "'PK\\x03\\x04'"}},
      {"three bytes", {'G', 'G', 'U'}, {"not a GGUF file"}},
      {"version 1", RawGguf().header(0, 0, 1).bytes, {"version 1 is not supported"}},
      {"version 4", RawGguf().header(0, 0, 4).bytes, {"unsupported GGUF version 4"}},
      {"big-endian", RawGguf().header(0, 0, 0x03000000).bytes, {"big-endian"}},
      {"header cut", {'G', 'G', 'U', 'F', 3, 0, 0, 0, 1, 0}, {"truncated", "tensor count", "byte offset 8"}},
      {"2^60 tensors", RawGguf().header(1ull << 60, 0).bytes, {"1152921504606846976 tensors"}},
      {"2^60 metadata entries", RawGguf().header(0, 1ull << 60).bytes, {"1152921504606846976 metadata entries"}},
      {"2^40-byte key", kv([](RawGguf& f) { f.u64(1ull << 40).zeros(64); }), {"1099511627776", "limit is 65535"}},
      {"2^40-byte string value", kv([](RawGguf& f) { f.str("k").u32(8).u64(1ull << 40).zeros(8); }),
       {"truncated", "metadata key 'k'", "declares 1099511627776 bytes"}},
      {"unknown value type", kv([](RawGguf& f) { f.str("k").u32(13).u32(0); }), {"metadata key 'k'", "unknown value type 13"}},
      {"bool 2", kv([](RawGguf& f) { f.str("k").u32(7).put(uint8_t{2}); }), {"metadata key 'k'", "must be 0 or 1"}},
      {"2^50-element array", kv([](RawGguf& f) { f.str("k").u32(9).u32(4).u64(1ull << 50).u32(0); }),
       {"metadata key 'k'", "declares 1125899906842624 uint32 elements"}},
      {"string array cut", kv([](RawGguf& f) { f.str("k").u32(9).u32(8).u64(2).str("a").u64(5).put('b'); }),
       {"truncated", "a string element", "metadata key 'k'"}},
      {"arrays nested 21 deep", deep(), {"metadata key 'deep'", "nested more than 8 levels"}},
      {"value cut", kv([](RawGguf& f) { f.str("k").u32(10).u32(0); }), {"truncated", "metadata key 'k'", "needs 8 bytes"}},
      {"duplicate key", RawGguf().header(0, 2).kv_u32("a.b", 1).kv_u32("a.b", 2).bytes, {"duplicate metadata key 'a.b'"}},
      {"alignment 0", RawGguf().header(0, 1).kv_u32("general.alignment", 0).bytes, {"general.alignment is 0", "power of two"}},
      {"alignment 48", RawGguf().header(0, 1).kv_u32("general.alignment", 48).bytes, {"general.alignment is 48"}},
      {"alignment string", kv([](RawGguf& f) { f.str("general.alignment").u32(8).str("32"); }),
       {"general.alignment", "is a string, expected an integer"}},
      {"0 dims", one_tensor({}, 0, 0, 0), {"tensor 'w' has 0 dimensions"}},
      {"5 dims", one_tensor({1, 1, 1, 1, 1}, 0, 0, 4), {"tensor 'w' has 5 dimensions"}},
      {"zero dimension", one_tensor({4, 0}, 0, 0, 0), {"tensor 'w'", "dimension 1 is 0"}},
      {"negative dimension", one_tensor({1ull << 63}, 0, 0, 0), {"tensor 'w'", "dimension 0 is -9223372036854775808"}},
      {"element count overflow", one_tensor({1ull << 32, 1ull << 32}, 0, 0, 0), {"tensor 'w'", "more elements"}},
      {"byte size overflow", one_tensor({1ull << 62}, 0, 0, 0), {"tensor 'w'", "more bytes"}},
      {"removed type Q4_2", one_tensor({32}, 4, 0, 32), {"tensor 'w' has unsupported type 4 (Q4_2"}},
      {"unknown type 99", one_tensor({32}, 99, 0, 128), {"tensor 'w' has unsupported type 99", "size can't be computed"}},
      {"Q8_0 row of 33", one_tensor({33}, 8, 0, 64), {"tensor 'w'", "not a multiple of the type's block size 32"}},
      {"unaligned offset", one_tensor({2}, 0, 8, 64), {"tensor 'w'", "offset 8 is not a multiple of the alignment 32"}},
      {"data past the end", one_tensor({16}, 0, 0, 32), {"tensor 'w'", "ends at byte 128", "file has 96 bytes"}},
      {"offset near 2^64", one_tensor({4}, 0, UINT64_MAX - 31, 32), {"tensor 'w'", "past byte 2^64"}},
      // (a long string first, so that the tensor count itself looks plausible)
      {"tensor info cut", RawGguf().header(1, 1).str("k").u32(8).str(std::string(40, 's')).str("w").u32(2).u64(4).bytes,
       {"truncated", "reading a dimension of tensor 'w' at byte offset 106"}},
      {"tensor name of 64 bytes", RawGguf().header(1, 0).tensor(std::string(64, 'n'), {1}, 0, 0).pad().zeros(32).bytes,
       {"the tensor name of tensor info #0", "limit is 63"}},
      {"duplicate tensor", RawGguf().header(2, 0).tensor("w", {1}, 0, 0).tensor("w", {1}, 0, 32).pad().zeros(64).bytes,
       {"duplicate tensor name 'w'"}},
      {"overlapping tensors", RawGguf().header(2, 0).tensor("a", {16}, 0, 0).tensor("b", {8}, 0, 32).pad().zeros(64).bytes,
       {"tensors 'a' and 'b' overlap"}},
  };
}

}  // namespace

TEST_CASE("gguf: malformed files give errors naming the problem", "[gguf][fuzz]") {
  for (const BadFile& bad : bad_files()) {
    INFO("case: " << bad.what);
    std::string error = check_parse_never_crashes(bad.bytes);
    INFO("error: " << error);
    REQUIRE_FALSE(error.empty());
    for (const std::string& mention : bad.message_mentions) CHECK_THAT(error, Contains(mention));
  }
}

TEST_CASE("gguf: a file cut at any byte is an error, never a crash", "[gguf][fuzz]") {
  std::vector<uint8_t> bytes = sample_writer(32).to_bytes();
  Result<GgufFile> whole = parse_bytes(bytes);
  REQUIRE(whole.ok());
  size_t data_end = 0;  // past the last tensor's data: only the final padding follows
  for (const GgufTensorInfo& t : whole->tensors()) {
    data_end = std::max(data_end, static_cast<size_t>(t.data - whole->blob()->data() + t.size_bytes));
  }
  for (size_t n = 0; n < bytes.size(); n++) {
    std::string error = check_parse_never_crashes(std::vector<uint8_t>(bytes.begin(), bytes.begin() + n));
    if (n < data_end) {
      INFO("cut at byte " << n);
      REQUIRE_FALSE(error.empty());
    }
  }
}

TEST_CASE("gguf: mutated headers never crash the parser", "[gguf][fuzz]") {
  std::vector<uint8_t> bytes = sample_writer(32).to_bytes();
  const size_t header_end = data_section_start(parse_bytes(bytes).value());
  // Every header byte set to values that make lengths, counts and types extreme.
  for (size_t i = 0; i < header_end; i++) {
    for (uint8_t value : {uint8_t{0x00}, uint8_t{0xFF}, uint8_t{0x80}, static_cast<uint8_t>(bytes[i] + 1)}) {
      std::vector<uint8_t> mutated = bytes;
      mutated[i] = value;
      check_parse_never_crashes(mutated);
    }
  }
  // Seeded random multi-byte mutations, some growing or shrinking the file.
  Rng rng(2024);
  for (int round = 0; round < 3000; round++) {
    std::vector<uint8_t> mutated = bytes;
    const int n_changes = 1 + static_cast<int>(rng.next_u32() % 8);
    for (int c = 0; c < n_changes; c++) {
      mutated[rng.next_u32() % header_end] = static_cast<uint8_t>(rng.next_u32());
    }
    if (rng.next_u32() % 4 == 0) mutated.resize(rng.next_u32() % (mutated.size() + 64));
    check_parse_never_crashes(mutated);
  }
}
