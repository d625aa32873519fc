#include "ecosystem/campaign.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "ecosystem/store.h"
#include "ecosystem/suggest.h"
#include "experiment/condition.h"

namespace plume::ecosystem {

using nlohmann::json;

const char* personalization_name(Personalization p) {
  return p == Personalization::kPopular ? "popular" : "recommended";
}

namespace {

constexpr size_t kMaxErrors = 100;

// Collects "path: message" errors and reads typed fields without ever throwing.
struct Checker {
  std::vector<std::string>& errors;
  // One problem, "path: message", built with make_error so its words stay literal (the studio's
  // Chinese catalog matches make_error skeletons).
  void add(const Error& problem) {
    if (errors.size() < kMaxErrors) errors.push_back(problem.message);
  }
  void unknown_keys(const json& o, const std::string& path, const std::vector<std::string>& known) {
    for (auto it = o.begin(); it != o.end(); ++it)
      if (std::find(known.begin(), known.end(), it.key()) == known.end())
        add(make_error(path + "." + it.key(), ": unknown key", did_you_mean(it.key(), known)));
  }
  std::string text(const json& o, const std::string& key, const std::string& path, bool required,
                   const std::string& fallback = "") {
    if (!o.contains(key)) {
      if (required) add(make_error(path + "." + key, ": missing"));
      return fallback;
    }
    if (!o[key].is_string() || o[key].get<std::string>().empty()) {
      add(make_error(path + "." + key, ": expected a non-empty string"));
      return fallback;
    }
    return o[key].get<std::string>();
  }
};

std::string quoted_list(const std::vector<std::string>& names) {
  std::string s;
  for (size_t i = 0; i < names.size() && i < 20; i++) s += (i ? ", " : "") + names[i];
  return s;
}

LocalText local_text(Checker& ck, const json& v, const std::string& path) {
  LocalText t;
  if (v.is_string()) {
    t["en"] = v.get<std::string>();
  } else if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!it.value().is_string()) ck.add(make_error(path + "." + it.key(), ": expected a string"));
      else t[it.key()] = it.value().get<std::string>();
    }
  } else {
    ck.add(make_error(path, ": expected a string or {\"en\": ..., \"zh\": ...}"));
  }
  return t;
}

void check_variant(Checker& ck, const json& v, const std::string& path, const Campaign& c,
                   const std::vector<std::string>& templates, CampaignVariant* out) {
  if (!v.is_object()) { ck.add(make_error(path, ": expected an object")); return; }
  ck.unknown_keys(v, path, {"id", "template", "wording", "send_hour", "personalization"});
  out->id = ck.text(v, "id", path, true);
  out->template_name = ck.text(v, "template", path, false, c.template_name);
  if (v.contains("template") && !out->template_name.empty() &&
      std::find(templates.begin(), templates.end(), out->template_name) == templates.end())
    ck.add(make_error(path + ".template", ": unknown template \"", out->template_name, "\"", did_you_mean(out->template_name, templates), " (templates: ", quoted_list(templates), ")"));
  if (out->template_name.empty() && !v.contains("template")) ck.add(make_error(path + ".template", ": missing (and the campaign has no template)"));
  if (v.contains("wording")) out->wording = ck.text(v, "wording", path, false);
  if (v.contains("send_hour")) {
    const json& h = v["send_hour"];
    if (!h.is_number_integer() || h.get<int64_t>() < 0 || h.get<int64_t>() > 23)
      ck.add(make_error(path + ".send_hour", ": expected a whole hour from 0 to 23"));
    else
      out->send_hour = h.get<int>();
  }
  if (v.contains("personalization")) {
    std::string p = ck.text(v, "personalization", path, false);
    if (p == "recommended") out->personalization = Personalization::kRecommended;
    else if (p == "popular") out->personalization = Personalization::kPopular;
    else if (!p.empty()) ck.add(make_error(path + ".personalization", ": expected \"recommended\" or \"popular\", found \"", p, "\""));
  }
}

void check_allocation(Checker& ck, const json& a, const std::string& path, size_t n_variants, Allocation* out) {
  if (!a.is_object()) { ck.add(make_error(path, ": expected an object")); return; }
  ck.unknown_keys(a, path, {"type", "weights", "algorithm", "min_weight", "metric"});
  std::string type = ck.text(a, "type", path, true);
  if (type == "experiment") out->kind = AllocationKind::kExperiment;
  else if (type == "bandit") out->kind = AllocationKind::kBandit;
  else if (!type.empty()) ck.add(make_error(path + ".type", ": expected \"experiment\" or \"bandit\", found \"", type, "\""));
  if (a.contains("weights")) {
    const json& w = a["weights"];
    if (out->kind == AllocationKind::kBandit) {
      ck.add(make_error(path + ".weights", ": a bandit's weights come from its results (state.json), not the campaign"));
    } else if (!w.is_array() || w.size() != n_variants) {
      ck.add(make_error(path + ".weights", ": expected an array of ", n_variants, " numbers (one per variant)"));
    } else {
      double sum = 0;
      for (size_t i = 0; i < w.size(); i++) {
        if (!w[i].is_number() || w[i].get<double>() < 0) {
          ck.add(make_error(path + ".weights[" + std::to_string(i) + "]", ": expected a number >= 0"));
          return;
        }
        out->weights.push_back(w[i].get<double>());
        sum += out->weights.back();
      }
      if (std::fabs(sum - 1.0) > 0.01) ck.add(make_error(path + ".weights", ": the weights must sum to 1, found ", sum));
    }
  }
  if (a.contains("algorithm")) {
    std::string name = ck.text(a, "algorithm", path, false);
    auto alg = experiment::parse_bandit_algorithm(name);
    if (!alg) ck.add(make_error(path + ".algorithm", ": expected \"thompson\", \"ucb1\" or \"egreedy\", found \"", name, "\""));
    else out->algorithm = *alg;
    if (out->kind != AllocationKind::kBandit) ck.add(make_error(path + ".algorithm", ": only a bandit has an algorithm"));
  }
  if (a.contains("min_weight")) {
    const json& m = a["min_weight"];
    double limit = n_variants ? 1.0 / static_cast<double>(n_variants) : 1.0;
    if (!m.is_number() || m.get<double>() < 0 || m.get<double>() > limit)
      ck.add(make_error(path + ".min_weight", ": expected a number from 0 to 1/variants (", limit, ")"));
    else
      out->min_weight = m.get<double>();
  }
  if (a.contains("metric")) {
    out->metric = ck.text(a, "metric", path, false, "converted");
    if (out->metric != "opened" && out->metric != "clicked" && out->metric != "converted")
      ck.add(make_error(path + ".metric", ": expected \"opened\", \"clicked\" or \"converted\", found \"", out->metric, "\""));
  }
}

void check_one(Checker& ck, const json& j, const std::string& path, const Manifest& m,
               const std::vector<std::string>& templates, Campaign* c) {
  if (!j.is_object()) { ck.add(make_error(path, ": expected an object")); return; }
  ck.unknown_keys(j, path, {"id", "name", "audience", "channel", "partner", "content_type", "template", "language",
                            "items", "product_partner", "variants", "allocation"});
  c->id = ck.text(j, "id", path, true);
  if (j.contains("name")) c->name = local_text(ck, j["name"], path + ".name");
  // Audience: {"segment": ID} or {"condition": {...}}.
  if (!j.contains("audience")) {
    ck.add(make_error(path + ".audience", ": missing (a {\"segment\": ID} or a {\"condition\": {...}})"));
  } else if (const json& a = j["audience"]; !a.is_object()) {
    ck.add(make_error(path + ".audience", ": expected an object"));
  } else {
    ck.unknown_keys(a, path + ".audience", {"segment", "condition"});
    if (a.contains("segment") == a.contains("condition")) {
      ck.add(make_error(path + ".audience", ": give exactly one of \"segment\" and \"condition\""));
    } else if (a.contains("segment")) {
      c->segment = ck.text(a, "segment", path + ".audience", true);
      std::vector<std::string> ids;
      for (const Segment& s : m.segments) ids.push_back(s.id);
      if (!c->segment.empty() && !m.segment(c->segment))
        ck.add(make_error(path + ".audience.segment", ": unknown segment \"", c->segment, "\"", did_you_mean(c->segment, ids)));
    } else {
      c->condition = a["condition"];
      if (Status s = experiment::validate_condition(c->condition); !s)
        ck.add(make_error(path + ".audience.condition", ": ", s.error().message));
    }
  }
  c->channel = ck.text(j, "channel", path, true);
  if (!c->channel.empty()) {
    const ChannelSpec* ch = m.channel(c->channel);
    if (!ch) ck.add(make_error(path + ".channel", ": unknown channel \"", c->channel, "\"", did_you_mean(c->channel, channel_ids())));
    else if (!ch->enabled) ck.add(make_error(path + ".channel", ": channel \"", c->channel, "\" is disabled in the manifest"));
  }
  if (j.contains("partner")) {
    c->partner = ck.text(j, "partner", path, false);
    std::vector<std::string> ids;
    for (const Partner& p : m.partners) ids.push_back(p.id);
    if (!c->partner.empty() && !m.partner(c->partner))
      ck.add(make_error(path + ".partner", ": unknown partner \"", c->partner, "\"", did_you_mean(c->partner, ids)));
  }
  if (j.contains("product_partner")) {
    c->product_partner = ck.text(j, "product_partner", path, false);
    const Partner* p = m.partner(c->product_partner);
    if (!c->product_partner.empty() && (!p || p->type != PartnerType::kProduct))
      ck.add(make_error(path + ".product_partner", ": \"", c->product_partner, "\" is not a product partner of the manifest"));
  }
  c->content_type = ck.text(j, "content_type", path, false, c->channel);
  c->template_name = ck.text(j, "template", path, false, c->content_type);
  if (!c->template_name.empty() && std::find(templates.begin(), templates.end(), c->template_name) == templates.end())
    ck.add(make_error(path + ".template", ": unknown template \"", c->template_name, "\"", did_you_mean(c->template_name, templates), " (templates: ", quoted_list(templates), ")"));
  if (j.contains("language")) {
    c->language = ck.text(j, "language", path, false, "customer");
    if (c->language != "customer" && c->language != "en" && c->language != "zh")
      ck.add(make_error(path + ".language", ": expected \"customer\", \"en\" or \"zh\", found \"", c->language, "\""));
  }
  if (j.contains("items")) {
    const json& n = j["items"];
    if (!n.is_number_integer() || n.get<int64_t>() < 1 || n.get<int64_t>() > 10)
      ck.add(make_error(path + ".items", ": expected a whole number from 1 to 10"));
    else
      c->items = n.get<int>();
  }
  if (!j.contains("variants") || !j["variants"].is_array() || j["variants"].size() < 2) {
    ck.add(make_error(path + ".variants", ": expected an array of at least 2 variants"));
  } else {
    std::set<std::string> seen;
    for (size_t i = 0; i < j["variants"].size(); i++) {
      CampaignVariant v;
      std::string vp = path + ".variants[" + std::to_string(i) + "]";
      check_variant(ck, j["variants"][i], vp, *c, templates, &v);
      if (!v.id.empty() && !seen.insert(v.id).second) ck.add(make_error(vp + ".id", ": duplicate variant id \"", v.id, "\""));
      c->variants.push_back(std::move(v));
    }
    if (c->variants.size() > experiment::kMaxBanditArms) ck.add(make_error(path + ".variants", ": at most 64 variants"));
  }
  if (!j.contains("allocation")) ck.add(make_error(path + ".allocation", ": missing ({\"type\": \"experiment\" | \"bandit\", ...})"));
  else check_allocation(ck, j["allocation"], path + ".allocation", c->variants.size(), &c->allocation);
}

}  // namespace

CampaignCheck check_campaigns(const json& document, const Manifest& manifest, const std::vector<std::string>& templates) {
  CampaignCheck out;
  Checker ck{out.errors};
  const json* list = &document;
  if (document.is_object()) {
    ck.unknown_keys(document, "", {"version", "campaigns"});
    if (!document.contains("campaigns")) { ck.add(make_error("campaigns", ": missing")); return out; }
    list = &document["campaigns"];
  }
  if (!list->is_array()) { ck.add(make_error("campaigns", ": expected an array")); return out; }
  std::set<std::string> ids;
  for (size_t i = 0; i < list->size(); i++) {
    Campaign c;
    std::string path = "campaigns[" + std::to_string(i) + "]";
    check_one(ck, (*list)[i], path, manifest, templates, &c);
    if (!c.id.empty() && !ids.insert(c.id).second) ck.add(make_error(path + ".id", ": duplicate campaign id \"", c.id, "\""));
    out.campaigns.push_back(std::move(c));
  }
  // Unknown-key messages come out as ".key" at the top: strip the dot.
  for (std::string& e : out.errors)
    if (!e.empty() && e[0] == '.') e.erase(0, 1);
  if (!out.ok()) out.campaigns.clear();
  return out;
}

CampaignCheck check_campaigns_text(std::string_view text, const Manifest& manifest,
                                   const std::vector<std::string>& templates) {
  json doc = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded()) {
    CampaignCheck out;
    // nlohmann without exceptions gives no position: find the first bad byte with a SAX pass.
    struct Sax : nlohmann::json_sax<json> {
      size_t where = 0;
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
      bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
        where = position;
        return false;
      }
    } sax;
    json::sax_parse(text.begin(), text.end(), &sax, nlohmann::detail::input_format_t::json, false);
    size_t line = 1, column = 1;
    for (size_t i = 0; i + 1 < sax.where && i < text.size(); i++) {
      if (text[i] == '\n') { line++; column = 1; } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) { column++; }
    }
    out.errors.push_back(make_error("line ", line, ", column ", column, ": not valid JSON").message);
    return out;
  }
  return check_campaigns(doc, manifest, templates);
}

const Campaign* find_campaign(const std::vector<Campaign>& campaigns, std::string_view id) {
  for (const Campaign& c : campaigns)
    if (c.id == id) return &c;
  return nullptr;
}

json campaign_to_json(const Campaign& c) {
  json j = {{"id", c.id}, {"name", c.name}, {"channel", c.channel},
            {"content_type", c.content_type}, {"template", c.template_name}, {"language", c.language},
            {"items", c.items}};
  if (!c.partner.empty()) j["partner"] = c.partner;  // the brand's own campaign: no key (an empty one is refused)
  j["audience"] = c.segment.empty() ? json{{"condition", c.condition}} : json{{"segment", c.segment}};
  if (!c.product_partner.empty()) j["product_partner"] = c.product_partner;
  json vs = json::array();
  for (const CampaignVariant& v : c.variants) {
    json vj = {{"id", v.id}, {"template", v.template_name}, {"personalization", personalization_name(v.personalization)}};
    if (!v.wording.empty()) vj["wording"] = v.wording;
    if (v.send_hour >= 0) vj["send_hour"] = v.send_hour;
    vs.push_back(vj);
  }
  j["variants"] = vs;
  json a = {{"type", c.allocation.kind == AllocationKind::kBandit ? "bandit" : "experiment"}, {"metric", c.allocation.metric}};
  if (c.allocation.kind == AllocationKind::kBandit) {
    a["algorithm"] = experiment::bandit_algorithm_name(c.allocation.algorithm);
    a["min_weight"] = c.allocation.min_weight;
  } else if (!c.allocation.weights.empty()) {
    a["weights"] = c.allocation.weights;
  }
  j["allocation"] = a;
  return j;
}

json campaign_record(const Campaign& c, const Manifest& manifest, const Store& store) {
  (void)manifest;
  json products = json::array();
  for (const Product& p : store.products)
    if (c.product_partner.empty() || p.partner == c.product_partner) products.push_back(p.id);
  return {{"id", c.id}, {"channel", c.channel}, {"partner", c.partner}, {"products", products}};
}

}  // namespace plume::ecosystem
