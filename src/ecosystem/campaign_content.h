// What one campaign message says, before and without the model: the customer's language on the
// channel, the template's input fields (profile + recommended items + partner voice), the voice's
// banned and required words, the manifest's channel limits (checked on top of the template's own
// rules), and the template-only fallback text: a deterministic rendering used when no generated
// candidate passes the rules, or when the run has no model (docs/campaigns.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "ecosystem/campaign.h"
#include "ecosystem/manifest.h"
#include "ecosystem/store.h"
#include "prompt/template_library.h"
#include "prompt/write.h"

namespace plume::ecosystem {

// The channel as the campaign's partner brings it (its constraints), else the brand's.
ChannelSpec effective_channel(const Manifest& m, const Campaign& c);

// "en" / "zh" for the customer, or an error saying why the channel cannot reach them.
Result<std::string> message_language(const Manifest& m, const Campaign& c, const ChannelSpec& channel,
                                     const Customer& customer);

// The partner's voice when it has one, else the brand's.
const Voice& campaign_voice(const Manifest& m, const Campaign& c);
prompt::WriteRules voice_rules(const Manifest& m, const Campaign& c);

// The name used in a greeting: "Noah" for "O'Neil, Noah" and "Zoe Young"; Chinese names whole.
std::string greeting_name(const Customer& customer, const std::string& language);
// Up to two selling points from a catalog description ("…：心率监测，睡眠跟踪. Fitness band"),
// or the category.
std::vector<std::string> product_features(const Product& p);
std::string brand_name(const Manifest& m, const std::string& language);

// The template's input fields: product, category, features, customer, recommended, audience,
// tone (the variant's wording, else the voice's tone words in the language).
nlohmann::json message_input(const Manifest& m, const Campaign& c, const CampaignVariant& v, const Store& store,
                             const Customer& customer, const std::vector<int32_t>& items, const std::string& language);

// The template-only text in the template's output format (labelled parts when it has them).
// The partner's own Mustache template for the channel, when it has one, renders the main text.
Result<std::string> fallback_text(const Manifest& m, const Campaign& c, const prompt::PromptTemplate& t,
                                  const Store& store, const Customer& customer, const std::vector<int32_t>& items,
                                  const std::string& language);

// The manifest's limits for the channel's parts, checked on the ranked candidate's text and
// parts: the failures, as "subject: 72 characters, the limit is 60" ("" parts are skipped).
std::vector<std::string> channel_limit_failures(const ChannelSpec& channel, const prompt::RankedCandidate& c);

// A message that greets someone must greet this customer: when the template asks for the
// customer's name (checks.must_mention has "customer"), a candidate without the greeting name
// fails ("customer: does not name Ann"). Small models copy names from the few-shot examples.
std::vector<std::string> customer_name_failures(const prompt::PromptTemplate& t, const nlohmann::json& input,
                                                const prompt::RankedCandidate& c);

// The time to send: the day after `as_of` in the brand's time at `hour` (clamped into the
// channel's send window), as seconds since the epoch.
int64_t send_time(int64_t as_of, int tz_minutes, int hour, const ChannelSpec& channel, int* used_hour);

}  // namespace plume::ecosystem
