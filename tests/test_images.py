"""Real-world photo inputs, each built here: rotated phone JPEG, HEIC, alpha PNG, CMYK, grayscale, 40 MP, junk."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from models.images import PhotoError, load_photo


def jpeg(img: Image.Image, **kw: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", **kw)
    return buf.getvalue()


def marked(w: int = 400, h: int = 200) -> Image.Image:
    """Red left half, blue right half: orientation is visible."""
    img = Image.new("RGB", (w, h), (220, 20, 20))
    img.paste((20, 20, 220), (w // 2, 0, w, h))
    return img


def test_exif_rotation_is_applied() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    got = load_photo(jpeg(marked(), exif=exif.tobytes()))
    assert got.size == (200, 400)
    r, _, b = got.getpixel((100, 50))  # top is now the former left (red) half
    assert r > 150 and b < 100


def test_heic_png_alpha_cmyk_grayscale(tmp_path: Path) -> None:
    heic = tmp_path / "p.heic"
    marked().save(heic)
    assert load_photo(heic).size == (400, 200)
    rgba = Image.new("RGBA", (50, 50), (0, 0, 0, 0))
    buf = io.BytesIO()
    rgba.save(buf, "PNG")
    got = load_photo(buf.getvalue())
    assert got.mode == "RGB" and got.getpixel((10, 10)) == (255, 255, 255)  # transparent → white, not black
    cmyk = load_photo(jpeg(marked().convert("CMYK")))
    assert cmyk.mode == "RGB" and cmyk.getpixel((10, 10))[0] > 150
    gray = load_photo(jpeg(marked().convert("L")))
    assert gray.mode == "RGB"


def test_40_megapixel_photo_is_downscaled_with_bounded_memory(tmp_path: Path) -> None:
    """Measured in fresh processes, so the peak RSS reflects only the load."""
    photo = tmp_path / "big.jpg"
    make = f"from PIL import Image; Image.new('RGB', (7728, 5152), (180, 140, 60)).save({str(photo)!r}, quality=80)"
    subprocess.run([sys.executable, "-c", make], check=True)  # 39.8 MP, as from a phone's main camera
    probe = (
        "import resource, sys; from models.images import load_photo; from PIL import Image; "
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; "
        f"img = load_photo({str(photo)!r}, max_side=1600); "
        "print(max(img.size), (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    ).stdout.split()
    side, grew_mib = int(out[0]), float(out[1])
    assert side == 1600
    assert grew_mib < 60, grew_mib  # a full decode needs ~115 MiB; draft mode decodes at 1/4 scale


def test_a_phone_jpeg_is_decoded_at_reduced_scale_only_while_its_long_side_stays_large(tmp_path: Path) -> None:
    """12 MP (4032x3024) for a 2048 px budget: decoded at 1/2 (2016 px, no resampling), not at full size."""
    photo = tmp_path / "phone.jpg"
    Image.new("RGB", (4032, 3024), (90, 120, 60)).save(photo, quality=80)
    assert load_photo(photo, max_side=2048).size == (2016, 1512)
    assert load_photo(photo, max_side=3000).size == (3000, 2250)  # 1/2 would be under 3/4 of it: full, resampled
    tall = tmp_path / "tall.jpg"
    Image.new("RGB", (1512, 2016), (90, 120, 60)).save(tall, quality=80)
    assert load_photo(tall, max_side=2048).size == (1512, 2016)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"%PDF-1.7 this is a document, not a photo", "not_image"),
        (jpeg(marked())[:300], "not_image"),  # truncated
    ],
)
def test_bad_inputs_get_clear_errors(data: bytes, code: str) -> None:
    with pytest.raises(PhotoError) as e:
        load_photo(data)
    assert e.value.code == code


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match="no such file"):
        load_photo(tmp_path / "nope.jpg")
