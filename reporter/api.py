"""The library behind the CLI: build, init, check, import. Never prints, never exits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reporter.content import context as ctx
from reporter.core.errors import ChecksFailed, Problem
from reporter.core.files import Written
from reporter.data.areas import Catalogue
from reporter.data.loader import Loaded
from reporter.data.model import Plan, Report
from reporter.data.setting import Setting, load_setting, load_year_plan, load_year_report
from reporter.data.workspace import Workspace, safe_filename


@dataclass
class BuildResult:
    """What a build wrote and what the user should hear about."""

    drafts: list[Written] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)
    templates: list[Path] = field(default_factory=list)  # default templates (re)generated


def _templates(setting: Setting) -> list[Path]:
    from reporter.document.templategen import ensure_templates

    return ensure_templates(setting.ws.root, setting.style)


def _title_chars(setting: Setting) -> float:
    style = setting.style
    return float(style.text_width_mm * 72 / 25.4 / style.title_size)


def _findings(setting: Setting, year: int, report: Loaded[Report] | None, strict: bool, result: BuildResult) -> None:
    """Build runs the checks: every finding is listed; with --strict an error stops the build."""
    from reporter.checks import run_checks

    result.findings += run_checks(setting, year, report)
    errors = [f for f in result.findings if f.severity == "error"]
    if strict and errors:
        raise ChecksFailed(f"检查发现 {len(errors)} 个错误，按 --strict 未生成初稿；请先改正", result.findings)


def _render_to(
    setting: Setting, kind: str, context: dict[str, Any], out: Path, force: bool, result: BuildResult, fit: Callable[[Any], None] | None = None
) -> Written:
    ws = setting.ws
    if not setting.templates_ready:
        result.templates += _templates(setting)
        setting.templates_ready = True
    # Imported here: `check` and `--help` never load the document layer.
    from reporter.document.drafts import write_draft
    from reporter.document.prepared import DraftProperties, HouseStylePost, prepare_template

    # only what unit.yaml sets: the rest of a user's template stays as they made it
    post = HouseStylePost(setting.style, frozenset(setting.style.model_fields_set)) if setting.style_explicit else None
    # title = the document's title, author = the unit: no trace of the tool or the template
    properties = DraftProperties(str(context.get("plain_title") or context["title"]).replace("\n", ""), setting.unit.model.name)
    data = prepare_template(ws.template(kind), ws.rel(ws.template(kind)), post=post).render(context, properties)
    if fit is not None:
        data = _refit(data, fit)
    return write_draft(out, data, ws.rel(out), force=force)


def _refit(data: bytes, fit: Callable[[Any], None]) -> bytes:
    """A step that needs the rendered document itself (the task table's column widths): python-docx, once."""
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    fit(document)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _pdf(result: BuildResult, pdf: bool) -> None:
    if pdf:
        from reporter.document.pdf import to_pdf

        for written in result.drafts:
            result.pdfs.append(to_pdf(written.path))


# ------------------------------------------------------------------ report


def build_report(root: Path, year: int | None = None, force: bool = False, pdf: bool = False, strict: bool = False) -> BuildResult:
    setting = load_setting(root)
    result = BuildResult(warnings=list(setting.unit.warnings))
    _write_report(setting, year or setting.ws.default_report_year(), force, strict, result)
    _pdf(result, pdf)
    return result


def _write_report(setting: Setting, year: int, force: bool, strict: bool, result: BuildResult) -> None:
    report = load_year_report(setting, year)
    result.warnings += report.warnings
    _findings(setting, year, report, strict, result)
    # the year's plan feeds the 任务完成情况表 only; without that attachment it is not read here
    wants_tasks = "tasks" in report.model.attachments and setting.ws.plan_path(year).is_file()
    plan = load_year_plan(setting, year).model if wants_tasks else None
    context = ctx.report_context(setting.unit.model, report.model, setting.catalogue, _title_chars(setting), plan=plan)
    name = safe_filename(ctx.report_filename(setting.unit.model, year)) + ".docx"
    result.drafts.append(_render_to(setting, "report", context, setting.ws.draft_dir(year) / name, force, result))


# ------------------------------------------------------------------ plan


def _write_plan(setting: Setting, plan: Plan, force: bool, result: BuildResult, loaded: Loaded[Plan] | None = None) -> None:
    from reporter.document.plan_template import TASK_COLUMNS
    from reporter.document.tablefit import fit_task_table

    ws = setting.ws
    empty = ctx.empty_tasks(plan)
    if empty:
        file, line, col = loaded.where(("sections",)) if loaded is not None else (ws.rel(ws.plan_path(plan.year)), 0, 0)
        result.warnings.append(Problem(file, line, col, "sections", f"{empty} 项任务还没有写任务内容（text），初稿中这些任务只有标题；请补写后再印发"))
    context = ctx.plan_context(setting.unit.model, plan, setting.catalogue, _title_chars(setting))
    name = safe_filename(ctx.plan_title(setting.unit.model, plan)) + ".docx"
    headers = [c[0] for c in TASK_COLUMNS]
    char = setting.style.table_size * 20

    def fit(document: Any) -> None:
        fit_task_table(document, headers, "工作任务", char)

    result.drafts.append(_render_to(setting, "plan", context, ws.draft_dir(plan.year) / name, force, result, fit=fit))


def build_plan(root: Path, year: int | None = None, force: bool = False, pdf: bool = False, strict: bool = False) -> BuildResult:
    setting = load_setting(root)
    year = year or setting.ws.default_plan_year()
    plan = load_year_plan(setting, year)
    result = BuildResult(warnings=setting.unit.warnings + plan.warnings)
    if not setting.ws.report_path(year).is_file():  # with a report, its own build checks the pair
        _findings(setting, year, None, strict, result)
    _write_plan(setting, plan.model, force, result, plan)
    _pdf(result, pdf)
    return result


def build_season(root: Path, year: int | None = None, force: bool = False, pdf: bool = False, strict: bool = False) -> BuildResult:
    """The season's two documents: the report of YEAR and the plan of YEAR+1."""
    from reporter.content.cycle import next_plan

    setting = load_setting(root)
    year = year or setting.ws.default_report_year()
    result = BuildResult(warnings=list(setting.unit.warnings))
    _write_report(setting, year, force, strict, result)
    plan_path = setting.ws.plan_path(year + 1)
    if plan_path.is_file():
        plan = load_year_plan(setting, year + 1)
        result.warnings += plan.warnings
        plan_model = plan.model
        loaded_plan: Loaded[Plan] | None = plan
    else:
        loaded_plan = None
        plan_model = next_plan(setting, year + 1)
    _write_plan(setting, plan_model, force, result, loaded_plan)
    _pdf(result, pdf)
    return result


# ------------------------------------------------------------------ check, schema


def check(root: Path, year: int | None = None) -> Any:
    """Every finding of a workspace year (a CheckReport); raises only when there is nothing to check."""
    from reporter.checks import check_workspace

    return check_workspace(root, year)


def write_schemas(root: Path, out: Path | None = None) -> list[Path]:
    from reporter.data.schema import write_schemas as write

    return write(out if out is not None else Workspace(root).root / "schema")


# ------------------------------------------------------------------ import


@dataclass
class Imported:
    """What `import plan` wrote and what it understood."""

    path: Path
    summary: str


def import_plan(root: Path, document: Path, year: int, out: Path | None = None) -> Imported:
    """Turn an existing plan document into data/YEAR/plan.yaml (or `out`); never overwrites."""
    from pydantic import ValidationError

    from reporter.core.errors import ImportFormatError, OutputError
    from reporter.core.files import atomic_write, prepare_dir
    from reporter.data.model import Plan
    from reporter.data.yamlwrite import dump_plan
    from reporter.importer import import_plan as read_plan

    ws = Workspace(root)
    target = out if out is not None else ws.plan_path(year)
    if target.exists():
        raise OutputError(f"{ws.rel(target)} 已存在，未覆盖；请先改名或删除它，或用 --out 指定另一个文件")
    if not document.is_file():
        raise ImportFormatError(f"找不到要导入的文件 {document}")
    result = read_plan(document, year)
    try:
        Plan.model_validate(result.plan)  # what we write must load back
    except ValidationError as exc:
        raise ImportFormatError(f"导入 {document.name} 得到的数据不完整（{exc.error_count()} 处），未写入；请用 --debug 报告此问题") from None
    prepare_dir(target.parent, ws.rel(target.parent))
    atomic_write(target, dump_plan(result.plan).encode("utf-8"))
    return Imported(target, result.summary_text())


def _unit_context(ws: Workspace) -> tuple[Catalogue | None, str | None]:
    """The unit's catalogue and name when unit.yaml is there and sound; an import works without them."""
    if not ws.unit_path.is_file():
        return None, None
    from reporter.core.errors import ReporterError

    try:
        setting = load_setting(ws.root)
    except ReporterError:  # a broken unit.yaml is reported by the commands that need it, not by an import
        return None, None
    return setting.catalogue, setting.unit.model.name


def import_report(root: Path, document: Path, year: int | None = None, out: Path | None = None) -> Imported:
    """Turn an existing annual report into data/YEAR/report.yaml (or `out`); never overwrites."""
    from pydantic import ValidationError

    from reporter.core.errors import ImportFormatError, OutputError
    from reporter.core.files import atomic_write, prepare_dir
    from reporter.data.yamlwrite import dump_report
    from reporter.importer import import_report as read_report

    ws = Workspace(root)
    if not document.is_file():
        raise ImportFormatError(f"找不到要导入的文件 {document}")
    if out is not None and out.exists():
        raise OutputError(f"{ws.rel(out)} 已存在，未覆盖；请先改名或删除它，或用 --out 指定另一个文件")
    catalogue, unit_name = _unit_context(ws)
    result = read_report(document, year, catalogue=catalogue)
    target = out if out is not None else ws.report_path(result.year)
    if target.exists():
        raise OutputError(f"{ws.rel(target)} 已存在，未覆盖；请先改名或删除它，或用 --out 指定另一个文件")
    if unit_name and result.unit and not _same_unit(result.unit, unit_name):
        result.warnings.append(f"标题中的单位“{result.unit}”与 unit.yaml 的“{unit_name}”不一致；如是下属单位的材料，请放入 data/{result.year}/units/。")
    try:
        Report.model_validate(result.report)  # what we write must load back
    except ValidationError as exc:
        raise ImportFormatError(f"导入 {document.name} 得到的数据不完整（{exc.error_count()} 处），未写入；请用 --debug 报告此问题") from None
    prepare_dir(target.parent, ws.rel(target.parent))
    atomic_write(target, dump_report(result.report).encode("utf-8"))
    return Imported(target, result.summary_text())


def _same_unit(a: str, b: str) -> bool:
    """示例市政府 and 示例市人民政府 name the same unit."""
    def key(name: str) -> str:
        return name.replace("人民政府", "政府").strip()

    return key(a) == key(b) or key(a) in key(b) or key(b) in key(a)
