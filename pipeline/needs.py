"""Parse what a customer needs from a question, in Chinese or English.

The result is filtered in code (``pipeline.retrieval``), never left to the LLM: a small LLM cannot combine
price, sweetness and gift-box limits reliably, and code can.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.catalogue import Shop
from pipeline.textnum import parse_amount

__all__ = ["Intent", "Needs", "parse_needs", "product_aliases"]

_NUM = r"(\d+(?:\.\d+)?\s*[k千万]?|[零一二两三四五六七八九十百千万]+)"

# (pattern, tag) — recipients map onto the catalogue's ``suitable_for`` tags.
_RECIPIENTS: list[tuple[str, str]] = [
    (
        r"父母|爸妈|老人|长辈|老人家|爷爷|奶奶|外公|外婆|姥姥|姥爷|老爸|老妈|公婆|岳父|岳母|elder|parent|grandm|grandp|grandfather|grandmother|old(er)? (people|folks)",
        "elders",
    ),
    (r"孩子|小孩|儿童|宝宝|小朋友|儿子|女儿|\bkids?\b|child|children|son\b|daughter", "children"),
    (r"同事|办公室|colleague|co-?worker|office|team", "colleagues"),
    (r"糖尿病|控糖|低糖|无糖|血糖|diabet|low[- ]sugar|sugar[- ]free", "diabetics_low_sugar"),
    (r"素食|吃素|素的|vegetarian|vegan", "vegetarians"),
    (r"出差|旅行|旅游|路上|带回|飞机|travel|trip|flight|on the road|luggage", "travellers"),
    (r"做菜|下厨|炒菜|烹饪|做饭|cook|kitchen|recipe", "home_cooks"),
    (r"客户|商务|领导|老板|公司送|business|client|boss|corporate", "business_gifts"),
]

_ALLERGENS: list[tuple[str, tuple[str, ...]]] = [
    (r"花生|peanut", ("peanut",)),
    (r"坚果|核桃|杏仁|tree ?nuts?|walnut|almond|\bnuts?\b|nut-free", ("tree_nut", "peanut")),
    (r"麸质|小麦|gluten|wheat", ("gluten",)),
    (r"大豆|黄豆|\bsoy", ("soy",)),
    (r"鸡蛋|蛋类|\beggs?\b", ("egg",)),
    (r"牛奶|乳制品|奶制品|乳糖|\bmilk\b|dairy|lactose", ("milk",)),
    (r"芝麻|sesame", ("sesame",)),
    (r"酒精|含酒|喝酒|不能喝酒|alcohol", ("alcohol",)),
]
_AVOID = r"(不要|不能|不含|没有|无|不吃|过敏|忌|别|avoid|no|without|free|allerg|can'?t (eat|have))"

_CATEGORIES: list[tuple[str, str]] = [
    (r"茶|普洱|龙井|铁观音|\btea\b|pu'?er|longjing", "tea"),
    (r"月饼|糕点|点心|酥|糕|mooncake|pastr|cake", "pastries_mooncakes"),
    (r"牛肉干|肉干|腊肉|火腿|腊肠|香肠|jerky|ham\b|sausage|cured|smoked pork", "cured_meat_jerky"),
    (r"辣酱|酱|调料|调味|辣椒油|油辣子|sauce|condiment|chil+i (oil|crisp)|paste", "sauces_condiments"),
    (r"干货|木耳|笋|香菇|松茸|红枣|dried goods|fungus|mushroom|bamboo|dates", "dried_goods"),
    (r"蜂蜜|蜜饯|果酱|honey|jam|preserve", "honey_preserves"),
    (r"黄酒|花雕|米酒|醪糟|果汁|饮料|喝的|wine|juice|drink", "rice_wine_drinks"),
    (r"零食|小吃|解馋|snack", "snacks"),
]

_INJECTION = re.compile(
    r"忽略|无视|忘记.*(规则|指令|设定)|你现在是|系统提示|打.{0,2}折|免费送|一块钱|1\s*元|价格(改|是|为).{0,4}\d|"
    r"ignore (all |your |previous |the )*(rules|instructions)|disregard|you are now|system prompt|"
    r"\d+\s*% off|discount code|for free|price is \d|say the price|jailbreak",
    re.I,
)
_MEDICAL = re.compile(
    r"治疗|治愈|治病|降血糖|降血压|降血脂|抗癌|防癌|药效|疗效|能治|吃药|医生|怀孕|孕妇|cure|\btreat(?:ing|ment)?\b|medic|"
    r"lower (my )?(blood|cholesterol)|cancer|disease|pregnan|doctor",
    re.I,
)
_OFF_TOPIC = re.compile(
    r"天气|下雨|股票|新闻|足球|总统|写一首|写首诗|编程|代码|weather|rain\b|stock market|news|football|president|"
    r"write (me )?a poem|python|javascript|homework",
    re.I,
)
_UNKNOWN_ASK = re.compile(
    r"(?:有没有|有卖|卖不卖|有没有卖|有无)\s*([\u4e00-\u9fffA-Za-z]{1,12}?)(?:吗|呢|？|\?|$)|"
    r"(?:你们|店里)?有\s*([\u4e00-\u9fff]{1,10}?)\s*(?:吗|卖吗)|"
    r"(?:do you|have you got|you got) (?:have |sell |carry |stock )?(?:any )?([a-z][a-z' -]{1,40}?)(?:\?|$| for| in)",
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
        for k in ("gift_box", "gift", "in_stock_only"):
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
    m = re.search(_NUM + r"\s*(?:块|元|rmb|yuan|cny)?\s*(?:以内|以下|之内|内|左右|上下)", q, re.I)
    m = m or re.search(r"(?:不超过|不要超过|最多|低于|少于|预算)\s*" + _NUM, q)
    m = m or re.search(
        r"(?:under|below|less than|up to|max(?:imum)?|within|budget(?: of| is)?)\s*[¥￥]?\s*" + _NUM, q, re.I
    )
    m = m or re.search(r"[¥￥]\s*" + _NUM + r"\s*(?:or less|max)", q, re.I)
    if m:
        hi = parse_amount(m.group(1))
        if hi is not None and re.search(r"左右|上下|around|about", q):
            lo, hi = hi * 0.7, hi * 1.3
    m = re.search(r"(?:超过|高于|以上|至少)\s*" + _NUM, q) or re.search(_NUM + r"\s*(?:块|元)?\s*以上", q)
    m = m or re.search(r"(?:over|above|more than|at least)\s*[¥￥]?\s*" + _NUM, q, re.I)
    if m:
        lo = parse_amount(m.group(1))
    return lo, hi


def _taste(q: str) -> dict[str, int]:
    out: dict[str, int] = {}
    if re.search(
        r"不(太|要|怎么|能)?甜|别太甜|少糖|不爱吃甜|not (too |very )?sweet|no sugar|less sweet|unsweet|savou?ry",
        q,
        re.I,
    ):
        out["max_sweetness"] = 1
    elif re.search(r"甜的|甜一点|爱吃甜|喜欢甜|甜食|\bsweet\b", q, re.I):
        out["min_sweetness"] = 3
    if re.search(r"不(太|要|能|吃)?辣|别辣|怕辣|不吃辣|not (too |very )?spicy|no spice|mild|non-?spicy", q, re.I):
        out["max_spiciness"] = 1 if re.search(r"不太辣|微辣|mild|not too", q, re.I) else 0
    elif re.search(r"特辣|超辣|最辣|很辣|越辣越好|变态辣|very spicy|extra hot|hottest|spiciest|really spicy", q, re.I):
        out["min_spiciness"] = 3
    elif re.search(r"辣|spicy|\bhot\b|chil+i", q, re.I):
        out["min_spiciness"] = 2
    return out


_GENERIC_EN = frozenset(
    "spicy sweet dried original extra smoked fresh green black white mountain flower flowers assorted preserved "
    "fermented salted salty chopped shreds slices crisp paste gift cakes plateau grassland autumn imperial "
    "numbing-spicy strange-flavour hand-peel pre-qingming air-dried dry-cured old-tree".split()
)


def product_aliases(shop: Shop) -> dict[str, set[str]]:
    """Names a customer may use for each product: full names, pack names, and distinctive short words."""
    base: dict[str, set[str]] = {}
    for p in shop.products:
        pack_zh = str((p.pack_text.get("zh") or {}).get("name") or "")
        pack_en = str((p.pack_text.get("en") or {}).get("name") or "").lower()
        names = {p.name_zh, re.sub(r"[（(].*?[)）]", "", p.name_zh), pack_zh, p.name_en.lower(), pack_en}
        names.add(re.sub(r"\s*\(.*\)", "", p.name_en).lower())
        short = {pack_zh[-k:] for k in (2, 3) if len(pack_zh) > k}
        short |= {w for w in re.findall(r"[a-z'-]{5,}", pack_en + " " + p.name_en.lower()) if w not in _GENERIC_EN}
        base[p.id] = {n for n in names if len(n) >= 2} | {f"~{w}" for w in short}
    counts: dict[str, int] = {}
    for names in base.values():
        for n in {n for n in names if n.startswith("~")}:
            counts[n] = counts.get(n, 0) + 1
    out: dict[str, set[str]] = {}
    for pid, names in base.items():
        out[pid] = {n for n in names if not n.startswith("~")}
        out[pid] |= {n[1:] for n in names if n.startswith("~") and counts[n] <= 3}
    return out


def _named(q: str, shop: Shop, aliases: dict[str, set[str]]) -> tuple[str, ...]:
    """Products the question names; a named variant (熟茶, extra hot, 250克) picks one pack of a family."""
    ql = q.lower()
    hits: list[tuple[int, str]] = []
    for pid, names in aliases.items():
        found = [n for n in names if (n in q if _is_zh(n) else re.search(r"\b" + re.escape(n) + r"\b", ql))]
        if not found:
            continue
        p = shop.product(pid)
        score = max(len(n) for n in found)
        if p is not None:
            variants = re.findall(r"[（(]([^)）]+)[)）]", p.name_zh + " " + p.name_en.lower())
            variants += [
                str(v).lower()
                for v in ((p.pack_text.get("zh") or {}).get("variant"), (p.pack_text.get("en") or {}).get("variant"))
                if v
            ]
            if any(v and (v in q or v in ql) for v in variants):
                score += 100
        hits.append((score, pid))
    if not hits:
        return ()
    top = max(h for h, _ in hits)
    return tuple(pid for h, pid in hits if h == top)


_FILLER = (
    r"适合|给|送|的|一点|一些|点|些|东西|特产|礼物|礼品|好吃|便宜|不甜|不辣|甜|辣|"
    r"\b(something|anything|some|any|good|nice|for|my|a|an|the|to|gift|gifts|sweet|spicy|cheap)\b"
)


def _core(asked: str) -> str:
    return re.sub(r"^(卖|买|一些|点)|(的东西|的|吗|呢|之类的?)$", "", asked.strip().lower())


def _carried(asked: str, shop: Shop) -> bool:
    """Whether something the customer asked for by name appears anywhere in the catalogue's text."""
    core = _core(asked)
    if not core:
        return True
    for p in shop.products:
        text = p.all_text().lower()
        words = re.findall(r"[a-z]{3,}", core)
        if core in text or (words and all(w.rstrip("s") in text for w in words)):
            return True
    return False


def _is_zh(s: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", s))


def parse_needs(question: str, shop: Shop, aliases: dict[str, set[str]] | None = None) -> Needs:
    """Parse budget, taste, allergens, recipients, gift box, region, category and stock from a question.

    ``aliases`` is :func:`product_aliases` of the shop; a caller that parses many questions computes it once.
    """
    q = question.strip()
    lo, hi = _price(q)
    taste = _taste(q)
    avoid: set[str] = set()
    for pat, tags in _ALLERGENS:
        for m in re.finditer(pat, q, re.I):
            window = q[max(0, m.start() - 8) : m.end() + 10]
            if re.search(_AVOID, window, re.I):
                avoid.update(tags)
    recipients = {tag for pat, tag in _RECIPIENTS if re.search(pat, q, re.I)}
    if "diabetics_low_sugar" in recipients:
        taste.setdefault("max_sweetness", 1)
    regions = {
        p.region_zh
        for p in shop.products
        if p.region_zh in q or re.search(r"\b" + re.escape(p.region_en.lower()) + r"\b", q.lower())
    }
    cats = {c for pat, c in _CATEGORIES if re.search(pat, q, re.I)}
    named = _named(q, shop, aliases if aliases is not None else product_aliases(shop))
    asked_for = None
    if not named:
        ask = _UNKNOWN_ASK.search(q)
        if ask:
            asked_for = _core(next(g for g in ask.groups() if g))
            # what is left once the words for needs we understand are taken out must name a thing
            rest = asked_for
            for pat in [p for p, _ in _RECIPIENTS] + [p for p, _ in _CATEGORIES] + [_FILLER]:
                rest = re.sub(pat, " ", rest, flags=re.I)
            rest = re.sub(r"\s+", " ", rest).strip()
            if (
                len(rest) < 2
                or any(w in rest for w in ("货", "礼盒", "优惠", "折扣", "什么", "推荐"))
                or _carried(rest, shop)
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
        min_price=lo,
        max_sweetness=taste.get("max_sweetness"),
        min_sweetness=taste.get("min_sweetness"),
        max_spiciness=taste.get("max_spiciness"),
        min_spiciness=taste.get("min_spiciness"),
        avoid_allergens=frozenset(avoid),
        recipients=frozenset(recipients),
        gift_box=bool(re.search(r"礼盒|盒装|gift ?box|boxed", q, re.I)),
        gift=bool(re.search(r"礼物|送人|送礼|礼品|伴手礼|孝敬|gift|present", q, re.I)),
        regions=frozenset(regions),
        categories=frozenset(cats),
        in_stock_only=bool(re.search(r"有货|现货|马上能发|in stock|available now", q, re.I)),
        named_products=named,
        asked_for=asked_for,
        intent=intent,
    )


def vocabulary_patterns() -> list[str]:
    """The keyword patterns the parser understands (for repairing misheard words in transcripts)."""
    taste = ["不甜|不辣|特辣|超辣|微辣|低糖|无糖|礼盒|盒装|礼物|送人|送礼|有货|现货|便宜|实惠|运费|包邮|快递|发票|退货"]
    return [p for p, _ in _RECIPIENTS] + [p for p, _ in _CATEGORIES] + [p for p, _ in _ALLERGENS] + taste
