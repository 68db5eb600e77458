"""What every answer builder reads (the understood question, the shop, the customer) and the phrases they share."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.allergens import DIETS
from pipeline.catalogue import Product, Shop
from pipeline.conversation import words as w
from pipeline.conversation.customer import CustomerView
from pipeline.conversation.lexicon import DIET_SAID
from pipeline.conversation.understand import Understanding
from pipeline.conversation.vocab import ShopVocab
from pipeline.templates import message as _message
from pipeline.textnum import money

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
                f"提醒您：{nm}含{w.allergen_list(allergy, 'zh')}，{'您登记过对它过敏' if profile else '您说过要避开'}，不建议购买。",
                f"Please note: {nm} contains {w.allergen_list(allergy, 'en')}, which "
                + ("your profile says you avoid." if profile else "you said to avoid."),
            )
        )
    if diet:
        takes = w.join([DIET_SAID[t][1] for t in diet], "zh")
        lines.append(
            ctx.t(
                f"提醒您：{nm}含{w.allergen_list(diet, 'zh')}，{'您登记过' + takes if profile else '您说过要避开'}。",
                f"Please note: {nm} contains {w.allergen_list(diet, 'en')}, which "
                + ("your profile says you don't take." if profile else "you said to avoid."),
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


def stock_line(ctx: Context, p: Product) -> str:
    if w.pre_orderable(p):
        return pre_order_line(ctx, p, p.name(ctx.lang) if ctx.zh else f"the {p.name_en}")
    when = w.season_text(p, ctx.lang)
    season = (
        ctx.t(f"，是节令商品，{when}才有" if when else "，是节令商品", f"; it is seasonal ({when})")
        if p.seasonal
        else ""
    )
    return ctx.t(f"{p.name_zh}目前缺货{season}。", f"Sorry, the {p.name_en} is out of stock right now{season}.")


def stock_note(ctx: Context, p: Product) -> str:
    """A product asked about that isn't in stock: say so before anything else about it."""
    return stock_line(ctx, p)


def alternatives(ctx: Context, p: Product, k: int = 2) -> list[Product]:
    """In-stock products to offer for one that isn't: its siblings first, then its category, within the
    customer's limits."""
    sib = [o for o in ctx.shop.products if o.id != p.id and p.group and o.group == p.group]
    cat = [o for o in ctx.shop.products if o.id != p.id and o.category == p.category and o not in sib]
    hot = ctx.view.max_spiciness()
    sweet = 1 if ctx.view.low_sugar and ctx.u.needs.max_sweetness is not None else None
    return [
        o
        for o in sib + cat
        if o.in_stock
        and ctx.view.allows(o)
        and (hot is None or o.spiciness <= hot)  # a child who eats nothing spicy gets nothing spicy instead
        and (sweet is None or o.sweetness <= sweet)
    ][:k]
