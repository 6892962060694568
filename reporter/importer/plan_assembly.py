"""Assembling the plan from body paragraphs: the outline tree, sections, closing, and each task's fields."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from reporter.content.annotation import Assignment
from reporter.content.closings import CLOSING_HEADING
from reporter.content.numbering import strip_marker
from reporter.data.model import Notice, Plan, Section, Task
from reporter.importer.annotations import find_deadline, strip_annotations
from reporter.importer.frame import Frame, frame_keys
from reporter.importer.normalize import has_ideograph
from reporter.importer.notice import read_notice
from reporter.importer.outline import (
    PARAGRAPH_TASKS,
    TEXT_ONLY,
    area_of,
    split_heading,
    split_task,
    stripped,
    task_level,
    title_key,
)
from reporter.importer.patterns import PERIOD
from reporter.importer.segment import Block, Para, Segmented, TableBlock
from reporter.importer.word_tables import TableHeading, TableNote, TableTask


@dataclass
class Node:
    kind: str  # root | heading | task
    level: float
    para: Para | None = None
    content: list[Para] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    table: TableTask | None = None
    order: int = 0


@dataclass
class Built:
    plan: Plan
    unknown: list[tuple[int, str]] = field(default_factory=list)
    task_lines: list[int] = field(default_factory=list)  # each task's source line, in the plan's order


class Builder:
    def __init__(self, seg: Segmented, year: int) -> None:
        self.seg = seg
        self.year = year
        self.unknown: list[tuple[int, str]] = []
        self.order = 0
        self.trailing: list[str] = []
        self.task_lines: list[int] = []  # the source line of each task, in the order tasks are made

    # ------------------------------------------------------------ tree

    def tree(self, blocks: list[Block], level: int | None) -> Node:
        paras = [b for b in blocks if isinstance(b, Para)]
        numbered = sorted({p.level for p in paras if p.level and (level is None or p.level < level)})
        section_level: float = numbered[-1] if numbered else (level - 0.5 if level else 0.5)
        root = Node("root", 0)
        stack = [root]
        for block in blocks:
            if isinstance(block, TableBlock):
                self._table(block, stack)
                continue
            p = block
            if not has_ideograph(p.text) and not p.marker:
                self.unknown.append((p.line, p.text))
                continue
            if p.level and (level is None or p.level < level) or p.heading and not p.level:
                self._push(stack, "heading", p.level or section_level, p)
            elif p.level and p.level == level or level == PARAGRAPH_TASKS and not p.level and not p.heading and stripped(p)[1]:
                self._push(stack, "task", level or 0, p)
            else:
                stack[-1].content.append(p)
        return root

    def _push(self, stack: list[Node], kind: str, level: float, para: Para) -> None:
        while stack[-1].level >= level:
            stack.pop()
        node = self._node(kind, level, para)
        stack[-1].children.append(node)
        stack.append(node)

    def _node(self, kind: str, level: float, para: Para | None = None, table: TableTask | None = None) -> Node:
        self.order += 1
        return Node(kind, level, para, table=table, order=self.order)

    def _table(self, block: TableBlock, stack: list[Node]) -> None:
        while stack[-1].kind == "task" or len(stack) > 1 and (block.appendix or CLOSING_HEADING.search(_title_of(stack[-1]))):
            stack.pop()
        base = stack[-1]
        parent = base
        existing_titles = {title_key(split_task(t.para.text, [])[0]): t for t in _walk(stack[0]) if t.kind == "task" and t.para}
        for item in block.items:
            if isinstance(item, TableHeading):
                parent = self._node("heading", base.level + 0.5, Para(strip_marker(item.text), item.line))
                base.children.append(parent)
            elif isinstance(item, TableTask):
                title = title_key(split_task(strip_marker(item.text), [])[0])
                match = existing_titles.get(title)
                if match is not None and match.table is None:
                    match.table = item  # the 任务分工表 repeats a task of the text: it adds units only
                    continue
                parent.children.append(self._node("task", parent.level + 0.5, None, item))
            elif isinstance(item, TableNote):
                self.unknown.append((item.line, item.text))

    # ------------------------------------------------------------ plan

    def task(self, node: Node, last: bool) -> tuple[Task, bool]:
        units = Assignment()
        pieces: list[str] = []
        first = ""
        ended_at = -1
        paras = ([node.para] if node.para else []) + node.content
        for i, p in enumerate(paras):
            raw = p.text if i == 0 else p.marker + p.text
            text, found, ended = strip_annotations(raw)
            units.add(found)
            if found.extra:
                notes = "".join(f"（{e}）" for e in found.extra)
                text = text[:-1] + notes + "。" if text.endswith("。") else text + notes
                self.unknown.append((p.line, "未能识别的标注：" + "；".join(found.extra)))
            if ended:
                ended_at = i
            if i == 0:
                first = text
            else:
                pieces.append(text)
        if last and 0 <= ended_at < len(paras) - 1 and all(not p.level for p in paras[ended_at + 1 :]):
            # paragraphs after the last task's unit annotation are the plan's closing words
            self.trailing = [p.text for p in paras[ended_at + 1 :]]
            pieces = pieces[:ended_at]
        if node.table is not None:
            item = node.table
            if node.para is None:
                first = strip_marker(item.text)
            units.add(item.units)
        title, text = split_task(first, pieces)
        line = node.para.line if node.para else node.table.line if node.table else 0
        self.task_lines.append(line)
        if not title:
            self.unknown.append((line, "任务没有标题"))
            title = "（无标题）"
        # numbered in document order once every section is made
        task = Task(id=str(len(self.task_lines)), title=title, text=text, lead=units.lead, responsible=units.responsible)
        due = units.due or find_deadline(title + "。" + text)
        if due:
            task.due = due
        number = node.para.number if node.para else (node.table.number if node.table else None)
        return task, number == 1

    def build(self, kind_source: str) -> Built:
        blocks = self.seg.blocks
        tables = [t for b in blocks if isinstance(b, TableBlock) for t in b.items if isinstance(t, TableTask)]
        paras = [b for b in blocks if isinstance(b, Para)]
        root = self.tree(blocks, task_level(paras, [t.text for t in tables]))
        assembly = _Assembly(self, [n.order for n in _walk(root) if n.kind == "task"])
        assembly.sections_of(root)
        period = PERIOD.search(kind_source)
        plan = Plan(
            year=self.year,
            kind="规划" if period else plan_kind(kind_source),
            numbering="per_section" if any(assembly.restarts) else "continuous",
            sections=assembly.sections,
            closing=[*self.trailing, *assembly.closing],
        )
        if period:
            plan.period = f"{period.group(1)}—{period.group(2)}"
        self._head(plan, [p.marker + p.text for p in root.content])
        return Built(plan, self.unknown, self.task_lines)

    def _head(self, plan: Plan, preface: list[str]) -> None:
        """The plan's notice, issuer, date and preface."""
        notice = read_notice(self.seg.cover, self.seg.issuer, [t for _, t in self.seg.skipped])
        if notice:
            _frame(notice, frame_keys(self.seg.skipped))
            plan.notice = notice
        if self.seg.issuer:
            plan.issuer = self.seg.issuer
        if self.seg.date and not notice:
            plan.date = self.seg.date
        if preface:
            plan.preface = preface


def _frame(notice: Notice, frame: Frame) -> None:
    """The 版头 and 版记 of the notice's page."""
    if frame.masthead is not None:
        notice.masthead = frame.masthead
    if frame.cc is not None:
        notice.cc = frame.cc
    if frame.printed_by is not None:
        notice.printed_by = frame.printed_by
    if frame.printed_date is not None:
        notice.printed_date = frame.printed_date


PlanKind = Literal["工作要点", "工作计划", "工作安排", "实施方案", "规划"]
# What a plan's title calls it, the most specific first; without any of these it is a 工作要点.
_KINDS: tuple[tuple[str, PlanKind], ...] = (("实施方案", "实施方案"), ("工作安排", "工作安排"), ("规划", "规划"), ("计划", "工作计划"))


def plan_kind(title: str) -> PlanKind:
    """The `kind` a title names: 工作安排, 实施方案, 规划, 工作计划, else 工作要点."""
    return next((kind for word, kind in _KINDS if word in title), "工作要点")


def _texts_below(node: Node, keep_markers: bool) -> list[str]:
    out = [(p.marker if keep_markers else "") + p.text for p in node.content]
    for child in node.children:
        if child.para is not None:
            out.append((child.para.marker if keep_markers else "") + child.para.text)
        elif child.table is not None:
            out.append(child.table.text)
        out += _texts_below(child, keep_markers)
    return out


def _has_marked_task(node: Node) -> bool:
    return any(n.kind == "task" and (n.table is not None or strip_annotations(n.para.text if n.para else "")[1]) for n in _walk(node))


class _Assembly:
    """The outline tree turned into sections and closing words, tasks numbered in document order."""

    def __init__(self, builder: Builder, task_orders: list[int]) -> None:
        self.builder = builder
        self.first_task = min(task_orders, default=0)
        self.last_task = max(task_orders, default=0)
        self.sections: list[Section] = []
        self.closing: list[str] = []
        self.restarts: list[bool] = []  # whether each section's first task is numbered 1 again

    def sections_of(self, root: Node) -> None:
        pending: list[Node] = []  # tasks standing before any heading
        for child in root.children:
            if child.kind == "task":
                pending.append(child)
                continue
            if pending:
                self.add_section("主要任务", [], pending)
                pending = []
            self.visit(child, "normal")
        if pending:
            self.add_section("主要任务", [], pending)
        for n, task in enumerate((t for section in self.sections for t in section.tasks), 1):
            task.id = str(n)

    def add_section(self, title: str, text: list[str], tasks: list[Node]) -> None:
        made = []
        for i, t in enumerate(tasks):
            task, restart = self.builder.task(t, t.order == self.last_task)
            made.append(task)
            if i == 0 and self.sections and any(s.tasks for s in self.sections):
                self.restarts.append(restart)
        section = Section(title=title, tasks=made)
        area = area_of(title)
        if area:
            section.area = area
        if text:
            section.text = text
        self.sections.append(section)

    def is_closing(self, node: Node, title: str) -> bool:
        # closing words come last: no task follows this heading's part of the document
        late = self.last_task <= max([node.order] + [n.order for n in _walk(node)])
        return bool(CLOSING_HEADING.search(title)) and late and not _has_marked_task(node) and node.order > self.first_task

    def visit(self, node: Node, mode: str) -> None:
        title, rest = split_heading(node.para) if node.para else ("", "")
        own = ([rest] if rest else []) + [p.marker + p.text for p in node.content]
        if self.is_closing(node, title):
            if not CLOSING_HEADING.fullmatch(title):
                self.closing.append(title)
            self.closing.extend(own)
            self.closing.extend(_texts_below(node, keep_markers=False)[len(node.content) :])
            return
        if mode == "text":
            self.add_section(title, own + _texts_below(node, True)[len(node.content) :], [])
            return
        tasks = [c for c in node.children if c.kind == "task"]
        headings = [c for c in node.children if c.kind == "heading"]
        if tasks or not headings:
            self.add_section(title, own, tasks)
        elif own:
            self.add_section(title, own, [])
        child_mode = "text" if TEXT_ONLY.match(title) and not _has_marked_task(node) else mode
        for child in headings:
            self.visit(child, child_mode)


def _walk(node: Node) -> Iterator[Node]:
    for child in node.children:
        yield child
        yield from _walk(child)


def _title_of(node: Node) -> str:
    return split_heading(node.para)[0] if node.para else ""
