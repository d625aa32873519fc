// BPE training with incremental pair counts (see bpe_train.h for the contract).
//
// State: the unique pre-tokens ("words"), each a list of token ids with its corpus frequency;
// pair_count[(a, b)] = sum over words of frequency x occurrences of the adjacent pair a b;
// words_with[(a, b)] = the words where the pair may occur (entries can be stale: checked on use).
// A merge rewrites only the words holding its pair, and changes the counts by (new pairs of the
// word) - (old pairs of the word), so each step costs the size of the affected words, not the
// corpus. The heap holds (count, pair) entries; an entry whose count is no longer current is
// skipped when popped (lazy deletion), and every count change pushes a fresh entry.
#include "train/bpe_train.h"

#include <algorithm>
#include <queue>
#include <unordered_map>

#include "model/gguf.h"

namespace plume {
namespace {

constexpr std::string_view kEndOfText = "<|endoftext|>";

uint64_t pair_key(int32_t a, int32_t b) { return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b); }
int32_t pair_left(uint64_t key) { return static_cast<int32_t>(key >> 32); }
int32_t pair_right(uint64_t key) { return static_cast<int32_t>(key & 0xFFFFFFFFu); }

// GPT-2's bytes_to_unicode(): printable bytes stand for themselves, the others map to U+0100+.
// byte_order lists the bytes in the order of GPT-2's first 256 vocabulary entries.
struct ByteSpelling {
  std::string spelling[256];
  uint8_t byte_order[256];
  ByteSpelling() {
    int n = 0;
    auto printable = [](int b) { return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE; };
    for (int b = 0; b < 256; ++b)
      if (printable(b)) byte_order[n++] = static_cast<uint8_t>(b);
    for (int b = 0; b < 256; ++b)
      if (!printable(b)) byte_order[n++] = static_cast<uint8_t>(b);
    int next = 256;
    for (int b = 0; b < 256; ++b) {
      uint32_t cp = printable(b) ? static_cast<uint32_t>(b) : static_cast<uint32_t>(next++);
      std::string& s = spelling[b];
      if (cp < 0x80) s = std::string(1, static_cast<char>(cp));
      else s = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    }
  }
};

struct HeapEntry {
  int64_t count;
  uint64_t pair;
  // Max-heap on count; among equal counts the smaller pair comes first.
  bool operator<(const HeapEntry& o) const { return count != o.count ? count < o.count : pair > o.pair; }
};

struct Word {
  std::vector<int32_t> ids;
  int64_t freq;
  int32_t last_merge = -1;  // the merge that last rewrote this word (de-duplicates words_with)
};

class Trainer {
 public:
  std::vector<Word> words;
  std::unordered_map<uint64_t, int64_t> pair_count;
  std::unordered_map<uint64_t, std::vector<uint32_t>> words_with;
  std::priority_queue<HeapEntry> heap;

  void add_pairs(uint32_t w, int64_t sign, std::vector<uint64_t>* touched) {
    const Word& word = words[w];
    for (size_t i = 0; i + 1 < word.ids.size(); ++i) {
      uint64_t key = pair_key(word.ids[i], word.ids[i + 1]);
      pair_count[key] += sign * word.freq;
      if (touched) touched->push_back(key);
      if (sign > 0) words_with[key].push_back(w);
    }
  }

  void build_initial() {
    for (uint32_t w = 0; w < words.size(); ++w) add_pairs(w, +1, nullptr);
    for (auto& [key, list] : words_with) {  // a word with a repeated pair was listed twice
      std::sort(list.begin(), list.end());
      list.erase(std::unique(list.begin(), list.end()), list.end());
    }
    for (const auto& [key, count] : pair_count) heap.push({count, key});
  }

  // Pops the most frequent current pair; false when none is left with at least min_count.
  bool next_pair(int64_t min_count, uint64_t* pair, int64_t* count) {
    while (!heap.empty()) {
      HeapEntry top = heap.top();
      heap.pop();
      auto it = pair_count.find(top.pair);
      if (it == pair_count.end() || it->second != top.count) continue;  // stale entry
      if (top.count < min_count) return false;
      *pair = top.pair;
      *count = top.count;
      return true;
    }
    return false;
  }

  void apply_merge(uint64_t pair, int32_t new_id, int32_t merge_index) {
    int32_t a = pair_left(pair), b = pair_right(pair);
    std::vector<uint32_t> candidates = std::move(words_with[pair]);
    words_with.erase(pair);
    std::vector<uint64_t> touched;
    for (uint32_t w : candidates) {
      Word& word = words[w];
      if (word.last_merge == merge_index) continue;  // listed twice
      bool present = false;
      for (size_t i = 0; i + 1 < word.ids.size(); ++i)
        if (word.ids[i] == a && word.ids[i + 1] == b) { present = true; break; }
      if (!present) continue;  // stale: an earlier merge consumed the pair here
      word.last_merge = merge_index;
      add_pairs(w, -1, &touched);
      std::vector<int32_t> merged;
      merged.reserve(word.ids.size());
      for (size_t i = 0; i < word.ids.size(); ++i) {
        if (i + 1 < word.ids.size() && word.ids[i] == a && word.ids[i + 1] == b) {
          merged.push_back(new_id);
          ++i;
        } else {
          merged.push_back(word.ids[i]);
        }
      }
      word.ids = std::move(merged);
      add_pairs(w, +1, &touched);
    }
    pair_count.erase(pair);
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    for (uint64_t key : touched) {
      auto it = pair_count.find(key);
      if (it == pair_count.end()) continue;
      if (it->second <= 0) {
        pair_count.erase(it);
        continue;
      }
      heap.push({it->second, key});
    }
  }
};

}  // namespace

Result<BpeTrainResult> train_bpe(std::string_view corpus, const BpeTrainOptions& options) {
  if (options.vocab_size < 257 || options.vocab_size > 1000000)
    return make_error("vocabulary size ", options.vocab_size,
                      " is outside 257..1000000 (256 byte tokens + <|endoftext|> + merges)");
  BpeTrainStats stats;
  // Count pre-tokens (views into the corpus) per document.
  std::unordered_map<std::string_view, int64_t> counts;
  size_t pos = 0;
  while (pos <= corpus.size()) {
    size_t end = corpus.find(kEndOfText, pos);
    if (end == std::string_view::npos) end = corpus.size();
    std::string_view doc = corpus.substr(pos, end - pos);
    if (!doc.empty()) {
      ++stats.documents;
      stats.bytes += doc.size();
      for (std::string_view piece : pretokenize_gpt2(doc)) {
        ++counts[piece];
        ++stats.pretokens;
      }
    }
    pos = end + kEndOfText.size();
  }
  if (counts.empty()) return make_error("the corpus is empty: there is no text to learn a vocabulary from");
  stats.unique_pretokens = counts.size();

  static const ByteSpelling bytes;
  int32_t id_of_byte[256];
  std::vector<std::string> tokens;        // byte-to-unicode spelling
  std::vector<std::string> token_bytes;   // raw bytes, to find an existing token
  for (int i = 0; i < 256; ++i) {
    uint8_t b = bytes.byte_order[i];
    id_of_byte[b] = i;
    tokens.push_back(bytes.spelling[b]);
    token_bytes.emplace_back(1, static_cast<char>(b));
  }

  // Words in a deterministic order (the hash map's order is not): by bytes.
  std::vector<std::pair<std::string_view, int64_t>> sorted(counts.begin(), counts.end());
  std::sort(sorted.begin(), sorted.end());
  Trainer t;
  t.words.reserve(sorted.size());
  for (const auto& [piece, freq] : sorted) {
    Word w;
    w.freq = freq;
    for (unsigned char c : piece) w.ids.push_back(id_of_byte[c]);
    if (w.ids.size() >= 2) t.words.push_back(std::move(w));
  }
  t.build_initial();

  std::unordered_map<std::string, int32_t> id_of_bytes;
  for (int32_t i = 0; i < 256; ++i) id_of_bytes.emplace(token_bytes[static_cast<size_t>(i)], i);
  std::vector<std::string> merges;
  const int32_t wanted = options.vocab_size - 257;
  int32_t merge_index = 0;
  while (static_cast<int32_t>(tokens.size()) < options.vocab_size - 1) {
    uint64_t pair;
    int64_t count;
    if (!t.next_pair(std::max<int64_t>(options.min_pair_count, 1), &pair, &count)) break;
    int32_t a = pair_left(pair), b = pair_right(pair);
    std::string joined = token_bytes[static_cast<size_t>(a)] + token_bytes[static_cast<size_t>(b)];
    int32_t new_id;
    auto existing = id_of_bytes.find(joined);
    if (existing != id_of_bytes.end()) {
      new_id = existing->second;  // another pair already spelled this token
    } else {
      new_id = static_cast<int32_t>(tokens.size());
      tokens.push_back(tokens[static_cast<size_t>(a)] + tokens[static_cast<size_t>(b)]);
      token_bytes.push_back(joined);
      id_of_bytes.emplace(joined, new_id);
    }
    merges.push_back(tokens[static_cast<size_t>(a)] + " " + tokens[static_cast<size_t>(b)]);
    t.apply_merge(pair, new_id, merge_index);
    ++merge_index;
    stats.last_merge_count = count;
    if (options.on_progress && options.progress_every > 0 && merge_index % options.progress_every == 0 &&
        !options.on_progress(merge_index, wanted)) {
      stats.stopped_early = true;
      break;
    }
  }
  stats.merges = merge_index;
  if (merges.empty())
    return make_error("no pair of adjacent bytes occurs ", std::max<int64_t>(options.min_pair_count, 1),
                      " times or more in the corpus: there is nothing to learn (is the corpus too small?)");

  int32_t eot = static_cast<int32_t>(tokens.size());
  tokens.emplace_back(kEndOfText);
  std::vector<int32_t> types(tokens.size(), 1);  // normal
  types[static_cast<size_t>(eot)] = 3;           // control
  auto tokenizer = Tokenizer::from_lists(std::move(tokens), std::move(merges), std::move(types));
  if (!tokenizer.ok()) return make_error("trained tokenizer is invalid: ", tokenizer.error().message);
  tokenizer->set_special_ids(eot, eot);
  return BpeTrainResult{std::move(*tokenizer), stats};
}

Result<std::vector<uint8_t>> tokenizer_to_gguf(const Tokenizer& tok, const std::string& name) {
  if (tok.vocab_size() == 0) return make_error("the tokenizer has no tokens");
  GgufWriter w;
  w.set_string("general.architecture", "gpt2");
  w.set_string("general.name", name);
  w.set_string("general.type", "vocab");  // tokenizer only: no tensors
  w.set_string("tokenizer.ggml.model", "gpt2");
  w.set_string("tokenizer.ggml.pre", "gpt-2");
  w.set_string_array("tokenizer.ggml.tokens", tok.tokens());
  std::vector<int32_t> types = tok.token_types();
  if (types.size() != tok.tokens().size()) {
    types.assign(tok.tokens().size(), 1);
    if (tok.eos_id() >= 0) types[static_cast<size_t>(tok.eos_id())] = 3;
  }
  w.set_int32_array("tokenizer.ggml.token_type", types);
  w.set_string_array("tokenizer.ggml.merges", tok.merges());
  if (tok.bos_id() >= 0) w.set_uint32("tokenizer.ggml.bos_token_id", static_cast<uint32_t>(tok.bos_id()));
  if (tok.eos_id() >= 0) w.set_uint32("tokenizer.ggml.eos_token_id", static_cast<uint32_t>(tok.eos_id()));
  w.set_bool("tokenizer.ggml.add_bos_token", false);
  return w.to_bytes();
}

double bytes_per_token(const Tokenizer& tokenizer, std::string_view text) {
  size_t bytes = 0, tokens = 0, pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find(kEndOfText, pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view doc = text.substr(pos, end - pos);
    bytes += doc.size();
    tokens += tokenizer.encode(doc).size();
    pos = end + kEndOfText.size();
  }
  return tokens ? static_cast<double>(bytes) / static_cast<double>(tokens) : 0.0;
}

}  // namespace plume
