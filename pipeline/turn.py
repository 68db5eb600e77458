"""One turn: input → transcript → products → guarded LLM sentences → speech, as an async event stream.

Blocking model calls run in worker threads; the LLM streams from its own thread into the loop, and a speaker
task synthesises sentences in order while the LLM keeps writing, so audio starts before the text ends.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections.abc import AsyncIterator, Generator
from dataclasses import dataclass, replace

import numpy as np

from models.asr import ASR
from models.audio import AudioError, load_audio
from models.llm import LLM, ChatMessage
from models.tts import TTS
from pipeline.catalogue import Shop
from pipeline.chunker import SentenceChunker, clean_sentence, similar, split_sentences
from pipeline.config import TurnConfig
from pipeline.events import (
    AnswerDone,
    AudioChunk,
    Event,
    GuardReport,
    Lang,
    Notice,
    PhotoMatched,
    PhotoVerdict,
    PolicyMatch,
    ProductMatch,
    Products,
    Sentence,
    TextDelta,
    Transcript,
    TurnStarted,
)
from pipeline.facts import Facts
from pipeline.guard import Guard
from pipeline.needs import parse_needs, product_aliases, vocabulary_patterns
from pipeline.pacing import SpeechFirst, TurnClock
from pipeline.photo_match import PackMatcher
from pipeline.photo_reply import candidate_matches, look, two_packs_lead, unsure_reply
from pipeline.prompt import build_messages
from pipeline.repair import Repairer, shop_vocabulary
from pipeline.retrieval import Retriever
from pipeline.store import Store
from pipeline.templates import facts_answer, message, opener
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


@dataclass(frozen=True)
class _Piece:
    text: str


@dataclass(frozen=True)
class _LLMEnd:
    error: Exception | None = None


@dataclass(frozen=True)
class _Spoken:
    chunk: AudioChunk


@dataclass(frozen=True)
class _SpeakerEnd:
    pass


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
        self.llm = llm
        self.voices = voices
        self.asr = asr
        self.config = config or TurnConfig()
        self.max_tokens = max_tokens
        self.photos = photos
        self.speech_first = SpeechFirst()  # shared by every session's turns
        self._aliases = product_aliases(shop)  # once per shop, not once per question
        words = {a for names in self._aliases.values() for a in names}
        regions = {p.region_zh for p in shop.products}
        self._repairer = Repairer(shop_vocabulary(words, vocabulary_patterns(), regions))

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
        async for ev in self._speak_text(turn_id, notice.text, lang, clock):
            yield ev
        yield clock.timings(turn_id)

    # ------------------------------------------------------------------------------------------
    async def _photo_unsure(
        self, turn_id: int, session_id: str, question: str, lang: Lang, verdict: PhotoVerdict, clock: TurnClock
    ) -> AsyncIterator[Event]:
        """A photo we could not match with confidence: say so, offer the closest candidates, assert nothing."""
        text, products = unsure_reply(self.shop, verdict, lang)
        yield Products(turn_id, candidate_matches(products, verdict, lang))
        async for ev in self._speak_text(turn_id, text, lang, clock):
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
        history = self.store.history(session_id, limit=self.config.history_turns)
        context_ids: tuple[str, ...] = ()
        for h in reversed(history):
            if h.role == "assistant" and h.product_ids:
                context_ids = h.product_ids
                break
        customer = self.shop.customer(customer_id) if customer_id else None
        needs = parse_needs(question, self.shop, self._aliases)
        lead_photo = ""
        if photo is not None and photo.best is not None:  # the photo names the product; the words ask about it
            needs = replace(needs, named_products=(photo.best.product_id,))
            lead_photo = two_packs_lead(self.shop, photo, lang)
        intent = needs.intent
        result = await asyncio.to_thread(
            self.retriever.search, question, needs, lang, self.config.max_products, context_ids, customer
        )
        clock.mark("retrieval")
        template_code = None
        if intent.greeting:
            template_code = "greeting"
        elif intent.medical:
            template_code = "medical"
        elif intent.injection:
            template_code = "injection"
        elif intent.off_topic and not needs.has_constraints and not result.policies:
            template_code = "off_topic"
        products = tuple(c.product for c in result.candidates)
        if template_code in ("greeting", "off_topic"):
            products = ()
        facts = Facts(
            self.shop,
            products,
            result.policies,
            customer,
            result.relaxed,
            needs.asked_for,
            (needs.min_price, needs.max_price),
        )
        yield Products(
            turn_id,
            tuple(
                ProductMatch(
                    c.product.id,
                    c.product.name(lang),
                    c.product.price_cny,
                    round(c.score, 4),
                    c.reasons,
                    c.product.in_stock,
                )
                for c in result.candidates
                if c.product in products
            ),
            needs.as_dict(),
            needs.asked_for,
        )
        for pol in result.policies:
            yield PolicyMatch(turn_id, pol.id, 1.0)

        if template_code or needs.asked_for:
            lead = message(template_code, lang) if template_code else ""
            if template_code in ("greeting", "off_topic"):
                text = lead
            elif template_code == "injection" and not needs.named_products:
                text = lead
            else:
                text = facts_answer(facts, lang, lead=lead)
            if lead_photo:
                text = f"{lead_photo}{'' if lang == 'zh' else ' '}{text}"
            async for ev in self._speak_text(turn_id, text, lang, clock):
                yield ev
            self._remember(session_id, turn_id, question, text, lang, products)
            yield AnswerDone(turn_id, text, lang, templated=True)
            return

        if result.policies and not products:
            text = (
                " ".join(p.answer(lang) for p in result.policies)
                if lang == "en"
                else "".join(p.answer(lang) for p in result.policies)
            )
            async for ev in self._speak_text(turn_id, text, lang, clock):
                yield ev
            self._remember(session_id, turn_id, question, text, lang, products)
            yield AnswerDone(turn_id, text, lang, templated=True)
            return

        first = opener(facts, lang, cheaper=intent.cheaper, named=bool(needs.named_products))
        if lead_photo:
            first = f"{lead_photo}{'' if lang == 'zh' else ' '}{first}"
        messages = build_messages(question, lang, facts, history, said=first)
        answer: list[str] = []
        templated = False
        async for ev in self._generate(turn_id, messages, facts, lang, clock, stop, first):
            if isinstance(ev, Sentence):
                answer.append(ev.text)
            if isinstance(ev, GuardReport) and not ev.ok:
                templated = True
            yield ev
        text = ("" if lang == "zh" else " ").join(answer)
        self._remember(session_id, turn_id, question, text, lang, products)
        yield AnswerDone(turn_id, text, lang, templated=templated)

    def _remember(self, session_id: str, turn_id: int, q: str, a: str, lang: str, products: tuple[object, ...]) -> None:
        ids = tuple(p.id for p in products)  # type: ignore[attr-defined]
        self.store.add_turn(session_id, turn_id, "user", q, lang, ())
        self.store.add_turn(session_id, turn_id, "assistant", a, lang, ids)

    # ------------------------------------------------------------------------------------------
    async def _generate(
        self,
        turn_id: int,
        messages: list[ChatMessage],
        facts: Facts,
        lang: Lang,
        clock: TurnClock,
        stop: threading.Event,
        first: str = "",
    ) -> AsyncIterator[Event]:
        loop = asyncio.get_running_loop()
        inbox: asyncio.Queue[_Piece | _LLMEnd | _Spoken | _SpeakerEnd] = asyncio.Queue()
        to_speak: asyncio.Queue[tuple[int, str] | None] = asyncio.Queue()

        def produce() -> None:
            error: Exception | None = None
            stream = self.llm.stream(messages, self.max_tokens, stop)
            try:
                for piece in stream:
                    loop.call_soon_threadsafe(inbox.put_nowait, _Piece(piece))
                    if stop.is_set():
                        break
            except Exception as e:  # noqa: BLE001 - reported to the turn, which answers from a template
                error = e
            finally:
                if isinstance(stream, Generator):
                    stream.close()  # now, in this thread: an HTTP stream closes its connection, llama.cpp stops
            loop.call_soon_threadsafe(inbox.put_nowait, _LLMEnd(error))

        async def start_llm() -> None:
            if not first:
                clock.on_first_audio()  # nothing of ours to say first: only other turns' first audio goes ahead
            await self.speech_first.wait(stop)
            if stop.is_set():
                inbox.put_nowait(_LLMEnd(None))
                return
            await loop.run_in_executor(None, produce)

        producer = asyncio.ensure_future(start_llm())
        speaker = asyncio.create_task(self._speaker(turn_id, lang, to_speak, inbox, clock))
        guard = Guard(facts)
        chunker = SentenceChunker()
        said: list[str] = []
        llm_sentences = 0
        open_to_llm = True  # False once the LLM has said enough, or the guard replaced its answer
        replaced = False
        llm_done = speaker_done = False

        async def say(text: str) -> list[Event]:
            index = len(said)
            said.append(text)
            clock.mark("first_sentence")
            await to_speak.put((index, text))
            delta = text if lang == "zh" or index == 0 else " " + text
            return [Sentence(turn_id, index, text, lang), TextDelta(turn_id, delta)]

        try:
            if first:
                for ev in await say(first):
                    yield ev
            while not (llm_done and speaker_done):
                item = await inbox.get()
                if isinstance(item, _Spoken):
                    clock.mark("tts_first_audio")
                    yield item.chunk
                    continue
                if isinstance(item, _SpeakerEnd):
                    speaker_done = True
                    continue
                sentences: list[str] = []
                if isinstance(item, _Piece):
                    clock.mark("llm_first_token")
                    if open_to_llm:
                        sentences = chunker.feed(item.text)
                else:
                    llm_done = True
                    if open_to_llm:
                        sentences = chunker.flush()
                    if item.error is not None:
                        log.warning("LLM failed (%s); answering from facts", type(item.error).__name__)
                    if not replaced and (item.error is not None or (not said and not sentences)):
                        replaced, open_to_llm = True, False
                        yield GuardReport(turn_id, False, ("no answer from the LLM",), "replaced")
                        for t in split_sentences(facts_answer(facts, lang)):
                            for ev in await say(t):
                                yield ev
                for raw in sentences:
                    if not open_to_llm:
                        break
                    text = clean_sentence(raw)
                    if not text or any(similar(text, prev) > 0.6 for prev in said):
                        continue
                    check = guard.check(text)
                    if not check.ok:
                        replaced, open_to_llm = True, False
                        stop.set()
                        log.info("guard replaced an answer: %s", "; ".join(check.violations))
                        yield GuardReport(turn_id, False, check.violations, "replaced")
                        for t in split_sentences(facts_answer(facts, lang)):
                            for ev in await say(t):
                                yield ev
                        break
                    for ev in await say(text):
                        yield ev
                    llm_sentences += 1
                    if llm_sentences >= self.config.max_llm_sentences:
                        open_to_llm = False
                        stop.set()  # enough: a clerk keeps it short, and the CPU goes to speech
                if llm_done:
                    await to_speak.put(None)
            if not replaced:
                yield GuardReport(turn_id, True, (), "passed")
        finally:
            stop.set()
            speaker.cancel()
            await asyncio.gather(producer, return_exceptions=True)

    async def _speaker(
        self,
        turn_id: int,
        lang: Lang,
        to_speak: asyncio.Queue[tuple[int, str] | None],
        inbox: asyncio.Queue[_Piece | _LLMEnd | _Spoken | _SpeakerEnd],
        clock: TurnClock,
    ) -> None:
        try:
            while (job := await to_speak.get()) is not None:
                index, text = job
                chunk = await asyncio.to_thread(self._synth, turn_id, index, text, lang)
                if chunk is not None:
                    inbox.put_nowait(_Spoken(chunk))
        finally:
            inbox.put_nowait(_SpeakerEnd())

    def _synth(self, turn_id: int, index: int, text: str, lang: Lang) -> AudioChunk | None:
        voice_lang = "zh" if has_cjk(text) else "en"
        voice = self.voices.get(voice_lang) or self.voices.get(lang)
        if voice is None:
            return None
        try:
            speech = voice.synthesize(speakable(text, voice_lang))
        except Exception:
            log.exception("TTS failed for sentence %d", index)
            return None
        if len(speech.samples) == 0:
            return None
        return AudioChunk(turn_id, speech.samples, speech.sample_rate, index, voice.name)

    async def _speak_text(self, turn_id: int, text: str, lang: Lang, clock: TurnClock) -> AsyncIterator[Event]:
        """Speak a fixed (templated) answer sentence by sentence."""
        for i, s in enumerate(split_sentences(text)):
            clock.mark("first_sentence")
            yield Sentence(turn_id, i, s, lang)
            yield TextDelta(turn_id, s if lang == "zh" or i == 0 else " " + s)
            chunk = await asyncio.to_thread(self._synth, turn_id, i, s, lang)
            if chunk is not None:
                clock.mark("tts_first_audio")
                yield chunk
