// Every string the page shows, in English and Chinese. Keys are shared; `{name}` is replaced
// by the matching parameter. Model and user text never goes through here.

import { localizeMessage } from './core-errors.js';

export const LANGUAGES = ['en', 'zh'];

export const STRINGS = {
  en: {
    'page.title': 'Plume — in-browser marketing copy',
    'brand.tagline': 'Marketing copy generated in your browser',
    'lang.label': 'Language',

    'model.title': 'Model',
    'model.drop': 'Drop a .gguf file here, or the four Hugging Face files: model.safetensors, config.json, vocab.json, merges.txt.',
    'model.choose': 'Choose files…',
    'model.useDefault': 'Built-in model',
    'model.none': 'No model loaded yet.',
    'model.downloading': 'Reading the model… {loaded} of {total}',
    'model.downloadingUnknown': 'Reading the model… {loaded}',
    'model.preparing': 'Preparing the model…',
    'model.ready': 'Ready: {name}',
    'model.failed': 'The model could not be loaded.',
    'model.badSelection': 'Choose one .gguf file, or the four Hugging Face files together (model.safetensors, config.json, vocab.json, merges.txt). Got: {names}',

    'info.name': 'Name',
    'info.architecture': 'Architecture',
    'info.parameters': 'Parameters',
    'info.layers': 'Layers',
    'info.heads': 'Attention heads',
    'info.embedding': 'Embedding size',
    'info.context': 'Context length',
    'info.vocab': 'Vocabulary',
    'info.quantization': 'Weights',
    'info.size': 'File size',
    'info.source': 'Format',
    'info.tokens': '{n} tokens',

    'prompt.title': 'Prompt',
    'prompt.label': 'Prompt text',
    'prompt.tokens': '{n} tokens',
    'prompt.overMaxLength': '{n} tokens: already at the max length ({max}), nothing new would be generated',
    'prompt.overContext': '{n} tokens: longer than the model\'s context ({context})',

    'options.title': 'Generation options',
    'options.maxLength': 'Max length (prompt + new)',
    'options.maxNewTokens': 'Max new tokens',
    'options.numReturnSequences': 'Candidates',
    'options.seed': 'Seed',
    'options.temperature': 'Temperature (0 = greedy)',
    'options.topK': 'Top-k (0 = off)',
    'options.topP': 'Top-p',
    'options.minP': 'Min-p',
    'options.repetitionPenalty': 'Repetition penalty',
    'options.noRepeatNgramSize': 'No-repeat n-gram',
    'options.penalizePrompt': 'Penalties also count the prompt (as transformers)',
    'options.noRepeatBlocks': 'No block repeated three times in a row',
    'options.stop': 'Stop strings (separate with |, \\n = new line)',
    'options.mention': 'Mention: phrases the text should contain (phrase guidance; separate with |)',
    'options.mentionBoost': 'Mention boost (0 = off)',
    'options.noLimit': 'no limit',
    'options.badNumber': '“{label}” is not a number: {value}',

    'action.generate': 'Generate',
    'action.stop': 'Stop',
    'action.copy': 'Copy',
    'action.copied': 'Copied',
    'action.dismiss': 'Dismiss',

    'output.title': 'Candidates',
    'output.empty': 'Generated candidates appear here, side by side.',
    'output.candidate': 'Candidate {n}',
    'output.tokens': '{n} tokens',
    'finish.running': 'writing…',
    'finish.eos': 'finished',
    'finish.stop': 'stop string',
    'finish.length': 'length limit',
    'finish.cancelled': 'stopped',

    'stats.live': '{speed} tokens/s · {n} tokens',
    'stats.final': '{speed} tokens/s · {n} tokens generated · prompt {prompt} tokens ({promptSpeed} tokens/s)',

    'error.title': 'Something went wrong',
    'error.load': 'Loading the model failed: {message}',
    'error.generate': 'Generation failed: {message}',
    'error.unexpected': 'Unexpected error: {message}',
    'error.crashed': 'The engine stopped: {message} Plume is starting it again with the last model that loaded.',

    'ft.title': 'Brand voice',
    'ft.bounds': '20–500 texts · up to 2 MB · up to 2000 steps',
    'ft.intro': 'Teach the loaded model your brand\'s voice with your own texts (product copy, emails, posts). Paste them separated by a blank line, or upload a .txt or .jsonl file. Every 10th text is held out to measure the model before and after. Training runs in this tab; the loaded model is only replaced if you choose to use the tuned one.',
    'ft.placeholder': 'One text per paragraph; leave a blank line between texts.',
    'ft.textsLabel': 'Your texts for fine-tuning',
    'ft.upload': 'Upload .txt / .jsonl…',
    'ft.clearFile': 'Use the text box instead',
    'ft.steps': 'Steps',
    'ft.lr': 'Learning rate',
    'ft.start': 'Start fine-tuning',
    'ft.cancel': 'Cancel',
    'ft.curveLabel': 'Training loss per step',
    'ft.lossAxis': 'loss per step',
    'ft.use': 'Use the tuned model',
    'ft.download': 'Download GGUF',
    'ft.preparing': 'Cleaning and preparing your texts…',
    'ft.evaluating': 'Measuring the model on the held-out texts…',
    'ft.training': 'Step {step} of {steps} · loss {loss} · {speed} tokens/s · {time} s, about {eta} s left',
    'ft.exporting': 'Measuring again and writing the tuned model…',
    'ft.cancelled': 'Cancelled after step {step}. The loaded model is unchanged.',
    'ft.done': 'Done in {seconds} s. Compare the perplexities below, then use or download the tuned model.',
    'ft.inUse': 'The tuned model is now loaded: generate above to try it. “Built-in model” goes back.',
    'ft.data': 'Texts',
    'ft.dataValue': '{kept} of {given} kept (removed: {removed}); {held} held out',
    'ft.none': 'none',
    'ft.listSep': ', ',
    'ft.shape': 'Training shape',
    'ft.shapeValue': 'batch {batch} × {seq} tokens · about {mb} MB of memory',
    'ft.before': 'Held-out perplexity before',
    'ft.after': 'Held-out perplexity after',
    'ft.speed': 'Speed',
    'ft.speedValue': '{speed} tokens/s · engine memory {mb} MB · tuned model {size} MB',
    'ft.removed.not_utf8': 'not UTF-8',
    'ft.removed.empty': 'empty',
    'ft.removed.too_short': 'too short',
    'ft.removed.too_long': 'too long',
    'ft.removed.wrong_language': 'other language',
    'ft.removed.duplicate': 'duplicate',
    'ft.removed.near_duplicate': 'near duplicate',
    'error.finetune': 'Fine-tuning failed: {message}',

    'footer.privacy': 'Runs entirely in this browser tab: nothing you type or load leaves this computer.',
  },
  zh: {
    'page.title': 'Plume — 浏览器内营销文案生成',
    'brand.tagline': '在浏览器中生成营销文案',
    'lang.label': '语言',

    'model.title': '模型',
    'model.drop': '将 .gguf 文件拖放到这里，或拖入 Hugging Face 的四个文件：model.safetensors、config.json、vocab.json、merges.txt。',
    'model.choose': '选择文件…',
    'model.useDefault': '内置模型',
    'model.none': '尚未加载模型。',
    'model.downloading': '正在读取模型… {loaded} / {total}',
    'model.downloadingUnknown': '正在读取模型… {loaded}',
    'model.preparing': '正在准备模型…',
    'model.ready': '已就绪：{name}',
    'model.failed': '模型无法加载。',
    'model.badSelection': '请选择一个 .gguf 文件，或同时选择 Hugging Face 的四个文件（model.safetensors、config.json、vocab.json、merges.txt）。当前选择：{names}',

    'info.name': '名称',
    'info.architecture': '架构',
    'info.parameters': '参数量',
    'info.layers': '层数',
    'info.heads': '注意力头',
    'info.embedding': '嵌入维度',
    'info.context': '上下文长度',
    'info.vocab': '词表',
    'info.quantization': '权重精度',
    'info.size': '文件大小',
    'info.source': '格式',
    'info.tokens': '{n} 个词元',

    'prompt.title': '提示词',
    'prompt.label': '提示词文本',
    'prompt.tokens': '{n} 个词元',
    'prompt.overMaxLength': '{n} 个词元：已达到最大长度（{max}），不会生成新内容',
    'prompt.overContext': '{n} 个词元：超过模型的上下文长度（{context}）',

    'options.title': '生成参数',
    'options.maxLength': '最大长度（提示词 + 新内容）',
    'options.maxNewTokens': '最多新词元',
    'options.numReturnSequences': '候选数量',
    'options.seed': '随机种子',
    'options.temperature': '温度（0 = 贪心）',
    'options.topK': 'Top-k（0 = 关闭）',
    'options.topP': 'Top-p',
    'options.minP': 'Min-p',
    'options.repetitionPenalty': '重复惩罚',
    'options.noRepeatNgramSize': '禁止重复 n 元组',
    'options.penalizePrompt': '惩罚也计入提示词（与 transformers 相同）',
    'options.noRepeatBlocks': '禁止同一片段连续重复三次',
    'options.stop': '停止字符串（用 | 分隔，\\n 表示换行）',
    'options.mention': '需提及的短语（短语引导，用 | 分隔）',
    'options.mentionBoost': '提及强度（0 = 关闭）',
    'options.noLimit': '不限',
    'options.badNumber': '“{label}”不是数字：{value}',

    'action.generate': '生成',
    'action.stop': '停止',
    'action.copy': '复制',
    'action.copied': '已复制',
    'action.dismiss': '关闭',

    'output.title': '候选文案',
    'output.empty': '生成的候选文案将并排显示在这里。',
    'output.candidate': '候选 {n}',
    'output.tokens': '{n} 个词元',
    'finish.running': '生成中…',
    'finish.eos': '已完成',
    'finish.stop': '遇到停止字符串',
    'finish.length': '达到长度上限',
    'finish.cancelled': '已停止',

    'stats.live': '每秒 {speed} 个词元 · 共 {n} 个词元',
    'stats.final': '每秒 {speed} 个词元 · 生成 {n} 个词元 · 提示词 {prompt} 个词元（每秒 {promptSpeed} 个）',

    'error.title': '出现问题',
    'error.load': '模型加载失败：{message}',
    'error.generate': '生成失败：{message}',
    'error.unexpected': '意外错误：{message}',
    'error.crashed': '引擎已停止：{message} Plume 正在用上次成功加载的模型重新启动引擎。',

    'ft.title': '品牌语调',
    'ft.bounds': '20–500 段文本 · 最多 2 MB · 最多 2000 步',
    'ft.intro': '用您自己的文案（产品描述、邮件、社交帖子）让当前模型学会您品牌的语调。粘贴文本并用空行分隔，或上传 .txt / .jsonl 文件。每第 10 段文本留作评估，用于比较微调前后的模型。训练在本标签页中进行；只有在您选择使用微调后的模型时，才会替换当前模型。',
    'ft.placeholder': '每段一条文本；文本之间空一行。',
    'ft.textsLabel': '用于微调的文本',
    'ft.upload': '上传 .txt / .jsonl…',
    'ft.clearFile': '改用文本框',
    'ft.steps': '训练步数',
    'ft.lr': '学习率',
    'ft.start': '开始微调',
    'ft.cancel': '取消',
    'ft.curveLabel': '每步的训练损失',
    'ft.lossAxis': '每步损失',
    'ft.use': '使用微调后的模型',
    'ft.download': '下载 GGUF',
    'ft.preparing': '正在清洗并准备您的文本…',
    'ft.evaluating': '正在用留出文本评估模型…',
    'ft.training': '第 {step} / {steps} 步 · 损失 {loss} · 每秒 {speed} 个词元 · 已用 {time} 秒，约剩 {eta} 秒',
    'ft.exporting': '正在重新评估并写出微调后的模型…',
    'ft.cancelled': '已在第 {step} 步后取消。当前模型未被改动。',
    'ft.done': '完成，用时 {seconds} 秒。请比较下方的困惑度，然后使用或下载微调后的模型。',
    'ft.inUse': '已加载微调后的模型：在上方生成即可试用。点击“内置模型”可恢复。',
    'ft.data': '文本',
    'ft.dataValue': '保留 {kept} / {given} 段（移除：{removed}）；留出 {held} 段',
    'ft.none': '无',
    'ft.listSep': '、',
    'ft.shape': '训练规模',
    'ft.shapeValue': '批量 {batch} × {seq} 个词元 · 约 {mb} MB 内存',
    'ft.before': '微调前的留出困惑度',
    'ft.after': '微调后的留出困惑度',
    'ft.speed': '速度',
    'ft.speedValue': '每秒 {speed} 个词元 · 引擎内存 {mb} MB · 微调模型 {size} MB',
    'ft.removed.not_utf8': '非 UTF-8',
    'ft.removed.empty': '空白',
    'ft.removed.too_short': '过短',
    'ft.removed.too_long': '过长',
    'ft.removed.wrong_language': '其他语言',
    'ft.removed.duplicate': '重复',
    'ft.removed.near_duplicate': '近似重复',
    'error.finetune': '微调失败：{message}',

    'footer.privacy': '完全在本浏览器标签页中运行：您输入或加载的任何内容都不会离开这台电脑。',
  },
};

/**
 * Adds a view's own strings ({en: {...}, zh: {...}}) to the dictionary, so that a new view needs
 * no edit here. A key defined twice keeps the first definition: views cannot overwrite shared text.
 */
export function registerStrings(strings) {
  for (const lang of LANGUAGES) {
    for (const [key, text] of Object.entries(strings?.[lang] ?? {})) STRINGS[lang][key] ??= text;
  }
}

/** The page language to start with: Chinese for zh-* browsers, English otherwise. */
export function defaultLanguage(navigatorLanguages = []) {
  for (const l of navigatorLanguages) {
    const base = String(l).toLowerCase().split('-')[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return 'en';
}

/**
 * Fills `{name}` parameters into `text`. By convention `{message}` always holds an error message,
 * most often the engine's (English): it is shown in `lang` (web/core-errors.js).
 */
export function fillParams(text, params, lang) {
  return text.replace(/\{(\w+)\}/g, (m, name) => {
    if (!(name in params)) return m;
    return String(name === 'message' ? localizeMessage(params[name], lang) : params[name]);
  });
}

/** Looks a key up and fills in `{name}` parameters; falls back to English, then to the key. */
export function translate(lang, key, params = {}) {
  return fillParams(STRINGS[lang]?.[key] ?? STRINGS.en[key] ?? key, params, lang);
}
