"""Placeholders: what people type for a figure or a name they do not know yet (XX件, ××, 待补充, TODO)."""

from __future__ import annotations

import re

_LATIN = "A-Za-zＡ-Ｚａ-ｚ"
# What people type for a figure or a name they do not know yet.
_MARK = "XxＸｘ×✕╳*＊□"
# A single mark is only a placeholder when a count, time or money unit follows it:
# "X件" and "*次" are, "X光" and "X射线" are not.
_UNIT = "件次个项人名家条份场所起宗处户批届期轮篇部台辆套座亩元万亿千百月日号年天周岁倍%％"
_UNIT_WORDS = "小时|分钟|公里|平方|个百分点"

# What the units' report templates (reporter pack) leave for the unit to write: the same definition finds it left in.
FILL_IN = "【请填写】"

PLACEHOLDER = re.compile(
    # runs: XX, XXX件, ××, xx — but not inside a Latin word such as TEXT or XXL
    rf"(?<![{_LATIN}0-9])[{_MARK}]{{2,}}(?![{_LATIN}])[{_UNIT}]?"
    # one mark before a unit: X件, X月, *次, X.X%
    rf"|(?<![{_LATIN}0-9])[{_MARK}](?:[.．][{_MARK}])?(?:{_UNIT_WORDS}|[{_UNIT}])"
    r"|某某"
    # a pack template's prompt, bare (【请填写】) or with what to write (【请填写：主要做法和成效】)
    r"|【\s*请(?:填写|填报|补充)[^】]{0,400}】"
    r"|[（(【\[]\s*待(?:补充|填写|填报|定|核实|更新)\s*[）)】\]]"
    # bare 待补充, but 有待补充 (a real phrase: 制度有待补充完善) is prose
    r"|(?<![有亟尚])待(?:补充|填写|填报)"
    rf"|(?<![{_LATIN}])(?i:todo|fixme|tbd)(?![{_LATIN}])"
)


def placeholders(text: str) -> list[str]:
    """Every placeholder in `text`, in order, each once."""
    found: list[str] = []
    for m in PLACEHOLDER.finditer(text):
        if m.group() not in found:
            found.append(m.group())
    return found
