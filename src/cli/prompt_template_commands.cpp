// `plume render`: a Mustache template + JSON data (+ partials) -> the rendered text, exactly
// (no newline added). Errors: "plume: error: FILE:LINE:COL: what", FILE being the template,
// or "PARTIALS.json#name" for an error inside a partial.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/command.h"
#include "prompt/mustache.h"

using namespace plume;
using nlohmann::json;
using plume::cli::fail;

namespace {

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot open '", path, "'");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Result<json> read_json(const std::string& path) {
  auto text = read_text(path);
  if (!text) return text.error();
  json j = json::parse(*text, nullptr, false);
  if (j.is_discarded()) return make_error(path, ": not valid JSON (or not UTF-8)");
  return j;
}

int cmd_render(int argc, char** argv, int first) {
  auto a = cli::Args::parse(argc, argv, first, {"template", "data", "partials"}, {"strict"});
  if (!a) return fail(a.error().message);
  auto template_path = a->required("template");
  if (!template_path) return fail(template_path.error().message);
  auto data_path = a->required("data");
  if (!data_path) return fail(data_path.error().message);
  auto text = read_text(*template_path);
  if (!text) return fail(text.error().message);
  auto data = read_json(*data_path);
  if (!data) return fail(data.error().message);

  prompt::MustachePartials partials;
  std::string partials_path = a->str("partials");
  if (!partials_path.empty()) {
    auto j = read_json(partials_path);
    if (!j) return fail(j.error().message);
    auto p = prompt::mustache_partials_from_json(*j);
    if (!p) return fail(partials_path + ": " + p.error().message);
    partials = std::move(*p);
  }

  prompt::MustacheOptions options;
  options.strict = a->has("strict");
  prompt::MustacheErrorLocation at;
  auto out = prompt::render_mustache(*text, *data, partials, options, &at);
  if (!out) {
    std::string file = at.partial.empty() ? *template_path : partials_path + "#" + at.partial;
    std::string what = at.lambda.empty() ? at.what : "in the text returned by lambda '" + at.lambda + "': " + at.what;
    if (at.line > 0) return fail(file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + what);
    return fail(file + ": " + what);
  }
  std::fwrite(out->data(), 1, out->size(), stdout);
  std::fflush(stdout);
  return 0;
}

const cli::Register kRender{{"render",
                             "render --template FILE --data FILE.json [--partials FILE.json] [--strict]\n"
                             "    renders a Mustache template (spec v1.4.2 + inheritance + dynamic names);\n"
                             "    --partials: a JSON object {name: template text}; --strict: missing data\n"
                             "    names and partials are errors instead of empty",
                             cmd_render}};

}  // namespace
