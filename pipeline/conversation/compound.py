"""A turn that asks several things at once ("他血糖高喝这个没问题吧？两样加起来多少钱？"): each ask is understood
and planned on its own, in order, against what the asks before it put on the table, and the plans are joined.

One understanding of the whole question picks one kind of answer and loses the rest; a clerk answers every
question in turn. The asks are cut at question marks only: a statement ("我妈牙口不好。") belongs to the question
after it, and words after the last question mark to the one before.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import replace

from pipeline.conversation.plan import Plan
from pipeline.conversation.understand import DialogueState, Understanding
from pipeline.conversation.words import SUM_SAID

__all__ = ["SEARCHING", "Planner", "answer_asks", "carry", "focus", "further", "join", "questions"]

# the acts whose products come from a catalogue search
SEARCHING = ("recommend", "choose", "bulk", "unknown_product")

_QMARK = re.compile(r"(?<=[？?])")
_WORD = re.compile(r"\w")
# acts that answer nothing of their own when another ask of the turn is answered
_EMPTY = frozenset({"unclear", "greeting"})


def questions(text: str) -> list[str]:
    """The question's asks: each ends at a question mark; a tail without one joins the ask before it."""
    parts = [p.strip() for p in _QMARK.split(text.strip())]
    out: list[str] = []
    for p in parts:
        if len(_WORD.findall(p)) < 2:
            if out and p:
                out[-1] += p
            continue
        if out and not re.search(r"[？?]$", p):
            out[-1] = f"{out[-1]} {p}" if p.isascii() else out[-1] + p
        else:
            out.append(p)
    return out or [text]


def further(whole: Understanding, parts: list[Understanding]) -> list[int]:
    """Which asks to answer besides the whole question's answer: those wanting another kind of answer (a yes / no,
    a total, a rule), or every ask that wants anything when the whole question read as nothing. A further ask
    never starts a new search ("老人家怎么吃比较好？" after the bacon is about the bacon, not a new wish)."""
    if whole.act in _EMPTY:
        return [i for i, u in enumerate(parts) if u.act not in _EMPTY]
    picks = whole.act not in SEARCHING  # "花生酥里有花生吧？有没有不含花生的零食推荐？": the picks asked for, too
    return [
        i
        for i, u in enumerate(parts)
        if u.act not in _EMPTY
        and (u.act not in SEARCHING or (picks and u.act == "recommend" and bool(_PICKS_ASKED.search(u.question))))
        and u.act != whole.act
    ]


# an ask for picks in so many words (not "老人家怎么吃比较好？", which is about what is on the table)
_PICKS_ASKED = re.compile(
    r"推荐|有没有[^？?]{0,12}(?:的|吗)[？?]?$|有什么[^？?]{0,8}(?:可以|适合|合适|好)|换成(?:啥|什么|哪)|"
    r"recommend|suggest|anything (?:else|instead)|what else|something (?:else|instead)|alternatives?",
    re.I,
)


# an ask about everything on the table, not only the last ask's product ("两样加起来多少钱？", "both of them")
_ALL_OF_THEM = re.compile(
    r"[两三四]样|[两三四]个|都|加起来|一共|总共|both|all of|the (two|three)|together|in total", re.I
)


def focus(state: DialogueState, before: Plan | None, ask: str) -> DialogueState:
    """The table a further ask is read against: the product the ask before it was about ("那个菌菇礼盒里头装的
    是啥？她一口假牙，嚼得动不？" — the box), or all of the table when the ask counts them."""
    if before is None or not before.products or _ALL_OF_THEM.search(ask):
        return state
    return replace(state, product_ids=tuple(p.id for p in before.products))


def carry(state: DialogueState, u: Understanding, plan: Plan) -> DialogueState:
    """The table after one ask, for the next ask of the same turn: what it was about joins what was there
    ("再加一饼熟普洱…两样加起来多少钱？" is the pea cake and the pu'er); a search puts its own finds there."""
    new = tuple(p.id for p in plan.products)
    ids = new if new and u.act in SEARCHING else tuple(dict.fromkeys((*state.product_ids, *new)))
    return replace(
        state,
        product_ids=ids,
        places=u.places or state.places,
        act=u.act if u.act != "unclear" else state.act,  # an ask read as nothing leaves the thread as it was
        attributes=u.attributes,
        allergens=u.allergens or state.allergens,
        suitability=u.suitability or state.suitability,
        topics=u.topics or state.topics,
    )


def join(first: Plan, more: list[Plan]) -> Plan:
    """One plan from the whole question's plan and the further asks' plans: its substance first (and the LLM's
    words after it, when it composes), then each further ask's answer, then every closing line (clerk offers,
    what was left out) once."""
    if first.act in _EMPTY and more:
        first, more = more[0], more[1:]
    said: set[str] = set()

    def fresh(lines: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for s in lines:
            if s not in said:
                said.add(s)
                out.append(s)
        return tuple(out)

    kept = [first, *more]
    lead = fresh(first.lead)
    summed = any(SUM_SAID.search(x) and "+" in x for x in (*first.lead, *first.closing))  # an order's, not a line's
    # one total for the turn: a further ask's own sum ("一共多少钱？" read alone) would contradict the whole's
    middle = tuple(s for p in more for s in fresh(p.lead) if not (summed and SUM_SAID.search(s)))
    closing = tuple(s for p in kept for s in fresh(p.closing))
    products = tuple({p.id: p for pl in kept for p in pl.products}.values())
    reasons = {k: v for pl in kept for k, v in pl.reasons.items()}
    policies = tuple({p.id: p for pl in kept for p in pl.policies}.values())
    return Plan(
        first.act,
        lead,
        (*middle, *closing),
        products,
        reasons,
        policies,
        compose=first.compose,
        clerk=any(p.clerk for p in kept),
        needs=first.needs,
        priced=next((p.priced for p in kept if p.priced), ()),
    )


# one ask understood against a table (and whether it comes with the photo), searched and planned
Planner = Callable[[str, DialogueState, bool], Awaitable[tuple[Understanding, Plan]]]


async def answer_asks(
    question: str, state: DialogueState, whole: Understanding, plan: Plan, planner: Planner
) -> tuple[Understanding, Plan]:
    """The whole question's understanding and plan, with the answers of its further asks joined in (each ask read
    against the table the asks before it leave)."""
    parts = questions(question)
    if len(parts) < 2:
        return whole, plan
    planned: list[tuple[Understanding, Plan]] = []
    st = state
    for i, part in enumerate(parts):
        pu, pp = await planner(part, focus(st, planned[-1][1] if planned else None, part), i == 0)
        planned.append((pu, pp))
        st = carry(st, pu, pp)
    more = further(whole, [pu for pu, _ in planned])
    if not more:
        return whole, plan
    if whole.act in _EMPTY:
        whole = replace(planned[more[0]][0], question=question)
    return whole, join(plan, [planned[i][1] for i in more])
