"""Text rules: placeholders left in a draft and half-width punctuation among Chinese characters."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from reporter.content.placeholders import PLACEHOLDER, placeholders
from reporter.content.textclean import fullwidth_punctuation, has_halfwidth_punctuation
from reporter.data.yamlsource import Path_

# Keys whose values are codes, not prose; `style` holds fonts and sizes.
_SKIP_KEYS = {"id", "task", "status", "kind", "numbering", "year", "date", "style"}


def snippet(text: str, start: int, end: int, margin: int = 8) -> str:
    """The words around text[start:end], so the user can find them in a long paragraph."""
    left = max(0, start - margin)
    right = min(len(text), end + margin)
    return ("…" if left else "") + text[left:right].replace("\n", " ") + ("…" if right < len(text) else "")


def placeholder_message(text: str) -> str | None:
    found = placeholders(text)
    if not found:
        return None
    m = PLACEHOLDER.search(text)
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
            return (
                f"文字中有“{m.group(1)}：”，疑似键 {m.group(1)} 用了中文冒号，被读成了上一项文字的一部分",
                f"改为英文冒号加空格“{m.group(1)}: ”，并与同一层的键对齐",
            )
    return None
