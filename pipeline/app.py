"""Assemble a :class:`~pipeline.turn.Guide` from configuration: the one place that loads every model."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace

from models.asr import load_asr
from models.embed import load_embedder
from models.llm import load_llm
from models.ocr import load_text_reader
from models.packaged import MissingModelError
from models.tts import TTS, TTSConfig, load_tts
from models.vision import load_image_embedder
from pipeline.catalogue import bundled_shop_dir
from pipeline.config import AppConfig
from pipeline.photo_index import PhotoIndex
from pipeline.photo_match import PhotoMatcher
from pipeline.retrieval import Retriever
from pipeline.store import Store
from pipeline.turn import Guide

__all__ = ["build_guide", "load_voice", "open_photo_index", "open_store"]

log = logging.getLogger(__name__)


def open_store(config: AppConfig) -> Store:
    """Open the shop database, importing the configured (or bundled demo) shop at first start."""
    store = Store(config.db_path)
    if store.is_empty():
        folder = config.shop_dir or bundled_shop_dir()
        n = store.import_shop(folder)
        log.info("imported %d products from %s", n, folder)
    return store


def load_voice(config: TTSConfig) -> TTS:
    """Load a voice; the Mandarin neural voice falls back to eSpeak NG 1.52 when it isn't prepared."""
    try:
        return load_tts(config)
    except MissingModelError as e:
        if config.backend != "baker":
            raise
        log.warning("%s — using the eSpeak NG Mandarin fallback voice", e)
        return load_tts(replace(config, backend="espeak", voice="cmn", model_path=""))


def open_photo_index(config: AppConfig, store: Store, progress: Callable[[int, int], None] | None = None) -> PhotoIndex:
    """Load the image embedder and OCR, and index catalogue photos not indexed yet (all of them at first start)."""
    index = PhotoIndex(store, load_image_embedder(config.vision), load_text_reader(config.ocr), config.photo_dir)
    added = index.sync(store.load_shop(), progress)
    if added:
        log.info("indexed %d product photos", added)
    return index


def build_guide(
    config: AppConfig,
    with_asr: bool = True,
    progress: Callable[[str, float], None] | None = None,
    with_photos: bool = True,
    photo_progress: Callable[[int, int], None] | None = None,
) -> Guide:
    """Load every stage and return a ready guide. ``progress(stage, seconds)`` is called after each load.
    ``with_asr``/``with_photos`` False skip loading speech recognition / photo matching (one-off text questions);
    ``photo_progress(done, total)`` reports indexing of catalogue photos (all of them at first start)."""

    def step(name: str, fn: Callable[[], object]) -> object:
        t = time.perf_counter()
        out = fn()
        if progress:
            progress(name, time.perf_counter() - t)
        return out

    store: Store = step("store", lambda: open_store(config))  # type: ignore[assignment]
    shop = store.load_shop()
    embedder = step("embedder", lambda: load_embedder(config.embed))
    retriever: Retriever = step("retrieval index", lambda: Retriever.build(shop, embedder, store))  # type: ignore[arg-type,assignment]
    llm = step("llm", lambda: load_llm(config.llm))
    voices = {
        "zh": step("voice zh", lambda: load_voice(config.tts_zh)),
        "en": step("voice en", lambda: load_voice(config.tts_en)),
    }
    asr = step("asr", lambda: load_asr(config.asr)) if with_asr else None
    matcher = None
    if with_photos:
        index: PhotoIndex = step("photo index", lambda: open_photo_index(config, store, photo_progress))  # type: ignore[assignment]
        matcher = PhotoMatcher(shop, index, config.photos)
    return Guide(
        shop=shop,
        store=store,
        retriever=retriever,
        llm=llm,  # type: ignore[arg-type]
        voices=voices,  # type: ignore[arg-type]
        asr=asr,  # type: ignore[arg-type]
        config=config.turn,
        max_tokens=config.llm.max_tokens,
        photos=matcher,
    )
