"""`xiaoer ask --image` and `xiaoer catalogue add-photo` end to end, as a shop owner and a customer use them."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import soundfile as sf
from PIL import Image

from bench.photogen import customer_photo, random_spec
from pipeline.catalogue import Shop
from tests.real.conftest import ROOT
from tests.real.test_turn_real import run_cli

pytestmark = pytest.mark.real


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return dict(os.environ, XIAOER_DATA=str(tmp_path_factory.mktemp("photo-data")))


def photo_of(shop: Shop, pid: str, path: Path, seed: int) -> Path:
    pack = Image.open(shop.pack_images(pid)[0]).convert("RGB")
    path.write_bytes(customer_photo(pack, random_spec(random.Random(seed)), seed))
    return path


def test_ask_with_a_photo_names_the_product_and_answers_aloud(env: dict[str, str], shop: Shop, tmp_path: Path) -> None:
    photo = photo_of(shop, "tieguanyin", tmp_path / "customer.jpg", 21)
    out = tmp_path / "answer.wav"
    proc = run_cli("ask", "--image", str(photo), "--text", "能送人吗？", "--json", "--out", str(out), env=env)
    events = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    types = [e["type"] for e in events]
    assert types.index("Transcript") < types.index("PhotoMatched") < types.index("Products")
    verdict = events[types.index("PhotoMatched")]["verdict"]
    assert verdict["decision"] == "match" and len(verdict["candidates"]) <= 3
    best = verdict["candidates"][0]
    assert best["product_id"] == "tieguanyin" and 0.8 <= best["confidence"] <= 1.0
    assert [p["product_id"] for p in events[types.index("Products")]["items"]] == ["tieguanyin"]
    done = events[types.index("AnswerDone")]
    assert "铁观音" in done["text"] and "¥" in done["text"]
    assert [e for e in events if e["type"] == "GuardReport"]
    assert sf.info(str(out)).duration > 1.0  # spoken


def test_ask_with_a_pack_we_do_not_sell_says_so(env: dict[str, str], tmp_path: Path) -> None:
    pack = Image.open(ROOT / "tests" / "data" / "x-raisins.png").convert("RGB")
    photo = tmp_path / "raisins.jpg"
    photo.write_bytes(customer_photo(pack, random_spec(random.Random(4)), 4))
    proc = run_cli("ask", "--image", str(photo), "--json", "--out", str(tmp_path / "a.wav"), env=env)
    events = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    verdict = next(e["verdict"] for e in events if e["type"] == "PhotoMatched")
    assert verdict["decision"] == "not_in_catalogue"
    done = next(e for e in events if e["type"] == "AnswerDone")
    assert "不是我们店里的商品" in done["text"] and done["templated"]


def test_ask_with_a_broken_photo_gives_a_clear_message(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "menu.jpg"
    bad.write_bytes(b"%PDF-1.7\n" + b"0" * 500)
    proc = run_cli("ask", "--image", str(bad), "--json", "--out", str(tmp_path / "a.wav"), env=env)
    notice = next(json.loads(line) for line in proc.stdout.splitlines() if '"Notice"' in line)
    assert notice["code"] == "bad_photo" and "打不开" in notice["text"]


def test_owner_adds_photos_incrementally(env: dict[str, str], shop: Shop, tmp_path: Path) -> None:
    shelf = photo_of(shop, "pea-cake", tmp_path / "shelf.jpg", 8)
    first = run_cli("catalogue", "add-photo", "pea-cake", str(shelf), env=env)
    assert "added" in first.stdout and "pea-cake now has 2 indexed photo(s)" in first.stdout
    again = run_cli("catalogue", "add-photo", "pea-cake", str(shelf), env=env)
    assert "already indexed" in again.stdout and "pea-cake now has 2" in again.stdout
    wrong = subprocess.run(
        [sys.executable, "-m", "demo.cli", "catalogue", "add-photo", "no-such-product", str(shelf)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert wrong.returncode == 1 and "no product 'no-such-product'" in wrong.stderr
