// Kernels: accuracy against a double-precision reference, and bit-exactness against a scalar
// transcription of the canonical order in core/kernels.h. The second is what lets us trust that
// native (AVX2) and WASM (SIMD128) builds agree without running both in one process: each build
// must equal the same scalar code. Both references below are written independently of
// src/core/kernels*.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/f16.h"
#include "core/kernels.h"
#include "core/rng.h"

using namespace plume;

namespace {

constexpr double kU = 1.0 / 16777216.0;  // unit roundoff of float, 2^-24

uint32_t bits(float f) { uint32_t u; std::memcpy(&u, &f, 4); return u; }

std::vector<float> random_floats(Rng& rng, size_t n, float scale = 1.0f) {
  std::vector<float> v(n);
  for (auto& x : v) x = (2.0f * rng.uniform() - 1.0f) * scale;
  return v;
}

// --- canonical order, transcribed from the header comment --------------------------------
float canon_dot(const float* a, const float* b, int64_t n) {
  float lane[16];
  for (float& l : lane) l = 0.0f;
  for (int64_t i = 0; i < n; ++i) {
    float p = a[i] * b[i];
    lane[i % 16] = lane[i % 16] + p;
  }
  float s8[8], s4[4], s2[2];
  for (int l = 0; l < 8; ++l) s8[l] = lane[l] + lane[l + 8];
  for (int l = 0; l < 4; ++l) s4[l] = s8[l] + s8[l + 4];
  for (int l = 0; l < 2; ++l) s2[l] = s4[l] + s4[l + 2];
  return s2[0] + s2[1];
}

// ggml's reference quantizer (quantize_row_q8_0_ref), with roundf: halves away from zero.
void ref_quantize(const float* x, int64_t n, BlockQ8_0* out) {
  for (int64_t b = 0; b < n / 32; ++b) {
    float amax = 0.0f;
    for (int i = 0; i < 32; ++i) amax = std::max(amax, std::fabs(x[b * 32 + i]));
    float d = amax / 127.0f;
    float id = d != 0.0f ? 1.0f / d : 0.0f;
    out[b].d = f32_to_f16(d);
    for (int i = 0; i < 32; ++i) out[b].qs[i] = static_cast<int8_t>(std::roundf(x[b * 32 + i] * id));
  }
}

float canon_q8_dot(const BlockQ8_0* w, const BlockQ8_0* x, int64_t nb) {
  float acc = 0.0f;
  for (int64_t b = 0; b < nb; ++b) {
    int32_t isum = 0;
    for (int i = 0; i < 32; ++i) isum += static_cast<int32_t>(w[b].qs[i]) * x[b].qs[i];
    float scale = f16_to_f32(w[b].d) * f16_to_f32(x[b].d);
    acc = acc + static_cast<float>(isum) * scale;
  }
  return acc;
}

// Canonical matmul over any weight type: what every build must reproduce bit for bit.
std::vector<float> canon_matmul(const Matrix& W, const float* X, int n_tokens, const float* bias) {
  std::vector<float> Y(static_cast<size_t>(n_tokens * W.rows));
  std::vector<float> wrow(W.cols);
  std::vector<BlockQ8_0> xq(W.cols / 32);
  for (int t = 0; t < n_tokens; ++t) {
    if (W.type == DType::Q8_0) ref_quantize(X + t * W.cols, W.cols, xq.data());
    for (int64_t r = 0; r < W.rows; ++r) {
      float y;
      if (W.type == DType::Q8_0) {
        y = canon_q8_dot(reinterpret_cast<const BlockQ8_0*>(W.row(r)), xq.data(), W.cols / 32);
      } else {
        for (int64_t i = 0; i < W.cols; ++i)
          wrow[i] = W.type == DType::F32 ? reinterpret_cast<const float*>(W.row(r))[i]
                                         : f16_to_f32(reinterpret_cast<const uint16_t*>(W.row(r))[i]);
        y = canon_dot(wrow.data(), X + t * W.cols, W.cols);
      }
      if (bias) y = y + bias[r];
      Y[t * W.rows + r] = y;
    }
  }
  return Y;
}

// --- test matrices -----------------------------------------------------------------------
struct TestMatrix {
  std::vector<uint8_t> bytes;
  Matrix m;
};

TestMatrix make_matrix(DType type, int64_t rows, int64_t cols, Rng& rng) {
  TestMatrix tm;
  std::vector<float> w = random_floats(rng, rows * cols);
  if (type == DType::F32) {
    tm.bytes.resize(w.size() * 4);
    std::memcpy(tm.bytes.data(), w.data(), tm.bytes.size());
  } else if (type == DType::F16) {
    tm.bytes.resize(w.size() * 2);
    auto* h = reinterpret_cast<uint16_t*>(tm.bytes.data());
    for (size_t i = 0; i < w.size(); ++i) h[i] = f32_to_f16(w[i]);
  } else {
    tm.bytes.resize(w.size() / 32 * sizeof(BlockQ8_0));
    auto* blocks = reinterpret_cast<BlockQ8_0*>(tm.bytes.data());
    ref_quantize(w.data(), static_cast<int64_t>(w.size()), blocks);
    // ggml never writes -128, but GGUF files may hold it; keep the kernels honest about it.
    if (!w.empty()) blocks[0].qs[3] = -128;
  }
  tm.m = Matrix{type, tm.bytes.data(), rows, cols};
  return tm;
}

double weight_at(const Matrix& W, int64_t r, int64_t i) {
  const uint8_t* row = W.row(r);
  switch (W.type) {
    case DType::F32: return reinterpret_cast<const float*>(row)[i];
    case DType::F16: return f16_to_f32(reinterpret_cast<const uint16_t*>(row)[i]);
    case DType::Q8_0: {
      const auto* b = reinterpret_cast<const BlockQ8_0*>(row) + i / 32;
      return static_cast<double>(f16_to_f32(b->d)) * b->qs[i % 32];
    }
  }
  return 0;
}

}  // namespace

TEST_CASE("dot_f32 equals the canonical order bit for bit, any length", "[kernels]") {
  Rng rng(1);
  for (int64_t n : {0, 1, 2, 7, 15, 16, 17, 31, 32, 33, 47, 64, 100, 768, 800, 3072, 3079}) {
    auto a = random_floats(rng, n), b = random_floats(rng, n, 3.0f);
    INFO("n = " << n);
    CHECK(bits(dot_f32(a.data(), b.data(), n)) == bits(canon_dot(a.data(), b.data(), n)));
  }
  // Exactness of the order matters: values chosen so that other orders round differently.
  std::vector<float> a(40), b(40, 1.0f);
  for (int i = 0; i < 40; ++i) a[i] = (i % 3 == 0) ? 1e8f : (i % 3 == 1 ? -1e8f : 1.0f + i);
  CHECK(bits(dot_f32(a.data(), b.data(), 40)) == bits(canon_dot(a.data(), b.data(), 40)));
}

TEST_CASE("matmul F32/F16/Q8_0: canonical bits and double-precision accuracy", "[kernels]") {
  Rng rng(2);
  for (DType type : {DType::F32, DType::F16, DType::Q8_0}) {
    for (int64_t cols : {32, 96, 800}) {
      for (int64_t rows : {1, 3, 4, 5, 13}) {
        TestMatrix tm = make_matrix(type, rows, cols, rng);
        const Matrix& W = tm.m;
        std::vector<float> bias = random_floats(rng, rows);
        for (int n_tokens = 1; n_tokens <= 9; ++n_tokens) {
          std::vector<float> X = random_floats(rng, n_tokens * cols, 2.0f);
          for (bool with_bias : {false, true}) {
            const float* bp = with_bias ? bias.data() : nullptr;
            MatmulScratch scratch;
            std::vector<float> Y(n_tokens * rows, -7.0f);
            matmul(W, X.data(), n_tokens, bp, Y.data(), scratch);
            std::vector<float> C = canon_matmul(W, X.data(), n_tokens, bp);
            INFO(dtype_name(type) << " rows " << rows << " cols " << cols << " tokens " << n_tokens
                                  << " bias " << with_bias);
            for (size_t k = 0; k < Y.size(); ++k) REQUIRE(bits(Y[k]) == bits(C[k]));

            // Accuracy vs. double. Float: 16 lanes of ceil(cols/16) sequential adds, 4 tree
            // levels and the bias add: each product and sum is rounded once, so the error is at
            // most (cols/16 + 7) * u * sum|w x| (Higham's bound for recursive summation), plus
            // u * |bias|. Q8_0 also rounds X to 8 bits: |x - d q| <= d/2 per element, so add
            // sum |w| * d_x / 2 (d_x = amax/127 of the block), and the Q8 float sum has nb + 2
            // roundings per term.
            for (int t = 0; t < n_tokens; ++t) {
              for (int64_t r = 0; r < rows; ++r) {
                double exact = bp ? bp[r] : 0.0, mag = bp ? std::fabs(bp[r]) : 0.0, qerr = 0;
                for (int64_t i = 0; i < cols; ++i) {
                  double w = weight_at(W, r, i), x = X[t * cols + i];
                  exact += w * x;
                  mag += std::fabs(w * x);
                  if (type == DType::Q8_0) {
                    double amax = 0;
                    for (int j = 0; j < 32; ++j) amax = std::max(amax, (double)std::fabs(X[t * cols + i / 32 * 32 + j]));
                    // x is rebuilt as half(d) * q: off by d/2 from rounding plus |d - half(d)| * 127 <=
                    // d * 127 * 2^-11 from storing d as a half.
                    qerr += std::fabs(w) * (amax / 127.0) * (0.5 + 127.0 / 2048.0);
                  }
                }
                double tol = (cols / 16.0 + 7) * kU * mag * 1.01 + qerr;
                if (type == DType::Q8_0) tol += (cols / 32.0 + 3) * kU * (mag + qerr);
                REQUIRE(std::fabs(Y[t * rows + r] - exact) <= tol);
              }
            }
          }
        }
      }
    }
  }
}

TEST_CASE("matmul on larger shapes equals the canonical order", "[kernels]") {
  // Enough rows for the read-ahead of the next row group, several F16 conversion chunks, token
  // counts around the 4-token tiles, and an F32 length with a tail (n % 16 = 5).
  Rng rng(5);
  struct Case { DType type; int64_t rows, cols; };
  for (Case c : {Case{DType::F32, 45, 805}, Case{DType::F16, 45, 800}, Case{DType::Q8_0, 45, 800},
                 Case{DType::Q8_0, 9, 3072}, Case{DType::F16, 9, 3072}}) {
    TestMatrix tm = make_matrix(c.type, c.rows, c.cols, rng);
    std::vector<float> bias = random_floats(rng, c.rows);
    MatmulScratch scratch;  // reused across calls and shapes, as the forward pass does
    for (int n_tokens : {1, 4, 5, 8, 11}) {
      std::vector<float> X = random_floats(rng, n_tokens * c.cols);
      std::vector<float> Y(n_tokens * c.rows);
      matmul(tm.m, X.data(), n_tokens, bias.data(), Y.data(), scratch);
      std::vector<float> C = canon_matmul(tm.m, X.data(), n_tokens, bias.data());
      INFO(dtype_name(c.type) << " " << c.rows << "x" << c.cols << " tokens " << n_tokens);
      for (size_t k = 0; k < Y.size(); ++k) REQUIRE(bits(Y[k]) == bits(C[k]));
    }
  }
}

TEST_CASE("matmul multi-token tiles: token and row counts around every tile size", "[kernels]") {
  // The multi-token paths hold several tokens per vector (groups of 4 or 8) and several rows per
  // tile (2 to 6), with narrower tiles for what is left over, padding in the re-laid-out X, and
  // read-ahead of the next row group. Token counts cover exact multiples, one more and one less
  // than each group/tile width up to a 64-token prompt chunk; row counts are not multiples of
  // the tile heights; F32 lengths leave tails (including fewer than 16 elements: empty lanes).
  Rng rng(6);
  struct Case { DType type; int64_t rows, cols; };
  for (Case c : {Case{DType::F32, 13, 805}, Case{DType::F32, 7, 5}, Case{DType::F32, 27, 64},
                 Case{DType::F16, 13, 800}, Case{DType::Q8_0, 13, 800}, Case{DType::Q8_0, 27, 64},
                 Case{DType::Q8_0, 3, 32}}) {
    TestMatrix tm = make_matrix(c.type, c.rows, c.cols, rng);
    std::vector<float> bias = random_floats(rng, c.rows);
    MatmulScratch scratch;
    for (int n_tokens : {2, 3, 5, 6, 7, 12, 13, 15, 16, 17, 23, 24, 25, 31, 33, 40, 47, 48, 49, 64}) {
      std::vector<float> X = random_floats(rng, n_tokens * c.cols, 2.0f);
      std::vector<float> Y(n_tokens * c.rows, -7.0f);
      const float* bp = n_tokens % 2 ? bias.data() : nullptr;
      matmul(tm.m, X.data(), n_tokens, bp, Y.data(), scratch);
      std::vector<float> C = canon_matmul(tm.m, X.data(), n_tokens, bp);
      INFO(dtype_name(c.type) << " " << c.rows << "x" << c.cols << " tokens " << n_tokens);
      for (size_t k = 0; k < Y.size(); ++k) REQUIRE(bits(Y[k]) == bits(C[k]));
    }
  }
}

TEST_CASE("quantize_row_q8_0 follows ggml's rounding", "[kernels]") {
  Rng rng(3);
  SECTION("random rows equal ggml's reference quantizer") {
    for (float scale : {1e-3f, 1.0f, 50.0f, 3e4f}) {
      auto x = random_floats(rng, 32 * 24, scale);
      std::vector<BlockQ8_0> got(24), want(24);
      quantize_row_q8_0(x.data(), 32 * 24, got.data());
      ref_quantize(x.data(), 32 * 24, want.data());
      REQUIRE(std::memcmp(got.data(), want.data(), 24 * sizeof(BlockQ8_0)) == 0);
    }
  }
  SECTION("all-zero block: d = 0 and q = 0") {
    std::vector<float> x(32, 0.0f);
    x[5] = -0.0f;
    BlockQ8_0 b;
    std::memset(&b, 0x55, sizeof b);
    quantize_row_q8_0(x.data(), 32, &b);
    CHECK(b.d == 0);
    for (int8_t q : b.qs) CHECK(q == 0);
  }
  SECTION("ties round half away from zero; extremes map to +-127") {
    // amax = 127 gives d = 1 and id = 1 exactly, so x * id = x and every .5 is a real tie.
    std::vector<float> x(32, 0.0f);
    const float in[] = {127.0f, 0.5f, -0.5f, 1.5f, -1.5f, 2.5f, -2.5f, 0.49999997f, -126.5f, -127.0f};
    const int out[] = {127, 1, -1, 2, -2, 3, -3, 0, -127, -127};
    for (int i = 0; i < 10; ++i) x[i] = in[i];
    BlockQ8_0 b;
    quantize_row_q8_0(x.data(), 32, &b);
    CHECK(f16_to_f32(b.d) == 1.0f);
    for (int i = 0; i < 10; ++i) {
      INFO("x = " << in[i]);
      CHECK(b.qs[i] == out[i]);
    }
  }
  SECTION("a block of tiny values (1/d overflows) stays in range") {
    std::vector<float> x(32, 1e-40f);
    x[1] = -2e-40f;
    BlockQ8_0 b;
    quantize_row_q8_0(x.data(), 32, &b);
    CHECK(b.qs[1] == -127);
    for (int8_t q : b.qs) CHECK((q >= -127 && q <= 127));
  }
}

TEST_CASE("f16_to_f32_row is exact for all 65536 halves", "[kernels]") {
  std::vector<uint16_t> h(65536 + 5);
  for (size_t i = 0; i < h.size(); ++i) h[i] = static_cast<uint16_t>(i);
  std::vector<float> f(h.size());
  f16_to_f32_row(h.data(), f.data(), static_cast<int64_t>(h.size()));
  size_t bad = 0;
  for (size_t i = 0; i < h.size(); ++i) bad += bits(f[i]) != bits(f16_to_f32(h[i]));
  CHECK(bad == 0);
}

TEST_CASE("dequantize_row", "[kernels]") {
  Rng rng(4);
  for (DType type : {DType::F32, DType::F16, DType::Q8_0}) {
    TestMatrix tm = make_matrix(type, 3, 96, rng);
    std::vector<float> out(96);
    dequantize_row(tm.m, 2, out.data());
    for (int i = 0; i < 96; ++i) REQUIRE(out[i] == static_cast<float>(weight_at(tm.m, 2, i)));
  }
}

// Bit-exactness fixture: an FNV-1a hash of matmul outputs for fixed inputs. Native and WASM
// builds must print the same value (compare the two runs; scripts may automate this).
TEST_CASE("bit-exactness fixture hash", "[kernels][fixture]") {
  uint64_t h = 1469598103934665603ull;
  auto feed = [&h](const std::vector<float>& v) {
    for (float f : v) {
      uint32_t u = bits(f);
      for (int k = 0; k < 4; ++k) { h ^= (u >> (8 * k)) & 0xffu; h *= 1099511628211ull; }
    }
  };
  Rng rng(20240611);
  for (DType type : {DType::F32, DType::F16, DType::Q8_0}) {
    for (int64_t cols : {96, 800}) {
      TestMatrix tm = make_matrix(type, 37, cols, rng);
      std::vector<float> bias(37), X(7 * cols);
      for (auto& b : bias) b = rng.normal();
      for (auto& x : X) x = rng.normal();
      for (int n_tokens : {1, 4, 7}) {
        std::vector<float> Y(n_tokens * 37);
        MatmulScratch scratch;
        matmul(tm.m, X.data(), n_tokens, bias.data(), Y.data(), scratch);
        feed(Y);
      }
    }
  }
  std::vector<float> d(1);
  for (int64_t n : {1, 17, 64, 100}) {
    auto a = random_floats(rng, n), b = random_floats(rng, n);
    d[0] = dot_f32(a.data(), b.data(), n);
    feed(d);
  }
  std::printf("kernels fixture hash (%s): %016llx\n", kernels_backend(),
              static_cast<unsigned long long>(h));
  SUCCEED();
}
