// Inputs the fuzz targets (tests/fuzz, scripts/fuzz) found to crash or to break an invariant,
// kept as unit tests so the native, sanitizer and WASM suites all hold the fix. Each input is
// also a regress-* seed in tests/fuzz/corpus/<target>/.
#include <catch2/catch.hpp>

#include <cmath>

#include "recommend/interactions.h"

using namespace plume;
using Catch::Matchers::Contains;

TEST_CASE("fuzz: interaction values that are not finite floats are refused, naming the cell", "[recommend][fuzz]") {
  // A rating above FLT_MAX became +inf (and then NaN in every recommender).
  auto big = recommend::import_interactions_csv("user,item,rating\nu1,i1,1e39\n");
  REQUIRE_FALSE(big.ok());
  CHECK_THAT(big.error().message, Contains("line 2") && Contains("rating") && Contains("too large"));
  // A positive weight below the smallest float became 0: an interaction with no weight.
  auto tiny = recommend::import_interactions_json(R"([{"user":"u","item":"i","value":1e-50}])");
  REQUIRE_FALSE(tiny.ok());
  CHECK_THAT(tiny.error().message, Contains("row 1") && Contains("too small"));
  // Converting a timestamp of 2^63 s or more to int64 is undefined behaviour (UBSan report).
  auto late = recommend::import_interactions_csv("user,item,rating,timestamp\nu,i,3,9.3e18\n");
  REQUIRE_FALSE(late.ok());
  CHECK_THAT(late.error().message, Contains("timestamp"));
  // The limits themselves are still accepted, and values stay finite.
  auto edge = recommend::import_interactions_csv("user,item,value,timestamp\nu,i,1e30,1.7e12\nu,i,1e30,1\n");
  REQUIRE(edge.ok());
  REQUIRE(edge->rows.size() == 1);
  CHECK(std::isfinite(edge->rows[0].value));
  CHECK(edge->rows[0].value > 1e30f);
}
