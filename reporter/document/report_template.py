"""The body of the default report template: title, 主送, the five parts, signature, attachments."""

from __future__ import annotations

from reporter.data.housestyle import HouseStyle
from reporter.document.wordxml import attachment, attachment_note, blank, paragraphs, sections, signature, table, tag, text_para


def report_body(style: HouseStyle) -> list[str]:
    grid = table(
        style,
        [
            ("指标", 62, "{{ row.name }}", "left"),
            ("单位", 14, "{{ row.unit }}", None),
            ("本年", 20, "{{ row.value }}", None),
            ("上年", 20, "{{ row.previous }}", None),
            ("同比", 40, "{{ row.change }}", None),
        ],
        "metrics",
    )
    return [
        text_para("GwTitle", "{{ title }}"),
        blank(),
        tag("if recipients"),
        text_para("GwRecipients", "{{ recipients }}"),
        tag("endif"),
        *paragraphs("preface"),
        *sections(),
        *attachment_note(),
        *signature(),
        *attachment(style, grid),
    ]
