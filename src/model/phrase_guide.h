// Phrase guidance: sampling that steers each sequence towards mentioning given phrases (the
// product features a prompt asks the copy to mention). A model as small as Plume's default one
// often writes features it remembers from similar catalog products instead of copying the
// prompt's (models/README.md, "Evaluation"); guidance corrects that at sampling time:
//
//   1. while a phrase is not yet in the output, at each clause start (after punctuation, a line
//      break, a list bullet) the first token of each of its spellings gets `boost` added to its
//      logit (a nudge: the model still decides whether a feature goes there); once
//      it is in the output k times, they get -k * boost instead, and a token holding the whole
//      phrase is not allowed a third time (a feature is named, not chanted);
//   2. once the output has begun a spelling at a clause start (its first token was sampled),
//      only tokens that continue a begun spelling are allowed until one is complete -- a phrase
//      is never left half written or garbled by a small model.
//
// This is lexically constrained decoding (Hokamp & Liu 2017; transformers' `force_words_ids`)
// reduced to sampling. Spellings: the phrase as given, with a leading space, and with its first
// letter in the other case ("Heart rate" / " heart rate"). A phrase counts as mentioned when the
// generated text holds it, ignoring ASCII case and treating "-" as a space, however the model
// tokenized it. With no phrases or boost 0 nothing changes: the sampler sees no bias at all.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/sampler.h"
#include "model/tokenizer.h"

namespace plume {

// The boost the page, `plume write`, campaigns and `plume eval` use for the default model (chosen
// on generated development prompts, not the gold set: docs/evaluation.md, "Phrase guidance").
constexpr float kDefaultMentionBoost = 8.0f;

// Bounds that keep the per-token work small (checked by Generator::start_tokens).
constexpr size_t kMaxGuidePhrases = 32;
constexpr size_t kMaxGuidePhraseBytes = 200;

class PhraseGuide {
 public:
  PhraseGuide() = default;
  PhraseGuide(const Tokenizer& tokenizer, const std::vector<std::string>& phrases, float boost);

  bool enabled() const { return !spellings_.empty(); }

  // One sequence's progress.
  struct State {
    std::vector<char> mentioned;  // per phrase: how often it is in the text (capped at 100)
    std::vector<int32_t> begun;   // spellings whose tokens the output is in the middle of
    int32_t position = 0;         // tokens of the begun spellings written so far
    bool word_end = false;        // a phrase ending in a letter or digit was just completed
  };
  State start() const;

  // The bias for the sequence's next token, given the text generated so far.
  void bias(const State& state, std::string_view generated, LogitBias* out) const;
  // Records the sampled token; `generated` is the text including it, of which the first
  // `before_size` bytes came before it.
  void observe(State& state, int32_t token, std::string_view generated, size_t before_size) const;
  //   A spelling without a leading space is begun only where a word may start, and after a phrase
  //   that ends in a letter or digit the next token may not start with one ("lash" + "er"), so
  //   guidance never glues a phrase to a neighbouring word.

 private:
  struct Spelling {
    int32_t phrase = 0;
    bool leading_space = false;
    bool non_ascii_start = false;  // Chinese needs no space before it
    bool alnum_end = false;        // ends in an ASCII letter or digit
    std::vector<int32_t> tokens;
  };
  std::vector<std::string> folded_;  // each phrase as the mention check compares it
  std::vector<Spelling> spellings_;
  std::vector<int32_t> alnum_start_;  // tokens whose text starts with an ASCII letter or digit
  // Per phrase, the tokens whose text holds the whole phrase ("、可重复密封袋" for "可重复密封袋"):
  // writing one mentions the phrase at once, so they are boosted and discouraged like a first token.
  struct Containing {
    int32_t token = 0;
    unsigned char first = 0;  // its first byte, for the word-boundary rule
  };
  std::vector<std::vector<Containing>> containing_;
  float boost_ = 0.0f;
};

}  // namespace plume
