// Sample size and minimum detectable effect (formulas in power.h and docs/experiments.md).
#include "experiment/power.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "experiment/stats_math.h"

namespace plume::experiment {

namespace {

std::string fmt(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

bool binomial(const PowerOptions& o) { return !o.stddev.has_value(); }

Status check(const PowerOptions& o) {
  if (!(o.alpha > 0.0 && o.alpha < 1.0)) return make_error("alpha is ", fmt(o.alpha), ": it must be between 0 and 1 (e.g. 0.05)");
  if (!(o.power >= 0.5 && o.power < 1.0)) return make_error("power is ", fmt(o.power), ": it must be at least 0.5 and below 1 (e.g. 0.8)");
  if (binomial(o)) {
    if (!(o.baseline > 0.0 && o.baseline < 1.0))
      return make_error("baseline is ", fmt(o.baseline), ": a conversion rate must be between 0 and 1 (e.g. 0.05 for 5 %)");
  } else {
    if (!std::isfinite(o.baseline)) return make_error("baseline must be a finite number");
    if (!(*o.stddev > 0.0 && std::isfinite(*o.stddev))) return make_error("stddev is ", fmt(*o.stddev), ": it must be positive");
  }
  return {};
}

// (z_{1-alpha/2} + z_power)^2
double z_factor(const PowerOptions& o) {
  const double z = detail::normal_quantile(1.0 - o.alpha / 2.0) + detail::normal_quantile(o.power);
  return z * z;
}

// Sum of the two groups' per-user variances when the treatment differs by delta.
double variance_sum(const PowerOptions& o, double delta) {
  if (!binomial(o)) return 2.0 * *o.stddev * *o.stddev;
  const double p = o.baseline, q = o.baseline + delta;
  return p * (1.0 - p) + q * (1.0 - q);
}

SampleSize describe(const PowerOptions& o, double delta, double users) {
  SampleSize s;
  s.users_per_variation = static_cast<int64_t>(std::ceil(users - 1e-9));  // 1e-9: no +1 from rounding noise
  s.mde_absolute = delta;
  s.mde_relative = o.baseline != 0.0 ? delta / o.baseline : 0.0;
  s.treatment = o.baseline + delta;
  return s;
}

}  // namespace

Result<SampleSize> sample_size(const PowerOptions& o, double mde, bool relative) {
  if (Status s = check(o); !s) return s.error();
  if (!std::isfinite(mde) || mde == 0.0) return make_error("mde is ", fmt(mde), ": it must be a non-zero lift");
  if (relative && o.baseline == 0.0) return make_error("a relative mde needs a non-zero baseline");
  const double delta = relative ? o.baseline * mde : mde;
  if (binomial(o) && !(o.baseline + delta > 0.0 && o.baseline + delta < 1.0))
    return make_error("baseline ", fmt(o.baseline), " with an mde of ", fmt(mde), relative ? " (relative)" : " (absolute)",
                      " gives a treatment rate of ", fmt(o.baseline + delta), ", which is not between 0 and 1");
  const double users = z_factor(o) * variance_sum(o, delta) / (delta * delta);
  if (!(users < 1e15)) return make_error("mde ", fmt(mde), " is too small to detect with any realistic traffic");
  return describe(o, delta, users);
}

Result<SampleSize> minimum_detectable_effect(const PowerOptions& o, double n) {
  if (Status s = check(o); !s) return s.error();
  if (!(n >= 2.0 && std::isfinite(n))) return make_error("users per variation is ", fmt(n), ": it must be at least 2");
  const double k = z_factor(o);
  if (!binomial(o)) return describe(o, std::sqrt(k * variance_sum(o, 0.0) / n), n);
  // Required users fall monotonically as the lift grows towards 1 - baseline: bisect.
  auto required = [&](double delta) { return k * variance_sum(o, delta) / (delta * delta); };
  double lo = 0.0, hi = 1.0 - o.baseline;
  if (required(hi) > n)
    return make_error(fmt(n), " users per variation cannot detect even a jump to a 100 % conversion rate; more traffic is needed");
  for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const double mid = 0.5 * (lo + hi);
    (required(mid) > n ? lo : hi) = mid;
  }
  SampleSize s = describe(o, hi, n);
  s.users_per_variation = static_cast<int64_t>(std::floor(n));
  return s;
}

}  // namespace plume::experiment
