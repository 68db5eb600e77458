"""Flags for driving the page in Debian's chromium without a screen (browser tests, ``bench/web.py``).

``--autoplay-policy`` lets the answer play without a click; the fake media flags give a microphone that plays a WAV
file and a camera that shows a test pattern. A kiosk launches the same browser with ``--kiosk`` and the autoplay
flag, without the fake devices.
"""

from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["CHROMIUM", "chromium_args"]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def chromium_args(fake_audio: Path | None = None, fake_ui: bool = True) -> list[str]:
    """Flags that work on a headless CI machine; ``fake_audio`` is a WAV the fake microphone plays (looped);
    ``fake_ui`` False leaves microphone permission to be refused."""
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--autoplay-policy=no-user-gesture-required",
        "--use-fake-device-for-media-stream",
    ]
    if fake_ui:
        args.append("--use-fake-ui-for-media-stream")
    if fake_audio is not None:
        args.append(f"--use-file-for-fake-audio-capture={fake_audio}")
    return args
