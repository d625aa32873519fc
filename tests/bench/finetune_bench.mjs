// Fine-tuning throughput of the WASM engine (one thread, the browser's code path, run in Node):
// wall tokens/s and tokens per CPU-second (what one idle core gives, however loaded the machine
// is), the engine's memory (the WebAssembly heap never shrinks, so its size is the peak) and the
// session's own estimate. Not a test: figures are measured, never asserted.
//   node tests/bench/finetune_bench.mjs [model.gguf] [steps]
import { Plume } from '../../web/plume.js';

const model = process.argv[2] ?? 'models/plume-default.gguf';
const steps = Number(process.argv[3] ?? 10);
// 40 different texts (digits alone would make near duplicates, which cleaning removes).
const A = ['light', 'quiet', 'warm', 'bold', 'soft', 'bright', 'calm', 'quick'];
const B = ['band', 'lamp', 'kettle', 'pillow', 'bottle'];
const ZA = ['轻盈', '安静', '温暖', '大胆', '柔和', '明亮', '从容', '迅捷'];
const ZB = ['手环', '台灯', '水壶', '枕头', '水杯'];
const texts = Array.from({ length: 40 }, (_, i) =>
  i % 2 === 0
    ? `Meet the ${A[i % 8]} ${B[i % 5]}: ${A[(i + 3) % 8]} and made for people who care about the details. It keeps pace with your ${A[(i + 5) % 8]} day, from the first coffee to the last email. Order today and feel the difference.`
    : `这款${ZA[i % 8]}的${ZB[i % 5]}，${ZA[(i + 3) % 8]}地陪伴你的每一天。贴心的细节，${ZA[(i + 5) % 8]}的设计，续航持久，现在就把好习惯带回家。限时优惠，欢迎选购。`);

const engine = await Plume.load({ model });
const info = await engine.info();
const cpu0 = process.cpuUsage();
let first = null;
const r = await engine.finetune(texts, {
  steps, lr: 1e-4,
  onProgress: p => { if (p.phase === 'step' && first === null) first = p; },
});
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const tokens = r.step * r.report.batch * r.report.seq;
console.log(JSON.stringify({
  model, parameters: info.parameters, shape: `${info.blockCount} layers x ${info.embeddingLength}, vocabulary ${info.vocabSize}`,
  batch: r.report.batch, seq: r.report.seq, steps: r.step, tokens,
  wallTokensPerSecond: Math.round(r.tokensPerSecond),
  tokensPerCpuSecond: Math.round(tokens / cpuSeconds),  // includes load-free evaluation and export: a lower bound
  heapMB: Math.round(r.heapBytes / 2 ** 20), estimateMB: Math.round(r.report.memoryBytes / 2 ** 20),
  perplexity: [r.perplexityBefore, r.perplexityAfter].map(x => Number(x.toPrecision(5))),
}));
engine.dispose();
