// JavaScript value semantics over JSON, as GrowthBook's JS SDK sees its inputs. Assignment must
// be bit-compatible with that SDK, and the SDK leans on JS coercions: it hashes `value + seed`
// (a number id becomes its JS string), compares `"8" > 5` numerically, tests `null * 1 === 0`,
// and compares strings by UTF-16 code units. These helpers reproduce exactly those rules for the
// JSON types (null, boolean, number, string, array, object); `undefined` never occurs because
// a missing attribute reads as null (GrowthBook's getPath does the same).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace plume::experiment {

// UTF-8 -> UTF-16 code units (invalid bytes become U+FFFD) and back (lone surrogates -> U+FFFD).
std::u16string utf8_to_utf16(std::string_view s);
std::string utf16_to_utf8(std::u16string_view s);

// Number.prototype.toString(): shortest round-trip digits, JS layout ("1e+21", "1.5e-7", "-0"
// prints "0", NaN/Infinity by name).
std::string js_number_to_string(double v);

// String(v) for a JSON value: null -> "null", arrays joined with "," (null elements empty),
// objects -> "[object Object]".
std::string js_to_string(const nlohmann::json& v);

// Number(v): null -> 0, booleans -> 0/1, strings by StringToNumber (trimmed, "" -> 0, 0x/0o/0b,
// Infinity), arrays through their string, objects -> NaN.
double js_to_number(const nlohmann::json& v);

// !!v: false for null, false, 0, NaN and "", true otherwise (arrays and objects included).
bool js_truthy(const nlohmann::json& v);

// a === b between values of separate origins: primitives by type and value; arrays and objects
// are distinct references, so never strictly equal (exactly what JS gives for them).
bool js_strict_equals(const nlohmann::json& a, const nlohmann::json& b);

// JSON.stringify(a) === JSON.stringify(b), as structural equality with numbers compared as
// doubles. (JS would also compare object key order; nlohmann::json keeps keys sorted, so two
// objects with the same members in a different order compare equal here. Documented.)
bool js_json_equals(const nlohmann::json& a, const nlohmann::json& b);

// The relational operators a < b, a <= b, a > b, a >= b with JS coercion: both sides to
// primitives; two strings compare by UTF-16 code units; otherwise both go to numbers and any
// NaN makes the comparison false.
enum class Relation { Less, LessEqual, Greater, GreaterEqual };
bool js_compare(const nlohmann::json& a, Relation op, const nlohmann::json& b);

// a < b for two strings by UTF-16 code units (what JS string comparison is).
int js_string_compare(std::string_view a, std::string_view b);

// String.prototype.toLowerCase for the scripts marketers use: ASCII, Latin-1, Latin Extended-A,
// Greek and Cyrillic; other characters are unchanged (documented limitation).
char16_t js_lower(char16_t c);
char16_t js_upper(char16_t c);
std::string js_to_lower(std::string_view s);

}  // namespace plume::experiment
