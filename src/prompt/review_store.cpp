#include "prompt/review_store.h"

#include <algorithm>
#include <map>
#include <set>

#include "prompt/prompt_build.h"

namespace plume::prompt {
namespace {

using nlohmann::json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string show(const json& v) {
  std::string s = dump(v);
  return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

bool id_taken(const std::vector<ReviewDecision>& store, const std::string& id) {
  return std::any_of(store.begin(), store.end(), [&](const ReviewDecision& d) { return d.id == id; });
}

std::string next_id(const std::vector<ReviewDecision>& store) {
  for (size_t n = store.size() + 1;; n++) {
    std::string id = "r" + std::to_string(n);
    if (!id_taken(store, id)) return id;
  }
}

bool approved(const ReviewDecision& d) { return d.action != ReviewAction::kReject; }

// The end marker of the prompt format (docs/prompt-format.md) in the template's language.
std::string end_marker(const std::string& language) { return language == "zh" ? "### 结束" : "### End"; }

}  // namespace

Result<std::vector<ReviewDecision>> parse_review_jsonl(std::string_view text, const std::string& what) {
  std::vector<ReviewDecision> out;
  size_t line = 0, pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view row = text.substr(pos, end - pos);
    pos = end + 1;
    line++;
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (row.find_first_not_of(" \t") == std::string_view::npos) continue;
    const std::string where = what + ":" + std::to_string(line);
    json j = json::parse(row, nullptr, false);
    if (j.is_discarded()) return make_error(where, ": not a valid JSON object (or not UTF-8)");
    auto d = parse_review_decision(j, where);
    if (!d) return d.error();
    if (d->id.empty()) return make_error(where, ": id is missing");
    if (id_taken(out, d->id)) return make_error(where, ": id '", d->id, "' is used twice");
    out.push_back(std::move(*d));
  }
  return out;
}

std::string review_jsonl(const std::vector<ReviewDecision>& decisions) {
  std::string out;
  for (const ReviewDecision& d : decisions) out += dump(review_decision_to_json(d)) + "\n";
  return out;
}

Result<std::vector<ReviewDecision>> parse_review_store(const json& store, const std::string& what) {
  if (store.is_null()) return std::vector<ReviewDecision>{};
  const json* list = &store;
  if (store.is_object()) {
    for (auto it = store.begin(); it != store.end(); ++it)
      if (it.key() != "format" && it.key() != "decisions")
        return make_error(what, ": unknown key '", it.key(), "' (known: format, decisions)");
    if (!store.contains("format") || store["format"] != "plume-review/1")
      return make_error(what, ": format must be \"plume-review/1\"");
    if (!store.contains("decisions")) return make_error(what, ": decisions is missing");
    list = &store["decisions"];
  }
  if (!list->is_array()) return make_error(what, ": expected {\"format\": \"plume-review/1\", \"decisions\": [...]}, got ", show(store));
  std::vector<ReviewDecision> out;
  for (size_t i = 0; i < list->size(); i++) {
    const std::string where = what + ": decisions[" + std::to_string(i) + "]";
    auto d = parse_review_decision((*list)[i], where);
    if (!d) return d.error();
    if (d->id.empty()) return make_error(where, ": id is missing");
    if (id_taken(out, d->id)) return make_error(where, ": id '", d->id, "' is used twice");
    out.push_back(std::move(*d));
  }
  return out;
}

json review_store_json(const std::vector<ReviewDecision>& decisions) {
  json list = json::array();
  for (const ReviewDecision& d : decisions) list.push_back(review_decision_to_json(d));
  return json{{"format", "plume-review/1"}, {"decisions", list}};
}

Result<ReviewDecision> add_review_decision(std::vector<ReviewDecision>* store, const json& decision, const std::string& where) {
  auto d = parse_review_decision(decision, where);
  if (!d) return d.error();
  if (d->id.empty()) d->id = next_id(*store);
  else if (id_taken(*store, d->id)) return make_error(where, ": id '", d->id, "' is already in the store");
  store->push_back(*d);
  return *d;
}

Result<std::vector<ReviewDecision>> filter_reviews(const std::vector<ReviewDecision>& decisions, const json& filter) {
  if (filter.is_null()) return decisions;
  if (!filter.is_object()) return make_error("filter must be an object, got ", show(filter));
  static const char* const keys[] = {"action", "template", "language", "reviewer", "variant", "reason"};
  for (auto it = filter.begin(); it != filter.end(); ++it) {
    if (std::find_if(std::begin(keys), std::end(keys), [&](const char* k) { return it.key() == k; }) == std::end(keys))
      return make_error("filter: unknown key '", it.key(), "' (known: action, template, language, reviewer, variant, reason)");
    if (!it.value().is_string()) return make_error("filter: ", it.key(), " must be text, got ", show(it.value()));
  }
  if (filter.contains("action")) {
    const std::string a = filter["action"].get<std::string>();
    if (a != "approve" && a != "edit" && a != "reject") return make_error("filter: action '", a, "' is not approve, edit or reject");
  }
  auto match = [&](const char* key, const std::string& value) {
    return !filter.contains(key) || filter[key].get<std::string>() == value;
  };
  std::vector<ReviewDecision> out;
  for (const ReviewDecision& d : decisions)
    if (match("action", review_action_name(d.action)) && match("template", d.template_name) &&
        match("language", d.language) && match("reviewer", d.reviewer) && match("variant", d.variant) &&
        match("reason", d.reason_code))
      out.push_back(d);
  return out;
}

std::vector<ReviewDecision> latest_reviews(const std::vector<ReviewDecision>& decisions) {
  std::map<std::string, size_t> last;  // key -> index of the latest decision
  auto key = [](const ReviewDecision& d) { return d.template_name + '\x1f' + dump(d.input) + '\x1f' + d.candidate; };
  for (size_t i = 0; i < decisions.size(); i++) last[key(decisions[i])] = i;
  std::vector<ReviewDecision> out;
  for (size_t i = 0; i < decisions.size(); i++)
    if (last[key(decisions[i])] == i) out.push_back(decisions[i]);
  return out;
}

json review_examples(const std::vector<ReviewDecision>& decisions, const std::string& template_name) {
  json examples = json::array();
  std::set<std::string> seen;
  for (const ReviewDecision& d : latest_reviews(decisions)) {
    if (!approved(d) || d.template_name != template_name) continue;
    if (!seen.insert(d.final_text()).second) continue;
    json e = d.input;
    e["output"] = d.final_text();
    examples.push_back(std::move(e));
  }
  return json{{"format", "plume-examples/1"}, {"template", template_name}, {"examples", examples}};
}

Result<json> parse_review_examples(const json& j, const std::string& template_name, const std::string& what) {
  const json* list = &j;
  if (j.is_object()) {
    if (!j.contains("format") || j["format"] != "plume-examples/1")
      return make_error(what, ": format must be \"plume-examples/1\" (from plume review export --as examples)");
    if (!j.contains("template") || !j["template"].is_string())
      return make_error(what, ": template is missing");
    if (j["template"].get<std::string>() != template_name)
      return make_error(what, ": the examples are for template ", j["template"].get<std::string>(), ", not ", template_name);
    if (!j.contains("examples")) return make_error(what, ": examples is missing");
    list = &j["examples"];
  }
  if (!list->is_array()) return make_error(what, ": expected a list of examples, got ", show(*list));
  for (size_t i = 0; i < list->size(); i++) {
    const json& e = (*list)[i];
    if (!e.is_object() || !e.contains("output") || !e["output"].is_string())
      return make_error(what, ": examples[", i, "]: expected an object of fields with an \"output\" text");
  }
  return *list;
}

Result<std::vector<FinetunePair>> review_finetune_pairs(const std::vector<ReviewDecision>& decisions,
                                                        const std::string& template_name, const TemplateLookup& find) {
  std::vector<FinetunePair> out;
  std::set<std::string> seen;
  for (const ReviewDecision& d : latest_reviews(decisions)) {
    if (!approved(d) || (!template_name.empty() && d.template_name != template_name)) continue;
    auto t = find(d.template_name);
    if (!t) return make_error("decision ", d.id, ": ", t.error().message);
    auto data = prompt_data(**t, d.input, json::array());  // no few-shot examples: the pair teaches the task itself
    if (!data) return make_error("decision ", d.id, ": ", data.error().message);
    auto prompt = render_prompt(**t, *data);
    if (!prompt) return make_error("decision ", d.id, ": ", prompt.error().message);
    std::string completion = d.final_text() + "\n" + end_marker((*t)->language);
    if (!seen.insert(*prompt + '\x1f' + completion).second) continue;
    out.push_back({d.id, std::move(*prompt), std::move(completion)});
  }
  return out;
}

std::string finetune_jsonl(const std::vector<FinetunePair>& pairs) {
  std::string out;
  for (const FinetunePair& p : pairs) out += dump(json{{"prompt", p.prompt}, {"completion", p.completion}}) + "\n";
  return out;
}

}  // namespace plume::prompt
