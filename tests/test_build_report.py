"""The annual report end to end: YAML in, a .docx whose text says exactly what the data says."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn

from reporter.content.phrasing import yoy_phrase

from .conftest import CliResult, docx_text

DRAFT = Path("drafts/2024/示例市2024年法治政府建设情况报告.docx")


def build(cli: Callable[..., CliResult], root: Path, *args: str) -> CliResult:
    return cli("build", "report", *args, "--root", root)


def test_example_builds_with_every_part(cli: Callable[..., CliResult], example: Path) -> None:
    result = build(cli, example, "2024")
    assert result.code == 0, result.err
    text = docx_text(example / DRAFT).replace("\u2060", "")
    data = yaml.safe_load((example / "data/2024/report.yaml").read_text(encoding="utf-8"))
    lines = text.splitlines()
    # 版头: 发文机关标志, two blank lines, 发文字号 and 签发人 on one line, two blank lines, the title
    assert lines[:7] == [
        "示例市人民政府",
        "",
        "",
        "\t示政报〔2025〕5号\t签发人：李明",
        "",
        "",
        "示例市人民政府关于2024年法治政府建设情况的报告",
    ]
    assert "中共示例市委、示例市人大常委会、示例省人民政府：" in lines
    headings = [ln for ln in lines if re.match(r"^[一二三四五六七八九十]+、", ln)]
    assert headings == [
        "一、2024年推进法治政府建设的主要举措和成效",
        "二、2024年推进法治政府建设存在的不足和原因",
        "三、2024年市政府主要负责同志履行推进法治建设第一责任人职责情况",
        "四、2025年推进法治政府建设的主要安排",
    ]
    body = text.split("附件1")[0]
    for group in data["achievements"]:
        for item in group["items"]:
            assert item["title"] in text
            for m in item.get("metrics", []):
                if m.get("in_text", True) and m["name"] != "信访积案化解率":
                    assert yoy_phrase(m["value"], m.get("previous"), str(m.get("unit", ""))) in body
    for problem in data["problems"]:
        assert problem["text"] in text
        assert problem["cause"] in text
    for entry in data["leadership"] + data["next_year"]:
        assert entry["title"] in text
    assert "行政执法案卷评查1260件，同比增长14.5%。" in text
    assert "行政复议纠错率为12.83%，比上年提高1.6个百分点。" in text
    # in_text: false stays in the table; a figure the text states is not repeated
    assert "持有行政执法证件人员" not in body and "8 | 持有行政执法证件人员 | 人 | 5230 | 5012 | 增长4.3%" in text
    assert "化解率91.2%。全市" in body and "信访积案化解率为91.2%" not in body
    # intros open their parts; the pending item is no achievement but 五是 under 二
    assert lines[lines.index(headings[1]) + 1] == data["intros"]["problems"]
    assert lines[lines.index(headings[3]) + 1] == data["intros"]["next_year"]
    unfinished = "五是行政执法监督信息平台二期建设未能按期启动。该项目已完成需求调研"
    assert [ln[: len(unfinished)] for ln in lines if "二期建设未能按期启动" in ln] == [unfinished]
    end = lines.index("特此报告。")
    # sealed (7.3.5.1): the date 右空四字 (2 characters of en spaces past the style's 2), the name centred over it
    # the blank lines are spacing above 附件说明 and the signature, so the block never parts at a page break
    assert lines[end + 1 : end + 5] == [
        "附件：1.\t示例市2024年法治政府建设主要指标统计表",
        "2.\t示例市2024年法治政府建设工作要点任务完成情况表",
        "示例市人民政府" + "\u2002" * 3 + "\u2005",
        "2025年3月18日" + "\u2002" * 4,
    ]
    # the 版记 in a text box at the foot of the last page, after the last table
    body = Document(str(example / DRAFT)).element.body
    text = "".join(t.text or "" for t in body.iter(qn("w:t")))
    assert text.endswith("抄送：中共示例市委依法治市办，示例市司法局。示例市人民政府办公室2025年3月19日印发")


def test_numbering_never_skips_a_level(cli: Callable[..., CliResult], example: Path) -> None:
    """ "1." only under a "（一）" of part 一; parts 三 and 四 number their entries （一）（二）… directly."""
    assert build(cli, example).code == 0
    lines = docx_text(example / DRAFT).split("\n附件：")[0].splitlines()
    runs: list[list[int]] = []
    parents: list[str] = []
    for ln in lines:
        if re.match(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", ln):
            runs.append([])
            parents.append(ln)
        m = re.match(r"^(\d+)\.", ln)
        if m and runs:
            runs[-1].append(int(m.group(1)))
    numbered = [(r, p) for r, p in zip(runs, parents, strict=True) if r]
    assert len(numbered) >= 8  # a group holding one item prints it without "1."
    for r, parent in numbered:
        assert r == list(range(1, len(r) + 1))
        assert parent.startswith("（"), parent
    level2 = [ln[:5] for ln in lines if ln.startswith("（")]
    assert level2[:3] == ["（一）坚持", "（二）依法", "（三）提高"]
    three = lines[lines.index("三、2024年市政府主要负责同志履行推进法治建设第一责任人职责情况") + 1 :]
    assert [ln[:9] for ln in three[:2]] == ["（一）带头尊法学法", "（二）研究部署法治"]


def write_workspace(root: Path, report: str, unit: str | None = None) -> None:
    (root / "data/2023").mkdir(parents=True)
    (root / "data/unit.yaml").write_text(
        unit or "name: 甲县司法局\nshort_name: 甲县司法局\nrecipients: [甲县人民政府, 乙市司法局]\nareas: gangyao-2015\n", encoding="utf-8"
    )
    (root / "data/2023/report.yaml").write_text(report, encoding="utf-8")


OTHER_REPORT = """\
year: 2023
date: 2024-02-27
preface: 2023年，我局围绕中心工作依法履职。
achievements:
  - area: 行政执法
    items:
      - title: 规范执法 & 监督 <严格>
        text: 开展"{{ secret }}"检查{% if x %}。
        metrics:
          - {name: 检查次数, value: 90, unit: 次, previous: 100}
          - {name: 纠错率, value: 3.5, unit: "%", previous: 3.5}
  - area: 自定义的领域标题
    title: 改用的小标题
    items:
      - 一段没有标题的叙述
problems:
  - text: 队伍力量不足
leadership:
  - text: 主要负责人带头述法
next_year:
  - 继续规范执法
other: 无其他需要报告的情况
"""


def test_someone_elses_workspace_says_exactly_its_data(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    write_workspace(tmp_path, OTHER_REPORT)
    result = build(cli, tmp_path)
    assert result.code == 0, result.err
    lines = docx_text(tmp_path / "drafts/2023/甲县司法局2023年法治政府建设情况报告.docx").splitlines()
    body = [ln for ln in lines if ln and " | " not in ln]
    assert body[:4] == [
        "甲县司法局关于2023年法治政府建设情况的报告",
        "甲县人民政府、乙市司法局：",
        "2023年，我局围绕中心工作依法履职。",
        "一、2023年推进法治政府建设的主要举措和成效",
    ]
    assert body[4:7] == [
        "（一）坚持严格规范公正文明执法",
        # the only item under its （一）: no "1."
        '规范执法 & 监督 <严格>。开展"{{ secret }}"检查{% if x %}。检查次数90次，同比下降10%。纠错率为3.5%，与上年持平。',
        "（二）改用的小标题",
    ]
    assert "一段没有标题的叙述。" in body  # the only item of its group
    assert "队伍力量不足。" in body  # the only problem: no 一是
    assert "主要负责人带头述法。" in body  # the only entries of parts 三 and 四: no （一）
    assert "继续规范执法。" in body
    assert "五、其他需要报告的情况" in body
    assert "无其他需要报告的情况。" in body
    assert "2024年2月27日" in [ln.strip().replace("\u2060", "") for ln in body]
    # no 版头, no 版记 without their keys; 特此报告。 closes the body by default
    assert body[0] == "甲县司法局关于2023年法治政府建设情况的报告" and "抄送" not in "".join(body)
    assert "特此报告。" in body


def test_typo_gets_located_message_and_no_draft(cli: Callable[..., CliResult], example: Path) -> None:
    path = example / "data/2024/report.yaml"
    text = path.read_text(encoding="utf-8").replace("    items:\n", "    itmes:\n", 1)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    itmes:") + 1
    result = build(cli, example)
    assert result.code == 1
    assert f"data/2024/report.yaml:{line}:5: achievements[0].itmes: 未知的键 itmes；是否想写 items？" in result.err
    assert "Traceback" not in result.err
    assert not (example / "drafts").exists() or not any((example / "drafts").rglob("*.docx"))


def test_failed_render_leaves_no_partial_draft(cli: Callable[..., CliResult], example: Path) -> None:
    assert build(cli, example).code == 0
    before = (example / DRAFT).read_bytes()
    template = example / "templates/report.docx"
    template.write_bytes(b"not a zip")
    result = build(cli, example, "--force")
    assert result.code == 1
    assert "模板 templates/report.docx 不是有效的 Word（.docx）文件" in result.err
    assert (example / DRAFT).read_bytes() == before
    assert not list((example / DRAFT.parent).glob("*.tmp"))


def test_latest_year_is_the_default(cli: Callable[..., CliResult], example: Path) -> None:
    result = build(cli, example)
    assert result.code == 0
    assert "示例市2024年法治政府建设情况报告.docx" in result.out


# ------------------------------------------------------------ issue 10: nothing wrong passes, nothing is lost


def test_build_with_a_broken_next_year_plan_writes_nothing(cli: Callable[..., CliResult], example: Path) -> None:
    (example / "data/2025").mkdir(exist_ok=True)  # the example has next year's plan: break it
    (example / "data/2025/plan.yaml").write_text("year: 2025\nsections:\n  - area: 行政执法\n    taks: []\n", encoding="utf-8")
    result = cli("build", "2024", "--root", example)
    assert result.code == 1
    assert "data/2025/plan.yaml:4:5: sections[0].taks: 未知的键 taks" in result.err
    assert not (example / "drafts").exists()
    assert cli("check", "--root", example).code == 1  # check reads the same files


@pytest.mark.parametrize("target", ["report", "plan", None])
def test_strict_build_refuses_exactly_when_check_fails(cli: Callable[..., CliResult], example: Path, target: str | None) -> None:
    report = example / "data/2024/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("宣讲团", "宣讲团XX", 1), encoding="utf-8")
    assert cli("check", "2024", "--root", example).code == 1
    args = [a for a in ("build", target, "2024") if a]
    strict = cli(*args, "--root", example, "--strict")
    assert strict.code == 1 and "按 --strict 未生成初稿" in strict.err
    assert not (example / "drafts").exists()
    report.write_text(report.read_text(encoding="utf-8").replace("宣讲团XX", "宣讲团", 1), encoding="utf-8")
    assert cli("check", "2024", "--root", example).code == 0
    assert cli(*args, "--root", example, "--strict").code == 0


def test_too_long_short_name_names_the_key(cli: Callable[..., CliResult], example: Path) -> None:
    unit = example / "data/unit.yaml"
    text = unit.read_text(encoding="utf-8")
    long_name = "很长的单位简称" * 12
    unit.write_text(text.replace("short_name: 示例市", f"short_name: {long_name}", 1), encoding="utf-8")
    line = next(i for i, ln in enumerate(unit.read_text(encoding="utf-8").splitlines(), 1) if ln.startswith("short_name"))
    result = cli("build", "report", "--root", example)
    assert result.code == 1
    assert f"data/unit.yaml:{line}:13: short_name: 由 short_name 生成的文件名" in result.err
    assert "文件名最多 200 字节（约 66 个汉字）；请缩短 short_name" in result.err
    assert "File name too long" not in result.err


def test_stale_pdf_is_named(cli: Callable[..., CliResult], example: Path) -> None:
    import os

    assert cli("build", "report", "--root", example).code == 0
    pdf = (example / DRAFT).with_suffix(".pdf")
    pdf.write_bytes(b"%PDF-1.4 old")
    os.utime(pdf, (1, 1))
    result = cli("build", "report", "--root", example, "--force")
    assert result.code == 0
    assert f"警告 {DRAFT.with_suffix('.pdf').as_posix()}: PDF 是由旧稿生成的，已过时；加 --pdf 重新生成，或删除它" in result.out


def test_build_plan_lists_a_broken_report_beside_it_and_strict_refuses(cli: Callable[..., CliResult], example: Path) -> None:
    report = example / "data/2024/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("date:", "dat:", 1), encoding="utf-8")
    assert cli("check", "2024", "--root", example).code == 1
    built = cli("build", "plan", "2024", "--root", example)
    assert built.code == 0, built.err
    assert "data/2024/report.yaml:" in built.out and "未知的键 dat" in built.out
    strict = cli("build", "plan", "2024", "--root", example, "--strict", "--force")
    assert strict.code == 1 and "按 --strict 未生成初稿" in strict.err


# ------------------------------------------------------------ issue 21: one unit's broken file


def test_build_report_warns_about_a_broken_unit_file_and_writes_the_county_report(cli: Callable[..., CliResult], example: Path) -> None:
    units = example / "data/2024/units"
    units.mkdir(parents=True, exist_ok=True)
    (units / "示例市公安局.yaml").write_text("year: 2024\nachievements:\n  - area: 行政执法\n    itmes: []\n", encoding="utf-8")
    built = cli("build", "report", "2024", "--root", example)
    assert built.code == 0, built.err
    assert (
        "警告 data/2024/units/示例市公安局.yaml: 这份单位材料有数据错误，未读入；本级初稿照常生成；"
        "运行 reporter check 或 reporter merge 查看错误，请报送单位改正后重新报送"
    ) in built.out
    assert "未知的键 itmes" not in built.out  # the unit's own errors are for merge and check to list
    assert (example / DRAFT).is_file()
    # the season's build too; check and --strict still say it is an error
    assert cli("build", "2024", "--root", example, "--force").code == 0
    assert "data/2024/units/示例市公安局.yaml:4:5: achievements[0].itmes: 未知的键 itmes" in cli("check", "2024", "--root", example).out
    strict = cli("build", "report", "2024", "--root", example, "--strict", "--force")
    assert strict.code == 1 and "按 --strict 未生成初稿" in strict.err


def test_figures_print_as_a_drafter_writes_them_and_read_back_the_same(tmp_path: Path) -> None:
    from docx import Document

    from reporter import api
    from reporter.importer.report import import_report

    (tmp_path / "data/2024").mkdir(parents=True)
    (tmp_path / "data/unit.yaml").write_text("name: 甲县人民政府\nshort_name: 甲县\n", encoding="utf-8")
    metrics = [
        {"name": "共享数据", "value": "5.6万", "unit": "条", "previous": "4.8万"},
        {"name": "行政诉讼败诉案件", "value": 0, "unit": "件", "previous": 2},
        {"name": "专题学法", "value": 6, "unit": "次", "previous": 4},
        {"name": "新建阵地", "value": 3, "unit": "个", "previous": 0},
    ]
    item = {"title": "推进数据共享", "text": "推进政务数据共享。", "status": "done", "metrics": metrics}
    report = {"year": 2024, "date": "2025-03-10", "achievements": [{"area": "行政执法", "items": [item]}]}
    report |= {"problems": ["执法力量不足。"], "leadership": ["带头学法。"], "next_year": ["加强执法队伍建设"]}
    (tmp_path / "data/2024/report.yaml").write_text(yaml.safe_dump(report, allow_unicode=True), encoding="utf-8")
    draft = api.build_report(tmp_path, 2024).drafts[0].path
    document = Document(str(draft))
    assert (
        "推进数据共享。推进政务数据共享。共享数据5.6万条，同比增长16.7%。未发生行政诉讼败诉案件，上年为2件。"
        "专题学法6次，比上年增加2次。新建阵地3个，上年为0。"
    ) in [p.text for p in document.paragraphs]
    rows = [[c.text for c in row.cells][1:] for row in document.tables[0].rows]
    assert rows[1:] == [
        ["共享数据", "条", "5.6万", "4.8万", "增长16.7%"],
        ["行政诉讼败诉案件", "件", "0", "2", "减少2件"],
        ["专题学法", "次", "6", "4", "增加2次"],
        ["新建阵地", "个", "3", "0", "上年为0"],
    ]
    (read,) = import_report(draft, 2024).data()["achievements"]
    assert read["items"][0]["text"] == "推进政务数据共享。"  # the generated sentences went back into the metrics
    assert read["items"][0]["metrics"] == metrics
