"""Year-on-year phrases, numbers, dates and sentence endings in the house's Chinese."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

from reporter.core.text import display_width as _width
from reporter.core.text import fmt_number as fmt_number  # re-exported: phrasing is where callers look for it
from reporter.data.quantities import is_rate, points, rate_symbol

_ENDINGS = "。！？；…"


def _one_decimal(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# One definition of a rate unit (data.quantities); `is_percent` stays the name the context uses.
is_percent = is_rate


def unit_text(unit: str) -> str:
    """The unit as a draft prints it after a number: a rate as its sign (% or ‰), anything else as written."""
    return rate_symbol(unit) or unit


def yoy_phrase(value: float | int, previous: float | int | None, unit: str) -> str:
    """同比增长21.7% / 同比下降9.8% / 与上年持平; for a rate 提高4.6个百分点 / 下降1.5个百分点 (‰: 个千分点)."""
    if previous is None:
        return ""
    cur, prev = Decimal(str(value)), Decimal(str(previous))
    if is_rate(unit):
        diff = cur - prev
        shown = _one_decimal(abs(diff))
        if shown == "0.0":
            return "与上年持平"
        return f"{'提高' if diff > 0 else '下降'}{shown}{points(unit)}"
    if cur == prev:
        return "与上年持平"
    if prev == 0:
        return f"上年为0，本年新增{fmt_number(value)}{unit}"
    change = (cur - prev) / abs(prev) * 100
    shown = _one_decimal(abs(change))
    if shown == "0.0":
        return "与上年基本持平"
    return f"同比{'增长' if change > 0 else '下降'}{shown}%"


def metric_sentence(name: str, value: float | int, unit: str, previous: float | int | None) -> str:
    """行政执法案卷评查1260件，同比增长14.5%。 (a % metric reads 行政复议纠错率为12.83%，提高1.6个百分点。)"""
    number = fmt_number(value) + unit_text(unit)
    joiner = "为" if is_rate(unit) else ""
    sentence = f"{name}{joiner}{number}"
    phrase = yoy_phrase(value, previous, unit)
    if phrase:
        # "比上年提高1.6个百分点", but never "比上年与上年持平"
        prefix = "比上年" if is_rate(unit) and phrase.startswith(("提高", "下降")) else ""
        sentence += f"，{prefix}{phrase}"
    return sentence + "。"


def metric_value(value: float | int, unit: str) -> str:
    return fmt_number(value) + (rate_symbol(unit) or "")


def end_sentence(text: str) -> str:
    """Ensure a sentence ends with full punctuation, so the next sentence can follow."""
    text = text.rstrip()
    if not text or text[-1] in _ENDINGS or text.endswith(("”", "）")) and len(text) > 1 and text[-2] in _ENDINGS:
        return text
    return text + "。"


def lead_sentence(title: str) -> str:
    """A bold lead sentence: the title with one full stop (no doubled 。)."""
    title = title.rstrip().rstrip("。.;；，,")
    return f"{title}。" if title else ""


def cn_date(day: dt.date | None) -> str:
    """2025-03-08 → 2025年3月8日 (GB/T 9704: Arabic digits, no padding)."""
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


# Where a 公文 title may break: after 关于, before the year, before 的报告 / 任务分工表.
_TITLE_BREAKS = re.compile(r"(?<=关于)|(?<=人民政府)|(?=\d{4}年)|(?<=\d{4}年)|(?=法治政府建设)|(?=任务分工表)|(?=主要指标统计表)")


def shape_title(title: str, per_line: float) -> str:
    """Break a title too long for one line into a trapezoid (upper line shorter), at a word boundary.

    GB/T 9704 asks for 梯形或菱形 and forbids breaking a word; "\\n" becomes a line break in the draft.
    """
    # a character of slack: digits in a bold title face run wider than half a character
    per_line -= 1
    if _width(title) <= per_line:
        return title
    best: tuple[float, int] | None = None
    for m in _TITLE_BREAKS.finditer(title):
        cut = m.start()
        upper, lower = _width(title[:cut]), _width(title[cut:])
        if not cut or cut == len(title) or upper > per_line or lower > per_line:
            continue
        score = (lower - upper) if upper <= lower else 2 * (upper - lower) + per_line  # prefer 上短下长
        if best is None or score < best[0]:
            best = (score, cut)
    if best is None:
        return title
    return title[: best[1]] + "\n" + title[best[1] :]
