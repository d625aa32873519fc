// Internal to the importer (import.cpp, import_rows.cpp): the staging area and the row view.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "ecosystem/csv.h"
#include "ecosystem/import.h"

namespace plume::ecosystem {

// One input row, by the kind's canonical field numbers; `where` names a field for errors.
struct RowView {
  const std::vector<std::string>* fields = nullptr;  // the row's values, by input column
  const std::vector<int>* column_of_field = nullptr; // canonical field -> input column, -1 absent
  const std::vector<std::string>* header = nullptr;
  int64_t line = 0;        // CSV line
  int64_t json_index = -1; // JSON array index (catalog JSON)
  const std::string& get(int field) const;
  int column(int field) const { return (*column_of_field)[static_cast<size_t>(field)]; }
  std::string where(int field) const;  // "line 7, column 3 (email)" or "[6].email"
  std::string where_row() const;       // "line 7" or "[6]"
};

struct Importer::State {
  State(ImportKind k, Store& st, ImportOptions o) : kind(k), store(st), opt(o), reader(o.separator) {}
  ImportKind kind;
  Store& store;
  ImportOptions opt;
  CsvReader reader;
  std::string json_text;
  bool header_done = false, failed = false, done = false;
  std::vector<std::string> header;
  std::vector<int> column_of_field;
  Error error;
  ImportSummary summary;

  // catalog staging
  std::vector<Product> products;
  std::unordered_map<std::string, std::pair<int32_t, int64_t>> product_rows;  // id -> (staged index, line)

  // customer staging: copies of changed customers, new ones, index additions
  std::unordered_map<int32_t, Customer> changed;
  std::vector<Customer> added;
  std::unordered_map<std::string, int32_t> id_add, identity_add;
  std::vector<std::string> attribute_names;
  std::unordered_map<std::string, int32_t> attribute_index;
  std::vector<int32_t> attribute_of_column;  // customers: input column -> attribute, -1 = a field

  // event staging
  std::vector<Event> events;
  Names items, event_types, channels, partners;

  int32_t find_customer_id(const std::string& id) const;
  int32_t find_identity(const std::string& key) const;
  Customer& customer(int32_t index);  // a staged, writable copy
  int32_t add_customer(Customer c);
  int32_t attribute(const std::string& name);
  std::string identity_cc() const { return opt.manifest ? opt.manifest->identity.default_country_code : ""; }
  std::vector<std::string> identity_keys() const {
    return opt.manifest ? opt.manifest->identity.keys : std::vector<std::string>{"email", "phone"};
  }
};

// The canonical fields of each kind (first name) and the header aliases that map to them.
const std::vector<std::vector<std::string>>& import_fields(ImportKind kind);
// Which fields must be present in the header.
bool import_field_required(ImportKind kind, int field);

Status import_catalog_row(Importer::State& s, const RowView& row);
Status import_customer_row(Importer::State& s, const RowView& row);
Status import_event_row(Importer::State& s, const RowView& row);
void commit_import(Importer::State& s);

}  // namespace plume::ecosystem
