// Choosing the next token from the model's logits: penalties, then temperature, top-k, top-p
// and min-p (in Hugging Face's order, each stage renormalising over what the previous kept),
// then one draw from a deterministic RNG. Ties are broken by the lower token id, so the choice
// is the same under every standard library.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/rng.h"

namespace plume {

struct SamplingOptions {
  float temperature = 1.0f;        // 0 = greedy
  int32_t top_k = 50;              // 0 = off
  float top_p = 1.0f;              // 1 = off
  float min_p = 0.0f;              // 0 = off
  float repetition_penalty = 1.0f; // 1 = off (CTRL-style: divide positive logits, multiply negative)
  int32_t no_repeat_ngram_size = 0;// 0 = off
  // Whether the two penalties count the prompt as history (transformers does). false: only the
  // generated tokens, so copying the prompt's features is not penalised, only repeating them.
  bool penalize_prompt = true;
  // Forbid the token that would make a block of 1..kMaxRepeatBlock tokens holding a letter or a
  // CJK character repeat back to back a third time ("、可重复密封袋、可重复密封袋、可重复密封袋",
  // "#tag#tag#tag"): the loops no_repeat_ngram_size misses when the block is shorter than n.
  // Like llama.cpp's DRY sampler, but a ban rather than a growing penalty. Uses the same
  // history as the penalties (penalize_prompt).
  bool no_repeat_blocks = false;
};

constexpr int32_t kMaxRepeatBlock = 16;

// Checks ranges and NaNs; the message names the option as the JS API spells it.
Status validate(const SamplingOptions& options);

// Changes to the logits after the penalties, before temperature and truncation (phrase guidance,
// phrase_guide.h). The reported log-probability stays the model's own.
struct LogitBias {
  std::vector<std::pair<int32_t, float>> add;  // (token, added to its logit)
  std::vector<int32_t> only;                   // non-empty: every other token is excluded
  bool empty() const { return add.empty() && only.empty(); }
  void clear() { add.clear(); only.clear(); }
};

struct SampledToken {
  int32_t token = 0;
  float logprob = 0.0f;  // log-probability under the model's unmodified distribution
};

class Sampler {
 public:
  // `history` is the prompt plus everything generated so far (for the penalties).
  // `logits` is modified in place. `bias` may be null.
  // `token_bytes` (id -> its text) is needed for no_repeat_blocks and may be null otherwise.
  SampledToken sample(float* logits, int32_t n_vocab, const std::vector<int32_t>& history,
                      const SamplingOptions& options, Rng& rng, const LogitBias* bias = nullptr,
                      const std::vector<std::string>* token_bytes = nullptr);

 private:
  struct Candidate {
    float logit;
    int32_t id;
  };
  std::vector<Candidate> candidates_;  // reused between calls
  std::vector<float> raw_;             // the unmodified logits, kept when a bias is applied
};

// log softmax(logits)[token], summed in index order.
float log_softmax_at(const float* logits, int32_t n_vocab, int32_t token);

}  // namespace plume
