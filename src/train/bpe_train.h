// Training a GPT-2 byte-level BPE tokenizer on a corpus (the corpus step of `scripts/train`).
//
// The corpus is split into documents at "<|endoftext|>", each document into GPT-2 pre-tokens
// (plume::pretokenize_gpt2, the same pieces Tokenizer::encode() sees), and identical pre-tokens
// are counted once with their frequency. Starting from the 256 byte tokens, training repeatedly
// merges the most frequent adjacent pair of tokens across all pre-tokens (counts kept up to date
// incrementally, a max-heap with lazy deletion picks the next pair); ties go to the pair with the
// smaller (left id, right id), so a corpus always gives the same tokenizer. Merging stops at the
// target vocabulary size or when no pair occurs at least `min_pair_count` times.
//
// The vocabulary is GPT-2's layout: ids 0..255 the bytes (in GPT-2's bytes_to_unicode order),
// then one token per merge in merge order, then "<|endoftext|>" (end of text, control type).
// Encoding text with the result applies the merges exactly as training did.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "model/tokenizer.h"

namespace plume {

struct BpeTrainOptions {
  int32_t vocab_size = 6000;      // including the 256 byte tokens and <|endoftext|>
  int64_t min_pair_count = 2;     // a pair seen fewer times is not worth a token
  // Called every `progress_every` merges with (merges done, merges wanted); return false to stop
  // early (the tokenizer so far is returned).
  std::function<bool(int32_t, int32_t)> on_progress;
  int32_t progress_every = 500;
};

struct BpeTrainStats {
  size_t documents = 0;
  size_t pretokens = 0;          // pre-token occurrences in the corpus
  size_t unique_pretokens = 0;
  size_t bytes = 0;              // corpus bytes (without the end-of-text markers)
  int32_t merges = 0;
  int64_t last_merge_count = 0;  // frequency of the last merge (how rare the last tokens are)
  bool stopped_early = false;    // on_progress returned false
};

struct BpeTrainResult {
  Tokenizer tokenizer;
  BpeTrainStats stats;
};

// Fails when the vocabulary size is outside 257..1,000,000 or the corpus is empty.
Result<BpeTrainResult> train_bpe(std::string_view corpus, const BpeTrainOptions& options);

// A GGUF file holding only the tokenizer keys (tokenizer.ggml.model "gpt2", tokens, token_type,
// merges, bos/eos ids): what `plume bpe-train` writes and Tokenizer::from_gguf() reads back.
Result<std::vector<uint8_t>> tokenizer_to_gguf(const Tokenizer& tokenizer, const std::string& name);

// Bytes per token of `text` (documents separated by "<|endoftext|>"), for reports.
double bytes_per_token(const Tokenizer& tokenizer, std::string_view text);

}  // namespace plume
