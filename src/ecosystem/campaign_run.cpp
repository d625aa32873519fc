#include "ecosystem/campaign_run.h"

#include <map>
#include <set>

#include "ecosystem/analysis.h"
#include "ecosystem/campaign_content.h"
#include "ecosystem/campaign_plan.h"
#include "ecosystem/identity.h"
#include "experiment/hash.h"
#include "prompt/prompt_build.h"

namespace plume::ecosystem {

using nlohmann::json;

namespace {

constexpr const char* kFormat = "plume-campaign-run/1";

uint64_t customer_seed(uint64_t seed, const std::string& campaign, const std::string& customer) {
  // Kept below 2^53 so JavaScript holds it exactly.
  uint64_t h = experiment::fnv1a32(campaign + "/" + customer);
  return ((seed * 0x9E3779B97F4A7C15ull) ^ (h << 20) ^ h) & ((1ull << 53) - 1);
}

std::string rejected_rules(const std::vector<prompt::RankedCandidate>& ranked) {
  std::set<std::string> names;
  for (const prompt::RankedCandidate& c : ranked) {
    if (c.accepted) continue;
    for (const prompt::RuleOutcome& r : c.rules)
      if (!r.pass) names.insert(r.rule);
    if (c.duplicate_of >= 0) names.insert("duplicate");
  }
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

}  // namespace

struct CampaignRun::Impl {
  const Workspace* w = nullptr;
  const std::vector<prompt::PromptTemplate>* library = nullptr;
  Campaign campaign;
  RunOptions options;
  CandidateWriter writer;
  std::vector<int32_t> audience;
  uint32_t audience_hash = 0;
  int64_t as_of = 0;
  std::vector<double> weights;
  std::unique_ptr<ItemPicker> picker;
  ChannelSpec channel;
  prompt::WriteRules rules;
  size_t next = 0;
  json messages = json::array();
  json skipped = json::array();
  int64_t fallbacks = 0;

  void skip(const Customer& cu, const std::string& variant, const std::string& reason) {
    skipped.push_back({{"customer", cu.id}, {"variant", variant}, {"reason", reason}});
  }

  Status process(int32_t ci);
};

Status CampaignRun::Impl::process(int32_t ci) {
  const Store& store = w->store;
  const Customer& cu = store.customers[static_cast<size_t>(ci)];
  VariantChoice choice = choose_variant(campaign, weights, cu.id);
  const CampaignVariant& v = campaign.variants[static_cast<size_t>(choice.index)];
  auto lang = message_language(w->manifest, campaign, channel, cu);
  if (!lang) { skip(cu, v.id, lang.error().message); return {}; }
  auto t = prompt::find_template(*library, v.template_name, *lang);
  if (!t) { skip(cu, v.id, "no template " + v.template_name + "." + *lang); return {}; }
  const prompt::PromptTemplate& tmpl = **t;
  std::string to = campaign.channel == "email" ? cu.email : campaign.channel == "sms" ? cu.phone : cu.id;
  if ((campaign.channel == "email" || campaign.channel == "sms") && to.empty()) {
    skip(cu, v.id, campaign.channel == "email" ? "no email address" : "no phone number");
    return {};
  }
  std::vector<int32_t> items = picker->pick(ci, campaign.items, v.personalization);
  if (items.empty()) { skip(cu, v.id, "no item to feature"); return {}; }
  json input = message_input(w->manifest, campaign, v, store, cu, items, *lang);
  uint64_t seed = customer_seed(options.seed, campaign.id, cu.id);
  json request = {{"input", input}, {"seed", seed}, {"banned", rules.banned}, {"required", rules.required}};
  if (options.candidates > 0) request["n"] = options.candidates;
  if (options.max_new_tokens > 0) request["maxNewTokens"] = options.max_new_tokens;
  auto parsed = prompt::parse_write_request(request, tmpl);
  if (!parsed) { skip(cu, v.id, "the prompt input: " + parsed.error().message); return {}; }

  const prompt::RankedCandidate* best = nullptr;
  std::vector<prompt::RankedCandidate> ranked;
  std::string fallback_reason;
  int generated = 0, accepted = 0;
  if (options.use_model) {
    auto r = writer(tmpl, *parsed);
    if (!r) return make_error("customer ", cu.id, ": ", r.error().message);
    ranked = std::move(*r);
    generated = static_cast<int>(ranked.size());
    std::vector<std::string> limit_failures;
    for (const prompt::RankedCandidate& c : ranked) {
      if (!c.accepted) continue;
      accepted++;
      std::vector<std::string> f = channel_limit_failures(channel, c);
      for (std::string& why : customer_name_failures(tmpl, input, c)) f.push_back(why);
      if (f.empty()) { if (!best) best = &c; }
      else limit_failures.push_back(f[0]);
    }
    if (!best) {
      std::string why = rejected_rules(ranked);
      if (!limit_failures.empty()) why += (why.empty() ? "" : "; ") + limit_failures[0];
      fallback_reason = "no candidate passed the rules (" + (why.empty() ? std::string("none generated") : why) + ")";
    }
  } else {
    fallback_reason = "template-only run";
  }
  std::vector<prompt::RankedCandidate> fb_ranked;
  if (!best) {
    auto text = fallback_text(w->manifest, campaign, tmpl, store, cu, items, *lang);
    if (!text) { skip(cu, v.id, fallback_reason + "; " + text.error().message); return {}; }
    auto data = prompt::prompt_data(tmpl, parsed->input, nullptr);
    if (!data) { skip(cu, v.id, data.error().message); return {}; }
    prompt::RawCandidate raw{*text, "stop", 0.0, 0};
    auto r = prompt::rank_candidates(tmpl, (*data)["input"], {raw}, rules);
    if (!r) { skip(cu, v.id, r.error().message); return {}; }
    fb_ranked = std::move(*r);
    std::vector<std::string> f = channel_limit_failures(channel, fb_ranked[0]);
    for (std::string& why : customer_name_failures(tmpl, input, fb_ranked[0])) f.push_back(why);
    if (!fb_ranked[0].accepted || !f.empty()) {
      std::string why = f.empty() ? rejected_rules(fb_ranked) : f[0];
      skip(cu, v.id, fallback_reason + "; the template-only text fails too (" + why + ")");
      return {};
    }
    best = &fb_ranked[0];
    fallbacks++;
  }
  int hour = 0;
  int64_t at = send_time(as_of, w->manifest.timezone_minutes, v.send_hour, channel, &hour);
  json item_ids = json::array();
  for (int32_t i : items) item_ids.push_back(store.products[static_cast<size_t>(i)].id);
  json parts = json::object();
  for (const auto& [name, text] : best->parts) parts[name] = text;
  json m = {{"message_id", campaign.id + ":" + cu.id}, {"campaign", campaign.id}, {"customer", cu.id},
            {"variant", v.id}, {"channel", campaign.channel}, {"partner", campaign.partner}, {"language", *lang},
            {"template", tmpl.name}, {"to", to}, {"send_at", format_timestamp(at)}, {"send_hour", hour},
            {"items", item_ids}, {"personalization", personalization_name(v.personalization)},
            {"text", best->text}, {"parts", parts}, {"source", fallback_reason.empty() ? "model" : "template"},
            {"score", best->score.total}, {"candidates", generated}, {"accepted", accepted}, {"seed", seed}};
  if (!fallback_reason.empty()) m["fallback_reason"] = fallback_reason;
  messages.push_back(std::move(m));
  return {};
}

CampaignRun::CampaignRun(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CampaignRun::~CampaignRun() = default;

Result<std::unique_ptr<CampaignRun>> CampaignRun::create(const Workspace& w, const std::vector<prompt::PromptTemplate>& library,
                                                         const std::string& campaign_id, const RunOptions& options,
                                                         CandidateWriter writer) {
  const Campaign* c = find_campaign(w.campaigns, campaign_id);
  if (!c) {
    std::string ids;
    for (const Campaign& x : w.campaigns) ids += (ids.empty() ? "" : ", ") + x.id;
    return make_error("unknown campaign '", campaign_id, "' (campaigns: ", ids, ")");
  }
  if (options.use_model && !writer) return make_error("a model run needs a model (or run template-only)");
  if (options.limit < 0) return make_error("limit must be 0 (all) or more");
  auto impl = std::make_unique<Impl>();
  impl->w = &w;
  impl->library = &library;
  impl->campaign = *c;
  impl->options = options;
  impl->writer = std::move(writer);
  AnalysisOptions ao;
  ao.tz_offset_minutes = w.manifest.timezone_minutes;
  Analysis analysis = analyze_customers(w.store, ao);
  impl->as_of = analysis.as_of;
  json condition = c->condition;
  if (!c->segment.empty()) condition = w.manifest.segment(c->segment)->condition;
  auto members = segment_members(w.store, analysis, condition);
  if (!members) return make_error("campaign ", c->id, " audience: ", members.error().message);
  impl->audience = std::move(*members);
  if (options.limit > 0 && impl->audience.size() > static_cast<size_t>(options.limit)) impl->audience.resize(static_cast<size_t>(options.limit));
  std::string ids;
  for (int32_t i : impl->audience) ids += w.store.customers[static_cast<size_t>(i)].id + "\n";
  impl->audience_hash = experiment::fnv1a32(ids);
  impl->weights = allocation_weights(*c, w.state);
  impl->picker = std::make_unique<ItemPicker>(w.store, c->product_partner);
  impl->channel = effective_channel(w.manifest, *c);
  impl->rules = voice_rules(w.manifest, *c);
  return std::unique_ptr<CampaignRun>(new CampaignRun(std::move(impl)));
}

Result<std::unique_ptr<CampaignRun>> CampaignRun::resume(const Workspace& w, const std::vector<prompt::PromptTemplate>& library,
                                                         const json& state, CandidateWriter writer) {
  if (!state.is_object() || !state.contains("format") || state["format"] != kFormat)
    return make_error("not a campaign run state (format \"", kFormat, "\")");
  for (const char* key : {"campaign", "mode"})
    if (!state.contains(key) || !state[key].is_string()) return make_error("run state: ", key, ": expected a string");
  for (const char* key : {"seed", "limit", "done", "audience", "audienceHash", "candidates", "maxNewTokens"})
    if (!state.contains(key) || !state[key].is_number_unsigned()) return make_error("run state: ", key, ": expected a whole number");
  for (const char* key : {"messages", "skipped"})
    if (!state.contains(key) || !state[key].is_array()) return make_error("run state: ", key, ": expected an array");
  RunOptions o;
  o.seed = state["seed"].get<uint64_t>();
  o.limit = state["limit"].get<int>();
  o.candidates = state["candidates"].get<int>();
  o.max_new_tokens = state["maxNewTokens"].get<int>();
  o.use_model = state["mode"] == "model";
  auto run = create(w, library, state["campaign"].get<std::string>(), o, std::move(writer));
  if (!run) return run.error();
  Impl& m = *(*run)->impl_;
  if (state["audience"].get<size_t>() != m.audience.size() || state["audienceHash"].get<uint32_t>() != m.audience_hash)
    return make_error("run state: the audience changed since the run started (", state["audience"].get<size_t>(),
                      " customers then, ", m.audience.size(), " now): start a new run");
  if (state.contains("weights") && state["weights"] != json(m.weights))
    return make_error("run state: the allocation weights changed since the run started: start a new run");
  size_t done = state["done"].get<size_t>();
  if (done > m.audience.size()) return make_error("run state: done (", done, ") is more than the audience");
  m.next = done;
  m.messages = state["messages"];
  m.skipped = state["skipped"];
  for (const json& msg : m.messages)
    if (msg.is_object() && msg.contains("source") && msg["source"] == "template") m.fallbacks++;
  return run;
}

bool CampaignRun::done() const { return impl_->next >= impl_->audience.size(); }

Status CampaignRun::step() {
  if (done()) return {};
  Status s = impl_->process(impl_->audience[impl_->next]);
  if (!s) return s;
  impl_->next++;
  return {};
}

RunProgress CampaignRun::progress() const {
  RunProgress p;
  p.done = static_cast<int64_t>(impl_->next);
  p.total = static_cast<int64_t>(impl_->audience.size());
  p.messages = static_cast<int64_t>(impl_->messages.size());
  p.skipped = static_cast<int64_t>(impl_->skipped.size());
  p.fallbacks = impl_->fallbacks;
  return p;
}

json CampaignRun::state() const {
  const Impl& m = *impl_;
  return {{"format", kFormat}, {"campaign", m.campaign.id}, {"seed", m.options.seed},
          {"mode", m.options.use_model ? "model" : "template"}, {"limit", m.options.limit},
          {"candidates", m.options.candidates}, {"maxNewTokens", m.options.max_new_tokens},
          {"audience", m.audience.size()}, {"audienceHash", m.audience_hash}, {"weights", m.weights},
          {"done", m.next}, {"messages", m.messages}, {"skipped", m.skipped}};
}

const json& CampaignRun::messages() const { return impl_->messages; }

json CampaignRun::summary() const {
  const Impl& m = *impl_;
  json variants = json::array();
  for (size_t i = 0; i < m.campaign.variants.size(); i++) {
    int64_t n = 0, fb = 0;
    for (const json& msg : m.messages)
      if (msg["variant"] == m.campaign.variants[i].id) {
        n++;
        if (msg["source"] == "template") fb++;
      }
    variants.push_back({{"variant", m.campaign.variants[i].id}, {"weight", m.weights[i]}, {"messages", n}, {"fallbacks", fb}});
  }
  std::map<std::string, int64_t> reasons;
  for (const json& s : m.skipped) reasons[s["reason"].get<std::string>()]++;
  RunProgress p = progress();
  return {{"campaign", m.campaign.id}, {"allocation", m.campaign.allocation.kind == AllocationKind::kBandit ? "bandit" : "experiment"},
          {"mode", m.options.use_model ? "model" : "template"}, {"seed", m.options.seed},
          {"audience", p.total}, {"done", p.done}, {"messages", p.messages}, {"skipped", p.skipped},
          {"fallbacks", p.fallbacks}, {"variants", variants}, {"skipReasons", reasons}};
}

Status run_campaign(CampaignRun& run, const std::function<bool(const RunProgress&)>& keep_going) {
  while (!run.done()) {
    if (Status s = run.step(); !s) return s;
    if (keep_going && !keep_going(run.progress())) break;
  }
  return {};
}

}  // namespace plume::ecosystem
