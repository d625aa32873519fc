// `plume ab assign / ab events / ab condition`: experiment assignment, event aggregation and
// targeting conditions. Flags become the JSON documents of experiment/assign_json.h; output is
// that JSON (--json) or a short summary. No assignment logic here.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/command.h"
#include "experiment/assign_json.h"

using namespace plume;
using nlohmann::json;
using plume::cli::fail;

namespace {

std::string dump(const json& j, int indent = -1) { return j.dump(indent, ' ', false, json::error_handler_t::replace); }

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot open '", path, "'");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A flag holding inline JSON ("--attributes '{\"id\":\"u1\"}'") or @FILE.
Result<json> json_flag(const cli::Args& a, const std::string& flag, json fallback) {
  if (!a.has(flag)) return fallback;
  std::string text = a.str(flag);
  if (!text.empty() && text[0] == '@') {
    auto t = read_text(text.substr(1));
    if (!t) return t.error();
    text = *t;
  }
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return make_error("--", flag, " is not valid JSON (give JSON inline or @FILE)");
  return j;
}

Result<json> json_file(const std::string& path) {
  auto t = read_text(path);
  if (!t) return t.error();
  json j = json::parse(*t, nullptr, false);
  if (j.is_discarded()) return make_error("'", path, "' is not valid JSON");
  return j;
}

int cmd_assign(const cli::Args& a) {
  auto path = a.required("experiment");
  if (!path) return fail(path.error().message);
  auto exp = json_file(*path);
  if (!exp) return fail(exp.error().message);
  auto context = a.has("context") ? json_file(a.str("context")) : Result<json>(json::object());
  if (!context) return fail(context.error().message);
  if (!context->is_object()) return fail("--context must hold a JSON object");
  auto attributes = json_flag(a, "attributes", json());
  if (!attributes) return fail(attributes.error().message);
  if (!attributes->is_null()) (*context)["attributes"] = *attributes;
  auto r = experiment::assign_json(*exp, *context);
  if (!r) return fail(r.error().message);
  if (a.has("json")) {
    std::cout << dump(*r) << "\n";
    return 0;
  }
  const json& j = *r;
  if (j["inExperiment"].get<bool>())
    std::cout << "in experiment: variation " << j["variationId"] << " (key " << dump(j["key"]) << ", value " << dump(j["value"])
              << ")" << (j.contains("bucket") ? ", bucket " + dump(j["bucket"]) : "") << "\n";
  else
    std::cout << "not in experiment: gets variation 0 (value " << dump(j["value"]) << ")\n";
  return 0;
}

int cmd_events(const cli::Args& a) {
  auto path = a.required("events");
  if (!path) return fail(path.error().message);
  auto text = read_text(*path);
  if (!text) return fail(text.error().message);
  std::string format = a.str("format", "auto");
  if (format == "auto" && path->size() > 4 && path->substr(path->size() - 4) == ".csv") format = "csv";
  auto events = experiment::parse_events(*text, format);
  if (!events) return fail(*path + ": " + events.error().message);
  if (a.has("out")) {  // conversion: CSV <-> JSON
    std::string out = a.str("out");
    bool csv = out.size() > 4 && out.substr(out.size() - 4) == ".csv";
    std::ofstream f(out, std::ios::binary);
    if (!f) return fail("cannot write '" + out + "'");
    f << (csv ? experiment::events_to_csv(*events) : dump(experiment::events_to_json(*events), 1) + "\n");
    if (!f) return fail("writing '" + out + "' failed");
    if (!a.has("experiment") && !a.has("definition")) return 0;
  }
  json options = json::object();
  if (a.has("definition")) {
    auto d = json_file(a.str("definition"));
    if (!d) return fail(d.error().message);
    options["definition"] = *d;
  }
  if (a.has("experiment")) options["experiment"] = a.str("experiment");
  if (a.has("metric")) options["metric"] = a.str("metric");
  if (a.has("kind")) options["kind"] = a.str("kind");
  if (a.has("variations")) {
    options["variations"] = json::array();
    std::stringstream list(a.str("variations"));
    for (std::string v; std::getline(list, v, ',');) options["variations"].push_back(v);
  }
  if (!options.contains("experiment") && !options.contains("definition")) return fail("missing --experiment KEY (or --definition FILE)");
  auto r = experiment::aggregate_json(*events, options);
  if (!r) return fail(r.error().message);
  if (a.has("json")) {
    std::cout << dump(*r) << "\n";
    return 0;
  }
  std::cout << "experiment " << (*r)["experiment"].get<std::string>() << ", metric " << (*r)["metric_event"].get<std::string>()
            << " (" << (*r)["metric"].get<std::string>() << ")\n";
  for (const json& v : (*r)["variations"])
    std::cout << "  " << v["name"].get<std::string>() << ": " << v["users"] << " users, " << v["conversions"]
              << " converted, sum " << dump(v["sum"]) << "\n";
  if ((*r)["multiple_exposure_users"].get<int64_t>() > 0)
    std::cout << "  excluded " << (*r)["multiple_exposure_users"] << " users exposed to several variations\n";
  return 0;
}

int cmd_condition(const cli::Args& a) {
  auto condition = json_flag(a, "condition", json());
  if (!condition) return fail(condition.error().message);
  if (condition->is_null()) return fail("missing --condition JSON");
  auto attributes = json_flag(a, "attributes", json::object());
  if (!attributes) return fail(attributes.error().message);
  auto groups = json_flag(a, "saved-groups", json::object());
  if (!groups) return fail(groups.error().message);
  auto r = experiment::condition_json(*condition, *attributes, *groups);
  if (!r) return fail(r.error().message);
  std::cout << (a.has("json") ? dump(*r) : ((*r)["pass"].get<bool>() ? "pass" : "fail")) << "\n";
  return 0;
}

template <int (*F)(const cli::Args&)>
int run(int argc, char** argv, int first, std::set<std::string> flags) {
  auto args = cli::Args::parse(argc, argv, first, flags, {"json"});
  if (!args) return fail(args.error().message);
  return F(*args);
}

cli::Register ab_assign_cmd({"ab assign",
    "ab assign --experiment FILE.json --attributes JSON|@FILE [--context FILE.json] [--json]\n"
    "          (GrowthBook-compatible assignment; FILE is a GrowthBook experiment or a Plume definition)",
    [](int argc, char** argv, int first) { return run<cmd_assign>(argc, argv, first, {"experiment", "attributes", "context"}); }});
cli::Register ab_events_cmd({"ab events",
    "ab events --events FILE.csv|json (--experiment KEY [--metric EVENT] [--kind binomial|continuous]\n"
    "          [--variations a,b] | --definition FILE.json) [--out FILE.csv|json] [--json]\n"
    "          (per-variation users, conversions, sum, sum_squares for `ab analyze --data`)",
    [](int argc, char** argv, int first) {
      return run<cmd_events>(argc, argv, first, {"events", "experiment", "metric", "kind", "variations", "definition", "out", "format"});
    }});
cli::Register ab_condition_cmd({"ab condition",
    "ab condition --condition JSON|@FILE --attributes JSON|@FILE [--saved-groups JSON|@FILE] [--json]\n"
    "          (evaluates a GrowthBook targeting condition / segment)",
    [](int argc, char** argv, int first) { return run<cmd_condition>(argc, argv, first, {"condition", "attributes", "saved-groups"}); }});

}  // namespace
