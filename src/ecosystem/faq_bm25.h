// Okapi BM25 over FAQ entries (terms from faq_tokenize.h), with weighted query terms so that a
// follow-up question can carry the previous turn's terms at a lower weight:
//
//   score(D, Q) = sum over distinct query terms t of
//                 w_t * idf(t) * tf(t, D) * (k1 + 1) / (tf(t, D) + k1 * (1 - b + b * |D| / avgdl))
//   idf(t)      = ln(1 + (N - n(t) + 0.5) / (n(t) + 0.5))      (Lucene's form: never negative)
//
// N documents, n(t) of them containing t, |D| the document's length in terms, avgdl the mean
// length. k1 = 1.2 (how fast repeated terms saturate) and b = 0.75 (how much long entries are
// discounted) are the usual defaults (Robertson & Zaragoza 2009; Lucene, Elasticsearch).
//
// normalized(D, Q) = score(D, Q) / sum over t of w_t * idf(t) * (k1 + 1), in [0, 1): the score
// divided by what a document matching every query term infinitely often would get (a term
// absent from the collection counts with idf(N, 0)). It measures how much of the question,
// weighted by informativeness, the entry covers, and is comparable across questions; the
// confidence threshold (faq.h) uses it.
//
// coverage(D, Q) = sum over t in D of w_t * idf(t) / sum over t of w_t * idf(t), in [0, 1]: the
// IDF-weighted share of the question's terms that the document contains at all (no tf, no length
// discount). A question whose rarest words the knowledge base lacks ("capital of Australia",
// where only "australia" occurs) keeps a low coverage however well that one word matches; the
// handover rule (faq.h) requires a minimum.
#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace plume::ecosystem {

struct Bm25Params {
  double k1 = 1.2;
  double b = 0.75;
};

struct WeightedTerm {
  std::string term;
  double weight = 1.0;
};

struct Bm25Hit {
  int doc = 0;
  double score = 0;
  double normalized = 0;
  double coverage = 0;
};

class Bm25Index {
 public:
  explicit Bm25Index(Bm25Params params = {}) : params_(params) {}
  void add(const std::vector<std::string>& terms);  // the next document (index = count so far)
  int size() const { return static_cast<int>(docs_.size()); }
  double idf(const std::string& term) const;
  double avgdl() const;
  // Every document with a score > 0 among `allowed` (empty: all), best first (ties: lower
  // index first). Repeated query terms count once, with their largest weight.
  std::vector<Bm25Hit> search(const std::vector<WeightedTerm>& query, const std::vector<int>& allowed = {}) const;

 private:
  Bm25Params params_;
  std::vector<std::unordered_map<std::string, int>> docs_;  // term frequencies per document
  std::vector<int> lengths_;
  std::unordered_map<std::string, int> df_;
  long long total_length_ = 0;
};

}  // namespace plume::ecosystem
