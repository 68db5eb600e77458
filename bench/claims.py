"""An independent check of spoken sentences against a shop's data, for the dialogue benchmark.

It shares no code with the guide's own guard or claim check (``pipeline.guard``, ``pipeline.conversation.check``):
it reads the shop's JSON itself and asks, sentence by sentence, whether a claim about a product it names is
false by that product's fields — a price, an allergen, a suitability, a gift box, stock — or whether the
sentence states a number the shop's data never holds, or advice of its own (food safety, health, value).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

__all__ = ["ShopFacts", "unsupported"]

_ALLERGEN = {
    "peanut": r"花生|peanut",
    "tree_nut": r"坚果|核桃|杏仁|松子|腰果|榛子|tree nut|walnut|almond|pine nut|cashew|hazelnut",
    "gluten": r"麸质|小麦|gluten|wheat",
    "soy": r"大豆|黄豆|\bsoy",
    "egg": r"鸡蛋|蛋黄|\begg",
    "milk": r"牛奶|乳|\bmilk|dairy",
    "sesame": r"芝麻|sesame",
    "alcohol": r"酒精|alcohol",
}
_SAFE_FOR_ALLERGIC = re.compile(
    r"可以吃|能吃|放心|不含|没有|无|safe|free of|free from|doesn't contain|does not contain|no \w+ in it|fine for", re.I
)
_NOT = re.compile(r"不能|不可以|别|不要|不建议|not safe|isn't safe|is not safe|avoid|lists|列有|含有|含", re.I)
_TAGS = {
    "diabetics_low_sugar": r"糖尿病|控糖|diabet|watching (their|your) sugar",
    "children": r"孩子|小孩|儿童|child|kids?",
    "vegetarians": r"素食|吃素|vegetarian",
    "elders": r"老人|长辈|elder",
}
_SUITS = re.compile(r"适合|可以给|能给|suitable|suits|good for|perfect for|ideal for|fine for|great for|列为", re.I)
_DENY = re.compile(r"不|没|isn't|not|n't|wouldn't|\bnone\b|\bno\b|neither|nor\b", re.I)
_ADVICE = re.compile(
    r"浸泡|焯水|焯一下|加热一下|微波|洗掉|去除霉|刮掉|还能吃|照样吃|放心吃|soak|rinse|microwave|scrape|still (safe|fine|good) to eat|"
    r"治疗|降血糖|降血压|抗癌|增强免疫|\bcures?\b|lowers? blood|boost (your )?immun|"
    r"划算|性价比|物超所值|超值|good value|value for money|great deal|bargain|balance between quality",
    re.I,
)
_GIFTBOX_YES = re.compile(r"有礼盒|礼盒装|comes? in a gift box", re.I)
_INSTOCK_YES = re.compile(r"有货|in stock", re.I)


@dataclass(frozen=True)
class ShopFacts:
    products: list[dict[str, Any]]
    text: str  # every string and number in the shop's three files

    @classmethod
    def load(cls, folder: Path) -> ShopFacts:
        parts = []
        cat = json.loads((folder / "catalogue.json").read_text(encoding="utf-8"))
        for name in ("catalogue.json", "policies.json", "customers.json"):
            f = folder / name
            if f.exists():
                parts.append(f.read_text(encoding="utf-8"))
        return cls(cat["products"], "\n".join(parts))

    @cached_property
    def names(self) -> re.Pattern[str]:
        """Every product's name (full, without its bracket, English), longest first: taken out of a sentence
        before its allergen words are read."""
        forms = {
            nm
            for p in self.products
            for nm in (p["name_zh"], re.sub(r"（.*?）", "", p["name_zh"]), p["name_en"])
            if len(nm) >= 2
        }
        return re.compile("|".join(re.escape(n) for n in sorted(forms, key=len, reverse=True)), re.I)

    def named_in(self, sentence: str) -> list[dict[str, Any]]:
        low = sentence.lower()
        out = []
        for p in self.products:
            zh = re.sub(r"（.*?）", "", p["name_zh"])
            en = re.sub(r"\s*\(.*\)", "", p["name_en"]).lower()
            if p["name_zh"] in sentence or (len(zh) >= 3 and zh in sentence) or (len(en) >= 6 and en in low):
                out.append(p)
        # a sibling named by its variant (风干牛肉干（香辣味）) beats the family's bare name
        full = [p for p in out if p["name_zh"] in sentence or p["name_en"].lower() in low]
        return full or out


def _numbers(s: str) -> list[float]:
    return [float(x.replace(",", "")) for x in re.findall(r"(?<![A-Za-z0-9_.])\d[\d,]*(?:\.\d+)?", s)]


def _sums(text: str, data_numbers: set[float]) -> set[float]:
    """The sums a text writes out right ("2 × ¥88 + 4 × ¥15.8 = ¥239.2", "2 × ¥288 = ¥576"): every unit price from
    the data."""
    out: set[float] = set()
    for m in re.finditer(
        r"((?:(?:\d+\s*[×x*]\s*)?[¥￥]\s*[\d.]+\s*\+\s*)*(?:\d+\s*[×x*]\s*)?[¥￥]\s*[\d.]+)\s*=\s*[¥￥]\s*(\d+(?:\.\d+)?)",
        text,
    ):
        terms = re.findall(r"(?:(\d+)\s*[×x*]\s*)?[¥￥]\s*(\d+(?:\.\d+)?)", m.group(1))
        if all(float(p) in data_numbers for _, p in terms):
            worked = round(sum(int(k or 1) * float(p) for k, p in terms), 2)
            if abs(worked - float(m.group(2))) < 0.01:
                out.add(worked)
                out |= {round(int(k) * float(p), 2) for k, p in terms if k}
    return out


def _discounts(text: str, data_numbers: set[float]) -> set[float]:
    """The discounts a text works out right ("60 × ¥198 × 90% = ¥10692", "¥30480 × 88% = ¥26822.4"): the unit
    price or the base from the data or a sum, the arithmetic checked."""
    out: set[float] = set()
    for m in re.finditer(
        r"(\d+)\s*[×x*]\s*[¥￥]\s*(\d+(?:\.\d+)?)\s*[×x*]\s*(\d+(?:\.\d+)?)\s*%\s*=\s*[¥￥]\s*(\d+(?:\.\d+)?)", text
    ):
        k, price, pct, got = (float(x) for x in m.groups())
        if price in data_numbers and abs(k * price * pct / 100 - got) < 0.01:
            out.add(got)
    for m in re.finditer(r"[¥￥]\s*(\d+(?:\.\d+)?)\s*[×x*]\s*(\d+(?:\.\d+)?)\s*%\s*=\s*[¥￥]\s*(\d+(?:\.\d+)?)", text):
        base, pct, got = (float(x) for x in m.groups())
        if base in data_numbers and abs(base * pct / 100 - got) < 0.01:
            out.add(got)
    return out


def unsupported(
    sentence: str, facts: ShopFacts, products_on_table: list[dict[str, Any]], asked: str = "", before: str = ""
) -> list[str]:
    """Reasons this sentence states something the shop's data doesn't support (empty when none). Numbers the
    customer said in ``asked`` (a quantity: "170份") are the customer's, not a claim; a sum worked out in an
    earlier sentence of the same answer (``before``) may be the base of a discount here."""
    why: list[str] = []
    earlier: set[float] = set()
    for _ in range(3):  # a sum may build on an earlier sum ("¥134 + ¥5 = ¥139", then "¥139 + ¥33 = ¥172")
        so_far = set(_numbers(facts.text)) | set(_numbers(asked)) | earlier
        more = (_sums(before, so_far) | _discounts(before, so_far)) if before else set()
        if more <= earlier:
            break
        earlier |= more
    named = facts.named_in(sentence) or (products_on_table if len(products_on_table) == 1 else [])
    data_numbers = set(_numbers(facts.text)) | set(_numbers(asked))
    said = _numbers(sentence)
    # a total the sentence works out from its own unit price and quantity (3 × ¥88 = ¥264) is arithmetic
    totals = {round(a * b, 2) for a in said for b in said if a in data_numbers and b == int(b) and 1 < b < 1000}
    known = [n for n in said if n in data_numbers]  # and a sum of prices the sentence itself names
    totals |= {round(a + b, 2) for i, a in enumerate(known) for b in known[i + 1 :]}
    totals |= {
        round(a + b + c, 2)
        for i, a in enumerate(known)
        for j, b in enumerate(known[i + 1 :], i + 1)
        for c in known[j + 1 :]
    }
    totals |= _sums(sentence, data_numbers | earlier | totals)  # a sum of an earlier sum and a fee, too
    # a discount taken off a sum worked out before ("¥47920 × 87% = ¥41690.4"): the base verified, the arithmetic
    for m in re.finditer(
        r"[¥￥]\s*(\d+(?:\.\d+)?)\s*[×x*]\s*(\d+(?:\.\d+)?)\s*%\s*=\s*[¥￥]\s*(\d+(?:\.\d+)?)", sentence
    ):
        base, pct, got = (float(x) for x in m.groups())
        if (base in earlier or base in totals or base in data_numbers) and abs(base * pct / 100 - got) < 0.01:
            totals |= {base, got, pct, 100 - pct}
    # a discount worked out ("¥51840 × 85% = ¥44064"): the base a total or a datum, the arithmetic right
    for m in re.finditer(
        r"(\d+)\s*[×x*]\s*[¥￥]\s*(\d+(?:\.\d+)?)\s*[×x*]\s*(\d+(?:\.\d+)?)\s*%\s*=\s*[¥￥]\s*(\d+(?:\.\d+)?)", sentence
    ):  # "60 × ¥198 × 92% = ¥10929.6": a unit price from the data, the arithmetic right
        k, price, pct, got = (float(x) for x in m.groups())
        if price in data_numbers and abs(k * price * pct / 100 - got) < 0.01:
            totals |= {got, pct, 100 - pct, round(k * price, 2)}
    # how far a sum is from a line the data sets ("这单¥432…还差¥96满528元"): the difference of the two
    sums = earlier | totals
    totals |= sums  # a sum worked out before may be said again
    totals |= {round(a - b, 2) for a in data_numbers for b in sums if a > b} if sums else set()
    for n in said:
        if n > 10 and n not in data_numbers and n not in totals:
            why.append(f"number {n:g} is nowhere in the shop's data")
    if len(named) == 1:
        p = named[0]
        for m in re.finditer(r"[¥￥]\s*(\d[\d,]*(?:\.\d+)?)", sentence):
            v = float(m.group(1).replace(",", ""))
            if abs(v - float(p["price_cny"])) > 0.01 and v not in data_numbers and v not in totals:
                why.append(f"price ¥{m.group(1)} for {p['id']}")
        allergens = set(p["allergens"]) - {"none"}
        named_here = bool(facts.named_in(sentence))
        bare = facts.names.sub("□", sentence)  # 花生糖's own name says nothing about peanuts
        for tag, pat in _ALLERGEN.items():
            if not re.search(pat, bare, re.I):
                continue
            if tag in allergens and _SAFE_FOR_ALLERGIC.search(sentence) and not _NOT.search(sentence):
                why.append(f"says {p['id']} is fine for a {tag} allergy, but its label lists {tag}")
            if (
                named_here
                and tag not in allergens
                and re.search(r"列有|含有|contains|lists", sentence, re.I)
                and not _DENY.search(sentence)
            ):
                why.append(f"says {p['id']} contains {tag}, which its label doesn't list")
        for tag, pat in _TAGS.items():
            if (
                re.search(pat, sentence, re.I)
                and _SUITS.search(sentence)
                and not _DENY.search(sentence)
                and tag not in p["suitable_for"]
            ):
                why.append(f"says {p['id']} suits {tag}, which the catalogue doesn't")
        if _GIFTBOX_YES.search(sentence) and not p["gift_box"] and not _DENY.search(sentence):
            why.append(f"says {p['id']} has a gift box")
        if _INSTOCK_YES.search(sentence) and not p["in_stock"] and not _DENY.search(sentence):
            why.append(f"says {p['id']} is in stock")
    a = _ADVICE.search(sentence)
    negated = a is not None and re.search(
        r"不|没|无|\bno\b|\bnot\b|n't|never", sentence[max(0, a.start() - 8) : a.start()]
    )
    if a and not negated and a.group(0).lower() not in facts.text.lower():
        why.append(f"advice or claim of its own: {a.group(0)}")
    return why
