// Training data: the first byte picks the reader (plain text split by <|endoftext|> or blank
// lines, JSON Lines, or the PLUMETOK token file), the rest is the file. Invariants: accepted
// text is valid UTF-8; examples encode to a stream whose mask has one entry per token and whose
// ids are in the vocabulary; the held-out split keeps every token; token files round-trip.
#include "fuzz_input.h"
#include "train/train_data.h"

using namespace plume;

namespace {

const Tokenizer& tokenizer() {
  static const Tokenizer tok = fuzz::tiny_tokenizer();
  return tok;
}

void check_examples(const std::vector<TextExample>& examples) {
  auto stream = encode_examples(examples, tokenizer());
  if (!stream) {
    FUZZ_CHECK(!stream.error().message.empty());
    return;
  }
  FUZZ_CHECK(stream->mask.size() == stream->tokens.size());
  for (int32_t id : stream->tokens) FUZZ_CHECK(id >= 0 && id < tokenizer().vocab_size());
  StreamSplit split = split_held_out(*stream, tokenizer().eos_id(), 5);
  FUZZ_CHECK(split.train.size() + split.held_out.size() == stream->size());
  FUZZ_CHECK(split.train.targets() + split.held_out.targets() == stream->targets());
  (void)stream_hash(*stream);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0] % 4;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const int32_t n_vocab = tokenizer().vocab_size();
  if (mode == 3) {
    auto ids = parse_token_file(text, n_vocab);
    FUZZ_CHECK(ids.ok() || !is_token_file(text) || !ids.error().message.empty());
    if (ids) {
      for (int32_t id : *ids) FUZZ_CHECK(id >= 0 && id < n_vocab);
      std::vector<uint8_t> bytes = token_file_bytes(*ids, n_vocab);
      std::string_view view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      FUZZ_CHECK(is_token_file(view));
      auto again = parse_token_file(view, n_vocab);
      FUZZ_CHECK(again.ok() && *again == *ids);
    }
    return 0;
  }
  Status ok = check_text(text, "the training file");
  if (!ok) {
    FUZZ_CHECK(!ok.error().message.empty());
    return 0;
  }
  FUZZ_CHECK(fuzz::valid_utf8(text));
  if (mode == 2) {
    auto examples = parse_jsonl(text);
    if (!examples) {
      FUZZ_CHECK(!examples.error().message.empty());
      return 0;
    }
    check_examples(*examples);
  } else {
    check_examples(split_documents(text, mode == 1));
  }
  return 0;
}
