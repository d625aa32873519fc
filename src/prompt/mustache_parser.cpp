// Mustache source -> nodes (mustache_ast.h), in three passes:
//   1. tokenize: text and tags, following set-delimiter tags as they come;
//   2. standalone lines: a line holding only whitespace and a standalone tag loses its
//      whitespace and newline (the whitespace becomes the indentation of a partial/parent/block);
//   3. build the tree with an explicit stack (no recursion: hostile nesting cannot overflow).
// Every error names the line and column of the tag at fault.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "prompt/mustache_ast.h"

namespace plume::prompt::mustache_detail {
namespace {

constexpr size_t kMaxNesting = 100;  // sections inside sections in one template

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Offset of the first byte that is not part of valid UTF-8 (RFC 3629), or npos.
size_t find_invalid_utf8(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) { i++; continue; }
    size_t len = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
    if (len == 0 || i + len > n) return i;
    for (size_t k = 1; k < len; k++)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    auto b1 = static_cast<unsigned char>(s[i + 1]);
    if ((b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 > 0x9F) ||  // overlong, surrogates
        (b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 > 0x8F))    // overlong, > U+10FFFF
      return i;
    i += len;
  }
  return std::string_view::npos;
}

enum class TokenType { Text, Variable, Raw, Section, Inverted, Close, Comment, Partial, SetDelim, Parent, Block };

struct Token {
  TokenType type = TokenType::Text;
  size_t begin = 0, end = 0;     // text: the text; tag: the whole tag with its delimiters
  std::string name;              // tag: trimmed content (Partial/Parent: without the '*')
  bool dynamic = false;
  std::string open_delim, close_delim;
  TokenType closes = TokenType::Text;  // Close: the kind of tag it closes (for standalone lines)
  bool removed = false;          // whitespace of a standalone line
  size_t skip = 0;               // Text: leading bytes removed (a standalone line keeping its newline)
  bool standalone = false;
  std::string indent;
  size_t line_begin = 0, line_end = 0;  // standalone tag: its line, newline included
};

const char* kind_word(TokenType t) {
  switch (t) {
    case TokenType::Section: return "section";
    case TokenType::Inverted: return "inverted section";
    case TokenType::Parent: return "parent";
    case TokenType::Block: return "block";
    default: return "tag";
  }
}

class Parser {
 public:
  Parser(std::string source, const std::string& partial_name, const std::string& lambda_name)
      : partial_(partial_name), lambda_(lambda_name) {
    tpl_ = std::make_shared<Template>();
    tpl_->source = std::move(source);
    tpl_->partial = partial_name;
    tpl_->lambda = lambda_name;
    const std::string& s = tpl_->source;
    line_starts_.push_back(0);
    for (size_t i = 0; i < s.size(); i++)
      if (s[i] == '\n') line_starts_.push_back(i + 1);
  }

  ParseOutcome run(std::string_view open, std::string_view close) {
    ParseOutcome out;
    const std::string& s = tpl_->source;
    size_t bad = find_invalid_utf8(s);
    if (bad != std::string_view::npos) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(s[bad]));
      fail(bad, std::string("the template is not valid UTF-8: byte ") + hex + " at byte offset " +
                    std::to_string(bad));
    } else if (tokenize(std::string(open), std::string(close))) {
      mark_standalone_lines();
      build();
    }
    if (failed_) out.error = error_;
    else out.tpl = tpl_;
    return out;
  }

 private:
  const std::string& src() const { return tpl_->source; }

  // Line and column (in characters) of a byte offset. Offsets mostly come in increasing order,
  // so counting resumes from the previous answer when it is on the same line (a long line with
  // many tags stays linear).
  void position(size_t offset, int* line, int* column) const {
    size_t l = static_cast<size_t>(std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) -
                                   line_starts_.begin());
    size_t from = line_starts_[l - 1];
    int col = 1;
    if (cursor_line_ == l && cursor_offset_ >= from && cursor_offset_ <= offset) {
      from = cursor_offset_;
      col = cursor_column_;
    }
    for (size_t i = from; i < offset && i < src().size(); i++)
      if ((static_cast<unsigned char>(src()[i]) & 0xC0) != 0x80) col++;
    cursor_line_ = l;
    cursor_offset_ = offset;
    cursor_column_ = col;
    *line = static_cast<int>(l);
    *column = col;
  }

  bool fail(size_t offset, std::string what) {
    if (failed_) return false;
    failed_ = true;
    error_.partial = partial_;
    error_.lambda = lambda_;
    position(offset, &error_.line, &error_.column);
    error_.what = std::move(what);
    return false;
  }

  std::string where(size_t offset) const {
    int line, col;
    position(offset, &line, &col);
    return "line " + std::to_string(line) + ", column " + std::to_string(col);
  }

  void add_text(size_t begin, size_t end) {  // one token per line piece
    while (begin < end) {
      size_t nl = src().find('\n', begin);
      size_t piece_end = nl == std::string::npos || nl >= end ? end : nl + 1;
      Token t;
      t.begin = begin;
      t.end = piece_end;
      tokens_.push_back(t);
      begin = piece_end;
    }
  }

  // A name looked up in the data: ".", or parts separated by single dots.
  bool check_data_name(const std::string& name, size_t at, const std::string& shown) {
    if (name == ".") return true;
    if (name.front() == '.' || name.back() == '.' || name.find("..") != std::string::npos)
      return fail(at, "'" + name + "' in " + shown + " is not a valid name: a dot must separate two names");
    return true;
  }

  bool tokenize(std::string open, std::string close) {
    const std::string& s = src();
    std::vector<TokenType> opened;  // only to annotate closing tags for the standalone rules
    size_t pos = 0;
    while (pos < s.size()) {
      size_t t = s.find(open, pos);
      if (t == std::string::npos) { add_text(pos, s.size()); break; }
      add_text(pos, t);
      size_t p = t + open.size();
      char sigil = p < s.size() ? s[p] : '\0';
      std::string closing = close;
      Token tok;
      tok.begin = t;
      tok.open_delim = open;
      tok.close_delim = close;
      size_t content_begin = p + 1;
      switch (sigil) {
        case '{': tok.type = TokenType::Raw; closing = "}" + close; break;
        case '=': tok.type = TokenType::SetDelim; closing = "=" + close; break;
        case '!': tok.type = TokenType::Comment; break;
        case '#': tok.type = TokenType::Section; break;
        case '^': tok.type = TokenType::Inverted; break;
        case '/': tok.type = TokenType::Close; break;
        case '>': tok.type = TokenType::Partial; break;
        case '&': tok.type = TokenType::Raw; break;
        case '<': tok.type = TokenType::Parent; break;
        case '$': tok.type = TokenType::Block; break;
        default: tok.type = TokenType::Variable; content_begin = p; break;
      }
      size_t e = content_begin <= s.size() ? s.find(closing, content_begin) : std::string::npos;
      if (e == std::string::npos)
        return fail(t, "this tag is never closed: expected '" + closing + "' after '" + open + "'");
      tok.end = e + closing.size();
      std::string raw(s, content_begin, e - content_begin);
      std::string content(trim(raw));
      std::string shown = open + std::string(s, p, e - p) + closing;  // the tag as written
      if (tok.type == TokenType::Comment) {
        tokens_.push_back(tok);
        pos = tok.end;
        continue;
      }
      if (tok.type == TokenType::SetDelim) {
        std::vector<std::string> parts;
        size_t i = 0;
        while (i < content.size()) {
          while (i < content.size() && is_space(content[i])) i++;
          size_t j = i;
          while (j < content.size() && !is_space(content[j])) j++;
          if (j > i) parts.emplace_back(content, i, j - i);
          i = j;
        }
        if (parts.size() != 2)
          return fail(t, "the set-delimiter tag " + shown +
                             " needs two delimiters separated by a space, as in {{=<% %>=}}");
        open = parts[0];
        close = parts[1];
        tokens_.push_back(tok);
        pos = tok.end;
        continue;
      }
      if ((tok.type == TokenType::Partial || tok.type == TokenType::Parent) && !content.empty() && content[0] == '*') {
        tok.dynamic = true;
        content = std::string(trim(std::string_view(content).substr(1)));
      }
      if (tok.type == TokenType::Close && !content.empty() && content[0] == '*')
        content = "*" + std::string(trim(std::string_view(content).substr(1)));
      if (content.empty())
        return fail(t, "the tag " + shown + " has no name");
      for (char c : content) {
        if (c == '\n') return fail(t, "this tag is not closed on its line: expected '" + closing + "'");
        if (is_space(c)) return fail(t, "the name '" + content + "' in " + shown + " contains a space");
      }
      bool data_name = tok.type == TokenType::Variable || tok.type == TokenType::Raw ||
                       tok.type == TokenType::Section || tok.type == TokenType::Inverted || tok.dynamic;
      if (data_name && !check_data_name(content, t, shown)) return false;
      tok.name = content;
      if (tok.type == TokenType::Section || tok.type == TokenType::Inverted || tok.type == TokenType::Parent ||
          tok.type == TokenType::Block)
        opened.push_back(tok.type);
      if (tok.type == TokenType::Close && !opened.empty()) {
        tok.closes = opened.back();
        opened.pop_back();
      }
      tokens_.push_back(tok);
      pos = tok.end;
    }
    return true;
  }

  bool ends_line(const Token& t) const {
    return t.type == TokenType::Text && t.end > t.begin && src()[t.end - 1] == '\n';
  }

  // Spec: a line holding only whitespace and one standalone-capable tag is removed, except the
  // tag. Inheritance adds lines of several parent/block tags ({{<parent}}{{$block}}), and a
  // {{$block}}{{/block}} pair keeps its newline (mustache/spec#131).
  void mark_standalone_lines() {
    size_t i = 0;
    while (i < tokens_.size()) {
      size_t last = i;
      while (last + 1 < tokens_.size() && !ends_line(tokens_[last])) last++;
      mark_line(i, last);
      i = last + 1;
    }
  }

  void mark_line(size_t first, size_t last) {
    size_t tags = 0;
    bool only_inheritance = true;
    std::vector<size_t> tag_index;
    for (size_t k = first; k <= last; k++) {
      const Token& t = tokens_[k];
      if (t.type == TokenType::Text) {
        size_t end = t.end;
        if (ends_line(t)) end -= (end - t.begin >= 2 && src()[end - 2] == '\r') ? 2 : 1;
        for (size_t c = t.begin; c < end; c++)
          if (!is_blank(src()[c])) return;
        continue;
      }
      if (t.type == TokenType::Variable || t.type == TokenType::Raw) return;
      tags++;
      tag_index.push_back(k);
      bool inheritance = t.type == TokenType::Parent || t.type == TokenType::Block ||
                         (t.type == TokenType::Close && (t.closes == TokenType::Parent || t.closes == TokenType::Block));
      if (!inheritance) only_inheritance = false;
    }
    if (tags == 0 || (tags > 1 && !only_inheritance)) return;
    bool keep_newline = tags == 2 && tokens_[tag_index[0]].type == TokenType::Block &&
                        tokens_[tag_index[1]].type == TokenType::Close &&
                        tokens_[tag_index[1]].name == tokens_[tag_index[0]].name;
    std::string indent;
    if (tokens_[first].type == TokenType::Text) indent = src().substr(tokens_[first].begin, tokens_[first].end - tokens_[first].begin);
    for (size_t k = first; k <= last; k++) {
      Token& t = tokens_[k];
      if (t.type != TokenType::Text) {
        t.standalone = true;
        t.indent = indent;
        t.line_begin = tokens_[first].begin;
        t.line_end = tokens_[last].end;
      } else if (keep_newline && k == last && ends_line(t)) {
        size_t nl = t.end - 1;
        if (nl > t.begin && src()[nl - 1] == '\r') nl--;
        t.skip = nl - t.begin;
      } else {
        t.removed = true;
      }
    }
  }

  bool at_line_start(size_t offset) const { return offset == 0 || src()[offset - 1] == '\n'; }

  // The common leading whitespace of the non-blank lines in [begin, end).
  static void dedent_of(std::string_view body, std::string* dedent, bool* has_lines) {
    bool first = true;
    size_t i = 0;
    while (i < body.size()) {
      size_t nl = body.find('\n', i);
      std::string_view line = body.substr(i, nl == std::string_view::npos ? std::string_view::npos : nl - i);
      i = nl == std::string_view::npos ? body.size() : nl + 1;
      size_t ws = 0;
      while (ws < line.size() && is_blank(line[ws])) ws++;
      if (ws == line.size() || (ws + 1 == line.size() && line[ws] == '\r')) continue;  // blank line
      std::string_view lead = line.substr(0, ws);
      if (first) { *dedent = std::string(lead); first = false; }
      else {
        size_t k = 0;
        while (k < dedent->size() && k < lead.size() && (*dedent)[k] == lead[k]) k++;
        dedent->resize(k);
      }
      *has_lines = true;
    }
  }

  struct Open {
    Node node;
    TokenType type;
    std::string key;       // what the closing tag must say
    size_t tag_begin = 0;  // for "opened at"
    size_t dedent_begin = 0;
  };

  bool build() {
    std::vector<Open> stack;
    std::vector<Node>& root = tpl_->nodes;
    auto add = [&](Node n) {
      if (stack.empty()) { root.push_back(std::move(n)); return; }
      Node& owner = stack.back().node;
      if (owner.kind == NodeKind::Parent && n.kind != NodeKind::Block) return;  // only blocks count
      owner.children.push_back(std::move(n));
    };
    for (const Token& t : tokens_) {
      if (t.removed || t.type == TokenType::Comment || t.type == TokenType::SetDelim) continue;
      Node n;
      if (t.type == TokenType::Text) {
        size_t b = t.begin + t.skip;
        if (b >= t.end) continue;
        n.text = src().substr(b, t.end - b);
        n.bol = at_line_start(b);
        position(b, &n.line, &n.column);
        add(std::move(n));
        continue;
      }
      position(t.begin, &n.line, &n.column);
      n.text = t.name;
      n.bol = !t.standalone && at_line_start(t.begin);
      n.standalone = t.standalone;
      n.indent = t.indent;
      n.dynamic = t.dynamic;
      switch (t.type) {
        case TokenType::Variable:
        case TokenType::Raw:
          n.kind = NodeKind::Variable;
          n.escape = t.type == TokenType::Variable;
          add(std::move(n));
          break;
        case TokenType::Partial:
          n.kind = NodeKind::Partial;
          add(std::move(n));
          break;
        case TokenType::Section:
        case TokenType::Inverted:
        case TokenType::Parent:
        case TokenType::Block: {
          if (stack.size() >= kMaxNesting)
            return fail(t.begin, "sections are nested more than " + std::to_string(kMaxNesting) + " deep");
          n.kind = t.type == TokenType::Section ? NodeKind::Section
                   : t.type == TokenType::Inverted ? NodeKind::Inverted
                   : t.type == TokenType::Parent ? NodeKind::Parent : NodeKind::Block;
          n.body_begin = t.end;
          n.open_delim = t.open_delim;
          n.close_delim = t.close_delim;
          Open o{std::move(n), t.type, t.dynamic ? "*" + t.name : t.name, t.begin,
                 t.standalone ? t.line_end : t.end};
          stack.push_back(std::move(o));
          break;
        }
        case TokenType::Close: {
          std::string shown = t.open_delim + "/" + t.name + t.close_delim;
          if (stack.empty()) return fail(t.begin, "the closing tag " + shown + " has no open section");
          Open& o = stack.back();
          if (o.key != t.name)
            return fail(t.begin, "the closing tag " + shown + " does not match the open " + kind_word(o.type) +
                                     " '" + o.key + "' (opened at " + where(o.tag_begin) + ")");
          Node done = std::move(o.node);
          done.body_end = t.begin;
          if (done.kind == NodeKind::Block && done.standalone) {
            size_t end = t.standalone ? t.line_begin : t.begin;
            if (end > o.dedent_begin)
              dedent_of(std::string_view(src()).substr(o.dedent_begin, end - o.dedent_begin), &done.dedent,
                        &done.body_has_lines);
          }
          stack.pop_back();
          add(std::move(done));
          break;
        }
        default: break;
      }
    }
    if (!stack.empty()) {
      const Open& o = stack.back();
      return fail(src().size(), "unclosed " + std::string(kind_word(o.type)) + " '" + o.key + "' opened at " +
                                    where(o.tag_begin));
    }
    return true;
  }

  std::string partial_, lambda_;
  std::shared_ptr<Template> tpl_;
  std::vector<size_t> line_starts_;
  mutable size_t cursor_line_ = 0, cursor_offset_ = 0;
  mutable int cursor_column_ = 1;
  std::vector<Token> tokens_;
  bool failed_ = false;
  MustacheErrorLocation error_;
};

}  // namespace

ParseOutcome parse_template(std::string source, const std::string& partial_name, const std::string& lambda_name,
                            std::string_view open, std::string_view close) {
  Parser p(std::move(source), partial_name, lambda_name);
  return p.run(open, close);
}

std::string format_error(const MustacheErrorLocation& where) {
  std::string s;
  if (!where.lambda.empty()) s += "in the text returned by lambda '" + where.lambda + "'" + (where.line > 0 ? ", " : ": ");
  else if (!where.partial.empty()) s += "partial '" + where.partial + "'" + (where.line > 0 ? ", " : ": ");
  if (where.line > 0) s += "line " + std::to_string(where.line) + ", column " + std::to_string(where.column) + ": ";
  return s + where.what;
}

}  // namespace plume::prompt::mustache_detail
