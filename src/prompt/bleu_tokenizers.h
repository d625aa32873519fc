// sacrebleu 2.x's BLEU tokenizers, rule for rule, on code points:
//   13a  - mteval-v13a: unescape a few HTML entities, pad, split off punctuation/symbols, split
//          '.' and ',' unless between digits, split '-' after a digit;
//   zh   - sacrebleu's TokenizerZh: every character in its "Chinese" ranges becomes a token
//          (the ranges as Python actually evaluates them, see bleu_tokenizers.cpp), then the same
//          punctuation rules as 13a without the entity/padding step;
//   char - every non-space character a token;
//   none - whitespace only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace plume::metrics {

enum class BleuTokenizer { k13a, kZh, kChar, kNone };

Result<BleuTokenizer> parse_bleu_tokenizer(std::string_view name);  // "13a", "zh", "char", "none"
const char* bleu_tokenizer_name(BleuTokenizer tokenizer);

// One segment as sacrebleu's BLEU sees it: lowercased if asked, right-stripped, tokenized, split
// on whitespace. Tokens are UTF-8.
std::vector<std::string> bleu_tokens(std::u32string_view segment, BleuTokenizer tokenizer, bool lowercase);

// True for the code points TokenizerZh splits off as single tokens.
bool is_sacrebleu_chinese_char(char32_t cp);

}  // namespace plume::metrics
