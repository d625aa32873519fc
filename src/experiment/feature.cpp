// GrowthBook's evalFeature for the rule kinds experiments need (feature.h).
#include "experiment/feature.h"

#include "experiment/js_value.h"

namespace plume::experiment {

using nlohmann::json;

namespace {

// Typed reads that never throw (nlohmann's value() would on a type mismatch).
std::string str_field(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
bool bool_field(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

FeatureResult feature_result(json value, std::string source, std::string rule_id = "") {
  FeatureResult r;
  r.value = std::move(value);
  r.source = std::move(source);
  r.rule_id = std::move(rule_id);
  return r;
}

bool rule_filtered_out(const json& filters, const Context& ctx) {
  json exp = {{"key", "_"}, {"variations", json::array()}, {"filters", filters}};
  auto parsed = parse_experiment(exp);
  if (!parsed) return true;
  for (const Filter& f : *parsed->filters) {
    json value = hash_attribute_value(ctx, f.attribute).second;
    if (!js_truthy(value)) return true;
    auto n = gb_hash(f.seed, js_to_string(value), f.hash_version);
    if (!n) return true;
    bool inside = false;
    for (const auto& r : f.ranges) inside = inside || in_range(*n, r);
    if (!inside) return true;
  }
  return false;
}

// isIncludedInRollout: a force rule with a range or coverage applies to a hashed share of users.
bool included_in_rollout(const Context& ctx, const std::string& seed, const json& rule) {
  bool has_range = rule.contains("range") && rule["range"].is_array() && rule["range"].size() == 2;
  bool has_coverage = rule.contains("coverage") && rule["coverage"].is_number();
  if (!has_range && !has_coverage) return true;
  if (!has_range && rule["coverage"].get<double>() == 0) return false;
  std::string attr = str_field(rule, "hashAttribute");
  std::string fallback = ctx.sticky_bucketing && !bool_field(rule, "disableStickyBucketing")
                             ? str_field(rule, "fallbackAttribute") : "";
  json value = hash_attribute_value(ctx, attr, fallback).second;
  if (!js_truthy(value)) return false;
  int version = rule.contains("hashVersion") && rule["hashVersion"].is_number_integer() ? rule["hashVersion"].get<int>() : 1;
  auto n = gb_hash(seed, js_to_string(value), version == 0 ? 1 : version);
  if (!n) return false;
  if (has_range) {
    if (!rule["range"][0].is_number() || !rule["range"][1].is_number()) return false;
    return in_range(*n, {rule["range"][0].get<double>(), rule["range"][1].get<double>()});
  }
  return *n <= rule["coverage"].get<double>();
}

}  // namespace

FeatureResult evaluate_feature(const std::string& id, Context& ctx) {
  if (ctx.evaluating_features.count(id)) return feature_result(nullptr, "cyclicPrerequisite");
  ctx.evaluating_features.insert(id);
  if (!ctx.features.is_object() || !ctx.features.contains(id) || !ctx.features[id].is_object())
    return feature_result(nullptr, "unknownFeature");
  const json feature = ctx.features[id];
  const json rules = feature.value("rules", json::array());
  if (rules.is_array()) {
    const std::set<std::string> evaluating = ctx.evaluating_features;
    for (const json& rule : rules) {
      if (!rule.is_object()) continue;
      std::string rule_id = str_field(rule, "id");
      bool skip = false;
      for (const json& parent : rule.value("parentConditions", json::array())) {
        if (!parent.is_object() || !parent.contains("id") || !parent["id"].is_string()) { skip = true; break; }
        ctx.evaluating_features = evaluating;
        FeatureResult pr = evaluate_feature(parent["id"].get<std::string>(), ctx);
        if (pr.source == "cyclicPrerequisite") return feature_result(nullptr, "cyclicPrerequisite");
        json condition = parent.value("condition", json::object());
        if (!evaluate_condition(condition, json{{"value", pr.value}}, {})) {
          if (bool_field(parent, "gate")) return feature_result(nullptr, "prerequisite");
          skip = true;
          break;
        }
      }
      if (skip) continue;
      if (rule.contains("filters") && rule_filtered_out(rule["filters"], ctx)) continue;
      if (rule.contains("force")) {
        if (rule.contains("condition") && rule["condition"].is_object() &&
            !evaluate_condition(rule["condition"], ctx.attributes, ctx.saved_groups))
          continue;
        std::string seed = rule.contains("seed") && rule["seed"].is_string() ? rule["seed"].get<std::string>() : id;
        if (!included_in_rollout(ctx, seed.empty() ? id : seed, rule)) continue;
        return feature_result(rule["force"], "force", rule_id);
      }
      if (!rule.contains("variations") || !rule["variations"].is_array()) continue;
      // An experiment rule: the rule is an experiment object whose key defaults to the feature id.
      json exp_json = rule;
      exp_json.erase("id");
      if (!rule.contains("key") || !rule["key"].is_string() || rule["key"].get<std::string>().empty()) exp_json["key"] = id;
      auto exp = parse_experiment(exp_json);
      if (!exp) continue;
      ExperimentResult result = run_experiment(*exp, ctx, id);
      if (result.in_experiment && !result.passthrough) {
        FeatureResult r = feature_result(result.value, "experiment", rule_id);
        r.experiment_result = result;
        return r;
      }
    }
  }
  return feature_result(feature.contains("defaultValue") ? feature["defaultValue"] : json(), "defaultValue");
}

std::set<std::string> sticky_bucket_keys(const Context& ctx) {
  std::set<std::string> attributes;
  if (ctx.features.is_object()) {
    for (auto it = ctx.features.begin(); it != ctx.features.end(); ++it) {
      const json rules = it.value().is_object() ? it.value().value("rules", json::array()) : json::array();
      if (!rules.is_array()) continue;
      for (const json& rule : rules) {
        if (!rule.is_object() || !rule.contains("variations")) continue;
        std::string h = str_field(rule, "hashAttribute");
        attributes.insert(h.empty() ? "id" : h);
        std::string f = str_field(rule, "fallbackAttribute");
        if (!f.empty()) attributes.insert(f);
      }
    }
  }
  std::set<std::string> keys;
  for (const std::string& a : attributes) {
    json v = hash_attribute_value(ctx, a).second;
    keys.insert(a + "||" + (v.is_string() ? v.get<std::string>() : js_to_string(v)));
  }
  return keys;
}

}  // namespace plume::experiment
