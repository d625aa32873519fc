// Native half of the recommender benchmark (tests/bench/bench_recommend.mjs runs it, runs the
// WASM half through the engine, and prints the tables). One JSON object on stdout per call:
//   bench_recommend quality RUNS
//       MovieLens-100k-shaped planted data (943 users x 1,682 items, 100,000 ratings), split
//       user:0.8 (seed 42), k = 10: NDCG/precision/recall/MAP/hit rate/coverage and RMSE of
//       pop, itemknn, userknn, als, bpr, svd with their default options; train time (median).
//   bench_recommend als USERS ITEMS INTERACTIONS RUNS
//       planted implicit data of that size: ALS rank 32, 15 iterations (median of RUNS), time per
//       iteration; top-10 for a known user, fold-in and top-10 for a visitor; peak memory.
//   bench_recommend serve DIR
//       Spark-shaped factors in DIR (written by the .mjs, random, seeded): top-10 for a user,
//       fold-in, top-10 for a visitor; the top-10 of user 0 (to compare with WASM).
// Times are this thread's CPU time (CLOCK_THREAD_CPUTIME_ID): on a shared, loaded machine wall
// time measures the neighbours; the work is single-threaded, so CPU time is what a quiet machine
// would show.
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "recommend/bpr.h"
#include "recommend/bundle.h"
#include "recommend/evaluate.h"
#include "recommend/factor_model.h"
#include "recommend/factorization.h"

using namespace plume::recommend;
using nlohmann::json;

namespace {

double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

int die(const std::string& message) {
  std::fprintf(stderr, "bench_recommend: %s\n", message.c_str());
  return 1;
}

// Latency of serving: top-10 for known users, fold-in and top-10 for visitors (their histories).
json serve_latency(const ServingContext& ctx, const FactorModel& factors, const std::vector<History>& visitors, int calls) {
  ServeRequest req;
  req.k = 10;
  std::vector<double> user_ms, fold_ms, visitor_ms;
  const int32_t n_users = ctx.train->by_user.n_rows;
  for (int r = 0; r < calls; r++) {
    double t0 = cpu_ms();
    auto top = serve_top(ctx, static_cast<int32_t>((static_cast<int64_t>(r) * 97) % n_users), {}, req);
    user_ms.push_back(cpu_ms() - t0);
    const History& h = visitors[static_cast<size_t>(r) % visitors.size()];
    t0 = cpu_ms();
    const std::vector<float> x = factors.fold_in(h);
    fold_ms.push_back(cpu_ms() - t0);
    t0 = cpu_ms();
    auto v = serve_top(ctx, -1, h, req);
    visitor_ms.push_back(cpu_ms() - t0);
    if (!top || !v || x.empty()) return json{{"error", "serving failed"}};
  }
  return {{"top10_user_ms", median(user_ms)}, {"fold_in_ms", median(fold_ms)}, {"top10_visitor_ms", median(visitor_ms)}};
}

int quality(int runs) {
  SyntheticOptions so;  // 943 x 1,682, 100,000 ratings
  auto data = synthetic_dataset(so);
  if (!data) return die(data.error().message);
  auto split = split_dataset(*data, "user:0.8", 42);
  if (!split) return die(split.error().message);
  const TrainingData train = make_training_data(split->train, data->users.size(), data->items.size(), true);
  json out = {{"users", so.users}, {"items", so.items}, {"interactions", data->rows.size()}, {"algos", json::object()}};
  // The models `plume recommend evaluate` builds, with their default options.
  auto make = [](const std::string& algo) -> std::unique_ptr<Recommender> {
    if (algo == "pop") return std::make_unique<Popularity>();
    if (algo == "itemknn") return std::make_unique<ItemKnn>();
    if (algo == "userknn") return std::make_unique<UserKnn>();
    if (algo == "als") return std::make_unique<ImplicitAls>();
    if (algo == "bpr") return std::make_unique<Bpr>();
    return std::make_unique<SvdSgd>();
  };
  for (const char* algo : {"pop", "itemknn", "userknn", "als", "bpr", "svd"}) {
    std::vector<double> seconds;
    Evaluation e;
    for (int r = 0; r < runs; r++) {
      auto model = make(algo);
      const double t0 = cpu_ms();
      if (auto s = model->fit(train); !s) return die(s.error().message);
      seconds.push_back((cpu_ms() - t0) / 1e3);
      e = evaluate(*model, train, split->test, 10);
    }
    out["algos"][algo] = {{"ndcg_at_10", e.ndcg_at_k}, {"precision_at_10", e.precision_at_k}, {"recall_at_10", e.recall_at_k},
                          {"map_at_10", e.map_at_k}, {"hit_rate_at_10", e.hit_rate_at_k}, {"coverage", e.coverage},
                          {"rmse", e.rmse ? json(*e.rmse) : json(nullptr)}, {"train_s", median(seconds)}};
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

int als(int32_t users, int32_t items, int64_t interactions, int runs) {
  SyntheticOptions so;
  so.users = users;
  so.items = items;
  so.interactions = interactions;
  so.ratings = false;
  double t0 = cpu_ms();
  auto data = synthetic_dataset(so);
  if (!data) return die(data.error().message);
  const double synth_s = (cpu_ms() - t0) / 1e3;
  const TrainingData train = make_training_data(data->rows, data->users.size(), data->items.size(), false);
  AlsOptions o;  // rank 32, 15 iterations (the defaults)
  std::vector<double> seconds;
  std::unique_ptr<ImplicitAls> model;
  for (int r = 0; r < runs; r++) {
    model = std::make_unique<ImplicitAls>(o);
    t0 = cpu_ms();
    if (auto s = model->fit(train); !s) return die(s.error().message);
    seconds.push_back((cpu_ms() - t0) / 1e3);
  }
  const FactorModel factors = factor_model_of(*model);
  ServingContext ctx;
  ctx.train = &train;
  ctx.cf = &factors;
  ctx.n_items = train.by_user.n_cols;
  std::vector<History> visitors;
  for (int32_t u = 1; u < std::min(users, 201); u++) visitors.push_back(history_of(train, u));
  json out = {{"users", users}, {"items", items}, {"interactions", data->rows.size()}, {"synth_s", synth_s},
              {"rank", o.factors}, {"iterations", o.iterations}, {"als_s", median(seconds)},
              {"als_iteration_ms", median(seconds) * 1e3 / o.iterations}};
  out.update(serve_latency(ctx, factors, visitors, 200));
  out["peak_rss_mb"] = peak_rss_mb();
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int serve(const std::string& dir) {
  std::map<std::string, std::vector<std::string>> files;
  for (const char* name : {"userFactors", "itemFactors"}) files[name] = {read_file(std::filesystem::path(dir) / name / "part-00000.json")};
  for (const char* name : {"user_ids.jsonl", "item_ids.jsonl"}) files[name] = {read_file(std::filesystem::path(dir) / name)};
  double t0 = cpu_ms();
  auto b = load_bundle(files, SparkServeOptions{}, nullptr);
  const double load_s = (cpu_ms() - t0) / 1e3;
  if (!b) return die(b.error().message);
  const auto* factors = dynamic_cast<const FactorModel*>((*b)->model.get());
  if (!factors) return die("not a factor model");
  // Visitors: 10 items each, spread over the catalog (the .mjs uses the same ones).
  std::vector<History> visitors;
  const int32_t n = factors->n_items();
  for (int v = 0; v < 20; v++) {
    History h;
    for (int k = 0; k < 10; k++) h.emplace_back(static_cast<int32_t>((static_cast<int64_t>(v) * 7919 + k * 104729) % n), 1.0f);
    visitors.push_back(h);
  }
  const ServingContext ctx = (*b)->context();
  json out = {{"users", factors->n_users()}, {"items", n}, {"rank", factors->factors().rank}, {"load_s", load_s}};
  out.update(serve_latency(ctx, *factors, visitors, 200));
  ServeRequest req;
  auto top = serve_top(ctx, 0, {}, req);
  if (!top) return die(top.error().message);
  out["user0_top10"] = json::array();
  for (const Served& s : *top) out["user0_top10"].push_back((*b)->data.items.name(s.item));
  out["peak_rss_mb"] = peak_rss_mb();
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "quality") return quality(argc > 2 ? std::atoi(argv[2]) : 3);
  if (mode == "als" && argc > 5) return als(std::atoi(argv[2]), std::atoi(argv[3]), std::atoll(argv[4]), std::atoi(argv[5]));
  if (mode == "serve" && argc > 2) return serve(argv[2]);
  return die("usage: bench_recommend quality RUNS | als USERS ITEMS INTERACTIONS RUNS | serve DIR");
}
