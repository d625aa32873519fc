// Every string the page shows, in English and Chinese. Keys are shared; `{name}` is replaced
// by the matching parameter. Model and user text never goes through here.

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
    'options.stop': 'Stop strings (separate with |, \\n = new line)',
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
    'error.crashed': 'The engine stopped: {message} Load a model again to continue.',

    'footer.privacy': 'Runs entirely in this browser tab: nothing you type or load leaves this computer.',
  },
  zh: {
    'page.title': 'Plume — 浏览器内营销文案生成',
    'brand.tagline': '在浏览器中生成营销文案',
    'lang.label': '语言',

    'model.title': '模型',
    'model.drop': '将 .gguf 文件拖放到这里,或拖入 Hugging Face 的四个文件:model.safetensors、config.json、vocab.json、merges.txt。',
    'model.choose': '选择文件…',
    'model.useDefault': '内置模型',
    'model.none': '尚未加载模型。',
    'model.downloading': '正在读取模型… {loaded} / {total}',
    'model.downloadingUnknown': '正在读取模型… {loaded}',
    'model.preparing': '正在准备模型…',
    'model.ready': '已就绪:{name}',
    'model.failed': '模型无法加载。',
    'model.badSelection': '请选择一个 .gguf 文件,或同时选择 Hugging Face 的四个文件(model.safetensors、config.json、vocab.json、merges.txt)。当前选择:{names}',

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
    'prompt.overMaxLength': '{n} 个词元:已达到最大长度({max}),不会生成新内容',
    'prompt.overContext': '{n} 个词元:超过模型的上下文长度({context})',

    'options.title': '生成参数',
    'options.maxLength': '最大长度(提示词 + 新内容)',
    'options.maxNewTokens': '最多新词元',
    'options.numReturnSequences': '候选数量',
    'options.seed': '随机种子',
    'options.temperature': '温度(0 = 贪心)',
    'options.topK': 'Top-k(0 = 关闭)',
    'options.topP': 'Top-p',
    'options.minP': 'Min-p',
    'options.repetitionPenalty': '重复惩罚',
    'options.noRepeatNgramSize': '禁止重复 n 元组',
    'options.stop': '停止字符串(用 | 分隔,\\n 表示换行)',
    'options.noLimit': '不限',
    'options.badNumber': '“{label}”不是数字:{value}',

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
    'stats.final': '每秒 {speed} 个词元 · 生成 {n} 个词元 · 提示词 {prompt} 个词元(每秒 {promptSpeed} 个)',

    'error.title': '出现问题',
    'error.load': '模型加载失败:{message}',
    'error.generate': '生成失败:{message}',
    'error.unexpected': '意外错误:{message}',
    'error.crashed': '引擎已停止:{message} 请重新加载模型后继续。',

    'footer.privacy': '完全在本浏览器标签页中运行:您输入或加载的任何内容都不会离开这台电脑。',
  },
};

/** The page language to start with: Chinese for zh-* browsers, English otherwise. */
export function defaultLanguage(navigatorLanguages = []) {
  for (const l of navigatorLanguages) {
    const base = String(l).toLowerCase().split('-')[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return 'en';
}

/** Looks a key up and fills in `{name}` parameters; falls back to English, then to the key. */
export function translate(lang, key, params = {}) {
  const text = STRINGS[lang]?.[key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}
