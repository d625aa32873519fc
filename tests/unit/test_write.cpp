// Candidates -> filter -> rank on hand-made candidates (no model), the request parser, and the
// whole pipeline on a tiny random model (budgeting through the real tokenizer, same seed same
// ranking).
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include <nlohmann/json.hpp>

#include "ecosystem/write_model.h"
#include "model_fixture.h"
#include "prompt/template_library.h"
#include "prompt/write.h"
#include "prompt/write_request.h"
#include "template_fixture.h"

using namespace plume;
using namespace plume::prompt;
using nlohmann::json;

namespace {

std::vector<PromptTemplate> library() { return test::repo_template_library(); }

const PromptTemplate& get(const std::vector<PromptTemplate>& lib, const std::string& name) {
  auto t = find_template(lib, name, "");
  if (!t) FAIL(t.error().message);
  return **t;
}

RawCandidate cand(std::string text, double lp, std::string finish = "stop") {
  return RawCandidate{std::move(text), std::move(finish), lp, 10};
}

const RankedCandidate& by_index(const std::vector<RankedCandidate>& r, int index) {
  for (const RankedCandidate& c : r)
    if (c.index == index) return c;
  FAIL("no candidate " << index);
  return r.front();
}

bool failed(const RankedCandidate& c, const std::string& rule, const std::string& code) {
  for (const RuleOutcome& r : c.rules)
    if (r.rule == rule && !r.pass)
      for (const rules::Reason& why : r.reasons)
        if (why.code.find(code) != std::string::npos && !why.en.empty() && !why.zh.empty()) return true;
  return false;
}

}  // namespace

TEST_CASE("write: hand-made SMS candidates are filtered with reasons and ranked by the documented score", "[write]") {
  auto lib = library();
  const PromptTemplate& sms = get(lib, "sms.en");
  json input = {{"product", "Aurora Fit Band 7"}, {"features", {"sleep tracking", "7-day battery life"}}, {"customer", "Ana"}};
  const std::string good = "Aurora: Hi Ana, the Aurora Fit Band 7 is here with sleep tracking and 7-day battery life. "
                           "Details: aurora.com/new Reply STOP to opt out.";
  std::vector<RawCandidate> in = {
      cand("Aurora: Hi Ana, meet the Aurora Fit Band 7 with sleep tracking. See aurora.com Reply STOP to opt out.", -1.0),  // 0: misses a feature
      cand(good, -2.0),                                                                                                         // 1: best
      cand(good + " " + good, -0.5),                      // 2: too long for one SMS, and a repeated sentence
      cand("  " + good + "\n", -2.5),                     // 3: the same as 1 after cleaning: near-duplicate
      cand("Aurora: Ana, the Aurora Fit Band 7 has sleep tracking, 7-day battery life, all for $59. Reply STOP to opt out.", -0.1),  // 4: banned "$"
      cand("极光健身手环7来了：睡眠跟踪，续航长达7天。回T退订", -1.5),   // 5: the wrong language, not 160 septets but 70 UCS-2
      cand("", 0.0, "eos"),                               // 6: empty
      cand("Aurora Fit Band 7 sleep tracking, 7-day battery life for {customer}. Reply STOP", -1.2),  // 7: placeholder
  };
  auto ranked = rank_candidates(sms, input, in);
  REQUIRE(ranked.ok());
  const auto& r = *ranked;
  REQUIRE(r.size() == in.size());

  // The accepted ones come first, by score: 1 (all features) above 0 (one missing) and 5 (not English).
  CHECK(r[0].index == 1);
  CHECK(r[0].rank == 1);
  CHECK(r[0].accepted);
  CHECK(by_index(r, 0).accepted);
  CHECK(by_index(r, 0).rank > 1);
  CHECK(by_index(r, 0).missing_features == std::vector<std::string>{"7-day battery life"});
  CHECK(by_index(r, 5).score.language == 0.0);
  CHECK(by_index(r, 5).score.total < r[0].score.total);

  CHECK(failed(by_index(r, 2), "channel:sms", "sms."));
  CHECK(failed(by_index(r, 2), "repeated_sentences", "brand."));
  CHECK(failed(by_index(r, 3), "near_duplicate", "write.near_duplicate"));
  CHECK(by_index(r, 3).duplicate_of == 1);
  CHECK(by_index(r, 3).text == good);  // cleaned
  CHECK(failed(by_index(r, 4), "banned_words", "brand.banned"));
  CHECK(failed(by_index(r, 6), "not_empty", "write.empty"));
  CHECK(failed(by_index(r, 7), "placeholders", "brand."));
  for (int i : {2, 3, 4, 6, 7}) {
    CHECK_FALSE(by_index(r, i).accepted);
    CHECK(by_index(r, i).rank == 0);
  }
  // Ranks are 1..k over the accepted ones, in order.
  int expect = 1;
  for (const RankedCandidate& c : r)
    if (c.accepted) CHECK(c.rank == expect++);

  // The total is the documented weighted sum (recomputed here from the components).
  const WriteWeights w;
  for (const RankedCandidate& c : r) {
    const ScoreBreakdown& s = c.score;
    CHECK(s.total == Approx(w.model * s.model + w.coverage * s.coverage + w.language * s.language + w.format * s.format +
                            w.length * s.length - w.repetition * s.repetition_penalty));
  }
  const ScoreBreakdown& best = r[0].score;
  CHECK(best.model == Approx(std::exp(-2.0)).epsilon(1e-5));
  CHECK(best.coverage == 1.0);
  CHECK(best.language == 1.0);
  CHECK(best.format == 1.0);
  CHECK(best.length == 1.0);
  CHECK(best.repetition_penalty == 0.0);
  CHECK(by_index(r, 0).score.coverage == 0.5);  // one of the two features

  // A candidate cut at the token limit keeps half the format score; weights can change the order.
  auto cut = rank_candidates(sms, input, {cand(good, -2.0, "length")});
  REQUIRE(cut.ok());
  CHECK((*cut)[0].score.format == 0.5);
  WriteWeights model_only{1, 0, 0, 0, 0, 0};
  auto by_model = rank_candidates(sms, input, {in[0], in[1]}, {}, model_only);
  REQUIRE(by_model.ok());
  CHECK((*by_model)[0].index == 0);  // -1.0 beats -2.0 when only the model counts
}

TEST_CASE("write: parts are split and their channel rules applied (ad, email)", "[write]") {
  auto lib = library();
  json input = {{"product", "Aurora Fit Band 7"}, {"features", {"sleep tracking"}}};
  auto ranked = rank_candidates(get(lib, "ad.en"), input,
                                {cand("Headline: Meet the Aurora Fit Band 7\nDescription: Sleep tracking. Learn more.", -1),
                                 cand("Headline: A Headline Far Too Long For Google Ads Limits\nDescription: Sleep tracking.", -1),
                                 cand("Sleep tracking for everyone.", -1)});
  REQUIRE(ranked.ok());
  const auto& r = *ranked;
  CHECK(r[0].index == 0);
  CHECK(r[0].accepted);
  REQUIRE(r[0].parts.size() == 2);
  CHECK(r[0].parts[0] == std::make_pair(std::string("headline"), std::string("Meet the Aurora Fit Band 7")));
  CHECK(failed(by_index(r, 1), "channel:google-ads-headline(headline)", "length.over_limit"));
  CHECK(failed(by_index(r, 2), "channel:google-ads-headline(headline)", "write.part_missing"));
  CHECK(by_index(r, 2).score.format == 0.0);
  CHECK_FALSE(by_index(r, 2).format_reason.empty());

  auto mail = rank_candidates(get(lib, "email.zh"), json{{"product", "极光健身手环7"}, {"features", {"睡眠跟踪"}}, {"customer", "李女士"}},
                              {cand("主题：李女士，为您介绍极光健身手环7\n正文：\n李女士您好：\n\n极光健身手环7支持睡眠跟踪。\n\n祝好！", -1.5)});
  REQUIRE(mail.ok());
  CHECK((*mail)[0].accepted);
  CHECK((*mail)[0].score.coverage == 1.0);
  CHECK((*mail)[0].parts.at(0).first == "subject");
}

TEST_CASE("write: clean_candidate and the request parser", "[write]") {
  CHECK(clean_candidate("  hi \n") == "hi");
  CHECK(clean_candidate("ok\xE6\x89") == "ok");                 // an incomplete last character is dropped
  CHECK(clean_candidate("a\xFF" "b") == "a\xEF\xBF\xBD" "b");    // an invalid byte becomes U+FFFD
  CHECK(clean_candidate("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong

  auto lib = library();
  const PromptTemplate& t = get(lib, "sms.en");
  auto r = parse_write_request(json{{"input", {{"product", "P"}}}, {"n", 5}, {"seed", 7}, {"banned", {"cheap"}}}, t);
  REQUIRE(r.ok());
  CHECK(r->settings.n == 5);
  CHECK(r->settings.seed == 7u);
  CHECK(r->settings.max_new_tokens == t.generation.max_new_tokens);
  CHECK(r->rules.banned == std::vector<std::string>{"cheap"});
  json g = generation_options_json(r->settings);
  CHECK(g["numReturnSequences"] == 5);
  CHECK(g["stop"] == json::array({"\n###"}));
  // Phrase guidance towards what the text must mention, unless the request turns it off.
  CHECK_FALSE(g.contains("mention"));
  json guided = generation_options_json(r->settings, {"heart rate", std::string(300, 'x')});
  CHECK(guided["mention"] == json::array({"heart rate"}));  // longer than the engine allows: left to the ranking
  CHECK(guided["mentionBoost"] == Approx(kDefaultMentionBoost));
  auto off = parse_write_request(json{{"mentionBoost", 0}}, t);
  REQUIRE(off.ok());
  CHECK_FALSE(generation_options_json(off->settings, {"heart rate"}).contains("mention"));
  // (no structured bindings: clang 14 in the WASM build cannot use them inside Catch's macros)
  for (const auto& bad_message : std::vector<std::pair<json, std::string>>{
           {{{"n", 0}}, "n must be a whole number from 1 to 16"},
           {{{"topP", 1.5}}, "topP must be a number from 0 to 1"},
           {{{"mentionBoost", -1}}, "mentionBoost must be a number from 0 to 100"},
           {{{"colour", 1}}, "unknown key 'colour'"},
           {{{"weights", {{"style", 1}}}}, "unknown weight 'style'"},
           {{{"banned", "x"}}, "banned must be a list of texts"}}) {
    auto e = parse_write_request(bad_message.first, t);
    REQUIRE_FALSE(e.ok());
    CHECK_THAT(e.error().message, Catch::Contains(bad_message.second));
  }
  auto c = candidates_from_json(json::parse(R"([{"text": "a", "finishReason": "stop", "logprobs": [-1, -2, -3]},
                                                 {"text": "b", "meanLogprob": -0.25, "tokens": [1, 2]}])"));
  REQUIRE(c.ok());
  CHECK((*c)[0].mean_logprob == -2.0);
  CHECK((*c)[1].mean_logprob == -0.25);
  CHECK((*c)[1].tokens == 2);
  CHECK_FALSE(candidates_from_json(json::parse(R"([{"txt": "a"}])")).ok());
}

TEST_CASE("write: the whole pipeline on a tiny random model, within its context", "[write][model]") {
  auto lib = library();
  const PromptTemplate& t = get(lib, "sms.en");
  test::TinyModelSpec spec;
  spec.ctx = 640;  // one token per byte here: the full prompt does not fit, the input does
  auto model = test::tiny_model(spec);
  auto request = parse_write_request(json{{"input", {{"product", "Band"}, {"features", {"sleep"}}}},
                                          {"n", 3}, {"seed", 42}, {"maxNewTokens", 24}}, t);
  REQUIRE(request.ok());
  auto r = write_with_model(model, t, *request);
  REQUIRE(r.ok());
  CHECK(r->seed == 42u);
  CHECK(r->ranked.size() == 3);
  CHECK(r->budget.prompt_tokens + 24 <= 640);
  CHECK(static_cast<int>(model->tokenizer().encode(r->prompt).size()) == r->budget.prompt_tokens);
  CHECK_FALSE(r->budget.dropped.empty());  // the examples did not all fit
  CHECK(r->budget.dropped.front() == 0);
  CHECK(r->prompt.find("Product: Band\nFeatures:\n- sleep\n") != std::string::npos);
  for (const RankedCandidate& c : r->ranked) {
    CHECK(c.score.mean_logprob <= 0.0);
    CHECK(c.tokens <= 24);
  }
  // The same seed gives the same ranked list.
  auto again = write_with_model(model, t, *request);
  REQUIRE(again.ok());
  CHECK(write_result_to_json(t, *again) == write_result_to_json(t, *r));

  // A context too small even for the input alone is a clear error.
  spec.ctx = 200;
  auto small = write_with_model(test::tiny_model(spec), t, *request);
  REQUIRE_FALSE(small.ok());
  CHECK_THAT(small.error().message, Catch::Contains("does not fit the model's context even without few-shot examples"));
}
