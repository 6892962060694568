"""Edit a YAML data file in place: only the spans of changed values move, every other character stays."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import yaml

from reporter.data.yamlsource import Path_, format_path
from reporter.data.yamlwrite import double_quoted, entry_lines, item_lines, plain_safe

# The pure-Python composer: its marks are character offsets into the text we edit (libyaml's are not always).
_Loader = yaml.SafeLoader


@dataclass(frozen=True)
class SetValue:
    """`path` gets `value` (a missing last key of a mapping is added to it)."""

    path: Path_
    value: Any


@dataclass(frozen=True)
class InsertEntry:
    """A new entry `value` at `index` of the list at `path` (index = len: appended)."""

    path: Path_
    index: int
    value: Any


@dataclass(frozen=True)
class DeleteEntry:
    """The list entry at `path` (its last part an index) is removed with its lines."""

    path: Path_


Change = SetValue | InsertEntry | DeleteEntry


class EditError(Exception):
    """A change that cannot be made in place (a flow collection, an alias, a path not in the file)."""

    def __init__(self, path: Path_, message: str) -> None:
        super().__init__(f"{format_path(path)}: {message}")
        self.path = path
        self.message = message


# ------------------------------------------------------------------ the node tree


def compose(text: str) -> yaml.Node:
    node = yaml.compose(text, Loader=_Loader)
    if not isinstance(node, yaml.MappingNode):
        raise EditError((), "文件顶层不是键值对")
    return node


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node | None]:
    """(key node, value node) of `part` under `node`; (None, None) when absent."""
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                return key, value
        return None, None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None, None


def find(root: yaml.Node, path: Path_) -> tuple[yaml.Node | None, yaml.Node | None]:
    """(key node, value node) at `path`; the key node is None for list entries and the root."""
    key: yaml.Node | None = None
    node: yaml.Node | None = root
    for part in path:
        if node is None:
            return None, None
        key, node = _child(node, part)
    return key, node


# ------------------------------------------------------------------ rendering values at a place


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _column(text: str, index: int) -> int:
    return index - _line_start(text, index)


def _block_scalar(text: str, node: yaml.ScalarNode, value: str) -> str | None:
    """A literal/folded block rewritten with its own header and indentation; None when it cannot hold `value`."""
    start, end = node.start_mark.index, node.end_mark.index
    header_end = text.index("\n", start)
    header = text[start:header_end].split("#")[0].rstrip()
    body = text[header_end + 1 : end]
    lines = [ln for ln in body.split("\n") if ln.strip()]
    indent = " " * (len(lines[0]) - len(lines[0].lstrip(" "))) if lines else " " * (_column(text, start) + 2)
    if not value or value != value.strip() and value.rstrip("\n") != value.strip():
        return None
    content = value.rstrip("\n")
    if not content.strip() or value.endswith("\n\n"):
        return None  # only line breaks, or trailing blank lines: quoted instead
    if header.startswith(">") and "\n" in content:
        header = "|" + header[1:]  # a folded block would join the new lines: the value's breaks need a literal one
    chomp = "-" if not value.endswith("\n") else ("+" if value.endswith("\n\n") else "")
    header = header[0] + chomp
    out = header + "\n" + "\n".join((indent + ln) if ln else "" for ln in content.split("\n"))
    return out + ("\n" if text[end - 1 : end] == "\n" else "")


def _scalar_text(text: str, node: yaml.ScalarNode, value: Any) -> str:
    """The new value written in the old one's style where it can hold it: plain, quoted or block."""
    if not isinstance(value, str):
        return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True).removesuffix("\n...\n").strip()
    style = node.style or ""
    if style in ("|", ">"):
        block = _block_scalar(text, node, value)
        if block is not None:
            return block
    if style == "'" and "\n" not in value and value == value.strip() and value:
        return "'" + value.replace("'", "''") + "'"
    if style in ("", None) and plain_safe(value):
        return value
    return double_quoted(value)


def _after_marker(text: str, start: int, marker: str) -> int:
    """The index just after the `:` of a key or the `-` of an entry that stands before `start`."""
    at = text.rfind(marker, 0, start)
    if at < 0:
        raise EditError((), f"找不到“{marker}”")
    return at + 1


def _collection_text(value: Any, indent: int, in_list: bool) -> str:
    """Any value as the text after `key:` or `- `, its own block lines at `indent`."""
    outer = " " * max(indent - 2, 0)
    if in_list and isinstance(value, dict) and value:
        lines = item_lines(value, outer)
        first = lines[0].removeprefix(outer + "- ")
        return " " + "\n".join([first, *lines[1:]])
    lines = entry_lines("k", value, outer)
    first = lines[0].removeprefix(outer + "k:")
    return "\n".join([first, *lines[1:]])


# ------------------------------------------------------------------ the edits


def _leaf_end(node: yaml.Node) -> int:
    """Where the last written character of a node is (block collections' own end marks run past comments)."""
    if isinstance(node, yaml.ScalarNode):
        return int(node.end_mark.index)
    if isinstance(node, yaml.SequenceNode):
        return max([_leaf_end(n) for n in node.value] or [node.end_mark.index])
    if isinstance(node, yaml.MappingNode):
        return max([max(_leaf_end(k), _leaf_end(v)) for k, v in node.value] or [node.end_mark.index])
    return int(node.end_mark.index)


def _line_end(text: str, index: int) -> int:
    """The start of the line after the one `index` is on (or `index` itself at a line start after a break)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    nl = text.find("\n", index)
    return len(text) if nl < 0 else nl + 1


Span = tuple[int, int, str]


def _set(text: str, root: yaml.Node, change: SetValue) -> Span:
    key, node = find(root, change.path)
    if node is None:
        return _add_key(text, root, change)
    _no_alias(node, change.path)
    if isinstance(node, yaml.ScalarNode) and not isinstance(change.value, (list, dict)):
        new = _scalar_text(text, node, change.value)
        end = node.end_mark.index
        if node.style in ("|", ">") and not new.startswith(("|", ">")) and text[end - 1 : end] == "\n":
            new += "\n"  # a block ran to the end of its line; a quoted value written there keeps that break
        return node.start_mark.index, end, new
    if getattr(node, "flow_style", False) and not isinstance(change.value, (list, dict)):
        raise EditError(change.path, "写成了 [ ] 或 { } 形式，无法在原处修改")
    if key is not None:
        begin = text.index(":", key.end_mark.index) + 1
        indent = _indent_of(text, key) + 2
    else:
        begin = _after_marker(text, node.start_mark.index + 1, "-")
        indent = _column(text, begin - 1) + 2
    end = _leaf_end(node)
    if text[end - 1 : end] == "\n":
        end -= 1
    return begin, end, _collection_text(change.value, indent, key is None)


def _indent_of(text: str, node: yaml.Node | None) -> int:
    return _column(text, node.start_mark.index) if node is not None else 0


def _no_alias(node: yaml.Node, path: Path_) -> None:
    if getattr(node, "anchor", None):
        raise EditError(path, "这个值带有锚点（&），无法在原处修改")


def _add_key(text: str, root: yaml.Node, change: SetValue) -> Span:
    parent_path, name = change.path[:-1], change.path[-1]
    _, parent = find(root, parent_path)
    if not isinstance(parent, yaml.MappingNode) or not isinstance(name, str) or not parent.value or parent.flow_style:
        raise EditError(change.path, "文件中没有这个键，也无法在原处添加")
    first_key = parent.value[0][0]
    indent = _column(text, first_key.start_mark.index)
    at = _line_end(text, _leaf_end(parent))
    lines = entry_lines(name, change.value, " " * indent)
    prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
    return at, at, prefix + "\n".join(lines) + "\n"


def _dash_line(text: str, node: yaml.Node) -> int:
    """The start of the line of the `- ` that opens a list entry."""
    dash = text.rfind("-", 0, node.start_mark.index + 1)
    return _line_start(text, dash)


def _insert(text: str, root: yaml.Node, change: InsertEntry) -> Span:
    key, seq = find(root, change.path)
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style and seq.value:
        raise EditError(change.path, "不是按行书写的列表，无法在原处插入")
    if not seq.value:  # `key: []` becomes a block list
        if key is None:
            raise EditError(change.path, "空列表无法在原处插入")
        begin = text.index(":", key.end_mark.index) + 1
        return begin, seq.end_mark.index, _collection_text([change.value], _indent_of(text, key) + 2, False)
    pad = " " * _column(text, text.rfind("-", 0, seq.value[0].start_mark.index + 1))
    lines = item_lines(change.value, pad)
    # after the entry before it: a comment above the next entry stays with that entry
    at = _line_end(text, _leaf_end(seq.value[change.index - 1])) if change.index > 0 else _dash_line(text, seq.value[0])
    prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
    return at, at, prefix + "\n".join(lines) + "\n"


def _delete(text: str, root: yaml.Node, change: DeleteEntry) -> Span:
    list_path, index = change.path[:-1], change.path[-1]
    key, seq = find(root, list_path)
    if not isinstance(seq, yaml.SequenceNode) or not isinstance(index, int) or not 0 <= index < len(seq.value):
        raise EditError(change.path, "文件中没有这一项")
    if seq.flow_style:
        raise EditError(change.path, "列表写成了 [ ] 形式，无法在原处删除")
    entry = seq.value[index]
    if len(seq.value) == 1 and key is not None:
        begin = text.index(":", key.end_mark.index) + 1
        return begin, _line_end(text, _leaf_end(entry)) - 1, " []"
    return _dash_line(text, entry), _line_end(text, _leaf_end(entry)), ""


def _span(text: str, root: yaml.Node, change: Change) -> Span:
    if isinstance(change, SetValue):
        return _set(text, root, change)
    if isinstance(change, InsertEntry):
        return _insert(text, root, change)
    return _delete(text, root, change)


# ------------------------------------------------------------------ applying and verifying


def _container(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def expected(data: Any, changes: list[Change]) -> Any:
    """What the file must load as after `changes` (applied last position first, as the text is)."""
    out = copy.deepcopy(data)
    for change in changes:
        if isinstance(change, SetValue):
            _container(out, change.path[:-1])[change.path[-1]] = change.value
        elif isinstance(change, InsertEntry):
            _container(out, change.path).insert(change.index, change.value)
        else:
            del _container(out, change.path[:-1])[change.path[-1]]
    return out


def _keep_final_break(data: Any, change: Change) -> Change:
    """A block text's final line break is layout, not content: a new text read from a document keeps it."""
    if not isinstance(change, SetValue) or not isinstance(change.value, str) or change.value.endswith("\n"):
        return change
    try:
        old = _container(data, change.path)
    except (KeyError, IndexError, TypeError):
        return change
    return SetValue(change.path, change.value + "\n") if isinstance(old, str) and old.endswith("\n") and change.value else change


def _order(change: Change) -> tuple[Path_, int]:
    """Later list positions first, so earlier indices stay valid in both the text and the data."""
    if isinstance(change, InsertEntry):
        return change.path, change.index
    return change.path[:-1], change.path[-1] if isinstance(change.path[-1], int) else -1


def apply(text: str, changes: list[Change]) -> str:
    """`text` with `changes` made in place; raises EditError unless the result loads as exactly intended."""
    if not changes:
        return text
    data = yaml.load(text, Loader=_Loader)
    changes = [_keep_final_break(data, c) for c in changes]
    root = compose(text)
    spans = sorted((_span(text, root, c) for c in changes), key=lambda s: (s[0], s[1]), reverse=True)
    for (b1, e1, _), (b2, e2, _) in zip(spans[1:], spans, strict=False):
        if e1 > b2 and not (b1 == e1 == b2 == e2):
            raise EditError((), "两处修改重叠")
    out = text
    for begin, end, new in spans:
        out = out[:begin] + new + out[end:]
    ordered = sorted(changes, key=_order, reverse=True)
    try:
        loaded = yaml.load(out, Loader=_Loader)
    except yaml.YAMLError:
        raise EditError((), "修改后的文件无法读取（已放弃，原文件未动）") from None
    if loaded != expected(data, ordered):
        raise EditError((), "修改后的文件与预期不符（已放弃，原文件未动）")
    return out
