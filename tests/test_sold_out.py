"""A sold-out product, answered as a clerk would: when it is back in the shop's own words (its description's or a
rule's that names it), and in its place what is most like it — the jizong in chilli oil for the ganba in oil, not
fresh bamboo shoots that share its category. Scripted models; likeness is read from the shop's own text."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.catalogue import load_shop_folder
from pipeline.conversation.alike import alike
from pipeline.session import Session
from pipeline.turn import Guide
from tests.helpers import NINTH_SHOP, TWELFTH_SHOP, answer, ask, shown


async def test_when_it_is_back_is_said_in_the_shops_words(
    twelfth_guide: Callable[..., Guide], make_guide: Callable[..., Guide]
) -> None:
    text = answer(await ask(Session(twelfth_guide()), "海苔芝麻肉松还有货吗？"))
    assert "缺货" in text and "12月18日左右到货" in text  # its description
    text = answer(await ask(Session(twelfth_guide()), "云腿月饼还有吗？"))
    assert "7月1日开放预订" in text  # a rule naming it (the pre-order rule)
    text = answer(await ask(Session(make_guide()), "Is the matsutake in stock?"))
    assert "This batch just sold out and more arrives next week" in text
    assert "fit for elders" not in text  # only the clauses on its coming back, not the whole sentence


async def test_the_alternative_is_what_is_most_like_it(twelfth_guide: Callable[..., Guide]) -> None:
    evs = await ask(Session(twelfth_guide()), "Do you have the ganba mushrooms in oil?")
    assert "oil-jizong" in shown(evs) and "fresh-winter-shoots" not in shown(evs)
    assert "August 2027" in answer(evs)
    assert "(New harvest only (Aug–Nov))" not in answer(evs)  # no brackets in brackets


def test_nothing_is_offered_that_is_not_alike() -> None:
    shop = load_shop_folder(NINTH_SHOP)
    pears = next(p for p in shop.products if "冻梨" in p.name_zh)
    assert not [p for p in alike(shop, pears) if p.in_stock]  # frozen pears are not sticky buns or kimchi
    shop = load_shop_folder(TWELFTH_SHOP)
    floss = shop.product("pork-floss-seaweed")
    assert alike(shop, floss)[0].id == "pork-floss-original"
