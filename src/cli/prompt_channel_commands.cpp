// `plume channel`: checks a text against a channel's length rule and, on request, brand rules.
// Argument parsing and printing only; the rules are src/prompt/channel*.h and brand_rules.h.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/command.h"
#include "prompt/channel_json.h"

using namespace plume;
using nlohmann::json;
using plume::cli::fail;

namespace {

const std::set<std::string> kFlags = {"channel", "text", "text-file", "max-segments", "limit", "banned", "required", "stop", "lang"};
const std::set<std::string> kSwitches = {"json", "brand", "no-placeholders", "no-repeated-sentences"};

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

int cmd_channel(const cli::Args& a) {
  auto channel = a.required("channel");
  if (!channel) return fail(channel.error().message + " (sms, x, weibo, wechat-title, wechat-digest, google-ads-headline, google-ads-description, email-subject)");
  std::string text;
  if (a.has("text") == a.has("text-file")) return fail("give the text with exactly one of --text TEXT or --text-file FILE");
  if (a.has("text")) {
    text = a.str("text");
  } else {
    std::ifstream in(a.str("text-file"), std::ios::binary);
    if (!in) return fail("cannot open '" + a.str("text-file") + "'");
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  json options = json::object();
  auto segments = a.integer("max-segments", 1);
  if (!segments) return fail(segments.error().message);
  auto limit = a.integer("limit", 0);
  if (!limit) return fail(limit.error().message);
  options["maxSegments"] = *segments;
  if (*limit) options["limit"] = *limit;
  const bool brand = a.has("brand") || a.has("banned") || a.has("required") || a.has("stop") ||
                     a.has("no-placeholders") || a.has("no-repeated-sentences");
  if (brand) {
    json rules = json::object();
    auto joined = [&](const char* flag) {  // repeatable flags, each "a,b"
      std::string all;
      for (const std::string& v : a.all(flag)) all += (all.empty() ? "" : ",") + v;
      return all;
    };
    rules["banned"] = joined("banned");
    rules["required"] = joined("required");
    if (a.has("stop")) rules["stopMarkers"] = a.all("stop");
    rules["placeholders"] = !a.has("no-placeholders");
    rules["repeatedSentences"] = !a.has("no-repeated-sentences");
    options["brand"] = rules;
  }
  auto result = check_channel_json(text, *channel, options);
  if (!result) return fail(result.error().message);
  const json& r = *result;
  if (a.has("json")) {
    std::cout << dump(r) << "\n";
    return 0;
  }
  const std::string lang = a.str("lang", "en");
  if (lang != "en" && lang != "zh") return fail("--lang: '" + lang + "' is not one of en, zh");
  std::cout << r["channel"].get<std::string>() << ": " << r["length"] << " / " << r["limit"] << " "
            << r["unit"].get<std::string>();
  if (r.contains("encoding")) std::cout << ", " << r["segments"] << " segment(s), " << r["encoding"].get<std::string>();
  std::cout << " -> " << (r["ok"].get<bool>() ? "ok" : "FAILS") << "\n";
  for (const json& reason : r["reasons"])
    std::cout << "  [" << reason["severity"].get<std::string>() << "] " << reason[lang].get<std::string>() << "\n";
  return 0;
}

cli::Register channel_cmd({"channel",
    "channel   --channel sms|x|weibo|wechat-title|wechat-digest|google-ads-headline|google-ads-description|email-subject\n"
    "          (--text TEXT | --text-file FILE) [--max-segments N] [--limit N] [--lang en|zh] [--json]\n"
    "          [--banned a,b]... [--required c]... [--stop MARKER]... [--brand] [--no-placeholders] [--no-repeated-sentences]\n"
    "          (length in the channel's own unit; brand flags add the brand rules)",
    [](int argc, char** argv, int first) {
      auto args = cli::Args::parse(argc, argv, first, kFlags, kSwitches);
      if (!args) return fail(args.error().message);
      return cmd_channel(*args);
    }});

}  // namespace
