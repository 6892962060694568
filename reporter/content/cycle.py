"""Skeletons for the yearly cycle: next year's plan from a report, a report from its plan."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reporter.data.areas import Catalogue
from reporter.data.model import Notice, Plan, PlanEntry, Report, Section, Task, Unit

if TYPE_CHECKING:
    from reporter.data.setting import Setting

OTHER_SECTION = "其他工作"


@dataclass
class Skeleton:
    """Next year's plan with what the drafter must hear: merged duplicates, moved deadlines, areas without tasks."""

    plan: Plan
    notes: dict[tuple[int, int], dict[str, str]] = field(default_factory=dict)  # (section, task) → {key: comment}
    between: dict[int, list[str]] = field(default_factory=dict)  # comment lines before section i
    merged: list[str] = field(default_factory=list)


@dataclass
class _Draft:
    """A task of the new plan before its section and id are known."""

    area: str | None
    fields: dict[str, Any]
    notes: dict[str, str] = field(default_factory=dict)


def _done_ids(report: Report) -> set[str]:
    return {i.task for g in report.achievements for i in g.items if i.task and i.status == "done"}


_PAST_YEAR = re.compile(r"(?<!\d)(\d{4})(?=\s?年)")


def move_due(due: str | None, year: int) -> tuple[str | None, str | None]:
    """ "2023年11月底前" in a 2024 plan becomes "2024年11月底前", with a comment; "年内" and "每季度" stay."""
    if not due:
        return due, None
    moved = _PAST_YEAR.sub(lambda m: str(year) if int(m.group(1)) < year else m.group(1), due)
    if moved == due:
        return due, None
    return moved, f"完成时限原为“{due}”，已顺延到{year}年，请核对"


def _core(title: str) -> str:
    return re.sub(r"[\s\W_]+", "", title)


def similar_titles(a: str, b: str) -> bool:
    """Same work: equal once punctuation goes, one holding the other, or nearly the same characters."""
    x, y = _core(a), _core(b)
    if not x or not y:
        return False
    if x == y or (min(len(x), len(y)) >= 4 and (x in y or y in x)):
        return True
    # shared character pairs (Dice): word order may change ("修订办法" / "办法修订"), a different word may not
    pa, pb = {x[i : i + 2] for i in range(len(x) - 1)}, {y[i : i + 2] for i in range(len(y) - 1)}
    return bool(pa and pb) and 2 * len(pa & pb) / (len(pa) + len(pb)) >= 0.7


def _task_fields(task: Task, year: int, unfinished: bool) -> _Draft:
    due, note = move_due(task.due, year)
    fields: dict[str, Any] = {"title": task.title, "text": task.text, "lead": task.lead, "responsible": task.responsible, "due": due}
    fields |= {"carried_over": True} if unfinished else {}
    fields |= {"recurring": True} if task.recurring else {}
    return _Draft(None, fields, {"due": note} if note else {})


def _merge(entry: PlanEntry, carried: _Draft) -> _Draft:
    """The next-year entry's wording wins; what it leaves out comes from the carried task."""
    fields = dict(carried.fields)
    notes = dict(carried.notes)
    own = {"title": entry.title, "text": entry.text, "lead": entry.lead, "responsible": entry.responsible, "due": entry.due}
    for key, value in own.items():
        if value:
            fields[key] = value
            notes.pop(key, None)
    return _Draft(entry.area, fields, notes)


def _carried(previous: Plan | None, report: Report) -> list[tuple[Section, Task]]:
    """Last year's tasks that go on: unfinished ones, and routine ones even when done."""
    if previous is None:
        return []
    done = _done_ids(report)
    return [(s, t) for s in previous.sections for t in s.tasks if t.id not in done or t.recurring]


def _drafts(year: int, report: Report, previous: Plan | None) -> tuple[list[_Draft], list[str]]:
    done = _done_ids(report)
    carried = _carried(previous, report)
    used: set[str] = set()
    drafts: list[_Draft] = []
    merged: list[str] = []
    for e in report.next_year:
        hit = next(((s, t) for s, t in carried if t.id not in used and (e.task == t.id or similar_titles(e.title, t.title))), None)
        if hit is None:
            own = {"title": e.title, "text": e.text, "lead": e.lead, "responsible": e.responsible, "due": e.due}
            drafts.append(_Draft(e.area, own))
            continue
        section, task = hit
        used.add(task.id)
        draft = _merge(e, _task_fields(task, year, task.id not in done))
        draft.area = e.area or section.area or section.title
        drafts.append(draft)
        merged.append(f"下一年度安排“{e.title}”与{year - 1}年任务 {task.id}“{task.title}”合并为一项，采用下一年度安排的表述")
    for section, task in carried:
        if task.id not in used:
            draft = _task_fields(task, year, task.id not in done)
            draft.area = section.area or section.title
            drafts.append(draft)
    return drafts, merged


def _previous_titles(catalogue: Catalogue, previous: Plan | None) -> dict[int, str]:
    """Last year's own section titles, by catalogue area: the skeleton keeps them."""
    titles: dict[int, str] = {}
    for section in previous.sections if previous else []:
        index = catalogue.resolve(section.area or section.title).index
        if index is not None and section.title and section.area:
            titles.setdefault(index, section.title)
    return titles


def _group(catalogue: Catalogue, drafts: list[_Draft]) -> dict[tuple[int, str], list[_Draft]]:
    """By area: catalogue areas keyed by their place in the catalogue, free headings after them as met."""
    groups: dict[tuple[int, str], list[_Draft]] = {}
    free_order: dict[str, int] = {}
    for draft in drafts:
        match = catalogue.resolve(draft.area)
        if match.index is not None:
            key = (match.index, match.title)
        else:
            title = match.title or OTHER_SECTION
            key = (len(catalogue.titles) + free_order.setdefault(title, len(free_order)), title)
        groups.setdefault(key, []).append(draft)
    return groups


def _missing_line(title: str) -> str:
    return f"- area: {title}    （本年暂无任务；需要时取消注释，并在其下写 tasks）"


def plan_from(setting: Setting, year: int, report: Report, previous: Plan | None) -> Skeleton:
    catalogue = setting.catalogue
    drafts, merged = _drafts(year, report, previous)
    groups = _group(catalogue, drafts)
    kept = _previous_titles(catalogue, previous)
    skeleton = Skeleton(_plan(setting, year, previous, []), merged=merged)
    sections: list[Section] = []
    n = 0
    present = {index for index, _ in groups}
    waiting = [i for i in range(len(catalogue.titles)) if i not in present]
    for index, title in sorted(groups):
        # areas without a task, in catalogue order, as comments where they would stand
        while waiting and waiting[0] < index:
            skeleton.between.setdefault(len(sections), []).append(_missing_line(catalogue.titles[waiting.pop(0)]))
        built = []
        for t, draft in enumerate(groups[(index, title)]):
            n += 1
            built.append(Task.model_validate({"id": str(n), **{k: v for k, v in draft.fields.items() if v is not None}}))
            if draft.notes:
                skeleton.notes[(len(sections), t)] = draft.notes
        in_catalogue = index < len(catalogue.titles)
        sections.append(Section(area=title if in_catalogue else None, title=kept.get(index) if in_catalogue else title, tasks=built))
    for i in waiting:
        skeleton.between.setdefault(len(sections), []).append(_missing_line(catalogue.titles[i]))
    skeleton.plan = skeleton.plan.model_copy(update={"sections": sections})
    return skeleton


def _plan(setting: Setting, year: int, previous: Plan | None, sections: list[Section]) -> Plan:
    """The frame of next year's plan: last year's kind, issuer, notice (undated), numbering and 保障措施."""
    unit = setting.unit.model
    kind = previous.kind if previous and previous.kind != "规划" else "工作要点"
    notice = None
    if previous is not None and previous.notice is not None:
        old = previous.notice
        notice = Notice(issuer=old.issuer, recipients=old.recipients, publish=old.publish)
    return Plan(
        year=year,
        kind=kind,
        notice=notice,
        issuer=(previous.issuer if previous else None) or unit.plan_issuer,
        preface=[f"为深入贯彻落实习近平法治思想，扎实推进{year}年法治政府建设，结合工作实际，制定本{kind}。"],
        numbering=previous.numbering if previous else "continuous",
        sections=sections,
        closing=list(previous.closing) if previous else [],
    )


def blank_plan(setting: Setting, year: int, previous: Plan | None = None) -> Skeleton:
    """A first year: every area of the catalogue as a section without tasks, and an example task to copy."""
    catalogue = setting.catalogue
    sections = [Section(area=title) for title in catalogue.titles]
    level = unit_level(setting.unit.model)
    example = [
        "每部分在 tasks 下逐项写任务，如：",
        "  tasks:",
        '    - id: "1"',
        "      title: 严格落实重大行政决策程序",
        "      text: 编制并公布年度重大行政决策事项目录……",
        f"      lead: [{level}司法局]",
        f"      responsible: [{level}政府各部门]",
        f"      due: {year}年6月底前",
        "      recurring: true    （每年都做的常态化工作写 true，完成后仍转入下一年的骨架）",
        "不涉及的领域可整段删除。保障措施写在 closing 下，每项一段文字或 {title: 加强组织领导, text: ……}。",
    ]
    return Skeleton(_plan(setting, year, previous, sections), between={0: example})


def unit_level(unit: Unit) -> str:
    """县, 区 or 市: the level the examples in comments speak of (县司法局, not 市司法局, in a 县)."""
    for level in ("县", "区", "旗", "市", "州", "省"):
        if unit.short_name.endswith(level):
            return level
    return "市"


def last_metrics(report: Report | None) -> dict[str, list[dict[str, Any]]]:
    """Last year's metrics by area, as skeleton entries: name and unit kept, `previous` = last year's value, value blank."""
    out: dict[str, list[dict[str, Any]]] = {}
    for group in report.achievements if report else []:
        for item in group.items:
            for m in item.metrics:
                entry: dict[str, Any] = {"name": m.name, "value": None, "unit": m.unit}
                entry |= {"previous": m.value} if m.value is not None and not m.na else {}
                out.setdefault(group.area, []).append(entry)
    return out


def _groups(plan: Plan | None, catalogue: Catalogue, carried: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One group per plan section, one item per task (the task's title kept); last year's metrics on each area's first item."""
    by_index = {catalogue.resolve(area).index: area for area in carried}
    groups: list[dict[str, Any]] = []
    for section in plan.sections if plan else []:
        area = section.area or section.title or OTHER_SECTION
        items: list[dict[str, Any]] = [{"title": t.title, "task": t.id, "status": None, "text": ""} for t in section.tasks]
        index = catalogue.resolve(area).index
        source = by_index.pop(index, None) if index is not None else None
        source = source or (area if area in carried else None)
        if source is not None and source in carried:
            if not items:
                items = [{"title": "", "status": None, "text": ""}]
            items[0]["metrics"] = carried.pop(source)
        group: dict[str, Any] = {"area": area} | ({"title": section.title} if section.title and section.area else {})
        groups.append(group | {"items": items})
    # metrics of areas this year's plan no longer names still get their place
    for area, metrics in carried.items():
        groups.append({"area": area, "items": [{"title": "", "status": None, "text": "", "metrics": metrics}]})
    return groups


def _report_examples(setting: Setting, year: int, has_groups: bool) -> dict[str, list[str]]:
    """Examples under the keys of a report skeleton (each key's documentation comes from the model)."""
    level = unit_level(setting.unit.model)
    achievements = []
    if not has_groups:
        achievements += [
            "如：",
            "  - area: 健全行政执法工作体系",
            "    items:",
            "      - title: 全面落实行政执法“三项制度”",
            "        status: done",
            "        text: 全年开展案卷评查……",
            "        metrics:",
            "          - {name: 行政执法案卷评查, value: 120, unit: 件, previous: 100}",
        ]
    return {
        "date": [f"如 {year + 1}-03-18（报告须于次年4月1日前公开）"],
        "achievements": achievements,
        "problems": ["如：", "  - text: 基层执法力量仍显薄弱", "    cause: 编制和经费保障不足"],
        "leadership": [
            "如：",
            "  - title: 带头学法用法",
            "    text: 全年主持政府常务会议学法……",
        ],
        "next_year": [
            f"即{year + 1}年的主要安排，如：",
            "  - area: 健全行政决策制度体系",
            "    title: 严格落实重大行政决策程序",
            "    text: ……",
            f"    lead: [{level}司法局]",
            f"    responsible: [{level}政府各部门]",
            f"    due: {year + 1}年6月底前",
        ],
        "other": ["如：", "other:", "  - 本年度法治政府建设其他需要说明的情况……"],
        "headings": [f"如 headings: {{leadership: {level}政府主要负责同志履行推进法治建设第一责任人职责情况}}"],
        "intros": [f"如 intros: {{problems: 经过梳理，我{level}法治政府建设还存在一些短板：}}"],
    }


# Keys a unit's material in data/YEAR/units/ carries (who sent it, when it came): not the office's own report's.
UNIT_MATERIAL_KEYS = ("unit", "submitted")


def report_skeleton(plan: Plan | None, setting: Setting, year: int, last: Report | None = None) -> str:
    """report.yaml of `year`: groups and items from the year's plan (or blank), last year's metrics carried."""
    from reporter.data.yamlwrite import dump_report_skeleton

    groups = _groups(plan, setting.catalogue, last_metrics(last))
    source = f"由 {year} 年工作要点生成的骨架" if plan else "首年空白骨架"
    header = [
        f"{setting.unit.model.short_name}{year}年法治政府建设情况报告的数据（{source}）。",
        "按注释填写；写好后运行 reporter check 检查，reporter build report 生成初稿。",
    ]
    report: dict[str, Any] = {"year": year, "date": None, "preface": "", "achievements": groups}
    report |= {"problems": [], "leadership": [], "next_year": []}
    return dump_report_skeleton(report, header, _report_examples(setting, year, bool(groups)), UNIT_MATERIAL_KEYS)
