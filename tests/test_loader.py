"""Loader: every problem located as file:line:column with a Chinese message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporter.core.errors import DataError
from reporter.data.loader import load_plan, load_report, load_unit
from reporter.data.model import STATUS_ALIASES

from .conftest import FIXTURES

LOADER = FIXTURES / "loader"


def problems(name: str) -> list[str]:
    with pytest.raises(DataError) as info:
        load_report(LOADER / name, LOADER)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("syntax-error.yaml", "syntax-error.yaml:6:19: 此处不能出现“: ”；若文字本身含有冒号加空格，请给整段文字加引号"),
        (
            "wrong-type.yaml",
            "wrong-type.yaml:8:20: achievements[0].items[0].metrics[0].value: 应为数字，实际是“一千件”；数值不要带单位，单位写在 unit 中",
        ),
        ("missing-key.yaml", "missing-key.yaml:3:5: problems[0].text: 缺少必填的键 text；请补上"),
        (
            "unknown-key.yaml",
            "unknown-key.yaml:5:9: achievements[0].items[0].titel: 未知的键 titel；是否想写 title？可用的键：title、text、task、status、metrics",
        ),
        ("tab-indent.yaml", "tab-indent.yaml:3:1: YAML 不能用 Tab 缩进或分隔；请改用空格"),
        ("duplicate-key.yaml", "duplicate-key.yaml:3:1: preface: 键 preface 重复（第一次出现在第 2 行）；请删除或合并其中一个"),
        ("impossible-date.yaml", "impossible-date.yaml:2:7: date: 日期 2025-02-30 不存在；请改正（格式如 2025-03-18）"),
        ("string-for-list.yaml", "string-for-list.yaml:2:13: leadership: 应为列表（每项另起一行，以“- ”开头），实际是文字"),
        ("empty.yaml", "empty.yaml: 文件是空的；请按数据格式填写（可用 reporter init 生成骨架）"),
        (
            "infinite-number.yaml",
            "infinite-number.yaml:7:31: achievements[0].items[0].metrics[0].value: 数值应为有限的数字（不能是 .inf 或 .nan）",
        ),
    ],
)
def test_bad_file_gets_one_located_message(name: str, expected: str) -> None:
    assert problems(name) == [expected]


def test_python_tag_is_refused_not_run() -> None:
    (msg,) = problems("python-tag.yaml")
    assert msg.startswith("python-tag.yaml:1:7: year: 不支持的 YAML 标签")


def test_alias_bomb_is_refused() -> None:
    (msg,) = problems("alias-bomb.yaml")
    assert "内容过多" in msg


def test_undecodable_bytes_name_the_offset() -> None:
    assert problems("undecodable-bytes.yaml") == [
        "undecodable-bytes.yaml: 无法识别文件编码：第 20 字节（0xFF）既不是 UTF-8 也不是 GB18030；请在编辑器中将文件另存为 UTF-8 编码"
    ]


def test_bom_and_gb18030_are_read() -> None:
    assert load_report(LOADER / "utf8-bom.yaml", LOADER).model.preface == ["带BOM的文件"]
    gbk = load_report(LOADER / "gb18030-encoded.yaml", LOADER)
    assert gbk.model.preface == ["用GBK保存的文件"]
    assert [str(w) for w in gbk.warnings] == ["gb18030-encoded.yaml: 文件按 GB18030（GBK）编码读取；建议在编辑器中另存为 UTF-8 编码"]


def test_control_characters_are_removed_with_a_warning() -> None:
    loaded = load_report(LOADER / "control-character.yaml", LOADER)
    assert loaded.model.preface == ["含有控制字符"]
    assert [str(w) for w in loaded.warnings] == ["control-character.yaml:2:12: 已删除不可见的控制字符 U+0001（Word 文件中不允许出现）"]


def test_all_problems_of_a_file_at_once(tmp_path: Path) -> None:
    f = tmp_path / "report.yaml"
    f.write_text(
        "year: 2024\nachievements:\n  - area: 行政执法\n    items:\n      - titel: a\n        status: finished\n"
        "problems:\n  - cause: b\nleadership: x\nyear: 2025\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as info:
        load_report(f, tmp_path)
    assert [str(p) for p in info.value.problems] == [
        "report.yaml:5:9: achievements[0].items[0].titel: 未知的键 titel；是否想写 title？可用的键：title、text、task、status、metrics",
        "report.yaml:6:17: achievements[0].items[0].status: 取值“finished”无效；应为 done、ongoing、pending 之一（也可写 已完成、推进中、未完成）",
        "report.yaml:8:5: problems[0].text: 缺少必填的键 text；请补上",
        "report.yaml:9:13: leadership: 应为列表（每项另起一行，以“- ”开头），实际是文字",
        "report.yaml:10:1: year: 键 year 重复（第一次出现在第 1 行）；请删除或合并其中一个",
    ]


def test_chinese_key_suggests_english_name(tmp_path: Path) -> None:
    f = tmp_path / "unit.yaml"
    f.write_text("name: 示例市人民政府\nshort_name: 示例市\n主送机关: [甲]\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_unit(f, tmp_path)
    assert str(info.value) == "unit.yaml:3:1: 主送机关: 未知的键 主送机关；是否想写 recipients？（键名用英文）"


def test_plain_strings_and_aliases_are_accepted(tmp_path: Path) -> None:
    f = tmp_path / "report.yaml"
    f.write_text(
        "year: 2024\ndate: 2025年3月8日\nachievements:\n  - area: 行政执法\n    items:\n      - 一段叙述\n"
        "      - title: 标题\n        task: 7\n        status: 已完成\nproblems:\n  - 不足\n"
        "next_year:\n  - title: 安排\n    lead: 市司法局、各县（市、区）人民政府\n",
        encoding="utf-8",
    )
    r = load_report(f, tmp_path).model
    assert r.achievements[0].items[0].text == "一段叙述"
    assert (r.achievements[0].items[1].task, r.achievements[0].items[1].status) == ("7", "done")
    assert r.problems[0].text == "不足"
    assert r.next_year[0].lead == ["市司法局", "各县（市、区）人民政府"]
    assert r.date is not None and r.date.isoformat() == "2025-03-08"


def test_duplicate_task_ids_are_located(tmp_path: Path) -> None:
    f = tmp_path / "plan.yaml"
    f.write_text(
        "year: 2025\nsections:\n  - area: 行政执法\n    tasks:\n      - id: '1'\n        title: 甲\n      - id: 1\n        title: 乙\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as info:
        load_plan(f, tmp_path)
    assert str(info.value) == "plan.yaml:7:13: sections[0].tasks[1].id: 任务编号 1 重复（第 5 行已用过）；请改为唯一的编号"


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    f = tmp_path / "report.yaml"
    with f.open("wb") as handle:
        handle.truncate(10 * 1024 * 1024 + 1)
    with pytest.raises(DataError) as info:
        load_report(f, tmp_path)
    assert "文件过大" in str(info.value)


# ------------------------------------------------------------ issue 10: messages that point to the right place


def test_chinese_colon_is_named_at_its_own_line_and_column() -> None:
    (problem,) = (p for p in _raised("chinese-colon.yaml"))
    assert (problem.line, problem.col) == (8, 5)
    assert problem.message == "键 date 后面用了中文冒号“：”"
    assert problem.fix == "键和值之间改用英文冒号加空格“: ”"


def test_fullwidth_space_indent_is_named() -> None:
    (problem,) = _raised("fullwidth-space-indent.yaml")
    assert str(problem) == "fullwidth-space-indent.yaml:3:1: 行首用了全角空格缩进；缩进改用半角空格；若是文字内容，请给整段文字加引号"


def test_a_fix_is_never_cut_out_of_the_message() -> None:
    (problem,) = _raised("status-with-semicolon.yaml")
    assert problem.path == "achievements[0].items[0].status"
    assert problem.message == "取值“基本完成；待验收”无效"
    assert problem.fix.startswith("应为 done、ongoing、pending 之一")


def test_numbers_are_read_as_written_and_units_keep_their_hint(tmp_path: Path) -> None:
    (problem,) = _raised("numbers-as-written.yaml")
    assert problem.path == "achievements[0].items[0].metrics[2].value"
    assert (problem.message, problem.fix) == ("应为数字，实际是“12件”", "数值不要带单位，单位写在 unit 中")
    fixed = (LOADER / "numbers-as-written.yaml").read_text(encoding="utf-8").replace("value: 12件", "value: 12")
    path = tmp_path / "numbers.yaml"
    path.write_text(fixed, encoding="utf-8")
    report = load_report(path, tmp_path).model
    metrics = report.achievements[0].items[0].metrics
    assert [(m.value, m.previous) for m in metrics] == [(1412, 1260), (12000, None), (12, None)]
    assert str(report.date) == "2025-03-20"


def _raised(name: str) -> list[Any]:
    with pytest.raises(DataError) as info:
        load_report(LOADER / name, LOADER)
    return info.value.problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the colon on the last line: YAML stops at the end of the file
        ("year: 2024\nproblems:\n  - text: 不足。\ndate：2025-03-20\n", (4, 5, "键 date 后面用了中文冒号“：”")),
        # a look-alike far above the real error is prose in a block, not the cause
        ("year: 2024\npreface: |\n  note：这是正文。\nproblems:\n  - text: 不足\n  cause: x\n   - y\n", None),
    ],
)
def test_lookalikes_are_named_only_where_they_break_the_file(tmp_path: Path, text: str, expected: tuple[int, int, str] | None) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_report(path, tmp_path)
    (problem,) = info.value.problems
    if expected is None:
        assert "中文冒号" not in problem.message
    else:
        assert (problem.line, problem.col, problem.message) == expected


@settings(max_examples=40, deadline=None)
@given(
    st.text(alphabet="基本完成待验收；;：:，。（）、 abc", min_size=1, max_size=16).filter(
        lambda t: t.strip() and t.strip() not in STATUS_ALIASES
    )
)
def test_any_bad_status_is_quoted_whole_and_the_fix_kept_apart(status: str) -> None:
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.yaml"
        text = f"year: 2024\nachievements:\n  - area: 行政执法\n    items:\n      - text: 正文。\n        status: {json.dumps(status, ensure_ascii=False)}\n"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(DataError) as info:
            load_report(path, Path(tmp))
    (problem,) = info.value.problems
    assert problem.message == f"取值“{status}”无效"  # quoted as written, never cut at ；
    assert problem.fix == "应为 done、ongoing、pending 之一（也可写 已完成、推进中、未完成）"


def test_a_unit_listed_twice_or_a_name_shared_by_two_units_is_an_error_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "unit.yaml"
    path.write_text(
        "name: 青禾县人民政府\n"
        "short_name: 青禾县\n"
        "members:\n"
        "  - name: 青禾县公安局\n"
        "    aliases: [县公安局]\n"
        "  - 青禾县司法局\n"
        "  - name: 青禾县交通运输局\n"
        "    aliases: [县交通局, 县公安局]\n"
        "  - 青禾县 司法局\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as info:
        load_unit(path, tmp_path)
    assert [str(p) for p in info.value.problems] == [
        "unit.yaml:8:21: members[2].aliases[1]: 名称“县公安局”同时指“青禾县公安局”（第 5 行）和“青禾县交通运输局”；一个名称只能指一个单位；请删去或改写其中一个别名",
        "unit.yaml:9:5: members[3]: 单位“青禾县 司法局”在 members 中重复（第 6 行已列出）；请删除重复的一项",
    ]
