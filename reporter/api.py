"""The library behind the CLI: build, init, check, import. Never prints, never exits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reporter.content import context as ctx
from reporter.core.errors import ChecksFailed, Problem
from reporter.core.files import Written
from reporter.data.loader import Loaded
from reporter.data.model import Plan, Report
from reporter.data.setting import Setting, load_setting, load_year_plan, load_year_report
from reporter.data.workspace import Workspace, safe_filename
from reporter.document.drafts import write_draft
from reporter.document.prepared import HouseStylePost, prepare_template


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


def _render_to(setting: Setting, kind: str, context: dict[str, Any], out: Path, force: bool, result: BuildResult) -> Written:
    ws = setting.ws
    if not setting.templates_ready:
        result.templates += _templates(setting)
        setting.templates_ready = True
    # only what unit.yaml sets: the rest of a user's template stays as they made it
    post = HouseStylePost(setting.style, frozenset(setting.style.model_fields_set)) if setting.style_explicit else None
    data = prepare_template(ws.template(kind), ws.rel(ws.template(kind)), post=post).render(context)
    return write_draft(out, data, ws.rel(out), force=force)


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
    context = ctx.report_context(setting.unit.model, report.model, setting.catalogue, _title_chars(setting))
    name = safe_filename(ctx.report_filename(setting.unit.model, year)) + ".docx"
    result.drafts.append(_render_to(setting, "report", context, setting.ws.draft_dir(year) / name, force, result))


# ------------------------------------------------------------------ plan


def _write_plan(setting: Setting, plan: Plan, force: bool, result: BuildResult) -> None:
    ws = setting.ws
    context = ctx.plan_context(setting.unit.model, plan, setting.catalogue, _title_chars(setting))
    name = safe_filename(ctx.plan_title(setting.unit.model, plan)) + ".docx"
    result.drafts.append(_render_to(setting, "plan", context, ws.draft_dir(plan.year) / name, force, result))


def build_plan(root: Path, year: int | None = None, force: bool = False, pdf: bool = False, strict: bool = False) -> BuildResult:
    setting = load_setting(root)
    year = year or setting.ws.default_plan_year()
    plan = load_year_plan(setting, year)
    result = BuildResult(warnings=setting.unit.warnings + plan.warnings)
    if not setting.ws.report_path(year).is_file():  # with a report, its own build checks the pair
        _findings(setting, year, None, strict, result)
    _write_plan(setting, plan.model, force, result)
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
    else:
        plan_model = next_plan(setting, year + 1)
    _write_plan(setting, plan_model, force, result)
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


# ------------------------------------------------------------------ merge (departments' submissions)


@dataclass
class MergeResult:
    """What `merge` wrote and found; `errors` > 0 means the CLI exits 1 (after everything is written)."""

    written: list[Written] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)  # (unit, Finding) pairs
    errors: int = 0
    warnings: int = 0
    notes: list[str] = field(default_factory=list)


def merge(root: Path, year: int | None = None, deadline: Any = None, force: bool = False) -> MergeResult:
    """Check and consolidate data/YEAR/units/: 报送情况一览表, 主要指标汇总表 (.docx/.xlsx), 问题清单.xlsx, merged.yaml."""
    from reporter.consolidate.merge import consolidate, tables
    from reporter.consolidate.tables import xlsx_bytes
    from reporter.core.errors import MissingFileError
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

    target = ws.data / str(year) / "merged.yaml"
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
    """What a worker process holds across units: the setting and the template prepared once."""

    setting: Setting
    year: int
    force: bool
    renderer: Any


_UNIT_STATE: _UnitState | None = None


def _renderer(setting: Setting) -> Any:
    """The report template prepared once per process (compile once, render many)."""
    template = setting.ws.template("report")
    post = HouseStylePost(setting.style, frozenset(setting.style.model_fields_set)) if setting.style_explicit else None
    return prepare_template(template, setting.ws.rel(template), post=post).render


def _unit_init(root: str, year: int, force: bool) -> None:
    global _UNIT_STATE
    if _UNIT_STATE is None or _UNIT_STATE.setting.ws.root != Path(root):  # forked workers inherit the parent's
        setting = load_setting(Path(root))
        _UNIT_STATE = _UnitState(setting, year, force, _renderer(setting))


def _unit_report(path: Path) -> tuple[str, Written | None, str]:
    """Draft one unit's report: (file, written, error message)."""
    from reporter.consolidate.roster import Roster
    from reporter.core.errors import ReporterError
    from reporter.data.loader import load_report, year_mismatch
    from reporter.data.model import Unit

    assert _UNIT_STATE is not None
    state = _UNIT_STATE
    ws, parent = state.setting.ws, state.setting.unit.model
    shown = ws.rel(path)
    try:
        loaded = load_report(path, ws.root)
        mismatch = year_mismatch(loaded, state.year)
        if mismatch is not None:
            return shown, None, str(mismatch)
        name = Roster(parent.members).unit_of(path, loaded.model.unit)[0]
        # a department reports to the government whose roster it is on
        unit = Unit(name=name, short_name=name, recipients=[parent.name], areas=parent.areas)
        context = ctx.report_context(unit, loaded.model, state.setting.catalogue, _title_chars(state.setting))
        out = ws.draft_dir(state.year) / "units" / (safe_filename(ctx.report_filename(unit, state.year)) + ".docx")
        return shown, write_draft(out, state.renderer(context), ws.rel(out), force=state.force), ""
    except ReporterError as exc:
        return shown, None, str(exc)


def _unit_batch(paths: list[Path]) -> list[tuple[str, Written | None, str]]:
    return [_unit_report(p) for p in paths]


def build_units(
    root: Path, year: int | None = None, *, jobs: int | None = None, force: bool = False, progress: Any = None
) -> UnitsBuildResult:
    """Every unit's own report from data/YEAR/units/*.yaml into drafts/YEAR/units/, on a process pool.

    A bad unit does not stop the others; `progress(file, done, total)` hears of each unit as it finishes.
    """
    import os
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from reporter.checks.gather import unit_files
    from reporter.core.errors import MissingFileError

    setting = load_setting(root)
    year = year or setting.ws.default_report_year()
    files = unit_files(setting.ws, year)
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


def _unit_context(ws: Workspace) -> tuple[Any, str | None]:
    """The unit's catalogue and name when unit.yaml is there and sound; an import works without them."""
    if not ws.unit_path.is_file():
        return None, None
    try:
        setting = load_setting(ws.root)
    except Exception:  # a broken unit.yaml is reported by the commands that need it, not by an import
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
