// Small GPT-2 models built in memory for the model tests: a tiny byte-level vocabulary (256
// byte tokens, a few merges, <|endoftext|>) and random weights from `plume init`'s generator.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "core/blob.h"
#include "model/gpt2.h"
#include "model/gpt2_write.h"
#include "model/tokenizer.h"

namespace plume::test {

// GPT-2's bytes-to-unicode spelling of one byte (printable Latin-1 stands for itself).
inline std::string byte_spelling(int b) {
  auto printable = [](int c) { return (c >= '!' && c <= '~') || (c >= 0xa1 && c <= 0xac) || (c >= 0xae && c <= 0xff); };
  int cp = b;
  if (!printable(b)) {
    int n = 0;
    for (int c = 0; c < b; c++)
      if (!printable(c)) n++;
    cp = 256 + n;
  }
  std::string s;
  if (cp < 0x80) s += static_cast<char>(cp);
  else { s += static_cast<char>(0xc0 | (cp >> 6)); s += static_cast<char>(0x80 | (cp & 0x3f)); }
  return s;
}

inline Tokenizer tiny_tokenizer() {
  std::vector<std::string> tokens;
  for (int b = 0; b < 256; b++) tokens.push_back(byte_spelling(b));
  std::vector<std::string> merges = {"Ġ t", "h e", "Ġt he", "a n", "Ġ a"};
  for (const std::string& m : merges) tokens.push_back(m.substr(0, m.find(' ')) + m.substr(m.find(' ') + 1));
  tokens.push_back("<|endoftext|>");
  std::vector<int32_t> types(tokens.size(), 1);
  types.back() = 3;
  auto tok = Tokenizer::from_lists(tokens, merges, types);
  REQUIRE(tok.ok());
  Tokenizer t = std::move(tok.value());
  t.set_special_ids(t.vocab_size() - 1, t.vocab_size() - 1);
  return t;
}

struct TinyModelSpec {
  int32_t embd = 32, layers = 2, heads = 4, ctx = 64, ff = 96;
  DType type = DType::F32;
  bool untied = false;
  uint64_t seed = 7;
  float std = 0.3f;  // large enough that logits are well separated (no near-ties in greedy)
};

inline std::vector<uint8_t> tiny_model_bytes(const TinyModelSpec& s = {}) {
  RandomModelOptions o;
  o.config.n_embd = s.embd;
  o.config.n_layer = s.layers;
  o.config.n_head = s.heads;
  o.config.n_ctx = s.ctx;
  o.config.n_ff = s.ff;
  o.weight_type = s.type;
  o.untied_output = s.untied;
  o.seed = s.seed;
  o.std = s.std;
  auto bytes = random_gpt2_gguf(o, tiny_tokenizer());
  REQUIRE(bytes.ok());
  return std::move(bytes.value());
}

inline std::shared_ptr<Gpt2Model> tiny_model(const TinyModelSpec& s = {}) {
  auto m = Gpt2Model::from_gguf(blob_from_vector(tiny_model_bytes(s)));
  if (!m) FAIL(m.error().message);
  return m.value();
}

}  // namespace plume::test
