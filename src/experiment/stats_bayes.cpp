// Bayesian building blocks: Beta posteriors (conversions) and the normal posterior of a
// difference (continuous metrics). Everything is exact or a deterministic numerical integral:
// no Monte Carlo, so the same data always gives the same chance to win.
#include <algorithm>
#include <cmath>

#include <boost/math/quadrature/gauss_kronrod.hpp>

#include "experiment/stats.h"
#include "experiment/stats_math.h"

namespace plume::experiment {

using namespace detail;

namespace {

// Evan Miller's closed form is a sum of this many terms at most; beyond it, integrate.
constexpr double kMaxClosedFormTerms = 20000;
// Each posterior is integrated between these quantiles: the mass left out is below 1e-14.
constexpr double kTail = 1e-15;

bool is_integer(double x) { return x == std::floor(x); }

// P(X > Y) for X ~ Beta(a1, b1), Y ~ Beta(a2, b2), a1 a positive integer (Evan Miller,
// "Formulas for Bayesian A/B Testing"): sum over i < a1 of
// B(a2 + i, b2 + b1) / ((b1 + i) B(1 + i, b1) B(a2, b2)). All terms are positive.
double closed_form_greater(double a1, double b1, double a2, double b2) {
  const double log_norm = lbeta(a2, b2);
  double total = 0.0;
  for (double i = 0; i < a1; i += 1.0)
    total += std::exp(lbeta(a2 + i, b2 + b1) - std::log(b1 + i) - lbeta(1.0 + i, b1) - log_norm);
  return total;
}

struct Window {
  double low, high;
};
Window central_window(const Beta& d) {
  return {boost::math::quantile(d, kTail), boost::math::quantile(boost::math::complement(d, kTail))};
}

// Integral over X's window of f_X(x) * prod_j F_j(x): P(X is above every Y_j).
double integrate_above(const Beta& x, const std::vector<Beta>& others) {
  const Window w = central_window(x);
  if (!(w.high > w.low)) return 0.0;
  auto integrand = [&](double t) {
    double v = boost::math::pdf(x, t);
    for (const Beta& y : others) v *= boost::math::cdf(y, t);
    return v;
  };
  using Quadrature = boost::math::quadrature::gauss_kronrod<double, 31, Policy>;
  return Quadrature::integrate(integrand, w.low, w.high, 12, 1e-10);
}

}  // namespace

double beta_prob_greater(double a1, double b1, double a2, double b2) {
  const bool closed1 = is_integer(a1) && a1 <= kMaxClosedFormTerms;
  const bool closed2 = is_integer(a2) && a2 <= kMaxClosedFormTerms;
  double p;
  if (closed1 && (!closed2 || a1 <= a2)) p = closed_form_greater(a1, b1, a2, b2);
  else if (closed2) p = 1.0 - closed_form_greater(a2, b2, a1, b1);  // P(X > Y) = 1 - P(Y > X)
  else p = integrate_above(Beta(a1, b1), {Beta(a2, b2)});
  return std::clamp(p, 0.0, 1.0);
}

double beta_expected_loss(double a1, double b1, double a2, double b2) {
  // E[max(Y - X, 0)] = E[Y 1(Y > X)] - E[X 1(Y > X)], and y f_Y(y) = E[Y] f_{Y+}(y) with
  // Y+ ~ Beta(a2 + 1, b2) (Stucchio's identity), so both parts are P(. > .) of Betas.
  const double mean_x = a1 / (a1 + b1), mean_y = a2 / (a2 + b2);
  const double loss = mean_y * beta_prob_greater(a2 + 1.0, b2, a1, b1) - mean_x * beta_prob_greater(a2, b2, a1 + 1.0, b1);
  return std::max(0.0, loss);
}

std::vector<double> beta_prob_best(const std::vector<double>& a, const std::vector<double>& b) {
  const size_t k = a.size();
  std::vector<double> p(k, 0.0);
  if (k == 0) return p;
  if (k == 1) return {1.0};
  std::vector<Beta> arms;
  for (size_t i = 0; i < k; i++) arms.emplace_back(a[i], b[i]);
  double total = 0.0;
  for (size_t i = 0; i < k; i++) {
    std::vector<Beta> others;
    for (size_t j = 0; j < k; j++)
      if (j != i) others.push_back(arms[j]);
    p[i] = std::max(0.0, integrate_above(arms[i], others));
    total += p[i];
  }
  // The integrals sum to 1 within ~1e-12; normalise so the weights are a distribution.
  for (double& x : p) x = total > 0.0 ? x / total : 1.0 / static_cast<double>(k);
  return p;
}

double normal_chance_to_win(double estimate, double se) { return normal_cdf(estimate / se); }

double normal_expected_loss(double estimate, double se) {
  // E[max(-D, 0)] for D ~ N(m, s^2) = s phi(m/s) - m Phi(-m/s).
  const double z = estimate / se;
  return std::max(0.0, se * normal_pdf(z) - estimate * normal_sf(z));
}

}  // namespace plume::experiment
