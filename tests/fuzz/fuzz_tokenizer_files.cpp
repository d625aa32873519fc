// Tokenizer files a user brings: vocab.json (encoder.json) and merges.txt (vocab.bpe), then a
// text to encode with the result. Invariants: every id is inside the vocabulary; decoding the
// ids gives back the text's bytes exactly (byte-level BPE loses nothing, whatever the bytes).
#include "fuzz_input.h"
#include "model/tokenizer.h"

using namespace plume;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parts = fuzz::split_parts(data, size, 3);
  auto tok = Tokenizer::from_files(parts[0], parts[1]);
  if (!tok) {
    FUZZ_CHECK(!tok.error().message.empty());
    return 0;
  }
  FUZZ_CHECK(tok->vocab_size() >= 256);
  std::vector<int32_t> ids = tok->encode(parts[2]);
  for (int32_t id : ids) FUZZ_CHECK(id >= 0 && id < tok->vocab_size());
  FUZZ_CHECK(tok->decode(ids) == parts[2]);
  return 0;
}
