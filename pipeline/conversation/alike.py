"""Which of the shop's products are most like one: what a clerk offers when the one asked for is sold out — the
jizong in chilli oil for the ganba in oil, not whatever else shares its category ("fresh bamboo shoots").

Likeness is the cosine of TF-IDF weighted character pairs of the name, ingredients and description (Chinese) and
words (English), with a small lift for the same category and the same storage: nothing of any one shop is known.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from pipeline.catalogue import Product, Shop

__all__ = ["alike"]

_CJK = re.compile(r"[\u4e00-\u9fff]+")
_EN_WORD = re.compile(r"[a-z]{3,}")
_EN_STOP = frozenset("the and with for from our your this that are its it's into keep keeps".split())


def _terms(p: Product) -> Counter[str]:
    """A product's terms, the name's counted three times, the ingredients' twice, the description's once."""
    out: Counter[str] = Counter()
    for text, weight in ((p.name_zh, 3), (p.ingredients_zh, 2), (p.description_zh, 1)):
        for run in _CJK.findall(text):
            out.update({run[i : i + 2]: weight for i in range(len(run) - 1)} if len(run) > 1 else {run: weight})
    for text, weight in ((p.name_en, 3), (p.ingredients_en, 2)):
        for wd in _EN_WORD.findall(text.lower()):
            if wd not in _EN_STOP:
                out["en:" + wd.rstrip("s")] += weight
    return out


_BUILT: dict[int, tuple[Shop, dict[str, dict[str, float]]]] = {}  # per shop loaded (a shop is not hashable)


def _vectors(shop: Shop) -> dict[str, dict[str, float]]:
    got = _BUILT.get(id(shop))
    if got is not None and got[0] is shop:
        return got[1]
    if len(_BUILT) > 16:
        _BUILT.clear()
    terms = {p.id: _terms(p) for p in shop.products}
    df: Counter[str] = Counter(t for c in terms.values() for t in c)
    n = len(terms)
    out: dict[str, dict[str, float]] = {}
    for pid, c in terms.items():
        vec = {t: (1 + math.log(k)) * math.log(1 + n / df[t]) for t, k in c.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        out[pid] = {t: v / norm for t, v in vec.items()}
    _BUILT[id(shop)] = (shop, out)
    return out


def likeness(shop: Shop, a: Product, b: Product) -> float:
    va, vb = _vectors(shop)[a.id], _vectors(shop)[b.id]
    cos = sum(v * vb.get(t, 0.0) for t, v in va.items())
    return cos + 0.15 * (a.category == b.category) + 0.05 * (a.cold_chain == b.cold_chain)


# below this a product is not offered in place of another: fresh pears are not sticky rice buns
_LEAST = 0.2


def alike(shop: Shop, p: Product) -> list[Product]:
    """The shop's other products like enough to offer in place of ``p``, most like it first."""
    scored = sorted(((likeness(shop, p, o), o) for o in shop.products if o.id != p.id), key=lambda x: -x[0])
    return [o for score, o in scored if score >= _LEAST]
