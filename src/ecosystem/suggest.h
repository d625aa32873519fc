// "Did you mean": the closest known name to a misspelt one (Levenshtein distance over bytes,
// at most 2 and less than half the word), for error messages about keys, commands and ids.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace plume::ecosystem {

size_t edit_distance(std::string_view a, std::string_view b);
// The closest candidate, or "" when none is close enough.
std::string closest_name(std::string_view word, const std::vector<std::string>& candidates);
// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace plume::ecosystem
