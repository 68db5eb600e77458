"""Real-model fixtures: the default models, loaded once per test session, and real recorded speech."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from models.asr import ASR, ASRConfig, load_asr
from models.audio import load_audio
from models.tts import TTS, TTSConfig, load_tts
from pipeline.app import build_guide
from pipeline.config import AppConfig
from pipeline.turn import Guide

ROOT = Path(__file__).resolve().parents[2]
TESTDATA = ROOT / ".cache" / "testdata"


def _wheel(prefix: str) -> zipfile.ZipFile:
    hits = sorted(TESTDATA.glob(f"{prefix}*.whl"))
    if not hits:
        raise FileNotFoundError(f"{prefix} wheel missing in {TESTDATA}: run scripts/fetch-test-data")
    return zipfile.ZipFile(hits[-1])


def clip(lang: str, name: str) -> tuple[np.ndarray, str]:
    """A natural-sounding recorded clip from pytest-audioeval, with its transcript."""
    z = _wheel("pytest_audioeval")
    base = f"pytest_audioeval/samples/audio/{lang}/{name}"
    audio = load_audio(z.read(base + ".wav"))
    return audio, z.read(base + ".txt").decode().strip()


def phone_call() -> tuple[np.ndarray, list[tuple[float, float, str]]]:
    """A real 30 s two-speaker English phone call (pyannote.audio's sample) and its timed transcript."""
    z = _wheel("pyannote_audio")
    audio = load_audio(z.read("pyannote/audio/sample/sample.wav"))
    rows = []
    for line in z.read("pyannote/audio/sample/sample.stm").decode().splitlines():
        _, _, _, start, end, *words = line.split()
        rows.append((float(start), float(end), " ".join(words)))
    return audio, rows


@pytest.fixture(scope="session")
def real_asr() -> ASR:
    return load_asr(ASRConfig())


@pytest.fixture(scope="session")
def zh_voice() -> TTS:
    return load_tts(TTSConfig(backend="baker"))


@pytest.fixture(scope="session")
def en_voice() -> TTS:
    return load_tts(TTSConfig(backend="piper"))


@pytest.fixture(scope="session")
def real_guide(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Guide]:
    cfg = replace(AppConfig(), data_dir=tmp_path_factory.mktemp("data"))
    guide = build_guide(cfg)
    yield guide
    guide.store.close()


def to_16k(samples: np.ndarray, rate: int) -> np.ndarray:
    import soundfile as sf

    buf = io.BytesIO()
    sf.write(buf, samples, rate, format="WAV")
    return load_audio(buf.getvalue())
