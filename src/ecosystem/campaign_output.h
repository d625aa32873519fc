// Run messages in the forms channels take: JSON lines (every channel), CSV (SMS gateways:
// to, message_id, customer, variant, send_at, text; RFC 4180 quoting), plain text and HTML for
// email (subject and body per message; HTML-escaped, line breaks as <br>).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace plume::ecosystem {

std::string messages_to_jsonl(const nlohmann::json& messages);
std::string messages_to_csv(const nlohmann::json& messages);
std::string messages_to_email_text(const nlohmann::json& messages);
std::string messages_to_email_html(const nlohmann::json& messages, std::string_view title);
std::string html_escape(std::string_view text);

// The format a file name asks for: "jsonl" (.jsonl/.json), "csv", "txt", "html"; "" = unknown.
std::string output_format_for(std::string_view path);
std::string format_messages(const nlohmann::json& messages, std::string_view format, std::string_view title);

}  // namespace plume::ecosystem
