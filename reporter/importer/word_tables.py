"""A 任务分工表 (序号 | 工作任务 | 牵头单位 | 责任单位 | 完成时限) read into task rows and section rows."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from reporter.content.annotation import Assignment, parse_keyed, split_names
from reporter.data import quantities
from reporter.data.metric_columns import column_roles, heading_role, is_no_duty, total_kind
from reporter.data.model import Metric
from reporter.data.quantities import split_rate_sign
from reporter.importer.normalize import normalize_text

_ROLES = [
    ("num", re.compile(r"^(?:序号|编号|序|号|No\.?)$", re.I)),
    ("due", re.compile(r"完成时限|完成时间|完成期限|时间要求|时限要求|时间节点|进度安排|时限|期限")),
    ("lead", re.compile(r"牵头|主责|主办")),
    ("responsible", re.compile(r"责任单位|责任部门|配合|参与|协办|落实单位|实施单位|责任主体")),
    ("section", re.compile(r"^(?:类别|领域|项目|工作类别|任务类别|板块|方面|分类|重点领域|工作领域|一级任务)$")),
    ("task", re.compile(r"任务|内容|措施|事项|工作要点|重点工作|主要工作|具体工作|工作$")),
    ("note", re.compile(r"^(?:备注|说明)$")),
]


@dataclass
class TableTask:
    line: int
    number: int | None
    text: str  # the task cell: title and text
    units: Assignment = field(default_factory=Assignment)


@dataclass
class TableHeading:
    line: int
    text: str


@dataclass
class TableNote:
    """A cell we keep but do not understand as part of a task (e.g. 备注)."""

    line: int
    text: str


def _roles(cells: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        label = re.sub(r"\s+", "", cell)
        if not label or len(label) > 12:
            continue
        for role, pattern in _ROLES:
            if pattern.search(label):
                found.setdefault(role, i)
                break
    return found


def _cell_getter(cells: list[str], roles: dict[str, int]) -> Callable[[str], str]:
    def cell(role: str) -> str:
        i = roles.get(role, -1)
        return cells[i] if 0 <= i < len(cells) else ""

    return cell


def _task_header(rows: list[tuple[int, list[str]]]) -> tuple[int, dict[str, int]]:
    """The header row among the first four (its index and column roles), or -1 when no row has a 工作任务 column."""
    for i, (_, cells) in enumerate(rows[:4]):
        found = _roles(cells)
        if "task" in found and len(found) >= 2:
            return i, found
    return -1, {}


def _units_of(cell: Callable[[str], str]) -> Assignment:
    units = Assignment(due=cell("due"))
    for role in ("lead", "responsible"):
        value = cell(role)
        if re.search(r"(?:牵头|责任|配合)(?:单位|部门)\s*[:：]", value):
            units.add(parse_keyed(value))
        elif role == "lead":
            units.lead += split_names(value)
        else:
            units.responsible += split_names(value)
    return units


def _merged(cells: list[str]) -> bool:
    """A row whose cells all hold the same text: one cell merged across the table."""
    filled = [c for c in cells if c]
    return len(set(filled)) == 1 and len(filled) == len(cells) and len(cells) > 1


def _task_row(no: int, cells: list[str], roles: dict[str, int], section: str) -> list[TableItem]:
    """The items one body row of a task table gives: a new section heading, the task, a note."""
    filled = [c for c in cells if c]
    if _merged(cells):
        return [TableHeading(no, filled[0])]  # a row merged across the table: a section heading
    cell = _cell_getter(cells, roles)
    items: list[TableItem] = []
    if cell("section") and cell("section") != section:
        items.append(TableHeading(no, cell("section")))
    text = cell("task")
    if not text:
        if any(cells[i] for r, i in roles.items() if r not in ("num", "section") and i < len(cells)):
            items.append(TableNote(no, "；".join(filled)))
        return items
    number = re.sub(r"\D", "", cell("num"))
    items.append(TableTask(no, int(number) if number and len(number) <= 4 else None, text, _units_of(cell)))
    if cell("note"):
        items.append(TableNote(no, cell("note")))
    return items


def interpret_table(rows: list[tuple[int, list[str]]]) -> list[TableItem] | None:
    """Items of a task table in order, or None when the table has no 工作任务 column."""
    header, roles = _task_header(rows)
    if header < 0:
        return None
    items: list[TableItem] = []
    section = ""
    for no, raw in rows[header + 1 :]:
        cells = [normalize_text(c) for c in raw]
        if any(cells):
            items += _task_row(no, cells, roles, section)
            if not _merged(cells):
                section = _cell_getter(cells, roles)("section") or section
    return items


# ------------------------------------------------------------------ metrics table (年度报告的主要指标统计表)


@dataclass
class MetricRow:
    """One row of a metrics table: 指标 | 单位 | 本年 | 上年 (numbers as written, parsed)."""

    line: int
    name: str
    unit: str = ""
    value: float | int | None = None
    previous: float | int | None = None
    numerator: float | int | None = None
    denominator: float | int | None = None
    na: bool = False
    written: str = ""  # the 本年 cell as written, when it is no number (XX, 待统计)
    scaled: dict[str, str] = field(default_factory=dict)  # value, previous written with 万 or 亿, as written
    total: str = ""  # 合计 or 小计: a row adding up the rows above it, no metric of its own (written: its cells)

    def as_text(self) -> str:
        """A row whose value is no number, as a sentence: nothing of the table is lost."""
        return f"{self.name}：{self.written}{self.unit if self.written and self.written[-1].isdigit() else ''}。"

    def metric(self) -> Metric:
        """The metric in report.yaml form, given only the keys that carry something (5.6万 kept as written)."""
        metric = Metric(name=self.name, na=self.na) if self.value is None else Metric(name=self.name, value=self.value)
        if self.unit:
            metric.unit = self.unit
        if self.previous is not None:
            metric.previous = self.previous
        if self.numerator is not None:
            metric.numerator = self.numerator
        if self.denominator is not None:
            metric.denominator = self.denominator
        return metric.keep_written(self.scaled)


def parse_number(text: str) -> float | int | None:
    """A figure cell: 1,260 → 1260; 12.83% → 12.83; 1.2万 → 12000; anything else → None (the data layer's verdict)."""
    return quantities.parse_number(split_rate_sign(text)[0])


def interpret_metrics(rows: list[tuple[int, list[str]]]) -> list[MetricRow] | None:
    """Rows of a metrics table, or None when the table has no 指标 and 本年 (or 2023年) columns."""
    for i, (_, cells) in enumerate(rows[:3]):
        roles = column_roles(cells)
        if "name" in roles and "value" in roles:
            return [row for no, raw in rows[i + 1 :] if (row := _metric_row(no, [normalize_text(c) for c in raw], roles))]
    return None


def _metric_row(no: int, cells: list[str], roles: dict[str, int]) -> MetricRow | None:
    cell = _cell_getter(cells, roles)
    name = cell("name")
    filled = [c.strip() for c in cells if c.strip()]
    total = total_kind(filled[0]) if filled else ""  # 合计 in the 指标 column, or in a 序号 cell merged across it
    if total:
        return MetricRow(no, name or filled[0], written=" ".join(dict.fromkeys(filled)), total=total)
    if not name or heading_role(name) == ("name", None):  # no name, or the header again
        return None
    value_text = cell("value")
    row = MetricRow(no, name, cell("unit"), parse_number(value_text), parse_number(cell("previous")))
    # 万 and 亿 stay as written, as report.yaml keeps them (5.6万 prints back as 5.6万)
    row.scaled = {key: text.strip() for key in ("value", "previous") if quantities.number_scale(text := cell(key))}
    row.numerator, row.denominator = parse_number(cell("numerator")), parse_number(cell("denominator"))
    if "%" in value_text and not row.unit:
        row.unit = "%"
    row.na = row.value is None and is_no_duty(value_text)
    if row.value is None and not row.na:
        row.written = value_text.strip() or "（未填写）"
    return row


TableItem = TableTask | TableHeading | TableNote | MetricRow
