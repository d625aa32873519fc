// A streaming CSV reader (RFC 4180): quoted fields with doubled quotes, separators and line
// breaks inside quotes, CRLF / LF / lone CR line ends, a UTF-8 byte-order mark at the start.
// Bytes arrive in chunks of any size (a chunk may end mid-field, mid-quote or mid-CRLF), so a
// browser can feed a 100 MB file piece by piece. Blank lines are skipped. Each record carries
// the physical line it starts on, so errors can name "line 7, column 3".
//
// Why not recommend/interactions.cpp's reader: it splits the text into lines first, so it
// cannot read a quoted field holding a line break, and it needs the whole text at once.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace plume::ecosystem {

struct CsvRecord {
  int64_t line = 0;                 // 1-based line on which the record starts
  std::vector<std::string> fields;  // unquoted values
};

class CsvReader {
 public:
  // Called for each complete record; an error stops the reader and is returned by feed/finish.
  using Sink = std::function<Status(const CsvRecord&)>;

  explicit CsvReader(char separator = ',') : sep_(separator) { record_.line = 1; }

  // Parses `bytes`, calling `sink` for every record completed inside them.
  Status feed(std::string_view bytes, const Sink& sink);
  // The end of the input: emits a last record without a line break; an open quote is an error.
  Status finish(const Sink& sink);

  int64_t bytes_read() const { return bytes_; }
  int64_t line() const { return line_; }

 private:
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted, kAfterCr };
  Status end_field();
  Status end_record(const Sink& sink);

  char sep_;
  State state_ = State::kFieldStart;
  CsvRecord record_;
  size_t n_fields_ = 0;         // fields filled in record_ (the vector keeps its capacity)
  bool record_has_quote_ = false;
  std::string field_;
  int64_t line_ = 1;            // current physical line
  int64_t quote_line_ = 0;      // where the open quote started (for the error)
  int64_t bytes_ = 0;
  int bom_seen_ = 0;            // bytes of a leading BOM matched so far (3 = done or none)
  bool cr_in_quote_ = false;    // the last quoted byte was a CR
  bool failed_ = false;
  Error error_;
};

// Reads a whole text (convenience for small inputs and tests).
Result<std::vector<CsvRecord>> read_csv(std::string_view text, char separator = ',');

}  // namespace plume::ecosystem
