// ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum as Google's rouge-score computes them (which follows
// ROUGE-1.5.5): precision, recall and F1 from n-gram overlap, the longest common subsequence, and
// the summary-level union LCS over newline-separated sentences.
//
// Tokenizers:
//   default - rouge-score's own: Python's lower(), every run of characters other than [a-z0-9]
//             separates, so any non-Latin text (Chinese included) has no tokens and scores 0,
//             exactly as in rouge-score;
//   cjk     - Plume's: the same for Latin text, and every CJK character (Han, kana, Hangul) is a
//             token of its own; full-width letters and digits count as their ASCII forms.
// With the stemmer, tokens longer than 3 characters go through porter_stem() (rouge-score applies
// NLTK's PorterStemmer the same way).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace plume::metrics {

enum class RougeTokenizer { kDefault, kCjk };
Result<RougeTokenizer> parse_rouge_tokenizer(std::string_view name);  // "default", "cjk"

struct RougeOptions {
  bool stemmer = false;
  RougeTokenizer tokenizer = RougeTokenizer::kDefault;
};

struct RougeValue {
  double precision = 0, recall = 0, fmeasure = 0;
};

struct RougeScores {
  RougeValue rouge1, rouge2, rougeL, rougeLsum;
};

using Tokens = std::vector<std::string>;

// Errors only for text that is not UTF-8 (named by `what`).
Result<Tokens> rouge_tokenize(std::string_view text, const RougeOptions& options, std::string_view what = "text");

RougeValue rouge_n(const Tokens& target, const Tokens& prediction, int n);
RougeValue rouge_l(const Tokens& target, const Tokens& prediction);
RougeValue rouge_lsum(const std::vector<Tokens>& target_sentences, const std::vector<Tokens>& prediction_sentences);

// All four for one target/prediction pair (rouge-score's RougeScorer.score(target, prediction)).
Result<RougeScores> rouge_score(std::string_view target, std::string_view prediction, const RougeOptions& options);

}  // namespace plume::metrics
