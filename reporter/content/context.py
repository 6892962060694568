"""Turn the models into the template context: every heading number and phrase computed here."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from reporter.content.annotation import annotation_note
from reporter.content.causes import cause_sentence
from reporter.content.closings import PLAN_CLOSING_HEADING
from reporter.content.numbering import chinese_number, has_own_ordinal, level1, level2, level3, ordinal_phrase
from reporter.content.phrasing import change_cell, cn_date, end_sentence, fmt_number, lead_sentence, metric_sentence, quantity, shape_title
from reporter.content.status import NOT_IN_TIME, StatusKey, label, unfinished_lead
from reporter.content.textclean import clean
from reporter.data.areas import Catalogue
from reporter.data.model import Item, Metric, PartTexts, Plan, Report, Unit
from reporter.data.quantities import rate_symbol


def _block(kind: str, lead: str = "", text: str = "") -> dict[str, str]:
    # fields were cleaned one by one before composing, so generated punctuation stays as made
    return {"kind": kind, "lead": lead, "text": text}


def _join(parts: list[str]) -> str:
    return "".join(end_sentence(p) for p in parts if p and p.strip())


def states_figure(text: str, metric: Metric) -> bool:
    """Whether a narrative already gives a metric's figure ("化解率91.2%"): then no sentence repeats it."""
    if metric.value is None:
        return False
    unit = rate_symbol(metric.unit) or clean(metric.unit)
    figures = {fmt_number(metric.value) + unit, quantity(metric.value, metric.scale("value")) + unit}
    # "12件" is not stated by "312件"
    return any(re.search(r"(?<![\d.])" + re.escape(figure), text) is not None for figure in figures)


def item_text(item: Item) -> str:
    """The narrative of an item followed by one sentence per metric shown in the text (with its YoY phrase)."""
    text = clean(item.text)
    shown = [m for m in item.metrics if m.value is not None and m.in_text and not states_figure(text, m)]
    return _join([text] + [_sentence(m, m.value) for m in shown if m.value is not None])


def _sentence(m: Metric, value: float | int) -> str:
    return metric_sentence(clean(m.name), value, clean(m.unit), m.previous, scale=m.scale("value"), previous_scale=m.scale("previous"))


def _titled(number: str, title: str, text: str, kind: str = "item") -> dict[str, str]:
    title = clean(title)
    if has_own_ordinal(title or text):
        number = ""  # 一是……, 首先……: the text numbers itself
    if title:
        return _block(kind, number + lead_sentence(title), text)
    return _block(kind, number, text)


def numbered(number: str, count: int) -> str:
    """A heading number, or none for the only entry of its level: a level is numbered only to tell entries apart."""
    return number if count > 1 else ""


def _problem_text(index: int, text: str, cause: str | None, count: int = 2) -> str:
    parts = [numbered(ordinal_phrase(index), count) + clean(text)]
    if cause:
        cause = clean(cause)
        parts.append(cause_sentence(cause))
    return _join(parts)


def report_title(unit: Unit, year: int) -> str:
    return f"{unit.name}关于{year}年法治政府建设情况的报告"


def report_filename(unit: Unit, year: int) -> str:
    return f"{unit.short_name}{year}年法治政府建设情况报告"


# The five parts in the order of the regulation (法治政府建设与责任落实督察工作规定 第二十五条).
PART_KEYS = ("achievements", "problems", "leadership", "next_year", "other")
_HEADINGS = {
    "achievements": "{year}年推进法治政府建设的主要举措和成效",
    "problems": "{year}年推进法治政府建设存在的不足和原因",
    "leadership": "{year}年党政主要负责人履行推进法治建设第一责任人职责情况",
    "next_year": "{next}年推进法治政府建设的主要安排",
    "other": "其他需要报告的情况",
}
_LEVEL1 = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*")


def part_heading(report: Report, key: str) -> str:
    """The heading of a part without its number: `headings:` wins, else the regulation's wording with years."""
    override = getattr(report.headings, key)
    if override and clean(override):
        return _LEVEL1.sub("", clean(override))
    return default_heading(key, report.year)


def default_heading(key: str, year: int) -> str:
    """The regulation's wording of a part's heading for `year` (what a draft prints without `headings:`)."""
    return _HEADINGS[key].format(year=year, next=year + 1)


def _intro(texts: PartTexts, key: str) -> list[dict[str, str]]:
    text = clean(getattr(texts, key) or "")
    if not text:
        return []
    # A lead-in may end with a colon ("……还存在一些短板：") that the list below completes.
    return [_block("para", text=text if text[-1] in "：:" else end_sentence(text))]


def unfinished_items(report: Report) -> list[Item]:
    """Items marked pending: never achievements under 一, listed under 二 after the problems instead."""
    return [item for group in report.achievements for item in group.items if item.status == "pending"]


def _unfinished_text(index: int, item: Item, count: int = 2) -> str:
    lead = unfinished_lead(clean(item.title).rstrip("。.；;，,"))
    return _join([numbered(ordinal_phrase(index), count) + lead, clean(item.text)])


def _achievement_blocks(report: Report, catalogue: Catalogue) -> list[dict[str, str]]:
    blocks: list[dict[str, str]] = []
    shown = [(g, items) for g in report.achievements if (items := [item for item in g.items if item.status != "pending"])]
    for n, (group, items) in enumerate(shown, 1):
        heading = clean(group.title or catalogue.resolve(group.area).title)
        if not (heading == part_heading(report, "achievements") and len(report.achievements) == 1):
            # (the part's own paragraphs (一是……) under the part heading take no second heading saying the same)
            blocks.append(_block("h2", text=numbered(level2(n), len(shown)) + heading))
        blocks += [_titled(numbered(level3(i), len(items)), item.title, item_text(item)) for i, item in enumerate(items, 1)]
    return blocks


def _problem_blocks(report: Report) -> list[dict[str, str]]:
    unfinished = unfinished_items(report)
    count = len(report.problems) + len(unfinished)
    blocks = [_block("para", text=_problem_text(i, p.text, p.cause, count)) for i, p in enumerate(report.problems, 1)]
    start = len(report.problems)
    return blocks + [_block("para", text=_unfinished_text(start + i, item, count)) for i, item in enumerate(unfinished, 1)]


def _entries(entries: list[Any]) -> list[dict[str, str]]:
    # Entries directly under 一、 take （一）（二）… with a 楷体 lead: "1." only ever stands under a （一）.
    return [_titled(numbered(level2(i), len(entries)), e.title, _join([clean(e.text)]), kind="task") for i, e in enumerate(entries, 1)]


def report_sections(report: Report, catalogue: Catalogue) -> list[dict[str, Any]]:
    parts: dict[str, list[dict[str, str]]] = {
        "achievements": _achievement_blocks(report, catalogue),
        "problems": _problem_blocks(report),
        "leadership": _entries(report.leadership),
        "next_year": _entries(report.next_year),
        "other": [_block("para", text=end_sentence(clean(p))) for p in report.other],
    }
    sections: list[dict[str, Any]] = []
    for key in PART_KEYS:
        if key == "other" and not report.other:
            continue
        heading = level1(len(sections) + 1) + part_heading(report, key)
        sections.append({"heading": heading, "blocks": _intro(report.intros, key) + parts[key]})
    if sections[-1]["blocks"]:
        # the body's last lines go with 特此报告。 and the signature onto a new page, never the signature alone
        sections[-1]["blocks"][-1] = dict(sections[-1]["blocks"][-1], keep=True)
    return sections


def _decimals(value: float | int) -> int:
    exponent = Decimal(fmt_number(value)).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _same_decimals(value: float | int, previous: float | int | None) -> tuple[str, str]:
    """Both values of a metric with as many decimals as the more precise one (12.83 / 10.10)."""
    places = max(_decimals(value), _decimals(previous) if previous is not None else 0)
    quantum = Decimal(1).scaleb(-places)

    def show(v: float | int) -> str:
        return str(Decimal(fmt_number(v)).quantize(quantum))

    return show(value), show(previous) if previous is not None else "—"


def _metric_row(number: int, m: Metric) -> dict[str, str]:
    if m.value is None:
        value, previous = "无此项职责", quantity(m.previous, m.scale("previous")) if m.previous is not None else "—"
    elif m.scale("value") or m.scale("previous"):
        # figures written with 万 / 亿 print as written (5.6万)
        value = quantity(m.value, m.scale("value"))
        previous = quantity(m.previous, m.scale("previous")) if m.previous is not None else "—"
    else:
        value, previous = _same_decimals(m.value, m.previous)
    return {
        "number": str(number),
        "name": clean(m.name),
        "unit": rate_symbol(m.unit) or clean(m.unit),
        "value": value,
        "previous": previous,
        # under the column heading 同比, "同比增长21.7%" reads "增长21.7%"
        "change": change_cell(m.value, m.previous, m.unit) if m.value is not None else "—",
    }


def metric_rows(report: Report) -> list[dict[str, str]]:
    metrics = [m for group in report.achievements for item in group.items for m in item.metrics]
    return [_metric_row(i, m) for i, m in enumerate(metrics, 1)]


# Worst first: a task reported by several items reads as its least finished one.
_STATUS_ORDER: tuple[StatusKey, ...] = ("pending", "ongoing", "done")


def _task_status(items: list[Item]) -> StatusKey:
    statuses = [item.status or "done" for item in items]
    return next(s for s in _STATUS_ORDER if s in statuses)


def task_rows(report: Report, plan: Plan) -> list[dict[str, str]]:
    """One row per task of the year's plan: 完成情况 from the report's items naming it, 说明 where it went."""
    rows = []
    continued = {e.task for e in report.next_year if e.task}
    for i, task in enumerate(plan.tasks(), 1):
        items = [item for g in report.achievements for item in g.items if item.task == task.id]
        status = label(_task_status(items)) if items else "未报告"
        notes = []
        if status == label("pending"):
            # the reason, as the item says it (its text tells why it was not finished)
            reason = next((_first_sentence(clean(item.text)) for item in items if item.status == "pending" and item.text.strip()), "")
            notes.append(reason or NOT_IN_TIME)
        elif not items:
            notes.append("报告中没有写这项任务的完成情况")
        if task.id in continued:
            notes.append(f"{report.year + 1}年继续推进")
        rows.append(
            {
                "number": str(i),
                "title": clean(task.title),
                "lead": clean("、".join(task.lead)),
                "status": status,
                "note": "；".join(notes),
            }
        )
    return rows


def _first_sentence(text: str) -> str:
    """A text's first sentence, without its closing 。 (what a table cell says of it)."""
    return re.split(r"(?<=[。；！？])", text, maxsplit=1)[0].rstrip("。；！？")


def table_note(note: str | None) -> str:
    """A note under a table, opening with 注： as GB/T 9704 notes do."""
    text = clean(note or "")
    return text if not text or text.startswith(("注：", "注:")) else "注：" + text


def table_notes(notes: list[str]) -> list[str]:
    """Several notes under a table: 注：1.…, 2.…; one note as table_note gives it."""
    if len(notes) <= 1:
        return [table_note(n) for n in notes]
    return [("注：" if k == 1 else "") + f"{k}.{n}" for k, n in enumerate(notes, start=1)]


def _attachment_list(unit: Unit, report: Report, plan: Plan | None) -> list[tuple[str, str, list[dict[str, str]]]]:
    """(kind, title, rows) of each attachment asked for that has rows to show."""
    out: list[tuple[str, str, list[dict[str, str]]]] = []
    for kind in report.attachments:
        if kind == "metrics":
            rows = metric_rows(report)
            title = f"{unit.short_name}{report.year}年法治政府建设主要指标统计表"
        else:
            rows = task_rows(report, plan) if plan is not None else []
            # one pattern for every attachment: unit, year, 法治政府建设, what the table is
            title = f"{unit.short_name}{report.year}年法治政府建设{plan.kind if plan else '工作要点'}任务完成情况表"
        if rows:
            out.append((kind, clean(title), rows))
    return out


def report_attachments(unit: Unit, report: Report, plan: Plan | None, title_chars: float) -> dict[str, Any]:
    """附件说明 lines and the attachments: "附件" alone for one, "附件1" "附件2" and "附件：1.…" for several."""
    found = _attachment_list(unit, report, plan)
    several = len(found) > 1
    attachments, notes = [], []
    for i, (kind, title, rows) in enumerate(found, 1):
        attachments.append(
            {
                "kind": kind,
                "label": f"附件{i}" if several else "附件",
                "title": shape_title(title, title_chars),
                "rows": rows,
                "note": table_note(report.metrics_note) if kind == "metrics" else "",
            }
        )
        notes.append({"first": i == 1, "number": f"{i}." if several else "", "name": title})
    return {"attachments": attachments, "attachment_notes": notes}


def signature_date(day: dt.date | None) -> str:
    """成文日期 for the signature block: word joiners between digits and characters.

    LibreOffice adds about a fifth of a character between Chinese and digits
    whatever autoSpaceDE/DN say; a word joiner (U+2060, zero width) between them
    stops it, so the date is as wide everywhere as the signature geometry assumes.
    """
    return re.sub(r"(?<=\d)(?=\D)|(?<=\D)(?=\d)", "\u2060", cn_date(day))


def imprint_block(cc: list[str], printed_by: str | None, printed_date: dt.date | None) -> dict[str, str]:
    """版记 (抄送, 印发机关和印发日期) of a report or a 印发通知; empty strings leave them out."""
    printed = bool(printed_by and printed_date)
    return {
        "cc": clean("抄送：" + "，".join(cc) + "。") if cc else "",
        "printed_by": clean(printed_by or "") if printed else "",
        "printed_date": cn_date(printed_date) + "印发" if printed else "",
    }


def version_block(unit: Unit, report: Report) -> dict[str, Any]:
    """版头 (发文机关标志, 发文字号, 签发人) and 版记 (抄送, 印发机关和印发日期); empty strings leave them out."""
    cc = report.cc if report.cc is not None else unit.cc
    return {
        "masthead": clean(unit.masthead or ""),
        "doc_number": clean(report.doc_number or ""),
        "signer": clean(report.signer or ""),
        **imprint_block(cc, report.printed_by, report.printed_date),
    }


def report_context(unit: Unit, report: Report, catalogue: Catalogue, title_chars: float = 20, plan: Plan | None = None) -> dict[str, Any]:
    """`title_chars`: how many full-width title characters fit on a line; `plan`: the year's plan (tasks attachment)."""
    year = report.year
    attached = report_attachments(unit, report, plan, title_chars)
    first = attached["attachments"][0] if attached["attachments"] else None
    # the same rows as the metrics attachment's: computed once
    metrics: list[dict[str, str]] = next((a["rows"] for a in attached["attachments"] if a["kind"] == "metrics"), [])
    title = clean(report_title(unit, year))
    return {
        "title": shape_title(title, title_chars),
        "plain_title": title,
        "recipients": clean("、".join(unit.recipients) + "：") if unit.recipients else "",
        "preface": [clean(p) for p in report.preface],
        "sections": report_sections(report, catalogue),
        "closing": clean(report.closing),
        "signature": clean(unit.name),
        "date": signature_date(report.date),
        "sealed": unit.sealed,
        **version_block(unit, report),
        **attached,
        # the single-attachment names of earlier templates, kept so a user's template still renders
        "metrics": metrics,
        "attachment_label": first["label"] if first else "附件",
        "attachment_title": first["title"] if first else "",
        "attachment_note": clean("附件：" + "；".join(n["name"] for n in attached["attachment_notes"])) if first else "",
        "year": year,
        "next_year": year + 1,
        "unit": {"name": clean(unit.name), "short_name": clean(unit.short_name)},
    }


# ------------------------------------------------------------------ plan


def plan_title(unit: Unit, plan: Plan) -> str:
    """青禾县2023年法治政府建设工作要点; a 规划 names its period instead of one year."""
    if plan.kind == "规划":
        return f"{unit.short_name}法治政府建设规划" + (f"（{period_text(plan.period)}年）" if plan.period else "")
    return f"{unit.short_name}{plan.year}年法治政府建设{plan.kind}"


def period_text(period: str) -> str:
    """2021-2025, 2021~2025 or 2021至2025 → 2021—2025 (the dash of printed periods)."""
    text = clean(period).removesuffix("年")
    for dash in ("--", "-", "－", "~", "～", "至", "–", "―", "——"):
        text = text.replace(dash, "—")
    return text


def section_heading(catalogue: Catalogue, area: str | None, title: str | None) -> str:
    return title or catalogue.resolve(area).title


def _closing_blocks(plan: Plan) -> list[dict[str, str]]:
    """保障措施: plain strings stay paragraphs; {title, text} entries print like tasks, numbered （一）（二）."""
    out, n = [], 0
    titled = sum(1 for entry in plan.closing if not isinstance(entry, str))
    for entry in plan.closing:
        if isinstance(entry, str):
            out.append(_block("para", text=end_sentence(clean(entry))))
        else:
            n += 1
            out.append(_titled(numbered(level2(n), titled), entry.title, _join([clean(entry.text)]), kind="task"))
    return out


def notice_context(unit: Unit, plan: Plan, title_chars: float = 20) -> dict[str, Any] | None:
    """The 印发通知 printed before the plan: 版头, title, 主送, text, 署名, date, 附注 and its 版记 (`notice:` keys)."""
    notice = plan.notice
    if notice is None:
        return None
    plan_name = plan_title(unit, plan)
    text = clean(notice.text) if notice.text else f"现将《{plan_name}》印发给你们，请结合实际认真贯彻执行。"
    publish = clean(notice.publish or "").strip("（）()")
    return {
        "title": shape_title(clean(f"{notice.issuer}关于印发{plan_name}的通知"), title_chars),
        "recipients": clean("，".join(notice.recipients) + "：") if notice.recipients else "",
        "text": end_sentence(text),
        "signature": clean(notice.issuer),
        "date": signature_date(notice.date),
        "publish": f"（{publish}）" if publish else "",
        # 版头 of a 下行文: 发文字号 centred under the 发文机关标志, no 签发人
        "masthead": clean(notice.masthead or ""),
        "doc_number": clean(notice.doc_number or ""),
        "signer": "",
        **imprint_block(notice.cc, notice.printed_by, notice.printed_date),
    }


def task_number(plan: Plan, section_index: int, number: int) -> str:
    """The body's （十二） as the table's 十二; numbers that restart per section carry the section's: 三（二）."""
    if plan.numbering == "per_section":
        return chinese_number(section_index) + level2(number)
    return chinese_number(number)


def empty_tasks(plan: Plan) -> int:
    """How many tasks have no text yet (a fresh skeleton)."""
    return sum(1 for task in plan.tasks() if not task.text.strip())


def plan_context(unit: Unit, plan: Plan, catalogue: Catalogue, title_chars: float = 20) -> dict[str, Any]:
    sections: list[dict[str, Any]] = []
    rows: list[dict[str, str]] = []
    number = 0
    # a level holds numbers only when it has more than one entry
    tasks = len(plan.tasks())
    parts = len(plan.sections) + (1 if plan.closing else 0)
    for si, section in enumerate(plan.sections, 1):
        if plan.numbering == "per_section":
            number, tasks = 0, len(section.tasks)
        blocks = [_block("para", text=clean(p)) for p in section.text]
        for task in section.tasks:
            number += 1
            blocks.append(
                _titled(
                    numbered(level2(number), tasks),
                    task.title,
                    _join([clean(task.text)]) + clean(annotation_note(task.lead, task.responsible, task.due)),
                    kind="task",
                )
            )
            rows.append(
                {
                    "number": task_number(plan, si, number),
                    "title": clean(task.title),
                    # one unit a line: a cell then never breaks inside a unit's name
                    "lead": "、\n".join(clean(u) for u in task.lead),
                    "responsible": "、\n".join(clean(u) for u in task.responsible),
                    "due": clean(task.due or ""),
                }
            )
        heading = section_heading(catalogue, section.area, section.title)
        sections.append({"heading": numbered(level1(si), parts) + clean(heading), "blocks": blocks})
    if plan.closing:
        sections.append({"heading": numbered(level1(len(sections) + 1), parts) + PLAN_CLOSING_HEADING, "blocks": _closing_blocks(plan)})
    title = plan_title(unit, plan)
    notice = notice_context(unit, plan, title_chars)
    issuer = plan.issuer or unit.plan_issuer or ""
    table_title = f"{title}任务分工表"
    return {
        "notice": notice,
        "title": shape_title(clean(title), title_chars),
        "preface": [clean(p) for p in plan.preface],
        "sections": sections,
        # 保障措施 is the last of `sections`; these two stay empty for templates made before it moved there
        "closing_heading": "",
        "closing": [],
        # a plan issued by its notice is signed by the notice alone
        "signature": clean(issuer) if plan.date and notice is None else "",
        "date": signature_date(plan.date) if notice is None else "",
        "sealed": unit.sealed,
        "tasks_table": rows,
        "attachment_label": "附件",
        "attachment_title": shape_title(clean(table_title), title_chars) if rows else "",
        "attachment_note": clean(f"附件：{table_title}") if rows else "",
        "year": plan.year,
        "kind": plan.kind,
        "unit": {"name": clean(unit.name), "short_name": clean(unit.short_name)},
    }
