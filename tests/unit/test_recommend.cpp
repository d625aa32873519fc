// Recommender data, splits, metrics (Spark's published RankingMetrics values), similarities
// (against a dense double-precision computation written here) and algorithm quality on
// synthetic data with planted structure.
#include <catch2/catch.hpp>

#include <cmath>

#include "recommend/evaluate.h"
#include "recommend/interactions.h"
#include "recommend/recommender.h"

using namespace plume;
using namespace plume::recommend;

TEST_CASE("ranking metrics reproduce Spark's RankingMetricsSuite", "[recommend]") {
  // Spark MLlib's example: three queries, the third with no relevant items (Spark scores it 0).
  const std::vector<std::vector<int32_t>> ranked = {{1, 6, 2, 7, 8, 3, 9, 10, 4, 5}, {4, 1, 5, 6, 2, 7, 3, 8, 9, 10}, {1, 2, 3, 4, 5}};
  const std::vector<std::vector<int32_t>> relevant = {{1, 2, 3, 4, 5}, {1, 2, 3}, {}};
  auto mean = [&](int k, double RankingScores::*field) {
    double s = 0;
    for (size_t q = 0; q < 3; q++) s += rank_scores(ranked[q], relevant[q], k).*field;
    return s / 3;
  };
  CHECK(mean(1, &RankingScores::precision) == Approx(1.0 / 3));
  CHECK(mean(2, &RankingScores::precision) == Approx(1.0 / 3));
  CHECK(mean(3, &RankingScores::precision) == Approx(1.0 / 3));
  CHECK(mean(4, &RankingScores::precision) == Approx(0.75 / 3));
  CHECK(mean(5, &RankingScores::precision) == Approx(0.8 / 3));
  CHECK(mean(10, &RankingScores::precision) == Approx(0.8 / 3));
  CHECK(mean(15, &RankingScores::precision) == Approx(8.0 / 45));  // (5/15 + 3/15 + 0) / 3
  CHECK(mean(3, &RankingScores::ndcg) == Approx(1.0 / 3));
  CHECK(mean(5, &RankingScores::ndcg) == Approx(0.328788).margin(1e-6));
  CHECK(mean(10, &RankingScores::ndcg) == Approx(0.487913).margin(1e-6));
  CHECK(mean(15, &RankingScores::ndcg) == Approx(0.487913).margin(1e-6));
  // With k = 10 every relevant item of these queries is within reach, so MAP@10 equals
  // Spark's meanAveragePrecision.
  CHECK(mean(10, &RankingScores::average_precision) == Approx(0.355026).margin(1e-6));
  // Recall by hand: query 1 finds 2 of 5 in its top 3, query 2 finds 1 of 3.
  CHECK(mean(3, &RankingScores::recall) == Approx((2.0 / 5 + 1.0 / 3) / 3));
}

TEST_CASE("CSV and JSON imports map ids, resolve duplicates and name bad cells", "[recommend]") {
  auto d = import_interactions_csv("user,item,rating,timestamp\nalice,sku-1,4,100\nbob,sku-2,5,50\nalice,sku-1,2,200\n");
  REQUIRE(d.ok());
  CHECK(d->explicit_ratings);
  CHECK(d->users.size() == 2);
  CHECK(d->items.size() == 2);
  REQUIRE(d->rows.size() == 2);
  CHECK(d->rows[0].value == 2.0f);  // the later rating of (alice, sku-1) wins
  CHECK(d->users.name(*d->users.find("bob")) == "bob");

  auto events = import_interactions_csv("customer_id,sku,event\nc1,a,view\nc1,a,purchase\nc2,b,click\n");
  REQUIRE(events.ok());
  CHECK_FALSE(events->explicit_ratings);
  CHECK(events->rows[0].value == 6.0f);  // view (1) + purchase (5) add up

  auto movielens = import_interactions_csv("196\t242\t3\t881250949\n186\t302\t3\t891717742\n");
  REQUIRE(movielens.ok());
  CHECK(movielens->rows.size() == 2);
  CHECK(movielens->rows[1].timestamp == 891717742);

  auto message = [](std::string_view text) {
    auto r = import_interactions_csv(text);
    REQUIRE_FALSE(r.ok());
    return r.error().message;
  };
  CHECK(message("user,item,rating\nu,i,abc\n") == "line 2, column 3 (rating): 'abc' is not a number");
  CHECK(message("user,item,rating\nu,i,4\nu,i\n") == "line 3: 2 columns, the header has 3");
  CHECK_THAT(message("name,price\nx,1\n"), Catch::Contains("must name a 'user' and an 'item' column"));
  CHECK_THAT(message("user,item,event\nu,i,teleport\n"), Catch::Contains("unknown event type 'teleport'"));
  CHECK_THAT(message("user,item,rating\nu,i,-1\n"), Catch::Contains("negative"));
  CHECK_THAT(message("user,item,rating\nu,i,nan\n"), Catch::Contains("not a number"));
  CHECK_THAT(message(""), Catch::Contains("empty"));

  auto j = import_interactions_json(R"([{"user":"u1","item":"i1","rating":5},{"user":"u2","item":"i1","rating":3}])");
  REQUIRE(j.ok());
  CHECK(j->rows.size() == 2);
  auto bad = import_interactions_json(R"([{"user":"u1","rating":5}])");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "row 1 (item): missing 'item'");
}

TEST_CASE("splits are seeded, disjoint, and follow their definitions", "[recommend]") {
  SyntheticOptions o;
  o.users = 50;
  o.items = 80;
  o.interactions = 1000;
  auto data = synthetic_dataset(o);
  REQUIRE(data.ok());
  for (const char* spec : {"random:0.8", "user:0.8", "last:1"}) {
    auto a = split_dataset(*data, spec, 1), b = split_dataset(*data, spec, 1);
    REQUIRE(a.ok());
    CHECK(a->train.size() + a->test.size() == data->rows.size());
    CHECK(a->train.size() == b->train.size());
  }
  auto last = split_dataset(*data, "last:1", 1);
  CHECK(last->test.size() == 50);  // one per user
  for (const Interaction& t : last->test)
    for (const Interaction& r : last->train)
      if (r.user == t.user) CHECK(r.timestamp <= t.timestamp);
  CHECK_FALSE(split_dataset(*data, "random:1.5", 1).ok());
  CHECK_FALSE(split_dataset(*data, "shuffle:0.5", 1).ok());
}

TEST_CASE("item similarities equal a dense double-precision computation", "[recommend]") {
  // 5 users x 4 items, ratings 1..5, 0 = not rated.
  const double R[5][4] = {{5, 3, 0, 1}, {4, 0, 0, 1}, {1, 1, 0, 5}, {1, 0, 0, 4}, {0, 1, 5, 4}};
  std::vector<Interaction> rows;
  for (int u = 0; u < 5; u++)
    for (int i = 0; i < 4; i++)
      if (R[u][i] > 0) rows.push_back({u, i, static_cast<float>(R[u][i]), 0});
  TrainingData d = make_training_data(rows, 5, 4, true);
  auto sims = row_similarities(d.by_item, nullptr, nullptr, 10, 0.0f, 1);
  for (int a = 0; a < 4; a++) {
    for (const Recommendation& s : sims[static_cast<size_t>(a)]) {
      double dot = 0, na = 0, nb = 0;
      for (int u = 0; u < 5; u++) {
        dot += R[u][a] * R[u][s.item];
        na += R[u][a] * R[u][a];
        nb += R[u][s.item] * R[u][s.item];
      }
      CHECK(s.score == Approx(dot / std::sqrt(na * nb)).epsilon(1e-6));
    }
  }
  // Pearson (item-mean centred): item 0 and item 3 move in opposite directions.
  std::vector<double> means = {(5 + 4 + 1 + 1) / 4.0, (3 + 1 + 1) / 3.0, 5.0, (1 + 1 + 5 + 4 + 4) / 5.0};
  auto pearson = row_similarities(d.by_item, &means, nullptr, 10, 0.0f, 1);
  bool found = false;
  for (const Recommendation& s : pearson[0])
    if (s.item == 3) { found = true; CHECK(s.score < -0.5f); }
  CHECK(found);
  // Shrinkage scales by n / (n + lambda), n = co-rating users (items 0 and 3 share 4 users).
  auto shrunk = row_similarities(d.by_item, nullptr, nullptr, 10, 4.0f, 1);
  for (const Recommendation& s : shrunk[0])
    if (s.item == 3)
      for (const Recommendation& raw : sims[0])
        if (raw.item == 3) CHECK(s.score == Approx(raw.score * 4.0 / 8.0));
}

TEST_CASE("top-k excludes what the user has and breaks ties by item", "[recommend]") {
  std::vector<Interaction> rows = {{0, 0, 1, 0}, {1, 0, 1, 0}, {1, 1, 1, 0}, {2, 1, 1, 0}, {2, 2, 1, 0}, {3, 3, 1, 0}};
  TrainingData d = make_training_data(rows, 4, 5, false);
  Popularity pop;
  REQUIRE(pop.fit(d).ok());
  std::vector<float> scratch;
  auto top = top_k(pop, d, 0, 3, scratch);
  REQUIRE(top.size() == 3);
  CHECK(top[0].item == 1);  // 2 users; item 0 (also 2) is the user's own
  CHECK(top[1].item == 2);  // 1 user, ties with 3: lower index first
  CHECK(top[2].item == 3);
}

TEST_CASE("neighbourhood methods beat popularity clearly on planted structure", "[recommend]") {
  SyntheticOptions o;  // MovieLens-100k-shaped
  o.users = 300;
  o.items = 500;
  o.interactions = 20000;
  auto data = synthetic_dataset(o);
  REQUIRE(data.ok());
  auto split = split_dataset(*data, "user:0.8", 3);
  REQUIRE(split.ok());
  TrainingData train = make_training_data(split->train, data->users.size(), data->items.size(), true);
  Popularity pop;
  ItemKnn item;
  UserKnn user;
  REQUIRE(pop.fit(train).ok());
  REQUIRE(item.fit(train).ok());
  REQUIRE(user.fit(train).ok());
  Evaluation e_pop = evaluate(pop, train, split->test, 10), e_item = evaluate(item, train, split->test, 10),
             e_user = evaluate(user, train, split->test, 10);
  INFO("P@10 pop " << e_pop.precision_at_k << " itemknn " << e_item.precision_at_k << " userknn " << e_user.precision_at_k);
  CHECK(e_item.precision_at_k > 2 * e_pop.precision_at_k);
  CHECK(e_user.precision_at_k > 2 * e_pop.precision_at_k);
  CHECK(e_item.ndcg_at_k > e_pop.ndcg_at_k);
  REQUIRE(e_item.rmse);
  CHECK(*e_item.rmse < *e_pop.rmse);  // item means + neighbours beat item means alone
  CHECK(e_pop.users_evaluated == 300);
  // Explanations: an item's neighbours are sorted by similarity.
  const auto& n = item.neighbors(0);
  for (size_t i = 1; i < n.size(); i++) CHECK(n[i - 1].score >= n[i].score);
}
