// How different a set of generated texts are from each other:
//   distinct-n (Li et al. 2016): distinct n-grams / all n-grams, pooled over the texts
//              (1 = no n-gram repeats anywhere, near 0 = the texts say the same thing);
//   self-BLEU (Zhu et al. 2018, Texygen): the mean sentence BLEU of each text against all the
//              others as references (0-100; high = the texts resemble each other).
// Both tokenize with a BLEU tokenizer; "zh" is the default because it splits Chinese into
// characters and treats English like 13a, so mixed Chinese/English candidates compare fairly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "prompt/bleu.h"

namespace plume::metrics {

struct DistinctN {
  double ratio = 0;         // unique / total; 0 when there is no n-gram at all
  int64_t unique = 0, total = 0;
};

Result<DistinctN> distinct_n(const std::vector<std::string>& texts, int n,
                             BleuTokenizer tokenizer = BleuTokenizer::kZh);

// Needs at least two texts. `options` are sentence BLEU's (default: exp smoothing, effective
// order); its tokenizer defaults to zh here.
Result<double> self_bleu(const std::vector<std::string>& texts, const BleuOptions& options);
BleuOptions self_bleu_default_options();

}  // namespace plume::metrics
