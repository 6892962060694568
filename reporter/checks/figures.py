"""Figures that must reconcile: `previous` against last year's report, the text against its metrics, totals against merge."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from reporter.checks.base import Inputs, finding, key_or_entry, value_at
from reporter.content.phrasing import DOWN_WORDS, UP_WORDS, direction, measure_text, quantity
from reporter.core.diagnostics import Diagnostic
from reporter.core.text import fmt_number, name_key
from reporter.data.loader import Loaded
from reporter.data.model import Item, Metric, Report
from reporter.data.quantities import SCALES, convert
from reporter.data.yamlsource import Path_

MetricAt = tuple[Path_, Metric]


def metrics(report: Report) -> Iterator[MetricAt]:
    """Every metric of a report with its key path."""
    for a, group in enumerate(report.achievements):
        for i, item in enumerate(group.items):
            for m, metric in enumerate(item.metrics):
                yield ("achievements", a, "items", i, "metrics", m), metric


def _shown(value: float | int | Decimal, unit: str, scale: str = "") -> str:
    """A figure as the drafter wrote it (5.6万条), else plain digits, with its unit."""
    return (quantity(value, scale) if scale and not isinstance(value, Decimal) else fmt_number(value)) + measure_text(unit)


def _at(loaded: Loaded[Report], path: Path_) -> str:
    file, line, _ = loaded.where(path)
    return f"{file}:{line}" if line else file


# ------------------------------------------------------------------ previous against last year's report


def _measure_changed(loaded: Loaded[Report], path: Path_, metric: Metric, old: Metric) -> Diagnostic:
    return finding(
        "error",
        loaded,
        key_or_entry(loaded, path, "unit"),
        f"指标“{metric.name}”的单位“{metric.unit}”与上年报告的“{old.unit}”不一致",
        f"改为“{old.unit}”；口径确有变化时请换用新的指标名称",
    )


def _against_last(loaded: Loaded[Report], path: Path_, metric: Metric, last: Loaded[Report], old_at: MetricAt) -> list[Diagnostic]:
    old_path, old = old_at
    if old.value is None or metric.na:
        return []
    before = convert(old.value, old.unit, metric.unit)
    if before is None:
        return [_measure_changed(loaded, path, metric, old)]
    if metric.previous is None:
        return [
            finding(
                "warning",
                loaded,
                path,
                f"指标“{metric.name}”没有写上年数值；上年报告中为 {_shown(before, metric.unit)}",
                f"可写 previous: {fmt_number(before)}",
            )
        ]
    if Decimal(str(metric.previous)) == before:
        return []
    here = key_or_entry(loaded, path, "previous")
    return [
        finding(
            "error",
            loaded,
            here,
            f"指标“{metric.name}”的上年数值 {_shown(metric.previous, metric.unit, metric.scale('previous'))}（{_at(loaded, here)}）"
            f"与上年报告中的 {_shown(old.value, old.unit, old.scale('value'))}（{_at(last, old_path + ('value',))}）不一致，同比会算错",
            f"核对后改为 previous: {fmt_number(before)}；若上年报告的数字有误，请改正 {last.source.file}",
        )
    ]


def _by_name(report: Report) -> dict[str, MetricAt]:
    """Each metric of `report` under its name as merge matches names; the first of a name wins."""
    found: dict[str, MetricAt] = {}
    for at in metrics(report):
        found.setdefault(name_key(at[1].name), at)
    return found


def previous_against_last_year(loaded: Loaded[Report], last: Loaded[Report]) -> list[Diagnostic]:
    """The same metric (named as merge matches names, units converted exactly) must give last year's value."""
    before = _by_name(last.model)
    out: list[Diagnostic] = []
    for path, metric in metrics(loaded.model):
        old = before.get(name_key(metric.name))
        if old is not None:
            out += _against_last(loaded, path, metric, last, old)
    return out


# ------------------------------------------------------------------ an item's text against its metrics

_NUMBER = r"(\d+(?:[,，]\d{3})*(?:\.\d+)?)\s*([万亿]?)"
# Between a metric's name and its figure: 行政复议纠错率为12.83%, 累计达到260台.
_LINK = r"(?:为|是|达到|达|共|共计|累计|总计|合计)?"
_COMPARED = ("同比", "比上年", "较上年", "比去年", "较去年", "与上年相比", "与去年相比")
_DIRECTION = re.compile(
    "(?:(?:" + "|".join(_COMPARED) + r")[，,]?[^，。；！？]{0,4}?|^[^，。；！？\d]{0,3})(" + "|".join(UP_WORDS + DOWN_WORDS) + ")"
)
_SENTENCE_END = re.compile(r"[。；！？\n]")


def _figure(text: str, scale: str) -> Decimal:
    return Decimal(text.replace(",", "").replace("，", "")) * SCALES.get(scale, Decimal(1))


def _stated(text: str, metric: Metric) -> Iterator[tuple[str, Decimal]]:
    """Each figure the text gives right after the metric's name, in the metric's unit: (as written, value)."""
    unit = re.escape(measure_text(metric.unit)) if metric.unit.strip() else ""
    pattern = re.escape(metric.name) + _LINK + _NUMBER + f"({unit}|％)" if unit else re.escape(metric.name) + _LINK + _NUMBER
    for m in re.finditer(pattern, text):
        if m.group(3) == "％" and measure_text(metric.unit) != "%":
            continue
        yield m.group(0), _figure(m.group(1), m.group(2))


def _figure_differs(loaded: Loaded[Report], path: Path_, item: Item, metric: Metric) -> list[Diagnostic]:
    if metric.value is None:
        return []
    value = Decimal(str(metric.value))
    return [
        finding(
            "warning",
            loaded,
            path,
            f"正文写“{written}”，而指标“{metric.name}”的数值是 {quantity(metric.value, metric.scale('value'))}{measure_text(metric.unit)}",
            "核对正文和指标，改正有误的一处；不是同一口径时请换用不同的指标名称",
        )
        for written, stated in _stated(item.text, metric)
        if stated != value
    ]


def _segments(text: str, metric: Metric, others: list[str]) -> Iterator[str]:
    """What the text says after each mention of the metric, up to the sentence's end or the next metric's name."""
    for m in re.finditer(re.escape(metric.name), text):
        rest = text[m.end() :]
        end = _SENTENCE_END.search(rest)
        rest = rest[: end.start()] if end else rest
        cuts = [rest.find(name) for name in others if name != metric.name and name in rest]
        yield rest[: min(cuts)] if cuts else rest


def _direction_contradicts(loaded: Loaded[Report], path: Path_, item: Item, metric: Metric) -> list[Diagnostic]:
    if metric.value is None or metric.previous is None:
        return []
    change = direction(metric.value, metric.previous)
    if change == 0:
        return []
    others = [m.name for m in item.metrics]
    for segment in _segments(item.text, metric, others):
        said = _DIRECTION.search(segment)
        if said is None:
            continue
        word = said.group(1)
        if (word in UP_WORDS) != (change > 0):
            actual = "增加" if change > 0 else "减少"
            values = f"{_shown(metric.value, metric.unit, metric.scale('value'))}，上年 {_shown(metric.previous, metric.unit, metric.scale('previous'))}"
            return [
                finding(
                    "error",
                    loaded,
                    path,
                    f"正文说指标“{metric.name}”{word}，但本年 {values}，实为{actual}",
                    "核对正文的表述和指标的 value、previous，改正有误的一处",
                )
            ]
    return []


def _text_path(loaded: Loaded[Report], a: int, i: int) -> Path_:
    base: Path_ = ("achievements", a, "items", i)
    return base + ("text",) if isinstance(value_at(loaded.source.data, base), dict) else base


def text_against_metrics(loaded: Loaded[Report]) -> list[Diagnostic]:
    """A figure the item's text gives for a metric must be the metric's; a change word must go the metric's way."""
    out: list[Diagnostic] = []
    for a, group in enumerate(loaded.model.achievements):
        for i, item in enumerate(group.items):
            if not item.text:
                continue
            path = _text_path(loaded, a, i)
            for metric in item.metrics:
                out += _figure_differs(loaded, path, item, metric)
                out += _direction_contradicts(loaded, path, item, metric)
    return out


# ------------------------------------------------------------------ the county's figures against merge's totals


def totals_against_merged(loaded: Loaded[Report], merged: Loaded[Report]) -> list[Diagnostic]:
    """A county metric named like a total of `merge` (merged.yaml) and giving another value: say the total."""
    totals = _by_name(merged.model)
    out: list[Diagnostic] = []
    for path, metric in metrics(loaded.model):
        found = totals.get(name_key(metric.name))
        if found is None or metric.value is None or found[1].value is None:
            continue
        total_path, total = found
        summed = convert(found[1].value, total.unit, metric.unit)
        if summed is None or summed == Decimal(str(metric.value)):
            continue
        out.append(
            finding(
                "warning",
                loaded,
                key_or_entry(loaded, path, "value"),
                f"指标“{metric.name}”为 {_shown(metric.value, metric.unit, metric.scale('value'))}，"
                f"各单位汇总（{_at(merged, total_path + ('value',))}）为 {_shown(summed, metric.unit)}",
                "核对本级数字与各单位合计；口径不同时请在正文中说明",
            )
        )
    return out


def figure_findings(inputs: Inputs) -> list[Diagnostic]:
    """Every rule of this module on one workspace year."""
    out: list[Diagnostic] = []
    for loaded in ([inputs.report] if inputs.report else []) + inputs.units:
        out += text_against_metrics(loaded)
    if inputs.report is not None:
        if inputs.last is not None:
            out += previous_against_last_year(inputs.report, inputs.last)
        if inputs.merged is not None:
            out += totals_against_merged(inputs.report, inputs.merged)
    return out
