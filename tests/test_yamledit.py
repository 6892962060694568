"""In-place YAML edits: only the changed values move; comments, order and quoting elsewhere stay to the byte."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reporter.data.yamledit import DeleteEntry, EditError, InsertEntry, SetValue, apply

FIXTURE = Path(__file__).parent / "fixtures" / "edits" / "commented_report.yaml"
TEXT = FIXTURE.read_text(encoding="utf-8")


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed lines, added lines) between two texts."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [d[2:] for d in diff if d.startswith("- ")], [d[2:] for d in diff if d.startswith("+ ")]


def test_a_plain_value_changes_on_its_own_line_only() -> None:
    out = apply(TEXT, [SetValue(("next_year", 0, "text"), "建立县乡两级行政执法协调监督工作体系。")])
    assert changed_lines(TEXT, out) == (
        ["    text: 建立县乡两级执法协调监督机制。"],
        ["    text: 建立县乡两级行政执法协调监督工作体系。"],
    )


def test_quoting_and_trailing_comments_are_kept() -> None:
    out = apply(
        TEXT, [SetValue(("achievements", 0, "items", 2, "text"), "开展专项监督4次。"), SetValue(("preface",), "2024年，全县坚持依法行政。")]
    )
    assert changed_lines(TEXT, out) == (
        ["preface: '2024年，全县坚持以习近平法治思想为指导。'", '        text: "开展专项监督3次，纠正问题15个。"   # 行尾注释'],
        ["preface: '2024年，全县坚持依法行政。'", '        text: "开展专项监督4次。"   # 行尾注释'],
    )


def test_a_literal_block_keeps_its_indentation_and_final_line_break() -> None:
    out = apply(TEXT, [SetValue(("achievements", 0, "items", 0, "text"), "全县执法部门全面落实“三项制度”。\n案卷评查合格率达到98%。")])
    assert changed_lines(TEXT, out) == (["          案卷评查合格率明显提高。"], ["          案卷评查合格率达到98%。"])
    assert yaml.safe_load(out)["achievements"][0]["items"][0]["text"].endswith("98%。\n")


def test_a_folded_block_takes_the_new_text() -> None:
    out = apply(TEXT, [SetValue(("problems", 1, "text"), "部分单位合法性审核把关不够严格")])
    assert yaml.safe_load(out)["problems"][1]["text"] == "部分单位合法性审核把关不够严格"
    assert "  # 第二项不足" in out


def test_a_string_entry_becomes_a_mapping_when_it_gets_a_title() -> None:
    out = apply(TEXT, [SetValue(("achievements", 0, "items", 1), {"text": "开展执法人员轮训，全年培训1200人次。", "title": "加强培训"})])
    removed, added = changed_lines(TEXT, out)
    assert removed == ["      - 开展执法人员轮训，全年培训1200人次。"]
    assert added == ["      - text: 开展执法人员轮训，全年培训1200人次。", "        title: 加强培训"]


def test_entries_are_removed_with_their_lines_and_added_beside_their_neighbour() -> None:
    out = apply(
        TEXT,
        [
            DeleteEntry(("problems", 0)),
            InsertEntry(("leadership",), 1, {"title": "带头依法决策", "text": "严格执行重大行政决策程序。"}),
        ],
    )
    removed, added = changed_lines(TEXT, out)
    assert removed == ["  - text: 基层执法力量不足", "    cause: 编制有限"]
    assert added == ["  - title: 带头依法决策", "    text: 严格执行重大行政决策程序。"]
    assert out.index("带头依法决策") > out.index("县政府常务会议学法6次")
    assert "  # 第二项不足" in out


def test_a_missing_key_is_added_to_its_mapping() -> None:
    out = apply(TEXT, [SetValue(("next_year", 0, "responsible"), ["各乡镇人民政府"])])
    assert yaml.safe_load(out)["next_year"][0]["responsible"] == ["各乡镇人民政府"]
    assert changed_lines(TEXT, out)[0] == []


def test_a_flow_list_is_refused_not_rewritten() -> None:
    with pytest.raises(EditError):
        apply(TEXT, [DeleteEntry(("achievements", 0, "items", 0, "metrics", 0, "name"))])


def test_the_only_entry_removed_leaves_an_empty_list() -> None:
    out = apply(TEXT, [DeleteEntry(("leadership", 0))])
    assert yaml.safe_load(out)["leadership"] == []


# Text an editor may type: quotes, colons, hashes, leading symbols, line breaks.
_TEXT = st.text(st.sampled_from(list("法治政府建设：:#'\"-[]{}&*!|>%@` 。，\n1") + ["\u3000"]), min_size=1, max_size=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    value=_TEXT,
    where=st.sampled_from(
        [
            ("preface",),
            ("achievements", 0, "items", 0, "text"),
            ("achievements", 0, "items", 2, "text"),
            ("problems", 1, "text"),
            ("next_year", 0, "due"),
            ("achievements", 0, "items", 1),
        ]
    ),
)
def test_any_text_is_written_so_that_it_loads_back(value: str, where: tuple[str | int, ...]) -> None:
    out = apply(TEXT, [SetValue(where, value)])  # apply checks the whole file loads as intended
    data = yaml.safe_load(out)
    for part in where:
        data = data[part]
    assert data.rstrip("\n") == value.rstrip("\n") or data == value
