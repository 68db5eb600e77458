"""A place's own list of what may be sent there, applied to the products asked about: a whitelist ("台湾：只寄…"),
bans by property ("不寄任何含肉、含猪油的食品", "no dried seafood, alcohol"), a limit ("酒每单最多2瓶"); and a
clause naming only places ("cold chain … not to Xinjiang") never bars ambient goods."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.turn import Guide
from tests.helpers import dialogue


async def test_meat_and_lard_are_barred_for_taiwan_and_the_total_is_for_what_may_go(
    fifth_guide: Callable[..., Guide],
) -> None:
    said = await dialogue(
        fifth_guide(),
        ["想给台北的朋友寄两盒肉松饼和一罐125克的铁观音，可以吗？运费多少？", "那绿豆饼能寄台湾吗？"],
    )
    first = said[0]
    assert "寄不了台湾" in first and "含肉" in first  # floss pastries: pork floss
    assert first.index("寄不了台湾") < first.index("¥98")  # the "no" before any price
    assert "铁观音可以寄台湾" in first
    assert "223.6" not in first  # no total with the barred pastries in it
    assert "寄不了台湾" in said[1] and "含猪油" in said[1]  # mung bean cakes: lard in the ingredients


async def test_dried_seafood_is_barred_by_the_rules_words_not_the_products_name(
    fifth_guide: Callable[..., Guide],
) -> None:
    said = await dialogue(fifth_guide(), ["Can I send dried shrimp to Taiwan?"])
    assert "can't be sent to Taiwan" in said[0] and "dried seafood" in said[0]


async def test_a_limit_in_brackets_is_said_with_the_yes(fourth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(fourth_guide(), ["寄两瓶黄酒到香港可以吗？"])
    assert "可以寄香港" in said[0] and "最多2瓶" in said[0]
    assert "寄不了" not in said[0]


async def test_goods_not_on_a_ban_list_may_go(fourth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(fourth_guide(), ["碧螺春能寄到台湾吗？"])
    assert "可以寄台湾" in said[0] and "寄不了" not in said[0]
