#include "recommend/sparse.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "core/rng.h"

namespace plume::recommend {

float Csr::value_at(int32_t r, int32_t c) const {
  auto begin = cols.begin() + offsets[static_cast<size_t>(r)];
  auto end = cols.begin() + offsets[static_cast<size_t>(r) + 1];
  auto it = std::lower_bound(begin, end, c);
  return it != end && *it == c ? values[static_cast<size_t>(it - cols.begin())] : 0.0f;
}

Csr build_csr(const std::vector<Interaction>& rows, int32_t n_users, int32_t n_items, bool by_user) {
  Csr m;
  m.n_rows = by_user ? n_users : n_items;
  m.n_cols = by_user ? n_items : n_users;
  std::vector<int64_t> counts(static_cast<size_t>(m.n_rows) + 1, 0);
  for (const Interaction& x : rows) counts[static_cast<size_t>(by_user ? x.user : x.item) + 1]++;
  for (size_t r = 1; r < counts.size(); r++) counts[r] += counts[r - 1];
  m.offsets = counts;
  m.cols.resize(rows.size());
  m.values.resize(rows.size());
  std::vector<int64_t> fill(counts.begin(), counts.end() - 1);
  for (const Interaction& x : rows) {
    int32_t r = by_user ? x.user : x.item;
    size_t at = static_cast<size_t>(fill[static_cast<size_t>(r)]++);
    m.cols[at] = by_user ? x.item : x.user;
    m.values[at] = x.value;
  }
  // Sort each row by column (rows arrive in file order).
  std::vector<std::pair<int32_t, float>> buf;
  for (int32_t r = 0; r < m.n_rows; r++) {
    size_t b = static_cast<size_t>(m.offsets[static_cast<size_t>(r)]), e = static_cast<size_t>(m.offsets[static_cast<size_t>(r) + 1]);
    buf.clear();
    for (size_t k = b; k < e; k++) buf.emplace_back(m.cols[k], m.values[k]);
    std::sort(buf.begin(), buf.end());
    for (size_t k = b; k < e; k++) std::tie(m.cols[k], m.values[k]) = buf[k - b];
  }
  return m;
}

Result<Split> split_dataset(const Dataset& data, const std::string& spec, uint64_t seed) {
  size_t colon = spec.find(':');
  std::string kind = spec.substr(0, colon);
  std::string arg = colon == std::string::npos ? "" : spec.substr(colon + 1);
  char* end = nullptr;
  double x = std::strtod(arg.c_str(), &end);
  if (arg.empty() || *end != '\0') return make_error("split '", spec, "': expected random:F, user:F or last:N");
  Rng rng(seed, 7);
  Split s;
  if (kind == "random") {
    if (!(x > 0 && x < 1)) return make_error("split '", spec, "': the train share must be between 0 and 1");
    for (const Interaction& r : data.rows) (rng.uniform() < x ? s.train : s.test).push_back(r);
    return s;
  }
  // Per-user splits: group each user's rows.
  std::vector<std::vector<Interaction>> by_user(static_cast<size_t>(data.users.size()));
  for (const Interaction& r : data.rows) by_user[static_cast<size_t>(r.user)].push_back(r);
  if (kind == "user") {
    if (!(x > 0 && x < 1)) return make_error("split '", spec, "': the train share must be between 0 and 1");
    for (auto& rows : by_user) {
      // Fisher-Yates with our RNG, then the first share to train (at least one row).
      for (size_t i = rows.size(); i > 1; i--) std::swap(rows[i - 1], rows[rng.next_u32() % i]);
      size_t n_train = std::max<size_t>(1, static_cast<size_t>(x * static_cast<double>(rows.size()) + 0.5));
      for (size_t i = 0; i < rows.size(); i++) (i < n_train ? s.train : s.test).push_back(rows[i]);
    }
    return s;
  }
  if (kind == "last") {
    if (x < 1 || x != static_cast<double>(static_cast<int64_t>(x))) return make_error("split '", spec, "': N must be a positive integer");
    const size_t n = static_cast<size_t>(x);
    for (auto& rows : by_user) {
      std::stable_sort(rows.begin(), rows.end(), [](const Interaction& a, const Interaction& b) { return a.timestamp < b.timestamp; });
      const size_t n_test = rows.size() > n ? n : 0;
      for (size_t i = 0; i < rows.size(); i++) (i + n_test < rows.size() ? s.train : s.test).push_back(rows[i]);
    }
    return s;
  }
  return make_error("split '", spec, "': unknown kind '", kind, "' (random, user or last)");
}

}  // namespace plume::recommend
