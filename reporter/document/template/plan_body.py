"""The body of the default plan template: 印发通知, title, preface, sections of tasks, 保障措施, 任务分工表."""

from __future__ import annotations

from reporter.data.housestyle import HouseStyle
from reporter.document.template.body_xml import (
    attachment,
    attachment_note,
    blank,
    para,
    paragraphs,
    run,
    sections,
    signature,
    table,
    tag,
    text_para,
)

# The columns of the 任务分工表; document/tablefit.py sizes them from the content after rendering.
TASK_COLUMNS: list[tuple[str, float, str, str | None]] = [
    ("序号", 12, "{{ row.number }}", None),
    ("工作任务", 48, "{{ row.title }}", "left"),
    ("牵头单位", 30, "{{ row.lead }}", "left"),
    ("责任单位", 42, "{{ row.responsible }}", "left"),
    ("完成时限", 24, "{{ row.due }}", None),
]


def notice() -> list[str]:
    """印发通知 (GB/T 9704 7.3): title, 主送, text, 署名 and date, 附注 below the date; the plan follows on a new page."""
    return [
        text_para("GwTitle", "{{ notice.title }}"),
        blank(),
        tag("if notice.recipients"),
        text_para("GwRecipients", "{{ notice.recipients }}"),
        tag("endif"),
        text_para("GwBody", "{{ notice.text }}"),
        # the shared 署名/date block reads `signature` and `date`: point them at the notice's
        tag("with signature = notice.signature, date = notice.date"),
        *signature(),
        tag("endwith"),
        tag("if notice.publish"),
        text_para("GwBody", "{{ notice.publish }}"),
        tag("endif"),
        para("GwTitle", run("{{ title }}"), ppr="<w:pageBreakBefore/>"),
    ]


def plan_body(style: HouseStyle) -> list[str]:
    # Top-aligned: centred cells of unequal height leave the 22-line grid of GB/T 9704 on table pages.
    grid = table(style, TASK_COLUMNS, "tasks_table")
    return [
        tag("if notice"),
        *notice(),
        tag("else"),
        text_para("GwTitle", "{{ title }}"),
        tag("endif"),
        blank(),
        *paragraphs("preface"),
        *sections(),
        tag("if closing_heading"),
        text_para("GwHeading1", "{{ closing_heading }}"),
        tag("endif"),
        *paragraphs("closing"),
        *attachment_note(),
        *signature(),
        *attachment(style, grid),
    ]
