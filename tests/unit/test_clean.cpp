// The cleaning module: NFC against the official conformance file NormalizationTest.txt (read at
// test time), and each cleaning step and filter with the reason it reports.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <unordered_set>

#include "train/clean.h"
#include "train/nfc.h"
#include "train/utf8.h"

#ifndef PLUME_SOURCE_DIR
#define PLUME_SOURCE_DIR "."
#endif

using namespace plume;

namespace {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// NormalizationTest.txt: Debian ships it compressed. scripts/gen_normalization_tables.py
// --extract-test build/unicode writes a plain copy (the WASM test cannot decompress); natively
// the test can also run bzip2 itself.
std::optional<std::string> normalization_test_file() {
  for (std::string path : {std::string("/usr/share/unicode/NormalizationTest.txt"),
                           std::string(PLUME_SOURCE_DIR) + "/build/unicode/NormalizationTest.txt"}) {
    if (auto text = read_file(path)) return text;
  }
#ifndef __EMSCRIPTEN__
  if (FILE* pipe = popen("bzip2 -dc /usr/share/unicode/NormalizationTest.txt.bz2 2>/dev/null", "r")) {
    std::string text;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) text.append(buf, n);
    if (pclose(pipe) == 0 && !text.empty()) return text;
  }
#endif
  return std::nullopt;
}

std::string from_hex_list(const std::string& field) {
  std::string out;
  std::istringstream in(field);
  std::string hex;
  while (in >> hex) utf8::append(out, static_cast<char32_t>(std::stoul(hex, nullptr, 16)));
  return out;
}

std::string u8(const char* s) { return s; }

}  // namespace

TEST_CASE("NFC passes the Unicode conformance file NormalizationTest.txt", "[clean][nfc]") {
  auto file = normalization_test_file();
  if (!file) {
    WARN("NormalizationTest.txt not found (Debian package unicode-data; run scripts/gen_normalization_tables.py "
         "--extract-test build/unicode): skipping the NFC conformance test");
    return;
  }
  std::istringstream lines(*file);
  std::string line;
  size_t cases = 0, failures = 0;
  bool part1 = false;
  std::unordered_set<char32_t> part1_chars;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == '@') {
      part1 = line.rfind("@Part1", 0) == 0;
      continue;
    }
    std::string fields[5];
    std::istringstream in(line);
    for (auto& f : fields) std::getline(in, f, ';');
    std::string c[5];
    for (int k = 0; k < 5; ++k) c[k] = from_hex_list(fields[k]);
    if (part1) part1_chars.insert(static_cast<char32_t>(std::stoul(fields[0], nullptr, 16)));
    // NFC: c2 == toNFC(c1) == toNFC(c2) == toNFC(c3); c4 == toNFC(c4) == toNFC(c5).
    bool ok = normalize_nfc(c[0]) == c[1] && normalize_nfc(c[1]) == c[1] && normalize_nfc(c[2]) == c[1] &&
              normalize_nfc(c[3]) == c[3] && normalize_nfc(c[4]) == c[3];
    for (const auto& x : c) ok = ok && (!is_nfc_quick(x) || normalize_nfc(x) == x);  // quick check is sound
    if (!ok && failures++ < 5) FAIL_CHECK("NFC fails on line: " << line);
    ++cases;
  }
  CHECK(cases > 18000);
  CHECK(failures == 0);
  // Every code point not listed in part 1 is unchanged by NFC.
  size_t unchanged_failures = 0;
  for (char32_t cp = 1; cp <= 0x10FFFF; ++cp) {
    if ((cp >= 0xD800 && cp <= 0xDFFF) || part1_chars.count(cp)) continue;
    std::string s;
    utf8::append(s, cp);
    if (normalize_nfc(s) != s && unchanged_failures++ < 5) FAIL_CHECK("NFC changes U+" << std::hex << static_cast<uint32_t>(cp));
  }
  CHECK(unchanged_failures == 0);
  INFO("conformance cases: " << cases);
}

TEST_CASE("NFC composes, reorders, leaves CJK and ASCII alone", "[clean][nfc]") {
  CHECK(normalize_nfc(u8("e\xCC\x81")) == u8("\xC3\xA9"));                    // e + acute -> é
  CHECK(normalize_nfc(u8("\xEF\xA4\x80")) == u8("\xE8\xB1\x88"));             // U+F900 -> U+8C48
  CHECK(normalize_nfc(u8("\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB")) == u8("\xED\x95\x9C"));  // 한 from jamo
  CHECK(normalize_nfc("plain ascii") == "plain ascii");
  CHECK(normalize_nfc(u8("健身手环，续航7天。")) == u8("健身手环，续航7天。"));
  CHECK(normalize_nfc(u8("a\xCC\xA3\xCC\x87")) == normalize_nfc(u8("a\xCC\x87\xCC\xA3")));  // order-independent
  CHECK(normalize_nfc(std::string("\xFF" "abc")) == u8("\xEF\xBF\xBD" "abc"));  // invalid byte -> U+FFFD
  CHECK(is_nfc_quick(u8("智能手环")));
  CHECK_FALSE(is_nfc_quick(u8("e\xCC\x81")));
}

TEST_CASE("HTML tags, comments, scripts and entities are stripped", "[clean]") {
  CHECK(normalize_whitespace(strip_html("<p>Hello <b>world</b></p><p>Again</p>")) == "Hello world\n\nAgain");
  CHECK(strip_html("a<br>b<br/>c") == "a\nb\nc");
  CHECK(strip_html("x<script>var a = '<p>';</script>y<style>p{}</style>z") == "xyz");
  CHECK(strip_html("keep <!-- hidden --> this") == "keep  this");
  CHECK(strip_html("Tom &amp; Jerry &lt;3 &#26032;&#x54C1; &nbsp;&euro;5") == u8("Tom & Jerry <3 新品 \xC2\xA0€5"));
  CHECK(strip_html("price < 5 and 7 > 3") == "price < 5 and 7 > 3");  // not tags
  CHECK(strip_html("I <3 it & you") == "I <3 it & you");
  CHECK(strip_html("&bogus; &#xZZ; &") == "&bogus; &#xZZ; &");
  CHECK(strip_html("no markup") == "no markup");
  CHECK(strip_html("<a href=\"x\">unterminated") == "unterminated");
  CHECK(strip_html("<a href=\"x\"") == "<a href=\"x\"");
}

TEST_CASE("whitespace is normalised, paragraph breaks kept", "[clean]") {
  CHECK(normalize_whitespace("  a \t b  \r\n\r\n\r\n\n c  ") == "a b\n\nc");
  CHECK(normalize_whitespace(u8("第一段\n\n\n第二段\u3000结束")) == u8("第一段\n\n第二段 结束"));
  CHECK(normalize_whitespace(u8("zero\u200Bwidth\xEF\xBB\xBF bom\x07")) == "zerowidth bom");
  CHECK(normalize_whitespace("line one\nline two") == "line one\nline two");
  CHECK(normalize_whitespace("   \n  \n ") == "");
}

TEST_CASE("scripts are counted for the language filter", "[clean]") {
  ScriptCounts s = count_scripts(u8("一款支持MagSafe磁吸充电的手机壳"));
  CHECK(s.cjk == 12);
  CHECK(s.latin == 7);
  CHECK(count_scripts(u8("Café déjà vu")).latin == 10);
  CHECK(count_scripts(u8("こんにちは")).other == 5);
}

TEST_CASE("clean_texts removes texts and says why", "[clean]") {
  std::vector<std::string> texts = {
      "<p>Meet the Aurora Fit Band: heart rate, sleep tracking &amp; a 7-day battery.</p>",  // 0 kept
      "Meet the Aurora Fit Band:   heart rate, sleep tracking & a 7-day battery.",        // 1 duplicate of 0
      "MEET THE AURORA FIT BAND - heart rate; sleep tracking & a 9-day battery!",          // 2 near duplicate
      "short",                                                                             // 3 too short
      "   <br>  ",                                                                         // 4 empty
      u8("这款智能手环支持心率监测和睡眠跟踪，续航长达7天。"),                              // 5 wrong language (en)
      std::string("\xB9\xFA\xBC\xD2\xB5\xC4\xCE\xC4\xD7\xD6\xB1\xE0\xC2\xEB"),           // 6 GBK bytes: not UTF-8
      std::string("binary\0data here", 16),                                               // 7 NUL: not UTF-8
      "A second, different text about noise cancelling earbuds with 30 hours of playback.", // 8 kept
  };
  CleanOptions o;
  o.language = "en";
  auto r = clean_texts(texts, o);
  REQUIRE(r.ok());
  const CleanReport& rep = r->report;
  CHECK(rep.input == 9);
  CHECK(rep.kept == 2);
  REQUIRE(r->texts.size() == 2);
  CHECK(r->texts[0] == "Meet the Aurora Fit Band: heart rate, sleep tracking & a 7-day battery.");
  CHECK(r->source_index == std::vector<size_t>{0, 8});
  CHECK(rep.removed_by[static_cast<int>(RemovalReason::kDuplicate)] == 1);
  CHECK(rep.removed_by[static_cast<int>(RemovalReason::kNearDuplicate)] == 1);
  CHECK(rep.removed_by[static_cast<int>(RemovalReason::kTooShort)] == 1);
  CHECK(rep.removed_by[static_cast<int>(RemovalReason::kEmpty)] == 1);
  CHECK(rep.removed_by[static_cast<int>(RemovalReason::kWrongLanguage)] == 1);
  CHECK(rep.removed_by[static_cast<int>(RemovalReason::kNotUtf8)] == 2);
  CHECK(rep.html_stripped >= 1);
  REQUIRE(rep.removals.size() == 7);
  CHECK(rep.removals[0].index == 1);
  CHECK(rep.removals[0].detail == "same as text 0");
  CHECK(rep.removals[4].detail.find("Latin letters") != std::string::npos);
  CHECK(rep.removals[5].detail.find("not UTF-8") != std::string::npos);

  CleanOptions zh;
  zh.language = "zh";
  auto rz = clean_texts({texts[5], "English only, which is not Chinese at all."}, zh);
  REQUIRE(rz.ok());
  CHECK(rz->report.kept == 1);
}

TEST_CASE("clean_texts repairs a few bad bytes and rejects bad options", "[clean]") {
  auto r = clean_texts({std::string("A long enough sentence with one bad byte \xFF in the middle of it, fine.")}, {});
  REQUIRE(r.ok());
  CHECK(r->report.kept == 1);
  CHECK(r->report.repaired_utf8 == 1);
  CHECK(r->texts[0].find("\xEF\xBF\xBD") != std::string::npos);

  CleanOptions bad;
  bad.language = "fr";
  CHECK_FALSE(clean_texts({}, bad).ok());
  bad.language = "";
  bad.min_chars = 10;
  bad.max_chars = 5;
  auto e = clean_texts({}, bad);
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().message.find("minimum length") != std::string::npos);
}

TEST_CASE("documents are split by end-of-text, line or blank line", "[clean]") {
  auto eot = split_texts("one<|endoftext|>two<|endoftext|>", "eot");
  REQUIRE(eot.ok());
  CHECK(*eot == std::vector<std::string>{"one", "two"});
  auto blank = split_texts("a\nb\n\n \nc\n", "blank");
  REQUIRE(blank.ok());
  CHECK(*blank == std::vector<std::string>{"a\nb", "c"});
  auto line = split_texts("x\ny\n", "line");
  REQUIRE(line.ok());
  CHECK(*line == std::vector<std::string>{"x", "y"});
  CHECK_FALSE(split_texts("x", "words").ok());
}

TEST_CASE("cleaning never fails on random bytes", "[clean]") {
  std::mt19937 rng(7);
  std::vector<std::string> texts;
  const char* pieces[] = {"<", ">", "&", ";", "&#", "x", "<p>", "</", "<!--", "-->", "\xCC\x81", "\xE4\xBD\xA0",
                          "\xFF", "\xC3", "\n", "\r", " ", "\t", "a", "1", "<script>", "&amp", "\xEF\xA4\x80"};
  for (int t = 0; t < 300; ++t) {
    std::string s;
    int n = static_cast<int>(rng() % 60);
    for (int k = 0; k < n; ++k) {
      if (rng() % 4 == 0) s += static_cast<char>(rng() % 256);
      else s += pieces[rng() % (sizeof pieces / sizeof *pieces)];
    }
    texts.push_back(s);
    std::string nfc = normalize_nfc(s);
    CHECK(normalize_nfc(nfc) == nfc);  // idempotent
  }
  CleanOptions o;
  o.min_chars = 1;
  auto r = clean_texts(texts, o);
  REQUIRE(r.ok());
  CHECK(r->report.kept + r->report.removals.size() == texts.size());
  for (const auto& t : r->texts) {
    size_t invalid = 0;
    (void)repair_utf8(t, &invalid);
    CHECK(invalid == 0);  // output is always valid UTF-8
  }
}
