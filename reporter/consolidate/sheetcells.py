"""The cells of a sheet's first worksheet, bounded: .xlsx read sparsely by its real cells, values as Excel shows them.

calamine sizes a worksheet by its farthest cell, so one stray cell at XFD1048576 asks for 512 GB; an .xlsx is
therefore streamed here cell by cell (expat), keeping only cells that hold something. Percent-formatted numbers
come back as the percentage Excel shows (PercentCell), cells inside a merged area that starts to their left
in the same row as COVERED (a heading row merged across the sheet is not an indicator).
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, overload
from xml.parsers import expat

from reporter.consolidate.biffcells import BiffError, scan_book
from reporter.core.bounded import MAX_FILE_BYTES, OLE_HEADER, check_zip, encrypted_error, is_encrypted_office, read_input
from reporter.core.errors import DataError

__all__ = ["COVERED", "MAX_BOOK_CELLS", "MAX_CELLS", "Pick", "PercentCell", "SheetRows", "read_rows", "read_sheets"]

MAX_CELLS = 3_000_000  # 100,000 rows of 30 columns
MAX_BOOK_CELLS = 2 * MAX_CELLS  # every sheet of an .xls together (calamine reads them all)
MAX_BOOK_TEXT = 64 * 1024 * 1024  # characters in an .xls's cells, a shared string counted at each cell showing it
BIFF_MAX_CELLS = 65_536 * 256  # what an .xls can hold; a DIMENSIONS beyond it is a damaged or forged file
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_SEP = "|"
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})")
_PERCENT_BUILTIN = {9, 10}
_DATE_BUILTIN = set(range(14, 23)) | {45, 46, 47}
Pick = Callable[[list[str]], list[str]]  # which sheets to read, given the workbook's sheet names
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


class PercentCell(float):
    """A number Excel shows with a percent format: the percentage shown (stored 0.953 → 95.3)."""


class _Covered(str):
    """A cell inside a merged area that starts to its left in the same row."""


COVERED = _Covered("")


class SheetRows(Sequence[list[Any]]):
    """Rows by index (row number − 1); rows without cells are not stored, each reads as []."""

    def __init__(self, rows: dict[int, list[Any]], start: int = 0, stop: int | None = None) -> None:
        self._rows = rows
        self._start = start
        self._stop = max(rows, default=-1) + 1 if stop is None else stop

    def __len__(self) -> int:
        return max(self._stop - self._start, 0)

    @overload
    def __getitem__(self, index: int) -> list[Any]: ...
    @overload
    def __getitem__(self, index: slice) -> SheetRows: ...
    def __getitem__(self, index: int | slice) -> list[Any] | SheetRows:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return SheetRows(dict(enumerate(list(self)[index])), 0)
            return SheetRows(self._rows, self._start + start, self._start + max(stop, start))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._rows.get(self._start + index, [])

    def __iter__(self) -> Iterator[list[Any]]:
        for i in range(self._start, self._stop):
            yield self._rows.get(i, [])


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _parse(z: zipfile.ZipFile, name: str, parser: Any) -> None:
    """Feed a member to expat in pieces: memory stays bounded by the pieces and what the handlers keep."""
    with z.open(name) as f:
        while chunk := f.read(1 << 20):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _new_parser() -> Any:
    return expat.ParserCreate(namespace_separator=_SEP)


def _shared_strings(z: zipfile.ZipFile, name: str | None) -> list[str]:
    strings: list[str] = []
    if name is None:
        return strings
    parts: list[str] = []
    state = {"text": False, "rph": 0}
    parser = _new_parser()

    def start(tag: str, _attrs: dict[str, str]) -> None:
        if tag == _MAIN + _SEP + "si":
            parts.clear()
        elif tag == _MAIN + _SEP + "rPh":  # phonetic guide: not part of the text
            state["rph"] += 1
        elif tag == _MAIN + _SEP + "t":
            state["text"] = True

    def end(tag: str) -> None:
        if tag == _MAIN + _SEP + "si":
            strings.append("".join(parts))
        elif tag == _MAIN + _SEP + "rPh":
            state["rph"] -= 1
        elif tag == _MAIN + _SEP + "t":
            state["text"] = False

    def data(text: str) -> None:
        if state["text"] and not state["rph"]:
            parts.append(text)

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, data
    _parse(z, name, parser)
    return strings


def _format_kind(code: str) -> str:
    """'percent', 'date' or '' for an Excel number format code."""
    bare = _QUOTED.sub("", code.split(";")[0])
    if "%" in bare:
        return "percent"
    if re.search(r"[ymdhs]", bare, re.I) and not re.fullmatch(r"[#0.,\sE+-]*", bare):
        return "date"
    return ""


def _styles(z: zipfile.ZipFile, name: str | None) -> list[str]:
    """The kind ('percent', 'date', '') of each cell style (cellXfs), by index."""
    if name is None:
        return []
    custom: dict[int, str] = {}
    kinds: list[str] = []
    state = {"xfs": False}
    parser = _new_parser()

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = tag.rsplit(_SEP, 1)[-1]
        if local == "numFmt" and attrs.get("numFmtId", "").isdigit():
            custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            state["xfs"] = True
        elif local == "xf" and state["xfs"]:
            fmt = int(attrs.get("numFmtId", "0") or 0) if attrs.get("numFmtId", "0").isdigit() else 0
            kind = _format_kind(custom[fmt]) if fmt in custom else ""
            kinds.append(kind or ("percent" if fmt in _PERCENT_BUILTIN else "date" if fmt in _DATE_BUILTIN else ""))

    def end(tag: str) -> None:
        if tag.rsplit(_SEP, 1)[-1] == "cellXfs":
            state["xfs"] = False

    parser.StartElementHandler, parser.EndElementHandler = start, end
    _parse(z, name, parser)
    return kinds


def _excel_date(serial: float) -> dt.datetime | float:
    try:
        return dt.datetime(1899, 12, 30) + dt.timedelta(days=serial)
    except OverflowError:
        return serial


def _number(text: str, kind: str) -> Any:
    try:
        value = float(text)
    except ValueError:
        return text
    if kind == "percent":
        return PercentCell(round(value * 100, 10))
    if kind == "date":
        return _excel_date(value)
    return value


class _SheetReader:
    """Handlers for a worksheet's XML: cells with content kept by (row, column), merged areas noted."""

    def __init__(self, strings: list[str], kinds: list[str], shown: str) -> None:
        self.strings, self.kinds, self.shown = strings, kinds, shown
        self.rows: dict[int, dict[int, Any]] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.count = 0
        self.row = -1
        self.cell: dict[str, str] | None = None
        self.text: list[str] = []
        self.reading = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = tag.rsplit(_SEP, 1)[-1]
        if local == "row":
            self.row = int(attrs["r"]) - 1 if attrs.get("r", "").isdigit() else self.row + 1
        elif local == "c":
            self.cell, self.text = attrs, []
        elif local in ("v", "t") and self.cell is not None:
            self.reading = True
        elif local == "mergeCell":
            self._merge(attrs.get("ref", ""))

    def end(self, tag: str) -> None:
        local = tag.rsplit(_SEP, 1)[-1]
        if local in ("v", "t"):
            self.reading = False
        elif local == "c" and self.cell is not None:
            self._store(self.cell, "".join(self.text))
            self.cell = None

    def data(self, text: str) -> None:
        if self.reading:
            self.text.append(text)

    def _merge(self, ref: str) -> None:
        ends = [_CELL_REF.fullmatch(part) for part in ref.split(":")]
        if len(ends) == 2 and ends[0] and ends[1]:
            (c1, r1), (c2, r2) = ((_column(m.group(1)), int(m.group(2)) - 1) for m in ends if m)
            self.merges.append((r1, c1, r2, c2))

    def _store(self, attrs: dict[str, str], text: str) -> None:
        if text == "":
            return
        ref = _CELL_REF.match(attrs.get("r", ""))
        col = _column(ref.group(1)) if ref else len(self.rows.get(self.row, {}))
        kind = attrs.get("t", "n")
        style = int(attrs["s"]) if attrs.get("s", "").isdigit() else 0
        value: Any
        if kind == "s":
            value = self.strings[int(text)] if text.isdigit() and int(text) < len(self.strings) else ""
        elif kind == "b":
            value = text == "1"
        elif kind == "n":
            value = _number(text, self.kinds[style] if style < len(self.kinds) else "")
        else:  # str, inlineStr, e (an error shows as its text), d (ISO date)
            value = text
        self.count += 1
        if self.count > MAX_CELLS:
            raise DataError.single(
                self.shown, f"工作表超过 {MAX_CELLS:,} 个有内容的单元格，超出上限，未读取", fix="请只保留指标表本身后另存"
            )
        self.rows.setdefault(self.row, {})[col] = value

    def result(self) -> SheetRows:
        """Rows as lists up to their last cell; merged areas beyond the cells with content are not spread out."""
        dense = {r: [cells.get(c, "") for c in range(max(cells) + 1)] for r, cells in self.rows.items() if cells}
        _mark_merges(dense, self.merges)
        return SheetRows(dense)


def _mark_merges(rows: dict[int, list[Any]], merges: list[tuple[int, int, int, int]]) -> None:
    """Cells a merged area covers in its first row become COVERED, up to the widest row with content."""
    widest = max((len(row) for row in rows.values()), default=0)
    for r1, c1, _r2, c2 in merges:
        row = rows.get(r1)
        if row is None:
            continue
        last = min(c2, widest - 1)
        row.extend([""] * (last + 1 - len(row)))
        for c in range(c1 + 1, last + 1):
            if row[c] == "":
                row[c] = COVERED


def _sheet_parts(z: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(name, part) of each worksheet, in workbook order (as Excel shows the tabs)."""
    sheets: list[tuple[str, str]] = []
    targets: dict[str, str] = {}

    def sheet(tag: str, attrs: dict[str, str]) -> None:
        if tag.endswith(_SEP + "sheet"):
            sheets.append((attrs.get("name", ""), attrs.get(_REL + _SEP + "id", "")))

    def rel(tag: str, attrs: dict[str, str]) -> None:
        if tag.endswith(_SEP + "Relationship"):
            targets[attrs.get("Id", "")] = attrs.get("Target", "")

    for name, handler in (("xl/workbook.xml", sheet), ("xl/_rels/workbook.xml.rels", rel)):
        parser = _new_parser()
        parser.StartElementHandler = handler
        _parse(z, name, parser)
    out = []
    for index, (name, rid) in enumerate(sheets):
        target = targets.get(rid, f"worksheets/sheet{index + 1}.xml")
        out.append((name, target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))))
    return out


def _xlsx_sheets(data: bytes, shown: str, pick: Pick) -> dict[str, SheetRows]:
    out: dict[str, SheetRows] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        parts = dict(_sheet_parts(z))
        wanted = pick(list(parts))
        if not wanted:
            return out
        strings = _shared_strings(z, "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in names else None)
        kinds = _styles(z, "xl/styles.xml" if "xl/styles.xml" in names else None)
        for name in wanted:
            reader = _SheetReader(strings, kinds, shown)
            parser = _new_parser()
            parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = reader.start, reader.end, reader.data
            _parse(z, parts[name], parser)
            out[name] = reader.result()
    return out


_ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


class _OdsExtent:
    """The used range of each table of an .ods, repeats counted (calamine fills every table cell by cell on opening)."""

    def __init__(self) -> None:
        self.row = self.col = self.rows = self.cols = 0  # position, and the extent of cells with content
        self.row_repeat = self.col_repeat = 1
        self.inside = False
        self.filled = False
        self.name = ""
        self.tables: list[tuple[str, int, int]] = []  # name, rows, columns

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == _ODS_TABLE + _SEP + "table":
            self.inside, self.name = True, attrs.get(_ODS_TABLE + _SEP + "name", "")
            self.row = self.col = self.rows = self.cols = 0
        elif self.inside and tag == _ODS_TABLE + _SEP + "table-row":
            self.row_repeat, self.col = _repeat(attrs, "number-rows-repeated"), 0
        elif self.inside and tag in (_ODS_TABLE + _SEP + "table-cell", _ODS_TABLE + _SEP + "covered-table-cell"):
            self.col_repeat = _repeat(attrs, "number-columns-repeated")
            self.filled = _ODS_OFFICE + _SEP + "value-type" in attrs
        elif self.inside and tag.endswith(_SEP + "p"):
            self.filled = True

    def end(self, tag: str) -> None:
        if tag == _ODS_TABLE + _SEP + "table":
            self.inside = False
            self.tables.append((self.name, self.rows, self.cols))
        elif self.inside and tag in (_ODS_TABLE + _SEP + "table-cell", _ODS_TABLE + _SEP + "covered-table-cell"):
            self.col += self.col_repeat
            if self.filled:
                self.cols = max(self.cols, self.col)
                self.rows = max(self.rows, self.row + self.row_repeat)
            self.filled = False
        elif self.inside and tag == _ODS_TABLE + _SEP + "table-row":
            self.row += self.row_repeat


def _repeat(attrs: dict[str, str], name: str) -> int:
    value = attrs.get(_ODS_TABLE + _SEP + name, "1")
    return int(value) if value.isdigit() else 1


def _check_ods(data: bytes, shown: str) -> None:
    """Refuse an .ods whose used ranges (a filled cell repeated far across or down) calamine would fill cell by cell."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if "content.xml" not in z.namelist():
            return
        extent = _OdsExtent()
        parser = _new_parser()
        parser.StartElementHandler, parser.EndElementHandler = extent.start, extent.end
        _parse(z, "content.xml", parser)
    for name, rows, cols in extent.tables:
        if rows * cols > MAX_CELLS:
            raise _too_large(shown, f"工作表“{name}”的使用范围有 {rows:,} 行 × {cols:,} 列，超过 {MAX_CELLS:,} 个单元格的上限")
    if sum(rows * cols for _, rows, cols in extent.tables) > MAX_BOOK_CELLS:
        raise _too_large(shown, f"各工作表的使用范围合计超过 {MAX_BOOK_CELLS:,} 个单元格的上限")


def _percent_format(code: int, text: str) -> bool:
    return code in _PERCENT_BUILTIN or _format_kind(text) == "percent"


def _too_large(shown: str, what: str) -> DataError:
    return DataError.single(shown, f"{what}，未读取", fix="请报送单位删去表格之外多余的内容（或远处误填的单元格）后重新报送")


def _check_biff(data: bytes, shown: str) -> dict[int, set[int]]:
    """Refuse a BIFF workbook (.xls, .et) calamine would hold beyond the bounds; where its percent cells are.

    calamine parses every sheet on opening and gives each the rectangle of its farthest cells (a sheet read
    here becomes the rectangle from A1), so the bounds are those rectangles, not the DIMENSIONS a file declares:
    sheet by sheet, and for the workbook together.
    """
    try:
        book = scan_book(data, _percent_format)
    except BiffError:
        raise DataError.single(shown, _BROKEN, fix=_RESAVE) from None
    if book.encrypted:
        raise encrypted_error(shown)
    if book.declared > BIFF_MAX_CELLS:
        raise _too_large(shown, "文件声明的表格范围超出了 .xls 格式的上限（65,536 行 × 256 列），文件已损坏或被改动过")
    for sheet in book.sheets:
        if max(sheet.rows * sheet.cols, sheet.formula_rect, sheet.cells) > MAX_CELLS:
            raise _too_large(
                shown,
                f"工作表“{sheet.name}”的使用范围有 {sheet.rows:,} 行 × {sheet.cols:,} 列，超过 {MAX_CELLS:,} 个单元格的上限",
            )
    total = sum(s.rows * s.cols + s.formula_rect for s in book.sheets)
    if max(total, sum(s.cells for s in book.sheets)) > MAX_BOOK_CELLS:
        raise _too_large(shown, f"各工作表的使用范围合计超过 {MAX_BOOK_CELLS:,} 个单元格的上限")
    if book.text > MAX_BOOK_TEXT:
        raise _too_large(shown, f"单元格中的文字合计超过 {MAX_BOOK_TEXT:,} 字的上限")
    if book.formula_text > 2 * MAX_BOOK_TEXT:
        raise _too_large(shown, f"公式展开后的文字合计可能超过 {2 * MAX_BOOK_TEXT:,} 字的上限")
    return book.percent


def _calamine_sheets(data: bytes, percent: dict[int, set[int]], pick: Pick) -> dict[str, SheetRows]:
    """.xls, .ods and BIFF .et through calamine, once bounded (_check_biff, _check_ods)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    names = list(book.sheet_names)
    out: dict[str, SheetRows] = {}
    for name in pick(names):
        sheet = book.get_sheet_by_name(name)
        rows = dict(enumerate(sheet.to_python(skip_empty_area=False)))
        _as_percent(rows, percent.get(names.index(name), set()))
        _mark_merges(rows, [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or []])
        out[name] = SheetRows(rows)
    return out


def _as_percent(rows: dict[int, list[Any]], cells: set[int]) -> None:
    """calamine reads a percent-formatted number as stored (0.953): shown as Excel shows it (95.3)."""
    for at in cells:
        r, c = divmod(at, 65_536)
        value = rows[r][c] if r in rows and c < len(rows[r]) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            rows[r][c] = PercentCell(round(value * 100, 10))


_BROKEN = "文件已损坏或不完整，或不是 Excel/WPS 表格，无法打开"
_RESAVE = "请报送单位重新发送，或在 Excel/WPS 中打开后另存为 .xlsx 再放入"


def read_sheets(path: Path, shown: str, pick: Pick) -> dict[str, SheetRows]:
    """The rows of the sheets PICK chooses from the workbook's sheet names, every input bound checked first.

    DataError (file named, bound said) for an oversized, encrypted or unreadable file.
    """
    data = read_input(path, shown, MAX_FILE_BYTES)
    if is_encrypted_office(data):
        raise encrypted_error(shown)
    percent: dict[int, set[int]] = {}
    if data.startswith(OLE_HEADER):  # .xls, and .et as WPS saves it by default
        percent = _check_biff(data, shown)
    if data[:4] == b"PK\x03\x04":  # .xlsx, .xlsm, and .et that WPS saved as OOXML
        check_zip(data, shown)
        try:
            if path.suffix.lower() == ".ods":
                _check_ods(data, shown)
            else:
                return _xlsx_sheets(data, shown, pick)
        except (KeyError, zipfile.BadZipFile, expat.ExpatError, ValueError, OSError, EOFError):
            if path.suffix.lower() in (".xlsx", ".xlsm"):
                raise DataError.single(shown, _BROKEN, fix=_RESAVE) from None
    try:
        return _calamine_sheets(data, percent, pick)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine's own errors for broken or protected files, and its panics
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise encrypted_error(shown) from None
        raise DataError.single(shown, _BROKEN, fix=_RESAVE) from None


def read_rows(path: Path, shown: str) -> SheetRows:
    """The first worksheet's rows, within the bounds of read_sheets."""
    sheets = read_sheets(path, shown, lambda names: names[:1])
    if not sheets:
        raise DataError.single(shown, _BROKEN, fix=_RESAVE)
    return next(iter(sheets.values()))
