// The distributions the experiment statistics are built on, from Boost.Math, configured so that
// they can never throw (the WASM engine has no exceptions) and compute in plain double (no
// long double promotion: x87 80-bit natively vs 128-bit software in WASM would both differ and
// be slow). Callers validate their arguments first; the errno policies are a second fence.
// Internal to src/experiment (not part of the public API).
#pragma once

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/policies/policy.hpp>
#include <boost/math/special_functions/gamma.hpp>

namespace plume::experiment::detail {

namespace bmp = boost::math::policies;
using Policy = bmp::policy<bmp::domain_error<bmp::errno_on_error>, bmp::pole_error<bmp::errno_on_error>,
                           bmp::overflow_error<bmp::errno_on_error>, bmp::underflow_error<bmp::ignore_error>,
                           bmp::evaluation_error<bmp::errno_on_error>, bmp::rounding_error<bmp::errno_on_error>,
                           bmp::indeterminate_result_error<bmp::errno_on_error>, bmp::promote_float<false>,
                           bmp::promote_double<false>>;

using Normal = boost::math::normal_distribution<double, Policy>;
using StudentsT = boost::math::students_t_distribution<double, Policy>;
using ChiSquared = boost::math::chi_squared_distribution<double, Policy>;
using Beta = boost::math::beta_distribution<double, Policy>;

inline double normal_cdf(double z) { return boost::math::cdf(Normal(0.0, 1.0), z); }
// 1 - Phi(z) without cancellation for large z.
inline double normal_sf(double z) { return boost::math::cdf(boost::math::complement(Normal(0.0, 1.0), z)); }
inline double normal_pdf(double z) { return boost::math::pdf(Normal(0.0, 1.0), z); }
// The exact quantile Phi^-1(p), 0 < p < 1 (1.959963984540054 for p = 0.975).
inline double normal_quantile(double p) { return boost::math::quantile(Normal(0.0, 1.0), p); }

inline double lgamma(double x) { return boost::math::lgamma(x, Policy()); }
inline double lbeta(double a, double b) { return lgamma(a) + lgamma(b) - lgamma(a + b); }

}  // namespace plume::experiment::detail
