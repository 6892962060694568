"""`init unit`, `init plan YEAR`, `init report YEAR`: load the workspace, write a skeleton, back up what it replaces."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from reporter.content.cycle import Skeleton, blank_plan, plan_from, report_skeleton
from reporter.core.errors import OutputError, UsageError
from reporter.core.files import Written, atomic_write, prepare_dir
from reporter.data.loader import Loaded
from reporter.data.model import Plan, Report
from reporter.data.setting import Setting
from reporter.data.workspace import Workspace


def init(root: Path, kind: str, year: int | None = None, *, force: bool = False) -> Written:
    """`init unit` (a new workspace, the folder created if need be), `init plan YEAR`, `init report YEAR`, `init indicators YEAR`."""
    if kind == "unit":
        prepare_dir(root, str(root))
        return init_unit(root, force)
    if year is None:
        raise UsageError(f"init {kind} 需要年份，如 reporter init {kind} 2025")
    if kind == "indicators":
        from reporter.commands.collection import init_indicators

        return init_indicators(root, year)
    return init_plan(root, year, force) if kind == "plan" else init_report(root, year, force)


def next_plan(setting: Setting, year: int, report: Loaded[Report] | None, previous: Loaded[Plan] | None) -> Plan:
    """Plan of `year` from last year's report and plan as already loaded (a build's checks loaded them):
    last year's 主要安排, then its unfinished and recurring tasks, in catalogue order."""
    plan = previous.model if previous is not None else None
    return (plan_from(setting, year, report.model, plan) if report is not None else blank_plan(setting, year, plan)).plan


def plan_skeleton(setting: Setting, year: int) -> Skeleton:
    """From last year's report and plan; a first year without a report gets a blank plan of every area."""
    from reporter.data.setting import load_year_plan, load_year_report

    ws = setting.ws
    previous = load_year_plan(setting, year - 1).model if ws.plan_path(year - 1).is_file() else None
    if not ws.report_path(year - 1).is_file():
        return blank_plan(setting, year, previous)
    report = load_year_report(setting, year - 1).model
    return plan_from(setting, year, report, previous)


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
    skeleton = plan_skeleton(setting, year)
    path = ws.plan_path(year)
    note = _guard(ws, path, force)
    data = skeleton.plan.model_dump(exclude_defaults=True, mode="json")
    for section in data.get("sections", []):
        section.setdefault("tasks", [])  # an empty area still shows where its tasks go
    text = dump_plan(data, skeleton.notes, skeleton.between)
    atomic_write(path, text.encode("utf-8"))
    merged = [f"合并了 {len(skeleton.merged)} 组重复的任务：", *(f"  {m}" for m in skeleton.merged)] if skeleton.merged else []
    return Written(path, "\n".join(([note] if note else []) + merged))


def init_report(root: Path, year: int, force: bool = False) -> Written:
    """The year's report skeleton; without the year's plan a blank one with all five parts."""
    from reporter.data.setting import load_setting, load_year_plan, load_year_report

    setting = load_setting(root)
    ws = setting.ws
    plan = load_year_plan(setting, year).model if ws.plan_path(year).is_file() else None
    last = load_year_report(setting, year - 1).model if ws.report_path(year - 1).is_file() else None
    path = ws.report_path(year)
    note = _guard(ws, path, force)
    atomic_write(path, report_skeleton(plan, setting, year, last).encode("utf-8"))
    return Written(path, note)


# What a new unit.yaml says beyond each key's documentation: the keys to fill in first, and examples of the others.
UNIT_HEADER = ["单位信息。填好 name 和 short_name 后即可使用；运行 reporter check 检查。"]
UNIT_VALUES: dict[str, Any] = {"name": "", "short_name": "", "recipients": [], "areas": "gangyao-2021"}
UNIT_EXAMPLES = {
    "sealed": ["sealed: true"],
    "cc": ["cc: []"],
    "members": ["members:", "  - name: 示例市公安局", "    aliases: [市公安局]", "  - 示例市司法局"],
    "style": ["style:", "  margin_top_mm: 37", "  line_spacing_pt: 28.9"],
}


def init_unit(root: Path, force: bool = False) -> Written:
    """A new workspace: data/unit.yaml with comments, templates/, drafts/ and the editor schemas."""
    from reporter.data.schema import write_schemas
    from reporter.data.yamlwrite import dump_unit_skeleton

    ws = Workspace(root)
    if not ws.root.is_dir():
        raise OutputError(f"工作目录不存在：{ws.root}；请先创建它")
    path = ws.unit_path
    note = _guard(ws, path, force)
    atomic_write(path, dump_unit_skeleton(UNIT_HEADER, UNIT_VALUES, UNIT_EXAMPLES).encode("utf-8"))
    for folder in (ws.templates, ws.drafts):
        prepare_dir(folder, ws.rel(folder))
    write_schemas(ws.root / "schema")
    return Written(path, note)
