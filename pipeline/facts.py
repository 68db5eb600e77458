"""The facts one answer may use, and how they are written for the LLM and for templated answers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.catalogue import Customer, Policy, Product, Shop

__all__ = ["Facts", "product_fact_line", "shelf_life_text"]

_ALLERGEN_ZH = {
    "peanut": "花生",
    "tree_nut": "坚果",
    "gluten": "麸质",
    "soy": "大豆",
    "egg": "鸡蛋",
    "milk": "牛奶",
    "sesame": "芝麻",
    "alcohol": "酒精",
}
_SWEET_ZH = ["不甜", "微甜", "淡淡的甜", "甜", "很甜"]
_SWEET_EN = ["not sweet", "barely sweet", "lightly sweet", "sweet", "very sweet"]
_SPICY_ZH = ["不辣", "微辣", "中辣", "辣", "很辣"]
_SPICY_EN = ["not spicy", "mild", "medium hot", "hot", "very hot"]


def shelf_life_text(days: int, lang: str) -> str:
    if days >= 3650:
        return "可长期存放" if lang == "zh" else "keeps for years"
    if lang == "zh":
        return f"保质期{days}天"
    return f"shelf life {days} days"


def _first_clause(text: str, limit: int) -> str:
    head = re.split(r"(?<=[。！？.!?])", text, maxsplit=1)[0]
    return head if len(head) <= limit else head[:limit].rsplit("，", 1)[0].rsplit(",", 1)[0]


def product_fact_line(p: Product, lang: str) -> str:
    """One product as a compact fact line (short prompts keep the LLM's first token fast)."""
    zh = lang == "zh"
    allergens = [a for a in p.allergens if a != "none"]
    if zh:
        parts = [
            f"{p.name_zh}",
            f"¥{p.price_cny:g}",
            p.size_text("zh"),
            f"{_SWEET_ZH[p.sweetness]}、{_SPICY_ZH[p.spiciness]}",
            "有礼盒" if p.gift_box else "无礼盒",
            shelf_life_text(p.shelf_life_days, "zh"),
            "过敏原" + "、".join(_ALLERGEN_ZH.get(a, a) for a in allergens) if allergens else "",
            "" if p.in_stock else "缺货",
            _first_clause(p.description_zh, 40),
        ]
        return "｜".join(x for x in parts if x)
    parts = [
        p.name_en,
        f"¥{p.price_cny:g}",
        p.size_text("en"),
        f"{_SWEET_EN[p.sweetness]}, {_SPICY_EN[p.spiciness]}",
        "gift box" if p.gift_box else "no gift box",
        shelf_life_text(p.shelf_life_days, "en"),
        "allergens " + ", ".join(allergens) if allergens else "",
        "" if p.in_stock else "out of stock",
        _first_clause(p.description_en, 110),
    ]
    return " | ".join(x for x in parts if x)


@dataclass(frozen=True)
class Facts:
    """Everything one answer may state: products, policies, the shop's header, a known customer."""

    shop: Shop
    products: tuple[Product, ...]
    policies: tuple[Policy, ...]
    customer: Customer | None = None
    relaxed: bool = False
    unknown_product: str | None = None
    budget: tuple[float | None, float | None] = (None, None)

    def text(self, lang: str) -> str:
        """The facts block placed in the prompt."""
        zh = lang == "zh"
        lines: list[str] = []
        if self.products:
            lines.append("商品：" if zh else "Products:")
            lines += [f"{i + 1}. {product_fact_line(p, lang)}" for i, p in enumerate(self.products)]
        else:
            lines.append("没有符合条件的商品。" if zh else "No product fits.")
        lo, hi = self.budget
        if hi is not None:
            lines.append(f"顾客预算：¥{hi:g}以内" if zh else f"Customer's budget: up to ¥{hi:g}")
        if lo is not None:
            lines.append(f"顾客希望：¥{lo:g}以上" if zh else f"Customer wants: over ¥{lo:g}")
        if self.relaxed:
            lines.append(
                "注意：没有完全符合所有条件的商品，以上是最接近的。"
                if zh
                else "Note: nothing meets every wish; these are the closest."
            )
        if self.unknown_product:
            lines.append(
                f"本店没有“{self.unknown_product}”。" if zh else f'The shop does not sell "{self.unknown_product}".'
            )
        for pol in self.policies:
            lines.append(("店铺政策：" if zh else "Shop policy: ") + pol.answer(lang))
        if self.customer:
            c = self.customer
            notes = c.notes_zh if zh else c.notes_en
            lines.append(("老顾客：" if zh else "Returning customer: ") + f"{c.name(lang)}。{notes}")
        return "\n".join(lines)

    def allowed_text(self) -> str:
        """All fact text in both languages (what numbers and names in an answer may come from): the prompt's
        lines plus every field of the products in the facts."""
        parts = [self.text("zh"), self.text("en")]
        parts += [p.all_text() for p in self.products]
        parts += [str(v) for v in self.shop.info.values()]
        return "\n".join(parts)
