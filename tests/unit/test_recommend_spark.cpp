// Spark MLlib ALS interop and saved models: factors hand-written in the shape
// `model.userFactors.write.json(dir)` produces (tests/data/spark_als: two part files, _SUCCESS),
// scores computed by hand; export → import round trips; saved bundles (one file and a directory)
// serve the same top-k as the trained model; bad files give errors naming file and line.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "recommend/bundle.h"
#include "recommend/evaluate.h"
#include "recommend/spark_io.h"

using namespace plume;
using namespace plume::recommend;

namespace {
std::string read(const std::string& rel) {
  std::ifstream in(std::string(PLUME_SOURCE_DIR) + "/tests/data/spark_als/" + rel, std::ios::binary);
  REQUIRE(in);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
std::vector<std::string> ids_of(const Bundle& b, const std::vector<Served>& top) {
  std::vector<std::string> out;
  for (const Served& s : top) out.push_back(b.data.items.name(s.item));
  return out;
}
}  // namespace

TEST_CASE("Spark ALS output loads: parts in any order, id maps, hand-computed scores", "[recommend][spark]") {
  std::map<std::string, std::vector<std::string>> files = {
      {"userFactors", {read("userFactors/part-00001-6f1c2a4e-1b7d-4c1e-9a55-2d3f0e8b7c11-c000.json"),
                       read("userFactors/part-00000-6f1c2a4e-1b7d-4c1e-9a55-2d3f0e8b7c11-c000.json")}},
      {"itemFactors", {read("itemFactors/part-00000-0a9e3b7f-5c2d-4e8a-b1f0-7d6c5b4a3921-c000.json")}},
      {"user_ids.jsonl", {read("user_ids.jsonl")}},
      {"item_ids.jsonl", {read("item_ids.jsonl")}}};
  auto b = load_bundle(files, {}, nullptr);
  REQUIRE(b.ok());
  Bundle& m = **b;
  REQUIRE(m.data.users.size() == 3);
  ServeRequest r;
  r.k = 4;
  // alice = [1, 0.5]: SHOE 1.0, MUG 0.75, BAG 0.5, TEA 0.4
  auto alice = serve_top(m.context(), *m.data.users.find("alice"), {}, r);
  REQUIRE(alice.ok());
  CHECK(ids_of(m, *alice) == std::vector<std::string>{"SKU-SHOE", "SKU-MUG", "SKU-BAG", "SKU-TEA"});
  CHECK((*alice)[0].score == Approx(1.0));
  CHECK((*alice)[3].score == Approx(0.4));
  // 陈 = [-0.5, 1]: BAG 1.0, TEA 0.3, MUG 0.25, SHOE -0.5
  auto chen = serve_top(m.context(), *m.data.users.find("陈"), {}, r);
  REQUIRE(chen.ok());
  CHECK(ids_of(m, *chen) == std::vector<std::string>{"SKU-BAG", "SKU-TEA", "SKU-MUG", "SKU-SHOE"});
  CHECK((*chen)[1].score == Approx(0.3));

  // Without maps the Spark integer ids are the names.
  files.erase("user_ids.jsonl");
  files.erase("item_ids.jsonl");
  auto plain = load_bundle(files, {}, nullptr);
  REQUIRE(plain.ok());
  CHECK((*plain)->data.items.name(3) == "3");

  // A visitor folds in against the Spark item factors (implicit, Spark's defaults α=1, λ=0.1·n).
  auto visitor = serve_top(m.context(), -1, {{*m.data.items.find("SKU-BAG"), 1.0f}}, r);
  REQUIRE(visitor.ok());
  CHECK(m.data.items.name((*visitor)[0].item) == "SKU-MUG");  // the item most aligned with BAG
}

TEST_CASE("Spark factor files: round trip and errors naming part and line", "[recommend][spark]") {
  const std::vector<float> rows = {0.25f, -1.5f, 3.0f, 1e-3f, 7.0f, -0.125f};
  const std::string text = export_spark_factors(rows.data(), 3, 2);
  CHECK(text.substr(0, text.find('\n')) == R"({"id":0,"features":[0.25,-1.5]})");
  auto back = import_spark_factors({text}, "itemFactors");
  REQUIRE(back.ok());
  CHECK(back->rank == 2);
  CHECK(back->features == rows);
  CHECK(back->ids == std::vector<int64_t>{0, 1, 2});

  auto message = [](std::vector<std::string_view> parts) {
    auto r = import_spark_factors(parts, "itemFactors");
    REQUIRE_FALSE(r.ok());
    return r.error().message;
  };
  CHECK(message({"{\"id\":0,\"features\":[1,2]}\n{\"id\":1,\"features\":[1]}\n"}) ==
        "itemFactors, line 2: 'features' has 1 values, expected 2");
  CHECK(message({"{\"id\":0,\"features\":[1,2]}\n", "\n{\"id\":0,\"features\":[1,2]}\n"}) == "itemFactors part 2, line 2: id 0 appears twice");
  CHECK(message({"{\"id\":\"x\",\"features\":[1]}"}) == "itemFactors, line 1: 'id' must be an integer");
  CHECK(message({"{\"id\":1,\"features\":[1,\"a\"]}"}) == "itemFactors, line 1: 'features' must hold finite numbers");
  CHECK(message({"not json"}) == "itemFactors, line 1: not a JSON object");
  CHECK_THAT(message({""}), Catch::Contains("no factor rows"));

  IdMap ids;
  ids.intern("SKU-1");
  ids.intern("货号-2");
  auto map = import_id_map(export_id_map(ids), "item_ids.jsonl");
  REQUIRE(map.ok());
  CHECK((*map)[1] == std::make_pair(int64_t{1}, std::string("货号-2")));
  auto bad = import_id_map("{\"index\":0,\"id\":\"a\"}\n{\"index\":0,\"id\":\"b\"}\n", "item_ids.jsonl");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "item_ids.jsonl, line 2: index 0 appears twice");

  SparkFactors u = *import_spark_factors({"{\"id\":5,\"features\":[1]}"}, "userFactors");
  SparkFactors i = *import_spark_factors({"{\"id\":0,\"features\":[1]}"}, "itemFactors");
  std::vector<std::pair<int64_t, std::string>> umap = {{4, "x"}};
  auto missing = assemble_spark_model(u, i, &umap, nullptr);
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.error().message, Catch::Contains("id 5"));
  SparkFactors wide = *import_spark_factors({"{\"id\":0,\"features\":[1,2]}"}, "itemFactors");
  CHECK_FALSE(assemble_spark_model(u, wide, nullptr, nullptr).ok());
}

TEST_CASE("saved models (one file, a directory) serve exactly what was trained", "[recommend][spark]") {
  SyntheticOptions so;
  so.users = 120;
  so.items = 200;
  so.interactions = 4000;
  so.ratings = false;
  auto data = synthetic_dataset(so);
  REQUIRE(data.ok());
  for (const char* algo : {"als", "bpr", "itemknn", "pop"}) {
    AlgoOptions o;
    o.algo = algo;
    o.factors = 8;
    o.iterations = 5;
    auto trained = train_bundle(*data, o);
    REQUIRE(trained.ok());
    REQUIRE((*trained)->set_catalog("sku,category,partner\ni1,tea,P1\ni2,tea,P2\nnew-item,tea,P1\n").ok());
    ServeRequest r;
    r.k = 10;
    const auto before = serve_top((*trained)->context(), 7, {}, r);
    const auto visitor_before = serve_top((*trained)->context(), -1, {{1, 1.0f}, {2, 1.0f}}, r);
    REQUIRE(before.ok());
    REQUIRE(visitor_before.ok());

    auto one_file = load_bundle({{"model.json", {save_bundle_json(**trained)}}}, {}, nullptr);
    REQUIRE(one_file.ok());
    std::map<std::string, std::vector<std::string>> dir;
    for (const auto& [name, text] : save_bundle_files(**trained)) {
      const std::string key = name.find('/') != std::string::npos ? name.substr(0, name.find('/')) : name;
      dir[key].push_back(text);
    }
    auto from_dir = load_bundle(dir, {}, nullptr);
    REQUIRE(from_dir.ok());
    for (Bundle* b : {one_file->get(), from_dir->get()}) {
      INFO(algo);
      CHECK(b->data.items.size() == (*trained)->data.items.size());
      REQUIRE(b->catalog.has_value());
      auto after = serve_top(b->context(), 7, {}, r), visitor_after = serve_top(b->context(), -1, {{1, 1.0f}, {2, 1.0f}}, r);
      REQUIRE(after.ok());
      REQUIRE(visitor_after.ok());
      REQUIRE(after->size() == before->size());
      for (size_t k = 0; k < after->size(); k++) {
        CHECK((*after)[k].item == (*before)[k].item);
        CHECK((*after)[k].score == Approx((*before)[k].score).margin(1e-6));
        CHECK((*visitor_after)[k].item == (*visitor_before)[k].item);
      }
    }
  }
  auto bad = load_bundle({{"model.json", {"{\"format\":\"other\"}"}}}, {}, nullptr);
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::Contains("not a Plume recommender model"));
  CHECK_FALSE(load_bundle({}, {}, nullptr).ok());
  // Wrong-typed fields fall back or fail cleanly, never throw (the WASM engine has no exceptions).
  auto odd = load_bundle({{"model.json", {R"({"format":"plume-recommender","options":{"algo":"pop"},"users":["a"],)"
                                          R"("items":["x"],"interactions":[[0,0,1,0]],"explicit":"yes","model_items":"z"})"}}}, {}, nullptr);
  REQUIRE(odd.ok());
  CHECK((*odd)->model_items == 1);
  auto odd_factors = load_bundle({{"model.json", {R"({"format":"plume-recommender","options":{"algo":"als"},"users":["a"],)"
                                                  R"("items":["x"],"interactions":[],"factor_model":{"rank":"two","user_factors":[1],"item_factors":[1]}})"}}}, {}, nullptr);
  REQUIRE_FALSE(odd_factors.ok());
  CHECK_THAT(odd_factors.error().message, Catch::Contains("do not match rank"));
  auto bad_rows = load_bundle({{"model.json", {R"({"format":"plume-recommender","options":{"algo":"pop"},"users":["a"],)"
                                               R"("items":["x"],"interactions":[[0,5,1,0]]})"}}}, {}, nullptr);
  REQUIRE_FALSE(bad_rows.ok());
  CHECK_THAT(bad_rows.error().message, Catch::Contains("interaction 1"));
  CHECK_FALSE(algo_options_from_json(nlohmann::json{{"algo", "als"}, {"factors", 0}}).ok());
  CHECK_FALSE(algo_options_from_json(nlohmann::json{{"algo", "magic"}}).ok());
  CHECK_FALSE(algo_options_from_json(nlohmann::json{{"colour", 1}}).ok());
}
