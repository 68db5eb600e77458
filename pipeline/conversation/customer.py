"""A known customer's hard limits — allergies, diet, a relative's condition in the clerk's notes — and history.

These are filters on every path (recommendations, named products, photos): a product that breaks one is never
recommended, and an answer about it says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.allergens import HALAL_AVOIDS, HALAL_ONLY, condition_avoids, keeps_pungent
from pipeline.catalogue import Customer, Product
from pipeline.conversation.lexicon import SOFT_WISH, TAG_WORDS
from pipeline.conversation.words import top_level
from pipeline.needs import Needs, mentioned_allergens, not_allergic

__all__ = ["CustomerView"]

_DIET_ALLERGEN = {"no_egg": "egg", "no_alcohol": "alcohol", "no_pork": "pork", "halal": "halal"}
_SEVERE = re.compile(r"严重|过敏性休克|肾上腺素|severe|anaphyla|adrenaline|epipen|epi-pen", re.I)
# the clerk's notes saying the customer themself eats halal only, or no pork (not "halal options for colleagues")
_HALAL = re.compile(HALAL_ONLY, re.I)
_NO_PORK = re.compile(r"不吃猪|no pork|(doesn't|does not|don't) eat pork", re.I)
# someone else the customer buys for, named in a sentence of the clerk's notes ("同事小张花生过敏", "her son …")
_SOMEONE_ELSE = re.compile(
    r"儿子|女儿|孩子|宝宝|小孩|孙|父亲|母亲|爸|妈|婆婆|公公|岳父|岳母|丈夫|老公|妻子|老婆|爱人|同事|朋友|客户|领导|老板|"
    r"外婆|外公|奶奶|爷爷|姥|哥|姐|弟|妹|侄|女婿|儿媳|家人|员工|职工|部分|有人|有的|宾客|"
    r"\b(son|daughter|child|children|kids?|baby|father|mother|dad|mum|mom|parents?|husband|wife|partner|colleagues?|"
    r"friends?|clients?|boss|grand\w+|brother|sister|nephew|niece|in-laws?|aunt|uncle|guests?|staff|employees?|team|some|members?|people)\b",
    re.I,
)


def _note_sentences(text: str) -> list[str]:
    """The clerk's notes cut into clauses — never inside brackets ("Severe crustacean (crab, shrimp) allergy")."""
    return top_level(re.sub(r"\.(\s|$)", "。", text), "，,。；;！!")


@dataclass(frozen=True)
class CustomerView:
    """What the guide must respect for one customer (or nobody, when ``customer`` is None): their profile, and
    what they said this visit they avoid ("severe tree-nut allergy", "I'm vegetarian", "halal only") — a walk-in
    is held to what they said just as a known customer to their profile."""

    customer: Customer | None
    said: frozenset[str] = frozenset()  # allergens and diets said this visit
    said_vegetarian: bool = False

    @property
    def known(self) -> bool:
        return self.customer is not None

    @property
    def avoid(self) -> frozenset[str]:
        return self.profile_avoid | self.said

    def on_profile(self, tag: str) -> bool:
        """Whether a limit comes from the profile (else the customer said it)."""
        return tag in self.profile_avoid or (tag == "vegetarian" and self.profile_vegetarian)

    @property
    def profile_avoid(self) -> frozenset[str]:
        c = self.customer
        if c is None:
            return frozenset()
        tags = set(c.preferences.get("avoid_allergens") or [])
        tags |= {_DIET_ALLERGEN[d] for d in (c.preferences.get("diet") or []) if d in _DIET_ALLERGEN}
        if "halal" in tags:  # a profile's halal diet holds all it rules out
            tags |= HALAL_AVOIDS
        notes = f"{c.notes_zh} {c.notes_en}"
        if _NO_PORK.search(notes):
            tags.add("pork")
        if _HALAL.search(notes):
            tags |= HALAL_AVOIDS
        for sentence in _note_sentences(notes):  # "Severe crustacean (crab, shrimp) allergy": their own
            if re.search(r"过敏|allerg", sentence, re.I) and not _SOMEONE_ELSE.search(sentence):
                # "花生严重过敏：束砂、芝麻糖、蒜蓉辣椒酱都不能推荐": the allergy, not the products listed after it
                head = re.split(r"[：:]", sentence)[0]
                said = mentioned_allergens(head) or mentioned_allergens(sentence)
                tags |= said - not_allergic(sentence)
            if not _SOMEONE_ELSE.search(sentence):  # "Lactose intolerant", "也不吃五辛": a condition, a faith's rule
                tags |= condition_avoids(sentence) | ({"pungent"} if keeps_pungent(sentence) else set())
        return frozenset(tags)

    @property
    def vegetarian(self) -> bool:
        return self.profile_vegetarian or self.said_vegetarian

    @property
    def profile_vegetarian(self) -> bool:
        return self.customer is not None and "vegetarian" in (self.customer.preferences.get("diet") or [])

    def with_said(self, needs: Needs) -> CustomerView:
        """The view with what the question (and the visit so far, carried in its needs) says they avoid."""
        return replace(
            self,
            said=self.said | needs.avoid_allergens,
            said_vegetarian=self.said_vegetarian or "vegetarians" in needs.recipients,
        )

    @property
    def severe_allergy(self) -> bool:
        """The clerk's notes say an allergy of theirs (or of someone they buy for) is severe: traces count too."""
        c = self.customer
        if c is None or not self.profile_avoid:
            return False
        return bool(_SEVERE.search(f"{c.notes_zh} {c.notes_en}"))

    @property
    def low_sugar(self) -> bool:
        """The clerk's notes say someone this customer buys for watches their sugar (a diabetic parent)."""
        c = self.customer
        if c is None:
            return False
        notes = f"{c.notes_zh} {c.notes_en}"
        return bool(re.search(TAG_WORDS["diabetics_low_sugar"], notes, re.I)) or (
            c.preferences.get("max_sweetness") is not None and int(c.preferences["max_sweetness"]) <= 1
        )

    @property
    def soft(self) -> bool:
        """The clerk's notes say someone this customer buys for needs soft food (dentures, weak teeth)."""
        c = self.customer
        return c is not None and bool(re.search(SOFT_WISH, f"{c.notes_zh} {c.notes_en}", re.I))

    def noted(self, p: Product, lang: str) -> list[tuple[str, str]]:
        """Allergens the clerk's notes name for someone else the customer buys for ("同事小张花生过敏") that this
        product contains, each with the note's own sentence — not a filter (the customer may eat it), a warning."""
        c = self.customer
        if c is None:
            return []
        text = c.notes_zh if lang == "zh" else c.notes_en
        out: list[tuple[str, str]] = []
        for sentence in _note_sentences(text):
            condition = condition_avoids(sentence)  # "儿子有蚕豆病": what the son's condition rules out
            tags = ((mentioned_allergens(sentence) - not_allergic(sentence)) | condition) & p.allergen_set
            for tag in sorted(tags - self.avoid):
                if (re.search(r"过敏|allerg", sentence, re.I) or tag in condition) and tag not in {t for t, _ in out}:
                    out.append((tag, re.sub(r"\s*[（(][^）)]*$", "", sentence.strip())))  # no half a bracket
        return out

    def max_spiciness(self) -> int | None:
        v = self.customer.preferences.get("max_spiciness") if self.customer else None
        return int(v) if v is not None else None

    def apply(self, needs: Needs) -> Needs:
        """A search's needs with the customer's standing limits where the question says nothing: low sugar when
        buying for the person the notes say watches their sugar, the customer's spiciness limit."""
        c = self.customer
        if c is None:
            return needs
        buys_for = set(c.buys_for)
        for_them = bool(needs.recipients & {"elders", "diabetics_low_sugar"}) or (
            not needs.recipients and bool(buys_for & {"elders"})
        )
        if self.low_sugar and for_them and needs.max_sweetness is None and needs.min_sweetness is None:
            needs = replace(needs, max_sweetness=1)
        spicy = self.max_spiciness()
        if spicy is not None and needs.max_spiciness is None and needs.min_spiciness is None:
            needs = replace(needs, max_spiciness=spicy)
        return needs

    def conflicts(self, p: Product) -> tuple[str, ...]:
        """Why this product breaks the customer's limits: allergen tags, or "vegetarian"."""
        out = sorted(self.avoid & p.allergen_set)
        if self.vegetarian and "vegetarians" not in p.suitable_for:
            out.append("vegetarian")
        return tuple(out)

    def allows(self, p: Product) -> bool:
        return not self.conflicts(p)

    def bought_ids(self) -> tuple[str, ...]:
        """Every product they have bought, newest first, once each."""
        return tuple(dict.fromkeys(pid for _, pid, _ in self.bought()))

    def orders(self) -> list[dict[str, object]]:
        """Past orders, newest first (as the shop's data holds them: date, items, occasion, ship-to)."""
        c = self.customer
        if c is None:
            return []
        return sorted(c.purchases, key=lambda o: str(o.get("date", "")), reverse=True)

    def name(self, lang: str) -> str:
        return self.customer.name(lang) if self.customer else ""

    def bought(self) -> list[tuple[str, str, int]]:
        """(date, product id, qty) of every past item, newest first."""
        c = self.customer
        if c is None:
            return []
        items = [
            (str(o.get("date", "")), str(i.get("product_id", "")), int(i.get("qty", 1)))
            for o in c.purchases
            for i in o.get("items") or []
        ]
        return sorted(items, key=lambda x: x[0], reverse=True)
