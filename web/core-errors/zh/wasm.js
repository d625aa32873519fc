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
    "no campaign workspace {}":
      "没有编号为 {0} 的营销活动工作区",
    "the run options are not a JSON object":
      "运行选项不是 JSON 对象",
    "run option {}: expected a whole number >= 0":
      "运行选项 {0}：应为大于等于 0 的整数",
    "run option useModel: expected true or false":
      "运行选项 useModel：应为 true 或 false",
    "no model loaded for this workspace: call loadModel first, or run with useModel: false":
      "此工作区尚未加载模型：请先调用 loadModel，或以 useModel: false 运行",
    "no campaign run {}":
      "没有编号为 {0} 的营销活动运行",
    "format must be jsonl, csv, txt or html":
      "格式必须为 jsonl、csv、txt 或 html",
    "unknown campaign '{}'":
      "未知的营销活动“{0}”",
    "outcomes: {}":
      "营销结果：{0}",
    "outcomes: campaign {} has no variant '{}'":
      "营销结果：营销活动 {0} 没有变体“{1}”",
    "no workspace {} (it was freed or never created)":
      "没有编号为 {0} 的工作区（已释放或从未创建）",
    "no workspace {}":
      "没有编号为 {0} 的工作区",
    "format: expected \"csv\" or \"json\"":
      "format：应为 \"csv\" 或 \"json\"",
    "createUnknownCustomers: expected true or false":
      "createUnknownCustomers：应为 true 或 false",
    "unknown import option '{}' (format, createUnknownCustomers)":
      "未知的导入选项“{0}”（可用：format、createUnknownCustomers）",
    "another import is still open on this workspace: finish or abort it first":
      "此工作区还有一个导入尚未结束：请先完成或取消它",
    "no open import {}":
      "没有编号为 {0} 的进行中导入",
    "unknown segment option '{}' (segment, condition, top, members, as_of, tz, purchase_type, engagement_types)":
      "未知的分群选项“{0}”（可用：segment、condition、top、members、as_of、tz、purchase_type、engagement_types）",
    "segment: expected a segment id":
      "segment：应为分群 id",
    "no segment '{}' in the manifest":
      "品牌清单中没有分群“{0}”",
    "give a segment id (\"segment\") or a condition (\"condition\")":
      "请给出分群 id（\"segment\"）或条件（\"condition\"）",
    "top: expected a non-negative integer":
      "top：应为非负整数",
    "members: expected a non-negative integer":
      "members：应为非负整数",
    "no customer '{}'":
      "没有客户“{0}”",
    "unknown products option '{}' (ids, limit)":
      "未知的商品选项“{0}”（可用：ids、limit）",
    "ids: expected an array of product ids":
      "ids：应为商品 id 数组",
    "ids: expected product ids (strings), got {}":
      "ids：应为商品 id（字符串），实际为 {0}",
    "limit: expected a non-negative integer":
      "limit：应为非负整数",
    "weight of '{}': expected a number":
      "“{0}”的权重：应为数字",
    "a partner view needs a manifest (its partners' data_scope)":
      "合作伙伴视图需要品牌清单（其中合作伙伴的 data_scope）",
    "k: expected a whole number of customers":
      "k：应为客户人数（整数）",
    "unknown partner view option '{}' (campaigns, k)":
      "未知的合作伙伴视图选项“{0}”（可用：campaigns、k）",
    "manifest: {}":
      "品牌清单：{0}",
    "no FAQ knowledge base {} (it was freed or never created)":
      "没有编号为 {0} 的问答知识库（已释放或从未创建）",
    "candidates: expected a list of texts":
      "candidates：应为文本列表",
    "candidates[{}]: expected a string":
      "candidates[{0}]：应为字符串",
    "step count must be 1..1000":
      "步数必须为 1..1000",
    "no fine-tuning in progress: call start first":
      "没有进行中的微调：请先调用 start",
    "references must be an array of reference streams (arrays of strings, one per hypothesis)":
      "references 必须为参考文本组的数组（每组是字符串数组，每条候选文本对应一条）",
    "option stemmer must be true or false":
      "选项 stemmer 必须为 true 或 false",
    "option tokenize must be a string":
      "选项 tokenize 必须为字符串",
    "unknown ROUGE option '{}' (known: stemmer, tokenize)":
      "未知的 ROUGE 选项“{0}”（可用：stemmer、tokenize）",
    "n must be an integer from 1 to {}":
      "n 必须为 1 到 {0} 之间的整数",
    "detokenize expects an array of token ids":
      "detokenize 需要词元 id 数组",
    "detokenize: {} is not a token id of this model (0..{})":
      "detokenize：{0} 不是此模型的词元 id（应为 0..{1}）",
    "no generation in progress: call start first":
      "没有进行中的生成：请先调用 start",
    "no generation to report: call start first":
      "没有可报告的生成结果：请先调用 start",
    "no generation: call start with traceAttention: true first":
      "没有生成结果：请先以 traceAttention: true 调用 start",
    "attention was not traced: pass traceAttention: true to start":
      "未记录注意力：请在调用 start 时传入 traceAttention: true",
    "no model loaded: call loadGguf or loadHf first":
      "尚未加载模型：请先调用 loadGguf 或 loadHf",
    "variants: not valid JSON":
      "variants：不是有效的 JSON",
    "products: not valid JSON":
      "products：不是有效的 JSON",
    "options: not valid JSON":
      "options：不是有效的 JSON",
    "reviews: not valid JSON":
      "reviews：不是有效的 JSON",
    "the experiment input must be a JSON object":
      "实验输入必须为 JSON 对象",
    "languages: one language (\"en\" or \"zh\") per variant expected":
      "languages：每个变体应对应一种语言（\"en\" 或 \"zh\"）",
    "results: one list per variant expected (of one candidate list per product)":
      "results：每个变体应对应一个列表（其中每个商品一个候选列表）",
    "languages: expected texts":
      "languages：应为文本",
    "results[{}]: one candidate list per product expected":
      "results[{0}]：每个商品应对应一个候选列表",
    "files must be a JSON object {name: text or [part texts]}":
      "files 必须为 JSON 对象 {文件名: 文本或 [分段文本]}",
    "files.{} must hold strings":
      "files.{0} 只能包含字符串",
    "files.{} must be a string or an array of strings":
      "files.{0} 必须为字符串或字符串数组",
    "Spark option '{}' must be kind (implicit|explicit), alpha (>= 0) or reg (>= 0)":
      "Spark 选项“{0}”必须为 kind（implicit|explicit）、alpha（>= 0）或 reg（>= 0）",
    "interactions: {}":
      "交互数据：{0}",
    "option user must be a string id":
      "选项 user 必须为字符串 id",
    "unknown user '{}' (pass history for a new visitor)":
      "未知的用户“{0}”（新访客请传入 history）",
    "option {} must be a whole number in range":
      "选项 {0} 必须为允许范围内的整数",
    "unknown option '{}' (user, history, k, categories, partners, priceBands, minPrice, maxPrice, availableOnly, maxPerPartner, roundRobin, explain, explainTop, includeOwned, halfWeight)":
      "未知的选项“{0}”（可用：user、history、k、categories、partners、priceBands、minPrice、maxPrice、availableOnly、maxPerPartner、roundRobin、explain、explainTop、includeOwned、halfWeight）",
    "fold-in needs a factor model (als, bpr, svd or Spark factors), this one is {}":
      "折叠计算（“fold-in”）需要因子模型（als、bpr、svd 或 Spark 因子），当前模型为 {0}",
    "history must be JSON":
      "history 必须为 JSON",
    "item '{}' has no factors (a catalog-only item)":
      "商品“{0}”没有因子（只在商品目录中出现）",
    "format must be \"json\" (one file) or \"files\" (model.json + Spark-shaped factor files)":
      "格式必须为 \"json\"（单个文件）或 \"files\"（model.json 加 Spark 格式的因子文件）",
    "option split must be a string like user:0.8":
      "选项 split 必须为字符串，如 user:0.8",
    "option k must be a whole number from 1 to 100000":
      "选项 k 必须为 1 到 100000 之间的整数",
    "option ratings must be true or false":
      "选项 ratings 必须为 true 或 false",
    "option {} must be a whole number":
      "选项 {0} 必须为整数",
    "unknown option '{}' (users, items, interactions, rank, seed, ratings)":
      "未知的选项“{0}”（可用：users、items、interactions、rank、seed、ratings）",
    "no recommender with handle {}":
      "没有句柄为 {0} 的推荐器",
    "the template files must be an object {file name: text}":
      "模板文件必须为对象 {文件名: 文本}",
    "the template data is not valid JSON (or holds text that is not valid Unicode)":
      "模板数据不是有效的 JSON（或含有无效的 Unicode 文本）",
    "the partials are not valid JSON":
      "子模板不是有效的 JSON",
    "writeBudget expects a list of token counts":
      "writeBudget 需要词元数列表",
    "writeBudget: token counts must be whole numbers, got {}":
      "writeBudget：词元数必须为整数，实际为 {0}",
    "the candidates are not valid JSON":
      "候选文本不是有效的 JSON",
    "writeRank: meta must be a JSON object":
      "writeRank：meta 必须为 JSON 对象",
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
    "the experiment":
      "实验",
    "the context":
      "上下文",
    "the condition":
      "条件",
    "the attributes":
      "属性",
    "the saved groups":
      "已保存的分组",
    "the aggregate options":
      "汇总选项",
  },
};
