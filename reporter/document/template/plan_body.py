"""The body of the default plan template: 印发通知, title, preface, sections of tasks, 保障措施, 任务分工表."""

from __future__ import annotations

from reporter.data.housestyle import HouseStyle
from reporter.document.template.body_xml import (
    attachment,
    attachment_note,
    blank,
    imprint,
    masthead,
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


def notice(style: HouseStyle) -> list[str]:
    """印发通知 (GB/T 9704 7.3): 版头, title, 主送, text, 署名 and date, 附注 below the date; the plan follows on a new page.

    The shared blocks read `masthead`, `doc_number`, `signer`, `signature` and `date`: pointed at the notice's.
    """
    return [
        tag("with masthead = notice.masthead, doc_number = notice.doc_number, signer = notice.signer"),
        *masthead(style),
        tag("endwith"),
        text_para("GwTitle", "{{ notice.title }}"),
        blank(),
        tag("if notice.recipients"),
        text_para("GwRecipients", "{{ notice.recipients }}"),
        tag("endif"),
        # the text keeps with the 署名 below it: the 署名 never stands alone on the notice's last page
        para("GwBody", run("{{ notice.text }}"), ppr="<w:keepNext/>"),
        # the shared 署名/date block reads `signature` and `date`: point them at the notice's
        tag("with signature = notice.signature, date = notice.date"),
        *signature(style),
        tag("endwith"),
        tag("if notice.publish"),
        text_para("GwBody", "{{ notice.publish }}"),
        tag("endif"),
        para("GwTitle", run("{{ title }}"), ppr="<w:pageBreakBefore/>"),
    ]


def plan_body(style: HouseStyle) -> list[str]:
    # Cells centred vertically: a short 序号 or 完成时限 beside a task of three lines sits in its middle.
    grid = table(style, TASK_COLUMNS, "tasks_table", valign="center")
    return [
        tag("if notice"),
        *notice(style),
        tag("else"),
        text_para("GwTitle", "{{ title }}"),
        tag("endif"),
        # a plan made on the fly (no plan.yaml) says so under its title
        tag("if draft_note is defined and draft_note"),
        text_para("GwRecipients", "{{ draft_note }}"),
        tag("endif"),
        blank(),
        *paragraphs("preface"),
        *sections(),
        tag("if closing_heading"),
        text_para("GwHeading1", "{{ closing_heading }}"),
        tag("endif"),
        *paragraphs("closing", keep_last="signature"),
        *attachment_note(style),
        *signature(style),
        *attachment(style, grid),
        # the 印发通知's 版记 closes the whole document, the plan being what the notice issues
        tag("if notice"),
        tag("with cc = notice.cc, printed_by = notice.printed_by, printed_date = notice.printed_date"),
        *imprint(style),
        tag("endwith"),
        tag("endif"),
    ]
