"""Import an existing annual report (.docx, .txt, .md; .doc/.wps/.odt via LibreOffice) into the report.yaml contract."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reporter.content.context import PART_KEYS
from reporter.content.placeholders import placeholders
from reporter.core.errors import ImportFormatError
from reporter.data.areas import Catalogue
from reporter.data.metric_columns import total_kind
from reporter.data.model import Report
from reporter.importer.frame import Frame, frame_keys
from reporter.importer.normalize import traditional_failure, traditional_kept, traditional_warning
from reporter.importer.paragraphs import split_body
from reporter.importer.patterns import APPENDIX, DATE, PLAN_TITLE, REPORT_TITLE, date_of
from reporter.importer.reading import read_source, source_texts
from reporter.importer.report_assembly import build_report
from reporter.importer.result import LeftOut, Listing, line_ranges, written_data
from reporter.importer.segment import Para, Segmented, TableBlock, find_title
from reporter.importer.word_tables import MetricRow, TableItem, interpret_metrics, interpret_table

# The title names the unit and the year: 示例市人民政府关于2023年法治政府建设情况的报告.
_UNIT_AFTER_YEAR = re.compile(r"^度?(.{2,30}?)(?:法治政府|法治|依法行政)")
_TITLE_PARTS = re.compile(r"^(?P<unit>.*?)(?:关于)?(?P<year>\d{4})\s*年")
# 版头 and 版记 lines: recognised and kept out of the text.
_FRAME = re.compile(
    r"^(?:.{2,30}文件|签发人[:：].*|.{1,10}〔\d{4}〕\d+号.*|抄送[:：].*|.{2,40}\d{4}年\d{1,2}月\d{1,2}日印发|附件[:：]?.*|（此件[^）]{2,10}）)$"
)


# An attachment's title: 主要指标统计表, 工作要点任务完成情况表.
_ATTACHMENT_TITLE = re.compile(r"(?:统计表|情况表|一览表|汇总表)$")
# The note under the metrics table (the draft's metrics_note): 注：本表数据截至……
_NOTE = re.compile(r"^注\s*[：:]")
# A 任务完成情况表 (序号 | 任务 | 牵头单位 | 完成情况 | 说明) is derived from the plan: no report content.
_STATUS_COLUMN = re.compile(r"^(?:完成情况|完成进度|进展情况|落实情况)$")


@dataclass(kw_only=True)
class ReportImport(Listing):
    """What `import report` understood: the report.yaml data and everything the user should hear about."""

    report: Report
    unit: str | None = None
    year: int = 0
    date: dt.date | None = None
    unrecognised: list[tuple[int, str]] = field(default_factory=list)
    totals: list[tuple[int, str]] = field(default_factory=list)  # 合计 / 小计 rows of a metrics table: no metrics
    placeholders: int = 0
    title: str = ""
    recipients: str = ""
    encoding: str = "utf-8"
    recognised: list[tuple[int, str]] = field(default_factory=list)  # title, 主送, signature, date, 版头/版记

    def counts(self) -> dict[str, int]:
        r = self.report
        return {
            "areas": len(r.achievements),
            "items": sum(len(a.items) for a in r.achievements),
            "metrics": sum(len(i.metrics) for a in r.achievements for i in a.items),
            "problems": len(r.problems),
            "leadership": len(r.leadership),
            "next_year": len(r.next_year),
            "other": len(r.other),
        }

    def data(self) -> dict[str, Any]:
        """report.yaml as the import writes it."""
        return written_data(self.report)

    def summary_text(self) -> str:
        c = self.counts()
        lines = [f"文件标题：{self.title}"] if self.title else []
        lines.append(
            f"已导入：主要举措和成效 {c['areas']} 个方面 {c['items']} 条（指标 {c['metrics']} 项），存在的不足 {c['problems']} 条，"
            f"第一责任人履职 {c['leadership']} 条，下一年度安排 {c['next_year']} 条，其他情况 {c['other']} 段。"
        )
        if self.unit:
            lines.append(f"报送单位（据标题）：{self.unit}")
        if self.date:
            lines.append(f"成文日期：{self.date}")
        if self.recognised:
            lines.append(
                f"已识别、不写入正文的行（署名、日期、主送、版头、版记、附件说明等）：第 {line_ranges(sorted({n for n, _ in self.recognised}))} {self.line_word}。"
            )
        if self.placeholders:
            lines.append(f"注意：文中有 {self.placeholders} 处占位符（XX、×× 等），已原样保留，请补全后再生成；reporter check 会逐处列出。")
        return "\n".join(lines)

    def left_out(self) -> list[LeftOut]:
        """Lines not the report's text, and the rows of a metrics table that add up others."""
        return [LeftOut(n, text, "不是报告正文，未导入", "如属正文，请手工写入 report.yaml") for n, text in self.unrecognised] + [
            LeftOut(
                n,
                text,
                f"是指标表的{total_kind(text)}行，不是一项指标，未导入",
                "它由上面各行相加得出；如确是一项指标，请改名后手工写入 report.yaml",
            )
            for n, text in self.totals
        ]


def _read_table(rows: list[tuple[int, list[str]]]) -> list[TableItem] | None:
    """A report's tables: a metrics table (指标 | 单位 | 本年 | 上年), else a task table."""
    metrics = interpret_metrics(rows)
    if metrics is not None:
        return list(metrics)
    return interpret_table(rows)


def _is_status_table(rows: list[tuple[int, list[str]]]) -> bool:
    """A 任务完成情况表: a header among the first rows with a 任务 column and a 完成情况 column."""
    return any(any("任务" in c for c in cells) and any(_STATUS_COLUMN.match(re.sub(r"\s+", "", c)) for c in cells) for _, cells in rows[:3])


class _Tables:
    """The table reader of one import: status tables are set aside (their rows recognised), the rest read."""

    def __init__(self) -> None:
        self.derived: list[tuple[int, str]] = []

    def __call__(self, rows: list[tuple[int, list[str]]]) -> list[TableItem] | None:
        if _is_status_table(rows):
            self.derived += [(no, " ".join(c for c in cells if c)) for no, cells in rows]
            return []
        return _read_table(rows)


def _attachments(seg: Segmented, tables: _Tables, metrics: bool, report: Report) -> set[int]:
    """metrics_note and attachments from the attachment pages into `report`; the lines the note was read from."""
    appendix = [b.line for b in seg.blocks if isinstance(b, TableBlock) and b.appendix and any(isinstance(m, MetricRow) for m in b.items)]
    note = _metrics_note(seg, min(appendix)) if appendix else None
    if note:
        report.metrics_note = note[0]
    if tables.derived:
        report.attachments = ["metrics", "tasks"] if metrics else ["tasks"]
    return {note[1]} if note else set()


def _metrics_note(seg: Segmented, metrics_line: int) -> tuple[str, int] | None:
    """The 注：…… below a metrics table after the body (metrics_note), and its line."""
    for line, text in sorted(seg.skipped):
        if line > metrics_line and _NOTE.match(text.strip()):
            return text.strip(), line
    return None


def title_facts(title: str) -> tuple[str | None, int | None]:
    m = _TITLE_PARTS.match(title)
    if not m:
        return None, None
    unit = m.group("unit").strip().removesuffix("关于")
    if not unit:  # 2023年青禾县法治政府建设情况报告: the unit follows the year
        after = _UNIT_AFTER_YEAR.match(title[m.end() :])
        unit = after.group(1) if after else ""
    return unit or None, int(m.group("year"))


def _date_after(seg: Segmented, last_body_line: int) -> tuple[dt.date | None, set[int]]:
    """The 成文日期: a date standing alone after the body (the signature's date)."""
    for line, text in seg.skipped:
        m = DATE.fullmatch(text.strip())
        if m and line >= last_body_line and date_of(m):
            return date_of(m), {line}
    return None, set()


def _recognised(seg: Segmented, text: str, signature: str) -> bool:
    t = text.strip()
    return bool(
        (signature and t == signature)
        or DATE.fullmatch(t)
        or _FRAME.match(t)
        or APPENDIX.match(t)
        or _ATTACHMENT_TITLE.search(t)
        or t == "附件"
        or (seg.title and t in seg.title)
    )


_PART_NAMES = {"achievements": "主要举措和成效", "problems": "存在的不足和原因", "next_year": "下一年度主要安排"}


def _shape_warnings(title: str, report: Report, heads: dict[str, int], word: str) -> list[str]:
    """A plan sent through `import report`, or a report missing a part a drafter must write (found or not)."""
    if title and PLAN_TITLE.search(title) and not REPORT_TITLE.search(title):
        return [f"标题“{title}”像是工作要点（计划），不是年度报告；如是工作要点，请改用 reporter import plan。"]
    out = []
    for key, name in _PART_NAMES.items():
        if getattr(report, key):
            continue
        if key in heads:
            out.append(
                f"第 {heads[key]} {word}是“{name}”部分的标题，但其下没有读出条目（文字可能进了导语 intros，或格式特殊）；"
                "请核对原文，在 report.yaml 中补写。"
            )
        else:
            out.append(f"没有找到“{name}”部分，请在 report.yaml 中补写。")
    return out


def count_placeholders(value: Any) -> int:
    """Placeholders (XX, ××, X件, 某某) as `check` finds them: each one once per value."""
    if isinstance(value, str):
        return len(placeholders(value))
    if isinstance(value, dict):
        return sum(count_placeholders(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_placeholders(v) for v in value)
    return 0


def import_report(path: Path, year: int | None = None, *, catalogue: Catalogue | None = None) -> ReportImport:
    """Read `path` and return the report it holds, with what was and was not understood.

    `year` defaults to the year in the title; `catalogue` is the unit's area list (else every known one)."""
    path = Path(path)
    source = read_source(path)
    tables = _Tables()
    seg, stream = split_body(source, REPORT_TITLE, tables)
    unit, title_year = title_facts(seg.title)
    traditional = traditional_warning(source_texts(source), "段" if source.kind == "docx" else "行")
    if traditional and not seg.title:  # 報告, 舉措: the words the import looks for are simplified
        raise ImportFormatError(traditional_failure(path.name, traditional[0]))
    if year is None and title_year is None:
        raise ImportFormatError(f"{path.name} 的标题中没有年份（如“2023年”），请用 --year 指定报告所属年度。")
    the_year = year if year is not None else title_year
    assert the_year is not None
    built = build_report(seg.blocks, the_year, catalogue.titles if catalogue is not None else None)
    report = built.report
    if not any(getattr(report, k) for k in PART_KEYS) and not report.preface:
        raise ImportFormatError(
            f"在 {path.name} 中没有找到报告正文。导入需要“一、主要举措和成效”“存在的问题”“下一步工作”等部分；"
            "请检查文件内容，或用 reporter init report 从空白骨架开始。"
        )
    body_lines = [b.line for b in seg.blocks if isinstance(b, Para)]
    date, known_lines = _date_after(seg, max(body_lines, default=0))  # lines recognised by where they stand
    if date:
        report.date = date
    line_word = "段" if source.kind == "docx" else "行"
    recognised = [(built.recipients.line, built.recipients.text)] if built.recipients else []
    recognised += tables.derived
    known_lines |= _attachments(seg, tables, bool(built.metrics), report)
    unrecognised = []
    for line, text in sorted(seg.skipped):
        if line in known_lines or _recognised(seg, text, seg.issuer):
            recognised.append((line, text))
        else:
            unrecognised.append((line, text))
    unrecognised = sorted(unrecognised + seg.unknown + built.left_out)
    _frame(report, frame_keys(recognised))
    warnings = [f"第 {line} {line_word}：{text}" for line, text in seg.gaps]
    plan_title = find_title(stream) if not seg.title else None  # no report title: is it a plan's?
    warnings += _shape_warnings(plan_title[2] if plan_title else seg.title, report, built.heads, line_word)
    warnings += [traditional_kept(t) for t in traditional]
    if year is not None and title_year is not None and title_year != year:
        warnings.append(f"标题中的年份是 {title_year} 年，与 --year {year} 不一致；已按 {year} 年导入，请确认。")
    return ReportImport(
        report=report,
        unit=unit,
        year=the_year,
        date=date,
        unrecognised=unrecognised,
        placeholders=count_placeholders(report.model_dump(exclude_unset=True)),
        warnings=warnings,
        title=seg.title,
        recipients=built.recipients.text if built.recipients else "",
        encoding=source.encoding,
        line_word=line_word,
        recognised=sorted(recognised),
        totals=built.totals,
    )


def _frame(report: Report, frame: Frame) -> None:
    """The 版头 and 版记 keys a report keeps (its masthead is unit.yaml's)."""
    if frame.doc_number is not None:
        report.doc_number = frame.doc_number
    if frame.signer is not None:
        report.signer = frame.signer
    if frame.cc is not None:
        report.cc = frame.cc
    if frame.printed_by is not None:
        report.printed_by = frame.printed_by
    if frame.printed_date is not None:
        report.printed_date = frame.printed_date


__all__ = ["MetricRow", "ReportImport", "import_report"]
