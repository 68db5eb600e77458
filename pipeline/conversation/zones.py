"""A cold chain priced and limited by zone, read from the shop's own rule: "A区（四川、重庆）每个冷链包裹15元；B区
（…）每个29元；C区（其他…）每个45元", "¥22 to Zone A (Yunnan, …)", "Zone B (Beijing, …) ¥29"; the goods a cold
parcel ships free from ("一个冷链包裹里的商品满399元，这个包裹免冷链费"); where frozen goods may go ("冷冻商品只发A区
和B区", "Frozen goods ship to Zones A and B only"). No shop's zones are known here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.conversation.lexicon import FAR_PLACES, MACRO_REGION_EN, MACRO_REGIONS
from pipeline.places import province_en

__all__ = ["Zone", "destination_zone", "frozen_zones", "parcel_free_from", "place_names", "zone_letter", "zones"]

_ZH_ZONE = re.compile(
    r"(?P<zone>[A-Za-z0-9一二三四五甲乙丙]{1,2}区)[（(](?P<places>[^）)]{2,200})[）)][^，；。\d]{0,10}?"
    r"(?P<fee>\d+(?:\.\d+)?)元"
)
_EN_ZONES = (
    re.compile(
        r"[¥￥](?P<fee>\d+(?:\.\d+)?)(?: per (?:cold )?parcel)? to (?P<zone>Zone [A-Z0-9]{1,2}) \((?P<places>[^)]{2,300})\)"
    ),
    re.compile(r"(?P<zone>Zone [A-Z0-9]{1,2}) \((?P<places>[^)]{2,300})\):? [¥￥](?P<fee>\d+(?:\.\d+)?)"),
)
_COLD = re.compile(r"冷链|冷运|冷藏|冷冻|cold[- ]chain|chill|frozen", re.I)
_REST = re.compile(r"其他|其余|其它|\bother\b|\brest\b", re.I)
_ZH_FREE = re.compile(r"冷链包裹[^。；]{0,24}?满(?P<line>\d+(?:\.\d+)?)元[^。]{0,16}?免")
_EN_FREE = re.compile(
    r"(?:cold )?parcel whose goods (?:total|reach|come to)[^¥￥]{0,20}[¥￥](?P<line>[\d,]+(?:\.\d+)?)", re.I
)
_ZH_FROZEN_ONLY = re.compile(
    r"冷冻[^。；，]{0,12}?只(?:发|寄|送)(?P<zones>[A-Za-z0-9一二三]区(?:[和、及与][A-Za-z0-9一二三]区)*)"
)
_EN_FROZEN_ONLY = re.compile(
    r"[Ff]rozen[^.;]{0,40}?(?:ships?|goes|go|sent|send|delivered) to (?P<zones>Zones? [A-Z0-9]{1,2}"
    r"(?:(?:,| and| or) (?:Zone )?[A-Z0-9]{1,2})*) only"
)


@dataclass(frozen=True)
class Zone:
    label: str  # "A区", "Zone B"
    places: str  # as the rule lists them
    fee: float


def zones(text: str, lang: str) -> list[Zone]:
    """The cold chain's zones of the sentence that prices two or more of them."""
    for sentence in re.split(r"(?<=[。])|(?<=\.)\s+", text):
        if not _COLD.search(sentence):
            continue
        pats = (_ZH_ZONE,) if lang == "zh" else _EN_ZONES
        for pat in pats:
            got = [Zone(m.group("zone"), m.group("places"), float(m.group("fee"))) for m in pat.finditer(sentence)]
            if len(got) >= 2:
                return got
    return []


def place_names(places: tuple[str, ...]) -> tuple[str, ...]:
    """A destination as a shop's rule may write it: 黑龙江, Heilongjiang, 东北, Northeast (none abroad)."""
    return tuple(
        n for pl in places if pl not in FAR_PLACES for n in (pl, province_en(pl), MACRO_REGION_EN.get(pl, "")) if n
    )


def destination_zone(table: list[Zone], places: tuple[str, ...]) -> Zone | None:
    """The zone that lists the destination, else the one that lists every province of its region ("Harbin" said
    as 东北, all three in Zone C), else the one for the rest ("其他…省份"); none for no place."""
    if not places:
        return None

    def listing(names: tuple[str, ...]) -> list[Zone]:
        return [z for z in table if any(p and len(p) >= 2 and p.lower() in z.places.lower() for p in names)]

    named = listing(place_names(places))
    wider = listing(tuple(n for pl in places for n in MACRO_REGIONS.get(pl, ())))
    if not named and len(wider) == 1:
        named = wider
    rest = [z for z in table if _REST.search(z.places)]
    return (named or rest)[0] if named or rest else None


def parcel_free_from(text: str, lang: str) -> float | None:
    """The goods a cold parcel ships free from, when the rule says so."""
    m = (_ZH_FREE if lang == "zh" else _EN_FREE).search(text)
    return float(m.group("line").replace(",", "")) if m else None


def _letters(said: str) -> set[str]:
    return set(re.findall(r"([A-Za-z0-9一二三])区", said)) | set(re.findall(r"\b([A-Z0-9]{1,2})\b", said))


def frozen_zones(text: str, lang: str) -> set[str] | None:
    """The zones frozen goods may go to ("冷冻商品只发A区和B区": {"A", "B"}); none when the rule doesn't limit them
    by zone."""
    m = (_ZH_FROZEN_ONLY if lang == "zh" else _EN_FROZEN_ONLY).search(text)
    if not m:
        return None
    said = m.group("zones").replace("Zones", "").replace("Zone", "")
    return _letters(said) or None


def zone_letter(z: Zone) -> str:
    return (_letters(z.label) or {z.label}).pop()
