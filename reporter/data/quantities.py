"""Metric quantities: which units of measure are rates (one definition for phrasing, checks and merge) and how numbers are read."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

# Rate measures (a metric's `unit` key) and the symbol a draft prints for them; a change of a rate is counted in points.
# 百分比 is how some offices write the unit name; ％ is the full-width sign an IME produces.
RATE_MEASURES: dict[str, str] = {"%": "%", "％": "%", "百分比": "%", "‰": "‰"}
_POINTS = {"%": "个百分点", "‰": "个千分点"}
# A change, never a unit: a value written with it would read “纠错率12.5个百分点”.
CHANGE_MEASURES = frozenset({"个百分点", "百分点", "个千分点", "千分点"})


def rate_symbol(measure: str) -> str | None:
    """`%` or `‰` when `measure` is a rate, else None."""
    return RATE_MEASURES.get(measure.strip())


def is_rate(measure: str) -> bool:
    return rate_symbol(measure) is not None


def points(measure: str) -> str:
    """What a change of this rate is counted in: 个百分点 for %, 个千分点 for ‰."""
    return _POINTS[rate_symbol(measure) or "%"]


def is_change_measure(measure: str) -> bool:
    return measure.strip() in CHANGE_MEASURES


# What read_number accepts, for the editor schema (digits half- or full-width, separators, 万/亿).
NUMBER_PATTERN = r"^\s*[-+－＋]?(?:[0-9０-９]{1,3}(?:[,，][0-9０-９]{3})+|[0-9０-９]+)(?:[.．][0-9０-９]+)?[万亿]?\s*$"

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")
_NUMBER = re.compile(r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
# 万 and 亿 are part of how a figure is written: read as a number, printed back as written (5.6万条).
SCALES = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}


def parse_number(text: str) -> int | float | None:
    """The one verdict on a figure written as text, for YAML, a Word table cell and a sheet cell alike.

    `1,412`, `１４１２`, `1.2万` → 1412, 1412, 12000; `1,2,3`, `12件`, `约100` → None (not a number).
    """
    text = text.strip().translate(_FULLWIDTH)
    scale = Decimal(1)
    if text[-1:] in SCALES:
        text, scale = text[:-1], SCALES[text[-1]]
    if not _NUMBER.fullmatch(text):
        return None
    try:
        number = Decimal(text.replace(",", "")) * scale
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def split_rate_sign(text: str) -> tuple[str, str]:
    """`12.5%` → ("12.5", "%"): a table cell may carry its rate sign; the figure is read without it."""
    stripped = text.strip()
    symbol = RATE_MEASURES.get(stripped[-1:], "") if stripped else ""
    return (stripped[:-1], symbol) if symbol else (text, "")


def read_number(value: Any) -> Any:
    """A YAML value: a figure written as text becomes its number; anything else is returned unchanged for the validator to refuse.

    `12件` is left as it is: the model then says that a value carries no unit.
    """
    if not isinstance(value, str):
        return value
    number = parse_number(value)
    return value if number is None else number


def number_scale(value: Any) -> str:
    """万 or 亿 when `value` is a number written with it ("5.6万"), else ""."""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    return text[-1] if text[-1:] in SCALES and not isinstance(read_number(text), str) else ""


# Exact conversions only (factor to the family's base unit); anything else must match as written.
CONVERSIONS: dict[str, tuple[str, Decimal]] = {
    "元": ("money", Decimal(1)),
    "千元": ("money", Decimal(1000)),
    "万元": ("money", Decimal(10000)),
    "亿元": ("money", Decimal(100000000)),
    "克": ("mass", Decimal(1)),
    "千克": ("mass", Decimal(1000)),
    "公斤": ("mass", Decimal(1000)),
    "吨": ("mass", Decimal(1000000)),
    "平方米": ("area", Decimal(1)),
    "公顷": ("area", Decimal(10000)),
    "平方公里": ("area", Decimal(1000000)),
    "平方千米": ("area", Decimal(1000000)),
}


def same_measure(a: str, b: str) -> bool:
    """Measures written alike: rates by their sign, so ％ and 百分比 equal %."""
    return (rate_symbol(a) or a.strip()) == (rate_symbol(b) or b.strip())


def convert(value: float | int, source: str, target: str) -> Decimal | None:
    """`value` in the `source` measure expressed exactly in the `target` measure; None when they do not convert."""
    if same_measure(source, target):
        return Decimal(str(value))
    a, b = CONVERSIONS.get(source.strip()), CONVERSIONS.get(target.strip())
    if a is None or b is None or a[0] != b[0]:
        return None
    return Decimal(str(value)) * a[1] / b[1]


def converted(value: float, source: str, target: str) -> float | None:
    """`value` in the `source` measure, exactly in the `target` measure (元 → 万元), as merge adds it up; None when
    they do not convert."""
    exact = convert(value, source, target)
    return None if exact is None else float(exact)
