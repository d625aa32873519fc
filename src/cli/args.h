// Command-line flags: "--name value" pairs, repeatable flags and switches, with errors that
// name the flag. Nothing here knows what the flags mean.
#pragma once

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"

namespace plume::cli {

class Args {
 public:
  // `switches` take no value; every other flag takes exactly one.
  static Result<Args> parse(int argc, char** argv, int first, const std::set<std::string>& known,
                            const std::set<std::string>& switches) {
    Args a;
    for (int i = first; i < argc; i++) {
      std::string flag = argv[i];
      if (flag.rfind("--", 0) != 0) return make_error("unexpected argument '", flag, "'");
      flag = flag.substr(2);
      if (switches.count(flag)) { a.values_[flag].push_back("1"); continue; }
      if (!known.count(flag)) return make_error("unknown option --", flag);
      if (i + 1 >= argc) return make_error("option --", flag, " needs a value");
      a.values_[flag].push_back(argv[++i]);
    }
    return a;
  }

  bool has(const std::string& flag) const { return values_.count(flag) > 0; }
  std::string str(const std::string& flag, const std::string& fallback = "") const {
    auto it = values_.find(flag);
    return it == values_.end() ? fallback : it->second.back();
  }
  std::vector<std::string> all(const std::string& flag) const {
    auto it = values_.find(flag);
    return it == values_.end() ? std::vector<std::string>{} : it->second;
  }
  Result<std::string> required(const std::string& flag) const {
    if (!has(flag)) return make_error("missing --", flag);
    return str(flag);
  }
  Result<int64_t> integer(const std::string& flag, int64_t fallback) const {
    if (!has(flag)) return fallback;
    std::string v = str(flag);
    char* end = nullptr;
    errno = 0;
    long long x = std::strtoll(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || errno == ERANGE) return make_error("--", flag, ": '", v, "' is not an integer");
    return static_cast<int64_t>(x);
  }
  Result<double> number(const std::string& flag, double fallback) const {
    if (!has(flag)) return fallback;
    std::string v = str(flag);
    char* end = nullptr;
    double x = std::strtod(v.c_str(), &end);
    if (v.empty() || *end != '\0' || std::isnan(x)) return make_error("--", flag, ": '", v, "' is not a number");
    return x;
  }

 private:
  std::map<std::string, std::vector<std::string>> values_;
};

}  // namespace plume::cli
