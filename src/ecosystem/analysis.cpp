#include "ecosystem/analysis.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "ecosystem/identity.h"
#include "experiment/condition.h"

using nlohmann::json;

namespace plume::ecosystem {

std::vector<int> quintile_scores(const std::vector<double>& values) {
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int> out(values.size());
  const size_t n = values.size();
  for (size_t i = 0; i < n; i++) {
    size_t less = static_cast<size_t>(std::lower_bound(sorted.begin(), sorted.end(), values[i]) - sorted.begin());
    out[i] = 1 + static_cast<int>(5 * less / n);
  }
  return out;
}

const char* rfm_group(int r, int f) {
  if (r <= 0) return "no_purchase";
  if (r >= 4 && f >= 4) return "champions";
  if (f >= 4) return "loyal";
  if (r >= 4 && f == 1) return "new";
  if (r >= 4) return "promising";
  if (r <= 2 && f >= 3) return "at_risk";
  if (r <= 2) return "hibernating";
  return "need_attention";
}

namespace {

// Whole days from `t` to `as_of` (floor), or null when `t` is unknown.
json days_since(int64_t t, int64_t as_of) {
  if (t == kNoTime) return nullptr;
  int64_t d = as_of - t;
  return d >= 0 ? d / 86400 : -((-d + 86399) / 86400);
}

// Imported cell text -> a JSON value: JSON-number syntax becomes a number, true/false booleans.
json typed_value(const std::string& v) {
  if (v == "true") return true;
  if (v == "false") return false;
  size_t i = 0, n = v.size();
  if (i < n && v[i] == '-') i++;
  size_t int_start = i;
  while (i < n && v[i] >= '0' && v[i] <= '9') i++;
  bool ok = i > int_start && !(v[int_start] == '0' && i - int_start > 1);
  if (ok && i < n && v[i] == '.') {
    size_t f = ++i;
    while (i < n && v[i] >= '0' && v[i] <= '9') i++;
    ok = i > f;
  }
  if (ok && i < n && (v[i] == 'e' || v[i] == 'E')) {
    i++;
    if (i < n && (v[i] == '+' || v[i] == '-')) i++;
    size_t e = i;
    while (i < n && v[i] >= '0' && v[i] <= '9') i++;
    ok = i > e;
  }
  if (ok && i == n) {
    double d = std::strtod(v.c_str(), nullptr);
    if (std::isfinite(d)) return d;
  }
  return v;
}

}  // namespace

Analysis analyze_customers(const Store& store, const AnalysisOptions& options) {
  Analysis a;
  a.customers.resize(store.customers.size());
  int32_t purchase = store.event_types.find(options.purchase_type);
  int64_t latest = kNoTime;
  for (const Event& e : store.events) {
    CustomerMetrics& m = a.customers[static_cast<size_t>(e.customer)];
    m.events++;
    m.revenue += e.revenue;
    if (m.first_seen == kNoTime || e.timestamp < m.first_seen) m.first_seen = e.timestamp;
    if (m.last_seen == kNoTime || e.timestamp > m.last_seen) m.last_seen = e.timestamp;
    if (e.type == purchase) {
      m.purchases++;
      if (m.last_purchase == kNoTime || e.timestamp > m.last_purchase) m.last_purchase = e.timestamp;
    }
    if (e.channel >= 0 && e.channel < 64) m.channel_mask |= uint64_t{1} << e.channel;
    if (e.partner >= 0 && e.partner < 64) m.partner_mask |= uint64_t{1} << e.partner;
    if (latest == kNoTime || e.timestamp > latest) latest = e.timestamp;
  }
  a.as_of = options.as_of != kNoTime ? options.as_of : latest != kNoTime ? latest : 0;
  // RFM over the customers who purchased: recency in whole days (fewer days = higher score),
  // frequency = purchases, monetary = revenue.
  std::vector<size_t> scored;
  std::vector<double> rv, fv, mv;
  for (size_t i = 0; i < a.customers.size(); i++) {
    const CustomerMetrics& m = a.customers[i];
    if (m.purchases == 0) continue;
    scored.push_back(i);
    rv.push_back(-static_cast<double>(days_since(m.last_purchase, a.as_of).get<int64_t>()));
    fv.push_back(static_cast<double>(m.purchases));
    mv.push_back(m.revenue);
  }
  std::vector<int> r = quintile_scores(rv), f = quintile_scores(fv), mo = quintile_scores(mv);
  for (size_t k = 0; k < scored.size(); k++) {
    CustomerMetrics& m = a.customers[scored[k]];
    m.r = r[k];
    m.f = f[k];
    m.m = mo[k];
  }
  return a;
}

json customer_attributes(const Store& store, const Analysis& analysis, int32_t index) {
  const Customer& c = store.customers[static_cast<size_t>(index)];
  const CustomerMetrics& m = analysis.customers[static_cast<size_t>(index)];
  json j = json::object();
  for (const auto& kv : c.attributes) j[store.attribute_names[static_cast<size_t>(kv.first)]] = typed_value(kv.second);
  j["id"] = c.id;
  j["name"] = c.name;
  j["email"] = c.email;
  j["phone"] = c.phone;
  j["language"] = c.language;
  j["city"] = c.city;
  j["signup_date"] = c.signup == kNoTime ? json(nullptr) : json(format_timestamp(c.signup).substr(0, 10));
  j["signup_days"] = days_since(c.signup, analysis.as_of);
  j["events"] = m.events;
  j["purchases"] = m.purchases;
  j["total_revenue"] = m.revenue;
  j["first_seen_days"] = days_since(m.first_seen, analysis.as_of);
  j["last_seen_days"] = days_since(m.last_seen, analysis.as_of);
  j["recency_days"] = days_since(m.last_purchase, analysis.as_of);
  j["rfm_r"] = m.r;
  j["rfm_f"] = m.f;
  j["rfm_m"] = m.m;
  j["rfm"] = m.r ? json(std::to_string(m.r) + std::to_string(m.f) + std::to_string(m.m)) : json(nullptr);
  j["rfm_score"] = m.r + m.f + m.m;
  j["rfm_group"] = rfm_group(m.r, m.f);
  json channels = json::array(), partners = json::array();
  for (int32_t k = 0; k < store.channels.size() && k < 64; k++)
    if (m.channel_mask >> k & 1) channels.push_back(store.channels.name(k));
  for (int32_t k = 0; k < store.partners.size() && k < 64; k++)
    if (m.partner_mask >> k & 1) partners.push_back(store.partners.name(k));
  j["channels"] = channels;
  j["partners"] = partners;
  return j;
}

Result<std::vector<int32_t>> segment_members(const Store& store, const Analysis& analysis, const json& condition) {
  if (!condition.is_object()) return make_error("a segment condition is a JSON object");
  if (Status s = experiment::validate_condition(condition); !s) return s.error();
  std::vector<int32_t> out;
  for (size_t i = 0; i < store.customers.size(); i++) {
    json attrs = customer_attributes(store, analysis, static_cast<int32_t>(i));
    if (experiment::evaluate_condition(condition, attrs)) out.push_back(static_cast<int32_t>(i));
  }
  return out;
}

}  // namespace plume::ecosystem
