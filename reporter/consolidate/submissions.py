"""Read every file in data/YEAR/units/: report YAML, Word reports and metrics sheets, each checked like `check` does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from reporter.checks.findings import as_severity
from reporter.checks.registry import Inputs, run_rules
from reporter.consolidate.metric_entry import MetricEntry
from reporter.consolidate.roster import Roster
from reporter.consolidate.sheets import read_sheet
from reporter.core.diagnostics import Diagnostic
from reporter.core.errors import DataError, ReporterError
from reporter.data.loader import Loaded, load_report, year_mismatch
from reporter.data.metric_columns import total_kind
from reporter.data.model import Date, Item, Report
from reporter.data.workspace import RECEIVED, SHEET_SUFFIXES, YAML_SUFFIXES, Workspace
from reporter.data.yamlsource import read_source


def is_measure(item: Item) -> bool:
    """An item telling what was done, not one that only carries metrics (a Word report's 主要指标见附件)."""
    return bool(item.text.strip()) or not item.metrics


Kind = Literal["yaml", "word", "sheet"]


@dataclass
class Submission:
    """One submitted file: whose it is, when it came, what it holds and what is wrong with it."""

    path: Path
    file: str
    kind: Kind
    unit: str = ""
    in_roster: bool = False
    date: dt.date | None = None
    report: Report | None = None
    loaded: Loaded[Report] | None = None
    metrics: list[MetricEntry] = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)
    written: dt.date | None = None  # the document's own date: a report's 成文日期, a sheet's 填报日期
    unreadable: str = ""  # why the file could not be read at all (未能读取), in Chinese

    def cannot_read(self, reason: str, fix: str) -> None:
        self.unreadable = reason
        self.findings.append(Diagnostic(self.file, message=f"未能读取：{reason}", fix=fix))

    @property
    def items(self) -> int:
        """The measures it reports; an item that only holds the metrics table (主要指标见附件) is no measure."""
        if self.report is None:
            return 0
        return sum(1 for a in self.report.achievements for item in a.items if is_measure(item))


def _report_metrics(sub: Submission, report: Report, loaded: Loaded[Report] | None) -> None:
    for ai, area in enumerate(report.achievements):
        for ii, item in enumerate(area.items):
            for mi, m in enumerate(item.metrics):
                if total_kind(m.name):  # a 合计 row of a Word report's table is no indicator
                    continue
                line = loaded.where(("achievements", ai, "items", ii, "metrics", mi))[1] if loaded else 0
                entry = MetricEntry(sub.file, line, m.name, m.unit, m.value, m.previous, m.numerator, m.denominator, m.na, sub.unit)
                sub.metrics.append(entry)


def _read_yaml(sub: Submission, ws: Workspace, year: int, roster: Roster) -> None:
    try:
        loaded = load_report(sub.path, ws.root)
    except DataError as exc:
        sub.findings += exc.problems
        sub.unit, sub.in_roster = roster.unit_of(sub.path)
        return
    report = loaded.model
    sub.unit, sub.in_roster = roster.unit_of(sub.path, report.unit)
    sub.report, sub.loaded, sub.date, sub.written = report, loaded, report.submitted, report.date
    mismatch = year_mismatch(loaded, year)
    sub.findings += [as_severity(p, "warning") for p in loaded.warnings]
    sub.findings += [mismatch] if mismatch else []
    # the same rules `check` runs on units/*.yaml
    sub.findings += run_rules(Inputs(year, units=[loaded]))
    _report_metrics(sub, report, loaded)


def _read_word(sub: Submission, year: int, roster: Roster) -> None:
    from reporter.importer.report import import_report
    from reporter.importer.result import shorten

    fix = "请报送单位重新发送，或在 Word/WPS 中打开后另存为 .docx 再放入"
    try:
        result = import_report(sub.path, year)
    except ValidationError as exc:  # what the document holds does not make a report
        sub.unit, sub.in_roster = roster.unit_of(sub.path)
        sub.findings.append(
            Diagnostic(sub.file, message=f"导入的报告不完整（{exc.error_count()} 处）", fix="请核对原文的结构，或改交 YAML")
        )
        return
    except ReporterError as exc:  # a DataError (too large, encrypted: core.bounded) names the file itself: its message only
        sub.unit, sub.in_roster = roster.unit_of(sub.path)
        sub.cannot_read(exc.problems[0].message if isinstance(exc, DataError) and exc.problems else exc.message, fix)
        return
    except Exception:  # an odd document must not stop the other units' merge
        sub.unit, sub.in_roster = roster.unit_of(sub.path)
        sub.cannot_read("文件已损坏或不完整，或不是 Word 文档，无法打开", fix)
        return
    sub.unit, sub.in_roster = roster.unit_of(sub.path, result.unit)
    # the 成文日期 dates the unit's materials unless received.yaml says when they came in
    sub.written = result.date
    sub.findings += [Diagnostic(sub.file, message=w, severity="warning") for w in result.warnings]
    if result.placeholders:
        from reporter.consolidate.collect import placeholder_findings

        # at their paragraphs where the file can be read line by line (a pack template's 【请填写】 among them)
        sub.findings += placeholder_findings(sub.path, sub.file) or [
            Diagnostic(sub.file, message=f"文中有 {result.placeholders} 处占位符（XX、×× 等）", fix="请报送单位补全后重新报送")
        ]
    for line, text in result.unrecognised:
        sub.findings.append(
            Diagnostic(
                sub.file,
                line,
                message=f"第 {line} {result.line_word}未能识别，未计入汇总：{shorten(text)}",
                fix="请核对原文，必要时手工补入 merged.yaml",
                severity="warning",
            )
        )
    try:
        sub.report = Report.model_validate(result.data())  # as merge would read it back from report.yaml
    except ValidationError as exc:
        sub.findings.append(
            Diagnostic(sub.file, message=f"导入的报告不完整（{exc.error_count()} 处）", fix="请核对原文的结构，或改交 YAML")
        )
        return
    _report_metrics(sub, sub.report, None)


def _read_sheet(sub: Submission, year: int, roster: Roster) -> None:
    from reporter.consolidate.packbook import read_pack

    pack = read_pack(sub.path, sub.file, year, roster)
    if pack is not None:  # a pack of ours: read by its identity, no header guessing
        sub.unit, sub.in_roster, sub.findings = pack.unit, pack.in_roster, sub.findings + pack.findings
        _own(sub, pack.figures)
        return
    sub.unit, sub.in_roster = roster.unit_of(sub.path)
    read = read_sheet(sub.path, sub.file, year)
    if read.unreadable:
        sub.cannot_read(read.unreadable, read.unreadable_fix or "请报送单位重新发送，或在 Excel/WPS 中打开后另存为 .xlsx 再放入")
        return
    sub.written = read.date
    sub.findings += read.problems
    _own(sub, read.metrics)


def _own(sub: Submission, entries: list[MetricEntry]) -> None:
    """A sheet's or pack's entries, read before whose they were known, as this submission's unit's."""
    for entry in entries:
        entry.unit_name = sub.unit
    sub.metrics += entries


def read_submission(path: Path, ws: Workspace, year: int, roster: Roster) -> Submission:
    suffix = path.suffix.lower()
    kind: Kind = "yaml" if suffix in YAML_SUFFIXES else "sheet" if suffix in SHEET_SUFFIXES else "word"
    sub = Submission(path, ws.rel(path), kind)
    if kind == "yaml":
        _read_yaml(sub, ws, year, roster)
    elif kind == "sheet":
        _read_sheet(sub, year, roster)
    else:
        _read_word(sub, year, roster)
    return sub


@dataclass
class Received:
    """received.yaml: the date each unit's materials came in, for files that carry none."""

    dates: dict[str, dt.date] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)


_DATE: TypeAdapter[Any] = TypeAdapter(Date)


def read_received(ws: Workspace, year: int, roster: Roster) -> Received:
    out = Received()
    path = ws.units_dir(year) / RECEIVED
    if not path.is_file():
        return out
    file = ws.rel(path)
    try:
        source = read_source(path, file)
    except DataError as exc:
        out.problems += exc.problems
        return out
    if not isinstance(source.data, dict):
        out.problems.append(Diagnostic(file, 1, 1, message="应为“单位名称: 日期”的键值对", fix="如 县公安局: 2025-02-26"))
        return out
    for key, value in source.data.items():
        line, col = source.mark((key,))
        try:
            day = _DATE.validate_python(value)
        except ValidationError:
            out.problems.append(Diagnostic(file, line, col, str(key), f"“{value}”不是日期", "请写成 2025-02-26 或 2025年2月26日"))
            continue
        name = roster.match(str(key)) or str(key)
        out.dates[name] = day
    return out
