// Transactional, streaming imports into a Store: product catalogs (CSV or a JSON array, Google
// Merchant columns), customer profiles (CSV) and events (CSV). Bytes arrive in chunks of any
// size (feed), with progress; rows are checked and staged as they come, and nothing touches the
// Store until finish() has seen the whole input without error — a bad row on the last line
// leaves the Store exactly as it was. After an error the importer only reports it.
// Errors name the line and column: "line 7, column 3 (email): 'x' is not an email address".
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "ecosystem/manifest.h"
#include "ecosystem/store.h"

namespace plume::ecosystem {

enum class ImportKind { kCatalog, kCustomers, kEvents };
constexpr int64_t kMaxImportBytes = int64_t{256} << 20;
enum class ImportFormat { kCsv, kJson };  // JSON: catalogs only (an array of objects)
Result<ImportKind> parse_import_kind(std::string_view name);  // "catalog", "customers", "events"

struct ImportOptions {
  ImportFormat format = ImportFormat::kCsv;
  char separator = ',';
  // When set: partner ids must be the manifest's (products: product partners), prices without a
  // currency take brand.currency, and identity follows manifest.identity. Not owned.
  const Manifest* manifest = nullptr;
  // Events whose user matches no customer create one (id = the user value); false: an error.
  bool create_unknown_customers = true;
  // The largest input read: the staged rows, the Store and the browser workspace (which keeps
  // the file's text) must all fit a WebAssembly heap of at most 4 GiB. Refused as it streams in.
  int64_t max_bytes = kMaxImportBytes;
};

struct ImportProgress {
  int64_t bytes = 0;  // fed so far
  int64_t rows = 0;   // data rows accepted so far
  int64_t line = 0;   // current line of the input
};

struct ImportSummary {
  ImportKind kind = ImportKind::kCatalog;
  int64_t rows = 0;
  int64_t added = 0;                 // new products / customers / events
  int64_t updated = 0;               // products replaced by id; customer rows for a known id
  int64_t unified = 0;               // customer rows joined to another record by an identity key
  int64_t identity_conflicts = 0;    // keys of one row pointing at two different customers
  int64_t customers_created = 0;     // events: customers made from unknown users
  int64_t unknown_items = 0;         // events: item ids not in the catalog (kept)
  std::vector<std::string> ignored_columns;  // columns Plume does not read
};

class Importer {
 public:
  // `store` is read while staging and written only by a successful finish().
  Importer(ImportKind kind, Store& store, ImportOptions options = {});
  ~Importer();
  Importer(const Importer&) = delete;
  Importer& operator=(const Importer&) = delete;

  Status feed(std::string_view bytes);
  ImportProgress progress() const;
  // Reads the end of the input and, when every row was good, commits the staged rows.
  Result<ImportSummary> finish();
  // Drops everything staged; the Store is untouched.
  void abort();

  struct State;

 private:
  std::unique_ptr<State> s_;
};

// One-shot helper: the whole text through an Importer.
Result<ImportSummary> import_text(Store& store, ImportKind kind, std::string_view text, const ImportOptions& options = {});

}  // namespace plume::ecosystem
