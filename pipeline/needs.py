"""Parse what a customer needs from a question, in Chinese or English.

The result is filtered in code (``pipeline.retrieval``), never left to the LLM: a small LLM cannot combine
price, sweetness and gift-box limits reliably, and code can.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.allergens import HALAL_AVOIDS, HALAL_ONLY, condition_avoids, keeps_pungent
from pipeline.catalogue import Product, Shop
from pipeline.conversation.lexicon import (
    ALLERGEN_WORDS,
    EN_FOOD_ADJECTIVES,
    EN_FOOD_NOUNS,
    FOOD_HEAD_NOUNS,
    SOFT_WISH,
    TAG_WORDS,
)
from pipeline.conversation.vocab import ShopVocab, build_vocab
from pipeline.textnum import has_cjk, parse_amount

__all__ = [
    "Intent",
    "Needs",
    "avoided_allergens",
    "mentioned_allergens",
    "not_allergic",
    "parse_needs",
    "short_span",
    "vocabulary_patterns",
]

_NUM = r"(\d+(?:\.\d+)?\s*[k千万]?|[零一二两三四五六七八九十百千万]+)"

_RECIPIENTS: list[tuple[str, str]] = [(pat, tag) for tag, pat in TAG_WORDS.items()] + [
    (r"飞机|带回|luggage|flight", "travellers"),
    (r"公司送|corporate", "business_gifts"),
]
_ALLERGENS: list[tuple[str, str]] = list(ALLERGEN_WORDS.items())
# a word for "nuts" in general covers peanuts too (most customers mean both)
_ANY_NUT = re.compile(r"坚果|\bnuts?\b|nut-free", re.I)
_AVOID_BEFORE = re.compile(
    r"(不要|不能|不含|没有|无|不吃|不碰|忌|别|避开|avoid|\bno\b|without|allergic to|allergy to|can'?t (eat|have)|free of)"
    r"[^，。,.!?？！]{0,6}$",
    re.I,
)
_AVOID_AFTER = re.compile(
    r"^[^，。,.!?？！]{0,4}(过敏|-?free|allerg)|^[^，。,.!?？！]{0,3}有(一)?(点|些|点点|一点点)过敏", re.I
)
# "鱼我倒是不过敏", "I'm not allergic to fish": said, and not avoided
_NOT_AFTER = re.compile(
    r"^[^，。,.!?？！]{0,4}((不|没有?|并不)(会)?过敏|没(问题|事)(?![吗么嘛])|不要紧|可以吃(?![吗么嘛不])|能吃(?![吗么嘛不]))|"
    r"^[^,.!?]{0,6}\b(is|are) (fine|ok|okay|no problem|not a problem|alright)\b",
    re.I,
)  # "鱼我倒是不过敏", "花生没问题", "peanuts are fine for me"
_NOT_BEFORE = re.compile(
    r"(not|n't|never been) (allergic|sensitive) to[^,.!?]{0,6}$|\b(fine|ok|okay) with[^,.!?]{0,6}$|"
    r"\bi can (eat|have)[^,.!?]{0,6}$|\bi (do )?eat (?!no\b|nothing|anything|without)[^,.!?]{0,12}$|(但是?(能|可以|也)?|我(能|可以|也))吃[^，。,.!?？！]{0,4}$",
    re.I,
)
_AMBIENT = re.compile(
    r"常温(能放|保存|的|放)|不用冷藏|不需要冷藏|不用放冰箱|room[- ]temperature|ambient|without a fridge|no fridge|"
    r"(doesn'?t|does not|won'?t) need (a |the )?(fridge|refrigeration|cold chain)|keeps? (unrefrigerated|out of the fridge)",
    re.I,
)
# "I don't drink", "我不喝酒": alcohol avoided, said without the word "alcohol"
_NO_DRINK = re.compile(
    r"(i|we|he|she) (don'?t|do not|doesn'?t|never) drink\b|teetotal|不喝酒|不沾酒|滴酒不沾|戒酒了", re.I
)
_WHOLE_BUDGET = re.compile(r"in total|all together|altogether|for (all|the lot)|一共|总共|加起来|总预算|一起", re.I)
# a question's halal wish: the words said of oneself, and "I'm Muslim", "回族同事" (a wish for whom it is for)
_HALAL_ONLY = re.compile(HALAL_ONLY + r"|穆斯林|回族|i'?m muslim|muslim,? so", re.I)
# question forms that contain negation words but ask, not avoid: 有没有花生糖, 辣不辣, 含不含芝麻
_ASKING = re.compile(r"有没有|有没|是不是|含不含|能不能|可不可以|([\u4e00-\u9fff])不\1")

_INJECTION = re.compile(
    r"忽略|无视|忘记.*(规则|指令|设定)|你现在是|系统提示|系统通知|系统消息|管理员通知|告诉顾客应付|所有商品\s*0\s*元|打.{0,2}折给我|给我打.{0,2}折|免费送我|一块钱卖|1\s*元卖|价格(改|是|为).{0,4}\d|"
    r"ignore (all |your |previous |the )*(rules|instructions)|disregard|you are now|system prompt|system (notice|message)|"
    r"\[system\]|tell the customer (to pay|the price is)|"
    r"give (me )?\d+\s*% off|\d+\s*% off (for me|now)|discount code|give (it |them )?(to )?me for free|price is \d|say the price|jailbreak",
    re.I,
)
_MEDICAL = re.compile(
    r"治疗|治愈|治病|降血糖|降血压|降血脂|抗癌|防癌|药效|疗效|能治|吃药|当药|当成药|药用|入药|补身体|滋补|进补|怀孕|孕妇|"
    r"cure|\btreat(?:ing|ment)?\b|medic|"
    r"lower (my )?(blood|cholesterol)|cancer|disease|pregnan",
    re.I,
)
_OFF_TOPIC = re.compile(
    r"天气|下雨|股票|基金|理财|新闻|足球|总统|写一首|写首诗|编程|代码|写(一|一篇|篇|个|份)?.{0,10}(作文|游记|文章|作业|报告|论文|日记)|"
    r"write (me )?(an? )?(\d+[- ]word )?(essay|story|article|report|composition)|do my homework|门票|景点|餐厅|饭店|饭馆|馆子|火锅店|酒店|宾馆|打车|地铁|"
    r"weather|rain\b|stock market|\bstocks\b|shares|invest|news|football|president|restaurant|hotpot place|hotel|"
    r"museum|tickets?\b|directions to|taxi|subway|metro|高铁票|火车票|机票|车票|订票|有没有票|买票|查票|旅游|景区|好玩|攻略|"
    r"best (month|time|season) to (visit|go)|day trip|sightseeing|worth (a|the) (visit|trip)|\bvisit the\b|"
    r"write (me )?a poem|python|javascript|homework|汇率|换汇|美元兑|兑换成|exchange rate|currency (rate|conversion)|"
    r"\b(rmb|yuan|renminbi|dollar|euro|rouble|ruble|yen|won)s? (to|into|against) (the )?\w+ rate|\brate today|"
    r"零下\d|气温|温度多少|冷不冷|minus \d+|below zero|degrees (tonight|today|outside)|temperature (tonight|today|outside)|"
    r"convert .{0,20}(to|into) (euros?|dollars?|pounds|yen|usd|eur)",
    re.I,
)
_UNKNOWN_ASK = re.compile(
    r"(?:有没有|有卖|卖不卖|有没有卖|有无)\s*(?![放加用含掺])([\u4e00-\u9fffA-Za-z]{1,12}?)(?:吗|呢|？|\?|$)|"
    r"(?:你们|店里)?有\s*([\u4e00-\u9fff]{1,10}?)\s*(?:吗|卖吗)|"
    r"(?:do you|do y'?all|have you got|you'?ve got|you have|you got)(?: guys| all| folks)? (?:have |sell |carry |stock )?(?:any )?"
    r"([a-z][a-z' -]{1,40}?)(?:\?|$| for| in|\.|,)",
    re.I,
)
# "…，双皮奶能吃吗？", "can I eat the durian cake?": a food asked about by name (when no product is named)
_CAN_EAT_ASK = re.compile(
    r"(?:^|[，,。！？?!；;\s])([\u4e00-\u9fff]{2,8}?)(?:我|他|她|我们|孩子|宝宝|小孩|老人|老人家|我爸|我妈|爸爸|妈妈|"
    r"老公|老婆|儿子|女儿)?也?(?:能吃吗|可以吃吗|能不能吃|可不可以吃|能吃不)|"
    r"\bcan (?:i|he|she|we|they|my \w+) (?:eat|try) (?:the |some |an? )?([a-z][a-z' -]{1,30}?)(?:\?|$|\.|,| if| with)",
    re.I,
)


@dataclass(frozen=True)
class Intent:
    """What kind of question this is (several may hold)."""

    injection: bool = False
    medical: bool = False
    off_topic: bool = False
    cheaper: bool = False
    pricier: bool = False
    greeting: bool = False


@dataclass(frozen=True)
class Needs:
    """Constraints parsed from one question. ``None`` or empty means "not said"."""

    max_price: float | None = None
    min_price: float | None = None
    max_sweetness: int | None = None
    min_sweetness: int | None = None
    max_spiciness: int | None = None
    min_spiciness: int | None = None
    avoid_allergens: frozenset[str] = frozenset()
    recipients: frozenset[str] = frozenset()
    gift_box: bool = False
    gift: bool = False
    regions: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    in_stock_only: bool = False
    soft: bool = False  # soft food: weak teeth
    ambient: bool = False  # keeps without a fridge: no cold-chain goods ("常温能放的", "room temperature")
    named_products: tuple[str, ...] = ()
    asked_for: str | None = None
    intent: Intent = field(default_factory=Intent)

    def as_dict(self) -> dict[str, object]:
        """Only the constraints that were said, JSON-ready."""
        out: dict[str, object] = {}
        for k in ("max_price", "min_price", "max_sweetness", "min_sweetness", "max_spiciness", "min_spiciness"):
            v = getattr(self, k)
            if v is not None:
                out[k] = v
        for k in ("avoid_allergens", "recipients", "regions", "categories"):
            v = getattr(self, k)
            if v:
                out[k] = sorted(v)
        for k in ("gift_box", "gift", "in_stock_only", "soft", "ambient"):
            if getattr(self, k):
                out[k] = True
        if self.named_products:
            out["named_products"] = list(self.named_products)
        if self.asked_for:
            out["asked_for"] = self.asked_for
        return out

    @property
    def has_constraints(self) -> bool:
        return bool(self.as_dict())


def _price(q: str) -> tuple[float | None, float | None]:
    lo = hi = None
    rng = re.search(_NUM + r"\s*(?:块|元)?\s*(?:到|至|-|–|~|～)\s*" + _NUM + r"\s*(?:块|元|rmb|yuan|cny)?", q, re.I)
    rng = rng or re.search(r"between\s*[¥￥]?\s*" + _NUM + r"\s*(?:yuan|rmb)?\s*and\s*[¥￥]?\s*" + _NUM, q, re.I)
    rng = rng or re.search(
        r"[¥￥]?\s*" + _NUM + r"\s*(?:yuan|rmb)?\s*to\s*[¥￥]?\s*" + _NUM + r"\s*(?:yuan|rmb|kuai)?", q, re.I
    )
    if rng:
        a, b = parse_amount(rng.group(1)), parse_amount(rng.group(2))
        if a is not None and b is not None and 0 < a < b:
            return a, b
    m = re.search(_NUM + r"\s*(?:块|元|rmb|yuan|cny)?\s*(?:以内|以下|之内|内|左右|上下)", q, re.I)
    m = m or re.search(r"(?:不超过|不要超过|最多|低于|少于|预算)\s*" + _NUM, q)
    m = m or re.search(
        r"(?:under|below|less than|up to|max(?:imum)?|within|budget(?: of| is)?)\s*[¥￥]?\s*" + _NUM, q, re.I
    )
    m = m or re.search(r"(?:around|about)\s*[¥￥]?\s*" + _NUM + r"\s*(?:yuan|rmb|kuai|块|元)", q, re.I)
    m = m or re.search(r"[¥￥]\s*" + _NUM + r"\s*(?:or less|max)", q, re.I)
    if m:
        hi = parse_amount(m.group(1))
        if hi is not None and re.search(r"左右|上下|around|about", q):
            hi = hi * 1.3  # "about 200": a little over is fine, and less is never a problem
    m = re.search(r"(?:超过|高于|以上|至少)\s*" + _NUM, q) or re.search(_NUM + r"\s*(?:块|元)?\s*以上", q)
    m = m or re.search(r"(?:over|above|more than|at least)\s*[¥￥]?\s*" + _NUM, q, re.I)
    if m:
        lo = parse_amount(m.group(1))
    return lo, hi


def _taste(q: str) -> dict[str, int]:
    """Taste limits the customer states ("不要太甜", "very spicy"); a question about taste ("辣不辣？") is none."""
    q = re.sub(
        r"(辣|甜)不\1|(多|有多)(辣|甜)|(很|太|特别)?(辣|甜)吗|how (spicy|hot|sweet)|"
        r"\b(is|are)\b[^?]{0,40}\b(spicy|hot|sweet)\b[^?]*\?",
        " ",
        q,
        flags=re.I,
    )
    out: dict[str, int] = {}
    sweet = _said_with_negation(
        q,
        r"甜|\bsweet|sugary",
        r"不(要|能|爱|怎么|喜欢)?吃?(太|那么|很)?|别太?|少|"
        r"\bnot\b[\w ]{0,8}|n't[\w ]{0,8}|\bno\b|nothing|without|less|un",
    )
    if sweet == "not" or re.search(r"少糖|no sugar|savou?ry", q, re.I):
        out["max_sweetness"] = 1
    elif sweet == "yes":
        out["min_sweetness"] = 3
    spicy = _said_with_negation(
        q,
        r"辣|\bspic|\bhot\b|chil+i|fiery|(?<!to )(?<!\bi )(?<!re)\bheat\b(?! (it|them|up|this|that|in|on|through))|\bkick\b",
        r"不(要|能|爱|喜欢)?吃?(太|那么|很)?|别太?|怕|"
        r"\bnot\b[\w ]{0,8}|n't[\w ]{0,8}|\bno\b|nothing|without|non-?",
    )
    if spicy == "not" or re.search(r"\bmild\b|微辣", q, re.I):
        out["max_spiciness"] = (
            1 if re.search(r"不太辣|不要太辣|别太辣|微辣|mild|not too|not very|isn't too", q, re.I) else 0
        )
    elif re.search(
        r"特辣|超辣|最辣|很辣|越辣越好|变态辣|very spicy|extra hot|hottest|spiciest|really spicy|properly spicy|"
        r"(properly|really|very|seriously|super) (fiery|hot)|fieriest|blazing|scorching|lots of heat|real kick|proper kick",
        q,
        re.I,
    ):
        out["min_spiciness"] = 3
    elif spicy == "yes":
        out["min_spiciness"] = 2
    return out


def _said_with_negation(q: str, word: str, negation: str) -> str | None:
    """ "not" when every mention of ``word`` is negated just before it ("不要太甜", "isn't sweet", "nothing spicy"),
    "yes" when a mention is not, None when the word is not said."""
    hits = list(re.finditer(word, q, re.I))
    if not hits:
        return None
    neg = re.compile(r"(" + negation + r")\s*$", re.I)
    return "not" if all(neg.search(q[max(0, m.start() - 14) : m.start()]) for m in hits) else "yes"


_NO_LISTED_DRINK = re.compile(
    r"(不要|不能有|不能|不含|没有|不带|不放|别|忌)[^。？！?!]{0,20}[、和及与跟]酒(?![店楼吧厂])"
)


def avoided_allergens(q: str) -> frozenset[str]:
    """Allergens the customer says to avoid ("对芝麻过敏", "nut-free", "no peanuts"), not ones asked about."""
    q = _ASKING.sub(" ", q)
    avoid: set[str] = set()
    for tag, pat in _ALLERGENS:
        for m in re.finditer(pat, q, re.I):
            before, after = q[max(0, m.start() - 24) : m.start()], q[m.end() :]
            if _NOT_AFTER.search(after) or _NOT_BEFORE.search(before):
                continue
            # "不含酒", "没有酒的": the pattern's own 含 / 有 / 带, negated just before it
            negated_own = m.group(0)[:1] in "含有带" and q[max(0, m.start() - 1) : m.start()] in ("不", "没", "无")
            if (
                negated_own
                or _AVOID_BEFORE.search(q[max(0, m.start() - 14) : m.start()])
                or _AVOID_AFTER.search(q[m.end() :])
            ):
                avoid.add(tag)
                if tag == "tree_nut" and _ANY_NUT.fullmatch(m.group(0)):
                    avoid.add("peanut")
    if _HALAL_ONLY.search(q):  # "I'm Muslim, so halal only", "我只吃清真": no pork, no meat not said to be halal
        avoid |= HALAL_AVOIDS
    if _NO_DRINK.search(q):
        avoid.add("alcohol")
    if keeps_pungent(q):  # "吃斋的", "a Buddhist vegetarian": no garlic, onion, leek
        avoid.add("pungent")
    avoid |= condition_avoids(q)  # "my mum's coeliac", "孩子有蚕豆病": a condition that is an avoidance
    if _NO_LISTED_DRINK.search(q):  # "不能有猪肉、猪油、骨头汤和酒": a bare 酒 at the end of a list of what to avoid
        avoid.add("alcohol")
    return frozenset(avoid) - not_allergic(q)  # "severe tree-nut allergy, peanuts are fine": not peanuts


_ASKED_OF = re.compile(r"(?:chance|traces?|bits?) of\s*$", re.I)


def _asked_about(q: str) -> frozenset[str]:
    """Allergens the question asks whether something holds ("any chance of nuts sneaking in?")."""
    return frozenset(
        tag for tag, pat in _ALLERGENS if any(_ASKED_OF.search(q[: m.start()]) for m in re.finditer(pat, q, re.I))
    )


def not_allergic(q: str) -> frozenset[str]:
    """Allergens the customer says they are *not* allergic to ("鱼我倒是不过敏", "I'm not allergic to fish")."""
    out = set()
    for tag, pat in _ALLERGENS:
        for m in re.finditer(pat, q, re.I):
            if _NOT_AFTER.search(q[m.end() :]) or _NOT_BEFORE.search(q[max(0, m.start() - 24) : m.start()]):
                out.add(tag)
    return frozenset(out)


# "can I drink it with milk?", "加点牛奶泡": an allergen word as what it is served with, not what to avoid
_SERVED_WITH = re.compile(
    r"\b(drink|have|eat|take|serve|make|brew|try|mix) (it|this|that|them|these|those)? ?(with|in) (a (little|splash of) |some )?$|"
    r"\bwith (a (little|splash of) |some )?$|(加|配|兑|放)(一?点|些|上|着)?$|(和|跟|配着?)$",
    re.I,
)
_ALLERGY_ASKED = re.compile(r"过敏|allerg|含不含|有没有|contain|\bfree\b|intoleran", re.I)


def served_with(q: str) -> frozenset[str]:
    """Allergens named only as what the product is served with ("can I drink it with milk?", "加牛奶好喝吗"), when
    nothing in the question asks about an allergy."""
    if _ALLERGY_ASKED.search(q):
        return frozenset()
    out = set()
    for tag, pat in _ALLERGENS:
        ms = list(re.finditer(pat, q, re.I))
        if ms and all(_SERVED_WITH.search(q[max(0, m.start() - 24) : m.start()]) for m in ms):
            out.add(tag)
    return frozenset(out)


def mentioned_allergens(q: str) -> frozenset[str]:
    """Every allergen the question names, avoided or asked about ("含不含芝麻？")."""
    return frozenset(tag for tag, pat in _ALLERGENS if re.search(pat, q, re.I))


# one spelling for words English writes two ways ("chili" / "chilli", "flavor" / "flavour")
_SPELLINGS = (
    (r"\bchil(?:i|e)(?=s?\b|\s)", "chilli"),
    (r"flavor", "flavour"),
    (r"\byogh?urt", "yogurt"),
    (r"colou?r", "colour"),
)


def plural_pattern(name: str) -> str:
    """A name's pattern with its plural ("lard pastry" / "lard pastries", "bun" / "buns")."""
    if re.search(r"[^aeiou]y$", name):
        return re.escape(name[:-1]) + r"(?:y|ies)"
    return re.escape(name) + r"(?:e?s)?"


def spelling(text: str) -> str:
    """Lower-case English with one spelling per word that has two, for matching a question to a name."""
    for pat, canon in _SPELLINGS:
        text = re.sub(pat, canon, text)
    return text


_GRAMS = re.compile(r"(\d+(?:\.\d+)?)\s*(g|克|grams?|kg|公斤|千克)(?![a-z])")


def _grams_said(q: str) -> set[float]:
    """The pack sizes a question says, in grams ("125 g", "250克", "1 kg")."""
    return {float(n) * (1000 if unit in ("kg", "公斤", "千克") else 1) for n, unit in _GRAMS.findall(q)}


def _named(q: str, shop: Shop, aliases: dict[str, set[str]]) -> tuple[str, ...]:
    """Products the question names; a named variant (熟茶, extra hot, 250克) picks one pack of a family.

    Two products of different families named in one question ("牛肉干香辣味和灯影牛肉丝") are both kept.
    """
    ql = spelling(q.lower())
    hits: list[tuple[int, int, str, str]] = []  # (score, length of the longest name, family, id)
    said: dict[str, list[str]] = {}
    for pid, names in aliases.items():
        found = [
            n for n in names if (n in q if has_cjk(n) else re.search(r"\b" + plural_pattern(spelling(n)) + r"\b", ql))
        ]
        if found:
            said[pid] = found
    longer = {n for found in said.values() for n in found}
    for pid, found in said.items():
        # "osmanthus cake" inside "osmanthus cake gift box", said once: the gift box's name, not the cakes'
        if all(any(n != m and n in m and ql.count(n) <= ql.count(m) for m in longer) for n in found):
            continue
        p = shop.product(pid)
        longest = max(len(n) for n in found)
        score = longest
        family = pid
        if p is not None:
            family = p.group or re.sub(r"[（(].*?[)）]", "", p.name_zh)
            variants = re.findall(r"[（(]([^)）]+)[)）]", p.name_zh + " " + p.name_en.lower())
            variants += [
                str(v).lower()
                for v in ((p.pack_text.get("zh") or {}).get("variant"), (p.pack_text.get("en") or {}).get("variant"))
                if v
            ]
            years = {y for v in variants for y in re.findall(r"(?:19|20)\d\d", v)}  # "2019年的六堡茶": its vintage
            if (
                any(v and (v in q or v in ql) for v in variants)
                or any(y in q for y in years)
                or (p.net_weight_g and p.net_weight_g in _grams_said(ql))  # "the 125 g Dahongpao"
            ):
                score += 100
        # a two-character name said as one item of a list ("束砂和花生糖"): a name, not a piece of another word
        listed = any(
            re.search(rf"(?:^|[，,、和跟与及]){re.escape(n)}|{re.escape(n)}(?:[和跟与及、，,]|$)", q)
            for n in found
            if has_cjk(n) and len(n) == 2
        )
        hits.append((score, max(longest, 3) if listed else longest, family, pid))
    if not hits:
        return _named_short(q, shop)
    rest = q
    for names in aliases.values():  # what the names found leave: "竹荪拿三袋，原味的松露酱两瓶"
        for n in sorted(names, key=len, reverse=True):
            if has_cjk(n) and n in rest:
                rest = rest.replace(n, "，")
    more = [pid for pid in _named_short(rest, shop) if not any(h[3] == pid for h in hits)] if rest != q else []
    top = max(h[0] for h in hits)
    best_in_family: dict[str, int] = {}
    for score, _, family, _ in hits:
        best_in_family[family] = max(best_in_family.get(family, 0), score)
    keep = [
        pid
        for score, longest, family, pid in hits
        if score == best_in_family[family] and (score == top or longest >= 3)
    ]
    return tuple(keep + more)


_EN_STOP = frozenset("the a an of and with in for to my that this those these some".split())


def _subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    """Whether ``short``'s items stand in ``long`` in order (characters of a name, or words)."""
    it = iter(long)
    return all(ch in it for ch in short)


_GENERIC_EN = EN_FOOD_NOUNS | EN_FOOD_ADJECTIVES | frozenset("gift gifts dried fresh whole mixed new year".split())


def short_span(q: str, p: Product) -> tuple[int, int, int] | None:
    """Where a shortening of the product's name stands in the question, as (start, end, weight): its Chinese
    name's characters in order ending on its head ("松露酱" of 黑松露菌酱), or two or more of its English words
    in order ending on its head word ("the truffle paste"). None when there is none of three characters (two
    words) or more."""
    base = re.sub(r"[（(].*?[)）]", "", p.name_zh)
    best: tuple[int, int, int] | None = None
    for m in re.finditer(r"[\u4e00-\u9fff]{3,}", q):
        run = m.group(0)
        for i in range(len(run)):
            for j in range(len(run), i + 2, -1):
                cut = run[i:j]
                if (best is None or j - i > best[2]) and (
                    (cut[-1] == base[-1] and _subsequence(cut, base)) or (j - i >= 3 and cut in base)
                ):  # "松露酱" of 黑松露菌酱 (ending on its head), "无核白" of 吐鲁番无核白葡萄干 (a piece of it)
                    best = (m.start() + i, m.start() + j, j - i)
                    break
    en = [w for w in re.findall(r"[a-z']+", re.sub(r"\(.*?\)", "", p.name_en.lower())) if w not in _EN_STOP]
    toks = [(t.group(0), t.start(), t.end()) for t in re.finditer(r"[a-z']+", q.lower()) if t.group(0) not in _EN_STOP]
    words = [t[0] for t in toks]
    for i in range(len(words)):
        for j in range(len(words), i + 1, -1):
            weight = j - i + 1  # two words weigh like three characters
            if (
                (best is None or weight > best[2])
                and words[j - 1] == en[-1]
                and any(w not in _GENERIC_EN for w in words[i:j])  # not "a gift box", "chilli oil"
                and _subsequence(words[i:j], en)
            ):
                best = (toks[i][1], toks[j - 1][2], weight)
                break
    return best if best is not None and best[2] >= 3 else None


def _named_short(q: str, shop: Shop) -> tuple[str, ...]:
    """A product named by a shortening of its name (``short_span``), when its full names are not said: "松露酱"
    for 黑松露菌酱, "黑蜂蜜" for 伊犁黑蜂椴树蜜. Only one family may match."""
    best: dict[str, tuple[int, str]] = {}  # family → (weight, ids)
    for p in shop.products:
        span = short_span(q, p)
        if span is None:
            continue
        got = span[2]
        family = p.group or re.sub(r"[（(].*?[)）]", "", p.name_zh)
        if got > best.get(family, (0, ""))[0]:
            best[family] = (got, p.id)
        elif got == best[family][0] and p.group:  # every variant of the family: the variant is asked later
            best[family] = (got, best[family][1] + "|" + p.id)
    if len(best) != 1:
        return ()
    ids = next(iter(best.values()))[1].split("|")
    ql = q.lower()
    said = [  # the variant said ("原味的松露酱"): that one of the family
        pid
        for pid in ids
        if (one := shop.product(pid)) is not None
        and any(v in q or v.lower() in ql for v in re.findall(r"[（(]([^)）]+)[)）]", one.name_zh + " " + one.name_en))
    ]
    return tuple(said or ids)


_FILLER = (
    r"适合|合适|给|送|的|一点|一些|点|些|东西|特产|礼物|礼品|好吃|便宜|不甜|不辣|甜|辣|吃|买|零食|小吃|喝的|年货|伴手礼|别的|其他|其它|替代|代替|"
    r"\b(snacks?|treats?|food|drinks?|souvenirs?|stuff|things?|presents?|else|other|instead|alternatives?)\b|"
    r"\b(something|anything|some|any|good|nice|for|my|a|an|the|to|gift|gifts|sweet|spicy|cheap)\b"
)
# people and occasions are needs, never product names ("有没有送女朋友的零食？")
_PEOPLE = (
    r"女朋友|男朋友|老婆|老公|朋友|闺蜜|家人|亲戚|父亲|母亲|爸爸|妈妈|老师|邻居|客人|自己|过年|春节|中秋|端午|生日|结婚|"
    r"girlfriend|boyfriend|wife|husband|friends?|family|relatives?|teacher|myself|birthday|wedding|christmas"
)


def _core(asked: str) -> str:
    core = re.sub(r"^(卖|买|一些|点)|(的东西|的|吗|呢|之类的?)$", "", asked.strip().lower())
    core = re.sub(r"^(anything|something|any|some)\s+(with|made with|made from|containing|that has)?\s*", "", core)
    return re.sub(r"^(the|a|an|your|those|these)\s+", "", core)


# words for how a food tastes or is made (general language): "麻辣牛肉干" is 牛肉干, spicy
_FLAVOUR_WORDS = (
    r"麻辣|香辣|微辣|特辣|甜味|咸味|原味|五香|椒盐|孜然|蜂蜜|奶香|酱香|烟熏|风干|手撕|"
    r"\b(spicy|hot|mild|sweet|salty|smoked|original|numbing|crispy|honey|dried|small|large|big)\b"
)
_PLAIN_EN = frozenset("the with from that this some any have sell carry stock".split())


def _carried(asked: str, shop: Shop) -> bool:
    """Whether something the customer asked for by name is a product or in one: its name, ingredients or flavour.

    A dish a description only mentions ("切薄片夹在白吉馍里就是肉夹馍") is not carried: the shop sells what
    goes into it, which the answer for an unknown product says.
    """
    core = _core(asked)
    if not core:
        return True
    words = [w for w in re.findall(r"[a-z]{3,}", core) if w not in _PLAIN_EN]
    for p in shop.products:
        pack = [v for side in p.pack_text.values() if isinstance(side, dict) for k, v in side.items() if k != "origin"]
        text = " ".join(
            (p.name_zh, p.name_en, p.ingredients_zh, p.ingredients_en, p.flavour_zh, p.flavour_en, *map(str, pack))
        ).lower()  # not where it comes from: "pu'er" the tea is not Pu'er the city a white tea comes from
        if core in text or (words and all(w.rstrip("s") in text for w in words)):
            return True
    return False


_DISH_HEADS = FOOD_HEAD_NOUNS + "馍包饺饭粥汤"


def _food_head(text: str) -> bool:
    """The text holds a Chinese food head (糖 of 花生糖, 馍 of 肉夹馍): it names a thing to eat."""
    return any(ch in _DISH_HEADS for ch in re.sub(r"[^\u4e00-\u9fff]", "", text))


def _specific(rest: str) -> bool:
    """What is left of an ask once its kind word is out still names a thing ("夹馍" of 肉夹馍, "lanzhou")."""
    zh = re.sub(r"[^\u4e00-\u9fff]", "", rest)
    en = [w for w in re.findall(r"[a-z]{4,}", rest.lower()) if w not in _PLAIN_EN | EN_FOOD_ADJECTIVES]
    return len(zh) >= 2 or bool(en)


def parse_needs(question: str, shop: Shop, vocab: ShopVocab | None = None) -> Needs:
    """Parse budget, taste, allergens, recipients, gift box, region, category and stock from a question.

    ``vocab`` is :func:`pipeline.conversation.vocab.build_vocab` of the shop; a caller that parses many
    questions computes it once.
    """
    vocab = vocab or build_vocab(shop)
    q = question.strip()
    lo, hi = _price(q)
    taste = _taste(q)
    avoid = avoided_allergens(q)
    recipients = {tag for pat, tag in _RECIPIENTS if re.search(pat, q, re.I)}
    if "diabetics_low_sugar" in recipients:
        taste.setdefault("max_sweetness", 1)
    regions = {
        p.region_zh
        for p in shop.products
        if p.region_zh in q or re.search(r"\b" + re.escape(p.region_en.lower()) + r"\b", q.lower())
    }
    without_avoided = q
    # "nut-free snacks" asks for snacks, not for nuts; "any chance of nuts sneaking in?" asks, it wants no nuts
    for tag in avoid | _asked_about(q):
        without_avoided = re.sub(ALLERGEN_WORDS[tag], " ", without_avoided, flags=re.I)
    if "alcohol" in avoid:  # "…骨头汤和酒": the 酒 said is avoided, no wish for wine
        without_avoided = re.sub(r"[、和及与跟]酒(?![店楼吧厂])", " ", without_avoided)
    cats = set(vocab.categories_in(without_avoided))
    named = _named(q, shop, vocab.aliases)
    asked_for = None
    ask = _UNKNOWN_ASK.search(q)
    if named and ask:  # "有没有花生糖": a name (花生) inside a thing the shop doesn't carry names nothing
        core = _core(next(g for g in ask.groups() if g))
        names = {a.lower() for pid in named for a in vocab.aliases.get(pid, ())}
        inside = [a for a in names if a in core and a != core]
        extra = core
        for a in sorted(inside, key=len, reverse=True):
            extra = extra.replace(a, " ")
        extra = re.sub(_FILLER + "|" + _FLAVOUR_WORDS, " ", extra, flags=re.I)  # "麻辣牛肉干": a taste, not a thing
        a_thing = _specific(extra) or _food_head(extra)  # 糖 of 花生糖
        if inside and core not in names and a_thing and not _carried(core, shop):
            named = ()
    if not named:
        ask = ask or _CAN_EAT_ASK.search(q)
        if ask:
            asked_for = _core(next(g for g in ask.groups() if g))
            # what is left once the words for needs we understand are taken out must name a thing
            thing = asked_for
            for pat in [p for p, _ in _RECIPIENTS] + [_FILLER]:
                thing = re.sub(pat, " ", thing, flags=re.I)
            thing = re.sub(r"\s+", " ", thing).strip()
            kind_left = thing
            for cat in vocab.categories.values():  # "好吃的茶" asks for a kind; "花生糖" for a thing of a kind
                kind_left = cat.sub(" ", kind_left)
            left_zh = re.sub(r"[^\u4e00-\u9fff]", "", kind_left)
            a_dish = _food_head(kind_left) or bool(re.search(r"[a-z]{4,}", kind_left.lower()))
            if (
                len(thing) < 2
                or not re.sub(r"\W", "", kind_left)
                # a kind word and a short leftover that is no food ("不辣的零食给孩子去等", misheard): a wish
                or (vocab.categories_in(asked_for) and len(left_zh) <= 2 and not a_dish)
                or re.search(_PEOPLE, asked_for, re.I)
                or any(w in thing for w in ("货", "礼盒", "优惠", "折扣", "什么", "推荐"))
                or _carried(thing, shop)
                or re.search(
                    r"^(不含|不带|无|没有|不加|不放|别的|其他|其它|free of|without)|-free$", asked_for, re.I
                )  # "不含蛋的": a wish
                or re.fullmatch(
                    r"(那|这|哪)(个|款|种|些|样)?.{0,2}|它|(it|this|that|them|these|those|one|any)( ones?)?", thing
                )
            ):
                asked_for = None
    intent = Intent(
        injection=bool(_INJECTION.search(q)),
        medical=bool(_MEDICAL.search(q)),
        off_topic=bool(_OFF_TOPIC.search(q)),
        cheaper=bool(re.search(r"便宜|实惠|划算|cheaper|cheapest|less expensive|budget option", q, re.I)),
        pricier=bool(re.search(r"贵一点|高档|最好的|更好的|premium|more expensive|fancier|best one", q, re.I)),
        greeting=bool(re.fullmatch(r"(你好|您好|hi|hello|hey|在吗)[!！。.？?]*", q, re.I)),
    )
    return Needs(
        max_price=hi,
        min_price=None if _WHOLE_BUDGET.search(q) else lo,  # "100 to 200 in total": a budget, no item must cost 100
        max_sweetness=taste.get("max_sweetness"),
        min_sweetness=taste.get("min_sweetness"),
        max_spiciness=taste.get("max_spiciness"),
        min_spiciness=taste.get("min_spiciness"),
        avoid_allergens=avoid,
        recipients=frozenset(recipients),
        gift_box=bool(re.search(r"礼盒|盒装|gift ?box|boxed", q, re.I)),
        gift=bool(
            re.search(
                r"礼物|送人|送礼|礼品(?!卡)|伴手礼|孝敬|gift(?! ?(?:cards?|vouchers?|certificates?))|present", q, re.I
            )
        ),
        regions=frozenset(regions),
        categories=frozenset(cats),
        in_stock_only=bool(re.search(r"有货|现货|马上能发|in stock|available now", q, re.I)),
        soft=bool(re.search(SOFT_WISH, q, re.I)),
        ambient=bool(_AMBIENT.search(q)),
        named_products=named,
        asked_for=asked_for,
        intent=intent,
    )


def vocabulary_patterns(vocab: ShopVocab) -> list[str]:
    """The keyword patterns the parser understands (for repairing misheard words in transcripts)."""
    taste = ["不甜|不辣|特辣|超辣|微辣|低糖|无糖|礼盒|盒装|礼物|送人|送礼|有货|现货|便宜|实惠|运费|包邮|快递|发票|退货"]
    cats = [p.pattern for p in vocab.categories.values()]
    return [p for p, _ in _RECIPIENTS] + cats + [p for _, p in _ALLERGENS] + taste
