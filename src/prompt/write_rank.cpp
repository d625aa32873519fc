// Checking, scoring and ordering the candidates (see write.h for the rules and the score).
#include <algorithm>
#include <set>

#include "core/math.h"
#include "prompt/bleu_tokenizers.h"
#include "prompt/brand_rules.h"
#include "prompt/channel.h"
#include "prompt/quality.h"
#include "prompt/write.h"

namespace plume::prompt {
namespace {

using nlohmann::json;

rules::Reason reason(std::string code, std::string en, std::string zh) {
  rules::Reason r;
  r.code = std::move(code);
  r.en = std::move(en);
  r.zh = std::move(zh);
  return r;
}

// The content types quality.h knows how to split; the library's feature bullets are product
// descriptions in bullet form.
std::string quality_type(const std::string& content_type) {
  static const std::set<std::string> known = {"product_description", "email", "sms", "social_post", "ad", "faq",
                                              "customer_service"};
  if (content_type == "feature_bullets") return "product_description";
  return known.count(content_type) ? content_type : "";
}

void trim(std::string* s) {
  size_t b = s->find_first_not_of(" \t\r\n"), e = s->find_last_not_of(" \t\r\n");
  *s = b == std::string::npos ? "" : s->substr(b, e - b + 1);
}

// For a user's own content type: each template part runs from its label to the next label.
OutputParts split_by_labels(const std::string& text, const std::vector<OutputPart>& parts, bool zh) {
  OutputParts out;
  if (parts.empty()) {
    out.ok = !text.empty();
    if (out.ok) out.parts.push_back({"text", text});
    else out.reason = zh ? "输出为空" : "the output is empty";
    return out;
  }
  std::vector<size_t> at;
  for (const OutputPart& p : parts) {
    size_t from = at.empty() ? 0 : at.back();
    size_t pos = text.find(p.label, from);
    if (pos == std::string::npos) {
      out.reason = zh ? "缺少“" + p.label + "”部分" : "the part '" + p.label + "' is missing";
      return out;
    }
    at.push_back(pos);
  }
  for (size_t i = 0; i < parts.size(); i++) {
    size_t begin = at[i] + parts[i].label.size();
    size_t end = i + 1 < parts.size() ? at[i + 1] : text.size();
    std::string s = text.substr(begin, end - begin);
    trim(&s);
    out.parts.push_back({parts[i].name, s});
  }
  out.ok = true;
  return out;
}

int length_in_units(const std::string& text, bool zh) {
  int n = 0;
  if (zh) {  // characters, white space not counted
    for (unsigned char c : text)
      if ((c & 0xC0) != 0x80 && c != ' ' && c != '\n' && c != '\t' && c != '\r') n++;
    return n;
  }
  bool in_word = false;
  for (unsigned char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space && !in_word) n++;
    in_word = !space;
  }
  return n;
}

double length_fit(int n, int lo, int hi) {
  if (lo > 0 && n < lo) return static_cast<double>(n) / lo;
  if (hi > 0 && n > hi) return static_cast<double>(hi) / n;
  return 1.0;
}

std::set<std::string> trigrams(const std::string& text) {
  std::vector<std::string> tokens = metrics::bleu_tokens(normalize_for_match(text), metrics::BleuTokenizer::kZh, true);
  std::set<std::string> out;
  for (size_t i = 0; i + 2 < tokens.size(); i++) out.insert(tokens[i] + "\x1f" + tokens[i + 1] + "\x1f" + tokens[i + 2]);
  if (out.empty() && !tokens.empty()) {
    std::string all;
    for (const std::string& t : tokens) all += t + "\x1f";
    out.insert(all);
  }
  return out;
}

double jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() && b.empty()) return 1.0;
  size_t common = 0;
  for (const std::string& x : a) common += b.count(x);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

}  // namespace

std::vector<std::string> mention_targets(const PromptTemplate& t, const json& input) {
  std::vector<std::string> out;
  for (const std::string& key : t.checks.must_mention) {
    if (!input.contains(key)) continue;
    const json& v = input[key];
    if (v.is_string() && !v.get<std::string>().empty()) out.push_back(v.get<std::string>());
    if (v.is_array())
      for (const json& x : v)
        if (x.is_string() && !x.get<std::string>().empty()) out.push_back(x.get<std::string>());
  }
  return out;
}

namespace {

Status check_channel_rule(const std::string& text, Channel c, const std::string& rule, RankedCandidate* out) {
  auto r = check_channel(text, c);
  if (!r) return r.error();
  RuleOutcome o{rule, r->ok, {}};
  for (const rules::Reason& x : r->reasons)
    if (x.severity == rules::Severity::kError || r->ok) o.reasons.push_back(x);
  out->rules.push_back(std::move(o));
  return {};
}

Status evaluate(const PromptTemplate& t, const json& input, const RawCandidate& raw, const WriteRules& extra,
                const WriteWeights& w, RankedCandidate* c) {
  const bool zh = t.language == "zh";
  c->text = clean_candidate(raw.text);
  c->finish = raw.finish;
  c->tokens = raw.tokens;
  if (c->text.empty()) {
    c->rules.push_back({"not_empty", false, {reason("write.empty", "The model wrote nothing.", "模型没有写出任何内容。")}});
  } else {
    c->rules.push_back({"not_empty", true, {}});
  }

  // Parts, and the layout score.
  const std::string qtype = quality_type(t.content_type);
  OutputParts parsed = qtype.empty() ? split_by_labels(c->text, t.output.parts, zh) : parse_output(c->text, qtype, t.language);
  c->parts = parsed.parts;
  c->format_reason = parsed.reason;
  const bool finished = raw.finish != "length" && raw.finish != "cancelled" && raw.finish != "timeout";
  c->score.format = parsed.ok ? (finished ? 1.0 : 0.5) : 0.0;

  // Channel rules: the whole text, then each part that names one.
  if (t.checks.channel_rule)
    if (Status s = check_channel_rule(c->text, *t.checks.channel_rule, std::string("channel:") + channel_name(*t.checks.channel_rule), c); !s)
      return s;
  for (const OutputPart& p : t.output.parts) {
    if (!p.channel_rule) continue;
    const std::string rule = std::string("channel:") + channel_name(*p.channel_rule) + "(" + p.name + ")";
    bool found = false;
    for (const auto& part : c->parts) {
      if (part.first != p.name) continue;
      found = true;
      if (Status s = check_channel_rule(part.second, *p.channel_rule, rule, c); !s) return s;
    }
    if (!found)
      c->rules.push_back({rule, false, {reason("write.part_missing", "The " + p.name + " (" + p.label + ") is missing, so its channel rule cannot pass.",
                                               "缺少“" + p.label + "”部分，无法通过渠道规则。")}});
  }

  // Brand rules.
  BrandRules brand;
  brand.banned_words = t.checks.banned;
  brand.banned_words.insert(brand.banned_words.end(), extra.banned.begin(), extra.banned.end());
  brand.required_keywords = t.checks.required;
  brand.required_keywords.insert(brand.required_keywords.end(), extra.required.begin(), extra.required.end());
  brand.stop_markers = {"<|endoftext|>", "###"};
  auto report = check_brand(c->text, brand);
  if (!report) return report.error();
  for (const RuleResult& r : report->rules) c->rules.push_back({r.rule, r.pass, r.reasons});

  // Score components.
  c->score.mean_logprob = raw.mean_logprob;
  c->score.model = c->text.empty() ? 0.0 : raw.mean_logprob > 0 ? 1.0 : static_cast<double>(exp_f32(static_cast<float>(raw.mean_logprob)));
  FeatureCoverage cov = feature_coverage(c->text, mention_targets(t, input), t.language);
  c->score.coverage = cov.share();
  c->missing_features = cov.missing;
  LanguageCheck lang = language_check(c->text, t.language);
  c->score.language = lang.ok ? 1.0 : 0.0;
  c->language_reason = lang.reason;
  const int n = length_in_units(c->text, zh);
  c->score.length = zh ? length_fit(n, t.checks.min_chars, t.checks.max_chars) : length_fit(n, t.checks.min_words, t.checks.max_words);
  RepetitionCheck rep = repetition_check(c->text, t.language);
  c->score.repetition_penalty = rep.loop ? 1.0 : 0.0;
  c->repeated = rep.repeated;
  const ScoreBreakdown& s = c->score;
  c->score.total = w.model * s.model + w.coverage * s.coverage + w.language * s.language + w.format * s.format +
                   w.length * s.length - w.repetition * s.repetition_penalty;
  return {};
}

}  // namespace

std::string clean_candidate(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = len > 0 && i + len <= text.size();
    for (int k = 1; ok && k < len; k++) ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    if (ok && len > 1) {  // no overlong forms, surrogates or code points past U+10FFFF
      uint32_t cp = c & (0x7F >> len);
      for (int k = 1; k < len; k++) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
      ok = !(len == 2 && cp < 0x80) && !(len == 3 && cp < 0x800) && !(len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) &&
           !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (ok) {
      out.append(text.substr(i, len));
      i += len;
    } else if (len > 1 && i + len > text.size()) {
      break;  // an incomplete last character: cut at the token limit, drop it
    } else {
      out += "\xEF\xBF\xBD";
      i += 1;
    }
  }
  trim(&out);
  return out;
}

Result<std::vector<RankedCandidate>> rank_candidates(const PromptTemplate& t, const json& input,
                                                     const std::vector<RawCandidate>& candidates, const WriteRules& extra,
                                                     const WriteWeights& weights) {
  std::vector<RankedCandidate> all(candidates.size());
  for (size_t i = 0; i < candidates.size(); i++) {
    all[i].index = static_cast<int>(i);
    if (Status s = evaluate(t, input, candidates[i], extra, weights, &all[i]); !s)
      return make_error("candidate ", i, ": ", s.error().message);
  }
  auto better = [](const RankedCandidate& a, const RankedCandidate& b) {
    return a.score.total != b.score.total ? a.score.total > b.score.total : a.index < b.index;
  };
  std::sort(all.begin(), all.end(), better);
  // Near-duplicates of a better candidate that passed its rules go: the list should offer choices.
  std::vector<std::pair<int, std::set<std::string>>> kept;
  for (RankedCandidate& c : all) {
    bool pass = std::all_of(c.rules.begin(), c.rules.end(), [](const RuleOutcome& r) { return r.pass; });
    if (!pass) continue;
    std::set<std::string> grams = trigrams(c.text);
    RuleOutcome dup{"near_duplicate", true, {}};
    for (const auto& k : kept) {
      double j = jaccard(grams, k.second);
      if (j >= 0.7) {
        c.duplicate_of = k.first;
        dup.pass = false;
        rules::Reason r = reason("write.near_duplicate",
                                 "Nearly the same as candidate " + std::to_string(k.first + 1) + " (" + std::to_string(static_cast<int>(j * 100)) + "% of 3-grams shared), which ranks higher.",
                                 "与排名更高的候选 " + std::to_string(k.first + 1) + " 几乎相同（" + std::to_string(static_cast<int>(j * 100)) + "% 的三元组相同）。");
        r.params.push_back({"duplicateOf", static_cast<int64_t>(k.first)});
        dup.reasons.push_back(std::move(r));
        break;
      }
    }
    const bool unique = dup.pass;
    c.rules.push_back(std::move(dup));
    if (unique) kept.push_back({c.index, std::move(grams)});
  }
  for (RankedCandidate& c : all) {
    c.accepted = std::all_of(c.rules.begin(), c.rules.end(), [](const RuleOutcome& r) { return r.pass; });
    c.score.rules_total = static_cast<int>(c.rules.size());
    c.score.rules_passed = static_cast<int>(std::count_if(c.rules.begin(), c.rules.end(), [](const RuleOutcome& r) { return r.pass; }));
  }
  std::stable_partition(all.begin(), all.end(), [](const RankedCandidate& c) { return c.accepted; });
  int rank = 0;
  for (RankedCandidate& c : all) c.rank = c.accepted ? ++rank : 0;
  return all;
}

}  // namespace plume::prompt
