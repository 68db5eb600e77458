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


async def test_a_country_of_a_city_abroad_has_its_own_limits(sixth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        sixth_guide(),
        ["能寄榛子酥到莫斯科吗？", "寄蜂蜜去日本可以吗？", "Can I send pine nuts and black fungus to Seoul?"],
    )
    assert "寄不了俄罗斯" in said[0] and "俄罗斯不寄乳制品" in said[0]  # Russia's own dairy line, butter in the cake
    assert "寄不了日本" in said[1] and "蜂蜜" in said[1]  # the general overseas list
    assert "can't be sent to South Korea" in said[2] and "Black Fungus can go to South Korea" in said[2]


async def test_a_suitcase_abroad_is_not_a_parcel(sixth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        sixth_guide(),
        ["Can I take a couple of red sausages home to Seoul? I'd put them in my checked bag."],
        "x03",
    )
    assert said[0].startswith("Going abroad:") and "vacuum-packed red sausage" in said[0]
    assert "to usa" not in said[0] and "cold chain" not in said[0]  # no parcel rules; "usa" is no place in "sausages"


async def test_a_box_asked_without_a_size_is_priced_by_how_many_go_in(sixth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        sixth_guide(),
        [
            "Two jars of the blueberry jam, in one of your gift boxes with a printed card, sent to Dalian. Total?",
            "Actually, make it double, in the big box. Still standard post.",
        ],
    )
    assert "small gift box ¥12" in said[0] and "¥78 + ¥10 = ¥88" in said[0]  # not ¥76 without the box
    assert "4 × ¥32 = ¥128" in said[1] and "Large gift box ¥25" in said[1]  # doubled: four jars, the large box
    assert "printed card ¥2" in said[1] and "¥155 + ¥10 = ¥165" in said[1]  # the card asked for before still holds


async def test_an_allergy_answer_carries_only_the_caveat_for_that_allergen(sixth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(sixth_guide(), ["What about a box of the frozen tanghulu, can I have some too?"], "x03")
    assert "lists sesame" in said[0]  # tanghulu is the English speaker's word for the candied hawthorn
    assert "hazelnut" not in said[0] and "peanut" not in said[0]  # the nut and peanut lines are about other goods


async def test_a_set_for_each_of_a_head_count_is_a_company_order(sixth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        sixth_guide(), ["我们公司40个人，每人发一袋5公斤的五常大米加一盒榛子酥，总共多少钱？有折扣吗？"]
    )
    assert "40 × ¥128 + 40 × ¥36 = ¥6560" in said[0] and "¥6363.2" in said[0]  # 3% from ¥2,500


async def test_the_clerks_hours_after_the_shops_and_another_day_for_the_same_rule(
    sixth_guide: Callable[..., Guide],
) -> None:
    said = await dialogue(
        sixth_guide(),
        [
            "你们店晚上开到几点？",
            "那网上客服呢？我晚上九点多在这问还有人回吗？",
            "今天周二，现在下午两点了，现在下单红肠今天能发吗？寄广州",
            "那要是周四下单呢？",
        ],
    )
    assert "09:00–20:30" in said[1] and "我这就请店员" not in said[1]  # the clerks' hours, no hand-over at 9 pm
    assert "周三发出" in said[2] and "下周一发出" in said[3]


async def test_follow_ups_after_a_complaint_stay_on_the_complaint_rule(sixth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        sixth_guide(),
        [
            "前天收到的列巴圈，拆了一包发现好几个长了绿毛，还有股哈喇味",
            "剩下那几包没拆的还能吃吗？坏的那包要寄回去吗？",
        ],
    )
    assert "不用寄回" in said[1] and "运费由您承担" not in said[1]  # not the change-of-mind return rule


async def test_how_many_a_bag_feeds_and_this_years_harvest(sixth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        sixth_guide(),
        [
            "How many people does one bag of the frozen sauerkraut dumplings feed?",
            "Is the 5 kg Wuchang rice this year's harvest? And where exactly is it grown?",
        ],
    )
    again = await dialogue(sixth_guide(), ["Is the 2.5 kg bag of Wuchang rice this year's harvest?"])
    assert "Daohuaxiang No. 2 from Minle" in again[0]  # a sentence, not cut at "No."
    assert "enough for three or four people" in said[0]
    assert "2026 crop" in said[1] and "Minle, Wuchang" in said[1]  # the shop's own words on the year, and where


async def test_gifts_to_carry_abroad_leave_out_what_may_not_be_brought_in(sixth_guide: Callable[..., Guide]) -> None:
    q = "I need small gifts for my team in Seoul, 8 people, under ¥50 each. No sesame, and they have to survive the flight."
    said = await dialogue(sixth_guide(), [q], "x03")
    assert "Here are three" in said[0] and "Sausage" not in said[0] and "Chicken" not in said[0]
