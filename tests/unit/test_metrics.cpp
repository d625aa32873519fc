// BLEU (sacrebleu-compatible) and the diversity metrics. References: sacrebleu's own published
// scores in ../shared/conformance/metrics/sacrebleu_upstream.json (every case in the file is
// checked, and counted), and small Chinese cases worked out by hand below.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prompt/metrics.h"
#include "prompt/metrics_unicode.h"

#ifndef PLUME_SOURCE_DIR
#define PLUME_SOURCE_DIR "."
#endif

using namespace plume::metrics;

namespace {

const std::string kConformanceDir = std::string(PLUME_SOURCE_DIR) + "/../shared/conformance/metrics/";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The literal text of every number in a JSON document, in document order (strings skipped), so a
// published "10.10" is compared to 2 decimals rather than as the double 10.1.
std::vector<std::string> raw_numbers(const std::string& text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size(); i++) {
    const char c = text[i];
    if (c == '"') {
      for (i++; i < text.size() && text[i] != '"'; i++)
        if (text[i] == '\\') i++;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      size_t start = i;
      while (i < text.size() && std::string("+-.eE0123456789").find(text[i]) != std::string::npos) i++;
      out.push_back(text.substr(start, i - start));
      i--;
    }
  }
  return out;
}

// One unit in the last printed decimal place of a published value, and at least 1e-4: some
// values are printed rounded, others truncated (sacrebleu gives 14.88256 for "14.882").
double tolerance_of(const std::string& raw) {
  const size_t dot = raw.find('.');
  const int decimals = dot == std::string::npos ? 0 : static_cast<int>(raw.size() - dot - 1);
  return std::max(std::pow(10.0, -decimals), 1e-4);
}

using ordered_json = nlohmann::ordered_json;

// Pairs every number of the document with its literal text, walking in document order.
struct NumberText {
  std::vector<std::string> raw;
  size_t next = 0;
  std::map<const ordered_json*, std::string> text;
  void walk(const ordered_json& j) {
    if (j.is_number()) { text[&j] = next < raw.size() ? raw[next++] : "0"; return; }
    if (j.is_structured())
      for (const auto& item : j) walk(item);
  }
};

// "tokenize=char,lowercase" / "smooth=floor,value=0.5" / "smooth=exp (default)" -> options.
BleuOptions options_from_label(const std::string& label) {
  BleuOptions o;
  std::string spec = label.substr(0, label.find(' '));
  std::stringstream parts(spec);
  std::string part;
  while (std::getline(parts, part, ',')) {
    const size_t eq = part.find('=');
    const std::string key = part.substr(0, eq), value = eq == std::string::npos ? "" : part.substr(eq + 1);
    if (key == "tokenize") o.tokenizer = *parse_bleu_tokenizer(value);
    else if (key == "smooth") o.smoothing = *parse_bleu_smoothing(value);
    else if (key == "value") o.smooth_value = std::stod(value);
    else if (key == "lowercase") o.lowercase = true;
    else FAIL("unknown option in case label '" << label << "'");
  }
  return o;
}

}  // namespace

TEST_CASE("BLEU: every case of sacrebleu's published scores") {
  const std::string path = kConformanceDir + "sacrebleu_upstream.json";
  const std::string text = read_file(path);
  if (text.empty()) {
    WARN(path << " not found: sacrebleu conformance skipped");
    return;
  }
  const ordered_json doc = ordered_json::parse(text, nullptr, false);
  REQUIRE_FALSE(doc.is_discarded());
  NumberText numbers;
  numbers.raw = raw_numbers(text);
  numbers.walk(doc);
  REQUIRE(numbers.next == numbers.raw.size());

  size_t expected_cases = 0, checked = 0;
  auto check = [&](const std::string& what, double got, const ordered_json& expected) {
    const std::string& raw = numbers.text.at(&expected);
    INFO(what << ": Plume " << std::setprecision(10) << got << ", sacrebleu " << raw);
    CHECK(std::abs(got - expected.get<double>()) <= tolerance_of(raw));
    checked++;
  };

  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const std::string section = it.key();
    if (section == "source") continue;
    if (section != "corpus_bleu" && section != "compute_bleu" && section != "sentence_bleu")
      FAIL("unknown section '" << section << "' in " << path << ": teach this test to check it");
    for (const ordered_json& c : it.value()) {
      if (section == "compute_bleu") {
        expected_cases++;
        BleuStats stats;
        stats.correct = c.at("correct").get<std::vector<int64_t>>();
        stats.total = c.at("total").get<std::vector<int64_t>>();
        stats.sys_len = c.at("sys_len").get<int64_t>();
        stats.ref_len = c.at("ref_len").get<int64_t>();
        BleuOptions o;
        o.smoothing = BleuSmoothing::kNone;
        o.max_order = static_cast<int>(stats.correct.size());
        check("compute_bleu (fraction)", bleu_from_stats(stats, o, false).score / 100.0, c.at("score"));
        continue;
      }
      for (auto field = c.begin(); field != c.end(); ++field) {
        const std::string key = field.key();
        if (key == "hyps" || key == "refs" || key == "hyp" || key == "ref") continue;
        if (key != "scores" && key != "by_max_ngram_order_13a") FAIL("unknown field '" << key << "' in " << section);
        for (auto score = field.value().begin(); score != field.value().end(); ++score) {
          expected_cases++;
          const std::string label = score.key();
          BleuOptions o = key == "scores" ? options_from_label(label) : BleuOptions{};
          if (key == "by_max_ngram_order_13a") o.max_order = std::stoi(label);
          if (section == "corpus_bleu") {
            auto r = corpus_bleu(c.at("hyps").get<std::vector<std::string>>(),
                                 c.at("refs").get<std::vector<std::vector<std::string>>>(), o);
            REQUIRE(r.ok());
            check("corpus " + key + " " + label, r->score, score.value());
          } else {
            auto r = sentence_bleu(c.at("hyp").get<std::string>(), {c.at("ref").get<std::string>()}, o);
            REQUIRE(r.ok());
            check("sentence " + label, r->score, score.value());
          }
        }
      }
    }
  }
  CHECK(expected_cases == 18);  // 2 corpus + 6 max-order + 1 compute_bleu + 9 sentence, as published
  CHECK(checked == expected_cases);
}

TEST_CASE("BLEU: Chinese cases worked out by hand") {
  SECTION("zh tokenizer, sentence BLEU with exp smoothing") {
    // hyp 我爱北京 vs ref 我爱上海, one character per token.
    // 1-grams 2/4 (我, 爱), 2-grams 1/3 (我爱), 3-grams 0/2, 4-grams 0/1; lengths 4 and 4, BP = 1.
    // exp smoothing: the first zero order gets 100/(2*2) = 25, the second 100/(4*1) = 25.
    // BLEU = (50 * 100/3 * 25 * 25)^(1/4) = (3125000/3)^(1/4) = 31.947...
    BleuOptions o;
    o.tokenizer = BleuTokenizer::kZh;
    auto r = sentence_bleu("我爱北京", {"我爱上海"}, o);
    REQUIRE(r.ok());
    CHECK(r->counts == std::vector<int64_t>{2, 1, 0, 0});
    CHECK(r->totals == std::vector<int64_t>{4, 3, 2, 1});
    CHECK(r->score == Approx(std::pow(3125000.0 / 3.0, 0.25)).epsilon(1e-12));
  }
  SECTION("zh tokenizer splits full-width punctuation; 13a keeps the run whole") {
    // hyp 智能手环，续航7天。 -> 智 能 手 环 ， 续 航 7 天 。 (10 tokens; ， and 。 are in zh's ranges)
    // ref 智能手环续航7天     -> 智 能 手 环 续 航 7 天 (8 tokens)
    // 1-grams 8/10; 2-grams 6/9 (智能 能手 手环 续航 航7 7天); 3-grams 4/8 (智能手 能手环 续航7 航7天);
    // 4-grams 2/7 (智能手环 续航7天); BP = 1 (10 >= 8).
    // BLEU = 100 * (8*6*4*2 / (10*9*8*7))^(1/4) = 100 * (384/5040)^(1/4) = 52.539...
    BleuOptions o;
    o.tokenizer = BleuTokenizer::kZh;
    o.smoothing = BleuSmoothing::kNone;
    auto r = corpus_bleu({"智能手环，续航7天。"}, {{"智能手环续航7天"}}, o);
    REQUIRE(r.ok());
    CHECK(r->counts == std::vector<int64_t>{8, 6, 4, 2});
    CHECK(r->totals == std::vector<int64_t>{10, 9, 8, 7});
    CHECK(r->sys_len == 10);
    CHECK(r->ref_len == 8);
    CHECK(r->score == Approx(100.0 * std::pow(384.0 / 5040.0, 0.25)).epsilon(1e-12));
    // 13a sees one token on each side, and they differ.
    o.tokenizer = BleuTokenizer::k13a;
    auto whole = corpus_bleu({"智能手环，续航7天。"}, {{"智能手环续航7天"}}, o);
    REQUIRE(whole.ok());
    CHECK(whole->sys_len == 1);
    CHECK(whole->score == 0.0);
  }
  SECTION("char tokenizer, effective order and the brevity penalty") {
    // hyp 手环 (2 chars) vs ref 智能手环 (4): 1-grams 2/2, 2-grams 1/1, no 3-grams -> effective
    // order 2; BP = exp(1 - 4/2) = 1/e. BLEU = 100 * exp(-1) = 36.787...
    BleuOptions o;
    o.tokenizer = BleuTokenizer::kChar;
    auto r = sentence_bleu("手环", {"智能手环"}, o);
    REQUIRE(r.ok());
    CHECK(r->bp == Approx(std::exp(-1.0)).epsilon(1e-12));
    CHECK(r->score == Approx(100.0 * std::exp(-1.0)).epsilon(1e-12));
  }
}

TEST_CASE("BLEU tokenizers follow sacrebleu's rules") {
  auto joined = [](const char* text, BleuTokenizer t, bool lower = false) {
    std::u32string s = *decode_utf8(text, "test");
    std::string out;
    for (const auto& tok : bleu_tokens(s, t, lower)) out += (out.empty() ? "" : " ") + tok;
    return out;
  };
  // 13a: entities, punctuation, '.' and ',' kept inside numbers, '-' split after a digit.
  CHECK(joined("It wasn't 3,000.5 &quot;big&quot;-ish, 5-6.", BleuTokenizer::k13a) ==
        "It wasn't 3,000.5 \" big \" -ish , 5 - 6 .");
  // zh: no padding, so a leading ".5" stays one token (13a splits it).
  CHECK(joined(".5", BleuTokenizer::kZh) == ".5");
  CHECK(joined(".5", BleuTokenizer::k13a) == ". 5");
  // zh's effective ranges include U+2001..U+2A6D (e.g. curly quotes) but not astral ideographs.
  CHECK(joined("“好”𠀀x", BleuTokenizer::kZh) == "“ 好 ” 𠀀x");
  CHECK(joined("ÀB İ", BleuTokenizer::kNone, true) == "àb i\xcc\x87");
}

TEST_CASE("BLEU: bad input gives errors that name the problem") {
  BleuOptions o;
  auto mismatch = corpus_bleu({"a", "b"}, {{"a"}}, o);
  REQUIRE_FALSE(mismatch.ok());
  CHECK(mismatch.error().message.find("reference 1 has 1 lines but the hypothesis has 2") != std::string::npos);
  CHECK_FALSE(corpus_bleu({}, {{}}, o).ok());
  auto empty_ref = corpus_bleu({"a"}, {{""}}, o);
  REQUIRE_FALSE(empty_ref.ok());
  CHECK(empty_ref.error().message.find("sentence 1") != std::string::npos);
  auto bad_utf8 = sentence_bleu("ok \xff", {"ok"}, o);
  REQUIRE_FALSE(bad_utf8.ok());
  CHECK(bad_utf8.error().message.find("hypothesis is not valid UTF-8") != std::string::npos);
  CHECK_FALSE(parse_bleu_tokenizer("intl").ok());
  CHECK_FALSE(parse_bleu_smoothing("laplace").ok());
  o.max_order = 0;
  CHECK_FALSE(sentence_bleu("a", {"a"}, o).ok());
  // An empty reference next to a real one is skipped (a variable number of references).
  BleuOptions ok_options;
  auto variable = corpus_bleu({"the cat sat down"}, {{"the cat sat down"}, {""}}, ok_options);
  REQUIRE(variable.ok());
  CHECK(variable->score == Approx(100.0));
}

TEST_CASE("distinct-n and self-BLEU") {
  // Tokens (zh): [a b c] [a b d] -> bigrams ab bc ab bd: 3 distinct of 4.
  auto d = distinct_n({"a b c", "a b d"}, 2);
  REQUIRE(d.ok());
  CHECK(d->unique == 3);
  CHECK(d->total == 4);
  CHECK(d->ratio == 0.75);
  // Chinese: 手环 手环 -> characters 手 环 手 环: unigrams 2 distinct of 4.
  CHECK(distinct_n({"手环", "手环"}, 1)->ratio == 0.5);
  CHECK_FALSE(distinct_n({}, 2).ok());
  CHECK_FALSE(distinct_n({"a"}, 0).ok());

  // Identical texts: every sentence BLEU is 100.
  auto same = self_bleu({"智能手环续航七天", "智能手环续航七天", "智能手环续航七天"}, self_bleu_default_options());
  REQUIRE(same.ok());
  CHECK(*same == Approx(100.0));
  // Self-BLEU is the mean of the sentence BLEUs against the others.
  const std::vector<std::string> texts = {"the band tracks sleep", "the band tracks steps", "a watch for runners"};
  double sum = 0;
  for (size_t i = 0; i < texts.size(); i++) {
    std::vector<std::string> others;
    for (size_t j = 0; j < texts.size(); j++)
      if (j != i) others.push_back(texts[j]);
    sum += sentence_bleu(texts[i], others, self_bleu_default_options())->score;
  }
  CHECK(*self_bleu(texts, self_bleu_default_options()) == Approx(sum / 3));
  CHECK_FALSE(self_bleu({"only one"}, self_bleu_default_options()).ok());
}
