"""An order read line by line, and the basket it makes over a visit (issue 10, review of a fresh set): totals that
left lines out ("竹荪两盒、100克滇红一罐、苦荞饼两盒" summed only the cakes), a later "那一共多少钱？" that summed only
the last answer's products, and the box, the card and the postage a clerk adds to a parcel's total.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.catalogue import Shop, bundled_shop_dir, load_shop_folder
from pipeline.conversation.basket import merge, read
from pipeline.conversation.vocab import ShopVocab, build_vocab
from pipeline.session import Session
from pipeline.turn import Guide
from tests.helpers import SECOND_SHOP, THIRD_SHOP, answer, ask


@pytest.fixture(scope="module")
def shops() -> dict[str, tuple[Shop, ShopVocab]]:
    out = {}
    for key, folder in (("demo", bundled_shop_dir()), ("second", SECOND_SHOP), ("third", THIRD_SHOP)):
        shop = load_shop_folder(folder)
        out[key] = (shop, build_vocab(shop))
    return out


@pytest.mark.parametrize(
    ("key", "question", "table", "want"),
    [
        (  # a short name the whole-question reading missed (竹荪), a size inside the name (100克滇红)
            "third",
            "那就竹荪两盒、100克滇红一罐、苦荞饼两盒（苦荞饼不用另装礼盒），寄重庆渝中。多少钱？",
            (),
            {"bamboo-fungus": 2, "dianhong-100g": 1, "buckwheat-cake": 2},
        ),
        (  # "the tea": the one on the table; "one cumin lamb": a bare count in English
            "second",
            "Ok: two bags of mala peanuts, one cumin lamb and the tea. How much?",
            ("sanpaotai-babao-tea",),
            {"mala-peanuts": 2, "steppe-lamb-cumin": 1, "sanpaotai-babao-tea": 1},
        ),
        (  # "核桃不用另装礼盒" says how to pack a line, it orders nothing more
            "second",
            "那就年礼盒一盒、椒盐核桃两袋，核桃不用另装礼盒，寄兰州，加店员手写贺卡。多少钱？",
            (),
            {"guanzhong-spring-box": 1, "amber-walnut-salt-pepper": 2},
        ),
        (  # "…的木耳，再来两盒": the count after the line it belongs to
            "demo",
            "我爸那份就照春节那回的木耳，再来两盒，加上给我妈的一盒豌豆黄，一共多少钱？",
            (),
            {"black-fungus": 2, "pea-cake": 1},
        ),
        (  # a count after the name with "加" between two lines
            "demo",
            "那木耳两盒加一袋咸奶茶粉，一共多少？",
            (),
            {"black-fungus": 2, "salty-milk-tea": 1},
        ),
    ],
)
def test_each_line_of_an_order(
    shops: dict[str, tuple[Shop, ShopVocab]], key: str, question: str, table: tuple[str, ...], want: dict[str, int]
) -> None:
    shop, vocab = shops[key]
    assert dict(read(question, shop, vocab, table).lines) == want


@pytest.mark.parametrize(
    "question",
    [
        "My nephew is eight and allergic to tree nuts. What snacks could I get him, 100 to 200 yuan in total?",
        "这个牛肉干一包多重？",  # a pack's weight, not an order
        "有没有两百以内的礼盒？",
        "So that's 216 for the brick and 72 for the goji, right?",  # prices said back, not counts
        "Two bags delivered to my flat here in Beijing, how much?",  # a place names no product
    ],
)
def test_no_order_where_none_is_said(shops: dict[str, tuple[Shop, ShopVocab]], question: str) -> None:
    for shop, vocab in shops.values():
        assert read(question, shop, vocab).lines == ()


def test_a_wrapping_box_is_not_the_gift_box_on_the_table(shops: dict[str, tuple[Shop, ShopVocab]]) -> None:
    """'装个小号礼盒' asks for the wrapping rule's small box, not the gift box product on the table."""
    shop, vocab = shops["demo"]
    got = dict(read("木耳两盒，装个小号礼盒，一共多少？", shop, vocab, ("mooncake-lotus-yolk",)).lines)
    assert got == {"black-fungus": 2}


def test_the_basket_is_restated_or_added_to(shops: dict[str, tuple[Shop, ShopVocab]]) -> None:
    shop, _ = shops["demo"]
    held = (("black-fungus", 2), ("salty-milk-tea", 1))
    assert merge(held, (("pea-cake", 1),), shop, adds=True) == (*held, ("pea-cake", 1))
    assert merge(held, (("pea-cake", 1), ("tieguanyin", 2)), shop, adds=False) == (("pea-cake", 1), ("tieguanyin", 2))
    assert merge(held, (("black-fungus", 3),), shop, adds=False) == (("salty-milk-tea", 1), ("black-fungus", 3))


async def test_every_line_is_in_the_total_with_the_card_and_postage(third_guide: Callable[..., Guide]) -> None:
    """2 × ¥72 + ¥118 + 2 × ¥32 = ¥326; the handwritten card is free from ¥268; Yunda free from ¥169."""
    q = "那就竹荪两盒、100克滇红一罐、苦荞饼两盒（苦荞饼不用另装礼盒），寄重庆渝中，店员手写贺卡。多少钱？几天到？"
    text = answer(await ask(Session(third_guide()), q))
    assert "= ¥326" in text and "店员手写贺卡满268元免费" in text and "连运费还是¥326" in text


async def test_a_later_total_sums_the_whole_basket(make_guide: Callable[..., Guide]) -> None:
    """An earlier order priced again, a product added without a count, then '那一共多少钱？' — the three, and the
    cold chain for the chilled pea cake to the city said at the start (¥198 + ¥228 + ¥36 = ¥462, + ¥25)."""
    s = Session(make_guide())
    await ask(s, "双黄白莲蓉的广式月饼一盒、铁观音一罐，寄苏州，多少钱？")
    await ask(s, "豌豆黄也加上。运费要另加吗？")
    text = answer(await ask(s, "那一共多少钱？"))
    assert "= ¥462" in text and "¥462 + ¥25 = ¥487" in text


async def test_a_line_taken_away_in_store_is_not_in_the_parcel(make_guide: Callable[..., Guide]) -> None:
    q = "月饼我在店里直接拎一盒走。另外两盒木耳、一袋咸奶茶粉，寄南京，这部分多少钱？"
    text = answer(await ask(Session(make_guide()), q))
    assert "= ¥134" in text and "¥198" not in text


async def test_the_wrapping_asked_for_is_added_at_the_rules_price(make_guide: Callable[..., Guide]) -> None:
    """Two boxes of fungus and a bag of milk tea (¥134), a small box (¥10) and a printed card (¥3): ¥147."""
    q = "木耳两盒、咸奶茶粉一袋，装个小号礼盒，配张印刷贺卡，一共多少钱？"
    text = answer(await ask(Session(make_guide()), q))
    assert "¥134 + ¥13 = ¥147" in text


async def test_a_flat_fee_of_its_own_for_taiwan(make_guide: Callable[..., Guide]) -> None:
    """'And the total with postage?' after two tins of Tieguanyin and a tin of aged peel to Taipei: ¥614 + ¥60."""
    s = Session(make_guide())
    await ask(s, "Could you send two tins of the Tieguanyin and a tin of the aged tangerine peel to my aunt in Taipei?")
    text = answer(await ask(s, "And the total with postage?"))
    assert "¥614 + ¥60 = ¥674" in text


async def test_a_restated_order_takes_a_line_from_an_earlier_turn(second_guide: Callable[..., Guide]) -> None:
    """'the tea' of 'Let's do the tea, two goji and two bags of raisins' is the Fu brick tea ordered two turns
    before, though it is no longer on the table (¥216 + 2 × ¥72 + 2 × ¥34 = ¥428)."""
    s = Session(second_guide())
    await ask(s, "A parcel to Hamburg: the Fu brick tea and two tins of goji. Can they go?")
    await ask(s, "And the green raisins, do they keep?")
    text = answer(await ask(s, "Let's do the tea, two goji and two bags of the green raisins. Total before postage?"))
    assert "= ¥428" in text


def test_the_clause_closest_in_meaning_wins_a_tie_of_words() -> None:
    """Two clauses that share the ask's words equally: the one the embedder puts nearer the ask is chosen."""
    import numpy as np

    from pipeline.catalogue import Policy
    from pipeline.conversation.clauses import Ask, ClauseIndex

    pol = Policy(
        "p",
        "地址",
        "Address",
        "发票上写公司地址。发货前可以改地址。",
        "The invoice shows the address. The address can be changed before dispatch.",
    )
    index = ClauseIndex((pol,), {})
    near = {"The address can be changed before dispatch.": [1.0, 0.0]}

    def passages(items: list[tuple[str, str]]) -> np.ndarray:
        return np.array([near.get(t, [0.0, 1.0]) for _, t in items], dtype=np.float32)

    ask_ = Ask("can I fix the address?", "en", ())
    index.embed(passages, lambda _t: np.array([1.0, 0.0], dtype=np.float32))
    assert index.scored(ask_, {})[0][1].text == "The address can be changed before dispatch."
