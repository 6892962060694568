"""Collecting at the source, end to end: packs made, filled as departments do, returned, merged, and the notices read back."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document

from tests.conftest import FIXTURES, CliResult, docx_text

WS = FIXTURES / "collection" / "ws"
PACKS = Path("drafts/2025/报送材料")
UNITS = Path("data/2025/units")
HEADER = ["序号", "指标", "单位", "2025年", "2024年", "分子", "分母", "口径说明", "备注"]
_IN_CI = bool(os.environ.get("CI"))
needs_calc = pytest.mark.skipif(not _IN_CI and shutil.which("soffice") is None, reason="未安装 LibreOffice（soffice），无法另存表格")


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(WS, root)
    return root


def sheet_of(root: Path, unit: str) -> Path:
    return root / PACKS / unit / f"{unit}-指标填报表.xlsx"


def template_of(root: Path, unit: str) -> Path:
    return root / PACKS / unit / f"{unit}-法治政府建设情况报告（模板）.docx"


def fill(pack: Path, out: Path, cells: dict[str, Any]) -> Path:
    """What a department does in Excel: type into the open cells and save (openpyxl stands in for Excel/WPS)."""
    book = openpyxl.load_workbook(pack)
    sheet = book["指标填报表"]
    for ref, value in cells.items():
        sheet[ref] = value
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


def libreoffice_resave(path: Path) -> None:
    """Open and save the file in LibreOffice Calc (as an office would before sending it back)."""
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        cmd = ["soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "xlsx:Calc MS Excel 2007 XML"]
        subprocess.run([*cmd, "--outdir", str(Path(tmp) / "out"), str(path)], capture_output=True, timeout=240, check=False)
        saved = Path(tmp) / "out" / path.name
        assert saved.exists(), "LibreOffice Calc could not re-save the pack"
        shutil.copy(saved, path)


def fill_template(template: Path, out: Path, leave: str) -> Path:
    """A department writes its report in the template: every 【请填写：…】 replaced except in the paragraph led by `leave`."""
    doc = Document(str(template))
    for p in doc.paragraphs:
        if "【请填写" in p.text and leave not in p.text:
            for run in p.runs:
                if "【请填写" in run.text:
                    run.text = "本单位扎实推进各项工作，全年开展专项检查12次，办结案件800件，取得明显成效。"
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


def hand_made_sheet(out: Path) -> Path:
    """A township's own spreadsheet (no pack): a title row, the usual headers, an alias and 无此职责."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["城关镇2025年法治政府建设主要指标"])
    sheet.append(["指标", "单位", "2025年", "2024年", "备注"])
    sheet.append(["行政执法案件", "件", 60, 50, ""])
    sheet.append(["罚没金额", "万元", "无此职责", "", ""])
    sheet.append(["调解矛盾纠纷", "件", 150, 130, ""])
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


def xlsx_rows(path: Path) -> list[list[Any]]:
    return [list(r) for r in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]


def test_pack_writes_a_sheet_and_a_template_per_member_and_one_notice(cli: Callable[..., CliResult], ws: Path) -> None:
    result = cli("pack", "2025", "--root", ws)
    assert result.code == 0, result.err
    assert "已为 5 个单位生成报送材料。" in result.out
    units = ["青禾县公安局", "青禾县司法局", "青禾县市场监督管理局", "城关镇人民政府", "青禾县审计局"]
    for unit in units:
        assert sheet_of(ws, unit).is_file() and template_of(ws, unit).is_file()
    book = openpyxl.load_workbook(sheet_of(ws, "青禾县公安局"))
    assert book.sheetnames[0] == "指标填报表"
    sheet = book["指标填报表"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    # last year's figures of this unit, in the registry's units (4800000 元 → 480 万元), and only its indicators
    assert [r[:5] for r in rows[1:]] == [
        [1, "办理行政执法案件", "件", None, 1200],
        [2, "罚没金额", "万元", None, 480],
        [3, "行政复议纠错率", "%", None, 10],
    ]
    assert rows[3][7] == "被撤销、变更、确认违法、责令履行的件数占审结件数的比例（分子：纠错件数；分母：审结件数）"
    assert sheet.freeze_panes == "A2"
    assert sheet.protection.sheet and book.security is not None and book.security.lockStructure
    assert not sheet["D2"].protection.locked and sheet["B2"].protection.locked
    assert not sheet["F4"].protection.locked and sheet["F2"].protection.locked  # 分子/分母 only on the rate row
    rules = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert rules["D2"] == 'OR(AND(ISNUMBER(D2),D2>=0),D2="无此职责")'
    assert rules["D4"] == 'OR(AND(ISNUMBER(D4),D4>=0,D4<=100),D4="无此职责")'
    assert book["报送标识"].sheet_state == "veryHidden"
    town = [list(r) for r in openpyxl.load_workbook(sheet_of(ws, "城关镇人民政府"))["指标填报表"].iter_rows(values_only=True)]
    assert [r[1] for r in town[1:]] == ["办理行政执法案件", "罚没金额", "调解矛盾纠纷"]
    assert [r[4] for r in town[1:]] == [None, "无此职责", 130]
    assert rules_of(ws, "城关镇人民政府")["D4"] == "AND(ISNUMBER(D4),D4>=0)"  # na: false


def rules_of(ws: Path, unit: str) -> dict[str, str]:
    sheet = openpyxl.load_workbook(sheet_of(ws, unit))["指标填报表"]
    return {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation}


def test_the_template_lists_the_units_tasks_as_prompts(cli: Callable[..., CliResult], ws: Path) -> None:
    assert cli("pack", "2025", "--root", ws).code == 0
    text = docx_text(template_of(ws, "青禾县司法局"))
    lines = text.splitlines()
    assert lines[0] == "青禾县司法局关于2025年法治政府建设情况的报告"
    assert "中共青禾县委全面依法治县委员会办公室：" in lines
    assert "一、2025年推进法治政府建设的主要举措和成效" in lines
    assert "五、其他需要报告的情况" in " ".join(lines)
    # its three tasks (牵头 1, 2, 4), the one of 各乡镇人民政府 too since it leads it; not the 市场监管局's task 3
    assert "1.深化执法规范化建设。【请填写：本单位落实本项任务的主要做法、取得的成效和有关数据。任务要求：推行行政执法三项制度】。" in lines
    assert any(line.startswith("2.开展执法案卷评查。【请填写") for line in lines)
    assert "推进食品安全综合治理" not in text
    town = docx_text(template_of(ws, "城关镇人民政府"))
    assert "提升人民调解质效" in town and "深化执法规范化建设" not in town


def test_the_send_notice_names_recipients_deadline_contact_and_attachments(cli: Callable[..., CliResult], ws: Path) -> None:
    assert cli("pack", "2025", "--root", ws, "--deadline", "2026-02-20").code == 0
    lines = docx_text(ws / PACKS / "报送通知.docx").splitlines()
    assert lines[0] == "关于报送2025年度法治政府建设情况的通知"
    assert lines[2] == "各乡镇人民政府，县直各部门："
    body = "\n".join(lines)
    assert "请于2026年2月20日前将报告" in body
    assert "联系人：王芳；联系电话：0871-1234567。" in body
    assert "附件：1.\t主要指标口径说明" in lines and "2.\t报送单位及材料清单" in lines
    assert "1 | 办理行政执法案件 | 件 | 件数 | 本年度办结的行政处罚、行政强制、行政检查案件数 | 全部单位" in lines
    assert (
        "3 | 行政复议纠错率 | % | 比率 | 被撤销、变更、确认违法、责令履行的件数占审结件数的比例（分子：纠错件数；分母：审结件数） | 县司法局、县公安局"
        in lines
    )
    assert "5 | 青禾县审计局 | 2 | —" in lines
    assert "中共青禾县委全面依法治县委员会办公室" in lines


def test_default_deadline_is_march_first_of_the_next_year(cli: Callable[..., CliResult], ws: Path) -> None:
    assert cli("pack", "2025", "--root", ws).code == 0
    assert "请于2026年3月1日前将报告" in docx_text(ws / PACKS / "报送通知.docx")


@needs_calc
def test_returned_packs_merge_exactly_with_findings_at_rows_and_the_notices(cli: Callable[..., CliResult], ws: Path) -> None:
    assert cli("pack", "2025", "--root", ws).code == 0
    police = fill(
        sheet_of(ws, "青禾县公安局"),
        ws / UNITS / "青禾县公安局-指标填报表.xlsx",
        {"D2": 1300, "D3": 520.5, "D4": 12.5, "F4": 25, "G4": 200},
    )
    libreoffice_resave(police)
    # 无此职责, an empty cell, and a rate whose 分子 is over its 分母
    fill(sheet_of(ws, "青禾县司法局"), ws / UNITS / "青禾县司法局-指标填报表.xlsx", {"D2": "无此职责", "D4": 12, "F4": 30, "G4": 20})
    fill(sheet_of(ws, "青禾县市场监督管理局"), ws / UNITS / "青禾县市场监督管理局-指标填报表.xlsx", {"D2": 800, "D3": "无此职责"})
    market_report = ws / UNITS / "青禾县市场监督管理局-法治政府建设情况报告.docx"
    fill_template(template_of(ws, "青禾县市场监督管理局"), market_report, leave="推进食品安全综合治理")
    hand_made_sheet(ws / UNITS / "城关镇-统计表.xlsx")  # packs and hand-made files mix
    (ws / UNITS / "received.yaml").write_text(
        "县公安局: 2026-02-20\n县司法局: 2026-02-25\n县市场监管局: 2026-02-27\n城关镇: 2026-02-26\n", encoding="utf-8"
    )

    result = cli("merge", "2025", "--root", ws)
    assert result.code == 1  # errors found; everything written all the same
    folder = ws / "drafts/2025/汇总"
    metrics = {r[1]: r[2:] for r in xlsx_rows(folder / "主要指标汇总表.xlsx")[2:] if isinstance(r[0], int)}
    assert metrics == {
        "办理行政执法案件": ["件", 2160, None, None, 3, 1],
        "罚没金额": ["万元", 520.5, 480, "增长8.4%", 1, 2],
        "行政复议纠错率": ["%", 12.5, None, None, 1, 0],
        "调解矛盾纠纷": ["件", 150, 130, "增长15.4%", 1, 0],
    }
    status = xlsx_rows(folder / "报送情况一览表.xlsx")
    assert status[1] == ["序号", "单位", "报送情况", "报送日期", "举措条数", "任务反馈", "指标数", "错误", "警告"]
    assert [r[1] for r in status[2:7]] == ["青禾县公安局", "青禾县司法局", "青禾县市场监督管理局", "城关镇人民政府", "青禾县审计局"]
    assert [r[5] for r in status[2:7]] == ["0/1", "0/3", "1/2", "0/1", None]
    assert [r[7] for r in status[2:7]] == [0, 2, 1, 0, None]
    sheet_file = "data/2025/units/青禾县司法局-指标填报表.xlsx"
    assert f"错误 青禾县司法局 {sheet_file}:3:4: 指标“罚没金额”: 第 3 行“罚没金额”缺少2025年数值" in result.out
    assert f"错误 青禾县司法局 {sheet_file}:4:4: 指标“行政复议纠错率”: 第 4 行“行政复议纠错率”的分子 30 大于分母 20" in result.out
    placeholder = [line for line in result.out.splitlines() if "市场监督管理局-法治政府建设情况报告.docx" in line and "【请填写" in line]
    assert placeholder == [
        "错误 青禾县市场监督管理局 data/2025/units/青禾县市场监督管理局-法治政府建设情况报告.docx:8: "
        "第 8 段“2.推进食品安全综合治理。”有未填写的内容 “【请填写：本单位落实本项任务的主要做法、取得的成…”；请把提示替换为实际内容后重新报送"
    ]

    corrections = sorted(p.name for p in (folder / "补正通知").glob("*.docx"))
    assert corrections == ["青禾县司法局.docx", "青禾县市场监督管理局.docx"]
    justice = docx_text(folder / "补正通知" / "青禾县司法局.docx").splitlines()
    assert justice[0] == "关于补正2025年度法治政府建设情况报送材料的通知"
    assert justice[2] == "青禾县司法局："
    assert (
        "（一）《青禾县司法局-指标填报表.xlsx》第3行：“罚没金额”缺少2025年数值。请填写数字；本单位无此项职责请填“无此职责”，不要空着。"
        in justice
    )
    assert (
        "（二）《青禾县司法局-指标填报表.xlsx》第4行：“行政复议纠错率”的分子 30 大于分母 20。"
        "分子是分母的一部分，不能大于分母；请按口径说明核对。"
    ) in justice
    market = docx_text(folder / "补正通知" / "青禾县市场监督管理局.docx").splitlines()
    assert market[5].startswith("（一）《青禾县市场监督管理局-法治政府建设情况报告.docx》第8段：“2.推进食品安全综合治理。”有未填写的内容")
    reminder = docx_text(folder / "催报通知.docx").splitlines()
    assert reminder[0] == "关于催报2025年度法治政府建设情况材料的通知"
    assert reminder[2] == "青禾县审计局："
    assert "青禾县审计局（共1家）。" in reminder
    assert any("应于2026年3月1日前报送" in line for line in reminder)


def test_merge_matches_names_through_the_registry_and_converts_exactly(cli: Callable[..., CliResult], ws: Path) -> None:
    units = ws / UNITS
    units.mkdir(parents=True)
    (units / "县公安局.yaml").write_text(
        """year: 2025
unit: 青禾县公安局
achievements:
  - area: 行政执法
    items:
      - title: 执法
        text: 办案。
        status: done
        metrics:
          - {name: 行政执法案件, value: 100, unit: 件}
          - {name: 罚没金额, value: 2500000, unit: 元}
          - {name: 复议纠错率, value: 10, unit: "%", numerator: 1, denominator: 10}
          - {name: 执法检查次数, value: 7, unit: 次}
problems: [不足]
next_year: [安排]
""",
        encoding="utf-8",
    )
    (units / "县司法局.yaml").write_text(
        """year: 2025
unit: 青禾县司法局
achievements:
  - area: 行政执法
    items:
      - title: 执法
        text: 办案。
        status: done
        metrics:
          - {name: 办理行政执法案件, value: 20, unit: 场}
          - {name: 罚没金额, value: 30, unit: 万元}
          - {name: 行政复议纠错率, value: 20, unit: "%", numerator: 2, denominator: 10}
problems: [不足]
next_year: [安排]
""",
        encoding="utf-8",
    )
    result = cli("merge", "2025", "--root", ws)
    metrics = {r[1]: r[2:5] for r in xlsx_rows(ws / "drafts/2025/汇总/主要指标汇总表.xlsx")[2:] if isinstance(r[0], int)}
    # the registry's names, units and order; 元 converted exactly; the unconvertible 场 left out; an unknown name on its own
    assert list(metrics) == ["办理行政执法案件", "罚没金额", "行政复议纠错率", "执法检查次数"]
    assert metrics["办理行政执法案件"] == ["件", 100, None]
    assert metrics["罚没金额"] == ["万元", 280, None]
    assert metrics["行政复议纠错率"] == ["%", 15, None]
    assert (
        "错误 青禾县司法局 data/2025/units/县司法局.yaml:10: 指标“办理行政执法案件”: "
        "单位“场”不能换算为口径登记表中“办理行政执法案件”的单位“件”，未计入汇总；请按口径说明的计量单位填报"
    ) in result.out
    assert "警告 青禾县公安局 data/2025/units/县公安局.yaml:13: 指标“执法检查次数”: 指标“执法检查次数”不在口径登记表" in result.out


def test_check_warns_of_a_report_metric_outside_the_registry(cli: Callable[..., CliResult], ws: Path) -> None:
    (ws / "data/2025/report.yaml").write_text(
        """year: 2025
date: 2026-03-10
achievements:
  - area: 行政执法
    items:
      - title: 执法
        text: 全年办结行政执法案件2100件。
        status: done
        metrics:
          - {name: 办理行政执法案件数, value: 2100, unit: 件}
          - {name: 罚没金额, value: 12, unit: 件}
problems: [不足]
leadership: [履职]
next_year: [安排]
""",
        encoding="utf-8",
    )
    out = cli("check", "2025", "--root", ws).out
    assert (
        "警告 data/2025/report.yaml:10:20: achievements[0].items[0].metrics[0].name: 指标“办理行政执法案件数”不在口径登记表（data/indicators.yaml）中；"
        "如与“办理行政执法案件”是同一指标，请改用该名称，或把“办理行政执法案件数”写进它的 aliases"
    ) in out
    assert "指标“罚没金额”的单位“件”与口径登记表中“罚没金额”的单位“万元”不一致" in out


def test_init_indicators_writes_a_commented_registry_and_never_overwrites(cli: Callable[..., CliResult], ws: Path) -> None:
    (ws / "data/indicators.yaml").unlink()
    result = cli("init", "indicators", "2025", "--root", ws)
    assert result.code == 0, result.err
    text = (ws / "data/indicators.yaml").read_text(encoding="utf-8")
    assert "由 reporter init indicators 2025 根据 2024 年的材料生成：data/2024/units（2个文件）" in text
    # 行政执法案件 (件) from the police; 罚没金额 in 元 and as 无此职责; the rate with its parts; 调解 of the town only
    assert "# 来源：2024年各单位材料\n- name: 行政执法案件\n  unit: 件\n  kind: count\n" in text
    assert '- name: 复议纠错率\n  unit: "%"\n  kind: rate\n  definition: ""  # 请填写统计口径\n  numerator: ""' in text
    assert "- name: 罚没金额\n  unit: 元\n  kind: amount\n" in text
    assert "  members: [城关镇人民政府]  # 上年报送此项的单位" in text
    again = cli("init", "indicators", "2025", "--root", ws)
    assert again.code == 1 and "data/indicators.yaml 已存在，未覆盖" in again.err
    from reporter.data.indicators import load_indicators

    registry = load_indicators(ws / "data/indicators.yaml", "data/indicators.yaml")
    assert registry is not None and [i.name for i in registry.indicators] == ["行政执法案件", "罚没金额", "复议纠错率", "调解矛盾纠纷"]


def test_the_registrys_definitions_print_under_the_metrics_table(cli: Callable[..., CliResult], example: Path) -> None:
    report = example / "data/2024/report.yaml"
    report.write_text(
        report.read_text(encoding="utf-8").replace("date: 2025-03-18", "date: 2025-03-18\nmetrics_definitions: true"), encoding="utf-8"
    )
    assert cli("build", "report", "2024", "--root", example).code == 0
    text = docx_text(example / "drafts/2024/示例市2024年法治政府建设情况报告.docx")
    note = next(line for line in text.splitlines() if line.startswith("注：本表数据截至2024年12月31日"))
    assert (
        "由市直有关部门报送；百分比指标的同比为百分点差。统计口径：调整权责清单事项：本年度市县两级政府部门权责清单中新增、取消、调整的事项数；"
        in note
    )
    assert note.endswith("政府常务会议集体学法：本年度市政府常务会议安排学法的次数。")
    assert (
        "行政复议纠错率：本年度行政复议决定中被撤销、变更、确认违法和责令履行的件数占审结件数的比例（分子：纠错件数（撤销、变更、确认违法、责令履行）；分母：审结件数）；"
        in note
    )
    (example / "data/indicators.yaml").unlink()
    out = cli("check", "2024", "--root", example).out
    assert "metrics_definitions: 写了 metrics_definitions: true，但没有口径登记表 data/indicators.yaml，指标表下不会注明统计口径" in out


def test_check_finds_a_template_prompt_left_in_a_units_report(cli: Callable[..., CliResult], ws: Path) -> None:
    units = ws / UNITS
    units.mkdir(parents=True)
    (units / "县公安局.yaml").write_text(
        "year: 2025\nunit: 青禾县公安局\ndate: 2026-02-20\nachievements:\n  - area: 行政执法\n    items:\n"
        "      - title: 深化执法规范化建设\n        text: 【请填写：本单位落实本项任务的主要做法】\n        status: done\n"
        "problems: [不足]\nleadership: [履职]\nnext_year: [安排]\n",
        encoding="utf-8",
    )
    out = cli("check", "2025", "--root", ws).out
    assert "data/2025/units/县公安局.yaml:8:15: achievements[0].items[0].text: " in out
    assert "【请填写：本单位落实本项任务的主要做法】" in out


def test_a_correction_notice_lists_the_first_errors_and_counts_the_rest() -> None:
    import datetime as dt

    from reporter.consolidate.collect import NOTICE_PROBLEMS, Correction, Office, correction_notice
    from reporter.core.diagnostics import Diagnostic

    sheet = "data/2025/units/青禾县司法局-指标填报表.xlsx"
    problems = [Diagnostic(sheet, row, message=f"第 {row} 行“指标{row}”缺少2025年数值") for row in range(3, NOTICE_PROBLEMS + 23)]
    doc = correction_notice(Office("依法治县办"), 2025, Correction("青禾县司法局", problems), dt.date(2026, 3, 8), dt.date(2026, 3, 1))
    texts = [b.lead + b.text for b in doc.body]
    assert texts[0].endswith(f"材料中有{NOTICE_PROBLEMS + 20}处问题需要补正，现将有关事项通知如下。")
    listed = [t for t in texts if t.startswith("（") and "指标填报表.xlsx" in t]
    assert len(listed) == NOTICE_PROBLEMS and listed[-1].startswith("（五十）《青禾县司法局-指标填报表.xlsx》第52行")
    assert texts[texts.index(listed[-1]) + 1] == f"以上列出前{NOTICE_PROBLEMS}处，另有20处问题未逐一列出，请对照所报材料逐项核对补正。"


def test_the_send_notice_names_the_plan_by_its_kind(cli: Callable[..., CliResult], ws: Path) -> None:
    """A county whose plans are 工作计划 is not told about 工作要点 in its own notice."""
    plan = ws / "data/2025/plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("year: 2025\n", "year: 2025\nkind: 工作计划\n", 1), encoding="utf-8")
    assert cli("pack", "2025", "--root", ws, "--deadline", "2026-02-20").code == 0
    body = docx_text(ws / PACKS / "报送通知.docx")
    assert "模板“一、”中已列出2025年工作计划中由本单位牵头或参与的任务" in body
    assert "序号 | 单位 | 填报指标（项） | 对应工作计划任务（项）" in body.splitlines()
    assert "工作要点" not in body
