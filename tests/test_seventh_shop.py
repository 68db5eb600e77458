"""Answers on a seventh shop (Shantou) the guide was not written for, from dialogues written after the code: a
place's list under a heading whose own words say yes or no ("台湾只能寄：…", "台湾不能寄：…"), a tea named after an
animal holds no meat, a sauce a place allows in a limited number, a follow-up about what is in the one product on the
table, a sweet product for a diabetic the search was for, the clerks' hours with the hand-over."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.turn import Guide
from tests.helpers import dialogue


async def test_a_places_list_under_a_heading_with_its_own_yes_or_no(seventh_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        seventh_guide(), ["想给台中的阿姨寄点东西：两罐125克的鸭屎香、一盒绿豆沙朥饼、一瓶鱼露，能寄吗？"]
    )
    assert "朥饼寄不了台湾" in said[0] and "鱼露寄不了台湾" in said[0]  # lard; fish; 台中 is in Taiwan
    assert "单丛可以寄台湾" in said[0]  # 鸭屎香 is a tea, not duck


async def test_meat_barred_for_hong_kong_leaves_the_sauces_it_allows(seventh_guide: Callable[..., Guide]) -> None:
    q = "I'd like to send my cousin in Hong Kong a braised goose, 8 jars of the olive vegetable and a box of the lard pastries. Is that doable?"
    said = await dialogue(seventh_guide(), [q])
    assert "Braised Goose can't be sent to Hong Kong" in said[0]
    assert "Olive Vegetable can't" not in said[0] and "doesn't list pork" not in said[0]  # no allergy question


async def test_what_is_in_the_one_product_on_the_table(seventh_guide: Callable[..., Guide]) -> None:
    said = await dialogue(seventh_guide(), ["你们卤鹅一份有多少？够几个人吃？", "卤汁里有没有放酒？我家小孩也要吃。"])
    assert "够四到六个人" in said[0]
    assert "卤鹅含酒精" in said[1] and "米酒" in said[1]  # the goose's stock, not "we don't sell 放酒"


async def test_a_named_product_after_a_search_for_a_diabetic_is_a_suitability_answer(
    seventh_guide: Callable[..., Guide],
) -> None:
    said = await dialogue(
        seventh_guide(),
        [
            "My grandfather is 80, diabetic, and his teeth aren't great. Anything Chaoshan for him under ¥150?",
            "What about the Laoxianghuang? People say it's good for digestion.",
        ],
    )
    assert "wouldn't suggest it for people watching their sugar" in said[1] and "I'd suggest" not in said[1]


async def test_a_hand_over_says_when_the_clerks_are_there(seventh_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        seventh_guide(),
        ["It's 9:45 pm and I need help with a refund — is there a real person I can talk to right now?"],
    )
    assert "calling a clerk" in said[0] and "08:30–20:30" in said[0]


async def test_a_two_character_name_in_a_list_and_a_toddlers_choking_warnings(
    seventh_guide: Callable[..., Guide],
) -> None:
    said = await dialogue(seventh_guide(), ["乐乐一岁半了，想给他买点小零食，束砂和花生糖他能吃吗？"], "w03")
    assert "束砂的商品介绍里写着" in said[0] and "三岁以下" in said[0]  # 束砂 is a name, said beside 花生糖


async def test_a_product_the_person_cannot_chew_is_left_out(seventh_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        seventh_guide(), ["我妈戴假牙，牛肉丸咬不动，我爸又要控糖，今年想换点软的、不甜的，有什么？"], "w01"
    )
    assert "牛肉丸" not in said[0] and "卤鹅" in said[0]


async def test_freezing_asked_of_the_product_on_the_table(seventh_guide: Callable[..., Guide]) -> None:
    said = await dialogue(seventh_guide(), ["你们卤鹅一份有多少？", "能放几天？我想放冷冻里慢慢吃。"])
    assert "卤鹅" in said[1] and "4天" in said[1] and "不能冷冻" in said[1]  # the goose, not the frozen tendon balls


async def test_an_order_cut_down_to_what_is_named_now(seventh_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        seventh_guide(),
        [
            "想给台中的阿姨寄点东西：两罐125克的鸭屎香、一盒绿豆沙朥饼、一瓶鱼露，能寄吗？",
            "那就只寄两罐茶，再加一包束砂，运费多少？一共多少钱？",
        ],
    )
    assert "2 × ¥128 + ¥26 = ¥282" in said[1] and "¥282 + ¥76 = ¥358" in said[1]  # the pastry and fish sauce are out
