"""Serve the real page in-process and drive Debian's chromium with Playwright (no browser download)."""

from __future__ import annotations

import shutil
import socket
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from demo.web.app import build_ui
from demo.web.host import GuideHost
from demo.web.serve import launch

__all__ = ["CHROMIUM", "SHOTS", "chromium_args", "free_port", "serve_host", "wait_ready"]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def chromium_args(fake_audio: Path | None = None, fake_ui: bool = True) -> list[str]:
    """Flags that work on a headless CI machine (MODELS.md); ``fake_audio`` is a WAV the fake microphone plays."""
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve_host(host: GuideHost, kiosk: bool = False) -> Iterator[str]:
    """The page over ``host`` on a free local port; yields its URL once ``/gradio_api/info`` answers."""
    ui = build_ui(host, kiosk=kiosk)
    port = free_port()
    launch(host, ui, "127.0.0.1", port)
    if host.guide is not None and host.guide.shop.image_dir is not None:
        ui.allowed_paths.append(str(host.guide.shop.image_dir))
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "gradio_api/info", timeout=5) as r:
                if r.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    try:
        yield url
    finally:
        ui.close()


def wait_ready(page: Any, timeout_ms: int = 120_000) -> None:
    """Wait until the page says the guide is ready."""
    page.wait_for_selector('#xiaoer-status [data-ready="1"]', timeout=timeout_ms)
