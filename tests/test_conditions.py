"""Health conditions, faith and orders the guide could not read (from the 15th fresh review): a G6PD child and
fava beans, halal colleagues and wine, gout and high blood pressure the data can't settle, "can he eat it
freely?" for a diabetic, and a total held back when part of the order names no product. Scripted models."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.catalogue import bundled_shop_dir, load_shop_folder
from pipeline.conversation.vocab import build_vocab
from pipeline.needs import parse_needs
from pipeline.session import Session
from pipeline.turn import Guide
from tests.fakes import FakeLLM
from tests.helpers import answer, ask, shown

_SHOP = load_shop_folder(bundled_shop_dir())


def _has(pid: str, tag: str) -> bool:
    p = _SHOP.product(pid)
    return p is not None and tag in p.allergen_set


async def test_a_g6pd_child_is_told_fava_beans_are_out_and_they_stay_out(make_guide: Callable[..., Guide]) -> None:
    llm = FakeLLM(["蚕豆很有营养，孩子可以吃一点。"])
    s = Session(make_guide(llm=llm))
    text = answer(await ask(s, "我孩子有蚕豆病，怪味胡豆能吃吗？"))
    assert "蚕豆病" in text and "不能吃" in text and "可以吃一点" not in text
    assert "过敏的人" not in text  # a condition, not an allergy
    later = await ask(s, "那有什么零食适合他？")
    assert shown(later) and not any(_has(pid, "fava") for pid in shown(later))


async def test_bean_paste_counts_as_fava_for_g6pd(make_guide: Callable[..., Guide]) -> None:
    text = answer(await ask(Session(make_guide()), "My daughter has G6PD deficiency. Is the Pixian bean paste ok?"))
    assert "G6PD" in text and "not for" in text and "doctor" in text


async def test_halal_colleagues_are_not_offered_wine_or_pork(make_guide: Callable[..., Guide]) -> None:
    picks = shown(await ask(Session(make_guide()), "我们是回族，想给同事挑点伴手礼，有什么推荐？"))
    assert picks and not any(_has(pid, t) for pid in picks for t in ("alcohol", "pork", "halal"))


def test_a_question_is_not_read_as_being_fine_with_the_allergen() -> None:
    vocab = build_vocab(_SHOP)
    assert "peanut" in parse_needs("我对花生过敏，花生酥能吃吗？", _SHOP, vocab).avoid_allergens
    assert "peanut" not in parse_needs("花生我不过敏，核桃能吃吗？", _SHOP, vocab).avoid_allergens


async def test_gout_gets_the_label_and_the_doctor_not_a_pitch(make_guide: Callable[..., Guide]) -> None:
    llm = FakeLLM(["腊肉适量吃没问题，对痛风影响不大。"])
    text = answer(await ask(Session(make_guide(llm=llm)), "我爸痛风，湘西腊肉能吃吗？"))
    assert "配料" in text and "医生" in text and "痛风" in text
    assert "推荐" not in text and "没问题" not in text and not llm.calls


async def test_a_recommendation_for_a_condition_says_the_data_cannot_settle_it(
    make_guide: Callable[..., Guide],
) -> None:
    text = answer(await ask(Session(make_guide()), "My dad has gout. What would you recommend as a gift for him?"))
    assert text.index("says nothing about gout") < text.index("¥")  # said before the picks


async def test_eat_freely_for_a_diabetic_father_of_the_notes(make_guide: Callable[..., Guide]) -> None:
    s = Session(make_guide(), customer_id="c01")  # her father has type-2 diabetes
    text = answer(await ask(s, "我爸能随便吃红枣吗？"))
    assert "甜度4/4" in text and "不建议" in text
    assert text.count("甜度4/4") == 1  # the 500 g and the 1 kg bag said once


async def test_eat_freely_after_low_sugar_picks_is_never_a_yes(make_guide: Callable[..., Guide]) -> None:
    s = Session(make_guide())
    await ask(s, "我妈有糖尿病，有什么她能放心吃的零食？")
    text = answer(await ask(s, "那她能随便吃吗？"))
    assert "甜度" in text and "不能说随便吃" in text and "医生" in text


async def test_an_unknown_food_with_an_allergy_is_said_not_sold(make_guide: Callable[..., Guide]) -> None:
    events = await ask(Session(make_guide()), "我乳糖不耐，双皮奶能吃吗？")
    assert "没有双皮奶" in answer(events) and not shown(events)


async def test_a_total_is_held_back_when_a_line_names_no_product(make_guide: Callable[..., Guide]) -> None:
    s = Session(make_guide())
    first = answer(await ask(s, "两袋牛肉干，一盒鲜花饼，一共多少？"))
    assert "= ¥" in first
    text = answer(await ask(s, "把鲜花饼换成两盒别的，再算一下"))
    assert "= ¥" not in text and "别的" in text and "店员" in text


async def test_a_total_over_a_family_of_flavours_asks_which(make_guide: Callable[..., Guide]) -> None:
    text = answer(await ask(Session(make_guide()), "Two bags of the beef jerky and a box of rose cakes, total?"))
    assert "= ¥" not in text and "Did you mean" in text and "Original" in text and "Spicy" in text


# --- order edits: the order after the change, priced again ----------------------------------------------
async def test_a_swap_and_a_new_count_reprice_the_whole_order(make_guide: Callable[..., Guide]) -> None:
    s = Session(make_guide())
    first = answer(
        await ask(
            s,
            "Please price this for delivery to Nanjing: 2 tins of Longjing 100 g, 1 acacia honey and 3 packs of the spicy dried tofu.",
        )
    )
    assert "= ¥651.4" in first
    swapped = answer(await ask(s, "Swap the honey for the jujube blossom one and make the tofu 5 packs."))
    assert "5 × ¥15.8" in swapped and "= ¥683" in swapped and "Acacia" not in swapped
    dropped = answer(await ask(s, "Drop the tea entirely."))
    assert "= ¥147" in dropped and "Longjing" not in dropped


async def test_a_swap_of_part_of_a_line_holds_the_total(make_guide: Callable[..., Guide]) -> None:
    s = Session(make_guide())
    assert "= ¥" in answer(await ask(s, "风干牛肉干香辣味10袋、玫瑰鲜花饼10盒，一共多少？"))
    text = answer(await ask(s, "有两个同事不吃辣，他们那两份换成原味的，一共多少？"))
    assert "= ¥" not in text and "店员" in text


async def test_ten_year_said_in_chinese_numerals_names_the_ten_year_pack(make_guide: Callable[..., Guide]) -> None:
    text = answer(await ask(Session(make_guide()), "两瓶十年花雕，一共多少？"))
    assert "2 × ¥128" in text and "5年" not in text


async def test_raising_one_line_of_a_corporate_order_keeps_the_other_and_reaches_the_next_tier(
    make_guide: Callable[..., Guide],
) -> None:
    s = Session(make_guide())
    assert "= ¥17112" in answer(await ask(s, "公司中秋要订60盒双黄白莲蓉月饼、40盒五仁，能打几折？"))
    text = answer(await ask(s, "如果双黄白莲蓉加到120盒呢？"))
    assert "40 × ¥168 + 120 × ¥198 = ¥30480" in text and "12%" in text


async def test_a_food_asked_about_as_medicine_gets_no_claim(make_guide: Callable[..., Guide]) -> None:
    llm = FakeLLM(["陈皮理气健脾，可以当药用。"])
    text = answer(await ask(Session(make_guide(llm=llm)), "十年新会陈皮能当药吃吗？"))
    assert "不能做任何治疗或保健功效的说法" in text and "理气" not in text and not llm.calls
