"""`merge`: check and consolidate the departments' submissions into summary tables, 问题清单 and merged.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reporter.core.diagnostics import Diagnostic
from reporter.core.files import Written
from reporter.data.setting import Setting, load_setting
from reporter.data.workspace import Workspace


@dataclass
class MergeResult:
    """What `merge` wrote and found; `errors` > 0 means the CLI exits 1 (after everything is written)."""

    written: list[Written] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)  # every unit's, in roster order (问题清单 names the units)
    errors: int = 0
    warnings: int = 0
    notes: list[str] = field(default_factory=list)


def merge(root: Path, year: int | None = None, *, deadline: Any = None, force: bool = False, include_others: bool = False) -> MergeResult:
    """Check and consolidate data/YEAR/units/: 报送情况一览表, 主要指标汇总表 (.docx/.xlsx), 问题清单.xlsx, merged.yaml."""
    from reporter.consolidate.merge_run import consolidate
    from reporter.core.errors import MissingFileError

    setting = load_setting(root)
    ws = setting.ws
    year = year or ws.default_report_year()
    if not ws.units_dir(year).is_dir():
        raise MissingFileError(f"没有 {ws.rel(ws.units_dir(year))} 文件夹；请把各单位报送的材料放在其中（YAML、Word 或 Excel）")
    from reporter.data.indicators import load_indicators
    from reporter.data.setting import load_year_plan

    registry = load_indicators(ws.indicators_path, ws.rel(ws.indicators_path))
    plan = load_year_plan(setting, year).model if ws.plan_path(year).is_file() else None
    found = consolidate(
        ws, setting.unit.model, setting.catalogue, year, deadline, include_others=include_others, registry=registry, plan=plan
    )
    result = MergeResult(
        summary=found.summary,
        findings=[replace(f, unit=unit) if unit else f for unit, f in found.issues],
        errors=found.errors,
        warnings=found.warnings,
    )
    folder = ws.draft_dir(year) / "汇总"
    result.written += _summary_tables(setting, found, force, result)
    result.written += _merged_yaml(ws, year, found.merged, force, result)
    result.written += _follow_ups(setting, found, folder, force, result)
    return result


def _summary_tables(setting: Setting, found: Any, force: bool, result: MergeResult) -> list[Written]:
    """报送情况一览表 and 主要指标汇总表 as .docx and .xlsx, 问题清单 as .xlsx; a table too long for paper
    prints its first rows in the .docx, says so under the table and on the console, and is whole in the .xlsx."""
    from reporter.consolidate.merge_run import tables
    from reporter.consolidate.summary_tables import PRINTED_ROWS, printed, xlsx_bytes, xlsx_rows
    from reporter.document.draft.safe_write import write_draft
    from reporter.document.draft.summary_docx import table_docx

    ws, folder, author = setting.ws, setting.ws.draft_dir(found.year) / "汇总", setting.unit.model.name
    written: list[Written] = []
    for stem, table in tables(found, setting.unit.model.short_name).items():
        if stem != "问题清单":
            paper = printed(table, f"{stem}.xlsx")
            if paper.left_out:
                result.notes.append(
                    f"{stem}共 {len(table.rows)} 行，打印篇幅过长：{stem}.docx 只列出前 {PRINTED_ROWS} 行并在表下注明，全部见 {stem}.xlsx"
                )
            data = table_docx(table.title, table.header, paper.rows, paper.notes, setting.style, table.widths, author)
            written.append(write_draft(folder / f"{stem}.docx", data, ws.rel(folder / f"{stem}.docx"), force=force))
        if xlsx_rows(table) < len(table.rows):
            result.notes.append(f"{stem}共 {len(table.rows)} 行，超过 Excel 一张工作表的行数：{stem}.xlsx 只列出前 {xlsx_rows(table)} 行")
        out = folder / f"{stem}.xlsx"
        written.append(write_draft(out, xlsx_bytes(table, author), ws.rel(out), force=force))
    return written


def _follow_ups(setting: Setting, found: Any, folder: Path, force: bool, result: MergeResult) -> list[Written]:
    """补正通知/<单位全称>.docx and 催报通知.docx, when unit.yaml names the collecting office (`collection:`)."""
    import datetime as dt

    from reporter.consolidate.collect import NOTICE_PROBLEMS, office_of
    from reporter.consolidate.followup import corrections, follow_ups
    from reporter.document.draft.safe_write import write_draft

    office = office_of(setting.unit.model)
    if office is None:
        result.notes.append("unit.yaml 没有 collection（收集材料的办公室），未生成补正通知和催报通知")
        return []
    notices = follow_ups(found, office, setting.style, dt.date.today())
    for correction in corrections(found):
        if len(correction.problems) > NOTICE_PROBLEMS:
            result.notes.append(
                f"{correction.unit}有 {len(correction.problems)} 处错误：补正通知只列出前 {NOTICE_PROBLEMS} 处并写明另有多少处，全部见 问题清单.xlsx"
            )
    return [write_draft(folder / name, data, setting.ws.rel(folder / name), force=force) for name, data in notices]


def _merged_yaml(ws: Workspace, year: int, merged: dict[str, Any], force: bool, result: MergeResult) -> list[Written]:
    from reporter.consolidate.merged import merged_yaml
    from reporter.core.files import atomic_write

    target = ws.merged_path(year)
    if target.exists() and not force:
        result.notes.append(f"{ws.rel(target)} 已存在，未覆盖；要重新生成请加 --force")
        return []
    atomic_write(target, merged_yaml(merged).encode("utf-8"))
    return [Written(target)]
