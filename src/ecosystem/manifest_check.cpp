#include "ecosystem/manifest_check.h"

#include <set>

#include "ecosystem/suggest.h"

using nlohmann::json;

namespace plume::ecosystem {

std::string json_kind(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    default: return "a number";
  }
}

void JsonChecker::error(const Error& problem) {
  if (errors_.size() >= cap_) { truncated_ = true; return; }
  errors_.push_back(problem.message);
}

bool JsonChecker::object(const json& j, const std::string& path, const std::vector<std::string>& allowed) {
  if (!j.is_object()) { error(make_error(shown(path), ": expected an object, found ", json_kind(j))); return false; }
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (const std::string& k : allowed) known = known || k == it.key();
    if (!known) error(make_error(shown(key_path(path, it.key())), ": unknown key", did_you_mean(it.key(), allowed)));
  }
  return true;
}

const json* JsonChecker::member(const json& obj, const std::string& path, const char* key, bool required) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) error(make_error(shown(key_path(path, key)), ": required"));
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> JsonChecker::string(const json* v, const std::string& path, bool non_empty) {
  if (!v) return std::nullopt;
  if (!v->is_string()) { error(make_error(shown(path), ": expected a string, found ", json_kind(*v))); return std::nullopt; }
  std::string s = v->get<std::string>();
  if (non_empty && s.find_first_not_of(" \t\r\n") == std::string::npos) { error(make_error(shown(path), ": must not be empty")); return std::nullopt; }
  return s;
}

std::optional<int64_t> JsonChecker::integer(const json* v, const std::string& path, int64_t lo, int64_t hi,
                                            const char* what) {
  if (!v) return std::nullopt;
  bool integral = v->is_number_integer() || v->is_number_unsigned() ||
                  (v->is_number_float() && v->get<double>() == static_cast<double>(static_cast<int64_t>(v->get<double>())));
  if (!integral) { error(make_error(shown(path), ": expected ", what, ", found ", (v->is_number() ? v->dump() : json_kind(*v)))); return std::nullopt; }
  double d = v->get<double>();
  if (d < static_cast<double>(lo) || d > static_cast<double>(hi)) {
    error(make_error(shown(path), ": expected ", what, " between ", lo, " and ", hi, ", found ", v->dump()));
    return std::nullopt;
  }
  return static_cast<int64_t>(d);
}

std::optional<bool> JsonChecker::boolean(const json* v, const std::string& path) {
  if (!v) return std::nullopt;
  if (!v->is_boolean()) { error(make_error(shown(path), ": expected true or false, found ", json_kind(*v))); return std::nullopt; }
  return v->get<bool>();
}

std::optional<std::vector<std::string>> JsonChecker::strings(const json* v, const std::string& path) {
  if (!v) return std::nullopt;
  if (!v->is_array()) { error(make_error(shown(path), ": expected an array of strings, found ", json_kind(*v))); return std::nullopt; }
  std::vector<std::string> out;
  std::set<std::string> seen;
  bool good = true;
  for (size_t i = 0; i < v->size(); i++) {
    auto s = string(&(*v)[i], index_path(path, i));
    if (!s) { good = false; continue; }
    if (!seen.insert(*s).second) { error(make_error(shown(index_path(path, i)), ": '", *s, "' is listed twice")); good = false; continue; }
    out.push_back(*s);
  }
  if (!good) return std::nullopt;
  return out;
}

std::optional<std::string> JsonChecker::choice(const json* v, const std::string& path,
                                               const std::vector<std::string>& choices) {
  auto s = string(v, path);
  if (!s) return std::nullopt;
  for (const std::string& c : choices)
    if (c == *s) return s;
  std::string list;
  for (const std::string& c : choices) list += (list.empty() ? "" : ", ") + c;
  error(make_error(shown(path), ": '", *s, "' is not one of ", list, did_you_mean(*s, choices)));
  return std::nullopt;
}

}  // namespace plume::ecosystem
