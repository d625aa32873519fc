// The worker's 'write' request (web/write.js → web/plume-worker.js): candidates → filter → rank
// with the model the worker owns. The same steps as `plume write` natively
// (src/ecosystem/write_model.cpp), split so that the model work uses the engine's own methods
// and everything else runs in C++ (src/wasm/bind_write.cpp):
//   1. writePrepare: validate the template and request, render the prompt with all few-shot
//      examples, without the first, ... (variants);
//   2. count each variant's tokens with the engine's tokenizer; writeBudget picks the first that
//      leaves room for maxNewTokens in the context (or fails, saying by how much);
//   3. generate N sequences in one prompt pass (the worker's generate: streams 'tokens', cancels);
//   4. score each cleaned candidate after the prompt (the model's mean log-probability);
//      a text the scorer cannot take keeps its sampled tokens' log-probabilities;
//   5. writeRank: filter by the channel and brand rules and rank with the score breakdown.

/**
 * @param {{mod: object, call: Function, callOn: Function, generate: Function, UserError: Function,
 *   FatalError: Function}} env the worker's engine access
 * @param {number} id the request id (for token events and cancel)
 * @param {{files: Object<string,string>, template: string, lang?: string, request: object,
 *   cancelled?: boolean}} msg
 */
export async function runWrite(env, id, msg) {
  const { mod, call, callOn, generate, UserError, FatalError } = env;
  if (!msg.files || typeof msg.files !== 'object') throw new UserError('write: files must be an object {file name: text}');
  const files = JSON.stringify(msg.files);
  const request = JSON.stringify(msg.request ?? {});
  const lang = msg.lang ?? '';
  const prep = callOn(mod, 'writePrepare', files, String(msg.template ?? ''), lang, request);
  const { contextLength } = call('info').info;
  const counts = prep.variants.map(v => call('tokenize', v).tokens.length);
  const budget = callOn(mod, 'writeBudget', JSON.stringify(counts), contextLength, prep.generation.maxNewTokens);
  const prompt = prep.variants[budget.variant];
  const gen = await generate(id, { prompt, options: prep.generation, cancelled: msg.cancelled, timeoutMs: msg.timeoutMs });
  const candidates = gen.sequences.map(s => {
    const { text } = callOn(mod, 'writeClean', s.text);
    let meanLogprob = null;
    if (text) {
      try {
        meanLogprob = call('score', prompt, text).meanLogprob;
      } catch (e) {
        if (e instanceof FatalError) throw e;
      }
    }
    return { text: s.text, finishReason: s.finishReason, tokens: s.tokens.length, meanLogprob, logprobs: s.logprobs };
  });
  const meta = { prompt, budget, seed: gen.seed, stats: gen.stats };
  const { ok, ...ranked } = callOn(mod, 'writeRank', files, String(msg.template), lang, request,
    JSON.stringify(candidates), JSON.stringify(meta));
  return ranked;
}
