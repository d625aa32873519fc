// `plume eco validate / import / segment / interactions` (also spelled `plume ecosystem ...`):
// the ecosystem's commands. Reading files, parsing flags and printing only; the work is
// src/ecosystem's.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/command.h"
#include "ecosystem/analysis.h"
#include "ecosystem/ecosystem_json.h"
#include "ecosystem/import.h"
#include "ecosystem/manifest.h"
#include "ecosystem/partner_view.h"

using namespace plume;
using namespace plume::ecosystem;
using nlohmann::json;
using plume::cli::fail;

namespace {

const std::set<std::string> kFlags = {"manifest", "catalog", "customers", "events", "segment", "condition", "tz",
                                      "as-of", "top", "members", "out", "chunk", "partner", "campaigns", "k"};
const std::set<std::string> kSwitches = {"json", "rfm", "strict-users"};

std::string dump(const json& j, int indent = -1) { return j.dump(indent, ' ', false, json::error_handler_t::replace); }

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot open '", path, "'");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct Workspace {
  std::optional<Manifest> manifest;
  Store store;
  json imports = json::array();
  double seconds = 0;
};

// Streams one file through an Importer in chunks (the same path the browser takes).
Status import_file(Workspace& w, ImportKind kind, const std::string& path, const cli::Args& a, size_t chunk) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot open '", path, "'");
  ImportOptions o;
  o.manifest = w.manifest ? &*w.manifest : nullptr;
  o.create_unknown_customers = !a.has("strict-users");
  if (path.size() > 5 && path.substr(path.size() - 5) == ".json") o.format = ImportFormat::kJson;
  Importer importer(kind, w.store, o);
  std::string buf(chunk, '\0');
  auto t0 = std::chrono::steady_clock::now();
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    std::streamsize n = in.gcount();
    if (n <= 0) break;
    if (Status s = importer.feed(std::string_view(buf.data(), static_cast<size_t>(n))); !s)
      return make_error(path, ": ", s.error().message);
  }
  auto summary = importer.finish();
  if (!summary) return make_error(path, ": ", summary.error().message);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  w.seconds += seconds;
  json j = summary_to_json(*summary);
  j["file"] = path;
  j["seconds"] = seconds;
  w.imports.push_back(j);
  return {};
}

Result<Workspace> load(const cli::Args& a, bool need_data) {
  Workspace w;
  if (a.has("manifest")) {
    auto text = read_file(a.str("manifest"));
    if (!text) return text.error();
    auto m = load_manifest(*text);
    if (!m) return make_error(a.str("manifest"), ": ", m.error().message);
    w.manifest = std::move(*m);
  }
  auto chunk = a.integer("chunk", 1 << 20);
  if (!chunk) return chunk.error();
  if (*chunk < 1 || *chunk > (1 << 30)) return make_error("--chunk must be between 1 and 1073741824 bytes");
  if (need_data && !a.has("catalog") && !a.has("customers") && !a.has("events"))
    return make_error("give at least one of --catalog, --customers, --events");
  // Catalogs first, then customers, then events: events resolve their users against customers.
  for (auto [flag, kind] : {std::pair{"catalog", ImportKind::kCatalog}, std::pair{"customers", ImportKind::kCustomers},
                            std::pair{"events", ImportKind::kEvents}})
    for (const std::string& path : a.all(flag))
      if (Status s = import_file(w, kind, path, a, static_cast<size_t>(*chunk)); !s) return s.error();
  return w;
}

int cmd_validate(const cli::Args& a) {
  auto path = a.required("manifest");
  if (!path) return fail(path.error().message);
  auto text = read_file(*path);
  if (!text) return fail(text.error().message);
  ManifestCheck check = check_manifest_text(*text);
  if (a.has("json")) {
    std::cout << dump(check_to_json(check)) << "\n";
    return check.ok() ? 0 : 1;
  }
  if (check.ok()) {
    const Manifest& m = check.manifest;
    std::cout << *path << ": valid (" << m.partners.size() << " partners, " << m.channels.size() << " channels, "
              << m.segments.size() << " segments)\n";
    return 0;
  }
  for (const std::string& e : check.errors) std::cerr << *path << ": " << e << "\n";
  if (check.truncated) std::cerr << *path << ": ... (more errors not shown)\n";
  return fail(std::to_string(check.errors.size()) + (check.truncated ? "+" : "") + " problem(s) in the manifest");
}

int cmd_import(const cli::Args& a) {
  auto w = load(a, true);
  if (!w) return fail(w.error().message);
  json out = {{"store", store_counts_json(w->store)}, {"imports", w->imports}, {"seconds", w->seconds}};
  if (a.has("json")) {
    std::cout << dump(out) << "\n";
    return 0;
  }
  for (const json& i : w->imports)
    std::cout << i["file"].get<std::string>() << ": " << i["kind"].get<std::string>() << ", " << i["rows"] << " rows, "
              << i["added"] << " added, " << i["updated"] << " updated, " << i["unified"] << " unified, "
              << i["customers_created"] << " customers from events (" << i["seconds"].get<double>() << " s)\n";
  std::cout << "store: " << dump(out["store"]) << "\n";
  return 0;
}

Result<AnalysisOptions> options_from_flags(const cli::Args& a, const Workspace& w) {
  json o = json::object();
  if (a.has("tz")) o["tz"] = a.str("tz");
  if (a.has("as-of")) o["as_of"] = a.str("as-of");
  return analysis_options_from_json(o, w.manifest ? &*w.manifest : nullptr);
}

int cmd_segment(const cli::Args& a) {
  auto w = load(a, true);
  if (!w) return fail(w.error().message);
  auto options = options_from_flags(a, *w);
  if (!options) return fail(options.error().message);
  Analysis analysis = analyze_customers(w->store, *options);
  json out;
  if (a.has("rfm")) {
    out = {{"rfm", rfm_to_json(analysis)}};
  } else {
    json condition;
    std::string name;
    if (a.has("segment")) {
      if (!w->manifest) return fail("--segment needs --manifest (segments are defined there)");
      const Segment* s = w->manifest->segment(a.str("segment"));
      if (!s) {
        std::string ids;
        for (const Segment& x : w->manifest->segments) ids += (ids.empty() ? "" : ", ") + x.id;
        return fail("no segment '" + a.str("segment") + "' in the manifest (" + ids + ")");
      }
      condition = s->condition;
      name = s->id;
    } else if (a.has("condition")) {
      condition = json::parse(a.str("condition"), nullptr, false);
      if (condition.is_discarded()) return fail("--condition is not valid JSON");
      name = "condition";
    } else {
      return fail("give --segment NAME, --condition JSON or --rfm");
    }
    auto members = segment_members(w->store, analysis, condition);
    if (!members) return fail("segment " + name + ": " + members.error().message);
    auto top = a.integer("top", 5);
    auto show = a.integer("members", 10);
    if (!top || !show) return fail((!top ? top : show).error().message);
    SegmentInsights ins = segment_insights(w->store, analysis, *members, *options, static_cast<size_t>(std::max<int64_t>(*top, 0)));
    json ids = json::array();
    for (size_t i = 0; i < members->size() && static_cast<int64_t>(i) < *show; i++)
      ids.push_back(w->store.customers[static_cast<size_t>((*members)[i])].id);
    out = {{"segment", name}, {"insights", insights_to_json(ins, options->tz_offset_minutes)}, {"members", ids}};
  }
  std::cout << dump(out, a.has("json") ? -1 : 2) << "\n";
  return 0;
}

int cmd_interactions(const cli::Args& a) {
  auto path = a.required("out");
  if (!path) return fail(path.error().message);
  auto w = load(a, true);
  if (!w) return fail(w.error().message);
  recommend::Dataset d = interactions_from_events(w->store);
  std::ofstream out(*path, std::ios::binary);
  if (!out) return fail("cannot write '" + *path + "'");
  out << "user,item,value,timestamp\n";
  auto quote = [](const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  for (const recommend::Interaction& r : d.rows)
    out << quote(d.users.name(r.user)) << ',' << quote(d.items.name(r.item)) << ',' << r.value << ',' << r.timestamp << '\n';
  std::fprintf(stderr, "wrote %s (%zu interactions, %d customers, %d items)\n", path->c_str(), d.rows.size(), d.users.size(), d.items.size());
  return 0;
}

// A partner's scoped view (ecosystem/partner_view.h): only what its data_scope permits.
int cmd_partner_view(const cli::Args& a) {
  if (!a.has("manifest")) return fail("missing --manifest (the partners and their data_scope)");
  if (!a.has("partner")) return fail("missing --partner ID");
  auto w = load(a, false);
  if (!w) return fail(w.error().message);
  json campaigns = json::array();
  if (a.has("campaigns")) {
    auto text = read_file(a.str("campaigns"));
    if (!text) return fail(text.error().message);
    campaigns = json::parse(*text, nullptr, false);
    if (campaigns.is_discarded()) return fail(a.str("campaigns") + ": not valid JSON");
  }
  PartnerViewOptions o;
  o.tz_offset_minutes = w->manifest->timezone_minutes;
  auto k = a.integer("k", o.k);
  if (!k) return fail(k.error().message);
  o.k = static_cast<int>(std::clamp<int64_t>(*k, -1, 1 << 30));
  auto view = build_partner_view(w->store, *w->manifest, a.str("partner"), campaigns, o);
  if (!view) return fail(view.error().message);
  json out = partner_view_to_json(*view);
  if (a.has("json")) {
    std::printf("%s\n", dump(out).c_str());
    return 0;
  }
  std::printf("%s\n", dump(out, 2).c_str());
  return 0;
}

template <class Body>
std::function<int(int, char**, int)> with_args(Body body) {
  return [body](int argc, char** argv, int first) {
    auto args = cli::Args::parse(argc, argv, first, kFlags, kSwitches);
    if (!args) return fail(args.error().message);
    return body(*args);
  };
}

const char* kData = "[--manifest FILE] [--catalog FILE.csv|json]... [--customers FILE.csv]... [--events FILE.csv]...\n"
                    "          [--strict-users] [--chunk BYTES]";

cli::Register validate_cmd({"eco validate", "eco validate --manifest FILE.json [--json]   (also: plume ecosystem validate)",
                            with_args(cmd_validate)});
cli::Register validate_long_cmd({"ecosystem validate", "ecosystem validate --manifest FILE.json [--json]", with_args(cmd_validate)});
cli::Register import_cmd({"eco import", std::string("eco import ") + kData + " [--json]", with_args(cmd_import)});
cli::Register segment_cmd({"eco segment", std::string("eco segment ") + kData +
                                              "\n          --segment NAME | --condition JSON | --rfm  [--tz +08:00] [--as-of DATE] [--top 5]"
                                              " [--members 10] [--json]",
                           with_args(cmd_segment)});
cli::Register partner_view_cmd({"eco partner-view", std::string("eco partner-view ") + kData +
                                                        "\n          --partner ID [--campaigns FILE.json] [--k 5] [--json]"
                                                        "   (only what the partner's data_scope permits)",
                                 with_args(cmd_partner_view)});
cli::Register interactions_cmd({"eco interactions", std::string("eco interactions ") + kData +
                                                        " --out FILE.csv   (for plume recommend evaluate --data)",
                                with_args(cmd_interactions)});

}  // namespace
