#include "model/generate.h"

#include <algorithm>
#include <chrono>

namespace plume {
namespace {

// Prompts are evaluated in chunks so scratch memory stays bounded for long contexts; 64 tokens
// is enough for the matmul kernels to reuse each weight row across many tokens.
constexpr int kPromptChunk = 64;

double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// Length in bytes of the UTF-8 sequence starting with `lead`, or 0 if `lead` cannot start one.
int utf8_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

// Number of bytes of a valid UTF-8 character at s[i] (checking overlongs and surrogates), or 0.
int valid_char_at(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  int len = utf8_length(b(i));
  if (len == 0 || i + static_cast<size_t>(len) > s.size()) return 0;
  for (int k = 1; k < len; k++)
    if ((b(i + static_cast<size_t>(k)) & 0xc0) != 0x80) return 0;
  if (len == 3) {
    if (b(i) == 0xe0 && b(i + 1) < 0xa0) return 0;  // overlong
    if (b(i) == 0xed && b(i + 1) >= 0xa0) return 0;  // surrogate
  } else if (len == 4) {
    if (b(i) == 0xf0 && b(i + 1) < 0x90) return 0;  // overlong
    if (b(i) == 0xf4 && b(i + 1) >= 0x90) return 0;  // > U+10FFFF
  }
  return len;
}

// Evaluates `tokens` at positions first_pos.. into `cache`, in chunks. For every position p >=
// want_from_pos, calls on_logits(p, logits of that position).
template <class OnLogits>
void evaluate(const Gpt2Model& model, KvCache& cache, const std::vector<int32_t>& tokens, int32_t first_pos,
              int32_t want_from_pos, ForwardScratch& scratch, std::vector<float>& logits, OnLogits on_logits) {
  const int32_t n_vocab = model.config().n_vocab;
  std::vector<BatchItem> batch;
  for (size_t begin = 0; begin < tokens.size(); begin += kPromptChunk) {
    size_t end = std::min(tokens.size(), begin + kPromptChunk);
    batch.clear();
    int n_want = 0;
    for (size_t i = begin; i < end; i++) {
      int32_t pos = first_pos + static_cast<int32_t>(i);
      bool want = pos >= want_from_pos;
      n_want += want;
      batch.push_back({&cache, tokens[i], pos, want});
    }
    logits.resize(static_cast<size_t>(n_want) * n_vocab);
    gpt2_forward(model, batch.data(), static_cast<int>(batch.size()), logits.data(), scratch);
    int row = 0;
    for (const BatchItem& item : batch)
      if (item.want_logits) on_logits(item.pos, &logits[static_cast<size_t>(row++) * n_vocab]);
  }
}

Status check_prompt(const Gpt2Model& model, const std::vector<int32_t>& tokens, const char* what) {
  const Gpt2Config& c = model.config();
  if (tokens.empty()) return make_error("the ", what, " is empty: give at least one token of text");
  if (static_cast<int64_t>(tokens.size()) > c.n_ctx)
    return make_error(what, " is ", tokens.size(), " tokens, the model's context is ", c.n_ctx);
  for (int32_t t : tokens)
    if (t < 0 || t >= c.n_vocab) return make_error(what, " has token id ", t, ", outside the vocabulary (0..", c.n_vocab - 1, ")");
  return {};
}

}  // namespace

const char* finish_reason_name(FinishReason r) {
  switch (r) {
    case FinishReason::Eos: return "eos";
    case FinishReason::Stop: return "stop";
    case FinishReason::Length: return "length";
    case FinishReason::Cancelled: return "cancelled";
    case FinishReason::None: break;
  }
  return "";
}

size_t complete_utf8_prefix(std::string_view s) {
  // Only the last (up to 3) bytes can be an incomplete character.
  size_t n = s.size();
  for (size_t back = 1; back <= 3 && back <= n; back++) {
    unsigned char c = static_cast<unsigned char>(s[n - back]);
    if ((c & 0xc0) == 0x80) continue;  // continuation byte: keep looking for the lead
    int len = utf8_length(c);
    if (len > static_cast<int>(back)) {
      // A lead byte whose character is cut off: hold it back if the bytes so far are valid.
      bool continuations_ok = true;
      for (size_t k = n - back + 1; k < n; k++)
        if ((static_cast<unsigned char>(s[k]) & 0xc0) != 0x80) continuations_ok = false;
      if (continuations_ok) return n - back;
    }
    break;
  }
  return n;
}

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    int len = valid_char_at(s, i);
    if (len > 0) {
      out.append(s.substr(i, static_cast<size_t>(len)));
      i += static_cast<size_t>(len);
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD
      i++;
    }
  }
  return out;
}

Generator::Generator(std::shared_ptr<const Gpt2Model> model) : model_(std::move(model)) {}

Status Generator::start(std::string_view prompt, const GenerateOptions& options) {
  return start_tokens(model_->tokenizer().encode(prompt), options);
}

Status Generator::start_tokens(std::vector<int32_t> prompt_tokens, const GenerateOptions& options) {
  started_ = false;
  if (auto s = validate(options.sampling); !s) return s;
  if (options.num_return_sequences < 1 || options.num_return_sequences > kMaxReturnSequences)
    return make_error("option numReturnSequences is ", options.num_return_sequences, ", expected 1..", kMaxReturnSequences);
  if (options.max_new_tokens < -1 || options.max_new_tokens == 0)
    return make_error("option maxNewTokens is ", options.max_new_tokens, ", expected an integer >= 1");
  if (options.max_length < -1 || options.max_length == 0)
    return make_error("option maxLength is ", options.max_length, ", expected an integer >= 1");
  for (const std::string& stop : options.stop)
    if (stop.empty()) return make_error("option stop contains an empty string");
  if (auto s = check_prompt(*model_, prompt_tokens, "prompt"); !s) return s;
  if (!(options.mention_boost >= 0.0f && options.mention_boost <= 100.0f))
    return make_error("option mentionBoost is ", options.mention_boost, ", expected a number in [0, 100] (0 = off)");
  if (options.mention.size() > kMaxGuidePhrases)
    return make_error("option mention has ", options.mention.size(), " phrases, at most ", kMaxGuidePhrases, " are allowed");
  for (const std::string& phrase : options.mention)
    if (phrase.size() > kMaxGuidePhraseBytes)
      return make_error("option mention has a phrase of ", phrase.size(), " bytes, at most ", kMaxGuidePhraseBytes, " are allowed");

  const Gpt2Config& c = model_->config();
  options_ = options;
  prompt_ = std::move(prompt_tokens);
  const int32_t n_prompt = static_cast<int32_t>(prompt_.size());
  limit_ = c.n_ctx;  // generation past the context ends with finish reason "length"
  if (options.max_new_tokens > 0) limit_ = std::min<int64_t>(limit_, static_cast<int64_t>(n_prompt) + options.max_new_tokens);
  if (options.max_length > 0) limit_ = std::min(limit_, options.max_length);
  if (options.max_new_tokens < 0 && options.max_length < 0)
    limit_ = std::min(limit_, n_prompt + kDefaultMaxNewTokens);

  // The KV caches are the big allocation: refuse clearly rather than fail inside the allocator.
  const double cache_mb = 2.0 * c.n_layer * std::max(limit_, n_prompt) * c.n_embd * sizeof(float) *
                          options.num_return_sequences / (1024.0 * 1024.0);
  if (cache_mb > 2048.0)
    return make_error("this generation needs ", static_cast<int64_t>(cache_mb), " MB of attention cache (",
                      options.num_return_sequences, " sequences of up to ", limit_,
                      " tokens); ask for fewer sequences or a shorter maxLength");

  guide_ = PhraseGuide(model_->tokenizer(), options.mention, options.mention_boost);
  seed_ = options.seed ? *options.seed : static_cast<uint64_t>(now_ms() * 1000.0);
  const size_t n_seq = static_cast<size_t>(options.num_return_sequences);
  live_.clear();
  live_.resize(n_seq);
  sequences_.assign(n_seq, GeneratedSequence{});
  for (size_t i = 0; i < n_seq; i++) {
    live_[i].rng = Rng(seed_, i);
    live_[i].history = prompt_;
    live_[i].guide = guide_.start();
  }
  stats_ = GenerateStats{};
  stats_.prompt_tokens = n_prompt;
  trace_ = AttentionTrace{};
  trace_.enabled = options.trace_attention;
  started_ = true;
  prompt_done_ = false;
  if (n_prompt >= limit_)
    for (size_t i = 0; i < n_seq; i++) finish(i, FinishReason::Length, nullptr);
  return {};
}

bool Generator::done() const {
  if (!started_) return true;
  for (const auto& s : sequences_)
    if (s.finish == FinishReason::None) return false;
  return true;
}

void Generator::cancel() {
  for (size_t i = 0; i < sequences_.size(); i++)
    if (sequences_[i].finish == FinishReason::None) finish(i, FinishReason::Cancelled, nullptr);
}

std::vector<TokenEvent> Generator::step() {
  std::vector<TokenEvent> events;
  if (done()) return events;
  const int32_t n_vocab = model_->config().n_vocab;
  const double t0 = now_ms();

  if (!prompt_done_) {
    KvCache& first = live_[0].cache;
    first.reset(model_->config(), limit_);
    const int32_t last = static_cast<int32_t>(prompt_.size()) - 1;
    std::vector<float> prompt_logits;
    evaluate(*model_, first, prompt_, 0, last, scratch_, logits_,
             [&](int32_t, const float* row) { prompt_logits.assign(row, row + n_vocab); });
    if (trace_.enabled) {  // the trace is for the prompt's last token: one more look at it
      BatchItem item{&first, prompt_[static_cast<size_t>(last)], last, false};
      gpt2_forward(*model_, &item, 1, nullptr, scratch_, &trace_);
    }
    for (size_t i = 1; i < live_.size(); i++) live_[i].cache = first;  // share the prompt pass
    prompt_done_ = true;
    const double t1 = now_ms();
    stats_.prompt_ms = t1 - t0;
    for (size_t i = 0; i < live_.size(); i++) {
      logits_.assign(prompt_logits.begin(), prompt_logits.end());
      accept(i, sampler_.sample(logits_.data(), n_vocab, penalty_history(i), options_.sampling, live_[i].rng, guide_bias(i),
                                &model_->tokenizer().all_token_bytes()),
             &events);
    }
    stats_.generate_ms += now_ms() - t1;
    return events;
  }

  // Every live sequence advances by one token in a single batched forward.
  batch_.clear();
  std::vector<size_t> seq_of_item;
  for (size_t i = 0; i < live_.size(); i++) {
    if (sequences_[i].finish != FinishReason::None) continue;
    const auto& h = live_[i].history;
    batch_.push_back({&live_[i].cache, h.back(), static_cast<int32_t>(h.size()) - 1, true});
    seq_of_item.push_back(i);
  }
  logits_.resize(batch_.size() * static_cast<size_t>(n_vocab));
  AttentionTrace* trace = nullptr;
  if (trace_.enabled && !seq_of_item.empty() && seq_of_item[0] == 0) {
    std::swap(batch_[0], batch_.back());  // the trace records the batch's last item
    std::swap(seq_of_item[0], seq_of_item.back());
    trace = &trace_;
  }
  gpt2_forward(*model_, batch_.data(), static_cast<int>(batch_.size()), logits_.data(), scratch_, trace);
  for (size_t k = 0; k < batch_.size(); k++) {
    size_t i = seq_of_item[k];
    float* row = &logits_[k * static_cast<size_t>(n_vocab)];
    accept(i, sampler_.sample(row, n_vocab, penalty_history(i), options_.sampling, live_[i].rng, guide_bias(i),
                                &model_->tokenizer().all_token_bytes()), &events);
  }
  std::sort(events.begin(), events.end(), [](const TokenEvent& a, const TokenEvent& b) { return a.seq < b.seq; });
  stats_.generate_ms += now_ms() - t0;
  return events;
}

const std::vector<int32_t>& Generator::penalty_history(size_t seq) {
  const std::vector<int32_t>& h = live_[seq].history;
  if (options_.sampling.penalize_prompt) return h;
  generated_scratch_.assign(h.begin() + static_cast<std::ptrdiff_t>(std::min(prompt_.size(), h.size())), h.end());
  return generated_scratch_;
}

const LogitBias* Generator::guide_bias(size_t seq) {
  if (!guide_.enabled()) return nullptr;
  guide_.bias(live_[seq].guide, live_[seq].bytes, &bias_);
  return &bias_;
}

void Generator::accept(size_t seq, SampledToken t, std::vector<TokenEvent>* events) {
  Live& L = live_[seq];
  GeneratedSequence& out = sequences_[seq];
  TokenEvent event{static_cast<int32_t>(seq), t.token, t.logprob, ""};
  stats_.generated_tokens++;

  if (t.token == model_->tokenizer().eos_id()) {
    events->push_back(event);
    finish(seq, FinishReason::Eos, events);
    return;
  }
  out.tokens.push_back(t.token);
  out.logprobs.push_back(t.logprob);
  L.history.push_back(t.token);
  const size_t old_size = L.bytes.size();
  L.bytes += model_->tokenizer().token_bytes(t.token);
  if (guide_.enabled()) guide_.observe(L.guide, t.token, L.bytes, old_size);

  // A stop string ends the text just before it; only the new bytes (and the few before them
  // that a stop string could straddle) need searching.
  size_t cut = std::string::npos;
  for (const std::string& stop : options_.stop) {
    size_t from = old_size >= stop.size() ? old_size - stop.size() + 1 : 0;
    size_t at = L.bytes.find(stop, from);
    if (at != std::string::npos) cut = std::min(cut, at);
  }
  events->push_back(event);
  if (cut != std::string::npos) {
    L.bytes.resize(cut);
    finish(seq, FinishReason::Stop, events);
  } else if (static_cast<int32_t>(L.history.size()) >= limit_) {
    finish(seq, FinishReason::Length, events);
  } else {
    // Stream what is safe: complete characters, minus a tail that may be the start of a stop.
    size_t safe = complete_utf8_prefix(L.bytes);
    size_t hold = 0;
    for (const std::string& stop : options_.stop)
      for (size_t k = std::min(stop.size() - 1, safe); k > hold; k--)
        if (L.bytes.compare(safe - k, k, stop, 0, k) == 0) { hold = k; break; }
    safe -= hold;
    if (safe > L.emitted) {
      events->back().text = sanitize_utf8(std::string_view(L.bytes).substr(L.emitted, safe - L.emitted));
      L.emitted = safe;
    }
  }
}

void Generator::finish(size_t seq, FinishReason reason, std::vector<TokenEvent>* events) {
  Live& L = live_[seq];
  GeneratedSequence& out = sequences_[seq];
  out.finish = reason;
  out.text = sanitize_utf8(L.bytes);
  if (events != nullptr && !events->empty() && events->back().seq == static_cast<int32_t>(seq) &&
      L.bytes.size() > L.emitted) {
    events->back().text += sanitize_utf8(std::string_view(L.bytes).substr(L.emitted));
  }
  L.emitted = L.bytes.size();
  L.cache = KvCache{};  // free the finished sequence's cache now
}

Result<ScoreResult> score(const Gpt2Model& model, std::string_view prompt, std::string_view continuation) {
  std::vector<int32_t> tokens = model.tokenizer().encode(prompt);
  if (auto s = check_prompt(model, tokens, "prompt"); !s) return s.error();
  const int32_t n_prompt = static_cast<int32_t>(tokens.size());
  ScoreResult r;
  r.tokens = model.tokenizer().encode(continuation);
  if (r.tokens.empty()) return make_error("the continuation to score is empty");
  tokens.insert(tokens.end(), r.tokens.begin(), r.tokens.end());
  if (static_cast<int64_t>(tokens.size()) > model.config().n_ctx)
    return make_error("prompt and continuation are ", tokens.size(), " tokens, the model's context is ",
                      model.config().n_ctx);

  KvCache cache;
  cache.reset(model.config(), static_cast<int32_t>(tokens.size()));
  ForwardScratch scratch;
  std::vector<float> logits;
  tokens.pop_back();  // the last token is only predicted, never fed
  evaluate(model, cache, tokens, 0, n_prompt - 1, scratch, logits, [&](int32_t pos, const float* row) {
    int32_t next = r.tokens[static_cast<size_t>(pos - (n_prompt - 1))];
    float lp = log_softmax_at(row, model.config().n_vocab, next);
    r.logprobs.push_back(lp);
    r.total_logprob += lp;
  });
  r.mean_logprob = r.total_logprob / static_cast<double>(r.tokens.size());
  return r;
}

}  // namespace plume
