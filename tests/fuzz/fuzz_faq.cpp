// The FAQ knowledge base (faq.jsonl, src/ecosystem/faq*) and a question against it. Parts: the
// JSON-lines text, a question, a history (JSON list of earlier turns). Byte 0: bit 0 checks
// partners against the sample manifest, bits 1-2 the number of hits asked for (1..4).
// Invariants: errors are non-empty and name the line; an accepted base has one indexed document
// per entry, each with a question, an answer, and a partner / product when its scope needs one;
// an answer has at most `top` hits, valid entry indices, best first, finite scores, a
// confidence in [0, 1]; a hand-over answers with the hand-over message; asking is deterministic.
#include <cmath>
#include <fstream>
#include <iterator>

#include "ecosystem/faq.h"
#include "fuzz_input.h"

using namespace plume;
using namespace plume::ecosystem;

namespace {
const Manifest& sample_manifest() {
  static const Manifest m = [] {
    std::ifstream in(PLUME_SOURCE_DIR "/data/ecosystem/manifest.json", std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto loaded = load_manifest(text);
    if (!loaded) std::abort();
    return std::move(*loaded);
  }();
  return m;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  auto parts = fuzz::split_parts(data + 1, size - 1, 3);
  auto kb = parse_faq(parts[0], "faq.jsonl", (flags & 1) ? &sample_manifest() : nullptr);
  if (!kb) {
    FUZZ_CHECK(kb.error().message.rfind("faq.jsonl", 0) == 0);
    return 0;
  }
  for (const FaqEntry& e : kb->entries) {
    FUZZ_CHECK(!e.id.empty() && !e.question.empty() && !e.answer.empty());
    FUZZ_CHECK(e.line >= 1);
    if (e.scope == "partner") FUZZ_CHECK(!e.partner.empty());
    if (e.scope == "product") FUZZ_CHECK(!e.product.empty());
    for (const std::string& f : faq_required_facts(e)) FUZZ_CHECK(!f.empty());
  }
  std::vector<FaqTurn> history;
  nlohmann::json h = nlohmann::json::parse(parts[2], nullptr, false);
  if (!h.is_discarded()) {
    auto parsed = parse_faq_history(h);
    if (parsed) history = std::move(*parsed);
  }
  FaqAskOptions options;
  options.top = 1 + ((flags >> 1) & 3);
  if (!fuzz::valid_utf8(parts[1])) return 0;
  FaqAnswer a = faq_ask(*kb, parts[1], history, options);
  FUZZ_CHECK(a.hits.size() <= static_cast<size_t>(options.top));
  for (size_t i = 0; i < a.hits.size(); i++) {
    const FaqHit& hit = a.hits[i];
    FUZZ_CHECK(hit.entry >= 0 && static_cast<size_t>(hit.entry) < kb->entries.size());
    FUZZ_CHECK(std::isfinite(hit.score) && std::isfinite(hit.normalized));
    if (i > 0) FUZZ_CHECK(hit.score <= a.hits[i - 1].score);
  }
  FUZZ_CHECK(std::isfinite(a.confidence) && a.confidence >= 0 && a.confidence <= 1 + 1e-9);
  FUZZ_CHECK(std::isfinite(a.margin));
  FUZZ_CHECK(!a.answer.empty());
  if (a.handover) FUZZ_CHECK(a.source == "handover");
  FaqAnswer b = faq_ask(*kb, parts[1], history, options);
  FUZZ_CHECK(b.answer == a.answer && b.hits.size() == a.hits.size() && b.confidence == a.confidence);
  nlohmann::json j = faq_answer_to_json(*kb, a);
  (void)j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (!a.hits.empty()) {
    (void)faq_grounding_input(*kb, a);
    std::vector<std::string> why;
    (void)faq_pick_generated(*kb, a, {a.answer, std::string(parts[1])}, &why);
  }
  return 0;
}
