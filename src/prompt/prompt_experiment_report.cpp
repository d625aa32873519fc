// The experiment's report: per-variant metrics, reviewer approvals and the paired comparison of
// the leader with every other variant (prompt_experiment.h, prompt_experiment_stats.h).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "prompt/prompt_experiment.h"
#include "prompt/prompt_experiment_stats.h"
#include "prompt/text_diversity.h"

namespace plume::prompt {
namespace {

using nlohmann::json;

std::optional<double> metric_of(const CellMetrics& c, ExperimentMetric m) {
  switch (m) {
    case ExperimentMetric::kScore: return c.score;
    case ExperimentMetric::kPassRate: return c.pass_rate;
    case ExperimentMetric::kCoverage: return c.coverage;
    case ExperimentMetric::kMeanLogprob: return c.mean_logprob;
    case ExperimentMetric::kBleu: return c.bleu;
    case ExperimentMetric::kRougeL: return c.rouge_l;
  }
  return std::nullopt;
}

std::string fmt(double x, int digits = 3) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

json mean_or_null(const std::vector<CellMetrics>& cells, ExperimentMetric m) {
  double sum = 0;
  int n = 0;
  for (const CellMetrics& c : cells)
    if (auto v = metric_of(c, m)) sum += *v, n++;
  return n ? json(sum / n) : json(nullptr);
}

json approvals(const std::vector<ReviewDecision>& reviews, const std::string& variant) {
  int approve = 0, edit = 0, reject = 0;
  for (const ReviewDecision& d : reviews) {
    if (d.variant != variant) continue;
    if (d.action == ReviewAction::kApprove) approve++;
    else if (d.action == ReviewAction::kEdit) edit++;
    else reject++;
  }
  const int total = approve + edit + reject;
  if (total == 0) return nullptr;
  return json{{"decisions", total}, {"approved", approve}, {"edited", edit}, {"rejected", reject},
              {"approvalRate", static_cast<double>(approve) / total},
              {"usableRate", static_cast<double>(approve + edit) / total}};
}

}  // namespace

Result<json> prompt_experiment_report(const std::vector<ExperimentVariant>& variants,
                                      const std::vector<std::string>& languages,
                                      const std::vector<ExperimentProduct>& products,
                                      const std::vector<std::vector<std::vector<RankedCandidate>>>& ranked,
                                      const std::vector<ReviewDecision>& reviews, const ExperimentOptions& o) {
  if (variants.size() < 2) return make_error("an experiment needs at least two variants");
  if (ranked.size() != variants.size() || languages.size() != variants.size())
    return make_error("internal: one list of results per variant expected");
  const ExperimentMetric metric = o.metric;
  std::vector<std::vector<CellMetrics>> cells(variants.size());
  json out_variants = json::array();
  for (size_t v = 0; v < variants.size(); v++) {
    if (ranked[v].size() != products.size()) return make_error("internal: one result per product expected");
    std::vector<std::string> all_texts;
    json per_product = json::array();
    for (size_t p = 0; p < products.size(); p++) {
      auto c = cell_metrics(ranked[v][p], products[p], languages[v]);
      if (!c) return c.error();
      for (const RankedCandidate& r : ranked[v][p]) all_texts.push_back(r.text);
      json row = {{"product", products[p].id}, {"passRate", c->pass_rate}, {"coverage", c->coverage},
                  {"meanLogprob", c->mean_logprob}, {"score", c->score}, {"top", c->top_text}};
      if (c->bleu) row["bleu"] = *c->bleu;
      if (c->rouge_l) row["rougeL"] = *c->rouge_l;
      per_product.push_back(std::move(row));
      cells[v].push_back(std::move(*c));
    }
    auto d2 = metrics::distinct_n(all_texts, 2);
    if (!d2) return d2.error();
    json entry = {{"name", variants[v].name}, {"template", variants[v].template_name},
                  {"score", mean_or_null(cells[v], ExperimentMetric::kScore)},
                  {"passRate", mean_or_null(cells[v], ExperimentMetric::kPassRate)},
                  {"coverage", mean_or_null(cells[v], ExperimentMetric::kCoverage)},
                  {"meanLogprob", mean_or_null(cells[v], ExperimentMetric::kMeanLogprob)},
                  {"bleu", mean_or_null(cells[v], ExperimentMetric::kBleu)},
                  {"rougeL", mean_or_null(cells[v], ExperimentMetric::kRougeL)},
                  {"distinct2", d2->ratio},
                  {"reviews", approvals(reviews, variants[v].name)},
                  {"perProduct", per_product}};
    out_variants.push_back(std::move(entry));
  }

  json report = {{"metric", experiment_metric_name(metric)}, {"n", o.n}, {"seed", o.seed},
                 {"products", products.size()}, {"alpha", o.alpha}, {"variants", out_variants}};
  // The leader: the highest mean of the chosen metric (ties: the earlier variant).
  int leader = -1;
  double best = 0;
  for (size_t v = 0; v < variants.size(); v++) {
    const json& m = out_variants[v][experiment_metric_name(metric)];
    if (m.is_null()) continue;
    if (leader < 0 || m.get<double>() > best) leader = static_cast<int>(v), best = m.get<double>();
  }
  if (leader < 0) {
    report["winner"] = nullptr;
    report["comparisons"] = json::array();
    report["verdict"] = {{"en", std::string("No clear winner: no product has a value for ") + experiment_metric_name(metric) +
                                    " (BLEU and ROUGE-L need reference texts)."},
                         {"zh", std::string("没有明确的胜出者：没有任何商品有 ") + experiment_metric_name(metric) +
                                    " 的数值（BLEU 和 ROUGE-L 需要参考文本）。"}};
    return report;
  }
  std::vector<SignedRank> tests;
  std::vector<Interval> intervals;
  std::vector<double> mean_diffs, raw_p;
  std::vector<size_t> others;
  for (size_t v = 0; v < variants.size(); v++) {
    if (static_cast<int>(v) == leader) continue;
    std::vector<double> diffs;
    for (size_t p = 0; p < products.size(); p++) {
      auto a = metric_of(cells[leader][p], metric), b = metric_of(cells[v][p], metric);
      if (a && b) diffs.push_back(*a - *b);
    }
    double mean = 0;
    for (double d : diffs) mean += d;
    mean = diffs.empty() ? 0 : mean / static_cast<double>(diffs.size());
    others.push_back(v);
    tests.push_back(wilcoxon_signed_rank(diffs));
    intervals.push_back(bootstrap_mean_interval(diffs, o.bootstrap, o.seed + v));
    mean_diffs.push_back(mean);
    raw_p.push_back(tests.back().p_value);
  }
  const std::vector<double> holm = holm_adjust(raw_p);
  json comparisons = json::array();
  bool all_significant = true;
  double min_possible = 1;
  int pairs = 0;
  for (size_t k = 0; k < others.size(); k++) {
    const bool significant = holm[k] < o.alpha && intervals[k].low > 0;
    all_significant = all_significant && significant;
    min_possible = std::min(min_possible, tests[k].min_p_value);
    pairs = std::max(pairs, tests[k].n);
    comparisons.push_back({{"leader", variants[leader].name}, {"other", variants[others[k]].name},
                           {"meanDifference", mean_diffs[k]},
                           {"interval", {{"low", intervals[k].low}, {"high", intervals[k].high}, {"level", 0.95}}},
                           {"wilcoxon", {{"n", tests[k].n}, {"wPlus", tests[k].w_plus}, {"wMinus", tests[k].w_minus},
                                         {"p", tests[k].p_value}, {"pHolm", holm[k]}, {"minP", tests[k].min_p_value}}},
                           {"significant", significant}});
  }
  report["comparisons"] = comparisons;
  const std::string name = variants[leader].name, m = experiment_metric_name(metric);
  if (all_significant) {
    report["winner"] = name;
    double largest = 0;
    for (double p : holm) largest = std::max(largest, p);
    const std::string worst_p = fmt(largest, 4);
    report["verdict"] = {{"en", "Winner: " + name + " (higher " + m + " on the same products; Wilcoxon signed-rank p <= " +
                                    worst_p + " after Holm, and the 95% bootstrap interval of the difference is above 0)."},
                         {"zh", "胜出：" + name + "（在相同商品上 " + m + " 更高；Wilcoxon 符号秩检验经 Holm 校正 p <= " + worst_p +
                                    "，差值的 95% 自助法区间大于 0）。"}};
  } else {
    std::string why_en = name + " leads on " + m + " (mean " + fmt(best) + "), but the difference is not significant";
    std::string why_zh = name + " 的 " + m + " 领先（均值 " + fmt(best) + "），但差异不显著";
    if (min_possible >= o.alpha) {
      why_en += ": with " + std::to_string(pairs) + " products that differ, the smallest possible p-value is " +
                fmt(min_possible, 4) + ", so more products are needed";
      why_zh += "：只有 " + std::to_string(pairs) + " 个商品有差异，最小可能的 p 值为 " + fmt(min_possible, 4) + "，需要更多商品";
    }
    report["winner"] = nullptr;
    report["verdict"] = {{"en", "No clear winner: " + why_en + "."}, {"zh", "没有明确的胜出者：" + why_zh + "。"}};
  }
  return report;
}

}  // namespace plume::prompt
