// The forward pass against a naive double-precision GPT-2 written here from the paper's
// equations (independent of src/model/gpt2_forward.cpp), plus the KV-cache and batching
// invariants the generator relies on.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/kernels.h"
#include "model/gpt2.h"
#include "model_fixture.h"

using namespace plume;

namespace {

using Vec = std::vector<double>;

Vec row_of(const Matrix& m, int64_t r) {
  std::vector<float> f(static_cast<size_t>(m.cols));
  dequantize_row(m, r, f.data());
  return Vec(f.begin(), f.end());
}

Vec matvec(const Matrix& m, const Vec& x, const float* bias) {
  Vec y(static_cast<size_t>(m.rows));
  for (int64_t r = 0; r < m.rows; r++) {
    Vec w = row_of(m, r);
    double s = bias ? bias[r] : 0.0;
    for (size_t i = 0; i < x.size(); i++) s += w[i] * x[i];
    y[static_cast<size_t>(r)] = s;
  }
  return y;
}

Vec norm(const Vec& x, const float* w, const float* b, double eps) {
  double mean = 0, var = 0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  for (double v : x) var += (v - mean) * (v - mean);
  var /= static_cast<double>(x.size());
  Vec y(x.size());
  for (size_t i = 0; i < x.size(); i++) y[i] = (x[i] - mean) / std::sqrt(var + eps) * w[i] + b[i];
  return y;
}

// Logits of every position of `tokens`, computed without a cache, in double precision.
std::vector<Vec> reference_logits(const Gpt2Model& model, const std::vector<int32_t>& tokens) {
  const Gpt2Config& c = model.config();
  const Gpt2Weights& w = model.weights();
  const size_t T = tokens.size(), E = static_cast<size_t>(c.n_embd), H = static_cast<size_t>(c.n_head), D = E / H;
  std::vector<Vec> x(T);
  for (size_t t = 0; t < T; t++) {
    Vec te = row_of(w.token_embd, tokens[t]), pe = row_of(w.position_embd, static_cast<int64_t>(t));
    x[t].resize(E);
    for (size_t i = 0; i < E; i++) x[t][i] = te[i] + pe[i];
  }
  for (const Gpt2Layer& L : w.layers) {
    std::vector<Vec> q(T), k(T), v(T);
    for (size_t t = 0; t < T; t++) {
      Vec qkv = matvec(L.attn_qkv, norm(x[t], L.attn_norm_w, L.attn_norm_b, c.norm_eps), L.attn_qkv_b);
      q[t] = Vec(qkv.begin(), qkv.begin() + static_cast<long>(E));
      k[t] = Vec(qkv.begin() + static_cast<long>(E), qkv.begin() + static_cast<long>(2 * E));
      v[t] = Vec(qkv.begin() + static_cast<long>(2 * E), qkv.end());
    }
    for (size_t t = 0; t < T; t++) {
      Vec att(E, 0.0);
      for (size_t h = 0; h < H; h++) {
        Vec p(t + 1);
        double max_s = -1e300, sum = 0;
        for (size_t s = 0; s <= t; s++) {
          double dot = 0;
          for (size_t d = 0; d < D; d++) dot += q[t][h * D + d] * k[s][h * D + d];
          p[s] = dot / std::sqrt(static_cast<double>(D));
          max_s = std::max(max_s, p[s]);
        }
        for (size_t s = 0; s <= t; s++) sum += p[s] = std::exp(p[s] - max_s);
        for (size_t s = 0; s <= t; s++)
          for (size_t d = 0; d < D; d++) att[h * D + d] += p[s] / sum * v[s][h * D + d];
      }
      Vec proj = matvec(L.attn_output, att, L.attn_output_b);
      for (size_t i = 0; i < E; i++) x[t][i] += proj[i];
    }
    for (size_t t = 0; t < T; t++) {
      Vec up = matvec(L.ffn_up, norm(x[t], L.ffn_norm_w, L.ffn_norm_b, c.norm_eps), L.ffn_up_b);
      for (double& u : up) u = 0.5 * u * (1 + std::tanh(std::sqrt(2 / M_PI) * (u + 0.044715 * u * u * u)));
      Vec down = matvec(L.ffn_down, up, L.ffn_down_b);
      for (size_t i = 0; i < E; i++) x[t][i] += down[i];
    }
  }
  std::vector<Vec> logits(T);
  for (size_t t = 0; t < T; t++) logits[t] = matvec(w.output, norm(x[t], w.output_norm_w, w.output_norm_b, c.norm_eps), nullptr);
  return logits;
}

// Plume's logits for every position, evaluated as one batch.
std::vector<float> plume_logits(const Gpt2Model& model, const std::vector<int32_t>& tokens) {
  KvCache cache;
  cache.reset(model.config(), static_cast<int32_t>(tokens.size()));
  std::vector<BatchItem> batch;
  for (size_t i = 0; i < tokens.size(); i++) batch.push_back({&cache, tokens[i], static_cast<int32_t>(i), true});
  std::vector<float> logits(tokens.size() * static_cast<size_t>(model.config().n_vocab));
  ForwardScratch scratch;
  gpt2_forward(model, batch.data(), static_cast<int>(batch.size()), logits.data(), scratch);
  return logits;
}

const std::vector<int32_t> kTokens = {72, 101, 108, 108, 111, 32, 258, 100, 200, 5, 261, 17};

}  // namespace

TEST_CASE("forward pass matches a naive double-precision GPT-2 (F32 and F16 weights)", "[forward]") {
  for (DType type : {DType::F32, DType::F16}) {
    for (bool untied : {false, true}) {
      test::TinyModelSpec spec;
      spec.type = type;
      spec.untied = untied;
      auto model = test::tiny_model(spec);
      auto ref = reference_logits(*model, kTokens);
      auto got = plume_logits(*model, kTokens);
      const size_t V = static_cast<size_t>(model->config().n_vocab);
      double max_diff = 0, max_abs = 0;
      for (size_t t = 0; t < kTokens.size(); t++)
        for (size_t i = 0; i < V; i++) {
          max_diff = std::max(max_diff, std::abs(got[t * V + i] - ref[t][i]));
          max_abs = std::max(max_abs, std::abs(ref[t][i]));
        }
      INFO("type " << dtype_name(type) << " untied " << untied << " max diff " << max_diff << " max |logit| " << max_abs);
      // float32 accumulation over a few hundred terms per dot product: ~1e-6 relative per
      // operation, compounded over 2 layers; 1e-4 of the logit scale leaves a wide margin.
      CHECK(max_diff < 1e-4 * std::max(1.0, max_abs));
      CHECK(max_abs > 1.0);  // the test model's logits are not trivially small
    }
  }
}

TEST_CASE("forward pass with Q8_0 weights stays close to the exact dequantized model", "[forward]") {
  test::TinyModelSpec spec;
  spec.type = DType::Q8_0;
  auto model = test::tiny_model(spec);
  auto ref = reference_logits(*model, kTokens);  // exact maths on the dequantized weights
  auto got = plume_logits(*model, kTokens);
  const size_t V = static_cast<size_t>(model->config().n_vocab);
  double max_diff = 0, max_abs = 0;
  size_t argmax_agree = 0;
  for (size_t t = 0; t < kTokens.size(); t++) {
    size_t best_ref = 0, best_got = 0;
    for (size_t i = 0; i < V; i++) {
      max_diff = std::max(max_diff, std::abs(got[t * V + i] - ref[t][i]));
      max_abs = std::max(max_abs, std::abs(ref[t][i]));
      if (ref[t][i] > ref[t][best_ref]) best_ref = i;
      if (got[t * V + i] > got[t * V + best_got]) best_got = i;
    }
    argmax_agree += best_ref == best_got;
  }
  INFO("max diff " << max_diff << " max |logit| " << max_abs);
  // Activations are quantized to 8 bits per block of 32 (as ggml does): ~0.4% relative error
  // per product, which random-sign accumulation keeps to a few percent of the logit scale.
  CHECK(max_diff < 0.05 * max_abs);
  CHECK(argmax_agree >= kTokens.size() - 1);
}

TEST_CASE("one batch, token-by-token with the KV cache, and mixed batches give identical bits", "[forward]") {
  for (DType type : {DType::F32, DType::Q8_0}) {
    test::TinyModelSpec spec;
    spec.type = type;
    auto model = test::tiny_model(spec);
    const size_t V = static_cast<size_t>(model->config().n_vocab);
    auto batched = plume_logits(*model, kTokens);

    KvCache cache;
    cache.reset(model->config(), static_cast<int32_t>(kTokens.size()));
    ForwardScratch scratch;
    std::vector<float> one(V);
    for (size_t i = 0; i < kTokens.size(); i++) {
      BatchItem item{&cache, kTokens[i], static_cast<int32_t>(i), true};
      gpt2_forward(*model, &item, 1, one.data(), scratch);
      REQUIRE(std::equal(one.begin(), one.end(), batched.begin() + static_cast<long>(i * V)));
    }
    CHECK(cache.length == static_cast<int32_t>(kTokens.size()));

    // Two sequences advancing together in one batch == each on its own.
    KvCache a, b;
    a.reset(model->config(), 8);
    b.reset(model->config(), 8);
    std::vector<float> two(2 * V);
    for (int32_t pos = 0; pos < 4; pos++) {
      BatchItem items[2] = {{&a, kTokens[static_cast<size_t>(pos)], pos, true}, {&b, kTokens[static_cast<size_t>(pos)], pos, true}};
      gpt2_forward(*model, items, 2, two.data(), scratch);
      REQUIRE(std::equal(two.begin(), two.begin() + static_cast<long>(V), batched.begin() + static_cast<long>(pos * V)));
      REQUIRE(std::equal(two.begin() + static_cast<long>(V), two.end(), batched.begin() + static_cast<long>(pos * V)));
    }
  }
}

TEST_CASE("attention trace rows are probability distributions over the positions", "[forward]") {
  auto model = test::tiny_model();
  KvCache cache;
  cache.reset(model->config(), 8);
  ForwardScratch scratch;
  AttentionTrace trace;
  trace.enabled = true;
  std::vector<BatchItem> batch;
  for (int32_t i = 0; i < 5; i++) batch.push_back({&cache, kTokens[static_cast<size_t>(i)], i, i == 4});
  std::vector<float> logits(static_cast<size_t>(model->config().n_vocab));
  gpt2_forward(*model, batch.data(), 5, logits.data(), scratch, &trace);
  REQUIRE(trace.n_positions == 5);
  const int rows = model->config().n_layer * model->config().n_head;
  REQUIRE(trace.weights.size() == static_cast<size_t>(rows * 5));
  for (int r = 0; r < rows; r++) {
    double sum = 0;
    for (int p = 0; p < 5; p++) {
      float w = trace.weights[static_cast<size_t>(r * 5 + p)];
      CHECK(w >= 0.0f);
      sum += w;
    }
    CHECK(sum == Approx(1.0).epsilon(1e-5));
  }
}
