"""When an order leaves: the shop's dispatch rule applied to the day and time the customer says.

"今天周六了，这单啥时候能发？" — a clerk doesn't read the rule out ("周一到周六15:30前付款的订单当天发出…冷链订单只在
周一到周三发货") and leave the customer to work it out; they say "冷链的周一发". The rule is read from the shop's own
dispatch text (its cut-off time, the weekdays it ships, and the cold chain's own days and cut-off): no shop's days
are known here. Only the day the customer says counts — the guide does not guess today's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.catalogue import Policy, Product
from pipeline.conversation.lexicon import FESTIVAL
from pipeline.conversation.plan import Plan
from pipeline.textnum import parse_amount

__all__ = ["Rule", "leaves", "read_rules", "weekly_policy", "with_dispatch"]

_ZH_DAYS = "一二三四五六日"
_EN_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = r"(?:周|星期|礼拜)([一二三四五六日天])"
_RANGE = re.compile(rf"{_DAY}(?:到|至|-|–|~){_DAY}")
_LIST = re.compile(rf"{_DAY}(?:[、和]{_DAY})+")
_NOT_ON = re.compile(rf"{_DAY}不发")
_CUTOFF = re.compile(r"(\d{1,2})[:：](\d{2})\s*前")
_COLD = re.compile(r"冷链|冷运|冷藏|冷冻")
_ABROAD = re.compile(r"港澳台|港澳|海外|境外|国外")


@dataclass(frozen=True)
class Rule:
    """One kind of parcel's dispatch: the weekdays it leaves (0 = Monday) and the time before which an order
    paid that day leaves the same day (minutes after midnight; none: any time)."""

    days: frozenset[int]
    cutoff: int | None


def _day(ch: str) -> int:
    return _ZH_DAYS.index("日" if ch == "天" else ch)


def _days_in(text: str) -> frozenset[int] | None:
    m = _RANGE.search(text)
    if m:
        a, b = _day(m.group(1)), _day(m.group(2))
        return frozenset(range(a, b + 1)) if a <= b else frozenset([*range(a, 7), *range(0, b + 1)])
    m2 = _LIST.search(text)
    if m2:
        return frozenset(_day(ch) for ch in re.findall(_DAY, m2.group(0)))
    return None


def _cutoff_in(text: str) -> int | None:
    m = _CUTOFF.search(text)
    return int(m.group(1)) * 60 + int(m.group(2)) if m else None


def read_rules(policy: Policy) -> dict[str, Rule]:
    """The ambient and cold-chain rules the dispatch text (its Chinese version) gives, as far as it gives them."""
    parts = [p for p in re.split(r"[。；;]", policy.answer_zh) if p.strip()]
    out: dict[str, Rule] = {}
    far = next((p for p in parts if _ABROAD.search(p) and _days_in(p)), None)  # "港澳台和海外订单只在每周二、周五发"
    if far is not None:
        out["abroad"] = Rule(_days_in(far) or frozenset(range(7)), _cutoff_in(far))
    parts = [p for p in parts if p is not far]
    plain = [p for p in parts if not _COLD.search(p)]
    cold = [p for p in parts if _COLD.search(p) and re.search(r"发货|发出|只在", p)]
    first = next((p for p in plain if _cutoff_in(p) is not None), None)
    if first is not None:
        days = set(_days_in(first) or range(7))
        for p in plain:
            days -= {_day(ch) for ch in _NOT_ON.findall(p)}
        out["ambient"] = Rule(frozenset(days), _cutoff_in(first))
    if cold:
        days_c = _days_in(cold[0])
        if days_c:
            cut = _cutoff_in(cold[0])
            out["cold"] = Rule(days_c, cut if cut is not None else out["ambient"].cutoff if "ambient" in out else None)
    return out


def weekly_policy(first: Policy | None, policies: tuple[Policy, ...]) -> Policy | None:
    """The policy that says which weekdays orders leave ("常温订单周一到周五发货"): the one the topic points at when
    it does, else the first of the shop's that does — not a holiday's last-dispatch dates ("劳动节…15:00前付款")."""
    for pol in (first, *policies):
        if pol is not None and any(
            _days_in(p) and _cutoff_in(p) is not None for p in re.split(r"[。；;]", pol.answer_zh)
        ):
            return pol
    return first


def leaves(rule: Rule, weekday: int, minute: int | None) -> tuple[int, bool]:
    """The weekday an order paid then leaves, and whether that is the same day."""
    if weekday in rule.days and (minute is None or rule.cutoff is None or minute < rule.cutoff):
        return weekday, True
    for k in range(1, 8):
        d = (weekday + k) % 7
        if d in rule.days:
            return d, False
    return weekday, True


_TODAY_ZH = re.compile(rf"今天(?:是)?{_DAY}")
_TODAY_EN = re.compile(
    r"(?:today is|today's|it's|it is)\s+(?:a\s+)?(" + "|".join(_EN_DAYS) + r")|\b(" + "|".join(_EN_DAYS) + r") today\b",
    re.I,
)
_TIME_ZH = re.compile(
    r"(上午|早上|中午|下午|晚上)?\s*(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:点|[:：])\s*(半|\d{2})?"
)
_TIME_EN = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)|\b(\d{1,2}):(\d{2})\b", re.I)


# the day an order was placed ("我周一上午下单了两盒乳饼", "I paid on Saturday afternoon")
_PAID_ZH = re.compile(rf"{_DAY}(?:上午|下午|晚上|早上|中午)?[^，。？?]{{0,8}}?(?:下单|付款|付的款|付了款|买的|订的)")
_PAID_EN = re.compile(
    r"(?:ordered|paid|placed (?:it|the order)|bought)[\w ]{0,12}? on (" + "|".join(_EN_DAYS) + ")", re.I
)


# "今天下单", "if I order now", "明天付款": a day counted from today's date
_NOW = re.compile(r"今天|今晚|现在|马上|\bnow\b|\btoday\b|\btonight\b", re.I)
_TOMORROW = re.compile(r"明天|明早|明晚|\btomorrow\b", re.I)


def said_day(question: str, today: int | None = None) -> int | None:
    """The weekday the customer says it is, or that they paid on (0 = Monday); "today" and "tomorrow" counted
    from ``today`` (the turn's date) when it is known."""
    m = _TODAY_ZH.search(question) or _PAID_ZH.search(question)
    if m:
        return _day(m.group(1))
    m2 = _TODAY_EN.search(question)
    if m2:
        return _EN_DAYS.index((m2.group(1) or m2.group(2)).lower())
    m3 = _PAID_EN.search(question)
    if m3:
        return _EN_DAYS.index(m3.group(1).lower())
    if today is not None and _TOMORROW.search(question):
        return (today + 1) % 7
    if today is not None and _NOW.search(question):
        return today
    return None


def said_time(question: str) -> int | None:
    """The time of day the customer says they pay ("下午五点", "5pm", "17:30"), in minutes after midnight."""
    m = _TIME_EN.search(question)
    if m:
        if m.group(4):
            return int(m.group(4)) * 60 + int(m.group(5))
        h = int(m.group(1)) % 12 + (12 if m.group(3).lower().startswith("p") else 0)
        return h * 60 + int(m.group(2) or 0)
    m2 = _TIME_ZH.search(question)
    if m2:
        n = parse_amount(m2.group(2))
        if n is None or not 0 <= n <= 24:
            return None
        h = int(n) + (12 if m2.group(1) in ("下午", "晚上") and n < 12 else 0)
        mins = 30 if m2.group(3) == "半" else int(m2.group(3) or 0)
        return h * 60 + mins
    return None


def _day_name(d: int, today: int, lang: str) -> str:
    if d == today:
        return "当天" if lang == "zh" else "the same day"
    nxt = d < today
    if lang == "zh":
        return ("下周" if nxt else "周") + _ZH_DAYS[d]
    return ("next " if nxt else "") + _EN_DAYS[d].capitalize()


def _fmt(minute: int) -> str:
    return f"{minute // 60}:{minute % 60:02d}"


def with_dispatch(
    plan: Plan,
    question: str,
    products: tuple[Product, ...],
    policy: Policy | None,
    lang: str,
    weekday: int | None = None,
    abroad: bool = False,
) -> Plan:
    """The plan with the day its order leaves, when the customer says what day it is ("今天周六了，这单啥时候能
    发？", or "today" of the turn's ``weekday``): for ambient and chilled goods each by its own rule, said after the
    rule the plan quotes."""
    today = said_day(question, weekday)
    if policy is None or today is None:
        return plan
    rules = read_rules(policy)
    minute = said_time(question)
    told: list[tuple[str, str]] = []  # (which goods, when they leave)
    kinds = [("ambient", any(not p.cold_chain for p in products)), ("cold", any(p.cold_chain for p in products))]
    if not products:  # "如果我周六下单，哪天发货？" with nothing chosen yet: each kind of parcel by its own rule
        kinds = [("ambient", True), ("cold", "cold" in rules)]
    if abroad and "abroad" in rules:  # a parcel to Hong Kong or abroad leaves on its own days
        kinds = [("abroad", True)]
    for kind, present in kinds:
        rule = rules.get(kind) or (rules.get("ambient") if kind == "cold" else None)
        if not present or rule is None:
            continue
        day, same = leaves(rule, today, minute)
        when = _day_name(day, today, lang) + ("发出" if lang == "zh" else "")
        if minute is None and same and rule.cutoff is not None:  # a ship day: it depends on when they pay
            later = _day_name(leaves(rule, today, rule.cutoff)[0], today, lang)
            cut = _fmt(rule.cutoff)
            when = (
                f"{cut}前付款当天发出，之后付款{later}发出"
                if lang == "zh"
                else f"the same day if paid before {cut}, else {later}"
            )
        told.append((kind, when))
    if not told:
        return plan
    if lang == "zh":
        label = {"ambient": "常温的", "cold": "冷链的", "abroad": "寄境外的"}
        said = [when if len(told) == 1 else label[k] + when for k, when in told]
        line = f"按周{_ZH_DAYS[today]}付款算：{'；'.join(said)}。"
    else:
        label = {"ambient": "the ambient items leave ", "cold": "the chilled items leave ", "abroad": "it leaves "}
        said = [("it leaves " if len(told) == 1 else label[k]) + when for k, when in told]
        line = f"Paid on a {_EN_DAYS[today].capitalize()}: {'; '.join(said)}."
    if any(FESTIVAL.search(x) and re.search(r"\d", x) for x in plan.lead):  # the weekdays say nothing of a holiday
        line += (
            "节假日前后以上面的节假日安排为准。" if lang == "zh" else " Around the holiday, its own dates above apply."
        )
    return replace(plan, lead=(*plan.lead, line))
