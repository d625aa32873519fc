#!/usr/bin/env python3
"""Reference prompts for the template library, rendered by the corpus generator's own code
(scripts/corpus/prompt_format.py render_prompt), not by Plume's Mustache templates.

For every sidecar in templates/ and a few fixed field sets, the expected prompt is built from
the corpus phrase bank: the task line is TASKS[kind][0], the constraints must be one of
CONSTRAINTS[kind], and the content type, language and channel labels come from
CONTENT_TYPE_NAMES / LANGUAGE_NAME / CHANNEL_NAMES. Only the few-shot examples are taken from
the sidecar (they are the template's data). tests/unit/test_template_library.cpp compares the
C++ rendering with the committed output (tests/reference/prompt_fixtures.json), and
tests/js/write.test.mjs checks that the committed file is what this script prints now.

Usage: tests/reference/gen_prompt_fixtures.py [--out FILE]   (stdout without --out)
"""
import argparse
import glob
import json
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "scripts", "corpus"))
import phrases_en  # noqa: E402
import phrases_zh  # noqa: E402
import prompt_format  # noqa: E402

PHRASES = {"en": phrases_en, "zh": phrases_zh}
# The library's feature bullets are product descriptions with bullet-style examples.
KIND = {"feature_bullets": "product_description"}

FIELD_SETS = {
    "en": [
        {"product": "Aurora Fit Band 7", "category": "wearables",
         "features": ["heart rate monitoring", "sleep tracking", "7-day battery life"],
         "audience": "fitness beginners", "tone": "warm, friendly", "customer": "Ana",
         "recommended": ["Aurora Smart Scale"], "question": "How long does the battery last?"},
        {"product": "Trail Bottle 750", "features": ["leak-proof lid"], "question": "Is it dishwasher safe?"},
        {"product": "Tom's \"Best\" <Mug> & Co", "features": ["holds 350 ml", "100% recycled"], "tone": "playful",
         "question": "Can I use it in the microwave?", "customer": "O'Brien"},
    ],
    "zh": [
        {"product": "智能可穿戴健身手环", "category": "运动健康",
         "features": ["心率监测", "睡眠跟踪", "运动记录", "人体工程学设计，佩戴舒适", "续航长达 7 天，支持快速充电"],
         "audience": "注重健康的年轻上班族", "tone": "活力、亲切", "customer": "李女士",
         "recommended": ["极光智能体脂秤"], "question": "续航能用几天？"},
        {"product": "极光电饭煲 2", "features": ["4升大容量"], "question": "内胆可以用洗碗机洗吗？"},
        {"product": "Plume <Mini> & “Pro”", "features": ["100% 再生材料"], "tone": "俏皮", "question": "支持微波炉加热吗？"},
    ],
}


def expected(sidecar, fields):
    lang, kind = sidecar["language"], KIND.get(sidecar["name"].split(".")[0], sidecar["content_type"])
    P = PHRASES[lang]
    task = P.TASKS[kind][0]
    if sidecar["task"] != task:
        sys.exit(f"{sidecar['name']}: task {sidecar['task']!r} is not the corpus' {task!r}")
    if sidecar["constraints"] not in P.CONSTRAINTS[kind]:
        sys.exit(f"{sidecar['name']}: constraints {sidecar['constraints']!r} are not one of the corpus' sets")
    defaults = {"content_type": P.CONTENT_TYPE_NAMES[kind], "language": P.LANGUAGE_NAME,
                "channel": P.CHANNEL_NAMES[sidecar["channel"]]}
    examples = [({**defaults, **{k: v for k, v in e.items() if k != "output"}}, e["output"]) for e in sidecar["examples"]]
    return prompt_format.render_prompt(task, sidecar["constraints"], examples, {**defaults, **fields}, lang)


def main():
    ap = argparse.ArgumentParser(description="Reference prompts for the template library (see the module docstring).")
    ap.add_argument("--out")
    args = ap.parse_args()
    cases = []
    for path in sorted(glob.glob(os.path.join(REPO, "templates", "*.json"))):
        with open(path, encoding="utf-8") as f:
            sidecar = json.load(f)
        if "fields" not in sidecar:
            continue
        for fields in FIELD_SETS[sidecar["language"]]:
            # The corpus asks a question only in FAQ answers and customer-service replies.
            wanted = {k: v for k, v in fields.items()
                      if k != "question" or sidecar["content_type"] in ("faq", "customer_service")}
            cases.append({"template": sidecar["name"], "input": wanted, "prompt": expected(sidecar, wanted)})
    text = json.dumps({"generator": "tests/reference/gen_prompt_fixtures.py", "cases": cases}, ensure_ascii=False, indent=1) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
