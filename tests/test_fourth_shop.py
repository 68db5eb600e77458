"""Answers on a shop the guide was not written for (Suzhou), from a review of dialogues written after the code:
each test is a kind of failure that review found — a clerk's-notes allergy of the customer themself, spoiled goods
described by their signs, a flight abroad read as a parcel, a worked-out rule read out as well."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.turn import Guide
from tests.helpers import dialogue


async def test_an_allergy_in_the_clerks_notes_about_the_customer_is_a_hard_limit(
    fourth_guide: Callable[..., Guide],
) -> None:
    # z05's notes: "Severe crustacean (crab, shrimp) allergy: never suggest the tu huang you …" (not in the profile)
    said = await dialogue(fourth_guide(), ["A friend told me to try the tu huang you. Should I?"], "z05")
    assert "contains shellfish" in said[0]
    assert "suggest the Tu Huang You" not in said[0] and "look at" in said[0]  # something else, never it


async def test_spoiled_goods_told_by_their_signs_are_a_complaint(fourth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(fourth_guide(), ["昨天收到的盐水鸭，今天拿出来袋子鼓起来了，闻着有点酸，怎么办？"])
    assert "抱歉" in said[0] and "不要再食用" in said[0]
    assert "6小时" in said[0] and "推荐" not in said[0]


async def test_a_flight_abroad_is_luggage_not_a_parcel(fourth_guide: Callable[..., Guide]) -> None:
    q = "I'll take 4 bottles of the vinegar and 2 of the Danyang wine for my flight to Osaka. Total? Carry-on OK?"
    said = (await dialogue(fourth_guide(), [q], "z05"))[0]
    assert "255.2" in said and "hand luggage" in said and "checked luggage" in said
    assert "can't be sent" not in said and "EMS" not in said and "never go abroad" not in said


async def test_cross_contact_is_the_shops_caveat_not_its_phone_number(fourth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        fourth_guide(),
        ["Add 2 bags of the caramel sunflower seeds.", "The seeds are gluten-free, right? Any cross-contact?"],
    )
    assert "doesn't list gluten" in said[1] and "roasting line" in said[1]
    assert "0512" not in said[1]


async def test_a_vegetarian_who_eats_eggs_is_not_treated_as_allergic_to_them(
    fourth_guide: Callable[..., Guide],
) -> None:
    said = await dialogue(fourth_guide(), ["I'm vegetarian but I eat eggs and dairy. Which of your snacks can I have?"])
    assert "allergic to egg" not in said[0] and "Pine-Nut" in said[0]


async def test_a_short_name_is_the_product_not_a_box_listing_it(fourth_guide: Callable[..., Guide]) -> None:
    # 松子糖 is what customers call 松子粽子糖; the Gusu box only lists it among its contents
    said = await dialogue(fourth_guide(), ["要是买10罐松子糖直接寄到北京，运费多少？", "松子糖跟枣泥麻饼哪个便宜点？"])
    assert "10 × ¥32 = ¥320" in said[0] and "姑苏雅集" not in said[0]
    assert "松子粽子糖" in said[1] and "枣泥麻饼" in said[1] and "姑苏雅集" not in said[1]


async def test_worked_out_rules_are_not_read_out_as_well(fourth_guide: Callable[..., Guide]) -> None:
    guide = fourth_guide()
    taiwan = (await dialogue(guide, ["寄台湾运费多少？"]))[0]
    assert "68" in taiwan and "45元" not in taiwan and "中通" not in taiwan  # Taiwan's fee, not HK's nor the mainland's
    wine = (await dialogue(guide, ["两瓶丹阳封缸酒能寄到澳大利亚吗？"]))[0]
    assert "酒类" in wine and "盐水鸭" not in wine  # the item of the list that names it, not the whole list
    bulk = (await dialogue(guide, ["We'd like 30 of the Gusu Elegance boxes for the office. Any discount?"]))[0]
    assert "3% off" in bulk and "11% off" not in bulk  # the tier reached, not the table
    chilled = (
        await dialogue(guide, ["Two jars of the tu huang you to Hangzhou — what do I pay in total with shipping?"])
    )[0]
    assert "¥336 + ¥22 = ¥358" in chilled and "return postage" not in chilled


async def test_an_earlier_order_named_by_its_month_or_reordered(fourth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        fourth_guide(),
        [
            "What did I pay for the tea and the nuts I bought in March last year? I want the same again.",
            "Add 2 bags of the caramel sunflower seeds. New total?",
        ],
        "z02",
    )
    assert "2025-03-02" in said[0] and "2 × ¥168 + 2 × ¥69 = ¥474" in said[0]  # March 2025, not April 2026
    assert "= ¥526" in said[1]  # the reorder is the basket the seeds are added to
    again = await dialogue(fourth_guide(), ["上次寄给婆婆的那两样，再来一份，还是寄苏州", "多少钱？要运费吗？"], "z03")
    assert "鸡头米" in again[0] and "糖桂花" in again[0]  # the order, though the question also names a destination
    assert "= ¥168" in again[1] and "连运费还是¥168" in again[1]  # the reorder is the basket postage is worked on
    tea = await dialogue(fourth_guide(), ["三月份我自己买的那个茶，再来两罐，这次寄给我爸妈"], "z01")
    assert "碧螺春" in tea[0] and "2 × ¥168 = ¥336" in tea[0]  # their count, not that order's


async def test_a_parcel_question_about_one_more_product(fourth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        fourth_guide(),
        [
            "If I order the salted duck tonight — it's Thursday — when does it actually leave?",
            "Could you throw a box of the loquats into the same parcel?",
        ],
    )
    assert "next Monday" in said[0] and "suggest" not in said[0]
    assert "separately" in said[1] and "¥10" in said[1]


async def test_tickets_and_sights_are_another_business(fourth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(fourth_guide(), ["你好，平江路附近有啥好玩的？顺便帮我订两张今晚的评弹票呗"])
    assert "帮不上" in said[0] and "平江路146号" not in said[0]


async def test_what_a_products_own_text_warns_for_a_small_child_is_said(fourth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        fourth_guide(),
        [
            "My son is 3. Any snacks here for him? Nothing spicy please.",
            "The pine-nut candy looks cute. Is it OK for a 3-year-old?",
            "And the five-spice beans?",
        ],
    )
    assert "adult watching" in said[0] and "adult watching" in said[1]  # with the recommendation, and when asked
    assert "not for small children" in said[2] and "suggest" not in said[2]


async def test_two_variants_of_one_family_compared_and_ordered(fourth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        fourth_guide(), ["靖江猪肉脯原味和香辣的有啥区别？", "那原味拿3包、香辣拿2包，寄杭州，总共多少？"]
    )
    assert "原味" in said[0] and "香辣味" in said[0] and "中辣" in said[0]  # both, and what differs
    assert "3 × ¥36 + 2 × ¥36 = ¥180" in said[1]
    assert "200克，¥36，200克" not in said[1]  # a size the name says is not said again


async def test_when_the_clerks_answer_after_asking_for_one(fourth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        fourth_guide(), ["Just let me talk to an actual person please.", "When are they around? It's 10pm here."]
    )
    assert "09:30–21:00" in said[1] and "next day" in said[1] and "Pingjiang Road" not in said[1]
