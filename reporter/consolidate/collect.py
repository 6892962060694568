"""Collecting at the source: each member's indicators, last year's figures and plan tasks, its report template, and the notices."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from reporter.consolidate.packbook import NA, PackRow
from reporter.consolidate.roster import Roster
from reporter.content.numbering import level2
from reporter.content.phrasing import cn_date
from reporter.content.placeholders import FILL_IN
from reporter.core.diagnostics import Diagnostic
from reporter.data.areas import Catalogue
from reporter.data.indicators import Registry, definition_text
from reporter.data.model import INDICATOR_KINDS, Achievement, Item, Plan, Report, Task, Unit
from reporter.document.draft.notice_docx import AttachmentTable, Block, NoticeDoc, lead_block

PACK_FOLDER = "报送材料"
SHEET_SUFFIX = "指标填报表"
TEMPLATE_SUFFIX = "法治政府建设情况报告（模板）"
SEND_NOTICE = "报送通知"
REMINDER = "催报通知"
CORRECTIONS = "补正通知"
DEFINITIONS_TITLE = "主要指标口径说明"
_TOWNS = ("乡人民政府", "镇人民政府", "乡政府", "镇政府")
_STREETS = ("街道办事处", "街道")


def sheet_name(member: str) -> str:
    return f"{member}-{SHEET_SUFFIX}.xlsx"


def template_name(member: str) -> str:
    return f"{member}-{TEMPLATE_SUFFIX}.docx"


def deadline_text(day: dt.date) -> str:
    return cn_date(day)


# ------------------------------------------------------------------ who reports what


def member_indicators(registry: Registry, roster: Roster, member: str) -> list[str]:
    """Names of the indicators `member` reports: those for every member and those naming it (full name or alias)."""
    return [
        i.name
        for i in registry.indicators
        if not i.self_collected and (not i.members or member in {roster.match(m) or m for m in i.members})
    ]


def is_township(name: str) -> bool:
    return name.endswith(_TOWNS + _STREETS)


def _names_member(name: str, roster: Roster, member: str) -> bool:
    """Whether a 牵头/责任 entry takes in `member`: by its name or alias, or as a whole group (市政府各部门, 各乡镇、街道).

    "有关部门" is not a group: it names whom the lead decides, so nobody in particular.
    """
    if roster.match(name) == member:
        return True
    if is_township(member):
        return name.startswith("各") and any(w in name for w in ("乡镇", "街道"))
    return "各部门" in name or "直各单位" in name


def member_tasks(plan: Plan | None, roster: Roster, member: str) -> list[tuple[str, Task]]:
    """(area, task) of the plan where `member` is 牵头 or 责任: by name or alias, or in a group of all departments (all townships)."""
    if plan is None:
        return []
    out = []
    for section in plan.sections:
        for task in section.tasks:
            if any(_names_member(name, roster, member) for name in (*task.lead, *task.responsible)):
                out.append((section.area or section.title or "", task))
    return out


def last_year_figures(entries: list[tuple[str, str, str, float | None, bool]], registry: Registry) -> dict[str, dict[str, float | str]]:
    """unit → indicator → last year's value (or 无此职责), from (unit, metric name, unit of measure, value, na) of last year's files."""
    from reporter.data.quantities import converted

    out: dict[str, dict[str, float | str]] = {}
    for unit, name, measure, value, na in entries:
        ind = registry.find(name)
        if ind is None:
            continue
        if na:
            out.setdefault(unit, {})[ind.name] = NA
            continue
        figure = converted(value, measure, ind.unit) if value is not None else None
        if figure is not None:
            out.setdefault(unit, {})[ind.name] = figure
    return out


def pack_rows(registry: Registry, names: list[str], previous: dict[str, float | str]) -> list[PackRow]:
    by_name = {i.name: i for i in registry.indicators}
    return [PackRow(by_name[n], previous.get(n)) for n in names]


# ------------------------------------------------------------------ the unit's report template


def fill_in(what: str) -> str:
    """A prompt the unit replaces whole: 【请填写：what】 (the placeholders module finds any left)."""
    return f"{FILL_IN[:-1]}：{what}】"


def _prompt(task: Task) -> str:
    asked = f"。任务要求：{task.text.rstrip('。')}" if task.text else ""
    return fill_in(f"本单位落实本项任务的主要做法、取得的成效和有关数据{asked}")


def template_report(year: int, tasks: list[tuple[str, Task]], catalogue: Catalogue) -> Report:
    """The unit's report skeleton: under 一 its tasks of the year's plan as prompts, every part with 【请填写】 to replace."""
    groups: dict[str, list[Item]] = {}
    for area, task in tasks:
        title = catalogue.resolve(area).title if area else "主要举措和成效"
        groups.setdefault(title, []).append(Item(title=task.title, text=_prompt(task), task=task.id))
    achievements = [Achievement(area=a, items=items) for a, items in groups.items()]
    other_work = fill_in("上述任务以外本单位推进法治政府建设的其他举措、成效和有关数据，每项一段；没有的可删去本条")
    achievements.append(Achievement(area="其他工作", items=[Item(title="其他举措和成效", text=other_work)]))
    return Report.model_validate(
        {
            "year": year,
            "preface": [fill_in(f"{year}年本单位推进法治政府建设的总体情况，一段，概括主要工作和成效")],
            "achievements": achievements,
            "problems": [
                fill_in("本单位推进法治政府建设存在的主要不足，每条一段，并写明原因（主要原因是……），不要只写成绩"),
                fill_in("第二条不足及其原因，如基层执法力量、制度建设、数字化水平等方面；没有的可删去本条"),
            ],
            "leadership": [
                fill_in("主要负责人带头学法用法、研究部署法治建设的情况"),
                fill_in("主要负责人督促检查、推动解决法治建设重大问题的情况"),
            ],
            "next_year": [
                fill_in(f"{year + 1}年的一项主要安排，写明工作内容和完成时限"),
                fill_in("下一项主要安排；没有的可删去本条"),
            ],
            "other": [fill_in("其他需要报告的情况，如重大行政争议、督察发现问题的整改情况；没有的可删去本部分")],
            "attachments": [],
        }
    )


def template_unit(member: str, collector: str, parent: Unit) -> Unit:
    """The unit signing the template: the member, reporting to the collecting office."""
    return Unit(name=member, short_name=member, recipients=[collector], areas=parent.areas, sealed=parent.sealed)


def task_feedback(tasks: list[tuple[str, Task]], reports: list[Report]) -> tuple[int, int]:
    """(covered, due): how many of the unit's plan tasks its reports account for — by `task` id or the task's title, written."""
    from reporter.consolidate.roster import normalise
    from reporter.content.placeholders import placeholders

    items = [i for r in reports for a in r.achievements for i in a.items]
    written = [i for i in items if i.text.strip() and not placeholders(i.text)]
    ids = {i.task for i in written if i.task}
    titles = {normalise(i.title) for i in written}
    covered = sum(1 for _, t in tasks if t.id in ids or normalise(t.title) in titles)
    return covered, len(tasks)


def placeholder_findings(path: Path, file: str) -> list[Diagnostic] | None:
    """Each paragraph of a Word or text report with a placeholder left (【请填写：…】 of the template, XX, ××): a finding there.

    None when the file cannot be read line by line here (.doc, .wps): the importer's count stands.
    """
    from reporter.content.placeholders import placeholders
    from reporter.core.errors import ReporterError
    from reporter.importer.reading import read_source

    if path.suffix.lower() not in (".docx", ".txt", ".md"):
        return None
    try:
        lines = read_source(path, convert=False).lines
    except ReporterError:
        return None
    out = []
    for line in lines:
        text = line.text or " ".join(line.cells or [])
        found = placeholders(text)
        if found:
            shown = "、".join(f"“{p[:24]}{'…' if len(p) > 24 else ''}”" for p in found[:3])
            opening = text.split(found[0], 1)[0].strip()[:30]
            at = f"第 {line.no} 段“{opening}”" if opening else f"第 {line.no} 段"
            out.append(Diagnostic(file, line.no, 0, "", f"{at}有未填写的内容 {shown}", "请把提示替换为实际内容后重新报送"))
    return out


# ------------------------------------------------------------------ notices


def recipients_line(members: list[str], level: str) -> str:
    """主送 grouped as offices write it: 各乡镇人民政府，县直各部门：."""
    towns = [m for m in members if m.endswith(_TOWNS) or m.endswith(("乡", "镇"))]
    streets = [m for m in members if m.endswith(_STREETS) and m not in towns]
    others = [m for m in members if m not in towns and m not in streets]
    parts = []
    if towns and streets:
        parts.append("各乡镇人民政府、街道办事处")
    elif towns:
        parts.append("各乡镇人民政府")
    elif streets:
        parts.append("各街道办事处")
    if others:
        parts.append(f"{level}直各部门")
    return "，".join(parts) + "："


@dataclass
class Office:
    """The collecting office as the notices name it."""

    issuer: str
    contact: str = ""
    phone: str = ""
    level: str = "县"
    short_name: str = ""
    sealed: bool = True

    def contact_text(self) -> str:
        people = "；".join(
            x for x in (f"联系人：{self.contact}" if self.contact else "", f"联系电话：{self.phone}" if self.phone else "") if x
        )
        return f"材料报送中如有问题，请及时与{self.issuer}联系。" + (f"{people}。" if people else "")


def office_of(unit: Unit) -> Office | None:
    """The collecting office of unit.yaml `collection:` (None without it)."""
    from reporter.content.cycle import unit_level

    c = unit.collection
    if c is None:
        return None
    return Office(c.issuer, c.contact or "", c.phone or "", unit_level(unit), unit.short_name, unit.sealed)


def _definitions_table(registry: Registry) -> AttachmentTable:
    rows = [
        [str(n), i.name, i.unit, INDICATOR_KINDS[i.kind], definition_text(i) or "—", "、".join(i.members) if i.members else "全部单位"]
        for n, i in enumerate((i for i in registry.indicators if not i.self_collected), 1)
    ]
    return AttachmentTable(DEFINITIONS_TITLE, ["序号", "指标", "单位", "类别", "口径说明", "填报单位"], rows, [2, 6, 2.4, 2.6, 11, 8])


def _members_table(packs: list[tuple[str, int, int]], plan_kind: str) -> AttachmentTable:
    rows = [[str(n), m, str(k) if k else "—", str(t) if t else "—"] for n, (m, k, t) in enumerate(packs, 1)]
    return AttachmentTable("报送单位及材料清单", ["序号", "单位", "填报指标（项）", f"对应{plan_kind}任务（项）"], rows, [2.2, 16, 5, 6])


def send_notice(
    office: Office,
    year: int,
    deadline: dt.date,
    packs: list[tuple[str, int, int]],
    registry: Registry | None,
    today: dt.date,
    plan_kind: str = "工作要点",
) -> NoticeDoc:
    """关于报送YEAR年度法治政府建设情况的通知: to every member, with the deadline, contact, and the 口径说明 attached.

    `packs`: (member, indicators, tasks) in roster order; `plan_kind`: what the year's plan is called (工作计划 …).
    """
    due = deadline_text(deadline)
    body = [
        Block(
            "para",
            f"为全面掌握{year}年度全{office.level}法治政府建设情况，按照《法治政府建设与责任落实督察工作规定》关于年度报告的要求，"
            f"做好{office.short_name}{year}年度法治政府建设情况报告起草工作，现就报送有关事项通知如下。",
        ),
        Block("h1", "一、报送内容"),
        lead_block(
            "（一）本单位法治政府建设情况报告。",
            f"请使用报送材料包中的报告模板，按主要举措和成效、存在的不足和原因、党政主要负责人履行推进法治建设第一责任人职责情况、"
            f"{year + 1}年主要安排、其他需要报告的情况五个部分撰写。模板“一、”中已列出{year}年{plan_kind}中由本单位牵头或参与的任务，"
            "请逐项写明落实情况，并把模板中所有标有“请填写”的提示替换为实际内容。",
        ),
    ]
    if registry is not None and registry.indicators:
        body.append(
            lead_block(
                "（二）主要指标填报表。",
                f"请在指标填报表的“{year}年”一栏填写本单位数值，“{year - 1}年”一栏已按本单位上年报送的材料预填，请核对。"
                f"统计口径以附件1为准；本单位无此项职责的填“{NA}”，不要填0或空着；比率类指标须同时填写分子、分母。",
            )
        )
    body += [
        Block("h1", "二、报送要求"),
        lead_block(
            "（一）按时报送。", f"请于{due}前将报告（Word文档和加盖公章的扫描件）和指标填报表报送{office.issuer}；逾期未报送的将予以催报。"
        ),
        lead_block(
            "（二）规范填报。",
            "请直接在下发的模板和填报表中填写，不要改动填报表的表头、指标行和工作表，文件名保持“单位全称-材料名称”的格式，以便汇总时准确读取。",
        ),
        lead_block(
            "（三）严格审核。", "报送材料须经本单位主要负责同志审核把关，数据真实准确，与统计年报、业务台账相互一致，不得估算或者漏报。"
        ),
        Block("h1", "三、联系方式"),
        Block("para", office.contact_text()),
    ]
    attachments = ([_definitions_table(registry)] if registry is not None and registry.indicators else []) + [
        _members_table(packs, plan_kind)
    ]
    return NoticeDoc(
        f"关于报送{year}年度法治政府建设情况的通知",
        recipients_line([m for m, _, _ in packs], office.level),
        body,
        office.issuer,
        _date(today),
        office.sealed,
        attachments,
    )


def _date(day: dt.date) -> str:
    from reporter.content.context import signature_date

    return signature_date(day)


def _where(d: Diagnostic) -> str:
    """Where a problem is, as the unit will look for it: the file, the row or paragraph, the indicator."""
    name = Path(d.file).name
    if d.line and name.lower().endswith((".xlsx", ".xls", ".et", ".ods")):
        return f"《{name}》第{d.line}行"
    if d.line:
        return f"《{name}》第{d.line}段" if name.lower().endswith((".docx", ".doc", ".wps", ".txt")) else f"《{name}》第{d.line}行"
    return f"《{name}》"


_AT_START = re.compile(r"^第\s*\d+\s*[行段]的?")


@dataclass
class Correction:
    """One unit's errors, for its 补正通知."""

    unit: str
    problems: list[Diagnostic] = field(default_factory=list)


# A 补正通知 is a letter: past this many problems the rest are counted, not listed (a sheet of 20,000 bad rows
# made a notice of 20,000 paragraphs that took minutes to write); 问题清单.xlsx lists every one.
NOTICE_PROBLEMS = 50


def correction_notice(office: Office, year: int, correction: Correction, fix_by: dt.date, today: dt.date) -> NoticeDoc:
    """A short notice to one unit: each error where it is (file and row or paragraph) and what to do, and by when;
    past NOTICE_PROBLEMS errors, the first ones and how many more."""
    body = [
        Block(
            "para",
            f"你单位报送的{year}年度法治政府建设情况材料已收悉。经审核，材料中有{len(correction.problems)}处问题需要补正，现将有关事项通知如下。",
        ),
        Block("h1", "一、需要补正的问题"),
    ]
    for n, d in enumerate(correction.problems[:NOTICE_PROBLEMS], 1):
        # the row or paragraph is in the lead already
        what = _AT_START.sub("", d.message).rstrip("。；;")
        body.append(lead_block(f"{level2(n)}{_where(d)}：", f"{what}。" + (f"{d.fix.rstrip('。')}。" if d.fix else "")))
    more = len(correction.problems) - NOTICE_PROBLEMS
    if more > 0:
        body.append(Block("para", f"以上列出前{NOTICE_PROBLEMS}处，另有{more}处问题未逐一列出，请对照所报材料逐项核对补正。"))
    body += [
        Block("h1", "二、补正要求"),
        lead_block(
            "（一）补正时限。", f"请于{cn_date(fix_by)}前完成补正，将补正后的完整材料重新报送{office.issuer}，逾期未补正的按未报送统计。"
        ),
        lead_block(
            "（二）补正方式。", "指标填报表请在原表上修改后报送，不要另建表格或改动表头、指标行；报告请在原文上修改，修改处不必另行说明。"
        ),
        Block("h1", "三、联系方式"),
        Block("para", office.contact_text()),
    ]
    return NoticeDoc(
        f"关于补正{year}年度法治政府建设情况报送材料的通知", f"{correction.unit}：", body, office.issuer, _date(today), office.sealed
    )


def reminder_notice(office: Office, year: int, missing: list[str], deadline: dt.date, fix_by: dt.date, today: dt.date) -> NoticeDoc:
    """催报通知 to the members that have sent nothing, naming them."""
    body = [
        Block(
            "para",
            f"按照《关于报送{year}年度法治政府建设情况的通知》要求，各单位应于{cn_date(deadline)}前报送本单位{year}年度法治政府建设情况报告和主要指标填报表。"
            f"截至{cn_date(today)}，仍有{len(missing)}家单位未报送。",
        ),
        Block("h1", "一、未报送单位"),
        Block("para", "、".join(missing) + f"（共{len(missing)}家）。"),
        Block("h1", "二、有关要求"),
        lead_block(
            "（一）限期报送。",
            f"请上述单位高度重视，于{cn_date(fix_by)}前将报告和指标填报表报送{office.issuer}，逾期仍未报送的将在全{office.level}通报。",
        ),
        lead_block(
            "（二）规范填报。",
            "请使用此前下发的报告模板和指标填报表填写，不要改动填报表的表头、指标行和工作表，报送材料须经本单位主要负责同志审核。",
        ),
        lead_block(
            "（三）说明情况。",
            f"确有特殊情况不能按期报送的，请于{cn_date(fix_by)}前向{office.issuer}书面说明原因和预计报送时间，不得无故拖延。",
        ),
        Block("h1", "三、联系方式"),
        Block("para", office.contact_text()),
    ]
    return NoticeDoc(
        f"关于催报{year}年度法治政府建设情况材料的通知", "、".join(missing) + "：", body, office.issuer, _date(today), office.sealed
    )
