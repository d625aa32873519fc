// Recommender data, splits, metrics (Spark's published RankingMetrics values), similarities
// (against a dense double-precision computation written here) and algorithm quality on
// synthetic data with planted structure.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/rng.h"
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

// ---- Matrix factorization --------------------------------------------------------------------

#include "recommend/factorization.h"

namespace {

// Solves A x = b by Gaussian elimination with partial pivoting, in double: the independent
// reference for the conjugate-gradient ALS step.
std::vector<double> solve_dense(std::vector<std::vector<double>> A, std::vector<double> b) {
  const size_t n = b.size();
  for (size_t c = 0; c < n; c++) {
    size_t pivot = c;
    for (size_t r = c + 1; r < n; r++)
      if (std::abs(A[r][c]) > std::abs(A[pivot][c])) pivot = r;
    std::swap(A[c], A[pivot]);
    std::swap(b[c], b[pivot]);
    for (size_t r = c + 1; r < n; r++) {
      double f = A[r][c] / A[c][c];
      for (size_t k = c; k < n; k++) A[r][k] -= f * A[c][k];
      b[r] -= f * b[c];
    }
  }
  std::vector<double> x(n);
  for (size_t i = n; i-- > 0;) {
    double s = b[i];
    for (size_t k = i + 1; k < n; k++) s -= A[i][k] * x[k];
    x[i] = s / A[i][i];
  }
  return x;
}

}  // namespace

TEST_CASE("the ALS row step equals the exact weighted least-squares solution", "[recommend]") {
  // Hu, Koren & Volinsky: minimise Σ_j c_j (p_j − x·y_j)² + λ‖x‖² over all items j.
  const int32_t R = 4, n_items = 7;
  Rng rng(5);
  std::vector<float> Y(static_cast<size_t>(n_items * R));
  for (float& v : Y) v = rng.normal();
  const std::vector<int32_t> cols = {1, 4, 5};
  const std::vector<float> values = {1.0f, 3.0f, 0.5f};
  const float alpha = 2.0f, reg = 0.1f;
  std::vector<std::vector<double>> A(R, std::vector<double>(R, 0.0));
  std::vector<double> b(R, 0.0);
  for (int32_t j = 0; j < n_items; j++) {
    double c = 1, p = 0;
    for (size_t k = 0; k < cols.size(); k++)
      if (cols[k] == j) { c = 1 + alpha * values[k]; p = 1; }
    for (int a = 0; a < R; a++) {
      b[static_cast<size_t>(a)] += c * p * Y[static_cast<size_t>(j * R + a)];
      for (int q = 0; q < R; q++) A[static_cast<size_t>(a)][static_cast<size_t>(q)] += c * Y[static_cast<size_t>(j * R + a)] * Y[static_cast<size_t>(j * R + q)];
    }
  }
  for (int a = 0; a < R; a++) A[static_cast<size_t>(a)][static_cast<size_t>(a)] += reg;
  const std::vector<double> exact = solve_dense(A, b);
  std::vector<float> x(R, 0.0f);
  als_solve_row(gram_matrix(Y.data(), n_items, R), Y.data(), R, cols.data(), values.data(), 3, alpha, reg, R, x.data());
  for (int a = 0; a < R; a++) CHECK(x[static_cast<size_t>(a)] == Approx(exact[static_cast<size_t>(a)]).margin(1e-4));
}

TEST_CASE("factorization models learn the planted structure; fold-in places a known user", "[recommend]") {
  SyntheticOptions o;
  o.users = 300;
  o.items = 500;
  o.interactions = 20000;
  auto data = synthetic_dataset(o);
  REQUIRE(data.ok());
  auto split = split_dataset(*data, "user:0.8", 3);
  TrainingData train = make_training_data(split->train, data->users.size(), data->items.size(), true);
  Popularity pop;
  REQUIRE(pop.fit(train).ok());
  SvdOptions so;
  so.factors = 20;
  SvdSgd svd(so);
  REQUIRE(svd.fit(train).ok());
  ImplicitAls als;
  REQUIRE(als.fit(train).ok());
  Evaluation e_pop = evaluate(pop, train, split->test, 10), e_svd = evaluate(svd, train, split->test, 10),
             e_als = evaluate(als, train, split->test, 10);
  INFO("RMSE pop " << *e_pop.rmse << " svd " << *e_svd.rmse << "; P@10 pop " << e_pop.precision_at_k << " als "
                   << e_als.precision_at_k);
  CHECK(*e_svd.rmse < *e_pop.rmse - 0.03);
  CHECK(e_als.precision_at_k > 2 * e_pop.precision_at_k);
  CHECK_FALSE(e_als.rmse.has_value());  // ALS predicts preferences, not ratings

  // A visitor with user 0's training history lands where one more exact ALS step puts user 0.
  std::vector<std::pair<int32_t, float>> history;
  const Csr& m = train.by_user;
  for (int64_t k = m.offsets[0]; k < m.offsets[1]; k++) history.emplace_back(m.cols[static_cast<size_t>(k)], m.values[static_cast<size_t>(k)]);
  std::vector<float> visitor = fold_in(als, history);
  const Factors& f = als.factors();
  std::vector<float> exact(static_cast<size_t>(f.rank), 0.0f);
  als_solve_row(gram_matrix(f.items.data(), data->items.size(), f.rank), f.items.data(), f.rank, &m.cols[0], &m.values[0],
                m.row_size(0), als.options().alpha, als.options().regularization, 200, exact.data());
  for (int32_t a = 0; a < f.rank; a++) CHECK(visitor[static_cast<size_t>(a)] == Approx(exact[static_cast<size_t>(a)]).margin(2e-3));

  CHECK_FALSE(SvdSgd().fit(make_training_data(split->train, data->users.size(), data->items.size(), false)).ok());
}
