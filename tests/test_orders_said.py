"""An order said the way customers say it: a count after the product ("the dried mango again, three bags like
last time"), "the box" of the one box on the table, "mangoes", the cakes and not the gift box listing them in its
brackets; "she's not allergic" asks nothing about allergens; a product's price that equals the fee keeps the line
naming the items. Scripted models."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.conversation.vocab import singular
from pipeline.session import Session
from pipeline.turn import Guide
from tests.helpers import answer, ask


def test_plurals_read_as_one() -> None:
    assert [singular(x) for x in ("mangoes", "cherries", "cookies", "boxes", "jars")] == [
        "mango",
        "cherry",
        "cookie",
        "box",
        "jar",
    ]


async def test_a_count_after_the_product_and_the_box_on_the_table(eighth_guide: Callable[..., Guide]) -> None:
    s = Session(eighth_guide(), customer_id="g05")  # bought three bags of the 200 g dried mango last time
    await ask(
        s,
        "My daughter wants the dried mango again, three bags like last time, plus the Lijiang gift box for my "
        "mum. Can those go in my cabin bag on the flight to Singapore?",
    )
    await ask(s, "And the osmanthus cakes in that box — are they OK for me?")
    text = answer(
        await ask(
            s, "I'll risk the box for Mum, she's not allergic. What's the total for the three mangoes and the box?"
        )
    )
    assert "217.7" in text  # 3 × ¥29.9 + ¥128
    assert "lists no allergens" not in text and "35.9" not in text  # no allergen list, not the no-sugar mango


async def test_the_cakes_not_the_box_listing_them(eighth_guide: Callable[..., Guide]) -> None:
    s = Session(eighth_guide())
    await ask(s, "三袋芒果干加一个漓江礼盒一共多少钱？")
    text = answer(await ask(s, "她不过敏，再加一盒桂花糕，一共多少钱"))
    assert "249.7" in text  # 3 × ¥29.9 + ¥128 + ¥32
    assert "没能对上" not in text and "过敏原" not in text


async def test_the_items_are_named_when_a_price_equals_the_fee(eighth_guide: Callable[..., Guide]) -> None:
    s = Session(eighth_guide())
    text = answer(await ask(s, "桂花糕两盒、白腐乳两瓶，寄重庆，走顺丰，多少钱？"))
    assert "桂林腐乳" in text and "桂花糕" in text  # the tofu's ¥16 is also SF's fee: the items still said
    assert "112" in text


async def test_a_spoiled_smell_is_a_complaint_and_its_follow_up_too(tenth_guide: Callable[..., Guide]) -> None:
    s = Session(tenth_guide())
    text = answer(await ask(s, "前天收到的酸辣藕带，今天打开有股怪味，汤都浑了，怎么办？"))
    assert "抱歉" in text and "店员" in text and "推荐" not in text  # never sold again as a pick
    text = answer(await ask(s, "我收到就放冰箱了，只是今天才拆。你们到底管不管？"))
    assert "店员" in text and "保存方法" not in text
    text = answer(await ask(s, "Fine. Will it snow in Wuhan this weekend?"))
    assert "can't help" in text.lower() or "only" in text.lower()
    assert "cold chain" not in text.lower()


async def test_wanting_to_talk_to_a_person_is_the_clerk(tenth_guide: Callable[..., Guide]) -> None:
    text = answer(await ask(Session(tenth_guide()), "我要直接跟人说。"))
    assert "店员" in text and "不太确定" not in text


async def test_two_of_a_sold_out_ones_family_and_a_total_without_it(eleventh_guide: Callable[..., Guide]) -> None:
    s = Session(eleventh_guide())
    await ask(s, "榴莲味的椰子糖还有吗？我要5袋。")  # sold out: the original and the coffee ones offered
    text = answer(await ask(s, "那原味和咖啡味有什么区别？给我女儿吃，她六岁。"))
    assert "咖啡味" in text and "原味" in text and "咖啡因" in text and "挂耳" not in text
    text = answer(await ask(s, "原味4袋、咖啡味1袋，再加一盒椰子粉，多少钱？"))
    assert "135.5" in text and "5 × ¥22.9" not in text  # 4 × 19.9 + 19.9 + 36; the sold-out line not summed


async def test_a_fee_line_with_words_before_its_threshold_is_worked_out(eleventh_guide: Callable[..., Guide]) -> None:
    # "中国大陆常温商品默认发圆通快递，每单9元，常温商品优惠后实付满228元包邮"
    text = answer(await ask(Session(eleventh_guide()), "两罐周村烧饼、三袋胶东花生，寄海口多少钱？"))
    assert "141.7" in text and "150.7" in text  # 2 × 26 + 3 × 29.9, + ¥9 postage


async def test_a_swaps_count_said_just_after_it(make_guide: Callable[..., Guide]) -> None:
    s = Session(make_guide(), customer_id="c05")
    await ask(s, "那鲜花饼来两盒，再加两瓶石榴汁，到店自提，多少钱？")
    text = answer(await ask(s, "石榴汁换成奶贝，要三罐。"))
    assert "3 × ¥32" in text and "186" in text  # 2 × 45 + 3 × 32, not the two of the juice it replaces
