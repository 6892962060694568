"""Metrics through the 口径 registry: names and aliases to one name (exactly), units converted exactly, kinds and parts checked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from reporter.consolidate.metric_entry import MetricEntry
from reporter.consolidate.packbook import NA, against_definition
from reporter.core.diagnostics import Diagnostic
from reporter.data.indicators import Registry
from reporter.data.model import Indicator
from reporter.data.quantities import converted, is_rate


def _finding(e: MetricEntry, message: str, fix: str, severity: str = "error") -> Diagnostic:
    return Diagnostic(e.file, e.line, 0, f"指标“{e.name}”", message, fix, "warning" if severity == "warning" else "error")


def _in_measure(e: MetricEntry, ind: Indicator) -> MetricEntry | Diagnostic:
    """The entry in the registry's unit of measure (an exact conversion), or why it cannot be."""
    measure = e.measure.strip() or ind.unit
    if is_rate(measure) != is_rate(ind.unit):
        return _finding(e, f"单位“{measure}”与口径登记表中“{ind.name}”的单位“{ind.unit}”不符，未计入汇总", "请按口径说明的计量单位填报")
    value = converted(e.value, measure, ind.unit) if e.value is not None else None
    previous = converted(e.previous, measure, ind.unit) if e.previous is not None else None
    if (e.value is not None and value is None) or (e.previous is not None and previous is None):
        return _finding(e, f"单位“{measure}”不能换算为口径登记表中“{ind.name}”的单位“{ind.unit}”，未计入汇总", "请按口径说明的计量单位填报")
    return replace(e, name=ind.name, measure=ind.unit, value=value, previous=previous)


def _checked(e: MetricEntry, ind: Indicator, required: bool) -> MetricEntry | Diagnostic:
    if e.na:
        if ind.na or not required:
            return MetricEntry(e.file, e.line, ind.name, ind.unit, na=True, unit_name=e.unit_name)
        return _finding(e, f"“{ind.name}”不能填“{NA}”，未计入汇总", "本项每个单位都须填数；确实没有请填 0")
    converted = _in_measure(e, ind)
    if isinstance(converted, Diagnostic) or converted.value is None:
        return converted
    problems = against_definition(converted.value, ind.unit, ind.kind, converted.numerator, converted.denominator)
    if ind.kind == "rate" and e.numerator is None and e.denominator is None:
        problems = [p for p in problems if "没有填分子" not in p[0]]  # a hand-made report may give the rate alone (merge shows its range)
    if problems:
        message, fix = problems[0]
        return _finding(e, f"“{ind.name}”{message}，未计入汇总", fix)
    return converted


def match_registry(
    entries: list[MetricEntry], registry: Registry, resolve: Callable[[str], str | None] = lambda name: name
) -> tuple[list[MetricEntry], list[Diagnostic]]:
    """Every entry under its registered name and unit, in registry order; what breaks the 口径 is a finding and left out.

    A name the registry does not hold is kept as written (added up on its own), with a warning naming the nearest.
    `resolve`: a name in `members` → the member's full name (the roster), to know whom an indicator binds.
    """
    kept: list[tuple[int, MetricEntry]] = []
    findings: list[Diagnostic] = []
    order = {ind.name: i for i, ind in enumerate(registry.indicators)}
    for e in entries:
        ind = registry.find(e.name)
        if ind is None:
            message = f"指标“{e.name}”不在口径登记表（data/indicators.yaml）中，单独汇总"
            findings.append(_finding(e, message, registry.unregistered_fix(e.name), "warning"))
            kept.append((len(order), e))
            continue
        required = not ind.members or e.unit_name in {resolve(m) or m for m in ind.members}
        result = _checked(e, ind, required)
        if isinstance(result, Diagnostic):
            findings.append(result)
        else:
            kept.append((order[ind.name], result))
    kept.sort(key=lambda pair: pair[0])  # stable: the registry's order, then the rest as first met
    return [e for _, e in kept], findings
