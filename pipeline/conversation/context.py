"""What every answer builder reads (the understood question, the shop, the customer) and the phrases they share."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.allergens import DIETS
from pipeline.catalogue import Product, Shop
from pipeline.chunker import split_sentences
from pipeline.conversation import words as w
from pipeline.conversation.alike import alike
from pipeline.conversation.customer import CustomerView
from pipeline.conversation.lexicon import DIET_SAID
from pipeline.conversation.understand import Understanding
from pipeline.conversation.vocab import ShopVocab
from pipeline.templates import message as _message
from pipeline.textnum import has_cjk, money

__all__ = [
    "EN_COUNT",
    "Context",
    "alternatives",
    "conflict_warning",
    "item",
    "message",
    "pre_order_line",
    "price_text",
    "stock_line",
    "stock_note",
]

EN_COUNT = {1: "one", 2: "two", 3: "three"}


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


def price_text(p: Product) -> str:
    return f"¥{money(p.price_cny)}"


def item(ctx: Context, p: Product) -> str:
    """A product named in full with its price and size, the way a clerk introduces it."""
    stock = "" if p.in_stock else ctx.t("，目前缺货", ", out of stock right now")
    if ctx.zh:
        size = "" if size_in(p.name_zh, p.size_text("zh")) else f"，{p.size_text('zh')}"  # not "200克，¥36，200克"
        if p.name_zh.endswith("）"):  # 风干牛肉干（香辣味，¥88，250克）
            return f"{p.name_zh[:-1]}，{price_text(p)}{size}{stock}）"
        return f"{p.name_zh}（{price_text(p)}{size}{stock}）"
    if size_in(p.name_en, p.size_text("en")):
        return f"the {p.name_en} ({price_text(p)}{stock})"
    return f"the {p.name_en} ({price_text(p)} for {p.size_text('en')}{stock})"


def size_in(name: str, size: str) -> bool:
    """Whether the name already says the size ("洞庭碧螺春（50克）", "Dongting Biluochun (125 g)")."""
    return bool(size) and size.replace(" ", "") in name.replace(" ", "")


def conflict_warning(ctx: Context, p: Product, among: tuple[Product, ...]) -> str:
    c = ctx.view.conflicts(p)
    allergy = [t for t in c if t != "vegetarian" and t not in DIETS]
    diet = [t for t in c if t in DIETS]  # what they don't take (alcohol, pork), not an allergy
    if "pork" in diet and "halal" in diet:
        diet.remove("halal")  # pork says why, the halal rule needs no second mention
    nm = w.short_name(p, ctx.lang, among)
    lines = []
    profile = all(ctx.view.on_profile(t) for t in (*allergy, *diet))  # else the customer said it this visit
    if allergy:
        lines.append(
            ctx.t(
                f"提醒您：{nm}含{w.allergen_list(allergy, 'zh')}，{'您登记过对它过敏' if profile else '是您要避开的'}，不建议购买。",
                f"Please note: {nm} contains {w.allergen_list(allergy, 'en')}, which "
                + ("your profile says you avoid." if profile else "you asked to avoid."),
            )
        )
    if diet:
        takes = w.join([DIET_SAID[t][1] for t in diet], "zh")
        lines.append(
            ctx.t(
                f"提醒您：{nm}含{w.allergen_list(diet, 'zh')}，{'您登记过' + takes if profile else '是您要避开的'}。",
                f"Please note: {nm} contains {w.allergen_list(diet, 'en')}, which "
                + ("your profile says you don't take." if profile else "you asked to avoid."),
            )
        )
    if not lines:
        return ctx.t("提醒您：", "Please note: ") + w.not_vegetarian(p, ctx.lang) + ctx.t("。", ".")
    return w.sentence_join(lines, ctx.lang)


def pre_order_line(ctx: Context, p: Product, nm: str) -> str:
    """A product not in stock yet that can be ordered now: that, and the shop's pre-order rule for it."""
    rule = w.pre_order_rule(p, ctx.shop, ctx.lang)
    return ctx.t(
        f"{nm}现在还没到货，可以预订。{rule}",
        f"{w.cap(nm)} isn't in stock yet, but you can pre-order it. {rule}".strip(),
    )


def stock_line(ctx: Context, p: Product, name: str = "") -> str:
    """A product that isn't in stock: open for pre-order, or sold out (in season when, back when the shop says)."""
    nm = name or (p.name_zh if ctx.zh else f"the {p.name_en}")
    if w.pre_orderable(p):
        return pre_order_line(ctx, p, nm)
    when = w.season_text(p, ctx.lang)
    season = (
        ctx.t(
            f"，是节令商品，{when}才有" if when else "，是节令商品",
            f"; it is seasonal: {when}" if "(" in when else f"; it is seasonal ({when})",
        )
        if p.seasonal
        else ""
    )
    line = ctx.t(f"{nm}目前缺货{season}。", f"Sorry, {nm} is out of stock right now{season}.")
    back = restock(ctx, p)
    return f"{line}{back}" if ctx.zh or not back else f"{line} {back}"


# words of when a sold-out product comes back: "厂家说12月18日左右到货", "下一批要等2027年8月新菌上市"
_RESTOCK = re.compile(
    r"到货|补货|上市|开放预订|再有|restock|back in stock|arriv|next batch|available again|comes? back|due (?:in|on)",
    re.I,
)


def restock(ctx: Context, p: Product) -> str:
    """When a sold-out product is expected back, in the shop's own words: its description's, else a rule's that
    names it — nothing when neither says."""
    for sentence in split_sentences(p.description_zh if ctx.zh else p.description_en):
        if _RESTOCK.search(sentence):
            return w.end(_restock_part(sentence.strip()), ctx.lang)
    pat = w.product_pattern(p, ctx.shop)
    for pol in ctx.shop.policies:
        for clause in w.clauses(pol.answer(ctx.lang)):
            for part in re.split(r"(?<=[。；;])|(?<=\.)\s+", clause):
                if _RESTOCK.search(part) and pat.search(part) and _names_only(ctx, part, p):
                    return w.end(part.strip(), ctx.lang)
    return ""


_GONE = re.compile(r"卖完|售罄|没到季节|还没到|sold out|not in season|out of season", re.I)


def _restock_part(sentence: str) -> str:
    """Of a description's sentence, the clauses on its coming back and on its being gone ("这批刚卖完，下周到货"
    of "礼盒装，送长辈送客户都拿得出手，这批刚卖完，下周到货")."""
    parts = [x for x in re.split(r"(?<=[，,；;])\s*", sentence) if x.strip()]
    keep = [i for i, x in enumerate(parts) if _RESTOCK.search(x)]
    keep += [i - 1 for i in keep if i and _GONE.search(parts[i - 1])]
    got = "".join(parts[i] for i in sorted(set(keep))).strip().rstrip("，,；;")
    return got if not got or has_cjk(got) else w.cap(got)


def _names_only(ctx: Context, part: str, p: Product) -> bool:
    """Whether a rule's sentence is about this product and no other sold-out one ("福建肉松暂时售罄，预计12月18日
    左右到货" names the pork floss, not the ganba in oil)."""
    others = [o for o in ctx.shop.products if o.id != p.id and not o.in_stock and o.name(ctx.lang) in part]
    return p.name(ctx.lang) in part or not others


def stock_note(ctx: Context, p: Product) -> str:
    """A product asked about that isn't in stock: say so before anything else about it."""
    return stock_line(ctx, p)


def alternatives(
    ctx: Context, p: Product, k: int = 2, keep: Callable[[Product], bool] = lambda _: True
) -> list[Product]:
    """In-stock products to offer for one that isn't: its siblings first, then those most like it (else those of
    its category), within the customer's limits."""
    sib = [o for o in ctx.shop.products if o.id != p.id and p.group and o.group == p.group]
    close = [o for o in alike(ctx.shop, p) if o not in sib]
    hot = ctx.view.max_spiciness()
    if "children" in ctx.u.needs.recipients:  # "想给孩子拌粥": nothing hot in its place
        hot = min(hot if hot is not None else 1, 1)
    sweet = 1 if ctx.view.low_sugar and ctx.u.needs.max_sweetness is not None else None
    want = set(ctx.u.needs.recipients) - {"travellers"}

    def fits(o: Product) -> bool:
        return (
            o.in_stock
            and ctx.view.allows(o)
            and (hot is None or o.spiciness <= hot)  # a child who eats nothing spicy gets nothing spicy instead
            and (sweet is None or o.sweetness <= sweet)
            and keep(o)
            and want <= set(o.suitable_for)  # for a child: what the shop lists for children
        )

    got = [o for o in sib + close if fits(o)]
    if not got:  # nothing like it: what else its category holds
        got = [o for o in ctx.shop.products if o.id != p.id and o.category == p.category and fits(o)]
    return got[:k]
