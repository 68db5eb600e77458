"""A rule's threshold applied to the order the answer just summed: "按这单¥432算：韵达满169元包邮，已经够了" — a
clerk does the sum against the rule instead of reading the rule out and leaving the customer to do it.

Thresholds are read from the clauses the answer already says ("满169元包邮", "free from ¥359", "订单满268元贺卡
免费"): no shop's numbers are known here.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.conversation.plan import Plan
from pipeline.textnum import money

__all__ = ["conclusions", "with_conclusions"]

_TOTAL = re.compile(r"=\s*[¥￥]\s*(\d+(?:\.\d+)?)")
_ZH_LINE = re.compile(
    r"(?:订单|单笔|购物|整单)?满\s*(\d+(?:\.\d+)?)\s*元\s*([^，。；,;]{0,10}?(?:包邮|免费|免[^，。；,;]{0,6}))"
)
_EN_LINE = re.compile(r"\bfree\b[^,.;]{0,30}?(?:from|over|on orders of|above|reaches)\s*[¥￥]\s*([\d,]+)", re.I)
_LABEL_CUT = re.compile(r"(每单|每个|每件|每箱|每份|\d).*$")
_EN_LABEL_CUT = re.compile(r"\s+(is|are|costs?|adds?)\s+[¥￥\d].*$", re.I)


def _zh_label(part: str) -> str:
    part = re.sub(r"^.*[：:]", "", part).strip()
    return _LABEL_CUT.sub("", part).strip()


_CHILLED = re.compile(r"冷链|冷运|冷藏|cold[- ]chain|chilled", re.I)


def conclusions(sentences: tuple[str, ...], lang: str, chilled: bool = False) -> tuple[str, ...]:
    """For the last total the sentences work out, whether it reaches each free-from line they quote (the
    cold-chain ones only for an order with chilled goods)."""
    text = " ".join(sentences)
    totals = _TOTAL.findall(text)
    if not totals:
        return ()
    total = float(totals[-1])
    met: list[str] = []
    short: list[str] = []
    seen: set[float] = set()
    for segment in re.split(r"[；;。]|(?<=\.)\s", text):
        if not chilled and _CHILLED.search(segment):
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
    at = max((i for i, s in enumerate(lines) if _TOTAL.search(s)), default=-1)
    if not said or at < 0:
        return plan
    after = (*lines[: at + 1], *said, *lines[at + 1 :])
    cut = len(plan.lead) + (1 if at < len(plan.lead) else 0)
    return replace(plan, lead=after[:cut], closing=after[cut:])
