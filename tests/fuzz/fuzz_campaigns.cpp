// campaigns.json (src/ecosystem/campaign.cpp) against the sample manifest and the template
// library's names. Invariants: every error is non-empty, at most 100; an accepted file's campaigns
// have unique ids found by find_campaign, at least one variant each, experiment weights that sum
// to 1 (or none), 1..10 items; written back with campaign_to_json (an empty partner dropped) they
// check again to the same campaigns (the page and the CLI show what was read); campaign_record answers for each.
#include <cmath>
#include <fstream>
#include <iterator>

#include "ecosystem/campaign.h"
#include "ecosystem/store.h"
#include "fuzz_input.h"

using namespace plume;
using namespace plume::ecosystem;
using nlohmann::json;

namespace {
const Manifest& sample_manifest() {
  static const Manifest m = [] {
    std::ifstream in(PLUME_SOURCE_DIR "/data/ecosystem/manifest.json", std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto loaded = load_manifest(text);
    if (!loaded) std::abort();
    return std::move(*loaded);
  }();
  return m;
}
const std::vector<std::string> kTemplates = {"ad", "customer_service", "email", "faq", "feature_bullets",
                                             "product_description", "sms", "social_post.instagram",
                                             "social_post.wechat", "social_post.weibo", "social_post.x",
                                             "social_post.xiaohongshu"};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const Manifest& m = sample_manifest();
  CampaignCheck check = check_campaigns_text(text, m, kTemplates);
  FUZZ_CHECK(check.errors.size() <= 100);
  for (const std::string& e : check.errors) FUZZ_CHECK(!e.empty());
  if (!check.ok()) return 0;
  json list = json::array();
  Store store;
  for (const Campaign& c : check.campaigns) {
    FUZZ_CHECK(find_campaign(check.campaigns, c.id) == &c);
    FUZZ_CHECK(!c.variants.empty());
    FUZZ_CHECK(c.items >= 1 && c.items <= 10);
    if (c.allocation.kind == AllocationKind::kExperiment && !c.allocation.weights.empty()) {
      FUZZ_CHECK(c.allocation.weights.size() == c.variants.size());
      double sum = 0;
      for (double w : c.allocation.weights) {
        FUZZ_CHECK(std::isfinite(w) && w >= 0);
        sum += w;
      }
      FUZZ_CHECK(std::fabs(sum - 1) < 1e-6);
    }
    json cj = campaign_to_json(c);
    // campaign_to_json shows "partner": "" for the brand's own campaigns, which campaigns.json
    // itself refuses (a missing key means the brand): drop it before checking again.
    for (const char* k : {"partner", "product_partner"})
      if (cj.contains(k) && cj[k] == "") cj.erase(k);
    list.push_back(cj);
    (void)campaign_record(c, m, store);
  }
  json doc = {{"version", 1}, {"campaigns", list}};
  CampaignCheck again = check_campaigns(doc, m, kTemplates);
  if (!again.ok()) {
    std::fprintf(stderr, "written back: %s\nfirst error: %s\n",
                 doc.dump(-1, ' ', false, json::error_handler_t::replace).c_str(), again.errors[0].c_str());
    FUZZ_CHECK(again.ok());
  }
  FUZZ_CHECK(again.campaigns.size() == check.campaigns.size());
  for (size_t i = 0; i < again.campaigns.size(); i++)
    FUZZ_CHECK(campaign_to_json(again.campaigns[i]) == campaign_to_json(check.campaigns[i]));
  return 0;
}
