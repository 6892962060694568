"""A workspace's setting (unit, catalogue, house style) and the loaders of data/YEAR files, below every command."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reporter.core.diagnostics import Diagnostic
from reporter.core.errors import DataError
from reporter.data.areas import Catalogue
from reporter.data.housestyle import HouseStyle
from reporter.data.loader import Loaded, load, load_unit, problems_from, year_mismatch
from reporter.data.model import Plan, Report, Unit
from reporter.data.workspace import Workspace
from reporter.data.yamlsource import Source


@dataclass
class Setting:
    """Unit, catalogue and house style of a workspace, loaded once per command."""

    ws: Workspace
    unit: Loaded[Unit]
    catalogue: Catalogue
    style: HouseStyle
    style_explicit: bool


def load_setting(root: Path) -> Setting:
    ws = Workspace(root)
    ws.check_root()
    if not ws.unit_path.is_file():
        raise DataError.single(
            ws.rel(ws.unit_path), "缺少单位信息文件；请创建 data/unit.yaml（至少写 name 和 short_name），或运行 reporter init unit"
        )
    unit = load_unit(ws.unit_path, root)
    spec = unit.model.areas
    try:
        catalogue = Catalogue.named(spec)
    except KeyError:
        file, line, col = unit.where(("areas",))
        raise DataError(
            [Diagnostic(file, line, col, "areas", f"未知的领域目录 {spec}；可用 gangyao-2021、gangyao-2015，或写成领域标题列表")]
        ) from None
    style, explicit = _house_style(ws, unit)
    return Setting(ws, unit, catalogue, style, explicit)


def _house_style(ws: Workspace, unit: Loaded[Unit]) -> tuple[HouseStyle, bool]:
    spec = unit.model.style
    if spec is None:
        return HouseStyle(), False
    if isinstance(spec, str):
        path = ws.root / spec
        if not path.is_file():
            file, line, col = unit.where(("style",))
            raise DataError([Diagnostic(file, line, col, "style", f"找不到版式文件 {spec}；路径相对于工作目录")])
        return load(path, HouseStyle, ws.root).model, True
    from pydantic import ValidationError

    try:
        return HouseStyle.model_validate(spec), True
    except ValidationError as exc:
        problems = problems_from(exc, _sub_source(unit, "style"), HouseStyle)
        raise DataError([Diagnostic(p.file, p.line, p.col, f"style.{p.path}".rstrip("."), p.message) for p in problems]) from None


def _sub_source(unit: Loaded[Unit], key: str) -> Source:
    """A view of one mapping of unit.yaml with its marks, so its errors point at unit.yaml."""
    src = unit.source
    sub = Source(file=src.file, data=src.data.get(key))
    sub.value_marks = {p[1:]: m for p, m in src.value_marks.items() if p[:1] == (key,)}
    sub.key_marks = {p[1:]: m for p, m in src.key_marks.items() if p[:1] == (key,)}
    return sub


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


def load_year_plan(setting: Setting, year: int) -> Loaded[Plan]:
    hint = f"请先运行 reporter init plan {year} 或 reporter import plan 文件 --year {year}"
    return _year_file(setting, setting.ws.plan_path(year), Plan, year, hint)
