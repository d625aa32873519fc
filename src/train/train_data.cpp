#include "train/train_data.h"

#include <cstring>

#include <nlohmann/json.hpp>

namespace plume {
namespace {

using nlohmann::json;

constexpr std::string_view kEndOfText = "<|endoftext|>";
constexpr char kTokenMagic[8] = {'P', 'L', 'U', 'M', 'E', 'T', 'O', 'K'};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Offset of the first byte that is not part of valid UTF-8, or npos.
size_t invalid_utf8_at(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = 0, n = s.size();
  while (i < n) {
    unsigned c = p[i];
    if (c < 0x80) { i++; continue; }
    int len = 0;
    uint32_t cp = 0;
    if ((c & 0xe0) == 0xc0) { len = 2; cp = c & 0x1f; }
    else if ((c & 0xf0) == 0xe0) { len = 3; cp = c & 0x0f; }
    else if ((c & 0xf8) == 0xf0) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + static_cast<size_t>(len) > n) return i;
    for (int k = 1; k < len; k++) {
      if ((p[i + static_cast<size_t>(k)] & 0xc0) != 0x80) return i;
      cp = (cp << 6) | (p[i + static_cast<size_t>(k)] & 0x3f);
    }
    const uint32_t min_cp = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    if (cp < min_cp || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += static_cast<size_t>(len);
  }
  return std::string_view::npos;
}

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; i++) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
uint32_t get_u32(const unsigned char* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 | static_cast<uint32_t>(p[2]) << 16 |
         static_cast<uint32_t>(p[3]) << 24;
}

}  // namespace

int64_t TokenStream::targets() const {
  int64_t n = 0;
  for (uint8_t m : mask) n += m != 0;
  return n;
}

Status check_text(std::string_view bytes, std::string_view what) {
  const std::string name(what);
  if (trim(bytes).empty()) return make_error(name, " is empty: give it some text to train on");
  if (bytes.size() >= 2 && ((bytes[0] == '\xff' && bytes[1] == '\xfe') || (bytes[0] == '\xfe' && bytes[1] == '\xff')))
    return make_error(name, " is UTF-16 (or UTF-32) text: save it as UTF-8 and try again");
  if (const void* nul = std::memchr(bytes.data(), 0, bytes.size()))
    return make_error(name, " looks like a binary file, not text (a zero byte at offset ",
                      static_cast<const char*>(nul) - bytes.data(), "); if it is UTF-16 text, save it as UTF-8");
  if (size_t bad = invalid_utf8_at(bytes); bad != std::string_view::npos)
    return make_error(name, " is not valid UTF-8 (byte offset ", bad,
                      "): save it as UTF-8 (it may be in a legacy encoding such as GBK or Latin-1)");
  return {};
}

std::vector<TextExample> split_documents(std::string_view text, bool split_paragraphs) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xef\xbb\xbf") text.remove_prefix(3);
  std::vector<TextExample> docs;
  auto add = [&](std::string_view d) {
    d = trim(d);
    if (!d.empty()) docs.push_back({"", std::string(d)});
  };
  if (text.find(kEndOfText) != std::string_view::npos || !split_paragraphs) {
    size_t start = 0;
    for (;;) {
      size_t at = text.find(kEndOfText, start);
      add(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
      if (at == std::string_view::npos) break;
      start = at + kEndOfText.size();
    }
    return docs;
  }
  // Paragraphs: a line holding only whitespace ends a document.
  size_t doc_start = 0, line_start = 0;
  while (line_start <= text.size()) {
    size_t eol = text.find('\n', line_start);
    size_t line_end = eol == std::string_view::npos ? text.size() : eol;
    if (trim(text.substr(line_start, line_end - line_start)).empty()) {
      add(text.substr(doc_start, line_start - doc_start));
      doc_start = line_end;
    }
    if (eol == std::string_view::npos) break;
    line_start = eol + 1;
  }
  add(text.substr(doc_start));
  return docs;
}

Result<std::vector<TextExample>> parse_jsonl(std::string_view text) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xef\xbb\xbf") text.remove_prefix(3);
  std::vector<TextExample> out;
  size_t start = 0, line_no = 0;
  while (start < text.size()) {
    size_t eol = text.find('\n', start);
    std::string_view line = trim(text.substr(start, eol == std::string_view::npos ? std::string_view::npos : eol - start));
    start = eol == std::string_view::npos ? text.size() : eol + 1;
    line_no++;
    if (line.empty()) continue;
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object())
      return make_error("line ", line_no, " is not a JSON object (expected {\"text\": ...} or {\"prompt\": ..., \"completion\": ...})");
    auto string_field = [&](const char* key, std::string* value) -> Status {
      auto it = j.find(key);
      if (it == j.end()) return {};
      if (!it->is_string()) return make_error("line ", line_no, ": \"", key, "\" must be a string");
      *value = it->get<std::string>();
      return {};
    };
    TextExample ex;
    std::string text_field;
    for (auto [key, dst] : {std::pair{"text", &text_field}, {"prompt", &ex.prompt}, {"completion", &ex.completion}})
      if (Status s = string_field(key, dst); !s) return s.error();
    if (!text_field.empty()) {
      if (!ex.completion.empty()) return make_error("line ", line_no, ": give either \"text\" or \"completion\", not both");
      ex.completion = text_field;
    }
    if (trim(ex.completion).empty())
      return make_error("line ", line_no, ": no text to learn (\"text\" or \"completion\" is missing or empty)");
    out.push_back(std::move(ex));
  }
  if (out.empty()) return make_error("the JSON Lines file holds no examples");
  return out;
}

Result<TokenStream> encode_examples(const std::vector<TextExample>& examples, const Tokenizer& tokenizer) {
  const int32_t eos = tokenizer.eos_id();
  if (eos < 0) return make_error("the tokenizer has no end-of-text token (<|endoftext|>) to separate documents");
  TokenStream s;
  for (const TextExample& ex : examples) {
    for (int32_t id : tokenizer.encode(ex.prompt)) {
      s.tokens.push_back(id);
      s.mask.push_back(0);
    }
    for (int32_t id : tokenizer.encode(ex.completion)) {
      s.tokens.push_back(id);
      s.mask.push_back(1);
    }
    s.tokens.push_back(eos);
    s.mask.push_back(1);
  }
  return s;
}

StreamSplit split_held_out(const TokenStream& stream, int32_t eos, int every) {
  StreamSplit out;
  if (every < 2) every = 2;
  // Document boundaries: [begin, end) with the end-of-text token inside.
  std::vector<std::pair<size_t, size_t>> docs;
  size_t begin = 0;
  for (size_t i = 0; i < stream.size(); i++)
    if (stream.tokens[i] == eos) {
      docs.push_back({begin, i + 1});
      begin = i + 1;
    }
  if (begin < stream.size()) docs.push_back({begin, stream.size()});
  auto append = [&](TokenStream& dst, size_t b, size_t e) {
    dst.tokens.insert(dst.tokens.end(), stream.tokens.begin() + static_cast<long>(b), stream.tokens.begin() + static_cast<long>(e));
    dst.mask.insert(dst.mask.end(), stream.mask.begin() + static_cast<long>(b), stream.mask.begin() + static_cast<long>(e));
  };
  if (docs.size() >= static_cast<size_t>(every)) {
    for (size_t d = 0; d < docs.size(); d++) {
      const bool held = (d + 1) % static_cast<size_t>(every) == 0;
      append(held ? out.held_out : out.train, docs[d].first, docs[d].second);
      (held ? out.held_out_documents : out.train_documents)++;
    }
    return out;
  }
  // Few documents: hold out the tail (about 1/every of the tokens), on a document boundary
  // when there are at least two documents.
  const size_t want = stream.size() / static_cast<size_t>(every);
  size_t cut = stream.size() - want;
  if (docs.size() >= 2) {
    size_t d = docs.size() - 1;
    while (d > 1 && stream.size() - docs[d - 1].first <= want) d--;
    cut = docs[d].first;
    out.train_documents = static_cast<int64_t>(d);
    out.held_out_documents = static_cast<int64_t>(docs.size() - d);
  } else {
    out.train_documents = out.held_out_documents = static_cast<int64_t>(docs.size());
  }
  append(out.train, 0, cut);
  append(out.held_out, cut, stream.size());
  return out;
}

std::vector<uint8_t> token_file_bytes(const std::vector<int32_t>& tokens, int32_t n_vocab) {
  std::vector<uint8_t> out(kTokenMagic, kTokenMagic + 8);
  put_u32(out, 1);
  put_u32(out, static_cast<uint32_t>(n_vocab));
  const uint64_t count = tokens.size();
  put_u32(out, static_cast<uint32_t>(count));
  put_u32(out, static_cast<uint32_t>(count >> 32));
  out.reserve(out.size() + 4 * tokens.size());
  for (int32_t t : tokens) put_u32(out, static_cast<uint32_t>(t));
  return out;
}

bool is_token_file(std::string_view bytes) { return bytes.size() >= 8 && std::memcmp(bytes.data(), kTokenMagic, 8) == 0; }

Result<std::vector<int32_t>> parse_token_file(std::string_view bytes, int32_t n_vocab) {
  if (!is_token_file(bytes)) return make_error("not a Plume token file (no PLUMETOK header)");
  if (bytes.size() < 24) return make_error("the token file is truncated (", bytes.size(), " bytes)");
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  if (get_u32(p + 8) != 1) return make_error("the token file has version ", get_u32(p + 8), "; this build reads version 1");
  const uint32_t vocab = get_u32(p + 12);
  if (static_cast<int64_t>(vocab) != n_vocab)
    return make_error("the token file was made with a vocabulary of ", vocab, " tokens but the tokenizer has ", n_vocab);
  const uint64_t count = static_cast<uint64_t>(get_u32(p + 16)) | static_cast<uint64_t>(get_u32(p + 20)) << 32;
  if (count > (bytes.size() - 24) / 4 || bytes.size() != 24 + 4 * count)
    return make_error("the token file says it holds ", count, " tokens but its size is ", bytes.size(), " bytes");
  std::vector<int32_t> tokens(static_cast<size_t>(count));
  for (size_t i = 0; i < tokens.size(); i++) {
    const uint32_t id = get_u32(p + 24 + 4 * i);
    if (id >= vocab) return make_error("token ", i, " of the token file has id ", id, ", outside the vocabulary");
    tokens[i] = static_cast<int32_t>(id);
  }
  return tokens;
}

uint64_t stream_hash(const TokenStream& s) {
  uint64_t h = 1469598103934665603ULL;
  auto mix = [&](uint8_t byte) { h = (h ^ byte) * 1099511628211ULL; };
  for (int32_t t : s.tokens)
    for (int i = 0; i < 4; i++) mix(static_cast<uint8_t>(static_cast<uint32_t>(t) >> (8 * i)));
  for (uint8_t m : s.mask) mix(m);
  return h;
}

}  // namespace plume
