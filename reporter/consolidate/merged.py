"""merged.yaml: the units' reports gathered into one report-format draft for the drafter to condense."""

from __future__ import annotations

from typing import Any

from reporter.consolidate.metrics import MetricTotal
from reporter.consolidate.submissions import Submission, is_measure
from reporter.data.areas import Catalogue
from reporter.data.model import Report
from reporter.data.yamlwrite import dump_report

SUMMED_AREA = "主要指标（各单位汇总）"


def _named(unit: str, text: str) -> str:
    return f"{unit}：{text}" if text else unit


def _achievements(subs: list[Submission], catalogue: Catalogue) -> list[dict[str, Any]]:
    """Items grouped by area in catalogue order (free-text areas after, as first met), each naming its unit."""
    groups: dict[tuple[int, str], list[dict[str, Any]]] = {}
    seen: set[tuple[str, str]] = set()  # a unit's measure told in two of its files is gathered once
    for sub in subs:
        for area in sub.report.achievements if sub.report else []:
            match = catalogue.resolve(area.area)
            key = (match.index if match.index is not None else len(catalogue.titles), match.title)
            for item in filter(is_measure, area.items):
                entry: dict[str, Any] = {"title": _named(sub.unit, item.title), "text": item.text}
                if (entry["title"], item.text.strip()) in seen:
                    continue
                seen.add((entry["title"], item.text.strip()))
                if item.status:
                    entry["status"] = item.status
                groups.setdefault(key, []).append(entry)
    return [{"area": title, "items": items} for (_, title), items in sorted(groups.items(), key=lambda kv: kv[0][0])]


def _plain(value: float) -> float | int:
    """24730.0 → 24730: whole numbers are written as such."""
    value = round(float(value), 4)  # float: a total of 0 arrives as the int 0
    return int(value) if value.is_integer() else value


def _metric(total: MetricTotal) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": total.name, "value": _plain(total.total or 0), "unit": total.unit}
    if total.previous is not None:
        entry["previous"] = _plain(total.previous)
    return entry


def _once(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries told alike in two files of one unit (they are named by unit) gathered once."""
    seen: set[str] = set()
    out = []
    for entry in entries:
        key = repr(sorted(entry.items()))
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return out


def merged_report(year: int, subs: list[Submission], totals: list[MetricTotal], catalogue: Catalogue) -> dict[str, Any]:
    """A report.yaml-shaped dict; validated against the model before it is returned."""
    achievements = _achievements(subs, catalogue)
    summed = [_metric(t) for t in totals if t.total is not None]
    if summed:
        achievements.append({"area": SUMMED_AREA, "items": [{"title": "各单位指标合计", "text": "", "metrics": summed}]})
    problems = _once(
        [{"text": _named(s.unit, p.text), **({"cause": p.cause} if p.cause else {})} for s in subs if s.report for p in s.report.problems]
    )
    next_year = [
        {
            k: v
            for k, v in {
                "area": e.area,
                "title": _named(s.unit, e.title),
                "text": e.text,
                "lead": e.lead or [s.unit],
                "responsible": e.responsible,
                "due": e.due,
            }.items()
            if v
        }
        for s in subs
        if s.report
        for e in s.report.next_year
    ]
    next_year = _once(next_year)
    data: dict[str, Any] = {
        "year": year,
        "preface": "",
        "achievements": achievements,
        "problems": problems,
        "leadership": [],
        "next_year": next_year,
    }
    Report.model_validate(data)  # what we write must load back
    return data


HEADER = f"""# 各单位报送材料汇总稿（reporter merge 生成）：按领域汇集各单位的举措，每条注明单位；
# 存在的不足、下一年度安排同样注明单位；“{SUMMED_AREA}”中为可相加的指标合计（比率按各单位分子、分母合计计算）。
# 请据此提炼、改写为 report.yaml，不要直接作为报告。
"""


def merged_yaml(data: dict[str, Any]) -> str:
    """The commented report.yaml form (schema line first), with what this file is said at the top."""
    schema, _, rest = dump_report(data).partition("\n")
    return f"{schema}\n{HEADER}{rest}"
