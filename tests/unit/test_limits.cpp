// Resource limits (docs/hardening.md "Resource limits"): a model whose file, converted weights
// and full-context attention cache exceed the engine's memory is refused with the sizes named,
// before anything big is allocated.
#include <catch2/catch.hpp>

#include "ecosystem/import.h"
#include "experiment/bandit.h"
#include "model/generate.h"
#include "model/gpt2.h"
#include "recommend/evaluate.h"
#include "model_fixture.h"

using namespace plume;
using namespace plume::test;

TEST_CASE("model memory estimate: file + KV cache over the whole context + scratch", "[limits]") {
  Gpt2Config c;
  c.n_vocab = 50257; c.n_ctx = 1024; c.n_embd = 768; c.n_ff = 3072; c.n_layer = 12; c.n_head = 12;
  ModelMemory m = estimate_model_memory(c, 500'000'000, false);
  // GPT-2 small: 2 (K, V) x 12 layers x 1024 positions x 768 x 4 bytes = 72 MiB.
  CHECK(m.kv_cache_bytes == 2LL * 12 * 1024 * 768 * 4);
  CHECK(m.converted_bytes == 0);
  CHECK(m.total() < (int64_t{1} << 30));
  ModelMemory hf = estimate_model_memory(c, 500'000'000, true);
  CHECK(hf.converted_bytes > 124'000'000LL * 4);  // every one of the 124 M parameters in F32
}

TEST_CASE("a model too big for the engine's memory is refused before loading", "[limits]") {
  TinyModelSpec spec;
  spec.ctx = 1024;
  const auto bytes = tiny_model_bytes(spec);
  ModelLimits limits;
  // The attention cache alone: 2 x 2 layers x 1024 x 32 x 4 bytes = 512 KiB, more than 1 MB with the file.
  limits.max_memory_bytes = 600 * 1024;
  auto m = Gpt2Model::from_gguf(blob_from_vector(bytes), limits);
  REQUIRE_FALSE(m.ok());
  const std::string& e = m.error().message;
  CHECK_THAT(e, Catch::Contains("this model needs about"));
  CHECK_THAT(e, Catch::Contains("1024-token context"));
  CHECK_THAT(e, Catch::Contains("more than the 1 MB the engine can use"));

  limits.max_memory_bytes = 64 << 20;
  CHECK(Gpt2Model::from_gguf(blob_from_vector(bytes), limits).ok());
}

TEST_CASE("the browser build's default memory limit is the 4 GiB wasm32 heap", "[limits]") {
#ifdef __EMSCRIPTEN__
  CHECK(ModelLimits{}.max_memory_bytes == (int64_t{4} << 30));
#else
  CHECK(ModelLimits{}.max_memory_bytes == INT64_MAX);
#endif
}

TEST_CASE("an import larger than the limit is refused as it streams in, the store untouched", "[limits]") {
  using namespace plume::ecosystem;
  CHECK(ImportOptions{}.max_bytes == 256LL << 20);
  for (ImportFormat format : {ImportFormat::kCsv, ImportFormat::kJson}) {
    Store store;
    ImportOptions o;
    o.format = format;
    o.max_bytes = 3 << 20;
    Importer imp(ImportKind::kCatalog, store, o);
    const std::string head = format == ImportFormat::kCsv ? "id,title\n" : "[";
    // About 1 MB of good rows, with ids of their own per piece.
    auto piece = [format](int k) {
      std::string out;
      for (int i = 0; out.size() < (1 << 20); i++) {
        const std::string id = "P" + std::to_string(k) + "-" + std::to_string(i);
        out += format == ImportFormat::kCsv ? id + ",Band\n" : R"({"id":")" + id + R"(","title":"Band"},)";
      }
      return out;
    };
    REQUIRE(imp.feed(head).ok());
    Status first = imp.feed(piece(1));
    INFO((first.ok() ? std::string() : first.error().message));
    REQUIRE(first.ok());
    REQUIRE(imp.feed(piece(2)).ok());
    Status s = imp.feed(piece(3));  // past 3 MB
    REQUIRE_FALSE(s.ok());
    CHECK_THAT(s.error().message, Catch::Contains("larger than the import limit of 3 MB"));
    CHECK_FALSE(imp.finish().ok());
    CHECK(store.products.empty());
  }
}

TEST_CASE("synthetic recommender data is bounded so its factors fit the heap", "[limits]") {
  using namespace plume::recommend;
  SyntheticOptions o;
  o.users = 100'000'000;
  CHECK_THAT(synthetic_dataset(o).error().message, Catch::Contains("at most 1000000"));
  o = {};
  o.rank = 100'000;
  CHECK_THAT(synthetic_dataset(o).error().message, Catch::Contains("rank must be at most 1024"));
  o = {};
  o.users = 1'000'000; o.items = 1'000'000; o.rank = 1024;
  CHECK_THAT(synthetic_dataset(o).error().message, Catch::Contains("more than the limit of 32000000 factors"));
  o = {};
  o.users = 100'000; o.items = 100'000; o.interactions = 50'000'000;
  CHECK_THAT(synthetic_dataset(o).error().message, Catch::Contains("interactions must be at most 5000000"));
  o = {};
  o.users = 20; o.items = 30; o.interactions = 100;
  CHECK(synthetic_dataset(o).ok());
}

TEST_CASE("a generation whose attention caches exceed 2048 MB is refused before allocating them", "[limits]") {
  TinyModelSpec spec;
  spec.ctx = 65536;
  spec.layers = 9;  // 16 sequences x 2 x 9 layers x 65,536 x 32 x 4 bytes = 2304 MB
  auto model = Gpt2Model::from_gguf(blob_from_vector(tiny_model_bytes(spec)));
  REQUIRE(model.ok());
  Generator g(model.value());
  GenerateOptions o;
  o.num_return_sequences = 16;
  o.max_length = 65536;
  Status s = g.start("ab", o);
  REQUIRE_FALSE(s.ok());
  CHECK_THAT(s.error().message, Catch::Contains("this generation needs 2304 MB of attention cache"));
  o.num_return_sequences = 1;
  o.max_length = 8;
  CHECK(g.start("ab", o).ok());
}

TEST_CASE("a bandit takes at most 64 arms", "[limits]") {
  using namespace plume::experiment;
  std::vector<VariationStats> arms(65);
  auto w = bandit_weights(arms, BanditOptions{});
  REQUIRE_FALSE(w.ok());
  CHECK_THAT(w.error().message, Catch::Contains("at most 64 arms; got 65"));
}
