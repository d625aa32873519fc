// Frequentist building blocks: the z / Welch difference test with the delta method, the
// always-valid confidence sequence, the sample-ratio-mismatch test, and p-value corrections.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "experiment/stats.h"
#include "experiment/stats_math.h"

namespace plume::experiment {

using namespace detail;

double welch_df(const Moments& a, const Moments& b) {
  const double va = a.variance / a.n, vb = b.variance / b.n;
  const double denominator = va * va / (a.n - 1.0) + vb * vb / (b.n - 1.0);
  if (!(denominator > 0.0)) return std::numeric_limits<double>::infinity();
  return (va + vb) * (va + vb) / denominator;
}

DifferenceTest difference_test(const Moments& a, const Moments& b, double alpha, bool welch) {
  DifferenceTest r;
  r.difference = b.mean - a.mean;
  r.standard_error = std::sqrt(a.variance / a.n + b.variance / b.n);
  r.degrees_of_freedom = welch ? welch_df(a, b) : std::numeric_limits<double>::infinity();
  const double statistic = std::fabs(r.difference) / r.standard_error;
  // Quantile and tail of the reference distribution: N(0,1), or Student's t with Welch's df
  // (which becomes the normal as df grows: Boost handles any df > 0, infinite df is the z test).
  double critical, tail;
  if (std::isinf(r.degrees_of_freedom)) {
    critical = normal_quantile(1.0 - alpha / 2.0);
    tail = normal_sf(statistic);
  } else {
    StudentsT t(r.degrees_of_freedom);
    critical = boost::math::quantile(boost::math::complement(t, alpha / 2.0));
    tail = boost::math::cdf(boost::math::complement(t, statistic));
  }
  r.p_value = std::min(1.0, 2.0 * tail);
  r.ci = {r.difference - critical * r.standard_error, r.difference + critical * r.standard_error};

  if (a.mean != 0.0) {
    // Delta method for (b - a) / a with independent groups (GrowthBook's relative variance):
    // Var = Var_b / (a^2 n_b) + Var_a b^2 / (a^4 n_a).
    const double a2 = a.mean * a.mean;
    const double rel_var = b.variance / (a2 * b.n) + a.variance * b.mean * b.mean / (a2 * a2 * a.n);
    r.relative = r.difference / a.mean;
    r.relative_standard_error = std::sqrt(rel_var);
    r.relative_ci = Interval{*r.relative - critical * *r.relative_standard_error,
                             *r.relative + critical * *r.relative_standard_error};
  }
  return r;
}

SequentialInterval confidence_sequence(double estimate, double se, double n_total, double alpha, double tuning) {
  // Mixing parameter rho for tuning N (eq. 161, two-sided): the sequence is tightest near N.
  const double log_alpha = std::log(alpha);
  const double rho2 = (-2.0 * log_alpha + std::log(-2.0 * log_alpha + 1.0)) / tuning;
  const double n = n_total;
  const double s2 = se * se * n;  // per-observation variance analogue
  const double t = n * rho2 + 1.0;
  SequentialInterval r;
  r.half_width = std::sqrt(s2) * std::sqrt(2.0 * t / (n * n * rho2) * std::log(std::sqrt(t) / alpha));
  // e-value of the normal mixture; p = min(1, 1/e), computed in logs so it cannot overflow.
  const double z2 = (estimate / se) * (estimate / se);
  const double log_e = rho2 * z2 * n / (2.0 * t) - 0.5 * std::log(t);
  r.p_value = log_e <= 0.0 ? 1.0 : std::exp(-log_e);
  return r;
}

Result<SrmResult> srm_test(const std::vector<int64_t>& users, const std::vector<double>& weights) {
  if (users.size() < 2) return make_error("the sample-ratio check needs at least 2 variations");
  if (weights.size() != users.size())
    return make_error("weights: ", weights.size(), " weights for ", users.size(), " variations");
  double total = 0.0;
  for (int64_t u : users) total += static_cast<double>(u);
  SrmResult r;
  r.expected_weights = weights;
  r.degrees_of_freedom = static_cast<int>(users.size()) - 1;
  if (total <= 0.0) return r;  // nothing observed: no evidence of a mismatch
  for (size_t i = 0; i < users.size(); i++) {
    const double expected = total * weights[i];
    const double d = static_cast<double>(users[i]) - expected;
    r.chi_square += d * d / expected;
  }
  r.p_value = boost::math::cdf(boost::math::complement(ChiSquared(r.degrees_of_freedom), r.chi_square));
  r.mismatch = r.p_value < kSrmThreshold;
  return r;
}

std::vector<double> adjust_p_values(const std::vector<double>& p, Correction correction) {
  const size_t m = p.size();
  if (correction == Correction::None || m == 0) return p;
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t i, size_t j) { return p[i] < p[j]; });
  std::vector<double> adjusted(m);
  if (correction == Correction::Holm) {
    // Step-down: the k-th smallest (k = 0..m-1) is multiplied by m - k, kept monotone upwards.
    double running = 0.0;
    for (size_t k = 0; k < m; k++) {
      running = std::max(running, std::min(1.0, static_cast<double>(m - k) * p[order[k]]));
      adjusted[order[k]] = running;
    }
  } else {
    // Benjamini-Hochberg step-up: the k-th smallest (1-based) times m / k, monotone from the top.
    double running = 1.0;
    for (size_t k = m; k-- > 0;) {
      running = std::min(running, std::min(1.0, p[order[k]] * static_cast<double>(m) / static_cast<double>(k + 1)));
      adjusted[order[k]] = running;
    }
  }
  return adjusted;
}

const char* metric_name(MetricType m) { return m == MetricType::Binomial ? "binomial" : "continuous"; }

const char* correction_name(Correction c) {
  switch (c) {
    case Correction::Holm: return "holm";
    case Correction::BenjaminiHochberg: return "bh";
    default: return "none";
  }
}

}  // namespace plume::experiment
