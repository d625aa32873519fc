// Human review of generated candidates (issue 4, item 5; docs/review.md): a reviewer approves,
// edits or rejects a candidate, with a reason. A decision keeps everything needed to reuse it
// later: the template, the language, the product/request fields, the candidate as generated,
// the edited text, the score breakdown the page showed, who decided and when.
//
// Decisions travel as JSON objects ("plume-review/1"); both doors store them the same way (the
// browser in its workspace, the CLI one decision per line in a JSON-lines file). Parsing is
// strict — an unknown key, a missing reason for a rejection, an edit that changes nothing — so a
// store never holds a decision that cannot be turned into examples or training data later.
//
// No clock here: the door stamps the time (the core has no hidden global state).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace plume::prompt {

enum class ReviewAction { kApprove, kEdit, kReject };

const char* review_action_name(ReviewAction a);  // "approve", "edit", "reject"

// A reason code with its labels for the page. `actions` says where it may be used.
struct ReviewReason {
  const char* code;
  const char* en;
  const char* zh;
  bool for_approve;
  bool for_edit_or_reject;
};

const std::vector<ReviewReason>& review_reasons();

struct ReviewDecision {
  std::string id;                 // unique in a store ("r1", "r2", ... when not given)
  ReviewAction action = ReviewAction::kApprove;
  std::string template_name;      // full library name: "sms.zh"
  std::string language;           // "en" | "zh"
  std::string variant;            // optional: the prompt-experiment variant that produced it
  nlohmann::json input = nlohmann::json::object();  // the product/request fields
  std::string candidate;          // the text as generated
  std::string edited;             // action edit: the reviewer's text; otherwise empty
  std::string reason_code;        // empty only for an approval without a reason
  std::string reason_note;        // free text (required with code "other")
  nlohmann::json score;           // the score breakdown shown to the reviewer, or null
  std::string reviewer;
  std::string time;               // ISO 8601 UTC: 2026-11-29T04:00:00Z (fraction allowed)

  // The text the decision stands for: the edited text for an edit, else the candidate.
  const std::string& final_text() const { return action == ReviewAction::kEdit ? edited : candidate; }
};

// Validates one decision. `where` prefixes every message ("reviews.jsonl:3"). An empty id is
// allowed here (the store assigns one).
Result<ReviewDecision> parse_review_decision(const nlohmann::json& j, const std::string& where);

nlohmann::json review_decision_to_json(const ReviewDecision& d);

// {"reasons": [{"code", "en", "zh", "actions": [...]}]} for the page's reason picker.
nlohmann::json review_reasons_json();

}  // namespace plume::prompt
