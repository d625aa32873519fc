// JSON documents in, JSON results out, for the CLI and the browser (assign_json.h).
#include "experiment/assign_json.h"

namespace plume::experiment {

using nlohmann::json;

Result<Experiment> experiment_from_json(const json& j) {
  if (!j.is_object()) return make_error("the experiment must be a JSON object with key and variations");
  if (j.contains("varies") || j.contains("primaryMetric") || j.contains("guardrails")) {
    auto d = parse_experiment_definition(j);
    if (!d) return d.error();
    return d->assignment;
  }
  auto e = parse_experiment(j);
  if (!e) return e.error();
  if (!e->condition.is_null()) {
    Status s = validate_condition(e->condition);
    if (!s.ok()) return make_error("experiment.", s.error().message);
  }
  return e;
}

Result<json> assign_json(const json& experiment, const json& context) {
  auto exp = experiment_from_json(experiment);
  if (!exp) return exp.error();
  auto ctx = parse_context(context);
  if (!ctx) return ctx.error();
  ExperimentResult r = run_experiment(*exp, *ctx);
  json out = result_to_json(r);
  if (ctx->sticky_bucketing) out["stickyBucketAssignmentDocs"] = sticky_docs_to_json(ctx->sticky_docs);
  if (auto e = exposure_event(exp->key, r)) out["exposure"] = events_to_json({*e})[0];
  return out;
}

Result<json> condition_json(const json& condition, const json& attributes, const json& saved_groups) {
  Status s = validate_condition(condition);
  if (!s.ok()) return s.error();
  if (!attributes.is_object()) return make_error("attributes must be a JSON object, e.g. {\"country\": \"CN\"}");
  auto groups = parse_saved_groups(saved_groups);
  if (!groups) return groups.error();
  return json{{"pass", evaluate_condition(condition, attributes, *groups)}};
}

Result<std::vector<Event>> parse_events(const std::string& text, const std::string& format) {
  std::string f = format;
  if (f == "auto" || f.empty()) {
    size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    f = (first != std::string::npos && (text[first] == '[' || text[first] == '{')) ? "json" : "csv";
  }
  if (f == "csv") {
    // A UTF-8 byte-order mark (Excel writes one) is not part of the first column's name.
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) return parse_events_csv(text.substr(3));
    return parse_events_csv(text);
  }
  if (f == "json") return parse_events_json(text);
  return make_error("events format '", format, "' is not csv or json");
}

Result<json> aggregate_json(const std::vector<Event>& events, const json& options) {
  if (!options.is_object()) return make_error("aggregate options must be a JSON object {experiment, metric, kind}");
  AggregateOptions o;
  std::vector<Metric> guardrails;
  if (options.contains("definition")) {
    auto d = parse_experiment_definition(options["definition"]);
    if (!d) return d.error();
    o.experiment = d->key;
    o.metric = d->primary;
    for (const auto& v : d->variations) o.variations.push_back(v.key);
    guardrails = d->guardrails;
  }
  if (options.contains("experiment")) {
    if (!options["experiment"].is_string()) return make_error("experiment must be the experiment key (a string)");
    o.experiment = options["experiment"].get<std::string>();
  }
  if (options.contains("metric")) {
    if (!options["metric"].is_string() || options["metric"].get<std::string>().empty())
      return make_error("metric must be the event type that counts, e.g. \"purchase\"");
    o.metric.event = o.metric.name = options["metric"].get<std::string>();
  }
  if (options.contains("kind")) {
    std::string k = options["kind"].is_string() ? options["kind"].get<std::string>() : "";
    if (k == "binomial") o.metric.kind = MetricKind::Binomial;
    else if (k == "continuous") o.metric.kind = MetricKind::Continuous;
    else return make_error("kind must be binomial or continuous");
  }
  if (options.contains("variations")) {
    if (!options["variations"].is_array()) return make_error("variations must be an array of variation keys");
    o.variations.clear();
    for (const json& v : options["variations"]) {
      if (!v.is_string()) return make_error("variations must be an array of variation keys");
      o.variations.push_back(v.get<std::string>());
    }
  }
  auto a = aggregate(events, o);
  if (!a) return a.error();
  json out = aggregates_to_json(*a);
  if (!guardrails.empty()) {
    out["guardrails"] = json::array();
    for (const Metric& m : guardrails) {
      AggregateOptions g = o;
      g.metric = m;
      auto ga = aggregate(events, g);
      if (!ga) return ga.error();
      json gj = aggregates_to_json(*ga);
      gj["name"] = m.name;
      out["guardrails"].push_back(gj);
    }
  }
  return out;
}

}  // namespace plume::experiment
