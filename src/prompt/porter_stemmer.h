// The Porter stemmer as NLTK's PorterStemmer() applies it in its default NLTK_EXTENSIONS mode
// (the mode Google's rouge-score uses): Porter (1980) with Martin Porter's later changes and
// NLTK's own (irregular forms, 'ies'/'ied' on four-letter words, y->i only after a consonant,
// 'alli' then step 2 again, 'fulli', 'logi', a vowel-consonant word counts as *o, words of one or
// two letters unchanged). Input is one lowercase ASCII word; other bytes count as consonants.
#pragma once

#include <string>
#include <string_view>

namespace plume::metrics {

std::string porter_stem(std::string_view word);

}  // namespace plume::metrics
