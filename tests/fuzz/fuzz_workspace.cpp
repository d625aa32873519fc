// The workspace loader from in-memory texts (src/ecosystem/workspace.cpp), as the browser calls
// it. Parts: manifest.json, the catalog, customers.csv, events.csv, campaigns.json, outcomes.csv,
// state.json. Byte 0: bit 0 the catalog is catalog.json (else catalog.csv), bit 1 outcomes.csv
// present, bit 2 state.json present, bit 3 customers.csv missing.
// Invariants: every error names the file first ("events.csv: ..."); an accepted workspace lists
// manifest.json first and only files it was given, keeps every Store index valid, and loading
// is deterministic.
#include <cmath>

#include "ecosystem/workspace.h"
#include "fuzz_input.h"

using namespace plume;
using namespace plume::ecosystem;

namespace {
const std::vector<std::string> kTemplates = {"ad", "customer_service", "email", "faq", "feature_bullets",
                                             "product_description", "sms", "social_post.instagram",
                                             "social_post.wechat", "social_post.weibo", "social_post.x",
                                             "social_post.xiaohongshu"};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  auto parts = fuzz::split_parts(data + 1, size - 1, 7);
  std::map<std::string, std::string> files;
  files["manifest.json"] = parts[0];
  files[(flags & 1) ? "catalog.json" : "catalog.csv"] = parts[1];
  if (!(flags & 8)) files["customers.csv"] = parts[2];
  files["events.csv"] = parts[3];
  files["campaigns.json"] = parts[4];
  if (flags & 2) files["outcomes.csv"] = parts[5];
  if (flags & 4) files["state.json"] = parts[6];

  auto w = load_workspace(files, kTemplates);
  auto again = load_workspace(files, kTemplates);
  FUZZ_CHECK(w.ok() == again.ok());
  if (!w) {
    const std::string& msg = w.error().message;
    FUZZ_CHECK(msg == again.error().message);
    bool named = false;
    for (const std::string& f : workspace_files()) named = named || msg.rfind(f + ": ", 0) == 0;
    FUZZ_CHECK(named);
    return 0;
  }
  FUZZ_CHECK(!w->files.empty() && w->files[0] == "manifest.json");
  for (const std::string& f : w->files) FUZZ_CHECK(files.count(f) == 1);
  FUZZ_CHECK(w->store.events.size() == again->store.events.size());
  FUZZ_CHECK(w->campaigns.size() == again->campaigns.size());
  const Store& s = w->store;
  for (const auto& [id, i] : s.product_index) FUZZ_CHECK(i >= 0 && static_cast<size_t>(i) < s.products.size());
  for (const auto& [id, i] : s.customer_index) FUZZ_CHECK(i >= 0 && static_cast<size_t>(i) < s.customers.size());
  for (const Event& e : s.events) {
    FUZZ_CHECK(e.customer >= 0 && static_cast<size_t>(e.customer) < s.customers.size());
    FUZZ_CHECK(e.item >= -1 && e.item < s.items.size());
    FUZZ_CHECK(std::isfinite(e.revenue));
  }
  for (const Outcome& o : w->outcomes) FUZZ_CHECK(std::isfinite(o.revenue));
  FUZZ_CHECK(w->state.is_object());
  return 0;
}
