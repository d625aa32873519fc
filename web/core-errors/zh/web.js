// Chinese for the page's own error messages (web/*.js and web/views/*.js). Keys are skeletons
// exactly as scripts/core-errors.mjs extracts them ("{}" for each ${value}); a translation names
// the values {0}, {1}, ... in any order and must use every one.
// Parameter and option names (files, template, onToken, timeoutMs...) stay in English: they are
// what a developer types. Fragments: the English pieces the JS modules put into their messages
// (describeType's "an array", the `what` names such as 'the experiment', plume.js's option rules)
// and the browser's own messages our messages wrap (V8's JSON.parse errors, fetch failures).
// V8's JSON.parse messages that end "at position N" (Node), or "at position N (line L column C)"
// (Chromium): each in both forms, so the position's own parenthesis stays with it.
const JSON_AT_POSITION = [
  ['Unexpected number in JSON', 'JSON 中有意外的数字'],
  ['Unexpected string in JSON', 'JSON 中有意外的字符串'],
  ['Unterminated string in JSON', 'JSON 中的字符串没有结束'],
  ["Expected property name or '}' in JSON", "JSON 中应为属性名或 '}'"],
  ["Expected ',' or ']' after array element in JSON", "JSON 中数组元素后应为 ',' 或 ']'"],
  ["Expected ',' or '}' after property value in JSON", "JSON 中属性值后应为 ',' 或 '}'"],
  ["Expected ':' after property name in JSON", "JSON 中属性名后应为 ':'"],
  ['Expected double-quoted property name in JSON', 'JSON 中的属性名应使用双引号'],
  ['Unexpected non-whitespace character after JSON', 'JSON 结束后还有多余的字符'],
  ['Bad escaped character in JSON', 'JSON 中有错误的转义字符'],
  ['Bad control character in string literal in JSON', 'JSON 的字符串中有控制字符'],
  ['Bad Unicode escape in JSON', 'JSON 中有错误的 Unicode 转义'],
  ['No number after minus sign in JSON', 'JSON 中负号后没有数字'],
  ['Exponent part is missing a number in JSON', 'JSON 中数字的指数部分缺少数字'],
  ['Unterminated fractional number in JSON', 'JSON 中的小数没有结束'],
];
const jsonAtPosition = Object.fromEntries(JSON_AT_POSITION.flatMap(([en, zh]) => [
  [`${en} at position {}`, `${zh}，位置 {0}`],
  [`${en} at position {} (line {} column {})`, `${zh}，位置 {0}（第 {1} 行第 {2} 列）`],
]));

export default {
  messages: {
    // attention-trace.js
    'output token {} does not exist (the sequence has {})': '输出词元 {0} 不存在（序列共有 {1} 个词元）',
    // campaign-client.js, campaign-worker.js, campaign.js
    'the campaign worker stopped: {}': '营销活动的后台线程已停止：{0}',
    '{}: HTTP {}': '{0}：请求失败（HTTP {1}）',
    'no campaign workspace is open': '没有打开的营销活动工作区',
    'unknown request {}': '未知的请求 {0}',
    '{} must be an object {file name: text}': '{0}必须是对象 {file name: text}',
    '{}: {} must be text': '{0}：{1} 必须是文本',
    'loadModel expects the GGUF file as a Uint8Array or ArrayBuffer': 'loadModel 需要以 Uint8Array 或 ArrayBuffer 形式传入 GGUF 文件',
    'not enough memory for a {}-byte model': '内存不足，无法载入 {0} 字节的模型',
    'unknown run option {} (known: {}, format, batch, onProgress, shouldCancel, signal)':
      '未知的运行选项 {0}（可用选项：{1}, format, batch, onProgress, shouldCancel, signal）',
    'outcomes expects the CSV as text': 'outcomes 需要以文本形式传入 CSV',
    'this campaign workspace was freed': '该营销活动工作区已释放',
    // channels.js
    'checkChannel: text must be a string': 'checkChannel：text 必须是字符串',
    'checkChannel: channel must be one of {}': 'checkChannel：channel 必须是以下之一：{0}',
    'checkBrand: text must be a string': 'checkBrand：text 必须是字符串',
    // ecosystem.js
    'the manifest cannot be turned into JSON: {}': '品牌清单无法转换为 JSON：{0}',
    'import source must be a string, Uint8Array, ArrayBuffer, Blob/File or an async iterable of bytes':
      '导入源必须是字符串、Uint8Array、ArrayBuffer、Blob/File 或字节的异步可迭代对象',
    'this ecosystem was freed': '该生态已释放',
    'chunkSize must be a positive integer': 'chunkSize 必须是正整数',
    'partnerId must be a string': 'partnerId 必须是字符串',
    // engine-loader.js
    'could not load the WASM engine from {} ({}). Build it with scripts/build.':
      '无法从 {0} 加载 WASM 引擎（{1}），请先用 scripts/build 构建',
    'could not read the WASM engine {} ({}). Build it with scripts/build.':
      '无法读取 WASM 引擎 {0}（{1}），请先用 scripts/build 构建',
    // experiment.js, experiment-stats.js
    '{} cannot be turned into JSON: {}': '{0}无法转换为 JSON：{1}',
    '{} must be JSON data (not a function or undefined)': '{0}必须是 JSON 数据（不能是函数或 undefined）',
    'track: the log must be an array': 'track：日志必须是数组',
    'track: the event must be an object': 'track：事件必须是对象',
    'track: event.type must be a non-empty string': 'track：event.type 必须是非空字符串',
    'track: event.user must be a non-empty string': 'track：event.user 必须是非空字符串',
    'track: an exposure needs experiment and variation (use the exposure of an assign() result)':
      'track：曝光事件需要 experiment 和 variation（请使用 assign() 结果中的 exposure）',
    'track: event.value must be a finite number, got {}': 'track：event.value 必须是有限数，实际值：{0}',
    'parseEvents: the text must be a string': 'parseEvents：文本必须是字符串',
    // faq.js
    '{} must be a string, Uint8Array or ArrayBuffer': '{0}必须是字符串、Uint8Array 或 ArrayBuffer',
    'unknown FAQ option {} (known: {})': '未知的 FAQ 选项 {0}（可用选项：{1}）',
    'this FAQ knowledge base was freed': '该 FAQ 知识库已释放',
    'question must be a non-empty string': 'question 必须是非空字符串',
    'generating an answer needs the template library: files (fetchTemplateLibrary())':
      '生成回答需要模板库：files（fetchTemplateLibrary()）',
    'evaluate takes retrieval options only': 'evaluate 只接受检索选项',
    // idb.js
    'IndexedDB request failed': 'IndexedDB 请求失败',
    'this browser has no IndexedDB: the workspace is kept only until the tab closes':
      '此浏览器不支持 IndexedDB：工作区只保留到标签页关闭为止',
    'IndexedDB could not be opened': '无法打开 IndexedDB',
    'the workspace database is held by another tab of this page': '工作区数据库正被本页面的另一个标签页占用',
    'IndexedDB transaction failed': 'IndexedDB 事务失败',
    'IndexedDB transaction aborted (is the disk full?)': 'IndexedDB 事务已中止（磁盘是否已满？）',
    // metrics.js
    '{} must be a string': '{0}必须是字符串',
    '{} is not valid Unicode: a lone surrogate at index {}': '{0}不是有效的 Unicode：下标 {1} 处有孤立的代理项',
    'references must be an array of reference streams': 'references 必须是参考文本流的数组',
    // model-cache.js
    '{} is not JSON ({})': '{0} 不是 JSON（{1}）',
    '{} does not describe a cached model ({})': '{0} 不是有效的模型缓存描述（{1}）',
    'only a model loaded from your own files can be cached': '只有从您自己的文件加载的模型才能缓存',
    '{} is missing from the cache': '缓存中缺少 {0}',
    '{} has {} bytes, expected {}': '{0} 有 {1} 字节，应为 {2} 字节',
    '{}: SHA-256 {}… does not match the stored {}…': '{0}：SHA-256 {1}… 与保存的 {2}… 不一致',
    // plume-core.js
    'the engine has no function {}: rebuild it with scripts/build': '引擎没有函数 {0}：请用 scripts/build 重新构建',
    // plume.js
    'timeoutMs must be a number of milliseconds > 0 (got {})': 'timeoutMs 必须是大于 0 的毫秒数（实际值：{0}）',
    '{}: expected a URL, a file path, an ArrayBuffer, a Uint8Array or a File/Blob, got {}':
      '{0}：应为 URL、文件路径、ArrayBuffer、Uint8Array 或 File/Blob，实际值：{1}',
    '{}: the URL is empty': '{0}：URL 为空',
    '{}: {} is not a valid URL': '{0}：{1} 不是有效的 URL',
    '{}: expected its text, a URL, a file path, bytes or a File/Blob, got {}':
      '{0}：应为文件文本、URL、文件路径、字节或 File/Blob，实际值：{1}',
    'no model given: pass {model: url | ArrayBuffer | Uint8Array | File | {safetensors, config, vocab, merges}}':
      '未指定模型：请传入 {model: url | ArrayBuffer | Uint8Array | File | {safetensors, config, vocab, merges}}',
    'unknown model part {}: a Hugging Face model is {safetensors, config, vocab, merges}':
      '未知的模型部分 {0}：Hugging Face 模型由 {safetensors, config, vocab, merges} 组成',
    'the Hugging Face model is missing {}: it needs model.safetensors, config.json, vocab.json and merges.txt':
      'Hugging Face 模型缺少 {0}：需要 model.safetensors、config.json、vocab.json 和 merges.txt',
    'generate options must be an object, got {}': '生成选项必须是对象，实际值：{0}',
    // The hint after the option's name ("did you mean", "known: ...") is a fragment below.
    'unknown generate option {}{}': '未知的生成选项 {0}{1}',   // {1}: the hint, below
    // {1} is one of plume.js's rules ("an integer ≥ 1"), a fragment below.
    '{} must be {} (got {})': '{0} 必须是{1}（实际值：{2}）',
    'stop must be a non-empty string or an array of non-empty strings (got {})':
      'stop 必须是非空字符串或非空字符串的数组（实际值：{0}）',
    'onToken must be a function (got {})': 'onToken 必须是函数（实际值：{0}）',
    'signal must be an AbortSignal (got {})': 'signal 必须是 AbortSignal（实际值：{0}）',
    '{} must be a string (got {})': '{0} 必须是字符串（实际值：{1}）',
    'onProgress must be a function (got {})': 'onProgress 必须是函数（实际值：{0}）',
    'token ids must be an array of integers (got {})': '词元 id 必须是整数数组（实际值：{0}）',
    'token ids must be integers ≥ 0 (item {} is {})': '词元 id 必须是大于等于 0 的整数（下标 {0} 处为 {1}）',
    'the prompt is empty: GPT-2 needs at least one token to continue from': '提示词为空：GPT-2 至少需要一个词元才能接着生成',
    "format must be 'text' or 'jsonl' (got {})": "format 必须是 'text' 或 'jsonl'（实际值：{0}）",
    'texts must be an array of strings, a string, bytes or a File (got {})':
      'texts 必须是字符串数组、字符串、字节或 File（实际值：{0}）',
    "Plume.load expects {model, onProgress?}, e.g. Plume.load({model: '../models/plume-default.gguf'})":
      "Plume.load 需要参数 {model, onProgress?}，例如 Plume.load({model: '../models/plume-default.gguf'})",
    'unknown Plume.load option {} (known: model, onProgress, engineUrl)':
      '未知的 Plume.load 选项 {0}（可用选项：model, onProgress, engineUrl）',
    // prompt-experiment.js
    'variant {}: the template library has no {} (use a full name such as "sms.zh")':
      '变体 {0}：模板库中没有 {1}（请使用完整名称，例如 "sms.zh"）',
    '{} is not valid JSON ({})': '{0} 不是有效的 JSON（{1}）',
    'files must be the template library (fetchTemplateLibrary())': 'files 必须是模板库（fetchTemplateLibrary()）',
    'the prompt experiment was cancelled': '提示词实验已取消',
    // recommend-client.js, recommend-worker.js, recommend.js
    'the recommender worker failed: {}': '推荐后台线程出错：{0}',
    'the recommender was stopped': '推荐已停止',
    'the recommender is not trained yet': '推荐模型尚未训练',
    '{} must be a string (CSV or JSON text)': '{0} 必须是字符串（CSV 或 JSON 文本）',
    'history must be an array of item ids or {item, value}': 'history 必须是由商品 id 或 {item, value} 组成的数组',
    // review.js
    'the review store must be an object from emptyStore() or decide()': '审核记录必须是 emptyStore() 或 decide() 返回的对象',
    'decide: the decision must be an object {action, template, language, input, candidate, reviewer, …}':
      'decide：审核决定必须是对象 {action, template, language, input, candidate, reviewer, …}',
    'exportExamples: template must be a full name such as "sms.zh"': 'exportExamples：template 必须是完整名称，例如 "sms.zh"',
    'exportFinetune: files must be the template library {file name: text} (see fetchTemplateLibrary)':
      'exportFinetune：files 必须是模板库 {file name: text}（见 fetchTemplateLibrary）',
    // templates.js
    'the template must be a string': '模板必须是字符串',
    'the template is not valid Unicode: a lone surrogate at index {}': '模板不是有效的 Unicode：下标 {0} 处有孤立的代理项',
    'options.partials must be an object of name: template text': 'options.partials 必须是“名称: 模板文本”形式的对象',
    'the template data cannot be turned into JSON: {}': '模板数据无法转换为 JSON：{0}',
    'the template data must be JSON (not a function or symbol)': '模板数据必须是 JSON（不能是函数或 symbol）',
    'the engine has no function renderTemplate: rebuild it with scripts/build': '引擎没有 renderTemplate 函数：请用 scripts/build 重新构建',
    // widget-bundle.js, widget.js
    'products[{}] must be an object': 'products[{0}] 必须是对象',
    'products[{}] has no id': 'products[{0}] 没有 id',
    'interactions must be CSV text or an array': 'interactions 必须是 CSV 文本或数组',
    'products must be a non-empty array': 'products 必须是非空数组',
    'product {} is listed twice': '商品 {0} 重复出现',
    'experiment.variations must name the variants': 'experiment.variations 必须列出各变体的名称',
    "variant '{}' has no template ({template: {en, zh}})": '变体“{0}”没有模板（{template: {en, zh}}）',
    // {1} is the variant's field, template or prompt; {3} the engine's message.
    "variant '{}' {} ({}): {}": '变体“{0}”的 {1}（{2}）：{3}',
    'the bundle {} could not be loaded (HTTP {})': '无法加载组件数据包 {0}（HTTP {1}）',
    'the bundle {} is not valid JSON ({})': '组件数据包 {0} 不是有效的 JSON（{1}）',
    'the prompts {} could not be loaded (HTTP {})': '无法加载提示词 {0}（HTTP {1}）',
    // workspace.js
    'a data file must be a File, bytes or text': '数据文件必须是 File、字节或文本',
    '{} must be an object {name, format, text}': '{0} 必须是对象 {name, format, text}',
    "{}.text must be the file's text": '{0}.text 必须是文件的文本',
    '{}.format must be "csv" or "json" (got {})': '{0}.format 必须是 "csv" 或 "json"（实际值：{1}）',
    'unknown data set {} (known: {})': '未知的数据集 {0}（可用的有：{1}）',
    'the workspace file is not valid JSON: {}': '工作区文件不是有效的 JSON：{0}',
    'not a Plume workspace file: "format" must be "{}" (got {})': '不是 Plume 工作区文件："format" 必须是 "{0}"（实际值：{1}）',
    'the workspace file has no "data" object': '工作区文件中没有 "data" 对象',
    'data.reviews must be an array': 'data.reviews 必须是数组',
    'data.settings must be an object': 'data.settings 必须是对象',
    'could not read {}: HTTP {}': '无法读取 {0}：HTTP {1}',
    // write.js
    'could not read the template file {} ({})': '无法读取模板文件 {0}（{1}）',
    'could not read the template file {}: HTTP {}': '无法读取模板文件 {0}：HTTP {1}',
    'templates/index.json is not valid JSON ({})': 'templates/index.json 不是有效的 JSON（{0}）',
    'templates/index.json must be {"files": [...]}': 'templates/index.json 必须是 {"files": [...]}',
    'files must be an object {file name: text} (see fetchTemplateLibrary)': 'files 必须是对象 {file name: text}（见 fetchTemplateLibrary）',
    'template file {} must be text': '模板文件 {0} 必须是文本',
    'write needs an engine from Plume.load()': 'write 需要 Plume.load() 返回的引擎',
    'template must be a template name, e.g. "email"': 'template 必须是模板名称，例如 "email"',
    "lang must be 'en' or 'zh' (got {})": "lang 必须是 'en' 或 'zh'（实际值：{0}）",
    'unknown write option {} (known: files, template, lang, {}, onToken, signal, timeoutMs)':
      '未知的 write 选项 {0}（可用选项：files, template, lang, {1}, onToken, signal, timeoutMs）',
  },
  fragments: {
    // The `what` of the modules' checks (toJson(value, 'the experiment'), textOf(jsonl, 'the FAQ')...).
    'the workspace files': '工作区文件',
    'the FAQ': 'FAQ 数据',
    'the held-out questions': '留出的测试问题',
    'the hypothesis': '候选文本',
    'the target': '目标文本',
    'the prediction': '预测文本',
    'reference stream {}': '参考文本流 {0}',
    'the experiment': '实验',
    'the context': '上下文',
    'the condition': '条件',
    'the attributes': '属性',
    'the saved groups': '已保存的分组',
    'the events': '事件',
    'the options': '选项',
    'the experiment data': '实验数据',
    'the posterior input': '后验计算的输入',
    'the p-values': 'p 值',
    // (the other stats inputs' names, the sampling ranges and jsonErrorWhere's "line {}, column {}: {}"
    // are fragments of the experiment, model and prompt rooms)
    // plume.js describeType(x): what a wrong value was ("got an array").
    'an array': '数组',
    'an object': '对象',
    'a Object': '对象',
    'a Promise': 'Promise 对象',
    'a Map': 'Map 对象',
    'a Set': 'Set 对象',
    'a Date': 'Date 对象',
    'a Uint8Array': 'Uint8Array 对象',
    'a ArrayBuffer': 'ArrayBuffer 对象',
    'a Blob': 'Blob 对象',
    'a File': 'File 对象',
    'a AbortController': 'AbortController 对象',
    'string "{}"': '字符串 "{0}"',
    'number {}': '数字 {0}',
    'boolean {}': '布尔值 {0}',
    'function {}': '函数 {0}',
    'undefined undefined': '未定义（undefined）',
    // plume.js validateOptions: the rule in "{key} must be {rule} (got {value})".
    'an integer ≥ 1': '大于等于 1 的整数',
    'an integer ≥ 0': '大于等于 0 的整数',
    'an integer ≥ 0 (0 = off)': '大于等于 0 的整数（0 = 关闭）',
    'a finite number ≥ 0 (0 = greedy)': '大于等于 0 的有限数（0 = 贪心解码）',
    'a finite number > 0 (1 = off)': '大于 0 的有限数（1 = 关闭）',
    'true (penalties see the prompt too, as transformers) or false (the output only)':
      ' true（惩罚也作用于提示词，与 transformers 相同）或 false（只作用于输出）',
    'true or false': ' true 或 false',
    'an array of at most 32 phrases (strings of at most 200 bytes of UTF-8)': '最多 32 个短语的数组（每个短语为不超过 200 字节 UTF-8 的字符串）',
    'a number in [0, 100] (0 = off)': '区间 [0, 100] 内的数（0 = 关闭）',
    // plume.js: the hint after an unknown generate option's name.
    // (JSON.stringify'd: the double quotes keep these off the C++ messages' single-quoted hints.)
    '"{}" (did you mean "{}"?)': '"{0}"（您是否要输入 "{1}"？）',
    '"{}" (known: {})': '"{0}"（可用选项：{1}）',
    // A worker's error event without a message (campaign-client.js, recommend-client.js).
    'unknown error': '未知错误',
    // The browser's JSON.parse messages (V8: Chromium, Node), wrapped by "not valid JSON" messages.
    'Unexpected end of JSON input': 'JSON 意外结束',
    "Unexpected token '{}', {} is not valid JSON": '意外的字符“{0}”，{1} 不是有效的 JSON',
    '"{}" is not valid JSON': '"{0}" 不是有效的 JSON',
    ...jsonAtPosition,
    // jsonErrorWhere's location before Chromium's message, whose own location ends in a parenthesis: one
    // piece, before the experiment room's "line {}, column {} ({})" reads that parenthesis as a column name.
    'line {}, column {}: {} (line {} column {})': '第 {0} 行第 {1} 列：{2}（第 {3} 行第 {4} 列）',
    // A JSON file's name before V8's message that has no position (workspace.js importData).
    "{}: Unexpected token '{}', {} is not valid JSON": '{0}：意外的字符“{1}”，{2} 不是有效的 JSON',
    // The browser's JSON.stringify messages, wrapped by "cannot be turned into JSON".
    'Do not know how to serialize a BigInt': '无法序列化 BigInt 值',
    "Converting circular structure to JSON\n    --> starting at object with constructor '{}'\n    --- property '{}' closes the circle":
      '含有循环引用，无法转换为 JSON（从构造函数为“{0}”的对象开始，属性“{1}”形成循环）',
    "Converting circular structure to JSON\n    --> starting at object with constructor '{}'\n    {}\n    --- property '{}' closes the circle":
      '含有循环引用，无法转换为 JSON（从构造函数为“{0}”的对象开始，经过{1}，属性“{2}”形成循环）',
    "|     property '{}' -> object with constructor '{}'": '属性“{0}”→ 构造函数为“{1}”的对象',
    // fetch() and import() failures, wrapped by "could not read ...".
    'Failed to fetch': '网络请求失败',
    'fetch failed': '网络请求失败',
    'Failed to fetch dynamically imported module: {}': '无法获取动态导入的模块：{0}',
    "Cannot find module '{}' imported from {}": '找不到由 {1} 导入的模块“{0}”',
    "ENOENT: no such file or directory, open '{}'": 'ENOENT：没有文件或目录“{0}”',
  },
};
