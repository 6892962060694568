"""Chinese numerals and the heading numbers of 公文 (一、 （一） 1. （1）)."""

from __future__ import annotations

import re

_DIGITS = "零一二三四五六七八九"
_UNITS = ["", "十", "百", "千"]


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (as written in headings)."""
    if n < 0:
        raise ValueError("negative numbers have no heading form")
    if n == 0:
        return _DIGITS[0]
    if n >= 10000:
        high, low = divmod(n, 10000)
        rest = chinese_number(low) if low else ""
        joiner = "零" if low and low < 1000 else ""
        return chinese_number(high) + "万" + joiner + rest
    digits = [int(d) for d in str(n)]
    out, zero = "", False
    for i, d in enumerate(digits):
        place = len(digits) - 1 - i
        if d == 0:
            zero = True
            continue
        if zero and out:
            out += _DIGITS[0]
        zero = False
        out += _DIGITS[d] + _UNITS[place]
    if out.startswith("一十"):  # 十一, not 一十一
        out = out[1:]
    return out


def level1(n: int) -> str:
    return f"{chinese_number(n)}、"


def level2(n: int) -> str:
    return f"（{chinese_number(n)}）"


def level3(n: int) -> str:
    return f"{n}."


def level4(n: int) -> str:
    return f"（{n}）"


def ordinal_phrase(n: int) -> str:
    """一是 二是 … for enumerations inside a paragraph."""
    return f"{chinese_number(n)}是"


# A text that numbers itself: 一是……, 首先……, 第一，…… (what ordinal_phrase writes, and what people write).
_OWN_ORDINAL = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}是|首先|其次|再次|最后|第[一二三四五六七八九十]{1,3}[，、,])")


def has_own_ordinal(text: str) -> bool:
    """Whether a text opens with its own ordinal, so a draft adds no heading number in front of it."""
    return bool(_OWN_ORDINAL.match(text))
