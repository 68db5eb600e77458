"""Loads the guide in the background while the page is already up, and keeps one session per browser tab.

Nothing here imports gradio: the web adapter asks the host for progress, a session and a conversation.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from demo.web.view import Conversation
from pipeline.endpoint import Endpointer
from pipeline.events import Lang
from pipeline.session import Session
from pipeline.turn import Guide

__all__ = ["BrowserSession", "GuideHost"]

log = logging.getLogger(__name__)


@dataclass
class BrowserSession:
    """One browser tab: its pipeline session (memory, interruption) and what its page shows."""

    session: Session
    conversation: Conversation
    last_seen: float = field(default_factory=time.monotonic)
    endpointer: Endpointer | None = None  # hands-free mode: made on first use
    speaking_until: float = 0.0  # when the page will have played the answer audio sent so far (monotonic s)


class GuideHost:
    """Builds the guide once (in a thread, reporting each loaded stage) and hands out per-tab sessions.

    ``build(progress)`` returns the ready :class:`Guide`; ``progress(stage, seconds)`` is called as stages load.
    ``file_url(path)`` maps a local file (pack image, uploaded photo) to a URL the page may load.
    """

    def __init__(
        self,
        build: Callable[[Callable[[str, float], None]], Guide],
        file_url: Callable[[str], str | None],
        max_sessions: int = 64,
        make_endpointer: Callable[[], Endpointer] | None = None,
    ) -> None:
        self._build = build
        self.file_url = file_url
        self.max_sessions = max_sessions
        self.make_endpointer = make_endpointer
        self.steps: list[tuple[str, float]] = []
        self.guide: Guide | None = None
        self.error: str | None = None
        self.ready = threading.Event()
        self.started = time.monotonic()
        self._tabs: dict[str, BrowserSession] = {}
        self._lock = threading.Lock()

    @classmethod
    def with_guide(
        cls,
        guide: Guide,
        file_url: Callable[[str], str | None],
        make_endpointer: Callable[[], Endpointer] | None = None,
    ) -> GuideHost:
        """A host around an already built guide (tests, embedding)."""
        host = cls(lambda _progress: guide, file_url, make_endpointer=make_endpointer)
        host.guide = guide
        host.ready.set()
        return host

    def start(self) -> threading.Thread:
        """Load in a background thread; :attr:`ready` is set when done (also on failure, with :attr:`error`)."""
        th = threading.Thread(target=self._load, name="xiaoer-load", daemon=True)
        th.start()
        return th

    def _load(self) -> None:
        try:
            self.guide = self._build(lambda stage, s: self.steps.append((stage, s)))
        except Exception as e:  # the page shows why; the log has the traceback
            log.exception("loading the guide failed")
            self.error = f"{type(e).__name__}: {e}"
        finally:
            self.ready.set()

    def tab(self, key: str, lang: Lang = "zh") -> BrowserSession:
        """The session of one browser tab (created on first use)."""
        assert self.guide is not None, "the guide is not loaded yet"
        with self._lock:
            tab = self._tabs.get(key)
            if tab is None:
                if len(self._tabs) >= self.max_sessions:  # forget the longest idle tab
                    oldest = min(self._tabs, key=lambda k: self._tabs[k].last_seen)
                    del self._tabs[oldest]
                conv = Conversation(self.guide.shop, self.file_url, lang)
                tab = self._tabs[key] = BrowserSession(Session(self.guide), conv)
            tab.last_seen = time.monotonic()
            return tab

    def endpointer(self, key: str) -> Endpointer:
        """The tab's hands-free end-of-speech detector (each tab its own VAD state)."""
        tab = self.tab(key)
        if tab.endpointer is None:
            if self.make_endpointer is None:
                raise RuntimeError("hands-free mode needs a VAD (make_endpointer)")
            tab.endpointer = self.make_endpointer()
        return tab.endpointer

    def answer_audio(self, key: str, seconds: float) -> None:
        """``seconds`` more of answer audio went to the tab's page; its player plays them after what it has."""
        tab = self.tab(key)
        tab.speaking_until = max(tab.speaking_until, time.monotonic()) + seconds

    def hear(self, key: str, audio: np.ndarray) -> list[np.ndarray]:
        """Hands-free: 16 kHz microphone audio in, finished utterances out. While the page is still playing the
        answer, what the microphone hears is dropped (half duplex): at a fair the speakers would otherwise put the
        guide's own voice into the next question. Stop and the buttons still work meanwhile."""
        ep = self.endpointer(key)
        if time.monotonic() < self.tab(key).speaking_until + 0.3:
            if ep.speaking:
                ep.reset()
            return []
        return ep.feed(audio)

    def has_tab(self, key: str) -> bool:
        return key in self._tabs

    async def close_tab(self, key: str) -> None:
        """The tab went away: stop its turn and forget it (its history stays in the shop's store)."""
        with self._lock:
            tab = self._tabs.pop(key, None)
        if tab is not None:
            await tab.session.interrupt("closed")

    async def new_chat(self, key: str) -> None:
        """Start over in this tab: a new session id (the LLM forgets), an empty page."""
        if self.guide is None:
            return
        with self._lock:
            old = self._tabs.get(key)
        if old is not None:
            await old.session.interrupt("new chat")
            old.session = Session(self.guide)
            old.conversation.turns.clear()
