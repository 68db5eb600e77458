"""Cut speakable sentences out of a stream of LLM text pieces.

Sentences end at Chinese or English sentence punctuation or a newline. A full stop between digits (39.9)
or after a common abbreviation is not an end. To get the first audio out sooner, the first piece may end at
a comma once it is long enough; later ones wait for a full sentence (fewer, more natural TTS calls).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

__all__ = ["SentenceChunker", "clean_sentence", "similar", "split_sentences", "stream_sentences"]

_HARD = set("。！？!?\n…")
_SOFT = set("，,、：:；;")
_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|etc|Mr|Mrs|Ms|Dr|No|approx|vs|St)|\d)\.$", re.I)


class SentenceChunker:
    """Feed text pieces with :meth:`feed`; complete sentences come out; :meth:`flush` returns the rest."""

    def __init__(self, first_min_chars: int = 10, max_chars: int = 120, soft_first: bool = True) -> None:
        self._buf = ""
        self._emitted = 0 if soft_first else 1  # no early cut at a comma: only whole sentences
        self._first_min = first_min_chars
        self._max = max_chars

    def feed(self, piece: str) -> list[str]:
        self._buf += piece
        out: list[str] = []
        while True:
            cut = self._find_cut()
            if cut is None:
                break
            sentence, self._buf = self._buf[:cut].strip(), self._buf[cut:]
            if sentence and re.search(r"\w", sentence):
                out.append(sentence)
                self._emitted += 1
        return out

    def flush(self) -> list[str]:
        rest, self._buf = self._buf.strip(), ""
        return [rest] if rest and re.search(r"\w", rest) else []

    def _find_cut(self) -> int | None:
        b = self._buf
        for i, ch in enumerate(b):
            if ch in _HARD:
                return self._extend(i)
            if ch == ".":
                if i + 1 >= len(b):
                    return None  # wait: could be a decimal point or an abbreviation
                if b[i + 1].isdigit() or _ABBREV.search(b[: i + 1]):
                    continue
                if b[i + 1] in " \n\"')”":
                    return self._extend(i)
            if ch in ",:" and i + 1 < len(b) and b[i + 1].isdigit():
                continue  # 1,000 and 16:00 are numbers, never a place to cut
            if ch in _SOFT and self._emitted == 0 and len(b[:i].strip()) >= self._first_min:
                return i + 1
            if ch in "；;" and len(b[:i].strip()) >= 40:
                return i + 1
            if i >= self._max and ch in _SOFT:
                return i + 1
        return None

    def _extend(self, i: int) -> int:
        """Include closing quotes/brackets and repeated punctuation after the end mark."""
        j = i + 1
        while j < len(self._buf) and self._buf[j] in "。！？!?…\"'”’)）」』":
            j += 1
        return j


def split_sentences(text: str) -> list[str]:
    """All sentences of a finished text (same rules as streaming, without the early first cut)."""
    c = SentenceChunker(first_min_chars=10**9)
    out = c.feed(text)
    return out + c.flush()


def stream_sentences(pieces: Iterable[str]) -> Iterator[str]:
    c = SentenceChunker()
    for p in pieces:
        yield from c.feed(p)
    yield from c.flush()


_FILLER = re.compile(
    r"(当然|好的|好|嗯|我明白了|明白了|没问题|当然可以|sure|of course|absolutely|certainly|great question|okay|ok)"
    r"[，,。.!！\s]*(我明白了|明白了|当然可以)?[，,。.!！\s]*",
    re.I,
)


def clean_sentence(text: str) -> str:
    """Strip markdown and list markers an LLM may write; "" when nothing speakable is left.

    A bare label ("价格：", "- **Features**:") is dropped: spoken on its own it means nothing.
    """
    t = re.sub(r"[*#`_>|]+", "", text)
    t = re.sub(r"^\s*(?:\d+[.)、]|[-•·])\s*", "", t).strip()
    if not re.search(r"\w", t) or re.fullmatch(r"[^，。！？!?,.]{0,12}[：:]", t):
        return ""
    if _FILLER.fullmatch(t):
        return ""
    return t


def _bigrams(text: str) -> set[str]:
    t = re.sub(r"\W+", "", text.lower())
    return {t[i : i + 2] for i in range(len(t) - 1)}


def similar(a: str, b: str) -> float:
    """Share of ``a``'s character bigrams that also occur in ``b`` (1.0: ``a`` repeats ``b``)."""
    ga = _bigrams(a)
    return len(ga & _bigrams(b)) / len(ga) if ga else 0.0
