"""The 指标填报表: written with its identity, read back by it; rows moved, deleted or renamed, and values against the 口径."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from reporter.consolidate.packbook import PackRow, against_definition, pack_workbook, read_pack
from reporter.consolidate.roster import Roster
from reporter.data.model import Indicator, Member

ROWS = [
    PackRow(Indicator(name="办理行政执法案件", unit="件", kind="count", definition="办结的案件数"), 1200.0),
    PackRow(Indicator(name="罚没金额", unit="万元", kind="amount", na=False), None),
    PackRow(Indicator(name="行政复议纠错率", unit="%", kind="rate", numerator="纠错件数", denominator="审结件数"), "无此职责"),
]
ROSTER = Roster([Member(name="青禾县公安局", aliases=["县公安局"]), Member(name="青禾县司法局")])


def returned(tmp_path: Path, name: str, cells: dict[str, Any], edit: Any = None, unit: str = "青禾县公安局", year: int = 2025) -> Path:
    blank = tmp_path / "blank.xlsx"
    blank.write_bytes(pack_workbook(unit, year, ROWS, ["说明"]))
    book = openpyxl.load_workbook(blank)
    sheet = book["指标填报表"]
    for ref, value in cells.items():
        sheet[ref] = value
    if edit is not None:
        edit(sheet)
    out = tmp_path / name
    book.save(out)
    return out


def test_a_pack_is_read_by_its_identity(tmp_path: Path) -> None:
    path = returned(tmp_path, "县公安局-填报表.xlsx", {"D2": 1300, "D3": "1,520.5", "D4": 12.5, "F4": 25, "G4": 200})
    pack = read_pack(path, "units/x.xlsx", 2025, ROSTER)
    assert pack is not None and pack.unit == "青禾县公安局" and pack.in_roster and pack.findings == []
    assert [(f.name, f.line, f.value, f.previous, f.numerator, f.denominator, f.na) for f in pack.figures] == [
        ("办理行政执法案件", 2, 1300.0, 1200.0, None, None, False),
        ("罚没金额", 3, 1520.5, None, None, None, False),
        ("行政复议纠错率", 4, 12.5, None, 25.0, 200.0, False),
    ]


def test_a_hand_made_sheet_is_not_a_pack(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["指标", "单位", "2025年"])
    book.save(tmp_path / "x.xlsx")
    assert read_pack(tmp_path / "x.xlsx", "x.xlsx", 2025, ROSTER) is None


def test_a_deleted_row_and_a_renamed_row_are_findings_at_their_rows(tmp_path: Path) -> None:
    def edit(sheet: Any) -> None:
        sheet.delete_rows(2)  # 办理行政执法案件 deleted: the others move up a row
        sheet["B3"] = "复议纠错率（%）"  # 行政复议纠错率 renamed

    path = returned(tmp_path, "县公安局-填报表.xlsx", {"D3": 88, "D4": 10, "F4": 1, "G4": 10}, edit)
    pack = read_pack(path, "u.xlsx", 2025, ROSTER)
    assert pack is not None
    assert [(f.name, f.line, f.value) for f in pack.figures] == [("罚没金额", 2, 88.0)]  # found where it moved
    assert [(d.line, d.col, d.message) for d in pack.findings] == [
        (2, 2, "第 2 行的指标“办理行政执法案件”被删除，未能读取"),
        (4, 2, "第 4 行的指标“行政复议纠错率”被删除，未能读取"),
        (3, 2, "第 3 行“复议纠错率（%）”不是本表的指标（被改名或新增），未计入汇总"),
    ]
    assert [d.severity for d in pack.findings] == ["error", "error", "warning"]


def test_another_units_or_years_pack_is_not_counted(tmp_path: Path) -> None:
    path = returned(tmp_path, "青禾县司法局-填报表.xlsx", {"D2": 5, "D3": 6, "D4": "无此职责"}, year=2024)
    pack = read_pack(path, "u.xlsx", 2025, ROSTER)
    assert pack is not None and pack.unit == "青禾县司法局" and pack.figures == []
    assert [d.message for d in pack.findings] == [
        "这是“青禾县公安局”的填报表，文件名却是“青禾县司法局”的，未计入汇总",
        "这是 2024 年的填报表，不是 2025 年的，未计入汇总",
    ]


def test_a_renamed_row_in_place_is_one_finding(tmp_path: Path) -> None:
    path = returned(
        tmp_path, "县公安局.xlsx", {"D2": 5, "D3": 6, "D4": 10, "F4": 1, "G4": 10}, lambda sheet: sheet.__setitem__("B2", "执法案件")
    )
    pack = read_pack(path, "u.xlsx", 2025, ROSTER)
    assert pack is not None and [f.name for f in pack.figures] == ["罚没金额", "行政复议纠错率"]
    assert [(d.line, d.message) for d in pack.findings] == [(2, "第 2 行的指标“办理行政执法案件”被改为“执法案件”，未能读取")]


def test_empty_na_not_allowed_and_text_are_findings(tmp_path: Path) -> None:
    path = returned(tmp_path, "县公安局.xlsx", {"D2": "十二", "D3": "无此职责"})
    pack = read_pack(path, "u.xlsx", 2025, ROSTER)
    assert pack is not None
    assert [(d.line, d.col, d.message) for d in pack.findings] == [
        (2, 4, "第 2 行“办理行政执法案件”的“十二”不是数字"),
        (3, 4, "第 3 行“罚没金额”不能填“无此职责”"),
        (4, 4, "第 4 行“行政复议纠错率”缺少2025年数值"),
    ]


@pytest.mark.parametrize(
    ("value", "unit", "kind", "num", "den", "message"),
    [
        (-1, "件", "count", None, None, "为负数（-1）"),
        (3.5, "件", "count", None, None, "为 3.5，件数应为整数"),
        (3.5, "万元", "amount", None, None, None),
        (120, "%", "rate", 12, 10, "为 120%，超过 100%"),
        (12.5, "%", "rate", None, None, "是比率，但没有填分子、分母"),
        (12.5, "%", "rate", 30, 20, "的分子 30 大于分母 20"),
        (15, "%", "rate", 25, 200, "为 15%，按分子/分母应为 12.5%"),
        (12.5, "%", "rate", 25, 200, None),
        (33.3, "%", "rate", 1, 3, None),
        (12.5, "‰", "rate", 25, 2000, None),
    ],
)
def test_values_against_the_definition(
    value: float, unit: str, kind: str, num: float | None, den: float | None, message: str | None
) -> None:
    found = against_definition(value, unit, kind, num, den)
    assert [m for m, _ in found] == ([message] if message else [])


def test_a_pack_with_a_far_stray_cell_is_read_sparsely(tmp_path: Path) -> None:
    """The pack reader reads like the sheet reader (sheetcells): calamine would size the sheet by XFD1048576."""

    def stray(sheet: Any) -> None:
        sheet["XFD1048576"] = "x"

    path = returned(tmp_path, "县公安局-填报表.xlsx", {"D2": 1300, "D3": 5, "D4": "无此职责"}, edit=stray)
    assert path.stat().st_size < 50_000
    pack = read_pack(path, "units/x.xlsx", 2025, ROSTER)
    assert pack is not None and pack.findings == []
    assert [(f.name, f.value) for f in pack.figures] == [("办理行政执法案件", 1300.0), ("罚没金额", 5.0), ("行政复议纠错率", None)]


def test_a_rate_typed_as_a_percentage_reads_as_shown(tmp_path: Path) -> None:
    """Typing 12.5% in Excel stores 0.125 with a percent format: the pack reads 12.5, as the cell shows."""

    def typed_percent(sheet: Any) -> None:
        sheet["D4"] = 0.125
        sheet["D4"].number_format = "0.0%"

    path = returned(tmp_path, "县公安局-填报表.xlsx", {"D2": 1300, "D3": 5, "F4": 25, "G4": 200}, edit=typed_percent)
    pack = read_pack(path, "units/x.xlsx", 2025, ROSTER)
    assert pack is not None and pack.findings == []
    assert [(f.name, f.value) for f in pack.figures][2] == ("行政复议纠错率", 12.5)


def test_an_oversized_or_broken_file_is_left_to_the_sheet_reader(tmp_path: Path) -> None:
    path = tmp_path / "县公安局.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(60))
    assert read_pack(path, "units/县公安局.xlsx", 2025, ROSTER) is None
