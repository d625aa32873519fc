// Embind: the ecosystem (manifest, streaming imports, segments, RFM, interactions) for
// web/ecosystem.js. JSON strings in, a JSON string out ({"ok":true,...} or {"ok":false,
// "error":"..."}); the work is src/ecosystem's. A workspace (manifest + imported data) lives in
// the engine between calls, so the page can stream a 100 MB file in chunks; it is addressed by
// a number and freed with ecoFree.
//   ecoValidateManifest(text)                 -> {"valid","errors":[...],"truncated","summary"?}
//   ecoCreate(manifestText)                    -> {"workspace":N}   ("" = no manifest)
//   ecoFree(workspace)                         -> {}
//   ecoImportBegin(workspace, kind, optionsJson) -> {"import":N}   kind: catalog|customers|events;
//                                                 options {"format":"csv"|"json","createUnknownCustomers":bool}
//   ecoImportFeed(import, bytes)               -> {"progress":{"bytes","rows","line"}}  (Uint8Array or string)
//   ecoImportFinish(import)                    -> {"summary":{...},"store":{...}}  (commits; the import is closed)
//   ecoImportAbort(import)                     -> {}   (nothing was committed)
//   ecoCounts(workspace)                       -> {"store":{...}}
//   ecoSegment(workspace, optionsJson)         -> {"segment","count","members":[ids],"insights":{...}}
//                                                 options {"segment":ID | "condition":{...}, "tz","as_of","top","members"}
//   ecoRfm(workspace, optionsJson)             -> {"rfm":{...}}
//   ecoCustomer(workspace, id, optionsJson)    -> {"attributes":{...}}   (what a segment condition sees)
//   ecoInteractions(workspace, weightsJson)    -> {"rows":[[user,item,value,timestamp],...]}
//   ecoProducts(workspace)                     -> {"products":[{id,title,description,price,currency,category,
//                                                 brand,link,image_link,availability,partner}]} (the catalog)
//   ecoFindProducts(workspace, optionsJson) -> {"total","products":[{id,title,category,brand,price,
//                                                 currency,availability,partner}]}  options {"ids"?:[...], "limit"?}
//   ecoPartnerView(workspace, partnerId, optionsJson) -> {"view":{...}}  only what the partner's
//                                                 data_scope permits (ecosystem/partner_view.h);
//                                                 options {"campaigns":[...], "k":5}
#include <emscripten/bind.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "ecosystem/analysis.h"
#include "ecosystem/ecosystem_json.h"
#include "ecosystem/import.h"
#include "ecosystem/manifest.h"
#include "ecosystem/partner_view.h"
#include "wasm/reply.h"

using nlohmann::json;
using namespace plume::ecosystem;

namespace plume {
namespace {

using wasm::dump;
using wasm::failure;
using wasm::reply;

struct Workspace {
  std::optional<Manifest> manifest;
  Store store;
};
struct OpenImport {
  int workspace;
  std::unique_ptr<Importer> importer;
};

// The engine's open workspaces and imports (handles held by the page).
std::map<int, std::unique_ptr<Workspace>>& workspaces() {
  static std::map<int, std::unique_ptr<Workspace>> w;
  return w;
}
std::map<int, OpenImport>& imports() {
  static std::map<int, OpenImport> i;
  return i;
}
int next_handle() {
  static int n = 0;
  return ++n;
}

Workspace* find_workspace(int id) {
  auto it = workspaces().find(id);
  return it == workspaces().end() ? nullptr : it->second.get();
}

bool parse_options(const std::string& text, json* out, std::string* error) {
  if (text.empty()) { *out = json::object(); return true; }
  *out = json::parse(text, nullptr, false);
  if (out->is_discarded() || !out->is_object()) { *error = "the options are not a JSON object"; return false; }
  return true;
}

std::string eco_validate_manifest(const std::string& text) { return reply(check_to_json(check_manifest_text(text))); }

std::string eco_create(const std::string& manifest_text) {
  auto w = std::make_unique<Workspace>();
  if (!manifest_text.empty()) {
    auto m = load_manifest(manifest_text);
    if (!m) return failure(m.error().message);
    w->manifest = std::move(*m);
  }
  int id = next_handle();
  workspaces()[id] = std::move(w);
  return reply(json{{"workspace", id}});
}

std::string eco_free(int workspace) {
  for (auto it = imports().begin(); it != imports().end();)
    it = it->second.workspace == workspace ? imports().erase(it) : std::next(it);
  workspaces().erase(workspace);
  return reply(json::object());
}

std::string eco_import_begin(int workspace, const std::string& kind_name, const std::string& options_json) {
  Workspace* w = find_workspace(workspace);
  if (!w) return failure(make_error("no workspace ", workspace, " (it was freed or never created)"));
  auto kind = parse_import_kind(kind_name);
  if (!kind) return failure(kind.error().message);
  json o;
  std::string error;
  if (!parse_options(options_json, &o, &error)) return failure(error);
  ImportOptions options;
  options.manifest = w->manifest ? &*w->manifest : nullptr;
  for (auto it = o.begin(); it != o.end(); ++it) {
    if (it.key() == "format") {
      std::string f = it->is_string() ? it->get<std::string>() : "";
      if (f != "csv" && f != "json") return failure(make_error("format: expected \"csv\" or \"json\""));
      options.format = f == "json" ? ImportFormat::kJson : ImportFormat::kCsv;
    } else if (it.key() == "createUnknownCustomers") {
      if (!it->is_boolean()) return failure(make_error("createUnknownCustomers: expected true or false"));
      options.create_unknown_customers = it->get<bool>();
    } else {
      return failure(make_error("unknown import option '", it.key(), "' (format, createUnknownCustomers)"));
    }
  }
  // One import at a time per workspace: two would stage against the same starting state.
  for (const auto& kv : imports())
    if (kv.second.workspace == workspace) return failure(make_error("another import is still open on this workspace: finish or abort it first"));
  int id = next_handle();
  imports()[id] = OpenImport{workspace, std::make_unique<Importer>(*kind, w->store, options)};
  return reply(json{{"import", id}});
}

std::string eco_import_feed(int import, const std::string& bytes) {
  auto it = imports().find(import);
  if (it == imports().end()) return failure(make_error("no open import ", import));
  if (Status s = it->second.importer->feed(bytes); !s) {
    imports().erase(it);  // nothing was committed; the handle is closed
    return failure(s.error().message);
  }
  return reply(json{{"progress", progress_to_json(it->second.importer->progress())}});
}

std::string eco_import_finish(int import) {
  auto it = imports().find(import);
  if (it == imports().end()) return failure(make_error("no open import ", import));
  auto summary = it->second.importer->finish();
  Workspace* w = find_workspace(it->second.workspace);
  imports().erase(it);
  if (!summary) return failure(summary.error().message);
  return reply(json{{"summary", summary_to_json(*summary)}, {"store", store_counts_json(w->store)}});
}

std::string eco_import_abort(int import) {
  auto it = imports().find(import);
  if (it != imports().end()) {
    it->second.importer->abort();
    imports().erase(it);
  }
  return reply(json::object());
}

std::string eco_counts(int workspace) {
  Workspace* w = find_workspace(workspace);
  if (!w) return failure(make_error("no workspace ", workspace));
  return reply(json{{"store", store_counts_json(w->store)}});
}

// Reads the analysis part of the options (as_of, tz, ...) for a workspace.
bool analysis_for(Workspace* w, const json& o, AnalysisOptions* out, std::string* error) {
  json a = json::object();
  for (const char* k : {"as_of", "tz", "purchase_type", "engagement_types"})
    if (o.contains(k)) a[k] = o[k];
  auto options = analysis_options_from_json(a, w->manifest ? &*w->manifest : nullptr);
  if (!options) { *error = options.error().message; return false; }
  *out = *options;
  return true;
}

std::string eco_segment(int workspace, const std::string& options_json) {
  Workspace* w = find_workspace(workspace);
  if (!w) return failure(make_error("no workspace ", workspace));
  json o;
  std::string error;
  AnalysisOptions ao;
  if (!parse_options(options_json, &o, &error) || !analysis_for(w, o, &ao, &error)) return failure(error);
  for (auto it = o.begin(); it != o.end(); ++it)
    if (!std::set<std::string>{"segment", "condition", "top", "members", "as_of", "tz", "purchase_type", "engagement_types"}.count(it.key()))
      return failure(make_error("unknown segment option '", it.key(), "' (segment, condition, top, members, as_of, tz, purchase_type, engagement_types)"));
  json condition;
  std::string name;
  if (o.contains("segment")) {
    if (!o["segment"].is_string()) return failure(make_error("segment: expected a segment id"));
    name = o["segment"].get<std::string>();
    const Segment* s = w->manifest ? w->manifest->segment(name) : nullptr;
    if (!s) return failure(make_error("no segment '", name, "' in the manifest"));
    condition = s->condition;
  } else if (o.contains("condition")) {
    condition = o["condition"];
    name = "condition";
  } else {
    return failure(make_error("give a segment id (\"segment\") or a condition (\"condition\")"));
  }
  auto count_option = [&o](const char* key, int64_t fallback, int64_t* out) {
    if (!o.contains(key)) { *out = fallback; return true; }
    if (!o[key].is_number_integer() || o[key].get<int64_t>() < 0) return false;
    *out = o[key].get<int64_t>();
    return true;
  };
  int64_t top = 5, show = 100;
  if (!count_option("top", 5, &top)) return failure(make_error("top: expected a non-negative integer"));
  if (!count_option("members", 100, &show)) return failure(make_error("members: expected a non-negative integer"));
  Analysis analysis = analyze_customers(w->store, ao);
  auto members = segment_members(w->store, analysis, condition);
  if (!members) return failure(members.error().message);
  SegmentInsights ins = segment_insights(w->store, analysis, *members, ao, static_cast<size_t>(top));
  json ids = json::array();
  for (size_t i = 0; i < members->size() && static_cast<int64_t>(i) < show; i++)
    ids.push_back(w->store.customers[static_cast<size_t>((*members)[i])].id);
  return reply(json{{"segment", name}, {"count", members->size()}, {"members", ids},
                    {"insights", insights_to_json(ins, ao.tz_offset_minutes)}});
}

std::string eco_rfm(int workspace, const std::string& options_json) {
  Workspace* w = find_workspace(workspace);
  if (!w) return failure(make_error("no workspace ", workspace));
  json o;
  std::string error;
  AnalysisOptions ao;
  if (!parse_options(options_json, &o, &error) || !analysis_for(w, o, &ao, &error)) return failure(error);
  return reply(json{{"rfm", rfm_to_json(analyze_customers(w->store, ao))}});
}

std::string eco_customer(int workspace, const std::string& id, const std::string& options_json) {
  Workspace* w = find_workspace(workspace);
  if (!w) return failure(make_error("no workspace ", workspace));
  json o;
  std::string error;
  AnalysisOptions ao;
  if (!parse_options(options_json, &o, &error) || !analysis_for(w, o, &ao, &error)) return failure(error);
  auto it = w->store.customer_index.find(id);
  if (it == w->store.customer_index.end()) return failure(make_error("no customer '", id, "'"));
  Analysis analysis = analyze_customers(w->store, ao);
  return reply(json{{"attributes", customer_attributes(w->store, analysis, it->second)}});
}

// Products for display (the studio's recommendations, the widget bundle): the given ids in that
// order (unknown ids are skipped), or the catalog's first `limit` products.
std::string eco_find_products(int workspace, const std::string& options_json) {
  Workspace* w = find_workspace(workspace);
  if (!w) return failure(make_error("no workspace ", workspace));
  json o;
  std::string error;
  if (!parse_options(options_json, &o, &error)) return failure(error);
  for (auto it = o.begin(); it != o.end(); ++it)
    if (it.key() != "ids" && it.key() != "limit") return failure(make_error("unknown products option '", it.key(), "' (ids, limit)"));
  const auto& products = w->store.products;
  auto product_json = [](const Product& p) {
    return json{{"id", p.id}, {"title", p.title}, {"category", p.category}, {"brand", p.brand}, {"price", p.price},
                {"currency", p.currency}, {"availability", p.availability}, {"partner", p.partner}};
  };
  json list = json::array();
  if (o.contains("ids")) {
    if (!o["ids"].is_array()) return failure(make_error("ids: expected an array of product ids"));
    for (const json& id : o["ids"]) {
      if (!id.is_string()) return failure(make_error("ids: expected product ids (strings), got ", id.dump()));
      auto it = w->store.product_index.find(id.get<std::string>());
      if (it != w->store.product_index.end()) list.push_back(product_json(products[static_cast<size_t>(it->second)]));
    }
  } else {
    int64_t limit = 1000;
    if (o.contains("limit")) {
      if (!o["limit"].is_number_integer() || o["limit"].get<int64_t>() < 0) return failure(make_error("limit: expected a non-negative integer"));
      limit = o["limit"].get<int64_t>();
    }
    for (size_t i = 0; i < products.size() && static_cast<int64_t>(i) < limit; i++) list.push_back(product_json(products[i]));
  }
  return reply(json{{"total", products.size()}, {"products", list}});
}

std::string eco_interactions(int workspace, const std::string& weights_json) {
  Workspace* w = find_workspace(workspace);
  if (!w) return failure(make_error("no workspace ", workspace));
  json o;
  std::string error;
  if (!parse_options(weights_json, &o, &error)) return failure(error);
  std::map<std::string, float> weights = {{"view", 1.0f}, {"click", 2.0f}, {"add_to_cart", 3.0f}, {"purchase", 5.0f}};
  if (!o.empty()) {
    weights.clear();
    for (auto it = o.begin(); it != o.end(); ++it) {
      if (!it->is_number()) return failure(make_error("weight of '", it.key(), "': expected a number"));
      weights[it.key()] = it->get<float>();
    }
  }
  recommend::Dataset d = interactions_from_events(w->store, weights);
  json rows = json::array();
  for (const recommend::Interaction& r : d.rows) rows.push_back({d.users.name(r.user), d.items.name(r.item), r.value, r.timestamp});
  return reply(json{{"rows", rows}, {"users", d.users.size()}, {"items", d.items.size()}});
}

std::string eco_products(int workspace) {
  Workspace* w = find_workspace(workspace);
  if (!w) return failure(make_error("no workspace ", workspace));
  json products = json::array();
  for (const Product& p : w->store.products)
    products.push_back({{"id", p.id}, {"title", p.title}, {"description", p.description}, {"price", p.price},
                        {"currency", p.currency}, {"category", p.category}, {"brand", p.brand}, {"link", p.link},
                        {"image_link", p.image_link}, {"availability", p.availability}, {"partner", p.partner}});
  return reply(json{{"products", products}});
}

}  // namespace
}  // namespace plume

namespace plume {
namespace {

std::string eco_partner_view(int workspace, const std::string& partner_id, const std::string& options_json) {
  Workspace* w = find_workspace(workspace);
  if (!w) return failure(make_error("no workspace ", workspace, " (it was freed or never created)"));
  if (!w->manifest) return failure(make_error("a partner view needs a manifest (its partners' data_scope)"));
  json o;
  std::string error;
  if (!parse_options(options_json, &o, &error)) return failure(error);
  json campaigns = json::array();
  PartnerViewOptions options;
  options.tz_offset_minutes = w->manifest->timezone_minutes;
  for (auto it = o.begin(); it != o.end(); ++it) {
    if (it.key() == "campaigns") {
      campaigns = *it;
    } else if (it.key() == "k") {
      if (!it->is_number_integer() || it->get<int64_t>() < 0 || it->get<int64_t>() > (1 << 30))
        return failure(make_error("k: expected a whole number of customers"));
      options.k = it->get<int>();
    } else {
      return failure(make_error("unknown partner view option '", it.key(), "' (campaigns, k)"));
    }
  }
  auto view = build_partner_view(w->store, *w->manifest, partner_id, campaigns, options);
  if (!view) return failure(view.error().message);
  return reply(json{{"view", partner_view_to_json(*view)}});
}

}  // namespace
}  // namespace plume

EMSCRIPTEN_BINDINGS(plume_ecosystem) {
  emscripten::function("ecoPartnerView", &plume::eco_partner_view);
  emscripten::function("ecoValidateManifest", &plume::eco_validate_manifest);
  emscripten::function("ecoCreate", &plume::eco_create);
  emscripten::function("ecoFree", &plume::eco_free);
  emscripten::function("ecoImportBegin", &plume::eco_import_begin);
  emscripten::function("ecoImportFeed", &plume::eco_import_feed);
  emscripten::function("ecoImportFinish", &plume::eco_import_finish);
  emscripten::function("ecoImportAbort", &plume::eco_import_abort);
  emscripten::function("ecoCounts", &plume::eco_counts);
  emscripten::function("ecoSegment", &plume::eco_segment);
  emscripten::function("ecoRfm", &plume::eco_rfm);
  emscripten::function("ecoCustomer", &plume::eco_customer);
  emscripten::function("ecoInteractions", &plume::eco_interactions);
  emscripten::function("ecoProducts", &plume::eco_products);
  emscripten::function("ecoFindProducts", &plume::eco_find_products);
}
