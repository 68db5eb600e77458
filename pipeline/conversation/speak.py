"""Speak a turn: the answer's sentences become audio one by one while the LLM may still be writing.

``Speaker.compose`` says the plan's decided sentences at once, lets the LLM add checked sentences as they
complete (a speaker task synthesises in order, so audio starts before the text ends), then the plan's closing;
``Speaker.say`` speaks fixed sentences. Blocking model calls run in worker threads; the LLM streams from its own.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Generator
from dataclasses import dataclass

from models.llm import LLM, ChatMessage
from models.tts import TTS
from pipeline.chunker import SentenceChunker, clean_sentence, similar, split_sentences
from pipeline.conversation.check import ClaimCheck
from pipeline.events import AudioChunk, Event, GuardReport, Lang, Sentence, TextDelta
from pipeline.facts import Facts
from pipeline.pacing import SpeechFirst, TurnClock
from pipeline.textnum import has_cjk, speakable

__all__ = ["Speaker"]

log = logging.getLogger(__name__)


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


class Speaker:
    """The voices and the LLM of a guide, and how a turn's sentences are spoken."""

    def __init__(self, voices: dict[str, TTS], llm: LLM, max_tokens: int, max_llm_sentences: int) -> None:
        self.voices = voices
        self.llm = llm
        self.max_tokens = max_tokens
        self.max_llm_sentences = max_llm_sentences
        self.speech_first = SpeechFirst()  # shared by every session's turns

    async def compose(
        self,
        turn_id: int,
        messages: list[ChatMessage],
        facts: Facts,
        lang: Lang,
        clock: TurnClock,
        stop: threading.Event,
        lead: list[str],
        closing: tuple[str, ...] = (),
        fallback: str = "",
    ) -> AsyncIterator[Event]:
        """Say the plan's lead at once, let the LLM add checked sentences, then the plan's closing.

        A sentence that fails the claim check stops the LLM; the templated ``fallback`` takes its place.
        """
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
            except Exception as e:  # noqa: BLE001 - reported to the turn, which answers from the plan
                error = e
            finally:
                if isinstance(stream, Generator):
                    stream.close()  # now, in this thread: an HTTP stream closes its connection, llama.cpp stops
            loop.call_soon_threadsafe(inbox.put_nowait, _LLMEnd(error))

        async def start_llm() -> None:
            if not lead:
                clock.on_first_audio()  # nothing of ours to say first: only other turns' first audio goes ahead
            await self.speech_first.wait(stop)
            if stop.is_set():
                inbox.put_nowait(_LLMEnd(None))
                return
            await loop.run_in_executor(None, produce)

        producer = asyncio.ensure_future(start_llm())
        speaker = asyncio.create_task(self._speak_queue(turn_id, lang, to_speak, inbox, clock))
        said: list[str] = []
        claims = ClaimCheck(facts, said, lang)
        chunker = SentenceChunker(soft_first=False)  # the lead was the fast first sentence: the LLM's are whole
        llm_sentences = 0
        open_to_llm = True  # False once the LLM has said enough, or a sentence failed the check
        failed: tuple[str, ...] = ()
        llm_done = speaker_done = False

        async def say(text: str) -> list[Event]:
            text = text.strip()
            if text and text[-1] not in "。！？!?.…" and not text.endswith(("”", '"', "）", ")")):
                text = text.rstrip("，,;；:：、") + ("。" if lang == "zh" else ".")  # a sentence, ended
            index = len(said)
            said.append(text)
            clock.mark("first_sentence")
            await to_speak.put((index, text))
            delta = text if lang == "zh" or index == 0 else " " + text
            return [Sentence(turn_id, index, text, lang), TextDelta(turn_id, delta)]

        try:
            for t in lead:
                for ev in await say(t):
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
                        log.warning("LLM failed (%s); answering from the plan", type(item.error).__name__)
                        failed = failed or ("no answer from the LLM",)
                for raw in sentences:
                    if not open_to_llm:
                        break
                    verdict = claims.check(clean_sentence(raw))
                    if verdict.action == "drop":
                        continue
                    if verdict.action == "fail":
                        open_to_llm = False
                        stop.set()
                        failed = verdict.why
                        log.info("claim check stopped the LLM: %s", "; ".join(verdict.why))
                        break
                    for ev in await say(verdict.text):
                        yield ev
                    llm_sentences += 1
                    if llm_sentences >= self.max_llm_sentences:
                        open_to_llm = False
                        stop.set()  # enough: a clerk keeps it short, and the CPU goes to speech
                if llm_done:
                    if not llm_sentences and fallback and not any(similar(fallback, s) > 0.8 for s in said):
                        for ev in await say(fallback):
                            yield ev
                    for t in closing:
                        for ev in await say(t):
                            yield ev
                    await to_speak.put(None)
            if failed:
                yield GuardReport(turn_id, False, failed, "replaced")
            else:
                yield GuardReport(turn_id, True, (), "passed")
        finally:
            stop.set()
            speaker.cancel()
            await asyncio.gather(producer, return_exceptions=True)

    async def _speak_queue(
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
                chunk = await asyncio.to_thread(self.synth, turn_id, index, text, lang)
                if chunk is not None:
                    inbox.put_nowait(_Spoken(chunk))
        finally:
            inbox.put_nowait(_SpeakerEnd())

    def synth(self, turn_id: int, index: int, text: str, lang: Lang) -> AudioChunk | None:
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

    async def say(self, turn_id: int, text: str, lang: Lang, clock: TurnClock) -> AsyncIterator[Event]:
        """Speak a fixed (templated) answer sentence by sentence."""
        for i, s in enumerate(split_sentences(text)):
            clock.mark("first_sentence")
            yield Sentence(turn_id, i, s, lang)
            yield TextDelta(turn_id, s if lang == "zh" or i == 0 else " " + s)
            chunk = await asyncio.to_thread(self.synth, turn_id, i, s, lang)
            if chunk is not None:
                clock.mark("tts_first_audio")
                yield chunk
