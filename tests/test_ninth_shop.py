"""Answers on a ninth shop (Harbin) from the 16th fresh review's dialogues: order edits priced again over a chilled
and an ambient parcel, frozen goods only where the frozen rule sends them, hazelnuts asked about inside a mushroom
whose name is not a hazelnut, fava beans inside a nut mix for a G6PD child, a raised count in a family of two packs."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.session import Session
from pipeline.turn import Guide
from tests.helpers import answer, ask, dialogue


async def test_edits_to_a_parcel_with_a_chilled_line_are_priced_again(ninth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        ninth_guide(),
        [
            "我要寄上海：哈尔滨红肠原味2袋、大列巴1个、格瓦斯6瓶，含运费一共多少？",
            "把红肠换成清真牛肉红肠两袋，格瓦斯改成4瓶。",
            "那大列巴不要了呢？",
        ],
    )
    assert "= ¥228.9" in said[0]
    assert "= ¥229.1" in said[1] and "2 × ¥59.8" in said[1] and "4 × ¥9.9" in said[1]
    assert "= ¥159.2" in said[2] and "= ¥199.2" in said[2]  # under ¥168 now: the ambient fee is back


async def test_frozen_goods_are_not_sent_where_the_frozen_rule_does_not_go(ninth_guide: Callable[..., Guide]) -> None:
    text = answer(await ask(Session(ninth_guide()), "冻梨现在有吗？想寄到广州给朋友尝尝。"))
    assert "冷冻商品" in text and "寄不到广东" in text
    assert "冷藏商品可以发" not in text  # the chilled goods' rule is not theirs


async def test_hazelnuts_asked_of_a_mushroom_named_hazel(ninth_guide: Callable[..., Guide]) -> None:
    s = Session(ninth_guide(), customer_id="h01")  # severe pine-nut allergy
    text = answer(await ask(s, "那我自己吃的话，野生榛蘑里有榛子吗？还有蓝莓干呢？"))
    assert "标签上没有列出" in text and "红松岭" in text  # the blueberries' shared packing line, said
    assert "有两款" not in text  # an allergy question, not a pitch


async def test_a_g6pd_child_and_broad_beans_in_a_nut_mix(ninth_guide: Callable[..., Guide]) -> None:
    text = answer(await ask(Session(ninth_guide(), customer_id="h04"), "孩子有蚕豆病，东北炒货什锦能给他吃吗？"))
    assert "兰花豆" in text and "不能吃" in text


async def test_each_three_and_a_pack_said_by_its_year(ninth_guide: Callable[..., Guide]) -> None:
    s = Session(ninth_guide())
    wines = await dialogue(
        ninth_guide(), ["蓝莓酒甜型和干型有什么不一样？", "我要干型6瓶、甜型2瓶，可以吗？", "那就各3瓶，多少钱？"]
    )
    assert "= ¥618" in wines[2] and "3 × ¥98" in wines[2] and "3 × ¥108" in wines[2]  # three of each
    await ask(s, "那五常新米呢？可以先订吗？")
    rice = answer(await ask(s, "那就4袋新米，再加1袋2025年的五常大米现在发，一共多少？"))
    assert "4 × ¥198 + ¥168 = ¥960" in rice


async def test_what_the_corporate_rule_leaves_out_is_not_discounted(ninth_guide: Callable[..., Guide]) -> None:
    q = "Our company wants 60 Northeast Nut Gift Boxes and 20 bottles of the sorghum baijiu for clients. What discount?"
    text = answer(await ask(Session(ninth_guide()), q))
    assert "60 × ¥198 × 90% = ¥10692" in text  # the 10% tier from the boxes alone (¥11,880), not 15%
    assert "¥10692 + ¥3160 = ¥13852" in text  # the baijiu at its shelf price
    assert "20 × ¥158 × 95%" not in text


async def test_a_parcel_abroad_of_goods_that_may_not_go_is_no_pitch(ninth_guide: Callable[..., Guide]) -> None:
    q = "I'm going home to Toronto for Christmas. Could you just mail a box of the red sausage to my parents instead?"
    text = answer(await ask(Session(ninth_guide()), q))
    assert "can't be sent to Canada" in text and "Here are" not in text and "fit" not in text


async def test_a_name_said_with_a_word_dropped(ninth_guide: Callable[..., Guide]) -> None:
    q = "What's the difference between the Zipi candy and the hazelnut chocolate?"
    text = answer(await ask(Session(ninth_guide()), q))
    assert "Zipi" in text and "Hazelnut Milk Chocolate" in text and "I'd suggest" not in text
