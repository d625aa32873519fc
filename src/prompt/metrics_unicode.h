// The few pieces of Python's `str` behaviour that sacrebleu and rouge-score rely on, so the
// metrics see text exactly as those tools do: strict UTF-8 decoding (Python refuses invalid
// bytes), str.isspace()/str.split() whitespace, and str.lower().
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace plume::metrics {

// Strict UTF-8 to code points: overlong forms, surrogates, values past U+10FFFF and truncated
// sequences are errors naming `what` (e.g. "hypothesis line 3") and the byte offset.
Result<std::u32string> decode_utf8(std::string_view text, std::string_view what);
void append_utf8(std::string& out, char32_t cp);
std::string encode_utf8(std::u32string_view text);

// Python's str.isspace(): the separators of str.split() and str.strip().
bool is_python_space(char32_t cp);

// Python's str.lower() (Unicode 14 simple mappings plus U+0130 -> "i\u0307"). Not done: the
// Greek final-sigma context rule (capital sigma always becomes U+03C3).
std::u32string python_lower(std::u32string_view text);

// Python's str.split() with no argument: runs of whitespace separate, no empty pieces.
std::vector<std::u32string> python_split(std::u32string_view text);

// Python's str.strip() / str.rstrip() with no argument.
std::u32string_view python_strip(std::u32string_view text);
std::u32string_view python_rstrip(std::u32string_view text);

}  // namespace plume::metrics
