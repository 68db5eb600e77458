"""Terminal output for events and the spoken-answer WAV writer (used by the CLI)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

import numpy as np

from models.audio import resample
from pipeline.events import (
    AnswerDone,
    AudioChunk,
    Event,
    GuardReport,
    Handoff,
    Notice,
    PhotoMatched,
    PolicyMatch,
    Products,
    TextDelta,
    Transcript,
    TurnCancelled,
    TurnFailed,
    TurnTimings,
)

__all__ = ["AnswerWriter", "print_event"]

OUT_RATE = 24_000


class AnswerWriter:
    """Appends each audio chunk to one WAV (24 kHz mono int16) as it arrives."""

    def __init__(self, path: Path) -> None:
        import soundfile as sf

        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._f = sf.SoundFile(str(path), "w", samplerate=OUT_RATE, channels=1, subtype="PCM_16")
        self.seconds = 0.0

    def add(self, ev: Event) -> dict[str, object] | None:
        if not isinstance(ev, AudioChunk):
            return None
        audio = ev.samples.astype(np.float32) / 32768.0
        audio = resample(audio, ev.sample_rate, OUT_RATE)
        start = self.seconds
        self._f.write(audio)
        self.seconds += len(audio) / OUT_RATE
        return {"written_to": str(self.path), "offset_s": round(start, 3)}

    def close(self) -> None:
        self._f.close()


def _ms(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}s"


def print_event(ev: Event, out: TextIO | None = None) -> None:
    """Human-readable, as it happens."""
    f = out or sys.stdout
    w = f.write
    if isinstance(ev, Transcript):
        w(f"\n🗣  [{ev.lang}] {ev.text}\n")
    elif isinstance(ev, Products):
        if ev.unknown_product:
            w(f"   (not in the catalogue: {ev.unknown_product})\n")
        for i, p in enumerate(ev.items, 1):
            why = "; ".join(p.reasons)
            stock = "" if p.in_stock else " [out of stock]"
            w(
                f"   {i}. {p.name} ¥{p.price_cny:g}{stock} — {why}\n"
                if why
                else f"   {i}. {p.name} ¥{p.price_cny:g}{stock}\n"
            )
        w("🧑‍🍳 ")
    elif isinstance(ev, PhotoMatched):
        v = ev.verdict
        w(f"   📷 {v.decision} ({v.ms:.0f} ms)\n")
        for i, c in enumerate(v.candidates, 1):
            w(f"      {i}. {c.product_id}  confidence {c.confidence:.2f}  (geometry {c.inliers}, text {c.text:.2f})\n")
        if v.also_seen:
            w(f"      also in the photo: {v.also_seen.product_id}\n")
    elif isinstance(ev, PolicyMatch):
        w(f"   (policy: {ev.policy_id})\n")
    elif isinstance(ev, TextDelta):
        w(ev.text)
    elif isinstance(ev, Notice):
        w(f"⚠  {ev.text}\n")
    elif isinstance(ev, GuardReport) and not ev.ok:
        w(f"\n   [check: the LLM's sentence was not spoken — {'; '.join(ev.violations)}]\n")
    elif isinstance(ev, Handoff):
        w(f"   [a clerk is called: {ev.reason}]\n")
    elif isinstance(ev, AnswerDone):
        w("\n")
    elif isinstance(ev, TurnTimings):
        w(
            f"   ⏱ asr {_ms(ev.asr)} · retrieval {_ms(ev.retrieval)} · llm first token {_ms(ev.llm_first_token)}"
            f" · first sentence {_ms(ev.first_sentence)} · first audio {_ms(ev.tts_first_audio)} · total {_ms(ev.total)}\n"
        )
    elif isinstance(ev, TurnCancelled):
        w(f"\n   [interrupted: {ev.reason}]\n")
    elif isinstance(ev, TurnFailed):
        w(f"\n⚠  {ev.text}\n")
    f.flush()
