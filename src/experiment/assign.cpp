// GrowthBook's runExperiment (assign.h), plus reading its JSON objects with errors that name
// the field.
#include "experiment/assign.h"

#include <cmath>

#include "experiment/feature.h"
#include "experiment/js_value.h"

namespace plume::experiment {

using nlohmann::json;

namespace {

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

Status read_string(const json& j, const char* field, const std::string& where, std::string* out) {
  auto it = j.find(field);
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_string()) return make_error(where, ".", field, " must be a string, got ", dump(*it));
  *out = it->get<std::string>();
  return {};
}

Status read_bool(const json& j, const char* field, const std::string& where, bool* out) {
  auto it = j.find(field);
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_boolean()) return make_error(where, ".", field, " must be true or false, got ", dump(*it));
  *out = it->get<bool>();
  return {};
}

Status read_number(const json& v, const std::string& where, double* out) {
  if (!v.is_number() || !std::isfinite(v.get<double>())) return make_error(where, " must be a number, got ", dump(v));
  *out = v.get<double>();
  return {};
}

Status read_int(const json& j, const char* field, const std::string& where, int* out) {
  auto it = j.find(field);
  if (it == j.end() || it->is_null()) return {};
  double d;
  Status s = read_number(*it, where + "." + field, &d);
  if (!s.ok()) return s;
  if (d != std::floor(d) || std::fabs(d) > 1e9) return make_error(where, ".", field, " must be an integer, got ", dump(*it));
  *out = static_cast<int>(d);
  return {};
}

Status read_ranges(const json& v, const std::string& where, std::vector<BucketRange>* out) {
  if (!v.is_array()) return make_error(where, " must be an array of [start, end] pairs");
  for (size_t i = 0; i < v.size(); i++) {
    std::string at = where + "[" + std::to_string(i) + "]";
    if (!v[i].is_array() || v[i].size() != 2) return make_error(at, " must be a [start, end] pair");
    BucketRange r;
    Status s = read_number(v[i][0], at + "[0]", &r.first);
    if (s.ok()) s = read_number(v[i][1], at + "[1]", &r.second);
    if (!s.ok()) return s;
    out->push_back(r);
  }
  return {};
}

#define PLUME_TRY(expr)            \
  do {                             \
    Status s_ = (expr);            \
    if (!s_.ok()) return s_.error(); \
  } while (0)

// JS `toString(x)` of the SDK: strings as they are, anything else as JSON.
std::string sticky_value_string(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return js_number_to_string(v.get<double>());
  return dump(v);
}

std::string sticky_experiment_key(const std::string& key, int bucket_version) {
  return key + "__" + std::to_string(bucket_version);
}

// Sticky assignments of the user: the fallback attribute's document, overridden by the hash
// attribute's (getStickyBucketAssignments; an absent fallback means "id", as in the SDK).
std::map<std::string, std::string> sticky_assignments(const Context& ctx, const Experiment& exp) {
  std::map<std::string, std::string> out;
  auto [hash_attr, hash_value] = hash_attribute_value(ctx, exp.hash_attribute);
  auto [fb_attr, fb_value] = hash_attribute_value(ctx, exp.fallback_attribute);
  if (js_truthy(fb_value)) {
    auto it = ctx.sticky_docs.find(fb_attr + "||" + sticky_value_string(fb_value));
    if (it != ctx.sticky_docs.end())
      for (const auto& a : it->second.assignments) out[a.first] = a.second;
  }
  auto it = ctx.sticky_docs.find(hash_attr + "||" + sticky_value_string(hash_value));
  if (it != ctx.sticky_docs.end())
    for (const auto& a : it->second.assignments) out[a.first] = a.second;
  return out;
}

struct StickyLookup {
  int variation = -1;
  bool version_blocked = false;
};

StickyLookup sticky_variation(const Context& ctx, const Experiment& exp) {
  auto assignments = sticky_assignments(ctx, exp);
  for (int v = 0; v < exp.min_bucket_version; v++)
    if (assignments.count(sticky_experiment_key(exp.key, v))) return {-1, true};
  auto it = assignments.find(sticky_experiment_key(exp.key, exp.bucket_version));
  if (it == assignments.end()) return {};
  for (size_t i = 0; i < exp.meta.size(); i++)
    if (exp.meta[i].key == it->second) return {static_cast<int>(i), false};
  return {};  // an assignment to a variation that no longer exists: as if none
}

bool sticky_on(const Context& ctx, const Experiment& exp) { return ctx.sticky_bucketing && !exp.disable_sticky_bucketing; }

ExperimentResult make_result(const Context& ctx, const Experiment& exp, int variation, bool hash_used,
                             const std::optional<std::string>& feature_id, std::optional<double> bucket = std::nullopt,
                             bool sticky_used = false) {
  ExperimentResult r;
  r.in_experiment = true;
  int n = static_cast<int>(exp.variations.size());
  if (variation < 0 || variation >= n) variation = 0, r.in_experiment = false;
  auto [attr, value] = hash_attribute_value(ctx, exp.hash_attribute, sticky_on(ctx, exp) ? exp.fallback_attribute : "");
  VariationMeta meta;
  if (static_cast<size_t>(variation) < exp.meta.size()) meta = exp.meta[static_cast<size_t>(variation)];
  r.key = meta.key.empty() ? std::to_string(variation) : meta.key;
  r.name = meta.name;
  r.passthrough = meta.passthrough;
  r.feature_id = feature_id;
  r.hash_used = hash_used;
  r.variation_id = variation;
  r.value = n > 0 ? exp.variations[static_cast<size_t>(variation)] : json();
  r.hash_attribute = attr;
  r.hash_value = value;
  r.sticky_bucket_used = sticky_used;
  r.bucket = bucket;
  return r;
}

bool filtered_out(const std::vector<Filter>& filters, const Context& ctx) {
  for (const Filter& f : filters) {
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

bool prerequisites_pass(const Experiment& exp, Context& ctx) {
  std::set<std::string> evaluating = ctx.evaluating_features;
  for (const ParentCondition& parent : exp.parent_conditions) {
    ctx.evaluating_features = evaluating;
    FeatureResult pr = evaluate_feature(parent.id, ctx);
    if (pr.source == "cyclicPrerequisite") return false;
    if (!evaluate_condition(parent.condition, json{{"value", pr.value}}, {})) return false;
  }
  return true;
}

}  // namespace

std::pair<std::string, json> hash_attribute_value(const Context& ctx, const std::string& attribute, const std::string& fallback) {
  auto resolve = [&](const std::string& name) -> json {
    if (ctx.attributes.is_object() && ctx.attributes.contains(name)) return ctx.attributes[name];
    json v = attribute_at_path(ctx.attributes, name);
    return v.is_null() ? json("") : v;
  };
  std::string name = attribute.empty() ? "id" : attribute;
  json value = resolve(name);
  if (!js_truthy(value) && !fallback.empty()) {
    json fb = resolve(fallback);
    if (js_truthy(fb)) return {fallback, fb};
  }
  return {name, value};
}

Result<Experiment> parse_experiment(const json& j) {
  const std::string w = "experiment";
  if (!j.is_object()) return make_error("an experiment must be a JSON object with key and variations");
  Experiment e;
  if (!j.contains("key") || !j["key"].is_string() || j["key"].get<std::string>().empty())
    return make_error("experiment.key must be a non-empty string");
  e.key = j["key"].get<std::string>();
  if (!j.contains("variations") || !j["variations"].is_array())
    return make_error("experiment.variations must be an array (e.g. [\"control\", \"treatment\"])");
  e.variations = j["variations"];
  if (j.contains("weights") && !j["weights"].is_null()) {
    if (!j["weights"].is_array()) return make_error("experiment.weights must be an array of numbers");
    for (size_t i = 0; i < j["weights"].size(); i++) {
      double x;
      PLUME_TRY(read_number(j["weights"][i], w + ".weights[" + std::to_string(i) + "]", &x));
      e.weights.push_back(x);
    }
  }
  if (j.contains("coverage") && !j["coverage"].is_null()) {
    double c;
    PLUME_TRY(read_number(j["coverage"], w + ".coverage", &c));
    e.coverage = c;
  }
  if (j.contains("force") && !j["force"].is_null()) {
    int f = 0;
    PLUME_TRY(read_int(j, "force", w, &f));
    e.force = f;
  }
  if (j.contains("condition") && !j["condition"].is_null()) {
    if (!j["condition"].is_object()) return make_error("experiment.condition must be a JSON object");
    e.condition = j["condition"];
  }
  if (j.contains("parentConditions") && !j["parentConditions"].is_null()) {
    const json& pcs = j["parentConditions"];
    if (!pcs.is_array()) return make_error("experiment.parentConditions must be an array");
    for (size_t i = 0; i < pcs.size(); i++) {
      std::string at = w + ".parentConditions[" + std::to_string(i) + "]";
      if (!pcs[i].is_object() || !pcs[i].contains("id") || !pcs[i]["id"].is_string())
        return make_error(at, " must be an object with an id (a feature key)");
      ParentCondition pc;
      pc.id = pcs[i]["id"].get<std::string>();
      if (pcs[i].contains("condition") && pcs[i]["condition"].is_object()) pc.condition = pcs[i]["condition"];
      PLUME_TRY(read_bool(pcs[i], "gate", at, &pc.gate));
      e.parent_conditions.push_back(pc);
    }
  }
  if (j.contains("namespace") && !j["namespace"].is_null()) {
    const json& ns = j["namespace"];
    if (!ns.is_array() || ns.size() != 3 || !ns[0].is_string())
      return make_error("experiment.namespace must be [\"namespace-id\", start, end]");
    Namespace n;
    n.id = ns[0].get<std::string>();
    PLUME_TRY(read_number(ns[1], w + ".namespace[1]", &n.start));
    PLUME_TRY(read_number(ns[2], w + ".namespace[2]", &n.end));
    e.ns = n;
  }
  if (j.contains("filters") && !j["filters"].is_null()) {
    const json& fs = j["filters"];
    if (!fs.is_array()) return make_error("experiment.filters must be an array");
    std::vector<Filter> filters;
    for (size_t i = 0; i < fs.size(); i++) {
      std::string at = w + ".filters[" + std::to_string(i) + "]";
      if (!fs[i].is_object()) return make_error(at, " must be an object {seed, ranges, attribute?, hashVersion?}");
      Filter f;
      PLUME_TRY(read_string(fs[i], "seed", at, &f.seed));
      PLUME_TRY(read_string(fs[i], "attribute", at, &f.attribute));
      PLUME_TRY(read_int(fs[i], "hashVersion", at, &f.hash_version));
      if (f.hash_version == 0) f.hash_version = 2;
      PLUME_TRY(read_ranges(fs[i].value("ranges", json::array()), at + ".ranges", &f.ranges));
      filters.push_back(f);
    }
    e.filters = filters;
  }
  if (j.contains("ranges") && !j["ranges"].is_null()) {
    std::vector<BucketRange> ranges;
    PLUME_TRY(read_ranges(j["ranges"], w + ".ranges", &ranges));
    e.ranges = ranges;
  }
  PLUME_TRY(read_string(j, "hashAttribute", w, &e.hash_attribute));
  if (e.hash_attribute.empty()) e.hash_attribute = "id";
  PLUME_TRY(read_string(j, "fallbackAttribute", w, &e.fallback_attribute));
  PLUME_TRY(read_int(j, "hashVersion", w, &e.hash_version));
  if (e.hash_version == 0) e.hash_version = 1;  // `hashVersion || 1`
  PLUME_TRY(read_string(j, "seed", w, &e.seed));
  PLUME_TRY(read_bool(j, "active", w, &e.active));
  PLUME_TRY(read_string(j, "status", w, &e.status));
  PLUME_TRY(read_bool(j, "disableStickyBucketing", w, &e.disable_sticky_bucketing));
  PLUME_TRY(read_int(j, "bucketVersion", w, &e.bucket_version));
  PLUME_TRY(read_int(j, "minBucketVersion", w, &e.min_bucket_version));
  PLUME_TRY(read_string(j, "name", w, &e.name));
  PLUME_TRY(read_string(j, "phase", w, &e.phase));
  if (j.contains("meta") && !j["meta"].is_null()) {
    if (!j["meta"].is_array()) return make_error("experiment.meta must be an array of {key, name}");
    for (size_t i = 0; i < j["meta"].size(); i++) {
      std::string at = w + ".meta[" + std::to_string(i) + "]";
      if (!j["meta"][i].is_object()) return make_error(at, " must be an object {key, name}");
      VariationMeta m;
      PLUME_TRY(read_string(j["meta"][i], "key", at, &m.key));
      PLUME_TRY(read_string(j["meta"][i], "name", at, &m.name));
      PLUME_TRY(read_bool(j["meta"][i], "passthrough", at, &m.passthrough));
      e.meta.push_back(m);
    }
  }
  if (j.contains("urlPatterns") || j.contains("url"))
    return make_error("experiment.url/urlPatterns: URL targeting is not supported by Plume; target with a condition on a url attribute instead");
  return e;
}

Result<StickyDocs> parse_sticky_docs(const json& j) {
  StickyDocs docs;
  if (j.is_null()) return docs;
  std::vector<json> list;
  if (j.is_array()) list.assign(j.begin(), j.end());
  else if (j.is_object()) for (auto it = j.begin(); it != j.end(); ++it) list.push_back(it.value());
  else return make_error("sticky bucket documents must be an array or an object keyed by \"attribute||value\"");
  for (size_t i = 0; i < list.size(); i++) {
    const json& d = list[i];
    std::string at = "stickyBucketAssignmentDocs[" + std::to_string(i) + "]";
    if (!d.is_object() || !d.contains("attributeName") || !d["attributeName"].is_string() ||
        !d.contains("attributeValue") || !d["attributeValue"].is_string())
      return make_error(at, " must be {attributeName, attributeValue, assignments}");
    StickyDoc doc{d["attributeName"].get<std::string>(), d["attributeValue"].get<std::string>(), {}};
    const json assignments = d.value("assignments", json::object());
    if (!assignments.is_object()) return make_error(at, ".assignments must be an object");
    for (auto it = assignments.begin(); it != assignments.end(); ++it) {
      if (!it.value().is_string()) return make_error(at, ".assignments.", it.key(), " must be a variation key (a string)");
      doc.assignments[it.key()] = it.value().get<std::string>();
    }
    docs[doc.attribute_name + "||" + doc.attribute_value] = doc;
  }
  return docs;
}

json sticky_docs_to_json(const StickyDocs& docs) {
  json out = json::object();
  for (const auto& kv : docs) {
    json assignments = json::object();
    for (const auto& a : kv.second.assignments) assignments[a.first] = a.second;
    out[kv.first] = {{"attributeName", kv.second.attribute_name}, {"attributeValue", kv.second.attribute_value},
                     {"assignments", assignments}};
  }
  return out;
}

Result<Context> parse_context(const json& j) {
  Context c;
  if (j.is_null()) return c;
  if (!j.is_object()) return make_error("the context must be a JSON object");
  if (j.contains("attributes") && !j["attributes"].is_null()) {
    if (!j["attributes"].is_object()) return make_error("attributes must be a JSON object, e.g. {\"id\": \"u123\"}");
    c.attributes = j["attributes"];
  }
  if (j.contains("savedGroups")) {
    auto groups = parse_saved_groups(j["savedGroups"]);
    if (!groups) return groups.error();
    c.saved_groups = *groups;
  }
  if (j.contains("forcedVariations") && !j["forcedVariations"].is_null()) {
    const json& fv = j["forcedVariations"];
    if (!fv.is_object()) return make_error("forcedVariations must be an object {\"experiment-key\": index}");
    for (auto it = fv.begin(); it != fv.end(); ++it) {
      if (!it.value().is_number_integer()) return make_error("forcedVariations.", it.key(), " must be a variation index");
      c.forced_variations[it.key()] = it.value().get<int>();
    }
  }
  PLUME_TRY(read_string(j, "url", "context", &c.url));
  PLUME_TRY(read_bool(j, "enabled", "context", &c.enabled));
  PLUME_TRY(read_bool(j, "qaMode", "context", &c.qa_mode));
  if (j.contains("features") && !j["features"].is_null()) {
    if (!j["features"].is_object()) return make_error("features must be an object keyed by feature id");
    c.features = j["features"];
  }
  if (j.contains("stickyBucketAssignmentDocs")) {
    auto docs = parse_sticky_docs(j["stickyBucketAssignmentDocs"]);
    if (!docs) return docs.error();
    c.sticky_docs = *docs;
    c.sticky_bucketing = true;
  }
  return c;
}

json result_to_json(const ExperimentResult& r) {
  json j = {{"inExperiment", r.in_experiment}, {"variationId", r.variation_id}, {"value", r.value},
            {"hashUsed", r.hash_used},         {"hashAttribute", r.hash_attribute}, {"hashValue", r.hash_value},
            {"key", r.key},                    {"stickyBucketUsed", r.sticky_bucket_used}};
  j["featureId"] = r.feature_id ? json(*r.feature_id) : json();
  if (r.bucket) j["bucket"] = *r.bucket;
  if (!r.name.empty()) j["name"] = r.name;
  if (r.passthrough) j["passthrough"] = true;
  return j;
}

ExperimentResult run_experiment(const Experiment& exp, Context& ctx, const std::optional<std::string>& feature_id) {
  const int n = static_cast<int>(exp.variations.size());
  auto excluded = [&]() { return make_result(ctx, exp, -1, false, feature_id); };
  if (n < 2 || !ctx.enabled) return excluded();
  if (auto forced = query_string_override(exp.key, ctx.url, n)) return make_result(ctx, exp, *forced, false, feature_id);
  if (auto it = ctx.forced_variations.find(exp.key); it != ctx.forced_variations.end())
    return make_result(ctx, exp, it->second, false, feature_id);
  if (exp.status == "draft" || !exp.active) return excluded();

  const bool sticky = sticky_on(ctx, exp);
  auto [hash_attr, hash_value] = hash_attribute_value(ctx, exp.hash_attribute, sticky ? exp.fallback_attribute : "");
  if (!js_truthy(hash_value)) return excluded();

  StickyLookup found;
  if (sticky) found = sticky_variation(ctx, exp);
  const bool found_sticky = found.variation >= 0;
  int assigned = found.variation;

  if (!found_sticky) {
    if (exp.filters) {
      if (filtered_out(*exp.filters, ctx)) return excluded();
    } else if (exp.ns && !in_namespace(js_to_string(hash_value), *exp.ns)) {
      return excluded();
    }
    if (!exp.condition.is_null() && !evaluate_condition(exp.condition, ctx.attributes, ctx.saved_groups)) return excluded();
    if (!exp.parent_conditions.empty() && !prerequisites_pass(exp, ctx)) return excluded();
  }

  auto bucket = gb_hash(exp.seed.empty() ? exp.key : exp.seed, js_to_string(hash_value), exp.hash_version);
  if (!bucket) return excluded();
  if (!found_sticky) {
    auto ranges = exp.ranges ? *exp.ranges : bucket_ranges(n, exp.coverage.value_or(1.0), exp.weights);
    assigned = choose_variation(*bucket, ranges);
  }
  if (found.version_blocked) return make_result(ctx, exp, -1, false, feature_id, std::nullopt, true);
  if (assigned < 0) return excluded();
  if (exp.force) return make_result(ctx, exp, *exp.force, false, feature_id);
  if (ctx.qa_mode || exp.status == "stopped") return excluded();

  ExperimentResult result = make_result(ctx, exp, assigned, true, feature_id, bucket, found_sticky);
  if (sticky) {
    std::string doc_key = hash_attr + "||" + sticky_value_string(hash_value);
    StickyDoc& doc = ctx.sticky_docs[doc_key];  // created if new
    doc.attribute_name = hash_attr;
    doc.attribute_value = sticky_value_string(hash_value);
    doc.assignments[sticky_experiment_key(exp.key, exp.bucket_version)] = result.key;
  }
  return result;
}

}  // namespace plume::experiment
