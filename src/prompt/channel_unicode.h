// The Unicode the channel rules need, without ICU: UTF-8 decoding that rejects malformed input,
// NFC (the form X counts), East Asian Width (double-width characters), emoji properties and
// UTF-16 lengths. Data from channel_tables.cpp (generated; Unicode version in kUnicodeVersion).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace plume::text {

// Decodes UTF-8 into code points. Overlong forms, surrogates, values past U+10FFFF and truncated
// sequences are errors that name the byte offset.
Result<std::u32string> decode_utf8(std::string_view bytes);
std::string encode_utf8(std::u32string_view code_points);
void append_utf8(std::string& out, char32_t cp);

// Number of UTF-16 code units (what SMS UCS-2 and JavaScript's .length count).
inline size_t utf16_length(char32_t cp) { return cp >= 0x10000 ? 2 : 1; }
size_t utf16_length(std::u32string_view s);

// Unicode Normalization Form C (UAX #15): canonical decomposition, canonical ordering, canonical
// composition (Hangul included).
std::u32string nfc(std::u32string_view s);
uint8_t combining_class(char32_t cp);

// East Asian Width W (wide) or F (fullwidth): CJK ideographs, kana, Hangul, fullwidth forms,
// most emoji. These take two columns and count double in Google Ads.
bool is_wide(char32_t cp);

bool is_extended_pictographic(char32_t cp);
bool is_emoji_modifier_base(char32_t cp);
bool is_emoji_modifier(char32_t cp);        // skin tones U+1F3FB..U+1F3FF
bool is_emoji_presentation(char32_t cp);
inline bool is_regional_indicator(char32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }

// Length in code points of the emoji sequence starting at s[i] (UTS #51: keycap, flag, tag and
// modifier sequences, presentation sequences, ZWJ sequences of those), or 0 if none starts
// there. A single text-style character (e.g. U+00A9 without U+FE0F) is not an emoji sequence.
size_t emoji_sequence_length(std::u32string_view s, size_t i);

// CJK: Han, kana, Hangul, Bopomofo, CJK punctuation and fullwidth forms. Used where CJK text has
// no spaces between words (substring matching, sentence splitting).
bool is_cjk(char32_t cp);

// Letters and digits of alphabetic scripts (Latin, Greek, Cyrillic, ...) and '_': the characters
// that make up a "word" for whole-word matching. CJK characters are not word characters.
bool is_word_char(char32_t cp);

// Simple case folding for Latin-1, Latin Extended-A, Greek and Cyrillic (enough for brand words).
char32_t fold_case(char32_t cp);
std::u32string fold_case(std::u32string_view s);

bool is_space(char32_t cp);  // White_Space

extern const char* const kUnicodeVersion;

}  // namespace plume::text
