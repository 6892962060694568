"""What a BIFF workbook (.xls, WPS .et) holds, found before calamine parses it: used ranges, text, percent cells.

calamine reads every worksheet of an .xls when it opens it and sizes each one by its cells' farthest corners
(Range::from_sparse), so two cells at A1 and IV65536 — or at a column number only a hand-made file has — ask
for gigabytes. It also trusts the compound file's chains and the DIMENSIONS record. This module walks the same
structures calamine walks (the OLE compound file, the Workbook stream, each sheet's cell records) without
building any cell, so a file is measured, and refused by name, before it is parsed.
"""

from __future__ import annotations

import struct
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

__all__ = ["BiffBook", "BiffError", "SheetExtent", "scan_book"]

_ENDOFCHAIN = 0xFFFFFFFE
_DIFSECT = 0xFFFFFFFC
_STREAMS = ("Workbook", "Book", "WORKBOOK", "BOOK")  # the names calamine looks for, in its order
_BIFF8_ROWS, _BIFF8_COLS = 65_536, 256

# record types (MS-XLS 2.3)
_BOF, _EOF, _CONTINUE, _FILEPASS = 0x0809, 0x000A, 0x003C, 0x002F
_FORMAT, _XF, _BOUNDSHEET, _SST, _DIMENSIONS, _LBL = 0x041E, 0x00E0, 0x0085, 0x00FC, 0x0200, 0x0018
_NUMBER, _RK, _MULRK, _FORMULA, _STRING = 0x0203, 0x027E, 0x00BD, 0x0006, 0x0207
_LABEL, _RSTRING, _LABELSST, _BOOLERR = 0x0204, 0x00D6, 0x00FD, 0x0205


class BiffError(ValueError):
    """The file is not a BIFF workbook calamine can walk safely: broken chains, records out of place."""


@dataclass
class SheetExtent:
    """One worksheet as calamine would hold it: the rectangles its cells and formulas span, counted in cells."""

    index: int
    name: str
    cells: int = 0  # records that make a cell
    rows: int = 0  # the used range from A1 (what the first sheet becomes in Python): rows × columns
    cols: int = 0
    rect: int = 0  # the rectangle between the cells' farthest corners (Range::from_sparse)
    formula_rect: int = 0


@dataclass
class BiffBook:
    """The measures of a workbook, and where its percent-formatted numbers are: sheet index → {row × 65,536 + column}."""

    encrypted: bool = False
    sheets: list[SheetExtent] = field(default_factory=list)
    text: int = 0  # characters of every cell's text as calamine copies it (a shared string once per cell)
    formula_text: int = 0  # characters calamine may write out for the formulas (estimated from their tokens' bytes)
    declared: int = 0  # the largest DIMENSIONS a sheet declares, in cells (calamine reserves room for it)
    percent: dict[int, set[int]] = field(default_factory=dict)


def _u16(data: bytes, at: int) -> int:
    return int(struct.unpack_from("<H", data, at)[0])


def _u32(data: bytes, at: int) -> int:
    return int(struct.unpack_from("<I", data, at)[0])


# ------------------------------------------------------------------ the compound file


class _Compound:
    """The sectors and allocation table of an OLE compound file, every chain checked to end within the file."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512:
            raise BiffError("header")
        shift = _u16(data, 30)
        if shift not in (9, 12) or _u16(data, 32) != 6:
            raise BiffError("sector size")
        self.data, self.size = data, 1 << shift
        self.count = max((len(data) - self.size) // self.size, 0)
        fat_len, mini_len = _u32(data, 44), _u32(data, 64)
        # calamine reserves room for these counts (and for a word it reads across two of them) before reading
        if fat_len > self.count + 1 or mini_len > self.count + 1 or _u32(data, 62) > self.count * 128 + 65_536:
            raise BiffError("header counts")
        self.fat = self._fat(data)
        self.dir_start, self.mini_start, self.mini_len = _u32(data, 48), _u32(data, 60), mini_len

    def sector(self, sid: int) -> bytes:
        if sid >= self.count:
            raise BiffError("sector beyond the file")
        start = (sid + 1) * self.size
        return self.data[start : start + self.size]

    def _fat(self, data: bytes) -> list[int]:
        difat = list(struct.unpack_from("<109I", data, 76))
        sid, seen = _u32(data, 68), 0
        while sid < 0xFFFFFFFA:  # the DIFAT's own chain: its last entry points on
            seen += 1
            if seen > self.count:
                raise BiffError("DIFAT loop")
            entries = struct.unpack(f"<{self.size // 4}I", self.sector(sid))
            difat.extend(entries[:-1])
            sid = entries[-1]
        fat: list[int] = []
        for sid in difat:
            if sid < _DIFSECT:
                fat.extend(struct.unpack(f"<{self.size // 4}I", self.sector(sid)))
        return fat

    def chain(self, start: int, table: list[int], limit: int | None) -> list[int]:
        """Sector ids from START until the end mark (or LIMIT sectors, as calamine stops); a loop or a stray id is refused."""
        ids: list[int] = []
        sid = start
        while sid != _ENDOFCHAIN and (limit is None or len(ids) < limit):
            if sid >= len(table) or len(ids) > len(table):
                raise BiffError("chain")
            ids.append(sid)
            sid = table[sid]
        return ids

    def read(self, start: int, length: int | None) -> bytes:
        limit = None if length is None else -(-length // self.size)
        out = b"".join(self.sector(sid) for sid in self.chain(start, self.fat, limit))
        return out if length is None else out[:length]

    def stream(self) -> bytes:
        """The Workbook stream (Book in BIFF5), read as calamine reads it."""
        directory = self.read(self.dir_start, None)
        entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
        if not entries:
            raise BiffError("no directory")
        names = [e[:64].decode("utf-16-le", "replace").split("\0", 1)[0] for e in entries]
        for wanted in _STREAMS:
            if wanted in names:
                entry = entries[names.index(wanted)]
                break
        else:
            raise BiffError("no Workbook stream")
        start = _u32(entry, 116)
        length = _u32(entry, 120) if self.size == 512 else int(struct.unpack_from("<Q", entry, 120)[0])
        if length >= 4096:
            return self.read(start, length)
        root = entries[0]
        mini = self.read(_u32(root, 116), _u32(root, 120))
        table = self.read(self.mini_start, self.mini_len * self.size) if self.mini_len else b""
        mini_fat = list(struct.unpack(f"<{len(table) // 4}I", table[: len(table) // 4 * 4]))
        ids = self.chain(start, mini_fat, -(-length // 64))
        return b"".join(mini[sid * 64 : sid * 64 + 64] for sid in ids)[:length]


# ------------------------------------------------------------------ the Workbook stream


def _records(stream: bytes, at: int) -> Iterator[tuple[int, bytes, list[bytes]]]:
    """Records from AT, CONTINUE records gathered to the record before them (calamine's RecordIter)."""
    while at + 4 <= len(stream):
        typ, length = _u16(stream, at), _u16(stream, at + 2)
        if at + 4 + length > len(stream):
            raise BiffError("record length")
        data, at = stream[at + 4 : at + 4 + length], at + 4 + length
        more: list[bytes] = []
        while at + 4 < len(stream) and _u16(stream, at) == _CONTINUE:
            n = _u16(stream, at + 2)
            if at + 4 + n > len(stream):
                raise BiffError("continue length")
            more.append(stream[at + 4 : at + 4 + n])
            at += 4 + n
        yield typ, data, more
    if at < len(stream):
        raise BiffError("record header")


def _skip_chars(buffer: bytes, breaks: list[int], at: int, count: int, wide: bool) -> int:
    """Past COUNT characters from AT; where they run on into a CONTINUE record, it starts with its own width flag."""
    while count:
        i = bisect_left(breaks, at)
        stop = breaks[i] if i < len(breaks) else len(buffer)
        if at == stop:  # a record ends here with characters still to come
            if at >= len(buffer):
                raise BiffError("string past its record")
            wide, at = bool(buffer[at] & 1), at + 1
            continue
        size = 2 if wide else 1
        n = min(count, (stop - at) // size)
        if n == 0:
            raise BiffError("character split across records")
        at, count = at + n * size, count - n
    return at


def _sst_lengths(data: bytes, more: list[bytes]) -> list[int]:
    """The length, in characters, of each shared string (MS-XLS 2.4.265), read across its CONTINUE records."""
    buffer = data[8:] + b"".join(more)
    breaks = [len(data) - 8]
    for piece in more:
        breaks.append(breaks[-1] + len(piece))
    lengths: list[int] = []
    at, end = 0, len(buffer)
    while at < end:
        if at + 3 > end:
            raise BiffError("string header")
        count, flags = _u16(buffer, at), buffer[at + 2]
        at += 3
        runs = _u16(buffer, at) if flags & 0x08 else 0
        at += 2 if flags & 0x08 else 0
        extra = _u32(buffer, at) if flags & 0x04 else 0
        at += 4 if flags & 0x04 else 0
        at = _skip_chars(buffer, breaks, at, count, bool(flags & 0x01)) + 4 * runs + extra
        lengths.append(count)
    if at > end:
        raise BiffError("string past its record")
    return lengths


@dataclass
class _Globals:
    encrypted: bool = False
    sheets: list[tuple[int, str]] = field(default_factory=list)  # each sheet's BOF position and name
    formats: dict[int, str] = field(default_factory=dict)
    xf_formats: list[int] = field(default_factory=list)
    strings: list[int] = field(default_factory=list)
    biff8: bool = True
    percent_xfs: frozenset[int] = frozenset()  # the XF indexes whose number format shows a percentage
    formula_factor: int = 3  # characters per formula byte at most: a reference (3) or the longest name per 5 bytes


def _text(data: bytes, at: int, biff8: bool) -> str:
    """A short string of a globals record: BIFF8's counted Unicode string, BIFF5's counted byte string."""
    if not biff8:
        return data[at + 1 : at + 1 + data[at]].decode("latin-1")
    count, wide = data[at], data[at + 1] & 1
    raw = data[at + 2 : at + 2 + count * (2 if wide else 1)]
    return raw.decode("utf-16-le", "replace") if wide else raw.decode("latin-1")


def _format(data: bytes, biff8: bool) -> tuple[int, str]:
    """A FORMAT record: (format id, format code)."""
    if not biff8:
        return _u16(data, 0), _text(data, 2, False)
    count, wide = _u16(data, 2), data[4] & 1
    raw = data[5 : 5 + count * (2 if wide else 1)]
    return _u16(data, 0), raw.decode("utf-16-le", "replace") if wide else raw.decode("latin-1")


def _globals(stream: bytes) -> _Globals:
    found = _Globals()
    for typ, data, more in _records(stream, 0):
        if typ == _EOF:
            break
        if typ == _FILEPASS and len(data) >= 2 and _u16(data, 0):
            found.encrypted = True
            break
        if typ == _BOF and len(data) >= 2:
            found.biff8 = _u16(data, 0) == 0x0600
        elif typ == _BOUNDSHEET:
            if len(data) < 8:
                raise BiffError("sheet record")  # calamine indexes it unchecked: a panic
            found.sheets.append((_u32(data, 0), _text(data, 6, found.biff8)))
        elif typ == _XF and len(data) >= 4:
            found.xf_formats.append(_u16(data, 2))
        elif typ == _FORMAT and len(data) >= 5:
            code, text = _format(data, found.biff8)
            found.formats[code] = text
        elif typ == _SST and len(data) >= 8:
            found.strings = _sst_lengths(data, more)
        elif typ == _LBL and len(data) >= 4:
            found.formula_factor = max(found.formula_factor, -(-data[3] // 5) + 1)
    return found


def _declared(data: bytes) -> int:
    """The cells a DIMENSIONS record declares, computed as calamine does before reserving room for them."""
    if len(data) == 14:
        first, last, cfirst, clast = _u32(data, 0), _u32(data, 4), _u16(data, 8), _u16(data, 10)
    elif len(data) == 10:
        first, last, cfirst, clast = _u16(data, 0), _u16(data, 2), _u16(data, 4), _u16(data, 6)
    else:
        raise BiffError("dimensions")
    cfirst = 0 if cfirst > 0xFF or clast < cfirst else cfirst
    end_row, end_col = (last - 1, clast - 1) if last >= 1 and clast >= 1 else (first, cfirst)
    rows, cols = (end_row - first + 1) % (1 << 32), (end_col - cfirst + 1) % (1 << 32)
    return rows * cols


_HEAD = struct.Struct("<HH")
_CELL = struct.Struct("<HHH")
_LABEL_SST = struct.Struct("<HHHI")


class _SheetScan:
    """One worksheet's cell records walked as calamine walks them (embedded charts skipped): positions, no values.

    Records are read in place from the stream and positions kept in compact arrays, so walking an .xls costs
    a small part of what parsing it costs (benchmarks/bench_xls_bound.py).
    """

    def __init__(self, stream: bytes, index: int, name: str, found: _Globals, book: BiffBook) -> None:
        self.stream, self.found, self.book = stream, found, book
        self.extent = SheetExtent(index, name)
        self.rows, self.cols = array("I"), array("I")
        self.formula_rows, self.formula_cols = array("I"), array("I")
        self.formula_at = (0, 0)
        self.percent: set[int] = set()

    def cell(self, row: int, col: int, xf: int) -> None:
        """A cell calamine keeps; XF is its format (−1 for text, which no number format changes)."""
        self.rows.append(row)
        self.cols.append(col)
        if xf in self.found.percent_xfs:
            self.percent.add(row * 65_536 + col)

    def shared(self, row: int, col: int, sst: int) -> None:
        """A LABELSST: a cell showing a shared string, whose text calamine copies into the cell."""
        if sst < len(self.found.strings):  # calamine drops a reference to no string
            self.rows.append(row)
            self.cols.append(col)
            self.book.text += self.found.strings[sst]

    def record(self, typ: int, at: int, length: int) -> None:
        """The other cell records: MULRK, LABEL, BOOLERR, FORMULA and the STRING after a formula."""
        stream = self.stream
        if length < 6 and typ != _STRING:
            raise BiffError("cell record")  # calamine refuses a short cell record too
        if typ == _MULRK:
            row, first = _HEAD.unpack_from(stream, at)
            for i in range((length - 6) // 6):
                self.cell(row, first + i, _u16(stream, at + 4 + 6 * i))
        elif typ in (_LABEL, _RSTRING, _BOOLERR):
            row, col, _xf = _CELL.unpack_from(stream, at)
            self.cell(row, col, -1)
            self.book.text += _u16(stream, at + 6) if length >= 8 and typ != _BOOLERR else 0
        elif typ == _FORMULA:
            self._formula(at, length)
        else:  # STRING: a formula's text result, placed at the formula's cell
            self.cell(*self.formula_at, -1)
            self.book.text += _u16(stream, at) if length >= 2 else 0

    def _formula(self, at: int, length: int) -> None:
        if length < 20:
            raise BiffError("formula")
        row, col, xf = _CELL.unpack_from(self.stream, at)
        self.formula_at = (row, col)
        self.formula_rows.append(row)
        self.formula_cols.append(col)
        # calamine writes each formula out as text: a 5-byte reference to a defined name becomes the name itself
        self.book.formula_text += (length - 20) * self.found.formula_factor
        if self.stream[at + 6] == 0 and self.stream[at + 12 : at + 14] == b"\xff\xff":
            return  # its text comes in the STRING record after it
        self.cell(row, col, xf)

    def done(self) -> SheetExtent:
        extent = self.extent
        extent.cells = len(self.rows)
        extent.rect = _rect(self.rows, self.cols)
        extent.formula_rect = _rect(self.formula_rows, self.formula_cols)
        extent.rows, extent.cols = (max(self.rows) + 1, max(self.cols) + 1) if self.rows else (0, 0)
        if self.percent:
            self.book.percent[extent.index] = self.percent
        return extent


def _rect(rows: array[int], cols: array[int]) -> int:
    """The cells of the rectangle between the farthest corners (Range::from_sparse)."""
    return (max(rows) - min(rows) + 1) * (max(cols) - min(cols) + 1) if rows else 0


_PLAIN = frozenset((_NUMBER, _RK, _LABELSST))  # most cells of a sheet (10 bytes or more): read in the loop itself
_OTHER_CELLS = frozenset((_MULRK, _LABEL, _RSTRING, _BOOLERR, _FORMULA, _STRING))


def _sheet(stream: bytes, at: int, scan: _SheetScan) -> None:
    """Walk a sheet's substream from its BOF to its EOF, as calamine's RecordIter frames it."""
    depth, seen_bof, end = 0, False, len(stream)
    head, cell, label, percent_xfs = _HEAD.unpack_from, _CELL.unpack_from, _LABEL_SST.unpack_from, scan.found.percent_xfs
    while at + 4 <= end:
        typ, length = head(stream, at)
        body, at = at + 4, at + 4 + length
        if at > end or (typ in _PLAIN and length < 10):
            raise BiffError("record length")
        if depth:  # an embedded chart's substream: calamine skips it
            depth += 1 if typ == _BOF else -1 if typ == _EOF else 0
        elif typ == _NUMBER or typ == _RK:
            row, col, xf = cell(stream, body)
            scan.rows.append(row)
            scan.cols.append(col)
            if xf in percent_xfs:
                scan.percent.add(row * 65_536 + col)
        elif typ == _LABELSST:
            row, col, _xf, sst = label(stream, body)
            scan.shared(row, col, sst)
        elif typ in _OTHER_CELLS:
            scan.record(typ, body, length)
        elif typ == _EOF:
            break
        elif typ == _BOF:
            depth, seen_bof = (1, True) if seen_bof else (0, True)
        elif typ == _DIMENSIONS:
            scan.book.declared = max(scan.book.declared, _declared(stream[body:at]))
    scan.book.sheets.append(scan.done())


def scan_book(data: bytes, percent: Callable[[int, str], bool]) -> BiffBook:
    """Measure a BIFF workbook as calamine will read it; PERCENT(format id, format code) says which formats show %.

    Raises BiffError when the file is not one calamine can walk safely (it is then refused as broken).
    """
    try:
        stream = _Compound(data).stream()
        found = _globals(stream)
        found.percent_xfs = frozenset(i for i, code in enumerate(found.xf_formats) if percent(code, found.formats.get(code, "")))
        book = BiffBook(encrypted=found.encrypted)
        if found.encrypted:
            return book
        for index, (at, name) in enumerate(found.sheets):
            if at > len(stream):
                raise BiffError("sheet beyond the stream")  # calamine slices the stream there unchecked: a panic
            _sheet(stream, at, _SheetScan(stream, index, name, found, book))
    except (struct.error, IndexError) as exc:
        raise BiffError("truncated") from exc
    return book
