// A/B test analysis: each variation against the control (index 0), frequentist and Bayesian,
// with a sample-ratio-mismatch check, optional sequential testing, multiple-comparison
// correction, CUPED and per-segment breakdowns. Formulas and when to trust them:
// docs/experiments.md. Data in (VariationStats from aggregate.h), results or an Error out.
//
// Units: every lift is a fraction (0.012 = 1.2 points of conversion rate; a relative lift of
// 0.05 = +5 %). "Absolute" = variation minus control, in the metric's unit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "experiment/aggregate.h"

namespace plume::experiment {

enum class MetricType { Binomial, Continuous };
enum class Correction { None, Holm, BenjaminiHochberg };

// The default tuning parameter of the confidence sequences (GrowthBook's default): the total
// sample size at which the sequential interval is narrowest relative to the fixed one.
inline constexpr double kDefaultSequentialTuning = 5000.0;
// A sample-ratio mismatch is flagged below this chi-square p-value.
inline constexpr double kSrmThreshold = 0.001;

// Pre-period covariate of each user (CUPED), aggregated per variation like VariationStats:
// sum of x, sum of x^2, and sum of x*y with y the experiment metric (y = 0/1 for binomial).
struct CovariateStats {
  double sum = 0.0;
  double sum_squares = 0.0;
  double sum_products = 0.0;
};

struct AnalysisOptions {
  MetricType metric = MetricType::Binomial;
  double alpha = 0.05;                 // two-sided; CIs are at 1 - alpha
  std::vector<double> weights;         // intended traffic split (sums to 1); empty = equal split
  bool sequential = false;             // always-valid p-values and confidence sequences
  double sequential_tuning = kDefaultSequentialTuning;
  Correction correction = Correction::None;
  bool allow_negative = false;         // continuous metrics: allow negative sums (e.g. profit)
  std::vector<CovariateStats> cuped;   // empty = no CUPED; else one per variation
};

struct Interval {
  double low = 0.0;
  double high = 0.0;
};

// One variation against the control. Optional fields are empty when the number is undefined
// for this data (the reason is in `warnings`), never NaN.
struct Comparison {
  std::string name;
  int64_t users = 0;
  double mean = 0.0;                        // conversion rate or mean per user (raw, even with CUPED)
  double absolute_lift = 0.0;               // mean - control mean (CUPED-adjusted if used)
  std::optional<double> relative_lift;      // absolute_lift / control mean
  std::optional<double> standard_error;     // of absolute_lift
  std::optional<double> degrees_of_freedom; // Welch-Satterthwaite (continuous metrics)
  std::optional<Interval> ci;               // absolute, at 1 - alpha
  std::optional<Interval> relative_ci;      // delta method
  std::optional<double> p_value;            // two-sided (always-valid when sequential)
  std::optional<double> p_value_adjusted;   // after Holm / Benjamini-Hochberg
  bool significant = false;                 // (adjusted) p_value < alpha
  std::optional<double> chance_to_win;      // P(variation better than control)
  std::optional<double> expected_loss;      // E[max(control - variation, 0)], metric units
  std::vector<std::string> warnings;
};

struct SrmResult {
  double chi_square = 0.0;
  int degrees_of_freedom = 0;
  double p_value = 1.0;
  bool mismatch = false;  // p_value < kSrmThreshold
  std::vector<double> expected_weights;
};

struct Analysis {
  MetricType metric = MetricType::Binomial;
  double alpha = 0.05;
  SrmResult srm;                       // check this first: a mismatch invalidates the rest
  std::vector<std::string> warnings;   // the SRM warning, if any, comes first
  std::string control_name;
  int64_t control_users = 0;
  double control_mean = 0.0;
  std::vector<Comparison> comparisons; // variations 1..k-1, in order
  // Method names, shown with the numbers so nobody has to guess.
  std::string frequentist_method;
  std::string relative_method;
  std::string bayesian_method;
  std::string sequential_method;       // empty when not sequential
  double sequential_tuning = 0.0;      // 0 when not sequential
  std::string correction_method;       // empty when none
  bool cuped = false;
};

Result<Analysis> analyze(const std::vector<VariationStats>& variations, const AnalysisOptions& options);

struct SegmentInput {
  std::string segment;  // segment, channel or partner
  std::vector<VariationStats> variations;
  std::vector<CovariateStats> cuped;  // optional, as AnalysisOptions::cuped
};
struct SegmentAnalysis {
  std::string segment;
  Analysis analysis;
};
// The same analysis run per group of aggregates (no correction across segments: breakdowns are
// for exploring; see docs/experiments.md).
Result<std::vector<SegmentAnalysis>> analyze_segments(const std::vector<SegmentInput>& segments,
                                                      const AnalysisOptions& options);

// ---- Building blocks (public so they can be tested and reused) ----

// One group's per-user moments: mean and the variance of one observation.
struct Moments {
  double n = 0.0;
  double mean = 0.0;
  double variance = 0.0;
};

struct DifferenceTest {
  double difference = 0.0;        // b.mean - a.mean
  double standard_error = 0.0;    // unpooled
  double degrees_of_freedom = 0;  // Welch-Satterthwaite; +infinity for the z test
  double p_value = 1.0;
  Interval ci;
  std::optional<double> relative;          // (b - a) / a
  std::optional<double> relative_standard_error;
  std::optional<Interval> relative_ci;
};
// Two-sided test of b.mean - a.mean = 0 with the unpooled standard error: Wald z (welch = false)
// or Welch's t (welch = true); relative lift by the delta method. Needs standard_error > 0.
DifferenceTest difference_test(const Moments& a, const Moments& b, double alpha, bool welch);

// Welch-Satterthwaite degrees of freedom.
double welch_df(const Moments& a, const Moments& b);

struct SequentialInterval {
  double half_width = 0.0;
  double p_value = 1.0;  // always valid
};
// Asymptotic confidence sequence (Waudby-Smith et al. 2023, eq. 9; p-value eq. 155), as
// GrowthBook: estimate with standard error `se` from `n_total` users in both groups.
SequentialInterval confidence_sequence(double estimate, double se, double n_total, double alpha, double tuning);

// P(X > Y) for X ~ Beta(a1, b1), Y ~ Beta(a2, b2): Evan Miller's closed form when the
// parameters are integers and the sum is short, else adaptive Gauss-Kronrod (relative tolerance 1e-10).
double beta_prob_greater(double a1, double b1, double a2, double b2);
// E[max(Y - X, 0)]: the expected loss of choosing X over Y (exact, via beta_prob_greater).
double beta_expected_loss(double a1, double b1, double a2, double b2);
// P(each arm is the best) for independent Beta(a_i, b_i) posteriors, by numerical integration.
std::vector<double> beta_prob_best(const std::vector<double>& a, const std::vector<double>& b);

// Delta ~ N(estimate, se^2): P(Delta > 0) and E[max(-Delta, 0)].
double normal_chance_to_win(double estimate, double se);
double normal_expected_loss(double estimate, double se);

// Chi-square goodness of fit of the users per variation to the intended weights.
Result<SrmResult> srm_test(const std::vector<int64_t>& users, const std::vector<double>& weights);

// Adjusted p-values (same order as given); Correction::None returns them unchanged.
std::vector<double> adjust_p_values(const std::vector<double>& p_values, Correction correction);

const char* metric_name(MetricType m);
const char* correction_name(Correction c);

}  // namespace plume::experiment
