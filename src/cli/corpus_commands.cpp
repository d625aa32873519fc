// `plume clean` and `plume bpe-train`: the corpus tools (src/train/clean.h, src/train/bpe_train.h).
// Argument parsing, file I/O and printing only.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/command.h"
#include "train/bpe_train.h"
#include "train/clean.h"

using namespace plume;
using nlohmann::json;
using plume::cli::fail;

namespace {

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot open '", path, "'");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Status write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return make_error("cannot write '", path, "'");
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) return make_error("writing '", path, "' failed");
  return {};
}

json report_json(const CleanReport& r) {
  json removed = json::object();
  for (int k = 0; k < kRemovalReasonCount; ++k)
    removed[removal_reason_name(static_cast<RemovalReason>(k))] = r.removed_by[k];
  json removals = json::array();
  for (const Removal& m : r.removals)
    removals.push_back({{"index", m.index}, {"reason", removal_reason_name(m.reason)}, {"detail", m.detail}});
  return {{"input", r.input}, {"kept", r.kept}, {"removed", removed},
          {"changed", {{"repaired_utf8", r.repaired_utf8}, {"html_stripped", r.html_stripped},
                       {"nfc", r.nfc_changed}, {"whitespace", r.whitespace_changed}}},
          {"bytes_in", r.bytes_in}, {"bytes_out", r.bytes_out}, {"removals", removals}};
}

int cmd_clean(int argc, char** argv, int first) {
  auto args = cli::Args::parse(argc, argv, first, {"in", "out", "lang", "split", "min-chars", "max-chars"},
                               {"json-report", "keep-html", "keep-duplicates"});
  if (!args) return fail(args.error().message);
  auto in = args->required("in");
  if (!in) return fail(in.error().message);
  auto out = args->required("out");
  if (!out) return fail(out.error().message);
  CleanOptions o;
  o.language = args->str("lang");
  auto min_chars = args->integer("min-chars", static_cast<int64_t>(o.min_chars));
  if (!min_chars) return fail(min_chars.error().message);
  auto max_chars = args->integer("max-chars", static_cast<int64_t>(o.max_chars));
  if (!max_chars) return fail(max_chars.error().message);
  if (*min_chars < 0 || *max_chars < 0) return fail("--min-chars and --max-chars must not be negative");
  o.min_chars = static_cast<size_t>(*min_chars);
  o.max_chars = static_cast<size_t>(*max_chars);
  o.strip_html = !args->has("keep-html");
  o.remove_duplicates = o.remove_near_duplicates = !args->has("keep-duplicates");
  std::string split = args->str("split", "eot");

  auto text = read_text(*in);
  if (!text) return fail(text.error().message);
  auto docs = split_texts(*text, split);
  if (!docs) return fail("--split: " + docs.error().message);
  auto result = clean_texts(*docs, o);
  if (!result) return fail(result.error().message);
  std::string separator = split == "eot" ? "<|endoftext|>" : split == "line" ? "\n" : "\n\n";
  std::string joined;
  for (const std::string& t : result->texts) {
    joined += t;
    joined += separator;
  }
  if (auto written = write_text(*out, joined); !written.ok()) return fail(written.error().message);

  const CleanReport& r = result->report;
  if (args->has("json-report")) {
    std::cout << dump(report_json(r)) << "\n";
  } else {
    std::cout << *out << ": kept " << r.kept << " of " << r.input << " texts";
    for (int k = 0; k < kRemovalReasonCount; ++k)
      if (r.removed_by[k]) std::cout << ", " << removal_reason_name(static_cast<RemovalReason>(k)) << " " << r.removed_by[k];
    std::cout << "\n";
  }
  return 0;
}

int cmd_bpe_train(int argc, char** argv, int first) {
  auto args = cli::Args::parse(argc, argv, first, {"corpus", "vocab-size", "out", "min-count", "eval", "name"},
                               {"json", "quiet"});
  if (!args) return fail(args.error().message);
  auto corpus_path = args->required("corpus");
  if (!corpus_path) return fail(corpus_path.error().message);
  auto out = args->required("out");
  if (!out) return fail(out.error().message);
  auto vocab = args->integer("vocab-size", 6000);
  if (!vocab) return fail(vocab.error().message);
  auto min_count = args->integer("min-count", 2);
  if (!min_count) return fail(min_count.error().message);
  if (*vocab < 257 || *vocab > 1000000) return fail("--vocab-size must be between 257 and 1000000");

  auto corpus = read_text(*corpus_path);
  if (!corpus) return fail(corpus.error().message);
  BpeTrainOptions o;
  o.vocab_size = static_cast<int32_t>(*vocab);
  o.min_pair_count = *min_count;
  bool quiet = args->has("quiet") || args->has("json");
  o.on_progress = [quiet](int32_t done, int32_t wanted) {
    if (!quiet) std::fprintf(stderr, "\rmerges %d / %d", done, wanted);
    return true;
  };
  auto start = std::chrono::steady_clock::now();
  auto trained = train_bpe(*corpus, o);
  if (!quiet) std::fprintf(stderr, "\n");
  if (!trained) return fail(trained.error().message);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string name = args->str("name", "plume-bpe-" + std::to_string(trained->tokenizer.vocab_size()));
  auto bytes = tokenizer_to_gguf(trained->tokenizer, name);
  if (!bytes) return fail(bytes.error().message);
  std::string file(bytes->begin(), bytes->end());
  if (auto written = write_text(*out, file); !written.ok()) return fail(written.error().message);

  const BpeTrainStats& s = trained->stats;
  json j = {{"out", *out}, {"vocab_size", trained->tokenizer.vocab_size()}, {"merges", s.merges},
            {"documents", s.documents}, {"bytes", s.bytes}, {"pretokens", s.pretokens},
            {"unique_pretokens", s.unique_pretokens}, {"last_merge_count", s.last_merge_count},
            {"seconds", seconds}, {"bytes_per_token", {{"corpus", bytes_per_token(trained->tokenizer, *corpus)}}}};
  for (const std::string& path : args->all("eval")) {
    auto text = read_text(path);
    if (!text) return fail("--eval: " + text.error().message);
    j["bytes_per_token"][path] = bytes_per_token(trained->tokenizer, *text);
  }
  if (args->has("json")) {
    std::cout << dump(j) << "\n";
  } else {
    std::cout << *out << ": " << j["vocab_size"] << " tokens (" << s.merges << " merges) from " << s.documents
              << " documents, " << s.bytes << " bytes in " << seconds << " s\n";
    for (auto it = j["bytes_per_token"].begin(); it != j["bytes_per_token"].end(); ++it)
      std::cout << "  bytes/token " << it.key() << ": " << it.value().get<double>() << "\n";
  }
  return 0;
}

cli::Register clean_command({"clean",
                             "clean --in FILE --out FILE [--lang en|zh] [--split eot|line|blank] [--min-chars N]\n"
                             "      [--max-chars N] [--keep-html] [--keep-duplicates] [--json-report]",
                             cmd_clean});
cli::Register bpe_command({"bpe-train",
                           "bpe-train --corpus FILE --vocab-size N --out tokenizer.gguf [--min-count N]\n"
                           "      [--eval FILE]... [--name NAME] [--json] [--quiet]",
                           cmd_bpe_train});

}  // namespace
