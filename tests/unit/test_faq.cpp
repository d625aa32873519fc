// FAQ retrieval and answers (src/ecosystem/faq*.h): BM25 scores computed by hand on a
// three-entry example, tokenization (Porter stems, Chinese bigrams, mixed text), the handover
// threshold, follow-up questions, grounding checks and every kind of bad input.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "ecosystem/faq.h"
#include "ecosystem/faq_eval.h"
#include "ecosystem/faq_tokenize.h"

using namespace plume::ecosystem;
using Terms = std::vector<std::string>;

TEST_CASE("faq terms: lower-cased Porter stems, Chinese characters and bigrams, mixed text", "[faq]") {
  CHECK(faq_terms("Returns, SHIPPING!") == Terms{"return", "ship"});
  CHECK(faq_terms("退货政策") == Terms{"退", "货", "政", "策", "退货", "货政", "政策"});
  CHECK(faq_terms("包邮吗？") == Terms{"包", "邮", "包邮", "邮吗"});  // 吗 is grammar: only in a bigram
  CHECK(faq_terms("好") == Terms{"好"});
  CHECK(faq_terms("吗") == Terms{});
  CHECK(faq_terms("Aurora 手环保修多久") ==
        Terms{"aurora", "手", "环", "保", "修", "多", "久", "手环", "环保", "保修", "修多", "多久"});
  CHECK(faq_terms("iPhone手表") == Terms{"iphon", "手", "表", "手表"});
  CHECK(faq_terms("5ATM, 14 days") == Terms{"5atm", "14", "day"});
  CHECK(faq_terms("don't") == Terms{"don"});
  CHECK(faq_terms("Can I return it to the shop?") == Terms{"return", "shop"});  // English stop words go
  CHECK(faq_terms("café") == Terms{"café"});     // non-ASCII words are not stemmed
  CHECK(faq_terms("\xff\xfe ok") == Terms{"ok"});  // invalid UTF-8 separates, never fails
  CHECK(faq_terms("").empty());
  CHECK(faq_language("How long is the warranty?") == "en");
  CHECK(faq_language("Aurora 手环保修多久") == "zh");
  CHECK(faq_language("Is the 保修 still valid for my watch?") == "en");
}

TEST_CASE("faq BM25: scores of a three-document example computed by hand", "[faq]") {
  Bm25Index index;                     // k1 = 1.2, b = 0.75
  index.add(faq_terms("free shipping"));            // [free, ship]
  index.add(faq_terms("shipping time"));            // [ship, time]
  index.add(faq_terms("return policy returns"));    // [return, polici, return]
  REQUIRE(index.size() == 3);
  CHECK(index.avgdl() == Approx(7.0 / 3.0));
  const double idf_ship = std::log(1.0 + (3 - 2 + 0.5) / (2 + 0.5));    // ln 1.6
  const double idf_free = std::log(1.0 + (3 - 1 + 0.5) / (1 + 0.5));    // ln 8/3
  const double idf_return = std::log(1.0 + (3 - 1 + 0.5) / (1 + 0.5));
  const double idf_unseen = std::log(1.0 + (3 - 0 + 0.5) / (0 + 0.5));  // ln 8
  CHECK(index.idf("ship") == Approx(0.4700036292));
  CHECK(index.idf("free") == Approx(0.9808292530));
  CHECK(index.idf("weather") == Approx(idf_unseen));

  // Documents of length 2: K = 1.2 * (0.25 + 0.75 * 2 / (7/3)) = 1.0714286; tf 1 -> 2.2 / (1 + K).
  const double K2 = 1.2 * (0.25 + 0.75 * 2.0 / (7.0 / 3.0));
  const double t1 = 2.2 / (1.0 + K2);
  auto hits = index.search({{"ship", 1.0}, {"free", 1.0}});
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].doc == 0);
  CHECK(hits[0].score == Approx((idf_ship + idf_free) * t1));
  CHECK(hits[0].score == Approx(1.5408846).epsilon(1e-6));
  CHECK(hits[1].doc == 1);
  CHECK(hits[1].score == Approx(idf_ship * t1));
  CHECK(hits[0].normalized == Approx((idf_ship + idf_free) * t1 / ((idf_ship + idf_free) * 2.2)));
  // Coverage: the IDF-weighted share of the query terms the document contains (no tf, no length).
  CHECK(hits[0].coverage == Approx(1.0));
  CHECK(hits[1].coverage == Approx(idf_ship / (idf_ship + idf_free)));
  CHECK(hits[1].coverage == Approx(0.3239544).epsilon(1e-6));  // 0.4700036 / 1.4508329

  // Length 3 and tf 2: K = 1.2 * (0.25 + 0.75 * 3 / (7/3)); 2 * 2.2 / (2 + K).
  const double K3 = 1.2 * (0.25 + 0.75 * 3.0 / (7.0 / 3.0));
  hits = index.search({{"return", 1.0}, {"weather", 1.0}});
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].doc == 2);
  CHECK(hits[0].score == Approx(idf_return * 2 * 2.2 / (2 + K3)));
  // An unseen word still counts in the normalization: half the question is not covered.
  CHECK(hits[0].normalized == Approx(idf_return * 2 / (2 + K3) / (idf_return + idf_unseen)));
  CHECK(hits[0].coverage == Approx(idf_return / (idf_return + idf_unseen)));  // 0.98083 / 3.06027 = 0.32050
  CHECK(hits[0].coverage == Approx(0.3205041).epsilon(1e-6));

  // Weights scale each term's part; a repeated term counts once, with its largest weight.
  hits = index.search({{"time", 0.3}, {"ship", 1.0}, {"ship", 0.3}});
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].doc == 1);
  const double idf_time = std::log(1.0 + 2.5 / 1.5);
  CHECK(hits[0].score == Approx((0.3 * idf_time + idf_ship) * t1));
  CHECK(hits[1].score == Approx(idf_ship * t1));
  CHECK(hits[0].coverage == Approx(1.0));
  CHECK(hits[1].coverage == Approx(idf_ship / (0.3 * idf_time + idf_ship)));  // doc 0 lacks "time"
  // Restricted to some documents.
  hits = index.search({{"ship", 1.0}}, {1, 2});
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].doc == 1);
}

namespace {

const char* kFaq =
    R"({"id": "ship", "lang": "en", "question": "Is shipping free?", "answer": "Shipping is free on orders of 99 CNY or more."})"
    "\n"
    R"({"id": "ret", "lang": "en", "question": "What is the return policy?", "answer": "Return any item within 7 days."})"
    "\n\n"
    R"({"id": "war-watch", "lang": "en", "scope": "partner", "partner": "aurora-devices", "question": "How long is the warranty on watches?", "answer": "Watches and earbuds have a 2-year warranty."})"
    "\n"
    R"({"id": "band", "lang": "en", "scope": "product", "product": "Fit Band", "question": "Can I swim with the Fit Band?", "answer": "Yes, it is rated 5ATM."})"
    "\n"
    R"({"id": "zh-ship", "lang": "zh", "question": "包邮吗？", "answer": "订单满99元包邮。", "facts": ["99元"]})"
    "\n"
    R"({"id": "zh-ret", "lang": "zh", "question": "退货政策是什么？", "answer": "签收后7天内可以无理由退货。"})"
    "\n";

FaqKnowledgeBase kb() {
  auto r = parse_faq(kFaq);
  REQUIRE(r.ok());
  return std::move(*r);
}

}  // namespace

TEST_CASE("faq: answers from the best entry in the question's language", "[faq]") {
  FaqKnowledgeBase base = kb();
  REQUIRE(base.entries.size() == 6);
  CHECK(base.entries[2].line == 4);  // the blank line is counted
  FaqAnswer a = faq_ask(base, "Do you offer free shipping?", {});
  CHECK(a.lang == "en");
  CHECK_FALSE(a.handover);
  CHECK(a.source == "retrieved");
  REQUIRE_FALSE(a.hits.empty());
  CHECK(base.entries[static_cast<size_t>(a.hits[0].entry)].id == "ship");
  CHECK(a.answer == "Shipping is free on orders of 99 CNY or more.");

  FaqAnswer z = faq_ask(base, "退货政策", {});
  CHECK(z.lang == "zh");
  CHECK_FALSE(z.handover);
  CHECK(base.entries[static_cast<size_t>(z.hits[0].entry)].id == "zh-ret");
  for (const FaqHit& h : z.hits) CHECK(base.entries[static_cast<size_t>(h.entry)].lang == "zh");
}

TEST_CASE("faq: below the threshold the customer is handed over, politely, in their language", "[faq]") {
  FaqKnowledgeBase base = kb();
  FaqAnswer a = faq_ask(base, "What will the weather be like tomorrow in Paris?", {});
  CHECK(a.handover);
  CHECK(a.source == "handover");
  CHECK(a.answer.find("passing your question to a member of our team") != std::string::npos);
  FaqAnswer z = faq_ask(base, "明天巴黎天气怎么样？", {});
  CHECK(z.handover);
  CHECK(z.answer.find("人工客服") != std::string::npos);
  // The same question passes at threshold 0 when anything matched, and never at 1.
  FaqAskOptions zero;
  zero.threshold = 0.0;
  zero.min_coverage = 0.0;
  FaqAnswer matched = faq_ask(base, "free parking on the weekend?", {}, zero);
  CHECK_FALSE(matched.handover);
  // Coverage: "free parking?" matches "free" twice in the shipping entry (question and answer), a
  // confident-looking score, but the rarer half of the question ("park", in no entry) is not
  // covered. N = 6: idf(free) = ln(1 + 5.5 / 1.5) = ln 14/3, idf(park) = ln(1 + 6.5 / 0.5) = ln 14;
  // coverage = 1.54045 / (1.54045 + 2.63906) = 0.36857: handed over at a minimum of 0.5, by
  // coverage alone; kept at 0.3 and at the English default 0.33.
  CHECK(faq_default_min_coverage("en") == 0.33);
  CHECK(faq_default_min_coverage("zh") == 0.18);
  FaqAskOptions half;
  half.min_coverage = 0.5;
  FaqAnswer park = faq_ask(base, "free parking?", {}, half);
  REQUIRE_FALSE(park.hits.empty());
  CHECK(base.entries[static_cast<size_t>(park.hits[0].entry)].id == "ship");
  CHECK(park.coverage == Approx(std::log(14.0 / 3.0) / (std::log(14.0 / 3.0) + std::log(14.0))));
  CHECK(park.coverage == Approx(0.3685714).epsilon(1e-6));
  CHECK(park.confidence >= 0.10);
  CHECK(park.handover);
  FaqAskOptions lenient;
  lenient.min_coverage = 0.3;
  CHECK_FALSE(faq_ask(base, "free parking?", {}, lenient).handover);
  CHECK_FALSE(faq_ask(base, "free parking?", {}).handover);
  // Two unknown words: coverage ln(14/3) / (ln(14/3) + 2 ln 14) = 0.22592 < 0.33, handed over by default.
  FaqAnswer weekend = faq_ask(base, "free parking on the weekend?", {});
  CHECK(weekend.coverage == Approx(0.2259194).epsilon(1e-6));
  CHECK(weekend.handover);
  // "free shipping?" is covered entirely.
  FaqAnswer covered = faq_ask(base, "free shipping?", {});
  CHECK(covered.coverage == Approx(1.0));
  CHECK_FALSE(covered.handover);
  FaqAskOptions one;
  one.threshold = 1.0;
  CHECK(faq_ask(base, "Is shipping free?", {}, one).handover);
  // The confidence is the best hit's normalized score.
  FaqAnswer full = faq_ask(base, "Is shipping free?", {});
  CHECK(full.confidence == Approx(full.hits[0].normalized));
  CHECK(full.confidence > 0.2);
  // With a manifest, the brand's name is in the message.
  base.brand_name = {{"en", "Aurora Living"}, {"zh", "极光生活"}};
  CHECK(faq_handover_message(base, "en").find("the Aurora Living team") != std::string::npos);
  CHECK(faq_handover_message(base, "zh").find("极光生活人工客服") != std::string::npos);
}

TEST_CASE("faq: a follow-up uses the previous turn's terms at a lower weight", "[faq]") {
  auto parsed = parse_faq(
      R"({"id": "ship", "lang": "en", "question": "How long does shipping take?", "answer": "Shipping takes 3 days."})" "\n"
      R"({"id": "refund", "lang": "en", "question": "How long does a refund take?", "answer": "Refunds take 5 days."})");
  REQUIRE(parsed.ok());
  const FaqKnowledgeBase& base = *parsed;
  FaqAskOptions all;
  all.threshold = 0;
  // Alone, "how long does it take?" matches both the same way (equal lengths): the first wins.
  FaqAnswer alone = faq_ask(base, "How long does it take?", {}, all);
  REQUIRE(alone.hits.size() == 2);
  CHECK(base.entries[static_cast<size_t>(alone.hits[0].entry)].id == "ship");
  CHECK(alone.history_terms.empty());
  // After a question about a refund, the refund's terms (weight 0.3) decide.
  std::vector<FaqTurn> history = {{"I want a refund", ""}};
  FaqAnswer follow = faq_ask(base, "How long does it take?", history, all);
  CHECK(base.entries[static_cast<size_t>(follow.hits[0].entry)].id == "refund");
  CHECK(follow.history_terms == Terms{"want", "refund"});  // "I", "a": stop words
  // Only the last turn counts, and what is asked now outweighs it.
  CHECK(base.entries[static_cast<size_t>(faq_ask(base, "How long does shipping take?", history, all).hits[0].entry)].id == "ship");
  std::vector<FaqTurn> two = {{"I want a refund", ""}, {"thanks", ""}};
  CHECK(base.entries[static_cast<size_t>(faq_ask(base, "How long does it take?", two, all).hits[0].entry)].id == "ship");
  // The refund entry's score is exactly its score alone plus 0.3 x the history terms' part.
  Bm25Index index;
  index.add(faq_terms("How long does shipping take?\nShipping takes 3 days."));
  index.add(faq_terms("How long does a refund take?\nRefunds take 5 days."));
  auto part = index.search({{"refund", 1.0}}, {1});
  auto base_score = index.search({{"how", 1.0}, {"long", 1.0}, {"take", 1.0}}, {1});
  REQUIRE(part.size() == 1);
  REQUIRE(base_score.size() == 1);
  CHECK(follow.hits[0].score == Approx(base_score[0].score + 0.3 * part[0].score));
  // The entry that answered the previous turn lends its question's terms too.
  CHECK(base.entries[static_cast<size_t>(faq_ask(base, "How long does it take?", {{"And my money back?", ""}}, all).hits[0].entry)].id == "ship");
  FaqAnswer lent = faq_ask(base, "How long does it take?", {{"And my money back?", "refund"}}, all);
  CHECK(base.entries[static_cast<size_t>(lent.hits[0].entry)].id == "refund");
  CHECK(std::find(lent.history_terms.begin(), lent.history_terms.end(), "refund") != lent.history_terms.end());
  // A weight of 0 turns the history off.
  FaqAskOptions off = all;
  off.history_weight = 0;
  CHECK(faq_ask(base, "How long does it take?", history, off).history_terms.empty());
  // History as JSON: turns or plain strings; errors name the turn.
  auto h = parse_faq_history(nlohmann::json::parse(R"([{"question": "a", "id": "ship"}, "b"])"));
  REQUIRE(h.ok());
  CHECK(h->size() == 2);
  CHECK((*h)[1].question == "b");
  auto bad = parse_faq_history(nlohmann::json::parse(R"([{"id": "x"}])"));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "history[0].question: expected a string");
}

TEST_CASE("faq: the previous turn never hands over a question the best entry answers on its own", "[faq]") {
  FaqKnowledgeBase base = kb();
  // An off-topic turn with many words no entry uses, then a question the FAQ answers word for word
  // (the studio's chat: a weather question handed over, then "Is shipping free?").
  const std::string off_topic = "Will it rain or snow tomorrow morning in Paris, Berlin, Madrid, Vienna and Prague?";
  std::vector<FaqTurn> history = {{off_topic, ""}};
  FaqAnswer a = faq_ask(base, "Is shipping free?", history);
  REQUIRE_FALSE(a.hits.empty());
  CHECK(base.entries[static_cast<size_t>(a.hits[0].entry)].id == "ship");
  // N = 6: "ship" and "free" are in one entry each, idf ln(14/3); the k history terms are in none,
  // idf ln 14, at weight 0.3. With them in the denominator the coverage would be
  // 2 ln(14/3) / (2 ln(14/3) + 0.3 k ln 14) < 0.33; the question alone is covered entirely.
  const double k = static_cast<double>(a.history_terms.size());
  REQUIRE(k >= 8);
  const double diluted = 2 * std::log(14.0 / 3.0) / (2 * std::log(14.0 / 3.0) + 0.3 * k * std::log(14.0));
  CHECK(diluted < faq_default_min_coverage("en"));
  CHECK(a.hits[0].coverage == Approx(diluted));   // the hit itself still reports the weighted share
  CHECK(a.coverage == Approx(1.0));
  CHECK(a.confidence == Approx(faq_ask(base, "Is shipping free?", {}).confidence));
  CHECK_FALSE(a.handover);
  CHECK(a.source == "retrieved");
  CHECK(a.answer == "Shipping is free on orders of 99 CNY or more.");
  // The same after a Chinese turn (its characters and bigrams are terms of no English entry).
  CHECK_FALSE(faq_ask(base, "Is shipping free?", {{"今天上海天气怎么样，明天北京会下雪吗？", ""}}).handover);
  // An off-topic question stays handed over whatever came before it.
  CHECK(faq_ask(base, "Will it snow in Prague?", {{"Is shipping free?", "ship"}}).handover);
}

TEST_CASE("faq: a generated answer is used only when it keeps the language and the facts", "[faq]") {
  FaqKnowledgeBase base = kb();
  FaqAnswer a = faq_ask(base, "Is shipping free?", {});
  nlohmann::json input = faq_grounding_input(base, a);
  CHECK(input["question"] == "Is shipping free?");
  CHECK(input["features"] == nlohmann::json::array({"Shipping is free on orders of 99 CNY or more."}));
  CHECK(input["product"] == "our shop");
  CHECK(faq_required_facts(base.entries[0]) == Terms{"99"});
  CHECK(faq_required_facts(base.entries[4]) == Terms{"99元"});
  std::vector<std::string> why;
  auto pick = faq_pick_generated(base, a,
                                 {"订单满99元包邮。", "Delivery costs nothing on most orders.",
                                  "Delivery is free from 199 CNY.", "Great gifts from 99 CNY for everyone!",
                                  "Yes! Shipping is free on orders of 99 CNY or more."},
                                 &why);
  REQUIRE(pick.has_value());
  CHECK(*pick == 4);
  REQUIRE(why.size() == 4);
  CHECK(why[0].rfind("language", 0) == 0);
  CHECK(why[1] == "missing fact \"99\"");
  CHECK(why[2] == "missing fact \"99\"");  // 99 only inside 199
  // answer terms: ship, free, order, 99, cni, more -> the gift text keeps 99 and cni: 33%
  CHECK(why[3] == "strays from the entry: 33% of its terms (at least 50% needed)");
  CHECK(faq_term_overlap("Shipping is free on orders of 99 CNY or more.", "Free shipping!") == Approx(2.0 / 6.0));
  CHECK_FALSE(faq_pick_generated(base, a, {"", "No."}).has_value());
  FaqAnswer h = faq_ask(base, "weather in Paris", {});
  CHECK_FALSE(faq_pick_generated(base, h, {"Shipping is free on orders of 99 CNY or more."}).has_value());
}

TEST_CASE("faq: bad knowledge bases are refused with the line (and column) at fault", "[faq]") {
  auto error = [](const std::string& text) {
    auto r = parse_faq(text, "faq.jsonl");
    REQUIRE_FALSE(r.ok());
    return r.error().message;
  };
  const std::string ok = R"({"id": "a", "lang": "en", "question": "q", "answer": "a"})";
  CHECK(error(ok + "\n{\"id\": \"b\", \"lang\": en}") == "faq.jsonl line 2, column 21: not valid JSON (syntax error while parsing value - invalid literal; last read: '\"lang\": e')");
  CHECK(error(ok + "\n" + ok) == "faq.jsonl line 2: id \"a\" appears twice");
  CHECK(error(R"({"id": "a", "lang": "fr", "question": "q", "answer": "a"})") == "faq.jsonl line 1: lang: expected \"en\" or \"zh\", got \"fr\"");
  CHECK(error(R"({"id": "a", "lang": "en", "question": "q"})") == "faq.jsonl line 1: 'answer' is missing");
  CHECK(error(R"({"id": "a", "lang": "en", "question": "", "answer": "a"})") == "faq.jsonl line 1: question: expected a non-empty string");
  CHECK(error(R"({"id": "a", "lang": "en", "question": "q", "answer": "a", "answr": 1})").find("unknown key 'answr'") != std::string::npos);
  CHECK(error(R"({"id": "a", "lang": "en", "scope": "partner", "question": "q", "answer": "a"})") == "faq.jsonl line 1: 'partner' is missing (scope \"partner\")");
  CHECK(error(R"({"id": "a", "lang": "en", "question": "q", "answer": "a", "facts": ["7 days"]})") == "faq.jsonl line 1: facts[0]: \"7 days\" does not occur in the answer");
  CHECK(error(R"({"id": "a", "lang": "en", "question": "q", "answer": "a", "alternates": "x"})") == "faq.jsonl line 1: alternates: expected a list of strings");
  CHECK(error("[1, 2]") == "faq.jsonl line 1: expected a JSON object {\"id\", \"lang\", \"question\", \"answer\", ...}");
  CHECK(error("\n\n") == "faq.jsonl: no FAQ entries (one JSON object per line)");
  // A partner the manifest does not have.
  auto m = load_manifest(R"({"version": 1, "brand": {"name": "B"}, "channels": [{"id": "email"}], "partners": [{"id": "p1", "name": "P", "type": "data"}]})");
  REQUIRE(m.ok());
  auto r = parse_faq(R"({"id": "a", "lang": "en", "scope": "partner", "partner": "p2", "question": "q", "answer": "a"})", "faq.jsonl", &*m);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "faq.jsonl line 1: partner: \"p2\" is not a partner in the manifest");
}

TEST_CASE("faq eval: hit rates and handover counted by hand", "[faq]") {
  FaqKnowledgeBase base = kb();
  const char* heldout =
      R"({"lang": "en", "question": "Do you charge for shipping?", "id": "ship"})" "\n"
      R"({"lang": "en", "question": "Can I send it back?", "id": "ret"})" "\n"
      R"({"lang": "en", "question": "Who will win the election?", "id": null})" "\n"
      R"({"lang": "zh", "question": "包邮吗", "id": "zh-ship"})" "\n";
  auto r = faq_evaluate(base, heldout);
  REQUIRE(r.ok());
  const auto& en = (*r)["languages"]["en"];
  CHECK(en["inScope"] == 2);
  CHECK(en["outOfScope"] == 1);
  CHECK(en["hitAt1"].get<double>() == Approx(0.5));  // "send it back" shares no term with "return"
  CHECK(en["handoverRecall"].get<double>() == Approx(1.0));
  CHECK((*r)["languages"]["zh"]["hitAt1"].get<double>() == Approx(1.0));
  auto bad = faq_evaluate(base, R"({"lang": "en", "question": "q", "id": "nope"})");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "faq_heldout.jsonl line 1: id: \"nope\" is not an entry of the knowledge base");
}
