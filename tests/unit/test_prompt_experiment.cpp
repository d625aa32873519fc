// Prompt experiments: the paired statistics against hand-computed values (exact Wilcoxon
// distributions counted by hand, Holm by hand, bootstrap on cases whose distribution is known),
// the report on hand-made candidates (a winner only with evidence), and the whole pipeline on
// the tiny random model and on the default model (native only).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include <nlohmann/json.hpp>

#include "ecosystem/prompt_experiment_run.h"
#include "ecosystem/write_model.h"
#include "model_fixture.h"
#include "prompt/prompt_build.h"
#include "prompt/prompt_experiment.h"
#include "prompt/prompt_experiment_stats.h"
#include "prompt/template_library.h"
#include "prompt/write_request.h"
#include "template_fixture.h"

using namespace plume;
using namespace plume::prompt;
using nlohmann::json;

namespace {

std::vector<PromptTemplate> library() { return test::repo_template_library(); }

// One hand-made ranked candidate: accepted or failing one rule, with a total score.
RankedCandidate cand(const std::string& text, bool pass, double total, double coverage = 1, double logprob = -1) {
  RankedCandidate c;
  c.text = text;
  c.accepted = pass;
  c.rank = pass ? 1 : 0;
  c.rules = {RuleOutcome{"not_empty", true, {}}, RuleOutcome{"channel:sms", pass, {}}};
  c.score.total = total;
  c.score.coverage = coverage;
  c.score.mean_logprob = logprob;
  return c;
}

}  // namespace

TEST_CASE("prompt experiment: exact Wilcoxon signed-rank p-values", "[prompt-experiment]") {
  // All 5 positive: W+ = 15, only 1 of the 32 sign patterns is as extreme on each side.
  SignedRank a = wilcoxon_signed_rank({1, 2, 3, 4, 5});
  CHECK(a.n == 5);
  CHECK(a.w_plus == 15);
  CHECK(a.p_value == Approx(2.0 / 32));
  CHECK(a.min_p_value == Approx(2.0 / 32));
  // {1,-2,3,4,5,6}: W- = 2; subsets of {1..6} summing to <= 2: {}, {1}, {2} -> 3/64 each side.
  SignedRank b = wilcoxon_signed_rank({1, -2, 3, 4, 5, 6});
  CHECK(b.w_plus == 19);
  CHECK(b.w_minus == 2);
  CHECK(b.p_value == Approx(6.0 / 64));
  // Ties: |d| = 1,1,1,2 -> ranks 2,2,2,4. W- = 2 (the one -1). Sign patterns with W- <= 2:
  // none negative, or exactly one of the three rank-2 ones: 4 of 16 -> p = 2 * 4/16.
  SignedRank c = wilcoxon_signed_rank({1, 1, -1, 2});
  CHECK(c.w_plus == 8);
  CHECK(c.w_minus == 2);
  CHECK(c.p_value == Approx(0.5));
  // Zeros are dropped; nothing left gives p = 1.
  SignedRank z = wilcoxon_signed_rank({0, 0, 0});
  CHECK(z.n == 0);
  CHECK(z.p_value == 1);
  CHECK(wilcoxon_signed_rank({0, 3, -3}).p_value == Approx(1.0));
  // 10 positive of 10: p = 2/1024.
  CHECK(wilcoxon_signed_rank({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}).p_value == Approx(2.0 / 1024));
}

TEST_CASE("prompt experiment: Holm adjustment and bootstrap interval", "[prompt-experiment]") {
  // Sorted 0.01, 0.03, 0.04 -> 3*0.01 = 0.03, 2*0.03 = 0.06, max(0.06, 1*0.04) = 0.06.
  std::vector<double> h = holm_adjust({0.01, 0.04, 0.03});
  CHECK(h[0] == Approx(0.03));
  CHECK(h[1] == Approx(0.06));
  CHECK(h[2] == Approx(0.06));
  CHECK(holm_adjust({0.6, 0.7})[0] == Approx(1.0));  // capped at 1
  // Constant differences: every resample has the same mean.
  Interval c = bootstrap_mean_interval({0.5, 0.5, 0.5}, 500, 1);
  CHECK(c.low == 0.5);
  CHECK(c.high == 0.5);
  // Two values {0, 1}: resample means are 0 (p 1/4), 0.5 (1/2), 1 (1/4): the 2.5% and 97.5%
  // points are 0 and 1.
  Interval two = bootstrap_mean_interval({0, 1}, 4000, 9);
  CHECK(two.low == 0);
  CHECK(two.high == 1);
  // Seeded: the same seed, the same interval.
  std::vector<double> v = {0.1, -0.2, 0.4, 0.3, 0.0, 0.25};
  Interval x = bootstrap_mean_interval(v, 1000, 5), y = bootstrap_mean_interval(v, 1000, 5);
  CHECK(x.low == y.low);
  CHECK(x.high == y.high);
  CHECK(x.low < 0.125);
  CHECK(x.high > 0.125);  // the sample mean is inside
}

TEST_CASE("prompt experiment: files are parsed with located errors", "[prompt-experiment]") {
  auto v = parse_experiment_variants(json{{"variants", {{{"name", "A"}, {"template", "sms.zh"}},
                                                        {{"name", "B"}, {"template", "sms.zh"}, {"task", "写一条短信。"}}}}},
                                     "v.json");
  REQUIRE(v);
  CHECK((*v)[1].task == std::optional<std::string>("写一条短信。"));
  auto one = parse_experiment_variants(json::array({{{"name", "A"}, {"template", "sms.zh"}}}), "v.json");
  REQUIRE_FALSE(one);
  CHECK(one.error().message == "v.json: an experiment needs at least two variants, got 1");
  auto dup = parse_experiment_variants(json::array({{{"name", "A"}, {"template", "x"}}, {{"name", "A"}, {"template", "y"}}}), "v.json");
  REQUIRE_FALSE(dup);
  CHECK(dup.error().message == "v.json: variants[1]: the name 'A' is used twice");
  auto typo = parse_experiment_variants(json::array({{{"name", "A"}, {"templat", "x"}}, {{"name", "B"}, {"template", "y"}}}), "v.json");
  REQUIRE_FALSE(typo);
  CHECK_THAT(typo.error().message, Catch::StartsWith("v.json: variants[0]: unknown key 'templat'"));

  auto p = parse_experiment_products(json::array({{{"product", "手环"}},
                                                   {{"id", "band"}, {"input", {{"product", "手环"}}}, {"references", {"好"}}}}),
                                     "p.json");
  REQUIRE(p);
  CHECK((*p)[0].id == "1");
  CHECK((*p)[0].input == json{{"product", "手环"}});
  CHECK((*p)[1].id == "band");
  CHECK((*p)[1].references == std::vector<std::string>{"好"});
  auto bad = parse_experiment_products(json::array({{{"input", "手环"}}}), "p.json");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message == "p.json: products[0].input: expected an object of fields");
  CHECK_FALSE(parse_experiment_metric("accuracy"));
  CHECK(*parse_experiment_metric("rougeL") == ExperimentMetric::kRougeL);
}

TEST_CASE("prompt experiment: a variant changes the prompt, not the input", "[prompt-experiment]") {
  auto lib = library();
  const PromptTemplate& base = **find_template(lib, "sms.en", "");
  ExperimentVariant v;
  v.name = "short";
  v.template_name = "sms.en";
  v.task = "Write one short, friendly SMS.";
  v.constraints = std::vector<std::string>{"At most 100 characters."};
  v.examples = json::array();
  auto t = apply_variant(base, v);
  REQUIRE(t);
  auto data = prompt_data(*t, json{{"product", "Band"}});
  REQUIRE(data);
  auto prompt = render_prompt(*t, *data);
  REQUIRE(prompt);
  CHECK(prompt->rfind("### Task\nWrite one short, friendly SMS.\n\n### Constraints\n- At most 100 characters.\n\n### Input\n", 0) == 0);
  CHECK(base.examples.size() > 0);  // the base template is untouched
}

TEST_CASE("prompt experiment: cell metrics and the verdict on hand-made candidates", "[prompt-experiment]") {
  std::vector<ExperimentVariant> variants(2);
  variants[0].name = "A";
  variants[0].template_name = "sms.en";
  variants[1].name = "B";
  variants[1].template_name = "sms.en";
  auto products_of = [](int n) {
    std::vector<ExperimentProduct> p(static_cast<size_t>(n));
    for (int i = 0; i < n; i++) p[static_cast<size_t>(i)].id = std::to_string(i + 1);
    return p;
  };
  // A: top score 1.0, both candidates pass. B: top 0.5, one of two fails its channel rule.
  auto grid = [](int n) {
    std::vector<std::vector<std::vector<RankedCandidate>>> g(2);
    for (int i = 0; i < n; i++) {
      g[0].push_back({cand("Sleep well with Band.", true, 1.0, 1.0, -1.0), cand("Band tracks sleep.", true, 0.8, 0.5, -2.0)});
      g[1].push_back({cand("Band.", true, 0.5, 0.0, -3.0), cand("Band band band band.", false, 0.2, 0.0, -3.0)});
    }
    return g;
  };
  const std::vector<std::string> langs = {"en", "en"};
  ExperimentOptions o;
  auto six = prompt_experiment_report(variants, langs, products_of(6), grid(6), {}, o);
  REQUIRE(six);
  const json& r = *six;
  CHECK(r["variants"][0]["score"] == Approx(1.0));
  CHECK(r["variants"][0]["passRate"] == Approx(1.0));
  CHECK(r["variants"][0]["coverage"] == Approx(0.75));
  CHECK(r["variants"][0]["meanLogprob"] == Approx(-1.5));
  CHECK(r["variants"][1]["score"] == Approx(0.5));
  CHECK(r["variants"][1]["passRate"] == Approx(0.5));
  CHECK(r["variants"][0]["bleu"].is_null());  // no references
  // Six products all favouring A by 0.5: p = 2/64, interval [0.5, 0.5].
  REQUIRE(r["comparisons"].size() == 1);
  CHECK(r["comparisons"][0]["wilcoxon"]["p"] == Approx(2.0 / 64));
  CHECK(r["comparisons"][0]["interval"]["low"] == Approx(0.5));
  CHECK(r["winner"] == "A");
  CHECK_THAT(r["verdict"]["zh"].get<std::string>(), Catch::StartsWith("胜出：A"));

  // Five products: the same picture, but 5 pairs cannot reach p < 0.05.
  auto five = prompt_experiment_report(variants, langs, products_of(5), grid(5), {}, o);
  REQUIRE(five);
  CHECK((*five)["winner"].is_null());
  CHECK_THAT((*five)["verdict"]["en"].get<std::string>(), Catch::Contains("smallest possible p-value is 0.0625"));

  // References: the top candidate equal to its reference scores BLEU 100 and ROUGE-L 1.
  auto refs = products_of(6);
  for (auto& p : refs) p.references = {"Sleep well with Band."};
  o.metric = ExperimentMetric::kBleu;
  auto bleu = prompt_experiment_report(variants, langs, refs, grid(6), {}, o);
  REQUIRE(bleu);
  CHECK((*bleu)["variants"][0]["bleu"] == Approx(100.0));
  CHECK((*bleu)["variants"][0]["rougeL"] == Approx(1.0));
  CHECK((*bleu)["variants"][1]["bleu"].get<double>() < 50);

  // Reviewer approvals are counted per variant.
  std::vector<ReviewDecision> reviews(3);
  reviews[0].variant = "A";
  reviews[1].variant = "A";
  reviews[1].action = ReviewAction::kReject;
  reviews[2].variant = "B";
  reviews[2].action = ReviewAction::kEdit;
  o.metric = ExperimentMetric::kScore;
  auto rev = prompt_experiment_report(variants, langs, products_of(6), grid(6), reviews, o);
  REQUIRE(rev);
  CHECK((*rev)["variants"][0]["reviews"]["approvalRate"] == Approx(0.5));
  CHECK((*rev)["variants"][1]["reviews"]["usableRate"] == Approx(1.0));
  CHECK((*rev)["variants"][1]["reviews"]["approved"] == 0);
}

TEST_CASE("prompt experiment: the pipeline on a tiny model uses the same seeds for every variant", "[prompt-experiment][model]") {
  auto lib = library();
  test::TinyModelSpec spec;
  spec.ctx = 640;
  auto model = test::tiny_model(spec);
  auto variants = parse_experiment_variants(json::array({{{"name", "A"}, {"template", "sms.en"}},
                                                         {{"name", "A-again"}, {"template", "sms.en"}}}), "v");
  REQUIRE(variants);
  auto products = parse_experiment_products(json::array({{{"product", "Band"}, {"features", {"sleep"}}},
                                                         {{"product", "Lamp"}, {"features", {"warm light"}}}}), "p");
  REQUIRE(products);
  auto find = [&](const std::string& name) -> Result<PromptTemplate> {
    auto t = find_template(lib, name, "en");
    if (!t) return t.error();
    return **t;
  };
  ExperimentOptions o;
  o.n = 2;
  o.seed = 11;
  int calls = 0;
  auto r = run_prompt_experiment(model, *variants, *products, find, {}, o, [&](int, int) { calls++; });
  REQUIRE(r);
  CHECK(calls == 4);
  // Identical variants with identical seeds write identical candidates: no winner, p = 1.
  CHECK((*r)["variants"][0]["perProduct"] == (*r)["variants"][1]["perProduct"]);
  CHECK((*r)["winner"].is_null());
  CHECK((*r)["comparisons"][0]["wilcoxon"]["n"] == 0);
  // The second product's candidates are exactly what `write` gives with seed 11 + 1.
  const PromptTemplate& t = **find_template(lib, "sms.en", "");
  auto req = parse_write_request(json{{"input", (*products)[1].input}, {"n", 2}, {"seed", 12}}, t);
  REQUIRE(req);
  auto direct = write_with_model(model, t, *req);
  REQUIRE(direct);
  CHECK((*r)["variants"][0]["perProduct"][1]["top"] == direct->ranked.front().text);

  auto unknown = parse_experiment_variants(json::array({{{"name", "A"}, {"template", "sms.en"}}, {{"name", "B"}, {"template", "haiku.en"}}}), "v");
  REQUIRE(unknown);
  auto missing = run_prompt_experiment(model, *unknown, *products, find, {}, o);
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.error().message, Catch::StartsWith("variant B: "));
}

#ifndef __EMSCRIPTEN__
TEST_CASE("prompt experiment: two wordings on the default model", "[prompt-experiment][default-model]") {
  const std::string path = PLUME_SOURCE_DIR "/models/plume-default.gguf";
  if (!std::filesystem::exists(path)) {
    WARN("models/plume-default.gguf is not built: skipped");
    return;
  }
  auto model = load_model_path(path);
  REQUIRE(model);
  auto lib = library();
  auto find = [&](const std::string& name) -> Result<PromptTemplate> {
    auto t = find_template(lib, name, "zh");
    if (!t) return t.error();
    return **t;
  };
  auto variants = parse_experiment_variants(
      json::array({{{"name", "library"}, {"template", "sms.zh"}},
                   {{"name", "no-examples"}, {"template", "sms.zh"}, {"examples", json::array()}}}), "v");
  REQUIRE(variants);
  auto products = parse_experiment_products(
      json::array({{{"input", {{"product", "智能健身手环"}, {"features", {"心率监测", "7天续航"}}}},
                    {"references", {"【手环】心率监测、7天续航，运动更安心。拒收请回复R"}}},
                   {{"input", {{"product", "九朵云电饭煲 Mini"}, {"features", {"小巧不占台面"}}}}}}), "p");
  REQUIRE(products);
  ExperimentOptions o;
  o.n = 2;
  auto r = run_prompt_experiment(*model, *variants, *products, find, {}, o);
  REQUIRE(r);
  for (const json& v : (*r)["variants"]) {
    CHECK(v["passRate"].get<double>() >= 0);
    CHECK(v["passRate"].get<double>() <= 1);
    CHECK(v["meanLogprob"].get<double>() < 0);
    CHECK(v["distinct2"].get<double>() > 0);
    CHECK(v["perProduct"][0].contains("bleu"));       // the first product has a reference
    CHECK_FALSE(v["perProduct"][1].contains("bleu"));  // the second has none
  }
  CHECK((*r)["winner"].is_null());  // two products can never give evidence (min p = 0.5)
}
#endif
