// Candidates -> filter -> rank (issue 4, item 4): what happens to the model's N answers for one
// prompt. Model-free: the caller generates (src/ecosystem/write_model.h natively, the worker in
// the browser) and hands over each candidate's text, how it finished and the model's mean
// log-probability of it; this file cleans, checks and ranks them, so the ranking is testable on
// hand-made candidates and identical natively and in WASM.
//
// Hard rules (a failing candidate is rejected, with its reasons): not empty; the template's
// channel rule on the whole text and on each part that names one; brand rules (banned words,
// required keywords, unfilled placeholders, repeated sentences, text after a stop marker); not a
// near-duplicate of a better candidate (word/character 3-gram Jaccard >= 0.7).
//
// Score (docs/templates.md, "Ranking"): a weighted sum of components in [0, 1], minus penalties:
//   model      exp(mean log-probability): the model's geometric-mean token probability
//   coverage   share of the requested features (and must_mention fields) the text mentions
//   language   1 if the text is in the template's language
//   format     1 if the output parses into its content type's parts and generation ended by
//              itself (stop string or end of text), 0.5 if it parses but was cut at the limit
//   length     1 inside the template's word/character range, falling off proportionally outside
//   repetition penalty 1 when the text loops (quality.h repetition_check)
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "prompt/channel_reason.h"
#include "prompt/template_library.h"

namespace plume::prompt {

struct WriteWeights {
  double model = 1.0;
  double coverage = 2.0;
  double language = 1.0;
  double format = 1.0;
  double length = 0.5;
  double repetition = 2.0;  // subtracted when the text loops
};

struct RawCandidate {
  std::string text;            // the continuation, cut before the stop string
  std::string finish;          // "eos" | "stop" | "length" | "cancelled"
  double mean_logprob = 0;     // the model's mean log-probability of the cleaned text (<= 0)
  int tokens = 0;              // tokens generated
};

struct RuleOutcome {
  std::string rule;      // "not_empty", "channel:sms", "channel:email-subject(subject)", "banned_words", ...
  bool pass = true;
  std::vector<rules::Reason> reasons;
};

struct ScoreBreakdown {
  double mean_logprob = 0;
  double model = 0, coverage = 0, language = 0, format = 0, length = 0;
  double repetition_penalty = 0;
  int rules_passed = 0, rules_total = 0;
  double total = 0;
};

struct RankedCandidate {
  int index = 0;          // position in the input (the generated sequence number)
  int rank = 0;           // 1 = best; 0 = rejected
  std::string text;       // cleaned (trimmed, valid UTF-8)
  std::string finish;
  int tokens = 0;
  bool accepted = false;
  std::vector<std::pair<std::string, std::string>> parts;  // (name, text)
  std::vector<RuleOutcome> rules;
  std::vector<std::string> missing_features;
  std::string language_reason, format_reason, repeated;
  int duplicate_of = -1;  // index of the better candidate this one nearly repeats
  ScoreBreakdown score;
};

// Extra brand rules from the request, on top of the template's checks.
struct WriteRules {
  std::vector<std::string> banned;
  std::vector<std::string> required;
};

// Text cleaning: invalid UTF-8 becomes U+FFFD (an incomplete last character is dropped), and
// surrounding white space goes.
std::string clean_candidate(std::string_view text);

// What a text for this template must mention: the input's features, then the values of the
// template's other must_mention fields (the coverage score's list, and phrase guidance's).
std::vector<std::string> mention_targets(const PromptTemplate& t, const nlohmann::json& input);

// Checks and scores every candidate, then orders them: accepted ones by total score (ties: lower
// index first), then rejected ones the same way. `input` is the prompt's input fields (after
// the template's defaults), for coverage and must_mention.
Result<std::vector<RankedCandidate>> rank_candidates(const PromptTemplate& t, const nlohmann::json& input,
                                                     const std::vector<RawCandidate>& candidates,
                                                     const WriteRules& extra = {}, const WriteWeights& weights = {});

// The JSON both doors print: {"candidates": [...]} with each candidate's rank, text, parts,
// rule outcomes (with English and Chinese reasons) and score breakdown; "weights" too.
nlohmann::json ranked_to_json(const std::vector<RankedCandidate>& ranked, const WriteWeights& weights);

}  // namespace plume::prompt
