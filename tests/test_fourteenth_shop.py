"""The fourteenth test shop (Hefei: Anhui, Jiangxi and Guangxi goods) and the demo, as the 21st held-out set's
customers spoke to them: frozen goods to a zone that only takes chilled ones, a flavouring named after milk, a jelly
named after a turtle, a claim's window counted from the hour the goods came, ambient parcels that never leave on a
Saturday, a sweet syrup that sounds healthy for a diabetic father, and a list of the only goods that may go to Hong
Kong. Scripted models; every figure worked out from the shops' rules."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.turn import Guide
from tests.helpers import dialogue, one


async def test_frozen_goods_are_refused_where_only_chilled_ones_go(fourteenth_guide: Callable[..., Guide]) -> None:
    said = await one(fourteenth_guide(), "我想给成都的朋友寄两盒冷冻的荔浦芋头扣肉，能寄吗？")  # Sichuan: Zone C
    assert "寄不到成都" in said and "42元" not in said
    said = await one(fourteenth_guide(), "Can you send two boxes of the frozen taro pork to my friend in Chengdu?")
    assert "doesn't send frozen goods to Chengdu" in said


async def test_a_name_that_suggests_what_it_doesnt_hold(fourteenth_guide: Callable[..., Guide]) -> None:
    said = await one(fourteenth_guide(), "奶香瓜子里真有奶吗？我朋友牛奶过敏。")  # "flavouring (milk-style)"
    assert "标签上没有列出奶" in said and "食用香精" in said and "列有奶" not in said
    said = await one(fourteenth_guide(), "龟苓膏里是不是真有乌龟？")
    assert "没有龟甲" in said and "资料没有提到" not in said
    said = await one(fourteenth_guide(), "蟹壳黄烧饼里有螃蟹吗？")
    assert "里面没有螃蟹" in said


async def test_goods_gone_off_are_never_sold_and_the_window_is_counted(
    fourteenth_guide: Callable[..., Guide], make_guide: Callable[..., Guide]
) -> None:
    said = await dialogue(
        make_guide(),
        [
            "The laozao I got this morning smells really sour and the lid is bulging. Can I still eat it?",
            "It arrived at 9:40 this morning and now it's 8:30 pm. Am I still in time?",
        ],
    )
    assert "don't eat" in said[0] and "I'd suggest" not in said[0]
    assert "still inside the 24-hour window for chilled goods" in said[1]  # 10 h 50 min
    said = await dialogue(
        fourteenth_guide(),
        [
            "昨天收到的毛豆腐，今天打开一看表面一层白毛，是不是发霉坏了？",
            "我仔细看了，有几块上面有黑绿色的斑点，摸着发粘，还有股酸味。煎透了还能吃吗？",
            "我是昨天下午4点签收的，现在晚上7点半，还来得及吗？",
        ],
    )
    assert "这是正常的" in said[0] and "非常抱歉" not in said[0]  # the shop's own text: the white fuzz is the culture
    assert "请不要再食用" in said[1]  # black and green spots, sticky, sour: spoiled, never "fry it through"
    assert "已经超过了冷链商品24小时的时限" in said[2] and "店员" in said[2]  # 27.5 hours


async def test_ambient_parcels_leave_on_the_days_the_rule_names(fourteenth_guide: Callable[..., Guide]) -> None:
    # "常温订单周一到周五发货…周六、周日不发货", not the Labour Day dates' "15:00前付款"
    said = await one(fourteenth_guide(), "今天周六，我现在就付款，茶哪天发？")
    assert "常温的下周一发出" in said and "15:00前付款当天发出" not in said


async def test_a_sweet_syrup_is_not_for_the_diabetic_father_asked_about(
    fourteenth_guide: Callable[..., Guide],
) -> None:
    said = await dialogue(
        fourteenth_guide(),
        [
            "What's the difference between your two guiling jellies? My father is diabetic.",
            "And the Dangshan pear syrup? It sounds healthy, is it OK for him?",
        ],
    )
    assert "Pear Syrup is very sweet" in said[1] and "I'd suggest" not in said[1]


async def test_only_the_goods_listed_may_go_to_hong_kong(fourteenth_guide: Callable[..., Guide]) -> None:
    said = await one(fourteenth_guide(), "寄香港：六安瓜片1罐、黄山花菇2盒、百色芒果干2袋，能寄吗？一共多少钱？")
    assert "百色芒果干寄不了香港" in said and "¥330 + ¥50 = ¥380" in said
    said = await one(
        fourteenth_guide(), "Can I send a tin of Lu'an Guapian and two bags of the Baise dried mango to Hong Kong?"
    )
    assert "Dried Mango can't be sent to Hong Kong" in said and "Guapian Green Tea can go to Hong Kong" in said


async def test_the_condition_said_brings_the_shops_own_health_note(fourteenth_guide: Callable[..., Guide]) -> None:
    said = await one(fourteenth_guide(), "我妈84了，牙口不好，血压也高。臭鳜鱼她能吃吗？", "h01")
    assert "高血压的人要少吃" in said
    said = await one(
        fourteenth_guide(), "我怀孕六个月了，想吃点龟苓膏，原味和无糖的买哪个？还有客家米酒能喝一点吗？", "h05"
    )
    assert "孕妇、经期和脾胃虚寒的人不建议吃" in said and "孕妇、哺乳期、小孩和开车的人不要吃" in said


async def test_a_returning_discount_leaves_out_what_its_rule_leaves_out(
    fourteenth_guide: Callable[..., Guide],
) -> None:
    # tea is never discounted and doesn't count towards the ¥300; a completed order in the past 180 days
    said = await one(
        fourteenth_guide(), "又要给我妈寄东西了，照上次给她寄南昌那单原样来一份，还是要手写贺卡，一共多少钱？", "h01"
    )
    assert "¥417" in said and "95%" not in said  # ¥81 of non-tea goods: under the line
    said = await one(
        fourteenth_guide(),
        "给呼和浩特我哥寄：原味的淮南牛肉汤6袋、五香卤牛肉3袋，再来一罐100克的祁门红茶，一共多少？",
        "h02",
    )
    assert "6 × ¥39.9 + 3 × ¥58 = ¥413.4" in said and "¥413.4 × 95% = ¥392.73" in said
    assert "¥392.73 + ¥138 = ¥530.73" in said
    assert "¥530.73 + ¥18 = ¥548.73" in said  # Inner Mongolia's remote-area surcharge, free postage or not
    said = await one(
        fourteenth_guide(),
        "Just the two teas: a 100 g tin of Keemun and a tin of Lu'an Guapian to Hamburg. What's the total with "
        "postage, and do I get the returning-customer discount on it?",
        "h03",
    )
    assert "¥336 + ¥150 = ¥486" in said  # EMS ¥150 for the first 500 g of net contents
    assert "doesn't get it" in said and "2026-09-30" in said  # her last order is over 180 days old


async def test_a_line_taken_out_by_its_kind_word(fourteenth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        fourteenth_guide(),
        [
            "给呼和浩特我哥寄：原味的淮南牛肉汤6袋、五香卤牛肉3袋，再来一罐100克的祁门红茶，一共多少？",
            "改一下：牛肉改成4袋，汤还是6袋，茶不要了。",  # the one tea in the basket
        ],
        "h02",
    )
    assert "6 × ¥39.9 + 4 × ¥58 = ¥471.4" in said[1] and "¥138" not in said[1]
    assert "¥447.83 + ¥18 = ¥465.83" in said[1]


async def test_a_parcel_abroad_leaves_on_its_days_and_the_courier_asked_is_priced(
    fourteenth_guide: Callable[..., Guide],
) -> None:
    said = await dialogue(
        fourteenth_guide(), ["寄香港：六安瓜片1罐、黄山花菇2盒，能寄吗？", "今天周六付款的话，什么时候发出？"]
    )
    assert "按周六付款算：下周二发出" in said[1]  # Hong Kong, Macau, Taiwan and abroad: Tuesdays and Fridays
    said = await dialogue(
        fourteenth_guide(),
        ["I want to send a 100 g tin of Keemun to my parents in Hamburg. If I pay today, when does the parcel leave?"],
    )
    assert "it leaves next Tuesday" in said[0]
    said = await dialogue(
        fourteenth_guide(), ["送客户，寄上海，走顺丰：横县茉莉花茶2盒、黄山笋干2包、原味烘糕2盒，多少钱？"]
    )
    assert "¥344 + ¥22 = ¥366" in said[0]  # SF ¥22, free only from ¥388 (the goods after discount)


async def test_a_problem_supposed_is_the_rule_not_an_apology(fourteenth_guide: Callable[..., Guide]) -> None:
    said = await one(fourteenth_guide(), "今天周六，我现在就付款，鱼和茶分别哪天发？鱼到了要是化了，多久之内得找你们？")
    assert "非常抱歉" not in said and "24小时内" in said and "下周一发出" in said


async def test_a_rule_quoted_once_not_again_under_another_heading(fourteenth_guide: Callable[..., Guide]) -> None:
    said = await one(fourteenth_guide(), "寄香港：六安瓜片1罐、黄山花菇2盒、百色芒果干2袋，能寄吗？一共多少钱？")
    assert said.count("只有以下商品可以寄海外和港澳台") == 1


async def test_how_long_a_chilled_product_keeps_says_it_must_stay_cold(make_guide: Callable[..., Guide]) -> None:
    said = await one(make_guide(), "豌豆黄能放几天？今天买了，周末带去公园给他吃行吗？", "c05")
    assert "5天" in said and "0–4℃冷藏" in said


async def test_how_long_the_bag_keeps_cold_is_the_bags_hours(thirteenth_guide: Callable[..., Guide]) -> None:
    said = await one(thirteenth_guide(), "How long will the sausage stay cold in that bag?")
    assert "about 8 hours" in said and "keeps for 30 days" not in said


async def test_train_tickets_are_another_business(fourteenth_guide: Callable[..., Guide]) -> None:
    said = await one(fourteenth_guide(), "顺便问下，明天合肥到黄山的高铁几点还有票？")
    assert "帮不上忙" in said and "托运" not in said


async def test_a_pre_order_over_its_per_order_limit(fourteenth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(fourteenth_guide(), ["太平猴魁订3罐寄南京，定金多少？尾款多少？", "改成5罐呢？"])
    assert "¥1374 − ¥300 = ¥1074" in said[0]
    assert "每单最多4件" in said[1] and "¥1832 − ¥400 = ¥1432" in said[1] and "5 × ¥458" not in said[1]
    said = await dialogue(
        fourteenth_guide(),
        [
            "Pre-order 3 tins of the Taiping Houkui to Nanjing: what do I pay now and what later?",
            "Actually, make it 5 tins.",
        ],
    )
    assert "3 × ¥100 = ¥300" in said[0] and "¥1374 − ¥300 = ¥1074" in said[0]  # its deposit clause, not a list
    assert "at most 4 per order" in said[1] and "¥1832 − ¥400 = ¥1432" in said[1]
