// Cold start, serving options and explanations: item-attribute import errors, the content /
// popularity / CF blend (formula values, a new visitor with one view, an item nobody has
// touched), exclusion, every filter, partner diversity, and explanations (item neighbours, and
// the exact ALS decomposition checked against the fold-in score).
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <string>

#include "recommend/content.h"
#include "recommend/factor_model.h"
#include "recommend/serve.h"

using namespace plume;
using namespace plume::recommend;

namespace {

// 3 categories x 8 items; partners alternate A/B/C; prices 10..240. Users of group g view items
// of category g (planted structure); item "new-shoe" is in the catalog only (a cold item).
struct World {
  Dataset data;
  Catalog catalog;
  TrainingData train;
};
const char* kCategories[] = {"shoes", "bags", "tea"};

World make_world() {
  World w;
  std::string csv = "sku,category,brand,tags,price,partner,available\n";
  for (int c = 0; c < 3; c++)
    for (int k = 0; k < 8; k++) {
      const int i = c * 8 + k;
      csv += "sku" + std::to_string(i) + "," + kCategories[c] + ",brand" + std::to_string(c) + ",t" + std::to_string(c) + "|x" +
             std::to_string(k % 2) + "," + std::to_string(10 * (i + 1)) + "," + std::string(1, static_cast<char>('A' + i % 3)) + "," +
             (k == 7 ? "no" : "yes") + "\n";
    }
  // Interactions first (the ids' order), then the catalog adds the cold item.
  for (int u = 0; u < 30; u++) {
    const int g = u % 3;
    for (int k = 0; k < 8; k++)
      if ((u * 7 + k * 3) % 5 < 3) w.data.rows.push_back({w.data.users.intern("user" + std::to_string(u)),
                                                        w.data.items.intern("sku" + std::to_string(g * 8 + k)), 1.0f, 0});
  }
  for (int i = 0; i < 24; i++) w.data.items.intern("sku" + std::to_string(i));
  csv += "new-shoe,shoes,brand0,t0|x1,55,B,yes\n";
  auto cat = import_item_attributes_csv(csv, w.data.items);
  REQUIRE(cat.ok());
  w.catalog = std::move(*cat);
  w.train = make_training_data(w.data.rows, w.data.users.size(), 24, false);  // CF knows the 24 items
  return w;
}

std::string category_of(const World& w, int32_t item) { return w.catalog.find(item)->category; }

}  // namespace

TEST_CASE("item attributes import: fields, bands, and errors naming row and column", "[recommend][serve]") {
  IdMap ids;
  auto c = import_item_attributes_csv("item,category,tags,price,available,partner\n"
                                      "a,shoes,run|trail; road ,30,yes,P1\nb,bags,,100,0,P2\nc,bags,,300,,\n", ids);
  REQUIRE(c.ok());
  REQUIRE(ids.size() == 3);
  const ItemAttributes* a = c->find(*ids.find("a"));
  REQUIRE(a);
  CHECK(a->tags == std::vector<std::string>{"run", "trail", "road"});
  CHECK(a->price_band == "low");
  CHECK(c->find(*ids.find("b"))->price_band == "mid");
  CHECK(c->find(*ids.find("c"))->price_band == "high");
  CHECK_FALSE(c->find(*ids.find("b"))->available);
  CHECK(c->find(*ids.find("c"))->available);

  auto message = [](std::string_view text) {
    IdMap m;
    auto r = import_item_attributes_csv(text, m);
    REQUIRE_FALSE(r.ok());
    return r.error().message;
  };
  CHECK(message("sku,price\nx,cheap\n") == "line 2, column 2 (price): 'cheap' is not a number");
  CHECK(message("sku,price\nx,-3\n") == "line 2, column 2 (price): price -3 is negative");
  CHECK(message("sku,available\nx,maybe\n").find("line 2, column 2 (available): 'maybe' is not true/false") == 0);
  CHECK(message("sku,category\nx,a\nx,b\n") == "line 3: item 'x' is already listed (line 2)");
  CHECK_THAT(message("name,category\nx,a\n"), Catch::Contains("must name an 'item'"));
  CHECK(message("sku,category\nx\n") == "line 2: 1 columns, the header has 2");
  CHECK_THAT(message(""), Catch::Contains("empty"));

  IdMap j;
  auto js = import_item_attributes_json(R"([{"sku":"a","tags":["x","y"],"price":5,"available":false},{"item":7,"category":"c"}])", j);
  REQUIRE(js.ok());
  CHECK(js->find(*j.find("a"))->tags.size() == 2);
  CHECK_FALSE(js->find(*j.find("a"))->available);
  CHECK(js->find(*j.find("7"))->category == "c");
  IdMap j2;
  auto bad = import_item_attributes_json(R"([{"sku":"a","price":"x"}])", j2);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "row 1 (price): 'x' is not a number");
}

TEST_CASE("blend weights follow n/(n+k); popularity serves a new visitor", "[recommend][serve]") {
  BlendOptions o;
  CHECK(cf_weight(0, o) == 0.0f);
  CHECK(cf_weight(5, o) == Approx(0.5));
  CHECK(cf_weight(45, o) == Approx(0.9));
  // Hand-checked blend: item 0 warm (CF top), item 1 warm (CF bottom), item 2 cold.
  const float cf[] = {3.0f, 1.0f}, content[] = {0.2f, 1.0f, 0.5f}, pop[] = {1.0f, 0.5f, 0.0f};
  std::vector<char> known = {1, 1};
  float out[3];
  blend_scores(cf, known, 2, content, pop, 3, 5, o, out);  // w = 0.5, β = 0.1
  CHECK(out[0] == Approx(0.5 * 1 + 0.5 * (0.9 * 0.2 + 0.1 * 1.0)));
  CHECK(out[1] == Approx(0.5 * 0 + 0.5 * (0.9 * 1.0 + 0.1 * 0.5)));
  CHECK(out[2] == Approx(0.9 * 0.5));

  World w = make_world();
  Popularity pop_model;
  REQUIRE(pop_model.fit(w.train).ok());
  ContentModel content_model = ContentModel::build(w.catalog, w.data.items.size());
  ServingContext ctx{&w.train, &pop_model, &content_model, &w.catalog, w.data.items.size(), {}};
  auto top = serve_top(ctx, -1, {}, ServeRequest{});
  REQUIRE(top.ok());
  for (size_t k = 1; k < top->size(); k++)
    CHECK(w.train.by_item.row_size((*top)[k - 1].item) >= w.train.by_item.row_size((*top)[k].item));
}

TEST_CASE("cold start: one view gives same-category items; a cold item is recommended by content", "[recommend][serve]") {
  World w = make_world();
  ItemKnn knn;
  REQUIRE(knn.fit(w.train).ok());
  ContentModel content = ContentModel::build(w.catalog, w.data.items.size());
  ServingContext ctx{&w.train, &knn, &content, &w.catalog, w.data.items.size(), {}};
  for (int c = 0; c < 3; c++) {
    const int32_t viewed = *w.data.items.find("sku" + std::to_string(c * 8 + 1));
    ServeRequest r;
    r.k = 5;
    r.explain = true;
    auto top = serve_top(ctx, -1, {{viewed, 1.0f}}, r);
    REQUIRE(top.ok());
    REQUIRE(top->size() == 5);
    for (const Served& s : *top) {
      CHECK(category_of(w, s.item) == kCategories[c]);
      CHECK(s.item != viewed);
      REQUIRE_FALSE(s.because.empty());  // content explains: "because you viewed sku…"
      CHECK(s.because[0].item == viewed);
    }
  }
  // The cold item (no interactions at all) appears for a shoe visitor, through content.
  const int32_t cold = *w.data.items.find("new-shoe");
  CHECK(w.train.by_user.n_cols <= cold);
  ServeRequest r;
  r.k = 10;
  auto top = serve_top(ctx, -1, {{*w.data.items.find("sku1"), 1.0f}, {*w.data.items.find("sku3"), 1.0f}}, r);
  REQUIRE(top.ok());
  bool found = false;
  for (const Served& s : *top) found = found || s.item == cold;
  CHECK(found);
  // Without a catalog, plain CF cannot know the cold item.
  ServingContext plain{&w.train, &knn, nullptr, nullptr, w.data.items.size(), {}};
  auto cf_only = serve_top(plain, -1, {{*w.data.items.find("sku1"), 1.0f}}, r);
  REQUIRE(cf_only.ok());
  for (const Served& s : *cf_only) CHECK(s.item != cold);
}

TEST_CASE("serving: exclusion, filters and partner diversity", "[recommend][serve]") {
  World w = make_world();
  Popularity pop;
  REQUIRE(pop.fit(w.train).ok());
  ContentModel content = ContentModel::build(w.catalog, w.data.items.size());
  ServingContext ctx{&w.train, &pop, &content, &w.catalog, w.data.items.size(), {}};
  const History owned = history_of(w.train, 0);
  REQUIRE_FALSE(owned.empty());
  ServeRequest all;
  all.k = 100;
  auto everything = serve_top(ctx, 0, {}, all);
  REQUIRE(everything.ok());
  CHECK(everything->size() == w.data.items.size() - owned.size());
  for (const Served& s : *everything)
    for (const auto& o : owned) CHECK(s.item != o.first);
  all.exclude_owned = false;
  CHECK(serve_top(ctx, 0, {}, all)->size() == static_cast<size_t>(w.data.items.size()));

  auto run = [&](ServeRequest r) {
    r.k = 100;
    auto out = serve_top(ctx, 0, {}, r);
    REQUIRE(out.ok());
    REQUIRE_FALSE(out->empty());
    return *out;
  };
  ServeRequest r;
  r.categories = {"tea"};
  for (const Served& s : run(r)) CHECK(w.catalog.find(s.item)->category == "tea");
  r = {};
  r.partners = {"A", "C"};
  for (const Served& s : run(r)) CHECK(w.catalog.find(s.item)->partner != "B");
  r = {};
  r.available_only = true;
  for (const Served& s : run(r)) CHECK(w.catalog.find(s.item)->available);
  r = {};
  r.price_bands = {"low"};
  for (const Served& s : run(r)) CHECK(w.catalog.find(s.item)->price_band == "low");
  r = {};
  r.min_price = 50;
  r.max_price = 100;
  for (const Served& s : run(r)) CHECK((*w.catalog.find(s.item)->price >= 50 && *w.catalog.find(s.item)->price <= 100));

  ServeRequest m;
  m.k = 6;
  m.max_per_partner = 1;
  auto capped = serve_top(ctx, 0, {}, m);
  REQUIRE(capped.ok());
  CHECK(capped->size() == 3);  // three partners, one each
  std::set<std::string> partners;
  for (const Served& s : *capped) partners.insert(w.catalog.find(s.item)->partner);
  CHECK(partners.size() == 3);

  ServeRequest rr;
  rr.k = 6;
  rr.partner_round_robin = true;
  auto robin = serve_top(ctx, 0, {}, rr);
  REQUIRE(robin.ok());
  REQUIRE(robin->size() == 6);
  for (size_t k = 0; k + 2 < 6; k += 3) {
    std::set<std::string> round;
    for (size_t q = k; q < k + 3; q++) round.insert(w.catalog.find((*robin)[q].item)->partner);
    CHECK(round.size() == 3);  // each round visits every partner once
  }

  ServingContext no_catalog{&w.train, &pop, nullptr, nullptr, w.data.items.size(), {}};
  ServeRequest needs;
  needs.categories = {"tea"};
  auto err = serve_top(no_catalog, 0, {}, needs);
  REQUIRE_FALSE(err.ok());
  CHECK_THAT(err.error().message, Catch::Contains("need item attributes"));
  ServeRequest bad;
  bad.k = 0;
  CHECK_FALSE(serve_top(ctx, 0, {}, bad).ok());
  CHECK_FALSE(serve_top(ctx, -1, {{999, 1.0f}}, ServeRequest{}).ok());
}

TEST_CASE("explanations: item neighbours, and ALS contributions that sum to the score", "[recommend][serve]") {
  World w = make_world();
  ItemKnn knn;
  REQUIRE(knn.fit(w.train).ok());
  ServingContext ctx{&w.train, &knn, nullptr, nullptr, w.data.items.size(), {}};
  ServeRequest r;
  r.k = 3;
  r.explain = true;
  auto top = serve_top(ctx, 4, {}, r);
  REQUIRE(top.ok());
  const History h = history_of(w.train, 4);
  for (const Served& s : *top) {
    REQUIRE_FALSE(s.because.empty());
    double sum = 0;
    for (const Reason& why : s.because) {
      bool in_history = false;
      for (const auto& e : h) in_history = in_history || e.first == why.item;
      CHECK(in_history);
      sum += why.contribution;
    }
    if (s.because.size() < static_cast<size_t>(r.explain_top)) CHECK(sum == Approx(s.score).epsilon(1e-5));
  }

  AlsOptions ao;
  ao.factors = 6;
  ImplicitAls als(ao);
  REQUIRE(als.fit(w.train).ok());
  FactorModel fm = factor_model_of(als);
  const History visitor = {{1, 1.0f}, {2, 3.0f}, {5, 1.0f}};
  // The exact fold-in agrees with ALS's own conjugate-gradient fold-in.
  const std::vector<float> x = fm.fold_in(visitor), x_cg = fold_in(als, visitor);
  for (size_t a = 0; a < x.size(); a++) CHECK(x[a] == Approx(x_cg[a]).margin(1e-3));
  for (int32_t item : {0, 3, 7, 12}) {
    const std::vector<float> c = fm.contributions(visitor, item);
    double sum = 0, score = 0;
    for (float v : c) sum += v;
    for (int32_t a = 0; a < fm.factors().rank; a++) score += x[static_cast<size_t>(a)] * fm.factors().item(item)[a];
    CHECK(sum == Approx(score).margin(1e-4));
  }
  ServingContext fctx{&w.train, &fm, nullptr, nullptr, w.data.items.size(), {}};
  auto ftop = serve_top(fctx, -1, visitor, r);
  REQUIRE(ftop.ok());
  REQUIRE_FALSE(ftop->empty());
  for (const Served& s : *ftop) CHECK_FALSE(s.because.empty());
}

TEST_CASE("top-k by a bounded heap equals a full sort, ties by item; owned and NaN items never rank", "[recommend][serve]") {
  // Small-integer factors: every dot product is exact in any order, so the reference scores below
  // (a plain double loop) equal the engine's SIMD ones, and many scores tie.
  const int32_t R = 3, n_items = 500, n_users = 4;
  Factors f;
  f.rank = R;
  for (int32_t u = 0; u < n_users; u++)
    for (int32_t a = 0; a < R; a++) f.users.push_back(static_cast<float>((u * 5 + a * 3) % 4 - 1));
  for (int32_t i = 0; i < n_items; i++)
    for (int32_t a = 0; a < R; a++) f.items.push_back(static_cast<float>((i * 7 + a * 11) % 5 - 2));
  f.items[static_cast<size_t>(42) * R] = NAN;  // item 42 scores NaN for everyone
  const FactorModel model(f, {}, 0.0, FactorModelOptions{});
  std::vector<Interaction> rows = {{0, 3, 1.0f, 0}, {0, 10, 1.0f, 0}, {1, 7, 1.0f, 0}};
  const TrainingData train = make_training_data(rows, n_users, n_items, false);
  ServingContext ctx;
  ctx.train = &train;
  ctx.cf = &model;
  ctx.n_items = n_items;
  for (int32_t u = 0; u < n_users; u++)
    for (int k : {1, 7, 60, 499}) {
      std::vector<std::pair<double, int32_t>> ref;  // (-score, item): ascending = best first
      for (int32_t i = 0; i < n_items; i++) {
        if (i == 42 || (u == 0 && (i == 3 || i == 10)) || (u == 1 && i == 7)) continue;
        double s = 0;
        for (int32_t a = 0; a < R; a++) s += static_cast<double>(f.users[static_cast<size_t>(u * R + a)]) * f.items[static_cast<size_t>(i * R + a)];
        ref.emplace_back(-s, i);
      }
      std::sort(ref.begin(), ref.end());
      ref.resize(std::min(ref.size(), static_cast<size_t>(k)));
      ServeRequest r;
      r.k = k;
      auto top = serve_top(ctx, u, {}, r);
      REQUIRE(top.ok());
      REQUIRE(top->size() == ref.size());
      for (size_t n = 0; n < ref.size(); n++) {
        CHECK((*top)[n].item == ref[n].second);
        CHECK((*top)[n].score == static_cast<float>(-ref[n].first));
      }
    }
}
