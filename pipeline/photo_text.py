"""Comparing text read off a photo with the text a product's pack carries (brand, name, flavour, size).

Strings are compared after normalising width, case, spaces and punctuation, so "NET WT 250 g" and "NETWT250g"
agree. For large catalogues, an index of character pairs shortlists products before the exact comparison.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher

from pipeline.catalogue import Product

__all__ = ["ProductTexts", "agreement", "name_strings", "normalise", "similarity"]

_DROP = re.compile(r"[\W_]+", re.UNICODE)
_NUMBER = re.compile(r"[0-9]+|[零一二两三四五六七八九十百千]+")


def normalise(text: str) -> str:
    """NFKC, lower case, no spaces or punctuation."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text).lower())


def similarity(a: str, b: str, floor: float = 0.0) -> float:
    """0-1 character agreement of two normalised strings; 0 when it is under ``floor`` (then the matcher's cheap
    upper bounds rule most pairs out before the exact ratio)."""
    if not a or not b:
        return 0.0
    m = SequenceMatcher(None, a, b, autojunk=False)
    if floor and (m.real_quick_ratio() < floor or m.quick_ratio() < floor):
        return 0.0
    r = m.ratio()
    return r if r >= floor else 0.0


def agreement(read: str, expected: str) -> float:
    """0-1: does a line read off a photo say what this product's pack says there? Both normalised.

    Sizes, ages and grades differ by a number only (100 g vs 250 g, 五年陈 vs 十年陈), so a line whose numbers
    are none of the expected ones counts heavily against; one with a misread digit next to a right number (25C克
    NET WT 250 g) a little; and loose overlaps (五香味 vs 香辣味) count for nothing.
    """
    if not read or not expected:
        return 0.0
    s = 1.0 if len(expected) >= 3 and expected in read else similarity(read, expected)
    got, want = _NUMBER.findall(read), set(_NUMBER.findall(expected))
    if got and want:
        hits = sum(g in want for g in got)
        s *= 0.4 if hits == 0 else 1.0 if hits == len(got) else 0.85
    return min(1.0, max(0.0, (s - 0.6) / 0.35))


def _pairs(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)} if len(s) > 1 else {s}


def pack_strings(product: Product) -> list[str]:
    """What a product's pack says, from the catalogue (``pack_text``) or, failing that, its names and brand."""
    out: list[str] = []
    for side in (product.pack_text or {}).values():
        if isinstance(side, dict):
            out += [str(v) for v in side.values() if v]
    if not out:
        out = [product.brand_zh, product.name_zh, product.brand_en, product.name_en]
    return [n for n in dict.fromkeys(normalise(s) for s in out) if len(n) >= 2]


def name_strings(product: Product) -> list[str]:
    """What names *this* product on its pack: its name and variant (not the brand or the origin)."""
    out: list[str] = []
    for side in (product.pack_text or {}).values():
        if isinstance(side, dict):
            out += [str(side[k]) for k in ("name", "variant") if side.get(k)]
    out += [product.name_zh, product.name_en]
    return [n for n in dict.fromkeys(normalise(s) for s in out) if len(n) >= 2]


class ProductTexts:
    """Each product's pack strings (catalogue ``pack_text`` plus what OCR read on its indexed photos)."""

    def __init__(self, strings: dict[str, list[str]]) -> None:
        self.strings = strings
        self._index: dict[str, set[str]] = defaultdict(set)
        for pid, ss in strings.items():
            for s in ss:
                for pair in _pairs(s):
                    self._index[pair].add(pid)

    @classmethod
    def build(cls, products: Iterable[Product], photo_lines: dict[str, list[str]]) -> ProductTexts:
        strings = {}
        for p in products:
            ss = pack_strings(p) + [normalise(t) for t in photo_lines.get(p.id, [])]
            strings[p.id] = [s for s in dict.fromkeys(ss) if len(s) >= 2]
        return cls(strings)

    def shortlist(self, lines: Sequence[str], k: int = 12) -> list[str]:
        """Products sharing the most character pairs with the lines read."""
        votes: dict[str, int] = defaultdict(int)
        for line in lines:
            for pair in _pairs(normalise(line)):
                for pid in self._index.get(pair, ()):
                    votes[pid] += 1
        return [pid for pid, _ in sorted(votes.items(), key=lambda kv: -kv[1])[:k]]

    def coverage(self, product_id: str, lines: Sequence[str]) -> float:
        """Share of the product's pack strings found (fuzzily) among the lines read, 0-1, weighted by length."""
        read = [normalise(t) for t in lines]
        read = [r for r in read if r]
        strings = self.strings.get(product_id, [])
        if not read or not strings:
            return 0.0
        total = found = 0.0
        for s in strings:
            w = min(len(s), 8)
            total += w
            found += w * max(_contained(s, r) or similarity(s, r, floor=0.6) for r in read)
        return found / total


def _contained(s: str, r: str) -> float:
    """``s`` printed inside a longer line read as one (OCR often joins the Chinese and English of a label)."""
    if len(s) >= 3 and len(r) > len(s) and s in r:
        return 1.0
    return 0.0
