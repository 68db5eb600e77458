"""A returning customer's discount, when the shop's rules give one ("members with a completed order in the past 12
months get 5% off the goods when an order's goods come to ¥500 or more"): read from the rule's own words, checked
against the customer's order history and the catalogue's date, and worked out on the order the answer just summed —
before postage, whose free lines the discounted goods then reach or not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from pipeline.catalogue import Customer, Product, Shop
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
_DAYS = re.compile(r"(?:past|last|within|in the) (\d+) days", re.I)
# what the discount leaves out, said of a kind of goods ("Tea … is never discounted", "pre-order items are excluded")
_LEFT_OUT = re.compile(
    r"never discounted|not discounted|isn'?t discounted|excluded|does not count|doesn'?t count", re.I
)
_PRE_ORDERS = re.compile(r"pre-?orders?(?: items?)? (?:are |is )?excluded|not (?:for|on) pre-?orders?", re.I)


@dataclass(frozen=True)
class ReturningRule:
    percent: float
    line: float  # the goods (before discount) an order must reach
    days: int  # how recent a completed order must be
    said_zh: str
    said_en: str
    left_out: frozenset[str] = frozenset()  # categories the discount and its line leave out ("Tea")
    no_pre_orders: bool = False

    def leaves_out(self, p: Product) -> bool:
        """Whether the discount, and the line it needs, leave this product out."""
        return p.category in self.left_out or (self.no_pre_orders and w.pre_orderable(p))


def returning_rule(shop: Shop) -> ReturningRule | None:
    """The shop's returning-customer discount, when one of its rules states it with a percent and a line."""
    for pol in shop.policies:
        for c in w.clauses(pol.answer_en):
            if not _RETURNING_EN.search(c):
                continue
            pct, line = _PCT.search(c), _LINE.search(c)
            if not pct or not line:
                continue
            months, days = _MONTHS.search(c), _DAYS.search(c)
            zh = next((x for x in w.clauses(pol.answer_zh) if _RETURNING_ZH.search(x)), "")
            rest = [x for x in w.clauses(pol.answer_en) if _LEFT_OUT.search(x)]
            left_out = frozenset(  # a category the rule names beside "never discounted" ("Tea (every product…)")
                cid
                for cid, names in shop.categories.items()
                for x in rest
                if re.search(rf"\b{re.escape(names.get('en', '').lower())}\b", x.lower()) and names.get("en")
            )
            return ReturningRule(
                float(pct.group(1)),
                float((line.group(1) or line.group(2)).replace(",", "")),
                int(days.group(1)) if days else 31 * (int(next(g for g in months.groups() if g)) if months else 12),
                w.end(zh, "zh") if zh else "",
                w.end(c, "en"),
                left_out,
                any(_PRE_ORDERS.search(x) for x in rest),
            )
    return None


_ASKED = re.compile(r"回头客|老客户|老顾客|returning|loyal|regular customer", re.I)


def _last_completed(customer: Customer | None) -> str:
    """The date of the customer's latest completed order, as their history writes it."""
    dates = [
        str(o.get("date", ""))[:10]
        for o in (customer.purchases if customer else ())
        if str(o.get("status", "completed")) == "completed"
    ]
    return max((d for d in dates if d), default="")


def _left_out_said(shop: Shop, rule: ReturningRule, lang: str) -> str:
    """What the discount leaves out, in words ("茶叶", "tea", "pre-order items")."""
    return w.join([rule_name(shop, c, lang) for c in sorted(rule.left_out)], lang) or (
        "预售商品" if lang == "zh" else "pre-order items"
    )


def rule_name(shop: Shop, category: str, lang: str) -> str:
    """A category's name as the shop gives it ("茶叶", "tea")."""
    names = shop.categories.get(category, {})
    return names.get("zh", category) if lang == "zh" else names.get("en", category).lower()


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
        if 0 <= (today - when).days <= rule.days:
            return True
    return False


def with_returning(plan: Plan, u: Understanding, shop: Shop, customer: Customer | None, lang: str) -> Plan:
    """The plan with the returning-customer discount worked out right after the order's goods sum, when the
    customer qualifies and the goods reach the rule's line (a company order has its own tiers)."""
    if plan.act == "bulk":
        return plan
    rule = returning_rule(shop)
    if rule is None:
        return plan
    asked = bool(_ASKED.search(u.question))  # "do I get the returning-customer discount?": yes or no, and why
    recent = f"过去{rule.days}天内" if rule.days % 31 else f"过去{rule.days // 31}个月内"
    recent_en = f"the past {rule.days} days" if rule.days % 31 else f"the past {rule.days // 31} months"
    if not _qualifies(customer, rule, shop.as_of):
        if not asked:
            return plan
        last = _last_completed(customer)
        said_no = (
            f"回头客优惠要{recent}有已完成的订单" + (f"，您最近一次是{last}" if last else "") + "，这单享受不了。"
            if lang == "zh"
            else f"The returning-customer discount needs a completed order in {recent_en}"
            + (f"; your last one was on {last}" if last else "")
            + ", so this order doesn't get it."
        )
        return replace(plan, closing=(*plan.closing, said_no))
    lines = (*plan.lead, *plan.closing)
    at = next((i for i, s in enumerate(lines) if w.SUM_SAID.search(s)), -1)
    if at < 0:
        return plan
    goods = float(w.SUM_SAID.findall(lines[at])[-1])
    keep = money(100 - rule.percent)
    if rule.left_out or rule.no_pre_orders:  # "non-tea goods": the part of the order the discount is on
        qty = dict(u.quantities) or dict(plan.priced)
        prods = [(p, qty.get(p.id, 1)) for p in plan.products]
        if abs(sum(p.price_cny * n for p, n in prods) - goods) > 0.01:
            return plan  # the sum isn't these lines: no discount worked out on a guess
        kept = [(p, n) for p, n in prods if not rule.leaves_out(p)]
        base = round(sum(p.price_cny * n for p, n in kept), 2)
        out_of = round(goods - base, 2)
        if not out_of and base >= rule.line:
            return _plain(plan, lines, at, goods, rule, recent, recent_en, keep, lang)
        if base < rule.line:
            if not asked:
                return plan
            kinds = _left_out_said(shop, rule, lang)
            short = (
                f"{kinds}不打折，其余商品¥{money(base)}不到{money(rule.line)}元，这单没有回头客优惠。"
                if lang == "zh"
                else f"The {kinds} isn't discounted, and the other goods (¥{money(base)}) are under "
                f"¥{money(rule.line)}, so there's no returning-customer discount on this order."
            )
            return replace(plan, closing=(*plan.closing, short))
        cut = round(base * rule.percent / 100, 2)
        after = round(goods - cut, 2)
        kinds = _left_out_said(shop, rule, lang)
        terms = " + ".join(f"{n} × ¥{money(p.price_cny)}" if n > 1 else f"¥{money(p.price_cny)}" for p, n in kept)
        sub = f"{terms} = ¥{money(base)}" if len(kept) > 1 or (kept and kept[0][1] > 1) else f"¥{money(base)}"
        said = (
            f"您{recent}有已完成的订单，{kinds}以外的商品{sub}，满{money(rule.line)}元，享回头客优惠"
            f"{money(rule.percent)}%：¥{money(base)} × {keep}% = ¥{money(round(base - cut, 2))}"
            + (
                f"；{kinds}¥{money(out_of)}不打折，商品合计¥{money(round(base - cut, 2))} + ¥{money(out_of)} = "
                f"¥{money(after)}。"
                if out_of
                else "。"
            )
            if lang == "zh"
            else f"As a returning customer (a completed order in {recent_en}), the goods other than {kinds} come to "
            f"{sub}, over ¥{money(rule.line)}, so they get {money(rule.percent)}% off: ¥{money(base)} × "
            f"{keep}% = ¥{money(round(base - cut, 2))}"
            + (
                f"; the {kinds} (¥{money(out_of)}) isn't discounted, so the goods come to "
                f"¥{money(round(base - cut, 2))} + ¥{money(out_of)} = ¥{money(after)}."
                if out_of
                else "."
            )
        )
        out = (*lines[: at + 1], said, *lines[at + 1 :])
        cut_at = len(plan.lead) + (1 if at < len(plan.lead) else 0)
        return replace(plan, lead=out[:cut_at], closing=out[cut_at:])
    if goods < rule.line:
        return plan
    return _plain(plan, lines, at, goods, rule, recent, recent_en, keep, lang)


def _plain(
    plan: Plan,
    lines: tuple[str, ...],
    at: int,
    goods: float,
    rule: ReturningRule,
    recent: str,
    recent_en: str,
    keep: str,
    lang: str,
) -> Plan:
    """The discount on the whole of the goods, said right after their sum."""
    after = round(goods * (100 - rule.percent) / 100, 2)
    said = (
        f"您{recent}有已完成的订单，商品满{money(rule.line)}元享回头客优惠{money(rule.percent)}%："
        f"¥{money(goods)} × {keep}% = ¥{money(after)}。"
        if lang == "zh"
        else f"As a returning customer (a completed order in {recent_en}) you get "
        f"{money(rule.percent)}% off goods from ¥{money(rule.line)}: ¥{money(goods)} × {keep}% = ¥{money(after)}."
    )
    out = (*lines[: at + 1], said, *lines[at + 1 :])
    cut = len(plan.lead) + (1 if at < len(plan.lead) else 0)
    return replace(plan, lead=out[:cut], closing=out[cut:])
