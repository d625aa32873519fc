// Campaigns (issue 7, item 4 "decision"): who gets a message (an audience: a manifest segment or
// a condition), through which channel and partner, written from which template, featuring how
// many recommended items, and how variants are allocated (a GrowthBook-hashed experiment with
// weights, or a bandit whose weights the optimization layer updates). campaigns.json holds
// {"campaigns": [...]} (or the bare array); schema and examples: docs/campaigns.md.
// Validation reports every problem with its JSON path:
//   campaigns[1].variants[0].template: unknown template "x" (templates: email, sms, ...)
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "ecosystem/manifest.h"
#include "experiment/bandit.h"

namespace plume::ecosystem {

enum class Personalization { kRecommended, kPopular };
const char* personalization_name(Personalization p);

struct CampaignVariant {
  std::string id;             // "A", "short"
  std::string template_name;  // library name without language ("email", "sms"); the campaign's by default
  std::string wording;        // extra tone / wording instruction for the prompt ("" = the voice's tone)
  int send_hour = -1;         // local hour 0..23; -1 = the start of the channel's send window
  Personalization personalization = Personalization::kRecommended;
};

enum class AllocationKind { kExperiment, kBandit };

struct Allocation {
  AllocationKind kind = AllocationKind::kExperiment;
  std::vector<double> weights;  // experiment: the split (sums to 1); empty = equal
  experiment::BanditAlgorithm algorithm = experiment::BanditAlgorithm::Thompson;
  double min_weight = 0.05;     // bandit: per-arm floor so every arm keeps learning
  std::string metric = "converted";  // the success of an arm: "opened" | "clicked" | "converted"
};

struct Campaign {
  std::string id;
  LocalText name;
  std::string segment;                       // manifest segment id, or "" when `condition` is given
  nlohmann::json condition;                  // null when `segment` is given
  std::string channel;                       // a manifest channel id
  std::string partner;                       // a manifest partner id ("" = the brand's own)
  std::string content_type;                  // "email", "sms", ...
  std::string template_name;                 // default template for the variants
  std::string language = "customer";         // "customer" | "en" | "zh"
  int items = 3;                             // recommended items to feature (1..10)
  std::string product_partner;               // only this product partner's items ("" = all)
  std::vector<CampaignVariant> variants;
  Allocation allocation;
};

// Validates `document` against the manifest (segment, channel, partner ids) and the template
// names (library names without language). Errors: every problem, "path: message", at most 100.
struct CampaignCheck {
  std::vector<Campaign> campaigns;
  std::vector<std::string> errors;
  bool ok() const { return errors.empty(); }
};
CampaignCheck check_campaigns(const nlohmann::json& document, const Manifest& manifest,
                              const std::vector<std::string>& template_names);
// Parses the text first; a JSON syntax error names its byte offset.
CampaignCheck check_campaigns_text(std::string_view text, const Manifest& manifest,
                                   const std::vector<std::string>& template_names);

const Campaign* find_campaign(const std::vector<Campaign>& campaigns, std::string_view id);

// The campaign as JSON again (what `plume campaign list` and the page show).
nlohmann::json campaign_to_json(const Campaign& c);

// The shape partner scoping filters: {id, channel, partner, products: [product ids it may feature]}.
nlohmann::json campaign_record(const Campaign& c, const Manifest& manifest, const struct Store& store);

}  // namespace plume::ecosystem
