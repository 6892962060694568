"""Text rules: placeholders left in a draft and half-width punctuation among Chinese characters."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from reporter.content.textclean import fullwidth_punctuation, has_halfwidth_punctuation
from reporter.data.yamlsource import Path_

_LATIN = "A-Za-zＡ-Ｚａ-ｚ"
# What people type for a figure or a name they do not know yet.
_MARK = "XxＸｘ×✕╳*＊□"
# A single mark is only a placeholder when a count, time or money unit follows it:
# "X件" and "*次" are, "X光" and "X射线" are not.
_UNIT = "件次个项人名家条份场所起宗处户批届期轮篇部台辆套座亩元万亿千百月日号年天周岁倍%％"
_UNIT_WORDS = "小时|分钟|公里|平方|个百分点"

_PLACEHOLDER = re.compile(
    # runs: XX, XXX件, ××, xx — but not inside a Latin word such as TEXT or XXL
    rf"(?<![{_LATIN}0-9])[{_MARK}]{{2,}}(?![{_LATIN}])[{_UNIT}]?"
    # one mark before a unit: X件, X月, *次, X.X%
    rf"|(?<![{_LATIN}0-9])[{_MARK}](?:[.．][{_MARK}])?(?:{_UNIT_WORDS}|[{_UNIT}])"
    r"|某某"
    r"|[（(【\[]\s*待(?:补充|填写|填报|定|核实|更新)\s*[）)】\]]"
    # bare 待补充, but 有待补充 (a real phrase: 制度有待补充完善) is prose
    r"|(?<![有亟尚])待(?:补充|填写|填报)"
    rf"|(?<![{_LATIN}])(?i:todo|fixme|tbd)(?![{_LATIN}])"
)

# Keys whose values are codes, not prose; `style` holds fonts and sizes.
_SKIP_KEYS = {"id", "task", "status", "kind", "numbering", "year", "date", "style"}


def placeholders(text: str) -> list[str]:
    """Every placeholder in `text`, in order, each once."""
    found: list[str] = []
    for m in _PLACEHOLDER.finditer(text):
        if m.group() not in found:
            found.append(m.group())
    return found


def snippet(text: str, start: int, end: int, margin: int = 8) -> str:
    """The words around text[start:end], so the user can find them in a long paragraph."""
    left = max(0, start - margin)
    right = min(len(text), end + margin)
    return ("…" if left else "") + text[left:right].replace("\n", " ") + ("…" if right < len(text) else "")


def placeholder_message(text: str) -> str | None:
    found = placeholders(text)
    if not found:
        return None
    m = _PLACEHOLDER.search(text)
    assert m is not None
    tokens = "".join(f"“{t}”" for t in found)
    return f"留有占位符{tokens}：{snippet(text, m.start(), m.end())}"


_HALF = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", '"': "引号 “ ”"}


def halfwidth_message(text: str) -> tuple[str, str] | None:
    """(message, fix) when half-width punctuation touches Chinese text, else None."""
    if not has_halfwidth_punctuation(text):
        return None
    fixed = fullwidth_punctuation(text)
    # The first difference is where the first offending mark (or the space before it) stands.
    pos = next((i for i, (a, b) in enumerate(zip(text, fixed, strict=False)) if a != b), min(len(text), len(fixed)))
    while pos < len(text) and text[pos] not in _HALF:
        pos += 1
    if pos >= len(text):
        return None
    mark = text[pos]
    target = _HALF[mark] if mark == '"' else f"“{_HALF[mark]}”"
    return (
        f"中文之间用了半角标点“{mark}”：{snippet(text, pos, pos + 1)}",
        f"生成初稿时会自动改为全角{target}；也可直接在 YAML 中改正",
    )


def strings(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every prose string of a data file with its key path, skipping codes and the house style."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in _SKIP_KEYS or (key == "areas" and isinstance(value, str)):
                continue
            yield from strings(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from strings(value, path + (i,))
    elif isinstance(data, str):
        yield path, data


@functools.cache
def _key_names() -> frozenset[str]:
    """Every key of the data contract (unit, report, plan and their entries)."""
    from pydantic import BaseModel

    from reporter.data import model

    names: set[str] = set()
    for obj in vars(model).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            names |= set(obj.model_fields)
    return frozenset(names)


_SWALLOWED_KEY = re.compile(r"(?:^|\s)([a-z_]{2,})\s*：")


def swallowed_key_message(text: str) -> tuple[str, str] | None:
    """(message, fix) when a key written with a Chinese colon was read as part of the text before it."""
    for m in _SWALLOWED_KEY.finditer(text):
        if m.group(1) in _key_names():
            return (f"文字中有“{m.group(1)}：”，疑似键 {m.group(1)} 用了中文冒号，被读成了上一项文字的一部分",
                    f"改为英文冒号加空格“{m.group(1)}: ”，并与同一层的键对齐")
    return None
