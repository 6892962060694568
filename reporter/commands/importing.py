"""`import plan`, `import report`: an existing document into data/YEAR/plan.yaml or report.yaml, never overwriting."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from reporter.core.diagnostics import Diagnostic
from reporter.core.errors import ImportFormatError
from reporter.data.areas import Catalogue
from reporter.data.model import Report
from reporter.data.setting import load_setting
from reporter.data.workspace import Workspace


@dataclass
class Imported:
    """What `import plan` wrote and what it understood."""

    path: Path
    summary: str
    warnings: list[Diagnostic] = field(default_factory=list)


def import_plan(root: Path, document: Path, year: int, *, out: Path | None = None) -> Imported:
    """Turn an existing plan document into data/YEAR/plan.yaml (or `out`); never overwrites."""
    from reporter.core.errors import OutputError
    from reporter.data.model import Plan
    from reporter.data.yamlwrite import dump_plan
    from reporter.importer.plan import import_plan as read_plan

    ws = Workspace(root)
    target = out if out is not None else ws.plan_path(year)
    if target.exists():
        raise OutputError(f"{ws.rel(target)} 已存在，未覆盖；请先改名或删除它，或用 --out 指定另一个文件")
    if not document.is_file():
        raise ImportFormatError(f"找不到要导入的文件 {document}")
    try:
        result = read_plan(document, year)
    except ValidationError as exc:  # a model the importer assembled was refused: nothing is written
        raise _incomplete(document, exc) from None
    data = result.data()
    try:
        Plan.model_validate(data)  # what we write must load back
    except ValidationError as exc:
        raise _incomplete(document, exc) from None
    _write(ws, target, dump_plan(data), document)
    warning = _title_year(document, result.title, year)
    return Imported(target, result.summary_text(), ([warning] if warning else []) + result.diagnostics(document.name))


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
    from reporter.core.errors import OutputError
    from reporter.data.yamlwrite import dump_report
    from reporter.importer.report import import_report as read_report

    ws = Workspace(root)
    if not document.is_file():
        raise ImportFormatError(f"找不到要导入的文件 {document}")
    if out is not None and out.exists():
        raise OutputError(f"{ws.rel(out)} 已存在，未覆盖；请先改名或删除它，或用 --out 指定另一个文件")
    catalogue, unit_name = _unit_context(ws)
    try:
        result = read_report(document, year, catalogue=catalogue)
    except ValidationError as exc:  # a model the importer assembled was refused: nothing is written
        raise _incomplete(document, exc) from None
    target = out if out is not None else ws.report_path(result.year)
    if target.exists():
        raise OutputError(f"{ws.rel(target)} 已存在，未覆盖；请先改名或删除它，或用 --out 指定另一个文件")
    if unit_name and result.unit and not _same_org(result.unit, unit_name):
        result.warnings.append(
            f"标题中的单位“{result.unit}”与 unit.yaml 的“{unit_name}”不一致；如是下属单位的材料，请放入 data/{result.year}/units/。"
        )
    data = result.data()
    try:
        Report.model_validate(data)  # what we write must load back
    except ValidationError as exc:
        raise _incomplete(document, exc) from None
    _write(ws, target, dump_report(data, imported=True), document)
    return Imported(target, result.summary_text(), result.diagnostics(document.name))


def _write(ws: Workspace, target: Path, text: str, document: Path) -> None:
    """Write what an import made, if the tool can read it back: a data file over yamlsource's bound is refused."""
    from reporter.core.files import atomic_write, prepare_dir
    from reporter.data import yamlsource

    encoded = text.encode("utf-8")
    if len(encoded) > yamlsource.MAX_BYTES:
        raise ImportFormatError(
            f"导入 {document.name} 得到的 {ws.rel(target)} 有 {len(encoded) / 1024 / 1024:.1f} MB，"
            f"超过数据文件的上限 {yamlsource.MAX_BYTES / 1024 / 1024:g} MB（本工具读不了这么大的数据文件），未写入；"
            "一份报告或工作要点没有这么多文字，请确认选对了文件，或删去不属于它的部分后再导入"
        )
    prepare_dir(target.parent, ws.rel(target.parent))
    atomic_write(target, encoded)


def _incomplete(document: Path, exc: ValidationError) -> ImportFormatError:
    return ImportFormatError(f"导入 {document.name} 得到的数据不完整（{exc.error_count()} 处），未写入；请用 --debug 报告此问题")


def _same_org(a: str, b: str) -> bool:
    """示例市政府 and 示例市人民政府 name the same unit."""

    def key(name: str) -> str:
        return name.replace("人民政府", "政府").strip()

    return key(a) == key(b) or key(a) in key(b) or key(b) in key(a)
