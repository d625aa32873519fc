#include "recommend/spark_io.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

namespace plume::recommend {
namespace {

using nlohmann::json;

// Calls fn(line_number, line) for every non-empty line.
template <class Fn>
Status for_lines(std::string_view text, Fn fn) {
  size_t line_no = 0;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    line_no++;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") != std::string_view::npos)
      if (auto s = fn(line_no, line); !s) return s;
    start = end + 1;
  }
  return {};
}

bool integer_of(const json& v, int64_t* out) {
  if (v.is_number_integer()) { *out = v.get<int64_t>(); return true; }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::floor(d) != d || std::abs(d) > 9e15) return false;
    *out = static_cast<int64_t>(d);
    return true;
  }
  return false;
}

}  // namespace

Result<SparkFactors> import_spark_factors(const std::vector<std::string_view>& parts, const std::string& what) {
  SparkFactors f;
  std::unordered_set<int64_t> seen;
  for (size_t p = 0; p < parts.size(); p++) {
    const std::string part = parts.size() > 1 ? what + " part " + std::to_string(p + 1) : what;
    Status s = for_lines(parts[p], [&](size_t line_no, std::string_view line) -> Status {
      const std::string where = part + ", line " + std::to_string(line_no);
      json j = json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object()) return make_error(where, ": not a JSON object");
      int64_t id = 0;
      if (!j.contains("id") || !integer_of(j["id"], &id)) return make_error(where, ": 'id' must be an integer");
      if (!j.contains("features") || !j["features"].is_array()) return make_error(where, ": 'features' must be an array of numbers");
      const json& feats = j["features"];
      if (f.rank == 0) {
        if (feats.empty()) return make_error(where, ": 'features' is empty");
        f.rank = static_cast<int32_t>(feats.size());
      }
      if (static_cast<int32_t>(feats.size()) != f.rank)
        return make_error(where, ": 'features' has ", feats.size(), " values, expected ", f.rank);
      if (!seen.insert(id).second) return make_error(where, ": id ", id, " appears twice");
      for (const json& v : feats) {
        if (!v.is_number() || !std::isfinite(v.get<double>())) return make_error(where, ": 'features' must hold finite numbers");
        f.features.push_back(v.get<float>());
      }
      f.ids.push_back(id);
      return {};
    });
    if (!s) return s.error();
  }
  if (f.ids.empty()) return make_error(what, ": no factor rows (expected JSON lines {\"id\": 0, \"features\": [...]})");
  // Ascending ids: part files come in any order.
  std::vector<size_t> order(f.ids.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return f.ids[a] < f.ids[b]; });
  SparkFactors sorted;
  sorted.rank = f.rank;
  for (size_t r : order) {
    sorted.ids.push_back(f.ids[r]);
    sorted.features.insert(sorted.features.end(), f.features.begin() + static_cast<std::ptrdiff_t>(r * static_cast<size_t>(f.rank)),
                           f.features.begin() + static_cast<std::ptrdiff_t>((r + 1) * static_cast<size_t>(f.rank)));
  }
  return sorted;
}

std::string export_spark_factors(const float* rows, int32_t n_rows, int32_t rank) {
  std::string out;
  for (int32_t r = 0; r < n_rows; r++) {
    json feats = json::array();
    for (int32_t k = 0; k < rank; k++) feats.push_back(rows[static_cast<size_t>(r) * rank + k]);
    // Spark's key order: id, then features.
    out += nlohmann::ordered_json{{"id", r}, {"features", feats}}.dump() + "\n";
  }
  return out;
}

std::string export_id_map(const IdMap& ids) {
  std::string out;
  for (int32_t i = 0; i < ids.size(); i++)
    out += nlohmann::ordered_json{{"index", i}, {"id", ids.name(i)}}.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
  return out;
}

Result<std::vector<std::pair<int64_t, std::string>>> import_id_map(std::string_view text, const std::string& what) {
  std::vector<std::pair<int64_t, std::string>> out;
  std::unordered_set<int64_t> seen;
  Status s = for_lines(text, [&](size_t line_no, std::string_view line) -> Status {
    const std::string where = what + ", line " + std::to_string(line_no);
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return make_error(where, ": not a JSON object");
    int64_t index = 0;
    if (!j.contains("index") || !integer_of(j["index"], &index)) return make_error(where, ": 'index' must be an integer");
    if (!j.contains("id") || !(j["id"].is_string() || j["id"].is_number_integer()))
      return make_error(where, ": 'id' must be a string");
    if (!seen.insert(index).second) return make_error(where, ": index ", index, " appears twice");
    out.emplace_back(index, j["id"].is_string() ? j["id"].get<std::string>() : std::to_string(j["id"].get<int64_t>()));
    return {};
  });
  if (!s) return s.error();
  if (out.empty()) return make_error(what, ": no rows (expected JSON lines {\"index\": 0, \"id\": \"SKU-1\"})");
  return out;
}

Result<SparkModel> assemble_spark_model(const SparkFactors& users, const SparkFactors& items,
                                        const std::vector<std::pair<int64_t, std::string>>* user_map,
                                        const std::vector<std::pair<int64_t, std::string>>* item_map) {
  if (users.rank != items.rank)
    return make_error("userFactors have rank ", users.rank, " but itemFactors have rank ", items.rank);
  SparkModel m;
  m.factors.rank = users.rank;
  auto fill = [](const SparkFactors& f, const std::vector<std::pair<int64_t, std::string>>* map, IdMap& ids,
                 std::vector<float>& out, const char* what) -> Status {
    std::unordered_map<int64_t, std::string> names;
    if (map)
      for (const auto& [index, name] : *map) names.emplace(index, name);
    for (size_t r = 0; r < f.ids.size(); r++) {
      std::string name = std::to_string(f.ids[r]);
      if (map) {
        auto it = names.find(f.ids[r]);
        if (it == names.end()) return make_error(what, " factors have id ", f.ids[r], ", which the ", what, " id map does not list");
        name = it->second;
      }
      if (ids.find(name)) return make_error("the ", what, " id map gives '", name, "' to two ids");
      ids.intern(name);
    }
    out = f.features;
    return {};
  };
  if (auto s = fill(users, user_map, m.users, m.factors.users, "user"); !s) return s.error();
  if (auto s = fill(items, item_map, m.items, m.factors.items, "item"); !s) return s.error();
  return m;
}

}  // namespace plume::recommend
