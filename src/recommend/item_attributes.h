// Item attributes for content-based scoring, filters and partner diversity: category, brand,
// tags, price (and its band), partner, availability. Imported from CSV or JSON; items are
// interned into the same IdMap as the interactions, so items nobody has touched yet (cold
// items) get an index too and can be recommended by content.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "recommend/interactions.h"

namespace plume::recommend {

struct ItemAttributes {
  bool known = false;  // false: the catalog has no row for this item
  std::string category, brand, partner;
  std::vector<std::string> tags;
  std::optional<double> price;
  std::string price_band;  // "low", "mid", "high" (computed), or as given in the file
  bool available = true;
};

struct Catalog {
  std::vector<ItemAttributes> items;  // by item index; may be shorter than the item IdMap
  const ItemAttributes* find(int32_t item) const {
    if (item < 0 || static_cast<size_t>(item) >= items.size() || !items[static_cast<size_t>(item)].known) return nullptr;
    return &items[static_cast<size_t>(item)];
  }
};

// CSV with a header naming an item column (item, item_id, sku, product, product_id) and any of:
// category, brand, tags (separated by '|' or ';'), price, partner, available (true/false, 1/0,
// yes/no, in_stock/out_of_stock), price_band. Unknown columns are ignored. An item listed twice
// is an error naming both lines. Price bands not given are computed from the catalog's prices:
// below the 1/3 quantile "low", below the 2/3 quantile "mid", otherwise "high".
// Errors name the line and column: "line 4, column 3 (price): 'cheap' is not a number".
Result<Catalog> import_item_attributes_csv(std::string_view text, IdMap& items);
// A JSON array of objects with the same field names; tags may be an array of strings.
Result<Catalog> import_item_attributes_json(std::string_view text, IdMap& items);

}  // namespace plume::recommend
