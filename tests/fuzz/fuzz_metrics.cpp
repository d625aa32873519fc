// BLEU and ROUGE tokenizers and scores: hypothesis | reference, the first byte choosing the
// tokenizer, lowercasing and the stemmer. Invariants: valid UTF-8 always scores; BLEU is within
// 0..100 and ROUGE within 0..1; tokens are non-empty valid UTF-8 without spaces; a text scored
// against itself has ROUGE-1 F1 = 1 when it has tokens.
#include <cmath>

#include "fuzz_input.h"
#include "prompt/bleu.h"
#include "prompt/bleu_tokenizers.h"
#include "prompt/metrics_unicode.h"
#include "prompt/rouge.h"

using namespace plume;
using namespace plume::metrics;

namespace {

bool in_unit(const RougeValue& v) {
  auto ok = [](double x) { return std::isfinite(x) && x >= 0 && x <= 1 + 1e-12; };
  return ok(v.precision) && ok(v.recall) && ok(v.fmeasure);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  auto parts = fuzz::split_parts(data + 1, size - 1, 2);
  std::string_view hyp = parts[0], ref = parts[1];
  const bool valid = fuzz::valid_utf8(hyp) && fuzz::valid_utf8(ref);

  static const BleuTokenizer kTokenizers[] = {BleuTokenizer::k13a, BleuTokenizer::kZh, BleuTokenizer::kChar,
                                              BleuTokenizer::kNone};
  BleuOptions bleu;
  bleu.tokenizer = kTokenizers[flags & 3];
  bleu.lowercase = flags & 4;
  auto decoded = decode_utf8(hyp, "hypothesis");
  FUZZ_CHECK(decoded.ok() == fuzz::valid_utf8(hyp));
  if (decoded) {
    FUZZ_CHECK(encode_utf8(*decoded) == hyp);
    for (const std::string& t : bleu_tokens(*decoded, bleu.tokenizer, bleu.lowercase)) {
      FUZZ_CHECK(!t.empty() && fuzz::valid_utf8(t));
      FUZZ_CHECK(t.find(' ') == std::string::npos);
    }
  }
  auto score = sentence_bleu(hyp, {std::string(ref)}, bleu);
  if (score) FUZZ_CHECK(std::isfinite(score->score) && score->score >= 0 && score->score <= 100 + 1e-9);
  else FUZZ_CHECK(!score.error().message.empty());
  if (valid && !ref.empty()) {
    // sacrebleu needs a reference with tokens; an all-space one may still be refused, with a message.
    if (!score) FUZZ_CHECK(!score.error().message.empty());
  }

  RougeOptions rouge;
  rouge.stemmer = flags & 8;
  rouge.tokenizer = (flags & 16) ? RougeTokenizer::kCjk : RougeTokenizer::kDefault;
  auto scores = rouge_score(ref, hyp, rouge);
  FUZZ_CHECK(scores.ok() == valid);
  if (scores) {
    FUZZ_CHECK(in_unit(scores->rouge1) && in_unit(scores->rouge2));
    FUZZ_CHECK(in_unit(scores->rougeL) && in_unit(scores->rougeLsum));
    auto tokens = rouge_tokenize(hyp, rouge);
    FUZZ_CHECK(tokens.ok());
    auto self = rouge_score(hyp, hyp, rouge);
    FUZZ_CHECK(self.ok());
    if (!tokens->empty()) FUZZ_CHECK(std::abs(self->rouge1.fmeasure - 1.0) < 1e-12);
  }
  return 0;
}
