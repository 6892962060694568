"""Sheets read within bounds: a stray far cell, a zip bomb, percent cells, merged headings, encrypted files."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from reporter.consolidate import sheetcells
from reporter.consolidate.sheetcells import COVERED, PercentCell, read_rows
from reporter.consolidate.sheets import read_sheet
from reporter.core import bounded
from reporter.core.errors import DataError


def _sheet(path: Path, rows: list[list[object]], stray: bool = False, merge: str = "", percent: str = "") -> Path:
    book = Workbook()
    ws = book.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    if stray:
        ws["XFD1048576"] = "x"
    if merge:
        ws.merge_cells(merge)
    if percent:
        ws[percent].number_format = "0.0%"
    book.save(path)
    return path


HEADER: list[object] = ["指标", "单位", "2024年", "2023年"]


def test_a_stray_cell_at_the_last_column_and_row_is_read_sparsely(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "县公安局.xlsx", [HEADER, ["行政处罚案件", "件", 12, 10]], stray=True)
    assert path.stat().st_size < 10_000
    start = time.monotonic()
    read = read_sheet(path, "units/县公安局.xlsx", 2024)
    assert [(m.name, m.value, m.previous, m.line) for m in read.metrics] == [("行政处罚案件", 12.0, 10.0, 2)]
    assert read.problems == []
    assert time.monotonic() - start < 30
    rows = read_rows(path, "x")
    assert len(rows) == 1_048_576
    assert rows[1_048_575][16_383] == "x"


def test_percent_cells_read_as_excel_shows_them(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "a.xlsx", [HEADER, ["行政复议纠错率", "", 0.953, 0.9]], percent="C2")
    (metric,) = read_sheet(path, "units/a.xlsx", 2024).metrics
    assert (metric.value, metric.measure, metric.previous) == (95.3, "%", 0.9)
    assert isinstance(read_rows(path, "a")[1][2], PercentCell)


def test_a_heading_merged_across_the_sheet_is_not_an_indicator(tmp_path: Path) -> None:
    rows: list[list[object]] = [HEADER, ["一、行政执法"], ["行政处罚案件", "件", 12, 10], ["二、行政复议"], ["复议案件", "件", 3, 2]]
    book = Workbook()
    ws = book.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    ws.merge_cells("A2:D2")
    ws.merge_cells("A4:D4")
    path = tmp_path / "b.xlsx"
    book.save(path)
    read = read_sheet(path, "units/b.xlsx", 2024)
    assert [m.name for m in read.metrics] == ["行政处罚案件", "复议案件"]
    assert read.problems == []
    assert read_rows(path, "b")[1][1] is COVERED


def test_an_unmerged_row_without_figure_is_still_reported(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "c.xlsx", [HEADER, ["行政处罚案件", "件", None, 10]])
    (problem,) = read_sheet(path, "units/c.xlsx", 2024).problems
    assert (problem.line, problem.message) == (2, "缺少本年数值")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounded, "MAX_MEMBER_BYTES", 4 * 1024 * 1024)
    good = _sheet(tmp_path / "good.xlsx", [HEADER, ["a", "件", 1, 1]])
    path = tmp_path / "县财政局.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(info, src.read(info))
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (8 * 1024 * 1024))  # 8 MB of blanks in a few KB
    assert path.stat().st_size < 100_000
    read = read_sheet(path, "units/县财政局.xlsx", 2024)
    assert read.unreadable == "文件中的 xl/worksheets/sheet1.xml 解压后有 8 MB，超过上限 4 MB，未读取"


def test_an_oversized_file_is_refused_naming_file_and_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheetcells, "MAX_FILE_BYTES", 2048)
    path = _sheet(tmp_path / "d.xlsx", [HEADER, ["a", "件", 1, 1]])
    assert read_sheet(path, "units/d.xlsx", 2024).unreadable == "文件大于 2 KB，超出上限，未读取"
    with pytest.raises(DataError) as info:
        read_rows(path, "units/d.xlsx")
    assert str(info.value) == "units/d.xlsx: 文件大于 2 KB，超出上限，未读取；请确认是否选错了文件，或删去无关内容后另存"


def test_too_many_cells_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheetcells, "MAX_CELLS", 10)
    path = _sheet(tmp_path / "e.xlsx", [HEADER] + [["a", "件", i, i] for i in range(5)])
    assert read_sheet(path, "units/e.xlsx", 2024).unreadable == "工作表超过 10 个有内容的单元格，超出上限，未读取"


def test_an_encrypted_workbook_is_named_as_encrypted(tmp_path: Path) -> None:
    """Excel keeps a password-protected .xlsx in a compound file whose stream is named EncryptedPackage."""
    path = tmp_path / "县教育局.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(2000))
    assert read_sheet(path, "units/县教育局.xlsx", 2024).unreadable == "文件设有打开密码（已加密），无法读取"


def test_an_unreadable_file_is_said_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "missing.xlsx"
    with pytest.raises(DataError) as info:
        read_rows(path, "units/missing.xlsx")
    assert str(info.value).startswith("units/missing.xlsx: 无法读取（")


def test_shared_strings_inline_strings_and_dates(tmp_path: Path) -> None:
    import datetime as dt

    path = _sheet(tmp_path / "f.xlsx", [HEADER, ["公开", "件", 5, 4, dt.datetime(2025, 3, 1)]])
    row = read_rows(path, "f")[1]
    assert row == ["公开", "件", 5.0, 4.0, dt.datetime(2025, 3, 1)]


def _ods(path: Path, rows_xml: str) -> Path:
    """A minimal OpenDocument spreadsheet (LibreOffice/WPS save the same parts)."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2"><office:body>'
        f'<office:spreadsheet><table:table table:name="Sheet1">{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>'
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            "</manifest:manifest>",
        )
    return path


def _ods_row(*values: object) -> str:
    cells = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
        if isinstance(v, str)
        else f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
        for v in values
    )
    return f"<table:table-row>{cells}</table:table-row>"


def test_an_ods_is_read_and_one_repeated_far_and_wide_is_refused(tmp_path: Path) -> None:
    rows = _ods_row("指标", "单位", "2024年") + _ods_row("行政处罚案件", "件", 5)
    good = _ods(tmp_path / "县林业局.ods", rows)
    assert [(m.name, m.value) for m in read_sheet(good, "units/县林业局.ods", 2024).metrics] == [("行政处罚案件", 5.0)]
    filled = (
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" '
        'office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
    )
    bomb = _ods(tmp_path / "县水利局.ods", rows + filled)
    assert bomb.stat().st_size < 2000
    assert read_sheet(bomb, "units/县水利局.ods", 2024).unreadable == (
        "工作表“Sheet1”的使用范围有 1,000,002 行 × 16,384 列，超过 3,000,000 个单元格的上限，未读取"
    )


def test_every_table_of_an_ods_is_bounded(tmp_path: Path) -> None:
    """calamine reads every table of an .ods on opening, not only the first."""
    rows = _ods_row("指标", "单位", "2024年") + _ods_row("行政处罚案件", "件", 5)
    far = (
        '<table:table-row table:number-rows-repeated="100000"><table:table-cell/></table:table-row>'
        '<table:table-row><table:table-cell table:number-columns-repeated="200"/>'
        '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
    )
    path = _ods(tmp_path / "县林业局.ods", rows)
    content = zipfile.ZipFile(path).read("content.xml").decode()
    second = f'<table:table table:name="草稿">{far}</table:table></office:spreadsheet>'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content.replace("</office:spreadsheet>", second), zipfile.ZIP_DEFLATED)
    assert read_sheet(path, "units/县林业局.ods", 2024).unreadable == (
        "工作表“草稿”的使用范围有 100,001 行 × 201 列，超过 3,000,000 个单元格的上限，未读取"
    )


def test_sizes_in_messages_are_written_as_people_write_them() -> None:
    """A member of 500 MB and 2 KB more is said as 500 MB, not 500.002 MB."""
    assert bounded._mb(500 * 1024 * 1024 + 2048) == "500 MB"
    assert (bounded._mb(1536 * 1024), bounded._mb(2048)) == ("1.5 MB", "2 KB")
