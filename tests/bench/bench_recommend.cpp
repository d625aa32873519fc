// Native half of the recommender benchmark (tests/bench/bench_recommend.mjs runs it and the
// WASM half, and prints the table): train time per algorithm and top-10 latency for a known
// user and for a folded-in visitor, on synthetic planted-structure data. Medians of several runs.
// Times are this thread's CPU time (CLOCK_THREAD_CPUTIME_ID): on a shared, loaded machine wall
// time measures the neighbours; the work is single-threaded, so CPU time is what a quiet machine
// would show.
//   bench_recommend USERS ITEMS INTERACTIONS RUNS   -> one JSON object on stdout
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "recommend/bundle.h"
#include "recommend/evaluate.h"

using namespace plume::recommend;
#include <ctime>

// A steady_clock-like clock on the thread's CPU time.
struct Clock {
  using duration = std::chrono::nanoseconds;
  using time_point = std::chrono::time_point<Clock, duration>;
  static time_point now() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return time_point(duration(static_cast<int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec));
  }
};

static double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

int main(int argc, char** argv) {
  SyntheticOptions so;
  so.users = argc > 1 ? std::atoi(argv[1]) : 10000;
  so.items = argc > 2 ? std::atoi(argv[2]) : 5000;
  so.interactions = argc > 3 ? std::atoll(argv[3]) : 300000;
  const int runs = argc > 4 ? std::atoi(argv[4]) : 3;
  so.ratings = false;
  auto data = synthetic_dataset(so);
  if (!data) { std::fprintf(stderr, "%s\n", data.error().message.c_str()); return 1; }
  nlohmann::json out = {{"users", so.users}, {"items", so.items}, {"interactions", data->rows.size()}, {"algos", nlohmann::json::object()}};
  for (const char* algo : {"als", "bpr", "itemknn", "pop"}) {
    AlgoOptions o;
    o.algo = algo;
    std::vector<double> train_s, top_ms, visitor_ms;
    std::unique_ptr<Bundle> bundle;
    for (int r = 0; r < runs; r++) {
      auto t0 = Clock::now();
      auto b = train_bundle(*data, o);
      train_s.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
      if (!b) { std::fprintf(stderr, "%s\n", b.error().message.c_str()); return 1; }
      bundle = std::move(*b);
    }
    ServeRequest req;
    req.k = 10;
    const ServingContext ctx = bundle->context();
    for (int r = 0; r < 50; r++) {
      auto t0 = Clock::now();
      auto top = serve_top(ctx, r * 97 % so.users, {}, req);
      top_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      const History visitor = history_of(*bundle->train, (r * 89 + 1) % so.users);
      t0 = Clock::now();
      auto v = serve_top(ctx, -1, visitor, req);
      visitor_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      if (!top || !v) return 1;
    }
    out["algos"][algo] = {{"train_s", median(train_s)}, {"top10_ms", median(top_ms)}, {"visitor_top10_ms", median(visitor_ms)}};
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
