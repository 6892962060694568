"""`pack YEAR` (each member's pack and the 报送通知) and `init indicators YEAR` (the 口径 registry from last year)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from reporter.core.errors import OutputError
from reporter.core.files import Written, atomic_write
from reporter.data.setting import load_setting


@dataclass
class PackResult:
    """What `pack` wrote: the files, the members with their counts, and notes for the user."""

    written: list[Written] = field(default_factory=list)
    members: list[tuple[str, int, int]] = field(default_factory=list)  # (member, indicators, tasks)
    notes: list[str] = field(default_factory=list)


def pack(root: Path, year: int, *, deadline: dt.date | None = None, force: bool = False, today: dt.date | None = None) -> PackResult:
    """drafts/YEAR/报送材料/<单位全称>/ for every member and 报送通知.docx; everything is read and checked before anything is written."""
    from reporter.consolidate.packs import make_packs
    from reporter.document.draft.safe_write import write_drafts

    setting = load_setting(root)
    made = make_packs(setting, year, deadline, today)
    result = PackResult(members=made.members, notes=made.notes)
    folders: dict[Path, list[tuple[Path, bytes, str]]] = {}
    for path, data in made.files:
        folders.setdefault(path.parent, []).append((path, data, setting.ws.rel(path)))
    for batch in folders.values():
        result.written += write_drafts(batch, force=force)
    return result


def init_indicators(root: Path, year: int) -> Written:
    """data/indicators.yaml from data/(YEAR-1)/, commented; an existing registry is never overwritten."""
    from reporter.consolidate.registry_init import from_last_year
    from reporter.data.indicators import parse_indicators
    from reporter.data.yamlsource import Source

    setting = load_setting(root)
    ws = setting.ws
    target = ws.indicators_path
    if target.exists():
        raise OutputError(f"{ws.rel(target)} 已存在，未覆盖（口径登记表是手工维护的）；如确需重新生成，请先把它改名")
    text = from_last_year(setting, year)
    parse_indicators(Source(ws.rel(target), yaml.safe_load(text)))  # what we write must load back
    atomic_write(target, text.encode("utf-8"))
    return Written(target)
