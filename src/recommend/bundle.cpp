#include "recommend/bundle.h"

#include <algorithm>
#include <cmath>

#include "recommend/bpr.h"
#include "recommend/factorization.h"
#include "recommend/spark_io.h"

namespace plume::recommend {
namespace {

using nlohmann::json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// obj[key] when it has the fallback's type, else the fallback: json::value() would throw (and
// abort the exception-free WASM engine) on a model.json with a wrong-typed field.
template <class T>
T field(const json& obj, const char* key, T fallback) {
  if (!obj.is_object() || !obj.contains(key)) return fallback;
  const json& v = obj[key];
  if constexpr (std::is_same_v<T, bool>) return v.is_boolean() ? v.get<bool>() : fallback;
  else if constexpr (std::is_arithmetic_v<T>) {
    if (!v.is_number() || !std::isfinite(v.get<double>())) return fallback;
    if constexpr (std::is_integral_v<T>) {
      const double d = v.get<double>();
      return d >= 0 && d < 9e15 ? static_cast<T>(d) : fallback;
    } else {
      return v.get<T>();
    }
  } else {
    return v.is_string() ? v.get<std::string>() : fallback;
  }
}

Result<std::unique_ptr<Recommender>> make_recommender(const AlgoOptions& o) {
  const std::string& a = o.algo;
  if (a == "pop") return std::unique_ptr<Recommender>(new Popularity());
  if (a == "itemknn" || a == "userknn") {
    KnnOptions k;
    auto sim = similarity_from_name(o.similarity);
    if (!sim) return sim.error();
    k.similarity = *sim;
    if (o.neighbors) k.neighbors = *o.neighbors;
    if (a == "itemknn") return std::unique_ptr<Recommender>(new ItemKnn(k));
    return std::unique_ptr<Recommender>(new UserKnn(k));
  }
  if (a == "als") {
    AlsOptions x;
    if (o.factors) x.factors = *o.factors;
    if (o.iterations) x.iterations = *o.iterations;
    if (o.regularization) x.regularization = *o.regularization;
    if (o.alpha) x.alpha = *o.alpha;
    x.seed = o.seed;
    return std::unique_ptr<Recommender>(new ImplicitAls(x));
  }
  if (a == "bpr") {
    BprOptions x;
    if (o.factors) x.factors = *o.factors;
    if (o.iterations) x.iterations = *o.iterations;
    if (o.regularization) x.regularization = *o.regularization;
    if (o.learning_rate) x.learning_rate = *o.learning_rate;
    x.seed = o.seed;
    return std::unique_ptr<Recommender>(new Bpr(x));
  }
  if (a == "svd") {
    SvdOptions x;
    if (o.factors) x.factors = *o.factors;
    if (o.iterations) x.epochs = *o.iterations;
    if (o.regularization) x.regularization = *o.regularization;
    if (o.learning_rate) x.learning_rate = *o.learning_rate;
    x.seed = o.seed;
    return std::unique_ptr<Recommender>(new SvdSgd(x));
  }
  return make_error("unknown algo '", a, "' (pop, itemknn, userknn, svd, als, bpr)");
}

bool is_factor_algo(const std::string& a) { return a == "als" || a == "bpr" || a == "svd" || a == "spark"; }

json catalog_json(const Catalog& c, const IdMap& items) {
  json rows = json::array();
  for (int32_t i = 0; i < static_cast<int32_t>(c.items.size()); i++) {
    const ItemAttributes* a = c.find(i);
    if (!a) continue;
    json r = {{"item", items.name(i)}, {"category", a->category}, {"brand", a->brand}, {"partner", a->partner},
              {"tags", a->tags}, {"price_band", a->price_band}, {"available", a->available}};
    if (a->price) r["price"] = *a->price;
    rows.push_back(r);
  }
  return rows;
}

json meta_json(const Bundle& b) {
  json users = b.data.users.names(), items = b.data.items.names();
  json rows = json::array();
  for (const Interaction& r : b.data.rows) rows.push_back({r.user, r.item, r.value, r.timestamp});
  json j = {{"format", "plume-recommender"}, {"version", 1}, {"options", algo_options_to_json(b.options)},
            {"explicit", b.data.explicit_ratings}, {"users", users}, {"items", items}, {"model_items", b.model_items},
            {"interactions", rows}};
  if (b.catalog) j["catalog"] = catalog_json(*b.catalog, b.data.items);
  if (const auto* f = dynamic_cast<const FactorModel*>(b.model.get())) {
    const FactorModelOptions& o = f->options();
    j["factor_model"] = {{"kind", factor_kind_name(o.kind)}, {"alpha", o.alpha}, {"reg", o.regularization},
                         {"scale_reg_by_count", o.scale_reg_by_count}, {"mean", f->mean()}, {"item_bias", f->item_bias()},
                         {"bpr_lr", o.bpr.learning_rate}, {"bpr_reg", o.bpr.regularization}, {"bpr_seed", o.bpr.seed}};
  }
  return j;
}

Status finish(Bundle& b) {
  b.train = std::make_unique<TrainingData>(make_training_data(b.data.rows, b.data.users.size(), b.model_items, b.data.explicit_ratings));
  return {};
}

}  // namespace

Result<AlgoOptions> algo_options_from_json(const json& j) {
  AlgoOptions o;
  if (j.is_null()) return o;
  if (!j.is_object()) return make_error("options must be a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string key = it.key();
    const json& v = it.value();
    auto integer = [&](int lo, int hi) -> Result<int32_t> {
      if (!v.is_number() || std::floor(v.get<double>()) != v.get<double>() || v.get<double>() < lo || v.get<double>() > hi)
        return make_error("option ", key, " must be an integer from ", lo, " to ", hi, ", got ", dump(v));
      return static_cast<int32_t>(v.get<double>());
    };
    auto number = [&]() -> Result<float> {
      if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0)
        return make_error("option ", key, " must be a number >= 0, got ", dump(v));
      return static_cast<float>(v.get<double>());
    };
    if (key == "algo") {
      if (!v.is_string()) return make_error("option algo must be a string");
      o.algo = v.get<std::string>();
    } else if (key == "similarity") {
      if (!v.is_string()) return make_error("option similarity must be a string");
      o.similarity = v.get<std::string>();
    } else if (key == "factors") { auto x = integer(1, 1024); if (!x) return x.error(); o.factors = *x; }
    else if (key == "iterations") { auto x = integer(1, 10000); if (!x) return x.error(); o.iterations = *x; }
    else if (key == "neighbors") { auto x = integer(1, 100000); if (!x) return x.error(); o.neighbors = *x; }
    else if (key == "seed") { auto x = integer(0, 2147483647); if (!x) return x.error(); o.seed = static_cast<uint64_t>(*x); }
    else if (key == "reg") { auto x = number(); if (!x) return x.error(); o.regularization = *x; }
    else if (key == "alpha") { auto x = number(); if (!x) return x.error(); o.alpha = *x; }
    else if (key == "lr") { auto x = number(); if (!x) return x.error(); o.learning_rate = *x; }
    else return make_error("unknown option '", key, "' (algo, factors, iterations, neighbors, reg, alpha, lr, similarity, seed)");
  }
  if (o.algo != "spark")  // "spark": factors imported from Spark, nothing to train
    if (auto m = make_recommender(o); !m) return m.error();
  return o;
}

json algo_options_to_json(const AlgoOptions& o) {
  json j = {{"algo", o.algo}, {"similarity", o.similarity}, {"seed", o.seed}};
  if (o.factors) j["factors"] = *o.factors;
  if (o.iterations) j["iterations"] = *o.iterations;
  if (o.neighbors) j["neighbors"] = *o.neighbors;
  if (o.regularization) j["reg"] = *o.regularization;
  if (o.alpha) j["alpha"] = *o.alpha;
  if (o.learning_rate) j["lr"] = *o.learning_rate;
  return j;
}

ServingContext Bundle::context() const {
  return ServingContext{train.get(), model.get(), content.get(), catalog ? &*catalog : nullptr, data.items.size(), blend};
}

Status Bundle::set_catalog(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  IdMap items = data.items;  // interned only when the whole file is good
  auto c = first != std::string::npos && text[first] == '[' ? import_item_attributes_json(text, items)
                                                           : import_item_attributes_csv(text, items);
  if (!c) return c.error();
  data.items = std::move(items);
  c->items.resize(static_cast<size_t>(data.items.size()));
  catalog = std::move(*c);
  content = std::make_unique<ContentModel>(ContentModel::build(*catalog, data.items.size()));
  return {};
}

Result<std::unique_ptr<Bundle>> train_bundle(Dataset data, const AlgoOptions& options) {
  auto b = std::make_unique<Bundle>();
  b->data = std::move(data);
  b->model_items = b->data.items.size();
  b->options = options;
  if (auto s = finish(*b); !s) return s.error();
  auto model = make_recommender(options);
  if (!model) return model.error();
  if (auto s = (*model)->fit(*b->train); !s) return s.error();
  if (const auto* als = dynamic_cast<const ImplicitAls*>(model->get())) b->model = std::make_unique<FactorModel>(factor_model_of(*als));
  else if (const auto* bpr = dynamic_cast<const Bpr*>(model->get())) b->model = std::make_unique<FactorModel>(factor_model_of(*bpr));
  else if (const auto* svd = dynamic_cast<const SvdSgd*>(model->get())) b->model = std::make_unique<FactorModel>(factor_model_of(*svd));
  else b->model = std::move(*model);
  return b;
}

std::string save_bundle_json(const Bundle& b) {
  json j = meta_json(b);
  if (const auto* f = dynamic_cast<const FactorModel*>(b.model.get())) {
    j["factor_model"]["rank"] = f->factors().rank;
    j["factor_model"]["user_factors"] = f->factors().users;
    j["factor_model"]["item_factors"] = f->factors().items;
  }
  return dump(j) + "\n";
}

std::map<std::string, std::string> save_bundle_files(const Bundle& b) {
  std::map<std::string, std::string> files;
  files["model.json"] = dump(meta_json(b)) + "\n";
  if (const auto* f = dynamic_cast<const FactorModel*>(b.model.get())) {
    files["userFactors/part-00000.json"] = export_spark_factors(f->factors().users.data(), f->n_users(), f->factors().rank);
    files["itemFactors/part-00000.json"] = export_spark_factors(f->factors().items.data(), f->n_items(), f->factors().rank);
    files["user_ids.jsonl"] = export_id_map(b.data.users);
    IdMap model_items;
    for (int32_t i = 0; i < b.model_items; i++) model_items.intern(b.data.items.name(i));
    files["item_ids.jsonl"] = export_id_map(model_items);
  }
  return files;
}

Result<std::unique_ptr<Bundle>> load_bundle(const std::map<std::string, std::vector<std::string>>& files,
                                            const SparkServeOptions& spark, const Dataset* interactions) {
  auto b = std::make_unique<Bundle>();
  auto table = [&](const std::string& key) -> const std::vector<std::string>* {
    auto it = files.find(key);
    return it == files.end() || it->second.empty() ? nullptr : &it->second;
  };
  const bool has_spark = table("userFactors") && table("itemFactors");
  json meta;
  if (const auto* m = table("model.json")) {
    meta = json::parse((*m)[0], nullptr, false);
    if (meta.is_discarded() || !meta.is_object() || field<std::string>(meta, "format", "") != "plume-recommender")
      return make_error("model.json is not a Plume recommender model (expected \"format\": \"plume-recommender\")");
  } else if (!has_spark) {
    return make_error("no model: expected model.json, or userFactors/ and itemFactors/ (Spark ALS output)");
  }

  if (!meta.is_null()) {
    auto o = algo_options_from_json(meta.value("options", json::object()));
    if (!o) return make_error("model.json: ", o.error().message);
    b->options = *o;
    if (!meta["users"].is_array() || !meta["items"].is_array() || !meta["interactions"].is_array())
      return make_error("model.json: 'users', 'items' and 'interactions' must be arrays");
    for (const json& u : meta["users"]) b->data.users.intern(u.is_string() ? u.get<std::string>() : dump(u));
    for (const json& i : meta["items"]) b->data.items.intern(i.is_string() ? i.get<std::string>() : dump(i));
    b->data.explicit_ratings = field(meta, "explicit", false);
    b->model_items = field<int32_t>(meta, "model_items", b->data.items.size());
    if (b->model_items < 0 || b->model_items > b->data.items.size()) return make_error("model.json: 'model_items' is out of range");
    for (size_t n = 0; n < meta["interactions"].size(); n++) {
      const json& r = meta["interactions"][n];
      if (!r.is_array() || r.size() != 4 || !r[0].is_number_integer() || !r[1].is_number_integer() || !r[2].is_number() ||
          !r[3].is_number_integer() || r[0].get<int64_t>() < 0 || r[0].get<int64_t>() >= b->data.users.size() ||
          r[1].get<int64_t>() < 0 || r[1].get<int64_t>() >= b->model_items)
        return make_error("model.json: interaction ", n + 1, " must be [user index, item index, value, timestamp] within range");
      b->data.rows.push_back({r[0].get<int32_t>(), r[1].get<int32_t>(), r[2].get<float>(), r[3].get<int64_t>()});
    }
  } else {
    b->options.algo = "spark";
  }

  if (is_factor_algo(b->options.algo)) {
    Factors factors;
    if (has_spark) {
      std::vector<std::string_view> up(table("userFactors")->begin(), table("userFactors")->end()),
          ip(table("itemFactors")->begin(), table("itemFactors")->end());
      auto uf = import_spark_factors(up, "userFactors");
      if (!uf) return uf.error();
      auto itf = import_spark_factors(ip, "itemFactors");
      if (!itf) return itf.error();
      std::optional<std::vector<std::pair<int64_t, std::string>>> umap, imap;
      if (const auto* t = table("user_ids.jsonl")) {
        auto m = import_id_map((*t)[0], "user_ids.jsonl");
        if (!m) return m.error();
        umap = std::move(*m);
      }
      if (const auto* t = table("item_ids.jsonl")) {
        auto m = import_id_map((*t)[0], "item_ids.jsonl");
        if (!m) return m.error();
        imap = std::move(*m);
      }
      auto sm = assemble_spark_model(*uf, *itf, umap ? &*umap : nullptr, imap ? &*imap : nullptr);
      if (!sm) return sm.error();
      if (!meta.is_null()) {
        // Plume's own directory: the factor rows must line up with model.json's ids.
        if (sm->users.size() != b->data.users.size() || sm->items.size() != b->model_items)
          return make_error("the factor files have ", sm->users.size(), " users and ", sm->items.size(), " items; model.json has ",
                            b->data.users.size(), " and ", b->model_items);
        for (int32_t u = 0; u < sm->users.size(); u++)
          if (sm->users.name(u) != b->data.users.name(u)) return make_error("user_ids.jsonl does not match model.json at index ", u);
        for (int32_t i = 0; i < sm->items.size(); i++)
          if (sm->items.name(i) != b->data.items.name(i)) return make_error("item_ids.jsonl does not match model.json at index ", i);
      } else {
        b->data.users = sm->users;
        b->data.items = sm->items;
        b->model_items = sm->items.size();
        if (interactions) {
          b->data.explicit_ratings = interactions->explicit_ratings;
          for (const Interaction& r : interactions->rows) {
            auto u = b->data.users.find(interactions->users.name(r.user)), i = b->data.items.find(interactions->items.name(r.item));
            if (u && i) b->data.rows.push_back({*u, *i, r.value, r.timestamp});
          }
        }
      }
      factors = std::move(sm->factors);
    } else {
      const json& fm = meta.value("factor_model", json::object());
      if (!fm.contains("user_factors") || !fm.contains("item_factors") || !fm["user_factors"].is_array() || !fm["item_factors"].is_array())
        return make_error("model.json: the factors are missing (a directory model needs userFactors/ and itemFactors/)");
      factors.rank = field<int32_t>(fm, "rank", 0);
      for (const json& v : fm["user_factors"]) factors.users.push_back(v.is_number() ? v.get<float>() : NAN);
      for (const json& v : fm["item_factors"]) factors.items.push_back(v.is_number() ? v.get<float>() : NAN);
      if (factors.rank < 1 || factors.users.size() != static_cast<size_t>(b->data.users.size()) * factors.rank ||
          factors.items.size() != static_cast<size_t>(b->model_items) * factors.rank)
        return make_error("model.json: the factor arrays do not match rank x users / items");
      for (float v : factors.users) if (!std::isfinite(v)) return make_error("model.json: a user factor is not a finite number");
      for (float v : factors.items) if (!std::isfinite(v)) return make_error("model.json: an item factor is not a finite number");
    }
    FactorModelOptions o;
    std::vector<float> bias;
    double mean = 0;
    if (!meta.is_null() && meta.contains("factor_model")) {
      const json& fm = meta["factor_model"];
      auto kind = factor_kind_from_name(field<std::string>(fm, "kind", "implicit"));
      if (!kind) return make_error("model.json: ", kind.error().message);
      o.kind = *kind;
      o.alpha = field(fm, "alpha", 1.0f);
      o.regularization = field(fm, "reg", 0.1f);
      o.scale_reg_by_count = field(fm, "scale_reg_by_count", false);
      o.bpr.learning_rate = field(fm, "bpr_lr", o.bpr.learning_rate);
      o.bpr.regularization = field(fm, "bpr_reg", o.bpr.regularization);
      o.bpr.seed = field(fm, "bpr_seed", o.bpr.seed);
      mean = field(fm, "mean", 0.0);
      if (fm.contains("item_bias") && fm["item_bias"].is_array())
        for (const json& v : fm["item_bias"]) bias.push_back(v.is_number() ? v.get<float>() : 0.0f);
    } else {
      o.kind = spark.kind;
      o.alpha = spark.alpha;
      o.regularization = spark.regularization;
      o.scale_reg_by_count = spark.scale_reg_by_count;
    }
    b->model = std::make_unique<FactorModel>(std::move(factors), std::move(bias), mean, o);
    if (auto s = finish(*b); !s) return s.error();
  } else {
    if (auto s = finish(*b); !s) return s.error();
    auto model = make_recommender(b->options);
    if (!model) return model.error();
    if (auto s = (*model)->fit(*b->train); !s) return s.error();
    b->model = std::move(*model);
  }
  if (!meta.is_null() && meta.contains("catalog")) {
    if (auto s = b->set_catalog(dump(meta["catalog"])); !s) return make_error("model.json catalog: ", s.error().message);
  }
  return b;
}

}  // namespace plume::recommend
