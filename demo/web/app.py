"""The Gradio page: a thin adapter from widgets to a session's event stream (gradio is imported only here).

Ask by voice (record, then it is sent when the recording stops), by photo (upload or webcam) or by text. Each
turn streams: the transcript, product cards, the answer text as it is written, and the spoken answer — played by
``player.js`` from a hidden feed while the text is still coming. A new question or Stop interrupts the running
turn (the pipeline's one interruption mechanism) and silences its audio in the browser at once.
"""

from __future__ import annotations

import base64
import logging
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import gradio as gr
import numpy as np
import soundfile as sf

from demo.web.host import GuideHost
from demo.web.i18n import t
from demo.web.view import EMPTY, render, render_latency
from models.audio import resample
from pipeline.events import AudioChunk, Lang

__all__ = ["HERE", "build_ui", "head_html"]

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
LANG_CHOICES = [("自动 Auto", "auto"), ("中文", "zh"), ("English", "en")]


def head_html() -> str:
    """What goes into the page's <head>: the player script and the stylesheet."""
    js = (HERE / "player.js").read_text(encoding="utf-8")
    css = (HERE / "style.css").read_text(encoding="utf-8")
    return f"<script>{js}</script><style>{css}</style>"


def _status_html(host: GuideHost, lang: Lang) -> str:
    if host.error:
        return f'<div class="x-status x-alert">{t("load_failed", lang, why=host.error)}</div>'
    if host.guide is not None and host.ready.is_set():
        return f'<div class="x-status x-ready" data-ready="1">{t("ready", lang)}</div>'
    done = " · ".join(f"{name} ✓" for name, _ in host.steps)
    return f'<div class="x-status" data-ready="0">{t("loading", lang)} {done}</div>'


def _alert_html(lang: Lang, text: str = "") -> str:
    hidden = f'<span hidden data-mic-denied="{t("mic_denied", lang)}"></span>'
    return hidden + (f'<div class="x-alert">{text}</div>' if text else "")


def build_ui(host: GuideHost, kiosk: bool = False, default_lang: Lang = "zh", audio_mode: str = "player") -> Any:
    """The Blocks app over ``host``. ``kiosk`` starts in the kiosk layout (also ``?kiosk=1``).

    ``audio_mode`` "player" (default) feeds each sentence's WAV to ``player.js``; "gradio" streams it through
    Gradio's own ``gr.Audio(streaming=True, autoplay=True)`` instead (needs ffmpeg; kept to compare latency).
    """
    L: Lang = default_lang
    # customers' recordings and photos land in Gradio's cache: kept 10 minutes at most (privacy)
    with gr.Blocks(title="店小二 Xiaoer", analytics_enabled=False, delete_cache=(600, 600)) as ui:
        with gr.Row():
            status = gr.HTML(_status_html(host, L), elem_id="xiaoer-status")
            lang_pick = gr.Radio(LANG_CHOICES, value="auto", label=t("lang", L), elem_id="xiaoer-lang", scale=0)
        alert = gr.HTML(_alert_html(L), elem_id="xiaoer-alert")
        convo = gr.HTML(EMPTY, elem_id="xiaoer-convo")
        latency = gr.HTML(render_latency(None, L), elem_id="xiaoer-latency")
        feed: Any
        if audio_mode == "gradio":
            feed = gr.Audio(streaming=True, autoplay=True, elem_id="xiaoer-gradio-audio", label="", interactive=False)
        else:
            feed = gr.Textbox(visible="hidden", elem_id="xiaoer-feed")
        with gr.Row(equal_height=True):
            text = gr.Textbox(label=t("text", L), placeholder=t("placeholder", L), elem_id="xiaoer-text", scale=4)
            send = gr.Button(t("send", L), variant="primary", elem_id="xiaoer-send", scale=1)
            stop = gr.Button(t("stop", L), variant="stop", elem_id="xiaoer-stop", scale=1)
        with gr.Row(equal_height=True):
            mic = gr.Audio(sources=["microphone"], type="filepath", label=t("mic", L), elem_id="xiaoer-mic", scale=2)
            hf_mic = gr.Audio(
                sources=["microphone"],
                type="numpy",
                streaming=True,
                label=t("hands_free", L),
                elem_id="xiaoer-hf-mic",
                visible=False,
                scale=2,
            )
            photo = gr.File(label=t("photo", L), type="filepath", elem_id="xiaoer-photo", scale=1, height=150)
            webcam = gr.Image(
                sources=["webcam"], type="filepath", label=t("webcam", L), elem_id="xiaoer-webcam", scale=1, height=200
            )
        with gr.Row():
            new_chat = gr.Button(t("new_chat", L), size="sm", elem_id="xiaoer-new", scale=0)
            show_lat = gr.Checkbox(True, label=t("show_latency", L), elem_id="xiaoer-show-latency", scale=0)
            hands_free = gr.Checkbox(False, label=t("hands_free", L), elem_id="xiaoer-hands-free", scale=0)
        utter = gr.Textbox(visible="hidden", elem_id="xiaoer-utter")
        timer = gr.Timer(0.5)

        relabel_out = [mic, photo, webcam, text, send, stop, new_chat, show_lat, hands_free, lang_pick, alert]

        def relabel(lang: Lang) -> list[Any]:
            return [
                gr.update(label=t("mic", lang)),
                gr.update(label=t("photo", lang)),
                gr.update(label=t("webcam", lang)),
                gr.update(label=t("text", lang), placeholder=t("placeholder", lang)),
                gr.update(value=t("send", lang)),
                gr.update(value=t("stop", lang)),
                gr.update(value=t("new_chat", lang)),
                gr.update(label=t("show_latency", lang)),
                gr.update(label=t("hands_free", lang)),
                gr.update(label=t("lang", lang)),
                _alert_html(lang),
            ]

        turn_out = [convo, feed, latency, text, status, *relabel_out]
        skip_labels = [gr.skip()] * len(relabel_out)

        async def run_turn(
            request: gr.Request, choice: str, *, text_in: str = "", audio: str | None = None, image: str | None = None
        ) -> AsyncIterator[list[Any]]:
            key = request.session_hash or "default"
            if host.guide is None:
                lang = _pick(choice, L)
                yield [gr.skip(), gr.skip(), gr.skip(), gr.skip(), _status_html(host, lang), *skip_labels]
                return
            tab = host.tab(key, _pick(choice, L))
            conv = tab.conversation
            if choice in ("zh", "en"):
                conv.lang = choice  # type: ignore[assignment]
            before = conv.lang
            shown = text_in.strip() or (t("photo_sent", conv.lang) if image else t("voice_sent", conv.lang))
            conv.begin(shown, image)
            yield [render(conv), gr.skip(), render_latency(None, conv.lang), "", gr.skip(), *skip_labels]
            sent = 0

            def audio_out() -> Any:
                nonlocal sent
                view = conv.current
                if audio_mode != "gradio":
                    return conv.audio_feed()
                if view is None or len(view.audio) <= sent:
                    return gr.skip()
                chunk = view.audio[sent]
                sent += 1
                return base64.b64decode(chunk.split("|", 2)[2])  # WAV bytes: one sentence per yield

            async for ev in tab.session.ask(text=text_in or None, audio=audio, image=image):
                if isinstance(ev, AudioChunk):
                    host.answer_audio(key, ev.seconds)
                if conv.add(ev):
                    yield [
                        render(conv),
                        audio_out(),
                        render_latency(conv.current, conv.lang),
                        gr.skip(),
                        gr.skip(),
                        *skip_labels,
                    ]
            labels = relabel(conv.lang) if choice == "auto" and conv.lang != before else skip_labels
            yield [render(conv), audio_out(), render_latency(conv.current, conv.lang), gr.skip(), gr.skip(), *labels]

        async def on_text(msg: str, choice: str, request: gr.Request) -> AsyncIterator[list[Any]]:
            if not msg.strip():
                return
            async for out in run_turn(request, choice, text_in=msg):
                yield out

        async def on_audio(path: str | None, choice: str, request: gr.Request) -> AsyncIterator[list[Any]]:
            if not path:  # a recording with nothing in it
                lang = _pick(choice, L)
                yield [
                    gr.skip(),
                    gr.skip(),
                    gr.skip(),
                    gr.skip(),
                    gr.skip(),
                    *skip_labels[:-1],
                    _alert_html(lang, t("empty_recording", lang)),
                ]
                return
            async for out in run_turn(request, choice, audio=path):
                yield out

        def on_chunk(chunk: tuple[int, np.ndarray] | None, request: gr.Request) -> Any:
            """Hands-free: feed the microphone stream to the tab's VAD; an ended utterance becomes a turn."""
            if chunk is None or host.guide is None:
                return gr.skip()
            rate, data = chunk
            audio = data.astype(np.float32) / (32768.0 if data.dtype == np.int16 else 1.0)
            if audio.ndim == 2:
                audio = audio.mean(axis=1)
            done = host.hear(request.session_hash or "default", resample(audio, rate))
            if not done:
                return gr.skip()
            path = Path(tempfile.mkdtemp(prefix="xiaoer-hf-")) / "utterance.wav"
            sf.write(str(path), done[-1], 16_000, subtype="PCM_16")
            return str(path)

        async def on_utterance(path: str, choice: str, request: gr.Request) -> AsyncIterator[list[Any]]:
            if not path:
                return
            try:
                async for out in run_turn(request, choice, audio=path):
                    yield out
            finally:
                shutil.rmtree(Path(path).parent, ignore_errors=True)  # the customer's words are not kept

        def on_hands_free(on: bool, request: gr.Request) -> list[Any]:
            key = request.session_hash or "default"
            if host.guide is not None and host.has_tab(key) and host.tab(key).endpointer is not None:
                host.endpointer(key).reset()
            return [gr.update(visible=not on), gr.update(visible=on)]

        async def on_photo(path: str | None, msg: str, choice: str, request: gr.Request) -> AsyncIterator[list[Any]]:
            if not path:
                return
            async for out in run_turn(request, choice, text_in=msg, image=path):
                yield out

        async def on_stop(request: gr.Request) -> None:
            key = request.session_hash or "default"
            if host.has_tab(key):
                await host.tab(key).session.interrupt("stopped")

        async def on_new(choice: str, request: gr.Request) -> list[Any]:
            await host.new_chat(request.session_hash or "default")
            cleared = None if audio_mode == "gradio" else ""
            return [
                EMPTY,
                cleared,
                render_latency(None, _pick(choice, L)),
            ]

        def on_lang(choice: str, request: gr.Request) -> list[Any]:
            lang = _pick(choice, L)
            key = request.session_hash or "default"
            if host.guide is not None and host.has_tab(key):
                conv = host.tab(key).conversation
                if choice in ("zh", "en"):
                    conv.lang = lang
                lang = conv.lang if choice == "auto" else lang
                return [render(conv), *relabel(lang)]
            return [gr.skip(), *relabel(lang)]

        def on_tick(choice: str) -> list[Any]:
            lang = _pick(choice, L)
            return [_status_html(host, lang), gr.Timer(active=not host.ready.is_set())]

        def on_load(request: gr.Request) -> list[Any]:
            q = dict(request.query_params) if request is not None else {}
            lang = q.get("lang") if q.get("lang") in ("zh", "en") else None
            choice = lang or "auto"
            out = relabel(lang or L)
            out[-2] = gr.update(value=choice, label=t("lang", lang or L))
            return out

        common = dict(outputs=turn_out, concurrency_id="turns", trigger_mode="multiple", show_progress="hidden")
        ask_js = "(...a) => { window.xiaoer && window.xiaoer.inputEnd('%s'); return a; }"
        text.submit(on_text, [text, lang_pick], js=ask_js % "text", **common)  # type: ignore[arg-type]
        send.click(on_text, [text, lang_pick], js=ask_js % "text", **common)  # type: ignore[arg-type]
        mic.stop_recording(on_audio, [mic, lang_pick], js=ask_js % "voice", **common)  # type: ignore[arg-type]
        photo.upload(on_photo, [photo, text, lang_pick], js=ask_js % "photo", **common)  # type: ignore[arg-type]
        webcam.input(on_photo, [webcam, text, lang_pick], js=ask_js % "photo", **common)  # type: ignore[arg-type]
        hf_mic.stream(on_chunk, [hf_mic], [utter], stream_every=0.3, time_limit=None, concurrency_limit=None)
        utter.change(on_utterance, [utter, lang_pick], js=ask_js % "voice", **common)  # type: ignore[arg-type]
        hands_free.change(on_hands_free, [hands_free], [mic, hf_mic], show_progress="hidden")
        stop.click(on_stop, None, None, js="() => { window.xiaoer && window.xiaoer.stop(); }", show_progress="hidden")
        new_chat.click(
            on_new,
            [lang_pick],
            [convo, feed, latency],
            js="(...a) => { window.xiaoer && window.xiaoer.stop(); return a; }",
        )
        if audio_mode != "gradio":
            feed.change(None, [feed], None, js="(v) => { window.xiaoer && window.xiaoer.feed(v); }")
        show_lat.change(lambda v: gr.update(visible=v), show_lat, latency, show_progress="hidden")
        lang_pick.input(on_lang, [lang_pick], [convo, *relabel_out], show_progress="hidden")
        timer.tick(on_tick, [lang_pick], [status, timer], show_progress="hidden")
        ui.load(
            on_load,
            None,
            relabel_out,
            js=f"() => {{ const q = new URLSearchParams(location.search); window.xiaoer && window.xiaoer.kiosk({'true' if kiosk else 'false'} || q.get('kiosk') === '1'); }}",
        )
    return ui


def _pick(choice: str, default: Lang) -> Lang:
    return "zh" if choice == "zh" else "en" if choice == "en" else default
