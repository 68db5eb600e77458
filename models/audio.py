"""Reading customer audio: any common format to mono float32 at 16 kHz, with clear errors."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

__all__ = ["AudioError", "load_audio", "resample"]


class AudioError(ValueError):
    """The input is not audio we can read."""


def resample(audio: np.ndarray, rate: int, target: int = 16_000) -> np.ndarray:
    """Linear-interpolation resampling (good enough for speech recognition input)."""
    if rate == target or len(audio) == 0:
        return audio.astype(np.float32)
    n = round(len(audio) * target / rate)
    x = np.linspace(0, len(audio) - 1, n)
    return np.interp(x, np.arange(len(audio)), audio).astype(np.float32)


def load_audio(source: str | Path | bytes, target_rate: int = 16_000) -> np.ndarray:
    """Decode a file or bytes (WAV, MP3, OGG, WebM, M4A …) to mono float32 in [-1, 1] at ``target_rate``.

    Raises:
        AudioError: empty input, or not decodable as audio.
    """
    data = source if isinstance(source, bytes) else None
    if data is None:
        path = Path(source)  # type: ignore[arg-type]
        if not path.exists():
            raise AudioError(f"no such file: {path}")
        if path.stat().st_size == 0:
            raise AudioError("the audio file is empty")
    elif not data:
        raise AudioError("the audio is empty")
    try:
        import soundfile as sf

        audio, rate = sf.read(io.BytesIO(data) if data is not None else str(source), dtype="float32", always_2d=True)
        return resample(audio.mean(axis=1), int(rate), target_rate)
    except Exception:  # noqa: BLE001 - not a libsndfile format; try PyAV (bundled FFmpeg) next
        pass
    try:
        from faster_whisper import decode_audio

        return np.asarray(
            decode_audio(io.BytesIO(data) if data is not None else str(source), sampling_rate=target_rate),
            dtype=np.float32,
        )
    except Exception as e:
        raise AudioError("the file is not audio that can be decoded") from e
