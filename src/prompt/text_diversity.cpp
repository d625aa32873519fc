#include "prompt/text_diversity.h"

#include <unordered_set>

#include "prompt/metrics_unicode.h"

namespace plume::metrics {

Result<DistinctN> distinct_n(const std::vector<std::string>& texts, int n, BleuTokenizer tokenizer) {
  if (texts.empty()) return make_error("distinct-n needs at least one text");
  if (n < 1 || n > kMaxBleuOrder) return make_error("distinct-n: n is ", n, ", expected 1..", kMaxBleuOrder);
  std::unordered_set<std::string> seen;
  DistinctN d;
  for (size_t t = 0; t < texts.size(); t++) {
    auto decoded = decode_utf8(texts[t], "text " + std::to_string(t + 1));
    if (!decoded) return decoded.error();
    const std::vector<std::string> tokens = bleu_tokens(*decoded, tokenizer, false);
    for (size_t i = 0; i + n <= tokens.size(); i++) {
      std::string key = tokens[i];
      for (int k = 1; k < n; k++) { key.push_back('\xff'); key += tokens[i + k]; }  // 0xFF: never in UTF-8
      d.total++;
      seen.insert(std::move(key));
    }
  }
  d.unique = static_cast<int64_t>(seen.size());
  d.ratio = d.total > 0 ? static_cast<double>(d.unique) / static_cast<double>(d.total) : 0.0;
  return d;
}

BleuOptions self_bleu_default_options() {
  BleuOptions o;
  o.tokenizer = BleuTokenizer::kZh;
  return o;
}

Result<double> self_bleu(const std::vector<std::string>& texts, const BleuOptions& options) {
  if (texts.size() < 2) return make_error("self-BLEU needs at least 2 texts, got ", texts.size());
  double sum = 0;
  for (size_t i = 0; i < texts.size(); i++) {
    std::vector<std::string> others;
    for (size_t j = 0; j < texts.size(); j++)
      if (j != i) others.push_back(texts[j]);
    auto score = sentence_bleu(texts[i], others, options);
    if (!score) return make_error("self-BLEU of text ", i + 1, ": ", score.error().message);
    sum += score->score;
  }
  return sum / static_cast<double>(texts.size());
}

}  // namespace plume::metrics
