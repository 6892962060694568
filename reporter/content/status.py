"""Status words in a document, both directions: what a draft prints for each status, and how an import reads them back."""

from __future__ import annotations

import re
from typing import Literal

from reporter.data.model import STATUS_LABELS

StatusKey = Literal["done", "ongoing", "pending"]

# A title that says the work is unfinished: a draft prints it as it is, an import reads it as pending.
# 未诉先办 and 未成年人 say nothing of the kind: 未 counts only before what was not done.
UNFINISHED = re.compile(
    r"未(?:能|按期|如期|按时|按计划|及时){0,2}(?:完成|启动|实施|上线|出台|落实|开展|建成)|尚未|暂缓|滞后|推迟|延期|搁置"
)
# Words of work still under way: an import reads them as ongoing (a draft prints the drafter's own words).
UNDER_WAY = re.compile(r"正在(?:推进|开展|进行|制定|起草|修订|建设|实施)|推进中|进行中|尚未完成|仍在推进|有序推进中|稳步推进中")
# What a draft says of a pending task whose title or text does not say it.
NOT_IN_TIME = "未按期完成"


def label(status: StatusKey) -> str:
    """已完成, 推进中 or 未完成: a task's 完成情况 as a draft prints it (report.yaml reads each back as its status)."""
    return STATUS_LABELS[status]


def unfinished_lead(title: str) -> str:
    """How a draft opens a pending item under 二: its title when that says it is unfinished, else 标题任务未按期完成."""
    if not title:
        return f"有一项工作任务{NOT_IN_TIME}"
    return title if UNFINISHED.search(title) else f"{title}任务{NOT_IN_TIME}"


def status_of(title: str, text: str) -> StatusKey:
    """An imported item's status: pending when its title says unfinished, ongoing when it says the work goes on, else done.

    Everything else a published report lists under its achievements was done."""
    if UNFINISHED.search(title):
        return "pending"
    if UNDER_WAY.search(title + text):
        return "ongoing"
    return "done"
