"""Outline analysis of body paragraphs: which level holds the tasks, a heading's words, a task's title, its area."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reporter.content.annotation import Assignment
from reporter.content.phrasing import end_sentence
from reporter.core.text import PAIRED_CLOSE, PAIRED_OPEN
from reporter.data.areas import ALIASES, CATALOGUES
from reporter.importer.annotations import strip_annotations
from reporter.importer.segment import Para

_GROUP = re.compile(r"主要任务|重点任务|工作任务|具体任务|重点工作|主要工作|工作重点|工作措施|主要措施|任务措施|工作内容")
TEXT_ONLY = re.compile(r"^(?:指导思想|总体要求|基本原则|工作原则|总体目标|主要目标|工作目标|目标任务|总体思路|工作思路|基本要求|目标要求)")
PARAGRAPH_TASKS = 9  # a level below every heading number


def stripped(p: Para) -> tuple[str, Assignment, bool]:
    """A paragraph's text without its unit annotations, what they assign, and whether it ended with one."""
    return strip_annotations(p.text)


@dataclass
class _Annotated:
    """Where a plan's unit annotations fall in its outline."""

    count: dict[int, int] = field(default_factory=dict)  # level → numbered items
    direct: dict[int, list[int]] = field(default_factory=dict)  # level → the items an annotation falls in (the innermost open one)
    parent: dict[int, int] = field(default_factory=dict)
    loose: dict[int, int] = field(default_factory=dict)  # item → annotated paragraphs without a number of their own


def _annotated(paras: list[Para]) -> _Annotated:
    found = _Annotated()
    open_items: dict[int, int] = {}
    seen: set[int] = set()  # the items already in found.direct (a plan holds thousands)
    for i, p in enumerate(paras):
        if p.level:
            found.count[p.level] = found.count.get(p.level, 0) + 1
            open_items = {lv: j for lv, j in open_items.items() if lv < p.level}
            found.parent[i] = open_items[max(open_items)] if open_items else -1
            open_items[p.level] = i
        if not stripped(p)[1]:
            continue
        if not p.level and not p.heading:
            holder = open_items[max(open_items)] if open_items else -1
            found.loose[holder] = found.loose.get(holder, 0) + 1
        if open_items:
            inner = max(open_items)
            items = found.direct.setdefault(inner, [])
            if open_items[inner] not in seen:
                seen.add(open_items[inner])
                items.append(open_items[inner])
    return found


def _annotated_level(paras: list[Para], found: _Annotated) -> int:
    """The level holding most annotations, or the one above when they only close lists of sub-items."""
    direct = found.direct
    level = max(direct, key=lambda lv: (len(direct[lv]), lv))
    items = [i for i, p in enumerate(paras) if p.level == level]
    parent = found.parent
    last_of_parent = {i for n, i in enumerate(items) if n + 1 == len(items) or parent.get(items[n + 1]) != parent.get(i)}
    above = [lv for lv in found.count if lv < level]
    if above and len(direct[level]) < len(items) and set(direct[level]) <= last_of_parent:
        # notes that close a list of sub-items (（1）（2）…〔…〕) belong to the item holding the list
        return max(above)
    return level


def _shape_level(paras: list[Para], present: list[int], table_titles: list[str]) -> int | None:
    """Without annotations: the level a task table repeats, else by the depth of the outline."""
    if table_titles:
        keys = {title_key(t) for t in table_titles}
        for lv in present:
            titles = [title_key(split_task(p.text, [])[0]) for p in paras if p.level == lv]
            if sum(t in keys for t in titles) >= max(1, len(keys) // 2):
                return lv
        return None
    if len(present) <= 1:
        return present[0] if present else None
    top = [p.text for p in paras if p.level == present[0]]
    if len(present) >= 3 and any(_GROUP.search(t[:12]) or TEXT_ONLY.match(t) for t in top):
        return present[2]
    return present[1]


def task_level(paras: list[Para], table_titles: list[str]) -> int | None:
    """The heading level whose items are tasks: the one carrying unit annotations, else by the shape of the outline."""
    found = _annotated(paras)
    if found.loose and max(found.loose.values()) >= 2:
        return PARAGRAPH_TASKS  # tasks are paragraphs (often with a bold lead), each closed by its units
    if found.direct:
        return _annotated_level(paras, found)
    return _shape_level(paras, sorted(found.count), table_titles)


def title_key(text: str) -> str:
    """A title without spaces and punctuation: two wordings of one title compare equal."""
    return re.sub(r"[\s，。；：、,.;:“”《》（）()]", "", text)


_SENTENCE_MARKS = re.compile(f"[{re.escape(PAIRED_OPEN + PAIRED_CLOSE)}。]")


def first_sentence_end(text: str) -> int:
    """Where the first 。 outside brackets, quotes and book titles stands; -1 if none (only those marks are visited)."""
    depth = 0
    for m in _SENTENCE_MARKS.finditer(text):
        ch = m.group()
        if ch in PAIRED_OPEN:
            depth += 1
        elif ch in PAIRED_CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            return m.start()
    return -1


def split_task(first: str, rest: list[str]) -> tuple[str, str]:
    """Title = the first sentence (without its 。); text = the rest."""
    first = first.strip()
    end = first_sentence_end(first)
    if end >= 0:
        title, text = first[:end], first[end + 1 :] + "".join(rest)
    else:
        title, text = first, "".join(rest)
    title = title.strip().rstrip("。；，：;,:.")
    text = text.strip()
    if not title and text:
        return split_task(text, [])
    # a text cut after a comma (the source's own) is kept as it is: never "，。"
    return title, end_sentence(text) if text and text[-1] not in "，,、" else text


def split_heading(p: Para) -> tuple[str, str]:
    """A heading's own words and any text that ran on after it (PDF text flattened into one line)."""
    text = p.text
    end = first_sentence_end(text)
    if 0 < end <= 30 and "，" not in text[:end]:
        return text[:end].rstrip("：:"), text[end + 1 :].strip()
    if end < 0 and len(text) <= 60:
        return text.rstrip("：:"), ""
    for b in p.breaks:
        if 2 <= b <= 30 and not re.search("[，。；]", text[:b]):
            return text[:b].rstrip("：: "), text[b:].strip()
    return text.rstrip("：:"), ""


def area_of(title: str, catalogue: list[str] | None = None) -> str:
    """The catalogue area a heading clearly names: the same words, the title inside it, or two words inserted.

    Without `catalogue`, every known catalogue is tried."""
    key = title_key(title)
    alias = ALIASES.get(title)
    if isinstance(alias, str) and (catalogue is None or alias in catalogue):
        return alias
    for titles in [catalogue] if catalogue is not None else CATALOGUES.values():
        for area in titles:
            a = title_key(area)
            if a == key or (len(a) >= 6 and a in key):
                return area
            it = iter(key)
            if len(key) - len(a) <= 2 and all(ch in it for ch in a):
                return area
    return ""
