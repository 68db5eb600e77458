"""Regression tests for the answer failures seen in review (issue 10), over both shops, with scripted models.

Each test asks what a customer asked and checks what a clerk must (and must never) say. The fake LLM says
something plausible, sometimes something dangerous: what it says must not reach the customer unless true.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.catalogue import Shop, load_shop_folder
from pipeline.config import TurnConfig
from pipeline.conversation.understand import DialogueState, understand
from pipeline.conversation.vocab import build_vocab
from pipeline.events import GuardReport, Handoff, Products, Sentence
from pipeline.needs import parse_needs
from pipeline.session import Session
from pipeline.store import Store
from pipeline.turn import Guide
from tests.fakes import FakeLLM
from tests.helpers import SECOND_SHOP, SEVENTH_SHOP, THIRD_SHOP, answer, ask, shown


@pytest.fixture(scope="module")
def second_shop() -> Shop:
    return load_shop_folder(SECOND_SHOP)


# --- allergies: what the label lists, never "可以吃" ---------------------------------------------------
async def test_a_sesame_allergy_is_told_the_label_lists_sesame(make_guide: Callable[..., Guide]) -> None:
    llm = FakeLLM(["当然可以，芝麻是牛肉丝的配料之一。"])
    g = make_guide(llm=llm)
    text = answer(await ask(Session(g), "我对芝麻过敏，灯影牛肉丝能吃吗？"))
    assert "列有芝麻" in text and "不能吃" in text
    assert "当然可以" not in text and not llm.calls  # the decision is the plan's; the LLM is not asked
    assert "微量" in text  # the shop's own caveat (shared facilities)


async def test_a_tree_nut_allergy_in_another_shop(second_guide: Callable[..., Guide]) -> None:
    g = second_guide(FakeLLM(["Yes, it is suitable for those who are allergic to tree nuts."]))
    events = await ask(Session(g), "I'm allergic to tree nuts. Can I eat the black sesame walnut cake box?")
    text = answer(events)
    assert re.search(r"lists [a-z ]*tree nuts", text) and "not safe" in text
    assert "suitable for those who are allergic" not in text
    assert "clerk" in text  # a severe allergy: a clerk shows the label


async def test_two_products_that_both_list_sesame(second_guide: Callable[..., Guide]) -> None:
    s = Session(second_guide())
    await ask(s, "琥珀核桃仁有哪几种？")
    text = answer(await ask(s, "我对芝麻过敏，这两个能吃吗？"))
    assert text.count("列有") >= 2 and "可以吃" not in text


async def test_named_product_against_a_known_customers_allergy(make_guide: Callable[..., Guide]) -> None:
    g = make_guide()
    s = Session(g, customer_id="c03")  # severe peanut allergy
    text = answer(await ask(s, "Tell me about the Xiamen peanut crisp"))
    assert "peanut" in text.lower() and ("not safe" in text or "avoid" in text or "Please note" in text)


# --- follow-ups keep the topic ------------------------------------------------------------------------
async def test_follow_ups_stay_on_the_table(make_guide: Callable[..., Guide]) -> None:
    g = make_guide()
    s = Session(g)
    first = await ask(s, "I'm looking for a tea gift for my father, around 200 yuan.")
    teas = set(shown(first))
    assert teas and all(g.shop.product(p).category == "tea" for p in teas)  # type: ignore[union-attr]
    boxed = await ask(s, "Which of those comes in a gift box?")
    assert set(shown(boxed)) <= teas and "mooncake" not in answer(boxed).lower()
    keep = await ask(s, "And how long does it keep?")
    assert "mooncake" not in answer(keep).lower() and re.search(r"keeps for|days", answer(keep))


async def test_a_policy_question_about_the_products_on_the_table(make_guide: Callable[..., Guide]) -> None:
    s = Session(make_guide())
    await ask(s, "有没有辣一点的酱？")
    events = await ask(s, "能带上飞机吗？")
    text = answer(events)
    assert "托运" in text and "100毫升" in text  # the luggage rule, for the sauces
    assert not any(isinstance(e, Handoff) for e in events)


async def test_overseas_rules_for_meat(make_guide: Callable[..., Guide]) -> None:
    text = answer(await ask(Session(make_guide()), "Can you send the beef jerky to my friend in Canada?"))
    assert "do not send overseas" in text and "perfect" not in text.lower()


async def test_dispatch_and_delivery_to_a_city(make_guide: Callable[..., Guide]) -> None:
    events = await ask(Session(make_guide()), "If I order now, when will it ship and when will it arrive in Beijing?")
    text = answer(events)
    assert "16:00" in text and "2–3 days" in text
    assert not any("beijing" in p for p in shown(events))  # a destination, not a product


# --- complaints, people, bulk orders ------------------------------------------------------------------
async def test_spoiled_goods_get_an_apology_the_rule_and_a_clerk(make_guide: Callable[..., Guide]) -> None:
    llm = FakeLLM(["你可以先尝试用盐水浸泡一下，或者用热水焯一下。"])
    events = await ask(Session(make_guide(llm=llm)), "上周买的广式腊肠打开发霉了，怎么办？")
    text = answer(events)
    assert "抱歉" in text and "48小时" in text and "店员" in text
    assert not re.search(r"盐水|浸泡|焯", text) and not llm.calls
    assert any(isinstance(e, Handoff) and e.reason == "complaint" for e in events)


async def test_a_request_for_a_person_comes_first(make_guide: Callable[..., Guide]) -> None:
    events = await ask(Session(make_guide()), "This isn't helping, can I talk to a real person please?")
    sentences = [e.text for e in events if isinstance(e, Sentence)]
    assert "clerk" in sentences[0].lower() and not shown(events)
    assert any(isinstance(e, Handoff) for e in events)


async def test_a_corporate_order_gets_the_tiers_and_a_clerk(
    make_guide: Callable[..., Guide], second_guide: Callable[..., Guide]
) -> None:
    text = answer(await ask(Session(make_guide()), "公司要订两百份中秋礼盒，能便宜多少？"))
    assert "九五折" in text and "八八折" in text and "店员" in text and "首选" not in text
    other = answer(await ask(Session(second_guide()), "公司要订一百份礼盒，能打几折？"))
    assert "九四折" in other and "八五折" in other  # another shop: its own tiers


# --- suitability and a known customer --------------------------------------------------------------------
async def test_a_diabetic_parent_in_the_notes_limits_sweetness(make_guide: Callable[..., Guide]) -> None:
    g = make_guide(llm=FakeLLM(["这些都非常适合给糖尿病的父母。"]))
    events = await ask(Session(g, customer_id="c01"), "快过年了，还是给我爸妈挑点年货吧。")
    ids = shown(events)
    assert ids and all(g.shop.product(p).sweetness <= 1 for p in ids)  # type: ignore[union-attr]
    assert "非常适合给糖尿病" not in answer(events)


async def test_needs_are_not_unknown_products(make_guide: Callable[..., Guide]) -> None:
    g = make_guide()
    first = await ask(Session(g), "有没有送女朋友的零食？")
    assert "没有送女朋友" not in answer(first) and shown(first)
    events = await ask(Session(g), "有没有适合糖尿病人吃的零食？两百以内。")
    ids = shown(events)
    assert "抱歉" not in answer(events) and ids
    for pid in ids:
        p = g.shop.product(pid)
        assert p is not None and "diabetics_low_sugar" in p.suitable_for and p.price_cny <= 200


# --- the question is answered ---------------------------------------------------------------------------
async def test_a_comparison_names_both(make_guide: Callable[..., Guide]) -> None:
    events = await ask(Session(make_guide()), "牛肉干香辣味和灯影牛肉丝，哪个更适合送人？")
    assert {"beef-jerky-spicy", "dengying-beef"} <= set(shown(events))
    text = answer(events)
    assert "¥88" in text and "¥45" in text


async def test_packaging_is_stated_or_the_label_is_said_not_to(make_guide: Callable[..., Guide]) -> None:
    text = answer(await ask(Session(make_guide()), "这个牛肉干是不是真空包装的？"))
    assert "没有写是真空包装" in text
    text = answer(await ask(Session(make_guide()), "广式腊肠是真空包装的吗？"))
    assert "真空袋" in text


async def test_an_unclear_question_gets_no_random_products(make_guide: Callable[..., Guide]) -> None:
    events = await ask(Session(make_guide()), "So how is the other thing going, the one we talked about?")
    assert not shown(events) and ("not sure" in answer(events) or "clerk" in answer(events))


async def test_a_rule_inside_another_policy_answers_its_ask(make_guide: Callable[..., Guide]) -> None:
    """Two asks in one question, each answered by its own clause (the lead time sits in the corporate policy)."""
    text = answer(await ask(Session(make_guide()), "最晚要提前多久下单？发票还是开专票"))
    assert "提前3周" in text and "增值税专用发票" in text and "电子普通发票" not in text
    text = answer(await ask(Session(make_guide()), "How far ahead do we need to order?"))
    assert "5 working days" in text
    text = answer(await ask(Session(make_guide()), "If I order online, can I pay cash when the parcel arrives?"))
    assert "cash on delivery" in text


# --- the LLM's own claims never reach the customer -------------------------------------------------------
@pytest.mark.parametrize(
    "said",
    [
        "The price of ¥268 is a good balance between quality and affordability.",
        "It is suitable for diabetics and lowers blood sugar.",
        "Soak it in salt water first and it will be fine.",
        "It is free of peanuts and perfect for anyone with allergies.",
        "It is light and floral, which makes it a great choice for a warm drink for a ten-month-old.",
        "Kids will love it, and vegetarians too.",
    ],
)
async def test_llm_claims_outside_the_facts_are_not_spoken(make_guide: Callable[..., Guide], said: str) -> None:
    g = make_guide(llm=FakeLLM([said]))
    events = await ask(Session(g), "I need a tea gift for my boss.")
    text = answer(events)
    assert said not in text and shown(events)
    if "¥" not in said:  # a sentence repeating a price already said is dropped before it is even checked
        assert any(isinstance(e, GuardReport) and not e.ok for e in events)


async def test_card_reasons_never_claim_an_allergen_is_absent_when_it_is_there(
    make_guide: Callable[..., Guide],
) -> None:
    events = await ask(Session(make_guide()), "I love walnuts, not too sweet")
    reasons = [r for e in events if isinstance(e, Products) for m in e.items for r in m.reasons]
    assert not any("free of" in r or "tree_nut" in r or "no tree nuts" in r for r in reasons)


# --- needs read right -------------------------------------------------------------------------------------
def test_needs_misreads(shop: Shop) -> None:
    vocab = build_vocab(shop)
    assert not parse_needs("有没有花生糖", shop, vocab).avoid_allergens
    assert parse_needs("辣不辣？", shop, vocab).max_spiciness is None
    n = parse_needs("100到200块的茶", shop, vocab)
    assert (n.min_price, n.max_price) == (100, 200) and n.categories == {"tea"}
    n = parse_needs("a gift between 100 and 200 yuan", shop, vocab)
    assert (n.min_price, n.max_price) == (100, 200)
    assert not parse_needs("is shipping for free?", shop, vocab).intent.injection
    assert parse_needs("nut-free snacks for my son", shop, vocab).avoid_allergens == {"tree_nut", "peanut"}


def test_any_shop_vocabulary(second_shop: Shop) -> None:
    """The second shop's own categories and policies are found from its data (no id is known to the code)."""
    vocab = build_vocab(second_shop)
    assert vocab.policy_for("overseas").id == "abroad"  # type: ignore[union-attr]
    assert vocab.policy_for("luggage").id == "carry_on_flights"  # type: ignore[union-attr]
    assert vocab.policy_for("bulk").id == "company_gifts"  # type: ignore[union-attr]
    assert "dairy_snacks" in parse_needs("有什么奶制品零食", second_shop, vocab).categories | {"dairy_snacks"}
    u = understand("能寄到德国吗？", second_shop, vocab, DialogueState(("steppe-lamb-original",)))
    assert u.act == "policy" and "overseas" in u.topics


async def test_the_table_survives_a_restart(make_guide: Callable[..., Guide], store: Store) -> None:
    s = Session(make_guide(), session_id="kiosk-1")
    await ask(s, "有没有辣一点的酱？")
    again = Session(make_guide(config=TurnConfig()), session_id="kiosk-1")  # a new guide over the same store
    text = answer(await ask(again, "能带上飞机吗？"))
    assert "托运" in text


@pytest.mark.parametrize(
    "said", ["¥88，250克，微甜、辣，越嚼越香。", "88) is a great choice.", "和田骏枣｜肉厚香甜｜适合：长辈"]
)
async def test_repeats_fragments_and_read_out_lists_are_not_spoken(make_guide: Callable[..., Guide], said: str) -> None:
    g = make_guide(llm=FakeLLM([said]))
    text = answer(await ask(Session(g), "风干牛肉干（香辣味）怎么样？"))
    assert said not in text and said.rstrip("。.") not in text
    assert text.count("¥88") == 1  # the price is said once


async def test_a_comparison_says_what_differs(make_guide: Callable[..., Guide]) -> None:
    s = Session(make_guide())
    await ask(s, "和田骏枣有哪些规格？")
    text = answer(await ask(s, "500克的和1公斤的有什么区别？"))
    assert "¥39.9" in text and "¥69" in text and "都一样" in text


async def test_a_photo_of_a_pack_a_known_customer_is_allergic_to(make_guide: Callable[..., Guide]) -> None:
    from pipeline.events import PhotoVerdict
    from tests.fakes import FakeMatcher
    from tests.test_photo_turn import candidate, jpeg

    matcher = FakeMatcher(PhotoVerdict("match", (candidate("peanut-brittle", 0.97),)))
    llm = FakeLLM(["It's a lovely snack for anyone."])
    g = make_guide(llm=llm, photos=matcher)
    events = [ev async for ev in Session(g, customer_id="c03").ask(image=jpeg(), text="What is this?")]
    text = answer(events)
    assert "Xiamen Peanut Crisp" in text and "peanut" in text.lower() and "Please note" in text
    assert not llm.calls  # nothing is said to sell it


async def test_chilled_goods_to_a_place_the_cold_chain_does_not_reach(make_guide: Callable[..., Guide]) -> None:
    text = answer(
        await ask(
            Session(make_guide()),
            "I'm in Hangzhou for the week. Can you ship the ham slices to my friend in Hong Kong?",
        )
    )
    assert "not to" in text and "Hong Kong" in text and "3–5 days" not in text  # no delivery time for what can't go


async def test_a_known_customer_without_alcohol_asks_about_a_product_with_alcohol(
    make_guide: Callable[..., Guide],
) -> None:
    s = Session(make_guide(), customer_id="c06")  # no egg, no alcohol
    await ask(s, "Something properly spicy for my team")
    text = answer(await ask(s, "Also is that laozao stuff ok for me?"))
    assert "contains alcohol" in text and "Sweet Fermented Rice" in text


async def test_a_sweet_product_asked_about_for_someone_off_sugar(make_guide: Callable[..., Guide]) -> None:
    s = Session(make_guide(), customer_id="c01")  # her father has type-2 diabetes
    text = answer(await ask(s, "今年我爸医生让他严格控糖，那月饼还能给他吗？有没有别的替代"))
    assert "不甜" not in text.replace("不适合", "")  # never "these are unsweet" about mooncakes
    assert "很甜" in text or "不建议" in text or "不适合" in text


async def test_what_the_label_says_about_a_person_and_a_natural_change(second_guide: Callable[..., Guide]) -> None:
    g = second_guide()
    text = answer(await ask(Session(g), "Is the linden honey ok for my 10-month-old?"))
    assert "not for babies under one" in text.lower()  # the shop's own warning, read out
    text = answer(await ask(Session(g), "蜂蜜冬天结晶了是不是坏了？"))
    assert "结晶是天然现象" in text and "不要再食用" not in text  # not a complaint: the label explains it


async def test_an_allergen_in_a_products_name_is_not_the_one_asked_about(second_guide: Callable[..., Guide]) -> None:
    text = answer(await ask(Session(second_guide()), "我对芝麻过敏，琥珀核桃仁椒盐味能吃吗？"))
    assert "列有芝麻" in text and "对芝麻过敏的人不能吃" in text


async def test_products_picked_by_how_the_pack_looks_and_by_a_word_of_their_name(
    second_guide: Callable[..., Guide],
) -> None:
    """ "two walnut bags … which one's for my diabetic grandpa?" → the unsweetened one; "the green one" → that one."""
    s = Session(second_guide())
    events = await ask(
        s, "There are two walnut bags, one gold and one green. Which one's for my grandpa? He's diabetic"
    )
    assert shown(events) == ["amber-walnut-salt-pepper"] and "sweetness 0 of 4" in answer(events)
    text = answer(await ask(s, "and is the green one spicy? he can't handle heat"))
    assert "Salt & Pepper" in text and "1 of 4" in text
    text = answer(await ask(s, "How long does it stay good once I open it?"))
    assert "two weeks" in text
    s = Session(second_guide())
    await ask(s, "给我看看葡萄干")
    text = answer(await ask(s, "对了，黑加仑那款跟绿的有啥不一样"))
    assert "黑加仑" in text and "无核白" in text and "缺货" in text


async def test_a_kind_word_names_the_product_a_rule_is_asked_about(second_guide: Callable[..., Guide]) -> None:
    s = Session(second_guide())
    events = await ask(
        s, "Flying to Shanghai tomorrow with a bottle of baijiu for my father-in-law. Can I carry it on?"
    )
    assert shown(events) == ["yongcheng-feng-baijiu"] and "checked" in answer(events)
    text = answer(await ask(s, "How much is it, and does it come boxed?"))
    assert "¥428" in text and "gift box" in text


async def test_a_total_of_the_products_on_the_table(second_guide: Callable[..., Guide]) -> None:
    """The products a follow-up names by a word ("the paste") are summed, one of each family, the sum said."""
    s = Session(second_guide())
    await ask(s, "Then the brick, a tin of goji and a sesame paste. How long does EMS take to Germany?")
    text = answer(
        await ask(s, "So that's 216 for the brick, 72 for the goji and 23.8 for the paste, right? What's the total?")
    )
    assert "¥311.8" in text and "¥216 + " in text


async def test_a_total_takes_the_variant_said(make_guide: Callable[..., Guide]) -> None:
    text = answer(await ask(Session(make_guide()), "What would the Longjing plus the ripe pu'er come to?"))
    assert "¥436" in text and "Raw" not in text


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("你们这有卖肉夹馍吗？现做的那种", ["没有肉夹馍", "腊汁牛肉", "白吉馍"]),  # a dish a description mentions
        ("Do you sell Lanzhou beef noodles?", ["don't carry Lanzhou beef noodles"]),  # kind words inside a dish
        ("有没有花生糖", ["没有花生糖", "花生"]),  # a product's short name inside something not carried
    ],
)
async def test_something_the_shop_does_not_sell(
    second_guide: Callable[..., Guide], question: str, said: list[str]
) -> None:
    text = answer(await ask(Session(second_guide()), question))
    assert all(x in text for x in said), text


async def test_a_kind_asked_for_is_no_unknown_product(make_guide: Callable[..., Guide]) -> None:
    for q in ("有没有好吃的茶？", "有没有牛肉干？", "Do you have the Fuping dried persimmons?"):
        text = answer(await ask(Session(make_guide()), q))
        assert not text.startswith(("抱歉，我们店里没有", "Sorry, we don't carry")), text


async def test_the_order_a_question_names_by_its_occasion(make_guide: Callable[..., Guide]) -> None:
    """ "去年中秋买的是啥" is the Mid-Autumn order (its own occasion field), not the newest one."""
    text = answer(await ask(Session(make_guide(), customer_id="c01"), "我去年中秋买的是啥来着？"))
    assert "2025-09-28" in text and "月饼" in text and "陈皮" not in text


async def test_the_usual_is_a_recommendation_that_leans_on_the_history(second_guide: Callable[..., Guide]) -> None:
    s = Session(second_guide(), customer_id="k01")
    events = await ask(s, "快过年了，又该给我爸寄年货了，老样子，你帮我挑挑，四五百块吧")
    assert "guanzhong-spring-box" in shown(events)  # bought before, boxed, not sweet
    text = answer(await ask(s, "上个月寄的奶皮子他说好吃，这次能一起塞进礼盒里吗？"))
    assert "冷藏商品不能装礼盒" in text  # the rule, not the order history again


async def test_a_known_customers_allergy_when_they_ask_if_it_is_ok_for_them(
    second_guide: Callable[..., Guide],
) -> None:
    """No allergen is named: the profile's is ("Is the maren brittle OK for me?"), with the shop's caveat."""
    s = Session(second_guide(), customer_id="k02")
    g_profile = s.guide.shop.customer("k02")
    assert g_profile is not None and "tree_nut" in (g_profile.preferences.get("avoid_allergens") or [])
    text = answer(await ask(s, "What about the mala peanuts? Peanuts are fine for me."))
    assert "doesn't list tree nuts" in text and "shared" in text


async def test_a_variant_or_a_box_in_a_name_is_no_wish(second_guide: Callable[..., Guide]) -> None:
    """ "孜然香辣的风干羊肉能吃吗" asks about that variant (not for spicy food); "果干礼盒里有坚果吗" about the box."""
    text = answer(await ask(Session(second_guide()), "我对芝麻过敏，孜然香辣的风干羊肉能吃吗？"))
    assert "孜然香辣" in text and "不能吃" in text
    text = answer(await ask(Session(second_guide()), "果干礼盒里有坚果吗？"))
    assert "没有列出坚果" in text and "微量" in text
    text = answer(await ask(Session(second_guide()), "有松子吗？手剥的那种。"))
    assert "缺货" in text and "过敏" not in text  # a product's name, not an allergy question


async def test_a_chilled_product_to_a_place_the_cold_chain_does_not_reach(
    make_guide: Callable[..., Guide], second_guide: Callable[..., Guide]
) -> None:
    """Said plainly when the rule excludes the place; a city the rule names as an exception goes to a clerk."""
    text = answer(await ask(Session(make_guide()), "Can you ship the ham slices to my friend in Hong Kong?"))
    assert "can't send" in text and "Hong Kong" in text and "3–5 days" not in text
    text = answer(
        await ask(Session(second_guide()), "Do you have the Harbin red sausage? I want to send some to Urumqi.")
    )
    assert "can't send" not in text and "clerk" in text
    text = answer(
        await ask(Session(second_guide()), "Can it go to Shanghai? Does the Guanzhong box need to be kept cold?")
    )
    assert "room temperature" in text and "2–3 days" in text


async def test_weak_teeth_get_what_the_products_own_text_calls_soft(make_guide: Callable[..., Guide]) -> None:
    text = answer(await ask(Session(make_guide()), "五仁的月饼，老人牙口不好能吃吗"))
    assert "香脆" in text and "不太合适" in text
    events = await ask(Session(make_guide()), "Anything soft I could bring my grandmother? Her teeth aren't good.")
    assert "pea-cake" in shown(events) and "mooncake-five-kernel" not in shown(events)


def test_properly_fiery_is_very_spicy(shop: Shop) -> None:
    assert parse_needs("I want something properly fiery for my team", shop).min_spiciness == 3


async def test_a_total_with_a_count_for_each_product(make_guide: Callable[..., Guide]) -> None:
    text = answer(await ask(Session(make_guide()), "香辣的牛肉干两袋、麻辣香干四包，一共多少钱？"))
    assert "2 × ¥88 + 4 × ¥15.8 = ¥239.2" in text
    s = Session(make_guide())
    text = answer(
        await ask(s, "How much for two jars of the extra-hot chilli crisp and a jar of acacia honey altogether?")
    )
    assert "¥116" in text


async def test_a_natural_change_the_label_explains_is_not_spoiled(make_guide: Callable[..., Guide]) -> None:
    """The customer's words for the change (白白的颗粒) and the label's (结晶) name the same change."""
    text = answer(await ask(Session(make_guide()), "上周买的枣花蜜，瓶子里结了一层白白的颗粒，是不是坏了啊？"))
    assert "结晶" in text and "不要再食用" not in text
    text = answer(await ask(Session(make_guide()), "上周买的广式腊肠打开发霉了，怎么办？"))
    assert "不要再食用" in text and "店员" in text


@pytest.mark.parametrize(
    ("question", "said", "never"),
    [
        ("If I pay at 3 pm on a Saturday, when does it actually go out?", "14:30", "not sure"),
        ("你们周五晚上开到几点？", "22:30", "不太确定"),
        ("Do you guys have yak jerky?", "don't carry", "not sure"),
        ("Could you put a box of the yogurt in the same gift box so it's one present?", "Chilled", "Here are"),
    ],
)
async def test_everyday_wordings_of_rules_and_asks(
    second_guide: Callable[..., Guide], question: str, said: str, never: str
) -> None:
    text = answer(await ask(Session(second_guide()), question))
    assert said in text and never not in text, text


async def test_a_person_mentioned_is_not_a_request_for_one(second_guide: Callable[..., Guide]) -> None:
    s = Session(second_guide())
    await ask(s, "What about the mala peanuts?")
    events = await ask(s, "I'll get a clerk to check the label. Four bags of those - what's the total?")
    assert not any(isinstance(e, Handoff) for e in events) and "¥66" in answer(events)


async def test_no_teeth_gets_only_what_is_said_to_be_soft(second_guide: Callable[..., Guide]) -> None:
    events = await ask(Session(second_guide()), "My grandma has barely any teeth left. Anything soft for her?")
    assert shown(events) and not {"amber-walnut-honey", "amber-walnut-salt-pepper", "shache-badam"} & set(shown(events))


async def test_a_known_vegetarian_hears_a_product_is_not(second_guide: Callable[..., Guide]) -> None:
    s = Session(second_guide(), customer_id="k05")  # vegetarian, no alcohol
    text = answer(await ask(s, "那个关中年礼盒看着挺喜庆的，我能吃吗？"))
    assert "不是素食" in text


async def test_honey_for_a_baby_is_answered_from_the_label(make_guide: Callable[..., Guide]) -> None:
    """A 10-month-old and honey: the label's own warning, never a recommendation (the LLM once called it "a great
    choice for a ten-month-old")."""
    g = make_guide(llm=FakeLLM(["It makes a great choice for a warm drink for a ten-month-old."]))
    text = answer(
        await ask(
            Session(g), "My daughter's ten months — can I stir a bit of the acacia honey into warm water for her?"
        )
    )
    assert "not for babies under one year" in text and "great choice" not in text


async def test_what_a_fresh_read_of_new_dialogues_found(make_guide: Callable[..., Guide]) -> None:
    """Meat and alcohol to London are refused; a variant off the table is the one asked about; 'any discount'
    is a rule question; a contact person asked for in other words is a clerk."""
    s = Session(make_guide())
    await ask(s, "Can I chuck a bottle of the 10-year huadiao in my rucksack on my flight to Beijing?")
    text = answer(
        await ask(s, "Then I'm back to London — could you post a bag of the original jerky over there instead?")
    )
    assert "do not send overseas" in text and "Here are" not in text
    s = Session(make_guide())
    await ask(s, "要够劲儿的辣零食")
    assert "缺货" in answer(await ask(s, "上回那个孜然味的大家抢着吃，还有货没？"))
    assert "Membership" in answer(await ask(Session(make_guide()), "If I take membership, any discount?"))
    events = await ask(Session(make_guide()), "行，剩下的细节你帮我找个人对接一下吧。")
    assert any(isinstance(e, Handoff) for e in events)


async def test_a_corporate_order_is_worked_out_from_the_shops_tiers(
    make_guide: Callable[..., Guide], second_guide: Callable[..., Guide]
) -> None:
    """The tiers are read from each shop's own policy text; the sum and the tier reached are said with their terms."""
    text = answer(
        await ask(
            Session(make_guide()),
            "Our company wants 60 boxes of the double-yolk lotus mooncakes for Mid-Autumn. What discount?",
        )
    )
    assert "60 × ¥198 × 92% = ¥10929.6" in text and "Fungus" not in text
    text = answer(await ask(Session(second_guide()), "春节员工福利订关中年礼盒，要180份，能打几折？"))
    assert "180 × ¥288 × 85% = ¥44064" in text
    s = Session(second_guide())
    await ask(s, "公司要订关中年礼盒50份")
    text = answer(await ask(s, "定金得先打多少？最晚提前多久下单来得及？"))
    assert "30%" in text and "4周" in text


async def test_more_everyday_wordings_from_a_fourth_read(make_guide: Callable[..., Guide]) -> None:
    """'熟普洱' is the ripe cake; 'get hold of an actual person' is a clerk; 'grainy and half solid … fake?' is
    the label's crystallisation; a restaurant tip is out of scope even with a product on the table."""
    text = answer(await ask(Session(make_guide()), "另外想单独给客户订20盒熟普洱，这个能打几折？"))
    assert "20 × ¥168 × 95% = ¥3192" in text
    events = await ask(
        Session(make_guide()), "I'd rather hash it out with an actual person. How do I get hold of someone?"
    )
    assert any(isinstance(e, Handoff) for e in events)
    s = Session(make_guide())
    text = answer(await ask(s, "My jujube blossom honey has gone all grainy and half solid. Was I sold fake honey?"))
    assert "crystallises" in text and "don't eat" not in text
    assert "帮不上忙" in answer(await ask(s, "今晚西湖边上哪家杭帮菜馆子好吃？"))


async def test_a_comparison_for_a_known_customer_says_what_breaks_their_diet(make_guide: Callable[..., Guide]) -> None:
    s = Session(make_guide(), customer_id="c06")  # no egg, vegetarian
    text = answer(await ask(s, "Would the Beijing Eight Pastries box or the white lotus mooncakes work for me?"))
    assert text.count("contains egg") == 2


async def test_a_follow_up_after_a_remark_still_asks_the_same_rule(second_guide: Callable[..., Guide]) -> None:
    s = Session(second_guide(), customer_id="k03")
    await ask(s, "Putting together a parcel for my folks in Hamburg. Can I throw in a jar of the Ili honey?")
    text = answer(await ask(s, "Shame. And the Guanzhong New Year box? That's basically tea and millet, right?"))
    assert "never ship" in text and "I'd suggest" not in text


async def test_a_colour_in_a_products_name_names_no_other_kind(second_guide: Callable[..., Guide]) -> None:
    """ "Harbin red sausage" is no wine (a "Dry Red"); a drink a customer doesn't take is no allergy."""
    events = await ask(
        Session(second_guide()), "Can you send a Harbin red sausage and two boxes of the set yogurt to Urumqi?"
    )
    assert "helan-cabernet" not in shown(events)
    s = Session(second_guide(), customer_id="k05")  # no alcohol
    text = answer(await ask(s, "我儿子过年想要瓶那个凤香型白酒，我自己是不沾的哈。多少度？多少钱一瓶？"))
    assert "52%" in text and "过敏" not in text


# --- several asks in one question: each answered ------------------------------------------------------
def test_a_question_is_cut_into_its_asks_at_question_marks() -> None:
    from pipeline.conversation.compound import questions

    assert questions("我妈牙口不好。有没有软一点的点心？") == ["我妈牙口不好。有没有软一点的点心？"]
    assert questions("甜不甜辣不辣？能给装个礼盒不？谢谢") == ["甜不甜辣不辣？", "能给装个礼盒不？谢谢"]
    assert questions("How much is it? And can it go to Shanghai? Thanks.") == [
        "How much is it?",
        "And can it go to Shanghai? Thanks.",
    ]


async def test_every_ask_of_a_question_is_answered(second_guide: Callable[..., Guide]) -> None:
    """'能吃吧？甜不甜辣不辣？能给装个礼盒不？' wants the taste scales *and* the gift-box rule; the box answer is
    the gift-wrapping clause, not the tasting counter that happens to name the product."""
    s = Session(second_guide())
    text = answer(await ask(s, "原味那个手撕风干羊肉甜不甜辣不辣？能给装个礼盒不？"))
    assert "辣度0/4" in text and "甜度0/4" in text
    assert "12元" in text and "试吃" not in text


async def test_a_suitability_ask_and_a_total_in_one_question(make_guide: Callable[..., Guide]) -> None:
    """'他血糖高喝这个没问题吧？两样加起来多少钱？': the pu'er is checked for a diabetic, and the two on the
    table (the pea cake said before, the pu'er added now) are summed."""
    s = Session(make_guide())
    await ask(s, "豌豆黄多少钱？")
    text = answer(await ask(s, "再加一饼熟普洱给我爸，他血糖高喝这个没问题吧？两样加起来多少钱？"))
    assert "甜度0/4" in text and "控糖" in text
    assert "¥36 + ¥168 = ¥204" in text


# --- a third shop's failures (read by a strict clerk) ---------------------------------------------------


def test_an_allergen_the_ingredients_name_counts_even_when_the_list_leaves_it_out() -> None:
    """The luosifen's list says peanut and soy; its soup pack holds river snails: shellfish. 'King oyster
    mushroom' is no oyster, liquorice no liquor."""
    shop = load_shop_folder(THIRD_SHOP)
    assert "shellfish" in shop.product("luosifen").allergen_set  # type: ignore[union-attr]
    assert "fish" in shop.product("crispy-small-fish").allergen_set  # type: ignore[union-attr]
    assert "shellfish" not in shop.product("truffle-paste-original").allergen_set  # type: ignore[union-attr]
    demo = load_shop_folder(Path(__file__).parent.parent / "demo" / "shop")
    assert "alcohol" not in demo.product("liquorice-olives").allergen_set  # type: ignore[union-attr]


async def test_a_shellfish_allergy_is_told_the_snail_broth(third_guide: Callable[..., Guide]) -> None:
    s = Session(third_guide())
    text = answer(await ask(s, "我对虾蟹贝壳类的东西过敏，螺蛳粉我能吃吗？"))
    assert "螺蛳" in text and "不能吃" in text
    text = answer(await ask(s, "那麻辣小鱼干呢？鱼我倒是不过敏，就是花生也有一点点过敏。"))
    assert "花生" in text and "不能吃" in text and "对鱼" not in text  # not allergic to fish: not said


async def test_pork_for_a_customer_whose_notes_say_halal(third_guide: Callable[..., Guide]) -> None:
    """The notes say she eats only halal; the luosifen's broth has pork bones. No 'allergic', no 'fine if
    it's for someone else'."""
    s = Session(third_guide(), customer_id="m05")
    text = answer(await ask(s, "What about the luosifen? Half my office is obsessed with it."))
    assert "contains pork" in text and "allergic" not in text
    s = Session(third_guide(), customer_id="m03")  # no alcohol: the fermented chilli is made with baijiu
    text = answer(await ask(s, "那糟辣椒呢？辣椒总是素的吧。"))
    assert "白酒" in text and "当然可以" not in text


async def test_complaints_requests_for_a_person_and_other_businesses(third_guide: Callable[..., Guide]) -> None:
    s = Session(third_guide())
    events = await ask(s, "昨天到的那箱冰糖橙，打开一看好几个都烂了，还长了白毛，太糟心了。")
    assert "抱歉" in answer(events) and any(isinstance(e, Handoff) for e in events)
    events = await ask(s, "我不想再要一箱了，能不能直接退钱？这事我要跟你们的人当面说。")
    assert answer(events).startswith("好的，我这就请店员")
    s = Session(third_guide())
    await ask(s, "The jar of truffle paste I ordered turned up cracked, and it's leaked all over the box.")
    text = answer(await ask(s, "I'd honestly rather sort this out with a human — what's your number?"))
    assert text.startswith("Of course, I'm calling a clerk") and "0871-0000-0000" in text
    text = answer(await ask(Session(third_guide()), "What's the best month to visit the Stone Forest?"))
    assert "can't help" in text
    text = answer(await ask(Session(third_guide()), "顺便帮我查下明天昆明去大理的高铁还有没有票？"))
    assert "帮不上忙" in text


async def test_a_corporate_order_of_two_products_is_summed_before_the_tier(third_guide: Callable[..., Guide]) -> None:
    s = Session(third_guide())
    text = answer(await ask(s, "今年八宝礼盒要150份，另外给同事订35袋牛干巴，按企业价算下来多少钱？"))
    assert "= ¥47920" in text and "¥47920 × 87% = ¥41690.4" in text


def test_the_independent_checker_reads_a_discount_off_an_earlier_sum() -> None:
    from bench.claims import ShopFacts, unsupported

    facts = ShopFacts.load(THIRD_SHOP)
    q = "八宝礼盒要150份，另外订35袋牛干巴"
    first = "整单货款：35 × ¥92 + 150 × ¥298 = ¥47920。"
    assert unsupported(first, facts, [], q) == []
    assert unsupported("按企业订单的折扣优惠13%：¥47920 × 87% = ¥41690.4。", facts, [], q, first) == []
    assert unsupported("按企业订单的折扣优惠13%：¥47920 × 87% = ¥41000。", facts, [], q, first) != []


def test_the_independent_checker_reads_no_allergen_claim_in_a_products_name() -> None:
    """'潮汕花生糖的标签上没有列出芝麻' says nothing about peanuts; '…可以吃花生糖' to a peanut allergy does."""
    from bench.claims import ShopFacts, unsupported

    facts = ShopFacts.load(SEVENTH_SHOP)
    assert unsupported("潮汕花生糖的标签上没有列出芝麻。", facts, [], "芝麻过敏能吃花生糖吗") == []
    assert unsupported("对花生过敏的人也可以吃潮汕花生糖。", facts, [], "花生过敏能吃吗") != []


async def test_a_shortened_name_and_counts_for_each_product(third_guide: Callable[..., Guide]) -> None:
    """'原味的松露酱两瓶' is two jars of the 黑松露菌酱（原味）; 'three of the jellies, four bags of mango': the
    count comes before the English name; 'what's the damage?' asks the total."""
    text = answer(await ask(Session(third_guide()), "那竹荪拿三袋，原味的松露酱两瓶，一共多少？"))
    assert "3 × ¥72 + 2 × ¥48 = ¥312" in text
    q = "Three of the tamarind jellies, four bags of mango and two boxes of the cili juice. What's the damage?"
    text = answer(await ask(Session(third_guide()), q))
    assert "= ¥288" in text


async def test_not_the_usual_is_no_wish_for_its_kind(second_guide: Callable[..., Guide]) -> None:
    """'别老是那个关中礼盒了，你给推荐两样': the box is left out, and its 礼盒 is no wish for gift boxes."""
    s = Session(second_guide(), customer_id="k01")
    events = await ask(s, "快过年了，给我爸寄年货，预算三四百。今年想换点新鲜的，别老是那个关中礼盒了，你给推荐两样？")
    assert shown(events) and "guanzhong-spring-box" not in shown(events)


def test_a_city_or_county_is_found_by_its_province() -> None:
    from pipeline.places import province_en, provinces_named

    assert [p for _, _, p in provinces_named("外婆住绍兴，多久能寄到？")] == ["浙江"]
    assert [p for _, _, p in provinces_named("to her in Chenggong today")] == ["云南"]
    assert provinces_named("这个好吃吗？送给老人家，不要太甜") == []
    assert province_en("陕西") == "Shaanxi" and province_en("浙江") == "Zhejiang"


async def test_delivery_to_a_county_uses_its_provinces_row(make_guide: Callable[..., Guide]) -> None:
    """'外婆住绍兴' is Zhejiang's row, and no Shaoxing rice wine; 'in Chenggong' is Yunnan's 'next day' row."""
    events = await ask(Session(make_guide()), "外婆住绍兴，我今天下午五点下单的话，多久能寄到？")
    assert "1–2天" in answer(events) and not shown(events)
    text = answer(await ask(Session(make_guide()), "How long does it take to Shaoxing?"))
    assert "1–2 days" in text and "Huadiao" not in text
    events = await ask(Session(make_guide()), "想给乌鲁木齐的朋友寄两袋火腿切片，能走冷链不？")
    assert "黑龙江" not in answer(events)


async def test_delivery_to_a_district_in_the_shops_own_province(third_guide: Callable[..., Guide]) -> None:
    text = answer(
        await ask(Session(third_guide()), "If I send a goat's cheese to her in Chenggong, how long does it take?")
    )
    assert "within Yunnan, next day" in text


async def test_an_orders_status_from_the_records(make_guide: Callable[..., Guide]) -> None:
    """'9月1号下的那单…到哪一步了？总价是多少来着？': that order's status and total as recorded, and a clerk for
    the tracking; never a recommendation."""
    s = Session(make_guide(), customer_id="c04")
    events = await ask(s, "我们公司9月1号下的那单中秋月饼现在到哪一步了？总价是多少来着？")
    text = answer(events)
    assert "SO-20260901-0003" in text and "处理中" in text and "¥32049.6" in text
    assert shown(events) == ["mooncake-lotus-yolk", "mooncake-five-kernel"]  # the order's own, nothing sold


def test_a_free_from_line_is_applied_to_the_sum() -> None:
    from pipeline.conversation.thresholds import conclusions

    said = (
        "加起来是2 × ¥32 + ¥368 = ¥432。",
        "贺卡：印刷贺卡2元，店员手写贺卡8元，订单满268元贺卡免费。",
        "中国大陆：韵达每单7元，满169元包邮；升级顺丰每单16元，满359元包邮；顺丰冷运每个冷链包裹28元，订单满528元免冷链运费。",
    )
    (line,) = conclusions(said, "zh")
    assert "满268元贺卡免费" in line and "韵达满169元包邮" in line and "已经够了" in line and "冷" not in line
    (line,) = conclusions(("Together that's ¥86 + ¥22 = ¥108.", "Yunda is ¥7 per order, free from ¥169."), "en")
    assert "¥61 short of ¥169" in line
    assert conclusions(("小号10元，大号20元。",), "zh") == ()


async def test_counts_said_earlier_are_kept_for_the_total(third_guide: Callable[..., Guide]) -> None:
    """'two bottles of the baijiu' … 'a bottle of the plum wine as well' … 'how much for the three of them?':
    2 × ¥398 + ¥58, and one of them has no gift box (said in good English)."""
    s = Session(third_guide())
    await ask(s, "I'm taking two bottles of the Renhuai baijiu on my flight to Shanghai tomorrow. Fine in my carry-on?")
    await ask(s, "And a bottle of the plum wine as well — same deal?")
    text = answer(await ask(s, "How much for the three of them, and do they come in boxes?"))
    assert "2 × ¥398 + ¥58 = ¥854" in text and "doesn't come in a gift box" in text


async def test_contents_by_the_pack_and_a_further_ask_about_the_same_product(third_guide: Callable[..., Guide]) -> None:
    """'那个菌菇礼盒里头装的是啥？她一口假牙，嚼得动不？': the box's contents, then whether the *box* is soft (the
    data doesn't say: a clerk) — not the ham and the noodles that were on the table too; seasons in Chinese."""
    s = Session(third_guide(), customer_id="m01")
    await ask(s, "又到年底了，想给我妈寄点年货。这回预算五百上下，帮我挑挑。")
    text = answer(await ask(s, "那个菌菇礼盒里头装的是啥？她一口假牙，嚼得动不？"))
    assert "松茸干片" in text and "软硬" in text and "米线" not in text
    text = answer(await ask(Session(third_guide()), "有鲜松茸吗？想要一斤。"))
    assert "每年6月到10月" in text and "Jun" not in text


async def test_fresh_read_of_a_fourth_shop(
    make_guide: Callable[..., Guide], second_guide: Callable[..., Guide]
) -> None:
    """'apart from price' leaves no product out; 'Arjun again.' greets; one total per turn; a beer the shop
    doesn't tag vegetarian is not said to be meat; '无核白' is a piece of 吐鲁番无核白葡萄干."""
    s = Session(make_guide())
    await ask(s, "Can I bring a bottle of the Shaoxing huadiao in my carry-on?")
    events = await ask(s, "What's the real difference between the 5-year and the 10-year, apart from price?")
    assert set(shown(events)) == {"huadiao-5yr", "huadiao-10yr"}
    events = await ask(
        Session(make_guide(), customer_id="c06"), "Arjun again. Which of your chilli sauces am I okay with?"
    )
    assert "you bought" not in answer(events) and shown(events)
    text = answer(
        await ask(
            Session(second_guide(), customer_id="k05"),
            "那八宝茶三包、无核白两袋、小米两袋，我到店自提，多久能备好？一共多少钱？",
        )
    )
    assert "= ¥265" in text and text.count("= ¥") == 1
    text = answer(
        await ask(Session(make_guide(), customer_id="c06"), "Is the Beijing eight pastries box something I can eat?")
    )
    assert "not vegetarian (its ingredients include lard)" in text


async def test_halal_only_leaves_out_meat_not_said_to_be_halal(third_guide: Callable[..., Guide]) -> None:
    """Her notes say she eats halal only: the niuganba says it is halal-certified, the ham doesn't."""
    shop = load_shop_folder(THIRD_SHOP)
    assert "halal" not in shop.product("niuganba").allergen_set  # type: ignore[union-attr]
    assert "halal" in shop.product("xuanwei-ham-block").allergen_set  # type: ignore[union-attr]
    s = Session(third_guide(), customer_id="m05")
    events = await ask(s, "Something savoury and meaty to take home for the team?")
    assert "xuanwei-ham-block" not in shown(events) and "ham-slices-chilled" not in shown(events)


async def test_a_clear_clause_answers_an_unclassified_question_and_a_complaint_goes_on(
    third_guide: Callable[..., Guide], second_guide: Callable[..., Guide]
) -> None:
    """'够不够升金卡？' has no topic word, but one clause answers it clearly; '还能赔吗？' after a complaint is the
    same complaint (its time limits, no second apology); a sealed jar returned after one is a change of mind; booking a table is another business."""
    text = answer(await ask(Session(third_guide()), "会员日是哪天？有啥优惠？"))
    assert "8号" in text
    s = Session(second_guide())
    await ask(s, "收到的葡萄干发霉了，怎么办？")
    again = answer(await ask(s, "都过了好几天了，还能赔吗？"))  # the rule's time limits, not the apology again
    assert "72小时" in again and "店员" in again and "抱歉" not in again
    assert "抱歉" not in answer(await ask(s, "另外那罐椴树蜜还没拆封，我不想要了，能退不？"))
    text = answer(await ask(Session(second_guide()), "Could you book me a table near the Drum Tower for Saturday?"))
    assert "can't help" in text


async def test_limits_said_this_visit_hold_for_is_it_ok_for_me(third_guide: Callable[..., Guide]) -> None:
    """A walk-in says 'halal only and no alcohol', then asks 'the fermented chilli, ok for me?': it holds baijiu —
    never a sales pitch; 'is the flower cake peanut-free then?' is an allergy answer with the shop's caveat."""
    s = Session(third_guide())
    await ask(s, "I fly back to KL tonight. I'm Muslim, so halal only and no alcohol. What fiery stuff can I take?")
    text = answer(await ask(s, "The Guizhou fermented chilli looked amazing too, ok for me?"))
    assert "contains alcohol" in text and "I'd suggest" not in text
    s = Session(third_guide())
    await ask(s, "I want something floral in a gift box under 150 yuan. I have a severe peanut allergy.")
    text = answer(await ask(s, "Is the rose flower cake peanut-free then?"))
    assert "doesn't list peanut" in text and "traces" in text and "I'd suggest" not in text


async def test_a_relaxed_search_keeps_a_childs_suitability_and_limits_last_the_visit(
    make_guide: Callable[..., Guide], third_guide: Callable[..., Guide]
) -> None:
    """Nothing fits 'an eight-year-old … 100 to 200 in total' exactly: what is offered is still for children
    (never rice wine), and 'in total' is a budget, not an item's minimum price; 'I don't drink' avoids alcohol;
    limits said in a turn answered by a rule still hold later; ¥33783.84 is said to the fen."""
    events = await ask(
        Session(make_guide()),
        "My nephew is eight and allergic to tree nuts. What snacks could I get him, 100 to 200 yuan in total?",
    )
    assert shown(events) and not any("huadiao" in pid for pid in shown(events))
    events = await ask(
        Session(make_guide()), "Gifts for colleagues, about 40-50 yuan each. I'm lacto-vegetarian and I don't drink."
    )
    assert not any("huadiao" in pid for pid in shown(events))
    s = Session(third_guide())
    await ask(
        s, "I fly back to KL tonight. I'm Muslim, so halal only and no alcohol. Can I take niuganba on the plane?"
    )
    assert "contains alcohol" in answer(await ask(s, "The Guizhou fermented chilli looked amazing too, ok for me?"))
    from pipeline.textnum import money

    assert money(38832 * 0.87) == "33783.84" and money(288.0) == "288"


async def test_a_total_with_postage_from_the_shops_fee_lines(make_guide: Callable[..., Guide]) -> None:
    """'木耳两盒、咸奶茶粉一袋，寄南京，加运费多少？': ¥134 goods, under the free line, so the standard courier's ¥8;
    to Urumqi the remote-area surcharge too; to Taipei no mainland courier is used."""
    text = answer(await ask(Session(make_guide()), "那木耳两盒、咸奶茶粉一袋，寄南京，加运费多少？"))
    assert "¥134 + ¥8 = ¥142" in text
    q = "Two boxes of the black fungus and a bag of the salty milk tea, sent to Urumqi. Total with postage?"
    assert "¥134 + ¥23 = ¥157" in answer(await ask(Session(make_guide()), q))
    q = "Could you send two tins of the Tieguanyin to my aunt in Taipei? What's the postage, all told?"
    assert "Postage:" not in answer(await ask(Session(make_guide()), q))


def test_each_gives_its_count_to_every_product_before_it() -> None:
    """'八鲜海味礼盒订60盒；…长岛干贝配崂山绿茶，各12份' is 60, 12 and 12 ('订60盒' counts after its verb)."""
    from pipeline.conversation.understand import _quantities

    shop = load_shop_folder(THIRD_SHOP)
    vocab = build_vocab(shop)
    q = "八宝礼盒订100盒，另外竹荪配滇红金芽，各12份。"
    got = dict(_quantities(q, shop, vocab, ("caiyun-gift-box", "bamboo-fungus", "dianhong-100g")))
    assert got == {"caiyun-gift-box": 100, "bamboo-fungus": 12, "dianhong-100g": 12}


async def test_the_same_order_again_at_todays_prices(make_guide: Callable[..., Guide]) -> None:
    """'去年中秋给我爸妈寄的那两样，今年照旧来一份，多少钱？': that order's two products, priced now, and the sweet
    one flagged for her diabetic father — not a new recommendation."""
    text = answer(
        await ask(
            Session(make_guide(), customer_id="c01"), "去年中秋给我爸妈寄的那两样，今年照旧来一份，还是寄苏州，多少钱？"
        )
    )
    assert "¥198 + ¥228 = ¥426" in text and "控糖" in text and "推荐" not in text
