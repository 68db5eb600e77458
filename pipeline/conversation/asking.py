"""Answers about products' own facts, decided from their fields: an attribute, allergens, suitability."""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.allergens import ALLERGEN_WORDS, CONDITION_AVOIDS, DIETS, MEAT_WORDS, condition_named
from pipeline.catalogue import Policy, Product
from pipeline.chunker import split_sentences
from pipeline.conversation import words as w
from pipeline.conversation.context import (
    EN_COUNT,
    Context,
    alternatives,
    conflict_warning,
    item,
    message,
    price_text,
    stock_line,
)
from pipeline.conversation.lexicon import (
    DIET_SAID,
    TAG_WORDS,
    UNSETTLED_CONDITIONS,
    made_of_asked,
    unlisted_property,
    unsettled_condition,
)
from pipeline.textnum import has_cjk, money

# how many a product feeds: asked, and said in the shop's text
_FEEDS_ASKED = re.compile(
    r"够几个人|几个人吃|几人份|够.{0,3}人吃|how many (people|guests|servings|persons)|(does|will) it (feed|serve)|feeds? how many",
    re.I,
)
_FEEDS = re.compile(
    r"够.{0,6}人|人份|\d+\s*(个|只|块|片)|serves|feeds|enough for|\d+\s*(people|servings|pieces|dumplings)", re.I
)
_PREP_ASKED = re.compile(
    r"怎么(吃|做|热|加热|煮|泡|蒸)|how (do|should|can) (i|you|we) (cook|heat|warm|serve|prepare|eat)|how to (cook|heat|serve|prepare)",
    re.I,
)
# when it was grown or made: a harvest, a year, a batch
_HARVEST_ASKED = re.compile(
    r"哪年|今年的|新米|新茶|新货|什么时候(产|收|采)|harvest|which year|this year'?s|how fresh|crop", re.I
)
_HARVEST = re.compile(r"\d{4}|今年|新米|新茶|收割|采摘|采的|产季|批次|harvest|picked|milled|crop|batch|this year", re.I)
# a sentence of the shop's text on preparing or serving: how to heat, brew, cook or eat it, how many it feeds
_PREPARE = re.compile(
    r"加热|热一下|隔水|蒸|煮|泡|冲|炒|凉拌|解冻|微波|开水|沸水|上桌|够.{0,4}人|人份|吃法|配着?|搭配|"
    r"\bheat|warm|steam|boil|brew|infus|steep|water bath|microwave|thaw|fry|stir|toast|\bserves?\b|feeds|"
    r"\bpour|\bwith (rice|noodles|congee|tea|milk)|pair",
    re.I,
)

__all__ = ["allergy", "attribute", "attribute_line", "one_of_each", "suitability"]

_ALLERGY_CAVEAT = r"微量|交叉|同一|同时加工|工厂|车间|traces?|facilit|same (line|factory)|cross"

SEVERE = r"严重|severe|anaphyla|very allergic|seriously"

_ALL_TOGETHER = re.compile(
    r"一共|总共|加起来|合计|加上|算下来|all together|altogether|in total|total|come to|comes to|the damage|\bowe\b|\bplus\b|for (the|both|all) (two|three|of them)|for both",
    re.I,
)
# attributes whose answer is yes or no: said once for all the products that share it

_YES_NO = {
    "gift_box": (lambda p: p.gift_box, ("有礼盒", "没有礼盒"), ("come in a gift box", "don't come in a gift box")),
    "stock": (lambda p: p.in_stock, ("现在有货", "目前缺货"), ("are in stock", "are out of stock right now")),
    "cold_chain": (
        lambda p: p.cold_chain,
        ("需要冷链配送", "不需要冷链"),
        ("ship by cold chain", "don't need the cold chain"),
    ),
}


def _attr_sentence(ctx: Context, p: Product, attr: str, among: tuple[Product, ...], first: bool) -> str:
    zh = ctx.zh
    nm = w.name(p, ctx.lang) if first else w.short_name(p, ctx.lang, among)
    q = ctx.u.question
    if attr == "packaging":
        pk = w.packaging_text(p, ctx.lang)
        if re.search(r"真空|vacuum", q, re.I) and p.packaging != "vacuum bag":
            return ctx.t(
                f"{nm}是{pk}包装，标签上没有写是真空包装。",
                f"{w.cap(nm)} comes in a {pk}; the label doesn't say it is vacuum-packed.",
            )
        return ctx.t(f"{nm}是{pk}包装。", f"{w.cap(nm)} comes in a {pk}.")
    if attr == "shelf_life":
        keep = w.shelf_life(p, ctx.lang)
        if p.shelf_life_days >= 3650:
            return ctx.t(f"{nm}{keep}。", f"{w.cap(nm)} keeps for years.")
        return ctx.t(f"{nm}未开封{keep}。", f"Unopened, {nm} keeps for {p.shelf_life_days} days.")
    if attr == "storage" or attr == "cold_chain":
        st = p.storage_zh if zh else p.storage_en
        chain = ctx.t("需要冷链配送，", "It ships by cold chain. ") if p.cold_chain else ""
        return ctx.t(f"{nm}{chain}保存方法：{st}", f"{w.cap(nm)}: {chain}{st}")
    if attr == "ingredients":
        listed = ctx.t(f"{nm}的配料是：{p.ingredients_zh}。", f"The ingredients of {nm}: {p.ingredients_en}.")
        # "是虫子做的吗？": what the name makes one think, answered from the shop's words — of the ask naming it
        asks = [a for a in re.split(r"(?<=[？?])", q) if p.id in ctx.vocab.products_named(a)]
        thing = made_of_asked(asks[0] if len(asks) == 1 else q)
        return listed + (_made_of(ctx, p, thing) if thing else "")
    if attr == "allergens":  # a faith's or a diet's rule (pork, garlic) only for someone who keeps it
        tags = p.allergen_set - (DIETS - ctx.view.avoid - ctx.u.allergens)
        if tags:
            return ctx.t(
                f"{nm}的标签列出的过敏原有：{w.allergen_list(tags, 'zh')}。",
                f"The label of {nm} lists these allergens: {w.allergen_list(tags, 'en')}.",
            )
        return ctx.t(f"{nm}的标签上没有列出过敏原。", f"The label of {nm} lists no allergens.")
    if attr == "origin":
        origin = str((p.pack_text.get("zh" if zh else "en") or {}).get("origin") or "")
        if _HARVEST_ASKED.search(
            q
        ):  # "is it this year's harvest?": the shop's own words on when, or that it doesn't say
            when = label_says(p, _HARVEST.pattern, ctx.lang)
            said = when or ctx.t(
                f"店里的资料没有写{nm}是哪一年的。", f"The shop's data doesn't say which year {nm} is from."
            )
            where = ctx.t(f"产地：{p.region_zh}", f"It comes from {p.region_en}") + (
                ctx.t(f"（包装上写着“{origin}”）。", f' (the pack says "{origin}").') if origin else ctx.t("。", ".")
            )
            return f"{said}{'' if zh else ' '}{where}"
        return (
            ctx.t(
                f"{nm}产自{p.region_zh}，品牌是{p.brand_zh}。",
                f"{w.cap(nm)} comes from {p.region_en}, made by {p.brand_en}.",
            )
            if not origin
            else ctx.t(
                f"{nm}产自{p.region_zh}（包装上写着“{origin}”），品牌是{p.brand_zh}。",
                f'{w.cap(nm)} comes from {p.region_en} (the pack says "{origin}"), made by {p.brand_en}.',
            )
        )
    if attr == "size":
        net = str((p.pack_text.get("zh" if ctx.zh else "en") or {}).get("net") or "")
        count = re.search(r"[（(]([^)）]*\d[^)）]*)[)）]", net) or re.search(  # "NET WT 500 g (10 pcs)"
            r"(\d+\s*(?:pcs|pieces|sachets|bags|cakes|个|块|袋|包|枚|片|颗))", net, re.I
        )
        extra = ctx.t(f"（包装上写着“{count.group(1)}”）", f' (the pack says "{count.group(1)}")') if count else ""
        return ctx.t(
            f"{nm}净含量{p.size_text('zh')}{extra}，{price_text(p)}。",
            f"{w.cap(nm)} is {p.size_text('en')}{extra} for {price_text(p)}.",
        )
    if attr == "alcohol":
        text = " ".join(str(v) for v in (p.pack_text.get("zh") or {}).values()) + " " + p.description_zh
        text += " " + " ".join(str(v) for v in (p.pack_text.get("en") or {}).values()) + " " + p.description_en
        m = re.search(r"(\d+(?:\.\d+)?)\s*(?:%|％)\s*(?:vol)?|(\d+)\s*度", text, re.I)
        if m:
            abv = m.group(1) or m.group(2)
            return ctx.t(f"{nm}酒精度{abv}%。", f"{w.cap(nm)} is {abv}% alcohol.")
        if "alcohol" in p.allergen_set:
            return ctx.t(
                f"{nm}含酒精，标签上没写度数。", f"{w.cap(nm)} contains alcohol; the label doesn't give its strength."
            )
        return ctx.t(f"{nm}的标签没有列出酒精。", f"The label of {nm} doesn't list alcohol.")
    if attr == "price" and ctx.u.quantity and ctx.u.quantity > 1 and len(among) == 1:  # "一瓶多少钱" is the price
        n = ctx.u.quantity
        total = round(n * p.price_cny, 2)
        return ctx.t(
            f"{nm}每件{price_text(p)}，{n}件一共{n} × {price_text(p)} = ¥{money(total)}。",
            f"{w.cap(nm)} is {price_text(p)} each, so {n} come to {n} × {price_text(p)} = ¥{money(total)}.",
        )
    if attr == "price":
        return ctx.t(
            f"{nm}{price_text(p)}，{p.size_text('zh')}。", f"{w.cap(nm)} is {price_text(p)} for {p.size_text('en')}."
        )
    if attr == "spiciness":
        return ctx.t(
            f"{nm}{w.spicy_predicate(p)}，辣度{p.spiciness}/4。",
            f"{w.cap(nm)} is {w.spicy_text(p, 'en')} ({p.spiciness} of 4).",
        )
    if attr == "sweetness":
        return ctx.t(
            f"{nm}{w.sweet_predicate(p)}，甜度{p.sweetness}/4。",
            f"{w.cap(nm)} is {w.sweet_text(p, 'en')} ({p.sweetness} of 4 for sweetness).",
        )
    if attr == "gift_box":
        if p.gift_box:
            return ctx.t(f"{nm}有礼盒。", f"{w.cap(nm)} comes in a gift box.")
        return ctx.t(f"{nm}本身没有礼盒。", f"{w.cap(nm)} doesn't come in a gift box of its own.")
    if attr == "stock":
        if p.in_stock:
            return ctx.t(f"{nm}现在有货，{price_text(p)}。", f"{w.cap(nm)} is in stock at {price_text(p)}.")
        out = stock_line(ctx, p, nm)  # "明年的春茶现在能买吗？": a pre-order, by the shop's pre-order rule
        if w.pre_orderable(p):
            return out
        alt = alternatives(ctx, p)
        if alt:
            items = w.join([item(ctx, a) for a in alt], ctx.lang)
            out += ctx.t(f"现在有货的可以看看{items}。", f" In stock now: {items}.")
        return out
    if attr == "serving":  # how to enjoy it, how to heat it, how many it feeds: the shop's own sentences saying so
        text = f"{p.description_zh}{p.storage_zh}" if ctx.zh else f"{p.description_en} {p.storage_en}"
        how = [x for x in split_sentences(text) if _PREPARE.search(x)]
        if _FEEDS_ASKED.search(q):  # "how many does one bag feed?": the shop's words on that, or its size and that
            feeds = [x for x in split_sentences(text) if _FEEDS.search(x)]
            if _PREP_ASKED.search(q):  # "…and how do I heat it?"
                feeds += [x for x in how if x not in feeds]
            if feeds:
                return ctx.t(f"{nm}：{''.join(feeds)}", f"{w.cap(nm)}: {' '.join(feeds)}")
            size = p.size_text(ctx.lang)
            return ctx.t(
                f"{nm}是{size}，店里没有写够几个人吃。",
                f"{w.cap(nm)} is {size}; the shop doesn't say how many it feeds.",
            )
        return ctx.t(f"{nm}：{''.join(how) or p.description_zh}", f"{w.cap(nm)}: {' '.join(how) or p.description_en}")
    if attr == "unlisted":  # "Is it organic?": the shop's own sentence naming it, else that the data doesn't say
        word = unlisted_property(ctx.u.question)
        said = label_says(p, re.escape(word), ctx.lang) if word else ""
        if said:
            return ctx.t(f"{nm}的商品介绍里写着：{said}", f"About {nm}, the shop's description says: {said}")
        return ctx.t(
            f"店里的资料没有提到{nm}的“{word}”，要确认的话我请店员看看实物包装。",
            f"The shop's information on {nm} doesn't say anything about {word}; a clerk can check the pack for you.",
        )
    if attr == "brand":
        return ctx.t(f"{nm}是{p.brand_zh}的。", f"{w.cap(nm)} is made by {p.brand_en}.")
    # taste
    return ctx.t(
        f"{nm}：{p.flavour_zh}，{w.sweet_text(p, 'zh')}、{w.spicy_text(p, 'zh')}。",
        f"{w.cap(nm)}: {p.flavour_en.rstrip('.')}; {w.sweet_text(p, 'en')}, {w.spicy_text(p, 'en')}.",
    )


def one_of_each(prods: tuple[Product, ...]) -> tuple[Product, ...]:
    """One product per family for a total ("the Longjing": the tin in stock), or nothing when that is unclear."""
    by_family: dict[str, list[Product]] = {}
    for p in prods:
        by_family.setdefault(p.group or p.id, []).append(p)
    out = []
    for ps in by_family.values():
        if len(ps) > 1:
            ps = [p for p in ps if p.in_stock]
        if len(ps) != 1:
            return ()
        out.append(ps[0])
    return tuple(out)


def attribute(ctx: Context, prods: tuple[Product, ...]) -> tuple[tuple[str, ...], tuple]:
    """The asked fields of each product, from the catalogue; gift wrapping when a product has no box. A total
    covers every line of the order (up to eight); the fields, the first three products."""
    whole, prods = prods[:8], prods[:3]
    if not prods:
        return (
            ctx.t(
                "您问的是哪一款？告诉我名字，或者拍一下包装给我看。",
                "Which product do you mean? Tell me its name, or show me the pack.",
            ),
        ), ()
    out: list[str] = []
    named: set[str] = set(ctx.said_names)
    attrs = [a for a in ctx.u.attributes if a != "taste"] or list(ctx.u.attributes)
    if "price" in attrs and "size" in attrs:
        attrs.remove("size")  # the price sentence says the size too
    if "shelf_life" in attrs and "storage" not in attrs and any(p.cold_chain for p in prods):
        attrs.append("storage")  # "豌豆黄能放几天？周末带去公园": how long, and that it must stay cold
    summed = one_of_each(tuple(p for p in whole if p.in_stock) or whole)  # a sold-out one is not in a total
    ordered = any(n for _, n in ctx.u.quantities)
    counted = {pid for pid, n in ctx.u.quantities if n}
    if ordered and len([p for p in whole if p.id in counted]) > 1:  # "原味拿3包、香辣拿2包": both of one family
        summed = tuple(p for p in whole if p.id in counted)
        said_now = set(ctx.u.needs.named_products)  # a pre-order said in this question stays in it
        if any(p.in_stock for p in summed):  # a sold-out line kept from before (said so) is not in the total
            summed = tuple(p for p in summed if p.in_stock or p.id in said_now)
    if "price" in attrs and len(summed) > 1 and (_ALL_TOGETHER.search(ctx.u.question) or ordered):
        qty = dict(ctx.u.quantities)
        total = round(sum(p.price_cny * qty.get(p.id, 1) for p in summed), 2)
        items = w.join([item(ctx, p) for p in summed], ctx.lang)
        sums = " + ".join(f"{qty[p.id]} × {price_text(p)}" if qty.get(p.id, 1) > 1 else price_text(p) for p in summed)
        out.append(ctx.t(f"{items}。", f"{w.cap(items)}."))
        out.append(ctx.t(f"加起来是{sums} = ¥{money(total)}。", f"Together that's {sums} = ¥{money(total)}."))
        attrs.remove("price")
    if "stock" not in attrs:
        out += [stock_line(ctx, p) for p in prods if not p.in_stock]
    for a in attrs[:3]:
        if a in _YES_NO and len(prods) > 1:
            out += _yes_no(ctx, a, prods)
            continue
        seen: dict[str, list[Product]] = {}  # what is said of it, without its name → the products it holds for
        for p in prods:
            said = _attr_sentence(ctx, p, a, prods, first=p.id not in named)
            named.add(p.id)
            key = said.lower()
            for nm in (w.name(p, ctx.lang), w.short_name(p, ctx.lang, prods)):
                key = key.replace(nm.lower(), "")
            if key in seen:  # two tins of one tea stored alike: said once, "the 250 g tin is the same"
                seen[key].append(p)
                continue
            seen[key] = [p]
            out.append(said)
        for same in seen.values():
            if len(same) > 1:
                names = w.join([w.short_name(x, ctx.lang, prods) for x in same[1:]], ctx.lang)
                out.append(ctx.t(f"{names}也一样。", f"The same goes for {names}."))
    pols: tuple = ()
    if "gift_box" in attrs and any(not p.gift_box for p in prods):
        pol = ctx.vocab.policy_for("gift_wrap")
        if pol is not None:
            unboxed = [p for p in prods if not p.gift_box]
            naming = [
                c
                for c in w.clauses(pol.answer(ctx.lang))
                if any(w.product_pattern(p, ctx.shop).search(c) for p in unboxed)
            ]
            got = [w.end(naming[0], ctx.lang)] if naming else []
            got = got or w.pick_clauses(pol, ctx.lang, r"(礼盒|gift box).*\d|\d.*(礼盒|gift box)", 1)
            out += got
            pols = (pol,)
    elif "gift_box" in attrs and _COSTS_MORE.search(ctx.u.question) and (pol := ctx.vocab.policy_for("gift_wrap")):
        # "也都要礼盒装，这个要加钱吗？" of products that have their box: the shop's words on what that box costs
        out += w.pick_clauses(pol, ctx.lang, r"(礼盒|gift box).{0,40}(免费|free)|(免费|free).{0,40}(礼盒|gift box)", 1)
        pols = (pol,)
    if "allergens" in attrs:  # what the labels list, then the shop's own caveat on traces
        listed = frozenset(t for p in prods for t in p.allergen_set if t not in DIETS)
        caveat, caveat_pols = allergy_caveat(ctx, 1, prods, listed)
        out += caveat
        pols = (*pols, *caveat_pols)
    for p in whole if ordered else prods:  # every line of an order, not only the first three
        if not ctx.view.allows(p):
            out.append(conflict_warning(ctx, p, prods))
    return tuple(out), pols


_COSTS_MORE = re.compile(
    r"加钱|另收|另外收|收费|收钱|要钱|多少钱|extra|charge|cost (more|anything)|pay (more|extra)", re.I
)


def attribute_line(ctx: Context, p: Product, attr: str) -> str:
    """One attribute of one product already named."""
    return _attr_sentence(ctx, p, attr, (p,), first=False)


def _yes_no(ctx: Context, attr: str, prods: tuple[Product, ...]) -> list[str]:
    test, zh_words, en_words = _YES_NO[attr]
    yes = [p for p in prods if test(p)]
    no = [p for p in prods if not test(p)]
    out = []
    for group, i in ((yes, 0), (no, 1)):
        if not group:
            continue
        if len(group) == len(prods):
            every = ctx.t("都", "") if len(prods) > 1 else ""
            count = {2: "两", 3: "三"}.get(len(prods), "")
            words = en_words[i]
            if words.startswith("don't "):  # "neither of them comes in a gift box", not "all two don't come"
                en = f"Neither of them {_singular(words[6:])}." if len(prods) == 2 else f"None of them {words[6:]}."
            else:
                en = f"All {EN_COUNT.get(len(prods), len(prods))} {words}."
            out.append(ctx.t(f"这{count}款{every}{zh_words[i]}。", en))
            break
        names = w.join([w.short_name(p, ctx.lang, prods) for p in group], ctx.lang)
        verb = en_words[i] if len(group) > 1 else _singular(en_words[i])
        out.append(ctx.t(f"{names}{zh_words[i]}。", f"{w.cap(names)} {verb}."))
    return out


def _singular(words: str) -> str:
    """A plural verb phrase said of one ("don't come in a gift box" → "doesn't come in a gift box")."""
    if words.startswith("don't "):
        return "doesn't " + words[6:]
    head, _, rest = words.partition(" ")
    head = {"are": "is", "have": "has"}.get(head, head if head.endswith("s") else head + "s")
    return f"{head} {rest}".strip()


def allergy(ctx: Context, prods: tuple[Product, ...]) -> tuple[tuple[str, ...], tuple[str, ...], tuple, bool]:
    """What each product's label lists for the allergens asked about, the shop's caveat, a clerk for severe cases."""
    tags = sorted(ctx.u.allergens | ctx.view.avoid) if ctx.view.known else sorted(ctx.u.allergens)
    lead: list[str] = []
    if not prods:
        lead.append(
            ctx.t(
                f"好的，我会避开标签上列有{w.allergen_list(tags, 'zh')}的商品。",
                f"Understood: I'll leave out anything whose label lists {w.allergen_list(tags, 'en')}.",
            )
        )
    for p in prods[:3]:
        nm = w.name(p, ctx.lang) if p.group else w.short_name(p, ctx.lang, prods)  # the variant matters
        has = [t for t in tags if t in p.allergen_set]
        if ctx.view.vegetarian and "vegetarians" not in p.suitable_for:  # a known vegetarian: said first
            lead.append(w.not_vegetarian(p, ctx.lang) + ctx.t("。", "."))
        if "pork" in has and "halal" in has:
            has.remove("halal")  # pork says why
        for tag in [t for t in has if t in DIET_SAID]:  # a drink, a faith or a diet, not an allergy
            ev_text = w.ingredient_evidence(p, tag, ctx.lang)
            zh_what, zh_who, en_what, en_who = DIET_SAID[tag]
            lead.append(
                ctx.t(
                    f"{nm}含{zh_what}" + (f"（配料里有{ev_text}）" if ev_text else "") + f"，{zh_who}的话不要选它。",
                    f"{w.cap(nm)} contains {en_what}"
                    + (f" ({ev_text})" if ev_text else "")
                    + f", so it isn't for someone who {en_who}.",
                )
            )
            has.remove(tag)
        for tag, cond in [(t, c) for t in has if (c := condition_named(ctx.u.question, t, ctx.lang))]:
            ev_text = w.ingredient_evidence(p, tag, ctx.lang) or w.allergen_name(tag, ctx.lang)  # "孩子有蚕豆病"
            lead.append(
                ctx.t(
                    f"{nm}的配料里有{ev_text}，有{cond}的人不能吃。",
                    f"{w.cap(nm)} contains {ev_text}, so it is not for someone with {cond}.",
                )
            )
            has.remove(tag)
        if has:
            ev = [w.ingredient_evidence(p, t, ctx.lang) for t in has]
            ev_text = w.join([e for e in dict.fromkeys(ev) if e], ctx.lang)
            lead.append(
                ctx.t(
                    f"{nm}的标签列有{w.allergen_list(has, 'zh')}"
                    + (f"（配料里有{ev_text}）" if ev_text else "")
                    + f"，对{w.allergen_list(has, 'zh')}过敏的人不能吃。",
                    f"The label of {nm} lists {w.allergen_list(has, 'en')}"
                    + (f" (its ingredients include {ev_text})" if ev_text else "")
                    + f", so it is not safe for someone allergic to {w.allergen_list(has, 'en')}.",
                )
            )
        else:
            absent = [t for t in tags if t not in p.allergen_set and t != "halal"]  # no label says "not halal"
            if absent:
                lead.append(
                    ctx.t(
                        f"{nm}的标签上没有列出{w.allergen_list(absent, 'zh')}。",
                        f"The label of {nm} doesn't list {w.allergen_list(absent, 'en')}.",
                    )
                )
                thing = made_of_asked(ctx.u.question)
                said_of = _made_of(ctx, p, thing, own_words=True) if thing else ""
                if said_of:  # "奶香瓜子里真有奶吗？": the shop's own sentence on the name, too
                    lead.append(said_of.strip())
    closing: list[str] = []
    rule, rule_pols = halal_rule(ctx, prods) if "halal" in tags else ([], ())
    lead += rule
    if set(tags) <= DIETS:  # no allergy to caveat: what it contains is the answer
        return tuple(lead), (), rule_pols, False
    caveat, pols = allergy_caveat(ctx, 2, prods, frozenset(tags))
    closing += caveat
    if all(t in DIETS or condition_named(ctx.u.question, t, ctx.lang) for t in tags):  # a condition, no allergy
        closing.append(
            ctx.t(
                "配料以实物标签为准，需要的话我请店员拿给您看；身体方面的问题请以医生的意见为准。",
                "The pack's own label is what counts — a clerk can show it to you; for health questions, "
                "please go by your doctor's advice.",
            )
        )
    elif not any(re.search(SEVERE, c, re.I) and re.search(r"店员|clerk|staff", c, re.I) for c in caveat):
        closing.append(  # the shop's own caveat may say it already
            ctx.t(
                "如果是严重过敏，请让店员把实物标签拿给您确认，我可以帮您叫店员。",
                "For a severe allergy, please have a clerk show you the actual label; I can call one for you.",
            )
        )
    severe = bool(re.search(SEVERE, ctx.u.question, re.I))
    return tuple(lead), tuple(closing), pols, severe


_HALAL_RULE = re.compile(r"清真|halal", re.I)


_CERTIFIED = re.compile(r"认证|certif", re.I)


def _halal_weight(pol: Policy, clause: str, lang: str) -> int:
    """How squarely a clause is the shop's halal rule: one saying what is certified, in a rule asked about halal
    — not a cold-chain list that happens to name a halal sausage."""
    return 2 * bool(_CERTIFIED.search(clause)) + bool(_HALAL_RULE.search(pol.question(lang)))


def halal_rule(ctx: Context, prods: tuple[Product, ...]) -> tuple[list[str], tuple]:
    """For someone who eats halal only, of products without pork on their labels: the shop's own halal rule
    ("本店没有清真认证的商品…"), or that no label says halal — no pork listed is not halal."""
    if not prods or all("pork" in p.allergen_set for p in prods):
        return [], ()
    said = [
        (_halal_weight(pol, clause, ctx.lang), k, clause, pol)
        for k, pol in enumerate(ctx.shop.policies)
        for clause in w.pick_clauses(pol, ctx.lang, _HALAL_RULE, 3)
    ]
    if said:
        _, _, clause, pol = max(said, key=lambda x: (x[0], -x[1]))
        return [clause], (pol,)
    return [
        ctx.t(
            "标签上没有写清真认证，是否符合清真要求请让店员确认。",
            "No label says it is halal-certified; please have a clerk confirm before you choose it.",
        )
    ], ()


_CAUTION = re.compile(
    r"不宜|不要|不能|不适合|别|小心|大人看着|有人看着|陪着|整颗|噎|以下|慎|"
    r"should|must|not for|never|avoid|careful|adult watching|watched by|supervis|whole|chok|under \d|under (one|two|three)",
    re.I,
)
_CARED_FOR = ("children", "elders")


# an item of a numbered list ("②红松岭分装线…", "(3) the Ice City line …"), and a heading that opens one
_LIST_ITEM = re.compile(r"^\s*(?:[①②③④⑤⑥⑦⑧⑨⑩]|[（(]\d{1,2}[)）]|\d{1,2}[.、)]\s|[一二三四五六七八九十][、.])")
_LIST_HEAD = re.compile(r"[：:]\s*(?:[①②③④⑤⑥⑦⑧⑨⑩]|[（(]\d{1,2}[)）]|\d{1,2}[.、)]\s|[一二三四五六七八九十][、.])")


def allergy_caveat(
    ctx: Context, n: int = 1, prods: tuple[Product, ...] = (), tags: frozenset[str] = frozenset()
) -> tuple[list[str], tuple]:
    """The shop's own caveat on traces and shared facilities (its allergen policy's clauses), and that policy: the
    clauses about the allergens asked or the products on the table first, then those naming no allergen ("we
    cannot guarantee anything is trace-free"); a clause about other allergens in other products is not said."""
    pol = ctx.vocab.policy_for("allergen_info")
    if pol is None:
        return [], ()
    own, relevant, general = _caveat_clauses(ctx, pol, prods, tags)
    if own:  # the clause about these very goods said, one listing other goods is about those
        relevant = [c for c in relevant if not ctx.vocab.products_named(c)]
    caveat = (own + relevant + general)[:n]
    return caveat, ((pol,) if caveat else ())


def traces(ctx: Context, prods: tuple[Product, ...]) -> list[str]:
    """For a customer who avoids an allergen, the shop's caveat on each product shown that may hold traces of it
    ("the original pork floss shares a line with the seaweed-and-sesame flavour"): its label alone doesn't say."""
    tags = frozenset(ctx.view.avoid - DIETS)
    pol = ctx.vocab.policy_for("allergen_info")
    if not tags or not prods or pol is None:
        return []
    own, _, _ = _caveat_clauses(ctx, pol, prods, tags)
    shown = {p.id for p in prods if ctx.view.allows(p)}
    return [
        c
        for c in own
        if ctx.vocab.products_named(c) & shown
        and any(re.search(ALLERGEN_WORDS[t], c, re.I) for t in tags if t in ALLERGEN_WORDS)
    ]


def may_hold_traces(ctx: Context, p: Product) -> bool:
    """Whether the shop's caveat says a product may hold traces of what the customer avoids, read in either of
    its languages (one may name the product where the other says "both candies")."""
    return bool(traces(ctx, (p,)) or traces(replace(ctx, lang="en" if ctx.zh else "zh"), (p,)))


def _caveat_clauses(
    ctx: Context, pol: Policy, prods: tuple[Product, ...], tags: frozenset[str]
) -> tuple[list[str], list[str], list[str]]:
    """The allergen rule's caveat clauses: those naming these products, those about the allergens asked, and
    those naming no allergen."""
    # a gift box is made of the products its ingredients name (two or more: one is a raw material, "荔浦芋头"): a
    # clause about one of them is about the box
    held = {p.id for p in prods}
    for p in prods:
        if len(inside := ctx.vocab.products_named(p.ingredients_zh) - {p.id}) >= 2:
            held |= inside
    relevant, general, own = [], [], []
    listed, head = False, ""  # under a caveat's heading: "…may contain traces: ① …; ② …"
    for c in w.clauses(pol.answer(ctx.lang)):
        item = bool(_LIST_ITEM.match(c))
        warns = bool(re.search(_ALLERGY_CAVEAT, c, re.I))
        if warns and (opens := _LIST_HEAD.search(c)):
            listed, head = True, c[: opens.start() + 1]
            c = head + " " * (not ctx.zh) + _LIST_ITEM.sub("", c[opens.start() + 1 :].strip(), count=1).strip()
        elif not (listed and item):
            listed = False
        if not warns and not (listed and item):
            continue
        if listed and item:  # said under its heading's words, without the list's number
            c = head + " " * (not ctx.zh) + _LIST_ITEM.sub("", c, count=1).strip()
        named = {t for t, pat in ALLERGEN_WORDS.items() if t not in DIETS and re.search(pat, c, re.I)}
        if prods and _of_other_goods(ctx, c, prods):
            continue  # a shared kitchen making other kinds of goods than those asked about (in doubt, it is said)
        if not named:
            general.append(w.end(c, ctx.lang))
        elif ctx.vocab.products_named(c) & held:
            own.append(w.end(c, ctx.lang))  # the clause that names what is asked about comes first
        elif named & tags or any(w.product_pattern(p, ctx.shop).search(c) for p in prods) or not (tags or prods):
            relevant.append(w.end(c, ctx.lang))
    return own, relevant, general


def _of_other_goods(ctx: Context, clause: str, prods: tuple[Product, ...]) -> bool:
    """Whether a caveat lists products ("the osmanthus cakes, … the zongzi may contain traces of egg") none of
    which is asked about, of the same kind, or held in one asked about ("Lijiang box (…, Osmanthus Cakes & …)")."""
    lists = ctx.vocab.products_named(clause)
    if not lists or lists & {p.id for p in prods}:
        return False
    if {q.category for pid in lists if (q := ctx.shop.product(pid)) is not None} & {p.category for p in prods}:
        return False
    own = " ".join(f"{p.name_zh} {p.name_en} {p.ingredients_zh} {p.ingredients_en}" for p in prods).lower()
    items = [re.sub(r"^(?:the|and)\s+", "", x.strip().lower()) for x in re.split(r"[、，,；;：:]|\band\b|和", clause)]
    return not any(x in own for x in items if (len(x) >= 3 if has_cjk(x) else len(x.split()) >= 2))


def _warned(tag: str) -> str:
    """A sentence that names the person (a child, an elder) and warns."""
    return f"(?=.*(?:{TAG_WORDS[tag]}))(?=.*(?:{_CAUTION.pattern}))"


def cautions(ctx: Context, prods: tuple[Product, ...]) -> list[str]:
    """What each product's own text warns about the child or elder the products are for ("Young children should
    eat them with an adult watching"), said with the recommendation — the shop's words, never the model's."""
    out: list[str] = []
    for t in (t for t in _CARED_FOR if t in ctx.u.needs.recipients):
        for p in prods[:3]:
            said = label_says(p, _warned(t), ctx.lang)
            if said and said not in out:
                nm = w.short_name(p, ctx.lang, prods)
                out.append(ctx.t(f"{nm}的商品介绍里写着：{said}", f"About {nm}, the shop's description says: {said}"))
    return out


_NEGATION = re.compile(
    r"不是|并非|没有|不含|无关|没关系|并不|\b(?:not|no|isn'?t|aren'?t|doesn'?t|nothing|without)\b", re.I
)


def _made_of(ctx: Context, p: Product, thing: str, own_words: bool = False) -> str:
    """Whether it holds the thing its name suggests: the shop's own sentence saying it doesn't, else "the label's
    ingredients don't list it" when no word of it is there (never for a word a listed ingredient may be)."""
    text = f"{p.description_zh}{p.storage_zh}" if ctx.zh else f"{p.description_en} {p.storage_en}"
    low = thing.lower()
    stem = low[:-1] if low.endswith("s") and len(low) > 4 else low
    for x in w.sentences(text):  # whole sentences: "called partridge tea …; no bird"
        if _NEGATION.search(x) and (
            stem in x.lower() or (has_cjk(thing) and len(set(thing) & set(x)) >= (1 if len(thing) <= 2 else 2))
        ):
            return ("" if ctx.zh else " ") + x.strip()
    if own_words:  # only the shop's own sentence, never a word of ours
        return ""
    listed = f"{p.ingredients_zh} {p.ingredients_en}".lower()
    if has_cjk(thing):
        near = bool(set(thing) & set(listed))
    else:
        near = stem in listed
    meat = re.search(MEAT_WORDS, thing, re.I) and re.search(MEAT_WORDS, listed, re.I)
    if near or meat:
        return ""
    return ctx.t(f"配料表里没有{thing}。", f" The ingredients don't list {thing}.")


def label_says(p: Product, pattern: str, lang: str) -> str:
    """The first clause of the product's own description or storage text that matches (the shop's words)."""
    text = f"{p.description_zh}。{p.storage_zh}" if lang == "zh" else f"{p.description_en} {p.storage_en}"
    for c in re.split(r"(?<=[。；;!?！？])|(?<!\bNo\.)(?<!\bSt\.)(?<=\.)\s+", text):  # not "Daohuaxiang No. 2"
        if c.strip() and re.search(pattern, c, re.I):
            c = re.sub(
                r"^(同样|也|另外|而且|此外|所以|因此)[，,]?|^(likewise|also|and|so|but),?\s+", "", c.strip(), flags=re.I
            )
            return w.end(c, lang)
    return ""


# "能随便吃吗", "can she eat them freely?": how much, not only whether
_FREELY = re.compile(
    r"(?<!不)(能|可以)(随便|放开|放心|多|天天|每天|经常|常)(吃|喝)|想吃多少|freely|as much as (s?he|they|i) (likes?|wants?)|"
    r"every day|all (s?he|they) wants?",
    re.I,
)


def _named(ctx: Context, p: Product, prods: tuple[Product, ...], merged: set[str]) -> str:
    """A product's name in a suitability answer: the family's when it stands for packs said once, else in full
    for a pack of a family (the variant matters), else short."""
    if p.id in merged:
        return w.short_name(p, ctx.lang)
    return w.name(p, ctx.lang) if p.group else w.short_name(p, ctx.lang, prods)


def _alike_once(prods: tuple[Product, ...]) -> tuple[Product, ...]:
    """The products, a pack dropped when an earlier pack of its family has the same taste, tags and allergens."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for p in prods:
        key = (w.family(p), p.sweetness, p.spiciness, tuple(sorted(p.suitable_for)), p.allergen_set, w.texture(p))
        if key not in seen:
            seen.add(key)
            out.append(p)
    return tuple(out)


def suitability(ctx: Context, prods: tuple[Product, ...], warn: bool = True) -> tuple[str, ...]:
    """Whether each product suits the person asked about, from its tags and taste scales only, and what its own
    description says about that person ("一岁以下婴儿不能吃蜂蜜"); with ``warn``, what breaks a known customer's
    limits (without it when an allergy answer says that first). Two packs of one product that differ only in
    size are said once ("和田骏枣很甜", not the 500 g bag and then the 1 kg bag)."""
    out: list[str] = []
    kept = _alike_once(prods)
    merged = {p.id for p in kept if any(o.id != p.id and w.family(o) == w.family(p) for o in prods)} - {
        p.id for p in kept if any(o.id != p.id and w.family(o) == w.family(p) for o in kept)
    }
    prods = kept
    if ctx.u.needs.soft:  # weak teeth: what the product's own text says of how it eats
        for p in prods[:3]:
            nm = _named(ctx, p, prods, merged)
            said = w.texture_said(
                p, ctx.lang
            )  # "口感脆嫩，老人也咬得动" of the description, when the flavour is silent
            flavour = said or (p.flavour_zh if ctx.zh else p.flavour_en.rstrip("."))
            feel = w.texture(p)
            if feel == "hard":
                out.append(
                    ctx.t(
                        f"{nm}的{'商品介绍写着' if said else '口感是'}“{flavour}”，牙口不好的话不太合适。",
                        f'{w.cap(nm)} is described as "{flavour}", so it isn\'t a good pick for weak teeth.',
                    )
                )
            elif feel == "soft":
                out.append(
                    ctx.t(
                        f"{nm}的{'商品介绍写着' if said else '口感是'}“{flavour}”，比较软。",
                        f'{w.cap(nm)} is described as "{flavour}": soft.',
                    )
                )
            else:
                out.append(
                    ctx.t(
                        f"{nm}的商品信息没写软硬，我请店员帮您看看实物。",
                        f"The product details of {nm} don't say how soft it is; a clerk can show you.",
                    )
                )
        if not ctx.u.suitability - {"elders"}:
            return tuple(out)
    for p in prods[:3]:
        nm = _named(ctx, p, prods, merged)  # the variant matters, unless it stands for its siblings
        for t in sorted(ctx.u.suitability)[:2]:
            said = label_says(p, _warned(t), ctx.lang) or label_says(p, TAG_WORDS[t], ctx.lang)  # a warning first
            if said:
                out.append(ctx.t(f"{nm}的说明写着：{said}", f"{w.cap(nm)}'s description says: {said}"))
            ok = t in p.suitable_for
            who = w.tag_name(t, ctx.lang)
            if t == "diabetics_low_sugar":
                if ok:
                    out.append(
                        ctx.t(
                            f"{nm}{w.sweet_text(p, 'zh')}（甜度{p.sweetness}/4），店里把它列为适合{who}。",
                            f"{w.cap(nm)} is {w.sweet_text(p, 'en')} ({p.sweetness} of 4), and the shop lists it as suitable for {who}.",
                        )
                    )
                else:
                    out.append(
                        ctx.t(
                            f"{nm}{w.sweet_text(p, 'zh')}（甜度{p.sweetness}/4），不建议给{who}。",
                            f"{w.cap(nm)} is {w.sweet_text(p, 'en')} ({p.sweetness} of 4), so I wouldn't suggest it for {who}.",
                        )
                    )
                continue
            if ok:
                extra = ""
                listed = p.allergen_set - DIETS  # what a child may be allergic to (not a faith's or a diet's)
                if t == "children" and listed:
                    extra = ctx.t(
                        f"，不过标签列有{w.allergen_list(listed, 'zh')}，孩子过敏的话不能吃",
                        f", but its label lists {w.allergen_list(listed, 'en')}, so not for a child allergic to those",
                    )
                out.append(
                    ctx.t(f"{nm}店里列为适合{who}{extra}。", f"The shop lists {nm} as suitable for {who}{extra}.")
                )
            else:
                why = ""
                if t == "children" and p.spiciness > 1:
                    why = ctx.t(f"，它{w.spicy_text(p, 'zh')}", f"; it is {w.spicy_text(p, 'en')}")
                elif t == "children" and "alcohol" in p.allergen_set:
                    why = ctx.t("，它含酒精", "; it contains alcohol")
                elif t == "vegetarians":
                    why = ctx.t("，它不是素食", "; it is not vegetarian")
                elif t == "elders" and p.spiciness > 2:
                    why = ctx.t(f"，它{w.spicy_text(p, 'zh')}", f"; it is {w.spicy_text(p, 'en')}")
                out.append(
                    ctx.t(
                        f"{nm}店里没有列为适合{who}{why}。", f"The shop doesn't list {nm} as suitable for {who}{why}."
                    )
                )
    if "diabetics_low_sugar" in ctx.u.suitability and _FREELY.search(ctx.u.question):  # "能随便吃吗？"
        out.append(
            ctx.t(
                "店里的资料只标了甜度，没写能吃多少；就算是列为适合控糖的，也不能说随便吃，吃多少请按医生的建议。",
                "The shop's information gives only how sweet each is, not how much is safe; even one listed for "
                "people watching their sugar isn't something to eat freely — how much is for their doctor to say.",
            )
        )
    elif "diabetics_low_sugar" in ctx.u.suitability:
        out.append(
            ctx.t(
                "具体能不能吃，请以医生的建议为准。",
                "For what a diabetic can eat, please follow their doctor's advice.",
            )
        )
    for p in prods[:3] if warn else ():
        if not ctx.view.allows(p):
            out.append(conflict_warning(ctx, p, prods))
    return tuple(out)


def condition(ctx: Context, prods: tuple[Product, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A health condition no field settles ("痛风", "high blood pressure"): each product's ingredients and taste as
    the label gives them, that the shop's data can't say whether it suits the condition, the doctor, a clerk."""
    lead: list[str] = []
    for p in prods[:2]:
        lead.append(attribute_line(ctx, p, "ingredients"))
        if "alcohol" in p.allergen_set:  # said plainly: what the label holds that such a question is about
            nm = w.short_name(p, ctx.lang, prods)
            lead.append(ctx.t(f"{nm}含酒精。", f"{w.cap(nm)} contains alcohol."))
        if not ctx.view.allows(p):
            lead.append(conflict_warning(ctx, p, prods))
    cond = unsettled_condition(ctx.u.question, ctx.lang)
    notes = health_notes(ctx, prods)  # the shop's own words on it ("孕妇、哺乳期…不要吃喝"), when it has some
    if cond is None:  # "人参蜜片能当药吃吗？": food, with no health claim made for it
        return (*lead, *notes), (message("medical", ctx.lang),)
    doctor = (
        ctx.t("其他的请以医生的意见为准。", "Beyond that, please go by a doctor's advice.")
        if notes
        else ctx.t(
            f"店里的资料里没有针对{cond}的说明，能不能吃、吃多少，请以医生的意见为准。",
            f"The shop's information says nothing about {cond}, so whether and how much to eat is a question "
            "for a doctor.",
        )
    )
    label = ctx.t("需要的话，我请店员把实物标签拿给您看。", "If you like, a clerk can show you the actual label.")
    return (*lead, *notes), (doctor, label)


def _names_in(clause: str, p: Product) -> bool:
    """Whether a policy clause names the product: its name, or its name's ending ("蜂蜜" of 神农架野生土蜂蜜,
    "rice wine" of Xiaogan Sweet Rice Wine)."""
    zh = re.sub(r"（.*?）|\(.*?\)", "", p.name_zh)
    en = re.findall(r"[a-z]+", re.sub(r"\(.*?\)", "", p.name_en).lower())
    ends = {zh, zh[-2:], zh[-3:]} | ({" ".join(en[-2:])} if len(en) >= 2 else set())
    low = clause.lower()
    return any(e and (e in clause if has_cjk(e) else re.search(rf"\b{re.escape(e)}", low)) for e in ends if len(e) >= 2)


def health_notes(ctx: Context, prods: tuple[Product, ...]) -> list[str]:
    """The shop's own words, in any policy, about the products asked and the person or condition asked about
    ("蜂蜜不能给一岁以下的婴儿吃", "孝感米酒…孕妇、哺乳期…不要吃喝", "胡豆酱…蚕豆病的人不能吃")."""
    said_now = [pat.pattern for pat, *_ in UNSETTLED_CONDITIONS if pat.search(ctx.u.question)]
    said_now += [pat.pattern for pat, tags, *_ in CONDITION_AVOIDS if pat.search(ctx.u.question)]
    who = [TAG_WORDS[t] for t in (ctx.u.suitability | ctx.u.needs.recipients) if t in TAG_WORDS] + said_now
    if not who or not prods:
        return []
    found: list[tuple[bool, str]] = []
    for pol in ctx.shop.policies:
        for c in w.clauses(pol.answer(ctx.lang)):
            c = _LIST_ITEM.sub("", re.sub(r"^.*?[：:]\s*(?=[①②③④⑤⑥⑦⑧⑨⑩])", "", c)).strip()
            c = re.sub(r"^[（(]\d+[)）]\s*", "", c)  # "（4）龟苓膏是寒凉的…": the clause, not its number
            about = any(  # by name, or "含酒精的商品…孕妇…不要吃" of one that holds alcohol
                _names_in(c, p) or ("alcohol" in p.allergen_set and re.search(r"含酒精|alcohol", c, re.I))
                for p in prods[:3]
            )
            if any(re.search(x, c, re.I) for x in who) and about:
                said = w.end(c, ctx.lang)
                if said not in (x for _, x in found):  # what this question says (pregnant, blood pressure) first
                    found.append((not any(re.search(x, c, re.I) for x in said_now), said))
    return [x for _, x in sorted(found, key=lambda f: f[0])][:3]
