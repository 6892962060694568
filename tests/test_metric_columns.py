"""One list of metric column headings and no-duty marks: a Word table, a sheet and the drafts agree on them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from reporter.consolidate.sheets import read_sheet
from reporter.content.context import metric_rows
from reporter.data.metric_columns import NO_DUTY, column_roles, heading_role, is_no_duty, total_kind
from reporter.data.model import Achievement, Item, Report
from reporter.importer.word_tables import interpret_metrics


def _sheet(tmp_path: Path, rows: list[list[Any]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    path = tmp_path / "指标.xlsx"
    book.save(path)
    return path


HEADERS = [
    ["主要指标", "计量单位", "本期", "上年同期", "备注"],
    ["指标名称", "单位", "2024年", "2023年", "说明"],
    ["指标", "单位", "本年数值", "上年数值", "备注"],
    ["统计指标", "单位", "2024年度", "2023年度", "备注"],
]


@pytest.mark.parametrize("header", HEADERS, ids=["-".join(h[:3]) for h in HEADERS])
def test_a_word_table_and_a_sheet_read_the_same_headings(header: list[str], tmp_path: Path) -> None:
    body = [["行政执法案件", "件", "1.2万", "9,800", ""], ["罚没金额", "万元", "不适用", "", "本单位无此职责"]]
    word = interpret_metrics([(i, row) for i, row in enumerate([header, *body], 1)])
    assert word is not None
    assert [(m.name, m.unit, m.value, m.previous, m.na) for m in word] == [
        ("行政执法案件", "件", 12000, 9800, False),
        ("罚没金额", "万元", None, None, True),
    ]
    sheet = read_sheet(_sheet(tmp_path, [header, *body]), "指标.xlsx", 2024)
    assert sheet.problems == []
    assert [(m.name, m.measure, m.value, m.previous, m.na) for m in sheet.metrics] == [
        ("行政执法案件", "件", 12000, 9800, False),
        ("罚没金额", "万元", None, None, True),
    ]


@pytest.mark.parametrize("mark", ["不适用", "不涉及", "n/a", "N/A", "NA", "无", "无此职责", NO_DUTY, "—", "——", "-", "/", "／"])
def test_no_duty_marks_are_one_list(mark: str, tmp_path: Path) -> None:
    assert is_no_duty(mark)
    rows = [["指标", "单位", "2024年"], ["审核规范性文件", "件", mark]]
    word = interpret_metrics([(i, row) for i, row in enumerate(rows, 1)])
    assert word is not None and word[0].na
    assert read_sheet(_sheet(tmp_path, rows), "指标.xlsx", 2024).metrics[0].na


def test_zero_and_words_that_merely_contain_a_mark_are_figures_or_errors() -> None:
    assert not is_no_duty("0") and not is_no_duty("无数") and not is_no_duty("")


def test_year_columns_with_and_without_the_year_known() -> None:
    cells = ["序号", "指标", "单位", "2024年", "2023年", "同比"]
    assert column_roles(cells) == {"name": 1, "unit": 2, "value": 3, "previous": 4}
    assert column_roles(cells, 2024) == {"name": 1, "unit": 2, "value": 3, "previous": 4}
    assert column_roles(cells, 2025) == {"name": 1, "unit": 2, "previous": 3}
    assert column_roles(["指标", "2024.0", "2023"]) == {"name": 0, "value": 1, "previous": 2}  # a sheet's number cells
    assert heading_role("指 标") == ("name", None) and heading_role("2024年数据") == ("year", 2024)


def test_the_drafts_metrics_table_reads_back_to_its_figures() -> None:
    """What content prints in 主要指标统计表 (万 as written, 无此项职责, — for no previous) imports to the same figures."""
    report = Report.model_validate(
        {
            "year": 2024,
            "achievements": [
                {
                    "area": "严格规范公正文明执法",
                    "items": [
                        {
                            "title": "推进执法",
                            "text": "……",
                            "metrics": [
                                {"name": "办理行政执法案件", "value": "1.2万", "unit": "件", "previous": "1.05万"},
                                {"name": "行政复议纠错率", "value": 12.5, "unit": "%", "previous": 10},
                                {"name": "罚没金额", "na": True, "unit": "万元"},
                                {"name": "调解矛盾纠纷", "value": 1412, "unit": "件"},
                            ],
                        }
                    ],
                }
            ],
        }
    )
    printed = metric_rows(report)
    header = ["序号", "指标", "单位", "2024年", "2023年", "同比"]
    rows = [header] + [[r["number"], r["name"], r["unit"], r["value"], r["previous"], r["change"]] for r in printed]
    back = interpret_metrics([(i, row) for i, row in enumerate(rows, 1)])
    assert back is not None
    again = Report(year=2024, achievements=[Achievement(area="a", items=[Item(title="t", metrics=[m.metric() for m in back])])])
    original = report.achievements[0].items[0].metrics
    assert [(m.name, m.value, m.unit, m.previous, m.na) for m in again.achievements[0].items[0].metrics] == [
        (m.name, m.value, m.unit, m.previous, m.na) for m in original
    ]
    assert metric_rows(again) == printed


def test_total_rows_are_named_by_their_first_word() -> None:
    """One verdict for a sheet row, a Word table row and a metric: 合计 / 总计 / 小计 rows add up others."""
    assert [total_kind(n) for n in ("合计", "总 计", "小计（执法类）", "行政处罚案件", "案件合计")] == ["合计", "合计", "小计", "", ""]
