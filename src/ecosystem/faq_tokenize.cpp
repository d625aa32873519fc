#include "ecosystem/faq_tokenize.h"

#include <cctype>
#include <cstdint>
#include <unordered_set>

#include "prompt/porter_stemmer.h"

namespace plume::ecosystem {
namespace {

// Decodes one UTF-8 code point at text[i]; returns its length (1 for an invalid byte, which
// decodes as U+FFFD and so acts as a separator).
size_t decode(std::string_view text, size_t i, uint32_t& cp) {
  auto b = static_cast<unsigned char>(text[i]);
  size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > text.size()) { cp = 0xFFFD; return 1; }
  cp = len == 1 ? b : len == 2 ? (b & 0x1Fu) : len == 3 ? (b & 0x0Fu) : (b & 0x07u);
  for (size_t k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(text[i + k]);
    if ((c >> 6) != 2) { cp = 0xFFFD; return 1; }
    cp = (cp << 6) | (c & 0x3Fu);
  }
  return len;
}

bool is_han(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x2FA1F);
}

bool is_word_char(uint32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
         (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);  // Latin-1 and Latin Extended letters
}

// English function words carry no topic, and a question full of them ("Can I ... it?") would
// otherwise look half unanswered to the normalized score when the knowledge base happens not
// to use them. Question words (how, when, where, why) and negations stay: they change meaning.
bool is_stop_word(const std::string& w) {
  static const std::unordered_set<std::string> stop = {
      "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from", "into",
      "is", "are", "was", "were", "be", "been", "am", "do", "does", "did", "i", "me", "my", "you", "your",
      "we", "our", "us", "it", "its", "this", "that", "these", "those", "there", "can", "could", "will",
      "would", "should", "shall", "may", "if", "so", "as", "about", "any", "some", "have", "has", "had",
      "what", "which", "who", "whom", "please", "hi", "hello", "there", "just", "also", "s"};
  return stop.count(w) > 0;
}

void flush_word(std::string& word, bool letters_only, std::vector<std::string>& out) {
  if (word.empty()) return;
  if (!is_stop_word(word)) out.push_back(letters_only ? metrics::porter_stem(word) : word);
  word.clear();
}

// Characters that are grammar rather than topic (particles, pronouns, "can", "what"): not terms
// on their own, though they still form bigrams.
void flush_han(std::vector<std::string>& run, std::vector<std::string>& out) {
  static const std::unordered_set<std::string> stop = {"的", "了", "吗", "呢", "吧", "啊", "我", "你", "您", "是", "在", "有", "能", "可", "么", "什", "怎", "和", "就", "都", "也", "还", "要", "会", "个", "这", "那", "们", "把", "给", "让", "被", "到", "里", "后", "前"};
  for (size_t k = 0; k < run.size(); ++k)
    if (!stop.count(run[k])) out.push_back(run[k]);
  for (size_t k = 0; k + 1 < run.size(); ++k) out.push_back(run[k] + run[k + 1]);
  run.clear();
}

}  // namespace

std::vector<std::string> faq_terms(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  bool letters_only = true;
  std::vector<std::string> han;
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    size_t len = decode(text, i, cp);
    if (is_word_char(cp)) {
      flush_han(han, out);
      if (cp < 0x80) {
        char c = static_cast<char>(cp);
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c >= '0' && c <= '9') letters_only = false;
        word += c;
      } else {
        letters_only = false;  // the stemmer is for ASCII English words only
        word.append(text.substr(i, len));
      }
    } else if (is_han(cp)) {
      flush_word(word, letters_only, out);
      letters_only = true;
      han.emplace_back(text.substr(i, len));
    } else if (cp == '\'' && !word.empty()) {
      // "don't", "customer's": the apostrophe ends the word and what follows is dropped
      flush_word(word, letters_only, out);
      letters_only = true;
      while (i + len < text.size() && static_cast<unsigned char>(text[i + len]) < 0x80 &&
             std::isalpha(static_cast<unsigned char>(text[i + len])))
        ++len;
    } else {
      flush_word(word, letters_only, out);
      letters_only = true;
      flush_han(han, out);
    }
    i += len;
  }
  flush_word(word, letters_only, out);
  flush_han(han, out);
  return out;
}

std::string faq_language(std::string_view text) {
  int han = 0, latin = 0;
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    i += decode(text, i, cp);
    if (is_han(cp)) ++han;
    else if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) ++latin;
  }
  // A Chinese character carries about a word; Latin letters average ~5 per English word.
  return han * 5 > latin ? "zh" : "en";
}

}  // namespace plume::ecosystem
