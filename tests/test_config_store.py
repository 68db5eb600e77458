from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pipeline.catalogue import ShopDataError, bundled_shop_dir, load_shop_folder
from pipeline.config import load_config
from pipeline.store import Store


def test_config_file_then_env(tmp_path: Path) -> None:
    f = tmp_path / "xiaoer.toml"
    f.write_text(
        'data_dir = "d"\n[llm]\nbackend = "openai"\nbase_url = "http://127.0.0.1:9/v1"\nmodel = "qwen-7b"\n'
        '[asr]\nlanguages = ["zh", "en", "ja"]\n[tts_zh]\nbackend = "coqui"\nmodel_path = "m.pth"\nconfig_path = "c.json"\n'
        "[photos]\nmatch_at = 0.9\n"
    )
    env = {
        "XIAOER_LLM_MODEL": "other",
        "XIAOER_LLM_THREADS": "1",
        "XIAOER_LOG_TRANSCRIPTS": "yes",
        "XIAOER_VISION_BACKEND": "clip",
        "XIAOER_VISION_MODEL": "/models/my-clip",
    }
    cfg = load_config(f, env)
    assert cfg.vision.backend == "clip" and cfg.vision.model == "/models/my-clip"
    assert cfg.photos.match_at == 0.9 and cfg.photos.confirm_at is None  # None: the calibration's threshold
    assert cfg.photo_dir == Path("d") / "photos"
    assert cfg.llm.backend == "openai" and cfg.llm.model == "other" and cfg.llm.threads == 1
    assert cfg.asr.languages == ("zh", "en", "ja")
    assert cfg.tts_zh.backend == "coqui" and cfg.tts_zh.config_path == "c.json"
    assert cfg.turn.log_transcripts is True
    assert cfg.db_path == Path("d") / "xiaoer.sqlite3"


def test_unknown_config_key_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "x.toml"
    f.write_text("[llm]\nbakend = 'openai'\n")
    with pytest.raises(ValueError, match="bakend"):
        load_config(f)


def test_store_round_trip_embeddings_and_history(tmp_path: Path) -> None:
    s = Store(tmp_path / "x.sqlite3")
    assert s.is_empty()
    assert s.import_shop(bundled_shop_dir()) == 48
    shop = s.load_shop()
    assert shop == load_shop_folder(bundled_shop_dir()) or len(shop.products) == 48
    assert shop.product("hunan-smoked-pork").price_cny == 78  # type: ignore[union-attr]
    assert shop.customer("c03").preferences["avoid_allergens"] == ["peanut"]  # type: ignore[union-attr]
    v = np.arange(4, dtype=np.float32)
    s.put_embeddings("m", [("p1", "text", v)])
    assert np.array_equal(s.get_embeddings("m", [("p1", "text")])["p1"], v)
    assert s.get_embeddings("m", [("p1", "changed text")]) == {}
    for i in range(8):
        s.add_turn("sess", i, "user", f"q{i}", "zh", ())
    s.add_turn("other", 1, "user", "secret", "zh", ())
    h = s.history("sess", limit=3)
    assert [t.text for t in h] == ["q5", "q6", "q7"]
    s.close()
    # a restart keeps everything
    s2 = Store(tmp_path / "x.sqlite3")
    assert not s2.is_empty() and len(s2.history("sess")) == 8


def test_bad_shop_data_is_reported_clearly(tmp_path: Path) -> None:
    import json

    cat = json.loads((bundled_shop_dir() / "catalogue.json").read_text())
    cat["products"][0]["price_cny"] = -5
    (tmp_path / "catalogue.json").write_text(json.dumps(cat))
    (tmp_path / "policies.json").write_text((bundled_shop_dir() / "policies.json").read_text())
    with pytest.raises(ShopDataError, match="price_cny must be positive"):
        load_shop_folder(tmp_path)
    (tmp_path / "catalogue.json").write_text("{not json")
    with pytest.raises(ShopDataError, match="not valid JSON"):
        load_shop_folder(tmp_path)


@pytest.mark.parametrize(
    ("loader", "config"),
    [
        ("models.llm:load_llm", "models.llm:LLMConfig"),
        ("models.tts:load_tts", "models.tts:TTSConfig"),
        ("models.embed:load_embedder", "models.embed:EmbedConfig"),
        ("models.vision:load_image_embedder", "models.vision:VisionConfig"),
        ("models.ocr:load_text_reader", "models.ocr:OcrConfig"),
    ],
)
def test_unknown_backend_names_the_choices(loader: str, config: str) -> None:
    import importlib
    from dataclasses import replace

    def get(ref: str):  # type: ignore[no-untyped-def]
        mod, name = ref.split(":")
        return getattr(importlib.import_module(mod), name)

    with pytest.raises(ValueError, match=r"unknown .* backend 'nope'; choose from"):
        get(loader)(replace(get(config)(), backend="nope"))
