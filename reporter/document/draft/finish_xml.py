"""The last steps on a rendered draft's word/document.xml: the report's tables sized from content, the 版记 at the foot."""

from __future__ import annotations

from collections.abc import Callable

from reporter.data.housestyle import HouseStyle
from reporter.document.draft.imprint_foot import imprint_at_foot
from reporter.document.draft.task_table_fit import fit_report_tables


def draft_finish(style: HouseStyle, kind: str) -> Callable[[str], str]:
    """What a report or plan draft gets after rendering, on the XML text itself (no python-docx, no second zip pass)."""
    char_twips = style.table_size * 20

    def finish(xml: str) -> str:
        if kind == "report":
            xml = fit_report_tables(xml, char_twips)
        return imprint_at_foot(xml, style)

    return finish
