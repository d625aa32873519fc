// `plume train` (a GPT-2 from scratch on a corpus) and `plume finetune` (continue a GGUF model on
// a user's own texts): flags, files, progress and the loss log. The training itself is
// src/train/trainer.h; this file only reads, prints and writes.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <set>
#include <string>

#include "cli/args.h"
#include "cli/command.h"
#include "core/blob.h"
#include "model/gguf.h"
#include "model/gpt2.h"
#include "train/finetune.h"
#include "train/trainer.h"

using namespace plume;
using plume::cli::fail;

namespace {

Result<std::string> read_file(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot open ", what, " '", path, "'");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Writes through a temporary file in the same directory and renames it over `path`, so a
// crash or cancel never leaves a half-written file (nor touches an existing one).
Status write_atomically(const std::string& path, const std::vector<uint8_t>& bytes) {
  const std::string tmp = path + ".tmp-" + std::to_string(static_cast<long>(getpid()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return make_error("cannot write '", tmp, "' (is the directory writable?)");
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      return make_error("writing '", tmp, "' failed (disk full?)");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return make_error("cannot replace '", path, "'");
  }
  return {};
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {}, sb {};
  if (stat(a.c_str(), &sa) != 0 || stat(b.c_str(), &sb) != 0) return a == b;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

Result<DType> parse_type(const std::string& s) {
  if (s == "f32" || s == "F32") return DType::F32;
  if (s == "f16" || s == "F16") return DType::F16;
  if (s == "q8_0" || s == "Q8_0") return DType::Q8_0;
  return make_error("--type: '", s, "' is not one of f32, f16, q8_0");
}

// --tokenizer: a GGUF file (a model, or only the tokenizer keys), or a vocab.json with --merges.
Result<Tokenizer> load_tokenizer(const cli::Args& a) {
  auto path = a.required("tokenizer");
  if (!path) return path.error();
  if (a.has("merges")) {
    auto vocab = read_file(*path, "vocabulary");
    if (!vocab) return vocab.error();
    auto merges = read_file(a.str("merges"), "merges file");
    if (!merges) return merges.error();
    return Tokenizer::from_files(*vocab, *merges);
  }
  auto blob = blob_from_file(*path);
  if (!blob) return blob.error();
  auto gguf = GgufFile::parse(*blob);
  if (!gguf) return make_error("--tokenizer '", *path, "': ", gguf.error().message, " (give a GGUF file, or vocab.json with --merges)");
  return Tokenizer::from_gguf(*gguf);
}

// The training data: a PLUMETOK token file, JSON Lines (prompt/completion or text), or text
// whose documents are separated by <|endoftext|> (`paragraphs`: by blank lines when it has none).
Result<TokenStream> load_stream(const std::string& path, const Tokenizer& tok, bool paragraphs, int64_t* documents) {
  auto bytes = read_file(path, "data file");
  if (!bytes) return bytes.error();
  if (is_token_file(*bytes)) {
    auto tokens = parse_token_file(*bytes, tok.vocab_size());
    if (!tokens) return make_error("'", path, "': ", tokens.error().message);
    TokenStream s;
    s.tokens = std::move(tokens.value());
    s.mask.assign(s.tokens.size(), 1);
    *documents = 0;
    for (int32_t t : s.tokens) *documents += t == tok.eos_id();
    return s;
  }
  if (Status s = check_text(*bytes, "'" + path + "'"); !s) return s.error();
  std::vector<TextExample> examples;
  if (ends_with(path, ".jsonl")) {
    auto parsed = parse_jsonl(*bytes);
    if (!parsed) return make_error("'", path, "': ", parsed.error().message);
    examples = std::move(parsed.value());
  } else {
    examples = split_documents(*bytes, paragraphs);
  }
  *documents = static_cast<int64_t>(examples.size());
  return encode_examples(examples, tok);
}

struct LoopFlags {
  int64_t val_every = 100, val_rows = 64, print_every = 10, checkpoint_every = 0;
  std::string checkpoint, log;
  // finetune --save-every: a usable model every save_every steps, so a long run can be
  // evaluated (and stopped) part-way; the fine-tuning session has no resumable checkpoint.
  int64_t save_every = 0;
  std::function<Status(int64_t step)> save;
};

// Runs the remaining steps: progress to stderr, one CSV line per step, held-out loss every
// val_every steps, checkpoints every checkpoint_every steps. Returns the last held-out loss.
Result<LossSum> run_steps(Trainer& t, const TokenStream& held_out, const LoopFlags& f, bool append_log) {
  std::FILE* log = nullptr;
  if (!f.log.empty()) {
    log = std::fopen(f.log.c_str(), append_log ? "a" : "w");
    if (log == nullptr) return make_error("cannot write the loss log '", f.log, "'");
    if (!append_log) std::fprintf(log, "step,loss,lr,grad_norm,tokens_per_second,val_loss\n");
  }
  LossSum val;
  const int64_t total = t.options().steps;
  auto evaluate = [&]() -> Status {
    if (held_out.size() < 2) return {};
    auto v = t.evaluate(held_out, f.val_rows);
    if (!v) return v.error();
    val = *v;
    std::fprintf(stderr, "step %lld: held-out loss %.4f, perplexity %.2f (%lld tokens)\n",
                 static_cast<long long>(t.steps_done()), val.mean(), perplexity(val), static_cast<long long>(val.count));
    return {};
  };
  const int64_t first_step = t.steps_done();
  auto started = std::chrono::steady_clock::now();
  int64_t tokens_since = 0;
  auto since = started;
  Status status;
  while (t.steps_done() < total) {
    auto step_start = std::chrono::steady_clock::now();
    auto r = t.step();
    if (!r) { status = r.error(); break; }
    auto now = std::chrono::steady_clock::now();
    const double step_seconds = std::chrono::duration<double>(now - step_start).count();
    tokens_since += r->tokens;
    const bool eval_now = f.val_every > 0 && (r->step % f.val_every == 0 || r->step == total);
    if (eval_now) if (status = evaluate(); !status) break;
    if (log) {
      std::fprintf(log, "%lld,%.6f,%.6g,%.6f,%.1f,", static_cast<long long>(r->step), r->loss, r->lr, r->grad_norm,
                   static_cast<double>(r->tokens) / step_seconds);
      if (eval_now && val.count > 0) std::fprintf(log, "%.6f", val.mean());
      std::fprintf(log, "\n");
      std::fflush(log);
    }
    if (r->step % f.print_every == 0 || r->step == total) {
      const double secs = std::chrono::duration<double>(now - since).count();
      std::fprintf(stderr, "step %lld/%lld  loss %.4f  lr %.2e  |g| %.3f  %.0f tok/s\n", static_cast<long long>(r->step),
                   static_cast<long long>(total), r->loss, r->lr, r->grad_norm, static_cast<double>(tokens_since) / secs);
      tokens_since = 0;
      since = now;
    }
    if (!f.checkpoint.empty() && f.checkpoint_every > 0 && r->step % f.checkpoint_every == 0 && r->step != total)
      if (status = write_atomically(f.checkpoint, t.checkpoint()); !status) break;
    if (f.save && f.save_every > 0 && r->step % f.save_every == 0 && r->step != total)
      if (status = f.save(r->step); !status) break;
  }
  if (log) std::fclose(log);
  if (!f.checkpoint.empty())  // also after a failure: the last good state
    if (Status s = write_atomically(f.checkpoint, t.checkpoint()); !s && status) status = s;
  if (!status) return status.error();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::fprintf(stderr, "trained %lld steps in %.1f s\n", static_cast<long long>(total - first_step), secs);
  return val;
}

// Reads the flags shared by train and finetune into `o` (defaults already in `o`).
Status read_options(const cli::Args& a, TrainOptions& o, int* threads, LoopFlags& f) {
  struct IntFlag { const char* name; int64_t* value; };
  int64_t batch = o.batch, seq = o.seq, seed = static_cast<int64_t>(o.seed), th = *threads;
  for (IntFlag i : {IntFlag{"batch", &batch}, {"seq", &seq}, {"steps", &o.steps}, {"warmup", &o.warmup},
                    {"seed", &seed}, {"threads", &th}, {"val-every", &f.val_every}, {"val-rows", &f.val_rows},
                    {"print-every", &f.print_every}, {"checkpoint-every", &f.checkpoint_every},
                    {"save-every", &f.save_every}}) {
    auto v = a.integer(i.name, *i.value);
    if (!v) return v.error();
    *i.value = *v;
  }
  if (batch < 1 || batch > 4096 || seq < 1 || seq > (1 << 16)) return make_error("--batch or --seq is out of range");
  if (th < 1 || th > 8) return make_error("--threads must be between 1 and 8");
  if (f.print_every < 1 || f.val_rows < 1 || f.val_every < 0 || f.checkpoint_every < 0 || f.save_every < 0)
    return make_error("--print-every and --val-rows must be positive, --val-every, --checkpoint-every and --save-every "
                      "not negative");
  o.batch = static_cast<int32_t>(batch);
  o.seq = static_cast<int32_t>(seq);
  o.seed = static_cast<uint64_t>(seed);
  *threads = static_cast<int>(th);
  const bool lr_given = a.has("lr");
  struct NumFlag { const char* name; double* value; };
  for (NumFlag n : {NumFlag{"lr", &o.lr}, {"weight-decay", &o.weight_decay}, {"clip", &o.clip}}) {
    auto v = a.number(n.name, *n.value);
    if (!v) return v.error();
    *n.value = *v;
  }
  auto min_lr = a.number("min-lr", lr_given ? o.lr / 10 : o.min_lr);
  if (!min_lr) return min_lr.error();
  o.min_lr = *min_lr;
  f.checkpoint = a.str("checkpoint");
  f.log = a.str("log");
  return {};
}

const std::set<std::string> kFlags = {"data", "tokenizer", "merges", "out", "embd", "layers", "heads", "ctx", "ff",
                                      "batch", "seq", "steps", "lr", "min-lr", "warmup", "weight-decay", "clip",
                                      "seed", "threads", "checkpoint", "checkpoint-every", "resume", "log", "type",
                                      "val-every", "val-rows", "print-every", "save-tokens", "name", "model",
                                      "save-every"};

int cmd_train(const cli::Args& a) {
  auto out = a.required("out");
  if (!out) return fail(out.error().message);
  auto data_path = a.required("data");
  if (!data_path) return fail(data_path.error().message);
  auto tok = load_tokenizer(a);
  if (!tok) return fail(tok.error().message);
  if (tok->eos_id() < 0) return fail("the tokenizer has no <|endoftext|> token to separate documents");
  auto type = parse_type(a.str("type", "q8_0"));
  if (!type) return fail(type.error().message);

  int64_t documents = 0;
  auto stream = load_stream(*data_path, *tok, false, &documents);
  if (!stream) return fail(stream.error().message);
  std::fprintf(stderr, "data: %lld documents, %zu tokens\n", static_cast<long long>(documents), stream->size());
  if (a.has("save-tokens")) {
    if (Status s = write_atomically(a.str("save-tokens"), token_file_bytes(stream->tokens, tok->vocab_size())); !s)
      return fail(s.error().message);
  }
  StreamSplit split = split_held_out(*stream, tok->eos_id(), 20);
  std::fprintf(stderr, "split: %lld documents (%zu tokens) for training, %lld (%zu tokens) held out\n",
               static_cast<long long>(split.train_documents), split.train.size(),
               static_cast<long long>(split.held_out_documents), split.held_out.size());

  TrainOptions o;
  int threads = 2;
  LoopFlags f;
  std::unique_ptr<Trainer> trainer;
  if (a.has("resume")) {
    auto bytes = read_file(a.str("resume"), "checkpoint");
    if (!bytes) return fail(bytes.error().message);
    if (Status s = read_options(a, o, &threads, f); !s) return fail(s.error().message);  // loop flags only
    auto t = Trainer::resume(std::vector<uint8_t>(bytes->begin(), bytes->end()), split.train, threads);
    if (!t) return fail("--resume '" + a.str("resume") + "': " + t.error().message);
    trainer = std::move(t.value());
    std::fprintf(stderr, "resumed at step %lld of %lld (model shape and training options from the checkpoint)\n",
                 static_cast<long long>(trainer->steps_done()), static_cast<long long>(trainer->options().steps));
  } else {
    Gpt2Config c;
    c.n_vocab = tok->vocab_size();
    auto embd = a.integer("embd", 256), layers = a.integer("layers", 4), heads = a.integer("heads", 8),
         ctx = a.integer("ctx", 256);
    for (auto* r : {&embd, &layers, &heads, &ctx})
      if (!*r) return fail(r->error().message);
    auto ff = a.integer("ff", 4 * *embd);
    if (!ff) return fail(ff.error().message);
    for (int64_t v : {*embd, *layers, *heads, *ctx, *ff})
      if (v <= 0 || v > (1 << 20)) return fail("model sizes must be between 1 and 1048576");
    c.n_embd = static_cast<int32_t>(*embd);
    c.n_layer = static_cast<int32_t>(*layers);
    c.n_head = static_cast<int32_t>(*heads);
    c.n_ctx = static_cast<int32_t>(*ctx);
    c.n_ff = static_cast<int32_t>(*ff);
    o.seq = c.n_ctx;
    o.warmup = -1;  // default: 5% of the steps
    if (Status s = read_options(a, o, &threads, f); !s) return fail(s.error().message);
    if (o.warmup < 0) o.warmup = o.steps / 20;
    auto params = params_random(c, o.seed);
    if (!params) return fail(params.error().message);
    std::fprintf(stderr, "model: %d layers, %d wide, %d heads, context %d, vocabulary %d: %.2f M parameters\n",
                 c.n_layer, c.n_embd, c.n_head, c.n_ctx, c.n_vocab, static_cast<double>(params->layout.total) / 1e6);
    auto t = Trainer::create(std::move(params.value()), split.train, o, threads);
    if (!t) return fail(t.error().message);
    trainer = std::move(t.value());
  }
  if (a.has("checkpoint-every") == false) f.checkpoint_every = f.val_every;
  std::fprintf(stderr, "training: batch %d x %d tokens, %lld steps, lr %.2e -> %.2e, warm-up %lld, %d thread(s)\n",
               trainer->options().batch, trainer->options().seq, static_cast<long long>(trainer->options().steps),
               trainer->options().lr, trainer->options().min_lr, static_cast<long long>(trainer->options().warmup),
               trainer->threads());
  auto val = run_steps(*trainer, split.held_out, f, a.has("resume"));
  if (!val) return fail(val.error().message);
  auto gguf = trainer->export_gguf(*tok, *type, a.str("name", "plume-gpt2"));
  if (!gguf) return fail(gguf.error().message);
  if (Status s = write_atomically(*out, *gguf); !s) return fail(s.error().message);
  std::fprintf(stderr, "wrote %s (%.1f MB, %s)\n", out->c_str(), static_cast<double>(gguf->size()) / 1e6, dtype_name(*type));
  return 0;
}

// The data, cleaning, bounds, hold-out and export are the shared fine-tuning session's
// (train/finetune.h, also what the browser runs); this command reads, prints and writes.
int cmd_finetune(const cli::Args& a) {
  auto model_path = a.required("model");
  if (!model_path) return fail(model_path.error().message);
  auto out = a.required("out");
  if (!out) return fail(out.error().message);
  auto data_path = a.required("data");
  if (!data_path) return fail(data_path.error().message);
  if (same_file(*model_path, *out)) return fail("--out must be a new file: the original model is never overwritten");
  auto model = load_model_path(*model_path);
  if (!model) return fail(model.error().message);

  auto bytes = read_file(*data_path, "data file");
  if (!bytes) return fail(bytes.error().message);
  auto examples = finetune_read_data(*bytes, ends_with(*data_path, ".jsonl") ? "jsonl" : "text", "'" + *data_path + "'");
  if (!examples) return fail(examples.error().message);

  FinetuneOptions fo;
  fo.limits = FinetuneLimits::native();
  int threads = 2;
  LoopFlags f;
  f.val_every = 0;  // held-out perplexity before and after only, unless asked
  if (Status s = read_options(a, fo.train, &threads, f); !s) return fail(s.error().message);
  fo.threads = threads;
  fo.eval_rows = f.val_rows;
  fo.name = a.str("name");
  auto created = FinetuneSession::create(*model.value(), std::move(examples.value()), fo);
  if (!created) return fail("'" + *data_path + "': " + created.error().message);
  FinetuneSession& session = **created;
  const FinetuneReport& r = session.report();
  std::fprintf(stderr, "cleaning: %zu texts in, %lld kept", r.clean.input, static_cast<long long>(r.texts));
  for (int i = 0; i < kRemovalReasonCount; i++)
    if (r.clean.removed_by[i] > 0)
      std::fprintf(stderr, ", %zu removed (%s)", r.clean.removed_by[i], removal_reason_name(static_cast<RemovalReason>(i)));
  std::fprintf(stderr, "\n");
  std::fprintf(stderr, "data: %lld texts; %lld for training (%lld tokens), %lld held out (%lld tokens)\n",
               static_cast<long long>(r.texts), static_cast<long long>(r.train_texts), static_cast<long long>(r.train_tokens),
               static_cast<long long>(r.held_out_texts), static_cast<long long>(r.held_out_tokens));
  DType type = r.export_type;  // the model's own quantization unless --type says
  if (a.has("type")) {
    auto t = parse_type(a.str("type"));
    if (!t) return fail(t.error().message);
    type = *t;
  }

  auto before = session.evaluate();
  if (!before) return fail(before.error().message);
  std::fprintf(stderr, "held-out perplexity before: %.2f\n", perplexity(*before));
  std::fprintf(stderr, "fine-tuning: batch %d x %d tokens, %lld steps, lr %.2e, %d thread(s), about %.0f MB\n", r.batch, r.seq,
               static_cast<long long>(r.steps), session.trainer().options().lr, session.trainer().threads(),
               static_cast<double>(r.memory_bytes) / 1048576.0);
  const std::string stem = ends_with(*out, ".gguf") ? out->substr(0, out->size() - 5) : *out;
  f.save = [&](int64_t step) -> Status {
    auto snapshot = type == r.export_type ? session.export_gguf()
                                          : session.trainer().export_gguf(session.tokenizer(), type, session.name());
    if (!snapshot) return snapshot.error();
    const std::string path = stem + ".step" + std::to_string(step) + ".gguf";
    if (Status s = write_atomically(path, *snapshot); !s) return s;
    std::fprintf(stderr, "wrote %s\n", path.c_str());
    return {};
  };
  auto val = run_steps(session.trainer(), session.held_out(), f, false);
  if (!val) return fail(val.error().message + " (the original model is unchanged; no output written)");
  auto after = session.evaluate();
  if (!after) return fail(after.error().message);
  std::fprintf(stderr, "held-out perplexity: before %.2f, after %.2f\n", perplexity(*before), perplexity(*after));
  auto gguf = type == r.export_type ? session.export_gguf()
                                    : session.trainer().export_gguf(session.tokenizer(), type, session.name());
  if (!gguf) return fail(gguf.error().message);
  if (Status s = write_atomically(*out, *gguf); !s) return fail(s.error().message);
  std::fprintf(stderr, "wrote %s (%.1f MB, %s)\n", out->c_str(), static_cast<double>(gguf->size()) / 1e6, dtype_name(type));
  std::printf("{\"perplexity_before\":%.6g,\"perplexity_after\":%.6g,\"steps\":%lld,\"out\":\"%s\"}\n", perplexity(*before),
              perplexity(*after), static_cast<long long>(r.steps), out->c_str());
  return 0;
}

template <int (*Body)(const cli::Args&)>
int with_args(int argc, char** argv, int first) {
  auto args = cli::Args::parse(argc, argv, first, kFlags, {});
  if (!args) return fail(args.error().message);
  return Body(*args);
}

cli::Register train_cmd({"train",
    "train     --data FILE(.txt|.jsonl|PLUMETOK) --tokenizer T.gguf|vocab.json [--merges merges.txt] --out OUT.gguf\n"
    "          [--embd 256] [--layers 4] [--heads 8] [--ctx 256] [--ff 4*embd] [--batch 8] [--seq ctx] [--steps 1000]\n"
    "          [--lr 1e-3] [--min-lr lr/10] [--warmup steps/20] [--weight-decay 0.1] [--clip 1] [--seed 1]\n"
    "          [--threads 2] [--checkpoint FILE] [--checkpoint-every K] [--resume FILE] [--log loss.csv]\n"
    "          [--val-every 100] [--val-rows 64] [--type q8_0|f16|f32] [--save-tokens FILE] [--name NAME]\n"
    "          (a GPT-2 from scratch; documents separated by <|endoftext|>; every 20th held out)",
    with_args<cmd_train>});
cli::Register finetune_cmd({"finetune",
    "finetune  --model M --data FILE(.txt|.jsonl) --out OUT.gguf [--steps 100] [--lr 1e-4] [--batch 4] [--seq 128]\n"
    "          [--warmup] [--weight-decay 0] [--clip 1] [--seed 1] [--threads 2] [--log loss.csv] [--type q8_0|f16|f32]\n"
    "          [--save-every K] (also writes OUT.stepK.gguf every K steps, to evaluate a long run part-way)\n"
    "          [--name NAME] (the tuned model's name; default: M's name + \"-finetuned\")\n"
    "          (continue training on your texts: blank-line separated, or JSON Lines {\"text\"} / {\"prompt\",\n"
    "          \"completion\"}; cleaned (NFC, HTML, whitespace, duplicates, < 10 characters) as in the browser;\n"
    "          every 10th text held out; prints perplexity before and after; M is never modified)",
    with_args<cmd_finetune>});

}  // namespace
