// The JS-dialect regex engine of regex.h: a recursive-descent parser into a node tree, then a
// backtracking matcher written with continuations (each step says "and then match the rest").
#include "experiment/regex.h"

#include <climits>
#include <functional>
#include <utility>
#include <vector>

#include "experiment/js_value.h"

namespace plume::experiment {
namespace {

using Range = std::pair<char16_t, char16_t>;
using Seq = std::vector<int>;  // node indices, matched in order

struct Node {
  enum Kind { Char, Any, Class, Start, End, WordBoundary, NotWordBoundary, Group, Look, Backref, Repeat } kind;
  char16_t ch = 0;
  std::vector<Range> ranges;  // Class
  bool negated = false;       // Class: [^...]; Look: (?! )
  std::vector<Seq> alts;      // Group, Look
  int capture = -1;           // Group: capture number (1-based), -1 for (?: )
  int child = -1, min = 0, max = 0;
  bool greedy = true;         // Repeat
  int backref = 0;            // Backref
};

Node mk(Node::Kind kind, char16_t ch = 0) {
  Node n{kind, ch, {}, false, {}, -1, -1, 0, 0, true, 0};
  return n;
}

const std::vector<Range> kDigit = {{'0', '9'}};
const std::vector<Range> kWord = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
const std::vector<Range> kSpace = {{0x09, 0x0D}, {0x20, 0x20}, {0xA0, 0xA0}, {0x1680, 0x1680}, {0x2000, 0x200A},
                                   {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};

std::vector<Range> complement(const std::vector<Range>& sorted) {
  std::vector<Range> out;
  uint32_t next = 0;
  for (const auto& r : sorted) {
    if (r.first > next) out.push_back({static_cast<char16_t>(next), static_cast<char16_t>(r.first - 1)});
    next = static_cast<uint32_t>(r.second) + 1;
  }
  if (next <= 0xFFFF) out.push_back({static_cast<char16_t>(next), 0xFFFF});
  return out;
}

bool in_ranges(const std::vector<Range>& ranges, char16_t c) {
  for (const auto& r : ranges)
    if (c >= r.first && c <= r.second) return true;
  return false;
}

int hex_value(char16_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Parser {
 public:
  explicit Parser(std::u16string p) : p_(std::move(p)) { count_captures(); }

  // Parses the whole pattern; on failure error() says why.
  bool parse() {
    if (!disjunction(&root_)) return false;
    if (i_ < p_.size()) return fail("unmatched ')'");
    return true;
  }
  const std::string& error() const { return error_; }
  bool unsupported() const { return unsupported_; }
  std::vector<Node>& nodes() { return nodes_; }
  int root() const { return root_; }
  int captures() const { return captures_; }

 private:
  bool fail(const std::string& what) {
    if (error_.empty()) error_ = what + " at position " + std::to_string(i_);
    return false;
  }
  bool unsupported(const std::string& what) {
    unsupported_ = true;
    return fail(what + " is not supported");
  }
  bool at(char16_t c) const { return i_ < p_.size() && p_[i_] == c; }
  int add(Node n) { nodes_.push_back(std::move(n)); return static_cast<int>(nodes_.size()) - 1; }

  // Pre-scan: how many capturing groups, so `\N` can be told from an octal escape (Annex B).
  void count_captures() {
    bool in_class = false;
    for (size_t k = 0; k < p_.size(); k++) {
      char16_t c = p_[k];
      if (c == '\\') { k++; continue; }
      if (in_class) { if (c == ']') in_class = false; continue; }
      if (c == '[') in_class = true;
      else if (c == '(' && (k + 1 >= p_.size() || p_[k + 1] != '?')) total_captures_++;
      else if (c == '(' && k + 2 < p_.size() && p_[k + 1] == '?' && p_[k + 2] == '<' &&
               k + 3 < p_.size() && p_[k + 3] != '=' && p_[k + 3] != '!')
        total_captures_++;
    }
  }

  // Disjunction into a Group node (capture -1) whose index goes to *out.
  bool disjunction(int* out, int capture = -1) {
    Node g = mk(Node::Group);
    g.capture = capture;
    g.alts.emplace_back();
    while (i_ < p_.size() && !at(')')) {
      if (at('|')) { i_++; g.alts.emplace_back(); continue; }
      if (!term(&g.alts.back())) return false;
    }
    *out = add(std::move(g));
    return true;
  }

  bool term(Seq* seq) {
    char16_t c = p_[i_];
    int atom = -1;
    if (c == '^' || c == '$') {
      i_++;
      seq->push_back(add(mk(c == '^' ? Node::Start : Node::End)));
      return no_quantifier_follows();
    }
    if (c == '\\' && i_ + 1 < p_.size() && (p_[i_ + 1] == 'b' || p_[i_ + 1] == 'B')) {
      seq->push_back(add(mk(p_[i_ + 1] == 'b' ? Node::WordBoundary : Node::NotWordBoundary)));
      i_ += 2;
      return no_quantifier_follows();
    }
    if (c == '(') {
      i_++;
      int capture = -1;
      if (at('?')) {
        i_++;
        if (at(':')) i_++;
        else if (at('=') || at('!')) {
          bool negative = at('!');
          i_++;
          int inner;
          if (!disjunction(&inner)) return false;
          if (!at(')')) return fail("missing ')'");
          i_++;
          Node look = mk(Node::Look);
          look.negated = negative;
          look.alts = nodes_[inner].alts;
          atom = add(std::move(look));
          return quantified(seq, atom);  // Annex B allows quantified lookaheads
        } else if (at('<') && i_ + 1 < p_.size() && (p_[i_ + 1] == '=' || p_[i_ + 1] == '!')) {
          return unsupported("lookbehind");
        } else if (at('<')) {
          i_++;
          size_t start = i_;
          while (i_ < p_.size() && p_[i_] != '>') {
            char16_t n = p_[i_];
            bool ok = (n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || n == '_' || n == '$' || n > 0x7F ||
                      (i_ > start && n >= '0' && n <= '9');
            if (!ok) return fail("invalid capture group name");
            i_++;
          }
          if (!at('>') || i_ == start) return fail("invalid capture group name");
          i_++;
          has_named_groups_ = true;
          capture = ++captures_;
        } else {
          return fail("invalid group");
        }
      } else {
        capture = ++captures_;
      }
      if (!disjunction(&atom, capture)) return false;
      if (!at(')')) return fail("missing ')'");
      i_++;
      return quantified(seq, atom);
    }
    if (c == ')') return fail("unmatched ')'");
    if (c == '*' || c == '+' || c == '?') return fail("nothing to repeat");
    if (c == '{') {
      size_t save = i_;
      int lo, hi;
      if (braced_quantifier(&lo, &hi)) { i_ = save; return fail("nothing to repeat"); }
      i_ = save + 1;
      atom = add(mk(Node::Char, '{'));
    } else if (c == '.') {
      i_++;
      atom = add(mk(Node::Any));
    } else if (c == '[') {
      if (!char_class(&atom)) return false;
    } else if (c == '\\') {
      if (!atom_escape(&atom)) return false;
    } else {
      i_++;
      atom = add(mk(Node::Char, c));
    }
    return quantified(seq, atom);
  }

  bool no_quantifier_follows() {
    if (i_ < p_.size() && (at('*') || at('+') || at('?'))) return fail("nothing to repeat");
    if (at('{')) {
      size_t save = i_;
      int lo, hi;
      bool q = braced_quantifier(&lo, &hi);
      i_ = save;
      if (q) return fail("nothing to repeat");
    }
    return true;
  }

  // {n}, {n,}, {n,m}; on success i_ is past '}'. Otherwise false (then '{' is a literal).
  bool braced_quantifier(int* lo, int* hi) {
    if (!at('{')) return false;
    i_++;
    auto number = [&](int* out) {
      size_t start = i_;
      long long v = 0;
      while (i_ < p_.size() && p_[i_] >= '0' && p_[i_] <= '9') {
        v = v * 10 + (p_[i_] - '0');
        if (v > INT_MAX) v = INT_MAX;
        i_++;
      }
      *out = static_cast<int>(v);
      return i_ > start;
    };
    if (!number(lo)) return false;
    *hi = *lo;
    if (at(',')) {
      i_++;
      if (!number(hi)) *hi = INT_MAX;
    }
    if (!at('}')) return false;
    i_++;
    return true;
  }

  bool quantified(Seq* seq, int atom) {
    int lo = -1, hi = -1;
    if (at('*')) lo = 0, hi = INT_MAX, i_++;
    else if (at('+')) lo = 1, hi = INT_MAX, i_++;
    else if (at('?')) lo = 0, hi = 1, i_++;
    else if (at('{')) {
      size_t save = i_;
      if (!braced_quantifier(&lo, &hi)) { i_ = save; lo = -1; }
      else if (lo > hi) return fail("numbers out of order in {} quantifier");
    }
    if (lo < 0) { seq->push_back(atom); return true; }
    Node r = mk(Node::Repeat);
    r.child = atom;
    r.min = lo;
    r.max = hi;
    if (at('?')) { r.greedy = false; i_++; }
    seq->push_back(add(std::move(r)));
    return true;
  }

  // A character escape shared by atoms and classes; returns false if `c` is not one.
  bool character_escape(char16_t* out) {
    char16_t c = p_[i_];
    switch (c) {
      case 't': *out = '\t'; i_++; return true;
      case 'n': *out = '\n'; i_++; return true;
      case 'v': *out = '\v'; i_++; return true;
      case 'f': *out = '\f'; i_++; return true;
      case 'r': *out = '\r'; i_++; return true;
      case 'x':
        if (i_ + 2 < p_.size() && hex_value(p_[i_ + 1]) >= 0 && hex_value(p_[i_ + 2]) >= 0) {
          *out = static_cast<char16_t>(hex_value(p_[i_ + 1]) * 16 + hex_value(p_[i_ + 2]));
          i_ += 3;
          return true;
        }
        *out = 'x'; i_++; return true;
      case 'u':
        if (i_ + 4 < p_.size() && hex_value(p_[i_ + 1]) >= 0 && hex_value(p_[i_ + 2]) >= 0 &&
            hex_value(p_[i_ + 3]) >= 0 && hex_value(p_[i_ + 4]) >= 0) {
          *out = static_cast<char16_t>((hex_value(p_[i_ + 1]) << 12) | (hex_value(p_[i_ + 2]) << 8) |
                                       (hex_value(p_[i_ + 3]) << 4) | hex_value(p_[i_ + 4]));
          i_ += 5;
          return true;
        }
        *out = 'u'; i_++; return true;
      default: return false;
    }
  }

  // Legacy octal escape (Annex B): up to three octal digits, value at most 0377.
  char16_t octal() {
    int v = 0, digits = 0;
    while (i_ < p_.size() && p_[i_] >= '0' && p_[i_] <= '7' && digits < 3 && v * 8 + (p_[i_] - '0') <= 0377) {
      v = v * 8 + (p_[i_] - '0');
      i_++, digits++;
    }
    return static_cast<char16_t>(v);
  }

  bool class_escape_ranges(char16_t c, std::vector<Range>* out) {
    switch (c) {
      case 'd': *out = kDigit; return true;
      case 'D': *out = complement(kDigit); return true;
      case 'w': *out = kWord; return true;
      case 'W': *out = complement(kWord); return true;
      case 's': *out = kSpace; return true;
      case 'S': *out = complement(kSpace); return true;
      default: return false;
    }
  }

  bool atom_escape(int* atom) {
    i_++;  // the backslash
    if (i_ >= p_.size()) return fail("\\ at end of pattern");
    char16_t c = p_[i_];
    std::vector<Range> ranges;
    if (class_escape_ranges(c, &ranges)) {
      i_++;
      Node n = mk(Node::Class);
      n.ranges = std::move(ranges);
      *atom = add(std::move(n));
      return true;
    }
    if (c >= '1' && c <= '9') {
      size_t save = i_;
      int v = 0;
      while (i_ < p_.size() && p_[i_] >= '0' && p_[i_] <= '9' && v < 1000) v = v * 10 + (p_[i_++] - '0');
      if (v <= total_captures_) {
        Node n = mk(Node::Backref);
        n.backref = v;
        *atom = add(std::move(n));
        return true;
      }
      i_ = save;
      if (c >= '8') { i_++; *atom = add(mk(Node::Char, c)); return true; }
      *atom = add(mk(Node::Char, octal()));
      return true;
    }
    if (c == '0') {
      if (i_ + 1 < p_.size() && p_[i_ + 1] >= '0' && p_[i_ + 1] <= '9') { *atom = add(mk(Node::Char, octal())); return true; }
      i_++;
      *atom = add(mk(Node::Char, 0));
      return true;
    }
    if (c == 'c') {
      if (i_ + 1 < p_.size() && ((p_[i_ + 1] >= 'a' && p_[i_ + 1] <= 'z') || (p_[i_ + 1] >= 'A' && p_[i_ + 1] <= 'Z'))) {
        *atom = add(mk(Node::Char, static_cast<char16_t>(p_[i_ + 1] % 32)));
        i_ += 2;
        return true;
      }
      *atom = add(mk(Node::Char, '\\'));  // "\c" matches a backslash; the 'c' is the next atom
      return true;
    }
    if (c == 'k' && has_named_groups_) return unsupported("named back-reference \\k<...>");
    char16_t ch;
    if (character_escape(&ch)) { *atom = add(mk(Node::Char, ch)); return true; }
    i_++;
    *atom = add(mk(Node::Char, c));  // identity escape
    return true;
  }

  // One class atom: a single character (into *ch) or a class escape such as \d (into *ranges).
  bool class_atom(char16_t* ch, std::vector<Range>* ranges, bool* is_set) {
    *is_set = false;
    if (p_[i_] != '\\') { *ch = p_[i_++]; return true; }
    i_++;
    if (i_ >= p_.size()) return fail("\\ at end of pattern");
    char16_t c = p_[i_];
    if (class_escape_ranges(c, ranges)) { i_++; *is_set = true; return true; }
    if (c == 'b') { i_++; *ch = 0x08; return true; }
    if (c == '-') { i_++; *ch = '-'; return true; }
    if (c >= '0' && c <= '7') { *ch = octal(); return true; }
    if (c == 'c' && i_ + 1 < p_.size()) {
      char16_t n = p_[i_ + 1];
      if ((n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || (n >= '0' && n <= '9') || n == '_') {
        *ch = static_cast<char16_t>(n % 32);
        i_ += 2;
        return true;
      }
      *ch = '\\';  // Annex B: the backslash is literal and 'c' is read next
      return true;
    }
    if (character_escape(ch)) return true;
    *ch = c;
    i_++;
    return true;
  }

  bool char_class(int* atom) {
    i_++;  // '['
    Node n = mk(Node::Class);
    if (at('^')) { n.negated = true; i_++; }
    while (true) {
      if (i_ >= p_.size()) return fail("missing ']'");
      if (at(']')) { i_++; break; }
      char16_t a = 0, b = 0;
      std::vector<Range> set_a, set_b;
      bool a_set = false, b_set = false;
      if (!class_atom(&a, &set_a, &a_set)) return false;
      if (at('-') && i_ + 1 < p_.size() && p_[i_ + 1] != ']') {
        i_++;
        if (!class_atom(&b, &set_b, &b_set)) return false;
        if (a_set || b_set) {  // Annex B: [\d-z] is \d, '-', 'z'
          auto& r = n.ranges;
          if (a_set) r.insert(r.end(), set_a.begin(), set_a.end()); else r.push_back({a, a});
          r.push_back({'-', '-'});
          if (b_set) r.insert(r.end(), set_b.begin(), set_b.end()); else r.push_back({b, b});
          continue;
        }
        if (a > b) return fail("range out of order in character class");
        n.ranges.push_back({a, b});
        continue;
      }
      if (a_set) n.ranges.insert(n.ranges.end(), set_a.begin(), set_a.end());
      else n.ranges.push_back({a, a});
    }
    *atom = add(std::move(n));
    return true;
  }

  std::u16string p_;
  size_t i_ = 0;
  std::vector<Node> nodes_;
  int root_ = -1;
  int captures_ = 0, total_captures_ = 0;
  bool has_named_groups_ = false, unsupported_ = false;
  std::string error_;
};

class Matcher {
 public:
  using Cont = std::function<bool(size_t)>;

  Matcher(const std::vector<Node>& nodes, int captures, std::u16string s, bool ignore_case)
      : nodes_(nodes), s_(std::move(s)), icase_(ignore_case), caps_(static_cast<size_t>(captures) + 1, {-1, -1}) {}

  RegexOutcome search(int root) {
    for (size_t start = 0; start <= s_.size(); start++) {
      for (auto& c : caps_) c = {-1, -1};
      if (node(root, start, [](size_t) { return true; })) return RegexOutcome::Match;
      if (aborted_) return RegexOutcome::TooComplex;
    }
    return RegexOutcome::NoMatch;
  }

 private:
  char16_t canon(char16_t c) const {
    if (!icase_) return c;
    char16_t u = js_upper(c);
    return (c >= 128 && u < 128) ? c : u;
  }
  bool is_word(size_t pos) const { return pos < s_.size() && in_ranges(kWord, s_[pos]); }

  bool seq(const Seq& q, size_t k, size_t pos, const Cont& then) {
    if (k == q.size()) return then(pos);
    return node(q[k], pos, [&](size_t p) { return seq(q, k + 1, p, then); });
  }

  bool node(int index, size_t pos, const Cont& then) {
    if (aborted_ || ++steps_ > kRegexStepLimit || depth_ > kRegexDepthLimit) { aborted_ = true; return false; }
    struct Depth { int& d; explicit Depth(int& x) : d(x) { d++; } ~Depth() { d--; } } guard(depth_);
    const Node& n = nodes_[static_cast<size_t>(index)];
    switch (n.kind) {
      case Node::Char:
      case Node::Any:
      case Node::Class:
        return single(n, pos) && then(pos + 1);
      case Node::Start: return pos == 0 && then(pos);
      case Node::End: return pos == s_.size() && then(pos);
      case Node::WordBoundary:
      case Node::NotWordBoundary: {
        bool boundary = (pos > 0 && is_word(pos - 1)) != is_word(pos);
        return boundary == (n.kind == Node::WordBoundary) && then(pos);
      }
      case Node::Group:
        for (const Seq& alt : n.alts) {
          auto saved = n.capture > 0 ? caps_[static_cast<size_t>(n.capture)] : std::pair<long, long>{-1, -1};
          bool ok = seq(alt, 0, pos, [&](size_t end) {
            if (n.capture > 0) caps_[static_cast<size_t>(n.capture)] = {static_cast<long>(pos), static_cast<long>(end)};
            return then(end);
          });
          if (ok) return true;
          if (n.capture > 0) caps_[static_cast<size_t>(n.capture)] = saved;
          if (aborted_) return false;
        }
        return false;
      case Node::Look: {
        bool found = false;
        for (const Seq& alt : n.alts) {
          if (seq(alt, 0, pos, [](size_t) { return true; })) { found = true; break; }
          if (aborted_) return false;
        }
        return found != n.negated && then(pos);
      }
      case Node::Backref: {
        auto cap = caps_[static_cast<size_t>(n.backref)];
        if (cap.first < 0) return then(pos);  // a group that did not take part matches empty
        size_t len = static_cast<size_t>(cap.second - cap.first);
        if (pos + len > s_.size()) return false;
        for (size_t k = 0; k < len; k++)
          if (canon(s_[pos + k]) != canon(s_[static_cast<size_t>(cap.first) + k])) return false;
        return then(pos + len);
      }
      case Node::Repeat: return repeat(n, 0, pos, then);
    }
    return false;
  }

  // One code unit matched by a Char, Any or Class node (the common repeated atoms).
  bool single(const Node& n, size_t pos) const {
    if (pos >= s_.size()) return false;
    char16_t c = s_[pos];
    switch (n.kind) {
      case Node::Char: return canon(c) == canon(n.ch);
      case Node::Any: return c != '\n' && c != '\r' && c != 0x2028 && c != 0x2029;
      case Node::Class: {
        bool hit = in_ranges(n.ranges, c) || (icase_ && (in_ranges(n.ranges, js_lower(c)) || in_ranges(n.ranges, js_upper(c))));
        return hit != n.negated;
      }
      default: return false;
    }
  }

  bool repeat(const Node& n, int count, size_t pos, const Cont& then) {
    const Node& child = nodes_[static_cast<size_t>(n.child)];
    if (child.kind == Node::Char || child.kind == Node::Any || child.kind == Node::Class) {
      // Iterative form for one-character atoms: no recursion per character, so `.*` over a
      // long attribute cannot exhaust the stack.
      size_t most = 0;
      while (most < static_cast<size_t>(n.max) && single(child, pos + most)) most++;
      size_t least = static_cast<size_t>(n.min);
      if (most < least) return false;
      if (n.greedy) {
        for (size_t k = most + 1; k-- > least;) {
          if (++steps_ > kRegexStepLimit) { aborted_ = true; return false; }
          if (then(pos + k)) return true;
          if (aborted_) return false;
        }
      } else {
        for (size_t k = least; k <= most; k++) {
          if (++steps_ > kRegexStepLimit) { aborted_ = true; return false; }
          if (then(pos + k)) return true;
          if (aborted_) return false;
        }
      }
      return false;
    }
    return repeat_general(n, count, pos, then);
  }

  bool repeat_general(const Node& n, int count, size_t pos, const Cont& then) {
    auto more = [&]() {
      if (count >= n.max) return false;
      return node(n.child, pos, [&](size_t p) {
        if (p == pos && count >= n.min) return false;  // an empty iteration cannot loop forever
        return repeat_general(n, count + 1, p, then);
      });
    };
    if (count < n.min) return more();
    if (n.greedy) return more() || (!aborted_ && then(pos));
    return then(pos) || (!aborted_ && more());
  }

  const std::vector<Node>& nodes_;
  std::u16string s_;
  bool icase_;
  std::vector<std::pair<long, long>> caps_;
  long steps_ = 0;
  int depth_ = 0;
  bool aborted_ = false;
};

}  // namespace

RegexOutcome regex_test(std::string_view pattern, std::string_view subject, bool ignore_case) {
  Parser parser(utf8_to_utf16(pattern));
  if (!parser.parse()) return parser.unsupported() ? RegexOutcome::Unsupported : RegexOutcome::Invalid;
  Matcher m(parser.nodes(), parser.captures(), utf8_to_utf16(subject), ignore_case);
  return m.search(parser.root());
}

std::string regex_problem(std::string_view pattern) {
  Parser parser(utf8_to_utf16(pattern));
  if (parser.parse()) return "";
  return parser.error();
}

}  // namespace plume::experiment
