from collections.abc import Callable

import numpy as np

from pipeline.catalogue import Shop
from pipeline.conversation.vocab import build_vocab
from pipeline.needs import parse_needs, vocabulary_patterns
from pipeline.repair import Repairer, shop_vocabulary
from pipeline.session import Session
from pipeline.turn import Guide
from tests.fakes import FakeASR


def repairer(shop: Shop) -> Repairer:
    vocab = build_vocab(shop)
    aliases = {a for names in vocab.aliases.values() for a in names}
    return Repairer(shop_vocabulary(aliases, vocabulary_patterns(vocab), {p.region_zh for p in shop.products}))


def test_misheard_shop_words_are_repaired(shop: Shop) -> None:
    r = repairer(shop)
    assert r.repair("有没有辣一点的灵事") == "有没有辣一点的零食"
    assert r.repair("明钱龙仅多少钱") == "明前龙井多少钱"
    assert r.repair("茶叶里合有吗?") == "茶叶礼盒有吗?"
    assert r.repair("你好世界") == "你好世界"  # nothing from the shop sounds like it: unchanged
    assert r.repair("hello 灵事") == "hello 零食"


def test_repair_restores_the_need(shop: Shop) -> None:
    raw = "有没有辣一点的灵事"
    assert "snacks" not in parse_needs(raw, shop).categories
    assert "snacks" in parse_needs(repairer(shop).repair(raw), shop).categories


async def test_spoken_transcript_is_repaired_in_a_turn(make_guide: Callable[..., Guide]) -> None:
    g = make_guide(asr=FakeASR("明钱龙仅多少钱"))
    events = [ev async for ev in Session(g).ask(audio=np.ones(16000, dtype=np.float32) * 0.1)]
    transcript = next(e for e in events if type(e).__name__ == "Transcript")
    assert transcript.text == "明前龙井多少钱"  # type: ignore[attr-defined]
