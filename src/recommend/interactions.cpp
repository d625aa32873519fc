#include "recommend/interactions.h"

#include <cerrno>
#include <cmath>
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace plume::recommend {

int32_t IdMap::intern(const std::string& name) {
  auto [it, inserted] = index_.emplace(name, static_cast<int32_t>(names_.size()));
  if (inserted) names_.push_back(name);
  return it->second;
}

std::optional<int32_t> IdMap::find(const std::string& name) const {
  auto it = index_.find(name);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

namespace {

enum class Column { User, Item, Rating, Event, Value, Timestamp, Ignored };

Column column_of(std::string name) {
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name == "user" || name == "user_id" || name == "userid" || name == "customer" || name == "customer_id") return Column::User;
  if (name == "item" || name == "item_id" || name == "itemid" || name == "sku" || name == "product" || name == "product_id") return Column::Item;
  if (name == "rating" || name == "score") return Column::Rating;
  if (name == "event" || name == "event_type" || name == "type") return Column::Event;
  if (name == "value" || name == "weight") return Column::Value;
  if (name == "timestamp" || name == "time" || name == "ts") return Column::Timestamp;
  return Column::Ignored;
}

const char* column_name(Column c) {
  switch (c) {
    case Column::User: return "user";
    case Column::Item: return "item";
    case Column::Rating: return "rating";
    case Column::Event: return "event";
    case Column::Value: return "value";
    case Column::Timestamp: return "timestamp";
    case Column::Ignored: break;
  }
  return "ignored";
}

// Splits one CSV record (RFC 4180 quotes; `sep` is ',' or '\t').
std::vector<std::string> split_record(std::string_view line, char sep, bool* bad_quote) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); i++) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') { fields.back() += '"'; i++; }
      else if (c == '"') quoted = false;
      else fields.back() += c;
    } else if (c == '"' && fields.back().empty()) {
      quoted = true;
    } else if (c == sep) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  *bad_quote = quoted;
  return fields;
}

bool parse_number(const std::string& s, double* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(s.c_str(), &end);
  if (*end != '\0' || errno == ERANGE || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

// Collects rows and resolves repeated (user, item) pairs.
class Builder {
 public:
  explicit Builder(bool explicit_ratings) { data_.explicit_ratings = explicit_ratings; }

  void add(const std::string& user, const std::string& item, float value, int64_t timestamp) {
    int32_t u = data_.users.intern(user), i = data_.items.intern(item);
    uint64_t key = (static_cast<uint64_t>(static_cast<uint32_t>(u)) << 32) | static_cast<uint32_t>(i);
    auto [it, inserted] = position_.emplace(key, data_.rows.size());
    if (inserted) {
      data_.rows.push_back({u, i, value, timestamp});
      return;
    }
    Interaction& row = data_.rows[it->second];
    if (data_.explicit_ratings) {
      if (timestamp >= row.timestamp) { row.value = value; row.timestamp = timestamp; }
    } else {
      row.value += value;
      row.timestamp = std::max(row.timestamp, timestamp);
    }
  }

  Dataset take() { return std::move(data_); }

 private:
  Dataset data_;
  std::unordered_map<uint64_t, size_t> position_;
};

// Largest rating or weight accepted: it must become a finite float, and repeated implicit pairs
// add up, so keep sums finite (FLT_MAX / 1e30 = 3e8 rows). Found by tests/fuzz/fuzz_interactions.
constexpr double kMaxValue = 1e30;
// Timestamps are converted to int64: anything from 2^63 on is undefined behaviour to convert.
constexpr double kMaxTimestamp = 9.2e18;

// Validates one row's fields and adds it; `where` prefixes every error.
Status add_row(Builder& b, const ImportOptions& options, const std::string& user,
               const std::string& item, const std::optional<std::string>& rating, const std::optional<std::string>& event,
               const std::optional<std::string>& value, const std::optional<std::string>& timestamp,
               const std::function<std::string(Column)>& where) {
  if (user.empty()) return make_error(where(Column::User), ": the user id is empty");
  if (item.empty()) return make_error(where(Column::Item), ": the item id is empty");
  float v = 1.0f;
  double number = 0;
  if (rating) {
    if (!parse_number(*rating, &number)) return make_error(where(Column::Rating), ": '", *rating, "' is not a number");
    if (number < 0) return make_error(where(Column::Rating), ": rating ", *rating, " is negative");
    if (number > kMaxValue) return make_error(where(Column::Rating), ": rating ", *rating, " is too large (the limit is 1e30)");
    v = static_cast<float>(number);
  } else if (event) {
    auto it = options.event_weights.find(*event);
    if (it == options.event_weights.end()) {
      std::string known;
      for (const auto& [name, w] : options.event_weights) known += (known.empty() ? "" : ", ") + name;
      return make_error(where(Column::Event), ": unknown event type '", *event, "' (known: ", known, ")");
    }
    v = it->second;
  } else if (value) {
    if (!parse_number(*value, &number)) return make_error(where(Column::Value), ": '", *value, "' is not a number");
    if (number <= 0) return make_error(where(Column::Value), ": weight ", *value, " must be positive");
    if (number > kMaxValue) return make_error(where(Column::Value), ": weight ", *value, " is too large (the limit is 1e30)");
    v = static_cast<float>(number);
    if (v == 0.0f) return make_error(where(Column::Value), ": weight ", *value, " is too small (it rounds to 0)");
  }
  int64_t ts = 0;
  if (timestamp && !timestamp->empty()) {
    if (!parse_number(*timestamp, &number) || number < 0 || number >= kMaxTimestamp)
      return make_error(where(Column::Timestamp), ": '", *timestamp, "' is not a timestamp (seconds since 1970)");
    ts = static_cast<int64_t>(number);
  }
  b.add(user, item, v, ts);
  return {};
}

}  // namespace

std::vector<std::string> split_csv_record(std::string_view line, char sep, bool* bad_quote) {
  return split_record(line, sep, bad_quote);
}

Result<Dataset> import_interactions_csv(std::string_view text, const ImportOptions& options) {
  // Lines (CRLF tolerated), skipping a UTF-8 byte-order mark.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::string_view> lines;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty()) return make_error("the interactions file is empty");

  // MovieLens u.data: tab-separated, four numeric columns, no header.
  const bool movielens = lines[0].find('\t') != std::string_view::npos && lines[0].find(',') == std::string_view::npos &&
                         !std::isalpha(static_cast<unsigned char>(lines[0][0]));
  const char sep = lines[0].find('\t') != std::string_view::npos && lines[0].find(',') == std::string_view::npos ? '\t' : ',';
  std::vector<Column> columns;
  size_t first_data = 1;
  if (movielens) {
    columns = {Column::User, Column::Item, Column::Rating, Column::Timestamp};
    first_data = 0;
  } else {
    bool bad = false;
    for (const std::string& name : split_record(lines[0], sep, &bad)) columns.push_back(column_of(name));
    auto has = [&](Column c) { return std::find(columns.begin(), columns.end(), c) != columns.end(); };
    if (!has(Column::User) || !has(Column::Item))
      return make_error("line 1: the header must name a 'user' and an 'item' column (found '", std::string(lines[0]), "')");
    if (has(Column::Rating) + has(Column::Event) + has(Column::Value) > 1)
      return make_error("line 1: give only one of the columns rating, event and value");
  }
  const bool explicit_ratings = std::find(columns.begin(), columns.end(), Column::Rating) != columns.end();

  Builder builder(explicit_ratings);
  for (size_t n = first_data; n < lines.size(); n++) {
    if (lines[n].empty()) continue;
    bool bad_quote = false;
    std::vector<std::string> fields = split_record(lines[n], sep, &bad_quote);
    const size_t line_no = n + 1;
    if (bad_quote) return make_error("line ", line_no, ": a quoted field is not closed");
    if (fields.size() != columns.size())
      return make_error("line ", line_no, ": ", fields.size(), " columns, ",
                        movielens ? "MovieLens u.data has 4 (user, item, rating, timestamp; tab-separated)" : "the header has ",
                        movielens ? "" : std::to_string(columns.size()));
    std::string user, item;
    std::optional<std::string> rating, event, value, timestamp;
    for (size_t c = 0; c < columns.size(); c++) {
      switch (columns[c]) {
        case Column::User: user = fields[c]; break;
        case Column::Item: item = fields[c]; break;
        case Column::Rating: rating = fields[c]; break;
        case Column::Event: event = fields[c]; break;
        case Column::Value: value = fields[c]; break;
        case Column::Timestamp: timestamp = fields[c]; break;
        case Column::Ignored: break;
      }
    }
    auto where = [&](Column col) {
      size_t index = static_cast<size_t>(std::find(columns.begin(), columns.end(), col) - columns.begin());
      return "line " + std::to_string(line_no) + ", column " + std::to_string(index + 1) + " (" + column_name(col) + ")";
    };
    if (auto s = add_row(builder, options, user, item, rating, event, value, timestamp, where); !s) return s.error();
  }
  Dataset data = builder.take();
  if (data.rows.empty()) return make_error("the interactions file has a header but no rows");
  return data;
}

Result<Dataset> import_interactions_json(std::string_view text, const ImportOptions& options) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return make_error("the interactions file is not valid JSON");
  if (!j.is_array()) return make_error("the interactions JSON must be an array of objects");
  bool explicit_ratings = false;
  for (const auto& row : j)
    if (row.is_object() && row.contains("rating")) explicit_ratings = true;
  Builder builder(explicit_ratings);
  for (size_t n = 0; n < j.size(); n++) {
    const nlohmann::json& row = j[n];
    auto where = [&](Column col) { return "row " + std::to_string(n + 1) + " (" + column_name(col) + ")"; };
    if (!row.is_object()) return make_error("row ", n + 1, ": expected an object");
    auto text_of = [&](const char* key) -> std::optional<std::string> {
      if (!row.contains(key) || row[key].is_null()) return std::nullopt;
      const nlohmann::json& v = row[key];
      if (v.is_string()) return v.get<std::string>();
      if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
      if (v.is_number()) return nlohmann::json(v).dump();
      return std::string("<") + v.type_name() + ">";
    };
    auto user = text_of("user"), item = text_of("item");
    if (!user) return make_error(where(Column::User), ": missing 'user'");
    if (!item) return make_error(where(Column::Item), ": missing 'item'");
    if (explicit_ratings && !row.contains("rating")) return make_error(where(Column::Rating), ": missing 'rating'");
    if (auto s = add_row(builder, options, *user, *item, text_of("rating"), text_of("event"), text_of("value"),
                         text_of("timestamp"), where);
        !s)
      return s.error();
  }
  Dataset data = builder.take();
  if (data.rows.empty()) return make_error("the interactions JSON has no rows");
  return data;
}

}  // namespace plume::recommend
