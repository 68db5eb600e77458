"""What the customer says they'll take, line by line, and the basket those lines make over a visit.

"那就竹荪两盒、100克滇红一罐、苦荞饼两盒", "two bags of mala peanuts, one cumin lamb and the tea": a clerk hears
an order as lines, each a count and the words for one product. Each line is read on its own — its words scored
against every product's names (a word many products share weighs little; a product on the table or of the size
said weighs more) — so a line the whole-question reading misses ("竹荪", "the tea") still counts, and a later
"那一共多少钱？" sums what the customer said they'd take, not only the last answer's products.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.catalogue import Product, Shop
from pipeline.conversation import words as w
from pipeline.conversation.lexicon import EACH, EN_COUNTS, FOOD_HEAD_NOUNS, FOOD_WORDS_ALONE, MACRO_REGIONS, UNITS_ZH
from pipeline.conversation.vocab import ShopVocab, singular
from pipeline.textnum import parse_amount

if TYPE_CHECKING:
    from pipeline.conversation.understand import Understanding

__all__ = ["Line", "Order", "Unread", "after", "merge", "read", "restates"]

Line = tuple[str, int]  # (product id, how many)

_UNITS_EN = r"bags?|tins?|boxes|box|jars?|bottles?|packs?|packets?|cans?|cakes?|pieces?|sets?|cases?|cartons?"
_ZH_COUNT = re.compile(rf"(\d+|[一二两三四五六七八九十]+)\s*(?:{UNITS_ZH})(?!子)")
_BARE = "|".join(w for w in EN_COUNTS if w not in ("a", "an"))
# "two bags of", "a tin of", "one cumin lamb" — not "a severe allergy", "150 yuan", "6 colleagues"
_EN_COUNT_RE = re.compile(
    rf"(?<![\d.¥￥])\b(?:(\d+|{'|'.join(EN_COUNTS)})\s+(?:more\s+|extra\s+)?(?:\d+(?:\.\d+)?\s*(?:g|kg|ml|l)\s+)?(?:{_UNITS_EN})\s+(?:of\s+)?|"
    rf"(\d+|{'|'.join(EN_COUNTS)})\s+(?:more\s+)?(?=\d+(?:\.\d+)?\s*(?:g|kg|ml|l)\s+[a-z])|(\d+|{_BARE})\s+(?:of\s+)?(?:the\s+)?"
    r"(?!yuan|rmb|kuai|dollars?|euros?|people|persons?|colleagues|friends|guests|days?|weeks?|months?|years?|hours?|"
    r"minutes?|percent|kg|g\b|ml|km|each|more|or|to|for|at|is|are|was|and)(?=[a-z]))",
    re.I,
)
_BARE_COUNT = re.compile(rf"[再来要拿买也各共]*\s*(\d+|[一二两三四五六七八九十]+)\s*(?:{UNITS_ZH})\s*[吧啊呀]?")
_ONE_OF = re.compile(r"\b(?:the|that|this|which|other)\s+(?:[a-z-]+\s+)?one\b", re.I)  # "the fermented one": a pronoun
_TIMES = re.compile(r"[x×*]\s*(\d+)\b|\b(\d+)\s*[x×]\b", re.I)
# where one line of an order ends and the next begins
_SEP = re.compile(
    r"[，,、；;。！!？?（）()：:\n]|[.!?](?=\s|$)|\s+(?:and|plus|also|with|as well as)\s+|和|跟|加上|再加|外加|另外|还有|以及|\+|&|"
    r"加(?=[一二两三四五六七八九十\d])"  # "12份干贝加12罐崂山绿茶", not 加拿大 or 加运费
)
_COMPARED = re.compile(r"比.{0,3}(贵|便宜|划算|多|少|省|值)|相比|compared (to|with)|(cheaper|dearer|more) than", re.I)
# a line without a count that says what to leave out or avoid ("核桃不用另装礼盒", "I have a severe peanut
# allergy") orders nothing
_NOT_AN_ORDER = re.compile(
    r"不用|不要|别|不含|没有|过敏|忌口|不吃|不能吃|不喝|allerg|avoid|\bno\b|\bnot\b|n't|without|free\b|except", re.I
)
# an order said again without counts, keeping what it names ("Just the goji and the tea then", "那就只要A和B")
_RESTATES = re.compile(r"^\W*(just|only)\b.{0,60}\bthen\b|^\W*(那就)?只要|^\W*那就(要)?.{0,20}吧", re.I)
# a line that adds to what is already in the basket ("one more box of the pineapple cakes", "再来一盒")
_MORE = re.compile(
    r"\b(?:more|another)\b|\bextra\b(?!\s*-?\s*(?:hot|spicy|mild|sweet|dry|strong|large|virgin|fine|crispy|long|aged))|"
    r"再来|再加|多加|多来|另加",
    re.I,
)
# a line taken out of the order, whatever count it says ("Skip the fermented one", "辣酱去掉")
_DROPPED = re.compile(
    r"去掉|不要了|^(?:那就?|就|那)?不要(?=[^，。,；;]{1,12}了)|算了|换掉|\bskip|\bdrop\b|\bremove|\bforget (about )?the|instead of|"
    r"\b(?:leave|take) (?:out\b|(?=.{1,30}?\bout\b))|\bout\b$|"  # "leave the walnuts out"
    r"^(?:fine|ok(?:ay)?|right|all right|alright)?[,.!\s]*(?:then\s+)?no (?:more )?(?=[a-z])(?!problem|worries|thanks)",  # "Fine, no butter tea then"
    re.I,
)
# a count of something other than what the line names ("换成两盒别的", "two of something else")
_SOMETHING_ELSE = re.compile(
    rf"(\d+|[一二两三四五六七八九十]+)\s*(?:{UNITS_ZH})?\s*(别的|其他的|其它的|另一种|另外一种)|(换成|改成|换).{{0,6}}(别的|其他|其它)|"
    r"something else|another (kind|flavou?r)|a different (one|kind|flavou?r)",
    re.I,
)
# a change to part of a line only ("有5个同事…他们那份", "那几份", "two of them")
_PART_OF = re.compile(
    r"那几|几份|部分|其中|(他|她)们?那|(\d+|[一二两三四五六七八九十]+)\s*(?:位|名|个(?:同事|人|员工|朋友|客户|领导|孩子))|"
    r"那[一二两三四五六七八九十\d]+份|"
    r"\b(some|a few|half|two|three|four|five|\d+) of (them|those|these|the)\b",
    re.I,
)
# words that only say how a line is taken out ("Drop the tea entirely")
_TAKE_OUT_WORDS = re.compile(r"\b(entirely|altogether|completely|please|then|too|as well|from the order|it)\b", re.I)
# a line of the order swapped for another, or given a new count: "把红肠换成清真牛肉红肠两袋", "格瓦斯改成4瓶",
# "Swap the honey for the jujube blossom one", "replace the tea with two jars of honey"
_SWAP_ZH = re.compile(r"把?(?P<old>[^，。,；;？?！!]{1,16}?)(?:换成|改成|换为|改为)(?P<new>[^，。,；;？?！!]{1,20})")
_SWAP_EN = re.compile(
    r"\b(?:swap|replace|change|switch)\s+(?:out\s+)?(?P<old>[\w' -]{2,40}?)\s+(?:for|with|to)\s+(?P<new>[\w' -]{2,40}?)"
    r"(?=$|[,.;!?]|\s+and\s)",
    re.I,
)
# "Make the jerky the original flavour instead", "make the tea the 250 g tin": a line given another variant
_MAKE_EN = re.compile(
    r"\bmake\s+(?P<old>the\s+(?:(?!\band\b|\badd\b)[\w' -]){2,30}?)\s+(?P<new>(?:the|a|an)\s+[\w' -]{2,30}?)(?:\s+instead)?"
    r"(?=$|[,.;!?]|\s+and\s)",
    re.I,
)
_SIZE = re.compile(
    r"(\d+(?:\.\d+)?)\s*(克|公斤|千克|kg|g|毫升|ml|升|l)\b|(\d+(?:\.\d+)?)\s*(克|公斤|千克|毫升|升)", re.I
)
_STOP_EN = frozenset(
    "the and of for with a an one two three four five six seven eight nine ten eleven twelve bag bags tin tins box boxes jar jars bottle bottles pack "
    "packs packet packets can cans then let's lets do get take want need please also more some "
    "whole entire full big small large little good great nice best lovely order what does come "
    "our we us my company office team firm wants needs would like could can".split()
)
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_COUNTISH = re.compile(rf"(\d+|[一二两三四五六七八九十几]+)\s*(?:{UNITS_ZH})|\d+(?:\.\d+)?\s*(?:克|公斤|千克|毫升|升)")
# a line the customer takes away themself, and an order that is sent: the line is not in the parcel
_CARRIED = re.compile(
    r"店里.{0,6}(拎|拿|带|提)|直接(拎|拿|带|提)|(?<!给我)(?<!给我们)自己(拎|拿|带|提)|(carry|take) (it|them|one) (home )?myself|pick .* up in (the )?store",
    re.I,
)
# the whole order's total asked ("一共多少"), not the part that is sent ("寄的这部分多少钱")
_ALL_ASKED = re.compile(r"一共|总共|全部|加起来|altogether|in total|all together|everything", re.I)
_PART_ASKED = re.compile(r"这部分|那部分|寄的|邮寄的|the (part|ones?) (sent|posted|shipped)|what I'?m sending", re.I)
# a line kept at a new count, though said with a word of dropping ("油辣椒也只要一瓶算了", "just one then")
_KEEPS = re.compile(r"只要|就要|只留|留[一二两三四五六七八九十\d]|改成|减到|换成|\bjust\b|\bonly\b", re.I)
_RECOUNT = re.compile(r"改成|换成|改为|变成|改[一二两三四五六七八九十\d]", re.I)  # "改成1盒呢？": a new count
_RECOUNT_WORDS = re.compile(r"^(?:那|那就|要是)?(?:改成|换成|改为|变成|改)|(?:呢|吧|好了|就行|算了)$")
_SENT = re.compile(r"寄|发到|快递|send|ship|post", re.I)
# "那就…", "要…", "来…": words that order rather than name
_ORDER_WORDS = re.compile(r"^(?:那就|就|那|再|我要|要|来|拿|买|给我|帮我|订|换成?|加|每人|每位|每个人|每家|每份)+")


def _en_words(text: str) -> set[str]:
    return {singular(w) for w in re.findall(r"[a-z][a-z']{2,}", text.lower())} - _STOP_EN  # "extra-hot": two


def _grams(p: Product) -> float | None:
    return float(p.net_weight_g) if p.net_weight_g else (float(p.volume_ml) if p.volume_ml else None)


def _size_said(seg: str) -> float | None:
    m = _SIZE.search(seg)
    if not m:
        return None
    v = float(m.group(1) or m.group(3))
    unit = (m.group(2) or m.group(4) or "").lower()
    return v * 1000 if unit in ("公斤", "千克", "kg", "升", "l") else v


_KIND = 3  # a word more products share than this names a kind of product


class _Names:
    """Each product's words, and how many products share each (a word every tea has names no tea)."""

    def __init__(self, shop: Shop, vocab: ShopVocab) -> None:
        self.shop = shop
        self.aliases = {pid: {a.lower() for a in al if len(a) >= 4} for pid, al in vocab.aliases.items()}
        self.zh: dict[str, set[str]] = {}
        self.en: dict[str, set[str]] = {}
        self.one_word: dict[str, set[str]] = {}  # of ``en``: the one-word aliases, not words of the name
        for p in shop.products:
            names = {p.name_zh, *(a for a in vocab.aliases.get(p.id, ()) if _CJK_RUN.search(a))}
            pack = str((p.pack_text.get("zh") or {}).get("name") or "")
            self.zh[p.id] = {n for n in (*names, pack) if n}
            self.en[p.id] = _en_words(p.name_en + " " + str((p.pack_text.get("en") or {}).get("name") or ""))
            # a one-word name of the shop's aliases ("dahongpao" for Da Hong Pao, the pinyin of 大红袍)
            self.one_word[p.id] = {a for a in vocab.aliases.get(p.id, ()) if re.fullmatch(r"[a-z]{6,}", a)}
            self.one_word[p.id] -= self.en[p.id]  # not a word of the name itself
            self.en[p.id] |= self.one_word[p.id]
        self.en_df = Counter(w for ws in self.en.values() for w in ws)
        # English names with a count word in them ("beijing eight pastries"), longest first
        counted = {
            n
            for al in vocab.aliases.values()
            for n in al
            if not _CJK_RUN.search(n) and re.search(rf"\b(?:{'|'.join(set(EN_COUNTS) - {'a', 'an', 'another'})})\b", n)
        }
        self.counted_en = sorted(counted, key=len, reverse=True)
        self.all_zh = "|".join(n for ns in self.zh.values() for n in ns)  # every Chinese name, to look counts up in
        where = {x for p in shop.products for x in (p.region_zh, p.region_en) if x and len(x) >= 2}
        where |= {x for names in MACRO_REGIONS.values() for x in names} | set(MACRO_REGIONS)
        self.regions = re.compile("|".join(re.escape(x) for x in sorted(where, key=len, reverse=True)), re.I)
        self.n = max(1, len(shop.products))
        self.groups: dict[str, list[Product]] = {}  # a family's packs, by group
        for p in shop.products:
            if p.group:
                self.groups.setdefault(p.group, []).append(p)

    def without_counted_names(self, seg: str) -> str:
        """The line with the English names that hold a count word ("the Beijing Eight Pastries") masked: a name,
        not how many."""
        low = seg.lower()
        for name in self.counted_en:
            at = low.find(name)
            if at >= 0:
                seg = seg[:at] + "□" * len(name) + seg[at + len(name) :]
                low = seg.lower()
        return seg

    def uncounted(self, seg: str) -> str:
        """The line without its counts ("两盒", "250克") — not a count that is part of a name (京八件's 八件)."""

        def cut(m: re.Match[str]) -> str:
            i, j = m.start(), m.end()
            if i > 0 and seg[i - 1 : j] in self.all_zh:
                return m.group(0)
            return " "

        return _COUNTISH.sub(cut, seg)

    def zh_df(self, sub: str) -> int:
        return sum(1 for names in self.zh.values() if any(sub in n for n in names))

    def weight(self, df: int) -> float:
        return math.log(1 + self.n / max(1, df)) / math.log(1 + self.n)  # 1 for a word one product has

    def score(self, seg: str, p: Product, strict: bool = False) -> float:
        """How well a line's words name the product: each shared run or word by how few products share it,
        and a little for how much of the name they cover (of "sesame crisps", the crisps, not the souvenir box
        listing them)."""
        s = cover = 0.0
        kind_only = True  # only words a kind of product shares ("礼盒", "tea")
        rest = False  # words left over that name nothing of it ("小号" of "装个小号礼盒")
        for run in _CJK_RUN.findall(self.uncounted(seg)):
            best, longest = 0.0, 0
            for name in sorted(self.zh[p.id]):
                v, got, kinds = 0.0, 0, True
                for k in _pieces(run, name):  # "特辣油辣椒" of 油辣椒香辣脆（特辣）: 油辣椒, then 特辣
                    if strict and _in_variant_only(k, name):
                        continue  # "今年春节…" shares 年春 with "（2024年春茶）": a part of a variant, not a name
                    df = self.zh_df(k)
                    got += len(k)
                    if df > _KIND:  # 礼盒, 绿茶: a kind, not one product
                        v += 0.2 * len(k)
                        continue
                    kinds = False
                    v += len(k) * self.weight(df)
                if (
                    not strict
                    and not got
                    and len(run) >= 2
                    and run[-1] in FOOD_WORDS_ALONE
                    and w.bare_name(name).endswith(run[-1])
                ):
                    v, got, kinds = 0.5, len(run) - 1, False  # "红枣" of 和田骏枣: the same food by its head noun
                elif got and not kinds and (head := w.bare_name(name)[-1:]) in FOOD_HEAD_NOUNS and head in run:
                    v += 0.3  # "玫瑰酱" is the 玫瑰花酱, not the 玫瑰鲜花饼: the food its last word says
                if got and v > best:
                    best, longest = v, got
                    kind_only = kind_only and kinds
                    if not kinds:
                        cover = max(cover, got / len(name))
            s += best
            rest = rest or len(run) - longest >= 2
        words = _en_words(seg)
        said = words & self.en[p.id]
        rest = rest or bool(words - said)
        for wd in said:
            kind_only = kind_only and self.en_df[wd] > _KIND
            s += 2 * self.weight(self.en_df[wd]) if self.en_df[wd] <= _KIND else 0.4
        if kind_only and rest:
            return 0.0  # "装个小号礼盒" names a box of the wrapping rule, not the gift box on the table
        if said:
            own = self.en[p.id] - self.one_word[p.id]  # how much of the name: its own words, not its aliases
            cover = max(cover, len(said & own) / max(1, len(own)) if said & own else 1.0)
        if any(a in seg.lower() for a in self.aliases.get(p.id, ())):
            s += 1.5  # a name the shop's own names give it ("chilli oil", "松露酱")
        return s + cover if s else 0.0


def _in_variant_only(piece: str, name: str) -> bool:
    """Whether a piece of a name is found only inside its brackets, and is less than a whole variant word there."""
    bare = w.bare_name(name)
    if piece in bare:
        return False
    words = [v for b in re.findall(r"[（(]([^）)]+)[）)]", name) for v in re.split(r"[，,、]", b)]
    return piece not in words


def _common(a: str, b: str) -> str:
    """The longest run of characters two strings share."""
    best = ""
    for i in range(len(a)):
        for j in range(i + len(best) + 1, len(a) + 1):
            if a[i:j] in b:
                best = a[i:j]
            else:
                break
    return best


def _pieces(run: str, name: str) -> list[str]:
    """The runs of two or more characters a line's words share with a name, longest first, without overlap."""
    out: list[str] = []
    left, target = run, name
    while True:
        k = _common(left, target)
        if len(k) < 2:
            return out
        out.append(k)
        left = left.replace(k, "|", 1)
        target = target.replace(k, "|", 1)


def _segments(q: str, protect: Iterable[str]) -> list[tuple[str, int]]:
    """The question cut where one line ends and the next begins — never inside a product's own name
    ("Salt and Pepper Walnuts", "虾仁和猪肉水饺") — each with the number of the sentence it is in."""
    low = q.lower()
    spans = [(m.start(), m.end()) for a in protect if len(a) >= 4 for m in re.finditer(re.escape(a.lower()), low)]
    out: list[tuple[str, int]] = []
    start = sentence = 0
    for m in _SEP.finditer(low):
        if any(a < m.end() and m.start() < b for a, b in spans):
            continue
        out.append((q[start : m.start()], sentence))
        if re.fullmatch(r"[。！!？?]|[.!?]", m.group(0)):
            sentence += 1
        start = m.end()
    out.append((q[start:], sentence))
    return [(s.strip(), k) for s, k in out if s.strip()]


# a count alone, of the line before ("…the dried mango again, three bags like last time")
_BARE_COUNT_EN = re.compile(
    rf"\s*(?:and\s+|just\s+)?(\d+|{_BARE})\s+(?:(?:{_UNITS_EN})\s*)?(?:of (?:it|them|those|these)\s*)?"
    r"(?:like last time|as (?:last time|before)|again|too|please|this time|as usual)?\s*",
    re.I,
)
# a swap's count said just after it, alone ("…换成奶贝，要三罐")
_COUNT_AFTER = re.compile(
    rf"[，,]\s*[要来拿买]?\s*(?:\d+|[一二两三四五六七八九十]+)\s*(?:{UNITS_ZH})(?=\s*(?:[。？?！!，,]|吧|$))"
)
# the share of a line that a swap takes ("那100份里20份换成…", "其中20份换成…", "swap 20 of them for…"): its count
_NUM = rf"(?:\d+|[一二两三四五六七八九十百]+|{'|'.join(sorted(EN_COUNTS, key=len, reverse=True))})"
_SHARE = re.compile(
    rf"(?:{_NUM}\s*(?:{UNITS_ZH})?\s*(?:里|中|当中|里面|之中)的?|其中的?)\s*(?P<zh>{_NUM})\s*(?:{UNITS_ZH})?\s*$|"
    rf"^\W*(?P<en>{_NUM})\s+of\s+(?:them|those|these|the\b.*)$",
    re.I,
)
# a count alone that adds to the one line held, or brings it up to a number ("再加10份凑100份", "10 more to make
# it 100", "凑够100份"): of that line
_UP_TO = re.compile(
    rf"(?:凑(?:到|够|成|齐|满)?|(?:加|增加|改|减|降)到)\s*({_NUM})\s*(?:{UNITS_ZH})|\b(?:make it|to make (?:it|that)|bring it (?:up )?to|up to)\s+({_NUM})\b",
    re.I,
)
_MORE_ALONE = re.compile(
    rf"\s*(?:{_NUM})\s*(?:{UNITS_ZH})\s*(?:凑(?:到|够|成|齐|满)?\s*{_NUM}\s*(?:{UNITS_ZH}))?\s*[呢吧啊呀]?\s*|"
    rf"\s*(?:是|要是|如果)?(?:凑(?:到|够|成|齐|满)?|(?:加|增加|改|减|降)到)\s*{_NUM}\s*(?:{UNITS_ZH})\s*[呢吧啊呀]?\s*|"
    rf"\s*(?:add\s+)?(?:another\s+)?{_NUM}\s+(?:more\s+)?(?:(?:{_UNITS_EN})\s*)?(?:more\s*)?(?:(?:to make it|to make that|to bring it up to|to get to)\s+{_NUM}(?:\s+(?:{_UNITS_EN}))?)?\s*|"
    rf"\s*(?:make it|bring it (?:up )?to)\s+{_NUM}(?:\s+(?:{_UNITS_EN}))?(?:\s+(?:instead|then|in total|altogether))?\s*",
    re.I,
)


# the share said of some of the people a line is for ("回族同事那15份", "他们那两份")
_THEIR_SHARE = re.compile(rf"那\s*(?P<zh>{_NUM})\s*(?:{UNITS_ZH})\s*(?:全部|全|都)?\s*$")
# a line brought down to a count in the same question ("鲜花饼减到65份")
_REDUCED = re.compile(rf"(?P<what>[^，,。；;]{{1,12}}?)(?:减到|减少到|降到|改成|改为)\s*(?P<n>{_NUM})\s*(?:{UNITS_ZH})")


def _number(raw: str) -> int | None:
    """A count said in digits, Chinese numerals or English words ("20", "二十", "twenty" → 20)."""
    raw = raw.lower()
    k = EN_COUNTS.get(raw) if raw in EN_COUNTS else parse_amount(raw)
    return int(k) if k and 0 < k < 10000 else None


def _share(old_words: str) -> int | None:
    """The count of a line's share a swap takes ("那100份里20份", "20 of the 100 boxes", "回族同事那15份")."""
    m = _SHARE.search(old_words.strip()) or _THEIR_SHARE.search(old_words.strip())
    return _number(next(g for g in m.groups() if g)) if m else None


def _up_to(seg: str) -> int | None:
    """The count a line is brought up to ("凑100份", "to make it 100"), if said."""
    m = _UP_TO.search(seg)
    return _number(m.group(1) or m.group(2)) if m else None


def _taken_off(q: str, share: int, had: dict[str, int], shop: Shop, names: _Names) -> bool:
    """Whether another part of the question brings a held line down by exactly the share a swap takes
    ("鲜花饼减到65份，回族同事那15份换成牛干巴": the 15 taken off are the ones swapped)."""
    for r in _REDUCED.finditer(q):
        was = _product_of(r.group("what"), shop, names, tuple(had))
        if was in had and had[was] - (_number(r.group("n")) or had[was]) == share:
            return True
    return False


_OF_THE = re.compile(
    r"\b(\d{1,3}|" + "|".join(sorted(EN_COUNTS, key=len, reverse=True)) + r")\s+of\s+(?:the|those|these|our|your)\b",
    re.I,
)


# a price asked per unit, not a count taken: "多少钱一袋", "一盒多少钱", "每罐多少"
_UNIT_PRICE = re.compile(
    rf"多少钱?\s*一\s*(?:{UNITS_ZH})|一\s*(?:{UNITS_ZH})\s*(?:要|卖)?多少钱?|每\s*(?:{UNITS_ZH})\s*多少"
)


def _count(seg: str) -> int | None:
    seg = _UNIT_PRICE.sub(" ", seg)
    of = _OF_THE.search(seg)  # "60 gift boxes — 40 of the double-yolk ones": the line's own count
    if of:
        raw = of.group(1).lower()
        return EN_COUNTS.get(raw) or (int(raw) if raw.isdigit() and 0 < int(raw) < 1000 else None)
    m = _ZH_COUNT.search(seg)
    if m:
        n = parse_amount(m.group(1))
        return int(n) if n and 0 < n < 1000 else None
    m2 = _EN_COUNT_RE.search(_ONE_OF.sub(" ", seg))
    if m2:
        raw = (m2.group(1) or m2.group(2) or m2.group(3)).lower()
        return EN_COUNTS.get(raw) or (int(raw) if raw.isdigit() and 0 < int(raw) < 1000 else None)
    m3 = _TIMES.search(seg)
    if m3:
        return int(m3.group(1) or m3.group(2))
    return None


def _product_of(
    seg: str, shop: Shop, names: _Names, table: tuple[str, ...], floor: float = 0.9, bought: tuple[str, ...] = ()
) -> str | None:
    """The one product a line's words name (see ``_pick``)."""
    return _pick(seg, shop, names, table, floor, bought)[0]


def _pick(
    seg: str, shop: Shop, names: _Names, table: tuple[str, ...], floor: float = 0.9, bought: tuple[str, ...] = ()
) -> tuple[str | None, tuple[str, ...]]:
    """The one product a line's words name, when one stands clearly above the rest; of a family's packs the
    words fit as well, the one said by its variant, else the only one in stock, else the one they bought before.
    When the words fit two or more as well, none — with those it could be."""
    size = _size_said(seg)
    families = {p.group for pid in table if (p := shop.product(pid)) is not None and p.group}
    digits = _in_digits(seg)  # "十年花雕": the 10年陈 said as the pack says it
    scored: list[tuple[float, Product]] = []
    for p in shop.products:
        # scored as the label writes its years, a little more for a name that says them alike ("十年陈皮")
        strict = floor > 1  # a line without a count
        s = (
            names.score(seg, p, strict)
            if digits == seg
            else names.score(digits, p, strict) + 0.3 * any(y + "年" in p.name_zh for y in _YEARS.findall(seg))
        )
        if s <= 0 and size is not None and p.group in families:
            s = 0.6 - (0.3 if p.id in table else 0)  # "那换两袋250克的": another size of what is on the table
        if s <= 0:
            continue
        if size is not None:
            g = _grams(p)
            s += 1.0 if g is not None and abs(g - size) < 0.5 else -1.0
        if p.id in table:
            s += 0.6
        if p.group and _variant_said(seg, p, names.groups[p.group]):
            # "2025年的五常大米" with the 2026 pre-order on the table: the pack said, not the table's — and of
            # "原味250克的", the pack both words say more than the one "250克" alone says
            s += 0.8 + 0.4 * max(0, sum(v in _in_digits(seg) for v in _variants(p)) - 1)
        scored.append((s, p))
    if not scored:
        return None, ()
    scored.sort(key=lambda x: (-x[0], not x[1].in_stock))
    best, p = scored[0]
    if best < floor:
        return None, ()
    if len(scored) > 1 and scored[1][0] >= best - 0.15:
        tied = [x for s, x in scored if s >= best - 0.15]
        runs = [r for r in _CJK_RUN.findall(names.uncounted(seg)) if len(r) >= 2]
        own = [x for x in tied if any(r in w.bare_name(x.name_zh) for r in runs)]
        if len(own) == 1:  # "再加一盒桂花糕": the cakes, not the box listing them in its brackets
            return own[0].id, ()
        if all(w.family(x) == w.family(p) for x in tied):  # "两饼熟普洱": a variant of one family
            hinted = [x for x in tied if _variant_said(seg, x, tied)]
            if len(hinted) == 1:
                return hinted[0].id, ()
            if not hinted:  # "六堡茶一盒" with the 2012 sold out; "两盒3人份米粉" as last winter
                stocked = [x for x in tied if x.in_stock]
                if len(stocked) == 1:
                    return stocked[0].id, ()
                theirs = [x for x in stocked if x.id in bought]
                if len(theirs) == 1:
                    return theirs[0].id, ()
        return None, tuple(x.id for x in tied)  # two products the words fit as well: the line names neither
    return p.id, ()


_THE_KIND = re.compile(
    r"\s*(?:and\s+|plus\s+)?(?:the|that|this)\s+([a-z]{3,})\s*|\s*[这那][个盒款瓶罐袋包]?([\u4e00-\u9fff]{1,3})\s*",
    re.I,
)


def _the_one_on_table(seg: str, names: _Names, table: tuple[str, ...]) -> str | None:
    """The one product on the table a bare kind word points at ("the box", "那个礼盒")."""
    m = _THE_KIND.fullmatch(seg)
    if not m:
        return None
    word = m.group(1) or m.group(2)
    if m.group(1):
        word = singular(word.lower())
        hits = [
            pid
            for pid in table
            if (p := names.shop.product(pid)) is not None
            and word in {singular(x) for x in re.findall(r"[a-z]+", p.name_en.lower())}
        ]
    else:
        hits = [pid for pid in table if any(word in n for n in names.zh.get(pid, set()))]
    return hits[0] if len(hits) == 1 else None


def _variant_of_table(seg: str, shop: Shop, names: _Names, table: tuple[str, ...]) -> str | None:
    """The one pack of a family on the table whose variant the line says, when the line names nothing else."""
    groups = {p.group for pid in table if (p := shop.product(pid)) is not None and p.group}
    hits = {x.id for g in groups for x in _said_of(seg, names.groups.get(g, []))}
    return next(iter(hits)) if len(hits) == 1 else None


def _said_of(words: str, family: list[Product]) -> list[Product]:
    """The packs of a family whose variant the words say ("原味的", "the original flavour")."""
    return [x for x in family if _variant_said(words, x, family) or _en_variant_said(words, x)]


def _en_variant_said(words: str, x: Product) -> bool:
    low = words.lower()
    return any(
        v.strip() and re.search(rf"\b{re.escape(v.strip())}\b", low)
        for b in re.findall(r"\(([^)]*)\)", x.name_en.lower())
        for v in b.split(",")
        if not re.search(r"\d", v)
    )


def _sibling_said(words: str, of: str | None, shop: Shop, names: _Names) -> tuple[str, tuple[str, ...]] | None:
    """Another pack of a line's family that a swap's words name by its variant ("the jerky → the original
    flavour", "辣的换成原味的"), before the words are scored against the whole catalogue."""
    p = shop.product(of) if of else None
    if p is None or not p.group:
        return None
    hits = [x for x in _said_of(words, names.groups.get(p.group, [])) if x.id != p.id]
    return (hits[0].id, ()) if len(hits) == 1 else None


def _variants(p: Product) -> list[str]:
    """The variant words of a product's bracket ("熟茶" of 古树普洱茶饼（熟茶）, "特辣")."""
    return [v for b in re.findall(r"[（(]([^）)]+)[）)]", p.name_zh) for v in re.split(r"[，,、]", b) if v]


_YEARS = re.compile(r"([一二两三四五六七八九十]{1,3})(?=年)")


def _in_digits(seg: str) -> str:
    """A line with its years in digits ("十年" → "10年"), as labels write them."""
    return _YEARS.sub(lambda m: f"{int(parse_amount(m.group(1)) or 0)}年", seg)


def _variant_said(seg: str, p: Product, family: list[Product]) -> bool:
    """Whether the line says this variant of its family: its bracketed word, or that word's first character
    before the name ("熟普洱" for 古树普洱茶饼（熟茶）) when no other variant of the family starts the same."""
    seg = _in_digits(seg)  # "十年花雕" says 10年陈
    others = {v[0] for x in family if x is not p for v in _variants(x)}
    numbers = {n for x in family if x is not p for v in _variants(x) for n in re.findall(r"\d{2,}", v)}
    return any(
        v in seg
        or (v[0] not in others and re.search(rf"{re.escape(v[0])}[\u4e00-\u9fff]", seg))
        or any(
            n in seg and n not in numbers for n in re.findall(r"\d{2,}", v)
        )  # "2019年的六堡茶" of 六堡茶（2019年陈）
        for v in _variants(p)
    )


# a question that orders or prices what it names, not one that asks how much a pack weighs ("一包多重？")
_ORDERS = re.compile(
    r"多少钱|一共|总共|合计|加起来|共计|那就|就要|来[一二两三四五六七八九十\d]|[要拿买订加换][一二两三四五六七八九十\d]|"
    r"加上|也加|换成|改成|再算|不要了|去掉|(加|增加|减|改|降)到|寄|发到|包裹|instead|\b(drop|skip|remove|swap|replace|make (it|the))\b|how much|total|come to|the damage|cost|let's do|i'll (take|have|get)|i'd like|parcel|"
    r"throw in|one more|another|"
    r"\b(add|order|send|get|wants?|take|need|needs|price|buy|pick up|pay|owe)\b|付多少|要付|"
    rf"[\u4e00-\u9fff](?:\d+|[一二两三四五六七八九十]+)\s*(?:{UNITS_ZH})(?=[，,、。；;！!\s]|$)",  # "月饼30盒、铁观音20罐"
    re.I,
)
# lines listed in English without a verb, in a sentence that asks nothing ("Fine, two bottles of the juice and a box
# of the preserved fruit, delivered in Hangzhou.") — not "Can I bring … a jar of jujube honey in my hand luggage?"
_LISTED = re.compile(
    rf"\b(?:\d+|{'|'.join(EN_COUNTS)})\s+(?:\d+(?:\.\d+)?\s*(?:g|kg|ml|l)\s+)?(?:{_UNITS_EN})\b|\bdeliver(?:ed|y)?\b",
    re.I,
)


# a line asking for gift wrapping: the box goods go in, not a boxed product
_WRAPPED = re.compile(
    r"装.{0,4}礼盒|放.{0,4}礼盒|礼盒包装|包装成礼盒|(put|pack|packed|wrap|wrapped) (it |them )?(in|into) a (small |nice )?gift box|gift[- ]wrap|"
    r"\b(each |both |all )?(in|into) (its|their|a|the|an) (own |nice |matching )?gift[- ]?box(es)?\b",  # "each in its gift box"
    re.I,
)


@dataclass(frozen=True)
class Unread:
    """A part of the order said as a line, or taken out, that names no one product: its words, the products it
    could be ("两袋牛肉干": the original and the spicy), whether it was taken out."""

    words: str
    could_be: tuple[str, ...] = ()
    taken_out: bool = False

    def still(self, counts: tuple[Line, ...]) -> bool:
        """Whether the order as finally read leaves it unsettled: a line none or several of whose products are
        counted; a line taken out one of whose products is still counted."""
        counted = [pid for pid, n in counts if n and pid in self.could_be]
        return bool(counted) if self.taken_out else len(counted) != 1


@dataclass(frozen=True)
class Order:
    """What a question says of the order: its lines, and the parts said as lines that name no one product
    ("两份那个东北的", "make it 3 instead" with nothing to make 3 of) — a total without them would be wrong."""

    lines: tuple[Line, ...] = ()
    unread: tuple[Unread, ...] = ()
    edited: bool = False  # a line swapped for another, or its count changed ("把红肠换成…", "make it 3")


def _each(q: str) -> int | None:
    """How many of each line the question says ("各3瓶", "two of each"), if it does."""
    m = EACH.search(q)
    if not m:
        return None
    k = parse_amount(m.group(1)) if m.group(1) else EN_COUNTS.get((m.group(2) or "").lower())
    return int(k) if k and 0 < k < 1000 else None


def read(
    q: str,
    shop: Shop,
    vocab: ShopVocab,
    table: tuple[str, ...] = (),
    held: tuple[Line, ...] = (),
    bought: tuple[str, ...] = (),
) -> Order:
    """The order lines a question says: each line with a count ("两盒", "two bags of") and the product its words
    name; a line without a count, when other lines of the same order have counts ("…and the tea"), counts what
    the basket (``held``) already holds of it ("那油辣椒我自己留着"), else one. A line with a count, or one taken
    out, whose words fit two products as well is kept as unread, with those products."""
    if not (_ORDERS.search(q) or (_LISTED.search(q) and not re.search(r"[?？]|吗", q))):
        return Order()
    unread: list[Unread] = []
    names = _Names(shop, vocab)
    protect = [a for al in vocab.aliases.values() for a in al] + [p.name_en for p in shop.products]
    found: list[tuple[str, int | None, int]] = []  # (product, count said, which sentence)
    more: set[str] = set()  # lines that add to what the basket holds ("one more box of", "再来一盒")
    dropped: set[str] = set()  # lines taken out ("Skip the fermented one", "那火腿不要了"): said with a count of 0
    had = dict(held)
    guessed: set[str] = set()  # swapped-in lines whose count is the replaced line's, not one said
    edited = False
    for m in (
        list(_SWAP_ZH.finditer(q)) + list(_SWAP_EN.finditer(q)) + list(_MAKE_EN.finditer(q))
    ):  # "把红肠换成清真牛肉红肠两袋"
        old_words, new_words = m.group("old"), m.group("new")
        n = _count(new_words)
        if n is None and (then := _COUNT_AFTER.match(q, m.end())):  # "石榴汁换成奶贝，要三罐": its count next
            n = _count(then.group(0))
        gone = _product_of(old_words, shop, names, tuple(had) or table)
        if gone is not None and len(_ZH_COUNT.findall(new_words)) >= 2 and re.search(r"[、和及]|加", new_words):
            # "鸭脖改成两袋微辣、一袋特辣": the line is out, and the lines said instead are read as lines
            dropped.add(gone)
            edited = True
            q = q.replace(m.group(0), "；" + new_words)
            continue
        put, could_be = _sibling_said(new_words, gone, shop, names) or _pick(new_words, shop, names, table)
        share = _share(old_words)
        source = gone if gone in had else (next(iter(had)) if len(had) == 1 and gone is None else None)
        # "五仁那40份全换成双黄白莲蓉" of the 40 held: the whole line, swapped as any line is
        whole = bool(share) and source is not None and put not in (None, source) and share == had[source]
        split: list[Line] = []
        if share and put is not None and put != source and not whole:
            if source is not None and share < had[source]:  # "那100份里20份换成椰风礼盒": 80 held, 20 of the new
                split = [(source, had[source] - share), (put, share + had.get(put, 0))]
            elif source is None and _taken_off(q, share, had, shop, names):  # the share taken off elsewhere
                split = [(put, share + had.get(put, 0))]
        if split:
            found += [(pid, k, 0) for pid, k in split]
            edited = True
            q = q.replace(m.group(0), "；")
            continue
        part = (None if whole else _PART_OF.search(q)) or _SOMETHING_ELSE.search(new_words)  # "他们那两份换成原味的"
        if put is None and not n and not could_be and not part:
            continue  # "要是改成寄乌鲁木齐呢？", "改成顺丰": not a line of the order
        if part:
            unread.append(Unread(m.group(0)))  # unread however the rest of the order reads
        elif put is None and n and gone is not None and not could_be:  # "格瓦斯改成4瓶": the same, a new count
            found.append((gone, n, 0))
        elif put is not None and put != gone:  # "Swap the honey for the jujube blossom one"
            if gone is not None:
                dropped.add(gone)
            if not n:
                guessed.add(put)  # its count taken from the line it replaces, unless a count is said for it
            # "五仁那40份全换成双黄白莲蓉" with 80 of those held already: 120 of them
            found.append((put, n or (had.get(gone or "", 0) + had.get(put, 0)) or 1, 0))
        else:
            unread.append(Unread(m.group(0), could_be))
        edited = True
        q = q.replace(m.group(0), "；")
    for seg, sentence in _segments(q, protect):
        again = bool(_MORE.search(seg))
        seg = _ORDER_WORDS.sub("", seg)
        n = _count(names.without_counted_names(seg))
        recount = len(had) == 1 and bool(_RECOUNT.search(seg))  # "改成1盒呢？" of the one line held
        if _DROPPED.search(seg) and not (
            n is not None and _KEEPS.search(seg)
        ):  # "也只要一瓶算了": one, not none  # "那火腿不要了": out of the basket
            bare = _TAKE_OUT_WORDS.sub(" ", _DROPPED.sub(" ", seg))
            gone, could_be = _pick(bare, shop, names, table)
            theirs = [pid for pid in had if (p := shop.product(pid)) is not None and names.score(bare, p) > 0]
            head = re.sub(r"[^\u4e00-\u9fff]", "", bare)
            if not theirs and len(head) == 1 and head in FOOD_HEAD_NOUNS:  # "茶不要了": the one tea in the basket
                theirs = [pid for pid in had if (p := shop.product(pid)) is not None and head in w.bare_name(p.name_zh)]
            if gone not in had and len(theirs) == 1:  # "那牛肉干不要了": the jerky in the basket, whichever flavour
                gone, could_be = theirs[0], ()
            if gone is not None:
                dropped.add(gone)
            elif could_be:
                unread.append(Unread(seg, could_be, taken_out=True))
            continue
        if n is None and _NOT_AN_ORDER.search(seg):
            continue
        if _COMPARED.search(seg):  # "跟一罐250克的比贵多少？": what it is compared with, not a line
            continue
        if n is not None and _SOMETHING_ELSE.search(seg):  # "把鲜花饼换成两盒别的": a line naming no product
            unread.append(Unread(seg))
            continue
        if _CARRIED.search(seg) and _SENT.search(q) and not (_ALL_ASKED.search(q) and not _PART_ASKED.search(q)):
            continue  # "苹果我在店里直接拎一箱走。另外…寄南京，这部分多少钱？": that line isn't in the parcel
        if n is None:  # "delivered to my flat here in Xi'an": a place, not the Xi'an beef
            seg = names.regions.sub(" ", seg)
        if _WRAPPED.search(seg) and not vocab.products_named(seg):
            continue  # "装一个小礼盒": the shop's gift wrapping, not a gift-box product
        pid, could_be = _pick(seg, shop, names, table, 0.9 if n else 1.5, bought)  # without a count: clearer
        if pid is None and not could_be:  # "…the three mangoes and the box": the one box on the table
            pid = _the_one_on_table(seg, names, table)
        if pid is None and n is not None and not _MORE_ALONE.fullmatch(seg):  # "…and one of the original"
            on = _variant_of_table(seg, shop, names, table)
            if on is not None and (not could_be or on in could_be):
                pid, could_be = on, ()
        if pid is not None:
            found.append((pid, n, sentence))
            if again and n:
                more.add(pid)
        elif (
            n is not None
            and found
            and found[-1][1] is None
            and (_BARE_COUNT.fullmatch(seg) or _BARE_COUNT_EN.fullmatch(seg))
        ):
            found[-1] = (found[-1][0], n, found[-1][2])  # "…的木耳，再来两盒": the count of the line before
            if again or _MORE.search(q):  # "甘草橄榄再加一袋": one more of it, on top of those held
                more.add(found[-1][0])
        elif (
            (n is not None or _up_to(seg))
            and not could_be
            and not found
            and (len(had) == 1 or (len(set(had.values())) == 1 and _up_to(seg)))
            and (again or _up_to(seg) or recount)
            and _MORE_ALONE.fullmatch(_RECOUNT_WORDS.sub("", seg) if recount else seg)
        ):  # "再加10份凑100份": more of the one line held, up to the count said; "加到150份" of a per-head order;
            # "改成1盒呢？" of the one line held: that many
            target = _up_to(seg) or (n if recount and not again else None)
            found += [(pid, target or (k + (n or 0)), sentence) for pid, k in had.items()]
        elif n is not None and could_be:  # "两袋牛肉干" with two flavours: which one is not said
            unread.append(Unread(seg, could_be))
    each = _each(q)  # "干贝配崂山绿茶，各12份", "two of each": that many of each line without its own count
    if each and not found and (held or table):  # "那就各3瓶": that many of each line already on the table
        found = [(pid, each, 0) for pid in (tuple(had) or table) if pid not in dropped]  # "剩下的各两份": of the rest
    counted = {sentence for _, n, sentence in found if n}
    if not counted and _RESTATES.search(q) and found:  # "Just the goji and the tea then.": the order, said again
        counted = {found[0][2]}
    if not counted:
        return Order(tuple((pid, 0) for pid in sorted(dropped) if pid in had), tuple(unread), edited)
    # a line without a count belongs to an order said in the same sentence ("…and the tea"), not to another ask
    # ("…total? And can the chilli crisp go in my carry-on?")
    found = [(pid, n, sentence) for pid, n, sentence in found if n or sentence in counted]
    if each:
        found = [(pid, n or each, sentence) for pid, n, sentence in found]
    out: dict[str, int] = {}
    said_again = Counter(pid for pid, n, _ in found if n)
    if any(said_again[pid] > 1 for pid in guessed):  # "都换成原味，一共6袋原味": the count said, not the guess
        first: dict[str, int] = {}
        for i, (pid, _, _) in enumerate(found):
            if pid in guessed and said_again[pid] > 1:
                first.setdefault(pid, i)
        found = [x for i, x in enumerate(found) if first.get(x[0]) != i]
    counted_twice = [pid for pid, k in Counter(pid for pid, n, _ in found if n).items() if k > 1]
    unread += [Unread(p.name_zh) for pid in counted_twice if (p := shop.product(pid)) is not None]
    for pid, n, _ in found:  # a product counted on two lines of one order ("4袋新米…1袋…大米"): not sure which
        out[pid] = (n + had.get(pid, 0)) if n and pid in more else (n or out.get(pid) or had.get(pid) or 1)
    return Order((*out.items(), *((pid, 0) for pid in sorted(dropped) if pid not in out)), tuple(unread), edited)


def restates(told: tuple[Line, ...], adds: bool) -> bool:
    """Whether the lines said are the whole order again ("Let's do the tea, two goji and two bags of raisins"),
    not an addition to it ("豌豆黄也加上"); a line taken out is neither."""
    return len([n for _, n in told if n]) >= 2 and not adds and all(n for _, n in told)


def merge(basket: tuple[Line, ...], told: tuple[Line, ...], shop: Shop, adds: bool) -> tuple[Line, ...]:
    """The basket after a turn's lines: the whole order when restated, else each line sets its product's count
    and replaces another size of the same product ("那换两袋250克的")."""
    gone = {pid for pid, n in told if n == 0}
    told = tuple((pid, n) for pid, n in told if n)
    if gone:
        basket = tuple((pid, n) for pid, n in basket if pid not in gone)
    if not told:
        return basket
    if restates(told, adds):
        return told
    held = dict(basket)
    new = [p for pid, _ in told if pid not in held and (p := shop.product(pid)) is not None and p.group]

    def resized(p: Product | None) -> bool:  # another size of a pack said anew, not another flavour of it
        return p is not None and any(o.group == p.group and _grams(o) != _grams(p) for o in new)

    said = dict(told)
    kept = [(pid, n) for pid, n in basket if pid not in said and not resized(shop.product(pid))]
    return (*kept, *told)


_FINDS = frozenset({"recommend", "choose", "unknown_product"})  # a count there is a wish, not an order
_NOT_ORDERS = frozenset(
    {"complaint", "human", "off_topic", "greeting", "injection", "medical", "allergy", "suitability"}
)


def after(held: tuple[Line, ...], u: Understanding, priced: tuple[Line, ...], shop: Shop) -> tuple[Line, ...]:
    """The basket after a turn: the lines it said, one of a product added without a count ("豌豆黄也加上"), or
    the earlier order the answer priced again (``priced``: "照上个月那单再来一份")."""
    if u.act in _NOT_ORDERS:  # "有4个烂了" is a complaint's count, not an order
        return held
    said = u.quantities or priced
    if not said and u.subject_ids and u.act not in _FINDS and (u.quantity or u.adds):
        said = ((u.subject_ids[-1], u.quantity or 1),) if u.quantity else tuple((pid, 1) for pid in u.subject_ids)
    return merge(held, said, shop, u.adds)
