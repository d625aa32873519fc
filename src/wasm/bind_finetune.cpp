// Embind bindings for brand-voice fine-tuning in the browser (train/finetune.h): the worker
// (web/plume-finetune.js) starts a session from the GGUF bytes of the model it loaded, runs a few
// steps per call so it can post progress and honour a cancel in between, evaluates, exports,
// frees. Every method returns a JSON string {"ok":true,...} or {"ok":false,"error":...}; nothing
// throws, nothing aborts. No logic beyond converting JSON in and out.
#include <emscripten/bind.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "train/finetune.h"
#include "wasm/reply.h"

using nlohmann::json;

namespace plume {
namespace {

using wasm::failure;
using wasm::reply;

// {steps, lr, minLr, batch, seq, warmup, seed, weightDecay, clip} → TrainOptions, naming any bad one.
Status parse_options(const std::string& text, TrainOptions* o) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return make_error("fine-tuning options must be a JSON object");
  bool min_lr_given = false;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string key = it.key();
    const json& v = it.value();
    if (!v.is_number() || !std::isfinite(v.get<double>())) return make_error("option ", key, " must be a finite number");
    const double x = v.get<double>();
    auto integer = [&](double lo, double hi, auto* out) -> Status {
      if (x != std::floor(x) || x < lo || x > hi)
        return make_error("option ", key, " is ", v.dump(), ", expected an integer ", static_cast<int64_t>(lo), "..",
                          static_cast<int64_t>(hi));
      *out = static_cast<std::remove_pointer_t<decltype(out)>>(x);
      return {};
    };
    Status s;
    if (key == "steps") s = integer(1, 1e9, &o->steps);
    else if (key == "batch") s = integer(1, 4096, &o->batch);
    else if (key == "seq") s = integer(1, 65536, &o->seq);
    else if (key == "warmup") s = integer(0, 1e9, &o->warmup);
    else if (key == "seed") s = integer(0, 9007199254740991.0, &o->seed);
    else if (key == "lr") o->lr = x;
    else if (key == "minLr") { o->min_lr = x; min_lr_given = true; }
    else if (key == "weightDecay") o->weight_decay = x;
    else if (key == "clip") o->clip = x;
    else return make_error("unknown fine-tuning option '", key, "' (known: steps, lr, minLr, batch, seq, warmup, seed, weightDecay, clip)");
    if (!s) return s;
  }
  if (j.contains("lr") && !min_lr_given) o->min_lr = o->lr / 10;  // as the command line does
  return {};
}

// The texts: format "texts" is a JSON array of strings or {"prompt","completion"} / {"text"}
// objects; "text" and "jsonl" are a file's raw bytes (checked for binary / encoding first),
// named in messages by `source` ("the text", "brand.txt", "the uploaded file").
Result<std::vector<TextExample>> parse_data(const std::string& data, const std::string& format, const std::string& source) {
  if (format != "texts") return finetune_read_data(data, format, source.empty() ? "the uploaded file" : source);
  json j = json::parse(data, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return make_error("the texts must be an array of strings");
  std::vector<TextExample> out;
  for (size_t i = 0; i < j.size(); i++) {
    const json& t = j[i];
    TextExample e;
    if (t.is_string()) {
      e.completion = t.get<std::string>();
    } else if (t.is_object() && t.contains("completion") && t["completion"].is_string()) {
      e.completion = t["completion"].get<std::string>();
      if (t.contains("prompt") && t["prompt"].is_string()) e.prompt = t["prompt"].get<std::string>();
    } else if (t.is_object() && t.contains("text") && t["text"].is_string()) {
      e.completion = t["text"].get<std::string>();
    } else {
      return make_error("text ", i + 1, " is not a string (nor {\"text\"} / {\"prompt\", \"completion\"})");
    }
    out.push_back(std::move(e));
  }
  return out;
}

json report_json(const FinetuneReport& r) {
  json removed = json::object();
  for (int i = 0; i < kRemovalReasonCount; i++) removed[removal_reason_name(static_cast<RemovalReason>(i))] = r.clean.removed_by[i];
  json removals = json::array();
  for (const Removal& x : r.clean.removals)
    removals.push_back({{"index", x.index}, {"reason", removal_reason_name(x.reason)}, {"detail", x.detail}});
  return {{"textsIn", r.clean.input}, {"texts", r.texts}, {"removed", removed}, {"removals", removals},
          {"htmlStripped", r.clean.html_stripped}, {"nfcChanged", r.clean.nfc_changed},
          {"trainTexts", r.train_texts}, {"heldOutTexts", r.held_out_texts}, {"trainTokens", r.train_tokens},
          {"heldOutTokens", r.held_out_tokens}, {"batch", r.batch}, {"seq", r.seq}, {"steps", r.steps},
          {"parameters", r.parameters}, {"memoryBytes", r.memory_bytes}, {"exportType", dtype_name(r.export_type)}};
}

class Finetune {
 public:
  // `ptr`/`size`: the loaded model's GGUF bytes in the heap (read during this call only).
  std::string start(uint32_t ptr, uint32_t size, std::string data, std::string format, std::string source,
                    std::string options_json) {
    session_.reset();
    exported_.clear();
    exported_.shrink_to_fit();
    FinetuneOptions o;  // the browser's limits (FinetuneLimits::browser), one thread
    if (Status s = parse_options(options_json, &o.train); !s) return failure(s.error().message);
    auto examples = parse_data(data, format, source);
    if (!examples) return failure(examples.error().message);
    data.clear();
    data.shrink_to_fit();
    const uint8_t* bytes = reinterpret_cast<const uint8_t*>(static_cast<uintptr_t>(ptr));
    auto created = FinetuneSession::create(std::span<const uint8_t>(bytes, size), std::move(examples.value()), o);
    if (!created) return failure(created.error().message);
    session_ = std::move(created.value());
    return reply({{"report", report_json(session_->report())}});
  }

  std::string step(int32_t n) {
    if (!session_) return no_session();
    if (n < 1 || n > 1000) return failure(make_error("step count must be 1..1000"));
    auto r = session_->step(n);
    if (!r) return failure(r.error().message);
    json losses = json::array();
    StepResult last;
    int64_t tokens = 0;
    for (const StepResult& s : *r) {
      losses.push_back(s.loss);
      tokens += s.tokens;
      last = s;
    }
    return reply({{"step", session_->steps_done()}, {"steps", session_->steps_total()}, {"done", session_->done()},
                  {"loss", last.loss}, {"lr", last.lr}, {"gradNorm", last.grad_norm}, {"tokens", tokens},
                  {"losses", losses}});
  }

  std::string evaluate() {
    if (!session_) return no_session();
    auto r = session_->evaluate();
    if (!r) return failure(r.error().message);
    return reply({{"loss", r->mean()}, {"perplexity", perplexity(*r)}, {"tokens", r->count}});
  }

  // The bytes stay in the heap (at ptr) until free() or the next export: the caller copies them.
  std::string exportGguf() {
    if (!session_) return no_session();
    auto r = session_->export_gguf();
    if (!r) return failure(r.error().message);
    exported_ = std::move(r.value());
    return reply({{"ptr", reinterpret_cast<uintptr_t>(exported_.data())}, {"size", exported_.size()}});
  }

  std::string free() {
    session_.reset();
    exported_ = std::vector<uint8_t>();
    return reply(json::object());
  }

 private:
  std::unique_ptr<FinetuneSession> session_;
  std::vector<uint8_t> exported_;
  static std::string no_session() { return failure(make_error("no fine-tuning in progress: call start first")); }
};

}  // namespace
}  // namespace plume

EMSCRIPTEN_BINDINGS(plume_finetune) {
  emscripten::class_<plume::Finetune>("Finetune")
      .constructor<>()
      .function("start", &plume::Finetune::start)
      .function("step", &plume::Finetune::step)
      .function("evaluate", &plume::Finetune::evaluate)
      .function("exportGguf", &plume::Finetune::exportGguf)
      .function("free", &plume::Finetune::free);
}
