"""Answers about products, decided from their fields: recommend, choose among, compare, an attribute, allergy,
suitability, history, an unknown product. Each returns the sentences to say (zh or en)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.catalogue import Product, Shop
from pipeline.conversation import words as w
from pipeline.conversation.customer import CustomerView
from pipeline.conversation.understand import Understanding
from pipeline.conversation.vocab import ShopVocab
from pipeline.templates import message as _message

__all__ = [
    "Context",
    "allergy",
    "attribute",
    "choose",
    "compare",
    "history",
    "identify",
    "message",
    "reasons",
    "recommend",
    "suitability",
    "unknown",
]

_ALLERGY_CAVEAT = r"微量|交叉|同一|同时加工|工厂|车间|traces?|facilit|same (line|factory)|cross"
_SEVERE = r"严重|severe|anaphyla|very allergic|seriously"
_EN_COUNT = {1: "one", 2: "two", 3: "three"}
_ALL_TOGETHER = re.compile(
    r"一共|总共|加起来|合计|all together|altogether|in total|for (the|both|all) (two|three|of them)|for both|total",
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


@dataclass(frozen=True)
class Context:
    """What every answer builder reads."""

    u: Understanding
    lang: str
    shop: Shop
    vocab: ShopVocab
    view: CustomerView
    said_names: tuple[str, ...] = ()  # products already named in full this turn (a photo's identification)

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    def t(self, zh: str, en: str) -> str:
        return zh if self.zh else en


def message(code: str, lang: str) -> str:
    return _message(code, lang)


def _price(p: Product) -> str:
    return f"¥{p.price_cny:g}"


def _item(ctx: Context, p: Product) -> str:
    """A product named in full with its price and size, the way a clerk introduces it."""
    stock = "" if p.in_stock else ctx.t("，目前缺货", ", out of stock right now")
    if ctx.zh:
        if p.name_zh.endswith("）"):  # 风干牛肉干（香辣味，¥88，250克）
            return f"{p.name_zh[:-1]}，{_price(p)}，{p.size_text('zh')}{stock}）"
        return f"{p.name_zh}（{_price(p)}，{p.size_text('zh')}{stock}）"
    return f"the {p.name_en} ({_price(p)} for {p.size_text('en')}{stock})"


def _left_out(ctx: Context, excluded: list[Product]) -> str:
    """Say what the customer's limits left out, and why."""
    if not excluded:
        return ""
    tags = sorted({t for p in excluded for t in ctx.view.conflicts(p) if t != "vegetarian"})
    veg = any("vegetarian" in ctx.view.conflicts(p) for p in excluded)
    why = []
    if tags:
        why.append(ctx.t(f"含{w.allergen_list(tags, 'zh')}的", f"anything with {w.allergen_list(tags, 'en')}"))
    if veg:
        why.append(ctx.t("不是素食的", "anything that isn't vegetarian"))
    return ctx.t(
        f"按您登记的饮食要求，{w.join(why, 'zh')}我都没有推荐。",
        f"Going by the dietary needs on your profile, I left out {w.join(why, 'en')}.",
    )


def alternatives(ctx: Context, p: Product, k: int = 2) -> list[Product]:
    """In-stock products to offer for one that isn't: its siblings first, then its category, within the
    customer's limits."""
    sib = [o for o in ctx.shop.products if o.id != p.id and p.group and o.group == p.group]
    cat = [o for o in ctx.shop.products if o.id != p.id and o.category == p.category and o not in sib]
    return [o for o in sib + cat if o.in_stock and ctx.view.allows(o)][:k]


def stock_note(ctx: Context, p: Product) -> str:
    """A product asked about that isn't in stock: say so before anything else about it."""
    return _stock_line(ctx, p)


def _stock_line(ctx: Context, p: Product) -> str:
    season = ctx.t(f"，是节令商品（{p.seasonal}）", f"; it is seasonal ({p.seasonal})") if p.seasonal else ""
    return ctx.t(f"{p.name_zh}目前缺货{season}。", f"Sorry, the {p.name_en} is out of stock right now{season}.")


def identify(ctx: Context, p: Product) -> str:
    """What a clerk says first about a pack the customer shows: which product it is, at what price."""
    return ctx.t(f"这是{_item(ctx, p)}。", f"This is {_item(ctx, p)}.")


def reasons(ctx: Context, products: tuple[Product, ...]) -> dict[str, tuple[str, ...]]:
    """Why each product fits, as short card lines: only fields of that product that meet a stated need."""
    n = ctx.u.needs
    out: dict[str, tuple[str, ...]] = {}
    for p in products:
        r: list[str] = []
        if n.max_price is not None or n.min_price is not None:
            r.append(ctx.t(f"{_price(p)}，在预算内", f"{_price(p)}, within budget"))
        if n.max_sweetness is not None or n.min_sweetness is not None:
            r.append(w.sweet_text(p, ctx.lang))
        if n.max_spiciness is not None or n.min_spiciness is not None:
            r.append(w.spicy_text(p, ctx.lang))
        for t in sorted((n.recipients | ctx.u.suitability) & set(p.suitable_for)):
            r.append(ctx.t(f"适合{w.tag_name(t, 'zh')}", f"suits {w.tag_name(t, 'en')}"))
        if (n.gift_box or n.gift) and p.gift_box:
            r.append(ctx.t("有礼盒", "comes in a gift box"))
        free = sorted((n.avoid_allergens | ctx.view.avoid) - p.allergen_set)
        if free:
            r.append(ctx.t(f"标签未列{w.allergen_list(free, 'zh')}", f"label lists no {w.allergen_list(free, 'en')}"))
        if n.regions and p.region_zh in n.regions:
            r.append(ctx.t(f"产地{p.region_zh}", f"from {p.region_en}"))
        if not p.in_stock:
            r.append(ctx.t("目前缺货", "out of stock"))
        if not r:
            r.append(
                f"{_price(p)}，{p.flavour_zh.split('，')[0]}"
                if ctx.zh
                else f"{_price(p)}, {p.flavour_en.split(',')[0]}"
            )
        out[p.id] = tuple(r)
    return out


def recommend(
    ctx: Context, found: tuple[Product, ...], relaxed: bool
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[Product, ...]]:
    """Products that fit, in the customer's limits; what was left out because of them; nothing when none fits."""
    named = [p for p in found if p.id in ctx.u.needs.named_products]
    if named and not any(p.in_stock for p in named):  # asked for by name, and none in stock
        sold_out = [_stock_line(ctx, p) for p in named[:2]]
        alt = alternatives(ctx, named[0])
        if alt:
            offer = w.join([_item(ctx, a) for a in alt], ctx.lang)
            sold_out.append(ctx.t(f"现在有货的可以看看{offer}。", f"In stock now, you could try {offer}."))
        return tuple(sold_out), (), tuple(alt) or tuple(named[:1])
    if named and not any(ctx.view.allows(p) for p in named):  # asked for by name, and it breaks their limits
        warn = [_conflict_warning(ctx, p, tuple(named)) for p in named[:2]]
        alt = alternatives(ctx, named[0])
        if alt:
            offer = w.join([_item(ctx, a) for a in alt], ctx.lang)
            warn.append(ctx.t(f"可以看看{offer}。", f"You could look at {offer} instead."))
        return tuple(warn), (), tuple(alt)
    excluded = [p for p in found if not ctx.view.allows(p)]
    prods = tuple(p for p in found if ctx.view.allows(p))[:3]
    named_out = [p for p in prods if not p.in_stock]
    closing: list[str] = []
    if not prods:
        none = ctx.t(
            "店里暂时没有完全符合这些要求的商品，您可以换个条件，或者我请店员帮您看看。",
            "Nothing in the shop fits all of that right now; you could change a wish, or I can ask a clerk to help.",
        )
        return (none,), tuple(x for x in (_left_out(ctx, excluded),) if x), ()
    items = [_item(ctx, p) for p in prods]
    count = {1: "一", 2: "两", 3: "三"}[len(prods)]
    if ctx.u.needs.named_products and len(prods) > 1:
        lead = ctx.t(
            f"有{count}款：{w.join(items, 'zh')}。", f"We have {_EN_COUNT[len(prods)]}: {w.join(items, 'en')}."
        )
    elif len(prods) == 1:
        lead = ctx.t(f"推荐{items[0]}。", f"I'd suggest {items[0]}.")
    elif relaxed:
        lead = ctx.t(
            f"没有完全符合的，最接近的是{w.join(items, 'zh')}。",
            f"Nothing fits every wish; the closest are {w.join(items, 'en')}.",
        )
    else:
        lead = ctx.t(
            f"有{count}款合适：{w.join(items, 'zh')}。",
            f"Here are {_EN_COUNT[len(prods)]} that fit: {w.join(items, 'en')}.",
        )
    leads = [lead]
    if ctx.view.low_sugar and ctx.u.needs.max_sweetness is not None and ctx.view.known:
        leads.append(
            ctx.t(
                "记得您家里有人控糖，这几款我都挑的是不甜的。",
                "Since someone you buy for watches their sugar, these are all unsweet.",
            )
            if len(prods) > 1
            else ctx.t(
                "记得您家里有人控糖，这款不甜。", "Since someone you buy for watches their sugar, this one isn't sweet."
            )
        )
    for p in named_out:
        if p.seasonal:
            closing.append(
                ctx.t(
                    f"{w.short_name(p, 'zh', prods)}是节令商品（{p.seasonal}），现在没货。",
                    f"{w.cap(w.short_name(p, 'en', prods))} is seasonal ({p.seasonal}) and not in stock now.",
                )
            )
    bought = {pid for _, pid, _ in ctx.view.bought()}
    again = [p for p in prods if p.id in bought]
    if again:
        closing.append(
            ctx.t(
                f"{w.short_name(again[0], 'zh', prods)}您以前买过。",
                f"You've bought {w.short_name(again[0], 'en', prods)} from us before.",
            )
        )
    note = _left_out(ctx, excluded)
    if note:
        closing.append(note)
    return tuple(leads), tuple(closing), prods


def choose(
    ctx: Context, table: tuple[Product, ...], found: tuple[Product, ...]
) -> tuple[tuple[str, ...], tuple[Product, ...]]:
    """A choice among the products on the table: the cheaper one, the one with a gift box …"""
    n = ctx.u.needs
    pool = list(table)
    if n.intent.cheaper:
        p = min(pool, key=lambda x: x.price_cny)
        return (ctx.t(f"这几款里最便宜的是{_item(ctx, p)}。", f"The cheapest of those is {_item(ctx, p)}."),), (p,)
    if n.intent.pricier:
        p = max(pool, key=lambda x: x.price_cny)
        return (ctx.t(f"这几款里最贵的是{_item(ctx, p)}。", f"The priciest of those is {_item(ctx, p)}."),), (p,)
    checks = []
    if n.gift_box:
        checks.append((lambda p: p.gift_box, ctx.t("有礼盒", "come in a gift box"), ctx.t("礼盒", "a gift box")))
    if n.max_spiciness is not None:
        checks.append(
            (
                lambda p: p.spiciness <= (n.max_spiciness or 0),
                ctx.t("不辣", "aren't spicy"),
                ctx.t("不辣的", "a mild one"),
            )
        )
    if n.min_spiciness is not None:
        checks.append(
            (lambda p: p.spiciness >= (n.min_spiciness or 0), ctx.t("够辣", "are spicy"), ctx.t("辣的", "a spicy one"))
        )
    if n.max_sweetness is not None:
        checks.append(
            (
                lambda p: p.sweetness <= (n.max_sweetness or 0),
                ctx.t("不甜", "aren't sweet"),
                ctx.t("不甜的", "an unsweet one"),
            )
        )
    if n.max_price is not None:
        checks.append(
            (
                lambda p: p.price_cny <= (n.max_price or 0),
                ctx.t("在预算内", "are within budget"),
                ctx.t("预算内的", "one within budget"),
            )
        )
    if not checks:
        items = [_item(ctx, p) for p in pool[:3]]
        return (ctx.t(f"刚才说的是{w.join(items, 'zh')}。", f"Those were {w.join(items, 'en')}."),), tuple(pool[:3])
    keep = [p for p in pool if all(c[0](p) for c in checks)]
    what = w.join([c[1] for c in checks], ctx.lang)
    if keep:
        items = [_item(ctx, p) for p in keep[:3]]
        if len(keep) == 1:
            return (
                ctx.t(
                    f"这几款里{what}的是{items[0]}。",
                    f"Of those, {items[0]} {'is' if True else ''} the one that fits.".replace(
                        " is the one", " is the one"
                    ),
                ),
            ), tuple(keep[:1])
        return (
            ctx.t(
                f"{w.join(items, 'zh')}都{what}。",
                f"{w.join(items, 'en')[0].upper() + w.join(items, 'en')[1:]} {what}.",
            ),
        ), tuple(keep[:3])
    others = [p for p in found if p not in pool and all(c[0](p) for c in checks)][:2]
    lead = [ctx.t(f"刚才那几款都不符合（{what}）。", f"None of those {what}.")]
    if others:
        items = [_item(ctx, p) for p in others]
        lead.append(ctx.t(f"可以看看{w.join(items, 'zh')}。", f"You could look at {w.join(items, 'en')}."))
    return tuple(lead), tuple(others) or tuple(pool[:3])


def compare(ctx: Context, prods: tuple[Product, ...]) -> tuple[str, ...]:
    """What differs between two or three products, and which suits the stated purpose."""
    prods = prods[:3]
    lines = []
    for p in prods:
        if ctx.zh:
            lines.append(
                f"{p.name_zh}{_price(p)}、{p.size_text('zh')}，{w.sweet_text(p, 'zh')}、{w.spicy_text(p, 'zh')}，{w.shelf_life(p, 'zh')}"
            )
        else:
            lines.append(
                f"the {p.name_en} is {_price(p)} for {p.size_text('en')}, {w.sweet_text(p, 'en')} and {w.spicy_text(p, 'en')}, {w.shelf_life(p, 'en')}"
            )
    out = [ctx.t("；".join(lines) + "。", w.cap("; ".join(lines)) + ".")]
    n = ctx.u.needs
    if n.gift or n.gift_box or n.recipients:
        boxed = [p for p in prods if p.gift_box]
        tagged = [p for p in prods if n.recipients & set(p.suitable_for) or "business_gifts" in p.suitable_for]
        if boxed and len(boxed) < len(prods):
            b = boxed[0]
            out.append(
                ctx.t(
                    f"送人的话，{w.short_name(b, 'zh', prods)}有礼盒，更体面。",
                    f"As a gift, {w.short_name(b, 'en', prods)} comes in a gift box, which presents better.",
                )
            )
        elif not boxed:
            out.append(
                ctx.t(
                    "这几款都没有礼盒，送人可以加店里的礼盒包装。",
                    "None of them comes in a gift box; the shop can gift-wrap them.",
                )
            )
        elif tagged and len(tagged) < len(prods):
            out.append(
                ctx.t(
                    f"送人更合适的是{w.short_name(tagged[0], 'zh', prods)}。",
                    f"As a gift, {w.short_name(tagged[0], 'en', prods)} suits better.",
                )
            )
    return tuple(out)


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
        return ctx.t(f"{nm}的配料是：{p.ingredients_zh}。", f"The ingredients of {nm}: {p.ingredients_en}.")
    if attr == "allergens":
        tags = p.allergen_set
        if tags:
            return ctx.t(
                f"{nm}的标签列出的过敏原有：{w.allergen_list(tags, 'zh')}。",
                f"The label of {nm} lists these allergens: {w.allergen_list(tags, 'en')}.",
            )
        return ctx.t(f"{nm}的标签上没有列出过敏原。", f"The label of {nm} lists no allergens.")
    if attr == "origin":
        origin = str((p.pack_text.get("zh" if zh else "en") or {}).get("origin") or "")
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
        return ctx.t(
            f"{nm}净含量{p.size_text('zh')}，{_price(p)}。", f"{w.cap(nm)} is {p.size_text('en')} for {_price(p)}."
        )
    if attr == "price" and ctx.u.quantity and len(among) == 1:
        n = ctx.u.quantity
        total = round(n * p.price_cny, 2)
        return ctx.t(
            f"{nm}每件{_price(p)}，{n}件一共¥{total:g}。",
            f"{w.cap(nm)} is {_price(p)} each, so {n} come to ¥{total:g}.",
        )
    if attr == "price":
        return ctx.t(f"{nm}{_price(p)}，{p.size_text('zh')}。", f"{w.cap(nm)} is {_price(p)} for {p.size_text('en')}.")
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
            return ctx.t(f"{nm}现在有货，{_price(p)}。", f"{w.cap(nm)} is in stock at {_price(p)}.")
        season = ctx.t(f"，是节令商品（{p.seasonal}）", f"; it is seasonal ({p.seasonal})") if p.seasonal else ""
        out = ctx.t(f"{nm}目前缺货{season}。", f"{w.cap(nm)} is out of stock right now{season}.")
        alt = alternatives(ctx, p)
        if alt:
            items = w.join([_item(ctx, a) for a in alt], ctx.lang)
            out += ctx.t(f"现在有货的可以看看{items}。", f" In stock now: {items}.")
        return out
    if attr == "serving":  # the shop's own description says how to enjoy it
        return ctx.t(f"{nm}：{p.description_zh}", f"{w.cap(nm)}: {p.description_en}")
    if attr == "brand":
        return ctx.t(f"{nm}是{p.brand_zh}的。", f"{w.cap(nm)} is made by {p.brand_en}.")
    # taste
    return ctx.t(
        f"{nm}：{p.flavour_zh}，{w.sweet_text(p, 'zh')}、{w.spicy_text(p, 'zh')}。",
        f"{w.cap(nm)}: {p.flavour_en.rstrip('.')}; {w.sweet_text(p, 'en')}, {w.spicy_text(p, 'en')}.",
    )


def attribute(ctx: Context, prods: tuple[Product, ...]) -> tuple[tuple[str, ...], tuple]:
    """The asked fields of each product, from the catalogue; gift wrapping when a product has no box."""
    prods = prods[:3]
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
    if "price" in attrs and len(prods) > 1 and _ALL_TOGETHER.search(ctx.u.question):
        total = round(sum(p.price_cny for p in prods), 2)
        items = w.join([_item(ctx, p) for p in prods], ctx.lang)
        out.append(ctx.t(f"{items}，一共¥{total:g}。", f"{w.cap(items)}: ¥{total:g} together."))
        attrs.remove("price")
    if "stock" not in attrs:
        out += [_stock_line(ctx, p) for p in prods if not p.in_stock]
    for a in attrs[:3]:
        if a in _YES_NO and len(prods) > 1:
            out += _yes_no(ctx, a, prods)
            continue
        for p in prods:
            out.append(_attr_sentence(ctx, p, a, prods, first=p.id not in named))
            named.add(p.id)
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
    for p in prods:
        if not ctx.view.allows(p):
            out.append(_conflict_warning(ctx, p, prods))
    return tuple(out), pols


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
            out.append(
                ctx.t(
                    f"这{count}款{every}{zh_words[i]}。", f"All {_EN_COUNT.get(len(prods), len(prods))} {en_words[i]}."
                )
            )
            break
        names = w.join([w.short_name(p, ctx.lang, prods) for p in group], ctx.lang)
        verb = (
            en_words[i]
            if len(group) > 1
            else en_words[i]
            .replace("come ", "comes ")
            .replace("are ", "is ")
            .replace("don't", "doesn't")
            .replace("ship ", "ships ")
        )
        out.append(ctx.t(f"{names}{zh_words[i]}。", f"{w.cap(names)} {verb}."))
    return out


def _conflict_warning(ctx: Context, p: Product, among: tuple[Product, ...]) -> str:
    c = ctx.view.conflicts(p)
    tags = [t for t in c if t != "vegetarian"]
    nm = w.short_name(p, ctx.lang, among)
    if tags:
        return ctx.t(
            f"提醒您：{nm}含{w.allergen_list(tags, 'zh')}，您登记过对它过敏，不建议购买。",
            f"Please note: {nm} contains {w.allergen_list(tags, 'en')}, which your profile says you avoid.",
        )
    return ctx.t(f"提醒您：{nm}不是素食。", f"Please note: {nm} is not vegetarian.")


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
        nm = w.short_name(p, ctx.lang, prods)
        has = [t for t in tags if t in p.allergen_set]
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
            lead.append(
                ctx.t(
                    f"{nm}的标签上没有列出{w.allergen_list(tags, 'zh')}。",
                    f"The label of {nm} doesn't list {w.allergen_list(tags, 'en')}.",
                )
            )
    closing: list[str] = []
    pols: tuple = ()
    pol = ctx.vocab.policy_for("allergen_info")
    if pol is not None:
        caveat = w.pick_clauses(pol, ctx.lang, _ALLERGY_CAVEAT, 2)
        if caveat:
            closing += caveat
            pols = (pol,)
    closing.append(
        ctx.t(
            "如果是严重过敏，请让店员把实物标签拿给您确认，我可以帮您叫店员。",
            "For a severe allergy, please have a clerk show you the actual label; I can call one for you.",
        )
    )
    severe = bool(re.search(_SEVERE, ctx.u.question, re.I))
    return tuple(lead), tuple(closing), pols, severe


def suitability(ctx: Context, prods: tuple[Product, ...]) -> tuple[str, ...]:
    """Whether each product suits the person asked about, from its tags and taste scales only."""
    out: list[str] = []
    for p in prods[:3]:
        nm = w.short_name(p, ctx.lang, prods)
        for t in sorted(ctx.u.suitability)[:2]:
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
                if t == "children" and p.allergen_set:
                    extra = ctx.t(
                        f"，不过标签列有{w.allergen_list(p.allergen_set, 'zh')}，孩子过敏的话不能吃",
                        f", but its label lists {w.allergen_list(p.allergen_set, 'en')}, so not for a child allergic to those",
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
    if "diabetics_low_sugar" in ctx.u.suitability:
        out.append(
            ctx.t(
                "具体能不能吃，请以医生的建议为准。",
                "For what a diabetic can eat, please follow their doctor's advice.",
            )
        )
    for p in prods[:3]:
        if not ctx.view.allows(p):
            out.append(_conflict_warning(ctx, p, prods))
    return tuple(out)


def history(ctx: Context, subjects: tuple[Product, ...]) -> tuple[tuple[str, ...], tuple[Product, ...]]:
    """What the customer's order history holds (never more), and whether those products are in stock now."""
    bought = ctx.view.bought()
    if not bought:
        return (ctx.t("我这里没有查到您以前的购买记录。", "I can't find any earlier orders of yours."),), ()
    want = {p.id for p in subjects} | set(ctx.u.needs.named_products)
    cats = ctx.u.needs.categories
    rows = [(d, pid) for d, pid, _ in bought if (not want or pid in want)]
    if cats:
        rows = [(d, pid) for d, pid in rows if (p := ctx.shop.product(pid)) is not None and p.category in cats] or rows
    if not rows:
        return (ctx.t("您以前的订单里没有这款。", "That isn't in your earlier orders."),), ()
    last_date = rows[0][0]
    ids = list(dict.fromkeys(pid for d, pid in rows if d == last_date))[:3]
    prods = tuple(p for pid in ids if (p := ctx.shop.product(pid)) is not None)
    names = w.join([p.name(ctx.lang) for p in prods], ctx.lang)
    out = [ctx.t(f"您{last_date}买的是{names}。", f"On {last_date} you bought {names}.")]
    for p in prods:
        nm = w.short_name(p, ctx.lang, prods)
        if p.in_stock:
            out.append(ctx.t(f"{nm}现在有货，{_price(p)}。", f"{w.cap(nm)} is in stock at {_price(p)}."))
        else:
            out.append(ctx.t(f"{nm}目前缺货。", f"{w.cap(nm)} is out of stock right now."))
    return tuple(out), prods


def unknown(ctx: Context, found: tuple[Product, ...]) -> tuple[tuple[str, ...], tuple[Product, ...]]:
    """A product the shop doesn't carry: say so; offer what shares a word with it (花生糖 → 花生酥), or the kinds
    of things the shop sells."""
    asked = ctx.u.needs.asked_for or ""
    sorry = ctx.t(f"抱歉，我们店里没有{asked}。", f"Sorry, we don't carry {asked}.")
    # what sets it apart, not its kind: 花生 of 花生糖, durian of durian cake
    grams = {asked[:2]} if w.has_zh(asked) and len(asked) > 2 else set(re.findall(r"[a-z]{4,}", asked.lower())[:-1])
    near = [p for p in ctx.shop.products if p.in_stock and any(g in (p.name_zh + p.name_en.lower()) for g in grams)][:2]
    if near:
        items = [_item(ctx, p) for p in near]
        return (
            sorry,
            ctx.t(f"店里有{w.join(items, 'zh')}，您可以看看。", f"We do have {w.join(items, 'en')}, if that helps."),
        ), tuple(near)
    cats = [c.get("zh" if ctx.zh else "en", "") for c in ctx.shop.categories.values()][:6]
    return (
        sorry,
        ctx.t(
            f"店里有{w.join(cats, 'zh')}，您想看看哪一类？",
            f"We sell {w.join([c.lower() for c in cats], 'en')}; would any of those do?",
        ),
    ), ()
