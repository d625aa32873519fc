// JSON in and out for the channel and brand rules: the one shape the CLI (`plume channel`) and
// the browser engine (checkChannel / checkBrand) both print, so the two doors cannot drift apart.
//
// Options:  {"maxSegments": 1, "limit": 0, "brand": BRAND_RULES}   (every key optional)
// Brand:    {"banned": ["a", "b"] or "a,b", "required": [...], "stopMarkers": [...],
//            "placeholders": true, "repeatedSentences": true}
// Result:   {"channel", "length", "unit", "limit", "segments", "ok", "reasons": [REASON...],
//            "characters", "encoding" and "nonGsmCharacters" (SMS), "brand": {"ok", "rules"}}
// Reason:   {"code", "severity": "error"|"warning", "params": {...}, "en", "zh"}
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "prompt/brand_rules.h"
#include "prompt/channel.h"

namespace plume {

nlohmann::json reason_to_json(const rules::Reason& r);
nlohmann::json brand_report_to_json(const BrandReport& report);

Result<BrandRules> brand_rules_from_json(const nlohmann::json& j);

// Checks `text` against the channel named `channel_id` with options (a JSON object, may be empty or null) and,
// when options.brand is present, the brand rules too; brand failures join `reasons` and `ok`.
Result<nlohmann::json> check_channel_json(std::string_view text, std::string_view channel_id,
                                          const nlohmann::json& options);

// Brand rules alone: {"ok", "rules": [{"rule", "pass", "reasons"}], "reasons": [...]}.
Result<nlohmann::json> check_brand_json(std::string_view text, const nlohmann::json& rules);

}  // namespace plume
