// Customer service (seed §5.2): an FAQ knowledge base in Chinese and English, retrieval by BM25
// (faq_bm25.h over faq_tokenize.h's terms), a confidence threshold below which the customer is
// handed over to a human, follow-up questions that reuse the previous turn, and an answer
// grounded on the retrieved entry (docs/faq.md).
//
// The knowledge base is JSON lines, one entry per line:
//   {"id": "ship-01", "lang": "en", "scope": "brand" | "partner" | "product",
//    "partner": "sms-gateway"?, "product": "Aurora Fit Band 7"?, "question": "...", "answer": "...",
//    "alternates": ["other phrasings"]?, "facts": ["7 days"]?}
// "partner" is required for scope "partner" (and checked against the manifest when one is
// given), "product" for scope "product". "facts" are the details a generated answer must keep
// (each must occur in the answer); without them, every number in the answer is a fact.
// Errors name the line and, for JSON syntax, the column: "faq.jsonl line 7, column 12: ...".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "ecosystem/faq_bm25.h"
#include "ecosystem/manifest.h"

namespace plume::ecosystem {

struct FaqEntry {
  std::string id, lang, scope = "brand", partner, product, question, answer;
  std::vector<std::string> alternates;
  std::vector<std::string> facts;  // as given (empty: the answer's numbers, see faq_required_facts)
  int line = 0;                    // 1-based line in the JSONL text
};

struct FaqKnowledgeBase {
  std::vector<FaqEntry> entries;
  Bm25Index index;                 // one document per entry: question + alternates + answer
  LocalText brand_name;            // from the manifest, for the handover message
  std::vector<std::string> partners;  // partner ids of the manifest (empty: not checked)
};

// `source` names the text in messages ("faq.jsonl"). The manifest is optional.
Result<FaqKnowledgeBase> parse_faq(std::string_view jsonl, const std::string& source = "faq.jsonl",
                                   const Manifest* manifest = nullptr, Bm25Params params = {});

// One earlier turn of the conversation (the caller keeps the list; ask returns the new turn).
struct FaqTurn {
  std::string question;
  std::string id;      // the entry that answered it ("" when handed over)
};
Result<std::vector<FaqTurn>> parse_faq_history(const nlohmann::json& history);

struct FaqAskOptions {
  std::string lang;                // "" = detect from the question (faq_language)
  int top = 3;                     // how many retrieved entries to return
  double threshold = 0.10;         // hand over when the best normalized score is below it (docs/faq.md)
  double min_coverage = -1;        // ... or when the best entry's coverage (faq_bm25.h) is below it;
                                   // < 0: the language's default, faq_default_min_coverage
  double history_weight = 0.3;     // weight of the previous turn's terms and its entry's question's (current: 1.0)
  std::string partner;             // "" = all entries; else brand entries + this partner's
};

struct FaqHit {
  int entry = 0;                   // index into entries
  double score = 0, normalized = 0, coverage = 0;
};

struct FaqAnswer {
  std::string question, lang;
  std::vector<FaqHit> hits;        // best first, at most options.top
  double confidence = 0;           // the best hit's normalized score (0 when none)
  double coverage = 0;             // the best hit's coverage: IDF-weighted share of the question it contains
  double margin = 0;               // (best - second) / best raw score (1 when one hit)
  bool handover = false;
  std::string answer;              // the best entry's answer, or the handover message
  std::string source = "retrieved";  // "retrieved" | "generated" | "handover"
  std::vector<std::string> history_terms;  // the previous turn's terms that were added
};

// The minimum coverage per language, chosen on data/ecosystem/faq_tune.jsonl (docs/faq.md):
// English 0.33, Chinese 0.18 (Chinese questions are split into characters and bigrams, so a
// paraphrase covers less of its own terms).
double faq_default_min_coverage(const std::string& lang);

FaqAnswer faq_ask(const FaqKnowledgeBase& kb, std::string_view question, const std::vector<FaqTurn>& history,
                  const FaqAskOptions& options = {});

// The polite message that hands over to a human, in "en" or "zh" (with the brand's name when known).
std::string faq_handover_message(const FaqKnowledgeBase& kb, const std::string& lang);

// --- Grounded generation (the model's part runs in faq_model.h natively, in the engine's
// worker in the browser; both use these two functions so they decide the same way).

// The faq template's input for the answer's best entry: the product (or partner / brand name),
// the question, and the entry's answer split into sentences as the "features" to use.
nlohmann::json faq_grounding_input(const FaqKnowledgeBase& kb, const FaqAnswer& a);

// The facts a generated answer must keep: the entry's facts, or the numbers in its answer.
std::vector<std::string> faq_required_facts(const FaqEntry& e);

// Share of the entry answer's distinct terms (faq_terms) that a text contains.
double faq_term_overlap(const std::string& answer, const std::string& text);
inline constexpr double kFaqMinOverlap = 0.5;

// Picks the first candidate (in the given order, best first) that is in the answer's language,
// keeps every required fact (numbers as whole numbers) and at least kFaqMinOverlap of the
// entry answer's terms (so it says the same thing, not just the same number); none: nullopt (the caller keeps the retrieved answer). `why`
// receives, per rejected candidate, the reason.
std::optional<size_t> faq_pick_generated(const FaqKnowledgeBase& kb, const FaqAnswer& a,
                                         const std::vector<std::string>& candidates,
                                         std::vector<std::string>* why = nullptr);

nlohmann::json faq_answer_to_json(const FaqKnowledgeBase& kb, const FaqAnswer& a);

}  // namespace plume::ecosystem
