"""`reporter edits`: a reviewed draft's changes carried back into the YAML (end to end through the CLI)."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest

from tests.conftest import FIXTURES, CliResult, docx_text
from tests.reviewing import find, plain_replace, track_delete, track_insert_after, track_move, track_replace

REPORT = "drafts/2024/示例市2024年法治政府建设情况报告.docx"
PLAN = "drafts/2025/示例市2025年法治政府建设工作要点.docx"
Cli = Callable[..., CliResult]


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [d[2:] for d in diff if d.startswith("- ")], [d[2:] for d in diff if d.startswith("+ ")]


def libreoffice_save(path: Path, tmp: Path) -> Path:
    """The draft opened and saved again by LibreOffice (Word 2007 format), as a reviewer on Linux would."""
    out = tmp / "lo"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(path)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / path.name


needs_soffice = pytest.mark.skipif(not os.environ.get("CI") and shutil.which("soffice") is None, reason="未安装 LibreOffice（soffice）")


def _review_round(doc: Any) -> None:
    """A reviewer's edits with 修订 on: a figure, a title, a deleted problem, an added duty, a computed heading, a comment."""
    track_replace(find(doc, "1.推动习近平"), "专题学习4次", "专题学习5次")
    track_replace(find(doc, "2.抓住领导干部"), "抓住领导干部这个“关键少数”", "抓住“关键少数”")
    track_delete(find(doc, "三是行政争议"))
    track_insert_after(find(doc, "（二）研究部署"), "（三）带头推进依法决策。严格执行重大行政决策程序规定。")
    track_replace(find(doc, "1.动态调整"), "38项", "40项")
    track_replace(find(doc, "一、2024年推进"), "推进法治政府建设的", "")
    doc.add_comment(find(doc, "（一）做好“八五”").runs, text="验收时间再核实", author="张副市长")


@needs_soffice
def test_a_review_round_with_tracked_changes_saved_by_libreoffice(example: Path, cli: Cli, tmp_path: Path) -> None:
    assert cli("build", "report", "2024", "--root", example).code == 0
    doc = docx.Document(str(example / REPORT))
    _review_round(doc)
    reviewed = tmp_path / "讨论稿（张副市长改）.docx"
    doc.save(str(reviewed))
    saved = libreoffice_save(reviewed, tmp_path)
    before = (example / "data/2024/report.yaml").read_text(encoding="utf-8")

    shown = cli("edits", saved, "--root", example)
    assert shown.code == 0, shown.err
    lines = shown.out.splitlines()
    assert "修改 4 处：" in lines
    assert (
        "data/2024/report.yaml:38: achievements[0].items[0].text: …近平法治思想专题学习4次，举办法治专题讲座… → …近平法治思想专题学习5次，举办法治专题讲座…"
        in lines
    )
    assert "data/2024/report.yaml:41: achievements[0].items[1].title: 抓住领导干部这个“关键少数” → 抓住“关键少数”" in lines
    assert any(ln.startswith("data/2024/report.yaml:261: problems[2]: 删除“三是行政争议源头预防仍需加强。") for ln in lines)
    assert "data/2024/report.yaml:267: leadership[2]: 新增“（三）带头推进依法决策。严格执行重大行政决策程序规定。”" in lines
    assert any("请把 achievements[1].items[0].metrics[0].value 改为 40" in ln for ln in lines)
    assert any("要改写请写 headings.achievements" in ln for ln in lines)
    assert any(ln.startswith("next_year[0]: 张副市长：验收时间再核实") for ln in lines)
    assert (example / "data/2024/report.yaml").read_text(encoding="utf-8") == before  # nothing written without --write

    written = cli("edits", saved, "--write", "--root", example)
    assert written.code == 0, written.err
    after = (example / "data/2024/report.yaml").read_text(encoding="utf-8")
    removed, added = changed_lines(before, after)
    assert added == [
        "        text: 市政府党组理论学习中心组开展习近平法治思想专题学习5次，举办法治专题讲座2场。组建由法学专家、律师和基层干部组成的宣讲团，深入机关、乡村、社区宣讲126场，覆盖干部群众1.8万人次。",
        "      - title: 抓住“关键少数”",
        "  - title: 带头推进依法决策",
        "    text: 严格执行重大行政决策程序规定。",
    ]
    assert len(removed) == 4 and removed[2].startswith("  - text: 行政争议源头预防仍需加强")
    [backup] = list((example / "data/2024").glob("report.yaml.*.bak"))
    assert backup.read_text(encoding="utf-8") == before

    assert cli("build", "report", "2024", "--root", example).code == 0
    text = docx_text(example / REPORT)
    assert "专题学习5次" in text and "2.抓住“关键少数”。" in text and "（三）带头推进依法决策。严格执行重大行政决策程序规定。" in text
    assert "行政争议源头预防仍需加强" not in text
    # the same draft read again: its changes are in the data now, nothing more to write
    again = cli("edits", saved, "--root", example)
    assert "没有要写回数据的修改。" in again.out


def test_every_kind_of_text_value_goes_back_to_its_key(example: Path, cli: Cli, tmp_path: Path) -> None:
    assert cli("build", "report", "2024", "--root", example).code == 0
    doc = docx.Document(str(example / REPORT))
    plain_replace(find(doc, "2024年，在省委"), "在省委、省政府和市委的坚强领导下", "在市委的坚强领导下")  # preface
    plain_replace(find(doc, "（一）坚持用习近平"), "指导实践", "引领实践")  # a group's title
    plain_replace(find(doc, "一是行政执法规范化"), "乡镇（街道）综合执法队伍", "基层综合执法队伍")  # a cause
    plain_replace(find(doc, "对照法治政府建设实施纲要和年度工作要点"), "一些短板", "一些问题")  # an intro
    plain_replace(find(doc, "三、2024年市政府"), "市政府主要负责同志", "市政府主要负责人")  # headings: override
    plain_replace(find(doc, "（四）开展重大行政决策后评估"), "选取3项", "选取5项")  # next_year text
    plain_replace(find(doc, "（一）带头尊法学法守法用法"), "带头尊法学法守法用法", "带头尊法学法")  # leadership title
    plain_replace(find(doc, "特此报告。"), "特此报告。", "专此报告。")  # closing
    plain_replace(find(doc, "示例市人民政府\u2002"), "示例市人民政府", "示例市政府")  # signature: computed
    plain_replace(find(doc, "2025\u2060年"), "18", "25")  # the date: computed, the finding gives the key
    track_move(find(doc, "2.坚持和发展新时代"), find(doc, "3.推进信访工作法治化"), "7个县级矛盾纠纷调处化解中心全部实体化运行，")
    track_insert_after(find(doc, "3.严格规范性文件合法性审核"), "4.开展证明事项清理。全年取消证明事项12项。")
    track_delete(find(doc, "2.发挥法律顾问和公职律师作用"))
    doc.save(str(tmp_path / "审阅稿.docx"))
    before = (example / "data/2024/report.yaml").read_text(encoding="utf-8")

    result = cli("edits", tmp_path / "审阅稿.docx", "--write", "--root", example)
    assert result.code == 0, result.err
    import yaml

    data = yaml.safe_load((example / "data/2024/report.yaml").read_text(encoding="utf-8"))
    old = yaml.safe_load(before)
    assert data["preface"].startswith("2024年，在市委的坚强领导下，我市")
    assert data["achievements"][0]["title"] == "坚持用习近平法治思想引领实践"
    assert data["problems"][0]["cause"].startswith("基层综合执法队伍")
    assert data["intros"]["problems"] == "对照法治政府建设实施纲要和年度工作要点，我市法治政府建设还存在一些问题："
    assert data["headings"]["leadership"] == "2024年市政府主要负责人履行推进法治建设第一责任人职责情况"
    assert "选取5项" in data["next_year"][3]["text"]
    assert data["leadership"][0]["title"] == "带头尊法学法"
    assert data["closing"] == "专此报告。"
    assert not data["achievements"][6]["items"][1]["text"].startswith("7个县级")
    assert data["achievements"][6]["items"][2]["text"].endswith("7个县级矛盾纠纷调处化解中心全部实体化运行，")
    assert data["achievements"][2]["items"][3] == {"title": "开展证明事项清理", "text": "全年取消证明事项12项。"}
    assert [i["title"] for i in data["achievements"][3]["items"]] == [old["achievements"][3]["items"][0]["title"]]
    assert "署名来自 data/unit.yaml 的 name" in result.out
    assert "成文日期来自 date；如确要改，请写 date: 2025-03-25" in result.out


def test_a_value_changed_in_the_data_and_in_the_draft_is_a_conflict(example: Path, cli: Cli, tmp_path: Path) -> None:
    assert cli("build", "report", "2024", "--root", example).code == 0
    doc = docx.Document(str(example / REPORT))
    plain_replace(find(doc, "2.抓住领导干部"), "抓住领导干部这个“关键少数”", "抓住“关键少数”")
    plain_replace(find(doc, "1.推动习近平"), "专题学习4次", "专题学习5次")
    doc.save(str(tmp_path / "审阅稿.docx"))
    data = example / "data/2024/report.yaml"
    # meanwhile the drafter reworded the same title in the YAML and added an item above it
    text = data.read_text(encoding="utf-8").replace("title: 抓住领导干部这个“关键少数”", "title: 紧盯领导干部这个“关键少数”")
    text = text.replace(
        "    items:\n      - title: 推动习近平法治思想", "    items:\n      - 新增的一条举措。\n      - title: 推动习近平法治思想", 1
    )
    data.write_text(text, encoding="utf-8")

    result = cli("edits", tmp_path / "审阅稿.docx", "--write", "--root", example)
    assert result.code == 1
    assert "冲突 1 处（初稿生成后数据文件中也改了这些值，未写入）：" in result.out
    assert (
        "data/2024/report.yaml:42: achievements[0].items[2].title: 数据文件现为“紧盯领导干部这个“关键少数””，审阅稿改为“抓住“关键少数””；请核对后手工修改"
        in result.out
    )
    after = data.read_text(encoding="utf-8")
    assert "title: 紧盯领导干部这个“关键少数”" in after  # not written over
    assert "专题学习5次" in after  # the other change is written, into the entry that moved down


def test_a_yaml_full_of_comments_changes_only_in_the_changed_values(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "ws"
    (root / "data/2024").mkdir(parents=True)
    shutil.copy(FIXTURES / "edits/unit.yaml", root / "data/unit.yaml")
    source = FIXTURES / "edits/commented_report.yaml"
    shutil.copy(source, root / "data/2024/report.yaml")
    assert cli("build", "report", "2024", "--root", root).code == 0
    draft = root / "drafts/2024/青禾县2024年法治政府建设情况报告.docx"
    doc = docx.Document(str(draft))
    plain_replace(find(doc, "1.推行“三项制度”"), "案卷评查合格率明显提高", "案卷评查合格率达到98%")
    plain_replace(find(doc, "2.开展执法人员轮训"), "1200人次", "1300人次")
    plain_replace(find(doc, "3.加强执法监督"), "专项监督3次", "专项监督4次")
    plain_replace(find(doc, "一是基层执法力量不足"), "编制有限", "编制有限、人员流动大")
    plain_replace(find(doc, "三、县政府主要负责同志"), "主要负责同志", "主要负责人")
    track_insert_after(find(doc, "一是基层执法力量不足"), "二是执法信息化水平不高。主要原因是投入不足。")
    doc.save(str(draft.with_name("审阅稿.docx")))
    assert cli("edits", draft.with_name("审阅稿.docx"), "--write", "--root", root).code == 0
    removed, added = changed_lines(source.read_text(encoding="utf-8"), (root / "data/2024/report.yaml").read_text(encoding="utf-8"))
    assert removed == [
        "  leadership: 县政府主要负责同志履行推进法治建设第一责任人职责情况",
        "          案卷评查合格率明显提高。",
        "      - 开展执法人员轮训，全年培训1200人次。",
        '        text: "开展专项监督3次，纠正问题15个。"   # 行尾注释',
        "    cause: 编制有限",
    ]
    assert added == [
        "  leadership: 县政府主要负责人履行推进法治建设第一责任人职责情况",
        "          案卷评查合格率达到98%。",
        "      - 开展执法人员轮训，全年培训1300人次。",
        '        text: "开展专项监督4次，纠正问题15个。"   # 行尾注释',
        "    cause: 编制有限、人员流动大",
        "  - text: 执法信息化水平不高",
        "    cause: 投入不足。",
    ]


def test_the_plan_s_tasks_and_their_units_go_back(example: Path, cli: Cli, tmp_path: Path) -> None:
    assert cli("build", "plan", "2025", "--root", example).code == 0
    doc = docx.Document(str(example / PLAN))
    task = next(p for p in doc.paragraphs if "〔牵头单位：" in p.text)
    note = task.text[task.text.index("〔") :]
    plain_replace(task, note, "〔牵头单位：市司法局、市政务服务管理局；完成时限：2025年9月底前〕")
    doc.save(str(tmp_path / "要点审阅稿.docx"))
    result = cli("edits", tmp_path / "要点审阅稿.docx", "--write", "--root", example)
    assert result.code == 0, result.err
    import yaml

    plan = yaml.safe_load((example / "data/2025/plan.yaml").read_text(encoding="utf-8"))
    first = next(t for s in plan["sections"] for t in s.get("tasks", []))
    assert first["lead"] in (["市司法局", "市政务服务管理局"], "市司法局、市政务服务管理局")
    assert first["due"] == "2025年9月底前"


def test_a_draft_renamed_and_stripped_of_its_id_is_recognised_by_its_text(example: Path, cli: Cli, tmp_path: Path) -> None:
    assert cli("build", "report", "2024", "--root", example).code == 0
    copy = tmp_path / "另存的副本.docx"
    with zipfile.ZipFile(example / REPORT) as src, zipfile.ZipFile(copy, "w") as dst:
        for info in src.infolist():
            if info.filename != "docProps/custom.xml":
                dst.writestr(info, src.read(info))
    result = cli("edits", copy, "--root", example)
    assert result.code == 0
    assert "另存的副本.docx 中的初稿编号已丢失，按内容认定它是 示例市2024年法治政府建设情况报告.docx" in result.err


def test_a_document_this_workspace_did_not_build_is_refused(example: Path, cli: Cli, tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("别处的文件。")
    doc.save(str(tmp_path / "别处.docx"))
    result = cli("edits", tmp_path / "别处.docx", "--root", example)
    assert result.code == 1
    assert "别处.docx 不是在本工作目录中生成的初稿（它不带初稿编号）" in result.err
    assert cli("edits", tmp_path / "没有.docx", "--root", example).code == 1
    assert cli("edits", "--root", example).code == 2


def test_plan_paragraphs_added_after_a_heading_or_a_task_and_the_closing_measures(example: Path, cli: Cli, tmp_path: Path) -> None:
    assert cli("build", "plan", "2025", "--root", example).code == 0
    doc = docx.Document(str(example / PLAN))
    track_insert_after(
        find(doc, "五、推进严格规范公正文明执法"), "（六）推行柔性执法。制定不予处罚清单。〔牵头单位：市司法局；完成时限：年内〕"
    )
    track_insert_after(find(doc, "（四）严格行政规范性文件合法性审核"), "（五）开展规章清理。对现行规章全面清理。")
    plain_replace(find(doc, "（二）强化督促检查"), "每季度调度工作进展", "每月调度工作进展")
    doc.add_comment(find(doc, "（一）加强组织领导").runs, text="写明考核办法", author="李主任")
    doc.save(str(tmp_path / "要点讨论稿.docx"))
    import yaml

    before = yaml.safe_load((example / "data/2025/plan.yaml").read_text(encoding="utf-8"))
    shown = cli("edits", tmp_path / "要点讨论稿.docx", "--write", "--root", example)
    assert shown.code == 0, shown.err
    top = max(int(t["id"]) for s in before["sections"] for t in s.get("tasks", []))
    assert "closing[0]: 李主任：写明考核办法（批注的文字：“（一）加强组织领导。" in shown.out

    plan = yaml.safe_load((example / "data/2025/plan.yaml").read_text(encoding="utf-8"))
    ids = [str(t["id"]) for s in plan["sections"] for t in s.get("tasks", [])]
    law = next(s for s in plan["sections"] if s["area"] == "健全行政执法工作体系")
    assert law["tasks"][0] == {
        "id": str(top + 2),
        "title": "推行柔性执法",
        "text": "制定不予处罚清单。",
        "lead": ["市司法局"],
        "due": "年内",
    }
    rules = next(s for s in plan["sections"] if s["area"] == "健全依法行政制度体系")
    # new tasks are numbered after the plan's last id, in the order they stand in the document
    assert rules["tasks"][-1] == {"id": str(top + 1), "title": "开展规章清理", "text": "对现行规章全面清理。"}
    assert "每月调度工作进展" in plan["closing"][1]["text"]
    assert len(set(ids)) == len(ids)


def test_a_gb18030_data_file_is_written_back_in_its_own_encoding(example: Path, cli: Cli, tmp_path: Path) -> None:
    data = example / "data/2024/report.yaml"
    data.write_bytes(data.read_text(encoding="utf-8").encode("gb18030"))
    assert cli("build", "report", "2024", "--root", example).code == 0
    doc = docx.Document(str(example / REPORT))
    plain_replace(find(doc, "1.推动习近平"), "专题学习4次", "专题学习5次")
    doc.save(str(tmp_path / "审阅稿.docx"))
    assert cli("edits", tmp_path / "审阅稿.docx", "--write", "--root", example).code == 0
    assert "专题学习5次" in data.read_bytes().decode("gb18030")


def test_units_and_deadlines_written_after_a_next_year_entry_become_its_keys(example: Path, cli: Cli, tmp_path: Path) -> None:
    assert cli("build", "report", "2024", "--root", example).code == 0
    doc = docx.Document(str(example / REPORT))
    entry = find(doc, "（四）开展重大行政决策后评估")
    plain_replace(
        entry,
        "评估结果作为调整完善决策的依据。",
        "评估结果作为调整完善决策的依据。〔牵头单位：市司法局；责任单位：市发展改革委；完成时限：2025年10月底前〕",
    )
    track_insert_after(entry, "（五）推进行政复议规范化建设。制定复议案件办理规范。〔牵头单位：市司法局〕")
    doc.save(str(tmp_path / "审阅稿.docx"))
    result = cli("edits", tmp_path / "审阅稿.docx", "--write", "--root", example)
    assert result.code == 0, result.err
    import yaml

    entries = yaml.safe_load((example / "data/2024/report.yaml").read_text(encoding="utf-8"))["next_year"]
    assert entries[3]["text"].endswith("评估结果作为调整完善决策的依据。")
    assert (entries[3]["lead"], entries[3]["responsible"], entries[3]["due"]) == (["市司法局"], ["市发展改革委"], "2025年10月底前")
    assert entries[4] == {"title": "推进行政复议规范化建设", "text": "制定复议案件办理规范。", "lead": ["市司法局"]}


def test_a_paragraph_moved_moves_its_entry_with_every_key(example: Path, cli: Cli, tmp_path: Path) -> None:
    import yaml

    assert cli("build", "report", "2024", "--root", example).code == 0
    doc = docx.Document(str(example / REPORT))
    moved = find(doc, "3.持续优化法治化营商环境")  # item with task, status and a metric
    find(doc, "1.动态调整政府部门权责清单")._p.addprevious(moved._p)
    doc.save(str(tmp_path / "调整顺序.docx"))
    before = yaml.safe_load((example / "data/2024/report.yaml").read_text(encoding="utf-8"))
    result = cli("edits", tmp_path / "调整顺序.docx", "--write", "--root", example)
    assert result.code == 0, result.err
    assert "（原为 achievements[1].items[2]，其余的键随之移动）" in result.out
    items = yaml.safe_load((example / "data/2024/report.yaml").read_text(encoding="utf-8"))["achievements"][1]["items"]
    old = before["achievements"][1]["items"]
    assert items == [old[2], old[0], old[1]]
    assert "没有要写回数据的修改。" in cli("edits", tmp_path / "调整顺序.docx", "--write", "--root", example).out


def test_a_plan_made_on_the_fly_says_why_its_edits_cannot_go_back(example: Path, cli: Cli, tmp_path: Path) -> None:
    (example / "data/2025/plan.yaml").unlink()
    assert cli("build", "2024", "--root", example).code == 0
    result = cli("edits", example / "drafts/2025/示例市2025年法治政府建设工作要点（临时生成）.docx", "--root", example)
    assert result.code == 1
    assert "这份初稿生成时还没有 data/2025/plan.yaml（按上一年报告临时生成），修改无法写回；请先运行 reporter init plan 2025" in result.err


def test_an_edited_table_cell_names_the_metric_to_change(example: Path, cli: Cli, tmp_path: Path) -> None:
    assert cli("build", "report", "2024", "--root", example).code == 0
    doc = docx.Document(str(example / REPORT))
    row = next(r for r in doc.tables[0].rows if r.cells[1].text == "调整权责清单事项")
    plain_replace(row.cells[3].paragraphs[0], "38", "40")
    doc.save(str(tmp_path / "改表.docx"))
    result = cli("edits", tmp_path / "改表.docx", "--root", example)
    assert result.code == 0
    assert (
        "“40”：“38”改为“40”：这部分由工具生成，不会写回；附件表格由 achievements[1].items[0].metrics[0] 生成；请改这一项的数据"
        in result.out
    )


def test_a_units_own_draft_says_where_its_edits_go(example: Path, cli: Cli) -> None:
    """build report --units keeps no record of a unit's data: the edits cannot be written back, and it says where to make them."""
    assert cli("build", "report", "2024", "--units", "--jobs", "1", "--root", example).code == 0
    draft = example / "drafts/2024/units/示例市公安局2024年法治政府建设情况报告.docx"
    result = cli("edits", draft, "--root", example)
    assert result.code == 1
    assert (
        "示例市公安局2024年法治政府建设情况报告.docx 是 build report --units 生成的单位报告，生成时不记录数据，修改无法自动写回；"
        "请把修改写入 data/2024/units/ 中该单位的材料（或请单位改后重报），再重新生成"
    ) in result.err
