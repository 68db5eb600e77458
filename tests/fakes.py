"""Scripted fake models for fast hermetic tests of the pipeline logic."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator, Sequence

import numpy as np

from models.asr import ASRResult
from models.llm import ChatMessage
from models.tts import Speech
from pipeline.events import PhotoCandidate, PhotoVerdict
from pipeline.retrieval import keyword_tokens


class FakeEmbedder:
    """Hashes keyword tokens into a fixed-size unit vector (deterministic, instant)."""

    name = "fake-hash"
    semantic = False  # word hashes, no meaning: the guide's clause choice by meaning is left out

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(128, dtype=np.float32)
        for tok in keyword_tokens(text) or {"∅"}:
            v[int(hashlib.md5(tok.encode()).hexdigest(), 16) % 128] += 1.0
        return v / (np.linalg.norm(v) or 1.0)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, 128), np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed_queries(texts)


class FakeLLM:
    """Streams scripted pieces. With ``block_after`` it waits (on the stop event, no sleeping) after that
    many pieces, as a slow LLM would, until the turn is interrupted."""

    name = "fake-llm"

    def __init__(self, pieces: Sequence[str] = (), block_after: int | None = None, fail: bool = False) -> None:
        self.pieces = list(pieces)
        self.block_after = block_after
        self.fail = fail
        self.calls: list[list[ChatMessage]] = []
        self.stopped = threading.Event()
        self.started = threading.Event()

    def stream(self, messages: list[ChatMessage], max_tokens: int, stop: threading.Event) -> Iterator[str]:
        self.calls.append(messages)
        self.started.set()
        if self.fail:
            raise ConnectionError("LLM server down")
        try:
            for i, p in enumerate(self.pieces):
                if self.block_after is not None and i == self.block_after:
                    stop.wait(timeout=30)
                if stop.is_set():
                    return
                yield p
            if self.block_after is not None and self.block_after >= len(self.pieces):
                stop.wait(timeout=30)
        finally:  # also runs when the consumer closes the stream early
            if stop.is_set():
                self.stopped.set()


class FakeTTS:
    """One sample per character at 1 kHz: audio length tracks text length; records what it spoke."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.spoken: list[str] = []

    def synthesize(self, text: str) -> Speech:
        self.spoken.append(text)
        return Speech(np.full(len(text) * 10, 1000, dtype=np.int16), 1000)


class FakeASR:
    name = "fake-asr"

    def __init__(self, text: str, lang: str = "zh") -> None:
        self.text = text
        self.lang = lang
        self.calls = 0

    def transcribe(self, audio: np.ndarray) -> ASRResult:
        self.calls += 1
        return ASRResult(self.text, self.lang, 0.99, len(audio) / 16000)


class FakeMatcher:
    """Returns a scripted photo verdict and records the decoded photos it was shown."""

    def __init__(self, verdict: PhotoVerdict) -> None:
        self.verdict = verdict
        self.seen: list[object] = []

    def match(self, image: object) -> PhotoVerdict:
        self.seen.append(image)
        return self.verdict


def candidate(product_id: str, confidence: float, area: float = 0.3) -> PhotoCandidate:
    return PhotoCandidate(product_id, confidence, 60, 0.9, 0.8, area)
