"""Clean-up of data text before it goes into a draft: punctuation, control characters."""

from __future__ import annotations

import re

from reporter.core.text import CJK, CONTROL

_CJK_CLASS = f"[{CJK}“”‘’（）《》、，。；：！？]"

# Half-width punctuation touching Chinese text is a tell-tale of copy-paste from a PDF.
_PAIRS = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_AFTER_CJK = re.compile(f"(?<={_CJK_CLASS})\\s*([,;:?!])\\s*")
_BEFORE_CJK = re.compile(f"\\s*([,;:?!])\\s*(?={_CJK_CLASS})")
_PAREN = re.compile(f"\\(([^()]*?[{CJK}][^()]*?)\\)")
_QUOTES = re.compile(f'"([^"\\n]*?[{CJK}][^"\\n]*?)"')


def fullwidth_punctuation(text: str) -> str:
    """张三,李四 → 张三，李四; (市司法局) → （市司法局）; "双随机" → “双随机”; 12,345 and URLs stay as they are."""
    text = _AFTER_CJK.sub(lambda m: _PAIRS[m.group(1)], text)
    text = _BEFORE_CJK.sub(lambda m: _PAIRS[m.group(1)], text)
    text = _QUOTES.sub(lambda m: f"“{m.group(1)}”", text)
    return _PAREN.sub(lambda m: f"（{m.group(1)}）", text)


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
