#include "ecosystem/csv.h"

namespace plume::ecosystem {

Status CsvReader::end_field() {
  if (record_.fields.size() <= n_fields_) record_.fields.emplace_back();
  record_.fields[n_fields_].swap(field_);
  field_.clear();
  n_fields_++;
  return {};
}

Status CsvReader::end_record(const Sink& sink) {
  (void)end_field();
  // A blank line is one empty unquoted field: skipped, as spreadsheets and pandas do.
  bool blank = n_fields_ == 1 && record_.fields[0].empty() && !record_has_quote_;
  Status s;
  if (!blank) {
    record_.fields.resize(n_fields_);
    s = sink(record_);
  }
  n_fields_ = 0;
  record_has_quote_ = false;
  return s;
}

Status CsvReader::feed(std::string_view bytes, const Sink& sink) {
  if (failed_) return error_;
  static constexpr unsigned char kBom[3] = {0xEF, 0xBB, 0xBF};
  size_t i = 0;
  // The BOM may be split across chunks: match it byte by byte; a partial match that fails is
  // content (which can only happen for an invalid UTF-8 start, still passed through).
  while (bom_seen_ < 3 && i < bytes.size()) {
    if (static_cast<unsigned char>(bytes[i]) == kBom[bom_seen_]) { bom_seen_++; i++; continue; }
    for (int k = 0; k < bom_seen_; k++) field_ += static_cast<char>(kBom[k]);
    if (bom_seen_ > 0) state_ = State::kUnquoted;
    bom_seen_ = 3;
  }
  auto fail = [this](Error e) { failed_ = true; error_ = e; return Status(e); };
  for (; i < bytes.size(); i++) {
    char c = bytes[i];
    switch (state_) {
      case State::kAfterCr:
        state_ = State::kFieldStart;
        if (c == '\n') continue;  // CRLF: the record already ended at the CR
        [[fallthrough]];
      case State::kFieldStart:
        if (c == '"') { state_ = State::kQuoted; record_has_quote_ = true; cr_in_quote_ = false; quote_line_ = line_; continue; }
        state_ = State::kUnquoted;
        [[fallthrough]];
      case State::kUnquoted:
        if (c == sep_) { (void)end_field(); state_ = State::kFieldStart; }
        else if (c == '\n' || c == '\r') {
          if (Status s = end_record(sink); !s) return fail(s.error());
          record_.line = ++line_;
          state_ = c == '\r' ? State::kAfterCr : State::kFieldStart;
        } else if (c == '"') {
          return fail(make_error("line ", line_, ", column ", n_fields_ + 1,
                                 ": a quote inside an unquoted field (quote the whole field and double the quote: \"a \"\"b\"\"\")"));
        } else {
          field_ += c;
        }
        break;
      case State::kQuoted:
        if (c == '"') { state_ = State::kQuoteInQuoted; cr_in_quote_ = false; }
        else {
          // A line break inside quotes is data, but still moves the line counter (CRLF once,
          // even when the CR and the LF arrive in different chunks).
          if (c == '\r' || (c == '\n' && !cr_in_quote_)) line_++;
          cr_in_quote_ = c == '\r';
          field_ += c;
        }
        break;
      case State::kQuoteInQuoted:
        if (c == '"') { field_ += '"'; state_ = State::kQuoted; }
        else if (c == sep_) { (void)end_field(); state_ = State::kFieldStart; }
        else if (c == '\n' || c == '\r') {
          if (Status s = end_record(sink); !s) return fail(s.error());
          record_.line = ++line_;
          state_ = c == '\r' ? State::kAfterCr : State::kFieldStart;
        } else {
          return fail(make_error("line ", line_, ", column ", n_fields_ + 1,
                                 ": unexpected character after a closing quote (a field is either all quoted or not quoted)"));
        }
        break;
    }
  }
  bytes_ += static_cast<int64_t>(bytes.size());
  return {};
}

Status CsvReader::finish(const Sink& sink) {
  if (failed_) return error_;
  if (state_ == State::kQuoted) {
    failed_ = true;
    error_ = make_error("line ", quote_line_, ", column ", n_fields_ + 1,
                        ": a quoted field is not closed (the file ends inside it)");
    return error_;
  }
  if (state_ == State::kUnquoted || state_ == State::kQuoteInQuoted || n_fields_ > 0) {
    if (Status s = end_record(sink); !s) { failed_ = true; error_ = s.error(); return s; }
  }
  state_ = State::kFieldStart;
  return {};
}

Result<std::vector<CsvRecord>> read_csv(std::string_view text, char separator) {
  std::vector<CsvRecord> out;
  CsvReader reader(separator);
  auto sink = [&out](const CsvRecord& r) { out.push_back(r); return Status(); };
  if (Status s = reader.feed(text, sink); !s) return s.error();
  if (Status s = reader.finish(sink); !s) return s.error();
  return out;
}

}  // namespace plume::ecosystem
