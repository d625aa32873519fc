#include "ecosystem/write_model.h"

namespace plume {

using nlohmann::json;

Result<WriteResult> write_with_model(std::shared_ptr<const Gpt2Model> model, const prompt::PromptTemplate& t,
                                     const prompt::WriteRequest& request) {
  if (!model) return make_error("no model");
  auto data = prompt::prompt_data(t, request.input, request.examples);
  if (!data) return data.error();
  const prompt::WriteSettings& s = request.settings;
  prompt::TokenCounter count = [&model](std::string_view text) -> Result<int> {
    return static_cast<int>(model->tokenizer().encode(text).size());
  };
  auto fitted = prompt::fit_prompt(t, *data, model->config().n_ctx, s.max_new_tokens, count);
  if (!fitted) return fitted.error();

  GenerateOptions options;
  options.sampling.temperature = static_cast<float>(s.temperature);
  options.sampling.top_k = s.top_k;
  options.sampling.top_p = static_cast<float>(s.top_p);
  options.sampling.repetition_penalty = static_cast<float>(s.repetition_penalty);
  options.max_new_tokens = s.max_new_tokens;
  options.num_return_sequences = s.n;
  options.seed = s.seed;
  options.stop = s.stop;
  options.sampling.no_repeat_blocks = s.no_repeat_blocks;
  options.mention = prompt::guided_mentions(s, prompt::mention_targets(t, (*data)["input"]));  // as the browser's
  options.mention_boost = static_cast<float>(s.mention_boost);
  Generator gen(model);
  if (Status st = gen.start(fitted->prompt, options); !st) return st.error();
  while (!gen.done()) gen.step();

  // Each candidate is scored by the model as cleaned text after the prompt; a text the scorer
  // cannot take (empty, or longer than the context once re-tokenized) keeps its sampled tokens'
  // log-probabilities (the model's unmodified distribution).
  std::vector<prompt::RawCandidate> raw;
  for (const GeneratedSequence& seq : gen.sequences()) {
    prompt::RawCandidate c;
    c.text = seq.text;
    c.finish = finish_reason_name(seq.finish);
    c.tokens = static_cast<int>(seq.tokens.size());
    auto scored = score(*model, fitted->prompt, prompt::clean_candidate(seq.text));
    if (scored) {
      c.mean_logprob = scored->mean_logprob;
    } else if (!seq.logprobs.empty()) {
      double sum = 0;
      for (float lp : seq.logprobs) sum += lp;
      c.mean_logprob = sum / static_cast<double>(seq.logprobs.size());
    }
    raw.push_back(std::move(c));
  }
  auto ranked = prompt::rank_candidates(t, (*data)["input"], raw, request.rules, request.weights);
  if (!ranked) return ranked.error();
  WriteResult r;
  r.prompt = fitted->prompt;
  r.budget = fitted->budget;
  r.examples_total = fitted->examples_total;
  r.seed = gen.seed();
  r.stats = gen.stats();
  r.ranked = std::move(*ranked);
  r.weights = request.weights;
  return r;
}

json write_result_to_json(const prompt::PromptTemplate& t, const WriteResult& r) {
  json j = prompt::ranked_to_json(r.ranked, r.weights);
  j["template"] = t.name;
  j["prompt"] = r.prompt;
  j["promptTokens"] = r.budget.prompt_tokens;
  j["examples"] = {{"total", r.examples_total}, {"dropped", r.budget.dropped}};
  if (!r.budget.note_en.empty()) j["note"] = {{"en", r.budget.note_en}, {"zh", r.budget.note_zh}};
  j["seed"] = r.seed;
  j["stats"] = {{"promptTokens", r.stats.prompt_tokens}, {"generatedTokens", r.stats.generated_tokens}};
  return j;
}

}  // namespace plume
