// Embind: experiment assignment, targeting conditions and events for web/experiment.js.
// JSON strings in, a JSON string out ({"ok":true,...} or {"ok":false,"error":"..."}); the work
// is experiment/assign_json.h's.
//   experimentAssign(experimentJson, contextJson)          -> {"ok":true,"result":{...GrowthBook result},
//                                                              "stickyBucketAssignmentDocs"?, "exposure"?}
//   experimentEvalCondition(conditionJson, attributesJson, savedGroupsJson) -> {"ok":true,"pass":bool}
//   experimentValidateCondition(conditionJson)            -> {"ok":true,"valid":bool,"problem":"..."}
//   experimentParseEvents(text, format)                    -> {"ok":true,"events":[...]}
//   experimentFormatEvents(eventsJson, format)             -> {"ok":true,"text":"..."}
//   experimentAggregate(eventsJson, optionsJson)           -> {"ok":true,"experiment",...,"variations":[...]}
#include <emscripten/bind.h>

#include <string>

#include <nlohmann/json.hpp>

#include "experiment/assign_json.h"
#include "wasm/reply.h"

using nlohmann::json;

namespace plume {
namespace {

using wasm::dump;
using wasm::failure;
using wasm::reply;

// Parses an argument; empty text means `fallback`.
bool parse_arg(const std::string& text, const char* what, json fallback, json* out, std::string* error) {
  if (text.empty()) { *out = fallback; return true; }
  *out = json::parse(text, nullptr, false);
  if (out->is_discarded()) { *error = make_error(what, " is not valid JSON").message; return false; }
  return true;
}

std::string experiment_assign(const std::string& experiment_json, const std::string& context_json) {
  json exp, ctx;
  std::string error;
  if (!parse_arg(experiment_json, "the experiment", json(), &exp, &error) ||
      !parse_arg(context_json, "the context", json::object(), &ctx, &error))
    return failure(error);
  auto r = experiment::assign_json(exp, ctx);
  if (!r) return failure(r.error().message);
  json out = {{"result", *r}};
  for (const char* k : {"stickyBucketAssignmentDocs", "exposure"})
    if (r->contains(k)) { out[k] = (*r)[k]; out["result"].erase(k); }
  return reply(out);
}

std::string experiment_eval_condition(const std::string& condition_json, const std::string& attributes_json,
                                      const std::string& groups_json) {
  json cond, attrs, groups;
  std::string error;
  if (!parse_arg(condition_json, "the condition", json::object(), &cond, &error) ||
      !parse_arg(attributes_json, "the attributes", json::object(), &attrs, &error) ||
      !parse_arg(groups_json, "the saved groups", json::object(), &groups, &error))
    return failure(error);
  auto r = experiment::condition_json(cond, attrs, groups);
  if (!r) return failure(r.error().message);
  return reply(*r);
}

std::string experiment_validate_condition(const std::string& condition_json) {
  json cond;
  std::string error;
  if (!parse_arg(condition_json, "the condition", json::object(), &cond, &error)) return failure(error);
  Status s = experiment::validate_condition(cond);
  return reply(json{{"valid", s.ok()}, {"problem", s.ok() ? "" : s.error().message}});
}

std::string experiment_parse_events(const std::string& text, const std::string& format) {
  auto events = experiment::parse_events(text, format);
  if (!events) return failure(events.error().message);
  return reply(json{{"events", experiment::events_to_json(*events)}});
}

std::string experiment_format_events(const std::string& events_json, const std::string& format) {
  auto events = experiment::parse_events(events_json, "json");
  if (!events) return failure(events.error().message);
  if (format == "csv") return reply(json{{"text", experiment::events_to_csv(*events)}});
  if (format == "json") return reply(json{{"text", dump(experiment::events_to_json(*events))}});
  return failure(make_error("events format '", format, "' is not csv or json"));
}

std::string experiment_aggregate(const std::string& events_json, const std::string& options_json) {
  auto events = experiment::parse_events(events_json, "json");
  if (!events) return failure(events.error().message);
  json options;
  std::string error;
  if (!parse_arg(options_json, "the aggregate options", json::object(), &options, &error)) return failure(error);
  auto r = experiment::aggregate_json(*events, options);
  if (!r) return failure(r.error().message);
  return reply(*r);
}

}  // namespace
}  // namespace plume

EMSCRIPTEN_BINDINGS(plume_experiment_assign) {
  emscripten::function("experimentAssign", &plume::experiment_assign);
  emscripten::function("experimentEvalCondition", &plume::experiment_eval_condition);
  emscripten::function("experimentValidateCondition", &plume::experiment_validate_condition);
  emscripten::function("experimentParseEvents", &plume::experiment_parse_events);
  emscripten::function("experimentFormatEvents", &plume::experiment_format_events);
  emscripten::function("experimentAggregate", &plume::experiment_aggregate);
}
