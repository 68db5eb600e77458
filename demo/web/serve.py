"""``xiaoer web``: start the page at once, load the models behind it with progress, say when it is ready."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any

from pipeline.config import AppConfig

__all__ = ["allow_pack_images", "file_url", "launch", "serve"]

FILE_ROUTE = "/gradio_api/file="


def file_url(path: str) -> str:
    """The URL under which the page loads a local file the app allows (pack images, uploaded photos)."""
    return FILE_ROUTE + path


def launch(ui: Any, server_name: str, port: int, quiet: bool = True) -> Any:
    """Launch ``ui`` without blocking; returns the Blocks (``.local_url`` holds its address)."""
    from demo.web.app import head_html

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline: nothing may phone home
    ui.queue(default_concurrency_limit=16)
    ui.launch(
        server_name=server_name,
        server_port=port,
        head=head_html(),
        prevent_thread_lock=True,
        quiet=quiet,
        ssr_mode=False,
        footer_links=[],
        show_error=False,
    )
    return ui


def allow_pack_images(ui: Any, guide: Any) -> None:
    """Let the page load the shop's pack images (the product cards) once the guide is loaded."""
    if guide.shop.image_dir is not None:
        ui.allowed_paths.append(str(guide.shop.image_dir))


def serve(config: AppConfig, server_name: str = "127.0.0.1", port: int = 7860, kiosk: bool = False) -> int:
    """Run the web guide until interrupted (Ctrl-C)."""
    from demo.web.app import build_ui
    from demo.web.host import GuideHost
    from pipeline.app import build_guide

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    def build(progress: Callable[[str, float], None]) -> Any:
        def step(name: str, seconds: float) -> None:
            progress(name, seconds)
            say(f"  ✓ {name} ({seconds:.1f}s)")

        def photos(done: int, total: int) -> None:
            if done == total or done % 10 == 0:
                say(f"  indexing catalogue photos {done}/{total}")

        return build_guide(config, progress=step, photo_progress=photos)

    def endpointer() -> Any:
        from models.vad import load_vad
        from pipeline.endpoint import Endpointer

        return Endpointer(load_vad(), max_s=config.turn.max_audio_s)

    host = GuideHost(build, file_url, make_endpointer=endpointer)
    ui = build_ui(host, kiosk=kiosk, default_lang="en" if config.turn.default_lang == "en" else "zh")
    launch(ui, server_name, port)
    url = f"http://{server_name}:{port}/" + ("?kiosk=1" if kiosk else "")
    say(f"Xiaoer is starting at {url} — loading the models (the page shows progress) …")
    host.start()
    host.ready.wait()
    if host.error:
        say(f"Xiaoer could not start: {host.error}")
    else:
        allow_pack_images(ui, host.guide)
        say(f"Xiaoer is ready: open {url}  (Ctrl-C to stop)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        say("stopping")
    finally:
        ui.close()
    return 0 if not host.error else 1
