// Chinese for the engine's error messages from src/recommend/. Keys are skeletons exactly as
// scripts/core-errors.mjs extracts them ("{}" for each value); a translation names the values
// {0}, {1}, ... in any order and must use every one. Fragments are the pieces helper functions
// add to messages (a location, a hint) and are matched inside a message's values.
export default {
  messages: {
    // Algorithms and their options (bundle.cpp, knn.cpp, factorization.cpp, bpr.cpp, factor_model.*)
    'factors and iterations must be at least 1': 'factors 和 iterations 必须至少为 1',
    'learning rate must be > 0, regularization >= 0': '学习率必须大于 0，正则化系数必须大于等于 0',
    'bpr needs at least one interaction': 'bpr 至少需要一条交互记录',
    "unknown algo '{}' (pop, itemknn, userknn, svd, als, bpr)": '未知的算法“{0}”（可选 pop、itemknn、userknn、svd、als、bpr）',
    'options must be a JSON object': '选项必须为 JSON 对象',
    'option {} must be an integer from {} to {}, got {}': '选项 {0} 必须为 {1} 到 {2} 之间的整数，实际为 {3}',
    'option {} must be a number >= 0, got {}': '选项 {0} 必须为大于等于 0 的数，实际为 {1}',
    'option algo must be a string': '选项 algo 必须为字符串',
    'option similarity must be a string': '选项 similarity 必须为字符串',
    "unknown option '{}' (algo, factors, iterations, neighbors, reg, alpha, lr, similarity, seed)":
      '未知的选项“{0}”（可选 algo、factors、iterations、neighbors、reg、alpha、lr、similarity、seed）',
    "unknown factor kind '{}' (implicit, explicit or ranking)": '未知的因子类型“{0}”（可选 implicit、explicit 或 ranking）',
    'imported factors are served, not trained': '导入的因子只用于推荐，不能再训练',
    'factors and epochs must be at least 1': 'factors 和 epochs 必须至少为 1',
    'svd needs explicit ratings (a rating column); use als for events': 'svd 需要显式评分（rating 列）；事件数据请使用 als',
    'factors, iterations and cg steps must be at least 1': 'factors、iterations 和共轭梯度步数必须至少为 1',
    'regularization and alpha must be >= 0': '正则化系数和 alpha 必须大于等于 0',
    "unknown similarity '{}' (cosine, adjusted_cosine or pearson)": '未知的相似度“{0}”（可选 cosine、adjusted_cosine 或 pearson）',
    'neighbors must be at least 1, got {}': 'neighbors 必须至少为 1，实际为 {0}',
    'shrinkage must be >= 0': 'shrinkage 必须大于等于 0',
    'min_support must be at least 1': 'min_support 必须至少为 1',

    // A saved recommender model (bundle.cpp)
    'model.json is not a Plume recommender model (expected "format": "plume-recommender")':
      'model.json 不是 Plume 推荐模型（应包含 "format": "plume-recommender"）',
    'no model: expected model.json, or userFactors/ and itemFactors/ (Spark ALS output)':
      '没有模型：应提供 model.json，或 userFactors/ 和 itemFactors/（Spark ALS 的输出）',
    'model.json: {}': 'model.json 有误：{0}',
    "model.json: 'users', 'items' and 'interactions' must be arrays": 'model.json：“users”、“items”和“interactions”必须为数组',
    "model.json: 'model_items' is out of range": 'model.json：“model_items”超出范围',
    'model.json: interaction {} must be [user index, item index, value, timestamp] within range':
      'model.json：第 {0} 条交互记录必须为 [用户索引, 商品索引, 数值, 时间戳] 且不超出范围',
    'the factor files have {} users and {} items; model.json has {} and {}':
      '因子文件有 {0} 个用户和 {1} 件商品；model.json 中分别为 {2} 和 {3}',
    'user_ids.jsonl does not match model.json at index {}': 'user_ids.jsonl 在索引 {0} 处与 model.json 不一致',
    'item_ids.jsonl does not match model.json at index {}': 'item_ids.jsonl 在索引 {0} 处与 model.json 不一致',
    'model.json: the factors are missing (a directory model needs userFactors/ and itemFactors/)':
      'model.json：缺少因子（目录形式的模型需要 userFactors/ 和 itemFactors/）',
    'model.json: the factor arrays do not match rank x users / items': 'model.json：因子数组的长度与 rank × 用户数 / 商品数不符',
    'model.json: a user factor is not a finite number': 'model.json：有用户因子不是有限数值',
    'model.json: an item factor is not a finite number': 'model.json：有商品因子不是有限数值',
    'model.json catalog: {}': 'model.json 中的商品目录有误：{0}',

    // Synthetic data (evaluate.cpp)
    'users, items and rank must be positive': '用户数、商品数和 rank 必须为正数',
    'users and items must be at most {}': '用户数和商品数最多为 {0}',
    'rank must be at most {}': 'rank 最多为 {0}',
    '(users + items) x rank is {}, more than the limit of {} factors': '（用户数 + 商品数）× rank 为 {0}，超过了 {1} 个因子的上限',
    'interactions must be at most {}': '交互记录数最多为 {0}',
    'interactions must be between 1 and half of users x items': '交互记录数必须在 1 到“用户数 × 商品数”的一半之间',

    // Interactions file (interactions.cpp)
    '{}: the item id is empty': '{0}：商品 ID 为空',
    '{}: rating {} is negative': '{0}：评分 {1} 为负数',
    '{}: rating {} is too large (the limit is 1e30)': '{0}：评分 {1} 过大（上限为 1e30）',
    "{}: unknown event type '{}' (known: {})": '{0}：未知的事件类型“{1}”（已知类型：{2}）',
    '{}: weight {} must be positive': '{0}：权重 {1} 必须为正数',
    '{}: weight {} is too large (the limit is 1e30)': '{0}：权重 {1} 过大（上限为 1e30）',
    '{}: weight {} is too small (it rounds to 0)': '{0}：权重 {1} 过小（会被舍入为 0）',
    "{}: '{}' is not a timestamp (seconds since 1970)": '{0}：“{1}”不是有效的时间戳（自 1970 年起的秒数）',
    'the interactions file is empty': '交互记录文件为空',
    "line 1: the header must name a 'user' and an 'item' column (found '{}')": '第 1 行：表头必须包含 user 列和 item 列（读到的是“{0}”）',
    'line 1: give only one of the columns rating, event and value': '第 1 行：rating、event 和 value 列只能有其中一列',
    'line {}: {} columns, {}{}': '第 {0} 行：有 {1} 列，{2}{3}',
    'the interactions file has a header but no rows': '交互记录文件只有表头，没有数据行',
    'the interactions file is not valid JSON': '交互记录文件不是有效的 JSON',
    'the interactions JSON must be an array of objects': '交互记录 JSON 必须为对象数组',
    'row {}: expected an object': '第 {0} 行：应为 JSON 对象',
    "{}: missing 'user'": '{0}：缺少“user”',
    "{}: missing 'item'": '{0}：缺少“item”',
    "{}: missing 'rating'": '{0}：缺少“rating”',
    'the interactions JSON has no rows': '交互记录 JSON 中没有数据行',

    // Catalog / item attributes file (item_attributes.cpp)
    '{}: price {} is negative': '{0}：价格 {1} 为负数',
    "{}: '{}' is not true/false (also 1/0, yes/no, in_stock/out_of_stock)":
      '{0}：“{1}”不是“true”或“false”（也可用“1”/“0”、“yes”/“no”、“in_stock”/“out_of_stock”）',
    "{}: item '{}' is already listed ({})": '{0}：商品“{1}”已经列出过（{2}）',
    'the item attributes file is empty': '商品属性文件为空',
    "line 1: the header must name an 'item' (or 'sku') column (found '{}')": '第 1 行：表头必须包含 item（或 sku）列（读到的是“{0}”）',
    '{}: a quoted field is not closed': '{0}：带引号的字段没有闭合',
    '{}: {} columns, the header has {}': '{0}：有 {1} 列，而表头有 {2} 列',
    '{}, column {} (item): the item id is empty': '{0}第 {1} 列（item）：商品 ID 为空',
    'the item attributes file is not valid JSON': '商品属性文件不是有效的 JSON',
    'the item attributes JSON must be an array of objects': '商品属性 JSON 必须为对象数组',
    '{}: expected an object': '{0}：应为 JSON 对象',
    '{} (item): the item id must be a string or an integer': '{0}（item）：商品 ID 必须为字符串或整数',
    "{} (item): missing 'item'": '{0}（item）：缺少“item”',
    '{}: tags must be strings': '{0}：tags 中的每一项都必须为字符串',
    '{}: expected a string, number or boolean, got {}': '{0}：应为字符串、数字或布尔值，实际为 {1}',

    // Serving recommendations (serve.cpp)
    'k must be between 1 and 100000, got {}': 'k 必须在 1 到 100000 之间，实际为 {0}',
    'max per partner must be >= 0': '每个合作伙伴的上限必须大于等于 0',
    'explain top must be between 1 and 100': '每件商品的推荐理由数必须在 1 到 100 之间',
    'min price is above max price': '最低价格高于最高价格',
    'filters and partner diversity need item attributes (category, partner, price, available): load a catalog':
      '筛选和合作伙伴多样化需要商品属性（category、partner、price、available）：请加载商品目录',
    'the factors cover {} items, the data {}': '因子覆盖 {0} 件商品，而数据中有 {1} 件',
    'the {} model cannot score a new visitor (use als, bpr, svd, itemknn, userknn or pop)':
      '{0} 模型无法为新访客打分（请使用 als、bpr、svd、itemknn、userknn 或 pop）',
    'no training data to serve from': '没有可用于推荐的训练数据',
    'user index {} is not in the training data': '用户索引 {0} 不在训练数据中',
    'history item index {} is not a known item': '浏览历史中的商品索引 {0} 不是已知商品',
    'history values must be finite and >= 0': '浏览历史中的数值必须为有限数且大于等于 0',
    'the content model covers {} items, expected {}': '内容模型覆盖 {0} 件商品，应为 {1} 件',

    // Spark ALS factors and id maps (spark_io.cpp)
    '{}: not a JSON object': '{0}：不是 JSON 对象',
    "{}: 'id' must be an integer": '{0}：“id”必须为整数',
    "{}: 'features' must be an array of numbers": '{0}：“features”必须为数字数组',
    "{}: 'features' is empty": '{0}：“features”为空',
    "{}: 'features' has {} values, expected {}": '{0}：“features”有 {1} 个值，应为 {2} 个',
    '{}: id {} appears twice': '{0}：id {1} 出现了两次',
    "{}: 'features' must hold finite numbers": '{0}：“features”中必须都是有限数值',
    '{}: no factor rows (expected JSON lines {"id": 0, "features": [...]})':
      '{0}：没有因子行（应为每行一个 JSON 对象，如 {"id": 0, "features": [...]}）',
    "{}: 'index' must be an integer": '{0}：“index”必须为整数',
    "{}: 'id' must be a string": '{0}：“id”必须为字符串',
    '{}: index {} appears twice': '{0}：index {1} 出现了两次',
    '{}: no rows (expected JSON lines {"index": 0, "id": "SKU-1"})':
      '{0}：没有数据行（应为每行一个 JSON 对象，如 {"index": 0, "id": "SKU-1"}）',
    'userFactors have rank {} but itemFactors have rank {}': 'userFactors 的秩为 {0}，而 itemFactors 的秩为 {1}',
    '{} factors have id {}, which the {} id map does not list': '{0} 因子中的 id {1} 不在 {2} id 映射中',
    "the {} id map gives '{}' to two ids": '{0} id 映射把“{1}”同时给了两个 id',

    // Train/test split for evaluation (sparse.cpp)
    "split '{}': expected random:F, user:F or last:N": '划分方式“{0}”：应为 random:F、user:F 或 last:N',
    "split '{}': the train share must be between 0 and 1": '划分方式“{0}”：训练集比例必须在 0 和 1 之间',
    "split '{}': N must be a positive integer": '划分方式“{0}”：N 必须为正整数',
    "split '{}': unknown kind '{}' (random, user or last)": '划分方式“{0}”：未知的类型“{1}”（可选 random、user 或 last）',
  },
  fragments: {
    // Where a value is, as interactions.cpp and item_attributes.cpp write it: a JSON row's field
    // ("row 3 (user)"), a whole row. A CSV cell ("line 7, column 3 (rating)") and a whole line
    // ("line 7") read as the experiment room's events do: web/core-errors/zh/experiment.js has them.
    'row {} ({})': '第 {0} 行（{1}）',
    'row {}': '第 {0} 行',
    // The two endings of "line {}: {} columns, {}{}" (interactions.cpp).
    'the header has {}': '而表头有 {0} 列',
    'MovieLens u.data has 4 (user, item, rating, timestamp; tab-separated)':
      '而 MovieLens u.data 应有 4 列（user、item、rating、timestamp，以制表符分隔）',
    // A line of a Spark factor part or id map (spark_io.cpp: what + " part N" + ", line N").
    'userFactors, line {}': 'userFactors 第 {0} 行',
    'itemFactors, line {}': 'itemFactors 第 {0} 行',
    'userFactors part {}, line {}': 'userFactors 第 {0} 个分片第 {1} 行',
    'itemFactors part {}, line {}': 'itemFactors 第 {0} 个分片第 {1} 行',
    'user_ids.jsonl, line {}': 'user_ids.jsonl 第 {0} 行',
    'item_ids.jsonl, line {}': 'item_ids.jsonl 第 {0} 行',
  },
};
