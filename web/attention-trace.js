// Attention for one output token (seed §4.1): which earlier tokens the model looked at when it
// produced output token i of a generated sequence. The engine traces the attention of the last
// position of a prompt, so the context (prompt tokens + output tokens before i) is run again as a
// prompt, in the worker, for one greedy step with traceAttention. Pure data in and out; the view
// (web/views/model-attention.js) draws it.

/**
 * @param {PlumeEngine} engine
 * @param {number[]} promptTokens the prompt's token ids
 * @param {number[]} outputTokens the sequence's generated token ids
 * @param {number} index which output token (0-based)
 * @returns {Promise<{layers: number[][][], tokens: number[], exact: boolean}>} layers[layer][head][position];
 *   exact is false when re-reading the context's text gave other tokens than the generation had
 *   (byte-level BPE can merge a sampled pair) — the weights then belong to the re-read tokens.
 */
export async function attentionForOutput(engine, promptTokens, outputTokens, index) {
  if (!Number.isInteger(index) || index < 0 || index >= outputTokens.length) {
    throw new RangeError(`output token ${index} does not exist (the sequence has ${outputTokens.length})`);
  }
  const context = promptTokens.concat(outputTokens.slice(0, index));
  const text = await engine.detokenize(context);
  await engine.generate(text, { maxNewTokens: 1, numReturnSequences: 1, temperature: 0, traceAttention: true });
  const { layers, tokens } = await engine.attention();
  const exact = tokens.length === context.length && tokens.every((id, i) => id === context[i]);
  return { layers, tokens, exact };
}

/**
 * The weights over positions for a layer and head choice: `layer` and `head` are indexes, or -1
 * for the average over all of them. Returns one number per position (each sums to 1 per head).
 */
export function averageWeights(layers, layer = -1, head = -1) {
  const ls = layer < 0 ? layers : [layers[layer]];
  const n = ls[0][0].length;
  const out = new Array(n).fill(0);
  let count = 0;
  for (const heads of ls) {
    for (const row of head < 0 ? heads : [heads[head]]) {
      for (let p = 0; p < n; p++) out[p] += row[p];
      count += 1;
    }
  }
  return out.map(w => w / count);
}

/**
 * Groups token positions into readable pieces: byte-level BPE splits a Chinese character over
 * several tokens, each of which alone decodes to U+FFFD. A group grows until it decodes cleanly.
 * Returns [{text, positions: [..]}]; `decode(ids)` is the engine's detokenize.
 */
export async function readablePieces(tokens, decode) {
  const singles = await Promise.all(tokens.map(id => decode([id])));
  const pieces = [];
  for (let p = 0; p < tokens.length; p++) {
    if (!singles[p].includes('\uFFFD')) { pieces.push({ text: singles[p], positions: [p] }); continue; }
    const group = [p];
    let text = singles[p];
    while (text.includes('\uFFFD') && group.length < 4 && p + 1 < tokens.length) {
      p += 1;
      group.push(p);
      text = await decode(group.map(i => tokens[i]));
    }
    pieces.push({ text, positions: group });
  }
  return pieces;
}
