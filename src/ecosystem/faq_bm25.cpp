#include "ecosystem/faq_bm25.h"

#include <algorithm>
#include <cmath>

namespace plume::ecosystem {

void Bm25Index::add(const std::vector<std::string>& terms) {
  std::unordered_map<std::string, int> tf;
  for (const std::string& t : terms) ++tf[t];
  for (const auto& kv : tf) ++df_[kv.first];
  lengths_.push_back(static_cast<int>(terms.size()));
  total_length_ += static_cast<long long>(terms.size());
  docs_.push_back(std::move(tf));
}

double Bm25Index::idf(const std::string& term) const {
  auto it = df_.find(term);
  double n = it == df_.end() ? 0.0 : static_cast<double>(it->second);
  double N = static_cast<double>(docs_.size());
  return std::log(1.0 + (N - n + 0.5) / (n + 0.5));
}

double Bm25Index::avgdl() const {
  return docs_.empty() ? 0.0 : static_cast<double>(total_length_) / static_cast<double>(docs_.size());
}

std::vector<Bm25Hit> Bm25Index::search(const std::vector<WeightedTerm>& query, const std::vector<int>& allowed) const {
  // Distinct terms, in first-seen order so that sums are added in a fixed order everywhere.
  std::vector<WeightedTerm> terms;
  for (const WeightedTerm& q : query) {
    if (q.weight <= 0) continue;
    auto same = std::find_if(terms.begin(), terms.end(), [&q](const WeightedTerm& t) { return t.term == q.term; });
    if (same == terms.end()) terms.push_back(q);
    else same->weight = std::max(same->weight, q.weight);
  }
  std::vector<double> idfs;
  double best_possible = 0, all_idf = 0;
  for (const WeightedTerm& t : terms) {
    idfs.push_back(idf(t.term));
    best_possible += t.weight * idfs.back() * (params_.k1 + 1.0);
    all_idf += t.weight * idfs.back();
  }
  std::vector<int> docs = allowed;
  if (allowed.empty())
    for (int d = 0; d < size(); ++d) docs.push_back(d);
  double avg = avgdl();
  std::vector<Bm25Hit> hits;
  for (int d : docs) {
    if (d < 0 || d >= size()) continue;
    const auto& tf = docs_[static_cast<size_t>(d)];
    double norm = params_.k1 * (1.0 - params_.b + params_.b * (avg > 0 ? lengths_[static_cast<size_t>(d)] / avg : 0.0));
    double score = 0, covered = 0;
    for (size_t i = 0; i < terms.size(); ++i) {
      auto it = tf.find(terms[i].term);
      if (it == tf.end()) continue;
      double f = it->second;
      covered += terms[i].weight * idfs[i];
      score += terms[i].weight * idfs[i] * f * (params_.k1 + 1.0) / (f + norm);
    }
    if (score > 0)
      hits.push_back({d, score, best_possible > 0 ? score / best_possible : 0.0, all_idf > 0 ? covered / all_idf : 0.0});
  }
  std::sort(hits.begin(), hits.end(), [](const Bm25Hit& a, const Bm25Hit& b) {
    return a.score != b.score ? a.score > b.score : a.doc < b.doc;
  });
  return hits;
}

}  // namespace plume::ecosystem
