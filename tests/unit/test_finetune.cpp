// The brand-voice fine-tuning session (train/finetune.h): it learns (loss falls, held-out
// perplexity falls, judged by the *inference* engine on the reloaded export too), it cleans and
// reports, it refuses bad data and out-of-bounds settings with messages naming the problem.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "core/blob.h"
#include "model/generate.h"
#include "model/gpt2.h"
#include "model_fixture.h"
#include "train/finetune.h"

using namespace plume;

namespace {

// Short product lines in one "brand voice": the same frame, different products and benefits, so
// held-out texts are new sentences the tuned model should still find more likely.
std::vector<TextExample> brand_texts(int n) {
  const char* products[] = {"band", "watch", "lamp", "kettle", "bottle", "scale", "mat"};
  const char* benefits[] = {"calm", "bright", "light", "quick", "warm", "fresh"};
  std::vector<TextExample> out;
  for (int i = 0; i < n; i++) {
    TextExample e;
    e.completion = std::string("the ") + products[i % 7] + " is " + benefits[(i * 3) % 6] + ". then the " +
                   products[(i + 2) % 7] + " is " + benefits[(i + 1) % 6] + " and the day is " + benefits[i % 6] + ".";
    out.push_back(std::move(e));
  }
  return out;
}

FinetuneOptions quick_options(int64_t steps) {
  FinetuneOptions o;
  o.train.batch = 4;
  o.train.seq = 32;
  o.train.steps = steps;
  o.train.lr = 3e-3;
  o.train.min_lr = 3e-4;
  o.train.warmup = 5;
  o.eval_rows = 16;
  return o;
}

std::string error_of(Result<std::unique_ptr<FinetuneSession>> r) {
  REQUIRE(!r.ok());
  return r.error().message;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("fine-tuning learns: loss falls, held-out perplexity falls, the export reloads and is better", "[finetune]") {
  test::TinyModelSpec spec;
  spec.type = DType::Q8_0;
  spec.std = 0.02f;
  const std::vector<uint8_t> original = test::tiny_model_bytes(spec);
  const std::vector<TextExample> texts = brand_texts(20);
  auto created = FinetuneSession::create(std::span<const uint8_t>(original), texts, quick_options(80));
  REQUIRE(created.ok());
  FinetuneSession& s = **created;
  const FinetuneReport& r = s.report();
  CHECK(r.texts == 20);
  CHECK(r.held_out_texts == 2);  // every 10th
  CHECK(r.train_texts == 18);
  CHECK(r.export_type == DType::Q8_0);
  CHECK(r.memory_bytes >= 16ull * static_cast<uint64_t>(r.parameters));

  auto before = s.evaluate();
  REQUIRE(before.ok());
  std::vector<double> losses;
  while (!s.done()) {
    auto steps = s.step(7);  // chunks, as the browser's worker runs them
    REQUIRE(steps.ok());
    for (const StepResult& x : *steps) losses.push_back(x.loss);
  }
  REQUIRE(losses.size() == 80);
  CHECK(s.step(1)->empty());  // the planned total is reached
  auto mean = [&](size_t from, size_t to) {
    double m = 0;
    for (size_t i = from; i < to; i++) m += losses[i];
    return m / static_cast<double>(to - from);
  };
  auto after = s.evaluate();
  REQUIRE(after.ok());
  INFO("loss first 5 " << mean(0, 5) << ", last 5 " << mean(75, 80) << "; held-out perplexity " << perplexity(*before)
                       << " -> " << perplexity(*after));
  CHECK(mean(75, 80) < 0.5 * mean(0, 5));
  CHECK(perplexity(*after) < 0.5 * perplexity(*before));

  // The export keeps Q8_0 and loads in the inference engine, which (independently of the
  // trainer's forward) finds a held-out text far more likely than the original model did.
  auto bytes = s.export_gguf();
  REQUIRE(bytes.ok());
  auto tuned = Gpt2Model::from_gguf(blob_from_vector(std::move(bytes.value())));
  REQUIRE(tuned.ok());
  auto base = Gpt2Model::from_gguf(blob_from_vector(original));
  REQUIRE(base.ok());
  CHECK(tuned.value()->info().quantization == "Q8_0");
  CHECK(tuned.value()->config().n_vocab == base.value()->config().n_vocab);
  const std::string held = texts[9].completion;  // the 10th text: held out
  auto score_base = score(*base.value(), "the", held.substr(3));
  auto score_tuned = score(*tuned.value(), "the", held.substr(3));
  REQUIRE(score_base.ok());
  REQUIRE(score_tuned.ok());
  INFO("mean log-probability of a held-out text: " << score_base->mean_logprob << " -> " << score_tuned->mean_logprob);
  CHECK(score_tuned->mean_logprob > score_base->mean_logprob + 1.0);
}

TEST_CASE("fine-tuning from a model and from its GGUF bytes gives the same steps", "[finetune]") {
  const std::vector<uint8_t> bytes = test::tiny_model_bytes();
  auto model = Gpt2Model::from_gguf(blob_from_vector(bytes));
  REQUIRE(model.ok());
  auto a = FinetuneSession::create(*model.value(), brand_texts(12), quick_options(4));
  auto b = FinetuneSession::create(std::span<const uint8_t>(bytes), brand_texts(12), quick_options(4));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  auto sa = (*a)->step(4), sb = (*b)->step(4);
  REQUIRE(sa.ok());
  REQUIRE(sb.ok());
  for (size_t i = 0; i < 4; i++) CHECK((*sa)[i].loss == (*sb)[i].loss);
  CHECK((*a)->report().export_type == DType::F32);
}

TEST_CASE("fine-tuning cleans the texts and reports what it removed", "[finetune]") {
  std::vector<TextExample> texts = brand_texts(12);
  texts.push_back({"", texts[3].completion});                      // exact duplicate
  texts.push_back({"", "<p>The <b>lamp</b> is&nbsp;bright &amp; warm.</p>"});  // HTML
  texts.push_back({"", "ok"});                                     // too short
  texts.push_back({"", "   \n\t "});                               // empty
  auto created = FinetuneSession::create(*test::tiny_model(), texts, quick_options(2));
  REQUIRE(created.ok());
  const FinetuneReport& r = (*created)->report();
  CHECK(r.clean.input == 16);
  CHECK(r.texts == 13);
  CHECK(r.clean.removed_by[static_cast<int>(RemovalReason::kDuplicate)] == 1);
  CHECK(r.clean.removed_by[static_cast<int>(RemovalReason::kTooShort)] == 1);
  CHECK(r.clean.removed_by[static_cast<int>(RemovalReason::kEmpty)] == 1);
  CHECK(r.clean.html_stripped == 1);
}

TEST_CASE("fine-tuning refuses bad data with a message naming the problem", "[finetune]") {
  auto read = [](std::string_view bytes, std::string_view format) {
    auto r = finetune_read_data(bytes, format, "texts.txt");
    REQUIRE(!r.ok());
    return r.error().message;
  };
  CHECK(contains(read("", "text"), "empty"));
  CHECK(contains(read(std::string("PK\x03\x04\0\0", 6), "text"), "binary"));
  CHECK(contains(read(std::string("\xff\xfeh\0i\0", 6), "text"), "UTF-16"));
  CHECK(contains(read("caf\xe9 cr\xe8me", "text"), "UTF-8"));
  CHECK(contains(read("{\"text\": \"a\"}\n{oops\n", "jsonl"), "line 2"));
  CHECK(contains(read("hello", "csv"), "csv"));
  auto two = finetune_read_data("first text here\n\nsecond text here\n", "text", "t");
  REQUIRE(two.ok());
  CHECK(two->size() == 2);

  auto model = test::tiny_model();
  CHECK(contains(error_of(FinetuneSession::create(*model, {}, quick_options(2))), "no texts given"));
  CHECK(contains(error_of(FinetuneSession::create(*model, brand_texts(1), quick_options(2))), "at least 2"));
  std::vector<TextExample> dup(5, brand_texts(1)[0]);
  const std::string only_one = error_of(FinetuneSession::create(*model, dup, quick_options(2)));
  CHECK(contains(only_one, "1 of 5"));
  CHECK(contains(only_one, "4 duplicate"));
  std::vector<TextExample> shorts = {{"", "a short one."}, {"", "another one."}, {"", "and a third."}};
  CHECK(contains(error_of(FinetuneSession::create(*model, shorts, quick_options(2))), "too short"));

  test::TinyModelSpec untied;
  untied.untied = true;
  CHECK(contains(error_of(FinetuneSession::create(*test::tiny_model(untied), brand_texts(12), quick_options(2))), "untied"));
  std::vector<uint8_t> garbage = {'G', 'G', 'U', 'F', 1, 2};
  CHECK(!FinetuneSession::create(std::span<const uint8_t>(garbage), brand_texts(12), quick_options(2)).ok());
}

TEST_CASE("fine-tuning enforces its bounds before allocating", "[finetune]") {
  auto model = test::tiny_model();
  CHECK(contains(error_of(FinetuneSession::create(*model, brand_texts(501), quick_options(2))), "at most 500"));
  std::vector<TextExample> big(3);
  for (auto& e : big) e.completion = std::string(800000, 'a');
  CHECK(contains(error_of(FinetuneSession::create(*model, big, quick_options(2))), "at most 2.0 MB"));
  CHECK(contains(error_of(FinetuneSession::create(*model, brand_texts(12), quick_options(2001))), "expected 1..2000"));
  CHECK(contains(error_of(FinetuneSession::create(*model, brand_texts(12), quick_options(0))), "expected 1..2000"));
  FinetuneOptions wide = quick_options(2);
  wide.train.batch = 17;
  CHECK(contains(error_of(FinetuneSession::create(*model, brand_texts(12), wide)), "batch is 17"));
  wide.train.batch = 16;
  wide.limits.max_tokens_per_step = 256;
  CHECK(contains(error_of(FinetuneSession::create(*model, brand_texts(12), wide)), "tokens per step"));
  FinetuneOptions small = quick_options(2);
  small.limits.max_memory_bytes = 1 << 20;
  const std::string mem = error_of(FinetuneSession::create(*model, brand_texts(12), small));
  CHECK(contains(mem, "needs about"));
  CHECK(contains(mem, "limit is 1.0 MB"));
  // The command line's limits let the same data and a long run through.
  FinetuneOptions native = quick_options(5000);
  native.limits = FinetuneLimits::native();
  CHECK(FinetuneSession::create(*model, brand_texts(12), native).ok());
}

TEST_CASE("the memory estimate counts the training state and grows with the batch", "[finetune]") {
  Gpt2Config c;  // the default model's shape: 4 layers x 256, vocabulary 6000, context 512
  c.n_vocab = 6000;
  c.n_ctx = 512;
  c.n_embd = 256;
  c.n_ff = 1024;
  c.n_layer = 4;
  c.n_head = 8;
  auto layout = ParamLayout::make(c);
  REQUIRE(layout.ok());
  const uint64_t state = 16ull * layout->total;
  const uint64_t small = finetune_memory_bytes(c, 4, 128), large = finetune_memory_bytes(c, 8, 256);
  CHECK(small > state);
  CHECK(small < state + (128ull << 20));
  CHECK(large > small);
  CHECK(large <= FinetuneLimits::browser().max_memory_bytes);  // the largest browser shape for this model fits
}

TEST_CASE("the tuned model is named '<model>-finetuned', or as asked", "[finetune]") {
  const std::vector<uint8_t> bytes = test::tiny_model_bytes();
  auto base = Gpt2Model::from_gguf(blob_from_vector(bytes));
  REQUIRE(base.ok());
  const std::string base_name = base.value()->info().name;
  auto exported_name = [&](FinetuneOptions o) {
    auto s = FinetuneSession::create(std::span<const uint8_t>(bytes), brand_texts(12), o);
    REQUIRE(s.ok());
    REQUIRE((*s)->step(1).ok());
    auto out = (*s)->export_gguf();
    REQUIRE(out.ok());
    auto tuned = Gpt2Model::from_gguf(blob_from_vector(std::move(out.value())));
    REQUIRE(tuned.ok());
    return tuned.value()->info().name;
  };
  FinetuneOptions o = quick_options(1);
  CHECK(exported_name(o) == (base_name.empty() ? std::string("plume-finetuned") : base_name + "-finetuned"));
  o.name = "acme-voice";
  CHECK(exported_name(o) == "acme-voice");
}
