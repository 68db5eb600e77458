"""What the guide says about a photo it is not sure of, or one with two packs in it (templates, no LLM)."""

from __future__ import annotations

import asyncio

from models.images import PhotoError, load_photo
from pipeline.catalogue import Product, Shop
from pipeline.events import Notice, PhotoVerdict, ProductMatch
from pipeline.photo_index import PHOTO_SIDE
from pipeline.photo_match import PackMatcher
from pipeline.templates import PHOTO_WHY, message

__all__ = ["candidate_matches", "look", "two_packs_lead", "unsure_reply"]


async def look(matcher: PackMatcher | None, turn_id: int, image: object, lang: str) -> PhotoVerdict | Notice:
    """Decode a customer's photo (bounded size, upright) and match it, off the event loop; a clear notice for
    a file that is not a photo we can read."""
    key = "zh" if lang == "zh" else "en"
    if matcher is None:
        return Notice(turn_id, "bad_photo", message("bad_photo", lang, why=PHOTO_WHY["not_image"][key]))
    try:
        photo = await asyncio.to_thread(load_photo, image, PHOTO_SIDE)  # type: ignore[arg-type]
    except PhotoError as e:
        return Notice(turn_id, "bad_photo", message("bad_photo", lang, why=PHOTO_WHY[e.code][key]))
    return await asyncio.to_thread(matcher.match, photo)


def candidate_matches(products: list[Product], verdict: PhotoVerdict, lang: str) -> tuple[ProductMatch, ...]:
    """The candidates as the turn's product list, with their photo confidence as the score."""
    return tuple(
        ProductMatch(p.id, p.name(lang), p.price_cny, c.confidence, ("photo",), p.in_stock)
        for p, c in zip(products, verdict.candidates, strict=False)
    )


def unsure_reply(shop: Shop, verdict: PhotoVerdict, lang: str) -> tuple[str, list[Product]]:
    """The answer for ``confirm`` (which one is it?) and ``not_in_catalogue`` (not ours; the closest are …),
    and the candidate products it names."""
    products = [p for c in verdict.candidates if (p := shop.product(c.product_id)) is not None]
    zh = lang == "zh"
    if verdict.decision == "confirm" and products:
        # ask about the plausible ones only (the first always): a 5 % candidate is no help to the customer
        keep = {c.product_id for c in verdict.candidates[1:] if c.confidence >= 0.2}
        products = [products[0], *[p for p in products[1:] if p.id in keep]]
        names = [p.name(lang) for p in products]
        either = ("还是" if zh else " or the ").join(names)
        return message("photo_confirm", lang, first=names[0], items=either), products
    text = message("photo_not_ours", lang)
    if products:
        items = ("、" if zh else ", ").join(
            f"{p.name(lang)}（¥{p.price_cny:g}）" if zh else f"the {p.name(lang)} (¥{p.price_cny:g})" for p in products
        )
        text += ("" if zh else " ") + message("photo_closest", lang, items=items)
    return text, products


def two_packs_lead(shop: Shop, verdict: PhotoVerdict, lang: str) -> str:
    """What a clerk says first about a photo with two packs in it (nothing when there is one)."""
    if verdict.also_seen is None or verdict.best is None:
        return ""
    a, b = shop.product(verdict.best.product_id), shop.product(verdict.also_seen.product_id)
    if a is None or b is None:
        return ""
    return message("photo_two", lang, first=a.name(lang), second=b.name(lang))
