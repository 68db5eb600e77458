"""Reading the text printed on a pack: one protocol, the packaged PP-OCRv4 (RapidOCR, ONNX) as the backend.

Text read from a photo is *data* for matching (brand, name, flavour, size); it never reaches the LLM as an
instruction. Loading happens in :meth:`RapidTextReader.load`, never at import.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from models.registry import pick

__all__ = ["OCR_BACKENDS", "OcrConfig", "RapidTextReader", "TextLine", "TextReader", "load_text_reader", "width_groups"]


REC_HEIGHT, REC_MIN_WIDTH = 48, 64  # the recogniser's input: lines scaled to 48 px tall, padded to >= 64 px wide


@dataclass(frozen=True)
class TextLine:
    """One line of printed text: what it says, how sure the recogniser is (0-1), and its quad in pixels (4, 2)."""

    text: str
    score: float
    quad: np.ndarray


class TextReader(Protocol):
    """Finds and reads text lines; can also read already-cut line crops (no detection, much faster)."""

    def read(self, image: np.ndarray, thorough: bool = False, side: int = 0) -> list[TextLine]:
        """Text lines in an RGB uint8 image (H, W, 3): the largest few, fast (the detector sees the image at
        ``side`` pixels, 0 = as configured); or, ``thorough``, every line found at full resolution (for indexing
        catalogue photos once)."""
        ...

    def read_crops(self, crops: Sequence[np.ndarray]) -> list[tuple[str, float]]:
        """Text and score for each RGB line crop, in order."""
        ...


@dataclass(frozen=True)
class OcrConfig:
    """Which text reader.

    Attributes:
        backend: key in :data:`OCR_BACKENDS` ("rapidocr").
        det_max_side: the detector sees the photo scaled so its longer side is at most this (speed vs small text).
        min_score: lines recognised with less confidence are dropped.
        max_lines: only the largest this many text boxes are recognised (brand, name and flavour print large).
        threads: ONNX Runtime threads per model (0 = its default).
    """

    backend: str = "rapidocr"
    det_max_side: int = 480
    min_score: float = 0.5
    max_lines: int = 6
    threads: int = 0


class RapidTextReader:
    """PP-OCRv4 detection + recognition (Chinese and English) from the ``rapidocr-onnxruntime`` wheel."""

    def __init__(self, engine: object, min_score: float, det_side: int = 480, max_lines: int = 6) -> None:
        self._engine = engine
        self._min_score = min_score
        self._det_side = det_side
        self._max_lines = max_lines

    @classmethod
    def load(cls, config: OcrConfig) -> RapidTextReader:
        from rapidocr_onnxruntime import RapidOCR

        _no_spinning()
        threads = config.threads or -1
        engine = RapidOCR(
            det_limit_type="max",  # its default ("min") scales small photos *up* to 736 px: slow for no gain here
            use_cls=False,  # packs are photographed upright enough; the classifier costs time
            text_score=config.min_score,
            intra_op_num_threads=threads,
            # its default pads every line to at least 320 px and a batch to its widest line: a short name then
            # costs as much as a long one. Lines are padded to 64 px and batched by width here (read_crops).
            rec_img_shape=[3, REC_HEIGHT, REC_MIN_WIDTH],
        )
        return cls(engine, config.min_score, config.det_max_side, config.max_lines)

    def read(self, image: np.ndarray, thorough: bool = False, side: int = 0) -> list[TextLine]:
        import cv2

        from models.features import warp_quad

        h, w = image.shape[:2]
        scale = 1.0 if thorough else min(1.0, (side or self._det_side) / max(h, w))
        small = (
            image
            if scale == 1.0
            else cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
        )
        boxes, _ = self._engine.text_det(np.ascontiguousarray(small[:, :, ::-1]))  # type: ignore[attr-defined]
        if boxes is None or not len(boxes):
            return []
        quads = [np.asarray(b, np.float32).reshape(4, 2) / scale for b in boxes]
        quads = sorted(quads, key=lambda q: -float(cv2.contourArea(q)))  # the big print first
        if not thorough:
            quads = quads[: self._max_lines]
        reads = self.read_crops([warp_quad(image, q) for q in quads])  # recognised at full resolution
        return [
            TextLine(text, score, q)
            for (text, score), q in zip(reads, quads, strict=True)
            if score >= self._min_score and text
        ]

    def read_crops(self, crops: Sequence[np.ndarray]) -> list[tuple[str, float]]:
        if not crops:
            return []
        bgr = [np.ascontiguousarray(c[:, :, ::-1]) for c in crops]
        out = [("", 0.0)] * len(bgr)
        for group in width_groups([c.shape[1] / c.shape[0] for c in bgr]):
            result, _ = self._engine.text_rec([bgr[i] for i in group])  # type: ignore[attr-defined]  # no detection
            for i, (text, score) in zip(group, result, strict=True):
                out[i] = (str(text).strip(), float(score))
        return out


def width_groups(ratios: Sequence[float], slack: float = 1.3) -> list[list[int]]:
    """Indices of text lines (by width/height ratio) in batches whose lines are padded to at most ``slack`` times
    their own width: a batch costs as much as its widest line times its size."""
    order = sorted(range(len(ratios)), key=lambda i: ratios[i])
    groups: list[list[int]] = []
    for i in order:
        if groups and ratios[i] <= slack * max(ratios[groups[-1][0]], REC_MIN_WIDTH / REC_HEIGHT):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _no_spinning() -> None:
    """ONNX Runtime's threads busy-wait after each run by default, starving the SIFT and embedding work that
    follows on a two-core machine. RapidOCR builds its own session options, so add the setting there."""
    from rapidocr_onnxruntime.utils import infer_engine

    cls = infer_engine.OrtInferSession
    if getattr(cls, "_xiaoer_no_spin", False):
        return
    make = cls._init_sess_opts

    def init_sess_opts(config: dict[str, object]) -> object:
        opts = make(config)
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return opts

    cls._init_sess_opts = staticmethod(init_sess_opts)  # type: ignore[method-assign,assignment]
    cls._xiaoer_no_spin = True  # type: ignore[attr-defined]


OCR_BACKENDS: dict[str, Callable[[OcrConfig], TextReader]] = {"rapidocr": RapidTextReader.load}


def load_text_reader(config: OcrConfig) -> TextReader:
    """Load the configured text reader (the one place that does I/O for this stage)."""
    return pick(OCR_BACKENDS, config.backend, "ocr")(config)
