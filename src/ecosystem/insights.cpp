#include <algorithm>
#include <unordered_map>

#include "ecosystem/analysis.h"

namespace plume::ecosystem {

int local_hour(int64_t timestamp, int tz_offset_minutes) {
  int64_t local = timestamp + static_cast<int64_t>(tz_offset_minutes) * 60;
  int64_t in_day = ((local % 86400) + 86400) % 86400;
  return static_cast<int>(in_day / 3600);
}

SegmentInsights segment_insights(const Store& store, const Analysis& analysis, const std::vector<int32_t>& members,
                                 const AnalysisOptions& options, size_t top_n) {
  SegmentInsights out;
  std::vector<char> in(store.customers.size(), 0);
  for (int32_t c : members) {
    in[static_cast<size_t>(c)] = 1;
    const CustomerMetrics& m = analysis.customers[static_cast<size_t>(c)];
    out.customers++;
    out.active += m.events > 0;
    out.purchasers += m.purchases > 0;
    out.rfm_groups[rfm_group(m.r, m.f)]++;
  }
  int32_t purchase = store.event_types.find(options.purchase_type);
  std::vector<char> engaging(static_cast<size_t>(store.event_types.size()), 0);
  for (const std::string& t : options.engagement_types)
    if (int32_t k = store.event_types.find(t); k >= 0) engaging[static_cast<size_t>(k)] = 1;
  // Item -> category through the catalog (items no product describes are skipped).
  std::vector<int32_t> category_of(static_cast<size_t>(store.items.size()), -1);
  std::vector<std::string> categories;
  std::map<std::string, int32_t> category_index;
  for (int32_t i = 0; i < store.items.size(); i++) {
    auto p = store.product_index.find(store.items.name(i));
    if (p == store.product_index.end()) continue;
    const std::string& cat = store.products[static_cast<size_t>(p->second)].category;
    if (cat.empty()) continue;
    auto [it, fresh] = category_index.try_emplace(cat, static_cast<int32_t>(categories.size()));
    if (fresh) categories.push_back(cat);
    category_of[static_cast<size_t>(i)] = it->second;
  }
  std::vector<CategoryStat> cats(categories.size());
  for (size_t k = 0; k < cats.size(); k++) cats[k].category = categories[k];
  std::vector<ChannelStat> chans(static_cast<size_t>(store.channels.size()));
  for (int32_t k = 0; k < store.channels.size(); k++) chans[static_cast<size_t>(k)].channel = store.channels.name(k);
  int64_t engagements_with_channel = 0;
  for (const Event& e : store.events) {
    if (!in[static_cast<size_t>(e.customer)]) continue;
    out.events++;
    out.revenue += e.revenue;
    bool is_purchase = e.type == purchase;
    bool engages = engaging[static_cast<size_t>(e.type)] != 0;
    if (engages) out.hours[static_cast<size_t>(local_hour(e.timestamp, options.tz_offset_minutes))]++;
    if (e.item >= 0 && category_of[static_cast<size_t>(e.item)] >= 0) {
      CategoryStat& cs = cats[static_cast<size_t>(category_of[static_cast<size_t>(e.item)])];
      cs.interactions++;
      if (is_purchase) cs.purchases++;
      cs.revenue += e.revenue;
    }
    if (e.channel >= 0) {
      ChannelStat& ch = chans[static_cast<size_t>(e.channel)];
      ch.events++;
      ch.revenue += e.revenue;
      if (is_purchase) ch.purchases++;
      if (engages) { ch.engagements++; engagements_with_channel++; }
    }
  }
  for (int h = 0; h < 24; h++)
    if (out.hours[static_cast<size_t>(h)] > 0 && (out.best_hour < 0 || out.hours[static_cast<size_t>(h)] > out.hours[static_cast<size_t>(out.best_hour)]))
      out.best_hour = h;
  std::sort(cats.begin(), cats.end(), [](const CategoryStat& a, const CategoryStat& b) {
    if (a.purchases != b.purchases) return a.purchases > b.purchases;
    if (a.interactions != b.interactions) return a.interactions > b.interactions;
    return a.category < b.category;
  });
  cats.erase(std::remove_if(cats.begin(), cats.end(), [](const CategoryStat& c) { return c.interactions == 0; }), cats.end());
  if (cats.size() > top_n) cats.resize(top_n);
  out.top_categories = std::move(cats);
  chans.erase(std::remove_if(chans.begin(), chans.end(), [](const ChannelStat& c) { return c.events == 0; }), chans.end());
  for (ChannelStat& c : chans)
    c.share = engagements_with_channel ? static_cast<double>(c.engagements) / static_cast<double>(engagements_with_channel) : 0.0;
  std::sort(chans.begin(), chans.end(), [](const ChannelStat& a, const ChannelStat& b) {
    if (a.engagements != b.engagements) return a.engagements > b.engagements;
    if (a.events != b.events) return a.events > b.events;
    return a.channel < b.channel;
  });
  out.channels = std::move(chans);
  return out;
}

recommend::Dataset interactions_from_events(const Store& store, const std::map<std::string, float>& weights) {
  recommend::Dataset d;
  std::vector<float> weight_of(static_cast<size_t>(store.event_types.size()), 0.0f);
  for (const auto& kv : weights)
    if (int32_t k = store.event_types.find(kv.first); k >= 0) weight_of[static_cast<size_t>(k)] = kv.second;
  std::unordered_map<uint64_t, size_t> row_of;  // (user << 32 | item) -> row
  for (const Event& e : store.events) {
    float w = weight_of[static_cast<size_t>(e.type)];
    if (e.item < 0 || w == 0.0f) continue;
    int32_t u = d.users.intern(store.customers[static_cast<size_t>(e.customer)].id);
    int32_t i = d.items.intern(store.items.name(e.item));
    auto [it, fresh] = row_of.try_emplace(uint64_t{static_cast<uint32_t>(u)} << 32 | static_cast<uint32_t>(i), d.rows.size());
    if (fresh) {
      d.rows.push_back({u, i, w, e.timestamp});
    } else {
      recommend::Interaction& r = d.rows[it->second];
      r.value += w;
      r.timestamp = std::max(r.timestamp, e.timestamp);
    }
  }
  d.explicit_ratings = false;
  return d;
}

}  // namespace plume::ecosystem
