// Loading a GPT-2 model: from GGUF (llama.cpp's gpt2 layout, weights used in place) or from a
// Hugging Face checkpoint (safetensors, converted once to F32 in Plume's layout).
#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "core/f16.h"
#include "model/gguf.h"
#include "model/gpt2.h"
#include "model/safetensors.h"

namespace plume {
namespace {

std::string shape_string(const std::vector<int64_t>& ne) {
  std::string s = "[";
  for (size_t i = 0; i < ne.size(); i++) s += (i ? ", " : "") + std::to_string(ne[i]);
  return s + "]";
}

// The file's epsilon is a double (GGUF may store f64, JSON always does); narrowing one outside
// float's range to float is undefined behaviour, so the range is checked before the cast.
Status read_norm_eps(double eps, Gpt2Config* c) {
  if (!(eps > 0.0 && eps <= 1.0)) {
    char shown[32];
    std::snprintf(shown, sizeof shown, "%g", eps);
    return make_error("layer norm epsilon ", shown, " is out of range (0, 1]");
  }
  c->norm_eps = static_cast<float>(eps);
  return {};
}

Status check_limits(const Gpt2Config& c, const ModelLimits& limits) {
  auto positive = [](const char* what, int64_t v, int64_t max) -> Status {
    if (v <= 0 || v > max) return make_error(what, " is ", v, ", expected 1..", max);
    return {};
  };
  if (auto s = positive("vocabulary size", c.n_vocab, limits.max_vocab); !s) return s;
  if (auto s = positive("context length", c.n_ctx, limits.max_ctx); !s) return s;
  if (auto s = positive("embedding length", c.n_embd, limits.max_embd); !s) return s;
  if (auto s = positive("feed-forward length", c.n_ff, limits.max_embd * 8); !s) return s;
  if (auto s = positive("block count", c.n_layer, limits.max_layers); !s) return s;
  if (auto s = positive("attention head count", c.n_head, c.n_embd); !s) return s;
  if (c.n_embd % c.n_head != 0)
    return make_error("embedding length ", c.n_embd, " is not divisible by the head count ", c.n_head);
  if (!(c.norm_eps > 0.0f) || c.norm_eps > 1.0f)
    return make_error("layer norm epsilon ", c.norm_eps, " is out of range (0, 1]");
  return {};
}

}  // namespace

// Builds the model's weight table from either source. Friend of Gpt2Model.
class Gpt2Loader {
 public:
  explicit Gpt2Loader(Gpt2Model& model) : m_(model) {}

  // ---- GGUF ----------------------------------------------------------------------------------
  Status load_gguf(const GgufFile& file) {
    auto arch = file.get_string("general.architecture");
    if (!arch) return arch.error();
    if (*arch != "gpt2")
      return make_error("unsupported architecture '", *arch, "': Plume runs GPT-2 models (general.architecture = gpt2)");

    Gpt2Config& c = m_.config_;
    struct IntKey { const char* key; int32_t* out; };
    for (IntKey k : {IntKey{"gpt2.context_length", &c.n_ctx}, IntKey{"gpt2.embedding_length", &c.n_embd},
                     IntKey{"gpt2.feed_forward_length", &c.n_ff}, IntKey{"gpt2.block_count", &c.n_layer},
                     IntKey{"gpt2.attention.head_count", &c.n_head}}) {
      auto v = file.get_uint(k.key);
      if (!v) return v.error();
      if (*v > 0x7fffffffULL) return make_error("key '", k.key, "' is ", std::to_string(*v), ", which is absurdly large");
      *k.out = static_cast<int32_t>(*v);
    }
    auto eps = file.get_float("gpt2.attention.layer_norm_epsilon");
    if (!eps) return eps.error();
    if (auto s = read_norm_eps(*eps, &c); !s) return s;

    auto tok = Tokenizer::from_gguf(file);
    if (!tok) return tok.error();
    m_.tokenizer_ = std::move(tok.value());
    c.n_vocab = m_.tokenizer_.vocab_size();
    if (auto s = check_limits(c, limits_); !s) return s;
    if (auto s = check_model_memory(estimate_model_memory(c, static_cast<int64_t>(file.blob()->size()), false), c, limits_); !s)
      return s;

    gguf_ = &file;
    Gpt2Weights& w = m_.weights_;
    if (auto s = matrix("token_embd.weight", c.n_vocab, c.n_embd, &w.token_embd); !s) return s;
    if (auto s = matrix("position_embd.weight", c.n_ctx, c.n_embd, &w.position_embd); !s) return s;
    w.layers.resize(static_cast<size_t>(c.n_layer));
    for (int32_t i = 0; i < c.n_layer; i++) {
      std::string p = "blk." + std::to_string(i) + ".";
      Gpt2Layer& L = w.layers[static_cast<size_t>(i)];
      Status s;
      if (s = vector(p + "attn_norm.weight", c.n_embd, &L.attn_norm_w); !s) return s;
      if (s = vector(p + "attn_norm.bias", c.n_embd, &L.attn_norm_b); !s) return s;
      if (s = matrix(p + "attn_qkv.weight", 3 * c.n_embd, c.n_embd, &L.attn_qkv); !s) return s;
      if (s = vector(p + "attn_qkv.bias", 3 * c.n_embd, &L.attn_qkv_b); !s) return s;
      if (s = matrix(p + "attn_output.weight", c.n_embd, c.n_embd, &L.attn_output); !s) return s;
      if (s = vector(p + "attn_output.bias", c.n_embd, &L.attn_output_b); !s) return s;
      if (s = vector(p + "ffn_norm.weight", c.n_embd, &L.ffn_norm_w); !s) return s;
      if (s = vector(p + "ffn_norm.bias", c.n_embd, &L.ffn_norm_b); !s) return s;
      if (s = matrix(p + "ffn_up.weight", c.n_ff, c.n_embd, &L.ffn_up); !s) return s;
      if (s = vector(p + "ffn_up.bias", c.n_ff, &L.ffn_up_b); !s) return s;
      if (s = matrix(p + "ffn_down.weight", c.n_embd, c.n_ff, &L.ffn_down); !s) return s;
      if (s = vector(p + "ffn_down.bias", c.n_embd, &L.ffn_down_b); !s) return s;
    }
    if (auto s = vector("output_norm.weight", c.n_embd, &w.output_norm_w); !s) return s;
    if (auto s = vector("output_norm.bias", c.n_embd, &w.output_norm_b); !s) return s;
    w.tied_output = file.find_tensor("output.weight") == nullptr;
    if (w.tied_output) {
      w.output = w.token_embd;
    } else if (auto s = matrix("output.weight", c.n_vocab, c.n_embd, &w.output); !s) {
      return s;
    }

    ModelInfo& info = m_.info_;
    info.source = "gguf";
    if (auto name = file.get_string("general.name")) info.name = *name;
    info.file_bytes = static_cast<int64_t>(file.blob()->size());
    for (const auto& t : file.tensors()) {
      info.parameters += t.n_elements();
      count_type(t.supported ? dtype_name(t.type) : ("ggml type " + std::to_string(t.ggml_type)));
    }
    summarize_quantization();
    return {};
  }

  // ---- Hugging Face --------------------------------------------------------------------------
  Status load_hf(const SafetensorsFile& st, std::string_view config_json, std::string_view vocab_json,
                 std::string_view merges_txt) {
    auto cfg = nlohmann::json::parse(config_json, nullptr, false);
    if (cfg.is_discarded() || !cfg.is_object()) return make_error("config.json is not a JSON object");
    if (cfg.contains("model_type") && cfg["model_type"] != "gpt2") {
      std::string t = cfg["model_type"].is_string() ? cfg["model_type"].get<std::string>() : "?";
      return make_error("unsupported architecture '", t, "': Plume runs GPT-2 models (config.json model_type = gpt2)");
    }
    Gpt2Config& c = m_.config_;
    auto get_int = [&](const char* key, int32_t* out, bool required, int32_t fallback) -> Status {
      if (!cfg.contains(key) || cfg[key].is_null()) {
        if (required) return make_error("config.json: missing '", key, "'");
        *out = fallback;
        return {};
      }
      if (!cfg[key].is_number_integer()) return make_error("config.json: '", key, "' must be an integer");
      int64_t v = cfg[key].get<int64_t>();
      if (v <= 0 || v > 0x7fffffff) return make_error("config.json: '", key, "' is ", v, ", out of range");
      *out = static_cast<int32_t>(v);
      return {};
    };
    if (auto s = get_int("n_embd", &c.n_embd, true, 0); !s) return s;
    if (auto s = get_int("n_layer", &c.n_layer, true, 0); !s) return s;
    if (auto s = get_int("n_head", &c.n_head, true, 0); !s) return s;
    if (auto s = get_int("n_positions", &c.n_ctx, true, 0); !s) return s;
    if (auto s = get_int("vocab_size", &c.n_vocab, true, 0); !s) return s;
    if (auto s = get_int("n_inner", &c.n_ff, false, 4 * c.n_embd); !s) return s;
    c.norm_eps = 1e-5f;
    if (cfg.contains("layer_norm_epsilon")) {
      if (!cfg["layer_norm_epsilon"].is_number()) return make_error("config.json: 'layer_norm_epsilon' must be a number");
      if (auto s = read_norm_eps(cfg["layer_norm_epsilon"].get<double>(), &c); !s) return make_error("config.json: ", s.error().message);
    }
    if (cfg.contains("activation_function") && cfg["activation_function"].is_string()) {
      std::string act = cfg["activation_function"].get<std::string>();
      if (act != "gelu_new" && act != "gelu_pytorch_tanh")
        return make_error("config.json: activation_function '", act, "' is not supported (GPT-2 uses gelu_new)");
    }
    if (auto s = check_limits(c, limits_); !s) return s;

    auto tok = Tokenizer::from_files(vocab_json, merges_txt);
    if (!tok) return tok.error();
    m_.tokenizer_ = std::move(tok.value());
    if (m_.tokenizer_.vocab_size() > c.n_vocab)
      return make_error("vocab.json has ", m_.tokenizer_.vocab_size(), " tokens but config.json says vocab_size ", c.n_vocab);
    if (auto s = check_model_memory(estimate_model_memory(c, static_cast<int64_t>(m_.file_->size()), true), c, limits_); !s)
      return s;

    st_ = &st;
    // Tensor names appear with or without the "transformer." prefix depending on the exporter.
    prefix_ = st.find("transformer.wte.weight") ? "transformer." : "";
    Gpt2Weights& w = m_.weights_;
    Status s;
    if (s = hf_matrix("wte.weight", c.n_vocab, c.n_embd, false, &w.token_embd); !s) return s;
    if (s = hf_matrix("wpe.weight", c.n_ctx, c.n_embd, false, &w.position_embd); !s) return s;
    w.layers.resize(static_cast<size_t>(c.n_layer));
    for (int32_t i = 0; i < c.n_layer; i++) {
      std::string p = "h." + std::to_string(i) + ".";
      Gpt2Layer& L = w.layers[static_cast<size_t>(i)];
      // GPT-2's Conv1D stores weights as [in, out]: transposed into rows of inputs.
      if (s = hf_vector(p + "ln_1.weight", c.n_embd, &L.attn_norm_w); !s) return s;
      if (s = hf_vector(p + "ln_1.bias", c.n_embd, &L.attn_norm_b); !s) return s;
      if (s = hf_matrix(p + "attn.c_attn.weight", 3 * c.n_embd, c.n_embd, true, &L.attn_qkv); !s) return s;
      if (s = hf_vector(p + "attn.c_attn.bias", 3 * c.n_embd, &L.attn_qkv_b); !s) return s;
      if (s = hf_matrix(p + "attn.c_proj.weight", c.n_embd, c.n_embd, true, &L.attn_output); !s) return s;
      if (s = hf_vector(p + "attn.c_proj.bias", c.n_embd, &L.attn_output_b); !s) return s;
      if (s = hf_vector(p + "ln_2.weight", c.n_embd, &L.ffn_norm_w); !s) return s;
      if (s = hf_vector(p + "ln_2.bias", c.n_embd, &L.ffn_norm_b); !s) return s;
      if (s = hf_matrix(p + "mlp.c_fc.weight", c.n_ff, c.n_embd, true, &L.ffn_up); !s) return s;
      if (s = hf_vector(p + "mlp.c_fc.bias", c.n_ff, &L.ffn_up_b); !s) return s;
      if (s = hf_matrix(p + "mlp.c_proj.weight", c.n_embd, c.n_ff, true, &L.ffn_down); !s) return s;
      if (s = hf_vector(p + "mlp.c_proj.bias", c.n_embd, &L.ffn_down_b); !s) return s;
    }
    if (s = hf_vector("ln_f.weight", c.n_embd, &w.output_norm_w); !s) return s;
    if (s = hf_vector("ln_f.bias", c.n_embd, &w.output_norm_b); !s) return s;
    // HF ties lm_head to wte and usually leaves it out; a stored lm_head.weight is used as is.
    w.tied_output = st.find("lm_head.weight") == nullptr;
    w.output = w.token_embd;
    if (!w.tied_output) {
      std::string saved = std::move(prefix_);
      prefix_.clear();  // lm_head sits outside "transformer."
      s = hf_matrix("lm_head.weight", c.n_vocab, c.n_embd, false, &w.output);
      prefix_ = std::move(saved);
      if (!s) return s;
    }

    ModelInfo& info = m_.info_;
    info.source = "hf";
    if (cfg.contains("_name_or_path") && cfg["_name_or_path"].is_string()) info.name = cfg["_name_or_path"].get<std::string>();
    info.file_bytes = static_cast<int64_t>(m_.file_->size());
    for (const auto& t : st.tensors()) {
      int64_t n = 1;
      for (int64_t d : t.shape) n *= d;
      info.parameters += n;
      count_type(t.dtype);
    }
    info.quantization = "F32";  // converted on load
    return {};
  }

  ModelLimits limits_;

 private:
  Gpt2Model& m_;
  const GgufFile* gguf_ = nullptr;
  const SafetensorsFile* st_ = nullptr;
  std::string prefix_;

  void count_type(const std::string& name) {
    for (auto& [n, count] : m_.info_.tensor_types)
      if (n == name) { count++; return; }
    m_.info_.tensor_types.emplace_back(name, 1);
  }

  void summarize_quantization() {
    std::string q;
    for (const auto& t : gguf_->tensors()) {
      if (t.ne.size() != 2) continue;
      std::string name = t.supported ? dtype_name(t.type) : "?";
      if (q.empty()) q = name;
      else if (q != name) q = "mixed";
    }
    m_.info_.quantization = q;
  }

  const GgufTensorInfo* tensor(const std::string& name, Status* status) {
    const GgufTensorInfo* t = gguf_->find_tensor(name);
    if (t == nullptr) *status = make_error("missing tensor '", name, "'");
    else if (!t->supported)
      *status = make_error("tensor '", name, "' has ggml type ", t->ggml_type, ", which Plume cannot compute with (supported: F32, F16, Q8_0)");
    return *status ? t : nullptr;
  }

  Status matrix(const std::string& name, int64_t rows, int64_t cols, Matrix* out) {
    Status s;
    const GgufTensorInfo* t = tensor(name, &s);
    if (!t) return s;
    std::vector<int64_t> expected{cols, rows};
    if (t->ne != expected)
      return make_error("tensor ", name, " has shape ", shape_string(t->ne), ", expected ", shape_string(expected));
    if (t->type == DType::Q8_0 && cols % kQ8Block != 0)
      return make_error("tensor ", name, " is Q8_0 but its rows (", cols, ") are not a multiple of 32");
    *out = Matrix{t->type, t->data, rows, cols};
    return {};
  }

  Status vector(const std::string& name, int64_t n, const float** out) {
    Status s;
    const GgufTensorInfo* t = tensor(name, &s);
    if (!t) return s;
    if (t->ne != std::vector<int64_t>{n})
      return make_error("tensor ", name, " has shape ", shape_string(t->ne), ", expected [", n, "]");
    if (t->type == DType::F32 && reinterpret_cast<uintptr_t>(t->data) % alignof(float) == 0) {
      *out = reinterpret_cast<const float*>(t->data);
      return {};
    }
    // F16 (or Q8_0) vectors are small: convert once to F32 and keep the copy.
    std::vector<uint8_t> buf(static_cast<size_t>(n) * sizeof(float));
    Matrix m{t->type, t->data, 1, n};
    if (t->type == DType::Q8_0 && n % kQ8Block != 0)
      return make_error("tensor ", name, " is Q8_0 but has ", n, " elements, not a multiple of 32");
    dequantize_row(m, 0, reinterpret_cast<float*>(buf.data()));
    m_.owned_.push_back(std::move(buf));
    *out = reinterpret_cast<const float*>(m_.owned_.back().data());
    return {};
  }

  Result<std::vector<float>> hf_tensor(const std::string& name, std::vector<int64_t> expected_shape) {
    const SafeTensor* t = st_->find(prefix_ + name);
    if (t == nullptr) return make_error("model.safetensors: missing tensor '", prefix_ + name, "'");
    if (t->shape != expected_shape)
      return make_error("tensor ", prefix_ + name, " has shape ", shape_string(t->shape), ", expected ",
                        shape_string(expected_shape));
    return to_f32(*t);
  }

  Status hf_vector(const std::string& name, int64_t n, const float** out) {
    auto v = hf_tensor(name, {n});
    if (!v) return v.error();
    *out = reinterpret_cast<const float*>(keep(std::move(v.value())));
    return {};
  }

  // transposed: the checkpoint stores [cols][rows] (Conv1D); Plume wants rows of cols.
  Status hf_matrix(const std::string& name, int64_t rows, int64_t cols, bool transposed, Matrix* out) {
    auto v = hf_tensor(name, transposed ? std::vector<int64_t>{cols, rows} : std::vector<int64_t>{rows, cols});
    if (!v) return v.error();
    std::vector<float> data = std::move(v.value());
    if (transposed) {
      std::vector<float> t(data.size());
      for (int64_t i = 0; i < cols; i++)
        for (int64_t j = 0; j < rows; j++) t[static_cast<size_t>(j * cols + i)] = data[static_cast<size_t>(i * rows + j)];
      data.swap(t);
    }
    *out = Matrix{DType::F32, keep(std::move(data)), rows, cols};
    return {};
  }

  const uint8_t* keep(std::vector<float> data) {
    std::vector<uint8_t> bytes(data.size() * sizeof(float));
    std::memcpy(bytes.data(), data.data(), bytes.size());
    m_.owned_.push_back(std::move(bytes));
    return m_.owned_.back().data();
  }
};

Result<std::shared_ptr<Gpt2Model>> Gpt2Model::from_gguf(BlobPtr file_bytes, const ModelLimits& limits) {
  auto file = GgufFile::parse(file_bytes);
  if (!file) return file.error();
  auto model = std::make_shared<Gpt2Model>();
  model->file_ = file_bytes;
  Gpt2Loader loader(*model);
  loader.limits_ = limits;
  if (auto s = loader.load_gguf(*file); !s) return s.error();
  return model;
}

Result<std::shared_ptr<Gpt2Model>> Gpt2Model::from_hf(BlobPtr safetensors, std::string_view config_json,
                                                      std::string_view vocab_json, std::string_view merges_txt,
                                                      const ModelLimits& limits) {
  auto st = SafetensorsFile::parse(safetensors);
  if (!st) return st.error();
  auto model = std::make_shared<Gpt2Model>();
  model->file_ = safetensors;
  Gpt2Loader loader(*model);
  loader.limits_ = limits;
  if (auto s = loader.load_hf(*st, config_json, vocab_json, merges_txt); !s) return s.error();
  model->file_.reset();  // everything was converted into owned buffers
  return model;
}

}  // namespace plume

namespace plume {

Result<std::shared_ptr<Gpt2Model>> load_model_path(const std::string& path, const ModelLimits& limits) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return make_error("cannot open '", path, "': no such file or directory");
  if (!S_ISDIR(st.st_mode)) {
    auto blob = blob_from_file(path);
    if (!blob) return blob.error();
    return Gpt2Model::from_gguf(*blob, limits);
  }
  auto read_text = [&](const char* name) -> Result<std::string> {
    std::ifstream in(path + "/" + name, std::ios::binary);
    if (!in) return make_error("the Hugging Face directory '", path, "' has no ", name);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  auto config = read_text("config.json");
  if (!config) return config.error();
  auto vocab = read_text("vocab.json");
  if (!vocab) return vocab.error();
  auto merges = read_text("merges.txt");
  if (!merges) return merges.error();
  auto weights = blob_from_file(path + "/model.safetensors");
  if (!weights) return make_error("the Hugging Face directory '", path, "' has no readable model.safetensors");
  return Gpt2Model::from_hf(*weights, *config, *vocab, *merges, limits);
}

}  // namespace plume
