"""The shop's data: products, policies and customers, validated as they enter from JSON.

The JSON format is the demo shop's (``demo/shop/README.md``). A shop owner replaces the demo shop with a
folder of the same shape; :func:`load_shop_folder` checks it and says clearly what is wrong.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pipeline.allergens import HALAL_SAID, in_ingredients, not_halal

__all__ = [
    "ALLERGENS",
    "SUITABLE_FOR",
    "Customer",
    "Policy",
    "Product",
    "Shop",
    "ShopDataError",
    "bundled_shop_dir",
    "load_shop_folder",
]

ALLERGENS = ("peanut", "tree_nut", "gluten", "soy", "egg", "milk", "sesame", "alcohol", "fish", "shellfish", "pork")
SUITABLE_FOR = (
    "elders",
    "children",
    "colleagues",
    "diabetics_low_sugar",
    "vegetarians",
    "travellers",
    "home_cooks",
    "business_gifts",
)


class ShopDataError(ValueError):
    """The shop's JSON is missing a field or has a wrong value."""


@dataclass(frozen=True)
class Product:
    """One catalogue product. Prices in CNY, weights in grams, volumes in millilitres, shelf life in days."""

    id: str
    sku: str
    name_zh: str
    name_en: str
    brand_zh: str
    brand_en: str
    category: str
    region_zh: str
    region_en: str
    price_cny: float
    net_weight_g: int | None
    volume_ml: int | None
    sweetness: int
    spiciness: int
    flavour_zh: str
    flavour_en: str
    ingredients_zh: str
    ingredients_en: str
    allergens: tuple[str, ...]
    suitable_for: tuple[str, ...]
    shelf_life_days: int
    storage_zh: str
    storage_en: str
    packaging: str
    gift_box: bool
    cold_chain: bool
    seasonal: str | None
    in_stock: bool
    description_zh: str
    description_en: str
    group: str | None = None
    pack_text: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    pack_colours: tuple[str, ...] = ()  # the pack's main colours, in English ("green", "gold")
    pack_shape: str = ""  # bag, tin, jar, box, bottle …

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def brand(self, lang: str) -> str:
        return self.brand_zh if lang == "zh" else self.brand_en

    @cached_property
    def allergen_set(self) -> frozenset[str]:
        """The allergens its list names, and those its ingredients name that the list left out."""
        listed = frozenset(a for a in self.allergens if a != "none")
        halal = (
            {"halal"}
            if not_halal(
                f"{self.ingredients_zh} {self.ingredients_en}",
                f"{self.name_zh} {self.name_en} {self.description_zh} {self.description_en}",
            )
            else set()
        )
        return listed | in_ingredients(self.ingredients_zh, self.ingredients_en) | halal

    @cached_property
    def halal_said(self) -> bool:
        """Whether its own name, description or tags say it is halal ("清真认证", "halal-certified")."""
        said = (
            f"{self.name_zh} {self.name_en} {self.description_zh} {self.description_en} {' '.join(self.suitable_for)}"
        )
        return bool(re.search(HALAL_SAID, said, re.I))

    def all_text(self) -> str:
        """Every descriptive field in both languages (what may be said about this product)."""
        return " ".join(
            [
                self.name_zh,
                self.name_en,
                self.brand_zh,
                self.brand_en,
                self.region_zh,
                self.region_en,
                self.flavour_zh,
                self.flavour_en,
                self.ingredients_zh,
                self.ingredients_en,
                self.storage_zh,
                self.storage_en,
                self.description_zh,
                self.description_en,
                self.packaging,
                str(self.pack_text),
            ]
        )

    def size_text(self, lang: str) -> str:
        if self.net_weight_g:
            return f"{self.net_weight_g}克" if lang == "zh" else f"{self.net_weight_g} g"
        if self.volume_ml:
            return f"{self.volume_ml}毫升" if lang == "zh" else f"{self.volume_ml} ml"
        return ""


@dataclass(frozen=True)
class Policy:
    """One FAQ / policy entry, in both languages."""

    id: str
    question_zh: str
    question_en: str
    answer_zh: str
    answer_en: str

    def answer(self, lang: str) -> str:
        return self.answer_zh if lang == "zh" else self.answer_en

    def question(self, lang: str) -> str:
        return self.question_zh if lang == "zh" else self.question_en


@dataclass(frozen=True)
class Customer:
    """A known customer: preferences and past orders (stays on the shop's machine)."""

    id: str
    name_zh: str
    name_en: str
    preferred_language: str
    preferences: dict[str, Any]
    notes_zh: str
    notes_en: str
    purchases: tuple[dict[str, Any], ...]
    buys_for: tuple[str, ...] = ()

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class Shop:
    """Everything the guide may say about the shop."""

    info: dict[str, Any]
    as_of: str
    categories: dict[str, dict[str, str]]
    products: tuple[Product, ...]
    policies: tuple[Policy, ...]
    customers: tuple[Customer, ...]
    image_dir: Path | None = None

    def product(self, product_id: str) -> Product | None:
        for p in self.products:
            if p.id == product_id:
                return p
        return None

    def pack_images(self, product_id: str) -> list[Path]:
        """The catalogue's own pack shots of a product: ``images/<id>.<ext>`` (and ``<id>-2.<ext>`` …)."""
        if self.image_dir is None:
            return []
        exts = {".png", ".jpg", ".jpeg", ".webp", ".heic"}
        found = sorted(f for f in self.image_dir.glob(f"{product_id}*") if f.suffix.lower() in exts)
        # beef-jerky-spicy.png and beef-jerky-spicy-2.jpg belong to it; beef-jerky-spicy-xl.png does not
        return [f for f in found if f.stem == product_id or f.stem[len(product_id) + 1 :].isdigit()]

    def customer(self, customer_id: str) -> Customer | None:
        for c in self.customers:
            if c.id == customer_id:
                return c
        return None

    def name(self, lang: str) -> str:
        return str(self.info.get("name_zh" if lang == "zh" else "name_en", ""))


def bundled_shop_dir() -> Path:
    """The demo shop that ships inside the project."""
    return Path(__file__).resolve().parent.parent / "demo" / "shop"


def _req(d: dict[str, Any], key: str, typ: type | tuple[type, ...], where: str) -> Any:
    if key not in d:
        raise ShopDataError(f"{where}: missing field {key!r}")
    v = d[key]
    if not isinstance(v, typ) or (typ is int and isinstance(v, bool)):
        raise ShopDataError(f"{where}: field {key!r} has the wrong type ({type(v).__name__})")
    return v


def product_from_dict(d: dict[str, Any]) -> Product:
    """Build a :class:`Product` from catalogue JSON, checking types and ranges."""
    where = f"product {d.get('id', '?')!r}"
    s = lambda k: _req(d, k, str, where)  # noqa: E731
    price = float(_req(d, "price_cny", (int, float), where))
    if price <= 0:
        raise ShopDataError(f"{where}: price_cny must be positive")
    sweet = _req(d, "sweetness", int, where)
    spicy = _req(d, "spiciness", int, where)
    if not (0 <= sweet <= 4 and 0 <= spicy <= 4):
        raise ShopDataError(f"{where}: sweetness and spiciness must be 0-4")
    allergens = tuple(_req(d, "allergens", list, where))
    bad = [a for a in allergens if a not in ALLERGENS and a != "none"]
    if bad:
        raise ShopDataError(f"{where}: unknown allergens {bad}")
    return Product(
        id=s("id"),
        sku=s("sku"),
        name_zh=s("name_zh"),
        name_en=s("name_en"),
        brand_zh=s("brand_zh"),
        brand_en=s("brand_en"),
        category=s("category"),
        region_zh=s("region_zh"),
        region_en=s("region_en"),
        price_cny=price,
        net_weight_g=d.get("net_weight_g"),
        volume_ml=d.get("volume_ml"),
        sweetness=sweet,
        spiciness=spicy,
        flavour_zh=s("flavour_zh"),
        flavour_en=s("flavour_en"),
        ingredients_zh=s("ingredients_zh"),
        ingredients_en=s("ingredients_en"),
        allergens=allergens,
        suitable_for=tuple(_req(d, "suitable_for", list, where)),
        shelf_life_days=_req(d, "shelf_life_days", int, where),
        storage_zh=s("storage_zh"),
        storage_en=s("storage_en"),
        packaging=s("packaging"),
        gift_box=_req(d, "gift_box", bool, where),
        cold_chain=_req(d, "cold_chain", bool, where),
        seasonal=d.get("seasonal"),
        in_stock=_req(d, "in_stock", bool, where),
        description_zh=s("description_zh"),
        description_en=s("description_en"),
        group=d.get("group"),
        pack_text=dict(d.get("pack_text") or {}),
        pack_colours=tuple(str(c).lower() for c in d.get("pack_colours") or ()),
        pack_shape=str(d.get("pack_shape") or "").lower(),
    )


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise ShopDataError(f"missing file {path}") from e
    except json.JSONDecodeError as e:
        raise ShopDataError(f"{path} is not valid JSON: {e}") from e


def load_shop_folder(folder: Path) -> Shop:
    """Read ``catalogue.json``, ``policies.json`` and (optional) ``customers.json`` from a shop folder."""
    cat = _read_json(folder / "catalogue.json")
    pol = _read_json(folder / "policies.json")
    cust_path = folder / "customers.json"
    cust = _read_json(cust_path) if cust_path.exists() else {"customers": []}
    products = tuple(product_from_dict(p) for p in _req(cat, "products", list, "catalogue.json"))
    ids = [p.id for p in products]
    if len(set(ids)) != len(ids):
        raise ShopDataError("catalogue.json: product ids are not unique")
    policies = tuple(
        Policy(
            id=_req(p, "id", str, "policy"),
            question_zh=_req(p, "question_zh", str, "policy"),
            question_en=_req(p, "question_en", str, "policy"),
            answer_zh=_req(p, "answer_zh", str, "policy"),
            answer_en=_req(p, "answer_en", str, "policy"),
        )
        for p in _req(pol, "policies", list, "policies.json")
    )
    customers = tuple(
        Customer(
            id=c["id"],
            name_zh=c.get("name_zh", ""),
            name_en=c.get("name_en", ""),
            preferred_language=c.get("preferred_language", "zh"),
            preferences=dict(c.get("preferences") or {}),
            notes_zh=c.get("notes_zh", ""),
            notes_en=c.get("notes_en", ""),
            purchases=tuple(c.get("purchases") or ()),
            buys_for=tuple(c.get("buys_for") or ()),
        )
        for c in cust.get("customers", [])
    )
    info = dict(cat.get("shop") or {})
    info.update({k: v for k, v in (pol.get("shop") or {}).items() if k not in info})
    categories = {c["id"]: {"zh": c["zh"], "en": c["en"]} for c in cat.get("categories", [])}
    image_dir = folder / "images"
    return Shop(
        info=info,
        as_of=str(cat.get("as_of", "")),
        categories=categories,
        products=products,
        policies=policies,
        customers=customers,
        image_dir=image_dir if image_dir.is_dir() else None,
    )
