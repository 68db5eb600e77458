"""Repair homophones in Mandarin transcripts against the shop's own vocabulary.

Whisper base often writes a word that sounds like the right one (零食 → 灵事, 明前龙井 → 明钱龙仅, 礼盒 → 里合).
Any span whose toneless pinyin — with the nasal and retroflex pairs merged that speakers and Whisper often
blur (in/ing, en/eng, an/ang, z/zh, c/ch, s/sh) — equals a shop word of two or more characters is replaced by
that word. Only the shop's vocabulary is used, so the repair can't invent anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["Repairer", "shop_vocabulary"]


def _norm(syllable: str) -> str:
    s = re.sub(r"^(zh|ch|sh)", lambda m: m.group(0)[0], syllable)
    return re.sub(r"(in|en|an)g$", r"\1", s)


@lru_cache(maxsize=4096)
def _key(word: str) -> str:
    from pypinyin import lazy_pinyin

    return " ".join(_norm(p) for p in lazy_pinyin(word))


class Repairer:
    """Replaces sound-alike spans with shop words (longest first)."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        words = {w for w in vocabulary if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w)}
        self._by_len: dict[int, dict[str, str]] = {}
        for w in words:
            self._by_len.setdefault(len(w), {}).setdefault(_key(w), w)
        self._lengths = sorted(self._by_len, reverse=True)

    def repair(self, text: str) -> str:
        out = []
        for run in re.split(r"([\u4e00-\u9fff]+)", text):
            out.append(self._repair_run(run) if re.fullmatch(r"[\u4e00-\u9fff]+", run) else run)
        return "".join(out)

    def _repair_run(self, run: str) -> str:
        i, res = 0, []
        while i < len(run):
            for n in self._lengths:
                span = run[i : i + n]
                if len(span) == n and (word := self._by_len[n].get(_key(span))):
                    res.append(word)
                    i += n
                    break
            else:
                res.append(run[i])
                i += 1
        return "".join(res)


def shop_vocabulary(aliases: Iterable[str], patterns: Iterable[str], extra: Iterable[str] = ()) -> set[str]:
    """Chinese words from product aliases and from the need parser's keyword patterns."""
    words = set(aliases) | set(extra)
    for pat in patterns:
        words |= {alt for alt in pat.split("|") if re.fullmatch(r"[\u4e00-\u9fff]{2,}", alt)}
    return words
