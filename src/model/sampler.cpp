#include "model/sampler.h"

#include <algorithm>
#include <cmath>

#include "core/math.h"

namespace plume {

Status validate(const SamplingOptions& o) {
  auto bad = [](const char* name, float v, const char* range) {
    return make_error("option ", name, " is ", std::isnan(v) ? std::string("NaN") : message_number(v),
                      ", expected ", range);
  };
  if (!(o.temperature >= 0.0f) || !std::isfinite(o.temperature)) return bad("temperature", o.temperature, "a number >= 0");
  if (o.top_k < 0) return make_error("option topK is ", o.top_k, ", expected an integer >= 0 (0 = off)");
  if (!(o.top_p > 0.0f && o.top_p <= 1.0f)) return bad("topP", o.top_p, "a number in (0, 1]");
  if (!(o.min_p >= 0.0f && o.min_p <= 1.0f)) return bad("minP", o.min_p, "a number in [0, 1]");
  if (!(o.repetition_penalty > 0.0f) || !std::isfinite(o.repetition_penalty))
    return bad("repetitionPenalty", o.repetition_penalty, "a number > 0 (1 = off)");
  if (o.no_repeat_ngram_size < 0)
    return make_error("option noRepeatNgramSize is ", o.no_repeat_ngram_size, ", expected an integer >= 0 (0 = off)");
  return {};
}

float log_softmax_at(const float* logits, int32_t n, int32_t token) {
  float max_logit = logits[0];
  for (int32_t i = 1; i < n; i++) max_logit = std::max(max_logit, logits[i]);
  float sum = 0.0f;
  for (int32_t i = 0; i < n; i++) sum += exp_f32(logits[i] - max_logit);
  return logits[token] - max_logit - log_f32(sum);
}

namespace {

void apply_repetition_penalty(float* logits, int32_t n, const std::vector<int32_t>& history, float penalty) {
  if (penalty == 1.0f) return;
  // Each distinct token once, as Hugging Face does (gather, penalise, scatter).
  std::vector<int32_t> seen(history);
  std::sort(seen.begin(), seen.end());
  seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
  for (int32_t t : seen) {
    if (t < 0 || t >= n) continue;
    logits[t] = logits[t] > 0 ? logits[t] / penalty : logits[t] * penalty;
  }
}

// Bans every token that would complete an n-gram already present in the history.
void apply_no_repeat_ngram(float* logits, int32_t n, const std::vector<int32_t>& history, int32_t size) {
  const int32_t len = static_cast<int32_t>(history.size());
  if (size <= 0 || len + 1 < size) return;
  const int32_t* tail = history.data() + len - (size - 1);  // the last size-1 tokens
  for (int32_t start = 0; start + size <= len; start++) {
    if (std::equal(tail, tail + size - 1, history.data() + start)) {
      int32_t banned = history[static_cast<size_t>(start + size - 1)];
      if (banned >= 0 && banned < n) logits[banned] = -INFINITY;
    }
  }
}

// For each block length L, the only token that can complete a third back-to-back copy of the
// last L tokens is history[len - L], and only if the history already ends in two copies minus
// that token: h[len-i] == h[len-i-L] == h[len-i-2L] for i = 1..L-1 and h[len-L] == h[len-2L].
void apply_no_repeat_blocks(float* logits, int32_t n, const std::vector<int32_t>& h,
                            const std::vector<std::string>& token_bytes) {
  const int32_t len = static_cast<int32_t>(h.size());
  auto at = [&](int32_t i) { return h[static_cast<size_t>(i)]; };
  for (int32_t L = 1; L <= kMaxRepeatBlock && 3 * L - 1 <= len; L++) {
    const int32_t candidate = at(len - L);
    if (candidate < 0 || candidate >= n || at(len - L) != at(len - 2 * L)) continue;
    bool periodic = true;
    for (int32_t i = 1; i < L && periodic; i++)
      periodic = at(len - i) == at(len - i - L) && at(len - i) == at(len - i - 2 * L);
    if (!periodic) continue;
    // Only blocks with words in them: "!!!", "000,000,000" and "- - -" stay allowed.
    bool wordy = false;
    for (int32_t i = 1; i <= L && !wordy; i++) {
      const int32_t t = at(len - i);
      if (t < 0 || static_cast<size_t>(t) >= token_bytes.size()) continue;
      for (unsigned char c : token_bytes[static_cast<size_t>(t)])
        if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) { wordy = true; break; }
    }
    if (wordy) logits[candidate] = -INFINITY;
  }
}

void apply_bias(float* logits, int32_t n, const LogitBias& bias, const std::vector<float>& raw) {
  for (auto [token, delta] : bias.add)
    if (token >= 0 && token < n) logits[token] += delta;
  if (bias.only.empty()) return;
  // Keep the allowed tokens; a penalty that banned all of them is overruled (the begun phrase
  // must be finished), so the choice is among them by the model's own logits.
  bool any_allowed = false;
  for (int32_t t : bias.only)
    if (t >= 0 && t < n && logits[t] != -INFINITY) any_allowed = true;
  std::vector<float> kept;
  for (int32_t t : bias.only) kept.push_back(t >= 0 && t < n ? (any_allowed ? logits[t] : raw[static_cast<size_t>(t)]) : 0.0f);
  std::fill(logits, logits + n, -INFINITY);
  for (size_t i = 0; i < bias.only.size(); i++)
    if (bias.only[i] >= 0 && bias.only[i] < n) logits[bias.only[i]] = kept[i];
}

}  // namespace

SampledToken Sampler::sample(float* logits, int32_t n, const std::vector<int32_t>& history,
                             const SamplingOptions& o, Rng& rng, const LogitBias* bias,
                             const std::vector<std::string>* token_bytes) {
  if (bias != nullptr && bias->empty()) bias = nullptr;
  // The reported log-probability is the model's own, before any penalty or filter.
  float raw_max = logits[0];
  for (int32_t i = 1; i < n; i++) raw_max = std::max(raw_max, logits[i]);
  float raw_sum = 0.0f;
  for (int32_t i = 0; i < n; i++) raw_sum += exp_f32(logits[i] - raw_max);
  const float raw_log_z = raw_max + log_f32(raw_sum);
  // Penalties modify logits; keep the raw value of the chosen token via a copy of the few we need.
  std::vector<int32_t> touched;
  std::vector<float> raw_values;
  if (o.repetition_penalty != 1.0f || o.no_repeat_ngram_size > 0 || o.no_repeat_blocks) {
    touched = history;
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    for (int32_t t : touched) raw_values.push_back(t >= 0 && t < n ? logits[t] : 0.0f);
  }
  if (bias != nullptr) raw_.assign(logits, logits + n);  // a bias may touch any token
  auto raw_logit = [&](int32_t id) {
    if (bias != nullptr) return raw_[static_cast<size_t>(id)];
    auto it = std::lower_bound(touched.begin(), touched.end(), id);
    if (it != touched.end() && *it == id) return raw_values[static_cast<size_t>(it - touched.begin())];
    return logits[id];
  };
  auto finish = [&](int32_t id) { return SampledToken{id, raw_logit(id) - raw_log_z}; };

  apply_repetition_penalty(logits, n, history, o.repetition_penalty);
  apply_no_repeat_ngram(logits, n, history, o.no_repeat_ngram_size);
  if (o.no_repeat_blocks && token_bytes != nullptr) apply_no_repeat_blocks(logits, n, history, *token_bytes);
  if (bias != nullptr) apply_bias(logits, n, *bias, raw_);

  // Greedy: the highest logit, lowest id on ties.
  if (o.temperature == 0.0f || o.top_k == 1) {
    int32_t best = 0;
    for (int32_t i = 1; i < n; i++)
      if (logits[i] > logits[best]) best = i;
    return finish(best);
  }

  const float inv_t = 1.0f / o.temperature;
  // Every token banned (a tiny vocabulary under no-repeat-ngram): fall back to the raw argmax.
  float max_logit = -INFINITY;
  for (int32_t i = 0; i < n; i++) max_logit = std::max(max_logit, logits[i]);
  if (max_logit == -INFINITY) {
    int32_t best = 0;
    for (int32_t i = 1; i < n; i++)
      if (raw_logit(i) > raw_logit(best)) best = i;
    return finish(best);
  }

  const bool truncate = (o.top_k > 0 && o.top_k < n) || o.top_p < 1.0f || o.min_p > 0.0f;
  if (!truncate) {
    // Plain sampling from the whole distribution, walked in id order.
    float max_scaled = -INFINITY;
    for (int32_t i = 0; i < n; i++) max_scaled = std::max(max_scaled, logits[i] * inv_t);
    float total = 0.0f;
    for (int32_t i = 0; i < n; i++) total += exp_f32(logits[i] * inv_t - max_scaled);
    float target = rng.uniform() * total;
    float cumulative = 0.0f;
    int32_t last_possible = 0;
    for (int32_t i = 0; i < n; i++) {
      float p = exp_f32(logits[i] * inv_t - max_scaled);
      if (p <= 0.0f) continue;
      last_possible = i;
      cumulative += p;
      if (target < cumulative) return finish(i);
    }
    return finish(last_possible);
  }

  // Candidates sorted by (scaled logit descending, id ascending): a strict total order, so the
  // sorted prefix is the same under every sort implementation.
  candidates_.resize(static_cast<size_t>(n));
  for (int32_t i = 0; i < n; i++) candidates_[static_cast<size_t>(i)] = {logits[i] * inv_t, i};
  auto before = [](const Candidate& a, const Candidate& b) {
    return a.logit > b.logit || (a.logit == b.logit && a.id < b.id);
  };
  const float max_scaled = std::max_element(candidates_.begin(), candidates_.end(),
                                            [&](const Candidate& a, const Candidate& b) { return before(b, a); })->logit;

  // top-k: the k best. Without top-k, sort progressively larger prefixes until top-p is met.
  size_t kept = static_cast<size_t>(n);
  float total = 0.0f;  // sum of exp over the kept set, in sorted order
  if (o.top_k > 0 && o.top_k < n) {
    kept = static_cast<size_t>(o.top_k);
    std::partial_sort(candidates_.begin(), candidates_.begin() + static_cast<std::ptrdiff_t>(kept), candidates_.end(), before);
    for (size_t i = 0; i < kept; i++) total += exp_f32(candidates_[i].logit - max_scaled);
  } else {
    for (int32_t i = 0; i < n; i++) total += exp_f32(logits[i] * inv_t - max_scaled);  // id order
    size_t sorted = std::min<size_t>(64, kept);
    for (;;) {
      std::partial_sort(candidates_.begin(), candidates_.begin() + static_cast<std::ptrdiff_t>(sorted), candidates_.end(), before);
      float mass = 0.0f;
      for (size_t i = 0; i < sorted; i++) mass += exp_f32(candidates_[i].logit - max_scaled);
      if (sorted == kept || mass >= o.top_p * total) break;
      sorted = std::min(kept, sorted * 4);
    }
  }

  // top-p: the smallest prefix whose probability reaches top_p (always at least one token).
  if (o.top_p < 1.0f) {
    float cumulative = 0.0f;
    size_t i = 0;
    for (; i < kept; i++) {
      cumulative += exp_f32(candidates_[i].logit - max_scaled);
      if (cumulative >= o.top_p * total) { i++; break; }
    }
    kept = std::max<size_t>(1, std::min(i, kept));
  }

  // min-p: drop tokens less likely than min_p times the most likely one.
  if (o.min_p > 0.0f) {
    size_t i = 1;
    while (i < kept && exp_f32(candidates_[i].logit - max_scaled) >= o.min_p) i++;
    kept = i;
  }

  // Draw from the kept prefix.
  float kept_total = 0.0f;
  for (size_t i = 0; i < kept; i++) kept_total += exp_f32(candidates_[i].logit - max_scaled);
  float target = rng.uniform() * kept_total;
  float cumulative = 0.0f;
  for (size_t i = 0; i < kept; i++) {
    cumulative += exp_f32(candidates_[i].logit - max_scaled);
    if (target < cumulative) return finish(candidates_[i].id);
  }
  return finish(candidates_[kept - 1].id);
}

}  // namespace plume
