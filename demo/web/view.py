"""What the page shows, folded from a turn's events — no gradio here, so it is tested on its own.

A :class:`Conversation` holds the finished turns of one browser session and the running one. Each event updates
the running :class:`TurnView`; :func:`render` turns the conversation into the page's HTML, and the audio feed is a
growing text of ``turn|index|base64-WAV`` lines that the page's player (``player.js``) plays in order, dropping any
turn older than the newest it has seen.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from demo.web.i18n import t
from pipeline.catalogue import Shop
from pipeline.events import (
    AnswerDone,
    AudioChunk,
    Event,
    Lang,
    Notice,
    PhotoMatched,
    Products,
    TextDelta,
    Transcript,
    TurnCancelled,
    TurnFailed,
    TurnStarted,
    TurnTimings,
)

__all__ = ["EMPTY", "Card", "Conversation", "TurnView", "render", "render_latency", "wav_b64"]

EMPTY = '<div class="x-convo"></div>'  # a conversation with no turns yet


@dataclass(frozen=True)
class Card:
    """One product card: what a clerk would hold up."""

    product_id: str
    name: str
    price_cny: float
    image_url: str | None
    facts: tuple[str, ...]
    reasons: tuple[str, ...]
    in_stock: bool
    confidence: float | None = None  # the photo match's, for photo turns


@dataclass
class TurnView:
    """One turn as the page shows it."""

    seq: int  # numbers the tab's turns (the page's player drops audio of older ones)
    lang: Lang
    turn_id: int | None = None
    question: str = ""
    photo_url: str | None = None
    cards: list[Card] = field(default_factory=list)
    answer: str = ""
    final: bool = False
    notice: str = ""
    timings: TurnTimings | None = None
    photo_ms: float | None = None
    audio: list[str] = field(default_factory=list)
    cancelled: bool = False
    done: bool = False


class Conversation:
    """A browser session's turns. ``image_url(path)`` gives the URL under which the page may load a file."""

    def __init__(self, shop: Shop, image_url: Callable[[str], str | None], lang: Lang = "zh") -> None:
        self.shop = shop
        self.image_url = image_url
        self.lang: Lang = lang
        self.turns: list[TurnView] = []
        self._confidence: dict[str, float] = {}
        self._seq = 0

    @property
    def current(self) -> TurnView | None:
        return self.turns[-1] if self.turns else None

    def begin(self, question: str, photo_path: str | None = None) -> TurnView:
        """A new turn on the page (its pipeline turn id arrives with :class:`TurnStarted`)."""
        self._seq += 1
        photo = self.image_url(photo_path) if photo_path else None
        view = TurnView(self._seq, self.lang, question=question, photo_url=photo)
        self.turns.append(view)
        self._confidence = {}
        return view

    def add(self, ev: Event) -> bool:
        """Fold one event into the running turn; True when the page should update."""
        view = self.current
        if view is None:
            return False
        if isinstance(ev, TurnStarted) and view.turn_id is None:
            view.turn_id = ev.turn_id
            return False
        if ev.turn_id != view.turn_id:  # an older turn's last words (its cancellation) still land on it
            older = [v for v in self.turns[:-1] if v.turn_id == ev.turn_id]
            if not (older and isinstance(ev, TurnCancelled)):
                return False
            older[-1].cancelled = older[-1].done = True
            return True
        if isinstance(ev, Transcript):
            view.question, view.lang = ev.text, ev.lang
            self.lang = ev.lang
        elif isinstance(ev, PhotoMatched):
            view.photo_ms = ev.verdict.ms
            self._confidence = {c.product_id: c.confidence for c in ev.verdict.candidates}
        elif isinstance(ev, Products):
            cards = (self._card(m.product_id, m.reasons, view.lang) for m in ev.items)
            view.cards = [c for c in cards if c is not None]
        elif isinstance(ev, TextDelta):
            if not view.final:
                view.answer += ev.text
        elif isinstance(ev, AnswerDone):
            view.answer, view.final = ev.text, True
        elif isinstance(ev, Notice):
            view.notice = ev.text
        elif isinstance(ev, AudioChunk):
            view.audio.append(f"{view.seq}|{ev.sentence_index}|{wav_b64(ev)}")
        elif isinstance(ev, TurnTimings):
            view.timings, view.done = ev, True
        elif isinstance(ev, TurnCancelled):
            view.cancelled = view.done = True
        elif isinstance(ev, TurnFailed):
            view.notice, view.done = ev.text, True
        else:
            return False
        return True

    def audio_feed(self) -> str:
        """The running turn's audio lines (what the page's player consumes)."""
        view = self.current
        return "\n".join(view.audio) if view else ""

    def _card(self, product_id: str, reasons: tuple[str, ...], lang: Lang) -> Card | None:
        p = self.shop.product(product_id)
        if p is None:
            return None
        images = self.shop.pack_images(product_id)
        facts = [p.size_text(lang), p.region_zh if lang == "zh" else p.region_en]
        facts.append(t("shelf_life", lang, days=p.shelf_life_days))
        if p.gift_box:
            facts.append(t("gift_box", lang))
        if p.cold_chain:
            facts.append(t("cold_chain", lang))
        return Card(
            p.id,
            p.name(lang),
            p.price_cny,
            self.image_url(str(images[0])) if images else None,
            tuple(f for f in facts if f),
            reasons,
            p.in_stock,
            self._confidence.get(product_id),
        )


def wav_b64(chunk: AudioChunk) -> str:
    """A sentence's audio as a base64 WAV (16-bit mono at the voice's own rate)."""
    import soundfile as sf

    buf = io.BytesIO()
    sf.write(buf, chunk.samples, chunk.sample_rate, format="WAV", subtype="PCM_16")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _e(s: str) -> str:
    return html.escape(s, quote=True)


def _card_html(c: Card, lang: Lang) -> str:
    img = f'<img src="{_e(c.image_url)}" alt="{_e(c.name)}" loading="lazy">' if c.image_url else ""
    price = t("price", lang, price=c.price_cny)
    stock = "" if c.in_stock else f' <span class="x-oos">{t("out_of_stock", lang)}</span>'
    conf = (
        f'<div class="x-conf">{t("confidence", lang, pct=round(c.confidence * 100))}</div>'
        if c.confidence is not None
        else ""
    )
    facts = " · ".join(_e(f) for f in c.facts)
    why = "".join(f"<li>{_e(r)}</li>" for r in c.reasons[:3])
    return (
        f'<div class="x-card" data-product="{_e(c.product_id)}">{img}<div class="x-card-body">'
        f'<div class="x-name">{_e(c.name)}</div><div class="x-price">{price}{stock}</div>'
        f'<div class="x-facts">{facts}</div>{conf}'
        + (f'<ul class="x-why" title="{t("why", lang)}">{why}</ul>' if why else "")
        + "</div></div>"
    )


def _turn_html(v: TurnView, ui_lang: Lang) -> str:
    parts = [f'<div class="x-turn" data-seq="{v.seq}">']
    q = _e(v.question) if v.question else ""
    photo = f'<img class="x-photo" src="{_e(v.photo_url)}" alt="">' if v.photo_url else ""
    if q or photo:
        parts.append(f'<div class="x-q"><b>{t("you", ui_lang)}</b> {photo}<span class="x-q-text">{q}</span></div>')
    if v.cards:
        parts.append('<div class="x-cards">' + "".join(_card_html(c, v.lang) for c in v.cards) + "</div>")
    if v.notice:
        parts.append(f'<div class="x-notice">{_e(v.notice)}</div>')
    if v.answer:
        parts.append(
            f'<div class="x-a"><b>{t("guide", ui_lang)}</b> <span class="x-a-text">{_e(v.answer)}</span></div>'
        )
    if v.cancelled:
        parts.append(f'<div class="x-stopped">{t("stopped", ui_lang)}</div>')
    parts.append("</div>")
    return "".join(parts)


def render(conv: Conversation, greeting: str = "") -> str:
    """The whole conversation, newest turn last."""
    body = "".join(_turn_html(v, conv.lang) for v in conv.turns)
    if not body and greeting:
        body = f'<div class="x-greeting">{_e(greeting)}</div>'
    return f'<div class="x-convo">{body}</div>'


def render_latency(v: TurnView | None, lang: Lang) -> str:
    """The latency strip for a turn: server-side seconds from the end of the customer's input."""
    if v is None or v.timings is None:
        return '<div class="x-lat"></div>'
    tm = v.timings
    items = [
        ("lat_asr", tm.asr),
        ("lat_first_token", tm.llm_first_token),
        ("lat_first_audio", tm.end_of_input_to_first_audio),
        ("lat_total", tm.total),
    ]
    if v.photo_ms is not None:
        items.insert(0, ("lat_photo", v.photo_ms / 1000))
    cells = "".join(
        f'<span class="x-lat-item" data-key="{k}">{t(k, lang)} <b>{"—" if s is None else f"{s:.2f}s"}</b></span>'
        for k, s in items
    )
    return f'<div class="x-lat" data-seq="{v.seq}">{cells}</div>'
