// Training throughput (tokens/s) of the C++ trainer for a given model shape, with 1 and 2
// threads. Not a test: figures are measured, never asserted. Build (native, as the CLI is built):
//   g++ -std=c++20 -O3 -march=native -ffp-contract=off -Isrc tests/bench/bench_train.cpp  (continued:)
//       src/train/*.cpp src/model/*.cpp src/core/*.cpp -o build/bench_train
//   build/bench_train [layers embd vocab ctx batch steps]      (default 4 256 8192 256 8 5)
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>

#include "core/kernels.h"
#include "core/rng.h"
#include "train/trainer.h"

using namespace plume;

int main(int argc, char** argv) {
  auto arg = [&](int i, int fallback) { return argc > i ? std::atoi(argv[i]) : fallback; };
  Gpt2Config c;
  c.n_layer = arg(1, 4);
  c.n_embd = arg(2, 256);
  c.n_vocab = arg(3, 8192);
  c.n_ctx = arg(4, 256);
  c.n_head = c.n_embd / 32;
  c.n_ff = 4 * c.n_embd;
  const int batch = arg(5, 8), steps = arg(6, 5);
  TokenStream data;
  Rng rng(1, 0);
  for (int i = 0; i < 200000; i++) data.tokens.push_back(static_cast<int32_t>(rng.next_u32() % static_cast<uint32_t>(c.n_vocab)));
  std::printf("kernels %s; model %d layers x %d wide, vocab %d, ctx %d; batch %d x %d\n", kernels_backend(), c.n_layer,
              c.n_embd, c.n_vocab, c.n_ctx, batch, c.n_ctx);
  for (int threads : {1, 2}) {
    auto params = params_random(c, 1);
    if (!params) { std::fprintf(stderr, "%s\n", params.error().message.c_str()); return 1; }
    TrainOptions o;
    o.batch = batch;
    o.seq = c.n_ctx;
    o.steps = steps + 1;
    auto t = Trainer::create(std::move(params.value()), data, o, threads);
    if (!t) { std::fprintf(stderr, "%s\n", t.error().message.c_str()); return 1; }
    if (!(*t)->step()) return 1;  // warm-up: allocations, first touch
    auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    for (int s = 0; s < steps; s++)
      if (!(*t)->step()) return 1;
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // CPU seconds of all threads: on a shared machine, tokens per CPU-second is what one idle core would do.
    const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    const double tokens = static_cast<double>(steps) * batch * c.n_ctx, tps = tokens / secs;
    std::printf("threads %d: %.2f s/step, %.0f tokens/s wall (%.1f M tokens in 90 minutes), %.0f tokens per CPU-second;"
                " %.2f M parameters\n", threads, secs / steps, tps, tps * 5400 / 1e6, tokens / cpu,
                static_cast<double>((*t)->params().layout.total) / 1e6);
  }
  return 0;
}
