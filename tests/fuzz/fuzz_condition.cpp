// GrowthBook targeting conditions: condition JSON | attributes JSON | saved groups JSON.
// Invariants: evaluation never fails and is deterministic; the condition's validation always
// answers (empty or a message); an empty condition passes everyone.
#include "experiment/condition.h"
#include "fuzz_input.h"

using namespace plume;
using nlohmann::json;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parts = fuzz::split_parts(data, size, 3);
  json condition = json::parse(parts[0].begin(), parts[0].end(), nullptr, false);
  json attributes = json::parse(parts[1].begin(), parts[1].end(), nullptr, false);
  json groups_json = json::parse(parts[2].begin(), parts[2].end(), nullptr, false);
  if (condition.is_discarded()) return 0;
  if (attributes.is_discarded()) attributes = json::object();
  experiment::SavedGroups groups;
  if (!groups_json.is_discarded()) {
    auto g = experiment::parse_saved_groups(groups_json);
    if (g) groups = std::move(*g);
    else FUZZ_CHECK(!g.error().message.empty());
  }
  Status valid = experiment::validate_condition(condition);
  if (!valid) FUZZ_CHECK(!valid.error().message.empty());
  bool first = experiment::evaluate_condition(condition, attributes, groups);
  FUZZ_CHECK(experiment::evaluate_condition(condition, attributes, groups) == first);
  FUZZ_CHECK(experiment::evaluate_condition(json::object(), attributes, groups));
  // Paths taken from the condition's keys exercise the dot-path walk on these attributes.
  if (condition.is_object())
    for (auto it = condition.begin(); it != condition.end(); ++it)
      (void)experiment::attribute_at_path(attributes, it.key());
  (void)experiment::padded_version_string(attributes);
  return 0;
}
