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

from models.registry import pick

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
        short_window: encode a short question in a window just longer than the speech instead of Whisper's
            fixed 30 s (the encoder is most of the cost: 4-8x faster on questions under 10 s), and run the
            encoder once for both language detection and decoding.
    """

    model: str = "whisper-base"
    languages: tuple[str, ...] = ("zh", "en")
    compute_type: str = "int8"
    device: str = "cpu"
    threads: int = 2
    beam_size: int = 1
    vad: bool = True
    short_window: bool = True


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

    def transcribe(self, audio: np.ndarray) -> ASRResult:
        audio = np.asarray(audio, dtype=np.float32).reshape(-1)
        speech = self._speech(audio) if self.config.vad else audio
        seconds = len(speech) / SAMPLE_RATE
        if seconds < 0.25:
            return ASRResult("", self.config.languages[0], 0.0, seconds)
        if seconds <= 28.0:
            text, lang, prob = self._decode_once(speech)
        else:
            text, lang, prob = self._decode_long(speech)
        if lang == "zh":
            text = _simplified(text)
        return ASRResult(text.strip(), lang, prob, seconds)

    def _pick_language(self, probs: list[tuple[str, float]]) -> tuple[str, float]:
        """The most likely language among the shop's, with its probability renormalised over them."""
        allowed = {lang: p for lang, p in probs if lang in self.config.languages}
        if not allowed:
            return self.config.languages[0], 0.0
        total = sum(allowed.values()) or 1.0
        lang = max(allowed, key=lambda k: allowed[k])
        return lang, allowed[lang] / total

    def _decode_once(self, speech: np.ndarray) -> tuple[str, str, float]:
        """One encoder pass for both language detection and decoding (questions up to 28 s)."""
        import ctranslate2
        from faster_whisper.audio import pad_or_trim
        from faster_whisper.tokenizer import Tokenizer
        from faster_whisper.transcribe import get_suppressed_tokens

        m = self._model
        features = m.feature_extractor(speech)  # type: ignore[attr-defined]  # (n_mels, frames), 100 frames/s
        frames = 3000
        if self.config.short_window:
            # the speech plus at least 1 s, in 5 s steps, never below 10 s: stays close to Whisper's training
            frames = min(3000, max(1000, int(np.ceil((features.shape[-1] + 100) / 500.0)) * 500))
        window = np.ascontiguousarray(pad_or_trim(features, frames)[None].astype(np.float32))
        enc = m.model.encode(ctranslate2.StorageView.from_array(window), to_cpu=False)  # type: ignore[attr-defined]
        probs = [(tok[2:-2], p) for tok, p in m.model.detect_language(enc)[0]]  # type: ignore[attr-defined]
        lang, prob = self._pick_language(probs)
        tok = Tokenizer(m.hf_tokenizer, True, task="transcribe", language=lang)  # type: ignore[attr-defined]
        result = m.model.generate(  # type: ignore[attr-defined]
            enc,
            [[*tok.sot_sequence, tok.no_timestamps]],
            beam_size=self.config.beam_size,
            max_length=224,
            suppress_blank=True,
            suppress_tokens=get_suppressed_tokens(tok, [-1]),
            return_no_speech_prob=True,
            return_scores=True,
        )[0]
        ids = [t for t in result.sequences_ids[0] if t < tok.eot]
        if result.no_speech_prob > 0.8 and result.scores[0] / max(1, len(ids)) < -0.7:
            return "", lang, prob
        return tok.decode(ids), lang, prob

    def _decode_long(self, speech: np.ndarray) -> tuple[str, str, float]:
        m = self._model
        _, _, probs = m.detect_language(audio=speech)  # type: ignore[attr-defined]
        lang, prob = self._pick_language(probs)
        segments, _ = m.transcribe(  # type: ignore[attr-defined]
            speech,
            language=lang,
            beam_size=self.config.beam_size,
            temperature=0.0,
            condition_on_previous_text=False,
            without_timestamps=True,
            vad_filter=False,
        )
        # The segments are a lazy generator: iterate it here, in the calling (worker) thread.
        kept = [seg.text for seg in segments if seg.no_speech_prob < 0.8 or seg.avg_logprob > -0.7]
        text = "".join(kept) if lang == "zh" else " ".join(t.strip() for t in kept)
        return text, lang, prob


ASRS: dict[str, Callable[[ASRConfig], ASR]] = {"faster-whisper": WhisperASR.load}


def load_asr(config: ASRConfig, backend: str = "faster-whisper") -> ASR:
    """Load the configured ASR (the one place that does I/O for this stage)."""
    return pick(ASRS, backend, "ASR")(config)
