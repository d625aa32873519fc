// Mustache: the official spec suites (v1.4.2, ../shared/conformance/mustache-spec/), lambdas as
// native callables, located errors, strict mode, resource limits, and the prompt templates in
// templates/.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "prompt/mustache.h"

using nlohmann::json;
using namespace plume::prompt;

namespace {

const std::string kSpecDir = PLUME_SOURCE_DIR "/../shared/conformance/mustache-spec/";

bool read_file(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

// COUNTS.tsv: file, number of tests, has_partials_key.
std::map<std::string, size_t> spec_counts() {
  std::map<std::string, size_t> counts;
  std::string text;
  if (!read_file(kSpecDir + "COUNTS.tsv", &text)) return counts;
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    std::istringstream cols(line);
    std::string file, n;
    if (std::getline(cols, file, '\t') && std::getline(cols, n, '\t')) counts[file] = std::stoul(n);
  }
  return counts;
}

// The ~lambdas tests carry their lambdas as code strings (Ruby, JS, Python, ...). Plume never
// runs code from data, so each test's lambda is written here as the native callable an
// application would register, with exactly the semantics of those strings.

std::map<std::string, MustacheLambda> spec_lambdas(const std::string& test_name, int* calls) {
  auto constant = [](std::string s) {
    return [s](const MustacheLambdaCall&) -> plume::Result<std::string> { return s; };
  };
  std::map<std::string, MustacheLambda> m;
  if (test_name == "Interpolation") m["lambda"] = constant("world");
  else if (test_name == "Interpolation - Expansion") m["lambda"] = constant("{{planet}}");
  else if (test_name == "Interpolation - Alternate Delimiters") m["lambda"] = constant("|planet| => {{planet}}");
  else if (test_name == "Interpolation - Multiple Calls")
    m["lambda"] = [calls](const MustacheLambdaCall&) -> plume::Result<std::string> { return std::to_string(++*calls); };
  else if (test_name == "Escaping") m["lambda"] = constant(">");
  else if (test_name == "Section")
    m["lambda"] = [](const MustacheLambdaCall& c) -> plume::Result<std::string> {
      return std::string(c.section_text == "{{x}}" ? "yes" : "no");
    };
  else if (test_name == "Section - Expansion")
    m["lambda"] = [](const MustacheLambdaCall& c) -> plume::Result<std::string> {
      std::string t(c.section_text);
      return t + "{{planet}}" + t;
    };
  else if (test_name == "Section - Alternate Delimiters")
    m["lambda"] = [](const MustacheLambdaCall& c) -> plume::Result<std::string> {
      std::string t(c.section_text);
      return t + "{{planet}} => |planet|" + t;
    };
  else if (test_name == "Section - Multiple Calls")
    m["lambda"] = [](const MustacheLambdaCall& c) -> plume::Result<std::string> {
      return "__" + std::string(c.section_text) + "__";
    };
  else if (test_name == "Inverted Section") m["lambda"] = constant("");  // truthy; never called
  return m;
}

struct SuiteResult {
  size_t ran = 0;
  std::vector<std::string> failures;
};

SuiteResult run_spec_file(const std::string& file) {
  SuiteResult r;
  std::string text;
  REQUIRE(read_file(kSpecDir + file, &text));
  json spec = json::parse(text, nullptr, false);
  REQUIRE(!spec.is_discarded());
  for (const json& t : spec["tests"]) {
    r.ran++;
    std::string name = t["name"].get<std::string>();
    json data = t["data"];
    MustacheOptions options;
    int calls = 0;
    if (file == "~lambdas.json") {
      options.lambdas = spec_lambdas(name, &calls);
      REQUIRE(options.lambdas.size() == 1);
      data.erase("lambda");  // the code string; the native callable stands in for it
    }
    auto partials = mustache_partials_from_json(t.value("partials", json::object()));
    REQUIRE(partials.ok());
    auto out = render_mustache(t["template"].get<std::string>(), data, *partials, options);
    std::string expected = t["expected"].get<std::string>();
    if (!out.ok()) r.failures.push_back(name + ": error " + out.error().message);
    else if (*out != expected)
      r.failures.push_back(name + ": got " + json(*out).dump() + ", expected " + json(expected).dump());
  }
  return r;
}

bool have_spec() {
  std::string probe;
  if (read_file(kSpecDir + "COUNTS.tsv", &probe)) return true;
  WARN("mustache spec suite not found at " << kSpecDir << ": conformance tests skipped");
  return false;
}

std::string render_ok(const std::string& tpl, const json& data, const MustachePartials& partials = {},
                      const MustacheOptions& options = {}) {
  auto r = render_mustache(tpl, data, partials, options);
  INFO(tpl);
  if (!r.ok()) FAIL(r.error().message);
  return *r;
}

std::string render_error(const std::string& tpl, const json& data, const MustachePartials& partials = {},
                         const MustacheOptions& options = {}, MustacheErrorLocation* where = nullptr) {
  auto r = render_mustache(tpl, data, partials, options, where);
  INFO(tpl);
  REQUIRE_FALSE(r.ok());
  return r.error().message;
}

}  // namespace

TEST_CASE("mustache spec v1.4.2: core, ~inheritance, ~dynamic-names, ~lambdas pass 100%", "[mustache]") {
  if (!have_spec()) return;
  std::map<std::string, size_t> counts = spec_counts();
  REQUIRE(counts.size() == 9);
  size_t total = 0;
  for (const auto& [file, expected_count] : counts) {
    SuiteResult r = run_spec_file(file);
    INFO(file);
    CHECK(r.ran == expected_count);  // COUNTS.tsv: we ran exactly the suite's tests
    for (const std::string& f : r.failures) UNSCOPED_INFO(f);
    CHECK(r.failures.empty());
    total += r.ran;
  }
  CHECK(total == 194);
}

TEST_CASE("mustache: parse errors name the line and column", "[mustache]") {
  MustacheErrorLocation at;
  CHECK(render_error("Hi\n    {{#items}}\n- {{name}}\nend", json::object(), {}, {}, &at) ==
        "line 4, column 4: unclosed section 'items' opened at line 2, column 5");
  CHECK(at.line == 4);
  CHECK(at.column == 4);
  CHECK(at.partial.empty());
  CHECK(at.what == "unclosed section 'items' opened at line 2, column 5");
  CHECK(render_error("{{#a}}\n  {{^b}}x{{/a}}", json::object()) ==
        "line 2, column 10: the closing tag {{/a}} does not match the open inverted section 'b' "
        "(opened at line 2, column 3)");
  CHECK(render_error("x {{/a}}", json::object()) == "line 1, column 3: the closing tag {{/a}} has no open section");
  CHECK(render_error("a {{}} b", json::object()) == "line 1, column 3: the tag {{}} has no name");
  CHECK(render_error("{{# }}{{/}}", json::object()) == "line 1, column 1: the tag {{# }} has no name");
  CHECK(render_error("{{first name}}", json::object()) ==
        "line 1, column 1: the name 'first name' in {{first name}} contains a space");
  CHECK(render_error("{{a..b}}", json::object()) ==
        "line 1, column 1: 'a..b' in {{a..b}} is not a valid name: a dot must separate two names");
  CHECK(render_error("Hello {{name", json::object()) ==
        "line 1, column 7: this tag is never closed: expected '}}' after '{{'");
  CHECK(render_error("Hello {{name\nand more }}", json::object()) ==
        "line 1, column 7: this tag is not closed on its line: expected '}}'");
  CHECK(render_error("{{{raw}}", json::object()) == "line 1, column 1: this tag is never closed: expected '}}}' after '{{'");
  CHECK(render_error("\n {{=<%=}}", json::object()) ==
        "line 2, column 2: the set-delimiter tag {{=<%=}} needs two delimiters separated by a space, as in {{=<% %>=}}");
  CHECK(render_error("{{=<% %>=}}\n<%#a%>x<%/b%>", json::object()) ==
        "line 2, column 8: the closing tag <%/b%> does not match the open section 'a' (opened at line 2, column 1)");
  // Columns count characters, not bytes.
  CHECK(render_error("你好，{{#客户}}", json::object()) == "line 1, column 11: unclosed section '客户' opened at line 1, column 4");
  // Errors inside a partial name it; parents and blocks are checked like sections.
  CHECK(render_error("{{>card}}", json::object(), {{"card", "ok\n  {{/x}}"}}, {}, &at) ==
        "partial 'card', line 2, column 3: the closing tag {{/x}} has no open section");
  CHECK(at.partial == "card");
  CHECK(render_error("{{<layout}}{{$title}}x{{/layout}}", json::object()) ==
        "line 1, column 23: the closing tag {{/layout}} does not match the open block 'title' (opened at line 1, column 12)");
  CHECK(render_error("{{<layout}}", json::object()) == "line 1, column 12: unclosed parent 'layout' opened at line 1, column 1");
  // check_mustache only parses.
  CHECK(check_mustache("{{#a}}{{/a}}").ok());
  CHECK(check_mustache("{{#a}}").error().message == "line 1, column 7: unclosed section 'a' opened at line 1, column 1");
  std::string deep;
  for (int i = 0; i < 101; i++) deep += "{{#a}}";
  CHECK(render_error(deep, json::object()) == "line 1, column 601: sections are nested more than 100 deep");
}

TEST_CASE("mustache: text that is not UTF-8 is an error naming the byte offset", "[mustache]") {
  MustacheErrorLocation at;
  CHECK(render_error("ab\xff" "cd", json::object(), {}, {}, &at) ==
        "line 1, column 3: the template is not valid UTF-8: byte 0xFF at byte offset 2");
  CHECK(render_error("ok\n\xe6\x89", json::object()) ==
        "line 2, column 1: the template is not valid UTF-8: byte 0xE6 at byte offset 3");
  CHECK(render_error("\xc0\xaf", json::object()).find("byte 0xC0 at byte offset 0") != std::string::npos);  // overlong
  CHECK(render_error("\xed\xa0\x80", json::object()).find("byte 0xED at byte offset 0") != std::string::npos);  // surrogate
  CHECK(render_error("{{>p}}", json::object(), {{"p", "x\xfe"}}) ==
        "partial 'p', line 1, column 2: the template is not valid UTF-8: byte 0xFE at byte offset 1");
  CHECK(render_ok("健身手环 {{x}} 😀", {{"x", "✓"}}) == "健身手环 ✓ 😀");
}

TEST_CASE("mustache: missing names render empty; strict mode makes them errors", "[mustache]") {
  MustacheOptions strict;
  strict.strict = true;
  json data = {{"name", "Ana"}, {"nothing", nullptr}, {"no", false}, {"none", json::array()}, {"user", {{"id", 7}}}};
  CHECK(render_ok("[{{missing}}][{{#missing}}x{{/missing}}][{{^missing}}y{{/missing}}]", data) == "[][][y]");
  CHECK(render_ok("[{{nothing}}{{#no}}x{{/no}}{{^none}}y{{/none}}{{user.id}}]", data, {}, strict) == "[y7]");
  MustacheErrorLocation at;
  CHECK(render_error("Hi {{name}},\n  {{emali}}", data, {}, strict, &at) ==
        "line 2, column 3: no value for 'emali' in the data (an interpolation; strict mode: give it a value, "
        "null or false to leave it empty)");
  CHECK(at.line == 2);
  CHECK(render_error("{{#items}}x{{/items}}", data, {}, strict).rfind("line 1, column 1: no value for 'items'", 0) == 0);
  CHECK(render_error("{{^items}}x{{/items}}", data, {}, strict).rfind("line 1, column 1: no value for 'items'", 0) == 0);
  CHECK(render_error("{{user.name}}", data, {}, strict).rfind("line 1, column 1: no value for 'user.name'", 0) == 0);
  CHECK(render_error("{{user}}", data, {}, strict).find("'user' is an object") != std::string::npos);
  // Partials: empty by default, an error in strict mode.
  CHECK(render_ok("[{{>header}}]", data) == "[]");
  CHECK(render_error("a\n {{>header}}", data, {}, strict) == "line 2, column 2: no partial named 'header' (strict mode)");
  CHECK(render_error("{{>*kind}}", data, {}, strict).rfind("line 1, column 1: no value for 'kind'", 0) == 0);
  CHECK(render_error("{{<layout}}{{/layout}}", data, {}, strict) == "line 1, column 1: no partial named 'layout' (strict mode)");
}

TEST_CASE("mustache: limits stop hostile templates with a clear error", "[mustache]") {
  CHECK(render_error("{{>loop}}", json::object(), {{"loop", "x{{>loop}}"}}) ==
        "partial 'loop', line 1, column 2: partials nested more than 64 deep at 'loop' (does it include itself without end?)");
  CHECK(render_error("{{<p}}{{/p}}", json::object(), {{"p", "{{<p}}{{/p}}"}}).find("parents nested more than 64 deep") !=
        std::string::npos);
  MustacheOptions small;
  small.max_depth = 3;
  CHECK(render_ok("{{>a}}", json::object(), {{"a", "1{{>b}}"}, {"b", "2{{>c}}"}, {"c", "3"}}, small) == "123");
  CHECK(render_error("{{>a}}", json::object(), {{"a", "{{>b}}"}, {"b", "{{>c}}"}, {"c", "{{>d}}"}, {"d", "4"}}, small)
            .find("nested more than 3 deep") != std::string::npos);
  // Exponential output: 2^30 copies of a partial stop at the 16 MB default.
  MustachePartials doubling;
  for (int i = 0; i < 30; i++) doubling["p" + std::to_string(i)] = "{{>p" + std::to_string(i + 1) + "}}{{>p" + std::to_string(i + 1) + "}}";
  doubling["p30"] = "0123456789";
  CHECK(render_error("{{>p0}}", json::object(), doubling).find("exceeds the limit of 16777216 bytes") != std::string::npos);
  MustacheOptions tiny;
  tiny.max_output_bytes = 10;
  CHECK(render_ok("{{x}}", {{"x", "0123456789"}}, {}, tiny) == "0123456789");
  CHECK(render_error("{{x}}!", {{"x", "0123456789"}}, {}, tiny) ==
        "line 1, column 6: the rendered text exceeds the limit of 10 bytes (does a section loop over a very long list, or "
        "a partial repeat itself?)");
  // Nested loops that print nothing still stop.
  json big = {{"l", json::array()}};
  for (int i = 0; i < 1000; i++) big["l"].push_back(i);
  CHECK(render_error("{{#l}}{{#l}}{{#l}}{{/l}}{{/l}}{{/l}}", big).find("rendering takes more than 20000000 steps") !=
        std::string::npos);
  // Sections inside recursive partials: the total nesting is bounded too (the native stack).
  std::string nest;
  for (int i = 0; i < 100; i++) nest += "{{#a}}";
  nest += "{{>p}}";
  for (int i = 0; i < 100; i++) nest += "{{/a}}";
  CHECK(render_error("{{>p}}", {{"a", true}}, {{"p", nest}}).find("sections and partials are nested more than 1000 deep") !=
        std::string::npos);
  // A lambda that returns itself.
  MustacheOptions self;
  self.lambdas["again"] = [](const MustacheLambdaCall&) -> plume::Result<std::string> { return std::string("{{again}}"); };
  CHECK(render_error("{{again}}", json::object(), {}, self).find("lambdas nested more than 64 deep at 'again'") !=
        std::string::npos);
}

TEST_CASE("mustache: data is escaped and never executed", "[mustache]") {
  json data = {{"name", "<script>alert('x')</script> & \"co\""}, {"tpl", "{{name}}"}, {"lambda", "upper"}};
  CHECK(render_ok("<p title='{{name}}'>{{name}}</p>", data) ==
        "<p title='&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;'>"
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;</p>");
  CHECK(render_ok("{{{name}}}|{{&name}}", {{"name", "<b>"}}) == "<b>|<b>");
  CHECK(render_ok("{{tpl}} {{{tpl}}}", data) == "{{name}} {{name}}");  // data is text, not template
  // A dynamic partial name from the data can only pick one of the given partials.
  CHECK(render_ok("[{{>*tpl}}]", data, {{"card", "C"}}) == "[]");
}

TEST_CASE("mustache: values, truthiness, lists and indentation", "[mustache]") {
  json data = {{"int", 42}, {"neg", -7}, {"float", 1.5}, {"whole", 3.0}, {"negzero", -0.0}, {"huge", 1e21},
               {"yes", true}, {"list", {"a", "b", 3}}, {"empty", ""}, {"zero", 0}, {"obj", json::object()},
               {"features", {"GPS", "NFC"}}};
  CHECK(render_ok("{{int}} {{neg}} {{float}} {{whole}} {{negzero}} {{huge}} {{yes}}", data) == "42 -7 1.5 3 0 1e+21 true");
  CHECK(render_ok("{{list}}|{{features.1}}|{{features.2}}|{{features.x}}", data) == "a,b,3|NFC||");
  CHECK(render_ok("{{#empty}}E{{/empty}}{{^empty}}e{{/empty}}{{#zero}}Z{{/zero}}{{^zero}}z{{/zero}}"
                  "{{#obj}}O{{/obj}}{{#int}}{{.}}{{/int}}",
                  data) == "ez" "O42");
  // Standalone partial indentation: not added to empty lines; \r\n kept.
  CHECK(render_ok("<ul>\n  {{>items}}\n</ul>", data, {{"items", "a\n\nb\r\n"}}) == "<ul>\n  a\n\n  b\r\n</ul>");
  // Blocks are re-indented from where they are written to where they are expanded.
  CHECK(render_ok("{{<page}}\n  {{$body}}\n    Hello\n      {{name}}\n  {{/body}}\n{{/page}}\n", {{"name", "Ana"}},
                  {{"page", "<main>\n  {{$body}}\n  {{/body}}\n</main>\n"}}) == "<main>\n  Hello\n    Ana\n</main>\n");
  // Lines of only parent/block tags are standalone; a {{$b}}{{/b}} line keeps its newline.
  CHECK(render_ok("{{<page}}{{$body}}Hello{{/body}}{{/page}}", data,
                  {{"page", "<main>\n  {{$body}}{{/body}}\n</main>\n"}}) == "<main>\n  Hello\n</main>\n");
}

TEST_CASE("mustache: lambdas are native callables registered by name", "[mustache]") {
  MustacheOptions options;
  std::string seen;
  options.lambdas["bold"] = [&seen](const MustacheLambdaCall& c) -> plume::Result<std::string> {
    seen = std::string(c.section_text);
    return "<b>" + std::string(c.section_text) + "</b>";
  };
  options.lambdas["today"] = [](const MustacheLambdaCall& c) -> plume::Result<std::string> {
    return std::string(c.section ? "?" : "2025-01-18 & {{name}}");
  };
  options.lambdas["who"] = [](const MustacheLambdaCall& c) -> plume::Result<std::string> {
    return c.context->value("name", std::string("?"));
  };
  options.lambdas["broken"] = [](const MustacheLambdaCall&) -> plume::Result<std::string> {
    return plume::make_error("the service is down");
  };
  options.lambdas["bad"] = [](const MustacheLambdaCall&) -> plume::Result<std::string> { return std::string("{{#x}}"); };
  json data = {{"name", "Ana"}, {"people", {{{"name", "Bo"}}}}};
  CHECK(render_ok("{{#bold}}Hi {{name}}{{/bold}}", data, {}, options) == "<b>Hi Ana</b>");
  CHECK(seen == "Hi {{name}}");
  CHECK(render_ok("{{today}} / {{{today}}}", data, {}, options) == "2025-01-18 &amp; Ana / 2025-01-18 & Ana");
  CHECK(render_ok("{{#people}}{{who}}{{/people}}", data, {}, options) == "Bo");
  CHECK(render_ok("{{^bold}}never{{/bold}}", data, {}, options) == "");  // lambdas are truthy
  CHECK(render_ok("{{bold}}", {{"bold", "data wins"}}, {}, options) == "data wins");
  CHECK(render_error("x{{broken}}", data, {}, options) == "line 1, column 2: lambda 'broken' failed: the service is down");
  CHECK(render_error("{{bad}}", data, {}, options) ==
        "in the text returned by lambda 'bad', line 1, column 7: unclosed section 'x' opened at line 1, column 1");
}

namespace {

// The prompt that docs/prompt-format.md shows under `heading` (its first ``` block).
std::string documented_prompt(const std::string& heading) {
  std::string doc;
  REQUIRE(read_file(PLUME_SOURCE_DIR "/docs/prompt-format.md", &doc));
  size_t at = doc.find(heading);
  REQUIRE(at != std::string::npos);
  size_t begin = doc.find("```\n", at);
  REQUIRE(begin != std::string::npos);
  begin += 4;
  size_t end = doc.find("```\n", begin);
  REQUIRE(end != std::string::npos);
  return doc.substr(begin, end - begin);
}

// Renders templates/<name> with its sidecar's sample data, task and constraints.
std::string render_library_template(const std::string& sidecar_name) {
  const std::string dir = PLUME_SOURCE_DIR "/templates/";
  std::string text;
  REQUIRE(read_file(dir + sidecar_name, &text));
  json sidecar = json::parse(text, nullptr, false);
  REQUIRE(sidecar.is_object());
  CHECK(sidecar["format"] == "plume-prompt/1");
  json data = sidecar["sample"];
  data["task"] = sidecar["task"];
  data["constraints"] = sidecar["constraints"];
  MustachePartials partials;
  for (auto it = sidecar["partials"].begin(); it != sidecar["partials"].end(); ++it)
    REQUIRE(read_file(dir + it.value().get<std::string>(), &partials[it.key()]));
  std::string tpl;
  REQUIRE(read_file(dir + sidecar["template"].get<std::string>(), &tpl));
  std::string prompt = render_ok(tpl, data, partials);  // not strict: most fields are optional
  // The prompt ends with the output marker the sidecar names, and the stop string is not in it
  // before the marker's line.
  std::string marker = sidecar["output"]["marker"];
  REQUIRE(prompt.size() >= marker.size());
  CHECK(prompt.compare(prompt.size() - marker.size(), marker.size(), marker) == 0);
  return prompt;
}

}  // namespace

TEST_CASE("prompt templates render the documented prompt format (English and Chinese)", "[mustache][templates]") {
  CHECK(render_library_template("product_description.en.json") == documented_prompt("## Example (English)"));
  CHECK(render_library_template("product_description.zh.json") == documented_prompt("## Example (Chinese"));
}
