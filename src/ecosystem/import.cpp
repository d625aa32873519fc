#include "ecosystem/import.h"

#include <nlohmann/json.hpp>

#include "ecosystem/import_state.h"
#include "ecosystem/suggest.h"

using nlohmann::json;

namespace plume::ecosystem {

Result<ImportKind> parse_import_kind(std::string_view name) {
  if (name == "catalog" || name == "products") return ImportKind::kCatalog;
  if (name == "customers") return ImportKind::kCustomers;
  if (name == "events") return ImportKind::kEvents;
  return make_error("unknown import kind '", std::string(name), "' (catalog, customers, events)",
                    did_you_mean(name, {"catalog", "customers", "events"}));
}

const std::string& RowView::get(int field) const {
  static const std::string kEmpty;
  int c = column(field);
  return c < 0 || static_cast<size_t>(c) >= fields->size() ? kEmpty : (*fields)[static_cast<size_t>(c)];
}

std::string RowView::where(int field) const {
  int c = column(field);
  std::string name = c >= 0 ? (*header)[static_cast<size_t>(c)] : "?";
  if (json_index >= 0) return "[" + std::to_string(json_index) + "]." + name;
  return "line " + std::to_string(line) + ", column " + std::to_string(c + 1) + " (" + name + ")";
}

std::string RowView::where_row() const {
  return json_index >= 0 ? "[" + std::to_string(json_index) + "]" : "line " + std::to_string(line);
}

namespace {

std::string normalize_header(std::string_view h) {
  std::string out;
  for (char c : h) {
    if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
    else if (c == ' ' || c == '-') out += '_';
    else out += c;
  }
  size_t a = out.find_first_not_of('_'), b = out.find_last_not_of('_');
  return a == std::string::npos ? "" : out.substr(a, b - a + 1);
}

// Maps the header onto the kind's fields; unknown columns are customer attributes or ignored.
// `line` is the header's line; messages spell out "line N" so that their words stay literal.
Status read_header(Importer::State& s, const std::vector<std::string>& raw, int64_t line) {
  const auto& fields = import_fields(s.kind);
  s.column_of_field.assign(fields.size(), -1);
  std::vector<std::string> known;
  for (const auto& names : fields) known.insert(known.end(), names.begin(), names.end());
  for (size_t c = 0; c < raw.size(); c++) {
    std::string h = normalize_header(raw[c]);
    if (h.empty()) return make_error("line ", line, ", column ", c + 1, ": empty column name in the header");
    for (size_t k = 0; k < c; k++)
      if (s.header[k] == h) return make_error("line ", line, ", column ", c + 1, ": column '", h, "' appears twice in the header");
    s.header.push_back(h);
    bool matched = false;
    for (size_t f = 0; f < fields.size() && !matched; f++)
      for (const std::string& alias : fields[f])
        if (alias == h) {
          if (s.column_of_field[f] >= 0)
            return make_error("line ", line, ", column ", c + 1, ": '", h, "' and '", s.header[static_cast<size_t>(s.column_of_field[f])],
                              "' are the same column");
          s.column_of_field[f] = static_cast<int>(c);
          matched = true;
          break;
        }
    // Customers keep every other column as an attribute; catalogs and events ignore extras.
    if (!matched && s.kind != ImportKind::kCustomers) s.summary.ignored_columns.push_back(h);
  }
  for (size_t f = 0; f < fields.size(); f++) {
    if (!import_field_required(s.kind, static_cast<int>(f)) || s.column_of_field[f] >= 0) continue;
    std::string hint;
    for (const std::string& h : s.header) {
      std::string near = closest_name(h, fields[f]);
      if (!near.empty()) { hint = " (is '" + h + "' meant to be '" + near + "'?)"; break; }
    }
    return make_error("line ", line, ": the header has no '", fields[f][0], "' column", hint);
  }
  return {};
}

Status take_record(Importer::State& s, const CsvRecord& r) {
  if (!s.header_done) {
    s.header_done = true;
    return read_header(s, r.fields, r.line);
  }
  // Whole sentences rather than a plural "s" or a hint as values: a translation cannot drop a value.
  if (r.fields.size() > s.header.size())
    return make_error("line ", r.line, ": ", r.fields.size(), " fields where the header has ", s.header.size(), " (an unquoted comma?)");
  if (r.fields.size() == 1) return make_error("line ", r.line, ": 1 field where the header has ", s.header.size());
  if (r.fields.size() != s.header.size())
    return make_error("line ", r.line, ": ", r.fields.size(), " fields where the header has ", s.header.size());
  RowView row{&r.fields, &s.column_of_field, &s.header, r.line, -1};
  Status st = s.kind == ImportKind::kCatalog     ? import_catalog_row(s, row)
              : s.kind == ImportKind::kCustomers ? import_customer_row(s, row)
                                                 : import_event_row(s, row);
  if (st) s.summary.rows++;
  return st;
}

// A JSON catalog: an array of objects with the CSV's column names; values strings or numbers.
Status read_json_catalog(Importer::State& s) {
  json doc = json::parse(s.json_text, nullptr, false);
  if (doc.is_discarded()) return make_error("the catalog is not valid JSON");
  if (!doc.is_array()) return make_error("a JSON catalog is an array of product objects");
  const auto& fields = import_fields(s.kind);
  for (size_t i = 0; i < doc.size(); i++) {
    const json& o = doc[i];
    if (!o.is_object()) return make_error("[", i, "]: expected a product object");
    s.header.clear();
    s.column_of_field.assign(fields.size(), -1);
    std::vector<std::string> values;
    for (auto it = o.begin(); it != o.end(); ++it) {
      std::string h = normalize_header(it.key());
      int field = -1;
      for (size_t f = 0; f < fields.size() && field < 0; f++)
        for (const std::string& alias : fields[f]) if (alias == h) field = static_cast<int>(f);
      if (field < 0) continue;
      const json& v = it.value();
      std::string text;
      if (v.is_string()) text = v.get<std::string>();
      else if (v.is_number()) text = v.dump();
      else if (!v.is_null()) return make_error("[", i, "].", it.key(), ": expected a string or a number");
      s.column_of_field[static_cast<size_t>(field)] = static_cast<int>(values.size());
      s.header.push_back(h);
      values.push_back(std::move(text));
    }
    for (size_t f = 0; f < fields.size(); f++)
      if (import_field_required(s.kind, static_cast<int>(f)) && s.column_of_field[f] < 0)
        return make_error("[", i, "]: no '", fields[f][0], "'");
    RowView row{&values, &s.column_of_field, &s.header, 0, static_cast<int64_t>(i)};
    if (Status st = import_catalog_row(s, row); !st) return st;
    s.summary.rows++;
  }
  return {};
}

}  // namespace

Importer::Importer(ImportKind kind, Store& store, ImportOptions options)
    : s_(std::make_unique<State>(kind, store, options)) {
  s_->summary.kind = kind;
  if (kind != ImportKind::kCatalog && options.format == ImportFormat::kJson) {
    s_->failed = true;
    s_->error = make_error("JSON import is for catalogs; customers and events are CSV");
  }
  if (kind == ImportKind::kCustomers || kind == ImportKind::kEvents) {
    s_->attribute_names = store.attribute_names;
    for (size_t i = 0; i < store.attribute_names.size(); i++) s_->attribute_index[store.attribute_names[i]] = static_cast<int32_t>(i);
  }
  if (kind == ImportKind::kEvents) {
    s_->items = store.items;
    s_->event_types = store.event_types;
    s_->channels = store.channels;
    s_->partners = store.partners;
  }
}

Importer::~Importer() = default;

Status Importer::feed(std::string_view bytes) {
  State& s = *s_;
  if (s.failed) return s.error;
  if (s.done) return make_error("this import has already finished");
  const int64_t before = s.opt.format == ImportFormat::kJson ? static_cast<int64_t>(s.json_text.size()) : s.reader.bytes_read();
  if (before + static_cast<int64_t>(bytes.size()) > s.opt.max_bytes) {
    s.failed = true;
    s.error = make_error("the file is larger than the import limit of ", s.opt.max_bytes >> 20,
                         " MB: split it into several files (nothing was imported)");
    return s.error;
  }
  if (s.opt.format == ImportFormat::kJson) {
    s.json_text.append(bytes);
    return {};
  }
  Status st = s.reader.feed(bytes, [&s](const CsvRecord& r) { return take_record(s, r); });
  if (!st) { s.failed = true; s.error = st.error(); }
  return st;
}

ImportProgress Importer::progress() const {
  const State& s = *s_;
  ImportProgress p;
  p.bytes = s.opt.format == ImportFormat::kJson ? static_cast<int64_t>(s.json_text.size()) : s.reader.bytes_read();
  p.rows = s.summary.rows;
  p.line = s.reader.line();
  return p;
}

Result<ImportSummary> Importer::finish() {
  State& s = *s_;
  if (s.failed) return s.error;
  if (s.done) return make_error("this import has already finished");
  Status st = s.opt.format == ImportFormat::kJson
                  ? read_json_catalog(s)
                  : s.reader.finish([&s](const CsvRecord& r) { return take_record(s, r); });
  if (st && !s.header_done && s.opt.format == ImportFormat::kCsv) st = make_error("the file is empty (no header line)");
  if (!st) {
    s.failed = true;
    s.error = st.error();
    return s.error;
  }
  commit_import(s);
  s.done = true;
  return s.summary;
}

void Importer::abort() {
  State& s = *s_;
  s.failed = true;
  s.error = make_error("the import was cancelled");
  s.products.clear();
  s.changed.clear();
  s.added.clear();
  s.events.clear();
  s.events.shrink_to_fit();
}

Result<ImportSummary> import_text(Store& store, ImportKind kind, std::string_view text, const ImportOptions& options) {
  Importer importer(kind, store, options);
  if (Status st = importer.feed(text); !st) return st.error();
  return importer.finish();
}

}  // namespace plume::ecosystem
