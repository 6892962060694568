"""Which data key printed each paragraph of a draft, and which spans of the paragraph each value became."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from reporter.content.context import PART_KEYS, unfinished_items
from reporter.content.phrasing import end_sentence, lead_sentence
from reporter.content.textclean import clean
from reporter.data.model import Plan, Report
from reporter.data.yamlsource import format_path

Key = tuple[str | int, ...]

# What an edit of a computed paragraph should change instead (the key named in the finding).
COMPUTED_HINTS = {
    "title": "标题由 data/unit.yaml 的 name 和年度生成；要改单位名称请改 unit.yaml 的 name",
    "recipients": "主送机关来自 data/unit.yaml 的 recipients",
    "signature": "署名来自 data/unit.yaml 的 name",
    "date": "成文日期来自 date",
    "number": "编号由工具自动排定，增删条目后会重新编号",
    "heading": "部分标题为默认标题；要改写请写 headings.{key}（不含“一、”等编号）",
    "area": "小标题取自领域目录；要改写请写 {key}.title",
    "metric": "同比句由指标计算生成；请改这项指标的 value（或 previous）",
    "ordinal": "“一是”“主要原因是”等由工具生成",
    "notes": "附件说明由 attachments 生成",
    "table": "附件表格由 metrics（或工作要点的任务）生成；请改对应的指标或任务",
    "units": "牵头单位、责任单位、完成时限印在〔〕中",
    "template": "这段文字来自模板；请在 templates/ 中的模板里修改",
}


@dataclass(frozen=True)
class Piece:
    """A value of the data printed inside a paragraph (`key` None: computed text, `hint` says what to change)."""

    key: Key | None
    shown: str
    hint: str = ""
    value: str = ""  # the value as the data held it (for a metric: its key's fields as text)


@dataclass(frozen=True)
class Printed:
    """One paragraph the data printed: its text, the list entry it stands for, the list new neighbours join."""

    text: str
    pieces: tuple[Piece, ...]
    entry: Key | None = None  # deleting the paragraph removes this entry
    sibling_list: Key | None = None  # a paragraph inserted after this one joins this list
    kind: str = ""  # "item", "problem", "entry", "paragraph", "task", "closing": how a new neighbour is read
    clear: Key | None = None  # deleting the paragraph empties this value (closing, an intro)
    hint: str = ""  # for a computed paragraph: what to change instead

    def to_json(self) -> dict[str, Any]:
        return {
            "entry": list(self.entry) if self.entry is not None else None,
            "sibling_list": list(self.sibling_list) if self.sibling_list is not None else None,
            "kind": self.kind,
            "clear": list(self.clear) if self.clear is not None else None,
            "hint": self.hint,
            "pieces": [
                {"key": list(p.key) if p.key is not None else None, "shown": p.shown, "hint": p.hint, "value": p.value} for p in self.pieces
            ],
        }

    @staticmethod
    def from_json(text: str, raw: dict[str, Any]) -> Printed:
        def key(v: Any) -> Key | None:
            return tuple(v) if v is not None else None

        pieces = tuple(Piece(key(p["key"]), p["shown"], p.get("hint", ""), p.get("value", "")) for p in raw.get("pieces", []))
        return Printed(
            text,
            pieces,
            key(raw.get("entry")),
            key(raw.get("sibling_list")),
            raw.get("kind", ""),
            key(raw.get("clear")),
            raw.get("hint", ""),
        )


def _forms(value: str) -> list[str]:
    """How a value may appear in print: as cleaned, with a full stop added, or with its end punctuation cut."""
    text = clean(value)
    forms = [end_sentence(text), lead_sentence(text), text, text.rstrip("。.；;，,")]
    return sorted({f for f in forms if f}, key=len, reverse=True)


def locate(text: str, values: list[tuple[Key, str]], gap_hint: str) -> tuple[Piece, ...]:
    """Split a printed paragraph into the given values (found in order) and the computed text between them."""
    pieces: list[Piece] = []
    at = 0
    for key, value in values:
        found = next(((text.find(f, at), f) for f in _forms(value) if text.find(f, at) >= 0), None)
        if found is None:
            continue
        start, form = found
        if start > at:
            pieces.append(Piece(None, text[at:start], gap_hint))
        pieces.append(Piece(key, form, value=value))
        at = start + len(form)
    if at < len(text):
        pieces.append(Piece(None, text[at:], gap_hint))
    return tuple(pieces)


def _printed(text: str, values: Sequence[tuple[Key, str]], gap: str = "number", **kw: Any) -> Printed:
    return Printed(text, locate(text, [(k, v) for k, v in values if v], COMPUTED_HINTS[gap]), **kw)


def _computed(text: str, hint: str, key: Key = ()) -> Printed:
    said = COMPUTED_HINTS[hint].format(key=format_path(key))
    return Printed(text, (Piece(None, text, said),), hint=said)


# ------------------------------------------------------------------ the report, block by block


def _metric_pieces(item_key: Key, item: Any, printed: Printed) -> Printed:
    """The metric sentences after an item's text: each its own computed piece naming the metric."""
    pieces = list(printed.pieces)
    if not pieces or pieces[-1].key is not None or not item.metrics:
        return printed
    tail = pieces.pop()
    at = 0
    for m_index, metric in enumerate(item.metrics):
        name = clean(metric.name)
        start = tail.shown.find(name, at)
        if start < 0:
            continue
        end = tail.shown.find("。", start)
        end = len(tail.shown) if end < 0 else end + 1
        if start > at:
            pieces.append(Piece(None, tail.shown[at:start], tail.hint))
        metric_key = (*item_key, "metrics", m_index)
        value = f"{metric.value}|{metric.previous}|{metric.unit}|{metric.name}"
        pieces.append(Piece(metric_key, tail.shown[start:end], COMPUTED_HINTS["metric"], value=value))
        at = end
    if at < len(tail.shown):
        pieces.append(Piece(None, tail.shown[at:], tail.hint))
    return Printed(printed.text, tuple(pieces), printed.entry, printed.sibling_list, printed.kind, printed.clear, printed.hint)


def _blocks(report: Report, key: str) -> Iterator[tuple[Key | None, Any, str]]:
    """(entry key, entry, kind) of each block a part prints after its intro, in print order."""
    if key == "achievements":
        for g, group in enumerate(report.achievements):
            items = [(i, item) for i, item in enumerate(group.items) if item.status != "pending"]
            if items:
                yield ("achievements", g), group, "group"
                for i, item in items:
                    yield ("achievements", g, "items", i), item, "item"
    elif key == "problems":
        yield from ((("problems", i), p, "problem") for i, p in enumerate(report.problems))
        where = {id(item): (g, i) for g, group in enumerate(report.achievements) for i, item in enumerate(group.items)}
        for item in unfinished_items(report):
            g, i = where[id(item)]
            yield ("achievements", g, "items", i), item, "unfinished"
    elif key in ("leadership", "next_year"):
        yield from (((key, i), e, "entry") for i, e in enumerate(getattr(report, key)))
    else:
        yield from (((key, i), p, "paragraph") for i, p in enumerate(report.other))


def _report_block(entry_key: Key | None, entry: Any, kind: str, text: str) -> Printed:
    assert entry_key is not None
    parent = entry_key[:-1]
    if kind == "group":
        if entry.title:
            return _printed(text, [((*entry_key, "title"), entry.title)], entry=None)
        return _computed(text, "area", entry_key)
    if kind == "item":
        fields = [((*entry_key, "title"), entry.title), ((*entry_key, "text"), entry.text)]
        return _metric_pieces(entry_key, entry, _printed(text, fields, entry=entry_key, sibling_list=parent, kind="item"))
    if kind == "unfinished":
        fields = [((*entry_key, "title"), entry.title), ((*entry_key, "text"), entry.text)]
        # printed among the problems because it is pending: deleting it there is a decision about the item
        return _printed(
            text, fields, "ordinal", kind="unfinished", hint="这一条是标为未完成（pending）的举措；要删去请删除该举措，或改它的 status"
        )
    if kind == "problem":
        fields = [((*entry_key, "text"), entry.text), ((*entry_key, "cause"), entry.cause or "")]
        return _printed(text, fields, "ordinal", entry=entry_key, sibling_list=parent, kind="problem")
    if kind == "entry":
        fields = [((*entry_key, "title"), entry.title), ((*entry_key, "text"), entry.text)]
        return _printed(text, fields, entry=entry_key, sibling_list=parent, kind="entry")
    return _printed(text, [(entry_key, entry)], entry=entry_key, sibling_list=parent, kind="paragraph")


def _section(report: Report, key: str, section: dict[str, Any]) -> Iterator[Printed]:
    heading = section["heading"]
    override = getattr(report.headings, key)
    if override and clean(override):
        yield _printed(heading, [(("headings", key), override)])
    else:
        yield _computed(heading, "heading", (key,))
    blocks = list(section["blocks"])
    intro = clean(getattr(report.intros, key) or "")
    if intro and blocks:
        block = blocks.pop(0)
        yield _printed(block["lead"] + block["text"], [(("intros", key), intro)], clear=("intros", key))
    for (entry_key, entry, kind), block in zip(_blocks(report, key), blocks, strict=False):
        yield _report_block(entry_key, entry, kind, block["lead"] + block["text"])


def report_printed(report: Report, context: dict[str, Any]) -> list[Printed]:
    """Every paragraph a report context prints that the data chose, in print order (tables and notes aside)."""
    out = [_computed(context["plain_title"], "title")]
    if context["recipients"]:
        out.append(_computed(context["recipients"], "recipients"))
    out += [
        _printed(text, [(("preface", i), p)], entry=("preface", i), sibling_list=("preface",), kind="paragraph")
        for i, (text, p) in enumerate(zip(context["preface"], report.preface, strict=False))
    ]
    keys = [k for k in PART_KEYS if k != "other" or report.other]
    for key, section in zip(keys, context["sections"], strict=False):
        out += list(_section(report, key, section))
    if context["closing"]:
        out.append(_printed(context["closing"], [(("closing",), report.closing)], clear=("closing",)))
    out.append(_computed(context["signature"], "signature"))
    if context["date"]:
        out.append(_computed(context["date"], "date"))
    return out


# ------------------------------------------------------------------ the plan


def plan_printed(plan: Plan, context: dict[str, Any]) -> list[Printed]:
    """Every paragraph a plan context prints that the data chose, in print order (the task table aside)."""
    out: list[Printed] = []
    notice = context.get("notice")
    if notice and plan.notice is not None:
        out.append(_computed(notice["title"].replace("\n", ""), "title"))
        if plan.notice.text:
            out.append(_printed(notice["text"], [(("notice", "text"), plan.notice.text)], clear=None))
    out.append(_computed(context["title"].replace("\n", ""), "title"))
    out += [
        _printed(text, [(("preface", i), p)], entry=("preface", i), sibling_list=("preface",), kind="paragraph")
        for i, (text, p) in enumerate(zip(context["preface"], plan.preface, strict=False))
    ]
    for s, (section, printed) in enumerate(zip(plan.sections, context["sections"], strict=False)):
        heading = printed["heading"]
        out.append(
            _printed(heading, [(("sections", s, "title"), section.title or "")])
            if section.title
            else _computed(heading, "area", ("sections", s))
        )
        blocks = list(printed["blocks"])
        for j, paragraph in enumerate(section.text):
            block = blocks.pop(0)
            key: Key = ("sections", s, "text", j)
            out.append(_printed(block["text"], [(key, paragraph)], entry=key, sibling_list=("sections", s, "text"), kind="paragraph"))
        for t, (task, block) in enumerate(zip(section.tasks, blocks, strict=False)):
            key = ("sections", s, "tasks", t)
            fields = [((*key, "title"), task.title), ((*key, "text"), task.text)]
            done = _printed(block["lead"] + block["text"], fields, entry=key, sibling_list=("sections", s, "tasks"), kind="task")
            out.append(_units_piece(done, key))
    out += _plan_closing(plan, context)
    return out


def _units_piece(printed: Printed, task_key: Key) -> Printed:
    """The 〔牵头单位：…〕 note at a task's end: one piece that reads back into lead, responsible and due."""
    pieces = list(printed.pieces)
    if pieces and pieces[-1].key is None and pieces[-1].shown.startswith("〔"):
        pieces[-1] = Piece((*task_key, "units"), pieces[-1].shown, COMPUTED_HINTS["units"])
    return Printed(printed.text, tuple(pieces), printed.entry, printed.sibling_list, printed.kind)


def _plan_closing(plan: Plan, context: dict[str, Any]) -> list[Printed]:
    if not plan.closing:
        return []
    section = context["sections"][-1]
    out = [_computed(section["heading"], "template")]
    for c, (entry, block) in enumerate(zip(plan.closing, section["blocks"], strict=False)):
        key: Key = ("closing", c)
        text = block["lead"] + block["text"]
        if isinstance(entry, str):
            out.append(_printed(text, [(key, entry)], entry=key, sibling_list=("closing",), kind="paragraph"))
        else:
            out.append(
                _printed(
                    text, [((*key, "title"), entry.title), ((*key, "text"), entry.text)], entry=key, sibling_list=("closing",), kind="entry"
                )
            )
    return out


# ------------------------------------------------------------------ matched to what the document shows


def _norm(text: str) -> str:
    return re.sub(r"[\s\u2060\u200b]+", "", text)


@dataclass
class Snapshot:
    """The paragraphs of a built draft, each with what printed it (None: template text, tables)."""

    texts: list[str] = field(default_factory=list)
    sources: list[Printed | None] = field(default_factory=list)


def report_table_rows(report: Report) -> list[tuple[str, Key]]:
    """(name, key) of each row of the metrics attachment, in its order (context.metric_rows)."""
    return [
        (clean(m.name), ("achievements", g, "items", i, "metrics", k))
        for g, group in enumerate(report.achievements)
        for i, item in enumerate(group.items)
        for k, m in enumerate(item.metrics)
    ]


def plan_table_rows(plan: Plan) -> list[tuple[str, Key]]:
    """(task title, key) of each row of the 任务分工表, in its order."""
    return [(clean(t.title), ("sections", s, "tasks", k)) for s, section in enumerate(plan.sections) for k, t in enumerate(section.tasks)]


def _table_cells(snap: Snapshot, paragraphs: list[tuple[str, bool]], rows: Sequence[tuple[str, Key]]) -> None:
    """Table cells: computed, each naming the key of its row where the row's name is found (a metric, a task)."""
    at, current = 0, None
    for i, (text, table) in enumerate(paragraphs):
        if snap.sources[i] is not None or not table or not text.strip():
            continue
        if text.strip() == "序号":  # a table's header: the rows of another table may follow
            current = None
        elif at < len(rows) and _norm(text) == _norm(rows[at][0]):
            current, at = rows[at][1], at + 1
        hint = COMPUTED_HINTS["table"] if current is None else f"附件表格由 {format_path(current)} 生成；请改这一项的数据"
        snap.sources[i] = Printed(text, (Piece(None, text, hint),), hint=hint)


def match(paragraphs: list[tuple[str, bool]], printed: list[Printed], rows: Sequence[tuple[str, Key]] = ()) -> Snapshot:
    """Pair the document's paragraphs (text, in a table) with what the data printed, in order; `rows`: the table's."""
    snap = Snapshot([t for t, _ in paragraphs], [None] * len(paragraphs))
    at = 0
    for p in printed:
        want = _norm(p.text)
        for i in range(at, len(paragraphs)):
            if not paragraphs[i][1] and _norm(paragraphs[i][0]) == want:
                snap.sources[i] = (
                    Printed(paragraphs[i][0], p.pieces, p.entry, p.sibling_list, p.kind, p.clear, p.hint)
                    if paragraphs[i][0] == p.text
                    else _reprinted(paragraphs[i][0], p)
                )
                at = i + 1
                break
    _table_cells(snap, paragraphs, rows)
    return snap


def _reprinted(text: str, p: Printed) -> Printed:
    """A paragraph the template printed with other spacing (a title's line break): located again in its own text."""
    values = [(piece.key, piece.value) for piece in p.pieces if piece.key is not None and "metrics" not in piece.key]
    if not values:
        return Printed(text, (Piece(None, text, p.hint or COMPUTED_HINTS["template"]),), p.entry, p.sibling_list, p.kind, p.clear, p.hint)
    return Printed(text, locate(text, values, COMPUTED_HINTS["number"]), p.entry, p.sibling_list, p.kind, p.clear, p.hint)


# ------------------------------------------------------------------ the 〔牵头单位…〕 note read back


def read_units_note(text: str) -> dict[str, Any] | None:
    """〔牵头单位：A、B；责任单位：C；完成时限：D〕 → {lead, responsible, due} (annotation_note read back); None if unreadable."""
    from reporter.content.annotation import parse_keyed

    body = text.strip()
    if not (body.startswith("〔") and body.endswith("〕")):
        return None
    units = parse_keyed(body[1:-1])
    if units.extra:
        return None
    return {"lead": units.lead, "responsible": units.responsible, "due": units.due or None}
