// Chinese for the engine's error messages from src/ecosystem/. Keys are skeletons exactly as
// scripts/core-errors.mjs extracts them ("{}" for each value); a translation names the values
// {0}, {1}, ... in any order and must use every one. Fragments are the pieces helper functions
// add to messages (a location, a hint) and are matched inside a message's values.
export default {
  messages: {
    "{}: empty product id":
      "{0}：商品 id 为空",
    "{}: empty title":
      "{0}：标题为空",
    "{}: '{}' is not a price (a number and a currency code: 19.99 USD)":
      "{0}：“{1}”不是有效的价格（应为数字加货币代码，如 19.99 USD）",
    "{}: '{}' is not in_stock, out_of_stock, preorder or backorder{}":
      "{0}：“{1}”不是 in_stock、out_of_stock、preorder 或 backorder{2}",
    "{}: no partner '{}' in the manifest{}":
      "{0}：品牌清单中没有合作伙伴“{1}”{2}",
    "{}: '{}' is a {} partner; products come from product partners":
      "{0}：“{1}”是 {2} 类合作伙伴；商品只能来自 product 类合作伙伴",
    "{}: product '{}' appears again{}":
      "{0}：商品“{1}”重复出现{2}",
    "{}: empty customer id":
      "{0}：客户 id 为空",
    "{}: '{}' is not a language code (en, zh, zh-CN)":
      "{0}：“{1}”不是有效的语言代码（如 en、zh、zh-CN）",
    "{}: empty user":
      "{0}：用户为空",
    "{}: '{}' is not an event type (letters, digits and _: open, click, purchase)":
      "{0}：“{1}”不是有效的事件类型（只能包含字母、数字和 _，如 open、click、purchase）",
    "{}: '{}' is not a channel (email, sms, x, weibo, wechat, google-ads, web-widget, push, web, app, store){}":
      "{0}：“{1}”不是有效的渠道（email、sms、x、weibo、wechat、google-ads、web-widget、push、web、app、store）{2}",
    "{}: '{}' is not an amount (a non-negative number)":
      "{0}：“{1}”不是有效的金额（应为非负数）",
    "{}: no customer has the id, email or phone '{}'":
      "{0}：找不到 id、电子邮件或电话为“{1}”的客户",
    "unknown import kind '{}' (catalog, customers, events){}":
      "未知的导入类型“{0}”（可用：catalog、customers、events）{1}",
    "line {}, column {}: empty column name in the header":
      "第 {0} 行第 {1} 列：表头中的列名为空",
    "line {}, column {}: column '{}' appears twice in the header":
      "第 {0} 行第 {1} 列：列“{2}”在表头中出现了两次",
    "line {}, column {}: '{}' and '{}' are the same column":
      "第 {0} 行第 {1} 列：“{2}”和“{3}”是同一列",
    "line {}: the header has no '{}' column{}":
      "第 {0} 行：表头中没有“{1}”列{2}",
    "line {}: {} fields where the header has {} (an unquoted comma?)":
      "第 {0} 行：有 {1} 个字段，而表头只有 {2} 列（是否有未加引号的逗号？）",
    "line {}: 1 field where the header has {}":
      "第 {0} 行：只有 1 个字段，而表头有 {1} 列",
    "line {}: {} fields where the header has {}":
      "第 {0} 行：有 {1} 个字段，而表头有 {2} 列",
    "the catalog is not valid JSON":
      "商品目录不是有效的 JSON",
    "a JSON catalog is an array of product objects":
      "JSON 商品目录应为商品对象组成的数组",
    "[{}]: expected a product object":
      "[{0}]：应为商品对象",
    "[{}].{}: expected a string or a number":
      "[{0}].{1}：应为字符串或数字",
    "[{}]: no '{}'":
      "[{0}]：缺少“{1}”",
    "JSON import is for catalogs; customers and events are CSV":
      "JSON 只能导入商品目录；客户和事件请使用 CSV",
    "this import has already finished":
      "此次导入已经结束",
    "the file is empty (no header line)":
      "文件为空（没有表头行）",
    "the import was cancelled":
      "导入已取消",
    "the file is larger than the import limit of {} MB: split it into several files (nothing was imported)":
      "文件超过了 {0} MB 的导入上限：请拆分成几个文件（未导入任何数据）",
    "line {}, column {}: a quote inside an unquoted field (quote the whole field and double the quote: \"a \"\"b\"\"\")":
      "第 {0} 行第 {1} 列：未加引号的字段中出现了引号（请给整个字段加上引号，并把其中的引号写两遍：\"a \"\"b\"\"\"）",
    "line {}, column {}: unexpected character after a closing quote (a field is either all quoted or not quoted)":
      "第 {0} 行第 {1} 列：右引号后有多余的字符（字段要么整体加引号，要么完全不加）",
    "line {}, column {}: a quoted field is not closed (the file ends inside it)":
      "第 {0} 行第 {1} 列：带引号的字段没有闭合（文件在该字段中结束）",
    "'{}' is not an email address":
      "“{0}”不是有效的电子邮件地址",
    "'{}' is not a phone number (digits, spaces, - . ( ) and a leading +)":
      "“{0}”不是有效的电话号码（只能包含数字、空格、- . ( ) 和开头的 +）",
    "'{}' has no country code: write it as +<country><number> or set identity.default_country_code in the manifest":
      "“{0}”缺少国家代码：请写成 +<国家代码><号码>，或在品牌清单中设置 identity.default_country_code",
    "'{}' is not an E.164 phone number (a country code and 8 to 15 digits in all)":
      "“{0}”不是有效的 E.164 电话号码（国家代码加号码共 8 到 15 位数字）",
    "'{}' is not a timestamp ({}; use ISO 8601 like 2024-03-05T14:30:00+08:00 or epoch seconds)":
      "“{0}”不是有效的时间戳（{1}；请使用 ISO 8601 格式，如 2024-03-05T14:30:00+08:00，或 Unix 时间戳秒数）",
    "'{}' is not a UTC offset (+08:00, -05:30 or Z)":
      "“{0}”不是有效的 UTC 偏移（如 +08:00、-05:30 或 Z）",
    "'{}' is beyond ±14:00":
      "“{0}”超出了 ±14:00 的范围",
    "a segment condition is a JSON object":
      "分群条件必须为 JSON 对象",
    "analysis options: expected an object":
      "分析选项：应为对象",
    "as_of: {}":
      "as_of：{0}",
    "tz: expected a UTC offset such as \"+08:00\"":
      "tz：应为 UTC 偏移，如 \"+08:00\"",
    "tz: {}":
      "tz：{0}",
    "purchase_type: expected an event type":
      "purchase_type：应为事件类型",
    "engagement_types: expected an array of event types":
      "engagement_types：应为事件类型数组",
    "analysis options: unknown key '{}' (as_of, tz, purchase_type, engagement_types)":
      "分析选项：未知的键“{0}”（可用：as_of、tz、purchase_type、engagement_types）",
    "no partner '{}' in the manifest (partners: {})":
      "品牌清单中没有合作伙伴“{0}”（现有合作伙伴：{1}）",
    "k: groups must have at least {} customers (got {})":
      "k：每组至少要有 {0} 位客户（实际为 {1}）",
    "campaigns: expected a list of {id, channel, partner, products}":
      "campaigns：应为 {id, channel, partner, products} 组成的列表",
    "{}: expected an object {id, channel, partner, products}":
      "{0}：应为对象 {id, channel, partner, products}",
    "{}.{}: expected a string":
      "{0}.{1}：应为字符串",
    "{}.id: expected a non-empty string":
      "{0}.id：应为非空字符串",
    "{}.products: expected a list of product ids":
      "{0}.products：应为商品 id 列表",
    "{}.products[{}]: expected a product id":
      "{0}.products[{1}]：应为商品 id",
    "segment {}: {}":
      "分群 {0}：{1}",
    "channel {} does not send in '{}'":
      "渠道 {0} 不支持以“{1}”语言发送",
    "no item to feature":
      "没有可展示的商品",
    "the fallback template: {}":
      "备用模板：{0}",
    "customer {}: {}":
      "客户 {0}：{1}",
    "unknown campaign '{}' (campaigns: {})":
      "未知的营销活动“{0}”（现有营销活动：{1}）",
    "a model run needs a model (or run template-only)":
      "使用模型运行需要先加载模型（或改为仅用模板运行）",
    "limit must be 0 (all) or more":
      "limit 必须为 0（全部）或更大",
    "campaign {} audience: {}":
      "营销活动 {0} 的受众：{1}",
    "not a campaign run state (format \"{}\")":
      "不是营销活动的运行状态（应为格式 \"{0}\"）",
    "run state: {}: expected a string":
      "运行状态：{0}：应为字符串",
    "run state: {}: expected a whole number":
      "运行状态：{0}：应为非负整数",
    "run state: {}: expected an array":
      "运行状态：{0}：应为数组",
    "run state: the audience changed since the run started ({} customers then, {} now): start a new run":
      "运行状态：受众在运行开始后发生了变化（当时 {0} 位客户，现在 {1} 位）：请重新开始运行",
    "run state: the allocation weights changed since the run started: start a new run":
      "运行状态：分配权重在运行开始后发生了变化：请重新开始运行",
    "run state: done ({}) is more than the audience":
      "运行状态：已完成数（{0}）超过了受众人数",
    "'{}' is not 0/1, true/false or yes/no":
      "“{0}”不是“0/1”、“true/false”或“yes/no”",
    "no header line (expected columns: message_id, customer, campaign, variant, ...)":
      "缺少表头行（应有列：message_id、customer、campaign、variant 等）",
    "line 1: missing column '{}'":
      "第 1 行：缺少列“{0}”",
    "line 1: needs a 'message_id' or a 'customer' column":
      "第 1 行：需要“message_id”列或“customer”列",
    "line {}: {} fields, the header has {}":
      "第 {0} 行：有 {1} 个字段，而表头有 {2} 列",
    "line {}, column {} (campaign): empty":
      "第 {0} 行第 {1} 列（campaign）：为空",
    "line {}, column {} (variant): empty":
      "第 {0} 行第 {1} 列（variant）：为空",
    "line {}, column {} (revenue): '{}' is not a number >= 0":
      "第 {0} 行第 {1} 列（revenue）：“{2}”不是大于等于 0 的数字",
    "line {}, column {} (timestamp): {}":
      "第 {0} 行第 {1} 列（timestamp）：{2}",
    "line {}, column {} ({}): {}":
      "第 {0} 行第 {1} 列（{2}）：{3}",
    "line {}: needs a message_id or a customer":
      "第 {0} 行：需要 message_id 或 customer",
    "n must be from 1 to 16, got {}":
      "n 必须为 1 到 16，实际为 {0}",
    "variant {}: {}":
      "变体 {0}：{1}",
    "variant {}, product {}: {}":
      "变体 {0}，商品 {1}：{2}",
    "no model":
      "未加载模型",
    "manifest.json: missing from the workspace":
      "manifest.json：工作区中缺少此文件",
    "{}: missing from the workspace":
      "{0}：工作区中缺少此文件",
    "catalog.csv: missing from the workspace":
      "catalog.csv：工作区中缺少此文件",
    "campaigns.json: missing from the workspace":
      "campaigns.json：工作区中缺少此文件",
    "state.json: not a JSON object":
      "state.json：不是 JSON 对象",
    "state.json: campaigns: expected an object":
      "state.json：campaigns：应为对象",
    "'{}' holds no workspace files (manifest.json, catalog.csv, ...)":
      "“{0}”中没有工作区文件（manifest.json、catalog.csv 等）",
    "cannot write '{}'":
      "无法写入“{0}”",
    "cannot replace '{}'":
      "无法替换“{0}”",
    "the manifest has 1 problem:\n  {}":
      "品牌清单有 1 个问题：\n  {0}",
    "the manifest has {}{} problems:\n  - {}":
      "品牌清单有 {0}{1} 个问题：\n  - {2}",
    "{}: {} problems:\n  - {}":
      "{0}：{1} 个问题：\n  - {2}",
    "{}: expected an object, found {}":
      "{0}：应为对象，实际为{1}",
    "{}: unknown key{}":
      "{0}：未知的键{1}",
    "{}: required":
      "{0}：必填",
    "{}: expected a string, found {}":
      "{0}：应为字符串，实际为{1}",
    "{}: must not be empty":
      "{0}：不能为空",
    "{}: expected {}, found {}":
      "{0}：应为{1}，实际为 {2}",
    "{}: expected {} between {} and {}, found {}":
      "{0}：应为 {2} 到 {3} 之间的{1}，实际为 {4}",
    "{}: expected true or false, found {}":
      "{0}：应为 true 或 false，实际为{1}",
    "{}: expected an array of strings, found {}":
      "{0}：应为字符串数组，实际为{1}",
    "{}: '{}' is listed twice":
      "{0}：“{1}”重复列出",
    "{}: '{}' is not one of {}{}":
      "{0}：“{1}”不是 {2} 之一{3}",
    "{}: '{}' is not a valid id (lower-case letters, digits, '-' and '_', at most 64)":
      "{0}：“{1}”不是有效的 id（只能包含小写字母、数字、“-”和“_”，最多 64 个字符）",
    "{}: name at least one language (en, zh)":
      "{0}：请至少指定一种语言（en、zh）",
    "{}: expected a string or {\"en\": ..., \"zh\": ...}, found {}":
      "{0}：应为字符串或 {\"en\": ..., \"zh\": ...}，实际为{1}",
    "{}: '{}' is not one of the brand's languages":
      "{0}：“{1}”不是品牌的语言之一",
    "{}: '{}' is also a banned word":
      "{0}：“{1}”同时也是禁用词",
    "{}: '{}' is not among the manifest's channels (declare it under \"channels\" first)":
      "{0}：“{1}”不在品牌清单的渠道中（请先在 \"channels\" 下声明）",
    "{}: only sms messages have segments":
      "{0}：只有 sms 消息才有分段",
    "{}: start and end are the same hour (leave send_window out to allow every hour)":
      "{0}：开始和结束是同一小时（如要允许所有时段，请省略 send_window）",
    "{}: expected an array of channels, found {}":
      "{0}：应为渠道数组，实际为{1}",
    "{}: '{}' is already declared at {}":
      "{0}：“{1}”已在 {2} 声明过",
    "{}: required: a channel partner brings at least one channel":
      "{0}：必填：channel 类合作伙伴至少要带来一个渠道",
    "{}: '{}' is not a valid id":
      "{0}：“{1}”不是有效的 id",
    "{}: '{}' is not among the manifest's channels":
      "{0}：“{1}”不在品牌清单的渠道中",
    "{}: '{}' is not a field of {}{}":
      "{0}：“{1}”不是 {2} 的字段{3}",
    "brand.currency: '{}' is not an ISO 4217 code (three capital letters, e.g. CNY, USD)":
      "brand.currency：“{0}”不是有效的 ISO 4217 货币代码（三个大写字母，如 CNY、USD）",
    "brand.timezone: {}":
      "brand.timezone（时区）：{0}",
    "identity.keys: name at least one key (email, phone)":
      "identity.keys：请至少指定一个键（email、phone）",
    "identity.default_country_code: '{}' is not a country calling code (1 to 3 digits, e.g. 86)":
      "identity.default_country_code：“{0}”不是有效的国际电话区号（1 到 3 位数字，如 86）",
    "partners: expected an array of partners, found {}":
      "partners：应为合作伙伴数组，实际为{0}",
    "{}: '{}' is already used by {}":
      "{0}：“{1}”已被 {2} 使用",
    "segments: expected an array of segments, found {}":
      "segments：应为分群数组，实际为{0}",
    "{}: '{}' is already used by another segment":
      "{0}：“{1}”已被另一个分群使用",
    "{}: missing":
      "{0}：缺少此项",
    "{}: expected a non-empty string":
      "{0}：应为非空字符串",
    "{}: expected a string":
      "{0}：应为字符串",
    "{}: expected a string or {\"en\": ..., \"zh\": ...}":
      "{0}：应为字符串或 {\"en\": ..., \"zh\": ...}",
    "{}: unknown template \"{}\"{} (templates: {})":
      "{0}：未知的模板“{1}”{2}（现有模板：{3}）",
    "{}: missing (and the campaign has no template)":
      "{0}：缺少此项（营销活动也没有设置模板）",
    "{}: expected a whole hour from 0 to 23":
      "{0}：应为 0 到 23 之间的整点小时",
    "{}: expected \"recommended\" or \"popular\", found \"{}\"":
      "{0}：应为 \"recommended\" 或 \"popular\"，实际为“{1}”",
    "{}: expected \"experiment\" or \"bandit\", found \"{}\"":
      "{0}：应为 \"experiment\" 或 \"bandit\"，实际为“{1}”",
    "{}: a bandit's weights come from its results (state.json), not the campaign":
      "{0}：多臂老虎机的权重来自它的结果（state.json），不在营销活动中设置",
    "{}: expected an array of {} numbers (one per variant)":
      "{0}：应为 {1} 个数字组成的数组（每个变体一个）",
    "{}: expected a number >= 0":
      "{0}：应为大于等于 0 的数字",
    "{}: the weights must sum to 1, found {}":
      "{0}：权重之和必须为 1，实际为 {1}",
    "{}: expected \"thompson\", \"ucb1\" or \"egreedy\", found \"{}\"":
      "{0}：应为 \"thompson\"、\"ucb1\" 或 \"egreedy\"，实际为“{1}”",
    "{}: only a bandit has an algorithm":
      "{0}：只有多臂老虎机才有算法",
    "{}: expected a number from 0 to 1/variants ({})":
      "{0}：应为 0 到 1/变体数（{1}）之间的数",
    "{}: expected \"opened\", \"clicked\" or \"converted\", found \"{}\"":
      "{0}：应为 \"opened\"、\"clicked\" 或 \"converted\"，实际为“{1}”",
    "{}: missing (a {\"segment\": ID} or a {\"condition\": {...}})":
      "{0}：缺少此项（应为 {\"segment\": ID} 或 {\"condition\": {...}}）",
    "{}: give exactly one of \"segment\" and \"condition\"":
      "{0}：\"segment\" 和 \"condition\" 必须且只能给出一个",
    "{}: unknown segment \"{}\"{}":
      "{0}：未知的分群“{1}”{2}",
    "{}: unknown channel \"{}\"{}":
      "{0}：未知的渠道“{1}”{2}",
    "{}: channel \"{}\" is disabled in the manifest":
      "{0}：渠道“{1}”在品牌清单中已停用",
    "{}: unknown partner \"{}\"{}":
      "{0}：未知的合作伙伴“{1}”{2}",
    "{}: \"{}\" is not a product partner of the manifest":
      "{0}：“{1}”不是品牌清单中的 product 类合作伙伴",
    "{}: expected \"customer\", \"en\" or \"zh\", found \"{}\"":
      "{0}：应为 \"customer\"、\"en\" 或 \"zh\"，实际为“{1}”",
    "{}: expected a whole number from 1 to 10":
      "{0}：应为 1 到 10 之间的整数",
    "{}: expected an array of at least 2 variants":
      "{0}：应为至少含 2 个变体的数组",
    "{}: duplicate variant id \"{}\"":
      "{0}：变体 id“{1}”重复",
    "{}: at most 64 variants":
      "{0}：最多 64 个变体",
    "{}: missing ({\"type\": \"experiment\" | \"bandit\", ...})":
      "{0}：缺少此项（{\"type\": \"experiment\" | \"bandit\", ...}）",
    "campaigns: missing":
      "campaigns：缺少此项",
    "campaigns: expected an array":
      "campaigns：应为数组",
    "{}: duplicate campaign id \"{}\"":
      "{0}：营销活动 id“{1}”重复",
    "limits.{}: {} characters, the limit is {}":
      "limits.{0}：{1} 个字符，上限为 {2}",
    "limits.{}: {}":
      "limits.{0}（长度限制）：{1}",
    "limits.{}: {} SMS segments, the channel allows {}":
      "limits.{0}：{1} 条短信分段，渠道最多允许 {2} 条",
    "limits.{}: {} {}, the limit is {}":
      "limits.{0}：{1} {2}，上限为 {3}",
    "customer: does not name {}":
      "customer：没有提到“{0}”",
    "customer: greets {}, not {}":
      "customer：称呼的是“{0}”，而不是“{1}”",
    "outcomes name variant '{}', which the campaign does not have":
      "营销结果中出现了变体“{0}”，但营销活动中没有这个变体",
    "some variants have no delivered messages yet: no comparison":
      "部分变体还没有已送达的消息：暂不比较",
    "line {}, column {}: not valid JSON":
      "第 {0} 行第 {1} 列：不是有效的 JSON",
    "(top level): the manifest is not valid JSON":
      "（顶层）：品牌清单不是有效的 JSON",
    "{}: expected a list of strings":
      "{0}：应为字符串列表",
    "{}[{}]: expected a non-empty string":
      "{0}[{1}]：应为非空字符串",
    "{}: expected a JSON object {\"id\", \"lang\", \"question\", \"answer\", ...}":
      "{0}：应为 JSON 对象 {\"id\", \"lang\", \"question\", \"answer\", ...}",
    "{}: '{}' is missing":
      "{0}：缺少“{1}”",
    "{}: {}: expected a non-empty string":
      "{0}：{1}：应为非空字符串",
    "{}: unknown key '{}' (id, lang, scope, partner, product, question, answer, alternates, facts)":
      "{0}：未知的键“{1}”（可用：id、lang、scope、partner、product、question、answer、alternates、facts）",
    "{}: lang: expected \"en\" or \"zh\", got \"{}\"":
      "{0}：lang：应为 \"en\" 或 \"zh\"，实际为“{1}”",
    "{}: scope: expected \"brand\", \"partner\" or \"product\", got \"{}\"":
      "{0}：scope：应为 \"brand\"、\"partner\" 或 \"product\"，实际为“{1}”",
    "{}: 'partner' is missing (scope \"partner\")":
      "{0}：缺少“partner”（scope 为 \"partner\" 时必填）",
    "{}: 'product' is missing (scope \"product\")":
      "{0}：缺少“product”（scope 为 \"product\" 时必填）",
    "{}: partner: \"{}\" is not a partner in the manifest":
      "{0}：partner：品牌清单中没有合作伙伴“{1}”",
    "{}: facts[{}]: \"{}\" does not occur in the answer":
      "{0}：facts[{1}]：答案中没有出现“{2}”",
    "{}, column {}: not valid JSON ({})":
      "{0}第 {1} 列：不是有效的 JSON（{2}）",
    "{}: id \"{}\" appears twice":
      "{0}：id“{1}”出现了两次",
    "{}: no FAQ entries (one JSON object per line)":
      "{0}：没有问答条目（每行一个 JSON 对象）",
    "history: expected a list of turns [{\"question\", \"id\"?}, ...]":
      "history：应为对话轮次列表 [{\"question\", \"id\"?}, ...]",
    "{}: expected a turn {\"question\", \"id\"?} or a string":
      "{0}：应为一轮对话 {\"question\", \"id\"?} 或字符串",
    "{}.question: expected a string":
      "{0}.question：应为字符串",
    "{}.id: expected a string":
      "{0}.id：应为字符串",
    "{}: expected a JSON object {\"lang\", \"question\", \"id\"}":
      "{0}：应为 JSON 对象 {\"lang\", \"question\", \"id\"}",
    "{}: question: expected a non-empty string":
      "{0}：question：应为非空字符串",
    "{}: id: expected an entry id or null (out of scope)":
      "{0}：id：应为条目 id，或 null（表示超出知识库范围）",
    "{}: id: \"{}\" is not an entry of the knowledge base":
      "{0}：id：“{1}”不是知识库中的条目",
    "{}: lang: expected \"en\" or \"zh\"":
      "{0}：lang：应为 \"en\" 或 \"zh\"",
    "{}: no questions":
      "{0}：没有任何问题",
  },
  fragments: {
    "faq.jsonl line {}":
      "faq.jsonl 第 {0} 行",
    "{}: {}: must not be empty":
      "{0}：{1}：不能为空",
    "{}\n  - {}":
      "{0}\n  - {1}",
    "(top level)":
      "（顶层）",
    "an array":
      "数组",
    "an object":
      "对象",
    "a boolean":
      "布尔值",
    "an integer":
      "整数",
    "a positive integer":
      "正整数",
    "an hour":
      "小时数",
    "a version number":
      "版本号",
    " (did you mean '{}'?)":
      "（您是否要输入“{0}”？）",
    " (is '{}' meant to be '{}'?)":
      "（“{0}”是否应为“{1}”？）",
    " (first on line {})":
      "（首次出现在第 {0} 行）",
    "'{}' is not a timestamp (empty; use ISO 8601 like 2024-03-05T14:30:00+08:00 or epoch seconds)":
      "“{0}”不是有效的时间戳（为空；请使用 ISO 8601 格式，如 2024-03-05T14:30:00+08:00，或 Unix 时间戳秒数）",
    "'{}' is not a timestamp (too many digits; use ISO 8601 like 2024-03-05T14:30:00+08:00 or epoch seconds)":
      "“{0}”不是有效的时间戳（数字位数过多；请使用 ISO 8601 格式，如 2024-03-05T14:30:00+08:00，或 Unix 时间戳秒数）",
  },
};
