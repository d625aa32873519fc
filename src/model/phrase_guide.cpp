#include "model/phrase_guide.h"

#include <algorithm>
#include <cmath>

namespace plume {
namespace {

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_ascii_alnum(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The text as the mention check compares it: ASCII letters lower-cased, "-" as a space, runs of
// white space as one space. Other bytes (Chinese, accents) are compared as they are.
std::string fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '-' || is_ascii_space(c)) c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The phrase with its first ASCII letter in the other case, or "" if it does not start with one.
std::string other_case(const std::string& s) {
  if (s.empty()) return {};
  const char c = s[0];
  std::string out = s;
  if (c >= 'a' && c <= 'z') out[0] = static_cast<char>(c - 'a' + 'A');
  else if (c >= 'A' && c <= 'Z') out[0] = static_cast<char>(c - 'A' + 'a');
  else return {};
  return out;
}

// Whether the text so far ends where a word may begin without a space: nothing yet, white
// space, an opening bracket or quote, or a character outside ASCII (Chinese needs no spaces).
bool at_word_start(std::string_view generated) {
  if (generated.empty()) return true;
  const unsigned char c = static_cast<unsigned char>(generated.back());
  return c >= 0x80 || is_ascii_space(static_cast<char>(c)) || c == '(' || c == '[' || c == '"' || c == '\'' ||
         c == '/' || c == ':';
}

// Whether the text so far ends at a clause boundary (punctuation, a line start, a list bullet or
// hashtag), where a feature reads naturally: guidance begins phrases only there, so it never
// pushes one into the middle of "a phone to 50 ..." or turns the "7" of "Fit Band 7" into
// "7-day battery life".
bool at_clause_start(std::string_view generated) {
  size_t end = generated.size();
  while (end > 0 && generated[end - 1] == ' ') end--;
  if (end == 0) return true;
  const std::string_view s = generated.substr(0, end);
  const char c = s.back();
  if (c == '\n' || c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '(' || c == '-' ||
      c == '#')
    return true;
  for (std::string_view p : {"，", "。", "、", "；", "：", "！", "？", "【", "（", "“", "—"})
    if (s.size() >= p.size() && s.substr(s.size() - p.size()) == p) return true;
  return false;
}

}  // namespace

PhraseGuide::PhraseGuide(const Tokenizer& tokenizer, const std::vector<std::string>& phrases, float boost)
    : boost_(boost) {
  if (boost <= 0.0f) return;
  for (int32_t id = 0; id < tokenizer.vocab_size(); id++) {
    const std::string& bytes = tokenizer.token_bytes(id);
    if (!bytes.empty() && is_ascii_alnum(static_cast<unsigned char>(bytes[0]))) alnum_start_.push_back(id);
  }
  for (const std::string& phrase : phrases) {
    std::string folded = fold(phrase);
    if (folded.empty()) continue;
    const int32_t index = static_cast<int32_t>(folded_.size());
    std::vector<Containing> containing;
    for (int32_t id = 0; id < tokenizer.vocab_size(); id++) {
      const std::string& bytes = tokenizer.token_bytes(id);
      if (bytes.size() >= folded.size() && fold(bytes).find(folded) != std::string::npos)
        containing.push_back({id, static_cast<unsigned char>(bytes[0])});
    }
    containing_.push_back(std::move(containing));
    folded_.push_back(std::move(folded));
    std::string trimmed(phrase);
    trimmed.erase(0, trimmed.find_first_not_of(" \t\r\n"));
    trimmed.erase(trimmed.find_last_not_of(" \t\r\n") + 1);
    for (const std::string& form : {trimmed, other_case(trimmed)}) {
      if (form.empty()) continue;
      for (bool space : {false, true}) {
        Spelling s;
        s.phrase = index;
        s.leading_space = space;
        s.tokens = tokenizer.encode(space ? " " + form : form);
        if (s.tokens.empty()) continue;
        // A spelling whose first token is a bare space (" 心率" when the vocabulary has no
        // " 心" token) would boost, and then force a phrase after, every space: left out.
        const std::string& first = tokenizer.token_bytes(s.tokens[0]);
        if (first.find_first_not_of(" \t\r\n") == std::string::npos) continue;
        s.non_ascii_start = static_cast<unsigned char>(form[0]) >= 0x80;
        s.alnum_end = is_ascii_alnum(static_cast<unsigned char>(form.back()));
        const bool duplicate = std::any_of(spellings_.begin(), spellings_.end(),
                                           [&](const Spelling& o) { return o.tokens == s.tokens; });
        if (!duplicate) spellings_.push_back(std::move(s));
      }
    }
  }
}

PhraseGuide::State PhraseGuide::start() const {
  State s;
  s.mentioned.assign(folded_.size(), 0);
  return s;
}

void PhraseGuide::bias(const State& state, std::string_view generated, LogitBias* out) const {
  out->clear();
  if (state.word_end) {
    for (int32_t id : alnum_start_) out->add.emplace_back(id, -INFINITY);
    return;
  }
  if (!state.begun.empty()) {
    // In the middle of a phrase: only its next token (or the next tokens of the spellings that
    // still agree with what was written).
    for (int32_t k : state.begun) {
      const int32_t next = spellings_[static_cast<size_t>(k)].tokens[static_cast<size_t>(state.position)];
      if (std::find(out->only.begin(), out->only.end(), next) == out->only.end()) out->only.push_back(next);
    }
    return;
  }
  // The output's first token is the model's alone: it is where the layout starts ("Subject:").
  if (generated.empty()) return;
  const bool word_start = at_word_start(generated);
  const bool clause_start = at_clause_start(generated);
  auto add = [&](int32_t token, float delta) {
    // A token shared by a mentioned and an unmentioned phrase gets the unmentioned one's boost.
    auto same = std::find_if(out->add.begin(), out->add.end(), [&](const auto& a) { return a.first == token; });
    if (same == out->add.end()) out->add.emplace_back(token, delta);
    else same->second = std::max(same->second, delta);
  };
  // A token that writes the whole phrase at once is not allowed a third time; a first token that
  // may also begin other words is only discouraged.
  auto delta_of = [&](int32_t phrase, bool whole) {
    const int times = state.mentioned[static_cast<size_t>(phrase)];
    if (times == 0) return clause_start ? boost_ : 0.0f;
    return whole && times >= 2 ? -INFINITY : -boost_ * static_cast<float>(times);
  };
  for (const Spelling& s : spellings_) {
    // " heart rate" after a space would write two spaces; "heart rate" after a letter glues words.
    const bool fits = s.leading_space ? !word_start : (word_start || s.non_ascii_start);
    if (fits) add(s.tokens[0], delta_of(s.phrase, s.tokens.size() == 1));
  }
  for (size_t p = 0; p < containing_.size(); p++)
    for (const Containing& c : containing_[p]) {
      const bool fits = c.first == ' ' ? !word_start : is_ascii_alnum(c.first) ? word_start : true;
      if (fits) add(c.token, delta_of(static_cast<int32_t>(p), true));
    }
}

void PhraseGuide::observe(State& state, int32_t token, std::string_view generated, size_t before_size) const {
  state.word_end = false;
  std::vector<int32_t> still;
  if (!state.begun.empty()) {
    for (int32_t k : state.begun) {
      const Spelling& s = spellings_[static_cast<size_t>(k)];
      if (s.tokens[static_cast<size_t>(state.position)] == token) still.push_back(k);
    }
    state.position++;
  } else if (const std::string_view before = generated.substr(0, before_size); at_clause_start(before)) {
    // The text before this token decides whether a phrase may begin here (a clause start), and
    // whether a spelling without a space may (a word start).
    for (size_t k = 0; k < spellings_.size(); k++) {
      const Spelling& s = spellings_[k];
      if (state.mentioned[static_cast<size_t>(s.phrase)] || s.tokens[0] != token) continue;
      if (!s.leading_space && !s.non_ascii_start && !at_word_start(before)) continue;
      still.push_back(static_cast<int32_t>(k));
    }
    state.position = 1;
  }
  // A spelling that is complete ends the constraint (its phrase is now in the text).
  for (int32_t k : still) {
    const Spelling& s = spellings_[static_cast<size_t>(k)];
    if (static_cast<int32_t>(s.tokens.size()) > state.position) continue;
    state.word_end = s.alnum_end;
    still.clear();
    break;
  }
  state.begun = std::move(still);
  if (state.begun.empty()) state.position = 0;

  const std::string text = fold(generated);
  for (size_t p = 0; p < folded_.size(); p++) {
    int times = 0;
    for (size_t at = text.find(folded_[p]); at != std::string::npos && times < 100; at = text.find(folded_[p], at + 1)) times++;
    state.mentioned[p] = static_cast<char>(times);
  }
}

}  // namespace plume
