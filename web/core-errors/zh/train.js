// Chinese for the engine's error messages from src/train/. Keys are skeletons exactly as
// scripts/core-errors.mjs extracts them ("{}" for each value); a translation names the values
// {0}, {1}, ... in any order and must use every one. Fragments are the pieces helper functions
// add to messages (a location, a hint) and are matched inside a message's values.

// The cleaning step's removal reasons as finetune.cpp's removal_summary() writes them
// ("3 too short, 1 duplicate"), with the studio's own names for them (web/i18n.js ft.removed.*).
const REMOVED = {
  'not utf8': '非 UTF-8',
  empty: '空白',
  'too short': '过短',
  'too long': '过长',
  'wrong language': '其他语言',
  duplicate: '重复',
  'near duplicate': '近似重复',
};

// " (removed: 3 too short, 1 duplicate)": the last reason ends the parenthesis, each earlier one
// is followed by ", " and the rest of the list. Anchored on those, so a product name or a text
// that merely ends in "empty" is never rewritten.
const removalFragments = {};
for (const [reason, zh] of Object.entries(REMOVED)) {
  removalFragments[` (removed: {} ${reason})`] = `（已移除：{0} 段${zh}）`;
  removalFragments[`{} ${reason}, {}`] = `{0} 段${zh}、{1}`;
}

export default {
  messages: {
    // Tokenizer training (bpe_train.cpp)
    'vocabulary size {} is outside 257..1000000 (256 byte tokens + <|endoftext|> + merges)':
      '词表大小 {0} 超出 257..1000000 的范围（256 个字节词元 + <|endoftext|> + 合并规则）',
    'the corpus is empty: there is no text to learn a vocabulary from': '语料为空：没有可用于学习词表的文本',
    'no pair of adjacent bytes occurs {} times or more in the corpus: there is nothing to learn (is the corpus too small?)':
      '语料中没有任何相邻字节对出现 {0} 次或以上：没有可学习的内容（语料是否太少？）',
    'trained tokenizer is invalid: {}': '训练出的分词器无效：{0}',
    'the tokenizer has no tokens': '分词器中没有词元',

    // Cleaning options (clean.cpp)
    "split mode '{}' is not one of eot, line, blank": '切分方式“{0}”不是“eot”、“line”、“blank”之一',
    "language '{}' is not one of en, zh (or empty for any)": '语言“{0}”不是 en、zh 之一（留空表示不限）',
    'minimum length {} is larger than the maximum {}': '最小长度 {0} 大于最大长度 {1}',
    'language share must be between 0 and 1': '语言占比必须在 0 到 1 之间',
    'invalid UTF-8 share must be between 0 and 1': '无效 UTF-8 的占比必须在 0 到 1 之间',

    // Fine-tuning in the studio (finetune.cpp): the texts a marketer pastes or uploads
    'no texts given: paste or upload your own texts (separate them with a blank line, or one JSON object per line)':
      '没有提供文本：请粘贴或上传您自己的文本（文本之间空一行，或每行一个 JSON 对象）',
    '{} texts given; fine-tuning takes at most {}: use fewer, or run `plume finetune` natively':
      '提供了 {0} 段文本；微调最多接受 {1} 段：请减少文本，或在本机运行 `plume finetune`',
    'the texts hold {}; fine-tuning takes at most {}: use fewer or shorter texts, or run `plume finetune` natively':
      '文本共 {0}；微调最多接受 {1}：请使用更少或更短的文本，或在本机运行 `plume finetune`',
    'steps is {}, expected 1..{}': '训练步数为 {0}，应在 1 到 {1} 之间',
    'batch is {}, expected 1..{}': '批大小为 {0}，应在 1 到 {1} 之间',
    'sequence length is {}, expected at most {}': '序列长度为 {0}，最多为 {1}',
    'batch {} x sequence {} = {} tokens per step; at most {} are allowed (lower batch or seq)':
      '批大小 {0} × 序列长度 {1} = 每步 {2} 个词元；最多允许 {3} 个（请调低 batch 或 seq）',
    'fine-tuning this model ({} layers x {}, vocabulary {}) with batch {} x {} needs about {} of memory; the limit is {}: lower batch or seq, or fine-tune a smaller model':
      '以批量 {3} × {4} 微调此模型（{0} 层 × {1}，词表 {2}）约需 {5} 内存；上限为 {6}：请调低 batch 或 seq，或微调更小的模型',
    "data format '{}' is not one of text, jsonl": '数据格式“{0}”不是 text、jsonl 之一',
    "no model: fine-tuning needs the model's GGUF bytes": '没有模型：微调需要模型的 GGUF 文件内容',
    "the model's tokenizer has no <|endoftext|> token to separate texts": '模型的分词器没有用于分隔文本的 <|endoftext|> 词元',
    'this model has a separate output matrix (untied head); the trainer fine-tunes tied GPT-2 models only':
      '此模型有独立的输出矩阵（输出头未与词元嵌入共享权重）；训练器只能微调共享权重的 GPT-2 模型',
    'held_out_every must be at least 2': 'held_out_every 必须至少为 2',
    'eval_rows must be at least 1': 'eval_rows 必须至少为 1',
    'threads must be between 1 and 8': 'threads 必须在 1 到 8 之间',
    '{} of {} text(s) left after cleaning{}; fine-tuning needs at least {} (separate texts with a blank line, or one JSON object per line)':
      '清洗后剩下 {0} / {1} 段文本{2}；微调至少需要 {3} 段（文本之间空一行，或每行一个 JSON 对象）',
    'the texts are too short: {} tokens to learn after holding out texts for evaluation; give at least {}':
      '文本太短：留出评估文本后只剩 {0} 个词元可供学习；至少需要 {1} 个',
    'no text is left to hold out for evaluation: give more texts': '没有可留作评估的文本：请提供更多文本',
    'sequence length is {}, expected at least 1': '序列长度为 {0}，应至少为 1',
    'could not get {} of memory for fine-tuning (the browser refused): lower batch or seq, or close other tabs':
      '无法为微调分配 {0} 内存（浏览器拒绝了）：请调低 batch 或 seq，或关闭其他标签页',
    'step count is {}, expected at least 1': '步数为 {0}，应至少为 1',
    '{} (the original model is unchanged)': '{0}（原模型未被改动）',

    // Training data files (train_data.cpp); {} is "the uploaded file" in the studio
    '{} is empty: give it some text to train on': '{0}为空：请放入用于训练的文本',
    '{} is UTF-16 (or UTF-32) text: save it as UTF-8 and try again': '{0}是 UTF-16（或 UTF-32）文本：请另存为 UTF-8 后重试',
    '{} looks like a binary file, not text (a zero byte at offset {}); if it is UTF-16 text, save it as UTF-8':
      '{0}看起来是二进制文件而不是文本（偏移 {1} 处有零字节）；如果它是 UTF-16 文本，请另存为 UTF-8',
    '{} is not valid UTF-8 (byte offset {}): save it as UTF-8 (it may be in a legacy encoding such as GBK or Latin-1)':
      '{0}不是有效的 UTF-8（字节偏移 {1}）：请另存为 UTF-8（它可能使用了 GBK 或 Latin-1 等旧编码）',
    'line {} is not a JSON object (expected {"text": ...} or {"prompt": ..., "completion": ...})':
      '第 {0} 行不是 JSON 对象（应为 {"text": ...} 或 {"prompt": ..., "completion": ...}）',
    'line {}: "{}" must be a string': '第 {0} 行：“{1}”必须为字符串',
    'line {}: give either "text" or "completion", not both': '第 {0} 行：“text”和“completion”只能给出其一',
    'line {}: no text to learn ("text" or "completion" is missing or empty)': '第 {0} 行：没有可学习的文本（“text”或“completion”缺失或为空）',
    'the JSON Lines file holds no examples': 'JSON Lines 文件中没有样本',
    'the tokenizer has no end-of-text token (<|endoftext|>) to separate documents': '分词器没有用于分隔文档的文本结束词元（<|endoftext|>）',
    'not a Plume token file (no PLUMETOK header)': '不是 Plume 词元文件（缺少 PLUMETOK 文件头）',
    'the token file is truncated ({} bytes)': '词元文件不完整（仅 {0} 字节）',
    'the token file has version {}; this build reads version 1': '词元文件的版本为 {0}；当前版本只能读取版本 1',
    'the token file was made with a vocabulary of {} tokens but the tokenizer has {}': '词元文件基于 {0} 个词元的词表生成，但分词器有 {1} 个词元',
    'the token file says it holds {} tokens but its size is {} bytes': '词元文件声明包含 {0} 个词元，但其大小为 {1} 字节',
    'token {} of the token file has id {}, outside the vocabulary': '词元文件中索引 {0} 处的词元 id 为 {1}，超出了词表范围',

    // Model shape (train_params.cpp)
    'vocabulary size {} must be between 1 and {}': '词表大小 {0} 必须在 1 到 {1} 之间',
    'context length {} must be between 1 and {}': '上下文长度 {0} 必须在 1 到 {1} 之间',
    'embedding length {} must be between 1 and {}': '嵌入长度 {0} 必须在 1 到 {1} 之间',
    'layer count {} must be between 1 and {}': '层数 {0} 必须在 1 到 {1} 之间',
    'feed-forward length {} is out of range': '前馈层长度 {0} 超出范围',
    'layer-norm epsilon must be positive': '层归一化的 epsilon 必须为正数',
    'the model has {} million parameters; the trainer takes at most 134 million': '模型有 {0} 百万个参数；训练器最多支持 1.34 亿个参数',
    'the model has a separate output matrix (output.weight); the trainer only trains GPT-2 models whose output head is tied to the token embeddings':
      '模型有独立的输出矩阵（output.weight）；训练器只能训练输出头与词元嵌入共享权重的 GPT-2 模型',
    "the tokenizer has {} tokens but the model's vocabulary has {}": '分词器有 {0} 个词元，但模型的词表有 {1} 个',

    // One training batch (train_pass.cpp)
    'the batch must have at least one row of at least one token': '批中必须至少有一行，且每行至少有一个词元',
    "sequence length {} is longer than the model's context of {} tokens": '序列长度 {0} 超过了模型的上下文长度（{1} 个词元）',
    'the batch has {} input tokens, expected B*T = {}': '批中有 {0} 个输入词元，应为 B*T = {1}',
    "token id {} is outside the model's vocabulary of {}": '词元 id {0} 超出了模型词表的范围（{1} 个词元）',
    'the batch needs B*T = {} targets and mask entries': '批需要 B*T = {0} 个目标和掩码项',
    "target token id {} is outside the model's vocabulary of {}": '目标词元 id {0} 超出了模型词表的范围（{1} 个词元）',
    'the batch has no targets to evaluate': '批中没有可评估的目标',
    'the batch has no targets to train on': '批中没有可训练的目标',

    // Training options, data and checkpoints (trainer.cpp)
    'the checkpoint\'s header lacks the number "{}"': '检查点的文件头缺少数值“{0}”',
    'the checkpoint\'s "{}" is not an integer': '检查点的“{0}”不是整数',
    'batch size {} must be between 1 and 4096': '批大小 {0} 必须在 1 到 4096 之间',
    "sequence length {} must be between 1 and the model's context of {}": '序列长度 {0} 必须在 1 到模型的上下文长度 {1} 之间',
    'the number of steps must be at least 1': '步数必须至少为 1',
    'warm-up steps must not be negative': '预热步数不能为负数',
    'the learning rate must be a positive number': '学习率必须为正数',
    'the minimum learning rate must be between 0 and the learning rate': '最小学习率必须在 0 到学习率之间',
    'weight decay must be a non-negative number': '权重衰减必须为非负数',
    'the clipping norm must be a non-negative number (0 = off)': '梯度裁剪范数必须为非负数（0 = 关闭）',
    'AdamW betas must be in [0, 1)': 'AdamW 的 beta 必须在 [0, 1) 区间内',
    'AdamW epsilon must be positive': 'AdamW 的 epsilon 必须为正数',
    'batch {} x sequence {} needs about {} GB of activations; lower --batch or --seq':
      '批大小 {0} × 序列长度 {1} 的激活值约需 {2} GB；请调低 --batch 或 --seq',
    "the training data's mask and tokens differ in length": '训练数据的掩码与词元长度不一致',
    'the training data has {} tokens; one sequence of {} needs {}: add data or lower the sequence length':
      '训练数据有 {0} 个词元；长度为 {1} 的一个序列需要 {2} 个：请增加数据或降低序列长度',
    'the training data has no tokens to learn (everything is prompt)': '训练数据中没有可学习的词元（全部是提示词）',
    'the training data holds token id {}, outside the vocabulary': '训练数据中有词元 id {0}，超出了词表范围',
    'training diverged at step {} (loss {}, gradient norm {}): lower the learning rate':
      '训练在第 {0} 步发散（损失 {1}，梯度范数 {2}）：请降低学习率',
    'the evaluation data needs at least 2 tokens': '评估数据至少需要 2 个词元',
    'the evaluation data holds token id {}, outside the vocabulary': '评估数据中有词元 id {0}，超出了词表范围',
    'not a Plume training checkpoint (no PLUMECKP header)': '不是 Plume 训练检查点（缺少 PLUMECKP 文件头）',
    'checkpoint version {} is not supported (this build reads {})': '不支持检查点版本 {0}（当前版本只能读取版本 {1}）',
    'the checkpoint is truncated': '检查点文件不完整',
    'the checkpoint is damaged (checksum mismatch)': '检查点已损坏（校验和不符）',
    "the checkpoint's header is not valid": '检查点的文件头无效',
    "the checkpoint's model shape is invalid: {}": '检查点的模型结构无效：{0}',
    "the checkpoint's size does not match its model shape": '检查点的大小与其模型结构不符',
    'the checkpoint was trained on different data ({} tokens, hash {}; given {} tokens, hash {}): resume with the same --data and tokenizer':
      '检查点是用不同的数据训练的（{0} 个词元，哈希 {1}；现在给出 {2} 个词元，哈希 {3}）：请用相同的 --data 和分词器继续训练',
    "the checkpoint's position is invalid": '检查点中的训练位置无效',
    "the checkpoint's data position is past the end of the data": '检查点中的数据位置超出了数据末尾',
  },
  fragments: {
    ...removalFragments,
    // What src/wasm/bind_finetune.cpp calls an uploaded .txt/.jsonl file in train_data.cpp's messages.
    'the uploaded file': '上传的文件',
    'the text': '文本',   // PlumeEngine.finetune() given a string (the brand-voice view's text box)
  },
};
