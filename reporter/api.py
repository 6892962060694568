"""The library behind the CLI: build, init, check, import. Never prints, never exits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import context as ctx
from .areas import Catalogue
from .drafts import Written, write_draft
from .errors import ChecksFailed, DataError, Problem
from .loader import Loaded, load, load_unit, year_mismatch
from .model import Plan, Report, Unit
from .render import render
from .workspace import Workspace, safe_filename
from .yamlsource import Source


@dataclass
class BuildResult:
    """What a build wrote and what the user should hear about."""

    drafts: list[Written] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)
    templates: list[Path] = field(default_factory=list)  # default templates (re)generated


@dataclass
class Setting:
    """Unit, catalogue and house style of a workspace, loaded once per command."""

    ws: Workspace
    unit: Loaded[Unit]
    catalogue: Catalogue
    style: Any
    style_explicit: bool
    templates_ready: bool = False  # default templates checked once per command


def load_setting(root: Path) -> Setting:
    ws = Workspace(root)
    ws.check_root()
    if not ws.unit_path.is_file():
        raise DataError.single(ws.rel(ws.unit_path), "缺少单位信息文件；请创建 data/unit.yaml（至少写 name 和 short_name），或运行 reporter init unit")
    unit = load_unit(ws.unit_path, root)
    spec = unit.model.areas
    try:
        catalogue = Catalogue.named(spec)
    except KeyError:
        file, line, col = unit.where(("areas",))
        raise DataError([Problem(file, line, col, "areas", f"未知的领域目录 {spec}；可用 gangyao-2021、gangyao-2015，或写成领域标题列表")]) from None
    style, explicit = _house_style(ws, unit)
    return Setting(ws, unit, catalogue, style, explicit)


def _house_style(ws: Workspace, unit: Loaded[Unit]) -> tuple[Any, bool]:
    from .housestyle import HouseStyle

    spec = unit.model.style
    if spec is None:
        return HouseStyle(), False
    if isinstance(spec, str):
        path = ws.root / spec
        if not path.is_file():
            file, line, col = unit.where(("style",))
            raise DataError([Problem(file, line, col, "style", f"找不到版式文件 {spec}；路径相对于工作目录")])
        return load(path, HouseStyle, ws.root).model, True
    from pydantic import ValidationError

    from .loader import problems_from

    try:
        return HouseStyle.model_validate(spec), True
    except ValidationError as exc:
        problems = problems_from(exc, _sub_source(unit, "style"), HouseStyle)
        raise DataError([Problem(p.file, p.line, p.col, f"style.{p.path}".rstrip("."), p.message) for p in problems]) from None


def _sub_source(unit: Loaded[Unit], key: str) -> Source:
    """A view of one mapping of unit.yaml with its marks, so its errors point at unit.yaml."""
    src = unit.source
    sub = Source(file=src.file, data=src.data.get(key))
    sub.value_marks = {p[1:]: m for p, m in src.value_marks.items() if p[:1] == (key,)}
    sub.key_marks = {p[1:]: m for p, m in src.key_marks.items() if p[:1] == (key,)}
    return sub


def _templates(setting: Setting) -> list[Path]:
    from .templategen import ensure_templates

    return ensure_templates(setting.ws.root, setting.style)


def _title_chars(setting: Setting) -> float:
    style = setting.style
    return float(style.text_width_mm * 72 / 25.4 / style.title_size)


def _findings(setting: Setting, year: int, report: Loaded[Report] | None, strict: bool, result: BuildResult) -> None:
    """Build runs the checks: every finding is listed; with --strict an error stops the build."""
    from .checks import run_checks

    result.findings += run_checks(setting, year, report)
    errors = [f for f in result.findings if f.severity == "error"]
    if strict and errors:
        raise ChecksFailed(f"检查发现 {len(errors)} 个错误，按 --strict 未生成初稿；请先改正", result.findings)


def _render_to(setting: Setting, kind: str, context: dict[str, Any], out: Path, force: bool, result: BuildResult) -> Written:
    ws = setting.ws
    if not setting.templates_ready:
        result.templates += _templates(setting)
        setting.templates_ready = True
    post = None
    if setting.style_explicit:
        from .docstyle import apply_style

        def post(document: Any) -> None:
            # only what unit.yaml sets: the rest of a user's template stays as they made it
            apply_style(document, setting.style, fields=setting.style.model_fields_set)

    data = render(ws.template(kind), context, ws.rel(ws.template(kind)), post=post)
    return write_draft(out, data, ws.rel(out), force=force)


def _pdf(result: BuildResult, pdf: bool) -> None:
    if pdf:
        from .pdf import to_pdf

        for written in result.drafts:
            result.pdfs.append(to_pdf(written.path))


# ------------------------------------------------------------------ report


def _year_file(setting: Setting, path: Path, model: type[Any], year: int, hint: str) -> Loaded[Any]:
    """Load data/YEAR/<file>: it must exist and say the year of its folder."""
    ws = setting.ws
    loaded = load(ws.require(path, hint), model, ws.root)
    problem = year_mismatch(loaded, year)
    if problem is not None:
        raise DataError([problem])
    return loaded


def load_year_report(setting: Setting, year: int) -> Loaded[Report]:
    return _year_file(setting, setting.ws.report_path(year), Report, year, f"请先运行 reporter init report {year}，或检查年份")


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


def load_year_plan(setting: Setting, year: int) -> Loaded[Plan]:
    hint = f"请先运行 reporter init plan {year} 或 reporter import plan 文件 --year {year}"
    return _year_file(setting, setting.ws.plan_path(year), Plan, year, hint)


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
    from .skeleton import next_plan

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
    from .checks import check_workspace

    return check_workspace(root, year)


def write_schemas(root: Path, out: Path | None = None) -> list[Path]:
    from .schema import write_schemas as write

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

    from .drafts import atomic_write, prepare_dir
    from .errors import ImportFormatError, OutputError
    from .importer import import_plan as read_plan
    from .model import Plan
    from .yamlwrite import dump_plan

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
