"""Answers on a tenth shop (Wuhan) from the 17th fresh review's dialogues, each failure kind as a test: the shop's
own health notes (honey and babies, rice wine and breastfeeding, choking risks, gout and salt) said for the products
asked, a child the clerk's notes name, a spoiled-goods complaint said in other words, and demo-shop order totals
("extra hot" is a flavour, "two 1 kg bags", a courier's fee is postage, "the rest, two of each" after a drop)."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.session import Session
from pipeline.turn import Guide
from tests.helpers import answer, ask, dialogue


async def test_honey_for_a_baby_gets_the_shops_own_rule(tenth_guide: Callable[..., Guide]) -> None:
    s = Session(tenth_guide(), customer_id="k04")
    text = answer(await ask(s, "小满现在8个月，豆豆两岁半。神农架蜂蜜能冲水给他们俩喝吗？"))
    assert "一岁以下的婴儿" in text


async def test_rice_wine_while_breastfeeding(tenth_guide: Callable[..., Guide]) -> None:
    text = answer(await ask(Session(tenth_guide()), "我还在喂奶，想买孝感米酒煮鸡蛋，可以吗？"))
    assert "含酒精" in text and "哺乳期" in text and "不要吃喝" in text


async def test_a_child_named_in_the_notes_and_sticky_food(tenth_guide: Callable[..., Guide]) -> None:
    s = Session(tenth_guide(), customer_id="k04")  # 儿子豆豆2岁半，对花生过敏
    text = answer(await ask(s, "那豆豆能吃糍粑和孝感麻糖吗？"))
    assert "容易噎" in text and "花生" in text and "推荐" not in text


async def test_gout_and_high_blood_pressure_get_the_shops_notes(tenth_guide: Callable[..., Guide]) -> None:
    text = answer(await ask(Session(tenth_guide()), "我爸有痛风和高血压，想给他寄点潜江小龙虾和荆州腊鱼，行吗？"))
    assert "嘌呤较高" in text and "高血压人群要少吃" in text and "医生" in text


async def test_a_sour_swollen_pack_is_a_complaint(tenth_guide: Callable[..., Guide]) -> None:
    text = answer(
        await ask(Session(tenth_guide()), "我昨天下午四点收到的香辣鸭锁骨，今天中午打开一股酸味，袋子都胀了！")
    )
    assert "抱歉" in text and "不要再食用" in text and "推荐" not in text


async def test_demo_order_totals_from_the_17th_set(make_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        make_guide(),
        [
            "I'll take 3 jars of extra-hot chilli crisp and 2 bags of strange-flavour beans. Total?",
            "Make it 4 jars of extra hot, and swap the beans for two jars of the original chilli crisp. Total?",
        ],
    )
    assert "2 × ¥22 + 4 × ¥24 = ¥140" in said[1]  # "extra hot" is the flavour, not one more
    dates = answer(
        await ask(
            Session(make_guide()),
            "I live in Urumqi. Two 1 kg bags of red dates and one bag of walnuts. How much delivered?",
        )
    )
    assert "2 × ¥69 + ¥59 = ¥197" in dates and "= ¥220" in dates  # under ¥199: postage and the remote fee
    sf = answer(
        await ask(
            Session(make_guide()), "Two ripe pu'er cakes and one Anhua Fu brick, by SF Express to Beijing. Total?"
        )
    )
    assert "= ¥494" in sf and "¥512" not in sf  # SF is free over ¥399: its fee is postage, not an item
    rest = await dialogue(
        make_guide(),
        ["帮我算：麻辣香干5袋、怪味胡豆3袋、孜然牛肉干2袋，一共多少？", "那牛肉干不要了，剩下的各两份，多少钱？"],
    )
    assert "2 × ¥15.8 + 2 × ¥18 = ¥67.6" in rest[1] and "¥88" not in rest[1]


async def test_frozen_goods_follow_a_frozen_rule_of_their_own(tenth_guide: Callable[..., Guide]) -> None:
    text = answer(await ask(Session(tenth_guide()), "我儿子想吃臭豆腐，速冻的能寄到北京吗？"))
    assert "寄不到北京" in text  # frozen goods go to Zone A only


async def test_the_standard_courier_line_is_read_and_free_over_its_line(tenth_guide: Callable[..., Guide]) -> None:
    q = "帮我算一下：热干面礼包4盒、孝感麻糖3盒、武冈卤豆干5袋，寄到武汉的公司。"
    text = answer(await ask(Session(tenth_guide()), q))
    assert "= ¥355.1" in text and "中通快递满168元免运费" in text and "顺丰" not in text


async def test_a_product_named_like_a_city_is_not_a_destination(make_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        make_guide(), ["我要寄到美国：槐花蜜两瓶、龙井100克一罐。", "那只寄龙井。能开公司的增值税专用发票吗？"]
    )
    assert "吉林" not in said[1] and "增值税专用发票" in said[1]
