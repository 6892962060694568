"""The body of the default plan template: title, preface, sections of tasks, 保障措施, 任务分工表."""

from __future__ import annotations

from reporter.data.housestyle import HouseStyle
from reporter.document.wordxml import attachment, attachment_note, blank, paragraphs, sections, signature, table, tag, text_para


def plan_body(style: HouseStyle) -> list[str]:
    grid = table(
        style,
        [
            ("序号", 12, "{{ row.number }}", None),
            ("工作任务", 48, "{{ row.title }}", "left"),
            ("牵头单位", 30, "{{ row.lead }}", "left"),
            ("责任单位", 42, "{{ row.responsible }}", "left"),
            ("完成时限", 24, "{{ row.due }}", None),
        ],
        "tasks_table",
    )
    return [
        text_para("GwTitle", "{{ title }}"),
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
