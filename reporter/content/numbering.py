"""Chinese numerals both ways (chinese_number, cn_to_int) and the heading numbers of 公文 (一、 （一） 1. （1）)."""

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


_DIGIT_VALUES = {c: i for i, c in enumerate(_DIGITS)} | {"〇": 0, "两": 2}
_PLACES = {"十": 10, "百": 100, "千": 1000}


def cn_to_int(text: str) -> int:
    """What chinese_number writes, read back (二十一 → 21, 一百零五 → 105, 一万零二十 → 10020); also 21 and ① … ⑳."""
    if len(text) == 1 and "\u2460" <= text <= "\u2473":  # before isdigit(), which ① passes and int() refuses
        return ord(text) - 0x2460 + 1
    if text.isdigit():
        return int(text)
    total, section, current = 0, 0, 0
    for ch in text:
        if ch in _DIGIT_VALUES:
            current = _DIGIT_VALUES[ch]
        elif ch in _PLACES:
            section += (current or 1) * _PLACES[ch]
            current = 0
        elif ch == "万":
            total += (section + current) * 10000
            section, current = 0, 0
    return total + section + current


def level1(n: int) -> str:
    return f"{chinese_number(n)}、"


def level2(n: int) -> str:
    return f"（{chinese_number(n)}）"


def level3(n: int) -> str:
    return f"{n}."


def ordinal_phrase(n: int) -> str:
    """一是 二是 … for enumerations inside a paragraph."""
    return f"{chinese_number(n)}是"


CN_NUM = "一二三四五六七八九十百零〇"
# A heading number as the importer finds it: (level, pattern with the number in group 1), tried in this order;
# levels 1–3 are what level1, level2 and level3 write, 4 （1） and 5 ① what other offices' documents use.
HEADING_MARKERS = [
    (2, re.compile(f"（([{CN_NUM}]{{1,5}})）")),
    (4, re.compile(r"（(\d{1,3})）")),
    (1, re.compile(f"([{CN_NUM}]{{1,5}})[、.。](?![、，。])")),
    (3, re.compile(r"(\d{1,3})(?:[.、](?![\d.])|）)")),
    (5, re.compile("([\u2460-\u2473])")),
]


def read_heading_number(text: str) -> tuple[int, int] | None:
    """(level, number) of the heading number opening `text`: 三、 → (1, 3), （十二） → (2, 12), 4. → (3, 4)."""
    for level, pattern in HEADING_MARKERS:
        m = pattern.match(text)
        if m:
            return level, cn_to_int(m.group(1))
    return None


def strip_marker(text: str) -> str:
    """（一）健全…, 一、健全…, 1.健全… → 健全… (a heading number at the very start)."""
    for _, pattern in HEADING_MARKERS:
        m = pattern.match(text)
        if m and m.end() < len(text):
            return text[m.end() :].lstrip()
    return text


# A text that numbers itself: 一是……, 首先……, 第一，…… (what ordinal_phrase writes, and what people write).
_OWN_ORDINAL = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}是|首先|其次|再次|最后|第[一二三四五六七八九十]{1,3}[，、,])")


def has_own_ordinal(text: str) -> bool:
    """Whether a text opens with its own ordinal, so a draft adds no heading number in front of it."""
    return bool(_OWN_ORDINAL.match(text))
