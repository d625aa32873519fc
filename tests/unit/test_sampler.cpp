// The sampler against the definitions of each filter, on hand-made logits.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>

#include "core/math.h"
#include "model/sampler.h"

using namespace plume;

namespace {

std::map<int32_t, int> histogram(const std::vector<float>& logits, const SamplingOptions& o, int draws,
                                 const std::vector<int32_t>& history = {}) {
  Sampler sampler;
  Rng rng(1234);
  std::map<int32_t, int> counts;
  for (int i = 0; i < draws; i++) {
    std::vector<float> l = logits;
    counts[sampler.sample(l.data(), static_cast<int32_t>(l.size()), history, o, rng).token]++;
  }
  return counts;
}

const std::vector<float> kLogits = {1.0f, 3.0f, 2.0f, 0.5f, 3.0f, -1.0f};  // ids 1 and 4 tie

}  // namespace

TEST_CASE("greedy takes the highest logit, the lower id on ties", "[sampler]") {
  SamplingOptions o;
  o.temperature = 0;
  auto h = histogram(kLogits, o, 10);
  CHECK(h.size() == 1);
  CHECK(h[1] == 10);
  o.temperature = 1;
  o.top_k = 1;
  CHECK(histogram(kLogits, o, 10)[1] == 10);
}

TEST_CASE("sampling frequencies follow softmax(logits / T)", "[sampler]") {
  for (float t : {1.0f, 0.5f}) {
    SamplingOptions o;
    o.temperature = t;
    o.top_k = 0;
    const int draws = 60000;
    auto h = histogram(kLogits, o, draws);
    double z = 0;
    for (float l : kLogits) z += std::exp(l / t);
    for (size_t i = 0; i < kLogits.size(); i++) {
      double p = std::exp(kLogits[i] / t) / z;
      double sd = std::sqrt(p * (1 - p) / draws);
      INFO("T " << t << " token " << i << " p " << p);
      CHECK(std::abs(h[static_cast<int32_t>(i)] / double(draws) - p) < 5 * sd + 1e-4);
    }
  }
}

TEST_CASE("top-k, top-p and min-p keep exactly the tokens their definitions keep", "[sampler]") {
  SamplingOptions o;
  o.top_k = 3;  // ids 1, 4, 2
  auto h = histogram(kLogits, o, 3000);
  CHECK(h.size() == 3);
  CHECK(h.count(1));
  CHECK(h.count(4));
  CHECK(h.count(2));

  // top-p 0.8: p = [.06 .37 .14 .04 .37 .01]: 1 and 4 hold 0.74 < 0.8, so 2 is kept too.
  o = {};
  o.top_k = 0;
  o.top_p = 0.8f;
  h = histogram(kLogits, o, 3000);
  CHECK(h.size() == 3);
  CHECK(h.count(2));
  o.top_p = 0.5f;  // 1 and 4
  CHECK(histogram(kLogits, o, 3000).size() == 2);

  // min-p 0.3: keep p >= 0.3 * p_max, i.e. logit >= 3 + ln 0.3 = 1.80: ids 1, 4, 2.
  o = {};
  o.top_k = 0;
  o.min_p = 0.3f;
  h = histogram(kLogits, o, 3000);
  CHECK(h.size() == 3);
  CHECK_FALSE(h.count(0));
}

TEST_CASE("repetition penalty divides positive and multiplies negative logits of seen tokens", "[sampler]") {
  SamplingOptions o;
  o.temperature = 0;
  o.repetition_penalty = 2.0f;
  // id 1 (3.0 -> 1.5) and id 4 (3.0 -> 1.5) seen: id 2 (2.0) wins.
  CHECK(histogram(kLogits, o, 1, {1, 4, 1})[2] == 1);
  o.repetition_penalty = 1.2f;  // 3/1.2 = 2.5 > 2: id 1 still wins when only 4 is penalised
  CHECK(histogram(kLogits, o, 1, {4})[1] == 1);
}

TEST_CASE("no-repeat-ngram bans the token that would repeat an n-gram", "[sampler]") {
  SamplingOptions o;
  o.temperature = 0;
  o.no_repeat_ngram_size = 2;
  // History "... 7 1 ... 7": the bigram (7, 1) exists, so 1 is banned after 7 -> 4 wins.
  CHECK(histogram(kLogits, o, 1, {7, 1, 3, 7})[4] == 1);
  o.no_repeat_ngram_size = 3;  // trigram (3, 7, x) never seen: no ban
  CHECK(histogram(kLogits, o, 1, {7, 1, 3, 7})[1] == 1);
}

TEST_CASE("reported log-probabilities are the model's, before any filter", "[sampler]") {
  SamplingOptions o;
  o.temperature = 0.3f;
  o.top_k = 2;
  o.repetition_penalty = 1.5f;
  Sampler sampler;
  Rng rng(9);
  std::vector<float> l = kLogits;
  std::vector<int32_t> history = {2};
  SampledToken t = sampler.sample(l.data(), 6, history, o, rng);
  double z = 0;
  for (float x : kLogits) z += std::exp(x);
  CHECK(t.logprob == Approx(kLogits[static_cast<size_t>(t.token)] - std::log(z)).margin(1e-5));
  CHECK(log_softmax_at(kLogits.data(), 6, 1) == Approx(3.0 - std::log(z)).margin(1e-5));
}

TEST_CASE("option validation names the option", "[sampler]") {
  SamplingOptions o;
  CHECK(validate(o).ok());
  o.temperature = -1;
  CHECK_THAT(validate(o).error().message, Catch::Contains("temperature"));
  o = {};
  o.top_p = 1.5f;
  CHECK_THAT(validate(o).error().message, Catch::Contains("topP"));
  o = {};
  o.min_p = std::nanf("");
  CHECK_THAT(validate(o).error().message, Catch::Contains("minP"));
  o = {};
  o.repetition_penalty = 0;
  CHECK_THAT(validate(o).error().message, Catch::Contains("repetitionPenalty"));
  o = {};
  o.no_repeat_ngram_size = -1;
  CHECK_THAT(validate(o).error().message, Catch::Contains("noRepeatNgramSize"));
}

TEST_CASE("deterministic math functions agree with libm to a few ulps", "[math]") {
  auto ulps = [](float a, float b) {
    if (a == b) return 0.0;
    return std::abs(static_cast<double>(a) - b) / std::abs(std::nextafter(b, INFINITY) - b);
  };
  double worst_exp = 0, worst_log = 0, worst_tanh = 0;
  for (float x = -87.0f; x < 88.0f; x += 0.0137f) worst_exp = std::max(worst_exp, ulps(exp_f32(x), std::exp(x)));
  for (float x = 1e-30f; x < 1e30f; x *= 1.37f) worst_log = std::max(worst_log, ulps(log_f32(x), std::log(x)));
  for (float x = -10.0f; x < 10.0f; x += 0.00731f) worst_tanh = std::max(worst_tanh, static_cast<double>(std::abs(tanh_f32(x) - std::tanh(x))));
  INFO("exp " << worst_exp << " ulp, log " << worst_log << " ulp, tanh abs " << worst_tanh);
  CHECK(worst_exp <= 2);
  CHECK(worst_log <= 2);
  CHECK(worst_tanh < 3e-7);
  CHECK(exp_f32(0) == 1.0f);
  CHECK(exp_f32(-100) == 0.0f);
  CHECK(std::isinf(exp_f32(100)));
  CHECK(log_f32(1) == 0.0f);
  CHECK(std::isinf(log_f32(0)));
  CHECK(std::isnan(log_f32(-1)));
}

TEST_CASE("no_repeat_blocks bans only the token completing a third back-to-back copy of a wordy block", "[sampler]") {
  // Tokens: 0 "a", 1 "b", 2 "!", 3 "的", 4 "x". Greedy prefers token 1, then 0, then 2.
  const std::vector<std::string> bytes = {"a", "b", "!", "\xE7\x9A\x84", "x"};
  const std::vector<float> raw = {2.0f, 3.0f, 1.0f, 0.5f, 0.0f};
  SamplingOptions o;
  o.temperature = 0.0f;
  o.no_repeat_blocks = true;
  Sampler sampler;
  Rng rng(1, 0);
  auto pick = [&](const std::vector<int32_t>& history, std::vector<float> logits) {
    return sampler.sample(logits.data(), 5, history, o, rng, nullptr, &bytes).token;
  };
  CHECK(pick({4, 0, 1, 0, 1, 0}, raw) == 0);  // "ab ab a" + "b" would be the third "ab": next best
  CHECK(pick({4, 1, 0, 1, 0}, raw) == 1);     // only two copies so far: allowed
  CHECK(pick({1, 1}, raw) == 0);              // "b b" + "b": a block of one token, banned too
  std::vector<float> bang = {0.0f, 0.0f, 3.0f, 0.0f, 0.0f};
  CHECK(pick({2, 2}, bang) == 2);             // "!!!" holds no word: allowed
  CHECK(pick({3, 2, 3, 2, 3}, bang) != 2);    // "的!的!的" + "!": Chinese counts as a word
  o.no_repeat_blocks = false;
  CHECK(pick({4, 0, 1, 0, 1, 0}, raw) == 1);  // off: nothing banned
  SampledToken t;
  o.no_repeat_blocks = true;
  std::vector<float> l = raw;
  t = sampler.sample(l.data(), 5, {4, 0, 1, 0, 1, 0}, o, rng, nullptr, &bytes);
  float m = 3.0f, z = 0;
  for (float x : raw) z += std::exp(x - m);
  CHECK(t.logprob == Approx(raw[0] - m - std::log(z)));  // the model's own log-probability
}
