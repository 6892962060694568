"""Turn the models into the template context: every heading number and phrase computed here."""

from __future__ import annotations

from typing import Any

from reporter.content.numbering import level1, level2, level3, ordinal_phrase
from reporter.content.phrasing import cn_date, end_sentence, fmt_number, lead_sentence, metric_sentence, shape_title, yoy_phrase
from reporter.content.textclean import clean
from reporter.data.areas import Catalogue
from reporter.data.model import Item, Plan, Report, Task, Unit
from reporter.data.quantities import rate_symbol

# Causes already phrased as a cause need no "主要原因是" in front.
_CAUSE_OPENERS = ("原因", "主要原因", "究其原因", "其原因", "这主要是", "主要是", "一方面", "受")


def _block(kind: str, lead: str = "", text: str = "") -> dict[str, str]:
    # fields were cleaned one by one before composing, so generated punctuation stays as made
    return {"kind": kind, "lead": lead, "text": text}


def _join(parts: list[str]) -> str:
    return "".join(end_sentence(p) for p in parts if p and p.strip())


def item_text(item: Item) -> str:
    """The narrative of an item followed by one sentence per metric (with its YoY phrase)."""
    sentences = [clean(item.text)] + [metric_sentence(clean(m.name), m.value, clean(m.unit), m.previous) for m in item.metrics if m.value is not None and m.in_text]
    return _join(sentences)


def _titled(number: str, title: str, text: str, kind: str = "item") -> dict[str, str]:
    title = clean(title)
    if title:
        return _block(kind, number + lead_sentence(title), text)
    return _block(kind, number, text)


def _problem_text(index: int, text: str, cause: str | None) -> str:
    parts = [ordinal_phrase(index) + clean(text)]
    if cause:
        cause = clean(cause)
        parts.append(cause if cause.startswith(_CAUSE_OPENERS) else "主要原因是" + cause)
    return _join(parts)


def report_title(unit: Unit, year: int) -> str:
    return f"{unit.name}关于{year}年法治政府建设情况的报告"


def report_filename(unit: Unit, year: int) -> str:
    return f"{unit.short_name}{year}年法治政府建设情况报告"


def metric_rows(report: Report) -> list[dict[str, str]]:
    rows = []
    for group in report.achievements:
        for item in group.items:
            for m in item.metrics:
                rows.append(
                    {
                        "name": clean(m.name),
                        "unit": rate_symbol(m.unit) or clean(m.unit),
                        "value": fmt_number(m.value) if m.value is not None else "无此项职责",
                        "previous": fmt_number(m.previous) if m.previous is not None else "—",
                        "change": (yoy_phrase(m.value, m.previous, m.unit) if m.value is not None else "") or "—",
                    }
                )
    return rows


def report_context(unit: Unit, report: Report, catalogue: Catalogue, title_chars: float = 20) -> dict[str, Any]:
    """`title_chars`: how many full-width title characters fit on a line (titles break as a trapezoid)."""
    year = report.year
    sections: list[dict[str, Any]] = []

    def add(title: str, blocks: list[dict[str, str]]) -> None:
        sections.append({"heading": level1(len(sections) + 1) + title, "blocks": blocks})

    blocks: list[dict[str, str]] = []
    for gi, group in enumerate(report.achievements, 1):
        heading = clean(group.title or catalogue.resolve(group.area).title)
        blocks.append(_block("h2", text=level2(gi) + heading))
        for ii, item in enumerate(group.items, 1):
            blocks.append(_titled(level3(ii), item.title, item_text(item)))
    add(f"{year}年推进法治政府建设的主要举措和成效", blocks)

    add("存在的不足和原因", [_block("para", text=_problem_text(i, p.text, p.cause)) for i, p in enumerate(report.problems, 1)])
    add(
        "党政主要负责人履行推进法治建设第一责任人职责情况",
        [_titled(level3(i), e.title, _join([clean(e.text)])) for i, e in enumerate(report.leadership, 1)],
    )
    add(
        f"{year + 1}年推进法治政府建设的主要安排",
        [_titled(level3(i), e.title, _join([clean(e.text)])) for i, e in enumerate(report.next_year, 1)],
    )
    if report.other:
        add("其他需要报告的情况", [_block("para", text=end_sentence(clean(p))) for p in report.other])

    metrics = metric_rows(report)
    attachment_title = f"{unit.short_name}{year}年法治政府建设主要指标统计表"
    return {
        "title": shape_title(clean(report_title(unit, year)), title_chars),
        "recipients": clean("、".join(unit.recipients) + "：") if unit.recipients else "",
        "preface": [clean(p) for p in report.preface],
        "sections": sections,
        "signature": clean(unit.name),
        "date": cn_date(report.date),
        "metrics": metrics,
        "attachment_label": "附件",
        "attachment_title": shape_title(clean(attachment_title), title_chars) if metrics else "",
        "attachment_note": clean(f"附件：{attachment_title}") if metrics else "",
        "year": year,
        "next_year": year + 1,
        "unit": {"name": clean(unit.name), "short_name": clean(unit.short_name)},
    }


# ------------------------------------------------------------------ plan


def plan_title(unit: Unit, plan: Plan) -> str:
    return f"{unit.short_name}{plan.year}年法治政府建设{plan.kind}"


def units_note(task: Task) -> str:
    """〔牵头单位：…；责任单位：…；完成时限：…〕, leaving out what the task does not say."""
    parts = []
    if task.lead:
        parts.append("牵头单位：" + "、".join(task.lead))
    if task.responsible:
        parts.append("责任单位：" + "、".join(task.responsible))
    if task.due:
        parts.append("完成时限：" + task.due)
    return f"〔{'；'.join(parts)}〕" if parts else ""


def section_heading(catalogue: Catalogue, area: str | None, title: str | None) -> str:
    return title or catalogue.resolve(area).title


def plan_context(unit: Unit, plan: Plan, catalogue: Catalogue, title_chars: float = 20) -> dict[str, Any]:
    sections: list[dict[str, Any]] = []
    rows: list[dict[str, str]] = []
    number = 0
    for si, section in enumerate(plan.sections, 1):
        if plan.numbering == "per_section":
            number = 0
        blocks = [_block("para", text=clean(p)) for p in section.text]
        for task in section.tasks:
            number += 1
            blocks.append(_titled(level2(number), task.title, _join([clean(task.text)]) + clean(units_note(task)), kind="task"))
            rows.append(
                {
                    "number": str(len(rows) + 1),
                    "title": clean(task.title),
                    "lead": clean("、".join(task.lead)),
                    "responsible": clean("、".join(task.responsible)),
                    "due": clean(task.due or ""),
                }
            )
        heading = section_heading(catalogue, section.area, section.title)
        sections.append({"heading": level1(si) + clean(heading), "blocks": blocks})
    title = plan_title(unit, plan)
    issuer = plan.issuer or unit.plan_issuer or ""
    table_title = f"{title}任务分工表"
    return {
        "title": shape_title(clean(title), title_chars),
        "preface": [clean(p) for p in plan.preface],
        "sections": sections,
        "closing_heading": level1(len(sections) + 1) + "保障措施" if plan.closing else "",
        "closing": [clean(p if isinstance(p, str) else f"{p.title}。{p.text}") for p in plan.closing],
        "signature": clean(issuer) if plan.date else "",
        "date": cn_date(plan.date),
        "tasks_table": rows,
        "attachment_label": "附件",
        "attachment_title": shape_title(clean(table_title), title_chars) if rows else "",
        "attachment_note": clean(f"附件：{table_title}") if rows else "",
        "year": plan.year,
        "kind": plan.kind,
        "unit": {"name": clean(unit.name), "short_name": clean(unit.short_name)},
    }
