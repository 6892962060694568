"""The 口径 registry: located errors, exact lookup through names and aliases, the nearest name, the schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from reporter.core.errors import DataError
from reporter.data.indicators import load_indicators

GOOD = """\
- name: 行政复议纠错率
  unit: "%"
  kind: rate
  definition: 纠错件数占审结件数的比例
  numerator: 纠错件数
  denominator: 审结件数
  aliases: [复议纠错率]
- name: 罚没金额
  unit: 万元
  kind: 金额
- name: 新收行政复议案件
  unit: 件
  kind: count
  members: []
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "indicators.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_names_and_aliases_are_found_exactly_and_the_nearest_is_named(tmp_path: Path) -> None:
    registry = load_indicators(write(tmp_path, GOOD), "data/indicators.yaml")
    assert registry is not None
    assert [i.name for i in registry.indicators] == ["行政复议纠错率", "罚没金额", "新收行政复议案件"]
    assert registry.find("复议纠错率") is registry.indicators[0]
    assert registry.find(" 行政复议 纠错率 ") is registry.indicators[0]  # spaces are not a different name
    assert registry.find("行政复议纠错比率") is None  # no near-matching
    assert registry.nearest("行政复议纠错比率") == "行政复议纠错率"
    assert registry.nearest("政府常务会议集体学法") is None
    assert registry.indicators[1].kind == "amount"  # 金额 is accepted for amount
    assert registry.indicators[2].self_collected and not registry.indicators[1].self_collected
    assert registry.lines == [1, 8, 11]


def test_missing_file_is_no_registry(tmp_path: Path) -> None:
    assert load_indicators(tmp_path / "indicators.yaml", "data/indicators.yaml") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "- name: 纠错率\n  unit: 件\n  kind: rate\n",
            "data/indicators.yaml:1:3: [0]: 比率指标（kind: rate）的单位应为 % 或 ‰，而不是“件”",
        ),
        ('- name: 出庭率\n  unit: "%"\n  kind: count\n', "data/indicators.yaml:1:3: [0]: 单位为“%”的指标是比率，kind 应写 rate"),
        (
            "- name: 案件\n  unit: 件\n  kind: count\n  defnition: x\n",
            "data/indicators.yaml:4:3: [0].defnition: 未知的键 defnition；是否想写 definition？",
        ),
        (
            "- name: 案件\n  kind: count\n  numerator: 甲\n",
            "data/indicators.yaml:1:3: [0]: 只有比率指标（kind: rate）才写 numerator（分子）和 denominator（分母）",
        ),
        ("name: 案件\n", "data/indicators.yaml:1:1: 文件顶层应为指标列表（每项以“- name: ”开头）"),
        (
            "- name: 案件\n  kind: count\n- name: 罚没\n  kind: amount\n  aliases: [案件]\n",
            "data/indicators.yaml:5:13: [1].aliases[0]: 名称“案件”已用于指标“案件”；每个名称和别名只能指向一项指标",
        ),
    ],
)
def test_errors_are_located(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(DataError) as caught:
        load_indicators(write(tmp_path, text), "data/indicators.yaml")
    assert str(caught.value).startswith(message)


def test_the_schema_accepts_the_example_registry_and_rejects_a_typo() -> None:
    import jsonschema
    import yaml

    from reporter.data.schema import build_schema

    schema = build_schema("indicators")
    example = Path(__file__).resolve().parents[1] / "data" / "indicators.yaml"
    jsonschema.validate(yaml.safe_load(example.read_text(encoding="utf-8")), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"name": "案件", "kind": "count", "defnition": "x"}], schema)
