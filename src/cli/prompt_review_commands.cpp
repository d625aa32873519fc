// `plume review add|list|export`: human review decisions in a JSON-lines store (one decision per
// line; docs/review.md). Logic lives in src/prompt/review*.h; this file reads, stamps the time,
// appends and prints.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/command.h"
#include "cli/files.h"
#include "prompt/review_store.h"
#include "prompt/template_library.h"

using namespace plume;
using nlohmann::json;
using plume::cli::fail;
using plume::cli::dump_json;
using plume::cli::read_json;
using plume::cli::read_text;

namespace {

// A store that does not exist yet is empty (review add creates it).
Result<std::vector<prompt::ReviewDecision>> read_store(const std::string& path, bool may_be_missing) {
  std::error_code ec;
  if (may_be_missing && !std::filesystem::exists(path, ec)) return std::vector<prompt::ReviewDecision>{};
  auto text = read_text(path);
  if (!text) return text.error();
  return prompt::parse_review_jsonl(*text, path);
}

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int cmd_review_add(int argc, char** argv, int first) {
  auto a = cli::Args::parse(argc, argv, first,
                            {"store", "decision", "id", "action", "template", "lang", "data", "candidate", "edited",
                             "reason", "note", "reviewer", "score", "time", "variant"},
                            {"json"});
  if (!a) return fail(a.error().message);
  if (!a->has("store")) return fail("missing --store FILE.jsonl");
  json d;
  if (a->has("decision")) {
    // A whole decision as JSON; flags given as well override its keys.
    auto j = read_json(a->str("decision"));
    if (!j) return fail(j.error().message);
    d = *j;
    if (!d.is_object()) return fail(a->str("decision") + ": a decision must be a JSON object");
  } else {
    d = json::object();
  }
  for (const auto& [flag, key] : std::map<std::string, std::string>{{"id", "id"}, {"action", "action"}, {"template", "template"},
                                                                    {"lang", "language"}, {"candidate", "candidate"},
                                                                    {"edited", "edited"}, {"reviewer", "reviewer"},
                                                                    {"time", "time"}, {"variant", "variant"}})
    if (a->has(flag)) d[key] = a->str(flag);
  if (a->has("data")) {
    auto j = read_json(a->str("data"));
    if (!j) return fail(j.error().message);
    d["input"] = j->is_object() && j->contains("input") ? (*j)["input"] : *j;  // fields, or a whole write request
  }
  if (a->has("score")) {
    auto j = read_json(a->str("score"));
    if (!j) return fail(j.error().message);
    d["score"] = *j;
  }
  if (a->has("reason") || a->has("note")) {
    json r = d.contains("reason") && d["reason"].is_object() ? d["reason"] : json::object();
    if (a->has("reason")) r["code"] = a->str("reason");
    if (a->has("note")) r["note"] = a->str("note");
    d["reason"] = r;
  }
  if (!d.contains("time")) d["time"] = utc_now();
  if (!d.contains("language") && d.contains("template") && d["template"].is_string()) {
    const std::string t = d["template"].get<std::string>();  // "sms.zh" says its language
    if (t.size() > 3 && (t.compare(t.size() - 3, 3, ".zh") == 0 || t.compare(t.size() - 3, 3, ".en") == 0))
      d["language"] = t.substr(t.size() - 2);
  }
  const std::string store_path = a->str("store");
  auto store = read_store(store_path, true);
  if (!store) return fail(store.error().message);
  auto added = prompt::add_review_decision(&*store, d, "decision");
  if (!added) return fail(added.error().message);
  std::ofstream out(store_path, std::ios::binary | std::ios::app);
  if (!out) return fail("cannot write '" + store_path + "'");
  out << dump_json(prompt::review_decision_to_json(*added)) << "\n";
  if (!out.flush()) return fail("cannot write '" + store_path + "'");
  if (a->has("json")) std::printf("%s\n", dump_json(prompt::review_decision_to_json(*added)).c_str());
  else std::printf("%s: %s %s (%s), %zu decisions in %s\n", added->id.c_str(), prompt::review_action_name(added->action),
                   added->template_name.c_str(), added->reviewer.c_str(), store->size(), store_path.c_str());
  return 0;
}

int cmd_review_list(int argc, char** argv, int first) {
  auto a = cli::Args::parse(argc, argv, first, {"store", "action", "template", "lang", "reviewer", "variant", "reason"}, {"json"});
  if (!a) return fail(a.error().message);
  if (!a->has("store")) return fail("missing --store FILE.jsonl");
  auto store = read_store(a->str("store"), false);
  if (!store) return fail(store.error().message);
  json filter = json::object();
  for (const auto& [flag, key] : std::map<std::string, std::string>{{"action", "action"}, {"template", "template"},
                                                                    {"lang", "language"}, {"reviewer", "reviewer"},
                                                                    {"variant", "variant"}, {"reason", "reason"}})
    if (a->has(flag)) filter[key] = a->str(flag);
  auto list = prompt::filter_reviews(*store, filter);
  if (!list) return fail(list.error().message);
  if (a->has("json")) {
    std::printf("%s\n", dump_json(prompt::review_store_json(*list)).c_str());
    return 0;
  }
  for (const prompt::ReviewDecision& d : *list) {
    std::printf("%-6s %-8s %-26s %-12s %s  %s%s%s\n", d.id.c_str(), prompt::review_action_name(d.action),
                d.template_name.c_str(), d.reviewer.c_str(), d.time.c_str(), d.reason_code.c_str(),
                d.reason_note.empty() ? "" : ": ", d.reason_note.c_str());
    std::printf("       %s\n", d.final_text().c_str());
  }
  std::printf("%zu of %zu decisions\n", list->size(), store->size());
  return 0;
}

Result<std::map<std::string, std::string>> read_template_folder(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return make_error("template folder '", dir, "' does not exist (use --templates DIR)");
  std::map<std::string, std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (!e.is_regular_file()) continue;
    auto text = read_text(e.path().string());
    if (!text) return text.error();
    files[e.path().filename().string()] = std::move(*text);
  }
  return files;
}

int cmd_review_export(int argc, char** argv, int first) {
  auto a = cli::Args::parse(argc, argv, first, {"store", "as", "template", "templates", "out"}, {});
  if (!a) return fail(a.error().message);
  if (!a->has("store")) return fail("missing --store FILE.jsonl");
  const std::string as = a->str("as");
  if (as != "examples" && as != "finetune") return fail("--as must be examples (few-shot examples for plume write --examples) or finetune (JSON lines for plume finetune)");
  auto store = read_store(a->str("store"), false);
  if (!store) return fail(store.error().message);
  std::string text;
  size_t count = 0;
  if (as == "examples") {
    if (!a->has("template")) return fail("--as examples needs --template NAME (a full name such as sms.zh)");
    json ex = prompt::review_examples(*store, a->str("template"));
    count = ex["examples"].size();
    text = ex.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  } else {
    auto files = read_template_folder(a->str("templates", "templates"));
    if (!files) return fail(files.error().message);
    auto lib = prompt::load_library(*files);
    if (!lib) return fail(lib.error().message);
    auto find = [&](const std::string& name) { return prompt::find_template(*lib, name, "en"); };
    auto pairs = prompt::review_finetune_pairs(*store, a->str("template", ""), find);
    if (!pairs) return fail(pairs.error().message);
    count = pairs->size();
    text = prompt::finetune_jsonl(*pairs);
  }
  if (!a->has("out")) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  std::ofstream out(a->str("out"), std::ios::binary);
  if (!out || !out.write(text.data(), static_cast<std::streamsize>(text.size()))) return fail("cannot write '" + a->str("out") + "'");
  std::fprintf(stderr, "%zu %s written to %s\n", count, as == "examples" ? "examples" : "fine-tuning pairs", a->str("out").c_str());
  return 0;
}

cli::Register review_add({"review add",
                          "review add --store FILE.jsonl (--decision D.json | --action approve|edit|reject --template NAME.LANG\n"
                          "        --data FIELDS.json --candidate TEXT [--edited TEXT] [--reason CODE] [--note TEXT] --reviewer NAME)\n"
                          "        [--score S.json] [--time ISO] [--id ID] [--variant V] [--json]   records a review decision",
                          cmd_review_add});
cli::Register review_list({"review list",
                           "review list --store FILE.jsonl [--action A] [--template T] [--lang L] [--reviewer R] [--reason CODE] [--json]",
                           cmd_review_list});
cli::Register review_export({"review export",
                             "review export --store FILE.jsonl --as examples|finetune [--template NAME.LANG] [--templates DIR]\n"
                             "        [--out FILE]   approved texts as few-shot examples (plume write --examples) or fine-tuning JSON lines",
                             cmd_review_export});

}  // namespace
