"""Every member's pack (指标填报表 + report template) and the 报送通知, as files to write; nothing is written here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reporter.consolidate import collect
from reporter.consolidate.merge_run import default_deadline
from reporter.consolidate.packbook import pack_workbook
from reporter.consolidate.roster import Roster
from reporter.content.context import report_context
from reporter.core.diagnostics import Diagnostic
from reporter.core.errors import DataError
from reporter.data.indicators import Registry, load_indicators
from reporter.data.model import Plan, Unit
from reporter.data.setting import Setting, load_year_plan
from reporter.data.workspace import safe_filename
from reporter.document.draft.notice_docx import notice_docx


@dataclass
class Packs:
    """The files of `reporter pack`, by path, and what the user should hear."""

    files: list[tuple[Path, bytes]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    members: list[tuple[str, int, int]] = field(default_factory=list)  # (member, indicators, tasks)


def office(setting: Setting) -> collect.Office:
    """The collecting office from unit.yaml `collection:`; without it the pack cannot say who collects."""
    found = collect.office_of(setting.unit.model)
    if found is None:
        file, _, _ = setting.unit.where(())
        raise DataError(
            [
                Diagnostic(
                    file,
                    1,
                    1,
                    "collection",
                    "没有写收集材料的办公室（collection），通知和报告模板不知道报送给谁",
                    "在 unit.yaml 中写 collection: {issuer: 收集单位, contact: 联系人, phone: 电话}",
                )
            ]
        )
    return found


def registry_of(setting: Setting) -> Registry | None:
    ws = setting.ws
    return load_indicators(ws.indicators_path, ws.rel(ws.indicators_path))


def last_year(setting: Setting, year: int, roster: Roster, registry: Registry) -> dict[str, dict[str, float | str]]:
    """Each unit's figures of the year before, from its submissions in data/(YEAR-1)/units/ (packs read by identity)."""
    from reporter.consolidate.submissions import read_submission

    entries = []
    for path in setting.ws.submissions(year - 1):
        sub = read_submission(path, setting.ws, year - 1, roster)
        entries += [(m.unit_name, m.name, m.measure, m.value, m.na) for m in sub.metrics]
    return collect.last_year_figures(entries, registry)


def _plan(setting: Setting, year: int) -> Plan | None:
    return load_year_plan(setting, year).model if setting.ws.plan_path(year).is_file() else None


def _renderer(setting: Setting) -> Any:
    from reporter.document.draft.prepared import HouseStylePost, prepare_template
    from reporter.document.template.default_templates import ensure_templates

    ensure_templates(setting.ws.root, setting.style)
    template = setting.ws.template("report")
    post = HouseStylePost(setting.style, frozenset(setting.style.model_fields_set)) if setting.style_explicit else None
    return prepare_template(template, setting.ws.rel(template), post=post).render


def _template(setting: Setting, render: Any, member: str, issuer: str, year: int, tasks: list[Any]) -> bytes:
    from reporter.document.draft.finish_xml import draft_finish
    from reporter.document.draft.prepared import DraftProperties

    unit = collect.template_unit(member, issuer, setting.unit.model)
    report = collect.template_report(year, tasks, setting.catalogue)
    style = setting.style
    context = report_context(unit, report, setting.catalogue, style.title_chars_per_line)
    # finished as a draft is: pages filled, tables sized from their content
    return bytes(
        render(context, DraftProperties(str(context["plain_title"]).replace("\n", ""), member), finish=draft_finish(style, "report"))
    )


def _guide(year: int, deadline: dt.date, who: collect.Office) -> list[str]:
    return [
        f"1. 在“{year}年”一栏填写本单位{year}年度数值（只填数字，不带单位）；本单位无此项职责的填“无此职责”，不要填0或空着。",
        f"2. “{year - 1}年”一栏已按本单位上年报送的材料预填，请核对；有误的请在备注中说明。",
        "3. 比率类指标（单位为%）须同时填写分子、分母，按“口径说明”一栏统计；分子不能大于分母。",
        "4. 请不要增删、移动指标行，不要改动表头和工作表；表中保存有本表的标识，用于自动汇总。",
        f"5. 请于{collect.deadline_text(deadline)}前连同本单位法治政府建设情况报告报送{who.issuer}。",
        who.contact_text(),
    ]


def make_packs(setting: Setting, year: int, deadline: dt.date | None = None, today: dt.date | None = None) -> Packs:
    """Each member's 指标填报表 and report template in drafts/YEAR/报送材料/<单位全称>/, and the 报送通知 once."""
    unit: Unit = setting.unit.model
    if not unit.members:
        file, line, col = setting.unit.where(())
        raise DataError([Diagnostic(file, 1, 1, "members", "没有报送单位（members），无法生成报送材料", "在 unit.yaml 中列出 members")])
    who = office(setting)
    registry = registry_of(setting)
    deadline = deadline or default_deadline(year)
    roster = Roster(unit.members)
    plan = _plan(setting, year)
    previous = last_year(setting, year, roster, registry) if registry is not None else {}
    render = _renderer(setting)
    folder = setting.ws.draft_dir(year) / collect.PACK_FOLDER
    out = Packs()
    for member in roster.names:
        names = collect.member_indicators(registry, roster, member) if registry is not None else []
        tasks = collect.member_tasks(plan, roster, member)
        here = folder / safe_filename(member)
        if names and registry is not None:
            rows = collect.pack_rows(registry, names, previous.get(member, {}))
            out.files.append(
                (here / collect.sheet_name(safe_filename(member)), pack_workbook(member, year, rows, _guide(year, deadline, who)))
            )
        out.files.append((here / collect.template_name(safe_filename(member)), _template(setting, render, member, who.issuer, year, tasks)))
        out.members.append((member, len(names), len(tasks)))
    if registry is None:
        out.notes.append(f"没有 {setting.ws.rel(setting.ws.indicators_path)}，未生成指标填报表；可先运行 reporter init indicators {year}")
    if plan is None:
        out.notes.append(f"没有 data/{year}/plan.yaml，报告模板中没有列出各单位的任务")
    doc = collect.send_notice(who, year, deadline, out.members, registry, today or dt.date.today(), plan.kind if plan else "工作要点")
    out.files.append((folder / f"{collect.SEND_NOTICE}.docx", notice_docx(doc, setting.style)))
    return out
