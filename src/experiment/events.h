// Experiments as a marketer defines them, and the events they produce: exposures (a user saw a
// variation) and metric events (a conversion, a purchase with revenue). Events come in and go
// out as CSV or JSON so they can be analysed in a warehouse too; aggregate() turns them into the
// per-variation VariationStats that the statistics (stats.h) consume.
//
// Attribution rules (documented in docs/experiments-assignment.md):
//   - exposures are de-duplicated per user x experiment x variation;
//   - a user exposed to more than one variation of the same experiment is excluded from the
//     aggregates and counted in `multiple_exposure_users` (GrowthBook does the same);
//   - a metric event counts for an experiment when it happens at or after the user's first
//     exposure: compared by timestamp when both events have one, by order in the log otherwise;
//     an event naming an experiment counts only for that experiment, one without counts for every
//     experiment the user was exposed to;
//   - binomial metric: a user converts once however many events they have (sum = sum_squares =
//     conversions); continuous metric: each user's values are summed first, then sum and
//     sum_squares are taken over users (users without events contribute 0).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "experiment/aggregate.h"
#include "experiment/assign.h"

namespace plume::experiment {

enum class MetricKind { Binomial, Continuous };

struct Metric {
  std::string name;                    // shown in results, e.g. "purchase rate"
  std::string event = "conversion";    // the event type that counts
  MetricKind kind = MetricKind::Binomial;
};

// What an experiment tests (seed §3.3): content, channel, personalization strategy, send time.
enum class Varies { Content, Channel, Personalization, SendTime };
const char* varies_name(Varies v);  // "content", "channel", "personalization", "send_time"

struct VariationDef {
  std::string key;           // recorded in exposures, e.g. "control", "short-subject"
  std::string name;          // for people
  nlohmann::json value;      // what the variation is: a template id, a channel, "09:00", ...
};

struct ExperimentDefinition {
  std::string key, name, hypothesis;
  Varies varies = Varies::Content;
  std::vector<VariationDef> variations;   // [0] is the control
  std::vector<double> weights;            // empty: equal
  Metric primary;
  std::vector<Metric> guardrails;
  Experiment assignment;                  // the GrowthBook experiment (key, variations, weights, meta, ...)
};

// {"key", "name", "hypothesis", "varies": "content"|"channel"|"personalization"|"send_time",
//  "variations": ["A","B"] or [{"key","name","value"}], "weights", "primaryMetric":
//  {"name","event","type":"binomial"|"continuous"}, "guardrails": [...], plus any GrowthBook
//  experiment fields (coverage, hashAttribute, seed, hashVersion, namespace, condition, ...)}.
// Errors name the field; weights must be non-negative and sum to 1 (within 0.001).
Result<ExperimentDefinition> parse_experiment_definition(const nlohmann::json& j);

struct Event {
  std::string type;                 // "exposure", or a metric event ("conversion", "purchase", ...)
  std::string user;
  std::string experiment;           // exposures: required; metric events: optional
  std::string variation;            // exposures: the variation key
  double value = 0;                 // metric events: revenue / order value (may be negative: refunds)
  std::optional<int64_t> timestamp; // milliseconds since 1970-01-01 UTC
};

// CSV with a header row naming the columns (any order, case-insensitive): type (or event),
// user (or user_id), experiment, variation, value, timestamp (ms since epoch or ISO 8601 such as
// 2024-03-01T09:30:00+08:00; no offset means UTC). Quoted fields follow RFC 4180. Errors name
// the line and column: "line 7, column 5 (value): 'abc' is not a number".
Result<std::vector<Event>> parse_events_csv(const std::string& text);
// A JSON array of event objects, or {"events": [...]}; errors name the index and field.
Result<std::vector<Event>> parse_events_json(const std::string& text);
std::string events_to_csv(const std::vector<Event>& events);   // timestamps as ISO 8601 UTC
nlohmann::json events_to_json(const std::vector<Event>& events);

// "2024-03-01T09:30:00.250+08:00" -> ms since epoch (dates only: midnight UTC); nullopt if bad.
std::optional<int64_t> parse_timestamp(const std::string& text);
std::string format_timestamp(int64_t ms);  // "2024-03-01T01:30:00.250Z"

// An exposure event for an assignment result (nothing when the user is not in the experiment).
std::optional<Event> exposure_event(const std::string& experiment_key, const ExperimentResult& result,
                                    std::optional<int64_t> timestamp = std::nullopt);

struct AggregateOptions {
  std::string experiment;             // which experiment
  Metric metric;                      // which events count, binomial or continuous
  std::vector<std::string> variations;  // the order of the rows ([0] = control); empty: as below
};

struct Aggregates {
  std::string experiment;
  Metric metric;
  std::vector<VariationStats> variations;
  int64_t multiple_exposure_users = 0;  // excluded: exposed to several variations
  int64_t unattributed_events = 0;      // metric events before exposure or from unexposed users
};

// Without an explicit order the rows follow the variation keys: "control" first, then keys in
// numeric-aware order ("0","1","2" as GrowthBook names them). An exposure to a variation not in
// an explicit order is an error naming it.
Result<Aggregates> aggregate(const std::vector<Event>& events, const AggregateOptions& options);
nlohmann::json aggregates_to_json(const Aggregates& a);

}  // namespace plume::experiment
