#include "prompt/prompt_build.h"

#include <algorithm>

namespace plume::prompt {
namespace {

using nlohmann::json;

std::string show(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

// "### x" at the start of any line becomes "## x": headers are the format's only structure, and
// a value that opened a section ("### Output") would let data steer the model.
std::string defuse_headers(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    bool line_start = i == 0 || s[i - 1] == '\n';
    if (line_start && s.compare(i, 3, "###") == 0) {
      size_t j = i;
      while (j < s.size() && s[j] == '#') j++;
      out += "##";
      i = j;
      continue;
    }
    out += s[i++];
  }
  return out;
}

json defuse(const json& v) {
  if (v.is_string()) return defuse_headers(v.get<std::string>());
  if (v.is_array()) {
    json out = json::array();
    for (const json& x : v) out.push_back(defuse(x));
    return out;
  }
  return v;
}

bool is_field_value(const json& v) {
  if (v.is_string() || v.is_number() || v.is_null()) return true;
  if (!v.is_array()) return false;
  return std::all_of(v.begin(), v.end(), [](const json& x) { return x.is_string() || x.is_number(); });
}

bool has_value(const json& v) {
  if (v.is_null()) return false;
  if (v.is_string()) return !v.get<std::string>().empty();
  if (v.is_array()) return !v.empty();
  return true;
}

// The template's defaults under the given fields (given values win), made safe.
json with_defaults(const PromptTemplate& t, const json& fields) {
  json out = json::object();
  for (auto it = t.fields.begin(); it != t.fields.end(); ++it) out[it.key()] = defuse(it.value());
  for (auto it = fields.begin(); it != fields.end(); ++it) out[it.key()] = defuse(it.value());
  return out;
}

}  // namespace

Result<json> prompt_data(const PromptTemplate& t, const json& input, const json& examples) {
  if (!input.is_object()) return make_error("the input must be a JSON object of fields (product, features, ...), got ", show(input));
  for (auto it = input.begin(); it != input.end(); ++it) {
    const std::string key = it.key();
    if (!t.input_fields.empty() && std::find(t.input_fields.begin(), t.input_fields.end(), key) == t.input_fields.end()) {
      std::string known;
      for (const std::string& k : t.input_fields) known += (known.empty() ? "" : ", ") + k;
      return make_error("input field '", key, "' is not used by template ", t.name, " (its fields: ", known, ")");
    }
    if (!is_field_value(it.value()))
      return make_error("input field '", key, "': expected text, a number or a list of texts, got ", show(it.value()));
  }
  for (const std::string& key : t.required_fields)
    if (!input.contains(key) || !has_value(input[key]))
      return make_error("input field '", key, "' is missing or empty; template ", t.name, " needs it");

  const json& source = examples.is_null() ? t.examples : examples;
  if (!source.is_array()) return make_error("the examples must be a list of objects, got ", show(source));
  json shots = json::array();
  for (size_t i = 0; i < source.size(); i++) {
    const json& e = source[i];
    if (!e.is_object() || !e.contains("output") || !e["output"].is_string())
      return make_error("examples[", i, "]: expected an object of fields with an \"output\" text, got ", show(e));
    for (auto it = e.begin(); it != e.end(); ++it)
      if (!is_field_value(it.value()))
        return make_error("examples[", i, "].", it.key(), ": expected text, a number or a list of texts, got ", show(it.value()));
    shots.push_back(with_defaults(t, e));
  }
  return json{{"task", t.task}, {"constraints", t.constraints}, {"examples", shots}, {"input", with_defaults(t, input)}};
}

Result<std::string> render_prompt(const PromptTemplate& t, const json& data, size_t first_example) {
  json d = data;
  if (d.contains("examples") && d["examples"].is_array()) {
    json kept = json::array();
    for (size_t i = first_example; i < d["examples"].size(); i++) kept.push_back(d["examples"][i]);
    d["examples"] = kept;
  }
  MustacheErrorLocation at;
  auto text = render_mustache(t.template_text, d, t.partials, MustacheOptions{}, &at);
  if (!text) {
    const std::string file = at.partial.empty() ? t.template_file : "partial " + at.partial;
    return make_error(t.name, ": ", file, ":", at.line, ":", at.column, ": ", at.what);
  }
  // The pipeline relies on the marker to know where the model's answer starts.
  const std::string& m = t.output.marker;
  if (text->size() < m.size() || text->compare(text->size() - m.size(), m.size(), m) != 0)
    return make_error(t.name, ": the rendered prompt does not end with the output marker ", show(json(m)));
  return text;
}

Result<std::vector<std::string>> prompt_variants(const PromptTemplate& t, const json& data) {
  size_t n = data.contains("examples") && data["examples"].is_array() ? data["examples"].size() : 0;
  std::vector<std::string> out;
  for (size_t first = 0; first <= n; first++) {
    auto p = render_prompt(t, data, first);
    if (!p) return p.error();
    out.push_back(std::move(*p));
  }
  return out;
}

Result<BudgetChoice> choose_budget(const std::vector<int>& tokens, int context, int max_new_tokens) {
  if (tokens.empty()) return make_error("no prompt to budget");
  if (context <= 0) return make_error("the model's context must be positive, got ", context);
  if (max_new_tokens < 1) return make_error("max_new_tokens must be at least 1, got ", max_new_tokens);
  for (size_t i = 0; i < tokens.size(); i++) {
    if (static_cast<int64_t>(tokens[i]) + max_new_tokens > context) continue;
    BudgetChoice c;
    c.variant = i;
    c.prompt_tokens = tokens[i];
    for (size_t k = 0; k < i; k++) c.dropped.push_back(k);
    if (i > 0) {
      const std::string all = std::to_string(tokens[0]), n = std::to_string(i), kept = std::to_string(tokens.size() - 1 - i);
      const std::string budget = std::to_string(context) + " - " + std::to_string(max_new_tokens);
      c.note_en = "dropped " + n + " of " + std::to_string(tokens.size() - 1) + " few-shot example" +
                  (tokens.size() - 1 == 1 ? "" : "s") + " (from the first): the full prompt needs " + all +
                  " tokens, the budget is " + budget + " = " + std::to_string(context - max_new_tokens) +
                  "; " + kept + " kept, task, constraints and input unchanged";
      c.note_zh = "删去了 " + std::to_string(tokens.size() - 1) + " 个示例中的前 " + n + " 个：完整提示需要 " + all +
                  " 个词元，预算为 " + budget + " = " + std::to_string(context - max_new_tokens) + "；保留 " + kept +
                  " 个示例，任务、要求和输入不变";
    }
    return c;
  }
  const int64_t need = static_cast<int64_t>(tokens.back()) + max_new_tokens;
  return make_error("the prompt does not fit the model's context even without few-shot examples: ", tokens.back(),
                    " prompt tokens + ", max_new_tokens, " new tokens = ", need, " > ", context,
                    " (the context). Shorten the input (fewer features, shorter texts) or lower max_new_tokens to at most ",
                    std::max<int64_t>(0, context - tokens.back()), ".");
}

Result<BudgetedPrompt> fit_prompt(const PromptTemplate& t, const json& data, int context, int max_new_tokens,
                                  const TokenCounter& count) {
  auto variants = prompt_variants(t, data);
  if (!variants) return variants.error();
  std::vector<int> tokens;
  for (const std::string& v : *variants) {
    auto n = count(v);
    if (!n) return n.error();
    tokens.push_back(*n);
    if (static_cast<int64_t>(*n) + max_new_tokens <= context) break;  // the rest are not needed
  }
  // Only the last counted variant can fit; pad the list so choose_budget sees every variant.
  std::vector<int> all(variants->size(), 0);
  for (size_t i = 0; i < all.size(); i++) all[i] = i < tokens.size() ? tokens[i] : tokens.back();
  auto choice = choose_budget(all, context, max_new_tokens);
  if (!choice) return choice.error();
  BudgetedPrompt out;
  out.prompt = (*variants)[choice->variant];
  out.budget = std::move(*choice);
  out.examples_total = variants->size() - 1;
  return out;
}

}  // namespace plume::prompt
