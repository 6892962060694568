"""How a document closes, both directions: a plan's 保障措施 heading and a report's 特此报告, as printed and as recognised."""

from __future__ import annotations

import re
from typing import Any

# The heading a plan draft prints over `closing`, first of the headings that open a plan's closing part.
PLAN_CLOSING_HEADING = "保障措施"
CLOSING_HEADINGS = (
    PLAN_CLOSING_HEADING,
    "组织保障",
    "工作保障",
    "保障机制",
    "组织实施",
    "工作要求",
    "有关要求",
    "实施保障",
    "组织领导",
    "工作措施要求",
    "附则",
)
# A heading opening with one of them, or ending with the two that are only ever closing parts (加强组织保障).
CLOSING_HEADING = re.compile(r"^(?:" + "|".join(CLOSING_HEADINGS) + r")|(?:保障措施|组织保障)$")

# The hidden bookmark (its name's prefix) on the paragraph that carries the body's last lines onto the 署名's page:
# the draft cuts its last body paragraph in two there, and whoever reads a draft joins them back.
TAIL_BOOKMARK = "_GwTail"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def carries_tail(p: Any) -> bool:
    """A paragraph (lxml element) holding the body's last lines cut off for the 署名's page: it reads as one with
    the paragraph before it."""
    return any((b.get(_W + "name") or "").startswith(TAIL_BOOKMARK) for b in p.iterchildren(_W + "bookmarkStart"))


# A report's last line before the signature (the model's default closing is the first).
REPORT_CLOSINGS = ("特此报告", "专此报告", "此报告", "以上报告")
_REPORT_CLOSING = re.compile(r"^(?:" + "|".join(REPORT_CLOSINGS) + r")[，。！]?(?:请审阅|请予审议)?[。！]?$")


def is_report_closing(text: str) -> bool:
    """特此报告。, 以上报告，请审阅。: the closing words a report ends with."""
    return bool(_REPORT_CLOSING.match(text))
