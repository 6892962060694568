"""JSON Schemas of unit.yaml, report.yaml and plan.yaml for editors, generated from the models the loader uses."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from reporter.core.errors import OutputError
from reporter.core.text import DATE_PATTERN
from reporter.data import model as m
from reporter.data.areas import CATALOGUES

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# file kind → (model, top-level title)
KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "unit": (m.Unit, "单位信息（data/unit.yaml）"),
    "report": (m.Report, "法治政府建设年度报告数据（data/年份/report.yaml）"),
    "plan": (m.Plan, "法治政府建设工作要点（计划）数据（data/年份/plan.yaml）"),
    "indicators": (m.Indicator, "统计指标及其口径（data/indicators.yaml）"),
}
LIST_KINDS = {"indicators"}  # files whose top level is a list of the model's entries

STATUS_VALUES = ["done", "ongoing", "pending", *m.STATUS_ALIASES]
_CHINESE_DATE = f"^{DATE_PATTERN}$"  # every form the model accepts, not only 2025年3月20日
_PLAIN_ENTRY = {"type": ["string", "number"]}


class _Generator(GenerateJsonSchema):
    """Describes what the loader accepts, not only what pydantic stores: the before-validators widen the input."""

    def function_before_schema(self, schema: Any) -> dict[str, Any]:
        inner = super().function_before_schema(schema)
        fn = schema["function"]["function"]
        if fn is m._text and inner.get("type") == "string":
            return {**inner, "type": ["string", "number"]}
        if fn is m._id and inner.get("type") == "string":
            return {**inner, "type": ["string", "integer"]}
        if fn in (m._org_names, m._paragraphs):
            return {"anyOf": [inner, {"type": "string"}, {"type": "null"}]}
        if fn is m._kind:
            return {"type": "string", "enum": [*m.INDICATOR_KINDS, *m.KIND_ALIASES]}
        if fn is m._status:
            return {"type": "string", "enum": STATUS_VALUES}
        if fn is m._date:
            return {"anyOf": [inner, {"type": "string", "pattern": _CHINESE_DATE}]}
        return inner


def _models() -> dict[str, type[BaseModel]]:
    return {name: obj for name, obj in vars(m).items() if inspect.isclass(obj) and issubclass(obj, m.Model) and obj is not m.Model}


def _accepts_string(cls: type[BaseModel]) -> bool:
    """Models with a `_from_string` validator (model._plain_entry) take a plain string as a list entry."""
    return "_from_string" in cls.__pydantic_decorators__.model_validators


def _title(cls: type[BaseModel]) -> str:
    return inspect.cleandoc(cls.__doc__ or cls.__name__).splitlines()[0].rstrip("。")


def _walk(node: Any, plain_refs: set[str]) -> Any:
    if isinstance(node, list):
        return [_walk(x, plain_refs) for x in node]
    if not isinstance(node, dict):
        return node
    node = {k: _walk(v, plain_refs) for k, v in node.items()}
    if node.get("$ref") in plain_refs:
        ref = {"$ref": node.pop("$ref")}
        node["anyOf"] = [ref, dict(_PLAIN_ENTRY)]
    if "properties" in node and isinstance(node["properties"], dict):
        node.setdefault("additionalProperties", False)
    return node


def build_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one file kind: unit, report or plan."""
    cls, title = KINDS[kind]
    raw = cls.model_json_schema(schema_generator=_Generator)
    models = _models()
    defs = raw.pop("$defs", {})
    plain_refs = {f"#/$defs/{name}" for name in defs if name in models and _accepts_string(models[name])}
    for name, sub in defs.items():
        if name in models:
            sub["title"] = _title(models[name])
    if "Section" in defs:
        # A section needs a heading: the model's after-validator, said in schema terms.
        defs["Section"]["anyOf"] = [{"required": ["area"]}, {"required": ["title"]}]
    body = _walk(raw, plain_refs)
    defs = {name: _walk(sub, plain_refs) for name, sub in defs.items()}
    if kind == "unit":
        areas = body["properties"]["areas"]
        for branch in areas.get("anyOf", []):
            if branch.get("type") == "string":
                branch["enum"] = list(CATALOGUES)
    out: dict[str, Any] = {"$schema": DRAFT, "title": title}
    if kind in LIST_KINDS:
        out.update({"type": "array", "items": {k: v for k, v in body.items() if k != "title"}})
    else:
        out.update({k: v for k, v in body.items() if k != "title"})
    if defs:
        out["$defs"] = defs
    return out


def schemas() -> dict[str, dict[str, Any]]:
    """{"unit": …, "report": …, "plan": …}; written as unit.schema.json and so on."""
    return {kind: build_schema(kind) for kind in KINDS}


def write_schemas(out_dir: Path) -> list[Path]:
    """Write unit.schema.json, report.schema.json and plan.schema.json into out_dir (created if needed)."""
    from reporter.core.files import atomic_write

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法创建文件夹 {out_dir}（{exc.strerror}）") from None
    written = []
    for kind, schema in schemas().items():
        path = out_dir / f"{kind}.schema.json"
        text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
        try:
            atomic_write(path, text.encode("utf-8"))
        except OSError as exc:
            raise OutputError(f"无法写入 {path}（{exc.strerror}）") from None
        written.append(path)
    return written
