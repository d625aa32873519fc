#!/usr/bin/env python3
"""Independent reference values for Plume's experiment statistics (src/experiment/stats*.cpp),
computed with scipy (Debian's python3-scipy) -- distributions, quadrature, root finding and
scipy's own Welch t-test and chi-square test -- never with Plume's code or output.

    /usr/bin/python3 tests/reference/experiment_stats_reference.py build/experiment_stats_reference.json

tests/unit/test_experiment_stats.cpp reads the JSON (and skips with a warning when it is absent).
"""
import json
import math
import sys

import numpy as np
from scipy import integrate, optimize, stats


def beta_window(a, b, tail=1e-15):
    d = stats.beta(a, b)
    return d.ppf(tail), d.isf(tail)


def beta_greater(a1, b1, a2, b2):
    """P(X > Y), X ~ Beta(a1, b1), Y ~ Beta(a2, b2): integral of f_X * F_Y over X's support."""
    lo, hi = beta_window(a1, b1)
    f = lambda x: stats.beta.pdf(x, a1, b1) * stats.beta.cdf(x, a2, b2)
    mode = min(max((a1 - 1) / (a1 + b1 - 2), lo), hi) if a1 + b1 > 2 else 0.5
    v, _ = integrate.quad(f, lo, hi, points=[mode], epsabs=1e-14, epsrel=1e-12, limit=500)
    return v


def beta_loss(a1, b1, a2, b2):
    """E[max(Y - X, 0)] as a double integral: int f_Y(y) int_{x<y} (y - x) f_X(x) dx dy."""
    lo, hi = beta_window(a2, b2)
    xlo, xhi = beta_window(a1, b1)

    def inner(y):
        top = min(y, xhi)
        if top <= xlo:
            return 0.0
        v, _ = integrate.quad(lambda x: (y - x) * stats.beta.pdf(x, a1, b1), xlo, top, epsabs=1e-15, epsrel=1e-11, limit=200)
        return v

    v, _ = integrate.quad(lambda y: stats.beta.pdf(y, a2, b2) * inner(y), lo, hi, epsabs=1e-15, epsrel=1e-10, limit=200)
    return v


def beta_best(alphas, betas):
    out = []
    for k in range(len(alphas)):
        lo, hi = beta_window(alphas[k], betas[k])

        def f(x, k=k):
            v = stats.beta.pdf(x, alphas[k], betas[k])
            for j in range(len(alphas)):
                if j != k:
                    v *= stats.beta.cdf(x, alphas[j], betas[j])
            return v

        v, _ = integrate.quad(f, lo, hi, epsabs=1e-14, epsrel=1e-11, limit=500)
        out.append(v)
    return out


def z_case(na, ca, nb, cb, alpha):
    pa, pb = ca / na, cb / nb
    se = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    d = pb - pa
    q = stats.norm.ppf(1 - alpha / 2)
    rel = d / pa
    rel_se = math.sqrt(pb * (1 - pb) / (pa**2 * nb) + pa * (1 - pa) * pb**2 / (pa**4 * na))
    aa, ba, ab, bb = 1 + ca, 1 + na - ca, 1 + cb, 1 + nb - cb
    return {
        "control": {"users": na, "conversions": ca}, "variation": {"users": nb, "conversions": cb}, "alpha": alpha,
        "absolute_lift": d, "standard_error": se, "p_value": 2 * stats.norm.sf(abs(d) / se),
        "ci_low": d - q * se, "ci_high": d + q * se, "relative_lift": rel,
        "relative_ci_low": rel - q * rel_se, "relative_ci_high": rel + q * rel_se,
        "chance_to_win": beta_greater(ab, bb, aa, ba), "expected_loss": beta_loss(ab, bb, aa, ba),
    }


def welch_case(na, mean_a, sd_a, nb, mean_b, sd_b, alpha):
    # Aggregates as Plume receives them: sum and sum of squares of per-user values.
    sa, sb = mean_a * na, mean_b * nb
    ssa = sd_a**2 * (na - 1) + sa * sa / na
    ssb = sd_b**2 * (nb - 1) + sb * sb / nb
    t, p = stats.ttest_ind_from_stats(mean_b, sd_b, nb, mean_a, sd_a, na, equal_var=False)
    va, vb = sd_a**2 / na, sd_b**2 / nb
    df = (va + vb) ** 2 / (va**2 / (na - 1) + vb**2 / (nb - 1))
    se = math.sqrt(va + vb)
    d = mean_b - mean_a
    q = stats.t.ppf(1 - alpha / 2, df)
    rel = d / mean_a
    rel_se = math.sqrt(sd_b**2 / (mean_a**2 * nb) + sd_a**2 * mean_b**2 / (mean_a**4 * na))
    lossf = lambda x: -x * stats.norm.pdf(x, d, se)
    loss, _ = integrate.quad(lossf, d - 40 * se, min(0.0, d + 40 * se), epsabs=1e-16, epsrel=1e-12) if d - 40 * se < 0 else (0.0, 0)
    return {
        "control": {"users": na, "sum": sa, "sum_squares": ssa}, "variation": {"users": nb, "sum": sb, "sum_squares": ssb},
        "alpha": alpha, "absolute_lift": d, "standard_error": se, "t": t, "p_value": p, "degrees_of_freedom": df,
        "ci_low": d - q * se, "ci_high": d + q * se, "relative_lift": rel,
        "relative_ci_low": rel - q * rel_se, "relative_ci_high": rel + q * rel_se,
        "chance_to_win": stats.norm.sf(0, d, se), "expected_loss": loss,
    }


def srm_case(users, weights):
    total = sum(users)
    chi2, p = stats.chisquare(users, [total * w for w in weights])
    return {"users": users, "weights": weights, "chi_square": chi2, "p_value": p}


def holm(p):
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    out, running = [0.0] * m, 0.0
    for k, i in enumerate(order):
        running = max(running, min(1.0, (m - k) * p[i]))
        out[i] = running
    return out


def bh(p):
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    out, running = [0.0] * m, 1.0
    for k in range(m - 1, -1, -1):
        i = order[k]
        running = min(running, min(1.0, p[i] * m / (k + 1)))
        out[i] = running
    return out


def power_case(baseline, mde, relative, alpha, power):
    delta = baseline * mde if relative else mde
    p2 = baseline + delta
    var = baseline * (1 - baseline) + p2 * (1 - p2)
    za, zb = stats.norm.ppf(1 - alpha / 2), stats.norm.ppf(power)
    n = math.ceil((za + zb) ** 2 * var / delta**2 - 1e-9)
    achieved = stats.norm.cdf(abs(delta) / math.sqrt(var / n) - za)  # one tail, as the formula
    return {"baseline": baseline, "mde": mde, "relative": relative, "alpha": alpha, "power": power,
            "users_per_variation": n, "achieved_power": achieved}


def mde_case(baseline, users, alpha, power):
    za, zb = stats.norm.ppf(1 - alpha / 2), stats.norm.ppf(power)
    f = lambda d: abs(d) / math.sqrt((baseline * (1 - baseline) + (baseline + d) * (1 - baseline - d)) / users) - (za + zb)
    d = optimize.brentq(f, 1e-12, 1 - baseline - 1e-12, xtol=1e-15, rtol=1e-14)
    return {"baseline": baseline, "users": users, "alpha": alpha, "power": power, "mde_absolute": d}


def cuped_case(seed, n_a, n_b, effect):
    rng = np.random.default_rng(seed)
    xa, xb = rng.gamma(2.0, 10.0, n_a), rng.gamma(2.0, 10.0, n_b)
    ya = 0.8 * xa + rng.normal(5.0, 6.0, n_a)
    yb = 0.8 * xb + rng.normal(5.0 + effect, 6.0, n_b)
    x, y = np.concatenate([xa, xb]), np.concatenate([ya, yb])
    theta = np.cov(x, y, ddof=1)[0, 1] / np.var(x, ddof=1)
    adj_a, adj_b = ya - theta * (xa - x.mean()), yb - theta * (xb - x.mean())
    t, p = stats.ttest_ind(adj_b, adj_a, equal_var=False)
    agg = lambda x, y: {"users": len(y), "sum": float(y.sum()), "sum_squares": float((y * y).sum()),
                        "pre": {"sum": float(x.sum()), "sum_squares": float((x * x).sum()), "sum_products": float((x * y).sum())}}
    return {"control": agg(xa, ya), "variation": agg(xb, yb), "theta": theta,
            "absolute_lift": float(adj_b.mean() - adj_a.mean()), "p_value": float(p),
            "standard_error": float(math.sqrt(adj_a.var(ddof=1) / n_a + adj_b.var(ddof=1) / n_b)),
            "unadjusted_standard_error": float(math.sqrt(ya.var(ddof=1) / n_a + yb.var(ddof=1) / n_b))}


def sequential_case(d, se, n, alpha, tuning):
    # Waudby-Smith et al. 2023 eq. 9 and 155 with eq. 161's rho, written out from the paper.
    rho2 = (-2 * math.log(alpha) + math.log(-2 * math.log(alpha) + 1)) / tuning
    s2 = se * se * n
    half = math.sqrt(s2) * math.sqrt(2 * (n * rho2 + 1) / (n * n * rho2) * math.log(math.sqrt(n * rho2 + 1) / alpha))
    z2n = (d / se) ** 2 * n
    e = math.exp(rho2 * z2n / (2 * (n * rho2 + 1))) / math.sqrt(n * rho2 + 1)
    return {"estimate": d, "standard_error": se, "n": n, "alpha": alpha, "tuning": tuning,
            "half_width": half, "p_value": min(1.0, 1 / e)}


def main():
    out = {
        "generator": "tests/reference/experiment_stats_reference.py (scipy %s, numpy %s)" % (
            __import__("scipy").__version__, np.__version__),
        "normal_quantile_975": stats.norm.ppf(0.975),
        "z_tests": [z_case(*c) for c in [
            (10000, 500, 10000, 560, 0.05), (1000, 100, 1100, 130, 0.1), (200, 3, 180, 9, 0.05),
            (50000, 2500, 50500, 2400, 0.01), (80, 40, 90, 60, 0.05)]],
        # Large counts: Plume integrates numerically beyond 20000 conversions.
        "beta_large": [{"a1": 1 + 30500, "b1": 1 + 600000 - 30500, "a2": 1 + 30000, "b2": 1 + 600000 - 30000,
                        "greater": beta_greater(30501, 569501, 30001, 570001)}],
        "welch_tests": [welch_case(*c) for c in [
            (1000, 25.0, 40.0, 1000, 27.5, 45.0, 0.05), (30, 10.0, 3.0, 12, 12.0, 8.0, 0.05),
            (5000, 80.0, 120.0, 4800, 78.0, 100.0, 0.1), (15, 1.0, 0.5, 40, 1.2, 0.4, 0.01)]],
        "srm": [srm_case(*c) for c in [([5000, 5100], [0.5, 0.5]), ([10000, 10500, 9700], [1 / 3] * 3),
                                         ([8000, 2200], [0.8, 0.2]), ([1000, 1300], [0.5, 0.5])]],
        "corrections": [{"p_values": p, "holm": holm(p), "bh": bh(p)} for p in [
            [0.01, 0.04, 0.03, 0.005], [0.2, 0.001, 0.04], [0.5]]],
        "power": [power_case(*c) for c in [(0.2, 0.05, False, 0.05, 0.8), (0.05, 0.1, True, 0.05, 0.8),
                                            (0.03, 0.005, False, 0.01, 0.9), (0.5, -0.02, False, 0.05, 0.8)]],
        "mde": [mde_case(*c) for c in [(0.05, 10000, 0.05, 0.8), (0.2, 500, 0.1, 0.9)]],
        "prob_best": [],
        "cuped": [cuped_case(7, 2000, 2100, 1.0), cuped_case(11, 500, 450, 0.0)],
        "sequential": [sequential_case(0.006, 0.0031, 20000, 0.05, 5000), sequential_case(0.02, 0.01, 500, 0.05, 5000),
                       sequential_case(-1.5, 0.4, 100000, 0.1, 20000)],
    }
    for alphas, betas in [([1 + 194, 1 + 906, 1 + 47], [1 + 3451, 1 + 14342, 1 + 1060]),
                          ([11, 14, 9, 12], [91, 88, 95, 90]), ([1, 1], [1, 1])]:
        out["prob_best"].append({"alpha": alphas, "beta": betas, "p_best": beta_best(alphas, betas)})
    with open(sys.argv[1] if len(sys.argv) > 1 else "build/experiment_stats_reference.json", "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
