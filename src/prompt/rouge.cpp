#include "prompt/rouge.h"

#include <algorithm>
#include <map>
#include <set>

#include "prompt/metrics_unicode.h"
#include "prompt/porter_stemmer.h"

namespace plume::metrics {
namespace {

bool is_ascii_alnum(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Ideographs (with extensions and compatibility forms), kana and Hangul syllables.
bool is_cjk_token_char(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF && c != 0x30FB) || (c >= 0x31F0 && c <= 0x31FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}

double fmeasure(double precision, double recall) {
  return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
}

// ngram (joined with 0xFF, which UTF-8 never contains) -> count.
std::map<std::string, int64_t> ngrams(const Tokens& tokens, int n) {
  std::map<std::string, int64_t> counts;
  for (size_t i = 0; i + n <= tokens.size(); i++) {
    std::string key = tokens[i];
    for (int k = 1; k < n; k++) { key.push_back('\xff'); key += tokens[i + k]; }
    counts[key]++;
  }
  return counts;
}

using LcsTable = std::vector<std::vector<int32_t>>;

LcsTable lcs_table(const Tokens& ref, const Tokens& can) {
  LcsTable t(ref.size() + 1, std::vector<int32_t>(can.size() + 1, 0));
  for (size_t i = 1; i <= ref.size(); i++)
    for (size_t j = 1; j <= can.size(); j++)
      t[i][j] = ref[i - 1] == can[j - 1] ? t[i - 1][j - 1] + 1 : std::max(t[i - 1][j], t[i][j - 1]);
  return t;
}

// Indices into ref of one LCS, chosen as rouge-score's backtrack does (ties move up, not left),
// since the choice matters for the union in ROUGE-Lsum.
std::vector<size_t> lcs_indices(const Tokens& ref, const Tokens& can) {
  const LcsTable t = lcs_table(ref, can);
  std::vector<size_t> indices;
  size_t i = ref.size(), j = can.size();
  while (i > 0 && j > 0) {
    if (ref[i - 1] == can[j - 1]) { indices.push_back(i - 1); i--; j--; }
    else if (t[i][j - 1] > t[i - 1][j]) j--;
    else i--;
  }
  std::reverse(indices.begin(), indices.end());
  return indices;
}

}  // namespace

Result<RougeTokenizer> parse_rouge_tokenizer(std::string_view name) {
  if (name == "default") return RougeTokenizer::kDefault;
  if (name == "cjk") return RougeTokenizer::kCjk;
  return make_error("unknown ROUGE tokenizer '", std::string(name), "' (expected default or cjk)");
}

Result<Tokens> rouge_tokenize(std::string_view text, const RougeOptions& options, std::string_view what) {
  auto decoded = decode_utf8(text, what);
  if (!decoded) return decoded.error();
  std::u32string chars = python_lower(*decoded);
  const bool cjk = options.tokenizer == RougeTokenizer::kCjk;
  Tokens tokens;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    tokens.push_back(options.stemmer && word.size() > 3 ? porter_stem(word) : word);
    word.clear();
  };
  for (char32_t c : chars) {
    if (cjk && c >= 0xFF01 && c <= 0xFF5E) {  // full-width ASCII variants
      c -= 0xFEE0;
      if (c >= 'A' && c <= 'Z') c += 32;
    }
    if (is_ascii_alnum(c)) {
      word.push_back(static_cast<char>(c));
    } else {
      flush();
      if (cjk && is_cjk_token_char(c)) append_utf8(tokens.emplace_back(), c);
    }
  }
  flush();
  return tokens;
}

RougeValue rouge_n(const Tokens& target, const Tokens& prediction, int n) {
  const auto target_ngrams = ngrams(target, n), prediction_ngrams = ngrams(prediction, n);
  int64_t overlap = 0, target_count = 0, prediction_count = 0;
  for (const auto& [ngram, count] : target_ngrams) {
    target_count += count;
    auto it = prediction_ngrams.find(ngram);
    if (it != prediction_ngrams.end()) overlap += std::min(count, it->second);
  }
  for (const auto& entry : prediction_ngrams) prediction_count += entry.second;
  RougeValue v;
  v.precision = static_cast<double>(overlap) / static_cast<double>(std::max<int64_t>(prediction_count, 1));
  v.recall = static_cast<double>(overlap) / static_cast<double>(std::max<int64_t>(target_count, 1));
  v.fmeasure = fmeasure(v.precision, v.recall);
  return v;
}

RougeValue rouge_l(const Tokens& target, const Tokens& prediction) {
  RougeValue v;
  if (target.empty() || prediction.empty()) return v;
  // Two rows of the LCS table are enough for its length.
  std::vector<int32_t> prev(prediction.size() + 1, 0), row(prediction.size() + 1, 0);
  for (size_t i = 1; i <= target.size(); i++) {
    for (size_t j = 1; j <= prediction.size(); j++)
      row[j] = target[i - 1] == prediction[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], row[j - 1]);
    std::swap(prev, row);
  }
  const double lcs = prev[prediction.size()];
  v.precision = lcs / static_cast<double>(prediction.size());
  v.recall = lcs / static_cast<double>(target.size());
  v.fmeasure = fmeasure(v.precision, v.recall);
  return v;
}

RougeValue rouge_lsum(const std::vector<Tokens>& target_sentences, const std::vector<Tokens>& prediction_sentences) {
  RougeValue v;
  if (target_sentences.empty() || prediction_sentences.empty()) return v;
  int64_t m = 0, n = 0;
  std::map<std::string, int64_t> target_left, prediction_left;  // tokens not yet counted as hits
  for (const Tokens& s : target_sentences) { m += static_cast<int64_t>(s.size()); for (const auto& t : s) target_left[t]++; }
  for (const Tokens& s : prediction_sentences) { n += static_cast<int64_t>(s.size()); for (const auto& t : s) prediction_left[t]++; }
  if (m == 0 || n == 0) return v;

  int64_t hits = 0;
  for (const Tokens& ref : target_sentences) {
    // Union of the LCS of this target sentence with every prediction sentence, in target order.
    std::set<size_t> union_indices;
    for (const Tokens& can : prediction_sentences)
      for (size_t i : lcs_indices(ref, can)) union_indices.insert(i);
    // Each token is a hit at most as often as it occurs on both sides (as ROUGE-1.5.5 does).
    for (size_t i : union_indices) {
      const std::string& token = ref[i];
      if (prediction_left[token] > 0 && target_left[token] > 0) {
        hits++;
        prediction_left[token]--;
        target_left[token]--;
      }
    }
  }
  v.recall = static_cast<double>(hits) / static_cast<double>(m);
  v.precision = static_cast<double>(hits) / static_cast<double>(n);
  v.fmeasure = fmeasure(v.precision, v.recall);
  return v;
}

Result<RougeScores> rouge_score(std::string_view target, std::string_view prediction, const RougeOptions& options) {
  auto target_tokens = rouge_tokenize(target, options, "target");
  if (!target_tokens) return target_tokens.error();
  auto prediction_tokens = rouge_tokenize(prediction, options, "prediction");
  if (!prediction_tokens) return prediction_tokens.error();

  // ROUGE-Lsum: sentences are the non-empty lines.
  auto sentences = [&](std::string_view text) {
    std::vector<Tokens> out;
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      if (end > start) out.push_back(*rouge_tokenize(text.substr(start, end - start), options));  // valid: checked above
      start = end + 1;
    }
    return out;
  };

  RougeScores s;
  s.rouge1 = rouge_n(*target_tokens, *prediction_tokens, 1);
  s.rouge2 = rouge_n(*target_tokens, *prediction_tokens, 2);
  s.rougeL = rouge_l(*target_tokens, *prediction_tokens);
  s.rougeLsum = rouge_lsum(sentences(target), sentences(prediction));
  return s;
}

}  // namespace plume::metrics
