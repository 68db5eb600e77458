from pipeline.chunker import SentenceChunker, split_sentences


def feed_all(pieces: list[str]) -> list[str]:
    c = SentenceChunker()
    out: list[str] = []
    for p in pieces:
        out += c.feed(p)
    return out + c.flush()


def test_chinese_sentences_cut_at_full_stops_across_pieces() -> None:
    pieces = ["这款腊", "肉不甜。", "适合送", "长辈！还有", "木耳"]
    assert feed_all(pieces) == ["这款腊肉不甜。", "适合送长辈！", "还有木耳"]


def test_decimal_prices_are_not_sentence_ends() -> None:
    assert feed_all(["It costs ¥39", ".9 per", " bag. Enjoy."]) == ["It costs ¥39.9 per bag.", "Enjoy."]


def test_first_sentence_may_end_at_a_comma_for_early_audio() -> None:
    c = SentenceChunker(first_min_chars=10)
    assert c.feed("湘西烟熏腊肉是柴火熏的，") == ["湘西烟熏腊肉是柴火熏的，"]
    assert c.feed("切片蒸着吃，") == []  # later sentences wait for a full stop
    assert c.feed("很香。") == ["切片蒸着吃，很香。"]


def test_abbreviations_and_thousands() -> None:
    assert split_sentences("Ships in 1–2 days, e.g. to Shanghai. Done.") == [
        "Ships in 1–2 days, e.g. to Shanghai.",
        "Done.",
    ]
    assert feed_all(["Orders over ¥1,000 ship free."]) == ["Orders over ¥1,000 ship free."]


def test_punctuation_only_is_dropped() -> None:
    assert feed_all(["。。", "！"]) == []


def test_clean_sentence_strips_markdown_and_bare_labels() -> None:
    from pipeline.chunker import clean_sentence

    assert clean_sentence("1. **湘西烟熏腊肉**：") == ""
    assert clean_sentence("- **价格**：¥78") == "价格：¥78"
    assert clean_sentence("- **Features**:") == ""
    assert clean_sentence("**It is smoky** and rich.") == "It is smoky and rich."
    assert clean_sentence("。") == ""


def test_similar_detects_repetition() -> None:
    from pipeline.chunker import similar

    assert similar("明前龙井是湖畔青的，", "明前龙井（250克罐装）是湖畔青的，¥598，250克。") > 0.6
    assert similar("适合送长辈。", "有三款合适：湘西烟熏腊肉（¥78）。") < 0.6


def test_filler_sentences_are_dropped() -> None:
    from pipeline.chunker import clean_sentence

    assert clean_sentence("当然，我明白了。") == ""
    assert clean_sentence("Sure!") == ""
    assert clean_sentence("当然可以送长辈。") == "当然可以送长辈。"


def test_a_long_sentence_is_never_cut_inside_a_number() -> None:
    text = (
        "Orders of 20 or more gift boxes, or ¥3,000 or more, count as corporate orders: 5% off from ¥3,000 to ¥9,999, "
        "8% off from ¥10,000 to ¥29,999 and 12% off from ¥30,000, or ask us for a quote."
    )
    parts = split_sentences(text)
    assert all(not p[0].isdigit() for p in parts) and "¥10,000" in " ".join(parts)
