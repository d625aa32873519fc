"""Invented feature phrases for the copy stage (gen_corpus.py --novel).

Remixed products still draw their features from the catalog, so a small model can write them from
memory; the gold set's hand-written features are phrases the generator never uses. Features made
up here (recombined words, new numbers, coined technology names, new Chinese word pairs) exist in
no other document, so the only way to write them is to copy them from the prompt. Each is a pair
{"type", "en", "zh"} like a catalog feature, so the documents' layouts stay identical.
"""
import re

# (English, Chinese) modifiers and heads; any modifier goes with any head ("graphite hinge",
# "石墨铰链"). English heads are singular nouns so the feature grammar reads them as noun phrases.
MODIFIERS = [
    ("graphite", "石墨"), ("modular", "模块化"), ("quilted", "绗缝"), ("anti-glare", "防眩光"), ("magnetic", "磁吸"),
    ("dual-zone", "双区"), ("adaptive", "自适应"), ("triple-layer", "三层"), ("ceramic", "陶瓷"), ("bamboo", "竹制"),
    ("brushed steel", "拉丝钢"), ("titanium", "钛合金"), ("copper", "铜质"), ("carbon fibre", "碳纤维"),
    ("walnut", "胡桃木"), ("linen", "亚麻"), ("cork", "软木"), ("matte", "磨砂"), ("mirrored", "镜面"),
    ("heated", "加热"), ("cooling", "冷感"), ("rotating", "旋转"), ("sliding", "滑动"), ("detachable", "可拆卸"),
    ("reversible", "双面"), ("padded", "加厚"), ("reinforced", "加固"), ("ventilated", "透气孔"), ("illuminated", "发光"),
    ("touch-sensitive", "触控"), ("voice-activated", "声控"), ("solar", "太阳能"), ("wireless", "无线"),
    ("self-cleaning", "自清洁"), ("tilting", "可倾斜"), ("stackable", "可叠放"), ("telescopic", "伸缩"),
    ("silicone", "硅胶"), ("velvet", "丝绒"), ("recycled", "再生"), ("low-noise", "低噪"), ("twin", "双"),
    ("ultrasonic", "超声波"), ("infrared", "红外"), ("pressure-sensing", "压感"), ("gradient", "渐变"),
    ("honeycomb", "蜂窝"), ("crystal", "水晶"), ("marble", "大理石纹"), ("aluminium", "铝制"),
]
HEADS = [
    ("hinge", "铰链"), ("filter", "滤网"), ("grip", "握把"), ("lens", "镜头"), ("display", "显示屏"), ("pocket", "口袋"),
    ("sensor", "传感器"), ("valve", "阀门"), ("tray", "托盘"), ("strap", "表带"), ("lid", "盖子"), ("handle", "手柄"),
    ("dial", "旋钮"), ("nozzle", "喷嘴"), ("frame", "框架"), ("panel", "面板"), ("cushion", "坐垫"), ("base", "底座"),
    ("keypad", "键盘"), ("drawer", "抽屉"), ("clip", "夹子"), ("buckle", "搭扣"), ("insole", "鞋垫"), ("brush head", "刷头"),
    ("light bar", "灯条"), ("speaker grille", "音箱网罩"), ("charging dock", "充电底座"), ("storage compartment", "收纳格"),
    ("air vent", "出风口"), ("kickstand", "支架"), ("wrist rest", "腕托"), ("shoulder strap", "肩带"),
    ("water tank", "水箱"), ("control ring", "控制环"), ("side rail", "侧轨"), ("foot pedal", "脚踏"),
    ("lining", "内衬"), ("collar", "领口"), ("mesh panel", "网布面板"), ("rim", "边框"),
]
# Quantities with a number the catalog does not pair with them: "{n}" is filled in.
NUMBERED = [
    ("{n}-hour standby", "待机{n}小时"), ("{n} ml reservoir", "{n}毫升储水盒"), ("{n} W output", "{n}W输出功率"),
    ("{n}-speed settings", "{n}档调节"), ("{n}-layer protection", "{n}层防护"), ("{n}-year warranty", "{n}年质保"),
    ("{n} preset modes", "{n}种预设模式"), ("{n}% recycled materials", "{n}%再生材料"),
    ("{n}-minute quick start", "{n}分钟快速启动"), ("{n} colour options", "{n}种配色"), ("{n} storage slots", "{n}个收纳位"),
    ("{n}-point massage", "{n}点按摩"), ("{n} dB noise reduction", "{n}分贝降噪"), ("{n} mm slim profile", "{n}毫米纤薄机身"),
    ("{n} interchangeable heads", "{n}个可替换头"), ("{n}-level brightness", "{n}级亮度调节"),
]
# Coined technology names: two English syllables, two Chinese characters, drawn independently.
SYLLABLES = ["vor", "lumi", "zen", "qua", "ryl", "tek", "nova", "fle", "kai", "mori", "sol", "pix", "aero", "dyn",
             "tera", "vel", "oka", "strata", "mira", "flux"]
CHARS = "澜芯翼曜岚骁燧瀚衡珀晰拓澈穹朗锐迅羲琥璨"
COINED_HEADS = [
    ("cooling system", "散热系统"), ("sound engine", "音效引擎"), ("comfort foam", "舒适泡棉"), ("drive motor", "驱动电机"),
    ("coating", "涂层"), ("fabric", "面料"), ("chip", "芯片"), ("suspension", "悬挂系统"), ("light engine", "光学引擎"),
    ("seal", "密封圈"),
]


def _number(rng):
    return str(rng.choice([rng.randint(2, 9), rng.randint(10, 99), rng.randint(100, 999)]))


def invented(rng):
    """One feature no catalog product has."""
    style = rng.random()
    if style < 0.55:
        (me, mz), (he, hz) = rng.choice(MODIFIERS), rng.choice(HEADS)
        return {"type": "generic", "en": f"{me} {he}", "zh": mz + hz}
    if style < 0.8:
        en, zh = rng.choice(NUMBERED)
        n = _number(rng)
        return {"type": "generic", "en": en.format(n=n), "zh": zh.format(n=n)}
    word = rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
    he, hz = rng.choice(COINED_HEADS)
    return {"type": "generic", "en": f"{word.capitalize()} {he}", "zh": rng.choice(CHARS) + rng.choice(CHARS) + hz}


def renumbered(feature, rng):
    """A catalog feature with its number changed in both languages ("7-day battery life" ->
    "23-day battery life", "续航长达7天" -> "续航长达23天"), or None when it has no shared number."""
    en_nums, zh_nums = re.findall(r"\d+", feature["en"]), re.findall(r"\d+", feature["zh"])
    if len(en_nums) != 1 or en_nums != zh_nums:
        return None
    n = _number(rng)
    if n == en_nums[0]:
        return None
    return {"type": feature["type"], "en": feature["en"].replace(en_nums[0], n), "zh": feature["zh"].replace(zh_nums[0], n)}


def novel_features(product, catalog, rng, share=0.75):
    """4-7 features for a remixed product: most invented, the rest renumbered or drawn from the
    catalog (so copying a familiar phrase is practised too), all distinct in both languages."""
    want = rng.randint(4, 7)
    pool = [f for q in rng.sample(catalog, 4) for f in q["features"]] + list(product["features"])
    feats, seen = [], set()
    while len(feats) < want:
        if rng.random() < share:
            f = invented(rng)
        else:
            f = rng.choice(pool)
            f = renumbered(f, rng) or f
        # No feature inside another (the generator's coverage check would mistake one for the other).
        if any(f["en"].lower() in s or s in f["en"].lower() for s in seen) or \
                any(f["zh"] in g["zh"] or g["zh"] in f["zh"] for g in feats):
            continue
        seen.add(f["en"].lower())
        feats.append(f)
    return feats
