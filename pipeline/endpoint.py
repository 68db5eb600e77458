"""Hands-free turn-taking: cut a continuous microphone stream into utterances with a VAD.

An utterance starts when the VAD hears speech and ends after ``silence_s`` of quiet; it carries ``pre_roll_s`` of
audio from before it started. Bursts shorter than ``min_speech_s`` are dropped; an utterance longer than
``max_s`` is ended where it is (the turn then says it is too long, as for a recording).
"""

from __future__ import annotations

from collections import deque

import numpy as np

from models.vad import VAD, VADConfig

__all__ = ["Endpointer"]

RATE = 16_000


class Endpointer:
    """Feed 16 kHz float32 audio in pieces of any length; get each finished utterance back."""

    def __init__(self, vad: VAD, config: VADConfig | None = None, max_s: float = 30.0) -> None:
        self.vad = vad
        self.config = config or VADConfig()
        self.max_s = max_s
        self._pending = np.zeros(0, np.float32)
        self._pre: deque[np.ndarray] = deque(maxlen=max(1, round(self.config.pre_roll_s * RATE / vad.window)))
        self._speech: list[np.ndarray] = []
        self._voiced = 0  # windows with speech in the current utterance
        self._quiet = 0  # windows of silence since the last speech

    @property
    def speaking(self) -> bool:
        """Whether an utterance is in progress."""
        return bool(self._speech)

    def feed(self, audio: np.ndarray) -> list[np.ndarray]:
        """Add audio; returns the utterances that ended within it (usually none or one)."""
        w = self.vad.window
        cfg = self.config
        buf = np.concatenate([self._pending, audio.astype(np.float32, copy=False)])
        n = len(buf) // w
        self._pending = buf[n * w :]
        done: list[np.ndarray] = []
        for i in range(n):
            frame = buf[i * w : (i + 1) * w]
            speech = self.vad.probability(frame) >= cfg.threshold
            if not self._speech:
                if speech:
                    self._speech = [*self._pre, frame]
                    self._voiced, self._quiet = 1, 0
                else:
                    self._pre.append(frame)
                continue
            self._speech.append(frame)
            if speech:
                self._voiced += 1
                self._quiet = 0
            else:
                self._quiet += 1
            too_long = len(self._speech) * w >= self.max_s * RATE
            if self._quiet * w >= cfg.silence_s * RATE or too_long:
                if self._voiced * w >= cfg.min_speech_s * RATE:
                    done.append(np.concatenate(self._speech))
                self._speech, self._voiced, self._quiet = [], 0, 0
                self._pre.clear()
        return done

    def reset(self) -> None:
        """Drop everything heard so far (e.g. when hands-free mode is switched off)."""
        self._pending = np.zeros(0, np.float32)
        self._pre.clear()
        self._speech, self._voiced, self._quiet = [], 0, 0
        self.vad.reset()
