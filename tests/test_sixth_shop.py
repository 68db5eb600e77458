"""Answers on a sixth shop (Harbin) the guide was not written for, from dialogues written after the code: a
place's rule written as one sentence ("台湾不寄…，也不寄大米、蜂蜜…；…可以寄"), a product named outright as allowed
beating its category's ban, a baby's age in months with the label's honey warning, high blood sugar in English."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.turn import Guide
from tests.helpers import dialogue


async def test_a_places_rule_in_one_sentence_bars_honey_and_lets_named_goods_go(
    sixth_guide: Callable[..., Guide],
) -> None:
    said = await dialogue(
        sixth_guide(),
        [
            "I want to send my friend in Taipei a jar of the linden honey and two tins of pine nuts. Can you do that?",
            "Fine, just the pine nuts then, plus a bag of dried blueberries. Total with shipping?",
        ],
    )
    assert "Linden Snow Honey can't be sent to Taiwan" in said[0] and "Pine Nuts can go to Taiwan" in said[0]
    assert "can't be sent" not in said[1]  # "no honey" is not the dried blueberries, which the rule names as allowed
    assert "2 × ¥88 + ¥39 = ¥215" in said[1] and "¥215 + ¥90 = ¥305" in said[1]


async def test_a_baby_in_months_hears_the_labels_honey_warning(sixth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(sixth_guide(), ["想订个俄式蜂蜜蛋糕，够几个人吃？她小表妹才十个月，能吃一点吗？"])
    assert "够4到6个人吃" in said[0] and "一岁以内的宝宝不要吃" in said[0]


async def test_high_blood_sugar_said_in_english_keeps_sweets_out(sixth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        sixth_guide(), ["He's 70 and his blood sugar is high. Anything savoury, not sweet, as a gift for him?"]
    )
    assert not any(w in said[0] for w in ("Chocolate", "Candy", "Toffee", "Honey"))


async def test_weather_and_a_currency_rate_are_out_of_scope(sixth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        sixth_guide(),
        ["Is it going to be minus 30 at the Ice and Snow World tonight?", "What's the RMB to rouble rate today?"],
    )
    assert all("can't help" in s for s in said)
