// The evaluation's plumbing (src/prompt/model_eval.h) on a tiny random model, the aggregation
// against hand-computed values, and the quality checks on the whole hand-written gold set.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "model/generate.h"
#include "model_fixture.h"
#include "prompt/model_eval.h"
#include "prompt/quality.h"
#include "prompt/text_diversity.h"

using namespace plume;
using namespace plume::prompt;

namespace {

EvalExample example(std::string id, std::string lang, std::string type, std::string prompt, std::string reference,
                    std::vector<std::string> features) {
  EvalExample e;
  e.id = std::move(id);
  e.language = std::move(lang);
  e.content_type = std::move(type);
  e.channel = "website";
  e.prompt = std::move(prompt);
  e.reference = std::move(reference);
  e.features = std::move(features);
  return e;
}

EvalOutput output(const EvalExample& e, const std::string& text) {
  EvalOutput o;
  o.text = text;
  o.finish = "stop";
  o.tokens = 5;
  o.feature_share = feature_coverage(text, e.features, e.language).share();
  o.language_ok = language_check(text, e.language).ok;
  o.format_ok = parse_output(text, e.content_type, e.language).ok;
  o.loop = repetition_check(text, e.language).loop;
  return o;
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("parse_eval_examples: records and errors", "[eval]") {
  auto ok = parse_eval_examples(
      "{\"id\":\"en-1\",\"language\":\"en\",\"content_type\":\"sms\",\"channel\":\"sms\",\"prompt\":\"P\\n\","
      "\"reference\":\"R\",\"features\":[\"GPS\"]}\n\n",
      "gold.en.prompts.jsonl");
  REQUIRE(ok);
  REQUIRE(ok->size() == 1);
  CHECK((*ok)[0].features == std::vector<std::string>{"GPS"});
  CHECK((*ok)[0].prompt == "P\n");
  auto not_json = parse_eval_examples("{\"id\": 1}\nnope", "f.jsonl");
  REQUIRE_FALSE(not_json);
  CHECK(not_json.error().message == "f.jsonl line 1: \"id\" is missing or not a string");
  CHECK(parse_eval_examples("nope", "f.jsonl").error().message == "f.jsonl line 1 is not a JSON object");
  CHECK(parse_eval_examples("", "f.jsonl").error().message == "f.jsonl holds no examples");
  auto lang = parse_eval_examples(
      "{\"id\":\"a\",\"language\":\"fr\",\"content_type\":\"sms\",\"channel\":\"\",\"prompt\":\"P\",\"reference\":\"R\"}",
      "f");
  CHECK(lang.error().message == "f line 1: language 'fr' is not en or zh");
}

TEST_CASE("aggregate_eval: hand-computed values", "[eval]") {
  EvalExampleResult a, b, c;
  a.example = example("en-1", "en", "sms", "p", "Kumo: built-in GPS for every trail.", {"built-in GPS", "solar"});
  a.reference_logprob = -10.0;
  a.reference_tokens = 5;
  a.outputs = {output(a.example, "Kumo: built-in GPS for every trail."), output(a.example, "Buy\nnow")};
  a.distinct2 = 0.5;
  b.example = example("en-2", "en", "sms", "p", "Reply STOP to opt out.", {});
  b.reference_logprob = -2.0;
  b.reference_tokens = 3;
  b.outputs = {output(b.example, "Reply STOP to opt out."), output(b.example, "这是中文。")};
  b.distinct2 = 1.0;
  c.example = example("zh-1", "zh", "faq", "p", "续航长达7天。", {"续航长达7天"});
  c.error = "the prompt does not fit";  // no outputs, no score
  auto groups = aggregate_eval({a, b, c});
  REQUIRE(groups);
  REQUIRE(groups->size() == 5);  // en/sms, en/all, zh/faq, zh/all, all/all
  const EvalGroup& g = (*groups)[0];
  CHECK(g.language == "en");
  CHECK(g.content_type == "sms");
  CHECK(g.examples == 2);
  CHECK(g.outputs == 4);
  CHECK(*g.perplexity == Approx(std::exp(12.0 / 8.0)));
  // Coverage only over the outputs of requests that asked for features: 1/2 and 0/2.
  CHECK(*g.feature_coverage == Approx(0.25));
  CHECK(g.language_fidelity == Approx(0.75));
  CHECK(g.format_adherence == Approx(0.75));  // "Buy\nnow" is two lines: not one SMS
  CHECK(g.distinct2 == Approx(0.75));
  CHECK(g.loop_share == 0);
  // BLEU: two outputs equal their references, two share nothing; sacrebleu's corpus statistics.
  REQUIRE(g.bleu);
  CHECK(*g.bleu > 40);
  CHECK(*g.bleu < 100);
  const EvalGroup& zh = (*groups)[2];
  CHECK(zh.examples == 1);
  CHECK(zh.outputs == 0);
  CHECK_FALSE(zh.perplexity);
  CHECK_FALSE(zh.feature_coverage);
  const EvalGroup& all = groups->back();
  CHECK(all.language == "all");
  CHECK_FALSE(all.bleu);  // no BLEU across two tokenizers
  CHECK(all.examples == 3);

  // Outputs identical to the references: BLEU 100, ROUGE-L 1.
  EvalExampleResult d = a;
  d.outputs = {output(a.example, a.example.reference)};
  auto perfect = aggregate_eval({d});
  REQUIRE(perfect);
  CHECK(*(*perfect)[0].bleu == Approx(100.0));
  CHECK((*perfect)[0].rouge_l == Approx(1.0));
}

TEST_CASE("evaluate_model on a tiny model", "[eval]") {
  test::TinyModelSpec spec;
  spec.ctx = 128;
  auto model = test::tiny_model(spec);
  std::vector<EvalExample> examples = {
      example("en-1", "en", "product_description", "### Output\n", "the band has GPS.", {"GPS"}),
      example("en-2", "en", "email", "### Output\n", "Subject: hi\nBody:\nthe end", {}),
      example("zh-1", "zh", "sms", "### 输出\n", "续航长达7天。", {"续航长达7天"}),
      example("en-3", "en", "ad", std::string(200, 'x'), "Headline: a\nDescription: b", {}),  // too long
  };
  EvalOptions o;
  o.num_sequences = 2;
  o.max_new_tokens = 6;
  int calls = 0;
  auto r = evaluate_model(model, examples, o, [&](int done, int total) { calls++; CHECK(total == 4); });
  REQUIRE(r);
  CHECK(calls == 4);
  REQUIRE(r->examples.size() == 4);
  for (size_t i = 0; i < 3; i++) {
    const EvalExampleResult& e = r->examples[i];
    CHECK(e.error.empty());
    REQUIRE(e.outputs.size() == 2);
    // The reference's log-likelihood is score()'s.
    auto s = score(*model, examples[i].prompt, examples[i].reference);
    REQUIRE(s);
    CHECK(*e.reference_logprob == s->total_logprob);
    CHECK(e.reference_tokens == static_cast<int32_t>(s->tokens.size()));
    std::vector<std::string> texts;
    for (const EvalOutput& out : e.outputs) {
      texts.push_back(out.text);
      CHECK(out.tokens <= 6);
      CHECK(out.language_ok == language_check(out.text, examples[i].language).ok);
      CHECK(out.format_ok == parse_output(out.text, examples[i].content_type, examples[i].language).ok);
    }
    CHECK(e.distinct2 == metrics::distinct_n(texts, 2, metrics::BleuTokenizer::kZh)->ratio);
  }
  // The prompt longer than the context is recorded, not fatal.
  CHECK(r->examples[3].outputs.empty());
  CHECK(r->examples[3].error.find("context") != std::string::npos);
  CHECK_FALSE(r->examples[3].reference_logprob);

  // The same seed gives the same outputs; --limit takes the first K of each language.
  o.limit = 1;
  auto again = evaluate_model(model, examples, o);
  REQUIRE(again);
  REQUIRE(again->examples.size() == 2);
  CHECK(again->examples[0].outputs[1].text == r->examples[0].outputs[1].text);
  CHECK(again->examples[1].example.id == "zh-1");
  CHECK(again->examples[1].outputs[0].text == r->examples[2].outputs[0].text);

  auto j = nlohmann::json::parse(eval_json(*r, "tiny.gguf"), nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  CHECK(j["model"] == "tiny.gguf");
  CHECK(j["examples"].size() == 4);
  CHECK(j["targets"]["format_adherence"]["threshold"] == 0.95);
  CHECK(j["groups"].back()["language"] == "all");
  const std::string table = eval_table(*r);
  CHECK(table.find("targets (all outputs)") != std::string::npos);
  CHECK(table.find("1 example(s) could not be generated") != std::string::npos);

  o.num_sequences = 0;
  CHECK(evaluate_model(model, examples, o).error().message.find("--n must be between 1 and") == 0);
  o.num_sequences = 1;
  o.sampling.top_p = 2;
  CHECK_FALSE(evaluate_model(model, examples, o));
}

TEST_CASE("the hand-written gold set passes every quality check", "[eval][quality]") {
  int checked = 0;
  for (std::string lang : {"en", "zh"}) {
    std::istringstream in(read(std::string(PLUME_SOURCE_DIR) + "/data/gold/gold." + lang + ".jsonl"));
    std::string line;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      REQUIRE(j.is_object());
      const std::string out = j["output"].get<std::string>(), type = j["content_type"].get<std::string>();
      std::vector<std::string> features;
      if (j["input"].contains("features")) features = j["input"]["features"].get<std::vector<std::string>>();
      INFO(j["id"].get<std::string>());
      CHECK(feature_coverage(out, features, lang).missing.empty());
      CHECK(language_check(out, lang).reason == "");
      CHECK(parse_output(out, type, lang).reason == "");
      CHECK(repetition_check(out, lang).repeated == "");
      checked++;
    }
  }
  CHECK(checked >= 300);
}
