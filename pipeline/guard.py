"""The grounding guard: every sentence is checked against the facts before it is shown or spoken.

A sentence fails when it names a product the facts don't hold (or that the shop doesn't sell), states a
price, number, shelf life or discount that isn't in the facts, claims a gift box or stock the catalogue
denies, or makes a health claim. The turn then stops the LLM and speaks a templated answer instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.catalogue import Product, Shop
from pipeline.conversation.lexicon import EN_FOOD_NOUNS, FOOD_HEAD_NOUNS
from pipeline.facts import Facts
from pipeline.textnum import find_numbers, parse_amount

__all__ = ["Guard", "GuardResult"]

_MONEY = re.compile(
    r"[¥￥]\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*(?:元|块|yuan|rmb|cny|kuai)|"
    r"([零一二两三四五六七八九十百千万]+(?:点[零一二三四五六七八九]+)?)\s*(?:元|块)",
    re.I,
)
_MONTHS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:个月|months?)", re.I)
_DISCOUNT = re.compile(
    r"打\s*[\d一二三四五六七八九]+\s*折|[\d一二三四五六七八九]折|折扣|优惠|减价|免单|% off|discount|coupon|free of charge|for free|\bsale\b",
    re.I,
)
_HEALTH = re.compile(
    r"治疗|治愈|治病|降血糖|降血压|降血脂|降三高|抗癌|防癌|药效|疗效|延年益寿|增强免疫|"
    r"\bcures?\b|\btreats?\b(?=\s+(?:your\s+)?(?:colds?|coughs?|diabet|illness|disease|pain|blood|inflamm))|\bheals?\b|lowers? (blood|cholesterol)|prevents? (cancer|disease)|boosts? (your )?immun",
    re.I,
)
_CLAIMS = re.compile(
    r"纯天然|天然无污染|无添加|零添加|不含防腐剂|无防腐剂|有机|绿色食品|野生|进口|"
    r"all[- ]natural|organic|no additives|additive[- ]free|preservative[- ]free|no preservatives|imported|"
    r"健康|营养丰富|富含|蛋白质|膳食纤维|维生素|低脂|低卡|低热量|"
    r"healthy|healthier|nutritious|protein|fib(?:er|re)|vitamins?|low[- ]fat|low[- ]calorie|rich in",
    re.I,
)
_NEG = re.compile(r"不|没|无|未|非|\bno\b|\bnot\b|n't|without|paid|付费|另购|加购|可以加", re.I)
_GIFTBOX = re.compile(r"礼盒|gift[- ]?box", re.I)
_INSTOCK = re.compile(r"有货|现货|in stock|available", re.I)
_GENERIC_BEFORE_NOUN = frozenset("款种个些类样档统好的高这那各名道壶杯口盒份包袋罐瓶块片")


def _noun_patterns(shop: Shop) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A product word in Chinese (…茶, …酱: a general food noun ending a word) and in English (Capitalised …
    Tea, with the shop's own name heads added)."""
    zh = re.compile(
        r"[\u4e00-\u9fff]{1,6}?([\u4e00-\u9fff][" + FOOD_HEAD_NOUNS + r"])"
        r"(?=$|[^\u4e00-\u9fff]|[的是很在和也都有吧呢啊及与还])"  # the noun ends a word: 酥脆 is a texture, not a product
    )
    en_heads = set(EN_FOOD_NOUNS) | {
        w for p in shop.products for w in re.findall(r"[A-Za-z]{3,}", re.sub(r"\(.*?\)", "", p.name_en))[-1:]
    }
    alt = "|".join(sorted({h.capitalize() for h in en_heads}, key=len, reverse=True))
    en = re.compile(r"\b((?:[A-Z][a-z'-]+\s){1,3}(?:" + alt + r"))\b")
    return zh, en


@dataclass(frozen=True)
class GuardResult:
    ok: bool
    violations: tuple[str, ...]


def _close(v: float, allowed: set[float]) -> bool:
    return any(abs(v - a) < 0.01 for a in allowed)


class Guard:
    """Checks sentences against one turn's facts (build one per turn)."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self._allowed_text = facts.allowed_text()
        self._allowed_lower = self._allowed_text.lower()
        self._numbers = set(find_numbers(self._allowed_text))
        self._prices = {p.price_cny for p in facts.products} | {
            float(next(g for g in m.groups() if g))
            for m in _MONEY.finditer(self._allowed_text)
            if (m.group(1) or m.group(2))
        }
        fact_ids = {p.id for p in facts.products}
        self._other_names: list[tuple[str, Product]] = []
        self._fact_names: list[tuple[str, Product]] = []
        for p in facts.shop.products:
            for n in {
                p.name_zh,
                re.sub(r"[（(].*?[)）]", "", p.name_zh),
                p.name_en,
                re.sub(r"\s*\(.*\)", "", p.name_en),
            }:
                if len(n) >= 3:
                    (self._fact_names if p.id in fact_ids else self._other_names).append((n.lower(), p))
        self._zh_noun, self._en_noun = _noun_patterns(facts.shop)
        self._has_discount_policy = bool(
            _DISCOUNT.search(" ".join(pol.answer_zh + pol.answer_en for pol in facts.policies))
        )

    def check(self, sentence: str) -> GuardResult:
        v: list[str] = []
        s = sentence
        low = s.lower()
        for m in _MONEY.finditer(s):
            raw = next(g for g in m.groups() if g)
            val = parse_amount(raw.replace("点", ".")) if not raw[0].isdigit() else float(raw)
            if val is not None and not _close(val, self._prices):
                v.append(f"price ¥{val:g} is not in the facts")
        for num in find_numbers(s):
            if num > 10 and not _close(num, self._numbers):
                v.append(f"number {num:g} is not in the facts")
        for m in _MONTHS.finditer(s):
            months = float(m.group(1))
            if not (_close(months, self._numbers) or _close(months * 30, self._numbers)):
                v.append(f"shelf life {months:g} months is not in the facts")
        if _DISCOUNT.search(s) and not self._has_discount_policy and not _NEG.search(s):
            v.append("mentions a discount the shop's policies don't give")
        h = _HEALTH.search(s)
        if (
            h
            and h.group(0).lower() not in self._allowed_lower
            and not _NEG.search(s[max(0, h.start() - 8) : h.start()])
        ):
            v.append(f"health claim: {h.group(0)}")
        for c in _CLAIMS.finditer(s):
            if c.group(0).lower() not in self._allowed_lower:
                v.append(f"unsupported claim: {c.group(0)}")
        mentioned = [p for n, p in self._fact_names if n in low]
        fact_names = [n for n, _ in self._fact_names]
        for name, other in self._other_names:
            if name in low and other not in mentioned and not any(name in f for f in fact_names):
                v.append(f"names {other.id}, which is not among this answer's facts")
        for m in self._zh_noun.finditer(s):
            tail = m.group(1)
            if tail[0] in _GENERIC_BEFORE_NOUN and tail[1] in self._allowed_text:
                continue  # 这款茶, 高档茶, 一壶茶: a generic reference to what the facts hold
            if tail not in self._allowed_text:
                v.append(f"unknown product word {m.group(0)!r}")
        for m in self._en_noun.finditer(s):
            unknown = [
                w for w in re.findall(r"[a-z]{4,}", m.group(1).lower()) if w.rstrip("s") not in self._allowed_lower
            ]
            if unknown:
                v.append(f"unknown product {m.group(1)!r}")
        uniq = {p.id: p for p in mentioned}
        if len(uniq) == 1:
            p = next(iter(uniq.values()))
            if _GIFTBOX.search(s) and not p.gift_box and not _NEG.search(s):
                v.append(f"{p.id} has no gift box")
            if _INSTOCK.search(s) and not p.in_stock and not _NEG.search(s):
                v.append(f"{p.id} is out of stock")
        return GuardResult(not v, tuple(dict.fromkeys(v)))
