"""The shop's SQLite store: catalogue, policies, customers, text embeddings and conversation history.

One file in the data folder (``XIAOER_DATA`` or ``./data``). The catalogue is imported from the shop's JSON
at first start and by ``xiaoer catalogue import``; embeddings are cached per product text and model, so a
restart does not recompute them. Conversation history stays in this file, on the shop's machine.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.catalogue import Customer, Policy, Product, Shop, load_shop_folder

__all__ = ["HistoryTurn", "Store"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS products (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, category TEXT NOT NULL, price_cny REAL NOT NULL,
    in_stock INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS policies (id TEXT PRIMARY KEY, position INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS customers (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS text_embeddings (
    owner TEXT NOT NULL, model TEXT NOT NULL, text_hash TEXT NOT NULL, dim INTEGER NOT NULL,
    vector BLOB NOT NULL, PRIMARY KEY (owner, model, text_hash));
CREATE TABLE IF NOT EXISTS turns (
    session_id TEXT NOT NULL, turn_id INTEGER NOT NULL, role TEXT NOT NULL, text TEXT NOT NULL,
    lang TEXT NOT NULL, product_ids TEXT NOT NULL, created REAL NOT NULL);
CREATE INDEX IF NOT EXISTS turns_session ON turns (session_id, created);
CREATE TABLE IF NOT EXISTS dialogue_state (session_id TEXT PRIMARY KEY, data TEXT NOT NULL, updated REAL NOT NULL);
"""


class HistoryTurn(tuple[str, str, str, tuple[str, ...]]):
    """(role, text, lang, product_ids) of one past message."""

    @property
    def role(self) -> str:
        return self[0]

    @property
    def text(self) -> str:
        return self[1]

    @property
    def lang(self) -> str:
        return self[2]

    @property
    def product_ids(self) -> tuple[str, ...]:
        return self[3]


def _product_json(p: Product) -> str:
    return json.dumps(asdict(p), ensure_ascii=False)


class Store:
    """Thread-safe access to the shop database (one connection, one lock)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- catalogue -------------------------------------------------------------------------------
    def is_empty(self) -> bool:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM products").fetchone()[0] == 0

    def import_shop(self, folder: Path) -> int:
        """Replace the catalogue, policies and customers with a shop folder's JSON. Returns product count."""
        shop = load_shop_folder(folder)
        with self._lock, self._db:
            self._db.execute("DELETE FROM products")
            self._db.execute("DELETE FROM policies")
            self._db.execute("DELETE FROM customers")
            self._db.executemany(
                "INSERT INTO products VALUES (?,?,?,?,?,?)",
                [
                    (p.id, i, p.category, p.price_cny, int(p.in_stock), _product_json(p))
                    for i, p in enumerate(shop.products)
                ],
            )
            self._db.executemany(
                "INSERT INTO policies VALUES (?,?,?)",
                [(p.id, i, json.dumps(asdict(p), ensure_ascii=False)) for i, p in enumerate(shop.policies)],
            )
            self._db.executemany(
                "INSERT INTO customers VALUES (?,?)",
                [(c.id, json.dumps(asdict(c), ensure_ascii=False)) for c in shop.customers],
            )
            meta = {
                "shop_info": json.dumps(shop.info, ensure_ascii=False),
                "as_of": shop.as_of,
                "categories": json.dumps(shop.categories, ensure_ascii=False),
                "image_dir": str(shop.image_dir or ""),
                "source": str(folder.resolve()),
            }
            self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", list(meta.items()))
        return len(shop.products)

    def load_shop(self) -> Shop:
        """Read the whole shop back from the database."""
        with self._lock:
            rows = self._db.execute("SELECT data FROM products ORDER BY position").fetchall()
            pols = self._db.execute("SELECT data FROM policies ORDER BY position").fetchall()
            custs = self._db.execute("SELECT data FROM customers ORDER BY id").fetchall()
            meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        products = []
        for (data,) in rows:
            d = json.loads(data)
            d["allergens"] = tuple(d["allergens"])
            d["suitable_for"] = tuple(d["suitable_for"])
            d["pack_colours"] = tuple(d.get("pack_colours") or ())
            products.append(Product(**d))
        policies = tuple(Policy(**json.loads(d)) for (d,) in pols)
        customers = []
        for (data,) in custs:
            d = json.loads(data)
            d["purchases"] = tuple(d["purchases"])
            customers.append(Customer(**d))
        image_dir = meta.get("image_dir") or ""
        return Shop(
            info=json.loads(meta.get("shop_info", "{}")),
            as_of=meta.get("as_of", ""),
            categories=json.loads(meta.get("categories", "{}")),
            products=tuple(products),
            policies=policies,
            customers=tuple(customers),
            image_dir=Path(image_dir) if image_dir else None,
        )

    # --- embeddings cache ------------------------------------------------------------------------
    @staticmethod
    def text_hash(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def get_embeddings(self, model: str, owners_texts: list[tuple[str, str]]) -> dict[str, np.ndarray]:
        """Cached vectors for (owner, text) pairs whose text is unchanged."""
        out: dict[str, np.ndarray] = {}
        with self._lock:
            for owner, text in owners_texts:
                row = self._db.execute(
                    "SELECT dim, vector FROM text_embeddings WHERE owner=? AND model=? AND text_hash=?",
                    (owner, model, self.text_hash(text)),
                ).fetchone()
                if row:
                    out[owner] = np.frombuffer(row[1], dtype=np.float32).reshape(row[0]).copy()
        return out

    def put_embeddings(self, model: str, items: list[tuple[str, str, np.ndarray]]) -> None:
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO text_embeddings VALUES (?,?,?,?,?)",
                [
                    (owner, model, self.text_hash(text), int(v.shape[0]), v.astype(np.float32).tobytes())
                    for owner, text, v in items
                ],
            )

    # --- conversation history --------------------------------------------------------------------
    def add_turn(
        self, session_id: str, turn_id: int, role: str, text: str, lang: str, product_ids: tuple[str, ...]
    ) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO turns VALUES (?,?,?,?,?,?,?)",
                (session_id, turn_id, role, text, lang, json.dumps(list(product_ids)), time.time()),
            )

    def history(self, session_id: str, limit: int = 12) -> list[HistoryTurn]:
        """The last ``limit`` messages of a session, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT role, text, lang, product_ids FROM turns WHERE session_id=? "
                "ORDER BY created DESC, rowid DESC LIMIT ?",
                (session_id, limit),
            ).fetchall()
        return [HistoryTurn((r, t, lg, tuple(json.loads(p)))) for r, t, lg, p in reversed(rows)]

    def dialogue_state(self, session_id: str) -> dict[str, Any]:
        """What was on the table after a session's last turn (``{}`` for a new session)."""
        with self._lock:
            row = self._db.execute("SELECT data FROM dialogue_state WHERE session_id=?", (session_id,)).fetchone()
        return dict(json.loads(row[0])) if row else {}

    def set_dialogue_state(self, session_id: str, data: dict[str, Any]) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO dialogue_state VALUES (?,?,?)",
                (session_id, json.dumps(data, ensure_ascii=False), time.time()),
            )

    # --- other tables (the photo index keeps its own schema) ------------------------------------------
    def execute(self, sql: str, params: Any = (), many: bool = False) -> None:
        """Run a writing statement (or script when ``params`` is None) in one transaction."""
        with self._lock, self._db:
            if params is None:
                self._db.executescript(sql)
            elif many:
                self._db.executemany(sql, params)
            else:
                self._db.execute(sql, params)

    def query(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def meta(self, key: str) -> Any:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None
