"""One unit's figures for one metric as read from its file (report YAML, Word table, metrics sheet, returned pack):
the one type merge adds up."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class MetricEntry:
    """One metric as a unit gave it, and where: `line` is the YAML line or the sheet row, counted from 1 as shown.

    `measure` is its unit of measure (件, %); `unit_name` the organisation that gave it, set once the file's unit is known;
    `note` what the unit wrote beside it (a sheet's 备注).
    """

    file: str
    line: int
    name: str
    measure: str = ""
    value: float | None = None
    previous: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    na: bool = False
    unit_name: str = ""
    note: str = ""
