// Interaction data for the recommenders: who did what with which item, imported from CSV or
// JSON, with string ids (customer ids, SKUs) mapped to dense indices and back.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"

namespace plume::recommend {

// Dense indices for string ids, in first-seen order.
class IdMap {
 public:
  int32_t intern(const std::string& name);
  std::optional<int32_t> find(const std::string& name) const;
  const std::string& name(int32_t index) const { return names_[static_cast<size_t>(index)]; }
  int32_t size() const { return static_cast<int32_t>(names_.size()); }
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, int32_t> index_;
};

struct Interaction {
  int32_t user = 0;
  int32_t item = 0;
  float value = 1.0f;     // a rating, or the weight of an event type
  int64_t timestamp = 0;  // seconds; 0 when the data has none
};

struct Dataset {
  IdMap users, items;
  std::vector<Interaction> rows;  // one row per (user, item): duplicates already resolved
  bool explicit_ratings = false;  // values are ratings (predicting them makes sense: RMSE)
};

struct ImportOptions {
  // Weights of event types when the value column holds event names (implicit feedback).
  std::map<std::string, float> event_weights = {
      {"view", 1.0f}, {"click", 2.0f}, {"add_to_cart", 3.0f}, {"purchase", 5.0f}};
};

// CSV with a header naming the columns: user, item, and optionally rating (explicit) or event
// (implicit, weighted by ImportOptions), value (implicit weight) and timestamp; or MovieLens'
// tab-separated u.data (user item rating timestamp, no header). Repeated (user, item) pairs:
// ratings keep the latest by timestamp (then the last row); implicit weights add up.
// Errors name the line and column: "line 7, column 3 (rating): 'abc' is not a number".
Result<Dataset> import_interactions_csv(std::string_view text, const ImportOptions& options = {});
// One CSV record split on `sep` (',' or '\t') with RFC 4180 quotes; *bad_quote is set when a
// quoted field is not closed. Shared with the item-attribute import.
std::vector<std::string> split_csv_record(std::string_view line, char sep, bool* bad_quote);

// A JSON array of objects with the same field names.
Result<Dataset> import_interactions_json(std::string_view text, const ImportOptions& options = {});

}  // namespace plume::recommend
