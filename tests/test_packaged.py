"""Joining split model packages: order, sha256, the stamp, and clear errors — on tiny packages built here."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

from models.packaged import MissingModelError, PackagedModel, is_prepared, prepare, verify_file


@pytest.fixture()
def parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[PackagedModel, bytes]:
    site = tmp_path / "site"
    chunks = [b"first-part-" * 1000, b"second-part-" * 1000, b"third"]
    for i, data in enumerate(chunks, 1):
        pkg = site / f"xiaoer_fake_part{i}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        (pkg / "data" / f"part{i:02d}.bin").write_bytes(data)
    (site / "xiaoer_fake_part1" / "data" / "config.json").write_text("{}")
    monkeypatch.syspath_prepend(str(site))
    whole = b"".join(chunks)
    model = PackagedModel(
        key="fake",
        stage="test",
        description="fake",
        licence="CC0",
        packages=tuple(f"xiaoer_fake_part{i}" for i in range(1, 4)),
        parts=tuple(f"data/part{i:02d}.bin" for i in range(1, 4)),
        target="fake/model.bin",
        size=len(whole),
        sha256=hashlib.sha256(whole).hexdigest(),
        extra_files=("data/config.json",),
    )
    yield model, whole
    for i in range(1, 4):
        sys.modules.pop(f"xiaoer_fake_part{i}", None)


def test_join_in_order_with_progress_and_stamp(parts: tuple[PackagedModel, bytes], tmp_path: Path) -> None:
    model, whole = parts
    seen: list[tuple[int, int]] = []
    out = prepare(model, root=tmp_path / "cache", progress=lambda d, t: seen.append((d, t)))
    assert out.read_bytes() == whole
    assert (out.parent / "config.json").exists()
    assert is_prepared(model, tmp_path / "cache")
    assert seen and seen[-1][0] == seen[-1][1]
    assert verify_file(model, tmp_path / "cache")
    # a second call trusts the stamp and does not rejoin
    out.write_bytes(b"x" * len(whole))
    assert prepare(model, root=tmp_path / "cache") == out
    assert not verify_file(model, tmp_path / "cache")


def test_checksum_mismatch_is_an_error_and_leaves_nothing(parts: tuple[PackagedModel, bytes], tmp_path: Path) -> None:
    model, _ = parts
    from dataclasses import replace

    bad = replace(model, sha256="0" * 64)
    with pytest.raises(MissingModelError, match="sha256"):
        prepare(bad, root=tmp_path / "cache")
    assert not (tmp_path / "cache" / "fake" / "model.bin").exists()
    assert not is_prepared(bad, tmp_path / "cache")


def test_missing_package_says_what_to_install(tmp_path: Path) -> None:
    model = PackagedModel("nope", "test", "", "", ("xiaoer_no_such_pkg",), ("a.bin",), "nope.bin", 1, "")
    with pytest.raises(MissingModelError, match="not installed"):
        prepare(model, root=tmp_path)
