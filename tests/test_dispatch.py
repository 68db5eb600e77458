"""The day an order leaves, from the shop's own dispatch text and the day and time the customer says."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.catalogue import Policy, bundled_shop_dir, load_shop_folder
from pipeline.conversation.dispatch import Rule, leaves, read_rules, said_day, said_time
from pipeline.session import Session
from pipeline.turn import Guide
from tests.helpers import SECOND_SHOP, THIRD_SHOP, answer, ask


def _dispatch(folder: object, pid: str) -> Policy:
    shop = load_shop_folder(folder)  # type: ignore[arg-type]
    return next(p for p in shop.policies if p.id == pid)


def test_each_shops_rule_is_read_from_its_own_text() -> None:
    demo = read_rules(_dispatch(bundled_shop_dir(), "dispatch_cutoff"))
    assert demo["ambient"] == Rule(frozenset(range(7)), 16 * 60)
    assert demo["cold"].days == frozenset({0, 1, 2, 3})
    second = read_rules(_dispatch(SECOND_SHOP, "when_we_ship"))
    assert second["ambient"] == Rule(frozenset(range(6)), 14 * 60 + 30)  # no Sundays
    assert second["cold"].days == frozenset({0, 1, 2})
    third = read_rules(_dispatch(THIRD_SHOP, "dispatch_cutoff"))
    assert third["cold"].days == frozenset({1, 2, 3})  # "周二、周三、周四": a list, not a range


@pytest.mark.parametrize(
    ("weekday", "minute", "want"),
    [(5, None, (5, True)), (5, 17 * 60, (0, False)), (6, 9 * 60, (0, False)), (2, 10 * 60, (2, True))],
)
def test_the_day_it_leaves(weekday: int, minute: int | None, want: tuple[int, bool]) -> None:
    rule = Rule(frozenset(range(6)), 15 * 60 + 30)  # Monday to Saturday, before 15:30
    assert leaves(rule, weekday, minute) == want


def test_the_day_and_time_said() -> None:
    assert said_day("今天周六了，这单啥时候能发？") == 5
    assert said_day("It's Friday, if I pay now?") == 4
    assert said_day("这单啥时候能发？") is None  # not said: the guide doesn't guess the date
    assert said_day("还有，我周一上午下单了两盒乳饼，哪天能发？") == 0  # the day it was paid
    assert said_time("今天周三，我现在下午五点付款") == 17 * 60
    assert said_time("if I pay at 5pm") == 17 * 60
    assert said_time("上午十点半付款") == 10 * 60 + 30


async def test_a_chilled_order_on_a_friday_leaves_on_monday(make_guide: Callable[..., Guide]) -> None:
    """Demo shop: cold chain only Monday to Thursday; ambient the same day before 16:00."""
    s = Session(make_guide())
    await ask(s, "豌豆黄两盒、木耳一盒，寄南京，一共多少钱？")
    text = answer(await ask(s, "今天周五，下午三点付款，这单啥时候能发？"))
    assert "按周五付款算" in text and "常温的当天发出" in text and "冷链的下周一发出" in text
    text = answer(
        await ask(Session(make_guide()), "It's Saturday. If I order the black fungus now, when does it ship?")
    )
    assert "Paid on a Saturday" in text and "the same day if paid before 16:00" in text
