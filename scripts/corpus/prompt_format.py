"""Renders prompts in Plume's prompt format v1 (docs/prompt-format.md), byte for byte what the
Mustache templates in templates/ produce, plus the seed document's free-form shape.

A training document is the prompt, the reference output, then the end marker:
    <prompt ending in "### Output\n"><output>\n### End
Seed-style documents end after the output (the model then emits <|endoftext|>).
"""

HEADERS = {
    "en": {"task": "### Task", "constraints": "### Constraints", "example": "### Example",
           "input": "### Input", "output": "### Output", "end": "### End"},
    "zh": {"task": "### 任务", "constraints": "### 要求", "example": "### 示例",
           "input": "### 输入", "output": "### 输出", "end": "### 结束"},
}

# Field order and labels (docs/prompt-format.md, "Fields"). `question` (the customer's question
# or message, for FAQ answers and customer-service replies) is this generator's addition; it comes
# last, right before the output.
FIELDS = [
    ("content_type", "Content type", "内容类型"),
    ("language", "Language", "语言"),
    ("channel", "Channel", "渠道"),
    ("product", "Product", "产品"),
    ("category", "Category", "类别"),
    ("features", "Features", "特点"),
    ("audience", "Audience", "受众"),
    ("tone", "Tone", "语气"),
    ("customer", "Customer", "客户"),
    ("recommended", "Recommended", "推荐商品"),
    ("question", "Question", "问题"),
]


def render_fields(fields, lang):
    """One field per line: "Label: value" (English) or "标签：值" (Chinese); lists as "- item" lines;
    missing or empty fields are left out."""
    sep = ": " if lang == "en" else "："
    lines = []
    for key, en_label, zh_label in FIELDS:
        value = fields.get(key)
        if not value:
            continue
        label = en_label if lang == "en" else zh_label
        if isinstance(value, list):
            lines.append(label + sep.rstrip())
            lines += [f"- {item}" for item in value]
        else:
            lines.append(f"{label}{sep}{value}")
    return "\n".join(lines) + "\n"


def render_prompt(task, constraints, examples, fields, lang):
    """examples: list of (fields, output)."""
    h = HEADERS[lang]
    out = f"{h['task']}\n{task}\n\n{h['constraints']}\n"
    out += "".join(f"- {c}\n" for c in constraints)
    out += "\n"
    for example_fields, example_output in examples:
        out += f"{h['example']}\n{render_fields(example_fields, lang)}{h['output']}\n{example_output}\n{h['end']}\n\n"
    out += f"{h['input']}\n{render_fields(fields, lang)}{h['output']}\n"
    return out


def render_document(task, constraints, examples, fields, output, lang):
    return render_prompt(task, constraints, examples, fields, lang) + output + "\n" + HEADERS[lang]["end"]


def render_seed_style(task, info_label, info, output_label, output, leading_newline):
    """The seed's prompt: "任务: ...\\n产品信息: ...\\n产品特性描述:\\n" and the output."""
    prompt = f"{task}\n{info_label} {info}\n{output_label}\n"
    return ("\n" if leading_newline else "") + prompt + output
