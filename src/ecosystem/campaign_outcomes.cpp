#include "ecosystem/campaign_outcomes.h"

#include <cstdlib>
#include <map>
#include <unordered_map>

#include "ecosystem/csv.h"
#include "ecosystem/identity.h"

namespace plume::ecosystem {

namespace {

const std::vector<std::string> kColumns = {"message_id", "customer", "campaign", "variant", "delivered", "opened",
                                           "clicked", "converted", "revenue", "timestamp"};

Result<bool> parse_flag(const std::string& v) {
  if (v.empty() || v == "0" || v == "false" || v == "no" || v == "FALSE" || v == "False") return false;
  if (v == "1" || v == "true" || v == "yes" || v == "TRUE" || v == "True") return true;
  return make_error("'", v, "' is not 0/1, true/false or yes/no");
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

Result<std::vector<Outcome>> parse_outcomes_csv(std::string_view text) {
  auto records = read_csv(text);
  if (!records) return records.error();
  if (records->empty()) return make_error("no header line (expected columns: message_id, customer, campaign, variant, ...)");
  std::map<std::string, size_t> col;
  const CsvRecord& header = (*records)[0];
  for (size_t i = 0; i < header.fields.size(); i++) col[header.fields[i]] = i;
  for (const char* need : {"campaign", "variant"})
    if (!col.count(need)) return make_error("line 1: missing column '", need, "'");
  if (!col.count("message_id") && !col.count("customer"))
    return make_error("line 1: needs a 'message_id' or a 'customer' column");
  std::vector<Outcome> out;
  for (size_t r = 1; r < records->size(); r++) {
    const CsvRecord& rec = (*records)[r];
    auto get = [&](const std::string& name, size_t* column) -> std::string {
      auto it = col.find(name);
      if (it == col.end()) return "";
      *column = it->second + 1;
      return it->second < rec.fields.size() ? rec.fields[it->second] : std::string();
    };
    if (rec.fields.size() != header.fields.size())
      return make_error("line ", rec.line, ": ", rec.fields.size(), " fields, the header has ", header.fields.size());
    Outcome o;
    size_t c = 0;
    o.message_id = get("message_id", &c);
    o.customer = get("customer", &c);
    o.campaign = get("campaign", &c);
    o.variant = get("variant", &c);
    // Each message spells out its location: a make_error whose words are all literal is one the
    // studio's Chinese catalog can match (a location value ending in ": " could be anything).
    if (o.campaign.empty()) return make_error("line ", rec.line, ", column ", col["campaign"] + 1, " (campaign): empty");
    if (o.variant.empty()) return make_error("line ", rec.line, ", column ", col["variant"] + 1, " (variant): empty");
    if (o.message_id.empty() && o.customer.empty())
      return make_error("line ", rec.line, ": needs a message_id or a customer");
    if (o.message_id.empty()) o.message_id = o.campaign + ":" + o.customer;
    bool* flags[] = {&o.delivered, &o.opened, &o.clicked, &o.converted};
    const char* names[] = {"delivered", "opened", "clicked", "converted"};
    for (int i = 0; i < 4; i++) {
      std::string v = get(names[i], &c);
      auto f = parse_flag(v);
      if (!f) return make_error("line ", rec.line, ", column ", c, " (", names[i], "): ", f.error().message);
      *flags[i] = *f;
    }
    std::string rev = get("revenue", &c);
    if (!rev.empty()) {
      char* end = nullptr;
      o.revenue = std::strtod(rev.c_str(), &end);
      if (*end != '\0' || o.revenue < 0 || o.revenue != o.revenue)
        return make_error("line ", rec.line, ", column ", c, " (revenue): '", rev, "' is not a number >= 0");
    }
    std::string ts = get("timestamp", &c);
    if (!ts.empty()) {
      auto t = parse_timestamp(ts);
      if (!t) return make_error("line ", rec.line, ", column ", c, " (timestamp): ", t.error().message);
      o.timestamp = *t;
    }
    out.push_back(std::move(o));
  }
  return out;
}

std::string outcomes_to_csv(const std::vector<Outcome>& outcomes) {
  std::string s;
  for (size_t i = 0; i < kColumns.size(); i++) s += (i ? "," : "") + kColumns[i];
  s += "\n";
  for (const Outcome& o : outcomes) {
    char rev[64];
    std::snprintf(rev, sizeof rev, "%.2f", o.revenue);
    s += csv_field(o.message_id) + "," + csv_field(o.customer) + "," + csv_field(o.campaign) + "," +
         csv_field(o.variant) + "," + (o.delivered ? "1" : "0") + "," + (o.opened ? "1" : "0") + "," +
         (o.clicked ? "1" : "0") + "," + (o.converted ? "1" : "0") + "," + rev + "," +
         (o.timestamp ? format_timestamp(o.timestamp) : std::string()) + "\n";
  }
  return s;
}

size_t merge_outcomes(std::vector<Outcome>& existing, const std::vector<Outcome>& incoming) {
  std::unordered_map<std::string, size_t> at;
  for (size_t i = 0; i < existing.size(); i++) at[existing[i].message_id] = i;
  size_t replaced = 0;
  for (const Outcome& o : incoming) {
    auto it = at.find(o.message_id);
    if (it != at.end()) {
      existing[it->second] = o;
      replaced++;
    } else {
      at[o.message_id] = existing.size();
      existing.push_back(o);
    }
  }
  return replaced;
}

bool outcome_success(const Outcome& o, std::string_view metric) {
  if (metric == "opened") return o.opened || o.clicked || o.converted;
  if (metric == "clicked") return o.clicked || o.converted;
  return o.converted;
}

}  // namespace plume::ecosystem
