// Mustache templates with data: template | data JSON | partials JSON in one input, the first
// byte of the template choosing strict mode. Two native lambdas are registered so lambda results
// (templates produced at render time) are fuzzed too. Invariants: rendering never exceeds the
// output limit; a template check_mustache rejects never renders; rendering is deterministic.
#include <cctype>

#include "fuzz_input.h"
#include "prompt/mustache.h"

using namespace plume;
using nlohmann::json;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parts = fuzz::split_parts(data, size, 3);
  std::string_view tpl = parts[0];
  json values = json::parse(parts[1].begin(), parts[1].end(), nullptr, false);
  if (values.is_discarded()) values = json::object();
  json partials_json = json::parse(parts[2].begin(), parts[2].end(), nullptr, false);
  prompt::MustachePartials partials;
  if (!partials_json.is_discarded()) {
    auto p = prompt::mustache_partials_from_json(partials_json);
    if (p) partials = std::move(*p);
    else FUZZ_CHECK(!p.error().message.empty());
  }

  prompt::MustacheOptions options;
  options.strict = !tpl.empty() && (static_cast<unsigned char>(tpl[0]) & 1);
  options.max_depth = 12;
  options.max_output_bytes = 1 << 16;
  options.max_steps = 100000;
  options.lambdas["upper"] = [](const prompt::MustacheLambdaCall& call) -> Result<std::string> {
    std::string s(call.section ? call.section_text : std::string_view("{{name}}"));
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  };
  options.lambdas["twice"] = [](const prompt::MustacheLambdaCall& call) -> Result<std::string> {
    std::string s(call.section_text);
    return s + s;
  };

  prompt::MustacheErrorLocation where;
  Status checked = prompt::check_mustache(tpl, &where);
  auto out = prompt::render_mustache(tpl, values, partials, options, &where);
  if (!checked) FUZZ_CHECK(!out.ok());
  if (!out) {
    FUZZ_CHECK(!out.error().message.empty());
    FUZZ_CHECK(where.line >= 0 && where.column >= 0);
    return 0;
  }
  FUZZ_CHECK(out->size() <= options.max_output_bytes);
  auto again = prompt::render_mustache(tpl, values, partials, options);
  FUZZ_CHECK(again.ok() && *again == *out);
  return 0;
}
