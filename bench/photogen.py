"""Customer-style photos of catalogue packs, for the photo-matching benchmark and tests (Pillow only).

A clean front-on pack shot becomes what a customer sends: the pack smaller and off-centre on a cluttered
background, rotated, seen in perspective, under warm or cold light, blurred, partly covered by a thumb, and
re-compressed as a phone JPEG at a phone-like resolution. Every photo is reproducible from its seed.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

__all__ = ["PhotoSpec", "customer_photo", "random_spec"]

PHONE_SIZES = [(1280, 960), (1600, 1200), (1080, 1440), (1512, 2016), (2016, 1512)]


@dataclass(frozen=True)
class PhotoSpec:
    """How one photo is taken. Angles in degrees, fractions of the frame, JPEG quality 1-95."""

    size: tuple[int, int]
    pack_fraction: float  # pack height / frame height
    centre: tuple[float, float]  # pack centre in frame fractions
    rotation: float
    perspective: float  # 0 = front-on; 0.15 = strong tilt
    brightness: float
    cast: tuple[float, float, float]  # per-channel gains (colour of the light)
    blur: float  # Gaussian radius in pixels
    occlusion: float  # fraction of the pack's width covered by a thumb
    jpeg_quality: int
    clutter: int  # number of background shapes


def random_spec(rng: random.Random, hard: bool = False) -> PhotoSpec:
    """A plausible phone photo; ``hard`` pushes every factor further."""
    k = 1.6 if hard else 1.0
    warm = rng.choice([(1.1, 1.0, 0.85), (0.9, 1.0, 1.12), (1.0, 1.0, 1.0), (1.05, 1.05, 0.95)])
    return PhotoSpec(
        size=rng.choice(PHONE_SIZES),
        pack_fraction=rng.uniform(0.35, 0.8) / (1.2 if hard else 1.0),
        centre=(rng.uniform(0.35, 0.65), rng.uniform(0.35, 0.65)),
        rotation=rng.uniform(-20, 20) * k,
        perspective=rng.uniform(0.0, 0.12) * k,
        brightness=rng.uniform(0.6, 1.25),
        cast=warm,
        blur=rng.choice([0.0, 0.0, 0.8, 1.5]) * k,
        occlusion=rng.choice([0.0, 0.0, 0.15, 0.25]) * (1.3 if hard else 1.0),
        jpeg_quality=rng.randint(45, 90),
        clutter=rng.randint(4, 14),
    )


def _background(size: tuple[int, int], n: int, rng: random.Random) -> Image.Image:
    base = tuple(rng.randint(60, 230) for _ in range(3))
    bg = Image.new("RGB", size, base)  # type: ignore[arg-type]
    d = ImageDraw.Draw(bg)
    w, h = size
    for _ in range(n):
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        x0, y0 = rng.randint(-w // 4, w), rng.randint(-h // 4, h)
        x1, y1 = x0 + rng.randint(w // 10, w // 2), y0 + rng.randint(h // 10, h // 2)
        if rng.random() < 0.5:
            d.rectangle((x0, y0, x1, y1), fill=colour)  # type: ignore[arg-type]
        else:
            d.ellipse((x0, y0, x1, y1), fill=colour)  # type: ignore[arg-type]
    return bg.filter(ImageFilter.GaussianBlur(2))


def _perspective(img: Image.Image, amount: float, rng: random.Random) -> Image.Image:
    """Tilt the pack: move each corner inwards by up to ``amount`` of the side."""
    w, h = img.size
    dx, dy = w * amount, h * amount
    src = [
        (rng.uniform(0, dx), rng.uniform(0, dy)),
        (w - rng.uniform(0, dx), rng.uniform(0, dy)),
        (w - rng.uniform(0, dx), h - rng.uniform(0, dy)),
        (rng.uniform(0, dx), h - rng.uniform(0, dy)),
    ]
    dst: list[tuple[float, float]] = [(0, 0), (w, 0), (w, h), (0, h)]
    coeffs = _perspective_coeffs(dst, src)
    return img.transform((w, h), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC)


def _perspective_coeffs(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    import numpy as np

    rows = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(rows, dtype=float)
    b = np.array([c for pt in src for c in pt], dtype=float)
    return [float(c) for c in np.linalg.solve(a, b)]


def customer_photo(pack: Image.Image, spec: PhotoSpec, seed: int) -> bytes:
    """JPEG bytes of ``pack`` photographed as ``spec`` says."""
    rng = random.Random(seed)
    frame = _background(spec.size, spec.clutter, rng)
    target_h = int(spec.size[1] * spec.pack_fraction)
    scale = target_h / pack.height
    p = pack.convert("RGBA").resize((max(8, int(pack.width * scale)), max(8, target_h)), Image.Resampling.LANCZOS)
    # cut away the pack shot's plain studio background (the corners' colour) so the clutter shows around it
    import numpy as np

    arr = np.asarray(p).copy()
    corners = np.array([arr[0, 0, :3], arr[0, -1, :3], arr[-1, 0, :3], arr[-1, -1, :3]], dtype=int)
    key = np.median(corners, axis=0)
    arr[(np.abs(arr[..., :3].astype(int) - key) <= 14).all(axis=-1), 3] = 0
    p = Image.fromarray(arr, "RGBA")
    if spec.perspective > 0:
        p = _perspective(p, spec.perspective, rng)
    p = p.rotate(spec.rotation, expand=True, resample=Image.Resampling.BICUBIC)
    cx, cy = int(spec.centre[0] * spec.size[0]), int(spec.centre[1] * spec.size[1])
    frame.paste(p, (cx - p.width // 2, cy - p.height // 2), p)
    if spec.occlusion > 0:
        d = ImageDraw.Draw(frame)
        tw = int(p.width * spec.occlusion)
        x0 = cx + p.width // 2 - tw
        d.ellipse((x0, cy - tw, x0 + tw * 2, cy + tw * 2), fill=(224, 172, 140))  # a thumb
    frame = ImageEnhance.Brightness(frame).enhance(spec.brightness)
    r, g, b = frame.split()
    frame = Image.merge(
        "RGB", [ch.point(lambda v, k=k: min(255, int(v * k))) for ch, k in zip((r, g, b), spec.cast, strict=True)]
    )
    if spec.blur > 0:
        frame = frame.filter(ImageFilter.GaussianBlur(spec.blur))
    buf = io.BytesIO()
    frame.save(buf, "JPEG", quality=spec.jpeg_quality)
    return buf.getvalue()
