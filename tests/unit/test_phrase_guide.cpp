// Phrase guidance (model/phrase_guide.h) and the sampler's logit bias: hand-computed sampler
// choices and log-probabilities, the guide's bias at word boundaries, mention detection, and
// its effect on whole generations with the tiny random model.
#include <algorithm>
#include <cmath>

#include <catch2/catch.hpp>

#include "model/generate.h"
#include "model/phrase_guide.h"
#include "model_fixture.h"

using namespace plume;

namespace {

float log_sum_exp(const std::vector<float>& v) {
  double m = *std::max_element(v.begin(), v.end()), s = 0;
  for (float x : v) s += std::exp(x - m);
  return static_cast<float>(m + std::log(s));
}

float bias_of(const LogitBias& b, int32_t token) {
  for (auto [t, d] : b.add)
    if (t == token) return d;
  return 0.0f;
}

std::vector<std::string> generate_texts(std::shared_ptr<Gpt2Model> model, const GenerateOptions& base, int seeds) {
  std::vector<std::string> out;
  for (int seed = 1; seed <= seeds; seed++) {
    GenerateOptions o = base;
    o.seed = static_cast<uint64_t>(seed);
    Generator g(model);
    Status s = g.start("the", o);
    if (!s) FAIL(s.error().message);
    while (!g.done()) g.step();
    out.push_back(g.sequences()[0].text);
  }
  return out;
}

}  // namespace

TEST_CASE("sampler bias: 'only' restricts the choice, 'add' shifts it, log-probabilities stay the model's", "[guide]") {
  const std::vector<float> raw = {0.0f, 1.0f, 2.0f, 3.0f};
  const float lse = log_sum_exp(raw);
  SamplingOptions greedy;
  greedy.temperature = 0.0f;
  Sampler sampler;
  Rng rng(1, 0);
  auto pick = [&](const LogitBias& bias, const std::vector<int32_t>& history, const SamplingOptions& o) {
    std::vector<float> logits = raw;
    return sampler.sample(logits.data(), 4, history, o, rng, &bias);
  };
  LogitBias only;
  only.only = {0, 1};
  SampledToken t = pick(only, {}, greedy);
  CHECK(t.token == 1);
  CHECK(t.logprob == Approx(1.0f - lse));
  LogitBias add;
  add.add = {{0, 10.0f}};
  t = pick(add, {}, greedy);
  CHECK(t.token == 0);
  CHECK(t.logprob == Approx(0.0f - lse));  // the model's own, not the boosted distribution's
  // A penalty that bans every allowed token is overruled: the begun phrase is finished.
  SamplingOptions ban = greedy;
  ban.no_repeat_ngram_size = 1;
  t = pick(only, {0, 1}, ban);
  CHECK(t.token == 1);
  // Sampling (not greedy) never leaves the allowed set.
  SamplingOptions hot;
  hot.temperature = 5.0f;
  hot.top_k = 0;
  for (int i = 0; i < 50; i++) {
    std::vector<float> logits = raw;
    const int32_t tok = sampler.sample(logits.data(), 4, {}, hot, rng, &only).token;
    CHECK((tok == 0 || tok == 1));
  }
  // An empty bias is no bias: the same draw as without one.
  Rng a(9, 0), b(9, 0);
  std::vector<float> l1 = raw, l2 = raw;
  LogitBias none;
  CHECK(sampler.sample(l1.data(), 4, {}, hot, a, &none).token == sampler.sample(l2.data(), 4, {}, hot, b).token);
}

TEST_CASE("phrase guide: boosts a phrase's first token where a word may start, then completes it", "[guide]") {
  const Tokenizer tok = test::tiny_tokenizer();
  const PhraseGuide guide(tok, {"the cat"}, 5.0f);
  REQUIRE(guide.enabled());
  const int32_t t_no_space = tok.encode("the cat")[0];   // "t"
  const int32_t t_space = tok.encode(" the cat")[0];     // "Ġthe" (a merge of the tiny vocabulary)
  const int32_t t_upper = tok.encode("The cat")[0];      // "T"
  REQUIRE(t_no_space != t_space);
  PhraseGuide::State st = guide.start();
  LogitBias b;
  guide.bias(st, "", &b);
  CHECK(b.empty());  // the output's first token is the model's alone
  guide.bias(st, "Wow. ", &b);  // after a space: the spellings without one
  CHECK(bias_of(b, t_no_space) == 5.0f);
  CHECK(bias_of(b, t_upper) == 5.0f);
  CHECK(bias_of(b, t_space) == 0.0f);
  guide.bias(st, "Wow.", &b);   // after a letter or full stop: the spelling with a space
  CHECK(bias_of(b, t_space) == 5.0f);
  CHECK(bias_of(b, t_no_space) == 0.0f);

  // Writing " the" begins the spelling " the cat": from then on only its tokens are allowed.
  const std::vector<int32_t> spelled = tok.encode(" the cat");
  std::string text = "Wow.";
  for (size_t i = 0; i < spelled.size(); i++) {
    if (i > 0) {
      guide.bias(st, text, &b);
      CHECK(b.only == std::vector<int32_t>{spelled[i]});
    }
    const size_t before = text.size();
    text += tok.token_bytes(spelled[i]);
    guide.observe(st, spelled[i], text, before);
  }
  CHECK(st.mentioned[0] == 1);
  CHECK(st.begun.empty());
  // "cat" ends in a letter: the next token may not start with one ("cat" + "s" would be "cats").
  guide.bias(st, text, &b);
  CHECK(bias_of(b, tok.encode("s")[0]) == -INFINITY);
  CHECK(bias_of(b, tok.encode(".")[0]) == 0.0f);
  // Once mentioned, beginning the phrase again is discouraged.
  guide.observe(st, tok.encode(".")[0], text + ".", text.size());
  guide.bias(st, text + ". ", &b);
  CHECK(bias_of(b, t_no_space) == -5.0f);
}

TEST_CASE("phrase guide: a token holding the whole phrase counts as its start; repeats are discouraged more each time", "[guide]") {
  const Tokenizer tok = test::tiny_tokenizer();
  const PhraseGuide guide(tok, {"the"}, 4.0f);
  const int32_t the_space = tok.encode(" the")[0];  // "Ġthe": one token holding the phrase
  const int32_t t = tok.encode("t")[0];
  PhraseGuide::State st = guide.start();
  LogitBias b;
  guide.bias(st, "Wow.", &b);
  CHECK(bias_of(b, the_space) == 4.0f);
  guide.bias(st, "Wow. ", &b);  // a space already: not another one
  CHECK(bias_of(b, the_space) == 0.0f);
  CHECK(bias_of(b, t) == 4.0f);
  std::string text = "Wow. the";
  guide.observe(st, tok.encode("he")[0], text, text.size() - 2);
  CHECK(st.mentioned[0] == 1);
  text += ". The";
  guide.observe(st, tok.encode("he")[0], text, text.size() - 2);
  CHECK(st.mentioned[0] == 2);
  guide.bias(st, text + ". ", &b);
  CHECK(bias_of(b, t) == -8.0f);
  guide.bias(st, text + ".", &b);
  CHECK(bias_of(b, the_space) == -INFINITY);  // it writes the whole phrase: not a third time
}

TEST_CASE("phrase guide: a mention counts however it is cased or hyphenated; 'the' inside a word begins nothing", "[guide]") {
  const Tokenizer tok = test::tiny_tokenizer();
  const PhraseGuide guide(tok, {"Heart-rate monitor", "the cat"}, 3.0f);
  PhraseGuide::State st = guide.start();
  const std::string text = "a heart  RATE monitor";
  guide.observe(st, tok.encode("r")[0], text, text.size() - 1);
  CHECK(st.mentioned == std::vector<char>{1, 0});
  // "t" right after a letter ("bat" + "t...") does not begin "the cat" (no space before it).
  const std::string glued = "bat";
  guide.observe(st, tok.encode("t")[0], glued + "t", glued.size());
  CHECK(st.begun.empty());
  // ... nor after a space in mid-clause (guidance begins phrases at clause starts only) ...
  guide.observe(st, tok.encode("t")[0], "a t", 2);
  CHECK(st.begun.empty());
  // ... but after a full stop and a space it does.
  guide.observe(st, tok.encode("t")[0], "a. t", 3);
  CHECK_FALSE(st.begun.empty());
}

TEST_CASE("guided generation mentions the phrase; boost 0 or no phrases changes nothing", "[guide]") {
  auto model = test::tiny_model();
  GenerateOptions o;
  o.max_new_tokens = 30;
  o.sampling.temperature = 0.9f;
  o.sampling.top_k = 0;
  const auto plain = generate_texts(model, o, 20);
  GenerateOptions off = o;
  off.mention = {"zebra"};
  off.mention_boost = 0.0f;
  CHECK(generate_texts(model, off, 20) == plain);  // bit for bit
  GenerateOptions no_phrases = o;
  no_phrases.mention_boost = 6.0f;
  CHECK(generate_texts(model, no_phrases, 20) == plain);

  // Guidance begins a phrase at a clause start only; the random model writes punctuation now and
  // then ("the zebra" rather than "zebra": the tiny vocabulary has a " the" token, so the phrase
  // can begin after "." as well as after ". ").
  GenerateOptions guided = o;
  guided.max_new_tokens = 60;
  guided.mention = {"the zebra"};
  guided.mention_boost = 8.0f;
  const auto texts = generate_texts(model, guided, 40);
  auto has_zebra = [](const std::string& s) { return s.find("the zebra") != std::string::npos; };
  CHECK(std::none_of(plain.begin(), plain.end(), has_zebra));  // not written by chance
  int with_boundary = 0, mentioned = 0;
  for (const std::string& s : texts) {
    const size_t at = s.find_first_of(".,;:!?(-#\n");
    if (at == std::string::npos || at + 12 > s.size()) continue;  // no clause start with room after it
    with_boundary++;
    mentioned += has_zebra(s);
  }
  INFO(with_boundary << " texts with a clause start, " << mentioned << " of them name the phrase");
  CHECK(with_boundary >= 10);
  // One chance per clause start (the next token), against a random model's spread of logits.
  CHECK(mentioned * 2 >= with_boundary);
}

TEST_CASE("bad phrase-guidance options are refused with a message naming them", "[guide]") {
  auto model = test::tiny_model();
  auto error_of = [&](GenerateOptions o) {
    Generator g(model);
    Status s = g.start("the", o);
    return s ? std::string() : s.error().message;
  };
  GenerateOptions o;
  o.mention = {"zebra"};
  o.mention_boost = -1.0f;
  CHECK_THAT(error_of(o), Catch::Contains("mentionBoost"));
  o.mention_boost = NAN;
  CHECK_THAT(error_of(o), Catch::Contains("mentionBoost"));
  o.mention_boost = 6.0f;
  o.mention.assign(kMaxGuidePhrases + 1, "x");
  CHECK_THAT(error_of(o), Catch::Contains("at most 32"));
  o.mention = {std::string(kMaxGuidePhraseBytes + 1, 'x')};
  CHECK_THAT(error_of(o), Catch::Contains("at most 200"));
  o.mention = {"", "   "};  // empty phrases ask for nothing
  CHECK(error_of(o).empty());
}
