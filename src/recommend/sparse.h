// The interaction matrix in compressed sparse rows, by user and by item, plus the train/test
// splits the evaluation uses.
#pragma once

#include <cstdint>
#include <vector>

#include "core/error.h"
#include "recommend/interactions.h"

namespace plume::recommend {

// Row r's entries are cols[offsets[r] .. offsets[r+1]), sorted by column, with their values.
struct Csr {
  int32_t n_rows = 0, n_cols = 0;
  std::vector<int64_t> offsets{0};
  std::vector<int32_t> cols;
  std::vector<float> values;

  int64_t nnz() const { return static_cast<int64_t>(cols.size()); }
  int64_t row_size(int32_t r) const { return offsets[static_cast<size_t>(r) + 1] - offsets[static_cast<size_t>(r)]; }
  float value_at(int32_t r, int32_t c) const;  // 0 when absent (binary search)
};

// by_user: rows are users, columns items; otherwise the transpose.
Csr build_csr(const std::vector<Interaction>& rows, int32_t n_users, int32_t n_items, bool by_user);

struct Split {
  std::vector<Interaction> train, test;
};

// "random:F" (each interaction to train with probability F), "user:F" (per user, a share F of
// their interactions, at least one, to train), "last:N" (each user's N latest by timestamp to
// test, users with fewer than N+1 interactions stay in train). Seeded; same split everywhere.
Result<Split> split_dataset(const Dataset& data, const std::string& spec, uint64_t seed);

}  // namespace plume::recommend
