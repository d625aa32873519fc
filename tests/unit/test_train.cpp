// The trainer against independent references: the inference forward pass (logits), a naive
// double-precision GPT-2 written here (loss and central finite differences for every parameter
// tensor), the AdamW / schedule / clipping formulas evaluated directly, and behaviour checks
// (checkpoint -> resume bit identity, thread-count independence, overfitting, masking, bad data).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <map>

#include "core/rng.h"
#include "model/gpt2.h"
#include "model_fixture.h"
#include "train/trainer.h"

using namespace plume;

namespace {

// ---------------------------------------------------------------------------------------------
// A naive GPT-2 in double precision, from the equations (pre-LayerNorm blocks, tanh GELU,
// causal softmax attention, tied output head, mean cross-entropy over the masked targets).
// Parameters are looked up by their GGUF names, each a row-major double array.

using Vec = std::vector<double>;
using Params = std::map<std::string, Vec>;

Params to_double(const TrainParams& p) {
  Params out;
  for (const ParamTensor& t : p.layout.tensors) out[t.name] = Vec(p.at(t.offset), p.at(t.offset) + t.size());
  return out;
}

Vec layer_norm(const Vec& x, const Vec& w, const Vec& b, double eps) {
  double mean = 0, var = 0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  for (double v : x) var += (v - mean) * (v - mean);
  var /= static_cast<double>(x.size());
  Vec y(x.size());
  for (size_t i = 0; i < x.size(); i++) y[i] = (x[i] - mean) / std::sqrt(var + eps) * w[i] + b[i];
  return y;
}

// y = W x + b, W with rows of x.size().
Vec affine(const Vec& W, const Vec* b, const Vec& x) {
  const size_t rows = W.size() / x.size();
  Vec y(rows);
  for (size_t r = 0; r < rows; r++) {
    double s = b ? (*b)[r] : 0.0;
    for (size_t i = 0; i < x.size(); i++) s += W[r * x.size() + i] * x[i];
    y[r] = s;
  }
  return y;
}

// Mean -log p(target) over positions with mask 1, for one batch.
double naive_loss(const Params& P, const Gpt2Config& c, const TrainBatch& batch) {
  const size_t E = static_cast<size_t>(c.n_embd), H = static_cast<size_t>(c.n_head), D = E / H;
  const size_t T = static_cast<size_t>(batch.T);
  double total = 0;
  int count = 0;
  for (int32_t b = 0; b < batch.B; b++) {
    std::vector<Vec> x(T, Vec(E));
    for (size_t t = 0; t < T; t++)
      for (size_t i = 0; i < E; i++)
        x[t][i] = P.at("token_embd.weight")[static_cast<size_t>(batch.inputs[b * T + t]) * E + i] +
                  P.at("position_embd.weight")[t * E + i];
    for (int32_t l = 0; l < c.n_layer; l++) {
      auto W = [&](const std::string& n) -> const Vec& { return P.at("blk." + std::to_string(l) + "." + n); };
      std::vector<Vec> qkv(T);
      for (size_t t = 0; t < T; t++)
        qkv[t] = affine(W("attn_qkv.weight"), &W("attn_qkv.bias"),
                        layer_norm(x[t], W("attn_norm.weight"), W("attn_norm.bias"), c.norm_eps));
      for (size_t t = 0; t < T; t++) {
        Vec att(E, 0.0);
        for (size_t h = 0; h < H; h++) {
          Vec s(t + 1);
          double mx = -1e300, sum = 0;
          for (size_t u = 0; u <= t; u++) {
            double dot = 0;
            for (size_t d = 0; d < D; d++) dot += qkv[t][h * D + d] * qkv[u][E + h * D + d];
            s[u] = dot / std::sqrt(static_cast<double>(D));
            mx = std::max(mx, s[u]);
          }
          for (size_t u = 0; u <= t; u++) sum += s[u] = std::exp(s[u] - mx);
          for (size_t u = 0; u <= t; u++)
            for (size_t d = 0; d < D; d++) att[h * D + d] += s[u] / sum * qkv[u][2 * E + h * D + d];
        }
        Vec proj = affine(W("attn_output.weight"), &W("attn_output.bias"), att);
        for (size_t i = 0; i < E; i++) x[t][i] += proj[i];
      }
      for (size_t t = 0; t < T; t++) {
        Vec up = affine(W("ffn_up.weight"), &W("ffn_up.bias"), layer_norm(x[t], W("ffn_norm.weight"), W("ffn_norm.bias"), c.norm_eps));
        for (double& u : up) u = 0.5 * u * (1 + std::tanh(std::sqrt(2 / M_PI) * (u + 0.044715 * u * u * u)));
        Vec down = affine(W("ffn_down.weight"), &W("ffn_down.bias"), up);
        for (size_t i = 0; i < E; i++) x[t][i] += down[i];
      }
    }
    for (size_t t = 0; t < T; t++) {
      const size_t n = static_cast<size_t>(b) * T + t;
      if (!batch.mask[n]) continue;
      Vec logits = affine(P.at("token_embd.weight"), nullptr,
                          layer_norm(x[t], P.at("output_norm.weight"), P.at("output_norm.bias"), c.norm_eps));
      double mx = -1e300, sum = 0;
      for (double v : logits) mx = std::max(mx, v);
      for (double v : logits) sum += std::exp(v - mx);
      total += std::log(sum) + mx - logits[static_cast<size_t>(batch.targets[n])];
      count++;
    }
  }
  return count ? total / count : 0.0;
}

// ---------------------------------------------------------------------------------------------

TrainBatch make_batch(int32_t B, int32_t T, const std::vector<int32_t>& stream, const std::vector<uint8_t>& mask = {}) {
  TrainBatch b;
  b.B = B;
  b.T = T;
  for (int32_t r = 0; r < B; r++)
    for (int32_t t = 0; t < T; t++) {
      const size_t i = static_cast<size_t>(r * T + t);
      b.inputs.push_back(stream[i + static_cast<size_t>(r)]);
      b.targets.push_back(stream[i + static_cast<size_t>(r) + 1]);
      b.mask.push_back(mask.empty() ? 1 : mask[i]);
    }
  return b;
}

const std::vector<int32_t> kStream = {72, 101, 108, 108, 111, 32, 258, 100, 200, 5, 261, 17, 44, 9, 120, 33, 70, 261, 3, 99};

TrainParams tiny_params(float std = 0.3f, int embd = 32, int heads = 4, int ff = 96, int layers = 2) {
  test::TinyModelSpec spec;
  spec.std = std;
  spec.embd = embd;
  spec.heads = heads;
  spec.ff = ff;
  spec.layers = layers;
  spec.ctx = 64;
  auto model = test::tiny_model(spec);
  auto p = params_from_model(*model);
  REQUIRE(p.ok());
  return std::move(p.value());
}

// The text the overfitting and checkpoint tests train on, as a token stream.
TokenStream repeated_text_stream(int repeats) {
  Tokenizer tok = test::tiny_tokenizer();
  std::string text;
  for (int i = 0; i < repeats; i++) text += "the fitness band tracks heart rate and sleep. <|endoftext|>";
  auto s = encode_examples(split_documents(text, false), tok);
  REQUIRE(s.ok());
  return std::move(s.value());
}

}  // namespace

TEST_CASE("training forward gives the inference forward's logits", "[train]") {
  auto model = test::tiny_model();  // F32, tied output, random biases and norms
  auto params = params_from_model(*model);
  REQUIRE(params.ok());
  const int32_t T = 12;
  TrainBatch batch = make_batch(1, T, kStream);
  ThreadPool pool(2);
  TrainPass pass(params->layout, pool);
  const size_t V = static_cast<size_t>(model->config().n_vocab);
  std::vector<float> got(T * V);
  REQUIRE(pass.logits(params->data.data(), batch, got.data()));

  KvCache cache;
  cache.reset(model->config(), T);
  std::vector<BatchItem> items;
  for (int32_t i = 0; i < T; i++) items.push_back({&cache, batch.inputs[static_cast<size_t>(i)], i, true});
  std::vector<float> want(T * V);
  ForwardScratch scratch;
  gpt2_forward(*model, items.data(), T, want.data(), scratch);
  double max_diff = 0, max_abs = 0;
  for (size_t i = 0; i < want.size(); i++) {
    max_diff = std::max(max_diff, static_cast<double>(std::abs(got[i] - want[i])));
    max_abs = std::max(max_abs, static_cast<double>(std::abs(want[i])));
  }
  INFO("max diff " << max_diff << " max |logit| " << max_abs);
  // Both paths are float32 with the same kernels; 1e-5 of the logit scale allows for any
  // reordering while catching any wrong operation (which shows up at the 1e-2 level).
  CHECK(max_diff <= 1e-5 * max_abs);
  CHECK(max_abs > 1.0);

  // Exported back to GGUF (F32) and reloaded, the engine gives the same logits again.
  Tokenizer tok = test::tiny_tokenizer();
  auto bytes = params_to_gguf(*params, tok, DType::F32, "roundtrip");
  REQUIRE(bytes.ok());
  auto reloaded = Gpt2Model::from_gguf(blob_from_vector(std::move(bytes.value())));
  REQUIRE(reloaded.ok());
  cache.reset(model->config(), T);
  std::vector<float> again(T * V);
  gpt2_forward(*reloaded.value(), items.data(), T, again.data(), scratch);
  CHECK(again == want);
}

TEST_CASE("loss matches the naive double GPT-2, and every gradient matches central differences", "[train]") {
  // Small and moderately scaled so the double-precision reference is cheap and the loss is not
  // saturated: 16 wide, 2 heads, 2 layers, 262-token vocabulary.
  TrainParams params = tiny_params(0.1f, 16, 2, 48, 2);
  const Gpt2Config& c = params.layout.config;
  std::vector<uint8_t> mask = {0, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0};  // some targets ignored, as for prompts
  TrainBatch batch = make_batch(2, 6, kStream, mask);
  ThreadPool pool(2);
  TrainPass pass(params.layout, pool);
  std::vector<float> grads(params.layout.total);
  auto loss = pass.forward_backward(params.data.data(), batch, grads.data());
  REQUIRE(loss.ok());
  REQUIRE(loss->count == 8);

  Params ref = to_double(params);
  const double ref_loss = naive_loss(ref, c, batch);
  INFO("loss " << loss->mean() << " reference " << ref_loss);
  CHECK(std::abs(loss->mean() - ref_loss) < 1e-5 * ref_loss);

  Rng rng(11, 0);
  const double h = 1e-4;  // double-precision central difference: truncation ~h^2 = 1e-8, rounding ~1e-12
  for (const ParamTensor& t : params.layout.tensors) {
    // Sampled elements: a few random ones plus the largest-gradient one (where the check is sharpest).
    std::vector<size_t> picks;
    size_t largest = 0;
    for (size_t i = 0; i < t.size(); i++)
      if (std::abs(grads[t.offset + i]) > std::abs(grads[t.offset + largest])) largest = i;
    picks.push_back(largest);
    for (int k = 0; k < 5; k++) picks.push_back(static_cast<size_t>(rng.next_u32() % t.size()));
    if (t.name == "position_embd.weight") picks.push_back(static_cast<size_t>(c.n_embd) * 7 + 3);  // unused position: 0

    double max_err = 0, max_fd = 0;
    for (size_t i : picks) {
      Vec& w = ref[t.name];
      const double saved = w[i];
      w[i] = saved + h;
      const double up = naive_loss(ref, c, batch);
      w[i] = saved - h;
      const double down = naive_loss(ref, c, batch);
      w[i] = saved;
      const double fd = (up - down) / (2 * h);
      max_err = std::max(max_err, std::abs(fd - grads[t.offset + i]));
      max_fd = std::max(max_fd, std::abs(fd));
    }
    INFO(t.name << ": max |fd| " << max_fd << ", max |analytic - fd| " << max_err);
    CHECK(max_fd > 0);
    // The analytic gradient is float32 (measured: |analytic - fd| <= 2e-7 of the tensor's
    // gradient scale, i.e. float rounding), the difference quotient is exact to ~1e-8 (h^2 terms).
    // 1e-5 of the scale + 1e-8 leaves a 50x margin, while any wrong or missing term in a backward
    // formula is off by O(1) relative.
    CHECK(max_err <= 1e-5 * max_fd + 1e-8);
  }
}

TEST_CASE("masked targets are ignored by the loss and the gradients", "[train]") {
  TrainParams params = tiny_params(0.1f, 16, 2, 48, 1);
  ThreadPool pool(1);
  TrainPass pass(params.layout, pool);
  std::vector<uint8_t> mask = {0, 0, 0, 0, 1, 1, 1, 1};  // a 4-token "prompt", then the completion
  TrainBatch a = make_batch(1, 8, kStream, mask);
  TrainBatch b = a;
  for (size_t i = 0; i < 4; i++) b.targets[i] = (b.targets[i] + 17) % 262;  // other prompt targets
  std::vector<float> ga(params.layout.total), gb(params.layout.total);
  auto la = pass.forward_backward(params.data.data(), a, ga.data());
  auto lb = pass.forward_backward(params.data.data(), b, gb.data());
  REQUIRE(la.ok());
  REQUIRE(lb.ok());
  CHECK(la->count == 4);
  CHECK(la->sum == lb->sum);
  CHECK(ga == gb);
  // The mean is over the 4 completion targets only: the naive model agrees.
  const double ref = naive_loss(to_double(params), params.layout.config, a);
  CHECK(std::abs(la->mean() - ref) < 1e-5 * ref);
  for (size_t i = 0; i < 4; i++) CHECK(pass.token_losses()[i] == 0.0f);
}

TEST_CASE("AdamW step follows the formula on a toy vector", "[train]") {
  Gpt2Config c;
  c.n_vocab = 3;
  c.n_ctx = 2;
  c.n_embd = 2;
  c.n_head = 1;
  c.n_ff = 2;
  c.n_layer = 1;
  auto layout = ParamLayout::make(c);
  REQUIRE(layout.ok());
  const size_t n = layout->total;
  std::vector<float> p(n), g(n), m(n, 0.0f), v(n, 0.0f);
  std::vector<double> pd(n), md(n, 0.0), vd(n, 0.0);
  for (size_t i = 0; i < n; i++) pd[i] = p[i] = 0.1f * static_cast<float>(static_cast<int>(i % 7) - 3);
  AdamWOptions o{0.9, 0.95, 1e-8, 0.1};
  ThreadPool pool(2);
  for (int64_t t = 1; t <= 3; t++) {
    for (size_t i = 0; i < n; i++) g[i] = 0.01f * static_cast<float>(static_cast<int>((i * 5 + static_cast<size_t>(t)) % 11) - 5);
    const double lr = 1e-2 * static_cast<double>(t);
    adamw_update(pool, *layout, p.data(), g.data(), m.data(), v.data(), t, lr, o);
    for (const ParamTensor& tensor : layout->tensors)
      for (size_t i = tensor.offset; i < tensor.offset + tensor.size(); i++) {
        md[i] = 0.9 * md[i] + 0.1 * g[i];
        vd[i] = 0.95 * vd[i] + 0.05 * static_cast<double>(g[i]) * g[i];
        const double m_hat = md[i] / (1 - std::pow(0.9, t)), v_hat = vd[i] / (1 - std::pow(0.95, t));
        pd[i] -= lr * (m_hat / (std::sqrt(v_hat) + 1e-8) + (tensor.decay ? 0.1 : 0.0) * pd[i]);
      }
  }
  for (size_t i = 0; i < n; i++) {
    INFO("element " << i);
    CHECK(std::abs(p[i] - pd[i]) < 1e-6);  // three float steps of size <= 0.03: float rounding ~1e-8
  }
  // Decay only on matrices: a norm scale with zero gradient... is moved only by its moments.
  CHECK(layout->find("token_embd.weight")->decay);
  CHECK(!layout->find("blk.0.attn_norm.weight")->decay);
  CHECK(!layout->find("blk.0.ffn_up.bias")->decay);
}

TEST_CASE("learning-rate schedule: linear warm-up then cosine to the minimum", "[train]") {
  LrSchedule s{1e-3, 1e-4, 10, 110};
  CHECK(s.at(0) == Approx(1e-4).epsilon(1e-12));    // 1/10 of the peak
  CHECK(s.at(4) == Approx(5e-4).epsilon(1e-12));
  CHECK(s.at(9) == Approx(1e-3).epsilon(1e-12));    // end of warm-up: the peak
  CHECK(s.at(10) == Approx(1e-3).epsilon(1e-12));   // cosine starts at the peak
  CHECK(s.at(60) == Approx(5.5e-4).epsilon(1e-12)); // half-way: the mean of peak and floor
  CHECK(s.at(35) == Approx(1e-4 + 0.9e-3 * 0.5 * (1 + std::cos(M_PI * 0.25))).epsilon(1e-12));
  CHECK(s.at(110) == Approx(1e-4).epsilon(1e-12));
  CHECK(s.at(500) == Approx(1e-4).epsilon(1e-12));  // stays at the floor
  for (int i = 0; i <= 1000; i++) {
    const double x = M_PI * i / 1000.0;
    CHECK(std::abs(cos_0_pi(x) - std::cos(x)) < 1e-15);
  }
}

TEST_CASE("gradient clipping scales to the maximum global norm", "[train]") {
  ThreadPool pool(2);
  std::vector<float> g = {3.0f, 0.0f, 4.0f};
  CHECK(clip_grad_norm(pool, g.data(), g.size(), 10.0) == 5.0);
  CHECK(g == std::vector<float>{3.0f, 0.0f, 4.0f});  // below the limit: untouched
  CHECK(clip_grad_norm(pool, g.data(), g.size(), 1.0) == 5.0);
  CHECK(g[0] == Approx(0.6f));
  CHECK(g[2] == Approx(0.8f));
  CHECK(clip_grad_norm(pool, g.data(), g.size(), 0.0) == Approx(1.0));  // 0 = no clipping
  // Many elements: the norm is the same with one thread and two (fixed blocks).
  std::vector<float> big(300000);
  Rng rng(3, 0);
  for (float& x : big) x = rng.normal();
  ThreadPool one(1);
  std::vector<float> copy = big;
  CHECK(clip_grad_norm(one, big.data(), big.size(), 0.0) == clip_grad_norm(pool, copy.data(), copy.size(), 0.0));
}

TEST_CASE("checkpoint then resume gives bit-identical parameters; threads do not change the numbers", "[train]") {
  TokenStream data = repeated_text_stream(8);
  TrainOptions o;
  o.batch = 2;
  o.seq = 16;
  o.steps = 12;
  o.warmup = 3;
  o.lr = 3e-3;
  o.min_lr = 3e-4;
  o.seed = 5;
  auto run = [&](int threads) {
    auto t = Trainer::create(tiny_params(0.1f, 32, 4, 64, 2), data, o, threads);
    REQUIRE(t.ok());
    return std::move(t.value());
  };
  auto straight = run(2);
  std::vector<uint8_t> ckpt;
  for (int i = 0; i < 12; i++) {
    if (i == 5) ckpt = straight->checkpoint();
    REQUIRE(straight->step().ok());
  }
  auto resumed = Trainer::resume(ckpt, data, 2);
  REQUIRE(resumed.ok());
  CHECK((*resumed)->steps_done() == 5);
  for (int i = 5; i < 12; i++) REQUIRE((*resumed)->step().ok());
  CHECK((*resumed)->params().data == straight->params().data);
  CHECK((*resumed)->position().epoch == straight->position().epoch);
  CHECK((*resumed)->position().index == straight->position().index);
  CHECK((*resumed)->checkpoint() == straight->checkpoint());

  auto single = run(1);
  for (int i = 0; i < 12; i++) REQUIRE(single->step().ok());
  CHECK(single->params().data == straight->params().data);

  // The checkpoint refuses other data and damage.
  TokenStream other = repeated_text_stream(9);
  auto wrong = Trainer::resume(ckpt, other, 1);
  REQUIRE(!wrong.ok());
  CHECK(wrong.error().message.find("different data") != std::string::npos);
  std::vector<uint8_t> damaged = ckpt;
  damaged[damaged.size() / 2] ^= 1;
  auto bad = Trainer::resume(damaged, data, 1);
  REQUIRE(!bad.ok());
  CHECK(bad.error().message.find("damaged") != std::string::npos);
  CHECK(!Trainer::resume(std::vector<uint8_t>(ckpt.begin(), ckpt.begin() + 100), data, 1).ok());
}

TEST_CASE("a tiny model overfits a small repeated text", "[train]") {
  TokenStream data = repeated_text_stream(12);
  TrainOptions o;
  o.batch = 4;
  o.seq = 32;
  o.steps = 150;
  o.warmup = 10;
  o.lr = 1e-2;
  o.min_lr = 1e-3;
  o.weight_decay = 0.0;
  auto params = params_random(test::tiny_model()->config(), 3);
  REQUIRE(params.ok());
  auto t = Trainer::create(std::move(params.value()), data, o, 2);
  REQUIRE(t.ok());
  auto before = (*t)->evaluate(data, 8);
  REQUIRE(before.ok());
  double last = 0;
  for (int i = 0; i < 150; i++) {
    auto s = (*t)->step();
    REQUIRE(s.ok());
    last = s->loss;
  }
  auto after = (*t)->evaluate(data, 8);
  REQUIRE(after.ok());
  INFO("loss before " << before->mean() << ", last step " << last << ", after " << after->mean());
  CHECK(before->mean() > 5.0);  // ~ln(262) = 5.57 at random initialisation
  // The sentence repeats every ~45 tokens: after the first occurrence in a window every token is
  // predictable, so the loss must fall far below the unigram entropy of the text (~3 nats).
  CHECK(after->mean() < 0.5);
}

TEST_CASE("training data: documents, JSON Lines, held-out split, token files, bad input", "[train]") {
  CHECK(check_text("hello", "the data").ok());
  CHECK(check_text("智能手环 7 天续航", "the data").ok());
  auto empty = check_text(" \n\t", "the data");
  REQUIRE(!empty.ok());
  CHECK(empty.error().message.find("empty") != std::string::npos);
  auto binary = check_text(std::string("PK\x03\x04\0\0", 6), "upload.zip");
  REQUIRE(!binary.ok());
  CHECK(binary.error().message.find("binary") != std::string::npos);
  auto utf16 = check_text(std::string("\xff\xfeh\0i\0", 6), "texts.txt");
  REQUIRE(!utf16.ok());
  CHECK(utf16.error().message.find("UTF-16") != std::string::npos);
  auto latin1 = check_text("caf\xe9 cr\xe8me", "texts.txt");
  REQUIRE(!latin1.ok());
  CHECK(latin1.error().message.find("offset 3") != std::string::npos);
  CHECK(!check_text("\xed\xa0\x80", "x").ok());  // a UTF-16 surrogate encoded in UTF-8

  auto docs = split_documents("one<|endoftext|>\n two \n<|endoftext|><|endoftext|>three", false);
  REQUIRE(docs.size() == 3);
  CHECK(docs[1].completion == "two");
  auto paras = split_documents("\xef\xbb\xbf" "first line\nstill first\n\n  \nsecond\n", true);
  REQUIRE(paras.size() == 2);
  CHECK(paras[0].completion == "first line\nstill first");

  auto jl = parse_jsonl("{\"text\": \"a\"}\n\n{\"prompt\": \"p\", \"completion\": \"c\"}\n");
  REQUIRE(jl.ok());
  REQUIRE(jl->size() == 2);
  CHECK((*jl)[1].prompt == "p");
  auto bad_line = parse_jsonl("{\"text\": \"a\"}\nnot json\n");
  REQUIRE(!bad_line.ok());
  CHECK(bad_line.error().message.find("line 2") != std::string::npos);
  CHECK(!parse_jsonl("{\"prompt\": \"only a prompt\"}").ok());
  CHECK(!parse_jsonl("{\"text\": 5}").ok());

  Tokenizer tok = test::tiny_tokenizer();
  auto stream = encode_examples({{"ab", "cd"}, {"", "e"}}, tok);
  REQUIRE(stream.ok());
  const int32_t eos = tok.eos_id();
  CHECK(stream->tokens == std::vector<int32_t>{'a', 'b', 'c', 'd', eos, 'e', eos});
  CHECK(stream->mask == std::vector<uint8_t>{0, 0, 1, 1, 1, 1, 1});

  TokenStream many;
  for (int d = 0; d < 20; d++) {
    many.tokens.insert(many.tokens.end(), {d, d, eos});
    many.mask.insert(many.mask.end(), {1, 1, 1});
  }
  StreamSplit split = split_held_out(many, eos, 10);
  CHECK(split.held_out_documents == 2);
  CHECK(split.train_documents == 18);
  CHECK(split.held_out.tokens == std::vector<int32_t>{9, 9, eos, 19, 19, eos});
  StreamSplit few = split_held_out(*stream, eos, 10);
  CHECK(few.train_documents == 1);
  CHECK(few.held_out_documents == 1);

  auto bytes = token_file_bytes(many.tokens, tok.vocab_size());
  std::string_view view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  CHECK(is_token_file(view));
  auto back = parse_token_file(view, tok.vocab_size());
  REQUIRE(back.ok());
  CHECK(*back == many.tokens);
  CHECK(!parse_token_file(view, 1000).ok());                 // other vocabulary
  CHECK(!parse_token_file(view.substr(0, 30), tok.vocab_size()).ok());  // truncated
}

TEST_CASE("trainer refuses unusable settings and data with clear messages", "[train]") {
  TokenStream data = repeated_text_stream(2);
  TrainOptions o;
  o.batch = 2;
  o.seq = 16;
  auto too_long = o;
  too_long.seq = 1000;
  auto r = Trainer::create(tiny_params(), data, too_long, 1);
  REQUIRE(!r.ok());
  CHECK(r.error().message.find("context") != std::string::npos);
  TokenStream tiny;
  tiny.tokens = {1, 2, 3};
  r = Trainer::create(tiny_params(), tiny, o, 1);
  REQUIRE(!r.ok());
  CHECK(r.error().message.find("3 tokens") != std::string::npos);
  auto bad_lr = o;
  bad_lr.lr = -1;
  CHECK(!Trainer::create(tiny_params(), data, bad_lr, 1).ok());

  test::TinyModelSpec spec;
  spec.untied = true;
  auto untied = params_from_model(*test::tiny_model(spec));
  REQUIRE(!untied.ok());
  CHECK(untied.error().message.find("output") != std::string::npos);

  // A diverging run reports it and keeps the parameters.
  auto huge = o;
  huge.lr = 1e30;
  huge.warmup = 0;
  huge.clip = 0;
  auto t = Trainer::create(tiny_params(), data, huge, 1);
  REQUIRE(t.ok());
  bool diverged = false;
  for (int i = 0; i < 5 && !diverged; i++) {
    std::vector<float> before = (*t)->params().data;
    auto s = (*t)->step();
    if (!s.ok()) {
      diverged = true;
      CHECK(s.error().message.find("diverged") != std::string::npos);
      CHECK((*t)->params().data == before);
    }
  }
  CHECK(diverged);
}

TEST_CASE("trained parameters export to Q8_0 GGUF that the engine loads", "[train]") {
  TrainParams params = tiny_params();
  Tokenizer tok = test::tiny_tokenizer();
  auto bytes = params_to_gguf(params, tok, DType::Q8_0, "q8");
  REQUIRE(bytes.ok());
  auto model = Gpt2Model::from_gguf(blob_from_vector(std::move(bytes.value())));
  REQUIRE(model.ok());
  CHECK(model.value()->info().quantization == "Q8_0");
  CHECK(model.value()->weights().tied_output);
  Tokenizer other = test::tiny_tokenizer();
  auto wrong = params_to_gguf(tiny_params(), Tokenizer(), DType::F32, "x");
  CHECK(!wrong.ok());
}

// Hidden (run by name): prints a hash of the parameters after a few training steps, so the native
// and WebAssembly builds can be compared (they must print the same hash).
TEST_CASE("training parity hash", "[.train-parity]") {
  TokenStream data = repeated_text_stream(8);
  TrainOptions o;
  o.batch = 2;
  o.seq = 16;
  o.steps = 6;
  o.warmup = 2;
  o.lr = 3e-3;
  auto t = Trainer::create(tiny_params(0.1f, 32, 4, 64, 2), data, o, 1);
  REQUIRE(t.ok());
  for (int i = 0; i < 6; i++) REQUIRE((*t)->step().ok());
  TokenStream as_stream;
  for (float x : (*t)->params().data) {
    uint32_t bits;
    std::memcpy(&bits, &x, 4);
    as_stream.tokens.push_back(static_cast<int32_t>(bits));
  }
  WARN("training parity hash " << std::hex << stream_hash(as_stream));
}
