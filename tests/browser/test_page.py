"""The real page in real Chromium, over a guide of scripted fakes (fast, deterministic): streaming, audio that
plays, Stop, two tabs at once, a phone screen, the kiosk layout and bad input. Screenshots go to
test-artifacts/screenshots/. The same page over the real models is tested in tests/real/test_web_real.py."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import sync_playwright

from demo.web.host import GuideHost
from demo.web.serve import file_url
from models.tts import Speech
from pipeline.catalogue import bundled_shop_dir
from pipeline.config import TurnConfig
from pipeline.retrieval import Retriever
from pipeline.store import Store
from pipeline.turn import Guide
from tests.browser.harness import CHROMIUM, SHOTS, chromium_args, serve_host, wait_ready
from tests.fakes import FakeASR, FakeEmbedder, FakeLLM

pytestmark = pytest.mark.browser


class ToneTTS:
    """A 16 kHz tone, 0.25 s per character (capped): real, playable audio of a predictable length."""

    def __init__(self, name: str, per_char: float = 0.05) -> None:
        self.name = name
        self.per_char = per_char

    def synthesize(self, text: str) -> Speech:
        n = int(16000 * min(8.0, max(0.3, len(text) * self.per_char)))
        tone = (np.sin(np.arange(n) * 2 * np.pi * 440 / 16000) * 3000).astype(np.int16)
        return Speech(tone, 16000)


def fake_guide(llm: FakeLLM, per_char: float = 0.05, config: TurnConfig | None = None) -> Guide:
    store = Store(Path(tempfile.mkdtemp(prefix="xiaoer-web-")) / "shop.sqlite3")
    store.import_shop(bundled_shop_dir())
    shop = store.load_shop()
    voices = {"zh": ToneTTS("zh", per_char), "en": ToneTTS("en", per_char)}
    asr = FakeASR("有没有不太甜的特产？")
    retriever = Retriever.build(shop, FakeEmbedder(), store)
    return Guide(shop, store, retriever, llm, voices, asr=asr, config=config or TurnConfig())  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=chromium_args())
        yield b
        b.close()


@pytest.fixture()
def page_at(browser: Any) -> Iterator[Any]:
    """``page_at(guide, **context options)`` → a page on the served app, ready."""
    opened: list[Any] = []
    servers: list[Any] = []

    def open_page(guide: Guide, query: str = "", **ctx: Any) -> Any:
        server = serve_host(GuideHost.with_guide(guide, file_url))
        url = server.__enter__()
        servers.append(server)
        context = browser.new_context(**ctx)
        opened.append(context)
        page = context.new_page()
        page.goto(url + query)
        wait_ready(page, 30_000)
        return page

    yield open_page
    for c in opened:
        c.close()
    for s in servers:
        s.__exit__(None, None, None)


def ask_text(page: Any, text: str) -> None:
    page.fill("#xiaoer-text textarea", text)
    page.click("#xiaoer-send")


def last_turn_text(page: Any) -> str:
    return str(page.inner_text("#xiaoer-convo .x-turn:last-child"))


def notice_then_the_session_goes_on(page: Any, says: str, name: str) -> None:
    """Bad input: a notice saying ``says`` appears, and the next question is answered as usual."""
    page.wait_for_selector("#xiaoer-convo .x-notice", timeout=15_000)
    assert says in page.inner_text("#xiaoer-convo .x-notice")
    ask_text(page, "有没有茶叶？")
    page.wait_for_selector("#xiaoer-convo .x-turn:nth-child(2) .x-a-text", timeout=10_000)
    shot(page, name)


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_text_question_streams_cards_answer_and_audio_that_plays(page_at: Any) -> None:
    page = page_at(fake_guide(FakeLLM(["这款很受欢迎，", "越嚼越香。"])))  # true of the jerky: it passes the check
    ask_text(page, "有没有麻辣牛肉干？")
    page.wait_for_selector("#xiaoer-convo .x-turn:last-child .x-card")
    page.wait_for_function(
        "document.querySelector('#xiaoer-convo .x-turn:last-child .x-a-text')?.textContent.includes('越嚼越香')"
    )
    cards = page.locator("#xiaoer-convo .x-turn:last-child .x-card")
    assert cards.count() >= 1
    assert "¥" in cards.first.inner_text() and cards.first.locator("img").count() == 1
    # the card's pack image loads from the shop's folder
    page.wait_for_function("document.querySelector('.x-card img').naturalWidth > 0")
    # the spoken answer plays: the audio element's time advances
    page.wait_for_function("window.xiaoer.played.length > 0", timeout=10_000)
    t0 = page.evaluate("document.getElementById('xiaoer-player').currentTime")
    page.wait_for_timeout(400)
    t1 = page.evaluate("document.getElementById('xiaoer-player').currentTime")
    assert t1 > t0 or page.evaluate("window.xiaoer.played.length") > 1
    m = page.evaluate("window.xiaoer.metrics[0]")
    assert m["firstText"] is not None and m["firstAudio"] is not None
    assert page.locator("#xiaoer-latency .x-lat-item").count() >= 3
    shot(page, "text-question")


def test_stop_silences_the_answer_at_once(page_at: Any) -> None:
    llm = FakeLLM(["第一句很长很长很长很长很长还没说完", "。"], block_after=1)  # blocks mid-sentence
    page = page_at(fake_guide(llm, per_char=0.5))  # several seconds of speech per sentence
    ask_text(page, "介绍一下你们的茶叶")
    page.wait_for_function("window.xiaoer.played.length > 0", timeout=10_000)
    page.wait_for_timeout(300)
    page.click("#xiaoer-stop")
    page.wait_for_timeout(150)
    assert page.evaluate("document.getElementById('xiaoer-player').paused")
    played = page.evaluate("window.xiaoer.played.length")
    page.wait_for_selector("#xiaoer-convo .x-turn:last-child .x-stopped", timeout=10_000)
    page.wait_for_timeout(1500)
    assert page.evaluate("window.xiaoer.played.length") == played, "nothing of the stopped turn plays afterwards"
    assert llm.stopped.wait(5), "the LLM stream was told to stop"
    # the session goes on
    llm.pieces, llm.block_after = ["好的。"], None
    ask_text(page, "那牛肉干呢？")
    page.wait_for_function(f"window.xiaoer.played.length > {played}", timeout=10_000)
    shot(page, "after-stop")


def test_a_new_question_interrupts_the_running_answer(page_at: Any) -> None:
    llm = FakeLLM(["先说第一款再说第二款", "。"], block_after=1)
    page = page_at(fake_guide(llm, per_char=0.5))
    ask_text(page, "介绍一下茶叶")
    page.wait_for_function("window.xiaoer.played.length > 0", timeout=10_000)
    llm.pieces, llm.block_after = ["牛肉干很香。"], None
    ask_text(page, "算了，牛肉干呢？")
    page.wait_for_selector("#xiaoer-convo .x-turn:first-child .x-stopped", timeout=10_000)
    page.wait_for_function("window.xiaoer.played.some(p => p.seq === 2)", timeout=10_000)
    assert all(p["seq"] == 2 for p in page.evaluate("window.xiaoer.played")[1:])


def test_two_tabs_never_see_each_others_turns(page_at: Any, browser: Any) -> None:
    guide = fake_guide(FakeLLM(["好的。"]))
    a = page_at(guide)
    b_ctx = browser.new_context()
    try:
        b = b_ctx.new_page()
        b.goto(a.url)
        wait_ready(b, 30_000)
        ask_text(a, "有没有茶叶？")
        ask_text(b, "有没有牛肉干？")
        for page, mine, theirs in ((a, "茶叶", "牛肉干"), (b, "牛肉干", "茶叶")):
            page.wait_for_selector("#xiaoer-convo .x-a-text", timeout=10_000)
            q = page.inner_text("#xiaoer-convo .x-q")
            assert mine in q and theirs not in q
            assert page.locator("#xiaoer-convo .x-turn").count() == 1
    finally:
        b_ctx.close()


def test_phone_screen_shows_every_control(page_at: Any) -> None:
    page = page_at(
        fake_guide(FakeLLM(["好的。"])), viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    for sel in ("#xiaoer-mic", "#xiaoer-photo", "#xiaoer-text textarea", "#xiaoer-send", "#xiaoer-stop"):
        el = page.locator(sel)
        el.scroll_into_view_if_needed()
        box = el.bounding_box()
        assert box is not None and box["width"] > 40 and box["x"] >= 0 and box["x"] + box["width"] <= 391, sel
    assert page.evaluate("document.documentElement.scrollWidth") <= 391, "no sideways scrolling"
    ask_text(page, "有没有茶叶？")
    page.wait_for_selector("#xiaoer-convo .x-a-text")
    shot(page, "phone")


def test_kiosk_layout_by_url_parameter(page_at: Any) -> None:
    page = page_at(fake_guide(FakeLLM(["好的。"])), query="?kiosk=1&lang=en", viewport={"width": 1280, "height": 900})
    page.wait_for_function("document.body.classList.contains('xiaoer-kiosk')")
    page.wait_for_function("document.querySelector('#xiaoer-send').innerText.includes('Send')")
    shot(page, "kiosk")


def test_a_pdf_as_the_photo_gets_a_friendly_message_and_the_session_goes_on(page_at: Any, tmp_path: Path) -> None:
    pdf = tmp_path / "menu.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page = page_at(fake_guide(FakeLLM(["好的。"])))
    page.set_input_files("#xiaoer-photo input[type=file]", str(pdf))
    notice_then_the_session_goes_on(page, "图片", "pdf-photo")


def test_microphone_permission_denied_says_so(browser: Any) -> None:
    b = browser.browser_type.launch(executable_path=CHROMIUM, args=chromium_args(fake_ui=False))
    try:
        guide = fake_guide(FakeLLM(["好的。"]))
        with serve_host(GuideHost.with_guide(guide, file_url)) as url:
            page = b.new_context().new_page()
            page.goto(url)
            wait_ready(page, 30_000)
            page.click("#xiaoer-mic button:has-text('Record')")
            page.wait_for_selector("#xiaoer-alert .x-alert", timeout=10_000)
            assert "麦克风" in page.inner_text("#xiaoer-alert")
            ask_text(page, "有没有茶叶？")
            page.wait_for_selector("#xiaoer-convo .x-a-text", timeout=10_000)
            shot(page, "mic-denied")
    finally:
        b.close()


def test_a_recording_over_the_limit_gets_a_message_and_the_session_goes_on(page_at: Any) -> None:
    # the limit is a setting (30 s by default); a 1 s limit makes a 2.5 s recording "a 10-minute one"
    page = page_at(fake_guide(FakeLLM(["好的。"]), config=TurnConfig(max_audio_s=1.0)))
    page.click("#xiaoer-mic button:has-text('Record')")
    page.wait_for_timeout(2500)
    page.click("#xiaoer-mic button:has-text('Stop')")
    notice_then_the_session_goes_on(page, "太长", "too-long")


def test_language_follows_the_customer_and_the_switch(page_at: Any) -> None:
    page = page_at(fake_guide(FakeLLM(["We have two teas."])))
    assert "发送" in page.inner_text("#xiaoer-send")
    ask_text(page, "Do you have any tea?")
    page.wait_for_function("document.querySelector('#xiaoer-send').innerText.includes('Send')", timeout=10_000)
    page.click("#xiaoer-lang label:has-text('中文')")
    page.wait_for_function("document.querySelector('#xiaoer-send').innerText.includes('发送')", timeout=10_000)
    # the latency strip can be hidden
    page.click("#xiaoer-show-latency input")
    page.wait_for_selector("#xiaoer-latency", state="hidden", timeout=5_000)


def test_a_webcam_snapshot_is_matched_like_a_photo(page_at: Any) -> None:
    from pipeline.events import PhotoVerdict
    from tests.fakes import FakeMatcher, candidate

    guide = fake_guide(FakeLLM(["好的。"]))
    matcher = FakeMatcher(PhotoVerdict("not_in_catalogue", (candidate("longjing-100g", 0.1),)))
    guide.photos = matcher
    page = page_at(guide)  # chromium's fake camera shows a moving test pattern: not one of our packs
    page.click("#xiaoer-webcam >> text=Click to Access Webcam")
    page.wait_for_selector("#xiaoer-webcam video", state="visible", timeout=15_000)
    page.wait_for_timeout(500)  # a few frames of the test pattern
    page.click("#xiaoer-webcam button[aria-label='capture photo']")
    page.wait_for_selector("#xiaoer-convo .x-turn:last-child .x-a-text", timeout=15_000)
    assert len(matcher.seen) == 1, "the snapshot reached the matcher"
    assert "不是" in page.inner_text("#xiaoer-convo .x-turn:last-child .x-a-text")
    shot(page, "webcam")
