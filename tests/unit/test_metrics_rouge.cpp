// ROUGE (rouge-score-compatible) and the Porter stemmer. References: the ROUGE-1.5.5 values that
// rouge-score's own tests use (../shared/conformance/metrics/rouge_155_ground_truth.md with its
// two input files; every line case in it is parsed and counted), rouge-score's unit cases, stems
// of the Porter paper's example words as NLTK 3.8 gives them, and Chinese cases worked by hand.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "prompt/metrics.h"

#ifndef PLUME_SOURCE_DIR
#define PLUME_SOURCE_DIR "."
#endif

using namespace plume::metrics;

namespace {

const std::string kConformanceDir = std::string(PLUME_SOURCE_DIR) + "/../shared/conformance/metrics/";

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

struct Expected {
  int line;
  std::string type;  // rouge1, rouge2, rougeL
  bool stemmer;
  double p, r, f;
};

// Reads "P=0.68750 R=0.40741 F=0.51163" starting at `pos`.
bool read_prf(const std::string& s, size_t pos, double* p, double* r, double* f) {
  const size_t ip = s.find("P=", pos), ir = s.find("R=", pos), jf = s.find("F=", pos);
  if (ip == std::string::npos || ir == std::string::npos || jf == std::string::npos) return false;
  *p = std::stod(s.substr(ip + 2));
  *r = std::stod(s.substr(ir + 2));
  *f = std::stod(s.substr(jf + 2));
  return true;
}

// The "lineK rougeX P= R= F= [(same with stemmer) | ; with use_stemmer=True: P= R= F=]" clauses,
// several per markdown line separated by ';'.
std::vector<Expected> parse_ground_truth(const std::string& path) {
  std::vector<Expected> cases;
  for (const std::string& text : read_lines(path)) {
    if (text.rfind("line", 0) != 0) continue;
    std::stringstream clauses(text);
    std::string clause;
    Expected* last = nullptr;
    while (std::getline(clauses, clause, ';')) {
      const size_t at = clause.find("line");
      if (at != std::string::npos && clause.find(" rouge", at) != std::string::npos) {
        std::stringstream words(clause.substr(at));
        std::string line_word, type;
        words >> line_word >> type;
        Expected e{std::stoi(line_word.substr(4)), type, false, 0, 0, 0};
        if (!read_prf(clause, at, &e.p, &e.r, &e.f)) continue;
        cases.push_back(e);
        last = &cases.back();
        if (clause.find("(same with stemmer)") != std::string::npos) {
          Expected stemmed = e;
          stemmed.stemmer = true;
          cases.push_back(stemmed);
          last = nullptr;
        }
      } else if (last && clause.find("use_stemmer=True") != std::string::npos) {
        Expected stemmed = *last;
        stemmed.stemmer = true;
        if (read_prf(clause, 0, &stemmed.p, &stemmed.r, &stemmed.f)) cases.push_back(stemmed);
        last = nullptr;
      }
    }
  }
  return cases;
}

const RougeValue& pick(const RougeScores& s, const std::string& type) {
  if (type == "rouge1") return s.rouge1;
  if (type == "rouge2") return s.rouge2;
  return s.rougeL;
}

void check_value(const RougeValue& v, double p, double r, double f, double tolerance) {
  CHECK(v.precision == Approx(p).margin(tolerance));
  CHECK(v.recall == Approx(r).margin(tolerance));
  CHECK(v.fmeasure == Approx(f).margin(tolerance));
}

}  // namespace

TEST_CASE("ROUGE: ROUGE-1.5.5 values from rouge-score's tests") {
  const std::string truth = kConformanceDir + "rouge_155_ground_truth.md";
  const auto targets = read_lines(kConformanceDir + "rouge_testdata_target.txt");
  const auto predictions = read_lines(kConformanceDir + "rouge_testdata_prediction.txt");
  if (targets.empty() || predictions.empty()) {
    WARN(kConformanceDir << " not found: ROUGE conformance skipped");
    return;
  }
  const std::vector<Expected> cases = parse_ground_truth(truth);
  // line0/line1 x rouge1/rouge2 with and without the stemmer (8), rougeL for both lines (2).
  REQUIRE(cases.size() == 10);
  for (const Expected& e : cases) {
    INFO("line " << e.line << " " << e.type << (e.stemmer ? " with stemmer" : ""));
    REQUIRE(static_cast<size_t>(e.line) < targets.size());
    RougeOptions o;
    o.stemmer = e.stemmer;
    auto s = rouge_score(targets[e.line], predictions[e.line], o);
    REQUIRE(s.ok());
    check_value(pick(*s, e.type), e.p, e.r, e.f, 5e-6);  // published to 5 decimals
  }
}

TEST_CASE("ROUGE: rouge-score's unit cases") {
  // (also listed in rouge_155_ground_truth.md)
  check_value(rouge_score("testing one two", "testing", {})->rouge1, 1, 1.0 / 3, 0.5, 1e-12);
  check_value(rouge_score("testing one two", "testing one", {})->rouge2, 1, 0.5, 2.0 / 3, 1e-12);
  check_value(rouge_score("testing one two", "testing two", {})->rougeL, 1, 2.0 / 3, 0.8, 1e-12);
  check_value(rouge_score("w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5", {})->rougeLsum, 0.4, 0.8, 0.8 / 1.5,
              1e-12);
  // Empty sides score 0, as in rouge-score.
  check_value(rouge_score("", "something", {})->rougeL, 0, 0, 0, 0);
}

TEST_CASE("ROUGE: Chinese scores 0 with the default tokenizer and is counted by character with cjk") {
  // target 智能手环续航7天, prediction 智能手环，续航十天
  // default: only "7" is a token on the target side, none on the prediction side -> all 0.
  RougeOptions defaults;
  auto d = rouge_score("智能手环续航7天", "智能手环，续航十天", defaults);
  REQUIRE(d.ok());
  check_value(d->rouge1, 0, 0, 0, 0);
  check_value(d->rougeL, 0, 0, 0, 0);
  // cjk: target 智 能 手 环 续 航 7 天 (8), prediction 智 能 手 环 续 航 十 天 (8; "，" separates).
  // ROUGE-1: 7 shared (all but 7/十) -> P = R = F = 7/8.
  // ROUGE-2: target bigrams 智能 能手 手环 环续 续航 航7 7天, prediction ... 续航 航十 十天: 5 shared -> 5/7.
  // ROUGE-L: LCS 智能手环续航天 = 7 -> 7/8.
  RougeOptions cjk;
  cjk.tokenizer = RougeTokenizer::kCjk;
  auto c = rouge_score("智能手环续航7天", "智能手环，续航十天", cjk);
  REQUIRE(c.ok());
  check_value(c->rouge1, 7.0 / 8, 7.0 / 8, 7.0 / 8, 1e-12);
  check_value(c->rouge2, 5.0 / 7, 5.0 / 7, 5.0 / 7, 1e-12);
  check_value(c->rougeL, 7.0 / 8, 7.0 / 8, 7.0 / 8, 1e-12);

  // Mixed, with the stemmer: target Running shoes 跑鞋 -> run shoe 跑 鞋;
  // prediction run shoe 跑步鞋 -> run shoe 跑 步 鞋 ("run" has 3 letters and is not stemmed).
  // ROUGE-1: 4 shared -> P 4/5, R 4/4, F 8/9. ROUGE-2: run-shoe, shoe-跑 shared -> P 2/4, R 2/3, F 4/7.
  cjk.stemmer = true;
  auto m = rouge_score("Running shoes 跑鞋", "run shoe 跑步鞋", cjk);
  REQUIRE(m.ok());
  check_value(m->rouge1, 0.8, 1.0, 8.0 / 9, 1e-12);
  check_value(m->rouge2, 0.5, 2.0 / 3, 4.0 / 7, 1e-12);
  // Full-width letters and digits count as ASCII in cjk mode.
  CHECK(*rouge_tokenize("ＧＰＳ定位", cjk) == Tokens{"gps", "定", "位"});
}

TEST_CASE("ROUGE tokenizer follows rouge-score") {
  // Python's lower() maps the Kelvin sign to k and İ to i + U+0307, so they join or end words.
  CHECK(*rouge_tokenize("Don't STOP-me 2day! \xe2\x84\xaa" "elvin", {}) == Tokens{"don", "t", "stop", "me", "2day", "kelvin"});
  CHECK_FALSE(rouge_tokenize("bad \xc3", {}).ok());
  CHECK_FALSE(parse_rouge_tokenizer("jieba").ok());
}

TEST_CASE("Porter stemmer: the paper's examples, as NLTK's default mode stems them") {
  // Words from Porter (1980)'s rule examples plus NLTK's irregular forms; expected stems are
  // NLTK 3.8's PorterStemmer().stem (e.g. NLTK keeps "ties" -> "tie" where the paper has "ti").
  const std::vector<std::pair<const char*, const char*>> stems = {
      {"caresses", "caress"}, {"ponies", "poni"}, {"ties", "tie"}, {"caress", "caress"}, {"cats", "cat"},
      {"feed", "feed"}, {"agreed", "agre"}, {"plastered", "plaster"}, {"bled", "bled"}, {"motoring", "motor"},
      {"sing", "sing"}, {"conflated", "conflat"}, {"troubled", "troubl"}, {"sized", "size"}, {"hopping", "hop"},
      {"tanned", "tan"}, {"falling", "fall"}, {"hissing", "hiss"}, {"fizzed", "fizz"}, {"failing", "fail"},
      {"filing", "file"}, {"happy", "happi"}, {"sky", "sky"}, {"relational", "relat"}, {"conditional", "condit"},
      {"rational", "ration"}, {"valenci", "valenc"}, {"hesitanci", "hesit"}, {"digitizer", "digit"},
      {"conformabli", "conform"}, {"radicalli", "radic"}, {"differentli", "differ"}, {"vileli", "vile"},
      {"analogousli", "analog"}, {"vietnamization", "vietnam"}, {"predication", "predic"}, {"operator", "oper"},
      {"feudalism", "feudal"}, {"decisiveness", "decis"}, {"hopefulness", "hope"}, {"callousness", "callous"},
      {"formaliti", "formal"}, {"sensitiviti", "sensit"}, {"sensibiliti", "sensibl"}, {"triplicate", "triplic"},
      {"formative", "form"}, {"formalize", "formal"}, {"electriciti", "electr"}, {"electrical", "electr"},
      {"hopeful", "hope"}, {"goodness", "good"}, {"revival", "reviv"}, {"allowance", "allow"},
      {"inference", "infer"}, {"airliner", "airlin"}, {"gyroscopic", "gyroscop"}, {"adjustable", "adjust"},
      {"defensible", "defens"}, {"irritant", "irrit"}, {"replacement", "replac"}, {"adjustment", "adjust"},
      {"dependent", "depend"}, {"adoption", "adopt"}, {"homologou", "homolog"}, {"communism", "commun"},
      {"activate", "activ"}, {"angulariti", "angular"}, {"homologous", "homolog"}, {"effective", "effect"},
      {"bowdlerize", "bowdler"}, {"probate", "probat"}, {"rate", "rate"}, {"cease", "ceas"},
      {"controll", "control"}, {"roll", "roll"}, {"generously", "gener"}, {"dying", "die"}, {"lying", "lie"},
      {"skies", "sky"}, {"news", "news"}, {"innings", "inning"}, {"proceeding", "proceed"},
      {"succeed", "succeed"}, {"generalizations", "gener"}, {"oscillators", "oscil"}, {"a", "a"}, {"is", "is"}};
  for (const auto& [word, stem] : stems) {
    INFO(word);
    CHECK(porter_stem(word) == stem);
  }
}
