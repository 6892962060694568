"""Unit annotations of a task (牵头单位 / 责任单位 / 完成时限) and deadlines found in its text."""

from __future__ import annotations

import bisect
import re
from array import array
from collections import deque
from dataclasses import dataclass

from reporter.content.annotation import ALL_KEYS, Assignment, parse_keyed, split_names
from reporter.content.org_names import is_org_name
from reporter.core.text import BRACKETS_CLOSE, BRACKETS_OPEN, split_outside_brackets

# Keys that open an annotation; the short ones (牵头：) only count with a colon right after them.
_OPENING_KEY = re.compile(r"\s*(?:" + "|".join(ALL_KEYS) + r")\s*[:：]")
_OPENING = re.compile(f"[{re.escape(BRACKETS_OPEN)}]")

_VERB = re.compile(r"^(.+?)(牵头|负责|配合|参与|落实|实施|协助|协办)$")

DEADLINE = re.compile(
    r"(?:\d{4}年)?(?:年底|年末)前"
    r"|(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日|底|末|中旬|上旬|下旬)?(?:前|以前)"
    r"|(?:\d{4}年)?(?:上半年|下半年)"
    r"|(?:\d{4}年)?第[一二三四]季度(?:末|前)?"
    r"|(?<![\d一二三四五六七八九十两几])年内"
    r"|每季度|每半年|每月"
)


# 乡镇人民政府按职责分工分别负责: the words after the names say how the work is shared, not who does it
_SHARED_DUTY = re.compile(r"(?:按照?(?:各自)?职责(?:分工)?|各司其职|分别|各自|共同)+$")
_DUE_CLAUSE = re.compile("(" + DEADLINE.pattern + r")(?:完成|办结|落实到位|到位)?")


def parse_verbs(content: str) -> Assignment | None:
    """（市司法局牵头，各县（市、区）政府负责）: every part must name units and say what they do."""
    units = Assignment()
    for part in split_units_by_clause(content):
        due = _DUE_CLAUSE.fullmatch(part)
        if due and not units.due:  # （县委编办、县司法局负责，2024年6月底前完成）
            units.due = due.group(1)
            continue
        m = _VERB.match(part)
        if not m:
            return None
        names, verb = m.group(1), m.group(2)
        if verb == "牵头":
            units.lead += split_names(names)
        else:
            names = _SHARED_DUTY.sub("", names)
            # 各区人民政府〈含开发区管委会，下同〉: the note in angle brackets follows the name
            units.responsible += split_names(names) if is_org_name(re.sub(r"〈[^〈〉]*〉$", "", names)) else [part]
    return units if units.lead or units.responsible else None


def split_units_by_clause(content: str) -> list[str]:
    return split_outside_brackets(content, "，,；;")


def looks_like_units(content: str) -> bool:
    """A bare bracket of unit names only: 〔市司法局、市财政局〕."""
    names = split_names(content)
    return bool(names) and all(len(n) <= 30 and is_org_name(n) for n in names)


_BRACKET = re.compile(f"[{re.escape(BRACKETS_OPEN + BRACKETS_CLOSE)}]")
_REACH = 400  # an annotation closes within this many characters of its opening bracket


class ClosingBrackets:
    """Where each bracket of a text is closed, counting nested brackets of any kind (within _REACH characters).

    Found in one pass over the brackets (a stack of at most _REACH openings): a text of ten million
    brackets none of which closes costs no more than a text of ten million letters."""

    def __init__(self, text: str) -> None:
        self.positions = array("q")  # every bracket, in order
        self.closes = array("q")  # the closing bracket's position for an opening one; -1 if none
        stack: deque[int] = deque()  # indexes into positions
        for m in _BRACKET.finditer(text):
            i = m.start()
            self.positions.append(i)
            self.closes.append(-1)
            if text[i] in BRACKETS_OPEN:
                while stack and self.positions[stack[0]] + _REACH <= i:
                    stack.popleft()  # too far back to be closed in reach: what it would close is left as none
                stack.append(len(self.positions) - 1)
            elif stack:
                j = stack.pop()
                if i < self.positions[j] + _REACH:
                    self.closes[j] = i

    def close_of(self, start: int) -> int:
        """Index of the bracket closing the one at `start`; -1 if none."""
        k = bisect.bisect_left(self.positions, start)
        return self.closes[k] if k < len(self.positions) and self.positions[k] == start else -1


@dataclass
class Annotation:
    start: int
    end: int  # exclusive
    units: Assignment


_ENDS_TEXT = re.compile(r"[。. ]*\Z")  # what may follow an annotation that ends its text


def find_annotations(text: str, at_end_only_bare: bool = True) -> list[Annotation]:
    """Bracketed unit annotations in a task's text: keyed ones anywhere, key-less ones only at its end."""
    found: list[Annotation] = []
    closing = ClosingBrackets(text)
    i = 0
    while (opening := _OPENING.search(text, i)) is not None:  # from bracket to bracket: a text may run to millions of characters
        i = opening.start()
        close = closing.close_of(i)
        units = _annotation(text, i, close, at_end_only_bare) if close > i else None
        if units is not None and (units or units.extra):
            found.append(Annotation(i, close + 1, units))
            i = close + 1
        else:
            i += 1
    return found


def _annotation(text: str, i: int, close: int, at_end_only_bare: bool) -> Assignment | None:
    """The units the bracket text[i..close] names, if it is an annotation."""
    content = text[i + 1 : close]
    if _OPENING_KEY.match(content):
        return parse_keyed(content)
    if not at_end_only_bare or _ENDS_TEXT.match(text, close + 1):
        return parse_verbs(content) or (Assignment(responsible=split_names(content)) if looks_like_units(content) else None)
    return None


# An annotation written as a sentence of its own, without brackets: 牵头单位：市司法局；责任单位：……
_BARE = re.compile(r"(?:^|(?<=[。；;]))\s*(?=(?:" + "|".join(k for k in ALL_KEYS if len(k) > 2) + r")\s*[:：])")


def find_bare_annotation(text: str) -> Annotation | None:
    m = _BARE.search(text)
    if not m:
        return None
    units = parse_keyed(text[m.end() :])
    return Annotation(m.start(), len(text), units) if units else None


def strip_annotations(text: str) -> tuple[str, Assignment, bool]:
    """The text without its annotations, the units they name, and whether the text ended with one."""
    units = Assignment()
    ended = False
    pieces = []
    pos = 0
    for ann in find_annotations(text):
        pieces.append(text[pos : ann.start])
        units.add(ann.units)
        pos = ann.end
        ended = not text[pos:].strip("。. ")
    pieces.append(text[pos:])
    rest = "".join(pieces)
    bare = find_bare_annotation(rest)
    if bare:
        units.add(bare.units)
        rest = rest[: bare.start]
        ended = True
    if ended:
        rest = rest.rstrip()
        # 〔…〕。 : the full stop after an annotation ends the task's sentence
        if text.rstrip().endswith(("〕。", "】。", "]。", "）。")) and rest and rest[-1] not in "。！？":
            rest += "。"
    return rest, units, ended


def find_deadline(text: str) -> str:
    m = DEADLINE.search(text)
    return m.group(0) if m else ""
