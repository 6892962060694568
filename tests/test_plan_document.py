"""The plan draft: 印发通知, titled 保障措施, 规划 titles, the 任务分工表, and the plan rules of `check`."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from reporter.checks.plan_rules import past_years
from reporter.document.draft.pdf import to_pdf
from reporter.document.draft.task_table_fit import allocate

from .conftest import FIXTURES, CliResult, docx_text

PLANS = FIXTURES / "plan"


def workspace(tmp_path: Path, case: str, year: int) -> Path:
    (tmp_path / f"data/{year}").mkdir(parents=True)
    shutil.copy(PLANS / "unit.yaml", tmp_path / "data/unit.yaml")
    shutil.copy(PLANS / f"{case}.yaml", tmp_path / f"data/{year}/plan.yaml")
    return tmp_path


def built(cli: Callable[..., CliResult], root: Path, year: int, name: str) -> Path:
    result = cli("build", "plan", str(year), "--root", root)
    assert result.code == 0, result.err
    return root / f"drafts/{year}/{name}.docx"


def test_notice_opens_the_plan_which_starts_on_a_new_page(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    draft = built(cli, workspace(tmp_path, "notice-titled-closing", 2023), 2023, "青禾县2023年法治政府建设工作要点")
    lines = [ln.rstrip("\u2002\u2005").replace("\u2060", "") for ln in docx_text(draft).splitlines()]
    assert lines[:8] == [
        "青禾县人民政府办公室关于印发青禾县2023年法治政府建设工作要点的通知",
        "",
        "各乡镇人民政府，县政府各部门：",
        "现将《青禾县2023年法治政府建设工作要点》印发给你们，请结合实际认真贯彻执行。",
        "青禾县人民政府办公室",
        "2023年3月20日",
        "（此件公开发布）",
        "青禾县2023年法治政府建设工作要点",
    ]
    title = next(p for p in Document(str(draft)).paragraphs if p.text == "青禾县2023年法治政府建设工作要点")
    assert title._p.xpath("./w:pPr/w:pageBreakBefore")
    # the plan is signed by its notice alone
    assert lines.count("青禾县人民政府办公室") == 1


def test_titled_closing_entries_print_like_tasks(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    draft = built(cli, workspace(tmp_path, "notice-titled-closing", 2023), 2023, "青禾县2023年法治政府建设工作要点")
    lines = docx_text(draft).splitlines()
    at = lines.index("二、保障措施")
    # the only titled entry: no （一） of its own (a level is numbered only when it holds more than one)
    assert lines[at + 1 : at + 3] == ["加强组织领导。各乡镇、各部门要加强领导。", "强化督促检查，确保各项任务落地见效。"]
    lead = next(p for p in Document(str(draft)).paragraphs if p.text.startswith("加强组织领导"))
    assert lead.runs[0].text == "加强组织领导。" and lead.runs[0].style.name == "二级标题引导"


def test_task_table_numbers_units_and_alignment(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    draft = built(cli, workspace(tmp_path, "notice-titled-closing", 2023), 2023, "青禾县2023年法治政府建设工作要点")
    table = Document(str(draft)).tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows == [
        ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"],
        ["一", "严格规范性文件合法性审核", "县司法局", "县政府各部门、\n各乡镇人民政府", "2023年10月底前"],
        ["二", "推进乡镇综合行政执法改革", "县委编办", "", "年内"],
    ]
    # centred vertically, as the README says; 工作任务 the widest column
    assert {tc.get(qn("w:val")) for tc in table._tbl.iter(qn("w:vAlign"))} == {"center"}
    grid = [int(g.get(qn("w:w"))) for g in table._tbl.iter(qn("w:gridCol"))]
    cells = [int(tc.get(qn("w:w"))) for tc in table.rows[1]._tr.iter(qn("w:tcW"))]
    assert cells == grid and grid[1] == max(grid)
    # 2023年10月底前 (7 characters, 3 script changes) on one line of 小四: 12 pt = 240 twips a character
    assert grid[4] >= 7.75 * 240 + 200


def test_columns_empty_for_every_task_are_left_out(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    draft = built(cli, workspace(tmp_path, "guihua-period", 2021), 2021, "青禾县法治政府建设规划（2021—2025年）")
    table = Document(str(draft)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "工作任务", "牵头单位"]
    assert len(table._tbl.findall(qn("w:tblGrid") + "/" + qn("w:gridCol"))) == 3


def test_guihua_names_its_period_and_no_single_year(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    draft = built(cli, workspace(tmp_path, "guihua-period", 2021), 2021, "青禾县法治政府建设规划（2021—2025年）")
    lines = docx_text(draft).splitlines()
    assert lines[0] == "青禾县法治政府建设规划（2021—2025年）"
    headings = [ln for ln in lines if ln[:2] in ("一、", "二、", "三、")]
    assert headings == ["一、指导思想", "二、主要目标", "三、健全依法行政制度体系"]
    assert "附件：青禾县法治政府建设规划（2021—2025年）任务分工表" in lines


def test_empty_task_texts_warn_on_build_and_are_errors_in_check(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    root = workspace(tmp_path, "empty-task-texts", 2024)
    result = cli("build", "plan", "2024", "--root", root)
    assert result.code == 0
    assert "警告 data/2024/plan.yaml:4:3: sections: 2 项任务还没有写任务内容（text），初稿中这些任务只有标题；请补写后再印发" in result.out
    check = cli("check", "2024", "--root", root)
    assert check.code == 1
    out = " ".join((check.out + check.err).split())
    assert "错误 data/2024/plan.yaml:6:9: sections[0].tasks[0]: 任务 1“严格规范性文件合法性审核”还没有任务内容（text）" in out
    assert "错误 data/2024/plan.yaml:8:46: sections[0].tasks[2].text: 任务 3“推进乡镇综合行政执法改革”还没有任务内容（text）" in out
    assert (
        "警告 data/2024/plan.yaml:7:74: sections[0].tasks[1].due: 任务 2“科学编制2023年度立法计划”写的是 2023年，早于本计划的 2024 年"
        in out
    )
    assert (
        "警告 data/2024/plan.yaml:7:26: sections[0].tasks[1].title: 任务 2“科学编制2023年度立法计划”写的是 2023年，早于本计划的 2024 年"
        in out
    )


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("科学编制2023年度立法计划", [2023]),
        ("2023年11月底前", [2023]),
        ("2023 年底前", [2023]),
        ("落实《法治政府建设实施纲要（2021—2025年）》", []),
        ("2021-2025年", []),
        ("2024年年底前", []),
        ("每季度", []),
    ],
)
def test_past_years(text: str, years: list[int]) -> None:
    assert past_years(text, 2024) == years


def test_allocate_gives_minimums_then_shares_the_rest() -> None:
    assert allocate([(100, 200), (100, 300)], 1000) == [200, 800]  # all fit: the rest to the widest wish
    assert allocate([(100, 300), (100, 500)], 500) == [200, 300]  # shared by what each still wants
    assert allocate([(400, 500), (400, 500)], 600) == [300, 300]  # too narrow: scaled


def test_allocate_leaves_the_task_column_the_most_room() -> None:
    # 序号, 工作任务, 牵头单位 and 责任单位 of 8-character names, 完成时限 that may put its year on a line of its own:
    # the 任务分工表 of a 县 whose task column used to be the narrowest
    needs = [(710.0, 710.0), (1670.0, 4790.0), (2150.0, 2150.0), (2150.0, 2150.0), (1250.0, 2090.0)]
    widths = allocate(needs, 8845, main=1)
    assert widths == [710, 2585, 2150, 2150, 1250] and sum(widths) == 8845
    # names of 8 characters or fewer never break: their columns keep their minimum
    assert widths[2] >= needs[2][0] and widths[3] >= needs[3][0]
    # room to spare: every column on one line, the task column still the widest
    assert allocate([(710.0, 710.0), (1670.0, 3000.0), (1200.0, 1400.0), (1300.0, 2000.0)], 8845, main=1)[1] == 8845 - 710 - 1400 - 2000


def test_report_item_still_without_text_is_reported(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    root = workspace(tmp_path, "empty-task-texts", 2024)
    shutil.copy(PLANS / "report-item-without-text.yaml", root / "data/2024/report.yaml")
    out = " ".join(cli("check", "2024", "--root", root).out.split())
    # one rule, issue 10's, owns an item without text: reported once, as an error
    assert "错误 data/2024/report.yaml:10:15: achievements[0].items[0].text: 举措没有正文（text），初稿只会印出标题" in out
    assert out.count("举措没有正文") == 1


def test_notice_takes_its_masthead_number_imprint_and_the_unit_sealed_setting(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    root = workspace(tmp_path, "notice-with-masthead-and-imprint", 2025)
    unit = root / "data/unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8") + "sealed: false\n", encoding="utf-8")
    draft = built(cli, root, 2025, "青禾县2025年法治政府建设工作计划")
    lines = [ln.rstrip("\u2002\u2005").replace("\u2060", "") for ln in docx_text(draft).splitlines() if ln.strip()]
    assert lines[:4] == [
        "青禾县人民政府办公室",
        "青政办发〔2025〕3号",
        # the title breaks after 关于印发: the name of the plan stays whole
        "青禾县人民政府办公室关于印发青禾县2025年法治政府建设工作计划的通知",
        "各乡镇人民政府，县政府各部门：",
    ]
    doc = Document(str(draft))
    title = next(p for p in doc.paragraphs if p.text.startswith("青禾县人民政府办公室关于印发"))
    assert title.text.split("\n") == ["青禾县人民政府办公室关于印发", "青禾县2025年法治政府建设工作计划的通知"]
    number = next(p for p in doc.paragraphs if p.text == "青政办发〔2025〕3号")
    assert number.paragraph_format.alignment is not None and number.paragraph_format.alignment == 1  # centred: a 下行文
    # unsealed (GB/T 9704 7.3.5.2): one line of spacing above the signature, not two
    signature = next(p for p in doc.paragraphs if p.style is not None and p.style.name == "署名")
    assert signature._p.xpath("./w:pPr/w:spacing/@w:before") == ["578"]
    # the 版记 closes the document, after the 任务分工表 (in a text box at the foot of the last page)
    text = "".join(t.text or "" for t in doc.element.body.iter(qn("w:t")))
    assert text.index("抄送：县委办公室，县人大常委会办公室，县政协办公室。") > text.index("任务分工表")
    assert text.endswith("青禾县人民政府办公室2025年3月21日印发")


def test_headers_never_stand_one_character_a_line() -> None:
    from reporter.document.draft.task_table_fit import _header_atom

    assert _header_atom("序号") == 2 and _header_atom("错误") == 2  # whole up to four characters
    assert _header_atom("无此职责单位数") == 4  # longer ones on two lines at most


def test_a_seven_character_name_before_its_mark_stays_whole(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    # "各乡镇人民政府、" is eight characters on its line: sized for seven, LibreOffice put "府、" on a line of its own
    draft = built(cli, workspace(tmp_path, "seven-character-names-before-a-mark", 2025), 2025, "青禾县2025年法治政府建设工作计划")
    table = Document(str(draft)).tables[0]
    grid = [int(g.get(qn("w:w"))) for g in table._tbl.iter(qn("w:gridCol"))]
    assert grid[3] >= 8 * 240 + 200 and grid[1] == max(grid)
    if shutil.which("soffice") or os.environ.get("CI"):  # CI installs LibreOffice: there it is never skipped
        text = subprocess.run(["pdftotext", "-layout", str(to_pdf(draft)), "-"], capture_output=True, text=True, check=True).stdout
        assert any("各乡镇人民政府、" in line for line in text.splitlines()), text
