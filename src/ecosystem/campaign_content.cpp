#include "ecosystem/campaign_content.h"

#include <algorithm>
#include <cctype>

#include "prompt/channel.h"
#include "prompt/mustache.h"

namespace plume::ecosystem {

using nlohmann::json;

namespace {

bool has_cjk(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0xE3 && c <= 0xE9) return true;  // lead bytes of U+3000..U+9FFF
  return false;
}

std::string trim(std::string s) {
  const char* ws = " \t\r\n";
  size_t a = s.find_first_not_of(ws);
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(ws);
  return s.substr(a, b - a + 1);
}

// Splits on any of the given UTF-8 separators.
std::vector<std::string> split_any(const std::string& s, const std::vector<std::string>& seps) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t best = std::string::npos, len = 0;
    for (const std::string& sep : seps) {
      size_t at = s.find(sep, start);
      if (at < best) { best = at; len = sep.size(); }
    }
    out.push_back(trim(s.substr(start, best == std::string::npos ? std::string::npos : best - start)));
    if (best == std::string::npos) break;
    start = best + len;
  }
  return out;
}

// Messages are plain text (the HTML form escapes later): every {{name}} tag becomes {{&name}}.
std::string unescaped_tags(const std::string& t) {
  std::string out;
  for (size_t i = 0; i < t.size(); i++) {
    out += t[i];
    if (t[i] == '{' && i + 2 < t.size() && t[i + 1] == '{' && t[i + 2] != '{' && std::string("#/^!>&=<$").find(t[i + 2]) == std::string::npos) {
      out += "{&";
      i++;
    }
  }
  return out;
}

size_t code_points(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Built-in fallbacks: {{name}}, {{brand}}, {{product}}, {{feature}}, {{others}}, {{link}}.
struct Fallback { const char* subject; const char* body; };
Fallback builtin(const std::string& content_type, const std::string& lang) {
  bool zh = lang == "zh";
  if (content_type == "sms")
    return {"", zh ? "【{{brand}}】{{name}}您好，为您精选{{product}}，详情见官方商城。回T退订"
                   : "{{brand}}: Hi {{name}}, we picked {{product}} for you. {{link}} Reply STOP to opt out."};
  if (content_type == "email")
    return {zh ? "{{name}}，为您精选：{{product}}" : "{{name}}, picked for you: {{product}}",
            zh ? "{{name}}，您好：\n\n为您精选{{product}}{{#feature}}：{{feature}}{{/feature}}。\n{{#others}}您可能还喜欢：{{others}}。\n{{/others}}\n\n查看详情：{{link}}\n\n{{brand}}团队"
               : "Hi {{name}},\n\nWe picked {{product}} for you{{#feature}}: {{feature}}{{/feature}}.\n{{#others}}You may also like {{others}}.\n{{/others}}\n\nSee it here: {{link}}\n\nThe {{brand}} team"};
  return {zh ? "为您精选：{{product}}" : "Picked for you: {{product}}",
          zh ? "{{name}}，{{brand}}为您精选{{product}}{{#feature}}：{{feature}}{{/feature}}。"
             : "{{name}}, {{brand}} picked {{product}} for you{{#feature}}: {{feature}}{{/feature}}."};
}

}  // namespace

ChannelSpec effective_channel(const Manifest& m, const Campaign& c) {
  if (const Partner* p = m.partner(c.partner))
    for (const ChannelSpec& s : p->channels)
      if (s.id == c.channel) return s;
  if (const ChannelSpec* s = m.channel(c.channel)) return *s;
  ChannelSpec s;
  s.id = c.channel;
  s.parts = default_channel_parts(c.channel);
  return s;
}

Result<std::string> message_language(const Manifest& m, const Campaign& c, const ChannelSpec& channel,
                                     const Customer& customer) {
  std::string lang = c.language;
  if (lang == "customer") {
    if (customer.language.rfind("zh", 0) == 0) lang = "zh";
    else if (customer.language.empty()) lang = m.languages.empty() ? "en" : m.languages[0];
    else lang = "en";
  }
  const std::vector<std::string>& allowed = channel.languages.empty() ? m.languages : channel.languages;
  if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), lang) == allowed.end())
    return make_error("channel ", c.channel, " does not send in '", lang, "'");
  return lang;
}

const Voice& campaign_voice(const Manifest& m, const Campaign& c) {
  const Partner* p = m.partner(c.partner);
  return p && p->voice ? *p->voice : m.voice;
}

prompt::WriteRules voice_rules(const Manifest& m, const Campaign& c) {
  prompt::WriteRules r;
  r.banned = m.voice.banned_words;
  r.required = m.voice.required_words;
  if (const Partner* p = m.partner(c.partner); p && p->voice) {
    for (const std::string& w : p->voice->banned_words)
      if (std::find(r.banned.begin(), r.banned.end(), w) == r.banned.end()) r.banned.push_back(w);
    for (const std::string& w : p->voice->required_words)
      if (std::find(r.required.begin(), r.required.end(), w) == r.required.end()) r.required.push_back(w);
  }
  return r;
}

std::string greeting_name(const Customer& customer, const std::string& language) {
  std::string n = trim(customer.name);
  if (n.empty()) return language == "zh" ? "您" : "there";
  if (has_cjk(n)) return n;
  size_t comma = n.find(',');
  if (comma != std::string::npos) return trim(n.substr(comma + 1));
  size_t space = n.find(' ');
  return space == std::string::npos ? n : n.substr(0, space);
}

std::vector<std::string> product_features(const Product& p) {
  std::string d = p.description;
  size_t colon = d.find("：");
  size_t skip = 3;
  if (colon == std::string::npos) { colon = d.find(": "); skip = 2; }
  std::vector<std::string> out;
  if (colon != std::string::npos) {
    std::string rest = d.substr(colon + skip);
    for (const char* end : {".", "。"}) {
      size_t e = rest.find(end);
      if (e != std::string::npos) rest = rest.substr(0, e);
    }
    for (std::string& f : split_any(rest, {"，", ", ", "、"}))
      if (!f.empty() && out.size() < 2) out.push_back(f);
  }
  if (out.empty() && !p.category.empty()) out.push_back(p.category);
  return out;
}

std::string brand_name(const Manifest& m, const std::string& language) {
  auto it = m.brand_name.find(language);
  if (it != m.brand_name.end()) return it->second;
  it = m.brand_name.find("en");
  return it != m.brand_name.end() ? it->second : (m.brand_name.empty() ? "" : m.brand_name.begin()->second);
}

json message_input(const Manifest& m, const Campaign& c, const CampaignVariant& v, const Store& store,
                   const Customer& customer, const std::vector<int32_t>& items, const std::string& language) {
  json in = json::object();
  if (!items.empty()) {
    const Product& p = store.products[static_cast<size_t>(items[0])];
    in["product"] = p.title;
    if (!p.category.empty()) in["category"] = p.category;
    in["features"] = product_features(p);
    json rec = json::array();
    for (size_t i = 1; i < items.size(); i++) rec.push_back(store.products[static_cast<size_t>(items[i])].title);
    if (!rec.empty()) in["recommended"] = rec;
  }
  in["customer"] = greeting_name(customer, language);
  if (!c.segment.empty())
    if (const Segment* s = m.segment(c.segment)) {
      auto it = s->name.find(language);
      if (it == s->name.end()) it = s->name.find("en");
      if (it != s->name.end()) in["audience"] = it->second;
    }
  std::string tone = v.wording;
  if (tone.empty()) {
    for (const std::string& w : campaign_voice(m, c).tone)
      if (has_cjk(w) == (language == "zh")) tone += (tone.empty() ? "" : language == "zh" ? "、" : ", ") + w;
  }
  if (!tone.empty()) in["tone"] = tone;
  return in;
}

Result<std::string> fallback_text(const Manifest& m, const Campaign& c, const prompt::PromptTemplate& t,
                                  const Store& store, const Customer& customer, const std::vector<int32_t>& items,
                                  const std::string& language) {
  if (items.empty()) return make_error("no item to feature");
  const Product& p = store.products[static_cast<size_t>(items[0])];
  std::vector<std::string> features = product_features(p);
  std::string others;
  for (size_t i = 1; i < items.size(); i++)
    others += (i > 1 ? (language == "zh" ? "、" : ", ") : "") + store.products[static_cast<size_t>(items[i])].title;
  json data = {{"name", greeting_name(customer, language)}, {"brand", brand_name(m, language)}, {"product", p.title},
               {"feature", features.empty() || features[0] == p.category ? "" : features[0]}, {"others", others},
               {"link", p.link}, {"hook", features.empty() ? "" : features[0]}};
  json item_list = json::array();
  for (int32_t i : items) {
    const Product& q = store.products[static_cast<size_t>(i)];
    item_list.push_back({{"title", q.title}, {"link", q.link}, {"category", q.category}, {"price", q.price}});
  }
  data["items"] = item_list;
  data["product"] = p.title;
  Fallback fb = builtin(c.content_type, language);
  std::string body_template = fb.body;
  if (const Partner* partner = m.partner(c.partner)) {
    auto it = partner->templates.find(c.channel);
    // A partner template is written in one language (the Chinese ones hold CJK text).
    if (it != partner->templates.end() && has_cjk(it->second) == (language == "zh")) body_template = it->second;
  }
  prompt::MustacheOptions options;
  auto render = [&](const std::string& text) -> Result<std::string> {
    json d = data;
    // A section over a plain product title would iterate its characters: give it the object form.
    if (text.find("{{#product}}") != std::string::npos) d["product"] = json{{"title", p.title}, {"category", p.category}};
    return prompt::render_mustache(unescaped_tags(text), d, {}, options);
  };
  auto body = render(body_template);
  if (!body) return make_error("the fallback template: ", body.error().message);
  if (t.output.parts.empty()) return trim(*body);
  auto subject = render(fb.subject);
  if (!subject) return subject.error();
  std::string out;
  for (size_t i = 0; i < t.output.parts.size(); i++) {
    const prompt::OutputPart& part = t.output.parts[i];
    bool first = i == 0 && t.output.parts.size() > 1;
    // "Subject: x" in English; "主题：x" in Chinese (the full-width colon is its own space).
    std::string label = part.label + (!part.label.empty() && part.label.back() == ':' && first ? " " : "");
    out += label + (first ? "" : "\n") + (first ? *subject : trim(*body)) + "\n";
  }
  return trim(out);
}

std::vector<std::string> channel_limit_failures(const ChannelSpec& channel, const prompt::RankedCandidate& c) {
  std::vector<std::string> out;
  for (const ChannelPart& part : channel.parts) {
    const std::string* text = nullptr;
    if (part.name == "text") text = &c.text;
    for (const auto& [name, value] : c.parts)
      if (name == part.name) text = &value;
    if (!text) continue;
    if (part.rule.empty()) {
      if (part.limit > 0 && static_cast<int64_t>(code_points(*text)) > part.limit)
        out.push_back(make_error("limits.", part.name, ": ", code_points(*text), " characters, the limit is ", part.limit).message);
      continue;
    }
    auto rule = plume::parse_channel(part.rule);
    if (!rule) continue;
    plume::ChannelOptions o;
    o.limit = part.limit;
    o.max_sms_segments = channel.max_segments;
    auto r = plume::check_channel(*text, *rule, o);
    // make_error keeps each reason's words literal (the studio's Chinese catalog matches them).
    if (!r) out.push_back(make_error("limits.", part.name, ": ", r.error().message).message);
    else if (!r->ok && r->segments > channel.max_segments && *rule == plume::Channel::kSms)
      out.push_back(make_error("limits.", part.name, ": ", r->segments, " SMS segments, the channel allows ", channel.max_segments).message);
    else if (!r->ok)
      out.push_back(make_error("limits.", part.name, ": ", r->length, " ", r->unit, ", the limit is ", r->limit).message);
  }
  return out;
}

std::vector<std::string> customer_name_failures(const prompt::PromptTemplate& t, const json& input,
                                                const prompt::RankedCandidate& c) {
  const std::vector<std::string>& must = t.checks.must_mention;
  if (std::find(must.begin(), must.end(), "customer") == must.end()) return {};
  if (!input.contains("customer") || !input["customer"].is_string()) return {};
  std::string name = input["customer"].get<std::string>();
  if (name.empty()) return {};
  if (c.text.find(name) == std::string::npos) return {make_error("customer: does not name ", name).message};
  // English greetings must greet this customer: "Hi Grace," for Mia is refused.
  for (const char* hello : {"Hi ", "Hey ", "Dear ", "Hello "}) {
    for (size_t at = c.text.find(hello); at != std::string::npos; at = c.text.find(hello, at + 1)) {
      if (at > 0 && std::isalpha(static_cast<unsigned char>(c.text[at - 1]))) continue;
      size_t start = at + std::char_traits<char>::length(hello), end = start;
      while (end < c.text.size() && (std::isalpha(static_cast<unsigned char>(c.text[end])) || c.text[end] == '\'' || c.text[end] == '-')) end++;
      std::string word = c.text.substr(start, end - start);
      if (!word.empty() && std::isupper(static_cast<unsigned char>(word[0])) && word != name && name.rfind(word, 0) != 0)
        return {make_error("customer: greets ", word, ", not ", name).message};
    }
  }
  return {};
}

int64_t send_time(int64_t as_of, int tz_minutes, int hour, const ChannelSpec& channel, int* used_hour) {
  int start = channel.send_start_hour.value_or(9), end = channel.send_end_hour.value_or(21);
  int h = hour < 0 ? start : hour;
  if (start < end) h = std::clamp(h, start, end - 1);
  if (used_hour) *used_hour = h;
  int64_t offset = static_cast<int64_t>(tz_minutes) * 60;
  int64_t local = as_of + offset;
  int64_t day = (local >= 0 ? local / 86400 : (local - 86399) / 86400) + 1;
  return day * 86400 + static_cast<int64_t>(h) * 3600 - offset;
}

}  // namespace plume::ecosystem
