"""Write a plan or report dict as readable, commented YAML text that loads back to the very same dict."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/plan.schema.json"

TOP_KEYS = ("year", "kind", "period", "notice", "issuer", "date", "preface", "numbering", "sections", "closing")
SECTION_KEYS = ("area", "title", "text", "tasks")
TASK_KEYS = ("id", "title", "text", "lead", "responsible", "due", "carried_over", "recurring")

TOP_COMMENTS = {
    "year": "年度：本工作要点（计划）所属的年份",
    "kind": "文种：工作要点、工作计划、工作安排、实施方案 或 规划",
    "period": "规划期，如“2021—2025”（文种为规划时）",
    "notice": "印发通知（可省略）：issuer 印发机关，doc_number 发文字号，recipients 主送机关，date 成文日期，text 正文（可省略），publish 附注（如 此件公开发布）",
    "issuer": "印发单位（可省略）",
    "date": "成文日期（可省略），如 2025-03-18",
    "preface": "开头段：为深入贯彻……，制定本工作要点。",
    "numbering": "任务编号方式：continuous 跨部分连续编号；per_section 每部分从 1 重新编号",
    "sections": "各部分（一、二、三……），每部分列出其任务",
    "closing": "保障措施（可省略）：每项一段文字，或 {title, text}（印为“（一）标题。正文”）",
}
SECTION_COMMENTS = {
    "area": "领域：纲要领域目录中的标题（可省略）",
    "title": "本部分标题（不含“一、”）",
    "text": "本部分的说明段落（指导思想、总体目标等不含任务的部分；可省略）",
    "tasks": "本部分的任务",
}
TASK_COMMENTS = {
    "id": "任务编号：稳定不变，年度报告用 task 引用",
    "title": "任务标题：任务的第一句",
    "text": "任务内容：标题之后的具体内容",
    "lead": "牵头单位",
    "responsible": "责任单位（配合单位）",
    "due": "完成时限，如“2025年6月底前”“年内”“每季度”",
    "carried_over": "上年结转：上一年未完成、转入本年的任务写 true",
    "recurring": "常态化工作：每年都做的任务写 true，完成后仍转入下一年的骨架",
}

_INDENT = "  "


def _loads_as(text: str, value: Any) -> bool:
    try:
        return bool(yaml.safe_load(text) == value)
    except yaml.YAMLError:
        return False


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


def _string(text: str, indent: str, in_list: bool) -> list[str]:
    """The lines of a string value after `key:` (or `- `): plain when safe, a literal block for paragraphs."""
    probe = "- " if in_list else "k: "
    expected: Any = [text] if in_list else {"k": text}
    if "\n" not in text and text.strip() == text and text and _loads_as(probe + text, expected):
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


PLAN_SHAPE = Shape(SECTION_KEYS, SECTION_COMMENTS, {"tasks": Shape(TASK_KEYS, TASK_COMMENTS)})


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
    return _dump(plan, SCHEMA_LINE, TOP_KEYS, TOP_COMMENTS, {"sections": PLAN_SHAPE}, {"sections": by_section}, {"sections": between or {}})


# ------------------------------------------------------------------ report

REPORT_SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/report.schema.json"
REPORT_KEYS = (
    "year", "date", "unit", "submitted", "doc_number", "signer", "preface", "achievements", "problems", "leadership",
    "next_year", "other", "headings", "intros", "closing", "attachments", "metrics_note", "cc", "printed_by", "printed_date",
)  # fmt: skip
REPORT_COMMENTS = {
    "year": "年度：报告所述年份",
    "date": "成文日期，如 2024-03-15",
    "unit": "报送单位（汇总各单位材料时使用）",
    "submitted": "报送日期（汇总各单位材料时使用）",
    "preface": "开头段：报告开头的总述",
    "achievements": "一、主要举措和成效，按领域分组",
    "problems": "二、存在的不足和原因",
    "leadership": "三、党政主要负责人履行推进法治建设第一责任人职责情况",
    "next_year": "四、下一年度推进法治政府建设的主要安排",
    "other": "五、其他需要报告的情况（可省略）",
    "headings": "按原文保留的部分标题（替换默认的一级标题）",
    "intros": "各部分开头的导语段落",
    "closing": '结束语，如“特此报告。”；"" 表示不印',
    "attachments": "附件：metrics 主要指标统计表；tasks 工作要点任务完成情况表",
    "metrics_note": "指标表下的注",
    "doc_number": "发文字号（版头），如“青政报〔2024〕5号”",
    "signer": "签发人（上行文版头）",
    "cc": "抄送机关（版记）",
    "printed_by": "印发机关（版记）",
    "printed_date": "印发日期（版记）",
}
AREA_SHAPE_COMMENTS = {
    "area": "领域：领域目录中的标题，或原文的小标题",
    "title": "小标题：替代领域标题印出（可省略）",
    "items": "本领域的各项举措",
}
ITEM_COMMENTS = {
    "title": "标题：本条的首句（加粗）",
    "text": "正文：具体做法和成效",
    "task": "对应的工作要点任务编号（可省略）",
    "status": "完成情况：done 已完成、ongoing 推进中、pending 未完成",
    "metrics": "量化指标：本年数值 value、上年数值 previous，同比自动计算",
}
METRIC_COMMENTS = {
    "name": "指标名称",
    "value": "本年数值",
    "unit": "单位，如 件、人次、%",
    "previous": "上年数值",
    "in_text": "false：只列入附件指标统计表，不写入正文",
    "na": "true：本单位无此项职责",
}
PROBLEM_COMMENTS = {"text": "存在的不足", "cause": "原因分析（可省略）"}
LEADERSHIP_COMMENTS = {"title": "标题，如“带头学法用法”", "text": "具体情况"}
NEXT_COMMENTS = {
    "area": "领域（可省略）",
    "title": "安排的标题",
    "text": "具体安排",
    "lead": "牵头单位",
    "responsible": "责任单位",
    "due": "完成时限",
}
METRIC_SHAPE = Shape(("name", "value", "unit", "previous", "numerator", "denominator", "in_text", "na"), METRIC_COMMENTS)
ITEM_SHAPE = Shape(("title", "text", "task", "status", "metrics"), ITEM_COMMENTS, {"metrics": METRIC_SHAPE})
REPORT_LISTS = {
    "achievements": Shape(("area", "title", "items"), AREA_SHAPE_COMMENTS, {"items": ITEM_SHAPE}),
    "problems": Shape(("text", "cause"), PROBLEM_COMMENTS),
    "leadership": Shape(("title", "text"), LEADERSHIP_COMMENTS),
    "next_year": Shape(("area", "title", "text", "lead", "responsible", "due", "task"), NEXT_COMMENTS),
}


# An imported report's statuses were inferred, not typed: the comment says how, so the drafter checks them.
IMPORTED_STATUS = (
    "完成情况：导入时按已发布的报告记为 done（已完成）；文中写明正在推进的记为 ongoing（推进中），"
    "标题写明未完成的记为 pending（未完成），请核对"
)
_IMPORTED_ITEM_SHAPE = Shape(ITEM_SHAPE.keys, ITEM_COMMENTS | {"status": IMPORTED_STATUS}, ITEM_SHAPE.lists)
IMPORTED_REPORT_LISTS = REPORT_LISTS | {
    "achievements": Shape(("area", "title", "items"), AREA_SHAPE_COMMENTS, {"items": _IMPORTED_ITEM_SHAPE})
}


def dump_report(report: dict[str, Any], *, imported: bool = False) -> str:
    """report.yaml text in the same commented, readable form as plan.yaml; `imported` explains inferred statuses."""
    lists = IMPORTED_REPORT_LISTS if imported else REPORT_LISTS
    return _dump(report, REPORT_SCHEMA_LINE, REPORT_KEYS, REPORT_COMMENTS, lists)


# ------------------------------------------------------------------ report skeletons (init report)

SKELETON_METRIC_SHAPE = Shape(
    ("name", "value", "unit", "previous", "na"),
    {
        "name": "指标名称",
        "value": "本年数值（待填写）；本单位无此项职责时删去 value，写 na: true",
        "unit": "单位，如 件、人次、%",
        "previous": "上年数值（取自上年报告），用于计算同比",
    },
)
SKELETON_ITEM_SHAPE = Shape(
    ("title", "task", "status", "text", "metrics"),
    {
        "title": "举措标题（加粗的首句），沿用任务标题，可改写",
        "task": "对应的工作要点任务编号",
        "status": "完成情况：done（已完成）、ongoing（推进中）或 pending（未完成）",
        "text": "具体做法和成效",
        "metrics": "量化指标：沿用上年的指标名称和单位，填写本年数值",
    },
    {"metrics": SKELETON_METRIC_SHAPE},
)
SKELETON_GROUP_SHAPE = Shape(
    ("area", "title", "items"),
    {"area": "领域：纲要领域目录中的标题", "title": "本部分标题（可省略，默认用领域标题）", "items": "本领域的各项举措"},
    {"items": SKELETON_ITEM_SHAPE},
)


def dump_report_skeleton(report: dict[str, Any], header: list[str], comments: dict[str, list[str]]) -> str:
    """report.yaml skeleton text: `header` comment lines, then each top key under its comment lines.

    A key in `comments` but not in `report` is written as comments only (an optional part, shown by example).
    """
    out = [REPORT_SCHEMA_LINE] + [f"# {line}" for line in header] + ([""] if header else [])
    seen: set[tuple[int, str]] = set()
    for key in REPORT_KEYS + tuple(k for k in report if k not in REPORT_KEYS):
        if key not in report and key not in comments:
            continue
        if key not in ("year", "date"):
            out.append("")
        for line in comments.get(key, []):
            _comment(out, "", line)
        if key not in report:
            continue
        value = report[key]
        if key == "achievements" and isinstance(value, list) and value:
            out.append("achievements:")
            _list(out, _INDENT, value, SKELETON_GROUP_SHAPE, seen)
        else:
            _entry(out, "", key, value)
    return "\n".join(out) + "\n"
