"""Skeletons for the yearly cycle: next year's plan from a report, a report from its plan."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from reporter.core.errors import OutputError
from reporter.core.files import Written, atomic_write, prepare_dir
from reporter.data.model import Plan, Report, Section, Task
from reporter.data.workspace import Workspace

if TYPE_CHECKING:
    from reporter.data.setting import Setting

OTHER_SECTION = "其他工作"


def next_plan(setting: Setting, year: int) -> Plan:
    """Plan of `year`: last year's 主要安排, then its unfinished tasks, in catalogue order."""
    from reporter.data.setting import load_year_plan, load_year_report

    ws = setting.ws
    report = load_year_report(setting, year - 1).model
    previous = load_year_plan(setting, year - 1).model if ws.plan_path(year - 1).is_file() else None
    return plan_from(setting, year, report, previous)


def _done_ids(report: Report) -> set[str]:
    return {i.task for g in report.achievements for i in g.items if i.task and i.status == "done"}


def _stale_due(due: str | None, year: int) -> str | None:
    # "2024年年底前" means nothing in a 2025 plan; "年内" and "每季度" still do.
    return None if due and str(year - 1) in due else due


def plan_from(setting: Setting, year: int, report: Report, previous: Plan | None) -> Plan:
    catalogue = setting.catalogue
    done = _done_ids(report)
    unfinished = {t.id for t in previous.tasks() if t.id not in done} if previous else set()
    entries: list[tuple[str | None, dict[str, Any]]] = []
    for e in report.next_year:
        fields = {"title": e.title, "text": e.text, "lead": e.lead, "responsible": e.responsible, "due": e.due}
        # an arrangement that names the unfinished task it continues *is* that task, carried over
        entries.append((e.area, {**fields, "carried_over": True} if e.task in unfinished else fields))
    continued = {e.task for e in report.next_year if e.task in unfinished}
    if previous is not None:
        for section in previous.sections:
            for t in section.tasks:
                if t.id in unfinished and t.id not in continued:
                    fields = {"title": t.title, "text": t.text, "lead": t.lead, "responsible": t.responsible}
                    entries.append((section.area or section.title, {**fields, "due": _stale_due(t.due, year), "carried_over": True}))

    # group by area; catalogue areas first in catalogue order, then free headings as met
    groups: dict[tuple[int, str], list[dict[str, Any]]] = {}
    free_order: dict[str, int] = {}
    for area, fields in entries:
        match = catalogue.resolve(area)
        if match.index is not None:
            key = (match.index, match.title)
        else:
            title = match.title or OTHER_SECTION
            key = (len(catalogue.titles) + free_order.setdefault(title, len(free_order)), title)
        groups.setdefault(key, []).append(fields)

    sections, n = [], 0
    for (index, title), tasks in sorted(groups.items()):
        built = []
        for fields in tasks:
            n += 1
            built.append(Task.model_validate({"id": str(n), **fields}))
        in_catalogue = index < len(catalogue.titles)
        sections.append(Section(area=title if in_catalogue else None, title=None if in_catalogue else title, tasks=built))
    unit = setting.unit.model
    kind = previous.kind if previous else "工作要点"
    return Plan(
        year=year,
        kind=kind,
        issuer=(previous.issuer if previous else None) or unit.plan_issuer,
        preface=[f"为深入贯彻落实习近平法治思想，扎实推进{year}年法治政府建设，结合工作实际，制定本{kind}。"],
        numbering=previous.numbering if previous else "continuous",
        sections=sections,
        closing=list(previous.closing) if previous else [],
    )


# ------------------------------------------------------------------ writing


def _guard(ws: Workspace, path: Path, force: bool) -> str:
    """Refuse to overwrite; with --force keep a timestamped backup first."""
    shown = ws.rel(path)
    prepare_dir(path.parent, ws.rel(path.parent))
    if not path.exists():
        return ""
    if not force:
        raise OutputError(f"{shown} 已存在，未覆盖；如确需重新生成，请加 --force（会先备份原文件）")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.{stamp}.bak")
    try:
        shutil.copy2(path, backup)
    except OSError as exc:
        raise OutputError(f"无法备份 {shown}（{exc.strerror}），未覆盖") from None
    return f"原文件已备份为 {ws.rel(backup)}"


def init_plan(root: Path, year: int, force: bool = False) -> Written:
    from reporter.data.setting import load_setting
    from reporter.data.yamlwrite import dump_plan

    setting = load_setting(root)
    ws = setting.ws
    plan = next_plan(setting, year)
    path = ws.plan_path(year)
    note = _guard(ws, path, force)
    atomic_write(path, dump_plan(plan.model_dump(exclude_defaults=True)).encode("utf-8"))
    return Written(path, note)


def _q(value: Any) -> str:
    """One YAML scalar on one line, quoted only when YAML needs it."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1 << 30)
    return text.removesuffix("\n...\n").strip()


def report_skeleton(plan: Plan, setting: Setting) -> str:
    year = plan.year
    lines = [
        "# yaml-language-server: $schema=../../schema/report.schema.json",
        f"# {setting.unit.model.short_name}{year}年法治政府建设情况报告的数据（由 {year} 年工作要点生成的骨架）。",
        "# 按注释填写；写好后运行 reporter check 检查，reporter build report 生成初稿。",
        "",
        "# 报告所述年度",
        f"year: {year}",
        f"# 成文日期，如 {year + 1}-03-18（报告须于次年4月1日前公开）",
        "date:",
        "# 开头段：概述全年推进法治政府建设的总体情况",
        'preface: ""',
        "",
        "# 一、主要举措和成效：每项任务一条，写明完成情况和具体做法、成效",
        "achievements:",
    ]
    first = True
    for section in plan.sections:
        lines.append(f"  - area: {_q(section.area or section.title)}")
        if section.title and section.area:
            lines.append(f"    title: {_q(section.title)}")
        lines.append("    items:" if section.tasks else "    items: []")
        for task in section.tasks:
            lines.append(f"      - title: {_q(task.title)}")
            lines.append(f"        task: {_q(task.id)}")
            if first:
                lines.append("        # 完成情况：done（已完成）、ongoing（推进中）或 pending（未完成）")
                lines.append("        status:")
                lines.append("        # 具体做法和成效；可加 metrics 列出量化指标（name、value、unit、previous）")
                lines.append('        text: ""')
                first = False
            else:
                lines.append("        status:  # done / ongoing / pending")
                lines.append('        text: ""  # 具体做法和成效')
    lines += [
        "",
        "# 二、存在的不足和原因（至少一条），如：",
        "#   - text: 基层执法力量仍显薄弱",
        "#     cause: 编制和经费保障不足",
        "problems: []",
        "",
        "# 三、党政主要负责人履行推进法治建设第一责任人职责情况，如：",
        "#   - title: 带头学法用法",
        "#     text: 全年主持政府常务会议学法……",
        "leadership: []",
        "",
        f"# 四、{year + 1}年主要安排（也是 {year + 1} 年工作要点的种子），如：",
        "#   - area: 健全行政决策制度体系",
        "#     title: 严格落实重大行政决策程序",
        "#     text: ……",
        "#     lead: [市司法局]",
        "#     responsible: [市政府各部门]",
        f"#     due: {year + 1}年6月底前",
        "next_year: []",
        "",
    ]
    return "\n".join(lines)


def init_report(root: Path, year: int, force: bool = False) -> Written:
    from reporter.data.setting import load_setting, load_year_plan

    setting = load_setting(root)
    ws = setting.ws
    plan = load_year_plan(setting, year).model
    path = ws.report_path(year)
    note = _guard(ws, path, force)
    atomic_write(path, report_skeleton(plan, setting).encode("utf-8"))
    return Written(path, note)


UNIT_SKELETON = """\
# yaml-language-server: $schema=../schema/unit.schema.json
# 单位信息。填好 name 和 short_name 后即可使用；运行 reporter check 检查。

# 单位全称：用作报告标题和署名，如 示例市人民政府
name: ""
# 简称：用于文件名和工作要点标题，如 示例市
short_name: ""
# 主送机关（报告呈送的机关），如 [中共示例市委, 示例市人大常委会, 示例省人民政府]
recipients: []
# 工作要点（计划）的印发单位（可省略），如 示例市人民政府办公室
# plan_issuer:
# 领域目录：gangyao-2021（《法治政府建设实施纲要（2021—2025年）》）、gangyao-2015，或自定义的领域标题列表
areas: gangyao-2021
# 报送单位（可省略，reporter merge 汇总各单位材料时用）：每年须报送的部门、乡镇，全称或 {name, aliases}，如：
# members:
#   - name: 示例市公安局
#     aliases: [市公安局]
#   - 示例市司法局
# 版式（可省略，默认 GB/T 9704），如：
# style:
#   margin_top_mm: 37
#   line_spacing_pt: 28.9
"""


def init_unit(root: Path, force: bool = False) -> Written:
    """A new workspace: data/unit.yaml with comments, templates/, drafts/ and the editor schemas."""
    from reporter.data.schema import write_schemas

    ws = Workspace(root)
    if not ws.root.is_dir():
        raise OutputError(f"工作目录不存在：{ws.root}；请先创建它")
    path = ws.unit_path
    note = _guard(ws, path, force)
    atomic_write(path, UNIT_SKELETON.encode("utf-8"))
    for folder in (ws.templates, ws.drafts):
        prepare_dir(folder, ws.rel(folder))
    write_schemas(ws.root / "schema")
    return Written(path, note)
