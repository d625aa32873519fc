#include "recommend/serve.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace plume::recommend {
namespace {

bool better(const Served& a, const Served& b) { return a.score > b.score || (a.score == b.score && a.item < b.item); }

// The k best eligible items, best first, by a bounded heap: O(n log k) and no n-sized list (a
// full sort of 100k items dominated top-k latency). `better` is a strict total order, so the
// result equals the first k of a full sort.
template <class Eligible>
std::vector<Served> best_k(const std::vector<float>& scores, int32_t n, size_t k, Eligible eligible) {
  struct Entry {
    float score;
    int32_t item;
  };
  auto worse_first = [](const Entry& a, const Entry& b) { return a.score > b.score || (a.score == b.score && a.item < b.item); };
  std::vector<Entry> heap;  // heap.front() is the worst of the best k so far
  heap.reserve(k + 1);
  for (int32_t i = 0; i < n; i++) {
    const float s = scores[static_cast<size_t>(i)];
    // Items come in increasing index order, so a tie with the worst kept item loses to it.
    if (heap.size() == k && !(s > heap.front().score)) continue;
    if (!eligible(i)) continue;
    heap.push_back({s, i});
    std::push_heap(heap.begin(), heap.end(), worse_first);
    if (heap.size() > k) {
      std::pop_heap(heap.begin(), heap.end(), worse_first);
      heap.pop_back();
    }
  }
  std::sort_heap(heap.begin(), heap.end(), worse_first);
  std::vector<Served> out;
  out.reserve(heap.size());
  for (const Entry& e : heap) out.push_back({e.item, e.score, {}});
  return out;
}

bool contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

Status check_request(const ServingContext& ctx, const ServeRequest& r) {
  if (r.k < 1 || r.k > 100000) return make_error("k must be between 1 and 100000, got ", r.k);
  if (r.max_per_partner < 0) return make_error("max per partner must be >= 0");
  if (r.explain_top < 1 || r.explain_top > 100) return make_error("explain top must be between 1 and 100");
  if (r.min_price && r.max_price && *r.min_price > *r.max_price) return make_error("min price is above max price");
  const bool needs_catalog = !r.categories.empty() || !r.partners.empty() || !r.price_bands.empty() || r.available_only ||
                             r.min_price || r.max_price || r.max_per_partner > 0 || r.partner_round_robin;
  if (needs_catalog && !ctx.catalog)
    return make_error("filters and partner diversity need item attributes (category, partner, price, available): load a catalog");
  return {};
}

// Items without a catalog row fail every attribute filter (nothing is known to match).
bool passes(const ServeRequest& r, const ItemAttributes* a) {
  const bool filtered = !r.categories.empty() || !r.partners.empty() || !r.price_bands.empty() || r.available_only ||
                        r.min_price || r.max_price;
  if (!filtered) return true;
  if (!a) return false;
  if (!r.categories.empty() && !contains(r.categories, a->category)) return false;
  if (!r.partners.empty() && !contains(r.partners, a->partner)) return false;
  if (!r.price_bands.empty() && !contains(r.price_bands, a->price_band)) return false;
  if (r.available_only && !a->available) return false;
  if ((r.min_price || r.max_price) && !a->price) return false;
  if (r.min_price && *a->price < *r.min_price) return false;
  if (r.max_price && *a->price > *r.max_price) return false;
  return true;
}

std::vector<Served> diversify(std::vector<Served> ranked, const ServingContext& ctx, const ServeRequest& r) {
  auto partner = [&](int32_t item) {
    const ItemAttributes* a = ctx.catalog->find(item);
    return a ? a->partner : std::string();
  };
  std::vector<Served> out;
  if (r.partner_round_robin) {
    std::vector<std::string> order;  // partners by their best item
    std::map<std::string, std::vector<Served>> groups;
    for (const Served& s : ranked) {
      auto& g = groups[partner(s.item)];
      if (g.empty()) order.push_back(partner(s.item));
      g.push_back(s);
    }
    std::map<std::string, size_t> taken;
    for (size_t round = 0; out.size() < static_cast<size_t>(r.k); round++) {
      bool any = false;
      for (const std::string& p : order) {
        auto& g = groups[p];
        if (round >= g.size()) continue;
        if (r.max_per_partner > 0 && taken[p] >= static_cast<size_t>(r.max_per_partner)) continue;
        out.push_back(g[round]);
        taken[p]++;
        any = true;
        if (out.size() >= static_cast<size_t>(r.k)) break;
      }
      if (!any) break;
    }
    return out;
  }
  std::map<std::string, int> count;
  for (const Served& s : ranked) {
    if (out.size() >= static_cast<size_t>(r.k)) break;
    if (r.max_per_partner > 0 && count[partner(s.item)] >= r.max_per_partner) continue;
    count[partner(s.item)]++;
    out.push_back(s);
  }
  return out;
}

std::vector<Reason> explain(const ServingContext& ctx, const History& history, int32_t item, bool content_first, int top) {
  std::vector<Reason> reasons;
  const auto* knn = dynamic_cast<const ItemKnn*>(ctx.cf);
  const auto* factors = dynamic_cast<const FactorModel*>(ctx.cf);
  if (!content_first && knn && item < ctx.train->by_user.n_cols) {
    for (const auto& [h, value] : history) {
      if (h < 0 || h >= ctx.train->by_user.n_cols) continue;
      for (const Recommendation& n : knn->neighbors(h))
        if (n.item == item) reasons.push_back({h, n.score * (ctx.train->explicit_ratings ? 1.0f : value)});
    }
  } else if (!content_first && factors && item < factors->n_items()) {
    const std::vector<float> c = factors->contributions(history, item);
    for (size_t k = 0; k < history.size(); k++) reasons.push_back({history[k].first, c[k]});
  } else if (ctx.content) {
    for (const auto& [h, value] : history) reasons.push_back({h, value * ctx.content->similarity(h, item)});
  }
  reasons.erase(std::remove_if(reasons.begin(), reasons.end(), [](const Reason& r) { return !(r.contribution > 0); }),
                reasons.end());
  std::sort(reasons.begin(), reasons.end(), [](const Reason& a, const Reason& b) {
    return a.contribution > b.contribution || (a.contribution == b.contribution && a.item < b.item);
  });
  if (reasons.size() > static_cast<size_t>(top)) reasons.resize(static_cast<size_t>(top));
  return reasons;
}

}  // namespace

History history_of(const TrainingData& train, int32_t user) {
  History h;
  const Csr& m = train.by_user;
  if (user < 0 || user >= m.n_rows) return h;
  for (int64_t k = m.offsets[static_cast<size_t>(user)]; k < m.offsets[static_cast<size_t>(user) + 1]; k++)
    h.emplace_back(m.cols[static_cast<size_t>(k)], m.values[static_cast<size_t>(k)]);
  return h;
}

Status score_visitor(const Recommender& model, const TrainingData& train, const History& history, float* scores) {
  const int32_t n = train.by_user.n_cols;
  std::fill(scores, scores + n, 0.0f);
  if (const auto* f = dynamic_cast<const FactorModel*>(&model)) {
    if (f->n_items() != n) return make_error("the factors cover ", f->n_items(), " items, the data ", n);
    const std::vector<float> p = f->fold_in(history);
    f->score_vector(p.data(), scores);
    return {};
  }
  if (const auto* knn = dynamic_cast<const ItemKnn*>(&model)) {
    for (const auto& [j, value] : history) {
      if (j < 0 || j >= n) continue;
      const float r = train.explicit_ratings ? 1.0f : value;
      for (const Recommendation& nb : knn->neighbors(j)) scores[nb.item] += nb.score * r;
    }
    return {};
  }
  if (dynamic_cast<const UserKnn*>(&model)) {
    // Cosine between the visitor and every user sharing an item; the 40 most similar vote.
    std::vector<double> dot(static_cast<size_t>(train.by_user.n_rows), 0.0);
    double vnorm = 0;
    for (const auto& [j, value] : history) {
      if (j < 0 || j >= n) continue;
      vnorm += static_cast<double>(value) * value;
      for (int64_t k = train.by_item.offsets[static_cast<size_t>(j)]; k < train.by_item.offsets[static_cast<size_t>(j) + 1]; k++)
        dot[static_cast<size_t>(train.by_item.cols[static_cast<size_t>(k)])] += value * train.by_item.values[static_cast<size_t>(k)];
    }
    std::vector<Recommendation> sims;
    for (int32_t u = 0; u < train.by_user.n_rows; u++) {
      if (dot[static_cast<size_t>(u)] == 0) continue;
      double unorm = 0;
      for (int64_t k = train.by_user.offsets[static_cast<size_t>(u)]; k < train.by_user.offsets[static_cast<size_t>(u) + 1]; k++)
        unorm += static_cast<double>(train.by_user.values[static_cast<size_t>(k)]) * train.by_user.values[static_cast<size_t>(k)];
      sims.push_back({u, static_cast<float>(dot[static_cast<size_t>(u)] / std::sqrt(vnorm * unorm))});
    }
    std::sort(sims.begin(), sims.end(), [](const Recommendation& a, const Recommendation& b) {
      return a.score > b.score || (a.score == b.score && a.item < b.item);
    });
    if (sims.size() > 40) sims.resize(40);
    for (const Recommendation& s : sims)
      for (int64_t k = train.by_user.offsets[static_cast<size_t>(s.item)]; k < train.by_user.offsets[static_cast<size_t>(s.item) + 1]; k++)
        scores[train.by_user.cols[static_cast<size_t>(k)]] += s.score * (train.explicit_ratings ? 1.0f : train.by_user.values[static_cast<size_t>(k)]);
    return {};
  }
  if (dynamic_cast<const Popularity*>(&model)) {
    model.score_items(0, scores);
    return {};
  }
  return make_error("the ", model.name(), " model cannot score a new visitor (use als, bpr, svd, itemknn, userknn or pop)");
}

Result<std::vector<Served>> serve_top(const ServingContext& ctx, int32_t user, const History& given, const ServeRequest& r) {
  if (auto s = check_request(ctx, r); !s) return s.error();
  if (!ctx.train) return make_error("no training data to serve from");
  const int32_t n_cf = ctx.train->by_user.n_cols, n = std::max(ctx.n_items, n_cf);
  if (user >= ctx.train->by_user.n_rows) return make_error("user index ", user, " is not in the training data");
  for (const auto& [item, value] : given)
    if (item < 0 || item >= n) return make_error("history item index ", item, " is not a known item");
    else if (!std::isfinite(value) || value < 0) return make_error("history values must be finite and >= 0");
  const History history = user >= 0 ? history_of(*ctx.train, user) : given;
  // What the visitor has, as a mask: one load per item in the scan below (a hash set costs
  // milliseconds over 100k items in WASM).
  std::vector<char> owned(static_cast<size_t>(n), 0);
  size_t n_distinct = 0;
  for (const auto& e : history)
    if (!owned[static_cast<size_t>(e.first)]) { owned[static_cast<size_t>(e.first)] = 1; n_distinct++; }

  std::vector<float> cf, scores(static_cast<size_t>(n), 0.0f);
  if (ctx.cf && !(user < 0 && history.empty())) {
    cf.assign(static_cast<size_t>(n_cf), 0.0f);
    if (user >= 0) ctx.cf->score_items(user, cf.data());
    else if (auto s = score_visitor(*ctx.cf, *ctx.train, history, cf.data()); !s) return s.error();
  }
  // Factor models know every item they have factors for (imported Spark factors come without
  // interactions); other models know the items seen in training.
  const bool factor_model = dynamic_cast<const FactorModel*>(ctx.cf) != nullptr;
  auto known = [&](int32_t i) { return i < n_cf && (factor_model || ctx.train->by_item.row_size(i) > 0); };
  bool content_first = false;
  if (ctx.content) {
    std::vector<float> content(static_cast<size_t>(n), 0.0f);
    if (ctx.content->n_items() < n) return make_error("the content model covers ", ctx.content->n_items(), " items, expected ", n);
    ctx.content->score(history, content.data());
    std::vector<char> known_mask(static_cast<size_t>(n_cf), 0);
    for (int32_t i = 0; i < n_cf; i++) known_mask[static_cast<size_t>(i)] = known(i);
    const std::vector<float> popularity = popularity_scores(ctx.train->by_item, n);
    blend_scores(cf.empty() ? nullptr : cf.data(), known_mask, n_cf, content.data(), popularity.data(), n, n_distinct,
                 ctx.blend, scores.data());
    content_first = cf.empty() || cf_weight(n_distinct, ctx.blend) < 0.5f;
  } else if (!cf.empty()) {
    // Plain CF; items CF never saw rank last (nothing is known about them).
    for (int32_t i = 0; i < n; i++) scores[static_cast<size_t>(i)] = known(i) ? cf[static_cast<size_t>(i)] : -INFINITY;
  } else {
    scores = popularity_scores(ctx.train->by_item, n);  // a new visitor: the popularity fallback
  }

  const bool filtered = !r.categories.empty() || !r.partners.empty() || !r.price_bands.empty() || r.available_only ||
                        r.min_price || r.max_price;
  auto eligible = [&](int32_t i) {
    if (r.exclude_owned && owned[static_cast<size_t>(i)]) return false;
    if (filtered && !passes(r, ctx.catalog ? ctx.catalog->find(i) : nullptr)) return false;
    return std::isfinite(scores[static_cast<size_t>(i)]);  // -inf: unknown to CF; NaN never ranks
  };
  std::vector<Served> out;
  if (r.max_per_partner > 0 || r.partner_round_robin) {
    // Diversity may reach deep into the ranking: sort every eligible item.
    std::vector<Served> ranked;
    for (int32_t i = 0; i < n; i++)
      if (eligible(i)) ranked.push_back({i, scores[static_cast<size_t>(i)], {}});
    std::sort(ranked.begin(), ranked.end(), better);
    out = diversify(std::move(ranked), ctx, r);
  } else {
    out = best_k(scores, n, static_cast<size_t>(r.k), eligible);
  }
  if (r.explain)
    for (Served& s : out) s.because = explain(ctx, history, s.item, content_first, r.explain_top);
  return out;
}

}  // namespace plume::recommend
