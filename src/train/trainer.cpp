#include "train/trainer.h"

#include <cmath>
#include <cstdio>
#include <cstring>

#include <nlohmann/json.hpp>

#include "core/rng.h"

namespace plume {
namespace {

using nlohmann::json;

constexpr char kCheckpointMagic[8] = {'P', 'L', 'U', 'M', 'E', 'C', 'K', 'P'};
constexpr uint32_t kCheckpointVersion = 1;
constexpr uint64_t kDataStream = 0xda7a000000000000ULL;  // PCG32 stream of epoch e: kDataStream + e

uint64_t fnv1a(const uint8_t* p, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ULL;
  return h;
}

// Uniform in [0, n) (n <= 2^32): the high half of a 32x32-bit product, the same everywhere.
uint64_t bounded(Rng& rng, uint64_t n) { return (static_cast<uint64_t>(rng.next_u32()) * n) >> 32; }

std::string hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

json options_json(const TrainOptions& o) {
  return {{"batch", o.batch}, {"seq", o.seq}, {"steps", o.steps}, {"warmup", o.warmup}, {"lr", o.lr},
          {"min_lr", o.min_lr}, {"weight_decay", o.weight_decay}, {"clip", o.clip}, {"beta1", o.beta1},
          {"beta2", o.beta2}, {"eps", o.eps}, {"seed", o.seed}};
}

json config_json(const Gpt2Config& c) {
  return {{"n_vocab", c.n_vocab}, {"n_ctx", c.n_ctx}, {"n_embd", c.n_embd}, {"n_ff", c.n_ff},
          {"n_layer", c.n_layer}, {"n_head", c.n_head}, {"norm_eps", c.norm_eps}};
}

// Reads a number field of `j` into `out`, with a message naming the field.
template <class T>
Status read_number(const json& j, const char* key, T* out) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return make_error("the checkpoint's header lacks the number \"", key, "\"");
  if constexpr (std::is_floating_point_v<T>) *out = it->template get<T>();
  else {
    if (!it->is_number_integer()) return make_error("the checkpoint's \"", key, "\" is not an integer");
    *out = it->template get<T>();
  }
  return {};
}

}  // namespace

Status check_options(const TrainOptions& o, const Gpt2Config& c) {
  if (o.batch < 1 || o.batch > 4096) return make_error("batch size ", o.batch, " must be between 1 and 4096");
  if (o.seq < 1 || o.seq > c.n_ctx) return make_error("sequence length ", o.seq, " must be between 1 and the model's context of ", c.n_ctx);
  if (o.steps < 1) return make_error("the number of steps must be at least 1");
  if (o.warmup < 0) return make_error("warm-up steps must not be negative");
  if (!(o.lr > 0) || !std::isfinite(o.lr)) return make_error("the learning rate must be a positive number");
  if (!(o.min_lr >= 0) || o.min_lr > o.lr) return make_error("the minimum learning rate must be between 0 and the learning rate");
  if (!(o.weight_decay >= 0) || !std::isfinite(o.weight_decay)) return make_error("weight decay must be a non-negative number");
  if (!(o.clip >= 0) || !std::isfinite(o.clip)) return make_error("the clipping norm must be a non-negative number (0 = off)");
  if (!(o.beta1 >= 0 && o.beta1 < 1) || !(o.beta2 >= 0 && o.beta2 < 1)) return make_error("AdamW betas must be in [0, 1)");
  if (!(o.eps > 0)) return make_error("AdamW epsilon must be positive");
  // Activations of one step: keep within what a browser tab (and wasm32) can hold.
  const double tokens = static_cast<double>(o.batch) * o.seq;
  const double floats = tokens * c.n_layer * (16.0 * c.n_embd + 2.0 * c.n_ff + static_cast<double>(c.n_head) * o.seq);
  if (floats * 4 > 3e9)
    return make_error("batch ", o.batch, " x sequence ", o.seq, " needs about ", floats * 4 / 1e9,
                      " GB of activations; lower --batch or --seq");
  return {};
}

Trainer::Trainer(TrainParams params, TokenStream data, const TrainOptions& options, int threads)
    : params_(std::move(params)), data_(std::move(data)), options_(options) {
  pool_ = std::make_unique<ThreadPool>(threads);
  pass_ = std::make_unique<TrainPass>(params_.layout, *pool_);
  grads_.assign(params_.layout.total, 0.0f);
  m_.assign(params_.layout.total, 0.0f);
  v_.assign(params_.layout.total, 0.0f);
}

Result<std::unique_ptr<Trainer>> Trainer::create(TrainParams params, TokenStream data, const TrainOptions& options,
                                                 int threads) {
  if (Status s = check_options(options, params.layout.config); !s) return s.error();
  if (data.mask.empty()) data.mask.assign(data.tokens.size(), 1);
  if (data.mask.size() != data.tokens.size()) return make_error("the training data's mask and tokens differ in length");
  if (data.size() < static_cast<size_t>(options.seq) + 1)
    return make_error("the training data has ", data.size(), " tokens; one sequence of ", options.seq,
                      " needs ", options.seq + 1, ": add data or lower the sequence length");
  if (data.targets() == 0) return make_error("the training data has no tokens to learn (everything is prompt)");
  for (int32_t t : data.tokens)
    if (t < 0 || t >= params.layout.config.n_vocab) return make_error("the training data holds token id ", t, ", outside the vocabulary");
  std::unique_ptr<Trainer> t(new Trainer(std::move(params), std::move(data), options, threads));
  t->start_epoch();
  return t;
}

void Trainer::start_epoch() {
  const int64_t T = options_.seq, n = static_cast<int64_t>(data_.size());
  Rng rng(options_.seed, kDataStream + static_cast<uint64_t>(position_.epoch));
  int64_t shift = static_cast<int64_t>(bounded(rng, static_cast<uint64_t>(T)));
  if ((n - 1 - shift) / T == 0) shift = 0;
  const int64_t windows = (n - 1 - shift) / T;
  order_.resize(static_cast<size_t>(windows));
  for (int64_t k = 0; k < windows; k++) order_[static_cast<size_t>(k)] = shift + k * T;
  for (int64_t i = windows - 1; i > 0; i--)  // Fisher-Yates
    std::swap(order_[static_cast<size_t>(i)], order_[bounded(rng, static_cast<uint64_t>(i + 1))]);
}

int64_t Trainer::next_window() {
  if (position_.index >= static_cast<int64_t>(order_.size())) {
    position_.epoch++;
    position_.index = 0;
    start_epoch();
  }
  return order_[static_cast<size_t>(position_.index++)];
}

void Trainer::fill_row(const TokenStream& s, int64_t start, int32_t T, int32_t row, TrainBatch& b) const {
  for (int32_t t = 0; t < T; t++) {
    const size_t i = static_cast<size_t>(row) * T + t, src = static_cast<size_t>(start + t);
    b.inputs[i] = s.tokens[src];
    b.targets[i] = s.tokens[src + 1];
    b.mask[i] = s.mask[src + 1];
  }
}

Result<StepResult> Trainer::step() {
  const int32_t B = options_.batch, T = options_.seq;
  batch_.B = B;
  batch_.T = T;
  const size_t n = static_cast<size_t>(B) * T;
  batch_.inputs.resize(n);
  batch_.targets.resize(n);
  batch_.mask.resize(n);
  const DataPosition before = position_;
  for (int32_t b = 0; b < B; b++) fill_row(data_, next_window(), T, b, batch_);

  // On failure nothing changes but the data position: rewind it so a retry sees the same batch.
  auto rewind = [&] {
    const bool epoch_changed = position_.epoch != before.epoch;
    position_ = before;
    if (epoch_changed) start_epoch();
  };
  auto loss = pass_->forward_backward(params_.data.data(), batch_, grads_.data());
  if (!loss) {
    rewind();
    return loss.error();
  }
  const double norm = clip_grad_norm(*pool_, grads_.data(), grads_.size(), options_.clip);
  if (!std::isfinite(loss->mean()) || !std::isfinite(norm)) {
    rewind();
    return make_error("training diverged at step ", step_ + 1, " (loss ", loss->mean(), ", gradient norm ", norm,
                      "): lower the learning rate");
  }
  LrSchedule schedule{options_.lr, options_.min_lr, options_.warmup, options_.steps};
  const double lr = schedule.at(step_);
  AdamWOptions adam{options_.beta1, options_.beta2, options_.eps, options_.weight_decay};
  adamw_update(*pool_, params_.layout, params_.data.data(), grads_.data(), m_.data(), v_.data(), step_ + 1, lr, adam);
  step_++;
  return StepResult{step_, loss->mean(), lr, norm, static_cast<int64_t>(n)};
}

Result<LossSum> Trainer::evaluate(const TokenStream& stream, int64_t max_rows) {
  TokenStream s = stream;
  if (s.mask.empty()) s.mask.assign(s.tokens.size(), 1);
  if (s.size() < 2) return make_error("the evaluation data needs at least 2 tokens");
  for (int32_t t : s.tokens)
    if (t < 0 || t >= params_.layout.config.n_vocab) return make_error("the evaluation data holds token id ", t, ", outside the vocabulary");
  const int32_t T = static_cast<int32_t>(std::min<int64_t>(options_.seq, static_cast<int64_t>(s.size()) - 1));
  const int64_t rows = std::min<int64_t>(max_rows, (static_cast<int64_t>(s.size()) - 1) / T);
  const int32_t B = options_.batch;
  TrainBatch b;
  b.B = B;
  b.T = T;
  LossSum total;
  for (int64_t r0 = 0; r0 < rows; r0 += B) {
    const size_t n = static_cast<size_t>(B) * T;
    b.inputs.assign(n, 0);
    b.targets.assign(n, 0);
    b.mask.assign(n, 0);  // rows past the end stay masked out (same batch shape as training)
    for (int32_t r = 0; r < B && r0 + r < rows; r++) fill_row(s, (r0 + r) * T, T, r, b);
    auto loss = pass_->evaluate(params_.data.data(), b);
    if (!loss) return loss.error();
    total.sum += loss->sum;
    total.count += loss->count;
  }
  return total;
}

std::vector<uint8_t> Trainer::checkpoint() const {
  json header = {{"format", "plume-train-checkpoint"},
                 {"version", kCheckpointVersion},
                 {"config", config_json(params_.layout.config)},
                 {"options", options_json(options_)},
                 {"step", step_},
                 {"epoch", position_.epoch},
                 {"index", position_.index},
                 {"data_tokens", data_.size()},
                 {"data_hash", hex64(stream_hash(data_))},
                 {"parameters", params_.layout.total}};
  const std::string text = header.dump(-1, ' ', false, json::error_handler_t::replace);
  std::vector<uint8_t> out(kCheckpointMagic, kCheckpointMagic + 8);
  auto put_u32 = [&](uint32_t v) {
    for (int i = 0; i < 4; i++) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  };
  put_u32(kCheckpointVersion);
  put_u32(static_cast<uint32_t>(text.size()));
  out.insert(out.end(), text.begin(), text.end());
  const size_t floats_at = out.size(), n = params_.layout.total;
  out.resize(floats_at + 3 * n * 4 + 8);
  std::memcpy(out.data() + floats_at, params_.data.data(), n * 4);
  std::memcpy(out.data() + floats_at + n * 4, m_.data(), n * 4);
  std::memcpy(out.data() + floats_at + 2 * n * 4, v_.data(), n * 4);
  const uint64_t sum = fnv1a(out.data(), out.size() - 8);
  for (int i = 0; i < 8; i++) out[out.size() - 8 + static_cast<size_t>(i)] = static_cast<uint8_t>(sum >> (8 * i));
  return out;
}

Result<std::unique_ptr<Trainer>> Trainer::resume(const std::vector<uint8_t>& bytes, TokenStream data, int threads) {
  auto u32 = [&](size_t at) {
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) v |= static_cast<uint32_t>(bytes[at + static_cast<size_t>(i)]) << (8 * i);
    return v;
  };
  if (bytes.size() < 24 || std::memcmp(bytes.data(), kCheckpointMagic, 8) != 0)
    return make_error("not a Plume training checkpoint (no PLUMECKP header)");
  if (u32(8) != kCheckpointVersion) return make_error("checkpoint version ", u32(8), " is not supported (this build reads ", kCheckpointVersion, ")");
  const size_t text_len = u32(12);
  if (16 + text_len + 8 > bytes.size()) return make_error("the checkpoint is truncated");
  uint64_t stored = 0;
  for (int i = 0; i < 8; i++) stored |= static_cast<uint64_t>(bytes[bytes.size() - 8 + static_cast<size_t>(i)]) << (8 * i);
  if (fnv1a(bytes.data(), bytes.size() - 8) != stored) return make_error("the checkpoint is damaged (checksum mismatch)");
  json h = json::parse(bytes.begin() + 16, bytes.begin() + 16 + static_cast<long>(text_len), nullptr, false);
  if (h.is_discarded() || !h.is_object() || !h.contains("config") || !h["config"].is_object() || !h.contains("options") ||
      !h["options"].is_object())
    return make_error("the checkpoint's header is not valid");

  Gpt2Config c;
  const json& jc = h["config"];
  TrainOptions o;
  const json& jo = h["options"];
  int64_t step = 0, epoch = 0, index = 0, data_tokens = 0, n_params = 0;
  for (Status s : {read_number(jc, "n_vocab", &c.n_vocab), read_number(jc, "n_ctx", &c.n_ctx),
                   read_number(jc, "n_embd", &c.n_embd), read_number(jc, "n_ff", &c.n_ff),
                   read_number(jc, "n_layer", &c.n_layer), read_number(jc, "n_head", &c.n_head),
                   read_number(jc, "norm_eps", &c.norm_eps), read_number(jo, "batch", &o.batch),
                   read_number(jo, "seq", &o.seq), read_number(jo, "steps", &o.steps),
                   read_number(jo, "warmup", &o.warmup), read_number(jo, "lr", &o.lr),
                   read_number(jo, "min_lr", &o.min_lr), read_number(jo, "weight_decay", &o.weight_decay),
                   read_number(jo, "clip", &o.clip), read_number(jo, "beta1", &o.beta1),
                   read_number(jo, "beta2", &o.beta2), read_number(jo, "eps", &o.eps),
                   read_number(jo, "seed", &o.seed), read_number(h, "step", &step), read_number(h, "epoch", &epoch),
                   read_number(h, "index", &index), read_number(h, "data_tokens", &data_tokens),
                   read_number(h, "parameters", &n_params)})
    if (!s) return s.error();
  auto layout = ParamLayout::make(c);
  if (!layout) return make_error("the checkpoint's model shape is invalid: ", layout.error().message);
  const size_t n = layout->total;
  if (static_cast<size_t>(n_params) != n || bytes.size() != 16 + text_len + 3 * n * 4 + 8)
    return make_error("the checkpoint's size does not match its model shape");
  if (data.mask.empty()) data.mask.assign(data.tokens.size(), 1);
  if (static_cast<int64_t>(data.size()) != data_tokens || !h.contains("data_hash") || !h["data_hash"].is_string() ||
      h["data_hash"].get<std::string>() != hex64(stream_hash(data)))
    return make_error("the checkpoint was trained on different data (", data_tokens, " tokens, hash ",
                      h.value("data_hash", std::string("?")), "; given ", data.size(), " tokens, hash ",
                      hex64(stream_hash(data)), "): resume with the same --data and tokenizer");
  if (step < 0 || epoch < 0 || index < 0) return make_error("the checkpoint's position is invalid");

  TrainParams params{std::move(layout.value()), std::vector<float>(n)};
  const uint8_t* floats = bytes.data() + 16 + text_len;
  std::memcpy(params.data.data(), floats, n * 4);
  auto trainer = create(std::move(params), std::move(data), o, threads);
  if (!trainer) return trainer.error();
  Trainer& t = **trainer;
  std::memcpy(t.m_.data(), floats + n * 4, n * 4);
  std::memcpy(t.v_.data(), floats + 2 * n * 4, n * 4);
  t.step_ = step;
  t.position_ = {epoch, 0};
  t.start_epoch();
  if (index > static_cast<int64_t>(t.order_.size())) return make_error("the checkpoint's data position is past the end of the data");
  t.position_.index = index;
  return trainer;
}

double perplexity(const LossSum& loss) { return std::exp(std::min(loss.mean(), 700.0)); }

}  // namespace plume
