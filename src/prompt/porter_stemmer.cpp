#include "prompt/porter_stemmer.h"

#include <functional>
#include <vector>

namespace plume::metrics {
namespace {

using Word = std::string;

bool ends_with(const Word& w, std::string_view suffix) {
  return w.size() >= suffix.size() && w.compare(w.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The paper's consonant: not a, e, i, o, u, and not a y that follows a consonant.
bool is_consonant(const Word& w, size_t i) {
  const char c = w[i];
  if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') return false;
  if (c == 'y') return i == 0 ? true : !is_consonant(w, i - 1);
  return true;
}

// m in [C](VC){m}[V]: the number of vowel-to-consonant transitions.
int measure(const Word& w) {
  int m = 0;
  for (size_t i = 1; i < w.size(); i++)
    if (!is_consonant(w, i - 1) && is_consonant(w, i)) m++;
  return m;
}

bool has_vowel(const Word& w) {
  for (size_t i = 0; i < w.size(); i++)
    if (!is_consonant(w, i)) return true;
  return false;
}

bool ends_double_consonant(const Word& w) {
  return w.size() >= 2 && w[w.size() - 1] == w[w.size() - 2] && is_consonant(w, w.size() - 1);
}

// *o: ends consonant-vowel-consonant, the last not w, x or y; NLTK also accepts a two-letter
// vowel-consonant word.
bool ends_cvc(const Word& w) {
  const size_t n = w.size();
  if (n >= 3 && is_consonant(w, n - 3) && !is_consonant(w, n - 2) && is_consonant(w, n - 1) && w[n - 1] != 'w' &&
      w[n - 1] != 'x' && w[n - 1] != 'y')
    return true;
  return n == 2 && !is_consonant(w, 0) && is_consonant(w, 1);
}

bool positive_measure(const Word& stem) { return measure(stem) > 0; }
bool measure_above_one(const Word& stem) { return measure(stem) > 1; }

struct Rule {
  std::string_view suffix;
  std::string_view replacement;
  std::function<bool(const Word& stem)> condition;  // empty: unconditional
};

// The first rule whose suffix the word ends with decides: it applies if its condition holds on
// the stem (the word without the suffix), and otherwise nothing happens - later rules are not tried.
Word apply_first_rule(const Word& w, const std::vector<Rule>& rules) {
  for (const Rule& r : rules) {
    if (!ends_with(w, r.suffix)) continue;
    Word stem = w.substr(0, w.size() - r.suffix.size());
    if (!r.condition || r.condition(stem)) return stem + std::string(r.replacement);
    return w;
  }
  return w;
}

Word step1a(const Word& w) {
  if (ends_with(w, "ies") && w.size() == 4) return w.substr(0, 1) + "ie";  // NLTK: dies -> die
  return apply_first_rule(w, {{"sses", "ss", {}}, {"ies", "i", {}}, {"ss", "ss", {}}, {"s", "", {}}});
}

Word step1b(const Word& w) {
  if (ends_with(w, "ied")) return w.substr(0, w.size() - 3) + (w.size() == 4 ? "ie" : "i");  // NLTK
  if (ends_with(w, "eed")) {
    Word stem = w.substr(0, w.size() - 3);
    return measure(stem) > 0 ? stem + "ee" : w;
  }
  Word stem;
  bool trimmed = false;
  for (std::string_view suffix : {std::string_view("ed"), std::string_view("ing")}) {
    if (ends_with(w, suffix)) {
      stem = w.substr(0, w.size() - suffix.size());
      if (has_vowel(stem)) { trimmed = true; break; }
    }
  }
  if (!trimmed) return w;
  if (ends_with(stem, "at") || ends_with(stem, "bl") || ends_with(stem, "iz")) return stem + "e";
  if (ends_double_consonant(stem)) {
    const char last = stem.back();
    return last == 'l' || last == 's' || last == 'z' ? stem : stem.substr(0, stem.size() - 1);
  }
  if (measure(stem) == 1 && ends_cvc(stem)) return stem + "e";
  return stem;
}

Word step1c(const Word& w) {
  // NLTK: y -> i only after a consonant that is not the whole stem (happy -> happi, enjoy stays).
  return apply_first_rule(w, {{"y", "i", [](const Word& stem) {
                                 return stem.size() > 1 && is_consonant(stem, stem.size() - 1);
                               }}});
}

Word step2(const Word& w) {
  if (ends_with(w, "alli") && positive_measure(w.substr(0, w.size() - 4)))
    return step2(w.substr(0, w.size() - 4) + "al");  // NLTK: alli -> al, then step 2 again
  const Word logi_stem = w.size() >= 3 ? w.substr(0, w.size() - 3) : Word();  // 'logi': keep the l
  return apply_first_rule(
      w, {{"ational", "ate", positive_measure}, {"tional", "tion", positive_measure},
          {"enci", "ence", positive_measure},   {"anci", "ance", positive_measure},
          {"izer", "ize", positive_measure},    {"bli", "ble", positive_measure},
          {"alli", "al", positive_measure},     {"entli", "ent", positive_measure},
          {"eli", "e", positive_measure},       {"ousli", "ous", positive_measure},
          {"ization", "ize", positive_measure}, {"ation", "ate", positive_measure},
          {"ator", "ate", positive_measure},    {"alism", "al", positive_measure},
          {"iveness", "ive", positive_measure}, {"fulness", "ful", positive_measure},
          {"ousness", "ous", positive_measure}, {"aliti", "al", positive_measure},
          {"iviti", "ive", positive_measure},   {"biliti", "ble", positive_measure},
          {"fulli", "ful", positive_measure},
          {"logi", "log", [logi_stem](const Word&) { return positive_measure(logi_stem); }}});
}

Word step3(const Word& w) {
  return apply_first_rule(w, {{"icate", "ic", positive_measure}, {"ative", "", positive_measure},
                              {"alize", "al", positive_measure}, {"iciti", "ic", positive_measure},
                              {"ical", "ic", positive_measure},  {"ful", "", positive_measure},
                              {"ness", "", positive_measure}});
}

Word step4(const Word& w) {
  return apply_first_rule(
      w, {{"al", "", measure_above_one},   {"ance", "", measure_above_one}, {"ence", "", measure_above_one},
          {"er", "", measure_above_one},   {"ic", "", measure_above_one},   {"able", "", measure_above_one},
          {"ible", "", measure_above_one}, {"ant", "", measure_above_one},  {"ement", "", measure_above_one},
          {"ment", "", measure_above_one}, {"ent", "", measure_above_one},
          {"ion", "", [](const Word& stem) {
             return measure(stem) > 1 && (stem.back() == 's' || stem.back() == 't');
           }},
          {"ou", "", measure_above_one},  {"ism", "", measure_above_one}, {"ate", "", measure_above_one},
          {"iti", "", measure_above_one}, {"ous", "", measure_above_one}, {"ive", "", measure_above_one},
          {"ize", "", measure_above_one}});
}

Word step5a(const Word& w) {
  // Both rules for a final e are tried (unlike apply_first_rule): (m>1) E -> ; (m=1 and not *o) E ->.
  if (!ends_with(w, "e")) return w;
  Word stem = w.substr(0, w.size() - 1);
  const int m = measure(stem);
  if (m > 1 || (m == 1 && !ends_cvc(stem))) return stem;
  return w;
}

Word step5b(const Word& w) {
  if (ends_with(w, "ll") && measure(w.substr(0, w.size() - 1)) > 1) return w.substr(0, w.size() - 1);
  return w;
}

// NLTK's irregular forms, looked up before any rule.
const char* irregular_stem(const Word& w) {
  static constexpr const char* kForms[][2] = {
      {"sky", "sky"},         {"skies", "sky"},       {"dying", "die"},     {"lying", "lie"},
      {"tying", "tie"},       {"news", "news"},       {"innings", "inning"}, {"inning", "inning"},
      {"outings", "outing"},  {"outing", "outing"},   {"cannings", "canning"}, {"canning", "canning"},
      {"howe", "howe"},       {"proceed", "proceed"}, {"exceed", "exceed"}, {"succeed", "succeed"}};
  for (const auto& form : kForms)
    if (w == form[0]) return form[1];
  return nullptr;
}

}  // namespace

std::string porter_stem(std::string_view input) {
  Word w(input);
  if (const char* irregular = irregular_stem(w)) return irregular;
  if (w.size() <= 2) return w;
  w = step1a(w);
  w = step1b(w);
  w = step1c(w);
  w = step2(w);
  w = step3(w);
  w = step4(w);
  w = step5a(w);
  w = step5b(w);
  return w;
}

}  // namespace plume::metrics
