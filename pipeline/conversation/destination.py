"""What may be sent to a named destination: the shop's own rule for that place, applied to each product.

A shop writes per-place rules as lists ("台湾：只寄茶叶、花生贡糖…；不寄任何含肉、含猪油的食品，不寄海产干货、酒…",
"Hong Kong and Macau: tea, pastries … can go, with at most 1 bottle of alcohol per order; food containing meat …
can't"). A list item names goods by a product's name, its category, or a property ("含肉", "alcohol", "chilled"),
which is read from the product's ingredients and flags — never from the item's own wording alone. A product is
barred when a "no" item covers it, or when the place has an "only" list and nothing on it covers the product; for a
whitelist the match must be plain (name or category), for a ban a property is enough: refusing wrongly is the safe
mistake. A product is said to go only when a list names it, or when the place's rule is a list of "no"s that were
all read and none covers it; when the rule is silent or not read, nothing is decided here. Abroad, the overseas rule
applies whole, with the limits it gives the country the parcel goes to (a city names its country).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pipeline.allergens import LAND_MEAT_WORDS
from pipeline.catalogue import Policy, Product
from pipeline.conversation import words as w
from pipeline.conversation.context import Context
from pipeline.conversation.lexicon import (
    ABROAD_WORDS,
    COUNTRIES,
    COUNTRY_EN,
    FOOD_HEAD_NOUNS,
    MACRO_REGION_EN,
    MACRO_REGIONS,
    countries_named,
    country_in,
    said_in,
)
from pipeline.places import province_en
from pipeline.textnum import has_cjk

__all__ = ["Ruling", "barred_for_trip", "lines", "rulings"]

# how a list item names a property of goods, and how a product is known to have it
_PROPERTY_CUES: dict[str, str] = {
    "meat": r"含肉|肉类|肉制品|肉食|荤|\bmeat\b",
    "pork": r"猪|lard|pork",
    "alcohol": r"酒|alcohol|liquor|spirits|\bwines?\b",
    "seafood": r"海产|海鲜|海味|水产|鱼|虾|seafood|\bfish|shrimp|shellfish",
    "nuts": r"坚果|果仁|核桃|杏仁|榛子|松子|腰果|开心果|\bnuts?\b|walnut|almond|hazelnut|pine ?nut|cashew|pistachio|pecan|macadamia",
    "milk": r"乳制品|奶制品|奶|黄油|dairy|milk|butter",
    "egg": r"蛋|\beggs?\b",
    "chilled": r"冷藏|冷冻|冷链|生鲜|chilled|frozen|refrigerated|cold[- ]chain|perishable",
    "liquid": r"液体|liquids?",
    "fresh_fruit": r"鲜果|新鲜水果|fresh fruit",
}
_FRUIT = re.compile(r"果|柚|橙|橘|桔|柑|枇杷|荔枝|桃|梨|莓|fruit|orange|pomelo|loquat|lychee|peach|pear|berr", re.I)
_PRESERVED = re.compile(r"干|脯|蜜饯|酱|糖|粉|dried|candied|preserved|jam|sauce|powder", re.I)


def _has(p: Product, prop: str) -> bool:
    ingredients = f"{p.ingredients_zh} {p.ingredients_en}"
    tags = p.allergen_set
    if prop == "meat":
        return bool(re.search(LAND_MEAT_WORDS, ingredients, re.I))  # not its name: 鸭屎香 is a tea
    if prop == "nuts":
        return bool({"tree_nut", "peanut"} & tags)
    if prop == "seafood":
        return bool({"fish", "shellfish"} & tags)
    if prop in ("pork", "alcohol", "milk", "egg"):
        return prop in tags
    if prop == "chilled":
        return p.cold_chain
    if prop == "liquid":
        return p.volume_ml is not None
    if prop == "fresh_fruit":
        name = f"{p.name_zh} {p.name_en}"
        return bool(_FRUIT.search(name)) and not _PRESERVED.search(name) and (p.shelf_life_days or 0) <= 60
    return False


_ONLY = re.compile(r"只寄|只发|仅寄|仅限|只能寄|只有(?:以下|这些|下面)|仅(?:以下|这些)|\bonly\b", re.I)
_LIMIT = re.compile(r"最多|至多|不超过|限\s*\d|at most|up to|no more than|limit", re.I)
_BAN = re.compile(
    r"不寄|不发|不能寄|不可以寄|寄不了|禁止|不接受|不收|无法寄|\bno\b|\bnot\b|can'?t|cannot|nothing|never|"
    r"isn'?t allowed|aren'?t allowed|banned|prohibited",
    re.I,
)
_HOW_MANY = re.compile(
    r"(?:最多|至多|不超过|限)\s*\d+(?:\.\d+)?\s*[\u4e00-\u9fff]?|\b(?:at most|up to|no more than)\s+\d+(?:\.\d+)?\s*(?:[a-z]+)?",
    re.I,
)
# "all of those except X", "除了X以外都可以": X may not go, the rest may
_ALL_BUT = re.compile(r"\b(?:except(?: for)?|but not|other than|apart from)\s+(.+)$|除了?(.+?)(?:以外|之外|外)", re.I)
# the line of an overseas rule telling the customer to check the destination's own import rules
_CHECK_THERE = re.compile(
    r"入境规定|进口规定|规定会变|目的地.{0,6}规定|import rules|destination's (own )?rules|rules change", re.I
)
_DUTIES = re.compile(r"关税|海关|duties|customs", re.I)
_MAINLAND = re.compile(r"大陆|内地|国内|省内|mainland|domestic|within china", re.I)
_ALLOW = re.compile(
    r"可以寄|都可以|能寄|可寄|can (usually )?go|(usually|can) travel|may go|can be sent|are fine|is fine|allowed", re.I
)
# words around a list's items that name no goods
_FILLER = re.compile(
    r"只寄|只发|仅寄|仅限|只能寄|不寄|不发|不能寄|不可以寄|寄不了|禁止|不接受|不收|无法寄|可以寄|都可以|能寄|可寄|"
    r"任何|一律|都|也|等|的|食品|商品|产品|每单|"
    r"\b(only|no|not|nothing with|nothing|never|can'?t go|can'?t|cannot|can (usually )?go|may go|can be sent|usually travel|"
    r"travel|usually|either|any|"
    r"food|foods|goods|items|products|containing|made with|such as|including|the|our|per order)\b",
    re.I,
)
# the short names a rule gives groups of places ("港澳台", "港澳")
_GROUPS = {"香港": ("港澳台", "港澳"), "澳门": ("港澳台", "港澳"), "台湾": ("港澳台",)}


@dataclass(frozen=True)
class Ruling:
    product: Product
    outcome: Literal["barred", "allowed"]
    place: str  # as it is said in the answer
    clause: str  # the rule's own words that decide it
    limit: str = ""  # a condition on an allowed product ("at most 1 bottle of alcohol per order")


@dataclass(frozen=True)
class _Clause:
    kind: Literal["only", "ban", "allow", "limit"]
    text: str
    items: tuple[str, ...]
    heading: str = ""  # the heading whose cue the clause takes ("以下一律不寄海外：")
    raw: tuple[str, ...] = ()  # the items as written, brackets kept

    def said_for(self, item: str) -> str:
        """The rule's words for one item of a list under a heading ("以下一律不寄海外：蜂蜜和蜂蜜蛋糕"), else the clause."""
        if not self.heading or item not in self.items:
            return self.text
        return f"{self.heading}{self.raw[self.items.index(item)].strip()}"


def _labels(place: str, lang: str) -> list[str]:
    if lang == "zh":
        return [place, *_GROUPS.get(place, ())]
    return [MACRO_REGION_EN.get(place) or province_en(place)]


@cache
def _place_names(lang: str, abroad: bool = False) -> tuple[str, ...]:
    """Every place name a rule may list beside the goods (taken out before the goods are read), longest first;
    with ``abroad``, the countries and their cities too."""
    names: set[str] = {n for ns in COUNTRIES.values() for n in ns} if abroad else set()
    for pl, said in MACRO_REGIONS.items():
        if lang == "zh":
            names |= {pl, *_GROUPS.get(pl, ()), *(n for n in said if has_cjk(n))}
        else:
            names |= {MACRO_REGION_EN.get(pl) or province_en(pl), *(n for n in said if not has_cjk(n))}
    return tuple(sorted(names, key=len, reverse=True))


def _segments(text: str, labels: list[str], lang: str) -> list[tuple[str, bool, str]]:
    """The parts of a rule about this place: after a heading naming it ("台湾：", "Hong Kong and Macau:") to the
    sentence's end, and single clauses naming it ("含猪油的点心也不寄台湾")."""
    out = []
    lab = "|".join(re.escape(x) for x in labels)
    others = [n for n in _place_names(lang) if n not in labels and len(n) >= 2]
    about_it = False  # the sentence before was about this place: its "可以寄：…" / "不能寄：…" lists go on with it
    for sentence in re.split(r"(?<=[。！？!?])|(?<=\.)\s+", text):
        head = re.search(  # "只有以下商品可以寄海外和港澳台：", "Only these can go … to Hong Kong, Macau and Taiwan:"
            rf"(?:^|[。；;，,]\s*)[^：:。；;]{{0,50}}?(?:{lab})(?:[^：:。；;，]|[，,]\s*[A-Z\u4e00-\u9fff]){{0,40}}[：:]",
            sentence,
            re.I,
        )
        if head:  # the heading's own cue ("台湾只能寄：", "台湾不能寄：") holds for the list after it
            cue = head.group(0).strip(" 。；;，,")
            out.append((sentence[head.end() :].strip(), True, cue if _kind(cue) else ""))
            about_it = True
            continue
        opening = re.match(rf"\s*(?:to |for |in )?(?:{lab})", sentence, re.I)
        if opening:  # "台湾不寄任何肉制品…，也不寄大米、蜂蜜…；木耳…可以寄。": the whole sentence is about the place
            out.append((sentence[opening.end() :].strip(), True, ""))
            about_it = True
            continue
        listed = re.match(r"\s*([^：:。；;，,]{1,16})[：:]", sentence)
        if about_it and listed and _kind(listed.group(1)) and not said_in(listed.group(1), others):
            # "香港、澳门每单48元。可以寄：茶叶…。不能寄：三花型米酒…": the lists after the place's own sentence
            out.append((sentence[listed.end() :].strip(), True, listed.group(1)))
            continue
        if about_it and _WE_CANT.match(sentence) and not said_in(sentence, others):
            out.append((sentence.strip(), True, ""))  # "…Hong Kong… We can't send anything containing meat …"
            continue
        about_it = False
        for clause in re.split(r"[，,；;]", sentence):
            if re.search(lab, clause, re.I) and _BAN.search(clause) and not re.search(r"\d", clause):
                out.append((clause.strip(), False, ""))
    return out


_WE_CANT = re.compile(
    r"\s*(?:we )?(?:can'?t|cannot|can not|don'?t|do not|never) (?:send|ship|post)\b|\s*(?:不能寄|不寄|不发|不可以寄)",
    re.I,
)


_Kind = Literal["only", "ban", "allow", "limit"]


def _kind(text: str) -> _Kind | None:
    if _LIMIT.search(text):
        return "limit"
    if _ONLY.search(text):
        return "only"
    if _BAN.search(text):
        return "ban"
    if _ALLOW.search(text):
        return "allow"
    return None


def _clauses(segment: str, lang: str, places: tuple[str, ...], heading: str = "") -> list[_Clause]:
    """A segment's clauses, each with its kind and its items; a clause without a cue of its own takes the
    heading's ("以下一律不寄海外：所有肉制品…、蜂蜜…"), and its text is the heading and the clause."""
    zh = lang == "zh"
    default = _kind(heading) if heading else None
    if zh:
        parts = w.top_level(segment.rstrip("。"), "，；,;")
    else:
        parts = [
            x
            for part in w.top_level(segment.rstrip("."), ";")
            for x in re.split(
                r",\s*(?=(?:and |with |plus )?(?:no|not|nothing|only|at most|up to)\b)|\s+(?=plus (?:at most|up to)\b)",
                part,
                flags=re.I,
            )
        ]
    out = []
    for whole in parts:
        part = whole
        for inner in re.findall(r"[（(]([^（）()]*)[)）]", whole):
            if _LIMIT.search(inner):  # "…都可以寄（酒每单最多2瓶）": the limit is a clause of its own
                parts.append(inner)
                part = part.replace(f"（{inner}）", "").replace(f"({inner})", "")
        kind = _kind(part)
        text = part.strip()
        under = ""
        listed = part
        if (exc := _ALL_BUT.search(part)) is not None and not _ONLY.search(part):
            # "the UK takes all of those except the osmanthus cake gift box", "除桂花糕礼盒外都可以寄": a "no"
            kind, listed = "ban", next(g for g in exc.groups() if g)
        if kind is None and default is not None:
            under = heading.strip() + ("" if zh else " ")
            kind, text = default, f"{under}{text}"
        if kind is None or (kind == "only" and _MAINLAND.search(part)):
            continue  # "枇杷只发大陆": where one product goes, not the goods this place takes
        bare = listed
        if kind == "limit":  # "桂花酒每单最多2瓶": the goods, without how many
            bare = _HOW_MANY.sub(" ", bare)
        for name in places:  # "usa" is no place inside "sausage"
            bare = re.sub(re.escape(name) if has_cjk(name) else rf"\b{re.escape(name)}\b", " ", bare, flags=re.I)
        if not zh:
            bare = _outside_brackets(bare, lambda t: re.sub(r"\s+(?:and|or)\s+", ", ", t))
        pieces = w.top_level(bare, "、和及与" if zh else ",")
        kept = [(x, y) for y in pieces if (x := _FILLER.sub(" ", y).strip(" ，,。.()（）"))]
        out.append(_Clause(kind, text, tuple(x for x, _ in kept), under, tuple(y for _, y in kept)))
    return out


def _overseas(ctx: Context, pol: Policy, country: str | None) -> list[_Clause]:
    """The overseas rule's clauses for this parcel: its general lists, and its limits for the country it goes to
    (a clause naming only other countries is not about it)."""
    out: list[_Clause] = []
    names = _place_names(ctx.lang, abroad=True)
    for sentence in re.split(r"(?<=[。！？!?])|(?<=\.)\s+", pol.answer(ctx.lang)):
        for piece in w.top_level(sentence, "；;"):
            named = countries_named(piece)
            if named and country not in named:
                continue
            head, sep, rest = piece.partition("：" if ctx.zh else ": ")
            if sep and _kind(head):
                out += _clauses(rest, ctx.lang, names, head + sep.strip())
            else:
                out += _clauses(piece, ctx.lang, names)
    return [c for c in out if c.items]


def _outside_brackets(text: str, change: Callable[[str], str]) -> str:
    """``change`` applied to the text outside brackets only ("eggs or food containing meat (pork floss, zongzi and
    shaobing)": the list inside stays one item)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "（(":
            if depth == 0:
                out.append(change(text[start:i]))
                start = i
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
            if depth == 0:
                out.append(text[start : i + 1])
                start = i + 1
    rest = text[start:]
    out.append(rest if depth else change(rest))
    return "".join(out)


def _core(item: str) -> str:
    """An item without its examples in brackets (closed or, where the item was cut, not)."""
    return re.sub(r"[（(][^)）]*(?:[)）]|$)", "", item).strip()


def _plain_match(ctx: Context, item: str, p: Product) -> bool:
    """The item names the product, or the goods it is one of, in plain words."""
    core = _core(item)
    if not core:
        return False
    if ctx.zh:
        if len(core) >= 2 and core in p.name_zh:
            return True
        cat = ctx.shop.categories.get(p.category, {}).get("zh", "")
        if len(core) >= 2 and (core in cat or cat in core):
            return True
        heads = {c for c in core if c in FOOD_HEAD_NOUNS}
        # "茶叶" for a tea, "糕饼糖果" for a pastry: a food noun of the item in the product's own name or category
        return len(core) <= 4 and bool(heads) and any(c in p.name_zh or c in cat for c in heads)

    def stems(text: str) -> set[str]:
        return {x.rstrip("s") for x in re.findall(r"[a-z]{3,}", text.lower())} - {"and", "the", "with"}

    words = stems(core)
    kind = stems(ctx.shop.categories.get(p.category, {}).get("en", ""))
    # the product's own name words ("dried blueberries"), or the whole category ("dried mushrooms & fungus"): a
    # word of a category shared with other goods ("honey" of "Honey & pastes") names nothing
    return bool(words) and (words <= stems(p.name_en) or (bool(kind) and kind <= words))


def _long(item: str, lang: str, zh_chars: int = 3) -> bool:
    """An item long enough to name one product ("蓝莓果干", "dried blueberries"), not a kind ("茶", "tea")."""
    core = _core(item)
    return len(core) >= zh_chars if lang == "zh" else len(re.findall(r"[a-z]{3,}", core.lower())) >= 2


def _names_a_product(ctx: Context, item: str) -> bool:
    """Whether the item is a product's own name ("蜂蜜蛋糕", "honey cake"; not "蜂蜜"): then it covers that product
    only. Worked out once per shop and item — every product of every list item asks it."""
    key = (id(ctx.shop), ctx.lang, item)
    if key not in _NAMED_ITEMS:
        _NAMED_ITEMS[key] = _long(item, ctx.lang, 4) and any(_named_by(item, q, ctx.lang) for q in ctx.shop.products)
    return _NAMED_ITEMS[key]


_NAMED_ITEMS: dict[tuple[int, str, str], bool] = {}


def _examples(raw: str) -> list[str]:
    """An item and the examples in its brackets ("meat (air-dried lamb, … the Guanzhong box)")."""
    inner = re.findall(r"[（(]([^（）()]*)[)）]", raw)
    return [_core(raw), *(x for i in inner for x in re.split(r"[、，,]\s*|\s+and\s+|和", i) if x.strip())]


def _named_by(item: str, p: Product, lang: str) -> bool:
    """The item names this product itself ("蓝莓果干", "dried blueberries"), not its category or a property."""
    core = _core(item)
    if lang == "zh":
        return len(core) >= 2 and core in p.name_zh
    words = {x.rstrip("s") for x in re.findall(r"[a-z]{3,}", core.lower()) if x not in _PLAIN_EN}  # "the … box"
    return bool(words) and words <= {x.rstrip("s") for x in re.findall(r"[a-z]{3,}", p.name_en.lower())}


_PLAIN_EN = frozenset({"the", "and", "with", "our", "its", "all", "any", "both", "two", "plus", "also"})


def _covers(ctx: Context, item: str, p: Product, strict: bool) -> bool:
    """Whether a list item covers the product. An item naming a property ("含肉的食品（包括肉松、粽子）") is read by
    the property alone: its examples illustrate it (a candy shaped like a zongzi holds no meat)."""
    if _names_a_product(ctx, item):
        return _named_by(item, p, ctx.lang)
    props = [prop for prop, cue in _PROPERTY_CUES.items() if re.search(cue, _core(item), re.I)]
    if props and not strict:
        return any(_has(p, prop) for prop in props)
    return _plain_match(ctx, item, p)


def _understood(ctx: Context, item: str) -> bool:
    """Whether a "no" item is read: a property it names, or goods of this shop it names."""
    if any(re.search(cue, item, re.I) for cue in _PROPERTY_CUES.values()):
        return True
    return any(_covers(ctx, item, p, True) for p in ctx.shop.products)


def rulings(ctx: Context, prods: tuple[Product, ...]) -> tuple[list[Ruling], Policy | None]:
    """For a parcel to a named place: what its rules say of each product on the table."""
    if not ctx.u.places or not prods:
        return [], None
    place = ctx.u.places[0]
    said = place if ctx.zh else (MACRO_REGION_EN.get(place) or province_en(place))
    labels = _labels(place, ctx.lang)
    names = _place_names(ctx.lang)
    clauses: list[_Clause] = []
    source: Policy | None = None
    abroad = ctx.vocab.policy_for("overseas") if place == "海外" else None
    if abroad is not None:  # the overseas rule is about this parcel as a whole, with its own per-country limits
        country = country_in(ctx.u.question)
        said = (country if ctx.zh else COUNTRY_EN[country]) if country else said
        clauses = _overseas(ctx, abroad, country)
        source = abroad if any(c.kind in ("only", "ban") for c in clauses) else None
    others = () if abroad is not None else ctx.shop.policies  # each rule's part about this place (HK/Taiwan, cold…)
    for pol in others:
        got = [
            c
            for seg, heading, cue in _segments(pol.answer(ctx.lang), labels, ctx.lang)
            for c in _clauses(seg, ctx.lang, names, cue)
            # a clause only naming the place ("cold chain can only go to … : not to Xinjiang") is about where, not
            # what: outside a heading only a "no" whose every item names goods is read
            if c.items
            and (
                # a list that names no goods ("orders leave only on Tuesdays") is about when, not what
                (heading and (c.kind not in ("only", "allow") or any(_understood(ctx, i) for i in c.items)))
                or (c.kind == "ban" and all(_understood(ctx, i) for i in c.items))
            )
        ]
        clauses += got
        if source is None and any(c.kind in ("only", "ban") for c in got):
            source = pol
    if source is None:
        return [], None
    out = []
    for p in prods[:4]:
        ban, ban_item = next(
            ((c, i) for c in clauses if c.kind == "ban" for i in c.items if _covers(ctx, i, p, False)), (None, "")
        )
        named_yes = any(
            c.kind in ("only", "allow", "limit")  # "桂花酒每单最多2瓶" names it beside "no spirits over 30%"
            and any(_long(i, ctx.lang) and _named_by(i, p, ctx.lang) for i in c.items)
            for c in clauses
        )
        in_ban = any(_named_by(x, p, ctx.lang) for r in ban.raw for x in _examples(r)) if ban is not None else False
        if ban is not None and named_yes and not in_ban:
            ban = None  # "no honey …; dried blueberries can go": the product named outright beats its category
        if ban is not None:
            out.append(Ruling(p, "barred", said, ban.said_for(ban_item)))
            continue
        only = [c for c in clauses if c.kind == "only"]
        on_list = next((c for c in only if any(_covers(ctx, i, p, True) for i in c.items)), None)
        allow = next((c for c in clauses if c.kind == "allow" and any(_covers(ctx, i, p, True) for i in c.items)), None)
        limit = next(
            (c for c in clauses if c.kind == "limit" and any(_covers(ctx, i, p, False) for i in c.items)), None
        )
        bans = [c for c in clauses if c.kind == "ban"]
        if only and on_list is None:
            out.append(Ruling(p, "barred", said, only[0].text))
        elif (
            not only
            and bans
            and on_list is None
            and allow is None
            and limit is None
            and all(_understood(ctx, i) for c in bans for i in c.items)
        ):  # every "no" of the place read, none covers it: it may go
            out.append(Ruling(p, "allowed", said, ""))
        elif on_list is not None or allow is not None or limit is not None:  # "at most 1 bottle": it may go
            decided = on_list or allow or limit
            assert decided is not None
            out.append(Ruling(p, "allowed", said, decided.text, limit.text if limit else ""))
    return out, source


def _rule_text(ctx: Context, r: Ruling) -> str:
    clause = r.clause.strip(" ，,；;。.")
    if re.search(r"[：:]", clause):  # under its own heading ("以下一律不寄海外：…"): as written
        return clause if ctx.zh else clause[0].lower() + clause[1:]
    if ctx.zh:
        return (
            clause if r.place in clause or any(g in clause for g in _GROUPS.get(r.place, ())) else f"{r.place}{clause}"
        )
    clause = re.sub(r"^(and|but|also)\s+", "", clause, flags=re.I)
    return clause[0].lower() + clause[1:] if clause else clause


def lines(ctx: Context, prods: tuple[Product, ...]) -> tuple[list[str], tuple[Product, ...], Policy | None]:
    """The rule's verdicts said plainly, barred first; and the products that may go."""
    found, pol = rulings(ctx, prods)
    if not found:
        return [], prods, None
    out: list[str] = []
    by_clause: dict[tuple[str, str], list[Ruling]] = {}
    for r in found:
        by_clause.setdefault((r.outcome, r.clause), []).append(r)
    for (outcome, _), rs in sorted(by_clause.items(), key=lambda kv: kv[0][0] != "barred"):
        names = w.join([w.short_name(r.product, ctx.lang, prods) for r in rs], ctx.lang)
        place, rule = rs[0].place, _rule_text(ctx, rs[0])
        to = "overseas" if place == "overseas" else f"to {place}"
        if outcome == "barred":
            out.append(
                ctx.t(
                    f"{names}寄不了{place}：店里规定{rule}。",
                    f"I'm afraid {names} can't be sent {to}. The shop's rule: {rule}.",
                )
            )
        else:
            limit = rs[0].limit.strip(" ，,；;。.")
            out.append(
                ctx.t(
                    f"{names}可以寄{place}" + (f"，{limit}" if limit else "") + "。",
                    f"{w.cap(names)} can go {to}" + (f", {limit}" if limit else "") + ".",
                )
            )
    if pol is not None and ctx.u.places[0] == "海外":  # abroad: what the shop says of the country's own rules
        check = w.pick_clauses(pol, ctx.lang, _CHECK_THERE, 1) or w.pick_clauses(pol, ctx.lang, _DUTIES, 1)
        out += [x for x in check if x not in out]
    barred = {r.product.id for r in found if r.outcome == "barred"}
    return out, tuple(p for p in prods if p.id not in barred), pol


_ENTRY = re.compile(ABROAD_WORDS, re.I)


def barred_for_trip(ctx: Context, prods: tuple[Product, ...]) -> tuple[set[str], str]:
    """What of the found products may not go where this visit's goods go — a parcel's destination rules, or for a
    suitcase abroad the shop's words on what travellers may not bring in — and the rule's words, for a search to
    leave them out ("gifts for my team in Seoul that survive the flight": no sausage)."""
    if not ctx.u.places or not prods:
        return set(), ""
    if "luggage" in ctx.u.topics:
        pol = ctx.vocab.policy_for("luggage")
        if pol is None or "海外" not in ctx.u.places:
            return set(), ""
        names = _place_names(ctx.lang, abroad=True)
        rules = [c for s in w.clauses(pol.answer(ctx.lang)) if _ENTRY.search(s) for c in _clauses(s, ctx.lang, names)]
        bans = [c for c in rules if c.kind == "ban" and c.items]
        out = {p.id for p in prods if any(_covers(ctx, i, p, False) for c in bans for i in c.items)}
        said = next((c.text for c in bans if any(_covers(ctx, i, p, False) for i in c.items for p in prods)), "")
        return out, said
    found, _ = rulings(ctx, prods)
    barred = [r for r in found if r.outcome == "barred"]
    return {r.product.id for r in barred}, (barred[0].clause if barred else "")
