#include "recommend/factor_model.h"

#include <algorithm>

#include <Eigen/Dense>

#include "core/kernels.h"

namespace plume::recommend {
namespace {

// The SIMD dot product of the transformer (core/kernels.h): the same bits natively and in WASM.
float dot(const float* a, const float* b, int32_t n) { return dot_f32(a, b, n); }

// Keeps history entries inside the model, merging repeats (values add up).
History valid_history(const History& history, int32_t n_items) {
  History out;
  for (const auto& [item, value] : history)
    if (item >= 0 && item < n_items && value > 0) out.emplace_back(item, value);
  std::sort(out.begin(), out.end());
  History merged;
  for (const auto& e : out) {
    if (!merged.empty() && merged.back().first == e.first) merged.back().second += e.second;
    else merged.push_back(e);
  }
  return merged;
}

}  // namespace

Result<FactorKind> factor_kind_from_name(const std::string& name) {
  if (name == "implicit" || name == "als") return FactorKind::Implicit;
  if (name == "explicit" || name == "svd") return FactorKind::Explicit;
  if (name == "ranking" || name == "bpr") return FactorKind::Ranking;
  return make_error("unknown factor kind '", name, "' (implicit, explicit or ranking)");
}

const char* factor_kind_name(FactorKind kind) {
  switch (kind) {
    case FactorKind::Implicit: return "implicit";
    case FactorKind::Explicit: return "explicit";
    case FactorKind::Ranking: return "ranking";
  }
  return "implicit";
}

FactorModel::FactorModel(Factors factors, std::vector<float> item_bias, double mean, FactorModelOptions options)
    : factors_(std::move(factors)), item_bias_(std::move(item_bias)), mean_(mean), options_(options) {
  const size_t R = static_cast<size_t>(std::max(factors_.rank, 1));
  n_users_ = static_cast<int32_t>(factors_.users.size() / R);
  n_items_ = static_cast<int32_t>(factors_.items.size() / R);
  item_bias_.resize(static_cast<size_t>(n_items_), 0.0f);
  if (options_.kind == FactorKind::Implicit) {
    gram_.assign(R * R, 0.0);
    for (int32_t i = 0; i < n_items_; i++) {
      const float* y = factors_.item(i);
      for (size_t a = 0; a < R; a++)
        for (size_t b = 0; b < R; b++) gram_[a * R + b] += static_cast<double>(y[a]) * y[b];
    }
  }
}

float FactorModel::effective_reg(size_t n) const {
  return options_.regularization * (options_.scale_reg_by_count ? static_cast<float>(std::max<size_t>(n, 1)) : 1.0f);
}

void FactorModel::score_vector(const float* p, float* scores) const {
  const float base = options_.kind == FactorKind::Explicit ? static_cast<float>(mean_) : 0.0f;
  for (int32_t i = 0; i < n_items_; i++) scores[i] = base + item_bias_[static_cast<size_t>(i)] + dot(p, factors_.item(i), factors_.rank);
}

void FactorModel::score_items(int32_t user, float* scores) const {
  if (user < 0 || user >= n_users_) {
    std::vector<float> zero(static_cast<size_t>(factors_.rank), 0.0f);
    score_vector(zero.data(), scores);
    return;
  }
  score_vector(factors_.user(user), scores);
}

double FactorModel::predict(int32_t user, int32_t item) const {
  if (item < 0 || item >= n_items_) return options_.kind == FactorKind::Explicit ? mean_ : 0.0;
  double s = (options_.kind == FactorKind::Explicit ? mean_ : 0.0) + item_bias_[static_cast<size_t>(item)];
  if (user >= 0 && user < n_users_) s += dot(factors_.user(user), factors_.item(item), factors_.rank);
  return s;
}

std::vector<float> FactorModel::fold_in(const History& raw) const {
  const int32_t R = factors_.rank;
  const History h = valid_history(raw, n_items_);
  std::vector<float> x(static_cast<size_t>(R), 0.0f);
  if (h.empty() || R < 1) return x;
  if (options_.kind == FactorKind::Ranking) return bpr_fold_in(factors_, item_bias_, h, options_.bpr);
  // Both other kinds solve a small R x R system exactly (double precision, Eigen's LDLT).
  Eigen::MatrixXd A = Eigen::MatrixXd::Zero(R, R);
  Eigen::VectorXd b = Eigen::VectorXd::Zero(R);
  const double lambda = effective_reg(h.size());
  if (options_.kind == FactorKind::Implicit) {
    for (int32_t a = 0; a < R; a++)
      for (int32_t c = 0; c < R; c++) A(a, c) = gram_[static_cast<size_t>(a) * R + c];
  }
  for (const auto& [item, value] : h) {
    const float* y = factors_.item(item);
    const double extra = options_.kind == FactorKind::Implicit ? options_.alpha * value : 1.0;   // (c − 1) or 1
    const double target = options_.kind == FactorKind::Implicit ? 1.0 + options_.alpha * value  // c · p
                                                                : value - mean_ - item_bias_[static_cast<size_t>(item)];
    for (int32_t a = 0; a < R; a++) {
      b(a) += target * y[a];
      for (int32_t c = 0; c < R; c++) A(a, c) += extra * y[a] * y[c];
    }
  }
  for (int32_t a = 0; a < R; a++) A(a, a) += lambda;
  const Eigen::VectorXd sol = A.ldlt().solve(b);
  for (int32_t a = 0; a < R; a++) x[static_cast<size_t>(a)] = static_cast<float>(sol(a));
  return x;
}

std::vector<float> FactorModel::contributions(const History& raw, int32_t item) const {
  const int32_t R = factors_.rank;
  std::vector<float> out(raw.size(), 0.0f);
  if (item < 0 || item >= n_items_ || R < 1) return out;
  const float* qi = factors_.item(item);
  if (options_.kind != FactorKind::Implicit) {
    for (size_t k = 0; k < raw.size(); k++)
      if (raw[k].first >= 0 && raw[k].first < n_items_) out[k] = raw[k].second * dot(qi, factors_.item(raw[k].first), R);
    return out;
  }
  const History h = valid_history(raw, n_items_);
  Eigen::MatrixXd A = Eigen::MatrixXd::Zero(R, R);
  for (int32_t a = 0; a < R; a++)
    for (int32_t c = 0; c < R; c++) A(a, c) = gram_[static_cast<size_t>(a) * R + c];
  for (const auto& [j, value] : h) {
    const float* y = factors_.item(j);
    for (int32_t a = 0; a < R; a++)
      for (int32_t c = 0; c < R; c++) A(a, c) += options_.alpha * value * y[a] * y[c];
  }
  for (int32_t a = 0; a < R; a++) A(a, a) += effective_reg(h.size());
  Eigen::VectorXd q(R);
  for (int32_t a = 0; a < R; a++) q(a) = qi[a];
  const Eigen::VectorXd z = A.ldlt().solve(q);
  // Repeated entries in `raw` share their merged item's contribution in proportion to value.
  for (size_t k = 0; k < raw.size(); k++) {
    const int32_t j = raw[k].first;
    if (j < 0 || j >= n_items_ || !(raw[k].second > 0)) continue;
    auto it = std::lower_bound(h.begin(), h.end(), std::make_pair(j, -1.0f));
    double zy = 0;
    for (int32_t a = 0; a < R; a++) zy += z(a) * factors_.item(j)[a];
    const double merged = it->second, c = 1.0 + options_.alpha * merged;
    out[k] = static_cast<float>(c * zy * raw[k].second / merged);
  }
  return out;
}

FactorModel factor_model_of(const ImplicitAls& m) {
  FactorModelOptions o;
  o.kind = FactorKind::Implicit;
  o.alpha = m.options().alpha;
  o.regularization = m.options().regularization;
  return FactorModel(m.factors(), {}, 0.0, o);
}

FactorModel factor_model_of(const Bpr& m) {
  FactorModelOptions o;
  o.kind = FactorKind::Ranking;
  o.regularization = m.options().regularization;
  o.bpr = m.options();
  return FactorModel(m.factors(), m.item_bias(), 0.0, o);
}

FactorModel factor_model_of(const SvdSgd& m) {
  FactorModelOptions o;
  o.kind = FactorKind::Explicit;
  o.regularization = m.options().regularization;
  o.scale_reg_by_count = true;  // SGD penalises λ‖p‖² once per rating
  return FactorModel(m.factors(), m.item_bias(), m.mean(), o);
}

}  // namespace plume::recommend
