// Recommender interaction imports: CSV (or MovieLens u.data) when the first byte is even, a JSON
// array when it is odd; the rest of the input is the file. Invariants: every row's user and item
// are valid indices; each (user, item) pair appears once; explicit ratings are >= 0, implicit
// weights > 0, and all values finite (a value the recommenders would turn into NaN is an error).
#include <cmath>
#include <set>

#include "fuzz_input.h"
#include "recommend/interactions.h"

using namespace plume;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto imported = (data[0] & 1) ? recommend::import_interactions_json(text) : recommend::import_interactions_csv(text);
  if (!imported) {
    FUZZ_CHECK(!imported.error().message.empty());
    return 0;
  }
  const recommend::Dataset& d = *imported;
  FUZZ_CHECK(!d.rows.empty());
  std::set<std::pair<int32_t, int32_t>> pairs;
  for (const recommend::Interaction& r : d.rows) {
    FUZZ_CHECK(r.user >= 0 && r.user < d.users.size());
    FUZZ_CHECK(r.item >= 0 && r.item < d.items.size());
    FUZZ_CHECK(pairs.insert({r.user, r.item}).second);
    FUZZ_CHECK(std::isfinite(r.value));
    FUZZ_CHECK(d.explicit_ratings ? r.value >= 0 : r.value > 0);
  }
  for (int32_t u = 0; u < d.users.size(); u++) FUZZ_CHECK(d.users.find(d.users.name(u)) == u);
  for (int32_t i = 0; i < d.items.size(); i++) FUZZ_CHECK(d.items.find(d.items.name(i)) == i);
  return 0;
}
