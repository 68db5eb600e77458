"""A faith's diet and a customer's own history, read as a clerk would: the five pungent vegetables (五辛) a Buddhist
vegetarian leaves out, said as their rule and never as an allergy; an allergy in the clerk's notes that lists the
products it rules out is that allergy only; "the tea I bought last time" after a product they never bought; "两块"
as two bricks of tea, "两块钱" as money. Scripted models."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.allergens import in_ingredients, keeps_pungent
from pipeline.catalogue import load_shop_folder
from pipeline.conversation.customer import CustomerView
from pipeline.conversation.understand import _quantity
from pipeline.session import Session
from pipeline.turn import Guide
from tests.fakes import FakeLLM
from tests.helpers import SEVENTH_SHOP, answer, ask, shown


def test_the_pungent_vegetables_are_found_on_labels_and_in_words() -> None:
    assert "pungent" in in_ingredients("辣椒、大蒜、盐", "")
    assert "pungent" in in_ingredients("", "chilli, spring onion, salt")
    assert "pungent" not in in_ingredients("辣椒、盐、白砂糖", "chilli, salt, sugar, hinged lid")
    assert keeps_pungent("佛教居士，长年吃全素，也不吃五辛（葱、蒜、韭菜）")
    assert keeps_pungent("我妈吃长斋的") and keeps_pungent("She's a Buddhist vegetarian")
    assert not keeps_pungent("蒜蓉辣椒酱都不能推荐") and not keeps_pungent("喜欢吃大蒜")


def test_an_allergy_in_the_notes_is_not_the_products_it_lists() -> None:
    shop = load_shop_folder(SEVENTH_SHOP)
    view = CustomerView(shop.customer("w02"))  # 花生严重过敏：束砂、芝麻糖、蒜蓉辣椒酱……都不能推荐
    assert "peanut" in view.profile_avoid
    assert "sesame" not in view.profile_avoid and "pungent" not in view.profile_avoid
    assert "pungent" in CustomerView(shop.customer("w05")).profile_avoid  # 吃长斋的佛教居士：也不吃五辛


async def test_garlic_is_a_faiths_rule_not_an_allergy(tenth_guide: Callable[..., Guide]) -> None:
    llm = FakeLLM(["藕带是素的，您放心吃。"])
    s = Session(tenth_guide(llm=llm), customer_id="k02")  # notes: 不吃五辛
    text = answer(await ask(s, "你们的酸辣藕带我能吃吗？"))
    assert "五辛" in text and "大蒜" in text and "不要选它" in text
    assert "五辛（葱、蒜、韭、洋葱等）过敏" not in text and "放心吃" not in text


async def test_a_walk_in_who_eats_zhai_is_not_offered_garlic(tenth_guide: Callable[..., Guide]) -> None:
    guide = tenth_guide()
    s = Session(guide)
    picks = shown(await ask(s, "我妈吃斋的，想给她买点辣酱，有什么推荐？"))
    assert picks
    assert not any("pungent" in p.allergen_set for pid in picks if (p := guide.shop.product(pid)))


async def test_a_products_allergen_list_leaves_out_a_rule_nobody_keeps(tenth_guide: Callable[..., Guide]) -> None:
    s = Session(tenth_guide())
    await ask(s, "楚味三宝礼盒多少钱？")
    text = answer(await ask(s, "有几个同事芝麻过敏，这个礼盒里有芝麻吗？"))
    assert "芝麻" in text and "大豆" in text and "五辛" not in text


async def test_the_tea_bought_last_time_after_a_paste_never_bought(tenth_guide: Callable[..., Guide]) -> None:
    s = Session(tenth_guide(), customer_id="k02")  # bought the Fu brick tea twice, never the bean paste
    await ask(s, "那有没有我能吃的辣酱？")
    text = answer(await ask(s, "胡豆酱先不要了，上次买的那种茶再来两块，多少钱？"))
    assert "茯砖" in text and "276" in text and "没有这款" not in text


def test_two_kuai_is_two_bricks_unless_it_is_money() -> None:
    assert _quantity("上次买的那种茶再来两块") == 2
    assert _quantity("两块钱的那种") is None and _quantity("一百块以内") is None


async def test_a_boxs_allergens_asked_are_its_label_and_the_caveat_on_its_contents(
    tenth_guide: Callable[..., Guide],
) -> None:
    s = Session(tenth_guide())
    text = answer(await ask(s, "楚味三宝礼盒里有哪些过敏原？"))  # not the shop's rule read out alone
    assert "芝麻" in text and "花生" in text and "麸质" in text
    assert "孝感麻糖" in text  # the shared line of a product inside the box
    assert "卤鸭脖" not in text  # a kitchen making other goods is not this box's caveat
    text = answer(await ask(Session(tenth_guide()), "恩施玉露有过敏原吗？"))
    assert "没有列出过敏原" in text and "鸡蛋" not in text  # the shop's list of allergen kinds is not the tea's


async def test_someone_who_eats_halal_is_offered_the_certified_products_first(
    twelfth_guide: Callable[..., Guide], ninth_guide: Callable[..., Guide]
) -> None:
    s = Session(twelfth_guide())
    evs = await ask(s, "我是回族，只吃清真的，你们有什么适合送人的？")
    text = answer(evs)
    assert shown(evs)[:2] == ["niuganba-original", "niuganba-spicy"]  # the only halal-certified products
    assert "清真认证" in text  # and the shop's own rule says which are
    text = answer(await ask(s, "那有没有清真的茶叶？"))
    assert "其他商品都没有清真认证" in text  # no tea is certified: the rule says so, not a silent "fits"
    s = Session(ninth_guide())
    evs = await ask(s, "We eat halal only. What would you recommend as a gift?")
    text = answer(evs)
    assert shown(evs)[0] == "halal-beef-sausage"
    assert "Only the Yiqingyuan halal beef red sausage is halal-certified" in text  # the halal rule, not cold chain


async def test_a_severe_allergy_hears_of_shared_lines_and_is_not_offered_them(
    twelfth_guide: Callable[..., Guide],
) -> None:
    s = Session(twelfth_guide(), customer_id="y03")  # notes: Mia (5), severe sesame allergy, adrenaline pen
    text = answer(
        await ask(s, "Can Mia have the sesame guangbing? Or the original pork floss, the one without seaweed?")
    )
    assert "shares a line with the seaweed-and-sesame flavour" in text  # its label lists no sesame; the line may
    evs = await ask(s, "Any meat snacks for Mia? Nothing spicy.")
    assert "pork-floss-original" not in shown(evs) and "I left out the Fujian Pork Floss" in answer(evs)
    s = Session(twelfth_guide())
    evs = await ask(s, "我芝麻严重过敏，有什么肉类零食推荐？")  # a wish for products, with the allergy it keeps
    assert shown(evs) and "pork-floss-original" not in shown(evs) and "同一条线或车间生产" in answer(evs)
