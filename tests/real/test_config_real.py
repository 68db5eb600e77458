"""Pointing stages elsewhere by configuration, on real files: a Whisper folder, a GGUF path (the 0.5B test
fixture), and the OpenAI-compatible client against that llama.cpp server."""

from __future__ import annotations

import threading

import pytest

from models.asr import ASRConfig, load_asr
from models.llm import LLMConfig, OpenAICompatLLM, load_llm
from models.packaged import PACKAGED, cache_dir, prepare
from tests.real.conftest import clip

pytestmark = pytest.mark.real


def test_whisper_from_a_folder() -> None:
    folder = prepare(PACKAGED["whisper-base"])
    asr = load_asr(ASRConfig(model=str(folder), short_window=False))
    audio, _ = clip("en", "hello_world")
    assert "hello" in asr.transcribe(audio).text.lower()


@pytest.fixture(scope="module")
def small_llm():  # type: ignore[no-untyped-def]
    path = prepare(PACKAGED["qwen2.5-0.5b-instruct-q4"])
    assert path.parent == cache_dir()
    return load_llm(LLMConfig(model=str(path), threads=2, max_tokens=40))


def test_llm_from_a_gguf_path_streams(small_llm) -> None:  # type: ignore[no-untyped-def]
    pieces = list(small_llm.stream([{"role": "user", "content": "Say hello in one word."}], 20, threading.Event()))
    assert pieces and "".join(pieces).strip()


def test_stop_interrupts_generation(small_llm) -> None:  # type: ignore[no-untyped-def]
    stop = threading.Event()
    got = []
    for p in small_llm.stream([{"role": "user", "content": "Count from 1 to 100, one number per line."}], 400, stop):
        got.append(p)
        if len(got) == 5:
            stop.set()
    assert len(got) == 5


def test_openai_backend_against_a_real_llama_cpp_server(small_llm) -> None:  # type: ignore[no-untyped-def]
    server = small_llm._server  # the in-process llama.cpp server speaks the OpenAI protocol on loopback
    client = load_llm(LLMConfig(backend="openai", base_url=server.address + "/v1", model="any"))
    assert isinstance(client, OpenAICompatLLM)
    text = "".join(client.stream([{"role": "user", "content": "Reply with the word tea."}], 10, threading.Event()))
    assert text.strip()
