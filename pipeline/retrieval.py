"""Find the products and policies a question is about: hard filters in code, then ranking.

Ranking mixes a multilingual text embedding with keyword matching that handles Chinese (character bigrams)
and English (words), plus small boosts for soft wishes (a gift, a known customer's likes).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from models.embed import Embedder
from pipeline.catalogue import Customer, Policy, Product, Shop
from pipeline.conversation.customer import CustomerView
from pipeline.conversation.lexicon import USUAL
from pipeline.conversation.words import texture
from pipeline.needs import Needs

__all__ = ["Candidate", "RetrievalResult", "Retriever", "cached_embed", "keyword_tokens", "product_text"]

_TAG_ZH = {
    "elders": "适合长辈",
    "children": "适合孩子",
    "colleagues": "适合同事分享",
    "diabetics_low_sugar": "低糖",
    "vegetarians": "素食可吃",
    "travellers": "方便带走",
    "home_cooks": "适合下厨",
    "business_gifts": "适合商务送礼",
}
_TAG_EN = {
    "elders": "suits elders",
    "children": "suits children",
    "colleagues": "good to share with colleagues",
    "diabetics_low_sugar": "low sugar",
    "vegetarians": "vegetarian",
    "travellers": "travels well",
    "home_cooks": "for home cooks",
    "business_gifts": "a business gift",
}


def product_text(p: Product, shop: Shop | None = None) -> str:
    """The text a product is embedded and keyword-matched by (both languages)."""
    cat = shop.categories.get(p.category, {}) if shop else {}
    return " ".join(
        [
            p.name_zh,
            p.name_en,
            p.brand_zh,
            p.brand_en,
            cat.get("zh", ""),
            cat.get("en", ""),
            p.region_zh,
            p.region_en,
            p.flavour_zh,
            p.flavour_en,
            p.description_zh,
            " ".join(_TAG_ZH.get(t, "") for t in p.suitable_for),
            " ".join(_TAG_EN.get(t, "") for t in p.suitable_for),
        ]
    )


_STOP = frozenset(
    "the a an and or of for to in on with is are do you your i me my we our it this that what which "
    "have has any some can could would like want please recommend buy 我 你 的 了 吗 呢 吧 啊 想 要 买 点 一些 有 什么 推荐".split()
)


def keyword_tokens(text: str) -> set[str]:
    """Lower-case English words and Chinese character bigrams (Chinese has no spaces)."""
    text = text.lower()
    toks = {w for w in re.findall(r"[a-z][a-z'-]+", text) if w not in _STOP and len(w) > 2}
    for run in re.findall(r"[\u4e00-\u9fff]+", text):
        toks.update(run[i : i + 2] for i in range(len(run) - 1))
    return toks


@dataclass(frozen=True)
class Candidate:
    """A product that passed the filters, with its score and the reasons it fits."""

    product: Product
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class RetrievalResult:
    """Products (best first), the policies that answer the question, and whether filters were relaxed."""

    candidates: tuple[Candidate, ...]
    policies: tuple[Policy, ...]
    relaxed: bool
    named: tuple[Product, ...]


def _reasons(p: Product, needs: Needs, lang: str) -> tuple[str, ...]:
    zh = lang == "zh"
    r: list[str] = []
    if needs.max_price is not None:
        r.append(f"¥{p.price_cny:g}" + (f"，在¥{needs.max_price:g}以内" if zh else f", within ¥{needs.max_price:g}"))
    if needs.max_sweetness is not None:
        r.append((f"甜度{p.sweetness}/4，不甜") if zh else f"sweetness {p.sweetness}/4, not sweet")
    if needs.min_sweetness is not None:
        r.append(f"甜度{p.sweetness}/4" if zh else f"sweetness {p.sweetness}/4")
    if needs.max_spiciness is not None or needs.min_spiciness is not None:
        r.append(f"辣度{p.spiciness}/4" if zh else f"spiciness {p.spiciness}/4")
    for t in sorted(needs.recipients & set(p.suitable_for)):
        r.append((_TAG_ZH if zh else _TAG_EN)[t])
    if (needs.gift_box or needs.gift) and p.gift_box:
        r.append("礼盒装" if zh else "comes in a gift box")
    if needs.regions and p.region_zh in needs.regions:
        r.append(f"产地{p.region_zh}" if zh else f"from {p.region_en}")
    if not p.in_stock:
        r.append("目前缺货" if zh else "currently out of stock")
    if not r:  # nothing was asked for: say what it is
        r.append(
            f"¥{p.price_cny:g}，{p.flavour_zh.split('，')[0]}"
            if zh
            else f"¥{p.price_cny:g}, {p.flavour_en.split(',')[0]}"
        )
        if p.gift_box:
            r.append("礼盒装" if zh else "comes in a gift box")
    return tuple(r)


_NEVER_RELAXED = frozenset({"children", "diabetics_low_sugar", "vegetarians"})


def passes(p: Product, needs: Needs, customer: Customer | None = None) -> bool:
    """True when a product meets every hard constraint of the question (and a known customer's allergies)."""
    if needs.max_price is not None and p.price_cny > needs.max_price:
        return False
    if needs.min_price is not None and p.price_cny < needs.min_price:
        return False
    if needs.max_sweetness is not None and p.sweetness > needs.max_sweetness:
        return False
    if needs.min_sweetness is not None and p.sweetness < needs.min_sweetness:
        return False
    if needs.max_spiciness is not None and p.spiciness > needs.max_spiciness:
        return False
    if needs.min_spiciness is not None and p.spiciness < needs.min_spiciness:
        return False
    avoid = set(needs.avoid_allergens)
    if customer:
        avoid |= set(customer.preferences.get("avoid_allergens") or [])
    if avoid & p.allergen_set:
        return False
    if needs.recipients - {"travellers"} and not (needs.recipients - {"travellers"}) <= set(p.suitable_for):
        return False
    if needs.gift_box and not p.gift_box:
        return False
    if needs.regions and p.region_zh not in needs.regions:
        return False
    if needs.categories and p.category not in needs.categories:
        return False
    if needs.soft and texture(p) != "soft":  # weak teeth: only what its own text calls soft (nuts don't say)
        return False
    if needs.ambient and p.cold_chain:  # "常温能放的": nothing that needs the fridge
        return False
    return p.in_stock


class Retriever:
    """Hard filters + embedding and keyword ranking over the shop's products and policies."""

    def __init__(self, shop: Shop, embedder: Embedder, product_vectors: np.ndarray, policy_vectors: np.ndarray):
        self.shop = shop
        self.embedder = embedder
        self._pvec = product_vectors
        self._polvec = policy_vectors
        self._ptok = [keyword_tokens(product_text(p, shop)) for p in shop.products]

    @classmethod
    def build(cls, shop: Shop, embedder: Embedder, store: object | None = None) -> Retriever:
        """Embed the catalogue (reusing vectors cached in the store when the text is unchanged)."""
        texts = [(p.id, product_text(p, shop)) for p in shop.products]
        pol_texts = [(f"policy:{p.id}", f"{p.question_zh} {p.question_en}") for p in shop.policies]
        vecs = cached_embed(embedder, texts + pol_texts, store)
        n = len(texts)
        dim = vecs.shape[1] if len(vecs) else 384
        return cls(shop, embedder, vecs[:n].reshape(n, dim), vecs[n:].reshape(len(pol_texts), dim))

    def search(
        self,
        question: str,
        needs: Needs,
        lang: str,
        k: int = 4,
        context_ids: Sequence[str] = (),
        customer: Customer | None = None,
    ) -> RetrievalResult:
        """Products that fit (best first) and policies that answer.

        ``context_ids`` are products from the conversation so far: a follow-up with no new constraints
        ("哪个便宜一点？") is answered among them.
        """
        products = self.shop.products
        qv = self.embedder.embed_queries([question])[0] if len(products) or len(self.shop.policies) else None
        named = tuple(p for p in products if p.id in needs.named_products)
        policies = self._policies(question, qv)
        follow_up = bool(context_ids) and not named and not needs.has_constraints and not policies
        if follow_up:
            pool = [p for p in products if p.id in context_ids]
        elif named:
            pool = list(named)
        else:
            pool = [p for p in products if passes(p, needs, customer)]
        relaxed = False
        if not pool and not named and needs.has_constraints and not needs.asked_for:
            relaxed = True
            # a wish may give way (a kind, a gift box, who it is for); a child's, a diabetic's or a vegetarian's
            # suitability never does — relaxed, "for an eight-year-old" must not turn up rice wine
            keep = needs.recipients & _NEVER_RELAXED
            soft = replace(needs, recipients=keep, gift_box=False, categories=frozenset())
            pool = [p for p in products if passes(p, soft, customer)]
        scores = self._score(question, qv, pool, needs, customer)
        order = sorted(range(len(pool)), key=lambda i: (not pool[i].in_stock, -scores[i]))
        if needs.intent.cheaper:
            order = sorted(order, key=lambda i: pool[i].price_cny)
        elif needs.intent.pricier:
            order = sorted(order, key=lambda i: -pool[i].price_cny)
        cands = tuple(Candidate(pool[i], float(scores[i]), _reasons(pool[i], needs, lang)) for i in order[:k])
        if policies and not needs.has_constraints and not named and not follow_up:
            cands = ()  # a pure policy question ("运费多少？") needs no product list
        return RetrievalResult(candidates=cands, policies=policies, relaxed=relaxed, named=named)

    def _score(
        self, question: str, qv: np.ndarray | None, pool: list[Product], needs: Needs, customer: Customer | None
    ) -> list[float]:
        if not pool:
            return []
        idx = {p.id: i for i, p in enumerate(self.shop.products)}
        qt = keyword_tokens(question)
        out = []
        likes = set((customer.preferences.get("likes_categories") or []) if customer else [])
        usual = customer is not None and bool(re.search(USUAL, question, re.I))
        before = set(CustomerView(customer).bought_ids()) if usual else set()
        before_cats = {p.category for p in self.shop.products if p.id in before}
        for p in pool:
            i = idx[p.id]
            emb = float(self._pvec[i] @ qv) if qv is not None else 0.0
            kw = len(qt & self._ptok[i]) / (len(qt) ** 0.5 + 1e-6) if qt else 0.0
            s = emb + 0.08 * kw
            if (needs.gift or needs.gift_box) and p.gift_box:
                s += 0.2  # a gift should come boxed: boxed items first
            if needs.gift and "business_gifts" in p.suitable_for:
                s += 0.02
            if p.category in likes:
                s += 0.02
            if needs.soft and texture(p) == "soft":
                s += 0.15
            if p.id in before:  # "the usual": what they bought before first, then its kinds
                s += 0.15
            elif p.category in before_cats:
                s += 0.04
            out.append(s)
        return out

    def _policies(self, question: str, qv: np.ndarray | None) -> tuple[Policy, ...]:
        hits: list[Policy] = []
        if qv is not None and len(self._polvec):
            sims = self._polvec @ qv
            best = int(np.argmax(sims))
            if sims[best] > 0.88 and self.shop.policies[best] not in hits:
                hits.append(self.shop.policies[best])
        return tuple(hits[:2])


def cached_embed(embedder: Embedder, items: list[tuple[str, str]], store: object | None) -> np.ndarray:
    from pipeline.store import Store

    cached: dict[str, np.ndarray] = {}
    if isinstance(store, Store):
        cached = store.get_embeddings(embedder.name, items)
    missing = [(o, t) for o, t in items if o not in cached]
    if missing:
        vecs = embedder.embed_passages([t for _, t in missing])
        new = {o: vecs[j] for j, (o, _) in enumerate(missing)}
        if isinstance(store, Store):
            store.put_embeddings(embedder.name, [(o, t, new[o]) for o, t in missing])
        cached.update(new)
    if not items:
        return np.zeros((0, 384), dtype=np.float32)
    return np.stack([cached[o] for o, _ in items]).astype(np.float32)
