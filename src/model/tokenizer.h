// GPT-2 byte-level BPE: the exact pre-tokenizer of GPT-2 (the regex
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// with Unicode letter/number classes from generated tables, no regex engine, no ICU), the
// bytes-to-unicode map, and rank-ordered merges. Token ids equal OpenAI's GPT-2 encoder.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"

namespace plume {

class GgufFile;

// GPT-2's pre-tokenizer on its own: the pieces (views into text) that BPE then encodes one by one.
// They tile the text; each invalid UTF-8 byte is a piece by itself. Shared with BPE training.
std::vector<std::string_view> pretokenize_gpt2(std::string_view text);

class Tokenizer {
 public:
  // From GGUF metadata: tokenizer.ggml.model == "gpt2", tokenizer.ggml.tokens, .merges,
  // optional .token_type, .bos_token_id, .eos_token_id.
  static Result<Tokenizer> from_gguf(const GgufFile& file);
  // From Hugging Face / OpenAI files: vocab.json (or encoder.json) and merges.txt (vocab.bpe).
  static Result<Tokenizer> from_files(std::string_view vocab_json, std::string_view merges_txt);
  // From explicit lists (tokens in GPT-2's byte-to-unicode spelling, merges as "a b").
  static Result<Tokenizer> from_lists(std::vector<std::string> tokens,
                                      std::vector<std::string> merges,
                                      std::vector<int32_t> token_types = {});

  // Any bytes in (invalid UTF-8 is split into single bytes, never an error); ids out.
  // Special tokens in the text (e.g. "<|endoftext|>") are encoded as plain text, as GPT-2's
  // encoder does; nothing such as BOS is added.
  std::vector<int32_t> encode(std::string_view text) const;
  // The raw bytes of the tokens (may end in the middle of a UTF-8 character).
  std::string decode(const std::vector<int32_t>& ids) const;
  const std::string& token_bytes(int32_t id) const { return bytes_[static_cast<size_t>(id)]; }
  const std::vector<std::string>& all_token_bytes() const { return bytes_; }
  // The token as stored in the vocabulary (byte-to-unicode spelling, e.g. "Ġhello").
  const std::string& token_text(int32_t id) const { return tokens_[static_cast<size_t>(id)]; }

  int32_t vocab_size() const { return static_cast<int32_t>(tokens_.size()); }
  int32_t bos_id() const { return bos_id_; }
  int32_t eos_id() const { return eos_id_; }
  const std::vector<std::string>& tokens() const { return tokens_; }
  const std::vector<std::string>& merges() const { return merges_; }
  const std::vector<int32_t>& token_types() const { return token_types_; }
  void set_special_ids(int32_t bos, int32_t eos) { bos_id_ = bos; eos_id_ = eos; }

 private:
  // What merging a pair of adjacent tokens gives: its priority (lower merges first) and result.
  struct Merge {
    int32_t rank;
    int32_t merged_id;
  };
  struct Scratch;  // reusable buffers of one encode() call (tokenizer.cpp)

  // Validates the lists and builds the look-up tables. merge_lines, when not empty, gives the
  // line of each merge in its file so errors can point at it.
  static Result<Tokenizer> build(std::vector<std::string> tokens, std::vector<std::string> merges,
                                 std::vector<int32_t> token_types,
                                 const std::vector<size_t>& merge_lines);
  // Byte-pair-encodes one pre-token piece and appends its ids.
  void encode_piece(std::string_view piece, Scratch& scratch, std::vector<int32_t>& out) const;

  std::vector<std::string> tokens_;   // byte-to-unicode spelling
  std::vector<std::string> bytes_;    // raw bytes of each token
  std::vector<std::string> merges_;
  std::vector<int32_t> token_types_;
  std::unordered_map<std::string, int32_t> token_to_id_;  // key: byte-to-unicode spelling
  std::unordered_map<uint64_t, Merge> merge_by_pair_;     // key: left id << 32 | right id
  int32_t byte_token_[256] = {};                          // the single-byte token of each byte
  int32_t bos_id_ = -1;
  int32_t eos_id_ = -1;
};

}  // namespace plume
