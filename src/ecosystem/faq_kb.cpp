// Parsing and validating the FAQ knowledge base (faq.h): JSON lines, each checked key by key,
// and the BM25 index over the entries.
#include <set>

#include "ecosystem/faq.h"
#include "ecosystem/faq_tokenize.h"

namespace plume::ecosystem {
namespace {

using nlohmann::json;

// Finds where a JSON text fails to parse: a SAX pass that only records the error, since
// parse(text, nullptr, false) says only that it failed.
class ErrorLocator : public nlohmann::json_sax<json> {
 public:
  size_t position = 0;
  std::string message;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception& ex) override {
    position = pos;
    message = ex.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..." -> after "column N: "
    auto c = message.find("column ");
    if (c != std::string::npos) {
      auto colon = message.find(": ", c);
      if (colon != std::string::npos) message = message.substr(colon + 2);
    }
    return false;
  }
};

std::string where(const std::string& source, int line) { return source + " line " + std::to_string(line); }

Result<std::vector<std::string>> string_list(const json& v, const std::string& at) {
  if (!v.is_array()) return make_error(at, ": expected a list of strings");
  std::vector<std::string> out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string() || v[i].get<std::string>().empty())
      return make_error(at, "[", i, "]: expected a non-empty string");
    out.push_back(v[i].get<std::string>());
  }
  return out;
}

Result<FaqEntry> parse_entry(const json& j, const std::string& at, const Manifest* manifest) {
  if (!j.is_object()) return make_error(at, ": expected a JSON object {\"id\", \"lang\", \"question\", \"answer\", ...}");
  FaqEntry e;
  auto text = [&](const char* key, std::string& out, bool required) -> Status {
    auto it = j.find(key);
    if (it == j.end()) {
      if (required) return make_error(at, ": '", key, "' is missing");
      return Status::success();
    }
    if (!it->is_string() || it->get<std::string>().empty()) return make_error(at, ": ", key, ": expected a non-empty string");
    out = it->get<std::string>();
    return Status::success();
  };
  for (auto it = j.begin(); it != j.end(); ++it) {
    static const std::set<std::string> known = {"id", "lang", "scope", "partner", "product", "question",
                                                "answer", "alternates", "facts"};
    if (!known.count(it.key()))
      return make_error(at, ": unknown key '", it.key(),
                        "' (id, lang, scope, partner, product, question, answer, alternates, facts)");
  }
  for (auto [key, out, required] : {std::tuple{"id", &e.id, true}, {"lang", &e.lang, true}, {"scope", &e.scope, false},
                                    {"partner", &e.partner, false}, {"product", &e.product, false},
                                    {"question", &e.question, true}, {"answer", &e.answer, true}})
    if (Status st = text(key, *out, required); !st) return st.error();
  if (e.lang != "en" && e.lang != "zh") return make_error(at, ": lang: expected \"en\" or \"zh\", got \"", e.lang, "\"");
  if (e.scope != "brand" && e.scope != "partner" && e.scope != "product")
    return make_error(at, ": scope: expected \"brand\", \"partner\" or \"product\", got \"", e.scope, "\"");
  if (e.scope == "partner" && e.partner.empty()) return make_error(at, ": 'partner' is missing (scope \"partner\")");
  if (e.scope == "product" && e.product.empty()) return make_error(at, ": 'product' is missing (scope \"product\")");
  if (!e.partner.empty() && manifest && !manifest->partner(e.partner))
    return make_error(at, ": partner: \"", e.partner, "\" is not a partner in the manifest");
  if (auto it = j.find("alternates"); it != j.end()) {
    auto list = string_list(*it, at + ": alternates");
    if (!list) return list.error();
    e.alternates = std::move(*list);
  }
  if (auto it = j.find("facts"); it != j.end()) {
    auto list = string_list(*it, at + ": facts");
    if (!list) return list.error();
    for (size_t i = 0; i < list->size(); ++i)
      if (e.answer.find((*list)[i]) == std::string::npos)
        return make_error(at, ": facts[", i, "]: \"", (*list)[i], "\" does not occur in the answer");
    e.facts = std::move(*list);
  }
  return e;
}

}  // namespace

Result<FaqKnowledgeBase> parse_faq(std::string_view jsonl, const std::string& source, const Manifest* manifest,
                                   Bm25Params params) {
  FaqKnowledgeBase kb;
  kb.index = Bm25Index(params);
  if (manifest) {
    kb.brand_name = manifest->brand_name;
    for (const Partner& p : manifest->partners) kb.partners.push_back(p.id);
  }
  std::set<std::string> ids;
  int line = 0;
  size_t start = 0;
  while (start <= jsonl.size()) {
    size_t end = jsonl.find('\n', start);
    if (end == std::string_view::npos) end = jsonl.size();
    std::string_view text = jsonl.substr(start, end - start);
    ++line;
    start = end + 1;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (text.find_first_not_of(" \t") == std::string_view::npos) {
      if (end == jsonl.size()) break;
      continue;  // blank lines are allowed
    }
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) {
      ErrorLocator locate;
      (void)json::sax_parse(text, &locate);
      size_t column = locate.position == 0 ? 1 : std::min(locate.position, text.size() + 1);
      return make_error(where(source, line), ", column ", column, ": not valid JSON (", locate.message, ")");
    }
    auto e = parse_entry(j, where(source, line), manifest);
    if (!e) return e.error();
    if (!ids.insert(e->id).second) return make_error(where(source, line), ": id \"", e->id, "\" appears twice");
    e->line = line;
    kb.entries.push_back(std::move(*e));
    if (end == jsonl.size()) break;
  }
  if (kb.entries.empty()) return make_error(source, ": no FAQ entries (one JSON object per line)");
  for (const FaqEntry& e : kb.entries) {
    std::string doc = e.question;
    for (const std::string& alt : e.alternates) doc += "\n" + alt;
    doc += "\n" + e.answer;
    kb.index.add(faq_terms(doc));
  }
  return kb;
}

Result<std::vector<FaqTurn>> parse_faq_history(const json& history) {
  std::vector<FaqTurn> turns;
  if (history.is_null()) return turns;
  if (!history.is_array()) return make_error("history: expected a list of turns [{\"question\", \"id\"?}, ...]");
  for (size_t i = 0; i < history.size(); ++i) {
    const json& t = history[i];
    std::string at = "history[" + std::to_string(i) + "]";
    if (t.is_string()) { turns.push_back({t.get<std::string>(), ""}); continue; }
    if (!t.is_object()) return make_error(at, ": expected a turn {\"question\", \"id\"?} or a string");
    FaqTurn turn;
    auto q = t.find("question");
    if (q == t.end() || !q->is_string()) return make_error(at, ".question: expected a string");
    turn.question = q->get<std::string>();
    if (auto id = t.find("id"); id != t.end() && !id->is_null()) {
      if (!id->is_string()) return make_error(at, ".id: expected a string");
      turn.id = id->get<std::string>();
    }
    turns.push_back(std::move(turn));
  }
  return turns;
}

}  // namespace plume::ecosystem
