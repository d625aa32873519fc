#include "ecosystem/ecosystem_json.h"

#include <cstdio>
#include <cstdlib>

#include "ecosystem/identity.h"

using nlohmann::json;

namespace plume::ecosystem {

json check_to_json(const ManifestCheck& c) {
  json out = {{"valid", c.ok()}, {"errors", c.errors}, {"truncated", c.truncated}};
  if (c.ok()) {
    const Manifest& m = c.manifest;
    json partners = json::object();
    for (const Partner& p : m.partners) partners[partner_type_name(p.type)] = partners.value(partner_type_name(p.type), 0) + 1;
    out["summary"] = {{"brand", m.brand_name}, {"languages", m.languages}, {"channels", m.channels.size()},
                      {"partners", m.partners.size()}, {"partner_types", partners}, {"segments", m.segments.size()}};
  }
  return out;
}

json summary_to_json(const ImportSummary& s) {
  const char* kind = s.kind == ImportKind::kCatalog ? "catalog" : s.kind == ImportKind::kCustomers ? "customers" : "events";
  return {{"kind", kind}, {"rows", s.rows}, {"added", s.added}, {"updated", s.updated}, {"unified", s.unified},
          {"identity_conflicts", s.identity_conflicts}, {"customers_created", s.customers_created},
          {"unknown_items", s.unknown_items}, {"ignored_columns", s.ignored_columns}};
}

json progress_to_json(const ImportProgress& p) { return {{"bytes", p.bytes}, {"rows", p.rows}, {"line", p.line}}; }

json store_counts_json(const Store& st) {
  return {{"products", st.products.size()}, {"customers", st.customers.size()}, {"events", st.events.size()},
          {"event_types", st.event_types.size()}, {"channels", st.channels.size()}, {"partners", st.partners.size()},
          {"attributes", st.attribute_names}};
}

json insights_to_json(const SegmentInsights& s, int tz) {
  json cats = json::array(), chans = json::array();
  for (const CategoryStat& c : s.top_categories)
    cats.push_back({{"category", c.category}, {"purchases", c.purchases}, {"interactions", c.interactions}, {"revenue", c.revenue}});
  for (const ChannelStat& c : s.channels)
    chans.push_back({{"channel", c.channel}, {"events", c.events}, {"engagements", c.engagements}, {"purchases", c.purchases},
                     {"revenue", c.revenue}, {"share", c.share}});
  char offset[16];
  std::snprintf(offset, sizeof offset, "%c%02d:%02d", tz < 0 ? '-' : '+', std::abs(tz) / 60, std::abs(tz) % 60);
  return {{"customers", s.customers}, {"active", s.active}, {"purchasers", s.purchasers}, {"events", s.events},
          {"revenue", s.revenue}, {"top_categories", cats}, {"channels", chans}, {"hours", s.hours},
          {"best_hour", s.best_hour < 0 ? json(nullptr) : json(s.best_hour)}, {"timezone", offset},
          {"rfm_groups", s.rfm_groups}};
}

json rfm_to_json(const Analysis& a) {
  std::vector<int64_t> r(6, 0), f(6, 0), m(6, 0);
  std::vector<std::vector<int64_t>> grid(5, std::vector<int64_t>(5, 0));  // [r-1][f-1]
  std::map<std::string, int64_t> groups;
  int64_t scored = 0;
  for (const CustomerMetrics& c : a.customers) {
    groups[rfm_group(c.r, c.f)]++;
    if (!c.r) continue;
    scored++;
    r[static_cast<size_t>(c.r)]++;
    f[static_cast<size_t>(c.f)]++;
    m[static_cast<size_t>(c.m)]++;
    grid[static_cast<size_t>(c.r - 1)][static_cast<size_t>(c.f - 1)]++;
  }
  auto scores = [](const std::vector<int64_t>& v) { return json(std::vector<int64_t>(v.begin() + 1, v.end())); };
  return {{"as_of", format_timestamp(a.as_of)}, {"customers", a.customers.size()}, {"scored", scored},
          {"r", scores(r)}, {"f", scores(f)}, {"m", scores(m)}, {"grid_r_by_f", grid}, {"groups", groups}};
}

Result<AnalysisOptions> analysis_options_from_json(const json& j, const Manifest* manifest) {
  AnalysisOptions o;
  if (manifest) o.tz_offset_minutes = manifest->timezone_minutes;
  if (j.is_null()) return o;
  if (!j.is_object()) return make_error("analysis options: expected an object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const json& v = it.value();
    if (k == "as_of") {
      std::string text = v.is_string() ? v.get<std::string>() : v.is_number_integer() ? v.dump() : "";
      auto t = parse_timestamp(text);
      if (!t) return make_error("as_of: ", t.error().message);
      o.as_of = *t;
    } else if (k == "tz") {
      if (!v.is_string()) return make_error("tz: expected a UTC offset such as \"+08:00\"");
      auto off = parse_utc_offset(v.get<std::string>());
      if (!off) return make_error("tz: ", off.error().message);
      o.tz_offset_minutes = *off;
    } else if (k == "purchase_type") {
      if (!v.is_string() || v.get<std::string>().empty()) return make_error("purchase_type: expected an event type");
      o.purchase_type = v.get<std::string>();
    } else if (k == "engagement_types") {
      if (!v.is_array()) return make_error("engagement_types: expected an array of event types");
      o.engagement_types.clear();
      for (const json& t : v) {
        if (!t.is_string()) return make_error("engagement_types: expected an array of event types");
        o.engagement_types.push_back(t.get<std::string>());
      }
    } else if (k != "segment" && k != "condition" && k != "top") {
      return make_error("analysis options: unknown key '", k, "' (as_of, tz, purchase_type, engagement_types)");
    }
  }
  return o;
}

}  // namespace plume::ecosystem
