// The walker behind check_manifest: reads JSON values at a path, collects every problem as
// "path: message" (up to a cap) and keeps going, so one pass reports all that is wrong.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace plume::ecosystem {

class JsonChecker {
 public:
  explicit JsonChecker(size_t cap) : cap_(cap) {}

  // One problem, "path: message", built with make_error so its words stay literal (the studio's
  // Chinese catalog matches make_error skeletons).
  void error(const Error& problem);
  const std::vector<std::string>& errors() const { return errors_; }
  bool truncated() const { return truncated_; }

  // A path as messages show it ("" is the document itself).
  static std::string shown(const std::string& path) { return path.empty() ? "(top level)" : path; }
  static std::string key_path(const std::string& parent, const std::string& key) {
    return parent.empty() ? key : parent + "." + key;
  }
  static std::string index_path(const std::string& parent, size_t i) {
    return parent + "[" + std::to_string(i) + "]";
  }

  // An object whose keys are all in `allowed` (unknown keys are errors, with a suggestion).
  bool object(const nlohmann::json& j, const std::string& path, const std::vector<std::string>& allowed);
  // A present member of an object, or null (and an error when `required`).
  const nlohmann::json* member(const nlohmann::json& obj, const std::string& path, const char* key, bool required);

  std::optional<std::string> string(const nlohmann::json* v, const std::string& path, bool non_empty = true);
  std::optional<int64_t> integer(const nlohmann::json* v, const std::string& path, int64_t lo, int64_t hi,
                                 const char* what = "an integer");
  std::optional<bool> boolean(const nlohmann::json* v, const std::string& path);
  // An array of non-empty strings (duplicates are errors).
  std::optional<std::vector<std::string>> strings(const nlohmann::json* v, const std::string& path);
  // One of `choices` (the error lists them and suggests the closest).
  std::optional<std::string> choice(const nlohmann::json* v, const std::string& path,
                                    const std::vector<std::string>& choices);

 private:
  size_t cap_;
  std::vector<std::string> errors_;
  bool truncated_ = false;
};

// The JSON type of a value as a user would name it ("a string", "an array", ...).
std::string json_kind(const nlohmann::json& v);

}  // namespace plume::ecosystem
