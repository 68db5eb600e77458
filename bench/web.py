"""Browser benchmark: end of speech (the Stop press) → first answer text shown, and → first audio heard, measured
in Debian's chromium with a fake microphone playing spoken questions, against the real default models.

    python bench/web.py                          # 20 questions one at a time, then 4 sessions at once (5 rounds)
    python bench/web.py --audio gradio           # Gradio's streaming gr.Audio instead of the page's JS player
    python bench/web.py --audio both --single 20 --rounds 4   # both, alternating, in one run
    python bench/web.py --single 10 --rounds 3   # fewer
    python bench/web.py --single 0 --rounds 6 --pacing both   # 4 sessions, speech-first pacing off/on alternating

Questions are spoken by the guide's own voices (half Mandarin, half English) into WAVs the fake microphone plays.
Each question runs in a fresh browser (the fake microphone's file is fixed per browser). Also checked: every page
shows exactly one turn with an answer (none lost), and its transcript is closer to its own question than to any
other (none mixed up between the concurrent sessions).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUESTIONS = [
    ("zh", "有没有牛肉干？"),
    ("en", "Do you have any tea?"),
    ("zh", "有什么适合送给父母的礼物？"),
    ("en", "Something sweet for children?"),
    ("zh", "有没有不辣的零食？"),
    ("en", "How long does the honey keep?"),
    ("zh", "一百块以内有什么茶叶？"),
    ("en", "Do you ship to Shanghai?"),
    ("zh", "红枣怎么保存？"),
    ("en", "Which snacks are spicy?"),
]

STOP_JS = """() => {
  const b = [...document.querySelectorAll('#xiaoer-mic button')].find((b) => b.textContent.includes('Stop'));
  window.__tStop = performance.now();
  b.click();
}"""


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def write_wav(voice: Any, text: str, path: Path) -> float:
    import soundfile as sf

    from models.audio import resample

    speech = voice.synthesize(text)
    audio = resample(speech.samples.astype(np.float32) / 32768.0, speech.sample_rate, 48_000)
    full = np.concatenate([np.zeros(19_200, np.float32), audio, np.zeros(48_000, np.float32)])
    sf.write(str(path), full, 48_000, subtype="PCM_16")
    return len(full) / 48_000


def overlap(asked: str, heard: str, lang: str) -> float:
    if lang == "zh":
        a = set(asked) - set("？?，。 ")
        return len(a & set(heard)) / max(len(a), 1)
    a = {w.strip("?.,!").lower() for w in asked.split()}
    h = {w.strip("?.,!").lower() for w in heard.split()}
    return len(a & h) / max(len(a), 1)


async def one_question(pw: Any, url: str, wav: Path, seconds: float, lang: str, asked: str) -> dict[str, Any]:
    from demo.web.chromium import CHROMIUM, chromium_args

    browser = await pw.chromium.launch(executable_path=CHROMIUM, args=chromium_args(fake_audio=wav))
    try:
        page = await browser.new_page()
        await page.goto(url)
        await page.wait_for_selector('#xiaoer-status [data-ready="1"]', timeout=300_000)
        await page.locator("#xiaoer-mic button", has_text="Record").click()
        await page.wait_for_timeout(int(seconds * 1000))
        await page.evaluate(STOP_JS)
        await page.wait_for_function(
            "window.xiaoer.metrics.length && window.xiaoer.metrics[0].firstTextAt && window.xiaoer.metrics[0].firstAudioAt",
            timeout=180_000,
        )
        got = await page.evaluate("({m: window.xiaoer.metrics[0], t: window.__tStop})")
        await page.wait_for_selector("#xiaoer-latency .x-lat-item", timeout=180_000)  # the turn finished
        turns = await page.locator("#xiaoer-convo .x-turn").count()
        heard = await page.inner_text("#xiaoer-convo .x-turn:last-child .x-q-text")
        answer = await page.locator("#xiaoer-convo .x-turn:last-child .x-a-text, #xiaoer-convo .x-notice").count()
        scores = {q: overlap(q, heard, lg) for lg, q in QUESTIONS}
        best = max(scores, key=lambda q: scores[q])
        return {
            "text_s": (got["m"]["firstTextAt"] - got["t"]) / 1000,
            "audio_s": (got["m"]["firstAudioAt"] - got["t"]) / 1000,
            "lost": not (turns == 1 and answer >= 1),
            # another tab's question on this page; a transcript like none of the questions is an ASR slip
            "mixed": best != asked and scores[best] >= 0.5 and scores[best] > scores[asked],
            "heard": heard,
        }
    finally:
        await browser.close()


def summary(title: str, rows: list[dict[str, Any]]) -> None:
    text = [r["text_s"] for r in rows]
    audio = [r["audio_s"] for r in rows]
    lost = sum(r["lost"] for r in rows)
    mixed = [r["heard"] for r in rows if r["mixed"]]
    print(f"\n== {title}: {len(rows)} questions")
    print(f"end of speech → first text shown:  p50 {statistics.median(text):.2f} s   p95 {pct(text, 0.95):.2f} s")
    print(f"end of speech → first audio heard: p50 {statistics.median(audio):.2f} s   p95 {pct(audio, 0.95):.2f} s")
    print(f"lost turns: {lost}; turns showing another question: {len(mixed)}" + (f" {mixed}" if mixed else ""))


async def run(args: argparse.Namespace) -> None:
    from playwright.async_api import async_playwright

    from demo.web.app import build_ui
    from demo.web.host import GuideHost
    from demo.web.serve import allow_pack_images, file_url, launch
    from pipeline.app import build_guide
    from pipeline.config import load_config

    cfg = load_config(Path("xiaoer.toml") if Path("xiaoer.toml").exists() else None, os.environ)
    t = time.perf_counter()
    guide = build_guide(cfg)
    print(f"models loaded in {time.perf_counter() - t:.1f} s")
    work = Path(tempfile.mkdtemp(prefix="xiaoer-bench-web-"))
    wavs = []
    for i, (lang, q) in enumerate(QUESTIONS):
        path = work / f"q{i}.wav"
        wavs.append((path, write_wav(guide.voices[lang], q, path), lang, q))
    guide.speech_first.max_wait_s = 4.0 if args.pacing != "off" else 0.0
    host = GuideHost.with_guide(guide, file_url)
    audio_modes = ["player", "gradio"] if args.audio == "both" else [args.audio]
    urls: dict[str, str] = {}
    uis = []
    for n, mode in enumerate(audio_modes):  # one page per way of delivering audio, over the same guide
        ui = build_ui(host, audio_mode=mode)
        port = 7800 + (os.getpid() + n) % 100
        launch(ui, "127.0.0.1", port)
        allow_pack_images(ui, guide)
        urls[mode] = f"http://127.0.0.1:{port}/"
        uis.append(ui)
    print(f"audio delivery: {', '.join(f'{m} at {u}' for m, u in urls.items())}")
    async with async_playwright() as pw:
        for url in urls.values():
            await one_question(pw, url, *wavs[0])  # warm-up, not counted
        single: dict[str, list[dict[str, Any]]] = {}
        for i in range(args.single):  # alternate the pages question by question: same machine noise on both
            mode = audio_modes[i % len(audio_modes)]
            single.setdefault(mode, []).append(
                await one_question(pw, urls[mode], *wavs[(i // len(audio_modes)) % len(wavs)])
            )
        for mode, rows in single.items():
            summary(f"one session at a time ({mode})", rows)
        together: dict[tuple[str, str], list[dict[str, Any]]] = {}
        pacings = ["off", "on"] if args.pacing == "both" else [args.pacing]
        combos = [(a, p) for a in audio_modes for p in pacings]
        for r in range(args.rounds):
            mode, pacing = combos[r % len(combos)]  # alternate rounds, so machine noise falls on all alike
            guide.speech_first.max_wait_s = 4.0 if pacing == "on" else 0.0
            picks = [wavs[(r * 4 + k) % len(wavs)] for k in range(4)]
            rows = await asyncio.gather(*(one_question(pw, urls[mode], *w) for w in picks))
            together.setdefault((mode, pacing), []).extend(rows)
        for (mode, pacing), rows in together.items():
            summary(f"4 sessions at once ({mode}, speech-first pacing {pacing})", rows)
    for ui in uis:
        ui.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--audio", choices=["player", "gradio", "both"], default="player")
    ap.add_argument("--single", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--pacing", choices=["on", "off", "both"], default="on", help="speech-first LLM pacing")
    asyncio.run(run(ap.parse_args()))


if __name__ == "__main__":
    main()
