// Targeting conditions: GrowthBook's Mongo-style condition language (packages/sdk-js/src/
// mongrule.ts), evaluated exactly as the JS SDK does. Experiments use it to decide who may enter;
// the rest of Plume uses the same language to define customer segments.
//
//   {"country": "US", "age": {"$gte": 18}, "tags": {"$elemMatch": {"$eq": "vip"}},
//    "$or": [{"plan": "pro"}, {"spend": {"$gt": 100}}], "app.version": {"$vgte": "2.1.0"},
//    "id": {"$inGroup": "beta_testers"}}
//
// Keys are dot-paths into the attributes ("father.age"; array indexes work: "tags.0") or the
// logical operators $and $or $nor $not. Values are a literal (compared as GrowthBook does: a
// string condition compares String(value), a number condition Number(value), an array or plain
// object by JSON equality, null matches null or missing) or an operator object: $eq $ne $lt $lte
// $gt $gte $in $nin $ini $nini $all $alli $elemMatch $size $exists $type $not $regex $regexi
// $veq $vne $vlt $vlte $vgt $vgte $inGroup $notInGroup. Comparisons coerce like JS ("8" > 5).
//
// Evaluation never fails: like GrowthBook, an unknown operator, a wrong-typed argument or an
// invalid regex makes that test false. To tell a user *why*, validate_condition() names the
// first problem (for segment editors and experiment files).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace plume::experiment {

// Saved groups for $inGroup / $notInGroup: group id -> member values (e.g. user ids).
using SavedGroups = std::map<std::string, std::vector<nlohmann::json>>;

// Reads {"group_id": [values...], ...}; errors name the offending group.
Result<SavedGroups> parse_saved_groups(const nlohmann::json& groups);

// True when `attributes` satisfy `condition` (an empty condition {} always passes).
bool evaluate_condition(const nlohmann::json& condition, const nlohmann::json& attributes,
                        const SavedGroups& saved_groups = {});

// The value at a dot-path ("a.b.0"), or null when any step is missing (GrowthBook's getPath).
nlohmann::json attribute_at_path(const nlohmann::json& attributes, const std::string& path);

// GrowthBook's paddedVersionString: "v1.2.3-rc.1+build" -> comparable string; used by $v* ops.
std::string padded_version_string(const nlohmann::json& version);

// Empty status when the condition is well formed; otherwise the first problem and where, e.g.
// "condition.age: unknown operator $gtx" or "condition.ua.$regex: nothing to repeat at position 0".
Status validate_condition(const nlohmann::json& condition);

}  // namespace plume::experiment
