"""A returning customer's discount, when the shop's rules give one ("members with a completed order in the past 12
months get 5% off the goods when an order's goods come to ¥500 or more"): read from the rule's own words, checked
against the customer's order history and the catalogue's date, and worked out on the order the answer just summed —
before postage, whose free lines the discounted goods then reach or not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from pipeline.catalogue import Customer, Shop
from pipeline.conversation import words as w
from pipeline.conversation.plan import Plan
from pipeline.conversation.understand import Understanding
from pipeline.textnum import money

__all__ = ["ReturningRule", "returning_rule", "with_returning"]

_RETURNING_EN = re.compile(r"returning|regular customer|repeat customer|loyal", re.I)
_RETURNING_ZH = re.compile(r"回头客|老客户|老顾客|复购")
_PCT = re.compile(r"(\d+(?:\.\d+)?)\s*%\s*off", re.I)
_LINE = re.compile(r"[¥￥]\s*([\d,]+(?:\.\d+)?)\s*(?:or more|and (?:over|above))|from [¥￥]\s*([\d,]+)", re.I)
_MONTHS = re.compile(r"past (\d+) months|last (\d+) months|within (\d+) months", re.I)


@dataclass(frozen=True)
class ReturningRule:
    percent: float
    line: float  # the goods (before discount) an order must reach
    months: int  # how recent a completed order must be
    said_zh: str
    said_en: str


def returning_rule(shop: Shop) -> ReturningRule | None:
    """The shop's returning-customer discount, when one of its rules states it with a percent and a line."""
    for pol in shop.policies:
        for c in w.clauses(pol.answer_en):
            if not _RETURNING_EN.search(c):
                continue
            pct, line = _PCT.search(c), _LINE.search(c)
            if not pct or not line:
                continue
            months = _MONTHS.search(c)
            zh = next((x for x in w.clauses(pol.answer_zh) if _RETURNING_ZH.search(x)), "")
            return ReturningRule(
                float(pct.group(1)),
                float((line.group(1) or line.group(2)).replace(",", "")),
                int(next(g for g in months.groups() if g)) if months else 12,
                w.end(zh, "zh") if zh else "",
                w.end(c, "en"),
            )
    return None


def _qualifies(customer: Customer | None, rule: ReturningRule, as_of: str) -> bool:
    """Whether the customer has a completed order within the rule's months of the catalogue's date."""
    if customer is None:
        return False
    try:
        today = date.fromisoformat(as_of[:10])
    except ValueError:
        return False
    for o in customer.purchases:
        if str(o.get("status", "completed")) != "completed":
            continue
        try:
            when = date.fromisoformat(str(o.get("date", ""))[:10])
        except ValueError:
            continue
        if 0 <= (today - when).days <= rule.months * 31:
            return True
    return False


def with_returning(plan: Plan, u: Understanding, shop: Shop, customer: Customer | None, lang: str) -> Plan:
    """The plan with the returning-customer discount worked out right after the order's goods sum, when the
    customer qualifies and the goods reach the rule's line (a company order has its own tiers)."""
    if plan.act == "bulk":
        return plan
    rule = returning_rule(shop)
    if rule is None or not _qualifies(customer, rule, shop.as_of):
        return plan
    lines = (*plan.lead, *plan.closing)
    at = next((i for i, s in enumerate(lines) if w.SUM_SAID.search(s)), -1)
    if at < 0:
        return plan
    goods = float(w.SUM_SAID.findall(lines[at])[-1])
    if goods < rule.line:
        return plan
    after = round(goods * (100 - rule.percent) / 100, 2)
    keep = money(100 - rule.percent)
    said = (
        f"您过去{rule.months}个月内有已完成的订单，商品满{money(rule.line)}元享回头客优惠{money(rule.percent)}%："
        f"¥{money(goods)} × {keep}% = ¥{money(after)}。"
        if lang == "zh"
        else f"As a returning customer (a completed order in the past {rule.months} months) you get "
        f"{money(rule.percent)}% off goods from ¥{money(rule.line)}: ¥{money(goods)} × {keep}% = ¥{money(after)}."
    )
    out = (*lines[: at + 1], said, *lines[at + 1 :])
    cut = len(plan.lead) + (1 if at < len(plan.lead) else 0)
    return replace(plan, lead=out[:cut], closing=out[cut:])
