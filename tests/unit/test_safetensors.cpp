// safetensors: writer -> reader round trips, F16/BF16 widening, and malformed headers, each of
// which must give an error naming the problem (never a throw: the WASM build has no exceptions).
#include <catch2/catch.hpp>

#include <cstring>

#include "core/f16.h"
#include "core/rng.h"
#include "model/safetensors.h"

using namespace plume;
using Catch::Contains;

namespace {

template <class T>
std::vector<uint8_t> as_bytes(const std::vector<T>& values) {
  std::vector<uint8_t> out(values.size() * sizeof(T));
  if (!out.empty()) std::memcpy(out.data(), values.data(), out.size());
  return out;
}

// A file from a hand-written JSON header and a data buffer.
std::vector<uint8_t> raw_file(const std::string& header, size_t data_bytes) {
  std::vector<uint8_t> out(8);
  const uint64_t len = header.size();
  std::memcpy(out.data(), &len, 8);
  out.insert(out.end(), header.begin(), header.end());
  out.resize(out.size() + data_bytes, 0);
  return out;
}

Result<SafetensorsFile> parse_bytes(std::vector<uint8_t> bytes) {
  return SafetensorsFile::parse(blob_from_vector(std::move(bytes)));
}

// Parse, and on success read every byte each tensor points at (ASan checks the pointers).
std::string check_parse_never_crashes(const std::vector<uint8_t>& bytes) {
  Result<SafetensorsFile> file = parse_bytes(bytes);
  if (!file) return file.error().message.empty() ? "(empty error message)" : file.error().message;
  uint64_t sum = 0;
  for (const SafeTensor& t : file->tensors()) {
    for (size_t i = 0; i < t.size; i++) sum += t.data[i];
  }
  (void)sum;
  return "";
}

uint16_t bf16_bits(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  return static_cast<uint16_t>(bits >> 16);  // truncates: exact for 1, -3, 0.5
}

std::vector<SafeTensorData> sample_tensors() {
  std::vector<float> wte = {0.5f, -1.25f, 3.0f, 1e-3f, -0.0f, 65504.0f};
  std::vector<uint16_t> half = {f32_to_f16(1.0f), f32_to_f16(-2.5f), f32_to_f16(0.099975586f)};
  std::vector<uint16_t> brain = {bf16_bits(1.0f), bf16_bits(-3.0f), bf16_bits(1e30f), bf16_bits(0.5f)};
  std::vector<int64_t> positions = {0, 1, 2};
  return {
      {"wte.weight", "F32", {3, 2}, as_bytes(wte)},
      {"h.0.ln_1.weight", "F16", {3}, as_bytes(half)},
      {"h.0.attn.c_attn.weight", "BF16", {2, 2}, as_bytes(brain)},
      {"position_ids", "I64", {1, 3}, as_bytes(positions)},
      {"scalar", "F32", {}, as_bytes(std::vector<float>{7.0f})},
      {"empty", "F32", {0, 4}, {}},
  };
}

}  // namespace

TEST_CASE("safetensors: writer -> reader round trip", "[safetensors]") {
  std::vector<SafeTensorData> tensors = sample_tensors();
  Result<std::vector<uint8_t>> bytes = write_safetensors(tensors, {{"format", "pt"}});
  REQUIRE(bytes.ok());
  uint64_t header_len = 0;
  std::memcpy(&header_len, bytes->data(), 8);
  CHECK(header_len % 8 == 0);  // padded with spaces, as the Python library does

  Result<SafetensorsFile> file = parse_bytes(*bytes);
  REQUIRE(file.ok());
  CHECK(file->metadata() == std::map<std::string, std::string>{{"format", "pt"}});
  REQUIRE(file->tensors().size() == tensors.size());
  for (size_t i = 0; i < tensors.size(); i++) {
    const SafeTensor& t = file->tensors()[i];  // listed in data order = the order written
    CHECK(t.name == tensors[i].name);
    CHECK(t.dtype == tensors[i].dtype);
    CHECK(t.shape == tensors[i].shape);
    CHECK(std::vector<uint8_t>(t.data, t.data + t.size) == tensors[i].bytes);
    CHECK(file->find(t.name) == &t);
  }
  CHECK(file->find("nope") == nullptr);

  CHECK(to_f32(*file->find("wte.weight")).value() ==
        std::vector<float>{0.5f, -1.25f, 3.0f, 1e-3f, -0.0f, 65504.0f});
  CHECK(to_f32(*file->find("h.0.ln_1.weight")).value() == std::vector<float>{1.0f, -2.5f, 0.099975586f});
  const float big = 1e30f;  // not exact in bfloat16: widening gives its truncation
  uint32_t big_truncated = static_cast<uint32_t>(bf16_bits(big)) << 16;
  float big_as_bf16;
  std::memcpy(&big_as_bf16, &big_truncated, 4);
  CHECK(to_f32(*file->find("h.0.attn.c_attn.weight")).value() ==
        std::vector<float>{1.0f, -3.0f, big_as_bf16, 0.5f});
  CHECK(to_f32(*file->find("scalar")).value() == std::vector<float>{7.0f});
  CHECK(to_f32(*file->find("empty")).value().empty());
  Result<std::vector<float>> ints = to_f32(*file->find("position_ids"));
  REQUIRE_FALSE(ints.ok());
  CHECK_THAT(ints.error().message, Contains("tensor 'position_ids' has dtype I64"));
}

TEST_CASE("safetensors: writer refuses inconsistent tensors", "[safetensors]") {
  auto error_of = [](std::vector<SafeTensorData> tensors) {
    Result<std::vector<uint8_t>> r = write_safetensors(tensors);
    return r.ok() ? std::string("ok") : r.error().message;
  };
  CHECK_THAT(error_of({{"a", "F32", {2}, std::vector<uint8_t>(7)}}), Contains("needs 8 bytes, got 7"));
  CHECK_THAT(error_of({{"a", "Q4", {2}, {}}}), Contains("unknown dtype 'Q4'"));
  CHECK_THAT(error_of({{"a", "F32", {-1}, {}}}), Contains("bad shape [-1]"));
  CHECK_THAT(error_of({{"a", "U8", {1}, {1}}, {"a", "U8", {1}, {2}}}), Contains("used twice"));
  CHECK_THAT(error_of({{"__metadata__", "U8", {1}, {1}}}), Contains("reserved"));
}

TEST_CASE("safetensors: malformed files give errors naming the problem", "[safetensors][fuzz]") {
  auto one = [](const std::string& entry, size_t data_bytes = 16) {
    return raw_file("{\"w\":" + entry + "}", data_bytes);
  };
  struct Bad {
    const char* what;
    std::vector<uint8_t> bytes;
    std::vector<std::string> mentions;
  };
  std::vector<uint8_t> past_end = raw_file("{}", 0);
  past_end[0] = 200;
  const std::vector<Bad> cases = {
      {"empty", {}, {"too short"}},
      {"header length past the end", past_end, {"header length 200", "past the end of the 10-byte file"}},
      {"header length 2^63", [] { auto b = raw_file("{}", 0); b[7] = 0x80; return b; }(), {"past the end"}},
      {"not JSON", raw_file("{\"w\": ", 0), {"not valid JSON"}},
      {"invalid UTF-8", raw_file("{\"\xFF\xFE\": 1}", 0), {"not valid JSON"}},
      {"JSON array", raw_file("[1, 2]", 0), {"not a JSON object"}},
      {"entry not an object", one("3"), {"entry 'w' is not an object"}},
      {"no dtype", one(R"({"shape":[1],"data_offsets":[0,4]})"), {"tensor 'w' has no \"dtype\""}},
      {"dtype not a string", one(R"({"dtype":4,"shape":[1],"data_offsets":[0,4]})"), {"tensor 'w' has no \"dtype\" string"}},
      {"no shape", one(R"({"dtype":"F32","data_offsets":[0,4]})"), {"tensor 'w' has no \"shape\""}},
      {"no offsets", one(R"({"dtype":"F32","shape":[1]})"), {"tensor 'w' needs \"data_offsets\""}},
      {"three offsets", one(R"({"dtype":"F32","shape":[1],"data_offsets":[0,4,8]})"), {"data_offsets"}},
      {"negative offset", one(R"({"dtype":"F32","shape":[1],"data_offsets":[-4,0]})"), {"non-negative"}},
      {"unknown dtype", one(R"({"dtype":"Q4_0","shape":[1],"data_offsets":[0,4]})"),
       {"tensor 'w' has dtype 'Q4_0'"}},
      {"negative dimension", one(R"({"dtype":"F32","shape":[-1],"data_offsets":[0,4]})"),
       {"tensor 'w'", "\"shape\" must be a non-negative integer"}},
      {"fractional dimension", one(R"({"dtype":"F32","shape":[1.5],"data_offsets":[0,4]})"), {"non-negative integer"}},
      {"string dimension", one(R"({"dtype":"F32","shape":["2"],"data_offsets":[0,8]})"), {"non-negative integer"}},
      {"element overflow", one(R"({"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]})"),
       {"tensor 'w'", "too many elements"}},
      {"byte overflow", one(R"({"dtype":"F64","shape":[4611686018427387904],"data_offsets":[0,4]})"),
       {"tensor 'w'", "too many bytes"}},
      {"offsets past the data", one(R"({"dtype":"F32","shape":[8],"data_offsets":[0,32]})"),
       {"tensor 'w'", "[0, 32] are outside the data buffer of 16 bytes"}},
      {"offsets reversed", one(R"({"dtype":"F32","shape":[1],"data_offsets":[8,4]})"), {"[8, 4] are outside"}},
      {"shape/bytes mismatch", one(R"({"dtype":"F32","shape":[2,3],"data_offsets":[0,16]})"),
       {"tensor 'w': shape [2, 3] of F32 needs 24 bytes", "span 16"}},
      {"overlapping", raw_file(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                               R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", 16),
       {"tensors 'a' and 'b' overlap"}},
      {"duplicate tensor", raw_file(R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},)"
                                    R"("a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}})", 2),
       {"the key 'a' twice"}},
      {"metadata not strings", raw_file(R"({"__metadata__":{"format":1}})", 0), {"__metadata__ value 'format'"}},
      {"metadata not an object", raw_file(R"({"__metadata__":"pt"})", 0), {"__metadata__ is not an object"}},
  };
  for (const Bad& bad : cases) {
    INFO("case: " << bad.what);
    std::string error = check_parse_never_crashes(bad.bytes);
    INFO("error: " << error);
    REQUIRE_FALSE(error.empty());
    for (const std::string& m : bad.mentions) CHECK_THAT(error, Contains(m));
  }
}

TEST_CASE("safetensors: cut or mutated files never crash the reader", "[safetensors][fuzz]") {
  std::vector<uint8_t> bytes = write_safetensors(sample_tensors()).value();
  uint64_t header_len = 0;
  std::memcpy(&header_len, bytes.data(), 8);
  for (size_t n = 0; n < bytes.size(); n++) {
    INFO("cut at byte " << n);
    // Any cut loses header or data bytes the header accounts for (the last tensor ends the file).
    CHECK_FALSE(check_parse_never_crashes(std::vector<uint8_t>(bytes.begin(), bytes.begin() + n)).empty());
  }
  Rng rng(7);
  const size_t header_end = 8 + static_cast<size_t>(header_len);
  for (int round = 0; round < 3000; round++) {
    std::vector<uint8_t> mutated = bytes;
    const int n_changes = 1 + static_cast<int>(rng.next_u32() % 4);
    for (int c = 0; c < n_changes; c++) {
      const size_t at = rng.next_u32() % header_end;
      // Half the time a JSON-significant character, so mutations reach past the JSON parser.
      static const char kJsonish[] = "{}[]\":,0123456789-.e ";
      mutated[at] = rng.next_u32() % 2 ? static_cast<uint8_t>(kJsonish[rng.next_u32() % (sizeof(kJsonish) - 1)])
                                       : static_cast<uint8_t>(rng.next_u32());
    }
    check_parse_never_crashes(mutated);
  }
}
