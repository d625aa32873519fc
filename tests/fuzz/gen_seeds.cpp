// Writes the seed corpora of the fuzz targets into <dir>/<target>/seed-*: binary files (GGUF,
// safetensors, a tiny Hugging Face checkpoint, a token file) made with Plume's own writers, and
// small text inputs covering each format's features and corners. Run by `scripts/fuzz --seeds`.
// Inputs made of several files use fuzz_input.h's separator between them.
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_input.h"
#include "model/gguf.h"
#include "model/gpt2_write.h"
#include "model/safetensors.h"
#include "train/train_data.h"

using namespace plume;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path g_root;

void write(const std::string& target, const std::string& name, std::string_view bytes) {
  fs::create_directories(g_root / target);
  std::ofstream out(g_root / target / ("seed-" + name), std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}
void write(const std::string& target, const std::string& name, const std::vector<uint8_t>& bytes) {
  write(target, name, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}
std::string join(std::initializer_list<std::string_view> parts) {
  std::string s;
  size_t i = 0;
  for (std::string_view p : parts) {
    if (i++ > 0) s += fuzz::kSeparator;
    s += p;
  }
  return s;
}
std::string flagged(uint8_t flag, std::string_view rest) { return std::string(1, static_cast<char>(flag)) + std::string(rest); }

// Deterministic small floats for weights (no RNG dependency).
std::vector<uint8_t> f32_bytes(size_t n, uint32_t seed) {
  std::vector<uint8_t> out(n * 4);
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < n; i++) {
    x = x * 1664525u + 1013904223u;
    float v = (static_cast<float>(x >> 8) / 16777216.0f - 0.5f) * 0.2f;
    std::memcpy(&out[i * 4], &v, 4);
  }
  return out;
}

void gguf_seeds() {
  const Tokenizer tok = fuzz::tiny_tokenizer();
  for (DType type : {DType::F32, DType::F16}) {
    RandomModelOptions o;
    o.config = {0, 4, 8, 16, 1, 2, 1e-5f};  // vocab from the tokenizer, ctx 4, embd 8, ff 16
    o.weight_type = type;
    o.seed = 3;
    auto bytes = random_gpt2_gguf(o, tok);
    if (!bytes) { std::fprintf(stderr, "%s\n", bytes.error().message.c_str()); std::exit(1); }
    write("gguf", type == DType::F32 ? "tiny-model-f32.gguf" : "tiny-model-f16.gguf", *bytes);
  }
  GgufWriter w;
  const GgufType scalars[] = {GgufType::UINT8, GgufType::INT8, GgufType::UINT16, GgufType::INT16,
                              GgufType::UINT32, GgufType::INT32, GgufType::BOOL, GgufType::UINT64, GgufType::INT64};
  int k = 0;
  for (GgufType t : scalars) {
    GgufValue v;
    v.type = t;
    v.i64 = 1;
    v.u64 = 1;
    w.set_value("scalar." + std::to_string(k), v);
    GgufValue a;
    a.type = GgufType::ARRAY;
    a.array_type = t;
    a.ints = {0, 1, 1};
    w.set_value("array." + std::to_string(k++), a);
  }
  w.set_float32("float32", 0.5f);
  GgufValue f64;
  f64.type = GgufType::FLOAT64;
  f64.f64 = -2.25;
  w.set_value("float64", f64);
  w.set_string("general.name", "seed 种子");
  w.set_string_array("strings", {"a", "", "Ġhello"});
  w.set_float32_array("floats", {1.0f, -0.0f});
  w.set_alignment(64);
  (void)w.add_tensor("f32", {3, 2}, DType::F32, f32_bytes(6, 1));
  std::vector<uint8_t> f16(8, 0x3c);
  (void)w.add_tensor("f16", {4}, DType::F16, f16);
  std::vector<uint8_t> q8(34, 1);
  (void)w.add_tensor("q8_0", {32}, DType::Q8_0, q8);
  write("gguf", "all-types.gguf", w.to_bytes());
  write("gguf", "empty.gguf", GgufWriter().to_bytes());
}

void safetensors_seeds() {
  std::vector<SafeTensorData> t = {
      {"a.f32", "F32", {2, 3}, f32_bytes(6, 2)},
      {"b.f16", "F16", {4}, std::vector<uint8_t>(8, 0x3c)},
      {"c.bf16", "BF16", {2}, {0x80, 0x3f, 0x00, 0xc0}},
      {"d.i64", "I64", {2}, std::vector<uint8_t>(16, 0)},
      {"e.empty", "F32", {0, 4}, {}},
      {"f.scalar", "F32", {}, f32_bytes(1, 3)},
  };
  auto bytes = write_safetensors(t, {{"format", "pt"}});
  if (bytes) write("safetensors", "mixed.safetensors", *bytes);
  auto empty = write_safetensors({});
  if (empty) write("safetensors", "empty.safetensors", *empty);
}

// A GPT-2 checkpoint as Hugging Face stores it (Conv1D weights [in, out]); values arbitrary.
std::string hf_checkpoint(const std::string& dtype) {
  const Tokenizer tok = fuzz::tiny_tokenizer();
  const int64_t vocab = tok.vocab_size(), embd = 8, ctx = 4, ff = 16;
  std::vector<SafeTensorData> t;
  uint32_t seed = 1;
  auto add = [&](const std::string& name, std::vector<int64_t> shape) {
    size_t n = 1;
    for (int64_t d : shape) n *= static_cast<size_t>(d);
    std::vector<uint8_t> b = f32_bytes(n, seed++);
    if (dtype == "BF16") {  // keep the upper half of each float
      std::vector<uint8_t> h(n * 2);
      for (size_t i = 0; i < n; i++) { h[i * 2] = b[i * 4 + 2]; h[i * 2 + 1] = b[i * 4 + 3]; }
      b = std::move(h);
    }
    t.push_back({name, dtype, std::move(shape), std::move(b)});
  };
  add("transformer.wte.weight", {vocab, embd});
  add("transformer.wpe.weight", {ctx, embd});
  const std::string p = "transformer.h.0.";
  add(p + "ln_1.weight", {embd});
  add(p + "ln_1.bias", {embd});
  add(p + "attn.c_attn.weight", {embd, 3 * embd});
  add(p + "attn.c_attn.bias", {3 * embd});
  add(p + "attn.c_proj.weight", {embd, embd});
  add(p + "attn.c_proj.bias", {embd});
  add(p + "ln_2.weight", {embd});
  add(p + "ln_2.bias", {embd});
  add(p + "mlp.c_fc.weight", {embd, ff});
  add(p + "mlp.c_fc.bias", {ff});
  add(p + "mlp.c_proj.weight", {ff, embd});
  add(p + "mlp.c_proj.bias", {embd});
  add("transformer.ln_f.weight", {embd});
  add("transformer.ln_f.bias", {embd});
  auto st = write_safetensors(t);
  json vocab_json = json::object();
  for (int32_t i = 0; i < tok.vocab_size(); i++) vocab_json[tok.token_text(i)] = i;
  std::string merges = "#version: 0.2\n";
  for (const std::string& m : tok.merges()) merges += m + "\n";
  json config = {{"model_type", "gpt2"}, {"n_embd", embd}, {"n_layer", 1}, {"n_head", 2},
                 {"n_positions", ctx}, {"vocab_size", vocab}, {"n_inner", ff},
                 {"layer_norm_epsilon", 1e-5}, {"activation_function", "gelu_new"}};
  std::string stb(st->begin(), st->end());
  return join({config.dump(), vocab_json.dump(), merges, stb});
}

void tokenizer_seeds() {
  const Tokenizer tok = fuzz::tiny_tokenizer();
  json vocab = json::object();
  for (int32_t i = 0; i < tok.vocab_size(); i++) vocab[tok.token_text(i)] = i;
  std::string merges = "#version: 0.2\n";
  for (const std::string& m : tok.merges()) merges += m + "\n";
  write("tokenizer_files", "tiny", join({vocab.dump(), merges, "the fitness band 智能手环 the end"}));
  std::string crlf;
  for (const std::string& m : tok.merges()) crlf += m + "\r\n";
  write("tokenizer_files", "crlf-no-header", join({vocab.dump(1), crlf, "\xff\xfe invalid bytes then he"}));
  write("tokenizer_files", "bad-merge", join({vocab.dump(), "#version: 0.2\nĠ x\nq\n", "x"}));

  const char* texts[] = {
      "Hello world! I'll've we're they'd it's",
      "智能手环，心率监测，续航14天。限时优惠！",
      "emoji 👍🏽🇨🇳 and ZWJ 👩‍👩‍👧 families",
      "  leading spaces\t\ttabs\n\n\nnewlines   \r\n trailing   ",
      "digits 1234567890 ١٢٣ 一二三 and ½",
      "<|endoftext|>special tokens are text<|endoftext|>",
      "\xff\xfe\x80 invalid \xc3 utf-8 \xed\xa0\x80 surrogate \xf4\x90\x80\x80",
      "日本語のテキストと한국어 텍스트",
      "code: for (int i = 0; i < n; ++i) { x += y[i]; }",
  };
  int n = 0;
  for (const char* t : texts) write("tokenizer_encode", "text-" + std::to_string(n++), t);
}

void text_seeds() {
  // Mustache: template | data | partials.
  const std::pair<const char*, std::string> mustache[] = {
      {"basic", join({"Hi {{name}}! {{{raw}}} {{&raw}} {{! comment }}", R"({"name":"<Ana>","raw":"<b>"})", "{}"})},
      {"sections", join({"{{#items}}- {{name}}: {{price}}\n{{/items}}{{^items}}none{{/items}}{{items.0.name}}",
                         R"({"items":[{"name":"手环","price":199.0},{"name":"band","price":1e21}]})", "{}"})},
      {"partials", join({"{{>header}}\n  {{>row}}\n{{>*dyn}}", R"({"dyn":"row","x":[1,2]})",
                         R"({"header":"# {{title}}","row":"{{#x}}{{.}},{{/x}}"})"})},
      {"inheritance", join({"{{<base}}{{$body}}custom {{name}}{{/body}}{{/base}}", R"({"name":"n"})",
                            R"({"base":"<h>{{$title}}T{{/title}}</h>{{$body}}default{{/body}}"})"})},
      {"delimiters", join({"{{=<% %>=}}<% name %> <%={{ }}=%>{{name}}", R"({"name":"x"})", "{}"})},
      {"lambdas", join({"{{#upper}}hello {{name}}{{/upper}} {{#twice}}ab{{/twice}} {{upper}}", R"({"name":"z"})", "{}"})},
      {"recursive", join({"{{>r}}", R"({"n":{"n":{"n":{}}}})", R"({"r":"[{{#n}}{{>r}}{{/n}}]"})"})},
      {"errors", join({"{{#a}}{{/b}} {{unclosed", "[]", "{\"p\": 5}"})},
  };
  for (const auto& [name, input] : mustache) write("mustache", name, input);

  // Conditions: condition | attributes | saved groups.
  const std::pair<const char*, std::string> conditions[] = {
      {"basic", join({R"({"country":"US","age":{"$gte":18},"tags":{"$elemMatch":{"$eq":"vip"}}})",
                      R"({"country":"US","age":"21","tags":["vip","new"]})", "{}"})},
      {"logic", join({R"({"$or":[{"plan":"pro"},{"spend":{"$gt":100}}],"$not":{"banned":true},"$nor":[{"x":1}]})",
                      R"({"plan":"free","spend":150})", "{}"})},
      {"versions", join({R"({"app.version":{"$vgte":"2.1.0-rc.1","$vlt":"3"},"id":{"$inGroup":"beta"}})",
                         R"({"app":{"version":"v2.1.0+build"},"id":"u1"})", R"({"beta":["u1","u2"]})"})},
      {"regex", join({R"j({"ua":{"$regex":"^Mozilla/(\\d+)\\.\\d+ \\(([^)]*)\\)"},"email":{"$regexi":"@EXAMPLE\\.com$"}})j",
                      R"j({"ua":"Mozilla/5.0 (X11)","email":"a@example.com"})j", "{}"})},
      {"types", join({R"({"a":{"$type":"array","$size":{"$gt":1}},"b":{"$exists":false},"c":{"$in":[1,"1",null]},"d":{"$all":[1,2]}})",
                      R"({"a":[1,2,3],"c":"1","d":[2,1,3]})", "{}"})},
      {"invalid", join({R"({"x":{"$gtx":1},"$and":{},"y":{"$regex":"(("}})", "[]", R"({"g":5})"})},
  };
  for (const auto& [name, input] : conditions) write("condition", name, input);

  // Regex: pattern | subject (first byte odd: case-insensitive).
  const std::pair<const char*, std::string> regexes[] = {
      {"email", join({"^[\\w.+-]+@[a-z0-9-]+(\\.[a-z]{2,})+$", "ana.b+x@mail.example.com"})},
      {"groups", join({"(?<year>\\d{4})-(\\d\\d)-(?:\\d\\d)\\b\\2", "on 2024-05-17 05"})},
      {"lookahead", join({"a(?=b)|c(?!d)|[^\\s\\S]|\\u0041\\x42\\cJ", "ab cd ce AB\n"})},
      {"lazy", join({"<.+?>|x{2,3}?|(a|ab)(c|bcd)(d*)", "<b>bold</b> xxx abcd"})},
      {"backtrack", join({"(a+)+b", "aaaaaaaaaaaaac"})},
      {"unicode", join({"手[环表]+.$", "智能手环表😀"})},
      {"invalid", join({"*a(b[c-a]\\", "x"})},
      {"lookbehind", join({"(?<=a)b\\k<n>", "ab"})},
  };
  for (const auto& [name, input] : regexes) write("regex", name, input);

  // Interactions: '0' CSV / '1' JSON.
  write("interactions", "csv-ratings", flagged('0', "user,item,rating,timestamp\nu1,sku-1,4.5,100\nu1,sku-1,3,200\n\"u,2\",\"sku \"\"2\"\"\",5,50\n"));
  write("interactions", "csv-events", flagged('0', "customer_id,product_id,event\nc1,p1,view\nc1,p1,purchase\nc2,p2,add_to_cart\r\n"));
  write("interactions", "movielens", flagged('0', "196\t242\t3\t881250949\n186\t302\t3\t891717742\n"));
  write("interactions", "csv-value", flagged('0', "user,item,value\nu,i,0.5\nu,i,1e3\n"));
  write("interactions", "json", flagged('1', R"([{"user":"u1","item":"i1","rating":4,"timestamp":10},{"user":2,"item":"i2","rating":1}])"));
  write("interactions", "json-events", flagged('1', R"([{"user":"u1","item":"i1","event":"click"},{"user":"u1","item":"i1","event":"view"}])"));

  // Training data: '0' text (<|endoftext|>), '1' text (blank lines), '2' JSON Lines, '3' token file.
  write("train_data", "eot", flagged('0', "\xef\xbb\xbf" "First doc.<|endoftext|>第二篇文档。<|endoftext|>\n<|endoftext|>"));
  write("train_data", "paragraphs", flagged('1', "para one\nline two\n\n\npara two 手环\n \nthree"));
  write("train_data", "jsonl", flagged('2', "{\"text\":\"hello\"}\n\n{\"prompt\":\"Q: 手环?\",\"completion\":\" A: yes\"}\n"));
  std::vector<uint8_t> tf = token_file_bytes({1, 2, 3, 262, 263}, 264);
  write("train_data", "tokens", flagged('3', std::string_view(reinterpret_cast<const char*>(tf.data()), tf.size())));
  write("train_data", "binary", flagged('0', std::string("a\0b\xff", 4)));

  // Cleaning: flag byte (mode, language, html, duplicates), then the file.
  write("clean", "html", flagged(0x70, "<p>Hello &amp; welcome</p><script>x()</script><br>Price &lt; 5 &#26032;&#x54C1; &nbsp;<!-- c --><|endoftext|>Hello &amp; welcome<|endoftext|>HELLO & welcome!!"));
  write("clean", "lines-zh", flagged(0x79, "智能手环心率监测\n智能手环心率监测\nEnglish only line here\ne\xcc\x81 combining \xe2\x80\x8b zero width\t\ttabs\r\n"));
  write("clean", "blank-en", flagged(0x06, "A paragraph in English.\n\n\n\nanother one 123\n\n\xff\xfe garbage \x80\x80\x80\x80\n\n한국어 텍스트"));

  // Channels: channel index byte, then text | options.
  write("channel", "sms-gsm", flagged(0, join({"Sale! 50% off {today} €5 ^ [x] ~", R"({"maxSegments":2})"})));
  write("channel", "sms-ucs2", flagged(0, join({"智能手环限时优惠，立即购买！", R"({"maxSegments":1,"limit":0})"})));
  write("channel", "x", flagged(1, join({"Check https://example.com/deal #sale @plume 智能手环 👍🏽", "{}"})));
  write("channel", "weibo", flagged(2, join({"微博文案 with half-width text 😀", R"({"brand":{"banned":"free,免费","required":["手环"]}})"})));
  write("channel", "brand", flagged(5, join({"Buy now. Buy now. {{name}} [NAME] <|endoftext|> tail", R"({"brand":{"banned":["buy"],"stopMarkers":["<|endoftext|>"],"placeholders":true,"repeatedSentences":true}})"})));
  write("channel", "email", flagged(7, join({"Your exclusive offer inside — 专属优惠", R"({"limit":20})"})));

  // Metrics: flag byte (tokenizer, lowercase, stemmer, cjk), then hypothesis | reference.
  write("metrics", "en", flagged(0x08, join({"The cats are running quickly, aren't they?", "The cat is running quick-ly; isn't it?"})));
  write("metrics", "zh", flagged(0x11, join({"智能手环，续航14天。", "这款智能手环续航长达14天！"})));
  write("metrics", "char-lower", flagged(0x06, join({"ＦＵＬＬ width ＡＢＣ １２３ &amp; &lt;", "full width abc 123 & <"})));
  write("metrics", "lines", flagged(0x0b, join({"first sentence.\nsecond sentence here.", "second sentence.\nfirst sentence here."})));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: gen_seeds CORPUS_DIR\n");
    return 2;
  }
  g_root = argv[1];
  gguf_seeds();
  safetensors_seeds();
  write("hf_checkpoint", "tiny-f32", hf_checkpoint("F32"));
  write("hf_checkpoint", "tiny-bf16", hf_checkpoint("BF16"));
  tokenizer_seeds();
  text_seeds();
  return 0;
}
