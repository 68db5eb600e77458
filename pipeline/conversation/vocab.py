"""The shop's vocabulary, derived once from its own data: product names, category words, policy topics.

Nothing here knows a particular shop: category words come from the shop's category names and the names of
the products filed under them; a policy topic (shipping fees, returns …) is assigned to the shop policy whose
own question and answer use the topic's words most.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from pypinyin import lazy_pinyin

from pipeline.catalogue import Policy, Product, Shop
from pipeline.conversation.clauses import ClauseIndex
from pipeline.conversation.lexicon import (
    ALLERGEN_WORDS,
    EN_FOOD_ADJECTIVES,
    EN_FOOD_NOUNS,
    FOOD_WORDS_ALONE,
    PLACE_WORDS,
    TOPICS,
)
from pipeline.conversation.words import family as family_of

__all__ = ["ShopVocab", "build_vocab", "product_aliases", "singular"]

_EN_STOP = frozenset(
    "and the with of for in a an from goods items item other others assorted mixed seasonal products product "
    "box boxes gift gifts set pack packs one two three four five six seven eight nine ten twelve sixteen twenty "
    "hundred cups cup pieces piece sachets serves autumn spring summer winter festival year new".split()
)
_BRACKETS = re.compile(r"[（(].*?[)）]")
_COLOURS = frozenset("red green black white yellow golden gold brown blue pink purple orange".split())
_ALLERGEN_WORD = re.compile("|".join(f"(?:{p})" for p in ALLERGEN_WORDS.values()), re.I)


_IE_PLURALS = frozenset({"cookies", "brownies", "movies", "calories", "smoothies", "zombies", "hoodies"})


def singular(w: str) -> str:
    """One of a plural English noun: "boxes" → "box", "peaches" → "peach", "jars" → "jar"."""
    if (len(w) > 4 and re.search(r"(x|ch|sh|ss)es$", w)) or (len(w) > 5 and w.endswith("oes")):  # "mangoes"
        return w[:-2]
    if len(w) > 5 and w.endswith("ies") and w not in _IE_PLURALS:  # "cherries" → "cherry"
        return w[:-3] + "y"
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def _en_words(text: str) -> list[str]:
    return [singular(w) for w in re.findall(r"[a-z][a-z'-]{2,}", text.lower()) if w not in _EN_STOP]


# words made only of pinyin syllables ("zao lajiao"), not English ("pine-nut candy")
_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ong|iao|ian|ing|uai|uan|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un|ue|a|o|e|i|u|v)"
)
_PINYIN = re.compile(rf"(?:{_SYLLABLE})+(?:[ '-](?:{_SYLLABLE})+)*")
# three-letter words of a pack's size or kind, never a name ("6 pcs", "tin", "box")
_PACK_WORDS = frozenset(
    {
        "pcs",
        "pc",
        "tin",
        "box",
        "jar",
        "bag",
        "can",
        "set",
        "cup",
        "kit",
        "pot",
        "one",
        "two",
        "six",
        "new",
        "old",
        "raw",
        "dry",
        "hot",
        "red",
        "big",
    }
)


def product_aliases(shop: Shop) -> dict[str, set[str]]:
    """Names a customer may use for each product: full names, pack names, and distinctive short words.

    A short word (the last two or three characters of the pack name, a long English word of the name) is
    kept only when at most three products share it, so it still points at a product, not a whole category.
    """
    en_freq = Counter(w for p in shop.products for w in set(re.findall(r"[a-z'-]{4,}", p.name_en.lower())))
    tails = {" ".join(re.findall(r"[a-z'-]+", re.sub(r"\(.*?\)", "", p.name_en.lower()))[-2:]) for p in shop.products}
    common_en = {w for w, n in en_freq.items() if n > max(3, len(shop.products) // 8)}
    base: dict[str, set[str]] = {}
    for p in shop.products:
        pack_zh = str((p.pack_text.get("zh") or {}).get("name") or "")
        pack_en = str((p.pack_text.get("en") or {}).get("name") or "").lower()
        names = {p.name_zh, _BRACKETS.sub("", p.name_zh), pack_zh, p.name_en.lower(), pack_en}
        names.add(re.sub(r"\s*\(.*\)", "", p.name_en).lower())
        bare = _BRACKETS.sub("", p.name_zh)
        short = {x[-k:] for x in (pack_zh, bare) for k in (2, 3) if len(x) > k}  # 枣花蜜 of 秦岭枣花蜜
        # the name without the place it starts with (海味礼盒 of 胶东海味礼盒), as customers shorten it
        origin = f"{p.region_zh} {(p.pack_text.get('zh') or {}).get('origin') or ''}"
        short |= {
            x[k:]
            for x in (pack_zh, bare)
            for k in (2, 3)
            if len(x) - k >= 3 and re.fullmatch(r"[\u4e00-\u9fff]+", x) and (x[:k] in origin or x[:k] in PLACE_WORDS)
        }
        # the head and the tail, the qualifier between dropped: 松子糖 of 松子粽子糖, 东山枇杷 of 东山白玉枇杷
        short |= {
            x[:2] + x[-k:]
            for x in (pack_zh, bare)
            for k in (1, 2)
            if len(x) >= 4 + k and re.fullmatch(r"[\u4e00-\u9fff]+", x)
        }
        short |= {
            w
            for w in re.findall(r"[a-z'-]{4,}", pack_en + " " + p.name_en.lower())
            if w not in common_en | _EN_STOP | EN_FOOD_ADJECTIVES | EN_FOOD_NOUNS
            and singular(w) not in EN_FOOD_NOUNS
            and not _ALLERGEN_WORD.fullmatch(w)  # "any peanuts?" asks about an allergen, it names no product
        }
        # the pinyin an English speaker uses for a Chinese food ("tanghulu" for 冰糖葫芦, "lieba" for 大列巴)
        short |= {
            py
            for x in {bare, *(y for y in short if re.fullmatch(r"[\u4e00-\u9fff]+", y))}
            if re.fullmatch(r"[\u4e00-\u9fff]{3,6}", x) and len(py := "".join(lazy_pinyin(x))) >= 6
        }
        # a short romanised name in brackets ("Fermented Chilli (Zao Lajiao)": "zao"), when no other product has it
        short |= {
            x
            for inner in re.findall(r"\(([^)]*)\)", p.name_en.lower())
            if _PINYIN.fullmatch(inner)
            for x in re.findall(r"\b[a-z]{3}\b", inner)
            if x not in _EN_STOP | _PACK_WORDS
        }
        # the name's last two words ("ham slices", "pea cake", "bean paste"): how customers say it in English
        head = re.sub(r"\(.*?\)", "", p.name_en.lower())
        head = re.split(r"\s+(?:with|in|and)\s+", head)[0]  # "chilli oil with peanuts", "ganba fungus in oil"
        core = re.findall(r"[a-z'-]+", head)
        if len(core) >= 2 and not all(x in _EN_STOP for x in core[-2:]):  # not "gift box"
            short.add(" ".join(core[-2:]))
        # a word of the name with its head, the words between dropped ("hazelnut chocolate" of Russian-Style
        # Hazelnut Milk Chocolate): kept only when no other family shares it (below)
        if len(core) >= 3 and core[-1] not in _EN_STOP:
            short |= {
                pair
                for m in core[:-2]
                if len(m) >= 4
                and m not in _EN_STOP | EN_FOOD_ADJECTIVES | common_en
                and not m.endswith("-style")
                and (pair := f"{m} {core[-1]}") not in tails  # "beef balls" is the Hand-Beaten Beef Balls' own
            }
        names |= _reworded_names(p)
        base[p.id] = {n for n in names if len(n) >= 2} | {f"~{w}" for w in short}
    # a short word shared by products of different families ("paste": lotus paste, bean paste) names neither
    family = {p.id: family_of(p) for p in shop.products}
    owners: dict[str, set[str]] = {}
    for pid, names in base.items():
        for n in names:
            if n.startswith("~"):
                owners.setdefault(singular(n), set()).add(pid)
    # a two-character tail is a kind when another name has both characters, the second at its end ("辣酱" of
    # 土家香辣酱 is what a customer calls 香辣胡豆酱 too)
    bare_names = {p.id: _BRACKETS.sub("", p.name_zh) for p in shop.products}
    for n, who in owners.items():
        if re.fullmatch(r"~[\u4e00-\u9fff]{2}", n):
            who |= {pid for pid, x in bare_names.items() if x.endswith(n[2]) and n[1] in x[:-1]}
    # a place ("Beijing", 云南) is where a parcel goes or a product comes from, not a product's name
    places = set(PLACE_WORDS) | {x for p in shop.products for x in (p.region_zh, p.region_en.lower())}
    out: dict[str, set[str]] = {}
    for pid, names in base.items():
        out[pid] = {n for n in names if not n.startswith("~")}
        out[pid] |= {
            n[1:]
            for n in names
            if n.startswith("~")
            and len(owners[singular(n)]) <= 3
            and len({family[o] for o in owners[singular(n)]}) == 1
            and n[1:] not in places
        }
    return out


def _reworded_names(p: Product) -> set[str]:
    """A full name as customers reword it: the variant first ("white fermented tofu" for Guilin Fermented Tofu
    (White, 300 g), 原味桂花糕 for 桂花糕（原味，12块）), a middle word left out ("osmanthus cake gift box" for
    Osmanthus Rice Cake Gift Box), one cake for "Rice Cakes"."""
    out: set[str] = set()
    head = re.sub(r"\s*\(.*\)", "", p.name_en).lower().strip()
    words = head.split()
    region = p.region_en.lower()
    if words and words[-1].endswith("s") and len(words[-1]) > 3:
        out.add(" ".join([*words[:-1], words[-1][:-1]]))
    if len(words) >= 4:
        out |= {" ".join(words[:i] + words[i + 1 :]) for i in range(1, len(words) - 1)}
    inner = re.findall(r"\(([^)]*)\)", p.name_en.lower())
    variant = inner[0].split(",")[0].strip() if inner else ""
    if re.fullmatch(r"[a-z][a-z&' -]{2,24}", variant) and not re.search(r"\d", variant):
        tail = words[1:] if len(words) > 2 and (words[0] in region or words[0] in PLACE_WORDS) else words
        out |= {f"{variant} {' '.join(tail)}", f"{variant} {' '.join(words[-2:])}"}
    bare = _BRACKETS.sub("", p.name_zh)
    zh_inner = re.findall(r"（([^）]*)）", p.name_zh)
    zv = re.split(r"[，,、]", zh_inner[0])[0] if zh_inner else ""
    if re.fullmatch(r"[\u4e00-\u9fff]{1,4}", zv) and len(bare) >= 2:
        out.add(zv + bare)  # 原味桂花糕
        origin = str((p.pack_text.get("zh") or {}).get("origin") or "")  # "广西桂林": 桂林 is a place
        if len(bare) >= 4 and (bare[:2] in p.region_zh + origin or bare[:2] in PLACE_WORDS):
            out.add(zv + bare[2:])  # 香辣米粉 of 桂林米粉（香辣）
        if len(zv) >= 3 and zv.endswith(bare[-2:]):
            out.add(zv)  # 白腐乳 of 桂林腐乳（白腐乳）
    return out


def _category_words(shop: Shop) -> dict[str, re.Pattern[str]]:
    """Words that name each category: pieces of its own names, and name heads its products share."""
    zh_heads: dict[str, Counter[str]] = {c: Counter() for c in shop.categories}
    en_heads: dict[str, Counter[str]] = {c: Counter() for c in shop.categories}
    for p in shop.products:
        if p.category not in zh_heads:
            continue
        name = _BRACKETS.sub("", p.name_zh)
        zh_heads[p.category].update({name[-2:], name[-1]} if len(name) >= 2 else set())
        words = _en_words(re.sub(r"\(.*?\)", "", p.name_en))
        en_heads[p.category].update(set(words[-1:]) - _COLOURS)  # "Dry Red" names a wine, "red" no kind
    # a head shared by two categories' products (礼盒, box) names neither
    zh_owner: Counter[str] = Counter(h for c in zh_heads.values() for h in c)
    en_owner: Counter[str] = Counter(h for c in en_heads.values() for h in c)
    out: dict[str, re.Pattern[str]] = {}
    for cid, names in shop.categories.items():
        zh_name = re.sub(r"[^\u4e00-\u9fff]", "", names.get("zh", ""))
        zh: set[str] = set()
        if zh_name:
            zh.add(zh_name)
            zh |= {zh_name[i : i + 2] for i in range(0, len(zh_name) - 1, 2)}  # 4-character names: two words
            zh |= {c for c in zh_name if c in FOOD_WORDS_ALONE}
        zh |= {h for h in zh_heads[cid] if zh_owner[h] == 1 and (len(h) == 2 or h in FOOD_WORDS_ALONE)}
        en = set(_en_words(names.get("en", ""))) | {h for h in en_heads[cid] if en_owner[h] == 1}
        parts = [re.escape(w) for w in sorted(zh, key=len, reverse=True)]
        parts += [r"\b" + re.escape(w) + r"(?:e?s)?\b" for w in sorted(en, key=len, reverse=True)]
        if parts:
            out[cid] = re.compile("|".join(parts), re.I)
    return out


def _topic_policies(policies: tuple[Policy, ...]) -> dict[str, Policy]:
    """Each topic → the policy whose question (weighted) and answer use the topic's words most."""
    out: dict[str, Policy] = {}
    for topic, words in TOPICS.items():
        pat = re.compile(words, re.I)
        best, best_score = None, 0.0
        for pol in policies:
            score: float = 3 * len(pat.findall(pol.question_zh + " " + pol.question_en))
            score += 0.5 * min(4, len(pat.findall(pol.answer_zh + " " + pol.answer_en)))
            if score > best_score:
                best, best_score = pol, score
        if best is not None and best_score >= 1.0:
            out[topic] = best
    return out


_CJK = re.compile(r"[\u4e00-\u9fff]")
BULK_LINE = 20  # as many of one product as a household doesn't buy, when the shop's rule names no count
_SHOP_LINE = re.compile(
    r"(\d+)\s*(?:份|盒|套|箱)(?:礼盒)?(?:或以上|以上|起)|(\d+) (?:gift )?(?:boxes|sets|orders|hampers) or more", re.I
)


@dataclass(frozen=True)
class ShopVocab:
    """What the conversation stages know of one shop's words (computed once per shop)."""

    aliases: dict[str, set[str]]
    categories: dict[str, re.Pattern[str]]
    topic_policy: dict[str, Policy]
    clauses: ClauseIndex

    @cached_property
    def _long_owners(self) -> dict[str, frozenset[str]]:
        """The products' longer names (three characters, or two words, and more), each with the products it names."""
        owners: dict[str, set[str]] = {}
        for pid, al in self.aliases.items():
            for a in al:
                if len(a) >= 3 and (_CJK.search(a) or " " in a):
                    owners.setdefault(a.lower(), set()).add(pid)
        return {n: frozenset(ids) for n, ids in owners.items()}

    @cached_property
    def long_names(self) -> re.Pattern[str]:
        """The products' longer names as one pattern, the longest first."""
        names = sorted(self._long_owners, key=len, reverse=True)
        return re.compile("|".join(re.escape(n) for n in names) or r"$^")

    def products_named(self, text: str) -> frozenset[str]:
        """The products a text names by one of their longer names."""
        return frozenset(pid for m in self.long_names.finditer(text.lower()) for pid in self._long_owners[m.group(0)])

    @cached_property
    def bulk_line(self) -> int:
        """How many of one product the shop's corporate rule counts as a company order ("30份以上"), else 20."""
        pol = self.policy_for("bulk")
        m = _SHOP_LINE.search(f"{pol.answer_zh} {pol.answer_en}") if pol is not None else None
        n = int(m.group(1) or m.group(2)) if m else BULK_LINE
        return n if 5 <= n <= 500 else BULK_LINE

    def categories_in(self, text: str) -> frozenset[str]:
        return frozenset(c for c, pat in self.categories.items() if pat.search(text))

    def policy_for(self, topic: str) -> Policy | None:
        return self.topic_policy.get(topic)


def build_vocab(shop: Shop) -> ShopVocab:
    """Derive the vocabulary from the shop's catalogue and policies."""
    topic_policy = _topic_policies(shop.policies)
    return ShopVocab(
        aliases=product_aliases(shop),
        categories=_category_words(shop),
        topic_policy=topic_policy,
        clauses=ClauseIndex(shop.policies, topic_policy),
    )
