#include "ecosystem/campaign_output.h"

namespace plume::ecosystem {

using nlohmann::json;

namespace {

std::string str(const json& m, const char* key) {
  return m.is_object() && m.contains(key) && m[key].is_string() ? m[key].get<std::string>() : std::string();
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The subject and body of an email message (the whole text as the body when it has no parts).
std::pair<std::string, std::string> email_parts(const json& m) {
  std::string subject, body = str(m, "text");
  if (m.contains("parts") && m["parts"].is_object()) {
    subject = str(m["parts"], "subject");
    if (m["parts"].contains("body")) body = str(m["parts"], "body");
  }
  return {subject, body};
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string messages_to_jsonl(const json& messages) {
  std::string out;
  for (const json& m : messages) out += m.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
  return out;
}

std::string messages_to_csv(const json& messages) {
  std::string out = "to,message_id,customer,variant,language,send_at,text\n";
  for (const json& m : messages)
    out += csv_field(str(m, "to")) + "," + csv_field(str(m, "message_id")) + "," + csv_field(str(m, "customer")) + "," +
           csv_field(str(m, "variant")) + "," + csv_field(str(m, "language")) + "," + csv_field(str(m, "send_at")) + "," +
           csv_field(str(m, "text")) + "\n";
  return out;
}

std::string messages_to_email_text(const json& messages) {
  std::string out;
  for (const json& m : messages) {
    auto [subject, body] = email_parts(m);
    out += "To: " + str(m, "to") + "\nMessage-Id: " + str(m, "message_id") + "\nSend-At: " + str(m, "send_at") +
           "\nSubject: " + subject + "\n\n" + body + "\n\n-----\n\n";
  }
  return out;
}

std::string messages_to_email_html(const json& messages, std::string_view title) {
  std::string out = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + html_escape(title) +
                    "</title></head>\n<body>\n";
  for (const json& m : messages) {
    auto [subject, body] = email_parts(m);
    std::string html_body;
    for (char c : html_escape(body)) html_body += c == '\n' ? std::string("<br>\n") : std::string(1, c);
    out += "<article data-message-id=\"" + html_escape(str(m, "message_id")) + "\" lang=\"" + html_escape(str(m, "language")) +
           "\">\n<p><small>To: " + html_escape(str(m, "to")) + " · " + html_escape(str(m, "send_at")) + "</small></p>\n<h2>" +
           html_escape(subject) + "</h2>\n<p>" + html_body + "</p>\n</article>\n<hr>\n";
  }
  return out + "</body></html>\n";
}

std::string output_format_for(std::string_view path) {
  auto ends = [&path](std::string_view suffix) {
    return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
  };
  if (ends(".jsonl") || ends(".json")) return "jsonl";
  if (ends(".csv")) return "csv";
  if (ends(".txt")) return "txt";
  if (ends(".html") || ends(".htm")) return "html";
  return "";
}

std::string format_messages(const json& messages, std::string_view format, std::string_view title) {
  if (format == "csv") return messages_to_csv(messages);
  if (format == "txt") return messages_to_email_text(messages);
  if (format == "html") return messages_to_email_html(messages, title);
  return messages_to_jsonl(messages);
}

}  // namespace plume::ecosystem
