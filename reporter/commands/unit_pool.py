"""`build report --units`: every unit's own report drafted on a process pool, a bad unit never stopping the others."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reporter.commands.build import ensure_setting_templates
from reporter.content import context as ctx
from reporter.core.diagnostics import Diagnostic
from reporter.core.errors import DataError, ReporterError
from reporter.core.files import Written
from reporter.data.setting import Setting, load_setting
from reporter.data.workspace import MAX_NAME_BYTES, YAML_SUFFIXES, name_too_long, safe_filename


@dataclass
class UnitsBuildResult:
    """What `build report --units` wrote; `failures`: why the `failed` units could not be drafted, as diagnostics;
    `warnings`: what a drafted unit's report lacks (a part with only its heading)."""

    drafts: list[Written] = field(default_factory=list)
    failures: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    failed: int = 0
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


def _unit_init(root: str, year: int, force: bool, setting: Setting | None = None) -> None:
    """The process's state; the parent hands over the setting it loaded (unit.yaml is read once), a worker keeps what it forked with."""
    global _UNIT_STATE
    if setting is not None or _UNIT_STATE is None or _UNIT_STATE.setting.ws.root != Path(root):
        setting = setting or load_setting(Path(root))
        from reporter.consolidate.roster import Roster

        _UNIT_STATE = _UnitState(setting, year, force, _renderer(setting), Roster(setting.unit.model.members))


Errors = list[Diagnostic]


@dataclass(frozen=True)
class _UnitFile:
    """A unit's YAML as the parent read it, once: its bytes for a worker to load, or why it could not be read."""

    path: Path
    raw: bytes | None
    unreadable: tuple[Diagnostic, ...] = ()


def _read_unit_files(setting: Setting, paths: list[Path]) -> list[_UnitFile]:
    """Each unit's file read from disk once, here: the duplicate-unit scan reads its `unit:` and the worker loads it."""
    from reporter.data.yamlsource import read_raw

    out = []
    for path in paths:
        try:  # the file's name as messages give it is worked out only for a message: for 300 units it costs more than the reads
            out.append(_UnitFile(path, read_raw(path, path.name)))
        except DataError as exc:  # missing, too large, unreadable: that unit's failure, said as loading says it
            shown = setting.ws.rel(path)
            out.append(_UnitFile(path, None, tuple(replace(d, file=shown) for d in exc.problems)))
    return out


def _why(shown: str, exc: ReporterError) -> Errors:
    """A unit's failure as diagnostics: a data error's own, located ones, else one naming the unit's file."""
    return exc.problems if isinstance(exc, DataError) else [Diagnostic(shown, message=exc.message)]


def _unit_render(unit_file: _UnitFile) -> tuple[str, tuple[Path, bytes] | None, Errors]:
    """Render one unit's report: (file, (draft path, bytes) or None, why not — or, drafted, what it lacks)."""
    from reporter.checks.rules import empty_parts
    from reporter.data.loader import load_report, year_mismatch
    from reporter.data.model import Unit
    from reporter.document.draft.finish_xml import draft_finish
    from reporter.document.draft.prepared import DraftProperties

    assert _UNIT_STATE is not None
    state = _UNIT_STATE
    ws, parent = state.setting.ws, state.setting.unit.model
    path, shown = unit_file.path, ws.rel(unit_file.path)
    if unit_file.raw is None:
        return shown, None, list(unit_file.unreadable)
    try:
        loaded = load_report(path, ws.root, unit_file.raw)
        mismatch = year_mismatch(loaded, state.year)
        if mismatch is not None:
            return shown, None, [mismatch]
        name = state.roster.unit_of(path, loaded.model.unit)[0]
        # a department reports to the government whose roster it is on
        unit = Unit(name=name, short_name=name, recipients=[parent.name], areas=parent.areas)
        context = ctx.report_context(unit, loaded.model, state.setting.catalogue, state.setting.style.title_chars_per_line)
        stem = safe_filename(ctx.report_filename(unit, state.year))
        size = name_too_long(stem)
        if size is not None:  # this unit's failure alone, before anything is written
            message = f"由单位名称“{name}”生成的文件名“{stem}.docx”过长（{size} 字节），未生成"
            fix = f"文件名最多 {MAX_NAME_BYTES} 字节（约 {MAX_NAME_BYTES // 3} 个汉字），请在 unit 中写简称"
            return shown, None, [Diagnostic(shown, message=message, fix=fix)]
        out = ws.draft_dir(state.year) / "units" / (stem + ".docx")
        properties = DraftProperties(str(context.get("plain_title") or context["title"]).replace("\n", ""), name)
        # tables sized from their content as in the county's own report (bench_units measures the cost)
        data = state.renderer(context, properties, finish=draft_finish(state.setting.style, "report"))
        return shown, (out, data), empty_parts(loaded)
    except ReporterError as exc:
        return shown, None, _why(shown, exc)


def _unit_batch(unit_files: list[_UnitFile]) -> list[tuple[str, Written | None, Errors]]:
    """Render a batch of units, then write their drafts under one lock and one manifest update."""
    from reporter.document.draft.safe_write import write_drafts

    assert _UNIT_STATE is not None
    ws = _UNIT_STATE.setting.ws
    rendered = [_unit_render(f) for f in unit_files]
    ready = [(shown, out) for shown, out, _ in rendered if out is not None]
    try:
        written = write_drafts([(path, data, ws.rel(path)) for _, (path, data) in ready], force=_UNIT_STATE.force)
    except ReporterError as exc:
        # a drafted unit's notes are no reason; the write's failure is
        return [(shown, None, errors if out is None else _why(shown, exc)) for shown, out, errors in rendered]
    by_file = dict(zip((shown for shown, _ in ready), written, strict=True))
    return [(shown, by_file.get(shown), errors) for shown, _, errors in rendered]


def build_units(
    root: Path, year: int | None = None, *, jobs: int | None = None, force: bool = False, progress: Any = None
) -> UnitsBuildResult:
    """Every unit's own report from data/YEAR/units/*.yaml into drafts/YEAR/units/, on a process pool.

    A bad unit does not stop the others; `progress(file, done, total)` hears of each unit as it finishes.
    """
    import os
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from reporter.core.errors import MissingFileError, UsageError

    if jobs is not None and jobs < 1:
        raise UsageError("--jobs 应为不小于 1 的整数（并行进程数）")
    setting = load_setting(root)
    year = year or setting.ws.default_report_year()
    reports, refused = setting.ws.unit_files(year), [d for d in setting.ws.refused(year) if d.file.lower().endswith(YAML_SUFFIXES)]
    if not reports and not refused:
        raise MissingFileError(f"{setting.ws.rel(setting.ws.units_dir(year))} 中没有各单位的报告（*.yaml）")
    result = UnitsBuildResult(templates=ensure_setting_templates(setting))
    result.failures += refused
    result.failed += len(refused)
    files = _one_file_per_unit(setting, _read_unit_files(setting, reports), result)
    total = len(reports) + len(refused)
    _unit_init(str(root), year, force, setting)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files)))
    size = max(1, min(16, len(files) // (jobs * 4) or 1))
    batches = [files[i : i + size] for i in range(0, len(files), size)]

    def take(done: list[tuple[str, Written | None, Errors]]) -> None:
        for shown, written, errors in done:
            if written is not None:
                result.drafts.append(written)
                result.warnings += errors
            else:
                result.failed += 1
                result.failures += errors
            if progress is not None:
                progress(shown, len(result.drafts) + result.failed, total)

    if jobs == 1:
        for batch in batches:
            take(_unit_batch(batch))
    else:
        pool = ProcessPoolExecutor(jobs, initializer=_unit_init, initargs=(str(root), year, force))
        try:
            for future in as_completed([pool.submit(_unit_batch, b) for b in batches]):
                take(future.result())
        finally:  # on Ctrl-C the batches not yet started are dropped; those running finish writing (manifest included)
            pool.shutdown(wait=True, cancel_futures=True)
    _same_draft(setting, result)
    result.drafts.sort(key=lambda w: w.path.name)
    return result


def _one_file_per_unit(setting: Setting, files: list[_UnitFile], result: UnitsBuildResult) -> list[_UnitFile]:
    """Files whose names name one unit (县公安局.yaml beside 县公安局-更正.yaml) are reported, neither drafted:
    which one is right is for the office to say, not for the order files are written in."""
    from reporter.consolidate.roster import Roster

    roster = Roster(setting.unit.model.members)
    by_unit: dict[str, list[_UnitFile]] = {}
    for unit_file in files:
        by_unit.setdefault(roster.unit_of(unit_file.path, _declared_unit(unit_file.raw))[0], []).append(unit_file)
    keep: list[_UnitFile] = []
    for unit, same in by_unit.items():
        if len(same) == 1:
            keep += same
            continue
        names = "、".join(setting.ws.rel(f.path) for f in same)
        for unit_file in same:
            shown = setting.ws.rel(unit_file.path)
            message = f"{names} 都是“{unit}”的报告，会生成同一份初稿，均未生成"
            result.failures.append(Diagnostic(shown, message=message, fix="请只保留一份（如更正稿替换原稿）后重新生成"))
            result.failed += 1
    return sorted(keep, key=lambda f: f.path)


_UNIT_KEY = re.compile(r"^unit:[ \t]*(?:\"([^\"\n]*)\"|'([^'\n]*)'|([^#\n]*?))[ \t]*(?:#.*)?$", re.MULTILINE)


def _declared_unit(raw: bytes | None) -> str | None:
    """The top-level `unit:` of a unit's YAML, found in its text (the worker parses the same bytes later)."""
    from reporter.core.text import Undecodable, decode_bytes

    if raw is None:
        return None
    try:
        text = decode_bytes(raw)[0]
    except Undecodable:
        return None
    found = _UNIT_KEY.search(text)
    return next((g for g in found.groups() if g), None) if found else None


def _same_draft(setting: Setting, result: UnitsBuildResult) -> None:
    """Two files whose `unit:` keys name one unit were both written to one draft: said, not passed off as two drafts."""
    by_path: dict[Path, list[Written]] = {}
    for written in result.drafts:
        by_path.setdefault(written.path, []).append(written)
    for path, same in by_path.items():
        if len(same) > 1:
            result.drafts = [w for w in result.drafts if w.path != path]
            shown = setting.ws.rel(path)
            message = f"{len(same)} 份单位材料的 unit 写的是同一个单位，只留下了其中一份的初稿"
            result.failures.append(Diagnostic(shown, message=message, fix="请只保留一份材料后重新生成"))
            result.failed += 1
