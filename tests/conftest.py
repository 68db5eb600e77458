"""Shared fixtures: the bundled demo shop, a fresh store, and guides built over scripted fakes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pipeline.catalogue import Shop, bundled_shop_dir, load_shop_folder
from pipeline.config import TurnConfig
from pipeline.retrieval import Retriever
from pipeline.store import Store
from pipeline.turn import Guide
from tests.fakes import FakeASR, FakeEmbedder, FakeLLM, FakeMatcher, FakeTTS
from tests.helpers import (
    EIGHTH_SHOP,
    ELEVENTH_SHOP,
    FIFTH_SHOP,
    FOURTEENTH_SHOP,
    FOURTH_SHOP,
    NINTH_SHOP,
    SECOND_SHOP,
    SEVENTH_SHOP,
    SIXTH_SHOP,
    TENTH_SHOP,
    THIRD_SHOP,
    THIRTEENTH_SHOP,
    TWELFTH_SHOP,
    guide_builder,
)


@pytest.fixture(scope="session")
def shop() -> Shop:
    return load_shop_folder(bundled_shop_dir())


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "shop.sqlite3")
    s.import_shop(bundled_shop_dir())
    yield s
    s.close()


@pytest.fixture()
def make_guide(store: Store):  # type: ignore[no-untyped-def]
    """Build a Guide over the demo shop with fakes: ``make_guide(llm=..., asr=...)``."""

    def build(
        llm: FakeLLM | None = None,
        asr: FakeASR | None = None,
        config: TurnConfig | None = None,
        photos: FakeMatcher | None = None,
    ) -> Guide:
        shop = store.load_shop()
        retriever = Retriever.build(shop, FakeEmbedder(), store)
        voices = {"zh": FakeTTS("zh-voice"), "en": FakeTTS("en-voice")}
        return Guide(
            shop,
            store,
            retriever,
            llm or FakeLLM(),
            voices,
            asr=asr,
            config=config or TurnConfig(today=shop.as_of),
            photos=photos,
        )

    return build


@pytest.fixture()
def second_guide(tmp_path: Path) -> Callable[..., Guide]:
    """A guide over the second test shop (Xi'an), on scripted models."""
    return guide_builder(SECOND_SHOP, tmp_path / "second.sqlite3")


@pytest.fixture()
def third_guide(tmp_path: Path) -> Callable[..., Guide]:
    """A guide over the third test shop (Kunming), on scripted models."""
    return guide_builder(THIRD_SHOP, tmp_path / "third.sqlite3")


@pytest.fixture()
def fourth_guide(tmp_path: Path) -> Callable[..., Guide]:
    """A guide over the fourth test shop (Suzhou), on scripted models."""
    return guide_builder(FOURTH_SHOP, tmp_path / "fourth.sqlite3")


@pytest.fixture()
def fifth_guide(tmp_path: Path) -> Callable[..., Guide]:
    """A guide over the fifth test shop (Xiamen), on scripted models."""
    return guide_builder(FIFTH_SHOP, tmp_path / "fifth.sqlite3")


@pytest.fixture
def sixth_guide(tmp_path: Path) -> Callable[..., Guide]:
    """A guide over the sixth test shop (Harbin), on scripted models."""
    return guide_builder(SIXTH_SHOP, tmp_path / "sixth.sqlite3")


@pytest.fixture
def seventh_guide(tmp_path: Path) -> Callable[..., Guide]:
    """A guide over the seventh test shop (Shantou), on scripted models."""
    return guide_builder(SEVENTH_SHOP, tmp_path / "seventh.sqlite3")


@pytest.fixture
def eighth_guide(tmp_path: Path) -> Callable[..., Guide]:
    """A guide over the eighth test shop (Guilin), on scripted models."""
    return guide_builder(EIGHTH_SHOP, tmp_path / "eighth.sqlite3")


@pytest.fixture
def ninth_guide(tmp_path: Path) -> Callable[..., Guide]:
    """A guide over the ninth test shop (Harbin), on scripted models."""
    return guide_builder(NINTH_SHOP, tmp_path / "ninth.sqlite3")


@pytest.fixture
def tenth_guide(tmp_path: Path) -> Callable[..., Guide]:
    """A guide over the tenth test shop (Wuhan), on scripted models."""
    return guide_builder(TENTH_SHOP, tmp_path / "tenth.sqlite3")


@pytest.fixture
def eleventh_guide(tmp_path: Path) -> Callable[..., Guide]:
    """A guide over the eleventh test shop (Qingdao), on scripted models."""
    return guide_builder(ELEVENTH_SHOP, tmp_path / "eleventh.sqlite3")


@pytest.fixture
def twelfth_guide(tmp_path: Path) -> Callable[..., Guide]:
    """A guide over the twelfth test shop (Yunnan, Guizhou and Wuyi mountain goods), on scripted models."""
    return guide_builder(TWELFTH_SHOP, tmp_path / "twelfth.sqlite3")


@pytest.fixture()
def thirteenth_guide(tmp_path: Path) -> Callable[..., Guide]:
    """A guide over the thirteenth test shop (Sichuan–Tibet plateau, Hainan and Northeast forest goods)."""
    return guide_builder(THIRTEENTH_SHOP, tmp_path / "thirteenth.sqlite3")


@pytest.fixture()
def fourteenth_guide(tmp_path: Path) -> Callable[..., Guide]:
    """A guide over the fourteenth test shop (Hefei: Anhui, Jiangxi and Guangxi goods)."""
    return guide_builder(FOURTEENTH_SHOP, tmp_path / "fourteenth.sqlite3")
