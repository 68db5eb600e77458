"""The customer-photo generator the photo benchmark will use: valid, varied, reproducible JPEGs."""

from __future__ import annotations

import io
import random

import numpy as np
from PIL import Image

from bench.photogen import customer_photo, random_spec
from pipeline.catalogue import bundled_shop_dir


def test_photos_are_reproducible_varied_phone_jpegs() -> None:
    pack = Image.open(bundled_shop_dir() / "images" / "beef-jerky-spicy.png")
    rng = random.Random(7)
    specs = [random_spec(rng), random_spec(rng, hard=True)]
    a = customer_photo(pack, specs[0], seed=1)
    assert a == customer_photo(pack, specs[0], seed=1)  # same seed, same bytes
    b = customer_photo(pack, specs[1], seed=2)
    ia, ib = Image.open(io.BytesIO(a)), Image.open(io.BytesIO(b))
    assert ia.format == "JPEG" and ia.size == specs[0].size and ib.size == specs[1].size
    small = [np.asarray(im.convert("L").resize((64, 64)), dtype=float) for im in (ia, ib)]
    assert np.abs(small[0] - small[1]).mean() > 5  # different scenes
    # the pack is in the picture: its dominant red band survives somewhere in the frame
    arr = np.asarray(ia.convert("RGB"), dtype=int)
    assert ((arr[..., 0] > 150) & (arr[..., 1] < 90) & (arr[..., 2] < 90)).sum() > 200
