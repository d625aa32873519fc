// Chinese for the engine's error messages from src/wasm/. Keys are skeletons exactly as
// scripts/core-errors.mjs extracts them ("{}" for each value); a translation names the values
// {0}, {1}, ... in any order and must use every one. Fragments are the pieces helper functions
// add to messages (a location, a hint) and are matched inside a message's values.
export default {
  messages: {
    "{} must be a JSON object {file name: text}":
      "{0}必须为 JSON 对象 {文件名: 文本}",
    "{}: '{}' must be text":
      "{0}：“{1}”必须为文本",
    "the template files must be a JSON object {file name: text}":
      "模板文件必须为 JSON 对象 {文件名: 文本}",
    "template file '{}' must be text":
      "模板文件“{0}”必须为文本",
    "the write request is not valid JSON":
      "写作请求不是有效的 JSON",
    "the options are not a JSON object":
      "选项不是 JSON 对象",
    "lang: expected \"en\" or \"zh\"":
      "lang：应为 \"en\" 或 \"zh\"",
    "{}: expected a number from 0 to 1":
      "{0}：应为 0 到 1 之间的数",
    "top: expected 1 to 100":
      "top：应为 1 到 100",
    "partner: expected a partner id":
      "partner：应为合作伙伴 id",
    "unknown option '{}' (history, lang, threshold, minCoverage, top, partner, historyWeight)":
      "未知的选项“{0}”（可用：history、lang、threshold、minCoverage、top、partner、historyWeight）",
    "fine-tuning options must be a JSON object":
      "微调选项必须为 JSON 对象",
    "option {} must be a finite number":
      "选项 {0} 必须为有限的数值",
    "option {} is {}, expected an integer {}..{}":
      "选项 {0} 为 {1}，应为 {2}..{3} 之间的整数",
    "unknown fine-tuning option '{}' (known: steps, lr, minLr, batch, seq, warmup, seed, weightDecay, clip)":
      "未知的微调选项“{0}”（可用：steps、lr、minLr、batch、seq、warmup、seed、weightDecay、clip）",
    "the texts must be an array of strings":
      "训练文本必须为字符串数组",
    "text {} is not a string (nor {\"text\"} / {\"prompt\", \"completion\"})":
      "第 {0} 条文本不是字符串（也不是 {\"text\"} 或 {\"prompt\", \"completion\"}）",
    "{} must be an array of strings":
      "{0} 必须为字符串数组",
    "{} must contain only strings, got {}":
      "{0} 只能包含字符串，却含有 {1}",
    "option {} must be a string":
      "选项 {0} 必须为字符串",
    "option smoothValue must be a number":
      "选项 smoothValue 必须为数字",
    "option maxOrder must be an integer from 1 to {}, got {}":
      "选项 maxOrder 必须为 1 到 {0} 之间的整数，实际为 {1}",
    "option {} must be true or false":
      "选项 {0} 必须为 true 或 false",
    "unknown BLEU option '{}' (known: tokenize, smooth, smoothValue, lowercase, maxOrder, effectiveOrder)":
      "未知的 BLEU 选项“{0}”（可用：tokenize、smooth、smoothValue、lowercase、maxOrder、effectiveOrder）",
    "generation options must be a JSON object":
      "生成选项必须为 JSON 对象",
    "option {} must be an integer, got {}":
      "选项 {0} 必须为整数，实际为 {1}",
    "option mention must be an array of strings (the phrases to mention)":
      "选项 mention 必须为字符串数组（要提及的词语）",
    "option mention must contain only strings":
      "选项 mention 只能包含字符串",
    "option traceAttention must be true or false":
      "选项 traceAttention 必须为 true 或 false",
    "option noRepeatBlocks must be true or false":
      "选项 noRepeatBlocks 必须为 true 或 false",
    "option penalizePrompt must be true or false":
      "选项 penalizePrompt 必须为 true 或 false",
    "option stop must be a string or an array of strings":
      "选项 stop 必须为字符串或字符串数组",
    "option stop must contain only strings":
      "选项 stop 只能包含字符串",
    "unknown generation option '{}'":
      "未知的生成选项“{0}”",
    "options must be an object":
      "选项必须为对象",
    "options.n must be a whole number from 1 to 16":
      "options.n 必须为 1 到 16 之间的整数",
    "options.seed must be a whole number, 0 or more":
      "options.seed 必须为非负整数",
    "options.metric must be a text":
      "options.metric 必须为文本",
    "options.alpha must be between 0 and 1":
      "options.alpha 必须在 0 到 1 之间",
    "unknown option '{}' (known: n, seed, metric, alpha)":
      "未知的选项“{0}”（可用：n、seed、metric、alpha）",
    "no recommender with handle {} (freed, or never created)":
      "没有句柄为 {0} 的推荐器（已释放或从未创建）",
    "history must be an array of item ids or {item, value} objects":
      "history 必须为商品 id 或 {item, value} 对象组成的数组",
    "history entry {}: value must be a positive number":
      "history 第 {0} 项：value 必须为正数",
    "history entry {} must be an item id or {item, value}":
      "history 第 {0} 项必须为商品 id 或 {item, value}",
    "history entry {}: unknown item '{}'":
      "history 第 {0} 项：未知的商品“{1}”",
    "option {} must be a string or an array of strings":
      "选项 {0} 必须为字符串或字符串数组",
    "option {} must hold strings":
      "选项 {0} 只能包含字符串",
    "option {} must be a number from {} to {}":
      "选项 {0} 必须为 {1} 到 {2} 之间的数",
    "{} is not valid JSON (or holds text that is not valid Unicode)":
      "{0}不是有效的 JSON（或含有无效的 Unicode 文本）",
    "{}: {}":
      "{0}：{1}",
    "template options must be a JSON object":
      "模板选项必须为 JSON 对象",
    "option {} must be an integer from 1 to {}, got {}":
      "选项 {0} 必须为 1 到 {1} 之间的整数，实际为 {2}",
    "option strict must be true or false":
      "选项 strict 必须为 true 或 false",
    "unknown template option '{}' (known: strict, maxDepth, maxOutputBytes)":
      "未知的模板选项“{0}”（可用：strict、maxDepth、maxOutputBytes）",
  },
  fragments: {
    "the workspace files":
      "工作区文件",
    "the template files":
      "模板文件",
    "the review store":
      "审核记录",
    "the decision":
      "审核决定",
    "the filter":
      "筛选条件",
    "BLEU options":
      "BLEU 选项",
    "self-BLEU options":
      "self-BLEU 选项",
    "ROUGE options":
      "ROUGE 选项",
    "Spark options":
      "Spark 选项",
    "channel options":
      "渠道选项",
    "brand rules":
      "品牌规则",
  },
};
