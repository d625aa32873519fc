// Spark MLlib ALS interop. `model.userFactors.write.json(dir)` / `itemFactors` write a directory
// of part-*.json files, one JSON object per line: {"id": <int>, "features": [f1, ..., f_rank]}.
// Spark's ids are integers (typically a StringIndexer's output); the string ids (customer ids,
// SKUs) travel in an id-map file, JSON lines {"index": <int>, "id": "<string id>"}, one per id.
// These functions take and return text; reading directories is the caller's job (CLI, JS).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "recommend/factorization.h"
#include "recommend/interactions.h"

namespace plume::recommend {

struct SparkFactors {
  int32_t rank = 0;
  std::vector<int64_t> ids;      // in the order read
  std::vector<float> features;   // ids.size() x rank
};

// `parts`: the text of each part file (any order; rows are sorted by id afterwards). `what`
// names the table in errors: "itemFactors part 2, line 5: 'features' has 9 values, expected 10".
// Empty lines are skipped; a repeated id, a missing or non-numeric field, or differing lengths
// are errors.
Result<SparkFactors> import_spark_factors(const std::vector<std::string_view>& parts, const std::string& what);
// JSON lines in Spark's shape; row r gets "id": r (the dense index).
std::string export_spark_factors(const float* rows, int32_t n_rows, int32_t rank);

// {"index": n, "id": "SKU-123"} per line, n = 0.. in the IdMap's order.
std::string export_id_map(const IdMap& ids);
// index -> string id; errors name the line.
Result<std::vector<std::pair<int64_t, std::string>>> import_id_map(std::string_view text, const std::string& what);

// Spark factors (and optional id maps) as dense Plume factors: row r of `users`/`items` is the
// r-th id in ascending order; names come from the maps (every factor id must be in its map when
// a map is given) or are the decimal ids.
struct SparkModel {
  IdMap users, items;
  Factors factors;
};
Result<SparkModel> assemble_spark_model(const SparkFactors& users, const SparkFactors& items,
                                        const std::vector<std::pair<int64_t, std::string>>* user_map,
                                        const std::vector<std::pair<int64_t, std::string>>* item_map);

}  // namespace plume::recommend
