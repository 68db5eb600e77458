"""Speech recognition: one protocol, the faster-whisper backend.

Defaults: the packaged multilingual Whisper base (CTranslate2 int8). Language detection is restricted to
the shop's languages (short robotic Mandarin is otherwise sometimes heard as Thai); Chinese comes out in
Simplified characters; the packaged Silero VAD trims silence and tells "nobody spoke" from speech.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

__all__ = ["ASR", "ASRS", "SAMPLE_RATE", "ASRConfig", "ASRResult", "WhisperASR", "load_asr"]

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000


@dataclass(frozen=True)
class ASRResult:
    """A transcript.

    Attributes:
        text: what was said ("" when no speech was found).
        lang: language code among the allowed ones.
        lang_probability: the detector's probability for ``lang`` (renormalised over allowed languages).
        speech_seconds: seconds of speech the VAD kept.
    """

    text: str
    lang: str
    lang_probability: float
    speech_seconds: float


class ASR(Protocol):
    """Transcribes mono float32 audio at 16 kHz."""

    name: str

    def transcribe(self, audio: np.ndarray) -> ASRResult:
        """``audio``: shape (n,), float32 in [-1, 1], 16 kHz."""
        ...


@dataclass(frozen=True)
class ASRConfig:
    """Which Whisper and how to run it.

    Attributes:
        model: packaged key ("whisper-base"), a CTranslate2 model folder, or a faster-whisper size name
            ("small", "large-v3") that a user with a model hub or a local cache can load.
        languages: the shop's languages; detection picks among these only.
        compute_type: CTranslate2 compute type ("int8" on CPU).
        device: "cpu" or "cuda".
        threads: CPU threads.
        beam_size: 1 is greedy (fastest).
        vad: trim silence with the packaged Silero VAD.
    """

    model: str = "whisper-base"
    languages: tuple[str, ...] = ("zh", "en")
    compute_type: str = "int8"
    device: str = "cpu"
    threads: int = 2
    beam_size: int = 1
    vad: bool = True


def _simplified(text: str) -> str:
    import zhconv

    return str(zhconv.convert(text, "zh-cn"))


class WhisperASR:
    """faster-whisper with restricted language detection and one encoder pass for detection."""

    def __init__(self, model: object, config: ASRConfig, name: str) -> None:
        self._model = model
        self.config = config
        self.name = name

    @classmethod
    def load(cls, config: ASRConfig) -> WhisperASR:
        from faster_whisper import WhisperModel

        from models.packaged import PACKAGED, prepare

        source: str = config.model
        if config.model in PACKAGED:
            source = str(prepare(PACKAGED[config.model]))
        elif Path(config.model).expanduser().is_dir():
            source = str(Path(config.model).expanduser())
        model = WhisperModel(source, device=config.device, compute_type=config.compute_type, cpu_threads=config.threads)
        return cls(model, config, f"faster-whisper:{Path(source).name}")

    def _speech(self, audio: np.ndarray) -> np.ndarray:
        from faster_whisper.vad import VadOptions, collect_chunks, get_speech_timestamps

        stamps = get_speech_timestamps(audio, VadOptions(min_silence_duration_ms=500, speech_pad_ms=200))
        if not stamps:
            return np.zeros(0, dtype=np.float32)
        chunks, _ = collect_chunks(audio, stamps)
        return np.concatenate(chunks).astype(np.float32)

    def detect_language(self, audio: np.ndarray) -> tuple[str, float]:
        """Pick the most likely language among the allowed ones."""
        m = self._model
        _, _, probs = m.detect_language(audio=audio)  # type: ignore[attr-defined]
        allowed = {lang: p for lang, p in probs if lang in self.config.languages}
        if not allowed:
            return self.config.languages[0], 0.0
        total = sum(allowed.values()) or 1.0
        lang = max(allowed, key=lambda k: allowed[k])
        return lang, allowed[lang] / total

    def transcribe(self, audio: np.ndarray) -> ASRResult:
        audio = np.asarray(audio, dtype=np.float32).reshape(-1)
        speech = self._speech(audio) if self.config.vad else audio
        seconds = len(speech) / SAMPLE_RATE
        if seconds < 0.25:
            return ASRResult("", self.config.languages[0], 0.0, seconds)
        lang, prob = self.detect_language(speech)
        segments, _ = self._model.transcribe(  # type: ignore[attr-defined]
            speech,
            language=lang,
            beam_size=self.config.beam_size,
            temperature=0.0,
            condition_on_previous_text=False,
            without_timestamps=True,
            vad_filter=False,
        )
        # The segments are a lazy generator: iterate it here, in the calling (worker) thread.
        kept = [s.text for s in segments if s.no_speech_prob < 0.8 or s.avg_logprob > -0.7]
        text = "".join(kept).strip() if lang == "zh" else " ".join(t.strip() for t in kept).strip()
        if lang == "zh":
            text = _simplified(text)
        return ASRResult(text, lang, prob, seconds)


ASRS: dict[str, Callable[[ASRConfig], ASR]] = {"faster-whisper": WhisperASR.load}


def load_asr(config: ASRConfig, backend: str = "faster-whisper") -> ASR:
    """Load the configured ASR (the one place that does I/O for this stage)."""
    try:
        factory = ASRS[backend]
    except KeyError:
        raise ValueError(f"unknown ASR backend {backend!r}; choose from {sorted(ASRS)}") from None
    return factory(config)
