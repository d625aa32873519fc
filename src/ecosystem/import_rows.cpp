// The row rules of each import kind (what a valid product, customer or event row is), identity
// unification, and the commit that moves staged rows into the Store.
#include <algorithm>
#include <cstdlib>

#include "ecosystem/identity.h"
#include "ecosystem/import_state.h"
#include "ecosystem/suggest.h"

namespace plume::ecosystem {

namespace {

enum CatalogField { kPid, kTitle, kDescription, kPrice, kCategory, kBrand, kLink, kImage, kAvailability, kPartner };
enum CustomerField { kCid, kName, kEmail, kPhone, kLanguage, kCity, kSignup };
enum EventField { kUser, kItem, kType, kChannel, kEventPartner, kTimestamp, kRevenue };

std::string trim(std::string_view s) {
  size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
  return a == std::string_view::npos ? "" : std::string(s.substr(a, b - a + 1));
}

std::string lower_token(std::string_view s) {
  std::string out;
  for (char c : trim(s)) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : (c == ' ' || c == '-') ? '_' : c;
  return out;
}

// "19.99", "19.99 USD": a non-negative decimal and an optional ISO 4217 code.
bool parse_amount(std::string_view text, double* value, std::string* currency) {
  std::string t = trim(text);
  size_t n = 0, dots = 0;
  while (n < t.size() && ((t[n] >= '0' && t[n] <= '9') || t[n] == '.')) dots += t[n++] == '.';
  if (n == 0 || dots > 1 || t[0] == '.' || t[n - 1] == '.') return false;
  std::string rest = trim(std::string_view(t).substr(n));
  if (!rest.empty()) {
    if (rest.size() != 3) return false;
    for (char c : rest)
      if (c < 'A' || c > 'Z') return false;
  }
  *value = std::strtod(t.substr(0, n).c_str(), nullptr);
  if (currency) *currency = rest;
  return true;
}

const std::vector<std::string> kEventChannels = {"email", "sms", "x", "weibo", "wechat", "google-ads", "web-widget", "push",
                                                 "web", "app", "store"};
const std::vector<std::string> kAvailabilityValues = {"in_stock", "out_of_stock", "preorder", "backorder"};

}  // namespace

const std::vector<std::vector<std::string>>& import_fields(ImportKind kind) {
  static const std::vector<std::vector<std::string>> catalog = {
      {"id", "product_id", "sku"}, {"title", "name"}, {"description"}, {"price"},
      {"category", "product_type", "google_product_category"}, {"brand"}, {"link", "url"},
      {"image_link", "image", "image_url"}, {"availability"}, {"partner", "supplier"}};
  static const std::vector<std::vector<std::string>> customers = {
      {"id", "customer_id", "user_id", "customer"}, {"name"}, {"email"}, {"phone", "mobile", "phone_number"},
      {"language", "lang", "locale"}, {"city"}, {"signup_date", "signup", "signed_up", "created_at"}};
  static const std::vector<std::vector<std::string>> events = {
      {"user", "user_id", "customer", "customer_id"}, {"item", "item_id", "product", "product_id", "sku"},
      {"type", "event", "event_type"}, {"channel"}, {"partner"}, {"timestamp", "time", "ts", "event_time"},
      {"revenue", "amount"}};
  return kind == ImportKind::kCatalog ? catalog : kind == ImportKind::kCustomers ? customers : events;
}

bool import_field_required(ImportKind kind, int field) {
  if (kind == ImportKind::kCatalog) return field == kPid || field == kTitle;
  if (kind == ImportKind::kCustomers) return field == kCid;
  return field == kUser || field == kType || field == kTimestamp;
}

int32_t Importer::State::find_customer_id(const std::string& id) const {
  if (auto it = id_add.find(id); it != id_add.end()) return it->second;
  if (auto it = store.customer_index.find(id); it != store.customer_index.end()) return it->second;
  return -1;
}

int32_t Importer::State::find_identity(const std::string& key) const {
  if (auto it = identity_add.find(key); it != identity_add.end()) return it->second;
  if (auto it = store.identity_index.find(key); it != store.identity_index.end()) return it->second;
  return -1;
}

Customer& Importer::State::customer(int32_t index) {
  size_t base = store.customers.size();
  if (static_cast<size_t>(index) >= base) return added[static_cast<size_t>(index) - base];
  return changed.try_emplace(index, store.customers[static_cast<size_t>(index)]).first->second;
}

int32_t Importer::State::add_customer(Customer c) {
  int32_t index = static_cast<int32_t>(store.customers.size() + added.size());
  id_add[c.id] = index;
  added.push_back(std::move(c));
  return index;
}

int32_t Importer::State::attribute(const std::string& name) {
  auto it = attribute_index.find(name);
  if (it != attribute_index.end()) return it->second;
  int32_t id = static_cast<int32_t>(attribute_names.size());
  attribute_names.push_back(name);
  attribute_index[name] = id;
  return id;
}

Status import_catalog_row(Importer::State& s, const RowView& row) {
  Product p;
  p.id = trim(row.get(kPid));
  if (p.id.empty()) return make_error(row.where(kPid), ": empty product id");
  p.title = trim(row.get(kTitle));
  if (p.title.empty()) return make_error(row.where(kTitle), ": empty title");
  p.description = row.get(kDescription);
  if (std::string price = trim(row.get(kPrice)); !price.empty()) {
    if (!parse_amount(price, &p.price, &p.currency))
      return make_error(row.where(kPrice), ": '", price, "' is not a price (a number and a currency code: 19.99 USD)");
    if (p.currency.empty() && s.opt.manifest) p.currency = s.opt.manifest->currency;
  }
  p.category = trim(row.get(kCategory));
  p.brand = trim(row.get(kBrand));
  p.link = trim(row.get(kLink));
  p.image_link = trim(row.get(kImage));
  p.availability = lower_token(row.get(kAvailability));
  if (p.availability.empty()) p.availability = "in_stock";
  bool known = false;
  for (const std::string& a : kAvailabilityValues) known = known || a == p.availability;
  if (!known)
    return make_error(row.where(kAvailability), ": '", trim(row.get(kAvailability)), "' is not in_stock, out_of_stock, preorder or backorder",
                      did_you_mean(p.availability, kAvailabilityValues));
  p.partner = trim(row.get(kPartner));
  if (!p.partner.empty() && s.opt.manifest) {
    const Partner* partner = s.opt.manifest->partner(p.partner);
    if (!partner) {
      std::vector<std::string> ids;
      for (const Partner& q : s.opt.manifest->partners) ids.push_back(q.id);
      return make_error(row.where(kPartner), ": no partner '", p.partner, "' in the manifest", did_you_mean(p.partner, ids));
    }
    if (partner->type != PartnerType::kProduct)
      return make_error(row.where(kPartner), ": '", p.partner, "' is a ", partner_type_name(partner->type),
                        " partner; products come from product partners");
  }
  auto [it, fresh] = s.product_rows.try_emplace(p.id, static_cast<int32_t>(s.products.size()), row.line);
  if (!fresh) {
    return make_error(row.where(kPid), ": product '", p.id, "' appears again",
                      row.json_index >= 0 ? std::string() : " (first on line " + std::to_string(it->second.second) + ")");
  }
  (s.store.product_index.count(p.id) ? s.summary.updated : s.summary.added)++;
  s.products.push_back(std::move(p));
  return {};
}

Status import_customer_row(Importer::State& s, const RowView& row) {
  if (s.attribute_of_column.empty()) {
    s.attribute_of_column.assign(s.header.size(), -1);
    for (size_t c = 0; c < s.header.size(); c++) {
      bool field = false;
      for (int col : s.column_of_field) field = field || col == static_cast<int>(c);
      if (!field) s.attribute_of_column[c] = s.attribute(s.header[c]);
    }
  }
  std::string id = trim(row.get(kCid));
  if (id.empty()) return make_error(row.where(kCid), ": empty customer id");
  std::string email, phone, language;
  if (std::string e = trim(row.get(kEmail)); !e.empty()) {
    auto n = normalize_email(e);
    if (!n) return make_error(row.where(kEmail), ": ", n.error().message);
    email = *n;
  }
  if (std::string p = trim(row.get(kPhone)); !p.empty()) {
    auto n = normalize_phone(p, s.identity_cc());
    if (!n) return make_error(row.where(kPhone), ": ", n.error().message);
    phone = *n;
  }
  if (std::string l = lower_token(row.get(kLanguage)); !l.empty()) {
    language = l.substr(0, l.find('_'));  // "zh-CN" -> "zh": the primary language subtag
    bool letters = language.size() >= 2 && language.size() <= 3;
    for (char c : language) letters = letters && c >= 'a' && c <= 'z';
    if (!letters) return make_error(row.where(kLanguage), ": '", trim(row.get(kLanguage)), "' is not a language code (en, zh, zh-CN)");
  }
  int64_t signup = kNoTime;
  if (std::string d = trim(row.get(kSignup)); !d.empty()) {
    auto t = parse_timestamp(d);
    if (!t) return make_error(row.where(kSignup), ": ", t.error().message);
    signup = *t;
  }
  std::vector<std::pair<std::string, std::string>> keys;  // in the manifest's priority order
  for (const std::string& k : s.identity_keys()) {
    if (k == "email" && !email.empty()) keys.emplace_back("email:" + email, "email");
    if (k == "phone" && !phone.empty()) keys.emplace_back("phone:" + phone, "phone");
  }
  int32_t index = s.find_customer_id(id);
  bool by_id = index >= 0;
  for (const auto& key : keys) {
    int32_t other = s.find_identity(key.first);
    if (other < 0) continue;
    if (index < 0) index = other;
    else if (other != index) s.summary.identity_conflicts++;  // first match (id, then key order) wins
  }
  if (index < 0) {
    Customer c;
    c.id = id;
    index = s.add_customer(std::move(c));
    s.summary.added++;
  } else if (by_id) {
    s.summary.updated++;
  } else {
    s.summary.unified++;
    s.customer(index).aliases.push_back(id);
    s.id_add[id] = index;
  }
  Customer& c = s.customer(index);
  // Later non-empty values replace earlier ones: a re-import is an update.
  if (std::string n = trim(row.get(kName)); !n.empty()) c.name = n;
  if (!email.empty()) c.email = email;
  if (!phone.empty()) c.phone = phone;
  if (!language.empty()) c.language = language;
  if (std::string city = trim(row.get(kCity)); !city.empty()) c.city = city;
  if (signup != kNoTime) c.signup = signup;
  for (size_t col = 0; col < s.attribute_of_column.size(); col++) {
    int32_t a = s.attribute_of_column[col];
    if (a < 0) continue;
    std::string v = trim((*row.fields)[col]);
    if (v.empty()) continue;
    bool replaced = false;
    for (auto& kv : c.attributes)
      if (kv.first == a) { kv.second = v; replaced = true; }
    if (!replaced) c.attributes.emplace_back(a, std::move(v));
  }
  for (const auto& key : keys)
    if (s.find_identity(key.first) < 0) s.identity_add[key.first] = index;
  return {};
}

Status import_event_row(Importer::State& s, const RowView& row) {
  const std::string& user_raw = row.get(kUser);
  std::string user = trim(user_raw);
  if (user.empty()) return make_error(row.where(kUser), ": empty user");
  std::string type = lower_token(row.get(kType));
  bool type_ok = !type.empty();
  for (char c : type) type_ok = type_ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  if (!type_ok) return make_error(row.where(kType), ": '", trim(row.get(kType)), "' is not an event type (letters, digits and _: open, click, purchase)");
  auto ts = parse_timestamp(row.get(kTimestamp));
  if (!ts) return make_error(row.where(kTimestamp), ": ", ts.error().message);
  Event e;
  e.timestamp = *ts;
  e.type = s.event_types.intern(type);
  if (std::string ch = trim(row.get(kChannel)); !ch.empty()) {
    std::string c = lower_token(ch);
    for (char& x : c) if (x == '_') x = '-';
    if (c == "twitter") c = "x";
    bool known = false;
    for (const std::string& k : kEventChannels) known = known || k == c;
    if (!known) return make_error(row.where(kChannel), ": '", ch, "' is not a channel (email, sms, x, weibo, wechat, google-ads, web-widget, push, web, app, store)",
                                  did_you_mean(c, kEventChannels));
    e.channel = s.channels.intern(c);
  }
  if (std::string p = trim(row.get(kEventPartner)); !p.empty()) {
    if (s.opt.manifest && !s.opt.manifest->partner(p)) {
      std::vector<std::string> ids;
      for (const Partner& q : s.opt.manifest->partners) ids.push_back(q.id);
      return make_error(row.where(kEventPartner), ": no partner '", p, "' in the manifest", did_you_mean(p, ids));
    }
    e.partner = s.partners.intern(p);
  }
  if (std::string r = trim(row.get(kRevenue)); !r.empty()) {
    if (!parse_amount(r, &e.revenue, nullptr))
      return make_error(row.where(kRevenue), ": '", r, "' is not an amount (a non-negative number)");
  }
  if (std::string item = trim(row.get(kItem)); !item.empty()) {
    if (!s.store.product_index.count(item)) s.summary.unknown_items++;
    e.item = s.items.intern(item);
  }
  int32_t index = s.find_customer_id(user);
  std::string email, phone;
  if (index < 0) {
    const auto keys = s.identity_keys();
    bool use_email = std::find(keys.begin(), keys.end(), "email") != keys.end();
    bool use_phone = std::find(keys.begin(), keys.end(), "phone") != keys.end();
    if (user.find('@') != std::string::npos) {
      if (auto n = normalize_email(user); n) email = *n;
    } else if (user[0] == '+' || (user.size() >= 8 && user.find_first_not_of("0123456789 -") == std::string::npos)) {
      if (auto n = normalize_phone(user, s.identity_cc()); n) phone = *n;
    }
    if (use_email && !email.empty()) index = s.find_identity("email:" + email);
    if (index < 0 && use_phone && !phone.empty()) index = s.find_identity("phone:" + phone);
  }
  if (index < 0) {
    if (!s.opt.create_unknown_customers)
      return make_error(row.where(kUser), ": no customer has the id, email or phone '", user, "'");
    Customer c;
    c.id = user;
    c.email = email;
    c.phone = phone;
    index = s.add_customer(std::move(c));
    if (!email.empty()) s.identity_add["email:" + email] = index;
    if (!phone.empty()) s.identity_add["phone:" + phone] = index;
    s.summary.customers_created++;
  }
  e.customer = index;
  s.events.push_back(e);
  s.summary.added++;
  return {};
}

void commit_import(Importer::State& s) {
  Store& st = s.store;
  for (Product& p : s.products) {
    auto it = st.product_index.find(p.id);
    if (it != st.product_index.end()) {
      st.products[static_cast<size_t>(it->second)] = std::move(p);
      continue;
    }
    st.items.intern(p.id);
    st.product_index[p.id] = static_cast<int32_t>(st.products.size());
    st.products.push_back(std::move(p));
  }
  for (auto& kv : s.changed) st.customers[static_cast<size_t>(kv.first)] = std::move(kv.second);
  for (Customer& c : s.added) st.customers.push_back(std::move(c));
  for (auto& kv : s.id_add) st.customer_index[kv.first] = kv.second;
  for (auto& kv : s.identity_add) st.identity_index[kv.first] = kv.second;
  if (s.kind != ImportKind::kCatalog) st.attribute_names = std::move(s.attribute_names);
  if (s.kind == ImportKind::kEvents) {
    st.events.insert(st.events.end(), s.events.begin(), s.events.end());
    st.items = std::move(s.items);
    st.event_types = std::move(s.event_types);
    st.channels = std::move(s.channels);
    st.partners = std::move(s.partners);
  }
  s.products.clear();
  s.changed.clear();
  s.added.clear();
  s.events = {};
}

}  // namespace plume::ecosystem
