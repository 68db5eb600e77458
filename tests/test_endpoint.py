"""Hands-free end-of-speech detection on a scripted VAD (loud = speech)."""

from __future__ import annotations

import numpy as np

from models.vad import VADConfig
from pipeline.endpoint import RATE, Endpointer


class LoudVAD:
    window = 512

    def __init__(self) -> None:
        self.resets = 0

    def probability(self, frame: np.ndarray) -> float:
        return 1.0 if float(np.sqrt(np.mean(frame**2))) > 0.05 else 0.0

    def reset(self) -> None:
        self.resets += 1


def tone(s: float) -> np.ndarray:
    return (0.3 * np.sin(np.arange(int(RATE * s)) * 2 * np.pi * 220 / RATE)).astype(np.float32)


def quiet(s: float) -> np.ndarray:
    return np.zeros(int(RATE * s), np.float32)


def feed_in_pieces(ep: Endpointer, audio: np.ndarray, piece: int = 4800) -> list[np.ndarray]:
    out: list[np.ndarray] = []
    for i in range(0, len(audio), piece):  # the browser sends ~0.3 s pieces of arbitrary length
        out += ep.feed(audio[i : i + piece])
    return out


def test_one_utterance_with_pre_roll_and_trailing_silence() -> None:
    ep = Endpointer(LoudVAD(), VADConfig(silence_s=0.7, pre_roll_s=0.3))
    got = feed_in_pieces(ep, np.concatenate([quiet(1.0), tone(1.5), quiet(1.5)]))
    assert len(got) == 1
    seconds = len(got[0]) / RATE
    assert 1.5 + 0.7 <= seconds <= 1.5 + 0.3 + 0.8, seconds  # speech + pre-roll + the silence that ended it
    assert not ep.speaking


def test_nothing_ends_until_the_silence_is_long_enough() -> None:
    ep = Endpointer(LoudVAD(), VADConfig(silence_s=0.7))
    assert feed_in_pieces(ep, np.concatenate([tone(1.0), quiet(0.4), tone(0.5), quiet(0.4)])) == []
    assert ep.speaking, "a short pause mid-sentence does not end the turn"
    assert len(feed_in_pieces(ep, quiet(0.5))) == 1


def test_a_cough_is_not_a_question_and_two_questions_are_two() -> None:
    ep = Endpointer(LoudVAD(), VADConfig(min_speech_s=0.25))
    assert feed_in_pieces(ep, np.concatenate([tone(0.1), quiet(1.0)])) == []
    got = feed_in_pieces(ep, np.concatenate([tone(1.0), quiet(1.0), tone(0.8), quiet(1.0)]))
    assert len(got) == 2


def test_endless_speech_is_cut_at_the_limit_and_reset_forgets() -> None:
    vad = LoudVAD()
    ep = Endpointer(vad, max_s=3.0)
    got = feed_in_pieces(ep, tone(7.0))
    assert len(got) == 2 and all(abs(len(u) / RATE - 3.0) < 0.1 for u in got)
    ep.feed(tone(0.5))
    assert ep.speaking
    ep.reset()
    assert not ep.speaking and vad.resets == 1
