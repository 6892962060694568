""".xls / BIFF .et measured before calamine parses them: used ranges, forged structures, percent cells, shared strings."""

from __future__ import annotations

import io
import struct
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from reporter.consolidate import sheetcells
from reporter.consolidate.biffcells import BiffError, scan_book
from reporter.consolidate.sheetcells import COVERED, PercentCell, read_rows
from reporter.consolidate.sheets import read_sheet
from reporter.core.errors import DataError
from tests.xlsbuild import DATE, PERCENT, PERCENT_CUSTOM, Sheet, number, record, xls

FIXTURES = Path(__file__).parent / "fixtures" / "consolidate"
LIBREOFFICE_XLS = FIXTURES / "county" / "data" / "2024" / "units" / "县交通局-统计表.xls"
HEADER: dict[tuple[int, int], object] = {(0, 0): "指标", (0, 1): "单位", (0, 2): "2024年", (0, 3): "2023年"}
FIX = "请报送单位删去表格之外多余的内容（或远处误填的单元格）后重新报送"
BROKEN = "units/县公安局.xls: 文件已损坏或不完整，或不是 Excel/WPS 表格，无法打开；请报送单位重新发送，或在 Excel/WPS 中打开后另存为 .xlsx 再放入"


def _never_percent(_code: int, _text: str) -> bool:
    return False


def _write(tmp_path: Path, data: bytes, name: str = "县公安局.xls") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(DataError) as info:
        read_rows(path, f"units/{path.name}")
    return str(info.value)


def _calamine_extent(data: bytes) -> list[tuple[int, int]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    out = []
    for name in book.sheet_names:
        end = book.get_sheet_by_name(name).end
        out.append((end[0] + 1, end[1] + 1) if end else (0, 0))
    return out


def test_the_used_range_of_a_libreoffice_xls_is_what_calamine_reads() -> None:
    data = LIBREOFFICE_XLS.read_bytes()
    book = scan_book(data, _never_percent)
    assert [(s.name, s.rows, s.cols, s.cells) for s in book.sheets] == [("Sheet", 4, 4, 15)]
    assert [(s.rows, s.cols) for s in book.sheets] == _calamine_extent(data)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 255)), min_size=1, max_size=30, unique=True))
def test_the_used_range_is_the_one_calamine_gives_any_cells(cells: list[tuple[int, int]]) -> None:
    data = xls(Sheet("表", {pos: float(i) for i, pos in enumerate(cells)}), Sheet("二", {(3, 4): "文字"}))
    book = scan_book(data, _never_percent)
    assert [(s.rows, s.cols) for s in book.sheets] == _calamine_extent(data)
    assert book.sheets[0].cells == len(cells)


def test_cells_at_a1_and_iv65536_are_refused_naming_file_and_limit(tmp_path: Path) -> None:
    """calamine would build 16.7 M cells (1.2 GB measured) for two cells of a 5 KB file."""
    path = _write(tmp_path, xls(Sheet("Sheet1", {**HEADER, (1, 0): "行政处罚案件", (1, 2): 12, (65535, 255): "x"})))
    assert path.stat().st_size < 10_000
    start = time.monotonic()
    message = _refusal(path)
    assert message == ("units/县公安局.xls: 工作表“Sheet1”的使用范围有 65,536 行 × 256 列，超过 3,000,000 个单元格的上限，未读取；" + FIX)
    assert time.monotonic() - start < 5
    assert read_sheet(path, "units/县公安局.xls", 2024).unreadable.startswith("工作表“Sheet1”的使用范围有 65,536 行")


def test_a_cell_in_a_column_no_excel_has_is_refused(tmp_path: Path) -> None:
    """A record may name column 65,535 (an .xls has 256): calamine would take 9 GB (measured)."""
    path = _write(tmp_path, xls(Sheet("Sheet1", HEADER, raw=[number(2000, 65535, 1.0)])))
    assert _refusal(path) == (
        "units/县公安局.xls: 工作表“Sheet1”的使用范围有 2,001 行 × 65,536 列，超过 3,000,000 个单元格的上限，未读取；" + FIX
    )


def test_a_forged_dimensions_record_is_refused(tmp_path: Path) -> None:
    """calamine reserves room for the declared range: 4 billion rows ended the whole process (measured)."""
    path = _write(tmp_path, xls(Sheet("Sheet1", HEADER, declared=(0xFFFFFFF0, 255))))
    assert _refusal(path) == (
        "units/县公安局.xls: 文件声明的表格范围超出了 .xls 格式的上限（65,536 行 × 256 列），文件已损坏或被改动过，未读取；" + FIX
    )


def test_every_sheet_is_bounded_and_the_workbook_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """calamine parses every sheet on opening, not only the first one read."""
    far_second = xls(Sheet("指标", HEADER), Sheet("草稿", {(0, 0): 1, (40000, 200): 2}))
    assert _refusal(_write(tmp_path, far_second)) == (
        "units/县公安局.xls: 工作表“草稿”的使用范围有 40,001 行 × 201 列，超过 3,000,000 个单元格的上限，未读取；" + FIX
    )
    monkeypatch.setattr(sheetcells, "MAX_BOOK_CELLS", 30)
    many = xls(*[Sheet(f"S{i}", {(0, 0): 1, (2, 3): 2}) for i in range(3)])  # 12 cells each
    assert _refusal(_write(tmp_path, many)) == "units/县公安局.xls: 各工作表的使用范围合计超过 30 个单元格的上限，未读取；" + FIX


def test_a_shared_string_shown_in_many_cells_counts_at_each(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """calamine copies a shared string into every cell that shows it: a 10-byte record can stand for 8 KB of text."""
    monkeypatch.setattr(sheetcells, "MAX_BOOK_TEXT", 1000)
    long = "很长的说明" * 60  # 300 characters
    data = xls(Sheet("Sheet1", {**HEADER, **{(r, 4): long for r in range(1, 5)}}))
    assert scan_book(data, _never_percent).text == 4 * 300 + 2 + 2 + 5 + 5
    assert _refusal(_write(tmp_path, data)) == "units/县公安局.xls: 单元格中的文字合计超过 1,000 字的上限，未读取；" + FIX


def test_a_loop_in_the_compound_file_is_refused_as_broken(tmp_path: Path) -> None:
    """A directory chain pointing at itself: calamine reads it until memory runs out (measured: the process ends)."""
    data = bytearray(xls(Sheet("Sheet1", HEADER)))
    struct.pack_into("<I", data, 512 + 4 * 1, 1)  # the directory sector (1) follows itself
    with pytest.raises(BiffError):
        scan_book(bytes(data), _never_percent)
    assert _refusal(_write(tmp_path, bytes(data))) == BROKEN


def test_a_sheet_placed_beyond_the_stream_is_refused_as_broken(tmp_path: Path) -> None:
    """calamine panics there (a PanicException, which is not an Exception)."""
    data = bytearray(xls(Sheet("Sheet1", HEADER)))
    at = data.index(b"\x85\x00")  # the BOUNDSHEET record
    struct.pack_into("<I", data, at + 4, 1_000_000)
    assert _refusal(_write(tmp_path, bytes(data))) == BROKEN


def test_a_truncated_xls_is_refused_as_broken(tmp_path: Path) -> None:
    data = xls(Sheet("Sheet1", HEADER))
    assert _refusal(_write(tmp_path, data[:700])) == BROKEN


def test_an_encrypted_xls_is_named_as_encrypted(tmp_path: Path) -> None:
    """An .xls protected by a password carries a FILEPASS record (RC4), not an EncryptedPackage."""
    sheet = Sheet("Sheet1", HEADER)
    data = bytearray(xls(sheet))
    at = data.index(b"\x42\x00\x02\x00")  # CODEPAGE: turned into FILEPASS of the same length
    data[at : at + 6] = record(0x002F, struct.pack("<H", 1))
    message = _refusal(_write(tmp_path, bytes(data)))
    assert message.endswith(
        "文件设有打开密码（已加密），无法读取；请报送单位取消密码后重新报送，或在 Excel/WPS/Word 中打开后另存一份不加密的文件"
    )


def test_percent_cells_of_an_xls_read_as_excel_shows_them(tmp_path: Path) -> None:
    cells = {
        **HEADER,
        (1, 0): "行政复议纠错率",
        (1, 2): (0.953, PERCENT),
        (1, 3): 0.9,
        (2, 0): "执法人员持证率",
        (2, 2): (0.985, PERCENT_CUSTOM),
        (2, 3): (0.97, PERCENT_CUSTOM),
        (3, 0): "填报日期",
        (3, 1): (45351, DATE),
    }
    path = _write(tmp_path, xls(Sheet("Sheet1", cells)))
    rows = read_rows(path, "units/县公安局.xls")
    assert isinstance(rows[1][2], PercentCell) and rows[1][2] == 95.3
    assert (rows[1][3], rows[2][2], rows[2][3]) == (0.9, 98.5, 97.0)
    read = read_sheet(path, "units/县公安局.xls", 2024)
    assert [(m.name, m.measure, m.value, m.previous) for m in read.metrics] == [
        ("行政复议纠错率", "%", 95.3, 0.9),
        ("执法人员持证率", "%", 98.5, 97.0),
    ]


def test_a_heading_merged_across_an_xls_is_not_an_indicator(tmp_path: Path) -> None:
    cells = {**HEADER, (1, 0): "一、行政执法", (2, 0): "行政处罚案件", (2, 1): "件", (2, 2): 12, (2, 3): 10}
    path = _write(tmp_path, xls(Sheet("Sheet1", cells, merges=[(1, 1, 0, 3)])))
    assert read_rows(path, "x")[1] == ["一、行政执法", COVERED, COVERED, COVERED]
    read = read_sheet(path, "units/县公安局.xls", 2024)
    assert [(m.name, m.value) for m in read.metrics] == [("行政处罚案件", 12.0)]
    assert read.problems == []


def test_a_biff_et_is_bounded_like_an_xls(tmp_path: Path) -> None:
    """WPS saves .et as BIFF8 by default: the same file under another name."""
    path = _write(tmp_path, xls(Sheet("Sheet1", {**HEADER, (65535, 255): 1})), "县公安局.et")
    assert "65,536 行 × 256 列" in _refusal(path)


def test_merge_names_each_refused_sheet_and_merges_the_others(tmp_path: Path, cli: Any) -> None:
    """A far cell in one unit's .xls and a password on another's .xlsx: those two are 未能读取, with what to do."""
    import shutil

    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES / "ws", ws)
    units = ws / "data" / "2024" / "units"
    (units / "县审计局.xls").write_bytes(xls(Sheet("Sheet1", {**HEADER, (1, 0): "行政处罚案件", (1, 1): "件", (1, 2): 5, (65535, 255): 1})))
    (units / "县交通局-统计表.xlsx").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(600)
    )
    result = cli("merge", "2024", "--root", ws)
    assert result.code == 1
    assert (
        "错误 青禾县审计局 data/2024/units/县审计局.xls: 未能读取：工作表“Sheet1”的使用范围有 65,536 行 × 256 列，"
        "超过 3,000,000 个单元格的上限，未读取；请报送单位删去表格之外多余的内容（或远处误填的单元格）后重新报送"
    ) in result.out
    assert (
        "错误 青禾县交通运输局 data/2024/units/县交通局-统计表.xlsx: 未能读取：文件设有打开密码（已加密），无法读取；"
        "请报送单位取消密码后重新报送，或在 Excel/WPS/Word 中打开后另存一份不加密的文件"
    ) in result.out
    assert "未能读取（2家，材料无法打开，见问题清单）：青禾县交通运输局、青禾县审计局。" in result.out
    assert (ws / "drafts" / "2024" / "汇总" / "主要指标汇总表.xlsx").is_file()


def test_formulas_quoting_a_long_name_count_as_the_text_calamine_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """calamine writes every formula out, a 5-byte reference to a defined name as the (up to 255-letter) name."""
    from tests.xlsbuild import formula_of_names

    formulas = [formula_of_names(r, 1, 50) for r in range(1, 4)]  # 3 formulas of 50 names: 38,397 letters written
    data = xls(Sheet("Sheet1", HEADER, raw=formulas), names=("N" * 255,))
    assert scan_book(data, _never_percent).formula_text >= 3 * (50 * 255 + 49)
    short = xls(Sheet("Sheet1", HEADER, raw=formulas), names=("N",))
    assert scan_book(short, _never_percent).formula_text == 3 * 301 * 3  # 3 letters a byte: references, no long names
    monkeypatch.setattr(sheetcells, "MAX_BOOK_TEXT", 10_000)
    assert read_rows(_write(tmp_path, short), "x")[1] == ["", 0.0, "", ""]
    assert _refusal(_write(tmp_path, data)) == "units/县公安局.xls: 公式展开后的文字合计可能超过 20,000 字的上限，未读取；" + FIX
