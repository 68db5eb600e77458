"""Photo-matching benchmark: customer-style photos of the demo catalogue, plus packs that are not in it.

    python bench/photos.py                      # 4 photos per product + 3 per distractor; prints figures
    python bench/photos.py --per-product 6 --scale 1000 10000
    python bench/photos.py --seed 2026 11 7      # three photo sets, one summary table
    python bench/photos.py --calibrate          # fit the confidence calibration on a separate photo set

Photos come from bench/photogen.py (perspective, rotation, scale, clutter, light and colour casts, blur, thumb,
phone JPEG sizes); a quarter are "hard" (every factor pushed further). Distractors (bench/distractors.json) are
drawn with the demo shop's own pack tool (needs fonts-noto-cjk); seven of them share a catalogue design with a
flavour or size the shop does not sell. Figures: recall@1/@3, near-duplicate confusion, decisions, distractor
rejection, calibration, ms per photo (median, p95) — and, with --scale, the same with the catalogue padded to
1,000 / 10,000 products by synthetic entries.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.photogen import customer_photo, random_spec  # noqa: E402
from models.images import load_photo  # noqa: E402
from models.ocr import OcrConfig, load_text_reader  # noqa: E402
from models.vision import VisionConfig, load_image_embedder  # noqa: E402
from pipeline.catalogue import bundled_shop_dir  # noqa: E402
from pipeline.photo_index import PHOTO_SIDE, PhotoIndex  # noqa: E402
from pipeline.photo_match import CALIBRATION_FILE, Calibration, MatchConfig, PhotoMatcher  # noqa: E402
from pipeline.store import Store  # noqa: E402


def draw_distractors(out: Path) -> list[Path]:
    """Draw the distractor packs once (cached in ``out``)."""
    spec = ROOT / "bench" / "distractors.json"
    ids = [p["id"] for p in json.loads(spec.read_text())["products"]]
    if not all((out / f"{i}.png").is_file() for i in ids):
        tool = bundled_shop_dir() / "tools" / "draw_packs.py"
        subprocess.run([sys.executable, str(tool), "--catalogue", str(spec), "--out", str(out)], check=True)
    return [out / f"{i}.png" for i in ids]


def photo_set(packs: list[tuple[str | None, Path]], per: int, seed: int) -> list[tuple[str | None, bytes, bool]]:
    """(truth, jpeg, hard) for ``per`` photos of every pack; truth None for distractors."""
    from PIL import Image

    rng = random.Random(seed)
    out = []
    for truth, path in packs:
        pack = Image.open(path).convert("RGB")
        for k in range(per):
            hard = k % 4 == 3
            out.append((truth, customer_photo(pack, random_spec(rng, hard=hard), rng.randrange(1 << 30)), hard))
    return out


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def evaluate(matcher: PhotoMatcher, photos: list[tuple[str | None, bytes, bool]]):
    rows = []
    for truth, jpg, hard in photos:
        t = time.perf_counter()
        image = load_photo(jpg, max_side=PHOTO_SIDE)
        verdict, sig = matcher.match_with_signals(image)
        ms = (time.perf_counter() - t) * 1000
        ids = [c.product_id for c in verdict.candidates]
        rows.append(
            dict(
                truth=truth,
                ids=ids,
                decision=verdict.decision,
                hard=hard,
                ms=ms,
                sig=sig,
                conf=verdict.candidates[0].confidence if ids else 0.0,
                ocr=bool(verdict.text_seen),
            )
        )
    return rows


def report(rows: list[dict], groups: dict[str, str | None], title: str) -> dict[str, float]:
    ours = [r for r in rows if r["truth"]]
    others = [r for r in rows if not r["truth"]]
    r1 = sum(r["ids"][:1] == [r["truth"]] for r in ours) / max(len(ours), 1)
    r3 = sum(r["truth"] in r["ids"][:3] for r in ours) / max(len(ours), 1)
    grouped = [r for r in ours if groups.get(r["truth"])]
    confused = sum(
        bool(r["ids"]) and r["ids"][0] != r["truth"] and groups.get(r["ids"][0]) == groups[r["truth"]] for r in grouped
    )
    dec = {d: sum(r["decision"] == d for r in ours) for d in ("match", "confirm", "not_in_catalogue")}
    wrong_asserted = sum(r["decision"] == "match" and r["ids"][0] != r["truth"] for r in ours)
    rej = sum(r["decision"] == "not_in_catalogue" for r in others)
    asserted = sum(r["decision"] == "match" for r in others)
    ms = [r["ms"] for r in rows]
    print(f"\n== {title}")
    print(f"catalogue photos {len(ours)} (hard {sum(r['hard'] for r in ours)}), distractor photos {len(others)}")
    print(f"recall@1 {r1:.1%}   recall@3 {r3:.1%}")
    print(
        f"near-duplicate groups: {len(grouped)} photos, top-1 was a sibling in {confused} ({confused / max(len(grouped), 1):.1%})"
    )
    print(f"decisions on catalogue photos: {dec}; asserted a wrong product: {wrong_asserted}")
    if others:
        print(
            f"distractors: rejected (not in catalogue) {rej}/{len(others)} = {rej / len(others):.1%}; "
            f"asserted as ours {asserted}; asked to confirm {len(others) - rej - asserted}"
        )
    print(
        f"ms per photo (decode + match): median {statistics.median(ms):.0f}, p95 {pct(ms, 0.95):.0f}, "
        f"mean {statistics.mean(ms):.0f}; full-photo OCR ran on {sum(r['ocr'] for r in rows)}/{len(rows)}"
    )
    # calibration: predicted confidence of the top candidate vs how often it was right (distractors: never)
    cal = Calibration.load()
    bins = [(0.0, cal.confirm_at), (cal.confirm_at, cal.match_at), (cal.match_at, 1.01)]
    for lo, hi in bins:
        sel = [r for r in rows if lo <= r["conf"] < hi]
        if sel:
            right = sum(bool(r["truth"]) and r["ids"][:1] == [r["truth"]] for r in sel)
            mean_conf = statistics.mean(r["conf"] for r in sel)
            print(
                f"  confidence [{lo:.2f},{min(hi, 1):.2f}): {len(sel)} photos, mean {mean_conf:.2f}, right {right / len(sel):.1%}"
            )
    return {
        "r1": r1,
        "r3": r3,
        "wrong": wrong_asserted,
        "rejected": rej / max(len(others), 1),
        "median": statistics.median(ms),
        "p95": pct(ms, 0.95),
    }


def fit_logistic(x: np.ndarray, y: np.ndarray, steps: int = 4000, l2: float = 1e-3) -> tuple[float, list[float]]:
    """Plain gradient descent on the log loss (no scikit-learn needed)."""
    w = np.zeros(x.shape[1])
    b = 0.0
    lr = 0.5
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        g = p - y
        w -= lr * (x.T @ g / len(y) + l2 * w)
        b -= lr * g.mean()
    return float(b), [float(v) for v in w]


def pad_catalogue(index: PhotoIndex, n_total: int, seed: int = 0) -> None:
    """Add synthetic products until the index has ``n_total``: each copies a real photo's SIFT features with
    its keypoints shuffled (so they never verify) and a perturbed embedding, like a large shop of other packs."""
    rng = np.random.default_rng(seed)
    have = len(index.product_ids)
    rows = index.store.query("SELECT width, height, dim, embedding, kp, desc FROM photos")
    batch = []
    for i in range(n_total - have):
        w, h, dim, emb, kp, desc = rows[i % len(rows)]
        e = np.frombuffer(emb, np.float32) + rng.normal(0, 0.03, dim).astype(np.float32)
        e /= np.linalg.norm(e)
        xy = np.frombuffer(kp, np.float32).reshape(-1, 2).copy()
        rng.shuffle(xy)
        batch.append(
            (
                f"synthetic-{have + i}",
                "synthetic",
                f"s{have + i}",
                index.embedder.name,
                w,
                h,
                dim,
                e.tobytes(),
                xy.tobytes(),
                desc,
                "[]",
            )
        )
    index.store.execute(
        "INSERT INTO photos (product_id, source, sha256, embedder, width, height, dim, embedding, kp, desc, lines)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        batch,
        many=True,
    )
    index._reload()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-product", type=int, default=4)
    ap.add_argument("--per-distractor", type=int, default=3)
    ap.add_argument("--seed", type=int, nargs="+", default=[2026], help="several: one photo set each, one summary")
    ap.add_argument("--scale", type=int, nargs="*", default=[])
    ap.add_argument("--calibrate", action="store_true", help="fit the confidence model and write it")
    args = ap.parse_args()

    from tqdm import tqdm

    work = Path(tempfile.mkdtemp(prefix="xiaoer-bench-photos-"))
    shop_dir = bundled_shop_dir()
    store = Store(work / "shop.db")
    store.import_shop(shop_dir)
    shop = store.load_shop()
    t = time.perf_counter()
    embedder = load_image_embedder(VisionConfig())
    reader = load_text_reader(OcrConfig())
    print(f"models loaded in {time.perf_counter() - t:.1f} s")
    index = PhotoIndex(store, embedder, reader, work / "photos")
    bar = tqdm(total=len(shop.products), desc="indexing catalogue photos", unit="photo")
    t = time.perf_counter()
    index.sync(shop, progress=lambda i, n: bar.update(1))
    bar.close()
    print(f"indexed {len(index)} photos in {time.perf_counter() - t:.1f} s")
    matcher = PhotoMatcher(shop, index, MatchConfig())
    groups = {p.id: p.group for p in shop.products}
    distractors = draw_distractors(ROOT / ".cache" / "bench" / "distractors")
    packs: list[tuple[str | None, Path]] = [(p.id, shop.pack_images(p.id)[0]) for p in shop.products]

    if args.calibrate:
        photos = photo_set(packs, args.per_product, args.seed[0] + 1) + photo_set(
            [(None, d) for d in distractors], args.per_distractor + 2, args.seed[0] + 2
        )
        rows = evaluate(matcher, photos)
        x = np.array([r["sig"] for r in rows if r["sig"]])
        y = np.array([float(bool(r["truth"]) and r["ids"][:1] == [r["truth"]]) for r in rows if r["sig"]])
        bias, weights = fit_logistic(x, y)
        cal = Calibration(bias, tuple(weights))
        conf = np.array([cal.confidence(tuple(v)) for v in x])
        ours = np.array([bool(r["truth"]) for r in rows if r["sig"]])
        # match_at: the lowest threshold at which no calibration photo is asserted wrongly
        match_at = next((t for t in np.arange(0.5, 0.99, 0.01) if not ((conf >= t) & (y == 0)).any()), 0.99)
        # confirm_at: the lowest threshold that still rejects >= 92 % of the calibration distractors
        confirm_at = next((t for t in np.arange(0.05, match_at, 0.01) if (conf[~ours] < t).mean() >= 0.92), match_at)
        CALIBRATION_FILE.write_text(
            json.dumps(
                {
                    "bias": round(bias, 4),
                    "weights": [round(w, 4) for w in weights],
                    "match_at": round(float(match_at), 2),
                    "confirm_at": round(float(confirm_at), 2),
                    "signals": "log1p(inliers), text, ocr coverage, embedding similarity, rival inliers share, conflict",
                    "fitted_on": f"bench/photos.py --calibrate --seed {args.seed[0]} ({len(y)} photos, {int(y.sum())} right)",
                },
                indent=1,
            )
            + "\n"
        )
        print(f"wrote {CALIBRATION_FILE}: bias {bias:.3f} weights {[round(w, 3) for w in weights]}")
        print(f"thresholds: match at {match_at:.2f}, confirm at {confirm_at:.2f}")
        matcher = PhotoMatcher(shop, index, MatchConfig(calibration=Calibration.load()))

    summary = []
    first: list[tuple[str | None, bytes, bool]] = []  # --scale reuses the first seed's photos
    for seed in args.seed:
        photos = photo_set(packs, args.per_product, seed) + photo_set(
            [(None, d) for d in distractors], args.per_distractor, seed + 100
        )
        first = first or photos
        rows = evaluate(matcher, photos)
        title = f"{len(shop.products)} products, {len(index)} catalogue photos, seed {seed}"
        summary.append((seed, report(rows, groups, title)))
    if len(summary) > 1:
        print("\n== summary (targets: R@1 >= 95 %, R@3 >= 99 %, distractors rejected >= 90 %, p95 <= 300 ms)")
        print("seed   R@1     R@3     wrong  rejected  median ms  p95 ms")
        for seed, f in summary:
            print(
                f"{seed:<6} {f['r1']:6.1%}  {f['r3']:6.1%}  {f['wrong']:5d}  {f['rejected']:8.1%}  "
                f"{f['median']:9.0f}  {f['p95']:6.0f}"
            )
    for n in args.scale:
        pad_catalogue(index, n)
        matcher = PhotoMatcher(shop, index, MatchConfig())
        sub = first[:: max(1, len(first) // 60)]
        rows = evaluate(matcher, sub)
        report(rows, groups, f"catalogue padded to {n} products ({len(sub)} photos)")


if __name__ == "__main__":
    main()
