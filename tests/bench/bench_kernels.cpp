// Micro-benchmark of core/kernels matmul on GPT-2-small shapes, F32 and Q8_0, native or WASM.
// Not a unit test. Prints, per shape and batch size, the median of 5 runs as GMAC/s (multiply-
// adds per second; a MAC is 2 flops). One matrix reused stays in cache (up to L3), so these are
// compute figures; the "decode" lines then run every matmul of a GPT-2-small step over 49
// distinct matrices (12 layers + output head, ~124M weights streamed from memory), which is
// what generation really costs in the kernels (attention, norms and sampling not included).
//
// native: g++ -std=c++20 -O3 -march=native -ffp-contract=off -Isrc tests/bench/bench_kernels.cpp
//           src/core/kernels.cpp src/core/tensor.cpp src/core/rng.cpp -o bench_kernels
// wasm:   em++ (same flags, -msimd128 instead of -march=native) -sALLOW_MEMORY_GROWTH=1
//           -sMAXIMUM_MEMORY=4294967296 -sENVIRONMENT=node -o bench_kernels.js; node bench_kernels.js
// Arguments: [--quick] (one run per case, small batches only).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/f16.h"
#include "core/kernels.h"
#include "core/rng.h"

using namespace plume;

namespace {

struct Shape {
  int64_t rows, cols;
  const char* what;
};

double now_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

// Weight bytes for a rows x cols matrix of random values in [-1, 1).
std::vector<uint8_t> make_weights(DType type, int64_t rows, int64_t cols, Rng& rng) {
  std::vector<float> row(cols);
  std::vector<uint8_t> bytes(rows * row_bytes(type, cols));
  for (int64_t r = 0; r < rows; ++r) {
    for (auto& v : row) v = 2.0f * rng.uniform() - 1.0f;
    uint8_t* dst = bytes.data() + r * row_bytes(type, cols);
    if (type == DType::F32) std::memcpy(dst, row.data(), cols * 4);
    else quantize_row_q8_0(row.data(), cols, reinterpret_cast<BlockQ8_0*>(dst));
  }
  return bytes;
}

// Median seconds of `runs` calls, after warming up for at least 3 calls and 50 ms (V8 first
// runs WASM in its baseline compiler and swaps in the optimized code in the background).
double time_matmul(const Matrix& W, const std::vector<float>& X, int n_tokens, int runs,
                   MatmulScratch& scratch, std::vector<float>& Y) {
  const double warm_start = now_seconds();
  for (int i = 0; i < 3 || now_seconds() - warm_start < 0.05; ++i)
    matmul(W, X.data(), n_tokens, nullptr, Y.data(), scratch);
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    double t0 = now_seconds();
    matmul(W, X.data(), n_tokens, nullptr, Y.data(), scratch);
    t.push_back(now_seconds() - t0);
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

// A whole decode step of GPT-2 small: 12 x (attn_qkv, attn_output, ffn_up, ffn_down) + output,
// each a distinct matrix, for n_seq sequences decoding in lockstep (n_tokens = n_seq).
void decode_step(DType type, Rng& rng, int runs, const std::vector<int>& n_seqs) {
  std::vector<std::vector<uint8_t>> storage;
  std::vector<Matrix> mats;
  for (int layer = 0; layer < 12; ++layer)
    for (Shape s : {Shape{2304, 768, ""}, Shape{768, 768, ""}, Shape{3072, 768, ""}, Shape{768, 3072, ""}}) {
      storage.push_back(make_weights(type, s.rows, s.cols, rng));
      mats.push_back(Matrix{type, storage.back().data(), s.rows, s.cols});
    }
  storage.push_back(make_weights(type, 50257, 768, rng));
  mats.push_back(Matrix{type, storage.back().data(), 50257, 768});
  double macs = 0;
  for (const Matrix& m : mats) macs += double(m.rows) * m.cols;
  for (int n : n_seqs) {
    std::vector<float> X(n * 3072), Y(n * 50257);
    for (auto& x : X) x = 2.0f * rng.uniform() - 1.0f;
    MatmulScratch scratch;
    std::vector<double> t;
    for (int i = 0; i <= runs; ++i) {  // the first run warms up (caches, V8's optimized code)
      double t0 = now_seconds();
      for (const Matrix& m : mats) matmul(m, X.data(), n, nullptr, Y.data(), scratch);
      if (i > 0) t.push_back(now_seconds() - t0);
    }
    std::sort(t.begin(), t.end());
    const double sec = t[t.size() / 2];
    std::printf("%-5s decode step, %d sequence(s): %7.1f ms = %6.1f tokens/s  (%5.2f GMAC/s)\n",
                dtype_name(type), n, sec * 1e3, n / sec, macs * n / sec * 1e-9);
  }
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int runs = quick ? 1 : 5;
  const Shape shapes[] = {{768, 768, "attn_output"}, {2304, 768, "attn_qkv"},
                          {3072, 768, "ffn_up"},     {768, 3072, "ffn_down"},
                          {50257, 768, "output"}};
  const std::vector<int> batches = quick ? std::vector<int>{1, 4} : std::vector<int>{1, 4, 8, 16, 32, 64};

  std::printf("kernels backend: %s; GMAC/s, median of %d runs\n", kernels_backend(), runs);
  std::printf("%-5s %-12s %11s", "type", "shape", "");
  for (int n : batches) std::printf(" %8s%-3d", "tokens=", n);
  std::printf("\n");

  Rng rng(7);
  for (DType type : {DType::F32, DType::Q8_0}) {
    for (const Shape& s : shapes) {
      std::vector<uint8_t> bytes = make_weights(type, s.rows, s.cols, rng);
      Matrix W{type, bytes.data(), s.rows, s.cols};
      std::vector<float> X(batches.back() * s.cols), Y(batches.back() * s.rows);
      for (auto& x : X) x = 2.0f * rng.uniform() - 1.0f;
      MatmulScratch scratch;
      char shape[32];
      std::snprintf(shape, sizeof shape, "%lldx%lld", (long long)s.rows, (long long)s.cols);
      std::printf("%-5s %-12s %-11s", dtype_name(type), shape, s.what);
      for (int n : batches) {
        // Fewer runs for the huge cases so the whole bench stays around a minute.
        const bool huge = double(s.rows) * s.cols * n > 1e9;
        double sec = time_matmul(W, X, n, huge ? std::min(runs, 3) : runs, scratch, Y);
        std::printf(" %11.2f", double(s.rows) * s.cols * n / sec * 1e-9);
        std::fflush(stdout);
      }
      std::printf("\n");
    }
    decode_step(type, rng, runs, quick ? std::vector<int>{1} : std::vector<int>{1, 4});
  }
  return 0;
}
