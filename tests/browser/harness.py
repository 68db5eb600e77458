"""Serve the real page in-process and drive Debian's chromium with Playwright (no browser download)."""

from __future__ import annotations

import socket
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from demo.web.app import build_ui
from demo.web.chromium import CHROMIUM, chromium_args
from demo.web.host import GuideHost
from demo.web.serve import allow_pack_images, launch

__all__ = ["CHROMIUM", "SHOTS", "chromium_args", "free_port", "page_on", "serve_host", "wait_ready"]

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve_host(host: GuideHost, kiosk: bool = False) -> Iterator[str]:
    """The page over ``host`` on a free local port; yields its URL once ``/gradio_api/info`` answers."""
    ui = build_ui(host, kiosk=kiosk)
    port = free_port()
    launch(ui, "127.0.0.1", port)
    if host.guide is not None:
        allow_pack_images(ui, host.guide)
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


@contextmanager
def page_on(url: str, fake_audio: Path | None = None, shot: str | None = None) -> Iterator[Any]:
    """A fresh chromium (its fake microphone playing ``fake_audio``) with a page on ``url``, ready; saves a
    screenshot named ``shot`` when the block ends without error."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=chromium_args(fake_audio=fake_audio))
        try:
            page = browser.new_page()
            page.goto(url)
            wait_ready(page, 120_000)
            yield page
            if shot:
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
        finally:
            browser.close()
