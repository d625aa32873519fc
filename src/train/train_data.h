// Training data as token streams: text documents and prompt/completion pairs in, one stream of
// token ids with a parallel target mask out; the held-out split; the windows a batch is cut from;
// and the checks that turn unusable input (empty, binary, not UTF-8) into a clear message.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "model/tokenizer.h"

namespace plume {

// tokens[i] is the i-th token; mask[i] = 1 when tokens[i] is to be learned as the continuation
// of tokens[..i) (0 for prompt tokens of a prompt/completion pair).
struct TokenStream {
  std::vector<int32_t> tokens;
  std::vector<uint8_t> mask;
  size_t size() const { return tokens.size(); }
  int64_t targets() const;  // number of mask[i] = 1
};

// One training text: `completion` is learned; `prompt` (may be empty) is context only.
struct TextExample {
  std::string prompt;
  std::string completion;
};

// Refuses input that is not usable text: empty, binary (NUL bytes), UTF-16/32 (byte-order
// marks), or invalid UTF-8 (with the byte offset). `what` names the input in the message.
Status check_text(std::string_view bytes, std::string_view what);

// Plain text: documents separated by "<|endoftext|>"; when the text has no such separator and
// `split_paragraphs` is set, documents are separated by blank lines instead. Blank documents are
// dropped; a leading UTF-8 byte-order mark is ignored.
std::vector<TextExample> split_documents(std::string_view text, bool split_paragraphs);

// JSON Lines: each non-blank line {"text": "..."} or {"prompt": "...", "completion": "..."}.
Result<std::vector<TextExample>> parse_jsonl(std::string_view text);

// Each example as prompt tokens (mask 0), completion tokens (mask 1), then the end-of-text token
// (mask 1: the model learns where a text ends). Needs a tokenizer with an end-of-text id.
Result<TokenStream> encode_examples(const std::vector<TextExample>& examples, const Tokenizer& tokenizer);

// Held-out split by documents (a document ends with `eos`): every `every`-th document (the
// every-th, 2*every-th, ...) goes to `held_out`. With fewer than `every` documents the last
// documents holding about 1/every of the tokens (at least one document) are held out.
struct StreamSplit {
  TokenStream train, held_out;
  int64_t train_documents = 0, held_out_documents = 0;
};
StreamSplit split_held_out(const TokenStream& stream, int32_t eos, int every);

// A compact file of token ids (so a corpus is tokenized once):
//   "PLUMETOK" | u32 version = 1 | u32 vocabulary size | u64 count | count x u32 ids (little-endian)
std::vector<uint8_t> token_file_bytes(const std::vector<int32_t>& tokens, int32_t n_vocab);
bool is_token_file(std::string_view bytes);
Result<std::vector<int32_t>> parse_token_file(std::string_view bytes, int32_t n_vocab);

// FNV-1a (64-bit) of the tokens and mask: identifies the data a checkpoint was trained on.
uint64_t stream_hash(const TokenStream& stream);

}  // namespace plume
