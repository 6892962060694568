"""A problem's cause, both directions: the opener a draft puts before a bare cause, and finding the cause in imported text."""

from __future__ import annotations

import re

# What a draft prints before a cause the data gives bare ("编制不足" → "主要原因是编制不足").
ADDED_OPENER = "主要原因是"
# Words that open a cause sentence: the importer takes the text from them on as the cause, and a cause
# that already starts with one is printed as written.
OPENERS = ("主要原因是", "主要原因在于", "原因是", "原因在于", "究其原因", "分析原因", "其原因", "深层次原因", "根源在于", "这主要是")
# Openers strong enough to start a cause after a comma (……不足，主要原因是……).
_AFTER_COMMA = ("主要原因是", "主要原因在于", "究其原因")
# A cause starting like this already reads as a cause, though the importer does not split text at it.
_READS_AS_CAUSE = ("原因", "主要原因", "主要是", "一方面", "受")

_FIND = re.compile(r"(?:^|(?<=[。；;]))\s*(?:" + "|".join(OPENERS) + r")" + r"|(?<=[，,])\s*(?:" + "|".join(_AFTER_COMMA) + r")")


def cause_sentence(cause: str) -> str:
    """The cause as a draft prints it: as written when it opens like a cause, else after 主要原因是."""
    return cause if cause.startswith(OPENERS + _READS_AS_CAUSE) else ADDED_OPENER + cause


def opens_cause(text: str) -> bool:
    """A paragraph of its own that is a cause (主要原因是……, 深层次原因是……)."""
    return bool(_FIND.match(text))


def bare_cause(text: str) -> str:
    """The cause as the data keeps it: without the opener a draft adds (主要原因是编制不足 → 编制不足), any other kept.

    The opener stays when the draft would not add it back (主要原因是受……): printed again, the cause reads as written.
    """
    text = text.strip()
    bare = text.removeprefix(ADDED_OPENER)
    return bare if cause_sentence(bare) == text else text


def split_cause(text: str) -> tuple[str, str | None]:
    """(problem, cause) of an imported sentence run; the cause None when no opener follows some problem text."""
    m = _FIND.search(text)
    if not m or not text[: m.start()].strip():
        return text, None
    return text[: m.start()], bare_cause(text[m.start() :])
