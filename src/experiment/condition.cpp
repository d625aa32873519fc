// GrowthBook's condition language, operator by operator as mongrule.ts evaluates it (condition.h).
#include "experiment/condition.h"

#include <set>

#include "experiment/js_value.h"
#include "experiment/regex.h"

namespace plume::experiment {

using nlohmann::json;

namespace {

bool eval_condition(const json& obj, const json& condition, const SavedGroups& groups);
bool eval_value(const json& condition, const json& value, const SavedGroups& groups, bool insensitive = false);

// An object whose keys all start with '$' (and at least one key): a set of operators.
bool is_operator_object(const json& v) {
  if (!v.is_object() || v.empty()) return false;
  for (auto it = v.begin(); it != v.end(); ++it)
    if (it.key().empty() || it.key()[0] != '$') return false;
  return true;
}

// The items JS's Object.entries / array iteration would see for $and/$or/$nor arguments.
std::vector<json> as_list(const json& v) {
  if (v.is_array()) return std::vector<json>(v.begin(), v.end());
  std::vector<json> out;
  if (v.is_string())
    for (char16_t unit : utf8_to_utf16(v.get<std::string>())) out.push_back(utf16_to_utf8(std::u16string(1, unit)));
  return out;
}

std::string js_type(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_array()) return "array";
  if (v.is_string()) return "string";
  if (v.is_number()) return "number";
  if (v.is_boolean()) return "boolean";
  return "object";
}

json fold_case(const json& v) { return v.is_string() ? json(js_to_lower(v.get<std::string>())) : v; }

bool includes(const std::vector<json>& list, const json& x, bool insensitive) {
  for (const json& e : list)
    if (insensitive ? js_strict_equals(fold_case(x), fold_case(e)) : js_strict_equals(x, e)) return true;
  return false;
}

// $in: membership, or a non-empty intersection when the attribute is an array.
bool is_in(const json& actual, const std::vector<json>& expected, bool insensitive) {
  if (actual.is_array()) {
    for (const json& el : actual)
      if (includes(expected, el, insensitive)) return true;
    return false;
  }
  return includes(expected, actual, insensitive);
}

bool is_in_all(const json& actual, const json& expected, const SavedGroups& groups, bool insensitive) {
  if (!actual.is_array()) return false;
  for (const json& want : expected) {
    bool found = false;
    for (const json& have : actual)
      if (eval_value(want, have, groups, insensitive)) { found = true; break; }
    if (!found) return false;
  }
  return true;
}

bool elem_match(const json& actual, const json& expected, const SavedGroups& groups) {
  if (!actual.is_array()) return false;
  bool operators = is_operator_object(expected);
  for (const json& item : actual) {
    if (!js_truthy(item)) continue;  // the SDK skips falsy elements
    if (operators ? eval_value(expected, item, groups) : eval_condition(item, expected, groups)) return true;
  }
  return false;
}

const std::vector<json>& group_members(const json& id, const SavedGroups& groups) {
  static const std::vector<json> kNone;
  auto it = groups.find(js_to_string(id));
  return it == groups.end() ? kNone : it->second;
}

bool regex_operator(const json& actual, const json& pattern, bool insensitive) {
  if (!pattern.is_string()) return false;  // the SDK's pattern.replace() throws -> false
  return regex_test(pattern.get<std::string>(), js_to_string(actual), insensitive) == RegexOutcome::Match;
}

bool eval_operator(const std::string& op, const json& actual, const json& expected, const SavedGroups& groups) {
  if (op.rfind("$v", 0) == 0 && op.size() >= 4) {
    int c = js_string_compare(padded_version_string(actual), padded_version_string(expected));
    if (op == "$veq") return c == 0;
    if (op == "$vne") return c != 0;
    if (op == "$vgt") return c > 0;
    if (op == "$vgte") return c >= 0;
    if (op == "$vlt") return c < 0;
    if (op == "$vlte") return c <= 0;
  }
  if (op == "$eq") return js_strict_equals(actual, expected);
  if (op == "$ne") return !js_strict_equals(actual, expected);
  if (op == "$lt") return js_compare(actual, Relation::Less, expected);
  if (op == "$lte") return js_compare(actual, Relation::LessEqual, expected);
  if (op == "$gt") return js_compare(actual, Relation::Greater, expected);
  if (op == "$gte") return js_compare(actual, Relation::GreaterEqual, expected);
  if (op == "$exists") return js_truthy(expected) ? !actual.is_null() : actual.is_null();
  if (op == "$in" || op == "$ini" || op == "$nin" || op == "$nini") {
    if (!expected.is_array()) return false;
    bool in = is_in(actual, std::vector<json>(expected.begin(), expected.end()), op == "$ini" || op == "$nini");
    return (op == "$in" || op == "$ini") ? in : !in;
  }
  if (op == "$inGroup") return is_in(actual, group_members(expected, groups), false);
  if (op == "$notInGroup") return !is_in(actual, group_members(expected, groups), false);
  if (op == "$not") return !eval_value(expected, actual, groups);
  if (op == "$size") return actual.is_array() && eval_value(expected, json(actual.size()), groups);
  if (op == "$elemMatch") return elem_match(actual, expected, groups);
  if (op == "$all" || op == "$alli") return expected.is_array() && is_in_all(actual, expected, groups, op == "$alli");
  if (op == "$regex") return regex_operator(actual, expected, false);
  if (op == "$regexi") return regex_operator(actual, expected, true);
  if (op == "$type") return expected.is_string() && js_type(actual) == expected.get<std::string>();
  return false;  // unknown operator
}

bool eval_value(const json& condition, const json& value, const SavedGroups& groups, bool insensitive) {
  if (condition.is_string()) {
    if (insensitive) return js_to_lower(js_to_string(value)) == js_to_lower(condition.get<std::string>());
    return js_to_string(value) == condition.get<std::string>();
  }
  if (condition.is_number()) return js_to_number(value) == condition.get<double>();
  if (condition.is_boolean()) return !value.is_null() && js_truthy(value) == condition.get<bool>();
  if (condition.is_null()) return value.is_null();
  if (!is_operator_object(condition)) return js_json_equals(value, condition);
  for (auto it = condition.begin(); it != condition.end(); ++it)
    if (!eval_operator(it.key(), value, it.value(), groups)) return false;
  return true;
}

bool eval_or(const json& obj, const json& list, const SavedGroups& groups) {
  std::vector<json> items = as_list(list);
  if (items.empty()) return true;
  for (const json& c : items)
    if (eval_condition(obj, c, groups)) return true;
  return false;
}

bool eval_condition(const json& obj, const json& condition, const SavedGroups& groups) {
  if (condition.is_null()) return false;  // Object.entries(null) throws in the SDK
  std::vector<std::pair<std::string, json>> entries;
  if (condition.is_object()) {
    for (auto it = condition.begin(); it != condition.end(); ++it) entries.emplace_back(it.key(), it.value());
  } else {
    std::vector<json> items = as_list(condition);  // arrays and strings: index -> item
    for (size_t i = 0; i < items.size(); i++) entries.emplace_back(std::to_string(i), items[i]);
  }
  for (const auto& entry : entries) {
    const std::string& key = entry.first;
    const json& v = entry.second;
    if (key == "$or") { if (!eval_or(obj, v, groups)) return false; }
    else if (key == "$nor") { if (eval_or(obj, v, groups)) return false; }
    else if (key == "$and") {
      for (const json& c : as_list(v))
        if (!eval_condition(obj, c, groups)) return false;
    } else if (key == "$not") { if (eval_condition(obj, v, groups)) return false; }
    else if (!eval_value(v, attribute_at_path(obj, key), groups)) return false;
  }
  return true;
}

bool is_array_index(const std::string& s, size_t size, size_t* index) {
  if (s.empty() || s.size() > 10 || (s.size() > 1 && s[0] == '0')) return false;
  size_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<size_t>(c - '0');
  }
  *index = v;
  return v < size;
}

// --- validation -------------------------------------------------------------------------------

const std::set<std::string> kOperators = {
    "$eq", "$ne", "$lt", "$lte", "$gt", "$gte", "$exists", "$in", "$ini", "$nin", "$nini", "$inGroup",
    "$notInGroup", "$not", "$size", "$elemMatch", "$all", "$alli", "$regex", "$regexi", "$type",
    "$veq", "$vne", "$vgt", "$vgte", "$vlt", "$vlte"};
const std::set<std::string> kTypes = {"string", "number", "boolean", "object", "array", "null", "undefined"};

Status validate_object(const json& condition, const std::string& where);

Status validate_value(const json& v, const std::string& where) {
  if (!v.is_object() || v.empty()) return {};
  bool any_op = false, any_field = false;
  for (auto it = v.begin(); it != v.end(); ++it) (it.key()[0] == '$' ? any_op : any_field) = true;
  if (!any_op) return {};  // a plain object, compared as JSON
  if (any_field) return make_error(where, ": mixes operators ($...) with plain fields; GrowthBook would compare it as a literal object");
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string op = it.key();
    const json& arg = it.value();
    const std::string at = where + "." + op;
    if (!kOperators.count(op)) return make_error(at, ": unknown operator ", op);
    if ((op == "$in" || op == "$ini" || op == "$nin" || op == "$nini" || op == "$all" || op == "$alli") && !arg.is_array())
      return make_error(at, ": expects an array, got ", arg.dump(-1, ' ', false, json::error_handler_t::replace));
    if (op == "$regex" || op == "$regexi") {
      if (!arg.is_string()) return make_error(at, ": expects a regular expression string");
      std::string problem = regex_problem(arg.get<std::string>());
      if (!problem.empty()) return make_error(at, ": invalid regular expression /", arg.get<std::string>(), "/: ", problem);
    }
    if ((op == "$inGroup" || op == "$notInGroup") && !arg.is_string()) return make_error(at, ": expects a saved group id (a string)");
    if (op == "$type" && (!arg.is_string() || !kTypes.count(arg.get<std::string>())))
      return make_error(at, ": expects one of string, number, boolean, object, array, null");
    if (op.rfind("$v", 0) == 0 && !arg.is_string() && !arg.is_number()) return make_error(at, ": expects a version string such as \"1.2.3\"");
    if (op == "$not" || op == "$size") {
      Status s = validate_value(arg, at);
      if (!s.ok()) return s;
    }
    if (op == "$elemMatch") {
      if (!arg.is_object()) return make_error(at, ": expects an object (operators or a sub-condition)");
      Status s = is_operator_object(arg) ? validate_value(arg, at) : validate_object(arg, at);
      if (!s.ok()) return s;
    }
  }
  return {};
}

Status validate_object(const json& condition, const std::string& where) {
  if (!condition.is_object()) return make_error(where, ": a condition must be a JSON object");
  for (auto it = condition.begin(); it != condition.end(); ++it) {
    const std::string key = it.key();
    const json& v = it.value();
    const std::string at = where + "." + key;
    if (key == "$and" || key == "$or" || key == "$nor") {
      if (!v.is_array()) return make_error(at, ": expects an array of conditions");
      for (size_t i = 0; i < v.size(); i++) {
        Status s = validate_object(v[i], at + "[" + std::to_string(i) + "]");
        if (!s.ok()) return s;
      }
    } else if (key == "$not") {
      Status s = validate_object(v, at);
      if (!s.ok()) return s;
    } else if (!key.empty() && key[0] == '$' && key != "$groups") {
      return make_error(at, ": unknown logical operator ", key, " (use $and, $or, $nor or $not)");
    } else {
      Status s = validate_value(v, at);
      if (!s.ok()) return s;
    }
  }
  return {};
}

}  // namespace

json attribute_at_path(const json& attributes, const std::string& path) {
  const json* current = &attributes;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (current->is_object()) {
      auto it = current->find(part);
      if (it == current->end()) return nullptr;
      current = &*it;
    } else if (current->is_array()) {
      size_t index;
      if (part == "length") {
        if (dot != std::string::npos) return nullptr;  // a number has no properties to descend
        return json(current->size());
      }
      if (!is_array_index(part, current->size(), &index)) return nullptr;
      current = &(*current)[index];
    } else {
      return nullptr;
    }
    if (dot == std::string::npos) return *current;
    start = dot + 1;
  }
}

std::string padded_version_string(const json& version) {
  std::string s = version.is_number() ? js_number_to_string(version.get<double>()) : "";
  if (version.is_string()) s = version.get<std::string>();
  if (s.empty()) s = "0";  // falsy or not a string
  // Drop a leading "v" and "+build" metadata (a "+" with no line break after it).
  if (s[0] == 'v') s.erase(0, 1);
  for (size_t plus = s.find('+'); plus != std::string::npos; plus = s.find('+', plus + 1)) {
    if (s.find_first_of("\r\n", plus) == std::string::npos) { s.erase(plus); break; }
  }
  std::vector<std::string> parts(1);
  for (char c : s) {
    if (c == '-' || c == '.') parts.emplace_back();
    else parts.back() += c;
  }
  if (parts.size() == 3) parts.push_back("~");  // a release sorts after its pre-releases
  std::string out;
  for (size_t i = 0; i < parts.size(); i++) {
    const std::string& p = parts[i];
    bool numeric = !p.empty() && p.find_first_not_of("0123456789") == std::string::npos;
    if (i) out += "-";
    out += (numeric && p.size() < 5) ? std::string(5 - p.size(), ' ') + p : p;
  }
  return out;
}

bool evaluate_condition(const json& condition, const json& attributes, const SavedGroups& saved_groups) {
  return eval_condition(attributes, condition, saved_groups);
}

Result<SavedGroups> parse_saved_groups(const json& groups) {
  SavedGroups out;
  if (groups.is_null()) return out;
  if (!groups.is_object()) return make_error("saved groups must be a JSON object {\"group_id\": [values...]}");
  for (auto it = groups.begin(); it != groups.end(); ++it) {
    if (!it.value().is_array()) return make_error("saved group '", it.key(), "' must be an array of values");
    out[it.key()] = std::vector<json>(it.value().begin(), it.value().end());
  }
  return out;
}

Status validate_condition(const json& condition) { return validate_object(condition, "condition"); }

}  // namespace plume::experiment
