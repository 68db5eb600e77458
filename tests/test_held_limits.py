"""What a customer said, and what the clerk's notes say, held on every path (review of a fresh set, issue 10):
a walnut cake suggested to a walk-in who had said 'severe tree-nut allergy', lard flower cakes to a vegetarian,
a peanut chilli crisp for an office with a colleague the notes say is allergic to peanuts."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.events import Handoff
from pipeline.session import Session
from pipeline.turn import Guide
from tests.helpers import answer, ask


async def test_an_allergy_said_earlier_holds_for_a_product_named_later(second_guide: Callable[..., Guide]) -> None:
    s = Session(second_guide())
    text = answer(
        await ask(s, "Going hiking, want something spicy. Heads up: severe tree-nut allergy, peanuts are fine.")
    )
    assert "Walnut" not in text
    text = answer(await ask(s, "What about the black sesame walnut cake? Heard it's soft."))
    assert "contains tree nuts, which you asked to avoid" in text and "I'd suggest" not in text


async def test_peanuts_said_to_be_fine_are_not_avoided(second_guide: Callable[..., Guide]) -> None:
    s = Session(second_guide())
    await ask(s, "Heads up: severe tree-nut allergy, peanuts are fine for me.")
    text = answer(await ask(s, "OK, two bags of the cumin lamb and three of the mala peanuts. Total?"))
    assert "= ¥265.5" in text and "peanut, which you asked to avoid" not in text


async def test_a_vegetarian_said_in_the_question_hears_of_the_lard(third_guide: Callable[..., Guide]) -> None:
    text = answer(await ask(Session(third_guide()), "I'm vegetarian — are the rose flower cakes ok?"))
    assert "not vegetarian" in text and "lard" in text and "I'd suggest the Cuihu" not in text


async def test_a_colleagues_allergy_in_the_notes_is_warned_of(make_guide: Callable[..., Guide]) -> None:
    """c02's notes: a colleague is allergic to peanuts, office snacks must avoid them (he eats them himself)."""
    s = Session(make_guide(), customer_id="c02")
    text = answer(await ask(s, "这次再加两罐特辣油辣椒放办公室，大家拌饭吃，行不？"))
    assert text.startswith("提醒您：您的记录里写着“同事小张花生过敏”") and "含花生" in text


async def test_can_she_eat_it_is_answered_for_the_relative_in_the_notes(third_guide: Callable[..., Guide]) -> None:
    """m01's mother wears dentures and is diabetic: niuganba is chewy — not a recommendation."""
    text = answer(await ask(Session(third_guide(), customer_id="m01"), "快过年了，想给我妈寄点东西。牛干巴她能吃吗？"))
    assert "嚼劲" in text and "不太合适" in text and "推荐" not in text


async def test_an_earlier_order_again_at_its_own_quantities(make_guide: Callable[..., Guide]) -> None:
    """c02's office order of 2026-08-18: 2 jerky, 3 beans, 2 bamboo shoots — 'that order again' is ¥282, and a
    later total adds to it (2 × ¥24 chilli crisp, 2 × ¥45 beef shreds: ¥420)."""
    s = Session(make_guide(), customer_id="c02")
    text = answer(await ask(s, "老规矩，办公室零食，照上个月那单再来一份，多少钱？"))
    assert "2 × ¥88 + 3 × ¥18 + 2 × ¥26 = ¥282" in text
    await ask(s, "这次再加两罐特辣油辣椒放办公室。")
    text = answer(await ask(s, "那油辣椒我自己留着，办公室那份再加两罐灯影牛肉丝。这样一共多少？"))
    assert "= ¥420" in text


async def test_a_line_skipped_is_not_summed(third_guide: Callable[..., Guide]) -> None:
    s = Session(third_guide())
    await ask(s, "Is the Guizhou fermented chilli spicy?")
    text = answer(
        await ask(s, "Skip the fermented one then. Two jars of the peanut chilli oil and one niuganba — how much?")
    )
    assert "2 × ¥18 + ¥92 = ¥128" in text


async def test_one_large_line_is_a_company_order_summed_with_its_tier(second_guide: Callable[..., Guide]) -> None:
    s = Session(second_guide())
    text = answer(
        await ask(s, "Our company wants 60 of the Xinjiang dried fruit gift boxes for staff. Price after discount?")
    )
    assert "60 × ¥86 = ¥5160" in text and "¥4850.4" in text
    text = answer(
        await ask(s, "And if we add 20 of the Silk Road Eight Treasures boxes, what does the whole order come to?")
    )
    assert "60 × ¥86 + 20 × ¥788 = ¥20920" in text and "¥18828" in text and "Camel" not in text


async def test_weather_is_out_of_scope_even_with_a_parcel_on_the_table(second_guide: Callable[..., Guide]) -> None:
    s = Session(second_guide())
    await ask(s, "Can I take a bottle of your Feng-aroma baijiu in my carry-on?")
    text = answer(await ask(s, "Cool. By the way, what's the weather going to be like in Xi'an next week?"))
    assert "can't help with that" in text


async def test_a_parcel_abroad_hears_no_remote_province_surcharge(second_guide: Callable[..., Guide]) -> None:
    s = Session(second_guide())
    await ask(s, "I want to post a tin of goji and the Fu brick tea to my parents in Melbourne. Any issues?")
    text = answer(await ask(s, "Just the goji and the tea then. How long, and roughly what postage?"))
    assert "8–25 days" in text and "Xinjiang" not in text


async def test_a_chilled_product_hears_the_wrapping_rule_leaves_it_out(make_guide: Callable[..., Guide]) -> None:
    text = answer(await ask(Session(make_guide()), "豌豆黄也帮我装进你们那个礼盒里吧，送人好看点。"))
    assert text.startswith("宫廷豌豆黄需要冷链，这条规定把冷链商品除外了。")


async def test_a_refund_per_bad_item_is_worked_out(third_guide: Callable[..., Guide]) -> None:
    """'坏果每个退2元，坏果超过6个整箱补发' and four bad oranges: 4 × ¥2 = ¥8, not the whole case."""
    text = answer(await ask(Session(third_guide()), "昨天到的冰糖橙，拆开有4个烂了，这怎么处理？"))
    assert "4个 × ¥2 = ¥8" in text and "超过6个才整箱补发" in text


async def test_a_product_thrown_into_a_parcel_abroad_gets_the_same_rule(make_guide: Callable[..., Guide]) -> None:
    s = Session(make_guide())
    await ask(
        s, "I'd like to send two of the 100 g Longjing tins to my sister in Toronto. Doable? Roughly what postage?"
    )
    text = answer(await ask(s, "Could I throw in a box of the lotus paste mooncakes for her too?"))
    assert text.startswith("I'm afraid the Cantonese Mooncake Gift Box can't be sent overseas.")
    assert "egg yolk" in text  # the rule's own item for it, not the whole list


async def test_unknown_tea_not_read_as_a_place_a_product_comes_from(third_guide: Callable[..., Guide]) -> None:
    """'Do you have any pu'er?' — a white tea from Pu'er city is not pu'er tea: the shop doesn't carry it."""
    text = answer(await ask(Session(third_guide()), "Do you have any pu'er?"))
    assert text.startswith("Sorry, we don't carry pu'er")


async def test_how_far_from_free_postage(second_guide: Callable[..., Guide]) -> None:
    s = Session(second_guide())
    await ask(s, "3 bags of the mala peanuts and 1 bag of the cumin lamb, YTO to my office in Xi'an. Total?")
    text = answer(await ask(s, "How much more would I need for free postage?"))
    assert "¥1.5 short of free" in text


async def test_whoever_handles_company_orders_is_a_person(make_guide: Callable[..., Guide]) -> None:
    events = await ask(Session(make_guide()), "Can I talk to whoever handles company orders?")
    assert any(isinstance(e, Handoff) for e in events)


async def test_a_parcel_question_to_a_known_customer_is_the_parcel_rule(second_guide: Callable[..., Guide]) -> None:
    """'posting my parents in Sydney some badam … Is that OK?' asks what may go there, not an allergy check."""
    s = Session(second_guide())
    text = answer(await ask(s, "I'm sending my parents in Sydney some badam and a tin of goji. Is that OK?"))
    assert text.startswith("I'm afraid the Shache Paper-Shell Almonds can't be sent to Australia.")
    assert "not sent to Australia or New Zealand" in text  # the country's own line


async def test_another_destination_prices_the_order_again(make_guide: Callable[..., Guide]) -> None:
    """'要是改成寄乌鲁木齐呢？' after a priced parcel: the same goods with that destination's surcharge."""
    s = Session(make_guide())
    await ask(s, "木耳两盒、咸奶茶粉一袋，寄南京，一共多少钱？")
    text = answer(await ask(s, "要是改成寄乌鲁木齐呢？"))
    assert "¥134 + ¥23 = ¥157" in text


async def test_a_thawed_frozen_parcel_is_a_complaint(make_guide: Callable[..., Guide]) -> None:
    """Frozen goods that arrived thawed: an apology, 'don't eat it', and the rule for chilled goods — not the
    change-of-mind return of ambient goods."""
    q = "昨天下午到的豌豆黄，晚上打开冰袋早化了，豌豆黄全软了。还能退吗？"
    text = answer(await ask(Session(make_guide()), q))
    assert text.startswith("非常抱歉") and "请不要再食用" in text


async def test_an_allergen_asked_about_is_answered_though_the_name_says_it(second_guide: Callable[..., Guide]) -> None:
    """'Pure Sesame Paste' names sesame; 'is it just sesame, or is there peanut in it too?' asks of both."""
    s = Session(second_guide())
    await ask(s, "How should I store the sesame paste once it's opened?")
    text = answer(await ask(s, "Is it just sesame, or is there peanut in it too?"))
    assert "Sesame Paste lists sesame" in text and "peanut" in text


async def test_a_comparison_that_asks_whom_each_suits(make_guide: Callable[..., Guide]) -> None:
    q = "What's the difference between your raw and ripe pu'er cakes, and which would suit my grandfather?"
    text = answer(await ask(Session(make_guide()), q))
    assert "¥198" in text and "¥168" in text  # what differs
    assert "suitable for elders" in text and "gentle on the stomach" in text  # and whom each suits


async def test_a_count_of_the_named_line_beats_the_orders_whole(make_guide: Callable[..., Guide]) -> None:
    q = "We need 60 gift boxes for clients — 40 of the double-yolk lotus mooncakes and 20 five-kernel. Price?"
    text = answer(await ask(Session(make_guide()), q))
    assert "40 × ¥198 + 20 × ¥168 = ¥11280" in text
