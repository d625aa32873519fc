#include "prompt/bleu.h"

#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include "prompt/metrics_unicode.h"

namespace plume::metrics {
namespace {

using NgramCounts = std::unordered_map<std::string, int64_t>;

// All n-grams of orders 1..max_order, keyed by their tokens joined with 0xFF (a byte that never
// occurs in UTF-8, so different token sequences never share a key).
NgramCounts count_ngrams(const std::vector<std::string>& tokens, int max_order) {
  NgramCounts counts;
  for (int n = 1; n <= max_order; n++) {
    for (size_t i = 0; i + n <= tokens.size(); i++) {
      std::string key = tokens[i];
      for (int k = 1; k < n; k++) { key.push_back('\xff'); key += tokens[i + k]; }
      counts[key]++;
    }
  }
  return counts;
}

int ngram_order(const std::string& key) {
  int n = 1;
  for (char c : key) n += c == '\xff';
  return n;
}

// sacrebleu's closest reference length: smallest |hyp - ref|, ties to the shorter reference.
int64_t closest_ref_len(int64_t hyp_len, const std::vector<int64_t>& ref_lens) {
  int64_t best_diff = -1, best_len = -1;
  for (int64_t len : ref_lens) {
    const int64_t diff = std::llabs(hyp_len - len);
    if (best_diff == -1 || diff < best_diff) { best_diff = diff; best_len = len; }
    else if (diff == best_diff && len < best_len) best_len = len;
  }
  return best_len;
}

Result<std::vector<std::string>> tokens_of(std::string_view text, std::string_view what, const BleuOptions& o) {
  auto decoded = decode_utf8(text, what);
  if (!decoded) return decoded.error();
  return bleu_tokens(*decoded, o.tokenizer, o.lowercase);
}

// Natural log with sacrebleu's floor for zero (utils.my_log).
double floored_log(double x) { return x == 0.0 ? -9999999999.0 : std::log(x); }

Status check_streams(const std::vector<std::string>& hypotheses,
                     const std::vector<std::vector<std::string>>& reference_streams) {
  if (hypotheses.empty()) return make_error("no hypotheses: the hypothesis input is empty");
  if (reference_streams.empty()) return make_error("no references: give at least one reference");
  for (size_t k = 0; k < reference_streams.size(); k++)
    if (reference_streams[k].size() != hypotheses.size())
      return make_error("reference ", k + 1, " has ", reference_streams[k].size(), " lines but the hypothesis has ",
                        hypotheses.size(), ": they must have one line per segment");
  return {};
}

Result<BleuStats> stats_of_segment(const std::vector<std::string>& hypotheses,
                                   const std::vector<std::vector<std::string>>& reference_streams, size_t i,
                                   const BleuOptions& options) {
  std::vector<std::string_view> refs;
  for (const auto& stream : reference_streams) refs.push_back(stream[i]);
  auto stats = bleu_segment_stats(hypotheses[i], refs, options);
  if (!stats) return make_error("sentence ", i + 1, ": ", stats.error().message);
  return stats;
}

}  // namespace

Result<BleuSmoothing> parse_bleu_smoothing(std::string_view name) {
  if (name == "exp") return BleuSmoothing::kExp;
  if (name == "floor") return BleuSmoothing::kFloor;
  if (name == "add-k") return BleuSmoothing::kAddK;
  if (name == "none") return BleuSmoothing::kNone;
  return make_error("unknown BLEU smoothing '", std::string(name), "' (expected exp, floor, add-k or none)");
}

const char* bleu_smoothing_name(BleuSmoothing smoothing) {
  switch (smoothing) {
    case BleuSmoothing::kExp: return "exp";
    case BleuSmoothing::kFloor: return "floor";
    case BleuSmoothing::kAddK: return "add-k";
    case BleuSmoothing::kNone: return "none";
  }
  return "?";
}

Status check_bleu_options(const BleuOptions& o) {
  if (o.max_order < 1 || o.max_order > kMaxBleuOrder)
    return make_error("BLEU max n-gram order is ", o.max_order, ", expected 1..", kMaxBleuOrder);
  if (o.smooth_value && (!std::isfinite(*o.smooth_value) || *o.smooth_value < 0))
    return make_error("BLEU smoothing value must be a finite number >= 0");
  return {};
}

BleuScore bleu_from_stats(const BleuStats& stats, const BleuOptions& o, bool effective_order) {
  const int max_order = o.max_order;
  BleuScore s;
  s.counts = stats.correct;
  s.totals = stats.total;
  s.sys_len = stats.sys_len;
  s.ref_len = stats.ref_len;
  s.precisions.assign(max_order, 0.0);
  if (stats.sys_len < stats.ref_len)
    s.bp = stats.sys_len > 0 ? std::exp(1.0 - static_cast<double>(stats.ref_len) / static_cast<double>(stats.sys_len)) : 0.0;
  else
    s.bp = 1.0;

  bool any_match = false;
  for (int64_t c : stats.correct) any_match = any_match || c != 0;
  if (!any_match) return s;  // sacrebleu returns 0 early when nothing matches

  double smooth_value = o.smooth_value.value_or(o.smoothing == BleuSmoothing::kFloor ? 0.1 : 1.0);
  double smooth_mteval = 1.0;
  int eff_order = max_order;
  for (int n = 1; n <= max_order; n++) {
    double correct = static_cast<double>(stats.correct[n - 1]);
    double total = static_cast<double>(stats.total[n - 1]);
    if (o.smoothing == BleuSmoothing::kAddK && n > 1) { correct += smooth_value; total += smooth_value; }
    if (total == 0) break;
    if (effective_order) eff_order = n;
    if (correct == 0) {
      if (o.smoothing == BleuSmoothing::kExp) {
        smooth_mteval *= 2;
        s.precisions[n - 1] = 100.0 / (smooth_mteval * total);
      } else if (o.smoothing == BleuSmoothing::kFloor) {
        s.precisions[n - 1] = 100.0 * smooth_value / total;
      }
    } else {
      s.precisions[n - 1] = 100.0 * correct / total;
    }
  }
  double log_sum = 0;
  for (int n = 0; n < eff_order; n++) log_sum += floored_log(s.precisions[n]);
  s.score = s.bp * std::exp(log_sum / eff_order);
  return s;
}

Result<BleuStats> bleu_segment_stats(std::string_view hypothesis, const std::vector<std::string_view>& references,
                                     const BleuOptions& o) {
  if (auto st = check_bleu_options(o); !st) return st.error();
  NgramCounts ref_ngrams;
  std::vector<int64_t> ref_lens;
  for (size_t k = 0; k < references.size(); k++) {
    if (references[k].empty()) continue;
    auto tokens = tokens_of(references[k], "reference " + std::to_string(k + 1), o);
    if (!tokens) return tokens.error();
    ref_lens.push_back(static_cast<int64_t>(tokens->size()));
    for (const auto& [ngram, count] : count_ngrams(*tokens, o.max_order)) {
      int64_t& best = ref_ngrams[ngram];
      if (count > best) best = count;
    }
  }
  if (ref_lens.empty()) return make_error("no reference: every reference is empty");
  auto hyp = tokens_of(hypothesis, "hypothesis", o);
  if (!hyp) return hyp.error();

  BleuStats stats;
  stats.sys_len = static_cast<int64_t>(hyp->size());
  stats.ref_len = closest_ref_len(stats.sys_len, ref_lens);
  stats.correct.assign(o.max_order, 0);
  stats.total.assign(o.max_order, 0);
  for (const auto& [ngram, count] : count_ngrams(*hyp, o.max_order)) {
    const int n = ngram_order(ngram) - 1;
    stats.total[n] += count;
    auto it = ref_ngrams.find(ngram);
    if (it != ref_ngrams.end()) stats.correct[n] += std::min(count, it->second);
  }
  return stats;
}

Result<BleuScore> corpus_bleu(const std::vector<std::string>& hypotheses,
                              const std::vector<std::vector<std::string>>& reference_streams, const BleuOptions& o) {
  if (auto st = check_bleu_options(o); !st) return st.error();
  if (auto st = check_streams(hypotheses, reference_streams); !st) return st.error();
  BleuStats sum;
  sum.correct.assign(o.max_order, 0);
  sum.total.assign(o.max_order, 0);
  for (size_t i = 0; i < hypotheses.size(); i++) {
    auto stats = stats_of_segment(hypotheses, reference_streams, i, o);
    if (!stats) return stats.error();
    sum.sys_len += stats->sys_len;
    sum.ref_len += stats->ref_len;
    for (int n = 0; n < o.max_order; n++) {
      sum.correct[n] += stats->correct[n];
      sum.total[n] += stats->total[n];
    }
  }
  return bleu_from_stats(sum, o, o.effective_order.value_or(false));
}

Result<BleuScore> sentence_bleu(std::string_view hypothesis, const std::vector<std::string>& references,
                                const BleuOptions& o) {
  if (references.empty()) return make_error("no references: give at least one reference");
  std::vector<std::string_view> refs(references.begin(), references.end());
  auto stats = bleu_segment_stats(hypothesis, refs, o);
  if (!stats) return stats.error();
  return bleu_from_stats(*stats, o, o.effective_order.value_or(true));
}

Result<std::vector<BleuScore>> sentence_bleu_each(const std::vector<std::string>& hypotheses,
                                                  const std::vector<std::vector<std::string>>& reference_streams,
                                                  const BleuOptions& o) {
  if (auto st = check_bleu_options(o); !st) return st.error();
  if (auto st = check_streams(hypotheses, reference_streams); !st) return st.error();
  std::vector<BleuScore> scores;
  for (size_t i = 0; i < hypotheses.size(); i++) {
    auto stats = stats_of_segment(hypotheses, reference_streams, i, o);
    if (!stats) return stats.error();
    scores.push_back(bleu_from_stats(*stats, o, o.effective_order.value_or(true)));
  }
  return scores;
}

}  // namespace plume::metrics
