#!/usr/bin/env python3
"""Generates Plume's synthetic product catalog: data/catalog/products.jsonl.

Products are composed from the structured parts in scripts/corpus/catalog_parts.py: for each
category and product type, a brand, a model name, 3-6 features that apply to that type (never
two features from the same group), a price and one or two audiences. The output is deterministic
for a seed (Python's random.Random), one JSON object per line:

  {"id": "P0001", "name": {"en": ..., "zh": ...}, "brand": {...}, "category": {"id", "en", "zh"},
   "product_type": {"en", "zh"}, "features": [{"type": "battery", "en": ..., "zh": ...}, ...],
   "price": {"usd": 59.99, "cny": 429}, "audience": [{"en": ..., "zh": ...}]}

The first product is the seed document's fitness band (heart rate, sleep tracking, workout
records, ergonomic design, 7-day battery, fast charging).

Usage: scripts/gen_catalog.py [--seed N] [--per-type N] [--out PATH]
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus"))
import catalog_parts  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fmt_value(v):
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def fill(feature, rng):
    """A concrete feature: the phrasings with a value drawn for "{v}"."""
    en, zh = feature["en"], feature["zh"]
    if "{v}" in en or "{v}" in zh:
        v = rng.choice(feature["values"])
        ven, vzh = (v if isinstance(v, tuple) else (fmt_value(v), fmt_value(v)))
        en, zh = en.replace("{v}", ven), zh.replace("{v}", vzh)
    return {"type": feature["type"], "en": en, "zh": zh}


def pick_features(pool, type_index, rng):
    applicable = [f for f in pool if f["to"] is None or str(type_index) in f["to"]]
    rng.shuffle(applicable)
    count = rng.randint(3, min(6, len(applicable)))
    chosen, groups, texts = [], set(), set()
    for f in applicable:
        if len(chosen) == count:
            break
        if (f["group"] and f["group"] in groups) or f["en"] in texts:
            continue
        chosen.append(f)
        texts.add(f["en"])
        if f["group"]:
            groups.add(f["group"])
    return [fill(f, rng) for f in chosen]


def title_case(s):
    return " ".join(w[:1].upper() + w[1:] for w in s.split(" "))


def price(lo, hi, rng):
    usd = rng.randint(lo, hi) - 0.01
    cny = int(round(usd * 7.1 / 10.0)) * 10 - 1
    return {"usd": round(usd, 2), "cny": max(cny, 9)}


def seed_fitness_band():
    """The seed document's product, exactly as its prompt describes it."""
    return {
        "name": {"en": "Aurora Fit Band 7", "zh": "极光健身手环7"},
        "brand": {"en": "Aurora", "zh": "极光"},
        "category": {"id": "wearables", "en": "Wearables", "zh": "智能穿戴"},
        "product_type": {"en": "fitness band", "zh": "健身手环"},
        "features": [
            {"type": "health_sensor", "en": "heart rate monitoring", "zh": "心率监测"},
            {"type": "health_sensor", "en": "sleep tracking", "zh": "睡眠跟踪"},
            {"type": "activity", "en": "workout records", "zh": "运动记录"},
            {"type": "design", "en": "ergonomic design", "zh": "人体工程学设计"},
            {"type": "battery", "en": "7-day battery life", "zh": "续航长达7天"},
            {"type": "charging", "en": "fast charging", "zh": "支持快速充电"},
        ],
        "price": {"usd": 59.99, "cny": 399},
        "audience": [{"en": "fitness beginners", "zh": "健身新手"}],
    }


def generate(seed, per_type):
    rng = random.Random(seed)
    products = [seed_fitness_band()]
    names = {products[0]["name"]["en"]}
    for cat in catalog_parts.CATEGORIES:
        brands = rng.sample(catalog_parts.BRANDS, 6)
        pool = catalog_parts.FEATURES[cat["id"]]
        for type_index, (type_en, type_zh, lo, hi) in enumerate(cat["types"]):
            made = 0
            while made < per_type:
                brand_en, brand_zh = rng.choice(brands)
                suffix = rng.choice(catalog_parts.MODEL_SUFFIXES)
                name_en = f"{brand_en} {title_case(type_en)}{suffix}"
                if name_en in names:
                    suffix = f" {rng.randint(4, 12)}"
                    name_en = f"{brand_en} {title_case(type_en)}{suffix}"
                    if name_en in names:
                        continue
                names.add(name_en)
                audiences = rng.sample(cat["audiences"], rng.choice([1, 1, 2]))
                products.append({
                    "name": {"en": name_en, "zh": f"{brand_zh}{type_zh}{suffix}"},
                    "brand": {"en": brand_en, "zh": brand_zh},
                    "category": {"id": cat["id"], "en": cat["en"], "zh": cat["zh"]},
                    "product_type": {"en": type_en, "zh": type_zh},
                    "features": pick_features(pool, type_index, rng),
                    "price": price(lo, hi, rng),
                    "audience": [{"en": a[0], "zh": a[1]} for a in audiences],
                })
                made += 1
    for i, p in enumerate(products):
        p["id"] = f"P{i:04d}"
    return [{"id": p["id"], **{k: v for k, v in p.items() if k != "id"}} for p in products]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--per-type", type=int, default=11)
    ap.add_argument("--out", default=os.path.join(REPO, "data/catalog/products.jsonl"))
    args = ap.parse_args()
    products = generate(args.seed, args.per_type)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        for p in products:
            f.write(json.dumps(p, ensure_ascii=False, separators=(",", ":")) + "\n")
    cats = len({p["category"]["id"] for p in products})
    print(f"{args.out}: {len(products)} products in {cats} categories, {os.path.getsize(args.out)} bytes")


if __name__ == "__main__":
    main()
