"""The text checks that tell packs of one design apart, and the confidence model's shape (no models needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.ocr import width_groups
from pipeline.catalogue import Shop
from pipeline.photo_match import Calibration
from pipeline.photo_text import ProductTexts, agreement, normalise, similarity


def test_normalise_ignores_width_case_spaces_and_punctuation() -> None:
    assert normalise("NET WT 250 g") == normalise("netwt250g") == "netwt250g"
    assert normalise("净含量：２５０克") == "净含量250克"


@pytest.mark.parametrize(
    ("read", "expected", "low", "high"),
    [
        ("香辣味Spicy", "香辣味Spicy", 0.99, 1.0),
        ("香辣味 Spicy", "香辣味spicy", 0.99, 1.0),
        ("五香味FiveSpice", "香辣味Spicy", 0.0, 0.2),  # a flavour we don't sell is not "close enough"
        ("净含量：50克NETWT50g", "净含量：250克NETWT250g", 0.0, 0.05),  # sizes differ by a number only
        ("净含量：100克NETWT100g", "净含量：250克NETWT250g", 0.0, 0.05),
        ("净含量：50克NETWT50g", "净含量：100克NETWT100g", 0.0, 0.05),
        ("净含量：25C克NETWT250g", "净含量：250克NETWT250g", 0.4, 0.9),  # one digit misread, the other right
        ("净含量：25C克NETWT250g", "净含量：100克NETWT100g", 0.0, 0.05),
        ("三年陈", "五年陈", 0.0, 0.05),
        ("十年陈", "十年陈", 0.99, 1.0),
        ("槐花蜜AcaciaHoney", "槐花蜜 Acacia Honey", 0.99, 1.0),
        ("槐花密AcaciaHoncy", "槐花蜜AcaciaHoney", 0.5, 0.9),  # two misread characters still agree, less
        ("", "槐花蜜", 0.0, 0.0),
    ],
)
def test_agreement(read: str, expected: str, low: float, high: float) -> None:
    assert low <= agreement(normalise(read), normalise(expected)) <= high


def test_product_texts_shortlist_and_coverage(shop: Shop) -> None:
    texts = ProductTexts.build(shop.products, {})
    lines = ["牧云坡", "风干牛肉干", "孜然味 Cumin", "净含量：250克"]
    short = texts.shortlist(lines, k=5)
    assert short[:3] and set(short[:3]) <= {"beef-jerky-cumin", "beef-jerky-original", "beef-jerky-spicy"}
    cov = {pid: texts.coverage(pid, lines) for pid in short}
    assert max(cov, key=lambda p: cov[p]) == "beef-jerky-cumin"
    assert texts.coverage("tieguanyin", lines) < 0.2


def test_calibration_is_monotone_in_geometry_and_text(tmp_path: Path) -> None:
    cal = Calibration.load()
    weak, strong = (1.0, 0.2, 0.0, 0.5, 0.5, 0.0), (4.5, 0.2, 0.0, 0.5, 0.5, 0.0)
    assert 0.0 <= cal.confidence(weak) < cal.confidence(strong) <= 1.0
    assert cal.confidence((4.5, 0.0, 0.0, 0.5, 0.0, 0.0)) < cal.confidence((4.5, 1.0, 0.0, 0.5, 0.0, 0.0))
    # a pack line read clearly as something else lowers confidence
    assert cal.confidence((4.5, 0.5, 0.0, 0.5, 0.0, 0.9)) < cal.confidence((4.5, 0.5, 0.0, 0.5, 0.0, 0.0))
    f = tmp_path / "cal.json"
    f.write_text('{"bias": -1.0, "weights": [1, 2, 0, 0, 0, 0]}')
    assert Calibration.load(f).confidence((1.0, 0.0, 0.0, 0.0, 0.0, 0.0)) == pytest.approx(0.5)
    assert Calibration.load(tmp_path / "missing.json") == Calibration()  # built-in defaults


def test_text_lines_are_recognised_in_batches_of_similar_width() -> None:
    # a batch is padded to its widest line: a short name must not be padded to a long address line
    ratios = [10.0, 2.0, 2.4, 9.0, 1.0, 5.0]
    groups = width_groups(ratios)
    assert sorted(i for g in groups for i in g) == list(range(len(ratios)))  # every line once
    for g in groups:
        assert max(ratios[i] for i in g) <= 1.3 * max(min(ratios[i] for i in g), 64 / 48)
    assert [1, 2] in groups and [3, 0] in groups


def test_similarity_with_a_floor_is_the_exact_ratio_or_zero() -> None:
    pairs = [("郫县豆瓣", "郭县豆姆"), ("saltymilktea", "saltymilk"), ("净含量250克", "净含量100克"), ("abc", "xyz")]
    for a, b in pairs:
        full = similarity(a, b)
        assert similarity(a, b, floor=0.6) == (full if full >= 0.6 else 0.0)
