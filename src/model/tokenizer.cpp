// GPT-2 byte-level BPE, equal token for token to OpenAI's encoder.py:
//   1. pre-tokenize the text with GPT-2's pattern (hand-written matcher below, no regex engine),
//   2. spell each piece's UTF-8 bytes as single-byte tokens,
//   3. merge adjacent pairs, lowest merge rank first (leftmost first among equal ranks).
#include "model/tokenizer.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <functional>
#include <utility>

#include <nlohmann/json.hpp>

#include "model/gguf.h"
#include "model/unicode_tables.h"

namespace plume {
namespace {

using unicode::CharClass;

// ---------------------------------------------------------------------------------------------
// GPT-2's bytes_to_unicode(): every byte gets a printable character so that vocabulary files can
// be text. Printable Latin-1 bytes stand for themselves; the other 68 bytes (controls, space,
// 0x7F-0xA0, 0xAD) map to U+0100, U+0101, ... in byte order. So a space is spelled 'Ġ' (U+0120).

std::array<char32_t, 256> make_byte_to_unicode() {
  std::array<char32_t, 256> map{};
  char32_t next_unprintable = 256;
  for (int b = 0; b < 256; ++b) {
    bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
    map[b] = printable ? static_cast<char32_t>(b) : next_unprintable++;
  }
  return map;
}

const std::array<char32_t, 256>& byte_to_unicode() {
  static const std::array<char32_t, 256> map = make_byte_to_unicode();
  return map;
}

// The inverse: code point -> byte, or -1. All 256 characters lie below U+0144.
int unicode_to_byte(char32_t cp) {
  static const std::array<int16_t, 0x144> inverse = [] {
    std::array<int16_t, 0x144> table;
    table.fill(-1);
    for (int b = 0; b < 256; ++b) table[byte_to_unicode()[b]] = static_cast<int16_t>(b);
    return table;
  }();
  return cp < inverse.size() ? inverse[cp] : -1;
}

// The spelling of a byte's token as UTF-8 (every spelling is one character below U+0144).
std::string byte_spelling(int byte) {
  char32_t cp = byte_to_unicode()[byte];
  if (cp < 0x80) return std::string(1, static_cast<char>(cp));
  return {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
}

// Decodes one well-formed UTF-8 character at s[0..n) (n >= 1). Returns its length in bytes, or 0
// when s[0] does not start one (stray continuation byte, overlong form, surrogate, > U+10FFFF,
// truncated sequence): the caller then treats that single byte on its own.
size_t decode_utf8(const unsigned char* s, size_t n, char32_t& cp) {
  unsigned char b0 = s[0];
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  size_t length;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    if (b0 == 0xE0) lo = 0xA0;  // no overlong forms
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    if (b0 == 0xF0) lo = 0x90;  // no overlong forms
    if (b0 == 0xF4) hi = 0x8F;  // nothing past U+10FFFF
  } else {
    return 0;
  }
  if (n < length || s[1] < lo || s[1] > hi) return 0;
  char32_t value = b0 & (0xFF >> (length + 1));
  for (size_t k = 1; k < length; ++k) {
    if ((s[k] & 0xC0) != 0x80) return 0;
    value = (value << 6) | (s[k] & 0x3F);
  }
  cp = value;
  return length;
}

// The raw bytes of a token spelled in GPT-2's byte alphabet. On failure, names the first
// character that is not in the alphabet.
bool spelling_to_bytes(std::string_view spelling, std::string& bytes, std::string& bad_char) {
  bytes.clear();
  const auto* s = reinterpret_cast<const unsigned char*>(spelling.data());
  for (size_t i = 0; i < spelling.size();) {
    char32_t cp = 0;
    size_t length = decode_utf8(s + i, spelling.size() - i, cp);
    int byte = length == 0 ? -1 : unicode_to_byte(cp);
    if (byte < 0) {
      char name[32] = "invalid UTF-8";
      if (length != 0) std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(cp));
      bad_char = name;
      return false;
    }
    bytes += static_cast<char>(byte);
    i += length;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// The pre-tokenizer: GPT-2's pattern, applied as Python's `regex.findall` applies it,
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// Alternatives are tried in order at each position and the first that matches wins; every
// character is a letter, a number, a space or "other", so some alternative always matches and
// the pieces tile the text. Invalid UTF-8 bytes are pieces of one byte each and cut the text
// like its end does (the pattern never sees them).

enum class Kind : uint8_t { kOther, kLetter, kNumber, kSpace, kInvalidByte };

struct Char {
  Kind kind;
  size_t length;  // in bytes; 1 for an invalid byte
};

// The character starting at text[pos] (pos < text.size()).
Char char_at(std::string_view text, size_t pos) {
  char32_t cp = 0;
  size_t length = decode_utf8(reinterpret_cast<const unsigned char*>(text.data()) + pos,
                              text.size() - pos, cp);
  if (length == 0) return {Kind::kInvalidByte, 1};
  switch (unicode::char_class(cp)) {
    case CharClass::kLetter: return {Kind::kLetter, length};
    case CharClass::kNumber: return {Kind::kNumber, length};
    case CharClass::kSpace: return {Kind::kSpace, length};
    default: return {Kind::kOther, length};
  }
}

// The end (byte offset) of the piece that starts at text[pos].
size_t match_piece(std::string_view text, size_t pos) {
  const size_t size = text.size();
  const Char first = char_at(text, pos);
  if (first.kind == Kind::kInvalidByte) return pos + 1;

  // 's|'t|'re|'ve|'m|'ll|'d  (lower case only: "'S" is not a contraction for GPT-2). All ASCII,
  // so the bytes can be compared directly.
  if (text[pos] == '\'' && pos + 1 < size) {
    char c1 = text[pos + 1];
    if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') return pos + 2;
    if (pos + 2 < size) {
      char c2 = text[pos + 2];
      if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) {
        return pos + 3;
      }
    }
  }

  //  ?\p{L}+ |  ?\p{N}+ |  ?[^\s\p{L}\p{N}]+  : an optional ' ' then a run of one class.
  Kind run_kind = first.kind;
  size_t end = pos + first.length;
  if (text[pos] == ' ' && end < size) {
    Char next = char_at(text, end);
    if (next.kind == Kind::kLetter || next.kind == Kind::kNumber || next.kind == Kind::kOther) {
      run_kind = next.kind;
      end += next.length;
    }
  }
  if (run_kind != Kind::kSpace) {
    while (end < size) {
      Char next = char_at(text, end);
      if (next.kind != run_kind) break;
      end += next.length;
    }
    return end;
  }

  // \s+(?!\S) | \s+ : a whitespace run. If a non-space follows it, the run gives back its last
  // character (so that a final ' ' can start the next word), unless it is only one character.
  size_t last_start = pos;
  bool followed_by_text = false;
  while (end < size) {
    Char next = char_at(text, end);
    if (next.kind != Kind::kSpace) {
      followed_by_text = next.kind != Kind::kInvalidByte;
      break;
    }
    last_start = end;
    end += next.length;
  }
  if (followed_by_text && last_start > pos) return last_start;
  return end;
}

std::string in_quotes(std::string_view s) {
  constexpr size_t kMax = 60;
  std::string out = "'";
  out += s.substr(0, kMax);
  out += s.size() <= kMax ? "'" : "...'";
  return out;
}

uint64_t pair_key(int32_t left, int32_t right) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) | static_cast<uint32_t>(right);
}

// GGUF token types (llama.cpp's llama_token_type).
constexpr int32_t kTokenNormal = 1;
constexpr int32_t kTokenControl = 3;
constexpr int32_t kTokenUserDefined = 4;

constexpr std::string_view kEndOfText = "<|endoftext|>";

}  // namespace

// ---------------------------------------------------------------------------------------------
// Byte-pair encoding of one piece.
//
// encoder.py repeatedly finds the lowest-ranked adjacent pair and merges all its occurrences left
// to right. Merging never creates another occurrence of the same pair (the merged token differs
// from both halves), so that equals merging one occurrence at a time in (rank, position) order,
// which a priority queue does in O(n log n). Queue entries can go stale when a neighbour merges
// first; an entry is still valid iff both symbols still carry the ids it was queued with (a
// symbol's id only ever changes to a longer token, and the right symbol only disappears by
// merging into the left one).

struct Tokenizer::Scratch {
  struct Symbol {
    int32_t id;
    int32_t prev;  // index of the neighbouring symbol, -1 at the ends
    int32_t next;
  };
  struct Candidate {
    int32_t rank;
    int32_t left;  // symbol index = byte position of the pair in the piece
    int32_t left_id;
    int32_t right_id;
    int32_t merged_id;
    bool operator>(const Candidate& o) const {
      return rank != o.rank ? rank > o.rank : left > o.left;
    }
  };
  std::vector<Symbol> symbols;
  std::vector<Candidate> heap;  // min-heap by (rank, left) through std::push_heap/pop_heap
};

void Tokenizer::encode_piece(std::string_view piece, Scratch& scratch,
                             std::vector<int32_t>& out) const {
  if (piece.size() == 1) {
    out.push_back(byte_token_[static_cast<unsigned char>(piece[0])]);
    return;
  }
  auto& symbols = scratch.symbols;
  auto& heap = scratch.heap;
  symbols.clear();
  heap.clear();
  const auto n = static_cast<int32_t>(piece.size());
  for (int32_t i = 0; i < n; ++i) {
    symbols.push_back({byte_token_[static_cast<unsigned char>(piece[i])], i - 1,
                       i + 1 < n ? i + 1 : -1});
  }
  auto greater = std::greater<Scratch::Candidate>();
  auto queue_pair = [&](int32_t left) {
    if (left < 0) return;
    int32_t right = symbols[left].next;
    if (right < 0) return;
    auto it = merge_by_pair_.find(pair_key(symbols[left].id, symbols[right].id));
    if (it == merge_by_pair_.end()) return;
    heap.push_back({it->second.rank, left, symbols[left].id, symbols[right].id,
                    it->second.merged_id});
    std::push_heap(heap.begin(), heap.end(), greater);
  };
  for (int32_t i = 0; i + 1 < n; ++i) queue_pair(i);

  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), greater);
    Scratch::Candidate top = heap.back();
    heap.pop_back();
    auto& left = symbols[top.left];
    if (left.id != top.left_id || left.next < 0 || symbols[left.next].id != top.right_id) {
      continue;  // stale
    }
    int32_t right_index = left.next;
    auto& right = symbols[right_index];
    left.id = top.merged_id;
    left.next = right.next;
    if (right.next >= 0) symbols[right.next].prev = top.left;
    right.id = -1;
    queue_pair(left.prev);
    queue_pair(top.left);
  }
  for (int32_t i = 0; i >= 0; i = symbols[i].next) out.push_back(symbols[i].id);
}

std::vector<std::string_view> pretokenize_gpt2(std::string_view text) {
  std::vector<std::string_view> pieces;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = match_piece(text, pos);
    pieces.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return pieces;
}

std::vector<int32_t> Tokenizer::encode(std::string_view text) const {
  std::vector<int32_t> ids;
  if (text.empty() || tokens_.empty()) return ids;
  ids.reserve(text.size() / 3 + 8);
  Scratch scratch;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = match_piece(text, pos);
    encode_piece(text.substr(pos, end - pos), scratch, ids);
    pos = end;
  }
  return ids;
}

std::string Tokenizer::decode(const std::vector<int32_t>& ids) const {
  std::string out;
  for (int32_t id : ids) {
    // Ids outside the vocabulary carry no bytes; they are skipped rather than trusted.
    if (id >= 0 && id < vocab_size()) out += bytes_[static_cast<size_t>(id)];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Loading.

Result<Tokenizer> Tokenizer::build(std::vector<std::string> tokens,
                                   std::vector<std::string> merges,
                                   std::vector<int32_t> token_types,
                                   const std::vector<size_t>& merge_lines) {
  if (tokens.empty()) return make_error("the tokenizer vocabulary is empty");
  if (tokens.size() > 0x7FFFFFFF) return make_error("the tokenizer vocabulary is too large");
  if (!token_types.empty() && token_types.size() != tokens.size()) {
    return make_error("the tokenizer has ", token_types.size(), " token types for ",
                      tokens.size(), " tokens");
  }
  Tokenizer t;
  t.tokens_ = std::move(tokens);
  t.token_types_ = std::move(token_types);
  const size_t n_tokens = t.tokens_.size();
  t.bytes_.resize(n_tokens);
  t.token_to_id_.reserve(n_tokens);
  for (size_t id = 0; id < n_tokens; ++id) {
    const std::string& text = t.tokens_[id];
    int32_t type = t.token_types_.empty() ? kTokenNormal : t.token_types_[id];
    if (text.empty()) return make_error("token ", id, " is an empty string");
    auto [it, inserted] = t.token_to_id_.emplace(text, static_cast<int32_t>(id));
    if (!inserted) {
      return make_error("token ", in_quotes(text), " appears twice in the vocabulary (ids ",
                        it->second, " and ", id, ")");
    }
    // Spelling -> bytes. Control and user-defined tokens may be stored as plain text.
    std::string bad_char;
    if (!spelling_to_bytes(text, t.bytes_[id], bad_char)) {
      if (type != kTokenControl && type != kTokenUserDefined) {
        return make_error("token ", id, " ", in_quotes(text),
                          " is not in GPT-2's byte-level spelling (", bad_char,
                          " is not one of its 256 byte characters)");
      }
      t.bytes_[id] = text;
    }
  }
  for (int b = 0; b < 256; ++b) {
    std::string spelling = byte_spelling(b);
    auto it = t.token_to_id_.find(spelling);
    if (it == t.token_to_id_.end()) {
      return make_error("the vocabulary has no token for byte ", b, " (spelled ", in_quotes(spelling),
                        "); a byte-level BPE vocabulary needs all 256 byte tokens");
    }
    t.byte_token_[b] = it->second;
  }

  if (merges.empty()) {
    return make_error("the tokenizer has no merges: byte-level BPE needs its merges list "
                      "(merges.txt / vocab.bpe / tokenizer.ggml.merges) to join bytes into tokens");
  }
  t.merges_ = std::move(merges);
  t.merge_by_pair_.reserve(t.merges_.size());
  for (size_t rank = 0; rank < t.merges_.size(); ++rank) {
    const std::string& merge = t.merges_[rank];
    std::string where = merge_lines.empty()
                            ? "merge " + std::to_string(rank + 1) + " " + in_quotes(merge)
                            : "merges line " + std::to_string(merge_lines[rank]) + " " +
                                  in_quotes(merge);
    size_t space = merge.find(' ');
    if (space == std::string::npos || space == 0 || space + 1 == merge.size() ||
        merge.find(' ', space + 1) != std::string::npos) {
      return make_error(where, ": expected two tokens separated by one space");
    }
    std::string left = merge.substr(0, space), right = merge.substr(space + 1);
    auto left_it = t.token_to_id_.find(left);
    auto right_it = t.token_to_id_.find(right);
    auto merged_it = t.token_to_id_.find(left + right);
    if (left_it == t.token_to_id_.end()) {
      return make_error(where, ": ", in_quotes(left), " is not in the vocabulary");
    }
    if (right_it == t.token_to_id_.end()) {
      return make_error(where, ": ", in_quotes(right), " is not in the vocabulary");
    }
    if (merged_it == t.token_to_id_.end()) {
      return make_error(where, ": the merged token ", in_quotes(left + right),
                        " is not in the vocabulary");
    }
    Merge value{static_cast<int32_t>(rank), merged_it->second};
    auto [it, inserted] =
        t.merge_by_pair_.emplace(pair_key(left_it->second, right_it->second), value);
    if (!inserted) {
      return make_error(where, ": the same merge appears earlier (merge ", it->second.rank + 1,
                        ")");
    }
  }

  if (t.token_types_.empty()) t.token_types_.assign(n_tokens, kTokenNormal);
  auto eot = t.token_to_id_.find(std::string(kEndOfText));
  if (eot != t.token_to_id_.end()) {
    // GPT-2 convention: <|endoftext|> begins and ends documents.
    t.bos_id_ = t.eos_id_ = eot->second;
    if (t.token_types_[static_cast<size_t>(eot->second)] == kTokenNormal) {
      t.token_types_[static_cast<size_t>(eot->second)] = kTokenControl;
    }
  }
  return t;
}

Result<Tokenizer> Tokenizer::from_lists(std::vector<std::string> tokens,
                                        std::vector<std::string> merges,
                                        std::vector<int32_t> token_types) {
  return build(std::move(tokens), std::move(merges), std::move(token_types), {});
}

Result<Tokenizer> Tokenizer::from_files(std::string_view vocab_json, std::string_view merges_txt) {
  // vocab.json: {"token": id, ...} with ids 0..N-1, each exactly once.
  auto vocab = nlohmann::json::parse(vocab_json.begin(), vocab_json.end(), nullptr, false);
  if (vocab.is_discarded()) return make_error("vocab.json is not valid JSON");
  if (!vocab.is_object()) {
    return make_error("vocab.json must be a JSON object mapping tokens to ids, found a ",
                      vocab.type_name());
  }
  if (vocab.empty()) return make_error("vocab.json has no tokens");
  const size_t n_tokens = vocab.size();
  std::vector<std::string> tokens(n_tokens);
  std::vector<bool> seen(n_tokens, false);
  for (auto it = vocab.begin(); it != vocab.end(); ++it) {
    const auto& value = it.value();
    if (!value.is_number_integer()) {
      return make_error("vocab.json: the id of token ", in_quotes(it.key()),
                        " must be an integer, found a ", value.type_name());
    }
    // Checked as unsigned first so that huge ids cannot wrap around into range.
    bool in_range = value.is_number_unsigned() ? value.get<uint64_t>() < n_tokens
                                               : value.get<int64_t>() >= 0 &&
                                                     value.get<uint64_t>() < n_tokens;
    if (!in_range) {
      return make_error("vocab.json: token ", in_quotes(it.key()), " has id ", value.dump(),
                        "; with ", n_tokens, " tokens the ids must run from 0 to ", n_tokens - 1);
    }
    auto id = value.get<size_t>();
    if (seen[id]) {
      return make_error("vocab.json: id ", id, " is used by both ", in_quotes(tokens[id]), " and ",
                        in_quotes(it.key()));
    }
    seen[id] = true;
    tokens[id] = it.key();
  }

  // merges.txt / vocab.bpe: an optional "#version" first line, then one "left right" per line.
  std::vector<std::string> merges;
  std::vector<size_t> lines;
  size_t line_number = 0;
  for (size_t start = 0; start < merges_txt.size();) {
    size_t end = merges_txt.find('\n', start);
    if (end == std::string_view::npos) end = merges_txt.size();
    std::string_view line = merges_txt.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line_number == 1 && line.substr(0, 8) == "#version") continue;
    merges.emplace_back(line);
    lines.push_back(line_number);
  }
  auto result = build(std::move(tokens), std::move(merges), {}, lines);
  if (!result) return make_error("tokenizer files: ", result.error().message);
  return result;
}

Result<Tokenizer> Tokenizer::from_gguf(const GgufFile& file) {
  auto fail = [](const auto&... parts) { return make_error("GGUF tokenizer: ", parts...); };
  auto model = file.get_string("tokenizer.ggml.model");
  if (!model) return fail(model.error().message);
  if (*model != "gpt2") {
    return fail("tokenizer.ggml.model is ", in_quotes(*model),
                "; Plume reads only 'gpt2' (GPT-2 byte-level BPE) tokenizers");
  }
  auto string_array = [&](const char* key) -> Result<std::vector<std::string>> {
    const GgufValue* value = file.find(key);
    if (value == nullptr) return fail("missing key '", key, "'");
    if (value->type != GgufType::ARRAY || value->array_type != GgufType::STRING) {
      return fail("key '", key, "' must be an array of strings");
    }
    return value->strings;
  };
  auto tokens = string_array("tokenizer.ggml.tokens");
  if (!tokens) return tokens.error();
  if (file.find("tokenizer.ggml.merges") == nullptr) {
    return fail("missing key 'tokenizer.ggml.merges': a tokenizer without merges cannot join "
                "bytes into tokens");
  }
  auto merges = string_array("tokenizer.ggml.merges");
  if (!merges) return merges.error();

  std::vector<int32_t> types;
  if (const GgufValue* value = file.find("tokenizer.ggml.token_type")) {
    GgufType t = value->array_type;  // the integer types are 0..5, 10 and 11
    bool integers = t <= GgufType::INT32 || t == GgufType::UINT64 || t == GgufType::INT64;
    if (value->type != GgufType::ARRAY || !integers) {
      return fail("key 'tokenizer.ggml.token_type' must be an array of integers");
    }
    for (int64_t v : value->ints) {
      if (v < 0 || v > 0x7FFFFFFF) return fail("tokenizer.ggml.token_type holds ", v);
      types.push_back(static_cast<int32_t>(v));
    }
  }
  auto result = build(std::move(*tokens), std::move(*merges), std::move(types), {});
  if (!result) return fail(result.error().message);

  Tokenizer& t = *result;
  for (auto [key, id] : {std::pair{"tokenizer.ggml.bos_token_id", &t.bos_id_},
                         std::pair{"tokenizer.ggml.eos_token_id", &t.eos_id_}}) {
    if (file.find(key) == nullptr) continue;
    auto value = file.get_uint(key);
    if (!value) return fail(value.error().message);
    if (*value >= static_cast<uint64_t>(t.vocab_size())) {
      return fail(key, " is ", *value, " but the vocabulary has ", t.vocab_size(), " tokens");
    }
    *id = static_cast<int32_t>(*value);
  }
  return result;
}

}  // namespace plume
