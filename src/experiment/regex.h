// A small, non-throwing regular-expression engine with JavaScript's syntax and semantics, for
// GrowthBook's `$regex` / `$regexi` targeting operators (`new RegExp(pattern).test(value)`).
// std::regex is not an option: it throws on bad patterns and the engine is built without
// exceptions, and its ECMAScript grammar differs from real JS in many corners.
//
// Dialect (JS without flags, or with `i`; Annex B web-compatibility rules):
//   literals, `.`, `^`, `$`, `|`, groups `( )`, `(?: )`, named groups `(?<name> )`,
//   lookahead `(?= )` `(?! )`, quantifiers `* + ? {n} {n,} {n,m}` and their lazy `?` forms,
//   classes `[...]` `[^...]` with ranges, escapes `\d \D \w \W \s \S \b \B \t \n \v \f \r \0
//   \xHH \uHHHH \cX`, back-references `\1`..`\99`, legacy octal escapes and identity escapes,
//   a lone `{` `}` `]` as literals. Matching works on UTF-16 code units, as JS does without
//   the `u` flag. Case-insensitive matching folds ASCII, Latin-1, Latin Extended-A, Greek and
//   Cyrillic (js_value.h).
// Not supported (the pattern evaluates to "no match", like an invalid one): lookbehind `(?<= )`
// `(?<! )`, named back-references `\k<name>`, the `u`/`v`/`s`/`m` flags.
// Invalid patterns (what `new RegExp` would reject: "nothing to repeat", unbalanced
// parentheses, an unterminated class, a range out of order, a trailing backslash, ...) are
// reported, never thrown. Backtracking is bounded (kRegexStepLimit, kRegexDepthLimit) so a
// pathological pattern gives TooComplex instead of hanging the page. Repeated single-character
// atoms (`.*`, `\d+`, `[a-z]{2,}`) match iteratively, so long subjects are fine; a repeated
// group (`(ab)*`) recurses per iteration and stops at kRegexDepthLimit (a few hundred
// iterations; the same limit natively and in the browser, so results agree).
#pragma once

#include <string>
#include <string_view>

namespace plume::experiment {

enum class RegexOutcome { Match, NoMatch, Invalid, Unsupported, TooComplex };

inline constexpr long kRegexStepLimit = 2000000;
inline constexpr int kRegexDepthLimit = 1000;  // nested backtracking frames (fits V8's ~1 MB stack)

// Searches `subject` for `pattern` anywhere (RegExp.prototype.test). Both are UTF-8.
RegexOutcome regex_test(std::string_view pattern, std::string_view subject, bool ignore_case);

// Empty when `pattern` compiles; otherwise why not, e.g. "nothing to repeat at position 4".
std::string regex_problem(std::string_view pattern);

}  // namespace plume::experiment
