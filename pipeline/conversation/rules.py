"""Answers from the shop's policies: a request for a person, a complaint, a bulk order, a policy question
(alone or about the products on the table), a prompt injection. The clause said is the shop's own text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.catalogue import Policy, Product
from pipeline.conversation import clauses as clause_index
from pipeline.conversation import words as w
from pipeline.conversation.asking import label_says
from pipeline.conversation.context import Context, conflict_warning, price_text, stock_note
from pipeline.conversation.deadline import window_line
from pipeline.conversation.lexicon import (
    ABROAD_WORDS,
    CHANGES,
    COUNTRIES,
    EN_COUNTS,
    FAR_PLACES,
    MACRO_REGION_EN,
    MACRO_REGIONS,
    TIER_ASK,
    TOPICS,
    countries_named,
    country_in,
)
from pipeline.conversation.zones import destination_zone, frozen_zones, zone_letter, zones
from pipeline.places import province_en, provinces_named
from pipeline.textnum import has_cjk, money, parse_amount

__all__ = ["bulk", "complaint", "human", "injection", "policy"]

_BOXED_ITEMS = (
    r"标注.{0,4}有礼盒|写了.{0,4}有礼盒|有礼盒.的|marked .{0,12}gift box|listed with a gift box|with 'gift box'"
)
_TIERS = r"%|％|折|\d[\d,，]*\s*(元|yuan)|¥\s*\d"
_REASSURING = r"正常|天然|自然现象|不影响|natural|normal|harmless|still fine"
_QUALITY = r"质量|破损|漏|变质|霉|临期|发错|坏|damaged|leak|spoil|wrong|mou?ld|near its date|quality|warm"
_NEGATIVE = r"不能|不可以|不寄|不发|不接受|不提供|不支持|只能|禁止|无法|can'?t|cannot|do not|don'?t|not |no |only"
# topics whose answer is the same for every product (a general rule), unless a clause names the product
# a clause that leaves chilled goods out ("（冷链商品除外）", "冷藏商品不能装礼盒", "except chilled items")
_COLD_LEFT_OUT = re.compile(
    r"(冷链|冷藏|冷冻)(商品)?(除外|不能|不可以|不参加|不装)|except (chilled|cold)|(chilled|cold-chain) (items|goods) (can'?t|cannot|are not|aren'?t)",
    re.I,
)
_SHIPPING = ("delivery_time", "shipping_fee", "courier", "dispatch", "send")
_GENERAL = (
    "shipping_fee",
    "dispatch",
    "delivery_time",
    "courier",
    "invoice",
    "payment",
    "hours",
    "membership",
    "pickup",
    "order_change",
    "returns",
    "gift_wrap",
    "tasting",
    "lead_time",
    "deposit",
    "contact",
    "fragile",
    "bulk",
)


def _offer_clerk(ctx: Context) -> str:
    return ctx.t("需要的话我可以帮您叫店员。", "I can call a clerk for you if you like.")


def human(ctx: Context) -> tuple[tuple[str, ...], tuple[Policy, ...]]:
    """The clerk path first, nothing before it: a clerk is called; how to reach one, from the shop's policy."""
    lead = [ctx.t("好的，我这就请店员来帮您。", "Of course, I'm calling a clerk for you now.")]
    pol = ctx.vocab.policy_for("human")
    if pol is not None:
        lead += w.pick_clauses(pol, ctx.lang, TOPICS["human"] + r"|电话|微信|phone|wechat|\d", 2)
        hours = w.pick_clauses(pol, ctx.lang, r"\d{1,2}[:：]\d{2}", 1)  # when the clerks are there: it may be 9 pm
        lead += [h for h in hours if not any(h.rstrip("。.") in x for x in lead)]
        lead.append(ctx.t("店员来之前，您也可以继续问我。", "Until they come, you can keep asking me."))
        return tuple(lead), (pol,)
    lead.append(ctx.t("店员来之前，您也可以继续问我。", "Until they come, you can keep asking me."))
    return tuple(lead), ()


def complaint(ctx: Context, prods: tuple[Product, ...]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[Policy, ...]]:
    """An apology, the shop's rule for goods with a problem, and a clerk — never advice on eating them."""
    what = w.short_name(prods[0], ctx.lang) if prods else ""
    seen = {c for c, pat in CHANGES.items() if re.search(pat, ctx.u.question, re.I)}
    for p in prods[:1]:  # the shop's own text may say it is natural ("结晶是天然现象"): say that, and offer a clerk
        told = label_says(p, _REASSURING, ctx.lang)
        same_change = any(re.search(CHANGES[c], told, re.I) for c in seen) if told else False
        if told and same_change:  # the change the customer names is the one the shop's text calls natural
            return (
                (told,),
                (ctx.t("如果还有疑问，我可以请店员来看看。", "If you're still unsure, I can ask a clerk to look."),),
                (),
            )
    for p in prods[:1]:  # "表面一层白毛" of a tofu whose own text calls its white fuzz normal (and spots spoiled)
        normal, bad = label_says(p, _REASSURING, ctx.lang), label_says(p, _SPOILED_SAID, ctx.lang)
        if normal and _symptoms_in(ctx.u.question, normal) >= 2 + _symptoms_in(ctx.u.question, bad):
            return (
                tuple(x for x in (normal, bad) if x and (x == normal or x not in normal)),  # and when it isn't
                (ctx.t("如果还有疑问，我可以请店员来看看。", "If you're still unsure, I can ask a clerk to look."),),
                (),
            )
    lead = [
        ctx.t(
            f"非常抱歉，{what}出了这样的问题。" if what else "非常抱歉给您带来这样的问题。",
            f"I'm very sorry about {what}." if what else "I'm very sorry about this.",
        ),
        ctx.t("请不要再食用，保留好商品和包装。", "Please don't eat it, and keep the product and its packaging."),
    ]
    pols: tuple[Policy, ...] = ()
    rule: list[str] = []
    pat = w.product_pattern(prods[0], ctx.shop) if prods else None
    for topic in ("quality", "returns"):
        pol = ctx.vocab.policy_for(topic)
        if pol is not None:
            got = w.pick_clauses(pol, ctx.lang, _QUALITY, 2)
            if got:
                if pat is not None:  # and the clause naming the product, further on ("沙糖桔…坏果按每个1.5元退款")
                    got += [c for c in w.pick_clauses(pol, ctx.lang, _QUALITY, 8) if c not in got and pat.search(c)][:1]
                rule = got
                pols = (pol,)
                break
    if pat is not None:  # the clause that names the product first ("冰糖橙签收48小时内拍照，坏果每个退2元")
        rule = sorted(rule, key=lambda c: not pat.search(c))
    closing = (ctx.t("我这就请店员来帮您处理。", "I'm asking a clerk to take care of it right away."),)
    counted = per_item(ctx, rule)
    # "前天到的…还来得及吗？": in time or not, by the rule's window for these goods
    timed = [x for x in (window_line(ctx.u.question, rule, prods[0], ctx.lang) if prods else "",) if x]
    if ctx.u.again and pols:  # said once already: the part of the rule this follow-up asks about, and the count
        asked = _closest_clause(ctx, pols)
        eat = [lead[1]] if _EAT_ASKED.search(ctx.u.question) else []  # "煎透了还能吃吗？": no, never
        return tuple(dict.fromkeys([*eat, *counted, *asked, *timed])) or tuple(rule[:1]), closing, pols
    return (*lead, *rule, *counted, *timed), closing, pols


# whether goods with a problem may still be eaten, cooked or cleaned up first ("煎透了还能吃吗？", "if I boil it?")
_EAT_ASKED = re.compile(
    r"还能吃|能不能吃|可以吃|能吃吗|能吃不|吃了会|(煎|煮|蒸|炒|洗|泡|烤|加热|热).{0,6}(吃|行|可以)|"
    r"safe to eat|still eat|can (i|we|they) (still )?eat|(cook|boil|fry|heat|wash)\w*[^?]{0,20}(eat|ok|okay|fine|safe)",
    re.I,
)


# how a product's own text tells its normal look from spoilage: the symptoms a customer may describe
_SPOILED_SAID = r"坏了|变质|不要吃|不能吃|spoiled|gone off|don'?t eat|do not eat|throw (it )?away"
_SYMPTOM_ZH = set("白黑绿粉黄红灰毛绒斑点粘黏酸臭霉霜晶油层丝")
_SYMPTOM_EN = {
    "white", "black", "green", "pink", "grey", "gray", "fuzz", "fuzzy", "furry", "mould", "mold", "mouldy", "moldy",
    "spots", "spot", "slimy", "sticky", "sour", "smell", "crystals", "crystallised", "frost", "bloom", "oil", "layer",
}  # fmt: skip


def _symptoms_in(question: str, sentence: str) -> int:
    """How many of the customer's words for what they see (white, fuzz, spots, sour) the sentence shares."""
    if not sentence:
        return 0
    if has_cjk(question):
        return len({c for c in question if c in _SYMPTOM_ZH} & set(sentence))
    words = set(re.findall(r"[a-z]+", question.lower())) & _SYMPTOM_EN
    return len(words & set(re.findall(r"[a-z]+", sentence.lower())))


def _closest_clause(ctx: Context, pols: tuple[Policy, ...]) -> list[str]:
    """Of the rule said already, the clause the follow-up asks about ("烂的要不要寄回去" → "变质的东西不用寄回",
    "my money back instead?" → "…we will replace it or refund it"), scored by the shop's clause index."""
    ask = clause_index.Ask(ctx.u.question, ctx.lang, ())
    ranked = [(sc, c) for sc, c in ctx.vocab.clauses.scored(ask, {}) if c.policy in pols]
    return [w.end(ranked[0][1].text, ctx.lang)] if ranked and ranked[0][0] > 0 else []


_ZH_UNIT = "个|只|袋|盒|瓶|罐|斤|颗|包"
_ZH_EACH = re.compile(rf"每({_ZH_UNIT})[^，。；,;\d]{{0,4}}?(\d+(?:\.\d+)?)元")
_EN_EACH = re.compile(
    r"[¥￥](\d+(?:\.\d+)?) (?:back |refunded )?(?:for|per) (?:each|every) (?:bad |damaged |spoiled )?(\w+)"
)
_EN_BAD = re.compile(
    r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten)\b[\w ]{0,20}?\b(?:were|are|was|is|came|arrived)?\s*"
    r"(?:bad|rotten|spoiled|broken|damaged|crushed|mouldy|moldy|bruised|cracked)",
    re.I,
)


def per_item(ctx: Context, clauses: list[str]) -> list[str]:
    """A rule that makes good per item ("坏果每个退2元，超过6个整箱补发") worked out for the count the customer
    says ("有4个烂了"): 4 × ¥2 = ¥8, and which side of the rule's line that count is."""
    for c in clauses:
        if ctx.zh:
            m = _ZH_EACH.search(c)
            if not m:
                continue
            unit, fee = m.group(1), float(m.group(2))
            said = re.search(rf"(\d+|[一二两三四五六七八九十]+)\s*{unit}", ctx.u.question)
            n = parse_amount(said.group(1)) if said else None
            if not n:
                continue
            k = int(n)
            out = f"按这条，{k}{unit} × ¥{money(fee)} = ¥{money(k * fee)}"
            over = re.search(rf"超过(\d+){unit}([^，。；,;]*)", c)
            if over:
                line = int(over.group(1))
                if k > line:  # past the line: the whole-box remedy is the answer, not a per-item sum
                    return [f"坏了{k}{unit}，已经超过{line}{unit}，按店里的规定：{over.group(2).lstrip('就')}。"]
                out += f"；超过{line}{unit}才{over.group(2)}"
            return [out + "。"]
        m2 = _EN_EACH.search(c)
        said2 = _EN_BAD.search(ctx.u.question)
        if m2 and said2:
            raw = said2.group(1).lower()
            k = EN_COUNTS.get(raw) or int(raw)
            fee = float(m2.group(1))
            return [f"By that rule, {k} × ¥{money(fee)} = ¥{money(k * fee)}."]
    return []


def bulk(
    ctx: Context, found: tuple[Product, ...]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[Policy, ...], tuple[Product, ...]]:
    """The shop's corporate tiers as written, the products asked about, and a clerk for the quote."""
    lead: list[str] = []
    pols: tuple[Policy, ...] = ()
    n = ctx.u.needs
    found = tuple(p for p in found if ctx.view.allows(p) or p.id in n.named_products)  # their limits hold here too
    prods = tuple(p for p in found if p.in_stock)[:2] if n.categories or n.named_products or n.gift_box else ()
    if n.named_products or ctx.u.quantity:  # "60 boxes of the double-yolk mooncakes": those, nothing else found
        prods = tuple(p for p in prods if p.id in n.named_products) or prods[:1]
    counts = [(p, k) for pid, k in ctx.u.quantities if k and (p := ctx.shop.product(pid)) is not None]
    ordered = bool(counts) or bool(ctx.u.quantity and any(p.id in n.named_products for p in prods))
    if prods and not ordered:  # an order said names its products in its total, not as a choice
        items = [
            f"{p.name(ctx.lang)}（¥{money(p.price_cny)}）"
            if ctx.zh
            else f"the {p.name_en} (¥{money(p.price_cny)} each)"
            for p in prods
        ]
        lead.append(ctx.t(f"可以选{w.join(items, 'zh')}。", f"You could choose {w.join(items, 'en')}."))
    pol = ctx.vocab.policy_for("bulk")
    target = next((p for p in found if p.id in n.named_products), prods[0] if prods else None)
    if pol is not None and counts:  # "八宝礼盒要150份，另外订35袋牛干巴", "60 of the dried fruit boxes": the order
        lead += _bulk_total(ctx, pol, counts)
        prods = tuple(p for p, _ in counts)
    elif pol is not None and ctx.u.quantity and target:  # "180份年礼盒能打几折，总共多少钱？": from the tiers
        lead += _bulk_total(ctx, pol, [(target, ctx.u.quantity)])
    worked = (
        len(lead) > (1 if prods and not ordered else 0) + 1
    )  # the tier this order reaches, worked out: not the table too
    if pol is not None:
        got = w.pick_clauses(pol, ctx.lang, _TIERS, 2)
        lead += [] if worked and got else got or w.pick_clauses(pol, ctx.lang, r".", 1)
        asked = [c for c in _asked_clauses(ctx, pol) if c not in lead and not (worked and re.search(_TIERS, c, re.I))]
        lead += asked[:2]  # logo, invoices, how far ahead …
        pols = (pol,)
    else:
        lead.append(ctx.t("店里的规定里没有写团购价。", "The shop's policies don't set bulk prices."))
    closing = (
        ctx.t(
            "具体报价由店员给您确认，我这就通知店员。",
            "A clerk will confirm the exact quote; I'm letting them know now.",
        ),
    )
    return tuple(lead), closing, pols, prods


def tiers(pol: Policy) -> list[tuple[float, int]]:
    """A corporate policy's discount tiers as (from amount, percent off), read from its English text
    ("5% off from ¥3,000 to ¥9,999", "¥40,000 or more 15% off")."""
    out = []
    for chunk in re.split(r",\s+(?:and\s+)?|\s+and\s+|;", pol.answer_en):
        pct = re.search(r"(\d+(?:\.\d+)?)\s*%\s*off", chunk, re.I)
        amounts = [float(a.replace(",", "")) for a in re.findall(r"[¥￥]\s*([\d,]+)", chunk)]
        if pct and amounts:
            out.append((amounts[0], int(float(pct.group(1)))))
    return sorted(out)


_NO_DISCOUNT = re.compile(
    r"not discounted|no discount|(do|does|don'?t) not count|don'?t count|(is|are) excluded|不打折|不参与|不享受|不计入",
    re.I,
)
_PLAIN_WORDS = frozenset("the and with gift box boxes set vol".split())


def _undiscounted(pol: Policy, order: list[tuple[Product, int]]) -> set[str]:
    """The products of an order the corporate rule leaves out of its tiers and discount ("baijiu and pre-order
    items are not discounted and do not count towards the tier"), read from its English text."""
    for c in w.clauses(pol.answer_en):
        if not _NO_DISCOUNT.search(c):
            continue
        low = c.lower()
        out = set()
        for p, _ in order:
            words = {x for x in re.findall(r"[a-z][a-z-]{3,}", p.name_en.lower()) if x not in _PLAIN_WORDS}
            if any(re.search(rf"\b{re.escape(x)}\b", low) for x in words) or (
                "pre-order" in low and re.search(r"pre-?order|预售", f"{p.name_en} {p.name_zh}", re.I)
            ):
                out.add(p.id)
        if out:
            return out
    return set()


def _bulk_total(ctx: Context, pol: Policy, order: list[tuple[Product, int]]) -> list[str]:
    """The order's sum and the tier it reaches, worked out in the open (a clerk confirms the quote); what the
    rule leaves out of the tiers and the discount is added at its shelf price."""
    out = _undiscounted(pol, order)
    kept = [(p, n) for p, n in order if p.id not in out]
    left = [(p, n) for p, n in order if p.id in out]
    if left and kept:
        lines = _bulk_total(ctx, pol, kept)  # the tier the rest reaches, worked out
        base = round(sum(n * p.price_cny for p, n in kept), 2)
        pct = ([pct for start, pct in tiers(pol) if base >= start] or [0])[-1]
        after = round(base * (100 - pct) / 100, 2)
        extra = round(sum(n * p.price_cny for p, n in left), 2)
        terms = " + ".join(f"{n} × {price_text(p)}" for p, n in left)
        names = w.join([w.short_name(p, ctx.lang) for p, _ in left], ctx.lang)
        lines.append(
            ctx.t(
                f"{names}按店里的规定不打折、不计入档位，按原价另算：{terms} = ¥{money(extra)}；"
                f"合计¥{money(after)} + ¥{money(extra)} = ¥{money(after + extra)}。",
                f"The shop's rule leaves {names} out of the tiers and the discount, at the shelf price: "
                f"{terms} = ¥{money(extra)}; altogether ¥{money(after)} + ¥{money(extra)} = ¥{money(after + extra)}.",
            )
        )
        return lines
    if left:  # everything ordered is left out of the discount
        sub = round(sum(n * p.price_cny for p, n in order), 2)
        terms = " + ".join(f"{n} × {price_text(p)}" for p, n in order)
        return [
            ctx.t(
                f"整单货款：{terms} = ¥{money(sub)}，按店里的规定这些不打折。",
                f"The order comes to {terms} = ¥{money(sub)}; the shop's rule gives no discount on these.",
            )
        ]
    sub = round(sum(n * p.price_cny for p, n in order), 2)
    reached = [pct for start, pct in tiers(pol) if sub >= start]
    terms = " + ".join(f"{n} × {price_text(p)}" for p, n in order)
    if len(order) == 1:
        p, n = order[0]
        lines = [
            ctx.t(
                f"{n}份{w.short_name(p, 'zh')}：{terms} = ¥{money(sub)}。",
                f"{n} × {w.short_name(p, 'en')}: {terms} = ¥{money(sub)}.",
            )
        ]
    else:
        lines = [ctx.t(f"整单货款：{terms} = ¥{money(sub)}。", f"The order comes to {terms} = ¥{money(sub)}.")]
    if reached:
        pct = reached[-1]
        total = round(sub * (100 - pct) / 100, 2)
        worked = f"{terms} × {100 - pct}%" if len(order) == 1 else f"¥{money(sub)} × {100 - pct}%"
        lines.append(
            ctx.t(
                f"按企业订单的折扣优惠{pct}%：{worked} = ¥{money(total)}。",
                f"The corporate tier takes {pct}% off: {worked} = ¥{money(total)}.",
            )
        )
    if TIER_ASK.search(ctx.u.question):
        lines += _next_tier(ctx, pol, sub)
    return lines


def _next_tier(ctx: Context, pol: Policy, sub: float) -> list[str]:
    """How far an order's goods are from the rule's next tier, or that it already reaches the top one."""
    table = tiers(pol)
    if not table:
        return []
    ahead = [(start, pct) for start, pct in table if start > sub]
    if not ahead:
        return [
            ctx.t(f"这已经是最高一档（优惠{table[-1][1]}%）。", f"That is already the top tier ({table[-1][1]}% off).")
        ]
    start, pct = ahead[0]
    short = money(round(start - sub, 2))
    return [
        ctx.t(
            f"下一档是折前货款满¥{money(start)}优惠{pct}%，还差¥{short}。",
            f"The next tier is {pct}% off from ¥{money(start)} of goods before discount: ¥{short} more.",
        )
    ]


def _asked_clauses(ctx: Context, pol: Policy) -> list[str]:
    """The clauses of one policy that share words with the question, best first (none when none do)."""
    q = set(clause_index.tokens(ctx.u.question))
    own = [c for c in ctx.vocab.clauses.clauses[ctx.lang] if c.policy is pol]  # tokenised once, at start-up
    scored = [(len(q & c.grams.keys()), c.text) for c in own]
    need = 1 if len(q) <= 8 else 2  # a short question ("能开专票吗？多久开出来？") points with fewer words
    return [w.end(c, ctx.lang) for n, c in sorted(scored, key=lambda x: -x[0]) if n >= need]


def _answer_asks(
    ctx: Context, topics: tuple[str, ...], prods: tuple[Product, ...] = ()
) -> tuple[list[str], list[Policy]]:
    """Each ask of the question answered by the clause that fits it best, from any of the shop's policies."""
    out: list[str] = []
    pols: list[Policy] = []
    parts: list[str] = []
    for ask in clause_index.asks(ctx.u.question):  # "我要开增值税专票，几天能开好？": how long, of the invoice
        if parts and not any(re.search(TOPICS[t], ask, re.I) for t in topics):
            parts[-1] += "，" + ask
        else:
            parts.append(ask)
    labels = tuple(pl if ctx.zh else (MACRO_REGION_EN.get(pl) or province_en(pl)) for pl in ctx.u.places)
    labels += tuple(n for pl in ctx.u.places for n in MACRO_REGIONS.get(pl, ()) if n in ctx.u.question.lower())
    names = tuple(w.product_pattern(p, ctx.shop) for p in prods[:3])
    for ask in parts:
        own = tuple(t for t in topics if re.search(TOPICS[t], ask, re.I))
        if not own and len(parts) > 1:
            continue
        got = ctx.vocab.clauses.best(
            clause_index.Ask(ask, ctx.lang, own or topics, labels, names), ctx.vocab.topic_policy
        )
        if prods and not any(p.gift_box for p in prods):  # "items marked 'gift box' come boxed": not about these
            got = [c for c in got if not re.search(_BOXED_ITEMS, c.text, re.I)] or got[1:]
        for c in got:
            text = w.end(c.text, ctx.lang)
            if text not in out:
                out.append(text)
                pols.append(c.policy)
    return out, pols


_YES = re.compile(r"^(可以|能|行|是的|yes|sure)[。，,.!！]\s*", re.I)


def _no_blanket_yes(ctx: Context, lead: list[str], prods: tuple[Product, ...]) -> list[str]:
    """A rule that says no for one of the products asked about ("no tastings of alcohol", "we do not send honey
    overseas") leaves no blanket "Yes." in front of the rest of the answer."""
    if not _refused(ctx, lead, prods):
        return lead
    out = []
    for x in lead:
        bare = _YES.sub("", x)
        out.append(w.end(bare[:1].upper() + bare[1:] if not ctx.zh else bare, ctx.lang) if bare else x)
    return out


def injection(ctx: Context, prods: tuple[Product, ...]) -> tuple[str, ...]:
    lead = [
        ctx.t(
            "价格、优惠和规则都以店里的标价和政策为准，我没法更改。",
            "Prices, discounts and rules are set by the shop's price list and policies; I can't change them.",
        )
    ]
    if prods:
        p = prods[0]
        lead.append(ctx.t(f"{p.name_zh}的标价是¥{money(p.price_cny)}。", f"The {p.name_en} is ¥{money(p.price_cny)}."))
    return tuple(lead)


_HOW_LONG = r"\d|次日|当日|当天|隔日|隔天|next day|same day|overnight"


# a place's own fee, not a surcharge on the base rate ("台湾68元", "Taiwan ¥68")
_FLAT = re.compile(r"^(?!.*(另加|加收|surcharge|extra|additional)).*(\d+\s*元|[¥￥]\s*\d)", re.I)


def _place_part(clause: str, label: str) -> str:
    """Of a clause listing several places ("香港、澳门顺丰每单45元，台湾68元"), the part about this one."""
    parts = re.split(r"[，,]\s*", clause)
    if not all(re.search(_HOW_LONG, x, re.I) for x in parts):  # "Beijing, Tianjin … and Shanghai 2–3 days": one line
        return clause
    mine = [x for x in parts if label.lower() in x.lower()]
    return mine[0] if len(mine) == 1 else clause


def _place_clauses(ctx: Context, pol: Policy, topic: str = "delivery_time") -> list[str]:
    """For a delivery question naming a city: the clause for its region."""
    out = []
    q = ctx.u.question.lower()
    for place in ctx.u.places:
        names = MACRO_REGIONS.get(place, ())
        if any(n in ctx.u.places for n in names):  # 北京 said: 华北's line, never 内蒙古's (another province of it)
            names = tuple(n for n in names if n in ctx.u.places)
        if place == "海外":  # abroad: the country said (Sydney is Australia), never another country's line
            country = country_in(ctx.u.question)
            names = COUNTRIES.get(country, ()) if country else ()
        labels = [n for n in names if n in q] + [
            place if ctx.zh else (MACRO_REGION_EN.get(place) or province_en(place))
        ]
        labels += [n for n in names if n not in labels]  # the province a city is in, named in the table
        parts = [part for c in w.clauses(pol.answer(ctx.lang)) for part in re.split(r"[；;。]", c)]
        for label in labels:
            hit = next((x for x in parts if label.lower() in x.lower() and re.search(_HOW_LONG, x, re.I)), None)
            if hit:
                part = _place_part(hit, label).strip(" ，,。.")
                out.append(
                    re.sub(r"^(?:and|or|while|but)\s+|^(?:以及|和|而)", "", part, flags=re.I)
                )  # not "and overseas…"
                break
        if out:
            break
    if not out:
        return []
    where = w.join(list(ctx.u.places[:1]), ctx.lang) if ctx.zh else ctx.u.question
    if topic == "shipping_fee":
        return [ctx.t(f"按店里的运费规定，寄到{where}：{out[0]}。", f"Going by the shop's shipping fees: {out[0]}.")]
    return [ctx.t(f"按店里的配送时间，寄到{where}：{out[0]}。", f"Going by the shop's delivery times: {out[0]}.")]


def _about_products(ctx: Context, pol: Policy, prods: tuple[Product, ...]) -> list[str]:
    """For each product on the table, the policy clause that names it (grouped when they share one)."""
    by_clause: dict[str, list[Product]] = {}
    for p in prods[:3]:
        pat = w.product_pattern(p, ctx.shop)
        limit = 3 if len(prods) == 1 else 2  # the rule, and its limits ("only checked in", "5 litres")
        country = country_in(ctx.u.question)
        fits = [
            c
            for c in w.clauses(pol.answer(ctx.lang))
            if pat.search(c)
            and not _others_barred(ctx, c, p)
            and not _of_another(ctx, c, p)
            and not (country and (abroad := countries_named(c)) and country not in abroad)  # Hamburg: not Australia's
        ]
        for c in fits[:limit]:
            by_clause.setdefault(c, []).append(p)
    out: list[str] = []
    opening = w.clauses(pol.answer(ctx.lang))[:1]
    last = ""
    for clause, ps in by_clause.items():
        names = w.join([w.short_name(p, ctx.lang, prods) for p in ps], ctx.lang)
        clause = _narrowed(clause, [w.product_pattern(p, ctx.shop) for p in ps], ctx.lang)
        if any(w.end(clause, ctx.lang).rstrip("。.") in x for x in out):
            continue  # said already, for these or others
        if names == last:  # the same products' next clause: said on its own
            out.append(w.end(clause, ctx.lang))
        else:
            out.append(ctx.t(f"{names}：{w.end(clause, 'zh')}", f"For {names}: {w.end(clause, 'en')}"))
        last = names
        if (
            opening
            and clause not in opening
            and not re.search(_NEGATIVE, clause, re.I)
            and re.search(r"\d", opening[0])
        ):
            out.append(w.end(opening[0], ctx.lang))  # "can usually go" — and the rule's own terms (days, duties)
            opening = []
    return out


def _of_another(ctx: Context, clause: str, p: Product) -> bool:
    """Whether a clause is another product's rule that names this one only as holding alcohol ("青稞酒只能托运：
    24%–70%vol的酒…" is the liquor's rule, not that of a sausage cured with a dash of baijiu)."""
    if not ctx.vocab.products_named(clause) - {p.id}:
        return False
    hits = [m.group(0) for m in w.product_pattern(p, ctx.shop).finditer(clause)]
    return bool(hits) and all(re.fullmatch(r"酒|alcohol|wine|liquor|spirits", h, re.I) for h in hits)


def _narrowed(clause: str, pats: list[re.Pattern[str]], lang: str) -> str:
    """Of a long clause listing what a rule covers ("以下一律不寄海外：A（…）、B（…）、酒类（封缸酒…）"), its head and
    the items naming these products — not the whole list read out."""
    head, sep, body = clause.partition("：" if lang == "zh" else ": ")
    if not sep or len(clause) < (60 if lang == "zh" else 160) or not re.search(_NEGATIVE, head, re.I):
        return clause  # only a list under a rule said in its head ("These never go abroad: …")
    items = w.top_level(body.rstrip("。."), "、" if lang == "zh" else ",")
    hits = [x for x in items if any(p.search(x) for p in pats)]
    if not hits or len(hits) == len(items) or len(items) < 3:
        return clause
    if lang == "zh":
        return f"{head}：{'、'.join(hits)}。"
    return f"{head}: {', '.join(re.sub(r'^and ', '', x) for x in hits)}."


def about_products(ctx: Context, prods: tuple[Product, ...]) -> tuple[list[str], tuple[Policy, ...]]:
    """The clauses of the question's policies that name these products (for a recommendation with a rule)."""
    out: list[str] = []
    pols: list[Policy] = []
    for t in ctx.u.topics:
        pol = ctx.vocab.policy_for(t)
        if pol is None or pol in pols:
            continue
        got = _about_products(ctx, pol, prods)
        if got:
            out += got
            pols.append(pol)
    return out, tuple(pols)


def cold_refused(ctx: Context, prods: tuple[Product, ...]) -> tuple[Product, ...]:
    """The chilled and frozen products the cold-chain rule won't send to the destination ("不发内蒙古"), and the
    frozen ones its zones leave out ("冷冻商品只发A区和B区" for Harbin in Zone C)."""
    if _cold_place(ctx, prods)[2]:
        return tuple(p for p in prods if p.cold_chain)
    return tuple(p for p in prods if p.cold_chain and w.frozen(p)) if frozen_zone_barred(ctx) else ()


def frozen_zone_barred(ctx: Context) -> bool:
    """Whether the cold-chain rule sends frozen goods only to zones the destination is not in (public: the
    answer says why)."""
    chain = ctx.vocab.policy_for("cold_chain")
    if chain is None or not ctx.u.places:
        return False
    text = chain.answer(ctx.lang)
    allowed = frozen_zones(text, ctx.lang)
    zone = destination_zone(zones(text, ctx.lang), ctx.u.places)
    return allowed is not None and zone is not None and zone_letter(zone) not in allowed


def _cold_place(ctx: Context, prods: tuple[Product, ...]) -> tuple[list[str], Policy | None, bool]:
    """Chilled products and a destination: the cold-chain clause that names the destination, if any."""
    chain = ctx.vocab.policy_for("cold_chain")
    chilled = [p for p in prods if p.cold_chain]
    if chain is None or not chilled or not ctx.u.places:
        return [], None, False
    labels = [pl if ctx.zh else (MACRO_REGION_EN.get(pl) or province_en(pl)) for pl in ctx.u.places]
    q = ctx.u.question
    hit = next(  # "usa" is no place inside "sausages": English names as words
        (
            m
            for pl in ctx.u.places
            for n in MACRO_REGIONS.get(pl, ())
            if (m := re.search(re.escape(n) if has_cjk(n) else rf"\b{re.escape(n)}\b", q, re.I))
        ),
        None,
    )
    said = hit.group(0) if hit else ""  # the city as the customer wrote it
    for c in w.clauses(chain.answer(ctx.lang)):
        if any(lb.lower() in c.lower() for lb in labels):
            names = w.join([w.short_name(p, ctx.lang, prods) for p in chilled], ctx.lang)
            out = [ctx.t(f"{names}需要冷链。", f"{w.cap(names)} must go by cold chain."), w.end(c, ctx.lang)]
            # the rule excludes the destination: say it plainly — unless it names the city itself (an exception:
            # "不发新疆（乌鲁木齐市区除外）"), which a clerk confirms
            city = re.escape(said)
            near = "|".join([city] if said else [re.escape(lb) for lb in labels])
            excepted = bool(  # "不发新疆（乌鲁木齐市区除外）": the place, or one in it, is an exception
                re.search(
                    rf"(?:{near})[^，,;；。、]{{0,10}}除外|(?:{near})\s*\((except|apart from|but not)|"
                    rf"(except|apart from|other than|but not)[^,;.]{{0,20}}(?:{near})",
                    c,
                    re.I,
                )
            )
            at = min((c.lower().find(lb.lower()) for lb in labels if lb.lower() in c.lower()), default=-1)
            # "not to Xinjiang, Tibet …" (the 'not' before the place) or "新疆、西藏…都不发" (in the place's part)
            part = re.split(r"[，,；;：:。]", c[at:])[0] if at >= 0 else ""
            before = re.split(r"[，；：。]", c[:at])[-1] if at > 0 and has_cjk(c) else c[:at] if at > 0 else ""
            refused_there = at >= 0 and bool(re.search(_NEGATIVE, before, re.I) or re.search(_NEGATIVE, part, re.I))
            frozen = [p for p in chilled if w.frozen(p)]
            if frozen and not refused_there and frozen_zone_barred(ctx):
                # "冷冻商品只发A区和B区": the destination's zone is listed for chilled goods, not for frozen ones
                fz = w.join([w.short_name(p, ctx.lang, prods) for p in frozen], ctx.lang)
                where = said or labels[0]
                out = [
                    ctx.t(
                        f"{fz}是冷冻商品，按店里的规定寄不到{where}。",
                        f"I'm afraid {fz} is frozen, and the shop doesn't send frozen goods to {where}.",
                    ),
                    *[x for x in w.pick_clauses(chain, ctx.lang, _FROZEN_WORDS, 8) if re.search(_ONLY_SENT, x, re.I)][
                        :1
                    ],
                ]
                return out, chain, len(frozen) == len(chilled)
            if said and refused_there and not excepted:
                out.insert(0, ctx.t(f"{names}没法寄到{said}。", f"I'm afraid we can't send {names} to {said}."))
            elif excepted:
                out.append(
                    ctx.t(
                        f"规定里专门提到了{said}，能不能送到您的地址，我请店员帮您确认。",
                        f"The rule names {said} itself; I'll ask a clerk to confirm your address is covered.",
                    )
                    if said
                    else ctx.t(
                        "这个地区有例外，能不能送到您的地址，我请店员帮您确认。",
                        "The rule makes an exception for part of that region; I'll ask a clerk to confirm your address.",
                    )
                )
            others = [p for p in prods if not p.cold_chain]
            if others:
                rest = w.join([w.short_name(p, ctx.lang, prods) for p in others], ctx.lang)
                out.append(
                    ctx.t(f"{rest}不需要冷链，可以正常寄。", f"{w.cap(rest)} need no cold chain and can go as usual.")
                )
            return out, chain, refused_there and not excepted
    return [], None, False


_FROZEN_WORDS = re.compile(r"冷冻|速冻|冻品|frozen", re.I)
_ONLY_SENT = r"只发|只寄|仅发|仅寄|\bonly\b.{0,20}\b(go|goes|ship|sent|send)"  # sent only to the places it lists
_FROZEN_SENT = _ONLY_SENT + r"|不发|不寄|寄不|(don'?t|do not|never|not) (ship|send|go)"


def _frozen_rule(ctx: Context, chain: Policy, frozen: list[Product]) -> list[str]:
    """For frozen goods, the cold-chain clauses about frozen goods (not the chilled ones'), and when a clause sends
    them only to a list of places that leaves out the destination, that it can't go there."""
    if not frozen:
        return []
    own = [  # a rule of its own for frozen goods: one that opens with them
        p
        for p in ctx.shop.policies
        if p is not chain and _FROZEN_WORDS.search((w.clauses(p.answer(ctx.lang)) or [""])[0])
    ]
    said = [  # the cold-chain rule's clauses on frozen goods, or where a frozen-goods rule sends them
        c
        for pol in (chain, *own)
        for c in w.clauses(pol.answer(ctx.lang))
        if (_FROZEN_WORDS.search(c) or pol is not chain) and re.search(_FROZEN_SENT, c, re.I)
    ]
    if not said:
        return []
    out = [w.end(c, ctx.lang) for c in said[:2]]
    places = [pl if ctx.zh else province_en(pl) or pl for pl in ctx.u.places if pl not in FAR_PLACES]
    only = [c for c in said if re.search(_ONLY_SENT, c, re.I)]
    by_zone = frozen_zones(chain.answer(ctx.lang), ctx.lang) is not None  # "只发A区和B区": the place's zone decides
    barred = frozen_zone_barred(ctx) if by_zone else not any(pl.lower() in c.lower() for c in only for pl in places)
    if places and only and barred:
        names = w.join([w.short_name(p, ctx.lang, tuple(frozen)) for p in frozen], ctx.lang)
        out.insert(
            0,
            ctx.t(
                f"{names}是冷冻商品，按店里的规定寄不到{places[0]}。",
                f"{w.cap(names)} is frozen, and the shop's rule doesn't send frozen goods to {places[0]}.",
            ),
        )
    return out


def contact(ctx: Context) -> list[str]:
    """The shop's own contact lines (its header: phone, WeChat, e-mail, address)."""
    info = ctx.shop.info
    parts = []
    if info.get("phone"):
        parts.append(ctx.t(f"电话{info['phone']}", f"phone {info['phone']}"))
    if info.get("wechat_id"):
        parts.append(ctx.t(f"微信{info['wechat_id']}", f"WeChat {info['wechat_id']}"))
    if info.get("email"):
        parts.append(ctx.t(f"邮箱{info['email']}", f"e-mail {info['email']}"))
    if not parts:
        return []
    out = [ctx.t(f"店里的联系方式：{'，'.join(parts)}。", f"You can reach the shop by {w.join(parts, 'en')}.")]
    addr = info.get("address_zh" if ctx.zh else "address_en")
    if addr:
        out.append(ctx.t(f"地址是{addr}。", f"The address is {addr}."))
    return out


_CLEAR = 6.0  # a clause's score that answers a question by itself, when it stands well clear of the next


def unclear(ctx: Context) -> tuple[tuple[str, ...], tuple[Policy, ...], bool]:
    """A question no answer kind fits: the clause of the shop's policies that answers it clearly ("够不够升金卡？"
    → the membership clause), the policy its words share most with, or an honest "not sure"."""
    ask = clause_index.Ask(ctx.u.question, ctx.lang, ())
    ranked = ctx.vocab.clauses.scored(ask, ctx.vocab.topic_policy)
    if ranked and ranked[0][0] >= _CLEAR and (len(ranked) < 2 or ranked[0][0] >= 1.5 * ranked[1][0]):
        clear = ranked[0][1]
        return (w.end(clear.text, ctx.lang),), (clear.policy,), False
    q = set(clause_index.tokens(ctx.u.question))
    best: tuple[float, Policy | None, str] = (0.0, None, "")
    for c in ctx.vocab.clauses.clauses[ctx.lang]:  # every clause, tokenised once at start-up
        shared = len(q & c.grams.keys())
        score = 2.0 * len(q & c.head) + shared
        if score > best[0] and shared >= 2:  # the clause itself, not only its policy's question, is asked
            best = (score, c.policy, c.text)
    top, found, clause = best
    if found is not None and top >= 2 and len(q) and top / len(q) >= 0.5:
        return (w.end(clause, ctx.lang),), (found,), False
    return (
        (
            ctx.t(
                "这个我不太确定您想问什么。您可以说说想找什么特产、送给谁，或者我请店员来帮您。",
                "I'm not sure I understood. Tell me what you're looking for or who it's for, or I can call a clerk.",
            ),
        ),
        (),
        True,
    )


def policy(
    ctx: Context, prods: tuple[Product, ...]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[Policy, ...], bool]:
    """A policy question; about the products on the table when the policy names them."""
    topics = [t for t in ctx.u.topics if t not in ("human", "contact")]
    clerks = ctx.vocab.policy_for("human")
    if "human" in ctx.u.topics and "hours" in topics and clerks is not None:  # when the clerks answer, not the shop
        hours = w.pick_clauses(clerks, ctx.lang, r"\d{1,2}[:：]\d{2}", 2)
        if hours:
            return tuple(hours), (), (clerks,), False
    if "contact" in ctx.u.topics:
        lines = contact(ctx)
        if lines and not topics:
            return tuple(lines), (), (), False
    by_policy: dict[str, tuple[str, Policy]] = {}
    unassigned: list[str] = []  # a topic no policy is about as a whole may still be a clause of one
    also: dict[str, list[str]] = {}  # the other topics asked of the same policy ("定金…？最晚…？")
    for t in topics:
        pol = ctx.vocab.policy_for(t)
        if pol is None:
            unassigned.append(t)
        elif pol.id not in by_policy:
            by_policy[pol.id] = (t, pol)
        else:
            also.setdefault(pol.id, []).append(t)
    pairs = list(by_policy.values())[:3]
    pols = [pol for _, pol in pairs]
    if unassigned and not _answer_asks(ctx, tuple(unassigned))[0]:
        unassigned = []
    if not pols and not unassigned:
        return (
            (
                ctx.t(
                    "店里的规定里没有写这一点，我请店员帮您确认。",
                    "The shop's policies don't cover that; let me ask a clerk to confirm.",
                ),
            ),
            (),
            (),
            True,
        )
    lead: list[str] = [stock_note(ctx, p) for p in prods[:2] if not p.in_stock]
    lead += [conflict_warning(ctx, p, prods) for p in prods[:2] if not ctx.view.allows(p)]
    closing: list[str] = []
    carried = "luggage" in topics and not any(t in (*_SHIPPING, "overseas") and t != "courier" for t in topics)
    cold, chain, refused_place = ([], None, False) if carried else _cold_place(ctx, prods)  # in a suitcase: not sent
    if chain is not None:
        lead += cold
        if chain not in pols:
            pols.append(chain)
    refused = refused_place and bool(prods) and all(p.cold_chain for p in prods)
    general: list[str] = list(unassigned)
    for topic, pol in pairs:
        if pol is chain or (refused and topic in _SHIPPING):
            continue  # chilled goods that can't go there: no delivery time for them
        said: list[str] = []
        if ctx.u.places:
            said = _place_clauses(ctx, pol, topic)
            if said and topic == "shipping_fee" and not _FLAT.search(said[0]) and not FAR_PLACES & set(ctx.u.places):
                general.append(topic)  # a fee has its base rate too, not only the place's surcharge
            if topic == "overseas" and prods:  # what may go there, for these products, before how long it takes
                said = [*_about_products(ctx, pol, prods), *said]

        if not said and prods and topic not in _GENERAL:
            said = _about_products(ctx, pol, prods)
            if not said:
                names = w.join([w.short_name(p, ctx.lang, prods) for p in prods[:3]], ctx.lang)
                general_rule = w.pick_clauses(pol, ctx.lang, r".", 2)
                intro = ctx.t(
                    f"店里的规定没有专门提到{names}，一般规则是：",
                    f"The shop's rule doesn't name {names} specifically; in general, ",
                )
                first = general_rule[0] if general_rule else ""
                if first and not ctx.zh:
                    first = first[0].lower() + first[1:]
                said = [intro + first, *general_rule[1:]] if first else []
                closing.append(_offer_clerk(ctx))
        if carried and topic == "cold_chain":  # in a suitcase: the luggage rule's cool bag, not the courier's
            continue
        if topic == "luggage" and "海外" in ctx.u.places:  # a flight abroad: the rule's words on entering there
            said = [*(x for x in w.pick_clauses(pol, ctx.lang, _ABROAD, 1) if not any(x in y for y in said)), *said]
        if said:
            for x in said:
                _add_once(lead, x)
        else:
            general += [topic, *also.get(pol.id, [])]
    if general:
        got, more = _answer_asks(ctx, tuple(general), prods)
        if not got:  # no clause stands out: a short rule whole, a long one's opening
            pol = pairs[0][1] if pairs else None
            whole = [w.end(c, ctx.lang) for c in w.clauses(pol.answer(ctx.lang))] if pol else []
            got, more = whole[:2], [pol] if pol else []
        lead += [x for x in got if not any(x.rstrip("。.") in y for y in lead)]  # not again, even with a preface
        pols += [p for p in more if p not in pols]
    sending = any(t in (*_SHIPPING, "overseas", "send", "luggage") for t in topics) and not carried
    if sending and any(p.cold_chain for p in prods) and not any(t == "cold_chain" for t in topics):
        chain = ctx.vocab.policy_for("cold_chain")
        if chain is not None and chain not in pols:
            chilled = [w.short_name(p, ctx.lang, prods) for p in prods if p.cold_chain]
            lead.append(
                ctx.t(
                    f"{w.join(chilled, 'zh')}需要冷链。",
                    f"{w.cap(w.join(chilled, 'en'))} {'need' if len(chilled) > 1 else 'needs'} the cold chain.",
                )
            )
            frozen = [p for p in prods if p.cold_chain and w.frozen(p)]
            lead += _frozen_rule(ctx, chain, frozen) or w.pick_clauses(chain, ctx.lang, _NEGATIVE, 1)
            pols.append(chain)
    lead = [x for x in lead if not _other_places_only(ctx, x) and not _other_product_only(ctx, x, prods)]
    cold_goods = [p for p in prods[:3] if p.cold_chain]
    if cold_goods and any(_COLD_LEFT_OUT.search(x) for x in lead):  # "豌豆黄也装进礼盒吧": the rule leaves it out
        names = w.join([w.short_name(p, ctx.lang, prods) for p in cold_goods], ctx.lang)
        lead.insert(
            0,
            ctx.t(
                f"{names}需要冷链，这条规定把冷链商品除外了。",
                f"{w.cap(names)} {'need' if len(cold_goods) > 1 else 'needs'} the cold chain, and this rule leaves "
                "chilled items out.",
            ),
        )
    if "luggage" in topics and "海外" in ctx.u.places:  # a flight abroad: what may not enter the country, first
        lead = [*(x for x in lead if _ABROAD.search(x)), *(x for x in lead if not _ABROAD.search(x))]
    lead = list(w.said_once(lead))
    return tuple(_no_blanket_yes(ctx, lead, prods)), tuple(closing), tuple(pols), False


_ABROAD = re.compile(ABROAD_WORDS, re.I)


def _add_once(lead: list[str], line: str) -> None:
    """A line added unless one with the same preface is said ("按店里的配送时间，寄到台湾：…" from two rules):
    the fuller of the two stays."""
    head, sep, body = line.partition("：") if "：" in line else line.partition(": ")
    core = body.strip().rstrip("。.") if sep else ""
    for i, old in enumerate(lead):
        if line == old or (len(core) >= 12 and core in old):  # its clause said already, under another preface
            return
        o_head, o_sep, o_body = old.partition(sep) if sep else ("", "", "")
        if sep and o_sep and o_head == head:
            mine, theirs = set(re.findall(r"\d+", body)), set(re.findall(r"\d+", o_body))
            if o_body.rstrip("。.") in body or theirs < mine:  # the fuller: more of the rule's figures
                lead[i] = line
            return
    lead.append(line)


def _others_barred(ctx: Context, clause: str, p: Product) -> bool:
    """A clause saying no whose only words for this product are inside other products' names ("…: alcohol (plum
    wine), nuts in shell (Yangbi walnuts)" of the coffee beans: "wine" of its category is the plum wine's): not
    about it. A clause naming its kind ("liquids and pastes such as honey, sauces…") still is."""
    if not re.search(_NEGATIVE, clause, re.I):
        return False
    low = clause.lower()
    others = [
        (m.start(), m.end())
        for m in ctx.vocab.long_names.finditer(low)
        if p.id not in ctx.vocab.products_named(m.group(0))
    ]
    hits = [(m.start(), m.end()) for m in w.product_pattern(p, ctx.shop).finditer(clause)]
    return bool(hits) and all(any(a <= s and e <= b for a, b in others) for s, e in hits)


def _refused(ctx: Context, lead: Sequence[str], prods: tuple[Product, ...]) -> list[Product]:
    """The products a clause of the answer says no for: a clause that names the product and refuses."""
    country = country_in(ctx.u.question)
    said_no = [
        x
        for x in lead
        if re.search(_NEGATIVE, x, re.I)
        and not (country and (abroad := countries_named(x)) and country not in abroad)  # "…not sent to Australia"
    ]
    return [
        p
        for p in prods
        if any(w.product_pattern(p, ctx.shop).search(x) and not _others_barred(ctx, x, p) for x in said_no)
    ]


def refusal(ctx: Context, lead: tuple[str, ...], prods: tuple[Product, ...]) -> str:
    """For a parcel abroad, the rule's "no" for the products it names, said plainly ("… can't be sent there")."""
    if "overseas" not in ctx.u.topics or not prods:
        return ""
    barred = _refused(ctx, lead, prods[:3])
    if not barred:
        return ""
    names = w.join([w.short_name(p, ctx.lang, prods) for p in barred], ctx.lang)
    return ctx.t(f"{names}寄不了那里。", f"{w.cap(names)} can't be sent there.")


def _other_places_only(ctx: Context, text: str) -> bool:
    """A clause about places, none of them where this parcel goes ("Tibet, Qinghai and Xinjiang add a ¥12
    surcharge" for a parcel to Melbourne): not said — nor a surcharge on far provinces when no place is said."""
    # provinces named as provinces ("西藏、青海、新疆", "Tibet, Qinghai and Xinjiang"), not a county's pinyin
    # inside another word, nor a product's own name ("Guizhou Fermented Chilli")
    bare = text
    for p in ctx.shop.products:
        bare = bare.replace(p.name_zh, " ").replace(p.name_en, " ")
    named = {prov for said, _, prov in provinces_named(bare) if said in (prov, province_en(prov).lower())}
    if len(named) < 2:
        return False
    if not ctx.u.places:  # an order with no place said: not the far provinces' surcharge (the rule asked alone: all)
        ordered = any(n for _, n in ctx.u.quantities) or bool(ctx.u.quantity)
        return ordered and bool(re.search(r"偏远|另加|surcharge|remote", text, re.I))
    dest = set(ctx.u.places) | {n for pl in ctx.u.places for n in MACRO_REGIONS.get(pl, ())}
    labels = dest | {province_en(pl) for pl in ctx.u.places} | {MACRO_REGION_EN.get(pl, "") for pl in ctx.u.places}
    low = text.lower()
    return not (named & dest) and not any(lb and lb.lower() in low for lb in labels)


def _other_product_only(ctx: Context, text: str, prods: tuple[Product, ...]) -> bool:
    """A clause about one other product ("东山枇杷单独从果园发顺丰…" for a parcel of tea): not said about these.
    A clause listing several products as examples ("liquids such as vinegar, the rice wines …") stays."""
    if not prods or len(re.findall(r"[、,，]", text)) >= 3:
        return False
    named = ctx.vocab.products_named(text)
    if not named:
        return False
    family = {(p.group or p.id) for pid in named if (p := ctx.shop.product(pid)) is not None}
    own = {p.id for p in prods} | {p.group for p in prods if p.group}
    return len(family) == 1 and not (named & own) and not (family & own)
