"""A turn's clock, and speech first: new LLM requests wait while any turn is still making its first audio.

On a two-core machine the LLM's prompt evaluation (seconds of full CPU) slows every first sentence being
synthesised next to it; the customer waits for that first sound, not for the LLM's later sentences. So a turn
starts its LLM request only when no turn — its own included — is still before its first audio, or after
``max_wait_s`` at most. Everything runs on one event loop; the gate is polled, so it binds to no loop.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.events import TurnTimings

__all__ = ["SpeechFirst", "TurnClock"]


@dataclass
class TurnClock:
    """Seconds from the end of the customer's input to each milestone; ``on_first_audio`` runs once, at it."""

    t0: float = field(default_factory=time.perf_counter)
    marks: dict[str, float] = field(default_factory=dict)
    on_first_audio: Callable[[], None] = lambda: None

    def mark(self, name: str) -> None:
        if name not in self.marks and name == "tts_first_audio":
            self.on_first_audio()
        self.marks.setdefault(name, time.perf_counter() - self.t0)

    def timings(self, turn_id: int) -> TurnTimings:
        m = self.marks
        return TurnTimings(
            turn_id=turn_id,
            asr=m.get("asr"),
            retrieval=m.get("retrieval"),
            llm_first_token=m.get("llm_first_token"),
            first_sentence=m.get("first_sentence"),
            tts_first_audio=m.get("tts_first_audio"),
            end_of_input_to_first_audio=m.get("tts_first_audio"),
            total=time.perf_counter() - self.t0,
        )


class SpeechFirst:
    """The set of turns still before their first audio, and a bounded wait for it to empty."""

    def __init__(self, max_wait_s: float = 4.0, poll_s: float = 0.02) -> None:
        self.max_wait_s = max_wait_s
        self.poll_s = poll_s
        self._pending: set[object] = set()

    def begin(self, turn: object) -> None:
        self._pending.add(turn)

    def done(self, turn: object) -> None:
        self._pending.discard(turn)

    @property
    def pending(self) -> int:
        return len(self._pending)

    async def wait(self, stop: threading.Event) -> float:
        """Until no turn is before its first audio (or ``max_wait_s``, or ``stop``); returns seconds waited."""
        t0 = time.perf_counter()
        while self._pending and not stop.is_set() and time.perf_counter() - t0 < self.max_wait_s:
            await asyncio.sleep(self.poll_s)
        return time.perf_counter() - t0
