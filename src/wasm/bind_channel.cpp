// Embind: channel and brand rules for the browser (web/channels.js). JSON in, JSON out; the
// shape is src/prompt/channel_json.h's. Every function returns {"ok":true,...} or
// {"ok":false,"error":...}; nothing throws.
#include <emscripten/bind.h>

#include <string>

#include <nlohmann/json.hpp>

#include "prompt/channel_json.h"
#include "wasm/reply.h"

using nlohmann::json;

namespace plume {
namespace {

using wasm::failure;

// The engine's own "ok" (the call worked) and the rule's verdict are different things: the
// verdict travels as "pass" so it does not collide with the envelope.
std::string reply(json j) {
  j["pass"] = j["ok"];
  j["ok"] = true;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<json> parse_object(const std::string& text, const char* what) {
  if (text.empty()) return json(nullptr);
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !(j.is_object() || j.is_null())) return make_error(what, " must be a JSON object");
  return j;
}

std::string check_channel_bound(const std::string& text, const std::string& channel, const std::string& options_json) {
  auto options = parse_object(options_json, "channel options");
  if (!options) return failure(options.error().message);
  auto r = check_channel_json(text, channel, *options);
  return r ? reply(*r) : failure(r.error().message);
}

std::string check_brand_bound(const std::string& text, const std::string& rules_json) {
  auto rules = parse_object(rules_json, "brand rules");
  if (!rules) return failure(rules.error().message);
  auto r = check_brand_json(text, *rules);
  return r ? reply(*r) : failure(r.error().message);
}

std::string channel_names_bound() {
  json names = json::array();
  for (Channel c : all_channels()) names.push_back(channel_name(c));
  return json{{"ok", true}, {"channels", names}}.dump();
}

}  // namespace
}  // namespace plume

EMSCRIPTEN_BINDINGS(plume_channel) {
  emscripten::function("checkChannel", &plume::check_channel_bound);
  emscripten::function("checkBrand", &plume::check_brand_bound);
  emscripten::function("channelNames", &plume::channel_names_bound);
}
