"""The packaged Silero VAD finds real recorded questions in a continuous stream (hands-free mode)."""

from __future__ import annotations

import numpy as np
import pytest

from models.vad import load_vad
from pipeline.endpoint import RATE, Endpointer
from tests.real.conftest import clip

pytestmark = pytest.mark.real


def hall_noise(seconds: float, level: float = 0.003) -> np.ndarray:
    rng = np.random.default_rng(0)
    return (rng.standard_normal(int(RATE * seconds)) * level).astype(np.float32)


@pytest.mark.parametrize(("lang", "name"), [("en", "hello_world"), ("zh", "nihao_shijie"), ("zh", "pangrama")])
def test_real_speech_is_one_utterance_in_a_stream(lang: str, name: str) -> None:
    speech, _ = clip(lang, name)
    stream = np.concatenate([hall_noise(1.5), speech, hall_noise(2.0)])
    ep = Endpointer(load_vad())
    got: list[np.ndarray] = []
    for i in range(0, len(stream), 4800):
        got += ep.feed(stream[i : i + 4800])
    assert len(got) == 1, [len(u) / RATE for u in got]
    assert len(speech) / RATE * 0.6 <= len(got[0]) / RATE <= len(speech) / RATE + 1.5


def test_quiet_hall_noise_is_not_speech() -> None:
    ep = Endpointer(load_vad())
    assert ep.feed(hall_noise(5.0)) == [] and not ep.speaking
