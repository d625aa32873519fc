// The envelope every Embind entry point returns to web/: {"ok":true,...} on success,
// {"ok":false,"error":"..."} on bad input. Text that is not UTF-8 is replaced, never thrown on
// (exceptions would abort the instance).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace plume::wasm {

inline std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}
inline std::string failure(const std::string& message) {
  return dump(nlohmann::json{{"ok", false}, {"error", message}});
}
// Bindings build their own messages with make_error too: scripts/core-errors.mjs extracts the
// skeletons of make_error calls for the studio's Chinese catalog (a concatenated string it cannot read).
inline std::string failure(const Error& error) { return failure(error.message); }
inline std::string reply(nlohmann::json j) {
  j["ok"] = true;
  return dump(j);
}

}  // namespace plume::wasm
