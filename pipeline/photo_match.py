"""Which catalogue product is in this photo — or honestly none.

Three signals, each covering the others' blind spots:

1. a global image embedding (EfficientNet-Lite0 by default, CLIP when configured) shortlists candidates;
2. SIFT features verified by a RANSAC homography say that a product's pack design is in the photo, and where;
3. the text printed where each candidate has text is read (OCR recogniser on the rectified crops, taken from the
   photo at its decoded size, where small print is still legible) and compared — the only signal that tells apart
   packs of one design that differ by flavour band or size text.

When geometry finds nothing convincing, the whole photo is read by OCR (slower) and its text proposes candidates;
when that text sits in a small region (a pack far away), geometry looks again at that region, scaled up.
A logistic model over these signals gives a calibrated confidence; thresholds turn it into ``match``, ``confirm``
or ``not_in_catalogue``. Text read from the photo is data only: it is returned for display, never followed.
"""

from __future__ import annotations

import json
import logging
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from models.features import (
    LocalFeatures,
    Verification,
    extract,
    grow_quad,
    project,
    quad_area,
    quad_iou,
    verify,
    warp_quad,
)
from models.images import rgb_array
from models.ocr import TextLine
from pipeline.catalogue import Shop
from pipeline.events import PhotoCandidate, PhotoVerdict
from pipeline.photo_index import PhotoIndex, Reference, work_image
from pipeline.photo_text import ProductTexts, agreement, name_strings, normalise, similarity

__all__ = ["Calibration", "MatchConfig", "PackMatcher", "PhotoMatcher", "signals"]

log = logging.getLogger(__name__)

CALIBRATION_FILE = Path(__file__).with_name("photo_calibration.json")


class PackMatcher(Protocol):
    """What a turn needs of photo matching (the real :class:`PhotoMatcher`, or a scripted fake in tests)."""

    def match(self, image: object) -> PhotoVerdict:
        """The verdict for one decoded photo."""
        ...


@dataclass(frozen=True)
class Calibration:
    """Logistic weights over :func:`signals` and the decision thresholds chosen with them (both fitted by
    ``bench/photos.py --calibrate`` on photos separate from the benchmark's)."""

    bias: float = -6.0
    weights: tuple[float, ...] = (1.2, 4.0, 1.0, 3.0, -2.0, -3.0)
    match_at: float = 0.8
    confirm_at: float = 0.35

    def confidence(self, x: tuple[float, ...]) -> float:
        z = self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def load(cls, path: Path = CALIBRATION_FILE) -> Calibration:
        if not path.is_file():
            return cls()
        d = json.loads(path.read_text())
        base = cls()
        if len(d["weights"]) != len(base.weights):  # fitted for other signals: refit with bench/photos.py
            log.warning(
                "%s was fitted for %d signals, not %d; using defaults", path, len(d["weights"]), len(base.weights)
            )
            return base
        return cls(
            float(d["bias"]),
            tuple(float(w) for w in d["weights"]),
            float(d.get("match_at", base.match_at)),
            float(d.get("confirm_at", base.confirm_at)),
        )


@dataclass(frozen=True)
class MatchConfig:
    """Matcher settings.

    Attributes:
        match_at: confidence at or above which the best candidate is asserted (default: the calibration's).
        confirm_at: confidence at or above which the customer is asked to confirm; below it, "not ours"
            (default: the calibration's).
        verify_all_up_to: catalogues up to this many products are verified by geometry in full; larger ones only
            on the embedding and text shortlists.
        shortlist: products taken from the embedding (and from OCR text) in large catalogues.
        verify: products (most nearest-neighbour feature votes) verified by a homography.
        verify_by_embedding: products (closest embeddings) verified as well.
        min_inliers: fewer geometric inliers than this do not locate a pack.
        ocr_below: read the whole photo with OCR when the best geometry has fewer inliers than this.
        ocr_verify: products (most text shared with what OCR read) then verified by a homography.
        ocr_again_side: when whole-photo OCR read under two lines, it looks again with its detector at this size.
        closer_below: when no pack was located and the text OCR read spans less than this share of the photo's
            longer side, geometry looks again at the region around that text (a small pack far away).
        second_pack_inliers: geometric inliers a second, separate pack needs to be reported as also in the photo.
        query_features: SIFT keypoints taken from the customer's photo.
        vote_features: how many of them vote for candidates (the cost of voting grows with this).
    """

    match_at: float | None = None
    confirm_at: float | None = None
    verify_all_up_to: int = 120
    shortlist: int = 32
    verify: int = 4
    verify_by_embedding: int = 2
    min_inliers: int = 10
    ocr_below: int = 25
    ocr_verify: int = 3
    ocr_again_side: int = 640
    closer_below: float = 0.18
    second_pack_inliers: int = 20
    query_features: int = 600
    vote_features: int = 400
    calibration: Calibration = field(default_factory=Calibration.load)


@dataclass
class _Cand:
    product_id: str
    similarity: float
    ver: Verification = field(default_factory=lambda: Verification(0, 0, None, None, 0.0))
    ref: Reference | None = None
    text: float = -1.0  # strict agreement of the printed text (confidence)
    text_rank: float = -1.0  # loose agreement (which of the siblings fits best)
    conflict: float = 0.0  # a clearly read line that says something else
    ocr: float = 0.0


def signals(c: _Cand, rival_inliers: int) -> tuple[float, ...]:
    """The calibration's inputs: geometry, printed text, OCR coverage, embedding, a rival's geometry share,
    and the clearest line that reads as something else."""
    inl = c.ver.inliers
    return (
        math.log1p(inl),
        max(c.text, 0.0),
        c.ocr,
        c.similarity,
        rival_inliers / max(inl, 1) if inl else 1.0,
        c.conflict,
    )


class PhotoMatcher:
    """Matches photos against a :class:`PhotoIndex` of a shop."""

    def __init__(self, shop: Shop, index: PhotoIndex, config: MatchConfig | None = None) -> None:
        self.shop = shop
        self.index = index
        self.config = config or MatchConfig()
        self.refresh()

    def refresh(self) -> None:
        """Re-read product texts after photos were added."""
        lines: dict[str, list[str]] = {}
        shop_ids = {p.id for p in self.shop.products}
        for pid in self.index.product_ids & shop_ids:
            for photo_id in self.index.photos_of(pid)[:3]:
                lines.setdefault(pid, []).extend(ln.text for ln in self.index.reference(photo_id).lines)
        self.texts = ProductTexts.build(self.shop.products, lines)
        # which products print each line: a brand or "四川特产" identifies nothing; a flavour band or a size does
        self._name_strings = {p.id: name_strings(p) for p in self.shop.products}
        self._line_owners: dict[str, set[str]] = {}
        for pid, texts in lines.items():
            for t in texts:
                self._line_owners.setdefault(normalise(t), set()).add(pid)
        self._stack_key: tuple[int, ...] = ()
        self._stack = (np.zeros((0, 128), np.float32), np.zeros(0, np.float32))
        self._tree: Any = None  # cv2.flann_Index: a k-d tree over the whole catalogue's descriptors, built on first use
        groups: dict[str, list[str]] = {}
        for p in self.shop.products:
            if p.group:
                groups.setdefault(p.group, []).append(p.id)
        self._siblings = {pid: [o for o in ids if o != pid] for ids in groups.values() for pid in ids}

    # ------------------------------------------------------------------------------------------
    def match(self, image: object) -> PhotoVerdict:
        """The verdict for one photo: a PIL image loaded with :func:`models.images.load_photo`, ideally at
        :data:`~pipeline.photo_index.PHOTO_SIDE` (matching runs at the work size; the print is read at this one)."""
        return self.match_with_signals(image)[0]

    def match_with_signals(self, image: object) -> tuple[PhotoVerdict, tuple[float, ...]]:
        """The verdict and the calibration inputs of its best candidate (for fitting the calibration)."""
        from PIL import Image

        t0 = time.perf_counter()
        cfg = self.config
        assert isinstance(image, Image.Image)
        full = rgb_array(image)  # the photo as decoded: its print is read from this
        rgb = work_image(full)  # embedding, SIFT and geometry at the work size
        scale = full.shape[1] / rgb.shape[1]
        emb = self.index.embedder.embed_images([Image.fromarray(rgb)])[0]
        query = extract(rgb, cfg.query_features)
        sims = self.index.embeddings @ emb if len(self.index) else np.zeros(0, np.float32)
        by_product: dict[str, float] = {}
        for pid, s in zip(self.index.photo_products, sims, strict=True):
            by_product[pid] = max(by_product.get(pid, -1.0), float(s))
        order = sorted(by_product, key=lambda p: -by_product[p])
        pool = order if len(order) <= cfg.verify_all_up_to else order[: cfg.shortlist]
        picked = self._vote(query, pool, cfg.verify) + order[: cfg.verify_by_embedding]
        cands = {pid: self._verify(_Cand(pid, by_product[pid]), query, sims) for pid in dict.fromkeys(picked)}

        text_seen: tuple[str, ...] = ()
        best_inl = max((c.ver.inliers for c in cands.values()), default=0)
        if best_inl < cfg.ocr_below and self.index.reader is not None:
            lines = self.index.reader.read(full)
            if len(lines) < 2:  # a small pack further away: look again, closer
                lines = max(lines, self.index.reader.read(full, side=cfg.ocr_again_side), key=len)
            text_seen = tuple(ln.text for ln in lines)
            checked = list(cands)
            if text_seen:
                for n, pid in enumerate(self.texts.shortlist(text_seen, cfg.shortlist)):
                    if pid not in cands and pid in by_product:
                        cand = _Cand(pid, by_product[pid])  # the text ranks them all; geometry checks the first few
                        cands[pid] = self._verify(cand, query, sims) if n < cfg.ocr_verify else cand
                        checked += [pid] if n < cfg.ocr_verify else []
                for c in cands.values():
                    c.ocr = self.texts.coverage(c.product_id, text_seen)
            unlocated = max(c.ver.inliers for c in cands.values()) < cfg.min_inliers
            if unlocated and (box := _text_region(lines, full.shape[:2], cfg.closer_below)) is not None:
                self._look_closer(full, scale, box, [cands[p] for p in checked], sims)

        located = sorted((c for c in cands.values() if c.ver.inliers >= cfg.min_inliers), key=lambda c: -c.ver.inliers)
        self._read_text(full, scale, located)
        ranked = sorted(cands.values(), key=self._rank_key, reverse=True)
        if not ranked:
            return PhotoVerdict("not_in_catalogue", (), None, text_seen, (time.perf_counter() - t0) * 1000), ()
        best = ranked[0]

        def rival(c: _Cand) -> int:  # the strongest other pack located elsewhere in the photo
            return max((o.ver.inliers for o in ranked if o is not c and not self._same_place(o, c)), default=0)

        out = [self._public(c, rival(c)) for c in ranked[:3]]
        also = self._also_seen(best, ranked)
        conf = out[0].confidence
        match_at = cfg.calibration.match_at if cfg.match_at is None else cfg.match_at
        confirm_at = cfg.calibration.confirm_at if cfg.confirm_at is None else cfg.confirm_at
        decision = "match" if conf >= match_at else "confirm" if conf >= confirm_at else "not_in_catalogue"
        if decision == "match" and self._unresolved(best, ranked):
            decision = "confirm"  # packs of one design that their printed text did not tell apart: ask
        if also is not None and also.area > out[0].area:  # answer about the most prominent pack
            out = [also, *[c for c in out if c.product_id != also.product_id]][:3]
            also = self._public(best, 0)
        ms = (time.perf_counter() - t0) * 1000
        verdict = PhotoVerdict(decision, tuple(out), also, text_seen, ms)  # type: ignore[arg-type]
        return verdict, signals(best, rival(best))

    def search_text(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        """Products whose photos best fit a description ("a red tin of tea"), best first — only with an
        image–text embedder (CLIP family); the packaged EfficientNet embeds images only."""
        embedder = self.index.embedder
        if not embedder.has_text:
            raise ValueError(f"{embedder.name} embeds images only; configure a CLIP-family model for text search")
        if not len(self.index):
            return []
        sims = self.index.embeddings @ embedder.embed_texts([text])[0]
        best: dict[str, float] = {}
        for pid, s in zip(self.index.photo_products, sims, strict=True):
            best[pid] = max(best.get(pid, -1.0), float(s))
        return sorted(best.items(), key=lambda kv: -kv[1])[:k]

    # ------------------------------------------------------------------------------------------
    def _vote(self, query: LocalFeatures, pool: list[str], k: int) -> list[str]:
        """Products whose photos hold the nearest neighbours of most of the query's SIFT descriptors."""
        if not len(query.desc):
            return []
        whole = len(pool) == len(self.index.product_ids)  # the same photos every time: keep them stacked
        rank = {pid: n for n, pid in enumerate(pool)}
        refs = [
            self.index.reference(i)
            for pid in (sorted(pool) if whole else pool)
            for i in self.index.photos_of(pid)[:3]  # pack shot first
        ]
        refs = [r for r in refs if len(r.local.desc)]
        if not refs:
            return []
        owners = np.concatenate([np.full(len(r.local.desc), n) for n, r in enumerate(refs)])
        q = query.desc[: self.config.vote_features].astype(np.float32)
        nearest = self._nearest(q, refs, whole)
        votes = np.bincount(owners[nearest], minlength=len(refs))
        by_product: dict[str, int] = {}
        for n, r in enumerate(refs):
            by_product[r.product_id] = by_product.get(r.product_id, 0) + int(votes[n])
        top = sorted(by_product, key=lambda p: (-by_product[p], rank[p]))[:k]  # ties: the closer embedding
        # identical features of sibling packs all vote for whichever photo comes first: bring the siblings in
        extra = [s for p in top for s in self._siblings.get(p, ()) if s in by_product or s in pool]
        return list(dict.fromkeys(top + extra))

    def _nearest(self, q: np.ndarray, refs: list[Reference], whole: bool) -> np.ndarray:
        """Index (into the stacked reference descriptors) of each query descriptor's nearest neighbour: from a
        k-d tree kept for the whole catalogue (approximate, fast), or exactly over a shortlist's photos."""
        import cv2

        key = tuple(r.photo_id for r in refs)
        if self._stack_key != key:
            mat = np.concatenate([r.local.desc for r in refs]).astype(np.float32)
            self._stack = (mat, (mat * mat).sum(axis=1))
            self._stack_key = key
            self._tree = None
        mat, norms = self._stack
        if whole and len(mat) >= 2000:
            tree = self._tree
            if tree is None:
                cv2.setRNGSeed(0)  # the same tree every time: the same votes for the same photo
                tree = self._tree = cv2.flann_Index(mat, {"algorithm": 1, "trees": 4})  # type: ignore[attr-defined]
            idx, _ = tree.knnSearch(q, 1, params={"checks": 32})
            return np.asarray(idx, np.int64).ravel()
        # squared L2 up to a per-row constant: |d|^2 - 2 q.d  (|q|^2 does not change the argmin)
        return np.argmin(norms[None, :] - 2.0 * (q @ mat.T), axis=1)

    def _verify(self, cand: _Cand, query: object, sims: np.ndarray) -> _Cand:
        photos = self.index.photos_of(cand.product_id)
        if len(photos) > 3:  # the closest few by embedding
            photos = sorted(photos, key=lambda i: -sims[self.index.row_of[i]])[:3]
        for photo_id in photos:
            ref = self.index.reference(photo_id)
            ver = verify(query, ref.local)  # type: ignore[arg-type]
            if ver.inliers > cand.ver.inliers:
                cand.ver, cand.ref = ver, ref
        return cand

    def _look_closer(
        self, full: np.ndarray, scale: float, box: tuple[int, int, int, int], cands: list[_Cand], sims: np.ndarray
    ) -> None:
        """Geometry again, on the region around the text OCR found: a pack far away has too few features at the
        work size to be located in the whole photo, enough in this region scaled to it. What it locates is kept in
        whole-photo work pixels, like the rest."""
        import cv2

        x0, y0, x1, y1 = box
        crop = full[y0:y1, x0:x1]
        closer = work_image(crop)
        k = crop.shape[1] / closer.shape[1] / scale  # region work px -> photo work px
        to_work = np.array([[k, 0, x0 / scale], [0, k, y0 / scale], [0, 0, 1]], np.float64)
        query = extract(closer, self.config.query_features)
        area = full.shape[0] * full.shape[1] / scale**2
        for c in cands:
            seen = self._verify(_Cand(c.product_id, c.similarity), query, sims)
            if seen.ver.homography is None or seen.ver.quad is None or seen.ver.inliers <= c.ver.inliers:
                continue
            quad = project(to_work, seen.ver.quad)
            hom = to_work @ seen.ver.homography
            c.ver = Verification(seen.ver.inliers, seen.ver.matches, hom, quad, float(cv2.contourArea(quad)) / area)
            c.ref = seen.ref

    def _unresolved(self, best: _Cand, ranked: list[_Cand]) -> bool:
        """A near-duplicate sibling sits in the same place and the identifying text didn't clearly pick ``best``."""
        sibs = [
            c
            for c in ranked[1:]
            if c.product_id in self._siblings.get(best.product_id, ())
            and c.ver.inliers >= self.config.min_inliers
            and self._same_place(c, best)
        ]
        return bool(sibs) and best.text - max(max(c.text, 0.0) for c in sibs) < 0.3

    def _same_place(self, a: _Cand, b: _Cand) -> bool:
        if a.ver.quad is None or b.ver.quad is None:
            return True
        return quad_iou(a.ver.quad, b.ver.quad) > 0.3

    def _rank_key(self, c: _Cand) -> float:
        return min(c.ver.inliers, 80) / 80 + 2.0 * max(c.text_rank, 0.0) + 1.5 * c.ocr + 0.3 * c.similarity

    def _read_text(self, full: np.ndarray, scale: float, located: list[_Cand]) -> None:
        """Read the printed text where the best candidate has its identifying lines and score it — and its
        near-duplicate siblings, whose flavour band or size text sits in the same place — by how well each line
        read says what that product's pack says there. A line is credited only to the product it fits best, so
        siblings are told apart, and a flavour or size the shop doesn't sell fits none of them.
        """
        if not located or self.index.reader is None:
            return
        best = located[0]
        sibs = [
            c
            for c in located[1:4]
            if c.product_id in self._siblings.get(best.product_id, ()) and self._same_place(c, best)
        ]
        others = [
            c
            for c in located[1:6]
            if c not in sibs and c.ver.inliers >= self.config.second_pack_inliers and not self._same_place(c, best)
        ][:1]
        jobs: list[tuple[_Cand, bool]] = []
        crops: list[np.ndarray] = []
        checks = {id(c): self._lines_to_check(c) for c in [best, *sibs, *others] if c.ref is not None}
        for c in (best, *others):
            if c.ref is None or c.ver.homography is None:
                continue
            for ln, distinct in checks[id(c)]:
                quad = project(c.ver.homography, grow_quad(ln.quad))
                if quad_area(quad) >= 40:
                    crops.append(warp_quad(full, quad * scale))  # small print: read at the decoded size
                    jobs.append((c, distinct))
        if not crops:
            return
        reads = [(normalise(t), score) for t, score in self.index.reader.read_crops(crops)]
        group = [best, *sibs]
        wanted = {key: [normalise(ln.text) for ln, _ in lines] for key, lines in checks.items()}
        strict: dict[tuple[int, bool], list[tuple[float, float]]] = {}
        loose: dict[int, list[float]] = {}
        for (owner, distinct), (got, sure) in zip(jobs, reads, strict=True):
            pool = group if owner is best and distinct else [owner]
            fits = {id(c): max((agreement(got, e) for e in wanted.get(id(c), [])), default=0.0) for c in pool}
            near = {id(c): max((similarity(got, e) for e in wanted.get(id(c), [])), default=0.0) for c in pool}
            for c in pool:  # only the best-fitting product keeps the credit for this line
                won = fits[id(c)] >= max(fits.values()) - 1e-6
                strict.setdefault((id(c), distinct), []).append((fits[id(c)] if won else 0.0, max(sure, 0.05)))
                loose.setdefault(id(c), []).append(near[id(c)] if near[id(c)] >= max(near.values()) else 0.0)
        for c in [*group, *others]:
            shared = strict.get((id(best if c in sibs else c), False), [])
            own = strict.get((id(c), True), [])
            if shared or own:
                # lines read with more certainty count more; the identifying lines decide
                c.text = min(_weighted(own), _weighted(shared))
                # a line read clearly that says something else is evidence of another product
                c.conflict = max(sure * (1.0 - a) for a, sure in own + shared)
            if id(c) in loose:
                c.text_rank = float(np.mean(loose[id(c)]))

    def _lines_to_check(self, c: _Cand) -> list[tuple[TextLine, bool]]:
        """The two largest lines that identify this product, flagged True: for a pack with near-duplicate
        siblings, the lines they don't print (flavour band, size); otherwise the lines that carry its name or
        variant (never the brand or "四川特产", which other packs print too). Else its two largest, flagged False."""
        assert c.ref is not None
        lines = sorted((ln for ln in c.ref.lines if len(normalise(ln.text)) >= 2), key=lambda ln: -quad_area(ln.quad))
        pid = c.product_id
        if self._siblings.get(pid):
            sib = set(self._siblings[pid])
            own = [ln for ln in lines if not (self._line_owners.get(normalise(ln.text), set()) & sib)]
        else:
            keys = self._name_strings.get(pid, [])
            own = [ln for ln in lines if any(_names(normalise(ln.text), k) for k in keys)]
        return [(ln, True) for ln in own[:2]] or [(ln, False) for ln in lines[:2]]

    def _public(self, c: _Cand, rival: int) -> PhotoCandidate:
        conf = self.config.calibration.confidence(signals(c, rival))
        return PhotoCandidate(
            c.product_id, round(conf, 4), c.ver.inliers, round(c.text, 3), round(c.similarity, 3), round(c.ver.area, 4)
        )

    def _also_seen(self, best: _Cand, ranked: list[_Cand]) -> PhotoCandidate | None:
        if best.ver.quad is None:
            return None
        for c in ranked[1:]:
            if c.ver.quad is None or c.ver.inliers < self.config.second_pack_inliers:
                continue
            if quad_iou(c.ver.quad, best.ver.quad) < 0.15 and c.text >= 0.5:
                pub = self._public(c, 0)
                confirm_at = self.config.confirm_at
                floor = self.config.calibration.confirm_at if confirm_at is None else confirm_at
                return pub if pub.confidence >= floor else None
        return None


def _names(line: str, name: str) -> bool:
    """A line printed on a pack says (part of) this name: "Pork Belly" of "Smoked Pork Belly" counts."""
    return agreement(line, name) > 0.5 or (len(line) >= 4 and line in name)


def _text_region(lines: list[TextLine], shape: tuple[int, ...], most: float) -> tuple[int, int, int, int] | None:
    """Where a small pack probably is: the box around the text OCR read, grown to a pack's size (x0, y0, x1, y1) —
    None when there is no text or it already spans ``most`` of the photo's longer side (a large pack)."""
    quads = [ln.quad for ln in lines if len(normalise(ln.text)) >= 2]
    if not quads:
        return None
    pts = np.concatenate(quads)
    (x0, y0), (x1, y1) = pts.min(axis=0), pts.max(axis=0)
    h, w = shape[0], shape[1]
    side = max(x1 - x0, y1 - y0)
    if side > most * max(h, w):
        return None
    grow = 0.8 * side
    return int(max(0, x0 - grow)), int(max(0, y0 - grow)), int(min(w, x1 + grow)), int(min(h, y1 + grow))


def _weighted(pairs: list[tuple[float, float]]) -> float:
    """Mean agreement weighted by how sure the recogniser was of each read (1 when nothing was read)."""
    if not pairs:
        return 1.0
    return sum(a * w for a, w in pairs) / sum(w for _, w in pairs)
