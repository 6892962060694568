"""Importing an annual report: structure by meaning, nothing lost, nothing foreign, and the round trip through a draft."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reporter import api
from reporter.core.errors import ImportFormatError, OutputError
from reporter.data.areas import Catalogue
from reporter.data.model import Report
from reporter.data.yamlwrite import dump_report
from reporter.importer.normalize import normalize_text
from reporter.importer.report import ReportImport, import_report

from .conftest import CliResult

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import_report"
REPO = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、])")


def done_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items of a published report are done: each says so; the rest of each item as it was imported."""
    assert [i["status"] for i in items] == ["done"] * len(items)
    return [{k: v for k, v in i.items() if k != "status"} for i in items]


def done_areas(areas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [a | {"items": done_items(a["items"])} for a in areas]


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def fragments(text: str) -> list[str]:
    """The clauses of a line, without heading numbers, spaces and 一是/二是: what must reappear somewhere."""
    text = re.sub(r"〔[^〕]*〕|（[^（）]*负责）", "", normalize_text(text))  # unit notes become lead / responsible
    text = MARKER.sub("", re.sub(r"\s+", "", text))
    parts = re.split(r"[。！？；：]|[一二三四五六七八九十]是|主要原因是|究其原因，?", text)
    return [p.strip("，、") for p in parts if len(p.strip("，、")) >= 2]


def assert_covers(result: ReportImport, lines: list[str]) -> None:
    """Every clause of the body's lines is in some value of the report."""
    everything = "\n".join(strings(result.data()))
    missing = [f for line in lines for f in fragments(line) if f not in everything]
    assert missing == []


def assert_foreign_out(result: ReportImport, chrome: dict[int, str]) -> None:
    """Lines that are not the document land in no value and are listed with their line numbers."""
    everything = "\n".join(strings(result.data()))
    assert sorted({n for n, _ in result.unrecognised}) == sorted(chrome)
    for text in chrome.values():
        for f in fragments(text):
            assert f not in everything, f


def txt_lines(path: Path) -> dict[int, str]:
    return dict(enumerate(path.read_text(encoding="utf-8").splitlines(), 1))


# ------------------------------------------------------------------ round trip through a draft


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, Path]]:
    """The example's reports built by this tool: (workspace, draft of each year)."""
    root = tmp_path_factory.mktemp("example")
    shutil.copytree(REPO / "data", root / "data")
    return root, {year: api.build_report(root, year).drafts[0].path for year in (2023, 2024)}


@pytest.fixture(scope="module")
def built(example: tuple[Path, dict[int, Path]]) -> tuple[Path, Path]:
    return example[0], example[1][2023]


def _items(report: Report) -> list[tuple[str, str, list[tuple[str, Any, str, Any, bool]]]]:
    """The achievements a draft prints under 一 (a pending item is listed under 二 as unfinished)."""
    return [
        (i.title, i.text, [(m.name, m.value, m.unit, m.previous, m.in_text) for m in i.metrics])
        for g in report.achievements
        for i in g.items
        if i.status != "pending"
    ]


def _problems(report: Report) -> list[tuple[str, str | None]]:
    """The entries a draft prints under 二: the problems, then each pending item (its title already says it is unfinished)."""
    pending = [(f"{i.title}。{i.text}", None) for g in report.achievements for i in g.items if i.status == "pending"]
    return [(p.text, p.cause) for p in report.problems] + pending


def _unit(root: Path) -> dict[str, Any]:
    unit: dict[str, Any] = yaml.safe_load((root / "data" / "unit.yaml").read_text(encoding="utf-8"))
    return unit


# What the draft prints around the text and gives back: closing words, 附件, 版头 and 版记.
_FRAME_KEYS = ("closing", "attachments", "metrics_note", "doc_number", "signer", "cc", "printed_by", "printed_date", "intros", "headings")


@pytest.mark.parametrize("year", [2023, 2024])
def test_round_trip_gives_back_the_example_data(example: tuple[Path, dict[int, Path]], year: int) -> None:
    root, drafts = example
    original = Report.model_validate(yaml.safe_load((root / "data" / str(year) / "report.yaml").read_text(encoding="utf-8")))
    result = import_report(drafts[year], year, catalogue=Catalogue.named("gangyao-2021"))
    back = Report.model_validate(result.data())
    assert (result.unit, result.year, result.date) == ("示例市人民政府", year, original.date)
    assert back.preface == original.preface
    assert _items(back) == _items(original)
    assert _problems(back) == _problems(original)
    printed = original.model_copy(update={"cc": original.cc or _unit(root)["cc"]})  # without cc the draft prints unit.yaml's
    assert [getattr(back, k) for k in _FRAME_KEYS] == [getattr(printed, k) for k in _FRAME_KEYS]
    assert [(e.title, e.text) for e in back.leadership] == [(e.title, e.text) for e in original.leadership]
    assert [(e.title, e.text) for e in back.next_year] == [(e.title, e.text) for e in original.next_year]
    assert result.unrecognised == [] and result.placeholders == 0 and result.warnings == []


def test_round_trip_area_headings(built: tuple[Path, Path]) -> None:
    """A heading that is not a catalogue title stays the printed heading; a catalogue title stays the area."""
    result = import_report(built[1], 2023, catalogue=Catalogue.named("gangyao-2021"))
    back = Report.model_validate(result.data())
    assert [(g.area, g.title) for g in back.achievements] == [
        ("强化法治思想引领", None),
        ("提升行政执法质量", "提升行政执法质量"),
        ("健全社会矛盾纠纷行政预防调处化解体系", None),
        ("健全行政权力制约和监督体系", None),
    ]


def _body_text(path: Path) -> list[str]:
    document = docx.Document(str(path))
    rows = [" | ".join(c.text for c in row.cells) for t in document.tables for row in t.rows]
    return [p.text for p in document.paragraphs] + rows


def test_cli_import_then_build_prints_the_same_document(built: tuple[Path, Path], tmp_path: Path) -> None:
    from reporter.cli.app import main

    _, draft = built
    (tmp_path / "data").mkdir()
    shutil.copy(REPO / "data" / "unit.yaml", tmp_path / "data" / "unit.yaml")
    assert main(["import", "report", str(draft), "--year", "2023", "--root", str(tmp_path)]) == 0
    written = tmp_path / "data" / "2023" / "report.yaml"
    assert written.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../schema/report.schema.json\n")
    again = api.build_report(tmp_path, 2023)
    assert _body_text(again.drafts[0].path) == _body_text(draft)
    # never overwrites: a second import stops with exit code 1 and leaves the file alone
    before = written.read_bytes()
    assert main(["import", "report", str(draft), "--year", "2023", "--root", str(tmp_path)]) == 1
    assert written.read_bytes() == before


# ------------------------------------------------------------------ a real report full of XX, with a reseller's watermarks


def test_xcity_report_structure() -> None:
    path = FIXTURES / "report-xcity-2020.txt"
    result = import_report(path)
    r = result.data()
    assert (result.unit, result.year, result.date) == ("X市政府", 2020, None)
    assert r["preface"].startswith("2020年，我厅深入学习贯彻习近平总书记全面依法治国新理念新思想新战略")
    assert [(a["area"], len(a["items"])) for a in r["achievements"]] == [
        ("充分发挥中枢协调作用，助力XX打造法治城市示范", 5),
        ("深入学习贯彻中央、省、市法治建设工作部署，切实推进厅内各项工作纳入法治轨道", 4),
    ]
    assert [i["title"] for i in r["achievements"][0]["items"]] == [
        "全面推进政务公开",
        "大力推动政府职能转变和“放管服”改革",
        "高质量做好建议提案督查督办",
        "动态协调推进法治重点工作",
        "统筹推进依法防控疫情",
    ]
    assert len(r["problems"]) == 1 and r["problems"][0]["text"].startswith("经过梳理，法治政府建设工作还存在一定短板")
    assert r["leadership"] == []
    assert [e["title"] for e in r["next_year"]] == [
        "持续深化“放管服”改革",
        "不断提升政务公开水平",
        "进一步改进建议提案办理工作",
        "严格依法依规履职",
    ]
    assert r["intros"]["next_year"].endswith("重点抓好以下几点：")
    assert r["headings"] == {"problems": "存在的问题", "next_year": "下一步工作思路"}
    assert r["closing"] == ""
    Report.model_validate(r)


def test_xcity_nothing_lost_nothing_foreign() -> None:
    path = FIXTURES / "report-xcity-2020.txt"
    lines = txt_lines(path)
    chrome = {n: t for n, t in lines.items() if n in (1, 2, 3, 6) or n >= 28 and t.strip()}
    result = import_report(path)
    assert_foreign_out(result, chrome)
    body = [t for n, t in lines.items() if n not in chrome and n != 4 and t.strip()]
    assert_covers(result, body)


def test_placeholders_are_kept_and_counted() -> None:
    result = import_report(FIXTURES / "report-xcity-2020.txt")
    assert "政协提案XXXX件。" in result.data()["achievements"][0]["items"][2]["text"]
    assert result.placeholders == 10
    assert "文中有 10 处占位符" in result.summary_text()


# ------------------------------------------------------------------ pasted from a web page


def test_web_page_structure() -> None:
    result = import_report(FIXTURES / "web-page-chrome.txt", 2023)
    r = result.data()
    assert (result.unit, result.date, result.recipients) == ("青禾县市场监督管理局", dt.date(2024, 1, 20), "县委依法治县办：")
    assert (
        r["preface"]
        == "2023年，县市场监管局坚持以习近平法治思想为指导，认真落实县委、县政府关于法治政府建设的各项部署，依法履行市场监管职责。现将有关情况报告如下："
    )
    first, second = r["achievements"]
    assert (first["area"], "title" in first) == ("加强执法监督", False)  # not a catalogue area: kept as written
    assert (second["area"], "title" in second) == ("健全行政执法工作体系", False)
    assert done_items(first["items"]) == [
        {
            "title": "推行说理式执法",
            "text": "在行政处罚决定书中全面说明认定事实、适用法律和裁量理由，全年办理行政处罚案件312件，无一被复议撤销。",
            # the figure is in the text already: the draft does not say it twice
            "metrics": [{"name": "办理行政处罚案件", "value": 312, "unit": "件", "previous": 268, "in_text": False}],
        },
        {"title": "开展案卷评查", "text": "每季度抽取各市场监管所案卷开展交叉评查，发现问题26个，已全部整改到位。"},
        {"text": "全局执法人员全部参加年度执法资格培训和考试，持证上岗率达到100%。"},
    ]
    # a metric no text names is kept, in a final item of its own, for the table only
    assert second["items"][-1] == {
        "title": "主要指标见附件",
        "status": "done",
        "metrics": [{"name": "“双随机、一公开”抽查企业", "value": 1460, "unit": "户", "previous": 1302, "in_text": False}],
    }
    assert r["problems"] == [
        {"text": "基层执法力量薄弱，部分市场监管所仅有执法人员2名。", "cause": "编制长期不足、人员老化。"},
        {"text": "执法信息化水平不高，案件办理仍以纸质流转为主。", "cause": "究其原因，信息化建设投入不足，各业务系统之间数据不通。"},
    ]
    # the paragraph before the numbered entries leads the part in
    assert r["leadership"] == [{"title": "带头学法用法", "text": "局党组理论学习中心组集中学习《优化营商环境条例》等法律法规6次。"}]
    assert r["next_year"] == [
        {
            "title": "深化综合执法改革",
            "text": "推动执法力量向一线倾斜，充实基层市场监管所执法人员。",
            "responsible": ["县市场监管局执法稽查大队"],
        },
        {
            "title": "建设智慧监管平台",
            "text": "实现案件网上办理、全程留痕。",
            "lead": ["县市场监管局"],
            "responsible": ["县大数据中心"],
            "due": "2024年10月底前",
        },
    ]
    assert r["other"] == ["本年度无其他需要报告的情况。"]
    assert r["intros"] == {
        "leadership": "局党组书记、局长认真履行法治建设第一责任人职责，全年主持召开党组会议专题研究法治工作4次。",
        "next_year": "2024年，我局将重点做好以下工作：",
    }
    assert r["headings"] == {"achievements": "工作开展情况", "problems": "存在的不足", "next_year": "2024年工作打算"}
    assert r["closing"] == "特此报告。"
    Report.model_validate(r)


def test_web_page_nothing_lost_nothing_foreign() -> None:
    path = FIXTURES / "web-page-chrome.txt"
    lines = txt_lines(path)
    chrome = {n: lines[n] for n in (1, 2, 3, 5, 6, *range(37, 44))}
    result = import_report(path, 2023)
    assert_foreign_out(result, chrome)
    structure = {4, 8, 10, 21, 24, 27, 31, 33, 35, 36}  # title, 主送, part headings, closing, signature, date
    body = [t for n, t in lines.items() if n not in chrome and n not in structure and t.strip() and "\t" not in t]
    assert_covers(result, body)
    assert "第 37 行不是报告正文，未导入：[责任编辑：王五]" in [d.message for d in result.diagnostics(path.name)]


# ------------------------------------------------------------------ Word: automatic numbering, split runs, 版头 and 版记


def _check_township(result: ReportImport) -> None:
    r = result.data()
    assert (result.unit, result.year, result.date) == ("青禾县人民政府", 2023, dt.date(2024, 3, 15))
    assert result.recipients == "云岭市人民政府："
    assert (r["doc_number"], r["cc"], r["printed_by"], r["printed_date"]) == (
        "青政报〔2024〕5号",
        ["云岭市司法局"],
        "青禾县人民政府办公室",
        dt.date(2024, 3, 14),
    )
    assert [(a["area"], [i.get("title", "") for i in a["items"]]) for a in r["achievements"]] == [
        ("健全行政决策制度体系", ["严格落实重大行政决策程序", "加强合法性审核"]),
        ("推进基层综合执法", ["完成乡镇赋权事项承接", "", "主要指标见附件"]),
    ]
    assert r["achievements"][0]["items"][0]["metrics"] == [
        {"name": "重大行政决策", "value": 7, "unit": "项", "previous": 5, "in_text": False}
    ]
    assert r["problems"] == [{"text": "行政决策公众参与不够充分。"}, {"text": "基层执法队伍专业化水平不高。", "cause": "培训投入不足。"}]
    assert r["leadership"] == [{"text": "县长坚持把法治政府建设与经济社会发展同部署、同推进，全年主持召开专题会议3次。"}]
    assert r["next_year"][0] == {
        "title": "严格规范公正文明执法",
        "text": "推行行政执法“三张清单”。",
        "lead": ["县司法局"],
        "responsible": ["县直各执法部门"],
        "due": "2024年6月底前",
    }
    assert r["next_year"][1]["responsible"] == ["县司法局"]
    assert r["closing"] == "特此报告。"
    assert result.unrecognised == []
    assert result.placeholders == 1
    body = "\n".join(strings(r))
    for foreign in ("青禾县人民政府文件", "抄送", "印发", "云岭市人民政府："):
        assert foreign not in body
    Report.model_validate(r)


def test_word_automatic_numbering_and_split_runs() -> None:
    path = FIXTURES / "auto-numbering-split-runs.docx"
    result = import_report(path)
    _check_township(result)
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    assert_covers(result, [paragraphs[n] for n in (5, 7, 8, 9, 10, 11, 12, 14, 16, 18, 19)])


def _as_doc(fixture: str, tmp_path: Path) -> Path:
    """The fixture saved as .doc by LibreOffice, as an office's old Word would have it."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: .doc files cannot be converted")
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    source = tmp_path / fixture
    shutil.copy(FIXTURES / fixture, source)
    subprocess.run(
        [
            str(exe),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path.as_posix()}/profile",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    return source.with_suffix(".doc")


def test_doc_converted_by_libreoffice(tmp_path: Path) -> None:
    _check_township(import_report(_as_doc("auto-numbering-split-runs.docx", tmp_path)))


def _check_total_rows(result: ReportImport, file: str) -> None:
    """小计 and 合计 rows add up the rows above them: no metric, and the listing says each was left out."""
    assert [[(m["name"], m["value"], m["previous"]) for m in i["metrics"]] for i in result.data()["achievements"][0]["items"]] == [
        [("行政处罚案件", 152, 130)],
        [("行政复议案件", 12, 9), ("行政诉讼案件", 5, 6)],
    ]
    fix = "它由上面各行相加得出；如确是一项指标，请改名后手工写入 report.yaml"
    assert [(d.line, d.message, d.fix) for d in result.diagnostics(file)] == [
        (10, "第 10 段是指标表的小计行，不是一项指标，未导入：小计 件 164 139", fix),
        (12, "第 12 段是指标表的合计行，不是一项指标，未导入：合计 件 169 145", fix),
    ]
    assert result.totals == [(10, "小计 件 164 139"), (12, "合计 件 169 145")] and result.unrecognised == []


def test_total_rows_of_a_word_metrics_table_are_no_metrics() -> None:
    _check_total_rows(import_report(FIXTURES / "metrics-table-total-row.docx"), "metrics-table-total-row.docx")


def test_total_rows_of_a_doc_metrics_table_are_no_metrics(tmp_path: Path) -> None:
    _check_total_rows(import_report(_as_doc("metrics-table-total-row.docx", tmp_path)), "metrics-table-total-row.doc")


def test_doc_without_libreoffice_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "report.wps"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really a document")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ImportFormatError) as exc:
        import_report(path, 2023)
    assert str(exc.value) == (
        "无法导入 report.wps：读取 .wps 文件需要 LibreOffice（soffice），本机未安装。"
        "请安装 LibreOffice（Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui），"
        "或在 Word / WPS 中把它另存为 .docx 后再导入。"
    )


# ------------------------------------------------------------------ the written file, the command


def test_dump_report_loads_back_to_the_same_dict() -> None:
    result = import_report(FIXTURES / "web-page-chrome.txt", 2023)
    text = dump_report(result.data())
    assert yaml.safe_load(text) == result.data()
    assert "# 二、存在的不足和原因：至少一条\nproblems:\n  # 不足：存在的不足\n  - text: 基层执法力量薄弱" in text
    assert "    # 原因（可省略）：原因分析\n    cause: 编制长期不足、人员老化。" in text


def test_year_from_title_and_disagreement_warned(tmp_path: Path) -> None:
    result = import_report(FIXTURES / "report-xcity-2020.txt", 2021)
    assert result.year == 2021 and result.data()["year"] == 2021
    assert result.warnings == ["标题中的年份是 2020 年，与 --year 2021 不一致；已按 2021 年导入，请确认。"]


def test_unit_disagreeing_with_unit_yaml_is_warned(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(REPO / "data" / "unit.yaml", tmp_path / "data" / "unit.yaml")
    done = api.import_report(tmp_path, FIXTURES / "web-page-chrome.txt", 2023)
    assert done.path == tmp_path / "data" / "2023" / "report.yaml"
    assert "标题中的单位“青禾县市场监督管理局”与 unit.yaml 的“示例市人民政府”不一致；如是下属单位的材料，请放入 data/2023/units/。" in [
        d.message for d in done.warnings
    ]


def test_out_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    target.write_text("keep", encoding="utf-8")
    with pytest.raises(OutputError) as exc:
        api.import_report(tmp_path, FIXTURES / "web-page-chrome.txt", 2023, out=target)
    assert "已存在，未覆盖" in str(exc.value)
    assert target.read_text(encoding="utf-8") == "keep"


def test_no_year_anywhere_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("法治政府建设情况报告\n一、主要举措和成效\n（一）加强执法。全面推行执法公示。\n", encoding="utf-8")
    with pytest.raises(ImportFormatError) as exc:
        import_report(path)
    assert str(exc.value) == "r.txt 的标题中没有年份（如“2023年”），请用 --year 指定报告所属年度。"


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reporter.cli.app import main

    assert main(["import", "report", str(tmp_path / "missing.docx"), "--root", str(tmp_path)]) == 1
    assert "找不到要导入的文件" in capsys.readouterr().err
    assert main(["import", "report", str(FIXTURES / "web-page-chrome.txt"), "--year", "23", "--root", str(tmp_path)]) == 2
    assert (
        main(
            [
                "import",
                "report",
                str(FIXTURES / "web-page-chrome.txt"),
                "--year",
                "2023",
                "--root",
                str(tmp_path),
                "--out",
                str(tmp_path / "r.yaml"),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert (
        "已导入：主要举措和成效 2 个方面 6 条（指标 2 项），存在的不足 2 条，第一责任人履职 1 条，下一年度安排 2 条，其他情况 1 段。" in out
    )
    assert Report.model_validate(yaml.safe_load((tmp_path / "r.yaml").read_text(encoding="utf-8"))).year == 2023


# ------------------------------------------------------------------ free text


_LINES = [
    "示例县2023年法治政府建设情况报告",
    "一、主要举措和成效",
    "（一）健全行政执法工作体系",
    "1.推行说理式执法。全年办理案件12件。",
    "二、存在的不足和原因",
    "一是基层力量薄弱；二是信息化不足，主要原因是投入不足。",
    "三、下一步工作打算",
    "（一）深化改革。推进执法下沉。〔牵头单位：县司法局〕",
    "特此报告。",
    "示例县人民政府",
    "2024年3月1日",
    "[编辑：张三]",
    "指标\t单位\t本年\t上年",
    "案件\t件\t12\tX",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(_LINES), st.text(max_size=40)), min_size=1, max_size=14))
def test_any_text_gives_a_valid_report_or_one_clear_message(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes("\n".join(lines).encode("utf-8", "replace"))
    try:
        result = import_report(path, 2023)
    except ImportFormatError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    Report.model_validate(result.data())
    assert yaml.safe_load(dump_report(result.data())) == result.data()
    result.summary_text()


def test_headed_items_right_under_the_part_are_areas_of_their_own() -> None:
    """（一）健全……体系。正文 with nothing deeper: each is an area (matched when it names one) holding its text."""
    path = FIXTURES / "headed-items-summary.txt"
    result = import_report(path)
    r = result.data()
    assert (result.unit, result.year) == ("青禾县司法局", 2023)
    assert done_areas(r["achievements"]) == [
        {"area": "健全行政执法工作体系", "items": [{"text": "全面推行行政执法三项制度，全年开展案卷评查2次。"}]},
        {
            "area": "加强普法宣传",
            "items": [{"text": "开展“八五”普法中期评估，举办法治讲座36场。"}, {"text": "各司法所同步开展送法下乡活动。"}],
        },
    ]
    assert r["problems"] == [{"text": "普法针对性还不够强。"}]
    assert r["next_year"] == [{"title": "深化执法监督", "text": "建设执法监督平台。"}]
    lines = txt_lines(path)
    assert_covers(result, [lines[n] for n in (2, 4, 5, 6, 8, 10)])
    assert result.unrecognised == []


def test_title_on_two_lines_and_a_date_in_chinese_numerals() -> None:
    path = FIXTURES / "two-line-title-chinese-date.txt"
    result = import_report(path)
    r = result.data()
    assert result.title == "青禾县人民政府关于2023年法治政府建设情况的报告"
    assert (result.unit, result.year, result.date, result.recipients) == ("青禾县人民政府", 2023, dt.date(2024, 3, 15), "云岭市人民政府：")
    assert r["problems"] == [
        {"text": "执法监督不够有力。部分执法部门监督流于形式。", "cause": "究其原因，监督力量不足。"},
        {"text": "普法针对性不强。"},
    ]
    assert "headings" not in r  # the headings are the draft's own
    assert result.unrecognised == []
    lines = txt_lines(path)
    assert_covers(result, [lines[n] for n in (5, 8, 10, 11, 13, 15)])


def test_a_plan_sent_through_import_report_is_named_as_such() -> None:
    result = import_report(FIXTURES / "plan-web-headlines.txt", 2024)
    assert result.warnings == [
        "标题“青禾县2024年法治政府建设工作要点”像是工作要点（计划），不是年度报告；如是工作要点，请改用 reporter import plan。"
    ]


def test_missing_parts_are_named(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(
        "青禾县2023年法治政府建设情况报告\n一、主要举措和成效\n（一）健全行政执法工作体系\n1.推行执法公示。全年公示信息120条。\n",
        encoding="utf-8",
    )
    result = import_report(path)
    assert result.warnings == [
        "没有找到“存在的不足和原因”部分，请在 report.yaml 中补写。",
        "没有找到“下一年度主要安排”部分，请在 report.yaml 中补写。",
    ]


def test_a_title_standing_alone_takes_the_paragraph_after_it() -> None:
    """1.标题 on a line of its own, the text in the next paragraph: one item, one next-year entry."""
    result = import_report(FIXTURES / "titles-standing-alone.txt")
    r = result.data()
    assert done_areas(r["achievements"]) == [
        {
            "area": "健全行政执法工作体系",
            "items": [
                {"title": "深化综合执法改革", "text": "全面推行综合行政执法，组建执法队伍9支。"},
                {"title": "规范执法行为", "text": "开展案卷评查2次。"},
                {"text": "另有一段补充说明。"},
            ],
        }
    ]
    assert r["next_year"] == [{"title": "推进执法数字化", "text": "建设执法监督平台。"}]


def test_problem_headings_standing_alone_join_their_paragraph() -> None:
    result = import_report(FIXTURES / "problem-headings-standing-alone.txt")
    assert result.data()["problems"] == [
        {"text": "执法监督不到位。部分部门监督流于形式。", "cause": "监督力量不足。"},
        {"text": "普法针对性不强。普法形式单一。"},
    ]


def test_next_year_as_a_task_table() -> None:
    result = import_report(FIXTURES / "next-year-task-table.txt")
    assert result.data()["next_year"] == [
        {
            "title": "推进执法数字化",
            "text": "建设执法监督平台。",
            "lead": ["县司法局"],
            "responsible": ["县大数据中心"],
            "due": "2024年10月底前",
        },
        {"title": "加强复议工作", "lead": ["县司法局"], "due": "年内"},
    ]
    assert result.unrecognised == []


def test_markdown_report_with_a_metrics_table() -> None:
    result = import_report(FIXTURES / "markdown-with-table.md")
    r = result.data()
    assert done_areas(r["achievements"]) == [
        {
            "area": "健全行政执法工作体系",
            "items": [
                {
                    "title": "深化综合执法改革",
                    "text": "全面推行综合行政执法，组建执法队伍9支。",
                    "metrics": [{"name": "执法队伍", "value": 9, "unit": "支", "previous": 6, "in_text": False}],
                }
            ],
        }
    ]
    assert r["problems"] == [{"text": "执法力量不足。"}, {"text": "普法针对性不强。"}]
    assert r["next_year"] == [{"title": "推进执法数字化", "text": "建设执法监督平台。"}]
    assert result.unrecognised == []


def test_word_heading_styles_without_numbers() -> None:
    result = import_report(FIXTURES / "heading-styles.docx")
    r = result.data()
    assert (result.unit, result.year) == ("青禾县应急管理局", 2023)
    assert done_areas(r["achievements"]) == [
        {"area": "健全突发事件应对体系", "items": [{"text": "修订完善应急预案12部，组织综合演练5次。"}]},
        {"area": "规范执法行为", "items": [{"text": "全年开展执法检查260次，立案查处违法行为18起。"}]},
    ]
    assert r["problems"] == [{"text": "执法人员不足。"}, {"text": "装备配备滞后。"}]
    assert r["next_year"] == [{"title": "持续加强执法队伍建设，推进执法装备标准化"}]  # a plan task needs a title
    assert r["headings"] == {"achievements": "主要举措和成效", "problems": "存在的不足", "next_year": "下一步工作"}
    assert result.unrecognised == [] and result.warnings == []


@pytest.mark.parametrize(
    ("heading", "part"),
    [
        ("主要举措和成效", "achievements"),
        ("2023年工作开展情况", "achievements"),
        ("主要做法和成效", "achievements"),
        ("存在的问题", "problems"),
        ("存在的不足和原因", "problems"),
        ("问题和不足", "problems"),
        ("短板和不足", "problems"),
        ("不足之处", "problems"),
        ("党政主要负责人履行推进法治建设第一责任人职责情况", "leadership"),
        ("下一步工作打算", "next_year"),
        ("2024年工作思路", "next_year"),
        ("下一年度主要安排", "next_year"),
        ("其他需要报告的情况", "other"),
        # an area heading that mentions a problem or a weak spot is no 存在的问题 part
        ("着力解决群众反映强烈的突出问题", ""),
        ("补齐法治短板", ""),
        ("推行领导干部述法", ""),
    ],
)
def test_parts_are_recognised_by_meaning(heading: str, part: str) -> None:
    from reporter.importer.report_assembly import classify

    assert classify(heading) == part


@pytest.mark.parametrize(
    ("title", "unit", "year"),
    [
        ("示例市人民政府关于2023年法治政府建设情况的报告", "示例市人民政府", 2023),
        ("X市政府2020年法治政府建设情况报告", "X市政府", 2020),
        ("2023年青禾县法治政府建设情况报告", "青禾县", 2023),
        ("关于2023年法治政府建设情况的报告", None, 2023),
        ("2023年度法治政府建设工作报告", None, 2023),
    ],
)
def test_unit_and_year_from_the_title(title: str, unit: str | None, year: int) -> None:
    from reporter.importer.report import title_facts

    assert title_facts(title) == (unit, year)


@pytest.mark.parametrize("kind", ["plan", "report"])
def test_a_model_the_import_cannot_make_writes_nothing_and_says_so(kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The importer builds the data models as it reads; one it cannot make is the same clear error as data that would not load back."""
    from pydantic import ValidationError

    from reporter.importer import plan as plan_import
    from reporter.importer import report as report_import

    def refused(*args: object, **kwargs: object) -> None:
        try:
            Report.model_validate({"year": 1})
        except ValidationError as exc:
            raise exc from None

    monkeypatch.setattr(plan_import if kind == "plan" else report_import, f"import_{kind}", refused)
    doing = api.import_plan if kind == "plan" else api.import_report
    with pytest.raises(ImportFormatError) as exc:
        doing(tmp_path, FIXTURES / "web-page-chrome.txt", 2023)
    assert str(exc.value) == "导入 web-page-chrome.txt 得到的数据不完整（1 处），未写入；请用 --debug 报告此问题"
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("kind", ["plan", "report"])
def test_an_import_the_tool_could_not_read_back_is_not_written(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., CliResult]
) -> None:
    """A 10 MB text (the import's bound) makes a YAML file over the data files' bound: refused by name, nothing written."""
    from reporter.data import yamlsource

    monkeypatch.setattr(yamlsource, "MAX_BYTES", 1024 * 1024 // 1024)  # 1 KB stands for 10 MB
    result = cli("import", kind, FIXTURES / "web-page-chrome.txt", "--root", tmp_path, "--year", "2023")
    assert result.code == 1
    said = re.search(
        r"导入 web-page-chrome\.txt 得到的 data/2023/(\w+)\.yaml 有 0\.0 MB，超过数据文件的上限 [0-9.]+ MB（(.+?)），未写入；(.+)",
        result.err,
    )
    assert said is not None, result.err
    assert said.groups() == (
        kind,
        "本工具读不了这么大的数据文件",
        "一份报告或工作要点没有这么多文字，请确认选对了文件，或删去不属于它的部分后再导入",
    )
    assert not (tmp_path / "data").exists()
