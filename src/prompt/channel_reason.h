// Why a text passes or fails a channel or brand rule, in words a marketer understands: a stable
// code for programs, the parameters that explain it, and the same message in English and Chinese.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace plume::rules {

enum class Severity { kError, kWarning };  // an error fails the check; a warning only advises

struct Param {
  std::string name;
  std::variant<int64_t, std::string> value;
};

struct Reason {
  std::string code;  // e.g. "sms.too_many_segments", "brand.banned_word"
  Severity severity = Severity::kError;
  std::vector<Param> params;
  std::string en, zh;
};

inline const char* severity_name(Severity s) { return s == Severity::kError ? "error" : "warning"; }

inline bool has_error(const std::vector<Reason>& reasons) {
  for (const Reason& r : reasons)
    if (r.severity == Severity::kError) return true;
  return false;
}

}  // namespace plume::rules
