// Campaign outcomes (issue 7, item 6): what happened to each message a run produced, as the
// channel reports it. CSV with a header naming the columns (any order; unknown columns are
// ignored): message_id, customer, campaign, variant, delivered, opened, clicked, converted,
// revenue, timestamp. Flags accept 1/0, true/false, yes/no (empty = 0); each stage implies the
// earlier ones when counting (a click counts as opened and delivered). Errors name the line and
// column: "outcomes.csv: line 4, column 6 (opened): 'maybe' is not 0/1, true/false or yes/no".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace plume::ecosystem {

struct Outcome {
  std::string message_id, customer, campaign, variant;
  bool delivered = false, opened = false, clicked = false, converted = false;
  double revenue = 0;
  int64_t timestamp = 0;  // 0 = not given
};

Result<std::vector<Outcome>> parse_outcomes_csv(std::string_view text);
std::string outcomes_to_csv(const std::vector<Outcome>& outcomes);

// `incoming` added to `existing`: a message id seen before is replaced (the latest report wins),
// others are appended in order. Returns how many were replaced.
size_t merge_outcomes(std::vector<Outcome>& existing, const std::vector<Outcome>& incoming);

// Whether the outcome counts as a success for the metric ("opened", "clicked", "converted").
bool outcome_success(const Outcome& o, std::string_view metric);

}  // namespace plume::ecosystem
