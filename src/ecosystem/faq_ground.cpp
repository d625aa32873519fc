// Grounding a generated FAQ answer on the retrieved entry (faq.h): the template input built from
// the entry, and the checks a generated text must pass to be used instead of the entry's answer.
#include <algorithm>

#include "ecosystem/faq.h"
#include "ecosystem/faq_tokenize.h"
#include "prompt/quality.h"

namespace plume::ecosystem {
namespace {

using nlohmann::json;

// Sentences of an answer, split after . ! ? and their full-width forms (kept with the sentence).
std::vector<std::string> sentences(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  auto push = [&] {
    size_t a = cur.find_first_not_of(" \t\n");
    if (a != std::string::npos) out.push_back(cur.substr(a, cur.find_last_not_of(" \t\n") - a + 1));
    cur.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    cur += text[i];
    char c = text[i];
    bool ascii_end = (c == '.' || c == '!' || c == '?') && (i + 1 == text.size() || text[i + 1] == ' ');
    bool cjk_end = cur.size() >= 3 && (cur.compare(cur.size() - 3, 3, "。") == 0 || cur.compare(cur.size() - 3, 3, "！") == 0 ||
                                       cur.compare(cur.size() - 3, 3, "？") == 0);
    if (ascii_end || cjk_end) push();
  }
  push();
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A fact made of digits must occur as a whole number ("2" is not in "20-month"); any other fact
// as a case-insensitive substring.
bool has_fact(const std::string& lower_text, const std::string& lower_fact) {
  bool number = !lower_fact.empty() && is_digit(lower_fact.front()) && is_digit(lower_fact.back());
  for (size_t at = lower_text.find(lower_fact); at != std::string::npos; at = lower_text.find(lower_fact, at + 1)) {
    if (!number) return true;
    size_t end = at + lower_fact.size();
    bool before = at > 0 && (is_digit(lower_text[at - 1]) || (lower_text[at - 1] == '.' && at > 1 && is_digit(lower_text[at - 2])));
    bool after = end < lower_text.size() && (is_digit(lower_text[end]) ||
                                             ((lower_text[end] == '.' || lower_text[end] == ',') && end + 1 < lower_text.size() &&
                                              is_digit(lower_text[end + 1])));
    if (!before && !after) return true;
  }
  return false;
}

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

json faq_grounding_input(const FaqKnowledgeBase& kb, const FaqAnswer& a) {
  json input = json::object();
  if (a.hits.empty()) return input;
  const FaqEntry& e = kb.entries[static_cast<size_t>(a.hits[0].entry)];
  std::string subject = e.product;
  if (subject.empty() && !e.partner.empty()) subject = e.partner;
  if (subject.empty()) {
    auto name = kb.brand_name.find(a.lang);
    subject = name != kb.brand_name.end() ? name->second : (a.lang == "zh" ? "本店" : "our shop");
  }
  input["product"] = subject;
  input["question"] = a.question;
  input["features"] = sentences(e.answer);
  return input;
}

double faq_term_overlap(const std::string& answer, const std::string& text) {
  std::vector<std::string> want = faq_terms(answer), got = faq_terms(text);
  std::sort(want.begin(), want.end());
  want.erase(std::unique(want.begin(), want.end()), want.end());
  std::sort(got.begin(), got.end());
  if (want.empty()) return 1.0;
  size_t kept = 0;
  for (const std::string& t : want) kept += std::binary_search(got.begin(), got.end(), t) ? 1 : 0;
  return static_cast<double>(kept) / static_cast<double>(want.size());
}

std::vector<std::string> faq_required_facts(const FaqEntry& e) {
  if (!e.facts.empty()) return e.facts;
  std::vector<std::string> numbers;
  std::string cur;
  for (size_t i = 0; i <= e.answer.size(); ++i) {
    char c = i < e.answer.size() ? e.answer[i] : ' ';
    bool digit = c >= '0' && c <= '9';
    bool inner = (c == '.' || c == ',') && !cur.empty() && i + 1 < e.answer.size() && e.answer[i + 1] >= '0' &&
                 e.answer[i + 1] <= '9';
    if (digit || inner) {
      cur += c;
    } else if (!cur.empty()) {
      if (std::find(numbers.begin(), numbers.end(), cur) == numbers.end()) numbers.push_back(cur);
      cur.clear();
    }
  }
  return numbers;
}

std::optional<size_t> faq_pick_generated(const FaqKnowledgeBase& kb, const FaqAnswer& a,
                                         const std::vector<std::string>& candidates, std::vector<std::string>* why) {
  if (a.handover || a.hits.empty()) return std::nullopt;
  const FaqEntry& e = kb.entries[static_cast<size_t>(a.hits[0].entry)];
  std::vector<std::string> facts = faq_required_facts(e);
  for (size_t i = 0; i < candidates.size(); ++i) {
    const std::string& text = candidates[i];
    std::string reason;
    if (text.find_first_not_of(" \t\n") == std::string::npos) {
      reason = "empty";
    } else if (auto lang = prompt::language_check(text, a.lang); !lang.ok) {
      reason = "language: " + lang.reason;
    } else {
      std::string lower = lower_ascii(text);
      for (const std::string& f : facts)
        if (!has_fact(lower, lower_ascii(f))) {
          reason = "missing fact \"" + f + "\"";
          break;
        }
      double overlap = faq_term_overlap(e.answer, text);
      if (reason.empty() && overlap < kFaqMinOverlap)
        reason = "strays from the entry: " + std::to_string(static_cast<int>(overlap * 100)) + "% of its terms (at least " +
                 std::to_string(static_cast<int>(kFaqMinOverlap * 100)) + "% needed)";
    }
    if (reason.empty()) return i;
    if (why) why->push_back(reason);
  }
  return std::nullopt;
}

json faq_answer_to_json(const FaqKnowledgeBase& kb, const FaqAnswer& a) {
  json hits = json::array();
  for (const FaqHit& h : a.hits) {
    const FaqEntry& e = kb.entries[static_cast<size_t>(h.entry)];
    json j = {{"id", e.id}, {"score", h.score}, {"normalized", h.normalized}, {"coverage", h.coverage},
              {"scope", e.scope},
              {"question", e.question}, {"answer", e.answer}};
    if (!e.partner.empty()) j["partner"] = e.partner;
    if (!e.product.empty()) j["product"] = e.product;
    hits.push_back(std::move(j));
  }
  std::string id = a.handover || a.hits.empty() ? "" : kb.entries[static_cast<size_t>(a.hits[0].entry)].id;
  return {{"question", a.question},
          {"lang", a.lang},
          {"answer", a.answer},
          {"source", a.source},
          {"handover", a.handover},
          {"confidence", a.confidence},
          {"coverage", a.coverage},
          {"margin", a.margin},
          {"id", a.handover ? json(nullptr) : json(id)},
          {"hits", hits},
          {"historyTerms", a.history_terms},
          {"turn", {{"question", a.question}, {"id", a.handover ? json(nullptr) : json(id)}}}};
}

}  // namespace plume::ecosystem
