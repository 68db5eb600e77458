"""Check what the LLM adds, claim by claim, before it is spoken.

The grounding guard (``pipeline.guard``) checks names, prices, numbers, shelf lives, gift boxes, stock,
discounts and health words against the turn's facts. On top of it, the LLM may make no allergen, suitability,
food-safety, cooking or value claim of its own: those are decided in the plan, so an LLM sentence that makes
one fails unless the product's own data says it. Sentences that only repeat what was said, or are fragments,
are dropped without failing the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pipeline.catalogue import Product
from pipeline.chunker import similar
from pipeline.conversation.lexicon import ALLERGEN_WORDS, TAG_WORDS
from pipeline.facts import Facts
from pipeline.guard import Guard
from pipeline.textnum import cjk_ratio

__all__ = ["ClaimCheck", "Verdict"]

_ALLERGY = re.compile(r"过敏|allerg|" + "|".join(ALLERGEN_WORDS.values()), re.I)
_ADVICE = re.compile(
    r"浸泡|泡一下|焯|煮一下|蒸一下|加热|微波|清洗|洗一下|洗掉|去除|去掉霉|刮掉|晒一下|还能吃|照样吃|没关系|不影响|放心吃|"
    r"\bsoak|\brinse|\bwash|\bboil|microwave|\breheat|scrape|cut off|still (safe|fine|ok)|safe to eat|won'?t hurt|"
    r"don'?t worry",
    re.I,
)
_VALUE = re.compile(
    r"划算|性价比|实惠|超值|物美价廉|物超所值|便宜又|值得买|很值|good value|value for money|affordab|bargain|"
    r"worth (it|the|every)|balance between|great deal|best price|reasonabl[ey] priced|better value|more value|"
    r"for your money|more for less|cheaper per|更划算|更实惠|更值",
    re.I,
)
_SUITS = re.compile(
    r"适合|可以给|能给|suitable|perfect for|ideal for|great for|good for|safe for|fit for|choice for|pick for|option for|"
    + TAG_WORDS["diabetics_low_sugar"],
    re.I,
)
_FILLER = re.compile(
    r"^(当然|好的|我明白了?|明白|没问题|certainly|of course|sure|absolutely|great)[，,！!。.]\s*", re.I
)
_FRAGMENT = re.compile(r"^[)）\]】,，、.;；:：¥￥\d的和与及]|^[a-z]")
_PROMPT_ECHO = re.compile(r"[|｜]|适合：|suits:|【|PRODUCTS|CUSTOMER")
# the body and its conditions are the plan's business, never the LLM's: blood sugar, teeth, digestion …
_BODY = re.compile(
    r"血糖|血压|血脂|胆固醇|糖尿病|牙口|牙齿|咀嚼|肠胃|消化|胃|体质|上火|补气|补血|养生|孕|"
    r"blood|sugar level|glucose|cholesterol|diabet|teeth|tooth|chew(ing)? (problems|difficult)|stomach|digest|pregnan|immune",
    re.I,
)
_SWEET_WORD = re.compile(r"(?<!不)(?<!微)甜|\bsweet(ness)?\b", re.I)
_SPICY_WORD = re.compile(r"(?<!不)辣|\bspicy\b|\bhot\b|chil+i kick|fiery", re.I)
_NEG = re.compile(r"不|没|无|非|\bno\b|\bnot\b|n't", re.I)


@dataclass(frozen=True)
class Verdict:
    action: Literal["say", "drop", "fail"]
    text: str
    why: tuple[str, ...] = ()


class ClaimCheck:
    """One turn's check: the guard over its facts, plus the claims the LLM may never make on its own."""

    def __init__(self, facts: Facts, said: list[str], lang: str = "zh") -> None:
        self.facts = facts
        self.lang = lang
        self.guard = Guard(facts)
        self.said = said  # the sentences already spoken this turn (the plan's and the LLM's)
        self._text = {p.id: p.all_text().lower() for p in facts.products}

    def _products_in(self, s: str) -> list[Product]:
        low = s.lower()
        named = [
            p
            for p in self.facts.products
            if p.name_zh in s
            or re.sub(r"[（(].*?[)）]", "", p.name_zh) in s
            or re.sub(r"\s*\(.*\)", "", p.name_en).lower() in low
        ]
        return named or list(self.facts.products)

    def _tag_claims(self, s: str) -> list[str]:
        """A claim that a product suits a person must hold for every product the sentence is about. Children,
        people watching their sugar and vegetarians are never mentioned by the LLM unless the data says so."""
        careful = {"children", "diabetics_low_sugar", "vegetarians"}
        if not _SUITS.search(s) and not any(re.search(TAG_WORDS[t], s, re.I) for t in careful):
            return []
        out = []
        prods = self._products_in(s)
        for tag, pat in TAG_WORDS.items():
            if tag not in careful and not _SUITS.search(s):
                continue
            m = re.search(pat, s, re.I)
            if not m or _NEG.search(s[max(0, m.start() - 6) : m.start()]):
                continue
            bad = [p.id for p in prods if tag not in p.suitable_for]
            if bad:
                out.append(f"says it suits {tag}, which the data doesn't say of {', '.join(bad)}")
        return out

    def _taste_claims(self, s: str) -> list[str]:
        """ "Sweet" or "spicy" said of products whose taste scales say otherwise."""
        out = []
        prods = self._products_in(s)
        neg = _NEG.search(s)
        if _SWEET_WORD.search(s) and not neg and all(p.sweetness <= 1 for p in prods):
            out.append("calls it sweet; its sweetness is ≤ 1 of 4")
        if _SPICY_WORD.search(s) and not neg and all(p.spiciness == 0 for p in prods):
            out.append("calls it spicy; its spiciness is 0")
        return out

    def check(self, raw: str) -> Verdict:
        s = _FILLER.sub("", raw.strip())
        if not s or _FRAGMENT.match(s) or len(re.sub(r"\W", "", s)) < 4:
            return Verdict("drop", s, ("fragment",))
        if (cjk_ratio(s) > 0.3) != (self.lang == "zh"):
            return Verdict("drop", s, ("not in the customer's language",))
        if any(similar(s, prev) > 0.5 for prev in self.said):
            return Verdict("drop", s, ("repeats what was said",))
        prices = re.findall(r"[¥￥]\s*\d+(?:\.\d+)?", s)
        if prices and all(any(p.replace(" ", "") in prev for prev in self.said) for p in prices):
            return Verdict("drop", s, ("restates a price already said",))
        if _PROMPT_ECHO.search(s) or s.count("、") + s.count(",") >= 5:
            return Verdict("drop", s, ("reads out a list",))
        why = list(self.guard.check(s).violations)
        b = _BODY.search(s)
        if b and not any(b.group(0).lower() in t for t in self._text.values()):
            why.append(f"a claim about the body: {b.group(0)}")
        why += self._taste_claims(s)
        if _ALLERGY.search(s):
            why.append("an allergen statement (only the plan states allergens)")
        a = _ADVICE.search(s)
        if a and not any(a.group(0).lower() in t for t in self._text.values()):
            why.append(f"advice of its own: {a.group(0)}")
        v = _VALUE.search(s)
        if v:
            why.append(f"a value claim: {v.group(0)}")
        why += self._tag_claims(s)
        if why:
            return Verdict("fail", s, tuple(why))
        return Verdict("say", s)
