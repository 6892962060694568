"""Read a reviewed draft back into its data: changed values, removed and added entries, changes not written back, conflicts, comments."""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reporter.content.provenance import Key, Piece, Printed, read_units_note
from reporter.content.textclean import clean
from reporter.core.textdiff import align, squeeze
from reporter.data.yamledit import Change, DeleteEntry, InsertEntry, SetValue
from reporter.data.yamlsource import format_path
from reporter.document.draft.build_record import Record
from reporter.document.draft.reviewed import Reviewed

# The field a list entry written as a plain string stands for (data-format: 字符串即 text / title).
PLAIN_FIELDS = {"items": "text", "problems": "text", "leadership": "text", "next_year": "title", "achievements": "area"}
_ORDINAL = re.compile(r"^\s*(?:[一二三四五六七八九十]+是|首先|其次|再次|最后)[，,]?")
_UNITS_NOTE = re.compile(r"〔[^〔〕]*〕\s*$")


@dataclass
class Edit:
    """One change the draft makes to the data (a model path; `raw` is the change made to the file)."""

    key: Key
    old: str
    new: str
    action: str  # "set", "insert", "delete"
    raw: Change | None = None
    line: int = 0
    at: Key | None = None  # where the key stands in the data file now (entries may have moved since the build)
    moved: Key | None = None  # an entry moved in the draft: where it came from (insert) or went to (delete)

    @property
    def shown_key(self) -> str:
        return format_path(self.at if self.at is not None else self.key)


@dataclass
class UnwrittenChange:
    """A change in the reviewed draft that is not written back to the data, and what to change instead."""

    paragraph: str
    message: str
    fix: str = ""
    key: str = ""


@dataclass
class Note:
    """A reviewer's comment and the key it sits on."""

    author: str
    text: str
    anchor: str
    key: str


@dataclass
class Review:
    """What a reviewed draft says about its data."""

    record: Record
    edits: list[Edit] = field(default_factory=list)
    unwritten: list[UnwrittenChange] = field(default_factory=list)
    conflicts: list[Edit] = field(default_factory=list)
    comments: list[Note] = field(default_factory=list)
    current: str = ""  # the data file's text now (what --write changes)


def _norm(text: str) -> str:
    return squeeze(text)


def short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------ a changed paragraph, piece by piece


def _boundaries(pieces: tuple[Piece, ...]) -> list[int]:
    out, at = [0], 0
    for p in pieces:
        at += len(p.shown)
        out.append(at)
    return out


def _is_data(piece: Piece | None) -> bool:
    return piece is not None and piece.key is not None and not piece.hint


def _mapped(b: int, ops: Sequence[tuple[str, int, int, int, int]], left_data: bool) -> int:
    """Where old position `b` (a piece boundary) lands in the new text; text added at a boundary joins a data piece."""
    late = None
    for op, i1, i2, j1, j2 in ops:
        if op == "equal" and i1 <= b <= i2:
            late = j1 + (b - i1)
            if b < i2 or not left_data:
                return late
        elif op != "equal" and i1 < b < i2:
            return j1 + round((b - i1) * (j2 - j1) / (i2 - i1))
        elif op == "insert" and i1 == b and left_data:
            return j2
        elif op in ("insert", "replace", "delete") and i1 == b and late is None:
            return j1
    return late if late is not None else 0


def new_pieces(old: str, new: str, pieces: tuple[Piece, ...]) -> list[str]:
    """The new text of each piece of `old`, following the character diff from `old` to `new`."""
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    bounds = _boundaries(pieces)
    mapped = [0] + [_mapped(b, ops, _is_data(pieces[k])) for k, b in enumerate(bounds[1:-1])] + [len(new)]
    return [new[mapped[k] : max(mapped[k], mapped[k + 1])] for k in range(len(pieces))]


def value_from(piece: Piece, printed: str) -> str:
    """The data value that prints as `printed` where `piece` printed its old value (a generated 。 taken off again)."""
    cleaned = clean(piece.value)
    added = piece.shown[len(cleaned) :] if piece.shown.startswith(cleaned) else ""
    if added and printed.endswith(added) and not cleaned.endswith(added):
        printed = printed[: -len(added)]
    return keep_lines(piece.value, cleaned, printed.strip())


def keep_lines(raw: str, cleaned: str, new: str) -> str:
    """`new` with the line breaks of a block text the draft printed as one paragraph, where they still fit."""
    body = raw.strip("\n")
    if "\n" not in body or body.replace("\n", "") != cleaned:
        return new
    where = [i for i, ch in enumerate(body) if ch != "\n"]  # printed index → raw index
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, cleaned, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(body[where[i1] : where[i2 - 1] + 1])
        else:
            out.append(new[j1:j2])
        if op != "insert" and i2 < len(where) and where[i2] - where[i2 - 1] > 1:
            out.append(body[where[i2 - 1] + 1 : where[i2]])  # the break between this stretch and the next
    return "".join(out)


# ------------------------------------------------------------------ the whole draft


class _Reader:
    """Walks the aligned paragraphs, collecting edits and the changes it cannot write back, on model paths."""

    def __init__(self, record: Record, reviewed: Reviewed, data: Any) -> None:
        self.record = record
        self.reviewed = reviewed
        self.data = data  # the data as built (model paths resolve against it)
        self.edits: list[Edit] = []
        self.unwritten: list[UnwrittenChange] = []
        self.inserted: dict[Key, int] = {}  # list → how many entries were added after each anchor so far
        self.ids: set[str] = set()  # task ids in use, new tasks' included
        self.removed: dict[str, list[Edit]] = {}  # deleted entries by their text without numbers
        self.added_texts: list[tuple[Edit, str]] = []

    def run(self) -> None:
        old = self.record.snapshot.texts
        pairs = align(old, self.reviewed.texts())
        last: Printed | None = None
        for n, (i, j) in enumerate(pairs):
            source = self.record.snapshot.sources[i] if i is not None else None
            if i is not None and j is not None:
                if _norm(old[i]) != _norm(self.reviewed.paragraphs[j].text):
                    self.changed(source, old[i], self.reviewed.paragraphs[j].text)
            elif i is not None:
                self.deleted(source, old[i])
            elif j is not None:
                self.added(self.reviewed.paragraphs[j].text, last, self._next_source(pairs, n))
            if i is not None:
                last = source  # a paragraph added next joins this one's list, if it has one
        self.moves()

    def _next_source(self, pairs: list[tuple[int | None, int | None]], n: int) -> Printed | None:
        for i, _ in pairs[n + 1 :]:
            if i is not None:
                return self.record.snapshot.sources[i]
        return None

    # a paragraph whose text changed
    def changed(self, source: Printed | None, old: str, new: str) -> None:
        if source is None:
            if old.strip():
                self.unwritten.append(
                    UnwrittenChange(
                        short(new),
                        f"改动了模板或表格中的文字（原为“{short(old)}”），不会写回数据",
                        "请在 templates/ 中的模板里修改，或改对应的数据",
                    )
                )
            else:
                self.added(new, None, None)
            return
        if "".join(p.shown for p in source.pieces) != old:
            self.unwritten.append(UnwrittenChange(short(new), "这一段无法逐项对应到数据，未写回", source.hint))
            return
        for piece, text in zip(source.pieces, new_pieces(old, new, source.pieces), strict=True):
            if _norm(text) != _norm(piece.shown):
                self.piece_changed(piece, text, new)

    def piece_changed(self, piece: Piece, text: str, paragraph: str) -> None:
        if piece.key is None:
            message = f"“{short(piece.shown, 24)}”改为“{short(text, 24)}”：这部分由工具生成，不会写回"
            self.unwritten.append(UnwrittenChange(short(paragraph), message, _date_fix(piece.hint, text)))
        elif piece.key[-1] == "units":
            self.units_changed(piece, text, paragraph)
        elif "metrics" in piece.key:
            self.metric_changed(piece, text, paragraph)
        else:
            new = value_from(piece, text)
            if piece.key[:1] == ("next_year",) and piece.key[-1] == "text":
                new, note = split_units_note(new)
                self.next_year_units(piece.key[:-1], note)
            if new != clean(piece.value):
                self.edits.append(Edit(piece.key, piece.value, new, "set"))

    def next_year_units(self, entry: Key, note: dict[str, Any] | None) -> None:
        """Units and a deadline a reviewer wrote after a next-year entry (〔牵头单位：…〕) become its keys."""
        for name, value in (note or {}).items():
            if value:
                shown = "、".join(value) if isinstance(value, list) else str(value)
                self.edits.append(Edit((*entry, name), "", shown, "set", SetValue((*entry, name), value)))

    def metric_changed(self, piece: Piece, text: str, paragraph: str) -> None:
        value, previous, unit, name = piece.value.split("|", 3)
        key = format_path(piece.key or ())
        proposal = propose_metric(text, clean(name), _num(value), _num(previous), unit)
        fix = f"如确要改，请把 {key}.value 改为 {proposal}" if proposal is not None else f"请改 {key} 的 value 或 previous"
        message = f"指标句“{short(piece.shown, 30)}”改为“{short(text, 30)}”：同比句由指标计算，不会直接写回"
        self.unwritten.append(UnwrittenChange(short(paragraph), message, fix, key))

    def units_changed(self, piece: Piece, text: str, paragraph: str) -> None:
        assert piece.key is not None
        task = piece.key[:-1]
        old, new = read_units_note(piece.shown), read_units_note(text)
        if new is None:
            self.unwritten.append(
                UnwrittenChange(
                    short(paragraph),
                    f"〔〕中的单位和时限无法读取（“{short(text, 30)}”）",
                    "请写成〔牵头单位：…；责任单位：…；完成时限：…〕",
                )
            )
            return
        for name in ("lead", "responsible", "due"):
            if (old or {}).get(name) != new.get(name):
                self.edits.append(Edit((*task, name), "、".join(_list((old or {}).get(name))), "、".join(_list(new.get(name))), "set"))
                self.edits[-1].raw = SetValue((*task, name), new.get(name))

    # a paragraph removed
    def deleted(self, source: Printed | None, old: str) -> None:
        if not old.strip():
            return
        if source is None:
            self.unwritten.append(
                UnwrittenChange(short(old), "删除了模板或表格中的文字，不会写回数据", "请在 templates/ 中的模板里修改，或改对应的数据")
            )
        elif source.entry is not None:
            self.edits.append(Edit(source.entry, old, "", "delete"))
            self.removed.setdefault(_move_key(old), []).append(self.edits[-1])
        elif source.clear is not None:
            self.edits.append(Edit(source.clear, old, "", "set"))
        else:
            self.unwritten.append(UnwrittenChange(short(old), "删除了由工具生成的段落，不会写回数据", source.hint))

    # a paragraph added
    def added(self, text: str, before: Printed | None, after: Printed | None) -> None:
        if not text.strip():
            return
        if before is not None and before.sibling_list is not None and before.entry is not None:
            index = int(before.entry[-1]) + 1
            kind, where = before.kind, before.sibling_list
        elif after is not None and after.entry is not None and after.sibling_list is not None:
            index, kind, where = int(after.entry[-1]), after.kind, after.sibling_list
        else:
            self.unwritten.append(UnwrittenChange(short(text), "新增的段落找不到对应的数据位置，未写回", "请在数据文件中相应位置手工添加"))
            return
        slot: Key = where + (index,)
        order = self.inserted.get(slot, 0)
        self.inserted[slot] = order + 1
        value = new_entry(kind, text, self.data, where)
        if isinstance(value, dict) and "id" in value:
            self.ids = self.ids or {*_task_ids(self.data)}
            value["id"] = _free_id(self.ids)
        self.edits.append(Edit(slot, "", short(text, 60), "insert", InsertEntry(where, index + order, value)))
        self.added_texts.append((self.edits[-1], _move_key(text)))

    def moves(self) -> None:
        """A paragraph deleted in one place and the same text added in another is an entry moved, all its keys with it."""
        for edit, key in self.added_texts:
            gone = self.removed.get(key)
            if not gone or not isinstance(edit.raw, InsertEntry):
                continue
            deleted = gone.pop(0)
            if _list_name(deleted.key) != _list_name(edit.raw.path):
                continue
            raw = _get(self.data, raw_path(self.data, deleted.key)[0])
            edit.raw = InsertEntry(edit.raw.path, edit.raw.index, copy.deepcopy(raw))
            edit.moved, deleted.moved = deleted.key, edit.key


def _date_fix(hint: str, text: str) -> str:
    """For an edited 成文日期: the `date` that prints it."""
    from reporter.content.provenance import COMPUTED_HINTS

    m = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", squeeze(text))
    if hint != COMPUTED_HINTS["date"] or m is None:
        return hint
    return f"{hint}；如确要改，请写 date: {int(m[1])}-{int(m[2]):02d}-{int(m[3]):02d}"


def _move_key(text: str) -> str:
    from reporter.content.numbering import strip_marker

    return squeeze(_ORDINAL.sub("", strip_marker(text.strip()), count=1))


def _list_name(path: Key) -> str:
    names = [p for p in path if isinstance(p, str)]
    return names[-1] if names else ""


def _num(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def propose_metric(sentence: str, name: str, value: float | None, previous: float | None, unit: str) -> str | None:
    """The `value` that would print the edited sentence: its first figure, or the one its new 同比 rate implies."""
    from reporter.core.text import fmt_number

    rest = sentence.replace(name, "", 1)
    figures = re.findall(r"\d+(?:\.\d+)?", rest)
    if not figures:
        return None
    first = float(figures[0])
    if value is None or first != value or previous is None or len(figures) < 2:
        return fmt_number(first)
    rate = float(figures[1])
    falling = "下降" in rest or "减少" in rest
    if unit.strip() in ("%", "％", "百分比"):
        return fmt_number(round(previous - rate if falling else previous + rate, 2))
    return fmt_number(round(previous * (1 - rate / 100 if falling else 1 + rate / 100), 2))


def _split_title(text: str) -> tuple[str, str]:
    """“标题。正文” → (标题, 正文) when the first sentence is short enough to be a lead; else ("", text)."""
    head, sep, rest = text.partition("。")
    if sep and rest.strip() and len(head) <= 40:
        return head.strip(), rest.strip()
    return "", text.strip()


def _task_ids(data: Any) -> list[str]:
    sections = data.get("sections", []) if isinstance(data, dict) else []
    return [str(t.get("id", "")) for s in sections or [] if isinstance(s, dict) for t in s.get("tasks", []) or [] if isinstance(t, dict)]


def _free_id(taken: set[str]) -> str:
    """The next number after every numeric task id in use (the new one taken too)."""
    new = str(max((int(i) for i in taken if i.isdigit()), default=0) + 1)
    taken.add(new)
    return new


def split_units_note(text: str) -> tuple[str, dict[str, Any] | None]:
    """(text, {lead, responsible, due}) of a text ending in a readable 〔牵头单位：…〕 note; else (text, None)."""
    m = _UNITS_NOTE.search(text)
    note = read_units_note(m.group().strip()) if m else None
    if m is None or note is None:
        return text, None
    return text[: m.start()].strip(), note


def new_entry(kind: str, text: str, data: Any, where: Key) -> Any:
    """The data entry a paragraph added beside entries of `kind` stands for."""
    from reporter.content.causes import split_cause
    from reporter.content.numbering import strip_marker

    body = strip_marker(text.strip())
    if kind == "problem":
        problem, cause = split_cause(_ORDINAL.sub("", body, count=1).strip())
        return {"text": problem.strip().removesuffix("。"), "cause": cause.strip()} if cause else {"text": problem.strip()}
    if kind in ("item", "entry", "task"):
        note = None
        if kind == "task" or where[:1] == ("next_year",):
            body, note = split_units_note(body)
        title, rest = _split_title(body)
        entry: dict[str, Any] = {"id": ""} if kind == "task" else {}
        entry.update(
            {"title": title or body, "text": rest} if kind == "task" else ({"title": title, "text": rest} if title else {"text": body})
        )
        if kind == "entry" and where[:1] == ("next_year",) and not title:
            entry = {"title": body}
        entry.update({k: v for k, v in (note or {}).items() if v})
        return entry
    return body


# ------------------------------------------------------------------ model paths → the file's own paths, three ways


def _get(data: Any, path: Key) -> Any:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def raw_path(data: Any, key: Key) -> tuple[Key, Key]:
    """The path in the file for model path `key`, and what is left of `key` below a value written as a plain string.

    `preface: 文字` holds preface[0] itself; `- 文字` in items holds that item's text (its plain field).
    """
    at: Any = data
    for n, part in enumerate(key):
        if isinstance(at, str) or at is None and n > 0 and isinstance(part, str):
            return key[:n], key[n:]
        if isinstance(at, list) and isinstance(part, int) and part < len(at):
            at = at[part]
        elif isinstance(at, dict):
            at = at.get(part)
        else:
            return key[:n], key[n:]
    return key, ()


def _list_map(base: list[Any], current: list[Any]) -> dict[int, int]:
    """Base index → current index of list entries that are still there (unchanged, or changed where they stood)."""
    import json

    def dump(v: Any) -> str:
        return json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)

    out: dict[int, int] = {}
    ops = difflib.SequenceMatcher(None, [dump(v) for v in base], [dump(v) for v in current], autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in ops:
        if op == "equal" or op == "replace" and i2 - i1 == j2 - j1:
            out.update(zip(range(i1, i2), range(j1, j2), strict=True))
    return out


def map_path(base: Any, current: Any, path: Key) -> Key | None:
    """Where `path` of the data as built stands in the data now (entries moved by later edits followed); None if gone."""
    out: list[str | int] = []
    b, c = base, current
    for part in path:
        if isinstance(part, int):
            if not isinstance(b, list) or not isinstance(c, list):
                return None
            mapped = _list_map(b, c).get(part) if part < len(b) else len(c) + part - len(b)
            if mapped is None:
                return None
            out.append(mapped)
            b, c = (b[part] if part < len(b) else None), (c[mapped] if mapped < len(c) else None)
        else:
            out.append(part)
            b, c = (b.get(part) if isinstance(b, dict) else None), (c.get(part) if isinstance(c, dict) else None)
    return tuple(out)


def _plain_field(raw: Key) -> str:
    names = [p for p in raw if isinstance(p, str)]
    return PLAIN_FIELDS.get(names[-1], "text") if names else "text"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return _norm(clean(a)) == _norm(clean(b))
    if isinstance(a, list) and isinstance(b, str) or isinstance(a, str) and isinstance(b, list):
        return _same("、".join(_list(a)), "、".join(_list(b)))
    return bool(a == b) or not a and not b


class _Merge:
    """Turns model-path edits into changes of the file as it is now; a value changed on both sides is a conflict."""

    def __init__(self, base: Any, current: Any) -> None:
        self.base, self.current = base, current
        self.changes: list[Change] = []
        self.conflicts: list[Edit] = []
        self.whole: dict[Key, dict[str, Any]] = {}  # string entries turned into mappings
        self.ids: set[str] = set()  # task ids of the current file, new ones included

    def take(self, edit: Edit) -> Edit | None:
        """The edit with its change of the current file (None: already made there, or a conflict)."""
        if edit.action == "insert":
            return self._insert(edit)
        raw, rest = raw_path(self.base, edit.key)
        where = map_path(self.base, self.current, raw)
        if where is None:
            if edit.action != "delete":  # an entry removed on both sides is simply gone
                self.conflicts.append(Edit(edit.key, "（这一项已从数据文件中删除或移动）", edit.new, "conflict"))
            return None
        edit.at = where + rest
        if edit.action == "delete":
            return self._delete(edit, raw, where, rest)
        return self._set(edit, raw, where, rest)

    def _conflict(self, edit: Edit, now: Any, at: Key | None = None) -> None:
        self.conflicts.append(Edit(edit.key, _text(now), edit.new, "conflict", at=at))

    def _set(self, edit: Edit, raw: Key, where: Key, rest: Key) -> Edit | None:
        base_value, now = _get(self.base, raw), _get(self.current, where)
        new: Any = edit.raw.value if isinstance(edit.raw, SetValue) else edit.new
        if not rest:
            if isinstance(now, str) and isinstance(new, list):
                new = "、".join(new)
            if not _same(base_value, now):
                if not _same(now, new):
                    self._conflict(edit, now, edit.at)
                return None
            edit.raw = SetValue(where, new)
            return edit
        if base_value is None and now is None and len(rest) == 1:
            edit.raw = SetValue(where, {str(rest[0]): new})  # a mapping not yet in the file (intros:, headings:)
            return edit
        if not _same(base_value, now):
            self._conflict(edit, now, edit.at)
            return None
        if rest == (0,) or rest == (_plain_field(raw),):
            edit.raw = SetValue(where, new)
            return edit
        mapping = self.whole.setdefault(where, {_plain_field(raw): now})
        mapping[str(rest[0])] = new
        edit.raw = SetValue(where, dict(mapping))
        return edit

    def _delete(self, edit: Edit, raw: Key, where: Key, rest: Key) -> Edit | None:
        if not _same(_get(self.base, raw), _get(self.current, where)):
            self._conflict(edit, _get(self.current, where), edit.at)
            return None
        edit.raw = SetValue(where, []) if rest == (0,) else DeleteEntry(where)
        return edit

    def _insert(self, edit: Edit) -> Edit | None:
        assert isinstance(edit.raw, InsertEntry)
        change = edit.raw
        raw, rest = raw_path(self.base, change.path)
        where = map_path(self.base, self.current, raw)
        now = _get(self.current, where) if where is not None else None
        if where is None:
            self.conflicts.append(Edit(edit.key, "", edit.new, "conflict"))
            return None
        if edit.moved is not None and map_path(self.base, self.current, raw_path(self.base, edit.moved)[0]) is None:
            return None  # the entry has left its old place already: moved by an earlier run of --write
        if isinstance(now, list) and edit.moved is None and _written_before(change.value, now):
            return None  # written by an earlier run of --write
        if isinstance(change.value, dict) and "id" in change.value and change.value["id"] in _task_ids(self.current):
            self.ids = self.ids or {*_task_ids(self.current)}
            change = InsertEntry(change.path, change.index, {**change.value, "id": _free_id(self.ids)})
        if isinstance(now, str) or now is None:
            # a single paragraph written as a string (or none yet) becomes a list of paragraphs
            items = [now] if isinstance(now, str) else []
            items.insert(min(change.index, len(items)), change.value)
            edit.raw = SetValue(where, items)
            return edit
        anchor = map_path(self.base, self.current, (*raw, change.index - 1)) if change.index > 0 else None
        index = (anchor[-1] + 1 if anchor is not None and isinstance(anchor[-1], int) else change.index) if change.index > 0 else 0
        edit.raw = InsertEntry(where, min(index, len(now)), change.value)
        edit.at = where + (edit.raw.index,)
        return edit


def _written_before(value: Any, entries: list[Any]) -> bool:
    """An entry already in the list (a task compared without its id, which a second run numbers anew)."""
    if isinstance(value, dict) and "id" in value:
        bare = {k: v for k, v in value.items() if k != "id"}
        return any(isinstance(e, dict) and {k: v for k, v in e.items() if k != "id"} == bare for e in entries)
    return value in entries


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def merge_edits(edits: list[Edit], base: Any, current: Any) -> tuple[list[Edit], list[Change], list[Edit]]:
    """(edits to write, the changes of the current file they make, conflicts)."""
    merge = _Merge(base, current)
    ready = [e for e in (merge.take(edit) for edit in edits) if e is not None]
    changes: dict[Any, Change] = {}
    for e in ready:
        assert e.raw is not None
        # several fields of one string entry turned into a mapping: its last, fullest form is the one change
        slot: Any = ("set", e.raw.path) if isinstance(e.raw, SetValue) and e.raw.path in merge.whole else id(e)
        changes[slot] = e.raw
    return ready, list(changes.values()), merge.conflicts


# ------------------------------------------------------------------ reading a draft, writing the data


@dataclass
class DataFile:
    """The data file a draft was built from, as it is now."""

    path: Path
    shown: str
    text: str
    encoding: str


def _comment_key(source: Printed | None) -> str:
    if source is None:
        return "（模板或表格中的文字）"
    keys = [p.key for p in source.pieces if p.key is not None]
    key = source.entry or (keys[0] if keys else None)
    return format_path(key) if key else "（由工具生成的文字）"


def comments(record: Record, reviewed: Reviewed) -> list[Note]:
    """Every comment with the key of the paragraph it marks (a paragraph added in review: the one before it)."""
    pairs = align(record.snapshot.texts, reviewed.texts())
    old_of: dict[int, int | None] = {}
    last: int | None = None
    for i, j in pairs:
        last = i if i is not None else last
        if j is not None:
            old_of[j] = i if i is not None else last
    out = []
    for c in reviewed.comments:
        i = old_of.get(c.paragraph)
        source = record.snapshot.sources[i] if i is not None else None
        out.append(Note(c.author, c.text, c.anchor, _comment_key(source)))
    return out


def read_review(record: Record, reviewed: Reviewed, data: DataFile) -> tuple[Review, list[Change]]:
    """What the reviewed draft changes in `data`, merged three ways against the data as the draft was built."""
    import yaml

    base = yaml.safe_load(record.data_text)
    current = yaml.safe_load(data.text)
    reader = _Reader(record, reviewed, base)
    reader.run()
    edits, changes, conflicts = merge_edits(reader.edits, base, current)
    review = Review(record, edits, reader.unwritten, conflicts, comments(record, reviewed), data.text)
    _lines(review, data.text)
    return review, changes


def _lines(review: Review, text: str) -> None:
    """The line in the current file of each edit and conflict (the nearest existing key above a new one)."""
    from reporter.data.yamledit import compose, find

    try:
        root = compose(text)
    except Exception:  # a broken file is reported when it is loaded; lines are a courtesy
        return
    for edit in review.edits + review.conflicts:
        path = edit.raw.path if edit.raw is not None else edit.at if edit.at is not None else raw_path(_get_safe(text), edit.key)[0]
        while path:
            _, node = find(root, path)
            if node is not None:
                edit.line = node.start_mark.line + 1
                break
            path = path[:-1]


def _get_safe(text: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


# ------------------------------------------------------------------ how an edit reads in one line


def excerpt(old: str, new: str, around: int = 10) -> tuple[str, str]:
    """The changed stretch of two long texts with a little context: “…学习4次，…” → “…学习5次，…”."""
    old, new = old.replace("\n", " "), new.replace("\n", " ")
    if len(old) <= 40 and len(new) <= 40:
        return old, new
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    start = max(0, head - around)

    def cut(text: str) -> str:
        end = min(len(text), len(text) - tail + around)
        return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")

    return cut(old), cut(new)


def describe(edit: Edit) -> str:
    """`old → new`, `删除“…”` or `新增“…”`."""
    if edit.action == "delete":
        moved = f"（移到 {format_path(edit.moved)}）" if edit.moved is not None else ""
        return f"{'移走' if moved else '删除'}“{short(edit.old, 30)}”{moved}"
    if edit.action == "insert":
        if edit.moved is not None:
            return f"移入“{short(edit.new, 40)}”（原为 {format_path(edit.moved)}，其余的键随之移动）"
        return f"新增“{short(edit.new, 40)}”"
    old, new = excerpt(edit.old, edit.new)
    return f"{old or '（空）'} → {new or '（空）'}"
