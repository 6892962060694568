"""plan.yaml writing: readable layout, comments, and an exact round trip through yaml.safe_load."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reporter.data.model import Plan, Section, Task
from reporter.data.yamlwrite import dump_plan, field_doc

PLAN: dict[str, Any] = {
    "year": 2025,
    "kind": "工作要点",
    "issuer": "示例市人民政府办公室",
    "preface": "为深入贯彻……，制定本工作要点。",
    "numbering": "continuous",
    "sections": [
        {"title": "指导思想", "text": ["以习近平新时代中国特色社会主义思想为指导。"], "tasks": []},
        {
            "area": "健全政府机构职能体系",
            "title": "优化政府机构职能，更好发挥政府作用",
            "tasks": [
                {
                    "id": "1",
                    "title": "推进政府机构职能协调高效",
                    "text": "全面实行政府权责清单制度。",
                    "lead": ["市委编办", "市政府办公室"],
                    "responsible": ["市政府有关部门"],
                },
                {
                    "id": "2",
                    "title": "深化“放管服”改革",
                    "text": "",
                    "lead": [],
                    "responsible": ["各县（市、区）人民政府"],
                    "due": "2025年6月底前",
                    "carried_over": True,
                },
            ],
        },
    ],
    "closing": ["加强组织领导。"],
}


def test_layout() -> None:
    text = dump_plan(PLAN)
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../schema/plan.schema.json"
    keys = [ln.split(":")[0] for ln in lines if ln and not ln.startswith(("#", " "))]
    assert keys == ["year", "kind", "issuer", "preface", "numbering", "sections", "closing"]
    for key in keys:  # a Chinese comment right above each top-level key
        above = lines[lines.index(next(ln for ln in lines if ln.startswith(key + ":"))) - 1]
        assert above.startswith("# ") and any("\u4e00" <= ch <= "\u9fff" for ch in above)
    assert '      - id: "1"' in lines and '      - id: "2"' in lines
    assert "    title: 优化政府机构职能，更好发挥政府作用" in lines
    assert "        lead:" in lines and "          - 市委编办" in lines
    assert "        lead: []" in lines
    assert "        due: 2025年6月底前" in lines and "        carried_over: true" in lines
    assert "\\u" not in text and "各县（市、区）人民政府" in text
    # every task key is explained once, in the first task that has it
    for comment in ("# 任务编号：", "# 任务标题", "# 任务内容", "# 牵头单位", "# 责任单位", "# 完成时限", "# 上年结转"):
        assert sum(ln.strip().startswith(comment) for ln in lines) == 1, comment
    assert lines.index("        # " + field_doc(Task, "due")) > lines.index('      - id: "2"')
    for comment in ("# " + field_doc(Section, key) for key in ("area", "title", "tasks")):
        assert sum(ln.strip().startswith(comment) for ln in lines) == 1, comment
    assert all(len(ln) - len(ln.lstrip(" ")) in range(0, 13, 2) for ln in lines)
    assert yaml.safe_load(text) == PLAN
    Plan.model_validate(yaml.safe_load(text))


def test_long_and_multiline_text_stays_readable() -> None:
    long = "全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度，" * 8
    plan = {
        "year": 2025,
        "preface": ["第一段。", "第二段。"],
        "sections": [{"title": "甲", "text": "一行\n二行", "tasks": []}],
        "closing": [long],
    }
    text = dump_plan(plan)
    assert f"  - {long}" in text.splitlines()  # one line, not folded
    assert "    text: |-\n      一行\n      二行" in text
    assert yaml.safe_load(text) == plan


def test_values_yaml_would_misread_are_quoted() -> None:
    tricky = ["2025", "yes", "null", "~", "1.0", "- 列表", "#注释", "a: b", "@x", "[x]", " 前空格", "后空格 ", "", "'", '"', "1\\n", "true"]
    plan = {
        "year": 2025,
        "sections": [{"title": t, "tasks": [{"id": t, "title": t, "text": t, "lead": [t], "responsible": []}]} for t in tricky],
    }
    assert yaml.safe_load(dump_plan(plan)) == plan


def test_other_values_and_extra_keys() -> None:
    plan = {"year": 2025, "date": dt.date(2025, 3, 8), "issuer": None, "sections": [], "closing": [], "note": {"a": [1, "b"]}}
    text = dump_plan(plan)
    assert "date: 2025-03-08" in text and "sections: []" in text
    assert yaml.safe_load(text) == plan


def test_skeleton_shape_from_model_dump() -> None:
    plan = Plan.model_validate(PLAN).model_dump(exclude_defaults=True)
    assert yaml.safe_load(dump_plan(plan)) == plan


_text = st.text(max_size=40)
_names = st.lists(_text, max_size=3)
_task = st.fixed_dictionaries(
    {"id": _text, "title": _text, "text": _text, "lead": _names, "responsible": _names},
    optional={"due": _text, "carried_over": st.booleans()},
)
_section = st.fixed_dictionaries(
    {"title": _text, "tasks": st.lists(_task, max_size=3)}, optional={"area": _text, "text": st.lists(_text, max_size=2)}
)
_plan = st.fixed_dictionaries(
    {"year": st.integers(1949, 2100), "preface": st.one_of(_text, st.lists(_text, max_size=2)), "sections": st.lists(_section, max_size=3)},
    optional={"kind": _text, "issuer": _text, "numbering": _text, "closing": st.lists(_text, max_size=3)},
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_plan)
def test_round_trip_of_arbitrary_text(plan: dict[str, Any]) -> None:
    assert yaml.safe_load(dump_plan(plan)) == plan


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_round_trip_of_any_character(text: str) -> None:
    plan = {
        "year": 2025,
        "preface": text,
        "sections": [
            {"title": text, "text": [text], "tasks": [{"id": text, "title": text, "text": text, "lead": [text], "responsible": []}]}
        ],
        "closing": [text],
    }
    assert yaml.safe_load(dump_plan(plan)) == plan


def test_an_imported_report_says_how_its_statuses_were_set() -> None:
    from reporter.data.yamlwrite import IMPORTED_STATUS, dump_report

    report = {"year": 2023, "achievements": [{"area": "行政执法", "items": [{"text": "办案36件。", "status": "done"}] * 2}]}
    text = dump_report(report, imported=True)
    assert text.count("# " + IMPORTED_STATUS) == 1 and yaml.safe_load(text) == report
    assert IMPORTED_STATUS not in dump_report(report)


def test_comments_and_key_order_come_from_the_model(tmp_path: Path) -> None:
    """Field documentation lives in the model alone: the unit skeleton and a written plan show it, in the model's order."""
    from reporter.commands.init import init_unit
    from reporter.data.model import Unit

    text = init_unit(tmp_path).path.read_text(encoding="utf-8")
    lines = text.splitlines()
    docs = [lines.index("# " + field_doc(Unit, key)) for key in Unit.model_fields]
    assert docs == sorted(docs)
    written = dump_plan(PLAN)
    assert all(f"# {field_doc(Plan, key)}\n{key}:" in written for key in PLAN)


_CHINESE_LINE = st.from_regex(r"[\u4e00-\u9fff][\u3001-\u303f\u4e00-\u9fff\uff01-\uff5eA-Za-z0-9]{0,30}", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(_CHINESE_LINE, st.integers(-(10**20), 10**20), st.floats(allow_nan=False, allow_infinity=False))
def test_chinese_lines_and_numbers_written_without_parsing_load_back_as_themselves(text: str, number: int, figure: float) -> None:
    # the writer's shortcuts (no YAML parse for such a line, a number written directly) give what safe_dump
    # would write and safe_load reads back
    plan = {"year": number, "preface": text, "sections": [{"title": text, "text": [text], "tasks": []}], "closing": [text], "x": figure}
    written = dump_plan(plan)
    assert yaml.safe_load(written) == plan
    assert f"preface: {text}\n" in written and f"year: {number}\n" in written
    assert f"x: {yaml.safe_dump(figure).removesuffix(chr(10) + '...' + chr(10))}\n" in written
