"""`build report --units`: every unit's own report drafted on a process pool, a bad unit never stopping the others."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reporter.commands.build import _templates, _title_chars
from reporter.content import context as ctx
from reporter.core.files import Written
from reporter.data.setting import Setting, load_setting
from reporter.data.workspace import safe_filename


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
    from reporter.document.draft.prepared import HouseStylePost, prepare_template

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
    from reporter.document.draft.prepared import DraftProperties

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
    from reporter.document.draft.safe_write import write_drafts

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
