"""merge on a county's real inbox: every kind of file at once, and the exact tables it gives (issue 21).

The inbox (tests/fixtures/consolidate/county, made by make_county_inbox.py) holds report YAML, a Word report
as .docx and as .doc, sheets as .xlsx (title row, header over two rows with merged cells, a 合计 row, footer
lines), .xls and .ods, a unit that sent its Word report and a sheet, a unit not in the roster and a broken file.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from reporter.consolidate.sheets import read_sheet
from reporter.data.loader import load_report

COUNTY = Path(__file__).resolve().parent / "fixtures" / "consolidate" / "county"
UNITS = "data/2024/units"


@pytest.fixture
def county(tmp_path: Path) -> Path:
    root = tmp_path / "county"
    shutil.copytree(COUNTY, root)
    return root


def sheet(path: Path) -> list[list[object]]:
    return [list(r) for r in load_workbook(path).active.iter_rows(values_only=True)]


def day(month: int, d: int) -> dt.datetime:
    return dt.datetime(2025, month, d)


STATUS = [
    ["序号", "单位", "报送情况", "报送日期", "举措条数", "指标数", "错误", "警告"],
    [1, "青禾县公安局", "按时报送", day(2, 20), 1, 3, 0, 0],
    # Word report and sheet: one unit, its indicators once; dated by the report's 成文日期, not the sheet's file time
    [2, "青禾县市场监督管理局", "按时报送", day(2, 26), 1, 5, 1, 0],
    [3, "青禾县交通运输局", "按时报送", day(2, 27), 0, 3, 0, 0],  # .xls, dated by received.yaml
    [4, "青禾县教育局", "逾期报送", day(3, 3), 0, 2, 0, 0],  # .ods, received.yaml says 3月3日
    [5, "青禾县城市管理局", "按时报送", day(2, 25), 1, 3, 0, 0],  # .doc
    [6, "青禾县审计局", "未能读取", None, 0, 0, 1, 0],
    [7, "青禾县自然资源局", "未报送", None, None, None, None, None],
    [8, "青禾县气象局", "按时报送", day(2, 21), 1, 1, 0, 0],  # not in the roster: after it
]
SUMMARY = [
    "应报 7 家，已报 5 家，报送率 71.4%，按时报送率 57.1%。",
    "未报送（1家）：青禾县自然资源局。",
    "未能读取（1家，材料无法打开，见问题清单）：青禾县审计局。",
    "逾期报送（1家，截止日期2025年3月1日）：青禾县教育局。",
    "不在报送名单中（1家）：青禾县气象局，未计入指标合计（加 --include-others 可计入）；请核对 unit.yaml 的 members。",
]
METRICS = [
    ["序号", "指标", "单位", "2024年合计", "2023年合计", "同比", "填报单位数", "无此职责单位数"],
    # 1200 + 412 (Word and sheet, once) + 236 + 528; the 合计 row and the 气象局 not counted; 教育局 无此职责
    [1, "行政处罚案件", "件", 2376, 2260, "增长5.1%", 4, 1],
    # 350 + 86 + 450000元 (= 45万元) + 120
    [2, "罚没金额", "万元", 601, 510, "增长17.8%", 4, 0],
    # (2 + 3 + 1) / (40 + 30 + 5)
    [3, "行政复议纠错率", "%", 8, None, None, 3, 1],
    # 市场监管局's Word report says 58, its sheet 56: left out, an error naming both
    [4, "双随机抽查", "次", 30, 25, "增长20%", 1, 0],
    [5, "行政许可案件", "件", 1030, 990, "增长4%", 1, 0],
]
METRIC_NOTES = [
    "注：1.行政复议纠错率：按各单位分子、分母合计计算（6/75）。",
    "2.双随机抽查：青禾县市场监督管理局的材料中数值不一致，未计入。",
]
ISSUES = [
    ["单位", "文件:行", "级别", "问题", "建议"],
    [
        "青禾县审计局",
        f"{UNITS}/县审计局-统计表.xlsx",
        "错误",
        "未能读取：文件已损坏或不完整，或不是 Excel/WPS 表格，无法打开",
        "请报送单位重新发送，或在 Excel/WPS 中打开后另存为 .xlsx 再放入",
    ],
    [
        "青禾县市场监督管理局",
        f"{UNITS}/县市场监管局-统计表.xlsx:8",
        "错误",
        f"指标“双随机抽查”在 {UNITS}/县市场监管局-年度报告.docx 中为 58次（上年 50次），"
        f"在 {UNITS}/县市场监管局-统计表.xlsx:8 中为 56次（上年 50次），同一单位的材料不一致，未计入合计",
        "请报送单位核对，改正有误的一份后重新报送",
    ],
]


def test_the_county_inbox_gives_exact_tables(cli: Callable[..., Any], county: Path) -> None:
    result = cli("merge", "2024", "--root", county)
    assert result.code == 1  # two errors: the broken file and the two figures that disagree
    assert result.out.splitlines()[2:7] == SUMMARY
    assert "CalamineError" not in result.out and "找不到表头" not in result.out and "填表人" not in result.out
    folder = county / "drafts/2024/汇总"
    status = sheet(folder / "报送情况一览表.xlsx")
    assert status[0][0] == "青禾县2024年度法治政府建设情况报告报送情况一览表"
    assert status[1:10] == STATUS
    assert [r[0] for r in status[10:]] == SUMMARY
    metrics = sheet(folder / "主要指标汇总表.xlsx")
    assert metrics[1:7] == METRICS
    assert [r[0] for r in metrics[7:]] == METRIC_NOTES
    assert sheet(folder / "问题清单.xlsx")[1:] == ISSUES


def test_the_docx_tables_print_what_the_sheets_hold(cli: Callable[..., Any], county: Path) -> None:
    cli("merge", "2024", "--root", county)
    folder = county / "drafts/2024/汇总"
    status = Document(str(folder / "报送情况一览表.docx"))
    printed = [[c.text for c in row.cells] for row in status.tables[0].rows]
    assert printed[1:3] == [
        ["1", "青禾县公安局", "按时报送", "2月20日", "1", "3", "0", "0"],
        ["2", "青禾县市场监督管理局", "按时报送", "2月26日", "1", "5", "1", "0"],
    ]
    assert printed[7] == ["7", "青禾县自然资源局", "未报送", "", "", "", "", ""]
    assert [p.text for p in status.paragraphs[1:]] == SUMMARY
    metrics = Document(str(folder / "主要指标汇总表.docx"))
    assert [c.text for c in metrics.tables[0].rows[3].cells] == ["3", "行政复议纠错率", "%", "8%", "", "", "3", "1"]
    assert [p.text for p in metrics.paragraphs[1:]] == METRIC_NOTES


def test_xlsx_cells_are_dates_and_numbers_shown_as_printed(cli: Callable[..., Any], county: Path) -> None:
    cli("merge", "2024", "--root", county)
    folder = county / "drafts/2024/汇总"
    status = load_workbook(folder / "报送情况一览表.xlsx").active
    assert (status["D3"].value, status["D3"].number_format) == (day(2, 20), 'm"月"d"日"')
    assert (status["F3"].value, status["F3"].data_type) == (3, "n")
    rate = load_workbook(folder / "主要指标汇总表.xlsx").active["D5"]
    assert (rate.value, rate.number_format) == (8, 'General"%"')


@pytest.mark.parametrize(
    "name", ["报送情况一览表.docx", "报送情况一览表.xlsx", "主要指标汇总表.docx", "主要指标汇总表.xlsx", "问题清单.xlsx"]
)
def test_every_output_carries_its_title_and_the_unit_nothing_else(cli: Callable[..., Any], county: Path, name: str) -> None:
    cli("merge", "2024", "--root", county)
    with zipfile.ZipFile(county / "drafts/2024/汇总" / name) as package:
        core = package.read("docProps/core.xml").decode("utf-8")
        app = package.read("docProps/app.xml").decode("utf-8")
    title = {"报送情况一览表": "青禾县2024年度法治政府建设情况报告报送情况一览表"}.get(
        name.split(".")[0], f"青禾县2024年度法治政府建设{name.split('.')[0].replace('问题清单', '报送材料问题清单')}"
    )
    assert f"<dc:title>{title}</dc:title>" in core
    assert "<dc:creator>青禾县人民政府</dc:creator>" in core
    for trace in ("python-docx", "openpyxl", "Openpyxl", "2013-", "generated", "Microsoft"):
        assert trace not in core + app


def test_include_others_counts_units_not_in_the_roster(cli: Callable[..., Any], county: Path) -> None:
    result = cli("merge", "2024", "--root", county, "--include-others")
    assert "不在报送名单中（1家）：青禾县气象局，已按 --include-others 计入指标合计；请核对 unit.yaml 的 members。" in result.out
    metrics = sheet(county / "drafts/2024/汇总/主要指标汇总表.xlsx")
    assert metrics[2] == [1, "行政处罚案件", "件", 2388, 2270, "增长5.2%", 5, 1]
    merged = load_report(county / "data/2024/merged.yaml", county)
    assert any(i.title.startswith("青禾县气象局：") for a in merged.model.achievements for i in a.items)


def test_merged_yaml_leaves_out_non_members_and_the_metrics_holder_items(cli: Callable[..., Any], county: Path) -> None:
    cli("merge", "2024", "--root", county)
    merged = load_report(county / "data/2024/merged.yaml", county)
    titles = [i.title for a in merged.model.achievements for i in a.items]
    assert titles == [
        "青禾县公安局：规范执法办案",
        "青禾县市场监督管理局：推行轻微违法行为免罚清单",
        "青禾县城市管理局：推进城市管理领域综合执法",
        "各单位指标合计",
    ]
    totals = {m.name: m.value for m in merged.model.achievements[-1].items[0].metrics}
    assert totals == {"行政处罚案件": 2376, "罚没金额": 601, "行政复议纠错率": 8, "双随机抽查": 30, "行政许可案件": 1030}


def test_received_yaml_beats_every_document_date(cli: Callable[..., Any], county: Path) -> None:
    received = county / UNITS / "received.yaml"
    received.write_text(received.read_text(encoding="utf-8") + "县市场监管局: 2025-03-04\n", encoding="utf-8")
    cli("merge", "2024", "--root", county)
    status = sheet(county / "drafts/2024/汇总/报送情况一览表.xlsx")
    assert status[3][:4] == [2, "青禾县市场监督管理局", "逾期报送", day(3, 4)]


def test_a_county_report_beside_the_inbox_builds_and_checks_against_the_totals(cli: Callable[..., Any], county: Path) -> None:
    cli("merge", "2024", "--root", county)
    (county / "data/2024/report.yaml").write_text(
        "year: 2024\ndate: 2025-03-10\nachievements:\n  - area: 行政执法\n    items:\n"
        "      - text: 全县行政执法机关依法办理各类案件。\n        status: done\n        metrics:\n"
        "          - name: 行政处罚案件\n            value: 2788\n            unit: 件\n"
        "problems: [执法力量不足。]\nleadership: [带头学法。]\nnext_year: [加强执法队伍建设]\n",
        encoding="utf-8",
    )
    checked = cli("check", "2024", "--root", county)
    assert re.search(r"指标“行政处罚案件”为 2788件，各单位汇总（data/2024/merged\.yaml:\d+）为 2376件", checked.out), checked.out
    # the unit's broken sheet is merge's to list: the county's report is still written
    assert cli("build", "report", "2024", "--root", county).code == 0


# ---------------------------------------------------------------- the sheet reader on its own


def test_a_title_row_and_a_two_row_merged_header_are_read() -> None:
    read = read_sheet(COUNTY / UNITS / "县市场监管局-统计表.xlsx", "x.xlsx", 2024)
    assert [(m.name, m.measure, m.line, m.value, m.previous, m.numerator, m.denominator) for m in read.metrics] == [
        ("行政处罚案件", "件", 4, 412, 380, None, None),
        ("行政许可案件", "件", 5, 1030, 990, None, None),
        ("罚没金额", "万元", 7, 86, 70, None, None),
        ("双随机抽查", "次", 8, 56, 50, None, None),
        ("行政复议纠错率", "%", 9, 10, None, 3, 30),
    ]
    assert read.problems == []  # the 合计 row adds up; the footer lines are no indicators
    assert read.date == dt.date(2025, 2, 28)  # 填报日期 under the table


def _sheet(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_total_rows_must_add_up_and_are_never_indicators(tmp_path: Path) -> None:
    path = _sheet(
        tmp_path / "s.xlsx",
        [
            ["指标", "单位", "本年", "上年"],
            ["简易程序案件", "件", 300, 280],
            ["普通程序案件", "件", 112, 100],
            ["小 计", "件", 412, 380],
            ["行政许可案件", "件", 1030, 990],
            ["小计", "件", 1030, 990],
            ["合计", "件", 1440, 1370],
            ["总计", "件", 1442, 1370],
            ["填表人：张三", None, "联系电话：0793-1234567"],
            ["审核人：李四"],
            ["单位（盖章）"],
        ],
    )
    read = read_sheet(path, "s.xlsx", 2024)
    assert [m.name for m in read.metrics] == ["简易程序案件", "普通程序案件", "行政许可案件"]
    assert [str(p) for p in read.problems] == [
        "s.xlsx:7:3: “合计”行: “合计”为 1440，而它合计的 2 行之和为 1442（412+1030）；请核对各行数值和合计行；合计行不计入汇总，汇总按各行相加"
    ]
    assert read.date is None


def test_a_unit_that_sends_the_same_report_twice_is_counted_once(cli: Callable[..., Any], county: Path) -> None:
    police = county / UNITS / "县公安局.yaml"
    (county / UNITS / "县公安局-重报.yaml").write_text(police.read_text(encoding="utf-8"), encoding="utf-8")
    cli("merge", "2024", "--root", county)
    folder = county / "drafts/2024/汇总"
    assert sheet(folder / "报送情况一览表.xlsx")[2] == STATUS[1]
    assert sheet(folder / "主要指标汇总表.xlsx")[1:7] == METRICS
    merged = load_report(county / "data/2024/merged.yaml", county)
    titles = [i.title for a in merged.model.achievements for i in a.items]
    assert titles.count("青禾县公安局：规范执法办案") == 1
    assert [p.text for p in merged.model.problems].count("青禾县公安局：执法信息化水平不高") == 1


def test_a_two_row_header_with_the_years_on_top_is_read(tmp_path: Path) -> None:
    book = Workbook()
    rows = book.active
    rows.append(["县司法局2024年主要指标"])
    rows.append(["指标名称", "计量单位", "2024年", None, None, "2023年", "备注"])
    rows.append([None, None, "数值", "分子", "分母", "数值", None])
    for merged in ("A2:A3", "B2:B3", "C2:E2", "G2:G3"):
        rows.merge_cells(merged)
    rows.append(["行政复议纠错率", "%", 10, 3, 30, 8, None])
    rows.append(["行政复议案件", "件", 30, None, None, 25, None])
    book.save(tmp_path / "s.xlsx")
    read = read_sheet(tmp_path / "s.xlsx", "s.xlsx", 2024)
    assert [(m.name, m.line, m.value, m.previous, m.numerator, m.denominator) for m in read.metrics] == [
        ("行政复议纠错率", 4, 10, 8, 3, 30),
        ("行政复议案件", 5, 30, 25, None, None),
    ]
    assert read.problems == []


def test_a_total_row_in_a_word_reports_table_is_no_indicator(tmp_path: Path) -> None:
    import importlib.util

    from reporter.consolidate.roster import Roster
    from reporter.consolidate.submissions import read_submission
    from reporter.data.model import Member
    from reporter.data.workspace import Workspace

    spec = importlib.util.spec_from_file_location("make_county_inbox", COUNTY.parent / "make_county_inbox.py")
    assert spec is not None and spec.loader is not None
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    rows = [("行政处罚案件", "件", "412", "380"), ("行政许可案件", "件", "528", "560"), ("合计", "件", "940", "940")]
    maker.word_report("青禾县城市管理局", "2025年2月25日", ["推进综合执法。全年开展联合执法行动24次。"], rows).save(
        str(tmp_path / "县城管局.docx")
    )
    sub = read_submission(
        tmp_path / "县城管局.docx", Workspace(tmp_path), 2024, Roster([Member(name="青禾县城市管理局", aliases=["县城管局"])])
    )
    assert [m.name for m in sub.metrics] == ["行政处罚案件", "行政许可案件"]
    assert sub.findings == []  # a 合计 row is no indicator, as in a sheet: nothing to send back


def test_a_plain_text_reports_lines_left_out_are_named_by_line(tmp_path: Path) -> None:
    from reporter.consolidate.roster import Roster
    from reporter.consolidate.submissions import read_submission
    from reporter.data.model import Member
    from reporter.data.workspace import Workspace

    lines = ["青禾县城市管理局2024年法治政府建设情况报告", "一、主要举措和成效", "（一）推进综合执法。全年开展联合执法行动24次。"]
    lines += ["二、存在的不足和原因", "执法力量不足。", "三、2025年工作安排", "（一）推进执法数字化。建设执法监督平台。"]
    (tmp_path / "县城管局.txt").write_text("\n".join([*lines, "青禾县城市管理局", "2025年2月25日", "[责任编辑：王五]"]), encoding="utf-8")
    sub = read_submission(tmp_path / "县城管局.txt", Workspace(tmp_path), 2024, Roster([Member(name="青禾县城市管理局")]))
    assert [(d.line, d.message, d.severity) for d in sub.findings] == [(10, "第 10 行未能识别，未计入汇总：[责任编辑：王五]", "warning")]


def test_footer_lines_are_skipped_and_date_the_sheet_but_a_figure_row_mentioning_a_seal_stays(tmp_path: Path) -> None:
    path = _sheet(
        tmp_path / "s.xlsx",
        [
            ["指标", "单位", "本年", "上年", "备注"],
            ["行政处罚案件", "件", 30, 25, "含加盖公章的处罚决定书"],
            ["注：本表数据截至2024年12月31日"],
            ["制表人：王五", None, "填报时间：2025.2.27"],
            ["（单位盖章）"],
        ],
    )
    read = read_sheet(path, "s.xlsx", 2024)
    assert [(m.name, m.value, m.note) for m in read.metrics] == [("行政处罚案件", 30, "含加盖公章的处罚决定书")]
    assert (read.problems, read.date) == ([], dt.date(2025, 2, 27))
