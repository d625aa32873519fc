#!/usr/bin/env python3
"""Writes the template library's sidecars (templates/<name>.json) from the corpus phrase bank.

The task line and the constraints of every template are the ones the default model was trained
on (scripts/corpus/phrases_*.py TASKS[kind][0] and one of CONSTRAINTS[kind]); the few-shot
examples are made by the corpus composer (scripts/gen_corpus.py make_example) from catalog
products outside the demo's category, with a fixed seed, so they read like the training data.
Run once to (re)create the library; the JSON files are the source of truth afterwards and a user
may edit them. Python 3 standard library only; deterministic.

Usage: scripts/gen_templates.py [--out templates]
"""
import argparse
import json
import os
import random
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "scripts"))
sys.path.insert(0, os.path.join(REPO, "scripts", "corpus"))
import gen_corpus  # noqa: E402

INPUT_FIELDS = [key for key, _, _ in gen_corpus.prompt_format.FIELDS]
DEFAULT_FIELDS = ("content_type", "language", "channel")


def x_weight(text):
    # twitter-text v3: code points in its light ranges weigh 1, others 2 (close enough to pick examples).
    return sum(1 if ord(c) <= 0x10FF or 0x2000 <= ord(c) <= 0x200D or 0x2010 <= ord(c) <= 0x201F
               or 0x2032 <= ord(c) <= 0x2037 else 2 for c in text)


# name, kind, corpus channel key, languages, constraint set index, checks, channel rules, generation
SPECS = [
    ("product_description", "product_description", "website", ("en", "zh"), 0,
     {"en": {"min_words": 40, "max_words": 80}, "zh": {"min_chars": 80, "max_chars": 150}}, None, 200),
    ("feature_bullets", "product_description", "website", ("en", "zh"), 1, {}, None, 200),
    ("email", "email", "email", ("en", "zh"), 0, {}, None, 260),
    ("sms", "sms", "sms", ("en", "zh"), 0, {}, "sms", 90),
    ("social_post.x", "social_post", "x", ("en", "zh"), 0, {}, "x", 120),
    ("social_post.weibo", "social_post", "weibo", ("en", "zh"), 0, {}, "weibo", 160),
    ("social_post.wechat", "social_post", "wechat", ("en", "zh"), 1, {}, "wechat-digest", 120),
    ("social_post.instagram", "social_post", "instagram", ("en",), 0, {}, None, 160),
    ("social_post.xiaohongshu", "social_post", "xiaohongshu", ("zh",), 0, {}, None, 160),
    ("ad", "ad", "search_ads", ("en", "zh"), 0, {}, None, 80),
    ("faq", "faq", "faq", ("en", "zh"), 0, {}, None, 140),
    ("customer_service", "customer_service", "support", ("en", "zh"), 0, {}, None, 160),
]

PARTS = {
    "email": {"en": [("subject", "Subject:", "email-subject"), ("body", "Body:", None)],
              "zh": [("subject", "主题：", "email-subject"), ("body", "正文：", None)]},
    "ad": {"en": [("headline", "Headline:", "google-ads-headline"), ("description", "Description:", "google-ads-description")],
           "zh": [("headline", "标题：", "google-ads-headline"), ("description", "描述：", "google-ads-description")]},
}

MUST_MENTION = {"email": ["features", "customer"], "sms": ["features"], "customer_service": ["features"]}
REQUIRED = {"faq": ["product", "question"], "customer_service": ["product", "question"]}
BANNED = {"en": ["$", "€", "£"], "zh": ["¥", "￥"]}


def example_fits(name, lang, output):
    if name == "social_post.x":
        return x_weight(output) <= 250
    if name == "social_post.wechat":
        return len(output) <= (110 if lang == "zh" else 115)
    if name == "social_post.weibo":
        return len(output) <= 140
    if name == "feature_bullets":
        return output.count("\n") >= 2 and not output.startswith("\n")
    if name == "product_description":
        return "\n" not in output and (len(output.split()) <= 80 if lang == "en" else len(output) <= 150)
    return True


def make_examples(name, kind, channel, lang, catalog, count=2):
    rng = random.Random(f"{name}.{lang}")
    pool = [p for p in catalog if p["category"]["id"] != "wearables"]
    out, tries = [], 0
    while len(out) < count and tries < 20000:
        tries += 1
        product = rng.choice(pool)
        made = gen_corpus.make_example(lang, kind, product, catalog, rng, channel=channel if kind == "social_post" else None)
        if made is None:
            continue
        fields, output = made
        if kind == "social_post" and fields["channel"] != gen_corpus.LANGS[lang].P.CHANNEL_NAMES[channel]:
            continue
        if kind == "product_description" and name == "feature_bullets":
            fields = dict(fields)
        if not example_fits(name, lang, output) or any(e["product"] == fields["product"] for e in out):
            continue
        example = {k: v for k, v in fields.items() if k not in DEFAULT_FIELDS and v}
        example["output"] = output
        out.append(example)
    if len(out) < count:
        sys.exit(f"no examples for {name}.{lang}")
    return out


def sidecar(spec, lang, catalog):
    name, kind, channel, _, cset, checks, rule, max_new = spec
    P = gen_corpus.LANGS[lang].P
    # The channel fields the prompt writes (docs/prompt-format.md) come from the corpus' names.
    fields = {"content_type": P.CONTENT_TYPE_NAMES[kind], "language": P.LANGUAGE_NAME,
              "channel": P.CHANNEL_NAMES[channel]}
    parts = [{"name": n, "label": label, **({"channel_rule": r} if r else {})} for n, label, r in PARTS.get(kind, {}).get(lang, [])]
    c = {"must_mention": MUST_MENTION.get(kind, ["features"]), "banned": BANNED[lang]}
    c.update(checks.get(lang, {}))
    if rule:
        c["channel_rule"] = rule
    h = gen_corpus.prompt_format.HEADERS[lang]
    return {
        "format": "plume-prompt/1",
        "name": f"{name}.{lang}",
        "content_type": kind,
        "language": lang,
        "channel": channel,
        "template": f"prompt.{lang}.mustache",
        "partials": {f"product_fields.{lang}": f"product_fields.{lang}.mustache"},
        "task": P.TASKS[kind][0],
        "constraints": P.CONSTRAINTS[kind][cset],
        "fields": fields,
        "input_fields": INPUT_FIELDS,
        "required_fields": REQUIRED.get(kind, ["product"]),
        "checks": c,
        "output": {"marker": h["output"] + "\n", "stop": ["\n###"], "parts": parts},
        "generation": {"n": 3, "max_new_tokens": max_new, "temperature": 0.8, "top_k": 40, "top_p": 0.95,
                       "repetition_penalty": 1.1},
        "examples": make_examples(name, kind, channel, lang, catalog),
    }


def main():
    ap = argparse.ArgumentParser(description="Writes the template library's sidecars (see the module docstring).")
    ap.add_argument("--out", default=os.path.join(REPO, "templates"))
    args = ap.parse_args()
    catalog = gen_corpus.load_catalog(os.path.join(REPO, "data/catalog/products.jsonl"))
    for spec in SPECS:
        for lang in spec[3]:
            doc = sidecar(spec, lang, catalog)
            path = os.path.join(args.out, f"{spec[0]}.{lang}.json")
            if spec[0] == "product_description":
                # The first library files predate this script: keep their template and sample.
                with open(path, encoding="utf-8") as f:
                    old = json.load(f)
                doc["template"] = old["template"]
                doc["sample"] = old["sample"]
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                json.dump(doc, f, ensure_ascii=False, indent=2)
                f.write("\n")
            print(path)
    # The browser cannot list a folder: index.json names every file (web/write.js reads it).
    names = sorted(f for f in os.listdir(args.out) if f != "index.json" and f.endswith((".json", ".mustache")))
    with open(os.path.join(args.out, "index.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump({"files": names}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
