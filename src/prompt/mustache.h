// Mustache templates (spec v1.4.2): the core tags plus the optional inheritance ({{<parent}},
// {{$block}}) and dynamic-names ({{>*name}}) modules, and lambdas as native callables the
// application registers by name. Data is JSON; partials are named template texts.
//
//   MustacheOptions options;                     // strict = false: missing names render empty
//   auto text = render_mustache("Hi {{name}}!", json{{"name", "Ana"}}, {}, options);
//
// Choices the spec leaves to the implementation (documented in docs/prompt-format.md too):
// - Falsy values: null, false, [], "" and 0 (as mustache.js and chevron); {} is truthy.
// - {{x}} escapes & " < > as the spec says, and also ' (as &#39;) so that data is safe in
//   single-quoted HTML attributes. {{{x}}} and {{&x}} are raw: the template author's choice.
// - Numbers print as JSON does, except that integral floats print without ".0" (as JavaScript);
//   a list prints its items joined by "," (as JavaScript); an object prints empty.
// - Dotted names may index lists: {{features.0}}.
// - Lambdas are found by name after the whole context stack (data with the same name wins).
// - A line holding only whitespace and one standalone tag (section, inverted, comment, partial,
//   set-delimiter, parent, block), or only parent/block tags, is standalone.
// - Indentation of standalone partials is not added to empty lines (no trailing whitespace).
//
// Nothing here executes code from the data: lambdas are C++ functions registered by the
// caller, and data values are text, never template source.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace plume::prompt {

// What a lambda receives. For {{name}} it is called with `section` false and must return a
// template, which is rendered with the default delimiters in the current context (and then
// escaped, unless the tag is raw). For {{#name}}...{{/name}} it receives the section's
// unprocessed text and its result is rendered with the delimiters in force at the section.
struct MustacheLambdaCall {
  std::string_view name;
  bool section = false;
  std::string_view section_text;        // the raw text between the section tags
  const nlohmann::json* context = nullptr;  // the top of the context stack
};
using MustacheLambda = std::function<Result<std::string>(const MustacheLambdaCall&)>;

struct MustacheOptions {
  // Missing data names (in {{x}}, sections, dynamic partial names) and missing partials are
  // errors instead of rendering empty. A name present with null/false/[] is not missing.
  bool strict = false;
  int max_depth = 64;                           // nested partials, parents and lambda results
  uint64_t max_output_bytes = 16u << 20;        // 16 MB
  uint64_t max_steps = 20'000'000;              // template nodes visited (nested loops)
  std::map<std::string, MustacheLambda> lambdas;
};

using MustachePartials = std::map<std::string, std::string>;

// Where an error is: `partial` is empty for the main template, else the partial's name;
// `lambda` names the lambda when the error is in the text it returned. line/column are 1-based
// (columns count Unicode characters) in that text; 0 when the error has no position.
struct MustacheErrorLocation {
  std::string partial;
  std::string lambda;
  int line = 0;
  int column = 0;
  std::string what;  // the message without the location
};

// Parses and renders. Errors name the line and column ("line 3, column 12: unclosed section
// 'items' opened at line 1, column 5"); when `where` is given it receives the parts.
Result<std::string> render_mustache(std::string_view template_text, const nlohmann::json& data,
                                    const MustachePartials& partials, const MustacheOptions& options,
                                    MustacheErrorLocation* where = nullptr);

// Only parses (syntax, UTF-8, nesting): for checking a template before it is used.
Status check_mustache(std::string_view template_text, MustacheErrorLocation* where = nullptr);

// Partials from a JSON object of strings ({"header": "..."}), naming any value that is not one.
Result<MustachePartials> mustache_partials_from_json(const nlohmann::json& partials);

}  // namespace plume::prompt
