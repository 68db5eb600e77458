"""An order edited the way customers edit it, priced again as a clerk would: part of a line swapped ("那100份里20份
换成椰风礼盒"), a bare count added to the one line held ("再加10份凑100份"), every line of a per-head order brought up
to a count ("要是加到150份呢？"), a line given its family's other variant ("Make the jerky the original flavour
instead"), one line swapped for two ("鸭脖改成两袋微辣、一袋特辣"); the next discount tier, how far it is or that the
order is at the top; postage worked out with a cold-chain parcel; a halal question answered with the shop's own
halal rule; "What would suit her then?" searched with what was said of her. Scripted models."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.session import Session
from pipeline.turn import Guide
from tests.helpers import answer, ask


async def test_part_of_a_company_line_swapped_and_the_tier_of_the_whole_order(
    eleventh_guide: Callable[..., Guide],
) -> None:
    s = Session(eleventh_guide(), customer_id="m04")
    first = answer(await ask(s, "今年春节还是订胶东海味礼盒，这次要90份，多少钱？"))
    assert "21949.2" in first and "可以选" not in first  # 90 × ¥268 × 91 %: the box they named, not "you could pick"
    more = answer(await ask(s, "再加10份凑100份呢？能到更高一档吗？"))
    assert "23316" in more  # 100 × ¥268 = ¥26800 reaches the 13 % tier
    assert "最高一档" in more
    swapped = answer(await ask(s, "那100份里20份换成椰风礼盒，总价多少？"))
    assert "80 × ¥268 + 20 × ¥108" in swapped and "21476" in swapped  # ¥23600 at 9 %
    assert "没能对上" not in swapped


async def test_part_of_a_line_swapped_in_english(eleventh_guide: Callable[..., Guide]) -> None:
    s = Session(eleventh_guide())
    await ask(s, "Our company needs 100 Jiaodong Seafood Gift Boxes for New Year. What's the price?")
    text = answer(await ask(s, "Swap 20 of them for the Palm Breeze gift box. New total?"))
    assert "80 × ¥268 + 20 × ¥108" in text and "21476" in text


async def test_how_far_the_next_tier_is(eleventh_guide: Callable[..., Guide]) -> None:
    s = Session(eleventh_guide(), customer_id="m04")
    await ask(s, "今年春节还是订胶东海味礼盒，这次要90份，多少钱？")
    text = answer(await ask(s, "差多少能到下一档？"))
    assert "880" in text  # ¥25000 − ¥24120
    assert "2500–7999元" not in text  # worked out, not the tier table read out


async def test_a_per_head_order_brought_up_to_a_count(seventh_guide: Callable[..., Guide]) -> None:
    s = Session(seventh_guide(), customer_id="w04")
    first = answer(
        await ask(
            s, "今年春节员工福利还是跟去年一样的搭配，每人一罐125克单丛加一罐老药桔，这次要140份，总价多少？能打几折？"
        )
    )
    assert (
        "140 × ¥128 + 140 × ¥68" in first and "25519.2" in first
    )  # the 125 g tin, not a "2024年春茶" read in 今年春节
    text = answer(await ask(s, "要是加到150份呢？"))
    assert "150 × ¥128 + 150 × ¥68" in text and "26166" in text  # ¥29400 at 11 %


async def test_a_line_given_its_familys_other_flavour(make_guide: Callable[..., Guide]) -> None:
    s = Session(make_guide())
    first = answer(
        await ask(
            s,
            "I'd like 2 packs of the Yunnan ham slices, 1 box of pea cake and 3 bags of spicy beef jerky sent to "
            "Nanjing. Total with delivery?",
        )
    )
    assert "501" in first  # ¥476 + the ¥25 cold-chain parcel fee
    text = answer(await ask(s, "Make the jerky the original flavour instead. Does the price change?"))
    assert "Original" in text and "501" in text
    assert "Here are three" not in text and "Broad Beans" not in text  # an edit, not a new search


async def test_one_line_swapped_for_two(tenth_guide: Callable[..., Guide]) -> None:
    s = Session(tenth_guide())
    await ask(s, "给我来一罐恩施玉露、三袋特辣鸭脖、一瓶苞谷烧，寄长沙，总共多少钱？")
    text = answer(await ask(s, "鸭脖改成两袋微辣、一袋特辣，价钱变不变？"))
    assert "2 × ¥39.9 + ¥39.9" in text and "355.7" in text  # ¥168 + ¥68 + 3 × ¥39.9


async def test_a_weekday_ship_question_is_the_dispatch_rule(make_guide: Callable[..., Guide]) -> None:
    s = Session(make_guide())
    await ask(s, "I'd like 2 packs of the Yunnan ham slices and 3 bags of spicy beef jerky sent to Nanjing.")
    text = answer(await ask(s, "Can you ship it on Friday? I need it by Sunday."))
    assert "Monday" in text  # cold-chain orders placed Friday to Sunday go out the following Monday
    assert "Those were" not in text


async def test_a_halal_question_gets_the_shops_halal_rule(eleventh_guide: Callable[..., Guide]) -> None:
    s = Session(eleventh_guide(), customer_id="m04")
    await ask(s, "今年春节还是订胶东海味礼盒，这次要90份，多少钱？")
    text = answer(await ask(s, "公司有十几个回族同事，海味礼盒他们能吃吗？"))
    assert "清真认证" in text  # the shop has no halal-certified goods: no pork listed is not halal
    assert "企业订单" not in text  # a diet question, not the tier table again


async def test_what_would_suit_her_keeps_what_was_said_of_her(eleventh_guide: Callable[..., Guide]) -> None:
    s = Session(eleventh_guide())
    await ask(
        s,
        "My mum is 80, vegetarian, and has type 2 diabetes. Would the Laiyang pear paste or the goji berries be "
        "good for her?",
    )
    text = answer(await ask(s, "What would suit her then?"))
    assert "not sure I understood" not in text
    shop = s.guide.shop
    named = [p for p in shop.products if p.name_en in text]
    assert named and all(p.sweetness <= 1 and "vegetarians" in p.suitable_for for p in named)
    assert not any(p.spiciness >= 3 for p in named)  # "Extra Hot" for an 80-year-old diabetic: not without a word


async def test_a_box_said_by_its_size_is_counted_once(sixth_guide: Callable[..., Guide]) -> None:
    s = Session(sixth_guide())
    text = answer(
        await ask(
            s,
            "I'll take the lion's mane and a bag of the black fungus, both in one of your small gift boxes, with a "
            "handwritten card, shipped to Nanjing. Total?",
        )
    )
    assert "¥113 + ¥18 = ¥131" in text and "141" in text  # the small box ¥12 and the card ¥6, once each
    assert "¥30" not in text
