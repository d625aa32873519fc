#include "ecosystem/campaign_optimize.h"

#include <cmath>
#include <map>
#include <set>

#include "ecosystem/analysis.h"
#include "ecosystem/campaign_plan.h"
#include "experiment/bandit.h"
#include "experiment/stats.h"

namespace plume::ecosystem {

using nlohmann::json;

namespace {

bool delivered(const Outcome& o) { return o.delivered || o.opened || o.clicked || o.converted; }

struct Tally {
  int64_t messages = 0, delivered = 0, opened = 0, clicked = 0, converted = 0;
  double revenue = 0;
  void add(const Outcome& o) {
    messages++;
    delivered += ecosystem::delivered(o);
    opened += outcome_success(o, "opened");
    clicked += outcome_success(o, "clicked");
    converted += o.converted;
    revenue += o.revenue;
  }
  json to_json() const {
    auto rate = [](int64_t a, int64_t b) { return b > 0 ? json(static_cast<double>(a) / static_cast<double>(b)) : json(nullptr); };
    return {{"messages", messages}, {"delivered", delivered}, {"opened", opened}, {"clicked", clicked},
            {"converted", converted}, {"revenue", std::round(revenue * 100) / 100},
            {"openRate", rate(opened, delivered)}, {"clickRate", rate(clicked, delivered)},
            {"conversionRate", rate(converted, delivered)}};
  }
};

json interval_json(const std::optional<experiment::Interval>& i) {
  return i ? json{i->low, i->high} : json(nullptr);
}
json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

std::pair<double, double> wilson_interval(int64_t s, int64_t n) {
  if (n <= 0) return {0, 1};
  const double z = 1.959963984540054;
  double p = static_cast<double>(s) / static_cast<double>(n), nn = static_cast<double>(n);
  double centre = (p + z * z / (2 * nn)) / (1 + z * z / nn);
  double half = z * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / (1 + z * z / nn);
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

std::vector<experiment::VariationStats> variant_stats(const Campaign& c, const std::vector<Outcome>& outcomes) {
  std::vector<experiment::VariationStats> out(c.variants.size());
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < c.variants.size(); i++) {
    out[i].name = c.variants[i].id;
    index[c.variants[i].id] = i;
  }
  for (const Outcome& o : outcomes) {
    if (o.campaign != c.id || !delivered(o)) continue;
    auto it = index.find(o.variant);
    if (it == index.end()) continue;
    experiment::VariationStats& v = out[it->second];
    bool success = outcome_success(o, c.allocation.metric);
    v.users++;
    v.conversions += success;
    v.sum += success;
    v.sum_squares += success;
  }
  return out;
}

std::vector<std::string> unknown_variants(const Campaign& c, const std::vector<Outcome>& outcomes) {
  std::set<std::string> known, unknown;
  for (const CampaignVariant& v : c.variants) known.insert(v.id);
  for (const Outcome& o : outcomes)
    if (o.campaign == c.id && !known.count(o.variant)) unknown.insert(o.variant);
  return {unknown.begin(), unknown.end()};
}

Result<json> analyze_campaign(const Campaign& c, const std::vector<Outcome>& outcomes) {
  std::vector<experiment::VariationStats> stats = variant_stats(c, outcomes);
  std::vector<double> a, b;
  for (const auto& s : stats) {
    a.push_back(1.0 + static_cast<double>(s.conversions));
    b.push_back(1.0 + static_cast<double>(s.users - s.conversions));
  }
  std::vector<double> best = experiment::beta_prob_best(a, b);
  std::map<std::string, double> revenue;
  for (const Outcome& o : outcomes)
    if (o.campaign == c.id) revenue[o.variant] += o.revenue;
  json variants = json::array();
  for (size_t i = 0; i < stats.size(); i++) {
    auto [lo, hi] = wilson_interval(stats[i].conversions, stats[i].users);
    variants.push_back({{"variant", stats[i].name}, {"delivered", stats[i].users}, {"successes", stats[i].conversions},
                        {"rate", stats[i].users ? json(static_cast<double>(stats[i].conversions) / static_cast<double>(stats[i].users)) : json(nullptr)},
                        {"interval", {lo, hi}}, {"revenue", std::round(revenue[stats[i].name] * 100) / 100},
                        {"chanceToBeBest", i < best.size() ? best[i] : 0.0}});
  }
  json out = {{"campaign", c.id}, {"metric", c.allocation.metric}, {"variants", variants},
              {"allocation", c.allocation.kind == AllocationKind::kBandit ? "bandit" : "experiment"}};
  json warnings = json::array();
  for (const std::string& v : unknown_variants(c, outcomes)) warnings.push_back(make_error("outcomes name variant '", v, "', which the campaign does not have").message);
  bool enough = true;
  for (const auto& s : stats) enough = enough && s.users > 0;
  if (!enough) {
    warnings.push_back(make_error("some variants have no delivered messages yet: no comparison").message);
    out["comparisons"] = json::array();
    out["srm"] = nullptr;
    out["warnings"] = warnings;
    return out;
  }
  experiment::AnalysisOptions o;
  o.metric = experiment::MetricType::Binomial;
  if (c.allocation.kind == AllocationKind::kExperiment) o.weights = allocation_weights(c, json::object());
  auto an = experiment::analyze(stats, o);
  if (!an) return an.error();
  json comps = json::array();
  for (const experiment::Comparison& cmp : an->comparisons)
    comps.push_back({{"variant", cmp.name}, {"against", an->control_name}, {"absoluteLift", cmp.absolute_lift},
                     {"relativeLift", opt(cmp.relative_lift)}, {"interval", interval_json(cmp.ci)},
                     {"pValue", opt(cmp.p_value)}, {"significant", cmp.significant},
                     {"chanceToBeatControl", opt(cmp.chance_to_win)}, {"warnings", cmp.warnings}});
  out["comparisons"] = comps;
  // A bandit moves traffic on purpose: a sample-ratio check against fixed weights means nothing.
  if (c.allocation.kind == AllocationKind::kExperiment)
    out["srm"] = {{"chiSquare", an->srm.chi_square}, {"pValue", an->srm.p_value}, {"mismatch", an->srm.mismatch},
                  {"expectedWeights", an->srm.expected_weights}};
  else
    out["srm"] = nullptr;
  for (const std::string& w : an->warnings) warnings.push_back(w);
  out["warnings"] = warnings;
  return out;
}

Result<json> update_state(const Campaign& c, const std::vector<Outcome>& outcomes, json state) {
  if (!state.is_object()) state = json::object();
  state["version"] = 1;
  if (!state.contains("campaigns") || !state["campaigns"].is_object()) state["campaigns"] = json::object();
  std::vector<double> previous = allocation_weights(c, state);
  std::vector<experiment::VariationStats> stats = variant_stats(c, outcomes);
  std::vector<double> weights = previous;
  if (c.allocation.kind == AllocationKind::kBandit) {
    experiment::BanditOptions bo;
    bo.algorithm = c.allocation.algorithm;
    bo.min_weight = c.allocation.min_weight;
    auto w = experiment::bandit_weights(stats, bo);
    if (!w) return w.error();
    weights = *w;
  }
  json arms = json::array();
  int64_t n = 0;
  for (const auto& s : stats) {
    arms.push_back({{"variant", s.name}, {"shown", s.users}, {"successes", s.conversions}});
    n += s.users;
  }
  state["campaigns"][c.id] = {{"allocation", c.allocation.kind == AllocationKind::kBandit ? "bandit" : "experiment"},
                              {"metric", c.allocation.metric}, {"arms", arms}, {"weights", weights},
                              {"previousWeights", previous}, {"delivered", n}};
  if (c.allocation.kind == AllocationKind::kBandit)
    state["campaigns"][c.id]["algorithm"] = experiment::bandit_algorithm_name(c.allocation.algorithm);
  return state;
}

json campaign_report(const Workspace& w, const Campaign* c) {
  std::map<std::string, const Campaign*> campaigns;
  for (const Campaign& x : w.campaigns) campaigns[x.id] = &x;
  // Segment membership of every customer, once.
  AnalysisOptions ao;
  ao.tz_offset_minutes = w.manifest.timezone_minutes;
  Analysis analysis = analyze_customers(w.store, ao);
  std::map<std::string, std::set<std::string>> segments_of;  // customer id -> segment ids
  for (const Segment& s : w.manifest.segments) {
    auto members = segment_members(w.store, analysis, s.condition);
    if (!members) continue;
    for (int32_t i : *members) segments_of[w.store.customers[static_cast<size_t>(i)].id].insert(s.id);
  }
  Tally total;
  std::map<std::string, Tally> by_partner, by_channel, by_segment, by_variant;
  for (const Outcome& o : w.outcomes) {
    if (c && o.campaign != c->id) continue;
    auto it = campaigns.find(o.campaign);
    const Campaign* oc = it == campaigns.end() ? nullptr : it->second;
    total.add(o);
    by_partner[oc ? (oc->partner.empty() ? "(brand)" : oc->partner) : "(unknown campaign)"].add(o);
    by_channel[oc ? oc->channel : "(unknown campaign)"].add(o);
    by_variant[c ? o.variant : o.campaign + "/" + o.variant].add(o);
    std::string customer = o.customer;
    if (customer.empty()) {
      size_t colon = o.message_id.find(':');
      if (colon != std::string::npos) customer = o.message_id.substr(colon + 1);
    }
    auto sit = w.store.customer_index.find(customer);
    std::string id = sit == w.store.customer_index.end() ? customer : w.store.customers[static_cast<size_t>(sit->second)].id;
    auto seg = segments_of.find(id);
    if (seg == segments_of.end() || seg->second.empty()) by_segment["(no segment)"].add(o);
    else for (const std::string& s : seg->second) by_segment[s].add(o);
  }
  auto group = [](const std::map<std::string, Tally>& m, const char* key) {
    json out = json::array();
    for (const auto& [name, t] : m) {
      json j = t.to_json();
      j[key] = name;
      out.push_back(j);
    }
    return out;
  };
  json report = {{"campaign", c ? json(c->id) : json(nullptr)}, {"total", total.to_json()},
                 {"byPartner", group(by_partner, "partner")}, {"byChannel", group(by_channel, "channel")},
                 {"bySegment", group(by_segment, "segment")}, {"byVariant", group(by_variant, "variant")}};
  if (c) {
    auto an = analyze_campaign(*c, w.outcomes);
    report["analysis"] = an ? *an : json{{"error", an.error().message}};
    report["weights"] = allocation_weights(*c, w.state);
  }
  return report;
}

}  // namespace plume::ecosystem
