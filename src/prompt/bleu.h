// BLEU as sacrebleu 2.x computes it (Papineni et al. 2002 with sacrebleu's smoothing, effective
// order and brevity penalty), on the 0-100 scale. Tokenizers: bleu_tokenizers.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "prompt/bleu_tokenizers.h"

namespace plume::metrics {

// Chen & Cherry (2014): none; floor = method 1 (precision floor of value/total for zero matches);
// add-k = method 2 (k added to matches and totals of orders 2 and up); exp = method 3 (NIST:
// the i-th zero-match order gets 1/(2^i * total)).
enum class BleuSmoothing { kExp, kFloor, kAddK, kNone };

Result<BleuSmoothing> parse_bleu_smoothing(std::string_view name);  // "exp", "floor", "add-k", "none"
const char* bleu_smoothing_name(BleuSmoothing smoothing);

struct BleuOptions {
  BleuTokenizer tokenizer = BleuTokenizer::k13a;
  BleuSmoothing smoothing = BleuSmoothing::kExp;
  std::optional<double> smooth_value;    // unset: sacrebleu's defaults, floor 0.1 and add-k 1
  bool lowercase = false;
  int max_order = 4;                     // 1..kMaxBleuOrder
  std::optional<bool> effective_order;   // unset: off for corpus BLEU, on for sentence BLEU
};
inline constexpr int kMaxBleuOrder = 32;

// The sufficient statistics: sums over segments.
struct BleuStats {
  int64_t sys_len = 0, ref_len = 0;
  std::vector<int64_t> correct, total;  // per order 1..max_order
};

struct BleuScore {
  double score = 0;                    // 0..100
  std::vector<int64_t> counts, totals; // matched / hypothesis n-grams per order, before smoothing
  std::vector<double> precisions;      // per order, in percent, after smoothing
  double bp = 0;                       // brevity penalty
  int64_t sys_len = 0, ref_len = 0;
};

Status check_bleu_options(const BleuOptions& options);

// sacrebleu's BLEU.compute_bleu on already summed statistics (same operations in the same order,
// so scores agree to the last few bits; exp/log are the platform's double-precision ones).
BleuScore bleu_from_stats(const BleuStats& stats, const BleuOptions& options, bool effective_order);

// The statistics of one hypothesis against its references (empty reference strings are skipped,
// as sacrebleu does for a variable number of references; at least one must be non-empty).
Result<BleuStats> bleu_segment_stats(std::string_view hypothesis, const std::vector<std::string_view>& references,
                                     const BleuOptions& options);

// Corpus BLEU. reference_streams[k][i] is the k-th reference of segment i (as sacrebleu's
// corpus_bleu(hyps, [refs1, refs2, ...])); every stream has one line per hypothesis.
Result<BleuScore> corpus_bleu(const std::vector<std::string>& hypotheses,
                              const std::vector<std::vector<std::string>>& reference_streams,
                              const BleuOptions& options);

// Sentence BLEU (sacrebleu's sentence_bleu: effective order on unless options say otherwise).
Result<BleuScore> sentence_bleu(std::string_view hypothesis, const std::vector<std::string>& references,
                                const BleuOptions& options);

// Sentence BLEU of every segment of a corpus, same layout as corpus_bleu.
Result<std::vector<BleuScore>> sentence_bleu_each(const std::vector<std::string>& hypotheses,
                                                  const std::vector<std::vector<std::string>>& reference_streams,
                                                  const BleuOptions& options);

}  // namespace plume::metrics
