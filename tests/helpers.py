"""Helpers for the answer tests: the test shops, a guide over one of them on scripted models, and a turn's text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.config import TurnConfig
from pipeline.events import AnswerDone, Event, Products
from pipeline.retrieval import Retriever
from pipeline.session import Session
from pipeline.store import Store
from pipeline.turn import Guide
from tests.fakes import FakeEmbedder, FakeLLM, FakeTTS

SECOND_SHOP = Path(__file__).parent / "shops" / "second-shop"
THIRD_SHOP = Path(__file__).parent / "shops" / "third-shop"
FOURTH_SHOP = Path(__file__).parent / "shops" / "fourth-shop"
FIFTH_SHOP = Path(__file__).parent / "shops" / "fifth-shop"
SIXTH_SHOP = Path(__file__).parent / "shops" / "sixth-shop"
SEVENTH_SHOP = Path(__file__).parent / "shops" / "seventh-shop"
EIGHTH_SHOP = Path(__file__).parent / "shops" / "eighth-shop"
NINTH_SHOP = Path(__file__).parent / "shops" / "ninth-shop"
TENTH_SHOP = Path(__file__).parent / "shops" / "tenth-shop"
ELEVENTH_SHOP = Path(__file__).parent / "shops" / "eleventh-shop"
TWELFTH_SHOP = Path(__file__).parent / "shops" / "twelfth-shop"
THIRTEENTH_SHOP = Path(__file__).parent / "shops" / "thirteenth-shop"
FOURTEENTH_SHOP = Path(__file__).parent / "shops" / "fourteenth-shop"


async def ask(session: Session, text: str) -> list[Event]:
    return [ev async for ev in session.ask(text=text)]


async def dialogue(guide: Guide, turns: list[str], customer: str | None = None) -> list[str]:
    """The answers to one conversation's questions, in order, in one session."""
    session = Session(guide, customer_id=customer)
    return [answer(await ask(session, q)) for q in turns]


async def one(guide: Guide, q: str, customer: str | None = None) -> str:
    """The answer to one question, in a session of its own."""
    return (await dialogue(guide, [q], customer))[0]


def answer(events: list[Event]) -> str:
    return next(e for e in events if isinstance(e, AnswerDone)).text


def shown(events: list[Event]) -> list[str]:
    return [m.product_id for e in events if isinstance(e, Products) for m in e.items]


def guide_builder(folder: Path, db: Path) -> Callable[..., Guide]:
    """A guide over one of the test shops, on scripted models."""

    def build(llm: FakeLLM | None = None) -> Guide:
        store = Store(db)
        store.import_shop(folder)
        shop = store.load_shop()
        voices = {"zh": FakeTTS("zh"), "en": FakeTTS("en")}
        retriever = Retriever.build(shop, FakeEmbedder(), store)
        config = TurnConfig(today=shop.as_of)  # "today" is the shop data's date, whatever the machine's clock says
        return Guide(shop, store, retriever, llm or FakeLLM(["x"]), voices, config=config)

    return build
