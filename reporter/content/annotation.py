"""A task's 〔牵头单位：…；责任单位：…；完成时限：…〕 annotation, both directions: the note a draft prints, the keyed note the importer reads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reporter.core.text import CJK
from reporter.data.model import split_org_names

# The keys of each part, the first being the one a draft prints.
LEAD_KEYS = ("牵头单位", "牵头部门", "主责单位", "主责部门", "主办单位", "牵头")
RESPONSIBLE_KEYS = (
    "责任单位",
    "责任部门",
    "配合单位",
    "配合部门",
    "参与单位",
    "参与部门",
    "协办单位",
    "协同单位",
    "协作单位",
    "实施单位",
    "落实单位",
    "承办单位",
    "责任主体",
    "配合",
)
DUE_KEYS = ("完成时限", "完成时间", "完成期限", "时间要求", "时限要求", "时间节点", "进度安排", "时限")
ALL_KEYS = sorted(LEAD_KEYS + RESPONSIBLE_KEYS + DUE_KEYS, key=len, reverse=True)

# Any "key：" opening a part; keys we do not know (牵头领导：…) are kept aside, not taken for units.
_ANY_KEY = re.compile("(?:(" + "|".join(ALL_KEYS) + r")|(?:^|(?<=[；;，,\s]))([" + CJK + r"]{2,6}?))\s*[:：]")


@dataclass
class Assignment:
    """Who does a task and by when: 牵头单位, 责任单位, 完成时限 as an annotation gives them."""

    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    due: str = ""
    extra: list[str] = field(default_factory=list)  # parts with a key we do not know (kept in the text)

    def add(self, other: Assignment) -> None:
        self.lead += [u for u in other.lead if u not in self.lead]
        self.responsible += [u for u in other.responsible if u not in self.responsible]
        self.due = self.due or other.due
        self.extra += other.extra

    def __bool__(self) -> bool:
        return bool(self.lead or self.responsible or self.due)


def split_names(text: str) -> list[str]:
    """市政府各部门，各县（市、区）人民政府、市属开发区管委会 → three names (brackets keep their 、)."""
    return [u.strip("。.：: ") for u in split_org_names(text) if u.strip("。.：: ")]


def annotation_note(lead: list[str], responsible: list[str], due: str | None) -> str:
    """〔牵头单位：…；责任单位：…；完成时限：…〕 as a draft prints it, leaving out what the task does not say; parse_keyed reads it back."""
    parts = [f"{key}：{'、'.join(names)}" for key, names in ((LEAD_KEYS[0], lead), (RESPONSIBLE_KEYS[0], responsible)) if names]
    if due:
        parts.append(f"{DUE_KEYS[0]}：{due}")
    return f"〔{'；'.join(parts)}〕" if parts else ""


def _kind(key: str) -> str:
    if key in LEAD_KEYS:
        return "lead"
    if key in DUE_KEYS:
        return "due"
    return "responsible"


def parse_keyed(content: str) -> Assignment:
    """牵头单位：A、B；责任单位：C，D；完成时限：6月底前 (any order, any separators between parts)."""
    units = Assignment()
    marks = [m for m in _ANY_KEY.finditer(content)]
    head = content[: marks[0].start()].strip(" ；;，,。") if marks else content.strip()
    if head:
        units.extra.append(head)
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(content)
        value = content[m.end() : end].strip().rstrip("；;，,。")
        key = m.group(1) or m.group(2)
        if key not in ALL_KEYS:
            units.extra.append(content[m.start() : end].strip(" ；;，,。"))
        elif _kind(key) == "due":
            units.due = units.due or value
        elif _kind(key) == "lead":
            units.lead += [u for u in split_names(value) if u not in units.lead]
        else:
            units.responsible += [u for u in split_names(value) if u not in units.responsible]
    return units
