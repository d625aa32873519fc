#!/usr/bin/env python3
"""Writes the sample ecosystem data (data/ecosystem/{catalog,customers,events}.csv, campaigns.json
and outcomes/*.csv) from data/catalog/products.jsonl, deterministically (random.Random(42); same
bytes on every run): about 200 products, 1,000 customers and 50,000 events over 2024.

The behaviour is planted so the analysis has something to find: Chinese-speaking customers
engage on WeChat, Weibo and SMS in the evening (20:00-22:00 Beijing time), English speakers by
email in the morning (08:00-09:00); gold-tier customers buy more often; a fifth of the customers
stop coming back at some point (lapsed buyers) and some only browse (never bought). Traffic has
seasons: the weeks before Chinese New Year, the 618 and Double 11 festivals, and (for English
speakers) Black Friday and Christmas. Some events name the customer by e-mail (in another
letter case) or by phone number, and a partner's CRM export repeats some customers under its
own ids: identity unification joins them.

The outcomes files are what the channels would report after the two sample campaigns' first
runs (docs/campaigns.md): each audience customer's variant is computed with GrowthBook's hash
(the same as `plume campaign run`), and the variants have planted rates (SMS: the recommended
item at 20:00 gets the most clicks; email: recommended items in the morning convert best).

    python3 scripts/gen_ecosystem_sample.py [--out data/ecosystem]
"""
import argparse
import csv
import io
import json
import os
import random
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATEGORIES = {  # category -> supplying product partner (see data/ecosystem/manifest.json)
    'wearables': 'aurora-devices', 'audio': 'aurora-devices', 'smart_home': 'aurora-devices',
    'kitchen': 'lumen-home', 'tea_coffee': 'lumen-home', 'skincare': 'lumen-home'}
PER_CATEGORY = 34
N_CUSTOMERS = 1000
BEIJING = timezone(timedelta(hours=8))
START = datetime(2024, 1, 1, tzinfo=BEIJING)
DAYS = 366
# Traffic multipliers by (month, day) ranges: festivals and holidays (both years' dates are 2024's).
SEASONS_ZH = [((1, 25), (2, 8), 1.8), ((5, 25), (6, 18), 2.5), ((11, 1), (11, 11), 3.5)]
SEASONS_EN = [((11, 25), (12, 2), 3.0), ((12, 10), (12, 24), 2.5)]

ZH_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周']
ZH_GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '杰', '娟']
EN_FIRST = ['Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Zoe', 'Jack']
EN_LAST = ['Smith', 'Brown', 'Taylor', 'Wilson', "O'Neil", 'Clark', 'Walker', 'Hall', 'Young', 'King']
ZH_CITIES = ['上海', '北京', '深圳', '杭州', '成都']
EN_CITIES = ['London', 'New York', 'Singapore', 'Sydney', 'Toronto']


def season_weight(day, seasons):
    d = START + timedelta(days=day)
    w = 1.3 if d.weekday() >= 5 else 1.0
    for (m0, d0), (m1, d1), factor in seasons:
        if (m0, d0) <= (d.month, d.day) <= (m1, d1):
            w *= factor
    return w


# The two sample campaigns (docs/campaigns.md): an email A/B test and an SMS bandit.
CAMPAIGNS = {
    'version': 1,
    'campaigns': [
        {'id': 'spring-email', 'name': {'en': 'Picks by email', 'zh': '精选推荐邮件'},
         'audience': {'condition': {'language': 'en', 'purchases': {'$gte': 1}}},
         'channel': 'email', 'content_type': 'email', 'template': 'email', 'items': 3, 'product_partner': 'lumen-home',
         'variants': [{'id': 'morning-recommended', 'personalization': 'recommended', 'send_hour': 9},
                      {'id': 'evening-popular', 'personalization': 'popular', 'send_hour': 19,
                       'wording': 'warm, story-driven'}],
         'allocation': {'type': 'experiment', 'weights': [0.5, 0.5], 'metric': 'converted'}},
        {'id': 'flash-sms', 'name': {'en': 'Flash SMS', 'zh': '限时短信'},
         'audience': {'condition': {'language': 'zh'}},
         'channel': 'sms', 'partner': 'sms-gateway', 'content_type': 'sms', 'template': 'sms', 'items': 1,
         'variants': [{'id': 'for-you', 'personalization': 'recommended', 'send_hour': 20},
                      {'id': 'bestseller', 'personalization': 'popular', 'send_hour': 20, 'wording': '简洁、热情'},
                      {'id': 'noon', 'personalization': 'recommended', 'send_hour': 12}],
         'allocation': {'type': 'bandit', 'algorithm': 'thompson', 'min_weight': 0.05, 'metric': 'clicked'}},
    ]}
# Planted rates per variant: delivered, opened, clicked, converted (each of the stage before).
RATES = {'morning-recommended': (0.97, 0.38, 0.35, 0.40), 'evening-popular': (0.97, 0.30, 0.28, 0.22),
         'for-you': (0.98, 1.0, 0.12, 0.30), 'bestseller': (0.98, 1.0, 0.07, 0.25), 'noon': (0.98, 1.0, 0.04, 0.25)}


def fnv1a32(text):
    """GrowthBook's FNV-1a over UTF-16 code units (experiment/hash.h)."""
    h = 0x811c9dc5
    units = text.encode('utf-16-le')
    for i in range(0, len(units), 2):
        h ^= units[i] | (units[i + 1] << 8)
        h = (h * 0x01000193) & 0xffffffff
    return h


def gb_hash_v2(seed, value):
    return (fnv1a32(str(fnv1a32(seed + value))) % 10000) / 10000


def variant_of(campaign, customer_id):
    """The run's allocation before any outcome: experiment weights, or a bandit's equal weights."""
    variants = campaign['variants']
    if campaign['allocation']['type'] == 'experiment':
        u, weights = gb_hash_v2(campaign['id'], customer_id), campaign['allocation']['weights']
    else:
        u, weights = gb_hash_v2('bandit:' + campaign['id'], customer_id), [1 / len(variants)] * len(variants)
    start = 0.0
    for v, w in zip(variants, weights):
        if start <= u < start + w:
            return v['id']
        start += w
    return variants[-1]['id']


def write_outcomes(out, customers, purchases, products, rng):
    os.makedirs(os.path.join(out, 'outcomes'), exist_ok=True)
    sent = START + timedelta(days=DAYS + 1, hours=20)
    for campaign in CAMPAIGNS['campaigns']:
        rows = []
        for c in customers:
            if campaign['channel'] == 'email' and (c['zh'] or purchases.get(c['id'], 0) < 1):
                continue
            if campaign['channel'] == 'sms' and not c['zh']:
                continue
            variant = variant_of(campaign, c['id'])
            pd, po, pc, pv = RATES[variant]
            delivered = rng.random() < pd
            opened = delivered and rng.random() < po
            clicked = opened and rng.random() < pc
            converted = clicked and rng.random() < pv
            revenue = f"{rng.choice(products)['price']['cny']:.2f}" if converted else '0.00'
            when = (sent + timedelta(hours=rng.randrange(1, 48))).isoformat(timespec='seconds')
            rows.append([f"{campaign['id']}:{c['id']}", c['id'], campaign['id'], variant, int(delivered), int(opened),
                         int(clicked), int(converted), revenue, when])
        write_csv(os.path.join(out, 'outcomes', f"{campaign['id']}.csv"),
                  ['message_id', 'customer', 'campaign', 'variant', 'delivered', 'opened', 'clicked', 'converted',
                   'revenue', 'timestamp'], rows)


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator='\n')
    w.writerow(header)
    w.writerows(rows)
    with open(path, 'w', encoding='utf-8', newline='') as f:
        f.write(buf.getvalue())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default=os.path.join(ROOT, 'data/ecosystem'))
    args = ap.parse_args()
    rng = random.Random(42)
    os.makedirs(args.out, exist_ok=True)

    products = []
    taken = {c: 0 for c in CATEGORIES}
    with open(os.path.join(ROOT, 'data/catalog/products.jsonl'), encoding='utf-8') as f:
        for line in f:
            p = json.loads(line)
            cat = p['category']['id']
            if cat in CATEGORIES and taken[cat] < PER_CATEGORY:
                taken[cat] += 1
                products.append(p)
    catalog_rows = []
    for p in products:
        feats = '，'.join(x['zh'] for x in p['features'][:3])
        description = f"{p['name']['zh']}：{feats}. {p['product_type']['en'].capitalize()}, \"{p['brand']['en']}\" quality."
        availability = 'out_of_stock' if rng.random() < 0.05 else 'in_stock'
        catalog_rows.append([p['id'], p['name']['en'], description, f"{p['price']['cny']:.2f} CNY", p['category']['id'],
                             p['brand']['en'], f"https://shop.example.com/p/{p['id']}",
                             f"https://shop.example.com/img/{p['id']}.jpg", availability, CATEGORIES[p['category']['id']]])
    write_csv(os.path.join(args.out, 'catalog.csv'),
              ['id', 'title', 'description', 'price', 'category', 'brand', 'link', 'image_link', 'availability', 'partner'],
              catalog_rows)

    customers = []
    for i in range(N_CUSTOMERS):
        zh = rng.random() < 0.6
        if zh:
            name = rng.choice(ZH_SURNAMES) + rng.choice(ZH_GIVEN) + (rng.choice(ZH_GIVEN) if rng.random() < 0.5 else '')
            city = rng.choice(ZH_CITIES)
        else:
            last = rng.choice(EN_LAST)
            first = rng.choice(EN_FIRST)
            name = f'{last}, {first}' if rng.random() < 0.2 else f'{first} {last}'
            city = rng.choice(EN_CITIES)
        cid = f'C{i + 1:04d}'
        email = f'user{i + 1:04d}@example.{"cn" if zh else "com"}'
        mobile = f'13{rng.randrange(10**9):09d}'
        phone = (f'{mobile[:3]} {mobile[3:7]} {mobile[7:]}' if rng.random() < 0.5 else f'+86{mobile}') if zh else ''
        tier = rng.choices(['gold', 'silver', 'none'], [0.15, 0.3, 0.55])[0]
        signup = START - timedelta(days=rng.randrange(0, 400))
        customers.append(dict(id=cid, name=name, email=email, phone=phone, mobile=mobile, zh=zh, city=city, tier=tier,
                              age=rng.randrange(18, 66), signup=signup))
    rows = [[c['id'], c['name'], c['email'], c['phone'], 'zh-CN' if c['zh'] else 'en', c['city'],
             c['signup'].date().isoformat(), c['tier'], c['age'], 'true' if c['tier'] == 'gold' else 'false'] for c in customers]
    # A partner CRM's export: the same people under its own ids, e-mail in another case.
    for c in rng.sample(customers, 40):
        rows.append([f"WX-{c['id'][1:]}", '', c['email'].upper(), '', '', '', '', c['tier'], '', ''])
    write_csv(os.path.join(args.out, 'customers.csv'),
              ['id', 'name', 'email', 'phone', 'language', 'city', 'signup_date', 'tier', 'age', 'vip'], rows)

    events = []
    by_cat = {}
    for p in products:
        by_cat.setdefault(p['category']['id'], []).append(p)
    day_weights = {lang: [season_weight(day, SEASONS_ZH if lang == 'zh' else SEASONS_EN) for day in range(DAYS)]
                   for lang in ('zh', 'en')}
    purchases = {}
    for c in customers:
        # Each customer leans to two categories; gold buys more; some stop coming (lapsed), some only browse.
        favourites = rng.sample(sorted(CATEGORIES), 2)
        sessions = rng.randrange(8, 26) + (10 if c['tier'] == 'gold' else 0)
        last_day = rng.randrange(60, DAYS - 90) if rng.random() < 0.2 else DAYS
        buy_rate = 0.0 if rng.random() < 0.08 else (0.4 if c['tier'] == 'gold' else 0.15)
        weights = day_weights['zh' if c['zh'] else 'en'][:last_day]
        for day in rng.choices(range(last_day), weights, k=sessions):
            if c['zh']:
                channel, partner = rng.choice([('wechat', 'wechat-agency'), ('weibo', 'weibo-kol'), ('sms', 'sms-gateway')])
                hour = rng.choice([20, 21, 21, 22, 12])
            else:
                channel, partner, hour = 'email', '', rng.choice([8, 8, 9, 9, 18])
            t = START + timedelta(days=day, hours=hour, minutes=rng.randrange(60))
            cat = rng.choice(favourites) if rng.random() < 0.8 else rng.choice(sorted(CATEGORIES))
            p = rng.choice(by_cat[cat])
            # Who the event names: the customer id, or (as a channel partner would) e-mail / phone.
            r = rng.random()
            user = c['id'] if r < 0.85 else (c['email'].capitalize() if r < 0.93 or not c['zh'] else c['mobile'])
            steps = [('open', None), ('click', p)]
            if rng.random() < 0.6:
                steps.append(('view', p))
            if rng.random() < buy_rate:
                steps += [('add_to_cart', p), ('purchase', p)]
                purchases[c['id']] = purchases.get(c['id'], 0) + 1
            for k, (etype, item) in enumerate(steps):
                when = t + timedelta(minutes=3 * k)
                ts = str(int(when.timestamp())) if rng.random() < 0.2 else when.isoformat(timespec='seconds')
                events.append([user, item['id'] if item else '', etype, channel if etype in ('open', 'click') else 'web',
                               partner if etype in ('open', 'click') else '', ts,
                               f"{item['price']['cny']:.2f}" if etype == 'purchase' else ''])
    events.sort(key=lambda e: (int(e[5]) if e[5].isdigit() else int(datetime.fromisoformat(e[5]).timestamp()), e[0], e[2]))
    write_csv(os.path.join(args.out, 'events.csv'), ['user', 'item', 'type', 'channel', 'partner', 'timestamp', 'revenue'], events)
    with open(os.path.join(args.out, 'campaigns.json'), 'w', encoding='utf-8') as f:
        f.write(json.dumps(CAMPAIGNS, ensure_ascii=False, indent=2) + '\n')
    write_outcomes(args.out, customers, purchases, products, random.Random(7))
    print(f'{len(catalog_rows)} products, {len(rows)} customer rows, {len(events)} events -> {args.out}')


if __name__ == '__main__':
    main()
