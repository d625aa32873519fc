// The human-review store (src/prompt/review_store.cpp): a JSON-lines store (byte 0 even) or the
// browser's {"format": "plume-review/1", "decisions": [...]} (odd); a second part is a filter.
// Invariants: errors name the file; an accepted store has unique ids and written back
// (review_jsonl / review_store_json) reads again to the same decisions; the latest decisions
// are a subset; filtering answers; approved texts become examples that parse_review_examples
// takes back, and fine-tuning pairs built with the real template library end with the
// completion's text; a decision added without an id gets a fresh one.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "fuzz_input.h"
#include "prompt/review_store.h"

using namespace plume;
using namespace plume::prompt;
using nlohmann::json;

namespace {
const std::vector<PromptTemplate>& library() {
  static const std::vector<PromptTemplate> lib = [] {
    std::map<std::string, std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(PLUME_SOURCE_DIR "/templates/")) {
      if (!e.is_regular_file()) continue;
      std::ifstream in(e.path(), std::ios::binary);
      files[e.path().filename().string()] = std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    auto l = load_library(files);
    if (!l) {
      std::fprintf(stderr, "template library: %s\n", l.error().message.c_str());
      std::abort();
    }
    return std::move(*l);
  }();
  return lib;
}

std::vector<json> as_json(const std::vector<ReviewDecision>& ds) {
  std::vector<json> out;
  for (const ReviewDecision& d : ds) out.push_back(review_decision_to_json(d));
  return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  auto parts = fuzz::split_parts(data + 1, size - 1, 2);
  Result<std::vector<ReviewDecision>> store = make_error("unset");
  if (data[0] & 1) {
    json j = json::parse(parts[0], nullptr, false);
    if (j.is_discarded()) return 0;
    store = parse_review_store(j, "reviews");
  } else {
    store = parse_review_jsonl(parts[0], "reviews.jsonl");
  }
  if (!store) {
    FUZZ_CHECK(store.error().message.find("reviews") != std::string::npos);
    return 0;
  }
  const std::vector<ReviewDecision>& ds = *store;
  std::set<std::string> ids;
  for (const ReviewDecision& d : ds) FUZZ_CHECK(d.id.empty() || ids.insert(d.id).second);

  auto lines = parse_review_jsonl(review_jsonl(ds), "again.jsonl");
  FUZZ_CHECK(lines.ok());
  FUZZ_CHECK(as_json(*lines) == as_json(ds));
  auto stored = parse_review_store(review_store_json(ds), "again");
  FUZZ_CHECK(stored.ok());
  FUZZ_CHECK(as_json(*stored) == as_json(ds));

  FUZZ_CHECK(latest_reviews(ds).size() <= ds.size());
  json filter = json::parse(parts[1], nullptr, false);
  if (!filter.is_discarded()) {
    auto f = filter_reviews(ds, filter);
    if (f) FUZZ_CHECK(f->size() <= ds.size());
    else FUZZ_CHECK(!f.error().message.empty());
  }

  std::set<std::string> templates;
  for (const ReviewDecision& d : ds) templates.insert(d.template_name);
  for (const std::string& t : templates) {
    json ex = review_examples(ds, t);
    auto back = parse_review_examples(ex, t, "examples");
    FUZZ_CHECK(back.ok());
  }
  const auto& lib = library();
  TemplateLookup find = [&lib](const std::string& name) -> Result<const PromptTemplate*> {
    for (const PromptTemplate& t : lib)
      if (t.name == name) return &t;
    return make_error("no template ", name);
  };
  auto pairs = review_finetune_pairs(ds, "", find);
  if (pairs) (void)finetune_jsonl(*pairs);

  if (!ds.empty()) {
    std::vector<ReviewDecision> copy = ds;
    json d = review_decision_to_json(ds[0]);
    d.erase("id");
    auto added = add_review_decision(&copy, d, "add");
    FUZZ_CHECK(added.ok());
    FUZZ_CHECK(ids.count(added->id) == 0 && !added->id.empty());
    FUZZ_CHECK(copy.size() == ds.size() + 1);
  }
  return 0;
}
