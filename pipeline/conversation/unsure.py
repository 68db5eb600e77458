"""A total held back when part of the order could not be read: a clerk does not quote a sum over lines they
did not catch ("两份那个东北的" with two products it could be, "drop the other one" with nothing named).

The lines read are said with their counts, the part not read is quoted back, and the customer is asked which
product it means (or offered a clerk) — instead of a confident total that leaves a line out or counts one twice.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from pipeline.catalogue import Shop
from pipeline.conversation import words as w
from pipeline.conversation.plan import Plan
from pipeline.conversation.understand import Understanding
from pipeline.conversation.words import SUM_SAID

__all__ = ["hold_total"]

_QUOTE_CUT = 24  # characters of the unread part quoted back


def hold_total(plan: Plan, u: Understanding, shop: Shop, lang: str) -> Plan:
    """The plan without its worked-out sums when the question has parts of the order it could not read."""
    if not u.unread or not any(SUM_SAID.search(s) for s in plan.text_sentences):
        return plan
    zh = lang == "zh"
    lead = tuple(s for s in plan.lead if not SUM_SAID.search(s))
    closing = tuple(s for s in plan.closing if not SUM_SAID.search(s))
    read = [(p, n) for pid, n in u.quantities if n and (p := shop.product(pid)) is not None]
    families = Counter(w.family(p) for p, _ in read)
    sure = [(p, n) for p, n in read if families[w.family(p)] == 1]  # packs of one family each counted: a guess
    unsure = [p for p, _ in read if families[w.family(p)] > 1 and p.in_stock]
    said: list[str] = []
    if sure:
        if zh:
            parts = [f"{w.short_name(p, 'zh')}{n}份" for p, n in sure]
            said.append(f"我记下的是：{w.join(parts, 'zh')}。")
        else:
            parts = [f"{n} × {w.short_name(p, 'en')}" for p, n in sure]
            said.append(f"What I have down is {w.join(parts, 'en')}.")
    cut = _QUOTE_CUT if zh else 2 * _QUOTE_CUT
    quoted = ("、" if zh else "”, “").join(_short(x, cut) for x in u.unread[:2])
    said.append(
        f"“{quoted}”这部分我没能对上，总价先不报给您，免得算错。"
        if zh
        else f"I couldn't work out “{quoted}” in the order, so I won't give a total that might be wrong."
    )
    if len(unsure) >= 2:  # "两袋牛肉干" with two flavours in stock: which one
        said.append(_which(zh, [w.short_name(p, lang, unsure) for p in unsure[:3]]))
    else:
        said.append(
            "请告诉我是哪一款、要几份，或者让店员帮您核对这一单。"
            if zh
            else "Tell me which product and how many, or a clerk can go through the order with you."
        )
    return replace(plan, lead=(*said, *lead), closing=closing)


def _which(zh: bool, names: list[str]) -> str:
    """Which of the packs the line could mean, asked back."""
    if zh:
        return f"您要的是{'、'.join(names[:-1])}还是{names[-1]}？也可以让店员帮您核对这一单。"
    return f"Did you mean {', '.join(names[:-1])} or {names[-1]}? A clerk can also go through the order with you."


def _short(part: str, cut: int) -> str:
    part = re.sub(r"\s+", " ", part).strip(" ，,。.")
    return part if len(part) <= cut else part[: cut - 1] + "…"
