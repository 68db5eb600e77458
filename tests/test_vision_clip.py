"""The CLIP backend's real save → load-from-folder → embed path, on tiny random-weight models built here.

No CLIP weights exist in any package registry, so the tests make their own with ``save_pretrained``; they prove
the loading and embedding code, not matching quality.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from models.vision import VisionConfig, load_image_embedder
from pipeline.photo_index import PhotoIndex
from pipeline.photo_match import PhotoMatcher
from pipeline.store import Store


def _byte_vocab() -> dict[str, int]:
    """A byte-level BPE vocabulary with no merges: every byte, alone and word-final, plus CLIP's specials."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    chars = [chr(c) for c in cs]
    tokens = chars + [c + "</w>" for c in chars] + ["<|startoftext|>", "<|endoftext|>"]
    return {t: i for i, t in enumerate(tokens)}


def build_tiny_clip(out: Path) -> Path:
    import torch
    from transformers import CLIPConfig, CLIPImageProcessor, CLIPModel, CLIPProcessor, CLIPTokenizer

    vocab = _byte_vocab()
    (out / "tok").mkdir(parents=True, exist_ok=True)
    (out / "tok" / "vocab.json").write_text(json.dumps(vocab))
    (out / "tok" / "merges.txt").write_text("#version: 0.2\n")
    tokenizer = CLIPTokenizer(str(out / "tok" / "vocab.json"), str(out / "tok" / "merges.txt"))
    config = CLIPConfig(
        text_config={
            "vocab_size": len(vocab),
            "hidden_size": 32,
            "intermediate_size": 64,
            "num_hidden_layers": 2,
            "num_attention_heads": 2,
            "max_position_embeddings": 64,
            "bos_token_id": vocab["<|startoftext|>"],
            "eos_token_id": vocab["<|endoftext|>"],
            "pad_token_id": vocab["<|endoftext|>"],
        },
        vision_config={
            "image_size": 32,
            "patch_size": 8,
            "hidden_size": 32,
            "intermediate_size": 64,
            "num_hidden_layers": 2,
            "num_attention_heads": 2,
        },
        projection_dim=16,
    )
    torch.manual_seed(0)
    model = CLIPModel(config)
    image_processor = CLIPImageProcessor(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32})
    processor = CLIPProcessor(image_processor=image_processor, tokenizer=tokenizer)
    folder = out / "tiny-clip"
    model.save_pretrained(folder)
    processor.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_clip(tmp_path_factory.mktemp("clip"))


def pack(colour: tuple[int, int, int], size: int = 64) -> Image.Image:
    img = Image.new("RGB", (size, size), colour)
    for x in range(0, size, 8):
        img.putpixel((x, x), (255 - colour[0], 255 - colour[1], 255 - colour[2]))
    return img


def test_clip_from_a_local_folder_embeds_images_and_texts(tiny_clip: Path) -> None:
    emb = load_image_embedder(VisionConfig(backend="clip", model=str(tiny_clip)))
    assert emb.has_text and emb.name == "clip:tiny-clip"
    imgs = [pack((200, 30, 30)), pack((30, 200, 30)), pack((200, 30, 30)).rotate(90)]
    v = emb.embed_images(imgs)
    assert v.shape == (3, 16) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(v[0], v[1])  # different images, different vectors
    t = emb.embed_texts(["red beef jerky pack", "green tea tin"])
    assert t.shape == (2, 16) and np.allclose(np.linalg.norm(t, axis=1), 1.0, atol=1e-5)
    # deterministic: the same image twice gives the same vector
    assert np.allclose(emb.embed_images([imgs[0]])[0], v[0], atol=1e-5)


def test_clip_accepts_grayscale_and_alpha(tiny_clip: Path) -> None:
    emb = load_image_embedder(VisionConfig(backend="clip", model=str(tiny_clip)))
    v = emb.embed_images([pack((120, 120, 120)).convert("L"), pack((10, 20, 200)).convert("RGBA")])
    assert v.shape == (2, 16)


def test_clip_never_reaches_for_a_hub_unless_allowed(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="offline"):
        load_image_embedder(VisionConfig(backend="clip", model="openai/clip-vit-base-patch32"))
    with pytest.raises(ValueError, match="needs `model`"):
        load_image_embedder(VisionConfig(backend="clip"))


def test_clip_serves_as_the_photo_matchers_global_embedding_and_text_search(
    tiny_clip: Path, store: Store, tmp_path: Path
) -> None:
    """Configured CLIP weights replace EfficientNet in the index; geometry still decides the match, and CLIP's
    text side ranks products for a description (random weights: the ranking is only checked for shape)."""
    emb = load_image_embedder(VisionConfig(backend="clip", model=str(tiny_clip)))
    shop = store.load_shop()
    index = PhotoIndex(store, emb, None, tmp_path / "photos")
    assert index.sync(shop) == len(shop.products)
    assert index.embeddings.shape == (len(shop.products), 16)
    matcher = PhotoMatcher(shop, index)
    photo = Image.open(shop.pack_images("dried-matsutake")[0]).convert("RGB").rotate(12, expand=True)
    verdict = matcher.match(photo)
    assert verdict.candidates[0].product_id == "dried-matsutake"
    assert verdict.candidates[0].inliers >= 30
    hits = matcher.search_text("black gift box of mushrooms", k=3)
    assert len(hits) == 3 and hits[0][1] >= hits[1][1] >= hits[2][1]
    assert {pid for pid, _ in hits} <= {p.id for p in shop.products}
