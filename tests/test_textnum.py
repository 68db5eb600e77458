from pipeline.textnum import cjk_ratio, find_numbers, parse_amount, zh_number


def test_parse_amount_chinese_and_digits() -> None:
    assert parse_amount("一百块以内") == 100
    assert parse_amount("两百") == 200
    assert parse_amount("一百五") == 150
    assert parse_amount("150元") == 150
    assert parse_amount("1.5k") == 1500
    assert parse_amount("没有数字") is None


def test_zh_number_reads_prices_units_and_times() -> None:
    assert zh_number("¥39.9") == "三十九点九元"
    assert zh_number("250g") == "二百五十克"
    assert zh_number("1008") == "一千零八"
    assert zh_number("5%") == "百分之五"
    assert zh_number("16:00") == "十六点"
    assert zh_number("10000元") == "一万元"


def test_find_numbers_and_cjk_ratio() -> None:
    assert find_numbers("¥1,299 and 3.5 kg") == [1299, 3.5]
    assert cjk_ratio("你好 hello") < 0.5
    assert cjk_ratio("我想买茶") == 1.0
