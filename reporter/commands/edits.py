"""`edits DRAFT.docx [--write]`: carry a reviewed draft's changes back into the YAML it was built from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reporter.core.diagnostics import Diagnostic
from reporter.core.errors import DataError, ImportFormatError, MissingFileError
from reporter.data.workspace import Workspace

if TYPE_CHECKING:  # the review machinery loads only when a draft is read
    from reporter.consolidate.review import DataFile, Review
    from reporter.data.yamledit import Change
    from reporter.document.draft.build_record import Record

MAX_DRAFT = 100 * 1024 * 1024


@dataclass
class EditsResult:
    """What a reviewed draft changes, and what `--write` did with it."""

    draft: str
    data_file: str
    review: Review
    recognised_by: str = "id"  # "id": the draft's own id; "text": by its content (the id was lost)
    written: Path | None = None
    backup: Path | None = None
    notes: list[str] = field(default_factory=list)


def _draft_bytes(draft: Path) -> bytes:
    if not draft.is_file():
        raise MissingFileError(f"找不到初稿 {draft}")
    if draft.suffix.lower() in (".doc", ".wps", ".pdf"):
        raise ImportFormatError(f"{draft.name} 不是 .docx 文件；请在 Word/WPS 中另存为 .docx 后再运行")
    if draft.stat().st_size > MAX_DRAFT:
        raise ImportFormatError(f"{draft.name} 过大（超过 100 MB），不像是一份初稿")
    return draft.read_bytes()


def _unit_draft(ws: Workspace, draft: Path) -> bool:
    """A draft of `build report --units` (drafts/YEAR/units/): made without a record of its data."""
    try:
        inside = draft.resolve().relative_to(ws.drafts.resolve()).parts
    except ValueError:
        return False
    return len(inside) == 3 and inside[1] == "units"


def _record(ws: Workspace, data: bytes, texts: list[str], name: str) -> tuple[Record, str]:
    """The build record of a draft: by the id it carries, else the record whose paragraphs it resembles most."""
    from reporter.core.textdiff import similarity, squeeze
    from reporter.document.draft.build_record import all_records, find
    from reporter.document.draft.draft_id import read_id

    draft_id = read_id(data)
    record = find(ws.drafts, draft_id) if draft_id else None
    if record is not None:
        return record, "id"
    mine = squeeze("".join(texts[:80]))
    scored = [(similarity(mine, squeeze("".join(r.snapshot.texts[:80]))), r) for r in all_records(ws.drafts)]
    best = max(scored, key=lambda s: s[0], default=None)
    if best is None or best[0] < 0.6:
        where = "它带有初稿编号，但 drafts/ 中没有对应的生成记录（.reporter-sources）" if draft_id else "它不带初稿编号"
        raise MissingFileError(f"{name} 不是在本工作目录中生成的初稿（{where}）；请在生成它的工作目录中运行，或用 --root 指定该目录")
    return best[1], "text"


def _data_file(ws: Workspace, record: Record) -> DataFile:
    from reporter.consolidate.review import DataFile
    from reporter.data.yamlsource import decode

    path = ws.root / record.data_file
    if not record.data_text:
        raise MissingFileError(
            f"这份初稿生成时还没有 {record.data_file}（按上一年报告临时生成），修改无法写回；"
            f"请先运行 reporter init plan {record.year} 生成该文件，在其中修改后重新生成"
        )
    if not path.is_file():
        raise MissingFileError(f"找不到初稿的数据文件 {record.data_file}；它被移走或改名了吗？")
    text, encoding, _ = decode(path.read_bytes(), record.data_file)
    return DataFile(path, record.data_file, text, encoding)


def edits(root: Path, draft: Path, *, write: bool = False) -> EditsResult:
    """Read `draft`, map its changes to the data; with `write`, make them in the YAML (backup first)."""
    from reporter.consolidate.review import read_review
    from reporter.document.draft.reviewed import read_reviewed

    ws = Workspace(root)
    ws.check_root()
    data = _draft_bytes(draft)
    if _unit_draft(ws, draft):  # said before the draft is parsed: nothing of it could be used
        raise MissingFileError(
            f"{draft.name} 是 build report --units 生成的单位报告，生成时不记录数据，修改无法自动写回；"
            f"请把修改写入 data/{draft.parent.parent.name}/units/ 中该单位的材料（或请单位改后重报），再重新生成"
        )
    reviewed = read_reviewed(data, draft.name)
    record, how = _record(ws, data, reviewed.texts(), draft.name)
    source = _data_file(ws, record)
    _loads(ws, source, record)
    review, changes = read_review(record, reviewed, source)
    result = EditsResult(draft.name, source.shown, review, how)
    if how == "text":
        result.notes.append(
            f"{draft.name} 中的初稿编号已丢失，按内容认定它是 {record.draft or '某次生成的初稿'}（{record.built[:10]} 生成）"
        )
    if write and changes:
        _write(ws, source, record, changes, result)
    return result


def _model(record: Record) -> Any:
    from reporter.data.model import Plan, Report

    return Report if record.kind == "report" else Plan


def _loads(ws: Workspace, source: DataFile, record: Record) -> None:
    """The data file as it is now must load: a broken file is reported, never edited."""
    from reporter.data.loader import load

    load(source.path, _model(record), ws.root)


def _write(ws: Workspace, source: DataFile, record: Record, changes: list[Change], result: EditsResult) -> None:
    import yaml
    from pydantic import ValidationError

    from reporter.core.files import atomic_write
    from reporter.data.yamledit import EditError, apply

    try:
        text = apply(source.text, changes)
    except EditError as exc:
        raise DataError(
            [Diagnostic(source.shown, 0, 0, "", f"无法在原处写入修改（{exc}）；文件未改动", "请按上面列出的修改手工编辑")]
        ) from None
    try:
        _model(record).model_validate(yaml.safe_load(text))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DataError(
            [Diagnostic(source.shown, 0, 0, where, f"写回后的数据不完整（{first['msg']}）；文件未改动", "请手工修改这一处")]
        ) from None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = source.path.with_name(f"{source.path.name}.{stamp}.bak")
    n = 2
    while backup.exists():  # two writes in one second: the earlier backup is kept
        backup = source.path.with_name(f"{source.path.name}.{stamp}-{n}.bak")
        n += 1
    atomic_write(backup, source.path.read_bytes())
    atomic_write(source.path, text.encode(source.encoding))
    result.written, result.backup = source.path, backup
