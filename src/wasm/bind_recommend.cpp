// Embind: the recommender for web/recommend.js. JSON strings in, JSON string out
// ({"ok":true,...} or {"ok":false,"error":"..."}). Trained or loaded models live in a handle
// table here (the page keeps only the number) until recommendFree; no logic beyond converting.
//   recommendInspect(interactionsText)                CSV or JSON interactions -> {users, items, interactions, explicit, ...}
//   recommendTrain(interactionsText, optionsJson)     CSV or JSON interactions -> {handle, users, items, ...}
//   recommendLoad(filesJson, sparkJson, interactionsText)  {"model.json": text} or Spark tables -> {handle, ...}
//   recommendSetCatalog(handle, catalogText)          item attributes (CSV or JSON) -> {items, cataloged}
//   recommendTop(handle, requestJson)                 {user | history, k, filters, diversity, explain} -> {items}
//   recommendFoldIn(handle, historyJson)              factor models: the visitor's vector
//   recommendSave(handle, format)                     "json" -> {model}; "files" -> {files: {path: text}}
//   recommendEvaluate(interactionsText, optionsJson)  {algo, split, k, seed, ...} -> metrics
//   recommendSynthetic(optionsJson)                   planted-structure interactions as CSV text
//   recommendFree(handle)
#include <emscripten/bind.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "recommend/bundle.h"
#include "recommend/evaluate.h"
#include "wasm/reply.h"

using nlohmann::json;

namespace plume {
namespace {

using wasm::dump;
using wasm::failure;
using wasm::reply;

using namespace recommend;

std::map<int, std::unique_ptr<Bundle>>& handles() {
  static std::map<int, std::unique_ptr<Bundle>> table;
  return table;
}
int next_handle = 1;

Result<Bundle*> find(int handle) {
  auto it = handles().find(handle);
  if (it == handles().end()) return make_error("no recommender with handle ", handle, " (freed, or never created)");
  return it->second.get();
}

Result<json> parse_object(const std::string& text, const char* what) {
  if (text.empty()) return json::object();
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return make_error(what, " must be a JSON object");
  return j;
}

Result<Dataset> parse_interactions(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '[') return import_interactions_json(text);
  return import_interactions_csv(text);
}

json summary(int handle, const Bundle& b) {
  return {{"handle", handle}, {"algo", b.options.algo}, {"users", b.data.users.size()}, {"items", b.data.items.size()},
          {"modelItems", b.model_items}, {"interactions", b.data.rows.size()}, {"explicit", b.data.explicit_ratings},
          {"cataloged", b.catalog.has_value()}};
}

int store(std::unique_ptr<Bundle> b) {
  const int h = next_handle++;
  handles()[h] = std::move(b);
  return h;
}

// A history: ["sku", ...] or [{"item": "sku", "value": 2}, ...]; unknown items are errors.
Result<History> parse_history(const json& j, const Bundle& b) {
  if (!j.is_array()) return make_error("history must be an array of item ids or {item, value} objects");
  History h;
  for (size_t n = 0; n < j.size(); n++) {
    const json& e = j[n];
    std::string id;
    float value = 1.0f;
    if (e.is_string()) id = e.get<std::string>();
    else if (e.is_object() && e.contains("item") && e["item"].is_string()) {
      id = e["item"].get<std::string>();
      if (e.contains("value")) {
        if (!e["value"].is_number() || !std::isfinite(e["value"].get<double>()) || e["value"].get<double>() <= 0)
          return make_error("history entry ", n + 1, ": value must be a positive number");
        value = e["value"].get<float>();
      }
    } else {
      return make_error("history entry ", n + 1, " must be an item id or {item, value}");
    }
    auto i = b.data.items.find(id);
    if (!i) return make_error("history entry ", n + 1, ": unknown item '", id, "'");
    h.emplace_back(*i, value);
  }
  return h;
}

Result<std::vector<std::string>> strings(const json& j, const std::string& key) {
  std::vector<std::string> out;
  if (j.is_string()) return std::vector<std::string>{j.get<std::string>()};
  if (!j.is_array()) return make_error("option ", key, " must be a string or an array of strings");
  for (const json& v : j) {
    if (!v.is_string()) return make_error("option ", key, " must hold strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

// Reads interactions without training: what the file holds, or the error naming line and column.
std::string recommendInspect(const std::string& interactions) {
  auto data = parse_interactions(interactions);
  if (!data) return failure(data.error().message);
  int64_t first = 0, last = 0;
  for (const Interaction& r : data->rows) {
    if (r.timestamp && (!first || r.timestamp < first)) first = r.timestamp;
    last = std::max(last, r.timestamp);
  }
  json users = json::array(), items = json::array();
  const size_t shown = 20;  // a preview: the first ids in file order
  for (int32_t u = 0; u < std::min<int32_t>(data->users.size(), shown); u++) users.push_back(data->users.name(u));
  for (int32_t i = 0; i < std::min<int32_t>(data->items.size(), shown); i++) items.push_back(data->items.name(i));
  return reply({{"users", data->users.size()}, {"items", data->items.size()}, {"interactions", data->rows.size()},
                {"explicit", data->explicit_ratings}, {"firstTimestamp", first}, {"lastTimestamp", last},
                {"density", static_cast<double>(data->rows.size()) / (static_cast<double>(data->users.size()) * data->items.size())},
                {"firstUsers", users}, {"firstItems", items}});
}

std::string recommendTrain(const std::string& interactions, const std::string& options_json) {
  auto data = parse_interactions(interactions);
  if (!data) return failure(data.error().message);
  auto j = parse_object(options_json, "options");
  if (!j) return failure(j.error().message);
  auto o = algo_options_from_json(*j);
  if (!o) return failure(o.error().message);
  auto t0 = std::chrono::steady_clock::now();
  auto b = train_bundle(std::move(*data), *o);
  if (!b) return failure(b.error().message);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const Bundle& ref = **b;
  json s = summary(0, ref);
  s["handle"] = store(std::move(*b));
  s["trainSeconds"] = seconds;
  return reply(s);
}

std::string recommendLoad(const std::string& files_json, const std::string& spark_json, const std::string& interactions) {
  json files = json::parse(files_json, nullptr, false);
  if (files.is_discarded() || !files.is_object()) return failure(make_error("files must be a JSON object {name: text or [part texts]}"));
  std::map<std::string, std::vector<std::string>> tables;
  for (auto it = files.begin(); it != files.end(); ++it) {
    if (it.value().is_string()) tables[it.key()] = {it.value().get<std::string>()};
    else if (it.value().is_array()) {
      for (const json& part : it.value()) {
        if (!part.is_string()) return failure(make_error("files.", it.key(), " must hold strings"));
        tables[it.key()].push_back(part.get<std::string>());
      }
    } else {
      return failure(make_error("files.", it.key(), " must be a string or an array of strings"));
    }
  }
  auto sj = parse_object(spark_json, "Spark options");
  if (!sj) return failure(sj.error().message);
  SparkServeOptions spark;
  for (auto it = sj->begin(); it != sj->end(); ++it) {
    if (it.key() == "kind" && it.value().is_string()) {
      auto k = factor_kind_from_name(it.value().get<std::string>());
      if (!k) return failure(k.error().message);
      spark.kind = *k;
    } else if ((it.key() == "alpha" || it.key() == "reg") && it.value().is_number() && it.value().get<double>() >= 0) {
      (it.key() == "alpha" ? spark.alpha : spark.regularization) = it.value().get<float>();
    } else {
      return failure(make_error("Spark option '", it.key(), "' must be kind (implicit|explicit), alpha (>= 0) or reg (>= 0)"));
    }
  }
  std::optional<Dataset> data;
  if (!interactions.empty()) {
    auto d = parse_interactions(interactions);
    if (!d) return failure(make_error("interactions: ", d.error().message));
    data = std::move(*d);
  }
  auto b = load_bundle(tables, spark, data ? &*data : nullptr);
  if (!b) return failure(b.error().message);
  const int h = store(std::move(*b));
  return reply(summary(h, *handles()[h]));
}

std::string recommendSetCatalog(int handle, const std::string& text) {
  auto b = find(handle);
  if (!b) return failure(b.error().message);
  if (auto s = (*b)->set_catalog(text); !s) return failure(s.error().message);
  return reply(summary(handle, **b));
}

std::string recommendTop(int handle, const std::string& request_json) {
  auto found = find(handle);
  if (!found) return failure(found.error().message);
  const Bundle& b = **found;
  auto j = parse_object(request_json, "request");
  if (!j) return failure(j.error().message);
  ServeRequest r;
  ServingContext ctx = b.context();
  int32_t user = -1;
  History history;
  for (auto it = j->begin(); it != j->end(); ++it) {
    const std::string key = it.key();
    const json& v = it.value();
    auto num = [&](double lo, double hi) -> Result<double> {
      if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < lo || v.get<double>() > hi)
        return make_error("option ", key, " must be a number from ", lo, " to ", hi);
      return v.get<double>();
    };
    auto flag = [&]() -> Result<bool> {
      if (!v.is_boolean()) return make_error("option ", key, " must be true or false");
      return v.get<bool>();
    };
    Status s;
    if (key == "user") {
      if (!v.is_string()) return failure(make_error("option user must be a string id"));
      auto u = b.data.users.find(v.get<std::string>());
      if (!u) return failure(make_error("unknown user '", v.get<std::string>(), "' (pass history for a new visitor)"));
      user = *u;
    } else if (key == "history") {
      auto h = parse_history(v, b);
      if (!h) return failure(h.error().message);
      history = std::move(*h);
    } else if (key == "k" || key == "maxPerPartner" || key == "explainTop") {
      auto x = num(key == "maxPerPartner" ? 0 : 1, 100000);
      if (!x || std::floor(*x) != *x) return failure(make_error("option ", key, " must be a whole number in range"));
      (key == "k" ? r.k : key == "maxPerPartner" ? r.max_per_partner : r.explain_top) = static_cast<int>(*x);
    } else if (key == "categories" || key == "partners" || key == "priceBands") {
      auto list = strings(v, key);
      if (!list) return failure(list.error().message);
      (key == "categories" ? r.categories : key == "partners" ? r.partners : r.price_bands) = std::move(*list);
    } else if (key == "minPrice" || key == "maxPrice") {
      auto x = num(0, 1e300);
      if (!x) return failure(x.error().message);
      (key == "minPrice" ? r.min_price : r.max_price) = *x;
    } else if (key == "halfWeight") {
      auto x = num(0, 1e9);
      if (!x) return failure(x.error().message);
      ctx.blend.half_weight_count = static_cast<float>(*x);
    } else if (key == "availableOnly" || key == "roundRobin" || key == "explain" || key == "includeOwned") {
      auto x = flag();
      if (!x) return failure(x.error().message);
      if (key == "availableOnly") r.available_only = *x;
      else if (key == "roundRobin") r.partner_round_robin = *x;
      else if (key == "explain") r.explain = *x;
      else r.exclude_owned = !*x;
    } else {
      return failure(make_error("unknown option '", key, "' (user, history, k, categories, partners, priceBands, minPrice, maxPrice, "
                     "availableOnly, maxPerPartner, roundRobin, explain, explainTop, includeOwned, halfWeight)"));
    }
  }
  auto top = serve_top(ctx, user, history, r);
  if (!top) return failure(top.error().message);
  json items = json::array();
  for (const Served& s : *top) {
    json row = {{"item", b.data.items.name(s.item)}, {"score", s.score}};
    if (r.explain) {
      json because = json::array();
      for (const Reason& why : s.because) because.push_back({{"item", b.data.items.name(why.item)}, {"contribution", why.contribution}});
      row["because"] = because;
    }
    items.push_back(row);
  }
  return reply({{"items", items}});
}

std::string recommendFoldIn(int handle, const std::string& history_json) {
  auto b = find(handle);
  if (!b) return failure(b.error().message);
  const auto* f = dynamic_cast<const FactorModel*>((*b)->model.get());
  if (!f) return failure(make_error("fold-in needs a factor model (als, bpr, svd or Spark factors), this one is ", (*b)->options.algo));
  json j = json::parse(history_json, nullptr, false);
  if (j.is_discarded()) return failure(make_error("history must be JSON"));
  auto h = parse_history(j, **b);
  if (!h) return failure(h.error().message);
  for (const auto& e : *h)
    if (e.first >= f->n_items()) return failure(make_error("item '", (*b)->data.items.name(e.first), "' has no factors (a catalog-only item)"));
  return reply({{"vector", f->fold_in(*h)}, {"rank", f->factors().rank}});
}

std::string recommendSave(int handle, const std::string& format) {
  auto b = find(handle);
  if (!b) return failure(b.error().message);
  if (format == "json") return reply({{"model", save_bundle_json(**b)}});
  if (format == "files") return reply({{"files", save_bundle_files(**b)}});
  return failure(make_error("format must be \"json\" (one file) or \"files\" (model.json + Spark-shaped factor files)"));
}

std::string recommendEvaluate(const std::string& interactions, const std::string& options_json) {
  auto data = parse_interactions(interactions);
  if (!data) return failure(data.error().message);
  auto j = parse_object(options_json, "options");
  if (!j) return failure(j.error().message);
  std::string split = "user:0.8";
  int k = 10;
  if (j->contains("split")) {
    if (!(*j)["split"].is_string()) return failure(make_error("option split must be a string like user:0.8"));
    split = (*j)["split"].get<std::string>();
    j->erase("split");
  }
  if (j->contains("k")) {
    const json& v = (*j)["k"];
    if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 100000) return failure(make_error("option k must be a whole number from 1 to 100000"));
    k = static_cast<int>(v.get<int64_t>());
    j->erase("k");
  }
  auto o = algo_options_from_json(*j);
  if (!o) return failure(o.error().message);
  auto s = split_dataset(*data, split, o->seed);
  if (!s) return failure(s.error().message);
  Dataset train_data;
  train_data.users = data->users;
  train_data.items = data->items;
  train_data.explicit_ratings = data->explicit_ratings;
  train_data.rows = s->train;
  auto t0 = std::chrono::steady_clock::now();
  auto b = train_bundle(std::move(train_data), *o);
  if (!b) return failure(b.error().message);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  Evaluation e = evaluate(*(*b)->model, *(*b)->train, s->test, k);
  auto or_null = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  return reply({{"algo", o->algo}, {"precision_at_k", e.precision_at_k}, {"recall_at_k", e.recall_at_k}, {"ndcg_at_k", e.ndcg_at_k},
                {"map_at_k", e.map_at_k}, {"hit_rate_at_k", e.hit_rate_at_k}, {"coverage", e.coverage}, {"rmse", or_null(e.rmse)},
                {"mae", or_null(e.mae)}, {"train_seconds", seconds}, {"users_evaluated", e.users_evaluated}});
}

std::string recommendSynthetic(const std::string& options_json) {
  auto j = parse_object(options_json, "options");
  if (!j) return failure(j.error().message);
  SyntheticOptions o;
  for (auto it = j->begin(); it != j->end(); ++it) {
    const json& v = it.value();
    if (it.key() == "ratings") {
      if (!v.is_boolean()) return failure(make_error("option ratings must be true or false"));
      o.ratings = v.get<bool>();
      continue;
    }
    if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > 100'000'000)
      return failure(make_error("option ", it.key(), " must be a whole number"));
    const int64_t x = v.get<int64_t>();
    if (it.key() == "users") o.users = static_cast<int32_t>(x);
    else if (it.key() == "items") o.items = static_cast<int32_t>(x);
    else if (it.key() == "interactions") o.interactions = x;
    else if (it.key() == "rank") o.rank = static_cast<int32_t>(x);
    else if (it.key() == "seed") o.seed = static_cast<uint64_t>(x);
    else return failure(make_error("unknown option '", it.key(), "' (users, items, interactions, rank, seed, ratings)"));
  }
  auto d = synthetic_dataset(o);
  if (!d) return failure(d.error().message);
  std::string csv = o.ratings ? "user,item,rating,timestamp\n" : "user,item,value,timestamp\n";
  for (const Interaction& r : d->rows)
    csv += d->users.name(r.user) + "," + d->items.name(r.item) + "," + std::to_string(static_cast<int>(r.value)) + "," +
           std::to_string(r.timestamp) + "\n";
  return reply({{"csv", csv}, {"interactions", d->rows.size()}});
}

std::string recommendFree(int handle) {
  if (!handles().erase(handle)) return failure(make_error("no recommender with handle ", handle));
  return reply(json::object());
}

}  // namespace
}  // namespace plume

EMSCRIPTEN_BINDINGS(plume_recommend) {
  emscripten::function("recommendInspect", &plume::recommendInspect);
  emscripten::function("recommendTrain", &plume::recommendTrain);
  emscripten::function("recommendLoad", &plume::recommendLoad);
  emscripten::function("recommendSetCatalog", &plume::recommendSetCatalog);
  emscripten::function("recommendTop", &plume::recommendTop);
  emscripten::function("recommendFoldIn", &plume::recommendFoldIn);
  emscripten::function("recommendSave", &plume::recommendSave);
  emscripten::function("recommendEvaluate", &plume::recommendEvaluate);
  emscripten::function("recommendSynthetic", &plume::recommendSynthetic);
  emscripten::function("recommendFree", &plume::recommendFree);
}
