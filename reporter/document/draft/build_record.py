"""Record at build what printed each paragraph of a draft, beside the draft, keyed by an id the draft carries."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reporter.content.provenance import Key, Printed, Snapshot, match
from reporter.core.errors import OutputError
from reporter.core.files import atomic_write, prepare_dir
from reporter.document.draft.draft_id import stamp
from reporter.document.draft.reviewed import read_reviewed

FOLDER = ".reporter-sources"
VERSION = 1


@dataclass
class Record:
    """What `reporter edits` needs to read a reviewed draft back: the data as built and every paragraph's source."""

    draft_id: str
    kind: str  # "report" or "plan"
    year: int
    data_file: str  # workspace-relative, e.g. data/2024/report.yaml
    data_text: str  # the YAML as it was when the draft was built (the base of a three-way merge)
    snapshot: Snapshot
    draft: str = ""  # the draft's file name as written
    built: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "id": self.draft_id,
            "kind": self.kind,
            "year": self.year,
            "data_file": self.data_file,
            "data_sha256": hashlib.sha256(self.data_text.encode("utf-8")).hexdigest(),
            "data_text": self.data_text,
            "draft": self.draft,
            "built": self.built,
            "paragraphs": [
                {"text": t, "source": s.to_json() if s is not None else None}
                for t, s in zip(self.snapshot.texts, self.snapshot.sources, strict=True)
            ],
        }

    @staticmethod
    def from_json(raw: dict[str, Any]) -> Record:
        texts = [p["text"] for p in raw["paragraphs"]]
        sources = [Printed.from_json(p["text"], p["source"]) if p.get("source") else None for p in raw["paragraphs"]]
        return Record(
            raw["id"],
            raw["kind"],
            int(raw["year"]),
            raw["data_file"],
            raw["data_text"],
            Snapshot(texts, sources),
            raw.get("draft", ""),
            raw.get("built", ""),
        )


def new_id() -> str:
    return secrets.token_hex(16)


def stamped(
    data: bytes, printed: list[Printed], kind: str, year: int, data_file: str, data_text: str, rows: Sequence[tuple[str, Key]] = ()
) -> tuple[bytes, Record]:
    """The draft carrying a new id, and the record of what printed each of its paragraphs (`rows`: its table's keys)."""
    draft_id = new_id()
    out = stamp(data, draft_id)
    reviewed = read_reviewed(out, data_file)
    snapshot = match([(p.text, p.table) for p in reviewed.paragraphs], printed, rows)
    built = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    return out, Record(draft_id, kind, year, data_file, data_text, snapshot, built=built)


def save(record: Record, draft: Path, shown: str) -> Path:
    """Write the record beside the draft (drafts/YEAR/.reporter-sources/ID.json)."""
    folder = draft.parent / FOLDER
    record.draft = draft.name
    prepare_dir(folder, shown)
    target = folder / f"{record.draft_id}.json"
    try:
        atomic_write(target, json.dumps(record.to_json(), ensure_ascii=False).encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"无法写入初稿的生成记录 {shown}（{exc.strerror}）；请检查磁盘空间和权限") from None
    return target


def find(drafts: Path, draft_id: str) -> Record | None:
    """The record of `draft_id` under drafts/ (any year), or None."""
    for path in sorted(drafts.glob(f"*/{FOLDER}/{draft_id}.json")):
        try:
            return Record.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None
    return None


def all_records(drafts: Path) -> list[Record]:
    """Every readable record under drafts/ (to recognise a draft whose id a copy lost), newest first."""
    out = []
    for path in drafts.glob(f"*/{FOLDER}/*.json"):
        try:
            out.append(Record.from_json(json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return sorted(out, key=lambda r: r.built, reverse=True)
