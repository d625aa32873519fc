// The ecosystem's data layer: the streaming CSV reader's RFC 4180 edge cases, imports with
// line-and-column errors, transactions (a bad last row changes nothing), identity unification,
// and timestamps (expected values from Python's datetime).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "ecosystem/csv.h"
#include "ecosystem/identity.h"
#include "ecosystem/import.h"

using namespace plume::ecosystem;
using plume::Status;

namespace {

std::vector<std::vector<std::string>> fields(const std::vector<CsvRecord>& rs) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : rs) out.push_back(r.fields);
  return out;
}

// Feeds `text` in chunks of `chunk` bytes; returns the records or the error.
plume::Result<std::vector<CsvRecord>> chunked(std::string_view text, size_t chunk) {
  std::vector<CsvRecord> out;
  CsvReader reader;
  auto sink = [&out](const CsvRecord& r) { out.push_back(r); return Status(); };
  for (size_t i = 0; i < text.size(); i += chunk)
    if (Status s = reader.feed(text.substr(i, chunk), sink); !s) return s.error();
  if (Status s = reader.finish(sink); !s) return s.error();
  return out;
}

std::string error_of(Store& store, ImportKind kind, std::string_view text, const ImportOptions& o = {}) {
  auto r = import_text(store, kind, text, o);
  return r.ok() ? std::string("(no error)") : r.error().message;
}

const char* kCustomers =
    "id,name,email,phone,language,city,signup_date,tier,age\n"
    "C1,Wang Wei,Wang.Wei@Example.com,138 0013 8000,zh-CN,上海,2023-05-01,gold,31\n"
    "C2,\"Smith, Emma\",emma@example.com,,en,London,2023-06-02,silver,45\n"
    "C3,李娜,,+86 139-0013-9000,zh,北京,,none,\n";

}  // namespace

TEST_CASE("csv: RFC 4180 quoting, separators and line breaks inside quotes", "[ecosystem][csv]") {
  auto r = read_csv("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,\"\"\n");
  REQUIRE(r.ok());
  CHECK(fields(*r) == std::vector<std::vector<std::string>>{{"a", "b", "c"}, {"x, y", "say \"hi\"", "two\nlines"}, {"last", "", ""}});
  CHECK((*r)[1].line == 2);
  CHECK((*r)[2].line == 4);  // the quoted line break moved the line counter
}

TEST_CASE("csv: CRLF, lone CR, BOM, blank lines, no final newline", "[ecosystem][csv]") {
  auto r = read_csv("\xEF\xBB\xBFid,name\r\n1,\"a\r\nb\"\r\n\r\n2,c");
  REQUIRE(r.ok());
  CHECK(fields(*r) == std::vector<std::vector<std::string>>{{"id", "name"}, {"1", "a\r\nb"}, {"2", "c"}});
  CHECK((*r)[2].line == 5);
  auto cr = read_csv("a\rb\r");
  REQUIRE(cr.ok());
  CHECK(fields(*cr) == std::vector<std::vector<std::string>>{{"a"}, {"b"}});
  auto quoted_empty = read_csv("\"\"\n");  // one quoted empty field is a record, not a blank line
  REQUIRE(quoted_empty.ok());
  CHECK(quoted_empty->size() == 1);
}

TEST_CASE("csv: every chunking gives the same records", "[ecosystem][csv]") {
  const std::string text = "\xEF\xBB\xBFid,\"note\"\r\n1,\"a,\"\"b\"\"\r\nc\"\r\n2,plain\n3,\"\"\r\n";
  auto whole = read_csv(text);
  REQUIRE(whole.ok());
  for (size_t chunk = 1; chunk <= text.size(); chunk++) {
    auto part = chunked(text, chunk);
    REQUIRE(part.ok());
    INFO("chunk " << chunk);
    CHECK(fields(*part) == fields(*whole));
    for (size_t i = 0; i < part->size(); i++) CHECK((*part)[i].line == (*whole)[i].line);
  }
  CHECK((*whole)[2].line == 4);
}

TEST_CASE("csv: malformed quoting names line and column", "[ecosystem][csv]") {
  CHECK(read_csv("a,b\n1,x\"y\n").error().message ==
        "line 2, column 2: a quote inside an unquoted field (quote the whole field and double the quote: \"a \"\"b\"\"\")");
  CHECK(read_csv("a,b\n\"1\"x,2\n").error().message ==
        "line 2, column 1: unexpected character after a closing quote (a field is either all quoted or not quoted)");
  CHECK(read_csv("a,b\n1,2\n3,\"open\nstill open").error().message ==
        "line 3, column 2: a quoted field is not closed (the file ends inside it)");
}

TEST_CASE("import: wrong column counts and bad values name line and column", "[ecosystem][import]") {
  Store st;
  CHECK(error_of(st, ImportKind::kCustomers, "id,email,city\nC1,a@b.co,x\nC2,c@d.co\n") ==
        "line 3: 2 fields where the header has 3");
  CHECK(error_of(st, ImportKind::kCustomers, "id,email\nC1,a@b.co,x\n") == "line 2: 3 fields where the header has 2 (an unquoted comma?)");
  CHECK(error_of(st, ImportKind::kCustomers, "id,name,email\nC1,A,a@b.co\nC2,\"B\nB\",not-an-email\n") ==
        "line 3, column 3 (email): 'not-an-email' is not an email address");
  CHECK(error_of(st, ImportKind::kCustomers, "id,phone\nC1,12345\n") ==
        "line 2, column 2 (phone): '12345' has no country code: write it as +<country><number> or set identity.default_country_code in the manifest");
  CHECK(error_of(st, ImportKind::kCustomers, "id,signup_date\nC1,2023-02-29\n").rfind("line 2, column 2 (signup_date): '2023-02-29' is not a timestamp (no such date", 0) == 0);
  CHECK(error_of(st, ImportKind::kEvents, "usr,type,timestamp\nC1,open,1\n") ==
        "line 1: the header has no 'user' column (is 'usr' meant to be 'user'?)");
  CHECK(error_of(st, ImportKind::kEvents, "user,type,timestamp,channel\nC1,open,1,wechatt\n") ==
        "line 2, column 4 (channel): 'wechatt' is not a channel (email, sms, x, weibo, wechat, google-ads, web-widget, push, web, app, store) (did you mean 'wechat'?)");
  CHECK(error_of(st, ImportKind::kEvents, "user,type,timestamp,revenue\nC1,purchase,1,-5\n") ==
        "line 2, column 4 (revenue): '-5' is not an amount (a non-negative number)");
  CHECK(error_of(st, ImportKind::kCatalog, "id,title,price\nP1,Band,19.99 USD\nP2,Cup,abc\n") ==
        "line 3, column 3 (price): 'abc' is not a price (a number and a currency code: 19.99 USD)");
  CHECK(error_of(st, ImportKind::kCatalog, "id,title,availability\nP1,Band,in stok\n") ==
        "line 2, column 3 (availability): 'in stok' is not in_stock, out_of_stock, preorder or backorder (did you mean 'in_stock'?)");
  CHECK(error_of(st, ImportKind::kCatalog, "id,title\nP1,A\nP2,B\nP1,C\n") ==
        "line 4, column 1 (id): product 'P1' appears again (first on line 2)");
  CHECK(error_of(st, ImportKind::kCatalog, "id,id,title\n") == "line 1, column 2: column 'id' appears twice in the header");
  CHECK(error_of(st, ImportKind::kCatalog, "") == "the file is empty (no header line)");
  CHECK(st.customers.empty());
  CHECK(st.products.empty());
}

TEST_CASE("import: catalogs in CSV and JSON, with the manifest's partners", "[ecosystem][import]") {
  auto m = load_manifest(R"({"version": 1, "brand": {"name": "A", "currency": "CNY"}, "channels": [{"id": "sms"}],
    "partners": [{"id": "maker", "name": "M", "type": "product"}, {"id": "gw", "name": "G", "type": "channel", "channels": [{"id": "sms"}]}]})");
  REQUIRE(m.ok());
  ImportOptions o;
  o.manifest = &*m;
  Store st;
  auto r = import_text(st, ImportKind::kCatalog,
                       "id,title,price,category,availability,partner,gtin\nP1,Band,19.99 USD,wearables,in stock,maker,123\nP2,茶杯,88,kitchen,,,\n", o);
  REQUIRE(r.ok());
  CHECK(r->added == 2);
  CHECK(r->ignored_columns == std::vector<std::string>{"gtin"});
  CHECK(st.products[0].price == 19.99);
  CHECK(st.products[0].currency == "USD");
  CHECK(st.products[0].availability == "in_stock");
  CHECK(st.products[1].currency == "CNY");  // brand.currency for a bare number
  CHECK(error_of(st, ImportKind::kCatalog, "id,title,partner\nP3,X,gw\n", o) ==
        "line 2, column 3 (partner): 'gw' is a channel partner; products come from product partners");
  CHECK(error_of(st, ImportKind::kCatalog, "id,title,partner\nP3,X,makr\n", o) ==
        "line 2, column 3 (partner): no partner 'makr' in the manifest (did you mean 'maker'?)");
  o.format = ImportFormat::kJson;
  auto j = import_text(st, ImportKind::kCatalog, R"([{"id": "P1", "title": "Band 2", "price": 21}, {"id": "P9", "title": "New"}])", o);
  REQUIRE(j.ok());
  CHECK(j->updated == 1);
  CHECK(j->added == 1);
  CHECK(st.products[0].title == "Band 2");
  CHECK(st.products.size() == 3);
  CHECK(error_of(st, ImportKind::kCatalog, R"([{"id": "P5", "title": "A"}, {"id": "P6", "title": "B", "price": "x"}])", o) ==
        "[1].price: 'x' is not a price (a number and a currency code: 19.99 USD)");
  CHECK(error_of(st, ImportKind::kCatalog, R"([{"id": "P5"}])", o) == "[0]: no 'title'");
  CHECK(st.products.size() == 3);
}

TEST_CASE("import: a bad row at the end leaves the store unchanged", "[ecosystem][import]") {
  auto m = load_manifest(R"({"version": 1, "brand": {"name": "A"}, "channels": [{"id": "sms"}], "identity": {"default_country_code": "86"}})");
  REQUIRE(m.ok());
  ImportOptions o;
  o.manifest = &*m;
  Store st;
  auto first = import_text(st, ImportKind::kCustomers, kCustomers, o);
  INFO((first.ok() ? std::string() : first.error().message));
  REQUIRE(first.ok());
  REQUIRE(import_text(st, ImportKind::kEvents, "user,item,type,timestamp\nC1,P1,view,2024-01-01\n").ok());
  const Customer before = st.customers[0];
  const size_t n_customers = st.customers.size(), n_index = st.customer_index.size(), n_ident = st.identity_index.size(),
               n_attrs = st.attribute_names.size(), n_events = st.events.size(), n_types = static_cast<size_t>(st.event_types.size());
  // The first rows update C1 and add customers and a new attribute; the last row is bad.
  std::string bad = "id,name,email,segment\nC1,Renamed,new@example.com,x\nC9,New,n9@example.com,y\nC10,Bad,bad-email,z\n";
  CHECK(error_of(st, ImportKind::kCustomers, bad, o) == "line 4, column 3 (email): 'bad-email' is not an email address");
  CHECK(error_of(st, ImportKind::kEvents, "user,type,timestamp\nC1,click,2024-01-02\nC77,open,2024-01-03\nC1,open,yesterday\n")
            .rfind("line 4, column 3 (timestamp): 'yesterday' is not a timestamp", 0) == 0);
  CHECK(st.customers.size() == n_customers);
  CHECK(st.customers[0].name == before.name);
  CHECK(st.customers[0].email == before.email);
  CHECK(st.customer_index.size() == n_index);
  CHECK(st.identity_index.size() == n_ident);
  CHECK(st.attribute_names.size() == n_attrs);
  CHECK(st.events.size() == n_events);
  CHECK(static_cast<size_t>(st.event_types.size()) == n_types);
  CHECK(st.customer_index.count("C77") == 0);
}

TEST_CASE("import: streaming with progress, abort, and no use after an error", "[ecosystem][import]") {
  Store st;
  std::string text = "id,email\n";
  for (int i = 0; i < 1000; i++) text += "C" + std::to_string(i) + ",u" + std::to_string(i) + "@example.com\n";
  {
    Importer im(ImportKind::kCustomers, st);
    REQUIRE(im.feed(std::string_view(text).substr(0, 5000)).ok());
    auto p = im.progress();
    CHECK(p.bytes == 5000);
    CHECK(p.rows > 100);
    CHECK(p.rows < 1000);
    im.abort();
    CHECK(!im.feed("C5000,x@y.zz\n").ok());
    CHECK(im.finish().error().message == "the import was cancelled");
  }
  CHECK(st.customers.empty());
  Importer im(ImportKind::kCustomers, st);
  for (size_t i = 0; i < text.size(); i += 777) REQUIRE(im.feed(std::string_view(text).substr(i, 777)).ok());
  auto r = im.finish();
  REQUIRE(r.ok());
  CHECK(r->added == 1000);
  CHECK(st.customers.size() == 1000);
  CHECK(im.progress().rows == 1000);
  CHECK(!im.finish().ok());  // finished already
}

TEST_CASE("identity: one customer per email or phone across sources", "[ecosystem][identity]") {
  auto m = load_manifest(R"({"version": 1, "brand": {"name": "A"}, "channels": [{"id": "sms"}],
                             "identity": {"keys": ["email", "phone"], "default_country_code": "86"}})");
  REQUIRE(m.ok());
  ImportOptions o;
  o.manifest = &*m;
  Store st;
  auto first = import_text(st, ImportKind::kCustomers, kCustomers, o);
  REQUIRE(first.ok());
  CHECK(first->added == 3);
  CHECK(st.customers[0].email == "wang.wei@example.com");
  CHECK(st.customers[0].phone == "+8613800138000");
  CHECK(st.customers[2].phone == "+8613900139000");
  CHECK(st.customers[0].language == "zh");
  // A partner's CRM: its own ids; e-mail in capitals, phone written another way.
  auto crm = import_text(st, ImportKind::kCustomers,
                         "customer_id,email,phone,tier\nWX-1,WANG.WEI@EXAMPLE.COM,,platinum\nWX-3,,0086 139 0013 9000,\nWX-4,new@example.com,,\n"
                         "WX-5,emma@example.com,+8613800138000,\n", o);
  REQUIRE(crm.ok());
  CHECK(crm->unified == 3);
  CHECK(crm->added == 1);
  CHECK(crm->identity_conflicts == 1);  // WX-5: e-mail says C2, phone says C1; e-mail (first key) wins
  CHECK(st.customers.size() == 4);
  CHECK(st.customer_index.at("WX-1") == 0);
  CHECK(st.customer_index.at("WX-3") == 2);
  CHECK(st.customer_index.at("WX-5") == 1);
  CHECK(st.customers[0].aliases == std::vector<std::string>{"WX-1"});
  CHECK(st.customers[0].attributes.size() == 2);  // tier replaced (later wins), age kept
  // Events name customers by id, alias, e-mail or phone; unknown users become customers.
  auto ev = import_text(st, ImportKind::kEvents,
                        "user,type,timestamp\nC1,open,1\nWX-3,open,2\nEmma@Example.com,click,3\n139 0013 9000,open,4\n"
                        "stranger@example.com,open,5\nstranger@example.com,click,6\n", o);
  REQUIRE(ev.ok());
  CHECK(ev->customers_created == 1);
  std::vector<int32_t> who;
  for (const Event& e : st.events) who.push_back(e.customer);
  CHECK(who == std::vector<int32_t>{0, 2, 1, 2, 4, 4});
  CHECK(st.customers[4].email == "stranger@example.com");
  o.create_unknown_customers = false;
  CHECK(error_of(st, ImportKind::kEvents, "user,type,timestamp\nghost,open,1\n", o) ==
        "line 2, column 1 (user): no customer has the id, email or phone 'ghost'");
}

TEST_CASE("identity: normalization rules", "[ecosystem][identity]") {
  CHECK(normalize_email("  Ann.Lee@Mail.Example.COM ").value() == "ann.lee@mail.example.com");
  for (const char* bad : {"a@b", "@b.co", "a@@b.co", "a b@c.co", "a@b.co."}) CHECK(!normalize_email(bad).ok());
  CHECK(normalize_phone("+1 (415) 555-0100", "").value() == "+14155550100");
  CHECK(normalize_phone("00441632960961", "").value() == "+441632960961");
  CHECK(normalize_phone("020 7946 0018", "44").value() == "+442079460018");
  CHECK(!normalize_phone("+1 555", "").ok());
  CHECK(!normalize_phone("+1234567890123456", "").ok());
  CHECK(!normalize_phone("555-CALL", "1").ok());
}

TEST_CASE("timestamps: ISO 8601 and epoch forms (values from Python's datetime)", "[ecosystem][identity]") {
  CHECK(parse_timestamp("2024-03-05T14:30:00Z").value() == 1709649000);
  CHECK(parse_timestamp("2024-03-05 14:30").value() == 1709649000);
  CHECK(parse_timestamp("2024-03-05T14:30:00.250+08:00").value() == 1709620200);
  CHECK(parse_timestamp("2024-03-05T14:30:00+0800").value() == 1709620200);
  CHECK(parse_timestamp("2024-02-29").value() == 1709164800);
  CHECK(parse_timestamp("1969-12-31T23:59:59Z").value() == -1);
  CHECK(parse_timestamp("2000-01-01T00:00:00-05:30").value() == 946704600);
  CHECK(parse_timestamp("1709649000").value() == 1709649000);
  CHECK(parse_timestamp("1709649000123").value() == 1709649000);  // milliseconds
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-03-05T25:00", "2024-03-05T10:00+15:00", "05/03/2024", "", "2024-03-05X"})
    CHECK(!parse_timestamp(bad).ok());
  CHECK(format_timestamp(1709649000) == "2024-03-05T14:30:00Z");
  CHECK(format_timestamp(-1) == "1969-12-31T23:59:59Z");
}
