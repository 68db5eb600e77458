"""Typed events that flow from the turn orchestrator to the front ends (CLI, web).

Every event carries the ``turn_id`` of the turn that produced it, so a front end can drop anything that
belongs to a cancelled turn. Audio carries its sample rate and dtype with the samples.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np

__all__ = [
    "AnswerDone",
    "AudioChunk",
    "Event",
    "GuardReport",
    "Handoff",
    "Lang",
    "Notice",
    "PhotoCandidate",
    "PhotoMatched",
    "PhotoVerdict",
    "PolicyMatch",
    "ProductMatch",
    "Products",
    "Sentence",
    "TextDelta",
    "Transcript",
    "TurnCancelled",
    "TurnFailed",
    "TurnStarted",
    "TurnTimings",
    "event_to_dict",
]

Lang = Literal["zh", "en"]


@dataclass(frozen=True)
class Event:
    """Base class: every event belongs to one turn."""

    turn_id: int


@dataclass(frozen=True)
class TurnStarted(Event):
    """A turn began; ``source`` is how the customer asked."""

    session_id: str
    source: Literal["text", "audio", "image"]


@dataclass(frozen=True)
class Transcript(Event):
    """What the customer said (or typed), and in which language."""

    text: str
    lang: Lang
    lang_probability: float
    audio_seconds: float = 0.0


@dataclass(frozen=True)
class Notice(Event):
    """A message for the customer that is not an answer: unclear audio, a bad file, too long …

    ``code`` is stable for programs (``no_speech``, ``bad_audio``, ``too_long`` …); ``text`` is for people.
    """

    code: str
    text: str


@dataclass(frozen=True)
class ProductMatch:
    """One catalogue product the turn considered, with why it fits."""

    product_id: str
    name: str
    price_cny: float
    score: float
    reasons: tuple[str, ...]
    in_stock: bool


@dataclass(frozen=True)
class Products(Event):
    """The products the answer may talk about, best first (empty when nothing fits)."""

    items: tuple[ProductMatch, ...]
    needs: dict[str, Any] = field(default_factory=dict)
    unknown_product: str | None = None


@dataclass(frozen=True)
class PhotoCandidate:
    """A catalogue product a photo may show.

    Attributes:
        product_id: the catalogue id.
        confidence: calibrated probability (0-1) that the photo shows this product.
        inliers: local features that agree on one pack-shaped plane with the product's photo (geometry).
        text: how well the text printed where this product has text reads as this product's (0-1; -1 unread).
        similarity: global image-embedding cosine with the product's closest photo.
        area: fraction of the photo the pack covers (0 when it was not located).
    """

    product_id: str
    confidence: float
    inliers: int
    text: float
    similarity: float
    area: float


@dataclass(frozen=True)
class PhotoVerdict:
    """What the matcher decided about one photo.

    ``decision`` is ``match`` (assert the first candidate), ``confirm`` (likely the first, ask the customer to
    confirm among the candidates) or ``not_in_catalogue`` (say so; the candidates are only the closest).
    ``also_seen`` is a second, different product in the same photo. ``text_seen`` is what OCR read — data for
    matching and display, never instructions.
    """

    decision: Literal["match", "confirm", "not_in_catalogue"]
    candidates: tuple[PhotoCandidate, ...]
    also_seen: PhotoCandidate | None = None
    text_seen: tuple[str, ...] = ()
    ms: float = 0.0

    @property
    def best(self) -> PhotoCandidate | None:
        return self.candidates[0] if self.candidates else None


@dataclass(frozen=True)
class PhotoMatched(Event):
    """The turn's photo was matched against the catalogue."""

    verdict: PhotoVerdict


@dataclass(frozen=True)
class PolicyMatch(Event):
    """A shop policy / FAQ entry that answers (part of) the question."""

    policy_id: str
    score: float


@dataclass(frozen=True)
class TextDelta(Event):
    """A piece of the answer text as the LLM streams it (before the guard's final word)."""

    text: str


@dataclass(frozen=True)
class Sentence(Event):
    """A complete, guard-checked sentence that is being spoken."""

    index: int
    text: str
    lang: Lang


@dataclass(frozen=True)
class AudioChunk(Event):
    """Synthesised speech for one sentence.

    Attributes:
        samples: mono PCM, shape (n,), dtype int16.
        sample_rate: samples per second.
        sentence_index: which :class:`Sentence` it speaks.
        voice: which voice made it.
    """

    samples: np.ndarray
    sample_rate: int
    sentence_index: int
    voice: str

    @property
    def seconds(self) -> float:
        return len(self.samples) / float(self.sample_rate)


@dataclass(frozen=True)
class GuardReport(Event):
    """What the grounding guard found in the LLM's answer and what it did."""

    ok: bool
    violations: tuple[str, ...]
    action: Literal["passed", "replaced"]


@dataclass(frozen=True)
class Handoff(Event):
    """The answer calls a clerk: the customer asked for a person, a complaint, a bulk quote, a severe allergy.

    ``reason`` is the answer's kind (``human``, ``complaint``, ``bulk``, ``allergy``, ``policy``).
    """

    reason: str


@dataclass(frozen=True)
class AnswerDone(Event):
    """The final answer text (what was spoken); ``kind`` is the answer's kind (``recommend``, ``policy`` …)."""

    text: str
    lang: Lang
    templated: bool
    kind: str = ""


@dataclass(frozen=True)
class TurnTimings(Event):
    """Seconds from the start of the turn (end of the customer's input) to each milestone; None if not reached."""

    asr: float | None = None
    retrieval: float | None = None
    llm_first_token: float | None = None
    first_sentence: float | None = None
    tts_first_audio: float | None = None
    end_of_input_to_first_audio: float | None = None
    total: float | None = None


@dataclass(frozen=True)
class TurnCancelled(Event):
    """The turn was interrupted (a new turn started or the customer pressed stop)."""

    reason: str


@dataclass(frozen=True)
class TurnFailed(Event):
    """Something broke; the session goes on."""

    text: str


def event_to_dict(event: Event) -> dict[str, Any]:
    """A JSON-ready dict with the event's type; audio is replaced by its length and rate."""
    if isinstance(event, AudioChunk):
        d: dict[str, Any] = {
            "turn_id": event.turn_id,
            "sentence_index": event.sentence_index,
            "sample_rate": event.sample_rate,
            "samples": len(event.samples),
            "seconds": round(event.seconds, 3),
            "voice": event.voice,
        }
    else:
        d = asdict(event)
    d["type"] = type(event).__name__
    return d
