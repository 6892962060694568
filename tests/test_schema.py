"""JSON Schemas for editors: Chinese titles everywhere, enums, and the same verdict as the loader on good and bad files."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from reporter.core.errors import DataError
from reporter.data.loader import load
from reporter.data.model import Plan, Report, Unit
from reporter.data.schema import schemas, write_schemas

from .conftest import FIXTURES, REPO

MODELS: dict[str, type[Unit] | type[Report] | type[Plan]] = {"unit": Unit, "report": Report, "plan": Plan}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _as_editor_sees(data: Any) -> Any:
    """The YAML language server reads unquoted dates as strings."""
    if isinstance(data, dict):
        return {k: _as_editor_sees(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_as_editor_sees(v) for v in data]
    if isinstance(data, (dt.date, dt.datetime)):
        return data.isoformat()
    return data


def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(schemas()[kind], format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_accepts(kind: str, text: str) -> bool:
    return bool(validator(kind).is_valid(_as_editor_sees(yaml.safe_load(text))))


def loader_accepts(kind: str, text: str, tmp_path: Path) -> bool:
    path = tmp_path / f"{kind}.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load(path, MODELS[kind], tmp_path)
    except DataError:
        return False
    return True


def kind_of(path: Path) -> str:
    return "unit" if path.name == "unit.yaml" else "plan" if path.name == "plan.yaml" else "report"


# ------------------------------------------------------------ shape


@pytest.mark.parametrize("kind", ["unit", "report", "plan"])
def test_schema_is_draft_2020_12_with_chinese_title(kind: str) -> None:
    schema = schemas()[kind]
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert CJK.search(schema["title"])
    assert schema["additionalProperties"] is False


def _objects(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            found.append((where, node))
        for key, value in node.items():
            if key == "properties":
                for name, prop in value.items():
                    found += _objects(prop, f"{where}.{name}")
            else:
                found += _objects(value, where)
    elif isinstance(node, list):
        for value in node:
            found += _objects(value, where)
    return found


@pytest.mark.parametrize("kind", ["unit", "report", "plan"])
def test_every_key_has_a_chinese_title_and_description(kind: str) -> None:
    objects = _objects(schemas()[kind])
    assert objects
    for where, obj in objects:
        assert obj.get("additionalProperties") is False, where
        for name, prop in obj["properties"].items():
            assert CJK.search(prop.get("title", "")), f"{where}.{name}"
            assert CJK.search(prop.get("description", "")), f"{where}.{name}"
    for name, sub in schemas()[kind].get("$defs", {}).items():
        assert CJK.search(sub["title"]), name


def test_enums_and_required_keys() -> None:
    unit, report, plan = (schemas()[k] for k in ("unit", "report", "plan"))
    status = report["$defs"]["Item"]["properties"]["status"]["anyOf"][0]["enum"]
    assert {"done", "ongoing", "pending", "已完成", "推进中", "未完成"} <= set(status)
    assert plan["properties"]["kind"]["enum"] == ["工作要点", "工作计划", "工作安排", "实施方案", "规划"]
    assert plan["properties"]["numbering"]["enum"] == ["continuous", "per_section"]
    assert unit["required"] == ["name", "short_name"]
    assert report["required"] == ["year"] and plan["required"] == ["year"]
    assert plan["$defs"]["Task"]["required"] == ["id", "title"]
    assert report["$defs"]["Metric"]["required"] == ["name"]  # value may be left out with na: true
    assert {"type": "object", "additionalProperties": True} in unit["properties"]["style"]["anyOf"]


# ------------------------------------------------------------ verdicts


def _example_files() -> list[Path]:
    return [REPO / "data/unit.yaml", *sorted((REPO / "data").glob("*/report.yaml")), *sorted((REPO / "data").glob("*/plan.yaml"))]


@pytest.mark.parametrize("path", _example_files(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_worked_example_is_valid(path: Path) -> None:
    data = _as_editor_sees(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator(kind_of(path)).iter_errors(data)]
    assert errors == []


def _fixture_files() -> list[Path]:
    return sorted(p for p in (FIXTURES / "checks").rglob("*.yaml"))


@pytest.mark.parametrize("path", _fixture_files(), ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_schema_and_loader_agree_on_the_check_fixtures(path: Path) -> None:
    try:
        text = path.read_bytes().decode("utf-8")
        yaml.safe_load(text)
    except (UnicodeDecodeError, yaml.YAMLError):
        pytest.skip("not YAML an editor can parse")
    kind = kind_of(path)
    try:
        load(path, MODELS[kind], path.parent)
        loader_ok = True
    except DataError:
        loader_ok = False
    assert schema_accepts(kind, text) == loader_ok


GOOD_REPORT = "year: 2024\n"

VARIANTS = [
    # (kind, YAML, the loader and the schema accept it)
    ("unit", "name: 甲县人民政府\nshort_name: 甲县\nrecipients: 中共甲县县委、甲县人大常委会\n", True),
    ("unit", "name: 甲县人民政府\nshort_name: 甲县\nareas: [依法行政, 执法]\nstyle: {body_size: 16}\n", True),
    ("unit", "name: 甲县人民政府\nshort_name: 甲县\nstyle: house-style.yaml\n", True),
    ("unit", "name: 甲县人民政府\n", False),
    ("unit", "name: 甲县人民政府\nshort_name: 甲县\nrecipient: [中共甲县县委]\n", False),
    ("unit", "name: 甲县人民政府\nshort_name: ''\n", False),
    ("report", GOOD_REPORT, True),
    ("report", "year: 2024\ndate: 2025年3月18日\npreface: 一段。\nother: 无。\n", True),
    ("report", "year: 2024\ndate: 2025-03-18\npreface: [一段。, 二段。]\n", True),
    (
        "report",
        "year: 2024\nachievements:\n  - 依法行政\n  - area: 行政执法\n    items: [一条举措, {title: 二, status: 已完成, task: 3}]\n",
        True,
    ),
    ("report", "year: 2024\nachievements:\n  - area: 行政执法\n    items:\n      - title: 2024\n        status:\n", True),
    ("report", "year: 2024\nproblems: [不足一, {text: 不足二, cause: 原因}]\nleadership: [情况]\nnext_year: [安排]\n", True),
    ("report", "year: 2024\nnext_year:\n  - title: 安排\n    lead: 市司法局、市政府办公室\n    responsible: [各部门]\n", True),
    (
        "report",
        "year: 2024\nachievements:\n  - area: 执法\n    items:\n      - {title: 一, metrics: [{name: 案卷, value: 12.5, unit: '%', previous: 11}]}\n",
        True,
    ),
    ("report", "year: 二〇二四\n", False),
    ("report", "date: 2025-03-18\n", False),
    ("report", "year: 2024\nachievements:\n  - area: 执法\n    items:\n      - {title: 一, status: finished}\n", False),
    ("report", "year: 2024\nachievements:\n  - area: 执法\n    items:\n      - {titel: 一}\n", False),
    (
        "report",
        "year: 2024\nachievements:\n  - area: 执法\n    items:\n      - {title: 一, metrics: [{name: 案卷, value: 一千件}]}\n",
        False,
    ),
    ("report", "year: 2024\nachievements:\n  - area: 执法\n    items:\n      - {title: 一, metrics: [{value: 3}]}\n", False),
    ("report", "year: 2024\nproblems:\n  - cause: 只有原因\n", False),
    ("report", "year: 2024\ndate: 下个月\n", False),
    ("report", "year: 2024\nleadership: 这一段应是列表\n", False),
    ("plan", "year: 2025\nkind: 工作计划\nnumbering: per_section\nclosing: 加强组织领导。\n", True),
    (
        "plan",
        "year: 2025\nsections:\n  - title: 一部分\n    text: 指导思想。\n    tasks:\n      - {id: 1, title: 任务, lead: 市司法局, carried_over: true}\n",
        True,
    ),
    ("plan", "year: 2025\nkind: 实施方案\n", True),
    ("plan", "year: 2025\nkind: 方案\n", False),
    ("plan", "year: 2025\nnumbering: 连续\n", False),
    ("plan", "year: 2025\nsections:\n  - tasks: []\n", False),
    ("plan", "year: 2025\nsections:\n  - area: 执法\n    tasks:\n      - {title: 没有编号}\n", False),
    ("plan", "year: 2025\nsections:\n  - area: 执法\n    tasks:\n      - {id: '1', title: 任务, carried_over: 是}\n", False),
]


@pytest.mark.parametrize(("kind", "text", "accepted"), VARIANTS)
def test_schema_accepts_what_the_loader_accepts(kind: str, text: str, accepted: bool, tmp_path: Path) -> None:
    assert loader_accepts(kind, text, tmp_path) == accepted
    assert schema_accepts(kind, text) == accepted


# ------------------------------------------------------------ files


def test_write_schemas(tmp_path: Path) -> None:
    out = tmp_path / "schema"
    written = write_schemas(out)
    assert [p.name for p in written] == ["unit.schema.json", "report.schema.json", "plan.schema.json", "indicators.schema.json"]
    for path, kind in zip(written, ["unit", "report", "plan", "indicators"], strict=True):
        text = path.read_text(encoding="utf-8")
        assert "主要举措和成效" in text or kind != "report"  # Chinese kept readable, not \u-escaped
        assert json.loads(text) == schemas()[kind]


def test_skeletons_point_at_schemas_that_get_written(tmp_path: Path) -> None:
    names = {p.name for p in write_schemas(tmp_path)}
    source = (REPO / "reporter/data/yamlwrite.py").read_text(encoding="utf-8")
    refs = re.findall(r"\$schema=[./]*schema/([\w.]+)", source)
    assert refs and set(refs) <= names


def test_committed_schemas_match_the_models() -> None:
    """schema/ in the repository is what `reporter schema` writes today (editors read it from there)."""
    import json

    from reporter.data.schema import schemas

    root = Path(__file__).resolve().parents[1] / "schema"
    for kind, schema in schemas().items():
        assert json.loads((root / f"{kind}.schema.json").read_text(encoding="utf-8")) == schema, kind
