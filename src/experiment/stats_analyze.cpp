// analyze(): validates the aggregates, runs the SRM check, then compares each variation with the
// control (frequentist, sequential, Bayesian, CUPED) and corrects for multiple comparisons.
#include <cmath>
#include <cstdio>
#include <string>

#include "experiment/stats.h"

namespace plume::experiment {

namespace {

std::string fmt(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

std::string label(const VariationStats& v, size_t index) {
  return v.name.empty() ? "variation " + std::to_string(index) : "variation '" + v.name + "'";
}

// Per-user moments of a variation, after checking its aggregates make sense.
Result<Moments> moments_of(const VariationStats& v, size_t index, const AnalysisOptions& o) {
  const std::string who = label(v, index);
  const double n = static_cast<double>(v.users);
  if (v.users <= 0) return make_error(who, " has ", v.users, " users: every variation needs exposed users to be analysed");
  if (o.metric == MetricType::Binomial) {
    if (v.conversions < 0) return make_error(who, " has ", v.conversions, " conversions: counts cannot be negative");
    if (v.conversions > v.users)
      return make_error(who, " has ", v.conversions, " conversions but only ", v.users,
                        " users: a binomial metric counts each user at most once");
    const double p = static_cast<double>(v.conversions) / n;
    return Moments{n, p, p * (1.0 - p)};
  }
  if (v.users < 2) return make_error(who, " has 1 user: a continuous metric needs at least 2 users per variation for a variance");
  if (!std::isfinite(v.sum) || !std::isfinite(v.sum_squares))
    return make_error(who, ": sum and sum_squares must be finite numbers");
  if (v.sum < 0.0 && !o.allow_negative)
    return make_error(who, " has a negative sum (", fmt(v.sum), "): revenue cannot be negative; "
                      "for a metric that can (e.g. profit) set allow_negative");
  if (v.sum_squares < 0.0) return make_error(who, " has a negative sum_squares (", fmt(v.sum_squares), ")");
  const double mean = v.sum / n;
  if (!std::isfinite(v.sum * mean))
    return make_error(who, ": sum (", fmt(v.sum), ") is too large to square in double precision; rescale the metric");
  const double centered = v.sum_squares - v.sum * mean;  // sum of squared deviations
  // Rounding in the caller's sums can leave a tiny negative; anything more is inconsistent data.
  if (centered < -1e-9 * std::max(1.0, v.sum_squares))
    return make_error(who, ": sum_squares (", fmt(v.sum_squares), ") is smaller than sum^2/users (",
                      fmt(v.sum * mean), "), which would mean a negative variance; check how the sums were computed");
  return Moments{n, mean, std::max(0.0, centered) / (n - 1.0)};
}

Status check_options(const std::vector<VariationStats>& vs, const AnalysisOptions& o) {
  if (vs.size() < 2)
    return make_error("an analysis needs a control and at least one variation; got ", vs.size(), " variation",
                      vs.size() == 1 ? "" : "s");
  if (!(o.alpha > 0.0 && o.alpha < 1.0)) return make_error("alpha is ", fmt(o.alpha), ": it must be between 0 and 1 (e.g. 0.05)");
  if (!o.weights.empty()) {
    if (o.weights.size() != vs.size())
      return make_error("weights has ", o.weights.size(), " entries for ", vs.size(), " variations");
    double sum = 0.0;
    for (double w : o.weights) {
      if (!(w > 0.0 && w <= 1.0)) return make_error("weights: ", fmt(w), " is not a share in (0, 1]");
      sum += w;
    }
    if (std::fabs(sum - 1.0) > 1e-6) return make_error("weights sum to ", fmt(sum), "; they must sum to 1 (e.g. [0.5, 0.5])");
  }
  if (o.sequential && !(o.sequential_tuning > 0.0 && std::isfinite(o.sequential_tuning)))
    return make_error("sequential_tuning is ", fmt(o.sequential_tuning), ": it must be a positive number of users (default 5000)");
  if (!o.cuped.empty() && o.cuped.size() != vs.size())
    return make_error("cuped has ", o.cuped.size(), " covariate entries for ", vs.size(), " variations");
  for (const CovariateStats& c : o.cuped)
    if (!std::isfinite(c.sum) || !std::isfinite(c.sum_squares) || !std::isfinite(c.sum_products) || c.sum_squares < 0.0)
      return make_error("cuped: covariate sums must be finite, with sum_squares >= 0");
  return {};
}

// CUPED for one comparison: theta = Cov(x, y) / Var(x) over both groups together, each mean
// becomes mean_y - theta (mean_x - pooled mean_x), each per-user variance
// Var(y) + theta^2 Var(x) - 2 theta Cov(x, y). Both adjusted groups then go through the same test.
Result<std::pair<Moments, Moments>> cuped_adjust(const VariationStats& va, const CovariateStats& xa,
                                                  const VariationStats& vb, const CovariateStats& xb, MetricType metric) {
  auto y_sums = [&](const VariationStats& v) {
    // A binomial metric is y in {0, 1}: sum y = sum y^2 = conversions.
    if (metric == MetricType::Binomial) return std::pair<double, double>(double(v.conversions), double(v.conversions));
    return std::pair<double, double>(v.sum, v.sum_squares);
  };
  const double na = double(va.users), nb = double(vb.users), n = na + nb;
  if (na < 2 || nb < 2) return make_error("CUPED needs at least 2 users per variation");
  const auto [ya, yya] = y_sums(va);
  const auto [yb, yyb] = y_sums(vb);
  const double sx = xa.sum + xb.sum, sy = ya + yb;
  const double var_x = (xa.sum_squares + xb.sum_squares - sx * sx / n) / (n - 1.0);
  const double cov_xy = (xa.sum_products + xb.sum_products - sx * sy / n) / (n - 1.0);
  if (!(var_x > 1e-300)) return make_error("cuped: the pre-period covariate has no variance; run without CUPED");
  const double theta = cov_xy / var_x;
  const double mean_x = sx / n;
  auto adjust = [&](double ng, double y, double yy, const CovariateStats& x) {
    const double vy = (yy - y * y / ng) / (ng - 1.0);
    const double vx = (x.sum_squares - x.sum * x.sum / ng) / (ng - 1.0);
    const double cxy = (x.sum_products - x.sum * y / ng) / (ng - 1.0);
    const double variance = std::max(0.0, vy + theta * theta * vx - 2.0 * theta * cxy);
    return Moments{ng, y / ng - theta * (x.sum / ng - mean_x), variance};
  };
  return std::pair<Moments, Moments>{adjust(na, ya, yya, xa), adjust(nb, yb, yyb, xb)};
}

bool finite(const std::optional<double>& x) { return !x || std::isfinite(*x); }
bool finite(const std::optional<Interval>& x) { return !x || (std::isfinite(x->low) && std::isfinite(x->high)); }

}  // namespace

Result<Analysis> analyze(const std::vector<VariationStats>& vs, const AnalysisOptions& o) {
  if (Status s = check_options(vs, o); !s) return s.error();
  std::vector<Moments> m;
  for (size_t i = 0; i < vs.size(); i++) {
    auto mi = moments_of(vs[i], i, o);
    if (!mi) return mi.error();
    m.push_back(*mi);
  }

  Analysis r;
  r.metric = o.metric;
  r.alpha = o.alpha;
  r.cuped = !o.cuped.empty();
  r.control_name = vs[0].name;
  r.control_users = vs[0].users;
  r.control_mean = m[0].mean;

  std::vector<double> weights = o.weights;
  if (weights.empty()) weights.assign(vs.size(), 1.0 / static_cast<double>(vs.size()));
  std::vector<int64_t> users;
  for (const auto& v : vs) users.push_back(v.users);
  auto srm = srm_test(users, weights);
  if (!srm) return srm.error();
  r.srm = *srm;
  if (r.srm.mismatch)
    r.warnings.push_back("sample ratio mismatch: the users per variation differ from the intended split (chi-square p = " +
                         fmt(r.srm.p_value) + " < 0.001). Assignment or tracking is broken; do not trust the results "
                         "below until it is fixed");

  const bool welch = o.metric == MetricType::Continuous;
  const bool beta_posteriors = o.metric == MetricType::Binomial && !r.cuped;
  r.frequentist_method = welch ? "Welch t test (Welch-Satterthwaite df), unpooled standard error"
                               : "Wald z test, unpooled standard error, exact normal quantile";
  r.relative_method = "delta method (GrowthBook)";
  r.bayesian_method = beta_posteriors ? "Beta(1+conversions, 1+users-conversions) posteriors, exact"
                                      : "normal posterior of the difference, flat prior";
  if (o.sequential) {
    r.sequential_method = "asymptotic confidence sequence (Waudby-Smith et al. 2023, as GrowthBook), always-valid";
    r.sequential_tuning = o.sequential_tuning;
  }
  if (o.correction != Correction::None)
    r.correction_method = o.correction == Correction::Holm ? "Holm" : "Benjamini-Hochberg";

  for (size_t i = 1; i < vs.size(); i++) {
    Comparison c;
    c.name = vs[i].name;
    c.users = vs[i].users;
    c.mean = m[i].mean;
    Moments a = m[0], b = m[i];
    if (r.cuped) {
      auto adjusted = cuped_adjust(vs[0], o.cuped[0], vs[i], o.cuped[i], o.metric);
      if (!adjusted) return adjusted.error();
      a = adjusted->first;
      b = adjusted->second;
    }
    c.absolute_lift = b.mean - a.mean;
    const double se = std::sqrt(a.variance / a.n + b.variance / b.n);
    if (a.mean != 0.0) c.relative_lift = c.absolute_lift / a.mean;
    else c.warnings.push_back("the control's mean is 0, so a relative lift is undefined");

    if (se > 0.0) {
      DifferenceTest t = difference_test(a, b, o.alpha, welch);
      c.standard_error = t.standard_error;
      if (welch) c.degrees_of_freedom = t.degrees_of_freedom;
      c.p_value = t.p_value;
      c.ci = t.ci;
      c.relative_ci = t.relative_ci;
      if (o.sequential) {
        const double n_total = a.n + b.n;
        SequentialInterval s = confidence_sequence(t.difference, t.standard_error, n_total, o.alpha, o.sequential_tuning);
        c.p_value = s.p_value;
        c.ci = Interval{t.difference - s.half_width, t.difference + s.half_width};
        if (t.relative && t.relative_standard_error && *t.relative_standard_error > 0.0) {
          SequentialInterval sr = confidence_sequence(*t.relative, *t.relative_standard_error, n_total, o.alpha, o.sequential_tuning);
          c.relative_ci = Interval{*t.relative - sr.half_width, *t.relative + sr.half_width};
        }
      }
    } else {
      c.warnings.push_back("every user in both groups has the same value (e.g. no conversions yet): "
                           "no p-value or confidence interval until the data varies");
    }

    if (beta_posteriors) {
      const double aa = 1.0 + double(vs[0].conversions), ba = 1.0 + double(vs[0].users - vs[0].conversions);
      const double ab = 1.0 + double(vs[i].conversions), bb = 1.0 + double(vs[i].users - vs[i].conversions);
      c.chance_to_win = beta_prob_greater(ab, bb, aa, ba);
      c.expected_loss = beta_expected_loss(ab, bb, aa, ba);
    } else if (se > 0.0) {
      c.chance_to_win = normal_chance_to_win(c.absolute_lift, se);
      c.expected_loss = normal_expected_loss(c.absolute_lift, se);
    }
    r.comparisons.push_back(std::move(c));
  }

  // Multiple comparisons across the variations that have a p-value.
  std::vector<double> ps;
  for (const Comparison& c : r.comparisons)
    if (c.p_value) ps.push_back(*c.p_value);
  std::vector<double> adjusted = adjust_p_values(ps, o.correction);
  size_t k = 0;
  for (Comparison& c : r.comparisons) {
    if (!c.p_value) continue;
    if (o.correction != Correction::None) c.p_value_adjusted = adjusted[k];
    c.significant = adjusted[k] < o.alpha;
    k++;
  }

  for (const Comparison& c : r.comparisons)
    if (!std::isfinite(c.absolute_lift) || !finite(c.relative_lift) || !finite(c.standard_error) || !finite(c.ci) ||
        !finite(c.relative_ci) || !finite(c.p_value) || !finite(c.chance_to_win) || !finite(c.expected_loss))
      return make_error("variation '", c.name, "': the numbers are too large to analyse in double precision");
  return r;
}

Result<std::vector<SegmentAnalysis>> analyze_segments(const std::vector<SegmentInput>& segments,
                                                      const AnalysisOptions& options) {
  std::vector<SegmentAnalysis> out;
  for (const SegmentInput& s : segments) {
    AnalysisOptions o = options;
    o.cuped = s.cuped;
    auto a = analyze(s.variations, o);
    if (!a) return make_error("segment '", s.segment, "': ", a.error().message);
    out.push_back({s.segment, std::move(*a)});
  }
  return out;
}

}  // namespace plume::experiment
