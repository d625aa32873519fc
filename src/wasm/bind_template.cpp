// Embind: Mustache rendering for the page (web/templates.js). JSON in, JSON out; no logic here.
//   renderTemplate(template, dataJson, partialsJson, optionsJson)
//     -> {"ok":true,"text":"..."}
//      | {"ok":false,"error":"line 3, column 12: ...","partial":"","line":3,"column":12}
// partialsJson: a JSON object {name: text} or ""; optionsJson: {"strict", "maxDepth",
// "maxOutputBytes"} or "".
#include <emscripten/bind.h>

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "prompt/mustache.h"
#include "wasm/reply.h"

using nlohmann::json;

namespace plume {
namespace {

using wasm::dump;
using wasm::failure;

Status parse_options(const std::string& text, prompt::MustacheOptions* o) {
  if (text.empty()) return {};
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return make_error("template options must be a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string key = it.key();
    const json& v = it.value();
    auto positive = [&](double hi, double* out) -> Status {
      if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 1 || v.get<double>() > hi ||
          v.get<double>() != std::floor(v.get<double>()))
        return make_error("option ", key, " must be an integer from 1 to ", static_cast<int64_t>(hi), ", got ", dump(v));
      *out = v.get<double>();
      return {};
    };
    double x = 0;
    if (key == "strict") {
      if (!v.is_boolean()) return make_error("option strict must be true or false");
      o->strict = v.get<bool>();
    } else if (key == "maxDepth") {
      if (Status s = positive(1000, &x); !s) return s;
      o->max_depth = static_cast<int>(x);
    } else if (key == "maxOutputBytes") {
      // 256 MB: the rendered text becomes one JavaScript string, and V8 refuses strings over
      // about 512 M characters (the engine would trap instead of answering).
      if (Status s = positive(256.0 * 1024 * 1024, &x); !s) return s;
      o->max_output_bytes = static_cast<uint64_t>(x);
    } else {
      return make_error("unknown template option '", key, "' (known: strict, maxDepth, maxOutputBytes)");
    }
  }
  return {};
}

std::string renderTemplate(const std::string& text, const std::string& data_json, const std::string& partials_json,
                           const std::string& options_json) {
  json data = json::parse(data_json, nullptr, false);
  if (data.is_discarded()) return failure(make_error("the template data is not valid JSON (or holds text that is not valid Unicode)"));
  prompt::MustachePartials partials;
  if (!partials_json.empty()) {
    json p = json::parse(partials_json, nullptr, false);
    if (p.is_discarded()) return failure(make_error("the partials are not valid JSON"));
    auto parsed = prompt::mustache_partials_from_json(p);
    if (!parsed) return failure(parsed.error().message);
    partials = std::move(*parsed);
  }
  prompt::MustacheOptions options;
  if (Status s = parse_options(options_json, &options); !s) return failure(s.error().message);
  prompt::MustacheErrorLocation at;
  auto out = prompt::render_mustache(text, data, partials, options, &at);
  if (!out) {
    return dump(json{{"ok", false}, {"error", out.error().message}, {"partial", at.partial}, {"lambda", at.lambda},
                     {"line", at.line}, {"column", at.column}});
  }
  return dump(json{{"ok", true}, {"text", *out}});
}

}  // namespace
}  // namespace plume

EMSCRIPTEN_BINDINGS(plume_templates) { emscripten::function("renderTemplate", &plume::renderTemplate); }
