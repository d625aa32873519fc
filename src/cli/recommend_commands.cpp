// `plume recommend evaluate / synth`: the recommender's commands. Parsing and printing only.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/command.h"
#include "recommend/bpr.h"
#include "recommend/evaluate.h"
#include "recommend/factorization.h"
#include "recommend/recommender.h"

using namespace plume;
using namespace plume::recommend;
using nlohmann::json;
using plume::cli::fail;

namespace {

const std::set<std::string> kFlags = {"data", "algo", "split", "k", "seed", "neighbors", "similarity", "shrinkage",
                                      "min-support", "out", "users", "items", "interactions", "rank", "factors", "reg", "alpha",
                                      "iterations", "epochs", "lr"};
const std::set<std::string> kSwitches = {"json", "implicit"};

Result<Dataset> load_dataset(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot open '", path, "'");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '[') return import_interactions_json(text);
  return import_interactions_csv(text);
}

// Which algorithms read each tuning flag: a flag the chosen algorithm ignores is an error, so a
// typo in --algo never silently evaluates a model without the options the user asked for.
Status check_flags_apply(const cli::Args& a, const std::string& algo) {
  const std::map<std::string, std::set<std::string>> used_by = {
      {"factors", {"svd", "als", "bpr"}},     {"reg", {"svd", "als", "bpr"}},
      {"iterations", {"svd", "als", "bpr"}},  {"epochs", {"svd"}},
      {"lr", {"svd", "bpr"}},                 {"alpha", {"als"}},
      {"neighbors", {"itemknn", "userknn"}},  {"similarity", {"itemknn", "userknn"}},
      {"shrinkage", {"itemknn", "userknn"}},  {"min-support", {"itemknn", "userknn"}}};
  for (const auto& entry : used_by) {
    if (!a.has(entry.first) || entry.second.count(algo)) continue;
    std::string names;
    for (const std::string& n : entry.second) names += (names.empty() ? "" : ", ") + n;
    return make_error("--", entry.first, " does not apply to --algo ", algo, " (it is used by ", names, ")");
  }
  return {};
}

Result<std::unique_ptr<Recommender>> make_model(const cli::Args& a) {
  const std::string algo = a.str("algo", "itemknn");
  if (algo == "pop" || algo == "itemknn" || algo == "userknn" || algo == "svd" || algo == "als" || algo == "bpr")
    if (auto s = check_flags_apply(a, algo); !s) return s.error();
  KnnOptions knn;
  auto neighbors = a.integer("neighbors", knn.neighbors);
  if (!neighbors) return neighbors.error();
  auto shrinkage = a.number("shrinkage", knn.shrinkage);
  if (!shrinkage) return shrinkage.error();
  auto support = a.integer("min-support", knn.min_support);
  if (!support) return support.error();
  auto similarity = similarity_from_name(a.str("similarity", "cosine"));
  if (!similarity) return similarity.error();
  knn.neighbors = static_cast<int>(*neighbors);
  knn.shrinkage = static_cast<float>(*shrinkage);
  knn.min_support = static_cast<int>(*support);
  knn.similarity = *similarity;
  auto seed = a.integer("seed", 42);
  if (!seed) return seed.error();
  if (algo == "svd" || algo == "als") {
    auto factors = a.integer("factors", algo == "svd" ? SvdOptions{}.factors : AlsOptions{}.factors);
    // SVD's passes are epochs; --iterations is accepted for it too (the common flag).
    const char* passes = algo == "svd" && a.has("epochs") ? "epochs" : "iterations";
    auto iterations = a.integer(passes, algo == "svd" ? SvdOptions{}.epochs : AlsOptions{}.iterations);
    auto reg = a.number("reg", algo == "svd" ? SvdOptions{}.regularization : AlsOptions{}.regularization);
    for (auto* r : {&factors, &iterations})
      if (!*r) return r->error();
    if (!reg) return reg.error();
    if (*factors < 1 || *factors > 1024) return make_error("--factors must be between 1 and 1024");
    if (*iterations < 1 || *iterations > 10000) return make_error("--iterations/--epochs must be between 1 and 10000");
    if (algo == "svd") {
      SvdOptions o;
      auto lr = a.number("lr", o.learning_rate);
      if (!lr) return lr.error();
      o.factors = static_cast<int32_t>(*factors);
      o.epochs = static_cast<int32_t>(*iterations);
      o.regularization = static_cast<float>(*reg);
      o.learning_rate = static_cast<float>(*lr);
      o.seed = static_cast<uint64_t>(*seed);
      return std::unique_ptr<Recommender>(new SvdSgd(o));
    }
    AlsOptions o;
    auto alpha = a.number("alpha", o.alpha);
    if (!alpha) return alpha.error();
    o.factors = static_cast<int32_t>(*factors);
    o.iterations = static_cast<int32_t>(*iterations);
    o.regularization = static_cast<float>(*reg);
    o.alpha = static_cast<float>(*alpha);
    o.seed = static_cast<uint64_t>(*seed);
    return std::unique_ptr<Recommender>(new ImplicitAls(o));
  }
  if (algo == "bpr") {
    BprOptions o;
    auto factors = a.integer("factors", o.factors), iterations = a.integer("iterations", o.iterations);
    auto reg = a.number("reg", o.regularization), lr = a.number("lr", o.learning_rate);
    for (auto* r : {&factors, &iterations})
      if (!*r) return r->error();
    for (auto* r : {&reg, &lr})
      if (!*r) return r->error();
    if (*factors < 1 || *factors > 1024) return make_error("--factors must be between 1 and 1024");
    if (*iterations < 1 || *iterations > 10000) return make_error("--iterations must be between 1 and 10000");
    o.factors = static_cast<int32_t>(*factors);
    o.iterations = static_cast<int32_t>(*iterations);
    o.regularization = static_cast<float>(*reg);
    o.learning_rate = static_cast<float>(*lr);
    o.seed = static_cast<uint64_t>(*seed);
    return std::unique_ptr<Recommender>(new Bpr(o));
  }
  if (algo == "pop") return std::unique_ptr<Recommender>(new Popularity());
  if (algo == "itemknn") return std::unique_ptr<Recommender>(new ItemKnn(knn));
  if (algo == "userknn") return std::unique_ptr<Recommender>(new UserKnn(knn));
  return make_error("unknown --algo '", algo, "' (pop, itemknn, userknn, svd, als, bpr)");
}

json or_null(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

int cmd_evaluate(const cli::Args& a) {
  auto path = a.required("data");
  if (!path) return fail(path.error().message);
  auto data = load_dataset(*path);
  if (!data) return fail(*path + ": " + data.error().message);
  auto k = a.integer("k", 10);
  auto seed = a.integer("seed", 42);
  if (!k) return fail(k.error().message);
  if (!seed) return fail(seed.error().message);
  if (*k < 1 || *k > 100000) return fail("--k must be between 1 and 100000");
  auto split = split_dataset(*data, a.str("split", "user:0.8"), static_cast<uint64_t>(*seed));
  if (!split) return fail(split.error().message);
  auto model = make_model(a);
  if (!model) return fail(model.error().message);

  TrainingData train = make_training_data(split->train, data->users.size(), data->items.size(), data->explicit_ratings);
  auto t0 = std::chrono::steady_clock::now();
  if (auto s = (*model)->fit(train); !s) return fail(s.error().message);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  Evaluation e = evaluate(**model, train, split->test, static_cast<int>(*k));
  e.train_seconds = seconds;
  json out = {{"algo", (*model)->name()}, {"precision_at_k", e.precision_at_k}, {"recall_at_k", e.recall_at_k},
              {"ndcg_at_k", e.ndcg_at_k}, {"map_at_k", e.map_at_k}, {"hit_rate_at_k", e.hit_rate_at_k},
              {"coverage", e.coverage}, {"rmse", or_null(e.rmse)}, {"mae", or_null(e.mae)},
              {"train_seconds", e.train_seconds}, {"users_evaluated", e.users_evaluated},
              {"train_interactions", split->train.size()}, {"test_interactions", split->test.size()}};
  if (a.has("json")) {
    std::cout << out.dump() << "\n";
  } else {
    for (auto& [key, value] : out.items()) std::cout << key << ": " << value.dump() << "\n";
  }
  return 0;
}

int cmd_synth(const cli::Args& a) {
  auto out_path = a.required("out");
  if (!out_path) return fail(out_path.error().message);
  SyntheticOptions o;
  auto users = a.integer("users", o.users), items = a.integer("items", o.items),
       interactions = a.integer("interactions", o.interactions), rank = a.integer("rank", o.rank),
       seed = a.integer("seed", static_cast<int64_t>(o.seed));
  for (auto* r : {&users, &items, &interactions, &rank, &seed})
    if (!*r) return fail(r->error().message);
  if (*users > 10'000'000 || *items > 10'000'000) return fail("--users and --items must be at most 10,000,000");
  o.users = static_cast<int32_t>(*users);
  o.items = static_cast<int32_t>(*items);
  o.interactions = *interactions;
  o.rank = static_cast<int32_t>(*rank);
  o.seed = static_cast<uint64_t>(*seed);
  o.ratings = !a.has("implicit");
  auto data = synthetic_dataset(o);
  if (!data) return fail(data.error().message);
  std::ofstream out(*out_path, std::ios::binary);
  if (!out) return fail("cannot write '" + *out_path + "'");
  out << (o.ratings ? "user,item,rating,timestamp\n" : "user,item,value,timestamp\n");
  for (const Interaction& r : data->rows)
    out << data->users.name(r.user) << ',' << data->items.name(r.item) << ',' << r.value << ',' << r.timestamp << '\n';
  std::fprintf(stderr, "wrote %s (%zu interactions)\n", out_path->c_str(), data->rows.size());
  return 0;
}

template <class Body>
std::function<int(int, char**, int)> with_args(Body body) {
  return [body](int argc, char** argv, int first) {
    auto args = cli::Args::parse(argc, argv, first, kFlags, kSwitches);
    if (!args) return fail(args.error().message);
    return body(*args);
  };
}

cli::Register evaluate_cmd({"recommend evaluate",
    "recommend evaluate --data FILE.csv|json --algo pop|itemknn|userknn|svd|als|bpr [--split random:0.8|user:0.8|last:1]\n"
    "          [--k 10] [--seed S] [--neighbors 40] [--similarity cosine|adjusted_cosine|pearson]\n"
    "          [--shrinkage 100] [--min-support 1] [--factors N] [--reg R] [--alpha A] [--iterations N]\n"
    "          [--epochs N] [--lr L] [--json]",
    with_args(cmd_evaluate)});
cli::Register synth_cmd({"recommend synth",
    "recommend synth --out FILE.csv [--users 943] [--items 1682] [--interactions 100000] [--rank 8] [--seed 42]\n"
    "          [--implicit]   (synthetic interactions with planted latent structure)",
    with_args(cmd_synth)});

}  // namespace
