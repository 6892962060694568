"""`init indicators YEAR`: a commented data/indicators.yaml from what last year already holds (report, units' files, merged.yaml)."""

from __future__ import annotations

import difflib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import yaml

from reporter.core.text import name_key
from reporter.data.quantities import CONVERSIONS, is_rate
from reporter.data.setting import Setting

HEADER = """\
# yaml-language-server: $schema=../schema/indicators.schema.json
# 主要指标及其统计口径（口径登记表），由 reporter init indicators {year} 根据 {last} 年的材料生成：{sources}。
# 请逐项补写 definition（统计口径）；比率补写 numerator（分子统计什么）、denominator（分母统计什么）；
# 各单位使用的其他名称写进 aliases；只由部分单位填报的写 members（不写则全部报送单位都填）；
# na: false 表示不允许填“无此职责”。reporter pack {year} 据此生成各单位的指标填报表，reporter merge 据此汇总和核对。
"""


@dataclass
class Seen:
    """One metric name as last year's files wrote it."""

    name: str
    units: Counter[str] = field(default_factory=Counter)
    reporters: list[str] = field(default_factory=list)  # units that gave a figure (or 无此职责)
    sources: list[str] = field(default_factory=list)
    parts: bool = False  # some file gave 分子/分母


def collect_names(rows: list[tuple[str, str, str, str, bool]]) -> list[Seen]:
    """(source, reporting unit or "", name, unit of measure, has parts) → one Seen per name, in the order first met."""
    seen: dict[str, Seen] = {}
    for source, reporter, name, measure, parts in rows:
        entry = seen.setdefault(name_key(name), Seen(name))
        if measure.strip():
            entry.units[measure.strip()] += 1
        if reporter and reporter not in entry.reporters:
            entry.reporters.append(reporter)
        if source not in entry.sources:
            entry.sources.append(source)
        entry.parts = entry.parts or parts
    return list(seen.values())


def _kind(unit: str) -> str:
    if is_rate(unit):
        return "rate"
    return "amount" if unit in CONVERSIONS else "count"


def _q(text: str) -> str:
    """A YAML scalar that reads back as this very string."""
    plain = text and not any(c in text for c in ":#'\"{}[],&*!|>%@`") and text.strip() == text
    if plain:
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def _near(entry: Seen, earlier: list[Seen]) -> str | None:
    for other in earlier:
        if difflib.SequenceMatcher(None, name_key(entry.name), name_key(other.name)).ratio() >= 0.8:
            return other.name
    return None


def _entry(entry: Seen, members: list[str], earlier: list[Seen]) -> list[str]:
    unit = entry.units.most_common(1)[0][0] if entry.units else ""
    kind = _kind(unit)
    lines = [f"# 来源：{'；'.join(entry.sources)}"]
    near = _near(entry, earlier)
    if near:
        lines.append(f"# 与“{near}”名称相近：如为同一指标，请删去本项，把“{entry.name}”写进“{near}”的 aliases")
    if len(entry.units) > 1:
        lines.append(f"# 上年各单位使用的单位：{'、'.join(entry.units)}，请统一为一个")
    lines += [f"- name: {_q(entry.name)}", f"  unit: {_q(unit)}", f"  kind: {kind}", '  definition: ""  # 请填写统计口径']
    if kind == "rate":
        lines += ['  numerator: ""  # 分子统计什么', '  denominator: ""  # 分母统计什么']
    reporters = [m for m in members if m in entry.reporters]
    if entry.reporters and members and len(reporters) < len(members):
        lines.append(f"  members: [{', '.join(_q(m) for m in reporters)}]  # 上年报送此项的单位；其他单位也须填报的请删去本行")
    elif not entry.reporters:
        lines.append("  # members: []  # 上年只见于本级报告：请写明由哪些单位填报，不写则全部报送单位都填")
    return lines


def registry_yaml(year: int, seen: list[Seen], members: list[str], sources: list[str]) -> str:
    """The commented file; it loads back as a registry (the caller checks)."""
    out = [HEADER.format(year=year, last=year - 1, sources="、".join(sources) or "无").rstrip("\n")]
    for i, entry in enumerate(seen):
        out.append("")
        out += _entry(entry, members, seen[:i])
    if not seen:
        out += [
            "",
            "# 上一年没有可用的指标：请按下面的格式逐项填写",
            "# - name: 办理行政执法案件",
            "#   unit: 件",
            "#   kind: count",
            "#   definition: 本年度办结的行政执法案件数",
        ]
        out.append("[]")
    return "\n".join(out) + "\n"


def metric_rows(source: str, reporter: str, report: Any) -> list[tuple[str, str, str, str, bool]]:
    """The metrics of one report model as collect_names rows."""
    return [
        (source, reporter, m.name, m.unit, m.numerator is not None or m.denominator is not None)
        for a in report.achievements
        for i in a.items
        for m in i.metrics
    ]


def from_last_year(setting: Setting, year: int) -> str:
    """The registry text for YEAR from data/(YEAR-1)/: report.yaml, units/ (every kind of file) and merged.yaml."""
    from reporter.consolidate.roster import Roster
    from reporter.consolidate.submissions import read_submission
    from reporter.data.loader import load_report

    ws, last = setting.ws, year - 1
    roster = Roster(setting.unit.model.members)
    rows: list[tuple[str, str, str, str, bool]] = []
    sources = []
    if ws.report_path(last).is_file():
        rows += metric_rows(f"{last}年报告", "", load_report(ws.report_path(last), ws.root).model)
        sources.append(ws.rel(ws.report_path(last)))
    files = ws.submissions(last)
    for path in files:
        sub = read_submission(path, ws, last, roster)
        rows += [
            (f"{last}年各单位材料", m.unit_name, m.name, m.measure, m.numerator is not None or m.denominator is not None)
            for m in sub.metrics
        ]
    if files:
        sources.append(f"{ws.rel(ws.units_dir(last))}（{len(files)}个文件）")
    merged = ws.data / str(last) / "merged.yaml"
    if merged.is_file():
        rows += metric_rows(f"{last}年汇总稿", "", load_report(merged, ws.root).model)
        sources.append(ws.rel(merged))
    return registry_yaml(year, collect_names(rows), roster.names, sources)
