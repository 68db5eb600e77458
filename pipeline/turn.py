"""One turn: input → transcript → products → guarded LLM sentences → speech, as an async event stream.

Blocking model calls run in worker threads; the LLM streams from its own thread into the loop, and a speaker
task synthesises sentences in order while the LLM keeps writing, so audio starts before the text ends.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from models.asr import ASR
from models.audio import AudioError, load_audio
from models.llm import LLM
from models.tts import TTS
from pipeline.catalogue import Customer, Product, Shop
from pipeline.config import TurnConfig
from pipeline.conversation import basket, rules
from pipeline.conversation import words as w
from pipeline.conversation.compound import SEARCHING, answer_asks
from pipeline.conversation.context import Context
from pipeline.conversation.customer import CustomerView
from pipeline.conversation.dispatch import weekly_policy, with_dispatch
from pipeline.conversation.lexicon import FAR_PLACES
from pipeline.conversation.loyalty import with_returning
from pipeline.conversation.phrase import build_messages, fallback_why
from pipeline.conversation.plan import Plan, make_plan, with_notes, with_traces
from pipeline.conversation.speak import Speaker
from pipeline.conversation.thresholds import settle, with_deposit
from pipeline.conversation.understand import HELD_FOR_VISIT, DialogueState, Understanding, understand
from pipeline.conversation.unsure import hold_total
from pipeline.conversation.vocab import build_vocab
from pipeline.conversation.words import once_in_full, sentence_join
from pipeline.events import (
    AnswerDone,
    Event,
    GuardReport,
    Handoff,
    Lang,
    Notice,
    PhotoMatched,
    PhotoVerdict,
    PolicyMatch,
    ProductMatch,
    Products,
    Sentence,
    Transcript,
    TurnStarted,
)
from pipeline.facts import Facts
from pipeline.needs import vocabulary_patterns
from pipeline.pacing import SpeechFirst, TurnClock
from pipeline.photo_match import PackMatcher
from pipeline.photo_reply import candidate_matches, look, two_packs_lead, unsure_reply
from pipeline.repair import Repairer, shop_vocabulary
from pipeline.retrieval import Retriever, cached_embed
from pipeline.store import Store
from pipeline.templates import message
from pipeline.textnum import detect_text_lang, has_cjk, speakable

__all__ = ["Guide", "TurnInput", "detect_text_lang", "speakable"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TurnInput:
    """What the customer gave: text, or audio (a file path, bytes or 16 kHz float32 samples), and optionally a
    photo of a pack (a file path or bytes)."""

    text: str | None = None
    audio: object | None = None
    customer_id: str | None = None
    image: object | None = None


class Guide:
    """Runs turns over loaded models. Build it with :func:`pipeline.app.build_guide` or with fakes in tests."""

    def __init__(
        self,
        shop: Shop,
        store: Store,
        retriever: Retriever,
        llm: LLM,
        voices: dict[str, TTS],
        asr: ASR | None = None,
        config: TurnConfig | None = None,
        max_tokens: int = 220,
        photos: PackMatcher | None = None,
    ) -> None:
        self.shop = shop
        self.store = store
        self.retriever = retriever
        self.asr = asr
        self.config = config or TurnConfig()
        self.photos = photos
        self.speaker = Speaker(voices, llm, max_tokens, self.config.max_llm_sentences)
        self.vocab = build_vocab(shop)  # once per shop, not once per question
        emb = retriever.embedder  # the policy clauses by meaning too, embedded once (cached in the store)
        if emb.semantic:  # a hashing fake's vectors carry no meaning to add
            self.vocab.clauses.embed(lambda items: cached_embed(emb, items, store), lambda t: emb.embed_queries([t])[0])
        words = {a for names in self.vocab.aliases.values() for a in names}
        regions = {p.region_zh for p in shop.products}
        self._repairer = Repairer(shop_vocabulary(words, vocabulary_patterns(self.vocab), regions))

    def _weekday(self) -> int:
        """Today's weekday (0 = Monday): the configured date's, else the machine's."""
        try:
            return date.fromisoformat(self.config.today[:10]).weekday()
        except ValueError:
            return date.today().weekday()

    @property
    def voices(self) -> dict[str, TTS]:
        return self.speaker.voices

    @voices.setter
    def voices(self, voices: dict[str, TTS]) -> None:
        self.speaker.voices = voices

    @property
    def llm(self) -> LLM:
        return self.speaker.llm

    @property
    def speech_first(self) -> SpeechFirst:
        return self.speaker.speech_first

    # ------------------------------------------------------------------------------------------
    async def run(self, turn_id: int, session_id: str, inp: TurnInput, stop: threading.Event) -> AsyncIterator[Event]:
        """The whole turn as events. ``stop`` is set from outside to interrupt the LLM thread."""
        gate = object()
        clock = TurnClock(on_first_audio=lambda: self.speech_first.done(gate))
        self.speech_first.begin(gate)
        try:
            async for ev in self._run(turn_id, session_id, inp, stop, clock):
                yield ev
        finally:
            self.speech_first.done(gate)

    async def _run(
        self, turn_id: int, session_id: str, inp: TurnInput, stop: threading.Event, clock: TurnClock
    ) -> AsyncIterator[Event]:
        source = "audio" if inp.audio is not None else "image" if inp.image is not None else "text"
        yield TurnStarted(turn_id, session_id, source)  # type: ignore[arg-type]
        lang: Lang = "zh" if self.config.default_lang == "zh" else "en"
        prev = self.store.history(session_id, limit=1)
        if prev:
            lang = "zh" if prev[-1].lang == "zh" else "en"
        if inp.audio is not None:
            got = await self._listen(turn_id, inp.audio, lang, clock)
            if isinstance(got, Notice):
                async for ev in self._notice_turn(turn_id, got, lang, clock):
                    yield ev
                return
            yield got
            question, lang = got.text, got.lang
        else:
            question = (inp.text or "").strip()
            if question:
                lang = detect_text_lang(question, lang)
            elif inp.image is not None:
                question = message("photo_question", lang)
            else:
                text = message("empty_text", lang)
                yield Notice(turn_id, "empty_text", text)
                yield clock.timings(turn_id)
                return
            yield Transcript(turn_id, question, lang, 1.0)
        verdict: PhotoVerdict | None = None
        if inp.image is not None:
            seen = await look(self.photos, turn_id, inp.image, lang)
            if isinstance(seen, Notice):
                async for ev in self._notice_turn(turn_id, seen, lang, clock):
                    yield ev
                return
            verdict = seen
            yield PhotoMatched(turn_id, verdict)
        if self.config.log_transcripts:
            log.info("turn %s question: %s", turn_id, question)

        if verdict is not None and verdict.decision != "match":
            async for ev in self._photo_unsure(turn_id, session_id, question, lang, verdict, clock):
                yield ev
        else:
            async for ev in self._answer(turn_id, session_id, question, lang, inp.customer_id, clock, stop, verdict):
                yield ev
        yield clock.timings(turn_id)

    async def _notice_turn(self, turn_id: int, notice: Notice, lang: Lang, clock: TurnClock) -> AsyncIterator[Event]:
        """A turn that ends in a notice (unclear audio, an unreadable photo): show it, say it, report timings."""
        yield notice
        async for ev in self.speaker.say(turn_id, notice.text, lang, clock):
            yield ev
        yield clock.timings(turn_id)

    # ------------------------------------------------------------------------------------------
    async def _photo_unsure(
        self, turn_id: int, session_id: str, question: str, lang: Lang, verdict: PhotoVerdict, clock: TurnClock
    ) -> AsyncIterator[Event]:
        """A photo we could not match with confidence: say so, offer the closest candidates, assert nothing."""
        text, products = unsure_reply(self.shop, verdict, lang)
        yield Products(turn_id, candidate_matches(products, verdict, lang))
        async for ev in self.speaker.say(turn_id, text, lang, clock):
            yield ev
        self._remember(session_id, turn_id, question, text, lang, tuple(products))
        yield AnswerDone(turn_id, text, lang, templated=True)

    # ------------------------------------------------------------------------------------------
    async def _listen(self, turn_id: int, audio: object, lang: Lang, clock: TurnClock) -> Transcript | Notice:
        if self.asr is None:
            return Notice(turn_id, "bad_audio", message("bad_audio", lang))
        try:
            samples = audio if isinstance(audio, np.ndarray) else await asyncio.to_thread(load_audio, audio)  # type: ignore[arg-type]
        except AudioError:
            return Notice(turn_id, "bad_audio", message("bad_audio", lang))
        seconds = len(samples) / 16_000
        if seconds > self.config.max_audio_s:
            limit = int(self.config.max_audio_s)
            return Notice(turn_id, "too_long", message("too_long", lang, limit=limit))
        result = await asyncio.to_thread(self.asr.transcribe, samples)
        clock.mark("asr")
        text = result.text.strip()
        if not re.search(r"\w", text):
            return Notice(turn_id, "no_speech", message("no_speech", lang))
        rlang: Lang = "zh" if result.lang == "zh" or has_cjk(text) else "en"
        if rlang == "zh":
            text = self._repairer.repair(text)  # misheard shop words (灵事 → 零食)
        return Transcript(turn_id, text, rlang, result.lang_probability, seconds)

    # ------------------------------------------------------------------------------------------
    async def _answer(
        self,
        turn_id: int,
        session_id: str,
        question: str,
        lang: Lang,
        customer_id: str | None,
        clock: TurnClock,
        stop: threading.Event,
        photo: PhotoVerdict | None = None,
    ) -> AsyncIterator[Event]:
        """understand → (retrieve) → plan → phrase → check → speak; a question of several asks, ask by ask."""
        state = DialogueState.from_json(self.store.dialogue_state(session_id))
        customer = self.shop.customer(customer_id) if customer_id else None
        photo_id = photo.best.product_id if photo is not None and photo.best is not None else None
        u, plan, relaxed = await self._plan(question, lang, state, customer, photo_id)

        async def ask_alone(part: str, table: DialogueState, first: bool) -> tuple[Understanding, Plan]:
            pu, pp, _ = await self._plan(part, lang, table, customer, photo_id if first else None)
            return pu, pp

        u, plan = await answer_asks(question, state, u, plan, ask_alone)  # "…没问题吧？两样加起来多少钱？"
        clock.mark("retrieval")
        yield Products(
            turn_id,
            tuple(
                ProductMatch(p.id, p.name(lang), p.price_cny, 1.0, plan.reasons.get(p.id, ()), p.in_stock)
                for p in plan.products
            ),
            u.needs.as_dict(),
            u.needs.asked_for,
        )
        for pol in plan.policies:
            yield PolicyMatch(turn_id, pol.id, 1.0)
        if plan.clerk:
            yield Handoff(turn_id, plan.act)
        plan = hold_total(plan, u, self.shop, lang)  # no sum over a part of the order it could not read
        plan = with_returning(
            plan, u, self.shop, customer, lang
        )  # a returning customer's discount, if the shop has one
        plan = settle(plan, u, lang, self.shop)  # the last total with postage, or against the free-from lines
        plan = with_deposit(plan, u, self.shop, lang)  # a pre-order's deposit now and its balance
        table = plan.products or tuple(p for pid in state.product_ids if (p := self.shop.product(pid)) is not None)
        if "dispatch" in u.topics:  # "今天周六了，这单啥时候能发？": the day it leaves, by the shop's rule
            weekly = weekly_policy(self.vocab.policy_for("dispatch"), self.shop.policies)
            far = bool(set(u.places or state.places) & FAR_PLACES)  # Hong Kong, Macau, Taiwan, abroad: their own days
            plan = with_dispatch(plan, question, table, weekly, lang, self._weekday(), abroad=far)
        plan = replace(
            plan, lead=w.said_once(tuple(dict.fromkeys(plan.lead))), closing=tuple(dict.fromkeys(plan.closing))
        )
        plan = replace(plan, closing=tuple(x for x in plan.closing if x not in plan.lead))  # each said once
        if not plan.lead and not plan.closing and not plan.compose:  # nothing settled to say: never silence
            unsure, _, clerk = rules.unclear(Context(u, lang, self.shop, self.vocab, CustomerView(customer)))
            plan = replace(plan, lead=unsure, clerk=plan.clerk or clerk)
        said = once_in_full((*plan.lead, *plan.closing), plan.products, lang)  # a full name once, then short
        plan = replace(plan, lead=said[: len(plan.lead)], closing=said[len(plan.lead) :])
        lead = list(plan.lead)
        if photo is not None and (two := two_packs_lead(self.shop, photo, lang)):
            lead.insert(0, two)
        answer: list[str] = []
        templated = True
        if plan.compose:
            facts = Facts(self.shop, plan.products, plan.policies, customer, relaxed, None, (None, None))
            messages = build_messages(question, lang, plan)
            fallback = fallback_why(plan, lang)
            async for ev in self.speaker.compose(
                turn_id, messages, facts, lang, clock, stop, lead, plan.closing, fallback
            ):
                if isinstance(ev, Sentence):
                    answer.append(ev.text)
                if isinstance(ev, GuardReport):
                    templated = not ev.ok
                yield ev
        else:
            async for ev in self.speaker.say(turn_id, sentence_join([*lead, *plan.closing], lang), lang, clock):
                if isinstance(ev, Sentence):
                    answer.append(ev.text)
                yield ev
        text = sentence_join(answer, lang)
        needs = plan.needs if plan.products and u.act in SEARCHING else state.needs
        if u.act == "allergy" and not plan.products:
            needs = state.needs
        if u.act == "suitability":  # "ok for my 10-month-old?": who it is for stays on the table
            asked = u.needs  # and what the asking said of them: a diabetic's sweetness, soft food for poor teeth
            needs = replace(
                needs,
                recipients=needs.recipients | u.suitability | asked.recipients,
                max_sweetness=asked.max_sweetness if asked.max_sweetness is not None else needs.max_sweetness,
                soft=needs.soft or asked.soft,
            )
        # what the customer said they avoid ("halal only and no alcohol", "I'm lacto-vegetarian") holds for the visit
        needs = replace(
            needs,
            avoid_allergens=needs.avoid_allergens | state.needs.avoid_allergens | u.needs.avoid_allergens,
            recipients=needs.recipients | ((state.needs.recipients | u.needs.recipients) & HELD_FOR_VISIT),
        )
        ids = tuple(p.id for p in table)
        if u.adds:  # "…as well": the table keeps what was on it
            ids = tuple(dict.fromkeys((*state.product_ids, *ids)))
        counts = basket.after(state.quantities, u, plan.priced, self.shop)
        extras_said = state.extras_said  # the box, card or courier asked for with this order, for its next total
        if counts and (set(u.topics) & {"gift_wrap", "courier"} or plan.extras_priced):
            extras_said = f"{extras_said} {question}".strip()[-300:]
        sending = bool(set(u.topics) & {"send", "shipping_fee", "delivery_time", "courier", "overseas"})
        travelling = "luggage" in u.topics or (state.travelling and not sending)
        new_state = DialogueState(
            ids,
            needs,
            u.places or state.places,
            u.act,
            u.attributes,
            u.allergens,
            u.suitability,
            u.topics,
            counts,
            extras_said if counts else "",
            travelling,
        )
        self.store.set_dialogue_state(session_id, new_state.to_json())
        self._remember(session_id, turn_id, question, text, lang, plan.products)
        yield AnswerDone(turn_id, text, lang, templated=templated, kind=plan.act)

    async def _plan(
        self, question: str, lang: Lang, state: DialogueState, customer: Customer | None, photo_id: str | None
    ) -> tuple[Understanding, Plan, bool]:
        """One ask understood against the table, the catalogue searched when it wants products, and planned."""
        u = understand(question, self.shop, self.vocab, state, customer, photo_id)
        found: tuple[Product, ...] = ()
        relaxed = False
        if u.act in SEARCHING:
            u = replace(u, needs=CustomerView(customer).apply(u.needs))
            k = self.config.max_products * 2 + len(u.exclude_ids)  # what is left out must not empty the list
            result = await asyncio.to_thread(self.retriever.search, question, u.needs, lang, k, (), customer)
            found = tuple(c.product for c in result.candidates if c.product.id not in u.exclude_ids)
            relaxed = result.relaxed
        plan = make_plan(u, lang, self.shop, self.vocab, customer, found, relaxed)
        plan = with_traces(plan, u, lang, self.shop, self.vocab, customer)  # a shared line's traces, for an allergy
        return u, with_notes(plan, u, customer, lang), relaxed  # the clerk's notes on others, said first

    def _remember(self, session_id: str, turn_id: int, q: str, a: str, lang: str, products: tuple[object, ...]) -> None:
        ids = tuple(p.id for p in products)  # type: ignore[attr-defined]
        self.store.add_turn(session_id, turn_id, "user", q, lang, ())
        self.store.add_turn(session_id, turn_id, "assistant", a, lang, ids)
