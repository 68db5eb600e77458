"""Chat LLMs that stream text: one protocol, two backends.

* ``llamacpp`` (default): a GGUF file (the packaged Qwen2.5 1.5B) served in-process by ``xllamacpp``'s
  thread-safe llama.cpp server on a loopback port.
* ``openai``: any OpenAI-compatible server (vLLM, Ollama, llama.cpp server) by ``base_url`` + ``model`` —
  the way to scale past one machine.

Both speak the same OpenAI chat-completions SSE stream, so one client does the streaming. Cancelling a
stream closes the HTTP connection, and llama.cpp stops generating for it.
"""

from __future__ import annotations

import http.client
import json
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from models.registry import pick

__all__ = [
    "LLM",
    "LLMS",
    "ChatMessage",
    "LLMConfig",
    "LLMError",
    "LlamaCppServer",
    "OpenAICompatLLM",
    "load_llm",
]

log = logging.getLogger(__name__)

ChatMessage = dict[str, str]


class LLMError(RuntimeError):
    """The LLM could not be reached or answered with an error."""


class LLM(Protocol):
    """Streams an answer to a chat, token by token (as text pieces)."""

    name: str

    def stream(self, messages: list[ChatMessage], max_tokens: int, stop: threading.Event) -> Iterator[str]:
        """Yield text pieces until done or until ``stop`` is set (then return promptly)."""
        ...


@dataclass(frozen=True)
class LLMConfig:
    """Which LLM answers.

    Attributes:
        backend: "llamacpp" (a GGUF in-process) or "openai" (an OpenAI-compatible server).
        model: packaged model key, a GGUF path (llamacpp), or the served model's name (openai).
        base_url: the server's URL including ``/v1`` (openai backend only).
        api_key: sent as a bearer token when set (openai backend only).
        threads: llama.cpp threads; 1 holds up best on a busy 2-core machine.
        context: context window in tokens.
        temperature: sampling temperature (low: the LLM only phrases facts).
        max_tokens: longest answer in tokens.
        timeout_s: connect/read timeout for the HTTP stream.
        seed: sampling seed sent with each request (same facts, same wording); None lets the server choose.
    """

    backend: str = "llamacpp"
    model: str = "qwen2.5-1.5b-instruct-q4"
    base_url: str = ""
    api_key: str = ""
    threads: int = 2
    context: int = 4096
    temperature: float = 0.2
    max_tokens: int = 120
    timeout_s: float = 120.0
    seed: int | None = 0


class OpenAICompatLLM:
    """Streams from ``POST {base_url}/chat/completions`` with ``stream: true`` (server-sent events)."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str = "",
        temperature: float = 0.2,
        timeout_s: float = 120.0,
        seed: int | None = 0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.name = f"openai:{model}@{self.base_url}"
        self._api_key = api_key
        self._temperature = temperature
        self._timeout = timeout_s
        self._seed = seed

    def _connect(self) -> tuple[http.client.HTTPConnection, str]:
        u = urlsplit(self.base_url)
        conn_cls = http.client.HTTPSConnection if u.scheme == "https" else http.client.HTTPConnection
        conn = conn_cls(u.hostname or "127.0.0.1", u.port, timeout=self._timeout)
        return conn, (u.path or "") + "/chat/completions"

    def stream(self, messages: list[ChatMessage], max_tokens: int, stop: threading.Event) -> Iterator[str]:
        body = {
            "model": self.model,
            "messages": messages,
            "stream": True,
            "max_tokens": max_tokens,
            "temperature": self._temperature,
            "cache_prompt": True,
        }
        if self._seed is not None:
            body["seed"] = self._seed  # reproducible wording for the same facts
        headers = {"Content-Type": "application/json", "Accept": "text/event-stream"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        conn, path = self._connect()
        try:
            try:
                conn.request("POST", path, body=json.dumps(body), headers=headers)
                resp = conn.getresponse()
            except OSError as e:
                raise LLMError(f"cannot reach the LLM at {self.base_url}: {e}") from e
            if resp.status != 200:
                raise LLMError(f"LLM server answered {resp.status}: {resp.read()[:300]!r}")
            for raw in resp:
                if stop.is_set():
                    return
                line = raw.decode("utf-8", "replace").strip()
                if not line.startswith("data:"):
                    continue
                data = line[5:].strip()
                if data == "[DONE]":
                    return
                try:
                    chunk = json.loads(data)
                    piece = chunk["choices"][0].get("delta", {}).get("content")
                except (ValueError, KeyError, IndexError):
                    continue
                if piece:
                    yield piece
        finally:
            conn.close()


class LlamaCppServer:
    """A GGUF model served in-process by xllamacpp on a loopback port (prefix cache on)."""

    def __init__(self, server: object, address: str, model_path: Path) -> None:
        self._server = server
        self.address = address
        self.model_path = model_path

    @classmethod
    def start(cls, model_path: Path, threads: int, context: int) -> LlamaCppServer:
        import xllamacpp

        p = xllamacpp.CommonParams()
        p.model.path = str(model_path)
        p.n_ctx = context
        p.n_parallel = 1
        p.cpuparams.n_threads = threads
        p.cpuparams_batch.n_threads = threads
        p.cache_prompt = True
        p.warmup = False
        p.verbosity = 0  # llama.cpp's own log is silent (it never carries prompts, but keep stderr clean)
        server = xllamacpp.Server(p)
        return cls(server, str(server.listening_address), model_path)


def _resolve_gguf(model: str) -> Path:
    from models.packaged import PACKAGED, prepare

    if model in PACKAGED:
        return prepare(PACKAGED[model])
    path = Path(model).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"LLM model {model!r} is neither a packaged model key nor a GGUF file")
    return path


def _load_llamacpp(config: LLMConfig) -> LLM:
    path = _resolve_gguf(config.model)
    server = LlamaCppServer.start(path, config.threads, config.context)
    llm = OpenAICompatLLM(
        server.address + "/v1",
        model=path.stem,
        temperature=config.temperature,
        timeout_s=config.timeout_s,
        seed=config.seed,
    )
    llm.name = f"llamacpp:{path.name}"
    llm._server = server  # type: ignore[attr-defined]  # keep the server alive with its client
    return llm


def _load_openai(config: LLMConfig) -> LLM:
    if not config.base_url:
        raise ValueError("the openai LLM backend needs base_url (e.g. http://127.0.0.1:8000/v1)")
    return OpenAICompatLLM(
        config.base_url, config.model, config.api_key, config.temperature, config.timeout_s, config.seed
    )


LLMS: dict[str, Callable[[LLMConfig], LLM]] = {"llamacpp": _load_llamacpp, "openai": _load_openai}


def load_llm(config: LLMConfig) -> LLM:
    """Load the configured LLM (the one place that does I/O for this stage)."""
    return pick(LLMS, config.backend, "LLM")(config)
