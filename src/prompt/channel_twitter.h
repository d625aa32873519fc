// X (Twitter) post length, as twitter-text v3 counts it (parseTweet): the text is NFC-normalised,
// every URL counts as transformedURLLength, every emoji sequence counts defaultWeight once, and
// every other code point counts the weight of its range (defaultWeight outside all ranges).
// Lengths are weights / scale; indices are UTF-16 code units, as twitter-text returns them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace plume::twitter {

struct WeightedRange {
  char32_t start, end;  // inclusive
  int weight;
};

// twitter-text's configuration format (config/v3.json); the defaults are v3.
struct Config {
  int version = 3;
  int max_weighted_tweet_length = 280;
  int scale = 100;
  int default_weight = 200;
  int transformed_url_length = 23;
  bool emoji_parsing_enabled = true;
  std::vector<WeightedRange> ranges = {{0, 4351, 100}, {8192, 8205, 100}, {8208, 8223, 100}, {8242, 8247, 100}};
};

// Reads a twitter-text configuration JSON document (e.g. twitter-text-config-v3.json).
Result<Config> config_from_json(std::string_view json_text);

struct Url {
  size_t start, end;  // code point indices into the NFC text, end exclusive
};

struct ParseResult {
  int weighted_length = 0;
  bool valid = false;
  int permillage = 0;
  int display_range_start = 0, display_range_end = 0;  // UTF-16 indices, inclusive
  int valid_range_start = 0, valid_range_end = 0;
  std::vector<Url> urls;
};

// Weighted length of a post. `text` is code points (see text::decode_utf8).
ParseResult parse_tweet(std::u32string_view text, const Config& config = Config{});

// URLs as twitter-text's extractor finds them (protocol optional, known top-level domain,
// host labels valid after IDNA/punycode), in code point indices.
std::vector<Url> extract_urls(std::u32string_view text);

// RFC 3492 punycode of one label (no "xn--" prefix); empty on overflow.
std::string punycode_encode(std::u32string_view label);

}  // namespace plume::twitter
