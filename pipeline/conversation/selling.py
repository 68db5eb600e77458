"""Answers that choose products: recommend, choose among the table, compare, history, an unknown product."""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.allergens import DIETS
from pipeline.catalogue import Product
from pipeline.conversation import words as w
from pipeline.conversation.asking import (
    SEVERE,
    allergy_caveat,
    cautions,
    halal_rule,
    may_hold_traces,
    one_of_each,
)
from pipeline.conversation.clauses import tokens as clause_tokens
from pipeline.conversation.context import (
    EN_COUNT,
    Context,
    alternatives,
    conflict_warning,
    item,
    price_text,
    size_in,
    stock_line,
)
from pipeline.conversation.lexicon import REORDER
from pipeline.needs import Needs
from pipeline.retrieval import passes
from pipeline.textnum import has_cjk, money, parse_amount

__all__ = ["choose", "compare", "history", "identify", "reasons", "recommend", "unknown"]

# a choice among the products on the table, by the need the question states: (need, test, what it is called)
_CHOICES: list[tuple[str, Callable[[Product, Needs], bool], tuple[str, str]]] = [
    ("gift_box", lambda p, n: p.gift_box, ("有礼盒", "in a gift box")),
    ("max_spiciness", lambda p, n: p.spiciness <= (n.max_spiciness or 0), ("不辣", "not spicy")),
    ("min_spiciness", lambda p, n: p.spiciness >= (n.min_spiciness or 0), ("够辣", "spicy")),
    ("max_sweetness", lambda p, n: p.sweetness <= (n.max_sweetness or 0), ("不甜", "not sweet")),
    ("max_price", lambda p, n: p.price_cny <= (n.max_price or 0), ("在预算内", "within budget")),
]

_SCALE_OF: dict[str, Callable[[Product, str], str]] = {
    "max_sweetness": lambda p, lang: f"甜度{p.sweetness}/4" if lang == "zh" else f"sweetness {p.sweetness} of 4",
    "max_spiciness": lambda p, lang: f"辣度{p.spiciness}/4" if lang == "zh" else f"spiciness {p.spiciness} of 4",
    "min_spiciness": lambda p, lang: f"辣度{p.spiciness}/4" if lang == "zh" else f"spiciness {p.spiciness} of 4",
}


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


def identify(ctx: Context, p: Product) -> str:
    """What a clerk says first about a pack the customer shows: which product it is, at what price."""
    return ctx.t(f"这是{item(ctx, p)}。", f"This is {item(ctx, p)}.")


def reasons(ctx: Context, products: tuple[Product, ...]) -> dict[str, tuple[str, ...]]:
    """Why each product fits, as short card lines: only fields of that product that meet a stated need."""
    n = ctx.u.needs
    out: dict[str, tuple[str, ...]] = {}
    for p in products:
        r: list[str] = []
        if n.max_price is not None or n.min_price is not None:
            r.append(ctx.t(f"{price_text(p)}，在预算内", f"{price_text(p)}, within budget"))
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
                f"{price_text(p)}，{p.flavour_zh.split('，')[0]}"
                if ctx.zh
                else f"{price_text(p)}, {p.flavour_en.split(',')[0]}"
            )
        out[p.id] = tuple(r)
    return out


def recommend(
    ctx: Context, found: tuple[Product, ...], relaxed: bool
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[Product, ...]]:
    """Products that fit, in the customer's limits; what was left out because of them; nothing when none fits."""
    named = [p for p in found if p.id in ctx.u.needs.named_products]
    if named and not any(p.in_stock for p in named):  # asked for by name, and none in stock
        sold_out = [stock_line(ctx, p) for p in named[:2]]
        if all(w.pre_orderable(p) for p in named[:2]):  # open for pre-order: that is the answer, nothing instead
            return tuple(sold_out), (), tuple(named[:2])
        alt = alternatives(ctx, named[0], keep=_untraced(ctx))
        if alt:
            offer = w.join([item(ctx, a) for a in alt], ctx.lang)
            sold_out.append(ctx.t(f"现在有货的可以看看{offer}。", f"In stock now, you could try {offer}."))
        return tuple(sold_out), (), tuple(alt) or tuple(named[:1])
    if named and not any(ctx.view.allows(p) for p in named):  # asked for by name, and it breaks their limits
        warn = [conflict_warning(ctx, p, tuple(named)) for p in named[:2]]
        alt = alternatives(ctx, named[0], keep=_untraced(ctx))
        if alt:
            offer = w.join([item(ctx, a) for a in alt], ctx.lang)
            warn.append(ctx.t(f"可以看看{offer}。", f"You could look at {offer} instead."))
        return tuple(warn), (), tuple(alt)
    n = ctx.u.needs
    too_sweet = [p for p in named if n.max_sweetness is not None and p.sweetness > n.max_sweetness]
    too_hot = [p for p in named if n.max_spiciness is not None and p.spiciness > n.max_spiciness]
    if named and len(too_sweet) + len(too_hot) >= len(named):  # "那月饼还能给他吗？" for someone off sugar
        lines = [
            ctx.t(
                f"{p.name_zh}{w.sweet_text(p, 'zh')}（甜度{p.sweetness}/4），不适合控糖的人。",
                f"The {p.name_en} is {w.sweet_text(p, 'en')} ({p.sweetness} of 4), so it doesn't suit someone off sugar.",
            )
            for p in too_sweet[:2]
        ] + [
            ctx.t(
                f"{p.name_zh}{w.spicy_text(p, 'zh')}（辣度{p.spiciness}/4）。",
                f"The {p.name_en} is {w.spicy_text(p, 'en')} ({p.spiciness} of 4).",
            )
            for p in too_hot[:2]
        ]
        return tuple(lines), (), ()
    excluded = [p for p in found if not ctx.view.allows(p)]
    certified = _halal_first(ctx) if "halal" in ctx.view.avoid and not named else ()
    allowed = tuple(dict.fromkeys((*certified, *(p for p in found if ctx.view.allows(p)))))
    untraced = _untraced(ctx)
    traced = [p for p in allowed if p.id not in named and not untraced(p)]
    if ctx.view.avoid - DIETS and not traced:  # any allergy: what may carry its traces is left out (and said so)
        shared = [p for p in allowed if p.id not in named and may_hold_traces(ctx, p)]
        traced = shared if len(shared) < len(allowed) else []  # while something the shop says is clear is left
    prods = tuple(p for p in allowed if p not in traced)[:3]
    named_out = [p for p in prods if not p.in_stock]
    closing: list[str] = []
    if not prods:
        none = ctx.t(
            "店里暂时没有完全符合这些要求的商品，您可以换个条件，或者我请店员帮您看看。",
            "Nothing in the shop fits all of that right now; you could change a wish, or I can ask a clerk to help.",
        )
        return (none,), tuple(x for x in (_left_out(ctx, excluded),) if x), ()
    items = [item(ctx, p) for p in prods]
    count = {1: "一", 2: "两", 3: "三"}[len(prods)]
    if ctx.u.needs.named_products and len(prods) > 1:
        lead = ctx.t(f"有{count}款：{w.join(items, 'zh')}。", f"We have {EN_COUNT[len(prods)]}: {w.join(items, 'en')}.")
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
            f"Here are {EN_COUNT[len(prods)]} that fit: {w.join(items, 'en')}.",
        )
    leads = [lead]
    if (
        ctx.view.low_sugar
        and ctx.u.needs.max_sweetness is not None
        and ctx.view.known
        and all(p.sweetness <= ctx.u.needs.max_sweetness for p in prods)
    ):
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
    if certified or ("halal" in ctx.view.avoid and re.search(r"清真|halal", ctx.u.question, re.I)):
        # which products the shop says are halal, in its own words
        leads += [x for x in halal_rule(ctx, prods)[0] if x not in leads]
    leads += cautions(ctx, prods)  # "young children should eat them with an adult watching": the shop's own words
    for p in named_out:
        if p.seasonal:
            closing.append(
                ctx.t(
                    f"{w.short_name(p, 'zh', prods)}是节令商品"
                    + (f"，{when}才有" if (when := w.season_text(p, "zh")) else "")
                    + "，现在没货。",
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
    if traced:  # a shared line's traces, for a severe allergy: not offered, and said why
        names = w.join([w.short_name(p, ctx.lang, tuple(traced)) for p in traced[:2]], ctx.lang)
        closing.append(
            ctx.t(
                f"{names}跟含过敏原的商品在同一条线或车间生产，可能有微量残留，所以没有推荐。",
                f"I left out {names}: made on a shared line, "
                + ("they" if len(traced) > 1 else "it")
                + " may hold traces of the allergen.",
            )
        )
    if ctx.view.avoid - DIETS:  # picked without their allergen on the label — and what the label can't promise
        out = {p.id for p in traced}
        closing += [  # not the caveat of what was just left out
            c
            for c in allergy_caveat(ctx, 1, prods, frozenset(ctx.view.avoid - DIETS))[0]
            if not ((named_in := ctx.vocab.products_named(c)) & out and not named_in & {p.id for p in prods})
        ]
    return tuple(leads), tuple(closing), prods


def _untraced(ctx: Context) -> Callable[[Product], bool]:
    """For a severe allergy (the clerk's notes or the question say so): whether a product is clear of the shop's
    trace caveats for it — a shared line's traces count."""
    severe = bool(ctx.view.avoid - DIETS) and (ctx.view.severe_allergy or bool(re.search(SEVERE, ctx.u.question, re.I)))
    return lambda p: not (severe and may_hold_traces(ctx, p))


def _halal_first(ctx: Context) -> tuple[Product, ...]:
    """For someone who eats halal only: the products whose own text says they are halal and meet the question's
    wishes — a clerk offers those first, not whatever has no meat on its label."""
    return tuple(p for p in ctx.shop.products if p.halal_said and passes(p, ctx.u.needs) and ctx.view.allows(p))


def choose(
    ctx: Context, table: tuple[Product, ...], found: tuple[Product, ...]
) -> tuple[tuple[str, ...], tuple[Product, ...]]:
    """A choice among the products on the table: the cheaper one, the one with a gift box …"""
    n = ctx.u.needs
    pool = list(table)
    if n.intent.cheaper:
        p = min(pool, key=lambda x: x.price_cny)
        return (ctx.t(f"这几款里最便宜的是{item(ctx, p)}。", f"The cheapest of those is {item(ctx, p)}."),), (p,)
    if n.intent.pricier:
        p = max(pool, key=lambda x: x.price_cny)
        return (ctx.t(f"这几款里最贵的是{item(ctx, p)}。", f"The priciest of those is {item(ctx, p)}."),), (p,)
    checks = [(test, ctx.t(*said)) for key, test, said in _CHOICES if getattr(n, key) not in (None, False)]
    if not checks:
        items = [item(ctx, p) for p in pool[:3]]
        return (ctx.t(f"刚才说的是{w.join(items, 'zh')}。", f"Those were {w.join(items, 'en')}."),), tuple(pool[:3])
    keep = [p for p in pool if all(c[0](p, n) for c in checks)]
    what = w.join([c[1] for c in checks], ctx.lang)
    scales = [f(p, ctx.lang) for p in keep[:1] for key, f in _SCALE_OF.items() if getattr(n, key) is not None]
    if keep:
        items = [item(ctx, p) for p in keep[:3]]
        if len(keep) == 1:
            why = ctx.t(f"（{'，'.join(scales)}）", f" ({', '.join(scales)})") if scales else ""
            return (
                ctx.t(
                    f"这几款里{what}的是{items[0]}{why}。",
                    f"Of those, {items[0]} is the one that's {what}{why}.",
                ),
            ), tuple(keep[:1])
        return (
            ctx.t(
                f"{w.join(items, 'zh')}都{what}。",
                f"{w.cap(w.join(items, 'en'))} are all {what}.",
            ),
        ), tuple(keep[:3])
    others = [p for p in found if p not in pool and all(c[0](p, n) for c in checks)][:2]
    lead = [ctx.t(f"刚才那几款都不符合（{what}）。", f"None of those is {what}.")]
    if others:
        items = [item(ctx, p) for p in others]
        lead.append(ctx.t(f"可以看看{w.join(items, 'zh')}。", f"You could look at {w.join(items, 'en')}."))
    return tuple(lead), tuple(others) or tuple(pool[:3])


def _flavour_core(p: Product, lang: str) -> str:
    """The flavour as a clerk says it in a comparison: its first two parts ("紫黑，果香浓、肉厚")."""
    if lang == "zh":
        return "，".join(re.split(r"[，；]", p.flavour_zh)[:2]).rstrip("。.")
    core = ", ".join(x.strip() for x in re.split(r"[,;]", p.flavour_en)[:2]).rstrip(".")
    return core[:1].lower() + core[1:]


_MORE: dict[str, tuple[Callable[[Product], int], str, str, str]] = {  # "which keeps better / is hotter?"
    "shelf_life": (lambda p: p.shelf_life_days, "保质期更长", "keeps longer", "keep longer"),
    "spiciness": (lambda p: p.spiciness, "更辣", "is hotter", "are hotter"),
    "sweetness": (lambda p: p.sweetness, "更甜", "is sweeter", "are sweeter"),
}
_FIELD = {
    "shelf_life": ("保质期", "shelf life"),
    "spiciness": ("辣度", "spiciness"),
    "sweetness": ("甜度", "sweetness"),
}
_LESS_SWEET = re.compile(r"不那么甜|没那么甜|less sweet|not as sweet|milder|less spicy|不那么辣|没那么辣", re.I)


def _verdicts(ctx: Context, prods: tuple[Product, ...]) -> list[str]:
    """The answer to "which one is …er?" from the field that decides it, with both values."""
    out = []
    for attr, (value, zh, en, en_plural) in _MORE.items():
        if attr not in ctx.u.attributes:
            continue
        vals = {p.id: value(p) for p in prods}
        unit = (lambda v: f"{v}天" if ctx.zh else f"{v} days") if attr == "shelf_life" else (lambda v: f"{v}/4")
        if len(set(vals.values())) == 1:
            v = unit(next(iter(vals.values())))
            zh_f, en_f = _FIELD[attr]
            out.append(ctx.t(f"{zh_f}一样，都是{v}。", f"Their {en_f} is the same: {v} each."))
            continue
        top = max(prods, key=lambda p: vals[p.id])
        said = ctx.t(
            "、".join(f"{w.short_name(p, 'zh', prods)}{unit(vals[p.id])}" for p in prods),
            ", ".join(f"{w.short_name(p, 'en', prods)} {unit(vals[p.id])}" for p in prods),
        )
        if _LESS_SWEET.search(ctx.u.question) and attr != "shelf_life":
            low = min(prods, key=lambda p: vals[p.id])
            out.append(
                ctx.t(
                    f"{w.short_name(low, 'zh', prods)}没那么{zh[-1]}（{said}）。",
                    f"{w.cap(w.short_name(low, 'en', prods))} is milder ({said}).",
                )
            )
        else:
            tops = [p for p in prods if vals[p.id] == vals[top.id]]
            names_zh = w.join([w.short_name(p, "zh", prods) for p in tops], "zh")
            names_en = w.cap(w.join([w.short_name(p, "en", prods) for p in tops], "en"))
            out.append(
                ctx.t(f"{names_zh}{zh}（{said}）。", f"{names_en} {en if len(tops) == 1 else en_plural} ({said}).")
            )
    return out


def compare(ctx: Context, prods: tuple[Product, ...]) -> tuple[str, ...]:
    """What differs between two or three products, and which suits the stated purpose."""
    fams = [p.group or p.id for p in prods]
    if len(set(fams)) > 1 and len(set(fams)) < len(fams):  # "Longjing or Tieguanyin": one tin of each family
        prods = one_of_each(prods) or prods
    prods = prods[:3]

    def differs(f: Callable[[Product], object]) -> bool:
        return len({f(p) for p in prods}) > 1

    lines = []
    for p in prods:
        flavour = _flavour_core(p, ctx.lang)
        bits = [flavour] if differs(lambda x: x.flavour_zh) else []
        if differs(lambda x: x.sweetness):
            bits.append(w.sweet_text(p, ctx.lang))
        if differs(lambda x: x.spiciness):
            bits.append(w.spicy_text(p, ctx.lang))
        if differs(lambda x: x.shelf_life_days):
            bits.append(w.shelf_life(p, ctx.lang))
        if not p.in_stock:
            bits.append(ctx.t("目前缺货", "out of stock right now"))
        if ctx.zh:
            size = "" if size_in(p.name_zh, p.size_text("zh")) else f"、{p.size_text('zh')}"
            lines.append(f"{p.name_zh}{price_text(p)}{size}" + ("，" + "、".join(bits) if bits else ""))
        else:
            lines.append(
                f"the {p.name_en} is {price_text(p)}"
                + ("" if size_in(p.name_en, p.size_text("en")) else f" for {p.size_text('en')}")
                + (", " + ", ".join(bits) if bits else "")
            )
    out = [ctx.t("；".join(lines) + "。", w.cap("; ".join(lines)) + ".")]
    out += _verdicts(ctx, prods)
    watching = ctx.u.needs.max_sweetness is not None or (ctx.view.low_sugar and "sweetness" not in ctx.u.attributes)
    if watching and len({p.sweetness for p in prods}) > 1:  # a known customer's relative watches their sugar
        low = min(prods, key=lambda p: p.sweetness)
        out.append(
            ctx.t(
                f"控糖的话选{w.short_name(low, 'zh', prods)}（甜度{low.sweetness}/4）。",
                f"For someone watching their sugar: {w.short_name(low, 'en', prods)} (sweetness {low.sweetness} of 4).",
            )
        )
    if not differs(lambda x: (x.flavour_zh, x.sweetness, x.spiciness, x.shelf_life_days)):
        out.append(ctx.t("除了规格和价格，其他都一样。", "Apart from size and price, they are the same."))
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


_LAST_YEAR = r"去年|last year"


def _order_asked(ctx: Context) -> dict[str, object] | None:
    """The past order the question points at by its own occasion or destination ("去年中秋", "to Hamburg")."""
    asked = set(clause_tokens(ctx.u.question))
    if not asked:
        return None
    orders = ctx.view.orders()
    years = sorted({str(o.get("date", ""))[:4] for o in orders}, reverse=True)
    best: tuple[int, dict[str, object] | None] = (0, None)
    for o in orders:
        said = " ".join(str(o.get(k) or "") for k in ("occasion_zh", "occasion_en", "ship_to_zh", "ship_to_en"))
        score = len(asked & set(clause_tokens(said)))
        year = str(o.get("date", ""))[:4]
        if years and re.search(_LAST_YEAR, ctx.u.question, re.I) and len(years) > 1 and year == years[0]:
            score -= 1  # "last year": not the newest year's order, when there is an older one
        if score > best[0]:
            best = (score, o)
    return best[1]


_STATUS_ASK = re.compile(
    r"到哪(一步|儿|了)|什么状态|啥状态|进度|发货了(吗|没)|发了(吗|没)|寄出(来)?了(吗|没)|物流|到了没|"
    r"where'?s my order|order status|status of|has (it|my order|the order) (shipped|gone out|been sent)|shipped yet|"
    r"track(ing)?\b|where (is|are) (it|they|my)",
    re.I,
)
_ORDER_TOTAL = re.compile(r"总价|总共|一共|多少钱|金额|total|how much (was|did)|what did (it|that) come to", re.I)
_STATUS = {
    "processing": ("处理中（还在备货，没有发出）", "being processed (not shipped yet)"),
    "pending": ("待处理", "pending"),
    "paid": ("已付款，待发货", "paid, not shipped yet"),
    "shipped": ("已发货", "shipped"),
    "partly_shipped": ("部分已发货", "partly shipped"),
    "delivered": ("已签收", "delivered"),
    "completed": ("已完成", "completed"),
    "cancelled": ("已取消", "cancelled"),
    "refunded": ("已退款", "refunded"),
}
_MONTH_EN = "january february march april may june july august september october november december".split()


def _order_by_date(ctx: Context) -> dict[str, object] | None:
    """The order the question names by its date ("9月1号下的那单", "the order from 1 September")."""
    q = ctx.u.question.lower()
    m = re.search(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]", q)
    md = (int(m.group(1)), int(m.group(2))) if m else None
    if md is None:
        for i, name in enumerate(_MONTH_EN, 1):
            e = re.search(rf"\b{name[:3]}[a-z]*\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", q) or re.search(
                rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{name[:3]}[a-z]*\b", q
            )
            if e:
                md = (i, int(e.group(1)))
                break
    if md is None:
        return _order_by_month(ctx, q)
    for o in ctx.view.orders():
        d = str(o.get("date", ""))
        if len(d) >= 10 and (int(d[5:7]), int(d[8:10])) == md:
            return o
    return None


_ZH_MONTH = re.compile(r"(去年|前年|今年)?\s*(十[一二]?|[一二三四五六七八九]|\d{1,2})\s*月份?")


def _order_by_month(ctx: Context, q: str) -> dict[str, object] | None:
    """The order of the month the question names ("三月份买的", "in March last year"), the year counted from the
    catalogue's date when it says "last year" / 去年 — the newest of that month otherwise."""
    month, back = None, None
    m = _ZH_MONTH.search(q)
    if m and not re.match(r"\d", q[m.end() : m.end() + 1]):
        raw = m.group(2)
        amount = parse_amount(raw)
        month = int(amount) if amount is not None else None
        back = {"去年": 1, "前年": 2, "今年": 0}.get(m.group(1) or "")
    else:
        for i, name in enumerate(_MONTH_EN, 1):
            if re.search(rf"\b(in|last|this) {name}\b|\b{name} (last|this) year\b", q):
                month = i
                back = 1 if re.search(rf"{name} last year|last year in {name}|in {name} last year", q) else None
                break
        if month is not None and back is None and re.search(r"\blast year\b", q):
            back = 1
    if month is None or not 1 <= month <= 12:
        return None
    year = int(ctx.shop.as_of[:4]) - back if back is not None and ctx.shop.as_of[:4].isdigit() else None
    for o in ctx.view.orders():  # newest first
        d = str(o.get("date", ""))
        if len(d) >= 7 and d[5:7].isdigit() and int(d[5:7]) == month and (year is None or d[:4] == str(year)):
            return o
    return None


def order_status(ctx: Context) -> tuple[tuple[str, ...], tuple[Product, ...]]:
    """Where an order stands, as the shop's records say it (the status, the total), for the order the question
    names by its date, occasion or destination, else the newest one not yet completed; a clerk for the parcel's
    tracking, which the records don't hold."""
    orders = ctx.view.orders()
    if not orders:
        return (ctx.t("我这里没有查到您的订单记录。", "I can't find any orders of yours."),), ()
    done = {"completed", "delivered", "cancelled", "refunded"}
    order = (
        _order_by_date(ctx)
        or _order_asked(ctx)
        or next((o for o in orders if str(o.get("status", "")) not in done), orders[0])
    )
    status = str(order.get("status") or "")
    zh_s, en_s = _STATUS.get(status, (status, status.replace("_", " ")))
    ref = str(order.get("order_id") or "")
    what = str(order.get("occasion_zh" if ctx.zh else "occasion_en") or "")
    head = ctx.t(
        f"您{order.get('date')}的订单{ref}" + (f"（{what}）" if what else "") + f"现在的状态是：{zh_s}。",
        f"Your order {ref} of {order.get('date')}" + (f" ({what})" if what else "") + f" is {en_s}.",
    )
    out = [head]
    total = order.get("total_cny")
    if total is not None and _ORDER_TOTAL.search(ctx.u.question):
        pct = order.get("discount_pct") or 0
        out.append(
            ctx.t(
                f"订单金额¥{money(float(str(total)))}" + (f"（已按{pct}%折扣）" if pct else "") + "，不含运费。",
                f"It came to ¥{money(float(str(total)))}"
                + (f" after {pct}% off" if pct else "")
                + ", before shipping.",
            )
        )
    if status not in done:  # the records hold no tracking: a clerk does
        out.append(
            ctx.t(
                "具体的物流和发货时间我请店员帮您查一下。",
                "I'll ask a clerk to check the parcel and when it goes out.",
            )
        )
    items = order.get("items")
    ids = [str(i.get("product_id", "")) for i in items if isinstance(i, dict)] if isinstance(items, list) else []
    return tuple(out), tuple(p for pid in ids if (p := ctx.shop.product(pid)) is not None)  # now on the table


def asks_status(question: str) -> bool:
    return bool(_STATUS_ASK.search(question))


def _history_warnings(ctx: Context, prods: tuple[Product, ...]) -> list[str]:
    """What a re-order must not forget: the customer's allergies and diet, and a sweet product when someone
    they buy for watches their sugar (the clerk's notes)."""
    out = [conflict_warning(ctx, p, prods) for p in prods if not ctx.view.allows(p)]
    for p in prods:
        if ctx.view.low_sugar and p.sweetness >= 3:
            nm = w.short_name(p, ctx.lang, prods)
            out.append(
                ctx.t(
                    f"提醒您：{nm}偏甜（甜度{p.sweetness}/4），家里控糖的长辈要少吃。",
                    f"Please note: {nm} is sweet ({p.sweetness} of 4), not for the family member who watches their sugar.",
                )
            )
    return out


_WHOLE_AGAIN = re.compile(r"一样|照旧|原样|老样子|the same|same as|as (last time|before|usual)", re.I)
_ONE_OF_EACH = re.compile(r"各[来要拿买]?一|每样一|one of each|one each", re.I)


def history(
    ctx: Context, subjects: tuple[Product, ...]
) -> tuple[tuple[str, ...], tuple[Product, ...], tuple[tuple[str, int], ...]]:
    """What the customer's order history holds (never more), whether those products are in stock now, and —
    when the order is asked for again with a price — its lines at today's prices (the order's own quantities,
    or one of each when that is what they say)."""
    if asks_status(ctx.u.question):  # "我9月1号下的那批月饼现在到哪一步了？"
        return (*order_status(ctx), ())
    bought = ctx.view.bought()
    if not bought:
        return (ctx.t("我这里没有查到您以前的购买记录。", "I can't find any earlier orders of yours."),), (), ()
    want = {p.id for p in subjects} | set(ctx.u.needs.named_products)
    cats = ctx.u.needs.categories
    named_cats = {p.category for pid in want if (p := ctx.shop.product(pid)) is not None}
    if want and not want & {pid for _, pid, _ in bought} and cats - named_cats:
        # "胡豆酱先不要了，上次买的那种茶再来两块": the tea they bought, not the paste never bought
        cats = cats - named_cats
        want = set()
    if want and not want & {pid for _, pid, _ in bought} and _WHOLE_AGAIN.search(ctx.u.question):
        want = set()  # "跟去年春节一样…东西都照旧": that order, not a product a word of it seemed to name
    rows = [(d, pid) for d, pid, _ in bought if (not want or pid in want)]
    if cats:
        rows = [(d, pid) for d, pid in rows if (p := ctx.shop.product(pid)) is not None and p.category in cats] or rows
    if not rows:
        return (ctx.t("您以前的订单里没有这款。", "That isn't in your earlier orders."),), (), ()
    order = _order_by_date(ctx) or _order_asked(ctx)
    if order is not None and want:  # "the same as last January — the blueberries, toffee and juice": that order
        listed = order.get("items")
        items_in = (
            {str(i.get("product_id", "")) for i in listed if isinstance(i, dict)} if isinstance(listed, list) else set()
        )
        order = order if want <= items_in else None
    if order is not None:  # "去年中秋买的是啥": the order whose own occasion / destination the question names
        last_date = str(order.get("date", ""))
        items = order.get("items")
        ids = (
            [str(i.get("product_id", "")) for i in items if isinstance(i, dict)][:6] if isinstance(items, list) else []
        )
    else:
        last_date = rows[0][0]
        ids = list(dict.fromkeys(pid for d, pid in rows if d == last_date))[:6]  # the whole order, not a part
    took = {pid: k for d, pid, k in bought if d == last_date and pid in ids}  # how many of each, that time
    if order is not None and isinstance(items, list):
        took = {str(i.get("product_id", "")): int(i.get("qty", 1) or 1) for i in items if isinstance(i, dict)}
    prods = tuple(p for pid in ids if (p := ctx.shop.product(pid)) is not None)
    counted = any(took.get(p.id, 1) > 1 for p in prods)  # "东北秋木耳2份": how many, when not one of each
    names = w.join(
        [
            p.name(ctx.lang) + (ctx.t(f"{took.get(p.id, 1)}份", f" × {took.get(p.id, 1)}") if counted else "")
            for p in prods
        ],
        ctx.lang,
    )
    why = ""
    if order is not None:  # its occasion and where it went, as the order says them
        occasion = str(order.get("occasion_zh" if ctx.zh else "occasion_en") or "")
        where = str(order.get("ship_to_zh" if ctx.zh else "ship_to_en") or "")
        parts = [x for x in (occasion, ctx.t(f"寄到{where}", f"to {where}") if where else "") if x]
        why = ctx.t(f"（{'，'.join(parts)}）", f" ({', '.join(parts)})") if parts else ""
    out = [ctx.t(f"您{last_date}{why}买的是{names}。", f"On {last_date}{why} you bought {names}.")]
    again = bool(REORDER.search(ctx.u.question))  # "再来一份": the order again — priced, and in the basket
    gone = [p for p in prods if not p.in_stock]
    if ("price" in ctx.u.attributes or again) and (len(prods) > 1 or again) and len(gone) < len(prods):
        # the order again at today's prices — what is sold out now said so and left out of the sum
        for p in gone:
            out.append(
                ctx.t(
                    f"{p.name_zh}现在缺货，没有算在里面。",
                    f"The {p.name_en} is out of stock now, so it isn't in the total.",
                )
            )
        prods = tuple(p for p in prods if p.in_stock)
        each = bool(_ONE_OF_EACH.search(ctx.u.question)) or all(took.get(p.id, 1) == 1 for p in prods)
        qty = {p.id: 1 if each else took.get(p.id, 1) for p in prods}
        told = len(prods) == 1 and bool(ctx.u.quantity)  # "那个茶，再来两罐": their count, not that order's
        if told:
            qty, each = {prods[0].id: int(ctx.u.quantity or 1)}, False
        sums = " + ".join(f"{qty[p.id]} × {price_text(p)}" if qty[p.id] > 1 else price_text(p) for p in prods)
        total = money(sum(p.price_cny * qty[p.id] for p in prods))
        if again and "price" not in ctx.u.attributes:  # "还有吗？再要两袋": whether it is there, then what it comes to
            out.append(
                ctx.t(
                    "现在都有货。" if len(prods) > 1 else "现在有货。",
                    "All in stock now." if len(prods) > 1 else "It's in stock now.",
                )
            )
        out.append(
            ctx.t(f"按现在的价格，各一份是{sums} = ¥{total}。", f"At today's prices, one of each is {sums} = ¥{total}.")
            if each
            else ctx.t(f"按现在的价格是{sums} = ¥{total}。", f"At today's prices that's {sums} = ¥{total}.")
            if told
            else ctx.t(
                f"按现在的价格，照那次的数量是{sums} = ¥{total}。",
                f"At today's prices, the same quantities come to {sums} = ¥{total}.",
            )
        )
        out += _history_warnings(ctx, prods)
        return tuple(out), prods, tuple(qty.items())
    for p in prods:
        nm = w.short_name(p, ctx.lang, prods)
        if p.in_stock:
            out.append(ctx.t(f"{nm}现在有货，{price_text(p)}。", f"{w.cap(nm)} is in stock at {price_text(p)}."))
        else:
            out.append(ctx.t(f"{nm}目前缺货。", f"{w.cap(nm)} is out of stock right now."))
    # that order is what "其他照旧" / "the rest as before" then means: its lines held, not priced
    return tuple(out), prods, tuple((p.id, took.get(p.id, 1)) for p in prods)


def unknown(ctx: Context, found: tuple[Product, ...]) -> tuple[tuple[str, ...], tuple[Product, ...]]:
    """A product the shop doesn't carry: say so; offer what shares a word with it (花生糖 → 花生酥), or the kinds
    of things the shop sells."""
    asked = ctx.u.needs.asked_for or ""
    said = re.search(re.escape(asked), ctx.u.question, re.I) if asked else None
    asked = said.group(0) if said else asked  # as the customer wrote it ("Lanzhou beef noodles")
    sorry = ctx.t(f"抱歉，我们店里没有{asked}。", f"Sorry, we don't carry {asked}.")
    # a dish a product's own description mentions ("…夹在白吉馍里就是肉夹馍"): what the shop has for it
    for p in ctx.shop.products:
        desc = p.description_zh if ctx.zh else p.description_en
        told = next((x for x in re.split(r"(?<=[。！？.!?])\s*", desc) if asked and asked.lower() in x.lower()), "")
        if told and ctx.view.allows(p):
            return (
                ctx.t(f"抱歉，我们店里没有{asked}卖。", f"Sorry, we don't sell {asked} as such."),
                ctx.t(f"{item(ctx, p)}：{told}", f"{w.cap(item(ctx, p))}: {told}"),
            ), (p,)
    # what sets it apart, not its kind: 花生 of 花生糖, durian of durian cake
    grams = {asked[:2]} if has_cjk(asked) and len(asked) > 2 else set(re.findall(r"[a-z]{4,}", asked.lower())[:-1])
    alike = [p for p in ctx.shop.products if p.in_stock and any(g in (p.name_zh + p.name_en.lower()) for g in grams)]
    near = [p for p in alike if ctx.view.allows(p)][:2]  # what they said they avoid holds here too
    left = [p for p in alike if not ctx.view.allows(p)][:1]
    if left and not near:
        return (sorry, conflict_warning(ctx, left[0], tuple(left))), ()
    if near:
        items = [item(ctx, p) for p in near]
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
