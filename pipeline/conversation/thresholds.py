"""A rule's threshold applied to the order the answer just summed: "按这单¥432算：韵达满169元包邮，已经够了" — a
clerk does the sum against the rule instead of reading the rule out and leaving the customer to do it.

Thresholds are read from the clauses the answer already says ("满169元包邮", "free from ¥359", "订单满268元贺卡
免费"): no shop's numbers are known here.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.conversation.lexicon import MACRO_REGION_EN
from pipeline.conversation.plan import Plan
from pipeline.conversation.understand import Understanding
from pipeline.conversation.words import SUM_SAID
from pipeline.places import province_en
from pipeline.textnum import money

__all__ = ["conclusions", "postage", "settle", "with_conclusions"]

_ZH_LINE = re.compile(
    r"(?:订单|单笔|购物|整单)?满\s*(\d+(?:\.\d+)?)\s*元\s*([^，。；,;]{0,10}?(?:包邮|免费|免[^，。；,;]{0,6}))"
)
_EN_LINE = re.compile(r"\bfree\b[^,.;]{0,30}?(?:from|over|on orders of|above|reaches)\s*[¥￥]\s*([\d,]+)", re.I)
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
            label = _EN_LABEL_CUT.sub("", head).strip() or "it"
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
    r"(?P<label>[\u4e00-\u9fffA-Za-z（）()]{1,12}?)每(?:单|个冷链包裹|个包裹|件)(?P<fee>\d+(?:\.\d+)?)元[，,]\s*(?:订单)?满"
    r"(?P<line>\d+(?:\.\d+)?)元(?:包邮|免)"
)
_EN_FEE = re.compile(
    r"(?P<label>[A-Z][\w ()-]{1,40}?) (?:is|costs?|are) [¥￥](?P<fee>\d+(?:\.\d+)?)(?: per [\w ]{3,20}?)?,? (?:and )?"
    r"free (?:from|on orders of|when the order reaches) [¥￥](?P<line>[\d,]+(?:\.\d+)?)"
)
_ZH_REMOTE = re.compile(r"(?P<places>[\u4e00-\u9fff、和]{2,40})每单另加(?P<fee>\d+(?:\.\d+)?)元偏远费")
_EN_REMOTE = re.compile(
    r"(?P<places>[A-Z][\w ,]{2,80}?) (?:add|adds|carry|carries) an? [¥￥](?P<fee>\d+(?:\.\d+)?) remote-area surcharge"
)


def postage(
    sentences: tuple[str, ...],
    rules: tuple[str, ...],
    lang: str,
    chilled: bool,
    ambient: bool,
    places: tuple[str, ...],
    asked: str,
) -> tuple[str, ...]:
    """The postage of the order the answer just summed, worked out from the fee lines of the rules it quotes
    (``rules``: their whole text): the standard courier (or the one the customer named) for ambient goods, the
    cold chain for chilled ones, a remote-area surcharge when the destination is in its list — each free from its
    line — and the total with postage."""
    totals = SUM_SAID.findall(" ".join(sentences))
    text = " ".join(rules)
    if not totals or not (chilled or ambient):
        return ()
    total = float(totals[-1])
    zh = lang == "zh"
    lines = [
        (m.group("label").strip(), float(m.group("fee")), float(m.group("line").replace(",", "")))
        for m in (_ZH_FEE if zh else _EN_FEE).finditer(text)
    ]
    if not lines:
        return ()
    cold = [x for x in lines if _COLD.search(x[0])]
    plain = [x for x in lines if not _COLD.search(x[0])]
    named = [x for x in plain if x[0] and re.sub(r"^(升级|upgrade to )", "", x[0], flags=re.I).lower() in asked.lower()]
    parts: list[str] = []
    fees: list[float] = []
    for use, label_fee_line in ((ambient, (named or plain)[:1]), (chilled, cold[:1])):
        if not use:
            continue
        if not label_fee_line:
            return ()  # a kind of parcel whose fee the answer doesn't quote: not worked out
        label, fee, line = label_fee_line[0]
        label = re.sub(r"^.*[：:]\s*", "", label)
        if not zh:
            label = re.sub(r"[()]", "", label).strip()  # "(ZTO)" of "standard delivery (ZTO) is ¥8"
        if total >= line:
            parts.append(f"{label}满{money(line)}元免运费" if zh else f"{label} free (over ¥{money(line)})")
        else:
            parts.append(f"{label}¥{money(fee)}" if zh else f"{label} ¥{money(fee)}")
            fees.append(fee)
    m = next((m for m in (_ZH_REMOTE if zh else _EN_REMOTE).finditer(text)), None)
    if m and any(p and p.lower() in m.group("places").lower() for p in places):
        fee = float(m.group("fee"))
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


# places with fees of their own (by weight, by region): the mainland couriers' lines don't apply
_FAR = frozenset({"海外", "香港", "澳门", "台湾"})


def settle(plan: Plan, u: Understanding, lang: str) -> Plan:
    """What the plan's last total comes to under the shop's rules: with postage when the question asks the fee
    ("连运费一共多少？"), else against the free-from lines it quotes (said right after the total)."""
    if plan.act == "bulk":
        return plan
    if "shipping_fee" in u.topics and not _FAR & set(u.places):
        places = tuple(n for pl in u.places for n in (pl, province_en(pl), MACRO_REGION_EN.get(pl, "")) if n)
        extra = postage(
            (*plan.lead, *plan.closing),
            tuple(pol.answer(lang) for pol in plan.policies),
            lang,
            any(p.cold_chain for p in plan.products),
            any(not p.cold_chain for p in plan.products),
            places,
            u.question,
        )
        if extra:
            return replace(plan, closing=(*plan.closing, *extra))
    return with_conclusions(plan, lang)
