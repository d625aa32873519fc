#!/usr/bin/env python3
"""Writes the small sample ecosystem data (data/ecosystem/{catalog,customers,events}.csv) from
data/catalog/products.jsonl, deterministically (random.Random(42); same bytes on every run).

The behaviour is planted so the analysis has something to find: Chinese-speaking customers
engage on WeChat and Weibo in the evening (20:00-22:00 Beijing time), English speakers by email
in the morning (08:00-09:00); gold-tier customers buy more often. Some events name the customer
by e-mail (in another letter case) or by phone number, and a partner's CRM export repeats a few
customers under its own ids: identity unification joins them.

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
PER_CATEGORY = 20
N_CUSTOMERS = 300
BEIJING = timezone(timedelta(hours=8))
START = datetime(2024, 1, 1, tzinfo=BEIJING)
DAYS = 180

ZH_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周']
ZH_GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '杰', '娟']
EN_FIRST = ['Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Zoe', 'Jack']
EN_LAST = ['Smith', 'Brown', 'Taylor', 'Wilson', "O'Neil", 'Clark', 'Walker', 'Hall', 'Young', 'King']
ZH_CITIES = ['上海', '北京', '深圳', '杭州', '成都']
EN_CITIES = ['London', 'New York', 'Singapore', 'Sydney', 'Toronto']


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
    for c in rng.sample(customers, 12):
        rows.append([f"WX-{c['id'][1:]}", '', c['email'].upper(), '', '', '', '', c['tier'], '', ''])
    write_csv(os.path.join(args.out, 'customers.csv'),
              ['id', 'name', 'email', 'phone', 'language', 'city', 'signup_date', 'tier', 'age', 'vip'], rows)

    events = []
    by_cat = {}
    for p in products:
        by_cat.setdefault(p['category']['id'], []).append(p)
    for c in customers:
        # Each customer leans to two categories; gold buys more.
        favourites = rng.sample(sorted(CATEGORIES), 2)
        sessions = rng.randrange(1, 8) + (4 if c['tier'] == 'gold' else 0)
        for _ in range(sessions):
            day = rng.randrange(DAYS)
            if c['zh']:
                channel, partner, hour = rng.choice([('wechat', 'wechat-agency'), ('weibo', 'weibo-kol'), ('sms', 'sms-gateway')]), None, rng.choice([20, 21, 21, 22, 12])
                channel, partner = channel
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
            if rng.random() < (0.55 if c['tier'] == 'gold' else 0.25):
                steps += [('add_to_cart', p), ('purchase', p)]
            for k, (etype, item) in enumerate(steps):
                when = t + timedelta(minutes=3 * k)
                ts = str(int(when.timestamp())) if rng.random() < 0.2 else when.isoformat(timespec='seconds')
                events.append([user, item['id'] if item else '', etype, channel if etype in ('open', 'click') else 'web',
                               partner if etype in ('open', 'click') else '', ts,
                               f"{item['price']['cny']:.2f}" if etype == 'purchase' else ''])
    events.sort(key=lambda e: (int(e[5]) if e[5].isdigit() else int(datetime.fromisoformat(e[5]).timestamp()), e[0], e[2]))
    write_csv(os.path.join(args.out, 'events.csv'), ['user', 'item', 'type', 'channel', 'partner', 'timestamp', 'revenue'], events)
    print(f'{len(catalog_rows)} products, {len(rows)} customer rows, {len(events)} events -> {args.out}')


if __name__ == '__main__':
    main()
