// Chinese for the engine's error messages from src/experiment/. Keys are skeletons exactly as
// scripts/core-errors.mjs extracts them ("{}" for each value); a translation names the values
// {0}, {1}, ... in any order and must use every one. Fragments are the pieces helper functions
// add to messages (a location, a hint) and are matched inside a message's values.
export default {
  messages: {
    // assign_json.cpp: the GrowthBook experiment and the events aggregation from the studio
    "the experiment must be a JSON object with key and variations": "实验必须为包含 key 和 variations 的 JSON 对象",
    // The value is validate_condition's message, and the condition skeletons match the whole
    // "experiment.condition...: ..." first. But this pattern also matches every nested value that
    // is a path ("experiment.weights[1]" in "{} must be a number, got {}"), so its Chinese must
    // read well in front of a path too.
    "experiment.{}": "实验定义中的 experiment.{0}",
    "attributes must be a JSON object, e.g. {\"country\": \"CN\"}": "attributes 必须为 JSON 对象，例如 {\"country\": \"CN\"}",
    "events format '{}' is not csv or json": "事件格式“{0}”不是 csv 或 json",
    "aggregate options must be a JSON object {experiment, metric, kind}": "汇总选项必须为 JSON 对象 {experiment, metric, kind}",
    "experiment must be the experiment key (a string)": "experiment 必须为实验标识（字符串）",
    "metric must be the event type that counts, e.g. \"purchase\"": "metric 必须为计为转化的事件类型，例如 \"purchase\"",
    "kind must be binomial or continuous": "kind 必须为 binomial 或 continuous",
    "variations must be an array of variation keys": "variations 必须为变体标识的数组",

    // assign.cpp: GrowthBook experiment and context JSON ({} is a JSON path such as experiment.filters[0])
    "{}.{} must be a string, got {}": "{0}.{1} 必须为字符串，实际为 {2}",
    "{}.{} must be true or false, got {}": "{0}.{1} 必须为 true 或 false，实际为 {2}",
    "{} must be a number, got {}": "{0} 必须为数字，实际为 {1}",
    "{}.{} must be an integer, got {}": "{0}.{1} 必须为整数，实际为 {2}",
    "{} must be an array of [start, end] pairs": "{0} 必须为 [start, end] 数对的数组",
    "{} must be a [start, end] pair": "{0} 必须为 [start, end] 数对",
    "an experiment must be a JSON object with key and variations": "实验必须为包含 key 和 variations 的 JSON 对象",
    "experiment.key must be a non-empty string": "experiment.key 必须为非空字符串",
    "experiment.variations must be an array (e.g. [\"control\", \"treatment\"])": "experiment.variations 必须为数组（例如 [\"control\", \"treatment\"]）",
    "experiment.weights must be an array of numbers": "experiment.weights 必须为数字数组",
    "experiment.condition must be a JSON object": "experiment.condition 必须为 JSON 对象",
    "experiment.parentConditions must be an array": "experiment.parentConditions 必须为数组",
    "{} must be an object with an id (a feature key)": "{0} 必须为带 id（功能标识）的对象",
    "experiment.namespace must be [\"namespace-id\", start, end]": "experiment.namespace 必须为 [\"namespace-id\", start, end]",
    "experiment.filters must be an array": "experiment.filters 必须为数组",
    "{} must be an object {seed, ranges, attribute?, hashVersion?}": "{0} 必须为对象 {seed, ranges, attribute?, hashVersion?}",
    "experiment.meta must be an array of {key, name}": "experiment.meta 必须为 {key, name} 的数组",
    "{} must be an object {key, name}": "{0} 必须为对象 {key, name}",
    "experiment.url/urlPatterns: URL targeting is not supported by Plume; target with a condition on a url attribute instead":
      "experiment.url/urlPatterns：Plume 不支持按 URL 定向；请改用针对 url 属性的条件来定向",
    "sticky bucket documents must be an array or an object keyed by \"attribute||value\"": "粘性分桶文档必须为数组，或以 \"attribute||value\" 为键的对象",
    "{} must be {attributeName, attributeValue, assignments}": "{0} 必须为 {attributeName, attributeValue, assignments}",
    "{}.assignments must be an object": "{0}.assignments 必须为对象",
    "{}.assignments.{} must be a variation key (a string)": "{0}.assignments.{1} 必须为变体标识（字符串）",
    "the context must be a JSON object": "上下文必须为 JSON 对象",
    "attributes must be a JSON object, e.g. {\"id\": \"u123\"}": "attributes 必须为 JSON 对象，例如 {\"id\": \"u123\"}",
    "forcedVariations must be an object {\"experiment-key\": index}": "forcedVariations 必须为对象 {\"experiment-key\": index}",
    "forcedVariations.{} must be a variation index": "forcedVariations.{0} 必须为变体序号",
    "features must be an object keyed by feature id": "features 必须为以功能 id 为键的对象",

    // bandit.cpp
    "a bandit needs at least 2 arms; got {}": "多臂老虎机至少需要 2 个臂；实际为 {0} 个",
    "a bandit takes at most {} arms; got {}": "多臂老虎机最多支持 {0} 个臂；实际为 {1} 个",
    "min_weight is {}: it must be between 0 and 1/arms ({})": "min_weight 为 {0}：必须介于 0 和 1/臂数（{1}）之间",
    "epsilon is {}: it must be between 0 and 1": "epsilon 为 {0}：必须介于 0 和 1 之间",
    "{}: counts cannot be negative": "{0}：计数不能为负",
    "{} has {} conversions but was shown only {} times": "{0}有 {1} 次转化，但只展示了 {2} 次",
    "bandit algorithm '{}' is not one of thompson, ucb1, egreedy": "多臂老虎机算法“{0}”不是 thompson、ucb1、egreedy 之一",
    "arm {} does not exist (the bandit has {} arms)": "臂 {0} 不存在（该多臂老虎机共有 {1} 个臂）",

    // condition.cpp: targeting conditions ({} first is the path in the condition, e.g. condition.country.$in)
    "{}: mixes operators ($...) with plain fields; GrowthBook would compare it as a literal object":
      "{0}：混用了运算符（$...）和普通字段；GrowthBook 会把它当作字面对象来比较",
    "{}: unknown operator {}": "{0}：未知的运算符 {1}",
    "{}: expects an array, got {}": "{0}：应为数组，实际为 {1}",
    "{}: expects a regular expression string": "{0}：应为正则表达式字符串",
    "{}: invalid regular expression /{}/: {}": "{0}：无效的正则表达式 /{1}/：{2}",
    "{}: expects a saved group id (a string)": "{0}：应为已保存分组的 id（字符串）",
    "{}: expects one of string, number, boolean, object, array, null": "{0}：应为 string、number、boolean、object、array、null 之一",
    "{}: expects a version string such as \"1.2.3\"": "{0}：应为版本号字符串，例如 \"1.2.3\"",
    "{}: expects an object (operators or a sub-condition)": "{0}：应为对象（运算符或子条件）",
    "{}: a condition must be a JSON object": "{0}：条件必须为 JSON 对象",
    "{}: expects an array of conditions": "{0}：应为条件数组",
    "{}: unknown logical operator {} (use $and, $or, $nor or $not)": "{0}：未知的逻辑运算符 {1}（请使用“$and”“$or”“$nor”或“$not”）",
    "saved groups must be a JSON object {\"group_id\": [values...]}": "已保存分组必须为 JSON 对象 {\"group_id\": [values...]}",
    "saved group '{}' must be an array of values": "已保存分组“{0}”必须为值的数组",

    // events.cpp: experiment definitions, metrics, the events CSV/JSON and their aggregation
    "{} must be an object {name, event, type}": "{0} 必须为对象 {name, event, type}",
    "{}.{} must be a non-empty string": "{0}.{1} 必须为非空字符串",
    "{}.type: '{}' is not binomial or continuous": "{0}.type：“{1}”不是 binomial 或 continuous",
    "an experiment definition must be a JSON object": "实验定义必须为 JSON 对象",
    "experiment.{} must be a string": "experiment.{0} 必须为字符串",
    "experiment.varies must be one of content, channel, personalization, send_time": "experiment.varies 必须为 content、channel、personalization、send_time 之一",
    "experiment.variations must list at least two variations (the first is the control)": "experiment.variations 必须列出至少两个变体（第一个为对照组）",
    "{} must be a key string or an object {key, name, value}": "{0} 必须为标识字符串或对象 {key, name, value}",
    "{}.key must not be empty": "{0}.key 不能为空",
    "{}: variation key '{}' appears twice": "{0}：变体标识“{1}”出现了两次",
    "experiment.weights must have one number per variation ({})": "experiment.weights 须为每个变体各给一个数字（共 {0} 个变体）",
    "experiment.weights[{}] must be a non-negative number, got {}": "experiment.weights[{0}] 必须为非负数，实际为 {1}",
    "experiment.weights add up to {}, not 1": "experiment.weights 的总和为 {0}，而不是 1",
    "experiment.guardrails must be an array of metrics": "experiment.guardrails 必须为指标数组",
    "line {}, column {}: a quote inside an unquoted field (quote the whole field and double the quote)":
      "第 {0} 行第 {1} 列：未加引号的字段中出现了引号（请给整个字段加上引号，并把其中的引号写成两个）",
    "line {}: a quoted field is not closed": "第 {0} 行：带引号的字段没有闭合",
    "the events CSV is empty: expected a header row such as type,user,experiment,variation,value,timestamp":
      "事件 CSV 为空：应有表头行，例如 type,user,experiment,variation,value,timestamp",
    // {2} is the header's first column, {3} ", ..." when there are more.
    "line {}: the header has no '{}' column (found: {}{})": "第 {0} 行：表头中没有“{1}”列（现有的列：{2}{3}）",
    "line {}: {} fields, but the header has {}": "第 {0} 行：有 {1} 个字段，但表头有 {2} 个",
    "{}: the event type is empty (exposure, conversion, purchase, ...)": "{0}：事件类型为空（exposure、conversion、purchase 等）",
    "{}: the user id is empty": "{0}：用户 id 为空",
    "{}: an exposure needs an experiment": "{0}：曝光事件必须指明实验",
    "{}: an exposure needs a variation": "{0}：曝光事件必须指明变体",
    "{}: '{}' is not a number": "{0}：“{1}”不是有效的数字",
    "{}: '{}' is not a timestamp (ms since 1970 or ISO 8601 like 2024-03-01T09:30:00Z)":
      "{0}：“{1}”不是有效的时间戳（应为自 1970 年起的毫秒数，或 ISO 8601 格式，如 2024-03-01T09:30:00Z）",
    "the events file is not valid JSON": "事件文件不是有效的 JSON",
    "events JSON must be an array of events or {\"events\": [...]}": "事件 JSON 必须为事件数组或 {\"events\": [...]}",
    "{} must be an object {type, user, experiment, variation, value, timestamp}": "{0} 必须为对象 {type, user, experiment, variation, value, timestamp}",
    "{}.type is missing (exposure, conversion, purchase, ...)": "缺少 {0}.type（exposure、conversion、purchase 等）",
    "{}.user is missing": "缺少 {0}.user",
    "{}: an exposure needs experiment and variation": "{0}：曝光事件必须有 experiment 和 variation",
    "{}.value must be a number, got {}": "{0}.value 必须为数字，实际为 {1}",
    "{}.timestamp must be ms since 1970 or an ISO 8601 string, got {}": "{0}.timestamp 必须为自 1970 年起的毫秒数或 ISO 8601 字符串，实际为 {1}",
    "choose the experiment to aggregate (its key)": "请选择要汇总的实验（填写其标识）",
    "user '{}' was exposed to variation '{}', which is not one of the experiment's variations": "用户“{0}”曝光于变体“{1}”，但该变体不属于此实验",

    // posterior.cpp
    "variations: give at least one variation": "variations：请至少提供一个变体",
    "alpha is {}: it must be between 0 and 1": "alpha 为 {0}：必须介于 0 和 1 之间",
    "points is {}: it must be between 10 and 2000": "points 为 {0}：必须介于 10 和 2000 之间",
    "variations[{}] ({}): conversions ({}) must be between 0 and users ({})": "variations[{0}]（{1}）：转化数（{2}）必须介于 0 和用户数（{3}）之间",
    "the posterior input is not valid JSON": "后验输入不是有效的 JSON",
    "the posterior input must be a JSON object": "后验输入必须为 JSON 对象",
    "posterior input: \"alpha\" must be a number, got {}": "后验输入：\"alpha\" 必须为数字，实际为 {0}",
    "posterior input: \"points\" must be a whole number, got {}": "后验输入：\"points\" 必须为整数，实际为 {0}",
    "posterior input: \"variations\" must be an array of {name, users, conversions}": "后验输入：\"variations\" 必须为 {name, users, conversions} 的数组",
    "{} must be an object": "{0} 必须为对象",
    "{}: \"{}\" must be a whole number": "{0}：\"{1}\" 必须为整数",
    "{}: \"{}\" is too large": "{0}：\"{1}\" 过大",

    // power.cpp: the sample-size calculator
    "alpha is {}: it must be between 0 and 1 (e.g. 0.05)": "alpha 为 {0}：必须介于 0 和 1 之间（例如 0.05）",
    "power is {}: it must be at least 0.5 and below 1 (e.g. 0.8)": "power 为 {0}：必须不小于 0.5 且小于 1（例如 0.8）",
    "baseline is {}: a conversion rate must be between 0 and 1 (e.g. 0.05 for 5 %)": "baseline 为 {0}：转化率必须介于 0 和 1 之间（例如 0.05 表示 5%）",
    "baseline must be a finite number": "baseline 必须为有限数",
    "stddev is {}: it must be positive": "stddev 为 {0}：必须为正数",
    "mde is {}: it must be a non-zero lift": "mde 为 {0}：必须为非零的提升",
    "a relative mde needs a non-zero baseline": "相对 mde 需要非零的 baseline",
    // {1}{2} is the mde and " (relative)" or " (absolute)" (matched together: see the fragments).
    "baseline {} with an mde of {}{} gives a treatment rate of {}, which is not between 0 and 1":
      "baseline 为 {0}、mde 为 {1}{2}时，实验组转化率为 {3}，不在 0 和 1 之间",
    "mde {} is too small to detect with any realistic traffic": "mde {0} 太小，任何现实的流量都无法检测到",
    "users per variation is {}: it must be at least 2": "每个变体的用户数为 {0}：必须至少为 2",
    "{} users per variation cannot detect even a jump to a 100 % conversion rate; more traffic is needed":
      "每个变体 {0} 名用户，即使转化率跃升到 100% 也无法检测到；需要更多流量",

    // simulate.cpp: the bandit simulation
    "rates: a simulation needs at least 2 arms; got {}": "rates：模拟至少需要 2 个臂；实际为 {0} 个",
    "rates: {} is not a conversion rate between 0 and 1": "rates：{0} 不是介于 0 和 1 之间的转化率",
    "steps is {}: it must be between 1 and {}": "steps 为 {0}：必须介于 1 和 {1} 之间",
    "batch is {}: it must be at least 1": "batch 为 {0}：必须至少为 1",
    "checkpoints is {}: it must be between 1 and {}": "checkpoints 为 {0}：必须介于 1 和 {1} 之间",
    "steps / batch = {} Thompson weight updates; at most {} are simulated: use a larger batch (a real bandit updates in batches too)":
      "steps / batch = {0} 次 Thompson 权重更新；最多模拟 {1} 次：请使用更大的 batch（真实的多臂老虎机也是分批更新的）",

    // stats_analyze.cpp: {} first is a variation ("variation 'treatment'", a fragment)
    "{} has {} users: every variation needs exposed users to be analysed": "{0}有 {1} 名用户：每个变体都需要有曝光用户才能分析",
    "{} has {} conversions: counts cannot be negative": "{0}有 {1} 次转化：计数不能为负",
    "{} has {} conversions but only {} users: a binomial metric counts each user at most once":
      "{0}有 {1} 次转化，但只有 {2} 名用户：二项指标中每名用户最多计一次",
    "{} has 1 user: a continuous metric needs at least 2 users per variation for a variance":
      "{0}只有 1 名用户：连续指标需要每个变体至少 2 名用户才能计算方差",
    "{}: sum and sum_squares must be finite numbers": "{0}：sum 和 sum_squares 必须为有限数",
    "{} has a negative sum ({}): revenue cannot be negative; for a metric that can (e.g. profit) set allow_negative":
      "{0}的 sum 为负（{1}）：收入不能为负；对于可以为负的指标（例如利润），请设置 allow_negative",
    "{} has a negative sum_squares ({})": "{0}的 sum_squares 为负（{1}）",
    "{}: sum ({}) is too large to square in double precision; rescale the metric": "{0}：sum（{1}）太大，无法用双精度计算平方；请缩放该指标",
    "{}: sum_squares ({}) is smaller than sum^2/users ({}), which would mean a negative variance; check how the sums were computed":
      "{0}：sum_squares（{1}）小于 sum^2/users（{2}），这意味着方差为负；请检查这些总和的计算方式",
    // {1} is the English plural "s" (or nothing): kept next to the English word it belongs to.
    "an analysis needs a control and at least one variation; got {} variation{}": "分析需要一个对照组和至少一个变体；收到的是 {0} 个 variation{1}",
    "weights has {} entries for {} variations": "weights 有 {0} 项，但共有 {1} 个变体",
    "weights: {} is not a share in (0, 1]": "weights：{0} 不是 (0, 1] 区间内的占比",
    "weights sum to {}; they must sum to 1 (e.g. [0.5, 0.5])": "weights 的总和为 {0}；总和必须为 1（例如 [0.5, 0.5]）",
    "sequential_tuning is {}: it must be a positive number of users (default 5000)": "sequential_tuning 为 {0}：必须为正的用户数（默认 5000）",
    "cuped has {} covariate entries for {} variations": "cuped 有 {0} 项协变量，但共有 {1} 个变体",
    "cuped: covariate sums must be finite, with sum_squares >= 0": "cuped：协变量的总和必须为有限数，且 sum_squares >= 0",
    "CUPED needs at least 2 users per variation": "CUPED 需要每个变体至少 2 名用户",
    "cuped: the pre-period covariate has no variance; run without CUPED": "cuped：实验前时段的协变量没有方差；请关闭 CUPED 后再运行",
    "variation '{}': the numbers are too large to analyse in double precision": "变体“{0}”：数值太大，无法用双精度分析",
    "segment '{}': {}": "分群“{0}”：{1}",

    // stats_frequentist.cpp
    "the sample-ratio check needs at least 2 variations": "样本比例检验至少需要 2 个变体",
    "weights: {} weights for {} variations": "weights：有 {0} 个权重，但共有 {1} 个变体",

    // stats_json.cpp: the JSON inputs of analysis, power, bandit, simulation and correction
    // ({} first is "analysis input", "bandit input arms[2]", ...: fragments below)
    "{} is not valid JSON": "{0}不是有效的 JSON",
    "{} must be a JSON object": "{0}必须为 JSON 对象",
    "{}: unknown field \"{}\" (expected: {})": "{0}：未知的字段 \"{1}\"（可用的字段：{2}）",
    "{}: missing \"{}\"": "{0}：缺少 \"{1}\"",
    "{}: \"{}\" must be a number, got {}": "{0}：\"{1}\" 必须为数字，实际为 {2}",
    "{}: \"{}\" must be finite": "{0}：\"{1}\" 必须为有限数",
    "{}: \"{}\" must be a whole number, got {}": "{0}：\"{1}\" 必须为整数，实际为 {2}",
    "{}: \"{}\" must be true or false, got {}": "{0}：\"{1}\" 必须为 true 或 false，实际为 {2}",
    "{}: \"{}\" must be a string, got {}": "{0}：\"{1}\" 必须为字符串，实际为 {2}",
    "{}: \"{}\" must be an array of numbers": "{0}：\"{1}\" 必须为数字数组",
    "{}: \"{}\" must contain only finite numbers, got {}": "{0}：\"{1}\" 只能包含有限数，实际含有 {2}",
    "{}: \"{}\" must be an array of variations": "{0}：\"{1}\" 必须为变体数组",
    "{} must be an object {\"sum\",\"sum_squares\",\"sum_products\"}": "{0} 必须为对象 {\"sum\",\"sum_squares\",\"sum_products\"}",
    "{}: CUPED needs \"pre\" covariate sums on every variation ({} of {} have them)":
      "{0}：CUPED 需要每个变体都有 \"pre\" 协变量总和（{2} 个变体中只有 {1} 个有）",
    "correction '{}' is not one of none, holm, bh": "校正方法“{0}”不是 none、holm、bh 之一",
    "{}: \"arms\" must be an array of {name, users, conversions}": "{0}：\"arms\" 必须为 {name, users, conversions} 的数组",
    "metric '{}' is not binomial (conversions) or continuous (revenue, order value)": "指标“{0}”不是 binomial（转化）或 continuous（收入、订单金额）",
    "{}: \"segments\" must be an array of {\"segment\", \"variations\"}": "{0}：\"segments\" 必须为 {\"segment\", \"variations\"} 的数组",
    "{}: give either \"mde\" (to get the users needed) or \"users\" per variation (to get the MDE)":
      "{0}：请在 \"mde\"（求所需用户数）和每个变体的 \"users\"（求 MDE）中二选一",
    "{}: \"segments\" must be an array of {\"segment\", \"arms\"}": "{0}：\"segments\" 必须为 {\"segment\", \"arms\"} 的数组",
    "{}: give \"arms\" or \"segments\"": "{0}：请提供 \"arms\" 或 \"segments\"",
    "{}: \"seed\" must be a non-negative whole number": "{0}：\"seed\" 必须为非负整数",
    "{}: p-value {} is not between 0 and 1": "{0}：p 值 {1} 不在 0 和 1 之间",
  },
  fragments: {
    // events.cpp: where a CSV value is
    "line {}, column {} ({})": "第 {0} 行第 {1} 列（{2}）",
    "line {}": "第 {0} 行",
    // Not made here (the templates' "line 3, column 5" is), but without it "line {}" above
    // would read such a value as line "3, column 5".
    "line {}, column {}": "第 {0} 行第 {1} 列",
    // power.cpp: how the mde is meant. In "an mde of {}{}" the two values touch, so the pattern
    // cannot split them: the first is matched empty and the second holds "0.2 (absolute)".
    "{} (relative)": "{0}（相对）",
    "{} (absolute)": "{0}（绝对）",
    // bandit.cpp and stats_analyze.cpp: who a count belongs to
    "arm '{}'": "臂“{0}”",
    "variation '{}'": "变体“{0}”",
    // stats_json.cpp and posterior.cpp: which input a value is in
    "the analysis input": "分析输入",
    "the power input": "功效计算输入",
    "the bandit input": "多臂老虎机输入",
    "the simulation input": "模拟输入",
    "the correction input": "多重比较校正输入",
    "analysis input": "分析输入",
    "power input": "功效计算输入",
    "bandit input": "多臂老虎机输入",
    "simulation input": "模拟输入",
    "correction input": "多重比较校正输入",
    "analysis input variations[{}]": "分析输入 variations[{0}]",
    "analysis input variations[{}].pre": "分析输入 variations[{0}].pre",
    "bandit input arms[{}]": "多臂老虎机输入 arms[{0}]",
    "posterior input variations[{}]": "后验输入 variations[{0}]",
    // regex.cpp: why a $regex condition's pattern is refused (regex_problem)
    "unmatched ')' at position {}": "位置 {0} 处有多余的“)”",
    "missing ')' at position {}": "位置 {0} 处缺少“)”",
    "missing ']' at position {}": "位置 {0} 处缺少“]”",
    "lookbehind is not supported at position {}": "位置 {0} 处：不支持后行断言（lookbehind）",
    "named back-reference \\k<...> is not supported at position {}": "位置 {0} 处：不支持命名反向引用 \\k<...>",
    "invalid capture group name at position {}": "位置 {0} 处：捕获组名称无效",
    "invalid group at position {}": "位置 {0} 处：无效的分组",
    "nothing to repeat at position {}": "位置 {0} 处：量词前没有可重复的内容",
    // {0} is the literal "{}" of the message: "numbers out of order in {} quantifier"
    "numbers out of order in {} quantifier at position {}": "位置 {1} 处：{0} 量词中的数字顺序颠倒",
    "\\ at end of pattern at position {}": "位置 {0} 处：模式以 \\ 结尾",
    "range out of order in character class at position {}": "位置 {0} 处：字符类中的范围顺序颠倒",
  },
};
