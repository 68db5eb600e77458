"""The catalogue's photo index: features of every product photo, persisted in the shop's SQLite store.

Each product can have several photos (the catalogue's pack shot first, then what the owner adds). For each photo
we keep a global embedding (candidate recall), SIFT keypoints (geometric verification) and the text lines OCR read
on it with their positions (to check that a photo shows *this* flavour or size, not a sibling's). Features are
computed once, when a photo is added; a restart only reads them back.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from models.features import LocalFeatures, extract
from models.images import load_photo, rgb_array
from models.ocr import TextLine, TextReader
from models.vision import ImageEmbedder
from pipeline.catalogue import Shop
from pipeline.store import Store

__all__ = ["PHOTO_SIDE", "WORK_SIDE", "PhotoFeatures", "PhotoIndex", "Reference", "photo_features", "work_image"]

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS photos (
    id INTEGER PRIMARY KEY, product_id TEXT NOT NULL, source TEXT NOT NULL, sha256 TEXT NOT NULL,
    embedder TEXT NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL, dim INTEGER NOT NULL,
    embedding BLOB NOT NULL, kp BLOB NOT NULL, desc BLOB NOT NULL, lines TEXT NOT NULL,
    UNIQUE (product_id, sha256, embedder));
CREATE INDEX IF NOT EXISTS photos_product ON photos (product_id);
"""

WORK_SIDE = 640  # embedding, SIFT and geometry run at this size: enough for them, fast on two cores
# A customer's photo is decoded at up to this size (phone JPEGs at 1/1 or 1/2 scale, nothing to resample); the
# pack's small print (size, age, flavour band) is read from it.
PHOTO_SIDE = 2048


@dataclass(frozen=True)
class PhotoFeatures:
    """What the matcher needs of one image, in pixels of the image scaled to :data:`WORK_SIDE`."""

    embedding: np.ndarray
    local: LocalFeatures
    lines: tuple[TextLine, ...]


@dataclass(frozen=True)
class Reference:
    """One indexed catalogue photo."""

    photo_id: int
    product_id: str
    local: LocalFeatures
    lines: tuple[TextLine, ...]


def work_image(image: object) -> np.ndarray:
    """RGB uint8 array of a PIL image (or of an RGB array) scaled so its longer side is at most :data:`WORK_SIDE`."""
    import cv2
    from PIL import Image

    if isinstance(image, Image.Image):
        image = rgb_array(image)
    assert isinstance(image, np.ndarray)
    h, w = image.shape[:2]
    if max(h, w) <= WORK_SIDE:
        return image
    s = WORK_SIDE / max(h, w)
    return cv2.resize(image, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)


def photo_features(image: object, embedder: ImageEmbedder, reader: TextReader | None) -> PhotoFeatures:
    """Embedding, SIFT and OCR lines of a catalogue photo (all of them: it is indexed once)."""
    from PIL import Image

    rgb = work_image(image)
    emb = embedder.embed_images([Image.fromarray(rgb)])[0]
    lines = tuple(reader.read(rgb, thorough=True)) if reader is not None else ()
    return PhotoFeatures(emb.astype(np.float32), extract(rgb), lines)


def _lines_json(lines: tuple[TextLine, ...]) -> str:
    return json.dumps([[ln.text, round(ln.score, 3), ln.quad.round(1).tolist()] for ln in lines], ensure_ascii=False)


def _lines_from(data: str) -> tuple[TextLine, ...]:
    return tuple(TextLine(t, float(s), np.asarray(q, np.float32)) for t, s, q in json.loads(data))


class PhotoIndex:
    """Photo features of a shop's products. Embeddings stay in memory; SIFT and lines load per photo, cached."""

    def __init__(self, store: Store, embedder: ImageEmbedder, reader: TextReader | None, photo_dir: Path) -> None:
        self.store = store
        self.embedder = embedder
        self.reader = reader
        self.photo_dir = photo_dir
        store.execute(_SCHEMA, None)
        self._reload()

    def _reload(self) -> None:
        rows = self.store.query(
            "SELECT id, product_id, dim, embedding FROM photos WHERE embedder=? ORDER BY id", (self.embedder.name,)
        )
        self.photo_ids = np.array([r[0] for r in rows], np.int64)
        self.photo_products = [r[1] for r in rows]
        self.row_of = {int(i): k for k, i in enumerate(self.photo_ids)}  # photo id → row in ``embeddings``
        self._by_product: dict[str, list[int]] = {}
        for photo_id, pid in zip(self.photo_ids, self.photo_products, strict=True):
            self._by_product.setdefault(pid, []).append(int(photo_id))
        dim = rows[0][2] if rows else 0
        self.embeddings = (
            np.stack([np.frombuffer(r[3], np.float32) for r in rows]) if rows else np.zeros((0, dim), np.float32)
        )
        self.reference.cache_clear()

    def __len__(self) -> int:
        return len(self.photo_ids)

    @property
    def product_ids(self) -> set[str]:
        return set(self._by_product)

    @lru_cache(maxsize=4096)  # noqa: B019 - one index per process; bounded
    def reference(self, photo_id: int) -> Reference:
        (row,) = self.store.query(
            "SELECT product_id, width, height, kp, desc, lines FROM photos WHERE id=?", (int(photo_id),)
        )
        pid, w, h, kp, desc, lines = row
        return Reference(int(photo_id), pid, LocalFeatures.from_bytes(kp, desc, (w, h)), _lines_from(lines))

    def photos_of(self, product_id: str) -> list[int]:
        """Ids of a product's indexed photos, oldest (the catalogue's pack shot) first."""
        return list(self._by_product.get(product_id, ()))

    # --- adding photos ---------------------------------------------------------------------------
    def add(self, product_id: str, source: Path | bytes, label: str = "", reload: bool = True) -> bool:
        """Index one photo of a product. False when this exact photo is already indexed for it."""
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        if self.store.query(
            "SELECT 1 FROM photos WHERE product_id=? AND sha256=? AND embedder=?", (product_id, sha, self.embedder.name)
        ):
            return False
        image = load_photo(data)
        feats = photo_features(image, self.embedder, self.reader)
        xy, desc = feats.local.to_bytes()
        w, h = feats.local.size
        self.store.execute(
            "INSERT INTO photos (product_id, source, sha256, embedder, width, height, dim, embedding, kp, desc, lines)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                product_id,
                label or (str(source) if not isinstance(source, bytes) else "upload"),
                sha,
                self.embedder.name,
                w,
                h,
                int(feats.embedding.shape[0]),
                feats.embedding.tobytes(),
                xy,
                desc,
                _lines_json(feats.lines),
            ),
        )
        if reload:
            self._reload()
        return True

    def add_owner_photo(self, product_id: str, file: Path) -> bool:
        """An owner's photo: copied into the shop's photo folder (the original may be deleted), then indexed."""
        data = file.read_bytes()
        load_photo(data)  # refuse a broken file before copying it
        dest = self.photo_dir / product_id / (hashlib.sha256(data).hexdigest()[:16] + file.suffix.lower())
        dest.parent.mkdir(parents=True, exist_ok=True)
        if not dest.exists():
            shutil.copyfile(file, dest)
        return self.add(product_id, data, label=str(dest))

    def sync(self, shop: Shop, progress: Callable[[int, int], None] | None = None) -> int:
        """Index the catalogue's pack shots and the owner's saved photos that are not indexed yet; forget photos
        of products the shop no longer has. Returns how many photos were added."""
        ids = {p.id for p in shop.products}
        gone = sorted(set(self.photo_products) - ids)
        if gone:
            self.store.execute("DELETE FROM photos WHERE product_id=?", [(g,) for g in gone], many=True)
        todo: list[tuple[str, Path]] = []
        for p in shop.products:
            files = shop.pack_images(p.id)
            owner_dir = self.photo_dir / p.id
            if owner_dir.is_dir():
                files += sorted(f for f in owner_dir.iterdir() if f.is_file())
            todo += [(p.id, f) for f in files]
        added = 0
        for i, (pid, f) in enumerate(todo):
            try:
                added += self.add(pid, f, label=str(f), reload=False)
            except (OSError, ValueError) as e:
                log.warning("skipping photo %s of %s: %s", f.name, pid, e)
            if progress is not None:
                progress(i + 1, len(todo))
        self._reload()
        return added
