// Human review decisions (src/prompt/review*.h): validation with located messages, the two store
// forms, filters, "latest decision counts", and what approved texts become — few-shot examples
// that the write request appends, and fine-tuning pairs whose prompt is the template's own
// prompt (checked against the prompt-format layout written out by hand).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include <nlohmann/json.hpp>

#include "prompt/prompt_build.h"
#include "prompt/review_store.h"
#include "prompt/template_library.h"
#include "prompt/write_request.h"
#include "template_fixture.h"

using namespace plume;
using namespace plume::prompt;
using nlohmann::json;

namespace {

std::vector<PromptTemplate> library() { return test::repo_template_library(); }

json decision(const std::string& action) {
  json d = {{"action", action},
            {"template", "sms.zh"},
            {"language", "zh"},
            {"input", {{"product", "智能手环"}, {"features", {"心率监测", "7天续航"}}}},
            {"candidate", "【手环】心率监测、7天续航，限时优惠！拒收请回复R"},
            {"reviewer", "李雷"},
            {"time", "2026-11-29T04:00:00Z"}};
  if (action == "edit") {
    d["edited"] = "【手环】心率监测，7天续航，今天下单立减！拒收请回复R";
    d["reason"] = {{"code", "wording"}};
  }
  if (action == "reject") d["reason"] = {{"code", "off_brand"}, {"note", "语气太硬"}};
  return d;
}

std::string error_of(const json& d) {
  auto r = parse_review_decision(d, "reviews.jsonl:7");
  REQUIRE_FALSE(r);
  return r.error().message;
}

}  // namespace

TEST_CASE("review: valid decisions of each action", "[review]") {
  for (const char* action : {"approve", "edit", "reject"}) {
    auto r = parse_review_decision(decision(action), "d");
    REQUIRE(r);
    CHECK(review_action_name(r->action) == std::string(action));
  }
  auto e = parse_review_decision(decision("edit"), "d");
  CHECK(e->final_text() == "【手环】心率监测，7天续航，今天下单立减！拒收请回复R");
  auto a = parse_review_decision(decision("approve"), "d");
  CHECK(a->final_text() == "【手环】心率监测、7天续航，限时优惠！拒收请回复R");
  // Round trip through JSON keeps every field.
  auto back = parse_review_decision(review_decision_to_json(*e), "d");
  REQUIRE(back);
  CHECK(review_decision_to_json(*back) == review_decision_to_json(*e));
}

TEST_CASE("review: invalid decisions are located, clear errors", "[review]") {
  json d = decision("reject");
  d.erase("reason");
  CHECK(error_of(d) == "reviews.jsonl:7: a decision to reject needs a reason {\"code\": ..., \"note\": ...}");
  d = decision("approve");
  d["action"] = "accept";
  CHECK(error_of(d) == "reviews.jsonl:7: action 'accept' is not approve, edit or reject");
  d = decision("edit");
  d["edited"] = d["candidate"];
  CHECK(error_of(d).find("edited text is the same as the candidate") != std::string::npos);
  d = decision("approve");
  d["edited"] = "x";
  CHECK(error_of(d).find("edited text is only for action edit") != std::string::npos);
  d = decision("reject");
  d["reason"]["code"] = "toolong";
  CHECK(error_of(d).find("reason.code 'toolong' is not a reason code (known: good,") != std::string::npos);
  d["reason"] = {{"code", "good"}};
  CHECK(error_of(d).find("reason 'good' does not go with action reject") != std::string::npos);
  d["reason"] = {{"code", "other"}};
  CHECK(error_of(d).find("reason 'other' needs a note") != std::string::npos);
  d = decision("approve");
  d["time"] = "2026-02-29T10:00:00Z";  // 2026 is not a leap year
  CHECK(error_of(d).find("time '2026-02-29T10:00:00Z' is not an ISO 8601 UTC time") != std::string::npos);
  d["time"] = "2028-02-29T10:00:00.123Z";
  CHECK(parse_review_decision(d, "d"));
  d["time"] = "2026-11-29 04:00:00";
  CHECK_FALSE(parse_review_decision(d, "d"));
  d = decision("approve");
  d["template"] = "sms.en";
  CHECK(error_of(d).find("must be a full library name ending in '.zh'") != std::string::npos);
  d = decision("approve");
  d["reviewr"] = "x";
  CHECK(error_of(d).find("unknown key 'reviewr'") != std::string::npos);
  d = decision("approve");
  d["reviewer"] = "  ";
  CHECK(error_of(d) == "reviews.jsonl:7: reviewer is empty");
  d = decision("approve");
  d["candidate"] = std::string("\xE6\x89", 2);  // a cut-off 3-byte character
  CHECK(error_of(d) == "reviews.jsonl:7: candidate is not valid UTF-8");
  d = decision("approve");
  d["input"] = "手环";
  CHECK(error_of(d).find("input must be the object") != std::string::npos);
}

TEST_CASE("review: stores in JSON lines and in the browser's form", "[review]") {
  std::vector<ReviewDecision> store;
  REQUIRE(add_review_decision(&store, decision("approve"), "d"));
  REQUIRE(add_review_decision(&store, decision("reject"), "d"));
  json with_id = decision("edit");
  with_id["id"] = "r1";
  auto dup = add_review_decision(&store, with_id, "d");
  REQUIRE_FALSE(dup);
  CHECK(dup.error().message == "d: id 'r1' is already in the store");
  with_id["id"] = "mine";
  REQUIRE(add_review_decision(&store, with_id, "d"));
  REQUIRE(store.size() == 3);
  CHECK(store[0].id == "r1");
  CHECK(store[1].id == "r2");
  CHECK(store[2].id == "mine");

  const std::string lines = review_jsonl(store);
  CHECK(std::count(lines.begin(), lines.end(), '\n') == 3);
  auto again = parse_review_jsonl("\n" + lines + "\n", "s.jsonl");
  REQUIRE(again);
  CHECK(review_store_json(*again) == review_store_json(store));
  auto bad = parse_review_jsonl(lines + "{\"action\": \"approve\"\n", "s.jsonl");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message == "s.jsonl:4: not a valid JSON object (or not UTF-8)");
  auto twice = parse_review_jsonl(lines + lines, "s.jsonl");
  REQUIRE_FALSE(twice);
  CHECK(twice.error().message == "s.jsonl:4: id 'r1' is used twice");

  auto browser = parse_review_store(review_store_json(store), "ws");
  REQUIRE(browser);
  CHECK(browser->size() == 3);
  CHECK(parse_review_store(nullptr, "ws")->empty());
  CHECK_FALSE(parse_review_store(json{{"format", "plume-review/2"}, {"decisions", json::array()}}, "ws"));

  auto rejected = filter_reviews(store, json{{"action", "reject"}});
  REQUIRE(rejected);
  REQUIRE(rejected->size() == 1);
  CHECK(rejected->front().reason_note == "语气太硬");
  CHECK(filter_reviews(store, json{{"reviewer", "李雷"}, {"template", "sms.zh"}})->size() == 3);
  CHECK(filter_reviews(store, json{{"reviewer", "韩梅梅"}})->empty());
  CHECK_FALSE(filter_reviews(store, json{{"who", "x"}}));
}

TEST_CASE("review: approved texts become few-shot examples the write request appends", "[review]") {
  std::vector<ReviewDecision> store;
  REQUIRE(add_review_decision(&store, decision("approve"), "d"));
  json edit = decision("edit");
  edit["candidate"] = "手环限时优惠";  // another candidate (the same one edited would replace the approval)
  REQUIRE(add_review_decision(&store, edit, "d"));
  json other = decision("approve");
  other["candidate"] = "另一条：心率监测、7天续航。拒收请回复R";
  REQUIRE(add_review_decision(&store, other, "d"));
  // The same candidate rejected later: the latest decision counts, so it is no example.
  json later = other;
  later["action"] = "reject";
  later["reason"] = {{"code", "repetitive"}};
  later["time"] = "2026-11-29T05:00:00Z";
  REQUIRE(add_review_decision(&store, later, "d"));

  json ex = review_examples(store, "sms.zh");
  CHECK(ex["format"] == "plume-examples/1");
  CHECK(ex["template"] == "sms.zh");
  REQUIRE(ex["examples"].size() == 2);
  CHECK(ex["examples"][0] == json{{"product", "智能手环"}, {"features", {"心率监测", "7天续航"}},
                                  {"output", "【手环】心率监测、7天续航，限时优惠！拒收请回复R"}});
  CHECK(ex["examples"][1]["output"] == "【手环】心率监测，7天续航，今天下单立减！拒收请回复R");
  CHECK(review_examples(store, "sms.en")["examples"].empty());

  auto list = parse_review_examples(ex, "sms.zh", "ex.json");
  REQUIRE(list);
  auto wrong = parse_review_examples(ex, "email.zh", "ex.json");
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().message == "ex.json: the examples are for template sms.zh, not email.zh");

  const auto lib = library();
  const PromptTemplate& t = **find_template(lib, "sms.zh", "");
  auto req = parse_write_request(json{{"input", {{"product", "手环"}}}, {"reviewedExamples", *list}}, t);
  REQUIRE(req);
  REQUIRE(req->examples.size() == t.examples.size() + 2);
  CHECK(req->examples[t.examples.size()]["output"] == "【手环】心率监测、7天续航，限时优惠！拒收请回复R");
  // The prompt now shows the approved text as the last example, right before the input.
  auto data = prompt_data(t, req->input, req->examples);
  REQUIRE(data);
  auto prompt = render_prompt(t, *data);
  REQUIRE(prompt);
  const std::string last = "【手环】心率监测，7天续航，今天下单立减！拒收请回复R\n### 结束\n\n### 输入\n";
  CHECK(prompt->find(last) != std::string::npos);
}

TEST_CASE("review: approved texts become fine-tuning pairs in the prompt format", "[review]") {
  const auto lib = library();
  auto find = [&](const std::string& name) { return find_template(lib, name, "en"); };
  std::vector<ReviewDecision> store;
  json d = decision("approve");
  d["template"] = "product_description.en";
  d["language"] = "en";
  d["input"] = {{"product", "Trail Bottle 750"}, {"features", {"leak-proof lid"}}};
  d["candidate"] = "Trail Bottle 750 keeps your bag dry with its leak-proof lid.";
  REQUIRE(add_review_decision(&store, d, "d"));
  REQUIRE(add_review_decision(&store, decision("reject"), "d"));
  auto pairs = review_finetune_pairs(store, "", find);
  REQUIRE(pairs);
  REQUIRE(pairs->size() == 1);  // the rejection gives none
  const FinetunePair& p = pairs->front();
  CHECK(p.id == "r1");
  CHECK(p.completion == "Trail Bottle 750 keeps your bag dry with its leak-proof lid.\n### End");
  // docs/prompt-format.md: no few-shot example; the input; the prompt ends at the output marker.
  CHECK(p.prompt.rfind("### Task\n", 0) == 0);
  CHECK(p.prompt.find("### Example") == std::string::npos);
  const std::string tail = "Product: Trail Bottle 750\nFeatures:\n- leak-proof lid\n### Output\n";
  REQUIRE(p.prompt.size() > tail.size());
  CHECK(p.prompt.compare(p.prompt.size() - tail.size(), tail.size(), tail) == 0);
  CHECK(finetune_jsonl(*pairs) == json{{"prompt", p.prompt}, {"completion", p.completion}}.dump() + "\n");

  json unknown = decision("approve");
  unknown["template"] = "haiku.zh";
  REQUIRE(add_review_decision(&store, unknown, "d"));
  auto missing = review_finetune_pairs(store, "", find);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message.rfind("decision r3: ", 0) == 0);
  CHECK(review_finetune_pairs(store, "product_description.en", find)->size() == 1);
}

TEST_CASE("review: reason labels are bilingual", "[review]") {
  json r = review_reasons_json()["reasons"];
  REQUIRE(r.size() >= 10);
  for (const json& x : r) {
    CHECK_FALSE(x["en"].get<std::string>().empty());
    CHECK_FALSE(x["zh"].get<std::string>().empty());
    CHECK_FALSE(x["actions"].empty());
  }
}
