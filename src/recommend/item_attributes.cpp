#include "recommend/item_attributes.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace plume::recommend {
namespace {

enum class Field { Item, Category, Brand, Tags, Price, Partner, Available, PriceBand, Ignored };
constexpr const char* kFieldNames[] = {"item", "category", "brand", "tags", "price", "partner", "available", "price_band", "ignored"};

Field field_of(std::string name) {
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name == "item" || name == "item_id" || name == "itemid" || name == "sku" || name == "product" || name == "product_id") return Field::Item;
  if (name == "category") return Field::Category;
  if (name == "brand") return Field::Brand;
  if (name == "tags" || name == "tag") return Field::Tags;
  if (name == "price") return Field::Price;
  if (name == "partner" || name == "partner_id") return Field::Partner;
  if (name == "available" || name == "availability" || name == "in_stock") return Field::Available;
  if (name == "price_band") return Field::PriceBand;
  return Field::Ignored;
}

std::string trim(std::string s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

std::vector<std::string> split_tags(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s + "|") {
    if (c == '|' || c == ';') {
      cur = trim(cur);
      if (!cur.empty() && std::find(out.begin(), out.end(), cur) == out.end()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

// Sets one field of `a` from its text; `where` names the cell in errors.
Status set_field(ItemAttributes& a, Field f, const std::string& raw, const std::string& where) {
  const std::string v = trim(raw);
  switch (f) {
    case Field::Category: a.category = v; break;
    case Field::Brand: a.brand = v; break;
    case Field::Partner: a.partner = v; break;
    case Field::PriceBand: a.price_band = v; break;
    case Field::Tags: a.tags = split_tags(v); break;
    case Field::Price: {
      if (v.empty()) break;
      char* end = nullptr;
      errno = 0;
      double x = std::strtod(v.c_str(), &end);
      if (*end != '\0' || errno == ERANGE || !std::isfinite(x)) return make_error(where, ": '", v, "' is not a number");
      if (x < 0) return make_error(where, ": price ", v, " is negative");
      a.price = x;
      break;
    }
    case Field::Available: {
      std::string l = v;
      for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (l.empty() || l == "true" || l == "1" || l == "yes" || l == "in_stock" || l == "y") a.available = true;
      else if (l == "false" || l == "0" || l == "no" || l == "out_of_stock" || l == "n") a.available = false;
      else return make_error(where, ": '", v, "' is not true/false (also 1/0, yes/no, in_stock/out_of_stock)");
      break;
    }
    case Field::Item: case Field::Ignored: break;
  }
  return {};
}

// Tercile bands for items with a price and no band given.
void assign_price_bands(Catalog& c) {
  std::vector<double> prices;
  for (const ItemAttributes& a : c.items)
    if (a.known && a.price) prices.push_back(*a.price);
  if (prices.empty()) return;
  std::sort(prices.begin(), prices.end());
  const double q1 = prices[prices.size() / 3], q2 = prices[(2 * prices.size()) / 3];
  for (ItemAttributes& a : c.items)
    if (a.known && a.price && a.price_band.empty()) a.price_band = *a.price < q1 ? "low" : *a.price < q2 ? "mid" : "high";
}

// Records an item's row; duplicate items are an error naming both places.
class CatalogBuilder {
 public:
  explicit CatalogBuilder(IdMap& ids) : ids_(ids) {}
  Result<ItemAttributes*> add(const std::string& id, const std::string& where) {
    const int32_t i = ids_.intern(id);
    if (catalog_.items.size() <= static_cast<size_t>(i)) catalog_.items.resize(static_cast<size_t>(i) + 1);
    auto [it, inserted] = first_.emplace(i, where);
    if (!inserted) return make_error(where, ": item '", id, "' is already listed (", it->second, ")");
    catalog_.items[static_cast<size_t>(i)].known = true;
    return &catalog_.items[static_cast<size_t>(i)];
  }
  Catalog take() {
    catalog_.items.resize(static_cast<size_t>(ids_.size()));  // cover every item id
    assign_price_bands(catalog_);
    return std::move(catalog_);
  }

 private:
  IdMap& ids_;
  Catalog catalog_;
  std::unordered_map<int32_t, std::string> first_;
};

}  // namespace

Result<Catalog> import_item_attributes_csv(std::string_view text, IdMap& items) {
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
  if (lines.empty()) return make_error("the item attributes file is empty");
  const char sep = lines[0].find('\t') != std::string_view::npos && lines[0].find(',') == std::string_view::npos ? '\t' : ',';
  bool bad = false;
  std::vector<Field> fields;
  for (const std::string& name : split_csv_record(lines[0], sep, &bad)) fields.push_back(field_of(trim(name)));
  if (std::find(fields.begin(), fields.end(), Field::Item) == fields.end())
    return make_error("line 1: the header must name an 'item' (or 'sku') column (found '", std::string(lines[0]), "')");
  CatalogBuilder builder(items);
  for (size_t n = 1; n < lines.size(); n++) {
    if (lines[n].empty()) continue;
    const std::string line_no = "line " + std::to_string(n + 1);
    std::vector<std::string> cells = split_csv_record(lines[n], sep, &bad);
    if (bad) return make_error(line_no, ": a quoted field is not closed");
    if (cells.size() != fields.size()) return make_error(line_no, ": ", cells.size(), " columns, the header has ", fields.size());
    const size_t item_col = static_cast<size_t>(std::find(fields.begin(), fields.end(), Field::Item) - fields.begin());
    const std::string id = trim(cells[item_col]);
    if (id.empty()) return make_error(line_no, ", column ", item_col + 1, " (item): the item id is empty");
    auto a = builder.add(id, line_no);
    if (!a) return a.error();
    for (size_t c = 0; c < fields.size(); c++) {
      if (fields[c] == Field::Item || fields[c] == Field::Ignored) continue;
      const std::string where = line_no + ", column " + std::to_string(c + 1) + " (" + kFieldNames[static_cast<int>(fields[c])] + ")";
      if (auto s = set_field(**a, fields[c], cells[c], where); !s) return s.error();
    }
  }
  return builder.take();
}

Result<Catalog> import_item_attributes_json(std::string_view text, IdMap& items) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return make_error("the item attributes file is not valid JSON");
  if (!j.is_array()) return make_error("the item attributes JSON must be an array of objects");
  CatalogBuilder builder(items);
  for (size_t n = 0; n < j.size(); n++) {
    const nlohmann::json& row = j[n];
    const std::string row_no = "row " + std::to_string(n + 1);
    if (!row.is_object()) return make_error(row_no, ": expected an object");
    std::string id;
    for (const char* key : {"item", "item_id", "sku", "product", "product_id"})
      if (row.contains(key)) {
        const auto& v = row[key];
        if (v.is_string()) id = v.get<std::string>();
        else if (v.is_number_integer()) id = std::to_string(v.get<int64_t>());
        else return make_error(row_no, " (item): the item id must be a string or an integer");
      }
    if (trim(id).empty()) return make_error(row_no, " (item): missing 'item'");
    auto a = builder.add(trim(id), row_no);
    if (!a) return a.error();
    for (auto it = row.begin(); it != row.end(); ++it) {
      const Field f = field_of(it.key());
      if (f == Field::Item || f == Field::Ignored || it.value().is_null()) continue;
      const std::string where = row_no + " (" + kFieldNames[static_cast<int>(f)] + ")";
      const nlohmann::json& v = it.value();
      if (f == Field::Tags && v.is_array()) {
        std::string joined;
        for (const auto& t : v) {
          if (!t.is_string()) return make_error(where, ": tags must be strings");
          joined += t.get<std::string>() + "|";
        }
        (*a)->tags = split_tags(joined);
        continue;
      }
      std::string cell;
      if (v.is_string()) cell = v.get<std::string>();
      else if (v.is_boolean()) cell = v.get<bool>() ? "true" : "false";
      else if (v.is_number()) cell = v.dump();
      else return make_error(where, ": expected a string, number or boolean, got ", v.type_name());
      if (auto s = set_field(**a, f, cell, where); !s) return s.error();
    }
  }
  return builder.take();
}

}  // namespace plume::recommend
