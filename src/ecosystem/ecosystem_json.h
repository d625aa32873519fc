// JSON forms of the ecosystem's results, shared by the CLI (--json) and the Embind door so both
// print the same thing.
#pragma once

#include <nlohmann/json.hpp>

#include "ecosystem/analysis.h"
#include "ecosystem/import.h"
#include "ecosystem/manifest.h"

namespace plume::ecosystem {

nlohmann::json check_to_json(const ManifestCheck& check);  // {valid, errors, truncated, summary?}
nlohmann::json summary_to_json(const ImportSummary& s);
nlohmann::json progress_to_json(const ImportProgress& p);
nlohmann::json store_counts_json(const Store& store);     // products, customers, events, ...
nlohmann::json insights_to_json(const SegmentInsights& s, int tz_offset_minutes);
// RFM: customers per score of R, F and M, the R x F grid, customers per group.
nlohmann::json rfm_to_json(const Analysis& analysis);
// Reads {"as_of": ISO|epoch, "tz": "+08:00", "purchase_type": "...", "engagement_types": [...]}.
Result<AnalysisOptions> analysis_options_from_json(const nlohmann::json& j, const Manifest* manifest);

}  // namespace plume::ecosystem
