"""Clean-up of data text before it goes into a draft: punctuation, control characters."""

from __future__ import annotations

import re

from reporter.core.text import CJK, CONTROL

_CJK_CLASS = f"[{CJK}“”‘’（）《》、，。；：！？]"

# Half-width punctuation touching Chinese text is a tell-tale of copy-paste from a PDF.
_PAIRS = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_CJK_CHAR = re.compile(_CJK_CLASS)
# A run of half-width marks (and the spaces around them): touching Chinese on either side, every mark of it is one.
_RUN = re.compile("(?<!\\s)\\s*[,;:?!](?:\\s*[,;:?!])*\\s*")  # from the first space of a run: linear on long blanks
_PAREN = re.compile(f"\\(([^()]*?[{CJK}][^()]*?)\\)")
_QUOTES = re.compile(f'"([^"\\n]*?[{CJK}][^"\\n]*?)"')


def _marks(text: str) -> str:
    def full(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if not (_CJK_CHAR.match(before) or _CJK_CHAR.match(after)):
            return m.group()
        return "".join(_PAIRS[c] for c in m.group() if c in _PAIRS)

    return _RUN.sub(full, text)


def fullwidth_punctuation(text: str) -> str:
    """张三,李四 → 张三，李四; (市司法局) → （市司法局）; "双随机" → “双随机”; 12,345 and URLs stay as they are.

    Quotes and brackets first, then whole runs of marks: what one step makes full-width never makes the next step
    change more on a second pass (clean is idempotent)."""
    text = _QUOTES.sub(lambda m: f"“{m.group(1)}”", text)
    text = _PAREN.sub(lambda m: f"（{m.group(1)}）", text)
    return _marks(text)


def has_halfwidth_punctuation(text: str) -> bool:
    return fullwidth_punctuation(text) != text


def remove_controls(text: str) -> str:
    """Characters XML 1.0 cannot hold (the loader already warned about them)."""
    return CONTROL.sub("", text)


_BREAK = re.compile("[ \\t]*(?:\r\n|[\r\n\x85\u2028\u2029])[ \\t]*")  # YAML line breaks include NEL, LS, PS


def join_lines(text: str) -> str:
    """Lines broken inside a paragraph (block scalars, text pasted from PDF) become one line."""

    def joiner(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        cjk = re.compile(_CJK_CLASS)
        return "" if cjk.match(before) or cjk.match(after) else " "

    return _BREAK.sub(joiner, text.strip()).replace("\t", " ")


def clean(text: str) -> str:
    """The documented clean-up of data text in a draft: no control characters, lines joined, full-width punctuation."""
    return fullwidth_punctuation(join_lines(remove_controls(text)))
