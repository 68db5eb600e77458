"""The OpenAI-compatible streaming client against a local scripted SSE server (loopback only)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from models.llm import LLMConfig, LLMError, OpenAICompatLLM, load_llm


class _Handler(BaseHTTPRequestHandler):
    pieces: ClassVar[list[str]] = []
    received: ClassVar[list[dict[str, object]]] = []
    gate = threading.Event()
    closed = threading.Event()

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            for i, p in enumerate(self.pieces):
                chunk = {"choices": [{"delta": {"content": p}}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
                if i == 1 and p == "slow":
                    self.gate.wait(5)
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.closed.set()


@pytest.fixture()
def server() -> Iterator[str]:
    _Handler.received = []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/v1"
    _Handler.gate.set()
    srv.shutdown()


def test_streams_pieces_and_sends_the_request(server: str) -> None:
    _Handler.pieces = ["你好", "，", "欢迎。"]
    llm = load_llm(LLMConfig(backend="openai", base_url=server, model="qwen-7b", api_key="k"))
    out = list(llm.stream([{"role": "user", "content": "hi"}], 50, threading.Event()))
    assert out == ["你好", "，", "欢迎。"]
    req = _Handler.received[0]
    assert req["path"] == "/v1/chat/completions" and req["model"] == "qwen-7b" and req["stream"] is True
    assert req["auth"] == "Bearer k" and req["max_tokens"] == 50


def test_stop_ends_the_stream_early(server: str) -> None:
    _Handler.gate.clear()
    _Handler.pieces = ["a", "slow", "never"]
    llm = OpenAICompatLLM(server, "m")
    stop = threading.Event()
    got = []
    for p in llm.stream([{"role": "user", "content": "x"}], 10, stop):
        got.append(p)
        if p == "slow":
            stop.set()
            _Handler.gate.set()
    assert got == ["a", "slow"]


def test_unreachable_server_is_a_clear_error() -> None:
    llm = OpenAICompatLLM("http://127.0.0.1:9/v1", "m", timeout_s=2)
    with pytest.raises(LLMError, match="cannot reach"):
        list(llm.stream([{"role": "user", "content": "x"}], 10, threading.Event()))


def test_openai_backend_needs_base_url() -> None:
    with pytest.raises(ValueError, match="base_url"):
        load_llm(LLMConfig(backend="openai"))
