// Deterministic bucketing, bit-compatible with GrowthBook's SDKs (packages/sdk-js/src/util.ts):
// the same user, experiment and seed land in the same variation here, in the browser engine and
// in every GrowthBook SDK, so an experiment run by Plume can be analysed anywhere.
//
//   fnv1a32(s)       FNV-1a 32-bit over the UTF-16 code units of s (JS charCodeAt), not bytes
//   hash(seed, v, 1) (fnv1a32(v + seed) % 1000) / 1000                  -- the original, biased
//   hash(seed, v, 2) (fnv1a32(decimal(fnv1a32(seed + v))) % 10000) / 10000  -- unbiased
//   bucket ranges    variation i owns [start_i, start_i + coverage * w_i), start_i = sum of
//                    the earlier weights: a variation's range *starts* at the same place whatever
//                    the coverage, so raising coverage only adds users, never moves them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plume::experiment {

using BucketRange = std::pair<double, double>;  // [start, end)

uint32_t fnv1a32(std::string_view utf8);

// nullopt for an unknown hash version (GrowthBook returns null).
std::optional<double> gb_hash(std::string_view seed, std::string_view value, int version);

// n equal weights 1/n; empty for n <= 0.
std::vector<double> equal_weights(int n);

// GrowthBook's getBucketRanges: coverage clamped to [0, 1]; weights of the wrong length, or not
// summing to 1 within 0.01, fall back to equal weights (`weights` empty = not given).
std::vector<BucketRange> bucket_ranges(int num_variations, double coverage, const std::vector<double>& weights);

bool in_range(double n, const BucketRange& r);

// Index of the first range holding n, or -1.
int choose_variation(double n, const std::vector<BucketRange>& ranges);

// GrowthBook namespaces: hash("__" + id, hash_value, 1) in [start, end).
struct Namespace {
  std::string id;
  double start = 0, end = 1;
};
bool in_namespace(std::string_view hash_value, const Namespace& ns);

// `?key=N` in a URL forces variation N when 0 <= N < num_variations (getQueryStringOverride).
std::optional<int> query_string_override(std::string_view key, std::string_view url, int num_variations);

}  // namespace plume::experiment
