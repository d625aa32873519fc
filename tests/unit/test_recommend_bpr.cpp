// BPR (Rendle et al. 2009): learns planted structure better than popularity, its training loss
// falls and its ranking accuracy rises, held-out AUC improves with training, and fold-in places
// a visitor with a known user's history near that user's ranking.
#include <catch2/catch.hpp>

#include "recommend/bpr.h"
#include "recommend/evaluate.h"

using namespace plume;
using namespace plume::recommend;

namespace {
struct Fixture {
  Dataset data;
  Split split;
  TrainingData train;
};
Fixture planted() {
  SyntheticOptions o;
  o.users = 300;
  o.items = 500;
  o.interactions = 20000;
  o.ratings = false;
  Fixture f{*synthetic_dataset(o), {}, {}};
  f.split = *split_dataset(f.data, "user:0.8", 3);
  f.train = make_training_data(f.split.train, f.data.users.size(), f.data.items.size(), false);
  return f;
}
}  // namespace

TEST_CASE("BPR beats popularity on planted structure; loss falls, AUC rises", "[recommend][bpr]") {
  Fixture f = planted();
  Popularity pop;
  REQUIRE(pop.fit(f.train).ok());
  Bpr bpr;
  REQUIRE(bpr.fit(f.train).ok());
  Evaluation e_pop = evaluate(pop, f.train, f.split.test, 10), e_bpr = evaluate(bpr, f.train, f.split.test, 10);
  INFO("P@10 pop " << e_pop.precision_at_k << " bpr " << e_bpr.precision_at_k << "; NDCG pop " << e_pop.ndcg_at_k
                   << " bpr " << e_bpr.ndcg_at_k);
  CHECK(e_bpr.precision_at_k > 1.5 * e_pop.precision_at_k);
  CHECK(e_bpr.ndcg_at_k > 1.5 * e_pop.ndcg_at_k);
  CHECK_FALSE(e_bpr.rmse.has_value());

  const auto& h = bpr.history();
  REQUIRE(h.size() == static_cast<size_t>(BprOptions{}.iterations));
  INFO("loss " << h.front().loss << " -> " << h.back().loss << ", train AUC " << h.front().auc << " -> " << h.back().auc);
  // The start is uninformed (σ(≈0), loss ln 2 ≈ 0.693); the first epoch's mean is just below.
  CHECK(h.front().loss < std::log(2.0) + 1e-3);
  CHECK(h.front().loss > 0.55);
  CHECK(h.back().loss < 0.6 * h.front().loss);
  CHECK(h.back().auc > h.front().auc + 0.2);

  BprOptions one;
  one.iterations = 1;
  Bpr early(one);
  REQUIRE(early.fit(f.train).ok());
  const double auc_early = sampled_auc(early, f.train, f.split.test, 50, 9), auc_late = sampled_auc(bpr, f.train, f.split.test, 50, 9),
               auc_pop = sampled_auc(pop, f.train, f.split.test, 50, 9);
  INFO("held-out AUC: 1 epoch " << auc_early << ", trained " << auc_late << ", popularity " << auc_pop);
  CHECK(auc_late > auc_early + 0.05);
  CHECK(auc_late > auc_pop);
}

TEST_CASE("BPR is seeded, checks its options, and without biases still learns", "[recommend][bpr]") {
  Fixture f = planted();
  BprOptions o;
  o.iterations = 3;
  Bpr a(o), b(o);
  REQUIRE(a.fit(f.train).ok());
  REQUIRE(b.fit(f.train).ok());
  CHECK(a.factors().items == b.factors().items);
  o.seed = 7;
  Bpr c(o);
  REQUIRE(c.fit(f.train).ok());
  CHECK(a.factors().items != c.factors().items);

  BprOptions no_bias;
  no_bias.item_bias = false;
  Bpr nb(no_bias);
  REQUIRE(nb.fit(f.train).ok());
  for (float b : nb.item_bias()) CHECK(b == 0.0f);
  CHECK(nb.history().back().auc > 0.8);

  BprOptions bad;
  bad.learning_rate = 0;
  CHECK_FALSE(Bpr(bad).fit(f.train).ok());
  bad = {};
  bad.factors = 0;
  CHECK_FALSE(Bpr(bad).fit(f.train).ok());
}

TEST_CASE("BPR fold-in ranks a visitor like the user whose history they share", "[recommend][bpr]") {
  Fixture f = planted();
  Bpr bpr;
  REQUIRE(bpr.fit(f.train).ok());
  const Csr& m = f.train.by_user;
  std::vector<std::pair<int32_t, float>> history;
  for (int64_t k = m.offsets[5]; k < m.offsets[6]; k++) history.emplace_back(m.cols[static_cast<size_t>(k)], 1.0f);
  std::vector<float> p = bpr_fold_in(bpr.factors(), bpr.item_bias(), history, bpr.options());
  // Scores of the visitor and of user 5 correlate strongly over the items user 5 does not have.
  std::vector<float> known(static_cast<size_t>(m.n_cols));
  bpr.score_items(5, known.data());
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  int n = 0;
  for (int32_t i = 0; i < m.n_cols; i++) {
    double x = known[static_cast<size_t>(i)], y = bpr.item_bias()[static_cast<size_t>(i)];
    for (int32_t a = 0; a < bpr.factors().rank; a++) y += p[static_cast<size_t>(a)] * bpr.factors().item(i)[a];
    sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y; n++;
  }
  const double corr = (sxy - sx * sy / n) / std::sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
  INFO("correlation " << corr);
  CHECK(corr > 0.8);
  CHECK(bpr_fold_in(bpr.factors(), bpr.item_bias(), {}, bpr.options()) == std::vector<float>(static_cast<size_t>(bpr.factors().rank), 0.0f));
}
