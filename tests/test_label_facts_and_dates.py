"""What the shop's data can't say, said as such; what a name suggests, answered from the label; a rule picked by
what was asked (how long, which festival, today's weekday). The kinds the 20th held-out set's readers found weak:
a batch number answered with a price, "is the cordyceps flower made of insects?" answered with a sales pitch, a
VAT invoice's days answered with the corporate rule, the last dispatch before Spring Festival with the weekly
days, "a gift card" read as a wish for a gift. Scripted models over the thirteenth test shop (its data's date is
Sunday 2026-12-20)."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.turn import Guide
from tests.helpers import one


async def test_a_pack_detail_no_field_holds_is_said_unknown_with_a_clerk(
    thirteenth_guide: Callable[..., Guide],
) -> None:
    said = await one(thirteenth_guide(), "你们的牦牛肉干这批的批号是多少？")
    assert "没有提到" in said and "批号" in said and "店员" in said
    assert "¥89" not in said  # not its price
    said = await one(thirteenth_guide(), "How much sugar per 100 ml is in the sea buckthorn juice?")
    assert "doesn't say" in said and "sugar content" in said and "clerk" in said
    assert "1 of 4" in said  # what the data does hold: its sweetness scale
    said = await one(thirteenth_guide(), "有检测报告吗？")
    assert "没有检测报告" not in said  # a fact asked of a product, not a product the shop lacks


async def test_what_a_name_suggests_is_answered_from_the_label(thirteenth_guide: Callable[..., Guide]) -> None:
    said = await one(thirteenth_guide(), "虫草花是虫子做的吗？")
    assert "配料" in said and "不是虫子" in said and "推荐" not in said
    said = await one(thirteenth_guide(), "鹧鸪茶里有鸟肉吗")
    assert "没有任何鸟肉" in said
    said = await one(thirteenth_guide(), "Is there actual partridge in the partridge tea?")
    assert "no bird" in said and "I'd suggest" not in said
    said = await one(thirteenth_guide(), "榛蘑里有榛子吗")  # hazelnuts inside the mushrooms: not the nut product
    assert "开口榛子（¥68" not in said and "微量坚果" in said


async def test_someone_elses_allergy_leaves_out_what_may_hold_its_traces(
    thirteenth_guide: Callable[..., Guide],
) -> None:
    said = await one(thirteenth_guide(), "My colleague is allergic to peanuts, what snack could I bring her?")
    assert "I left out" in said and "Coconut Candy" in said.split("I left out")[1]
    assert "you said to avoid" not in said
    said = await one(thirteenth_guide(), "我同事对芝麻过敏，有什么零食推荐给她？")
    assert "没有推荐" in said and "烤椰子片" in said.split("没有推荐")[0]


async def test_a_rule_is_picked_by_what_was_asked(thirteenth_guide: Callable[..., Guide]) -> None:
    said = await one(thirteenth_guide(), "过年前最晚哪天能发货？")
    assert "1月27日" in said and "1月30日" in said
    said = await one(thirteenth_guide(), "我要开增值税专票，几天能开好？")
    assert "7个工作日" in said and "四川、重庆" not in said  # the invoice's days, not a parcel's
    said = await one(thirteenth_guide(), "How long does a VAT invoice take?")
    assert "7 working days" in said
    said = await one(thirteenth_guide(), "买了礼品卡能开发票吗？")
    assert "购买礼品卡时不开发票" in said
    said = await one(thirteenth_guide(), "Can I get an invoice for a gift card?")
    assert "No invoice is issued when you buy a gift card" in said and "that fit" not in said


async def test_the_dispatch_day_from_the_day_said_or_today(thirteenth_guide: Callable[..., Guide]) -> None:
    said = await one(thirteenth_guide(), "如果我周六下单，哪天发货？")
    assert "按周六付款算" in said and "16:30前付款当天发出" in said
    said = await one(thirteenth_guide(), "今天下单的话哪天发货？")  # the data's date is a Sunday: Monday
    assert "按周日付款算" in said and "周一发出" in said


async def test_how_long_a_cool_bag_keeps_cold_is_the_bags_rule(thirteenth_guide: Callable[..., Guide]) -> None:
    said = await one(thirteenth_guide(), "冷藏保温袋能保冷多久？")
    assert "保冷约8小时" in said and "开袋后" not in said  # not the sausage's shelf life
    said = await one(thirteenth_guide(), "我要带红肠上飞机，加个保温袋能保冷多久？")
    assert "保冷约8小时" in said
    assert "青稞酒（42%vol）只能托运" not in said  # the liquor's rule, not the sausage's
    assert "冷链费" not in said and "顺丰冷运" not in said  # carried in a suitcase, not sent


def test_claim_windows_are_read_from_the_shops_own_words() -> None:
    from pipeline.conversation.deadline import received_ago, windows

    zh = "冷藏、冷冻商品请在签收后36小时内，常温商品在签收后5天内，拍照联系我们"
    assert windows(zh) == {"cold": (1.5, "36小时"), "ambient": (5.0, "5天")}
    en = "contact us with photos within 48 hours of delivery, or 24 hours for chilled items, and we will refund it"
    assert windows(en) == {"any": (2.0, "48-hour"), "cold": (1.0, "24-hour")}
    assert received_ago("东西前天下午到的") == (1.0, 3.0)
    assert received_ago("The walnuts arrived 3 days ago") == (2.5, 3.5)
    assert received_ago("牛肉干有点发霉") is None  # no day said: nothing worked out


async def test_a_claim_is_said_in_time_or_not_by_the_window_for_its_goods(
    thirteenth_guide: Callable[..., Guide], make_guide: Callable[..., Guide]
) -> None:
    said = await one(thirteenth_guide(), "东西昨晚到的，牛肉干有点发霉，现在晚上9点了，还来得及申请吗？")
    assert "还在常温商品5天的时限内" in said and "店员" in said
    said = await one(thirteenth_guide(), "红肠三天前到的，袋子胀了，还能赔吗？")
    assert "已经超过了冷链商品36小时的时限" in said and "店员" in said
    said = await one(make_guide(), "The ham slices came 3 days ago and they smell sour, can I still get a refund?")
    assert "past the 24-hour window for chilled goods" in said and "clerk" in said


async def test_a_pre_orders_balance_carries_the_cold_chain_fee_its_rule_names(
    thirteenth_guide: Callable[..., Guide],
) -> None:
    # one box ¥398 to Chongqing (Zone A, ¥15 a cold parcel, free from ¥399): the balance is ¥298 + ¥15
    said = await one(thirteenth_guide(), "订一盒藏香猪年货礼盒寄重庆，一共要付多少？")
    assert "¥398 − ¥100 + ¥15 = ¥313" in said
    said = await one(thirteenth_guide(), "藏香猪年货礼盒订两盒，寄成都，定金多少？尾款多少？")
    assert "¥796 − ¥200 = ¥596" in said and "免收" in said  # ¥796 in one parcel: no cold-chain fee
    said = await one(thirteenth_guide(), "藏香猪年货礼盒订一盒，定金和尾款各多少？")
    assert "告诉我寄到哪里" in said  # the fee depends on where it goes


async def test_a_second_ask_for_picks_is_answered_after_the_first(make_guide: Callable[..., Guide]) -> None:
    said = await one(make_guide(), "花生酥里有花生吧？有没有不含花生的零食推荐？")
    assert "对花生过敏的人不能吃" in said and "合适" in said.split("不能吃")[1]
    said = await one(make_guide(), "Is there pork in the zongzi? Can you recommend something without pork instead?")
    assert "contains pork" in said and "that fit" in said


async def test_a_kind_word_names_its_one_product_and_a_price_is_said_once(
    make_guide: Callable[..., Guide],
) -> None:
    said = await one(make_guide(), "Does the ham need a fridge, and how much is it?")
    assert "Ham Slices" in said and "¥88" in said and "1 × ¥88" not in said
    said = await one(make_guide(), "一罐玫瑰酱多少钱？")  # 玫瑰花酱, not the 玫瑰鲜花饼 ("酱" is the food)
    assert "玫瑰花酱" in said and "鲜花饼" not in said and "1 × " not in said


async def test_one_factory_is_the_shared_line_rule_not_a_pitch(fourth_guide: Callable[..., Guide]) -> None:
    said = await one(fourth_guide(), "瓜子和山核桃是一个厂做的吗？会不会沾到别的东西")
    assert "同一条炒货线" in said and "有三款" not in said and "配料表里没有" not in said
