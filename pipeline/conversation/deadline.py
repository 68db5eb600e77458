"""Whether a claim is still in time: the shop's window for the goods' kind, against when the customer says the
goods arrived.

"东西前天下午到的，火腿切片有点发霉，还来得及吗？" — a clerk doesn't read the rule out ("冷链商品24小时内") and leave the
customer to count; they say "按签收时间算已经过了24小时". The windows are read from the shop's own returns clause
(a number of hours or days after each kind of goods: chilled or frozen, ambient), in general language; when the
customer's words leave it unclear (yesterday, for a 24-hour window), that is said, and a clerk decides.
"""

from __future__ import annotations

import re

from pipeline.catalogue import Product
from pipeline.textnum import has_cjk, parse_amount

__all__ = ["received_ago", "window_line", "windows"]

_NUM = r"(\d+|[一二两三四五六七八九十]+)"
_GOT = r"(?:到|收到|签收|送到|送来|拿到|买|arrived|came|delivered|got|received|bought|turned up)"
_AGO_ZH: tuple[tuple[re.Pattern[str], tuple[float, float]], ...] = (
    (re.compile(r"大前天"), (2.0, 4.0)),
    (re.compile(r"前天"), (1.0, 3.0)),
    (re.compile(r"昨天|昨晚|昨儿|昨日"), (0.2, 2.0)),
    (re.compile(r"今天|今早|今晚|刚刚?(?:到|收到|签收|送到)|上午到|中午到"), (0.0, 1.0)),
    (re.compile(r"上周|上个?星期|上个?礼拜|一周前|一个星期前"), (5.0, 13.0)),
)
_AGO_EN: tuple[tuple[re.Pattern[str], tuple[float, float]], ...] = (
    (re.compile(r"day before yesterday", re.I), (1.0, 3.0)),
    (re.compile(r"yesterday|last night", re.I), (0.2, 2.0)),
    (re.compile(r"\btoday\b|this morning|this afternoon|just (?:arrived|came|got)", re.I), (0.0, 1.0)),
    (re.compile(r"last week|a week ago", re.I), (5.0, 13.0)),
)
_EN_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1, "an": 1}
_DAYS_AGO_ZH = re.compile(_NUM + r"\s*天(?:前|了)")
_DAYS_AGO_EN = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|a|an)\s+days?\s+ago", re.I)


_HOURS_SO_FAR = re.compile(r"(?:到现在|已经|都)?(?:差不多|大概|快|将近|有)?" + _NUM + r"\s*(?:个)?(?:多)?小时", re.I)
_HOURS_SO_FAR_EN = re.compile(r"\b(\d+)\s+hours\b", re.I)


def _near_receipt(question: str, m: re.Match[str]) -> bool:
    """Whether a time word is when the goods came: a receipt word just after it ("前天下午收到的") or, in English,
    just before it ("arrived yesterday") — not "今天拆开" of goods that came last week."""
    if re.search(_GOT, m.group(0), re.I):  # "刚到", "just arrived"
        return True
    after = question[m.end() : m.end() + 12]
    before = question[max(0, m.start() - 25) : m.start()]
    return bool(re.match(r"[^，。？?,.]{0,10}?" + _GOT, after, re.I) or re.search(_GOT + r"[\w ]{0,14}$", before, re.I))


_CLOCK_ZH = re.compile(
    r"(上午|早上|中午|下午|晚上|傍晚)?\s*(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*[点:：](半|\d{2})?"
)
_CLOCK_EN = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?", re.I)
_NOW_AT = re.compile(r"(?:现在|这会儿?|now(?: it'?s)?|it'?s now)\s*(?:是|已经|is)?\s*", re.I)
_DAY_OF = (
    (re.compile(r"大前天"), 3),
    (re.compile(r"前天|day before yesterday", re.I), 2),
    (re.compile(r"昨天|昨晚|昨儿|yesterday|last night", re.I), 1),
    (re.compile(r"今天|今早|今晚|today|this (?:morning|afternoon|evening)", re.I), 0),
)


def _clock(text: str, pm_hint: bool = False) -> float | None:
    """The hour of day said first in ``text`` ("下午4点", "9:40 this morning", "8:30 pm"), as hours."""
    m = _CLOCK_ZH.search(text)
    if (m and (m.group(3) or re.search(r"[点:：]", m.group(0))) and has_cjk(m.group(0))) or (m and m.group(1)):
        n = parse_amount(m.group(2))
        if n is not None and 0 <= n <= 24:
            h = n + (12 if m.group(1) in ("下午", "晚上", "傍晚") and n < 12 else 0)
            return h + (0.5 if m.group(3) == "半" else int(m.group(3) or 0) / 60)
    for e in _CLOCK_EN.finditer(text):
        if e.group(2) or e.group(3):
            h = int(e.group(1)) % 12 if e.group(3) else int(e.group(1))
            if e.group(3) and e.group(3).lower().startswith("p"):
                h += 12
            elif not e.group(3) and pm_hint and h < 12:
                h += 12
            return h + int(e.group(2) or 0) / 60
    return None


def _exact_hours(question: str) -> float | None:
    """Hours since the goods came, when the customer gives the day and time they came and the time now
    ("昨天下午4点签收的，现在晚上7点半", "it arrived at 9:40 this morning and now it's 8:30 pm")."""
    now = _NOW_AT.search(question)
    got = re.search(_GOT, question, re.I)
    if now is None or got is None:
        return None
    before_now = question[: now.start()]
    at = _clock(before_now)
    then = _clock(
        question[now.end() : now.end() + 16], pm_hint=bool(re.search(r"pm|晚上|下午", question[now.end() :], re.I))
    )
    day = next((n for pat, n in _DAY_OF if pat.search(before_now)), None)
    if at is None or then is None or day is None:
        return None
    hours = day * 24 + then - at
    return hours if hours >= 0 else None


def received_ago(question: str) -> tuple[float, float] | None:
    """How many days ago the customer says the goods came, as a range (earliest, latest), or None."""
    if not re.search(_GOT, question, re.I):
        return None
    exact = _exact_hours(question)
    if exact is not None:
        return (exact / 24, exact / 24)
    for hp in (_HOURS_SO_FAR, _HOURS_SO_FAR_EN):  # "到现在差不多40个小时": the hours they counted
        h = hp.search(question)
        if h and (n := parse_amount(h.group(1))) is not None and 0 < n < 24 * 30:
            return (n / 24, n / 24)
    for pat in (_DAYS_AGO_ZH, _DAYS_AGO_EN):
        m = pat.search(question)
        if m and _near_receipt(question, m):
            word = m.group(1).lower()
            n2 = float(_EN_NUM[word]) if word in _EN_NUM else parse_amount(word)
            if n2 is not None:
                return (max(0.0, n2 - 0.5), n2 + 0.5)
    for pat, span in _AGO_ZH + _AGO_EN:
        for m2 in pat.finditer(question):
            if _near_receipt(question, m2):
                return span
    return None


_KIND_ZH = r"(冷藏|冷冻|冷链|生鲜|常温)"
_KIND_EN = r"(?<!non-)(?<!non )(chilled|frozen|cold[- ]chain|refrigerated|ambient|shelf[- ]stable|room[- ]temperature)"
_SPAN_ZH = re.compile(r"(\d+)\s*(?:个)?(小时|天|日)")
_SPAN_EN = re.compile(r"(\d+)\s*(hours?|days?)", re.I)


def _kind(word: str) -> str:
    return (
        "any" if word == "any" else "ambient" if word in ("常温", "ambient") or word[:4] in ("shel", "room") else "cold"
    )


def windows(clause: str) -> dict[str, tuple[float, str]]:
    """The claim windows a returns clause gives — for chilled goods ("cold"), "ambient" goods, or goods of
    "any" kind — as (days, the words the shop used): each span of hours or days takes the kind words said
    before it ("冷藏、冷冻商品请在签收后36小时内"), or after it ("or 24 hours for chilled items")."""
    out: dict[str, tuple[float, str]] = {}
    zh = bool(re.search(r"[\u4e00-\u9fff]", clause))
    kinds = re.compile(_KIND_ZH if zh else _KIND_EN, re.I)
    span = _SPAN_ZH if zh else _SPAN_EN
    for part in re.split(r"[，,；;。]|\.\s", clause):
        at = 0
        for m in span.finditer(part):
            said = [k.group(1).lower() for k in kinds.finditer(part, at, m.start())]
            if not said and (after := re.match(r"[^,;]{0,12}?\bfor (?:the )?" + _KIND_EN, part[m.end() :], re.I)):
                said = [after.group(1).lower()]
            at = m.end()
            unit = m.group(2).lower()
            days = int(m.group(1)) / (24 if unit.startswith(("小时", "hour")) else 1)
            text = m.group(0).replace(" ", "") if zh else f"{m.group(1)}-{unit.rstrip('s')}"  # "48-hour"
            for word in said or ["any"]:
                out.setdefault(_kind(word), (days, text))
    return out


def window_line(question: str, rule: list[str], p: Product, lang: str) -> str:
    """Whether the claim is in time by the shop's window for this product's kind, or ""."""
    ago = received_ago(question)
    if ago is None:
        return ""
    kind = "cold" if p.cold_chain else "ambient"
    found = next((ws[kind] for c in rule if kind in (ws := windows(c))), None)
    found = found or next((ws["any"] for c in rule if "any" in (ws := windows(c))), None)
    if found is None:
        return ""
    zh = lang == "zh"
    limit, span = found
    label = ("冷链" if kind == "cold" else "常温") if zh else ("chilled" if kind == "cold" else "ambient")
    if ago[1] <= limit:
        return (
            f"按您说的签收时间，还在{label}商品{span}的时限内，请尽快拍照联系我们。"
            if zh
            else f"By when you say it arrived, you're still inside the {span} window for {label} goods; "
            "please send photos soon."
        )
    if ago[0] >= limit:
        return (
            f"按您说的签收时间，已经超过了{label}商品{span}的时限，能不能处理要由店员按具体情况决定。"
            if zh
            else f"By when you say it arrived, it's past the {span} window for {label} goods, so a clerk "
            "will decide what can be done."
        )
    return (
        f"按您说的签收时间，正好在{label}商品{span}时限的边上，请马上拍照联系我们，由店员确认。"
        if zh
        else f"By when you say it arrived, it's right at the edge of the {span} window for {label} goods; "
        "please send photos right away and a clerk will confirm."
    )
