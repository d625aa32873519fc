// The parsed form of a Mustache template, shared by the parser (mustache_parser.cpp) and the
// renderer (mustache_render.cpp). Internal to src/prompt: callers use mustache.h.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "prompt/mustache.h"

namespace plume::prompt::mustache_detail {

enum class NodeKind { Text, Variable, Section, Inverted, Partial, Parent, Block };

struct Node {
  NodeKind kind = NodeKind::Text;
  std::string text;         // Text: the text (at most one line); a tag: its name
  bool escape = true;       // Variable: {{x}} escapes; {{{x}}} and {{&x}} do not
  bool dynamic = false;     // Partial/Parent: {{>*name}}: `text` is looked up in the data
  bool bol = false;         // begins a line of the source: indentation is emitted before it
  bool standalone = false;  // Partial/Parent/Block alone on its line (the line was removed)
  std::string indent;       // ...and that line's leading whitespace
  std::string dedent;       // Block with a standalone opening tag: its lines' common indentation
  bool body_has_lines = false;  // Block: its body has a line that is not blank
  int line = 0, column = 0;     // where the tag starts (1-based; columns in characters)
  size_t body_begin = 0, body_end = 0;   // Section: the raw body, for lambdas
  std::string open_delim, close_delim;   // Section: delimiters in force, for lambdas
  std::vector<Node> children;  // Section/Inverted/Block: the body; Parent: its Block arguments
};

struct Template {
  std::string source;
  std::string partial;  // "" for the main template, else the partial's name (for errors)
  std::string lambda;   // the lambda whose result this is, if any (for errors)
  std::vector<Node> nodes;
};

struct ParseOutcome {
  std::shared_ptr<const Template> tpl;  // null on error
  MustacheErrorLocation error;
};

// Parses `source` (validated as UTF-8 first) starting with the given delimiters.
// The names only label errors.
ParseOutcome parse_template(std::string source, const std::string& partial_name, const std::string& lambda_name,
                            std::string_view open = "{{", std::string_view close = "}}");

// "line 3, column 12: ..." (or "partial 'x', line 3, column 12: ...").
std::string format_error(const MustacheErrorLocation& where);

}  // namespace plume::prompt::mustache_detail
