"""The library behind the CLI: build, init, check, import. Never prints, never exits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reporter.content import context as ctx
from reporter.core.diagnostics import Diagnostic
from reporter.core.errors import ChecksFailed, DataError, UsageError
from reporter.core.files import Written
from reporter.data.areas import Catalogue
from reporter.data.loader import Loaded
from reporter.data.model import Plan, Report
from reporter.data.setting import Setting, load_setting, load_year_plan, load_year_report
from reporter.data.workspace import Workspace, draft_name_problem, safe_filename

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
    fit: Callable[[Any], None] | None = None  # a step on the rendered document itself (the task table's widths)


def _templates(setting: Setting) -> list[Path]:
    from reporter.document.templategen import ensure_templates

    return ensure_templates(setting.ws.root, setting.style)


def _title_chars(setting: Setting) -> float:
    style = setting.style
    return float(style.text_width_mm * 72 / 25.4 / style.title_size)


def _checked(setting: Setting, years: list[int], strict: bool, result: BuildResult, reads: set[str] | None = None) -> None:
    """Check every file the build reads, before anything is written; the same decision as `check`.

    A file that does not load stops the build when the build reads it (`reads`: those files, None: all);
    one only checked alongside (the report beside a plan) is listed like any other error, and a unit's
    material in units/ that does not load is one warning naming the file.
    """
    from reporter.checks import check_years

    report = check_years(setting.ws.root, years, setting=setting)
    fatal = [d for d in report.unreadable if reads is None or d.file in reads]
    if fatal:
        raise DataError(fatal)
    ws = setting.ws
    materials = {ws.rel(p) for y in years for p in ws.unit_files(y)}
    skipped = {d.file for d in report.unreadable} & materials - {d.file for d in fatal}
    result.findings += [f for f in report.findings if f.file not in skipped or f.severity != "error"]
    # a unit's broken file is the unit's to mend (merge lists it): the county's own draft is still written
    result.findings += [
        Diagnostic(
            file,
            message="这份单位材料有数据错误，未读入；本级初稿照常生成",
            fix="运行 reporter check 或 reporter merge 查看错误，请报送单位改正后重新报送",
            severity="warning",
        )
        for file in sorted(skipped)
    ]
    if strict and report.failed():
        raise ChecksFailed(f"检查发现 {len(report.errors)} 个错误，按 --strict 未生成初稿；请先改正", report.findings)


def _own_files(ws: Workspace, years: list[int]) -> set[str]:
    """The files a county's build reads itself (unit.yaml, the years' plans and reports), not the units' materials."""
    paths = [ws.unit_path] + [p for y in years for p in (ws.report_path(y), ws.plan_path(y))]
    return {ws.rel(p) for p in paths}


def _render(setting: Setting, job: _Job) -> bytes:
    # Imported here: `check` and `--help` never load the document layer.
    from reporter.document.prepared import DraftProperties, HouseStylePost, prepare_template

    ws = setting.ws
    # only what unit.yaml sets: the rest of a user's template stays as they made it
    post = HouseStylePost(setting.style, frozenset(setting.style.model_fields_set)) if setting.style_explicit else None
    # title = the document's title, author = the unit: no trace of the tool or the template
    properties = DraftProperties(str(job.context.get("plain_title") or job.context["title"]).replace("\n", ""), setting.unit.model.name)
    data = prepare_template(ws.template(job.kind), ws.rel(ws.template(job.kind)), post=post).render(job.context, properties)
    return _refit(data, job.fit) if job.fit is not None else data


def _refit(data: bytes, fit: Callable[[Any], None]) -> bytes:
    """A step that needs the rendered document itself (the task table's column widths): python-docx, once."""
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    fit(document)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _write(setting: Setting, jobs: list[_Job], force: bool, pdf: bool, result: BuildResult) -> None:
    from reporter.document.drafts import write_draft

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
                    Diagnostic(
                        setting.ws.rel(stale), message="PDF 是由旧稿生成的，已过时", fix="加 --pdf 重新生成，或删除它", severity="warning"
                    )
                )
            continue
        try:
            result.pdfs.append(to_pdf(written.path))
        except OutputError as exc:
            result.warnings.append(Diagnostic(shown, message=exc.message, severity="warning"))


def _draft_path(setting: Setting, year: int, title: str, key: str) -> Path:
    """The draft's path; a name a file system cannot hold is the fault of one key of unit.yaml, said so (as `check` does)."""
    name = safe_filename(title)
    problem = draft_name_problem(name, key, setting.unit.where((key,)))
    if problem is not None:
        raise DataError([problem])
    return setting.ws.draft_dir(year) / (name + ".docx")


def _report_job(setting: Setting, year: int) -> _Job:
    report = load_year_report(setting, year)
    # the year's plan feeds the 任务完成情况表 only; without that attachment it is not read here
    wants_tasks = "tasks" in report.model.attachments and setting.ws.plan_path(year).is_file()
    plan = load_year_plan(setting, year).model if wants_tasks else None
    context = ctx.report_context(setting.unit.model, report.model, setting.catalogue, _title_chars(setting), plan=plan)
    return _Job("report", context, _draft_path(setting, year, ctx.report_filename(setting.unit.model, year), "short_name"))


def _plan_job(setting: Setting, plan: Plan, result: BuildResult, loaded: Loaded[Plan] | None = None) -> _Job:
    ws = setting.ws
    empty = ctx.empty_tasks(plan)
    if empty:
        file, line, col = loaded.where(("sections",)) if loaded is not None else (ws.rel(ws.plan_path(plan.year)), 0, 0)
        message = f"{empty} 项任务还没有写任务内容（text），初稿中这些任务只有标题"
        result.warnings.append(Diagnostic(file, line, col, "sections", message, "请补写后再印发", severity="warning"))
    context = ctx.plan_context(setting.unit.model, plan, setting.catalogue, _title_chars(setting))
    out = _draft_path(setting, plan.year, ctx.plan_title(setting.unit.model, plan), "short_name")
    return _Job("plan", context, out, fit=_task_table_fit(setting))


def _task_table_fit(setting: Setting) -> Callable[[Any], None]:
    def fit(document: Any) -> None:
        from reporter.document.plan_template import TASK_COLUMNS
        from reporter.document.tablefit import fit_task_table

        fit_task_table(document, [c[0] for c in TASK_COLUMNS], "工作任务", setting.style.table_size * 20)

    return fit


# ------------------------------------------------------------------ report


def build_report(root: Path, year: int | None = None, *, force: bool = False, pdf: bool = False, strict: bool = False) -> BuildResult:
    setting = load_setting(root)
    year = year or setting.ws.default_report_year()
    setting.ws.require(setting.ws.report_path(year), f"请先运行 reporter init report {year}，或检查年份")
    result = BuildResult()
    _checked(setting, [year], strict, result, reads=_own_files(setting.ws, [year]))
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
    loaded = load_year_plan(setting, year)
    _write(setting, [_plan_job(setting, loaded.model, result, loaded)], force, pdf, result)
    return result


def build_season(root: Path, year: int | None = None, *, force: bool = False, pdf: bool = False, strict: bool = False) -> BuildResult:
    """The season's two documents: the report of YEAR and the plan of YEAR+1."""
    from reporter.checks import season_years
    from reporter.content.cycle import next_plan

    setting = load_setting(root)
    year = year or setting.ws.default_report_year()
    setting.ws.require(setting.ws.report_path(year), f"请先运行 reporter init report {year}，或检查年份")
    result = BuildResult()
    years = season_years(setting.ws, year)
    _checked(setting, years, strict, result, reads=_own_files(setting.ws, years))
    report_job = _report_job(setting, year)
    if setting.ws.plan_path(year + 1).is_file():
        loaded = load_year_plan(setting, year + 1)
        plan_job = _plan_job(setting, loaded.model, result, loaded)
    else:
        plan_job = _plan_job(setting, next_plan(setting, year + 1), result)
    _write(setting, [report_job, plan_job], force, pdf, result)
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
        raise ImportFormatError(
            f"导入 {document.name} 得到的数据不完整（{exc.error_count()} 处），未写入；请用 reporter --debug import plan … 重新运行，并报告此问题"
        ) from None
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


# ------------------------------------------------------------------ merge (departments' submissions)


@dataclass
class MergeResult:
    """What `merge` wrote and found; `errors` > 0 means the CLI exits 1 (after everything is written)."""

    written: list[Written] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    findings: list[tuple[str, Diagnostic]] = field(default_factory=list)  # (unit, diagnostic) pairs
    errors: int = 0
    warnings: int = 0
    notes: list[str] = field(default_factory=list)


def merge(root: Path, year: int | None = None, *, deadline: Any = None, force: bool = False) -> MergeResult:
    """Check and consolidate data/YEAR/units/: 报送情况一览表, 主要指标汇总表 (.docx/.xlsx), 问题清单.xlsx, merged.yaml."""
    from reporter.consolidate.merge import consolidate, tables
    from reporter.consolidate.tables import xlsx_bytes
    from reporter.core.errors import MissingFileError
    from reporter.document.drafts import write_draft
    from reporter.document.tables import table_docx

    setting = load_setting(root)
    ws = setting.ws
    year = year or ws.default_report_year()
    if not ws.units_dir(year).is_dir():
        raise MissingFileError(f"没有 {ws.rel(ws.units_dir(year))} 文件夹；请把各单位报送的材料放在其中（YAML、Word 或 Excel）")
    found = consolidate(ws, setting.unit.model, setting.catalogue, year, deadline)
    result = MergeResult(summary=found.summary, findings=found.issues, errors=found.errors, warnings=found.warnings)
    folder = ws.draft_dir(year) / "汇总"
    for stem, table in tables(found, setting.unit.model.short_name).items():
        kinds = ("xlsx",) if stem == "问题清单" else ("docx", "xlsx")
        for kind in kinds:
            if kind == "docx":
                data = table_docx(table.title, table.header, table.rows, table.notes, setting.style, table.widths)
            else:
                data = xlsx_bytes(table)
            out = folder / f"{stem}.{kind}"
            result.written.append(write_draft(out, data, ws.rel(out), force=force))
    result.written += _merged_yaml(ws, year, found.merged, force, result)
    return result


def _merged_yaml(ws: Workspace, year: int, merged: dict[str, Any], force: bool, result: MergeResult) -> list[Written]:
    from reporter.consolidate.merged import merged_yaml
    from reporter.core.files import atomic_write

    target = ws.merged_path(year)
    if target.exists() and not force:
        result.notes.append(f"{ws.rel(target)} 已存在，未覆盖；要重新生成请加 --force")
        return []
    atomic_write(target, merged_yaml(merged).encode("utf-8"))
    return [Written(target)]


# ------------------------------------------------------------------ every unit's own report


@dataclass
class UnitsBuildResult:
    """What `build report --units` wrote; `failures` are (file, message) of units that could not be drafted."""

    drafts: list[Written] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    templates: list[Path] = field(default_factory=list)


@dataclass
class _UnitState:
    """What a worker process holds across units: the setting, the roster and the template prepared once."""

    setting: Setting
    year: int
    force: bool
    renderer: Any
    roster: Any  # consolidate.roster.Roster of unit.yaml's members


_UNIT_STATE: _UnitState | None = None


def _renderer(setting: Setting) -> Any:
    """The report template prepared once per process (compile once, render many)."""
    from reporter.document.prepared import HouseStylePost, prepare_template

    template = setting.ws.template("report")
    post = HouseStylePost(setting.style, frozenset(setting.style.model_fields_set)) if setting.style_explicit else None
    return prepare_template(template, setting.ws.rel(template), post=post).render


def _unit_init(root: str, year: int, force: bool) -> None:
    global _UNIT_STATE
    if _UNIT_STATE is None or _UNIT_STATE.setting.ws.root != Path(root):  # forked workers inherit the parent's
        setting = load_setting(Path(root))
        from reporter.consolidate.roster import Roster

        _UNIT_STATE = _UnitState(setting, year, force, _renderer(setting), Roster(setting.unit.model.members))


def _unit_render(path: Path) -> tuple[str, tuple[Path, bytes] | None, str]:
    """Render one unit's report: (file, (draft path, bytes) or None, error message)."""
    from reporter.core.errors import ReporterError
    from reporter.data.loader import load_report, year_mismatch
    from reporter.data.model import Unit
    from reporter.document.prepared import DraftProperties

    assert _UNIT_STATE is not None
    state = _UNIT_STATE
    ws, parent = state.setting.ws, state.setting.unit.model
    shown = ws.rel(path)
    try:
        loaded = load_report(path, ws.root)
        mismatch = year_mismatch(loaded, state.year)
        if mismatch is not None:
            return shown, None, str(mismatch)
        name = state.roster.unit_of(path, loaded.model.unit)[0]
        # a department reports to the government whose roster it is on
        unit = Unit(name=name, short_name=name, recipients=[parent.name], areas=parent.areas)
        context = ctx.report_context(unit, loaded.model, state.setting.catalogue, _title_chars(state.setting))
        out = ws.draft_dir(state.year) / "units" / (safe_filename(ctx.report_filename(unit, state.year)) + ".docx")
        data = state.renderer(context, DraftProperties(str(context.get("plain_title") or context["title"]).replace("\n", ""), name))
        return shown, (out, data), ""
    except ReporterError as exc:
        return shown, None, str(exc)


def _unit_batch(paths: list[Path]) -> list[tuple[str, Written | None, str]]:
    """Render a batch of units, then write their drafts under one lock and one manifest update."""
    from reporter.core.errors import ReporterError
    from reporter.document.drafts import write_drafts

    assert _UNIT_STATE is not None
    ws = _UNIT_STATE.setting.ws
    rendered = [_unit_render(p) for p in paths]
    ready = [(shown, out) for shown, out, _ in rendered if out is not None]
    try:
        written = write_drafts([(path, data, ws.rel(path)) for _, (path, data) in ready], force=_UNIT_STATE.force)
    except ReporterError as exc:
        return [(shown, None, error or str(exc)) for shown, _, error in rendered]
    by_file = dict(zip((shown for shown, _ in ready), written, strict=True))
    return [(shown, by_file.get(shown), error) for shown, _, error in rendered]


def build_units(
    root: Path, year: int | None = None, *, jobs: int | None = None, force: bool = False, progress: Any = None
) -> UnitsBuildResult:
    """Every unit's own report from data/YEAR/units/*.yaml into drafts/YEAR/units/, on a process pool.

    A bad unit does not stop the others; `progress(file, done, total)` hears of each unit as it finishes.
    """
    import os
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from reporter.core.errors import MissingFileError

    setting = load_setting(root)
    year = year or setting.ws.default_report_year()
    files = setting.ws.unit_files(year)
    if not files:
        raise MissingFileError(f"{setting.ws.rel(setting.ws.units_dir(year))} 中没有各单位的报告（*.yaml）")
    result = UnitsBuildResult(templates=_templates(setting))
    _unit_init(str(root), year, force)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files)))
    size = max(1, min(16, len(files) // (jobs * 4) or 1))
    batches = [files[i : i + size] for i in range(0, len(files), size)]

    def take(done: list[tuple[str, Written | None, str]]) -> None:
        for shown, written, error in done:
            if written is not None:
                result.drafts.append(written)
            else:
                result.failures.append((shown, error))
            if progress is not None:
                progress(shown, len(result.drafts) + len(result.failures), len(files))

    if jobs == 1:
        for batch in batches:
            take(_unit_batch(batch))
    else:
        with ProcessPoolExecutor(jobs, initializer=_unit_init, initargs=(str(root), year, force)) as pool:
            for future in as_completed([pool.submit(_unit_batch, b) for b in batches]):
                take(future.result())
    result.drafts.sort(key=lambda w: w.path.name)
    return result


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


def import_report(root: Path, document: Path, year: int | None = None, *, out: Path | None = None) -> Imported:
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
        result.warnings.append(
            f"标题中的单位“{result.unit}”与 unit.yaml 的“{unit_name}”不一致；如是下属单位的材料，请放入 data/{result.year}/units/。"
        )
    try:
        Report.model_validate(result.report)  # what we write must load back
    except ValidationError as exc:
        raise ImportFormatError(
            f"导入 {document.name} 得到的数据不完整（{exc.error_count()} 处），未写入；请用 --debug 报告此问题"
        ) from None
    prepare_dir(target.parent, ws.rel(target.parent))
    atomic_write(target, dump_report(result.report).encode("utf-8"))
    return Imported(target, result.summary_text())


def _same_unit(a: str, b: str) -> bool:
    """示例市政府 and 示例市人民政府 name the same unit."""

    def key(name: str) -> str:
        return name.replace("人民政府", "政府").strip()

    return key(a) == key(b) or key(a) in key(b) or key(b) in key(a)
