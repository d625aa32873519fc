#!/usr/bin/env python3
"""Generates Plume's bilingual training corpus from the catalog and the phrase bank.

Each document is one marketing task in the prompt format (docs/prompt-format.md): a prompt
built from a catalog product's structured fields (content type, language, channel, product,
category, features, audience, tone, customer, recommended items, question), 0-2 few-shot examples,
the reference output and the end marker; a few documents use the seed document's free-form
prompt ("任务: ...\\n产品信息: ...\\n产品特性描述:\\n"). Documents are separated by
"<|endoftext|>". Every output mentions each given feature word for word and no other feature of
the product (checked for every document; the script fails otherwise).

Python 3 standard library only; deterministic for a seed.

Usage: scripts/gen_corpus.py [--seed N] [--min-bytes N] [--out DIR] [--catalog PATH] [--gold DIR] [--gold-only]
                            [--remix SHARE] [--novel SHARE] [--dev N]
Writes DIR/train.txt (all documents), DIR/train.jsonl (the same documents as {"prompt",
"completion"} pairs, for training on the outputs only), DIR/train.en.txt, DIR/train.zh.txt,
DIR/gold.en.txt, DIR/gold.zh.txt (the gold evaluation set rendered as documents, never part of
train.txt), DIR/gold.{en,zh}.prompts.jsonl (the gold set as {"id", "prompt", "reference",
"features", "language", "content_type", "channel"} records for `plume eval`) and DIR/stats.json.
--gold-only writes just the gold files (scripts/eval uses it); --dev N writes just a development
set, DIR/dev.{en,zh}.prompts.jsonl (generated requests about remixed products, for tuning).
"""
import argparse
import glob
import hashlib
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus"))
import compose  # noqa: E402
import novel  # noqa: E402
import phrases_en  # noqa: E402
import phrases_zh  # noqa: E402
import prompt_format  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EOT = "<|endoftext|>"
LANGS = {"en": compose.Lang("en", phrases_en), "zh": compose.Lang("zh", phrases_zh)}

# Share of documents per kind (the rest of the mix is by language: half English, half Chinese).
KINDS = [("product_description", 0.27), ("email", 0.14), ("sms", 0.10), ("social_post", 0.14), ("ad", 0.09),
         ("faq", 0.11), ("customer_service", 0.08), ("seed_style", 0.07)]
SOCIAL_CHANNELS = {"en": ["x", "instagram"], "zh": ["weibo", "wechat", "xiaohongshu"]}
CHANNEL_OF = {"product_description": "website", "email": "email", "sms": "sms", "ad": "search_ads", "faq": "faq",
              "customer_service": "support"}


def load_catalog(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def pick_features(product, rng, lo, hi):
    feats = list(product["features"])
    rng.shuffle(feats)
    n = rng.randint(min(lo, len(feats)), min(hi, len(feats)))
    return feats[:n]


def base_fields(lang, kind, product, channel, features, rng):
    L = LANGS[lang]
    P = L.P
    fields = {"content_type": P.CONTENT_TYPE_NAMES[kind], "language": P.LANGUAGE_NAME,
              "channel": P.CHANNEL_NAMES[channel], "product": product["name"][lang],
              "features": [f[lang] for f in features]}
    if rng.random() < 0.8:
        fields["category"] = product["category"][lang].lower() if lang == "en" else product["category"][lang]
    return fields


def make_example(lang, kind, product, catalog, rng, channel=None):
    """(fields, output) for one task, or None when the product does not suit it."""
    L = LANGS[lang]
    P = L.P
    tone = rng.choice(["warm", "professional"] if kind in ("faq", "customer_service") else list(P.TONES))
    audience = rng.choice(product["audience"])[lang] if rng.random() < 0.7 else None
    customer = rng.choice(P.CUSTOMERS)
    if kind == "product_description":
        features = pick_features(product, rng, 2, 6)
        output = compose.product_description(L, product, features, tone, audience, rng)
        fields = base_fields(lang, kind, product, "website", features, rng)
    elif kind == "email":
        features = pick_features(product, rng, 1, 4)
        recommended = []
        if rng.random() < 0.5:
            pool = [p for p in catalog if p["category"]["id"] == product["category"]["id"] and p["id"] != product["id"]]
            same = rng.sample(pool, min(4, len(pool))) if rng.random() < 0.7 else rng.sample(catalog, 4)
            same = [p for p in same if p["id"] != product["id"]]
            recommended = [p["name"][lang] for p in same[: rng.randint(1, 2)]]
        output = compose.email(L, product, features, tone, audience, customer, recommended, rng)
        fields = base_fields(lang, kind, product, "email", features, rng)
        fields["customer"] = customer
        fields["recommended"] = recommended
    elif kind == "sms":
        limit = 160 if lang == "en" else 70
        features = pick_features(product, rng, 1, 2)
        output = compose.sms(L, product, features, tone, customer, rng, limit)
        if output is None:
            features = features[:1]
            output = compose.sms(L, product, features, tone, customer, rng, limit)
        if output is None:
            return None
        fields = base_fields(lang, kind, product, "sms", features, rng)
        fields["customer"] = customer
        audience = None
    elif kind == "social_post":
        channel = channel or rng.choice(SOCIAL_CHANNELS[lang])
        features = pick_features(product, rng, 1, 3)
        output = compose.social_post(L, product, features, tone, audience, channel, rng)
        if channel == "x" and len(output) > 280:
            return None
        fields = base_fields(lang, kind, product, channel, features, rng)
    elif kind == "ad":
        features = pick_features(product, rng, 1, 2)
        output = compose.ad(L, product, features, tone, rng)
        if output is None:
            features = features[:1]
            output = compose.ad(L, product, features, tone, rng)
        if output is None:
            return None
        fields = base_fields(lang, kind, product, "search_ads", features, rng)
        audience = None
    elif kind in ("faq", "customer_service"):
        features = pick_features(product, rng, 1, 3)
        target, others = features[0], features[1:]
        if kind == "faq":
            question, output = compose.faq(L, product, target, others, rng)
            tone = "professional"
        else:
            case = rng.choices(["feature", "delivery", "return"], [0.7, 0.15, 0.15])[0]
            question, output = compose.customer_service(L, product, target, others, customer, case, rng)
            if case != "feature":
                features = []
        fields = base_fields(lang, kind, product, CHANNEL_OF[kind], features, rng)
        fields["question"] = question
        if kind == "customer_service" and rng.random() < 0.6:
            fields["customer"] = customer
        elif kind == "customer_service":
            output = output.replace(customer, "").replace("  ", " ").replace(" ,", ",").replace("，，", "，")
        audience = None
    else:
        raise ValueError(kind)
    if audience:
        fields["audience"] = audience
    if rng.random() < 0.85 or kind in ("email", "sms"):
        fields["tone"] = rng.choice(P.TONES[tone])
    return fields, output


def check_features(product, fields, output, lang):
    """Every given feature is in the output; no other feature of the product is."""
    given = {f.lower() for f in fields.get("features", [])}
    text = output.lower()
    for f in given:
        if f not in text:
            return f"feature '{f}' missing"
    # A feature word inside the product's name or type is not a feature claim.
    for name in (product["name"][lang], product["product_type"][lang]):
        text = text.replace(name.lower(), " ")
    for feat in product["features"]:
        f = feat[lang].lower()
        if f not in given and f in text and not any(f in g for g in given):
            return f"feature '{f}' not given but written"
    return None


def seed_style_document(lang, product, rng):
    L = LANGS[lang]
    P = L.P
    tone = rng.choice(list(P.TONES))
    features = pick_features(product, rng, 2, 6)
    names = [f[lang] for f in features]
    info = compose.fill(rng.choice(P.SEED_STYLE["info"]), type=product["product_type"][lang],
                        product=product["name"][lang], flist=L.flist(names))
    if lang == "en":
        info = compose.cap(info)
    ascii_punct = lang == "zh" and rng.random() < 0.4  # the seed itself uses ASCII commas
    if ascii_punct:
        info = info.replace("，", ",")
    output = compose.product_description(L, product, features, tone, None, rng)
    doc = prompt_format.render_seed_style(rng.choice(P.SEED_STYLE["task"]), rng.choice(P.SEED_STYLE["info_label"]),
                                          info, rng.choice(P.SEED_STYLE["output_label"]), output,
                                          leading_newline=rng.random() < 0.3)
    return doc, {"features": names}, output


def remix(product, catalog, rng):
    """A product the catalog does not have: this product's type and category with another brand's
    name (or no brand) and features drawn from products of any category. Documents about remixed
    products can only be written by copying the prompt's fields, which is what the model must
    learn; documents about catalog products alone let it recall features from memory instead."""
    p = dict(product)
    other = rng.choice(catalog)
    pool = [f for q in rng.sample(catalog, 6) for f in q["features"]]
    rng.shuffle(pool)
    seen, feats = set(), []
    for f in list(product["features"]) + pool:
        if f["en"] not in seen:
            seen.add(f["en"])
            feats.append(f)
    keep = rng.randint(0, min(3, len(product["features"])))
    p["features"] = feats[:keep] + [f for f in feats[len(product["features"]):] if f["en"] not in
                                    {g["en"] for g in feats[:keep]}][: rng.randint(4, 7) - keep]
    style = rng.random()
    if style < 0.4:
        name = {"en": other["brand"]["en"] + " " + product["product_type"]["en"],
                "zh": other["brand"]["zh"] + product["product_type"]["zh"]}
    elif style < 0.7:
        name = {"en": product["product_type"]["en"].capitalize(), "zh": product["product_type"]["zh"]}
    else:
        name = {"en": other["brand"]["en"] + " " + product["product_type"]["en"].title() + " " + str(rng.randint(2, 9)),
                "zh": other["brand"]["zh"] + product["product_type"]["zh"] + str(rng.randint(2, 9))}
    p["name"] = name
    p["brand"] = other["brand"] if style < 0.4 or style >= 0.7 else product["brand"]
    p["id"] = product["id"] + "-remix"
    return p


def document(lang, kind, product, catalog, rng):
    if kind == "seed_style":
        return seed_style_document(lang, product, rng)
    made = make_example(lang, kind, product, catalog, rng)
    if made is None:
        return None
    fields, output = made
    P = LANGS[lang].P
    examples = []
    n_examples = rng.choices([0, 1, 2], [0.65, 0.28, 0.07])[0]
    for _ in range(n_examples):
        other = rng.choice(catalog)
        ex = make_example(lang, kind, other, catalog, rng, channel=None)
        if ex is not None and (kind != "social_post" or ex[0]["channel"] == fields["channel"]):
            examples.append(ex)
    doc = prompt_format.render_document(rng.choice(P.TASKS[kind]), rng.choice(P.CONSTRAINTS[kind]), examples,
                                        fields, output, lang)
    return doc, fields, output


def split_prompt(doc, output):
    """(prompt, completion): the completion is the output and what follows it (the end marker)."""
    at = doc.rindex(output)
    return doc[:at], doc[at:]


def load_gold(gold_dir):
    gold = {"en": [], "zh": []}
    for path in sorted(glob.glob(os.path.join(gold_dir, "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                gold[json.loads(line)["lang"]].append(json.loads(line))
    return gold


def render_gold(item):
    lang = item["lang"]
    P = LANGS[lang].P
    kind = item["content_type"]
    return prompt_format.render_document(P.TASKS[kind][0], P.CONSTRAINTS[kind][0], [], item["input"], item["output"], lang)


def gold_prompt_record(item):
    """One gold example for the evaluation (plume eval): the prompt exactly as render_gold lays it
    out up to "### Output\n", the hand-written reference and the fields the quality checks need."""
    lang = item["lang"]
    P = LANGS[lang].P
    kind = item["content_type"]
    prompt = prompt_format.render_prompt(P.TASKS[kind][0], P.CONSTRAINTS[kind][0], [], item["input"], lang)
    assert render_gold(item).startswith(prompt + item["output"])
    return {"id": item["id"], "prompt": prompt, "reference": item["output"],
            "features": item["input"].get("features", []), "language": lang, "content_type": kind,
            "channel": item["channel"]}


def write_gold(out_dir, gold):
    """DIR/gold.{en,zh}.txt (documents) and DIR/gold.{en,zh}.prompts.jsonl (for plume eval)."""
    os.makedirs(out_dir, exist_ok=True)
    for lang in ("en", "zh"):
        with open(os.path.join(out_dir, f"gold.{lang}.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write(EOT.join(render_gold(item) for item in gold[lang]) + EOT)
        with open(os.path.join(out_dir, f"gold.{lang}.prompts.jsonl"), "w", encoding="utf-8", newline="\n") as f:
            for item in gold[lang]:
                f.write(json.dumps(gold_prompt_record(item), ensure_ascii=False) + "\n")


def write_dev(out_dir, catalog, per_lang, rng):
    """DIR/dev.{en,zh}.prompts.jsonl: generated requests about remixed products (new names, features
    drawn from other products), in the gold records' format, for tuning settings such as the
    phrase guidance's boost without looking at the gold set. The outputs are the generator's."""
    os.makedirs(out_dir, exist_ok=True)
    kinds = [(k, w) for k, w in KINDS if k != "seed_style"]
    for lang in ("en", "zh"):
        P = LANGS[lang].P
        records = []
        while len(records) < per_lang:
            kind = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
            product = remix(rng.choice(catalog), catalog, rng)
            made = make_example(lang, kind, product, catalog, rng)
            if made is None:
                continue
            fields, output = made
            prompt = prompt_format.render_prompt(P.TASKS[kind][0], P.CONSTRAINTS[kind][0], [], fields, lang)
            records.append({"id": f"dev-{lang}-{len(records) + 1:03d}", "prompt": prompt, "reference": output,
                            "features": fields.get("features", []), "language": lang, "content_type": kind,
                            "channel": fields["channel"]})
        with open(os.path.join(out_dir, f"dev.{lang}.prompts.jsonl"), "w", encoding="utf-8", newline="\n") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")


def main():
    ap = argparse.ArgumentParser(description="Generates the training corpus (see the module docstring).")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--min-bytes", type=int, default=6_000_000)
    ap.add_argument("--out", default=os.path.join(REPO, "build/corpus"))
    ap.add_argument("--catalog", default=os.path.join(REPO, "data/catalog/products.jsonl"))
    ap.add_argument("--gold", default=os.path.join(REPO, "data/gold"))
    ap.add_argument("--remix", type=float, default=0.0,
                    help="share of documents about remixed products (new names, features from other products)")
    ap.add_argument("--novel", type=float, default=0.0,
                    help="share of documents about remixed products whose features are mostly invented "
                         "(scripts/corpus/novel.py): they can only be written by copying the prompt")
    ap.add_argument("--gold-only", action="store_true",
                    help="write only the gold files (gold.{en,zh}.txt and .prompts.jsonl), no training corpus")
    ap.add_argument("--dev", type=int, default=0, metavar="N",
                    help="write only a development set: DIR/dev.{en,zh}.prompts.jsonl, N generated requests "
                         "per language about remixed products (for tuning; plume eval --set dev)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    if args.dev > 0:
        write_dev(args.out, load_catalog(args.catalog), args.dev, rng)
        print(f"{args.out}: dev {args.dev} per language")
        return
    gold = load_gold(args.gold)
    if args.gold_only:
        write_gold(args.out, gold)
        print(f"{args.out}: gold {dict((k, len(v)) for k, v in gold.items())}")
        return
    catalog = load_catalog(args.catalog)
    gold_outputs = {item["output"].strip() for items in gold.values() for item in items}
    docs = {"en": [], "zh": []}
    pairs = {"en": [], "zh": []}  # (prompt, completion) of each document
    counts, total, seen = {}, 0, set()
    seed_band = catalog[0]
    # The seed document's fitness band gets extra seed-style documents: it is the first demo.
    plan = [("seed_style", seed_band, lang) for lang in ("en", "zh") for _ in range(15)]
    while total < args.min_bytes:
        if plan:
            kind, product, lang = plan.pop()
        else:
            kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
            product, lang = rng.choice(catalog), rng.choice(["en", "zh"])
            draw = rng.random() if args.remix > 0 or args.novel > 0 else 1.0
            if draw < args.novel:
                product = remix(product, catalog, rng)
                product["features"] = novel.novel_features(product, catalog, rng)
            elif draw < args.novel + args.remix:
                product = remix(product, catalog, rng)
        made = document(lang, kind, product, catalog, rng)
        if made is None:
            continue
        doc, fields, output = made
        problem = check_features(product, fields, output, lang)
        if problem:
            sys.exit(f"generator bug ({kind}, {lang}, {product['id']}): {problem}\n{doc}")
        key = hashlib.sha1(doc.encode()).hexdigest()
        if key in seen or output.strip() in gold_outputs:
            continue
        seen.add(key)
        docs[lang].append(doc)
        pairs[lang].append(split_prompt(doc, output))
        counts[f"{kind}.{lang}"] = counts.get(f"{kind}.{lang}", 0) + 1
        total += len(doc.encode("utf-8")) + len(EOT)
    order = [(lang, i) for lang in ("en", "zh") for i in range(len(docs[lang]))]
    rng.shuffle(order)
    os.makedirs(args.out, exist_ok=True)

    def write(name, texts):
        with open(os.path.join(args.out, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(EOT.join(texts) + EOT)

    write("train.txt", [docs[lang][i] for lang, i in order])
    with open(os.path.join(args.out, "train.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for lang, i in order:
            prompt, completion = pairs[lang][i]
            f.write(json.dumps({"prompt": prompt, "completion": completion}, ensure_ascii=False) + "\n")
    write("train.en.txt", docs["en"])
    write("train.zh.txt", docs["zh"])
    write_gold(args.out, gold)
    stats = {"seed": args.seed, "documents": len(order), "bytes": os.path.getsize(os.path.join(args.out, "train.txt")),
             "by_kind": dict(sorted(counts.items())), "gold": {k: len(v) for k, v in gold.items()},
             "catalog_products": len(catalog)}
    with open(os.path.join(args.out, "stats.json"), "w", encoding="utf-8") as f:
        json.dump(stats, f, ensure_ascii=False, indent=1)
    print(f"{args.out}/train.txt: {stats['documents']} documents, {stats['bytes']} bytes "
          f"({len(docs['en'])} English, {len(docs['zh'])} Chinese); gold {stats['gold']}")


if __name__ == "__main__":
    main()
