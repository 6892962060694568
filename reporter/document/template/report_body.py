"""The body of the default report template: 版头, title, 主送, the five parts, signature, attachments, 版记."""

from __future__ import annotations

from reporter.data.housestyle import HouseStyle
from reporter.document.template.body_xml import (
    attachment_notes,
    attachments,
    blank,
    closing,
    imprint,
    masthead,
    paragraphs,
    report_sections,
    signature,
    table,
    tag,
    text_para,
)


def _tables(style: HouseStyle) -> dict[str, str]:
    """The table of each attachment kind: 主要指标统计表 and 工作要点任务完成情况表."""
    metrics = table(
        style,
        [
            # shares fit 序号 and 单位 (人次, 万件) on one line, and 同比 up to "提高1.45个百分点"
            ("序号", 13, "{{ row.number }}", None),
            ("指标", 54, "{{ row.name }}", "left"),
            ("单位", 14, "{{ row.unit }}", None),
            ("{{ year }}年", 18, "{{ row.value }}", None),
            ("{{ year - 1 }}年", 18, "{{ row.previous }}", None),
            ("同比", 38, "{{ row.change }}", None),
        ],
        "att.rows",
        valign="center",
    )
    tasks = table(
        style,
        [
            ("序号", 14, "{{ row.number }}", None),
            ("任务", 56, "{{ row.title }}", "left"),
            ("牵头单位", 36, "{{ row.lead }}", "left"),
            ("完成情况", 22, "{{ row.status }}", None),
            ("说明", 30, "{{ row.note }}", "left"),
        ],
        "att.rows",
        # centred as the other tables: a one-line 完成情况 beside a 说明 of four lines sits in the row's middle
        valign="center",
    )
    return {"metrics": metrics, "tasks": tasks}


def report_body(style: HouseStyle) -> list[str]:
    return [
        *masthead(style),
        text_para("GwTitle", "{{ title }}"),
        blank(),
        tag("if recipients"),
        text_para("GwRecipients", "{{ recipients }}"),
        tag("endif"),
        *paragraphs("preface"),
        *report_sections(),
        *closing(),
        *attachment_notes(style),
        *signature(style),
        *attachments(_tables(style)),
        *imprint(style),
    ]
