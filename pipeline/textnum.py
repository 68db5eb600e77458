"""Numbers in Chinese and English text: parse spoken amounts, and spell numbers for Mandarin speech."""

from __future__ import annotations

import re
from typing import Literal

__all__ = [
    "cjk_ratio",
    "detect_text_lang",
    "find_numbers",
    "has_cjk",
    "money",
    "parse_amount",
    "speakable",
    "zh_number",
]

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "幺": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_CN_NUM = re.compile(r"[零〇一幺二两三四五六七八九十百千万]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def cjk_ratio(text: str) -> float:
    """Share of CJK characters among letters (0 when there are none)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if _CJK.match(c)) / len(letters)


def _cn_to_int(s: str) -> int | None:
    """'一百五' → 150, '两百' → 200, '三十' → 30, '一二三' → 123."""
    if not s:
        return None
    if all(c in _DIGITS for c in s):
        return int("".join(str(_DIGITS[c]) for c in s))
    total, section, num = 0, 0, 0
    last_unit = 1
    for c in s:
        if c in _DIGITS:
            num = _DIGITS[c]
        elif c in _UNITS:
            unit = _UNITS[c]
            if unit == 10000:
                total += (section + num) * unit
                section, num = 0, 0
            else:
                section += (num or 1) * unit
                num = 0
            last_unit = unit
        else:
            return None
    # "一百五" means 150: a trailing digit after a unit is one unit lower.
    if num and last_unit >= 100 and s[-1] in _DIGITS and s[-2] in _UNITS:
        num *= last_unit // 10
    return total + section + num


def parse_amount(text: str) -> float | None:
    """An amount of money written with digits or Chinese numerals ("一百", "150", "1.5k", "两百五")."""
    m = re.search(r"(\d+(?:\.\d+)?)\s*(k|千|万)?", text, re.I)
    if m:
        v = float(m.group(1))
        mult = {"k": 1000, "千": 1000, "万": 10000}.get((m.group(2) or "").lower(), 1)
        return v * mult
    m2 = _CN_NUM.search(text)
    if m2:
        v2 = _cn_to_int(m2.group(0))
        return float(v2) if v2 is not None else None
    return None


def find_numbers(text: str) -> list[float]:
    """Every number written with digits in the text (commas allowed as thousands separators)."""
    return [float(x.replace(",", "")) for x in re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", text)]


_ZH_D = "零一二三四五六七八九"


def _zh_int(n: int) -> str:
    if n == 0:
        return "零"
    if n >= 100_000_000:
        return _zh_int(n // 100_000_000) + "亿" + (_pad(n % 100_000_000, 10_000_000))
    if n >= 10_000:
        return _zh_int(n // 10_000) + "万" + (_pad(n % 10_000, 1000))
    out = []
    units = [(1000, "千"), (100, "百"), (10, "十")]
    zero = False
    for val, name in units:
        d = n // val
        n %= val
        if d:
            if zero:
                out.append("零")
                zero = False
            out.append(("两" if d == 2 and val >= 1000 else _ZH_D[d]) + name)
        elif out:
            zero = True
    if n:
        if zero:
            out.append("零")
        out.append(_ZH_D[n])
    s = "".join(out)
    return s[1:] if s.startswith("一十") else s


def _pad(rest: int, top: int) -> str:
    if rest == 0:
        return ""
    return ("零" if rest < top else "") + _zh_int(rest)


def zh_number(text: str) -> str:
    """Spell digits as Mandarin words: '¥39.9' → '三十九点九元', '250g' → '二百五十克', '5%' → '百分之五'."""

    def money(m: re.Match[str]) -> str:
        return num(m.group(1)) + "元"

    def num(s: str) -> str:
        s = s.replace(",", "")
        if "." in s:
            a, b = s.split(".", 1)
            return _zh_int(int(a)) + "点" + "".join(_ZH_D[int(c)] for c in b)
        return _zh_int(int(s))

    text = re.sub(r"[¥￥]\s*(\d+(?:,\d{3})*(?:\.\d+)?)", money, text)
    text = re.sub(r"(\d+(?:\.\d+)?)\s*%", lambda m: "百分之" + num(m.group(1)), text)
    text = re.sub(r"(\d+(?:\.\d+)?)\s*(?:g|克)\b", lambda m: num(m.group(1)) + "克", text)
    text = re.sub(r"(\d+(?:\.\d+)?)\s*(?:kg|公斤)", lambda m: num(m.group(1)) + "公斤", text)
    text = re.sub(r"(\d+(?:\.\d+)?)\s*(?:ml|毫升)", lambda m: num(m.group(1)) + "毫升", text)
    text = re.sub(
        r"(\d{1,2}):(\d{2})",
        lambda m: num(m.group(1)) + "点" + (num(m.group(2)) + "分" if m.group(2) != "00" else ""),
        text,
    )
    text = re.sub(r"(\d+)[–-](\d+)", lambda m: num(m.group(1)) + "到" + num(m.group(2)), text)
    return re.sub(r"\d+(?:,\d{3})*(?:\.\d+)?", lambda m: num(m.group(0)), text)


def detect_text_lang(text: str, default: str = "zh") -> Literal["zh", "en"]:
    """Chinese when a fair share of the letters are CJK, English when there are Latin letters only."""
    if not re.search(r"\w", text):
        return "zh" if default == "zh" else "en"
    return "zh" if cjk_ratio(text) >= 0.25 else "en"


def speakable(text: str, lang: str) -> str:
    """Text as a voice should read it: prices and units spelled out."""
    if lang == "zh":
        return zh_number(text)
    text = re.sub(r"[¥￥]\s*(\d+(?:\.\d+)?)", r"\1 yuan", text)
    return re.sub(r"(\d+)\s*g\b", r"\1 grams", text)


def money(x: float) -> str:
    """An amount of yuan as said: up to two decimals, no trailing zeros (33783.84, 239.2, 288) — not the six
    significant digits of ``:g``, which said ¥33783.8 for ¥33783.84."""
    return f"{round(float(x), 2):.2f}".rstrip("0").rstrip(".")
