// The ecosystem manifest (manifest.json, src/ecosystem/manifest*): any text. Invariants: a check
// answers with at most kMaxManifestErrors errors, each "path: message" non-empty, `truncated`
// only with a full list; load_manifest agrees with the check; checking is deterministic; an
// accepted manifest's channel, partner and segment ids are found by their lookups, and the UTC
// offset parser answers for the first line too.
#include "ecosystem/manifest.h"
#include "fuzz_input.h"

using namespace plume;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ecosystem::ManifestCheck check = ecosystem::check_manifest_text(text);
  FUZZ_CHECK(check.errors.size() <= ecosystem::kMaxManifestErrors);
  FUZZ_CHECK(!check.truncated || check.errors.size() == ecosystem::kMaxManifestErrors);
  for (const std::string& e : check.errors) FUZZ_CHECK(!e.empty());
  auto loaded = ecosystem::load_manifest(text);
  FUZZ_CHECK(loaded.ok() == check.ok());
  if (!loaded) FUZZ_CHECK(!loaded.error().message.empty());
  ecosystem::ManifestCheck again = ecosystem::check_manifest_text(text);
  FUZZ_CHECK(again.errors == check.errors);
  if (check.ok()) {
    const ecosystem::Manifest& m = check.manifest;
    FUZZ_CHECK(!m.languages.empty());
    for (const auto& c : m.channels) FUZZ_CHECK(m.channel(c.id) != nullptr);
    for (const auto& p : m.partners) FUZZ_CHECK(m.partner(p.id) != nullptr);
    for (const auto& s : m.segments) FUZZ_CHECK(m.segment(s.id) != nullptr);
    for (const auto& c : m.channels) {
      if (c.send_start_hour) FUZZ_CHECK(*c.send_start_hour >= 0 && *c.send_start_hour <= 24);
      if (c.send_end_hour) FUZZ_CHECK(*c.send_end_hour >= 0 && *c.send_end_hour <= 24);
    }
  }
  auto offset = ecosystem::parse_utc_offset(text.substr(0, text.find('\n')));
  if (offset) FUZZ_CHECK(*offset > -24 * 60 && *offset < 24 * 60);
  return 0;
}
