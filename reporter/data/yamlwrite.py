"""Write a plan or report dict as readable, commented YAML text that loads back to the very same dict."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import BaseModel

from reporter.core.text import CJK
from reporter.data.model import (
    STATUS_LABELS,
    Achievement,
    Item,
    LeadershipEntry,
    Metric,
    Plan,
    PlanEntry,
    ProblemEntry,
    Report,
    Section,
    Task,
    Unit,
)

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/plan.schema.json"


def field_doc(model: type[BaseModel], key: str) -> str:
    """A key's documentation, from its model field (the one place it is written): 标题：说明 or 标题（可省略）：说明."""
    info = model.model_fields[key]
    title, description = info.title or key, (info.description or "").removesuffix("。")
    if description.startswith("可选："):
        return f"{title}（可省略）：{description.removeprefix('可选：')}"
    return f"{title}：{description}" if description else title


def docs(model: type[BaseModel]) -> dict[str, str]:
    """Every key of a model with its documentation, in the model's key order (the order files are written in)."""
    return {key: field_doc(model, key) for key in model.model_fields}


def model_data(model: BaseModel) -> dict[str, Any]:
    """The keys a model was given, in its key order, nested models alike: what a command that built the model writes.

    A figure written with 万 or 亿 stays as written (5.6万)."""
    out = {key: _plain(getattr(model, key)) for key in type(model).model_fields if key in model.model_fields_set}
    if isinstance(model, Metric):
        out |= {key: written for key in ("value", "previous") if (written := model.written(key))}
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return model_data(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


_INDENT = "  "


def _loads_as(text: str, value: Any) -> bool:
    try:
        return bool(yaml.safe_load(text) == value)
    except yaml.YAMLError:
        return False


# A one-line text that is plain YAML as it stands, for every YAML parser: it opens with a Chinese character
# or a digit (no indicator), holds a Chinese character (so no resolver makes it a number, date or boolean)
# and no space, colon, hash or flow mark. Checked without a parser: an import or a merge writes tens of
# thousands of such texts (libyaml is no shortcut: it accepts tabs PyYAML refuses).
_PLAIN = re.compile(f"(?=[^{CJK}]*[{CJK}])[{CJK}0-9][{CJK}\u3001-\u303f\uff01-\uff5e“”‘’…—·0-9A-Za-z%.()/+-]*")


def _double_quoted(text: str) -> str:
    """A YAML double-quoted scalar on one line; Chinese stays readable, anything unprintable is escaped."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F or 0x80 <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or ch in "\u2028\u2029\ufeff\ufffe\uffff":
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _plain_as_it_stands(text: str, in_list: bool) -> bool:
    """Whether a one-line text loads back as itself unquoted; short ones are remembered, as the same words recur (done, 件)."""
    return _short_plain(text, in_list) if len(text) <= 40 else _loads_as_itself(text, in_list)


def _loads_as_itself(text: str, in_list: bool) -> bool:
    return _loads_as(f"- {text}", [text]) if in_list else _loads_as(f"k: {text}", {"k": text})


_short_plain = functools.lru_cache(maxsize=1024)(_loads_as_itself)


def _string(text: str, indent: str, in_list: bool) -> list[str]:
    """The lines of a string value after `key:` (or `- `): plain when safe, a literal block for paragraphs."""
    probe = "- " if in_list else "k: "
    expected: Any = [text] if in_list else {"k": text}
    if _PLAIN.fullmatch(text):
        return [text]
    if "\n" not in text and text.strip() == text and text and _plain_as_it_stands(text, in_list):
        return [text]
    if "\n" in text and text.strip() and not text.startswith((" ", "\t")):
        chomp = "+" if text.endswith("\n\n") else ("" if text.endswith("\n") else "-")
        body = text[:-1] if text.endswith("\n") and chomp == "" else text
        block_indent = indent + _INDENT
        lines = [("|" + chomp)] + [(block_indent + ln) if ln else "" for ln in body.split("\n")]
        if chomp == "+":
            lines = lines[:-1]
        candidate = probe + "\n".join(lines)
        if _loads_as(candidate, expected):
            return lines
    return [_double_quoted(text)]


def _scalar(value: Any, indent: str, in_list: bool = False) -> list[str]:
    if isinstance(value, str):
        return _string(value, indent, in_list)
    if isinstance(value, int) and not isinstance(value, bool):
        return [str(value)]  # what safe_dump writes for an int, without its cost (a summary has thousands)
    if isinstance(value, float) and math.isfinite(value):
        shown = repr(value).lower()  # as PyYAML's representer writes a float: 1e-05 as 1.0e-05
        return [shown.replace("e", ".0e", 1) if "." not in shown and "e" in shown else shown]
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1 << 30)
    return [dumped.removesuffix("\n...\n").strip()]


def _comment(out: list[str], indent: str, text: str | None) -> None:
    if text:
        out.append(f"{indent}# {text}")


def _entry(out: list[str], indent: str, key: str, value: Any, lead: str = "") -> None:
    """`key: value` at `indent`; `lead` replaces the indent on the first line (the `- ` of a list item)."""
    first = lead or indent
    if isinstance(value, list):
        if not value:
            out.append(f"{first}{key}: []")
            return
        out.append(f"{first}{key}:")
        for item in value:
            _item(out, indent + _INDENT, item)
        return
    if isinstance(value, dict):
        if not value:
            out.append(f"{first}{key}: {{}}")
            return
        out.append(f"{first}{key}:")
        for k, v in value.items():
            _entry(out, indent + _INDENT, str(k), v)
        return
    if value is None:  # a blank to fill in: `key:` loads back as None
        out.append(f"{first}{key}:")
        return
    lines = _scalar(value, indent)
    out.append(f"{first}{key}: {lines[0]}")
    out.extend(lines[1:])


def _item(out: list[str], indent: str, value: Any) -> None:
    if isinstance(value, dict) and value:
        for n, (k, v) in enumerate(value.items()):
            _entry(out, indent + _INDENT, str(k), v, lead=indent + "- " if n == 0 else "")
        return
    if isinstance(value, (list, dict)):
        generic = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1 << 30).strip()
        out.append(f"{indent}- {generic}")
        return
    lines = _scalar(value, indent, in_list=True)
    out.append(f"{indent}- {lines[0]}")
    out.extend(lines[1:])


def _ordered(data: dict[str, Any], keys: tuple[str, ...]) -> list[tuple[str, Any]]:
    return [(k, data[k]) for k in keys if k in data] + [(k, v) for k, v in data.items() if k not in keys]


@dataclass(frozen=True)
class Shape:
    """How a list item mapping is written: its key order, a comment per key, and the shapes of nested lists."""

    keys: tuple[str, ...]
    comments: dict[str, str]
    lists: dict[str, Shape] = field(default_factory=dict)


# Comments above single keys of single entries (why a deadline moved): by entry index, then by key;
# nested lists' entries under the list key, e.g. {0: {"tasks": {2: {"due": "…"}}}}.
Notes = dict[int, dict[str, Any]]


def _mapping(
    out: list[str], indent: str, data: dict[str, Any], shape: Shape, seen: set[tuple[int, str]], notes: dict[str, Any] | None = None
) -> None:
    """A list item mapping whose keys are explained once, at their first appearance in the file."""
    notes = notes or {}
    for n, (key, value) in enumerate(_ordered(data, shape.keys)):
        inner = indent + _INDENT
        if (id(shape.comments), key) not in seen and key in shape.comments:
            seen.add((id(shape.comments), key))
            _comment(out, indent if n == 0 else inner, shape.comments[key])
        note = notes.get(key)
        _comment(out, indent if n == 0 else inner, note if isinstance(note, str) else None)
        nested = shape.lists.get(key)
        lead = indent + "- " if n == 0 else inner
        if key in ("id", "task") and isinstance(value, (str, int)) and not isinstance(value, bool):
            out.append(lead + f"{key}: {_double_quoted(str(value)) if isinstance(value, str) else value}")
        elif nested is not None and isinstance(value, list) and value:
            out.append(lead + f"{key}:")
            _list(out, inner + _INDENT, value, nested, seen, note if isinstance(note, dict) else None)
        else:
            _entry(out, inner, key, value, lead=indent + "- " if n == 0 else "")


def _list(
    out: list[str],
    indent: str,
    value: list[Any],
    shape: Shape,
    seen: set[tuple[int, str]],
    notes: Notes | None = None,
    between: dict[int, list[str]] | None = None,
) -> None:
    """The entries of a list; `between`: comment lines before entry i (after the last one for i = len)."""
    between = between or {}
    for i, element in enumerate(value):
        for line in between.get(i, []):
            _comment(out, indent, line)
        if isinstance(element, dict) and element:
            _mapping(out, indent, element, shape, seen, (notes or {}).get(i))
        else:
            _item(out, indent, element)
    for line in between.get(len(value), []):
        _comment(out, indent, line)


def _dump(
    data: dict[str, Any],
    schema_line: str,
    top_keys: tuple[str, ...],
    top_comments: dict[str, str],
    lists: dict[str, Shape],
    notes: dict[str, Notes] | None = None,
    between: dict[str, dict[int, list[str]]] | None = None,
) -> str:
    """Schema line, a Chinese comment on every top-level key and on each key's first use in a list."""
    out = [schema_line]
    seen: set[tuple[int, str]] = set()
    for key, value in _ordered(data, top_keys):
        if isinstance(value, (list, dict)) and len(out) > 1 or key == "preface" and len(out) > 1:
            out.append("")
        _comment(out, "", top_comments.get(key))
        shape = lists.get(key)
        if shape is not None and isinstance(value, list) and value:
            out.append(f"{key}:")
            _list(out, _INDENT, value, shape, seen, (notes or {}).get(key), (between or {}).get(key))
        else:
            _entry(out, "", key, value)
    return "\n".join(out) + "\n"


def shape(model: type[BaseModel], lists: dict[str, Shape] | None = None, comments: dict[str, str] | None = None) -> Shape:
    """A list entry written in the model's key order, each key explained by its field documentation (or `comments`)."""
    return Shape(tuple(model.model_fields), docs(model) | (comments or {}), lists or {})


PLAN_SHAPE = shape(Section, {"tasks": shape(Task)})


def dump_plan(
    plan: dict[str, Any],
    notes: dict[tuple[int, int], dict[str, str]] | None = None,
    between: dict[int, list[str]] | None = None,
) -> str:
    """plan.yaml text: schema line, a Chinese comment on every top-level key and on each key's first use.

    notes: comments above keys of single tasks, by (section index, task index);
    between: comment lines (without "# ") before section i, or after the last one for i = len(sections).
    """
    by_section: Notes = {}
    for (s, t), keyed in (notes or {}).items():
        by_section.setdefault(s, {}).setdefault("tasks", {})[t] = keyed
    return _dump(
        plan,
        SCHEMA_LINE,
        tuple(Plan.model_fields),
        docs(Plan),
        {"sections": PLAN_SHAPE},
        {"sections": by_section},
        {"sections": between or {}},
    )


# ------------------------------------------------------------------ report

REPORT_SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/report.schema.json"
REPORT_KEYS = tuple(Report.model_fields)
METRIC_SHAPE = shape(Metric)
ITEM_SHAPE = shape(Item, {"metrics": METRIC_SHAPE})
REPORT_LISTS = {
    "achievements": shape(Achievement, {"items": ITEM_SHAPE}),
    "problems": shape(ProblemEntry),
    "leadership": shape(LeadershipEntry),
    "next_year": shape(PlanEntry),
}


# An imported report's statuses were inferred, not typed: the comment says how, so the drafter checks them.
IMPORTED_STATUS = (
    f"{field_doc(Item, 'status')}。导入时按已发布的报告记为 done；文中写明正在推进的记为 ongoing，"
    f"标题写明{STATUS_LABELS['pending']}的记为 pending，请核对"
)
IMPORTED_REPORT_LISTS = REPORT_LISTS | {
    "achievements": shape(Achievement, {"items": shape(Item, {"metrics": METRIC_SHAPE}, {"status": IMPORTED_STATUS})})
}


def dump_report(report: dict[str, Any], *, imported: bool = False) -> str:
    """report.yaml text in the same commented, readable form as plan.yaml; `imported` explains inferred statuses."""
    lists = IMPORTED_REPORT_LISTS if imported else REPORT_LISTS
    return _dump(report, REPORT_SCHEMA_LINE, REPORT_KEYS, docs(Report), lists)


# ------------------------------------------------------------------ report skeletons (init report)


def optional_keys(model: type[BaseModel], leave_out: Collection[str]) -> list[str]:
    """A line `key（标题）：说明` for each key of `model` a file may leave out (it has a default), but those in `leave_out`."""
    lines = []
    for key, info in model.model_fields.items():
        if key in leave_out or info.is_required():
            continue
        description = (info.description or "").removeprefix("可选：").removesuffix("。")
        lines.append(f"  {key}（{info.title or key}）：{description}" if description else f"  {key}（{info.title or key}）")
    return lines


def dump_report_skeleton(report: dict[str, Any], header: list[str], examples: dict[str, list[str]], leave_out: Collection[str] = ()) -> str:
    """report.yaml skeleton text: `header` comment lines and the documentation of every key the skeleton does not write
    (from the model; but those in `leave_out`), then each top key under its documentation and `examples` lines.

    A key in `examples` but not in `report` is written as comments only (an optional part, shown by example).
    """
    rest = optional_keys(Report, {*report, *examples, *leave_out})
    header = [*header, "以下各键可省略，需要时加在文件中（键: 值）：", *rest] if rest else header
    out = [REPORT_SCHEMA_LINE] + [f"# {line}" for line in header] + ([""] if header else [])
    seen: set[tuple[int, str]] = set()
    for key in REPORT_KEYS + tuple(k for k in report if k not in REPORT_KEYS):
        if key not in report and key not in examples:
            continue
        if key not in ("year", "date"):
            out.append("")
        for line in [field_doc(Report, key) if key in REPORT_KEYS else "", *examples.get(key, [])]:
            _comment(out, "", line)
        if key not in report:
            continue
        value = report[key]
        if key == "achievements" and isinstance(value, list) and value:
            out.append("achievements:")
            _list(out, _INDENT, value, REPORT_LISTS["achievements"], seen)
        else:
            _entry(out, "", key, value)
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ unit.yaml skeleton (init unit)

UNIT_SCHEMA_LINE = "# yaml-language-server: $schema=../schema/unit.schema.json"


def dump_unit_skeleton(header: list[str], values: dict[str, Any], examples: dict[str, list[str]]) -> str:
    """unit.yaml for a new workspace: every key under its documentation; `values` written, the others commented out.

    `examples`: the commented lines shown for a key instead of a bare `# key:`.
    """
    out = [UNIT_SCHEMA_LINE] + [f"# {line}" for line in header]
    for key in Unit.model_fields:
        out.append("")
        _comment(out, "", field_doc(Unit, key))
        if key in values:
            _entry(out, "", key, values[key])
        else:
            out += [f"# {line}" for line in examples.get(key, [f"{key}:"])]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ pieces for in-place edits (data/yamledit.py)


def double_quoted(text: str) -> str:
    """A one-line double-quoted YAML scalar of `text`."""
    return _double_quoted(text)


def plain_safe(text: str) -> bool:
    """Whether `text` can stand unquoted after `key: ` and loads back as the same string."""
    return "\n" not in text and bool(text) and text.strip() == text and _loads_as("k: " + text, {"k": text})


def entry_lines(key: str, value: Any, indent: str) -> list[str]:
    """The lines of `key: value` at `indent`, in the layout of the files this module writes."""
    out: list[str] = []
    _entry(out, indent, key, value)
    return out


def item_lines(value: Any, indent: str) -> list[str]:
    """The lines of one list entry `- value` whose dash stands at `indent`."""
    out: list[str] = []
    _item(out, indent, value)
    return out
