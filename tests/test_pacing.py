"""Speech first: a turn's LLM request waits until no turn is still before its first audio (bounded)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import numpy as np

from models.tts import Speech
from pipeline.events import AudioChunk
from pipeline.pacing import SpeechFirst
from pipeline.session import Session
from pipeline.turn import Guide
from tests.fakes import FakeLLM


class GatedTTS:
    """Synthesises only when released: a slow first sentence, without sleeping."""

    def __init__(self) -> None:
        self.name = "gated"
        self.release = threading.Event()

    def synthesize(self, text: str) -> Speech:
        self.release.wait(10)
        return Speech(np.full(len(text) * 10, 100, dtype=np.int16), 1000)


async def test_the_llm_starts_only_after_the_first_audio(make_guide: Callable[..., Guide]) -> None:
    llm = FakeLLM(["这款很受欢迎。"])
    guide = make_guide(llm=llm)
    tts = GatedTTS()
    guide.voices = {"zh": tts, "en": tts}
    seen: list[str] = []

    async def run() -> None:
        async for ev in Session(guide).ask(text="有没有牛肉干？"):
            if isinstance(ev, AudioChunk):
                seen.append("audio" if llm.started.is_set() else "audio-before-llm")

    task = asyncio.create_task(run())
    await asyncio.sleep(0.3)  # the opener is being synthesised (held by the gate TTS)
    assert not llm.started.is_set(), "no LLM request while the first sentence is still being synthesised"
    assert guide.speech_first.pending == 1
    tts.release.set()
    await asyncio.wait_for(task, 10)
    assert seen[0] == "audio-before-llm" and llm.started.is_set() and guide.speech_first.pending == 0


async def test_the_wait_is_bounded_and_stop_ends_it() -> None:
    gate = SpeechFirst(max_wait_s=0.1, poll_s=0.01)
    gate.begin("another turn that never speaks")
    assert 0.09 <= await gate.wait(threading.Event()) < 1.0
    stop = threading.Event()
    stop.set()
    gate.max_wait_s = 10
    assert await gate.wait(stop) < 0.05
    gate.done("another turn that never speaks")
    assert gate.pending == 0 and await gate.wait(threading.Event()) < 0.05
