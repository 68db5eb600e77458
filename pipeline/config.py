"""The app's configuration: one frozen dataclass per stage, composed into :class:`AppConfig`.

Read from a TOML file (``xiaoer.toml``) and ``XIAOER_*`` environment variables by :func:`load_config`;
nothing else reads the environment.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from models.asr import ASRConfig
from models.embed import EmbedConfig
from models.llm import LLMConfig
from models.ocr import OcrConfig
from models.tts import TTSConfig
from models.vision import VisionConfig
from pipeline.photo_match import MatchConfig

__all__ = ["ENV_KEYS", "AppConfig", "TurnConfig", "load_config"]


@dataclass(frozen=True)
class TurnConfig:
    """How a turn behaves.

    Attributes:
        max_audio_s: longest recording accepted, in seconds.
        default_lang: language for messages when the customer's is unknown.
        max_products: how many products an answer may talk about.
        log_transcripts: write what customers said to the log (off by default: privacy).
        max_llm_sentences: the LLM is stopped after this many sentences of its own (a clerk keeps it short;
            the plan's sentences already carry the substance).
        today: the date "today" and "now" mean in answers (ISO, "2026-12-20"); empty: the machine's own date.
            Benchmarks set the shop data's ``as_of`` date, so that the dialogues written for it hold.
    """

    max_audio_s: float = 30.0
    default_lang: str = "zh"
    max_products: int = 3
    log_transcripts: bool = False
    max_llm_sentences: int = 1
    today: str = ""


@dataclass(frozen=True)
class AppConfig:
    """Everything configurable, by stage."""

    data_dir: Path = Path("data")
    shop_dir: Path | None = None
    asr: ASRConfig = field(default_factory=ASRConfig)
    embed: EmbedConfig = field(default_factory=EmbedConfig)
    llm: LLMConfig = field(default_factory=LLMConfig)
    tts_zh: TTSConfig = field(default_factory=lambda: TTSConfig(backend="baker"))
    tts_en: TTSConfig = field(default_factory=lambda: TTSConfig(backend="piper"))
    turn: TurnConfig = field(default_factory=TurnConfig)
    vision: VisionConfig = field(default_factory=VisionConfig)
    ocr: OcrConfig = field(default_factory=OcrConfig)
    photos: MatchConfig = field(default_factory=MatchConfig)

    @property
    def db_path(self) -> Path:
        return self.data_dir / "xiaoer.sqlite3"

    @property
    def photo_dir(self) -> Path:
        """Where photos the owner adds to products are kept."""
        return self.data_dir / "photos"


# environment variable → (section, field)
ENV_KEYS: dict[str, tuple[str, str]] = {
    "XIAOER_DATA": ("", "data_dir"),
    "XIAOER_SHOP": ("", "shop_dir"),
    "XIAOER_ASR_MODEL": ("asr", "model"),
    "XIAOER_ASR_DEVICE": ("asr", "device"),
    "XIAOER_ASR_THREADS": ("asr", "threads"),
    "XIAOER_LANGUAGES": ("asr", "languages"),
    "XIAOER_LLM_BACKEND": ("llm", "backend"),
    "XIAOER_LLM_MODEL": ("llm", "model"),
    "XIAOER_LLM_BASE_URL": ("llm", "base_url"),
    "XIAOER_LLM_API_KEY": ("llm", "api_key"),
    "XIAOER_LLM_THREADS": ("llm", "threads"),
    "XIAOER_TTS_ZH_BACKEND": ("tts_zh", "backend"),
    "XIAOER_TTS_ZH_MODEL_PATH": ("tts_zh", "model_path"),
    "XIAOER_TTS_ZH_CONFIG_PATH": ("tts_zh", "config_path"),
    "XIAOER_TTS_EN_BACKEND": ("tts_en", "backend"),
    "XIAOER_TTS_EN_MODEL_PATH": ("tts_en", "model_path"),
    "XIAOER_TTS_EN_CONFIG_PATH": ("tts_en", "config_path"),
    "XIAOER_VISION_BACKEND": ("vision", "backend"),
    "XIAOER_VISION_MODEL": ("vision", "model"),
    "XIAOER_VISION_DEVICE": ("vision", "device"),
    "XIAOER_MAX_AUDIO_S": ("turn", "max_audio_s"),
    "XIAOER_LOG_TRANSCRIPTS": ("turn", "log_transcripts"),
}


def _coerce(current: Any, value: Any, name: str) -> Any:
    if isinstance(current, bool):
        return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes", "on")
    if isinstance(current, int):
        return int(value)
    if isinstance(current, float):
        return float(value)
    if isinstance(current, tuple):
        return tuple(value) if isinstance(value, list | tuple) else tuple(s.strip() for s in str(value).split(","))
    if isinstance(current, Path) or name in ("data_dir", "shop_dir"):
        return Path(str(value)).expanduser()
    return value


def _apply(obj: Any, values: Mapping[str, Any]) -> Any:
    known = {f.name: f for f in fields(obj)}
    changes = {}
    for k, v in values.items():
        if k not in known:
            raise ValueError(f"unknown config key {k!r} in {type(obj).__name__}; known: {sorted(known)}")
        cur = getattr(obj, k)
        changes[k] = _apply(cur, v) if isinstance(v, Mapping) and not isinstance(cur, dict) else _coerce(cur, v, k)
    return replace(obj, **changes)


def load_config(path: Path | None = None, env: Mapping[str, str] | None = None) -> AppConfig:
    """Defaults, then the TOML file (sections ``[asr]``, ``[llm]``, ``[tts_zh]`` …), then environment variables."""
    cfg = AppConfig()
    if path is not None:
        with path.open("rb") as f:
            cfg = _apply(cfg, tomllib.load(f))
    for key, (section, name) in ENV_KEYS.items():
        if env and key in env and env[key] != "":
            cfg = _apply(cfg, {section: {name: env[key]}} if section else {name: env[key]})
    return cfg
