// The ranked candidates as JSON: one shape for `plume write --json` and the browser, so the
// two doors cannot drift apart.
#include "prompt/channel_json.h"
#include "prompt/write.h"

namespace plume::prompt {

nlohmann::json ranked_to_json(const std::vector<RankedCandidate>& ranked, const WriteWeights& w) {
  using nlohmann::json;
  json list = json::array();
  for (const RankedCandidate& c : ranked) {
    json parts = json::object();
    for (const auto& p : c.parts) {
      // Repeated names (an ad's several headlines) become lists.
      if (!parts.contains(p.first)) parts[p.first] = p.second;
      else if (parts[p.first].is_array()) parts[p.first].push_back(p.second);
      else parts[p.first] = json::array({parts[p.first], p.second});
    }
    json rules = json::array();
    for (const RuleOutcome& r : c.rules) {
      json reasons = json::array();
      for (const rules::Reason& x : r.reasons) reasons.push_back(reason_to_json(x));
      rules.push_back({{"rule", r.rule}, {"pass", r.pass}, {"reasons", reasons}});
    }
    const ScoreBreakdown& s = c.score;
    json item = {{"rank", c.rank}, {"index", c.index}, {"accepted", c.accepted}, {"text", c.text}, {"parts", parts},
                 {"finishReason", c.finish}, {"tokens", c.tokens}, {"rules", rules},
                 {"missingFeatures", c.missing_features},
                 {"score", {{"total", s.total}, {"meanLogprob", s.mean_logprob}, {"model", s.model}, {"coverage", s.coverage},
                            {"language", s.language}, {"format", s.format}, {"length", s.length},
                            {"repetitionPenalty", s.repetition_penalty}, {"rulesPassed", s.rules_passed},
                            {"rulesTotal", s.rules_total}}}};
    if (!c.language_reason.empty()) item["languageReason"] = c.language_reason;
    if (!c.format_reason.empty()) item["formatReason"] = c.format_reason;
    if (!c.repeated.empty()) item["repeated"] = c.repeated;
    if (c.duplicate_of >= 0) item["duplicateOf"] = c.duplicate_of;
    list.push_back(std::move(item));
  }
  return {{"candidates", list},
          {"weights", {{"model", w.model}, {"coverage", w.coverage}, {"language", w.language}, {"format", w.format},
                       {"length", w.length}, {"repetition", w.repetition}}}};
}

}  // namespace plume::prompt
