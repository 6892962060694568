"""merge: roster matching, sheet reading, metric sums (conversions, rates, na), the tables and merged.yaml."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from reporter.consolidate.metric_entry import MetricEntry
from reporter.consolidate.metrics import once_per_unit, sum_metrics
from reporter.consolidate.roster import Roster, file_unit
from reporter.consolidate.sheets import read_sheet
from reporter.core.diagnostics import Diagnostic
from reporter.data.loader import load_report
from reporter.data.model import Member

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "consolidate"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(FIXTURES / "ws", root)
    return root


def rows(path: Path) -> list[list[object]]:
    return [list(r) for r in load_workbook(path).active.iter_rows(values_only=True)]


# ---------------------------------------------------------------- roster


def test_roster_matches_names_aliases_suffixes_and_unit_keys() -> None:
    roster = Roster([Member(name="青禾县公安局", aliases=["县公安局"]), Member(name="青禾县司法局")])
    assert file_unit(Path("县公安局-统计表.xlsx")) == "县公安局"
    assert roster.unit_of(Path("县公安局-统计表.xlsx")) == ("青禾县公安局", True)
    assert roster.unit_of(Path("x.yaml"), "青禾县 司法局") == ("青禾县司法局", True)
    assert roster.unit_of(Path("青禾县司法局2024年法治政府建设情况报告.docx")) == ("青禾县司法局", True)
    assert roster.unit_of(Path("县环保局.yaml")) == ("县环保局", False)
    assert roster.unit_of(Path("县司法局.docx")) == ("青禾县司法局", True)  # a short form ending one member's name
    assert Roster([Member(name="甲县司法局"), Member(name="乙县司法局")]).unit_of(Path("县司法局.docx")) == ("县司法局", False)


# ---------------------------------------------------------------- sums


def entry(unit: str, name: str, value: float | None, u: str, **kw: object) -> MetricEntry:
    return MetricEntry(f"{unit}.yaml", 3, name, u, value, unit_name=unit, **kw)  # type: ignore[arg-type]


def test_money_is_converted_to_the_unit_most_use_and_na_is_not_zero() -> None:
    summed = sum_metrics(
        [
            entry("甲", "罚没金额", 500, "万元", previous=400),
            entry("乙", "罚没金额", 1_500_000, "元", previous=1_000_000),
            entry("丙", "罚没金额", 20, "万元", previous=10),
            entry("丁", "罚没金额", None, "", na=True),
        ]
    )
    (total,) = summed.totals
    assert (total.unit, total.shown, total.previous_shown, total.yoy, total.reporting, total.na) == (
        "万元",
        "670",
        "510",
        "增长31.4%",
        3,
        1,
    )
    assert summed.issues == []


def test_rate_is_parts_summed_only_when_every_unit_gives_them() -> None:
    parts = sum_metrics(
        [entry("甲", "纠错率", 10, "%", numerator=5, denominator=50), entry("乙", "纠错率", 15, "%", numerator=3, denominator=20)]
    )
    assert (parts.totals[0].shown, parts.totals[0].note) == ("11.43%", "按各单位分子、分母合计计算（8/70）")
    mixed = sum_metrics([entry("甲", "败诉率", 3.2, "%", numerator=1, denominator=31), entry("乙", "败诉率", 5, "%")])
    row = mixed.totals[0]
    assert row.total is None
    assert row.shown == "3.2%～5%"
    assert row.note == "未汇总：1家未填分子、分母，比率不能相加或平均；表中为2家填报数值的范围"


def test_figures_that_disagree_within_a_unit_are_a_diagnostic_and_left_out() -> None:
    """Adding up speaks in Diagnostics, as every other finding of merge does."""
    word, sheet, other = entry("甲", "培训", 3, "场"), entry("甲", "培训", 4, "场"), entry("乙", "培训", 5, "场")
    kept, left_out, issues = once_per_unit([word, sheet, other])
    assert kept == [other]  # neither of 甲’s figures counts
    assert left_out == [sheet]
    assert issues == [
        Diagnostic(
            "甲.yaml",
            3,
            message="指标“培训”在 甲.yaml:3 中为 3场，在 甲.yaml:3 中为 4场，同一单位的材料不一致，未计入合计",
            fix="请报送单位核对，改正有误的一份后重新报送",
        )
    ]
    assert all(isinstance(i, Diagnostic) for i in sum_metrics([word, entry("乙", "培训", 2, "人次")]).issues)


def test_units_that_cannot_be_converted_are_an_error_naming_both() -> None:
    summed = sum_metrics([entry("甲", "培训", 3, "场"), entry("乙", "培训", 5, "场"), entry("丙", "培训", 200, "人次")])
    (issue,) = summed.issues
    assert issue.severity == "error"
    assert issue.message == "指标“培训”的单位“人次”（丙.yaml）与“场”（甲.yaml）不能换算，未计入合计"
    assert summed.totals[0].shown == "8"


def test_near_identical_names_are_reported_not_merged() -> None:
    summed = sum_metrics(
        [entry("甲", "行政执法案件", 3, "件"), entry("乙", "行政执法案件数", 5, "件"), entry("丙", "行政 执法案件", 1, "件")]
    )
    assert [t.shown for t in summed.totals] == ["4", "5"]
    assert [i.message for i in summed.issues] == ["指标“行政执法案件数”（乙.yaml）与“行政执法案件”（甲.yaml）名称相近，未合并"]


# ---------------------------------------------------------------- sheets


@pytest.mark.parametrize("name", ["sheet_na_and_bad_cells.xlsx", "wps_sheet_ooxml_content.et"])
def test_sheet_columns_by_header_na_and_bad_cells(name: str) -> None:
    read = read_sheet(FIXTURES / name, name, 2024)
    assert [(m.name, m.value, m.previous, m.na) for m in read.metrics] == [("罚没金额", None, None, True), ("调解纠纷", 12.0, 10.0, False)]
    assert [str(p) for p in read.problems] == [
        f"{name}:3:3: 指标“行政执法案件”: “约30”不是数字；数值不要带单位，无此职责请填“无此职责”",
        f"{name}:4:3: 指标“行政复议案件”: 缺少本年数值；无此职责请填“无此职责”，不要空着或填 0",
    ]


def test_sheet_without_headers_says_which_columns_are_needed() -> None:
    read = read_sheet(FIXTURES / "sheet_without_headers.xlsx", "x.xlsx", 2024)
    assert [p.message for p in read.problems] == [
        "找不到表头；第一张工作表应有“指标”列和“2024年”（或“本年”）列，可选 单位、2023年（上年）、分子、分母、备注"
    ]


# ---------------------------------------------------------------- the command


def test_merge_writes_everything_then_exits_1_for_the_broken_file(cli: Callable[..., Any], ws: Path) -> None:
    result = cli("merge", "2024", "--root", ws)
    assert result.code == 1
    assert (
        "错误 青禾县教育局 data/2024/units/县教育局.yaml:10:20: achievements[0].items[0].metrics[0].value: 应为数字，实际是“十二”"
        in result.out
    )
    assert "应报 6 家，已报 5 家，报送率 83.3%，按时报送率 66.7%。" in result.out
    folder = ws / "drafts/2024/汇总"
    status = rows(folder / "报送情况一览表.xlsx")
    assert status[1] == ["序号", "单位", "报送情况", "报送日期", "举措条数", "指标数", "错误", "警告"]

    def day(month: int, d: int) -> dt.datetime:  # dates are dates in the sheet
        return dt.datetime(2025, month, d)

    assert status[2:8] == [
        [1, "青禾县公安局", "按时报送", day(2, 20), 1, 4, 0, 0],
        [2, "青禾县司法局", "逾期报送", day(3, 5), 1, 3, 0, 0],
        [3, "青禾县交通运输局", "按时报送", day(2, 27), 0, 5, 0, 1],
        [4, "青禾县教育局", "按时报送", day(2, 28), 0, 0, 1, 0],
        [5, "青禾县城市管理局", "按时报送", day(2, 25), 1, 1, 0, 0],
        [6, "青禾县审计局", "未报送", None, None, None, None, None],
    ]
    assert [r[0] for r in status[8:10]] == ["应报 6 家，已报 5 家，报送率 83.3%，按时报送率 66.7%。", "未报送（1家）：青禾县审计局。"]
    metrics = {r[1]: r[2:] for r in rows(folder / "主要指标汇总表.xlsx")[2:] if isinstance(r[0], int)}
    assert metrics["行政执法案件"] == ["件", 150, 125, "增长20%", 3, 0]
    assert metrics["罚没金额"] == ["万元", 670, 510, "增长31.4%", 3, 1]
    assert metrics["行政复议纠错率"] == ["%", 15, None, None, 3, 0]  # a number, shown 15% by its format
    assert metrics["行政诉讼败诉率"][:2] == ["%", "3.2%～5%"]
    issues = rows(folder / "问题清单.xlsx")
    assert issues[1] == ["单位", "文件:行", "级别", "问题", "建议"]
    assert ["青禾县教育局", "data/2024/units/县教育局.yaml:10", "错误"] in [r[:3] for r in issues]
    doc = Document(str(folder / "主要指标汇总表.docx"))
    assert doc.paragraphs[0].text == "青禾县2024年度\n法治政府建设主要指标汇总表"  # a trapezoid title
    assert [c.text for c in doc.tables[0].rows[0].cells] == [
        "序号",
        "指标",
        "单位",
        "2024年合计",
        "2023年合计",
        "同比",
        "填报单位数",
        "无此职责单位数",
    ]
    merged = load_report(ws / "data/2024/merged.yaml", ws)
    titles = [i.title for a in merged.model.achievements for i in a.items]
    assert "青禾县公安局：规范执法办案" in titles
    assert [p.text for p in merged.model.problems][:2] == ["青禾县公安局：执法信息化水平不高", "青禾县司法局：复议力量不足"]


def test_merge_never_overwrites_merged_yaml_without_force(cli: Callable[..., Any], ws: Path) -> None:
    target = ws / "data/2024/merged.yaml"
    target.write_text("# 我改过\n", encoding="utf-8")
    result = cli("merge", "2024", "--root", ws)
    assert "data/2024/merged.yaml 已存在，未覆盖；要重新生成请加 --force" in result.err
    assert target.read_text(encoding="utf-8") == "# 我改过\n"
    cli("merge", "2024", "--root", ws, "--force")
    assert target.read_text(encoding="utf-8").splitlines()[1].startswith("# 各单位报送材料汇总稿")


def test_deadline_option_changes_statuses_and_bad_dates_are_usage_errors(cli: Callable[..., Any], ws: Path) -> None:
    result = cli("merge", "2024", "--root", ws, "--deadline", "2025年3月31日")
    assert "按时报送率 83.3%" in result.out
    bad = cli("merge", "2024", "--root", ws, "--deadline", "三月")
    assert (bad.code, bad.err.strip()) == (2, "用法错误：--deadline 应为日期，如 2025-03-01，而不是“三月”")


# ---------------------------------------------------------------- build report --units


def test_build_units_drafts_every_good_unit_and_names_the_bad_one(cli: Callable[..., Any], ws: Path) -> None:
    result = cli("build", "report", "2024", "--units", "--jobs", "2", "--root", ws)
    assert result.code == 1
    assert "错误 data/2024/units/县教育局.yaml:10:20: achievements[0].items[0].metrics[0].value: 应为数字，实际是“十二”" in result.out
    assert "已生成 3 份单位报告（drafts/…/units/）；失败 1 份。" in result.out
    drafts = sorted(p.name for p in (ws / "drafts/2024/units").glob("*.docx"))
    assert drafts == [f"青禾县{n}2024年法治政府建设情况报告.docx" for n in ("公安局", "司法局", "城市管理局")]
    text = [p.text for p in Document(str(ws / "drafts/2024/units" / drafts[0])).paragraphs]
    assert "青禾县人民政府：" in text
    assert "青禾县公安局" in [t.split()[0] for t in text if t.strip()]  # the signature


def test_build_units_keeps_hand_edited_drafts(cli: Callable[..., Any], ws: Path) -> None:
    cli("build", "report", "2024", "--units", "--jobs", "1", "--root", ws)
    draft = ws / "drafts/2024/units/青禾县公安局2024年法治政府建设情况报告.docx"
    draft.write_bytes(draft.read_bytes() + b" ")
    result = cli("build", "report", "2024", "--units", "--root", ws)
    assert "在生成后被修改过，未覆盖" in result.err
    assert (ws / "drafts/2024/units/青禾县公安局2024年法治政府建设情况报告（2）.docx").is_file()


def test_units_option_only_with_build_report(cli: Callable[..., Any], ws: Path) -> None:
    result = cli("build", "plan", "2024", "--units", "--root", ws)
    assert (result.code, result.err.strip()) == (2, "用法错误：--units 和 --jobs 只用于 build report 年份 --units")


# ---------------------------------------------------------------- Word reports and the worked example


def test_a_word_report_is_read_with_import_report(tmp_path: Path) -> None:
    from reporter.consolidate.submissions import read_submission
    from reporter.data.workspace import Workspace

    path = tmp_path / "市市场监管局.docx"
    shutil.copy(FIXTURES / "word_report_of_a_department.docx", path)
    roster = Roster([Member(name="示例市市场监督管理局", aliases=["市市场监管局"])])
    sub = read_submission(path, Workspace(tmp_path), 2024, roster)
    assert (sub.kind, sub.unit, sub.in_roster, sub.items) == ("word", "示例市市场监督管理局", True, 2)
    assert sub.report is not None
    assert [p.text for p in sub.report.problems] == ["基层执法人员专业能力有待提升。"]
    assert [f for f in sub.findings if f.severity == "error"] == []


def test_the_worked_example_merges_cleanly(cli: Callable[..., Any], example: Path) -> None:
    result = cli("merge", "2024", "--root", example)
    assert result.code == 0, result.out
    assert "应报 11 家，已报 10 家，报送率 90.9%，按时报送率 81.8%。" in result.out
    merged = load_report(example / "data/2024/merged.yaml", example)
    units = {i.title.split("：")[0] for a in merged.model.achievements for i in a.items}
    assert "示例市市场监督管理局" in units  # from the Word report
    check = cli("check", "2024", "--root", example)
    assert "received.yaml" not in check.out


# ---------------------------------------------------------------- free text never breaks a merge

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from reporter.consolidate.sheets import cell_number  # noqa: E402


@given(st.text(max_size=30))
def test_any_file_name_or_unit_key_matches_or_is_kept(text: str) -> None:
    roster = Roster([Member(name="青禾县公安局", aliases=["县公安局"])])
    name, known = roster.unit_of(Path(f"{text or 'x'}.yaml".replace("/", "_")), text)
    assert known or name == (text.strip() or file_unit(Path(f"{text or 'x'}.yaml".replace("/", "_"))))


@given(st.one_of(st.text(max_size=20), st.floats(allow_nan=False, allow_infinity=False), st.integers(), st.none()))
def test_any_sheet_cell_is_a_number_or_not(cell: object) -> None:
    value = cell_number(cell)
    assert value is None or isinstance(value, float)


@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=12), st.sampled_from(["件", "万元", "元", "%", "人次", ""]), st.integers(0, 10**6)),
        max_size=12,
    )
)
def test_sums_never_fail_on_free_names_and_units(rows: list[tuple[str, str, int]]) -> None:
    summed = sum_metrics([entry(f"单位{i}", name, value, unit) for i, (name, unit, value) in enumerate(rows)])
    assert sum(t.reporting for t in summed.totals) + sum(1 for i in summed.issues if i.severity == "error") == len(rows)


def test_merge_without_a_units_folder_says_where_to_put_files(cli: Callable[..., Any], ws: Path) -> None:
    shutil.rmtree(ws / "data/2024/units")
    result = cli("merge", "2024", "--root", ws)
    assert (result.code, result.err.strip()) == (1, "错误 没有 data/2024/units 文件夹；请把各单位报送的材料放在其中（YAML、Word 或 Excel）")


def test_a_bad_date_in_received_yaml_is_located(cli: Callable[..., Any], ws: Path) -> None:
    (ws / "data/2024/units/received.yaml").write_text("青禾县交通运输局: 二月底\n", encoding="utf-8")
    result = cli("merge", "2024", "--root", ws)
    assert "错误 data/2024/units/received.yaml:1:11: 青禾县交通运输局: “二月底”不是日期；请写成 2025-02-26 或 2025年2月26日" in result.out


def test_a_broken_word_file_among_good_ones_is_one_finding(cli: Callable[..., Any], ws: Path) -> None:
    (ws / "data/2024/units/县审计局.docx").write_bytes(b"PK\x03\x04 not really a docx")
    result = cli("merge", "2024", "--root", ws)
    assert result.code == 1
    line = next(ln for ln in result.out.splitlines() if "县审计局.docx" in ln)
    assert line.startswith("错误 青禾县审计局 data/2024/units/县审计局.docx: ")
    # a file that cannot be read is no submission: 未能读取, not 已报, and no date from its file time
    assert "应报 6 家，已报 5 家，报送率 83.3%" in result.out
    assert "未能读取（1家，材料无法打开，见问题清单）：青禾县审计局。" in result.out
    assert line == (
        "错误 青禾县审计局 data/2024/units/县审计局.docx: 未能读取：县审计局.docx 不是真正的 Word 文档（.docx）。"
        "如果它是 .doc、.wps 或图片，请用 Word/WPS 打开后另存为 .docx 再导入。"
        "；请报送单位重新发送，或在 Word/WPS 中打开后另存为 .docx 再放入"
    )
    assert "CalamineError" not in result.out and "BadZipFile" not in result.out


def test_near_names_among_100000_are_found_without_comparing_every_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every pair of 4,000 names took 50 s; beyond a few hundred, each name meets its sorted neighbours only."""
    from reporter.consolidate import metrics

    compared: list[int] = []
    near = metrics._near

    def counted(a: str, b: str) -> bool:
        compared.append(1)
        return near(a, b)

    monkeypatch.setattr(metrics, "_near", counted)
    names = [f"指标{i:06d}号" for i in range(100_000)]
    entries = [entry("甲", name, 1, "件") for name in names] + [
        entry("乙", "行政执法案件数", 2, "件"),
        entry("丙", "行政执法案件", 3, "件"),
    ]
    entries.insert(5, entries.pop())  # the two near names far apart in the order they came
    summed = sum_metrics(entries)
    assert len(compared) < 2 * metrics._WINDOW * len(entries)
    assert "指标“行政执法案件数”（乙.yaml）与“行政执法案件”（丙.yaml）名称相近，未合并" in [i.message for i in summed.issues]
    assert len(summed.issues) == 101  # numbered names are all near their neighbours: 100 said, then how many more
    assert summed.issues[-1].message.startswith("另有 ") and summed.issues[-1].message.endswith(" 个指标名称与其他指标相近，未逐一列出")


def test_a_metric_totalling_zero_is_written_as_0() -> None:
    from reporter.consolidate.merged import _plain

    assert (_plain(0), _plain(0.0), _plain(24730.0), _plain(1.23456)) == (0, 0, 24730, 1.2346)


def test_merge_says_when_a_correction_notice_lists_only_the_first_errors(
    cli: Callable[..., Any], ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reporter.consolidate import collect

    with (ws / "data/unit.yaml").open("a", encoding="utf-8") as f:
        f.write("collection:\n  issuer: 中共青禾县委全面依法治县委员会办公室\n")
    monkeypatch.setattr(collect, "NOTICE_PROBLEMS", 0)
    result = cli("merge", "2024", "--root", ws)
    assert "注意 青禾县教育局有 1 处错误：补正通知只列出前 0 处并写明另有多少处，全部见 问题清单.xlsx" in result.err
    notice = Document(str(ws / "drafts/2024/汇总/补正通知/青禾县教育局.docx"))
    assert "以上列出前0处，另有1处问题未逐一列出，请对照所报材料逐项核对补正。" in [p.text for p in notice.paragraphs]
