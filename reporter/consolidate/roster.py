"""Who must submit (unit.yaml `members:`) and which member a submitted file belongs to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reporter.core.bounded import shown_name
from reporter.core.text import name_key
from reporter.data.model import Member

# "县公安局-统计表.xlsx": the unit is named before the first dash (half- or full-width).
_SUFFIX = re.compile(r"\s*[-－—–_].*$")


# One spelling for names compared across files (core.text): units, metrics and `check` match alike.
normalise = name_key


def file_unit(path: Path) -> str:
    """The unit a file names: its stem before an optional "-…" suffix (a GBK-named file read as GBK)."""
    stem = shown_name(path.stem)
    return _SUFFIX.sub("", stem).strip() or stem.strip()


@dataclass
class Roster:
    """The members in roster order, with every name and alias pointing at the member's full name."""

    members: list[Member] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._names: dict[str, str] = {}
        for member in self.members:
            for name in (member.name, *member.aliases):
                self._names.setdefault(normalise(name), member.name)

    @property
    def names(self) -> list[str]:
        return [m.name for m in self.members]

    def match(self, text: str) -> str | None:
        """The member `text` names exactly (full name or alias), else the one whose name it starts with, else the one it ends."""
        key = normalise(text)
        if key in self._names:
            return self._names[key]
        # "县公安局2024年法治政府建设情况" names 县公安局: the longest name it starts with wins
        starts = [n for n in self._names if key.startswith(n)]
        if starts:
            return self._names[max(starts, key=len)]
        # "县审计局" for 青禾县审计局: a short form that ends exactly one member's name
        ends = {self._names[n] for n in self._names if len(key) >= 3 and n.endswith(key)}
        return ends.pop() if len(ends) == 1 else None

    def unit_of(self, path: Path, declared: str | None = None) -> tuple[str, bool]:
        """(unit name, in roster) for a file: a `unit:` key in it beats its file name."""
        for text in (declared, file_unit(path), shown_name(path.stem)):
            if text:
                found = self.match(text)
                if found is not None:
                    return found, True
        return (declared or "").strip() or file_unit(path), False
