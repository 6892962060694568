"""A metrics table wherever it comes from or goes to: the column headings by role and the marks for "no such duty"."""

from __future__ import annotations

import re

from reporter.core.text import name_key

# Headings a drafter writes over each column, compared without spaces and with half-width brackets.
HEADINGS: dict[str, frozenset[str]] = {
    "name": frozenset({"指标", "指标名称", "项目", "统计指标", "主要指标", "内容"}),
    "unit": frozenset({"单位", "计量单位"}),
    "value": frozenset({"本年", "本年度", "本期", "今年", "本年数", "本年数值"}),
    "previous": frozenset({"上年", "上年度", "上期", "去年", "上年数", "上年数值", "上年同期", "同期"}),
    "numerator": frozenset({"分子"}),
    "denominator": frozenset({"分母"}),
    "note": frozenset({"备注", "说明"}),
}
# 2024年, 2024年度, 2024年数值, 2024 (a number cell in a sheet: 2024.0)
_YEAR_HEADING = re.compile(r"^(\d{4})(?:年(?:度)?(?:数值|数据)?|\.0)?$")

# What the drafts print for a metric the unit has no duty for, and what offices write for it (not 0).
NO_DUTY = "无此项职责"
NO_DUTY_WORDS = frozenset({"无", "无此职责", NO_DUTY, "不涉及", "不适用", "本单位无此职责", "na", "n/a"})
_NO_DUTY_SIGNS = re.compile(r"^(?:[—－-]+|[/／])$")

# Rows that add up other rows (in a sheet, a Word metrics table or a draft): never an indicator of their own.
SUBTOTAL, TOTAL = "小计", ("合计", "总计")


def year_heading(year: int) -> str:
    """The heading of a year's column as the drafts print it: 2024年."""
    return f"{year}年"


def heading_role(cell: str) -> tuple[str, int | None] | None:
    """The role of a column heading, with the year of a year heading (2023年 → ("year", 2023)); None: not a heading."""
    label = name_key(cell)
    for role, names in HEADINGS.items():
        if label in names:
            return role, None
    m = _YEAR_HEADING.match(label)
    return ("year", int(m.group(1))) if m else None


def column_roles(cells: list[str], year: int | None = None) -> dict[str, int]:
    """Role → column of a heading row; year columns are `year` and `year - 1`, or without a year the latest two."""
    found: dict[str, int] = {}
    years: list[tuple[int, int]] = []
    for i, cell in enumerate(cells):
        heading = heading_role(cell)
        if heading is None:
            continue
        if heading[1] is not None:
            years.append((heading[1], i))
        else:
            found.setdefault(heading[0], i)
    if year is not None:
        wanted = {year: "value", year - 1: "previous"}
        for y, i in years:
            if y in wanted:
                found.setdefault(wanted[y], i)
        return found
    spare = [i for _, i in sorted(years, key=lambda y: -y[0])]
    for key in ("value", "previous"):
        if key not in found and spare:
            found[key] = spare.pop(0)
    return found


def is_no_duty(text: str) -> bool:
    """A figure cell saying "no such duty": 无此职责, 不适用, n/a, a dash or a slash."""
    label = name_key(text).lower()
    return label in NO_DUTY_WORDS or bool(_NO_DUTY_SIGNS.match(label))


def says_no_duty(note: str) -> bool:
    """A 备注 saying "no such duty" (in words: a dash in a note says nothing)."""
    label = name_key(note).lower()
    return label in NO_DUTY_WORDS or "无此" in label


def total_kind(name: str) -> str:
    """小计, 合计 (总计 too) or "" for a row that is an indicator."""
    key = name_key(name)
    if key.startswith(SUBTOTAL):
        return SUBTOTAL
    return TOTAL[0] if key.startswith(TOTAL) else ""
