// Renders parsed Mustache nodes against JSON data: the context stack, sections, partials with
// their indentation, inheritance (parents and blocks), dynamic names, lambdas, and the limits
// that keep a hostile template from exhausting the machine.
//
// Indentation is applied while rendering, never by editing template text: every node that
// begins a source line carries `bol`, and the frame being rendered holds a Transform saying
// what such a line's leading whitespace becomes (a standalone partial adds its indentation; a
// standalone block also removes the indentation its body had where it was written).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "prompt/mustache.h"
#include "prompt/mustache_ast.h"

using nlohmann::json;

namespace plume::prompt {
namespace mustache_detail {
namespace {

constexpr int kMaxNesting = 1000;  // sections + partials + blocks on the native stack at once

// What the leading whitespace of a source line becomes in the output.
struct Transform {
  std::string add;    // written first
  std::string strip;  // removed from the line's own whitespace (a block's indentation at its definition)
  bool identity() const { return add.empty() && strip.empty(); }
  std::string apply(std::string_view ws) const {
    size_t k = 0;
    while (k < strip.size() && k < ws.size() && strip[k] == ws[k]) k++;
    return add + std::string(ws.substr(k));
  }
};

struct BlockArg {  // a {{$block}} passed to a parent: its body and where it was written
  const Node* block;
  const Template* tpl;
  Transform transform;
};
using BlockArgs = std::map<std::string, BlockArg>;

struct Frame {  // the template whose nodes are being rendered, and how
  const Template* tpl;
  Transform transform;
  const BlockArgs* args;
  int depth;  // partials, parents and lambda results entered so far
};

struct Lookup {
  bool found = false;
  const json* value = nullptr;
  const MustacheLambda* lambda = nullptr;
};

bool truthy(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return false;
    case json::value_t::boolean: return v.get<bool>();
    case json::value_t::number_integer: return v.get<int64_t>() != 0;
    case json::value_t::number_unsigned: return v.get<uint64_t>() != 0;
    case json::value_t::number_float: return v.get<double>() != 0.0;
    case json::value_t::string: return !v.get_ref<const std::string&>().empty();
    case json::value_t::array: return !v.empty();
    default: return true;  // objects (even empty ones) are contexts
  }
}

void append_value(std::string& out, const json& v) {
  switch (v.type()) {
    case json::value_t::string: out += v.get_ref<const std::string&>(); break;
    case json::value_t::boolean: out += v.get<bool>() ? "true" : "false"; break;
    case json::value_t::number_integer: out += std::to_string(v.get<int64_t>()); break;
    case json::value_t::number_unsigned: out += std::to_string(v.get<uint64_t>()); break;
    case json::value_t::number_float: {
      double x = v.get<double>();
      if (std::isfinite(x) && x == std::floor(x) && std::fabs(x) < 1e21) {  // 3.0 -> "3", as JavaScript
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", x);
        out += std::string(buf) == "-0" ? "0" : buf;
      } else {
        out += v.dump();  // shortest round-trip form: 1.21 -> "1.21"
      }
      break;
    }
    case json::value_t::array: {
      bool first = true;
      for (const json& item : v) {
        if (!first) out += ',';
        first = false;
        append_value(out, item);
      }
      break;
    }
    default: break;  // null and objects print nothing
  }
}

void append_escaped(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() < 10 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

const json* child(const json* v, std::string_view part) {
  if (v->is_object()) {
    auto it = v->find(std::string(part));
    return it == v->end() ? nullptr : &*it;
  }
  if (v->is_array() && all_digits(part)) {
    size_t i = std::stoul(std::string(part));
    return i < v->size() ? &(*v)[i] : nullptr;
  }
  return nullptr;
}

class Renderer {
 public:
  Renderer(const json& data, const MustachePartials& partials, const MustacheOptions& options)
      : partials_(partials), options_(options) {
    stack_.push_back(&data);
  }

  bool run(const Template& t) {
    BlockArgs none;
    return render_nodes(t.nodes, Frame{&t, Transform{}, &none, 0}, nullptr);
  }

  std::string out;
  MustacheErrorLocation error;

 private:
  bool fail(const Frame& f, const Node& n, std::string what) {
    error.partial = f.tpl->partial;
    error.lambda = f.tpl->lambda;
    error.line = n.line;
    error.column = n.column;
    error.what = std::move(what);
    return false;
  }

  bool check_output(const Frame& f, const Node& n) {
    if (out.size() <= options_.max_output_bytes) return true;
    return fail(f, n, "the rendered text exceeds the limit of " + std::to_string(options_.max_output_bytes) +
                          " bytes (does a section loop over a very long list, or a partial repeat itself?)");
  }

  Lookup lookup(const std::string& name) const {
    if (name == ".") return {true, stack_.back(), nullptr};
    size_t dot = name.find('.');
    std::string first = name.substr(0, dot);
    const json* v = nullptr;
    for (auto it = stack_.rbegin(); it != stack_.rend() && !v; ++it) {
      if ((*it)->is_object()) {
        auto f = (*it)->find(first);
        if (f != (*it)->end()) v = &*f;
      }
    }
    if (!v) {
      auto l = options_.lambdas.find(name);
      if (dot == std::string::npos && l != options_.lambdas.end() && l->second) return {true, nullptr, &l->second};
      return {};
    }
    while (dot != std::string::npos) {
      size_t next = name.find('.', dot + 1);
      v = child(v, std::string_view(name).substr(dot + 1, next == std::string::npos ? std::string::npos : next - dot - 1));
      if (!v) return {};
      dot = next;
    }
    return {true, v, nullptr};
  }

  bool missing(const Frame& f, const Node& n, const std::string& what) {
    if (!options_.strict) return true;
    return fail(f, n, "no value for '" + n.text + "' in the data (" + what +
                          "; strict mode: give it a value, null or false to leave it empty)");
  }

  // The name of a partial or parent: the tag's own, or for {{>*x}} the value of x in the data.
  bool resolve_name(const Frame& f, const Node& n, std::string* name, bool* skip) {
    *skip = false;
    if (!n.dynamic) { *name = n.text; return true; }
    Lookup l = lookup(n.text);
    if (l.found && l.value && (l.value->is_string() || l.value->is_number())) {
      name->clear();
      append_value(*name, *l.value);
      return true;
    }
    *skip = true;
    if (!l.found) return missing(f, n, "the dynamic partial name");
    return true;
  }

  const Template* find_partial(const Frame& f, const Node& n, const std::string& name, bool* ok) {
    *ok = true;
    auto cached = cache_.find(name);
    if (cached != cache_.end()) return cached->second.get();
    auto it = partials_.find(name);
    if (it == partials_.end()) {
      if (options_.strict)
        *ok = fail(f, n, "no partial named '" + name + "' (strict mode)");
      return nullptr;
    }
    ParseOutcome p = parse_template(it->second, name, "");
    if (!p.tpl) {
      error = p.error;
      *ok = false;
      return nullptr;
    }
    return (cache_[name] = p.tpl).get();
  }

  bool enter(const Frame& f, const Node& n, const char* what) {
    if (f.depth + 1 > options_.max_depth)
      return fail(f, n, std::string(what) + " nested more than " + std::to_string(options_.max_depth) +
                            " deep at '" + n.text + "' (does it include itself without end?)");
    return true;
  }

  // Renders the text a lambda returned, with the given delimiters, in the current context.
  bool render_lambda(const Frame& f, const Node& n, bool section) {
    if (!enter(f, n, "lambdas")) return false;
    std::string raw = section ? f.tpl->source.substr(n.body_begin, n.body_end - n.body_begin) : "";
    MustacheLambdaCall call{n.text, section, raw, stack_.back()};
    Result<std::string> r = options_.lambdas.at(n.text)(call);
    if (!r.ok()) return fail(f, n, "lambda '" + n.text + "' failed: " + r.error().message);
    ParseOutcome p = section ? parse_template(std::move(r.value()), f.tpl->partial, n.text, n.open_delim, n.close_delim)
                             : parse_template(std::move(r.value()), f.tpl->partial, n.text);
    if (!p.tpl) {
      error = p.error;
      return false;
    }
    return render_nodes(p.tpl->nodes, Frame{p.tpl.get(), Transform{}, f.args, f.depth + 1}, nullptr);
  }

  // `first_prefix`: the first node starts a line even if it does not start a source line (a
  // standalone block's body) and gets this indentation.
  bool render_nodes(const std::vector<Node>& nodes, const Frame& f, const std::string* first_prefix) {
    if (nodes.empty()) return true;
    if (++nesting_ > kMaxNesting)
      return fail(f, nodes.front(), "sections and partials are nested more than " + std::to_string(kMaxNesting) + " deep");
    bool ok = true;
    for (size_t i = 0; i < nodes.size() && ok; i++) {
      const Node& n = nodes[i];
      if (i == 0 && first_prefix && !n.bol && !n.standalone) out += *first_prefix;
      ok = render_node(n, f);
    }
    nesting_--;
    return ok;
  }

  bool step(const Frame& f, const Node& n) {
    if (++steps_ <= options_.max_steps) return true;
    return fail(f, n, "rendering takes more than " + std::to_string(options_.max_steps) +
                          " steps (nested loops over long lists?)");
  }

  bool render_node(const Node& n, const Frame& f) {
    if (!step(f, n)) return false;
    if (n.bol && !f.transform.identity()) {
      if (n.kind == NodeKind::Text) {
        size_t ws = 0;
        while (ws < n.text.size() && (n.text[ws] == ' ' || n.text[ws] == '\t')) ws++;
        std::string_view rest = std::string_view(n.text).substr(ws);
        if (rest == "\n" || rest == "\r\n") out += rest;  // no indentation on empty lines
        else out += f.transform.apply(std::string_view(n.text).substr(0, ws)) + std::string(rest);
        return check_output(f, n);
      }
      out += f.transform.apply("");
    }
    switch (n.kind) {
      case NodeKind::Text: out += n.text; return check_output(f, n);
      case NodeKind::Variable: return render_variable(n, f);
      case NodeKind::Section: return render_section(n, f);
      case NodeKind::Inverted: {
        Lookup l = lookup(n.text);
        if (!l.found && !missing(f, n, "an inverted section")) return false;
        if (l.lambda || (l.value && truthy(*l.value))) return true;
        return render_nodes(n.children, f, nullptr);
      }
      case NodeKind::Partial: return render_partial(n, f, nullptr);
      case NodeKind::Parent: {
        BlockArgs args = *f.args;  // arguments given further out win (top-level substitutions first)
        for (const Node& b : n.children) args.emplace(b.text, BlockArg{&b, f.tpl, f.transform});
        return render_partial(n, f, &args);
      }
      case NodeKind::Block: return render_block(n, f);
    }
    return true;
  }

  bool render_variable(const Node& n, const Frame& f) {
    Lookup l = lookup(n.text);
    if (!l.found) return missing(f, n, "an interpolation");
    if (l.lambda) {
      size_t start = out.size();
      if (!render_lambda(f, n, false)) return false;
      if (n.escape) {
        std::string raw = out.substr(start);
        out.resize(start);
        append_escaped(out, raw);
      }
      return check_output(f, n);
    }
    if (l.value->is_object() && options_.strict)
      return fail(f, n, "'" + n.text + "' is an object, which prints as nothing: use a section {{#" + n.text +
                            "}}...{{/" + n.text + "}} or a dotted name such as " + n.text + ".name");
    if (n.escape && l.value->is_string()) append_escaped(out, l.value->get_ref<const std::string&>());
    else if (n.escape) {
      std::string s;
      append_value(s, *l.value);
      append_escaped(out, s);
    } else {
      append_value(out, *l.value);
    }
    return check_output(f, n);
  }

  bool render_section(const Node& n, const Frame& f) {
    Lookup l = lookup(n.text);
    if (!l.found) return missing(f, n, "a section");
    if (l.lambda) return render_lambda(f, n, true) && check_output(f, n);
    const json& v = *l.value;
    if (v.is_array()) {
      for (const json& item : v) {
        if (!step(f, n)) return false;
        stack_.push_back(&item);
        bool ok = render_nodes(n.children, f, nullptr);
        stack_.pop_back();
        if (!ok) return false;
      }
      return true;
    }
    if (!truthy(v)) return true;
    stack_.push_back(&v);
    bool ok = render_nodes(n.children, f, nullptr);
    stack_.pop_back();
    return ok;
  }

  // A partial, or a parent when `args` holds its blocks.
  bool render_partial(const Node& n, const Frame& f, const BlockArgs* args) {
    std::string name;
    bool skip = false;
    if (!resolve_name(f, n, &name, &skip)) return false;
    if (skip) return true;
    bool ok = true;
    const Template* t = find_partial(f, n, name, &ok);
    if (!t) return ok;
    if (!enter(f, n, args ? "parents" : "partials")) return false;
    Transform indent;  // a standalone partial's lines are indented like its tag; an inline one's are not
    if (n.standalone) indent.add = f.transform.apply(n.indent);
    return render_nodes(t->nodes, Frame{t, indent, args ? args : f.args, f.depth + 1}, nullptr);
  }

  // A {{$block}} where it is expanded: the argument passed for it, or its own default body.
  bool render_block(const Node& n, const Frame& f) {
    std::string site;  // a standalone block's indentation: its default body's, or its line's
    if (n.standalone) site = f.transform.apply(n.body_has_lines ? n.dedent : n.indent);
    auto it = f.args->find(n.text);
    if (it == f.args->end()) {
      Transform t = n.standalone ? Transform{site, n.dedent} : f.transform;
      return render_nodes(n.children, Frame{f.tpl, t, f.args, f.depth}, n.standalone ? &site : nullptr);
    }
    const BlockArg& a = it->second;
    Transform t;
    if (a.block->standalone) t = Transform{site, a.block->dedent};  // re-indented from its own indentation
    else if (n.standalone) t = Transform{site + a.transform.add, a.transform.strip};
    else t = a.transform;
    return render_nodes(a.block->children, Frame{a.tpl, t, f.args, f.depth}, n.standalone ? &site : nullptr);
  }

  const MustachePartials& partials_;
  const MustacheOptions& options_;
  std::vector<const json*> stack_;
  std::map<std::string, std::shared_ptr<const Template>> cache_;
  uint64_t steps_ = 0;
  int nesting_ = 0;
};

}  // namespace
}  // namespace mustache_detail

Result<std::string> render_mustache(std::string_view template_text, const json& data, const MustachePartials& partials,
                                    const MustacheOptions& options, MustacheErrorLocation* where) {
  using namespace mustache_detail;
  ParseOutcome p = parse_template(std::string(template_text), "", "");
  if (!p.tpl) {
    if (where) *where = p.error;
    return Error{format_error(p.error)};
  }
  Renderer r(data, partials, options);
  if (!r.run(*p.tpl)) {
    if (where) *where = r.error;
    return Error{format_error(r.error)};
  }
  return std::move(r.out);
}

Status check_mustache(std::string_view template_text, MustacheErrorLocation* where) {
  using namespace mustache_detail;
  ParseOutcome p = parse_template(std::string(template_text), "", "");
  if (p.tpl) return {};
  if (where) *where = p.error;
  return Error{format_error(p.error)};
}

Result<MustachePartials> mustache_partials_from_json(const json& partials) {
  MustachePartials out;
  if (partials.is_null()) return out;
  if (!partials.is_object())
    return make_error("partials must be a JSON object of name: template text, got ", partials.type_name());
  for (auto it = partials.begin(); it != partials.end(); ++it) {
    if (!it.value().is_string())
      return make_error("partial '", it.key(), "' must be a string (the template text), got ", it.value().type_name());
    out[it.key()] = it.value().get<std::string>();
  }
  return out;
}

}  // namespace plume::prompt
