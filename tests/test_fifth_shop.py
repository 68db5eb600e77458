"""Answers on a fifth shop (Xiamen) the guide was not written for, from dialogues written after the code: spoiled
goods described by what the customer sees, a person asked for outright, the clerks' hours, a small child's
choking warning in an allergy answer."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.turn import Guide
from tests.helpers import dialogue


async def test_mould_described_is_a_complaint(fifth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(fifth_guide(), ["昨天到的绿豆饼，有好几个表面长了一层白白绿绿的毛毛，看着好恶心"])
    assert "抱歉" in said[0] and "不要再食用" in said[0] and "48小时" in said[0]


async def test_a_person_asked_for_outright_whatever_else_is_said(fifth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(fifth_guide(), ["我签收的时候没拆开，直接塞冰箱了，现在才发现，你们就不管了？我要找人"])
    assert said[0].startswith("好的，我这就请店员来帮您")


async def test_the_clerks_hours_and_the_shops_are_told_apart(fifth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        fifth_guide(), ["你们人工客服几点下班？我这都晚上十点多了还有人吗？", "顺便问下门店周五晚上开到几点？"]
    )
    assert "09:00–21:30" in said[0] and "10:30" in said[0]  # the clerks
    assert "23:00" in said[1]  # the shop


async def test_an_allergy_answer_for_a_small_child_says_the_choking_warning(fifth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        fifth_guide(), ["想给朵朵买点零食，肉松饼她能吃吗？", "那花生贡糖和红糖年糕呢？她两岁半"], "y04"
    )
    assert "列有奶" in said[0]
    assert "3岁以下的小孩不要给" in said[1] and "切成小块" in said[1]


async def test_the_shops_own_corporate_line_and_a_count_of_kits(fifth_guide: Callable[..., Guide]) -> None:
    # this shop's company orders start at 30: 20 boxes sent to Beijing are a parcel with its postage
    said = await dialogue(fifth_guide(), ["那我拿20盒绿豆饼直接寄北京，运费多少，几天能到？"])
    assert "20 × ¥32 = ¥640" in said[0] and "免运费" in said[0] and "企业订单" not in said[0]


async def test_the_llm_may_not_call_one_pack_better_value(third_guide: Callable[..., Guide]) -> None:
    from pipeline.conversation.check import ClaimCheck
    from pipeline.facts import Facts

    shop = third_guide().shop
    tins = tuple(p for p in shop.products if p.group == "dianhong-tin")
    verdict = ClaimCheck(Facts(shop, tins, ()), [], "en").check(
        "The 250 g tin is a better value because you get more tea for your money."
    )
    assert verdict.action == "fail"


async def test_a_recommendation_to_an_allergic_customer_carries_the_shops_trace_caveat(
    fifth_guide: Callable[..., Guide],
) -> None:
    # y02's sesame allergy is written only in the clerk's notes
    said = await dialogue(fifth_guide(), ["What could I bring my mum, something sweet but no sesame?"], "y02")
    assert "traces are possible" in said[0]


async def test_how_to_heat_it_and_how_many_it_feeds_come_from_the_shops_own_sentences(
    fifth_guide: Callable[..., Guide],
) -> None:
    said = await dialogue(
        fifth_guide(),
        [
            "Tell me about the Buddha Jumps Over the Wall box.",
            "How many people does it feed, and how do I heat it?",
            "Also, what's today's exchange rate from RMB to euros?",
        ],
    )
    assert "serves four or five" in said[1] and "water bath for 20 minutes" in said[1]
    assert "spicy" not in said[1]  # "heat it" is no wish for heat
    assert "returned" not in said[2] and "can't help" in said[2]  # out of scope, not the returns rule


async def test_served_with_milk_is_no_allergy_question(third_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        third_guide(),
        ["How much are the Dianhong tins?", "Does it need to go in the fridge? And can I drink it with milk?"],
    )
    assert "doesn't list milk" not in said[1] and "good with milk" in said[1]
    assert "no need to refrigerate" in said[1] and "The same goes for" in said[1]  # two tins stored alike: once


async def test_another_spelling_and_a_romanised_name_find_the_product(third_guide: Callable[..., Guide]) -> None:
    said = await dialogue(third_guide(), ["Is the zao chili OK for me?"], "m05")
    assert "contains alcohol" in said[0]  # she avoids alcohol; the fermented chilli has baijiu
