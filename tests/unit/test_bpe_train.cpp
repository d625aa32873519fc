// BPE training: a hand-computed example, the trained tokenizer's encode() against a naive
// "apply every merge in order" reference, round trips, determinism, GGUF, Chinese efficiency.
#include <catch2/catch.hpp>

#include <map>
#include <random>

#include "core/blob.h"
#include "model/gguf.h"
#include "model/tokenizer.h"
#include "train/bpe_train.h"

using namespace plume;

namespace {

// The reference: spell a pre-token in byte tokens, then apply each merge, in training order,
// to every occurrence from left to right (what training did to the words).
std::vector<int32_t> naive_encode(const Tokenizer& tok, std::string_view text) {
  std::vector<int32_t> out;
  std::map<std::string, int32_t> id_of;
  for (int32_t i = 0; i < tok.vocab_size(); ++i) id_of[tok.token_text(i)] = i;
  std::vector<std::pair<int32_t, int32_t>> merge_pairs;
  std::vector<int32_t> merge_result;
  for (const std::string& m : tok.merges()) {
    size_t space = m.find(' ');
    std::string a = m.substr(0, space), b = m.substr(space + 1);
    merge_pairs.emplace_back(id_of.at(a), id_of.at(b));
    merge_result.push_back(id_of.at(a + b));
  }
  int32_t byte_id[256];
  for (int32_t i = 0; i < tok.vocab_size(); ++i)
    if (tok.token_bytes(i).size() == 1 && i < 256) byte_id[static_cast<uint8_t>(tok.token_bytes(i)[0])] = i;
  for (std::string_view piece : pretokenize_gpt2(text)) {
    std::vector<int32_t> ids;
    for (unsigned char c : piece) ids.push_back(byte_id[c]);
    for (size_t k = 0; k < merge_pairs.size() && ids.size() > 1; ++k) {
      std::vector<int32_t> next;
      for (size_t i = 0; i < ids.size(); ++i) {
        if (i + 1 < ids.size() && ids[i] == merge_pairs[k].first && ids[i + 1] == merge_pairs[k].second) {
          next.push_back(merge_result[k]);
          ++i;
        } else {
          next.push_back(ids[i]);
        }
      }
      ids = std::move(next);
    }
    out.insert(out.end(), ids.begin(), ids.end());
  }
  return out;
}

std::string sample_corpus() {
  const char* en[] = {
      "Meet the Aurora Fit Band: heart rate monitoring, sleep tracking and a 7-day battery.",
      "Noise cancelling earbuds with 30 hours of playback and fast charging.",
      "Hi Ana, your new running shoes are waiting. Free shipping this weekend only!",
      "Q: Is the band waterproof? A: Yes, it is rated 5 ATM, so you can swim with it.",
  };
  const char* zh[] = {
      "这款智能手环支持心率监测、睡眠跟踪和运动记录，续航长达7天，支持快速充电。",
      "主动降噪无线耳机，续航30小时，通勤路上也能安静听歌。",
      "亲爱的小王，您关注的跑鞋今天降价啦，周末包邮，快来看看吧！",
      "问：手环可以戴着游泳吗？答：可以，5ATM防水，游泳洗澡都没问题。",
  };
  std::string corpus;
  for (int rep = 0; rep < 6; ++rep) {
    for (int i = 0; i < 4; ++i) {
      corpus += en[(i + rep) % 4];
      corpus += "<|endoftext|>";
      corpus += zh[(i + rep * 3) % 4];
      corpus += "<|endoftext|>";
    }
  }
  return corpus;
}

}  // namespace

TEST_CASE("BPE training follows the hand-computed merges", "[bpe]") {
  BpeTrainOptions o;
  o.vocab_size = 300;
  auto r = train_bpe("aaabdaaabac", o);
  REQUIRE(r.ok());
  // pairs: aa x4 -> merge; then (a,b) and (aa,a) both x2: (a,b) has the smaller ids; then (aa,ab) x2.
  CHECK(r->tokenizer.merges() == std::vector<std::string>{"a a", "a b", "aa ab"});
  CHECK(r->tokenizer.vocab_size() == 256 + 3 + 1);
  CHECK(r->tokenizer.token_text(r->tokenizer.eos_id()) == "<|endoftext|>");
  CHECK(r->tokenizer.token_types()[static_cast<size_t>(r->tokenizer.eos_id())] == 3);
  CHECK(r->tokenizer.token_text(0) == "!");  // GPT-2's byte order
  CHECK(r->tokenizer.token_text(188) == "\xC4\x80");  // byte 0 spelled U+0100
  CHECK(r->stats.merges == 3);
  CHECK(r->stats.last_merge_count == 2);
}

TEST_CASE("the trained tokenizer encodes exactly as training merged", "[bpe]") {
  std::string corpus = sample_corpus();
  BpeTrainOptions o;
  o.vocab_size = 700;
  auto r = train_bpe(corpus, o);
  REQUIRE(r.ok());
  const Tokenizer& tok = r->tokenizer;
  CHECK(r->stats.documents == 48);
  CHECK(tok.vocab_size() <= 700);
  CHECK(tok.vocab_size() > 400);
  size_t pos = 0;
  int docs = 0;
  while (pos < corpus.size()) {
    size_t end = corpus.find("<|endoftext|>", pos);
    std::string doc = corpus.substr(pos, end - pos);
    std::vector<int32_t> ids = tok.encode(doc);
    CHECK(ids == naive_encode(tok, doc));
    CHECK(tok.decode(ids) == doc);
    pos = end + 13;
    ++docs;
  }
  CHECK(docs == 48);
  // Text the tokenizer never saw, invalid UTF-8 included, still round-trips and agrees.
  std::mt19937 rng(3);
  for (int t = 0; t < 50; ++t) {
    std::string s;
    for (int k = 0; k < 40; ++k) s += static_cast<char>(rng() % 3 == 0 ? rng() % 256 : "abc 的手环\n"[rng() % 13]);
    CHECK(tok.decode(tok.encode(s)) == s);
    CHECK(tok.encode(s) == naive_encode(tok, s));
  }
  // Chinese runs become multi-character tokens: well under 3 bytes per token on the corpus.
  std::string zh = "这款智能手环支持心率监测、睡眠跟踪和运动记录，续航长达7天，支持快速充电。";
  CHECK(bytes_per_token(tok, zh) > 4.0);
}

TEST_CASE("BPE training is deterministic and stops when asked", "[bpe]") {
  std::string corpus = sample_corpus();
  BpeTrainOptions o;
  o.vocab_size = 500;
  auto a = train_bpe(corpus, o);
  auto b = train_bpe(corpus, o);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->tokenizer.merges() == b->tokenizer.merges());
  CHECK(a->tokenizer.tokens() == b->tokenizer.tokens());

  o.progress_every = 10;
  int calls = 0;
  o.on_progress = [&calls](int32_t done, int32_t wanted) { ++calls; return done < 50; };
  auto c = train_bpe(corpus, o);
  REQUIRE(c.ok());
  CHECK(c->stats.stopped_early);
  CHECK(c->stats.merges == 50);
  CHECK(calls == 5);
}

TEST_CASE("a trained tokenizer survives GGUF", "[bpe]") {
  BpeTrainOptions o;
  o.vocab_size = 400;
  auto r = train_bpe(sample_corpus(), o);
  REQUIRE(r.ok());
  auto bytes = tokenizer_to_gguf(r->tokenizer, "test-bpe");
  REQUIRE(bytes.ok());
  auto file = GgufFile::parse(blob_from_vector(std::move(*bytes)));
  REQUIRE(file.ok());
  auto back = Tokenizer::from_gguf(*file);
  REQUIRE(back.ok());
  CHECK(back->tokens() == r->tokenizer.tokens());
  CHECK(back->merges() == r->tokenizer.merges());
  CHECK(back->eos_id() == r->tokenizer.eos_id());
  std::string text = "Hi Ana, 这款智能手环支持心率监测。";
  CHECK(back->encode(text) == r->tokenizer.encode(text));
}

TEST_CASE("BPE training rejects bad input with a readable error", "[bpe]") {
  BpeTrainOptions o;
  o.vocab_size = 100;
  auto small = train_bpe("some text", o);
  REQUIRE_FALSE(small.ok());
  CHECK(small.error().message.find("vocabulary size 100") != std::string::npos);
  o.vocab_size = 1000;
  auto empty = train_bpe("<|endoftext|><|endoftext|>", o);
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().message.find("empty") != std::string::npos);
  // A corpus with no repeated pair has nothing to learn.
  auto nothing = train_bpe("abcdefg", o);
  REQUIRE_FALSE(nothing.ok());
  CHECK(nothing.error().message.find("no pair") != std::string::npos);
}
