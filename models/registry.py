"""Backends are chosen from a table (a dict of factories), never an if-chain: one lookup for every family."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

__all__ = ["pick"]

C = TypeVar("C")
M = TypeVar("M")


def pick(table: Mapping[str, Callable[[C], M]], backend: str, family: str) -> Callable[[C], M]:
    """The factory for ``backend``, or a clear error naming the choices."""
    try:
        return table[backend]
    except KeyError:
        raise ValueError(f"unknown {family} backend {backend!r}; choose from {sorted(table)}") from None
