#include "ecosystem/faq_eval.h"

#include <map>

namespace plume::ecosystem {

using nlohmann::json;

namespace {

struct Tally {
  int in_scope = 0, hit1 = 0, hit3 = 0, wrong_handover = 0;
  int out_of_scope = 0, handed_over = 0, handed_over_oos = 0;
  json misses = json::array();
};

json tally_json(const Tally& t) {
  auto rate = [](int a, int b) { return b == 0 ? json(nullptr) : json(static_cast<double>(a) / b); };
  return {{"questions", t.in_scope + t.out_of_scope}, {"inScope", t.in_scope}, {"outOfScope", t.out_of_scope},
          {"hitAt1", rate(t.hit1, t.in_scope)}, {"hitAt3", rate(t.hit3, t.in_scope)},
          {"inScopeHandedOver", t.wrong_handover},
          {"handoverPrecision", rate(t.handed_over_oos, t.handed_over)},
          {"handoverRecall", rate(t.handed_over_oos, t.out_of_scope)}, {"misses", t.misses}};
}

}  // namespace

Result<json> faq_evaluate(const FaqKnowledgeBase& kb, std::string_view heldout, const FaqAskOptions& options,
                          const std::string& source) {
  std::map<std::string, Tally> by_lang;
  Tally all;
  int line = 0;
  size_t start = 0;
  while (start < heldout.size()) {
    size_t end = heldout.find('\n', start);
    if (end == std::string_view::npos) end = heldout.size();
    std::string_view text = heldout.substr(start, end - start);
    start = end + 1;
    ++line;
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    std::string at = source + " line " + std::to_string(line);
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return make_error(at, ": expected a JSON object {\"lang\", \"question\", \"id\"}");
    auto q = j.find("question");
    if (q == j.end() || !q->is_string() || q->get<std::string>().empty()) return make_error(at, ": question: expected a non-empty string");
    auto id = j.find("id");
    if (id == j.end() || !(id->is_null() || id->is_string())) return make_error(at, ": id: expected an entry id or null (out of scope)");
    std::string want = id->is_string() ? id->get<std::string>() : "";
    if (!want.empty()) {
      bool known = false;
      for (const FaqEntry& e : kb.entries) known = known || e.id == want;
      if (!known) return make_error(at, ": id: \"", want, "\" is not an entry of the knowledge base");
    }
    FaqAskOptions o = options;
    if (auto l = j.find("lang"); l != j.end()) {
      if (!l->is_string() || (*l != "en" && *l != "zh")) return make_error(at, ": lang: expected \"en\" or \"zh\"");
      o.lang = l->get<std::string>();
    }
    std::vector<FaqTurn> history;
    if (auto h = j.find("history"); h != j.end()) {
      auto parsed = parse_faq_history(*h);
      if (!parsed) return make_error(at, ": ", parsed.error().message);
      history = std::move(*parsed);
    }
    FaqAnswer a = faq_ask(kb, q->get<std::string>(), history, o);
    for (Tally* t : {&by_lang[a.lang], &all}) {
      if (a.handover) ++t->handed_over;
      if (want.empty()) {
        ++t->out_of_scope;
        if (a.handover) ++t->handed_over_oos;
        else t->misses.push_back({{"line", line}, {"question", a.question}, {"expected", nullptr},
                                  {"got", kb.entries[static_cast<size_t>(a.hits[0].entry)].id}, {"confidence", a.confidence}, {"coverage", a.coverage}});
        continue;
      }
      ++t->in_scope;
      if (a.handover) ++t->wrong_handover;
      int rank = 0;
      for (size_t k = 0; k < a.hits.size() && k < 3; ++k)
        if (kb.entries[static_cast<size_t>(a.hits[k].entry)].id == want) rank = static_cast<int>(k) + 1;
      if (rank == 1) ++t->hit1;
      if (rank >= 1) ++t->hit3;
      if (rank != 1 || a.handover)
        t->misses.push_back({{"line", line}, {"question", a.question}, {"expected", want},
                             {"got", a.hits.empty() ? json(nullptr) : json(kb.entries[static_cast<size_t>(a.hits[0].entry)].id)},
                             {"rank", rank}, {"handover", a.handover}, {"confidence", a.confidence}, {"coverage", a.coverage}});
    }
  }
  if (all.in_scope + all.out_of_scope == 0) return make_error(source, ": no questions");
  json langs = json::object();
  for (const auto& kv : by_lang) langs[kv.first] = tally_json(kv.second);
  json total = tally_json(all);
  total.erase("misses");
  return json{{"threshold", options.threshold}, {"minCoverage", options.min_coverage >= 0 ? json(options.min_coverage) : json{{"en", faq_default_min_coverage("en")}, {"zh", faq_default_min_coverage("zh")}}}, {"languages", langs}, {"all", total}};
}

}  // namespace plume::ecosystem
