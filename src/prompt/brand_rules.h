// Brand rules: checks a text against what a brand requires and forbids, independent of channel.
//
//   banned_words        none of these words appear (Latin: case-insensitive, whole words;
//                       words containing CJK characters: anywhere, since CJK has no spaces)
//   required_keywords   each of these appears (same matching)
//   placeholders        no unfilled template slot: {{x}}, {x}, [NAME], <placeholder>
//   repeated_sentences  no sentence said twice (sentences end at 。！？!? ; or a '.' before a
//                       space, CJK character or the end; compared ignoring case and spacing)
//   stop_marker         nothing after a stop marker (e.g. a model's "<|endoftext|>")
//
// Every rule reports pass or fail; each failure carries a rules::Reason (code, parameters,
// English and Chinese message).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "prompt/channel_reason.h"

namespace plume {

struct BrandRules {
  std::vector<std::string> banned_words;
  std::vector<std::string> required_keywords;
  std::vector<std::string> stop_markers = {"<|endoftext|>"};
  bool check_placeholders = true;
  bool check_repeated_sentences = true;
};

struct RuleResult {
  std::string rule;  // "banned_words", "required_keywords", "placeholders", "repeated_sentences", "stop_marker"
  bool pass = true;
  std::vector<rules::Reason> reasons;  // one per violation
};

struct BrandReport {
  bool ok = true;
  std::vector<RuleResult> rules;
};

// Invalid UTF-8 in the text or in a word list is an error value naming which.
Result<BrandReport> check_brand(std::string_view text, const BrandRules& rules);

// Sentences as the repeated-sentence rule sees them (trimmed, CJK-aware split), for the UI.
std::vector<std::string> split_sentences(std::string_view text);

}  // namespace plume
