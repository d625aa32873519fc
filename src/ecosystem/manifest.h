// The ecosystem manifest: who the brand is, which partners it works with and which channels it
// sends through. One JSON document (schema: docs/ecosystem.md); validation reports EVERY problem
// (up to kMaxManifestErrors), each naming its path: "partners[2].channels[0].limits.text:
// expected a positive integer". Unknown keys are errors, with "did you mean" when one is close.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace plume::ecosystem {

inline constexpr size_t kMaxManifestErrors = 100;

// A user-visible text in the brand's languages: {"en": "...", "zh": "..."} (a plain string
// in the manifest is taken as English).
using LocalText = std::map<std::string, std::string>;

struct Voice {
  std::vector<std::string> tone;            // "warm", "playful", "专业"
  std::vector<std::string> banned_words;
  std::vector<std::string> required_words;
};

// One part of a message on a channel (an email's subject, a WeChat article's digest) and the
// src/prompt channel rule that counts it ("" when no rule exists: plain characters).
struct ChannelPart {
  std::string name;
  std::string rule;
  int64_t limit = 0;  // 0 = the rule's default
};

struct ChannelSpec {
  std::string id;                   // email, sms, x, weibo, wechat, google-ads, web-widget, push
  bool enabled = true;
  std::vector<ChannelPart> parts;   // the channel's parts, limits applied
  int max_segments = 1;             // sms only
  std::optional<int> send_start_hour, send_end_hour;  // local hours when sending is allowed
  std::vector<std::string> languages;                 // empty = the brand's languages
};

enum class PartnerType { kChannel, kData, kProduct, kContent };
const char* partner_type_name(PartnerType t);

struct Partner {
  std::string id;
  LocalText name;
  PartnerType type = PartnerType::kChannel;
  std::vector<ChannelSpec> channels;               // channels it brings, with its constraints
  std::vector<std::string> catalogs;               // catalog ids it supplies
  std::map<std::string, std::string> templates;    // channel id -> Mustache template
  std::optional<Voice> voice;                      // overrides the brand's voice
  std::map<std::string, std::vector<std::string>> data_scope;  // table -> fields it may see
};

struct Segment {
  std::string id;
  LocalText name;
  nlohmann::json condition;  // GrowthBook condition (experiment/condition.h)
};

struct IdentityRule {
  std::vector<std::string> keys = {"email", "phone"};  // tried in this order
  std::string default_country_code;                    // digits, e.g. "86"; "" = phones need "+"
};

struct Manifest {
  LocalText brand_name;
  std::vector<std::string> languages = {"en"};
  Voice voice;
  std::string currency;            // ISO 4217, for prices without one
  int timezone_minutes = 0;        // the brand's local time (send hours)
  IdentityRule identity;
  std::vector<ChannelSpec> channels;
  std::vector<Partner> partners;
  std::vector<Segment> segments;

  const Partner* partner(std::string_view id) const;
  const ChannelSpec* channel(std::string_view id) const;
  const Segment* segment(std::string_view id) const;
};

struct ManifestCheck {
  Manifest manifest;                 // meaningful only when errors is empty
  std::vector<std::string> errors;   // "path: message", in document order, at most 100
  bool truncated = false;            // more errors than the cap
  bool ok() const { return errors.empty(); }
};

ManifestCheck check_manifest(const nlohmann::json& document);
// Parses text and checks it; a JSON syntax error is the single error.
ManifestCheck check_manifest_text(std::string_view text);
// The manifest, or an Error holding the (first ten) problems one per line.
Result<Manifest> load_manifest(std::string_view text);

// The eight channel ids, and each one's parts mapped onto src/prompt's channel rules.
const std::vector<std::string>& channel_ids();
std::vector<ChannelPart> default_channel_parts(std::string_view channel_id);

// "+08:00" / "-05:30" / "Z" / "UTC" -> minutes east of UTC.
Result<int> parse_utc_offset(std::string_view text);

}  // namespace plume::ecosystem
