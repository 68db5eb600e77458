"""The thirteenth test shop (Sichuan–Tibet plateau, Hainan and Northeast forest goods) and the demo, as the 20th
held-out set's customers spoke to them: a cold chain priced and limited by zone (frozen goods only to Zones A and
B), chilled and frozen goods in parcels of their own, a new address or a pickup for the same order, EMS abroad by
net contents, and orders edited turn by turn. Scripted models; every figure worked out from the shops' rules."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.session import Session
from pipeline.turn import Guide
from tests.helpers import answer, ask, dialogue


async def test_frozen_goods_only_to_their_zones_and_each_cold_parcel_its_own_fee(
    thirteenth_guide: Callable[..., Guide],
) -> None:
    said = await dialogue(
        thirteenth_guide(),
        [
            "Please send to Shanghai: one pack of frozen matsutake, one pack of Harbin red sausage and one bag of "
            "Xinglong coffee beans. What's the total?",
            "Actually, make the address Chengdu instead.",
            "And what if it goes to my sister in Harbin?",
        ],
    )
    # Zone B ¥29 for the frozen parcel and ¥29 for the chilled one (each under ¥399), YTO ¥9 for the coffee
    assert "¥392 + ¥67 = ¥459" in said[0]
    assert "¥392 + ¥39 = ¥431" in said[1]  # Chengdu is Zone A: ¥15 each
    assert "can't go" in said[2] and "¥124 + ¥54 = ¥178" in said[2]  # frozen goods never to Zone C
    said = await dialogue(
        thirteenth_guide(),
        ["又快过年了，今年还是给我爸寄哈尔滨。照今年1月那单原样再来一份，多少钱？", "加一盒冷冻鲜松茸一起寄过去呢？"],
        "s01",
    )
    assert "冷冻鲜松茸没法寄过去" in said[1] and "¥712.52" not in said[1]


async def test_the_same_order_picked_up_and_a_member_discount_before_each_parcels_line(
    thirteenth_guide: Callable[..., Guide],
) -> None:
    said = await dialogue(
        thirteenth_guide(),
        [
            "这回是我自己家里吃：冷冻鲜松茸一盒、酸菜猪肉水饺三袋、250克秋木耳两包，寄到我家成都，多少钱？",
            "水饺加到四袋呢？",
            "要是我自己到店里拿呢？",
        ],
        "s01",
    )
    assert "¥476.58 + ¥24 = ¥500.58" in said[0]
    assert "¥518.88 + ¥9 = ¥527.88" in said[1]  # the frozen parcel, ¥448 × 94%, ships free from ¥399
    assert "¥518.88" in said[2] and "运费" not in said[2]  # picked up: nothing posted


async def test_a_remote_surcharge_worded_its_own_way_and_a_variant_said_with_its_size(
    thirteenth_guide: Callable[..., Guide],
) -> None:
    said = await dialogue(
        thirteenth_guide(),
        [
            "老马又来了。给兰州我弟寄点年货，你晓得我们只吃清真的，有啥子推荐？",
            "那就原味250克的拿4袋、麻辣的2袋，再来两盒雅安藏茶，寄兰州，一共好多钱？",
        ],
        "s02",
    )
    assert "清真认证" in said[0]
    assert "4 × ¥89" in said[1] and "¥669.28 + ¥16 = ¥685.28" in said[1]  # 甘肃 pays ¥16 even when post is free


async def test_ems_by_net_contents_and_a_line_said_as_not_wanted(thirteenth_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        thirteenth_guide(),
        [
            "Can you ship to Canada? I'd like the 500 g wood-ear fungus, two bags of wild hazel mushrooms and a bag of "
            "the butter tea powder.",
            "Fine, no butter tea then. What's the total?",
            "And with one more bag of hazel mushrooms?",
            "If I pay right now, when does it leave?",
        ],
    )
    assert "¥212 + ¥160 = ¥372" in said[1]  # 1 kg net: the first kilogram
    assert "¥270 + ¥205 = ¥475" in said[2]  # 1.25 kg: one more kilogram at ¥45
    assert said[3].strip()  # never an empty answer


async def test_a_pre_order_given_a_new_count(thirteenth_guide: Callable[..., Guide]) -> None:
    s = Session(thirteenth_guide())
    await ask(s, "藏香猪年货礼盒咋个订？定金多少？我要3盒寄重庆。")
    assert "1 × ¥100 = ¥100" in answer(await ask(s, "改成1盒呢？"))


async def test_demo_orders_edited_as_customers_edit_them(make_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        make_guide(),
        [
            "中秋快到了，照去年中秋那单（月饼加铁观音）再来一份，寄苏州我爸妈家，还要手写贺卡，多少钱？",
            "那月饼换成十年陈皮，铁观音不变，还是寄苏州、要手写贺卡，多少？",  # "还是寄苏州" is no comparison
            "再给我妈加一盒豌豆黄，一起寄。",
        ],
        "c01",
    )
    assert "¥158 + ¥228 = ¥386" in said[1]
    assert "¥422 + ¥25 = ¥447" in said[2]
    said = await dialogue(
        make_guide(),
        [
            "那就灯影牛肉丝3罐、麻辣香干4袋、怪味胡豆2袋，再给我自己拿两瓶特辣油辣椒，寄公司，一共多少？",
            "怪味胡豆不要了，香干减到2袋。",
            "油辣椒也只要一瓶算了，现在多少？",
        ],
        "c02",
    )
    assert "= ¥282.2" in said[0]  # "给我自己拿": for herself, in the same order
    assert "= ¥214.6" in said[1] and "= ¥190.6" in said[2]  # one bottle, not none, and the rest kept
    said = await dialogue(
        make_guide(),
        [
            "买两瓶玫瑰花酱、两袋甘草橄榄送人，装一个大号礼盒，加一张手写贺卡，寄上海，多少钱？",
            "甘草橄榄再加一袋，贺卡换成印刷的。",
            "再加一罐100克明前龙井，它自带礼盒，不用放进大礼盒。现在多少？",
        ],
    )
    assert "¥171 + ¥8 = ¥179" in said[1] and "手写" not in said[1]  # three bags; the printed card replaces it
    assert "¥416 + ¥20 = ¥436" in said[2]
    said = await dialogue(
        make_guide(),
        [
            "I'll take two jars of extra-hot chilli crisp, three bags of the spicy tofu and a bag of salty milk tea. "
            "Total?",
            "Make the tofu two bags and add a tin of Tieguanyin.",
        ],
    )
    assert "= ¥343.6" in said[1]


async def test_are_these_halal_of_the_table(make_guide: Callable[..., Guide]) -> None:
    said = await dialogue(
        make_guide(),
        [
            "We'd like 25 boxes of the Beijing eight pastries and 10 tins of 100 g Longjing as client gifts.",
            "Several of our clients are Muslim. Are these halal?",
        ],
    )
    assert "lard" in said[1] and "clerk" in said[1]


def test_milk_in_the_forms_labels_write_it_and_never_coconut_milk() -> None:
    from pipeline.allergens import in_ingredients

    assert "milk" in in_ingredients("白砂糖、麦芽糖、椰浆、全脂奶粉、椰子油", "")
    assert "milk" in in_ingredients("", "yak butter, brick tea, salt") and "milk" in in_ingredients("黄油、面粉", "")
    assert "milk" not in in_ingredients("白砂糖、椰浆、椰子油", "sugar, coconut milk, coconut oil")
    assert "milk" not in in_ingredients("", "peanut butter, cocoa butter, sugar")


def test_casein_is_milk_not_egg() -> None:
    from pipeline.allergens import in_ingredients

    got = in_ingredients("椰浆粉（椰浆、麦芽糊精、酪蛋白酸钠）、白砂糖", "")
    assert "milk" in got and "egg" not in got  # 酪蛋白 is milk's protein, not egg white
    assert "egg" in in_ingredients("蛋白、白砂糖", "") and "egg" not in in_ingredients("大豆蛋白", "")
