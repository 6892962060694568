"""The library behind the CLI: build, init, check, import. Never prints, never exits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reporter.content import context as ctx
from reporter.core.diagnostics import Diagnostic
from reporter.core.errors import ChecksFailed, DataError, UsageError
from reporter.core.files import Written
from reporter.data.model import Plan
from reporter.data.setting import Setting, load_setting, load_year_plan, load_year_report
from reporter.data.workspace import MAX_NAME_BYTES, Workspace, name_too_long, safe_filename
from reporter.document.drafts import write_draft
from reporter.document.render import render

if TYPE_CHECKING:
    from reporter.checks.findings import CheckReport


def version() -> str:
    """The installed version of reporter."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("reporter")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
        return "0.1.0"


@dataclass
class BuildResult:
    """What a build wrote and what the user should hear about."""

    drafts: list[Written] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)  # about the output (PDF, stale files)
    findings: list[Diagnostic] = field(default_factory=list)  # the checks of every file read, as `check` lists them
    templates: list[Path] = field(default_factory=list)  # default templates (re)generated


@dataclass
class _Job:
    """One draft to render: rendered only once every file is validated, written only once all rendered."""

    kind: str
    context: dict[str, Any]
    out: Path


def _templates(setting: Setting) -> list[Path]:
    from reporter.document.templategen import ensure_templates

    return ensure_templates(setting.ws.root, setting.style)


def _title_chars(setting: Setting) -> float:
    style = setting.style
    return float(style.text_width_mm * 72 / 25.4 / style.title_size)


def _checked(setting: Setting, years: list[int], strict: bool, result: BuildResult, reads: set[str] | None = None) -> None:
    """Check every file the build reads, before anything is written; the same decision as `check`.

    A file that does not load stops the build when the build reads it (`reads`: those files, None: all);
    one only checked alongside (the report beside a plan) is listed like any other error.
    """
    from reporter.checks import check_years

    report = check_years(setting.ws.root, years, setting=setting)
    fatal = [d for d in report.unreadable if reads is None or d.file in reads]
    if fatal:
        raise DataError(fatal)
    result.findings += report.findings
    if strict and report.failed():
        raise ChecksFailed(f"检查发现 {len(report.errors)} 个错误，按 --strict 未生成初稿；请先改正", report.findings)


def _render(setting: Setting, job: _Job) -> bytes:
    ws = setting.ws
    post = None
    if setting.style_explicit:
        from reporter.document.docstyle import apply_style

        def post(document: Any) -> None:
            # only what unit.yaml sets: the rest of a user's template stays as they made it
            apply_style(document, setting.style, fields=setting.style.model_fields_set)

    return render(ws.template(job.kind), job.context, ws.rel(ws.template(job.kind)), post=post)


def _write(setting: Setting, jobs: list[_Job], force: bool, pdf: bool, result: BuildResult) -> None:
    ws = setting.ws
    result.templates += _templates(setting)
    rendered = [(job, _render(setting, job)) for job in jobs]
    for job, data in rendered:
        result.drafts.append(write_draft(job.out, data, ws.rel(job.out), force=force))
    _pdf(setting, result, pdf)


def _pdf(setting: Setting, result: BuildResult, pdf: bool) -> None:
    """PDFs beside the drafts; a failure is a warning on the result, never a reason to hide the rest."""
    from reporter.core.errors import OutputError
    from reporter.document.pdf import stale_pdf, to_pdf

    for written in result.drafts:
        shown = setting.ws.rel(written.path)
        if not pdf:
            stale = stale_pdf(written.path)
            if stale is not None:
                result.warnings.append(
                    Diagnostic(setting.ws.rel(stale), message="PDF 是由旧稿生成的，已过时", fix="加 --pdf 重新生成，或删除它", severity="warning")
                )
            continue
        try:
            result.pdfs.append(to_pdf(written.path))
        except OutputError as exc:
            result.warnings.append(Diagnostic(shown, message=exc.message, severity="warning"))


def _draft_path(setting: Setting, year: int, title: str, key: str) -> Path:
    """The draft's path; a name a file system cannot hold is the fault of one key of unit.yaml, said so."""
    name = safe_filename(title)
    size = name_too_long(name)
    if size is not None:
        file, line, col = setting.unit.where((key,))
        raise DataError([Diagnostic(
            file, line, col, key,
            f"由 {key} 生成的文件名“{name}.docx”过长（{size} 字节）",
            f"文件名最多 {MAX_NAME_BYTES} 字节（约 {MAX_NAME_BYTES // 3} 个汉字）；请缩短 {key}",
        )])
    return setting.ws.draft_dir(year) / (name + ".docx")


def _report_job(setting: Setting, year: int) -> _Job:
    report = load_year_report(setting, year)
    context = ctx.report_context(setting.unit.model, report.model, setting.catalogue, _title_chars(setting))
    return _Job("report", context, _draft_path(setting, year, ctx.report_filename(setting.unit.model, year), "short_name"))


def _plan_job(setting: Setting, plan: Plan) -> _Job:
    context = ctx.plan_context(setting.unit.model, plan, setting.catalogue, _title_chars(setting))
    return _Job("plan", context, _draft_path(setting, plan.year, ctx.plan_title(setting.unit.model, plan), "short_name"))


# ------------------------------------------------------------------ report


def build_report(root: Path, year: int | None = None, *, force: bool = False, pdf: bool = False, strict: bool = False) -> BuildResult:
    setting = load_setting(root)
    year = year or setting.ws.default_report_year()
    setting.ws.require(setting.ws.report_path(year), f"请先运行 reporter init report {year}，或检查年份")
    result = BuildResult()
    _checked(setting, [year], strict, result)
    _write(setting, [_report_job(setting, year)], force, pdf, result)
    return result


# ------------------------------------------------------------------ plan


def build_plan(root: Path, year: int | None = None, *, force: bool = False, pdf: bool = False, strict: bool = False) -> BuildResult:
    setting = load_setting(root)
    year = year or setting.ws.default_plan_year()
    hint = f"请先运行 reporter init plan {year} 或 reporter import plan 文件 --year {year}"
    setting.ws.require(setting.ws.plan_path(year), hint)
    result = BuildResult()
    ws = setting.ws
    _checked(setting, [year], strict, result, reads={ws.rel(ws.unit_path), ws.rel(ws.plan_path(year))})
    _write(setting, [_plan_job(setting, load_year_plan(setting, year).model)], force, pdf, result)
    return result


def build_season(root: Path, year: int | None = None, *, force: bool = False, pdf: bool = False, strict: bool = False) -> BuildResult:
    """The season's two documents: the report of YEAR and the plan of YEAR+1."""
    from reporter.checks import season_years
    from reporter.content.cycle import next_plan

    setting = load_setting(root)
    year = year or setting.ws.default_report_year()
    setting.ws.require(setting.ws.report_path(year), f"请先运行 reporter init report {year}，或检查年份")
    result = BuildResult()
    _checked(setting, season_years(setting.ws, year), strict, result)
    report_job = _report_job(setting, year)
    if setting.ws.plan_path(year + 1).is_file():
        plan_model = load_year_plan(setting, year + 1).model
    else:
        plan_model = next_plan(setting, year + 1)
    _write(setting, [report_job, _plan_job(setting, plan_model)], force, pdf, result)
    return result


# ------------------------------------------------------------------ init


def init(root: Path, kind: str, year: int | None = None, *, force: bool = False) -> Written:
    """`init unit` (a new workspace, the folder created if need be), `init plan YEAR`, `init report YEAR`."""
    from reporter.content import cycle
    from reporter.core.files import prepare_dir

    if kind == "unit":
        prepare_dir(root, str(root))
        return cycle.init_unit(root, force)
    if year is None:
        raise UsageError(f"init {kind} 需要年份，如 reporter init {kind} 2025")
    return cycle.init_plan(root, year, force) if kind == "plan" else cycle.init_report(root, year, force)


# ------------------------------------------------------------------ check, schema


def check(root: Path, year: int | None = None) -> CheckReport:
    """Every finding of the files `build [YEAR]` reads; raises only when there is nothing to check."""
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
    warnings: list[Diagnostic] = field(default_factory=list)


def import_plan(root: Path, document: Path, year: int, *, out: Path | None = None) -> Imported:
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
        raise ImportFormatError(f"导入 {document.name} 得到的数据不完整（{exc.error_count()} 处），未写入；请用 reporter --debug import plan … 重新运行，并报告此问题") from None
    prepare_dir(target.parent, ws.rel(target.parent))
    atomic_write(target, dump_plan(result.plan).encode("utf-8"))
    warning = _title_year(document, result.title, year)
    return Imported(target, result.summary_text(), [warning] if warning else [])


def _title_year(document: Path, title: str, year: int) -> Diagnostic | None:
    """A warning when the document's title names another year than --year (a range such as 2021—2025 covers its years)."""
    import re

    years = [int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", title)]
    if not years or year in years or (len(years) > 1 and min(years) <= year <= max(years)):
        return None
    named = "、".join(str(y) for y in dict.fromkeys(years))
    return Diagnostic(
        document.name,
        message=f"文件标题“{title}”写的是 {named} 年，而 --year 为 {year}",
        fix=f"核对年份；如确属 {years[0]} 年，请删除生成的文件后改用 --year {years[0]}",
        severity="warning",
    )
