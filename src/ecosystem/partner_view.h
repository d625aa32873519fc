// What one partner may see (issue 7, item 7), enforced by construction: build_partner_view()
// copies out of the store only what the partner's manifest `data_scope` permits, so a caller
// holding a PartnerView cannot reach anything else. The view holds:
//   - its own catalog: the products it supplies (Product::partner == id), with the columns its
//     data_scope.products lists ("*" or no list: every column — it is the partner's own data);
//   - the campaigns that use its channels or its products (from plain records the caller hands
//     over), with only its own products named;
//   - aggregates of the events that concern it (its channels, its products, events it sent; a
//     data partner: every event), per channel / segment / day as its data_scope.aggregates
//     allows, revenue only with "revenue" (or "*"). A group of fewer than k distinct customers
//     (default 5) is suppressed; see partner_view.cpp for how totals stay safe.
// Never in a view: customer ids, names, emails, phones, cities, attributes, single events, other
// partners' products. docs/ecosystem.md, "Partner views".
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "ecosystem/analysis.h"
#include "ecosystem/manifest.h"
#include "ecosystem/store.h"

namespace plume::ecosystem {

// The smallest group of distinct customers a view shows. A caller may raise it, never lower it:
// the view is the partner's, and a smaller k would let it single out customers.
inline constexpr int kDefaultMinGroupCustomers = 5;

struct PartnerViewOptions {
  int k = kDefaultMinGroupCustomers;  // >= kDefaultMinGroupCustomers
  int tz_offset_minutes = 0;          // days are local days at this offset (the manifest's by default)
};

struct AggregateRow {
  std::string key;                          // channel id, segment id or YYYY-MM-DD
  int64_t customers = 0;                    // distinct customers (never fewer than k)
  int64_t events = 0;
  std::map<std::string, int64_t> by_type;   // event type -> count
  std::optional<double> revenue;            // only with the revenue permission
};

struct AggregateTable {
  std::vector<AggregateRow> rows;
  std::optional<AggregateRow> other;        // the suppressed groups pooled (when >= k customers)
  int suppressed = 0;                       // groups not shown on their own
  std::optional<AggregateRow> total;        // when >= k customers (not for overlapping segments)
};

struct PartnerView {
  std::string id, type;
  LocalText name;
  std::vector<std::string> channels;
  std::vector<std::string> product_fields;  // the columns shown
  std::vector<Product> products;            // only those columns are filled in
  nlohmann::json campaigns = nlohmann::json::array();
  int k = kDefaultMinGroupCustomers;
  bool revenue = false;
  std::optional<AggregateTable> by_channel, by_segment, by_day;
};

// `campaigns`: an array of {id, channel?, partner?, products?: [ids], ...} (other keys are not
// copied). Errors: an unknown partner id (exact match only), malformed campaigns, k < 5.
Result<PartnerView> build_partner_view(const Store& store, const Manifest& manifest, const std::string& partner_id,
                                       const nlohmann::json& campaigns = nlohmann::json::array(),
                                       const PartnerViewOptions& options = {});

nlohmann::json partner_view_to_json(const PartnerView& view);

}  // namespace plume::ecosystem
