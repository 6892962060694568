"""Load data files into models; pydantic's error locations are mapped back to file:line:column."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from reporter.core.diagnostics import Diagnostic
from reporter.core.errors import DataError
from reporter.data.model import STATUS_LABELS, Plan, Report, Unit
from reporter.data.workspace import display_name
from reporter.data.yamlsource import Path_, Source, format_path, read_source

M = TypeVar("M", bound=BaseModel)


@dataclass
class Loaded(Generic[M]):
    """A validated model together with its source (marks, warnings)."""

    model: M
    source: Source
    warnings: list[Diagnostic] = field(default_factory=list)

    def where(self, path: Path_, key: bool = False) -> tuple[str, int, int]:
        line, col = self.source.mark(path, key)
        return self.source.file, line, col


def load(path: Path, model: type[M], root: Path, raw: bytes | None = None) -> Loaded[M]:
    """The file at `path` as a validated `model`; `raw`: its bytes when they were read already (a file is read once)."""
    file = display_name(path, root)
    source = read_source(path, file, raw)
    if not isinstance(source.data, dict):
        raise DataError.single(file, "文件顶层应为键值对（如 year: 2024）", 1, 1)
    try:
        obj = model.model_validate(source.data)
    except ValidationError as exc:
        raise DataError(sorted(source.problems + problems_from(exc, source, model), key=lambda p: (p.line, p.col))) from None
    if source.problems:
        raise DataError(source.problems)
    loaded = Loaded(obj, source, list(source.warnings))
    extra = _semantic_problems(loaded)
    if extra:
        raise DataError(extra)
    return loaded


def load_unit(path: Path, root: Path) -> Loaded[Unit]:
    return load(path, Unit, root)


def load_report(path: Path, root: Path, raw: bytes | None = None) -> Loaded[Report]:
    return load(path, Report, root, raw)


def load_plan(path: Path, root: Path) -> Loaded[Plan]:
    return load(path, Plan, root)


# ------------------------------------------------------------ error mapping

_TYPE_NAMES = {str: "文字", int: "整数", float: "数字", bool: "true/false", list: "列表", dict: "键值对", type(None): "空值"}


def _kind(value: Any) -> str:
    import datetime as dt

    if isinstance(value, (dt.date, dt.datetime)):
        return "日期"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[Path_, bool, Any]:
    """Strip pydantic's union tags from `loc`; return (path, ends_at_missing_key, value there)."""
    path: list[str | int] = []
    current = data
    missing = False
    for i, part in enumerate(loc):
        if isinstance(current, dict) and part in current:
            path.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and i == len(loc) - 1 and isinstance(part, str) and not part[:1].isupper() and "[" not in part:
            path.append(part)
            missing = True
        # anything else is a union member tag such as 'str' or 'list[str]'
    return tuple(path), missing, current


def _model_at(model: type[BaseModel], path: Path_) -> type[BaseModel] | None:
    """The model class that owns the mapping at `path` (to list its keys)."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = _unwrap(current.model_fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    for arg in (
        typing.get_args(annotation) if typing.get_origin(annotation) in (list, typing.Union, types.UnionType, typing.Annotated) else ()
    ):
        found = _unwrap(arg)
        if isinstance(found, type) and issubclass(found, BaseModel):
            return found
    return annotation


def _suggest(key: str, owner: type[BaseModel] | None) -> str:
    if owner is None:
        return "请删除这个键"
    names = list(owner.model_fields)
    for name, info in owner.model_fields.items():
        if info.title and key == info.title:
            return f"是否想写 {name}？（键名用英文）"
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    allowed = "、".join(names)
    if close:
        return f"是否想写 {close[0]}？可用的键：{allowed}"
    return f"可用的键：{allowed}"


def _message(err: Mapping[str, Any], value: Any, missing: bool, key: str | int | None, owner: type[BaseModel] | None) -> tuple[str, str]:
    """(message, fix) for one pydantic error; the fix is never part of the message text."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "missing" or missing:
        return f"缺少必填的键 {key}", "请补上"
    if kind == "extra_forbidden":
        return f"未知的键 {key}", _suggest(str(key), owner)
    if kind == "literal_error":
        expected = ctx.get("expected", "").replace("'", "").replace(" or ", "、").replace(", ", "、")
        hint = f"（也可写 {'、'.join(STATUS_LABELS.values())}）" if "done" in expected else ""
        return f"取值“{value}”无效", f"应为 {expected} 之一{hint}"
    return _type_message(kind, value, ctx, err)


_TYPE_MESSAGES: dict[str, tuple[str, str]] = {
    "string_type": ("应为文字，实际是{kind}", "请直接写文字"),
    "int_type": ("应为整数，实际是“{value}”", ""),
    "int_parsing": ("应为整数，实际是“{value}”", ""),
    "int_from_float": ("应为整数，实际是“{value}”", ""),
    "float_type": ("应为数字，实际是“{value}”", "数值不要带单位，单位写在 unit 中"),
    "float_parsing": ("应为数字，实际是“{value}”", "数值不要带单位，单位写在 unit 中"),
    "bool_type": ("应为 true 或 false，实际是“{value}”", ""),
    "bool_parsing": ("应为 true 或 false，实际是“{value}”", ""),
    "list_type": ("应为列表（每项另起一行，以“- ”开头），实际是{kind}", ""),
    "model_type": ("应为键值对（如 title: …），实际是{kind}", ""),
    "dict_type": ("应为键值对（如 title: …），实际是{kind}", ""),
    "model_attributes_type": ("应为键值对（如 title: …），实际是{kind}", ""),
    "string_too_short": ("不能为空", ""),
}


def _type_message(kind: str, value: Any, ctx: Mapping[str, Any], err: Mapping[str, Any]) -> tuple[str, str]:
    if kind in _TYPE_MESSAGES:
        message, fix = _TYPE_MESSAGES[kind]
        return message.format(kind=_kind(value), value=value), fix
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"应为日期，如 2025-03-18，实际是“{value}”", ""
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"数值“{value}”超出范围（{ctx.get('ge', ctx.get('le'))}）", ""
    if kind == "value_error":
        error = ctx.get("error", err["msg"])
        # a model validator may say what to do: ValueError((message, fix)) keeps the two apart
        if isinstance(error, ValueError) and len(error.args) == 2:
            return str(error.args[0]), str(error.args[1])
        return str(error), ""
    return str(err["msg"]), ""


def problems_from(exc: ValidationError, source: Source, model: type[BaseModel]) -> list[Diagnostic]:
    seen: set[tuple[Any, ...]] = set()
    problems = []
    for err in exc.errors(include_url=False):
        path, missing, value = _data_path(source.data, tuple(err["loc"]))
        if path in seen:  # a union reports once per member; the first is enough
            continue
        seen.add(path)
        key = path[-1] if path else None
        owner = _model_at(model, path[:-1]) if path else None
        extra = err["type"] == "extra_forbidden"
        line, col = source.mark(path, key=extra) if not missing else source.mark(path[:-1])
        message, fix = _message(err, value, missing, key, owner)
        problems.append(Diagnostic(source.file, line, col, format_path(path), message, fix))
    problems.sort(key=lambda p: (p.line, p.col))
    return problems


def year_mismatch(loaded: Loaded[Any], year: int) -> Diagnostic | None:
    """A data/YEAR file must speak of the year of its folder."""
    if loaded.model.year == year:
        return None
    file, line, col = loaded.where(("year",))
    return Diagnostic(file, line, col, "year", f"文件在 {year} 文件夹中，但 year 写的是 {loaded.model.year}", "请改为一致")


def _roster_problems(loaded: Loaded[Unit]) -> list[Diagnostic]:
    """unit.yaml's members: a unit listed twice, or one name (full name or alias) pointing at two units."""
    from reporter.core.text import name_key

    problems: list[Diagnostic] = []
    owner: dict[str, tuple[int, str, int, bool]] = {}  # name key -> (member index, member name, line, a full name)
    for mi, member in enumerate(loaded.model.members):
        names: list[tuple[str, Path_]] = [(member.name, ("members", mi, "name") if member.aliases else ("members", mi))]
        names += [(alias, ("members", mi, "aliases", ai)) for ai, alias in enumerate(member.aliases)]
        for text, path in names:
            file, line, col = loaded.where(path)
            seen = owner.get(name_key(text))
            if seen is None:
                owner[name_key(text)] = (mi, member.name, line, len(path) < 4)
            elif seen[0] != mi:
                problems.append(_roster_clash(file, line, col, path, text, member.name, seen))
    return problems


def _roster_clash(file: str, line: int, col: int, path: Path_, text: str, member: str, seen: tuple[int, str, int, bool]) -> Diagnostic:
    if len(path) < 4 and seen[3]:  # a full name again
        return Diagnostic(
            file, line, col, format_path(path), f"单位“{member}”在 members 中重复（第 {seen[2]} 行已列出）", "请删除重复的一项"
        )
    return Diagnostic(
        file,
        line,
        col,
        format_path(path),
        f"名称“{text}”同时指“{seen[1]}”（第 {seen[2]} 行）和“{member}”",
        "一个名称只能指一个单位；请删去或改写其中一个别名",
    )


def _semantic_problems(loaded: Loaded[Any]) -> list[Diagnostic]:
    """Rules a schema cannot say: unique task ids, a roster naming each unit once."""
    if isinstance(loaded.model, Unit):
        return _roster_problems(loaded)
    problems: list[Diagnostic] = []
    if isinstance(loaded.model, Plan):
        first: dict[str, tuple[int, int]] = {}
        for si, section in enumerate(loaded.model.sections):
            for ti, task in enumerate(section.tasks):
                path: Path_ = ("sections", si, "tasks", ti, "id")
                file, line, col = loaded.where(path)
                if task.id in first:
                    problems.append(
                        Diagnostic(
                            file,
                            line,
                            col,
                            format_path(path),
                            f"任务编号 {task.id} 重复（第 {first[task.id][0]} 行已用过）",
                            "请改为唯一的编号",
                        )
                    )
                else:
                    first[task.id] = (line, col)
    return problems
