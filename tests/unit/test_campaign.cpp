// Campaigns: validation paths, allocation (GrowthBook experiment, bandit), item picking, the
// template-only text, the run (rules, fallback, skip, determinism, resume), the output forms,
// outcomes, the analysis and the bandit update. Expected values are computed by hand in the
// comments, not taken from the code's output.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>

#include "ecosystem/campaign.h"
#include "ecosystem/campaign_content.h"
#include "ecosystem/campaign_optimize.h"
#include "ecosystem/campaign_output.h"
#include "ecosystem/campaign_plan.h"
#include "ecosystem/campaign_run.h"
#include "ecosystem/workspace.h"
#include "experiment/hash.h"
#include "prompt/prompt_build.h"
#include "template_fixture.h"

using namespace plume;
using namespace plume::ecosystem;
using nlohmann::json;

namespace {

std::vector<prompt::PromptTemplate> library() { return test::repo_template_library(); }

std::vector<std::string> names(const std::vector<prompt::PromptTemplate>& lib) {
  std::vector<std::string> n;
  for (const auto& t : lib) n.push_back(t.name);
  return template_base_names(n);
}

const char* kManifest = R"({
  "version": 1,
  "brand": {"name": {"en": "Acme", "zh": "艾克美"}, "languages": ["en", "zh"],
            "voice": {"tone": ["warm", "亲切"], "banned_words": ["cheapest", "最便宜"]}, "currency": "CNY", "timezone": "+08:00"},
  "identity": {"keys": ["email", "phone"], "default_country_code": "86"},
  "channels": [
    {"id": "email", "send_window": {"start": 8, "end": 21}},
    {"id": "sms", "send_window": {"start": 9, "end": 21}, "languages": ["zh"]}
  ],
  "partners": [
    {"id": "gw", "name": "Gateway", "type": "channel", "channels": [{"id": "sms", "max_segments": 1}]},
    {"id": "maker", "name": "Maker", "type": "product", "catalogs": ["home"]}
  ],
  "segments": [{"id": "all", "name": {"en": "Everyone", "zh": "所有人"}, "condition": {}}]
})";

const char* kCatalog =
    "id,title,description,price,category,brand,link,image_link,availability,partner\n"
    "P1,Tea Set,\"Tea set: porcelain, four cups. Nice\",99,kitchen,Acme,https://x.test/P1,,in_stock,maker\n"
    "P2,Kettle,Kettle: 1.7 L,199,kitchen,Acme,https://x.test/P2,,in_stock,maker\n"
    "P3,Mug,Mug: 350 ml,29,kitchen,Acme,https://x.test/P3,,out_of_stock,maker\n"
    "P4,Lamp,Lamp: warm light,149,home,Acme,https://x.test/P4,,in_stock,maker\n";

const char* kCustomers =
    "id,name,email,phone,language,city,signup_date\n"
    "C1,\"Smith, Ann\",ann@x.test,,en,Paris,2024-01-01\n"
    "C2,王芳,wf@x.test,13800000000,zh-CN,北京,2024-01-01\n"
    "C3,Bob Lee,,,en,Rome,2024-01-01\n";

// C1 bought P1 and viewed P2; C2 viewed P1 and P4 (twice); P4 is the most popular in stock.
const char* kEvents =
    "user,item,type,channel,partner,timestamp,revenue\n"
    "C1,P1,purchase,web,,2024-03-01T10:00:00Z,99\n"
    "C1,P2,view,web,,2024-03-01T10:05:00Z,\n"
    "C2,P1,view,web,,2024-03-02T10:00:00Z,\n"
    "C2,P4,view,web,,2024-03-02T10:01:00Z,\n"
    "C2,P4,view,web,,2024-03-02T10:02:00Z,\n"
    "C3,P4,click,email,,2024-03-03T10:00:00Z,\n";

const char* kCampaigns = R"({"campaigns": [
  {"id": "mail", "name": {"en": "Spring mail", "zh": "春季邮件"}, "audience": {"segment": "all"}, "channel": "email",
   "content_type": "email", "items": 2,
   "variants": [{"id": "A", "personalization": "recommended"}, {"id": "B", "personalization": "popular", "send_hour": 20}],
   "allocation": {"type": "experiment", "weights": [0.5, 0.5]}},
  {"id": "text", "audience": {"condition": {"language": "zh"}}, "channel": "sms", "partner": "gw", "content_type": "sms",
   "variants": [{"id": "X"}, {"id": "Y"}], "allocation": {"type": "bandit", "algorithm": "thompson", "min_weight": 0.1}}
]})";

std::map<std::string, std::string> files() {
  return {{"manifest.json", kManifest}, {"catalog.csv", kCatalog}, {"customers.csv", kCustomers},
          {"events.csv", kEvents}, {"campaigns.json", kCampaigns}};
}

Workspace workspace(const std::vector<prompt::PromptTemplate>& lib, std::map<std::string, std::string> f = files()) {
  auto w = load_workspace(f, names(lib));
  if (!w) FAIL(w.error().message);
  return std::move(*w);
}

std::string first_error(const std::string& campaigns_json, const std::vector<prompt::PromptTemplate>& lib) {
  auto m = load_manifest(kManifest);
  REQUIRE(m.ok());
  CampaignCheck c = check_campaigns_text(campaigns_json, *m, names(lib));
  return c.errors.empty() ? "ok" : c.errors[0];
}

}  // namespace

TEST_CASE("campaign: validation names the JSON path", "[campaign]") {
  auto lib = library();
  std::string base = R"({"id":"c","audience":{"segment":"all"},"channel":"email","variants":[{"id":"A"},{"id":"B"}],"allocation":{"type":"experiment"}})";
  CHECK(first_error("[" + base + "]", lib) == "ok");
  std::string bad = R"({"id":"d","audience":{"segment":"all"},"channel":"email","variants":[{"id":"A","template":"x"},{"id":"B"}],"allocation":{"type":"experiment"}})";
  std::string e = first_error("{\"campaigns\":[" + base + "," + bad + "]}", lib);
  CHECK(e.rfind("campaigns[1].variants[0].template: unknown template \"x\"", 0) == 0);
  CHECK(first_error(R"([{"id":"c","audience":{"segment":"vip"},"channel":"email","variants":[{"id":"A"},{"id":"B"}],"allocation":{"type":"experiment"}}])", lib) ==
        "campaigns[0].audience.segment: unknown segment \"vip\"");
  CHECK(first_error(R"([{"id":"c","audience":{"segment":"all"},"channel":"emial","variants":[{"id":"A"},{"id":"B"}],"allocation":{"type":"experiment"}}])", lib) ==
        "campaigns[0].channel: unknown channel \"emial\" (did you mean 'email'?)");
  CHECK(first_error(R"([{"id":"c","audience":{"segment":"all"},"channel":"email","variants":[{"id":"A"},{"id":"B"}],"allocation":{"type":"experiment","weights":[0.7,0.7]}}])", lib) ==
        "campaigns[0].allocation.weights: the weights must sum to 1, found 1.4");
  CHECK(first_error(R"([{"id":"c","audience":{"segment":"all"},"channel":"email","variants":[{"id":"A","send_hour":24},{"id":"A"}],"allocation":{"type":"bandit"}}])", lib) ==
        "campaigns[0].variants[0].send_hour: expected a whole hour from 0 to 23");
  CHECK(first_error("[{\"id\": }]", lib) == "line 1, column 9: not valid JSON");
}

TEST_CASE("campaign: workspace errors name the file and line", "[campaign]") {
  auto lib = library();
  auto f = files();
  f["events.csv"] = std::string(kEvents) + "C1,P1,purchase,web,,not-a-time,1\n";
  auto w = load_workspace(f, names(lib));
  REQUIRE(!w.ok());
  CHECK(w.error().message.rfind("events.csv: line 8", 0) == 0);
  f = files();
  f.erase("campaigns.json");
  CHECK(load_workspace(f, names(lib)).error().message == "campaigns.json: missing from the workspace");
  f = files();
  f["outcomes.csv"] = "message_id,campaign,variant,opened\nm1,mail,A,maybe\n";
  CHECK(load_workspace(f, names(lib)).error().message ==
        "outcomes.csv: line 2, column 4 (opened): 'maybe' is not 0/1, true/false or yes/no");
}

TEST_CASE("campaign: experiment allocation is GrowthBook's hash v2 on the campaign id", "[campaign]") {
  auto lib = library();
  Workspace w = workspace(lib);
  const Campaign& c = *find_campaign(w.campaigns, "mail");
  // weights 0.5/0.5: A owns [0, 0.5), B [0.5, 1). The hash is GrowthBook's (tested in test_experiment_assign).
  for (const char* id : {"C1", "C2", "C3", "u-17", "u-99"}) {
    double h = *experiment::gb_hash("mail", id, 2);
    VariantChoice v = choose_variant(c, {0.5, 0.5}, id);
    CHECK(v.bucket == h);
    CHECK(v.index == (h < 0.5 ? 0 : 1));
  }
  // A bandit maps hash("bandit:" + id) onto its weights: all weight on Y sends everyone to Y.
  const Campaign& b = *find_campaign(w.campaigns, "text");
  CHECK(choose_variant(b, {0.0, 1.0}, "C2").index == 1);
  CHECK(choose_variant(b, {1.0, 0.0}, "C2").index == 0);
  double u = *experiment::gb_hash("bandit:text", "C2", 2);
  CHECK(choose_variant(b, {0.5, 0.5}, "C2").index == (u < 0.5 ? 0 : 1));
}

TEST_CASE("campaign: items skip bought and out-of-stock products", "[campaign]") {
  auto lib = library();
  Workspace w = workspace(lib);
  ItemPicker picker(w.store, "");
  int32_t c1 = w.store.customer_index.at("C1"), c3 = w.store.customer_index.at("C3");
  auto title = [&](int32_t p) { return w.store.products[static_cast<size_t>(p)].id; };
  // Popularity (weights view 1, click 2, purchase 5): P1 = 5 + 1 = 6, P4 = 1 + 1 + 2 = 4, P2 = 1, P3 out of stock.
  auto pop = picker.pick(c3, 3, Personalization::kPopular);
  REQUIRE(pop.size() == 3);
  CHECK(title(pop[0]) == "P1");
  CHECK(title(pop[1]) == "P4");
  CHECK(title(pop[2]) == "P2");
  // C1 bought P1 (never again) and viewed P2; kNN: P1 co-occurs with P4 (C2), so P4 scores; then popular fill.
  auto rec = picker.pick(c1, 2, Personalization::kRecommended);
  REQUIRE(rec.size() == 2);
  CHECK(title(rec[0]) == "P4");
  CHECK(title(rec[1]) == "P2");
}

TEST_CASE("campaign: the template-only text and the content helpers", "[campaign]") {
  auto lib = library();
  Workspace w = workspace(lib);
  const Campaign& mail = *find_campaign(w.campaigns, "mail");
  const Customer& ann = w.store.customers[static_cast<size_t>(w.store.customer_index.at("C1"))];
  CHECK(greeting_name(ann, "en") == "Ann");
  CHECK(product_features(w.store.products[0]) == std::vector<std::string>{"porcelain", "four cups"});
  auto t = prompt::find_template(lib, "email", "en");
  REQUIRE(t.ok());
  std::vector<int32_t> items = {0, 3};
  auto text = fallback_text(w.manifest, mail, **t, w.store, ann, items, "en");
  REQUIRE(text.ok());
  CHECK(*text ==
        "Subject: Ann, picked for you: Tea Set\nBody:\nHi Ann,\n\nWe picked Tea Set for you: porcelain.\n"
        "You may also like Lamp.\n\nSee it here: https://x.test/P1\n\nThe Acme team");
  // Send time: the day after the last event (2024-03-03 18:00 +08:00) at 20:00 local = 12:00 UTC on 03-04.
  ChannelSpec email = effective_channel(w.manifest, mail);
  int hour = 0;
  CHECK(send_time(1709460000, 480, 20, email, &hour) == 1709553600);
  CHECK(hour == 20);
  CHECK(send_time(1709460000, 480, 23, email, &hour) == 1709553600);  // clamped to the window's last hour, 20
}

TEST_CASE("campaign: a template-only run", "[campaign]") {
  auto lib = library();
  Workspace w = workspace(lib);
  RunOptions o;
  o.use_model = false;
  auto run = CampaignRun::create(w, lib, "mail", o, {});
  REQUIRE(run.ok());
  REQUIRE(run_campaign(**run).ok());
  const json& m = (*run)->messages();
  // C1 and C2 have email addresses; C3 has none.
  REQUIRE(m.size() == 2);
  REQUIRE((*run)->state()["skipped"].size() == 1);
  CHECK((*run)->state()["skipped"][0]["reason"] == "no email address");
  CHECK(m[0]["customer"] == "C1");
  CHECK(m[0]["language"] == "en");
  CHECK(m[1]["language"] == "zh");
  CHECK(m[1]["parts"]["subject"].get<std::string>().rfind("王芳，为您精选：", 0) == 0);
  for (const json& x : m) {
    CHECK(x["source"] == "template");
    CHECK(x["fallback_reason"] == "template-only run");
  }
  // The SMS campaign: only Chinese speakers (C2; "zh-CN" imports as "zh"); the gateway allows one segment (70 UCS-2 units).
  auto sms = CampaignRun::create(w, lib, "text", o, {});
  REQUIRE(sms.ok());
  REQUIRE(run_campaign(**sms).ok());
  INFO((*sms)->state()["skipped"].dump());
  REQUIRE((*sms)->messages().size() == 1);
  CHECK((*sms)->messages()[0]["to"] == "+8613800000000");
  CHECK((*sms)->messages()[0]["text"].get<std::string>().find("回T退订") != std::string::npos);
}

TEST_CASE("campaign: the best candidate that passes every rule, else the fallback", "[campaign]") {
  auto lib = library();
  Workspace w = workspace(lib);
  // A writer that returns fixed texts, ranked by the real filter.
  std::vector<std::string> texts;
  CandidateWriter writer = [&texts](const prompt::PromptTemplate& t, const prompt::WriteRequest& r) -> Result<std::vector<prompt::RankedCandidate>> {
    std::vector<prompt::RawCandidate> raw;
    for (const std::string& s : texts) raw.push_back({s, "stop", -1.0, 10});
    auto data = prompt::prompt_data(t, r.input, nullptr);
    if (!data) return data.error();
    return prompt::rank_candidates(t, (*data)["input"], raw, r.rules, r.weights);
  };
  RunOptions o;
  texts = {"【艾克美】最便宜的好物，回T退订", "【艾克美】王芳您好，新品已到，回T退订"};
  auto run = CampaignRun::create(w, lib, "text", o, writer);
  REQUIRE(run.ok());
  REQUIRE(run_campaign(**run).ok());
  REQUIRE((*run)->messages().size() == 1);
  const json& m = (*run)->messages()[0];
  CHECK(m["source"] == "model");
  CHECK(m["text"] == "【艾克美】王芳您好，新品已到，回T退订");  // the first one has a banned word
  CHECK(m["accepted"] == 1);
  // Too long for one SMS segment (80 characters > 70 UCS-2 units): falls back, reason recorded.
  texts = {"【艾克美】" + std::string(20, 'a')};
  for (int i = 0; i < 75; i++) texts[0] += "好";
  auto run2 = CampaignRun::create(w, lib, "text", o, writer);
  REQUIRE(run2.ok());
  REQUIRE(run_campaign(**run2).ok());
  REQUIRE((*run2)->messages().size() == 1);
  CHECK((*run2)->messages()[0]["source"] == "template");
  CHECK((*run2)->messages()[0]["fallback_reason"].get<std::string>().find("channel:sms") != std::string::npos);
}

TEST_CASE("campaign: an email that greets someone else is not sent", "[campaign]") {
  auto lib = library();
  Workspace w = workspace(lib);
  CandidateWriter writer = [](const prompt::PromptTemplate& t, const prompt::WriteRequest& r) -> Result<std::vector<prompt::RankedCandidate>> {
    std::string text = t.language == "en" ? "Subject: For you, Ann\nBody:\nHi Farah,\n\nThe Lamp is here, porcelain and warm light.\n\nThe Acme team"
                                          : "主题：为您精选\n正文：\n林小姐，您好：\n\n新品已到。\n\n艾克美团队";
    auto data = prompt::prompt_data(t, r.input, nullptr);
    if (!data) return data.error();
    return prompt::rank_candidates(t, (*data)["input"], {{text, "stop", -1.0, 10}}, r.rules, r.weights);
  };
  auto run = CampaignRun::create(w, lib, "mail", RunOptions{}, writer);
  REQUIRE(run.ok());
  REQUIRE(run_campaign(**run).ok());
  const json& m = (*run)->messages();
  REQUIRE(m.size() == 2);
  CHECK(m[0]["source"] == "template");
  CHECK(m[0]["fallback_reason"].get<std::string>().find("customer: greets Farah, not Ann") != std::string::npos);
  CHECK(m[1]["fallback_reason"].get<std::string>().find("customer: does not name 王芳") != std::string::npos);
  CHECK(m[0]["text"].get<std::string>().find("Hi Ann,") != std::string::npos);
}

TEST_CASE("campaign: a run resumed from its saved state ends the same", "[campaign]") {
  auto lib = library();
  Workspace w = workspace(lib);
  RunOptions o;
  o.use_model = false;
  auto full = CampaignRun::create(w, lib, "mail", o, {});
  REQUIRE(full.ok());
  REQUIRE(run_campaign(**full).ok());
  auto part = CampaignRun::create(w, lib, "mail", o, {});
  REQUIRE(part.ok());
  REQUIRE((*part)->step().ok());
  json saved = json::parse((*part)->state().dump());
  CHECK(saved["done"] == 1);
  auto resumed = CampaignRun::resume(w, lib, saved, {});
  REQUIRE(resumed.ok());
  REQUIRE(run_campaign(**resumed).ok());
  CHECK((*resumed)->state()["messages"] == (*full)->state()["messages"]);
  CHECK((*resumed)->state()["skipped"] == (*full)->state()["skipped"]);
  saved["audienceHash"] = saved["audienceHash"].get<uint32_t>() ^ 1u;
  INFO(CampaignRun::resume(w, lib, saved, {}).error().message);
  CHECK(CampaignRun::resume(w, lib, saved, {}).error().message.find("the audience changed") != std::string::npos);
}

TEST_CASE("campaign: output forms escape what they must", "[campaign]") {
  json m = json::array({{{"to", "a@x.test"}, {"message_id", "c:1"}, {"customer", "1"}, {"variant", "A"}, {"language", "en"},
                         {"send_at", "2024-01-01T00:00:00Z"}, {"text", "Hi, \"you\"\n<b>x</b> & y"},
                         {"parts", {{"subject", "S <1>"}, {"body", "a\nb & <c>"}}}}});
  CHECK(messages_to_csv(m) == "to,message_id,customer,variant,language,send_at,text\n"
                              "a@x.test,c:1,1,A,en,2024-01-01T00:00:00Z,\"Hi, \"\"you\"\"\n<b>x</b> & y\"\n");
  std::string html = messages_to_email_html(m, "T");
  CHECK(html.find("<h2>S &lt;1&gt;</h2>") != std::string::npos);
  CHECK(html.find("<p>a<br>\nb &amp; &lt;c&gt;</p>") != std::string::npos);
  CHECK(messages_to_email_text(m).find("Subject: S <1>\n\na\nb & <c>\n") != std::string::npos);
  CHECK(output_format_for("x.csv") == "csv");
  CHECK(output_format_for("x.jsonl") == "jsonl");
  CHECK(output_format_for("x.eml") == "");
}

TEST_CASE("campaign: outcomes, analysis and the bandit update", "[campaign]") {
  auto lib = library();
  Workspace w = workspace(lib);
  auto [lo, hi] = wilson_interval(10, 100);  // p = 0.1, z = 1.96: 0.05523 .. 0.17437
  CHECK(lo == Approx(0.0552291370606751).epsilon(1e-12));
  CHECK(hi == Approx(0.17436566150491345).epsilon(1e-12));
  // X: 100 delivered, 2 converted; Y: 100 delivered, 20 converted.
  std::string csv = "message_id,customer,campaign,variant,delivered,opened,clicked,converted,revenue,timestamp\n";
  for (int i = 0; i < 100; i++) {
    csv += "text:x" + std::to_string(i) + ",x" + std::to_string(i) + ",text,X,1,0,0," + (i < 2 ? "1,10" : "0,0") + ",\n";
    csv += "text:y" + std::to_string(i) + ",y" + std::to_string(i) + ",text,Y,1,1,1," + (i < 20 ? "1,10" : "0,0") + ",\n";
  }
  auto outcomes = parse_outcomes_csv(csv);
  REQUIRE(outcomes.ok());
  const Campaign& c = *find_campaign(w.campaigns, "text");
  auto stats = variant_stats(c, *outcomes);
  CHECK(stats[0].users == 100);
  CHECK(stats[0].conversions == 2);
  CHECK(stats[1].conversions == 20);
  auto an = analyze_campaign(c, *outcomes);
  REQUIRE(an.ok());
  CHECK((*an)["variants"][1]["chanceToBeBest"].get<double>() > 0.999);
  CHECK((*an)["variants"][1]["revenue"] == 200.0);
  CHECK((*an)["srm"].is_null());  // a bandit
  auto state = update_state(c, *outcomes, json::object());
  REQUIRE(state.ok());
  const json& s = (*state)["campaigns"]["text"];
  CHECK(s["previousWeights"] == json({0.5, 0.5}));
  // Thompson gives Y almost all; the floor 0.1 keeps X at 0.1 + 0.8 * P(X best) ~ 0.1.
  CHECK(s["weights"][0].get<double>() == Approx(0.1).margin(1e-3));
  CHECK(s["weights"][1].get<double>() == Approx(0.9).margin(1e-3));
  CHECK(allocation_weights(c, *state)[1] == s["weights"][1].get<double>());
  // Merging: the same message id replaces, a new one appends.
  std::vector<Outcome> all = *outcomes;
  Outcome again = all[0];
  again.converted = true;
  Outcome fresh = all[0];
  fresh.message_id = "text:new";
  CHECK(merge_outcomes(all, {again, fresh}) == 1);
  CHECK(all.size() == 201);
  CHECK(all[0].converted);
  // The CSV round trip keeps every field.
  auto back = parse_outcomes_csv(outcomes_to_csv(all));
  REQUIRE(back.ok());
  CHECK(back->size() == 201);
  CHECK((*back)[0].converted);
  CHECK((*back)[0].revenue == 10);
}

TEST_CASE("campaign: campaign_to_json writes what check_campaigns accepts back", "[campaign]") {
  auto lib = library();
  Workspace w = workspace(lib);
  REQUIRE(w.campaigns.size() == 2);
  nlohmann::json list = nlohmann::json::array();
  for (const Campaign& c : w.campaigns) list.push_back(campaign_to_json(c));
  CHECK_FALSE(list[0].contains("partner"));  // the brand's own campaign names no partner
  CHECK(list[1]["partner"] == "gw");
  CHECK(first_error(nlohmann::json{{"campaigns", list}}.dump(), lib) == "ok");
}
