"""A rule's threshold applied to the order the answer just summed: "按这单¥432算：韵达满169元包邮，已经够了" — a
clerk does the sum against the rule instead of reading the rule out and leaving the customer to do it.

Thresholds are read from the clauses the answer already says ("满169元包邮", "free from ¥359", "订单满268元贺卡
免费"): no shop's numbers are known here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import replace

from pipeline.catalogue import Product, Shop
from pipeline.conversation.lexicon import FAR_PLACES, TOPICS
from pipeline.conversation.plan import Plan
from pipeline.conversation.understand import Understanding
from pipeline.conversation.words import SUM_SAID, cap, deposit_each, frozen, pre_order_rule, pre_orderable
from pipeline.conversation.zones import destination_zone, parcel_free_from, place_names, zones
from pipeline.textnum import money

__all__ = ["conclusions", "extras", "postage", "settle", "with_conclusions", "with_deposit"]

_ZH_LINE = re.compile(
    r"(?:订单|单笔|购物|整单)?满\s*(\d+(?:\.\d+)?)\s*元\s*([^，。；,;]{0,10}?(?:包邮|免费|免[^，。；,;]{0,6}))"
)
_EN_LINE = re.compile(r"\bfree\b[^,.;]{0,30}?(?:from|over|on orders of|above|reach|reaches)\s*[¥￥]\s*([\d,]+)", re.I)
_LABEL_CUT = re.compile(r"(每单|每个|每件|每箱|每份|\d).*$")
_EN_LABEL_CUT = re.compile(r"\s+(is|are|costs?|adds?)\s+[¥￥\d].*$", re.I)


def _zh_label(part: str) -> str:
    part = re.sub(r"^.*[：:]", "", part).strip()
    return _LABEL_CUT.sub("", part).strip()


_COLD = re.compile(r"冷链|冷运|冷藏|cold[- ]chain|chill", re.I)  # a line or a fee about chilled parcels


def conclusions(sentences: tuple[str, ...], lang: str, chilled: bool = False) -> tuple[str, ...]:
    """For the last total the sentences work out, whether it reaches each free-from line they quote (the
    cold-chain ones only for an order with chilled goods)."""
    text = " ".join(sentences)
    totals = SUM_SAID.findall(text)
    if not totals:
        return ()
    total = float(totals[-1])
    met: list[str] = []
    short: list[str] = []
    seen: set[float] = set()
    for segment in re.split(r"[；;。]|(?<=\.)\s", text):
        if not chilled and _COLD.search(segment):
            continue
        if lang == "zh":
            parts = re.split(r"[，,]", segment)
            for i, part in enumerate(parts):
                m = _ZH_LINE.search(part)
                if not m or float(m.group(1)) in seen:
                    continue
                line = float(m.group(1))
                seen.add(line)
                rule = m.group(2)
                label = "" if re.match(r"[^包免]+(免费|包邮)", rule) else _zh_label(parts[i - 1] if i else "")
                if not label and rule == "免费" and _zh_label(part[: m.start()]):
                    continue  # "店员手写贺卡满300元免费": the box or card already worked out, said once
                said = f"{label}满{money(line)}元{rule}"
                (met if total >= line else short).append(
                    said if total >= line else f"{said}（还差¥{money(round(line - total, 2))}）"
                )
        else:
            m = _EN_LINE.search(segment)
            if not m:
                continue
            line = float(m.group(1).replace(",", ""))
            if line in seen:
                continue
            seen.add(line)
            head = re.sub(r"^.*:\s*", "", segment[: m.start()]).strip(" ,")
            label = re.sub(r"\s+(?:are|is)$", "", _EN_LABEL_CUT.sub("", head).strip()) or "it"
            (met if total >= line else short).append(
                f"{label} (free from ¥{money(line)})"
                if total >= line
                else f"{label} (¥{money(round(line - total, 2))} short of ¥{money(line)})"
            )
    if not met and not short:
        return ()
    if lang == "zh":
        bits = []
        if met:
            bits.append("、".join(met[:3]) + "，已经够了")
        if short:
            bits.append("、".join(short[:2]) + "，还没到")
        return (f"按这单¥{money(total)}算：" + "；".join(bits) + "。",)
    bits = []
    if met:
        bits.append("free: " + ", ".join(met[:3]))
    if short:
        bits.append("not yet free: " + ", ".join(short[:2]))
    return (f"At ¥{money(total)}, " + "; ".join(bits) + ".",)


def with_conclusions(plan: Plan, lang: str) -> Plan:
    """The plan with what its last total comes to against its free-from lines, said right after that total."""
    lines = (*plan.lead, *plan.closing)
    chilled = any(p.cold_chain for p in plan.products)
    said = conclusions(lines, lang, chilled)
    at = max((i for i, s in enumerate(lines) if SUM_SAID.search(s)), default=-1)
    if not said or at < 0:
        return plan
    after = (*lines[: at + 1], *said, *lines[at + 1 :])
    cut = len(plan.lead) + (1 if at < len(plan.lead) else 0)
    return replace(plan, lead=after[:cut], closing=after[cut:])


# a fee line of the shop's postage rule, as its own text writes it: "韵达每单7元，满169元包邮",
# "Yunda is ¥7 per order, free from ¥169", "顺丰冷运每个冷链包裹28元，订单满528元免冷链运费"
_ZH_FEE = re.compile(
    r"(?P<label>[\u4e00-\u9fffA-Za-z（）()&]{1,12}?)[，,]?\s*每(?:单|个冷链包裹|个包裹|件)"
    r"(?P<fee>\d+(?:\.\d+)?)元[，,]\s*(?:本单|订单|整单|常温|商品|实付|金额|[（(]?(?:优惠|折|打折)后的?[)）]?|的)*满"
    r"(?P<line>\d+(?:\.\d+)?)元(?:包邮|免)"
)


_COURIER_PLAIN = re.compile(r"^(?:升级|upgrade to |standard )|快递|速运|速递|express|delivery|standard|\(|\)", re.I)


_EXTRAS_SAID = re.compile(r"加上是|with those that's")  # the line adding a box and a card (see ``extras``)
_COURIER_STOP = frozenset("a an the to by for per of upgrade upgraded order orders parcel parcels is are".split())


def _courier_asked(label: str, asked: str) -> bool:
    """Whether the customer names this courier ("by SF" for "SF Express", "走顺丰" for 升级顺丰)."""
    core = _COURIER_PLAIN.sub(" ", label).strip()
    if not core:
        return False
    if re.fullmatch(r"[\u4e00-\u9fff]+", core):
        return core in asked
    words = [wd for wd in core.split() if len(wd) >= 2 and wd.lower() not in _COURIER_STOP]
    return any(re.search(rf"\b{re.escape(wd)}\b", asked, re.I) for wd in words)


def _courier_label(label: str) -> str:
    """A fee line's label without what leads up to it ("中国大陆常温商品默认发中通快递" → "中通快递")."""
    label = label.strip()
    short = re.sub(r"^.*(?:默认|发|走)", "", label)
    return short if len(short) >= 2 else label


_EN_FEE = re.compile(
    r"(?P<label>(?:[A-Z]|(?<=[;:] )[a-z])[\w ()&-]{1,40}?) (?:is|costs?|are) [¥￥](?P<fee>\d+(?:\.\d+)?)(?: per [\w ]{3,20}?)?,? (?:and )?"
    r"free (?:from|on orders of|over|above|when [\w' ]{0,30}?(?:reach(?:es)?|comes? to|totals?)) [¥￥](?P<line>[\d,]+(?:\.\d+)?)"
)
# a rule whose free lines are reached by each parcel's own goods, not the whole order's: "包邮门槛只算常温商品的
# 金额", "一个冷链包裹里的商品满388元", "only ambient goods count towards these thresholds"
_OWN_GOODS = re.compile(
    r"只算常温|常温商品的金额|冷链包裹里的商品满|包裹内商品满|only ambient goods count|parcel whose goods|"
    r"(冷藏|冷冻|冷链)商品的金额不算|(chilled|frozen|cold)[\w ]{0,20} goods do not(?: count)?",
    re.I,
)
# chilled and frozen goods packed apart, each parcel its own fee: "冷藏和冷冻商品不同箱", "never share a box"
_OWN_BOX = re.compile(r"不同箱|不能同箱|分开装|两个冷链包裹|never share a box|two cold parcels|packed separately", re.I)


def zoned_cold(text: str, lang: str, places: tuple[str, ...]) -> tuple[str, float, float] | None:
    """The cold-chain fee of the destination's zone and the goods a cold parcel ships free from, when the rule
    prices the cold chain by zone (see ``zones``)."""
    zone = destination_zone(zones(text, lang), places)
    if zone is None:
        return None
    line = parcel_free_from(text, lang)
    label = f"冷链{zone.label}" if lang == "zh" else f"cold chain ({zone.label})"
    return label, zone.fee, line if line is not None else float("inf")


# a remote-area surcharge however the rule words it: "新疆、西藏每单另加20元偏远费", "偏远地区（新疆…甘肃）走EMS，
# …另外每单加收16元偏远费", "The remote regions (Xinjiang, …) … plus a ¥16 remote-area surcharge per order"
_ZH_REMOTE_FEE = re.compile(
    r"(?:另加|加收|另收|多收|加)(?P<fee>\d+(?:\.\d+)?)元(?:的)?偏远(?:附加)?费|偏远(?:附加)?费(?:每单)?(?P<fee2>\d+(?:\.\d+)?)元"
)
_EN_REMOTE_FEE = re.compile(r"[¥￥](?P<fee>\d+(?:\.\d+)?)(?: per order)? remote[- ]area surcharge")


def _remote_fee(text: str, zh: bool, places: tuple[str, ...]) -> float | None:
    """The remote-area surcharge of the rule's sentence that names the destination, if any."""
    for sentence in re.split(r"(?<=[。；])|(?<=[.;])\s+", text):
        f = (_ZH_REMOTE_FEE if zh else _EN_REMOTE_FEE).search(sentence)
        if f and any(p and len(p) >= 2 and p.lower() in sentence[: f.start()].lower() for p in places):
            return float(f.group("fee") or f.groupdict().get("fee2") or 0) or None
    return None


def postage(
    sentences: tuple[str, ...],
    rules: tuple[str, ...],
    lang: str,
    chilled: bool,
    ambient: bool,
    places: tuple[str, ...],
    asked: str,
    split: tuple[float, float, float] | None = None,
) -> tuple[str, ...]:
    """The postage of the order the answer just summed, worked out from the fee lines of the rules it quotes
    (``rules``: their whole text): the standard courier (or the one the customer named) for ambient goods, the
    cold chain for chilled ones, a remote-area surcharge when the destination is in its list — each free from its
    line — and the total with postage. ``split``: the chilled, the ambient and the frozen goods of the order, for rules
    whose free lines each parcel reaches by its own goods ("包邮门槛只算常温商品的金额"), and whose chilled and frozen
    goods go in parcels of their own ("冷藏和冷冻商品不同箱")."""
    totals = SUM_SAID.findall(" ".join(sentences))
    text = " ".join(rules)
    if not totals or not (chilled or ambient):
        return ()
    total = float(totals[-1])  # with the box and card asked for, when they were added
    # a free-postage line is reached by the goods (after a discount the answer worked out), not the wrapping
    goods_said = [x for x in sentences if SUM_SAID.search(x) and not _EXTRAS_SAID.search(x)]
    goods = float(SUM_SAID.findall(goods_said[-1])[-1]) if goods_said else float(totals[0])
    zh = lang == "zh"
    lines = [
        (_courier_label(m.group("label")), float(m.group("fee")), float(m.group("line").replace(",", "")))
        for m in (_ZH_FEE if zh else _EN_FEE).finditer(text)
    ]
    cold = [x for x in lines if _COLD.search(x[0])]
    plain = [x for x in lines if not _COLD.search(x[0])]
    if chilled and not cold and (zone := zoned_cold(text, lang, places)):
        cold = [zone]  # the destination's zone fee
    if not plain and not cold:
        return ()
    named = [x for x in plain if x[0] and _courier_asked(x[0], asked)]
    parts: list[str] = []
    fees: list[float] = []
    apart = split is not None and chilled and ambient and bool(_OWN_GOODS.search(text))
    raw = sum(split) if split is not None else 0.0
    ratio = goods / raw if raw and goods < raw else 1.0  # a discount taken off the goods: each parcel's share of it
    chilled_goods, ambient_goods, frozen_goods = split if split is not None else (goods, goods, 0.0)
    kinds = ("冷藏", "冷冻") if zh else ("chilled", "frozen")
    if frozen_goods and chilled_goods and _OWN_BOX.search(text):  # chilled and frozen goods in parcels of their own
        cold_parcels = [(chilled_goods, kinds[0]), (frozen_goods, kinds[1])]
    else:
        cold_parcels = [(chilled_goods + frozen_goods, "")]
    parcels = [
        (ambient, (named or plain)[:1], ambient_goods, ""),
        *((chilled, cold[:1], g, k) for g, k in cold_parcels),
    ]
    for use, label_fee_line, own_goods, kind in parcels:
        if not use:
            continue
        at = round(own_goods * ratio, 2) if apart else goods
        if not label_fee_line:
            return ()  # a kind of parcel whose fee the answer doesn't quote: not worked out
        label, fee, line = label_fee_line[0]
        label = re.sub(r"^.*[：:]\s*", "", label)
        if not zh:
            label = re.sub(r"[()]", "", label).strip()  # "(ZTO)" of "standard delivery (ZTO) is ¥8"
        if kind:  # one of two cold parcels: the chilled one, the frozen one
            label = f"{label}（{kind}包裹）" if zh else f"{label} ({kind} parcel)"
        if at >= line:
            parts.append(f"{label}满{money(line)}元免运费" if zh else f"{label} free (over ¥{money(line)})")
        elif line == float("inf"):  # a fee with no free line
            parts.append(f"{label}¥{money(fee)}" if zh else f"{label} ¥{money(fee)}")
            fees.append(fee)
        else:  # and how far the goods are from its free line ("还差¥1.5包邮")
            short = money(round(line - at, 2))
            parts.append(
                f"{label}¥{money(fee)}（还差¥{short}包邮）" if zh else f"{label} ¥{money(fee)} (¥{short} short of free)"
            )
            fees.append(fee)
    remote = _remote_fee(text, zh, places)
    if remote is not None:
        fee = remote
        parts.append(f"偏远费¥{money(fee)}" if zh else f"remote-area surcharge ¥{money(fee)}")
        fees.append(fee)
    post = round(sum(fees), 2)
    if zh:
        if not fees:
            return (f"运费：{'，'.join(parts)}，连运费还是¥{money(total)}。",)
        return (
            f"运费：{'，'.join(parts)}，共¥{money(post)}；连运费是¥{money(total)} + ¥{money(post)} = ¥{money(total + post)}。",
        )
    if not fees:
        return (f"Postage: {', '.join(parts)}, so with postage it is still ¥{money(total)}.",)
    return (
        f"Postage: {', '.join(parts)}, ¥{money(post)} in all; with postage that's ¥{money(total)} + ¥{money(post)} = "
        f"¥{money(total + post)}.",
    )


# a priced item of a rule, as its text writes it: "小号15元", "店员手写贺卡8元", "a printed card is ¥4", "¥16 small"
_ZH_PRICED = re.compile(
    r"(?:^|[：:，,；;。、（(])\s*(?:也可以用|可以用|可以装)?(?P<label>[\u4e00-\u9fff]{2,8}?)(?P<fee>\d+(?:\.\d+)?)元"
)
# an item priced in brackets after its name: "可以配保温袋加冰袋（8元，保冷约6小时）", "旅行保温箱（15元"
_ZH_PRICED_AFTER = re.compile(r"(?P<label>[\u4e00-\u9fff]{2,12})[（(](?P<fee>\d+(?:\.\d+)?)元[，,）)]")
_ZH_OFFER = re.compile(r"^.*?(?:可以|能)?(?:配|用|买|带|选|加购)(?=[\u4e00-\u9fff]{2})")
_EN_PRICED = re.compile(
    r"(?P<before>(?:[A-Za-z-]+ ){0,4}?)(?:is |are |costs? |for )?[¥￥](?P<fee>\d+(?:\.\d+)?)(?P<after>(?: [a-z-]+){0,2})"
)
_EN_PLAIN_WORDS = frozenset(
    "a an the is are and or for per with card cards box boxes gift bag bags item items any other can go in into "
    "by of on up to it we our your pack packs jar jars tin tins bottle bottles case cases set sets piece pieces ice "
    "each order orders free".split()
)
# a rule that waives an item from an order's amount: "订单满268元贺卡免费", "cards are free on orders of ¥300"
_ZH_WAIVE = re.compile(r"满\s*(?P<line>\d+(?:\.\d+)?)\s*元[，,]?(?P<what>[\u4e00-\u9fff]{1,6}?)(?:全部|都|一律)?免费")
_EN_WAIVE = re.compile(
    r"(?P<what>[a-z]+) (?:are|is) free (?:on orders of|from|over|when [^.;]{0,90}?(?:reach(?:es)?|comes? to|totals?)) "
    r"[¥￥](?P<line>[\d,]+)",
    re.I,
)


def _zh_said_as(label: str) -> set[str]:
    """How a customer says a priced item: 店员手写贺卡 as 手写贺卡 or 手写卡, 小号 (a box size) as 小礼盒 / 小盒."""
    out = {label, label[-4:]} if len(label) > 4 else {label}
    out |= {x.replace("贺卡", "卡") for x in out if "贺卡" in x and len(x) > 3}
    kind = re.sub(r"(贺卡|卡片)$", "", label)  # "贺卡换成印刷的": the card by its kind alone
    if kind != label and len(kind) >= 2:
        out |= {kind, kind[-2:]}
    if re.fullmatch(r"[\u4e00-\u9fff]号", label):  # a size: "小号" is "小礼盒", "小盒"
        out |= {label[0] + "礼盒", label[0] + "盒"}
    return out


# a courier's or the post's fee: postage (worked out by ``postage``), never an item added to the order
_COURIER = re.compile(
    r"顺丰|快递|中通|圆通|韵达|EMS|邮政|运费|邮费|\bSF\b|express|courier|postage|shipping|delivery", re.I
)


def _priced(text: str, lang: str) -> list[tuple[str, float, set[str], str]]:
    """Each priced item of the rules: its label, its price, the words a customer would use for it, and the
    sentence it is in (where a line that waives it may stand: "…店员手写贺卡8元…，订单满268元贺卡免费")."""
    out: list[tuple[str, float, set[str], str]] = []
    parts = re.split(r"(?<=[。；;])|(?<=\.)\s+", text)
    for k, own in enumerate(parts):
        # the clause after it may hold the line that waives it ("…handwritten ¥8; all cards are free when …")
        after = parts[k + 1] if k + 1 < len(parts) else ""
        waives = (_ZH_WAIVE if lang == "zh" else _EN_WAIVE).search(after) and not (
            _ZH_WAIVE if lang == "zh" else _EN_WAIVE
        ).search(own)
        sentence = f"{own} {after}" if waives else own
        if lang == "zh":
            for m in _ZH_PRICED.finditer(own):
                label = m.group("label")
                if re.search(r"每|满|起|偏远", label) or _COURIER.search(label):
                    continue  # a fee line ("每单7元"), a threshold, a courier's fee: not an item
                out.append((label, float(m.group("fee")), _zh_said_as(label), sentence))
            for m in _ZH_PRICED_AFTER.finditer(own):
                label = _ZH_OFFER.sub("", m.group("label"))
                if len(label) < 2 or re.search(r"每|满|起|偏远", label) or _COURIER.search(label):
                    continue
                ways = _zh_said_as(label) | {x for x in re.split(r"加|和|配|或", label) if len(x) >= 2}
                out.append((label, float(m.group("fee")), ways, sentence))
            continue
        for m in _EN_PRICED.finditer(own):
            words = {x for x in re.findall(r"[a-z-]{4,}", (m.group("before") + m.group("after")).lower())}
            words -= _EN_PLAIN_WORDS
            if words and not _COURIER.search(m.group("before") + " " + m.group("after")):
                said = re.sub(r"^(?:(?:a|an|the|or|and|is|are|for)\s+)+", "", m.group("before").strip().lower())
                said = re.sub(r"\s+(?:is|are|for)$", "", said)
                out.append((said or " ".join(sorted(words)), float(m.group("fee")), words, sentence))
    return out


def _en_said(words: set[str], asked: str) -> bool:
    """A priced item asked for in English: at least half its words said ("wrapped in the tie-dye cloth" for
    "wrap it in Dali tie-dye cloth", "a card handwritten by your staff" for "handwritten by a clerk")."""
    said = [wd for wd in words if re.search(rf"\b{re.escape(wd[:5])}", asked, re.I)]
    return len(said) >= max(1, (len(words) + 1) // 2)


_BOX_ASKED = re.compile(r"礼盒|盒子|gift ?box|boxed|in a box|in one of your", re.I)
_BOX_WORD = re.compile(r"盒|box", re.I)
_BOX_SIZE = re.compile(r"small|medium|large|big|[小中大]号?", re.I)  # "Small ¥12" of the box rule: the box itself
_HOLDS = re.compile(
    r"^[^。；;.]{0,12}?[（(]?(?:装|holds?|for|fits?)\s*(\d+)\s*(?:[–\-~至到]|to)\s*(\d+)\s*(?:件|items?)", re.I
)


def _items_in(sentences: tuple[str, ...]) -> int:
    """How many items the answer's last total adds up ("2 × ¥32 + ¥45 = ¥109": three)."""
    said = [x for x in sentences if SUM_SAID.search(x)]
    if not said:
        return 0
    left = said[-1].split("=")[-2]
    terms = re.findall(r"(?:(\d+)\s*[×x]\s*)?[¥￥]\s*\d", left)
    return sum(int(k) if k else 1 for k in terms)


def _box_for(n: int, priced: list[tuple[str, float, set[str], str]], lang: str) -> tuple[str, float, str] | None:
    """The shop's box size for ``n`` items when a box is asked for without a size ("小号12元（装2–3件）")."""
    if n <= 0:
        return None
    for label, fee, _, sentence in priced:
        if not _BOX_WORD.search(sentence):
            continue
        at = sentence.find(money(fee))
        m = _HOLDS.search(sentence[at + len(money(fee)) :]) if at >= 0 else None
        if m and int(m.group(1)) <= n <= int(m.group(2)):
            named = label if _BOX_WORD.search(label) else (f"{label}礼盒" if lang == "zh" else f"{label} gift box")
            return named, fee, sentence
    return None


def _whole_name_said(label: str, words: set[str], asked: str, lang: str) -> bool:
    """An item of a rule the answer doesn't quote, asked for by its whole name: a Chinese name of three or more
    characters ("保温袋" of 保温袋加冰袋), every English word of its label ("cool bag") — not a box's size."""
    if _BOX_SIZE.fullmatch(label) or _BOX_WORD.search(label) or re.search(r"贺卡|卡片|\bcards?\b", label, re.I):
        return False  # the box and the card are the wrapping rule's: asked for with it
    if lang == "zh":
        return any(len(wd) >= 3 and wd in asked for wd in words | {label})
    names = [wd for wd in re.findall(r"[a-z]{3,}", label.lower()) if wd not in {"the", "and", "with", "for"}]
    return bool(names) and all(re.search(rf"\b{re.escape(wd)}", asked, re.I) for wd in names)


_CARD_WORD = re.compile(r"卡|\bcards?\b", re.I)


def _latest_of_kind(
    wanted: dict[str, tuple[float, str]], rules: tuple[str, ...], lang: str, asked: str
) -> dict[str, tuple[float, str]]:
    """Of two cards (or two boxes) asked for over the order's turns (``asked``: their words, oldest first), the
    one named last ("…手写贺卡…" then "贺卡换成印刷的")."""
    ways = {label: words for label, _, words, _ in _priced(" ".join(rules), lang)}
    low = asked.lower()

    def last(label: str) -> int:
        words = ways.get(label, set()) | {label}
        return max((low.rfind(wd.lower()) for wd in words if wd), default=-1)

    out = dict(wanted)
    for kind in (_CARD_WORD, _BOX_WORD):
        group = [label for label in out if kind.search(label)]
        if len(group) > 1:
            keep = max(group, key=last)
            out = {k: v for k, v in out.items() if k not in group or k == keep}
    return out


def extras(
    sentences: tuple[str, ...], rules: tuple[str, ...], lang: str, asked: str, whole: bool = False
) -> tuple[str, ...]:
    """The priced items the customer asks for with the order ("装个小号礼盒，配张印刷贺卡"): each at the rule's
    price, free when the order reaches the line in its sentence that waives it, added to the order's last total.
    ``whole``: the rules are all the shop's, not those the answer quotes — an item is asked for only by its whole
    name ("the cool bag", "保温袋"), never by a size or a word alone ("one big bag?"). A card or box asked for
    later replaces the one of its kind asked for before ("贺卡换成印刷的")."""
    totals = SUM_SAID.findall(" ".join(sentences))
    if not totals:
        return ()
    total = float(totals[-1])
    wanted: dict[str, tuple[float, str]] = {}
    asked = asked if lang == "zh" else re.sub(r"\b(big|bigger)\b", "large", asked, flags=re.I)  # "the big box"
    for label, fee, words, sentence in _priced(" ".join(rules), lang):
        if label in wanted:
            continue
        plain = asked.replace("的", "")  # "店员手写的贺卡" asks for the 店员手写贺卡
        said = any(wd in asked or wd in plain for wd in words) if lang == "zh" else _en_said(words, asked)
        if whole and said:
            said = _whole_name_said(label, words, asked, lang)
        if said:
            if _BOX_SIZE.fullmatch(label) and _BOX_WORD.search(sentence):  # "Small ¥12": the small gift box
                label = f"{label}礼盒" if lang == "zh" else f"{label.lower()} gift box"
            wanted[label] = (fee, sentence)
    if _BOX_ASKED.search(asked) and not any(_BOX_WORD.search(label) or _BOX_SIZE.fullmatch(label) for label in wanted):
        box = _box_for(_items_in(sentences), _priced(" ".join(rules), lang), lang)  # "in one of your gift boxes"
        if box is not None:
            wanted[box[0]] = (box[1], box[2])
    wanted = _latest_of_kind(wanted, rules, lang, asked)
    if not wanted:
        return ()
    parts: list[str] = []
    fees: list[float] = []
    for label, (fee, sentence) in wanted.items():
        waive = next((m for m in (_ZH_WAIVE if lang == "zh" else _EN_WAIVE).finditer(sentence)), None)
        free = float(waive.group("line").replace(",", "")) if waive else None
        if free is not None and total >= free:
            parts.append(f"{label}满{money(free)}元免费" if lang == "zh" else f"{label} free (over ¥{money(free)})")
            continue
        parts.append(f"{label}¥{money(fee)}" if lang == "zh" else f"{label} ¥{money(fee)}")
        fees.append(fee)
    add = round(sum(fees), 2)
    if lang == "zh":
        if not fees:
            return (f"{'，'.join(parts)}。",)
        return (f"{'，'.join(parts)}：加上是¥{money(total)} + ¥{money(add)} = ¥{money(total + add)}。",)
    if not fees:
        return (f"{cap(', '.join(parts))}.",)
    return (f"{cap(', '.join(parts))}: with those that's ¥{money(total)} + ¥{money(add)} = ¥{money(total + add)}.",)


# the names a flat fee of its own is written under: "港澳顺丰每单45元，台湾60元", "Taiwan ¥60"
_FAR_NAMES = {
    "台湾": ("台湾", "Taiwan"),
    "香港": ("香港", "港澳", "Hong Kong"),
    "澳门": ("澳门", "港澳", "Macau", "Macao"),
}


def far_postage(plan: Plan, rules: tuple[str, ...], lang: str, places: tuple[str, ...]) -> tuple[str, ...]:
    """The postage to Hong Kong, Macau or Taiwan when the rules give that place a flat fee of its own, with the
    total ("Taiwan ¥60; with postage that's ¥614 + ¥60 = ¥674"). Abroad is by weight: not worked out."""
    totals = SUM_SAID.findall(" ".join((*plan.lead, *plan.closing)))
    place = next((p for p in places if p in _FAR_NAMES), None)
    if not totals or place is None:
        return ()
    text = " ".join(rules)
    fee = None
    for name in _FAR_NAMES[place]:
        m = re.search(
            rf"{re.escape(name)}[^。；;.\d¥￥]{{0,24}}?(?:[¥￥]\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*元)", text
        )
        if m:
            fee = float(m.group(1) or m.group(2))
            break
    if fee is None:
        return ()
    total = float(totals[-1])
    label = place if lang == "zh" else _FAR_NAMES[place][-1]
    if lang == "zh":
        return (f"运费：寄{label}每单¥{money(fee)}；连运费是¥{money(total)} + ¥{money(fee)} = ¥{money(total + fee)}。",)
    return (
        f"Postage to {label} is ¥{money(fee)}; with postage that's ¥{money(total)} + ¥{money(fee)} = ¥{money(total + fee)}.",
    )


# postage abroad by weight: "海外EMS每个包裹2公斤以内150元，超过的部分每公斤加40元", "overseas EMS is ¥150 per
# parcel up to 2 kg, plus ¥40 for each further kilogram or part of one"
_ZH_BY_WEIGHT = re.compile(  # "每个包裹首重1公斤160元，超出部分每公斤加45元", "首500克150元，之后每增加500克加38元"
    r"海外[^。；]{0,12}?每个?包裹(?:首重|首)?(?P<first>\d+(?:\.\d+)?)(?P<fu>公斤|千克|kg|克|g)(?:以内)?(?P<base>\d+(?:\.\d+)?)元[，,]?"
    r"(?:之后|超[过出](?:\d+(?:\.\d+)?(?:公斤|千克|kg|克|g))?的?部分|续重)?每(?:增加|多)?(?P<step>\d+(?:\.\d+)?)?"
    r"(?P<su>公斤|千克|kg|克|g)(?:或不足\d*(?:\.\d+)?(?:公斤|千克|kg|克|g))?(?:[（(][^）)]*[)）])?加?(?P<per>\d+(?:\.\d+)?)元"
)
_EN_BY_WEIGHT = re.compile(
    r"(?:overseas|abroad|international)[^.;]{0,20}?[¥￥](?P<base>\d+(?:\.\d+)?) per parcel "
    r"(?:up to (?P<kg>\d+(?:\.\d+)?) ?kg|for the first (?P<first>\d+(?:\.\d+)?) ?(?P<fu>kg|g|grams?|kilograms?)|"
    r"for the first (?P<kg1>kilogram|kilo))?,? "
    r"(?:plus|and) [¥￥](?P<per>\d+(?:\.\d+)?) (?:for )?(?:each|per|every) (?:further|additional|extra|more) "
    r"(?:(?P<step>\d+(?:\.\d+)?) ?(?P<su>kg|g|grams?|kilograms?)|kilogram|kg)",
    re.I,
)


def _grams_of(amount: str | None, unit: str | None, default: float) -> float:
    """An amount said in kilograms or grams, in grams ("500克", "1公斤", "2 kg")."""
    if not amount:
        return default
    return float(amount) * (1 if unit and re.fullmatch(r"克|g|grams?", unit, re.I) else 1000)


_BY_NET = re.compile(
    r"包装重量不计|不计包装|按.{0,8}净含量|net contents|packaging is not counted|not counting packaging", re.I
)


def abroad_postage(plan: Plan, u: Understanding, rules: tuple[str, ...], lang: str) -> tuple[str, ...]:
    """The EMS postage of a parcel abroad when the rule prices it by weight, from the goods' net weights — exact
    when the rule weighs the contents, else an estimate (the parcel is weighed packed) — with the total."""
    totals = SUM_SAID.findall(" ".join((*plan.lead, *plan.closing)))
    m = next((m for r in rules for m in (_ZH_BY_WEIGHT if lang == "zh" else _EN_BY_WEIGHT).finditer(r)), None)
    if not totals or m is None or not plan.products:
        return ()
    qty = dict(u.quantities)
    if any(not p.net_weight_g for p in plan.products):
        return ()  # a weight the data doesn't give: not guessed
    grams = sum(float(p.net_weight_g or 0) * (qty.get(p.id) or 1) for p in plan.products)
    g = m.groupdict()
    first_g = _grams_of(g.get("first") or g.get("kg"), g.get("fu") or "kg", 1000.0)
    step_g = _grams_of(g.get("step") or "1", g.get("su") or "kg", 1000.0) if g.get("step") or g.get("su") else 1000.0
    base, per = float(m.group("base")), float(m.group("per"))
    over = max(0, math.ceil((grams - first_g) / step_g)) if grams > first_g else 0
    fee = round(base + over * per, 2)
    kg = first_g / 1000
    step_said = money(step_g) + "克" if step_g < 1000 else money(step_g / 1000) + "公斤"
    step_en = f"{money(step_g)} g" if step_g < 1000 else f"{money(step_g / 1000)} kg"
    total = float(totals[-1])
    net = money(round(grams / 1000, 2))
    by_net = bool(_BY_NET.search(m.string))  # the rule weighs the contents, not the packed parcel
    about = "" if by_net else ("约" if lang == "zh" else "about ")
    if lang == "zh":
        first_said = f"{money(first_g)}克" if first_g < 1000 else f"{money(kg)}公斤"
        how = f"{first_said}以内¥{money(base)}" + (
            f"，超出部分{over}个{step_said}加{over} × ¥{money(per)}" if over else ""
        )
        weighed = f"按商品净含量算，共{net}公斤" if by_net else f"按重量算，商品净重约{net}公斤"
        caveat = "" if by_net else "（以打包后的实际重量为准）"
        return (
            f"运费：海外EMS{weighed}，{how}，{about}¥{money(fee)}{caveat}；"
            f"连运费{'是' if by_net else about}¥{money(total)} + ¥{money(fee)} = ¥{money(total + fee)}。",
        )
    first_en = f"{money(first_g)} g" if first_g < 1000 else f"{money(kg)} kg"
    how = f"¥{money(base)} up to {first_en}" + (
        f", plus {over} × ¥{money(per)} for {over} × {step_en} more" if over else ""
    )
    weighed = (
        f"goes by the goods' net contents, {net} kg"
        if by_net
        else f"goes by weight; the goods weigh about {net} kg net"
    )
    caveat = "" if by_net else " (the packed parcel is weighed)"
    return (
        f"Postage: EMS abroad {weighed}, so {how}: {about}¥{money(fee)}{caveat}; with postage that's {about}"
        f"¥{money(total)} + ¥{money(fee)} = ¥{money(total + fee)}.",
    )


def settle(plan: Plan, u: Understanding, lang: str, shop: Shop | None = None) -> Plan:
    """What the plan's last total comes to under the shop's rules: with postage when the question asks the fee
    ("连运费一共多少？"), else against the free-from lines it quotes (said right after the total)."""
    if plan.act == "bulk":
        return plan
    plan = _one_line_summed(plan, u, lang)
    rules = tuple(pol.answer(lang) for pol in plan.policies)
    if "shipping_fee" in u.topics and shop is not None:  # the postage asked of an answer that quotes no fee rule
        fee_rule = _ZH_FEE if lang == "zh" else _EN_FEE
        rules += tuple(
            text
            for pol in shop.policies
            if (text := pol.answer(lang)) not in rules and (fee_rule.search(text) or zones(text, lang))
        )
    asked = f"{u.extras_said} {u.question}".strip()  # with what was asked for this order before
    added = extras((*plan.lead, *plan.closing), rules, lang, asked)
    if not added and shop is not None:  # an item of a rule this answer doesn't quote ("…and the cool bag")
        every = tuple(pol.answer(lang) for pol in shop.policies)
        added = extras((*plan.lead, *plan.closing), every, lang, asked, whole=True)
    if added:  # the box and the card asked for, on top of the goods: worked out, not read out as well
        plan = _unquoted(plan, added[0])
        plan = replace(plan, closing=(*plan.closing, *added), extras_priced=True)
    fee_line = _ZH_FEE if lang == "zh" else _EN_FEE
    if "shipping_fee" in u.topics and "海外" in u.places and (abroad := abroad_postage(plan, u, rules, lang)):
        plan = _unquoted(plan, abroad[0], fee_line)
        return replace(plan, closing=(*plan.closing, *abroad))
    if "shipping_fee" in u.topics and FAR_PLACES & set(u.places) and (far := far_postage(plan, rules, lang, u.places)):
        plan = _unquoted(plan, far[0], fee_line)
        return replace(plan, closing=(*plan.closing, *far))
    if "shipping_fee" in u.topics and not FAR_PLACES & set(u.places):
        places = place_names(u.places)
        extra = postage(
            (*plan.lead, *plan.closing),
            rules,
            lang,
            any(p.cold_chain for p in plan.products),
            any(not p.cold_chain for p in plan.products),
            places,
            asked,
            _by_kind(plan, u),
        )
        if extra:  # the fee rule, worked out for this order: its lines are not read out as well
            plan = _unquoted(plan, extra[0], fee_line)
            return replace(plan, closing=(*plan.closing, *extra))
    return with_conclusions(plan, lang)


def _one_line_summed(plan: Plan, u: Understanding, lang: str) -> Plan:
    """An order of one line whose total is asked with postage, a box or a card ("one 250 g tin with a handwritten
    card, sent by SF"): its goods said as a sum the fees are then added to."""
    lines = (*plan.lead, *plan.closing)
    shown = {p.id for p in plan.products}  # not a line the answer left out (what can't be sent there)
    counted = [(pid, n) for pid, n in u.quantities if n and pid in shown]
    if "price" not in u.attributes or u.unread or any(SUM_SAID.search(x) for x in lines) or len(plan.products) != 1:
        return plan  # (a total held back for a line it could not read stays held back)
    p = plan.products[0]
    n = dict(counted).get(p.id, 1) if len(counted) <= 1 else 0
    if not n or not p.in_stock:
        return plan
    fees = bool(set(u.topics) & {"shipping_fee", "gift_wrap", "courier", "cold_chain", "pickup"} or u.extras_said)
    if n == 1 and not fees:  # "How much is the jam?": its price said once, no "1 × ¥35 = ¥35" after it
        return plan
    total = round(p.price_cny * n, 2)
    said = (
        f"{p.name_zh}：{n} × ¥{money(p.price_cny)} = ¥{money(total)}。"
        if lang == "zh"
        else f"The {p.name_en}: {n} × ¥{money(p.price_cny)} = ¥{money(total)}."
    )
    return replace(plan, lead=(*plan.lead, said))


def _by_kind(plan: Plan, u: Understanding) -> tuple[float, float, float]:
    """The chilled, the ambient and the frozen goods of the order the plan prices (its products at the counts
    said)."""
    qty = dict(u.quantities)

    def of(keep: Callable[[Product], bool]) -> float:
        return round(sum(p.price_cny * qty.get(p.id, 1) for p in plan.products if p.in_stock and keep(p)), 2)

    return (
        of(lambda p: p.cold_chain and not frozen(p)),
        of(lambda p: not p.cold_chain),
        of(lambda p: p.cold_chain and frozen(p)),
    )


def with_deposit(plan: Plan, u: Understanding, shop: Shop, lang: str) -> Plan:
    """For pre-ordered goods in the order: the deposit the shop's rule asks now and the balance left to pay."""
    qty = dict(u.quantities)
    for p in plan.products:
        n = qty.get(p.id, 0) or (u.quantity or 0 if len(plan.products) == 1 and not qty else 0)
        if not n or not pre_orderable(p):
            continue
        rule = pre_order_rule(p, shop, lang)
        each = deposit_each(rule)
        if each is None:
            continue
        whole = next((t for pol in shop.policies if rule and rule.rstrip("。.") in (t := pol.answer(lang))), rule)
        cap = _PER_ORDER.search(whole)
        limit = int(next(g for g in cap.groups() if g)) if cap else None
        capped = ""
        if limit is not None and n > limit:  # "make it 5 tins" of a pre-order of up to 4 a order: 4, and a clerk
            capped = (
                f"预订每单最多{limit}件，这单先按{limit}件算，要更多的话我请店员帮您看看。"
                if lang == "zh"
                else f"The pre-order takes at most {limit} per order, so this is worked out for {limit}; a clerk can "
                "see about more."
            )
            said_for = f"{n} × ¥{money(p.price_cny)}"  # the price of the count asked for: not said beside the cap
            plan = replace(
                plan,
                lead=tuple(x for x in plan.lead if said_for not in x),
                closing=tuple(x for x in plan.closing if said_for not in x),
            )
            n = limit
        now, full = round(n * each, 2), round(n * p.price_cny, 2)
        cold = (
            _balance_cold_fee(p, full, u, shop, lang) if _WITH_COLD_FEE.search(pre_order_rule(p, shop, lang)) else None
        )
        if not cold:  # no cold-chain fee in the balance (none owed, or not known without the destination)
            left = f"¥{money(full)} − ¥{money(now)} = ¥{money(full - now)}"
            if cold == 0.0:
                left += "（这单冷链费免收）" if lang == "zh" else " (no cold-chain fee on this parcel)"
        else:
            left = f"¥{money(full)} − ¥{money(now)} + ¥{money(cold)} = ¥{money(full - now + cold)}"
        said = (
            f"定金现在付{n} × ¥{money(each)} = ¥{money(now)}，尾款发货前付{left}"
            + ("（含冷链费）" if cold else "")
            + "。"
            if lang == "zh"
            else f"The deposit now is {n} × ¥{money(each)} = ¥{money(now)}; the balance before dispatch is {left}"
            + (" (with the cold-chain fee)" if cold else "")
            + "."
        )
        if cold is None and _WITH_COLD_FEE.search(pre_order_rule(p, shop, lang)) and p.cold_chain:
            said += (
                "尾款还要加冷链费，按收货地区算，告诉我寄到哪里我帮您算。"
                if lang == "zh"
                else " The balance also carries the cold-chain fee for the destination; tell me where it goes."
            )
        return replace(plan, closing=(*plan.closing, *((capped,) if capped else ()), said))
    return plan


# how many one order may take ("每单最多4罐", "up to 4 tins per order")
_PER_ORDER = re.compile(
    r"每单最多(\d+)|每单限购?(\d+)|每人限购?(\d+)|(?:up to|at most|a maximum of|max\.?) (\d+) [\w ]{0,12}?per order",
    re.I,
)


# a pre-order's balance that carries the cold-chain fee ("尾款（货款减定金，再加冷链费）")
_WITH_COLD_FEE = re.compile(r"尾款[^。]{0,20}冷链费|balance[^.]{0,60}cold[- ]chain fee", re.I)


def _balance_cold_fee(p: Product, goods: float, u: Understanding, shop: Shop, lang: str) -> float | None:
    """The cold-chain fee a pre-ordered parcel of ``goods`` pays to the destination said (one cold parcel, free
    from the zone's own line), or None when the destination or the zone's fee is not known."""
    if not p.cold_chain or not u.places:
        return None
    for pol in shop.policies:
        zoned = zoned_cold(pol.answer(lang), lang, place_names(u.places))
        if zoned is not None:
            _, fee, free_from = zoned
            return 0.0 if goods >= free_from else fee
    return None


_POSTAGE = re.compile(TOPICS["shipping_fee"], re.I)
_PRICE_SAID = re.compile(r"[¥￥]\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*元")


def _unquoted(plan: Plan, worked: str, rule: re.Pattern[str] | None = None) -> Plan:
    """The plan without the sentences that only read out the rule a worked-out line now applies: those with a
    fee line of the rule (``rule``), or whose every price the worked-out line already states — never a total."""
    said = {float(a or b) for a, b in _PRICE_SAID.findall(worked)}

    def read_out(s: str) -> bool:
        if SUM_SAID.search(s):
            return False
        if rule is not None and (rule.search(s) or (_POSTAGE.search(s) and not re.search(r"\d", s))):
            return True  # a fee line of the rule, or words on postage with no figure ("you pay the return postage")
        prices = {float(a or b) for a, b in _PRICE_SAID.findall(s)}
        return bool(prices) and bool(prices & said) and not re.search(r"[（(]\s*\d|[（(][^）)]*[¥￥]\s*\d", s)

    return replace(
        plan,
        lead=tuple(s for s in plan.lead if not read_out(s)),
        closing=tuple(s for s in plan.closing if not read_out(s)),
    )
