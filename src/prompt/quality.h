// Output-quality checks for generated marketing copy: does it mention the requested features,
// is it in the requested language, does it have the layout of its content type, and is it free
// of degenerate repetition loops. Used by the evaluation (model_eval.h) and by the
// candidates -> filter -> rank pipeline. Pure functions of the text; nothing here fails: bad
// input (invalid UTF-8, an unknown language or content type) is a failed check with a reason.
// The exact rules are in docs/evaluation.md ("Quality checks"); the summary is here.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plume::prompt {

// Text as the checks compare it: NFC; full-width ASCII forms as ASCII (so "，" is ","); curly
// quotes as straight ones, dashes U+2010..U+2013 as "-"; simple case folding; a hyphen between
// two letters/digits as a space ("7-day" = "7 day"); whitespace runs as one space, and no space
// next to a CJK character ("续航 7 天" = "续航7天"); trimmed. Invalid UTF-8 bytes become U+FFFD.
std::u32string normalize_for_match(std::string_view text);

// A feature is mentioned when its normalized text occurs in the normalized output, not inside
// a longer word (a Latin letter or digit may not touch the match on a side where the feature
// itself starts/ends with one). Relaxations:
//   lang "en": a feature with 3 or more content words (stop words left out) also counts when
//              every content word occurs as a word of the text, comparing Porter stems
//              ("monitors your heart rate" mentions "heart rate monitoring");
//   lang "zh": a feature made of clauses ("人体工程学设计，佩戴舒适") also counts when every
//              clause (split at , ; : 、 。) occurs.
struct FeatureCoverage {
  int mentioned = 0;
  int total = 0;
  std::vector<std::string> missing;  // the features not mentioned, as given
  double share() const { return total > 0 ? static_cast<double>(mentioned) / total : 1.0; }
};
FeatureCoverage feature_coverage(std::string_view text, const std::vector<std::string>& features,
                                 std::string_view lang);

// Letters are counted by script: Han (CJK ideographs), Latin, other (kana, Hangul, Cyrillic,
// Greek, ...). Tokens that look like web addresses or e-mail addresses are not counted.
//   "en": ok when at least 95% of the letters are Latin;
//   "zh": ok when the text has Han characters, Han characters are at least 70% of (Han
//         characters + Latin words + other-script letters) or there are at most 2 Latin words
//         -- a Latin word (a token between spaces or CJK characters that has a Latin letter)
//         counts once, so product names and model numbers ("Pro", "S2", "SPF50+") weigh
//         little -- and no stretch without Han holds 8 or more Latin words (an English sentence).
// The reason is in the requested language (English for an unknown one).
struct LanguageCheck {
  bool ok = false;
  double han_share = 0;    // Han letters / all letters
  double latin_share = 0;  // Latin letters / all letters
  std::string reason;      // empty when ok
  int han = 0, latin = 0, other = 0;  // letter counts
  int latin_words = 0;     // space/CJK-separated tokens with a Latin letter ("S2", "Type-C", "SPF50+")
};
LanguageCheck language_check(std::string_view text, std::string_view lang);

// Splits an output into the parts of its content type, exactly as scripts/corpus/compose.py
// lays them out. content_type: the corpus key (product_description, email, sms, social_post, ad,
// faq, customer_service) or its label in the prompt ("product description", "SMS", "邮件", ...).
//   email: "Subject: <subject>" line, then "Body:" (text may follow on the same line) and the
//          body   -> parts subject, body   (Chinese: 主题： / 正文：)
//   ad:    one or more "Headline: <text>" lines, then one or more "Description: <text>" lines,
//          nothing else   -> parts headline..., description...   (Chinese: 标题： / 描述：)
//   sms:   one message on one line   -> part message
//   product_description / social_post / faq / customer_service: any non-empty text that does
//          not start with an email or ad label   -> part text / post / answer / reply
// Every type: the text is not empty and has no "###" section line. Chinese labels may use a
// full-width or ASCII colon. The reason is in the requested language.
struct OutputParts {
  bool ok = false;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> parts;  // (name, text), in order
};
OutputParts parse_output(std::string_view text, std::string_view content_type, std::string_view lang);

// A degenerate loop, on units (a Latin word or number, a CJK character or an emoji; punctuation
// ignored) of the normalized text. It is a loop when
//   - a block of units repeats back to back at least 3 times and the repeats cover at least
//     6 (en) / 8 (zh) units ("shop now shop now shop now", "哈哈哈哈哈哈哈哈"), or
//   - a block of at least 8 (en) / 14 (zh) units is immediately repeated (the same sentence
//     twice in a row; a feature named at the end of a list and again at the start of the next
//     sentence is shorter than that), or
//   - some run of 8 (en) / 14 (zh) units occurs 3 or more times anywhere in the text (a
//     product name used three times is shorter than that).
struct RepetitionCheck {
  bool loop = false;
  std::string repeated;  // the repeated block (units joined by spaces in English), when a loop
};
RepetitionCheck repetition_check(std::string_view text, std::string_view lang);

}  // namespace plume::prompt
