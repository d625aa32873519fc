// Answering one question (faq.h): retrieval with the previous turn's terms at a lower weight,
// the confidence threshold and the handover to a human (never caused by the previous turn alone).
#include <algorithm>
#include <cstddef>
#include <set>

#include "ecosystem/faq.h"
#include "ecosystem/faq_tokenize.h"

namespace plume::ecosystem {

FaqAnswer faq_ask(const FaqKnowledgeBase& kb, std::string_view question, const std::vector<FaqTurn>& history,
                  const FaqAskOptions& options) {
  FaqAnswer a;
  a.question = std::string(question);
  a.lang = options.lang.empty() ? faq_language(question) : options.lang;

  std::vector<WeightedTerm> query;
  std::set<std::string> current;
  for (std::string& t : faq_terms(question)) {
    current.insert(t);
    query.push_back({std::move(t), 1.0});
  }
  const size_t own_terms = query.size();
  // A follow-up ("and for the earbuds?", "那退货呢？") leans on the previous turn: its terms
  // join at a lower weight, so they break ties without outvoting what is asked now.
  if (!history.empty() && options.history_weight > 0) {
    // The previous question, and the question of the entry that answered it: "退款怎么退给我？"
    // answered by "退款多久到账？" lends 多久 to the follow-up "大概要多久？".
    std::string previous = history.back().question;
    for (const FaqEntry& e : kb.entries)
      if (!history.back().id.empty() && e.id == history.back().id) previous += "\n" + e.question;
    for (std::string& t : faq_terms(previous)) {
      if (current.count(t)) continue;
      if (std::find(a.history_terms.begin(), a.history_terms.end(), t) == a.history_terms.end()) a.history_terms.push_back(t);
      query.push_back({std::move(t), options.history_weight});
    }
  }

  // Entries in the customer's language (and, for a partner's page, the brand's and its own).
  std::vector<int> allowed;
  for (size_t i = 0; i < kb.entries.size(); ++i) {
    const FaqEntry& e = kb.entries[i];
    if (e.lang != a.lang) continue;
    if (!options.partner.empty() && e.scope == "partner" && e.partner != options.partner) continue;
    allowed.push_back(static_cast<int>(i));
  }
  std::vector<Bm25Hit> hits = allowed.empty() ? std::vector<Bm25Hit>{} : kb.index.search(query, allowed);
  for (size_t i = 0; i < hits.size() && static_cast<int>(i) < std::max(options.top, 1); ++i)
    a.hits.push_back({hits[i].doc, hits[i].score, hits[i].normalized, hits[i].coverage});
  if (!hits.empty()) {
    a.confidence = hits[0].normalized;
    a.coverage = hits[0].coverage;
    a.margin = hits.size() > 1 ? (hits[0].score - hits[1].score) / hits[0].score : 1.0;
    // The previous turn may help a follow-up, never sink a question the best entry answers on its
    // own: its terms join both measures' denominators, so after a long or off-topic turn (a Chinese
    // one's characters and bigrams match no English entry) "Is shipping free?" fell below the
    // minimum coverage and was handed over. Each measure is the larger of with and without it.
    if (!a.history_terms.empty() && own_terms > 0) {
      std::vector<WeightedTerm> own(query.begin(), query.begin() + static_cast<std::ptrdiff_t>(own_terms));
      std::vector<Bm25Hit> alone = kb.index.search(own, {hits[0].doc});
      if (!alone.empty()) {
        a.confidence = std::max(a.confidence, alone[0].normalized);
        a.coverage = std::max(a.coverage, alone[0].coverage);
      }
    }
  }
  // Hand over when the best entry's score is low, or when it leaves the informative part of the
  // question unmatched (coverage): "What is the capital of Australia?" matches "Australia" in the
  // shipping answer well, but not "capital", the rarer word.
  double min_coverage = options.min_coverage >= 0 ? options.min_coverage : faq_default_min_coverage(a.lang);
  a.handover = hits.empty() || a.confidence < options.threshold || a.coverage < min_coverage;
  if (a.handover) {
    a.answer = faq_handover_message(kb, a.lang);
    a.source = "handover";
  } else {
    a.answer = kb.entries[static_cast<size_t>(hits[0].doc)].answer;
    a.source = "retrieved";
  }
  return a;
}

double faq_default_min_coverage(const std::string& lang) { return lang == "zh" ? 0.18 : 0.33; }

std::string faq_handover_message(const FaqKnowledgeBase& kb, const std::string& lang) {
  auto name = kb.brand_name.find(lang);
  bool named = name != kb.brand_name.end() && !name->second.empty();
  if (lang == "zh")
    return "抱歉，这个问题我暂时无法准确回答。已为您转接" + (named ? name->second : std::string()) +
           "人工客服，同事会尽快与您联系。感谢您的耐心等待！";
  return "I'm sorry, I'm not sure I can answer that correctly. I'm passing your question to " +
         (named ? "a member of the " + name->second + " team" : std::string("a member of our team")) +
         ", who will get back to you shortly. Thank you for your patience!";
}

}  // namespace plume::ecosystem
