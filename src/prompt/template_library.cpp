// Sidecar parsing and validation. nlohmann::json is used without exceptions (parse with
// allow_exceptions=false, type checks before get<>()), as everywhere in the engine.
#include "prompt/template_library.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace plume::prompt {
namespace {

using nlohmann::json;

std::string show(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

std::string plain(double x) {
  return x == std::floor(x) && std::abs(x) < 1e15 ? std::to_string(static_cast<int64_t>(x)) : std::to_string(x);
}

// Reads typed values out of the sidecar; every error names the file and the JSON path.
class Reader {
 public:
  Reader(const json& root, std::string file) : root_(root), file_(std::move(file)) {}

  Error error(const std::string& path, const std::string& what) const { return make_error(file_, ": ", path, ": ", what); }

  const json* find(const std::string& key) const {
    auto it = root_.find(key);
    return it == root_.end() ? nullptr : &*it;
  }

  Status string(const json& v, const std::string& path, std::string* out, bool allow_empty = false) const {
    if (!v.is_string()) return error(path, "expected a string, got " + show(v));
    *out = v.get<std::string>();
    if (!allow_empty && out->empty()) return error(path, "must not be empty");
    return {};
  }

  Status strings(const json& v, const std::string& path, std::vector<std::string>* out) const {
    if (!v.is_array()) return error(path, "expected a list of strings, got " + show(v));
    out->clear();
    for (size_t i = 0; i < v.size(); i++) {
      std::string s;
      if (Status st = string(v[i], path + "[" + std::to_string(i) + "]", &s); !st) return st;
      out->push_back(std::move(s));
    }
    return {};
  }

  Status integer(const json& v, const std::string& path, int lo, int hi, int* out) const {
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() != std::floor(v.get<double>()) ||
        v.get<double>() < lo || v.get<double>() > hi)
      return error(path, "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got " + show(v));
    *out = static_cast<int>(v.get<double>());
    return {};
  }

  Status number(const json& v, const std::string& path, double lo, double hi, double* out) const {
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < lo || v.get<double>() > hi)
      return error(path, "expected a number from " + plain(lo) + " to " + plain(hi) + ", got " + show(v));
    *out = v.get<double>();
    return {};
  }

  Status channel(const json& v, const std::string& path, std::optional<Channel>* out) const {
    std::string name;
    if (Status s = string(v, path, &name); !s) return s;
    auto c = parse_channel(name);
    if (!c) return error(path, c.error().message);
    *out = *c;
    return {};
  }

  // Unknown keys are errors: a typo ("max_word") must not silently switch a check off.
  Status only(const json& obj, const std::string& path, std::initializer_list<const char*> known) const {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      bool ok = false;
      for (const char* k : known) ok = ok || it.key() == k;
      if (!ok) {
        std::string list;
        for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
        return error(path.empty() ? it.key() : path + "." + it.key(), "unknown key (known: " + list + ")");
      }
    }
    return {};
  }

 private:
  const json& root_;
  std::string file_;
};

// A field value as the prompt format allows it: text, a number, or a list of texts.
bool is_field_value(const json& v) {
  if (v.is_string() || v.is_number() || v.is_null()) return true;
  if (!v.is_array()) return false;
  return std::all_of(v.begin(), v.end(), [](const json& x) { return x.is_string() || x.is_number(); });
}

Status parse_checks(const Reader& r, const json& v, TemplateChecks* c) {
  if (!v.is_object()) return r.error("checks", "expected an object, got " + show(v));
  if (Status s = r.only(v, "checks", {"min_words", "max_words", "min_chars", "max_chars", "must_mention", "banned",
                                      "required", "channel_rule"}); !s)
    return s;
  const std::pair<const char*, int*> ints[] = {
      {"min_words", &c->min_words}, {"max_words", &c->max_words}, {"min_chars", &c->min_chars}, {"max_chars", &c->max_chars}};
  for (const auto& [key, out] : ints)
    if (v.contains(key))
      if (Status s = r.integer(v[key], std::string("checks.") + key, 0, 100000, out); !s) return s;
  if (c->max_words && c->min_words > c->max_words) return r.error("checks.min_words", "is larger than checks.max_words");
  if (c->max_chars && c->min_chars > c->max_chars) return r.error("checks.min_chars", "is larger than checks.max_chars");
  const std::pair<const char*, std::vector<std::string>*> lists[] = {
      {"must_mention", &c->must_mention}, {"banned", &c->banned}, {"required", &c->required}};
  for (const auto& [key, out] : lists)
    if (v.contains(key))
      if (Status s = r.strings(v[key], std::string("checks.") + key, out); !s) return s;
  if (v.contains("channel_rule"))
    if (Status s = r.channel(v["channel_rule"], "checks.channel_rule", &c->channel_rule); !s) return s;
  return {};
}

Status parse_output(const Reader& r, const json& v, const std::string& marker_default, TemplateOutput* o) {
  if (!v.is_object()) return r.error("output", "expected an object, got " + show(v));
  if (Status s = r.only(v, "output", {"marker", "stop", "parts"}); !s) return s;
  o->marker = marker_default;
  o->stop = {"\n###"};
  if (v.contains("marker"))
    if (Status s = r.string(v["marker"], "output.marker", &o->marker); !s) return s;
  if (v.contains("stop"))
    if (Status s = r.strings(v["stop"], "output.stop", &o->stop); !s) return s;
  for (size_t i = 0; i < o->stop.size(); i++)
    if (o->stop[i].empty()) return r.error("output.stop[" + std::to_string(i) + "]", "must not be empty");
  if (!v.contains("parts")) return {};
  const json& parts = v["parts"];
  if (!parts.is_array()) return r.error("output.parts", "expected a list of {\"name\", \"label\"} objects, got " + show(parts));
  std::set<std::string> names;
  for (size_t i = 0; i < parts.size(); i++) {
    const std::string path = "output.parts[" + std::to_string(i) + "]";
    const json& p = parts[i];
    if (!p.is_object()) return r.error(path, "expected an object {\"name\", \"label\"}, got " + show(p));
    if (Status s = r.only(p, path, {"name", "label", "channel_rule"}); !s) return s;
    OutputPart part;
    if (!p.contains("name")) return r.error(path + ".name", "is missing");
    if (!p.contains("label")) return r.error(path + ".label", "is missing");
    if (Status s = r.string(p["name"], path + ".name", &part.name); !s) return s;
    if (Status s = r.string(p["label"], path + ".label", &part.label); !s) return s;
    if (p.contains("channel_rule"))
      if (Status s = r.channel(p["channel_rule"], path + ".channel_rule", &part.channel_rule); !s) return s;
    if (!names.insert(part.name).second) return r.error(path + ".name", "'" + part.name + "' is used twice");
    o->parts.push_back(std::move(part));
  }
  return {};
}

Status parse_generation(const Reader& r, const json& v, TemplateGeneration* g) {
  if (!v.is_object()) return r.error("generation", "expected an object, got " + show(v));
  if (Status s = r.only(v, "generation", {"n", "max_new_tokens", "temperature", "top_k", "top_p", "repetition_penalty"}); !s)
    return s;
  if (v.contains("n"))
    if (Status s = r.integer(v["n"], "generation.n", 1, 16, &g->n); !s) return s;
  if (v.contains("max_new_tokens"))
    if (Status s = r.integer(v["max_new_tokens"], "generation.max_new_tokens", 1, 100000, &g->max_new_tokens); !s) return s;
  if (v.contains("temperature"))
    if (Status s = r.number(v["temperature"], "generation.temperature", 0, 100, &g->temperature); !s) return s;
  if (v.contains("top_k"))
    if (Status s = r.integer(v["top_k"], "generation.top_k", 0, 1000000, &g->top_k); !s) return s;
  if (v.contains("top_p"))
    if (Status s = r.number(v["top_p"], "generation.top_p", 0, 1, &g->top_p); !s) return s;
  if (v.contains("repetition_penalty"))
    if (Status s = r.number(v["repetition_penalty"], "generation.repetition_penalty", 0.01, 100, &g->repetition_penalty); !s)
      return s;
  return {};
}

Status parse_examples(const Reader& r, const json& v, json* out) {
  if (!v.is_array()) return r.error("examples", "expected a list of objects, got " + show(v));
  for (size_t i = 0; i < v.size(); i++) {
    const std::string path = "examples[" + std::to_string(i) + "]";
    if (!v[i].is_object()) return r.error(path, "expected an object of fields and \"output\", got " + show(v[i]));
    if (!v[i].contains("output") || !v[i]["output"].is_string() || v[i]["output"].get<std::string>().empty())
      return r.error(path + ".output", "is missing or not a non-empty string (the example's text)");
    for (auto it = v[i].begin(); it != v[i].end(); ++it)
      if (!is_field_value(it.value()))
        return r.error(path + "." + it.key(), "expected text, a number or a list of texts, got " + show(it.value()));
  }
  *out = v;
  return {};
}

}  // namespace

Result<PromptTemplate> parse_template(std::string_view sidecar_text, const std::string& file_name,
                                      const TemplateFileReader& read) {
  json root = json::parse(sidecar_text, nullptr, false);
  if (root.is_discarded()) return make_error(file_name, ": not valid JSON (or not UTF-8)");
  if (!root.is_object()) return make_error(file_name, ": expected a JSON object");
  Reader r(root, file_name);
  if (Status s = r.only(root, "", {"format", "name", "content_type", "language", "channel", "template", "partials", "task",
                                   "constraints", "fields", "input_fields", "required_fields", "checks", "output",
                                   "generation", "examples", "sample"});
      !s)
    return s.error();
  PromptTemplate t;
  std::string format;
  if (!root.contains("format")) return r.error("format", "is missing (expected \"plume-prompt/1\")");
  if (Status s = r.string(root["format"], "format", &format); !s) return s.error();
  if (format != "plume-prompt/1") return r.error("format", "is \"" + format + "\", expected \"plume-prompt/1\"");

  t.name = file_name;
  if (t.name.size() > 5 && t.name.compare(t.name.size() - 5, 5, ".json") == 0) t.name.resize(t.name.size() - 5);
  if (size_t slash = t.name.find_last_of('/'); slash != std::string::npos) t.name = t.name.substr(slash + 1);
  if (root.contains("name"))
    if (Status s = r.string(root["name"], "name", &t.name); !s) return s.error();

  for (const char* key : {"content_type", "language", "channel", "template", "task"}) {
    if (!root.contains(key)) return r.error(key, "is missing");
  }
  if (Status s = r.string(root["content_type"], "content_type", &t.content_type); !s) return s.error();
  if (Status s = r.string(root["language"], "language", &t.language); !s) return s.error();
  if (t.language != "en" && t.language != "zh") return r.error("language", "is \"" + t.language + "\", expected \"en\" or \"zh\"");
  if (Status s = r.string(root["channel"], "channel", &t.channel); !s) return s.error();
  if (Status s = r.string(root["template"], "template", &t.template_file); !s) return s.error();
  if (Status s = r.string(root["task"], "task", &t.task); !s) return s.error();
  if (root.contains("constraints"))
    if (Status s = r.strings(root["constraints"], "constraints", &t.constraints); !s) return s.error();

  if (root.contains("fields")) {
    const json& f = root["fields"];
    if (!f.is_object()) return r.error("fields", "expected an object of default field values, got " + show(f));
    for (auto it = f.begin(); it != f.end(); ++it)
      if (!is_field_value(it.value()))
        return r.error("fields." + it.key(), "expected text, a number or a list of texts, got " + show(it.value()));
    t.fields = f;
  }
  if (root.contains("input_fields"))
    if (Status s = r.strings(root["input_fields"], "input_fields", &t.input_fields); !s) return s.error();
  if (root.contains("required_fields"))
    if (Status s = r.strings(root["required_fields"], "required_fields", &t.required_fields); !s) return s.error();
  for (size_t i = 0; i < t.required_fields.size(); i++)
    if (!t.input_fields.empty() &&
        std::find(t.input_fields.begin(), t.input_fields.end(), t.required_fields[i]) == t.input_fields.end())
      return r.error("required_fields[" + std::to_string(i) + "]", "'" + t.required_fields[i] + "' is not in input_fields");
  if (root.contains("checks"))
    if (Status s = parse_checks(r, root["checks"], &t.checks); !s) return s.error();
  const std::string marker = t.language == "zh" ? "### 输出\n" : "### Output\n";
  t.output.marker = marker;
  t.output.stop = {"\n###"};
  if (root.contains("output"))
    if (Status s = parse_output(r, root["output"], marker, &t.output); !s) return s.error();
  if (root.contains("generation"))
    if (Status s = parse_generation(r, root["generation"], &t.generation); !s) return s.error();
  if (root.contains("examples"))
    if (Status s = parse_examples(r, root["examples"], &t.examples); !s) return s.error();
  if (root.contains("sample")) {
    if (!root["sample"].is_object()) return r.error("sample", "expected an object, got " + show(root["sample"]));
    t.sample = root["sample"];
  }

  // The Mustache texts: present, and syntactically valid (errors located in the file).
  auto text = read(t.template_file);
  if (!text) return r.error("template", "cannot read '" + t.template_file + "': " + text.error().message);
  t.template_text = std::move(*text);
  MustacheErrorLocation at;
  if (Status s = check_mustache(t.template_text, &at); !s)
    return make_error(t.template_file, ":", at.line, ":", at.column, ": ", at.what);
  if (root.contains("partials")) {
    const json& p = root["partials"];
    if (!p.is_object()) return r.error("partials", "expected an object of partial name: file, got " + show(p));
    for (auto it = p.begin(); it != p.end(); ++it) {
      if (!it.value().is_string()) return r.error("partials." + it.key(), "expected a file name, got " + show(it.value()));
      const std::string file = it.value().get<std::string>();
      auto partial = read(file);
      if (!partial) return r.error("partials." + it.key(), "cannot read '" + file + "': " + partial.error().message);
      if (Status s = check_mustache(*partial, &at); !s) return make_error(file, ":", at.line, ":", at.column, ": ", at.what);
      t.partials[it.key()] = std::move(*partial);
    }
  }
  return t;
}

Result<std::vector<PromptTemplate>> load_library(const std::map<std::string, std::string>& files) {
  std::vector<PromptTemplate> out;
  TemplateFileReader read = [&files](const std::string& name) -> Result<std::string> {
    auto it = files.find(name);
    if (it == files.end()) return make_error("no such file in the template folder");
    return it->second;
  };
  std::set<std::string> names;
  for (const auto& entry : files) {
    const std::string& file = entry.first;
    if (file.size() <= 5 || file.compare(file.size() - 5, 5, ".json") != 0) continue;
    if (file == "index.json") continue;  // the folder's file list for the browser, not a template
    auto t = parse_template(entry.second, file, read);
    if (!t) return t.error();
    if (!names.insert(t->name).second) return make_error(file, ": name '", t->name, "' is used by another template");
    out.push_back(std::move(*t));
  }
  return out;
}

Result<const PromptTemplate*> find_template(const std::vector<PromptTemplate>& library, const std::string& name,
                                            const std::string& lang) {
  for (const PromptTemplate& t : library)
    if (t.name == name || t.name == name + "." + lang) return &t;
  std::string names;
  for (const PromptTemplate& t : library) names += (names.empty() ? "" : ", ") + t.name;
  return make_error("no template '", name, lang.empty() ? "" : "' in language '" + lang, "' (the library has: ",
                    names.empty() ? "nothing" : names, ")");
}

nlohmann::json template_summary(const PromptTemplate& t) {
  json parts = json::array();
  for (const OutputPart& p : t.output.parts) {
    json j = {{"name", p.name}, {"label", p.label}};
    if (p.channel_rule) j["channel_rule"] = channel_name(*p.channel_rule);
    parts.push_back(j);
  }
  json checks = {{"min_words", t.checks.min_words}, {"max_words", t.checks.max_words},
                 {"min_chars", t.checks.min_chars}, {"max_chars", t.checks.max_chars},
                 {"must_mention", t.checks.must_mention}, {"banned", t.checks.banned}, {"required", t.checks.required}};
  if (t.checks.channel_rule) checks["channel_rule"] = channel_name(*t.checks.channel_rule);
  const TemplateGeneration& g = t.generation;
  return {{"name", t.name}, {"content_type", t.content_type}, {"language", t.language}, {"channel", t.channel},
          {"task", t.task}, {"constraints", t.constraints}, {"fields", t.fields}, {"input_fields", t.input_fields},
          {"required_fields", t.required_fields}, {"examples", t.examples.size()}, {"checks", checks},
          {"output", {{"marker", t.output.marker}, {"stop", t.output.stop}, {"parts", parts}}},
          {"generation", {{"n", g.n}, {"max_new_tokens", g.max_new_tokens}, {"temperature", g.temperature},
                          {"top_k", g.top_k}, {"top_p", g.top_p}, {"repetition_penalty", g.repetition_penalty}}}};
}

}  // namespace plume::prompt
