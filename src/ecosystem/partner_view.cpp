// build_partner_view (partner_view.h). Small-group suppression, per table:
//   1. a group (a channel, a segment, a day) with fewer than k distinct customers is not shown;
//   2. for tables whose groups split the events (channels, days), the suppressed groups are
//      pooled into "other"; while that pool is non-empty but below k customers, the smallest
//      shown group joins it (secondary suppression), so "total - shown rows" never reveals a
//      group below k; a pool still below k is dropped together with the total;
//   3. the total is shown only with at least k customers.
// Segments overlap, so they get step 1 only and no total. Differences between tables (or
// between views computed on different days) are not controlled: k protects single groups.
#include "ecosystem/partner_view.h"

#include <algorithm>

namespace plume::ecosystem {
namespace {

using nlohmann::json;

struct Group {
  std::set<int32_t> customers;
  int64_t events = 0;
  std::map<std::string, int64_t> by_type;
  double revenue = 0;
  void add(const Store& store, const Event& e) {
    customers.insert(e.customer);
    ++events;
    ++by_type[store.event_types.name(e.type)];
    revenue += e.revenue;
  }
  void merge(const Group& g) {
    customers.insert(g.customers.begin(), g.customers.end());
    events += g.events;
    for (const auto& kv : g.by_type) by_type[kv.first] += kv.second;
    revenue += g.revenue;
  }
};

AggregateRow row_of(const std::string& key, const Group& g, bool revenue) {
  AggregateRow r;
  r.key = key;
  r.customers = static_cast<int64_t>(g.customers.size());
  r.events = g.events;
  r.by_type = g.by_type;
  if (revenue) r.revenue = g.revenue;
  return r;
}

AggregateTable make_table(const std::map<std::string, Group>& groups, bool partition, int k, bool revenue) {
  AggregateTable t;
  std::vector<std::pair<std::string, const Group*>> shown;
  Group pool, total;
  for (const auto& kv : groups) {
    total.merge(kv.second);
    if (static_cast<int>(kv.second.customers.size()) >= k) {
      shown.emplace_back(kv.first, &kv.second);
    } else {
      ++t.suppressed;
      pool.merge(kv.second);
    }
  }
  if (partition) {
    while (pool.events > 0 && static_cast<int>(pool.customers.size()) < k && !shown.empty()) {
      auto smallest = std::min_element(shown.begin(), shown.end(), [](const auto& a, const auto& b) {
        return a.second->customers.size() != b.second->customers.size() ? a.second->customers.size() < b.second->customers.size()
                                                                        : a.first < b.first;
      });
      pool.merge(*smallest->second);
      shown.erase(smallest);
      ++t.suppressed;
    }
  }
  for (const auto& s : shown) t.rows.push_back(row_of(s.first, *s.second, revenue));
  if (!partition) return t;
  bool pool_ok = pool.events == 0 || static_cast<int>(pool.customers.size()) >= k;
  if (pool.events > 0 && pool_ok) t.other = row_of("(other)", pool, revenue);
  if (pool_ok && static_cast<int>(total.customers.size()) >= k) t.total = row_of("(total)", total, revenue);
  return t;
}

// Days since 1970-01-01 -> "YYYY-MM-DD" (H. Hinnant's civil_from_days).
std::string civil_date(int64_t days) {
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(y), static_cast<int>(m), static_cast<int>(d));
  return buf;
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool has(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::string product_field(const Product& p, const std::string& f) {
  if (f == "id") return p.id;
  if (f == "title") return p.title;
  if (f == "description") return p.description;
  if (f == "category") return p.category;
  if (f == "brand") return p.brand;
  if (f == "link") return p.link;
  if (f == "image_link") return p.image_link;
  if (f == "availability") return p.availability;
  if (f == "partner") return p.partner;
  return "";
}

const std::vector<std::string> kProductFields = {"id", "title", "description", "price", "category", "brand",
                                                 "link", "image_link", "availability", "partner"};
const std::vector<std::string> kResultKeys = {"sent", "delivered", "opened", "clicked", "converted", "revenue", "customers"};

}  // namespace

Result<PartnerView> build_partner_view(const Store& store, const Manifest& manifest, const std::string& partner_id,
                                       const json& campaigns, const PartnerViewOptions& options) {
  const Partner* partner = manifest.partner(partner_id);
  if (!partner) {
    std::string known;
    for (const Partner& p : manifest.partners) known += (known.empty() ? "" : ", ") + p.id;
    return make_error("no partner '", partner_id, "' in the manifest (partners: ", known, ")");
  }
  if (options.k < kDefaultMinGroupCustomers)
    return make_error("k: groups must have at least ", kDefaultMinGroupCustomers, " customers (got ", options.k, ")");
  if (!campaigns.is_array()) return make_error("campaigns: expected a list of {id, channel, partner, products}");

  PartnerView v;
  v.id = partner->id;
  v.type = partner_type_name(partner->type);
  v.name = partner->name;
  v.k = options.k;
  for (const ChannelSpec& c : partner->channels) v.channels.push_back(c.id);
  auto scope = [&](const char* table) -> const std::vector<std::string>* {
    auto it = partner->data_scope.find(table);
    return it == partner->data_scope.end() ? nullptr : &it->second;
  };

  // Its own catalog, with the permitted columns (id always: it names the product).
  const std::vector<std::string>* pf = scope("products");
  for (const std::string& f : kProductFields)
    if (f == "id" || !pf || has(*pf, "*") || has(*pf, f)) v.product_fields.push_back(f);
  std::set<std::string> own;
  for (const Product& p : store.products) {
    if (p.partner != partner->id) continue;
    own.insert(p.id);
    Product copy;
    copy.id = p.id;
    if (has(v.product_fields, "title")) copy.title = p.title;
    if (has(v.product_fields, "description")) copy.description = p.description;
    if (has(v.product_fields, "price")) { copy.price = p.price; copy.currency = p.currency; }
    if (has(v.product_fields, "category")) copy.category = p.category;
    if (has(v.product_fields, "brand")) copy.brand = p.brand;
    if (has(v.product_fields, "link")) copy.link = p.link;
    if (has(v.product_fields, "image_link")) copy.image_link = p.image_link;
    if (has(v.product_fields, "availability")) copy.availability = p.availability;
    if (has(v.product_fields, "partner")) copy.partner = p.partner;
    v.products.push_back(std::move(copy));
  }

  // Campaigns that use its channels or products; only its own products are named.
  const std::vector<std::string>* ag = scope("aggregates");
  auto allowed = [&](const char* what) { return ag && (has(*ag, "*") || has(*ag, what)); };
  for (size_t i = 0; i < campaigns.size(); ++i) {
    const json& c = campaigns[i];
    std::string at = "campaigns[" + std::to_string(i) + "]";
    if (!c.is_object()) return make_error(at, ": expected an object {id, channel, partner, products}");
    auto text = [&](const char* key) -> Result<std::string> {
      auto it = c.find(key);
      if (it == c.end() || it->is_null()) return std::string();
      if (!it->is_string()) return make_error(at, ".", key, ": expected a string");
      return it->get<std::string>();
    };
    auto id = text("id"), channel = text("channel"), owner = text("partner");
    for (auto* r : {&id, &channel, &owner})
      if (!*r) return r->error();
    if (id->empty()) return make_error(at, ".id: expected a non-empty string");
    std::vector<std::string> mine;
    int others = 0;
    if (auto p = c.find("products"); p != c.end() && !p->is_null()) {
      if (!p->is_array()) return make_error(at, ".products: expected a list of product ids");
      for (size_t j = 0; j < p->size(); ++j) {
        if (!(*p)[j].is_string()) return make_error(at, ".products[", j, "]: expected a product id");
        if (own.count((*p)[j].get<std::string>())) mine.push_back((*p)[j].get<std::string>());
        else ++others;
      }
    }
    bool uses = *owner == partner->id || (!channel->empty() && has(v.channels, *channel)) || !mine.empty();
    if (!uses) continue;
    json out = {{"id", *id}, {"channel", *channel}, {"partner", *owner}, {"products", mine}, {"otherProducts", others}};
    if (auto r = c.find("results"); r != c.end() && r->is_object() && allowed("campaigns")) {
      json results = json::object();
      for (const std::string& key : kResultKeys)
        if (auto x = r->find(key); x != r->end() && x->is_number() && (key != "revenue" || allowed("revenue")))
          results[key] = *x;
      out["results"] = results;
    }
    v.campaigns.push_back(std::move(out));
  }

  // Aggregates of the events that concern it.
  if (!ag || ag->empty()) return v;
  v.revenue = allowed("revenue");
  bool everything = partner->type == PartnerType::kData;
  std::vector<char> concerns(store.events.size(), 0);
  std::map<std::string, Group> channels, days;
  int tz = options.tz_offset_minutes;
  for (size_t i = 0; i < store.events.size(); ++i) {
    const Event& e = store.events[i];
    bool mine = everything || (e.partner >= 0 && store.partners.name(e.partner) == partner->id) ||
                (e.channel >= 0 && has(v.channels, store.channels.name(e.channel))) ||
                (e.item >= 0 && own.count(store.items.name(e.item)));
    if (!mine) continue;
    concerns[i] = 1;
    channels[e.channel >= 0 ? store.channels.name(e.channel) : "(none)"].add(store, e);
    days[civil_date(floor_div(e.timestamp + int64_t{tz} * 60, 86400))].add(store, e);
  }
  if (allowed("channels")) v.by_channel = make_table(channels, true, v.k, v.revenue);
  v.by_day = make_table(days, true, v.k, v.revenue);
  if (allowed("segments") && !manifest.segments.empty()) {
    AnalysisOptions ao;
    ao.tz_offset_minutes = tz;
    Analysis analysis = analyze_customers(store, ao);
    std::map<std::string, Group> segments;
    for (const Segment& s : manifest.segments) {
      auto members = segment_members(store, analysis, s.condition);
      if (!members) return make_error("segment ", s.id, ": ", members.error().message);
      std::vector<char> in(store.customers.size(), 0);
      for (int32_t m : *members) in[static_cast<size_t>(m)] = 1;
      Group& g = segments[s.id];
      for (size_t i = 0; i < store.events.size(); ++i)
        if (concerns[i] && store.events[i].customer >= 0 && in[static_cast<size_t>(store.events[i].customer)])
          g.add(store, store.events[i]);
    }
    v.by_segment = make_table(segments, false, v.k, v.revenue);
  }
  return v;
}

json partner_view_to_json(const PartnerView& v) {
  auto row = [](const AggregateRow& r) {
    json j = {{"key", r.key}, {"customers", r.customers}, {"events", r.events}, {"byType", r.by_type}};
    if (r.revenue) j["revenue"] = *r.revenue;
    return j;
  };
  auto table = [&row](const std::optional<AggregateTable>& t) -> json {
    if (!t) return nullptr;
    json rows = json::array();
    for (const AggregateRow& r : t->rows) rows.push_back(row(r));
    return {{"rows", rows}, {"other", t->other ? row(*t->other) : json(nullptr)}, {"suppressed", t->suppressed},
            {"total", t->total ? row(*t->total) : json(nullptr)}};
  };
  json products = json::array();
  for (const Product& p : v.products) {
    json j = json::object();
    for (const std::string& f : v.product_fields) {
      if (f == "price") {
        j["price"] = p.price;
        if (!p.currency.empty()) j["currency"] = p.currency;
      } else {
        j[f] = product_field(p, f);
      }
    }
    products.push_back(std::move(j));
  }
  return {{"partner", {{"id", v.id}, {"type", v.type}, {"name", v.name}, {"channels", v.channels}}},
          {"k", v.k},
          {"productFields", v.product_fields},
          {"products", products},
          {"campaigns", v.campaigns},
          {"aggregates",
           {{"revenue", v.revenue}, {"channels", table(v.by_channel)}, {"segments", table(v.by_segment)}, {"days", table(v.by_day)}}}};
}

}  // namespace plume::ecosystem
