// Embind: the browser's door onto the experiment statistics (analysis, posteriors, power, bandits). Each
// function takes the JSON document of experiment/stats_json.h and returns
// {"ok":true, ...result} or {"ok":false,"error":"..."}. No logic here.
#include <emscripten/bind.h>

#include <string>

#include "experiment/posterior.h"
#include "experiment/stats_json.h"

namespace plume {
namespace {

using experiment::ojson;

std::string reply(const Result<ojson>& r) {
  if (!r) return experiment::dump_json(ojson{{"ok", false}, {"error", r.error().message}});
  ojson out = {{"ok", true}};
  for (auto it = r->begin(); it != r->end(); ++it) out[it.key()] = it.value();
  return experiment::dump_json(out);
}

std::string stats_analyze(std::string input) { return reply(experiment::analyze_json(input)); }
std::string stats_power(std::string input) { return reply(experiment::power_json(input)); }
std::string stats_bandit_weights(std::string input) { return reply(experiment::bandit_weights_json(input)); }
std::string stats_bandit_simulate(std::string input) { return reply(experiment::simulate_json(input)); }
std::string stats_posteriors(std::string input) { return reply(experiment::posteriors_json(input)); }
std::string stats_adjust_p_values(std::string input) { return reply(experiment::adjust_p_values_json(input)); }

}  // namespace
}  // namespace plume

EMSCRIPTEN_BINDINGS(plume_experiment_stats) {
  emscripten::function("statsAnalyze", &plume::stats_analyze);
  emscripten::function("statsPower", &plume::stats_power);
  emscripten::function("statsBanditWeights", &plume::stats_bandit_weights);
  emscripten::function("statsBanditSimulate", &plume::stats_bandit_simulate);
  emscripten::function("statsPosteriors", &plume::stats_posteriors);
  emscripten::function("statsAdjustPValues", &plume::stats_adjust_p_values);
}
