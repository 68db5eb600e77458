"""How facts are put into words for the customer: names, field values, policy clauses (both languages).

Every sentence built here states a field of the shop's data or a clause of its own policy text, nothing else,
so the plan's sentences pass the same claim check as the LLM's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from pipeline.allergens import INGREDIENT_WORDS, MEAT_WORDS
from pipeline.catalogue import Policy, Product, Shop
from pipeline.conversation.lexicon import ALLERGEN_NAMES, TAG_NAMES, TEXTURE_HARD, TEXTURE_SOFT
from pipeline.facts import shelf_life_text
from pipeline.textnum import has_cjk

__all__ = [
    "SUM_SAID",
    "allergen_list",
    "allergen_name",
    "cap",
    "clauses",
    "end",
    "frozen",
    "join",
    "name",
    "not_vegetarian",
    "once_in_full",
    "packaging_text",
    "pick_clauses",
    "season_text",
    "sentence_join",
    "short_name",
    "spicy_text",
    "sweet_text",
    "tag_name",
    "texture",
    "texture_said",
]

_SWEET = {
    "zh": ["不甜", "几乎不甜", "微甜", "偏甜", "很甜"],
    "en": ["not sweet", "barely sweet", "lightly sweet", "sweet", "very sweet"],
}
_SPICY = {
    "zh": ["不辣", "微辣", "中辣", "辣", "很辣"],
    "en": ["not spicy", "mildly spicy", "medium hot", "hot", "very hot"],
}
# the catalogue format's packaging vocabulary
_PACKAGING_ZH = {
    "stand-up pouch": "自立袋",
    "vacuum bag": "真空袋",
    "kraft bag": "牛皮纸袋",
    "tin": "铁罐",
    "glass jar": "玻璃罐",
    "plastic jar": "塑料罐",
    "paper box": "纸盒",
    "gift box": "礼盒",
    "glass bottle": "玻璃瓶",
    "ceramic bottle": "陶瓷瓶",
}
_BRACKETS = re.compile(r"[（(].*?[)）]")


def bare_name(name: str) -> str:
    """A name without its brackets ("桂花糕（原味，12块）" → "桂花糕")."""
    return _BRACKETS.sub("", name)


def cap(s: str) -> str:
    """The first letter upper-cased, the rest kept (str.capitalize lower-cases names)."""
    return s[:1].upper() + s[1:]


def lang_key(lang: str) -> str:
    return "zh" if lang == "zh" else "en"


def name(p: Product, lang: str) -> str:
    """The full name, with "the" in English."""
    return p.name_zh if lang == "zh" else f"the {p.name_en}"


_FROZEN = re.compile(
    r"-\s?18|零下18|速冻|冷冻保存|冷冻储存|冷冻贮存|冷冻(?=商品|食品)|keep frozen|store frozen|\bfrozen\b", re.I
)


def frozen(p: Product) -> bool:
    """Whether a cold-chain product travels frozen (its name or storage says so), not only chilled."""
    return p.cold_chain and bool(_FROZEN.search(f"{p.name_zh} {p.name_en} {p.storage_zh} {p.storage_en}"))


def family(p: Product) -> str:
    """The packs of one product: its group, else its name without the bracket (六堡茶 of 六堡茶（2019年陈）)."""
    return p.group or re.sub(r"（.*?）|\(.*?\)", "", p.name_zh).strip()


def short_name(p: Product, lang: str, among: Sequence[Product] = ()) -> str:
    """A short name for a product already named in full: the pack's name, or the variant when siblings are
    on the table too."""
    zh = lang == "zh"
    full = p.name_zh if zh else p.name_en
    base = _BRACKETS.sub("", full).strip() if zh else re.sub(r"\s*\(.*\)", "", full).strip()
    if any(o.id != p.id and _BRACKETS.sub("", o.name_zh) == _BRACKETS.sub("", p.name_zh) for o in among):
        return full if zh else f"the {full}"
    return base if zh else f"the {base}"


def join(items: Sequence[str], lang: str) -> str:
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if lang == "zh":
        return "、".join(items[:-1]) + "和" + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


def sentence_join(sentences: Iterable[str], lang: str) -> str:
    return ("" if lang == "zh" else " ").join(s for s in sentences if s)


def sweet_text(p: Product, lang: str) -> str:
    return _SWEET[lang_key(lang)][p.sweetness]


def spicy_text(p: Product, lang: str) -> str:
    return _SPICY[lang_key(lang)][p.spiciness]


def spicy_predicate(p: Product) -> str:
    """Chinese spiciness said as a predicate ("挺辣的")."""
    return ["不辣", "微辣", "中等辣度", "挺辣的", "很辣"][p.spiciness]


def sweet_predicate(p: Product) -> str:
    return ["不甜", "几乎不甜", "微甜", "偏甜", "很甜"][p.sweetness]


def packaging_text(p: Product, lang: str) -> str:
    return _PACKAGING_ZH.get(p.packaging, p.packaging) if lang == "zh" else p.packaging


def allergen_name(tag: str, lang: str) -> str:
    return ALLERGEN_NAMES.get(tag, {}).get(lang_key(lang), tag)


def tag_name(tag: str, lang: str) -> str:
    return TAG_NAMES.get(tag, {}).get(lang_key(lang), tag)


def allergen_list(tags: Iterable[str], lang: str) -> str:
    return join([allergen_name(t, lang) for t in sorted(tags)], lang)


# a sum the answer works out, and its amount: "… = ¥239.2"
SUM_SAID = re.compile(r"=\s*[¥￥]\s*(\d+(?:\.\d+)?)")


def ingredient_parts(text: str) -> list[str]:
    """An ingredient list cut at its commas, a bracket kept whole ("酿造酱油（大豆、小麦）")."""
    return re.split(r"[、,，;；](?![^（(]*[)）])", text)


def ingredient_evidence(p: Product, tag: str, lang: str) -> str:
    """The label's words that carry an allergen ("酿造酱油（大豆、小麦）"), or "" when none does."""
    text = p.ingredients_zh if lang == "zh" else p.ingredients_en
    pat = re.compile(INGREDIENT_WORDS.get(tag, r"$^"), re.I)
    for part in ingredient_parts(text):
        if pat.search(part):
            return part.strip()
    return ""


def shelf_life(p: Product, lang: str) -> str:
    return shelf_life_text(p.shelf_life_days, lang)


# a clause that goes on from the one before: its subject is there ("…; it is issued within 7 days")
_GOES_ON = re.compile(r"^(?:(?:it|they|this|these|those|which)\b|(?:它|它们|这些|该)(?!外))", re.I)


def sentences(text: str) -> list[str]:
    """A text cut into whole sentences (not at semicolons: "called partridge tea …; no bird" stays one)."""
    return re.split(r"(?<=[。！？!?])|(?<=\.)\s+", text)


def clauses(text: str) -> list[str]:
    """A policy answer cut into clauses a clerk could say alone (sentences; long ones at semicolons)."""
    out: list[str] = []
    for s in sentences(text):
        s = s.strip()
        if not s:
            continue
        if len(s) > 90:
            parts: list[str] = []
            for x in (x.strip() for x in re.split(r"(?<=[；;])", s)):
                if parts and _GOES_ON.match(x):  # "…account number; it is issued within 7 working days"
                    parts[-1] += " " * (not has_cjk(x)) + x
                elif x:
                    parts.append(x)
            out += parts
        else:
            out.append(s)
    return out


def end(clause: str, lang: str) -> str:
    """A clause said as a sentence: ended, and capitalised in English."""
    clause = clause.strip().rstrip("；;，, ")
    if clause and clause[-1] not in "。！？.!?":
        clause += "。" if lang == "zh" else "."
    return clause if lang == "zh" else cap(clause)


def pick_clauses(policy: Policy, lang: str, pattern: str | re.Pattern[str], limit: int = 2) -> list[str]:
    """The clauses of a policy that match a pattern (in their order), ended as sentences."""
    pat = re.compile(pattern, re.I) if isinstance(pattern, str) else pattern
    got = [end(c, lang) for c in clauses(policy.answer(lang)) if pat.search(c)]
    return got[:limit]


def product_pattern(p: Product, shop: Shop) -> re.Pattern[str]:
    """Words a policy may use for a product: pieces of its name, its category's name, its English name words."""
    zh_name = _BRACKETS.sub("", p.name_zh)
    zh = {zh_name[i : i + 2] for i in range(len(zh_name) - 1)}
    cat = shop.categories.get(p.category, {})
    cat_zh = re.sub(r"[^\u4e00-\u9fff]", "", cat.get("zh", ""))
    zh |= {cat_zh[i : i + 2] for i in range(0, len(cat_zh) - 1, 2)}
    en = {
        w.rstrip("s")
        for w in re.findall(r"[a-z]{3,}", (re.sub(r"\(.*?\)", "", p.name_en) + " " + cat.get("en", "")).lower())
        if w
        not in {
            "the",
            "and",
            "with",
            "from",
            "gift",
            "box",
            "goods",
            "items",
            "seasonal",
            "assorted",
            "other",
            "dried",
            "fresh",
            "old",
            "tin",
            "jar",
            "bag",
            "year",
        }
    }
    parts = [re.escape(w) for w in sorted(zh, key=len, reverse=True) if w]
    parts += [r"\b" + re.escape(w) for w in sorted(en, key=len, reverse=True)]
    # what a rule may say of it by kind: alcohol, chilled goods, gift boxes (the catalogue's own fields)
    if "alcohol" in p.allergen_set:
        parts.append(r"酒|alcohol|\bwine|liquor|spirits")
    if p.cold_chain:
        parts.append(r"冷链|冷藏|冷运|chilled|cold[- ]chain")
    return re.compile("|".join(parts) or r"$^", re.I)


def _feel(text: str) -> str:
    soft = re.search(TEXTURE_SOFT, text, re.I)
    hard = re.search(TEXTURE_HARD, text, re.I)
    if soft and not hard:
        return "soft"
    if hard and not soft:
        return "hard"
    return ""


def texture(p: Product) -> str:
    """ "soft", "hard" or "" — how the product's own flavour text says it eats, else its description (when
    that says one and not the other)."""
    return _feel(f"{p.flavour_zh}，{p.flavour_en}") or _feel(f"{p.description_zh}，{p.description_en}")


def texture_said(p: Product, lang: str) -> str:
    """The clause of the description that says how it eats ("口感脆嫩，老人也咬得动"), when the flavour text
    doesn't."""
    if _feel(f"{p.flavour_zh}，{p.flavour_en}"):
        return ""
    text = p.description_zh if lang == "zh" else p.description_en
    for c in re.split(r"[。；;，,]|(?<=\.)\s", text):
        if re.search(TEXTURE_SOFT, c, re.I) or re.search(TEXTURE_HARD, c, re.I):
            return c.strip(" .")
    return ""


def once_in_full(sentences: Sequence[str], products: Sequence[Product], lang: str) -> tuple[str, ...]:
    """A product's full name said once, then its short name ("风干牛肉干（香辣味）… 牛肉干 …"), as a clerk
    says it; a name shared with a sibling on the table stays whole."""
    out = list(sentences)
    for p in products:
        full = p.name_zh if lang == "zh" else p.name_en
        short = short_name(p, lang, products)
        if lang != "zh":
            short = short.removeprefix("the ")
        if short == full or not short:
            continue
        seen = False
        for i, s in enumerate(out):
            if full not in s:
                continue
            if not seen:
                seen = True
                head, _, tail = s.partition(full)  # the first mention, in full; later ones in the same sentence
                out[i] = head + full + tail.replace(full, short)
                continue
            out[i] = s.replace(full, short)
    return tuple(out)


_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


_PRE_ORDER = re.compile(r"pre-?orders?|pre-?sale|预售|预订|预定|接受订购", re.I)


def pre_orderable(p: Product) -> bool:
    """Whether a product not in stock can be ordered now for later (its season text or name says pre-order)."""
    return not p.in_stock and bool(_PRE_ORDER.search(f"{p.seasonal or ''} {p.name_zh} {p.name_en}"))


def pre_order_rule(p: Product, shop: Shop, lang: str) -> str:
    """The shop's own clause on pre-ordering this product (its name said with 预订 / pre-order), if any."""
    bare = bare_name(p.name_zh)
    keys = [bare[i : i + 3] for i in range(max(1, len(bare) - 2))] if lang == "zh" else []
    en = [x for x in re.findall(r"[a-z]{4,}", re.sub(r"\(.*?\)", "", p.name_en.lower())) if x not in ("spring",)]
    best: tuple[int, str] = (0, "")
    for pol in shop.policies:
        for c in clauses(pol.answer(lang)):
            if not _PRE_ORDER.search(c):
                continue
            named = (
                any(k in c for k in keys)
                if lang == "zh"
                else any(re.search(rf"\b{re.escape(x)}\b", c.lower()) for x in en)
            )
            # the clause on paying for it (its deposit, best of all), not a purchase limit or a list it is on
            score = 2 * named + bool(_DEPOSIT_WORDS.search(c)) + 2 * bool(_DEPOSIT.search(c))
            if named and score > best[0]:
                best = (score, end(c, lang))
    return best[1]


_DEPOSIT_WORDS = re.compile(r"定金|订金|deposit|尾款|balance|发货|ship", re.I)
_DEPOSIT = re.compile(
    r"每(?:包|件|份|罐|盒|个|瓶|袋|箱)先?付\s*(\d+(?:\.\d+)?)\s*元定金|"
    r"[¥￥]\s*(\d+(?:\.\d+)?) deposit per|deposit of [¥￥]\s*(\d+(?:\.\d+)?) (?:per|a|each)",
    re.I,
)


def deposit_each(rule: str) -> float | None:
    """The deposit per item a pre-order rule asks ("每包先付100元定金", "a ¥100 deposit per pack")."""
    m = _DEPOSIT.search(rule)
    return float(next(g for g in m.groups() if g)) if m else None


def season_text(p: Product, lang: str) -> str:
    """When a seasonal product is sold, in the customer's language: the months of the catalogue's free text
    ("Summer–autumn only (Jun–Oct)" → "每年6月到10月"); in Chinese nothing when no months can be read."""
    raw = p.seasonal or ""
    if lang != "zh":
        return raw
    for m in re.finditer(r"\b([A-Za-z]{3})[a-z]*\s*[–-]\s*([A-Za-z]{3})[a-z]*\b", raw):
        if m.group(1).lower() in _MONTHS and m.group(2).lower() in _MONTHS:
            a, b = _MONTHS.index(m.group(1).lower()) + 1, _MONTHS.index(m.group(2).lower()) + 1
            return f"每年{a}月到{b}月"
    for m in re.finditer(r"\b([A-Za-z]{3})[a-z]*\b", raw):
        if m.group(1).lower() in _MONTHS:
            return f"每年{_MONTHS.index(m.group(1).lower()) + 1}月"
    return "" if not has_cjk(raw) else raw


def not_vegetarian(p: Product, lang: str) -> str:
    """Why a product the shop doesn't list as vegetarian isn't: "不是素食（配料里有猪油）" when its ingredients
    name meat, fish or animal fat; else only that the shop doesn't list it as vegetarian (a beer may well be)."""
    text = p.ingredients_zh if lang == "zh" else p.ingredients_en
    part = next((x.strip() for x in ingredient_parts(text) if re.search(MEAT_WORDS, x, re.I)), "")
    # the ingredient itself, not the component holding it ("猪油", not "枣泥麻饼（小麦粉、枣泥、白芝麻、猪油、松子仁）")
    inner = [x.strip() for x in re.split(r"[、，,；;（）()]", part) if x.strip() and re.search(MEAT_WORDS, x, re.I)]
    part = inner[0] if inner else part
    nm = short_name(p, lang)
    if part:
        return (
            f"{nm}不是素食（配料里有{part}）"
            if lang == "zh"
            else f"{cap(nm)} is not vegetarian (its ingredients include {part})"
        )
    return (
        f"店里没有把{nm}列为素食，配料请店员帮您确认"
        if lang == "zh"
        else f"The shop doesn't list {nm} as vegetarian; a clerk can check its label"
    )


def top_level(text: str, seps: str) -> list[str]:
    """A text cut at its separators, never inside brackets ("肉禽蛋（盐水鸭、酱排骨）、鲜果（枇杷）",
    "Severe crustacean (crab, shrimp) allergy")."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
        elif ch in seps and depth == 0:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return [x.strip() for x in out if x.strip()]


def said_once(lines: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Lines without one that repeats a rule an earlier line already quotes under another heading ("六安瓜片和黄山
    花菇：只有以下商品可以寄…" after "百色芒果干寄不了香港：店里规定只有以下商品可以寄…")."""
    out: list[str] = []
    for x in lines:
        body = re.sub(r"^[^：:。.]{1,40}[：:]\s*", "", x).rstrip("。. ")
        if len(body) >= 20 and any(body in y for y in out):
            continue
        out.append(x)
    return tuple(out)
