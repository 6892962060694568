"""`reporter check`: one small workspace per finding, each reported at its exact file:line; no false alarm."""

from __future__ import annotations

import random
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from reporter.checks import CheckReport, Finding, check_workspace
from reporter.checks.similar import MIN_CHARS, near_duplicates
from reporter.checks.texts import halfwidth_message
from reporter.cli.show import diagnostic_line, diagnostics_table
from reporter.content.placeholders import placeholders
from reporter.core.errors import DataError, MissingFileError

from .conftest import FIXTURES, REPO

CHECKS = FIXTURES / "checks"
R = "data/2024/report.yaml"
P = "data/2024/plan.yaml"

# case (a folder of tests/fixtures/checks) → every finding it must give: (severity, file:line, key path, message)
CASES: dict[str, list[tuple[str, str, str, str]]] = {
    "clean": [],
    # ---- errors: what the loader reports, for every file in one run
    "unknown-key": [("error", f"{R}:7", "achievements[0].items[0].titel", "未知的键 titel")],
    "syntax-error": [("error", f"{R}:15", "", "此处不能出现“: ”")],
    "errors-in-every-file": [
        ("error", "data/unit.yaml:1", "short_name", "缺少必填的键 short_name"),
        ("error", f"{P}:2", "kind", "取值“方案”无效"),
        ("error", f"{R}:12", "achievements[0].items[0].metrics[0].value", "应为数字，实际是“一千件”"),
    ],
    "year-mismatch": [("error", f"{R}:1", "year", "文件在 2024 文件夹中，但 year 写的是 2023")],
    "units-files": [
        ("error", "data/2024/units/县司法局.yaml:12", "problems[0].reason", "未知的键 reason"),
        ("error", "data/2024/units/县市场监管局.yaml:15", "leadership[0].text", "留有占位符“某某”：…常务会议会前学法某某次。"),
    ],
    # ---- errors: placeholders in any text
    "placeholder-in-item-text": [
        ("error", f"{R}:8", "achievements[0].items[0].text", "留有占位符“XX件”“X%”：…卷评查，评查案卷XX件，发现的问题全部…")
    ],
    "placeholder-in-plan": [("error", f"{P}:10", "sections[0].tasks[1].text", "留有占位符“（待补充）”：（待补充）")],
    "placeholder-in-unit": [("error", "data/unit.yaml:3", "recipients[0]", "留有占位符“某某”：中共某某县委")],
    # unit.yaml is read with both years of a season: its findings are listed once
    "placeholder-in-unit-two-years": [("error", "data/unit.yaml:3", "recipients[0]", "留有占位符“某某”：中共某某县委")],
    "plan-only-year": [("error", "data/2025/plan.yaml:10", "sections[0].tasks[1].text", "留有占位符“X次”：开展执法人员轮训X次。")],
    # ---- errors: empty sections
    "empty-problems": [("error", f"{R}:10", "problems", "“存在的不足和原因”没有内容")],
    "next-year-missing": [("error", f"{R}:1", "next_year", "“下一年度主要安排”没有内容")],
    # ---- errors: entries a draft would print bare (issue 10)
    "item-without-text-or-status": [
        ("error", f"{R}:7", "achievements[0].items[0]", "举措没有写完成情况（status）"),
        ("error", f"{R}:10", "achievements[0].items[1].text", "举措没有正文（text），初稿只会印出标题"),
    ],
    "empty-entries": [
        ("error", f"{R}:5", "preface[1]", "这一段是空的"),
        ("error", f"{R}:20", "next_year[1]", "这一项安排是空的"),
    ],
    "rate-change-as-unit": [
        ("error", f"{R}:13", "achievements[0].items[0].metrics[0].unit", "指标“行政复议纠错率”的单位写成了“个百分点”，这是变化量而不是单位")
    ],
    "key-with-chinese-colon-in-text": [
        ("error", f"{R}:11", "problems[0].text", "文字中有“cause：”，疑似键 cause 用了中文冒号，被读成了上一项文字的一部分")
    ],
    # ---- without a year, check reads every file build reads: next year's plan too
    "next-year-plan-key-typo": [
        ("error", "data/2025/plan.yaml:5", "sections[0].tasks[0].title", "缺少必填的键 title"),
        ("error", "data/2025/plan.yaml:6", "sections[0].tasks[0].titel", "未知的键 titel"),
    ],
    # ---- errors: report and plan
    "task-not-in-plan": [("error", f"{R}:17", "achievements[0].items[2].task", "对应任务“9”不在 2024 年工作要点中")],
    "plan-task-not-reported": [("error", f"{P}:8", "sections[0].tasks[1]", f"任务 2“加强行政执法队伍建设”在 {R} 中没有对应的条目")],
    # ---- errors: metrics
    "metric-unit-changed": [
        ("error", f"{R}:13", "achievements[0].items[0].metrics[0].unit", "指标“行政执法案卷评查”的单位“卷”与上年报告的“件”不一致")
    ],
    # ---- figures that must reconcile (issue 21)
    "previous-differs-from-last-year": [
        (
            "error",
            f"{R}:14",
            "achievements[0].items[0].metrics[0].previous",
            f"指标“行政处罚 案件”的上年数值 34417件（{R}:14）与上年报告中的 33417件（data/2023/report.yaml:10）不一致，同比会算错",
        )
    ],
    "text-figures-against-metrics": [
        ("warning", f"{R}:8", "achievements[0].items[0].text", "正文写“配备移动执法终端80台”，而指标“配备移动执法终端”的数值是 260台"),
        ("error", f"{R}:16", "achievements[0].items[1].text", "正文说指标“行政复议案件”下降，但本年 742件，上年 615件，实为增加"),
    ],
    "total-differs-from-merged": [
        (
            "warning",
            f"{R}:12",
            "achievements[0].items[0].metrics[0].value",
            "指标“行政处罚案件”为 2788件，各单位汇总（data/2024/merged.yaml:10）为 2376件",
        )
    ],
    "short-name-too-long": [
        (
            "error",
            "data/unit.yaml:2",
            "short_name",
            f"由 short_name 生成的文件名“{'样' * 81}2024年法治政府建设情况报告.docx”过长（280 字节）",
        )
    ],
    "negative-count": [("error", f"{R}:12", "achievements[0].items[0].metrics[0].value", "指标“行政执法案卷评查”的数值是负数（-5件）")],
    # ---- warnings
    "halfwidth-punctuation": [
        ("warning", f"{R}:8", "achievements[0].items[0].text", "中文之间用了半角标点“,”：…行政执法案卷评查,发现的问题全部反…")
    ],
    "paragraph-copied-from-last-year": [("warning", f"{R}:11", "problems[0].text", "与上年报告的段落相同（data/2023/report.yaml:13）")],
    "paragraph-nearly-copied": [("warning", f"{R}:3", "preface", "与上年报告的段落高度相似（相似度 97%，data/2023/report.yaml:3）")],
    "done-without-text": [("error", f"{R}:7", "achievements[0].items[0]", "举措没有正文（text），初稿只会印出标题")],
    "metric-without-previous": [
        ("warning", f"{R}:11", "achievements[0].items[0].metrics[0]", "指标“行政执法案卷评查”没有写上年数值；上年报告中为 1100件")
    ],
    "date-before-year-end": [("warning", f"{R}:2", "date", "成文日期 2024年12月20日 早于 2024 年度结束")],
    "date-after-april-first": [("warning", f"{R}:2", "date", "成文日期 2025年4月15日 晚于 2025年4月1日")],
    "date-missing": [("warning", f"{R}:1", "year", "没有写成文日期 date，初稿落款处日期为空")],
    "gb18030-encoded-report": [("warning", R, "", "文件按 GB18030（GBK）编码读取")],
    "last-year-report-unreadable": [
        ("warning", "data/2023/report.yaml:12", "achievements[0].items[0].metrics[0].note", "上年报告有 1 处数据错误，未与上年对比")
    ],
}


def rows(report: CheckReport) -> list[tuple[str, str, str, str]]:
    return [(f.severity, f"{f.file}:{f.line}" if f.line else f.file, f.path, f.message) for f in report.findings]


@pytest.mark.parametrize("case", list(CASES))
def test_each_mistake_is_reported_at_its_line(case: str) -> None:
    assert rows(check_workspace(CHECKS / case)) == CASES[case]


def test_every_fixture_has_a_case() -> None:
    assert {p.name for p in CHECKS.iterdir() if p.is_dir()} == set(CASES) | {"planted-mistakes", "status-with-semicolon"}


@pytest.mark.parametrize(
    ("case", "fix"),
    [
        ("metric-without-previous", "可写 previous: 1100"),
        ("metric-unit-changed", "改为“件”；口径确有变化时请换用新的指标名称"),
        ("unknown-key", "是否想写 title？可用的键：title、text、task、status、metrics"),
        ("task-not-in-plan", "task 应为 data/2024/plan.yaml 中某项任务的 id（1、2）"),
        ("plan-task-not-reported", '在报告的举措中加一条 task: "2"，写明完成情况（未完成也要说明原因）'),
        ("halfwidth-punctuation", "生成初稿时会自动改为全角“，”；也可直接在 YAML 中改正"),
        ("last-year-report-unreadable", "运行 reporter check 2023 查看并改正"),
        ("previous-differs-from-last-year", "核对后改为 previous: 33417；若上年报告的数字有误，请改正 data/2023/report.yaml"),
        ("total-differs-from-merged", "核对本级数字与各单位合计；口径不同时请在正文中说明"),
    ],
)
def test_findings_suggest_a_fix(case: str, fix: str) -> None:
    (finding,) = check_workspace(CHECKS / case).findings
    assert finding.fix == fix


def test_plan_only_year_is_the_default_when_no_report_exists() -> None:
    assert check_workspace(CHECKS / "plan-only-year").year == 2025


# ------------------------------------------------------------ the whole picture


# The example shows an unfinished task: it moves from 一 to 二, and check says so.
PENDING = (
    "“行政执法监督信息平台二期建设未能按期启动”标为未完成（pending），不作为成效写入“主要举措和成效”，已列入“存在的不足和原因”的“五是”"
)


def test_worked_example_has_no_findings() -> None:
    assert [f.message for f in check_workspace(REPO).findings] == [PENDING]
    assert check_workspace(REPO, 2023).findings == []
    assert check_workspace(REPO, 2024).year == 2024


PLANTED = [
    ("error", f"{P}:20", "sections[0].tasks[1].due", "留有占位符“X月”：2024年X月底前"),
    ("error", f"{P}:31", "sections[1].tasks[1]", f"任务 5“规范PPP项目合同管理”在 {R} 中没有对应的条目"),
    ("warning", f"{R}:4", "date", "成文日期 2025年4月8日 晚于 2025年4月1日"),
    ("warning", f"{R}:6", "preface[0]", "与上年报告的段落高度相似（相似度 97%，data/2023/report.yaml:5）"),
    ("error", f"{R}:24", "achievements[0].items[0].metrics[1].unit", "指标“行政执法案卷评查”的单位“卷”与上年报告的“件”不一致"),
    ("warning", f"{R}:31", "achievements[0].items[1].metrics[0]", "指标“执法人员培训”没有写上年数值；上年报告中为 1320人次"),
    ("error", f"{R}:35", "achievements[0].items[1].metrics[1].value", "指标“执法投诉量”的数值是负数（-12件）"),
    ("error", f"{R}:37", "achievements[0].items[2]", "举措没有正文（text），初稿只会印出标题"),
    ("error", f"{R}:45", "achievements[1].items[0].text", "留有占位符“XX个”：…台新接入部门系统XX个，5G基站和政务…"),
    ("error", f"{R}:52", "achievements[1].items[1].task", "对应任务“7”不在 2024 年工作要点中"),
    (
        "warning",
        f"{R}:53",
        "achievements[1].items[1].status",
        "“推进行政执法监督平台建设”标为未完成（pending），不作为成效写入“主要举措和成效”，已列入“存在的不足和原因”的“三是”",
    ),
    ("warning", f"{R}:56", "problems[0].text", "与上年报告的段落相同（data/2023/report.yaml:31）"),
    ("error", f"{R}:57", "problems[0].cause", "留有占位符“（待补充）”：（待补充）"),
    ("warning", f"{R}:61", "leadership[0].text", "中文之间用了半角标点“,”：…行政案件庭审2次,督促各部门落实行…"),
    ("error", "data/2024/units/区司法局.yaml:3", "achievments", "未知的键 achievments"),
    (
        "error",
        "data/2024/units/区市场监管局.yaml:9",
        "achievements[0].items[0].text",
        "留有占位符“某某”：…抽查112次，对某某公司等企业开展信…",
    ),
]


def test_planted_mistakes_are_all_found_in_one_run_and_nothing_else() -> None:
    """A workspace written by someone else (block scalars, Chinese status, plain-string items, look-alikes
    such as X光机, 5G, APP, PPP, 12345热线, 双随机、一公开, 有待补充完善) with fifteen planted mistakes and an unfinished (pending) item."""
    report = check_workspace(CHECKS / "planted-mistakes")
    assert rows(report) == PLANTED
    assert len(report.errors) == 10 and len(report.warnings) == 6
    assert report.failed() and report.failed(strict=True)


def test_exit_semantics() -> None:
    warning_only = check_workspace(CHECKS / "date-before-year-end")
    assert not warning_only.failed() and warning_only.failed(strict=True)
    clean = check_workspace(CHECKS / "clean")
    assert not clean.failed(strict=True) and clean.summary() == "未发现问题。"
    assert check_workspace(CHECKS / "negative-count").summary() == "共 1 个错误、0 个警告。"


def test_a_file_that_does_not_load_is_unreadable_and_its_errors_listed() -> None:
    report = check_workspace(CHECKS / "units-files", 2024)
    assert [f"{p.file}:{p.line}" for p in report.unreadable] == ["data/2024/units/县司法局.yaml:12"]
    assert "data/2024/units/县司法局.yaml" in {f.file for f in report.errors}


def test_content_findings_are_listed() -> None:
    (finding,) = check_workspace(CHECKS / "placeholder-in-item-text", 2024).findings
    assert finding == Finding(
        R, 8, 15, "achievements[0].items[0].text", CASES["placeholder-in-item-text"][0][3], "填写实际内容，或删除这处文字", "error"
    )


def test_missing_year_or_workspace(tmp_path: Path) -> None:
    with pytest.raises(MissingFileError):
        check_workspace(REPO, 2030)
    with pytest.raises(MissingFileError):
        check_workspace(tmp_path)


def test_table_has_chinese_headers_and_keeps_brackets() -> None:
    findings = [
        Finding(R, 8, 9, "achievements[2].items[0].text", "留有占位符“[待补充]”", "填写实际内容"),
        Finding(R, message="文件按 GB18030（GBK）编码读取", severity="warning"),
    ]
    console = Console(record=True, width=200)
    console.print(diagnostics_table(findings))
    text = console.export_text()
    for header in ("级别", "位置", "键", "问题", "建议"):
        assert header in text
    assert "错误" in text and "警告" in text
    assert f"{R}:8" in text and "achievements[2].items[0].text" in text and "“[待补充]”" in text
    assert diagnostic_line(findings[0]) == f"错误 {R}:8:9: achievements[2].items[0].text: 留有占位符“[待补充]”；填写实际内容"


# ------------------------------------------------------------ the detectors


@pytest.mark.parametrize(
    "text",
    [
        "XX市",
        "办理XXX件",
        "××",
        "X月",
        "查处X件",
        "开展X次",
        "培训*次",
        "张某某",
        "（待补充）",
        "待补充",
        "TODO",
        "xx",
        "同比增长X.X%",
        "提高X个百分点",
        "【待补充】",
        "ＸＸ县",
        "todo 补数据",
        "第X批",
    ],
)
def test_placeholders_are_flagged(text: str) -> None:
    assert placeholders(text), text


@pytest.mark.parametrize(
    "text",
    [
        "购置X光机2台",
        "X射线探伤",
        "PPP项目",
        "5G基站",
        "12345热线",
        "政务APP",
        "“双随机、一公开”",
        "TEXT",
        "XXL号",
        "制度有待补充完善",
        "3×4米",
        "Linux系统",
        "H5页面",
        "UTF-8编码",
        "二〇二四年",
        "MAX值",
    ],
)
def test_real_letters_and_digits_are_not_placeholders(text: str) -> None:
    assert placeholders(text) == [], text


def test_halfwidth_punctuation_between_chinese() -> None:
    assert halfwidth_message("张三,李四") == ("中文之间用了半角标点“,”：张三,李四", "生成初稿时会自动改为全角“，”；也可直接在 YAML 中改正")
    assert halfwidth_message("办理(市司法局)事项") is not None
    for fine in ("共12,345件", "见 http://www.example.gov.cn", "张三，李四"):
        assert halfwidth_message(fine) is None


def _brute(current: list[str], previous: list[str]) -> dict[int, float]:
    out: dict[int, float] = {}
    for i, a in enumerate(current):
        if len(a) < MIN_CHARS:
            continue
        ratios = [SequenceMatcher(None, b, a, autojunk=False).ratio() for b in previous if len(b) >= MIN_CHARS]
        best = max(ratios, default=0.0)
        if best >= 0.9:
            out[i] = best
    return out


_ALPHABET = "法治政府建设推进行政执法复议的和"  # few letters: many shared bigrams stress the prefix filter


@settings(max_examples=150, deadline=None)
@given(
    previous=st.lists(st.text(_ALPHABET, min_size=15, max_size=70), min_size=1, max_size=6),
    edits=st.lists(
        st.tuples(st.integers(0, 5), st.lists(st.tuples(st.integers(0, 2), st.integers(0, 99), st.sampled_from(_ALPHABET)), max_size=7))
    ),
)
def test_near_duplicates_agree_with_brute_force(previous: list[str], edits: list[tuple[int, list[tuple[int, int, str]]]]) -> None:
    current = []
    for source, ops in edits:
        text = list(previous[source % len(previous)])
        for op, pos, ch in ops:
            pos %= len(text) + 1
            if op == 0:
                text.insert(pos, ch)
            elif op == 1 and pos < len(text):
                del text[pos]
            elif pos < len(text):
                text[pos] = ch
        current.append("".join(text))
    got = {m.current: m.ratio for m in near_duplicates([(t, i) for i, t in enumerate(current)], [(t, j) for j, t in enumerate(previous)])}
    expected = _brute(current, previous)
    assert got.keys() == expected.keys()
    for i, ratio in expected.items():
        assert got[i] == pytest.approx(ratio)


def test_copied_paragraphs_are_found_among_hundreds() -> None:
    """The copies hidden among 400 paragraphs are all found (its speed is measured in benchmarks/bench_similar.py)."""
    rng = random.Random(7)
    words = [
        "深化",
        "行政执法",
        "体制改革",
        "全面推行",
        "三项制度",
        "开展",
        "案卷评查",
        "规范",
        "执法行为",
        "提升",
        "质效",
        "复议",
        "应诉",
        "调解",
        "普法",
        "决策",
        "合法性审查",
        "备案",
        "公开",
        "监督",
        "平台",
        "数据",
        "共享",
        "乡镇",
        "街道",
    ]

    def paragraph() -> str:
        return "，".join("".join(rng.choice(words) for _ in range(rng.randint(3, 6))) for _ in range(rng.randint(3, 8))) + "。"

    previous = [paragraph() for _ in range(400)]
    current = [paragraph() for _ in range(400)]
    copied = rng.sample(range(400), 40)
    for i in copied:
        current[i] = previous[i].replace("开展", "组织开展", 1) if "开展" in previous[i] else previous[i]
    found = near_duplicates([(t, i) for i, t in enumerate(current)], [(t, i) for i, t in enumerate(previous)])
    assert {m.current for m in found} >= set(copied)


def test_check_says_which_years_and_files_it_read() -> None:
    report = check_workspace(CHECKS / "next-year-plan-key-typo")
    assert report.years == [2024, 2025]
    assert report.scope() == "已检查 2024、2025 年：data/unit.yaml、data/2024/report.yaml、data/2025/plan.yaml"
    assert check_workspace(CHECKS / "next-year-plan-key-typo", 2024).years == [2024, 2025]


def test_the_next_year_of_a_season_is_checked_by_its_plan_only() -> None:
    """build 2023 reads 2024's plan, not 2024's report or the departments' files: check 2023 neither."""
    report = check_workspace(REPO, 2023)
    assert (
        report.scope() == "已检查 2023、2024 年：data/unit.yaml、data/2023/report.yaml、data/indicators.yaml、data/2024/plan.yaml"
    )  # the registry: read whenever the report is


def test_a_status_with_a_semicolon_stays_whole_in_the_message() -> None:
    (finding,) = check_workspace(CHECKS / "status-with-semicolon").findings
    assert finding.message == "取值“基本完成；待验收”无效"
    assert finding.fix.startswith("应为 done、ongoing、pending 之一")


def test_check_and_build_strict_reach_the_same_verdict_on_a_name_build_would_refuse(tmp_path: Path) -> None:
    import shutil

    from reporter import api
    from reporter.core.errors import ChecksFailed

    root = tmp_path / "ws"
    shutil.copytree(CHECKS / "short-name-too-long", root)
    (finding,) = check_workspace(root).errors
    with pytest.raises(ChecksFailed) as refused:
        api.build_report(root, 2024, strict=True)
    assert refused.value.findings == [finding]
    with pytest.raises(DataError) as plain:
        api.build_report(root, 2024)
    assert plain.value.problems == [finding]
    assert not (root / "drafts/2024").exists() or not list((root / "drafts/2024").iterdir())


def test_text_figures_are_read_as_written_with_wan_and_rates() -> None:
    from reporter.checks.figures import text_against_metrics
    from reporter.data.loader import load_report

    root = CHECKS / "text-figures-against-metrics"
    loaded = load_report(root / "data/2024/report.yaml", root)
    item = loaded.model.achievements[0].items[0]
    item.text = "共享数据5.6万条，行政复议纠错率为12.8%，配备移动执法终端260台。"
    item.metrics[0].name = "配备移动执法终端"
    from reporter.data.model import Metric

    item.metrics += [
        Metric.model_validate({"name": "共享数据", "value": "5.6万", "unit": "条"}),
        Metric.model_validate({"name": "行政复议纠错率", "value": 12.83, "unit": "％"}),
    ]
    messages = [f.message for f in text_against_metrics(loaded) if f.path == "achievements[0].items[0].text"]
    assert messages == ["正文写“行政复议纠错率为12.8%”，而指标“行政复议纠错率”的数值是 12.83%"]


def test_a_template_build_cannot_open_is_an_error_of_check_first(tmp_path: Path) -> None:
    import shutil

    from reporter import api
    from reporter.core.errors import ChecksFailed, TemplateError

    root = tmp_path / "ws"
    shutil.copytree(CHECKS / "clean", root)
    (root / "templates").mkdir()
    (root / "templates/report.docx").write_bytes(b"PK\x03\x04 cut off")
    assert rows(check_workspace(root)) == [
        ("error", "templates/report.docx", "", "模板 templates/report.docx 不是有效的 Word（.docx）文件")
    ]
    with pytest.raises(ChecksFailed):
        api.build_report(root, 2024, strict=True)
    with pytest.raises(TemplateError, match="模板 templates/report.docx 不是有效的 Word（.docx）文件；请在 Word/WPS 中另存为 .docx 格式"):
        api.build_report(root, 2024)
