// `plume recommend train / top`: train a servable model and save it (one JSON file or a
// Spark-shaped directory); load a model (Plume's, or Spark ALS's userFactors/itemFactors) and
// print a user's or a visitor's top-k. Parsing, file reading and printing only.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/command.h"
#include "recommend/bundle.h"

using namespace plume;
using namespace plume::recommend;
using nlohmann::json;
using plume::cli::fail;
namespace fs = std::filesystem;

namespace {

const std::set<std::string> kFlags = {"data", "algo", "out", "items", "factors", "iterations", "reg", "alpha", "lr",
                                      "neighbors", "similarity", "seed", "model", "user", "history", "k", "category",
                                      "partner", "price-band", "min-price", "max-price", "max-per-partner", "kind",
                                      "half-weight"};
const std::set<std::string> kSwitches = {"json", "explain", "available", "round-robin", "include-owned"};

Result<std::string> read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot open '", path.string(), "'");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Result<Dataset> load_interactions(const std::string& path) {
  auto text = read_text(path);
  if (!text) return text.error();
  const size_t first = text->find_first_not_of(" \t\r\n");
  auto d = first != std::string::npos && (*text)[first] == '[' ? import_interactions_json(*text) : import_interactions_csv(*text);
  if (!d) return make_error(path, ": ", d.error().message);
  return d;
}

// A Spark table: a directory of part files (Spark's df.write.json output; _SUCCESS, .crc and
// other hidden files skipped) or a single JSON-lines file.
Result<std::vector<std::string>> read_table(const fs::path& path) {
  std::vector<std::string> parts;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(path, ec)) {
      const std::string name = e.path().filename().string();
      if (e.is_regular_file() && name[0] != '_' && name[0] != '.' && name.find(".crc") == std::string::npos) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) return make_error("'", path.string(), "' holds no part files");
    for (const fs::path& f : files) {
      auto t = read_text(f);
      if (!t) return t.error();
      parts.push_back(std::move(*t));
    }
    return parts;
  }
  auto t = read_text(path);
  if (!t) return t.error();
  parts.push_back(std::move(*t));
  return parts;
}

Result<std::unique_ptr<Bundle>> load_model(const cli::Args& a) {
  auto path = a.required("model");
  if (!path) return path.error();
  std::map<std::string, std::vector<std::string>> files;
  std::error_code ec;
  const fs::path p(*path);
  if (!fs::is_directory(p, ec)) {
    auto t = read_text(p);
    if (!t) return t.error();
    files["model.json"] = {std::move(*t)};
  } else {
    for (const char* name : {"model.json", "user_ids.jsonl", "item_ids.jsonl"})
      if (fs::exists(p / name, ec)) {
        auto t = read_text(p / name);
        if (!t) return t.error();
        files[name] = {std::move(*t)};
      }
    for (const char* table : {"userFactors", "itemFactors"}) {
      fs::path where = fs::exists(p / table, ec) ? p / table : p / (std::string(table) + ".json");
      if (!fs::exists(where, ec)) continue;
      auto parts = read_table(where);
      if (!parts) return parts.error();
      files[table] = std::move(*parts);
    }
  }
  SparkServeOptions spark;
  auto kind = factor_kind_from_name(a.str("kind", "implicit"));
  if (!kind) return kind.error();
  spark.kind = *kind;
  auto alpha = a.number("alpha", spark.alpha), reg = a.number("reg", spark.regularization);
  if (!alpha) return alpha.error();
  if (!reg) return reg.error();
  spark.alpha = static_cast<float>(*alpha);
  spark.regularization = static_cast<float>(*reg);
  std::optional<Dataset> data;
  if (a.has("data")) {
    auto d = load_interactions(a.str("data"));
    if (!d) return d.error();
    data = std::move(*d);
  }
  auto b = load_bundle(files, spark, data ? &*data : nullptr);
  if (!b) return make_error(*path, ": ", b.error().message);
  if (a.has("items")) {
    auto t = read_text(a.str("items"));
    if (!t) return t.error();
    if (auto s = (*b)->set_catalog(*t); !s) return make_error(a.str("items"), ": ", s.error().message);
  }
  return b;
}

std::vector<std::string> list(const cli::Args& a, const std::string& flag) {
  std::vector<std::string> out;
  for (const std::string& v : a.all(flag)) {
    size_t start = 0;
    while (start <= v.size()) {
      size_t end = v.find(',', start);
      if (end == std::string::npos) end = v.size();
      if (end > start) out.push_back(v.substr(start, end - start));
      start = end + 1;
    }
  }
  return out;
}

int cmd_train(const cli::Args& a) {
  auto data_path = a.required("data");
  auto out = a.required("out");
  if (!data_path) return fail(data_path.error().message);
  if (!out) return fail(out.error().message);
  auto data = load_interactions(*data_path);
  if (!data) return fail(data.error().message);
  json opts = {{"algo", a.str("algo", "als")}};
  for (const char* f : {"factors", "iterations", "neighbors", "seed"})
    if (a.has(f)) {
      auto v = a.integer(f, 0);
      if (!v) return fail(v.error().message);
      opts[f] = *v;
    }
  for (const char* f : {"reg", "alpha", "lr"})
    if (a.has(f)) {
      auto v = a.number(f, 0);
      if (!v) return fail(v.error().message);
      opts[f] = *v;
    }
  if (a.has("similarity")) opts["similarity"] = a.str("similarity");
  auto options = algo_options_from_json(opts);
  if (!options) return fail(options.error().message);
  auto t0 = std::chrono::steady_clock::now();
  auto bundle = train_bundle(std::move(*data), *options);
  if (!bundle) return fail(bundle.error().message);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (a.has("items")) {
    auto t = read_text(a.str("items"));
    if (!t) return fail(t.error().message);
    if (auto s = (*bundle)->set_catalog(*t); !s) return fail(a.str("items") + ": " + s.error().message);
  }
  const bool single = out->size() > 5 && out->substr(out->size() - 5) == ".json";
  std::error_code ec;
  if (single) {
    std::ofstream f(*out, std::ios::binary);
    if (!f || !(f << save_bundle_json(**bundle))) return fail("cannot write '" + *out + "'");
  } else {
    for (const auto& [name, text] : save_bundle_files(**bundle)) {
      fs::path p = fs::path(*out) / name;
      fs::create_directories(p.parent_path(), ec);
      std::ofstream f(p, std::ios::binary);
      if (!f || !(f << text)) return fail("cannot write '" + p.string() + "'");
    }
  }
  std::fprintf(stderr, "trained %s on %zu interactions (%d users, %d items) in %.2f s; wrote %s\n", options->algo.c_str(),
               (*bundle)->data.rows.size(), (*bundle)->data.users.size(), (*bundle)->model_items, seconds, out->c_str());
  return 0;
}

int cmd_top(const cli::Args& a) {
  auto bundle = load_model(a);
  if (!bundle) return fail(bundle.error().message);
  const Bundle& b = **bundle;
  ServeRequest r;
  auto k = a.integer("k", 10), per_partner = a.integer("max-per-partner", 0);
  if (!k) return fail(k.error().message);
  if (!per_partner) return fail(per_partner.error().message);
  r.k = static_cast<int>(std::clamp<int64_t>(*k, -1, 1000000));
  r.max_per_partner = static_cast<int>(std::clamp<int64_t>(*per_partner, -1, 1000000));
  r.categories = list(a, "category");
  r.partners = list(a, "partner");
  r.price_bands = list(a, "price-band");
  r.available_only = a.has("available");
  r.partner_round_robin = a.has("round-robin");
  r.explain = a.has("explain");
  r.exclude_owned = !a.has("include-owned");
  for (const char* f : {"min-price", "max-price"})
    if (a.has(f)) {
      auto v = a.number(f, 0);
      if (!v) return fail(v.error().message);
      (std::string(f) == "min-price" ? r.min_price : r.max_price) = *v;
    }
  ServingContext ctx = b.context();
  auto half = a.number("half-weight", ctx.blend.half_weight_count);
  if (!half) return fail(half.error().message);
  ctx.blend.half_weight_count = static_cast<float>(*half);
  int32_t user = -1;
  History history;
  if (a.has("user")) {
    auto u = b.data.users.find(a.str("user"));
    if (!u) return fail("unknown user '" + a.str("user") + "' (not in the model; pass --history for a new visitor)");
    user = *u;
  } else if (a.has("history")) {
    for (const std::string& id : list(a, "history")) {
      auto i = b.data.items.find(id);
      if (!i) return fail("--history: unknown item '" + id + "'");
      history.emplace_back(*i, 1.0f);
    }
  }
  auto top = serve_top(ctx, user, history, r);
  if (!top) return fail(top.error().message);
  json items = json::array();
  for (const Served& s : *top) {
    json because = json::array();
    for (const Reason& why : s.because) because.push_back({{"item", b.data.items.name(why.item)}, {"contribution", why.contribution}});
    json row = {{"item", b.data.items.name(s.item)}, {"score", s.score}};
    if (r.explain) row["because"] = because;
    items.push_back(row);
  }
  if (a.has("json")) {
    std::cout << json{{"user", a.has("user") ? json(a.str("user")) : json(nullptr)}, {"items", items}}.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
    return 0;
  }
  for (size_t n = 0; n < items.size(); n++) {
    std::printf("%2zu. %s  %.4f", n + 1, items[n]["item"].get<std::string>().c_str(), items[n]["score"].get<double>());
    if (r.explain && !items[n]["because"].empty()) {
      std::printf("  because you viewed");
      for (const json& why : items[n]["because"]) std::printf(" %s (%.3f)", why["item"].get<std::string>().c_str(), why["contribution"].get<double>());
    }
    std::printf("\n");
  }
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

cli::Register train_cmd({"recommend train",
    "recommend train --data FILE.csv|json --out MODEL.json|DIR [--algo als|bpr|svd|itemknn|userknn|pop] [--items CATALOG.csv|json]\n"
    "          [--factors N] [--iterations N] [--reg R] [--alpha A] [--lr L] [--neighbors K] [--similarity S] [--seed S]\n"
    "          (DIR gets model.json + Spark-shaped userFactors/ itemFactors/ user_ids.jsonl item_ids.jsonl)",
    with_args(cmd_train)});
cli::Register top_cmd({"recommend top",
    "recommend top --model MODEL.json|DIR (--user ID | --history SKU1,SKU2) [--k 10] [--items CATALOG]\n"
    "          [--category C,...] [--partner P,...] [--price-band low|mid|high] [--min-price X] [--max-price Y] [--available]\n"
    "          [--max-per-partner M] [--round-robin] [--explain] [--include-owned] [--half-weight 5] [--json]\n"
    "          Spark ALS output: DIR with userFactors/ itemFactors/ [user_ids.jsonl item_ids.jsonl]; [--data INTERACTIONS]\n"
    "          [--kind implicit|explicit] [--alpha 1] [--reg 0.1] (Spark's defaults; used to fold in --history)",
    with_args(cmd_top)});

}  // namespace
