"""The web page's view of a turn, folded from real turn events over scripted fakes (no gradio, no browser)."""

from __future__ import annotations

import asyncio
import base64
import io

import numpy as np
import pytest
import soundfile as sf

from demo.web.host import GuideHost
from demo.web.view import Conversation, render, render_latency
from pipeline.events import PhotoVerdict, TurnStarted
from pipeline.session import Session
from tests.fakes import FakeLLM, FakeMatcher, candidate
from tests.test_photo_turn import jpeg


def url(path: str) -> str:
    return "/files/" + path.rsplit("/", 1)[-1]


async def fold(conv: Conversation, session: Session, question: str, **kw: object) -> None:
    conv.begin(question, kw.pop("photo_path", None))  # type: ignore[arg-type]
    async for ev in session.ask(**kw):  # type: ignore[arg-type]
        conv.add(ev)


async def test_text_turn_cards_answer_audio_and_latency(make_guide) -> None:  # type: ignore[no-untyped-def]
    guide = make_guide(llm=FakeLLM(["这款牛肉干很受欢迎。"]))
    conv = Conversation(guide.shop, url)
    await fold(conv, Session(guide), "有没有麻辣牛肉干？", text="有没有麻辣牛肉干？")
    view = conv.current
    assert view is not None and view.done and not view.cancelled
    assert view.cards, "the turn's products become cards"
    for card in view.cards:
        p = guide.shop.product(card.product_id)
        assert p is not None and card.name == p.name_zh and card.price_cny == p.price_cny
        assert card.image_url == url(str(guide.shop.pack_images(p.id)[0]))
        assert card.confidence is None  # not a photo turn
    assert view.final and view.answer  # the guarded final text replaced the streamed deltas
    html = render(conv)
    assert all(c.name in html for c in view.cards) and "x-a-text" in html
    # the audio feed: one line per spoken sentence, each a playable WAV
    lines = conv.audio_feed().splitlines()
    assert lines and all(line.startswith(f"{view.seq}|") for line in lines)
    wav = base64.b64decode(lines[0].split("|", 2)[2])
    samples, rate = sf.read(io.BytesIO(wav), dtype="int16")
    assert rate == 1000 and len(samples) > 0
    lat = render_latency(view, "zh")
    assert view.timings is not None and f"{view.timings.total:.2f}s" in lat


async def test_photo_turn_card_shows_the_match_confidence(make_guide) -> None:  # type: ignore[no-untyped-def]
    verdict = PhotoVerdict("match", (candidate("beef-jerky-spicy", 0.93), candidate("beef-jerky-five-spice", 0.04)))
    guide = make_guide(llm=FakeLLM(["很辣。"]), photos=FakeMatcher(verdict))
    conv = Conversation(guide.shop, url)
    await fold(conv, Session(guide), "辣不辣？", text="辣不辣？", image=jpeg(), photo_path="/tmp/p.jpg")
    view = conv.current
    assert view is not None and view.photo_url == "/files/p.jpg" and view.photo_ms is not None
    assert view.cards[0].product_id == "beef-jerky-spicy" and view.cards[0].confidence == pytest.approx(0.93)
    assert "93%" in render(conv)


async def test_what_the_customer_typed_is_escaped(make_guide) -> None:  # type: ignore[no-untyped-def]
    guide = make_guide(llm=FakeLLM(["好的。"]))
    conv = Conversation(guide.shop, url)
    q = '<img src=x onerror="alert(1)">有茶叶吗'
    await fold(conv, Session(guide), q, text=q)
    html = render(conv)
    assert "<img src=x" not in html and "&lt;img src=x" in html


async def test_events_of_another_turn_are_ignored(make_guide) -> None:  # type: ignore[no-untyped-def]
    guide = make_guide()
    conv = Conversation(guide.shop, url)
    conv.begin("q")
    assert not conv.add(TurnStarted(7, "s", "text")) and conv.current and conv.current.turn_id == 7
    from pipeline.events import TextDelta

    assert conv.add(TextDelta(7, "A"))
    assert not conv.add(TextDelta(6, "stale"))
    assert conv.current.answer == "A"


async def test_new_question_interrupts_and_the_old_turn_shows_stopped(make_guide) -> None:  # type: ignore[no-untyped-def]
    llm = FakeLLM(["第一句话很长还没说完", "。"], block_after=1)  # blocks mid-sentence, as a slow LLM would
    guide = make_guide(llm=llm)
    session = Session(guide)
    conv = Conversation(guide.shop, url)
    first = asyncio.create_task(fold(conv, session, "有什么茶？", text="有什么茶？"))
    await asyncio.to_thread(llm.started.wait, 5)
    old = conv.current
    llm.pieces, llm.block_after = ["好的。"], None
    await fold(conv, session, "算了，牛肉干呢？", text="算了，牛肉干呢？")
    await first
    assert old is not None and old.cancelled and old.seq == 1
    new = conv.current
    assert new is not None and new.seq == 2 and new.done and not new.cancelled
    assert all(line.startswith("2|") for line in conv.audio_feed().splitlines())
    assert "x-stopped" in render(conv)


async def test_tabs_are_separate_sessions(make_guide) -> None:  # type: ignore[no-untyped-def]
    guide = make_guide(llm=FakeLLM(["好的。"]))
    host = GuideHost.with_guide(guide, url)
    a, b = host.tab("tab-a"), host.tab("tab-b")
    assert a is host.tab("tab-a") and a.session.id != b.session.id
    await fold(a.conversation, a.session, "有茶吗", text="有茶吗")
    assert len(a.conversation.turns) == 1 and not b.conversation.turns
    old_id = a.session.id
    await host.new_chat("tab-a")
    assert a.session.id != old_id and not a.conversation.turns
    await host.close_tab("tab-b")
    assert not host.has_tab("tab-b")


def test_loading_failure_is_reported_not_raised() -> None:
    def broken(progress):  # type: ignore[no-untyped-def]
        progress("store", 0.1)
        raise FileNotFoundError("qwen2.5-1.5b-instruct-q4.gguf")

    host = GuideHost(broken, url)
    host.start().join(5)
    assert host.ready.is_set() and host.guide is None
    assert host.error is not None and "qwen2.5" in host.error and host.steps == [("store", 0.1)]


def test_card_facts_follow_the_language(shop) -> None:  # type: ignore[no-untyped-def]
    conv = Conversation(shop, url, lang="en")
    card = conv._card("beef-jerky-spicy", ("spicy",), "en")
    assert card is not None and card.name == shop.product("beef-jerky-spicy").name_en
    assert any(f.endswith(" g") for f in card.facts) and any("keeps" in f for f in card.facts)
    assert np.isfinite(card.price_cny)


def test_hands_free_does_not_hear_the_guide_speaking(make_guide) -> None:  # type: ignore[no-untyped-def]
    from models.vad import VADConfig
    from pipeline.endpoint import Endpointer
    from tests.test_endpoint import LoudVAD, quiet, tone

    host = GuideHost.with_guide(make_guide(), url, make_endpointer=lambda: Endpointer(LoudVAD(), VADConfig()))
    question = np.concatenate([tone(1.0), quiet(1.0)])
    assert len(host.hear("tab", question)) == 1, "a question is heard"
    host.answer_audio("tab", 30.0)  # the page now plays 30 s of answer
    assert host.hear("tab", question) == [], "the speakers' sound is not a new question"
    assert not host.endpointer("tab").speaking
    host.tab("tab").speaking_until = 0.0  # the answer has been played
    assert len(host.hear("tab", question)) == 1
