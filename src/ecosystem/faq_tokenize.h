// Terms for FAQ retrieval (faq_bm25.h), one vocabulary for both languages so that mixed text
// ("Aurora Fit Band 保修多久") matches entries in either:
//   - Latin letters and digits form words; a word is lower-cased (ASCII) and, when it is all
//     ASCII letters, reduced by the Porter stemmer (src/prompt/porter_stemmer.h): "returns",
//     "returned" -> "return". Words with digits ("30", "5atm") are kept as they are. Common
//     English function words (a, the, do, you, can, it, what, ...) are dropped; question words
//     (how, when, where, why) are kept.
//   - a run of Chinese characters (CJK unified ideographs) gives its characters, then its
//     overlapping character bigrams ("退货政策" -> 退, 货, 政, 策, 退货, 货政, 政策); characters
//     that are grammar rather than topic (的, 了, 吗, 我, 你, 能, 怎, 么, ...) are not terms on
//     their own. Bigrams match words; the characters let a paraphrase ("退回去" for "退货") still
//     count, and keep the normalized score of an in-scope Chinese question well above that of
//     an out-of-scope one (bigrams alone: 0.03-0.46 in scope vs up to 0.04 out of scope on the
//     sample's held-out set; with characters: 0.08-0.45 vs up to 0.06).
//   - everything else (spaces, punctuation, full-width punctuation, emoji) separates terms.
// Invalid UTF-8 bytes are separators too, so any input gives terms and never fails.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace plume::ecosystem {

std::vector<std::string> faq_terms(std::string_view text);

// "zh" when 5 x (Chinese characters) > Latin letters, else "en": a Chinese character carries
// about as much as an English word of ~5 letters, so mixed text such as "Aurora 手环保修多久"
// counts as Chinese (the sentence is Chinese) and "Is the 保修 still valid?" as English.
std::string faq_language(std::string_view text);

}  // namespace plume::ecosystem
