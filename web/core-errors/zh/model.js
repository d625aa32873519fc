// Chinese for the engine's error messages from src/model/. Keys are skeletons exactly as
// scripts/core-errors.mjs extracts them ("{}" for each value); a translation names the values
// {0}, {1}, ... in any order and must use every one. Fragments are the pieces helper functions
// add to messages (a location, a hint) and are matched inside a message's values.
export default {
  messages: {
    // generate.cpp: the prompt and the generation options. check_prompt's first value is always
    // "prompt" (the option's name, left as it is: a "prompt" fragment would rewrite user data).
    'the {} is empty: give at least one token of text': '{0}（提示词）为空：请至少给出一个词元的文本',
    "{} is {} tokens, the model's context is {}": '{0}（提示词）有 {1} 个词元，超出了模型的上下文长度 {2}',
    '{} has token id {}, outside the vocabulary (0..{})': '{0}（提示词）含有词元 id {1}，超出了词表范围（0..{2}）',
    'option numReturnSequences is {}, expected 1..{}': '选项 numReturnSequences 为 {0}，应为 1..{1}',
    'option maxNewTokens is {}, expected an integer >= 1': '选项 maxNewTokens 为 {0}，应为大于等于 1 的整数',
    'option maxLength is {}, expected an integer >= 1': '选项 maxLength 为 {0}，应为大于等于 1 的整数',
    'option stop contains an empty string': '选项 stop 含有空字符串',
    'option mentionBoost is {}, expected a number in [0, 100] (0 = off)': '选项 mentionBoost 为 {0}，应为 [0, 100] 内的数（0 = 关闭）',
    'option mention has {} phrases, at most {} are allowed': '选项 mention 有 {0} 个短语，最多允许 {1} 个',
    'option mention has a phrase of {} bytes, at most {} are allowed': '选项 mention 中有一个短语长 {0} 字节，最多允许 {1} 字节',
    'this generation needs {} MB of attention cache ({} sequences of up to {} tokens); ask for fewer sequences or a shorter maxLength':
      '本次生成需要 {0} MB 注意力缓存（{1} 个序列，每个最多 {2} 个词元）；请减少序列数或缩短 maxLength',
    'the continuation to score is empty': '要评分的续写文本为空',
    "prompt and continuation are {} tokens, the model's context is {}": '提示词与续写共 {0} 个词元，超出了模型的上下文长度 {1}',

    // gguf_writer.cpp: writing a GGUF file (convert, init, fine-tune checkpoints).
    "tensor name '{}' must be 1 to {} bytes long": '张量名“{0}”的长度必须为 1 到 {1} 字节',
    "duplicate tensor name '{}'": '张量名“{0}”重复',
    "tensor '{}' has {} dimensions; GGUF allows 1 to 4": '张量“{0}”有 {1} 个维度；GGUF 允许 1 到 4 个',
    "tensor '{}': dimension {} is {}, must be at least 1": '张量“{0}”：维度 {1} 为 {2}，必须至少为 1',
    "tensor '{}' has too many elements": '张量“{0}”的元素过多',
    "tensor '{}' of type Q8_0 has ne[0] = {}, which is not a multiple of {}": 'Q8_0 类型的张量“{0}”的 ne[0] = {1}，不是 {2} 的倍数',
    "tensor '{}': data has {} bytes, but shape [{}] of {} needs {} bytes": '张量“{0}”：数据有 {1} 字节，但形状 [{2}] 的 {3} 张量需要 {4} 字节',
    "cannot write '{}': {}": '无法写入“{0}”：{1}',
    "cannot open '{}' for writing: {}": '无法打开“{0}”进行写入：{1}',

    // gguf.cpp: reading a GGUF file. "{} of {}" is what was read (a fragment: "the version") of
    // which part of the file (a fragment: "the header", "metadata key 'general.name'").
    'truncated GGUF file: reading {} of {} at byte offset {} needs {} bytes, but the file ends at byte {}':
      'GGUF 文件不完整：读取{1}的{0}（字节偏移 {2}）需要 {3} 字节，但文件在第 {4} 字节处就结束了',
    'truncated GGUF file: {} of {} at byte offset {} needs {} bytes, but the file ends at byte {}':
      'GGUF 文件不完整：{1}的{0}（字节偏移 {2}）需要 {3} 字节，但文件在第 {4} 字节处就结束了',
    '{} of {} at byte offset {} is {} bytes long; the limit is {} bytes': '{1}的{0}（字节偏移 {2}）长 {3} 字节；上限为 {4} 字节',
    'truncated GGUF file: {} of {} at byte offset {} declares {} bytes, but only {} bytes are left':
      'GGUF 文件不完整：{1}的{0}（字节偏移 {2}）声明了 {3} 字节，但只剩 {4} 字节',
    '{}: bool at byte offset {} is {}; a GGUF bool must be 0 or 1': '{0}：字节偏移 {1} 处的 bool 值为 {2}；GGUF 的 bool 必须为 0 或 1',
    'internal: {} is not an integer type': '内部错误：{0} 不是整数类型',
    '{}: unknown {} {} at byte offset {} (GGUF value types are 0-12)': '{0}：字节偏移 {3} 处有未知的{1} {2}（GGUF 的值类型为 0-12）',
    '{}: array at byte offset {} declares {} {} elements, but only {} bytes are left in the file':
      '{0}：字节偏移 {1} 处的数组声明了 {2} 个 {3} 元素，但文件只剩 {4} 字节',
    '{}: arrays nested more than {} levels deep at byte offset {}': '{0}：字节偏移 {2} 处的数组嵌套超过 {1} 层',
    'general.alignment is {}; it must be a power of two up to 2^30 (usually 32)': 'general.alignment 为 {0}；它必须是不超过 2^30 的 2 的幂（通常为 32）',
    "tensor '{}' has {} dimensions (byte offset {}); GGUF tensors have 1 to {}": '张量“{0}”有 {1} 个维度（字节偏移 {2}）；GGUF 张量的维数为 1 到 {3}',
    "tensor '{}': dimension {} is {}; every dimension must be at least 1": '张量“{0}”：维度 {1} 为 {2}；每个维度都必须至少为 1',
    "tensor '{}' has shape {}, more elements than a 64-bit count can hold": '张量“{0}”的形状为 {1}，元素数超出了 64 位计数的范围',
    "tensor '{}' has unsupported type {} ({}{}), so its size can't be computed": '张量“{0}”的类型 {1} 不受支持（{2}{3}），无法计算其大小',
    "tensor '{}' of type {} has ne[0] = {}, which is not a multiple of the type's block size {}":
      '{1} 类型的张量“{0}”的 ne[0] = {2}，不是该类型块大小 {3} 的倍数',
    "tensor '{}' has shape {}, more bytes than a 64-bit size can hold": '张量“{0}”的形状为 {1}，字节数超出了 64 位大小的范围',
    'not a GGUF file: the file is empty': '不是 GGUF 文件：文件为空',
    "not a GGUF file (magic {}, expected 'GGUF')": "不是 GGUF 文件（魔数为 {0}，应为 'GGUF'）",
    'big-endian GGUF files are not supported (version field reads {}); convert the model to little-endian':
      '不支持大端序的 GGUF 文件（版本字段读作 {0}）；请将模型转换为小端序',
    'GGUF version 1 is not supported (an early 2023 format); re-convert the model with a current llama.cpp to get version 3':
      '不支持 GGUF 版本 1（2023 年初的格式）；请用新版 llama.cpp 重新转换模型，得到版本 3',
    'unsupported GGUF version {} (Plume reads versions 2 and 3)': '不支持的 GGUF 版本 {0}（Plume 读取版本 2 和 3）',
    'GGUF header declares {} metadata entries, but only {} bytes are left in the file': 'GGUF 文件头声明了 {0} 个元数据条目，但文件只剩 {1} 字节',
    'GGUF header declares {} tensors, but only {} bytes are left in the file': 'GGUF 文件头声明了 {0} 个张量，但文件只剩 {1} 字节',
    "duplicate metadata key '{}'": '元数据键“{0}”重复',
    "tensor '{}': data offset {} is not a multiple of the alignment {}": '张量“{0}”：数据偏移 {1} 不是对齐值 {2} 的倍数',
    "tensor '{}': data ({} bytes at offset {} of the data section, which starts at byte {}) ends {} but the file has {} bytes":
      '张量“{0}”：数据（{1} 字节，位于数据区的偏移 {2} 处，数据区从第 {3} 字节开始）结束于{4}，但文件只有 {5} 字节',
    "tensors '{}' and '{}' overlap in the data section (offsets {} and {}, the first is {} bytes)":
      '张量“{0}”与“{1}”在数据区中重叠（偏移 {2} 和 {3}，前者长 {4} 字节）',
    "missing key '{}'": '缺少键“{0}”',
    "key '{}' is {}, expected a non-negative integer": '键“{0}”为 {1}，应为非负整数',
    "key '{}' is {}, expected an integer": '键“{0}”是{1}，应为整数',
    "key '{}' is {}, expected a number": '键“{0}”是{1}，应为数值',
    "key '{}' is {}, expected a string": '键“{0}”是{1}，应为字符串',

    // gpt2_load.cpp: a GGUF or Hugging Face model that is not a GPT-2 Plume can run.
    'layer norm epsilon {} is out of range (0, 1]': '层归一化的 epsilon {0} 超出了范围 (0, 1]',
    '{} is {}, expected 1..{}': '{0}为 {1}，应为 1..{2}',
    'embedding length {} is not divisible by the head count {}': '嵌入长度 {0} 不能被注意力头数 {1} 整除',
    "unsupported architecture '{}': Plume runs GPT-2 models (general.architecture = gpt2)":
      '不支持的架构“{0}”：Plume 运行 GPT-2 模型（general.architecture = gpt2）',
    "key '{}' is {}, which is absurdly large": '键“{0}”为 {1}，大得不合理',
    'config.json is not a JSON object': 'config.json 不是 JSON 对象',
    "unsupported architecture '{}': Plume runs GPT-2 models (config.json model_type = gpt2)":
      '不支持的架构“{0}”：Plume 运行 GPT-2 模型（config.json 的 model_type = gpt2）',
    "config.json: missing '{}'": 'config.json：缺少“{0}”',
    "config.json: '{}' must be an integer": 'config.json：“{0}”必须为整数',
    "config.json: '{}' is {}, out of range": 'config.json：“{0}”为 {1}，超出了范围',
    "config.json: 'layer_norm_epsilon' must be a number": 'config.json：“layer_norm_epsilon”必须为数值',
    'config.json: {}': 'config.json 有误：{0}',
    "config.json: activation_function '{}' is not supported (GPT-2 uses gelu_new)": 'config.json：不支持 activation_function“{0}”（GPT-2 使用 gelu_new）',
    'vocab.json has {} tokens but config.json says vocab_size {}': 'vocab.json 有 {0} 个词元，但 config.json 的 vocab_size 为 {1}',
    "missing tensor '{}'": '缺少张量“{0}”',
    "tensor '{}' has ggml type {}, which Plume cannot compute with (supported: F32, F16, Q8_0)":
      '张量“{0}”的 ggml 类型为 {1}，Plume 无法用它计算（支持 F32、F16、Q8_0）',
    'tensor {} has shape {}, expected {}': '张量 {0} 的形状为 {1}，应为 {2}',
    'tensor {} is Q8_0 but its rows ({}) are not a multiple of 32': '张量 {0} 为 Q8_0，但其行长（{1}）不是 32 的倍数',
    'tensor {} has shape {}, expected [{}]': '张量 {0} 的形状为 {1}，应为 [{2}]',
    'tensor {} is Q8_0 but has {} elements, not a multiple of 32': '张量 {0} 为 Q8_0，但有 {1} 个元素，不是 32 的倍数',
    "model.safetensors: missing tensor '{}'": 'model.safetensors：缺少张量“{0}”',
    "cannot open '{}': no such file or directory": '无法打开“{0}”：文件或目录不存在',
    "the Hugging Face directory '{}' has no {}": 'Hugging Face 目录“{0}”中没有 {1}',
    "the Hugging Face directory '{}' has no readable model.safetensors": 'Hugging Face 目录“{0}”中没有可读的 model.safetensors',

    // gpt2_write.cpp: writing a model (convert, init).
    'the weights have {} layers but the configuration says {}': '权重有 {0} 层，但配置为 {1} 层',
    'embedding length {} must be a positive multiple of the head count {}': '嵌入长度 {0} 必须是注意力头数 {1} 的正整数倍',
    'layers, context and feed-forward length must be positive': '层数、上下文长度和前馈层长度必须为正数',
    'the initialisation std must be a positive number': '初始化标准差（std）必须为正数',

    // model_memory.cpp: the second value is the sum of parts (a fragment below).
    'this model needs about {} MB of memory ({}), more than the {} MB the engine can use (a WebAssembly engine in the browser addresses at most 4 GB): use a smaller or quantized (Q8_0/F16) model, or a shorter context':
      '该模型约需 {0} MB 内存（{1}），超过了引擎可用的 {2} MB（浏览器中的 WebAssembly 引擎最多寻址 4 GB）：请使用更小或量化（Q8_0/F16）的模型，或缩短上下文',

    // safetensors.cpp: a Hugging Face checkpoint.
    "safetensors header: entry '{}' is not an object": 'safetensors 头部：条目“{0}”不是对象',
    "safetensors header: tensor '{}' has no \"dtype\" string": 'safetensors 头部：张量“{0}”没有 "dtype" 字符串',
    "safetensors header: tensor '{}' has no \"shape\" array": 'safetensors 头部：张量“{0}”没有 "shape" 数组',
    "safetensors header: tensor '{}' needs \"data_offsets\": [begin, end] with two non-negative integers":
      'safetensors 头部：张量“{0}”需要 "data_offsets": [begin, end]，即两个非负整数',
    "tensor '{}' has dtype '{}', which Plume doesn't know": '张量“{0}”的 dtype“{1}”是 Plume 不认识的类型',
    "tensor '{}': every entry of \"shape\" must be a non-negative integer": '张量“{0}”："shape" 的每一项都必须是非负整数',
    "tensor '{}': shape {} has too many elements": '张量“{0}”：形状 {1} 的元素过多',
    "tensor '{}': shape {} has too many bytes": '张量“{0}”：形状 {1} 的字节数过多',
    "tensor '{}': data_offsets [{}, {}] are outside the data buffer of {} bytes": '张量“{0}”：data_offsets [{1}, {2}] 超出了 {3} 字节的数据缓冲区',
    "tensor '{}': shape {} of {} needs {} bytes, but data_offsets [{}, {}] span {}":
      '张量“{0}”：形状 {1} 的 {2} 张量需要 {3} 字节，但 data_offsets [{4}, {5}] 的跨度为 {6}',
    'not a safetensors file: no data': '不是 safetensors 文件：没有数据',
    'not a safetensors file: {} bytes is too short for the 8-byte header length': '不是 safetensors 文件：{0} 字节太短，容不下 8 字节的头部长度',
    'not a safetensors file (or truncated): header length {} is past the end of the {}-byte file':
      '不是 safetensors 文件（或文件不完整）：头部长度 {0} 超出了 {1} 字节的文件末尾',
    'safetensors header is {} bytes; the limit is {}': 'safetensors 头部有 {0} 字节；上限为 {1}',
    'safetensors header is not valid JSON': 'safetensors 头部不是有效的 JSON',
    'safetensors header is not a JSON object': 'safetensors 头部不是 JSON 对象',
    "safetensors header has the key '{}' twice": 'safetensors 头部中键“{0}”出现了两次',
    'safetensors __metadata__ is not an object': 'safetensors 的 __metadata__ 不是对象',
    "safetensors __metadata__ value '{}' is not a string": 'safetensors 的 __metadata__ 值“{0}”不是字符串',
    "tensors '{}' and '{}' overlap in the data buffer": '张量“{0}”与“{1}”在数据缓冲区中重叠',
    "tensor '{}' has dtype {}; Plume reads F32, F16 and BF16": '张量“{0}”的 dtype 为 {1}；Plume 读取 F32、F16 和 BF16',
    "cannot write tensor '{}': the name is reserved or used twice": '无法写入张量“{0}”：该名称是保留名或已被使用',
    "cannot write tensor '{}': unknown dtype '{}'": '无法写入张量“{0}”：未知的 dtype“{1}”',
    "cannot write tensor '{}': bad shape {}": '无法写入张量“{0}”：形状 {1} 无效',
    "cannot write tensor '{}': shape {} of {} needs {} bytes, got {}": '无法写入张量“{0}”：形状 {1} 的 {2} 张量需要 {3} 字节，实际为 {4} 字节',

    // sampler.cpp: the sampling options; the last value of the first is a range (a fragment).
    'option {} is {}, expected {}': '选项 {0} 为 {1}，应为{2}',
    'option topK is {}, expected an integer >= 0 (0 = off)': '选项 topK 为 {0}，应为大于等于 0 的整数（0 = 关闭）',
    'option noRepeatNgramSize is {}, expected an integer >= 0 (0 = off)': '选项 noRepeatNgramSize 为 {0}，应为大于等于 0 的整数（0 = 关闭）',

    // tokenizer.cpp: a token value is quoted by the engine ('Ġthe'), so it is left as it is.
    'the tokenizer vocabulary is empty': '分词器的词表为空',
    'the tokenizer vocabulary is too large': '分词器的词表过大',
    'the tokenizer has {} token types for {} tokens': '分词器有 {1} 个词元，却有 {0} 个词元类型',
    'token {} is an empty string': '词元 {0} 是空字符串',
    'token {} appears twice in the vocabulary (ids {} and {})': '词元 {0} 在词表中出现了两次（id {1} 和 {2}）',
    "token {} {} is not in GPT-2's byte-level spelling ({} is not one of its 256 byte characters)":
      '词元 {0} {1} 不符合 GPT-2 的字节级拼写（{2} 不是其 256 个字节字符之一）',
    'the vocabulary has no token for byte {} (spelled {}); a byte-level BPE vocabulary needs all 256 byte tokens':
      '词表中没有字节 {0} 的词元（拼写为 {1}）；字节级 BPE 词表需要全部 256 个字节词元',
    'the tokenizer has no merges: byte-level BPE needs its merges list (merges.txt / vocab.bpe / tokenizer.ggml.merges) to join bytes into tokens':
      '分词器没有合并规则：字节级 BPE 需要合并列表（merges.txt / vocab.bpe / tokenizer.ggml.merges）才能把字节组合成词元',
    '{}: expected two tokens separated by one space': '{0}：应为以一个空格分隔的两个词元',
    '{}: {} is not in the vocabulary': '{0}：{1} 不在词表中',
    '{}: the merged token {} is not in the vocabulary': '{0}：合并后的词元 {1} 不在词表中',
    '{}: the same merge appears earlier (merge {})': '{0}：相同的合并规则在前面已出现过（第 {1} 条）',
    'vocab.json is not valid JSON': 'vocab.json 不是有效的 JSON',
    'vocab.json must be a JSON object mapping tokens to ids, found a {}': 'vocab.json 必须是把词元映射到 id 的 JSON 对象，实际为 {0}',
    'vocab.json has no tokens': 'vocab.json 中没有词元',
    'vocab.json: the id of token {} must be an integer, found a {}': 'vocab.json：词元 {0} 的 id 必须为整数，实际为 {1}',
    'vocab.json: token {} has id {}; with {} tokens the ids must run from 0 to {}': 'vocab.json：词元 {0} 的 id 为 {1}；共 {2} 个词元时，id 必须在 0 到 {3} 之间',
    'vocab.json: id {} is used by both {} and {}': 'vocab.json：id {0} 同时被 {1} 和 {2} 使用',
    'tokenizer files: {}': '分词器文件：{0}',
    'GGUF tokenizer: {}': 'GGUF 分词器：{0}',
  },
  fragments: {
    // gguf.cpp, Cursor's `context`: the part of the file being read.
    'the header': '文件头',
    'metadata entry #{}': '元数据条目 #{0}',
    "metadata key '{}'": '元数据键“{0}”',
    'tensor info #{}': '张量信息 #{0}',
    "tensor '{}'": '张量“{0}”',
    // gguf.cpp, the `what` of a read: the field that was read.
    'the magic': '魔数',
    'the version': '版本号',
    'the tensor count': '张量数',
    'the metadata count': '元数据条目数',
    'the key': '键名',
    'array length': '数组长度',
    'array data': '数组数据',
    'a value': '值',
    'a string value': '字符串值',
    'a string element': '字符串元素',
    'the tensor name': '张量名',
    'the number of dimensions': '维数',
    'a dimension': '维度大小',
    'the tensor type': '张量类型',
    'the data offset': '数据偏移',
    // gguf.cpp, describe_type(): a metadata value's type ("key 'x' is a string, expected ...");
    // "a bool", "a float32" and "a float64" are also the `what` of a read.
    'a bool': '一个布尔值',
    'a float32': '一个 float32 值',
    'a float64': '一个 float64 值',
    'a string': '字符串',
    'a uint8': '一个 uint8 值',
    'an int8': '一个 int8 值',
    'a uint16': '一个 uint16 值',
    'an int16': '一个 int16 值',
    'a uint32': '一个 uint32 值',
    'an int32': '一个 int32 值',
    'a uint64': '一个 uint64 值',
    'an int64': '一个 int64 值',
    'an array of uint8': '一个 uint8 数组',
    'an array of int8': '一个 int8 数组',
    'an array of uint16': '一个 uint16 数组',
    'an array of int16': '一个 int16 数组',
    'an array of uint32': '一个 uint32 数组',
    'an array of int32': '一个 int32 数组',
    'an array of uint64': '一个 uint64 数组',
    'an array of int64': '一个 int64 数组',
    'an array of float32': '一个 float32 数组',
    'an array of float64': '一个 float64 数组',
    'an array of bool': '一个 bool 数组',
    'an array of string': '一个 string 数组',
    'an array of array': '一个嵌套数组',
    // gguf.cpp: why a tensor type has no size, and where its data ends.
    'not a ggml type Plume knows': 'Plume 不认识的 ggml 类型',
    // "({}{})" holds "Q4_2, " and the reason: the lazy match gives the first value "" and the
    // second the whole text.
    '{}, a type ggml has removed': '{0}，ggml 已移除的类型',
    'at byte {}': '第 {0} 字节',
    'past byte 2^64': '第 2^64 字节之后',
    // gguf.cpp, read_value_type(): "unknown {} {}" is "unknown value type 13", which the skeleton
    // can't split ("value" / "type 13"): the whole message, matched before the skeleton.
    '{}: unknown value type {} at byte offset {} (GGUF value types are 0-12)': '{0}：字节偏移 {2} 处有未知的值类型 {1}（GGUF 的值类型为 0-12）',
    '{}: unknown array element type {} at byte offset {} (GGUF value types are 0-12)':
      '{0}：字节偏移 {2} 处有未知的数组元素类型 {1}（GGUF 的值类型为 0-12）',
    // gguf_writer.cpp: a bad general.alignment, reported when the file is written.
    'general.alignment must be a power of two': 'general.alignment 必须是 2 的幂',
    'general.alignment must be a power of two, got {}': 'general.alignment 必须是 2 的幂，实际为 {0}',
    // gpt2_load.cpp, check_limits(): the model dimension out of range.
    'vocabulary size': '词表大小',
    'context length': '上下文长度',
    'embedding length': '嵌入长度',
    'feed-forward length': '前馈层长度',
    'block count': '层数（block count）',
    'attention head count': '注意力头数',
    // model_memory.cpp: where the memory goes.
    'the file {} MB + the attention cache for its {}-token context {} MB + working memory {} MB':
      '文件 {0} MB + {1} 词元上下文的注意力缓存 {2} MB + 工作内存 {3} MB',
    'the file {} MB + weights converted to F32 {} MB + the attention cache for its {}-token context {} MB + working memory {} MB':
      '文件 {0} MB + 转换为 F32 的权重 {1} MB + {2} 词元上下文的注意力缓存 {3} MB + 工作内存 {4} MB',
    // sampler.cpp: the range a sampling option must be in ("option topP is 2.000000, expected ...").
    'a number >= 0': '大于等于 0 的数',
    'a number in (0, 1]': '区间 (0, 1] 内的数',
    'a number in [0, 1]': '区间 [0, 1] 内的数',
    'a number > 0 (1 = off)': '大于 0 的数（1 = 关闭）',
    // tokenizer.cpp: which merge is wrong, and a character outside GPT-2's byte alphabet.
    "merge {} '{}'": '第 {0} 条合并规则“{1}”',
    "merges line {} '{}'": '合并文件第 {0} 行“{1}”',
    'invalid UTF-8': '无效的 UTF-8',
    // "tokenizer files: merges line 3 'h zz': 'zz' is not in the vocabulary" would match the
    // skeleton "{}: {} is not in the vocabulary" with "tokenizer files" as its first value: the
    // wrapped message whole, matched first.
    'tokenizer files: {}: {} is not in the vocabulary': '分词器文件：{0}：{1} 不在词表中',
    'GGUF tokenizer: {}: {} is not in the vocabulary': 'GGUF 分词器：{0}：{1} 不在词表中',
    // ... and, as those would take the merged-token message too, that one whole as well.
    'tokenizer files: {}: the merged token {} is not in the vocabulary': '分词器文件：{0}：合并后的词元 {1} 不在词表中',
    'GGUF tokenizer: {}: the merged token {} is not in the vocabulary': 'GGUF 分词器：{0}：合并后的词元 {1} 不在词表中',
    // tokenizer.cpp, from_gguf()'s fail(...): make_error("GGUF tokenizer: ", parts...) hides these
    // from the extractor, so they come as the value of "GGUF tokenizer: {}".
    "tokenizer.ggml.model is {}; Plume reads only 'gpt2' (GPT-2 byte-level BPE) tokenizers":
      "tokenizer.ggml.model 为 {0}；Plume 只读取 'gpt2'（GPT-2 字节级 BPE）分词器",
    "key '{}' must be an array of strings": '键“{0}”必须是字符串数组',
    "missing key 'tokenizer.ggml.merges': a tokenizer without merges cannot join bytes into tokens":
      '缺少键“tokenizer.ggml.merges”：没有合并规则的分词器无法把字节组合成词元',
    "key 'tokenizer.ggml.token_type' must be an array of integers": '键“tokenizer.ggml.token_type”必须是整数数组',
    'tokenizer.ggml.token_type holds {}': 'tokenizer.ggml.token_type 中有无效值 {0}',
    '{} is {} but the vocabulary has {} tokens': '{0} 为 {1}，但词表只有 {2} 个词元',
  },
};
