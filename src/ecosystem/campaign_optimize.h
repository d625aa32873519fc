// Optimization (issue 7, item 6): from imported outcomes to decisions. Per variant of a
// campaign: messages delivered (the exposures), successes of the campaign's metric, the rate
// with its 95 % Wilson interval, revenue; the A/B analysis of src/experiment (each variant
// against the first: lift, interval, p-value, chance to beat the control; the sample-ratio
// check against the experiment's weights), P(best) under Beta(1 + s, 1 + n - s) posteriors;
// and for a bandit the new weights (experiment/bandit.h), stored in state.json, which the next
// run allocates by. The report breaks the outcomes down per partner, channel, segment (the
// manifest's segments; a customer may be in several) and variant.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "ecosystem/campaign.h"
#include "ecosystem/campaign_outcomes.h"
#include "ecosystem/workspace.h"
#include "experiment/aggregate.h"

namespace plume::ecosystem {

// One row per variant (in campaign order) from the outcomes of this campaign.
std::vector<experiment::VariationStats> variant_stats(const Campaign& c, const std::vector<Outcome>& outcomes);

// Outcomes naming the campaign but a variant it does not have (an error in the import).
std::vector<std::string> unknown_variants(const Campaign& c, const std::vector<Outcome>& outcomes);

// {"campaign","metric","variants":[{variant,delivered,successes,rate,interval,revenue,
//  chanceToBeBest}],"comparisons":[...],"srm":{...}|null,"warnings":[...]}
Result<nlohmann::json> analyze_campaign(const Campaign& c, const std::vector<Outcome>& outcomes);

// The state with this campaign's entry recomputed from all its outcomes: {"arms":[{variant,
// shown, successes}], "weights":[...], "previousWeights":[...], "algorithm", "metric",
// "outcomes": N}. Experiments get their (fixed) weights recorded too.
Result<nlohmann::json> update_state(const Campaign& c, const std::vector<Outcome>& outcomes, nlohmann::json state);

// The report over one campaign (or all when `c` is null): totals and groups by partner,
// channel, segment and variant.
nlohmann::json campaign_report(const Workspace& w, const Campaign* c);

// Wilson score interval of s successes in n at 95 %.
std::pair<double, double> wilson_interval(int64_t s, int64_t n);

}  // namespace plume::ecosystem
