"""Sum the units' metrics: exact unit conversions, rates as Σ分子/Σ分母 only, `na` counted apart, near names reported."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal

from reporter.consolidate.metric_entry import MetricEntry
from reporter.consolidate.roster import normalise
from reporter.content.phrasing import change_cell, fmt_number
from reporter.core.diagnostics import Diagnostic
from reporter.data.quantities import convert, converted, is_rate, rate_symbol


@dataclass
class MetricTotal:
    """One row of 主要指标汇总表."""

    name: str
    unit: str
    total: float | None = None  # None: not added up (see `shown`, `note`)
    previous: float | None = None
    shown: str = ""  # the 合计 cell as printed
    previous_shown: str = ""
    yoy: str = ""  # the 同比 cell as the report's attachment prints it: 增长16.7%, 增加2件
    reporting: int = 0
    na: int = 0
    note: str = ""


@dataclass
class Summed:
    totals: list[MetricTotal] = field(default_factory=list)
    issues: list[Diagnostic] = field(default_factory=list)  # units that cannot be converted (error), near-identical names (warning)


def metric_key(name: str) -> str:
    """Metric names match exactly after normalising spaces and brackets."""
    return normalise(name)


def _target_measure(entries: list[MetricEntry]) -> str:
    """The measure most submissions use (first seen on a tie)."""
    counts = Counter(e.measure.strip() for e in entries)
    return max(counts, key=lambda u: (counts[u], -[e.measure.strip() for e in entries].index(u)))


def _in_target(entries: list[MetricEntry], target: str, issues: list[Diagnostic]) -> list[MetricEntry]:
    """Entries converted to `target`; an entry that cannot be is an error naming both units and files."""
    ref = next(e for e in entries if e.measure.strip() == target)
    out = []
    for e in entries:
        value = converted(e.value, e.measure, target) if e.value is not None else None
        if value is None and e.value is not None:
            issues.append(
                Diagnostic(
                    e.file,
                    e.line,
                    message=f"指标“{e.name}”的单位“{e.measure or '（未写）'}”（{e.file}）与“{target or '（未写）'}”（{ref.file}）不能换算，未计入合计",
                    fix="请按同一计量单位填报",
                    severity="error",
                )
            )
            continue
        previous = converted(e.previous, e.measure, target) if e.previous is not None else None
        out.append(replace(e, measure=target, value=value, previous=previous))
    return out


def _rate(row: MetricTotal, entries: list[MetricEntry]) -> None:
    """Σ分子/Σ分母 when every unit gives its parts; otherwise the range, never an average of percentages."""
    sign = rate_symbol(row.unit) or "%"
    scale = 1000 if sign == "‰" else 100
    with_parts = [e for e in entries if e.numerator is not None and e.denominator]
    if with_parts and len(with_parts) == len(entries):
        num = sum(Decimal(str(e.numerator)) for e in with_parts)
        den = sum(Decimal(str(e.denominator)) for e in with_parts)
        row.total = float(num / den * scale)
        row.shown = fmt_number(round(row.total, 2)) + sign
        row.note = f"按各单位分子、分母合计计算（{fmt_number(num)}/{fmt_number(den)}）"
        return
    values = [e.value for e in entries if e.value is not None]
    low, high = min(values), max(values)
    row.shown = f"{fmt_number(low)}{sign}～{fmt_number(high)}{sign}" if low != high else f"{fmt_number(low)}{sign}"
    missing = len(entries) - len(with_parts)
    row.note = f"未汇总：{missing}家未填分子、分母，比率不能相加或平均；表中为{len(entries)}家填报数值的范围"


def _count(row: MetricTotal, entries: list[MetricEntry]) -> None:
    row.total = float(sum(Decimal(str(e.value)) for e in entries if e.value is not None))
    row.shown = fmt_number(round(row.total, 4))
    previous = [e.previous for e in entries if e.previous is not None]
    if previous and len(previous) == len(entries):
        row.previous = float(sum(Decimal(str(p)) for p in previous))
        row.previous_shown = fmt_number(round(row.previous, 4))
        row.yoy = change_cell(round(row.total, 4), round(row.previous, 4), row.unit)
    elif previous:
        row.note = f"{len(entries) - len(previous)}家未填上年数，上年未合计"


def _total(name: str, group: list[MetricEntry], issues: list[Diagnostic]) -> MetricTotal:
    reporting = [e for e in group if not e.na]
    na = len(group) - len(reporting)
    if not reporting:
        return MetricTotal(name, group[0].measure.strip(), na=na, shown="—", note="各单位均无此职责")
    target = _target_measure(reporting)
    entries = _in_target(reporting, target, issues)
    row = MetricTotal(name, target, reporting=len(entries), na=na)
    if not entries:
        row.shown = "—"
    elif is_rate(target):
        _rate(row, entries)
    else:
        _count(row, entries)
    return row


# Up to this many names every pair is compared; beyond, each name with its neighbours in sorted order.
_ALL_PAIRS = 300
_WINDOW = 8


def _candidate_pairs(keys: list[str]) -> list[tuple[int, int]]:
    """Pairs of names worth comparing, in first-appearance order: every pair of a few hundred names, else
    neighbours when sorted from the front and from the back (near names share a beginning or an ending),
    so 100,000 names cost 100,000 × a few comparisons, not 5 billion."""
    n = len(keys)
    if n <= _ALL_PAIRS:
        return [(i, j) for i in range(n) for j in range(i + 1, n)]
    pairs: set[tuple[int, int]] = set()
    for order in (sorted(range(n), key=keys.__getitem__), sorted(range(n), key=lambda i: keys[i][::-1])):
        for at, i in enumerate(order):
            for j in order[at + 1 : at + 1 + _WINDOW]:
                pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def _near(a: str, b: str) -> bool:
    matcher = difflib.SequenceMatcher(None, a, b)
    return matcher.real_quick_ratio() >= 0.8 and matcher.quick_ratio() >= 0.8 and matcher.ratio() >= 0.8


# A sheet of numbered names (指标000001…) would make every name near its neighbours: a list nobody reads.
_MAX_NEAR = 100


def _near_names(groups: dict[str, list[MetricEntry]], issues: list[Diagnostic]) -> None:
    """Each name near an earlier one is said once; beyond _MAX_NEAR such names, one line says how many more."""
    keys = list(groups)
    said: set[int] = set()
    for i, j in _candidate_pairs(keys):
        a, b = keys[i], keys[j]
        if j in said or not _near(a, b):
            continue
        said.add(j)
        if len(said) > _MAX_NEAR:
            continue
        first, second = groups[a][0], groups[b][0]
        issues.append(
            Diagnostic(
                second.file,
                second.line,
                message=f"指标“{second.name}”（{second.file}）与“{first.name}”（{first.file}）名称相近，未合并",
                fix="如为同一指标，请统一名称后重新汇总",
                severity="warning",
            )
        )
    if len(said) > _MAX_NEAR:
        last = groups[keys[max(said)]][0]
        issues.append(
            Diagnostic(
                last.file,
                message=f"另有 {len(said) - _MAX_NEAR} 个指标名称与其他指标相近，未逐一列出",
                fix="请检查指标名称是否统一；同一指标请用同一名称",
                severity="warning",
            )
        )


def _figures(e: MetricEntry, measure: str) -> tuple[object, ...]:
    """What two files of one unit must agree on, in one measure: na, value, previous, numerator, denominator."""
    value = convert(e.value, e.measure, measure) if e.value is not None else None
    previous = convert(e.previous, e.measure, measure) if e.previous is not None else None
    return (e.na, value, previous, e.numerator, e.denominator)


def _agree(a: MetricEntry, b: MetricEntry) -> bool:
    """The same figures, a figure one file leaves out not counting against the other."""
    fa, fb = _figures(a, a.measure), _figures(b, a.measure)
    if (a.value is not None and fb[1] is None) or (b.value is not None and fa[1] is None):
        return False  # units that do not convert
    return all(x == y or x is None or y is None for x, y in zip(fa, fb, strict=True))


def _stated(e: MetricEntry) -> str:
    where = f"{e.file}:{e.line}" if e.line else e.file
    figure = "无此职责" if e.na else f"{fmt_number(e.value) if e.value is not None else '（未填）'}{e.measure}"
    if e.previous is not None:
        figure += f"（上年 {fmt_number(e.previous)}{e.measure}）"
    return f"{where} 中为 {figure}"


def once_per_unit(entries: list[MetricEntry]) -> tuple[list[MetricEntry], list[MetricEntry], list[Diagnostic]]:
    """A unit that gives an indicator in several files (a Word report and a sheet): the same figures count once;
    different figures are an error naming both files and values, and that unit's figure is left out of the total.

    Returns the entries kept, those left out (one per disagreeing file) and the errors."""
    first: dict[tuple[str, str], MetricEntry] = {}
    conflicts: set[tuple[str, str]] = set()
    issues: list[Diagnostic] = []
    left_out: list[MetricEntry] = []
    for e in entries:
        key = (e.unit_name, metric_key(e.name))
        seen = first.setdefault(key, e)
        if seen is e or _agree(seen, e):
            continue
        conflicts.add(key)
        left_out.append(e)
        issues.append(
            Diagnostic(
                e.file,
                e.line,
                message=f"指标“{e.name}”在 {_stated(seen)}，在 {_stated(e)}，同一单位的材料不一致，未计入合计",
                fix="请报送单位核对，改正有误的一份后重新报送",
                severity="error",
            )
        )
    return [e for key, e in first.items() if key not in conflicts], left_out, issues


def sum_metrics(entries: list[MetricEntry]) -> Summed:
    """One total per metric name, in the order names first appear."""
    groups: dict[str, list[MetricEntry]] = {}
    for e in entries:
        groups.setdefault(metric_key(e.name), []).append(e)
    out = Summed()
    for group in groups.values():
        out.totals.append(_total(group[0].name, group, out.issues))
    _near_names(groups, out.issues)
    return out
