"""`build`, `build report`, `build plan`: check every file a draft needs, render, then write the drafts (and PDFs)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reporter.content import context as ctx
from reporter.core.diagnostics import Diagnostic
from reporter.core.errors import ChecksFailed, DataError
from reporter.core.files import Written
from reporter.data.loader import Loaded
from reporter.data.model import Plan, Report
from reporter.data.setting import Setting, load_setting
from reporter.data.workspace import Workspace, draft_name_problem, safe_filename

if TYPE_CHECKING:
    from reporter.checks import CheckReport


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
    source: tuple[Path, Any, str] | None = None  # (data file, model, its text) the draft prints: recorded for `reporter edits`


def ensure_setting_templates(setting: Setting) -> list[Path]:
    """The workspace's templates, made from the house style where missing (build and the unit pool alike)."""
    from reporter.document.template.default_templates import ensure_templates

    return ensure_templates(setting.ws.root, setting.style)


def _checked(setting: Setting, years: list[int], strict: bool, result: BuildResult, reads: set[str] | None = None) -> CheckReport:
    """Check every file the build reads, before anything is written; the same decision as `check`.

    What the checks loaded is handed back: the build renders from it and reads no data file again.

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
    return report


def _own_files(ws: Workspace, years: list[int]) -> set[str]:
    """The files a county's build reads itself (unit.yaml, the years' plans and reports), not the units' materials."""
    paths = [ws.unit_path] + [p for y in years for p in (ws.report_path(y), ws.plan_path(y))]
    return {ws.rel(p) for p in paths}


def _render(setting: Setting, job: _Job, result: BuildResult) -> bytes:
    # Imported here: `check` and `--help` never load the document layer.
    from reporter.document.draft.finish_xml import draft_finish
    from reporter.document.draft.prepared import DraftProperties, HouseStylePost, prepare_template

    ws = setting.ws
    # only what unit.yaml sets: the rest of a user's template stays as they made it
    post = HouseStylePost(setting.style, frozenset(setting.style.model_fields_set)) if setting.style_explicit else None
    # title = the document's title, author = the unit: no trace of the tool or the template
    properties = DraftProperties(str(job.context.get("plain_title") or job.context["title"]).replace("\n", ""), setting.unit.model.name)
    prepared = prepare_template(ws.template(job.kind), ws.rel(ws.template(job.kind)), post=post)
    note = prepared.cache_note  # a cache folder others could change is not used: said once, it only costs time
    if note is not None and all(w.message != note.message for w in result.warnings):
        result.warnings.append(Diagnostic("预处理模板缓存", message=note.message, fix=note.fix, severity="warning"))
    # the attachments' columns from their content and the 版记 at the foot, on the XML itself (no python-docx for a report)
    data = prepared.render(job.context, properties, finish=draft_finish(setting.style, job.kind))
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
    from reporter.document.draft.safe_write import write_draft

    ws = setting.ws
    result.templates += ensure_setting_templates(setting)
    rendered = [_recorded(setting, job, _render(setting, job, result)) for job in jobs]
    for job, data, record in rendered:
        written = write_draft(job.out, data, ws.rel(job.out), force=force)
        result.drafts.append(written)
        if record is not None:
            from reporter.document.draft.build_record import save

            save(record, written.path, ws.rel(written.path.parent))
    _pdf(setting, result, pdf)


def _recorded(setting: Setting, job: _Job, data: bytes) -> tuple[_Job, bytes, Any]:
    """The draft with its id, and the record of which data printed each paragraph (read back by `reporter edits`)."""
    if job.source is None:
        return job, data, None
    from reporter.content.provenance import plan_printed, plan_table_rows, report_printed, report_table_rows
    from reporter.document.draft.build_record import stamped

    path, model, text = job.source
    report = job.kind == "report"
    printed = report_printed(model, job.context) if report else plan_printed(model, job.context)
    rows = report_table_rows(model) if report else plan_table_rows(model)
    shown = setting.ws.rel(path)
    data, record = stamped(data, printed, job.kind, model.year, shown, text, rows)
    return job, data, record


def _pdf(setting: Setting, result: BuildResult, pdf: bool) -> None:
    """PDFs beside the drafts; a failure is a warning on the result, never a reason to hide the rest."""
    from reporter.core.errors import OutputError
    from reporter.document.draft.pdf import check_pdf, stale_pdf, to_pdf
    from reporter.document.draft.pdf_fonts import missing_fangsong

    no_fangsong = missing_fangsong() if pdf and result.drafts else None
    if no_fangsong:
        result.warnings.append(
            Diagnostic(setting.ws.rel(result.drafts[0].path.with_suffix(".pdf")), message=no_fangsong, severity="warning")
        )
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
            made = to_pdf(written.path)
        except OutputError as exc:
            result.warnings.append(Diagnostic(shown, message=exc.message, severity="warning"))
            continue
        result.pdfs.append(made)
        # the PDF is read back: a character LibreOffice did not print is said, with its page and place
        fix = "初稿（.docx）中有这些字；请核对该页，或在 Word/WPS 中把初稿另存为 PDF"
        for message in check_pdf(written.path, made):
            result.warnings.append(Diagnostic(setting.ws.rel(made), message=message, fix=fix, severity="warning"))


def _draft_path(setting: Setting, year: int, title: str, key: str) -> Path:
    """The draft's path; a name a file system cannot hold is the fault of one key of unit.yaml, said so (as `check` does)."""
    name = safe_filename(title)
    problem = draft_name_problem(name, key, setting.unit.where((key,)))
    if problem is not None:
        raise DataError([problem])
    return setting.ws.draft_dir(year) / (name + ".docx")


def _report_job(setting: Setting, checked: CheckReport) -> _Job:
    inputs = checked.inputs[0]
    year, report = inputs.year, inputs.report
    assert report is not None  # a report that did not load stopped the build in `_checked`
    # the year's plan feeds the 任务完成情况表 only; a plan that exists but did not load stopped the build too
    plan = inputs.plan.model if "tasks" in report.model.attachments and inputs.plan is not None else None
    model = _with_definitions(setting, report.model, checked) if report.model.metrics_definitions else report.model
    context = ctx.report_context(setting.unit.model, model, setting.catalogue, setting.style.title_chars_per_line, plan=plan)
    out = _draft_path(setting, year, ctx.report_filename(setting.unit.model, year), "short_name")
    return _Job("report", context, out, source=(setting.ws.report_path(year), report.model, report.source.text))


def _with_definitions(setting: Setting, report: Report, checked: CheckReport) -> Report:
    """`metrics_definitions: true`: the registry's 统计口径 of the table's metrics printed after metrics_note."""
    from reporter.data.indicators import definitions_note

    ws = setting.ws
    registry = checked.inputs[0].indicators
    broken = [f for f in checked.errors if f.file == ws.rel(ws.indicators_path)]
    if registry is None and broken:  # the registry this draft prints from does not load: the build stops, as `check` says
        raise DataError(broken)
    names = [m.name for a in report.achievements for i in a.items for m in i.metrics]
    note = definitions_note(registry, names) if registry is not None else ""
    if not note:
        return report
    return report.model_copy(update={"metrics_note": f"{report.metrics_note}{note}" if report.metrics_note else note})


def _plan_job(setting: Setting, plan: Plan, result: BuildResult, loaded: Loaded[Plan] | None = None) -> _Job:
    ws = setting.ws
    empty = ctx.empty_tasks(plan)
    if empty:
        file, line, col = loaded.where(("sections",)) if loaded is not None else (ws.rel(ws.plan_path(plan.year)), 0, 0)
        message = f"{empty} 项任务还没有写任务内容（text），初稿中这些任务只有标题"
        result.warnings.append(Diagnostic(file, line, col, "sections", message, "请补写后再印发", severity="warning"))
    context = ctx.plan_context(setting.unit.model, plan, setting.catalogue, setting.style.title_chars_per_line)
    out = _draft_path(setting, plan.year, ctx.plan_title(setting.unit.model, plan), "short_name")
    # a plan made on the fly (no plan.yaml yet) is recorded too: `edits` can then say why it cannot write back
    source = (ws.plan_path(plan.year), plan, loaded.source.text if loaded is not None else "")
    return _Job("plan", context, out, fit=_task_table_fit(setting), source=source)


def _task_table_fit(setting: Setting) -> Callable[[Any], None]:
    def fit(document: Any) -> None:
        from reporter.document.draft.task_table_fit import fit_task_table
        from reporter.document.template.plan_body import TASK_COLUMNS

        fit_task_table(document, [c[0] for c in TASK_COLUMNS], "工作任务", setting.style.table_size * 20)

    return fit


def build_report(root: Path, year: int | None = None, *, force: bool = False, pdf: bool = False, strict: bool = False) -> BuildResult:
    setting = load_setting(root)
    year = year or setting.ws.default_report_year()
    setting.ws.require(setting.ws.report_path(year), f"请先运行 reporter init report {year}，或检查年份")
    result = BuildResult()
    checked = _checked(setting, [year], strict, result, reads=_own_files(setting.ws, [year]))
    _write(setting, [_report_job(setting, checked)], force, pdf, result)
    return result


def build_plan(root: Path, year: int | None = None, *, force: bool = False, pdf: bool = False, strict: bool = False) -> BuildResult:
    setting = load_setting(root)
    year = year or setting.ws.default_plan_year()
    hint = f"请先运行 reporter init plan {year} 或 reporter import plan 文件 --year {year}"
    setting.ws.require(setting.ws.plan_path(year), hint)
    result = BuildResult()
    ws = setting.ws
    loaded = _checked(setting, [year], strict, result, reads={ws.rel(ws.unit_path), ws.rel(ws.plan_path(year))}).inputs[0].plan
    assert loaded is not None  # a plan that did not load stopped the build in `_checked`
    _write(setting, [_plan_job(setting, loaded.model, result, loaded)], force, pdf, result)
    return result


def build_season(root: Path, year: int | None = None, *, force: bool = False, pdf: bool = False, strict: bool = False) -> BuildResult:
    """The season's two documents: the report of YEAR and the plan of YEAR+1."""
    from reporter.checks import season_years
    from reporter.commands.init import next_plan

    setting = load_setting(root)
    year = year or setting.ws.default_report_year()
    setting.ws.require(setting.ws.report_path(year), f"请先运行 reporter init report {year}，或检查年份")
    result = BuildResult()
    years = season_years(setting.ws, year)
    checked = _checked(setting, years, strict, result, reads=_own_files(setting.ws, years))
    report_job = _report_job(setting, checked)
    loaded = checked.inputs[1].plan if len(checked.inputs) > 1 else None  # next year's plan, when there is one
    if loaded is not None:
        plan_job = _plan_job(setting, loaded.model, result, loaded)
    else:
        this_year = checked.inputs[0]
        made = next_plan(setting, year + 1, this_year.report, this_year.plan)
        plan_job = _made_on_the_fly(setting, _plan_job(setting, made, result), made, result)
    _write(setting, [report_job, plan_job], force, pdf, result)
    return result


def _made_on_the_fly(setting: Setting, job: _Job, plan: Plan, result: BuildResult) -> _Job:
    """A plan (a 工作要点 or 工作计划 as last year's) made by init plan's rules for want of plan.yaml: said on
    the console, in its file name and on its first page."""
    ws, year = setting.ws, plan.year
    plan_file = ws.rel(ws.plan_path(year))
    note = (
        f"（临时稿：没有 {plan_file}，本稿按 init plan 的规则由 {year - 1} 年报告临时生成，不是印发稿；"
        f"运行 reporter init plan {year} 建立 {plan_file}，修改后再生成）"
    )
    result.warnings.append(
        Diagnostic(
            plan_file,
            message=f"没有 {plan_file}：{year} 年{plan.kind}是临时生成的初稿（文件名带“临时生成”，首页注明），不是印发稿",
            fix=f"运行 reporter init plan {year} 建立该文件，修改后再生成",
            severity="warning",
        )
    )
    out = job.out.with_name(job.out.stem + "（临时生成）" + job.out.suffix)
    return replace(job, context={**job.context, "draft_note": note}, out=out)
