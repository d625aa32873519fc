// Experiment definitions, event import/export and aggregation (events.h).
#include "experiment/events.h"

#include "core/civil_time.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

namespace plume::experiment {

using nlohmann::json;

namespace {

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string lower(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return s;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

Result<Metric> parse_metric(const json& j, const std::string& where) {
  if (!j.is_object()) return make_error(where, " must be an object {name, event, type}");
  Metric m;
  auto str = [&](const char* k, std::string* out) -> Status {
    if (!j.contains(k)) return {};
    if (!j[k].is_string() || j[k].get<std::string>().empty()) return make_error(where, ".", k, " must be a non-empty string");
    *out = j[k].get<std::string>();
    return {};
  };
  std::string type = "binomial";
  for (auto s : {str("name", &m.name), str("event", &m.event), str("type", &type)})
    if (!s.ok()) return s.error();
  if (type == "binomial" || type == "conversion") m.kind = MetricKind::Binomial;
  else if (type == "continuous" || type == "revenue" || type == "mean") m.kind = MetricKind::Continuous;
  else return make_error(where, ".type: '", type, "' is not binomial or continuous");
  if (m.name.empty()) m.name = m.event;
  return m;
}

bool all_digits(const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos; }

// Numeric-aware ordering of variation keys: "2" < "10", "control" first.
bool variation_less(const std::string& a, const std::string& b) {
  if (a == "control" || b == "control") return a == "control" && b != "control";
  if (all_digits(a) && all_digits(b) && a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string number_text(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  for (int p = 1; p <= 17; p++) {  // shortest text that reads back exactly
    char b2[40];
    std::snprintf(b2, sizeof b2, "%.*g", p, v);
    if (std::strtod(b2, nullptr) == v) return b2;
  }
  return buf;
}

}  // namespace

const char* varies_name(Varies v) {
  switch (v) {
    case Varies::Content: return "content";
    case Varies::Channel: return "channel";
    case Varies::Personalization: return "personalization";
    case Varies::SendTime: return "send_time";
  }
  return "content";
}

Result<ExperimentDefinition> parse_experiment_definition(const json& j) {
  if (!j.is_object()) return make_error("an experiment definition must be a JSON object");
  ExperimentDefinition d;
  if (!j.contains("key") || !j["key"].is_string() || j["key"].get<std::string>().empty())
    return make_error("experiment.key must be a non-empty string");
  d.key = j["key"].get<std::string>();
  for (const char* k : {"name", "hypothesis"})
    if (j.contains(k) && !j[k].is_string()) return make_error("experiment.", k, " must be a string");
  if (j.contains("name")) d.name = j["name"].get<std::string>();
  if (j.contains("hypothesis")) d.hypothesis = j["hypothesis"].get<std::string>();
  if (j.contains("varies")) {
    std::string v = j["varies"].is_string() ? j["varies"].get<std::string>() : "";
    if (v == "content") d.varies = Varies::Content;
    else if (v == "channel") d.varies = Varies::Channel;
    else if (v == "personalization") d.varies = Varies::Personalization;
    else if (v == "send_time") d.varies = Varies::SendTime;
    else return make_error("experiment.varies must be one of content, channel, personalization, send_time");
  }
  if (!j.contains("variations") || !j["variations"].is_array() || j["variations"].size() < 2)
    return make_error("experiment.variations must list at least two variations (the first is the control)");
  std::set<std::string> seen;
  for (size_t i = 0; i < j["variations"].size(); i++) {
    const json& v = j["variations"][i];
    std::string at = "experiment.variations[" + std::to_string(i) + "]";
    VariationDef def;
    if (v.is_string()) def.key = v.get<std::string>();
    else if (v.is_object() && v.contains("key") && v["key"].is_string()) {
      def.key = v["key"].get<std::string>();
      if (v.contains("name") && v["name"].is_string()) def.name = v["name"].get<std::string>();
      if (v.contains("value")) def.value = v["value"];
    } else {
      return make_error(at, " must be a key string or an object {key, name, value}");
    }
    if (def.key.empty()) return make_error(at, ".key must not be empty");
    if (!seen.insert(def.key).second) return make_error(at, ": variation key '", def.key, "' appears twice");
    if (def.name.empty()) def.name = def.key;
    if (def.value.is_null()) def.value = def.key;
    d.variations.push_back(def);
  }
  if (j.contains("weights") && !j["weights"].is_null()) {
    const json& w = j["weights"];
    if (!w.is_array() || w.size() != d.variations.size())
      return make_error("experiment.weights must have one number per variation (", d.variations.size(), ")");
    double total = 0;
    for (size_t i = 0; i < w.size(); i++) {
      if (!w[i].is_number() || !(w[i].get<double>() >= 0))
        return make_error("experiment.weights[", i, "] must be a non-negative number, got ", dump(w[i]));
      d.weights.push_back(w[i].get<double>());
      total += w[i].get<double>();
    }
    if (std::fabs(total - 1) > 1e-3) return make_error("experiment.weights add up to ", number_text(total), ", not 1");
  }
  if (j.contains("primaryMetric")) {
    auto m = parse_metric(j["primaryMetric"], "experiment.primaryMetric");
    if (!m) return m.error();
    d.primary = *m;
  } else {
    d.primary.name = "conversion";
  }
  if (j.contains("guardrails")) {
    if (!j["guardrails"].is_array()) return make_error("experiment.guardrails must be an array of metrics");
    for (size_t i = 0; i < j["guardrails"].size(); i++) {
      auto m = parse_metric(j["guardrails"][i], "experiment.guardrails[" + std::to_string(i) + "]");
      if (!m) return m.error();
      d.guardrails.push_back(*m);
    }
  }
  // The GrowthBook experiment: the same object with variation values and meta keys filled in.
  json gb = j;
  for (const char* k : {"name", "hypothesis", "varies", "primaryMetric", "guardrails"}) gb.erase(k);
  gb["variations"] = json::array();
  gb["meta"] = json::array();
  for (const auto& v : d.variations) {
    gb["variations"].push_back(v.value);
    gb["meta"].push_back({{"key", v.key}, {"name", v.name}});
  }
  if (!d.weights.empty()) gb["weights"] = d.weights;
  auto exp = parse_experiment(gb);
  if (!exp) return exp.error();
  if (exp->condition.is_object()) {
    Status s = validate_condition(exp->condition);
    if (!s.ok()) return make_error("experiment.", s.error().message);
  }
  d.assignment = *exp;
  return d;
}

std::optional<int64_t> parse_timestamp(const std::string& raw) {
  std::string s = trim(raw);
  if (s.empty()) return std::nullopt;
  if (all_digits(s) || (s[0] == '-' && all_digits(s.substr(1)))) {
    if (s.size() > 16) return std::nullopt;
    return std::strtoll(s.c_str(), nullptr, 10);
  }
  auto ms = civil::parse_iso8601_ms(s);
  if (!ms.ok()) return std::nullopt;
  return *ms;
}

std::string format_timestamp(int64_t ms) { return civil::format_iso8601(ms, true); }

Result<std::vector<Event>> parse_events_csv(const std::string& text) {
  // RFC 4180 records, remembering the line each record starts on.
  std::vector<std::pair<size_t, std::vector<std::string>>> records;
  std::vector<std::string> fields(1);
  size_t line = 1, record_line = 1;
  bool quoted = false, field_started = false;
  for (size_t i = 0; i < text.size(); i++) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') { fields.back() += '"'; i++; }
      else if (c == '"') quoted = false;
      else { if (c == '\n') line++; fields.back() += c; }
      continue;
    }
    if (c == '"' && !field_started) { quoted = true; field_started = true; continue; }
    if (c == '"') return make_error("line ", line, ", column ", fields.size(), ": a quote inside an unquoted field (quote the whole field and double the quote)");
    if (c == ',') { fields.emplace_back(); field_started = false; continue; }
    if (c == '\r') continue;
    if (c == '\n') {
      records.push_back({record_line, fields});
      fields.assign(1, "");
      field_started = false;
      record_line = ++line;
      continue;
    }
    fields.back() += c;
    field_started = true;
  }
  if (quoted) return make_error("line ", record_line, ": a quoted field is not closed");
  if (fields.size() > 1 || !fields[0].empty()) records.push_back({record_line, fields});
  // Drop blank lines (a record of one empty field).
  records.erase(std::remove_if(records.begin(), records.end(),
                               [](const auto& r) { return r.second.size() == 1 && trim(r.second[0]).empty(); }),
                records.end());
  if (records.empty()) return make_error("the events CSV is empty: expected a header row such as type,user,experiment,variation,value,timestamp");
  std::map<std::string, size_t> column;
  const auto& header = records[0].second;
  for (size_t i = 0; i < header.size(); i++) {
    std::string name = lower(trim(header[i]));
    if (name == "event" || name == "event_type") name = "type";
    if (name == "user_id" || name == "userid" || name == "user id") name = "user";
    if (name == "experiment_key" || name == "experiment_id") name = "experiment";
    if (name == "variation_id" || name == "variation_key") name = "variation";
    if (name == "revenue" || name == "amount") name = "value";
    if (name == "time" || name == "ts") name = "timestamp";
    if (!column.count(name)) column[name] = i;
  }
  for (const char* need : {"type", "user"})
    if (!column.count(need)) return make_error("line ", records[0].first, ": the header has no '", need, "' column (found: ", header.empty() ? "" : header[0], header.size() > 1 ? ", ..." : "", ")");
  std::vector<Event> events;
  for (size_t r = 1; r < records.size(); r++) {
    const size_t at_line = records[r].first;  // (clang 14 cannot capture structured bindings)
    const std::vector<std::string>& row = records[r].second;
    if (row.size() != header.size())
      return make_error("line ", at_line, ": ", row.size(), " fields, but the header has ", header.size());
    auto cell = [&](const char* name) { auto it = column.find(name); return it == column.end() ? std::string() : trim(row[it->second]); };
    auto where = [&](const char* name) { return "line " + std::to_string(at_line) + ", column " + std::to_string(column[name] + 1) + " (" + name + ")"; };
    Event e;
    e.type = cell("type");
    e.user = cell("user");
    e.experiment = cell("experiment");
    e.variation = cell("variation");
    if (e.type.empty()) return make_error(where("type"), ": the event type is empty (exposure, conversion, purchase, ...)");
    if (e.user.empty()) return make_error(where("user"), ": the user id is empty");
    if (e.type == "exposure" && e.experiment.empty())
      return make_error(column.count("experiment") ? where("experiment") : "line " + std::to_string(at_line), ": an exposure needs an experiment");
    if (e.type == "exposure" && e.variation.empty())
      return make_error(column.count("variation") ? where("variation") : "line " + std::to_string(at_line), ": an exposure needs a variation");
    std::string value = cell("value");
    if (!value.empty()) {
      char* end = nullptr;
      double v = std::strtod(value.c_str(), &end);
      if (*end != '\0' || !std::isfinite(v)) return make_error(where("value"), ": '", value, "' is not a number");
      e.value = v;
    }
    std::string ts = cell("timestamp");
    if (!ts.empty()) {
      e.timestamp = parse_timestamp(ts);
      if (!e.timestamp) return make_error(where("timestamp"), ": '", ts, "' is not a timestamp (ms since 1970 or ISO 8601 like 2024-03-01T09:30:00Z)");
    }
    events.push_back(e);
  }
  return events;
}

Result<std::vector<Event>> parse_events_json(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return make_error("the events file is not valid JSON");
  if (j.is_object() && j.contains("events")) j = j["events"];
  if (!j.is_array()) return make_error("events JSON must be an array of events or {\"events\": [...]}");
  std::vector<Event> events;
  for (size_t i = 0; i < j.size(); i++) {
    const json& o = j[i];
    std::string at = "events[" + std::to_string(i) + "]";
    if (!o.is_object()) return make_error(at, " must be an object {type, user, experiment, variation, value, timestamp}");
    Event e;
    auto str = [&](std::initializer_list<const char*> names, std::string* out) -> Status {
      for (const char* n : names) {
        if (!o.contains(n) || o[n].is_null()) continue;
        if (o[n].is_string()) *out = o[n].get<std::string>();
        else if (o[n].is_number_integer()) *out = std::to_string(o[n].get<int64_t>());
        else return make_error(at, ".", n, " must be a string, got ", dump(o[n]));
        return {};
      }
      return {};
    };
    for (auto s : {str({"type", "event"}, &e.type), str({"user", "userId", "user_id"}, &e.user),
                   str({"experiment", "experimentId", "experiment_key"}, &e.experiment), str({"variation", "variationId"}, &e.variation)})
      if (!s.ok()) return s.error();
    if (e.type.empty()) return make_error(at, ".type is missing (exposure, conversion, purchase, ...)");
    if (e.user.empty()) return make_error(at, ".user is missing");
    if (e.type == "exposure" && (e.experiment.empty() || e.variation.empty()))
      return make_error(at, ": an exposure needs experiment and variation");
    if (o.contains("value") && !o["value"].is_null()) {
      if (!o["value"].is_number() || !std::isfinite(o["value"].get<double>())) return make_error(at, ".value must be a number, got ", dump(o["value"]));
      e.value = o["value"].get<double>();
    }
    if (o.contains("timestamp") && !o["timestamp"].is_null()) {
      const json& t = o["timestamp"];
      if (t.is_number()) e.timestamp = static_cast<int64_t>(std::llround(t.get<double>()));
      else if (t.is_string()) e.timestamp = parse_timestamp(t.get<std::string>());
      if (!e.timestamp) return make_error(at, ".timestamp must be ms since 1970 or an ISO 8601 string, got ", dump(t));
    }
    events.push_back(e);
  }
  return events;
}

std::string events_to_csv(const std::vector<Event>& events) {
  std::string out = "type,user,experiment,variation,value,timestamp\n";
  for (const Event& e : events) {
    out += csv_field(e.type) + "," + csv_field(e.user) + "," + csv_field(e.experiment) + "," + csv_field(e.variation) + ",";
    if (e.type != "exposure") out += number_text(e.value);
    out += ",";
    if (e.timestamp) out += format_timestamp(*e.timestamp);
    out += "\n";
  }
  return out;
}

json events_to_json(const std::vector<Event>& events) {
  json out = json::array();
  for (const Event& e : events) {
    json o = {{"type", e.type}, {"user", e.user}};
    if (!e.experiment.empty()) o["experiment"] = e.experiment;
    if (!e.variation.empty()) o["variation"] = e.variation;
    if (e.type != "exposure") o["value"] = e.value;
    if (e.timestamp) o["timestamp"] = *e.timestamp;
    out.push_back(o);
  }
  return out;
}

std::optional<Event> exposure_event(const std::string& experiment_key, const ExperimentResult& result,
                                    std::optional<int64_t> timestamp) {
  if (!result.in_experiment) return std::nullopt;
  Event e;
  e.type = "exposure";
  e.experiment = experiment_key;
  e.variation = result.key;
  e.user = result.hash_value.is_string() ? result.hash_value.get<std::string>() : dump(result.hash_value);
  e.timestamp = timestamp;
  return e;
}

Result<Aggregates> aggregate(const std::vector<Event>& events, const AggregateOptions& options) {
  if (options.experiment.empty()) return make_error("choose the experiment to aggregate (its key)");
  struct Exposure { std::set<std::string> variations; size_t first_index = 0; std::optional<int64_t> first_time; };
  std::map<std::string, Exposure> exposed;  // user -> exposures to this experiment
  for (size_t i = 0; i < events.size(); i++) {
    const Event& e = events[i];
    if (e.type != "exposure" || e.experiment != options.experiment) continue;
    auto [it, fresh] = exposed.try_emplace(e.user);
    Exposure& x = it->second;
    x.variations.insert(e.variation);
    if (fresh) { x.first_index = i; x.first_time = e.timestamp; }
    else if (e.timestamp && x.first_time && *e.timestamp < *x.first_time) x.first_time = e.timestamp;
  }
  std::vector<std::string> order = options.variations;
  if (order.empty()) {
    std::set<std::string> keys;
    for (const auto& kv : exposed) keys.insert(kv.second.variations.begin(), kv.second.variations.end());
    order.assign(keys.begin(), keys.end());
    std::sort(order.begin(), order.end(), variation_less);
  }
  std::map<std::string, size_t> row;
  for (size_t i = 0; i < order.size(); i++) row[order[i]] = i;
  for (const auto& kv : exposed)
    for (const auto& v : kv.second.variations)
      if (!row.count(v)) return make_error("user '", kv.first, "' was exposed to variation '", v, "', which is not one of the experiment's variations");

  Aggregates out;
  out.experiment = options.experiment;
  out.metric = options.metric;
  for (const auto& name : order) out.variations.push_back(VariationStats{name, 0, 0, 0.0, 0.0});
  // Per-user metric totals, attributed to their single variation.
  std::map<std::string, std::pair<int64_t, double>> per_user;  // user -> (events, value sum)
  for (size_t i = 0; i < events.size(); i++) {
    const Event& e = events[i];
    if (e.type != options.metric.event) continue;
    if (!e.experiment.empty() && e.experiment != options.experiment) continue;
    auto it = exposed.find(e.user);
    bool after = false;
    if (it != exposed.end()) {
      const Exposure& x = it->second;
      after = (e.timestamp && x.first_time) ? *e.timestamp >= *x.first_time : i > x.first_index;
    }
    if (!after) { out.unattributed_events++; continue; }
    auto& u = per_user[e.user];
    u.first++;
    u.second += e.value;
  }
  for (const auto& kv : exposed) {
    if (kv.second.variations.size() > 1) { out.multiple_exposure_users++; continue; }
    VariationStats& s = out.variations[row[*kv.second.variations.begin()]];
    s.users++;
    auto it = per_user.find(kv.first);
    if (it == per_user.end()) continue;
    s.conversions++;
    double x = options.metric.kind == MetricKind::Binomial ? 1.0 : it->second.second;
    s.sum += x;
    s.sum_squares += x * x;
  }
  return out;
}

json aggregates_to_json(const Aggregates& a) {
  json vars = json::array();
  for (const auto& v : a.variations)
    vars.push_back({{"name", v.name}, {"users", v.users}, {"conversions", v.conversions}, {"sum", v.sum}, {"sum_squares", v.sum_squares}});
  return {{"experiment", a.experiment},
          {"metric", a.metric.kind == MetricKind::Binomial ? "binomial" : "continuous"},
          {"metric_event", a.metric.event},
          {"variations", vars},
          {"multiple_exposure_users", a.multiple_exposure_users},
          {"unattributed_events", a.unattributed_events}};
}

}  // namespace plume::experiment
