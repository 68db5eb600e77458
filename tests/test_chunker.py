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
