"""Composes one marketing text from a product, the requested fields and a phrase bank.

Every composer returns (fields, output): `fields` are the structured inputs exactly as the
prompt lists them (docs/prompt-format.md), `output` the reference text. The output mentions
every feature in fields["features"] word for word and no other feature; it never states a
price. Randomness comes only from the `rng` passed in (deterministic for a seed).
"""
import re

LINK_TEMPLATE = "{link}"


class Lang:
    """Language-specific helpers around a phrase module (phrases_en / phrases_zh)."""

    def __init__(self, code, phrases):
        self.code = code
        self.P = phrases

    def join(self, sentences):
        sentences = [s for s in sentences if s]
        return " ".join(sentences) if self.code == "en" else "".join(sentences)

    def flist(self, items):
        if self.code == "zh":
            return "、".join(items)
        if len(items) == 1:
            return items[0]
        return ", ".join(items[:-1]) + " and " + items[-1]

    def length(self, text):
        return len(text)


def cap(s):
    return s[:1].upper() + s[1:] if s and s[0].islower() else s


def lower_first(s):
    # "With x" -> "with x", but keep "GPS", "IPX7", names.
    if len(s) > 1 and s[0].isupper() and s[1].islower():
        return s[0].lower() + s[1:]
    return s


A_BEFORE_VOWEL = re.compile(r"\b([Aa]) (?=[aeiAEI]|[oO](?!ne))")


def fill(template, **slots):
    out = template
    for key, value in slots.items():
        out = out.replace("{" + key + "}", str(value))
    return A_BEFORE_VOWEL.sub(lambda m: m.group(1) + "n ", out)  # "a open-ear ..." -> "an open-ear ..."


def slug(brand):
    return re.sub(r"[^a-z0-9]", "", brand.lower())


# ---- English feature grammar -------------------------------------------------------------

def en_feature_class(f, P):
    words = f.split()
    first = words[0].lower().rstrip(",")
    if first in P.VERB_STARTS:
        return "verb"
    if first in P.ADJ_STARTS or any(w.rstrip(",").endswith(P.ADJ_ENDINGS) for w in words[:3]):
        # "breathable knit upper", "quiet motor under 45 dB": an adjective before a noun head.
        if "," not in f and any(w.lower() in P.COUNTABLE_HEADS for w in words[1:]):
            return "noun"
        return "adj"
    if first in {"from", "with", "up", "sizes", "three", "two"}:
        return "other"
    return "noun"


def en_article(f, P):
    words = f.split()
    head = words[-1].lower()
    if head in P.COUNTABLE_HEADS and not words[0][0].isdigit() and not words[0].endswith("%"):
        return ("an " if f[0].lower() in "aeiou" else "a ") + f
    return f


def en_state(f, ftype, P, rng, subject="It"):
    """A sentence that states the feature, whatever its grammar."""
    cls = en_feature_class(f, P)
    subject_is = "It's" if subject == "It" else f"{subject} is"
    if cls == "verb":
        return f"{subject} {f}."
    if cls == "adj":
        return f"{subject_is} {f}."
    if cls == "other":
        return f"{cap(f)}."
    if ftype == "material":
        return f"{subject_is} made with {f}."
    verb = rng.choice(["comes with", "has", "offers", "features"])
    return f"{subject} {verb} {en_article(f, P)}."


def benefit(lang, ftype, rng):
    P = lang.P
    if lang.code == "en":
        return rng.choice(P.BENEFITS.get(ftype) or P.BENEFITS["generic"])
    pool = P.FEATURE_SENTENCES.get(ftype) or P.FEATURE_SENTENCES["generic"]
    frags = [t.split("，", 1)[1] for t in pool if t.startswith("{f}，")]
    return rng.choice(frags or [t.split("，", 1)[1] for t in P.FEATURE_SENTENCES["generic"] if t.startswith("{f}，")])


def pick_unused(pool, rng, used):
    """A template not used yet in this text (any template once all are used)."""
    fresh = [t for t in pool if t not in used]
    template = rng.choice(fresh or pool)
    used.add(template)
    return template


def feature_sentence(lang, feat, ctx, rng, transition="", used=None):
    """One sentence about one feature: a type-specific template, or state + benefit."""
    P = lang.P
    used = set() if used is None else used
    f, ftype = feat[lang.code], feat["type"]
    if lang.code == "zh":
        pool = P.FEATURE_SENTENCES.get(ftype, []) + P.FEATURE_SENTENCES["generic"]
        return transition + fill(pick_unused(pool, rng, used), f=f, F=f, **ctx)
    cls = en_feature_class(f, P)
    if cls == "noun" and rng.random() < 0.7:
        pool = P.FEATURE_SENTENCES.get(ftype, []) + P.FEATURE_SENTENCES["generic"]
        template = pick_unused(pool, rng, used)
        if transition and ("?" in template or template.startswith("{F}:")):
            transition = ""
        inner = en_article(f, P)  # "It comes with a zinc alloy body."
        if transition:
            sentence = fill(template, f=inner, F=f, **ctx)
            sentence = sentence if template.startswith("{F}") else lower_first(sentence)
            return transition + sentence
        return fill(template, f=inner, F=cap(f), **ctx)
    if rng.random() < 0.5:
        sentence = f"{cap(f)}: {benefit(lang, ftype, rng)}."
        return sentence
    state = en_state(f, ftype, P, rng)
    if transition:
        state = transition + lower_first(state)
    return state + " " + cap(benefit(lang, ftype, rng)) + "."


def ctx_for(lang, product, audience, customer=None):
    code = lang.code
    ctx = {"product": product["name"][code], "type": product["product_type"][code],
           "Type": product["product_type"][code].title() if code == "en" else product["product_type"][code],
           "brand": product["brand"][code], "category": product["category"][code]}
    if audience:
        ctx["audience"] = audience
        ctx["Audience"] = cap(audience)
    if customer:
        ctx["customer"] = customer
    return ctx


def features_block(lang, features, ctx, rng):
    """The feature part of a description: sentences, a list sentence, or bullets."""
    P = lang.P
    style = rng.random()
    names = [f[lang.code] for f in features]
    used = set()
    # English list sentences ("It brings together a, b and c") need noun phrases.
    listable = lang.code == "zh" or all(en_feature_class(n, P) == "noun" for n in names)
    if style < 0.5 or len(features) == 1 or (style < 0.8 and not listable):
        out = []
        for i, feat in enumerate(features):
            transition = pick_unused(P.TRANSITIONS, rng, used) if i > 0 else ""
            out.append(feature_sentence(lang, feat, ctx, rng, transition, used))
        return lang.join(out)
    if style < 0.8:
        head = fill(rng.choice(P.FEATURE_LIST_SENTENCES), flist=lang.flist(names), **ctx)
        extra = [feature_sentence(lang, feat, ctx, rng, "", used)
                 for feat in rng.sample(features, 1 if len(features) <= 3 else 2)]
        return lang.join([head] + extra)
    # Bullets: one line per feature.
    lines = []
    for feat in features:
        f = feat[lang.code]
        if lang.code == "zh":
            lines.append(f"【{f}】{benefit(lang, feat['type'], rng)}")
        else:
            lines.append(f"- {cap(f)}: {benefit(lang, feat['type'], rng)}.")
    return "\n" + "\n".join(lines) + "\n"


def product_description(lang, product, features, tone, audience, rng):
    P = lang.P
    ctx = ctx_for(lang, product, audience)
    parts = [fill(rng.choice(P.OPENERS[tone]), **ctx), features_block(lang, features, ctx, rng)]
    if audience and rng.random() < 0.75:
        parts.append(fill(rng.choice(P.AUDIENCE_SENTENCES), **ctx))
    parts.append(fill(rng.choice(P.CLOSERS[tone]), **ctx))
    text = ""
    for part in parts:
        if part.startswith("\n") or text.endswith("\n"):
            text += part
        elif text:
            text += (" " if lang.code == "en" else "") + part
        else:
            text = part
    return text.strip().replace("\n ", "\n")


def email(lang, product, features, tone, audience, customer, recommended, rng):
    P = lang.P
    ctx = ctx_for(lang, product, audience, customer)
    subject = fill(rng.choice(P.EMAIL_SUBJECTS[tone]), **ctx)
    greeting = fill(rng.choice(P.EMAIL_GREETINGS), **ctx)
    intro = fill(rng.choice(P.EMAIL_INTROS[tone]), **ctx)
    body = lang.join([intro, features_block(lang, features, ctx, rng).strip()])
    paragraphs = [greeting, body]
    if recommended:
        paragraphs.append(fill(rng.choice(P.EMAIL_RECOMMENDED), items=lang.flist(recommended), **ctx))
    paragraphs.append(fill(rng.choice(P.EMAIL_CTAS[tone]), **ctx))
    sign = fill(rng.choice(P.EMAIL_SIGNOFFS), **ctx) + "\n" + fill(rng.choice(P.EMAIL_SIGNATURES), **ctx)
    paragraphs.append(sign)
    if lang.code == "en":
        return f"Subject: {subject}\nBody:\n" + "\n\n".join(paragraphs)
    return f"主题：{subject}\n正文：\n" + "\n\n".join(paragraphs)


def sms(lang, product, features, tone, customer, rng, limit):
    """One SMS within `limit` characters, or None when these features do not fit."""
    P = lang.P
    ctx = ctx_for(lang, product, None, customer)
    names = [f[lang.code] for f in features]
    domain = fill(rng.choice(P.DOMAINS), slug=slug(product["brand"]["en"]))
    link = fill(rng.choice(P.SMS_LINKS), domain=domain)
    opt_out = rng.choice(P.SMS_OPT_OUT)
    templates = list(P.SMS[tone])
    rng.shuffle(templates)
    for template in templates:
        if len(names) > 1 and "{flist}" not in template:
            continue
        if len(names) == 1 and "{flist}" in template:
            continue
        text = fill(template, f=names[0], F=cap(names[0]), flist=lang.flist(names), link=link, **ctx)
        text = text + " " + opt_out  # the link ends in ASCII: keep it apart from the opt-out line
        if len(text) <= limit:
            return text
    return None


def hashtags(lang, product, audience, channel, rng):
    t = product["product_type"]
    if lang.code == "en":
        tags = ["#" + "".join(w.capitalize() for w in re.split(r"[^A-Za-z0-9]+", t["en"]) if w),
                "#" + slug(product["brand"]["en"]).capitalize()]
        tags += rng.sample(["#NewIn", "#MustHave", "#TreatYourself", "#EverydayEssentials", "#GiftIdeas"], 1)
        return " ".join(tags[: rng.randint(2, 3)])
    if channel == "weibo":
        return f"#{t['zh']}#" + (f"#{product['brand']['zh']}新品#" if rng.random() < 0.5 else "")
    return " ".join([f"#{t['zh']}", rng.choice(["#好物分享", "#好物推荐", "#种草", "#生活好物"])])


def social_post(lang, product, features, tone, audience, channel, rng):
    P = lang.P
    ctx = ctx_for(lang, product, audience)
    names = [f[lang.code] for f in features]
    tags = hashtags(lang, product, audience, channel, rng)
    opener = fill(rng.choice(P.OPENERS[tone]), **ctx)
    cta = fill(rng.choice(P.SOCIAL_CTAS), **ctx)
    if lang.code == "en":
        lines = "\n".join(f"- {cap(n)}" for n in names)
    else:
        lines = "\n".join(f"✔ {n}" for n in names) if rng.random() < 0.5 else "\n".join(f"【{n}】" for n in names)
    body = features_block(lang, features, ctx, rng).strip()
    usable = [t for t in P.SOCIAL[channel]
              if (len(names) == 2 or ("{f2}" not in t and "{F2}" not in t)) and
              (len(names) >= 2 or "{flist}" not in t)]
    template = rng.choice(usable or ["{Opener}\n\n{Body}\n\n{Cta}"])
    if ("{F}" in template or "{f}" in template) and not ("{f2}" in template or "{F2}" in template) and len(names) > 1 \
            and "{flist}" not in template:
        template = "{Opener}\n\n{Body}\n\n{Cta} {tags}"
    text = fill(template, Opener=opener, F=cap(names[0]), f=names[0], F2=cap(names[-1]), f2=names[-1],
                flist=lang.flist(names), Cta=cta, tags=tags, Feature_lines=lines, Body=body, **ctx)
    return text.strip()


def ad(lang, product, features, tone, rng):
    P = lang.P
    ctx = ctx_for(lang, product, None)
    names = [f[lang.code] for f in features]
    head_limit, desc_limit = (30, 90) if lang.code == "en" else (15, 45)
    headlines = [h for h in (fill(t, **ctx) for t in P.AD_HEADLINES[tone]) if len(h) <= head_limit]
    if not headlines:
        headlines = [product["brand"][lang.code]]
    cta = rng.choice(P.AD_CTAS[tone])
    options = []
    for t in P.AD_DESCRIPTIONS:
        if len(names) == 1 and ("{f2}" in t):
            continue
        if len(names) > 2 and "{flist}" not in t:
            continue
        d = fill(t, F=cap(names[0]), f=names[0], f2=names[-1], flist=lang.flist(names), Cta=cta, **ctx)
        if len(d) <= desc_limit:
            options.append(d)
    if not options:
        return None
    head, desc = rng.choice(headlines), rng.choice(options)
    if lang.code == "en":
        return f"Headline: {head}\nDescription: {desc}"
    return f"标题：{head}\n描述：{desc}"


def question_for(lang, product, feat, rng):
    P = lang.P
    ctx = ctx_for(lang, product, None)
    pool = P.QUESTIONS.get(feat["type"]) or P.QUESTIONS["generic"]
    return fill(rng.choice(pool), **ctx), feat["type"] in P.QUESTIONS


def answer_about(lang, product, target, others, rng):
    """States the asked-about feature first, then the other given features."""
    P = lang.P
    ctx = ctx_for(lang, product, None)
    f = target[lang.code]
    b = benefit(lang, target["type"], rng)
    if lang.code == "en":
        state = en_state(f, target["type"], P, rng, subject=rng.choice(["It", "The " + ctx["product"]]))
        template = rng.choice(P.FAQ_ANSWERS)
        first = fill(template, State=state, f=f, benefit_sentence=cap(b) + ".", **ctx)
    else:
        first = fill(rng.choice(P.FAQ_ANSWERS), f=f, benefit=b + "。" if not b.endswith(("。", "！")) else b, **ctx)
    parts = [first]
    if others:
        parts.append(fill(rng.choice([t for t in P.FAQ_FOLLOWUPS if t]), flist=lang.flist([o[lang.code] for o in others])))
    return lang.join(parts)


def faq(lang, product, target, others, rng):
    question, specific = question_for(lang, product, target, rng)
    if not specific:  # a general question: the answer covers every given feature
        ctx = ctx_for(lang, product, None)
        feats = [target] + others
        block = features_block(lang, feats, ctx, rng).strip()
        opener = fill(rng.choice(lang.P.OPENERS["professional"]), **ctx)
        return question, (opener + "\n" + block) if "\n" in block else lang.join([opener, block])
    return question, answer_about(lang, product, target, others, rng)


def customer_service(lang, product, target, others, customer, kind, rng):
    P = lang.P
    ctx = ctx_for(lang, product, None, customer)
    open_line = fill(rng.choice(P.CS_REPLY_OPENS), **ctx)
    close = fill(rng.choice(P.CS_CLOSES), **ctx)
    if kind == "feature":
        question, _ = question_for(lang, product, target, rng)
        q_lower = question[0].lower() + question[1:] if lang.code == "en" else question
        message = fill(rng.choice(P.CS_MESSAGES["feature"]), Question=question, question=q_lower, **ctx)
        body = answer_about(lang, product, target, others, rng)
        return message, lang.join([open_line, body, close])
    message = fill(rng.choice(P.CS_MESSAGES[kind]), **ctx)
    replies = P.CS_DELIVERY_REPLIES if kind == "delivery" else P.CS_RETURN_REPLIES
    return message, lang.join([open_line, fill(rng.choice(replies), **ctx), close])
