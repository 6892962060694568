"""Read a YAML data file safely into plain data plus the line/column of every key and value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reporter.core.diagnostics import Diagnostic
from reporter.core.errors import DataError
from reporter.core.text import CONTROL, Undecodable, decode_bytes

try:  # the C loader is ~10x faster on big files; fall back where libyaml is absent
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on the platform build
    from yaml import SafeLoader  # type: ignore[assignment]

MAX_BYTES = 10 * 1024 * 1024
MAX_NODES = 200_000  # bounds alias expansion ("billion laughs") and memory
MAX_DEPTH = 64


Path_ = tuple[str | int, ...]


@dataclass
class Source:
    """A parsed data file: its data, where each key and value stands, and warnings."""

    file: str
    data: Any
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)  # non-fatal errors found while parsing
    encoding: str = "utf-8"
    text: str = ""  # the file's text as read (decoded, before control characters are dropped): kept so nothing reads it again

    def mark(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """The nearest known position for `path` (its key's when `key`), walking up to a parent."""
        p = tuple(path)
        if key and p in self.key_marks:
            return self.key_marks[p]
        while p:
            if p in self.value_marks:
                return self.value_marks[p]
            p = p[:-1]
        return self.value_marks.get((), (1, 1))


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def decode(raw: bytes, file: str) -> tuple[str, str, list[Diagnostic]]:
    """Bytes → text: UTF-8 (BOM or not), else GB18030 with a warning naming the encoding."""
    try:
        text, encoding = decode_bytes(raw)
    except Undecodable as exc:
        raise DataError.single(
            file,
            f"无法识别文件编码：第 {exc.offset} 字节（0x{raw[exc.offset]:02X}）既不是 UTF-8 也不是 GB18030",
            fix="请在编辑器中将文件另存为 UTF-8 编码",
        ) from None
    if encoding != "gb18030":
        return text, "utf-8", []
    warn = Diagnostic(file, 0, 0, "", "文件按 GB18030（GBK）编码读取", "建议在编辑器中另存为 UTF-8 编码")
    return text, "gb18030", [warn]


def strip_controls(text: str, file: str) -> tuple[str, list[Diagnostic]]:
    warnings = []
    if CONTROL.search(text):
        for lineno, line in enumerate(text.split("\n"), 1):
            for m in CONTROL.finditer(line):
                warnings.append(
                    Diagnostic(file, lineno, m.start() + 1, "", f"已删除不可见的控制字符 U+{ord(m.group()):04X}（Word 文件中不允许出现）")
                )
        text = CONTROL.sub("", text)
    return text, warnings


def read_raw(path: Path, file: str) -> bytes:
    """A data file's bytes, within the size bound; a missing, oversized or unreadable file is a located DataError."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DataError.single(file, "文件不存在") from None
    if path.is_dir():
        raise DataError.single(file, "这是一个文件夹，应为 YAML 文件")
    if size > MAX_BYTES:
        raise DataError.single(file, f"文件过大（{size / 1024 / 1024:.1f} MB，上限 10 MB）；数据文件不应这么大，请检查是否放错了文件")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataError.single(file, f"无法读取文件：{exc.strerror}") from None


def read_source(path: Path, file: str, raw: bytes | None = None) -> Source:
    """Read (unless `raw`: its bytes, read by `read_raw` already) and parse one YAML file; every failure is a located
    DataError in Chinese."""
    raw = read_raw(path, file) if raw is None else raw
    raw_text, encoding, warnings = decode(raw, file)
    text, control_warnings = strip_controls(raw_text, file)
    source = Source(file=file, data=None, warnings=warnings + control_warnings, encoding=encoding, text=raw_text)
    source.data = _parse(text, source)
    return source


# ------------------------------------------------------------------ parsing

_SYNTAX_HINTS = [
    ("found character '\\t'", "YAML 不能用 Tab 缩进或分隔", "请改用空格"),
    ("mapping values are not allowed", "此处不能出现“: ”", "若文字本身含有冒号加空格，请给整段文字加引号"),
    ("could not find expected ':'", "缺少“: ”", "键和值之间要用英文冒号加空格分隔"),
    ("did not find expected key", "缩进不一致，或列表项缺少“- ”", "请对齐同一层的键"),
    ("did not find expected '-' indicator", "列表项缩进不一致", "同一列表的“- ”要对齐"),
    ("found undefined alias", "引用了未定义的锚点（*名称）", ""),
    ("found unexpected end of stream", "文件意外结束：引号或括号没有闭合", ""),
    ("found unknown escape character", "双引号内的反斜杠转义无效", "请改用单引号，或去掉反斜杠"),
    ("expected <block end>, but found", "缩进不一致", "同一层的键要对齐"),
    ("while scanning a quoted scalar", "引号没有闭合", ""),
    ("found unhashable key", "键不能是列表或键值对", ""),
]

# Characters an IME slips into YAML's structure: they look right but YAML does not read them as syntax.
_LOOKALIKES = {
    "：": ("中文冒号“：”", "键和值之间改用英文冒号加空格“: ”"),
    "\u3000": ("全角空格", "缩进改用半角空格；若是文字内容，请给整段文字加引号"),
}
_KEY_COLON = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*)\s*：")


def _lookalike(source_text: str, file: str, near: int) -> Diagnostic | None:
    """A line just before the syntax error (line `near`) whose structure uses a Chinese colon or a full-width space.

    YAML notices such a line only at the next one; the message names the line that is wrong and its column.
    """
    lines = source_text.split("\n")
    for lineno in range(max(1, near - 2), min(len(lines), near) + 1):
        line = lines[lineno - 1]
        m = _KEY_COLON.match(line)
        if m:
            what, fix = _LOOKALIKES["："]
            return Diagnostic(file, lineno, m.end(), "", f"键 {m[2]} 后面用了{what}", fix)
        indent = len(line) - len(line.lstrip(" \u3000"))
        if "\u3000" in line[:indent]:
            what, fix = _LOOKALIKES["\u3000"]
            return Diagnostic(file, lineno, line.index("\u3000") + 1, "", f"行首用了{what}缩进", fix)
    return None


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str, source_text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    lookalike = _lookalike(source_text, file, line) if line else None
    if lookalike is not None:
        return lookalike
    text = f"{exc.context or ''} {exc.problem or ''}"
    lines = source_text.split("\n")
    if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        text = "found character '\\t'"  # libyaml does not name the tab itself
    hint = next(((m, f) for key, m, f in _SYNTAX_HINTS if key in text), None)
    if hint is None:
        hint = (f"YAML 语法错误（{(exc.problem or exc.context or '').strip()}）", "请检查这一行的缩进、冒号和引号")
    return Diagnostic(file, line, col, "", hint[0], hint[1])


def _parse(text: str, source: Source) -> Any:
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise DataError.single(source.file, "文件是空的；请按数据格式填写（可用 reporter init 生成骨架）")
        walker = _Walker(loader, source)
        return walker.build(node, ())
    except yaml.MarkedYAMLError as exc:
        raise DataError([_syntax_problem(exc, source.file, text)]) from None
    except yaml.YAMLError as exc:
        raise DataError.single(source.file, f"YAML 语法错误：{exc}") from None
    finally:
        loader.dispose()


_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"


class _Walker:
    """Turns composed nodes into data, recording marks; refuses tags, duplicates and bombs."""

    def __init__(self, loader: Any, source: Source) -> None:
        self.loader = loader
        self.source = source
        self.count = 0

    def fail(self, node: yaml.Node, path: Path_, message: str) -> DataError:
        m = node.start_mark
        return DataError([Diagnostic(self.source.file, m.line + 1, m.column + 1, format_path(path), message)])

    def build(self, node: yaml.Node, path: Path_, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, (), "内容过多（可能是别名 *引用 层层展开）；请不要用锚点和别名复制大段内容")
        if depth > MAX_DEPTH:
            raise self.fail(node, path, "嵌套层次过深（可能是别名引用了自身）")
        self.source.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise self.fail(node, path, f"不支持的 YAML 标签 {node.tag}；数据文件只能包含文字、数字、日期、列表和键值对")
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise self.fail(node, path, f"不支持的 YAML 标签 {node.tag}；数据文件只能包含文字、数字、日期、列表和键值对")
            return [self.build(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
        if not node.tag.startswith("tag:yaml.org,2002:") or node.tag.endswith(":binary"):
            raise self.fail(node, path, f"不支持的 YAML 标签 {node.tag}；请去掉“!”开头的标签")
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise self.fail(node, path, f"无法识别的值（{exc.problem}）；若是文字请加引号") from None
        except ValueError:
            if node.tag.endswith(":timestamp"):
                raise self.fail(node, path, f"日期 {node.value} 不存在；请改正（格式如 2025-03-18）") from None
            raise self.fail(node, path, f"无法识别的值“{node.value}”；请改正，或加引号作为文字") from None

    def mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        merged: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                for src in value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]:
                    sub = self.build(src, path, depth + 1)
                    if isinstance(sub, dict):
                        merged = {**sub, **merged}
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, path, "键不能是列表或键值对")
            key = self.loader.construct_object(key_node)
            if isinstance(key, (int, float)) and not isinstance(key, bool):
                key = str(key)
            key_path = path + (key,)
            if key in first_line:
                m = key_node.start_mark
                self.source.problems.append(
                    Diagnostic(
                        self.source.file,
                        m.line + 1,
                        m.column + 1,
                        format_path(key_path),
                        f"键 {key} 重复（第一次出现在第 {first_line[key]} 行）；请删除或合并其中一个",
                    )
                )
                continue
            first_line[key] = key_node.start_mark.line + 1
            self.source.key_marks[key_path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, key_path, depth + 1)
        for key, value in merged.items():
            out.setdefault(key, value)
        return out
