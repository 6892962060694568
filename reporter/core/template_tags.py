"""Template tags ({{ }}, {% %}, {# #}) that do not close within their paragraph: found before Jinja reads them.

Word splits a tag over runs, and docxtpl joins a paragraph's runs back into one tag; a tag left open
("{{ title }") makes docxtpl join it up with the next paragraph's tag instead, and everything between
them (the title, the 主送 line) leaves the draft without a word. So an open tag is refused, by paragraph.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

_PARAGRAPH_END = re.compile(r"</w:p>")
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_DELIMITER = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_CLOSES = {"{{": "}}", "{%": "%}", "{#": "#}"}
_SHOWN = 40


@dataclass(frozen=True)
class TagFault:
    """A tag that does not close in paragraph `paragraph` (1-based, counted as Word counts them in the body)."""

    paragraph: int
    text: str  # the paragraph's text around the fault
    missing: str  # the delimiter the tag lacks: "}}", "%}" or "#}" (or the opening one for a stray close)


def _fault(text: str) -> tuple[int, str] | None:
    """(position, missing delimiter) of the first tag in `text` that does not close, or None."""
    opened: tuple[int, str] | None = None
    for found in _DELIMITER.finditer(text):
        mark = found.group(0)
        if mark in _CLOSES:
            if opened is not None:
                return opened[0], _CLOSES[opened[1]]
            opened = (found.start(), mark)
        elif opened is None or _CLOSES[opened[1]] != mark:
            if opened is not None:
                return opened[0], _CLOSES[opened[1]]
            return found.start(), next(o for o, c in _CLOSES.items() if c == mark)
        else:
            opened = None
    return (opened[0], _CLOSES[opened[1]]) if opened is not None else None


def tag_faults(document_xml: str) -> list[TagFault]:
    """Every paragraph of a template's word/document.xml whose tags do not close within it."""
    faults = []
    for number, chunk in enumerate(_PARAGRAPH_END.split(document_xml)[:-1], 1):
        text = "".join(_TEXT.findall(chunk))
        found = _fault(text) if "{" in text or "}" in text else None
        if found is not None:
            at, missing = found
            faults.append(TagFault(number, text[max(0, at - 10) : at + _SHOWN], missing))
    return faults


def document_faults(data: bytes) -> list[TagFault]:
    """tag_faults of a .docx package's bytes (already bounded by the caller); none when it has no document part."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("word/document.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError):
        return []
    return tag_faults(xml)


def fault_message(shown: str, fault: TagFault) -> tuple[str, str]:
    """(message, fix) for a fault in the template shown as `shown` ("" where the message is already headed by it)."""
    opening = fault.missing in _CLOSES
    what = f"多了一个“{next(c for o, c in _CLOSES.items() if o == fault.missing)}”" if opening else f"缺少结束的“{fault.missing}”"
    message = (
        f"{f'模板 {shown} ' if shown else ''}第 {fault.paragraph} 段的标记{what}：“{fault.text}”；初稿会漏掉这里到下一个标记之间的内容"
    )
    return message, "请在 Word 中把标记改完整（如“{{ title }}”），或删除这个模板让工具重新生成默认模板"
