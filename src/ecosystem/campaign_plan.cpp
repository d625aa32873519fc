#include "ecosystem/campaign_plan.h"

#include <algorithm>
#include <numeric>
#include <set>

#include "ecosystem/analysis.h"
#include "experiment/assign.h"
#include "experiment/hash.h"

namespace plume::ecosystem {

using nlohmann::json;

std::vector<double> allocation_weights(const Campaign& c, const json& state) {
  size_t k = c.variants.size();
  std::vector<double> equal = experiment::equal_weights(static_cast<int>(k));
  if (c.allocation.kind == AllocationKind::kExperiment) return c.allocation.weights.empty() ? equal : c.allocation.weights;
  if (!state.is_object() || !state.contains("campaigns") || !state["campaigns"].is_object()) return equal;
  const json& cs = state["campaigns"];
  if (!cs.contains(c.id) || !cs[c.id].is_object() || !cs[c.id].contains("weights")) return equal;
  const json& w = cs[c.id]["weights"];
  if (!w.is_array() || w.size() != k) return equal;
  std::vector<double> out;
  for (const json& x : w) {
    if (!x.is_number()) return equal;
    out.push_back(x.get<double>());
  }
  return out;
}

VariantChoice choose_variant(const Campaign& c, const std::vector<double>& weights, const std::string& customer_id) {
  VariantChoice v;
  if (c.allocation.kind == AllocationKind::kExperiment) {
    experiment::Experiment e;
    e.key = c.id;
    e.seed = c.id;
    e.hash_version = 2;
    e.weights = weights;
    for (const CampaignVariant& cv : c.variants) e.variations.push_back(cv.id);
    experiment::Context ctx;
    ctx.attributes = json{{"id", customer_id}};
    experiment::ExperimentResult r = experiment::run_experiment(e, ctx);
    v.index = r.in_experiment ? r.variation_id : 0;
    v.bucket = r.bucket.value_or(0);
    return v;
  }
  double u = experiment::gb_hash("bandit:" + c.id, customer_id, 2).value_or(0);
  auto ranges = experiment::bucket_ranges(static_cast<int>(weights.size()), 1.0, weights);
  int i = experiment::choose_variation(u, ranges);
  // A hash at the very top (floating error in the last range's end) takes the last arm.
  v.index = i < 0 ? static_cast<int>(weights.size()) - 1 : i;
  v.bucket = u;
  return v;
}

struct ItemPicker::Impl {
  const Store* store = nullptr;
  recommend::Dataset data;
  recommend::TrainingData training;
  recommend::ItemKnn knn;
  std::vector<int32_t> product_of_item;  // dataset item -> product index, -1 when not in the catalog
  std::vector<bool> eligible;            // per product
  std::vector<int32_t> popular;          // eligible products, most interactions first
  std::vector<std::set<int32_t>> bought; // per customer: product indices purchased
};

ItemPicker::ItemPicker(const Store& store, const std::string& product_partner) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.store = &store;
  m.data = interactions_from_events(store);
  m.training = recommend::make_training_data(m.data.rows, m.data.users.size(), m.data.items.size(), false);
  if (!m.data.rows.empty()) (void)m.knn.fit(m.training);
  m.product_of_item.resize(static_cast<size_t>(m.data.items.size()), -1);
  for (int32_t i = 0; i < m.data.items.size(); i++) {
    auto it = store.product_index.find(m.data.items.name(i));
    if (it != store.product_index.end()) m.product_of_item[static_cast<size_t>(i)] = it->second;
  }
  m.eligible.resize(store.products.size());
  for (size_t p = 0; p < store.products.size(); p++) {
    const Product& pr = store.products[p];
    m.eligible[p] = pr.availability != "out_of_stock" && pr.availability != "discontinued" &&
                    (product_partner.empty() || pr.partner == product_partner);
  }
  std::vector<double> count(store.products.size(), 0);
  for (const recommend::Interaction& r : m.data.rows) {
    int32_t p = m.product_of_item[static_cast<size_t>(r.item)];
    if (p >= 0) count[static_cast<size_t>(p)] += r.value;
  }
  for (int32_t p = 0; p < static_cast<int32_t>(store.products.size()); p++)
    if (m.eligible[static_cast<size_t>(p)]) m.popular.push_back(p);
  std::stable_sort(m.popular.begin(), m.popular.end(),
                   [&count](int32_t a, int32_t b) { return count[static_cast<size_t>(a)] > count[static_cast<size_t>(b)]; });
  m.bought.resize(store.customers.size());
  int32_t purchase = store.event_types.find("purchase");
  for (const Event& e : store.events)
    if (e.type == purchase && e.item >= 0 && e.customer >= 0) {
      auto it = store.product_index.find(store.items.name(e.item));
      if (it != store.product_index.end()) m.bought[static_cast<size_t>(e.customer)].insert(it->second);
    }
}

ItemPicker::~ItemPicker() = default;

std::vector<int32_t> ItemPicker::pick(int32_t customer, int k, Personalization p) const {
  const Impl& m = *impl_;
  std::vector<int32_t> out;
  const std::set<int32_t>& bought = m.bought[static_cast<size_t>(customer)];
  auto usable = [&](int32_t product) {
    return m.eligible[static_cast<size_t>(product)] && !bought.count(product) &&
           std::find(out.begin(), out.end(), product) == out.end();
  };
  if (p == Personalization::kRecommended && !m.data.rows.empty()) {
    auto user = m.data.users.find(m.store->customers[static_cast<size_t>(customer)].id);
    if (user) {
      std::vector<float> scores(static_cast<size_t>(m.data.items.size()), 0.0f);
      m.knn.score_items(*user, scores.data());
      // Items the customer already interacted with are what the scores come from: skip them.
      std::set<int32_t> seen;
      const recommend::Csr& row = m.training.by_user;
      for (int64_t j = row.offsets[static_cast<size_t>(*user)]; j < row.offsets[static_cast<size_t>(*user) + 1]; j++)
        seen.insert(row.cols[static_cast<size_t>(j)]);
      std::vector<std::pair<float, int32_t>> ranked;  // (score, product)
      for (int32_t i = 0; i < m.data.items.size(); i++) {
        int32_t product = m.product_of_item[static_cast<size_t>(i)];
        if (product < 0 || seen.count(i) || scores[static_cast<size_t>(i)] <= 0) continue;
        ranked.push_back({scores[static_cast<size_t>(i)], product});
      }
      std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
      });
      for (const auto& r : ranked) {
        if (static_cast<int>(out.size()) >= k) break;
        if (usable(r.second)) out.push_back(r.second);
      }
    }
  }
  for (int32_t product : m.popular) {
    if (static_cast<int>(out.size()) >= k) break;
    if (usable(product)) out.push_back(product);
  }
  return out;
}

}  // namespace plume::ecosystem
