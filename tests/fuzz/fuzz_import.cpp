// The ecosystem CSV / JSON imports (src/ecosystem/import*): catalog, customers and events through
// an Importer, into a Store that already holds a few products and customers. Byte 0: bits 0-1 the
// kind (catalog, customers, events, events), bit 2 JSON (catalogs), bit 3 ';' as separator, bit 4
// the sample manifest (partner ids, currency, identity), bit 5 unknown event users are an error.
// Byte 1: the chunk size (1..256) the second import feeds in. The rest is the file.
// Invariants: the file in one piece and in chunks gives the same answer, summary and Store; a
// refused file leaves the Store exactly as it was; an accepted one keeps every index valid
// (events, product and customer maps) and adds as many products / events as the summary says.
#include <fstream>
#include <iterator>

#include "ecosystem/import.h"
#include "fuzz_input.h"

using namespace plume;
using namespace plume::ecosystem;

namespace {

const Manifest& sample_manifest() {
  static const Manifest m = [] {
    std::ifstream in(PLUME_SOURCE_DIR "/data/ecosystem/manifest.json", std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto loaded = load_manifest(text);
    if (!loaded) {
      std::fprintf(stderr, "sample manifest: %s\n", loaded.error().message.c_str());
      std::abort();
    }
    return std::move(*loaded);
  }();
  return m;
}

const Store& base_store() {
  static const Store s = [] {
    Store st;
    auto c = import_text(st, ImportKind::kCatalog,
                         "id,title,price,category,partner\nP1,Aurora Band,399 CNY,wearables,\nP2,Lamp,19.99 USD,home,\n");
    auto u = import_text(st, ImportKind::kCustomers,
                         "id,name,email,phone,language,signup_date,tier\nC1,Ana,ana@example.com,+8613800000000,en,2024-01-02,gold\n"
                         "C2,李雷,li@example.cn,,zh-CN,,\n");
    if (!c || !u) std::abort();
    return st;
  }();
  return s;
}

bool same_store(const Store& a, const Store& b) {
  if (a.products.size() != b.products.size() || a.customers.size() != b.customers.size() ||
      a.events.size() != b.events.size() || a.product_index != b.product_index ||
      a.customer_index != b.customer_index || a.identity_index != b.identity_index ||
      a.attribute_names != b.attribute_names || a.items.size() != b.items.size() ||
      a.event_types.size() != b.event_types.size() || a.channels.size() != b.channels.size() ||
      a.partners.size() != b.partners.size())
    return false;
  for (size_t i = 0; i < a.products.size(); i++)
    if (a.products[i].id != b.products[i].id || a.products[i].title != b.products[i].title ||
        a.products[i].price != b.products[i].price || a.products[i].currency != b.products[i].currency)
      return false;
  for (size_t i = 0; i < a.customers.size(); i++)
    if (a.customers[i].id != b.customers[i].id || a.customers[i].email != b.customers[i].email ||
        a.customers[i].phone != b.customers[i].phone || a.customers[i].aliases != b.customers[i].aliases ||
        a.customers[i].attributes != b.customers[i].attributes)
      return false;
  for (size_t i = 0; i < a.events.size(); i++) {
    const Event &x = a.events[i], &y = b.events[i];
    if (x.customer != y.customer || x.item != y.item || x.type != y.type || x.channel != y.channel ||
        x.partner != y.partner || x.timestamp != y.timestamp || x.revenue != y.revenue)
      return false;
  }
  return true;
}

void check_indices(const Store& s) {
  for (const auto& [id, i] : s.product_index) {
    FUZZ_CHECK(i >= 0 && static_cast<size_t>(i) < s.products.size());
    FUZZ_CHECK(s.products[static_cast<size_t>(i)].id == id);
  }
  FUZZ_CHECK(s.product_index.size() == s.products.size());
  for (const auto& [id, i] : s.customer_index) FUZZ_CHECK(i >= 0 && static_cast<size_t>(i) < s.customers.size());
  for (const auto& [key, i] : s.identity_index) FUZZ_CHECK(i >= 0 && static_cast<size_t>(i) < s.customers.size());
  for (const Customer& c : s.customers) {
    FUZZ_CHECK(s.customer_index.count(c.id) == 1);
    for (const auto& [a, v] : c.attributes) FUZZ_CHECK(a >= 0 && static_cast<size_t>(a) < s.attribute_names.size());
  }
  for (const Event& e : s.events) {
    FUZZ_CHECK(e.customer >= 0 && static_cast<size_t>(e.customer) < s.customers.size());
    FUZZ_CHECK(e.item >= -1 && e.item < s.items.size());
    FUZZ_CHECK(e.type >= 0 && e.type < s.event_types.size());
    FUZZ_CHECK(e.channel >= -1 && e.channel < s.channels.size());
    FUZZ_CHECK(e.partner >= -1 && e.partner < s.partners.size());
    FUZZ_CHECK(std::isfinite(e.revenue));
  }
  for (const Product& p : s.products) FUZZ_CHECK(std::isfinite(p.price));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const uint8_t flags = data[0];
  const size_t chunk = 1 + data[1];
  std::string_view text(reinterpret_cast<const char*>(data) + 2, size - 2);
  static const ImportKind kinds[] = {ImportKind::kCatalog, ImportKind::kCustomers, ImportKind::kEvents, ImportKind::kEvents};
  const ImportKind kind = kinds[flags & 3];
  ImportOptions options;
  options.format = (kind == ImportKind::kCatalog && (flags & 4)) ? ImportFormat::kJson : ImportFormat::kCsv;
  options.separator = (flags & 8) ? ';' : ',';
  if (flags & 16) options.manifest = &sample_manifest();
  options.create_unknown_customers = !(flags & 32);

  const Store& base = base_store();
  Store whole = base;
  auto one = import_text(whole, kind, text, options);

  Store pieces = base;
  Result<ImportSummary> two = make_error("not run");
  {
    Importer importer(kind, pieces, options);
    Status fed = Status{};
    for (size_t at = 0; at < text.size() && fed.ok(); at += chunk) fed = importer.feed(text.substr(at, chunk));
    if (fed.ok()) FUZZ_CHECK(importer.progress().bytes == static_cast<int64_t>(text.size()));
    two = fed.ok() ? importer.finish() : Result<ImportSummary>(fed.error());
  }
  FUZZ_CHECK(one.ok() == two.ok());
  FUZZ_CHECK(same_store(whole, pieces));
  if (!one) {
    FUZZ_CHECK(!one.error().message.empty());
    FUZZ_CHECK(one.error().message == two.error().message);
    FUZZ_CHECK(same_store(whole, base));
    return 0;
  }
  const ImportSummary &a = *one, &b = *two;
  FUZZ_CHECK(a.rows == b.rows && a.added == b.added && a.updated == b.updated && a.unified == b.unified &&
             a.customers_created == b.customers_created && a.ignored_columns == b.ignored_columns);
  FUZZ_CHECK(a.added >= 0 && a.updated >= 0 && a.rows >= 0);
  if (kind == ImportKind::kCatalog) FUZZ_CHECK(whole.products.size() == base.products.size() + static_cast<size_t>(a.added));
  if (kind == ImportKind::kEvents) {
    FUZZ_CHECK(whole.events.size() == base.events.size() + static_cast<size_t>(a.added));
    FUZZ_CHECK(whole.customers.size() == base.customers.size() + static_cast<size_t>(a.customers_created));
  }
  check_indices(whole);
  return 0;
}
