"""Content rules on loaded data: placeholders, empty sections, plan links, metrics, copying, dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from reporter.checks import similar, texts
from reporter.checks.base import Inputs, finding, key_or_entry, value_at
from reporter.core.diagnostics import Diagnostic
from reporter.core.text import fmt_number
from reporter.data.loader import Loaded
from reporter.data.model import Plan, Report, status_choices
from reporter.data.quantities import is_change_measure, is_rate
from reporter.data.yamlsource import Path_


def _field(loaded: Loaded[Any], base: Path_, name: str) -> Path_:
    """Path of `name` in the entry at `base`; an entry written as a plain string is its own field."""
    return base + (name,) if isinstance(value_at(loaded.source.data, base), dict) else base


def _paragraph(loaded: Loaded[Any], key: str, i: int) -> Path_:
    """Path of paragraph i of a key that accepts one string or a list of them."""
    return (key,) if isinstance(value_at(loaded.source.data, (key,)), str) else (key, i)


# ------------------------------------------------------------------ every file


def text_findings(loaded: Loaded[Any]) -> list[Diagnostic]:
    out = []
    for path, text in texts.strings(loaded.source.data):
        message = texts.placeholder_message(text)
        if message:
            out.append(finding("error", loaded, path, message, "填写实际内容，或删除这处文字"))
        half = texts.halfwidth_message(text)
        if half:
            out.append(finding("warning", loaded, path, *half))
        swallowed = texts.swallowed_key_message(text)
        if swallowed:
            out.append(finding("error", loaded, path, *swallowed))
    return out


# ------------------------------------------------------------------ one report


def empty_sections(loaded: Loaded[Report]) -> list[Diagnostic]:
    report = loaded.model
    out = []
    if not any(p.text.strip() for p in report.problems):
        out.append(
            finding("error", loaded, ("problems",), "“存在的不足和原因”没有内容", "在 problems 下至少写一条不足（text），可加原因（cause）")
        )
    if not any(e.title.strip() or e.text.strip() for e in report.next_year):
        out.append(finding("error", loaded, ("next_year",), "“下一年度主要安排”没有内容", "在 next_year 下至少写一条安排（title、text）"))
    return out


def empty_parts(loaded: Loaded[Report]) -> list[Diagnostic]:
    """Parts a unit's own draft would print as a bare heading (`build report --units` drafts it anyway, and says so).

    A unit's material may leave out 三、 (the county's report does not need it), so `check` does not ask for it;
    the unit's own report does.
    """
    report = loaded.model
    empty = {d.path: d for d in empty_sections(loaded)}
    if not any(e.title.strip() or e.text.strip() for e in report.leadership) and not (report.intros.leadership or "").strip():
        empty["leadership"] = finding("error", loaded, ("leadership",), "“党政主要负责人履行推进法治建设第一责任人职责情况”没有内容")
    return [
        replace(empty[part], severity="warning", message=empty[part].message + "，初稿中这一部分只有标题", fix="请单位补报后重新生成")
        for part in ("problems", "leadership", "next_year")
        if part in empty
    ]


_STATUS_FIX = "写 status: " + status_choices()


def _item_findings(loaded: Loaded[Report], path: Path_, item: Any) -> list[Diagnostic]:
    out = []
    if not item.text.strip() and not item.metrics:  # an item of metrics alone prints their sentences, or points to the table
        where = key_or_entry(loaded, path, "text")
        out.append(finding("error", loaded, where, "举措没有正文（text），初稿只会印出标题", "在 text 中写明具体做法和成效，或删除这一条"))
    if item.status is None:
        out.append(finding("error", loaded, path, "举措没有写完成情况（status）", _STATUS_FIX))
    return out


def empty_entries(loaded: Loaded[Report]) -> list[Diagnostic]:
    """Entries a draft would print bare: an item without text or status, an empty paragraph, problem or plan."""
    report = loaded.model
    out: list[Diagnostic] = []
    for a, group in enumerate(report.achievements):
        for i, item in enumerate(group.items):
            out += _item_findings(loaded, ("achievements", a, "items", i), item)
    for key, texts_ in (("preface", report.preface), ("other", report.other)):
        out += [
            finding("error", loaded, _paragraph(loaded, key, i), "这一段是空的", "写上内容，或删除这一项")
            for i, text in enumerate(texts_)
            if not text.strip()
        ]
    for i, entry in enumerate(report.leadership):
        if not (entry.title.strip() or entry.text.strip()):
            out.append(finding("error", loaded, ("leadership", i), "这一项履职情况是空的", "写上 title 和 text，或删除这一项"))
    for i, plan in enumerate(report.next_year):
        if not (plan.title.strip() or plan.text.strip()):
            out.append(finding("error", loaded, ("next_year", i), "这一项安排是空的", "写上 title 和 text，或删除这一项"))
    return out


def change_measures(loaded: Loaded[Report]) -> list[Diagnostic]:
    """个百分点 is a change, not a measure: the draft would read “纠错率12.5个百分点”."""
    return [
        finding(
            "error",
            loaded,
            key_or_entry(loaded, path, "unit"),
            f"指标“{metric.name}”的单位写成了“{metric.unit}”，这是变化量而不是单位",
            "比率指标的单位写 %（本年数值写比率本身，如 12.5），同比变化的百分点会自动计算",
        )
        for path, metric in _metrics(loaded.model)
        if is_change_measure(metric.unit)
    ]


def report_date(loaded: Loaded[Report], year: int) -> list[Diagnostic]:
    date = loaded.model.date
    if date is None:
        return [
            finding("warning", loaded, ("year",), "没有写成文日期 date，初稿落款处日期为空", f"在 year 下加一行，如 date: {year + 1}-03-18")
        ]
    shown = f"{date.year}年{date.month}月{date.day}日"
    if date < dt.date(year + 1, 1, 1):
        return [
            finding(
                "warning",
                loaded,
                ("date",),
                f"成文日期 {shown} 早于 {year} 年度结束",
                f"核对成文日期；{year} 年的报告一般在 {year + 1} 年 1 月至 3 月成文",
            )
        ]
    if date > dt.date(year + 1, 4, 1):
        return [finding("warning", loaded, ("date",), f"成文日期 {shown} 晚于 {year + 1}年4月1日", "报告须于4月1日前公开；请核对成文日期")]
    return []


def _metrics(report: Report) -> Iterator[tuple[Path_, Any]]:
    for a, group in enumerate(report.achievements):
        for i, item in enumerate(group.items):
            for m, metric in enumerate(item.metrics):
                yield ("achievements", a, "items", i, "metrics", m), metric


def negative_counts(loaded: Loaded[Report]) -> list[Diagnostic]:
    out = []
    for path, metric in _metrics(loaded.model):
        if is_rate(metric.unit):
            continue
        for key in ("value", "previous"):
            value = getattr(metric, key)
            if value is not None and value < 0:
                what = "数值" if key == "value" else "上年数值"
                out.append(
                    finding(
                        "error",
                        loaded,
                        path + (key,),
                        f"指标“{metric.name}”的{what}是负数（{fmt_number(value)}{metric.unit}）",
                        "数量不能为负；减少的情况写本年实际数，同比会自动计算",
                    )
                )
    return out


def paragraphs(loaded: Loaded[Report]) -> list[tuple[str, Path_]]:
    """Every paragraph-like text of a report with its key path (headings excluded)."""
    report = loaded.model
    out: list[tuple[str, Path_]] = []
    out += [(text, _paragraph(loaded, "preface", i)) for i, text in enumerate(report.preface)]
    for a, group in enumerate(report.achievements):
        out += [(item.text, _field(loaded, ("achievements", a, "items", i), "text")) for i, item in enumerate(group.items)]
    for i, problem in enumerate(report.problems):
        out.append((problem.text, _field(loaded, ("problems", i), "text")))
        if problem.cause:
            out.append((problem.cause, ("problems", i, "cause")))
    out += [(entry.text, _field(loaded, ("leadership", i), "text")) for i, entry in enumerate(report.leadership)]
    out += [(entry.text, ("next_year", i, "text")) for i, entry in enumerate(report.next_year) if entry.text]
    out += [(text, _paragraph(loaded, "other", i)) for i, text in enumerate(report.other)]
    return [(text, path) for text, path in out if text]


def copied_paragraphs(loaded: Loaded[Report], last: Loaded[Report]) -> list[Diagnostic]:
    out = []
    for match in similar.near_duplicates(paragraphs(loaded), paragraphs(last)):
        file, line, _ = last.where(match.previous)
        if match.ratio >= 1.0:
            message = f"与上年报告的段落相同（{file}:{line}）"
        else:
            message = f"与上年报告的段落高度相似（相似度 {int(match.ratio * 100)}%，{file}:{line}）"
        out.append(finding("warning", loaded, match.current, message, "按本年度的实际做法和成效改写，不要沿用上年表述"))
    return out


# ------------------------------------------------------------------ report and plan


def _ids(plan: Plan) -> str:
    ids = [t.id for t in plan.tasks()]
    return "、".join(ids[:10]) + ("等" if len(ids) > 10 else "")


def unknown_tasks(loaded: Loaded[Report], plan: Loaded[Plan]) -> list[Diagnostic]:
    known = {t.id for t in plan.model.tasks()}
    out = []
    for a, group in enumerate(loaded.model.achievements):
        for i, item in enumerate(group.items):
            if item.task is not None and item.task not in known:
                out.append(
                    finding(
                        "error",
                        loaded,
                        ("achievements", a, "items", i, "task"),
                        f"对应任务“{item.task}”不在 {plan.model.year} 年工作要点中",
                        f"task 应为 {plan.source.file} 中某项任务的 id（{_ids(plan.model)}）",
                    )
                )
    for n, entry in enumerate(loaded.model.next_year):
        if entry.task is not None and entry.task not in known:
            out.append(
                finding(
                    "error",
                    loaded,
                    ("next_year", n, "task"),
                    f"接续任务“{entry.task}”不在 {plan.model.year} 年工作要点中",
                    f"task 应为 {plan.source.file} 中某项未完成任务的 id（{_ids(plan.model)}）",
                )
            )
    return out


def unreported_tasks(plan: Loaded[Plan], report: Loaded[Report]) -> list[Diagnostic]:
    reported = {item.task for group in report.model.achievements for item in group.items if item.task is not None}
    out = []
    for s, section in enumerate(plan.model.sections):
        for t, task in enumerate(section.tasks):
            if task.id not in reported:
                out.append(
                    finding(
                        "error",
                        plan,
                        ("sections", s, "tasks", t),
                        f"任务 {task.id}“{task.title}”在 {report.source.file} 中没有对应的条目",
                        f'在报告的举措中加一条 task: "{task.id}"，写明完成情况（未完成也要说明原因）',
                    )
                )
    return out


# ------------------------------------------------------------------ all together


def content_findings(inputs: Inputs) -> list[Diagnostic]:
    """Every rule of this module on one workspace year."""
    out: list[Diagnostic] = []
    reports = ([inputs.report] if inputs.report else []) + inputs.units
    for loaded in [inputs.unit, inputs.plan, *reports]:
        if loaded is not None:
            out += text_findings(loaded)
    for loaded in reports:
        out += empty_sections(loaded) + empty_entries(loaded) + report_date(loaded, inputs.year)
        out += negative_counts(loaded) + change_measures(loaded)
        if inputs.plan is not None:
            out += unknown_tasks(loaded, inputs.plan)
    if inputs.report is not None:
        if inputs.plan is not None:
            out += unreported_tasks(inputs.plan, inputs.report)
        if inputs.last is not None:
            out += copied_paragraphs(inputs.report, inputs.last)
    return out
