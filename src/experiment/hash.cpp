// GrowthBook-compatible hashing and bucket ranges (see hash.h).
#include "experiment/hash.h"

#include "experiment/js_value.h"

namespace plume::experiment {

uint32_t fnv1a32(std::string_view utf8) {
  uint32_t h = 0x811c9dc5u;
  for (char16_t unit : utf8_to_utf16(utf8)) {
    h ^= unit;
    h *= 16777619u;  // the JS shift-and-add form, modulo 2^32
  }
  return h;
}

std::optional<double> gb_hash(std::string_view seed, std::string_view value, int version) {
  if (version == 2) {
    std::string inner = std::to_string(fnv1a32(std::string(seed) + std::string(value)));
    return static_cast<double>(fnv1a32(inner) % 10000u) / 10000.0;
  }
  if (version == 1) return static_cast<double>(fnv1a32(std::string(value) + std::string(seed)) % 1000u) / 1000.0;
  return std::nullopt;
}

std::vector<double> equal_weights(int n) {
  if (n <= 0) return {};
  return std::vector<double>(static_cast<size_t>(n), 1.0 / n);
}

std::vector<BucketRange> bucket_ranges(int num_variations, double coverage, const std::vector<double>& weights) {
  if (!(coverage >= 0)) coverage = 0;  // also NaN
  if (coverage > 1) coverage = 1;
  std::vector<double> w = weights;
  if (static_cast<int>(w.size()) != num_variations) w = equal_weights(num_variations);
  double total = 0;
  for (double x : w) total += x;  // left to right, as Array.reduce
  if (total < 0.99 || total > 1.01) w = equal_weights(num_variations);
  std::vector<BucketRange> ranges;
  double cumulative = 0;
  for (double x : w) {
    double start = cumulative;
    cumulative += x;
    ranges.push_back({start, start + coverage * x});
  }
  return ranges;
}

bool in_range(double n, const BucketRange& r) { return n >= r.first && n < r.second; }

int choose_variation(double n, const std::vector<BucketRange>& ranges) {
  for (size_t i = 0; i < ranges.size(); i++)
    if (in_range(n, ranges[i])) return static_cast<int>(i);
  return -1;
}

bool in_namespace(std::string_view hash_value, const Namespace& ns) {
  auto n = gb_hash("__" + ns.id, hash_value, 1);
  return n && *n >= ns.start && *n < ns.end;
}

std::optional<int> query_string_override(std::string_view key, std::string_view url, int num_variations) {
  // url.split("?")[1]: the text between the first and the second '?'.
  size_t q = url.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view search = url.substr(q + 1);
  size_t q2 = search.find('?');
  if (q2 != std::string_view::npos) search = search.substr(0, q2);
  size_t hash = search.find('#');
  if (hash != std::string_view::npos) search = search.substr(0, hash);
  if (search.empty()) return std::nullopt;
  size_t pos = 0;
  while (pos <= search.size()) {
    size_t amp = search.find('&', pos);
    std::string_view pair = search.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    size_t eq = pair.find('=');
    std::string_view k = pair.substr(0, eq);
    if (k == key) {
      // parseInt: optional whitespace and sign, then leading digits; anything else is NaN.
      std::string_view v = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
      size_t eq2 = v.find('=');  // split("=", 2) keeps only the text up to a second '='
      if (eq2 != std::string_view::npos) v = v.substr(0, eq2);
      size_t i = 0;
      while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) i++;
      bool negative = false;
      if (i < v.size() && (v[i] == '+' || v[i] == '-')) negative = v[i++] == '-';
      long long n = 0;
      size_t digits = 0;
      while (i < v.size() && v[i] >= '0' && v[i] <= '9' && digits < 12) n = n * 10 + (v[i++] - '0'), digits++;
      if (digits == 0) return std::nullopt;  // the first match decides
      if (negative) n = -n;
      if (n >= 0 && n < num_variations) return static_cast<int>(n);
      return std::nullopt;
    }
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  return std::nullopt;
}

}  // namespace plume::experiment
