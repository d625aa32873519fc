// `plume ab analyze / ab posterior / ab power / bandit simulate / bandit weights`: the experiment statistics.
// Flags become the JSON documents of experiment/stats_json.h; output is that JSON (--json) or
// a short summary. No statistics here.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "cli/args.h"
#include "cli/command.h"
#include "experiment/posterior.h"
#include "experiment/stats_json.h"

using namespace plume;
using plume::cli::fail;
using plume::experiment::ojson;

namespace {

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot open '", path, "'");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Prints the result as one JSON line (--json) or indented JSON; 1 with "plume: error:" on failure.
int print(const Result<ojson>& r, bool as_json) {
  if (!r) return fail(r.error().message);
  std::cout << experiment::dump_json(*r, as_json ? -1 : 2) << "\n";
  return 0;
}

std::string percent(const ojson& x, const char* format = "%+.2f%%") {
  if (!x.is_number()) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, format, 100.0 * x.get<double>());
  return buf;
}
std::string num(const ojson& x, const char* format = "%.4g") {
  if (!x.is_number()) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, format, x.get<double>());
  return buf;
}

int cmd_analyze(int argc, char** argv, int first) {
  auto a = cli::Args::parse(argc, argv, first, {"data"}, {"json"});
  if (!a) return fail(a.error().message);
  auto path = a->required("data");
  if (!path) return fail(path.error().message);
  auto input = read_text(*path);
  if (!input) return fail(input.error().message);
  auto r = experiment::analyze_json(*input);
  if (!r || a->has("json")) return print(r, true);
  const ojson& j = *r;
  std::printf("Sample ratio check: p = %s %s\n", num(j["srm_p_value"]).c_str(),
              j["srm"]["mismatch"].get<bool>() ? "MISMATCH" : "(ok)");
  if (j["warning"].is_string()) std::printf("WARNING: %s\n", j["warning"].get<std::string>().c_str());
  std::printf("Control '%s': %lld users, mean %s\n", j["control"]["name"].get<std::string>().c_str(),
              static_cast<long long>(j["control"]["users"].get<int64_t>()), num(j["control"]["mean"]).c_str());
  for (const ojson& v : j["variations"]) {
    std::printf("'%s': %lld users, mean %s, lift %s (relative %s), CI [%s, %s], p = %s%s, chance to win %s, expected loss %s\n",
                v["name"].get<std::string>().c_str(), static_cast<long long>(v["users"].get<int64_t>()),
                num(v["mean"]).c_str(), num(v["absolute_lift"]).c_str(), percent(v["relative_lift"]).c_str(),
                num(v["ci_low"]).c_str(), num(v["ci_high"]).c_str(), num(v["p_value"]).c_str(),
                v["significant"].get<bool>() ? " (significant)" : "", percent(v["chance_to_win"], "%.2f%%").c_str(),
                num(v["expected_loss"]).c_str());
    for (const ojson& w : v["warnings"]) std::printf("  note: %s\n", w.get<std::string>().c_str());
  }
  std::printf("(%s; %s)\n", j["methods"]["frequentist"].get<std::string>().c_str(),
              j["methods"]["bayesian"].get<std::string>().c_str());
  return 0;
}

int cmd_power(int argc, char** argv, int first) {
  auto a = cli::Args::parse(argc, argv, first, {"baseline", "mde", "users", "alpha", "power", "stddev"}, {"relative", "json"});
  if (!a) return fail(a.error().message);
  ojson in;
  for (const char* flag : {"baseline", "mde", "users", "alpha", "power", "stddev"}) {
    if (!a->has(flag)) continue;
    auto v = a->number(flag, 0.0);
    if (!v) return fail(v.error().message);
    in[flag] = *v;
  }
  if (!a->has("baseline")) return fail("missing --baseline (the control's conversion rate, e.g. 0.05)");
  if (a->has("relative")) in["relative"] = true;
  return print(experiment::power_json(in.dump()), a->has("json"));
}

int cmd_simulate(int argc, char** argv, int first) {
  auto a = cli::Args::parse(argc, argv, first,
                            {"rates", "steps", "algo", "seed", "batch", "min-weight", "epsilon", "checkpoints"}, {"json"});
  if (!a) return fail(a.error().message);
  auto rates = a->required("rates");
  if (!rates) return fail(rates.error().message + " (e.g. --rates 0.05,0.06,0.04)");
  ojson in;
  in["rates"] = ojson::array();
  std::stringstream list(*rates);
  for (std::string item; std::getline(list, item, ',');) {
    char* end = nullptr;
    const double v = std::strtod(item.c_str(), &end);
    if (item.empty() || *end != '\0') return fail("--rates: '" + item + "' is not a number");
    in["rates"].push_back(v);
  }
  for (const char* flag : {"steps", "seed", "batch", "checkpoints"}) {
    if (!a->has(flag)) continue;
    auto v = a->integer(flag, 0);
    if (!v) return fail(v.error().message);
    in[flag] = *v;
  }
  const std::pair<const char*, const char*> number_flags[] = {{"min-weight", "min_weight"}, {"epsilon", "epsilon"}};
  for (const auto& flag : number_flags) {
    if (!a->has(flag.first)) continue;
    auto v = a->number(flag.first, 0.0);
    if (!v) return fail(v.error().message);
    in[flag.second] = *v;
  }
  if (a->has("algo")) in["algorithm"] = a->str("algo");
  return print(experiment::simulate_json(in.dump()), a->has("json"));
}

int cmd_weights(int argc, char** argv, int first) {
  auto a = cli::Args::parse(argc, argv, first, {"data"}, {"json"});
  if (!a) return fail(a.error().message);
  auto path = a->required("data");
  if (!path) return fail(path.error().message);
  auto input = read_text(*path);
  if (!input) return fail(input.error().message);
  return print(experiment::bandit_weights_json(*input), a->has("json"));
}

// The Beta posteriors and their densities on a grid (what the studio's Experiments view draws).
int cmd_posterior(int argc, char** argv, int first) {
  auto a = cli::Args::parse(argc, argv, first, {"data"}, {"json"});
  if (!a) return fail(a.error().message);
  auto path = a->required("data");
  if (!path) return fail(path.error().message);
  auto input = read_text(*path);
  if (!input) return fail(input.error().message);
  return print(experiment::posteriors_json(*input), a->has("json"));
}

cli::Register posterior_cmd({"ab posterior",
    "ab posterior --data FILE.json [--json]   (Beta posteriors per variation: mean, credible interval, density grid)",
    cmd_posterior});
cli::Register analyze_cmd({"ab analyze",
    "ab analyze --data FILE.json [--json]   (A/B statistics; input and output: docs/experiments.md)", cmd_analyze});
cli::Register power_cmd({"ab power",
    "ab power  --baseline P (--mde M [--relative] | --users N) [--alpha 0.05] [--power 0.8] [--stddev S] [--json]\n"
    "          (users per variation for an MDE -- absolute unless --relative -- or the MDE for N users)",
    cmd_power});
cli::Register simulate_cmd({"bandit simulate",
    "bandit simulate --rates 0.05,0.06,0.04 [--steps 10000] [--algo thompson|ucb1|egreedy] [--seed 42]\n"
    "          [--batch 100] [--min-weight 0] [--epsilon 0.1] [--checkpoints 20] [--json]",
    cmd_simulate});
cli::Register weights_cmd({"bandit weights",
    "bandit weights --data FILE.json [--json]   (traffic weights per arm, or per segment)", cmd_weights});

}  // namespace
