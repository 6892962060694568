"""Write small BIFF8 .xls workbooks for tests: an OLE compound file holding a Workbook stream of chosen records.

Enough of the format for calamine to read (and for hostile shapes: far cells, false dimensions, broken chains).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

ENDOFCHAIN, FREESECT, FATSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
GENERAL, PERCENT, PERCENT_CUSTOM, DATE = 0, 1, 2, 3  # the XF indexes written below


def record(typ: int, data: bytes) -> bytes:
    return struct.pack("<HH", typ, len(data)) + data


def number(row: int, col: int, value: float, xf: int = GENERAL) -> bytes:
    return record(0x0203, struct.pack("<HHHd", row, col, xf, value))


def blank(row: int, col: int) -> bytes:
    return record(0x0201, struct.pack("<HHH", row, col, GENERAL))


def label_sst(row: int, col: int, index: int) -> bytes:
    return record(0x00FD, struct.pack("<HHHI", row, col, GENERAL, index))


def dimensions(rows: int, cols: int) -> bytes:
    return record(0x0200, struct.pack("<IIHHH", 0, rows, 0, cols, 0))


def _unicode(text: str, count_bytes: int = 2) -> bytes:
    wide = any(ord(ch) > 0xFF for ch in text)
    raw = text.encode("utf-16-le") if wide else text.encode("latin-1")
    return struct.pack("<H" if count_bytes == 2 else "<B", len(text)) + bytes([1 if wide else 0]) + raw


@dataclass
class Sheet:
    """A worksheet: cells by (row, column) (str, float or (float, xf)), plus raw records placed after them."""

    name: str = "Sheet1"
    cells: dict[tuple[int, int], object] = field(default_factory=dict)
    raw: list[bytes] = field(default_factory=list)
    declared: tuple[int, int] | None = None  # DIMENSIONS (rows, columns); the cells' extent when None
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # first row, last row, first col, last col


def defined_name(name: str) -> bytes:
    """A LBL record: a defined name (latin letters) standing for nothing in particular."""
    return record(0x0018, struct.pack("<HBBHHHI", 0, 0, len(name), 0, 0, 0, 0) + b"\0" + name.encode("latin-1"))


def formula_of_names(row: int, col: int, count: int) -> bytes:
    """A FORMULA record: name 1 + name 1 + … (COUNT references), a cached number."""
    rgce = b"\x23" + struct.pack("<I", 1) + (b"\x23" + struct.pack("<I", 1) + b"\x03") * (count - 1)
    return record(0x0006, struct.pack("<HHHdHI", row, col, GENERAL, 0.0, 0, 0) + struct.pack("<H", len(rgce)) + rgce)


def _globals(sheets: list[Sheet], strings: list[str], positions: list[int], names: tuple[str, ...] = ()) -> bytes:
    out = record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x0206))
    out += record(0x0042, struct.pack("<H", 1200))
    out += record(0x041E, struct.pack("<H", 164) + _unicode("0.0%"))
    for fmt in (0, 10, 164, 14):  # GENERAL, PERCENT, PERCENT_CUSTOM, DATE
        out += record(0x00E0, struct.pack("<HHH", 0, fmt, 0) + b"\0" * 14)
    out += b"".join(defined_name(n) for n in names)
    for sheet, pos in zip(sheets, positions, strict=True):
        out += record(0x0085, struct.pack("<IBB", pos, 0, 0) + _unicode(sheet.name, 1))
    if strings:
        body = struct.pack("<II", len(strings), len(strings)) + b"".join(_unicode(s) for s in strings)
        assert len(body) <= 8224, "keep test strings short: one SST record"
        out += record(0x00FC, body)
    return out + record(0x000A, b"")


def _sheet(sheet: Sheet, strings: list[str]) -> bytes:
    cells = b""
    for (row, col), value in sorted(sheet.cells.items()):
        if isinstance(value, str):
            if value not in strings:
                strings.append(value)
            cells += label_sst(row, col, strings.index(value))
        elif isinstance(value, tuple):
            cells += number(row, col, float(value[0]), int(value[1]))
        else:
            cells += number(row, col, float(value))  # type: ignore[arg-type]
    rows = max((r for r, _ in sheet.cells), default=-1) + 1
    cols = max((c for _, c in sheet.cells), default=-1) + 1
    declared = sheet.declared or (rows, cols)
    merges = b""
    if sheet.merges:
        merges = record(0x00E5, struct.pack("<H", len(sheet.merges)) + b"".join(struct.pack("<HHHH", *m) for m in sheet.merges))
    bof = record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 0x0206))
    return bof + dimensions(*declared) + cells + b"".join(sheet.raw) + merges + record(0x000A, b"")


def workbook_stream(sheets: list[Sheet], names: tuple[str, ...] = ()) -> bytes:
    strings: list[str] = []
    bodies = [_sheet(s, strings) for s in sheets]
    size = len(_globals(sheets, strings, [0] * len(sheets), names))
    positions = []
    for body in bodies:
        positions.append(size)
        size += len(body)
    return _globals(sheets, strings, positions, names) + b"".join(bodies)


def _entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    raw = (name + "\0").encode("utf-16-le") if name else b""
    out = raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1 if name else 0)
    out += struct.pack("<III", FREESECT, FREESECT, child) + b"\0" * 36 + struct.pack("<II", start, size) + b"\0" * 4
    return out


def compound(stream: bytes, name: str = "Workbook") -> bytes:
    """A version-3 compound file (512-byte sectors) holding STREAM, padded past the mini-stream cutoff."""
    stream = stream.ljust(4096, b"\0")
    n_stream = -(-len(stream) // 512)
    n_fat = 1
    while n_fat * 128 < n_fat + 1 + n_stream:
        n_fat += 1
    fat = [FATSECT] * n_fat + [ENDOFCHAIN]
    first = len(fat)
    fat += [first + i + 1 for i in range(n_stream - 1)] + [ENDOFCHAIN]
    fat += [FREESECT] * (n_fat * 128 - len(fat))
    difat = list(range(n_fat)) + [FREESECT] * (109 - n_fat)
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
    header += b"\0" * 6 + struct.pack("<IIIIIIIII", 0, n_fat, n_fat, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
    header += struct.pack("<109I", *difat)
    directory = _entry("Root Entry", 5, 1, ENDOFCHAIN, 0) + _entry(name, 2, FREESECT, first, len(stream))
    directory += _entry("", 0, FREESECT, 0, 0) * 2
    body = struct.pack(f"<{len(fat)}I", *fat) + directory + stream.ljust(n_stream * 512, b"\0")
    return header + body


def xls(*sheets: Sheet, names: tuple[str, ...] = ()) -> bytes:
    return compound(workbook_stream(list(sheets) or [Sheet()], names))
