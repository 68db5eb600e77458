"""Every clause of the shop's policies, indexed once, so a question finds the clause that answers it.

A shop writes its rules as it likes: the lead time for an order may sit inside the corporate-order policy, the
card price inside gift wrapping, the weekday rule for chilled parcels inside dispatch. A question is cut into its
asks ("最晚要提前多久下单？发票还是开专票" is two), and each ask gets the clause that answers it best, from any
policy: BM25 over the clauses' words (Chinese character pairs, English word stems), the topic words the ask and
the clause share (``lexicon.TOPICS``), the policy a topic is assigned to, and — when the guide has a text
embedder — how close the ask and the clause are in meaning ("can I still fix the address?" is the clause about
changing an address before dispatch, not the invoice clause that shares the word "address").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import snowballstemmer

from pipeline.catalogue import Policy
from pipeline.conversation import words as w
from pipeline.conversation.lexicon import FESTIVAL, HOW_LONG_ASK, SYNONYMS, TOPICS, countries_named, country_in

__all__ = ["Ask", "Clause", "ClauseIndex", "asks", "tokens"]

# how much the meaning counts against the words: per standard deviation of the ask's similarity to all clauses
DENSE_WEIGHT = 2.0

_ZH_STOP = frozenset(
    "什么 怎么 可以 我们 你们 一下 这个 那个 还是 多少 是不 不是 有没 没有 的话 吗？ 一般 需要 如果 或者 以及 以上 "
    "就是 还有 能不 不能 要不 我想 想问 请问 一个 一些 东西".split()
)
_EN_STOP = frozenset(
    "what with have your this that will they them there about would could does the and for you can are how "
    "much long any also just then when which who our from into than some more most need want like get got "
    "please is it do i me my we us an a of to in on at be or".split()
)
_STEM = snowballstemmer.stemmer("english")
# a festival's own days ("春节除夕营业到16:00", "Spring Festival: open until 16:00"): said when a festival is asked about
_FESTIVAL = FESTIVAL
# how long something takes, asked; and a clause that says it ("7个工作日内", "within 3 working days", "36小时")
_HOW_LONG = HOW_LONG_ASK
_DURATION = re.compile(
    r"\d+\s*(?:个)?(?:工作日|自然日|天|小时|周|个月)|\d+\s*(?:working |business )?(?:days?|hours?|weeks?|months?)\b",
    re.I,
)
_YES_NO = r"能.{0,12}吗|可以.{0,12}吗|能不能|可不可以|行不行|行吗|^(can|could|may|is|are|will|do|does)\b|\b(can|could) (i|you|we|it|they)\b"
_NEGATIVE = r"不能|不可以|不寄|不发|不接受|不提供|不支持|无法|一律不|can'?t|cannot|do not|don'?t|never|not (be )?(accepted|allowed|possible)"
_SPLIT = re.compile(r"[？?！!。；;]+|[，,](?=\s*(?:and |also |plus |还有|另外|再|顺便|那|)\S)")


def tokens(text: str) -> list[str]:
    """A text's words for matching: Chinese character pairs and light English stems (synonyms added)."""
    low = text.lower()
    for word, more in SYNONYMS.items():
        if word in low:
            low += " " + more
    out = []
    for run in re.findall(r"[\u4e00-\u9fff]+", low):
        out += [run[i : i + 2] for i in range(len(run) - 1) if run[i] != run[i + 1]]
    out = [t for t in out if t not in _ZH_STOP]
    for word in re.findall(r"[a-z][a-z'-]+|\d+(?::\d+)?", low):
        if word in _EN_STOP or (len(word) < 3 and not word[0].isdigit()):
            continue
        out.append(word)
    return [_STEM.stemWord(t) if t.isascii() and t[0].isalpha() else t for t in out]


def asks(question: str) -> list[str]:
    """A question cut into its asks: sentences, and comma-parts that carry a topic of their own."""
    parts = [p.strip() for p in _SPLIT.split(question) if p and p.strip()]
    out: list[str] = []
    loose = ""  # a part without a topic of its own belongs to the ask before it (or, first, the one after)
    for p in parts:
        own = any(re.search(pat, p, re.I) for pat in TOPICS.values())
        if own:
            out.append((loose + "，" + p) if loose else p)
            loose = ""
        elif out:
            out[-1] = out[-1] + "，" + p
        else:
            loose = (loose + "，" + p) if loose else p
    if loose:
        out.append(loose)
    return out or [question]


def _joined(parts: list[str]) -> list[str]:
    """Clauses, with a bare "可以。" / "Yes." joined to the clause it introduces."""
    out: list[str] = []
    carry = ""
    for c in parts:
        if len(re.sub(r"[^\w]", "", c)) <= 3:
            carry += c + ("" if re.search(r"[\u4e00-\u9fff]", c) else " ")
            continue
        out.append(carry + c)
        carry = ""
    if carry:
        out.append(carry.strip())
    return out


@dataclass(frozen=True)
class Ask:
    """One ask of a question: its words, language, topics, and the places and products it is about."""

    text: str
    lang: str
    topics: tuple[str, ...]
    places: tuple[str, ...] = ()
    names: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class Clause:
    policy: Policy
    lang: str
    text: str
    order: int  # its place in the policy's answer
    topics: frozenset[str]  # the topics its words name, and those of the policy it is in
    said: frozenset[str]  # the topics its own words name
    grams: Counter[str]
    head: frozenset[str]  # the words of its policy's own question


class ClauseIndex:
    """The shop's policy clauses in both languages, with BM25 statistics per language."""

    def __init__(self, policies: tuple[Policy, ...], assigned: dict[str, Policy]) -> None:
        self.clauses: dict[str, list[Clause]] = {"zh": [], "en": []}
        for lang in ("zh", "en"):
            for pol in policies:
                head = tokens(pol.question_zh if lang == "zh" else pol.question_en)
                own = {t for t, p in assigned.items() if p is pol}
                for i, text in enumerate(_joined(w.clauses(pol.answer(lang)))):
                    said = frozenset(t for t, pat in TOPICS.items() if re.search(pat, text, re.I))
                    grams = Counter(tokens(text))
                    self.clauses[lang].append(Clause(pol, lang, text, i, said | own, said, grams, frozenset(head)))
        self._df: dict[str, Counter[str]] = {}
        self._avg: dict[str, float] = {}
        self._dense: dict[str, np.ndarray] = {}  # each clause's vector, per language, once embedded
        self._query: Callable[[str], np.ndarray] | None = None
        for lang, cs in self.clauses.items():
            df: Counter[str] = Counter()
            for c in cs:
                df.update(set(c.grams))
            self._df[lang] = df
            self._avg[lang] = sum(sum(c.grams.values()) for c in cs) / max(1, len(cs))

    def embed(
        self,
        passages: Callable[[list[tuple[str, str]]], np.ndarray],
        query: Callable[[str], np.ndarray],
    ) -> None:
        """Embed every clause once (``passages`` takes (owner, text) pairs, so a store can cache them) and keep
        ``query`` to embed an ask: the meaning then counts in every ask's scores."""
        for lang, cs in self.clauses.items():
            items = [(f"clause:{lang}:{c.policy.id}:{c.order}", c.text) for c in cs]
            self._dense[lang] = passages(items) if items else np.zeros((0, 1), dtype=np.float32)
        self._query = lru_cache(maxsize=64)(query)

    def _meaning(self, ask: Ask) -> np.ndarray | None:
        """Each clause's similarity to the ask in meaning, in standard deviations from the mean (none without
        an embedder)."""
        vecs = self._dense.get(ask.lang)
        if self._query is None or vecs is None or len(vecs) < 2:
            return None
        sims = vecs @ self._query(ask.text)
        return np.clip((sims - sims.mean()) / (sims.std() + 1e-6), -2.0, 3.0)

    def _bm25(self, c: Clause, q: list[str]) -> float:
        n = len(self.clauses[c.lang])
        df = self._df[c.lang]
        size = sum(c.grams.values())
        score = 0.0
        for g in set(q):
            f = c.grams.get(g, 0)
            if not f:
                continue
            idf = math.log(1 + (n - df[g] + 0.5) / (df[g] + 0.5))
            score += idf * f * 2.2 / (f + 1.2 * (0.7 + 0.3 * size / max(1.0, self._avg[c.lang])))
        return score

    def scored(self, ask: Ask, assigned: dict[str, Policy]) -> list[tuple[float, Clause]]:
        """Every clause scored for one ask, best first (a clause naming a place or product asked about gains)."""
        bare = ask.text
        for pat in ask.names:  # the products' own names match their clauses by the bonus below, not word by word
            bare = pat.sub(" ", bare)
        q = tokens(bare)
        yes_no = bool(re.search(_YES_NO, ask.text, re.I))
        topics, places, names = ask.topics, ask.places, ask.names
        meaning = self._meaning(ask)
        country = country_in(ask.text)  # a parcel to Sydney: Australia's line, never the USA's
        festive = bool(_FESTIVAL.search(ask.text))
        how_long = bool(_HOW_LONG.search(ask.text))
        out = []
        for i, c in enumerate(self.clauses[ask.lang]):
            score = self._bm25(c, q) + 0.7 * len(set(q) & c.head)  # the policy's question names its clauses
            if meaning is not None:
                score += DENSE_WEIGHT * float(meaning[i])
            shared = [t for t in topics if t in c.topics]
            score += sum(2.5 if t in c.said else 1.0 for t in shared)
            if topics and c.topics and not shared:
                score -= 2.0  # a clause about something else (the overseas rule, for a gift-box question)
            if any(assigned.get(t) is c.policy for t in topics):
                score += 2.5 + (2.0 if c.order == 0 else 0.0)  # a rule's opening is its main clause
            if places and any(pl.lower() in c.text.lower() for pl in places):
                score += 2.0
            if country is not None and (abroad := countries_named(c.text)):
                score += 2.0 if country in abroad else -6.0
            if _FESTIVAL.match(c.text.strip()) and not festive:
                score -= 2.5  # the Spring Festival hours, for "what time do you close?": the everyday rule first
            if how_long and _DURATION.search(c.text) and any(assigned.get(t) is c.policy for t in topics):
                score += 6.0  # "专票几天能开好？": the clause that says how many days, not that it can be had
            if festive and _FESTIVAL.search(c.text):
                score += 2.5  # "过年前最晚哪天能发？": the festival's own dates, not the everyday days
            if any(pat.search(c.text) for pat in names):
                score += 2.0
                if yes_no and re.search(_NEGATIVE, c.text, re.I):
                    score += 1.0  # "can the milk skin go in a gift box?" — the clause that says it can't
            out.append((score, c))
        out.sort(key=lambda x: (-x[0], x[1].order))
        return out

    def best(self, ask: Ask, assigned: dict[str, Policy], floor: float = 3.0) -> list[Clause]:
        """The clause that answers an ask, or nothing when no clause scores above the floor.

        Also said: the next clause of the same policy when it scores nearly as well, and for a topic of the
        ask the best clause left none of, the best clause that has it (when it scores half as well).
        """
        ranked = self.scored(ask, assigned)
        lang, topics, places = ask.lang, ask.topics, ask.places
        if not ranked or ranked[0][0] < floor:
            return []
        top, first = ranked[0]
        whole = [c for c in self.clauses[lang] if c.policy is first.policy]
        asked = set(tokens(ask.text))
        head = set(tokens(first.policy.question(lang)))
        if not places and len(whole) <= 4 and asked and len(asked & head) >= 0.6 * len(asked):
            return whole  # the policy's own question, asked: its whole answer
        got = [first]
        for score, c in ranked[1:3]:  # the same rule's next-best clause, when it scores nearly as well
            if c.policy is first.policy and score >= 0.7 * top:
                got.append(c)
                break
        got.sort(key=lambda c: c.order)
        for t in topics:
            if any(t in c.topics for c in got):
                continue
            more = next(((sc, c) for sc, c in ranked if t in c.topics), None)
            if more is not None and more[0] >= max(floor, 0.5 * top) and more[1] not in got:
                got.append(more[1])
        return got
